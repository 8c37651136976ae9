"""The commands that integrate: ``integrate`` (indefinite, or definite with --from and --to) and
``area`` (between two curves)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from stepcalc.cli.derivatives import common_options, emit
from stepcalc.cli.options import add_limit_options, limits_of
from stepcalc.cli.plotting import add_plot_option, check_plot, print_with_plot
from stepcalc.errors import StepcalcError
from stepcalc.phrases import LANGS

if TYPE_CHECKING:
    from stepcalc.plots import Plot


def cmd_integrate(args: argparse.Namespace) -> int:
    from stepcalc.tasks.integrate import integrate

    if (args.lower is None) != (args.upper is None):
        raise StepcalcError("a definite integral needs both bounds (--from and --to)")
    d = integrate(
        args.expr.strip(),
        args.wrt,
        lower=args.lower,
        upper=args.upper,
        limits=limits_of(args),
        max_seconds=args.max_seconds,
    )
    return emit(d, args)


def add_integrate_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "integrate",
        help="integrate step by step",
        description="Integrate an expression step by step, naming the rule used on each line\n"
        "(substitution with its u and du, parts with its u and dv), and check every line with the\n"
        "sympy oracle: the derivative of each line is the integrand.  With --from and --to the\n"
        "integral is definite: the fundamental theorem, written out and evaluated exactly.",
        epilog="examples:\n  stepcalc integrate 'x^3'\n  stepcalc integrate 'x e^x'\n"
        "  stepcalc integrate '2x cos(x^2)'\n  stepcalc integrate 'x^2' --from 1 --to 2",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("expr", metavar="EXPR", help="the integrand, e.g. 'x e^x'")
    p.add_argument("--wrt", metavar="VAR", help="the variable of integration (default: the only one, or x)")
    p.add_argument("--from", dest="lower", metavar="A", help="the lower bound of a definite integral")
    p.add_argument("--to", dest="upper", metavar="B", help="the upper bound of a definite integral")
    common_options(p)
    p.set_defaults(run=cmd_integrate)


def cmd_area(args: argparse.Namespace) -> int:
    from stepcalc.tasks.area import area
    from stepcalc.tasks.area_render import render_area

    path = check_plot(args)
    found = area(
        args.f,
        args.g,
        args.wrt,
        lower=args.lower,
        upper=args.upper,
        verify=args.verify,
        limits=limits_of(args),
    )

    def draw(where: Path) -> Plot:
        from stepcalc.plots import plot_area

        cuts = [found.pieces[0].lower, *(p.upper for p in found.pieces)]
        return plot_area(found.f, found.g, found.x, cuts, where, args.lang)

    print_with_plot(render_area(found, args.format, args.lang), args, path, draw, found.f)
    return 1 if found.verified is False else 0


def add_area_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "area",
        help="the area between two curves, step by step",
        description="The area between y = F and y = G: where they meet (solved step by step), which is\n"
        "on top on each piece, each piece's definite integral worked and verified, and the total.\n"
        "With --from and --to, the area on that interval (cut where the curves cross inside it).",
        epilog="examples:\n  stepcalc area '2x + 3' 'x^2'\n  stepcalc area 'sin x' 'cos x' --from 0 --to pi",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("f", metavar="F", help="the first curve, y = F")
    p.add_argument("g", metavar="G", help="the second curve, y = G")
    p.add_argument("--wrt", metavar="VAR", help="the variable (default: the only one, or x)")
    p.add_argument("--from", dest="lower", metavar="A", help="the left end of the interval")
    p.add_argument("--to", dest="upper", metavar="B", help="the right end of the interval")
    p.add_argument("--no-verify", dest="verify", action="store_false", help="skip the oracle's checks")
    p.add_argument(
        "--format",
        choices=("text", "unicode", "latex", "md", "html", "json"),
        default="text",
        help="output format",
    )
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the words (default en)")
    add_plot_option(p, "both curves with the region between them shaded")
    add_limit_options(p)
    p.set_defaults(run=cmd_area)
