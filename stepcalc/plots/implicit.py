"""An implicit curve F(x, y) = c as lines: contourpy (matplotlib's own contouring) on a grid of
F's values, in a square window around the point that holds the whole curve where it is small.

Across a pole of F (1/x + 1/y = 1 along x = 0) F jumps from +∞ to −∞ and a contour routine
would draw a false line where the grid changes sign; every vertex found is checked against F
itself, and the line is cut where F is far from c there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stepcalc.expr import Expr, Sym
from stepcalc.plots.numeric import values

if TYPE_CHECKING:
    from stepcalc.plots.numeric import Array

__all__ = ["contour", "square_window"]

Window = tuple[tuple[float, float], tuple[float, float]]
_CELLS = 300  # grid lines each way: smooth at print size
_COARSE = 121


def square_window(F: Expr, x: Sym, y: Sym, c: float, point: tuple[float, float]) -> Window:
    """A square around the origin (near it) or the point, big enough for the point with a
    margin; shrunk to the curve's own extent when the curve is bounded inside it."""
    px, py = point
    reach = max(abs(px), abs(py))
    centre = (0.0, 0.0) if reach <= 10 else (px, py)
    half = max(2.0, 1.5 * reach) if reach <= 10 else max(2.0, 0.5 * reach)
    box = ((centre[0] - half, centre[0] + half), (centre[1] - half, centre[1] + half))
    pieces = contour(F, x, y, c, box, cells=_COARSE)
    if not pieces:
        return box
    import numpy as np

    xs = np.concatenate([p[0] for p in pieces] + [np.array([px])])
    ys = np.concatenate([p[1] for p in pieces] + [np.array([py])])
    lo_x, hi_x, lo_y, hi_y = np.nanmin(xs), np.nanmax(xs), np.nanmin(ys), np.nanmax(ys)
    step = 2 * half / (_COARSE - 1)
    inside = lo_x > box[0][0] + step and hi_x < box[0][1] - step
    inside = inside and lo_y > box[1][0] + step and hi_y < box[1][1] - step
    if not inside:  # the curve leaves the box: keep the box
        return box
    mid_x, mid_y = (lo_x + hi_x) / 2, (lo_y + hi_y) / 2
    half = 0.6 * max(hi_x - lo_x, hi_y - lo_y, 1e-3)
    return ((mid_x - half, mid_x + half), (mid_y - half, mid_y + half))


def contour(
    F: Expr, x: Sym, y: Sym, c: float, box: Window, *, cells: int = _CELLS
) -> list[tuple[Array, Array]]:
    """The pieces of F = c inside ``box``, each an array of x and one of y (NaN where cut)."""
    import numpy as np
    from contourpy import LineType, contour_generator

    gx, gy = np.meshgrid(np.linspace(*box[0], cells), np.linspace(*box[1], cells))
    z = values(F, {x: gx, y: gy}) - c
    finite = z[np.isfinite(z)]
    if finite.size == 0:
        return []
    q10, q90 = np.quantile(np.abs(finite), [0.1, 0.9])
    tolerance = 0.05 * max(float(q90 - q10), 1e-12)
    lines = contour_generator(gx, gy, z, line_type=LineType.Separate).lines(0.0)
    pieces = []
    for line in lines:
        xy = np.asarray(line, dtype=float)
        lx, ly = xy[:, 0].copy(), xy[:, 1].copy()
        off = np.abs(values(F, {x: lx, y: ly}) - c)
        false = ~(off <= tolerance)  # NaN too: no value there
        lx[false], ly[false] = np.nan, np.nan
        if np.isfinite(lx).sum() >= 2:
            pieces.append((lx, ly))
    return pieces
