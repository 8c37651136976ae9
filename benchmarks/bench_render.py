"""Rendering speed (issue 6).

Run from the repository root:  python3 benchmarks/bench_render.py

Targets: LaTeX, HTML and Markdown of a typical derivation in <= 1 ms each (the derivation
already worked out); a 20-problem sheet written (without PDF) in <= 1 s.
Figures are printed, not asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stepcalc import derive  # noqa: E402
from stepcalc.html import _math  # noqa: E402
from stepcalc.sheet import parse_sheet, write_sheet  # noqa: E402

TYPICAL = ["e^x cos x", "(x+1)/ln x", "e^(2x)", "sigma(x)", "log(x^4 + x^3 + 2)", "x^3 - 1/x", "x^2 sin x"]


def per_call(fn, repeat: int = 200) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    derivations = [derive(e) for e in TYPICAL]
    print(f"{'format':10} {'median ms':>10} {'worst case ms':>14}   target <= 1 ms")
    for name, render in (
        ("latex", lambda d: d.to_latex()),
        ("html", lambda d: d.to_html()),
        ("html cold", lambda d: (_math.cache_clear(), d.to_html())),  # no memoised MathML
        ("markdown", lambda d: d.to_markdown()),
        ("text", lambda d: d.to_text()),
    ):
        figures = [per_call(lambda d=d, render=render: render(d)) * 1000 for d in derivations]
        print(f"{name:10} {statistics.median(figures):10.3f} {max(figures):14.3f}")
    extra = [{"grad": "x^2 y + y^3"}, {"grad": "‖x‖₂"}, {"diff": "x^3 - 1/x", "at": "x=1"}]
    problems = [*[{"diff": e} for e in TYPICAL * 3][:17], *extra]
    sheet = parse_sheet({"title": "Twenty problems", "language": "en", "problems": problems})
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("tex", "html", "md"):
            start = time.perf_counter()
            write_sheet(sheet, Path(tmp) / fmt, fmt=fmt, pdf=False)
            seconds = time.perf_counter() - start
            label = f"sheet of {len(problems)} problems ({fmt}, verified, no PDF)"
            print(f"{label}: {seconds:.3f} s  (target <= 1 s)")


if __name__ == "__main__":
    main()
