"""Units that work on exact rational normal forms (:mod:`stepcalc.simplify.normal`): a common
polynomial factor of numerator and denominator cancelled through a gcd, never a pattern."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

from stepcalc.expr import Add, Div, Expr, Mul, Neg, Num, Pow, Sym, walk
from stepcalc.lazy import LazyModule
from stepcalc.rules.base import rational
from stepcalc.simplify import univariate
from stepcalc.simplify.core import Simplifier, Unit
from stepcalc.simplify.terms import scaled, split_coefficient
from stepcalc.steps import RuleId

if TYPE_CHECKING:
    from stepcalc.simplify import normal
else:
    normal = LazyModule("stepcalc.simplify.normal")  # imported when first needed

MAX_FACTOR_POWER = 12  # a written denominator factor (u)^k is divided one power at a time


def _written_factors(d: Expr) -> list[tuple[Expr, int]]:
    """The denominator as written: bases and whole exponents (``(x + 1)^2 x`` → [(x + 1, 2), (x, 1)])."""
    out: list[tuple[Expr, int]] = []
    for f in d.factors if isinstance(d, Mul) else (d,):
        k = rational(f.exp) if isinstance(f, Pow) else Fraction(1)
        if isinstance(f, Pow) and k is not None and k.denominator == 1 and 0 < k <= MAX_FACTOR_POWER:
            out.append((f.base, int(k)))
        else:
            out.append((f, 1))
    return out


def _degree(form: normal.RationalForm) -> int:
    return max(0, form.den.total_degree())


class CancelCommonFactor(Unit):
    """(x² + 2x + 1)/(x + 1)² → 1;  -4y/(x y)² → -4/(x² y): numerator and denominator divided by
    their greatest common divisor as polynomials (in the variables and in the functions they
    hold); the denominator keeps the factors it was written with."""

    id = RuleId.CANCEL

    def match(self, e: Expr) -> bool:
        return isinstance(e, Div) and rational(e.den) is None

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Div)
        above = rational(e.num)
        if above is not None and above != 0 and not _numbers_cancel(e):
            return None  # a number above has no polynomial factor in common with anything
        if _coprime_in_one_variable(e) and not _numbers_cancel(e):
            return None  # the common case after the quotient rule, decided without the general reading
        forms = normal.to_rationals(e, e.den)
        if forms is None or not forms[1].den.is_constant():
            return None
        whole, below = forms
        if _degree(whole) >= below.num.total_degree():
            # no polynomial factor cancels; whole numbers may: 2/(2x² + 2) → 1/(x² + 1)
            return normal.from_rational(whole) if _numbers_cancel(e) else None
        rest = normal.from_poly(whole.den, whole.gens)
        kept: list[Expr] = []
        for base, k in _written_factors(e.den):
            for m in range(k, 0, -1):  # the highest power of this written factor left below
                power = base if m == 1 else Pow(base, Num(m))
                quotient = normal.to_rational(Div(rest, power))
                if quotient is not None and quotient.den.is_constant():
                    kept.append(power)
                    rest = normal.from_rational(quotient)
                    break
        leftover = rational(rest)
        top = normal.from_poly(whole.num, whole.gens)
        if leftover is None or leftover == 0:  # the written factors do not show it: one quotient
            return _below_factored(normal.from_rational(whole))
        numerator = top if leftover == 1 else _over(top, leftover)
        if not kept:
            return numerator
        bottom = kept[0] if len(kept) == 1 else Mul(tuple(kept))
        if isinstance(numerator, Neg):
            return Neg(Div(numerator.arg, bottom))
        return Div(numerator, bottom)


def _coprime_in_one_variable(e: Div) -> bool:
    """Whether numerator and denominator are polynomials in one variable with no common factor
    (2x/(x² + 1), (23 - 6x)/(2x + 5)³): exact, and far cheaper than reading the quotient in
    its generators.  False when they are not such polynomials (then the general gcd decides)."""
    x = next((n for n in walk(e.den) if isinstance(n, Sym)), None)
    if x is None:
        return False
    return univariate.coprime(e.num, e.den, x)


def _below_factored(e: Expr) -> Expr:
    """A quotient with its denominator factored when that shows factors: ``(1 - x)/(x + 1)³``,
    not ``(1 - x)/(x³ + 3x² + 3x + 1)``."""
    body = e.arg if isinstance(e, Neg) else e
    if not isinstance(body, Div):
        return e
    below = normal.factor(body.den)
    if not isinstance(below, Pow | Mul):
        return e
    return Neg(Div(body.num, below)) if isinstance(e, Neg) else Div(body.num, below)


def _numbers_cancel(e: Div) -> bool:
    """Whether a whole number divides every coefficient above and below: 2/(2x² + 2).  Read off
    the written terms (a content as written is a content of the polynomial too)."""
    return math.gcd(_content(e.num), _content(e.den)) > 1


def _content(e: Expr) -> int:
    """A whole number that divides every coefficient of ``e`` as written (1 when none shows)."""
    if isinstance(e, Add):
        return math.gcd(*(_content(t) for t in e.terms))
    if isinstance(e, Pow) and isinstance(e.exp, Num) and isinstance(e.exp.value, int):
        return _content(e.base) ** e.exp.value if e.exp.value <= MAX_FACTOR_POWER else 1
    if isinstance(e, Mul):
        return math.prod(_content(f) for f in e.factors)
    c, _ = split_coefficient(e)
    return abs(c.numerator) if c.denominator == 1 else 1


def _over(top: Expr, c: Fraction) -> Expr:
    """``top/c`` for a number c (``scaled`` spells ``-x/2`` and ``3x``)."""
    return Div(top, Num(c.numerator)) if c.denominator == 1 and c > 0 else scaled(1 / c, top)
