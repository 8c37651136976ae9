"""The ``stepcalc`` command line.  Bad input: a clear message on stderr and exit code 2.

This module builds the parser and runs a command; the commands are in ``derivatives`` (parse,
diff and the several-variable ones), ``curves`` (tangent, linearize), ``optimise`` (extrema,
lagrange, descent, autodiff), ``answers`` (check, equiv, grade, sheet) and ``options`` (the limits and the
options the commands share)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from typing import NoReturn

from stepcalc.cli.analyze import add_analyze_parser
from stepcalc.cli.answers import add_check_parser, add_equiv_parser, add_grade_parser, add_sheet_parser
from stepcalc.cli.curves import add_linearize_parser, add_tangent_parser
from stepcalc.cli.definition import add_definition_parser
from stepcalc.cli.derivatives import PARSE_FORMATS, add_diff_parser, add_multivariable_parsers, cmd_parse
from stepcalc.cli.implicit import add_implicit_parser
from stepcalc.cli.integrals import add_area_parser, add_integrate_parser
from stepcalc.cli.limits_cmd import add_limit_parser
from stepcalc.cli.optimise import (
    add_autodiff_parser,
    add_descent_parser,
    add_extrema_parser,
    add_lagrange_parser,
)
from stepcalc.cli.options import add_limit_options, add_limits_parser
from stepcalc.errors import ParseError, StepcalcError
from stepcalc.phrases import LANGS, label, said

_LANG: ContextVar[str] = ContextVar("stepcalc_cli_lang", default="en")


class _Parser(argparse.ArgumentParser):
    """argparse, with its complaints in the reader's language (``--lang``, read before parsing):
    ``stepcalc：错误：缺少以下参数：EXPR``, the usage line above it."""

    def error(self, message: str) -> NoReturn:
        lang = _LANG.get()
        usage = self.format_usage()
        if lang != LANGS[0]:
            usage = usage.replace("usage: ", label("usage", lang), 1)
        sys.stderr.write(usage)
        sys.stderr.write(label("error", lang).format(said(message, lang)) + "\n")
        sys.exit(2)


def _lang_of(argv: Sequence[str]) -> str:
    """The ``--lang`` asked for, before the arguments are parsed (so that their errors speak it)."""
    for k, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and k + 1 < len(argv):
            value = argv[k + 1]
        if value in LANGS:
            return value
    return LANGS[0]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="stepcalc",
        description="Differentiate expressions step by step, as a calculus textbook does.",
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "parse",
        help="read an expression and print it back",
        description="Read an expression (plain text, Unicode or LaTeX) and print it in another form.",
        epilog="examples:\n  stepcalc parse 'e^x cos x' --format latex\n"
        "  stepcalc parse '1/2x' --format tree\n  stepcalc parse '\\frac{x+1}{\\ln x}'",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("expr", metavar="EXPR", help="the expression, e.g. 'e^x cos x' or '\\frac{x+1}{\\ln x}'")
    p.add_argument(
        "--format",
        choices=PARSE_FORMATS,
        default="text",
        help="text (reads back to the same tree), unicode, explicit (brackets made explicit), "
        "latex, tree, json (default text)",
    )
    p.add_argument("--lang", choices=LANGS, default="en", help="language of notes and errors (default en)")
    add_limit_options(p)
    p.set_defaults(run=cmd_parse)
    add_diff_parser(sub)
    add_multivariable_parsers(sub)
    add_tangent_parser(sub)
    add_linearize_parser(sub)
    add_implicit_parser(sub)
    add_analyze_parser(sub)
    add_definition_parser(sub)
    add_integrate_parser(sub)
    add_area_parser(sub)
    add_limit_parser(sub)
    add_extrema_parser(sub)
    add_lagrange_parser(sub)
    add_descent_parser(sub)
    add_autodiff_parser(sub)
    for add in (
        add_check_parser,
        add_equiv_parser,
        add_grade_parser,
        add_sheet_parser,
        add_limits_parser,
    ):
        add(sub)
    return parser


def _version() -> str:
    from stepcalc import __version__

    return f"stepcalc {__version__}"


def _report(error: StepcalcError, lang: str = "en") -> None:
    if isinstance(error, ParseError) and error.text:
        print(error.context(), file=sys.stderr)
    print(label("error", lang).format(said(error, lang)), file=sys.stderr)


_SHORT_OPTIONS = {"-h", "-o"}


def _protect_negative_expressions(argv: Sequence[str]) -> list[str]:
    """Let ``stepcalc parse -x^2`` mean the expression -x^2, not an unknown option.

    argparse reads anything starting with '-' as an option; a leading space makes it a
    positional argument, and the commands strip it again.
    """
    return [
        f" {a}"
        if a.startswith("-") and not a.startswith("--") and a not in _SHORT_OPTIONS and len(a) > 1
        else a
        for a in argv
    ]


def main(argv: Sequence[str] | None = None) -> int:
    argv = _protect_negative_expressions(sys.argv[1:] if argv is None else argv)
    token = _LANG.set(_lang_of(argv))
    try:
        args = build_parser().parse_args(argv)
    finally:
        _LANG.reset(token)
    run: Callable[[argparse.Namespace], int] = args.run
    args.started = time.monotonic()  # the time budget (--max-seconds) counts from here
    lang = getattr(args, "lang", "en")
    try:
        for name, value in vars(args).items():  # argparse reads --wrt=-- as an empty list
            if isinstance(value, list) and not value:
                raise StepcalcError(f"--{name.replace('_', '-')} needs a value")
        return run(args)
    except StepcalcError as e:
        _report(e, lang)
        return e.exit_code
    except KeyboardInterrupt:
        print(label("interrupted", lang), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # an internal failure: one line, never a traceback
        print(label("internal_error", lang).format(f"{type(e).__name__}: {e}"), file=sys.stderr)
        return 1
