"""0/0 and ∞ − ∞ by algebra, and limits at ±∞: factor and cancel, one fraction from several,
the conjugate of a root; every c/xᵏ → 0, a polynomial by its leading term, a quotient divided
by the highest power of its denominator (roots included)."""

from __future__ import annotations

from fractions import Fraction

from stepcalc.engine import Kind
from stepcalc.expr import (
    ONE,
    TWO,
    ZERO,
    Add,
    Div,
    Expr,
    Func,
    Limit,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    map_bottom_up,
    walk,
)
from stepcalc.rules.base import number, rational
from stepcalc.rules.limit.base import (
    LimitContext,
    LimitRule,
    RewriteRule,
    depends,
    exact_or_none,
    indeterminate,
    infinite,
    like,
    product_of,
    signed_infinity,
    value,
)
from stepcalc.simplify import tidy
from stepcalc.simplify.normal import cancel, from_rational, to_rational
from stepcalc.simplify.univariate import Poly, degree, to_expr, to_poly
from stepcalc.steps import RuleId, Step


# ---------------------------------------------------------------- 0/0 by algebra
def _linear_factor(x: Sym, a: Fraction) -> Expr:
    return x if a == 0 else Add((x, Neg(number(a)))) if a > 0 else Add((x, number(-a)))


def _divide_root(p: Poly, a: Fraction) -> Poly:
    """p/(x − a) for a root a (synthetic division)."""
    n = degree(p)
    out: Poly = {}
    carry = Fraction(0)
    for k in range(n, 0, -1):
        carry = p.get(k, Fraction(0)) + carry * a
        out[k - 1] = carry
    return {k: c for k, c in out.items() if c}


def _at(p: Poly, a: Fraction) -> Fraction:
    return sum((c * a**k for k, c in p.items()), Fraction(0))


class FactorCancelRule(LimitRule):
    """lim_{x→a} P/Q with P(a) = Q(a) = 0 (0/0): factor x − a out of both and cancel it."""

    id = RuleId.LIM_FACTOR_CANCEL

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        return self._polys(hole) is not None

    def _polys(self, hole: Limit) -> tuple[Poly, Poly, Fraction] | None:
        f, a = hole.expr, rational(hole.to)
        if a is None or not isinstance(f, Div):
            return None
        top, bottom = to_poly(f.num, hole.var), to_poly(f.den, hole.var)
        if top is None or bottom is None or degree(bottom) < 1 or degree(top) < 1:
            return None
        if _at(top, a) != 0 or _at(bottom, a) != 0:
            return None
        return top, bottom, a

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        found = self._polys(hole)
        assert found is not None
        top, bottom, a = found
        k = 0
        while _at(top, a) == 0 and _at(bottom, a) == 0 and degree(bottom) >= 1 and degree(top) >= 1:
            top, bottom, k = _divide_root(top, a), _divide_root(bottom, a), k + 1
        x = hole.var
        linear = _linear_factor(x, a)
        common = linear if k == 1 else Pow(linear, Num(k))
        rest_top, rest_bottom = to_expr(top, x), to_expr(bottom, x)
        factored = Div(product_of([common, rest_top]), product_of([common, rest_bottom]))
        cancelled = rest_top if rest_bottom == ONE else Div(rest_top, rest_bottom)
        steps = (
            Step(RuleId.LIM_FACTOR_CANCEL, hole.expr, factored),
            Step(RuleId.LIM_FACTOR_CANCEL, factored, cancelled),
        )
        return like(hole, cancelled), steps


def _function_beside(t: Expr) -> bool:
    """A term that is not a fraction and holds a function (2 ln|t − 2| beside 1/(t − 1))."""
    body = t.arg if isinstance(t, Neg) else t
    return not isinstance(body, Div) and any(
        isinstance(n, Func) and n.name not in ("sqrt", "abs") for n in walk(body)
    )


class CombineFractionsRule(RewriteRule):
    """A sum of fractions at ∞ − ∞, or a quotient of fractions at 0/0: one fraction, cancelled
    (1/(x − 1) − 2/(x² − 1) = 1/(x + 1))."""

    id = RuleId.COMMON_DENOMINATOR

    def rewritten(self, hole: Limit, ctx: LimitContext) -> Expr | None:
        f = hole.expr
        nested = isinstance(f, Add) and any(
            isinstance(t, Div) or (isinstance(t, Neg) and isinstance(t.arg, Div)) for t in f.terms
        )
        nested = nested or (
            isinstance(f, Div) and any(isinstance(n, Div) for n in (*walk(f.num), *walk(f.den)))
        )
        if not nested or (
            isinstance(f, Div) and any(isinstance(n, Func) and n.name != "sqrt" for n in walk(f))
        ):
            return None  # a quotient of fractions of polynomials and roots: ln x/(1/x) is L'Hôpital's
        if isinstance(f, Add) and any(_function_beside(t) for t in f.terms):
            return None  # 2 ln|t − 2| − 2 ln|t − 1| + 1/(t − 1): the logarithms to combine, not one fraction
        if indeterminate(hole, ctx) is None:
            return None
        form = to_rational(hole.expr)
        if form is None:
            return None
        out = from_rational(form)
        return None if out == hole.expr else out


def _root_term(t: Expr) -> bool:
    core = t.arg if isinstance(t, Neg) else t
    return any(
        (isinstance(n, Func) and n.name == "sqrt")
        or (isinstance(n, Pow) and rational(n.exp) == Fraction(1, 2))
        for n in walk(core)
    )


def _conjugate(s: Expr) -> Expr | None:
    """A − B for A + B (a sum of two terms, one with a square root)."""
    if not isinstance(s, Add) or len(s.terms) != 2 or not any(_root_term(t) for t in s.terms):
        return None
    a, b = s.terms
    return Add((a, b.arg)) if isinstance(b, Neg) else Add((a, Neg(b)))


class ConjugateRule(LimitRule):
    """0/0 (or ∞ − ∞) with a square root in a sum of two terms A + B: multiply above and below
    by the conjugate A − B, so that (A + B)(A − B) = A² − B² has no root."""

    id = RuleId.CONJUGATE

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        return self._rewritten(hole, ctx) is not None

    def _rewritten(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, Expr] | None:
        f = hole.expr
        form = indeterminate(hole, ctx)
        top: Expr
        bottom: Expr
        if form == "∞−∞" and isinstance(f, Add) and len(f.terms) == 2:
            top, bottom = f, ONE
        elif form == "0/0" and isinstance(f, Div):
            top, bottom = f.num, f.den
        else:
            return None
        for where, s in (("top", top), ("bottom", bottom)):
            conj = _conjugate(s)
            if conj is None:
                continue
            assert isinstance(s, Add)
            a, b = s.terms
            difference = tidy(Add((Pow(a, TWO), Neg(Pow(b.arg if isinstance(b, Neg) else b, TWO)))))
            if any(isinstance(n, Func) for n in walk(difference)) or _root_term(difference):
                continue  # A² − B² must be free of roots and functions: √x − ln x is not for the conjugate
            multiplied = Div(
                Mul((top, conj)) if top != ONE else conj, Mul((bottom, conj)) if bottom != ONE else conj
            )
            if where == "top":
                new = Div(difference, conj if bottom == ONE else Mul((bottom, conj)))
            else:
                new = Div(Mul((top, conj)), difference)
            out = (cancel(new) or tidy(new)) if form == "0/0" else tidy(new)
            return multiplied, out
        return None

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        found = self._rewritten(hole, ctx)
        assert found is not None
        multiplied, out = found
        steps = (Step(RuleId.CONJUGATE, hole.expr, multiplied), Step(RuleId.SIMPLIFY, multiplied, out))
        return like(hole, out), steps


# ---------------------------------------------------------------- at ±∞
def _laurent(p: Poly, x: Sym) -> Expr:
    """c xᵏ terms in descending powers, the negative ones written c/xᵏ."""
    terms: list[Expr] = []
    for k in sorted(p, reverse=True):
        c = p[k]
        if k >= 0:
            terms.append(to_expr({k: c}, x))
            continue
        power = x if k == -1 else Pow(x, Num(-k))
        below = power if c.denominator == 1 else Mul((Num(c.denominator), power))
        term = Div(Num(abs(c.numerator)), below)
        terms.append(Neg(term) if c < 0 else term)
    if not terms:
        return ZERO
    return terms[0] if len(terms) == 1 else Add(tuple(terms))


class DivideHighestPowerRule(LimitRule):
    """P/Q at ±∞ (polynomials): divide above and below by xⁿ, the highest power of Q."""

    id = RuleId.LIM_DIVIDE_POWER

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        return self._divided(hole) is not None

    def _divided(self, hole: Limit) -> tuple[Expr, Expr] | None:
        f, x = hole.expr, hole.var
        if not infinite(hole.to) or not isinstance(f, Div):
            return None
        top, bottom = _growth_terms(f.num, x), _growth_terms(f.den, x)
        if top is None or bottom is None:
            return None
        n = max(g for g, _ in bottom)
        if n < 1 or n.denominator != 1:
            return None
        power = x if n == 1 else Pow(x, Num(int(n)))
        shown = Div(Div(f.num, power), Div(f.den, power))
        sign = infinite(hole.to) if n.denominator == 1 and int(n) % 2 else 1
        divided = Div(_divided_sum(top, x, int(n), sign), _divided_sum(bottom, x, int(n), sign))
        return shown, divided

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        found = self._divided(hole)
        assert found is not None
        shown, divided = found
        return like(hole, divided), (Step(RuleId.LIM_DIVIDE_POWER, hole.expr, shown),)


def _root_of_poly(t: Expr, x: Sym) -> tuple[Fraction, Expr, Poly] | None:
    """(c, the root, P) when ``t`` is c·√P for a polynomial P in x (c a number)."""
    sign = Fraction(1)
    if isinstance(t, Neg):
        sign, t = Fraction(-1), t.arg
    c = Fraction(1)
    if isinstance(t, Mul) and len(t.factors) == 2 and rational(t.factors[0]) is not None:
        c, t = rational(t.factors[0]) or Fraction(1), t.factors[1]
    inner = t.args[0] if isinstance(t, Func) and t.name == "sqrt" else None
    if inner is None and isinstance(t, Pow) and rational(t.exp) == Fraction(1, 2):
        inner = t.base
    p = None if inner is None else to_poly(inner, x)
    return None if p is None or degree(p) < 1 else (sign * c, t, p)


def _growth_terms(e: Expr, x: Sym) -> list[tuple[Fraction, Expr]] | None:
    """Each term of ``e`` with how fast it grows at ±∞ (xᵏ: k; √P: deg P / 2), or None when a
    term is neither a polynomial nor a number times the root of one."""
    out: list[tuple[Fraction, Expr]] = []
    for t in e.terms if isinstance(e, Add) else (e,):
        p = to_poly(t, x)
        if p is not None:
            out.append((Fraction(max(degree(p), 0)), t))
            continue
        root = _root_of_poly(t, x)
        if root is None:
            return None
        out.append((Fraction(degree(root[2]), 2), t))
    return out


def _divided_sum(terms: list[tuple[Fraction, Expr]], x: Sym, n: int, sign: int) -> Expr:
    """The terms each divided by xⁿ: c xᵏ → c x^(k−n); c√P → ±c√(P/x²ⁿ), − when xⁿ < 0 (x → −∞
    and n odd: xⁿ = −√(x²ⁿ))."""
    out: list[Expr] = []
    for _, t in terms:
        p = to_poly(t, x)
        if p is not None:
            out.append(_laurent({k - n: c for k, c in p.items()}, x))
            continue
        root = _root_of_poly(t, x)
        assert root is not None
        c, _, inner = root
        body = Func("sqrt", (_laurent({k - 2 * n: v for k, v in inner.items()}, x),))
        c *= sign
        term = body if abs(c) == 1 else Mul((number(abs(c)), body))
        out.append(Neg(term) if c < 0 else term)
    flat: list[Expr] = []
    for t in out:
        flat.extend(t.terms if isinstance(t, Add) else (t,))
    return ZERO if not flat else flat[0] if len(flat) == 1 else Add(tuple(flat))


def _reciprocal_power(n: Expr, x: Sym) -> bool:
    """c/xᵏ (k > 0): a term that goes to 0 at ±∞."""
    if isinstance(n, Div) and not depends(n.num, x):
        p = to_poly(n.den, x)
        return p is not None and len(p) == 1 and degree(p) >= 1
    return isinstance(n, Pow) and n.base == x and (rational(n.exp) or 0) < 0


class ReciprocalPowersRule(RewriteRule):
    """At ±∞ every c/xᵏ (k > 0) goes to 0: the rest is a number."""

    id = RuleId.LIM_RECIPROCAL_POWERS
    kind = Kind.LEAF

    def rewritten(self, hole: Limit, ctx: LimitContext) -> Expr | None:
        if not infinite(hole.to) or not any(_reciprocal_power(n, hole.var) for n in walk(hole.expr)):
            return None
        out = map_bottom_up(hole.expr, lambda n: ZERO if _reciprocal_power(n, hole.var) else n)
        if depends(out, hole.var) or exact_or_none(out) is None:
            return None
        return out


class PolynomialAtInfinityRule(LimitRule):
    """A polynomial at ±∞ goes where its leading term c xⁿ goes."""

    id = RuleId.LIM_LEADING_TERM
    kind = Kind.LEAF

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        p = to_poly(hole.expr, hole.var) if infinite(hole.to) else None
        return p is not None and degree(p) >= 1

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        p = to_poly(hole.expr, hole.var)
        assert p is not None
        n = degree(p)
        sign = (1 if p[n] > 0 else -1) * (infinite(hole.to) if n % 2 else 1)
        lead = to_expr({n: p[n]}, hole.var)
        return signed_infinity(sign), (Step(RuleId.LIM_LEADING_TERM, hole.expr, lead),)


# ---------------------------------------------------------------- rewritten by identities
_THROUGH_SIN_COS = {"tan": ("sin", "cos"), "cot": ("cos", "sin"), "sec": (None, "cos"), "csc": (None, "sin")}


class SinesAndCosinesRule(RewriteRule):
    """tan, cot, sec and csc written through sin and cos (tan u = sin u/cos u, sec u = 1/cos u),
    where the limit cannot be taken as it stands (tan x cos x at π/2 is sin x)."""

    id = RuleId.RECIPROCAL_IDENTITY

    def rewritten(self, hole: Limit, ctx: LimitContext) -> Expr | None:
        def through(n: Expr) -> Expr:
            if isinstance(n, Func) and n.name in _THROUGH_SIN_COS and len(n.args) == 1:
                top, bottom = _THROUGH_SIN_COS[n.name]
                u = n.args[0]
                return Div(ONE if top is None else Func(top, (u,)), Func(bottom, (u,)))
            return n

        if not any(
            isinstance(n, Func) and n.name in _THROUGH_SIN_COS and depends(n, hole.var)
            for n in walk(hole.expr)
        ):
            return None
        raw = map_bottom_up(hole.expr, through)
        form = to_rational(raw)  # one quotient in sin and cos; tidy would write cot again
        out = raw if form is None else from_rational(form)
        return (
            None
            if out == hole.expr or any(isinstance(n, Func) and n.name in _THROUGH_SIN_COS for n in walk(out))
            else out
        )


class SameExponentRule(RewriteRule):
    """aᵍ/bᵍ = (a/b)ᵍ for numbers a, b (eˣ/2ˣ = (e/2)ˣ)."""

    id = RuleId.COMBINE_POWERS

    def rewritten(self, hole: Limit, ctx: LimitContext) -> Expr | None:
        f, x = hole.expr, hole.var
        if not (isinstance(f, Div) and isinstance(f.num, Pow) and isinstance(f.den, Pow)):
            return None
        if f.num.exp != f.den.exp or not depends(f.num.exp, x):
            return None
        if depends(f.num.base, x) or depends(f.den.base, x):
            return None
        return Pow(Div(f.num.base, f.den.base), f.num.exp)


class LogQuotientRule(RewriteRule):
    """∞ − ∞ of logarithms with one coefficient c: c ln a − c ln b = c ln(a/b), the other terms
    of the sum kept (ln(b − 1)/4 − ln(b + 1)/4 + k = ln((b − 1)/(b + 1))/4 + k)."""

    id = RuleId.EXP_LOG

    def rewritten(self, hole: Limit, ctx: LimitContext) -> Expr | None:
        f = hole.expr
        if not isinstance(f, Add):
            return None
        logs = [(t, _log_term(t)) for t in f.terms]
        found = [(t, c, u) for t, lt in logs if lt is not None for c, u in (lt,)]
        sizes = {abs(c) for _, c, _ in found}
        if len(found) < 2 or len(sizes) != 1 or not any(c < 0 for _, c, _ in found):
            return None
        if not any(c > 0 for _, c, _ in found) or indeterminate(hole, ctx) != "∞−∞":
            return None
        size = sizes.pop()
        top = product_of([u for _, c, u in found if c > 0])
        bottom = product_of([u for _, c, u in found if c < 0])
        combined = Func("ln", (tidy(Div(top, bottom)),))
        merged = combined if size == 1 else Mul((number(size), combined))
        rest = [t for t in f.terms if all(t is not g for g, _, _ in found)]
        return merged if not rest else Add((*rest, merged))


def _log_term(t: Expr) -> tuple[Fraction, Expr] | None:
    """(c, u) when ``t`` is c·ln u for a number c (−ln u, ln u/4, 3 ln u)."""
    sign = Fraction(1)
    if isinstance(t, Neg):
        sign, t = Fraction(-1), t.arg
    c = Fraction(1)
    if isinstance(t, Div) and rational(t.den) is not None:
        c, t = Fraction(1) / (rational(t.den) or 1), t.num
    if isinstance(t, Mul) and len(t.factors) == 2 and rational(t.factors[0]) is not None:
        c, t = c * (rational(t.factors[0]) or 1), t.factors[1]
    if isinstance(t, Func) and t.name == "ln" and len(t.args) == 1:
        return sign * c, t.args[0]
    return None


class DominantTermRule(RewriteRule):
    """∞ − ∞ of two terms A + B: the one that grows faster taken out, A + B = B(A/B + 1), when
    A/B has a limit c ≠ −1 (x² − eˣ = eˣ(x²/eˣ − 1) → ∞·(0 − 1))."""

    id = RuleId.FACTOR_COMMON

    def rewritten(self, hole: Limit, ctx: LimitContext) -> Expr | None:
        f = hole.expr
        if not (isinstance(f, Add) and len(f.terms) == 2) or indeterminate(hole, ctx) != "∞−∞":
            return None
        for a, b in (f.terms, tuple(reversed(f.terms))):
            ratio = tidy(Div(a, b))
            c = value(ratio, hole, ctx)
            if c is not None and not infinite(c) and exact_or_none(Add((c, ONE))) not in (None, ZERO):
                return Mul((b, Add((ratio, ONE))))
        return None
