"""A derivative from first principles in every format: f(x) = …, then f′(x) = lim_{h→0} … with
each line's rule named beside it, the oracle's verdict, and the difference quotient's table.
The mathematics is spelt by the format's own printer (stepcalc.renderers), the words come from
the phrase tables (``definition.*``); nothing is computed here."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from stepcalc.expr import Add, Div, Equation, Expr, Func, Neg
from stepcalc.phrases import fill, joined, text, word
from stepcalc.renderers import renderer

if TYPE_CHECKING:
    from stepcalc.tasks.definition import Definition

__all__ = ["render_definition"]


def _phrase(key: str, lang: str) -> str:
    return text(f"definition.{key}", lang)


def rule_name(
    rule: str, formulas: tuple[Expr, ...], lang: str, math: Callable[[Expr], str], esc: Callable[[str], str]
) -> str:
    """A line's rule in ``lang``, the formulas it quotes written by ``math``."""
    quoted = joined("list", (math(f) for f in formulas), lang)
    return fill(_phrase(f"rule_{rule}", lang), [quoted] if formulas else [], esc)


def _named(d: Definition) -> tuple[Expr, Expr]:
    """``f(x)`` and ``f′(x)`` (``f′(1)`` at a point): the left sides."""
    place = d.x if d.at is None else d.at
    return Func(d.name, (d.x,)), Func(d.name + "'", (place,))


def verdict(d: Definition, lang: str) -> str:
    """[verified: 5 lines], [REFUTED: line 3 — …] or [not checked]: as derivations say it."""
    checked = [c for c in d.checks if c != "given"]
    if d.verified:
        unit = word("line" if len(checked) == 1 else "lines", lang)
        return f"[{word('verified', lang)}{text('join.label', lang)}{len(checked)} {unit}]"
    if d.verified is False:
        bad = [str(i + 1) for i, c in enumerate(d.checks) if c == "refuted"]
        return f"[{word('refuted_lines', lang).format(joined('list', bad, lang))}]"
    return f"[{word('unknown', lang)}]"


def _quotient_head(d: Definition) -> Expr:
    """(f(a + h) − f(a))/h, the table's second column."""
    assert d.at is not None
    return Div(Add((Func(d.name, (Add((d.at, d.h)),)), Neg(Func(d.name, (d.at,))))), d.h)


def _cell(value: str | None, exact: bool, lang: str, approx: str = "≈ ") -> str:
    if value is None:
        return word("undefined", lang)
    return value if exact else approx + value


# ---------------------------------------------------------------- text and Unicode
def _text(d: Definition, lang: str, unicode: bool) -> str:
    how = renderer("unicode" if unicode else "text")
    show = how.math
    name, prime = _named(d)
    out = [f"{show(name)} = {show(d.f)}"]
    left = show(prime)
    for i, step in enumerate(d.steps):
        rule = rule_name(step.rule, step.formulas, lang, show, str)
        out.append(f"{left if i == 0 else ' ' * len(left)} = {show(step.expr)}    [{rule}]")
    if d.checks:
        out.append(verdict(d, lang))
    if d.table is not None:
        out.extend(["", *_text_table(d, lang, show)])
    return "\n".join(out) + "\n"


def _text_table(d: Definition, lang: str, show: Callable[[Expr], str]) -> list[str]:
    rows = [(row.h_text, _cell(row.value, row.exact, lang)) for row in d.table or ()]
    head = (show(d.h), show(_quotient_head(d)))
    width = max(len(r[0]) for r in [head, *rows]) + 3
    lines = [fill(_phrase("table", lang), [show(Equation((d.x, d.at)))]) if d.at is not None else ""]
    lines += [f"{h:<{width}}{q}" for h, q in [head, *rows]]
    note = _rounded_note(d, lang, "≈", str)
    return [*lines, note] if note else lines


def _rounded_note(d: Definition, lang: str, approx: str, esc: Callable[[str], str]) -> str:
    """ "≈: rounded to 10 significant digits", when a value of the table is rounded."""
    from stepcalc.tasks.definition_table import DIGITS

    if all(row.exact or row.value is None for row in d.table or ()):
        return ""
    return fill(_phrase("rounded", lang), [approx, str(DIGITS)], esc)


# ---------------------------------------------------------------- LaTeX and Markdown
def _latex_rows(d: Definition, lang: str, tags: bool) -> list[str]:
    """The ``align*`` rows; ``tags``: rules named with ``\\tag*{}`` (set below a line they do not
    fit beside, so that a page never overflows), else in a right-hand column (Markdown hosts)."""
    from stepcalc.latex_print import latex_text, to_latex
    from stepcalc.render_latex import tag_box

    name, prime = _named(d)
    rows = [f"{to_latex(name)} &= {to_latex(d.f)}"]
    for i, step in enumerate(d.steps):
        rule = rule_name(step.rule, step.formulas, lang, lambda e: f"${to_latex(e)}$", latex_text)
        named = f" \\tag*{{{tag_box(rule)}}}" if tags else f" && \\text{{{rule}}}"
        rows.append(f"{to_latex(prime) if i == 0 else ''} &= {to_latex(step.expr)}{named}")
    return rows


def _latex_table(d: Definition, lang: str) -> str:
    from stepcalc.latex_print import latex_text, to_latex

    head = f"{to_latex(d.h)} & {to_latex(_quotient_head(d))}"
    body = [
        f"{row.h_text} & "
        + (
            f"\\text{{{latex_text(word('undefined', lang))}}}"
            if row.value is None
            else _cell(row.value, row.exact, lang, "\\approx ")
        )
        for row in d.table or ()
    ]
    return "\\begin{array}{r|l}\n" + head + " \\\\ \\hline\n" + " \\\\\n".join(body) + "\n\\end{array}"


def _latex(d: Definition, lang: str, markdown: bool) -> str:
    from stepcalc.latex_print import latex_text

    env = "aligned" if markdown else "align*"
    block = (
        f"\\begin{{{env}}}\n" + " \\\\\n".join(_latex_rows(d, lang, tags=not markdown)) + f"\n\\end{{{env}}}"
    )
    parts = [f"$$\n{block}\n$$" if markdown else block]
    if d.checks:
        parts.append(verdict(d, lang) if markdown else latex_text(verdict(d, lang)))
    if d.table is not None:
        table = _latex_table(d, lang)
        parts.append(f"$$\n{table}\n$$" if markdown else f"\\[\n{table}\n\\]")
        note = _rounded_note(d, lang, "$\\approx$", str if markdown else latex_text)
        parts.extend([note] if note else [])
    return "\n\n".join(parts) + "\n"


# ---------------------------------------------------------------- HTML
def _html(d: Definition, lang: str) -> str:
    from stepcalc.html import STYLE
    from stepcalc.mathml import to_mathml
    from stepcalc.printing import to_unicode

    def large(e: Expr) -> str:  # a line of the working in display style, as derivations are
        return to_mathml(e, alttext=to_unicode(e), large=True)

    how = renderer("html")
    name, prime = _named(d)
    rows = [f'<p class="problem">{large(Equation((name, d.f)))}</p>', '<div class="derivation">']
    for i, step in enumerate(d.steps):
        rule = rule_name(step.rule, step.formulas, lang, how.math, escape)
        rows.append(
            f'<div class="line"><div class="lhs">{large(prime) if i == 0 else ""}</div>'
            f'<div class="rhs"><span class="piece">=</span> {large(step.expr)}</div>'
            f'<div class="rule">{rule}</div></div>'
        )
    rows.append("</div>")
    if d.checks:
        css = "verdict refuted" if d.verified is False else "verdict"
        rows.append(f'<p class="{css}">{escape(verdict(d, lang))}</p>')
    if d.table is not None:
        cells = "".join(
            f"<tr><td>{row.h_text}</td><td>{escape(_cell(row.value, row.exact, lang))}</td></tr>"
            for row in d.table
        )
        head = f"<tr><th>{how.math(d.h)}</th><th>{large(_quotient_head(d))}</th></tr>"
        rows.append(f'<table class="quotients">{head}{cells}</table>')
        note = _rounded_note(d, lang, "≈", escape)
        rows.extend([f'<p class="summary">{note}</p>'] if note else [])
    title = escape(_phrase("title", lang))
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
        '<div class="stepcalc">\n' + "\n".join(rows) + "\n</div>\n</body>\n</html>\n"
    )


def render_definition(d: Definition, fmt: str, lang: str = "en") -> str:
    """``d`` in format ``fmt``: text, unicode, latex, md, html or json (``Definition.to_dict``)."""
    if fmt == "json":
        import json

        return json.dumps(d.to_dict(), indent=2, ensure_ascii=False) + "\n"
    renderer(fmt)  # an unknown format: a clear error
    if fmt in ("text", "unicode"):
        return _text(d, lang, unicode=fmt == "unicode")
    if fmt in ("latex", "md"):
        return _latex(d, lang, markdown=fmt == "md")
    return _html(d, lang)
