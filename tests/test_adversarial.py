"""Adversarial probes of the answer checker, judged against a truth decided without stepcalc.

The probes (``tests/adversarial_probes.py``) are answers made to fool a checker: decimals
near the exact coefficient, differences of 10^-20, answers wrong only past x = 150 or only
for |x| < 10^-4, problems that live on (150, 160), derivative notation left in, undefined
functions, right answers in unusual forms, and wrong answers that look right.

The truth of a probe is decided here from its sympy text alone.  sympy differentiates the
problem; the derivative and the answer are evaluated with mpmath at 80 digits at points
±m·10^k (k = -6..6) and across the probe's own interval, keeping the points where the problem
is real.  The answer is correct when it agrees to 1e-40 (relative) at 8 or more of them (or,
failing enough points, when ``sympy.simplify`` gives 0), incorrect when a difference is
confirmed at 160 digits.  The undefined f and g become three pairs of concrete functions.
Only ``stepcalc.tasks.check.check_answer`` comes from stepcalc.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import re
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import mpmath
import pytest
import sympy as sp
from sympy.parsing.sympy_parser import parse_expr, rationalize, standard_transformations

from stepcalc.tasks.check import check_answer
from tests.adversarial_probes import CATEGORIES, PROBES, TOL_PROBES, Probe

ACCEPTS = ("correct", "correct_but_form")
REJECTS = ("incorrect", "invalid")

X = sp.Symbol("x", real=True)
_T = sp.Symbol("t", real=True)
_READ = (*standard_transformations, rationalize)  # decimals are exact, as stepcalc reads them
_UNDEFINED = re.compile(r"(?<![A-Za-z])(f|g|fp|gp)\(")

# Stand-ins for the undefined f and g: smooth on the whole line, of moderate growth (so that
# f(g(x)) and e^f(x) at x = 10^6 can still be computed), none a multiple of its own derivative.
CONCRETE: tuple[tuple[sp.Expr, sp.Expr], ...] = (
    (sp.sin(3 * _T + 1) + _T**3 / 5, sp.cos(2 * _T) + _T**2 / 3 + sp.Rational(1, 2)),
    (sp.atan(_T) + _T**2 / 7 - 2 * _T, _T**3 / 11 + sp.sin(_T) + 2),
    (_T**5 / 100 - sp.cos(_T), 1 / (1 + _T**2) + _T / 3),
)

# Mantissas of many digits, so that no point is an integer (where sin(πx) would vanish).
_MANTISSAS = ("1.13731823716", "3.71930264913", "7.04219553187")
_STEPS = tuple(Fraction(m) * Fraction(10) ** k for k in range(-6, 7) for m in _MANTISSAS)
GRID: tuple[Fraction, ...] = (*_STEPS, *(-s for s in _STEPS))
_FRACTIONS = tuple(
    Fraction(t)
    for t in [
        *("0.000001", "0.0001", "0.00731", "0.0137", "0.05113", "0.1", "0.237", "0.3319", "0.4142"),
        *("0.5", "0.613", "0.771", "0.8537", "0.9", "0.97", "0.99", "0.9999"),
    ]
)
_TINY = mpmath.mpf(10) ** -40  # equal: closer than this, relative
_EQUAL_POINTS = 8  # correct: equal at this many points of the domain at least


def _interval_points(domain: tuple[str | None, str | None] | None) -> tuple[Fraction, ...]:
    """Points inside the probe's own interval: across it, close to its ends, and far out."""
    if domain is None:
        return ()
    lo, hi = (None if end is None else Fraction(end) for end in domain)
    if lo is not None and hi is not None:
        return tuple(lo + (hi - lo) * t for t in _FRACTIONS)
    if lo is not None:
        return tuple(lo + s for s in _STEPS)
    assert hi is not None
    return tuple(hi - s for s in _STEPS)


# ---------------------------------------------------------------- numbers
def _heaviside(u: Any, *_: Any) -> Any:
    return mpmath.mpf(1) if u > 0 else mpmath.mpf(0) if u < 0 else mpmath.mpf(1) / 2


# DiracDelta comes from differentiating Heaviside, sign or relu; no test point sits on a jump.
_MODULES: list[Any] = [
    {"Heaviside": _heaviside, "DiracDelta": lambda *_: 0, "sign": mpmath.sign, "Max": max, "Min": min},
    "mpmath",
]


@functools.cache
def _compile(e: sp.Expr) -> Callable[[Any], Any]:
    fn: Callable[[Any], Any] = sp.lambdify(X, e, modules=_MODULES)
    return fn


def _value(e: sp.Expr, point: Fraction, dps: int) -> Any | None:
    """e at ``point`` to ``dps`` digits when it is a finite real number, else None."""
    with mpmath.workdps(dps):
        try:
            v = _compile(e)(mpmath.mpf(point.numerator) / point.denominator)
        except (ZeroDivisionError, ValueError, OverflowError, TypeError):
            return None
        if isinstance(v, mpmath.mpc):
            if v.imag != 0:
                return None
            v = v.real
        v = mpmath.mpf(v)
        return v if mpmath.isfinite(v) else None


def _relative(d: Any, a: Any) -> Any:
    scale = max(abs(d), abs(a))
    return abs(d - a) / scale if scale else mpmath.mpf(0)


def _magnitude(e: sp.Expr) -> sp.Expr:
    """``e`` with every sum made a sum of absolute values."""
    out: sp.Expr = e.replace(lambda n: n.is_Add, lambda n: sp.Add(*(sp.Abs(a) for a in n.args)))
    return out


def _cancelled(e: sp.Expr, value: Any, point: Fraction) -> bool:
    """Whether an exact 0 comes from cancellation rather than being a true 0: 1 - tanh² x is 0
    at x = 400 to 80 digits (its magnitude 1 + tanh² x is not), relu(x) is truly 0 at x = -1."""
    if value != 0 or e == 0:
        return False
    magnitude = _value(_magnitude(e), point, 30)
    return magnitude is None or magnitude != 0


@dataclass(frozen=True)
class Truth:
    truth: str  # correct | incorrect | undecided
    why: str


def _compare(problem: sp.Expr, answer: sp.Expr, points: tuple[Fraction, ...]) -> Truth:
    """The answer against sympy's derivative of the problem, at the points where the problem is real."""
    derivative = sp.diff(problem, X)
    equal, missing = 0, None
    for point in points:
        if _value(problem, point, 30) is None or (d := _value(derivative, point, 80)) is None:
            continue  # outside the real domain of the problem
        if (a := _value(answer, point, 80)) is None:
            missing = point
            continue
        if _cancelled(derivative, d, point) or _cancelled(answer, a, point):
            continue
        if _relative(d, a) <= _TINY:
            equal += 1
            continue
        d2, a2 = _value(derivative, point, 160), _value(answer, point, 160)
        if d2 is None or a2 is None:
            continue
        if abs(d2 - a2) <= mpmath.mpf(10) ** -50 * abs(d - a):  # rounding noise: it shrank with precision
            equal += 1
        elif abs((d - a) - (d2 - a2)) <= mpmath.mpf(10) ** -10 * abs(d2 - a2):
            where = f"x = {float(point):.6g}: {mpmath.nstr(d2, 12)} vs {mpmath.nstr(a2, 12)}"
            return Truth("incorrect", f"differ at {where}")
    if missing is not None:
        return Truth("undecided", f"the answer is not real at x = {float(missing):.6g}, inside the domain")
    if equal >= _EQUAL_POINTS:
        return Truth("correct", f"equal at {equal} points")
    if sp.simplify(derivative - answer) == 0:
        return Truth("correct", f"simplify gives 0 (equal at only {equal} points)")
    return Truth("undecided", f"equal at only {equal} points of the domain")


def _read(text: str, substitution: int | None) -> sp.Expr:
    names: dict[str, Any] = {"x": X}
    if substitution is not None:
        f, g = CONCRETE[substitution]
        names |= {
            "f": sp.Lambda(_T, f),
            "g": sp.Lambda(_T, g),
            "fp": sp.Lambda(_T, sp.diff(f, _T)),
            "gp": sp.Lambda(_T, sp.diff(g, _T)),
        }
    e: sp.Expr = parse_expr(text, local_dict=names, transformations=_READ)
    return e


def decide(probe: Probe) -> Truth:
    """The truth of a probe, from its sympy text alone."""
    if probe.answer_sympy is None:
        return Truth("incorrect", "by specification: derivative notation is left in the answer")
    points = GRID + _interval_points(probe.domain)
    undefined = _UNDEFINED.search(f"{probe.problem_sympy} {probe.answer_sympy}") is not None
    truths = [
        _compare(_read(probe.problem_sympy, k), _read(probe.answer_sympy, k), points)
        for k in (range(len(CONCRETE)) if undefined else [None])
    ]
    for t in truths:
        if t.truth == "incorrect":
            return t
    if all(t.truth == "correct" for t in truths):
        return Truth("correct", "; ".join(t.why for t in truths))
    return next(t for t in truths if t.truth == "undecided")


def distance(probe: Probe) -> float:
    """The largest difference, absolute or relative, between a tol probe's answer and the truth."""
    assert probe.answer_sympy is not None
    problem, answer = _read(probe.problem_sympy, None), _read(probe.answer_sympy, None)
    derivative = sp.diff(problem, X)
    worst = 0.0
    for point in GRID:
        d, a = _value(derivative, point, 30), _value(answer, point, 30)
        if d is not None and a is not None:
            worst = max(worst, float(abs(d - a)), float(_relative(d, a)))
    return worst


# ---------------------------------------------------------------- each computed once per session
ALL = {p.id: p for p in (*PROBES, *TOL_PROBES)}


def _evaluate(probe_id: str) -> tuple[Truth, tuple[str, str]]:
    """A probe's truth, and stepcalc's verdict and feedback."""
    p = ALL[probe_id]
    v = check_answer(p.problem, p.answer, "x")
    return decide(p), (v.verdict, v.feedback)


@functools.cache
def _results() -> dict[str, tuple[Truth, tuple[str, str]]]:
    """Every probe evaluated once, on two processes when there are two cores."""
    ids = list(ALL)
    if (os.cpu_count() or 1) < 2:
        return {i: _evaluate(i) for i in ids}
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        return dict(zip(ids, pool.map(_evaluate, ids, chunksize=8), strict=True))


def truth_of(probe_id: str) -> Truth:
    return _results()[probe_id][0]


def verdict_of(probe_id: str) -> tuple[str, str]:
    return _results()[probe_id][1]


def _report(title: str, bad: list[Probe]) -> str:
    by_category = Counter(p.category for p in bad)
    counts = ", ".join(f"{c} {by_category[c]}" for c in CATEGORIES if by_category[c])
    lines = [f"  {p.id}: ({p.problem})' answered {p.answer!r} -> {': '.join(verdict_of(p.id))}" for p in bad]
    return f"{len(bad)} {title} ({counts}):\n" + "\n".join(lines)


# ---------------------------------------------------------------- the table
def test_at_least_450_probes_and_25_in_every_category() -> None:
    counts = Counter(p.category for p in PROBES)
    assert len(PROBES) >= 450, len(PROBES)
    assert set(counts) == set(CATEGORIES)
    assert min(counts.values()) >= 25, counts
    assert len(ALL) == len(PROBES) + len(TOL_PROBES)  # ids are unique
    assert 15 <= len(TOL_PROBES) <= 20


def test_truth_is_decided_for_every_probe() -> None:
    undecided = [
        f"  {p.id}: ({p.problem})' = {p.answer!r}: {truth_of(p.id).why}"
        for p in ALL.values()
        if truth_of(p.id).truth == "undecided"
    ]
    if undecided:
        pytest.fail("undecided truth (a bug in the table):\n" + "\n".join(undecided), pytrace=False)


def test_truth_is_what_each_probe_meant() -> None:
    wrong = [
        f"  {p.id}: ({p.problem})' = {p.answer!r} meant {p.intended}: {truth_of(p.id)}"
        for p in ALL.values()
        if truth_of(p.id).truth not in ("undecided", p.intended)
    ]
    if wrong:
        pytest.fail("a probe's truth is not what its table says:\n" + "\n".join(wrong), pytrace=False)


# ---------------------------------------------------------------- the checker
def test_no_false_accepts() -> None:
    bad = [p for p in PROBES if truth_of(p.id).truth == "incorrect" and verdict_of(p.id)[0] in ACCEPTS]
    if bad:
        pytest.fail(_report("wrong answers judged correct", bad), pytrace=False)


def test_no_false_rejects() -> None:
    bad = [p for p in PROBES if truth_of(p.id).truth == "correct" and verdict_of(p.id)[0] in REJECTS]
    if bad:
        pytest.fail(_report("right answers judged wrong", bad), pytrace=False)


def test_unknowns_are_few() -> None:
    unknown = [p for p in PROBES if verdict_of(p.id)[0] == "unknown"]
    report = _report("unknown verdicts", unknown)
    print(report)
    if len(unknown) > len(PROBES) // 100:
        pytest.fail(f"more than 1% of {len(PROBES)} probes: {report}", pytrace=False)


# ---------------------------------------------------------------- tol: close decimals accepted when asked
def test_tol_probes_are_close_but_not_equal() -> None:
    far = [f"  {p.id}: {p.answer!r} is {distance(p):.3g} away" for p in TOL_PROBES if distance(p) > 1e-7]
    assert not far, "a tol probe is not within 1e-7 of the truth:\n" + "\n".join(far)
    assert all(truth_of(p.id).truth == "incorrect" for p in TOL_PROBES)


@pytest.mark.parametrize("probe", TOL_PROBES, ids=[p.id for p in TOL_PROBES])
def test_tol_accepts_a_close_decimal(probe: Probe) -> None:
    v = check_answer(probe.problem, probe.answer, "x", tol=1e-6)
    assert v.verdict == "correct", f"({probe.problem})' answered {probe.answer!r}: {v.verdict}: {v.feedback}"
    assert v.approximate is True
    exact = verdict_of(probe.id)
    assert exact[0] == "incorrect", f"without tol, ({probe.problem})' answered {probe.answer!r}: {exact}"
