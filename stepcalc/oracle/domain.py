"""Finding the real domain of expressions in one variable, instead of hoping to hit it.

The domain can begin or end only where a condition changes sign: what a logarithm takes must
be positive, what an even root takes non-negative, a denominator non-zero, what arcsine takes
within [-1, 1], and the argument of |u|, sign u, Heaviside u or max(0, u) is where a value
may change its formula.  Those places are the real zeros of polynomials (found by
``nroots``) or, for transcendental conditions, sign changes on a grid narrowed by bisection.
Points are then placed in every gap between them and beyond them at every scale, so that
ln(x - 150), √(x - 200) and ln(x - 150) + ln(160 - x) are all sampled where they live.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable
from typing import Any

from stepcalc.catalogue import CATALOGUE
from stepcalc.oracle.numeric import Compiled

__all__ = ["domain_points"]

_MAX_DEGREE = 30
_FRACTIONS = (1e-6, 1e-4, 0.01, *(k / 16 for k in range(1, 16)), 0.99, 1 - 1e-4, 1 - 1e-6)
_GRID = sorted({s * 10.0 ** (k / 4) for k in range(-24, 25) for s in (1, -1)} | {0.0})


def domain_points(values: Iterable[Any], x: Any) -> list[tuple[float, ...]]:
    """Points of one variable around and between the places where the domain of ``values``
    may change."""
    edges: set[float] = set()
    for condition in _conditions(values, x):
        edges.update(_zeros(condition, x))
    return [(p,) for p in _around(sorted(e for e in edges if math.isfinite(e)))]


# Where each function's domain or formula may change, by its sympy name (the catalogue's
# edges): u = 0 for ln u, |u|, sign u; u = ±1 for arcsin u; u = 1 for arcosh u.
_EDGES: dict[str, tuple[int, ...]] = {
    f.sympy: f.edges for f in CATALOGUE if isinstance(f.sympy, str) and f.sympy and f.edges
}


def _conditions(values: Iterable[Any], x: Any) -> list[Any]:
    import sympy as sp

    found: list[Any] = []
    for value in values:
        for n in sp.preorder_traversal(value):
            if not getattr(n, "free_symbols", None) or x not in n.free_symbols:
                continue
            edges = _EDGES.get(type(n).__name__) if n.is_Function else None
            if edges:
                found.extend(n.args[0] - c if c else n.args[0] for c in edges)
            elif isinstance(n, sp.Pow) and not (n.exp.is_Integer and n.exp > 0):
                found.append(n.base)
            elif isinstance(n, sp.Max | sp.Min):
                found.extend(a - b for a in n.args for b in n.args if a != b)
    return found


def _zeros(condition: Any, x: Any) -> list[float]:
    import sympy as sp
    from sympy.core.function import AppliedUndef

    if condition.free_symbols != {x} or condition.has(AppliedUndef):
        return []
    if condition.is_rational_function(x):
        numerator, denominator = sp.fraction(sp.together(condition))
        return [z for poly in (numerator, denominator) for z in _polynomial_zeros(sp, poly, x)]
    compiled = Compiled(condition, (x,))
    return _sign_changes(lambda v: compiled.rough((v,)))


def _polynomial_zeros(sp: Any, poly: Any, x: Any) -> list[float]:
    from mpmath.libmp import NoConvergence  # nroots of a multiple root (x² from ∛(x²)) may not converge

    try:
        p = sp.Poly(poly, x)
        if p.degree() < 1 or p.degree() > _MAX_DEGREE:
            return []
        roots = p.nroots(n=20)
    except (sp.PolynomialError, NoConvergence, ValueError, TypeError):
        return []
    return [float(sp.re(r)) for r in roots if abs(sp.im(r)) <= 1e-12 * max(1, abs(sp.re(r)))]


def _sign_changes(fn: Callable[[float], float | None]) -> list[float]:
    def sign(v: float) -> int | None:
        y = fn(v)
        return None if y is None else (y > 0) - (y < 0)

    found = []
    signs = [(v, sign(v)) for v in _GRID]
    for (a, sa), (b, sb) in itertools.pairwise(signs):
        if sa is not None and sb is not None and sa * sb < 0:
            for _ in range(80):
                middle = (a + b) / 2
                sm = sign(middle)
                if sm is None or sm == 0:
                    break
                a, b = (middle, b) if sm == sa else (a, middle)
            found.append((a + b) / 2)
    return found


def _around(edges: list[float]) -> list[float]:
    """Points in every gap between the edges and beyond the outermost ones, near each edge
    and far from it."""
    if not edges:
        return []
    points: list[float] = []
    scale = max(1.0, max(abs(e) for e in edges))
    for k in range(-3, 7):
        points.extend((edges[0] - 10.0**k * scale / 1000, edges[-1] + 10.0**k * scale / 1000))
    for a, b in itertools.pairwise(edges):
        gap = b - a
        if gap > 0:
            points.extend(a + gap * t for t in _FRACTIONS)
    for e in edges:
        width = max(abs(e), 1.0)
        points.extend((e + width * 1e-7, e - width * 1e-7))
    return points
