"""Sums of terms: like terms, brackets opened when that lets terms combine, polynomials expanded."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from operator import is_
from typing import TYPE_CHECKING, Any

from stepcalc.expr import Add, Div, Expr, Mul, Neg, Num, Pow, Sym, free_symbols, walk
from stepcalc.lazy import LazyModule
from stepcalc.rules.base import rational
from stepcalc.simplify.core import Simplifier, Unit
from stepcalc.simplify.terms import (
    TermOrder,
    base_exponent,
    is_zero,
    monomial_powers,
    product_of,
    scaled,
    shared_brackets,
    split_coefficient,
    sum_of,
    trig_key,
)
from stepcalc.simplify.trig import pythagoras, pythagorean_pair
from stepcalc.simplify.univariate import MAX_DEGREE, to_expr, to_poly
from stepcalc.steps import RuleId

if TYPE_CHECKING:
    from stepcalc.simplify import normal
else:
    normal = LazyModule("stepcalc.simplify.normal")  # imported when first needed


class CombineLikeTerms(Unit):
    """3x² + 5x² → 8x²;  sin x cos x + cos x sin x → 2 sin x cos x (like terms: the same factors
    apart from the number, in any order; the combined term has its factors in textbook order)."""

    id = RuleId.COMBINE_LIKE_TERMS

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Add)
        combined = combine_like(list(e.terms))
        return None if combined is None else sum_of(combined)


def combine_like(terms: list[Expr]) -> list[Expr] | None:
    groups: dict[Any, Fraction] = {}
    shown: dict[Any, Expr | None] = {}
    order: list[Any] = []
    for t in terms:
        c, rest = split_coefficient(t)
        key = frozenset(Counter(rest.factors).items()) if isinstance(rest, Mul) else rest
        if key not in groups:
            groups[key] = Fraction(0)
            shown[key] = rest
            order.append(key)
        elif isinstance(rest, Mul) and rest != shown[key]:
            shown[key] = Mul(tuple(sorted(rest.factors, key=trig_key)))
        groups[key] += c
    if len(order) == len(terms):
        return None
    return [scaled(groups[k], shown[k]) for k in order if groups[k] != 0]


def _has_bracket(t: Expr) -> bool:
    """A term with a sum among its factors (or a power of one): ``3(x + 1)``, ``-(a + b)``,
    or a sum over a number, ``(x/2 + sin 4x/8)/4``."""
    body = t.arg if isinstance(t, Neg) else t
    if isinstance(body, Div) and rational(body.den) is not None:
        body = body.num
    factors = body.factors if isinstance(body, Mul) else (body,)
    return any(isinstance(f, Add) or (isinstance(f, Pow) and isinstance(f.base, Add | Mul)) for f in factors)


class DistributeNumberInSum(Unit):
    """x² - 2(x - 1) → x² - 2x + 2;  a - (b - c) → a - b + c: a number times a sum, as one
    term of a sum, is multiplied out (a textbook distributes a number that is not common to
    every term), and so is a sign over a sum with a negative term (a double negative);
    ``x ln x - (x + 1)`` stays, as WORKED §3 writes it."""

    id = RuleId.OPEN_BRACKETS

    def match(self, e: Expr) -> bool:
        return isinstance(e, Add) and any(map(_number_times_sum, e.terms))

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Add)
        out: list[Expr] = []
        for t in e.terms:
            c, rest = split_coefficient(t)
            if _number_times_sum(t):
                assert isinstance(rest, Add)
                out.extend(scaled(c * ci, ri) for ci, ri in map(split_coefficient, rest.terms))
            else:
                out.append(t)
        return Add(tuple(out))


def _number_times_sum(t: Expr) -> bool:
    c, rest = split_coefficient(t)
    if not isinstance(rest, Add) or c == 1 or c.denominator != 1:
        return False  # a fraction of a sum, (1 + erf(x/√2))/2, stays one fraction
    return c != -1 or any(split_coefficient(u)[0] < 0 for u in rest.terms)


class OpenBracketsToCombine(Unit):
    """e^x(1 + e^x) - e^(2x) → e^x + e^(2x) - e^(2x): open ``-(a + b)``, ``c(a + b)`` or
    ``m(a + b)`` inside a sum when that lets like terms combine (``x ln x - (x + 1)`` stays)."""

    id = RuleId.OPEN_BRACKETS

    def match(self, e: Expr) -> bool:
        return isinstance(e, Add) and any(map(_has_bracket, e.terms))

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Add)
        terms = list(e.terms)
        opened_all: list[Expr] = []
        for i, t in enumerate(terms):
            inner = _opened(t, ctx)
            if inner is None:
                opened_all.append(t)
                continue
            opened_all.extend(inner)
            candidate = terms[:i] + inner + terms[i + 1 :]
            combined = combine_like(candidate)
            # the sum must get shorter: x(x - 1)² + (x - 1)²(x + 2) is not opened to trade one
            # bracket for another term (2x(x - 1)² + 2(x - 1)² is no simpler)
            if (combined is not None and len(combined) < len(terms)) or pythagoras(candidate) is not None:
                return sum_of(candidate)
        # every bracket at once, when the sum gets shorter (e^x(x² - 2x + 2) + e^x(2x - 2) = x² e^x)
        # or every bracket opens and like terms combine (2(x² - 3x) e^(2x) + (2x - 3) e^(2x) =
        # 2x² e^(2x) - 4x e^(2x) - 3e^(2x)); a product rule's sum that keeps a bracket stays
        if len(opened_all) > len(terms):
            combined = combine_like(opened_all)
            everything = not any(map(_has_bracket, opened_all))
            if combined is not None and (
                len(combined) < len(terms) or (everything and len(combined) < len(opened_all))
            ):
                return sum_of(opened_all)
        return None


def _opened(t: Expr, ctx: Simplifier) -> list[Expr] | None:
    """The terms of ``c(a + b)`` or ``c·m(a + b)`` with the bracket opened; None for other terms."""
    c, rest = split_coefficient(t)
    if isinstance(rest, Add):
        return [scaled(c * ci, ri) for ci, ri in map(split_coefficient, rest.terms)]
    if not (isinstance(rest, Mul) and sum(isinstance(f, Add) for f in rest.factors) == 1):
        return None
    k = next(j for j, f in enumerate(rest.factors) if isinstance(f, Add))
    bracket = rest.factors[k]
    assert isinstance(bracket, Add)
    others = rest.factors[:k] + rest.factors[k + 1 :]
    inner: list[Expr] = []
    for ci, ri in map(split_coefficient, bracket.terms):
        product = ctx.tidy(Mul((*others, ri)) if ri is not None else product_of(Fraction(1), list(others)))
        inner.append(ctx.tidy(scaled(c * ci, product)) if not is_zero(product) else Num(0))
    return inner


class ExpandPolynomial(Unit):
    """2x(x - 1) - (x² + 1) → x² - 2x - 1;  2(a + b) + 2a b - b² → 2a + 2b + 2a b - b²;
    (1/x³ + 5/x⁴)(2x³ - x⁵) → -2x - 5 - 10/x²: a polynomial not yet expanded (in one variable
    collected by powers, 1/x too; in several, multiplied out in the order written); a power of a
    sum, ``(x + 1)³``, stays."""

    id = RuleId.EXPAND

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Add)
        if not any(isinstance(n, Add | Div) for t in e.terms for n in walk(t)):
            return None  # no bracket and no quotient in any term: each is one monomial already
        variables = free_symbols(e)
        if not variables or all(_monomial(t) for t in e.terms):
            return None
        if not all(map(_expandable, e.terms)):
            return _laurent(e, variables, ctx)
        if len(variables) > 1:
            opened: list[Expr] = []
            for t in e.terms:
                parts = _multiplied_out(t, ctx)
                if parts is None:
                    return None
                opened.extend(parts)
            return sum_of(combine_like(opened) or opened)
        (x,) = variables
        assert isinstance(x, Sym)
        p = to_poly(e, x)
        if p is None:
            return _laurent(e, variables, ctx)
        if p and max(p) > MAX_DEGREE // 2:
            return None
        return to_expr(p, x)


def _laurent(e: Add, variables: frozenset[Sym], ctx: Simplifier) -> Expr | None:
    """A sum in powers of x and 1/x not yet expanded, collected by powers:
    (1/x³ + 5/x⁴)(2x³ - x⁵) → -2x - 5 - 10/x² (None when every term is one power already)."""
    if len(variables) != 1 or not any(map(_reciprocal, walk(e))):
        return None  # one variable's negative powers are what this collects
    (x,) = variables
    if all(len(to_poly(t, x, laurent=True) or ()) <= 1 for t in e.terms):
        return None
    p = to_poly(e, x, laurent=True)
    if p is None or not p or min(p) >= 0 or max(p) - min(p) > MAX_DEGREE // 2:
        return None
    return ctx.tidy(to_expr(p, x))


def _reciprocal(n: Expr) -> bool:
    """A quotient, or a power with a negative number for its exponent (``x⁻²``)."""
    return isinstance(n, Div) or (isinstance(n, Pow) and isinstance(n.exp, Neg))


def _expandable(t: Expr) -> bool:
    """A monomial times plain sums (``2x(x - 1)``), not a power of a sum."""
    _, rest = split_coefficient(t)
    factors = rest.factors if isinstance(rest, Mul) else (() if rest is None else (rest,))
    return all(_monomial(f) or (isinstance(f, Add) and all(map(_monomial, f.terms))) for f in factors)


def _monomial(t: Expr) -> bool:
    """``3x² y``, and a whole power of such a product, ``(s t)²``."""
    _, rest = split_coefficient(t)
    factors = rest.factors if isinstance(rest, Mul) else (() if rest is None else (rest,))
    return all(_monomial_factor(f) for f in factors)


def _monomial_factor(f: Expr) -> bool:
    base, k = base_exponent(f)
    if isinstance(base, Mul) and k is not None and k.denominator == 1 and k > 0:
        return all(_monomial_factor(g) for g in base.factors)
    return isinstance(base, Sym) and k is not None


def term_order(problem: Expr) -> TermOrder:
    """Polynomial terms descending (x before y, higher powers first), or ascending when the
    problem writes its polynomials in one variable that way (``1 + x + x² + x³``, ``1 - x``) and
    never descending (in several variables, ascending in x is descending in y: no evidence)."""
    adds = [n for n in walk(problem) if isinstance(n, Add)]
    if not adds:
        return TermOrder()
    sums = [n.terms for n in adds if len(free_symbols(n)) == 1]
    down, up = TermOrder(), TermOrder(ascending=True)

    def keeps(style: TermOrder) -> bool:
        return all(style.sort(terms) in (None, list(terms)) for terms in sums)

    shown = [terms for terms in sums if up.sort(terms) is not None]
    written = frozenset(
        [*adds, *(n for n in walk(problem) if isinstance(n, Pow) and isinstance(n.base, Mul))]
    )
    return (
        TermOrder(ascending=True, written=written)
        if shown and keeps(up) and not keeps(down)
        else (TermOrder(written=written))
    )


def _degree(t: Expr) -> int:
    return sum((monomial_powers(t) or {}).values())


class OrderPolynomialTerms(Unit):
    """-x² + 4 - 4x → -x² - 4x + 4;  y + x → x + y;  3y² + 6x y + 3x² → 3x² + 6x y + 3y²: the
    terms of a polynomial in lexicographic order (x before y, higher powers first, the number
    last).  A sum of a number and one term keeps its order (``1 + x²``, ``8 - x``) unless both
    are negative (``-4 - 4x`` → ``-4x - 4``), and a sum of two terms in one variable keeps its
    positive term first (``3x² - 2x³``)."""

    id = RuleId.ORDER_TERMS

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Add)
        terms = ctx.order.sort(e.terms)  # first: None at once for a sum that is no polynomial
        if terms is None:
            return None
        if (
            len(e.terms) == 2
            and any(rational(t) is not None for t in e.terms)
            and not ctx.order.ascending
            and not all(split_coefficient(t)[0] < 0 for t in e.terms)  # -4 - 4x is -4x - 4
        ):
            return None  # 1 + x² and x² + 1 both as written, unless the problem writes 1 + x
        if len(free_symbols(e)) > 1 and len({_degree(t) for t in e.terms}) > 1:
            return None  # 2a + 2b + 2a b - b²: in several variables, only terms of one degree sort
        if len(terms) == 2 and isinstance(terms[0], Neg) and not isinstance(terms[1], Neg):
            terms.reverse()
        return None if all(map(is_, terms, e.terms)) else Add(tuple(terms))


MAX_EXPANDED_TERMS = 64  # a numerator is multiplied out only while it stays this small


def _multiplied_out(t: Expr, ctx: Simplifier) -> list[Expr] | None:
    """The term with every bracket multiplied out, in written order (``3(a + b)(c - d)`` →
    ``3a c - 3a d + 3b c - 3b d``), or None past ``MAX_EXPANDED_TERMS``."""
    c, rest = split_coefficient(t)
    parts: list[list[Expr]] = [[]]
    for f in rest.factors if isinstance(rest, Mul) else (() if rest is None else (rest,)):
        choices = list(f.terms) if isinstance(f, Add) else _power_terms(f)
        parts = [[*p, q] for p in parts for q in choices]
        if len(parts) > MAX_EXPANDED_TERMS:
            return None
    out: list[Expr] = []
    for p in parts:
        signs = sum(isinstance(q, Neg) for q in p) % 2
        body = ctx.tidy(
            product_of(Fraction(1), [q.arg if isinstance(q, Neg) else q for q in p]) if p else Num(1)
        )
        out.append(scaled(-c if signs else c, body) if not is_zero(body) else Num(0))
    return out


def _power_terms(f: Expr) -> list[Expr]:
    """``(a + b)²`` as the terms of (a + b)(a + b) multiplied out, ``(s t)²`` as ``s² t²``; any
    other factor as itself."""
    k = rational(f.exp) if isinstance(f, Pow) else None
    if isinstance(f, Pow) and isinstance(f.base, Mul) and k is not None and k.denominator == 1 and k > 0:
        return [Mul(tuple(Pow(g, f.exp) for g in f.base.factors))]
    if not (isinstance(f, Pow) and isinstance(f.base, Add) and k in (2, 3)):
        return [f]
    terms: list[Expr] = [Num(1)]
    for _ in range(int(k or 0)):
        terms = [Mul((a, b)) for a in terms for b in f.base.terms]
    return terms


class ExpandNumerator(Unit):
    """(5t⁴(cos t - 2t²) - t⁵(-sin t - 4t))/v → (5t⁴ cos t + t⁵ sin t - 6t⁶)/v: a quotient's
    numerator multiplied out when terms of different brackets then combine (or an identity
    joins them); the terms stay in the order they appear."""

    id = RuleId.EXPAND

    def match(self, e: Expr) -> bool:
        return isinstance(e, Div) and isinstance(e.num, Add) and any(map(_has_bracket, e.num.terms))

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Div) and isinstance(e.num, Add)
        if shared_brackets(e.num):
            return None  # 6(2x + 1)²(x - 2) - 2(2x + 1)³: the square comes out instead (forms)
        opened: list[Expr] = []
        for t in e.num.terms:
            parts = _multiplied_out(t, ctx)
            if parts is None or len(opened) + len(parts) > MAX_EXPANDED_TERMS:
                return None
            opened.extend(combine_like(parts) or parts)  # (a + b)² alone: not yet a reason
        if len(opened) == len(e.num.terms):
            return None  # no bracket to multiply out
        combined = combine_like(opened)
        if combined is None:
            joined = pythagoras(opened) or pythagorean_pair(opened)
            if joined is None:
                return None
            combined = joined
        return Div(sum_of(combined), e.den)


class ExpandDenominatorSum(Unit):
    """v/((1 - x)² + (1 + x)²) → v/(2x² + 2): a denominator that is a sum of powers and
    products of brackets is multiplied out and collected when that makes it shorter."""

    id = RuleId.EXPAND

    def match(self, e: Expr) -> bool:
        return isinstance(e, Div) and isinstance(e.den, Add) and not all(_monomial(t) for t in e.den.terms)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Div)
        expanded = normal.expand(e.den)
        if expanded is None or _size(expanded) >= _size(e.den):
            return None
        return Div(e.num, expanded)


def _size(e: Expr) -> int:
    return sum(1 for _ in walk(e))


class DistributeNumberOverFractions(Unit):
    """2(5x⁴ + 3/(x + 2) - 3x/(x + 2)²) → 10x⁴ + 6/(x + 2) - 6x/(x + 2)²;  2(28x⁶ + 6x⁵) →
    56x⁶ + 12x⁵: a number times a bracket the problem does not write is multiplied out (as
    OpenStax §3.3 and §3.5 print it); a bracket the problem writes stays: 4(2x + 1) for (2x + 1)²,
    -2(1 + 1/x)/x² for (1 + 1/x)², and so does a fraction of a bracket without fractions,
    (1 + erf(x/√2))/2."""

    id = RuleId.DISTRIBUTE

    def match(self, e: Expr) -> bool:
        return isinstance(e, Mul) and len(e.factors) == 2 and rational(e.factors[0]) is not None

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Mul)
        c, bracket = rational(e.factors[0]), e.factors[1]
        if c is None or not isinstance(bracket, Add):
            return None
        if bracket in ctx.order.written:
            return None
        if c.denominator != 1 and not any(
            isinstance(t.arg if isinstance(t, Neg) else t, Div) for t in bracket.terms
        ):
            return None  # (1 + erf(x/√2))/2 stays: opening it makes two fractions of one
        return Add(tuple(scaled(c * ci, ri) for ci, ri in map(split_coefficient, bracket.terms)))
