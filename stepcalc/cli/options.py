"""What the commands share: the limits and their options, number arguments, colour."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import fields

from stepcalc.expr import Expr
from stepcalc.limits import Limits


def limits_of(args: argparse.Namespace) -> Limits:
    return Limits(**{f.name: getattr(args, f.name) for f in fields(Limits) if hasattr(args, f.name)})


def add_limit_options(p: argparse.ArgumentParser) -> None:
    d = Limits()
    g = p.add_argument_group("limits", "raise one to accept bigger input; `stepcalc limits` lists them")
    for name, default, meaning in Limits.describe():
        seconds = name == "max_seconds"
        g.add_argument(
            "--" + name.replace("_", "-"),
            type=_positive_seconds if seconds else positive,
            default=getattr(d, name),
            metavar="S" if seconds else "N",
            help=f"{meaning} (default {default})",
        )


def _positive_seconds(text: str) -> float:
    text = text.strip()  # " -1": a negative number is protected from argparse by a space
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def cmd_limits(args: argparse.Namespace) -> int:
    if args.format == "json":
        print(json.dumps({name: getattr(Limits(), name) for name, _, _ in Limits.describe()}, indent=2))
        return 0
    rows = [(f"--{name.replace('_', '-')}", default, meaning) for name, default, meaning in Limits.describe()]
    widths = [max(len(r[k]) for r in rows) for k in (0, 1)]
    for flag, default, meaning in rows:
        print(f"{flag:<{widths[0]}}  {default:>{widths[1]}}  {meaning}")
    return 0


def use_color(choice: str) -> bool:
    import os

    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def tolerance(text: str) -> float:
    text = text.strip()
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a non-negative relative tolerance, got {text!r}")
    return value


def positive(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text.strip()!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def add_limits_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "limits",
        help="list the limits on input and work, with their defaults",
        description="List every limit stepcalc applies to input and work, its command-line flag and "
        "its default. Each command that reads expressions accepts these flags to raise a limit.",
        epilog="example:\n  stepcalc limits\n  stepcalc diff '(x+1)^20000' --max-exponent 100000",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    p.set_defaults(run=cmd_limits)


def add_standalone_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--standalone",
        action="store_true",
        help="with --format latex: a whole document (with --plot, the figure included)",
    )


def as_document(shown: str, args: argparse.Namespace, title: Expr) -> str:
    """``shown`` as a whole LaTeX document when --standalone asked for one (LaTeX only)."""
    if not (getattr(args, "standalone", False) and args.format == "latex"):
        return shown
    from stepcalc.latex_doc import latex_document
    from stepcalc.latex_print import to_latex

    return latex_document([("", shown)], lang=args.lang, title_math=to_latex(title))
