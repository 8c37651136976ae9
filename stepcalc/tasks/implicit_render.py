"""``stepcalc implicit`` in every format: the rows (an equation and what made it), the oracle's
verdict, then at a point the curve's equation there, the slope and the tangent.  Mathematics
is spelt by the format's renderer (stepcalc.renderers), words come from the phrase tables."""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any

from stepcalc.expr import Deriv, Div, Equation, Expr, Neg, Sym
from stepcalc.latex_print import latex_text, to_latex
from stepcalc.phrases import fill, joined, phrase, text, word
from stepcalc.printing import to_text
from stepcalc.renderers import Renderer, renderer
from stepcalc.steps import RuleId
from stepcalc.tasks.implicit_solve import PRIME, PRIME2, REFUTED, X, Y

if TYPE_CHECKING:
    from stepcalc.tasks.implicit import Implicit, Row

__all__ = ["implicit_dict", "implicit_text", "point_lines", "render_implicit", "rule_words", "verdict"]

Show = Callable[[Expr], str]


def render_implicit(found: Implicit, fmt: str, lang: str = "en", *, page: bool = True) -> str:
    """``found`` in format ``fmt`` (text, unicode, latex, md, html, json); ``page=False``: HTML
    as a fragment, for a sheet's page."""
    if fmt == "json":
        return json.dumps(implicit_dict(found), indent=2, ensure_ascii=False)
    how = renderer(fmt)
    table = _table(found, how, lang)
    after = [
        fill(word(key, lang), [how.math(e) for e in parts], how.escape) for key, parts in point_lines(found)
    ]
    said = verdict(found, lang)
    if fmt in ("text", "unicode"):
        return "\n".join([table, *([f"[{said}]"] if said else []), *after]) + "\n"
    if fmt == "html":
        return _page(found, table, said, after, lang, page=page)
    words = [latex_text(f"[{said}]")] if said else []
    body = "\n\n".join([table, *words, *after])
    return body + "\n"


def implicit_text(found: Implicit, *, unicode: bool = False, lang: str = "en") -> str:
    return render_implicit(found, "unicode" if unicode else "text", lang)


# ---------------------------------------------------------------- the rows
def rule_words(row: Row, lang: str, math: Show, escape: Callable[[str], str] = str) -> str:
    """What made a row, in ``lang``: the engine's rules, or the algebra step's phrase."""
    if row.key:
        return fill(word(row.key, lang), [math(e) for e in row.parts], escape)
    names = [_rule_name(r, lang, math, escape) for r in row.rules]
    return joined("list", names, lang)


def _rule_name(rule: RuleId, lang: str, math: Show, escape: Callable[[str], str]) -> str:
    if rule is RuleId.UNDEFINED_FUNCTION:  # (f(u))′ = f′(u)·u′ with f = y and u = x
        parts = (Equation((Deriv(Y, X), PRIME)), Y, X)
        return fill(word("implicit_y_rule", lang), [math(e) for e in parts], escape)
    return phrase(rule, lang, math, escape)


def _rows(found: Implicit) -> list[tuple[Expr | None, Expr, Row]]:
    """Each row as (left side, or None under the same left side as the row before; right)."""
    out: list[tuple[Expr | None, Expr, Row]] = []
    before: Expr | None = None
    for row in found.rows:
        sides = row.equation.sides
        left, right = sides[0], sides[1]
        out.append((None if left == before and left in (PRIME, PRIME2) else left, right, row))
        before = left
    return out


def _table(found: Implicit, how: Renderer, lang: str) -> str:
    if how.name in ("text", "unicode"):
        lets = [f"{word('let', lang)} {how.math(b.name)} = {how.math(b.value)}" for b in found.lets]
        lines = []
        for left, right, row in _rows(found):
            lhs = how.math(left) if left is not None else " " * len(how.math(row.equation.sides[0]))
            words = rule_words(row, lang, how.math)
            lines.append(f"{lhs} = {how.math(right)}" + (f"    [{words}]" if words else ""))
        return "\n".join(lets + lines)
    if how.name == "html":
        return _grid(found, how, lang)
    return _aligned(found, lang, markdown=how.name == "md")


def _aligned(found: Implicit, lang: str, *, markdown: bool) -> str:
    """An ``align*`` block (Markdown: ``aligned`` in ``$$``), the rows' words in ``\\text{}``."""

    def dollars(e: Expr) -> str:
        return f"${to_latex(e)}$"

    rows = [
        f"& \\text{{{latex_text(word('let', lang))} }}{to_latex(b.name)} = {to_latex(b.value)}"
        for b in found.lets
    ]
    for left, right, row in _rows(found):
        words = rule_words(row, lang, dollars, latex_text)
        lhs = to_latex(left) if left is not None else ""
        # LaTeX wraps the words in a box beside the line (a page is narrower than a long list of
        # rules); Markdown's renderers (MathJax, KaTeX) know no \\parbox, only \\text
        box = f"\\text{{{words}}}" if markdown else f"\\parbox[t]{{5.2cm}}{{\\raggedright\\small {words}}}"
        rows.append(f"{lhs} &= {to_latex(right)}" + (f" && {box}" if words else ""))
    body = " \\\\\n".join(rows)
    if markdown:
        return f"$$\n\\begin{{aligned}}\n{body}\n\\end{{aligned}}\n$$"
    return f"\\begin{{align*}}\n{body}\n\\end{{align*}}"


def _grid(found: Implicit, how: Renderer, lang: str) -> str:
    equals = '<math xmlns="http://www.w3.org/1998/Math/MathML"><mo>=</mo></math>'
    lets = [
        f'<p class="let">{escape(word("let", lang))} {how.math(b.name)} = {how.math(b.value)}</p>'
        for b in found.lets
    ]
    cells = []
    for left, right, row in _rows(found):
        lhs = how.math(left) if left is not None else ""
        cells.append(
            f'<div class="line"><div class="lhs">{lhs}</div><div class="rhs">'
            f'<span class="piece">{equals}</span><span class="piece">{how.math(right)}</span></div>'
            f'<div class="rule">{rule_words(row, lang, how.math, how.escape)}</div></div>'
        )
    return "\n".join([*lets, '<div class="derivation">' + "".join(cells) + "</div>"])


def _page(found: Implicit, table: str, said: str, after: list[str], lang: str, *, page: bool = True) -> str:
    from stepcalc.html import STYLE
    from stepcalc.printing import to_unicode

    title = f"{escape(word('page_title', lang))} {escape(to_unicode(found.curve))}"
    css = "verdict refuted" if found.verified is False else "verdict"
    verdict_line = [f'<p class="{css}">{escape(f"[{said}]")}</p>'] if said else []
    points = [f'<p class="implicit">{line}</p>' for line in after]
    body = "\n".join([table, *verdict_line, *points])
    if not page:
        return f'<div class="stepcalc">\n{body}\n</div>\n'
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
        f'<div class="stepcalc">\n{body}\n</div>\n</body>\n</html>\n'
    )


# ---------------------------------------------------------------- the verdict and the point
def verdict(found: Implicit, lang: str) -> str:
    """``verified: 7 lines``; the refuted line, or the refuted cross-check, named; empty unchecked."""
    checked = [r.check for r in found.rows if r.check]
    if not found.checks:
        return ""
    if found.verified:
        count = len(checked)
        unit = word("line" if count == 1 else "lines", lang)
        return f"{word('verified', lang)}{text('join.label', lang)}{count} {unit}"
    numbers = [str(k + 1) for k, r in enumerate(r for r in found.rows if r.check) if r.check == REFUTED]
    if numbers:
        return word("refuted_lines", lang).format(joined("list", numbers, lang))
    if found.crosscheck == REFUTED or found.verified is False:
        formula = Equation((PRIME, Neg(Div(Sym("F_x"), Sym("F_y")))))
        return fill(word("implicit_refuted_check", lang), [to_text(formula)])
    return word("unknown", lang)


def point_lines(found: Implicit) -> list[tuple[str, tuple[Expr, ...]]]:
    """The lines after the rows, as (phrase key, mathematics): the curve at the point, the
    slope there (and y″), the tangent (``x = a``, vertical, where y′'s coefficient is 0)."""
    p = found.point
    if p is None:
        return []
    out: list[tuple[str, tuple[Expr, ...]]] = [("curve_point", (p.on_curve,))]
    if p.slope_line is None:
        return [*out, ("implicit_vertical", (p.tangent.simplified, found.coefficient))]
    out.append(("implicit_at", (p.a, p.b, p.slope_line)))
    if p.second is not None:
        out.append(("implicit_at", (p.a, p.b, p.second)))
    written, simplified = p.tangent.written.sides, p.tangent.simplified.sides
    chain = Equation((*written, simplified[1])) if written != simplified else p.tangent.simplified
    return [*out, ("tangent_line", (chain,))]


def implicit_dict(found: Implicit) -> dict[str, Any]:
    """JSON: the problem, the lines, ``dydx`` (``d2ydx2``), and at a point ``point``, ``slope``
    (``oo`` for a vertical tangent), ``tangent`` and ``second``; values in sympy's syntax."""
    from stepcalc.oracle import sympy_text

    def forms(e: Expr) -> dict[str, str]:
        if isinstance(e, Equation):
            left, right = e.sides[0], e.sides[-1]
            return {
                "text": to_text(e),
                "latex": to_latex(e),
                "sympy": f"Eq({sympy_text(left)}, {sympy_text(right)})",
            }
        return {"text": to_text(e), "latex": to_latex(e), "sympy": sympy_text(e)}

    lines = [
        {
            "text": to_text(r.equation),
            "latex": to_latex(r.equation),
            "rules": [r.key.removeprefix("implicit_")] if r.key else [rule.value for rule in r.rules],
            **({"check": r.check} if r.check else {}),
        }
        for r in found.rows
    ]
    out: dict[str, Any] = {
        "problem": {
            "kind": "implicit",
            "input": found.input,
            "equation": forms(found.curve),
            "order": found.order,
        },
        "lets": [{"name": to_text(b.name), "value": to_text(b.value)} for b in found.lets],
        "lines": lines,
        "dydx": forms(found.dydx),
    }
    if found.d2ydx2 is not None:
        out["d2ydx2"] = forms(found.d2ydx2)
    p = found.point
    if p is not None:
        out["point"] = {"x": sympy_text(p.a), "y": sympy_text(p.b)}
        out["slope"] = "oo" if p.slope is None else sympy_text(p.slope)
        out["tangent"] = forms(p.tangent.simplified)
        if p.second is not None:
            out["second"] = sympy_text(p.second.sides[-1])
    return {
        **out,
        "crosscheck": found.crosscheck or None,
        "verified": found.verified if found.checks else None,
    }
