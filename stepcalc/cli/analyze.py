"""``stepcalc analyze``: the curve sketch of y = f(x) (issue 19, item 2)."""

from __future__ import annotations

import argparse

from stepcalc.cli.options import add_limit_options, add_standalone_option, as_document, limits_of
from stepcalc.cli.plotting import add_plot_option, check_plot, plot_sketch_of, print_with_plot
from stepcalc.expr import Equation, Sym
from stepcalc.phrases import LANGS

FORMATS = ("text", "unicode", "latex", "md", "html", "json")


def cmd_analyze(args: argparse.Namespace) -> int:
    from stepcalc.tasks.analyze import analyze
    from stepcalc.tasks.analyze_render import render_analysis

    path = check_plot(args)  # a bad --plot is found before any work
    found = analyze(
        args.expr.strip(), on=args.on, wrt=args.wrt, verify=not args.no_verify, limits=limits_of(args)
    )
    shown = as_document(render_analysis(found, args.format, args.lang), args, Equation((Sym("y"), found.f)))
    print_with_plot(shown, args, path, lambda to: plot_sketch_of(found, to, args), found.f)
    return 0


def add_analyze_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p: argparse.ArgumentParser = sub.add_parser(
        "analyze",
        help="the curve sketch of y = f(x): critical points, sign charts, extrema, concavity",
        description="The curve sketch of y = EXPR, step by step: the domain; f' and f'' derived and "
        "factored; f'(x) = 0 solved with named steps and the points where f' is undefined; the sign "
        "chart of f' with the intervals of increase and decrease and the local extrema (first- and "
        "second-derivative tests); the sign chart of f'', concavity and inflection points; the "
        "absolute extrema on --on a,b, or on the whole domain with the limits at its ends. Every "
        "derivative line is checked by the oracle, and the answer against sympy and by sampling.",
        epilog="examples:\n  stepcalc analyze '3x^4 - 4x^3 - 12x^2 + 32'\n"
        "  stepcalc analyze 'x^3 - 3x' --on -2,3",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("expr", metavar="EXPR", help="the curve y = EXPR, e.g. '3x^4 - 4x^3 - 12x^2 + 32'")
    p.add_argument(
        "--on",
        metavar="A,B",
        help="a closed interval [A, B], e.g. -2,3 or 0,2pi (default: the whole domain; one period "
        "[0, 2pi] for a trigonometric function)",
    )
    p.add_argument("--wrt", metavar="VAR", help="the variable (default: the one letter of EXPR)")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default text)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the words (default en)")
    p.add_argument("--no-verify", action="store_true", help="skip the oracle's checks")
    add_standalone_option(p)
    add_plot_option(p, "the curve with its extrema and inflection points, increase shaded")
    add_limit_options(p)
    p.set_defaults(run=cmd_analyze)
