"""Tangent and normal lines (issue 19, item 1): the notes' example, textbook problems with the
book's answers, vertical and horizontal cases, what has no tangent, every format, and a
property against the oracle on random polynomials."""

from __future__ import annotations

import json

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stepcalc.cli import main
from stepcalc.errors import StepcalcError
from stepcalc.parse import parse
from stepcalc.tasks.tangent import tangent
from stepcalc.tasks.tangent_render import render_tangent
from tests.test_lang import CJK, english_left

# (curve, point, tangent, normal, source): the book's answer, written y = …
TEXTBOOK = [
    # the source notes (shared/WORKED.md): u = 3x² − 4x at x = 1, drawn with its tangent
    ("3x^2 - 4x", "x=1", "2x - 3", "-x/2 - 1/2", "d2l calculus notes, the tangent figure"),
    # Stewart, Calculus 8e, §2.7 Derivatives and Rates of Change: Example 1 (the parabola
    # y = x² at (1, 1): y = 2x − 1) and Example 2 (the hyperbola y = 3/x at (3, 1): x + 3y − 6 = 0)
    ("x^2", "x=1", "2x - 1", "3/2 - x/2", "Stewart 8e §2.7 Example 1"),
    ("3/x", "x=3", "2 - x/3", "3x - 8", "Stewart 8e §2.7 Example 2"),
    # OpenStax Calculus Vol. 1, §3.1 Defining the Derivative (osbooks-calculus-bundle
    # modules/m53495, commit 8dbc2ce): the examples "Finding a Tangent Line" (y = 6x − 9) and
    # "Finding the Equation of a Tangent Line" (y = −(1/4)x + 1); the normals are ours
    ("x^2", "x=3", "6x - 9", "19/2 - x/6", "OpenStax Vol. 1 §3.1, Finding a Tangent Line"),
    ("1/x", "x=2", "1 - x/4", "4x - 15/2", "OpenStax Vol. 1 §3.1, Finding the Equation of a Tangent Line"),
]


@pytest.mark.parametrize(
    ("curve", "at", "line", "normal", "source"), TEXTBOOK, ids=[f"{r[0]} {r[1]}" for r in TEXTBOOK]
)
def test_the_books_tangent(curve: str, at: str, line: str, normal: str, source: str) -> None:
    found = tangent(curve, at)
    assert sympy.simplify(_rhs(found.tangent.simplified) - _value(line)) == 0
    assert sympy.simplify(_rhs(found.normal.simplified) - _value(normal)) == 0
    assert found.verified is True


def _value(text: str) -> sympy.Expr:
    from stepcalc.oracle import to_sympy

    return to_sympy(parse(text))


def _rhs(line: object) -> sympy.Expr:
    from stepcalc.oracle import to_sympy

    return to_sympy(line.sides[1])  # type: ignore[attr-defined, no-any-return]


def test_the_notes_example_reads_as_the_notes_write_it() -> None:
    text = render_tangent(tangent("3x^2 - 4x", "x=1"), "text", normal=False)
    assert "on the curve: f(1) = 3*1^2 - 4*1 = -1" in text
    assert "tangent: y = -1 + 2(x - 1) = 2x - 3" in text
    assert "normal" not in text
    assert "at x = 1: 2" in text  # f'(1), with the derivation above it


@pytest.mark.parametrize(
    ("curve", "at", "line", "normal"),
    [
        ("cbrt(x)", "x=0", "x = 0", "y = 0"),  # a vertical tangent (Stewart §2.8, y = ∛x)
        ("x^2", "x=0", "y = 0", "x = 0"),  # a horizontal tangent: the normal is vertical
        ("sin x", "x=pi", "y = pi - x", "y = x - pi"),
    ],
)
def test_vertical_and_horizontal_lines(curve: str, at: str, line: str, normal: str) -> None:
    found = tangent(curve, at)
    assert found.tangent.simplified == parse(line)
    assert found.normal.simplified == parse(normal)


@pytest.mark.parametrize(
    ("curve", "at", "said"),
    [
        ("abs(x)", "x=0", "|x| has no derivative at x = 0: no tangent line"),  # a corner
        ("cbrt(x) + abs(x)", "x=0", "has no derivative at x = 0"),  # a step function: no vertical claim
        ("ln x", "x=0", "ln x is not defined at x = 0: no point on the curve"),
        ("x^2", "x=1,y=2", "a tangent line needs one point on the x axis"),
        ("x^2", "x=a", "the point x = a must be a number"),
        ("x^2 + 1", "t=1", "a tangent line needs a curve y = f(t) in t alone; x² + 1 has x"),
        ("x y", "x=1", "x y has y"),
        ("‖x‖₂", "x=1", "with a number for each x"),  # a vector's norm: found by the fuzzer
    ],
)
def test_what_has_no_tangent_says_why(curve: str, at: str, said: str) -> None:
    with pytest.raises(StepcalcError, match=None) as error:
        tangent(curve, at)
    assert said in str(error.value)


def test_json_has_the_point_slope_and_lines_as_sympy_equations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tangent", "sqrt(x)", "--at", "x=4", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["point"] == {"x": "4", "y": "2"}
    assert data["slope"] == "1/4"
    assert data["tangent"]["sympy"] == "Eq(y, x/4 + 1)" and data["tangent"]["text"] == "y = x/4 + 1"
    assert data["normal"]["sympy"] == "Eq(y, 18 - 4*x)"
    assert data["verified"] is True and data["derivation"]["lines"]
    assert main(["tangent", "cbrt(x)", "--at", "x=0", "--format", "json"]) == 0
    vertical = json.loads(capsys.readouterr().out)
    assert vertical["slope"] == "oo" and vertical["tangent"]["sympy"] == "Eq(x, 0)"


@pytest.mark.parametrize("fmt", ["text", "unicode", "latex", "md", "html"])
def test_every_format_in_both_languages(fmt: str) -> None:
    found = tangent("3x^2 - 4x", "x=1")
    en, zh = render_tangent(found, fmt, "en"), render_tangent(found, fmt, "zh")
    assert "tangent" in en and "切线" in zh and "法线" in zh
    assert not CJK.search(en)
    if fmt in ("text", "unicode"):
        assert english_left(zh.split("]")[-1]) == []  # the lines after the derivation


def test_a_bad_point_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tangent", "abs(x)", "--at", "x=0"]) == 2
    assert "no tangent line" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["tangent", "x^2"])  # --at is required
    assert "--at" in capsys.readouterr().err


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(-5, 5), min_size=2, max_size=5),
    st.integers(-3, 3),
)
def test_a_polynomials_tangent_touches_it_with_its_slope(coefficients: list[int], a: int) -> None:
    """The tangent line passes through (a, f(a)) with slope f'(a), by sympy."""
    text = " + ".join(f"({c})x^{k}" for k, c in enumerate(coefficients))
    f = _value(text)
    found = tangent(text, f"x={a}", verify=False)
    line = _rhs(found.tangent.simplified)
    (x,) = (f.free_symbols | line.free_symbols) or {sympy.Symbol("x", real=True)}
    assert sympy.simplify(line.subs(x, a) - f.subs(x, a)) == 0
    assert sympy.simplify(sympy.diff(line, x) - sympy.diff(f, x).subs(x, a)) == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_latex_compiles_and_the_html_page_holds_the_lines(lang: str, tmp_path: object) -> None:
    from pathlib import Path

    from stepcalc.latex_doc import compile_pdf, engine_for, latex_document
    from tests.test_publish import need

    found = tangent("3x^2 - 4x", "x=1")
    page = render_tangent(found, "html", lang)
    assert page.index('<p class="tangent">') < page.index("</body>") and page.count('class="tangent"') == 3
    need(engine_for(lang))
    tex = render_tangent(found, "latex", lang)
    compiled = compile_pdf(latex_document([("", tex)], lang=lang), Path(str(tmp_path)) / "t.pdf", lang=lang)
    assert compiled.overfull() == []


# ---------------------------------------------------------------- differentials of one variable
def test_the_notes_differential_against_the_increment(capsys: pytest.CaptureFixture[str]) -> None:
    """The notes: y = x³ at x = 1 with Δx = 0.01 gives Δy = 0.030301 and dy = 0.03 (issue 19,
    item 5): named dy (not dz), written with d (not ∂), Δy beside it."""
    assert main(["differential", "x^3", "--at", "x=1", "--delta", "x=0.01", "--format", "unicode"]) == 0
    out = capsys.readouterr().out
    assert "dy = 3x² dx" in out and "Δy = 0.030301" in out and "≈ 0.03" in out
    assert "∂" not in out and "dz" not in out
    assert main(["differential", "x^3", "--at", "x=1", "--delta", "x=0.01", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["increment"]["text"] == "0.030301" and data["value"]["exact"] == "3/100"


def test_a_differential_of_several_variables_keeps_its_notation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["differential", "x^2 y", "--at", "x=1,y=2", "--delta", "x=0.01,y=0.02"]) == 0
    out = capsys.readouterr().out
    assert "dz = 2x y dx + x^2 dy" in out and "x held constant" in out.replace("(", "").replace(")", "")
    assert "Δ" not in out  # the increment is compared for one variable only


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_one_variable_differential_typesets(lang: str, tmp_path: object) -> None:
    from pathlib import Path

    from stepcalc.latex_doc import compile_pdf, engine_for, latex_document
    from stepcalc.multivariable import differential
    from tests.test_publish import need

    d = differential("x^3", at="x=1", delta="x=0.01", verify=True)
    tex = d.to_latex(lang=lang)
    assert "\\Delta y &= 0.030301" in tex and "partial" not in tex
    need(engine_for(lang))
    compiled = compile_pdf(latex_document([("", tex)], lang=lang), Path(str(tmp_path)) / "d.pdf", lang=lang)
    assert compiled.overfull() == []


# ---------------------------------------------------------------- linearization and differentials
# OpenStax Calculus Vol. 1, §4.2 Linear Approximations and Differentials (osbooks-calculus-bundle
# modules/m53605, commit 8dbc2ce), the examples by title, with the book's answers
LINEARIZATIONS = [
    ("sqrt(x)", "x=9", "3 + (x - 9)/6", "Linear Approximation of √x"),
    ("sin x", "x=pi/3", "sqrt(3)/2 + (x - pi/3)/2", "Linear Approximation of sin x"),
    ("(1 + x)^n", "x=0", "1 + n x", "Approximating Roots and Powers"),
]


@pytest.mark.parametrize(
    ("curve", "at", "book", "example"), LINEARIZATIONS, ids=[r[3] for r in LINEARIZATIONS]
)
def test_the_books_linearization(
    curve: str, at: str, book: str, example: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["linearize", curve, "--at", at, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert sympy.simplify(_value(data["result"]["text"]) - _value(book)) == 0
    assert data["problem"]["kind"] == "linearize" and data["verified"] is True
    assert main(["linearize", curve, "--at", at]) == 0
    assert "linear approximation: L(x) = " in capsys.readouterr().out


@pytest.mark.parametrize(("dx", "dy", "increment"), [("0.1", "0.8", "0.81"), ("0.2", "1.6", "1.64")])
def test_the_books_differential(dx: str, dy: str, increment: str, capsys: pytest.CaptureFixture[str]) -> None:
    """OpenStax §4.2, Approximating Change with Differentials: y = x² + 2x at x = 3."""
    assert main(["differential", "x^2 + 2x", "--at", "x=3", "--delta", f"x={dx}", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["increment"]["text"] == increment
    assert sympy.nsimplify(data["value"]["exact"]) == sympy.nsimplify(dy)


def test_a_vertical_tangent_has_no_linearization(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["linearize", "cbrt(x)", "--at", "x=0"]) == 2
    assert "vertical: no linear approximation" in capsys.readouterr().err
