"""Checking what a student wrote: a final answer, or a derivation line by line.

The truth is the oracle's: an answer is compared with ``sympy.diff`` of the problem on the
reals (``stepcalc.oracle.equal``), never with the engine's own result alone, so an
engine bug cannot turn a right answer wrong.  The engine supplies what is *shown*: the
expected final form, the expected next line, and — re-run with a mal-rule — the mistake
that produces a wrong answer.

Verdicts: ``correct``, ``correct_but_form`` (equal, not in the requested form),
``incorrect``, ``invalid`` (could not be read), ``unknown`` (undecided within the budget).
"""

from __future__ import annotations

import copy
import functools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from stepcalc.budget import TimeLimitExceeded, call_with_limit
from stepcalc.derivation import Derivation, derive
from stepcalc.errors import LimitError, ParseError, StepcalcError
from stepcalc.expr import Add, Deriv, Div, Expr, Func, Mul, Num, Pow, Sym, free_symbols, map_bottom_up, walk
from stepcalc.limits import DEFAULT, Limits
from stepcalc.malrules import MALRULES, MalRule, mistaken_derivative
from stepcalc.oracle import equal, factorable, first_equal
from stepcalc.parse import parse
from stepcalc.phrases import feedback
from stepcalc.printing import to_text
from stepcalc.rules.table import find_rule
from stepcalc.simplify import tidy

__all__ = ["FORMS", "Equivalence", "Verdict", "Working", "check_answer", "check_working", "equivalent"]

FORMS = ("any", "simplified", "factored", "single_fraction", "expanded")
SCORES = {"correct": 1.0, "correct_but_form": 0.5, "incorrect": 0.0, "invalid": 0.0, "unknown": None}


# ---------------------------------------------------------------- reading
_LEFT = re.compile(
    r"^\s*(?:y'|y'\(x\)|f'\(x\)|f'|dy/dx|\\frac\{dy\}\{dx\}|y\^\{?\\prime\}?"
    r"|[∂d]f\s*/\s*[∂d][A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?|∇_?[A-Za-z]?\s*f(?:\([A-Za-z]\))?)?\s*&?=\s*"
)


def read(text: str | Expr, limits: Limits = DEFAULT) -> Expr:
    """An expression as a student writes it: ``y' = …`` / ``f'(x) = …`` / ``= …`` prefixes dropped."""
    if isinstance(text, Expr):
        return text
    return parse(_LEFT.sub("", text, count=1), limits=limits)


def _forms(e: Expr | None) -> dict[str, str] | None:
    if e is None:
        return None
    from stepcalc.latex_print import to_latex
    from stepcalc.oracle import sympy_text

    return {"text": to_text(e), "latex": to_latex(e), "sympy": sympy_text(e)}


# ---------------------------------------------------------------- forms
def form_problems(e: Expr, form: str) -> list[str]:
    """What keeps ``e`` from the requested form (empty when it is in that form); feedback keys."""
    if form not in FORMS:
        raise StepcalcError(f"unknown form {form!r}; choose {', '.join(FORMS)}")
    problems: list[str] = []
    if form == "expanded":
        for n in walk(e):
            if isinstance(n, Mul) and any(isinstance(f, Add) and free_symbols(f) for f in n.factors):
                problems.append("form_not_expanded_product")
                break
            if isinstance(n, Pow) and isinstance(n.base, Add) and free_symbols(n.base):
                problems.append("form_not_expanded_power")
                break
    elif form == "factored":
        if isinstance(e, Add) and factorable(e):
            problems.append("form_not_factored")
    elif form == "single_fraction":
        divisions = [n for n in walk(e) if isinstance(n, Div)]
        if len(divisions) > 1 or (divisions and divisions[0] is not e and not _signed(e, divisions[0])):
            problems.append("form_not_single_fraction")
    elif form == "simplified" and tidy(e) != e:
        problems.append("form_not_simplified")
    return problems


def _signed(e: Expr, div: Div) -> bool:
    from stepcalc.expr import Neg

    return isinstance(e, Neg) and e.arg is div


# ---------------------------------------------------------------- equivalence
@dataclass
class Equivalence:
    """``equivalent`` True/False/None (undecided), whether the first is in ``form``, and why."""

    equivalent: bool | None
    form_ok: bool | None
    reason: str
    domains_differ: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "equivalent": self.equivalent,
            "form_ok": self.form_ok,
            "reason": self.reason,
            "domains_differ": self.domains_differ,
        }


def equivalent(
    a: str | Expr,
    b: str | Expr,
    *,
    form: str = "any",
    tol: float | None = None,
    seconds: float = 2.0,
    limits: Limits = DEFAULT,
    lang: str = "en",
) -> Equivalence:
    """Whether ``a`` and ``b`` are equal on the reals wherever both are defined (with a note
    when their domains differ), and whether ``a`` is in ``form``.  Undecided (``equivalent``
    None) when ``limits.max_seconds`` runs out."""
    if tol is not None and not tol >= 0:
        raise StepcalcError("the tolerance must be a non-negative number")
    try:
        return call_with_limit(
            limits.max_seconds, lambda: _equivalent(a, b, form, tol, seconds, limits, lang), "comparing"
        )
    except TimeLimitExceeded as error:
        return Equivalence(None, True, f"{feedback('unknown', lang)}: {error}", False)


def _equivalent(
    a: str | Expr, b: str | Expr, form: str, tol: float | None, seconds: float, limits: Limits, lang: str
) -> Equivalence:
    ea, eb = read(a, limits), read(b, limits)
    outcome = equal(ea, eb, tol=tol, seconds=seconds)
    problems = form_problems(ea, form)
    reason = outcome.reason
    if outcome.equal and outcome.domains_differ:
        reason += "; " + feedback("domains_differ", lang)
    if problems:
        reason += "; " + "; ".join(feedback(p, lang) for p in problems)
    return Equivalence(outcome.equal, not problems, reason, outcome.domains_differ)


# ---------------------------------------------------------------- answers
@dataclass
class Verdict:
    """The judgement of one answer; ``approximate`` when it is right only within ``tol``."""

    verdict: str
    feedback: str
    mistake: str | None = None
    expected: Expr | None = None
    derivation: Derivation | None = None
    column: int | None = None
    answer: Expr | None = None
    approximate: bool = False

    @property
    def score(self) -> float | None:
        return SCORES[self.verdict]

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "score": self.score,
            "approximate": self.approximate,
            "feedback": self.feedback,
            "mistake": self.mistake,
            "expected": _forms(self.expected),
            "derivation": self.derivation.to_dict() if self.derivation is not None else None,
        }


def check_answer(
    problem: str | Expr,
    answer: str | Expr,
    wrt: str | None = None,
    *,
    form: str = "any",
    lang: str = "en",
    seconds: float = 2.0,
    limits: Limits = DEFAULT,
    tol: float | None = None,
) -> Verdict:
    """Judge ``answer`` as the derivative of ``problem`` with respect to ``wrt``: ``seconds``
    for deciding, after which the verdict is ``unknown``; past ``limits.max_seconds`` for the
    whole call (working the problem included) it is ``unknown`` too.  Decimals are exact
    (0.3333 is 3333/10000); ``tol`` accepts an answer within that relative difference, and
    the verdict then says it is approximate."""
    if form not in FORMS:
        raise StepcalcError(f"unknown form {form!r}; choose {', '.join(FORMS)}")
    if tol is not None and not tol >= 0:
        raise StepcalcError("the tolerance must be a non-negative number")
    try:
        return call_with_limit(
            limits.max_seconds,
            lambda: _check_answer(problem, answer, wrt, form, lang, seconds, limits, tol),
            "checking the answer",
        )
    except TimeLimitExceeded as error:
        return Verdict("unknown", f"{feedback('unknown', lang)}: {error}")


def _check_answer(
    problem: str | Expr,
    answer: str | Expr,
    wrt: str | None,
    form: str,
    lang: str,
    seconds: float,
    limits: Limits,
    tol: float | None,
) -> Verdict:
    deadline = time.monotonic() + seconds
    d = _derived(problem if isinstance(problem, Expr) else _LEFT.sub("", problem, count=1), wrt, limits)
    x = d.problem.wrt[0]
    f = d.problem.expr
    expected = d.result
    shown = to_text(expected, readable=True) if expected is not None else ""
    if isinstance(answer, str) and _INTEGRAL.search(answer):
        return Verdict("incorrect", feedback("still_an_integral", lang), "unfinished", expected, d)
    try:
        given = read(answer, limits)
    except (ParseError, LimitError) as error:
        column = error.column if isinstance(error, ParseError) else None
        where = f" ({feedback('at_column', lang).format(column)})" if column else ""
        return Verdict(
            "invalid", f"{feedback('invalid', lang)}{where}: {error}", expected=expected, column=column
        )
    left = unfinished(given, f)
    if left is not None:
        text = feedback("still_a_derivative", lang).format(left)
        return Verdict("incorrect", text, "unfinished", expected, d, answer=given)
    truth = Deriv(f, x)
    outcome = equal(given, truth, within=f, tol=tol, seconds=_left(deadline))
    if outcome.equal:
        return _right(given, form, lang, outcome.domains_differ, outcome.approximate, tol, expected, d)
    if outcome.equal is None:
        return Verdict(
            "unknown", f"{feedback('unknown', lang)}: {outcome.reason}", None, expected, d, answer=given
        )
    mistake, text = _mistake(f, x, given, truth, deadline, tol, lang)
    text += feedback("expected", lang).format(shown)
    return Verdict("incorrect", text, mistake, expected, d, answer=given)


def _right(
    given: Expr,
    form: str,
    lang: str,
    domains_differ: bool,
    approximate: bool,
    tol: float | None,
    expected: Expr | None,
    d: Derivation,
) -> Verdict:
    problems = form_problems(given, form)
    note = (" " + feedback("domains_differ", lang)) if domains_differ else ""
    head = feedback("correct_approximate", lang).format(tol) if approximate else feedback("correct", lang)
    if problems:
        text = "; ".join(feedback(p, lang) for p in problems)
        return Verdict(
            "correct_but_form",
            f"{feedback('correct_but_form', lang)}: {text}.{note}",
            None,
            expected,
            d,
            answer=given,
            approximate=approximate,
        )
    return Verdict("correct", head + note, None, expected, d, answer=given, approximate=approximate)


def _mistake(
    f: Expr, x: Sym, given: Expr, truth: Expr, deadline: float, tol: float | None, lang: str
) -> tuple[str | None, str]:
    """The named mistake of a wrong answer and its explanation (to which the expected answer
    is appended): a decimal approximation, a mal-rule, or an antiderivative."""
    close = tol is None and _decimals(given)
    if close and equal(given, truth, tol=_CLOSE, seconds=min(0.3, _left(deadline))).equal:
        return "decimal_approximation", feedback("decimal_approximation", lang) + " "
    mal = diagnose(f, x, given, deadline)
    if mal is not None:
        return mal.id, f"{mal.phrase(lang)} ({mal.pattern}; {feedback('right_rule', lang)}: {mal.right}). "
    if equal(Deriv(given, x), f, seconds=min(0.5, _left(deadline))).equal:
        return "integrated", feedback("integrated", lang) + " "
    return None, feedback("not_the_derivative", lang) + " "


_CLOSE = 1e-3  # a wrong decimal answer this close to the truth is called an approximation
_INTEGRAL = re.compile(r"∫|\\int\b|\\iint\b")


def _decimals(e: Expr) -> bool:
    return any(isinstance(n, Num) and n.decimal for n in walk(e))


def unfinished(answer: Expr, problem: Expr) -> str | None:
    """Derivative notation left in an answer, as it was written (None: there is none).

    ``dy/dx``, ``y'``, ``d/dx (…)`` and ``(…)'`` are derivatives still to be taken, never 0 or
    1; ``f'(x)`` is one too, unless f is an unknown function of the problem (then f'(x) is
    how its derivative is written)."""
    unknown = {n.name for n in walk(problem) if isinstance(n, Func) and len(n.name) == 1}
    for n in walk(answer):
        if isinstance(n, Deriv):
            return to_text(n)
        if isinstance(n, Func) and n.name.endswith("'") and n.name.rstrip("'") not in unknown:
            return to_text(n)
    return None


@functools.lru_cache(maxsize=256)
def _derived(problem: str | Expr, wrt: str | None, limits: Limits) -> Derivation:
    """The engine's derivation of a problem, shared by every answer to it (never mutated)."""
    return derive(problem, wrt=wrt, limits=limits)


@functools.lru_cache(maxsize=4096)
def _mistaken(f: Expr, x: Sym, mal: MalRule, once: bool) -> Expr | None:
    return mistaken_derivative(f, x, mal, once=once)


def _line_within(judge: Callable[[], bool | None], deadline: float | None) -> bool | None:
    """One line's comparison in at most a second (and the time left): past it, unverifiable."""
    seconds = 1.0 if deadline is None else min(1.0, _left(deadline))
    try:
        return call_with_limit(seconds, judge, "comparing a line")
    except TimeLimitExceeded:
        return None


def _left(deadline: float) -> float:
    return max(0.05, deadline - time.monotonic())


def diagnose(f: Expr, x: Sym, given: Expr, deadline: float) -> MalRule | None:
    """The first mal-rule (in the table's order; everywhere it applies, then only once) whose
    derivative of ``f`` equals ``given``.  ``given`` is known to differ from the truth, so
    such a result does too: a right answer is never diagnosed."""
    tried = [
        (mal, wrong) for mal in MALRULES for once in (False, True) if (wrong := _mistaken(f, x, mal, once))
    ]
    found = first_equal(given, [wrong for _, wrong in tried], seconds=_left(deadline))
    return None if found is None else tried[found][0]


# ---------------------------------------------------------------- working
@dataclass
class LineCheck:
    line: int
    text: str
    status: str  # ok | wrong | unverifiable
    rules: list[str] = field(default_factory=list)
    expected: Expr | None = None
    mistake: str | None = None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "text": self.text,
            "status": self.status,
            "rule": self.rules or None,
            "expected": _forms(self.expected),
            "mistake": self.mistake,
            "note": self.note or None,
        }


@dataclass
class Working:
    lines: list[LineCheck]
    first_wrong: int | None
    final: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines": [c.to_dict() for c in self.lines],
            "first_wrong": self.first_wrong,
            "final": self.final,
        }


def split_working(text: str | list[str]) -> list[str]:
    """One expression per item: lines, or a LaTeX ``align`` block, with ``=`` chains split."""
    raw = text.splitlines() if isinstance(text, str) else list(text)
    items: list[str] = []
    for line in raw:
        line = re.sub(r"\\(begin|end)\{(align\*?|aligned|equation\*?)\}", "", line)
        line = line.replace("\\\\", "").replace("&", "").strip()
        if not line or line.startswith("%"):
            continue
        line = _LEFT.sub("", line, count=1)  # y' = …, f'(x) = …, = …
        parts = [p.strip() for p in _split_equals(line)]
        if parts and not parts[0]:  # "= …": a continuation line
            parts = parts[1:]
        items.extend(p for p in parts if p)
    return items


def _split_equals(line: str) -> list[str]:
    out, depth, start = [], 0, 0
    for i, c in enumerate(line):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "=" and depth == 0:
            out.append(line[start:i])
            start = i + 1
    out.append(line[start:])
    return out


def check_working(
    problem: str | Expr,
    lines: str | list[str],
    wrt: str | None = None,
    *,
    lang: str = "en",
    seconds: float = 5.0,
    limits: Limits = DEFAULT,
    vectors: str | None = None,
    matrices: str | None = None,
) -> Working:
    """Check each line of a derivation: equal to the derivative (so to the line before it),
    which rule gets there, and for a wrong line the expected line and the mistake.  A problem
    with vectors (a norm, a transpose, or ``vectors``/``matrices`` declared) is a gradient,
    its lines compared numerically, component-wise (x_i, Σ_j) or as vectors.  ``seconds`` is
    shared by the lines (one out of time is ``unverifiable``); the whole call past
    ``limits.max_seconds`` raises ``TimeLimitExceeded``."""
    return call_with_limit(
        limits.max_seconds,
        lambda: _check_working(problem, lines, wrt, lang, seconds, limits, vectors, matrices),
        "checking the working",
    )


def _check_working(
    problem: str | Expr,
    lines: str | list[str],
    wrt: str | None,
    lang: str,
    seconds: float,
    limits: Limits,
    vectors: str | None,
    matrices: str | None,
) -> Working:
    from stepcalc.matrix import uses_matrices

    deadline = time.monotonic() + seconds
    tree = read(problem, limits)
    if vectors or matrices or uses_matrices(tree):
        return _check_vector_working(tree, lines, wrt, lang, limits, vectors, matrices, deadline)
    d = derive(tree, wrt=wrt, limits=limits)
    x = d.problem.wrt[0]
    f = d.problem.expr
    truth = Deriv(f, x)
    items = split_working(lines)
    if items and _is_left_side(items[0], f, x):
        items = items[1:]
    checks: list[LineCheck] = []
    previous: Expr = truth  # the problem itself, (f)'
    previous_ok = True
    first_wrong: int | None = None
    wrong_value: Expr | None = None
    for n, text in enumerate(items, start=1):
        try:
            e = read(text, limits)
        except (ParseError, LimitError) as error:
            checks.append(LineCheck(n, text, "unverifiable", note=f"{feedback('invalid', lang)}: {error}"))
            continue
        outcome = equal(e, truth, seconds=min(1.0, _left(deadline)))
        check = LineCheck(n, text, "ok")
        if outcome.equal:
            check.rules = _rules_between(previous, x) if previous_ok else []
            if first_wrong is not None:
                check.note = feedback("right_again", lang).format(first_wrong)
        elif outcome.equal is False:
            check.status = "wrong"
            check.expected = _expected_after(previous, e, x, d) if previous_ok else None
            mal = _line_mistake(previous, e, x, deadline) if previous_ok else None
            check.mistake = mal.id if mal is not None else None
            if mal is not None:
                check.note = mal.phrase(lang)
            if first_wrong is None:
                first_wrong, wrong_value = n, e
            elif wrong_value is not None and equal(e, wrong_value, seconds=0.3).equal:
                check.note = feedback("carried", lang).format(first_wrong)
        else:
            check.status = "unverifiable"
            check.note = outcome.reason
        previous_ok = check.status == "ok"
        previous = e
        checks.append(check)
    final = "unknown"
    if checks:
        final = {"ok": "correct", "wrong": "incorrect"}.get(checks[-1].status, "unknown")
    return Working(checks, first_wrong, final)


def _check_vector_working(
    f: Expr,
    lines: str | list[str],
    wrt: str | None,
    lang: str,
    limits: Limits,
    vectors: str | None = None,
    matrices: str | None = None,
    deadline: float | None = None,
) -> Working:
    """Working for a gradient with respect to a vector: each line (component-wise, x_i and
    Σ_j, or as a vector) compared numerically with the gradient at sizes 2, 3 and 5."""
    from stepcalc.matrix import shape
    from stepcalc.multivariable import gradient
    from stepcalc.oracle import vector_line_equal

    d = gradient(f, wrt, limits=limits, vectors=vectors, matrices=matrices)
    if d.result is None:
        raise StepcalcError(d.unknown or "stepcalc cannot work out this gradient")
    parts = d.sections[0] if len(d.sections) > 1 else None
    var = d.problem.wrt[0]
    checks: list[LineCheck] = []
    first_wrong: int | None = None
    for n, text in enumerate(split_working(lines), start=1):
        try:
            e = read(text, limits)
        except (ParseError, LimitError) as error:
            checks.append(LineCheck(n, text, "unverifiable", note=f"{feedback('invalid', lang)}: {error}"))
            continue
        declared = d.shapes
        d.shapes = copy.deepcopy(declared)  # a line's own shape inference must not leak into the next
        try:
            shape(e, d.shapes)
            same = _line_within(functools.partial(vector_line_equal, d, e), deadline)
            why = ""
        except StepcalcError as error:  # the shapes do not fit: no matrix has this value
            same, why = False, str(error)
        finally:
            d.shapes = declared
        check = LineCheck(n, text, {True: "ok", False: "wrong", None: "unverifiable"}[same], note=why)
        if same is False:
            component = any(isinstance(m, Sym) and m.name.startswith(var.name + "_") for m in walk(e))
            check.expected = parts.lines[-1].expr if component and parts is not None else d.result
            if first_wrong is None:
                first_wrong = n
        elif same and first_wrong is not None:
            check.note = feedback("right_again", lang).format(first_wrong)
        checks.append(check)
    final = {"ok": "correct", "wrong": "incorrect"}.get(checks[-1].status, "unknown") if checks else "unknown"
    return Working(checks, first_wrong, final)


def _is_left_side(text: str, f: Expr, x: Sym) -> bool:
    """A first item that only restates the problem, ``((x+1)/ln x)'`` or ``d/dx (…)``."""
    try:
        e = parse(text)
    except StepcalcError:
        return False
    return isinstance(e, Deriv) and e.expr == f


def _holes(e: Expr) -> list[Deriv]:
    return [n for n in walk(e) if isinstance(n, Deriv)]


def _rules_between(previous: Expr, x: Sym) -> list[str]:
    """The rules that fill the previous line's derivative holes; ``simplify`` when it has none."""
    holes = _holes(previous)
    if not holes:
        return ["simplify"]
    names: list[str] = []
    for hole in holes:
        var = hole.var or x
        rule = find_rule(hole.expr, var)
        if rule is not None:
            names.extend(r.value for r in rule.rule_ids(hole.expr, var) if r.value not in names)
    return names


def _fill(e: Expr, x: Sym, mal: MalRule | None = None) -> Expr | None:
    """Every derivative hole of ``e`` worked out completely (with a mal-rule, if given)."""
    from stepcalc.malrules import exact_derivative

    def fn(n: Expr) -> Expr:
        if not isinstance(n, Deriv):
            return n
        var = n.var or x
        out = exact_derivative(n.expr, var) if mal is None else mistaken_derivative(n.expr, var, mal)
        if out is None:
            raise LookupError
        return out

    try:
        return map_bottom_up(e, fn)
    except LookupError:
        return None


def _expected_after(previous: Expr, line: Expr, x: Sym, d: Derivation) -> Expr | None:
    """The line a textbook writes after ``previous``: its holes filled, or the final form
    (also for a first line that already is a final answer)."""
    if isinstance(previous, Deriv) and d.lines:
        first = d.lines[0].expr
        return first if _holes(line) and not d.sections[0].bindings and len(d.lines) > 1 else d.result
    if _holes(previous):
        filled = _fill(previous, x)
        return tidy(filled) if filled is not None else None
    return d.result


def _line_mistake(previous: Expr, line: Expr, x: Sym, deadline: float) -> MalRule | None:
    """The first mal-rule that, filling the previous line's holes, gives ``line``."""
    if not _holes(previous):
        return None
    tried = [(mal, wrong) for mal in MALRULES if (wrong := _fill(previous, x, mal)) is not None]
    found = first_equal(line, [wrong for _, wrong in tried], seconds=_left(deadline))
    return None if found is None else tried[found][0]
