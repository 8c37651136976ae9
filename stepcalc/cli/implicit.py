"""The ``implicit`` command: implicit differentiation of a curve F(x, y) = G(x, y) (issue 19)."""

from __future__ import annotations

import argparse

from stepcalc.cli.options import add_limit_options, add_standalone_option, as_document, limits_of
from stepcalc.cli.plotting import add_plot_option, check_plot, plot_implicit_of, print_with_plot
from stepcalc.errors import StepcalcError
from stepcalc.phrases import LANGS

IMPLICIT_FORMATS = ("text", "unicode", "latex", "md", "html", "json")


def cmd_implicit(args: argparse.Namespace) -> int:
    from stepcalc.tasks.implicit import implicit
    from stepcalc.tasks.implicit_render import render_implicit

    path = check_plot(args)  # a bad --plot is found before any work
    if path is not None and not args.at:
        raise StepcalcError("--plot draws the curve with its tangent at a point: give --at x=a,y=b")
    found = implicit(
        args.expr.strip(), args.at, order=args.order, verify=not args.no_verify, limits=limits_of(args)
    )
    shown = as_document(render_implicit(found, args.format, args.lang), args, found.curve)
    print_with_plot(shown, args, path, lambda to: plot_implicit_of(found, to, args), found.curve)
    return 0


def add_implicit_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p: argparse.ArgumentParser = sub.add_parser(
        "implicit",
        help="implicit differentiation: dy/dx of a curve F(x, y) = G(x, y), and its tangent at a point",
        description="Differentiate both sides of the curve EXPR with y a function of x (the chain rule "
        "on every y), solve for y' and simplify; with --at also the slope and the tangent line there, "
        "with --order 2 also y''. Every line is checked by the oracle, and y' against -F_x/F_y.",
        epilog="examples:\n  stepcalc implicit 'x^2 + y^2 = 25' --at x=3,y=4\n"
        "  stepcalc implicit 'x^3 + y^3 = 6xy' --at x=3,y=3\n  stepcalc implicit 'x^4 + y^4 = 16' --order 2",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("expr", metavar="EXPR", help="the curve, an equation in x and y, e.g. 'x^2 + y^2 = 25'")
    p.add_argument(
        "--at", metavar="x=A,y=B", help="a point of the curve, e.g. x=3,y=4: its slope and tangent"
    )
    p.add_argument("--order", type=int, choices=(1, 2), default=1, help="2 also finds y'' (default 1)")
    p.add_argument("--format", choices=IMPLICIT_FORMATS, default="text", help="output format (default text)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of rule names (default en)")
    add_standalone_option(p)
    p.add_argument("--no-verify", action="store_true", help="skip the oracle's check of each line")
    add_plot_option(p, "the curve with its tangent at the point (needs --at)")
    add_limit_options(p)
    p.set_defaults(run=cmd_implicit)
