"""Derivatives of the elementary functions of one argument, as data.

Each entry is one small unit: its rule id, its pattern (the docstring a textbook prints)
and ``F'(u)``.  The direct rules (``(sin x)' = cos x``) and the chain rule
(``(sin u)' = cos u · u'``) both read this table, so a function is added in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from stepcalc.expr import Add, Div, E, Expr, Func, Neg, Num, Pow
from stepcalc.rules.base import minus_one, number, power, product, rational
from stepcalc.steps import RuleId


@dataclass(frozen=True, slots=True)
class Outer:
    """``F`` in ``F(u)``: its rule id, pattern, and ``F'(u)`` built from ``u``."""

    id: RuleId
    pattern: str
    derivative: Callable[[Expr], Expr]
    note: str = ""


def _f(name: str, u: Expr) -> Expr:
    return Func(name, (u,))


def _sq(e: Expr) -> Expr:
    return Pow(e, Num(2))


def _recip(e: Expr) -> Expr:
    return Div(Num(1), e)


def _neg_recip(e: Expr) -> Expr:
    return Neg(Div(Num(1), e))


def _sqrt(e: Expr) -> Expr:
    return _f("sqrt", e)


def _one_minus_sq(u: Expr) -> Expr:
    return Add((Num(1), Neg(_sq(u))))


def _sq_minus_one(u: Expr) -> Expr:
    return Add((_sq(u), Neg(Num(1))))


FUNCTIONS: dict[str, Outer] = {
    "sin": Outer(RuleId.SIN, "(sin u)' = cos u · u'", lambda u: _f("cos", u)),
    "cos": Outer(RuleId.COS, "(cos u)' = -sin u · u'", lambda u: Neg(_f("sin", u))),
    "tan": Outer(RuleId.TAN, "(tan u)' = sec²u · u'", lambda u: _sq(_f("sec", u))),
    "cot": Outer(RuleId.COT, "(cot u)' = -csc²u · u'", lambda u: Neg(_sq(_f("csc", u)))),
    "sec": Outer(RuleId.SEC, "(sec u)' = sec u tan u · u'", lambda u: product(_f("sec", u), _f("tan", u))),
    "csc": Outer(
        RuleId.CSC, "(csc u)' = -csc u cot u · u'", lambda u: Neg(product(_f("csc", u), _f("cot", u)))
    ),
    "asin": Outer(RuleId.ASIN, "(arcsin u)' = u'/√(1 - u²)", lambda u: _recip(_sqrt(_one_minus_sq(u)))),
    "acos": Outer(RuleId.ACOS, "(arccos u)' = -u'/√(1 - u²)", lambda u: _neg_recip(_sqrt(_one_minus_sq(u)))),
    "atan": Outer(RuleId.ATAN, "(arctan u)' = u'/(1 + u²)", lambda u: _recip(Add((Num(1), _sq(u))))),
    "acot": Outer(RuleId.ACOT, "(arccot u)' = -u'/(1 + u²)", lambda u: _neg_recip(Add((Num(1), _sq(u))))),
    "asec": Outer(
        RuleId.ASEC,
        "(arcsec u)' = u'/(|u| √(u² - 1))",
        lambda u: _recip(product(_f("abs", u), _sqrt(_sq_minus_one(u)))),
    ),
    "acsc": Outer(
        RuleId.ACSC,
        "(arccsc u)' = -u'/(|u| √(u² - 1))",
        lambda u: _neg_recip(product(_f("abs", u), _sqrt(_sq_minus_one(u)))),
    ),
    "sinh": Outer(RuleId.SINH, "(sinh u)' = cosh u · u'", lambda u: _f("cosh", u)),
    "cosh": Outer(RuleId.COSH, "(cosh u)' = sinh u · u'", lambda u: _f("sinh", u)),
    "tanh": Outer(RuleId.TANH, "(tanh u)' = sech²u · u'", lambda u: _sq(_f("sech", u))),
    "coth": Outer(RuleId.COTH, "(coth u)' = -csch²u · u'", lambda u: Neg(_sq(_f("csch", u)))),
    "sech": Outer(
        RuleId.SECH, "(sech u)' = -sech u tanh u · u'", lambda u: Neg(product(_f("sech", u), _f("tanh", u)))
    ),
    "csch": Outer(
        RuleId.CSCH, "(csch u)' = -csch u coth u · u'", lambda u: Neg(product(_f("csch", u), _f("coth", u)))
    ),
    "asinh": Outer(
        RuleId.ASINH, "(arsinh u)' = u'/√(u² + 1)", lambda u: _recip(_sqrt(Add((_sq(u), Num(1)))))
    ),
    "acosh": Outer(RuleId.ACOSH, "(arcosh u)' = u'/√(u² - 1)", lambda u: _recip(_sqrt(_sq_minus_one(u)))),
    "atanh": Outer(RuleId.ATANH, "(artanh u)' = u'/(1 - u²)", lambda u: _recip(_one_minus_sq(u))),
    "acoth": Outer(RuleId.ACOTH, "(arcoth u)' = u'/(1 - u²)", lambda u: _recip(_one_minus_sq(u))),
    "asech": Outer(
        RuleId.ASECH,
        "(arsech u)' = -u'/(u √(1 - u²))",
        lambda u: _neg_recip(product(u, _sqrt(_one_minus_sq(u)))),
    ),
    "acsch": Outer(
        RuleId.ACSCH,
        "(arcsch u)' = -u'/(|u| √(1 + u²))",
        lambda u: _neg_recip(product(_f("abs", u), _sqrt(Add((Num(1), _sq(u)))))),
    ),
    "exp": Outer(RuleId.EXP, "(exp u)' = exp u · u'", lambda u: _f("exp", u)),
    "ln": Outer(RuleId.LN, "(ln u)' = u'/u", _recip),
    "sqrt": Outer(RuleId.SQRT, "(√u)' = u'/(2√u)", lambda u: _recip(product(Num(2), _sqrt(u)))),
    "abs": Outer(
        RuleId.ABS,
        "|u|' = sign(u) · u'",
        lambda u: _f("sign", u),
        note="|u| is not differentiable where u = 0; there every a in [-1, 1] is a subderivative",
    ),
    "sign": Outer(RuleId.SIGN, "(sign u)' = 0 (u ≠ 0)", lambda u: Num(0), note="sign u jumps where u = 0"),
    "sigma": Outer(
        RuleId.SIGMOID,
        "σ(u)' = σ(u)(1 - σ(u)) · u'",
        lambda u: product(_f("sigma", u), Add((Num(1), Neg(_f("sigma", u))))),
    ),
    "relu": Outer(
        RuleId.RELU,
        "relu(u)' = H(u) · u' (1 for u > 0, 0 for u < 0)",
        lambda u: _f("heaviside", u),
        note="relu is not differentiable at 0; there every a in [0, 1] is a subderivative",
    ),
    "softplus": Outer(RuleId.SOFTPLUS, "softplus(u)' = σ(u) · u'", lambda u: _f("sigma", u)),
    "heaviside": Outer(RuleId.SIGN, "H(u)' = 0 (u ≠ 0)", lambda u: Num(0), note="H jumps where u = 0"),
}


# Functions a textbook differentiates from their definition when asked for F(x) itself.
DEFINITIONS: dict[str, Callable[[Expr], Expr]] = {
    "sigma": lambda u: Div(Num(1), Add((Num(1), Pow(E, Neg(u))))),
}


def outer_form(f: Expr) -> tuple[Outer, Expr] | None:
    """Split ``f`` into ``F(u)``: the table entry for ``F`` and the inner ``u`` (or None).

    Powers are outer forms too: ``u^c`` (power rule), ``e^u`` (exp), ``a^u`` (a^x).
    Only forms whose other parts are constants are returned; the caller checks that.
    """
    if isinstance(f, Func):
        if f.name in FUNCTIONS and len(f.args) == 1:
            return FUNCTIONS[f.name], f.args[0]
        if f.name == "log" and len(f.args) == 2:
            base = f.args[1]
            return Outer(
                RuleId.LOG_BASE, "(log_a u)' = u'/(u ln a)", lambda u: Div(Num(1), product(u, _f("ln", base)))
            ), f.args[0]
        if _undefined(f.name) and len(f.args) == 1:
            name = f.name
            return Outer(
                RuleId.UNDEFINED_FUNCTION, "(f(u))' = f'(u) · u'", lambda u: Func(name + "'", (u,))
            ), f.args[0]
    if isinstance(f, Pow):
        if f.base == E:
            return Outer(RuleId.EXP, "(e^u)' = e^u · u'", lambda u: Pow(E, u)), f.exp
        base, exp = f.base, f.exp
        return Outer(RuleId.POWER, "(u^n)' = n u^(n-1) · u'", lambda u: _power_derivative(u, exp)), base
    return None


def exp_base_form(f: Expr) -> tuple[Outer, Expr] | None:
    """``a^u`` with a constant base other than e."""
    if isinstance(f, Pow) and f.base != E:
        base = f.base
        return Outer(
            RuleId.EXP_BASE, "(a^u)' = a^u ln a · u'", lambda u: product(Pow(base, u), _f("ln", base))
        ), f.exp
    return None


def _power_derivative(u: Expr, n: Expr) -> Expr:
    """``n u^(n-1)``, with ``n - 1`` worked out when n is a number."""
    value = rational(n)
    if value == 2:
        return product(Num(2), u)
    lowered = power(u, minus_one(n))
    if value is not None and value < 0:
        return Neg(product(number(-value), lowered))
    return product(n, lowered)


def _undefined(name: str) -> bool:
    return name.rstrip("'") in ("f", "g", "h")
