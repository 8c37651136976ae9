"""Rendering speed (issue 6).

Run from the repository root:  python3 benchmarks/bench_render.py [--quick]

Targets: LaTeX, HTML and Markdown of a typical derivation in <= 1 ms each (the derivation
already worked out); a 20-problem sheet written (without PDF) in <= 1 s.
HTML is measured twice: with MathML memoised from earlier renders of the same derivation, and
with that memo cleared (a derivation rendered for the first time). Each sheet is written once
in a fresh interpreter (stepcalc and the oracle loaded, no earlier sheet's verification to
reuse), the median over several such processes.
Figures are printed, not asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from benchkit import Row, clock, processes, python, table  # noqa: E402

from stepcalc import Derivation, derive  # noqa: E402
from stepcalc.html import clear_caches  # noqa: E402
from stepcalc.tasks.sheet import parse_sheet, write_sheet  # noqa: E402


def first_html(d: Derivation) -> str:
    """HTML of a derivation rendered for the first time: no MathML memoised before."""
    clear_caches()
    return d.to_html()


TYPICAL = ["e^x cos x", "(x+1)/ln x", "e^(2x)", "sigma(x)", "log(x^4 + x^3 + 2)", "x^3 - 1/x", "x^2 sin x"]
FORMATS: list[tuple[str, Callable[[Derivation], object], bool]] = [
    ("LaTeX", lambda d: d.to_latex(), True),
    ("HTML (MathML memoised)", lambda d: d.to_html(), True),
    ("HTML (first render, memo cleared)", first_html, True),
    ("Markdown", lambda d: d.to_markdown(), True),
    ("plain text", lambda d: d.to_text(), False),
]
SHEET_CHILD = "import sys, bench_render; print(bench_render.write_once(sys.argv[1]))"


def per_call(fn: Callable[[], object], repeat: int = 200) -> float:
    return clock(fn, repeat)


def twenty_problems() -> list[dict[str, str]]:
    extra = [{"grad": "x^2 y + y^3"}, {"grad": "‖x‖₂"}, {"diff": "x^3 - 1/x", "at": "x=1"}]
    return [*[{"diff": e} for e in TYPICAL * 3][:17], *extra]


def write_once(fmt: str) -> float:
    """Seconds to write the 20-problem sheet as ``fmt`` (verified, no PDF), the oracle loaded."""
    derive("x^2 + 1", verify=True)  # load stepcalc and sympy, as a sheet-writing process has
    sheet = parse_sheet({"title": "Twenty problems", "language": "en", "problems": twenty_problems()})
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        write_sheet(sheet, Path(tmp) / fmt, fmt=fmt, pdf=False)
        return time.perf_counter() - start


def sheet_seconds(fmt: str, repeat: int) -> float:
    """The median of ``write_once(fmt)`` over ``repeat`` fresh interpreters."""
    times = []
    for _ in range(repeat):
        out = python(["-c", SHEET_CHILD, fmt], cwd=ROOT / "benchmarks")
        times.append(float(out.split()[-1]))
    return statistics.median(times)


def measure(quick: bool = False) -> list[Row]:
    derivations = [derive(e) for e in TYPICAL]
    repeat = 50 if quick else 200
    rows = []
    for name, render, held in FORMATS:
        figures = [per_call(functools.partial(render, d), repeat) * 1000 for d in derivations]
        rows.append(
            Row(
                "render",
                f"{name}, typical derivation, median",
                statistics.median(figures),
                "ms",
                1.0 if held else None,
                source="issue 6" if held else "",
                note=f"worst of the {len(TYPICAL)} derivations {max(figures):.2f} ms",
            )
        )
    runs = 1 if quick else 3
    for fmt in ("tex", "html", "md"):
        rows.append(
            Row(
                "render",
                f"sheet of 20 problems, .{fmt} (verified, no PDF)",
                sheet_seconds(fmt, runs),
                target=1.0,
                source="issue 6",
                note=f"median of {processes(runs)}" if fmt == "tex" else "",
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50 renders per figure, one sheet process each")
    print(table(measure(parser.parse_args().quick)))


if __name__ == "__main__":
    main()
