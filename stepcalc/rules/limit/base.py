"""What the limit rules share: the rule interface, the context of one problem, the values of
the parts of a hole (found by the same rule table, silently), the arithmetic of ∞ a textbook
allows, and the sign of an expression near the point.

A value is an exact expression, ``INF`` or ``-INF``; ``None`` means the table could not tell
(or the limit does not exist).  ∞ never enters ``tidy``: ``settle`` combines it first, and an
expression in which it would be indeterminate (∞ − ∞) has no value here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from stepcalc.engine import Budget, HoleKind, Kind, NoRule, complete
from stepcalc.errors import LimitError, StepcalcError
from stepcalc.exact import UndefinedValue, exact_value, to_float
from stepcalc.expr import (
    INF,
    ONE,
    PI,
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
    free_symbols,
    map_bottom_up,
    walk,
)
from stepcalc.rules.base import rational
from stepcalc.rules.derivative import DERIVATIVE
from stepcalc.simplify import tidy
from stepcalc.steps import RuleId, Step

MAX_NESTING = 12  # limits of parts opened inside one another while a rule decides, at most
MAX_LHOPITAL = 48  # uses of L'Hôpital's rule in one problem, the silent trials included, at most


class DoesNotExist(Exception):
    """The limit does not exist; ``reason`` says why (a sentence, en), ``key`` and ``parts``
    name the phrase for other languages."""

    def __init__(self, rule: RuleId, key: str, *parts: Expr) -> None:
        super().__init__(key)
        self.rule, self.key, self.parts = rule, key, parts


@dataclass
class LimitContext:
    """What the limit rules of one problem share: the budget, the values already found, the
    holes whose value is being found (a rule that asks for one of them again gets None), and
    how many times L'Hôpital's rule was used."""

    budget: Budget
    values: dict[Limit, Expr | None] = field(default_factory=dict)
    open: set[Limit] = field(default_factory=set)
    lhopital: int = 0
    make_kind: Callable[[LimitContext], HoleKind[Limit]] | None = field(default=None, repr=False)


class LimitRule:
    """A named rewrite of one limit hole.  The docstring of a subclass is its pattern."""

    id: RuleId
    kind: Kind = Kind.STRUCTURAL

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        raise NotImplementedError

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        """The rewritten hole and the sub-steps the rule shows of its own."""
        raise NotImplementedError

    def rule_ids(self, hole: Limit, ctx: LimitContext) -> tuple[RuleId, ...]:
        return (self.id,)


class RewriteRule(LimitRule):
    """A rule that is one rewrite: ``rewritten`` is the new expression, or None when the rule
    does not match.  The hole becomes the limit of it (a STRUCTURAL rule: a new line), or the
    expression itself (a LEAF rule's value, a LINEAR rule's limits of the parts)."""

    def rewritten(self, hole: Limit, ctx: LimitContext) -> Expr | None:
        raise NotImplementedError

    def match(self, hole: Limit, ctx: LimitContext) -> bool:
        return self.rewritten(hole, ctx) is not None

    def apply(self, hole: Limit, ctx: LimitContext) -> tuple[Expr, tuple[Step, ...]]:
        out = self.rewritten(hole, ctx)
        assert out is not None
        return (like(hole, out) if self.kind is Kind.STRUCTURAL else out), ()


# ---------------------------------------------------------------- the point
def infinite(e: Expr) -> int:
    """+1 for ∞, −1 for −∞, 0 for anything else."""
    if e == INF:
        return 1
    if isinstance(e, Neg) and e.arg == INF:
        return -1
    return 0


def signed_infinity(sign: int) -> Expr:
    return INF if sign > 0 else Neg(INF)


def depends(e: Expr, x: Sym) -> bool:
    return x in free_symbols(e)


def at(e: Expr, x: Sym, value: Expr) -> Expr:
    return map_bottom_up(e, lambda n: value if n == x else n)


def like(hole: Limit, f: Expr) -> Limit:
    """The limit of ``f`` at the same point, from the same side."""
    return Limit(f, hole.var, hole.to, hole.side)


def factors_of(e: Expr) -> tuple[Expr, ...]:
    return e.factors if isinstance(e, Mul) else (e,)


def product_of(factors: list[Expr]) -> Expr:
    fs = [f for f in factors if f != ONE]
    return ONE if not fs else fs[0] if len(fs) == 1 else Mul(tuple(fs))


def derivative(g: Expr, x: Sym) -> Expr | None:
    """g′, tidied, by the derivative engine; None when it has no rule."""
    budget = Budget(max_steps=4000, deadline=math.inf, seconds=math.inf)
    try:
        return tidy(complete(Deriv(g, x), DERIVATIVE, budget))
    except (NoRule, LimitError):
        return None


# ---------------------------------------------------------------- values
def value(f: Expr, hole: Limit, ctx: LimitContext) -> Expr | None:
    """The limit of ``f`` at ``hole``'s point and side by this table, silently: an exact value,
    ``INF``, ``-INF``, or None (no rule, does not exist, or already being found)."""
    target = like(hole, f)
    if target in ctx.values:
        return ctx.values[target]
    if target in ctx.open or len(ctx.open) >= MAX_NESTING or ctx.make_kind is None:
        return None
    ctx.open.add(target)
    try:
        filled = complete(target, ctx.make_kind(ctx), ctx.budget)
        found = evaluated(filled)
    except (NoRule, DoesNotExist, UndefinedValue, RecursionError):
        found = None
    except StepcalcError:
        ctx.open.discard(target)
        raise
    ctx.open.discard(target)
    ctx.values[target] = found
    return found


def evaluated(e: Expr) -> Expr | None:
    """A filled line's value: ∞ settled, then exact; None when ∞ stays inside (∞ − ∞)."""
    e = settle(e)
    if infinite(e):
        return e
    if any(n == INF for n in walk(e)):
        return None
    try:
        return exact_value(e)
    except UndefinedValue:
        return None


def sign_of(v: Expr) -> int | None:
    """The sign of a value: ±1 for ±∞, else of its decimal (None when it cannot be told)."""
    if infinite(v):
        return infinite(v)
    if v == ZERO:
        return 0
    d = to_float(v)
    if d is None or not math.isfinite(d) or abs(d) < 1e-12:
        return None
    return 1 if d > 0 else -1


def is_zero(v: Expr | None) -> bool:
    return v == ZERO


# ---------------------------------------------------------------- ∞ in a line
def settle(e: Expr) -> Expr:
    """The arithmetic of ∞ a textbook allows, bottom up: ∞ + c = ∞, c·∞ = ±∞ (c ≠ 0),
    c/∞ = 0, e^∞ = ∞, e^(−∞) = 0, ln ∞ = ∞, √∞ = ∞, arctan(±∞) = ±π/2; the indeterminate
    forms (∞ − ∞, 0·∞, ∞/∞) are left as they are."""
    return map_bottom_up(e, _settle_node) if any(n == INF for n in walk(e)) else e


def _settle_node(n: Expr) -> Expr:
    if isinstance(n, Neg) and isinstance(n.arg, Neg) and infinite(n.arg.arg):
        return n.arg.arg
    if isinstance(n, Add):
        signs = {infinite(t) for t in n.terms} - {0}
        if len(signs) == 1 and all(infinite(t) or _finite_constant(t) for t in n.terms):
            return signed_infinity(signs.pop())
        return n
    if isinstance(n, Mul):
        return _product_sign(n.factors, n)
    if isinstance(n, Div):
        top, bottom = infinite(n.num), infinite(n.den)
        if bottom and _finite_constant(n.num):
            return ZERO
        if top and not bottom and _finite_constant(n.den):
            s = sign_of(n.den)
            return signed_infinity(top * s) if s else n
        return n
    if isinstance(n, Pow):
        return _settle_power(n)
    if isinstance(n, Func) and len(n.args) == 1 and infinite(n.args[0]):
        s = infinite(n.args[0])
        if n.name == "exp":
            return INF if s > 0 else ZERO
        if n.name in ("ln", "log", "sqrt", "cbrt") and (s > 0 or n.name == "cbrt"):
            return signed_infinity(s)
        if n.name == "atan":
            half = Div(PI, Num(2))
            return half if s > 0 else Neg(half)
        if n.name in ("sinh", "asinh"):
            return signed_infinity(s)
        if n.name == "cosh":
            return INF
        if n.name == "tanh":
            return ONE if s > 0 else Neg(ONE)
    return n


def _product_sign(factors: tuple[Expr, ...], n: Expr) -> Expr:
    signs = [infinite(f) for f in factors]
    if not any(signs):
        return n
    total = 1
    for f, s in zip(factors, signs, strict=True):
        if s:
            total *= s
            continue
        if not _finite_constant(f):
            return n
        fs = sign_of(f)
        if not fs:
            return n  # 0·∞, or a sign that cannot be told
        total *= fs
    return signed_infinity(total)


def _settle_power(n: Pow) -> Expr:
    base, exp = infinite(n.base), infinite(n.exp)
    if exp and not base and _finite_constant(n.base):
        b = to_float(n.base) if n.base != E else math.e
        if b is None or b <= 0 or b == 1:
            return n
        return INF if (b > 1) == (exp > 0) else ZERO
    if base and not exp and _finite_constant(n.exp):
        k = to_float(n.exp)
        if k is None or k == 0:
            return n
        if k < 0:
            return ZERO
        if base > 0:
            return INF
        whole = float(k).is_integer()
        return signed_infinity(-1 if whole and int(k) % 2 else 1) if whole else n
    return n


def _finite_constant(e: Expr) -> bool:
    return not free_symbols(e) and not any(isinstance(n, Limit) or n == INF for n in walk(e))


# ---------------------------------------------------------------- signs near the point
def near_points(hole: Limit, side: str) -> list[float] | None:
    """Points of the approach from ``side`` (+ the right, − the left): a ± 10⁻ᵏ, or ±10ᵏ."""
    s = infinite(hole.to)
    if s:
        return [s * 10.0**k for k in (3, 4, 5, 6, 7)]
    a = to_float(hole.to)
    if a is None or not math.isfinite(a):
        return None
    step = 1 if side == "+" else -1
    return [a + step * 10.0**-k * max(1.0, abs(a)) for k in (3, 4, 5, 6)]


def sign_near(g: Expr, hole: Limit, side: str) -> int | None:
    """The sign g keeps as x approaches the point from ``side``: ±1, or None when it is 0, has
    no value there, or changes."""
    from stepcalc.tasks.sampling import numeric_function

    points = near_points(hole, side)
    if points is None:
        return None
    fn = numeric_function(g, hole.var)
    signs = set()
    for p in points:
        v = fn(p)
        if v is None or not math.isfinite(v) or v == 0:
            return None
        signs.add(1 if v > 0 else -1)
    return signs.pop() if len(signs) == 1 else None


def sides(hole: Limit) -> tuple[str, ...]:
    """The sides the limit approaches from: one for a one-sided limit or at ±∞, both otherwise."""
    if infinite(hole.to):
        return ("-",) if infinite(hole.to) > 0 else ("+",)
    return (hole.side,) if hole.side else ("-", "+")


# ---------------------------------------------------------------- shared by the rules
JUMPS = frozenset({"sign", "heaviside", "floor", "ceil", "frac", "round"})
"""Functions with jumps: substitution is not enough where their argument is at a jump."""
ROOTS_AND_LOGS = frozenset({"sqrt", "ln", "log", "log10", "log2", "acosh"})
"""Functions defined on one side of a point only where their argument is 0 (or 1)."""


def at_jump(name: str, inner: Expr) -> bool:
    """Whether a function jumps where its argument is ``inner``: sign and H at 0, floor and
    ceil at a whole number."""
    if name not in JUMPS:
        return False
    if name in ("sign", "heaviside"):
        return inner == ZERO
    v = rational(inner)
    return v is None or v.denominator == 1 or name == "round"


def exact_or_none(e: Expr) -> Expr | None:
    try:
        return exact_value(e)
    except (UndefinedValue, ZeroDivisionError, OverflowError, ValueError):
        return None


def indeterminate(hole: Limit, ctx: LimitContext) -> str | None:
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
        poles = [t for t in f.terms if pole(t.arg if isinstance(t, Neg) else t, hole, ctx)]
        return "∞−∞" if {1, -1} <= signs or len(poles) >= 2 else None
    if isinstance(f, Mul):
        values = [value(g, hole, ctx) for g in f.factors]
        if any(is_zero(v) for v in values) and any(v is not None and infinite(v) for v in values):
            return "0·∞"
    return None


def pole(t: Expr, hole: Limit, ctx: LimitContext) -> bool:
    """c/g with c ↛ 0 and g → 0: a term that is infinite at the point (on some side)."""
    if not isinstance(t, Div):
        return False
    top = value(t.num, hole, ctx)
    return top is not None and not is_zero(top) and is_zero(value(t.den, hole, ctx))


__all__ = [
    "JUMPS",
    "MAX_LHOPITAL",
    "ROOTS_AND_LOGS",
    "DoesNotExist",
    "LimitContext",
    "LimitRule",
    "RewriteRule",
    "at",
    "at_jump",
    "depends",
    "derivative",
    "evaluated",
    "exact_or_none",
    "factors_of",
    "indeterminate",
    "infinite",
    "is_zero",
    "like",
    "pole",
    "product_of",
    "settle",
    "sides",
    "sign_near",
    "sign_of",
    "signed_infinity",
    "value",
]
