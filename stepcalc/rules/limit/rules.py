"""The limit rules, one small class each; ``stepcalc.rules.limit`` puts them in order.

A rule that needs the limits of the parts of its hole (the laws, the indeterminate forms) asks
``value``, which finds them by this same table, silently; a rule never asks the oracle.
"""

from __future__ import annotations

from fractions import Fraction

from stepcalc.engine import Kind
from stepcalc.exact import UndefinedValue, exact_value
from stepcalc.expr import (
    INF,
    ONE,
    TWO,
    ZERO,
    Add,
    Deriv,
    Div,
    E,
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
    MAX_LHOPITAL,
    DoesNotExist,
    LimitContext,
    LimitRule,
    at,
    depends,
    derivative,
    evaluated,
    factors_of,
    infinite,
    is_finite,
    is_zero,
    like,
    product_of,
    settle,
    sides,
    sign_near,
    sign_of,
    signed_infinity,
    value,
)
from stepcalc.simplify import tidy
from stepcalc.simplify.normal import cancel, from_rational, to_rational
from stepcalc.simplify.univariate import Poly, degree, to_expr, to_poly
from stepcalc.steps import RuleId, Step

JUMPS = frozenset({"sign", "heaviside", "floor", "ceil", "frac", "round"})
"""Functions with jumps: substitution is not enough where their argument is at a jump."""
ROOTS_AND_LOGS = frozenset({"sqrt", "ln", "log", "log10", "log2", "acosh"})
"""Functions defined on one side of a point only where their argument is 0 (or 1)."""


# ---------------------------------------------------------------- values and substitution
class ConstantRule(LimitRule):
    """lim c = c: the expression does not depend on x."""

    id = RuleId.LIM_CONSTANT
    kind = Kind.LEAF

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        return not depends(hole.expr, hole.var)

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        return hole.expr, ()


class SubstitutionRule(LimitRule):
    """lim_{x→a} f(x) = f(a) when f is continuous at a: f(a) has a value, no function in f
    jumps there, and for a two-sided limit no root or logarithm is at the edge of its domain."""

    id = RuleId.LIM_SUBSTITUTION
    kind = Kind.LEAF

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        return self._substituted(hole) is not None

    def _substituted(self, hole: Limit) -> Expr | None:
        if infinite(hole.to):
            return None
        f, x, a = hole.expr, hole.var, hole.to
        for n in walk(f):
            if isinstance(n, Func) and depends(n, x) and len(n.args) == 1:
                inner = _exact(at(n.args[0], x, a))
                if inner is None:
                    return None
                if _at_jump(n.name, inner) or (not hole.side and n.name in ROOTS_AND_LOGS and inner == ZERO):
                    return None
            if isinstance(n, Pow) and depends(n, x):
                base = _exact(at(n.base, x, a))
                k = rational(n.exp)
                if base == ZERO and depends(n.exp, x) and (sign_of(_exact(at(n.exp, x, a)) or ONE) or 0) <= 0:
                    return None  # 0⁰ (x^x at 0) is an indeterminate form, not a value
                if not hole.side and k is not None and k.denominator % 2 == 0 and base == ZERO:
                    return None
        substituted = at(f, x, a)
        done = _exact(substituted)
        return None if done is None or any(n == INF for n in walk(done)) else substituted

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        substituted = self._substituted(hole)
        assert substituted is not None
        return substituted, ()


def _at_jump(name: str, inner: Expr) -> bool:
    """Whether a function jumps where its argument is ``inner``: sign and H at 0, floor and
    ceil at a whole number."""
    if name not in JUMPS:
        return False
    if name in ("sign", "heaviside"):
        return inner == ZERO
    v = rational(inner)
    return v is None or v.denominator == 1 or name == "round"


def _exact(e: Expr) -> Expr | None:
    try:
        return exact_value(e)
    except (UndefinedValue, ZeroDivisionError, OverflowError, ValueError):
        return None


# ---------------------------------------------------------------- the laws
class ConstantMultipleRule(LimitRule):
    """lim c·f = c·lim f, lim (−f) = −lim f."""

    id = RuleId.LIM_CONSTANT_MULTIPLE
    kind = Kind.LINEAR

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        return self._split(hole) is not None

    def _split(self, hole: Limit) -> tuple[Expr, Expr] | None:
        f, x = hole.expr, hole.var
        if isinstance(f, Neg):
            return Num(-1), f.arg
        if isinstance(f, Mul):
            constant = [g for g in f.factors if not depends(g, x)]
            rest = [g for g in f.factors if depends(g, x)]
            if constant and rest:
                return product_of(constant), product_of(rest)
        if isinstance(f, Div) and not depends(f.den, x) and depends(f.num, x):
            return Div(ONE, f.den), f.num
        return None

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        split = self._split(hole)
        assert split is not None
        c, rest = split
        inner = like(hole, rest)
        if c == Num(-1):
            return Neg(inner), ()
        if isinstance(c, Div) and c.num == ONE:
            return Div(inner, c.den), ()
        return Mul((c, inner)), ()


class SumRule(LimitRule):
    """lim (f + g) = lim f + lim g, when both exist and are not ∞ and −∞."""

    id = RuleId.LIM_SUM
    kind = Kind.LINEAR

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        if not isinstance(hole.expr, Add):
            return False
        values = [value(t, hole, ctx) for t in hole.expr.terms]
        if any(v is None for v in values):
            return False
        return len({infinite(v) for v in values if v is not None} - {0}) < 2

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        assert isinstance(hole.expr, Add)
        terms = [Neg(like(hole, t.arg)) if isinstance(t, Neg) else like(hole, t) for t in hole.expr.terms]
        return Add(tuple(terms)), ()


class ProductRule(LimitRule):
    """lim f·g = lim f · lim g, when both exist and are not 0 and ∞."""

    id = RuleId.LIM_PRODUCT
    kind = Kind.LINEAR

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        if not isinstance(hole.expr, Mul):
            return False
        values = [value(g, hole, ctx) for g in hole.expr.factors]
        if any(v is None for v in values):
            return False
        return not (any(is_zero(v) for v in values) and any(infinite(v) for v in values if v is not None))

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        assert isinstance(hole.expr, Mul)
        return Mul(tuple(like(hole, g) for g in hole.expr.factors)), ()


class QuotientRule(LimitRule):
    """lim f/g = lim f / lim g, when both exist, lim g ≠ 0, and not both are infinite."""

    id = RuleId.LIM_QUOTIENT
    kind = Kind.LINEAR

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        f = hole.expr
        if not isinstance(f, Div) or not depends(f.den, hole.var):
            return False
        top, bottom = value(f.num, hole, ctx), value(f.den, hole, ctx)
        if top is None or bottom is None or is_zero(bottom):
            return False
        return not (infinite(top) and infinite(bottom))

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        assert isinstance(hole.expr, Div)
        return Div(like(hole, hole.expr.num), like(hole, hole.expr.den)), ()


class CompositionRule(LimitRule):
    """lim F(g) = F(lim g) for F continuous at lim g (e^∞ = ∞, ln ∞ = ∞, arctan ∞ = π/2 as
    limits); lim gᵏ = (lim g)ᵏ; lim b^g = b^(lim g)."""

    id = RuleId.LIM_COMPOSITION
    kind = Kind.LINEAR

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        return self._rewritten(hole, ctx) is not None

    def _rewritten(self, hole: Limit, ctx: LimitContext) -> Expr | None:
        f, x = hole.expr, hole.var
        if isinstance(f, Func) and len(f.args) == 1 and depends(f.args[0], x) and f.name not in JUMPS:
            inner = value(f.args[0], hole, ctx)
            out = Func(f.name, (like(hole, f.args[0]),))
            return out if inner is not None and _has_value(Func(f.name, (inner,))) else None
        if isinstance(f, Pow) and depends(f, x):
            base = value(f.base, hole, ctx) if depends(f.base, x) else f.base
            exp = value(f.exp, hole, ctx) if depends(f.exp, x) else f.exp
            if base is None or exp is None:
                return None
            if depends(f.base, x) and depends(f.exp, x) and (base in (ZERO, ONE) or infinite(base)):
                return None  # 0⁰, 1^∞, ∞⁰ and their kin: the power form rule's
            if not _has_value(Pow(base, exp)):
                return None
            top = like(hole, f.base) if depends(f.base, x) else f.base
            power = like(hole, f.exp) if depends(f.exp, x) else f.exp
            return Pow(top, power)
        return None

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        out = self._rewritten(hole, ctx)
        assert out is not None
        return out, ()


def _has_value(e: Expr) -> bool:
    """Whether a function of limits has a value: ∞ settles, or the exact value exists."""
    settled = settle(e)
    if infinite(settled):
        return True
    if any(n == INF for n in walk(settled)):
        return False
    if isinstance(e, Pow) and is_zero(e.base) and (sign_of(e.exp) or 0) <= 0:
        return False
    if isinstance(e, Func) and e.name in ROOTS_AND_LOGS and e.args[0] == ZERO:
        return False
    return _exact(settled) is not None


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


class CombineFractionsRule(LimitRule):
    """A sum of fractions at ∞ − ∞, or a quotient of fractions at 0/0: one fraction, cancelled
    (1/(x − 1) − 2/(x² − 1) = 1/(x + 1))."""

    id = RuleId.COMMON_DENOMINATOR

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
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
            return False  # a quotient of fractions of polynomials and roots: ln x/(1/x) is L'Hôpital's
        if _indeterminate(hole, ctx) is None:
            return False
        return self._combined(hole) is not None

    def _combined(self, hole: Limit) -> Expr | None:
        form = to_rational(hole.expr)
        if form is None:
            return None
        out = from_rational(form)
        return None if out == hole.expr else out

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        out = self._combined(hole)
        assert out is not None
        return like(hole, out), ()


def _indeterminate(hole: Limit, ctx: LimitContext) -> str | None:
    """The indeterminate form of a quotient, product or sum at the point: '0/0', '∞/∞', '0·∞',
    '∞−∞'; None when it is not one."""
    f = hole.expr
    if isinstance(f, Div):
        top, bottom = value(f.num, hole, ctx), value(f.den, hole, ctx)
        if is_zero(top) and is_zero(bottom):
            return "0/0"
        if top is not None and bottom is not None and infinite(top) and infinite(bottom):
            return "∞/∞"
        return None
    if isinstance(f, Add):
        values = [value(t, hole, ctx) for t in f.terms]
        signs = {infinite(v) for v in values if v is not None}
        poles = [t for t in f.terms if _pole(t.arg if isinstance(t, Neg) else t, hole, ctx)]
        return "∞−∞" if {1, -1} <= signs or len(poles) >= 2 else None
    if isinstance(f, Mul):
        values = [value(g, hole, ctx) for g in f.factors]
        if any(is_zero(v) for v in values) and any(v is not None and infinite(v) for v in values):
            return "0·∞"
    return None


def _pole(t: Expr, hole: Limit, ctx: LimitContext) -> bool:
    """c/g with c ↛ 0 and g → 0: a term that is infinite at the point (on some side)."""
    if not isinstance(t, Div):
        return False
    top = value(t.num, hole, ctx)
    return top is not None and not is_zero(top) and is_zero(value(t.den, hole, ctx))


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
        form = _indeterminate(hole, ctx)
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
            if _root_term(difference):
                continue
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


class ReciprocalPowersRule(LimitRule):
    """At ±∞ every c/xᵏ (k > 0) goes to 0: the rest is a number."""

    id = RuleId.LIM_RECIPROCAL_POWERS
    kind = Kind.LEAF

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        return self._zeroed(hole) is not None

    def _zeroed(self, hole: Limit) -> Expr | None:
        if not infinite(hole.to) or not any(_reciprocal_power(n, hole.var) for n in walk(hole.expr)):
            return None
        out = map_bottom_up(hole.expr, lambda n: ZERO if _reciprocal_power(n, hole.var) else n)
        if depends(out, hole.var) or _exact(out) is None:
            return None
        return out

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        out = self._zeroed(hole)
        assert out is not None
        return out, ()


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


# ---------------------------------------------------------------- infinite limits and sides
class PoleRule(LimitRule):
    """c/g with c ≠ 0 and g → 0: ±∞ by the sign g keeps near the point; a two-sided limit where
    the signs differ does not exist."""

    id = RuleId.LIM_INFINITE
    kind = Kind.LEAF

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        return self._signs(hole, ctx) is not None

    def _signs(self, hole: Limit, ctx: LimitContext) -> list[int] | None:
        f = hole.expr
        if not isinstance(f, Div):
            return None
        top, bottom = value(f.num, hole, ctx), value(f.den, hole, ctx)
        if top is None or not is_zero(bottom) or is_zero(top):
            return None
        s = sign_of(top)
        near = [sign_near(f.den, hole, side) for side in sides(hole)]
        if s is None or any(v is None for v in near):
            return None
        return [s * v for v in near if v is not None]

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        signs = self._signs(hole, ctx)
        assert signs is not None
        if len(set(signs)) > 1:
            left, right = (signed_infinity(s) for s in signs)
            raise DoesNotExist(RuleId.LIM_INFINITE, "dne_sides", left, right)
        return signed_infinity(signs[0]), ()


class LogOfZeroRule(LimitRule):
    """ln g with g → 0⁺: −∞."""

    id = RuleId.LIM_INFINITE
    kind = Kind.LEAF

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        f = hole.expr
        if not (isinstance(f, Func) and f.name in ("ln", "log") and len(f.args) == 1):
            return False
        g = f.args[0]
        return is_zero(value(g, hole, ctx)) and all(sign_near(g, hole, s) == 1 for s in sides(hole))

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        return Neg(INF), ()


class AbsoluteValueRule(LimitRule):
    """On one side of the point a function with a jump is a plain expression: |g| is g or −g
    by the sign g keeps there, sign g is ±1, H(g) is 1 or 0, ⌊g⌋ is n or n − 1 where g → n."""

    id = RuleId.ABSOLUTE_VALUE

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        return self._opened(hole) is not None

    def _opened(self, hole: Limit) -> Expr | None:
        if len(sides(hole)) != 1:
            return None
        side = sides(hole)[0]
        found = False

        def open_abs(n: Expr) -> Expr:
            nonlocal found
            if not (isinstance(n, Func) and len(n.args) == 1 and depends(n, hole.var)):
                return n
            out = _one_side(n, hole, side)
            found = found or out is not None
            return n if out is None else out

        out = map_bottom_up(hole.expr, open_abs)
        return tidy(out) if found else None

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        out = self._opened(hole)
        assert out is not None
        return like(hole, out), ()


def _one_side(n: Func, hole: Limit, side: str) -> Expr | None:
    """``n`` (a function with a jump) as it is on ``side`` of the point, or None."""
    g = n.args[0]
    if n.name in ("abs", "sign", "heaviside"):
        s = sign_near(g, hole, side)
        if s is None:
            return None
        if n.name == "abs":
            return g if s > 0 else Neg(g)
        if n.name == "sign":
            return ONE if s > 0 else Neg(ONE)
        return ONE if s > 0 else ZERO
    if n.name in ("floor", "ceil") and not infinite(hole.to):
        inner = _exact(at(g, hole.var, hole.to))
        whole = None if inner is None else rational(inner)
        if whole is None:
            return None
        k = (
            whole.numerator // whole.denominator
            if n.name == "floor"
            else -((-whole.numerator) // whole.denominator)
        )
        if whole.denominator != 1:
            return number(k)
        s = sign_near(Add((g, Neg(number(whole)))), hole, side)
        if s is None:
            return None
        if n.name == "floor":
            return number(k if s > 0 else k - 1)
        return number(k + 1 if s > 0 else k)
    return None


class OneSidedRule(LimitRule):
    """A two-sided limit is the common value of the two one-sided limits; when they differ, it
    does not exist (|x|/x at 0: −1 from the left, 1 from the right)."""

    id = RuleId.LIM_ONE_SIDED
    kind = Kind.LEAF

    def __init__(self, only_jumps: bool) -> None:
        self.only_jumps = only_jumps

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        if infinite(hole.to) or hole.side:
            return False
        if self.only_jumps and not any(
            isinstance(n, Func) and (n.name in JUMPS or n.name in ("abs", *ROOTS_AND_LOGS))
            for n in walk(hole.expr)
        ):
            return False
        left, right = self._values(hole, ctx)
        return left is not None and right is not None

    def _values(self, hole: Limit, ctx: LimitContext) -> tuple[Expr | None, Expr | None]:
        left = value(hole.expr, Limit(hole.expr, hole.var, hole.to, "-"), ctx)
        right = value(hole.expr, Limit(hole.expr, hole.var, hole.to, "+"), ctx)
        return left, right

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        left, right = self._values(hole, ctx)
        assert left is not None and right is not None
        if left != right:
            raise DoesNotExist(RuleId.LIM_ONE_SIDED, "dne_sides", left, right)
        steps = (
            Step(RuleId.LIM_ONE_SIDED, Limit(hole.expr, hole.var, hole.to, "-"), left),
            Step(RuleId.LIM_ONE_SIDED, Limit(hole.expr, hole.var, hole.to, "+"), right),
        )
        return left, steps


# ---------------------------------------------------------------- the standard limits
def _equivalent(f: Expr, hole: Limit, ctx: LimitContext) -> tuple[Expr, Expr, RuleId] | None:
    """(g, e, id) when ``f`` is a standard infinitesimal with g → 0 and f/e → 1: sin g, tan g,
    arcsin g, arctan g (e = g), eᵍ − 1 (g), ln(1 + g) (g), 1 − cos g (g²/2)."""
    x = hole.var
    if isinstance(f, Func) and len(f.args) == 1 and f.name in ("sin", "tan", "asin", "atan", "sinh", "tanh"):
        g = f.args[0]
        ids = {"sin": RuleId.LIM_SIN, "tan": RuleId.LIM_TAN}
        return (
            (g, g, ids.get(f.name, RuleId.LIM_SIN))
            if depends(g, x) and is_zero(value(g, hole, ctx))
            else None
        )
    if isinstance(f, Func) and f.name in ("ln", "log") and len(f.args) == 1 and isinstance(f.args[0], Add):
        g = tidy(Add((f.args[0], Neg(ONE))))
        return (g, g, RuleId.LIM_LN) if depends(g, x) and is_zero(value(g, hole, ctx)) else None
    if isinstance(f, Add) and len(f.terms) == 2:
        a, b = f.terms
        for p, q in ((a, b), (b, a)):
            if q == Neg(ONE) and isinstance(p, Pow) and p.base == E and depends(p.exp, x):
                g = p.exp
                return (g, g, RuleId.LIM_EXP) if is_zero(value(g, hole, ctx)) else None
            if p == ONE and isinstance(q, Neg) and isinstance(q.arg, Func) and q.arg.name == "cos":
                g = q.arg.args[0]
                half = Div(Pow(g, TWO), TWO)
                return (g, half, RuleId.LIM_COS) if depends(g, x) and is_zero(value(g, hole, ctx)) else None
    return None


class StandardLimitRule(LimitRule):
    """The standard limits, g → 0: sin g/g → 1, tan g/g → 1, (eᵍ − 1)/g → 1, ln(1 + g)/g → 1,
    (1 − cos g)/g² → 1/2 (and the reciprocals), and (1 + g)^(1/g) → e."""

    id = RuleId.LIM_SIN
    kind = Kind.LEAF

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        return self._found(hole, ctx) is not None

    def _found(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, RuleId] | None:
        f = hole.expr
        if isinstance(f, Div):
            for top, bottom, flip in ((f.num, f.den, False), (f.den, f.num, True)):
                eq = _equivalent(top, hole, ctx)
                if eq is None:
                    continue
                ratio = tidy(Div(eq[1], bottom))
                c = rational(ratio)
                if c == 1 or (c == Fraction(1, 2) and eq[2] is RuleId.LIM_COS):
                    assert c is not None
                    return number(1 / c) if flip else number(c), eq[2]
        if isinstance(f, Pow) and isinstance(f.base, Add) and ONE in f.base.terms:
            g = tidy(Add((f.base, Neg(ONE))))
            if depends(g, hole.var) and is_zero(value(g, hole, ctx)) and tidy(Mul((g, f.exp))) == ONE:
                return E, RuleId.LIM_E
        return None

    def rule_ids(self, hole: Limit, ctx: LimitContext) -> tuple[RuleId, ...]:
        found = self._found(hole, ctx)
        return (found[1] if found else self.id,)

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        found = self._found(hole, ctx)
        assert found is not None
        return found[0], ()


def _functions(e: Expr) -> int:
    return sum(1 for n in walk(e) if isinstance(n, Func))


class StandardFactorRule(LimitRule):
    """A quotient or product at 0/0 (or 0·∞) with a factor of a standard limit, sin g with g → 0:
    written (sin g/g)·(the rest with g for sin g), the limit of each taken."""

    id = RuleId.LIM_PRODUCT
    kind = Kind.LINEAR

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        return self._split(hole, ctx) is not None

    def _split(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, Expr] | None:
        f = hole.expr
        if _indeterminate(hole, ctx) not in ("0/0", "0·∞"):
            return None
        top, bottom = (f.num, f.den) if isinstance(f, Div) else (f, ONE)
        for where, part in (("top", top), ("bottom", bottom)):
            for g in factors_of(part):
                eq = _equivalent(g, hole, ctx)
                if eq is None:
                    continue
                standard = Div(g, eq[1]) if where == "top" else Div(eq[1], g)
                replaced = product_of([eq[1] if h is g else h for h in factors_of(part)])
                top_, bottom_ = (replaced, bottom) if where == "top" else (top, replaced)
                rest = tidy(top_ if bottom_ == ONE else Div(top_, bottom_))
                if rest == f or _functions(rest) >= _functions(f) or value(rest, hole, ctx) is None:
                    continue  # g must be gone: sin 2x/sin 3x → (2x)/(3x), not a longer quotient
                return standard, rest
        return None

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        split = self._split(hole, ctx)
        assert split is not None
        standard, rest = split
        if not depends(rest, hole.var):  # sin 3x/(5x) = (3/5)·(sin 3x/(3x))
            return Mul((rest, like(hole, standard))), (
                Step(RuleId.SIMPLIFY, hole.expr, Mul((rest, standard))),
            )
        shown = Mul((standard, rest))
        return Mul((like(hole, standard), like(hole, rest))), (Step(RuleId.SIMPLIFY, hole.expr, shown),)


class SqueezeRule(LimitRule):
    """A bounded factor (sin, cos of anything) times something that goes to 0: by the squeeze
    theorem, −|g| ≤ g·sin(…) ≤ |g| and |g| → 0, so the limit is 0."""

    id = RuleId.LIM_SQUEEZE
    kind = Kind.LEAF

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        f, x = hole.expr, hole.var
        top = f.num if isinstance(f, Div) else f
        for b in factors_of(top):
            core = b.base if isinstance(b, Pow) and (rational(b.exp) or 0) > 0 else b
            if isinstance(core, Func) and core.name in ("sin", "cos") and depends(core, x):
                rest = tidy(Div(f, b))
                if is_zero(value(rest, hole, ctx)):
                    return True
        return False

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        return ZERO, ()


# ---------------------------------------------------------------- indeterminate forms
class PowerFormRule(LimitRule):
    """f^g at 1^∞: (1 + u)^g = ((1 + u)^(1/u))^(ug) → e^(lim ug); at 0⁰ or ∞⁰: f^g = e^(g ln f)."""

    id = RuleId.LIM_E_FORM

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        return self._rewritten(hole, ctx) is not None

    def _rewritten(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, RuleId] | None:
        f, x = hole.expr, hole.var
        if not (isinstance(f, Pow) and depends(f.base, x) and depends(f.exp, x)):
            return None
        base, exp = value(f.base, hole, ctx), value(f.exp, hole, ctx)
        if base == ONE and exp is not None and infinite(exp):
            u = tidy(Add((f.base, Neg(ONE))))
            return Pow(E, like(hole, tidy(Mul((u, f.exp))))), RuleId.LIM_E_FORM
        if (is_zero(base) or (base is not None and infinite(base))) and is_zero(exp):
            return Pow(E, like(hole, tidy(Mul((f.exp, Func("ln", (f.base,))))))), RuleId.LIM_EXP_LOG
        return None

    def rule_ids(self, hole: Limit, ctx: LimitContext) -> tuple[RuleId, ...]:
        found = self._rewritten(hole, ctx)
        return (found[1] if found else self.id,)

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        found = self._rewritten(hole, ctx)
        assert found is not None
        return found[0], ()


def _keeps_top(g: Expr) -> bool:
    """Logarithms and inverse trigonometric functions stay in the numerator (LIATE's first)."""
    return any(isinstance(n, Func) and n.name in ("ln", "log", "atan", "asin", "acos") for n in walk(g))


def reciprocal(e: Expr) -> Expr:
    """1/e as a textbook writes it: e^(−x) → eˣ, 1/x → x, a/b → b/a, x² → 1/x²."""
    if isinstance(e, Pow) and isinstance(e.exp, Neg):
        return Pow(e.base, e.exp.arg)
    if isinstance(e, Div):
        return e.den if e.num == ONE else Div(e.den, e.num)
    return Div(ONE, e)


class ZeroTimesInfinityRule(LimitRule):
    """0·∞ written as a quotient, 0/0 or ∞/∞: f·g = f/(1/g), the logarithm kept on top."""

    id = RuleId.LIM_REWRITE_QUOTIENT

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        return self._rewritten(hole, ctx) is not None

    def _rewritten(self, hole: Limit, ctx: LimitContext) -> Expr | None:
        f = hole.expr
        if not isinstance(f, Mul) or _indeterminate(hole, ctx) != "0·∞":
            return None
        zero = [g for g in f.factors if is_zero(value(g, hole, ctx))]
        big = [g for g in f.factors if g not in zero]
        if not zero or not big:
            return None
        keep, flip = (
            (big, zero)
            if any(_keeps_top(g) for g in big) or not any(_keeps_top(g) for g in zero)
            else (zero, big)
        )
        if not any(_keeps_top(g) for g in keep) and any(
            isinstance(g, Func) and g.name in ("sin", "tan") for g in zero
        ):
            keep, flip = zero, big
        return Div(product_of(keep), reciprocal(product_of(flip)))

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        out = self._rewritten(hole, ctx)
        assert out is not None
        return like(hole, out), ()


class LHopitalRule(LimitRule):
    """L'Hôpital's rule: at 0/0 or ∞/∞ (checked first), lim f/g = lim f′/g′."""

    id = RuleId.LHOPITAL

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        f = hole.expr
        return (
            ctx.lhopital < MAX_LHOPITAL * 8
            and isinstance(f, Div)
            and depends(f.den, hole.var)
            and _indeterminate(hole, ctx) in ("0/0", "∞/∞")
            and self._derivatives(hole) is not None
        )

    def _derivatives(self, hole: Limit) -> tuple[Expr, Expr] | None:
        f = hole.expr
        assert isinstance(f, Div)
        top, bottom = derivative(f.num, hole.var), derivative(f.den, hole.var)
        if top is None or bottom is None or bottom == ZERO:
            return None
        return top, bottom

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        f = hole.expr
        assert isinstance(f, Div)
        found = self._derivatives(hole)
        assert found is not None
        ctx.lhopital += 1
        top, bottom = found
        x = hole.var
        steps = (Step(RuleId.LHOPITAL, Deriv(f.num, x), top), Step(RuleId.LHOPITAL, Deriv(f.den, x), bottom))
        quotient = top if bottom == ONE else Div(top, bottom)
        return like(hole, tidy(quotient)), steps


class OscillationRule(LimitRule):
    """sin g or cos g with g → ±∞ (on each side), times something whose limit is not 0: it
    keeps oscillating, so the limit does not exist."""

    id = RuleId.LIM_DNE
    kind = Kind.LEAF

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        return self._wave(hole, ctx) is not None

    def _wave(self, hole: Limit, ctx: LimitContext) -> Expr | None:
        """The sin u or cos u (u → ±∞) of f = R·sin u, where R's limit is not 0 (then R·sin u
        keeps swinging between −|R| and |R|, or ever wider)."""
        f = hole.expr
        for w in factors_of(f):
            if not (isinstance(w, Func) and w.name in ("sin", "cos") and depends(w, hole.var)):
                continue
            g = w.args[0]
            point_side = [(s if not infinite(hole.to) else hole.side) for s in sides(hole)]
            if not all(infinite(value(g, Limit(g, hole.var, hole.to, s), ctx) or ZERO) for s in point_side):
                continue
            rest = product_of([h for h in factors_of(f) if h is not w])
            if rest != ONE:
                r = value(rest, hole, ctx)
                if r is None or is_zero(r):
                    continue
            return w
        return None

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        w = self._wave(hole, ctx)
        assert w is not None
        raise DoesNotExist(RuleId.LIM_DNE, "dne_oscillates", w)


__all__ = [
    "AbsoluteValueRule",
    "CombineFractionsRule",
    "CompositionRule",
    "ConjugateRule",
    "ConstantMultipleRule",
    "ConstantRule",
    "DivideHighestPowerRule",
    "FactorCancelRule",
    "LHopitalRule",
    "LogOfZeroRule",
    "OneSidedRule",
    "OscillationRule",
    "PoleRule",
    "PolynomialAtInfinityRule",
    "PowerFormRule",
    "ProductRule",
    "QuotientRule",
    "ReciprocalPowersRule",
    "SqueezeRule",
    "StandardFactorRule",
    "StandardLimitRule",
    "SubstitutionRule",
    "SumRule",
    "ZeroTimesInfinityRule",
    "evaluated",
    "is_finite",
]
