"""Derivation → a self-contained HTML page whose mathematics is MathML from the AST.

No JavaScript and nothing fetched: the page renders offline in current browsers and is read
by screen readers (each ``<math>`` carries an ``alttext`` in plain text).  Each line shows
the rule names beside it; a line made of several rule applications has a native
``<details>`` listing them, one per row.
"""

from __future__ import annotations

import functools
from html import escape
from typing import TYPE_CHECKING

from stepcalc.expr import Expr
from stepcalc.mathml import to_mathml
from stepcalc.phrases import joined, no_rule, note_text, phrase, word
from stepcalc.printing import to_text, to_unicode
from stepcalc.steps import Line, RuleId, Step

if TYPE_CHECKING:
    from stepcalc.derivation import Derivation

__all__ = ["derivation_html", "derivation_html_fragment"]

_STYLE = """
body { font-family: system-ui, "Noto Sans", "Noto Sans CJK SC", sans-serif; margin: 2rem auto;
       max-width: 60rem; padding: 0 1rem; color: #1b1b1b; line-height: 1.5; }
h1 { font-size: 1.3rem; font-weight: 600; }
h2 { font-size: 1.05rem; font-weight: 600; margin: 1.4rem 0 .4rem; }
table.derivation { border-collapse: collapse; margin: .3rem 0 .8rem; }
table.derivation td { padding: .35rem .5rem; vertical-align: middle; }
td.lhs { text-align: right; } td.eq { text-align: center; }
td.rule { color: #5f6368; font-size: .9rem; padding-left: 1.5rem; }
details { margin-top: .2rem; } details summary { cursor: pointer; }
details ol { margin: .3rem 0 0 1rem; padding-left: 1rem; }
p.let, p.summary, p.value { margin: .3rem 0; }
p.verdict { color: #137333; font-size: .9rem; } p.verdict.refuted { color: #a50e0e; }
math { font-size: 1.1em; }
"""


@functools.lru_cache(maxsize=4096)
def _math(e: Expr, large: bool = False) -> str:
    """``<math>`` with a plain-text ``alttext`` (memoised: a derivation repeats its pieces)."""
    return to_mathml(e, large=large, alttext=to_unicode(e))


def _rules_cell(line: Line, d: Derivation, lang: str) -> str:
    from stepcalc.render import rule_names

    names = joined("list", rule_names(line, d, lang, _math, lambda r, lang: escape(phrase(r, lang))), lang)
    text = joined("clause", (names, note_text(line.note, lang, _math, escape)), lang)
    steps = [s for s in line.steps if s.rule is not RuleId.FOLD_CONSTANTS]
    if len(steps) <= 1 and not any(s.substeps for s in steps):
        return text
    label = "步骤" if lang == "zh" else "steps"
    if _more_steps_than(steps, MAX_DETAILED_STEPS):  # each step shows whole expressions
        return text
    items = "".join(_step_item(s, lang) for s in steps)
    return f"{text}<details><summary>{label} ({len(steps)})</summary><ol>{items}</ol></details>"


MAX_DETAILED_STEPS = 60
"""A line with more steps (substeps included) than this lists only its rule names: each step
shows its before and after in full, so ``-(-(…(-x)…))`` 1,500 deep took minutes as HTML."""


def _more_steps_than(steps: list[Step], limit: int) -> bool:
    count, stack = 0, list(steps)
    while stack:
        count += 1
        if count > limit:
            return True
        stack.extend(stack.pop().substeps)
    return False


def _step_item(step: Step, lang: str) -> str:
    from stepcalc.render import primed

    inner = "".join(_step_item(s, lang) for s in step.substeps)
    nested = f"<ol>{inner}</ol>" if inner else ""
    before, after = primed(step.before), primed(step.after)
    rule = escape(phrase(step.rule, lang))
    return f"<li>{_math(before)} = {_math(after)} <span class='rule'>({rule})</span>{nested}</li>"


def derivation_html_fragment(d: Derivation, *, lang: str = "en") -> str:
    """The derivation as an HTML fragment (for a notebook, or inside a page)."""
    from stepcalc.render import _lets, _start, heading, primed, summary

    out: list[str] = ['<div class="stepcalc">']
    for section in d.sections:
        title = heading(section, lang)
        if title:
            out.append(f"<h2>{escape(title)}</h2>")
        for b in _lets(d, section):
            out.append(f'<p class="let">{escape(word("let", lang))} {_math(b.name)} = {_math(b.value)}</p>')
        left = _math(primed(_start(d, section), d), large=True)
        rows = []
        for i, line in enumerate(section.lines):
            lhs = left if i == 0 else ""
            rows.append(
                f'<tr><td class="lhs">{lhs}</td><td class="eq">=</td>'
                f"<td>{_math(primed(line.expr, d), large=True)}</td>"
                f"<td class='rule'>{_rules_cell(line, d, lang)}</td></tr>"
            )
            if line.steps and line.steps[0].rule is RuleId.UNKNOWN:
                why = escape(no_rule(line.steps[0].before, lang))
                rows.append(f'<tr><td></td><td></td><td colspan="2">{why}</td></tr>')
        out.append('<table class="derivation">' + "".join(rows) + "</table>")
        if section.conditions:
            conds = ", ".join(f"{_math(c)} ≠ 0" for c in section.conditions)
            out.append(f'<p class="summary">({conds})</p>')
    for name, value in summary(d):
        out.append(f'<p class="summary">{escape(name)} = {_math(value)}</p>')
    if d.value is not None:
        from stepcalc.evaluate import Typesetting

        out.append(f'<p class="value">{d.value.typeset(Typesetting(_math, escape=escape), lang)}</p>')
    if d.outcomes:
        from stepcalc.render import _verdict

        css = "verdict refuted" if d.verified is False else "verdict"
        out.append(f'<p class="{css}">{escape(_verdict(d, lang))}</p>')
    out.append("</div>")
    return "\n".join(out)


def derivation_html(d: Derivation, *, lang: str = "en", title: str | None = None) -> str:
    """A whole page: ``<!doctype html>``, ``lang``, inline style, no scripts."""
    heading = title or (f"{to_text(d.problem.expr)}")
    label = "求导" if lang == "zh" else "Derivative of"
    return (
        "<!doctype html>\n"
        f'<html lang="{"zh" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(label)} {escape(heading)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{escape(label)} {_math(d.problem.expr)}</h1>\n"
        f"{derivation_html_fragment(d, lang=lang)}\n</body>\n</html>\n"
    )
