"""The checks of an automatic differentiation: stepcalc's symbolic gradient at the point, central
finite differences on the graph, and the oracle's (sympy's) gradient.  Each check gets what is
left of the time budget; one that runs out is left out, never guessed."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from stepcalc.budget import TimeLimitExceeded, call_with_limit
from stepcalc.errors import StepcalcError
from stepcalc.expr import Expr, Sym, Vector
from stepcalc.limits import Limits
from stepcalc.tasks import autodiff_values as values
from stepcalc.tasks.autodiff_values import Value, Vec

if TYPE_CHECKING:
    from stepcalc.tasks.autodiff import AutoDiff

__all__ = ["check", "differences"]

T = TypeVar("T")
Symbolic = tuple[tuple[Expr, ...], tuple[float, ...]]


def check(found: AutoDiff, limits: Limits, *, verify: bool, started: float) -> None:
    """The symbolic gradient (its form and values) and, with ``verify``, the oracle's."""
    budget = limits.max_seconds
    left = max(0.0, budget - (time.monotonic() - started))
    f, variables, point = found.f, found.variables, found.point
    nothing: Symbolic = ((), ())
    found.symbolic_form, found.symbolic = _bounded(
        left / 2, lambda: _symbolic(f, variables, point, limits), nothing
    )
    if verify:
        from stepcalc.oracle.critical import gradient_at

        left = max(0.0, budget - (time.monotonic() - started))
        entries = tuple(v.items if isinstance(v, Vec) else v for v in point)
        found.oracle = _bounded(left, lambda: gradient_at(f, variables, entries), None)


def _bounded(seconds: float, work: Callable[[], T], otherwise: T) -> T:
    try:
        return call_with_limit(seconds, work, "checking the gradient")
    except (TimeLimitExceeded, StepcalcError):
        return otherwise


def _symbolic(f: Expr, variables: tuple[Sym, ...], point: tuple[Value, ...], limits: Limits) -> Symbolic:
    """stepcalc's gradient, worked as ``grad`` works it, and its value at the point."""
    if any(isinstance(v, Vec) for v in point):
        return _symbolic_vectors(f, variables, point)
    from decimal import Decimal

    from stepcalc.multivariable import gradient
    from stepcalc.tasks.descent import _compile

    d = gradient(f, list(variables), limits=limits)
    if d.unknown or not isinstance(d.result, Vector):
        return (), ()
    at = tuple(Decimal(repr(v)) for v in point)
    forms: tuple[Expr, ...] = d.result.items
    return forms, tuple(float(_compile(g, variables)(at)) for g in forms)


def _symbolic_vectors(f: Expr, variables: tuple[Sym, ...], point: tuple[Value, ...]) -> Symbolic:
    """By the vector rules (``grad 2 xᵀx --vector x`` gives 4x), with respect to each vector
    input, evaluated on its own graph at the point; nothing when an input is a number beside
    vectors (the vector rules take a vector)."""
    from stepcalc.matrix import matrix_gradient
    from stepcalc.tasks.autodiff import graph, value_at

    if not all(isinstance(v, Vec) for v in point):
        return (), ()
    names = [x.name for x in variables]
    forms: list[Expr] = []
    out: list[float] = []
    for x, v in zip(variables, point, strict=True):
        d = matrix_gradient(f, "", x, vectors=names)
        if d.unknown or d.result is None:
            return (), ()
        entries = values.flat(value_at(graph(d.result, variables), point))
        if len(entries) != len(values.flat(v)):
            return (), ()
        forms.append(d.result)
        out += entries
    return tuple(forms), tuple(out)


def differences(found: AutoDiff) -> tuple[float, ...]:
    """Central differences (f(x + h e_j) − f(x − h e_j))/(2h), h = 10⁻⁶ scaled, for each input
    component, each f evaluated on the graph (a reused value once: the tree written out can be
    exponentially large)."""
    from stepcalc.tasks.autodiff import seeds, value_at

    out = []
    for seed in seeds(found.point):
        j = next(j for j, s in enumerate(seed) if any(values.flat(s)))
        at = sum(a * d for a, d in zip(values.flat(found.point[j]), values.flat(seed[j]), strict=True))
        h = 1e-6 * max(1.0, abs(at))
        up = tuple(_moved(p, s, h) for p, s in zip(found.point, seed, strict=True))
        down = tuple(_moved(p, s, -h) for p, s in zip(found.point, seed, strict=True))
        out.append((value_at(found.nodes, up) - value_at(found.nodes, down)) / (2 * h))  # type: ignore[operator]
    return tuple(out) if all(math.isfinite(d) for d in out) else ()  # past floating point: left out


def _moved(p: Value, direction: Value, h: float) -> Value:
    if isinstance(p, Vec):
        return Vec(tuple(a + h * d for a, d in zip(p.items, values.flat(direction), strict=True)), p.row)
    return p + h * direction  # type: ignore[operator]
