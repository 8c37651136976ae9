"""Judging a student's integral.

An antiderivative is right when its derivative is the integrand wherever both are defined, so
it is right up to an additive constant on each interval of the domain (the oracle compares the
derivative of the answer with the integrand).  The constant of integration itself, ``+ C``, is
a remark when it is missing, not an error, unless the teacher asks for it (``require_constant``).
A definite integral is judged by its value.

A wrong antiderivative is diagnosed first by the integral mal-rules (``stepcalc.malrules.integral``):
the problem is integrated with each table that has a wrong rule in it, and the first whose
result the answer equals up to a constant (their derivatives are equal) names the mistake
(∫ x³ dx = 3x², ∫ cos 3x dx = sin 3x, ∫ x eˣ dx = x eˣ + eˣ).  An answer that divides by zero
(∫ 1/x dx = x⁰/0) has no values to compare: it is matched by its form.  A result that does
not depend on x is compared by its value, so that any constant is not "up to a constant" the
same as it.  Each table has its share of the time budget and is skipped when it runs out.
Then, generically, what its derivative is: minus the integrand (a sign slip; before the
``general`` mal-rule of the integrand differentiated, which coincides with it on sines and
cosines), a constant multiple of it (the power rule's 1/(n + 1)), or neither.

``ln u`` for ``ln|u|`` is right wherever it is defined; when the integrand is also defined
where u < 0, the feedback remarks on the absolute value.
"""

from __future__ import annotations

import functools
import time

from stepcalc.budget import TimeLimitExceeded, call_with_limit
from stepcalc.derivation import Derivation
from stepcalc.errors import LimitError, ParseError, StepcalcError
from stepcalc.expr import Deriv, Div, Expr, Func, Neg, Sym, free_symbols, map_bottom_up, walk
from stepcalc.limits import DEFAULT, Limits
from stepcalc.malrules.integral import INTEGRAL_MALRULES, IntegralMalRule, divides_by_zero, mistaken_integral
from stepcalc.oracle import equal, first_equal
from stepcalc.phrases import feedback, joined, mistake, said
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
    bare = _absolute_value_missing(body, f, x, deadline) if outcome.equal else None
    if bare is not None:
        note = feedback("integral_ln_abs", lang).format(to_text(bare, readable=True))
    if outcome.equal and constant is None:
        if require_constant:
            text = joined("sentence", (feedback("constant_required", lang), shown), lang)
            return Verdict("incorrect", text, "missing_constant", expected, worked, answer=given, lang=lang)
        text = joined("sentence", (feedback("correct", lang), feedback("add_constant", lang), note), lang)
        return Verdict("correct", text, None, expected, worked, answer=given, lang=lang)
    if outcome.equal:
        text = joined("sentence", (feedback("correct", lang), note), lang)
        return Verdict("correct", text, None, expected, worked, answer=given, lang=lang)
    if outcome.equal is False or (outcome.equal is None and divides_by_zero(body)):
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
    """A wrong antiderivative: a mal-rule's result, or its derivative against the integrand
    (−1: the sign), or a constant factor."""
    mal = _mal_rule(f, x, body, deadline, general=False)
    if mal is None:
        if equal(Deriv(body, x), Neg(f), within=f, seconds=min(0.5, seconds_left(deadline))).equal:
            text = joined("sentence", (feedback("integral_sign", lang), shown), lang)
            return Verdict("incorrect", text, "integral_sign", expected, worked, answer=given, lang=lang)
        mal = _mal_rule(f, x, body, deadline, general=True)
    if mal is not None:
        what, right = mistake(mal.id, lang)
        said_so = feedback("mistake", lang).format(what, mal.pattern, right)
        text = joined("sentence", (said_so, shown), lang)
        return Verdict("incorrect", text, mal.id, expected, worked, answer=given, lang=lang)
    if expected is not None:
        ratio = tidy(Div(body, expected))
        k = rational(ratio)
        if k is not None and k not in (0, 1, -1):
            factor = to_text(number(1 / k), readable=True)
            text = joined("sentence", (feedback("integral_factor", lang).format(factor), shown), lang)
            return Verdict("incorrect", text, "integral_factor", expected, worked, answer=given, lang=lang)
    text = joined("sentence", (feedback("not_the_integral", lang), shown), lang)
    return Verdict("incorrect", text, None, expected, worked, answer=given, lang=lang)


# ---------------------------------------------------------------- mal-rules
_TABLE_SECONDS = 0.5  # at most, for working the problem with one mal-rule table
_COMPARE_SECONDS = 0.5  # at most, for comparing the answer with one mal-rule's result
_SPARE = 0.1  # the seconds left for the generic diagnosis when the mal-rules stop


def _mal_rule(f: Expr, x: Sym, body: Expr, deadline: float, *, general: bool) -> IntegralMalRule | None:
    """The first integral mal-rule (the ``general`` ones, or the others) whose result ``body``
    equals up to a constant (by its form when it divides by zero), within the time left
    before ``deadline``."""
    undefined = divides_by_zero(body)
    for mal in (m for m in INTEGRAL_MALRULES if m.general == general):
        left = deadline - time.monotonic() - _SPARE
        if left <= 0:
            return None
        try:
            wrong = call_with_limit(
                min(left, _TABLE_SECONDS), functools.partial(_mistaken, f, x, mal), "diagnosing the mistake"
            )
        except TimeLimitExceeded:
            continue
        if wrong is None:
            continue
        if undefined or divides_by_zero(wrong):
            if undefined and divides_by_zero(wrong):
                return mal
            continue
        if _same_up_to_a_constant(body, wrong, x, min(_COMPARE_SECONDS, seconds_left(deadline))):
            return mal
    return None


def _same_up_to_a_constant(body: Expr, wrong: Expr, x: Sym, seconds: float) -> bool:
    """Whether ``body`` is ``wrong`` plus a constant: equal derivatives; equal values when
    ``wrong`` is a constant (whose derivative every constant shares)."""
    if x not in free_symbols(wrong):
        return bool(equal(body, wrong, seconds=seconds).equal)
    return first_equal(Deriv(body, x), [Deriv(wrong, x)], seconds=seconds) == 0


@functools.lru_cache(maxsize=1024)
def _mistaken(f: Expr, x: Sym, mal: IntegralMalRule) -> Expr | None:
    return mistaken_integral(f, x, mal)


def _absolute_value_missing(body: Expr, f: Expr, x: Sym, deadline: float) -> Expr | None:
    """The u of an ``ln u`` in the answer that needs to be ``ln|u|``: the answer is right, but
    the integrand is also defined where u < 0, and there ln u is not (∫ 1/x dx = ln x, not
    ∫ 2x/(x² + 1) dx = ln(x² + 1)).  None when there is none."""
    for u in dict.fromkeys(n.args[0] for n in walk(body) if isinstance(n, Func) and _bare_ln(n, x)):
        absolute = map_bottom_up(body, functools.partial(_with_absolute_value, u=u))
        outcome = equal(body, absolute, within=f, seconds=min(0.5, seconds_left(deadline)))
        if outcome.equal and outcome.domains_differ:
            return u
    return None


def _with_absolute_value(n: Expr, u: Expr) -> Expr:
    """``ln|u|`` for ``ln u``; any other node as it is."""
    return (
        Func("ln", (Func("abs", (u,)),)) if isinstance(n, Func) and n.name == "ln" and n.args == (u,) else n
    )


def _bare_ln(n: Func, x: Sym) -> bool:
    """``ln u`` with u depending on x and not an absolute value."""
    if not (n.name == "ln" and len(n.args) == 1):
        return False
    u = n.args[0]
    return x in free_symbols(u) and not (isinstance(u, Func) and u.name == "abs")
