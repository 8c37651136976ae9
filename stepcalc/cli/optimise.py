"""The commands of the notes' optimisation half (issue 21): ``extrema``, ``lagrange``, ``descent``,
``autodiff``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from stepcalc.cli.options import add_limit_options, add_standalone_option, as_document, limits_of
from stepcalc.cli.plotting import add_plot_option, check_plot, print_with_plot
from stepcalc.expr import Equation, Sym
from stepcalc.phrases import LANGS

if TYPE_CHECKING:
    from stepcalc.plots import Plot

FORMATS = ("text", "unicode", "latex", "md", "html", "json")


def cmd_extrema(args: argparse.Namespace) -> int:
    from stepcalc.tasks.extrema import extrema
    from stepcalc.tasks.extrema_render import render_extrema

    found = extrema(
        args.expr.strip(), args.vars, on=args.on, verify=not args.no_verify, limits=limits_of(args)
    )
    f = found.derivation.problem.expr
    print(as_document(render_extrema(found, args.format, args.lang), args, Equation((Sym("f"), f))), end="")
    return 0


def add_extrema_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p: argparse.ArgumentParser = sub.add_parser(
        "extrema",
        help="critical points of f(x, y, …) and the second-derivative test",
        description="The critical points of EXPR, step by step: the gradient and the Hessian "
        "derived; grad f = 0 solved by elimination, substitution and factoring (each case "
        "shown); at each critical point the Hessian, its leading principal minors (for two "
        "variables D = f_xx f_yy - f_xy^2) and the point's kind: local_min, local_max, saddle or "
        "inconclusive, with f's value. The oracle checks every point, its kind and value, and "
        "that none is missed.",
        epilog="examples:\n  stepcalc extrema 'x^2 + y^2'\n"
        "  stepcalc extrema 'x^3 + y^3 - 3x y' --format json\n"
        "  stepcalc extrema 'sin(x) sin(y)' --on 0,2pi",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("expr", metavar="EXPR", help="the function, e.g. 'x^3 + y^3 - 3x y'")
    p.add_argument(
        "--vars",
        metavar="X,Y",
        help="the variables and their order (default: the expression's own, in natural order)",
    )
    p.add_argument(
        "--on",
        action="append",
        metavar="[X=]A,B",
        help="only the points with A < X < B (every variable without X=); repeat for each variable. "
        "A periodic f needs it: sin x sin y has infinitely many critical points",
    )
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default text)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the words (default en)")
    p.add_argument("--no-verify", action="store_true", help="skip the oracle's checks")
    add_standalone_option(p)
    add_limit_options(p)
    p.set_defaults(run=cmd_extrema)


def cmd_lagrange(args: argparse.Namespace) -> int:
    from stepcalc.tasks.lagrange import lagrange
    from stepcalc.tasks.lagrange_render import render_lagrange

    found = lagrange(
        args.expr.strip(), args.subject_to, args.vars, verify=not args.no_verify, limits=limits_of(args)
    )
    shown = render_lagrange(found, args.format, args.lang)
    print(as_document(shown, args, Equation((Sym("f"), found.f))), end="")
    return 0


def add_lagrange_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p: argparse.ArgumentParser = sub.add_parser(
        "lagrange",
        help="extrema under constraints by Lagrange multipliers",
        description="The extrema of EXPR subject to equations, step by step: the Lagrangian "
        "L = f - lambda (g - c); grad L derived and grad L = 0 solved with named steps; the "
        "candidates with f's value; the constrained minimum and maximum, by comparing values on a "
        "closed, bounded constraint set or by the bordered Hessian, or stated as candidates. The "
        "oracle checks every candidate, the values and that none is missed.",
        epilog="examples:\n  stepcalc lagrange '1/a + 4/b' --subject-to 'a + b = 1'\n"
        "  stepcalc lagrange 'x y' --subject-to 'x^2 + y^2 = 1' --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("expr", metavar="EXPR", help="the function, e.g. '1/a + 4/b'")
    p.add_argument(
        "--subject-to",
        metavar="EQUATION",
        action="append",
        required=True,
        help="a constraint, e.g. 'a + b = 1' (repeat for more)",
    )
    p.add_argument(
        "--vars",
        metavar="X,Y",
        help="the variables and their order (default: those of EXPR and the constraints)",
    )
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default text)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the words (default en)")
    p.add_argument("--no-verify", action="store_true", help="skip the oracle's checks")
    add_standalone_option(p)
    add_limit_options(p)
    p.set_defaults(run=cmd_lagrange)


def cmd_descent(args: argparse.Namespace) -> int:
    from stepcalc.tasks.descent import descent
    from stepcalc.tasks.descent_render import render_descent

    path = check_plot(args)  # a bad --plot is found before any work
    found = descent(
        args.expr.strip(), args.start, args.rate, steps=args.steps, tol=args.tol, method=args.method,
        wrt=args.vars, verify=not args.no_verify, limits=limits_of(args),
    )  # fmt: skip
    f = found.derivation.problem.expr
    written = render_descent(found, args.format, args.lang, digits=args.digits)
    shown = as_document(written, args, Equation((Sym("f"), f)))
    points = [[float(v) for v in r.point] for r in found.rows]

    def draw(to: Path) -> Plot:
        from stepcalc.plots import plot_descent

        return plot_descent(f, found.variables, points, to, args.lang)

    print_with_plot(shown, args, path, draw, f)
    return 0


def add_descent_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p: argparse.ArgumentParser = sub.add_parser(
        "descent",
        help="gradient descent step by step, as a table of iterations",
        description="Gradient descent on EXPR from a point: the gradient derived once with its "
        "steps, then the table of iterations (i, the point, the gradient, the step, f) in exact "
        "decimals, and why it stopped: the tolerance on the gradient's length, the number of "
        "steps, or divergence (explained for a quadratic by 2/L). Momentum and Adam show their "
        "state in columns of their own.",
        epilog="examples:\n  stepcalc descent 'x^2 + y^2' --from x=3,y=2 --rate 0.1 --steps 5\n"
        "  stepcalc descent 'x^4 + y^2' --from x=1,y=1 --method adam --tol 0.001",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("expr", metavar="EXPR", help="the function, e.g. 'x^2 + y^2'")
    p.add_argument("--from", dest="start", metavar="x=A,y=B", required=True, help="the start point")
    p.add_argument("--rate", default="0.1", metavar="ETA", help="the step size (learning rate), default 0.1")
    p.add_argument("--steps", type=int, metavar="N", help="iterations (default 10, or until --tol)")
    p.add_argument("--tol", metavar="T", help="stop when the gradient's length is below T")
    p.add_argument("--method", choices=("gd", "momentum", "adam"), default="gd", help="default gd")
    p.add_argument("--vars", metavar="X,Y", help="the variables and their order")
    p.add_argument(
        "--digits", type=int, metavar="D", help="decimal places shown (default: exact, at most 10)"
    )
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default text)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the words (default en)")
    p.add_argument("--no-verify", action="store_true", help="skip the checks of the gradient and the table")
    add_standalone_option(p)
    add_plot_option(p, "the contours of f with the path (two variables), or the curve with the iterates")
    add_limit_options(p)
    p.set_defaults(run=cmd_descent)


def cmd_autodiff(args: argparse.Namespace) -> int:
    from stepcalc.tasks.autodiff import autodiff
    from stepcalc.tasks.autodiff_render import render_autodiff

    found = autodiff(
        args.expr.strip(),
        args.at,
        args.vars,
        vectors=args.vector,
        verify=not args.no_verify,
        limits=limits_of(args),
    )
    if args.graph:
        from stepcalc.tasks.autodiff_graph import write_graph

        written = write_graph(found, args.graph)
    print(render_autodiff(found, args.format, args.lang, mode=args.mode), end="")
    if args.torch:
        from stepcalc.tasks.autodiff_torch import torch_snippet

        print(torch_snippet(found))
    if args.graph:
        print(f"stepcalc: wrote {written}", file=sys.stderr)
    return 0


def add_autodiff_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p: argparse.ArgumentParser = sub.add_parser(
        "autodiff",
        help="automatic differentiation: the graph, forward and reverse mode",
        description="Automatic differentiation of EXPR at a point, step by step: the computational "
        "graph (one node per operation, a shared value once), the forward-mode table (a tangent per "
        "node, one pass per input), the reverse pass (the adjoints from the output down, every "
        "contribution shown and summed where a value is used twice), the counts of passes, and the "
        "gradient beside the symbolic one, central differences and sympy's. An input given a list "
        "of values (x=[0,1,2,3]) is a vector: xᵀy is its dot product and ‖x‖ its length, and forward "
        "mode takes a pass per component.",
        epilog="examples:\n  stepcalc autodiff 'x y + sin x' --at x=1,y=2\n"
        "  stepcalc autodiff '(x + y) (x + y)' --at x=1,y=2 --mode reverse --graph g.svg --torch\n"
        "  stepcalc autodiff '2 x^T x' --vector x --at 'x=[0,1,2,3]'",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("expr", metavar="EXPR", help="the function, e.g. 'x y + sin x'")
    p.add_argument("--at", metavar="x=A,y=B", required=True, help="the point; a vector as x=[0,1,2,3]")
    p.add_argument("--vars", metavar="X,Y", help="the variables and their order")
    p.add_argument("--vector", metavar="X,B", help="inputs that must be vectors (their values are lists)")
    p.add_argument("--mode", choices=("forward", "reverse", "both"), default="both", help="default both")
    p.add_argument("--graph", metavar="FILE.svg", help="also draw the graph to FILE.svg (needs graphviz)")
    p.add_argument("--torch", action="store_true", help="also print the same computation in PyTorch")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default text)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the words (default en)")
    p.add_argument("--no-verify", action="store_true", help="skip sympy's gradient")
    add_limit_options(p)
    p.set_defaults(run=cmd_autodiff)
