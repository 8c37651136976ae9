"""Limit speed (issue 20), beside sympy's limit.

Run from the repository root:  python3 benchmarks/bench_limit.py [--repeat N] [--quick]

Target (issue 20): ``limit`` median ≤ 10 ms without verification over the cited table's rows
that stepcalc does (tests/limits/*.csv, minus tests/limits/gaps.txt).  ``sympy.limit`` (its
cache cleared) is measured side by side on the same rows and the ratio printed.  Figures are
printed, not asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from benchkit import Row, clock, fresh, table  # noqa: E402

from stepcalc import limit, parse  # noqa: E402

DATA = ROOT / "tests" / "limits"


def corpus() -> list[tuple[str, str, str, str]]:
    """(expression, variable, point, side) of the rows stepcalc does, in file order."""
    gaps = {line.split(" ", 1)[0] for line in (DATA / "gaps.txt").read_text(encoding="utf-8").splitlines()}
    out = []
    for path in sorted(DATA.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh), start=2):
                if f"{path.stem}:{n}" not in gaps:
                    out.append((row["expr"], row["var"], row["to"], row["side"]))
    return out


def measure(quick: bool = False, repeat: int | None = None) -> list[Row]:
    import sympy
    from sympy.core.cache import clear_cache

    from stepcalc.oracle import to_sympy

    runs = repeat or (1 if quick else 3)
    rows = corpus()
    if quick:
        rows = rows[::3]
    ours: list[float] = []
    theirs: list[float] = []
    slowest: list[tuple[float, str]] = []
    for text, var, to, side in rows:
        work = lambda text=text, var=var, to=to, side=side: limit(
            text, f"{var}={to}", side=side, max_seconds=10
        )
        work()  # once unmeasured: the modules and the parser
        seconds = clock(fresh(work), runs)
        ours.append(seconds)
        slowest.append((seconds, f"{text} at {to}{side}"))
        built, symbol = to_sympy(parse(text)), sympy.Symbol(var, real=True)
        point = sympy.oo if to == "oo" else -sympy.oo if to == "-oo" else sympy.sympify(to)

        direction = side or ("+-" if point not in (sympy.oo, -sympy.oo) else "+")

        def theirs_once(
            built: object = built, symbol: object = symbol, point: object = point, d: str = direction
        ) -> None:
            clear_cache()
            with contextlib.suppress(ValueError, NotImplementedError):  # sides differ: sympy raises
                sympy.limit(built, symbol, point, d)

        theirs.append(clock(theirs_once, runs))
    a, b = statistics.median(ours), statistics.median(theirs)
    top = ", ".join(f"{t} {s * 1e3:.0f} ms" for s, t in sorted(slowest, reverse=True)[:3])
    note = f"{len(rows)} cited limits stepcalc does, median of {runs} run{'s' if runs > 1 else ''}"
    return [
        Row("limit", "limit (no verification), median", a * 1e3, "ms", 10, source="issue 20", note=note),
        Row("limit", "limit, slowest", max(ours), "s", note=f"slowest: {top}"),
        Row("limit", "sympy limit (cache cleared), median", b * 1e3, "ms"),
        Row("limit", "ratio limit / sympy limit", a / b, ""),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="every third row, one run each")
    args = parser.parse_args()
    print(table(measure(args.quick, None if args.quick else args.repeat)))


if __name__ == "__main__":
    main()
