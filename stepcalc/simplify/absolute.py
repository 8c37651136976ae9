"""Absolute value and sign: |u| = u·sign(u), even powers, numbers."""

from __future__ import annotations

import math
from fractions import Fraction

from stepcalc.expr import Add, Const, Div, Expr, Func, Mul, Neg, Num, Pow
from stepcalc.rules.base import number, rational
from stepcalc.simplify.core import Simplifier, Unit
from stepcalc.simplify.terms import base_exponent, power_of, product_of, split_coefficient
from stepcalc.steps import RuleId


def _even(k: Fraction | None) -> bool:
    return k is not None and k.denominator == 1 and k.numerator % 2 == 0


def _is(e: Expr, name: str) -> bool:
    return isinstance(e, Func) and e.name == name and len(e.args) == 1


class AbsOfEvenPower(Unit):
    """|u|^(2k) → u^(2k);  |u^(2k)| → u^(2k)."""

    id = RuleId.ABSOLUTE_VALUE

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        if isinstance(e, Pow) and _is(e.base, "abs") and _even(rational(e.exp)):
            assert isinstance(e.base, Func)
            return Pow(e.base.args[0], e.exp)
        if _is(e, "abs"):
            assert isinstance(e, Func)
            arg = e.args[0]
            if isinstance(arg, Pow) and _even(rational(arg.exp)):
                return arg
        return None


class AbsOfMultiple(Unit):
    """|c u| → |c|·|u| for a number c ≠ ±1 (``|2x|`` → ``2|x|``)."""

    id = RuleId.ABSOLUTE_VALUE

    def match(self, e: Expr) -> bool:
        return _is(e, "abs")

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Func)
        c, rest = split_coefficient(e.args[0])
        if rest is None or c in (1, -1):
            return None
        return Mul((number(abs(c)), Func("abs", (rest,))))


class AbsOfQuotient(Unit):
    """|u/v| → |u|/|v|;  |1/x| → 1/|x|."""

    id = RuleId.ABSOLUTE_VALUE

    def match(self, e: Expr) -> bool:
        return _is(e, "abs") and isinstance(e.args[0], Div)  # type: ignore[attr-defined]

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Func) and isinstance(e.args[0], Div)
        top, bottom = e.args[0].num, e.args[0].den
        return Div(top if rational(top) is not None else Func("abs", (top,)), Func("abs", (bottom,)))


class AbsOfSignDefinite(Unit):
    """|x² + 1| → x² + 1;  |-x² - 2| → x² + 2;  |eˣ| → eˣ: the absolute value of a sum whose terms
    are all ≥ 0 (even powers, exponentials, roots, with positive coefficients), or all ≤ 0, or of
    one such term."""

    id = RuleId.ABSOLUTE_VALUE

    def match(self, e: Expr) -> bool:
        return _is(e, "abs")

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Func)
        inside = e.args[0]
        if not isinstance(inside, Add):
            return inside if _sign_of_term(inside) == 1 and rational(inside) is None else None
        signs = {_sign_of_term(t) for t in inside.terms}
        if signs == {1}:
            return inside
        if signs == {-1}:
            return Add(tuple(t.arg if isinstance(t, Neg) else Neg(t) for t in inside.terms))
        return None


def _sign_of_term(t: Expr) -> int:
    """1 for a term ≥ 0 everywhere, -1 for one ≤ 0 everywhere, 0 when it can change sign."""
    c, rest = split_coefficient(t)
    if c == 0 or not (
        rest is None or all(map(_nonnegative, rest.factors if isinstance(rest, Mul) else (rest,)))
    ):
        return 0
    return 1 if c > 0 else -1


def _nonnegative(f: Expr) -> bool:
    """A factor that is ≥ 0 wherever it is defined: u^(2k), eᵘ, aᵘ (a > 0), √u, |u|, a positive constant."""
    if isinstance(f, Pow):
        base = rational(f.base)
        return _even(rational(f.exp)) or isinstance(f.base, Const) or (base is not None and base > 0)
    if isinstance(f, Const):
        return True
    return isinstance(f, Func) and f.name in ("exp", "sqrt", "abs", "cosh") and len(f.args) == 1


class NumberValue(Unit):
    """|-3| → 3;  sign(-3) → -1;  √(9/4) → 3/2."""

    id = RuleId.EVALUATE

    def match(self, e: Expr) -> bool:
        return isinstance(e, Func) and e.name in ("abs", "sign", "sqrt") and len(e.args) == 1

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Func)
        value = rational(e.args[0])
        if value is None:
            return None
        if e.name == "abs":
            return number(abs(value))
        if e.name == "sign":
            return number((value > 0) - (value < 0))
        if value < 0:
            return None
        root = _exact_sqrt(value)
        return None if root is None else number(root)


def _exact_sqrt(value: Fraction) -> Fraction | None:
    p, q = math.isqrt(value.numerator), math.isqrt(value.denominator)
    return Fraction(p, q) if p * p == value.numerator and q * q == value.denominator else None


class SignTimesPower(Unit):
    """u^k·sign(u) → u^(k-1)·|u| (``x sign(x)`` → ``|x|``)."""

    id = RuleId.ABSOLUTE_VALUE

    def match(self, e: Expr) -> bool:
        return isinstance(e, Mul) and any(_is(f, "sign") for f in e.factors)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Mul)
        fs = list(e.factors)
        for i, f in enumerate(fs):
            if not _is(f, "sign"):
                continue
            assert isinstance(f, Func)
            u = f.args[0]
            for j, g in enumerate(fs):
                base, k = base_exponent(g)
                if j != i and base == u and k is not None and k >= 1 and not isinstance(g, Func):
                    rest = [h for m, h in enumerate(fs) if m not in (i, j)]
                    lower = [] if k == 1 else [power_of(u, k - 1)]
                    return product_of(
                        Fraction(1), [*rest[: min(i, j)], *lower, Func("abs", (u,)), *rest[min(i, j) :]]
                    )
        return None


class SignOverAbs(Unit):
    """sign(u)/|u| → 1/u;  sign(u)·a/(|u|·b) → a/(u·b) (u ≠ 0)."""

    id = RuleId.ABSOLUTE_VALUE

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Div)
        n, d = e.num, e.den
        if _is(n, "sign") and _is(d, "abs") and n.args == d.args:  # type: ignore[attr-defined]
            assert isinstance(n, Func)
            return Div(Num(1), n.args[0])
        top = list(n.factors) if isinstance(n, Mul) else [n]
        bottom = list(d.factors) if isinstance(d, Mul) else [d]
        for i, f in enumerate(top):
            if not _is(f, "sign"):
                continue
            assert isinstance(f, Func)
            for j, g in enumerate(bottom):
                if _is(g, "abs") and g.args == f.args:  # type: ignore[attr-defined]
                    rest = top[:i] + top[i + 1 :]
                    bottom[j] = f.args[0]
                    num = product_of(Fraction(1), rest) if rest else Num(1)
                    return Div(num, bottom[0] if len(bottom) == 1 else Mul(tuple(bottom)))
        return None


class EvenPowerBesideAbs(Unit):
    """|x|/x² → 1/|x|;  x⁴/|x| → |x|³: an even power of u in a quotient that has a power of |u|
    on the other side cancels with it, as u^(2k) = |u|^(2k)."""

    id = RuleId.ABSOLUTE_VALUE

    def match(self, e: Expr) -> bool:
        return isinstance(e, Div)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Div)
        c, top = split_coefficient(e.num)
        above = [] if top is None else list(top.factors) if isinstance(top, Mul) else [top]
        below = list(e.den.factors) if isinstance(e.den, Mul) else [e.den]
        for side, other, sign in ((above, below, 1), (below, above, -1)):
            for i, f in enumerate(side):
                base, m = base_exponent(f)
                if not (_is(base, "abs") and m is not None and m.denominator == 1):
                    continue
                assert isinstance(base, Func)
                for j, g in enumerate(other):
                    u, n = base_exponent(g)
                    if u == base.args[0] and _even(n) and n is not None and n > 0:
                        net = sign * (m - n)  # the power of |u| above, once the two cancel
                        at = {id(side): i, id(other): j}
                        del side[i], other[j]
                        if net:  # where the factor of that side stood
                            kept = above if net > 0 else below
                            kept.insert(at[id(kept)], power_of(base, abs(net)))
                        num = product_of(c, above) if above else number(c)
                        return Div(num, product_of(Fraction(1), below)) if below else num
        return None
