"""Sums of fractions: over one denominator (up to a number), or over powers of one base."""

from __future__ import annotations

from fractions import Fraction

from stepcalc.expr import Add, Div, Expr, Neg
from stepcalc.rules.base import number, rational
from stepcalc.simplify.core import Simplifier, Unit
from stepcalc.simplify.fractions import is_fraction
from stepcalc.simplify.terms import base_exponent, power_of, split_coefficient, sum_of, times
from stepcalc.steps import RuleId

__all__ = ["FractionsOverPowersOfOneBase", "SameDenominator"]


class SameDenominator(Unit):
    """a/d + b/d → (a + b)/d (``1/x² - ln x/x²`` → ``(1 - ln x)/x²``)."""

    id = RuleId.SAME_DENOMINATOR

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Add)
        terms = e.terms
        dens: dict[Expr, list[int]] = {}
        for i, t in enumerate(terms):
            q = t.arg if isinstance(t, Neg) else t
            if isinstance(q, Div) and rational(q.den) is None:
                dens.setdefault(q.den, []).append(i)
        den, where = next(((d, w) for d, w in dens.items() if len(w) > 1), (None, []))
        if den is None:
            return _numbers_over_one_denominator(terms)
        numerator = [_top(terms[i]) for i in where]
        merged = Div(Add(tuple(numerator)), den)
        return sum_of(
            [merged if i == where[0] else t for i, t in enumerate(terms) if i == where[0] or i not in where]
        )


def _numbers_over_one_denominator(terms: tuple[Expr, ...]) -> Expr | None:
    """-1/x² - 1/(2x²) → -3/(2x²): numbers over one denominator up to a number are like terms."""
    groups: dict[Expr, list[tuple[int, Fraction]]] = {}
    for i, t in enumerate(terms):
        q = t.arg if isinstance(t, Neg) else t
        top = rational(q.num) if isinstance(q, Div) else None
        if top is None or not isinstance(q, Div):
            continue
        k, rest = split_coefficient(q.den)
        if rest is None or k <= 0:
            continue
        groups.setdefault(rest, []).append((i, (-top if isinstance(t, Neg) else top) / k))
    found = next(((d, g) for d, g in groups.items() if len(g) > 1), None)
    if found is None:
        return None
    den, group = found
    where = {i for i, _ in group}
    total = sum((c for _, c in group), Fraction(0))
    if total == 0:
        return sum_of([t for i, t in enumerate(terms) if i not in where])
    below = den if total.denominator == 1 else times(number(total.denominator), den)
    merged: Expr = Div(number(abs(total.numerator)), below)
    merged = Neg(merged) if total < 0 else merged
    first = min(where)
    return sum_of([merged if i == first else t for i, t in enumerate(terms) if i == first or i not in where])


def _top(t: Expr) -> Expr:
    if isinstance(t, Neg):
        assert isinstance(t.arg, Div)
        return Neg(t.arg.num)
    assert isinstance(t, Div)
    return t.num


class FractionsOverPowersOfOneBase(Unit):
    """39/(x + 1) - 39x/(x + 1)² → 39/(x + 1)²: two fractions over powers of one base are put
    over the higher power when their numerator then collapses to a single term."""

    id = RuleId.SAME_DENOMINATOR

    def match(self, e: Expr) -> bool:
        return isinstance(e, Add) and sum(is_fraction(t) for t in e.terms) >= 2

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Add)
        over = [(i, *_over_power(t)) for i, t in enumerate(e.terms)]
        found = [(i, top, base, k) for i, top, base, k in over if base is not None]
        for a, (i, top_i, base_i, k_i) in enumerate(found):
            for j, top_j, base_j, k_j in found[a + 1 :]:
                if base_i != base_j or k_i == k_j:
                    continue
                assert base_i is not None
                high = max(k_i, k_j)
                raised = [
                    times(top, power_of(base_i, Fraction(high - k))) if high > k else top
                    for top, k in ((top_i, k_i), (top_j, k_j))
                ]
                numerator = ctx.tidy(Add(tuple(raised)))
                if isinstance(numerator, Add):
                    continue  # it does not collapse: the two fractions read better apart
                joined = Div(numerator, power_of(base_i, Fraction(high)))
                rest = [joined if m == i else t for m, t in enumerate(e.terms) if m != j]
                return sum_of(rest)
        return None


def _over_power(t: Expr) -> tuple[Expr, Expr | None, int]:
    """A term ``±a/u^k`` as (±a, u, k) for a sum u and a whole k ≥ 1; (t, None, 0) otherwise."""
    negative = isinstance(t, Neg)
    body = t.arg if isinstance(t, Neg) else t
    if not isinstance(body, Div):
        return t, None, 0
    base, k = base_exponent(body.den)
    if not isinstance(base, Add) or k is None or k.denominator != 1 or k < 1:
        return t, None, 0
    return (Neg(body.num) if negative else body.num), base, int(k)
