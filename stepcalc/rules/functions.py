"""Derivatives of the functions, as data read from the catalogue.

Each function's rule is one small unit of ``stepcalc.catalogue``: its rule id, its pattern
(the docstring a textbook prints) and ``F'(u)``.  The direct rules (``(sin x)' = cos x``) and
the chain rule (``(sin u)' = cos u · u'``) both read this table, so a function is added in
one place; powers (``u^n``, ``e^u``, ``a^u``) are the outer forms added here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from stepcalc import catalogue
from stepcalc.expr import E, Expr, Func, Neg, Num, Pow
from stepcalc.rules.base import minus_one, number, power, product, rational
from stepcalc.steps import RuleId


@dataclass(frozen=True, slots=True)
class Outer:
    """``F`` in ``F(u)``: its rule id, pattern, and ``F'(u)`` built from ``u``."""

    id: RuleId
    pattern: str
    derivative: Callable[[Expr], Expr]
    note: str = ""


def _outer(f: catalogue.Function, params: tuple[Expr, ...] = ()) -> Outer:
    """The catalogue's rule for ``f``, its other arguments (a base, a slope) fixed."""
    derivative = f.derivative
    assert f.rule is not None and derivative is not None
    if not params:
        return Outer(f.rule, f.pattern, derivative, f.note)
    return Outer(f.rule, f.pattern, lambda u: derivative(u, *params), f.note)


# The derivatives of the functions of one argument, read from the catalogue.
FUNCTIONS: dict[str, Outer] = {
    f.name: _outer(f) for f in catalogue.CATALOGUE if f.derivative is not None and f.arity == (1, 1)
}

# Functions a textbook differentiates from their definition when asked for F(x) itself.
DEFINITIONS: dict[str, Callable[[Expr], Expr]] = {
    f.name: f.definition for f in catalogue.CATALOGUE if f.definition is not None
}


def outer_form(f: Expr) -> tuple[Outer, Expr] | None:
    """Split ``f`` into ``F(u)``: the table entry for ``F`` and the inner ``u`` (or None).

    Powers are outer forms too: ``u^c`` (power rule), ``e^u`` (exp), ``a^u`` (a^x).
    Only forms whose other parts are constants are returned; the caller checks that.
    """
    if isinstance(f, Func):
        entry = catalogue.FUNCTIONS.get(f.name)
        if entry is not None and entry.derivative is not None and f.args:
            if len(f.args) == 1 and f.name in FUNCTIONS:
                return FUNCTIONS[f.name], f.args[0]
            params = catalogue.arguments(entry, f.args)[1:]
            return _outer(entry, params), f.args[0]
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
            RuleId.EXP_BASE, "(a^u)' = a^u ln a · u'", lambda u: product(Pow(base, u), Func("ln", (base,)))
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
