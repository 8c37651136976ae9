"""Mal-rules of powers, roots and exponentials: the power rule where it does not belong, the
exponent moved the wrong way, the coefficient or the ln a left out, constants differentiated."""

from __future__ import annotations

from stepcalc.expr import Div, E, Expr, Func, Num, Pow, Sym
from stepcalc.malrules.base import (
    MalRule,
    argument,
    exponent_of,
    is_exponential,
    is_function,
    is_natural_exponential,
    is_power_with_constant_exponent,
    plus_one,
    power_form,
)
from stepcalc.rules.base import d, depends_on, minus_one, negate, number, power, product, rational
from stepcalc.rules.functions import FUNCTIONS


def _times(n: Expr, *factors: Expr) -> Expr:
    """``n · factors`` with a negative rational n written as a leading minus sign."""
    value = rational(n)
    if value is not None and value < 0:
        return negate(product(number(-value), *factors))
    return product(n, *factors)


def _power(u: Expr, n: Expr) -> Expr:
    """``u^n`` without writing ``^1`` or ``^0``."""
    return Num(1) if rational(n) == 0 else power(u, n)


POWER_RULE_ON_EXPONENTIAL = MalRule(
    "power_rule_on_exponential",
    "(a^u)' = u a^(u-1) u'",
    is_exponential,
    lambda f, x: product(f.exp, Pow(f.base, minus_one(f.exp)), d(f.exp, x)),  # type: ignore[attr-defined]
)

EXPONENT_NOT_LOWERED = MalRule(
    "exponent_not_lowered",
    "(u^n)' = n u^n u'",
    is_power_with_constant_exponent,
    lambda f, x: product(f.exp, f, d(f.base, x)),  # type: ignore[attr-defined]
)


def _power_rule_slip(f: Expr, x: Sym) -> bool:
    form = power_form(f, x)
    return form is not None and rational(form[1]) != 1


def _coefficient_dropped(f: Expr, x: Sym) -> Expr:
    form = power_form(f, x)
    assert form is not None
    u, n = form
    return product(_power(u, minus_one(n)), d(u, x))


POWER_COEFFICIENT_DROPPED = MalRule(
    "power_coefficient_dropped",
    "(u^n)' = u^(n-1) u'",
    _power_rule_slip,
    _coefficient_dropped,
)


def _exponent_raised(f: Expr, x: Sym) -> Expr:
    form = power_form(f, x)
    assert form is not None
    u, n = form
    return _times(n, _power(u, plus_one(n)), d(u, x))


EXPONENT_RAISED = MalRule(
    "exponent_raised",
    "(u^n)' = n u^(n+1) u'",
    _power_rule_slip,
    _exponent_raised,
)


def _negative_power(f: Expr, x: Sym) -> bool:
    form = power_form(f, x)
    value = None if form is None else rational(form[1])
    return value is not None and value < 0


def _sign_lost(f: Expr, x: Sym) -> Expr:
    form = power_form(f, x)
    assert form is not None
    u, n = form
    return product(negate(n), _power(u, minus_one(n)), d(u, x))


RECIPROCAL_SIGN = MalRule(
    "reciprocal_sign",
    "(1/v)' = v'/v²;  (u^(-n))' = n u^(-n-1) u'",
    _negative_power,
    _sign_lost,
)

SQRT_HALF_DROPPED = MalRule(
    "sqrt_half_dropped",
    "(√u)' = u'/√u",
    is_function("sqrt"),
    lambda f, x: Div(d(argument(f), x), f),
)


def _power_of_inner(f: Expr, x: Sym) -> bool:
    # u = x would give 1; n = 1 would give u', the right answer
    return is_power_with_constant_exponent(f, x) and isinstance(f, Pow) and f.base != x and f.exp != Num(1)


POWER_DERIVATIVE_INSIDE = MalRule(
    "power_derivative_inside",
    "(u^n)' = (u')^n",
    _power_of_inner,
    lambda f, x: Pow(d(f.base, x), f.exp),  # type: ignore[attr-defined]
)


def _is_exponential_other_than_e(f: Expr, x: Sym) -> bool:
    return is_exponential(f, x) and isinstance(f, Pow) and f.base != E


EXPONENTIAL_WITHOUT_LN = MalRule(
    "exponential_without_ln",
    "(a^u)' = a^u u'",
    _is_exponential_other_than_e,
    lambda f, x: product(f, d(f.exp, x)),  # type: ignore[attr-defined]
)


def _is_exp_of_inner(f: Expr, x: Sym) -> bool:
    return is_natural_exponential(f, x) and exponent_of(f) != x


EXP_INNER_REPLACED_BY_X = MalRule(
    "exp_inner_replaced_by_x",
    "(e^u)' = u' e^x",
    _is_exp_of_inner,
    lambda f, x: product(d(exponent_of(f), x), Pow(E, x)),
)

EXP_DERIVATIVE_TIMES_EXPONENT = MalRule(
    "exp_derivative_times_exponent",
    "(e^x)' = x e^x",
    lambda f, x: isinstance(f, Pow) and f.base == E and depends_on(f.exp, x),
    lambda f, x: product(f.exp, f, d(f.exp, x)),  # type: ignore[attr-defined]
)


def _looks_like_a_function(f: Expr, x: Sym) -> bool:
    """A constant written like a function of a variable: π², e³, a², ln 2, √3, sin 1."""
    if depends_on(f, x):
        return False
    if isinstance(f, Pow):
        return not isinstance(f.base, Num) and rational(f.exp) not in (None, 0, 1)
    return isinstance(f, Func) and f.name in FUNCTIONS and len(f.args) == 1


def _as_if_variable(f: Expr, x: Sym) -> Expr:
    if isinstance(f, Pow):
        return _times(f.exp, _power(f.base, minus_one(f.exp)))
    assert isinstance(f, Func)
    return FUNCTIONS[f.name].derivative(f.args[0])


CONSTANT_DIFFERENTIATED_AS_VARIABLE = MalRule(
    "constant_differentiated_as_variable",
    "(c^n)' = n c^(n-1);  (F(c))' = F'(c)",
    _looks_like_a_function,
    _as_if_variable,
)


def _is_variable_power(f: Expr, x: Sym) -> bool:
    return isinstance(f, Pow) and depends_on(f.base, x) and depends_on(f.exp, x)


POWER_RULE_ON_VARIABLE_EXPONENT = MalRule(
    "power_rule_on_variable_exponent",
    "(u^v)' = v u^(v-1) u'",
    _is_variable_power,
    lambda f, x: _times(f.exp, Pow(f.base, minus_one(f.exp)), d(f.base, x)),  # type: ignore[attr-defined]
)
