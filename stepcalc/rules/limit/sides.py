"""Infinite limits and the two sides of a point: c/0 as ±∞ by the sign of the denominator,
ln of something → 0⁺, a function with a jump written as it is on one side, and the two
one-sided limits compared (they differ: the limit does not exist)."""

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
    Neg,
    map_bottom_up,
    walk,
)
from stepcalc.rules.base import number, rational
from stepcalc.rules.limit.base import (
    JUMPS,
    ROOTS_AND_LOGS,
    DoesNotExist,
    LimitContext,
    LimitRule,
    RewriteRule,
    at,
    depends,
    exact_or_none,
    infinite,
    is_zero,
    sides,
    sign_near,
    sign_of,
    signed_infinity,
    value,
)
from stepcalc.simplify import tidy
from stepcalc.steps import RuleId, Step


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


class AbsoluteValueRule(RewriteRule):
    """On one side of the point a function with a jump is a plain expression: |g| is g or −g
    by the sign g keeps there, sign g is ±1, H(g) is 1 or 0, ⌊g⌋ is n or n − 1 where g → n."""

    id = RuleId.ABSOLUTE_VALUE

    def rewritten(self, hole: Limit, ctx: LimitContext) -> Expr | None:
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
        inner = exact_or_none(at(g, hole.var, hole.to))
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
