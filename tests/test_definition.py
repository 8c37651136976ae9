"""The derivative from first principles (issue 19, item 4): the notes' example and its table,
what a teacher writes for x², textbook exercises with the book's answers, every kind of
function covered, every format and language, every bad input, and properties against sympy."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stepcalc.cli import main
from stepcalc.errors import StepcalcError
from stepcalc.expr import Limit, Num
from stepcalc.parse import parse
from stepcalc.printing import to_text
from stepcalc.tasks.definition import check_steps, definition
from stepcalc.tasks.definition_render import render_definition
from stepcalc.tasks.definition_steps import Step
from tests.test_lang import CJK, english_left

# -- the notes and the teacher ----------------------------------------------------------------
# What a teacher writes for f(x) = x² (issue 19, item 4), each step named.
X_SQUARED = """\
f(x) = x^2
f'(x) = lim_{h->0} (f(x + h) - f(x))/h    [definition of the derivative]
      = lim_{h->0} ((x + h)^2 - x^2)/h    [substitute the function]
      = lim_{h->0} (x^2 + 2x h + h^2 - x^2)/h    [expand]
      = lim_{h->0} (2x h + h^2)/h    [collect like terms]
      = lim_{h->0} (2x + h)    [cancel h (h is not 0 inside the limit)]
      = 2x    [substitute h = 0: the expression is continuous there]
[verified: 5 lines]
"""

X_SQUARED_ZH = """\
f(x) = x²
f'(x) = lim_{h→0} (f(x + h) - f(x))/h    [导数的定义]
      = lim_{h→0} ((x + h)² - x²)/h    [代入函数]
      = lim_{h→0} (x² + 2x h + h² - x²)/h    [展开]
      = lim_{h→0} (2x h + h²)/h    [合并同类项]
      = lim_{h→0} (2x + h)    [约去 h（取极限时 h 不为 0）]
      = 2x    [代入 h = 0：该式在此处连续]
[已验证：5 行]
"""

# The notes (shared/WORKED.md, the tangent's example): u = 3x² − 4x at x = 1, where the quotient
# (f(1 + h) − f(1))/h = 3h + 2 takes the values 2.3, 2.03, 2.003, … → 2.
NOTES = """\
f(x) = 3x^2 - 4x
f'(1) = lim_{h->0} (f(1 + h) - f(1))/h    [definition of the derivative]
      = lim_{h->0} ((3(1 + h)^2 - 4(1 + h)) - (3*1^2 - 4*1))/h    [substitute the function]
      = lim_{h->0} (3h^2 + 2h - 1 + 1)/h    [expand]
      = lim_{h->0} (3h^2 + 2h)/h    [collect like terms]
      = lim_{h->0} (3h + 2)    [cancel h (h is not 0 inside the limit)]
      = 2    [substitute h = 0: the expression is continuous there]
[verified: 5 lines]

the difference quotient near x = 1:
h          (f(1 + h) - f(1))/h
0.1        2.3
0.01       2.03
0.001      2.003
0.0001     2.0003
0.00001    2.00003
-0.1       1.7
-0.01      1.97
-0.001     1.997
-0.0001    1.9997
-0.00001   1.99997
"""


def test_x_squared_reads_as_a_teacher_writes_it() -> None:
    assert render_definition(definition("x^2"), "text") == X_SQUARED
    assert render_definition(definition("x^2"), "unicode", "zh") == X_SQUARED_ZH


def test_the_notes_example_with_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["definition", "3x^2 - 4x", "--at", "x=1", "--table"]) == 0
    assert capsys.readouterr().out == NOTES
    zh = render_definition(definition("3x^2 - 4x", at="x=1", table=True), "unicode", "zh")
    assert "[约去 h（取极限时 h 不为 0）]" in zh and "x = 1 附近的差商：" in zh
    assert "0.00001    2.00003" in zh and "[已验证：5 行]" in zh


def test_the_table_is_exact_where_the_quotient_is(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["definition", "3x^2 - 4x", "--at", "x=1", "--table", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["table"][:5] == [
        {"h": h, "quotient": q, "exact": True}
        for h, q in [
            ("0.1", "2.3"),
            ("0.01", "2.03"),
            ("0.001", "2.003"),
            ("0.0001", "2.0003"),
            ("0.00001", "2.00003"),
        ]
    ]
    assert data["result"] == {"text": "2", "latex": "2", "sympy": "2"} and data["verified"] is True


def test_estimating_a_derivative_with_a_table() -> None:
    """OpenStax Calculus Vol. 1 §3.1, example "Estimating a Derivative" (m53495): f(x) = x² near
    3, (x² − 9)/(x − 3) at x = 2.9, 2.99, 2.999, 3.001, 3.01, 3.1 is 5.9 … 6.1, so f′(3) = 6."""
    rows = {r.h_text: r for r in definition("x^2", at="x=3", table=True).table or ()}
    book = {"-0.1": "5.9", "-0.01": "5.99", "-0.001": "5.999", "0.001": "6.001", "0.01": "6.01", "0.1": "6.1"}
    assert {h: rows[h].value for h in book} == book and all(rows[h].exact for h in book)


def test_irrational_values_are_rounded_and_say_so() -> None:
    d = definition("sqrt(x)", at="x=4", table=True)
    first = (d.table or ())[0]
    # (√4.1 − 2)/0.1 = 0.24845673131658693…, correctly rounded to 10 significant digits
    assert (first.value, first.exact) == ("0.2484567313", False)
    shown = render_definition(d, "text")
    assert "0.1        ≈ 0.2484567313" in shown and "≈: rounded to 10 significant digits" in shown
    below = {r.h_text: r.value for r in definition("sqrt(x)", at="x=0.05", table=True).table or ()}
    assert below["-0.1"] is None  # √(−0.05): not a real number
    assert "-0.1       undefined" in render_definition(definition("sqrt(x)", at="x=0.05", table=True), "text")


# -- textbook exercises --------------------------------------------------------------------------
# (f, point or None, the book's f′(a) or f′(x), source).  OpenStax Calculus Volume 1
# (osbooks-calculus-bundle, commit 8dbc2ce): §3.1 Defining the Derivative is modules/m53495, its
# exercises "use [the definition] to find the slope of the tangent line m_tan = f′(a)" numbered
# 1–53; §3.2 The Derivative as a Function is m53573, its exercises from 54 ("use the definition
# of a derivative to find f′(x)"; 69–73 "the limit represents the derivative of f at a").
TEXTBOOK = [
    ("3 - 4x", "x=2", "-4", "OpenStax Vol. 1 §3.1 exercise 11"),
    ("x^2 + x", "x=1", "3", "OpenStax Vol. 1 §3.1 exercise 13"),
    ("7/x", "x=3", "-7/9", "OpenStax Vol. 1 §3.1 exercise 15"),
    ("2 - 3x^2", "x=-2", "12", "OpenStax Vol. 1 §3.1 exercise 17"),
    ("2/(x + 3)", "x=-4", "-2", "OpenStax Vol. 1 §3.1 exercise 19"),
    ("5x + 4", "x=-1", "5", "OpenStax Vol. 1 §3.1 exercise 21"),
    ("x^2 + 9x", "x=2", "13", "OpenStax Vol. 1 §3.1 exercise 23"),
    ("sqrt(x)", "x=4", "1/4", "OpenStax Vol. 1 §3.1 exercise 25"),
    ("1/x", "x=2", "-1/4", "OpenStax Vol. 1 §3.1 exercise 27"),
    ("1/x^3", "x=1", "-3", "OpenStax Vol. 1 §3.1 exercise 29"),
    ("x^2", "x=3", "6", "OpenStax Vol. 1 §3.1, example The Slope of a Tangent Line Revisited"),
    ("3x^2 - 4x + 1", "x=2", "8", "OpenStax Vol. 1 §3.1, example Revisiting the Derivative"),
    ("x^2 + 3x + 2", "x=1", "5", "OpenStax Vol. 1 §3.1, checkpoint: f(x) = x² + 3x + 2, find f′(1)"),
    ("s(t) = -16t^2 + 64", "t=1", "-32", "OpenStax Vol. 1 §3.1, checkpoint: a rock dropped from 64 ft"),
    ("2 - 3x", None, "-3", "OpenStax Vol. 1 §3.2 exercise 55"),
    ("4x^2", None, "8x", "OpenStax Vol. 1 §3.2 exercise 57"),
    ("sqrt(2x)", None, "1/sqrt(2x)", "OpenStax Vol. 1 §3.2 exercise 59"),
    ("9/x", None, "-9/x^2", "OpenStax Vol. 1 §3.2 exercise 61"),
    ("3x^2 + 2", "x=2", "12", "OpenStax Vol. 1 §3.2 exercise 69 (f and a as the book names them)"),
    ("x^4", "x=2", "32", "OpenStax Vol. 1 §3.2 exercise 71 (f and a as the book names them)"),
    ("e^x", "x=0", "1", "OpenStax Vol. 1 §3.2 exercise 73 (f and a as the book names them)"),
]


@pytest.mark.parametrize(("f", "at", "book", "source"), TEXTBOOK, ids=[f"{r[0]} {r[1]}" for r in TEXTBOOK])
def test_the_books_answer(f: str, at: str | None, book: str, source: str) -> None:
    d = definition(f, at=at)
    assert sympy.simplify(_sympy(d.result) - _sympy(parse(book))) == 0, source
    assert d.verified is True and d.steps[0].rule == "definition" and not isinstance(d.result, Limit)


# -- each kind, as a textbook works it ----------------------------------------------------------
@pytest.mark.parametrize(
    ("f", "rules", "result"),
    [
        ("1/x", ["common_denominator", "expand", "collect", "cancel", "let_zero", "simplify"], "-1/x^2"),
        (
            "sqrt(x)",
            ["conjugate", "difference_of_squares", "expand", "collect", "cancel", "let_zero", "simplify"],
            "1/(2 sqrt(x))",
        ),
        ("sin x", ["addition", "split", "standard_limits", "simplify"], "cos x"),
        ("cos x", ["addition", "split", "standard_limits", "simplify"], "-sin x"),
        ("e^x", ["exp_law", "factor", "standard_limits", "simplify"], "e^x"),
        ("exp(x)", ["exp_law", "factor", "standard_limits", "simplify"], "e^x"),
        (
            "(x + 1)/(x - 1)",
            ["common_denominator", "expand", "collect", "cancel", "let_zero", "simplify"],
            "-2/(x - 1)^2",
        ),
        ("5", ["collect", "cancel", "let_zero"], "0"),
        ("3 sin x", ["factor", "addition", "split", "standard_limits", "simplify"], "3 cos x"),
        ("-cos x", ["factor", "addition", "split", "standard_limits", "simplify"], "sin x"),
        ("2e^x", ["factor", "exp_law", "factor", "standard_limits", "simplify"], "2e^x"),
        (
            "sqrt(x)/2",
            [
                "factor",
                "conjugate",
                "difference_of_squares",
                "expand",
                "collect",
                "cancel",
                "let_zero",
                "simplify",
            ],
            "1/(4 sqrt(x))",
        ),
    ],
)
def test_each_kind_has_its_named_steps(f: str, rules: list[str], result: str) -> None:
    d = definition(f)
    assert [s.rule for s in d.steps] == ["definition", "substitute", *rules]
    assert to_text(d.result, readable=True) == result and d.verified is True


def test_the_standard_limits_are_cited_and_at_a_point_the_number_comes_out() -> None:
    text = render_definition(definition("sin x"), "unicode")
    assert "standard limits lim_{h→0} sin h/h = 1, lim_{h→0} (cos h - 1)/h = 0" in text
    assert "addition formula sin(a + b) = sin a cos b + cos a sin b" in text
    assert definition("sin x", at="x=pi/3").result == parse("1/2")
    assert definition("e^x", at="x=1").result == parse("e")


def test_a_wrong_line_is_refuted_not_verified() -> None:
    d = definition("x^2")
    bad = list(d.steps)
    bad[4] = Step(Limit(parse("3x + h"), d.h, Num(0)), "cancel")  # 2x + h written 3x + h
    checks = check_steps(tuple(bad), d.f, d.x, None, d.h, d.derivative)
    assert checks[4] == "refuted" and checks[5] == "verified"  # 2x is still f′; the line before is not
    assert definition("x^2", verify=False).verified is None


# -- formats and languages --------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["text", "unicode", "latex", "md", "html"])
def test_every_format_in_both_languages(fmt: str) -> None:
    d = definition("sqrt(x)", at="x=4", table=True)
    en, zh = render_definition(d, fmt, "en"), render_definition(d, fmt, "zh")
    assert "conjugate" in en and "共轭" in zh and "0.2484567313" in zh
    assert not CJK.search(en)
    if fmt in ("text", "unicode"):
        assert english_left(zh) == []
    if fmt == "latex":
        assert "\\lim_{h \\to 0}" in en and "\\begin{array}{r|l}" in en
    if fmt == "html":
        assert "<munder><mo>lim</mo>" in en and '<table class="quotients">' in en


def test_json_lines_are_sympy_limits(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["definition", "1/x", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["problem"] == {"kind": "definition", "input": "1/x", "expr": "1/x", "wrt": "x"}
    assert data["lines"][1]["sympy"] == "Limit((1/(x + h) - 1/x)/h, h, 0, '+-')"  # two-sided
    assert data["lines"][0]["check"] == "given" and {line["check"] for line in data["lines"][1:]} == {
        "verified"
    }
    assert data["result"]["sympy"] == "-(1/x**2)" and "table" not in data and data["verified"] is True


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_latex_compiles(lang: str, tmp_path: Path) -> None:
    from stepcalc.latex_doc import compile_pdf, engine_for, latex_document
    from tests.test_publish import need

    need(engine_for(lang))
    tex = render_definition(definition("sin x", at="x=pi/3", table=True), "latex", lang)
    compiled = compile_pdf(latex_document([("", tex)], lang=lang), tmp_path / "d.pdf", lang=lang)
    assert compiled.overfull() == []


# -- bad input --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["tan x"],
            "first-principles steps cover polynomials, rational functions, square roots of polynomials, "
            "sin x, cos x and e^x; not tan x",
        ),
        (["sin(2x)"], "not sin 2x"),
        (["ln x"], "not ln x"),
        (["1/sqrt(x)"], "not 1/√x"),
        (["x^100"], "x¹⁰⁰ is too large to work from the definition"),
        (["x^2", "--at", "x=a"], "the point x = a must be a number"),
        (["x^2", "--at", "x"], "--at expects name=value, not 'x'"),
        (["x^2", "--at", "x=1,y=2"], "a derivative from the definition takes one point, as x=a"),
        (["x^2", "--at", "y=1"], "first-principles steps need a function of y alone; x² has x"),
        (["x^2", "--wrt", "x", "--at", "t=1"], "the point t = 1 is not on the x axis"),
        (["x y"], "first-principles steps need a function of x alone; x y has y"),
        (["x^2", "--table"], "the table of the difference quotient needs a point: give --at x=a"),
        (["1/x", "--at", "x=0"], "1/x is not defined at x = 0"),
        (["sqrt(x)", "--at", "x=-1"], "√x is not defined at x = -1"),
        (["sqrt(x)", "--at", "x=0"], "√x has no derivative at x = 0"),
        (["x^2 +"], "stepcalc: error:"),
    ],
)
def test_bad_input_is_one_clear_line(argv: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["definition", *argv]) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err


def test_errors_speak_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["definition", "tan x", "--lang", "zh"]) == 2
    assert "用定义求导的步骤只适用于多项式" in capsys.readouterr().err
    assert main(["definition", "x^2", "--table", "--lang", "zh"]) == 2
    assert "差商表需要一个点" in capsys.readouterr().err


def test_the_python_api_takes_an_ast_and_a_statement() -> None:
    assert definition(parse("x^3")).result == parse("3x^2")
    assert render_definition(definition("s(t) = t^2", at="t=1"), "text").startswith("s(t) = t^2\ns'(1) = lim")
    assert definition("f(t) = t^2", at={"t": "3"}).result == Num(6)
    with pytest.raises(StepcalcError, match="not tan x"):
        definition("tan x")


# -- properties against sympy -----------------------------------------------------------------------
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(-6, 6), min_size=1, max_size=5), st.one_of(st.none(), st.integers(-3, 3)))
def test_a_polynomials_derivative_is_sympys(coefficients: list[int], a: int | None) -> None:
    """Degree ≤ 4: the result is sympy's f′ (at a), and every line inside the limit equals the
    one before for h ≠ 0, by sympy rather than stepcalc's own oracle."""
    text = " + ".join(f"({c})x^{k}" for k, c in enumerate(coefficients))
    d = definition(text, at=None if a is None else f"x={a}", verify=False)
    x = sympy.Symbol("x", real=True)
    f = _sympy(parse(text))
    expected = sympy.diff(f, x) if a is None else sympy.diff(f, x).subs(x, a)
    assert sympy.simplify(_sympy(d.result) - expected) == 0
    bodies = [s.expr.expr for s in d.steps[1:] if isinstance(s.expr, Limit)]
    for before, after in itertools.pairwise(bodies):
        assert sympy.simplify(_sympy(before) - _sympy(after)) == 0


def _sympy(e: object) -> sympy.Expr:
    from stepcalc.oracle import to_sympy

    return to_sympy(e)  # type: ignore[arg-type, no-any-return]


def test_an_astronomical_value_is_written_with_a_power_of_ten() -> None:
    """e^x at 10²⁰: the quotient is about 10^(4.3·10¹⁹), too large for an exact fraction (the
    fuzzer found it exhausting memory); it is rounded in powers of ten, checked with mpmath."""
    import mpmath

    rows = {r.h_text: r for r in definition("e^x", at="x=10^20", table=True, verify=False).table or ()}
    with mpmath.workdps(60):
        for h in ("0.1", "-0.1"):
            step = mpmath.mpf(h)
            value = mpmath.e ** (mpmath.mpf(10) ** 20) * (mpmath.e**step - 1) / step
            power = int(mpmath.floor(mpmath.log10(value)))
            digits = mpmath.nstr(value / mpmath.mpf(10) ** power, 10, strip_zeros=False)
            assert rows[h].value == f"{digits}e{power}" and not rows[h].exact


def test_without_verification_nothing_is_claimed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["definition", "x^2", "--no-verify", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verified"] is None and all("check" not in line for line in data["lines"])
    assert main(["definition", "x^2", "--no-verify"]) == 0
    assert "verified" not in capsys.readouterr().out
