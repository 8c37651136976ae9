"""Derivation → text and JSON, and what every format shares: primes, headings, the rule names
of a line, the closing lines.  LaTeX and Markdown are in stepcalc.render_latex.  Renderers
walk lines and steps; they decide no math."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from stepcalc.expr import (
    Deriv,
    Equation,
    Expr,
    Func,
    Limit,
    Num,
    Sym,
    Vector,
    free_symbols,
    is_matrix,
    map_bottom_up,
    walk,
)
from stepcalc.latex_print import to_latex
from stepcalc.phrases import joined, no_rule, note_text, phrase, text, word
from stepcalc.printing import to_text, to_unicode
from stepcalc.steps import Binding, Line, RuleId, Section, Step

if TYPE_CHECKING:
    from stepcalc.derivation import Derivation

__all__ = [
    "derivation_dict",
    "derivation_json",
    "derivation_text",
    "heading",
    "lets",
    "named",
    "primed",
    "rule_names",
    "start_of",
    "summary",
    "verdict",
]


def primed(e: Expr, d: Derivation | None = None) -> Expr:
    """Holes as a textbook writes them: with a prime, ``(e^x)'``, when there is one variable;
    as partial derivatives, ``∂/∂x (x^2 y)``, when there are several.  The chain rule's own
    derivatives already say which they are (du/dt = ∂u/∂x dx/dt + ∂u/∂y dy/dt)."""
    if (d is not None and d.problem.kind == "chain") or not any(isinstance(n, Deriv) for n in walk(e)):
        return e  # most lines hold no hole: a walk is a tenth of a rebuild
    if d is not None and not _one_variable(d):
        return map_bottom_up(e, lambda n: Deriv(n.expr, n.var, partial=True) if isinstance(n, Deriv) else n)
    return map_bottom_up(e, lambda n: Deriv(n.expr, None) if isinstance(n, Deriv) else n)


def heading(section: Section, lang: str = "en", *, unicode: bool = True) -> str:
    """``∂/∂y (x held constant)`` or ``derivative of order 2``; empty when there is nothing to
    say.  The constants are in brackets: "∂/∂y, x held constant" read as ∂/∂y and x."""
    show = to_unicode if unicode else to_text
    if section.held and isinstance(section.start, Deriv) and section.start.var is not None:
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
    if line.steps and line.steps[0].rule is RuleId.PARTS_CYCLIC:  # its two parts are its substeps
        return [RuleId.PARTS_CYCLIC]
    return [r for r in line.rules if r is not RuleId.FOLD_CONSTANTS or len(line.rules) == 1]


def rule_names(
    line: Line, d: Derivation, lang: str, math: Callable[[Expr], str], name: Callable[[RuleId, str], str]
) -> list[str]:
    """The names of the rules a line shows, each spelt by ``name`` (a phrase in the format);
    ``x' = 1`` is written as what it says on this line, ``∂y/∂y = 1``, when the variable is
    not x or the derivative is partial."""
    out = []
    for r in _shown_rule_ids(line):
        if r is RuleId.DEFINITION and _CHOOSES.intersection(line.rules):
            continue  # the u = …, dv = … of a substitution or parts: written beside its name
        own = _identity(line, d) if r is RuleId.IDENTITY else None
        out.append(math(own) if own is not None else name(r, lang))
        if r in _CHOOSES:
            out.extend(math(eq) for eq in _chosen(line, r))
    return out


_CHOOSES = {
    RuleId.SUBSTITUTION,
    RuleId.PARTS,
    RuleId.PARTIAL_FRACTIONS,
    RuleId.TRIG_SUBSTITUTION,
    RuleId.COMPLETE_SQUARE,
}
"""Rules that choose parts of the integrand (u, dv), shown beside the rule's name."""


def _chosen(line: Line, rule: RuleId) -> list[Expr]:
    """``du = 2x dx`` of a substitution (u is a let line), ``u = x, dv = eˣ dx, du = dx, v = eˣ``
    of integration by parts: the first such step's definitions on the line."""
    step = next((s for s in _all_steps(line.steps) if s.rule is rule), None)
    if step is None:
        return []
    defined = [s for s in step.substeps if s.rule in (RuleId.DEFINITION, RuleId.COMPLETE_SQUARE)]
    if rule is RuleId.SUBSTITUTION:
        defined = defined[1:]
    if rule is RuleId.COMPLETE_SQUARE:  # Q = a(x + s)² + k, then du = dx (u = x + s is a let line)
        defined = defined[:1] + defined[2:]
    return [Equation((s.before, s.after)) for s in defined]


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
    return joined("list", rule_names(line, d, lang, show, lambda r, lang: phrase(r, lang, show)), lang)


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
    if section.held:
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
        if section.domain is not None:
            var, bound = section.domain
            out.append(f"{pad}   ({show(var)} {'≥' if unicode else '>='} {show(bound)})")
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
    letters = ("y", "u", "w", "f") if len(d.problem.wrt) == 1 else ("z", "u", "w", "f")  # dy = f'(x) dx
    return next((letter for letter in letters if letter not in taken), "F")


def summary(d: Derivation) -> list[tuple[str, Expr]]:
    """The closing lines of a problem in several variables: ``∇f = [2x, 2y]``, ``dz = …``."""
    if d.result is None or d.unknown:
        return []
    if d.problem.kind == "differential":
        letter = _function_letter(d)
        increment = [] if d.increment is None else [(f"Δ{letter}", d.increment)]
        return [(f"d{letter}", d.result), *increment]
    if d.problem.kind == "gradient" and isinstance(d.problem.name, Sym):  # ∇L of a Lagrangian
        return [(f"∇{to_text(d.problem.name)}", d.result)]
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
        unit = word("line" if count == 1 else "lines", lang)
        return f"[{word('verified', lang)}{text('join.label', lang)}{count} {unit}]"
    if d.verified is False:
        bad = [str(i + 1) for i, o in enumerate(flat) if o == "refuted"]
        return f"[{word('refuted_lines', lang).format(joined('list', bad, lang))}]"
    return f"[{word('unknown', lang)}]"


@functools.cache
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
        "conditions": [f"{to_text(c)} != 0" for s in d.sections for c in s.conditions]
        + [f"{to_text(s.domain[0])} >= {to_text(s.domain[1])}" for s in d.sections if s.domain is not None],
    }
    if d.unknown:
        out["error"] = d.unknown
    if d.value is not None:
        out["value"] = d.value.as_dict()
    if d.increment is not None:
        out["increment"] = _forms(d.increment)  # Δy beside dy: the exact change of the function
    if p.kind == "limit":
        out.update(_limit_fields(d))
    return out


def _limit_fields(d: Derivation) -> dict[str, Any]:
    """A limit's point and side, whether it exists (and why not), and its numerical table."""
    start = d.sections[0].start if d.sections else None
    out: dict[str, Any] = {"exists": d.exists}
    if isinstance(start, Limit):
        from stepcalc.oracle import sympy_text

        out["point"] = {"var": start.var.name, "to": sympy_text(start.to), "side": start.side}
    if d.exists is False:
        out["reason"] = d.reason
    if d.table is not None:
        out["table"] = d.table
    return out


def derivation_json(d: Derivation, *, indent: int | None = 2) -> str:
    return json.dumps(derivation_dict(d), ensure_ascii=False, indent=indent)
