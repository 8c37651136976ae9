"""The commands that integrate: ``integrate`` (indefinite, or definite with --from and --to)."""

from __future__ import annotations

import argparse

from stepcalc.cli.derivatives import common_options, emit
from stepcalc.cli.options import limits_of
from stepcalc.errors import StepcalcError


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
