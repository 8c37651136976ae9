"""The area between two curves (issue 20): the notes' y = 2x + 3 and y = x², 32/3, with the
intersections solved, the curve on top, each piece's integral verified, the plot."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from stepcalc import StepcalcError, UnsupportedError
from stepcalc.printing import to_text
from stepcalc.tasks.area import area
from stepcalc.tasks.area_render import render_area


def test_the_notes_area() -> None:
    a = area("2x + 3", "x^2")
    assert [to_text(r.value) for r in a.solution.roots] == ["-1", "3"]
    (piece,) = a.pieces
    assert (to_text(piece.top), to_text(piece.bottom)) == ("2x + 3", "x^2")
    assert to_text(piece.integral.sections[-1].start) == "int_{-1}^{3} (2x + 3 - x^2) dx"
    assert to_text(a.total) == "32/3" and a.verified is True
    shown = render_area(a, "text")
    assert "where the curves meet: solve 2x + 3 = x^2" in shown
    assert "on [-1, 3], y = 2x + 3 is above y = x^2" in shown
    assert shown.rstrip().splitlines()[-2:] == ["area: A = 32/3", "[verified]"]
    assert "面积：A = 32/3" in render_area(a, "unicode", "zh")


@pytest.mark.parametrize(
    ("f", "g", "bounds", "total", "pieces"),
    [
        ("x^3", "x", {}, "1/2", 2),  # the curves cross at 0: two pieces, each on its own top
        ("sin x", "cos x", {"lower": "0", "upper": "pi"}, "2 sqrt(2)", 2),
        ("x", "x^2", {"lower": "0", "upper": "2"}, "1", 2),
        ("e^x", "0", {"lower": "0", "upper": "1"}, "e - 1", 1),
    ],
)
def test_areas(f: str, g: str, bounds: dict[str, str], total: str, pieces: int) -> None:
    a = area(f, g, **bounds)
    assert to_text(a.total) == total
    assert len(a.pieces) == pieces and a.verified is True


@pytest.mark.parametrize(
    ("f", "g", "bounds", "error", "words"),
    [
        ("x", "x + 1", {}, UnsupportedError, "fewer than two points"),
        ("x", "x^2", {"lower": "0"}, StepcalcError, "needs both bounds"),
        ("x", "x^2", {"lower": "2", "upper": "0"}, StepcalcError, "must be below"),
    ],
)
def test_bad_areas_say_why(f: str, g: str, bounds: dict[str, str], error: type, words: str) -> None:
    with pytest.raises(error) as caught:
        area(f, g, **bounds)  # type: ignore[arg-type]
    assert words in str(caught.value)


def test_json() -> None:
    data = json.loads(render_area(area("2x + 3", "x^2"), "json"))
    assert data["result"] == {"text": "32/3", "sympy": "32/3"}
    assert [p["sympy"] for p in data["intersections"]] == ["-1", "3"]
    assert data["pieces"][0]["integral"]["problem"]["kind"] == "integral"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stepcalc", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_cli_area_with_its_plot(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    figure = tmp_path / "area.svg"
    done = _cli("area", "2x + 3", "x^2", "--plot", str(figure), "--format", "html")
    assert done.returncode == 0, done.stderr
    assert "<svg" in done.stdout and figure.exists()
    assert "fill" in figure.read_text(encoding="utf-8")


def test_cli_area_bad_input() -> None:
    done = _cli("area", "x", "x + 1")
    assert done.returncode == 2 and "fewer than two points" in done.stderr and "Traceback" not in done.stderr


def test_a_sheet_with_an_area_and_an_improper_integral(tmp_path: Path) -> None:
    """Sheets accept area: (the other curve in with:) beside integrate: with an infinite bound."""
    from stepcalc.tasks.sheet import read_sheet, write_sheet

    source = tmp_path / "areas.yaml"
    source.write_text(
        "problems:\n  - area: 2x + 3\n    with: x^2\n  - integrate: 1/x^2\n    interval: 1,oo\n",
        encoding="utf-8",
    )
    problems, solutions = (
        p.read_text(encoding="utf-8") for p in write_sheet(read_sheet(source), tmp_path, fmt="md")
    )
    assert "1. Find the area between $y = 2x + 3$ and $y = x^{2}$" in problems
    assert "2. Find $\\int_{1}^{\\infty} \\frac{1}{x^{2}} \\, dx$" in problems
    assert "A = \\frac{32}{3}" in solutions and "\\lim_{t \\to \\infty}" in solutions
    assert solutions.count("area between") == 1  # the sheet asks; the solution does not ask again
    (tex,) = (
        p
        for p in write_sheet(read_sheet(source), tmp_path, fmt="tex", pdf=False)
        if p.name == "solutions.tex"
    )
    assert "The area between" not in tex.read_text(encoding="utf-8")


def test_a_sheet_area_needs_the_other_curve(tmp_path: Path) -> None:
    from stepcalc.tasks.sheet import read_sheet

    source = tmp_path / "bad.yaml"
    source.write_text("problems:\n  - area: x^2\n", encoding="utf-8")
    with pytest.raises(StepcalcError, match="field 'with' is required for an area"):
        read_sheet(source)
