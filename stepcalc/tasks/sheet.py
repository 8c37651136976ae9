"""Homework sheets: a YAML list of problems → a problem sheet and a solution sheet.

    title: Derivatives
    language: en            # or zh
    problems:
      - diff: e^x cos x
      - diff: x^3 - 1/x
        at: x=1
      - grad: 3x_1^2 + 5e^(x_2)
      - partial: x^2 y
        wrt: y

Kinds: ``diff`` (options ``wrt``, ``order``, ``at``, ``factor``), ``partial`` (``wrt`` required),
``grad`` and ``hessian`` (``vars``, ``at``; ``vector``/``matrix`` for vector calculus), and the
curve problems of issue 19: ``tangent`` (``at`` required, ``normal``), ``analyze``
(``interval``: a,b; not ``on``, which YAML reads as the boolean true) and ``implicit`` (an
equation in x and y; ``at``: x=a,y=b, ``order``: 2); ``integrate`` (``wrt``; ``interval``:
a,b for a definite integral); ``limit`` (``at`` required: x=0, x=oo; ``side``: + or -); and
``area`` (the area between y = the problem and y = ``with``, required; ``interval``: a,b).
The solution sheet holds every worked solution, each line verified by the oracle (a sheet
whose solution cannot be verified is refused, naming the problem).  Output: ``.tex`` (and
``.pdf`` when TeX is installed), or ``.html`` or ``.md``.  A malformed sheet is an error that
names the problem number and the field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from stepcalc.errors import StepcalcError
from stepcalc.expr import Equation, Expr, Integral, Limit, Sym, free_symbols
from stepcalc.limits import DEFAULT, Limits
from stepcalc.phrases import LANGS, fill, word

__all__ = ["Problem", "Sheet", "read_sheet", "write_sheet"]

KINDS = (
    "diff", "partial", "grad", "hessian", "tangent", "analyze", "implicit", "integrate", "limit", "area",
    "extrema", "lagrange", "descent", "autodiff",
)  # fmt: skip
OPTIONS = {
    "diff": {"wrt", "order", "at", "factor"},
    "partial": {"wrt", "order", "at"},
    "grad": {"vars", "at", "vector", "matrix"},
    "hessian": {"vars", "at"},
    "tangent": {"at", "normal"},
    "analyze": {"interval"},
    "implicit": {"at", "order"},
    "integrate": {"wrt", "interval"},
    "limit": {"at", "side"},
    "area": {"with", "wrt", "interval"},
    "extrema": {"vars", "interval"},  # not "on": YAML reads on: as true
    "lagrange": {"subject_to", "vars"},
    "descent": {"from", "rate", "steps", "tol", "method", "vars"},
    "autodiff": {"at", "vars", "vector", "mode"},
}
# solved by stepcalc.tasks, not a Derivation
CURVES = ("tangent", "analyze", "implicit", "area", "extrema", "lagrange", "descent", "autodiff")


@dataclass
class Problem:
    number: int
    kind: str
    expr: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class Sheet:
    title: str
    language: str
    problems: list[Problem]
    limits: Limits = DEFAULT


def _fail(where: str, message: str) -> StepcalcError:
    return StepcalcError(f"{where}: {message}")


def read_sheet(path: str | Path, *, limits: Limits = DEFAULT) -> Sheet:
    """Read and validate a sheet; every error names the problem number and the field."""
    import yaml

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise StepcalcError(f"cannot read {str(path)!r}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise StepcalcError(f"{str(path)!r} is not UTF-8 text") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise StepcalcError(f"{str(path)!r} is not valid YAML{where}") from None
    return parse_sheet(data, limits=limits)


def _check_fields(kind: str, options: dict[str, Any], number: int) -> None:
    """The fields a kind cannot do without present, and the words a field takes among its choices."""
    where = f"problem {number}"
    if kind == "partial" and "wrt" not in options:
        raise _fail(where, "field 'wrt' is required for a partial derivative")
    if kind == "tangent" and "at" not in options:
        raise _fail(where, "field 'at' is required for a tangent line, as at: x=1")
    if kind == "area" and "with" not in options:
        raise _fail(where, "field 'with' is required for an area: the other curve, as with: x^2")
    if kind == "lagrange" and not _constraints(options.get("subject_to")):
        raise _fail(
            where, "field 'subject_to' is required for Lagrange multipliers, as subject_to: a + b = 1"
        )
    if kind == "descent" and "from" not in options:
        raise _fail(where, "field 'from' is required for gradient descent, as from: x=3,y=2")
    if kind == "descent" and str(options.get("method", "gd")) not in ("gd", "momentum", "adam"):
        raise _fail(where, "field 'method' must be gd, momentum or adam")
    if kind == "autodiff" and "at" not in options:
        raise _fail(where, "field 'at' is required for automatic differentiation, as at: x=1,y=2")
    if kind == "autodiff" and str(options.get("mode", "both")) not in ("forward", "reverse", "both"):
        raise _fail(where, "field 'mode' must be forward, reverse or both")
    if kind == "limit" and "at" not in options:
        raise _fail(where, "field 'at' is required for a limit, as at: x=0 (or x=oo)")
    if kind == "limit" and str(options.get("side", "+")) not in ("+", "-"):
        raise _fail(where, "field 'side' must be + (from the right) or - (from the left)")


def parse_sheet(data: Any, *, limits: Limits = DEFAULT) -> Sheet:
    from stepcalc.parse import parse

    if not isinstance(data, dict):
        raise StepcalcError("a sheet is a mapping with title, language and problems")
    unknown = set(data) - {"title", "language", "problems"}
    if unknown:
        raise _fail("sheet", f"unknown field {sorted(unknown)[0]!r} (expected title, language, problems)")
    title = str(data.get("title", "") or "")
    language = str(data.get("language", "en"))
    if language not in LANGS:
        raise _fail("sheet", f"field 'language' must be one of {', '.join(LANGS)}, not {language!r}")
    items = data.get("problems")
    if not isinstance(items, list) or not items:
        raise _fail("sheet", "field 'problems' must be a non-empty list")
    problems: list[Problem] = []
    for number, item in enumerate(items, start=1):
        where = f"problem {number}"
        if not isinstance(item, dict):
            raise _fail(where, "must be a mapping such as {diff: x^2}")
        kinds = [k for k in item if k in KINDS]
        if len(kinds) != 1:
            raise _fail(where, f"needs exactly one of the fields {', '.join(KINDS)}")
        kind = kinds[0]
        expr = item[kind]
        if not isinstance(expr, str | int | float) or not str(expr).strip():
            raise _fail(where, f"field {kind!r} must be an expression")
        options = {k: v for k, v in item.items() if k != kind}
        for key in options:
            if key not in OPTIONS[kind]:
                raise _fail(
                    where, f"unknown field {key!r} for {kind} (allowed: {', '.join(sorted(OPTIONS[kind]))})"
                )
        _check_fields(kind, options, number)
        order = options.get("order", 1)
        if not isinstance(order, int) or isinstance(order, bool) or not 1 <= order <= limits.max_order:
            raise _fail(
                where, f"field 'order' must be a whole number from 1 to {limits.max_order} (max_order)"
            )
        try:
            parse(str(expr), limits=limits)
        except StepcalcError as error:
            raise _fail(where, f"field {kind!r}: {error}") from None
        problems.append(Problem(number, kind, str(expr), options))
    return Sheet(title, language, problems, limits)


def _interval(interval: Any, where: str) -> tuple[str | None, str | None]:
    """``interval: 1,2`` of a definite integral: its bounds (none for an indefinite one)."""
    if interval is None:
        return None, None
    ends = [e.strip() for e in str(interval).split(",")]
    if len(ends) != 2 or not all(ends):
        raise _fail(where, "field 'interval' must be two bounds, as interval: 1,2")
    return ends[0], ends[1]


def _only_variable(e: Expr) -> Sym:
    """The variable of integration when none is named: the only one, or x."""
    found = sorted(s.name for s in free_symbols(e))
    return Sym(found[0]) if len(found) == 1 else Sym("x")


def _constraints(given: Any) -> list[str]:
    """A sheet's ``subject_to``: one equation or a list of them."""
    if isinstance(given, list):
        return [str(c) for c in given if str(c).strip()]
    return [str(given)] if given is not None and str(given).strip() else []


def _point(at: Any) -> dict[str, str | Expr] | None:
    if at is None:
        return None
    pairs = [p.split("=", 1) for p in str(at).split(",") if p.strip()]
    return {k.strip(): v.strip() for k, v in pairs}


def _statement(problem: Problem, lang: str, math: Callable[[Expr], str], escape: Callable[[str], str]) -> str:
    """ "Differentiate x² + sin x (with respect to x), at x = ½": the problem, its variable and
    its point typeset by ``math``, the words ``escape``d for the format."""
    from stepcalc.evaluate import parse_point
    from stepcalc.parse import parse, variable

    shown = parse(problem.expr)
    if problem.kind in ("tangent", "analyze"):
        shown = Equation((Sym("y"), shown))
    ask = (
        "ask_tangent_normal"
        if problem.kind == "tangent" and problem.options.get("normal")
        else "ask_" + problem.kind
    )
    o = problem.options
    if problem.kind == "integrate":  # the integral itself: ∫ x² dx, ∫₁² x² dx
        x = variable(str(o["wrt"])) if o.get("wrt") else _only_variable(shown)
        low, high = _interval(o.get("interval"), "")
        from stepcalc.tasks.integrate import read_bound

        a, b = (read_bound(e, DEFAULT) if e is not None else None for e in (low, high))
        return f"{escape(word('ask_integrate', lang))} {math(Integral(shown, x, a, b))}"
    if problem.kind == "area":  # Find the area between y = 2x + 3 and y = x² (on [a, b])
        y = Sym("y")
        curves = [math(Equation((y, e))) for e in (shown, parse(str(o["with"])))]
        text = fill(word("ask_area", lang), curves, escape)
        if o.get("interval"):
            ends = [math(parse(e.strip())) for e in str(o["interval"]).split(",")]
            text += f" {escape(word('ask_on', lang))} [{', '.join(ends)}]"
        return text
    if problem.kind == "lagrange":  # Find the extrema of 1/a + 4/b subject to a + b = 1
        given = [math(parse(c)) for c in _constraints(o["subject_to"])]
        return fill(word("ask_lagrange", lang), [math(shown), escape(", ").join(given)], escape)
    if problem.kind in ("descent", "autodiff"):
        return _optimise_statement(problem, lang, math, escape)
    if problem.kind == "limit":  # the limit itself: lim_{x→0} sin x/x
        from stepcalc.tasks.limit import read_point

        x, to, side = read_point(str(o["at"]), shown, str(o.get("side", "")))
        return f"{escape(word('ask_limit', lang))} {math(Limit(shown, x, to, side))}"
    text = f"{escape(word(ask, lang))} {math(shown)}"
    if problem.kind == "analyze" and o.get("interval"):
        ends = [math(parse(e.strip())) for e in str(o["interval"]).split(",")]
        return text + f" {escape(word('ask_on', lang))} [{', '.join(ends)}]"
    if problem.kind == "extrema" and o.get("interval"):  # … of sin x sin y on 0 < x < 2π and 0 < y < 2π
        return text + escape(" ") + _region(problem, shown, lang, math, escape)
    if problem.kind in ("diff", "partial") and o.get("wrt"):
        names = ", ".join(math(variable(v.strip())) for v in str(o["wrt"]).split(","))
        text += f" ({escape(word('wrt', lang))} {names})"
    if o.get("order", 1) != 1:
        order = word("order", lang).format(o["order"])
        text += f" ({escape(order)})"
    if o.get("at"):
        point = parse_point(o["at"] if isinstance(o["at"], str | dict) else str(o["at"]))
        where = ", ".join(math(Equation((name, value))) for name, value in point.items())
        text += f", {escape(word('ask_point' if problem.kind in CURVES else 'ask_at', lang))} {where}"
    return text


def _optimise_statement(
    problem: Problem, lang: str, math: Callable[[Expr], str], escape: Callable[[str], str]
) -> str:
    """Minimise x² + y² by gradient descent from (x, y) = (3, 2) with the rate η = 0.1, 10 steps;
    Find the gradient of 2xᵀx at x = [0, 1, 2, 3] by automatic differentiation."""
    from stepcalc.evaluate import parse_point
    from stepcalc.parse import parse

    o, f = problem.options, math(parse(problem.expr))
    if problem.kind == "autodiff":
        point = escape(", ").join(math(Equation((x, v))) for x, v in parse_point(str(o["at"])).items())
        return fill(word("ask_autodiff", lang), [f, point], escape)
    start = escape(", ").join(math(Equation((x, v))) for x, v in parse_point(str(o["from"])).items())
    rate = math(Equation((Sym("eta"), parse(str(o.get("rate", "0.1"))))))
    text = fill(word(f"ask_descent_{o.get('method', 'gd')}", lang), [f, start, rate], escape)
    if o.get("steps") is not None:
        text += fill(word("ask_descent_steps", lang), [escape(str(o["steps"]))], escape)
    if o.get("tol") is not None:
        text += fill(word("ask_descent_tol", lang), [math(parse(str(o["tol"])))], escape)
    return text


def _region(
    problem: Problem, shown: Expr, lang: str, math: Callable[[Expr], str], escape: Callable[[str], str]
) -> str:
    from stepcalc.derivation import natural_order
    from stepcalc.partials import variable_names
    from stepcalc.tasks.extrema import read_region

    on = problem.options["interval"]
    names = variable_names(None if problem.options.get("vars") is None else str(problem.options["vars"]))
    region = read_region(
        [str(i) for i in on] if isinstance(on, list) else str(on),
        tuple(names or natural_order(free_symbols(shown))),
        DEFAULT,
    )
    less = escape(" < ")
    parts = [less.join(math(e) for e in (a, x, b)) for x, (a, b) in region.items()]
    return escape(word("ask_on", lang) + " ") + escape(word("and", lang)).join(parts)


Solved = list[tuple[Problem, Any]]
"""Each problem with its worked solution (a Derivation)."""


def write_sheet(sheet: Sheet, out: str | Path, *, fmt: str = "tex", pdf: bool | None = None) -> list[Path]:
    """Write ``problems.EXT`` and ``solutions.EXT`` into the directory ``out``; the files written."""
    from stepcalc.renderers import renderer

    if fmt not in ("tex", "html", "md"):
        raise StepcalcError(f"unknown sheet format {fmt!r}; choose tex, html or md")
    written_as = renderer(fmt)

    def statement(p: Problem) -> str:
        return _statement(p, sheet.language, written_as.math, written_as.escape)

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    from stepcalc.tasks.sheet_solve import solve

    solved = [(p, solve(p, sheet.limits)) for p in sheet.problems]
    pages = {"tex": _tex_pages, "html": _html_pages, "md": _markdown_pages}[fmt](sheet, solved, statement)
    written: list[Path] = []
    for name, text in pages.items():
        path = out / f"{name}.{fmt}"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    if fmt == "tex" and pdf is not False:
        import shutil

        from stepcalc.latex_doc import compile_pdf, engine_for

        if shutil.which(engine_for(sheet.language)) is not None or pdf:
            for name, tex in pages.items():
                written.append(compile_pdf(tex, out / f"{name}.pdf", lang=sheet.language).pdf)
    return written


def _tex_pages(sheet: Sheet, solved: Solved, statement: Callable[[Problem], str]) -> dict[str, str]:
    from stepcalc.latex_doc import latex_document
    from stepcalc.tasks.sheet_solve import solution

    lang = sheet.language
    items = "\n".join(f"\\item {statement(p)}" for p, _ in solved)
    problems_body = "\\begin{enumerate}\n" + items + "\n\\end{enumerate}"
    solutions = [
        ("", f"\\textbf{{{p.number}.}} {statement(p)}\n\n{solution(p, d, 'latex', lang)}") for p, d in solved
    ]
    return {
        "problems": latex_document([(word("problems", lang), problems_body)], lang=lang, title=sheet.title),
        "solutions": latex_document(
            [(word("solutions", lang), ""), *solutions], lang=lang, title=sheet.title
        ),
    }


def _html_pages(sheet: Sheet, solved: Solved, statement: Callable[[Problem], str]) -> dict[str, str]:
    from stepcalc.html import STYLE
    from stepcalc.tasks.sheet_solve import solution

    lang, title = sheet.language, escape(sheet.title)

    def page(heading: str, body: str) -> str:
        return (
            f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title} — {escape(heading)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            f"<h1>{title}</h1>\n<h2>{escape(heading)}</h2>\n{body}\n</body>\n</html>\n"
        )

    items = "".join(f"<li>{statement(p)}</li>" for p, _ in solved)
    solutions = "".join(
        f"<section><h3>{p.number}. {statement(p)}</h3>{solution(p, d, 'html', lang)}</section>"
        for p, d in solved
    )
    return {
        "problems": page(word("problems", lang), f"<ol>{items}</ol>"),
        "solutions": page(word("solutions", lang), solutions),
    }


def _markdown_pages(sheet: Sheet, solved: Solved, statement: Callable[[Problem], str]) -> dict[str, str]:
    from stepcalc.tasks.sheet_solve import solution

    lang = sheet.language
    lines = [f"# {sheet.title}", "", f"## {word('problems', lang)}", ""]
    lines += [f"{p.number}. {statement(p)}" for p, _ in solved]
    sol = [f"# {sheet.title}", "", f"## {word('solutions', lang)}", ""]
    for p, d in solved:
        sol += [f"### {p.number}. {statement(p)}", "", solution(p, d, "md", lang)]
    return {"problems": "\n".join(lines) + "\n", "solutions": "\n".join(sol)}
