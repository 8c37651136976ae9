"""Multiplying out and splitting: a polynomial times a power of x written as powers
((u + 1)√u = u^(3/2) + u^(1/2)), and a sum over a root or a trigonometric function split term by
term, or a sum of functions times a function multiplied out, when no substitution took the
integrand whole."""

from __future__ import annotations

from fractions import Fraction

from stepcalc.expr import ONE, Add, Div, Expr, Func, Integral, Mul, Neg, Pow, Sym, walk
from stepcalc.rules.base import number, rational
from stepcalc.rules.integral.base import IntegralContext, IntegralRule, depends, factors_of, product_of
from stepcalc.simplify import tidy
from stepcalc.simplify.univariate import to_poly
from stepcalc.steps import RuleId, Step

__all__ = ["DistributeRule", "SplitSumRule"]


class DistributeRule(IntegralRule):
    """∫ P(x)·xʳ dx = Σ cₖ ∫ x^(k + r) dx: a polynomial times (or over) a power of x multiplied out
    into powers, for the power rule term by term ((u + 1)√u = u^(3/2) + u^(1/2), (u − 3)/√u =
    u^(1/2) − 3u^(−1/2), (x² + 1)/x = x + 1/x)."""

    id = RuleId.EXPAND

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return _distributed(f, x) is not None

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        done = _distributed(f, x)
        assert done is not None
        return Integral(done, x), ()


def _distributed(f: Expr, x: Sym) -> Expr | None:
    """Σ cₖ x^(k + r) for f = P(x)·xʳ (P of two terms or more, r ≠ 0), else None."""
    if isinstance(f, Div):
        top, r = f.num, _power_of(f.den, x)
        r = None if r is None else -r
    elif isinstance(f, Mul):
        powers = [(g, _power_of(g, x)) for g in f.factors]
        found = [(g, k) for g, k in powers if k is not None]
        if len(found) != 1:
            return None
        top, r = product_of([g for g in f.factors if g is not found[0][0]]), found[0][1]
    else:
        return None
    if r is None or (r.denominator == 1 and r > 0) or not isinstance(top, Add):
        return None  # x²(x³ + 1)⁴ is substitution's; a polynomial times x² is ExpandPolynomial's
    p = to_poly(top, x)
    if p is None or len(p) < 2:
        return None
    terms: list[Expr] = []
    for k in sorted(p, reverse=True):
        e = k + r
        power: Expr = ONE if e == 0 else (x if e == 1 else Pow(x, number(e)))
        terms.append(tidy(Mul((number(p[k]), power))))
    return Add(tuple(terms))


def _power_of(e: Expr, x: Sym) -> Fraction | None:
    """r when ``e`` is xʳ (x, √x, x^(3/2), x⁻¹)."""
    if e == x:
        return Fraction(1)
    if isinstance(e, Func) and e.name == "sqrt" and e.args == (x,):
        return Fraction(1, 2)
    if isinstance(e, Pow) and e.base == x:
        return rational(e.exp)
    return None


class SplitSumRule(IntegralRule):
    """∫ (p + q)/r dx = ∫ p/r dx + ∫ q/r dx for r not a polynomial ((u² + 2u + 1)/√(u² + 1)), and
    ∫ (a + b)·c dx = ∫ (ac + bc) dx for a sum of functions times a function ((sec²θ + 2 tan θ) sec θ
    = sec³θ + 2 sec θ tan θ): the fraction split or the product multiplied out, term by term, when
    no substitution took the integrand whole."""

    id = RuleId.DISTRIBUTE

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return _split(f, x) is not None

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        done = _split(f, x)
        assert done is not None
        return Integral(done, x), ()


def _root_or_trig(e: Expr, x: Sym) -> bool:
    """Whether ``e`` holds a root or a trigonometric function of x (not an exponential: (x − 1)/eˣ
    is parts')."""
    for n in walk(e):
        if isinstance(n, Func) and depends(n, x) and (n.name == "sqrt" or n.name in _TRIG):
            return True
        k = rational(n.exp) if isinstance(n, Pow) and depends(n.base, x) else None
        if k is not None and k.denominator != 1:
            return True
    return False


_TRIG = ("sin", "cos", "tan", "cot", "sec", "csc")


def _split(f: Expr, x: Sym) -> Expr | None:
    if isinstance(f, Div) and isinstance(f.num, Add) and _root_or_trig(f.den, x):
        terms = f.num.terms
        return Add(tuple(Neg(Div(t.arg, f.den)) if isinstance(t, Neg) else Div(t, f.den) for t in terms))
    if not isinstance(f, Mul):
        return None
    sums = [g for g in f.factors if isinstance(g, Add) and depends(g, x)]
    if len(sums) != 1 or to_poly(sums[0], x) is not None:
        return None  # (x + 1)eˣ is parts' (u = x + 1), not two integrals
    rest = [g for g in f.factors if g is not sums[0]]
    out: list[Expr] = []
    for t in sums[0].terms:
        core = t.arg if isinstance(t, Neg) else t
        product = product_of((*factors_of(core), *rest))
        out.append(Neg(product) if isinstance(t, Neg) else product)
    return Add(tuple(out))
