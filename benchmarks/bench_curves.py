"""Curve-sketch speed (issue 19).

Run from the repository root:  python3 benchmarks/bench_curves.py [--repeat N] [--quick]

Targets (issue 19):
  * ``analyze`` of a degree-6 polynomial or a textbook rational function in ≤ 50 ms without
    verification;
  * ``--plot`` adds ≤ 0.5 s to a command, matplotlib's import included (measured cold: fresh
    processes of the installed package, with and without it).
Also reported: the notes' two examples, a transcendental and a trigonometric sketch, and the
same with the oracle's checks (sympy's solveset, sampling).
Figures are printed, not asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from benchkit import Row, clock, fresh, installed, processes, run_python, table  # noqa: E402

from stepcalc.tasks.analyze import analyze  # noqa: E402

SEXTIC = "x^6 - 3x^5 - 5x^4 + 15x^3 + 4x^2 - 12x + 1"  # f′ = 6x⁵ − 15x⁴ − 20x³ + 45x² + 8x − 12
RATIONAL = "(x^2 + 1)/(x^2 - 4)"  # Stewart-style: two poles, a horizontal asymptote
Case = tuple[str, Callable[[], object], float | None]


def cases() -> list[Case]:
    return [
        ("analyze, degree-6 polynomial", lambda: analyze(SEXTIC, verify=False), 0.05),
        ("analyze, textbook rational function", lambda: analyze(RATIONAL, verify=False), 0.05),
        (
            "analyze, 3x⁴ − 4x³ − 12x² + 32 (the notes)",
            lambda: analyze("3x^4 - 4x^3 - 12x^2 + 32", verify=False),
            None,
        ),
        ("analyze, ln(x⁴ + x³ + 2) (the notes)", lambda: analyze("ln(x^4 + x^3 + 2)", verify=False), None),
        ("analyze, x² ln x", lambda: analyze("x^2 ln(x)", verify=False), None),
        ("analyze, 2 sin x + sin 2x on [0, 2π]", lambda: analyze("2sin(x) + sin(2x)", verify=False), None),
        ("analyze, degree-6 polynomial, verified", lambda: analyze(SEXTIC), None),
        ("analyze, textbook rational function, verified", lambda: analyze(RATIONAL), None),
    ]


def plot_cost(repeat: int) -> list[Row]:
    """What --plot adds to a cold ``stepcalc tangent`` (the notes' figure), and to ``analyze``."""
    out = []
    for name, command in (
        ("tangent", ["-m", "stepcalc", "tangent", "3x^2 - 4x", "--at", "x=1", "--no-verify"]),
        ("analyze", ["-m", "stepcalc", "analyze", "3x^4 - 4x^3 - 12x^2 + 32", "--no-verify"]),
    ):
        with installed() as where:
            plain = run_python(command, repeat, cwd=where)
            drawn = run_python([*command, "--plot", str(where / "plot.svg")], repeat, cwd=where)
        out.append(
            Row(
                "curves",
                f"--plot adds, cold: stepcalc {name} (SVG)",
                drawn - plain,
                target=0.5,
                source="issue 19",
                note=f"median of {processes(repeat)} with and without --plot, matplotlib's import included",
            )
        )
    return out


def measure(quick: bool = False, repeat: int | None = None) -> list[Row]:
    """Each case's median time, memo caches cleared (a case without a target gets half the runs),
    then the cold cost of --plot."""
    runs = repeat or (3 if quick else 7)
    rows = []
    for name, fn, target in cases():
        fn()  # once unmeasured: imports, the parser, the oracle for the verified cases
        seconds = clock(fresh(fn), runs if target is not None else max(1, runs // 2))
        rows.append(Row("curves", name, seconds, target=target, source="issue 19" if target else ""))
    return rows + plot_cost(3 if quick else 5)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="3 runs of each case with a target, 1 of others")
    args = parser.parse_args()
    print(table(measure(args.quick, None if args.quick else args.repeat)))


if __name__ == "__main__":
    main()
