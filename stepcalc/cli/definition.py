"""The command ``definition``: a derivative from first principles (issue 19, item 4)."""

from __future__ import annotations

import argparse

from stepcalc.cli.options import add_limit_options, limits_of
from stepcalc.phrases import LANGS

DEFINITION_FORMATS = ("text", "unicode", "latex", "md", "html", "json")


def cmd_definition(args: argparse.Namespace) -> int:
    from stepcalc.tasks.definition import definition
    from stepcalc.tasks.definition_render import render_definition

    found = definition(
        args.expr.strip(),
        wrt=args.wrt,
        at=args.at,
        table=args.table,
        verify=not args.no_verify,
        limits=limits_of(args),
    )
    print(render_definition(found, args.format, args.lang), end="")
    return 0


def add_definition_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p: argparse.ArgumentParser = sub.add_parser(
        "definition",
        help="the derivative from first principles: lim (f(x+h) - f(x))/h, step by step",
        description="The derivative of EXPR from its definition, f'(x) = lim_{h->0} (f(x+h) - f(x))/h: "
        "f substituted, the quotient expanded and h cancelled, then h -> 0, each step named. "
        "Covers polynomials, rational functions, square roots of polynomials, sin x, cos x and e^x. "
        "With --at x=a the work is done at the point; --table adds the quotient's values for "
        "h = 0.1, 0.01, ..., 0.00001 (and the negative ones), exact where they are. Every line is "
        "checked by the oracle, and the result against stepcalc's own derivative.",
        epilog="examples:\n  stepcalc definition 'x^2'\n  stepcalc definition '3x^2 - 4x' --at x=1 --table\n"
        "  stepcalc definition 'sqrt(x)' --format latex",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("expr", metavar="EXPR", help="the function, e.g. 'x^2', '1/x', 'sqrt(x)', 'sin x'")
    p.add_argument("--wrt", metavar="VAR", help="the variable (default: the function's only one, or x)")
    p.add_argument("--at", metavar="x=VALUE", help="work at a point, e.g. x=1 (ends with the number)")
    p.add_argument("--table", action="store_true", help="the difference quotient near the point (needs --at)")
    p.add_argument(
        "--format", choices=DEFINITION_FORMATS, default="text", help="output format (default text)"
    )
    p.add_argument("--lang", choices=LANGS, default="en", help="language of rule names (default en)")
    p.add_argument("--no-verify", action="store_true", help="skip the oracle's check of each line")
    add_limit_options(p)
    p.set_defaults(run=cmd_definition)
