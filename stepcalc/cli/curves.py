"""The commands about a curve y = f(x): ``tangent`` and ``linearize`` (issue 19)."""

from __future__ import annotations

import argparse

from stepcalc.cli.options import add_limit_options, add_standalone_option, as_document, limits_of
from stepcalc.cli.plotting import add_plot_option, check_plot, plot_tangent_of, print_with_plot
from stepcalc.expr import Equation, Sym
from stepcalc.phrases import LANGS

TANGENT_FORMATS = ("text", "unicode", "latex", "md", "html", "json")


def cmd_curve(args: argparse.Namespace) -> int:
    """``tangent`` and ``linearize``: one computation, the tangent line's, written two ways."""
    from stepcalc.tasks.tangent import tangent
    from stepcalc.tasks.tangent_render import render_tangent

    path = check_plot(args)  # a bad --plot is found before any work
    found = tangent(args.expr.strip(), args.at, verify=not args.no_verify, limits=limits_of(args))
    linear = args.command == "linearize"
    if linear:
        found.linear_slope()  # a vertical tangent has no linear approximation: a clear error
    shown = render_tangent(
        found, args.format, args.lang, normal=getattr(args, "normal", False), linear=linear
    )
    f = found.derivation.problem.expr
    shown = as_document(shown, args, Equation((Sym("y"), f)))
    print_with_plot(shown, args, path, lambda to: plot_tangent_of(found, to, args), f)
    return 0


def _curve_parser(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    *,
    summary: str,
    description: str,
    examples: str,
    curve: str,
) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=summary,
        description=description,
        epilog=f"example:\n{examples}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("expr", metavar="EXPR", help=curve)
    p.add_argument("--at", metavar="x=VALUE", required=True, help="the point, e.g. x=1 or x=pi/2")
    p.add_argument("--format", choices=TANGENT_FORMATS, default="text", help="output format (default text)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of rule names (default en)")
    p.add_argument("--no-verify", action="store_true", help="skip the oracle's check of each line")
    add_standalone_option(p)
    add_limit_options(p)
    p.set_defaults(run=cmd_curve)
    return p


def add_tangent_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = _curve_parser(
        sub,
        "tangent",
        summary="the tangent (and normal) line of y = f(x) at a point, with f' worked out",
        description="The tangent line of y = EXPR at x = a: f(a), f' derived step by step and its "
        "value at a, then y = f(a) + f'(a)(x - a) simplified (x = a where the tangent is vertical); "
        "with --normal also the normal line. Every line is checked by the oracle.",
        examples="  stepcalc tangent '3x^2 - 4x' --at x=1\n  stepcalc tangent 'sqrt(x)' --at x=4 --normal",
        curve="the curve y = EXPR, e.g. '3x^2 - 4x'",
    )
    p.add_argument("--normal", action="store_true", help="also the normal line (JSON always has it)")
    add_plot_option(p, "the curve with its tangent (and normal, with --normal)")


def add_linearize_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    _curve_parser(
        sub,
        "linearize",
        summary="the linear approximation L(x) = f(a) + f'(a)(x - a) of f at a point",
        description="The linearization of EXPR at x = a: f(a), f' derived step by step and its value "
        "at a, then L(x) = f(a) + f'(a)(x - a) simplified. Every line is checked by the oracle.",
        examples="  stepcalc linearize 'sqrt(x)' --at x=4",
        curve="the function, e.g. 'sqrt(x)'",
    )
