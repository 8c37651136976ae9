"""The interface of derivative rules and the small helpers all rules share."""

from __future__ import annotations

import functools
from fractions import Fraction

from stepcalc.engine import Kind
from stepcalc.expr import Add, Deriv, Div, Expr, Mul, Neg, Num, Pow, Sym, children, num
from stepcalc.steps import RuleId


class Rule:
    """A named rewrite of one derivative hole.  The docstring of a subclass is its pattern."""

    id: RuleId
    kind: Kind = Kind.LEAF

    def match(self, f: Expr, x: Sym) -> bool:
        raise NotImplementedError

    def apply(self, f: Expr, x: Sym) -> Expr:
        raise NotImplementedError

    def rule_ids(self, f: Expr, x: Sym) -> tuple[RuleId, ...]:
        """The ids this application is named by (the chain rule adds the outer rule's id)."""
        return (self.id,)


@functools.lru_cache(maxsize=1 << 16)
def depends_on(e: Expr, x: Sym) -> bool:
    """Whether ``e`` changes with ``x`` (memoised: rules ask this of the same nodes often)."""
    if e == x:
        return True
    if isinstance(e, Deriv) and e.var == x:
        return depends_on(e.expr, x)
    return any(depends_on(c, x) for c in children(e))


def d(f: Expr, x: Sym) -> Deriv:
    """A new hole."""
    return Deriv(f, x)


_SMALL = 256
_FRACTIONS = {k: Fraction(k) for k in range(-_SMALL, _SMALL + 1)}


def rational(e: Expr) -> Fraction | None:
    """The exact value of a numeric constant written with numbers only (``-1/2``), else None."""
    if isinstance(e, Num):
        value = e.value
        if type(value) is int and -_SMALL <= value <= _SMALL:
            return _FRACTIONS[value]  # Fractions are immutable: the small ones are made once
        return Fraction(value)
    if isinstance(e, Neg):
        inner = rational(e.arg)
        return None if inner is None else -inner
    if isinstance(e, Div):
        a, b = rational(e.num), rational(e.den)
        return None if a is None or b is None or b == 0 else a / b
    return None


def number(value: Fraction | int) -> Expr:
    """A rational as a textbook writes it: ``3``, ``-2``, ``1/2``, ``-3/2``."""
    value = Fraction(value)
    if value.denominator == 1:
        return num(value.numerator)
    body = Div(Num(abs(value.numerator)), Num(value.denominator))
    return Neg(body) if value < 0 else body


def minus_one(e: Expr) -> Expr:
    """``e - 1`` for an exponent, computed when ``e`` is a rational constant."""
    value = rational(e)
    if value is not None:
        return number(value - 1)
    return Add((e, Neg(Num(1))))


def power(base: Expr, exponent: Expr) -> Expr:
    """``base^exponent`` without writing ``^1``."""
    return base if exponent == Num(1) else Pow(base, exponent)


def product(*factors: Expr) -> Expr:
    """A product of the given factors, dropping a leading ``1``."""
    kept = [f for f in factors if f != Num(1)] or [Num(1)]
    return kept[0] if len(kept) == 1 else Mul(tuple(kept))


def negate(e: Expr) -> Expr:
    return e.arg if isinstance(e, Neg) else Neg(e)
