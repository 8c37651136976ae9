"""The commands that read and differentiate: ``parse``, ``diff`` and the several-variable ones
(``grad``, ``hessian``, ``jacobian``, ``chain``, ``differential``, ``directional``)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from stepcalc.cli.options import add_limit_options, limits_of, positive, use_color
from stepcalc.cli.plotting import add_plot_option, check_plot, plot_derivative, say_written, with_plot
from stepcalc.expr import Expr
from stepcalc.phrases import LANGS, joined, label

RESULT_FORMS = ("expanded", "factored", "single_fraction")  # stepcalc.simplify.forms.FORMS, unimported


PARSE_FORMATS = ("text", "unicode", "explicit", "latex", "tree", "json")


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
    reading = parse_with_notes(source, limits=limits_of(args))
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

    args.plot_path = check_plot(args)  # a bad --plot is found before any work
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
        limits=limits_of(args),
        max_seconds=args.max_seconds,
    )
    return emit(d, args)


def emit(d: object, args: argparse.Namespace) -> int:
    """Verify (unless --no-verify), print, and choose the exit code: 2 when the engine could
    not finish, 1 when the oracle refutes a line (a stepcalc bug), else 0."""
    from stepcalc.derivation import Derivation

    assert isinstance(d, Derivation)
    abstract = d.problem.kind == "chain" and not (d.sections and d.sections[0].definitions)
    if args.verify and not d.unknown and not abstract:  # an abstract formula has nothing to check
        d.verify(max_seconds=max(0.0, args.max_seconds - (time.monotonic() - args.started)))
    color = use_color(args.color)
    shown = _render_derivation(
        d, args.format, args.lang, rules=args.rules, standalone=args.standalone, color=color
    )
    plot, files = None, list[Path]()
    path = getattr(args, "plot_path", None)
    if path is not None and d.result is not None and not d.unknown:  # diff --plot: f and f'
        plot = plot_derivative(d, d.result, path, args)
        fmt = "latex" if args.standalone and args.format == "text" else args.format
        shown, files = with_plot(shown, fmt, plot, path, d.problem.expr, args.lang)
    print(shown)
    if getattr(args, "alternate", False) and args.format in ("text", "unicode") and d.alternate_forms:
        print(_alternates_text(d, args.format == "unicode", args.lang))
    if args.pdf:
        from stepcalc.latex_doc import compile_pdf

        tex = d.to_latex(lang=args.lang, rules=args.rules, standalone=True)
        if plot is not None and path is not None:
            tex, more = with_plot(tex, "latex", plot, path, d.problem.expr, args.lang)
            files += [f for f in more if f not in files]
        compile_pdf(tex, args.pdf, lang=args.lang)
        print(f"stepcalc: wrote {args.pdf}", file=sys.stderr)
    say_written(files, args.lang)
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


def _render_derivation(
    d: object, fmt: str, lang: str, *, rules: bool = True, standalone: bool = False, color: bool = False
) -> str:
    from stepcalc.derivation import Derivation
    from stepcalc.renderers import render

    assert isinstance(d, Derivation)
    if standalone and fmt == "text":  # --standalone alone: a LaTeX document
        fmt = "latex"
    return render(d, fmt, lang, rules=rules, standalone=standalone, color=color).rstrip("\n")


def add_diff_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
    p.add_argument("--order", type=positive, default=1, metavar="N", help="take the N-th derivative")
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
    add_plot_option(p, "f and its derivative (one variable)")
    common_options(p)
    p.set_defaults(run=cmd_diff)


def common_options(p: argparse.ArgumentParser) -> None:
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
    add_limit_options(p)


def _run_multivariable(args: argparse.Namespace) -> int:
    from stepcalc import multivariable as mv

    common: dict[str, Any] = {
        "detail": args.detail,
        "limits": limits_of(args),
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
    return emit(d, args)


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


def add_multivariable_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
        common_options(p)
        p.set_defaults(run=_run_multivariable)
