"""The commands that judge what students write: ``check``, ``equiv``, ``grade`` and ``sheet``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from stepcalc.cli.options import add_limit_options, limits_of, positive, tolerance
from stepcalc.errors import StepcalcError
from stepcalc.phrases import LANGS, joined, label, text
from stepcalc.tasks import FORMS

if TYPE_CHECKING:
    from stepcalc.limits import Limits
    from stepcalc.tasks.check import Verdict
    from stepcalc.tasks.working import Working


def _read_working(path: str) -> str:
    try:
        if path == "-":  # the bytes, decoded strictly whatever the locale (a text stream may lack them)
            raw = getattr(sys.stdin, "buffer", None)
            return raw.read().decode("utf-8") if raw is not None else sys.stdin.read()
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError as error:
        raise StepcalcError(f"cannot read the working file {path!r}: {error.strerror}") from None
    except UnicodeDecodeError as error:
        where = "standard input" if path == "-" else f"the working file {path!r}"
        raise StepcalcError(
            f"{where} is not UTF-8 text (byte 0x{error.object[error.start]:02x} at offset {error.start})"
        ) from None


def cmd_check(args: argparse.Namespace) -> int:
    from stepcalc.tasks.check import check_answer
    from stepcalc.tasks.working import check_working

    if (args.answer is None) == (args.working is None):
        raise StepcalcError("give the student's --answer or their --working FILE (one of the two)")
    limits = limits_of(args)
    if args.integral:
        return _check_integral(args, limits)
    if args.limit:
        return _check_limit(args, limits)
    if args.at is not None or args.side is not None:
        raise StepcalcError("--at and --side go with --limit (a limit's point and side)")
    if args.working is not None:
        w = check_working(
            args.expr,
            _read_working(args.working),
            args.wrt,
            lang=args.lang,
            seconds=args.seconds,
            limits=limits,
            vectors=args.vector,
            matrices=args.matrix,
        )
        if args.format == "json":
            print(json.dumps(w.to_dict(), ensure_ascii=False, indent=2))
        else:
            print(_working_text(w, args.lang))
        return 0
    v = check_answer(
        args.expr,
        args.answer,
        args.wrt,
        form=args.form,
        lang=args.lang,
        seconds=args.seconds,
        limits=limits,
        tol=args.tol,
        order=args.order,
    )
    if args.format == "json":
        print(json.dumps(v.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(_verdict_text(v, args.lang))
    return 0


def _verdict_text(v: Verdict, lang: str) -> str:
    """``incorrect: …`` (``错误：…``), and how the answer was read when juxtaposition decided."""
    word = label(v.verdict, lang)
    if v.approximate:
        word = label("reason", lang).format(word, label("approximate", lang))
    lines = [f"{word}{text('join.label', lang)}{v.feedback}"]
    found = v.reading
    if found is not None and (found.decisions or found.notes) and v.verdict != "ambiguous":
        from stepcalc.printing import to_explicit

        lines.append(label("read_as", lang).format(to_explicit(found.expr)))
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal (a Chinese character takes two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _working_text(w: Working, lang: str) -> str:
    """A line per working line (its status, rules, expected line and note), then the summary."""
    from stepcalc.phrases import phrase_of
    from stepcalc.printing import to_text

    out = []
    for c in w.lines:
        rules = f"  [{joined('list', (phrase_of(r, lang) for r in c.rules), lang)}]" if c.rules else ""
        status = label(c.status, lang)
        pad = " " * max(12 - _width(status), 0)  # the texts line up, whatever the status
        out.append(f"{label('line', lang).format(c.line)}{status}{pad} {c.text}{rules}")
        if c.expected is not None:
            out.append(f"{'':20}" + label("expected", lang).format(to_text(c.expected, readable=True)))
        if c.note:
            out.append(f"{'':20}{c.note}")
    first = label("first_wrong_line", lang).format(w.first_wrong) if w.first_wrong else label("none", lang)
    out.append(label("first_wrong", lang).format(first, label(w.final, lang)))
    return "\n".join(out)


def cmd_equiv(args: argparse.Namespace) -> int:
    from stepcalc.tasks.check import equivalent

    result = equivalent(
        args.a,
        args.b,
        form=args.form,
        tol=args.tol,
        seconds=args.seconds,
        limits=limits_of(args),
        lang=args.lang,
    )
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        lang = args.lang
        word = label(
            {True: "equivalent", False: "not_equivalent", None: "undecided"}[result.equivalent], lang
        )
        if args.form != "any":
            said = label("form_ok", lang).format(args.form, label("yes" if result.form_ok else "no", lang))
            word = joined("clause", (word, said), lang)
        print(label("reason", lang).format(word, result.reason))
    return 0


def cmd_grade(args: argparse.Namespace) -> int:
    from stepcalc.phrases import summary_word
    from stepcalc.tasks.grade import GradeOptions, grade_file, summary_text

    options = GradeOptions(
        seconds=args.seconds,
        form=args.form,
        lang=args.lang,
        wrt=args.wrt,
        order=args.order,
        limits=limits_of(args),
        tol=args.tol,
        ambiguous=args.ambiguous_score,
    )
    out, table = grade_file(
        args.file,
        args.output,
        options,
        problems=args.problems,
        workers=args.workers,
        resume=not args.restart,
    )
    if args.format == "json":
        print(json.dumps({"output": str(out), **table.to_dict()}, ensure_ascii=False, indent=2))
    else:
        print(summary_text(table, args.lang))
        print(summary_word("written", args.lang).format(out))
    return 0


def cmd_sheet(args: argparse.Namespace) -> int:
    from stepcalc.tasks.sheet import read_sheet, write_sheet

    sheet = read_sheet(args.file, limits=limits_of(args))
    pdf = None if args.format == "tex" and not args.no_pdf else False
    for path in write_sheet(sheet, args.output, fmt=args.format, pdf=pdf):
        print(path)
    return 0


def _check_integral(args: argparse.Namespace, limits: Limits) -> int:
    """check --integral: the answer as an antiderivative of EXPR (or the value of its definite integral)."""
    from stepcalc.tasks.check_integral import check_integral

    if args.working is not None:
        raise StepcalcError("--integral checks an --answer; a working line by line is for derivatives")
    if (args.lower is None) != (args.upper is None):
        raise StepcalcError("a definite integral needs both bounds (--from and --to)")
    v = check_integral(
        args.expr,
        args.answer,
        args.wrt,
        lower=args.lower,
        upper=args.upper,
        require_constant=args.require_constant,
        lang=args.lang,
        seconds=args.seconds,
        limits=limits,
    )
    if args.format == "json":
        print(json.dumps(v.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(_verdict_text(v, args.lang))
    return 0


def _check_limit(args: argparse.Namespace, limits: Limits) -> int:
    """check --limit: the answer as the value of lim EXPR at --at (a number, oo, -oo or DNE)."""
    from stepcalc.tasks.check_limit import check_limit

    if args.working is not None:
        raise StepcalcError("--limit checks an --answer; a working line by line is for derivatives")
    if args.at is None:
        raise StepcalcError("--limit needs the point: --at x=a (a may be oo or -oo)")
    v = check_limit(
        args.expr,
        args.at,
        args.answer,
        side=args.side or "",
        lang=args.lang,
        seconds=args.seconds,
        limits=limits,
    )
    if args.format == "json":
        print(json.dumps(v.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(_verdict_text(v, args.lang))
    return 0


def add_check_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "check",
        help="judge a student's answer, or each line of their working",
        description="Judge a student's derivative of EXPR: a final answer (--answer) or a derivation "
        "line by line (--working FILE, one expression per line or a LaTeX align block). The verdict "
        "names the mistake when a known wrong rule explains it.",
        epilog="examples:\n  stepcalc check 'sin(x^2)' --answer 'cos(x^2)'\n"
        "  stepcalc check '(x+1)/ln x' --working steps.txt --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("expr", metavar="EXPR", help="the problem: the expression to differentiate")
    p.add_argument("--answer", metavar="ANSWER", help="the student's answer (plain text or LaTeX)")
    p.add_argument("--working", metavar="FILE", help="the student's working, one line each ('-': stdin)")
    p.add_argument(
        "--wrt",
        metavar="VAR",
        help="the variable (default: the expression's own); x,y: the mixed partial, or the order of a "
        "gradient answer's components ([2x, 2y])",
    )
    p.add_argument("--order", type=positive, default=1, metavar="N", help="the N-th derivative (default 1)")
    p.add_argument(
        "--integral",
        action="store_true",
        help="judge the answer as an antiderivative of EXPR (right up to a constant; + C is a remark)",
    )
    p.add_argument(
        "--from", dest="lower", metavar="A", help="with --integral: a definite integral's lower bound"
    )
    p.add_argument(
        "--to", dest="upper", metavar="B", help="with --integral: a definite integral's upper bound"
    )
    p.add_argument(
        "--require-constant", action="store_true", help="with --integral: a missing + C is an error"
    )
    p.add_argument(
        "--limit",
        action="store_true",
        help="judge the answer as the limit of EXPR at --at (a value, oo, -oo, or DNE), by its value",
    )
    p.add_argument("--at", metavar="X=A", help="with --limit: the point, x=0 or x=oo")
    p.add_argument("--side", choices=("+", "-"), help="with --limit: a one-sided limit")
    p.add_argument("--vector", metavar="X,B", help="a gradient problem: names that are vectors")
    p.add_argument("--matrix", metavar="A", help="a gradient problem: names that are matrices")
    p.add_argument(
        "--form", choices=FORMS, default="any", help="the form the answer must be in (default any)"
    )
    p.add_argument(
        "--tol",
        type=tolerance,
        metavar="T",
        help="accept answers within a relative difference T (decimal approximations); such a verdict "
        "says it is approximate",
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the feedback (default en)")
    p.add_argument("--seconds", type=float, default=2.0, metavar="S", help="time budget (default 2)")
    add_limit_options(p)
    p.set_defaults(run=cmd_check)


def add_equiv_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "equiv",
        help="whether two expressions are equal on the reals",
        description="Compare two expressions on the reals: equal wherever both are defined (with a note "
        "when their domains differ), symbolically and at many random points.",
        epilog="examples:\n  stepcalc equiv 'sin(2x)' '2 sin x cos x'\n"
        "  stepcalc equiv '0.333' '1/3' --tol 0.001 --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("a", metavar="A", help="the first expression (the one whose form is checked)")
    p.add_argument("b", metavar="B", help="the second expression")
    p.add_argument("--form", choices=FORMS, default="any", help="also check A's form (default any)")
    p.add_argument("--tol", type=tolerance, metavar="T", help="accept a relative difference up to T")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the reason (default en)")
    p.add_argument("--seconds", type=float, default=2.0, metavar="S", help="time budget (default 2)")
    add_limit_options(p)
    p.set_defaults(run=cmd_equiv)


def add_grade_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "grade",
        help="grade a file of answers (CSV or JSONL), in parallel",
        description="Grade every answer of a CSV (columns student,problem,answer, optionally order "
        "and wrt; comma, semicolon or tab delimited, any case, a byte order mark allowed) or JSONL "
        "file. A problem is an expression, or an id from the problems file (--problems). "
        "Writes one verdict per answer (CSV or JSONL, by the output's extension; default "
        "NAME.graded.csv beside the input) and prints a summary per problem and per student. An "
        "answer that fails or exceeds its time budget is 'unknown'; the batch always completes. The "
        "output is replaced only when complete; an interrupted run (Ctrl-C, full disk) keeps its "
        "verdicts in a journal beside the output, and the same command run again grades only the rest.",
        epilog="examples:\n  stepcalc grade answers.csv -o verdicts.csv\n"
        "  stepcalc grade answers.csv --problems problems.yaml --lang zh",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", help="the answers: .csv or .jsonl")
    p.add_argument("-o", "--output", metavar="OUT", help="where to write the verdicts (.csv or .jsonl)")
    p.add_argument(
        "--problems",
        metavar="FILE",
        help="the problems by id: YAML (id: EXPR, or id: {expr, order, wrt, form}) or CSV "
        "(columns id,expr and optionally order,wrt,form)",
    )
    p.add_argument("--workers", type=positive, metavar="N", help="processes (default: all cores)")
    p.add_argument("--wrt", metavar="VAR", help="the variable of every problem (default: each problem's own)")
    p.add_argument(
        "--order",
        type=positive,
        default=1,
        metavar="N",
        help="answers give the N-th derivative, unless their problem or row says otherwise (default 1)",
    )
    p.add_argument("--form", choices=FORMS, default="any", help="the form answers must be in (default any)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the feedback (default en)")
    p.add_argument(
        "--seconds", type=float, default=2.0, metavar="S", help="time budget per answer (default 2)"
    )
    p.add_argument(
        "--tol",
        type=tolerance,
        metavar="T",
        help="accept answers within a relative difference T (decimal approximations); such a verdict "
        "says it is approximate",
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="summary format (default text)")
    p.add_argument(
        "--ambiguous-score",
        type=tolerance,
        default=0.5,
        metavar="S",
        help="the score of an 'ambiguous' answer: right only as another reading of its juxtapositions, "
        "cos x e^x meant as cos(x) e^x (default 0.5; 1 counts it right, 0 wrong)",
    )
    p.add_argument(
        "--restart", action="store_true", help="grade every row again, ignoring an interrupted run's journal"
    )
    add_limit_options(p)
    p.set_defaults(run=cmd_grade)


def add_sheet_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "sheet",
        help="write a problem sheet and its worked, verified solutions from a YAML list",
        description="Write problems.EXT and solutions.EXT into the directory OUT from a YAML sheet "
        "(title, language: en|zh, problems: a list of {diff|partial|grad|hessian|tangent|analyze|"
        "implicit|integrate|limit|area|extrema|lagrange: EXPR, with the kind's options: wrt, order, "
        "at, factor, vars, normal, interval, side, with, subject_to}). LaTeX also compiles to PDF "
        "when TeX is installed.",
        epilog="example:\n  stepcalc sheet docs/sheet-derivatives.yaml -o hw\n"
        "  stepcalc sheet docs/sheet-derivatives.yaml -o hw --format html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="SHEET", help="the YAML sheet")
    p.add_argument("-o", "--output", metavar="OUT", required=True, help="the directory to write into")
    p.add_argument(
        "--format", choices=("tex", "html", "md"), default="tex", help="output format (default tex)"
    )
    p.add_argument("--no-pdf", action="store_true", help="LaTeX: write the .tex files only")
    add_limit_options(p)
    p.set_defaults(run=cmd_sheet)
