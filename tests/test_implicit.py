"""Implicit differentiation (issue 19, item 3): textbook problems with the books' answers, the
second derivative with the curve's equation used, what has no slope, every bad input, every
format in both languages, and a property against sympy's −F_x/F_y on random polynomials."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stepcalc.cli import main
from stepcalc.errors import StepcalcError
from stepcalc.parse import parse
from stepcalc.tasks.implicit import implicit
from stepcalc.tasks.implicit_render import render_implicit
from tests.test_lang import CJK, english_left

# OpenStax Calculus Vol. 1, §3.8 Implicit Differentiation (osbooks-calculus-bundle
# modules/m53585, commit 8dbc2ce; each answer read in the source): its examples by title,
# its checkpoints and the exercises whose answers the section prints.
OPENSTAX = "OpenStax Vol. 1 §3.8"

# (curve, point or None, the book's y′, the book's tangent y = … or None, source)
TEXTBOOK = [
    # Stewart, Calculus 8e, §3.5 Implicit Differentiation, Example 1 (the circle: y′ = −x/y,
    # tangent at (3, 4) y = −3x/4 + 25/4) and Example 2 (the folium of Descartes:
    # y′ = (2y − x²)/(y² − 2x), tangent at (3, 3) x + y = 6)
    ("x^2 + y^2 = 25", "x=3,y=4", "-x/y", "-3x/4 + 25/4", "Stewart 8e §3.5 Example 1"),
    ("x^3 + y^3 = 6xy", "x=3,y=3", "(2y - x^2)/(y^2 - 2x)", "-x + 6", "Stewart 8e §3.5 Example 2"),
    # Stewart 8e §3.5 Example 3 (from memory, not checked against the text: y′ of
    # sin(x + y) = y² cos x is (y² sin x + cos(x + y))/(2y cos x − cos(x + y)))
    (
        "sin(x + y) = y^2 cos x",
        None,
        "(y^2 sin x + cos(x + y))/(2y cos x - cos(x + y))",
        None,
        "Stewart 8e §3.5 Example 3",
    ),
    ("x^2 + y^2 = 25", None, "-x/y", None, f"{OPENSTAX}, Using Implicit Differentiation"),
    (
        "x^3 sin y + y = 4x + 3",
        None,
        "(4 - 3x^2 sin y)/(x^3 cos y + 1)",
        None,
        f"{OPENSTAX}, Using Implicit Differentiation and the Product Rule",
    ),
    ("4x^5 + tan y = y^2 + 5x", None, "(5 - 20x^4)/(sec(y)^2 - 2y)", None, f"{OPENSTAX}, checkpoint"),
    ("x^2 + y^2 = 25", "x=3,y=-4", "-x/y", "3x/4 - 25/4", f"{OPENSTAX}, Finding a Tangent Line to a Circle"),
    (
        "y^3 + x^3 - 3x y = 0",
        "x=3/2,y=3/2",
        "(3y - 3x^2)/(3y^2 - 3x)",
        "-x + 3",
        f"{OPENSTAX}, Finding the Equation of the Tangent Line to a Curve",
    ),
    (
        "4x^2 + 25y^2 = 100",
        "x=3,y=8/5",
        "-4x/(25y)",
        "-3x/10 + 5/2",
        f"{OPENSTAX}, Applying Implicit Differentiation",
    ),
    ("x^2 - y^2 = 16", "x=5,y=3", "x/y", "5x/3 - 16/3", f"{OPENSTAX}, checkpoint (the hyperbola)"),
    ("6x^2 + 3y^2 = 12", None, "-2x/y", None, f"{OPENSTAX} exercises"),
    ("x^3 y + x y^3 = -8", None, "(-3x^2 y - y^3)/(x^3 + 3x y^2)", None, f"{OPENSTAX} exercises"),
    ("x^2 y^2 + 5x y = 14", "x=2,y=1", None, "-x/2 + 2", f"{OPENSTAX} exercises"),
    ("x y + sin x = 1", "x=pi/2,y=0", None, "0", f"{OPENSTAX} exercises"),
    ("arctan(x + y) = x^2 + pi/4", "x=0,y=1", None, "-x + 1", f"{OPENSTAX} exercises"),
]


def _sympy(text: str) -> sympy.Expr:
    from stepcalc.oracle import to_sympy

    return to_sympy(parse(text))


def _of(e: object) -> sympy.Expr:
    from stepcalc.oracle import to_sympy

    return to_sympy(e)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("curve", "at", "dydx", "line", "source"), TEXTBOOK, ids=[f"{r[0]} {r[1] or ''}" for r in TEXTBOOK]
)
def test_the_books_answer(
    curve: str, at: str | None, dydx: str | None, line: str | None, source: str
) -> None:
    found = implicit(curve, at)
    if dydx is not None:
        assert sympy.simplify(_of(found.dydx) - _sympy(dydx)) == 0, source
    if line is not None:
        assert found.point is not None
        assert sympy.simplify(_of(found.point.tangent.simplified.sides[1]) - _sympy(line)) == 0, source
    assert found.verified is True


def test_the_circle_reads_as_the_books_write_it() -> None:
    """Stewart §3.5 Example 1 and OpenStax's first example, line by line."""
    text = render_implicit(implicit("x^2 + y^2 = 25", "x=3,y=4"), "unicode")
    for line in (
        "d/dx (x² + y²) = d/dx (25)    [differentiate both sides with respect to x; y is a function of x]",
        "d/dx (x²) + d/dx (y²) = 0    [sum rule, constant rule]",
        "2y y' = -2x    [terms with y' to the left, the others to the right]",
        "y' = -2x/(2y)    [divide both sides by 2y]",
        "   = -x/y    [simplify]",
        "on the curve: 3² + 4² = 25",
        "at (3, 4): y' = -3/4",
        "tangent: y = 4 - (3/4) (x - 3) = 25/4 - 3x/4",
    ):
        assert line in text.splitlines(), line
    assert "chain rule" in text and "[verified: 6 lines]" in text


def test_the_folium_factors_y_prime_out() -> None:
    text = render_implicit(implicit("x^3 + y^3 = 6xy", "x=3,y=3"), "text")
    assert "(3y^2 - 6x) y' = 6y - 3x^2    [factor out y']" in text
    assert "on the curve: 3^3 + 3^3 = 54 = 6*3*3" in text
    assert "tangent: y = 3 - (x - 3) = 6 - x" in text


def test_a_product_is_multiplied_out_before_collecting() -> None:
    """Stewart §3.5 Example 3: cos(x + y)(1 + y′) is opened, then y′ collected and factored."""
    found = implicit("sin(x + y) = y^2 cos x")
    keys = [r.key for r in found.rows if r.key]
    assert keys == [
        "implicit_differentiate",
        "implicit_open",
        "implicit_collect",
        "implicit_factor",
        "implicit_divide",
    ]
    assert [r.rules for r in found.rows][-1] == (found.rows[-1].rules[0],)  # the signs, named
    assert found.rows[-1].rules[0].value == "simplify_signs"


@pytest.mark.parametrize(
    ("curve", "second", "used", "source"),
    [
        # OpenStax §3.8, Using Implicit Differentiation to Find a Second Derivative:
        # −(y² + x²)/y³, then "recalling that x² + y² = 25", −25/y³
        ("x^2 + y^2 = 25", "-25/y^3", "-(x^2 + y^2)/y^3", OPENSTAX),
        # Stewart 8e §3.5 Example 4 (from memory): −3x²(x⁴ + y⁴)/y⁷ = −48x²/y⁷
        ("x^4 + y^4 = 16", "-48x^2/y^7", "-3x^2 (x^4 + y^4)/y^7", "Stewart 8e §3.5 Example 4"),
    ],
)
def test_the_second_derivative_uses_the_curve_as_a_named_step(
    curve: str, second: str, used: str, source: str
) -> None:
    found = implicit(curve, order=2)
    assert found.d2ydx2 is not None
    assert sympy.simplify(_of(found.d2ydx2) - _sympy(second)) == 0, source
    last, before = found.rows[-1], found.rows[-2]
    assert last.key == "implicit_use_curve" and last.check == "verified"
    assert sympy.simplify(_of(before.equation.sides[1]) - _sympy(used)) == 0
    assert found.verified is True
    assert any(r.key == "implicit_substitute" and r.check == "verified" for r in found.rows)


def test_the_curve_is_not_used_where_it_does_not_appear() -> None:
    found = implicit("x^3 + y^3 = 6xy", order=2)
    assert not any(r.key == "implicit_use_curve" for r in found.rows)
    x, y = sympy.symbols("x y", real=True)
    f = x**3 + y**3 - 6 * x * y
    fx, fy = sympy.diff(f, x), sympy.diff(f, y)
    formula = (
        -(sympy.diff(f, x, 2) * fy**2 - 2 * sympy.diff(f, x, y) * fx * fy + sympy.diff(f, y, 2) * fx**2)
        / fy**3
    )
    assert sympy.simplify(_of(found.d2ydx2) - formula) == 0


def test_the_second_derivative_at_a_point() -> None:
    found = implicit("x^2 + y^2 = 25", "x=3,y=4", order=2)
    assert found.point is not None and found.point.second is not None
    assert sympy.simplify(_of(found.point.second.sides[-1]) + sympy.Rational(25, 64)) == 0


def test_a_vertical_tangent_is_x_equals_a(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["implicit", "x^2 + y^2 = 25", "--at", "x=5,y=0", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["slope"] == "oo" and data["tangent"]["sympy"] == "Eq(x, 5)"
    text = render_implicit(implicit("x^2 + y^2 = 25", "x=5,y=0"), "text")
    assert "tangent: x = 5, vertical (the coefficient 2y of y' is 0 there)" in text


def test_json_has_dydx_slope_and_tangent(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["implicit", "x^2 + y^2 = 25", "--at", "x=3,y=4", "--order", "2", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert sympy.sympify(data["dydx"]["sympy"]) == sympy.sympify("-x/y")
    assert sympy.sympify(data["d2ydx2"]["sympy"]) == sympy.sympify("-25/y**3")
    assert data["point"] == {"x": "3", "y": "4"}
    assert sympy.sympify(data["slope"]) == sympy.Rational(-3, 4)
    assert sympy.sympify(data["second"]) == sympy.Rational(-25, 64)
    assert data["tangent"]["sympy"] == "Eq(y, 25/4 - 3*x/4)"
    assert data["problem"]["equation"]["sympy"] == "Eq(x**2 + y**2, 25)"
    assert data["crosscheck"] == "verified" and data["verified"] is True
    stated = [
        line for line in data["lines"] if "check" not in line
    ]  # the problem, and y′ to differentiate again
    assert [line["rules"] for line in stated] == [["differentiate"], ["again"]]
    assert all(line["check"] == "verified" for line in data["lines"] if line not in stated)
    assert data["lines"][4]["rules"] == ["collect"]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["x^2 + y^2"],
            "an implicit curve is an equation in x and y, such as x^2 + y^2 = 25; x² + y² is not one",
        ),
        (["x = y = 1"], "x = y = 1 is not one"),
        (["x^2 = 4"], "x² = 4 has no y: there is no y′ to find"),
        (["x^2 + z^2 = 1"], "an implicit curve is an equation in x and y; x² + z² = 1 has z"),
        (["[x, y] = 1"], "it holds vectors or derivatives"),
        (["x + y - y = 1"], "y′ cancels once both sides are differentiated, so y is not a function of x"),
        (["f(x) + g(x) + h(x) = y"], "uses f, g and h"),
        (["x^2 + y^2 = 25", "--at", "x=3"], "a point of an implicit curve needs x and y, as x=3,y=4"),
        (["x^2 + y^2 = 25", "--at", "x=a,y=4"], "the point x = a must be a number"),
        (
            ["x^2 + y^2 = 25", "--at", "x=3,y=5"],
            "the point (3, 5) is not on the curve x² + y² = 25: 3² + 5² = 34, not 25",
        ),
        (["sqrt(x) + sqrt(y) = 1", "--at", "x=-1,y=0"], "√x + √y is not defined at (-1, 0)"),
        (["x^3 + y^3 = 3x y", "--at", "x=0,y=0"], "at (0, 0) both sides of (3y² - 3x) y' = 3y - 3x² are 0"),
        (["x^2 + y^2 = 25", "--at", "x=3 y=4"], "a point of an implicit curve needs x and y"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    args: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["implicit", *args]) == 2
    err = capsys.readouterr().err
    assert said in err and err.startswith("stepcalc: error:") and "Traceback" not in err


def test_the_order_is_one_or_two(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["implicit", "x^2 + y^2 = 25", "--order", "3"])
    assert stopped.value.code == 2 and "invalid choice" in capsys.readouterr().err
    with pytest.raises(StepcalcError, match="order must be 1 or 2, not 3"):
        implicit("x^2 + y^2 = 25", order=3)


def test_errors_speak_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["implicit", "x^2 + y^2 = 25", "--at", "x=3,y=5", "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert "不在曲线" in err and english_left(err) == []


@pytest.mark.parametrize("fmt", ["text", "unicode", "latex", "md", "html"])
def test_every_format_in_both_languages(fmt: str) -> None:
    found = implicit("x^3 sin y + y = 4x + 3", order=1)
    at = implicit("x^2 + y^2 = 25", "x=3,y=4", order=2)
    for one in (found, at):
        en, zh = render_implicit(one, fmt, "en"), render_implicit(one, fmt, "zh")
        assert "differentiate both sides" in en and not CJK.search(en)
        assert "两边同时对" in zh
        if fmt in ("text", "unicode"):
            assert english_left(zh) == []
    page = render_implicit(at, "html", "zh")
    assert page.startswith("<!doctype html>") and '<html lang="zh">' in page and "切线" in page


def test_no_verify_leaves_the_lines_unchecked() -> None:
    found = implicit("x^2 + y^2 = 25", "x=3,y=4", verify=False)
    assert found.verified is None and not any(r.check for r in found.rows)
    assert "verified" not in render_implicit(found, "text")


def test_a_refuted_line_is_said_not_hidden() -> None:
    """A wrong line (planted here) turns the verdict into REFUTED with its number."""
    from dataclasses import replace

    from stepcalc.tasks.implicit_render import verdict

    found = implicit("x^2 + y^2 = 25")
    rows = list(found.rows)
    rows[4] = replace(rows[4], check="refuted")
    broken = replace(found, rows=tuple(rows))
    assert broken.verified is False
    assert verdict(broken, "en") == "REFUTED: line 4 — this is a stepcalc bug"
    assert verdict(replace(found, crosscheck="refuted"), "en").startswith(
        "REFUTED: y' = -(F_x/F_y) does not hold"
    )


def test_the_plot_data() -> None:
    found = implicit("x^2 + y^2 = 25", "x=3,y=4")
    curve, point, line = found.plot_data()
    assert curve == parse("x^2 + y^2 = 25") and point == (parse("3"), parse("4"))
    assert line is not None and sympy.simplify(_of(line.sides[1]) - _sympy("25/4 - 3x/4")) == 0
    assert implicit("x^2 + y^2 = 25").plot_data()[1:] == (None, None)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_latex_compiles(lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from stepcalc.latex_doc import compile_pdf, engine_for
    from tests.test_publish import need

    args = ["implicit", "sin(x + y) = y^2 cos x", "--format", "latex", "--standalone", "--lang", lang]
    assert main(args) == 0
    tex = capsys.readouterr().out
    assert tex.startswith("\\documentclass") and "\\begin{align*}" in tex
    need(engine_for(lang))
    compiled = compile_pdf(tex, tmp_path / "implicit.pdf", lang=lang)
    assert compiled.overfull() == []  # the rules wrap in a box beside each line


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(-4, 4), st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=4),
    st.integers(-5, 5),
)
def test_dydx_is_minus_fx_over_fy(terms: list[tuple[int, int, int]], c: int) -> None:
    """For a random polynomial F(x, y) = c, y′ equals −F_x/F_y by sympy."""
    x, y = sympy.symbols("x y", real=True)
    f = sum((k * x**i * y**j for k, i, j in terms), sympy.Integer(0)) + y  # y is always there
    fy = sympy.diff(f, y)
    if fy == 0 or not f.free_symbols:
        return
    text = " + ".join(f"({k}) x^{i} y^{j}" for k, i, j in terms) + " + y"
    found = implicit(f"{text} = {c}", verify=False)
    assert sympy.simplify(_of(found.dydx) + sympy.diff(f, x) / fy) == 0


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(-3, 3), st.integers(0, 2), st.integers(1, 2)), min_size=1, max_size=3),
    st.integers(-3, 3),
)
def test_no_line_of_a_random_curve_is_refuted(terms: list[tuple[int, int, int]], c: int) -> None:
    """Every line the engine and the algebra write for a random polynomial curve passes the
    oracle (or is undecided): none is refuted, and y′ agrees with −F_x/F_y."""
    text = " + ".join(f"({k}) x^{i} y^{j}" for k, i, j in terms) + " + x y"
    try:
        found = implicit(f"{text} = {c}")
    except StepcalcError as error:  # the terms in y cancelled: said, not a wrong line
        assert "y′ cancels" in str(error)
        return
    assert found.verified is not False
    assert found.crosscheck in ("verified", "unknown")
