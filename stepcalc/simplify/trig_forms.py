"""Products and quotients of trigonometric (or hyperbolic) functions of one argument, rewritten
through sine and cosine and written back with the fewest factors: sec²u/tan²u → csc²u,
sin u·sec u → tan u, sinh u/cosh²u → sech u tanh u.

A factor tan^k u counts as sin^k u·cos^-k u, sec u as cos^-1 u, and so on; the product is then
sin^a u·cos^b u, written back as a textbook does (tan, sec tan, csc cot, sec, csc).  The unit
fires only when that leaves fewer trigonometric factors than there were.
"""

from __future__ import annotations

from fractions import Fraction

from stepcalc.expr import Div, Expr, Func, Mul, Num, Pow
from stepcalc.rules.base import number, rational
from stepcalc.simplify.core import Simplifier, Unit
from stepcalc.simplify.terms import product_of, split_coefficient, trig_key
from stepcalc.steps import RuleId

# The six functions of a family in the order sin, cos, tan, cot, sec, csc; with the powers of
# sine and cosine each one stands for.
_FAMILIES = (("sin", "cos", "tan", "cot", "sec", "csc"), ("sinh", "cosh", "tanh", "coth", "sech", "csch"))
_POWERS = ((1, 0), (0, 1), (1, -1), (-1, 1), (0, -1), (-1, 0))
# name → (family, power of sin, power of cos) of one factor
_AS_SIN_COS: dict[str, tuple[int, int, int]] = {
    name: (family, a, b)
    for family, names in enumerate(_FAMILIES)
    for name, (a, b) in zip(names, _POWERS, strict=True)
}


def _trig(f: Expr) -> tuple[str, Expr, int] | None:
    """``f`` as (name, argument, integer power) when it is a power of sin, cos, tan, cot, sec, csc
    or of their hyperbolic kin."""
    base = f.base if isinstance(f, Pow) else f
    if not (isinstance(base, Func) and base.name in _AS_SIN_COS and len(base.args) == 1):
        return None  # most factors: decided before any exponent is read
    k = rational(f.exp) if isinstance(f, Pow) else Fraction(1)
    if k is not None and k.denominator == 1:
        return base.name, base.args[0], int(k)
    return None


def _written(a: int, b: int, u: Expr, family: int) -> list[Expr]:
    """sin^a u·cos^b u (or sinh, cosh) with the fewest factors, as a textbook writes it."""
    sin, cos, tan, cot, sec, csc = _FAMILIES[family]

    def power(name: str, k: int) -> list[Expr]:
        if k == 0:
            return []
        f = Func(name, (u,))
        return [f if k == 1 else Pow(f, number(k))]

    if a > 0 > b:
        k = min(a, -b)
        return [*power(tan, k), *power(sin, a - k), *power(sec, -b - k)]
    if b > 0 > a:
        k = min(-a, b)
        return [*power(cot, k), *power(csc, -a - k), *power(cos, b - k)]
    sines = power(sin, a) if a > 0 else power(csc, -a)
    cosines = power(cos, b) if b > 0 else power(sec, -b)
    return [*sines, *cosines]


class TrigThroughSineCosine(Unit):
    """sec²u/tan²u → csc²u;  sin u·sec u → tan u;  sin²u/cos u → sin u tan u: powers of the six
    trigonometric functions of one argument, through sin and cos, back with fewer factors (or
    as many, when a quotient of them then loses its fraction)."""

    id = RuleId.RECIPROCAL_IDENTITY

    def match(self, e: Expr) -> bool:
        """Two trigonometric factors at least, above or below."""
        if isinstance(e, Div):
            return _trig_count(e.num) + _trig_count(e.den) >= 2
        return isinstance(e, Mul) and _trig_count(e) >= 2

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        top, bottom = (e.num, e.den) if isinstance(e, Div) else (e, Num(1))
        c_top, f_top = _factors(top)
        c_bottom, f_bottom = _factors(bottom)
        if c_bottom == 0:
            return None
        powers: dict[tuple[int, Expr], list[int]] = {}
        count: dict[tuple[int, Expr], int] = {}
        others: tuple[list[Expr], list[Expr]] = ([], [])
        for side, factors in ((1, f_top), (-1, f_bottom)):
            for f in factors:
                found = _trig(f)
                if found is None:
                    others[0 if side == 1 else 1].append(f)
                    continue
                name, u, k = found
                family, a, b = _AS_SIN_COS[name]
                ab = powers.setdefault((family, u), [0, 0])
                ab[0] += side * k * a
                ab[1] += side * k * b
                count[family, u] = count.get((family, u), 0) + 1
        fewer = {key: _written(ab[0], ab[1], key[1], key[0]) for key, ab in powers.items()}
        mixed = isinstance(e, Div) and _trig_count(e.num) > 0 and _trig_count(e.den) > 0
        if not any(len(fewer[u]) < count[u] for u in fewer) and not (mixed and not _below(bottom)):
            return None
        trig = sorted((f for fs in fewer.values() for f in fs), key=trig_key)
        numerator = product_of(c_top / c_bottom, [*others[0], *trig])
        if not others[1]:
            return numerator
        return Div(numerator, others[1][0] if len(others[1]) == 1 else Mul(tuple(others[1])))


def _below(d: Expr) -> bool:
    """Whether the denominator has anything but trigonometric factors and numbers (then a
    quotient sin²u/cos u is not worth rewriting: the fraction stays anyway)."""
    _, factors = _factors(d)
    return any(_trig(f) is None for f in factors)


def _trig_count(e: Expr) -> int:
    factors = e.factors if isinstance(e, Mul) else (e,)
    return sum(1 for f in factors if _trig(f) is not None)


def _factors(e: Expr) -> tuple[Fraction, list[Expr]]:
    c, rest = split_coefficient(e)
    if rest is None:
        return c, []
    return c, list(rest.factors) if isinstance(rest, Mul) else [rest]
