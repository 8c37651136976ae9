"""Trigonometric and hyperbolic identities, and values at the standard angles."""

from __future__ import annotations

from fractions import Fraction

from stepcalc.catalogue import CATALOGUE
from stepcalc.expr import Add, Const, Div, Expr, Func, Mul, Neg, Num, Pow
from stepcalc.rules.base import number, rational
from stepcalc.simplify.core import Simplifier, Unit
from stepcalc.simplify.terms import split_coefficient, sum_of
from stepcalc.steps import RuleId


def _squared(t: Expr | None, name: str) -> Expr | None:
    """The argument u when ``t`` is ``name(u)²``."""
    if isinstance(t, Pow) and t.exp == Num(2) and isinstance(t.base, Func) and t.base.name == name:
        return t.base.args[0]
    return None


class Pythagorean(Unit):
    """c·sin²u + c·cos²u → c inside a sum (the two terms may stand anywhere)."""

    id = RuleId.PYTHAGOREAN

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Add)
        found = pythagoras(list(e.terms))
        return None if found is None else sum_of(found)


def pythagoras(terms: list[Expr]) -> list[Expr] | None:
    split = [split_coefficient(t) for t in terms]
    for i, (c, rest) in enumerate(split):
        u = _squared(rest, "sin")
        if u is None:
            continue
        for j, (c2, rest2) in enumerate(split):
            if c2 == c and _squared(rest2, "cos") == u:
                return [number(c) if k == i else t for k, t in enumerate(terms) if k != j]
    return None


_QUOTIENTS = {
    ("sin", "cos"): "tan",
    ("cos", "sin"): "cot",
    ("sinh", "cosh"): "tanh",
    ("cosh", "sinh"): "coth",
}


class QuotientIdentity(Unit):
    """sin u/cos u → tan u;  cos u/sin u → cot u (hyperbolic too), also inside products
    (``x cos x/sin x`` → ``x cot x``)."""

    id = RuleId.QUOTIENT_IDENTITY

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Div)
        top = list(e.num.factors) if isinstance(e.num, Mul) else [e.num]
        bottom = list(e.den.factors) if isinstance(e.den, Mul) else [e.den]
        for i, f in enumerate(top):
            for j, g in enumerate(bottom):
                if not (
                    isinstance(f, Func) and isinstance(g, Func) and f.args == g.args and len(f.args) == 1
                ):
                    continue
                name = _QUOTIENTS.get((f.name, g.name))
                if name is None:
                    continue
                rest_top = [*top[:i], Func(name, f.args), *top[i + 1 :]]
                rest_bottom = bottom[:j] + bottom[j + 1 :]
                numerator = rest_top[0] if len(rest_top) == 1 else Mul(tuple(rest_top))
                if not rest_bottom:
                    return numerator
                return Div(numerator, rest_bottom[0] if len(rest_bottom) == 1 else Mul(tuple(rest_bottom)))
        return None


# f(0) where it is a number (sin 0 = 0, cos 0 = 1, σ(0) = 1/2), from the catalogue.
_AT_ZERO: dict[str, Expr] = {
    f.name: v
    for f in CATALOGUE
    for v in (f.at_points.get(Fraction(0)),)
    if isinstance(v, Expr) and rational(v) is not None
}


class ValueAtZero(Unit):
    """sin 0 → 0;  cos 0 → 1;  σ(0) → 1/2 (every function whose catalogue entry gives f(0))."""

    id = RuleId.EVALUATE

    def match(self, e: Expr) -> bool:
        return isinstance(e, Func) and e.name in _AT_ZERO and len(e.args) == 1

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Func)
        return _AT_ZERO[e.name] if rational(e.args[0]) == 0 else None


def _half_sqrt(n: int) -> Expr:
    return Div(Func("sqrt", (Num(n),)), Num(2))


# sin(cπ) for c in [0, 1/2] with the standard exact values
_SIN_TABLE: dict[Fraction, Expr] = {
    Fraction(0): Num(0),
    Fraction(1, 6): Div(Num(1), Num(2)),
    Fraction(1, 4): _half_sqrt(2),
    Fraction(1, 3): _half_sqrt(3),
    Fraction(1, 2): Num(1),
}


def _sin_pi(c: Fraction) -> Expr | None:
    c %= 2
    if c > 1:
        value = _sin_pi(c - 1)
        return None if value is None else (Neg(value) if value != Num(0) else value)
    if c > Fraction(1, 2):
        c = 1 - c
    return _SIN_TABLE.get(c)


class StandardAngle(Unit):
    """sin, cos, tan at the multiples of π/6 and π/4 (``sin(π/6)`` → ``1/2``)."""

    id = RuleId.EVALUATE

    def match(self, e: Expr) -> bool:
        return isinstance(e, Func) and e.name in ("sin", "cos", "tan") and len(e.args) == 1

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Func)
        c, rest = split_coefficient(e.args[0])
        if rest != Const("pi"):
            return None
        if e.name == "sin":
            return _sin_pi(c)
        if e.name == "cos":
            return _sin_pi(c + Fraction(1, 2))
        sine, cosine = _sin_pi(c), _sin_pi(c + Fraction(1, 2))
        if sine is None or cosine is None or cosine == Num(0):
            return None
        return Div(sine, cosine)
