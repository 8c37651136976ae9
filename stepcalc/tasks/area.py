"""The area between two curves, step by step (issue 20): the notes' area between y = 2x + 3 and
y = x², 32/3.

``area(f, g)`` solves f(x) = g(x) with named steps (the solver of ``analyze``); between
consecutive intersections (or on ``[lower, upper]`` cut at the intersections inside it) the
curve on top is read from the sign of f − g in the middle of the piece, and checked at 64 points
across it; each piece's area is the definite integral of top − bottom, worked and verified by
``integrate``; the total is their sum, exactly.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from stepcalc.errors import StepcalcError, UnsupportedError
from stepcalc.exact import UndefinedValue, exact_value, to_float
from stepcalc.expr import Add, Expr, Neg, Sym, free_symbols
from stepcalc.limits import DEFAULT, Limits
from stepcalc.parse import parse, variable
from stepcalc.simplify import tidy
from stepcalc.tasks import solve
from stepcalc.tasks.integrate import integrand, integrate
from stepcalc.tasks.sampling import numeric_function

__all__ = ["Area", "Piece", "area"]


@dataclass
class Piece:
    """One interval between intersections: the curve on top there and the integral of the gap."""

    lower: Expr
    upper: Expr
    top: Expr
    bottom: Expr
    integral: Any  # a Derivation: ∫ (top − bottom) dx from lower to upper
    value: Expr


@dataclass
class Area:
    f: Expr
    g: Expr
    x: Sym
    solution: solve.Solution  # f(x) = g(x) solved, with its steps
    pieces: list[Piece] = field(default_factory=list)
    total: Expr | None = None
    verified: bool | None = None


def area(
    f: str | Expr,
    g: str | Expr,
    wrt: str | None = None,
    *,
    lower: str | None = None,
    upper: str | None = None,
    verify: bool = True,
    limits: Limits = DEFAULT,
) -> Area:
    """The area between y = f and y = g, between their intersections or on [lower, upper]."""
    top_f = integrand(parse(f, limits=limits) if isinstance(f, str) else f)
    top_g = integrand(parse(g, limits=limits) if isinstance(g, str) else g)
    x = variable(wrt) if wrt else _variable(top_f, top_g)
    gap = tidy(Add((top_f, Neg(top_g))))
    bounds = _bounds(lower, upper, limits)
    if bounds is None:
        solution = solve.zeros(gap, x)
    else:  # periodic equations are solved on the interval
        solution = solve.zeros(gap, x, window=(_float(bounds[0]), _float(bounds[1])), shown=bounds)
    cuts = _cuts(solution, bounds)
    found = Area(top_f, top_g, x, solution)
    fn = numeric_function(gap, x)
    for p, q in itertools.pairwise(cuts):
        found.pieces.append(_piece(top_f, top_g, x, fn, p, q, verify=verify, limits=limits))
    try:
        found.total = exact_value(Add(tuple(piece.value for piece in found.pieces)))
    except UndefinedValue as error:
        raise UnsupportedError("the total area has no value") from error
    if verify:
        outcomes = [piece.integral.verified for piece in found.pieces]
        found.verified = False if False in outcomes else (True if all(outcomes) else None)
    return found


def _bounds(lower: str | None, upper: str | None, limits: Limits) -> tuple[Expr, Expr] | None:
    """The interval [lower, upper] read, or None when the area is between the intersections."""
    if (lower is None) != (upper is None):
        raise StepcalcError("an area on an interval needs both bounds (--from and --to)")
    return (
        None if lower is None or upper is None else (parse(lower, limits=limits), parse(upper, limits=limits))
    )


def _cuts(solution: solve.Solution, bounds: tuple[Expr, Expr] | None) -> list[Expr]:
    """Where the pieces begin and end: the intersections (two at least, all exact), or the
    interval's bounds with the intersections inside it."""
    if bounds is None:
        exact = [r for r in solution.roots if not r.numeric]
        if len(solution.roots) < 2:
            raise UnsupportedError(
                "the curves meet at fewer than two points: give the interval with --from and --to"
            )
        if len(exact) != len(solution.roots):
            raise UnsupportedError("the curves meet where stepcalc finds the point only numerically")
        return [r.value for r in solution.roots]
    a, b = bounds
    fa, fb = _float(a), _float(b)
    if fa >= fb:
        raise StepcalcError("the interval's lower bound must be below its upper bound")
    inside = [r for r in solution.roots if fa < r.approx < fb]
    if any(r.numeric for r in inside):
        raise UnsupportedError("the curves meet where stepcalc finds the point only numerically")
    return [a, *(r.value for r in inside), b]


def _piece(
    f: Expr,
    g: Expr,
    x: Sym,
    gap: Callable[[float], float | None],
    p: Expr,
    q: Expr,
    *,
    verify: bool,
    limits: Limits,
) -> Piece:
    """The piece between the cuts p and q: the curve on top read from the sign of f − g (``gap``)
    at 64 points across it, and the integral of top − bottom from p to q, worked."""
    lo, hi = _float(p), _float(q)
    signs = {_sign(gap(lo + (hi - lo) * (k + 0.5) / 64)) for k in range(64)}
    signs.discard(0)
    if len(signs) > 1 or None in signs:
        raise UnsupportedError(f"the curves cross between {p} and {q}, where stepcalc cannot find the point")
    upper_curve, lower_curve = (f, g) if signs != {-1} else (g, f)
    difference = _difference(upper_curve, lower_curve)
    d = integrate(difference, x, lower=p, upper=q, verify=verify, limits=limits)
    if d.unknown or d.result is None:
        raise UnsupportedError(d.unknown or "the integral of a piece could not be worked out")
    return Piece(p, q, upper_curve, lower_curve, d, d.result)


def _difference(top: Expr, bottom: Expr) -> Expr:
    """top − bottom as written: (2x + 3) − x² is 2x + 3 − x²; − (a − b) is − a + b."""
    terms = list(top.terms) if isinstance(top, Add) else [top]
    below = bottom.terms if isinstance(bottom, Add) else (bottom,)
    terms += [t.arg if isinstance(t, Neg) else Neg(t) for t in below]
    return Add(tuple(terms))


def _variable(f: Expr, g: Expr) -> Sym:
    found = sorted(s.name for s in free_symbols(f) | free_symbols(g))
    if len(found) == 1:
        return Sym(found[0])
    if not found or "x" in found:
        return Sym("x")
    raise UnsupportedError(f"the curves have several variables ({', '.join(found)}); say which with --wrt")


def _float(e: Expr) -> float:
    value = to_float(e)
    if value is None or not math.isfinite(value):
        raise UnsupportedError(f"a bound must be a finite real number, not {e}")
    return value


def _sign(v: float | None) -> int | None:
    if v is None or not math.isfinite(v):
        return None
    return 0 if abs(v) < 1e-12 else (1 if v > 0 else -1)
