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

import functools
import re
import time
from dataclasses import dataclass, field
from typing import Any

from stepcalc.budget import TimeLimitExceeded, call_with_limit
from stepcalc.derivation import Derivation, derive, natural_order
from stepcalc.errors import LimitError, ParseError, StepcalcError
from stepcalc.expr import (
    Add,
    Deriv,
    Div,
    Expr,
    Func,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    Vector,
    free_symbols,
    is_matrix,
    walk,
)
from stepcalc.limits import DEFAULT, Limits
from stepcalc.malrules import MALRULES, MalRule, mistaken_derivative
from stepcalc.multivariable import gradient
from stepcalc.oracle import equal, factorable, first_equal
from stepcalc.parse import variable
from stepcalc.phrases import feedback, joined, mistake, said, word
from stepcalc.printing import to_explicit, to_text
from stepcalc.simplify import tidy
from stepcalc.syntax.notes import Reading
from stepcalc.tasks import FORMS
from stepcalc.tasks.reading import ANSWER_PREFIX, forms_of, read, read_as, reading

__all__ = [
    "FORMS",
    "Equivalence",
    "Verdict",
    "check_answer",
    "diagnose",
    "equivalent",
    "seconds_left",
]

# an ambiguous answer is right as another reading of its juxtapositions; grade can score it otherwise
SCORES = {
    "correct": 1.0,
    "correct_but_form": 0.5,
    "ambiguous": 0.5,
    "incorrect": 0.0,
    "invalid": 0.0,
    "unknown": None,
}


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
    return isinstance(e, Neg) and e.arg is div


# ---------------------------------------------------------------- equivalence
@dataclass
class Equivalence:
    """``equivalent`` True/False/None (undecided), whether the first is in ``form``, and why."""

    equivalent: bool | None
    form_ok: bool | None
    reason: str
    domains_differ: bool = False
    read_as: list[dict[str, Any]] = field(default_factory=list)  # how each was read

    def to_dict(self) -> dict[str, Any]:
        return {
            "equivalent": self.equivalent,
            "form_ok": self.form_ok,
            "reason": self.reason,
            "domains_differ": self.domains_differ,
            "read_as": self.read_as,
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
        return Equivalence(None, True, feedback("unknown_why", lang).format(said(error, lang)), False)


def _equivalent(
    a: str | Expr, b: str | Expr, form: str, tol: float | None, seconds: float, limits: Limits, lang: str
) -> Equivalence:
    ra, rb = reading(a, limits), reading(b, limits)
    ea, eb = ra.expr, rb.expr
    outcome = equal(ea, eb, tol=tol, seconds=seconds)
    problems = form_problems(ea, form)
    reason = said(outcome.reason, lang)
    if outcome.equal and outcome.domains_differ:
        reason = joined("clause", (reason, feedback("domains_differ", lang)), lang)
    if problems:
        reason = joined("clause", (reason, *(feedback(p, lang) for p in problems)), lang)
    shown = [read_as(ra, lang), read_as(rb, lang)]
    return Equivalence(outcome.equal, not problems, reason, outcome.domains_differ, shown)


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
    components: list[dict[str, Any]] | None = None  # a gradient answer: a verdict per component
    reading: Reading | None = None  # how the answer was read (notes, other readings)
    readings: list[dict[str, Any]] | None = None  # ambiguous: the other reading that is right
    lang: str = "en"  # the language of the feedback (and of read_as's notes)

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
            "expected": forms_of(self.expected),
            "derivation": self.derivation.to_dict() if self.derivation is not None else None,
            "components": self.components,
            "read_as": _read_as(self.reading or self.answer, self.lang),
            "readings": self.readings,
        }


def _read_as(found: Reading | Expr | None, lang: str) -> dict[str, Any] | None:
    return None if found is None else read_as(found, lang)


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
    order: int = 1,
) -> Verdict:
    """Judge ``answer`` as the ``order``-th derivative of ``problem`` with respect to ``wrt``
    (``"x,y"``: the mixed partial ∂²/∂y∂x): ``seconds`` for deciding, after which the verdict
    is ``unknown``; past ``limits.max_seconds`` for the whole call (working the problem
    included) it is ``unknown`` too.  Decimals are exact (0.3333 is 3333/10000); ``tol``
    accepts an answer within that relative difference, and the verdict then says it is
    approximate.  A vector answer (``[2x, 2y]``) is a gradient, judged component by
    component (the variables are ``wrt``'s, or the problem's in their natural order)."""
    if form not in FORMS:
        raise StepcalcError(f"unknown form {form!r}; choose {', '.join(FORMS)}")
    if tol is not None and not tol >= 0:
        raise StepcalcError("the tolerance must be a non-negative number")
    try:
        return call_with_limit(
            limits.max_seconds,
            lambda: _check_answer(problem, answer, (_names(wrt), order), form, lang, seconds, limits, tol),
            "checking the answer",
        )
    except TimeLimitExceeded as error:
        return Verdict("unknown", feedback("unknown_why", lang).format(said(error, lang)))


def _names(wrt: str | None) -> str | tuple[str, ...] | None:
    """``"x,y"`` → ``("x", "y")``: the variables of a mixed partial, or of a gradient."""
    if wrt is None or "," not in wrt:
        return wrt
    return tuple(part.strip() for part in wrt.split(","))


def _check_answer(
    problem: str | Expr,
    answer: str | Expr,
    asked: tuple[str | tuple[str, ...] | None, int],
    form: str,
    lang: str,
    seconds: float,
    limits: Limits,
    tol: float | None,
) -> Verdict:
    deadline = time.monotonic() + seconds
    stated = problem if isinstance(problem, Expr) else ANSWER_PREFIX.sub("", problem, count=1)
    vector = _vector_answer(answer, limits)
    if vector is not None:  # a gradient: the problem may have several variables and no wrt
        return check_gradient(read(stated, limits), vector, asked[0], lang, deadline, limits)
    d = _derived(stated, *asked, limits)
    f = d.problem.expr
    expected = d.result
    shown = _expected(expected, d.problem.order, lang)
    truth = f
    for x in d.problem.wrt:  # the n-th derivative: Deriv applied n times
        truth = Deriv(truth, x)
    if isinstance(answer, str) and _INTEGRAL.search(answer):
        text = joined("sentence", (feedback("still_an_integral", lang), shown), lang)
        return Verdict("incorrect", text, "unfinished", expected, d)
    try:
        found = reading(answer, limits)
    except (ParseError, LimitError) as error:
        column = error.column if isinstance(error, ParseError) else None
        text = (
            feedback("invalid_at", lang).format(column, said(error, lang))
            if column
            else feedback("invalid", lang).format(said(error, lang))
        )
        return Verdict("invalid", text, expected=expected, column=column)
    verdict = _judge(found, truth, d, (form, lang, tol), shown, deadline)
    verdict.reading, verdict.lang = found, lang
    return verdict


def _judge(
    found: Reading,
    truth: Expr,
    d: Derivation,
    asked: tuple[str, str, float | None],
    shown: str,
    deadline: float,
) -> Verdict:
    """The verdict on an answer read as ``found``; ``asked``: the form, language, tolerance."""
    form, lang, tol = asked
    given, f, expected = found.expr, d.problem.expr, d.result
    left = unfinished(given, f)
    if left is not None:
        text = joined("sentence", (feedback("still_a_derivative", lang).format(left), shown), lang)
        return Verdict("incorrect", text, "unfinished", expected, d, answer=given)
    outcome = equal(given, truth, within=f, tol=tol, seconds=seconds_left(deadline))
    if outcome.equal:
        return _right(given, form, lang, outcome.domains_differ, outcome.approximate, tol, expected, d)
    if outcome.equal is None:
        return Verdict(
            "unknown",
            feedback("unknown_why", lang).format(said(outcome.reason, lang)),
            None,
            expected,
            d,
            answer=given,
        )
    for _, other in found.alternatives():  # right as another reading of a juxtaposition?
        if equal(other, truth, within=f, seconds=min(0.5, seconds_left(deadline))).equal:
            text = feedback("ambiguous", lang).format(to_explicit(given), to_explicit(other))
            v = Verdict("ambiguous", text, "ambiguous", expected, d, answer=given)
            v.readings = [{**read_as(other, lang), "verdict": "correct"}]
            return v
    mistake, text = _mistake(f, d.problem.wrt, given, truth, deadline, tol, lang)
    return Verdict("incorrect", joined("sentence", (text, shown), lang), mistake, expected, d, answer=given)


def _vector_answer(answer: str | Expr, limits: Limits) -> Vector | None:
    """The answer when it is a written vector ``[2x, 2y]`` (None otherwise, or unreadable:
    then the answer is read again, for its verdict, with the problem)."""
    if isinstance(answer, str) and _is_tuple(answer.strip()):  # (2x, 2y), as a gradient is often written
        answer = "[" + answer.strip()[1:-1] + "]"
    try:
        given = read(answer, limits)
    except (ParseError, LimitError):
        return None
    return given if isinstance(given, Vector) and not is_matrix(given) else None


def _is_tuple(text: str) -> bool:
    """``( … , … )``: one bracket around the whole text, with a comma directly inside it."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth, comma = 0, False
    for k, c in enumerate(text):
        depth += (c in "([{") - (c in ")]}")
        if depth == 0 and k < len(text) - 1:
            return False  # the first bracket closes before the end: (a)(b, c)
        comma = comma or (c == "," and depth == 1)
    return comma


def _expected(expected: Expr | None, order: int, lang: str) -> str:
    """The sentence that shows the right answer: "The derivative is …" (of order n)."""
    shown = to_text(expected, readable=True) if expected is not None else ""
    if order == 1:
        return feedback("expected", lang).format(shown)
    return feedback("expected_order", lang).format(order, shown)


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
    note = feedback("domains_differ", lang) if domains_differ else ""
    head = feedback("correct_approximate", lang).format(tol) if approximate else feedback("correct", lang)
    if problems:
        text = joined("clause", (feedback(p, lang) for p in problems), lang)
        return Verdict(
            "correct_but_form",
            joined(
                "sentence",
                (feedback("form_problems", lang).format(feedback("correct_but_form", lang), text), note),
                lang,
            ),
            None,
            expected,
            d,
            answer=given,
            approximate=approximate,
        )
    text = joined("sentence", (head, note), lang)
    return Verdict("correct", text, None, expected, d, answer=given, approximate=approximate)


def _mistake(
    f: Expr,
    variables: tuple[Sym, ...],
    given: Expr,
    truth: Expr,
    deadline: float,
    tol: float | None,
    lang: str,
) -> tuple[str | None, str]:
    """The named mistake of a wrong answer and its explanation (to which the expected answer
    is appended): a decimal approximation, a mal-rule, or an antiderivative.  Mal-rules and
    antiderivatives are looked for in first derivatives only (``variables`` is one)."""
    close = tol is None and _decimals(given)
    if close and equal(given, truth, tol=_CLOSE, seconds=min(0.3, seconds_left(deadline))).equal:
        return "decimal_approximation", feedback("decimal_approximation", lang)
    if len(variables) != 1:
        return None, feedback("not_the_derivative", lang)
    x = variables[0]
    mal = diagnose(f, x, given, deadline)
    if mal is not None:
        what, right = mistake(mal.id, lang)
        return mal.id, feedback("mistake", lang).format(what, mal.pattern, right)
    if equal(Deriv(given, x), f, seconds=min(0.5, seconds_left(deadline))).equal:
        return "integrated", feedback("integrated", lang)
    return None, feedback("not_the_derivative", lang)


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
def _derived(
    problem: str | Expr, wrt: str | tuple[str, ...] | None, order: int, limits: Limits
) -> Derivation:
    """The engine's derivation of a problem, shared by every answer to it (never mutated)."""
    return derive(problem, wrt=wrt, order=order, limits=limits)


@functools.lru_cache(maxsize=4096)
def _mistaken(f: Expr, x: Sym, mal: MalRule, once: bool) -> Expr | None:
    return mistaken_derivative(f, x, mal, once=once)


def seconds_left(deadline: float) -> float:
    return max(0.05, deadline - time.monotonic())


def diagnose(f: Expr, x: Sym, given: Expr, deadline: float) -> MalRule | None:
    """The first mal-rule (in the table's order; everywhere it applies, then only once) whose
    derivative of ``f`` equals ``given``.  ``given`` is known to differ from the truth, so
    such a result does too: a right answer is never diagnosed."""
    tried = [
        (mal, wrong) for mal in MALRULES for once in (False, True) if (wrong := _mistaken(f, x, mal, once))
    ]
    found = first_equal(given, [wrong for _, wrong in tried], seconds=seconds_left(deadline))
    return None if found is None else tried[found][0]


def check_gradient(
    f: Expr, given: Vector, wrt: str | tuple[str, ...] | None, lang: str, deadline: float, limits: Limits
) -> Verdict:
    """A gradient answer ``[∂f/∂x, ∂f/∂y, …]``: each component judged against its partial
    derivative (where f is defined); correct when every one is, incorrect when one is not."""
    names = [wrt] if isinstance(wrt, str) else list(wrt or [])
    variables = [variable(n) for n in names] or natural_order(free_symbols(f))
    d = gradient(f, [v.name for v in variables], limits=limits)
    expected = d.result if isinstance(d.result, Vector) else None
    if expected is None or len(given.items) != len(variables):
        listed = joined("list", (v.name for v in variables), lang)
        text = feedback("gradient_size", lang).format(len(variables), listed, len(given.items))
        return Verdict("incorrect", text, "gradient_size", d.result, d, answer=given)
    components, words = [], []
    for x, item, part in zip(variables, given.items, expected.items, strict=True):
        outcome = equal(item, Deriv(f, x), within=f, seconds=min(1.0, seconds_left(deadline)))
        verdict = {True: "correct", False: "incorrect", None: "unknown"}[outcome.equal]
        components.append({"var": x.name, "verdict": verdict, "expected": forms_of(part)})
        words.append(feedback(f"component_{verdict}", lang).format(x.name, to_text(part, readable=True)))
    verdicts = {c["verdict"] for c in components}
    overall = "incorrect" if "incorrect" in verdicts else "unknown" if "unknown" in verdicts else "correct"
    text = joined("clause", words, lang) + word("full_stop", lang)
    return Verdict(overall, text, None, d.result, d, answer=given, components=components)
