"""Derivation → text, LaTeX, JSON.  Renderers walk lines and steps; they decide no math."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from stepcalc.expr import (
    Add,
    Deriv,
    Equation,
    Expr,
    Func,
    Mul,
    Neg,
    Num,
    Sym,
    Vector,
    free_symbols,
    is_matrix,
    map_bottom_up,
)
from stepcalc.latex_print import latex_text, to_latex
from stepcalc.phrases import fill, joined, no_rule, note_text, phrase, word
from stepcalc.printing import to_text, to_unicode
from stepcalc.steps import Binding, Line, RuleId, Section, Step

if TYPE_CHECKING:
    from stepcalc.derivation import Derivation

__all__ = [
    "derivation_dict",
    "derivation_json",
    "derivation_latex",
    "derivation_text",
    "heading",
    "lets",
    "named",
    "primed",
    "rule_formula",
    "rule_names",
    "start_of",
    "summary",
    "verdict",
]


def primed(e: Expr, d: Derivation | None = None) -> Expr:
    """Holes as a textbook writes them: with a prime, ``(e^x)'``, when there is one variable;
    as partial derivatives, ``∂/∂x (x^2 y)``, when there are several.  The chain rule's own
    derivatives already say which they are (du/dt = ∂u/∂x dx/dt + ∂u/∂y dy/dt)."""
    if d is not None and d.problem.kind == "chain":
        return e
    if d is not None and not _one_variable(d):
        return map_bottom_up(e, lambda n: Deriv(n.expr, n.var, partial=True) if isinstance(n, Deriv) else n)
    return map_bottom_up(e, lambda n: Deriv(n.expr, None) if isinstance(n, Deriv) else n)


def heading(section: Section, lang: str = "en", *, unicode: bool = True) -> str:
    """``∂/∂y (x held constant)`` or ``derivative of order 2``; empty when there is nothing to
    say.  The constants are in brackets: "∂/∂y, x held constant" read as ∂/∂y and x."""
    show = to_unicode if unicode else to_text
    if section.held is not None and isinstance(section.start, Deriv) and section.start.var is not None:
        held = joined("list", (show(v) for v in section.held), lang)
        constants = word("held_constant", lang).format(held) if held else ""
        return word("partial", lang).format(show(section.start.var)) + constants
    if section.order:
        return word("order", lang).format(section.order)
    return ""


def _one_variable(d: Derivation) -> bool:
    if d.problem.kind == "vector_gradient":
        return False
    return not d.problem.several_variables


# A closing line is named by its own rule; its substeps (the simplification units) are there
# for a reader who expands it (HTML, JSON), not for the rule column.
_CLOSING = {
    RuleId.SIMPLIFY,
    RuleId.MULTIPLY_NUM_DEN,
    RuleId.COMMON_DENOMINATOR,
    RuleId.CANCEL,
    RuleId.FACTOR_COMMON,
    RuleId.FACTOR,
    RuleId.EXPAND,
}


def _shown_rule_ids(line: Line) -> list[RuleId]:
    if line.steps and line.steps[0].rule in _CLOSING and line.steps[0].substeps:
        return [line.steps[0].rule]
    return [r for r in line.rules if r is not RuleId.FOLD_CONSTANTS or len(line.rules) == 1]


def rule_names(
    line: Line, d: Derivation, lang: str, math: Callable[[Expr], str], name: Callable[[RuleId, str], str]
) -> list[str]:
    """The names of the rules a line shows, each spelt by ``name`` (a phrase in the format);
    ``x' = 1`` is written as what it says on this line, ``∂y/∂y = 1``, when the variable is
    not x or the derivative is partial."""
    out = []
    for r in _shown_rule_ids(line):
        own = _identity(line, d) if r is RuleId.IDENTITY else None
        out.append(math(own) if own is not None else name(r, lang))
    return out


def _identity(line: Line, d: Derivation) -> Expr | None:
    for step in _all_steps(line.steps):
        hole = step.before
        if step.rule is RuleId.IDENTITY and isinstance(hole, Deriv) and hole.var is not None:
            if hole.var == Sym("x") and not d.problem.several_variables:
                return None  # the phrase says it: x' = 1
            return Equation((primed(Deriv(hole.var, hole.var), d), Num(1)))
    return None


def _all_steps(steps: Sequence[Step]) -> Iterator[Step]:
    for step in steps:
        yield step
        yield from _all_steps(step.substeps)


def _shown_rules(line: Line, d: Derivation, lang: str, show: Callable[[Expr], str]) -> str:
    return joined("list", rule_names(line, d, lang, show, phrase), lang)


def lets(d: Derivation, section: Section) -> tuple[Binding, ...]:
    """The ``let`` lines before a section: its bindings, and the chain rule's definitions
    the first time they appear."""
    k = d.sections.index(section)
    shown = () if k and d.sections[k - 1].definitions == section.definitions else section.definitions
    return (*shown, *section.bindings)


def start_of(d: Derivation, section: Section) -> Expr:
    if section.shown_start is not None:
        return section.shown_start
    return section.start if section.start is not None else d.problem.expr


def named(d: Derivation, section: Section, show: Callable[[Expr], str], *, latex: bool = False) -> str | None:
    """The derivative named as the problem named its function: ``y'``, ``y''``, ``f'(x)``,
    ``dy/dx``, ``∂z/∂x``; None when the problem named none (or for later mixed partials)."""
    name, k = d.problem.name, d.sections.index(section) + 1
    if name is None or not isinstance(section.start, Deriv):
        return None
    var = section.start.var
    if section.held is not None:
        symbol = name if isinstance(name, Sym) else Sym(name.name) if isinstance(name, Func) else None
        return show(Deriv(symbol, var, partial=True)) if k == 1 and symbol is not None and var else None
    if isinstance(name, Func):
        return show(Func(name.name + "'" * k, name.args))
    if not isinstance(name, Sym):
        return None
    if d.problem.leibniz and var is not None:
        if k == 1:
            return show(Deriv(name, var))
        top, bottom = (
            (f"d^{{{k}}}{show(name)}", f"d{show(var)}^{{{k}}}")
            if latex
            else (f"d^{k}{show(name)}", f"d{show(var)}^{k}")
        )
        return f"\\frac{{{top}}}{{{bottom}}}" if latex else f"{top}/{bottom}"
    return show(name) + "'" * k


DIM, GREEN, RED, RESET = "\x1b[2m", "\x1b[32m", "\x1b[31m", "\x1b[0m"


def derivation_text(d: Derivation, *, unicode: bool = False, lang: str = "en", color: bool = False) -> str:
    """Plain text, the ``=`` signs aligned; ``color`` dims the rule column and colours the verdict
    (ANSI; the CLI turns it on only for a terminal)."""

    def show(e: Expr) -> str:
        return to_unicode(e) if unicode else to_text(e, readable=True)

    def dim(text: str) -> str:
        return f"{DIM}{text}{RESET}" if color else text

    out: list[str] = []
    for section in d.sections:
        title = heading(section, lang, unicode=unicode)
        if title:
            out.append(f"[{title}]")
        for b in lets(d, section):
            out.append(f"{word('let', lang)} {show(b.name)} = {show(b.value)}")
        left = named(d, section, show) or show(primed(start_of(d, section), d))
        pad = " " * len(left)
        for i, line in enumerate(section.lines):
            lhs = left if i == 0 else pad
            body = f"{lhs} = {show(primed(line.expr, d))}"
            rules = joined("clause", (_shown_rules(line, d, lang, show), note_text(line.note, lang)), lang)
            out.append(f"{body}    {dim(f'[{rules}]')}" if rules else body)
            if _stopped(line):
                out.append(f"{pad}   {no_rule(line.steps[0].before, lang)}")
        if section.conditions:
            unequal = " ≠ 0" if unicode else " != 0"
            out.append(f"{pad}   ({', '.join(show(c) + unequal for c in section.conditions)})")
    out.extend(f"{name} = {show(value)}" for name, value in summary(d))
    if d.value is not None:
        out.append(d.value.text(unicode=unicode, lang=lang))
    if d.outcomes:
        said = verdict(d, lang)
        if color:
            said = f"{RED if d.verified is False else GREEN}{said}{RESET}"
        out.append(said)
    return "\n".join(out)


def _stopped(line: Line) -> bool:
    return bool(line.steps) and line.steps[0].rule is RuleId.UNKNOWN


_RESULT_NAMES = {"gradient": "∇f", "hessian": "H", "jacobian": "J"}


def _function_letter(d: Derivation) -> str:
    """The function's name for its differential: the problem's own (``w = x y z`` → dw), else
    z, u, w or f, the first that is not one of its variables (dz = … dz would say nothing)."""
    if isinstance(d.problem.name, Sym):
        return to_text(d.problem.name)
    taken = {v.name for v in d.problem.wrt} | {s.name for s in free_symbols(d.problem.expr)}
    return next((letter for letter in ("z", "u", "w", "f") if letter not in taken), "F")


def summary(d: Derivation) -> list[tuple[str, Expr]]:
    """The closing lines of a problem in several variables: ``∇f = [2x, 2y]``, ``dz = …``."""
    if d.result is None or d.unknown:
        return []
    if d.problem.kind == "differential":
        return [(f"d{_function_letter(d)}", d.result)]
    if d.problem.kind in _RESULT_NAMES:
        return [(_RESULT_NAMES[d.problem.kind], d.result)]
    if d.problem.kind == "vector_gradient" and len(d.sections) > 1:  # after the component-wise work
        return [("∇f", d.result)]
    if d.problem.kind == "directional" and d.direction is not None:
        return [("e_l", d.direction), ("∂f/∂l = ∇f · e_l", d.result)]
    return []


def verdict(d: Derivation, lang: str) -> str:
    flat = [o for section in d.outcomes for o in section]
    if d.verified:
        count = len(flat)
        unit = word("lines", lang) if count != 1 or lang != "en" else "line"
        return f"[{word('verified', lang)}{'：' if lang == 'zh' else ': '}{count} {unit}]"
    if d.verified is False:
        bad = [str(i + 1) for i, o in enumerate(flat) if o == "refuted"]
        return f"[{word('refuted_lines', lang).format(joined('list', bad, lang))}]"
    return f"[{word('unknown', lang)}]"


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
        if section.held is not None and isinstance(section.start, Deriv) and section.start.var is not None:
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
        if section.conditions:
            rows.append("& \\quad (" + ", ".join(f"{to_latex(c)} \\neq 0" for c in section.conditions) + ")")
    for name, value in summary(d):
        rows.append(f"{_LATEX_NAMES.get(name, name)} &= {to_latex(value)}")
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


# Formula phrases the input grammar does not read (primes of bare function names, ∇).
_LATEX_FORMULAS = {
    "σ' = σ(1 - σ)": "$\\sigma' = \\sigma(1 - \\sigma)$",
    "softplus' = σ": "$\\operatorname{softplus}' = \\sigma$",
    "gelu' = Φ + x φ (normal distribution and density)": "$\\operatorname{gelu}' = \\Phi + x\\,\\varphi$",
    "silu' = σ + x σ(1 - σ)": "$\\operatorname{silu}' = \\sigma + x\\,\\sigma(1 - \\sigma)$",
    "elu' = 1 (x > 0), α eˣ (x < 0)": "$\\operatorname{elu}' = 1$ ($x > 0$), $\\alpha e^{x}$ ($x < 0$)",
    "leaky_relu' = 1 (x > 0), a (x < 0)": "$\\operatorname{leaky\\_relu}' = 1$ ($x > 0$), $a$ ($x < 0$)",
    "softsign' = 1/(1 + |x|)²": "$\\operatorname{softsign}' = \\frac{1}{(1 + |x|)^{2}}$",
    "∇ₓ(Ax) = Aᵀ, ∇ₓ(xᵀA) = A": "$\\nabla_x(Ax) = A^{\\top}$, $\\nabla_x(x^{\\top}A) = A$",
    "∇ₓ(xᵀAx) = (A + Aᵀ)x": "$\\nabla_x(x^{\\top}Ax) = (A + A^{\\top})x$",
    "∇_X ‖X‖_F² = 2X": "$\\nabla_X \\lVert X\\rVert_F^2 = 2X$",
    "definition of σ": "definition of $\\sigma$",
}


@functools.lru_cache(maxsize=256)
def _latex_rule(rule: RuleId, lang: str) -> str:
    """A rule's name for the LaTeX tag column; a formula (``(e^x)' = e^x``) is typeset as maths."""
    name = phrase(rule, lang)
    if name in _LATEX_FORMULAS:
        return _LATEX_FORMULAS[name]
    formula = rule_formula(rule, lang)
    return f"${to_latex(formula)}$" if formula is not None else latex_text(name)


@functools.cache
def rule_formula(rule: RuleId, lang: str) -> Equation | None:
    """A rule whose name is a formula in the input grammar (``(e^x)' = e^x``, ``x' = 1``) as that
    equation, for the formats that typeset it; None for a name in words."""
    from stepcalc.errors import StepcalcError
    from stepcalc.parse import parse

    left, eq, right = phrase(rule, lang).partition(" = ")
    if not eq:
        return None
    try:
        return Equation((parse(left), parse(right)))
    except StepcalcError:
        return None


def _forms(e: Expr) -> dict[str, str]:
    from stepcalc.oracle import sympy_text

    return {"text": to_text(e), "latex": to_latex(e), "sympy": sympy_text(e)}


def _result_forms(e: Expr) -> dict[str, Any]:
    """A result's text, LaTeX and sympy; a vector also lists its components, a matrix its rows."""
    out: dict[str, Any] = _forms(e)
    if is_matrix(e):
        out["rows"] = [[_forms(x) for x in row.items] for row in e.items]  # type: ignore[attr-defined]
    elif isinstance(e, Vector):
        out["components"] = [_forms(x) for x in e.items]
    return out


def derivation_dict(d: Derivation) -> dict[str, Any]:

    p = d.problem
    lines: list[dict[str, Any]] = []
    for k, section in enumerate(d.sections):
        for i, line in enumerate(section.lines):
            shown = primed(line.expr, d)
            entry: dict[str, Any] = {
                "text": to_text(shown),
                "latex": to_latex(shown),
                "rules": [r.value for r in line.rules],
            }
            if line.note:
                entry["note"] = line.note
            if d.outcomes and k < len(d.outcomes) and i < len(d.outcomes[k]):
                entry["check"] = d.outcomes[k][i]
            lines.append(entry)
    out: dict[str, Any] = {
        "problem": {
            "kind": p.kind,
            "input": p.input,
            "expr": to_text(p.expr),
            "wrt": [v.name for v in p.wrt[: len(p.wrt) // p.order]],  # once, not once per order
            "order": p.order,
            **({"name": to_text(p.name)} if p.name is not None else {}),
        },
        "lines": lines,
        "sections": [
            {
                "heading": heading(section),
                "start": to_text(primed(start_of(d, section), d)),
                "lines": len(section.lines),
            }
            for section in d.sections
        ],
        "result": _result_forms(d.result) if d.result is not None else None,
        "alternate_forms": [{"form": kind, **_forms(e)} for kind, e in d.alternate_forms],
        "verified": d.verified,
        "conditions": [f"{to_text(c)} != 0" for s in d.sections for c in s.conditions],
    }
    if d.unknown:
        out["error"] = d.unknown
    if d.value is not None:
        out["value"] = d.value.as_dict()
    return out


def derivation_markdown(d: Derivation, *, lang: str = "en") -> str:
    """A ``$$`` display block holding the ``aligned`` derivation (what Markdown hosts render:
    GitHub and GitLab take ``aligned`` inside ``$$``, not ``align*``)."""
    body = derivation_latex(d, lang=lang)
    body = body.replace("\\begin{align*}", "\\begin{aligned}").replace("\\end{align*}", "\\end{aligned}")
    return "$$\n" + body + "\n$$\n"


def derivation_json(d: Derivation, *, indent: int | None = 2) -> str:
    return json.dumps(derivation_dict(d), ensure_ascii=False, indent=indent)
