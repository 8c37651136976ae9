"""Critical points of a function of several variables and the second-derivative test (issue 21).

``extrema("x^2 + y^2")`` works ∇f and the Hessian H as the ``hessian`` task does (every partial
derivative a worked section), solves ∇f = 0 with :mod:`stepcalc.tasks.critical`, and at each
critical point evaluates H exactly and reads its leading principal minors: for two variables
the discriminant D = f_xx f_yy − f_xy².  A point is ``local_min`` when every minor is positive,
``local_max`` when they alternate from negative, ``saddle`` when an even minor is negative or the
determinant is not zero and neither holds, and ``inconclusive`` otherwise (the test says
nothing when D = 0).  The oracle checks each point, its kind and its value, and that no
critical point was missed (stepcalc.oracle.critical).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from stepcalc.budget import call_with_limit, remaining
from stepcalc.derivation import Derivation
from stepcalc.derivative_at import substitute
from stepcalc.errors import UnsupportedError
from stepcalc.exact import UndefinedValue, exact_value, to_float
from stepcalc.expr import Add, Const, Div, Expr, Func, Mul, Neg, Num, Pow, Sym, Vector, free_symbols, walk
from stepcalc.limits import DEFAULT, Limits
from stepcalc.multivariable import hessian
from stepcalc.rules.base import rational
from stepcalc.simplify import positive_exponents, tidy
from stepcalc.tasks.critical import Region, SystemSolution, solve_system

__all__ = ["KINDS", "CriticalPoint", "Extrema", "determinant", "exact", "extrema", "kind", "sign"]

KINDS = ("local_min", "local_max", "saddle", "inconclusive")
MAX_VARIABLES = 4  # the minors are worked out by cofactors: a textbook's sizes


@dataclass(frozen=True, slots=True)
class CriticalPoint:
    """A solution of ∇f = 0, H there, its leading principal minors, the kind and f's value."""

    point: dict[Sym, Expr]
    hessian: tuple[tuple[Expr, ...], ...]
    minors: tuple[Expr, ...]
    kind: str
    value: Expr
    numeric: bool = False
    bound: Expr | None = None  # where ∇f is undefined: f − f(p), of one sign (√(x² + y²) ≥ 0)

    def to_dict(self) -> dict[str, Any]:
        from stepcalc.oracle import sympy_text

        return {
            "point": {x.name: sympy_text(v) for x, v in self.point.items()},
            "kind": self.kind,
            "value": sympy_text(self.value),
            "hessian": [[sympy_text(v) for v in row] for row in self.hessian],
            "minors": [sympy_text(m) for m in self.minors],
            "numeric": self.numeric,
            "gradient_undefined": self.bound is not None,
        }


@dataclass
class Extrema:
    """The worked solution: the derivation of ∇f and H, the system's steps, the points."""

    derivation: Derivation
    variables: tuple[Sym, ...]
    gradient: tuple[Expr, ...]
    hessian: tuple[tuple[Expr, ...], ...]
    system: SystemSolution
    points: list[CriticalPoint] = field(default_factory=list)
    checks: dict[str, bool | None] = field(default_factory=dict)
    singular: list[SystemSolution] = field(default_factory=list)  # where ∇f is undefined, solved
    region: Region = field(default_factory=dict)  # a < x < b asked for (--on): only points inside

    @property
    def verified(self) -> bool | None:
        """True when the derivation and every check hold, False when one fails, else None."""
        verdicts = [self.derivation.verified, *self.checks.values()] if self.checks else [None]
        if any(v is False for v in verdicts):
            return False
        return True if all(v is True for v in verdicts) else None

    def to_dict(self) -> dict[str, Any]:
        from stepcalc.oracle import sympy_text

        return {
            "problem": self.derivation.problem.input,
            "variables": [x.name for x in self.variables],
            "gradient": [sympy_text(g) for g in self.gradient],
            "hessian": [[sympy_text(v) for v in row] for row in self.hessian],
            "points": [p.to_dict() for p in self.points],
            "region": {x.name: [sympy_text(a), sympy_text(b)] for x, (a, b) in self.region.items()},
            "verified": self.verified,
            "checks": self.checks,
        }


def extrema(
    expr: str | Expr,
    wrt: str | list[str] | None = None,
    *,
    on: str | list[str] | None = None,
    verify: bool = True,
    limits: Limits = DEFAULT,
    max_seconds: float | None = None,
) -> Extrema:
    """The critical points of ``expr`` in ``wrt`` (default: its variables in natural order),
    each classified by the second-derivative test, with the worked steps.  ``on``: open
    intervals, ``"0,2pi"`` for every variable or ``["x=0,2pi", "y=-1,1"]``; only the points
    inside are found (a periodic f has infinitely many otherwise)."""
    budget = limits.max_seconds if max_seconds is None else max_seconds
    started = time.monotonic()
    found = call_with_limit(
        budget, lambda: _extrema(expr, wrt, on, limits, budget), "finding critical points"
    )
    if verify:
        from stepcalc.oracle.critical import check_extrema

        left = max(0.0, budget - (time.monotonic() - started))
        found.derivation.verify(max_seconds=left / 2)
        what = "checking the critical points"
        found.checks = call_with_limit(max(0.0, left / 2), lambda: check_extrema(found), what)
    return found


def _extrema(
    expr: str | Expr, wrt: str | list[str] | None, on: str | list[str] | None, limits: Limits, budget: float
) -> Extrema:
    d = hessian(expr, wrt, limits=limits, max_seconds=remaining() or budget)
    if d.unknown or not isinstance(d.result, Vector):
        raise UnsupportedError(d.unknown or "the Hessian could not be worked out")
    variables = d.problem.wrt
    if len(variables) > MAX_VARIABLES:
        raise UnsupportedError(f"critical points of more than {MAX_VARIABLES} variables are not supported")
    gradient = tuple(s.lines[-1].expr for s in d.sections[: len(variables)])
    matrix = tuple(tuple(row.items) for row in d.result.items if isinstance(row, Vector))
    region = read_region(on, variables, limits)
    system = solve_system(list(gradient), list(variables), region=region)
    f = d.problem.expr
    points = [
        _classified(f, point, matrix, numeric)
        for point, numeric in zip(system.points, system.numeric, strict=True)
    ]
    found = Extrema(d, variables, gradient, matrix, system, points, region=region)
    for equation in _undefined_where(gradient):
        solved = solve_system([equation], list(variables), name="system_singular", region=region)
        found.singular.append(solved)
        for point, numeric in zip(solved.points, solved.numeric, strict=True):
            singular = _singular(f, point, numeric)
            if singular is not None and all(p.point != point for p in found.points):
                found.points.append(singular)
    return found


def read_region(on: str | list[str] | None, variables: tuple[Sym, ...], limits: Limits) -> Region:
    """``--on``: ``a,b`` for every variable, or ``x=a,b`` for one (repeated), each an open
    interval a < x < b with numbers for its ends."""
    from stepcalc.errors import StepcalcError
    from stepcalc.evaluate import split_outside_brackets
    from stepcalc.parse import parse, variable

    region: Region = {}
    for item in [on] if isinstance(on, str) else list(on or []):
        name, eq, ends = item.partition("=")
        names = [variable(name.strip())] if eq else list(variables)
        parts = split_outside_brackets(ends if eq else item, ",")
        if len(parts) != 2 or not all(p.strip() for p in parts):
            raise StepcalcError(f"--on takes an interval as a,b or x=a,b (for example x=0,2pi), not {item!r}")
        a, b = (exact(parse(p.strip(), limits=limits)) for p in parts)
        lo, hi = to_float(a), to_float(b)
        if lo is None or hi is None or free_symbols(a) or free_symbols(b):
            raise StepcalcError(f"the ends of the interval {item!r} must be numbers")
        if not lo < hi:
            raise StepcalcError(f"the interval {item!r} is empty: write a,b with a < b")
        for x in names:
            if x not in variables:
                raise StepcalcError(f"--on {item}: {x.name} is not one of the variables")
            region[x] = (a, b)
    return region


def _undefined_where(gradient: tuple[Expr, ...]) -> list[Expr]:
    """The equations h = 0 where a partial derivative is undefined because a root, a fractional
    power or |h| of f sits in its denominator (√(x² + y²) in x/√(x² + y²)).  A plain denominator
    is left out: it comes from f's own (1/x) or from ln, and f is undefined there too."""
    found: list[Expr] = []
    for g in gradient:
        for n in walk(g):
            below = n.den if isinstance(n, Div) else n.base if _negative_power(n) else None  # type: ignore[attr-defined]
            if isinstance(n, Func) and n.name == "sign":  # |u|' = sign u, undefined where u = 0
                below = Func("abs", n.args)
            for h in _radicands(below) if below is not None else []:
                h = tidy(h)
                if free_symbols(h) and h not in found:
                    found.append(h)
    return found


def _negative_power(n: Expr) -> bool:
    k = rational(n.exp) if isinstance(n, Pow) else None
    return k is not None and k < 0


def _radicands(e: Expr) -> list[Expr]:
    """The h of the roots, fractional powers and |h| a denominator is zero with."""
    if isinstance(e, Mul):
        return [h for factor in e.factors for h in _radicands(factor)]
    if isinstance(e, Neg):
        return _radicands(e.arg)
    if isinstance(e, Func) and e.name in ("sqrt", "cbrt", "abs"):
        return [e.args[0]]
    if isinstance(e, Pow) and (k := rational(e.exp)) is not None and k.denominator != 1:
        return [e.base]
    return []


def _singular(f: Expr, point: dict[Sym, Expr], numeric: bool) -> CriticalPoint | None:
    """A point where ∇f is undefined, if f is defined there: its kind read off f − f(p) when
    that is of one sign (√(x² + y²) ≥ 0: a minimum), else inconclusive."""
    try:
        value = exact(substitute(f, point))
    except UnsupportedError:
        return None  # f is undefined there: not a point of its domain
    difference = tidy(Add((f, Neg(value))))
    kind = "inconclusive"
    if _signed(difference):
        kind = "local_min"
    elif _signed(tidy(Neg(difference))):
        kind = "local_max"
    return CriticalPoint(point, (), (), kind, value, numeric, bound=difference)


def _signed(e: Expr) -> bool:
    """Whether ``e`` is ≥ 0 wherever it is defined, by its form: a root, |u|, an even power,
    eᵘ, a positive number, and sums, products and quotients of these."""
    if isinstance(e, Num):
        return True
    if isinstance(e, Func):
        return e.name in ("sqrt", "abs", "exp", "cosh")
    if isinstance(e, Pow):
        k = rational(e.exp)
        return e.base == Const("e") or (k is not None and (k.numerator % 2 == 0 or _signed(e.base)))
    if isinstance(e, Add | Mul):
        return all(_signed(t) for t in (e.terms if isinstance(e, Add) else e.factors))
    if isinstance(e, Div):
        return _signed(e.num) and _signed(e.den)
    return False


def _classified(
    f: Expr, point: dict[Sym, Expr], matrix: tuple[tuple[Expr, ...], ...], numeric: bool
) -> CriticalPoint:
    at = tuple(tuple(exact(substitute(v, point)) for v in row) for row in matrix)
    minors = tuple(exact(determinant([row[:k] for row in at[:k]])) for k in range(1, len(at) + 1))
    value = exact(substitute(f, point))
    if numeric:  # worked from 6-digit decimals: shown to 6 digits, as the point is
        at = tuple(tuple(rounded(v) for v in row) for row in at)
        minors, value = tuple(rounded(m) for m in minors), rounded(value)
    return CriticalPoint(point, at, minors, kind(minors), value, numeric)


def rounded(e: Expr) -> Expr:
    """A number worked out from a numeric point, as a 6-digit decimal (a plain fraction, such
    as a constant second derivative 2, stays as it is)."""
    from stepcalc.tasks.sampling import decimal

    exactly = rational(e)
    if exactly is not None and exactly.denominator < 10_000 and abs(exactly.numerator) < 10**6:
        return e
    value = to_float(e)
    return e if value is None else decimal(value)


def kind(minors: tuple[Expr, ...]) -> str:
    """The second-derivative test on the leading principal minors m₁, …, mₙ of H."""
    signs = [sign(m) for m in minors]
    if all(s > 0 for s in signs):
        return "local_min"
    if all(s == (-1) ** k for k, s in enumerate(signs, start=1)):
        return "local_max"
    if any(s < 0 for s in signs[1::2]) or signs[-1] != 0:
        return "saddle"  # an even minor below zero, or H invertible and neither definite
    return "inconclusive"


def sign(e: Expr) -> int:
    if e == Num(0):
        return 0
    value = to_float(e)
    if value is None:
        raise UnsupportedError(f"the sign of {e} cannot be decided")
    return (value > 0) - (value < 0)


def exact(e: Expr) -> Expr:
    """``e`` worked out exactly, written as a book writes a number (1/(2e), not e⁻¹/2)."""
    try:
        return positive_exponents(tidy(exact_value(tidy(e)))).expr
    except UndefinedValue as error:
        raise UnsupportedError(f"the Hessian is not defined at a critical point: {error}") from None


def determinant(rows: list[tuple[Expr, ...]]) -> Expr:
    """The determinant by the permutations' products (n ≤ 4: 24 terms at most)."""
    n = len(rows)
    terms: list[Expr] = []
    for perm in itertools.permutations(range(n)):
        inversions = sum(1 for i, j in itertools.combinations(range(n), 2) if perm[i] > perm[j])
        product: Expr = Mul(tuple(rows[i][perm[i]] for i in range(n))) if n > 1 else rows[0][perm[0]]
        terms.append(Neg(product) if inversions % 2 else product)
    return terms[0] if len(terms) == 1 else Add(tuple(terms))
