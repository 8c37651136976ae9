"""The ``stepcalc`` command line.  Bad input: a clear message on stderr and exit code 2."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from stepcalc.errors import ParseError, StepcalcError
from stepcalc.expr import Expr
from stepcalc.limits import Limits
from stepcalc.phrases import LANGS, joined, label, said, text
from stepcalc.tasks import FORMS

RESULT_FORMS = ("expanded", "factored", "single_fraction")  # stepcalc.simplify.forms.FORMS, unimported

if TYPE_CHECKING:
    from stepcalc.tasks.check import Verdict
    from stepcalc.tasks.working import Working

PARSE_FORMATS = ("text", "unicode", "explicit", "latex", "tree", "json")


def _limits(args: argparse.Namespace) -> Limits:
    return Limits(**{f.name: getattr(args, f.name) for f in fields(Limits) if hasattr(args, f.name)})


def _add_limit_options(p: argparse.ArgumentParser) -> None:
    d = Limits()
    g = p.add_argument_group("limits", "raise one to accept bigger input; `stepcalc limits` lists them")
    for name, default, meaning in Limits.describe():
        seconds = name == "max_seconds"
        g.add_argument(
            "--" + name.replace("_", "-"),
            type=_positive_seconds if seconds else _positive,
            default=getattr(d, name),
            metavar="S" if seconds else "N",
            help=f"{meaning} (default {default})",
        )


def _positive_seconds(text: str) -> float:
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


def _render_expr(expr: Expr, fmt: str, source: str) -> str:
    from stepcalc import printing

    if fmt == "text":
        return printing.to_text(expr)
    if fmt == "unicode":
        return printing.to_unicode(expr)
    if fmt == "explicit":
        return printing.to_explicit(expr)
    if fmt == "tree":
        from stepcalc.tree_text import to_tree

        return to_tree(expr)
    from stepcalc.latex_print import to_latex

    if fmt == "latex":
        return str(to_latex(expr))
    from stepcalc.oracle import sympy_text

    payload = {
        "input": source,
        "text": printing.to_text(expr),
        "latex": to_latex(expr),
        "sympy": sympy_text(expr),
        "explicit": printing.to_explicit(expr),
    }
    return json.dumps(payload, ensure_ascii=False)


def cmd_parse(args: argparse.Namespace) -> int:
    from stepcalc import printing
    from stepcalc.parse import parse_with_notes

    source, lang = args.expr.strip(), args.lang
    reading = parse_with_notes(source, limits=_limits(args))
    print(_render_expr(reading.expr, args.format, source))
    for note in reading.notes:  # how the input was read where it was not read as written
        print(label("note", lang).format(note.text(lang), note.column), file=sys.stderr)
    for decision, other in reading.alternatives():  # where juxtaposition decided the reading
        text = printing.to_explicit(other)
        print(label("also_readable", lang).format(text, label(decision.kind, lang)), file=sys.stderr)
    return 0


DIFF_FORMATS = ("text", "unicode", "latex", "md", "html", "json")


def cmd_diff(args: argparse.Namespace) -> int:
    from stepcalc.derivation import derive

    wrt: str | list[str] | None = args.wrt
    if args.wrt and "," in args.wrt:
        wrt = [w.strip() for w in args.wrt.split(",") if w.strip()]
    d = derive(
        args.expr.strip(),
        wrt=wrt,
        order=args.order,
        detail=args.detail,
        factor=args.factor,
        form=args.form,
        at=args.at,
        limits=_limits(args),
        max_seconds=args.max_seconds,
    )
    return _emit(d, args)


def _emit(d: object, args: argparse.Namespace) -> int:
    """Verify (unless --no-verify), print, and choose the exit code: 2 when the engine could
    not finish, 1 when the oracle refutes a line (a stepcalc bug), else 0."""
    from stepcalc.derivation import Derivation

    assert isinstance(d, Derivation)
    abstract = d.problem.kind == "chain" and not (d.sections and d.sections[0].definitions)
    if args.verify and not d.unknown and not abstract:  # an abstract formula has nothing to check
        d.verify(max_seconds=max(0.0, args.max_seconds - (time.monotonic() - args.started)))
    color = _use_color(args.color)
    print(
        _render_derivation(
            d, args.format, args.lang, rules=args.rules, standalone=args.standalone, color=color
        )
    )
    if getattr(args, "alternate", False) and args.format in ("text", "unicode") and d.alternate_forms:
        print(_alternates_text(d, args.format == "unicode", args.lang))
    if args.pdf:
        from stepcalc.latex_doc import compile_pdf

        compile_pdf(d.to_latex(lang=args.lang, rules=args.rules, standalone=True), args.pdf, lang=args.lang)
        print(f"stepcalc: wrote {args.pdf}", file=sys.stderr)
    if d.unknown:
        print(f"stepcalc: error: {d.unknown}", file=sys.stderr)
        return 2
    if d.verified is False:
        print(
            "stepcalc: internal error: a line of this derivation is refuted by the oracle (a stepcalc bug)",
            file=sys.stderr,
        )
        return 1
    return 0


def _alternates_text(d: object, unicode: bool, lang: str) -> str:
    """``other forms: (x + 1) e^x/x^2 (common factor taken out), …`` under a derivation."""
    from stepcalc.derivation import Derivation
    from stepcalc.printing import to_text, to_unicode

    assert isinstance(d, Derivation)
    shown = [
        label("reason", lang).format((to_unicode if unicode else to_text)(e), label(f"form_{kind}", lang))
        for kind, e in d.alternate_forms
    ]
    return joined("sentence", (label("alternate_forms", lang), joined("list", shown, lang)), lang)


def _use_color(choice: str) -> bool:
    import os

    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _render_derivation(
    d: object, fmt: str, lang: str, *, rules: bool = True, standalone: bool = False, color: bool = False
) -> str:
    from stepcalc.derivation import Derivation
    from stepcalc.renderers import render

    assert isinstance(d, Derivation)
    if standalone and fmt == "text":  # --standalone alone: a LaTeX document
        fmt = "latex"
    return render(d, fmt, lang, rules=rules, standalone=standalone, color=color).rstrip("\n")


def _tolerance(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a non-negative relative tolerance, got {text!r}")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _add_diff_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "diff",
        help="differentiate step by step",
        description="Differentiate an expression step by step, naming the rule used on each line,\n"
        "and check every line with the sympy oracle.",
        epilog="examples:\n  stepcalc diff 'e^x cos x'\n  stepcalc diff '(x+1)/ln x' --format latex\n"
        "  stepcalc diff '3x^2 - 4x' --at x=1\n  stepcalc diff 'x^3' --order 2\n"
        "  stepcalc diff 'x^2 y' --wrt x,y",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("expr", metavar="EXPR", help="the expression, e.g. 'e^x cos x'")
    p.add_argument(
        "--wrt",
        metavar="VAR",
        help="the variable (default: the only one, or x); "
        "a comma list such as x,y takes partial derivatives in turn",
    )
    p.add_argument("--order", type=_positive, default=1, metavar="N", help="take the N-th derivative")
    p.add_argument(
        "--at", metavar="x=VALUE", help="evaluate the result exactly at a point, e.g. x=1 or x=pi/2"
    )
    p.add_argument(
        "--factor",
        action="store_true",
        help="factor the result (12x(x + 1)(x - 2), x e^x (x + 2)) in named steps",
    )
    p.add_argument(
        "--form",
        choices=RESULT_FORMS,
        help="write the result expanded, factored or as one fraction (default: the textbook form)",
    )
    p.add_argument("--alternate", action="store_true", help="text: also list other forms of the result")
    _common_options(p)
    p.set_defaults(run=cmd_diff)


def _common_options(p: argparse.ArgumentParser) -> None:
    """The options every derivation command takes: output, language, checking, budgets."""
    p.add_argument(
        "--detail",
        choices=("textbook", "full"),
        default="textbook",
        help="textbook: one line per level (default); full: one rule application per line",
    )
    p.add_argument(
        "--no-verify",
        dest="verify",
        action="store_false",
        help="skip checking each line with sympy (faster start)",
    )
    p.add_argument("--format", choices=DIFF_FORMATS, default="text", help="output format (default text)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of rule names (default en)")
    p.add_argument("--no-rules", dest="rules", action="store_false", help="LaTeX: leave out the rule names")
    p.add_argument(
        "--color",
        choices=("never", "auto", "always"),
        default="auto",
        help="text: dim the rule names, colour the verdict (auto: on a terminal, unless NO_COLOR is set)",
    )
    p.add_argument(
        "--standalone", action="store_true", help="LaTeX: a whole document (pdflatex; xelatex + ctex for zh)"
    )
    p.add_argument("--pdf", metavar="FILE", help="also compile the standalone document to FILE (needs TeX)")
    _add_limit_options(p)


def _run_multivariable(args: argparse.Namespace) -> int:
    from stepcalc import multivariable as mv

    common: dict[str, Any] = {
        "detail": args.detail,
        "limits": _limits(args),
        "max_seconds": args.max_seconds,
    }
    expr = args.expr.strip()
    if args.command == "chain":
        sub = "; ".join(args.sub) if args.sub else None  # each --sub may list several, x=a, y=b
        d = mv.chain(expr, args.wrt, sub, inner=args.inner, **common)
    elif args.command == "directional":
        d = mv.directional(expr, args.along, args.vars, at=args.at, **common)
    elif args.command == "differential":
        d = mv.differential(expr, args.vars, at=args.at, delta=args.delta, **common)
    elif args.command == "grad":
        shapes = {"vectors": args.vector, "matrices": args.matrix, "symmetric": args.symmetric}
        d = mv.gradient(expr, args.wrt or args.vars, at=args.at, **shapes, **common)
    else:
        work = {"hessian": mv.hessian, "jacobian": mv.jacobian}[args.command]
        d = work(expr, args.vars, at=args.at, **common)
    return _emit(d, args)


_MULTIVARIABLE = {
    "grad": (
        "the gradient, each partial derivative worked in turn (or by the vector and matrix rules)",
        "stepcalc grad '3x_1^2 + 5e^(x_2)'\n"
        "  stepcalc grad '‖A x - b‖^2' --wrt x --vector x,b --matrix A --format json",
    ),
    "hessian": ("the Hessian matrix of second partial derivatives", "stepcalc hessian 'x^3 y + y^2'"),
    "jacobian": ("the Jacobian of a vector of expressions", "stepcalc jacobian '[x y, x + y^2]'"),
    "differential": (
        "the total differential dz = ∂z/∂x dx + ∂z/∂y dy + …",
        "stepcalc differential 'x^2/y' --at x=1,y=-2 --delta x=0.02,y=-0.01",
    ),
    "directional": (
        "the derivative along a direction, ∇f · v/|v|",
        "stepcalc directional 'x^2 + y^2' --along 1,1 --at x=1,y=2",
    ),
    "chain": (
        "the multivariable chain rule ∂u/∂a = Σ ∂u/∂x ∂x/∂a",
        "stepcalc chain 'x^2 + y z' --sub 'x=a+b, y=a b, z=a-b' --wrt a,b\n"
        "  stepcalc chain u --inner x,y,z --wrt a,b",
    ),
}


def _add_multivariable_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    for name, (what, example) in _MULTIVARIABLE.items():
        p = sub.add_parser(
            name,
            help=what,
            description=what[0].upper() + what[1:] + ", step by step, every line checked with sympy.",
            epilog=f"example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument(
            "expr",
            metavar="EXPR",
            help="the expression" + (" (a vector [f, g])" if name == "jacobian" else ""),
        )
        if name == "chain":
            p.add_argument("--wrt", required=True, metavar="A,B", help="the outer variables, e.g. a,b")
            p.add_argument(
                "--sub",
                metavar="X=…",
                action="append",
                help="the inner functions, e.g. 'x=a+b, y=a b' (or one --sub each)",
            )
            p.add_argument(
                "--inner", metavar="X,Y", help="without --sub: the inner variables (default: EXPR's)"
            )
        else:
            p.add_argument(
                "--vars", metavar="X,Y", help="the variables, in order (default: all, as x_1, x_2 / x, y, z)"
            )
            p.add_argument("--at", metavar="x=1,y=2", help="evaluate the result exactly at a point")
        if name == "grad":
            p.add_argument(
                "--wrt", metavar="X", help="vector calculus: the vector or matrix (default: the only vector)"
            )
            p.add_argument(
                "--vector", metavar="X,B", help="names that are vectors, sizes optional: x,b or x:3"
            )
            p.add_argument(
                "--matrix", metavar="A", help="names that are matrices, sizes optional: A or A:2x3"
            )
            p.add_argument("--symmetric", metavar="A", help="matrices declared symmetric (∇xᵀAx = 2Ax)")
        if name == "differential":
            p.add_argument(
                "--delta", metavar="x=0.02,y=-0.01", help="increments, to estimate Δz (needs --at)"
            )
        if name == "directional":
            p.add_argument("--along", required=True, metavar="1,1", help="the direction vector's components")
        _common_options(p)
        p.set_defaults(run=_run_multivariable)


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
    limits = _limits(args)
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
        limits=_limits(args),
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
        limits=_limits(args),
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
    from stepcalc.sheet import read_sheet, write_sheet

    sheet = read_sheet(args.file, limits=_limits(args))
    pdf = None if args.format == "tex" and not args.no_pdf else False
    for path in write_sheet(sheet, args.output, fmt=args.format, pdf=pdf):
        print(path)
    return 0


def _add_check_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
    p.add_argument("--order", type=_positive, default=1, metavar="N", help="the N-th derivative (default 1)")
    p.add_argument("--vector", metavar="X,B", help="a gradient problem: names that are vectors")
    p.add_argument("--matrix", metavar="A", help="a gradient problem: names that are matrices")
    p.add_argument(
        "--form", choices=FORMS, default="any", help="the form the answer must be in (default any)"
    )
    p.add_argument(
        "--tol",
        type=_tolerance,
        metavar="T",
        help="accept answers within a relative difference T (decimal approximations); such a verdict "
        "says it is approximate",
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the feedback (default en)")
    p.add_argument("--seconds", type=float, default=2.0, metavar="S", help="time budget (default 2)")
    _add_limit_options(p)
    p.set_defaults(run=cmd_check)


def _add_equiv_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
    p.add_argument("--tol", type=_tolerance, metavar="T", help="accept a relative difference up to T")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the reason (default en)")
    p.add_argument("--seconds", type=float, default=2.0, metavar="S", help="time budget (default 2)")
    _add_limit_options(p)
    p.set_defaults(run=cmd_equiv)


def _add_grade_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
    p.add_argument("--workers", type=_positive, metavar="N", help="processes (default: all cores)")
    p.add_argument("--wrt", metavar="VAR", help="the variable of every problem (default: each problem's own)")
    p.add_argument(
        "--order",
        type=_positive,
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
        type=_tolerance,
        metavar="T",
        help="accept answers within a relative difference T (decimal approximations); such a verdict "
        "says it is approximate",
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="summary format (default text)")
    p.add_argument(
        "--ambiguous-score",
        type=_tolerance,
        default=0.5,
        metavar="S",
        help="the score of an 'ambiguous' answer: right only as another reading of its juxtapositions, "
        "cos x e^x meant as cos(x) e^x (default 0.5; 1 counts it right, 0 wrong)",
    )
    p.add_argument(
        "--restart", action="store_true", help="grade every row again, ignoring an interrupted run's journal"
    )
    _add_limit_options(p)
    p.set_defaults(run=cmd_grade)


def _add_sheet_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "sheet",
        help="write a problem sheet and its worked, verified solutions from a YAML list",
        description="Write problems.EXT and solutions.EXT into the directory OUT from a YAML sheet "
        "(title, language: en|zh, problems: a list of {diff|partial|grad|hessian: EXPR, with options "
        "wrt, order, at, factor, vars}). LaTeX also compiles to PDF when TeX is installed.",
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
    _add_limit_options(p)
    p.set_defaults(run=cmd_sheet)


def _add_limits_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    _add_limit_options(p)
    p.set_defaults(run=cmd_parse)
    _add_diff_parser(sub)
    _add_multivariable_parsers(sub)
    for add in (
        _add_check_parser,
        _add_equiv_parser,
        _add_grade_parser,
        _add_sheet_parser,
        _add_limits_parser,
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
    args = build_parser().parse_args(argv)
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
