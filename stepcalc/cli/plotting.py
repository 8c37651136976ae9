"""``--plot FILE``: the option, its checks before any work, and the plot of ``diff`` and
``tangent`` put beside (and into) their output.  The drawing is ``stepcalc.plots``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from stepcalc.errors import StepcalcError
from stepcalc.expr import Equation, Expr, Sym
from stepcalc.phrases import fill, text

if TYPE_CHECKING:
    from stepcalc.derivation import Derivation
    from stepcalc.plots import Plot
    from stepcalc.tasks.analyze import Analysis
    from stepcalc.tasks.implicit import Implicit
    from stepcalc.tasks.tangent import Tangent

__all__ = [
    "add_plot_option",
    "check_plot",
    "plot_derivative",
    "plot_implicit_of",
    "plot_sketch_of",
    "plot_tangent_of",
    "print_with_plot",
    "say_written",
    "with_plot",
]


def add_plot_option(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument(
        "--plot",
        metavar="FILE",
        help=f"also draw {what} to FILE (.svg, .png or .pdf; needs matplotlib); "
        "html embeds it, md links it, a standalone LaTeX document includes it",
    )


def check_plot(args: argparse.Namespace) -> Path | None:
    """The plot's file, checked before any work (its suffix; matplotlib installed)."""
    if not getattr(args, "plot", None):
        return None
    from stepcalc.plots import check_plot_path, drawn_lang

    path = check_plot_path(args.plot)
    if drawn_lang(args.lang) != args.lang:
        print(text("plot.no_font", args.lang), file=sys.stderr)
    return path


def plot_derivative(d: Derivation, result: Expr, path: Path, args: argparse.Namespace) -> Plot:
    """``diff``'s plot: f and its derivative ``result``, one variable only."""
    from stepcalc.evaluate import parse_point
    from stepcalc.plots import plot_function_and_derivative

    problem = d.problem
    if problem.kind != "derivative" or len(set(problem.wrt)) != 1:  # x, x: a second derivative
        names = ", ".join(dict.fromkeys(s.name for s in problem.wrt))
        raise StepcalcError(f"--plot draws a function of one variable and its derivative, not one in {names}")
    x = problem.wrt[0]
    at = None
    if args.at:
        point = parse_point(args.at)
        at = point.get(x)
    return plot_function_and_derivative(problem.expr, result, x, path, args.lang, order=problem.order, at=at)


def plot_tangent_of(t: Tangent, path: Path, args: argparse.Namespace) -> Plot:
    """``tangent``'s plot: the curve, its tangent and (with --normal) its normal."""
    from stepcalc.plots import plot_tangent

    f = t.derivation.problem.expr
    return plot_tangent(f, t.x, t.a, t.value, t.slope, path, args.lang, normal=args.normal)


def plot_sketch_of(a: Analysis, path: Path, args: argparse.Namespace) -> Plot:
    """``analyze``'s plot: the curve, its extrema and inflection points, increase shaded."""
    from stepcalc.plots import plot_curve_sketch

    kinds = {"local_min": "min", "local_max": "max"}
    inf = float("inf")
    return plot_curve_sketch(
        a.f,
        a.x,
        critical=[(c.x.approx, c.y, kinds.get(c.kind, c.kind)) for c in a.critical],
        inflections=[(p.approx, y) for p, y in a.inflections],
        increasing=[
            (-inf if i.lo is None else i.lo.approx, inf if i.hi is None else i.hi.approx)
            for i in a.increasing
        ],
        window=None if a.window is None else (a.window[0].approx, a.window[1].approx),
        path=path,
        lang=args.lang,
    )


def plot_implicit_of(found: Implicit, path: Path, args: argparse.Namespace) -> Plot:
    """``implicit``'s plot: the curve F = G and its tangent at the point --at gives."""
    from stepcalc.expr import Add, Neg, Num
    from stepcalc.plots import plot_implicit

    curve, point, _ = found.plot_data()
    if point is None or found.point is None:
        raise StepcalcError("--plot draws the curve with its tangent at a point: give --at x=a,y=b")
    left, right = curve.sides
    x, y = Sym("x"), Sym("y")
    return plot_implicit(Add((left, Neg(right))), x, y, Num(0), point, found.point.slope, path, args.lang)


def with_plot(shown: str, fmt: str, plot: Plot, path: Path, f: Expr, lang: str) -> tuple[str, list[Path]]:
    """The output with the plot put in (html, md, standalone LaTeX), and every file written;
    its caption names the curve y = f, or the equation ``f`` itself (an implicit curve)."""
    from stepcalc.plots import attach
    from stepcalc.printing import to_unicode

    curve = f if isinstance(f, Equation) else Equation((Sym("y"), f))
    caption = fill(text("plot.caption", lang), [to_unicode(curve)])
    shown, others = attach(shown, fmt, plot, path, caption)
    return shown, [path, *others]


def print_with_plot(
    shown: str, args: argparse.Namespace, path: Path | None, draw: Callable[[Path], Plot], curve: Expr
) -> None:
    """A command's output, with its plot drawn to ``path`` and put in when --plot asked for one,
    then the files written named on stderr."""
    files: list[Path] = []
    if path is not None:
        shown, files = with_plot(shown, args.format, draw(path), path, curve, args.lang)
    print(shown, end="" if shown.endswith("\n") else "\n")
    say_written(files, args.lang)


def say_written(files: list[Path], lang: str) -> None:
    for written in files:
        print(fill(text("plot.wrote", lang), [str(written)]), file=sys.stderr)
