"""A worked solution in LaTeX: an ``align*`` block (or Markdown's ``aligned`` in ``$$``),
the rule named in a column or a ``\\tag*``, a line that does not fit broken before a term or
inside the bracket that ends a long product, and the ``--at`` value typeset."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from stepcalc.expr import Add, Deriv, Expr, Mul, Neg, Num, Sym
from stepcalc.latex_print import latex_text, to_latex
from stepcalc.phrases import fill, joined, note_text, phrase, word
from stepcalc.render import heading, lets, named, primed, rule_names, start_of, summary
from stepcalc.steps import RuleId

if TYPE_CHECKING:
    from stepcalc.derivation import Derivation

__all__ = ["derivation_latex", "derivation_markdown", "tag_box", "value_latex"]


def derivation_latex(
    d: Derivation, *, lang: str = "en", rules: bool = True, width: int = 60, tags: bool = False
) -> str:
    """An ``align*`` block: ``&=`` aligned, the rule named in a right-hand ``\\text{}`` column
    (``rules=False`` leaves it out).  A line whose mathematics is wider than ``width``
    characters as typeset breaks before a top-level ``+``/``-``, continuing under the ``=``.
    ``tags=True`` names the rules with ``\\tag*{}`` instead (amsmath sets a tag that does not
    fit on the line below it, so a page never overflows; used by standalone documents)."""

    rows: list[str] = []
    for section in d.sections:
        notes: list[str] = []
        if section.held and isinstance(section.start, Deriv) and section.start.var is not None:
            var = f"${to_latex(section.start.var)}$"
            held = joined("list", (f"${to_latex(v)}$" for v in section.held), lang)
            words = fill(word("partial_words", lang), [var], latex_text)
            if held:
                words += fill(word("held_constant", lang), [held], latex_text)
            notes.append(f"\\text{{{words}}}")
        elif section.order:
            notes.append(f"\\text{{{latex_text(heading(section, lang))}}}")
        notes.extend(
            f"\\text{{{word('let', lang)} }}{to_latex(b.name)} = {to_latex(b.value)}"
            for b in lets(d, section)
        )
        rows.extend(f"& {note}" for note in notes)
        left = named(d, section, to_latex, latex=True) or to_latex(primed(start_of(d, section), d))
        for i, line in enumerate(section.lines):
            tag = joined("list", rule_names(line, d, lang, lambda e: f"${to_latex(e)}$", _latex_rule), lang)
            if note_text(line.note, lang):
                note = note_text(line.note, lang, lambda e: f"${to_latex(e)}$", latex_text)
                tag = joined("clause", (tag, note), lang)
            shown = f" \\tag*{{{_tag_box(tag)}}}" if tags else f" && \\text{{{tag}}}"
            tag = shown if tag and rules else ""
            pieces = _latex_pieces(primed(line.expr, d), width)
            first = left if i == 0 else ""
            if i == 0 and _shown(left) > width * 2 // 3:
                # a long problem on a row of its own, the = rows under it from the margin:
                # aligned after it, every row would start half way across the page
                rows.append(f"\\rlap{{$\\displaystyle {left}$}}")
                first = "\\qquad"
            # the rule on the last row of a broken line: amsmath sets a tag that does not fit
            # below its row, which put it between a line and its continuation
            broken = [f"{first} &= {pieces[0]}", *(f"&\\quad {piece}" for piece in pieces[1:])]
            broken[-1] += tag
            rows.extend(broken)
        if section.domain is not None:
            rows.append(f"& \\quad ({to_latex(section.domain[0])} \\geq {to_latex(section.domain[1])})")
        if section.conditions:
            rows.append("& \\quad (" + ", ".join(f"{to_latex(c)} \\neq 0" for c in section.conditions) + ")")
    for name, value in summary(d):
        shown = _LATEX_NAMES.get(name, name.replace("Δ", "\\Delta ").replace("∇", "\\nabla "))
        rows.append(f"{shown} &= {to_latex(value)}")
    if d.value is not None:
        rows.append(f"& {value_latex(d.value, lang)}")
    return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}"


def value_latex(value: Any, lang: str) -> str:
    """An ``--at`` value (a stepcalc.evaluate.Evaluation) in LaTeX's math mode: words in ``\\text{}``."""
    from stepcalc.evaluate import Typesetting

    how = Typesetting(
        to_latex,
        inline_math=lambda e: f"${to_latex(e)}$",
        escape=latex_text,
        wrap=lambda s: f"\\text{{{s}}}",
        approx=" \\approx ",
    )
    return str(value.typeset(how, lang))


TAG_WIDTH = 60  # characters of a tag's LaTeX beyond which it wraps in a box


def tag_box(tag: str) -> str:
    """A rule's name for ``\\tag*{}``, wrapped when long (see ``_tag_box``): what other worked
    solutions (stepcalc.tasks.definition_render) name their lines with."""
    return _tag_box(tag)


def _tag_box(tag: str) -> str:
    """A rule tag for ``\\tag*``: small, and wrapped flush right in a box of 60% of the line when
    it is long (amsmath moves a tag that does not fit below its line, but never breaks it: a
    list of seven rule names ran off the page)."""
    if len(tag) <= TAG_WIDTH:
        return f"\\small {tag}"
    return f"\\parbox[t]{{0.6\\linewidth}}{{\\raggedleft\\small {tag}}}"


def _latex_pieces(e: Expr, width: int) -> list[str]:
    """The LaTeX of ``e`` in pieces of about ``width`` characters, cut before top-level terms, or
    before the terms of the bracket that ends a long product (``f·(a + b + c)``, ``f·(a + b)'``:
    what logarithmic differentiation writes), the bracket opened and closed with ``\\Bigl(``,
    ``\\Bigr)`` across the lines."""

    whole = to_latex(e)
    if _shown(whole) <= width:
        return [whole]
    if isinstance(e, Add):
        return _term_pieces(e, width)
    split = _closing_bracket(e)
    if split is None:
        return [whole]
    head, inner, prime = split
    if not isinstance(inner, Add):  # f·(ln f)': the product before its last factor, then that
        return [head, to_latex(inner)]
    body = _term_pieces(inner, width)
    close = "\\Bigr)" + ("'" if prime else "")
    if len(body) == 1:
        return [head, f"\\Bigl( {body[0]} {close}"]
    return [head, f"\\Bigl( {body[0]}", *body[1:-1], f"{body[-1]} {close}"]


def _closing_bracket(e: Expr) -> tuple[str, Expr, bool] | None:
    """A product as the LaTeX of what stands before its last factor, that factor (the sum inside
    it when it is a sum or a sum's derivative) and whether it is primed; None for no product."""

    negative = isinstance(e, Neg)
    body = e.arg if isinstance(e, Neg) else e
    if not (isinstance(body, Mul) and len(body.factors) > 1):
        return None
    last = body.factors[-1]
    prime = isinstance(last, Deriv) and last.var is None and isinstance(last.expr, Add)
    inner = last.expr if prime and isinstance(last, Deriv) else last
    marker = Sym("QZQ")
    head = to_latex(Mul((*body.factors[:-1], marker)))
    if not head.endswith("QZQ"):
        return None
    head = head[: -len("QZQ")].rstrip()
    return ("-" if negative else "") + head, inner, prime


def _term_pieces(e: Add, width: int) -> list[str]:

    pieces: list[str] = []
    current, shown = "", 0
    for k, term in enumerate(e.terms):
        if k == 0:
            text = to_latex(term)
        elif isinstance(term, Neg):
            text = "- " + to_latex(Add((Num(0), term))).split(" - ", 1)[1]
        else:
            text = "+ " + to_latex(Add((Num(0), term))).split(" + ", 1)[1]
        size = _shown(text) + 1
        if current and shown + size > width:
            pieces.append(current)
            current, shown = text, size
        else:
            current, shown = f"{current} {text}".strip(), shown + size
    pieces.append(current)
    return pieces


_COMMAND = re.compile(r"\\(left|right|[Bb]igl|[Bb]igr|[a-zA-Z]+|.)")
_MARKS = re.compile(r"[{}^_]")
_SHORT_COMMANDS = frozenset(("left", "right", "Bigl", "Bigr", "bigl", "bigr", ",", ";", "!", " "))


def _shown(latex: str) -> int:
    """About how many characters wide this LaTeX is typeset: ``\\frac{\\partial}{\\partial x}
    \\left(x^{2}\\right)`` is ∂/∂x (x²), 8 or so, not 47.  A command counts as one glyph, or its
    name for a function (``\\sin``); braces, scripts' marks and sizing commands count nothing."""

    def glyphs(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in _SHORT_COMMANDS:
            return ""
        return name if name in _FUNCTION_COMMANDS else "x"

    return len(_MARKS.sub("", _COMMAND.sub(glyphs, latex)))


_FUNCTION_COMMANDS = frozenset(
    ("sin", "cos", "tan", "cot", "sec", "csc", "ln", "log", "exp", "arcsin", "arccos", "arctan",
     "sinh", "cosh", "tanh", "operatorname")
)  # fmt: skip


_LATEX_NAMES = {
    "∇f": "\\nabla f",
    "e_l": "e_l",
    "∂f/∂l = ∇f · e_l": "\\frac{\\partial f}{\\partial l} = \\nabla f \\cdot e_l",
}


@functools.lru_cache(maxsize=256)
def _latex_rule(rule: RuleId, lang: str) -> str:
    """A rule's name for the LaTeX tag column: its words in text mode, its formulas typeset."""
    return phrase(rule, lang, lambda e: f"${to_latex(e)}$", latex_text)


def derivation_markdown(d: Derivation, *, lang: str = "en") -> str:
    """A ``$$`` display block holding the ``aligned`` derivation (what Markdown hosts render:
    GitHub and GitLab take ``aligned`` inside ``$$``, not ``align*``)."""
    body = derivation_latex(d, lang=lang)
    body = body.replace("\\begin{align*}", "\\begin{aligned}").replace("\\end{align*}", "\\end{aligned}")
    return "$$\n" + body + "\n$$\n"
