"""Checking a student's working line by line: each line equal to the derivative (so to the
line before it), the rules that lead there, and for a wrong line the line expected and the
mistake.  A gradient's working is compared component-wise or as vectors."""

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
from stepcalc.evaluate import split_outside_brackets
from stepcalc.expr import Deriv, Expr, Sym, map_bottom_up, walk
from stepcalc.limits import DEFAULT, Limits
from stepcalc.malrules import MALRULES, MalRule, exact_derivative, mistaken_derivative
from stepcalc.multivariable import gradient
from stepcalc.oracle import equal, first_equal, vector_line_equal
from stepcalc.parse import parse
from stepcalc.phrases import feedback, mistake, said
from stepcalc.printing import to_explicit
from stepcalc.rules.derivative import find_rule
from stepcalc.shapes import shape, uses_matrices
from stepcalc.simplify import tidy
from stepcalc.syntax.notes import Reading
from stepcalc.tasks.check import seconds_left
from stepcalc.tasks.reading import ANSWER_PREFIX, LEADING_WORDS, forms_of, read, read_as, reading

__all__ = ["LineCheck", "Working", "check_working", "split_working"]


@dataclass
class LineCheck:
    line: int
    text: str
    status: str  # ok | wrong | ambiguous (right as another reading) | unverifiable
    rules: list[str] = field(default_factory=list)
    expected: Expr | None = None
    mistake: str | None = None
    note: str = ""
    read_as: dict[str, Any] | None = None  # how the line was read, brackets explicit

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "text": self.text,
            "read_as": self.read_as,
            "status": self.status,
            "rule": self.rules or None,
            "expected": forms_of(self.expected),
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


def split_working(text: str | list[str]) -> list[tuple[int, str]]:
    """One expression per item, with the number of the line it stands on: lines, or a LaTeX
    ``align`` block, with ``=`` chains split (``a = b = c`` gives three items of one line)."""
    raw = text.splitlines() if isinstance(text, str) else list(text)
    items: list[tuple[int, str]] = []
    for number, line in enumerate(raw, start=1):
        line = re.sub(r"\\(begin|end)\{(align\*?|aligned|equation\*?)\}", "", line)
        line = line.replace("\\\\", "").replace("&", "").strip()
        if not line or line.startswith("%"):
            continue
        line = ANSWER_PREFIX.sub("", LEADING_WORDS.sub("", line, count=1), count=1)  # so y' = …, = …
        parts = [p.strip() for p in split_outside_brackets(line, "=")]
        if parts and not parts[0]:  # "= …": a continuation line
            parts = parts[1:]
        items.extend((number, p) for p in parts if p)
    return items


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
    deadline = time.monotonic() + seconds
    tree = read(problem, limits)
    if vectors or matrices or uses_matrices(tree):
        return _check_vector_working(tree, lines, wrt, lang, limits, vectors, matrices, deadline)
    d = derive(tree, wrt=wrt, limits=limits)
    x = d.problem.wrt[0]
    f = d.problem.expr
    truth = Deriv(f, x)
    items = split_working(lines)
    if items and _is_left_side(items[0][1], f, x):
        items = items[1:]
    checks: list[LineCheck] = []
    previous: Expr = truth  # the problem itself, (f)'
    after_ok = True  # the last line read was right (an unreadable one is skipped)
    first_wrong: int | None = None
    wrong_value: Expr | None = None
    for n, text in items:
        try:
            found = reading(text, limits)
        except (ParseError, LimitError) as error:
            checks.append(
                LineCheck(n, text, "unverifiable", note=feedback("invalid", lang).format(said(error, lang)))
            )
            continue
        e = found.expr
        outcome = equal(e, truth, within=f, seconds=min(1.0, seconds_left(deadline)))
        check = LineCheck(n, text, {True: "ok", False: "wrong", None: "unverifiable"}[outcome.equal])
        check.read_as = read_as(found, lang)
        if check.status == "wrong":
            e = _other_reading(check, found, truth, f, deadline, lang) or e
        if check.status == "ok":
            check.rules = _rules_between(previous, x) if after_ok else []
            if first_wrong is not None:
                check.note = feedback("right_again", lang).format(first_wrong)
        elif check.status == "wrong":
            _explain_wrong(check, previous if after_ok else None, e, x, d, deadline, lang)
            if first_wrong is None:
                first_wrong, wrong_value = n, e
            elif wrong_value is not None and equal(e, wrong_value, seconds=0.3).equal:
                check.note = feedback("carried", lang).format(first_wrong)
        elif check.status == "unverifiable":
            check.note = said(outcome.reason, lang)
        previous, after_ok = e, check.status in ("ok", "ambiguous")
        checks.append(check)
    last = checks[-1].status if checks else ""
    final = {"ok": "correct", "wrong": "incorrect", "ambiguous": "ambiguous"}.get(last, "unknown")
    return Working(checks, first_wrong, final)


def _other_reading(
    check: LineCheck, found: Reading, truth: Expr, f: Expr, deadline: float, lang: str
) -> Expr | None:
    """A wrong line that is right as another reading of its juxtapositions is ``ambiguous``:
    the note names both readings, and that reading is returned (the next line follows it)."""
    for _, other in found.alternatives():
        if equal(other, truth, within=f, seconds=min(0.5, seconds_left(deadline))).equal:
            check.status = "ambiguous"
            check.note = feedback("ambiguous", lang).format(to_explicit(found.expr), to_explicit(other))
            return other
    return None


def _explain_wrong(
    check: LineCheck, previous: Expr | None, e: Expr, x: Sym, d: Derivation, deadline: float, lang: str
) -> None:
    """The line expected after ``previous`` (when that line was right) and the mistake."""
    if previous is None:
        return
    check.expected = _expected_after(previous, e, x, d)
    mal = _line_mistake(previous, e, x, deadline)
    if mal is not None:
        check.mistake, check.note = mal.id, mistake(mal.id, lang)[0]


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

    d = gradient(f, wrt, limits=limits, vectors=vectors, matrices=matrices)
    if d.result is None:
        raise StepcalcError(d.unknown or "stepcalc cannot work out this gradient")
    parts = d.sections[0] if len(d.sections) > 1 else None
    var = d.problem.wrt[0]
    checks: list[LineCheck] = []
    first_wrong: int | None = None
    for n, text in split_working(lines):
        try:
            e = read(text, limits)
        except (ParseError, LimitError) as error:
            checks.append(
                LineCheck(n, text, "unverifiable", note=feedback("invalid", lang).format(said(error, lang)))
            )
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
    found = first_equal(line, [wrong for _, wrong in tried], seconds=seconds_left(deadline))
    return None if found is None else tried[found][0]


def _line_within(judge: Callable[[], bool | None], deadline: float | None) -> bool | None:
    """One line's comparison in at most a second (and the time left): past it, unverifiable."""
    seconds = 1.0 if deadline is None else min(1.0, seconds_left(deadline))
    try:
        return call_with_limit(seconds, judge, "comparing a line")
    except TimeLimitExceeded:
        return None
