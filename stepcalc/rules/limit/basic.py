"""The limit rules that take a limit as it stands: a constant, direct substitution where the
function is continuous, and the limit laws (constant multiple, sum, product, quotient, a
continuous function of a limit), each only where the limits of the parts exist and the form
is not indeterminate."""

from __future__ import annotations

from stepcalc.engine import Kind
from stepcalc.expr import (
    INF,
    ONE,
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
    walk,
)
from stepcalc.rules.base import rational
from stepcalc.rules.limit.base import (
    JUMPS,
    ROOTS_AND_LOGS,
    LimitContext,
    LimitRule,
    RewriteRule,
    at,
    at_jump,
    depends,
    exact_or_none,
    infinite,
    is_zero,
    like,
    product_of,
    settle,
    sign_of,
    value,
)
from stepcalc.steps import RuleId, Step


# ---------------------------------------------------------------- values and substitution
class ConstantRule(LimitRule):
    """lim c = c: the expression does not depend on x."""

    id = RuleId.LIM_CONSTANT
    kind = Kind.LEAF

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        return not depends(hole.expr, hole.var) and exact_or_none(hole.expr) is not None

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        return hole.expr, ()


class SubstitutionRule(RewriteRule):
    """lim_{x→a} f(x) = f(a) when f is continuous at a: f(a) has a value, no function in f
    jumps there, and for a two-sided limit no root or logarithm is at the edge of its domain."""

    id = RuleId.LIM_SUBSTITUTION
    kind = Kind.LEAF

    def rewritten(self, hole: Limit, ctx: LimitContext) -> Expr | None:
        if infinite(hole.to):
            return None
        f, x, a = hole.expr, hole.var, hole.to
        for n in walk(f):
            if isinstance(n, Func) and depends(n, x) and len(n.args) == 1:
                inner = exact_or_none(at(n.args[0], x, a))
                if inner is None:
                    return None
                if at_jump(n.name, inner) or (not hole.side and n.name in ROOTS_AND_LOGS and inner == ZERO):
                    return None
            if isinstance(n, Pow) and depends(n, x):
                base = exact_or_none(at(n.base, x, a))
                k = rational(n.exp)
                if (
                    base == ZERO
                    and depends(n.exp, x)
                    and (sign_of(exact_or_none(at(n.exp, x, a)) or ONE) or 0) <= 0
                ):
                    return None  # 0⁰ (x^x at 0) is an indeterminate form, not a value
                if not hole.side and k is not None and k.denominator % 2 == 0 and base == ZERO:
                    return None
        substituted = at(f, x, a)
        done = exact_or_none(substituted)
        return None if done is None or any(n == INF for n in walk(done)) else substituted


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


class CompositionRule(RewriteRule):
    """lim F(g) = F(lim g) for F continuous at lim g (e^∞ = ∞, ln ∞ = ∞, arctan ∞ = π/2 as
    limits); lim gᵏ = (lim g)ᵏ; lim b^g = b^(lim g)."""

    id = RuleId.LIM_COMPOSITION
    kind = Kind.LINEAR

    def rewritten(self, hole: Limit, ctx: LimitContext) -> Expr | None:
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
    return exact_or_none(settled) is not None
