"""The plots stepcalc draws: a function with its derivative, a tangent and normal at a point, a
curve sketch (extrema, inflection points, where it increases), an implicit curve with its
tangent.

Each takes stepcalc expressions and plain numbers (exact ``Expr`` or float), never a task's
result, so that any command can call it; each returns a ``Plot`` and writes it to ``path``
when one is given.  The words come from the phrase tables (``plot.*``), the mathematics from
the Unicode printer.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from stepcalc.expr import Equation, Expr, Func, Sym
from stepcalc.phrases import fill, text
from stepcalc.plots.figure import Plot, drawing, new_plot, require
from stepcalc.plots.numeric import Curve, as_float, curve_of, grid, x_window, y_window
from stepcalc.printing import to_unicode

if TYPE_CHECKING:
    from matplotlib.axes import Axes


__all__ = [
    "plot_area",
    "plot_curve_sketch",
    "plot_descent",
    "plot_function_and_derivative",
    "plot_implicit",
    "plot_tangent",
]

Number = Expr | float
_BOX = 0.66  # the axes' height over their width in a figure of figure.SIZE
_LONGEST = 40  # characters of a formula in a legend; a longer one is named, f(x)
_COLOURS = {"f": "C0", "derivative": "C1", "tangent": "C3", "normal": "C2", "increasing": "C2"}


def plot_function_and_derivative(
    f: Expr,
    fprime: Expr,
    x: Sym,
    path: str | Path | None = None,
    lang: str = "en",
    *,
    order: int = 1,
    at: Number | None = None,
) -> Plot:
    """f and its derivative of ``order`` on one pair of axes (x = ``at`` kept in view)."""
    require()
    plot = new_plot(lang, x.name, "y")
    curves = {"f": curve_of(f, x), "derivative": curve_of(fprime, x)}
    lo, hi = x_window(curves["f"], [] if at is None else [as_float(at)])
    window = _y_range(list(curves.values()), lo, hi)
    name = Func("f" + "'" * order, (x,))
    labels = {
        "f": _phrase("function", plot.lang, Equation((Func("f", (x,)), f))),
        "derivative": _phrase(
            "derivative" if order == 1 else "higher_derivative",
            plot.lang,
            Equation((name, fprime)),
            str(order),
        ),
    }
    with drawing(plot) as ax:
        for key, curve in curves.items():
            _draw(ax, curve, (lo, hi), window, color=_COLOURS[key], label=labels[key])
        _finish(ax, (lo, hi), window)
    return _saved(plot, path)


def plot_tangent(
    f: Expr,
    x: Sym,
    a: Number,
    value: Number,
    slope: Number | None,
    path: str | Path | None = None,
    lang: str = "en",
    normal: bool = True,
) -> Plot:
    """y = f(x) with its tangent at (a, f(a)) of slope ``slope`` (None: the vertical x = a) and,
    with ``normal``, the normal there."""
    require()
    plot = new_plot(lang, x.name, "y")
    px, py = as_float(a), as_float(value)
    curve = curve_of(f, x)
    lo, hi = x_window(curve, [px])
    window = _y_range([curve], lo, hi, [py])
    if normal:  # equal units, or the normal would not look perpendicular
        (lo, hi), window = _square((lo, hi), window, py)
    m = None if slope is None else as_float(slope)
    where = f"{x.name} = {_number(a)}"
    with drawing(plot) as ax:
        _draw(ax, curve, (lo, hi), window, color=_COLOURS["f"], label=_phrase("curve", plot.lang, _y_is(f)))
        _line(
            ax,
            (px, py),
            m,
            (lo, hi),
            window,
            color=_COLOURS["tangent"],
            label=_word("tangent", plot.lang, where),
        )
        if normal:
            perpendicular = 0.0 if m is None else (None if m == 0 else -1 / m)
            _line(
                ax, (px, py), perpendicular, (lo, hi), window,
                color=_COLOURS["normal"], linestyle="--", label=_word("normal", plot.lang, where),
            )  # fmt: skip
        ax.plot([px], [py], "o", color="black", zorder=5, label=_word("point", plot.lang, _pair(a, value)))
        _finish(ax, (lo, hi), window, square=normal)
    return _saved(plot, path)


def plot_curve_sketch(
    f: Expr,
    x: Sym,
    *,
    critical: Sequence[tuple[Number, Number, str]] = (),
    inflections: Sequence[tuple[Number, Number]] = (),
    increasing: Sequence[tuple[Number, Number]] = (),
    window: tuple[Number, Number] | None = None,
    path: str | Path | None = None,
    lang: str = "en",
) -> Plot:
    """y = f(x) with its critical points (kind ``max``, ``min`` or any other: neither) and
    inflection points marked, and the intervals where it increases (ends may be ±inf) shaded."""
    require()
    plot = new_plot(lang, x.name, "y")
    curve = curve_of(f, x)
    points = [(as_float(a), as_float(b), kind) for a, b, kind in critical]
    bends = [(as_float(a), as_float(b)) for a, b in inflections]
    if window is None:
        lo, hi = x_window(curve, [p[0] for p in points] + [p[0] for p in bends])
    else:
        lo, hi = as_float(window[0]), as_float(window[1])
    ys = _y_range([curve], lo, hi, [p[1] for p in points] + [p[1] for p in bends])
    with drawing(plot) as ax:
        _shade(ax, [(as_float(a), as_float(b)) for a, b in increasing], (lo, hi), plot.lang)
        _draw(ax, curve, (lo, hi), ys, color=_COLOURS["f"], label=_phrase("curve", plot.lang, _y_is(f)))
        _marks(ax, points, bends, plot.lang)
        _finish(ax, (lo, hi), ys)
    return _saved(plot, path)


def plot_implicit(
    F: Expr,
    x: Sym,
    y: Sym,
    c: Number,
    point: tuple[Number, Number],
    slope: Number | None,
    path: str | Path | None = None,
    lang: str = "en",
) -> Plot:
    """The curve F(x, y) = c with its tangent at ``point`` of slope dy/dx = ``slope`` (None:
    vertical), on axes of equal scale."""
    require()
    from stepcalc.plots.implicit import contour, square_window

    plot = new_plot(lang, x.name, y.name)
    px, py = as_float(point[0]), as_float(point[1])
    level = as_float(c)
    (x_lo, x_hi), ys = square_window(F, x, y, level, (px, py))
    middle, half = (x_lo + x_hi) / 2, (x_hi - x_lo) / 2 / _BOX  # equal units fill the box
    box = ((middle - half, middle + half), ys)
    pieces = contour(F, x, y, level, box)
    where = _pair(*point)
    with drawing(plot) as ax:
        label: str | None = _word("curve", plot.lang, f"{_shown(F)} = {_number(c)}")
        for lx, ly in pieces:
            ax.plot(lx, ly, color=_COLOURS["f"], linewidth=1.8, label=label)
            label = None  # one legend entry for every piece of the curve
        m = None if slope is None else as_float(slope)
        _line(
            ax,
            (px, py),
            m,
            box[0],
            box[1],
            color=_COLOURS["tangent"],
            label=_word("tangent", plot.lang, where),
        )
        ax.plot([px], [py], "o", color="black", zorder=5, label=_word("point", plot.lang, where))
        _finish(ax, box[0], box[1], square=True)
    return _saved(plot, path)


def plot_area(
    f: Expr,
    g: Expr,
    x: Sym,
    cuts: Sequence[Number],
    path: str | Path | None = None,
    lang: str = "en",
) -> Plot:
    """y = f and y = g with the region between them shaded from the first cut to the last."""
    import numpy as np

    require()
    plot = new_plot(lang, x.name, "y")
    ends = [as_float(c) for c in cuts]
    first, second = curve_of(f, x), curve_of(g, x)
    lo, hi = x_window(first, ends)
    window = _y_range([first, second], lo, hi)
    with drawing(plot) as ax:
        _draw(ax, first, (lo, hi), window, color=_COLOURS["f"], label=_phrase("curve", plot.lang, _y_is(f)))
        _draw(
            ax,
            second,
            (lo, hi),
            window,
            color=_COLOURS["derivative"],
            label=_phrase("curve", plot.lang, _y_is(g)),
        )
        xs = np.linspace(min(ends), max(ends), 801)
        ax.fill_between(
            xs, first(xs), second(xs), color=_COLOURS["increasing"], alpha=0.25, linewidth=0,
            label=text("plot.area", plot.lang),
        )  # fmt: skip
        _finish(ax, (lo, hi), window)
    return _saved(plot, path)


# ---------------------------------------------------------------- pieces
def _y_range(curves: list[Curve], lo: float, hi: float, marks: Sequence[float] = ()) -> tuple[float, float]:
    import numpy as np

    xs = np.linspace(lo, hi, 801)
    return y_window([c(xs) for c in curves], marks)


def _draw(
    ax: Axes, curve: Curve, xs: tuple[float, float], ys: tuple[float, float], *, color: str, label: str
) -> None:
    """The curve across the window, cut at poles and jumps; values far outside the window are
    pulled in to a few heights beyond it (matplotlib clips them; astronomic ones upset it)."""
    import numpy as np

    span = ys[1] - ys[0]
    gx, gy = grid(curve, xs[0], xs[1], span)
    gy = np.clip(gy, ys[0] - 4 * span, ys[1] + 4 * span)
    ax.plot(gx, gy, color=color, linewidth=1.8, label=label)


def _line(
    ax: Axes,
    point: tuple[float, float],
    slope: float | None,
    xs: tuple[float, float],
    ys: tuple[float, float],
    *,
    color: str,
    label: str,
    linestyle: str = "-",
) -> None:
    """The line through ``point`` with ``slope`` (None: vertical) across the window; its data
    holds the point itself, between the two ends."""
    px, py = point
    if slope is None:
        line_x, line_y = [px, px, px], [ys[0], py, ys[1]]
    else:
        line_x, line_y = [xs[0], px, xs[1]], [py + slope * (xs[0] - px), py, py + slope * (xs[1] - px)]
    ax.plot(line_x, line_y, color=color, linestyle=linestyle, linewidth=1.4, label=label)


def _shade(ax: Axes, spans: list[tuple[float, float]], xs: tuple[float, float], lang: str) -> None:
    label: str | None = text("plot.increasing", lang)
    for a, b in spans:
        a, b = max(a, xs[0]), min(b, xs[1])
        if b > a:
            ax.axvspan(a, b, color=_COLOURS["increasing"], alpha=0.12, linewidth=0, label=label)
            label = None


_MARKERS = {
    "maximum": ("^", "C3"),
    "minimum": ("v", "C0"),
    "critical": ("D", "C7"),
    "inflection": ("s", "C4"),
}


def _marks(
    ax: Axes, critical: list[tuple[float, float, str]], bends: list[tuple[float, float]], lang: str
) -> None:
    groups: dict[str, list[tuple[float, float]]] = {}
    for a, b, kind in critical:
        key = "maximum" if "max" in kind else "minimum" if "min" in kind else "critical"
        groups.setdefault(key, []).append((a, b))
    if bends:
        groups["inflection"] = list(bends)
    for key, found in groups.items():
        marker, colour = _MARKERS[key]
        ax.plot(
            [p[0] for p in found], [p[1] for p in found], marker, color=colour, markersize=8,
            markeredgecolor="black", zorder=5, label=text(f"plot.{key}", lang),
        )  # fmt: skip


def _finish(ax: Axes, xs: tuple[float, float], ys: tuple[float, float], *, square: bool = False) -> None:
    """The window, the axes through the origin, and the legend; ``square``: one unit the same
    length on both axes (the window is already of the box's proportion)."""
    ax.set_xlim(*xs)
    ax.set_ylim(*ys)  # fixed: the lines below, and the axes through 0, leave the window alone
    ax.axvline(0, color="0.35", linewidth=0.8, zorder=1)
    ax.axhline(0, color="0.35", linewidth=0.8, zorder=1)
    if square:
        ax.set_aspect("equal", adjustable="box")
    ax.legend(loc="best", fontsize=9)


def _square(
    xs: tuple[float, float], ys: tuple[float, float], focus: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """A window of the axes' own proportion (equal units then fill the box): the short side
    widened; or, where the curve is far taller than wide, a band of y around ``focus`` (the
    point), as near the middle of the curve's range as keeps the point well inside."""
    width, height = xs[1] - xs[0], ys[1] - ys[0]
    if height <= width * _BOX:
        middle = (ys[0] + ys[1]) / 2
        return xs, (middle - width * _BOX / 2, middle + width * _BOX / 2)
    if height <= 3 * width * _BOX:
        middle = (xs[0] + xs[1]) / 2
        return (middle - height / _BOX / 2, middle + height / _BOX / 2), ys
    band = width * _BOX
    middle = min(max((ys[0] + ys[1]) / 2, focus - 0.3 * band), focus + 0.3 * band)
    return xs, (middle - band / 2, middle + band / 2)


def _saved(plot: Plot, path: str | Path | None) -> Plot:
    if path is not None:
        plot.save(path)
    return plot


# ---------------------------------------------------------------- words
def _phrase(key: str, lang: str, math: Equation, *more: str) -> str:
    """A legend's words around a formula; a long formula is named by its left side, f(x)."""
    shown = to_unicode(math)
    if len(shown) > _LONGEST:
        shown = to_unicode(math.sides[0])
    return fill(text(f"plot.{key}", lang), [shown, *more])


def _word(key: str, lang: str, math: str) -> str:
    return fill(text(f"plot.{key}", lang), [math])


def _y_is(f: Expr) -> Equation:
    return Equation((Sym("y"), f))


def _shown(e: Expr) -> str:
    return to_unicode(e)


def _pair(a: Number, b: Number) -> str:
    return f"({_number(a)}, {_number(b)})"


def _number(v: Number) -> str:
    """An exact number as stepcalc writes it; a float as briefly as it reads."""
    return to_unicode(v) if isinstance(v, Expr) else f"{v:g}"


def plot_descent(
    f: Expr, variables: Sequence[Sym], path_points: Sequence[Sequence[float]], path: str | Path | None = None,
    lang: str = "en",
) -> Plot:  # fmt: skip
    """Gradient descent drawn: for two variables the contours of f with the iterates joined in
    order; for one, the curve y = f(x) with the iterates on it."""
    import numpy as np

    from stepcalc.plots.numeric import values

    require()
    points = np.array([[float(c) for c in p] for p in path_points])
    if len(variables) == 1:
        (x,) = variables
        plot = new_plot(lang, x.name, "y")
        xs = points[:, 0]
        lo, hi = float(xs.min()), float(xs.max())
        pad = max(hi - lo, 1.0) * 0.25
        grid_x = np.linspace(lo - pad, hi + pad, 801)
        with drawing(plot) as ax:
            ax.plot(
                grid_x,
                values(f, {x: grid_x}),
                color=_COLOURS["f"],
                label=_phrase("curve", plot.lang, _y_is(f)),
            )
            ax.plot(
                xs,
                values(f, {x: xs}),
                "o-",
                color=_COLOURS["tangent"],
                markersize=4,
                label=text("plot.iterates", plot.lang),
            )
            ax.legend(loc="best")
        return _saved(plot, path)
    x, y = variables[0], variables[1]
    plot = new_plot(lang, x.name, y.name)
    span = [(float(points[:, k].min()), float(points[:, k].max())) for k in (0, 1)]
    pads = [max(hi - lo, 1.0) * 0.25 for lo, hi in span]
    gx = np.linspace(span[0][0] - pads[0], span[0][1] + pads[0], 201)
    gy = np.linspace(span[1][0] - pads[1], span[1][1] + pads[1], 201)
    mx, my = np.meshgrid(gx, gy)
    with drawing(plot) as ax:
        ax.contour(mx, my, values(f, {x: mx, y: my}), levels=20, cmap="viridis", linewidths=0.8)
        ax.plot(
            points[:, 0],
            points[:, 1],
            "o-",
            color=_COLOURS["tangent"],
            markersize=4,
            label=text("plot.iterates", plot.lang),
        )
        ax.legend(loc="best")
        ax.set_aspect("equal", adjustable="datalim")
    return _saved(plot, path)
