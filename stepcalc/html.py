"""Derivation → a self-contained HTML page whose mathematics is MathML from the AST.

No JavaScript and nothing fetched: the page renders offline in current browsers and is read
by screen readers (each ``<math>`` carries an ``alttext`` in plain text).  Each line shows
the rule names beside it; a line made of several rule applications has a native
``<details>`` listing them, one per row.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from stepcalc.expr import Add, Deriv, Expr, Func, Limit, Mul, Neg
from stepcalc.mathml import to_mathml
from stepcalc.notation import needs_visible_times, power_prefix, starts_with_function
from stepcalc.phrases import joined, no_rule, note_text, phrase, word
from stepcalc.printing import to_text, to_unicode
from stepcalc.steps import Line, RuleId, Step

if TYPE_CHECKING:
    from stepcalc.derivation import Derivation

__all__ = ["STYLE", "clear_caches", "derivation_html", "derivation_html_fragment"]

STYLE = """
body { font-family: system-ui, "Noto Sans", "Noto Sans CJK SC", sans-serif; margin: 2rem auto;
       max-width: 60rem; padding: 0 1rem; color: #1b1b1b; line-height: 1.5; overflow-wrap: anywhere; }
h1 { font-size: 1.3rem; font-weight: 600; }
h2 { font-size: 1.05rem; font-weight: 600; margin: 1.4rem 0 .4rem; }
math { font-size: 1.1em; }
.problem { margin: .3rem 0 0; }
.derivation { display: grid; grid-template-columns: max-content minmax(0, 1fr) minmax(8em, 18em);
              column-gap: .6rem; row-gap: .55rem; align-items: baseline; margin: .4rem 0 .9rem; }
.line { display: contents; }
.lhs { text-align: right; }
.rhs { display: flex; flex-wrap: wrap; align-items: baseline; column-gap: .2em; row-gap: .3rem;
       min-width: 0; }
.rhs .piece { white-space: nowrap; }
.wrap { display: inline-flex; flex-wrap: wrap; align-items: baseline; column-gap: .2em; max-width: 100%; }
.rule { color: #5f6368; font-size: .9rem; min-width: 8em; }
.stopped { grid-column: 2 / -1; }
details { margin-top: .2rem; } details summary { cursor: pointer; }
details ol { margin: .3rem 0 0 1rem; padding-left: 1rem; }
p.let, p.summary, p.value { margin: .3rem 0; }
p.verdict { color: #137333; font-size: .9rem; } p.verdict.refuted { color: #a50e0e; }
table.sign-chart { border-collapse: collapse; margin: .4rem 0 .9rem; display: block; overflow-x: auto; }
.sign-chart th, .sign-chart td { border: 1px solid #c4c7c5; padding: .2rem .55rem; text-align: center;
                                 white-space: nowrap; font-weight: normal; }
.sign-chart tbody th { text-align: left; background: #f6f8fa; }
@media (max-width: 40rem) {
  body { margin: 1rem auto; }
  .derivation { grid-template-columns: minmax(0, 1fr); row-gap: .15rem; }
  .lhs { text-align: left; } .lhs:empty { display: none; }
  .rule { padding: 0 0 .5rem 1.2rem; }
  .stopped { grid-column: 1; }
}
@media print {
  body { max-width: none; margin: 0; color: #000; }
  .rule, p.verdict { color: #333; }
  details { display: none; }
  .line, .derivation { break-inside: avoid; }
}
"""


@functools.lru_cache(maxsize=4096)
def _math(e: Expr, large: bool = False) -> str:
    """``<math>`` with a plain-text ``alttext`` (memoised: a derivation repeats its pieces)."""
    return to_mathml(e, large=large, alttext=_unicode(e))


@functools.lru_cache(maxsize=4096)
def _unicode(e: Expr) -> str:
    """The Unicode text of ``e``: the ``alttext`` of its MathML, and what its width is measured
    by when a line is cut (so each is printed once)."""
    return to_unicode(e)


def clear_caches() -> None:
    """Forget the memoised MathML (a benchmark of a first render)."""
    for memo in (_math, _piece, _width, _unicode):
        memo.cache_clear()


def _rules_cell(line: Line, d: Derivation, lang: str) -> str:
    from stepcalc.render import rule_names

    names = joined("list", rule_names(line, d, lang, _math, _rule_name), lang)
    text = joined("clause", (names, note_text(line.note, lang, _math, escape)), lang)
    steps = [s for s in line.steps if s.rule is not RuleId.FOLD_CONSTANTS]
    if len(steps) <= 1 and not any(s.substeps for s in steps):
        return text
    label = word("steps", lang)
    if _more_steps_than(steps, MAX_DETAILED_STEPS):  # each step shows whole expressions
        return text
    items = "".join(_step_item(s, lang) for s in steps)
    return f"{text}<details><summary>{label} ({len(steps)})</summary><ol>{items}</ol></details>"


def _rule_name(rule: RuleId, lang: str) -> str:
    """A rule's name: its words escaped, its formulas (``(eˣ)′ = eˣ``) as MathML."""
    return phrase(rule, lang, _math, escape)


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

    while len(step.substeps) == 1 and (step.substeps[0].before, step.substeps[0].after) == (
        step.before,
        step.after,
    ):
        step = step.substeps[0]  # "simplify" made of one "arithmetic" on the same expressions: say it once
    inner = "".join(_step_item(s, lang) for s in step.substeps)
    nested = f"<ol>{inner}</ol>" if inner else ""
    before, after = primed(step.before), primed(step.after)
    rule = _rule_name(step.rule, lang)
    return f"<li>{_math(before)} = {_math(after)} <span class='rule'>({rule})</span>{nested}</li>"


def derivation_html_fragment(d: Derivation, *, lang: str = "en") -> str:
    """The derivation as an HTML fragment (for a notebook, or inside a page)."""
    from stepcalc.render import heading, lets, primed, start_of, summary

    out: list[str] = ['<div class="stepcalc">']
    for section in d.sections:
        title = heading(section, lang)
        if title:
            out.append(f"<h2>{escape(title)}</h2>")
        for b in lets(d, section):
            out.append(f'<p class="let">{escape(word("let", lang))} {_math(b.name)} = {_math(b.value)}</p>')
        start = primed(start_of(d, section), d)
        left = _math(start, large=True)
        if _width(start) > PIECE:  # a long problem on a line of its own
            out.append(f'<p class="problem">{_wrapping(start)}</p>')
            left = ""
        rows = []
        for i, line in enumerate(section.lines):
            pieces = "".join(f'<span class="piece">{p}</span>' for p in _line_pieces(primed(line.expr, d)))
            rows.append(
                f'<div class="line"><div class="lhs">{left if i == 0 else ""}</div>'
                f'<div class="rhs"><span class="piece">{_EQUALS}</span>{pieces}</div>'
                f'<div class="rule">{_rules_cell(line, d, lang)}</div></div>'
            )
            if line.steps and line.steps[0].rule is RuleId.UNKNOWN:
                why = escape(no_rule(line.steps[0].before, lang))
                rows.append(f'<div class="line"><div class="stopped">{why}</div></div>')
        out.append('<div class="derivation">' + "".join(rows) + "</div>")
        if section.domain is not None:
            var, bound = section.domain
            out.append(f'<p class="summary">({_math(var)} ≥ {_math(bound)})</p>')
        if section.conditions:
            conds = ", ".join(f"{_math(c)} ≠ 0" for c in section.conditions)
            out.append(f'<p class="summary">({conds})</p>')
    for name, value in summary(d):
        out.append(f'<p class="summary">{escape(name)} = {_math(value)}</p>')
    if d.value is not None:
        from stepcalc.evaluate import Typesetting

        out.append(f'<p class="value">{d.value.typeset(Typesetting(_math, escape=escape), lang)}</p>')
    if d.outcomes:
        from stepcalc.render import verdict

        css = "verdict refuted" if d.verified is False else "verdict"
        out.append(f'<p class="{css}">{escape(verdict(d, lang))}</p>')
    out.append("</div>")
    return "\n".join(out)


_EQUALS = '<math xmlns="http://www.w3.org/1998/Math/MathML" displaystyle="true"><mo>=</mo></math>'
PIECE = 28
"""Characters of Unicode text beyond which a line's mathematics is cut into pieces that wrap
(MathML in Chromium never breaks a line): about what a 360 px screen holds."""


def _wrapping(e: Expr) -> str:
    """``e`` as pieces in a box that wraps them (a heading, a long problem)."""
    return '<span class="wrap">' + "".join(_line_pieces(e)) + "</span>"


def _line_pieces(e: Expr) -> list[str]:
    """``e`` as ``<math>`` pieces that may wrap onto the next line: cut before its top-level
    terms, between the factors of a long product and inside a long bracket, each piece carrying
    its sign or bracket (``+ 2x``, ``(3x²``, ``)′``)."""
    return [_piece(before, part, after) for before, part, after in _cut(e)]


@functools.lru_cache(maxsize=4096)
def _piece(before: str, part: Expr, after: str) -> str:
    if not before and not after:
        return _math(part, large=True)
    alt = " ".join(x for x in (before, _unicode(part), after) if x)
    return to_mathml(part, large=True, before=before, after=after, alttext=alt)


Cut = tuple[str, Expr, str]
"""A piece: the operators before it, its expression and the operators after it."""


CUT_DEPTH = 6
"""How deep into brackets a line is cut (each level prints its parts again to measure them)."""


def _cut(e: Expr, depth: int = 0) -> list[Cut]:
    if depth > CUT_DEPTH or _width(e) <= PIECE:
        return [("", e, "")]
    if isinstance(e, Add):
        cuts: list[Cut] = []
        for group in _groups(e.terms):
            head = group[0]
            sign = ("−" if isinstance(head, Neg) else "+") if cuts else ""
            if cuts and isinstance(head, Neg):
                group = [head.arg, *group[1:]]
            part = group[0] if len(group) == 1 else Add(tuple(group))
            if len(group) == 1 and isinstance(part, Add):  # a bracketed sum, (a + b) − (c + d): kept
                cuts += _wrap(_cut(part, depth + 1), f"{sign} (".strip(), ")")
                continue
            cuts += _wrap(_cut(part, depth + 1) if len(group) == 1 else [("", part, "")], sign, "")
        return cuts
    if isinstance(e, Neg):
        inner = e.arg
        return (
            _wrap(_cut(inner, depth + 1), "− (", ")")
            if isinstance(inner, Add | Neg)
            else _wrap(_cut(inner, depth + 1), "−", "")
        )
    if isinstance(e, Deriv) and e.var is None:  # (…)′ of a long sum or product
        return _wrap(_cut(e.expr, depth + 1), "(", ") ′")
    if isinstance(e, Func) and len(e.args) == 1 and e.name not in ("abs", "sqrt", "cbrt"):
        return _wrap(_cut(e.args[0], depth + 1), f"{e.name} (", ")")  # ln( … ) of a long product
    if isinstance(e, Mul) and len(e.factors) > 1:
        cuts = []
        groups = _groups(e.factors, keep=_runs_on)
        for k, group in enumerate(groups):
            sign = "·" if k and needs_visible_times(groups[k - 1][-1], group[0], stacked=True) else ""
            f = group[0]
            if len(group) > 1:
                cuts.append((sign, Mul(tuple(group)), ""))
            elif isinstance(f, Add | Neg | Mul) and _width(f) <= PIECE:
                cuts.append((f"{sign} (", f, ")"))  # bracketed in the product
            elif _width(f) <= PIECE:
                cuts.append((sign, f, ""))
            elif isinstance(f, Add | Neg | Mul):
                cuts += _wrap(_cut(f, depth + 1), f"{sign} (", ")")
            else:
                cuts += _wrap(_cut(f, depth + 1), sign, "")
        return cuts
    return [("", e, "")]


@functools.lru_cache(maxsize=4096)
def _width(e: Expr) -> int:
    """About how many characters wide ``e`` is typeset (its Unicode text)."""
    return len(_unicode(e))


def _runs_on(before: Expr, after: Expr) -> bool:
    """A bare argument (``sin x``) runs on into a next factor that is not a function: the two
    stay in one piece, where the printer brackets the argument."""
    return (isinstance(before, Func) or power_prefix(before)) and not starts_with_function(after)


def _groups(items: tuple[Expr, ...], keep: Callable[[Expr, Expr], bool] | None = None) -> list[list[Expr]]:
    """Consecutive terms or factors together while they fit in a piece (and where ``keep``
    says two must stay together)."""
    groups: list[list[Expr]] = []
    size = 0
    for item in items:
        width = _width(item) + 3
        if groups and (size + width <= PIECE or (keep is not None and keep(groups[-1][-1], item))):
            groups[-1].append(item)
            size += width
        else:
            groups.append([item])
            size = width
    return groups


def _wrap(cuts: list[Cut], before: str, after: str) -> list[Cut]:
    """``before`` put on the first piece and ``after`` on the last."""
    b, first, a = cuts[0]
    cuts[0] = (f"{before} {b}".strip(), first, a)
    b, last, a = cuts[-1]
    cuts[-1] = (b, last, f"{a} {after}".strip())
    return cuts


def derivation_html(
    d: Derivation, *, lang: str = "en", title: str | None = None, label: str | None = None
) -> str:
    """A whole page: ``<!doctype html>``, ``lang``, inline style, no scripts.  ``label``: the
    words before the problem in the title, for a task whose page holds a derivation (the
    critical points of f, not its derivative)."""
    heading = title or (f"{to_text(d.problem.expr)}")
    titles = {"integral": "page_title_integral", "limit": "page_title_limit"}
    label = label or word(titles.get(d.problem.kind, "page_title"), lang)
    shown: Expr = d.problem.expr
    start = d.sections[0].start if d.sections else None
    if d.problem.kind == "limit" and isinstance(start, Limit):
        shown = start  # the point belongs in the title: lim_{x→0} sin x/x, not sin x/x alone
        heading = title or to_text(start)
    return (
        "<!doctype html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(label)} {escape(heading)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{escape(label)} {_wrapping(shown)}</h1>\n"
        f"{derivation_html_fragment(d, lang=lang)}\n</body>\n</html>\n"
    )
