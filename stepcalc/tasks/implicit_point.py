"""A curve's point in ``stepcalc implicit --at x=a,y=b``: that it lies on the curve, the
slope y′ there and the tangent line y = b + y′(a, b)(x − a), or the vertical line x = a where
y′'s coefficient F_y is 0 and the rest is not; where both are 0 (the folium's node at the
origin) the curve has no single slope there, which is said rather than guessed."""

from __future__ import annotations

from dataclasses import dataclass

from stepcalc.derivative_at import substitute
from stepcalc.errors import StepcalcError
from stepcalc.evaluate import evaluate_at, parse_point
from stepcalc.exact import same_value
from stepcalc.expr import Add, Equation, Expr, Mul, Neg, Num, Sym, free_symbols
from stepcalc.limits import Limits
from stepcalc.printing import to_unicode
from stepcalc.simplify import tidy
from stepcalc.tasks.implicit_solve import PRIME, PRIME2, REFUTED, UNKNOWN, VERIFIED, X, Y, outcome
from stepcalc.tasks.tangent import Line as PlaneLine

__all__ = ["AtPoint", "at_point"]


@dataclass(frozen=True, slots=True)
class AtPoint:
    """The point (a, b): the curve's equation there, the slope (None: a vertical tangent) as
    ``y′ = g(a, b) = m``, the tangent line, y″ there (order 2) and the oracle's checks."""

    a: Expr
    b: Expr
    on_curve: Equation
    slope: Expr | None
    slope_line: Equation | None
    tangent: PlaneLine
    second: Equation | None
    checks: tuple[str, ...]


def at_point(
    curve: Equation,
    dydx: Expr,
    d2ydx2: Expr | None,
    solved: tuple[Expr, Expr],
    at: str | dict[str, str | Expr],
    verify: bool,
    limits: Limits,
) -> AtPoint:
    """The curve at the point ``at`` (``"x=3,y=4"``), y′ = ``dydx`` being ``solved`` =
    (coefficient, rest) of ``coefficient·y′ = rest``."""
    a, b = _coordinates(at, limits)
    where = {X: a, Y: b}
    on_curve = _on_the_curve(curve, where, limits)
    coefficient = _value(solved[0], where, limits)
    if _zero(coefficient):
        rest = _value(solved[1], where, limits)
        if _zero(rest):
            point, shown = (_pair(a, b)), to_unicode(Equation((Mul((solved[0], PRIME)), solved[1])))
            raise StepcalcError(
                f"at {point} both sides of {shown} are 0: the curve has no single slope there "
                "(it crosses itself or has a cusp)"
            )
        vertical = Equation((X, a))
        return AtPoint(a, b, on_curve, None, None, PlaneLine(vertical, vertical, True), None, ())
    slope = _value(dydx, where, limits)
    check = outcome(slope, tidy(_divided(solved[1], solved[0], where)), verify)
    slope_line = _chain(PRIME, substitute(dydx, where), slope)
    tangent = _tangent(a, b, slope, verify)
    second, checks = None, [check]
    if d2ydx2 is not None:
        value = _value(d2ydx2, where, limits)
        second = _chain(PRIME2, substitute(d2ydx2, where), value)
        checks.append(outcome(value, substitute(d2ydx2, where), verify))
    if tangent.verified is not None:
        checks.append(VERIFIED if tangent.verified else REFUTED)
    return AtPoint(a, b, on_curve, slope, slope_line, tangent, second, tuple(checks) if verify else ())


def _coordinates(at: str | dict[str, str | Expr], limits: Limits) -> tuple[Expr, Expr]:
    point = parse_point(at, limits)
    if set(point) != {X, Y}:
        raise StepcalcError("a point of an implicit curve needs x and y, as x=3,y=4")
    for s, v in point.items():
        if free_symbols(v):
            raise StepcalcError(f"the point {s.name} = {to_unicode(v)} must be a number")
    return point[X], point[Y]


def _pair(a: Expr, b: Expr) -> str:
    return f"({to_unicode(a)}, {to_unicode(b)})"


def _on_the_curve(curve: Equation, where: dict[Sym, Expr], limits: Limits) -> Equation:
    """``3² + 4² = 25``: the curve's sides at the point, equal, or a clear error."""
    written = [substitute(s, where) for s in curve.sides]
    values = [_value(s, where, limits) for s in curve.sides]
    same = same_value(values[0], values[1])
    if same is None:
        same = {VERIFIED: True, REFUTED: False}.get(outcome(values[0], values[1]))
    point = _pair(where[X], where[Y])
    if same is None:
        raise StepcalcError(f"stepcalc cannot decide whether {point} is on the curve {to_unicode(curve)}")
    if not same:
        raise StepcalcError(
            f"the point {point} is not on the curve {to_unicode(curve)}: "
            f"{to_unicode(written[0])} = {to_unicode(values[0])}, not {to_unicode(values[1])}"
        )
    sides = [written[0]]
    for e in (values[0], written[1]):
        if e not in sides:
            sides.append(e)
    return Equation(tuple(sides)) if len(sides) > 1 else Equation((written[0], values[1]))


def _value(e: Expr, where: dict[Sym, Expr], limits: Limits) -> Expr:
    found = evaluate_at(e, where, limits)
    if found.undefined is not False:
        point = _pair(where[X], where[Y])
        raise StepcalcError(f"{to_unicode(e)} is not defined at {point}")
    return found.exact


def _zero(value: Expr) -> bool:
    same = same_value(value, Num(0))
    return same is True or (same is None and outcome(value, Num(0)) == VERIFIED)


def _divided(rest: Expr, coefficient: Expr, where: dict[Sym, Expr]) -> Expr:
    from stepcalc.expr import Div

    return substitute(Div(rest, coefficient), where)


def _chain(name: Sym, written: Expr, value: Expr) -> Equation:
    return Equation((name, written, value)) if written != value else Equation((name, value))


def _tangent(a: Expr, b: Expr, slope: Expr, verify: bool) -> PlaneLine:
    """y = b + m(x − a) as first written (``4 - 3/4 (x - 3)``, a negative slope's sign in
    front) and simplified, the two checked equal by the oracle."""
    run = Add((X, Neg(a))) if a != Num(0) else X
    sign = isinstance(slope, Neg)
    size = slope.arg if isinstance(slope, Neg) else slope
    body = run if size == Num(1) else Mul((size, run))  # 3 - (x - 3), not 3 - 1·(x - 3)
    step = Neg(body) if sign else body
    written = step if b == Num(0) else Add((b, step))
    simplified = tidy(written)
    verdict = outcome(simplified, written, verify) if verify else ""
    return PlaneLine(
        Equation((Y, written)),
        Equation((Y, simplified)),
        None if verdict in ("", UNKNOWN) else verdict == VERIFIED,
    )
