"""Extrema under constraints by Lagrange multipliers (issue 21, item 2).

``lagrange("1/a + 4/b", ["a + b = 1"])`` writes the Lagrangian L = f − λ(g − c) (one λᵢ per
constraint), works ∇L with every partial derivative a section (∂L/∂λ = 0 gives back the
constraint), solves ∇L = 0 with :mod:`stepcalc.tasks.critical`, and lists the candidates with
f's value.  Which are the constrained minimum and maximum is decided

* on a closed, bounded constraint set (a constraint Σ cᵢxᵢ^(2kᵢ) = c with every cᵢ > 0 and
  every variable in it): by comparing the values, as the extreme value theorem allows;
* otherwise by the bordered Hessian at each candidate (its last n − m leading principal minors:
  all of the sign of (−1)^m for a local minimum, alternating from (−1)^(m+1) for a maximum);
* or not at all: the candidate is stated as a candidate.

The oracle checks each candidate, the values and that none is missed (stepcalc.oracle.critical).
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from stepcalc.budget import call_with_limit, remaining
from stepcalc.derivation import Derivation, natural_order
from stepcalc.derivative_at import substitute
from stepcalc.errors import StepcalcError, UnsupportedError
from stepcalc.exact import to_float
from stepcalc.expr import Add, Equation, Expr, Func, Mul, Neg, Num, Pow, Sym, Vector, free_symbols
from stepcalc.limits import DEFAULT, Limits
from stepcalc.multivariable import gradient, hessian
from stepcalc.parse import parse
from stepcalc.partials import variable_names
from stepcalc.simplify import tidy
from stepcalc.tasks.critical import SystemSolution, solve_system
from stepcalc.tasks.extrema import determinant, exact, sign

__all__ = ["Candidate", "Lagrange", "lagrange"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A solution of ∇L = 0: the point, the multipliers, f's value and what it is."""

    point: dict[Sym, Expr]
    multipliers: dict[Sym, Expr]
    value: Expr
    kind: str = "candidate"  # "min", "max", "candidate"
    numeric: bool = False
    irregular: bool = False  # a point of the constraint where ∇g = 0: no λ, a candidate all the same

    def to_dict(self) -> dict[str, Any]:
        from stepcalc.oracle import sympy_text

        return {
            "point": {x.name: sympy_text(v) for x, v in self.point.items()},
            "multipliers": {x.name: sympy_text(v) for x, v in self.multipliers.items()},
            "value": sympy_text(self.value),
            "kind": self.kind,
            "numeric": self.numeric,
        }


@dataclass
class Lagrange:
    """The worked solution: L, the derivation of ∇L, the system's steps, the candidates."""

    f: Expr
    constraints: tuple[Expr, ...]  # each g - c, written = 0
    variables: tuple[Sym, ...]
    multipliers: tuple[Sym, ...]
    lagrangian: Expr
    derivation: Derivation
    system: SystemSolution
    candidates: list[Candidate] = field(default_factory=list)
    decided_by: str | None = None  # "compact", "bordered_hessian" or None
    checks: dict[str, bool | None] = field(default_factory=dict)
    irregular: SystemSolution | None = None  # g = 0 and ∇g = 0 solved (one constraint)
    inner: Expr | None = None  # f = c√h: L is built from h, which has its extrema at the same points

    @property
    def verified(self) -> bool | None:
        verdicts = [self.derivation.verified, *self.checks.values()] if self.checks else [None]
        if any(v is False for v in verdicts):
            return False
        return True if all(v is True for v in verdicts) else None

    def extreme(self, kind: str) -> tuple[Expr, list[Candidate]] | None:
        """The constrained minimum or maximum (``kind``): the least (greatest) value among the
        candidates marked so, and the points where it is taken; None when none is marked."""
        marked = [(to_float(c.value), c) for c in self.candidates if c.kind == kind]
        known = [(v, c) for v, c in marked if v is not None]
        if not known:
            return None
        best = (min if kind == "min" else max)(v for v, _ in known)
        where = [c for v, c in known if abs(v - best) <= 1e-12 * max(1.0, abs(best))]
        return where[0].value, where

    def to_dict(self) -> dict[str, Any]:
        from stepcalc.oracle import sympy_text

        def extreme(kind: str) -> dict[str, Any] | None:
            found = self.extreme(kind)
            if found is None:
                return None
            return {"value": sympy_text(found[0]), "points": [c.to_dict()["point"] for c in found[1]]}

        return {
            "problem": sympy_text(self.f),
            "constraints": [sympy_text(g) + " = 0" for g in self.constraints],
            "variables": [x.name for x in self.variables],
            "lagrangian": sympy_text(self.lagrangian),
            "objective": sympy_text(self.inner if self.inner is not None else self.f),
            "candidates": [c.to_dict() for c in self.candidates],
            "min": extreme("min"),
            "max": extreme("max"),
            "decided_by": self.decided_by,
            "verified": self.verified,
            "checks": self.checks,
        }


def lagrange(
    expr: str | Expr,
    subject_to: list[str] | list[Expr],
    wrt: str | list[str] | None = None,
    *,
    verify: bool = True,
    limits: Limits = DEFAULT,
    max_seconds: float | None = None,
) -> Lagrange:
    """The extrema of ``expr`` subject to the equations ``subject_to`` (``"a + b = 1"``)."""
    budget = limits.max_seconds if max_seconds is None else max_seconds
    started = time.monotonic()
    found = call_with_limit(
        budget, lambda: _lagrange(expr, subject_to, wrt, limits, budget), "finding critical points"
    )
    if verify:
        from stepcalc.oracle.critical import check_lagrange

        left = max(0.0, budget - (time.monotonic() - started))
        found.derivation.verify(max_seconds=left / 2)
        found.checks = call_with_limit(
            max(0.0, left / 2), lambda: check_lagrange(found), "checking the critical points"
        )
    return found


def _lagrange(
    expr: str | Expr, subject_to: list[str] | list[Expr], wrt: Any, limits: Limits, budget: float
) -> Lagrange:
    f = parse(expr, limits=limits) if isinstance(expr, str) else expr
    if not subject_to:
        raise StepcalcError("give at least one constraint, as --subject-to 'a + b = 1'")
    constraints = tuple(_constraint(c, limits) for c in subject_to)
    named = variable_names(wrt)
    variables = tuple(named or natural_order(free_symbols(f).union(*(free_symbols(g) for g in constraints))))
    if len(constraints) >= len(variables):
        raise UnsupportedError("there must be fewer constraints than variables")
    lambdas = (
        (Sym("lambda"),)
        if len(constraints) == 1
        else tuple(Sym(f"lambda_{i}") for i in range(1, len(constraints) + 1))
    )
    if any(m in variables for m in lambdas):
        raise StepcalcError("λ is the multiplier's name: call the variables something else")
    inner = _under_root(f)
    objective = f if inner is None else inner
    terms = objective.terms if isinstance(objective, Add) else (objective,)
    lagrangian = Add((*terms, *(Neg(Mul((m, g))) for m, g in zip(lambdas, constraints, strict=True))))
    d = gradient(lagrangian, list(variables + lambdas), limits=limits, max_seconds=remaining() or budget)
    if d.unknown or not isinstance(d.result, Vector):
        raise UnsupportedError(d.unknown or "∇L could not be worked out")
    d.problem = dataclasses.replace(d.problem, name=Sym("L"))
    system = solve_system(list(d.result.items), list(variables + lambdas), name="system_l")
    found = Lagrange(f, constraints, variables, lambdas, lagrangian, d, system, inner=inner)
    found.candidates = [
        Candidate(
            {x: p[x] for x in variables},
            {m: p[m] for m in lambdas},
            _value(f, {x: p[x] for x in variables}, approx),
            numeric=approx,
        )
        for p, approx in zip(system.points, system.numeric, strict=True)
    ]
    if len(constraints) == 1:
        _add_irregular(found, limits)
    _decide(found, limits)
    return found


def _add_irregular(found: Lagrange, limits: Limits) -> None:
    """The points of the constraint where ∇g = 0 (the cusp of y² = x³): Lagrange's condition
    ∇f = λ∇g says nothing there, so each is a candidate too.  When g = 0, ∇g = 0 cannot be solved,
    ``irregular`` stays None and no extreme is decided by comparing values."""
    (g,) = found.constraints
    worked = gradient(g, list(found.variables), limits=limits, max_seconds=remaining())
    if worked.unknown or not isinstance(worked.result, Vector):
        return
    try:
        solved = solve_system([g, *worked.result.items], list(found.variables), name="system_irregular")
    except UnsupportedError:
        return
    found.irregular = solved
    for point, approx in zip(solved.points, solved.numeric, strict=True):
        if all(c.point != point for c in found.candidates):
            value = _value(found.f, point, approx)
            found.candidates.append(Candidate(point, {}, value, numeric=approx, irregular=True))


def _value(f: Expr, point: dict[Sym, Expr], numeric: bool) -> Expr:
    from stepcalc.tasks.extrema import rounded

    value = exact(substitute(f, point))
    return rounded(value) if numeric else value


def _under_root(f: Expr) -> Expr | None:
    """h when f = c√h with c > 0 (a distance): √u increases with u, so f and h have their
    constrained extrema at the same points, and ∇(h − λg) = 0 has no root in it."""
    from stepcalc.rules.base import rational

    scale: Expr = Num(1)
    body = f
    if isinstance(f, Mul) and len(f.factors) == 2 and isinstance(f.factors[0], Num):
        scale, body = f.factors
    if rational(scale) is None or rational(scale) <= 0:  # type: ignore[operator]
        return None
    if isinstance(body, Func) and body.name == "sqrt":
        return body.args[0]
    if isinstance(body, Pow) and rational(body.exp) == Fraction(1, 2):
        return body.base
    return None


def _constraint(c: str | Expr, limits: Limits) -> Expr:
    """``g = c`` as ``g - c`` (its sides tidied), to be 0."""
    e = parse(c, limits=limits) if isinstance(c, str) else c
    if not isinstance(e, Equation) or len(e.sides) != 2:
        raise StepcalcError(f"a constraint is an equation, as 'a + b = 1', not {c!r}")
    left, right = e.sides
    return left if right == Num(0) else tidy(Add((left, Neg(right))))


def _decide(found: Lagrange, limits: Limits) -> None:
    """Mark the constrained minimum and maximum among the candidates."""
    regular = len(found.constraints) > 1 or found.irregular is not None  # else a candidate may be missing
    if regular and found.candidates and any(_compact(g, found.variables) for g in found.constraints):
        values = [to_float(c.value) for c in found.candidates]
        if None in values:
            return
        kinds = _by_value(values, [c.numeric for c in found.candidates])  # type: ignore[arg-type]
        if kinds is None:
            return  # a numeric value too close to another to tell which is less
        found.decided_by = "compact"
        found.candidates = [
            dataclasses.replace(c, kind=k) for c, k in zip(found.candidates, kinds, strict=True)
        ]
        return
    kinds = [_bordered(found, c) for c in found.candidates]
    if any(k != "candidate" for k in kinds):
        found.decided_by = "bordered_hessian"
        found.candidates = [
            dataclasses.replace(c, kind=k) for c, k in zip(found.candidates, kinds, strict=True)
        ]
        return
    objective = found.inner if found.inner is not None else found.f
    if regular and found.candidates and _coercive(objective, found.variables):
        values = [to_float(c.value) for c in found.candidates]
        least = None if None in values else _by_value(values, [c.numeric for c in found.candidates])  # type: ignore[arg-type]
        if least is not None:
            found.decided_by = "coercive"
            found.candidates = [
                dataclasses.replace(c, kind="min" if k == "min" else "candidate")
                for c, k in zip(found.candidates, least, strict=True)
            ]


def _by_value(values: list[float], numeric: list[bool]) -> list[str] | None:
    """min, max or candidate for each value: the least and the greatest, ties included (equal to
    1e-12, or to the 6 digits of a numeric value); None when a numeric value is within its digits
    of the least or greatest without being equal to it."""
    kinds = []
    for target in (min(values), max(values)):
        marked = []
        for v, approx in zip(values, numeric, strict=True):
            gap = abs(v - target) / max(1.0, abs(target))
            marked.append(gap <= (1e-5 if approx else 1e-12))
            if approx and 1e-12 < gap <= 1e-4 and not marked[-1]:
                return None
        kinds.append(marked)
    return ["min" if lo else "max" if hi else "candidate" for lo, hi in zip(*kinds, strict=True)]


def _coercive(f: Expr, variables: tuple[Sym, ...]) -> bool:
    """Whether f → ∞ as the point goes off in any direction, by its form: a polynomial with a
    term c·x^(2k), c > 0, for every variable, and every other term of lower degree than the least
    of these (x² + y² + z², (x − 2)² + (y − 3)² written out).  On a closed constraint set such an f
    attains a minimum, at a candidate."""
    from stepcalc.simplify import normal

    form = normal.to_rational(f)
    if form is None or not form.den.is_constant() or float(form.den.leading_coefficient()) <= 0:
        return False
    pure: dict[Sym, int] = {}
    others: list[int] = []
    for exps, c in form.num.terms():
        used = [(form.gens.items[i], int(k)) for i, k in enumerate(exps) if int(k)]
        if any(g.unit is not None or g.root != 1 or not isinstance(g.base, Sym) for g, _ in used):
            return False
        if len(used) == 1 and used[0][1] % 2 == 0 and float(c) > 0:
            x: Sym = used[0][0].base  # type: ignore[assignment]  # a Sym: checked above
            pure[x] = max(pure.get(x, 0), used[0][1])
        else:
            others.append(sum(k for _, k in used))
    if set(pure) != set(variables):
        return False
    return all(d < min(pure.values()) for d in others)


def _compact(g: Expr, variables: tuple[Sym, ...]) -> bool:
    """Whether ``g = 0`` is closed and bounded: Σ cᵢ xᵢ^(2kᵢ) − c with every cᵢ > 0, c > 0, and
    every variable in it (an ellipse, a sphere, x⁴ + y⁴ = 1)."""
    from stepcalc.simplify import normal

    form = normal.to_rational(g)
    if form is None or not form.den.is_constant():
        return False
    seen: set[Sym] = set()
    constant = 0.0
    for exps, c in form.num.terms():
        used = [(form.gens.items[i], int(k)) for i, k in enumerate(exps) if int(k)]
        value = float(c) / float(form.den.leading_coefficient())
        if not used:
            constant = value
            continue
        if len(used) != 1 or used[0][1] % 2 or value <= 0 or not isinstance(used[0][0].base, Sym):
            return False
        seen.add(used[0][0].base)
    return constant < 0 and set(variables) <= seen


def _bordered(found: Lagrange, c: Candidate) -> str:
    """The bordered Hessian test at ``c`` (exact values only; a point with ∇g = 0 has no λ)."""
    if c.numeric or c.irregular:
        return "candidate"
    point = {**c.point, **c.multipliers}
    m, n = len(found.constraints), len(found.variables)
    h = hessian(found.lagrangian, list(found.variables), max_seconds=remaining())
    if h.unknown or not isinstance(h.result, Vector):
        return "candidate"
    worked = [gradient(g, list(found.variables), max_seconds=remaining()) for g in found.constraints]
    grads = [gd.result.items for gd in worked if not gd.unknown and isinstance(gd.result, Vector)]
    if len(grads) < m:
        return "candidate"
    zero: list[Expr] = [Num(0)] * m
    rows: list[list[Expr]] = [zero + list(g) for g in grads]
    for i in range(n):
        row = h.result.items[i]
        assert isinstance(row, Vector)
        rows.append([g[i] for g in grads] + list(row.items))
    at = [tuple(exact(substitute(v, point)) for v in row) for row in rows]
    signs = [sign(exact(determinant([r[:k] for r in at[:k]]))) for k in range(2 * m + 1, n + m + 1)]
    if all(s == (-1) ** m for s in signs):
        return "min"
    if all(s == (-1) ** (k - m) for s, k in zip(signs, range(2 * m + 1, n + m + 1), strict=True)):
        return "max"
    return "candidate"
