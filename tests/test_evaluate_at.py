"""Values at a point (``--at``): exact special values, real odd roots, and derivatives that do
not exist at kinks and jumps.

Every row is checked twice: against what stepcalc prints, and against sympy working from the
definition (the one-sided limits of the difference quotient, with the function written
independently in sympy), so that a wrong row in the table cannot hide.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
import sympy as sp
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    standard_transformations,
)

from stepcalc import derive, gradient, hessian
from stepcalc.evaluate import evaluate_at, to_float
from stepcalc.exact import UndefinedValue, exact_value
from stepcalc.expr import PI, Expr, Func, Vector
from stepcalc.parse import parse
from stepcalc.printing import to_text
from stepcalc.simplify import scaled
from stepcalc.special_values import NoValue, special_value

ROOT = Path(__file__).resolve().parent.parent
UNDEFINED = "undefined"
X, Y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)
H = sp.Symbol("h", positive=True)
NAMES = {
    "x": X,
    "y": Y,
    "e": sp.E,
    "pi": sp.pi,
    "ln": sp.log,
    "relu": lambda u: (u + sp.Abs(u)) / 2,
}  # Max has no series in sympy


def cbrt(u: sp.Expr) -> sp.Expr:
    """The real cube root, written so that sympy's limits see it (sympy's own is principal)."""
    return sp.sign(u) * sp.Abs(u) ** sp.Rational(1, 3)


NAMES["cbrt"] = cbrt


def sym(text: str) -> sp.Expr:
    transformations = (*standard_transformations, implicit_multiplication_application, convert_xor)
    return parse_expr(text, local_dict=dict(NAMES), transformations=transformations)


# (stepcalc input, the same function written in sympy, point, derivative at the point as
# stepcalc writes it, or UNDEFINED)
DIFF_AT: list[tuple[str, str, str, str]] = [
    # kinks and jumps: step functions whose argument vanishes at the point
    ("|x|", "Abs(x)", "0", UNDEFINED),
    ("x|x|", "x*Abs(x)", "0", "0"),
    ("|x|^3", "Abs(x)**3", "0", "0"),
    ("|x^3|", "Abs(x**3)", "0", "0"),
    ("x^2 sign(x)", "x**2*sign(x)", "0", "0"),
    ("sign(x)", "sign(x)", "0", UNDEFINED),
    ("heaviside(x)", "Heaviside(x)", "0", UNDEFINED),
    ("relu(x)", "relu(x)", "0", UNDEFINED),
    ("|sin x|", "Abs(sin(x))", "0", UNDEFINED),
    ("|sin x|", "Abs(sin(x))", "pi", UNDEFINED),
    ("|x - 1|", "Abs(x - 1)", "1", UNDEFINED),
    ("|x^2 - 1|", "Abs(x**2 - 1)", "-1", UNDEFINED),
    ("|1 - cos x|", "Abs(1 - cos(x))", "0", "0"),
    ("sqrt(x^2)", "sqrt(x**2)", "0", UNDEFINED),
    ("|x| + |x - 1|", "Abs(x) + Abs(x - 1)", "1", UNDEFINED),
    ("|tan x - 1|", "Abs(tan(x) - 1)", "pi/4", UNDEFINED),
    ("|x^2 - 2|", "Abs(x**2 - 2)", "sqrt(2)", UNDEFINED),
    ("|e^x - 1|", "Abs(exp(x) - 1)", "0", UNDEFINED),
    ("relu(sin x)", "relu(sin(x))", "pi", UNDEFINED),
    ("heaviside(x^2)", "Heaviside(x**2)", "0", UNDEFINED),
    ("x^2 |x|", "x**2*Abs(x)", "0", "0"),
    ("|x| sin x", "Abs(x)*sin(x)", "0", "0"),
    ("sqrt(x^4)", "sqrt(x**4)", "0", "0"),
    # the same functions away from their kinks
    ("|x|", "Abs(x)", "-2", "-1"),
    ("|x - 1|", "Abs(x - 1)", "3", "1"),
    ("relu(x)", "relu(x)", "2", "1"),
    ("relu(x)", "relu(x)", "-1", "0"),
    ("sqrt(x^2)", "sqrt(x**2)", "2", "1"),
    ("|x|", "Abs(x)", "-pi", "-1"),
    # roots: odd roots of negative numbers are real, even ones are not
    ("x^(1/3)", "cbrt(x)", "-8", "1/12"),
    ("x^(2/3)", "cbrt(x**2)", "-1", "-2/3"),
    ("x^(4/3)", "cbrt(x**4)", "-8", "-8/3"),
    ("x^(1/3)", "cbrt(x)", "8", "1/12"),
    ("x^(1/3)", "cbrt(x)", "0", UNDEFINED),
    ("x^(2/3)", "cbrt(x**2)", "0", UNDEFINED),
    ("sqrt(x)", "sqrt(x)", "-1", UNDEFINED),
    ("x^(1/4)", "x**(1/4)", "-16", UNDEFINED),
    ("sqrt(x)", "sqrt(x)", "4", "1/4"),
    ("sqrt(x)", "sqrt(x)", "2", "sqrt(2)/4"),
    ("1/x", "1/x", "0", UNDEFINED),
    ("ln x", "log(x)", "0", UNDEFINED),
    # trigonometric special values and poles
    ("tan x", "tan(x)", "pi/4", "2"),
    ("sec x", "sec(x)", "pi/4", "sqrt(2)"),
    ("tan x", "tan(x)", "pi/3", "4"),
    ("sec x", "sec(x)", "pi/6", "2/3"),
    ("csc x", "csc(x)", "pi/6", "-2 sqrt(3)"),
    ("cot x", "cot(x)", "pi/4", "-2"),
    ("sin x", "sin(x)", "pi/6", "sqrt(3)/2"),
    ("cos x", "cos(x)", "5pi/6", "-1/2"),
    ("sin(x)^2", "sin(x)**2", "pi/4", "1"),
    ("sin x", "sin(x)", "pi/12", "(sqrt(6) + sqrt(2))/4"),
    ("tan x", "tan(x)", "pi/2", UNDEFINED),
    ("sec x", "sec(x)", "-pi/2", UNDEFINED),
    ("cot x", "cot(x)", "0", UNDEFINED),
    ("csc x", "csc(x)", "pi", UNDEFINED),
    # inverse functions at the matching values
    ("atan x", "atan(x)", "1", "1/2"),
    ("asin x", "asin(x)", "1/2", "2 sqrt(3)/3"),
    ("acos x", "acos(x)", "sqrt(2)/2", "-sqrt(2)"),
    ("asin(x)^2", "asin(x)**2", "sqrt(3)/2", "4pi/3"),
    ("atan(x)^2", "atan(x)**2", "-1", "-pi/4"),
    ("asin x", "asin(x)", "1", UNDEFINED),
    # exponentials and logarithms
    ("e^(2x)", "exp(2*x)", "ln 2", "8"),
    ("e^x", "exp(x)", "ln 3", "3"),
    ("e^(x/2)", "exp(x/2)", "ln 4", "1"),
    ("ln x", "log(x)", "e", "1/e"),
    ("x ln x", "x*log(x)", "e^2", "3"),
    ("x^x", "x**x", "1", "1"),
    # hyperbolic functions at 0
    ("sinh x", "sinh(x)", "0", "1"),
    ("cosh x", "cosh(x)", "0", "0"),
    ("tanh x", "tanh(x)", "0", "1"),
]


def derivative_by_definition(f: sp.Expr, x: sp.Symbol, a: sp.Expr) -> sp.Expr | None:
    """f'(a) from the one-sided limits of (f(a ± h) - f(a))/(±h); None where it does not exist."""
    fa = f.subs(x, a)
    if fa.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or fa.is_real is not True:
        return None
    right = sp.limit((f.subs(x, a + H) - fa) / H, H, 0, "+")
    left = sp.limit((f.subs(x, a - H) - fa) / (-H), H, 0, "+")
    if right.is_finite and right.is_real and sp.simplify(right - left) == 0:
        return sp.simplify(right)
    return None


def _check_against_sympy(value: sp.Expr | None, expected: str, decimal: object) -> None:
    if expected == UNDEFINED:
        assert value is None, f"sympy finds the derivative {value}"
        assert decimal is None
        return
    assert value is not None, "sympy finds no derivative there"
    assert sp.simplify(sym(expected) - value) == 0, f"sympy: {value}"
    assert isinstance(decimal, float) and math.isclose(decimal, float(value), rel_tol=1e-9, abs_tol=1e-12)


@pytest.mark.parametrize(("text", "sympy_text", "point", "expected"), DIFF_AT)
def test_derivative_at_a_point(text: str, sympy_text: str, point: str, expected: str) -> None:
    value = derive(text, at={"x": point}).value
    assert value is not None
    if expected == UNDEFINED:
        assert value.undefined is True, value.text()
        assert value.text().endswith(")") and ": undefined (" in value.text()
    else:
        assert to_text(value.exact, readable=True) == expected
        assert value.undefined is False
    _check_against_sympy(derivative_by_definition(sym(sympy_text), X, sym(point)), expected, value.decimal)


@pytest.mark.parametrize(
    ("text", "order", "point", "expected"),
    [("x|x|", 2, "0", UNDEFINED), ("x|x|", 2, "1", "2"), ("|x|^3", 2, "0", "0"), ("|x|", 2, "0", UNDEFINED)],
)
def test_higher_derivative_at_a_kink(text: str, order: int, point: str, expected: str) -> None:
    """The n-th derivative is the derivative of the (n-1)-th: x|x| has f' = 2|x|, kinked at 0."""
    value = derive(text, order=order, at={"x": point}).value
    assert value is not None
    f = sym(text.replace("x|x|", "x*Abs(x)").replace("|x|", "Abs(x)"))
    below = sp.diff(f, X, order - 1)  # away from 0 the formula is right: work from the definition
    _check_against_sympy(derivative_by_definition(below, X, sym(point)), expected, value.decimal)
    if expected != UNDEFINED:
        assert to_text(value.exact, readable=True) == expected


# (stepcalc input, sympy, point, each partial derivative as stepcalc writes it, or UNDEFINED)
GRADIENT_AT: list[tuple[str, str, str, list[str]]] = [
    ("x^2 y", "x**2*y", "x=1,y=2", ["4", "1"]),
    ("|x| y", "Abs(x)*y", "x=0,y=2", [UNDEFINED, "0"]),
    ("|x y|", "Abs(x*y)", "x=0,y=0", ["0", "0"]),
    ("|x y|", "Abs(x*y)", "x=0,y=1", [UNDEFINED, "0"]),
    ("sqrt(x^2 + y^2)", "sqrt(x**2 + y**2)", "x=3,y=4", ["3/5", "4/5"]),
    ("sqrt(x^2 + y^2)", "sqrt(x**2 + y**2)", "x=0,y=0", [UNDEFINED, UNDEFINED]),
    ("sin(x) cos(y)", "sin(x)*cos(y)", "x=pi/6,y=pi/3", ["sqrt(3)/4", "-sqrt(3)/4"]),
    ("e^(x y)", "exp(x*y)", "x=ln 2,y=1", ["2", "2 ln 2"]),
]


@pytest.mark.parametrize(("text", "sympy_text", "point", "expected"), GRADIENT_AT)
def test_gradient_at_a_point(text: str, sympy_text: str, point: str, expected: list[str]) -> None:
    value = gradient(text, at=point).value
    assert value is not None and isinstance(value.decimal, list)
    at = {name: sym(v) for name, v in (part.split("=") for part in point.split(","))}
    f = sym(sympy_text)
    for i, (var, want) in enumerate(zip((X, Y), expected, strict=True)):
        other = Y if var == X else X
        along = f.subs(other, at[other.name])  # the partial: the other variable held at its value
        _check_against_sympy(derivative_by_definition(along, var, at[var.name]), want, value.decimal[i])
    assert isinstance(value.exact, Vector)
    for item, want in zip(value.exact.items, expected, strict=True):
        assert want == UNDEFINED or to_text(item, readable=True) == want
    assert str(value.as_dict()["exact"]).count("nan") == expected.count(UNDEFINED)


def test_hessian_entries_are_tested_where_they_were_worked() -> None:
    """∂²/∂x² of |x|³ + y² at 0 is 6|x| there: 0; the mixed entries are 0."""
    value = hessian("|x|^3 + y^2", at="x=0,y=1").value
    assert value is not None and value.decimal == [[0.0, 0.0], [0.0, 2.0]]


# (stepcalc input, sympy with real roots, the exact value as stepcalc writes it or UNDEFINED)
SPECIAL: list[tuple[str, str, str]] = [
    ("e^(ln 5)", "exp(log(5))", "5"),
    ("e^(2 ln 3)", "exp(2*log(3))", "9"),
    ("e^(-ln 2)", "exp(-log(2))", "1/2"),
    ("exp(ln(2)/2)", "exp(log(2)/2)", "sqrt(2)"),
    ("e^0", "exp(0)", "1"),
    ("ln(e^3)", "log(exp(3))", "3"),
    ("ln(1)", "log(1)", "0"),
    ("log_2(8)", "log(8, 2)", "3"),
    ("sqrt(8)", "sqrt(8)", "2 sqrt(2)"),
    ("sqrt(9/4)", "sqrt(9/4)", "3/2"),
    ("sqrt(1/2)", "sqrt(1/2)", "sqrt(2)/2"),
    ("sqrt(12) sqrt(3)", "sqrt(12)*sqrt(3)", "6"),
    ("2/sqrt(3)", "2/sqrt(3)", "2 sqrt(3)/3"),
    ("(-8)^(1/3)", "cbrt(-8)", "-2"),
    ("(-8)^(2/3)", "cbrt(-8)**2", "4"),
    ("(-1)^(-1/3)", "1/cbrt(-1)", "-1"),
    ("8^(-1/2)", "1/sqrt(8)", "sqrt(2)/4"),
    ("(-2)^(1/3)", "cbrt(-2)", "-2^(1/3)"),
    ("sinh(0) + cosh(0) + tanh(0)", "sinh(0) + cosh(0) + tanh(0)", "1"),
    ("sec(pi/4)^2", "sec(pi/4)**2", "2"),
    ("sec(pi/3)^2", "sec(pi/3)**2", "4"),
    ("atan(1)", "atan(1)", "pi/4"),
    ("asin(1/2)", "asin(1/2)", "pi/6"),
    ("acos(-1/2)", "acos(-1/2)", "2pi/3"),
    ("asin(-sqrt(2)/2)", "asin(-sqrt(2)/2)", "-pi/4"),
    ("atan(sqrt(3))", "atan(sqrt(3))", "pi/3"),
    ("|-pi|", "Abs(-pi)", "pi"),
    ("sign(sqrt(2) - 2)", "sign(sqrt(2) - 2)", "-1"),
    ("sqrt(-4)", "sqrt(-4)", UNDEFINED),
    ("(-8)^(1/4)", "(-8)**(1/4)", UNDEFINED),
    ("tan(pi/2)", "tan(pi/2)", UNDEFINED),
    ("cot(0)", "cot(0)", UNDEFINED),
    ("ln(0)", "log(0)", UNDEFINED),
    ("asin(2)", "asin(2)", UNDEFINED),
    ("0^(-1)", "0**(-1)", UNDEFINED),
    ("0 (1/(1 - 1))", "0*(1/(1 - 1))", UNDEFINED),
]


@pytest.mark.parametrize(("text", "sympy_text", "expected"), SPECIAL)
def test_special_values(text: str, sympy_text: str, expected: str) -> None:
    if expected == UNDEFINED:
        with pytest.raises(UndefinedValue):
            exact_value(parse(text))
        assert sym(sympy_text).is_real is not True
        return
    value = exact_value(parse(text))
    assert to_text(value, readable=True) == expected
    assert sp.simplify(sym(sympy_text) - sym(expected.replace("2^(1/3)", "cbrt(2)"))) == 0
    decimal = to_float(value)
    assert decimal is not None and math.isclose(decimal, float(sym(sympy_text)), rel_tol=1e-12)


def test_zero_over_zero_is_undecided_not_zero() -> None:
    value = evaluate_at(parse("(x - 1)/(x^2 - 1)"), "x=1")
    assert value.undefined is None and value.decimal is None
    assert "0/0" in value.text()


def test_a_formula_that_stays_zero_over_zero_is_not_decided() -> None:
    """(x³)^(1/3) is x, with derivative 1; its formula x²/(x³)^(2/3) is 0/0 at 0 and stepcalc
    does not take limits: it says so rather than guess."""
    value = derive("(x^3)^(1/3)", at={"x": "0"}).value
    assert value is not None and value.undefined is None and value.decimal is None
    assert "not decided" in value.text()
    assert derivative_by_definition(cbrt(X**3), X, sp.Integer(0)) == 1


_SYMPY_TRIG = {"sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "cot": sp.cot, "sec": sp.sec, "csc": sp.csc}


@pytest.mark.parametrize("name", list(_SYMPY_TRIG))
def test_trigonometric_table_at_every_multiple_of_pi_over_12(name: str) -> None:
    for k in range(-24, 25):
        angle = Fraction(k, 12)
        found = special_value(Func(name, (scaled(angle, PI),)))
        truth = _SYMPY_TRIG[name](sp.Rational(k, 12) * sp.pi)
        if truth.has(sp.zoo):
            assert found is NoValue.POLE, (name, angle)
            continue
        assert isinstance(found, Expr), (name, angle, found)
        assert abs(sp.N(sym(to_text(found)) - truth, 40)) < 1e-35, (name, angle, to_text(found))
        assert exact_value(found) == found  # written in the evaluator's normal form


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("asin", ["0", "1/2", "sqrt(2)/2", "sqrt(3)/2", "1", "-1/2", "-sqrt(2)/2", "-sqrt(3)/2", "-1"]),
        ("acos", ["0", "1/2", "sqrt(2)/2", "sqrt(3)/2", "1", "-1/2", "-sqrt(2)/2", "-sqrt(3)/2", "-1"]),
        ("atan", ["0", "sqrt(3)/3", "1", "sqrt(3)", "2 - sqrt(3)", "-1", "-sqrt(3)", "-(sqrt(3)/3)"]),
    ],
)
def test_inverse_functions_at_the_matching_values(name: str, values: list[str]) -> None:
    for v in values:
        found = exact_value(parse(f"{name}({v})"))
        truth = getattr(sp, name)(sym(v))
        assert abs(sp.N(sym(to_text(found)) - truth, 40)) < 1e-35, (name, v, to_text(found))


def test_decimal_of_an_odd_root_of_a_negative_number_is_real() -> None:
    assert to_float(parse("(-8)^(2/3)")) == pytest.approx(4)
    assert to_float(parse("(-2)^(1/3)")) == pytest.approx(-(2 ** (1 / 3)))
    assert to_float(parse("(-2)^(1/2)")) is None


def _cli(*argv: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "stepcalc", *argv], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(
    ("expr", "point", "last_line"),
    [
        ("tan x", "x=pi/4", "at x = pi/4: 2"),
        ("sec x", "x=pi/4", "at x = pi/4: sqrt(2) ≈ 1.414213562"),
        ("e^(2x)", "x=ln 2", "at x = ln 2: 8"),
        ("x^(1/3)", "x=-8", "at x = -8: 1/12 ≈ 0.08333333333"),
        ("x^(2/3)", "x=-1", "at x = -1: -2/3 ≈ -0.6666666667"),
        ("x^(1/3)", "x=0", "at x = 0: undefined (1/0: division by zero)"),
        (
            "|x|",
            "x=0",
            "at x = 0: undefined (the derivative of |x| does not exist at x = 0: "
            "the one-sided derivatives are -1 and 1)",
        ),
        ("x|x|", "x=0", "at x = 0: 0"),
    ],
)
def test_cli_prints_the_value(expr: str, point: str, last_line: str) -> None:
    assert _cli("diff", expr, "--at", point, "--no-verify").splitlines()[-1] == last_line


def test_cli_json_gives_null_and_the_reason() -> None:
    undefined = json.loads(_cli("diff", "relu(x)", "--at", "x=0", "--format", "json", "--no-verify"))["value"]
    assert undefined["decimal"] is None and undefined["undefined"] is True and undefined["exact"] == "nan"
    assert undefined["reason"] == (
        "the derivative of relu(x) does not exist at x = 0: the one-sided derivatives are 0 and 1"
    )
    defined = json.loads(_cli("diff", "tan x", "--at", "x=pi/3", "--format", "json", "--no-verify"))["value"]
    assert defined == {
        "at": {"x": "pi/3"},
        "exact": "4",
        "decimal": 4.0,
        "undefined": False,
        "reason": None,
    }


def test_cli_gradient_at_a_kink() -> None:
    out = _cli("grad", "|x| y", "--at", "x=0,y=2", "--no-verify").splitlines()[-1]
    assert out.startswith("at x = 0, y = 2: [undefined, 0] (the derivative of |x| y with respect to x")


def test_chinese_text() -> None:
    value = derive("|x|", at={"x": "0"}).value
    assert value is not None
    assert value.text(lang="zh", unicode=True).startswith("当 x = 0 时：无定义（")


def test_the_value_is_typeset_in_every_format() -> None:
    """Issue 18: the --at value was missing from LaTeX, Markdown and standalone documents, and
    raw text in HTML."""
    d = derive("x^2 + sin x", at={"x": "1/2"})
    line = "\\text{at $x = \\frac{1}{2}$: }1 + \\cos \\frac{1}{2} \\approx 1.877582562"
    assert line in d.to_latex()
    assert line in d.to_markdown()
    assert line in d.to_latex(standalone=True)
    html = d.to_html()
    assert '<p class="value">at <math' in html and "≈ 1.877582562</p>" in html
    zh = derive("x^2", at={"x": "1"}).to_latex(lang="zh")
    assert "\\text{当 $x = 1$ 时：}2" in zh


def test_an_undefined_value_gives_its_reason_in_words_and_mathematics() -> None:
    tex = derive("1/x", at={"x": "0"}).to_latex()
    assert "\\text{undefined}\\text{ (the derivative of $\\frac{1}{x}$ does not exist at $x$ = $0$" in tex
    html = derive("1/x", at={"x": "0"}).to_html()
    assert "undefined (the derivative of <math" in html
