"""The commands of the notes' optimisation half (issue 21): ``extrema`` and ``lagrange``."""

from __future__ import annotations

import argparse

from stepcalc.cli.options import add_limit_options, add_standalone_option, as_document, limits_of
from stepcalc.expr import Equation, Sym
from stepcalc.phrases import LANGS

FORMATS = ("text", "unicode", "latex", "md", "html", "json")


def cmd_extrema(args: argparse.Namespace) -> int:
    from stepcalc.tasks.extrema import extrema
    from stepcalc.tasks.extrema_render import render_extrema

    found = extrema(args.expr.strip(), args.vars, verify=not args.no_verify, limits=limits_of(args))
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
        "  stepcalc extrema 'x^3 + y^3 - 3x y' --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("expr", metavar="EXPR", help="the function, e.g. 'x^3 + y^3 - 3x y'")
    p.add_argument(
        "--vars",
        metavar="X,Y",
        help="the variables and their order (default: the expression's own, in natural order)",
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
