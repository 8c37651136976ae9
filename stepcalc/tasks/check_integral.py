"""Judging a student's integral.

An antiderivative is right when its derivative is the integrand wherever both are defined, so
it is right up to an additive constant on each interval of the domain (the oracle compares the
derivative of the answer with the integrand).  The constant of integration itself, ``+ C``, is
a remark when it is missing, not an error, unless the teacher asks for it (``require_constant``).
A definite integral is judged by its value.

A wrong antiderivative is diagnosed by what its derivative is: minus the integrand (a sign
slip, ∫ sin x dx = cos x), a constant multiple of it (a forgotten 1/a of a substitution,
∫ cos 3x dx = sin 3x, or the power rule's 1/(n + 1)), or neither.
"""

from __future__ import annotations

import time

from stepcalc.budget import TimeLimitExceeded, call_with_limit
from stepcalc.derivation import Derivation
from stepcalc.errors import LimitError, ParseError, StepcalcError
from stepcalc.expr import Deriv, Div, Expr, Neg, Sym, free_symbols, map_bottom_up
from stepcalc.limits import DEFAULT, Limits
from stepcalc.oracle import equal
from stepcalc.phrases import feedback, joined, said
from stepcalc.printing import to_text
from stepcalc.rules.base import number, rational
from stepcalc.simplify import tidy
from stepcalc.tasks.check import Verdict, seconds_left
from stepcalc.tasks.integrate import integrate
from stepcalc.tasks.reading import read, reading

__all__ = ["check_integral"]

_CONSTANTS = ("C", "K", "C_1", "c")


def check_integral(
    problem: str | Expr,
    answer: str | Expr,
    wrt: str | None = None,
    *,
    lower: str | None = None,
    upper: str | None = None,
    require_constant: bool = False,
    lang: str = "en",
    seconds: float = 2.0,
    limits: Limits = DEFAULT,
) -> Verdict:
    """Judge ``answer`` as ∫ ``problem`` d``wrt`` (definite with ``lower`` and ``upper``)."""
    try:
        return call_with_limit(
            limits.max_seconds,
            lambda: _check(problem, answer, wrt, (lower, upper), require_constant, lang, seconds, limits),
            "checking the answer",
        )
    except TimeLimitExceeded as error:
        return Verdict("unknown", feedback("unknown_why", lang).format(said(error, lang)))


def _check(
    problem: str | Expr,
    answer: str | Expr,
    wrt: str | None,
    bounds: tuple[str | None, str | None],
    require_constant: bool,
    lang: str,
    seconds: float,
    limits: Limits,
) -> Verdict:
    deadline = time.monotonic() + seconds
    f = read(problem, limits) if isinstance(problem, str) else problem
    lower, upper = bounds
    worked = _worked(f, wrt, lower, upper, limits)
    x = worked.problem.wrt[0] if worked is not None else Sym(wrt or "x")
    expected = worked.result if worked is not None else None
    shown = _expected(expected, lower is not None, lang)
    try:
        found = reading(answer, limits)
    except (ParseError, LimitError) as error:
        column = error.column if isinstance(error, ParseError) else None
        text = (
            feedback("invalid_at", lang).format(column, said(error, lang))
            if column
            else feedback("invalid", lang).format(said(error, lang))
        )
        return Verdict("invalid", text, expected=expected, column=column, lang=lang)
    given = found.expr
    if lower is not None:
        if expected is None:
            return Verdict(
                "unknown", feedback("integral_unknown", lang), expected=None, answer=given, lang=lang
            )
        outcome = equal(given, expected, seconds=seconds_left(deadline))
        if outcome.equal is False:
            text = joined("sentence", (feedback("not_the_value", lang), shown), lang)
            return Verdict("incorrect", text, None, expected, worked, answer=given, lang=lang)
        return _verdict(outcome.equal, outcome.reason, given, expected, worked, shown, lang, None)
    constant = _constant(given, f, x)
    body = map_bottom_up(given, lambda n: _ZERO if n == constant else n) if constant is not None else given
    body = tidy(body)
    outcome = equal(Deriv(body, x), f, within=f, seconds=seconds_left(deadline))
    note = feedback("domains_differ", lang) if outcome.equal and outcome.domains_differ else ""
    if outcome.equal and constant is None:
        if require_constant:
            text = joined("sentence", (feedback("constant_required", lang), shown), lang)
            return Verdict("incorrect", text, "missing_constant", expected, worked, answer=given, lang=lang)
        text = joined("sentence", (feedback("correct", lang), feedback("add_constant", lang), note), lang)
        return Verdict("correct", text, None, expected, worked, answer=given, lang=lang)
    if outcome.equal:
        text = joined("sentence", (feedback("correct", lang), note), lang)
        return Verdict("correct", text, None, expected, worked, answer=given, lang=lang)
    if outcome.equal is False:
        return _diagnosed(body, f, x, given, expected, worked, shown, lang, deadline)
    return _verdict(outcome.equal, outcome.reason, given, expected, worked, shown, lang, None)


_ZERO = number(0)


def _worked(
    f: Expr, wrt: str | None, lower: str | None, upper: str | None, limits: Limits
) -> Derivation | None:
    try:
        d = integrate(f, wrt, lower=lower, upper=upper, limits=limits)
    except StepcalcError:
        return None
    return None if d.unknown else d


def _constant(given: Expr, f: Expr, x: Sym) -> Sym | None:
    """The answer's constant of integration: a name such as C that the problem does not have."""
    taken = free_symbols(f) | {x}
    for name in _CONSTANTS:
        s = Sym(name)
        if s in free_symbols(given) and s not in taken:
            return s
    return None


def _expected(expected: Expr | None, definite: bool, lang: str) -> str:
    if expected is None:
        return ""
    key = "integral_value" if definite else "integral_expected"
    return feedback(key, lang).format(to_text(expected, readable=True))


def _verdict(
    same: bool | None,
    reason: str,
    given: Expr,
    expected: Expr | None,
    worked: Derivation | None,
    shown: str,
    lang: str,
    mistake: str | None,
) -> Verdict:
    if same:
        return Verdict("correct", feedback("correct", lang), None, expected, worked, answer=given, lang=lang)
    if same is None:
        text = feedback("unknown_why", lang).format(said(reason, lang))
        return Verdict("unknown", text, None, expected, worked, answer=given, lang=lang)
    text = joined("sentence", (feedback("not_the_integral", lang), shown), lang)
    return Verdict("incorrect", text, mistake, expected, worked, answer=given, lang=lang)


def _diagnosed(
    body: Expr,
    f: Expr,
    x: Sym,
    given: Expr,
    expected: Expr | None,
    worked: Derivation | None,
    shown: str,
    lang: str,
    deadline: float,
) -> Verdict:
    """A wrong antiderivative: its derivative against the integrand, −1 or a constant factor."""
    if equal(Deriv(body, x), Neg(f), within=f, seconds=min(0.5, seconds_left(deadline))).equal:
        text = joined("sentence", (feedback("integral_sign", lang), shown), lang)
        return Verdict("incorrect", text, "integral_sign", expected, worked, answer=given, lang=lang)
    if expected is not None:
        ratio = tidy(Div(body, expected))
        k = rational(ratio)
        if k is not None and k not in (0, 1, -1):
            factor = to_text(number(1 / k), readable=True)
            text = joined("sentence", (feedback("integral_factor", lang).format(factor), shown), lang)
            return Verdict("incorrect", text, "integral_factor", expected, worked, answer=given, lang=lang)
    text = joined("sentence", (feedback("not_the_integral", lang), shown), lang)
    return Verdict("incorrect", text, None, expected, worked, answer=given, lang=lang)
