"""The standard limits (sin u/u → 1, …) and the indeterminate forms: a standard factor taken
out, the squeeze theorem, 1^∞, 0⁰ and ∞⁰ through e^(…), 0·∞ as a quotient, L'Hôpital's rule
with its form checked, and oscillation (the limit does not exist)."""

from __future__ import annotations

from fractions import Fraction

from stepcalc.engine import Kind
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
    Pow,
    Sym,
    walk,
)
from stepcalc.rules.base import number, rational
from stepcalc.rules.limit.base import (
    MAX_LHOPITAL,
    DoesNotExist,
    LimitContext,
    LimitRule,
    RewriteRule,
    depends,
    derivative,
    factors_of,
    indeterminate,
    infinite,
    is_zero,
    like,
    product_of,
    sides,
    sign_near,
    value,
)
from stepcalc.simplify import tidy
from stepcalc.sizes import size
from stepcalc.steps import RuleId, Step


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
        if indeterminate(hole, ctx) not in ("0/0", "0·∞"):
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
    """A bounded factor (sin, cos of anything, and sums, products and positive powers of them)
    times something that goes to 0: by the squeeze theorem, −M|g| ≤ g·b ≤ M|g| with |b| ≤ M and
    |g| → 0, so the limit is 0 (e^(−t)(sin t + cos t) at ∞)."""

    id = RuleId.LIM_SQUEEZE
    kind = Kind.LEAF

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        f, x = hole.expr, hole.var
        top = f.num if isinstance(f, Div) else f
        for b in factors_of(top):
            if depends(b, x) and _bounded(b, x):
                rest = tidy(Div(f, b))
                if is_zero(value(rest, hole, ctx)):
                    return True
        return False

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        return ZERO, ()


def _bounded(e: Expr, x: Sym) -> bool:
    """Whether ``e`` is bounded for every x by its form: sin and cos of anything, arctan, and
    sums, products, negations and positive whole powers of bounded things and constants."""
    if not depends(e, x):
        return True
    if isinstance(e, Func):
        return e.name in ("sin", "cos", "atan", "tanh")
    if isinstance(e, Neg):
        return _bounded(e.arg, x)
    if isinstance(e, Add | Mul):
        parts = e.terms if isinstance(e, Add) else e.factors
        return all(_bounded(p, x) for p in parts)
    if isinstance(e, Pow):
        k = rational(e.exp)
        return k is not None and k > 0 and _bounded(e.base, x)
    return False


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
        if (
            is_zero(base)
            and exp is not None
            and infinite(exp)
            and all(sign_near(f.base, hole, s) == 1 for s in sides(hole))
        ):
            return (
                ZERO if infinite(exp) > 0 else INF
            ), RuleId.LIM_ZERO_POWER  # 0⁺ to the ±∞: not indeterminate
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
    """1/e as a textbook writes it: e^(−x) → eˣ, eˣ → e^(−x), 1/x → x, a/b → b/a, x² → 1/x²."""
    if isinstance(e, Pow) and isinstance(e.exp, Neg):
        return Pow(e.base, e.exp.arg)
    if isinstance(e, Pow) and e.base == E:
        return Pow(E, Neg(e.exp))
    if isinstance(e, Div):
        return e.den if e.num == ONE else Div(e.den, e.num)
    return Div(ONE, e)


class ZeroTimesInfinityRule(RewriteRule):
    """0·∞ written as a quotient, 0/0 or ∞/∞: f·g = f/(1/g), the logarithm kept on top."""

    id = RuleId.LIM_REWRITE_QUOTIENT

    def rewritten(self, hole: Limit, ctx: LimitContext) -> Expr | None:
        f = hole.expr
        if not isinstance(f, Mul) or indeterminate(hole, ctx) != "0·∞":
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


class LHopitalRule(LimitRule):
    """L'Hôpital's rule: at 0/0 or ∞/∞ (checked first), lim f/g = lim f′/g′."""

    id = RuleId.LHOPITAL

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        f = hole.expr
        return (
            ctx.lhopital < MAX_LHOPITAL
            and isinstance(f, Div)
            and depends(f.den, hole.var)
            and indeterminate(hole, ctx) in ("0/0", "∞/∞")
            and (found := self._derivatives(hole)) is not None
            and size(Div(*found)) <= 2 * size(f) + 12
        )  # a quotient that grows with each use (a root's derivative) is not L'Hôpital's to do

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
