"""The oracle's check of a curve sketch (stepcalc analyze), independent of how it was found.

sympy's calculus utilities are known to return wrong or no answers (sympy #28571, #26871,
#22793), so each question has a numeric check that decides where sympy abstains:

* ``stationary``: f′ = 0 solved by sympy's ``solveset`` on the interval (or ℝ), kept where f′
  is real, against the stationary points reported; and f′ sampled on a fine grid, each of
  its sign changes at a point of the chart.  Where sympy returns no finite set the sampling
  decides; where the two disagree the verdict is None;
* ``concavity_points``: the same sampling for f″;
* ``signs``: f′ (f″) sampled with mpmath at 30 digits inside every reported interval of
  increase and decrease (concavity) has the reported sign;
* ``extrema``: f beside each local minimum and maximum, and at the reported value;
* ``values``: every reported f(x) against sympy's value of f there.

Each verdict is True, False (a reported fact is wrong: the output says so), or None.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from stepcalc.budget import TimeLimitExceeded, call_with_limit
from stepcalc.errors import LimitError
from stepcalc.oracle.convert import real_form, to_sympy
from stepcalc.oracle.guard import bounded

if TYPE_CHECKING:
    from stepcalc.tasks.analyze import Analysis, Interval

__all__ = ["check_analysis"]

SECONDS = 8.0  # for the whole check; what is left undecided is None
SOLVESET_SECONDS = 2.0  # for sympy's solveset, after which the sampling decides alone
_SAMPLES = 7
_GRID = 2000  # the sampling of f′ and f″ for sign changes the chart has not got


def check_analysis(a: Analysis) -> dict[str, bool | None]:
    try:
        return call_with_limit(SECONDS, lambda: bounded(lambda: _checks(a)), "checking the curve sketch")
    except (TimeLimitExceeded, LimitError, MemoryError, RecursionError):
        return {"stationary": None}


def _checks(a: Analysis) -> dict[str, bool | None]:
    import sympy as sp

    x = sp.Symbol(a.x.name, real=True)
    f = real_form(to_sympy(a.f))
    d1 = _no_delta(sp, sp.diff(f, x))  # |u| and real odd roots bring sign(u), whose δ(u) is 0 off u = 0
    d2 = _no_delta(sp, sp.diff(d1, x))
    fn, g1, g2 = _numeric(sp, f, x), _numeric(sp, d1, x), _numeric(sp, d2, x)
    return {
        "stationary": _decide(_stationary(sp, a, d1, x, g1), _sign_changes_explained(g1, a, first=True)),
        "concavity_points": _sign_changes_explained(g2, a, first=False),
        "signs": _all(
            [_sign_on(g1, i, 1) for i in a.increasing]
            + [_sign_on(g1, i, -1) for i in a.decreasing]
            + [_sign_on(g2, i, 1) for i in a.concave_up]
            + [_sign_on(g2, i, -1) for i in a.concave_down]
        ),
        "extrema": _all(
            _extremum(fn, c.x.approx, 1 if c.kind == "local_min" else -1)
            for c in a.critical
            if c.kind in ("local_min", "local_max")
        ),
        "values": _all(_value(fn, c.x.approx, c.y, c.x.numeric) for c in a.critical),
        "absolute": _all([_bound(fn, a, a.absolute_min, -1), _bound(fn, a, a.absolute_max, 1)]),
    }


def _no_delta(sp: Any, e: Any) -> Any:
    return e.replace(sp.DiracDelta, lambda *args: sp.S.Zero) if e.has(sp.DiracDelta) else e


def _numeric(sp: Any, e: Any, x: Any) -> Callable[[float], float | None]:
    import mpmath

    compiled = sp.lambdify(x, e, modules="mpmath")

    def value(v: float) -> float | None:
        with mpmath.workdps(30):
            try:
                out = compiled(mpmath.mpf(v))
            except (ValueError, ZeroDivisionError, OverflowError, TypeError, NameError):
                return None
            if isinstance(out, mpmath.mpc):
                if abs(out.imag) > 1e-20 * abs(out.real):  # complex, not a rounding of a real value
                    return None
                out = out.real
            try:
                result = float(out)
            except (TypeError, ValueError):
                return None
        return result if math.isfinite(result) else None

    return value


def _all(verdicts: Iterable[bool | None]) -> bool | None:
    found = list(verdicts)
    if False in found:
        return False
    return None if None in found else True


def _stationary(sp: Any, a: Analysis, d1: Any, x: Any, g1: Callable[[float], float | None]) -> bool | None:
    domain = sp.S.Reals
    if a.window is not None:
        domain = sp.Interval(to_sympy(a.window[0].value), to_sympy(a.window[1].value))
    try:  # sympy may think long (sign and |x| of a real cube root): then it abstains
        found = call_with_limit(SOLVESET_SECONDS, lambda: sp.solveset(sp.numer(sp.together(d1)), x, domain))
    except (NotImplementedError, ValueError, TypeError, TimeLimitExceeded):  # |sin x|: "periodic solutions"
        return None
    if found is not sp.S.EmptySet and not isinstance(found, sp.FiniteSet):
        return None
    theirs = sorted(
        v
        for s in (found if found is not sp.S.EmptySet else ())
        if (v := _real(s)) is not None and g1(v) is not None and _defined_near(g1, v)
    )
    if a.window is not None:  # the ends of the interval are not critical points, whatever f′ is there
        theirs = [v for v in theirs if not any(math.isclose(v, e.approx, abs_tol=1e-9) for e in a.window)]
    ours = sorted(c.x.approx for c in a.critical if c.derivative == "zero")
    if len(theirs) != len(ours):
        return False
    return all(math.isclose(p, q, rel_tol=1e-6, abs_tol=1e-6) for p, q in zip(theirs, ours, strict=True))


def _decide(sympy_says: bool | None, numeric_says: bool | None) -> bool | None:
    """sympy's verdict where it agrees with the sampling; where it abstains the sampling
    decides; where the two disagree, None: the output says unverified, hiding nothing."""
    if sympy_says is None:
        return numeric_says
    return sympy_says if sympy_says == numeric_says or numeric_says is None else None


def _sign_changes_explained(g: Callable[[float], float | None], a: Analysis, *, first: bool) -> bool | None:
    """Every sign change of g (f′ or f″) on a fine grid lies at a point the chart has."""
    chart = a.first if first else a.second
    points = [m.point.approx for m in chart.marks]
    if a.window is not None:
        lo, hi = a.window[0].approx, a.window[1].approx
    else:
        lo, hi = min(points, default=0.0) - 20.0, max(points, default=0.0) + 20.0
    n = _GRID
    xs = [lo + (hi - lo) * (i + 0.5) / n for i in range(n)]
    ys = [g(v) for v in xs]
    for (u, gu), (v, gv) in zip(zip(xs, ys, strict=True), zip(xs[1:], ys[1:], strict=True), strict=False):
        if gu is None or gv is None or gu * gv >= 0:
            continue
        if not any(u - 1e-9 <= p <= v + 1e-9 for p in points):
            return False
    return True


def _real(s: Any) -> float | None:
    value = complex(s.evalf(30))
    return value.real if abs(value.imag) < 1e-12 else None


def _defined_near(fn: Callable[[float], float | None], v: float) -> bool:
    """f′ defined beside a stationary point (not an end of f's domain) and without a jump
    there (sympy's sign(x) is 0 at 0, but |x| has no derivative at 0)."""
    h = 1e-7 * max(1.0, abs(v))
    if fn(v - h) is None and fn(v + h) is None:
        return False
    a, b, c, d = fn(v - h), fn(v + h), fn(v - h / 100), fn(v + h / 100)
    if a is None or b is None or c is None or d is None:
        return True
    gap, closer = abs(a - b), abs(c - d)
    return not (gap > 1e-9 and closer > 0.5 * gap)  # a gap that does not close is a jump


def _sign_on(g: Callable[[float], float | None], interval: Interval, sign: int) -> bool | None:
    lo = interval.lo.approx if interval.lo is not None else None
    hi = interval.hi.approx if interval.hi is not None else None
    if lo is None and hi is None:
        lo, hi = -50.0, 50.0
    elif lo is None:
        assert hi is not None
        lo = hi - 50.0
    elif hi is None:
        hi = lo + 50.0
    assert lo is not None and hi is not None
    verdict: bool | None = True
    for k in range(1, _SAMPLES + 1):
        v = g(lo + (hi - lo) * (k + 0.0137) / (_SAMPLES + 1))  # off round numbers, where g may be undefined
        if v is None:
            verdict = None
        elif v * sign <= 0 and abs(v) > 1e-12:
            return False
    return verdict


def _extremum(fn: Callable[[float], float | None], v: float, sense: int) -> bool | None:
    """A local minimum (sense 1) is no more than f beside it; a maximum no less."""
    here = fn(v)
    if here is None:
        return None
    for h in (1e-3, 1e-5):
        for side in (-1, 1):
            there = fn(v + side * h * max(1.0, abs(v)))
            if there is not None and (there - here) * sense < -1e-9 * max(1.0, abs(here)):
                return False
    return True


def _bound(fn: Callable[[float], float | None], a: Analysis, found: Any, sense: int) -> bool | None:
    """No value of f sampled across its domain (within the interval) passes a reported absolute
    minimum (sense −1) or maximum (sense 1)."""
    from stepcalc.exact import to_float

    if not found:
        return True  # none, or undecided: nothing reported to pass
    best = to_float(found[0][1])
    if best is None:
        return None
    # a numeric extremum's value is rounded to 6 significant digits
    tol = (5e-6 if any(p.numeric for p, _ in found) else 1e-9) * max(1.0, abs(best))
    for piece in a.domain:
        lo = piece.lo.approx if piece.lo is not None else (piece.hi.approx if piece.hi else 0.0) - 50.0
        hi = piece.hi.approx if piece.hi is not None else lo + 100.0
        for k in range(_GRID + 1):
            v = fn(lo + (hi - lo) * (k + 1e-6) / (_GRID + 2e-6))
            if v is not None and (v - best) * sense > tol:
                return False
    return True


def _value(fn: Callable[[float], float | None], v: float, y: Any, numeric: bool) -> bool | None:
    from stepcalc.exact import to_float

    here, reported = fn(v), to_float(y)
    if here is None or reported is None:
        return None
    tol = 1e-5 if numeric else 1e-9
    return math.isclose(here, reported, rel_tol=tol, abs_tol=tol)
