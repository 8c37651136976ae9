"""The value of a derivative at a point, where the formula alone can be wrong.

The derivative formula of |x| is sign x, and sign 0 = 0; but |x| has no derivative at 0.
Formulas mislead exactly where a *step function* in them — sign, heaviside, |·|, relu, elu,
leaky_relu, each smooth on either side of u = 0 (``special_values.ONE_SIDED``, from the
catalogue) — has an argument u
that vanishes at the point.  There the test is the mean value theorem: if f is continuous
at a and f' has one-sided limits at a that agree, their common value is f'(a); if they
differ, f'(a) does not exist.

So, at such a point: the sign of each vanishing u on the left and on the right of a (from
its first derivative that is not 0 at a); f and f' written with each step function in its
form on that side (|u| → -u on the left, u on the right); f's one-sided values must equal
f(a) (else f jumps and has no derivative), and f''s one-sided values decide.  √(u²) is read
as |u| first, so that the kink in √(x²) is seen too.  Away from such points the formula's
exact value is the answer; where it gives 0/0, the value of the formula simplified (by the
same theorem, since f is continuous there).  No limits beyond that: still 0/0 is undecided.
"""

from __future__ import annotations

from collections.abc import Mapping

from stepcalc.budget import TimeLimitExceeded
from stepcalc.errors import StepcalcError
from stepcalc.exact import Reason, UndefinedValue, exact_value, same_value, to_float
from stepcalc.expr import (
    Expr,
    Func,
    Num,
    Pow,
    Sym,
    children,
    depth,
    free_symbols,
    map_bottom_up,
    walk,
    with_children,
)
from stepcalc.limits import DEFAULT, Limits, recursion_room
from stepcalc.rules.base import rational
from stepcalc.special_values import ONE_SIDED
from stepcalc.tasks.differentiate import differentiate

__all__ = ["Origin", "derivative_value", "substitute"]

Origin = tuple[Expr, Sym]  # a derivative's function and variable: f' = d/dx f
_ORDERS = 4  # how many derivatives of u are tried for its sign beside a zero
LEFT, RIGHT = 0, 1


def substitute(e: Expr, point: Mapping[Sym, Expr]) -> Expr:
    return map_bottom_up(e, lambda n: point.get(n, n) if isinstance(n, Sym) else n)


def derivative_value(origin: Origin, df: Expr, point: Mapping[Sym, Expr], limits: Limits = DEFAULT) -> Expr:
    """The exact value of ``df`` = d/dx f at ``point``; raises ``UndefinedValue`` where the
    derivative does not exist (or stepcalc cannot decide), with the reason."""
    f, x = origin
    a = point.get(x)
    if a is None or any(free_symbols(v) for v in point.values()):
        return exact_value(substitute(df, point))  # not a point on the x axis: the formula's value
    others = {s: v for s, v in point.items() if s != x}
    here = {x: a}
    try:  # f and f' as functions of x alone (|x y| at y = 0 is 0, not a kink)
        f1 = _as_step_functions(exact_value(substitute(f, others)))
        at_a = exact_value(substitute(f1, here))
    except UndefinedValue as undefined:
        raise UndefinedValue(Reason("not_defined", (_subject(f, x), x, a, undefined.reason))) from None
    df1 = _as_step_functions(exact_value(substitute(df, others)))
    steps = _vanishing(f1, x, a) | _vanishing(df1, x, a)
    if not steps:
        return _formula_value(df, df1, point, here)
    sides = {u: _sides(u, x, a, limits) for u in steps}
    values = [_limit(_one_side(f1, sides, side), here, f) for side in (LEFT, RIGHT)]
    continuous = [same_value(v, at_a) for v in values]
    if False in continuous:
        raise UndefinedValue(Reason("jump", (_subject(f, x), x, a, f, values[LEFT], values[RIGHT], at_a)))
    slopes = [_limit(_one_side(df1, sides, side), here, df) for side in (LEFT, RIGHT)]
    agree = same_value(*slopes)
    if agree is False:
        raise UndefinedValue(Reason("one_sided", (_subject(f, x), x, a, slopes[LEFT], slopes[RIGHT])))
    if agree is None or None in continuous:  # written differently, decimals alike: not decided here
        raise UndefinedValue(Reason("sides_undecided", (df, x, a), settled=False))
    return slopes[RIGHT]


def _formula_value(df: Expr, df1: Expr, point: Mapping[Sym, Expr], here: Mapping[Sym, Expr]) -> Expr:
    """The formula at the point.  Where it gives 0/0 (2x³/√(x⁴) at 0), the formula simplified
    first: its cancelled form is continuous at the point and equals f' beside it, so by the
    mean value theorem (f is continuous there) its value is f'(a)."""
    try:
        return exact_value(substitute(df, point))
    except UndefinedValue as undefined:
        if undefined.reason.settled:
            raise
    return _limit(df1, here, df)


def _limit(e: Expr, here: Mapping[Sym, Expr], named: Expr) -> Expr:
    """The value at the point of ``e`` simplified beside it (x/x is 1 there, so 1 at x = 0 too):
    the limit, for an ``e`` continuous once simplified.  Still 0/0: undecided, naming ``named``."""
    try:
        return exact_value(substitute(exact_value(e), here))
    except UndefinedValue as undefined:
        if undefined.reason.settled:
            raise
        ((x, a),) = here.items()
        raise UndefinedValue(Reason("formula_indeterminate", (named, x, a), settled=False)) from None


def _subject(f: Expr, x: Sym) -> Reason:
    """How the reason names the derivative: of f, or of f with respect to x among others."""
    if free_symbols(f) - {x}:
        return Reason("partial_of", (f, x))
    return Reason("derivative_of", (f,))


def _as_step_functions(e: Expr) -> Expr:
    """√(u^(2k)) = |u|^k: the step function hidden in a root of an even power (√(u⁴) = u²)."""

    def read(node: Expr) -> Expr:
        if isinstance(node, Func) and node.name == "sqrt" and isinstance(node.args[0], Pow):
            k = rational(node.args[0].exp)
            if k is not None and k.denominator == 1 and k.numerator % 2 == 0 and k > 0:
                half = k.numerator // 2
                u = node.args[0].base
                if half % 2 == 0:
                    return Pow(u, Num(half))
                absolute = Func("abs", (u,))
                return absolute if half == 1 else Pow(absolute, Num(half))
        return node

    return map_bottom_up(e, read)


def _vanishing(e: Expr, x: Sym, a: Expr) -> set[Expr]:
    """The arguments u of step functions in ``e`` that depend on x and are 0 at x = a."""
    found: set[Expr] = set()
    for node in walk(e):
        if isinstance(node, Func) and node.name in ONE_SIDED and node.args:
            u = node.args[0]
            if u in found or x not in free_symbols(u):
                continue
            try:
                if exact_value(substitute(u, {x: a})) == Num(0):
                    found.add(u)
            except UndefinedValue:
                continue  # u has no value at a: the formula has none either, and says why
    return found


def _sides(u: Expr, x: Sym, a: Expr, limits: Limits) -> tuple[int, int]:
    """The sign of u just left and just right of a, where u(a) = 0: that of its first
    derivative not 0 at a, the k-th, on the right, and (-1)^k times it on the left."""
    g = u
    for k in range(1, _ORDERS + 1):
        try:
            worked = differentiate(g, x, detail="full", limits=limits, max_seconds=limits.max_seconds)
        except TimeLimitExceeded:
            raise
        except StepcalcError:  # too large, or not differentiable by the rules: the sign stays unknown
            break
        if worked.unknown or not worked.lines:
            break
        g = worked.lines[-1].expr
        if _vanishing(g, x, a):
            break  # g is itself a step at a: its value there says nothing about u's sign
        try:
            value = exact_value(substitute(g, {x: a}))
        except UndefinedValue:
            break
        if value == Num(0):
            continue
        decimal = to_float(value)
        if decimal is None or decimal == 0:
            break
        right = 1 if decimal > 0 else -1
        return (right if k % 2 == 0 else -right), right
    raise UndefinedValue(Reason("no_sign", (u, x, a), settled=False))


def _one_side(e: Expr, sides: Mapping[Expr, tuple[int, int]], side: int) -> Expr:
    """``e`` with each step function of a vanishing argument in its form on that side."""
    memo: dict[int, Expr] = {}

    def rewrite(node: Expr) -> Expr:
        if id(node) not in memo:
            kids = tuple(rewrite(c) for c in children(node))
            if isinstance(node, Func) and node.name in ONE_SIDED and node.args[0] in sides:
                memo[id(node)] = ONE_SIDED[node.name](kids, sides[node.args[0]][side])
            else:
                memo[id(node)] = with_children(node, kids) if kids else node
        return memo[id(node)]

    with recursion_room(depth(e)):
        return rewrite(e)
