"""Mal-rules of the elementary functions: logarithms, trigonometric and inverse functions."""

from __future__ import annotations

from collections.abc import Callable

from stepcalc.expr import Add, Div, Expr, Func, Neg, Num, Sym
from stepcalc.malrules.base import MalRule, argument, is_function
from stepcalc.rules.base import d, depends_on, product
from stepcalc.rules.functions import FUNCTIONS


def _is_ln_of_inner(f: Expr, x: Sym) -> bool:
    return is_function("ln")(f, x) and argument(f) != x


LN_WITHOUT_INNER_DERIVATIVE = MalRule(
    "ln_without_inner_derivative",
    "(ln u)' = 1/u",
    _is_ln_of_inner,
    lambda f, x: Div(Num(1), argument(f)),
)

LN_OVER_LN = MalRule(
    "ln_over_ln",
    "(ln u)' = u'/ln u",
    is_function("ln"),
    lambda f, x: Div(d(argument(f), x), f),
)

LN_ONE_OVER_INNER_DERIVATIVE = MalRule(
    "ln_one_over_inner_derivative",
    "(ln u)' = 1/u'",
    _is_ln_of_inner,
    lambda f, x: Div(Num(1), d(argument(f), x)),
)


def _is_ln_of_sum(f: Expr, x: Sym) -> bool:
    return is_function("ln")(f, x) and isinstance(argument(f), Add)


def _ln_of_each_term(f: Expr, x: Sym) -> Expr:
    """ln(a + b - c) read as ln a + ln b - ln c, then differentiated."""
    inner = argument(f)
    assert isinstance(inner, Add)
    return Add(
        tuple(
            Neg(d(Func("ln", (t.arg,)), x)) if isinstance(t, Neg) else d(Func("ln", (t,)), x)
            for t in inner.terms
        )
    )


LN_OF_SUM_SPLIT = MalRule(
    "ln_of_sum_split",
    "(ln(u + v))' = (ln u + ln v)'",
    _is_ln_of_sum,
    _ln_of_each_term,
)


def _is_log_with_constant_base(f: Expr, x: Sym) -> bool:
    return (
        isinstance(f, Func)
        and f.name == "log"
        and len(f.args) == 2
        and depends_on(f.args[0], x)
        and not depends_on(f.args[1], x)
    )


LOG_BASE_WITHOUT_LN = MalRule(
    "log_base_without_ln",
    "(log_a u)' = u'/u",
    _is_log_with_constant_base,
    lambda f, x: d(Func("ln", (argument(f),)), x),
)

COS_SIGN = MalRule(
    "cos_sign",
    "(cos u)' = sin u · u'",
    is_function("cos"),
    lambda f, x: product(Func("sin", (argument(f),)), d(argument(f), x)),
)

SIN_SIGN = MalRule(
    "sin_sign",
    "(sin u)' = -cos u · u'",
    is_function("sin"),
    lambda f, x: Neg(product(Func("cos", (argument(f),)), d(argument(f), x))),
)

TAN_SEC_NOT_SQUARED = MalRule(
    "tan_sec_not_squared",
    "(tan u)' = sec u · u'",
    is_function("tan"),
    lambda f, x: product(Func("sec", (argument(f),)), d(argument(f), x)),
)


def _derivative_from(table: dict[str, str]) -> Callable[[Expr, Sym], Expr]:
    """``(F(u))' = G'(u) · u'`` with G = ``table[F]``: the catalogue's derivative of another function."""

    def apply(f: Expr, x: Sym) -> Expr:
        assert isinstance(f, Func)
        u = f.args[0]
        return product(FUNCTIONS[table[f.name]].derivative(u), d(u, x))

    return apply


# The derivative the student wrote down instead: arcsin's for arctan and back; arcsin's
# (no minus) for arccos, arctan's for arccot.
_SWAPPED = {"asin": "atan", "atan": "asin"}
_SIGN_LOST = {"acos": "asin", "acot": "atan"}

ARCSIN_ARCTAN_SWAPPED = MalRule(
    "arcsin_arctan_swapped",
    "(arctan u)' = u'/√(1 - u²);  (arcsin u)' = u'/(1 + u²)",
    is_function(*_SWAPPED),
    _derivative_from(_SWAPPED),
)

ARCCOS_SIGN = MalRule(
    "arccos_sign",
    "(arccos u)' = u'/√(1 - u²);  (arccot u)' = u'/(1 + u²)",
    is_function(*_SIGN_LOST),
    _derivative_from(_SIGN_LOST),
)
