"""The ``limit`` command: lim_{x→a} f step by step, with --side for a one-sided limit and
--table for the notes' numerical table."""

from __future__ import annotations

import argparse

from stepcalc.cli.derivatives import common_options, emit
from stepcalc.cli.options import limits_of
from stepcalc.expr import Limit


def cmd_limit(args: argparse.Namespace) -> int:
    from stepcalc.tasks.limit import limit, limit_table

    d = limit(
        args.expr.strip(), args.at, side=args.side or "", limits=limits_of(args), max_seconds=args.max_seconds
    )
    if not args.table:
        return emit(d, args)
    rows = limit_table(args.expr.strip(), args.at, side=args.side or "")
    if args.format == "json":
        d.table = [{"side": s, "x": x, "f": v} for s, x, v in rows]
        return emit(d, args)
    code = emit(d, args)
    if args.format in ("text", "unicode"):
        start = d.sections[0].start
        assert isinstance(start, Limit)
        print(_table_text(rows, args.lang, start))
    return code


def _table_text(rows: list[tuple[str, str, str]], lang: str, start: Limit) -> str:
    from stepcalc.phrases import word
    from stepcalc.printing import to_unicode

    name = start.var.name
    width = max(len(x) for _, x, _ in rows)
    point = to_unicode(start.to) + {"+": "⁺", "-": "⁻"}.get(start.side, "")
    out = [word("limit_table", lang).format(name, point)]
    for side, x, v in rows:
        mark = {"-": "←", "+": "→"}.get(side, " ")
        out.append(f"  {mark} {name} = {x:<{width}}  f({name}) = {v}")
    return "\n".join(out)


def add_limit_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "limit",
        help="find a limit step by step",
        description="Find a limit step by step: direct substitution, factor and cancel, the conjugate,\n"
        "the standard limits, dividing by the highest power, the squeeze theorem, and L'Hôpital's\n"
        "rule last, each line named and checked by the sympy oracle (sympy's limit and a numerical\n"
        "approach).  A limit that does not exist says why.",
        epilog="examples:\n  stepcalc limit 'sin(x)/x' --at x=0\n  stepcalc limit '(1 + 1/x)^x' --at x=oo\n"
        "  stepcalc limit '1/x' --at x=0 --side +\n  stepcalc limit '(x^2 - 4)/(x - 2)' --at x=2 --table",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("expr", metavar="EXPR", help="the expression, e.g. 'sin(x)/x'")
    p.add_argument("--at", required=True, metavar="X=A", help="the point: x=0, x=oo, x=-oo (or x->0)")
    p.add_argument("--side", choices=("+", "-"), help="a one-sided limit: + from the right, - from the left")
    p.add_argument("--table", action="store_true", help="also the numerical table of f approaching the point")
    common_options(p)
    p.set_defaults(run=cmd_limit)


__all__ = ["add_limit_parser", "cmd_limit"]
