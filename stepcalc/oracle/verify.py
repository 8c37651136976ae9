"""Verifying a derivation: each line equal to the one before it, the last equal to sympy's
derivative of the problem, every comparison by ``oracle.equal``.  sympy only checks: the
lines are stepcalc's own."""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable
from typing import Any

from stepcalc.budget import TimeLimitExceeded, call_with_limit
from stepcalc.expr import INF, Deriv, Integral, Limit, free_symbols, walk
from stepcalc.oracle.convert import to_sympy, value_of
from stepcalc.oracle.equal import equal_values
from stepcalc.oracle.guard import bounded

__all__ = ["REFUTED", "UNKNOWN", "VERIFIED", "Clock", "verify_derivation"]

VERIFIED, REFUTED, UNKNOWN = "verified", "refuted", "unknown"
_OUTCOME = {"equal": VERIFIED, "different": REFUTED, "unknown": UNKNOWN}
_LINE_SECONDS = 1.0


class Clock:
    """A wall-clock budget shared by many checks; each runs under ``call_with_limit``, so it
    is interrupted in whatever thread it runs, and an exhausted budget is ``unknown``."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def run(self, seconds: float, fn: Callable[[], Any]) -> Any:
        """``fn()`` within ``seconds`` and the budget left; ``TimeLimitExceeded`` past either."""
        limit = min(seconds, self.left())
        if limit <= 0.01:
            raise TimeLimitExceeded("the verification budget is spent (max_seconds)")
        return call_with_limit(limit, lambda: bounded(fn), "a symbolic check")


def line_outcome(a: Any, b: Any, clock: Clock, within: Any = None) -> str:
    """verified, refuted or unknown: ``oracle.equal`` on two sympy values, within the clock
    (and only where ``within`` is defined, when given)."""
    seconds = min(_LINE_SECONDS, clock.left())
    if seconds <= 0.01:
        return UNKNOWN
    return _OUTCOME[equal_values(a, b, within=within, seconds=seconds).verdict]


def verify_derivation(derivation: Any, *, max_seconds: float = 20.0) -> tuple[list[list[str]], bool | None]:
    """Each line against the one before it, and each result against ``sympy.diff``."""
    clock = Clock(max_seconds)
    outcomes: list[list[str]] = []
    for section in derivation.sections:
        results: list[str] = []
        outcomes.append(results)
        if section.start is None or not section.lines:
            continue
        # building the values is symbolic work too: it runs on the clock; a line sympy cannot
        # take in (a written vector has no scalar form) is unknown, like one out of time
        with contextlib.suppress(Exception):
            clock.run(clock.left(), functools.partial(_verify_section, section, results, clock))
        results.extend([UNKNOWN] * (len(section.lines) - len(results)))
    flat = [o for r in outcomes for o in r]
    if REFUTED in flat:
        return outcomes, False
    if flat and all(o == VERIFIED for o in flat) and not derivation.unknown:
        return outcomes, True
    return outcomes, None


def _verify_section(section: Any, results: list[str], clock: Clock) -> None:
    """Append each line's outcome to ``results`` (so that what was decided survives a timeout)."""
    import sympy as sp

    start = section.start
    if isinstance(start, Limit):
        _verify_limit(section, start, results, clock)
        return
    if isinstance(start, Integral) and not start.definite:
        _verify_antiderivative(section, start, results, clock)
        return
    if isinstance(start, Integral) and _improper(start, section):
        _verify_improper(section, start, results, clock)
        return
    if isinstance(start, Integral):  # a definite integral (start.definite): every line is its value
        target = to_sympy(start).evalf(_DIGITS)  # the integral by mpmath's quadrature
        for line in section.lines:
            current = value_of(line.expr, section.bindings, section.definitions)
            results.append(_same_number(current, target))
        return
    if isinstance(start, Deriv) and start.var is not None:
        problem = to_sympy(start.expr)
        if problem.has(sp.zoo, sp.nan, sp.oo, -sp.oo):  # undefined everywhere (1/(x - x)): nothing to check
            return
        target = _without_delta(sp, sp.diff(problem, to_sympy(start.var)))
    else:  # an expression of derivatives, ∂f/∂x·u₁ + ∂f/∂y·u₂: every line equals its value
        target = _without_delta(sp, value_of(start, section.bindings, section.definitions))
    previous = target
    for line in section.lines:
        if any(step.rule.value == "unknown" for step in line.steps):
            results.append(UNKNOWN)
            continue
        current = _without_delta(sp, value_of(line.expr, section.bindings, section.definitions))
        results.append(line_outcome(current, previous, clock))
        previous = current
    if results and results[-1] == VERIFIED and line_outcome(previous, target, clock) != VERIFIED:
        results[-1] = UNKNOWN


_DIGITS = 50


def _same_number(value: Any, target: Any) -> str:
    """A line of a definite integral against the quadrature's value, both to 50 digits: equal
    to 30 significant digits is verified, apart by more than 1e-15 (relative) refuted, anything
    between (a quadrature that could not settle) unknown."""
    try:
        difference = complex((value.evalf(_DIGITS) - target).evalf(_DIGITS))  # at 50 digits, then small
        b = complex(target)
    except (TypeError, ValueError, AttributeError):
        return UNKNOWN
    if any(v != v or abs(v) == float("inf") for v in (difference, b)):  # nan or infinite
        return UNKNOWN
    gap, scale = abs(difference), max(1.0, abs(b))
    if gap <= 1e-30 * scale:
        return VERIFIED
    return REFUTED if gap > 1e-15 * scale else UNKNOWN


def _verify_antiderivative(section: Any, start: Integral, results: list[str], clock: Clock) -> None:
    """Every line of ∫ f dx is an antiderivative of f: its derivative is f (an integral still
    in the line differentiates to its integrand; a substitution's ∫ g(u) du, with u put back,
    by the chain rule), checked by sympy's diff.  The answer, the last line, is differentiated by
    stepcalc's own derivative engine too, and that derivative must be the integrand as well."""
    import sympy as sp

    x, integrand = to_sympy(start.var), to_sympy(start.expr)
    # an antiderivative that holds for x ≥ a only (x = a sec θ) is compared there only
    within = None if section.domain is None else sp.sqrt(x - to_sympy(section.domain[1]))
    for line in section.lines:
        if any(step.rule.value == "unknown" for step in line.steps):
            results.append(UNKNOWN)
            continue
        value = _antiderivative_value(sp, line.expr, section)
        # |u| as √(u²) before differentiating: equal where u is real (the only points compared),
        # and sympy's (|u|)′ of a u it cannot prove real is in re and im, which never evaluate
        value = value.replace(sp.Abs, lambda u: sp.sqrt(u**2))
        results.append(line_outcome(sp.diff(value, x), integrand, clock, within))
    names = {b.name for b in section.bindings}
    if results and results[-1] == VERIFIED and not names & free_symbols(section.lines[-1].expr):
        own = _own_derivative(section.lines[-1].expr, start.var)
        outcome = (
            UNKNOWN
            if own is None
            else line_outcome(_without_delta(sp, to_sympy(own)), integrand, clock, within)
        )
        results[-1] = outcome


def _antiderivative_value(sp: Any, e: Any, section: Any) -> Any:
    """A line of ∫ f dx as a sympy value to differentiate.  An integral still in the line,
    ∫ h(u) du, is written ∫ from a constant c to u of h(t) dt, which sympy differentiates by the
    fundamental theorem and the chain rule once u is put back (h(g(x))·g′(x)) without evaluating
    it: the line is checked as written, whatever sympy could integrate."""
    start = sp.Symbol("c_integral")
    value = to_sympy(e)
    if value.has(sp.Integral):

        def upper(i: Any) -> Any:
            if len(i.limits) != 1 or len(i.limits[0]) != 1:
                return i
            (u,) = i.limits[0]
            t = sp.Dummy("t")
            return sp.Integral(i.function.subs(u, t), (t, start, u))

        value = value.replace(lambda n: isinstance(n, sp.Integral), upper)
    for b in reversed((*section.bindings, *section.definitions)):
        value = value.subs(to_sympy(b.name), to_sympy(b.value))
    return value


def _own_derivative(e: Any, x: Any) -> Any:
    """d/dx of ``e`` by stepcalc's derivative engine (every hole filled at once), or None."""
    import math

    from stepcalc.engine import Budget, NoRule, complete
    from stepcalc.errors import StepcalcError
    from stepcalc.rules.derivative import DERIVATIVE

    try:
        return complete(
            Deriv(e, x), DERIVATIVE, Budget(max_steps=20_000, deadline=math.inf, seconds=math.inf)
        )
    except (NoRule, StepcalcError):
        return None


def _without_delta(sp: Any, value: Any) -> Any:
    """(sign u)' and H'(u) are 0 wherever they have a value (as ``oracle.equal`` takes them)."""
    return value.replace(sp.DiracDelta, lambda *args: sp.S.Zero) if value.has(sp.DiracDelta) else value


def _verify_limit(section: Any, start: Limit, results: list[str], clock: Clock) -> None:
    """Every line of lim f is its value: sympy's limit of each line against sympy's limit of
    the problem, ∞ only equal to ∞.  The value is also approached numerically (mpmath, 150
    digits, x within 10⁻¹⁸ of a, or at ±10³²): a value the numbers do not approach is not
    verified (numbers alone never refute: some limits are approached too slowly to see).
    A line saying the limit does not exist is verified when sympy's one-sided limits differ,
    or one of them is not a number (it oscillates)."""
    import sympy as sp

    try:  # sympy raises for a two-sided limit whose sides differ
        target = clock.run(clock.left(), lambda: _sympy_limit(sp, to_sympy(start)))
    except (ValueError, NotImplementedError, TypeError):
        target = None
    for line in section.lines:
        if any(step.rule.value == "unknown" for step in line.steps):
            results.append(UNKNOWN)
        elif line.note.startswith("dne_"):
            results.append(clock.run(clock.left(), lambda: _does_not_exist(sp, start)))
        else:
            expr = line.expr
            current = clock.run(clock.left(), functools.partial(_line_limit, sp, expr, section.bindings))
            results.append(_same_limit(sp, current, target, clock))
    last_is_value = results and results[-1] == VERIFIED and not section.lines[-1].note
    if last_is_value and _approaches(sp, start, target) is not True:
        results[-1] = UNKNOWN  # sympy agrees, the numbers do not (x^(1/101) creeps to 0): not proved


def _line_limit(sp: Any, expr: Any, bindings: Any) -> Any:
    return _sympy_limit(sp, value_of(expr, bindings))


def _sympy_limit(sp: Any, value: Any) -> Any:
    """A line's value with every limit in it taken (sympy's two-sided limit is dir='+-')."""
    out = value.doit() if value.has(sp.Limit, sp.Integral) else value
    return None if out.has(sp.Limit, sp.Integral, sp.AccumBounds, sp.nan, sp.zoo) else out


def _same_limit(sp: Any, current: Any, target: Any, clock: Clock) -> str:
    if current is None or target is None:
        return UNKNOWN
    infinite = {v for v in (current, target) if v in (sp.oo, -sp.oo)}
    if infinite:
        return VERIFIED if current == target else REFUTED
    return line_outcome(current, target, clock)


def _does_not_exist(sp: Any, start: Limit) -> str:
    f, x = to_sympy(start.expr), to_sympy(start.var)
    a = to_sympy(start.to)
    one_side = start.side or ("-" if a == sp.oo else "+")
    sides = [one_side] if start.side or a in (sp.oo, -sp.oo) else ["-", "+"]
    found = [sp.limit(f, x, a, side) for side in sides]
    if any(v.has(sp.AccumBounds, sp.nan, sp.zoo) or isinstance(v, sp.AccumBounds) for v in found):
        return VERIFIED
    if len(found) == 2 and found[0] != found[1]:
        return VERIFIED
    return REFUTED if all(v.is_number and not v.has(sp.Limit) for v in found) else UNKNOWN


def _approaches(sp: Any, start: Limit, target: Any) -> bool | None:
    """Whether f, evaluated with mpmath at points ever closer to a, approaches ``target``:
    True, False, or None when it cannot be evaluated there."""
    import mpmath

    if target is None:
        return None
    f, x, a = to_sympy(start.expr), to_sympy(start.var), to_sympy(start.to)
    try:
        fn = sp.lambdify(x, f, modules="mpmath")
        with mpmath.workdps(150):
            steps = [1] if start.side == "+" else [-1] if start.side == "-" else [1, -1]
            if a in (sp.oo, -sp.oo):
                steps = [1 if a == sp.oo else -1]
            found = [_approach(fn, a, s, target, sp, mpmath) for s in steps]
            return False if False in found else None if None in found else True
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError, NameError):
        return None


def _approach(fn: Any, a: Any, side: int, target: Any, sp: Any, mpmath: Any) -> bool | None:
    """One side: f at a + side·10⁻ᵏ (k = 6, 12, 18), or at side·10ᵏ (k = 8, 16, 32) at ±∞, with
    150 digits (1 − cos x at 10⁻¹⁸ cancels 36 of them).
    Approaching a number: the last value within 10⁻⁵ of it (False when far, None between);
    approaching ±∞: the values grow in that direction and pass 10 (a logarithm is slow)."""
    if a in (sp.oo, -sp.oo):
        points = [mpmath.mpf(side) * mpmath.mpf(10) ** k for k in (8, 16, 32)]
    else:
        centre = mpmath.mpf(sp.N(a, 160))
        points = [centre + side * mpmath.mpf(10) ** -k for k in (6, 12, 18)]
    values = [fn(p) for p in points]
    if any(not isinstance(v, mpmath.mpf) for v in values):
        return None
    if target in (sp.oo, -sp.oo):
        signed = [v * (1 if target == sp.oo else -1) for v in values]
        return bool(signed[0] < signed[1] < signed[2] and signed[2] > 10) or None
    goal = mpmath.mpf(sp.N(target, 160))
    gap = abs(values[-1] - goal)
    if gap < mpmath.mpf(10) ** -5 * max(1, abs(goal)):
        return True
    return None if gap < 1e-2 else False


def _improper(start: Integral, section: Any) -> bool:
    return any(n == INF for n in walk(start)) or any(isinstance(line.expr, Limit) for line in section.lines)


def _verify_improper(section: Any, start: Integral, results: list[str], clock: Clock) -> None:
    """An improper integral: every line is its value.  A line's value is sympy's (its limits
    and integrals taken, a few seconds each); it must equal sympy's integral with the infinite
    bound, or, where that is a finite number or sympy leaves it, mpmath's quadrature of the
    problem to 50 digits (the split ∫ₐᶜ + ∫꜀ᵇ by its parts' quadratures).  A line saying the
    limit does not exist is checked as a limit's is, against the limit on the line before it;
    the first line, the definition lim_{t→∞} ∫ₐᵗ f dx, is the definition."""
    import sympy as sp

    def exact(e: Any) -> Any:
        try:
            return clock.run(min(_IMPROPER_SECONDS, clock.left()), functools.partial(_sympy_limit, sp, e))
        except (ValueError, NotImplementedError, TypeError, TimeLimitExceeded):
            return None

    number = _quadrature(to_sympy(start))
    target = None if number is not None else exact(to_sympy(start))  # diverges: sympy says how
    previous = None
    for line in section.lines:
        if _is_definition(line.expr, start):
            results.append(VERIFIED)
        elif line.note.startswith("dne_") and isinstance(previous, Limit):
            results.append(clock.run(clock.left(), functools.partial(_does_not_exist, sp, previous)))
        else:
            current = exact(value_of(line.expr, section.bindings))
            if current is None and not any(isinstance(n, Limit) for n in walk(line.expr)):
                current = to_sympy(line.expr).evalf(_DIGITS)  # ∫ₐᶜ f dx + ∫꜀ᵇ f dx by quadrature
            if current is not None and number is not None and current.is_number and current.is_finite:
                results.append(_same_number(current, number))
            else:
                results.append(_same_limit(sp, current, target, clock))
        previous = line.expr


_IMPROPER_SECONDS = 1.0  # sympy's integral or limit of one line, at most (quadrature is the fallback)


def _quadrature(integral: Any) -> Any:
    """mpmath's value of a convergent integral to 50 digits, or None (it diverges, or the
    quadrature does not settle)."""
    try:
        value = integral.evalf(_DIGITS)
    except (ValueError, TypeError, ZeroDivisionError, OverflowError):
        return None
    settled = getattr(value, "_prec", 0) >= 100  # a divergent one comes back as 0.e+2: no digits
    return value if settled and value.is_finite and abs(value) < 1e15 else None


def _is_definition(e: Any, start: Integral) -> bool:
    """Whether ``e`` is lim_{t→end} of ``start`` with t for that end: the improper integral's
    definition, an identity by definition (checked by its shape, there being nothing to compute)."""
    if not (isinstance(e, Limit) and isinstance(e.expr, Integral)):
        return False
    inner, t = e.expr, e.var
    if inner.expr != start.expr or inner.var != start.var:
        return False
    if inner.lower == t and inner.upper == start.upper:
        return e.to == start.lower and e.side in ("", "+")
    if inner.upper == t and inner.lower == start.lower:
        return e.to == start.upper and e.side in ("", "-")
    return False
