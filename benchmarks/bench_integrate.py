"""Integration speed (issue 20), beside sympy's manualintegrate.

Run from the repository root:  python3 benchmarks/bench_integrate.py [--repeat N] [--quick]

Targets (issue 20):
  * ``integrate`` median ≤ 20 ms without verification over the cited table's rows that
    stepcalc does (tests/integrals/*.csv, minus tests/integrals/gaps.txt), and none over 2 s;
  * ``sympy.integrals.manualintegrate.integral_steps`` measured side by side on the same rows
    (its cache cleared), and the ratio printed.
Figures are printed, not asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from benchkit import Row, clock, fresh, table  # noqa: E402

from stepcalc import integrate, parse  # noqa: E402

DATA = ROOT / "tests" / "integrals"


def corpus() -> list[tuple[str, str]]:
    """(integrand, variable) of the indefinite rows stepcalc does, in file order."""
    gaps = {line.split(" ", 1)[0] for line in (DATA / "gaps.txt").read_text(encoding="utf-8").splitlines()}
    out = []
    for path in sorted(DATA.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh), start=2):
                if f"{path.stem}:{n}" not in gaps and not row["lower"]:
                    out.append((row["integrand"], row["var"] or "x"))
    return out


def measure(quick: bool = False, repeat: int | None = None) -> list[Row]:
    import sympy
    from sympy.core.cache import clear_cache
    from sympy.integrals.manualintegrate import integral_steps

    from stepcalc.oracle import to_sympy

    runs = repeat or (1 if quick else 3)
    rows = corpus()
    if quick:
        rows = rows[::4]
    ours: list[float] = []
    theirs: list[float] = []
    slowest: list[tuple[float, str]] = []
    for text, var in rows:
        work = lambda text=text, var=var: integrate(text, var, max_seconds=10)
        work()  # once unmeasured: the modules and the parser
        seconds = clock(fresh(work), runs)
        ours.append(seconds)
        slowest.append((seconds, text))
        built, symbol = to_sympy(parse(text)), sympy.Symbol(var, real=True)

        def steps(built: object = built, symbol: object = symbol) -> None:
            clear_cache()
            integral_steps(built, symbol)

        start = time.perf_counter()
        steps()
        theirs.append(time.perf_counter() - start if time.perf_counter() - start > 1 else clock(steps, runs))
    a, b = statistics.median(ours), statistics.median(theirs)
    top = ", ".join(f"{t} {s * 1e3:.0f} ms" for s, t in sorted(slowest, reverse=True)[:3])
    note = (
        f"{len(rows)} cited indefinite integrals stepcalc does, median of {runs} run{'s' if runs > 1 else ''}"
    )
    return [
        Row(
            "integrate",
            "integrate (no verification), median",
            a * 1e3,
            "ms",
            20,
            source="issue 20",
            note=note,
        ),
        Row("integrate", "integrate, slowest", max(ours), "s", 2, source="issue 20", note=f"slowest: {top}"),
        Row("integrate", "sympy integral_steps (cache cleared), median", b * 1e3, "ms"),
        Row("integrate", "ratio integrate / integral_steps", a / b, ""),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="every fourth row, one run each")
    args = parser.parse_args()
    print(table(measure(args.quick, None if args.quick else args.repeat)))


if __name__ == "__main__":
    main()
