"""The mal-rule record and the small predicates the mal-rule tables share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from stepcalc.expr import Add, Div, E, Expr, Func, Mul, Num, Pow, Sym
from stepcalc.rules.base import depends_on, negate, number, rational
from stepcalc.rules.derivative import split
from stepcalc.rules.functions import Outer


@dataclass(frozen=True, slots=True)
class MalRule:
    """A wrong rule: ``pattern`` is what the student did (mathematics, the same in every
    language); its words are the phrases ``mistake.<id>`` and ``right.<id>``."""

    id: str
    pattern: str
    match: Callable[[Expr, Sym], bool]
    apply: Callable[[Expr, Sym], Expr]


def chain_form(f: Expr, x: Sym) -> tuple[Outer, Expr] | None:
    """``f`` as ``F(u)`` with an inner function ``u`` of x other than x itself, or None."""
    form = split(f, x)
    if form is None or form[1] == x or not depends_on(form[1], x):
        return None
    return form


def is_chain(f: Expr, x: Sym) -> bool:
    return chain_form(f, x) is not None


def is_function(*names: str) -> Callable[[Expr, Sym], bool]:
    """A match for ``F(u)`` with F one of ``names`` and u depending on x."""
    return lambda f, x: isinstance(f, Func) and f.name in names and len(f.args) == 1 and depends_on(f, x)


def argument(f: Expr) -> Expr:
    """The argument ``u`` of ``F(u)``."""
    assert isinstance(f, Func)
    return f.args[0]


def is_exponential(f: Expr, x: Sym) -> bool:
    """``a^u``: a constant base (e included) and an exponent that depends on x."""
    return isinstance(f, Pow) and not depends_on(f.base, x) and depends_on(f.exp, x)


def is_natural_exponential(f: Expr, x: Sym) -> bool:
    """``e^u`` or ``exp(u)`` with u depending on x."""
    return (isinstance(f, Pow) and f.base == E and depends_on(f.exp, x)) or is_function("exp")(f, x)


def exponent_of(f: Expr) -> Expr:
    """``u`` in ``e^u`` or ``exp(u)``."""
    return f.exp if isinstance(f, Pow) else argument(f)


def is_power_with_constant_exponent(f: Expr, x: Sym) -> bool:
    return isinstance(f, Pow) and depends_on(f.base, x) and not depends_on(f.exp, x)


def power_form(f: Expr, x: Sym) -> tuple[Expr, Expr] | None:
    """``f`` as ``u^n`` with a constant n, the way a student rewrites it for the power rule:
    ``u^n``; ``√u = u^(1/2)``; ``1/u^n = u^(-n)``; ``1/v = v^(-1)``.  None otherwise."""
    if is_power_with_constant_exponent(f, x):
        assert isinstance(f, Pow)
        return f.base, f.exp
    if isinstance(f, Func) and f.name == "sqrt" and len(f.args) == 1 and depends_on(f, x):
        return f.args[0], Div(Num(1), Num(2))
    if isinstance(f, Div) and f.num == Num(1) and depends_on(f.den, x):
        inner = power_form(f.den, x)
        return (f.den, number(-1)) if inner is None else (inner[0], negated(inner[1]))
    return None


def negated(n: Expr) -> Expr:
    """``-n`` for an exponent, computed when n is a rational constant."""
    value = rational(n)
    return number(-value) if value is not None else negate(n)


def plus_one(n: Expr) -> Expr:
    """``n + 1`` for an exponent, computed when n is a rational constant."""
    value = rational(n)
    return number(value + 1) if value is not None else Add((n, Num(1)))


def is_constant_multiple(f: Expr, x: Sym) -> bool:
    return (
        isinstance(f, Mul)
        and any(not depends_on(g, x) and g != Num(1) for g in f.factors)
        and any(depends_on(g, x) for g in f.factors)
    )


def is_two_factor_quotient(f: Expr, x: Sym) -> bool:
    return isinstance(f, Div) and depends_on(f.num, x) and depends_on(f.den, x)


def is_product_of_functions(f: Expr, x: Sym) -> bool:
    return isinstance(f, Mul) and sum(depends_on(g, x) for g in f.factors) >= 2
