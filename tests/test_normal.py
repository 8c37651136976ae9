"""Exact polynomial and rational normal forms (``stepcalc.simplify.normal``): tables of
``[input, expected]`` in readable text, what is out of reach, and properties against sympy."""

from __future__ import annotations

import subprocess
import sys

import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from stepcalc import parse
from stepcalc.expr import Add, Div, E, Expr, Func, Mul, Neg, Num, Pow, Sym, Vector
from stepcalc.oracle import equal, to_sympy
from stepcalc.printing import to_text
from stepcalc.simplify import univariate
from stepcalc.simplify.generators import MAX_GENERATORS
from stepcalc.simplify.normal import (
    cancel,
    common_factor,
    expand,
    factor,
    from_poly,
    from_rational,
    is_zero,
    rationalised,
    to_rational,
    with_pythagoras,
)

x, y = Sym("x"), Sym("y")


def text(e: Expr | None) -> str | None:
    return None if e is None else to_text(e, readable=True)


# ---------------------------------------------------------------- cancel
CANCEL = [
    ("(x^2 + 4x + 4)/(x + 2)^2", "1"),
    ("(x^2 + 3x + 2)/(x + 1)", "x + 2"),
    ("6y/(x y)^2", "6/(x^2 y)"),
    ("(12(x y)^2 - 24x^2 y^2)/(x y)^4", "-12/(x^2 y^2)"),
    ("1/(2x) + 1/(3x)", "5/(6x)"),
    ("(1 - x)/(x - 1)", "-1"),
    ("(-x - 1)/x", "-(x + 1)/x"),
    ("x/(1 - x)", "-x/(x - 1)"),  # the denominator leads with a positive term
    ("(x/2)/(y/3)", "3x/(2y)"),
    ("(2x + 1)/(4x + 2)", "1/2"),
    ("(x + 1)/2", "x/2 + 1/2"),  # a number below divides each term
    ("x/x", "1"),
    ("pi r^2 + 2x pi", "pi r^2 + 2pi x"),  # constants stand first in a term
    # e^(k u) = (e^u)^k
    ("e^(2x)/e^x", "e^x"),
    ("e^(-x) e^(2x)", "e^x"),
    ("e^(x/2) e^x", "e^(3x/2)"),
    ("exp(2x) - e^x e^x", "0"),
    ("e^(-x)", "1/e^x"),
    # functions are generators
    ("(sin^2 x - 1)/(sin x - 1)", "sin x + 1"),
    ("(ln^2 x - 1)/(ln x + 1)", "ln x - 1"),
    # roots of an atom are powers of one generator; other roots are lowered
    ("x^(1/2) x^(3/2)", "x^2"),
    ("x^(1/3) x^(1/2)", "x^(5/6)"),
    ("sqrt(x)/x - 1/sqrt(x)", "0"),
    ("x^0.5 x^0.5", "x"),
    ("sqrt(x^2 + 1)^2", "x^2 + 1"),
    ("(x^2 + 1)^(3/2)/sqrt(x^2 + 1)", "x^2 + 1"),
    ("1/sqrt(x^2 + 1) - sqrt(x^2 + 1)/(x^2 + 1)", "0"),
    ("sqrt(2) sqrt(2)", "2"),
    ("sqrt(x^2)", None),  # |x|: not x
]


@pytest.mark.parametrize(("source", "expected"), CANCEL)
def test_cancel(source: str, expected: str | None) -> None:
    assert text(cancel(parse(source))) == expected


@pytest.mark.parametrize("source", ["x + 1", "x^2 - 2x + 1", "6/(x^2 y)", "x y/(x + y)", "0"])
def test_cancel_leaves_what_is_already_so(source: str) -> None:
    assert cancel(parse(source)) is None


# ---------------------------------------------------------------- expand
EXPAND = [
    ("2(a + b) + 2a b - b^2", "2a b - b^2 + 2a + 2b"),
    ("(x + 1)^2 - (x - 1)^2", "4x"),
    ("(x + y)^3", "x^3 + 3x^2 y + 3x y^2 + y^3"),
    ("(x - 1)(x + 1)", "x^2 - 1"),
    ("(1 - x)(1 + x)", "1 - x^2"),
    ("x^2/2 + x/3 + (x + 1)^2", "3x^2/2 + 7x/3 + 1"),
    ("x + sqrt(x) + x^2", "x^2 + x + sqrt(x)"),
    ("(e^x + 1)^2", "e^(2x) + 2e^x + 1"),
    ("x(sin x + 1) - sin x", "x sin x + x - sin x"),
    ("e^x + x + sin x + 1", "x + e^x + sin x + 1"),  # symbols, then the rest by name
]


@pytest.mark.parametrize(("source", "expected"), EXPAND)
def test_expand(source: str, expected: str) -> None:
    assert text(expand(parse(source))) == expected


@pytest.mark.parametrize("source", ["1/x", "x/(x + 1)", "x^2 - 2x + 1", "x^1000"])
def test_expand_answers_none_for_no_polynomial_or_nothing_to_do(source: str) -> None:
    assert expand(parse(source)) is None


def test_expand_writes_the_shapes_stepcalc_writes() -> None:
    assert expand(parse("(x - 1)^2")) == Add((Pow(x, Num(2)), Neg(Mul((Num(2), x))), Num(1)))
    assert expand(parse("x(2y)")) == Mul((Num(2), x, y))
    assert expand(parse("(1 - x)/2 - 1/2")) == Neg(Div(x, Num(2)))


# ---------------------------------------------------------------- factor
FACTOR = [
    ("x^2 e^x + 2x e^x", "x e^x (x + 2)"),
    ("x^2 - 1", "(x + 1) (x - 1)"),
    ("1 - x^2", "-(x + 1) (x - 1)"),
    ("12x^3 - 12x^2 - 24x", "12x (x + 1) (x - 2)"),
    ("x^3 - 3x^2 + 3x - 1", "(x - 1)^3"),
    ("x^4 - 1", "(x + 1) (x - 1) (x^2 + 1)"),
    ("(x - 1)^2 (x + 3)", "(x + 3) (x - 1)^2"),
    ("2x^2 + x - 1", "(x + 1) (2x - 1)"),
    ("x^3 y^2 + x^2 y^3", "x^2 y^2 (x + y)"),
    ("-2x - 4", "-2(x + 2)"),
    ("x^2/2 - 1/2", "(x + 1) (x - 1)/2"),
    ("(x^2 - 1)/(2x^2 + 4x + 2)", "(x - 1)/(2(x + 1))"),
    ("sin^2 x - 1", "(sin x + 1) (sin x - 1)"),
]


@pytest.mark.parametrize(("source", "expected"), FACTOR)
def test_factor(source: str, expected: str) -> None:
    assert text(factor(parse(source))) == expected


@pytest.mark.parametrize("source", ["x + 1", "0", "x^1000 - 1"])
def test_factor_answers_none(source: str) -> None:
    assert factor(parse(source)) is None


@pytest.mark.parametrize(
    ("source", "kept", "expected"),
    [
        # the problem's bracket stays whole where it divides (it was split into (x - 2)²(x + 2)²)
        ("(5x^2 - 4)/(2x^2 (4 - x^2)^2)", "4 - x^2", "(5x^2 - 4)/(2x^2 (4 - x^2)^2)"),
        ("(x^2 - 1)^2 (x + 1)", "x^2 - 1", "(x + 1) (x^2 - 1)^2"),
        # a bracket that does not divide is no help: the rest is factored as before
        ("x^2 - 1", "x^2 + 1", "(x + 1) (x - 1)"),
    ],
)
def test_factor_keeps_the_brackets_it_is_given(source: str, kept: str, expected: str) -> None:
    found = factor(parse(source), (parse(kept),))
    assert text(found if found is not None else parse(source)) == expected


# ---------------------------------------------------------------- common factor
COMMON = [
    ("x e^x + e^x", "e^x", "x + 1"),
    ("10x^4 + 6x", "2x", "5x^3 + 3"),
    ("-2x - 4", "-2", "x + 2"),
    ("x^2/2 + x/4", "x/4", "2x + 1"),
    ("1/x + 1/x^2", "1/x^2", "x + 1"),
    ("6x^2 y + 9x y^2", "3x y", "2x + 3y"),
]


@pytest.mark.parametrize(("source", "common", "rest"), COMMON)
def test_common_factor(source: str, common: str, rest: str) -> None:
    found = common_factor(parse(source))
    assert found is not None
    assert (text(found[0]), text(found[1])) == (common, rest)


@pytest.mark.parametrize("source", ["x + 1", "x^2", "2x + 3y", "x^1000 + x"])
def test_common_factor_answers_none(source: str) -> None:
    assert common_factor(parse(source)) is None


# ---------------------------------------------------------------- conjugates
RATIONALISED = [
    ("(sqrt(x^2 + 1) + x)/(x sqrt(x^2 + 1) + x^2 + 1)", "sqrt(x^2 + 1)/(x^2 + 1)"),
    ("(x - 4)/(sqrt(x + 5) - 3)", "sqrt(x + 5) + 3"),
    ("1/(sqrt(x + 1) - sqrt(x))", "sqrt(x) + sqrt(x + 1)"),
    ("1/(sqrt(x^2 + 1) - x)", "x + sqrt(x^2 + 1)"),
]


@pytest.mark.parametrize(("source", "expected"), RATIONALISED)
def test_rationalised(source: str, expected: str) -> None:
    found = rationalised(parse(source))
    assert found is not None and text(found) == expected


@pytest.mark.parametrize(
    "source", ["1/(x + 1)", "1/(x + sqrt(y))", "1/sqrt(x)", "1/(2 sqrt(x^2 + 1))", "sin(x)"]
)
def test_rationalised_answers_none_without_a_root_of_degree_one_below(source: str) -> None:
    assert rationalised(parse(source)) is None


# ---------------------------------------------------------------- the Pythagorean identity
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("(2 sin(x) cos(x) (1 - cos(x)) - sin(x)^3)/(1 - cos(x))^2", "-sin x"),
        ("sin(x)^2/(1 - cos(x))", "cos x + 1"),
        ("sinh(x)^2/(cosh(x) - 1)", "cosh x + 1"),
    ],
)
def test_with_pythagoras(source: str, expected: str) -> None:
    found = with_pythagoras(parse(source))
    assert found is not None and text(found) == expected


@pytest.mark.parametrize(
    "source",
    ["sin(x)/(1 + cos(x))", "sin(x)^2/(1 - cos(y))", "sin(x)^2/x", "(cosh(x)^2 - sinh(x)^2)/cosh(x)^2"],
)
def test_with_pythagoras_answers_none_when_nothing_more_cancels(source: str) -> None:
    assert with_pythagoras(parse(source)) is None


# ---------------------------------------------------------------- zero
IS_ZERO = [
    ("(x + 1)^2 - x^2 - 2x - 1", True),
    ("sqrt(x)^2 - x", True),
    ("pi - pi", True),
    ("e^(2x) - (e^x)^2", True),
    ("x - y", False),
    ("3", False),
    ("sqrt(x) - x", False),
    ("pi", None),  # constants may be related
    ("sin(x)^2 + cos(x)^2 - 1", None),  # so may functions
    ("1/0", None),
]


@pytest.mark.parametrize(("source", "expected"), IS_ZERO)
def test_is_zero(source: str, expected: bool | None) -> None:
    assert is_zero(parse(source)) is expected


# ---------------------------------------------------------------- the form itself
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("(x^2 - 1)/(x - 1)", "x + 1"),
        ("e^(2x)", "(e^x)^2"),
        ("exp(x)", "e^x"),
        ("sqrt(x)", "x^(1/2)"),
        ("cbrt(x)^2 cbrt(x)", "cbrt(x)^3"),
        ("1/(2 - 2x)", "-1/(2x - 2)"),
    ],
)
def test_equal_expressions_have_equal_forms(a: str, b: str) -> None:
    fa, fb = to_rational(parse(a)), to_rational(parse(b))
    assert fa is not None and fb is not None
    assert [g.power(1) for g in fa.gens.items] == [g.power(1) for g in fb.gens.items]
    assert (fa.num, fa.den) == (fb.num, fb.den)


def test_a_form_is_coprime_with_a_monic_denominator() -> None:
    form = to_rational(parse("(4x^2 - 4)/(6x^2 + 12x + 6)"))
    assert form is not None
    assert form.num.gcd(form.den).is_one()
    assert text(from_poly(form.den, form.gens)) == "x + 1"
    assert text(from_rational(form)) == "(2x - 2)/(3x + 3)"


def test_generators_stand_in_textbook_order() -> None:
    form = to_rational(parse("sin x + e^x + y + x + pi + sqrt(2)"))
    assert form is not None
    assert [text(g.power(1)) for g in form.gens.items] == ["sqrt(2)", "pi", "x", "y", "e^x", "sin x"]
    assert text(from_rational(form)) == "x + y + e^x + sin x + sqrt(2) + pi"


OUT_OF_REACH: list[Expr] = [
    parse("x^1000"),
    parse("(x + 1)^61"),
    parse("1/0"),
    parse("0/0"),
    parse("x/(x - x)"),
    parse("1/(sqrt(x + 1)^2 - x - 1)"),
    parse("(x + y + z + w + 1)^20"),
    parse("(10^300 x + 1)^50"),
    Add(tuple(Sym(f"x_{i}") for i in range(MAX_GENERATORS + 8))),
    Add(tuple(Func("sin", (Num(i),)) for i in range(1, MAX_GENERATORS + 2))),
    Vector((x, y)),
    Mul((x, Vector((x, y)))),
]


@pytest.mark.parametrize("e", OUT_OF_REACH, ids=lambda e: text(e)[:40] if isinstance(e, Expr) else "")
def test_out_of_reach_is_none_never_an_error(e: Expr) -> None:
    assert to_rational(e) is None
    assert (cancel(e), expand(e), factor(e), common_factor(e), is_zero(e)) == (None,) * 5


def test_importing_the_module_does_not_import_flint() -> None:
    code = "import sys, stepcalc.simplify.normal; print('flint' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------- properties
def _rational_exprs() -> st.SearchStrategy[Expr]:
    leaves = st.one_of(st.sampled_from([x, y]), st.integers(0, 5).map(Num))

    def extend(inner: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
        return st.one_of(
            st.lists(inner, min_size=2, max_size=3).map(lambda ts: Add(tuple(ts))),
            st.lists(inner, min_size=2, max_size=3).map(lambda fs: Mul(tuple(fs))),
            inner.map(Neg),
            st.tuples(inner, inner).map(lambda p: Div(*p)),
            st.tuples(inner, st.integers(-2, 3)).map(
                lambda p: Pow(p[0], Num(p[1]) if p[1] >= 0 else Neg(Num(-p[1])))
            ),
        )

    return st.recursive(leaves, extend, max_leaves=10)


def _same(a: Expr, b: Expr) -> bool:
    return bool(sp.cancel(sp.together(to_sympy(a) - to_sympy(b))) == 0)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(_rational_exprs())
def test_every_form_is_the_expression_it_came_from(e: Expr) -> None:
    form = to_rational(e)
    assume(form is not None)
    assert form is not None
    assert _same(from_rational(form), e)
    for rewritten in (cancel(e), expand(e), factor(e)):
        assert rewritten is None or _same(rewritten, e)
    found = common_factor(e)
    assert found is None or _same(Mul(found), e)


_GENERATED = st.sampled_from(
    [Pow(E, x), Pow(E, Mul((Num(2), x))), Func("sqrt", (x,)), Func("sin", (x,)), Pow(x, Div(Num(3), Num(2)))]
)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(-3, 3), _GENERATED, st.integers(0, 2)), min_size=1, max_size=4))
def test_forms_with_related_generators_keep_the_value(parts: list[tuple[int, Expr, int]]) -> None:
    e = Add(tuple(Mul((Num(abs(c)) if c >= 0 else Neg(Num(-c)), g, Pow(x, Num(k)))) for c, g, k in parts))
    form = to_rational(e)
    assert form is not None
    assert equal(from_rational(form), e).equal is not False


def test_a_cube_root_is_never_written_as_a_power() -> None:
    """∛x is real for x < 0, where x^(1/3) is not: cancelling keeps the root."""
    out = cancel(parse("x/(3 cbrt(x)^2)"))
    assert out is None or "^(1/3)" not in to_text(out)


# ---------------------------------------------------------------- coprime polynomials in one variable
COPRIME = [
    ("2x", "x^2 + 1", True),
    ("23 - 6x", "(2x + 5)^3", True),
    ("-x^4 - 4x^2 + 1", "(x^3 - x)^2", True),
    ("x/2 + 1/3", "3", True),  # a number below: no factor of degree ≥ 1
    ("x^2 - 1", "x + 1", False),
    ("x^2 + 2x + 1", "(x + 1)^2", False),
    ("(2x + 1)^3/4", "4x^2 - 1", False),
    ("x", "sqrt(x)", False),  # not a polynomial: the general gcd decides
    ("x y", "x + 1", False),  # another variable: likewise
    ("0", "x + 1", False),  # 0 shares every factor
    ("x^50", "x + 1", False),  # past MAX_DEGREE: not read
]


@pytest.mark.parametrize(("a", "b", "expected"), COPRIME)
def test_coprime(a: str, b: str, expected: bool) -> None:
    assert univariate.coprime(parse(a), parse(b), x) is expected


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(_rational_exprs(), _rational_exprs())
def test_coprime_agrees_with_the_oracle_gcd(a: Expr, b: Expr) -> None:
    """Where ``coprime`` says so, sympy finds no common factor of degree ≥ 1."""
    if univariate.coprime(a, b, x):
        sa, sb = to_sympy(a), to_sympy(b)
        assert sp.degree(sp.gcd(sp.expand(sa), sp.expand(sb)), to_sympy(x)) == 0
