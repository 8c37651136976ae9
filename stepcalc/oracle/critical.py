"""The oracle's check of critical points (stepcalc extrema), independent of how they were found.

* ``stationary``: ∇f, differentiated by sympy, is zero at every reported point (exactly, or to
  30 digits for a numeric one);
* ``kinds``: the eigenvalues of sympy's Hessian at each point, to 30 digits, give the reported
  kind (all positive: a local minimum; all negative: a maximum; both signs: a saddle; a zero
  and no two signs: the test is inconclusive);
* ``values``: each reported f(point) against sympy's;
* ``complete``: sympy's ``solve`` of ∇f = 0, where it gives a finite list, has no real solution
  the report lacks (None where sympy gives none, or runs out of time).

Each verdict is True, False (a reported fact is wrong: the output says so), or None.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING, Any

from stepcalc.budget import TimeLimitExceeded, call_with_limit
from stepcalc.errors import LimitError, ShapeError
from stepcalc.expr import Expr, Sym
from stepcalc.oracle.convert import real_form, to_sympy
from stepcalc.oracle.guard import bounded

if TYPE_CHECKING:
    from stepcalc.tasks.extrema import Extrema
    from stepcalc.tasks.lagrange import Lagrange

__all__ = ["check_extrema", "check_lagrange", "gradient_at"]

SECONDS = 8.0  # for the whole check; what is left undecided is None
SOLVE_SECONDS = 3.0  # for sympy's solve of ∇f = 0
_DIGITS = 30
_TOLERANCE = 1e-20
NUMERIC = 1e-5  # a numeric point's 6 significant digits
MAX_REACH = 64  # multiples of π a solution is moved by, each way, into a region


def check_extrema(e: Extrema) -> dict[str, bool | None]:
    try:
        return call_with_limit(SECONDS, lambda: bounded(lambda: _checks(e)), "checking the critical points")
    except (TimeLimitExceeded, LimitError, MemoryError, RecursionError):
        return {"stationary": None}


def _checks(e: Extrema) -> dict[str, bool | None]:
    import sympy as sp

    xs = [sp.Symbol(x.name, real=True) for x in e.variables]
    f = real_form(to_sympy(e.derivation.problem.expr))
    gradient = [sp.diff(f, x) for x in xs]
    hessian = sp.hessian(f, xs)
    points = [{x: to_sympy(p.point[v]) for x, v in zip(xs, e.variables, strict=True)} for p in e.points]
    pairs = list(zip(e.points, points, strict=True))
    regular = [(p, at) for p, at in pairs if p.bound is None]
    singular = [(p, at) for p, at in pairs if p.bound is not None]
    checks = {
        "stationary": _all(_stationary(sp, gradient, xs, at, p.numeric) for p, at in regular),
        "kinds": _all(_kind(sp, hessian.subs(at)) == p.kind for p, at in regular),
        "values": _all(_equal(sp, f.subs(at), to_sympy(p.value), p.numeric) for p, at in pairs),
        "complete": _complete(sp, gradient, xs, [(at, p.numeric) for p, at in regular], _bounds(e)),
    }
    if singular or e.singular:  # ∇f undefined there, and f − f(p) the signed form the kind was read from
        checks["undefined"] = _all(_undefined(sp, gradient, at) for _, at in singular)
        checks["undefined_complete"] = _singular_complete(sp, f, gradient, xs, [at for _, at in singular])
        checks["kinds"] = _all([checks["kinds"], *(_bound_holds(sp, f, p) for p, _ in singular)])
    return checks


def _singular_complete(
    sp: Any, f: Any, gradient: list[Any], xs: list[Any], points: list[dict[Any, Any]]
) -> bool | None:
    """Whether every point of f's domain where sympy's ∇f is undefined is among ``points``.  The
    oracle finds the radicands h of its own gradient's denominators; when sympy knows h ≥ 0, the
    real zeros of h are minima of h, so they solve h = 0 and ∇h = 0, a system sympy can list."""
    radicands = set()
    for g in gradient:
        _, den = sp.fraction(sp.together(g))
        radicands |= {p.base for p in den.atoms(sp.Pow) if not p.exp.is_integer}
        radicands |= {a.args[0] for a in den.atoms(sp.Abs)}
    found = []
    for h in radicands:
        if not h.is_nonnegative:
            return None
        system = [h, *(sp.diff(h, x) for x in xs)]
        try:
            solved = call_with_limit(SOLVE_SECONDS, lambda: sp.solve(system, xs, dict=True), "solving ∇f = 0")  # noqa: B023
        except (TimeLimitExceeded, NotImplementedError, ValueError, TypeError, AttributeError):
            return None
        for s in solved:
            if any(x not in s for x in xs):
                return None
            if all(s[x].is_real for x in xs) and sp.N(f.subs(s)).is_finite:
                found.append(s)
    ours = [tuple(complex(sp.N(p[x], 15)) for x in xs) for p in points]
    theirs = [tuple(complex(sp.N(s[x], 15)) for x in xs) for s in found]
    return all(any(all(abs(a - b) < 1e-9 for a, b in zip(t, o, strict=True)) for o in ours) for t in theirs)


def _bounds(e: Extrema) -> dict[int, tuple[float, float]]:
    """The region asked about, by the unknown's index: floats for sympy's candidates."""
    from stepcalc.exact import to_float

    out = {}
    for x, (a, b) in e.region.items():
        lo, hi = to_float(a), to_float(b)
        if lo is not None and hi is not None:
            out[e.variables.index(x)] = (lo, hi)
    return out


def _undefined(sp: Any, gradient: list[Any], at: dict[Any, Any]) -> bool | None:
    """Whether some partial derivative has no finite value at the point."""
    try:
        values = [sp.N(g.subs(at), 15) for g in gradient]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return any(not v.is_finite for v in values)


def _bound_holds(sp: Any, f: Any, p: Any) -> bool | None:
    """At a point where ∇f is undefined: f − f(p) equals the form shown, and sympy finds that form
    nonnegative (a minimum) or nonpositive (a maximum); an inconclusive point is not checked."""
    if p.kind == "inconclusive":
        return None
    bound = real_form(to_sympy(p.bound))
    if sp.simplify(f - to_sympy(p.value) - bound) != 0:
        return False
    signed = bound.is_nonnegative if p.kind == "local_min" else bound.is_nonpositive
    return True if signed else None


def check_lagrange(found: Lagrange) -> dict[str, bool | None]:
    """The same checks for a Lagrange problem: ∇L = 0 at each candidate (its multipliers
    included), f's values, no solution of ∇L = 0 missed, and the minimum and maximum: on a
    closed bounded set the least and greatest of sympy's own values at its solutions."""
    try:
        return call_with_limit(
            SECONDS, lambda: bounded(lambda: _lagrange_checks(found)), "checking the critical points"
        )
    except (TimeLimitExceeded, LimitError, MemoryError, RecursionError):
        return {"stationary": None}


def _lagrange_checks(found: Lagrange) -> dict[str, bool | None]:
    import sympy as sp

    names = (*found.variables, *found.multipliers)
    xs = [sp.Symbol(x.name, real=True) for x in names]
    lagrangian = real_form(to_sympy(found.lagrangian))
    f = real_form(to_sympy(found.f))
    gradient = [sp.diff(lagrangian, x) for x in xs]

    def point_of(c: Any) -> dict[Any, Any]:
        given = {**c.point, **c.multipliers}
        return {x: to_sympy(given[v]) for x, v in zip(xs, names, strict=True) if v in given}

    pairs = [(c, point_of(c)) for c in found.candidates]
    lagrange_points = [(c, p) for c, p in pairs if not c.irregular]
    checks: dict[str, bool | None] = {
        "stationary": _all(_stationary(sp, gradient, xs, p, c.numeric) for c, p in lagrange_points),
        "values": _all(_equal(sp, f.subs(p), to_sympy(c.value), c.numeric) for c, p in pairs),
        "complete": _complete(sp, gradient, xs, [(p, c.numeric) for c, p in lagrange_points]),
    }
    if found.irregular is not None:  # no λ there: g = 0 and ∇g = 0 are what make it a candidate
        (g,) = [real_form(to_sympy(g)) for g in found.constraints]
        plain = xs[: len(found.variables)]
        conditions = [g, *(sp.diff(g, x) for x in plain)]
        irregular = [(c, p) for c, p in pairs if c.irregular]
        checks["irregular"] = _all(_zero(sp, e.subs(p), c.numeric) for c, p in irregular for e in conditions)
        shared = [
            (p, c.numeric) for c, p in pairs if all(_zero(sp, e.subs(p), c.numeric) for e in conditions)
        ]
        checks["irregular_complete"] = _complete(sp, conditions, plain, shared)
    if found.inner is not None:  # L was built from h, f = c√h: f's own condition ∇f ∥ the ∇g's
        checks["same_points"] = _parallel(sp, f, found, xs, pairs)
    if found.decided_by in ("compact", "coercive") and checks["complete"]:
        values = [sp.N(f.subs(at), _DIGITS) for _, at in pairs]
        low, high = min(values), max(values)
        if found.decided_by == "coercive":  # a minimum only: there is no greatest value to mark
            high = None

        def at(v: Any, target: Any, numeric: bool) -> bool:
            return _near(complex(v), complex(target)) if numeric else bool(abs(v - target) < 1e-20)

        checks["extremes"] = all(
            (c.kind == "min") == at(v, low, c.numeric)
            and (c.kind == "max") == (high is not None and at(v, high, c.numeric))
            for (c, _), v in zip(pairs, values, strict=True)
        )
    return checks


def _parallel(sp: Any, f: Any, found: Lagrange, xs: list[Any], pairs: list[Any]) -> bool | None:
    """Whether ∇f lies in the span of the constraints' gradients at each candidate (every
    (m+1)-minor of [∇g₁ … ∇gₘ ∇f] is 0): the candidates are f's own Lagrange points."""
    n, m = len(found.variables), len(found.constraints)
    gs = [real_form(to_sympy(g)) for g in found.constraints]
    columns = [[sp.diff(e, x) for x in xs[:n]] for e in [*gs, f]]
    matrix = sp.Matrix(n, m + 1, lambda i, j: columns[j][i])
    verdicts = []
    for c, at in pairs:
        here = matrix.subs(at)
        for rows in itertools.combinations(range(n), m + 1):
            verdicts.append(_zero(sp, here.extract(list(rows), list(range(m + 1))).det(), c.numeric))
    return _all(verdicts)


def _zero(sp: Any, value: Any, numeric: bool) -> bool | None:
    """Whether ``value`` is 0: exactly, or (numeric) within the tolerance at 30 digits."""
    try:
        number = sp.N(value, _DIGITS)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not number.is_number or not number.is_real:
        return None if not number.is_number else False
    if numeric:
        return bool(abs(number) < 1e-8)
    if abs(number) > _TOLERANCE:
        return False
    simplified = sp.simplify(value)
    return True if simplified == 0 else None


def _kind(sp: Any, matrix: Any) -> str | None:
    """The kind the eigenvalues' signs give.  H is symmetric, so its characteristic polynomial
    has only real roots, and Descartes' rule of signs counts them exactly: as many positive
    eigenvalues as sign changes in its coefficients, as many negative ones as in p(−λ)'s."""
    lam = sp.Dummy("lambda")
    try:
        signed = [_signed(sp, c) for c in matrix.charpoly(lam).all_coeffs()]
    except (TypeError, ValueError, NotImplementedError, ZeroDivisionError):
        return None
    coefficients = [c for c in signed if c is not None]
    if len(coefficients) < len(signed):
        return None
    n = len(coefficients) - 1
    mirrored = [c * (-1) ** (n - k) for k, c in enumerate(coefficients)]
    positive, negative = _changes(coefficients), _changes(mirrored)
    signs = {1} if positive else set()
    signs |= {-1} if negative else set()
    signs |= {0} if positive + negative < n else set()
    if signs == {1}:
        return "local_min"
    if signs == {-1}:
        return "local_max"
    if {1, -1} <= signs:
        return "saddle"
    return "inconclusive"


def _signed(sp: Any, c: Any) -> int | None:
    """The sign of a coefficient: 0 only when it is exactly zero (simplified), else by 30 digits."""
    value = sp.N(c, _DIGITS)
    if not value.is_number or not value.is_real:
        return None
    if abs(value) > _TOLERANCE:
        return 1 if value > 0 else -1
    return 0 if sp.simplify(c) == 0 else None


def _changes(signs: list[int]) -> int:
    nonzero = [s for s in signs if s != 0]
    return sum(1 for a, b in itertools.pairwise(nonzero) if a != b)


def _stationary(
    sp: Any, gradient: list[Any], xs: list[Any], at: dict[Any, Any], numeric: bool
) -> bool | None:
    """∇ = 0 at an exact point; at a numeric one (6 significant digits), sympy's Newton from it
    reaches a root of ∇ = 0 that agrees with it to those digits."""
    if not numeric:
        return _all(_zero(sp, g.subs(at), False) for g in gradient)
    start = [at[x] for x in xs]
    try:
        root = sp.nsolve(gradient, xs, start, prec=_DIGITS)
    except (ValueError, ZeroDivisionError, TypeError):
        return None
    return all(_near(complex(r), complex(sp.N(s))) for r, s in zip(root, start, strict=True))


def _near(a: complex, b: complex) -> bool:
    """Equal to the 6 significant digits a numeric point is shown with."""
    return abs(a - b) <= NUMERIC * max(1.0, abs(b))


def _equal(sp: Any, theirs: Any, ours: Any, numeric: bool) -> bool | None:
    """A value: exactly, or (numeric) to the digits it is shown with."""
    if not numeric:
        return _zero(sp, theirs - ours, False)
    try:
        return _near(complex(sp.N(theirs, _DIGITS)), complex(sp.N(ours, _DIGITS)))
    except (TypeError, ValueError):
        return None


def _complete(
    sp: Any,
    gradient: list[Any],
    xs: list[Any],
    points: list[tuple[dict[Any, Any], bool]],
    region: dict[int, tuple[float, float]] | None = None,
) -> bool | None:
    """Whether every real solution sympy finds is among the points (None: sympy finds no list);
    a numeric point matches to its 6 significant digits.  With a ``region`` (open intervals, by
    the unknown's index), sympy's solutions are moved by whole multiples of π into it, each kept
    only where ∇ = 0 holds there exactly, and those outside it are not asked for."""
    try:
        found = call_with_limit(SOLVE_SECONDS, lambda: sp.solve(gradient, xs, dict=True), "solving ∇f = 0")
    except (TimeLimitExceeded, NotImplementedError, ValueError, TypeError, AttributeError):
        return None
    if not isinstance(found, list):
        return None
    if region:
        found = _in_region(sp, gradient, xs, found, region)
        if found is None:
            return None
    ours = [(tuple(complex(sp.N(p[x], 15)) for x in xs), numeric) for p, numeric in points]
    for solution in found:
        if any(x not in solution for x in xs):
            return None  # a family of solutions: sympy says no more than that
        values = [sp.N(solution[x], 15) for x in xs]
        if any(not v.is_number for v in values):
            return None
        if any(abs(complex(v).imag) > 1e-12 for v in values):
            continue  # not real
        here = tuple(complex(v) for v in values)
        if not any(
            all((_near(a, b) if numeric else abs(a - b) < 1e-9) for a, b in zip(here, p, strict=True))
            for p, numeric in ours
        ):
            return False
    return True


def _in_region(
    sp: Any,
    gradient: list[Any],
    xs: list[Any],
    found: list[dict[Any, Any]],
    region: dict[int, tuple[float, float]],
) -> list[dict[Any, Any]] | None:
    """sympy's solutions and their moves by kπ in each bounded unknown that still solve ∇ = 0,
    inside the region."""
    out: list[dict[Any, Any]] = []
    periodic = any(g.has(sp.sin, sp.cos, sp.tan, sp.sec, sp.csc, sp.cot) for g in gradient)
    for solution in found:
        if any(x not in solution for x in xs):
            return None
        moved = [dict(solution)]
        for i, (lo, hi) in region.items():
            x = xs[i]
            reach = int((hi - lo) / math.pi) + 2 if periodic else 0
            if reach > MAX_REACH:
                return None  # too wide an interval to move sympy's solutions across
            moved = [{**m, x: m[x] + k * sp.pi} for m in moved for k in range(-reach, reach + 1)]
        for m in moved:
            values = [complex(sp.N(m[xs[i]], 15)) for i in region]
            if not all(
                lo < v.real < hi and abs(v.imag) < 1e-12
                for v, (lo, hi) in zip(values, region.values(), strict=True)
            ):
                continue
            if m not in out and _all(_zero(sp, g.subs(m), False) for g in gradient) is True:
                out.append(m)
    return out


def _all(verdicts: Any) -> bool | None:
    seen = list(verdicts)
    if any(v is False for v in seen):
        return False
    return True if all(v is True for v in seen) else None


def gradient_at(
    f: Expr, variables: tuple[Sym, ...], point: tuple[float | tuple[float, ...], ...]
) -> tuple[float, ...] | None:
    """sympy's gradient of ``f`` at ``point``, to 20 digits (None where it has no number).  A
    vector input (its entries a tuple) is a column of symbols, ``f`` worked out on them as
    matrices, and the gradient has an entry per component."""
    try:
        import sympy as sp

        if all(isinstance(v, float | int) for v in point):
            xs = [sp.Symbol(x.name, real=True) for x in variables]
            g = real_form(to_sympy(f))
            at = dict(zip(xs, point, strict=True))
        else:
            g, xs, at = _on_components(f, variables, point, sp)
        return tuple(float(sp.N(sp.diff(g, x).subs(at), 20)) for x in xs)
    except (TypeError, ValueError, ZeroDivisionError, ShapeError, IndexError, KeyError):
        return None


def rows_agree(f: Expr, variables: tuple[Sym, ...], rows: list[tuple[Any, Any, Any]]) -> bool | None:
    """Whether ``f`` and sympy's gradient of it, at each row's point (exact decimals), equal the
    row's f and ∇f to 12 significant digits (a table rounds nothing before that); None when sympy
    gives no number or runs out of time."""
    try:
        work = lambda: bounded(lambda: _rows_agree(f, variables, rows))
        return call_with_limit(10.0, work, "checking the table")
    except (
        TimeLimitExceeded,
        LimitError,
        MemoryError,
        RecursionError,
        TypeError,
        ValueError,
        ZeroDivisionError,
    ):
        return None


def _rows_agree(f: Expr, variables: tuple[Sym, ...], rows: list[tuple[Any, Any, Any]]) -> bool:
    import sympy as sp

    xs = [sp.Symbol(x.name, real=True) for x in variables]
    g = real_form(to_sympy(f))
    grads = [sp.diff(g, x) for x in xs]
    for point, grad, value in rows:
        at = {x: sp.Rational(str(v)) for x, v in zip(xs, point, strict=True)}
        for mine, theirs in zip([value, *grad], [g, *grads], strict=True):
            exact = complex(sp.N(theirs.subs(at), 30))
            if exact.imag or abs(float(mine) - exact.real) > 1e-12 * max(1.0, abs(exact.real)):
                return False
    return True


def _on_components(
    f: Expr, variables: tuple[Sym, ...], point: tuple[Any, ...], sp: Any
) -> tuple[Any, list[Any], dict[Any, Any]]:
    """``f`` as a sympy number of the inputs' components (x_1 … x_n for a vector x)."""
    from stepcalc.oracle.vector_values import line_value

    given: dict[str, Any] = {}
    xs: list[Any] = []
    at: dict[Any, Any] = {}
    for x, v in zip(variables, point, strict=True):
        if isinstance(v, tuple):
            entries = [sp.Symbol(f"{x.name}_{j}", real=True) for j in range(1, len(v) + 1)]
            given[x.name] = sp.Matrix(entries)
            at.update(zip(entries, v, strict=True))
        else:
            entries = [sp.Symbol(x.name, real=True)]
            given[x.name] = entries[0]
            at[entries[0]] = v
        xs += entries
    g = line_value(f, given, sp)
    if isinstance(g, sp.MatrixBase):
        if g.shape != (1, 1):
            raise ValueError("not a number")
        g = g[0, 0]
    return g, xs, at
