"""Integrals step by step (issue 20): the integral hole on the engine, its rules, the
fundamental theorem, the oracle's check of every line, the command line and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stepcalc import StepcalcError, UnsupportedError, integrate, parse
from stepcalc.engine import Budget, Found, HoleKind, Kind, NoRule, complete
from stepcalc.errors import ParseError
from stepcalc.expr import INF, Add, Expr, Integral, Limit, Mul, Neg, Num, Sym, free_symbols, map_bottom_up
from stepcalc.oracle import to_sympy
from stepcalc.printing import to_text, to_unicode
from stepcalc.rules.integral import MAX_MEETINGS, IntegralContext, IntegralKind, IntegralRule
from stepcalc.rules.integral.base import path_key
from stepcalc.steps import RuleId, Step

X = sp.Symbol("x", real=True)


def antiderivative_ok(integrand: str, result: object) -> bool:
    """d/dx of ``result`` is the integrand: at every one of 13 points where it is real (at
    least 4 of them), to 1e-9 at 30 digits.  Numbers only: sympy's simplify of a difference of
    roots can run for minutes."""
    f, F = to_sympy(parse(integrand)), to_sympy(result)  # type: ignore[arg-type]
    difference = sp.diff(F, X) - f
    points = [sp.Rational(k, 7) for k in (-20, -13, -9, -5, -3, -1, 2, 3, 5, 9, 11, 13, 31)]
    real = [p for p in points if f.subs(X, p).evalf(30).is_extended_real and f.subs(X, p).evalf(30).is_finite]
    values = [complex(difference.subs(X, p).evalf(30)) for p in real]
    return len(values) >= 4 and all(abs(v) < 1e-9 for v in values)


# ---------------------------------------------------------------- the notes' examples (WORKED §16)
def test_the_notes_power_rule_example() -> None:
    """∫ x³ dx = x⁴/4 + C (seed 000)."""
    d = integrate("x^3", verify=True)
    assert [to_unicode(line.expr) for line in d.lines] == ["x⁴/4", "x⁴/4 + C"]
    assert d.lines[0].rules == (RuleId.INT_POWER,)
    assert d.lines[-1].rules == (RuleId.CONSTANT_OF_INTEGRATION,)
    assert to_text(d.result) == "x^4/4"  # the result is the antiderivative, without C
    assert d.verified is True
    text = d.to_text(unicode=True)
    assert text.splitlines()[0] == "∫ x³ dx = x⁴/4    [∫ x^n dx = x^(n + 1)/(n + 1)]"


def test_the_notes_definite_integral() -> None:
    """∫₁² x² dx = 7/3 by the fundamental theorem, written out."""
    d = integrate("x^2", lower="1", upper="2", verify=True)
    anti, definite = d.sections
    assert [to_unicode(line.expr) for line in anti.lines] == ["x³/3"]  # the antiderivative first, no C
    assert [to_unicode(line.expr) for line in definite.lines] == ["[x³/3]_{1}^{2}", "2³/3 - 1³/3", "7/3"]
    assert [line.rules[0] for line in definite.lines] == [
        RuleId.FUNDAMENTAL_THEOREM,
        RuleId.EVALUATE,
        RuleId.SIMPLIFY,
    ]
    assert to_text(d.result) == "7/3" and d.verified is True
    assert "+ C" not in d.to_text()  # a definite integral has no constant


def test_the_notes_area_between_curves() -> None:
    """The area between y = 2x + 3 and y = x² is ∫_{-1}^{3} (2x + 3 − x²) dx = 32/3."""
    d = integrate("2x + 3 - x^2", lower="-1", upper="3", verify=True)
    assert to_text(d.result) == "32/3" and d.verified is True


# ---------------------------------------------------------------- the rules, one by one
@pytest.mark.parametrize(
    ("integrand", "expected", "rule"),
    [
        ("5", "5x", RuleId.INT_CONSTANT),
        ("x", "x^2/2", RuleId.INT_POWER),
        ("sqrt(x)", "2x^(3/2)/3", RuleId.INT_POWER),
        ("1/x^2", "-(1/x)", RuleId.INT_POWER),
        ("1/x", "ln|x|", RuleId.INT_RECIPROCAL),
        ("e^x", "e^x", RuleId.INT_EXP),
        ("2^x", "2^x/ln 2", RuleId.INT_EXP_BASE),
        ("sin x", "-cos x", RuleId.INT_SIN),
        ("cos x", "sin x", RuleId.INT_COS),
        ("tan x", "-ln|cos x|", RuleId.INT_TAN),
        ("sec x", "ln|sec x + tan x|", RuleId.INT_SEC),
        ("sec(x)^2", "tan x", RuleId.INT_SEC_SQUARED),
        ("csc(x)^2", "-cot x", RuleId.INT_CSC_SQUARED),
        ("sec x tan x", "sec x", RuleId.INT_SEC_TAN),
        ("sinh x", "cosh x", RuleId.INT_SINH),
        ("1/(1 + x^2)", "atan(x)", RuleId.INT_ATAN),
        ("1/(4 + x^2)", "atan(x/2)/2", RuleId.INT_ATAN),
        ("1/sqrt(1 - x^2)", "asin(x)", RuleId.INT_ASIN),
    ],
)
def test_the_table(integrand: str, expected: str, rule: RuleId) -> None:
    d = integrate(integrand, verify=True)
    assert rule in d.lines[0].rules
    assert to_text(d.result) == expected
    assert d.verified is True


@pytest.mark.parametrize(
    ("integrand", "u", "du", "expected"),
    [
        ("2x cos(x^2)", "x^2", "du = 2x dx", "sin x^2"),
        ("x e^(x^2)", "x^2", "du = 2x dx", "e^(x^2)/2"),
        ("x^2 (x^3 + 1)^4", "x^3 + 1", "du = 3x^2 dx", "(x^3 + 1)^5/15"),
        ("sin x cos x", "sin x", "du = cos(x) dx", "sin^2 x/2"),
        ("e^x/(1 + e^x)", "1 + e^x", "du = e^x dx", "ln(1 + e^x)"),
        ("x sqrt(x^2 + 1)", "x^2 + 1", "du = 2x dx", "(x^2 + 1)^(3/2)/3"),
        ("ln(x)/x", "ln x", "du = (1/x) dx", "(ln x)^2/2"),
    ],
)
def test_substitution_names_u_and_du(integrand: str, u: str, du: str, expected: str) -> None:
    d = integrate(integrand, verify=True)
    (section,) = d.sections
    assert [to_text(b.value) for b in section.bindings] == [u]  # the let line
    assert RuleId.SUBSTITUTION in d.lines[0].rules
    assert du in d.to_text().splitlines()[1]
    assert RuleId.SUBSTITUTE in [r for line in d.lines for r in line.rules]  # u put back
    assert to_text(d.result) == expected
    assert d.verified is True


@pytest.mark.parametrize(
    ("integrand", "shown", "expected"),
    [
        # u a root (the rationalising substitution): x = u² − 3, dx = 2u du
        ("x/sqrt(x + 3)", "x = u^2 - 3, dx = 2u du", "2(x + 3)^(3/2)/3 - 6 sqrt(x + 3)"),
        # after u = eˣ, w = √(1 + u): u = w² − 1
        ("sqrt(1 + e^x)", "u = w^2 - 1, du = 2w dw", None),
        # u = ln x leaves ∫ eᵘ sin u du, the cyclic case of parts
        ("sin(ln(x))", "x = e^u, dx = e^u du", None),
    ],
)
def test_a_substitution_writes_x_in_u_when_x_is_left(
    integrand: str, shown: str, expected: str | None
) -> None:
    """u = g(x) where x stands outside g too: x written in u (x = g⁻¹(u)) and dx with it, each
    shown beside the substitution; the line ∫ h(u) du is verified as written."""
    d = integrate(integrand, verify=True)
    assert RuleId.SUBSTITUTION in d.lines[0].rules
    assert shown in d.to_text()
    assert d.verified is True and antiderivative_ok(integrand, d.result)
    if expected is not None:
        assert to_text(d.result) == expected


def test_a_rescaling_or_a_shift_is_not_a_substitution_round_in_circles() -> None:
    """√u/(u − 1) by w = u − 1 is √(w + 1)/w, and back by t = w + 1: only a root's radicand is
    shifted, so ∫ √(1 + eˣ) dx takes two substitutions at most, not one after another."""
    d = integrate("sqrt(1 + e^x)")
    assert d.result is not None and len(d.sections[0].bindings) <= 2


def test_a_common_factor_is_cancelled_before_any_substitution() -> None:
    d = integrate("(x^2 + 1)/(x^3 + x)", verify=True)
    assert d.lines[0].rules == (RuleId.CANCEL,) and to_text(d.lines[0].expr) == "int 1/x dx"
    assert to_text(d.result) == "ln|x|" and d.verified is True


@pytest.mark.parametrize(
    ("integrand", "expanded", "expected"),
    [
        ("(x + 1) sqrt(x)", "int (x^(3/2) + sqrt(x)) dx", "2x^(5/2)/5 + 2x^(3/2)/3"),
        ("(x^2 + 2x)/sqrt(x)", "int (x^(3/2) + 2 sqrt(x)) dx", "2x^(5/2)/5 + 4x^(3/2)/3"),
    ],
)
def test_a_polynomial_times_a_power_of_x_is_multiplied_out(
    integrand: str, expanded: str, expected: str
) -> None:
    d = integrate(integrand, verify=True)
    assert RuleId.EXPAND in d.lines[0].rules and to_text(d.lines[0].expr) == expanded
    assert to_text(d.result) == expected and d.verified is True


@pytest.mark.parametrize(
    ("integrand", "expected"),
    [
        ("x ln(x + 1)", "x^2 ln(x + 1)/2 - x^2/4 + x/2 - ln|x + 1|/2"),  # not ln|2x + 2|/2
        ("x^2 atan(x)", "x^3 atan(x)/3 - x^2/6 + ln(x^2 + 1)/6"),  # not ln(3 + 3x²)/6
        ("1/(3 - 3x)", "-(ln|x - 1|/3)"),  # |3 − 3x| = 3|x − 1|
    ],
)
def test_a_number_inside_a_logarithm_joins_the_constant(integrand: str, expected: str) -> None:
    d = integrate(integrand, verify=True)
    assert d.lines[-2].rules == (RuleId.ABSORB_CONSTANT,)
    assert to_text(d.result) == expected and d.verified is True
    assert "ln|k u| = ln|u| + ln k, and the constant joins C" in d.to_text()
    assert "并入 C" in d.to_text(lang="zh")


def test_an_antiderivative_keeps_its_terms_apart() -> None:
    """A logarithm beside a fraction is not put over one denominator (the derivative's 'one
    fraction' is not an antiderivative's form)."""
    d = integrate("x/((x - 1)^2 (x - 2))", verify=True)
    assert to_text(d.result) == "2 ln|x - 2| - 2 ln|x - 1| + 1/(x - 1)" and d.verified is True


@pytest.mark.parametrize(
    ("integrand", "first", "expected"),
    [
        ("cos(3x)", "(1/3) sin 3x", "sin 3x/3"),
        ("(2x + 1)^5", "(1/2) ((2x + 1)⁶/6)", "(2x + 1)^6/12"),
        ("1/(x - 1)", "ln|x - 1|", "ln|x - 1|"),
        ("e^(-x)", "-e^(-x)", "-e^(-x)"),
        ("sin(x/2)", "2(-cos(x/2))", "-2 cos(x/2)"),
    ],
)
def test_a_linear_argument_goes_by_the_table_at_once(integrand: str, first: str, expected: str) -> None:
    """∫ f(ax + b) dx = (1/a) F(ax + b): no let line for u = ax + b, as textbooks write it."""
    d = integrate(integrand, verify=True)
    assert d.lines[0].rules[0] is RuleId.LINEAR_ARGUMENT
    assert to_unicode(d.lines[0].expr) == first
    assert not d.sections[0].bindings
    assert to_text(d.result) == expected and d.verified is True


def test_substitution_first_when_du_stands_in_the_integrand() -> None:
    """∫ 2x cos x² dx = ∫ cos u du, not 2 ∫ cos u/2 du."""
    d = integrate("2x cos(x^2)")
    assert to_unicode(d.lines[0].expr) == "∫ cos u du"


@pytest.mark.parametrize(
    ("integrand", "choice", "expected"),
    [
        ("x e^x", "u = x, dv = e^x dx, du = dx, v = e^x", "x e^x - e^x"),
        ("x sin x", "u = x, dv = sin(x) dx, du = dx, v = -cos x", "sin x - x cos x"),
        ("ln x", "u = ln x, dv = dx, du = (1/x) dx, v = x", "x ln x - x"),
        ("x^2 e^x", "u = x^2, dv = e^x dx, du = 2x dx, v = e^x", "x^2 e^x - 2x e^x + 2e^x"),
        ("atan x", "u = atan(x), dv = dx", "x atan(x) - ln(1 + x^2)/2"),
        ("ln(x)/x^2", "u = ln x, dv = x^(-2) dx", "(-ln x - 1)/x"),  # a quotient as ln x · x⁻²
        ("(x - 1)/e^x", "u = x - 1, dv = e^(-x) dx", "-x e^(-x)"),  # as (x − 1)·e^(−x)
    ],
)
def test_parts_chooses_u_by_liate(integrand: str, choice: str, expected: str) -> None:
    d = integrate(integrand, verify=True)
    assert RuleId.PARTS in d.lines[0].rules
    assert choice in next(line for line in d.to_text().splitlines() if "integration by parts" in line)
    assert to_text(d.result) == expected
    assert d.verified is True


def test_a_substitution_after_parts_takes_another_letter() -> None:
    """∫ arctan x dx: parts with u = arctan x, then ∫ x/(1 + x²) dx by substitution: not u again."""
    d = integrate("atan x", verify=True)
    assert [to_text(b.name) for b in d.sections[0].bindings] == ["w"]
    assert d.verified is True


def test_parts_repeated_works_each_integral_in_its_own_line() -> None:
    d = integrate("x^2 e^x")
    shown = [to_unicode(line.expr) for line in d.lines]
    assert shown[:2] == ["x² e^x - ∫ 2x e^x dx", "x² e^x - 2(x e^x - ∫ e^x dx)"]


@pytest.mark.parametrize(
    ("integrand", "expected"),
    [
        ("e^x sin x", "e^x (sin x - cos x)/2"),
        ("e^x cos x", "e^x (cos x + sin x)/2"),
        ("e^(2x) cos(3x)", None),
    ],
)
def test_the_cyclic_case_is_solved_for_the_integral(integrand: str, expected: str | None) -> None:
    d = integrate(integrand, verify=True)
    assert d.lines[0].rules[0] is RuleId.PARTS_CYCLIC
    assert [s.rule for s in d.lines[0].steps[0].substeps][:2] == [RuleId.PARTS, RuleId.PARTS]
    if expected is not None:
        assert to_text(d.result) == expected
    assert antiderivative_ok(integrand, d.result)
    assert d.verified is True


# ---------------------------------------------------------------- rational functions
def test_partial_fractions_with_linear_factors() -> None:
    d = integrate("1/(x^2 - 1)", verify=True)
    assert d.lines[0].rules[0] is RuleId.PARTIAL_FRACTIONS
    assert to_unicode(d.lines[0].expr) == "∫ (1/(2(x - 1)) - 1/(2(x + 1))) dx"
    first = d.to_text(unicode=True).splitlines()[0]
    assert "1/(x² - 1) = A/(x - 1) + B/(x + 1), A = 1/2, B = -1/2" in first
    assert to_text(d.result) == "ln|x - 1|/2 - ln|x + 1|/2" and d.verified is True


def test_partial_fractions_with_a_repeated_factor() -> None:
    d = integrate("(3x + 5)/((x + 1)^2 (x - 2))", verify=True)
    assert "C/(x + 1)², A = 11/9, B = -11/9, C = -2/3" in d.to_text(unicode=True).splitlines()[0]
    assert d.verified is True and antiderivative_ok("(3x + 5)/((x + 1)^2 (x - 2))", d.result)


def test_partial_fractions_with_an_irreducible_quadratic() -> None:
    d = integrate("1/(x (x^2 + 1))", verify=True)
    assert to_unicode(d.lines[0].expr) == "∫ (1/x - x/(x² + 1)) dx"
    assert d.verified is True and antiderivative_ok("1/(x (x^2 + 1))", d.result)


def test_polynomial_division_comes_first() -> None:
    d = integrate("(x^3 + 1)/(x - 1)", verify=True)
    assert d.lines[0].rules == (RuleId.POLYNOMIAL_DIVISION,)
    assert to_unicode(d.lines[0].expr) == "∫ (x² + x + 1 + 2/(x - 1)) dx"
    assert d.verified is True


def test_a_linear_numerator_over_a_quadratic_is_split() -> None:
    d = integrate("(x + 1)/(x^2 + 2x + 5)", verify=True)
    assert d.lines[0].rules == (RuleId.SPLIT_NUMERATOR,)
    assert to_unicode(d.lines[0].expr) == "(1/2) ∫ (2x + 2)/(x² + 2x + 5) dx"
    assert to_text(d.result) == "ln|x^2 + 2x + 5|/2" and d.verified is True


def test_completing_the_square_leads_to_the_arctangent() -> None:
    d = integrate("1/(x^2 + 2x + 5)", verify=True)
    assert d.lines[0].rules == (RuleId.COMPLETE_SQUARE,)
    assert to_unicode(d.lines[0].expr) == "∫ 1/((x + 1)² + 4) dx"
    assert to_text(d.result) == "atan((x + 1)/2)/2" and d.verified is True


@pytest.mark.parametrize(
    ("integrand", "completed", "expected"),
    [
        # APEX Calculus 6.5 and CLP-2 §1.10: the square completed under the root, u = x − 3
        ("2/sqrt(-x^2 + 6x + 7)", "-x^2 + 6x + 7 = 16 - (x - 3)^2", "2 asin((x - 3)/4)"),
        ("1/sqrt(3 - 2x - x^2)", "-x^2 - 2x + 3 = 4 - (x + 1)^2", "asin((1 + x)/2)"),
        # the rest of the integrand follows x = u + 1, and the root goes back as it was written
        ("x^2/sqrt(x^2 - 2x + 2)", "x^2 - 2x + 2 = (x - 1)^2 + 1", None),
        # a power of an irreducible quadratic below: u = x + 1, then u = tan θ
        ("1/(x^2 + 2x + 2)^2", "x^2 + 2x + 2 = (x + 1)^2 + 1", None),
        ("1/sqrt(3x^2 + 5x)", "3x^2 + 5x = 3(x + 5/6)^2 - 25/12", None),
    ],
)
def test_completing_the_square_under_a_root(integrand: str, completed: str, expected: str | None) -> None:
    d = integrate(integrand, verify=True)
    assert any(RuleId.COMPLETE_SQUARE in line.rules for line in d.lines) and completed in d.to_text()
    assert d.verified is True and antiderivative_ok(integrand, d.result)
    assert "(x - 1)^2" not in to_text(d.result)
    if expected is not None:
        assert to_text(d.result) == expected


def test_the_table_has_the_logarithm_of_x_plus_a_root() -> None:
    """∫ 1/√(x² − a²) dx = ln|x + √(x² − a²)|, which holds on both sides (|x| > a), where the
    secant substitution would hold for x ≥ a only."""
    d = integrate("1/sqrt(x^2 - 9)", verify=True)
    assert d.lines[0].rules == (RuleId.INT_LN_ROOT,) and d.sections[0].domain is None
    assert to_text(d.result) == "ln|x + sqrt(x^2 - 9)|" and d.verified is True
    below = integrate("1/sqrt(x^2 - 9)", lower="-5", upper="-4", verify=True)
    assert below.verified is True


@pytest.mark.parametrize(
    ("integrand", "expected"),
    [
        # a number over the whole sum multiplied into its terms (APEX 6.1: (2x + 1)^(7/2)/28 …)
        ("x^2 sqrt(2x + 1)", "(2x + 1)^(7/2)/28 - (2x + 1)^(5/2)/10 + (2x + 1)^(3/2)/12"),
        # the rational terms over one denominator, the arctangent beside them, not inside
        ("1/(x^2 + 4)^2", "x/(8x^2 + 32) + atan(x/2)/16"),
        # a factor every term shares stays outside
        ("e^x sin(x)", "e^x (sin x - cos x)/2"),
        # partial fractions' terms stay apart (Stewart 7.4), not over one denominator
        ("x^2/(x - 1)^3", "ln|x - 1| - 2/(x - 1) - 1/(2(x - 1)^2)"),
    ],
)
def test_an_antiderivative_is_finished_term_by_term(integrand: str, expected: str) -> None:
    d = integrate(integrand, verify=True)
    assert to_text(d.result) == expected and d.verified is True


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(-4, 4), min_size=2, max_size=3, unique=True),
    st.lists(st.integers(-5, 5), min_size=1, max_size=2),
    st.booleans(),
)
def test_random_rational_functions_integrate_by_partial_fractions(
    roots: list[int], numerator: list[int], quadratic: bool
) -> None:
    """P/Q with Q a product of distinct linear factors (and maybe x² + 1): done and verified."""
    factors = [f"(x - {r})" if r >= 0 else f"(x + {-r})" for r in roots] + (
        ["(x^2 + 1)"] if quadratic else []
    )
    top = " + ".join(f"({c}) x^{k}" for k, c in enumerate(numerator)) or "1"
    integrand = f"({top})/({' '.join(factors)})"
    if all(c == 0 for c in numerator):
        return
    d = integrate(integrand, verify=True)
    assert not d.unknown, integrand
    assert d.verified is True, integrand


# ---------------------------------------------------------------- powers of trigonometric functions
@pytest.mark.parametrize(
    ("integrand", "rule", "first", "expected"),
    [
        ("cos(x)^3", RuleId.TRIG_POWERS, "∫ (cos x - sin² x cos x) dx", "sin x - sin^3 x/3"),
        ("sin(x)^3 cos(x)^2", RuleId.TRIG_POWERS, None, "cos^5 x/5 - cos^3 x/3"),
        ("sin(x)^2", RuleId.HALF_ANGLE, "∫ (1/2 - cos 2x/2) dx", "x/2 - sin 2x/4"),
        ("sin(x)^4", RuleId.HALF_ANGLE, None, "sin 4x/32 + 3x/8 - sin 2x/4"),
        ("sec(x)^4", RuleId.SEC_TAN_POWERS, None, "tan^3 x/3 + tan x"),
        ("tan(x)^3 sec(x)^3", RuleId.SEC_TAN_POWERS, None, "sec^5 x/5 - sec^3 x/3"),
        ("tan(x)^2", RuleId.SEC_TAN_POWERS, "∫ sec² x dx - ∫ 1 dx", "tan x - x"),
    ],
)
def test_trigonometric_powers(integrand: str, rule: RuleId, first: str | None, expected: str) -> None:
    d = integrate(integrand, verify=True)
    assert d.lines[0].rules[0] is rule
    if first is not None:
        assert to_unicode(d.lines[0].expr) == first
    assert to_text(d.result) == expected
    assert d.verified is True


@pytest.mark.parametrize(
    ("integrand", "rule", "expected"),
    [
        ("sin(x) cos(2x)", RuleId.PRODUCT_TO_SUM, "cos x/2 - cos 3x/6"),
        ("cos(x) cos(2x)", RuleId.PRODUCT_TO_SUM, "sin x/2 + sin 3x/6"),
        ("sec(x)^3", RuleId.SECANT_REDUCTION, "sec x tan x/2 + ln|sec x + tan x|/2"),
        ("tan(x)^2 sec(x)", RuleId.SEC_TAN_POWERS, "sec x tan x/2 - ln|sec x + tan x|/2"),
        ("1/(1 + 25x^2)", RuleId.INT_ATAN, "atan(5x)/5"),
        ("1/sqrt(16 - 9x^2)", RuleId.INT_ASIN, "asin(3x/4)/3"),
    ],
)
def test_more_of_the_table(integrand: str, rule: RuleId, expected: str) -> None:
    d = integrate(integrand, verify=True)
    assert d.lines[0].rules[0] is rule
    assert to_text(d.result) == expected and d.verified is True


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 5), st.integers(0, 5), st.sampled_from(["x", "2x", "x/3"]))
def test_any_sine_cosine_power_is_done(m: int, n: int, u: str) -> None:
    if m + n == 0:
        return
    integrand = " ".join(f"{name}({u})^{k}" for name, k in (("sin", m), ("cos", n)) if k)
    d = integrate(integrand, verify=True)
    assert not d.unknown, integrand
    assert d.verified is True, integrand


# ---------------------------------------------------------------- trigonometric substitution
def test_trig_substitution_with_sine_goes_back_by_the_triangle() -> None:
    d = integrate("sqrt(4 - x^2)", verify=True)
    assert [to_text(b.value) for b in d.sections[0].bindings] == ["asin(x/2)"]
    assert d.lines[0].rules[0] is RuleId.TRIG_SUBSTITUTION
    assert to_unicode(d.lines[0].expr) == "∫ 4 cos² θ dθ"
    first = d.to_text(unicode=True).splitlines()[1]
    assert "x = 2 sin θ, dx = 2 cos(θ) dθ, √(4 - x²) = 2 cos θ" in first
    assert to_text(d.result) == "x sqrt(4 - x^2)/2 + 2 asin(x/2)" and d.verified is True
    assert "\\, d\\theta" in d.to_latex()


@pytest.mark.parametrize(
    ("integrand", "expected"),
    [
        ("1/sqrt(x^2 + 4)", "ln|sqrt(4 + x^2)/2 + x/2|"),
        ("1/(1 - x^2)^(3/2)", "x/sqrt(1 - x^2)"),
        ("x^2/sqrt(1 - x^2)", None),
        ("1/(x^2 sqrt(x^2 + 4))", "-(sqrt(4 + x^2)/(4x))"),
        # a whole power of a² + x² below: x = tan θ, 1 + x² = sec²θ; ∫ cos⁴θ dθ holds sin 4θ,
        # put back by sin 4θ = 2 sin 2θ cos 2θ (APEX 6.4, CLP-2 §1.9)
        ("1/(x^2 + 1)^2", None),
        ("1/(1 + x^2)^3", None),
        ("x^2/(x^2 + 1)^(3/2)", None),
    ],
)
def test_trig_substitution(integrand: str, expected: str | None) -> None:
    d = integrate(integrand, verify=True)
    assert d.lines[0].rules[0] is RuleId.TRIG_SUBSTITUTION
    if expected is not None:
        assert to_text(d.result) == expected
    assert antiderivative_ok(integrand, d.result) and d.verified is True


def test_the_secant_substitution_states_where_it_holds() -> None:
    """x = 3 sec θ gives √(x² − 9) = 3 tan θ only for x ≥ 3: the answer says so (x ≥ 3), it is
    verified there only, and a definite integral reaching below 3 is refused."""
    d = integrate("1/(x^2 sqrt(x^2 - 9))", verify=True)
    assert d.verified is True and d.sections[0].domain == (Sym("x"), Num(3))
    assert "(x ≥ 3)" in d.to_text(unicode=True) and "x \\geq 3" in d.to_latex()
    assert json.loads(d.to_json())["conditions"] == ["x >= 3"]
    bounded = integrate("sqrt(x^2 - 16)", lower="4", upper="8", verify=True)
    assert bounded.verified is True
    with pytest.raises(UnsupportedError, match="holds for x ≥ 3 only"):
        integrate("1/(x^2 sqrt(x^2 - 9))", lower="-5", upper="-4")


# ---------------------------------------------------------------- what stepcalc cannot do
def test_an_integral_with_no_rule_says_so_and_stops() -> None:
    d = integrate("e^(x^2)")
    assert d.unknown == "stepcalc has no rule for the integral of e^(x²) with respect to x"
    assert d.lines[-1].rules == (RuleId.UNKNOWN,)
    assert d.result is None
    assert "stepcalc 无可用法则求 e^(x²) 关于 x 的积分" in d.to_text(lang="zh")


@pytest.mark.parametrize(
    ("integrand", "form", "expected"),
    [
        # cos x's power below at least sin x's above: tan and sec (CLP-2 §1.8)
        ("1/cos(x)^2", "int sec^2 x dx", "tan x"),
        ("sin(x)/cos(x)^2", "int tan x sec x dx", "sec x"),
        ("cos(2x)/sin(2x)^3", "int cot 2x csc^2 2x dx", None),
        ("1/sin(x)^3", "int csc^3 x dx", "-(csc x cot x/2) - ln|csc x + cot x|/2"),
    ],
)
def test_a_quotient_of_sines_and_cosines_is_written_in_tan_and_sec(
    integrand: str, form: str, expected: str | None
) -> None:
    d = integrate(integrand, verify=True)
    assert d.lines[0].rules == (RuleId.TRIG_IDENTITY,) and to_text(d.lines[0].expr) == form
    assert d.verified is True and antiderivative_ok(integrand, d.result)
    if expected is not None:
        assert to_text(d.result) == expected


@pytest.mark.parametrize(
    ("integrand", "expected"),
    [
        ("1/(2 + cos(x))", "2 atan(tan(x/2)/sqrt(3))/sqrt(3)"),  # Stewart §7.4 exercises
        ("1/(1 + sin(x) + cos(x))", "ln|tan(x/2) + 1|"),
        ("1/(3 - 5 sin(x))", None),
    ],
)
def test_a_rational_function_of_sin_and_cos_by_t_equals_tan_half_x(
    integrand: str, expected: str | None
) -> None:
    """t = tan(x/2): sin x = 2t/(1 + t²), cos x = (1 − t²)/(1 + t²), dx = 2/(1 + t²) dt, shown."""
    d = integrate(integrand, verify=True)
    assert [to_text(b.value) for b in d.sections[0].bindings] == ["tan(x/2)"]
    assert "sin x = 2t/(1 + t^2), cos x = (1 - t^2)/(1 + t^2), dx = (2/(1 + t^2)) dt" in d.to_text()
    assert d.verified is True and antiderivative_ok(integrand, d.result)
    if expected is not None:
        assert to_text(d.result) == expected


def test_the_reduction_formula_for_cosecant() -> None:
    """∫ csc³x dx = −csc x cot x/2 + (1/2) ∫ csc x dx (CLP-2 §1.8, Stewart 7.2)."""
    d = integrate("csc(x)^3", verify=True)
    assert d.lines[0].rules == (RuleId.COSECANT_REDUCTION,)
    assert d.verified is True and antiderivative_ok("csc(x)^3", d.result)


@pytest.mark.parametrize(
    ("integrand", "split"),
    [
        # after a completed square: (u + 1)²/√(u² + 1), split into three integrals
        ("(x^2 + 2x + 1)/sqrt(x^2 + 1)", "int (x^2/sqrt(x^2 + 1) + 2x/sqrt(x^2 + 1) + 1/sqrt(x^2 + 1)) dx"),
        ("(1 + sin(x))/cos(x)^2", "int (1/(cos^2 x) + sin x/(cos^2 x)) dx"),
        ("(sec(x)^2 + 2 tan(x)) sec(x)", "int (sec^2 x sec x + 2 tan x sec x) dx"),
    ],
)
def test_a_sum_over_a_root_or_a_trigonometric_function_is_split(integrand: str, split: str) -> None:
    """No substitution takes these whole: the fraction is split, or the product multiplied out,
    term by term (not integration by parts with u a sum, which grows)."""
    d = integrate(integrand, verify=True)
    assert d.lines[0].rules == (RuleId.DISTRIBUTE,) and to_text(d.lines[0].expr) == split
    assert RuleId.PARTS not in [r for line in d.lines for r in line.rules]
    assert d.verified is True and antiderivative_ok(integrand, d.result)


def test_a_high_power_kept_whole_is_not_multiplied_out() -> None:
    """sec⁴x tan⁴⁶x: sec²x = 1 + tan²x once, tan⁴⁶x kept, u = tan x (CLP-2 §1.8)."""
    d = integrate("sec(x)^4 tan(x)^46", verify=True)
    assert d.lines[0].rules == (RuleId.SEC_TAN_POWERS,)
    assert to_text(d.result) == "tan^49 x/49 + tan^47 x/47" and d.verified is True


def test_a_product_of_trigonometric_functions_is_written_in_sin_and_cos() -> None:
    """tan⁵x·cos²x is sin⁵x/cos³x, then u = cos x with sin⁴x = (1 − u²)² (CLP-2 §1.8).  Parts
    between two trigonometric factors, which goes round in a circle (∫ sin 2x tan⁴x sec²x dx
    and back), is never tried."""
    d = integrate("tan(x)^5 cos(x)^2", verify=True)
    assert (
        d.lines[0].rules == (RuleId.TRIG_IDENTITY,) and to_text(d.lines[0].expr) == "int sin^5 x/(cos^3 x) dx"
    )
    assert [to_text(b.value) for b in d.sections[0].bindings] == ["cos x"]
    assert RuleId.PARTS not in [r for line in d.lines for r in line.rules]
    assert to_text(d.result) == "-(cos^2 x/2) + 2 ln|cos x| + 1/(2 cos^2 x)" and d.verified is True


@pytest.mark.parametrize(
    ("integrand", "u"),
    [
        ("cos(x)/(3 sin(x) + cos(x)^2 - 3)", "sin x"),  # cos²x = 1 − u² (CLP-2 §1.10)
        ("sin(x)^3/cos(x)^2", "cos x"),
    ],
)
def test_a_substitution_uses_the_pythagorean_identity_for_what_is_left(integrand: str, u: str) -> None:
    d = integrate(integrand, verify=True)
    assert [to_text(b.value) for b in d.sections[0].bindings] == [u]
    assert d.verified is True and antiderivative_ok(integrand, d.result)


class _Swap(HoleKind[Integral]):
    """A table whose one rule turns ∫ f into 2∫ g and ∫ g into ∫ f: a cycle."""

    node = Integral

    def find(self, hole: Integral) -> Found | None:
        other = Integral(Sym("g") if hole.expr == Sym("f") else Sym("f"), hole.var)
        return Found(None, Kind.LINEAR, (RuleId.SIMPLIFY,), Mul((Num(2), other)))


class _Deeper(HoleKind[Integral]):
    """A table whose one rule turns ∫ xⁿ into 2∫ xⁿ⁺¹: never the same hole, never done."""

    node = Integral

    def find(self, hole: Integral) -> Found | None:
        deeper = Integral(Mul((hole.var, hole.expr)), hole.var)
        return Found(None, Kind.LINEAR, (RuleId.SIMPLIFY,), Mul((Num(2), deeper)))


def test_complete_ends_a_cycle_and_a_too_deep_nesting_in_no_rule() -> None:
    hole = Integral(Sym("f"), Sym("x"))
    with pytest.raises(NoRule):  # ∫ f comes back inside its own filling
        complete(hole, _Swap(), Budget(10_000, time.monotonic() + 60, 60))
    with pytest.raises(NoRule):  # 40 integrals deep, as the integral trials are capped
        complete(hole, _Deeper(), Budget(10_000, time.monotonic() + 60, 60), max_nesting=40)


class _Doubling(IntegralRule):
    """∫ f(x) dx = ∫ f(t₁) dt₁ + ∫ f(t₁) dt₁ − ∫ f(t₁) dt₁, then in t₂, …: never the same hole,
    always the same integral."""

    id = RuleId.SIMPLIFY

    def __init__(self) -> None:
        self.made = 0

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return True

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        self.made += 1
        t = Sym(f"t_{self.made}")
        g = Integral(map_bottom_up(f, lambda n: t if n == x else n), t)
        return Add((g, g, Neg(g))), ()


def test_an_integral_met_again_and_again_is_left_as_no_rule() -> None:
    """A table that keeps returning to the same integral (in its siblings, so no single hole
    sees itself) stops after MAX_MEETINGS meetings, not at Python's recursion limit."""
    ctx = IntegralContext()
    kind = IntegralKind(ctx, (_Doubling(),))
    with pytest.raises(NoRule):
        complete(Integral(Sym("x"), Sym("x")), kind, Budget(10_000, time.monotonic() + 60, 60))
    assert kind.met[path_key(Sym("x"), Sym("x"))] == MAX_MEETINGS + 1


@pytest.mark.parametrize(
    ("integrand", "first", "expected"),
    [
        # Stewart 7.2, CLP-2 §1.8: csc²x = 1 + cot²x, u = cot x
        ("csc(x)^4", RuleId.COT_CSC_POWERS, "-(cot^3 x/3) - cot x"),
        ("cot(x)^2", RuleId.COT_CSC_POWERS, "-cot x - x"),
        # sin 2x = 2 sin x cos x, then u = cos x (CLP-2 §1.7)
        ("sin(2x)/(1 + cos(x)^2)", RuleId.TRIG_IDENTITY, "-ln(1 + cos^2 x)"),
        ("e^(cos(x)) sin(2x)", RuleId.TRIG_IDENTITY, None),
        # multiplied by the conjugate: (1 + sin x)/cos²x (Stewart 7.2)
        ("1/(1 - sin(x))", RuleId.CONJUGATE, "tan x + sec x"),
    ],
)
def test_more_trigonometric_integrals(integrand: str, first: RuleId, expected: str | None) -> None:
    d = integrate(integrand, verify=True)
    assert first in d.lines[0].rules
    assert d.verified is True and antiderivative_ok(integrand, d.result)
    if expected is not None:
        assert to_text(d.result) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("x^2 dx", "x^3/3"),
        ("∫ x^2 dx", "x^3/3"),
        ("int (x^2 + 1) dx", "x^3/3 + x"),
        ("x^2*dx", "x^3/3"),
        ("x^2dx", "x^3/3"),  # not x²·d·x
        ("∫ sin(t) dt", "-cos t"),  # the variable read from dt
    ],
)
def test_an_integral_as_people_type_it(typed: str, expected: str) -> None:
    d = integrate(typed, verify=True)
    assert to_text(d.result) == expected and d.verified is True
    assert Sym("d") not in free_symbols(d.problem.expr)


def test_a_dx_inside_the_integral_is_an_error_at_its_column() -> None:
    with pytest.raises(ParseError, match="dx stands inside the integral at column 7") as caught:
        integrate("∫ x^2 dx + 1")
    assert caught.value.column == 7
    with pytest.raises(UnsupportedError, match="written dt but wrt is x"):
        integrate("sin(t) dt", "x")


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"lower": "-1", "upper": "1", "expr": "1/x"}, UnsupportedError, "not continuous on [-1, 1]"),
        ({"lower": "1", "expr": "x"}, StepcalcError, "needs both bounds"),
        ({"lower": "oo", "upper": "oo", "expr": "e^(-x)"}, UnsupportedError, "the same infinity"),
        (
            {"lower": "oo", "upper": "0", "expr": "e^(-x)"},
            UnsupportedError,
            "infinite lower bound must be -oo",
        ),
        ({"lower": "0", "upper": "a", "expr": "x"}, UnsupportedError, "must be a number"),
        ({"expr": "a b"}, UnsupportedError, "several variables"),
    ],
)
def test_bad_integrals_get_a_clear_error(kwargs: dict[str, str], error: type, words: str) -> None:
    expr = kwargs.pop("expr")
    with pytest.raises(error, match=None) as caught:
        integrate(expr, **kwargs)  # type: ignore[arg-type]
    assert words in str(caught.value)


# ---------------------------------------------------------------- improper integrals
@pytest.mark.parametrize(
    ("expr", "lower", "upper", "value"),
    [
        ("1/x^2", "1", "oo", "1"),  # APEX §6.8
        ("e^(-x)", "0", "oo", "1"),
        ("x e^(-x)", "0", "oo", "1"),  # L'Hôpital inside the limit
        ("1/sqrt(x)", "0", "1", "2"),  # f undefined at the lower bound
        ("ln(x)", "0", "1", "-1"),
        ("1/(x^2 + 1)", "-oo", "oo", "pi"),  # split at 0
        ("2^x", "-oo", "0", "1/log(2)"),
        ("1/x", "1", "oo", "oo"),  # diverges
        ("1/sqrt(x)", "1", "oo", "oo"),
        # logarithms at ∞ − ∞ combined, not put over 1/(t − 1)'s denominator (CLP-2 §1.12)
        ("x/((x - 1)^2 (x - 2))", "3", "oo", "2*log(2) - 1/2"),
    ],
)
def test_improper_integrals_are_limits(expr: str, lower: str, upper: str, value: str) -> None:
    d = integrate(expr, lower=lower, upper=upper, verify=True)
    assert d.verified is True and d.exists is True, d.outcomes
    book = sp.sympify(value)
    mine = to_sympy(d.result)  # type: ignore[arg-type]
    assert mine == book if book == sp.oo else sp.simplify(mine - book) == 0
    improper = [line for line in d.lines if RuleId.IMPROPER_INTEGRAL in line.rules]
    assert improper and isinstance(improper[0].expr, Limit)


def test_an_improper_integral_written_out() -> None:
    d = integrate("1/x^2", lower="1", upper="oo")
    assert d.sections[1].lines[0].expr == Limit(
        Integral(parse("1/x^2"), Sym("x"), Num(1), Sym("t")), Sym("t"), INF
    )
    shown = d.to_text(unicode=True)
    assert "∫_{1}^{∞} 1/x² dx = lim_{t→∞} ∫_{1}^{t} 1/x² dx" in shown
    assert "= lim_{t→∞} (1 - 1/t)" in shown


def test_an_oscillating_improper_integral_does_not_exist() -> None:
    d = integrate("cos(x)", lower="0", upper="oo")
    assert d.exists is False and d.result is None and "oscillates" in d.reason
    assert d.verified is not False


def test_an_integrand_undefined_inside_is_still_refused() -> None:
    with pytest.raises(UnsupportedError, match="not continuous"):
        integrate("1/x", lower="-1", upper="oo")


def test_a_derivative_still_to_be_taken_is_not_an_integrand() -> None:
    with pytest.raises(UnsupportedError, match="derivative still to be taken"):
        integrate("d/dx (x^2 sin x)")
    assert to_text(integrate("y = x^2").result) == "x^3/3"  # a named function: its right side


def test_an_integral_inside_an_integral_is_refused() -> None:
    x = Sym("x")
    with pytest.raises(UnsupportedError, match="integral inside an integral"):
        integrate(Integral(Integral(x, x), x))


# ---------------------------------------------------------------- the oracle checks every line
def test_a_wrong_line_is_refuted() -> None:
    from dataclasses import replace

    d = integrate("x e^x")
    d.sections[0].lines[1] = replace(d.sections[0].lines[1], expr=parse("x e^x + e^x"))
    assert d.verify() is False
    assert d.outcomes[0][1] == "refuted"


def test_the_answer_is_also_differentiated_by_stepcalcs_own_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The last line must be an antiderivative by sympy's diff and by stepcalc's derivative
    engine: an engine that differentiated it wrongly would be caught."""
    import stepcalc.oracle.verify as verify

    assert integrate("x e^x", verify=True).verified is True
    monkeypatch.setattr(verify, "_own_derivative", lambda e, x: parse("x e^x + 1"))
    d = integrate("x e^x", verify=True)
    assert d.verified is False and d.outcomes[0][-1] == "refuted"


def test_a_wrong_definite_value_is_refuted() -> None:
    from dataclasses import replace

    d = integrate("x^2", lower="1", upper="2")
    last = d.sections[1].lines[-1]
    d.sections[1].lines[-1] = replace(last, expr=parse("8/3"))
    assert d.verify() is False


SIMPLE = ["x", "x^2", "x^3", "e^x", "sin x", "cos x", "1/x", "sqrt(x)", "e^(2x)", "sin(3x)"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(-5, 5).filter(bool), st.sampled_from(SIMPLE)),
        min_size=1,
        max_size=4,
    )
)
def test_sums_of_table_integrals_are_integrated_and_verified(terms: list[tuple[int, str]]) -> None:
    """The derivative of every antiderivative stepcalc returns is the integrand (sympy checks)."""
    integrand = " + ".join(f"({c}) {t}" for c, t in terms)
    d = integrate(integrand, verify=True)
    assert d.result is not None and not d.unknown
    assert d.verified is True
    assert antiderivative_ok(integrand, d.result)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["x", "x^2", "x^3", "1"]),
    st.sampled_from(["e^x", "sin x", "cos x", "e^(2x)", "e^(-x)", "sin(2x)"]),
)
def test_polynomial_times_exp_or_trig_goes_by_parts(poly: str, other: str) -> None:
    integrand = f"{poly} {other}" if poly != "1" else other
    d = integrate(integrand, verify=True)
    assert d.verified is True
    assert antiderivative_ok(integrand, d.result)


# ---------------------------------------------------------------- output
def test_json_is_a_derivations() -> None:
    data = integrate("x e^x", verify=True).to_dict()
    assert data["problem"]["kind"] == "integral"
    assert data["result"]["sympy"] == "x*E**x - E**x"  # without + C
    assert data["lines"][-1]["text"] == "x e^x - e^x + C"
    assert data["lines"][0]["rules"][0] == "parts"
    assert data["verified"] is True
    definite = integrate("x^2", lower="1", upper="2").to_dict()
    assert definite["result"]["sympy"] == "7/3"


def test_latex_and_html_write_the_integral_sign() -> None:
    d = integrate("x^2", lower="1", upper="2")
    latex = d.to_latex()
    assert "\\int_{1}^{2} x^{2} \\, dx" in latex and "\\left[\\frac{x^{3}}{3}\\right]_{1}^{2}" in latex
    html = d.to_html()
    assert "<msubsup><mo>∫</mo>" in html and "微积分基本定理" in d.to_html(lang="zh")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stepcalc", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_cli_integrate() -> None:
    done = _cli("integrate", "x^2", "--from", "1", "--to", "2", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["result"]["sympy"] == "7/3"
    plain = _cli("integrate", "2x cos(x^2)")
    assert plain.returncode == 0 and "let u = x^2" in plain.stdout and "[verified: 4 lines]" in plain.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("integrate", "e^(x^2)"), "no rule for the integral"),
        (("integrate", "x", "--from", "1"), "needs both bounds"),
        (("integrate", "1/x", "--from", "-1", "--to", "1"), "not continuous"),
        (("integrate", "x +"), "column"),
    ],
)
def test_cli_bad_input_is_one_line_exit_2(args: tuple[str, ...], words: str) -> None:
    done = _cli(*args)
    assert done.returncode == 2
    assert words in done.stderr and "Traceback" not in done.stderr


# ---------------------------------------------------------------- checking a student's integral
@pytest.mark.parametrize(
    ("problem", "answer", "verdict", "mistake"),
    [
        ("cos(3x)", "sin(3x)/3 + C", "correct", None),
        ("cos(3x)", "sin(3x)/3", "correct", None),  # + C missing: a remark
        ("cos(3x)", "sin(3x)/3 + 7", "correct", None),  # another constant is as good
        ("cos(3x)", "sin(3x) + C", "incorrect", "integral_forgot_inner"),  # the 1/a forgotten
        ("sin x", "cos x + C", "incorrect", "integral_sin_sign"),  # the sign of ∫ sin
        ("x^2", "x^3 + C", "incorrect", "integral_factor"),  # the power rule's 1/(n + 1)
        ("x e^x", "x e^x + C", "incorrect", None),
        ("x e^x", "x e^x - e^x + K", "correct", None),
    ],
)
def test_check_integral(problem: str, answer: str, verdict: str, mistake: str | None) -> None:
    from stepcalc.tasks.check_integral import check_integral

    v = check_integral(problem, answer)
    assert (v.verdict, v.mistake) == (verdict, mistake), v.feedback


def test_a_missing_constant_is_a_remark_unless_required() -> None:
    from stepcalc.tasks.check_integral import check_integral

    assert "Add the constant of integration, + C." in check_integral("2x", "x^2").feedback
    strict = check_integral("2x", "x^2", require_constant=True)
    assert (strict.verdict, strict.mistake) == ("incorrect", "missing_constant")
    assert check_integral("2x", "x^2 + C", require_constant=True).verdict == "correct"


def test_check_a_definite_integral_by_its_value() -> None:
    from stepcalc.tasks.check_integral import check_integral

    assert check_integral("x^2", "7/3", lower="1", upper="2").verdict == "correct"
    wrong = check_integral("x^2", "8/3", lower="1", upper="2")
    assert wrong.verdict == "incorrect" and "The integral is 7/3." in wrong.feedback


def test_cli_check_integral() -> None:
    done = _cli("check", "--integral", "cos(3x)", "--answer", "sin 3x + C", "--format", "json")
    assert done.returncode == 0
    data = json.loads(done.stdout)
    assert data["verdict"] == "incorrect" and data["mistake"] == "integral_forgot_inner"
    zh = _cli("check", "--integral", "x^2", "--answer", "x^3 + C", "--lang", "zh")
    assert "少了一个常数因子" in zh.stdout
    bad = _cli("check", "--integral", "x^2", "--answer", "x +")
    assert bad.returncode == 0 and "column" in bad.stdout


# ---------------------------------------------------------------- homework sheets
def test_a_sheet_with_integrals(tmp_path: object) -> None:
    from pathlib import Path

    from stepcalc.tasks.sheet import read_sheet, write_sheet

    folder = Path(str(tmp_path))
    sheet = folder / "s.yaml"
    sheet.write_text(
        "title: Integrals\nlanguage: en\nproblems:\n  - integrate: x e^x\n"
        "  - integrate: x^2\n    interval: 1,2\n  - integrate: t^2\n    wrt: t\n",
        encoding="utf-8",
    )
    paths = write_sheet(read_sheet(sheet), folder / "out", fmt="md")
    problems, solutions = (p.read_text(encoding="utf-8") for p in sorted(paths))
    assert "Find $\\int x e^{x} \\, dx$" in problems
    assert "Find $\\int_{1}^{2} x^{2} \\, dx$" in problems
    assert "\\int t^{2} \\, dt" in problems
    assert "+ C" in solutions and "\\frac{7}{3}" in solutions


def test_a_sheet_interval_must_be_two_bounds(tmp_path: object) -> None:
    from pathlib import Path

    from stepcalc.tasks.sheet import read_sheet, write_sheet

    sheet = Path(str(tmp_path)) / "s.yaml"
    sheet.write_text("problems:\n  - integrate: x\n    interval: 1\n", encoding="utf-8")
    with pytest.raises(StepcalcError, match=r"problem 1.*two bounds"):
        write_sheet(read_sheet(sheet), Path(str(tmp_path)) / "out", fmt="md")
