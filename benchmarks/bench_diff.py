"""Differentiation speed: stepcalc's derive against sympy.diff, deep nesting, long sums,
and the cold start of the command line.

Run from the repository root:  python3 benchmarks/bench_diff.py [--repeat N] [--quick]
(--quick: the corpus only, one run each; run_all.py --quick keeps every part, with fewer runs).

Targets (issue 3, tightened by issue 17):
  * median time of derive (parse + steps + simplification, no verification) over the
    corpus <= 0.3 x the median time of sympy.diff on the same expressions (pre-built sympy
    objects, sympy's cache cleared before each call, and stepcalc's own memo caches likewise);
  * sin(sin(...sin(x)...)) 1,000 deep and a sum of 2,000 terms each under 2 s, growth close
    to linear (the growth exponent between the smallest and largest size is shown, 1 = linear);
  * `stepcalc diff "e^x cos x" --no-verify` cold start <= 0.3 s, with verification <= 1.5 s,
    as the installed command starts: the package with its bytecode compiled, as `pip install .`
    leaves it.  The start from the checkout without bytecode is shown beside it (there every
    start compiles every module it imports).
Figures are printed, not asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.setrecursionlimit(100_000)  # sympy's own recursion, for the comparison column only

from benchkit import Row, clock, fresh, growth, installed, processes, run_python, table  # noqa: E402
from diff_corpus import CORPUS  # noqa: E402

from stepcalc import derive, parse  # noqa: E402
from stepcalc.limits import Limits  # noqa: E402

NESTED = (100, 200, 500, 1000)
SUMS = (500, 1000, 2000)


def corpus(repeat: int) -> list[Row]:
    import sympy
    from sympy.core.cache import clear_cache

    from stepcalc.oracle import to_sympy

    x = sympy.Symbol("x", real=True)  # the oracle builds real symbols
    ours, theirs = [], []
    for text in CORPUS:
        built = to_sympy(parse(text))
        derive(text)  # warm the grammar and the rule tables once, not per expression
        our_derive = fresh(functools.partial(derive, text))

        def sympy_diff(built: object = built) -> None:
            clear_cache()
            sympy.diff(built, x)

        ours.append(clock(our_derive, repeat))
        theirs.append(clock(sympy_diff, repeat))
    a, b = statistics.median(ours), statistics.median(theirs)
    slow = sorted(zip(ours, CORPUS, strict=True), reverse=True)[:3]
    slowest = "slowest " + ", ".join(f"{t} {s * 1e3:.1f} ms" for s, t in slow)
    runs = f"{len(CORPUS)} textbook expressions, median of {repeat} run{'' if repeat == 1 else 's'} each"
    runs += ", both sides' caches cleared"
    return [
        Row("diff", "derive (parse + steps + simplification), median", a * 1e3, "ms", note=slowest),
        Row(
            "diff",
            "sympy.diff (pre-built, cache cleared), median",
            b * 1e3,
            "ms",
            note=f"max {max(theirs) * 1e3:.1f} ms",
        ),
        Row("diff", "ratio derive / sympy.diff", a / b, "", 0.3, source="issue 17", note=runs),
    ]


def scaling(repeat: int = 1) -> list[Row]:
    # The engine's growth, far past the homework defaults: written out, the 1,000-deep chain's
    # last line has 501,501 nodes and its 999 lines 3.3·10⁸, refused by max_nodes/max_written
    # at the defaults.  The size checks themselves are part of what is timed.
    limits = Limits(max_depth=5000, max_length=200_000, max_nodes=10**9, max_written=10**12)
    derive("sin x^2")  # load the modules whose memo caches fresh() clears
    rows = []
    for label, sizes, text_of in (
        ("sin(sin(…sin(x)…)) nested", NESTED, lambda n: "sin(" * n + "x" + ")" * n),
        ("a sum of c_k x^k terms,", SUMS, lambda n: " + ".join(f"{k % 7 + 1}x^{k}" for k in range(1, n + 1))),
    ):
        times = []
        for n in sizes:
            text = text_of(n)
            times.append(clock(fresh(functools.partial(derive, text, limits=limits)), repeat))
            last = n == sizes[-1]
            rows.append(
                Row(
                    "diff",
                    f"{label} n = {n}",
                    times[-1],
                    target=2.0 if last else None,
                    source="issue 3" if last else "",
                )
            )
        rows.append(
            Row(
                "diff",
                f"{label} growth exponent n = {sizes[0]}…{sizes[-1]} (1 = linear)",
                growth(sizes, times),
                "",
            )
        )
    return rows


def cold_start(repeat: int) -> list[Row]:
    quick = ["-m", "stepcalc", "diff", "e^x cos x", "--no-verify"]
    checked = ["-m", "stepcalc", "diff", "e^x cos x"]
    with installed() as where:
        installed_quick = run_python(quick, repeat, cwd=where)
        installed_checked = run_python(checked, repeat, cwd=where)
    source_quick = run_python(quick, repeat)
    note = f"median of {processes(repeat)}, the package with its bytecode compiled as pip install leaves it"
    return [
        Row(
            "diff",
            "cold start: stepcalc diff 'e^x cos x' --no-verify",
            installed_quick,
            target=0.3,
            source="issues 3, 17",
            note=note,
        ),
        Row(
            "diff",
            "cold start: stepcalc diff 'e^x cos x' (verified)",
            installed_checked,
            target=1.5,
            source="issue 3",
        ),
        Row(
            "diff",
            "cold start from the checkout without bytecode, --no-verify",
            source_quick,
            note="every module compiled at each start (PYTHONDONTWRITEBYTECODE, or a fresh checkout)",
        ),
    ]


def measure(quick: bool = False, repeat: int | None = None) -> list[Row]:
    """Every part: the corpus against sympy, the scaling curves and the cold starts."""
    runs = repeat or (3 if quick else 5)
    return corpus(runs) + scaling(1 if quick else 3) + cold_start(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median taken)")
    parser.add_argument("--quick", action="store_true", help="corpus only, one run each")
    args = parser.parse_args()
    rows = corpus(1) if args.quick else measure(repeat=args.repeat)
    print(table(rows))


if __name__ == "__main__":
    main()
