"""Gradient descent, step by step (issue 21, item 3).

``descent("x^2 + y^2", "x=3,y=2", rate="0.1")`` derives ∇f once (a worked section per variable,
as ``grad`` writes it), then iterates from the start and writes the notes' table: i, the point,
∇f there, the step −η∇f and f, one row per iteration.  The arithmetic is decimal: sums,
products, quotients and whole powers of decimals are exact (28 significant digits), so the notes'
3.00, 2.00, 6.00, 4.00, −0.60, −0.40, 13.00 come out digit for digit; a function (eˣ, sin x) is
evaluated in floating point and its value carried on as a decimal.

Methods: ``gd`` (x ← x − η∇f), ``momentum`` (v ← βv + ∇f, x ← x − ηv, as PyTorch's SGD writes
it) and ``adam`` (m and v, the bias-corrected m̂ and v̂, x ← x − η m̂/(√v̂ + ε)); their state is
shown in columns of its own.  The iteration stops at the tolerance on ‖∇f‖, after the number of
steps, or when it diverges (a value past 10¹⁵, or not a number), explained for a quadratic by its
largest curvature L: gradient descent is stable only for η < 2/L.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any

from stepcalc.budget import call_with_limit
from stepcalc.derivation import Derivation
from stepcalc.errors import StepcalcError, UnsupportedError
from stepcalc.evaluate import parse_point
from stepcalc.expr import Add, Const, Div, Expr, Func, Mul, Neg, Pow, Sym, Vector, free_symbols
from stepcalc.limits import DEFAULT, Limits
from stepcalc.multivariable import gradient, hessian
from stepcalc.rules.base import rational

__all__ = ["METHODS", "Descent", "Row", "descent"]

METHODS = ("gd", "momentum", "adam")
MAX_STEPS = 100_000  # iterations asked for, at most
DEFAULT_STEPS = 10
DIVERGED = Decimal(10) ** 15
CHECKED_ROWS = 10  # the oracle checks ∇f and f at the first rows and the last

Value = Decimal
Compiled = Callable[[tuple[Value, ...]], Value]


@dataclass(frozen=True, slots=True)
class Row:
    """One iteration: the point, ∇f there, the step taken from it, f there, and the method's state."""

    i: int
    point: tuple[Value, ...]
    grad: tuple[Value, ...]
    step: tuple[Value, ...]
    f: Value
    state: dict[str, tuple[Value, ...]] = field(default_factory=dict)


@dataclass
class Descent:
    derivation: Derivation
    variables: tuple[Sym, ...]
    method: str
    rate: Value
    rows: list[Row]
    stop: str  # "tolerance", "steps", "diverged"
    limit: Value | None = None  # 2/L for a quadratic, when known
    checked: bool | None = None  # the oracle's ∇f and f at the table's rows agree (None: not checked)

    @property
    def verified(self) -> bool | None:
        """The gradient's working verified and the table's ∇f and f confirmed by the oracle."""
        if self.derivation.verified is False or self.checked is False:
            return False
        return True if self.derivation.verified and self.checked else None

    def to_dict(self) -> dict[str, Any]:
        from stepcalc.oracle import sympy_text

        names = [x.name for x in self.variables]
        result = self.derivation.result
        return {
            "problem": self.derivation.problem.input,
            "variables": names,
            "gradient": [sympy_text(g) for g in result.items] if isinstance(result, Vector) else [],
            "method": self.method,
            "rate": str(self.rate),
            "rows": [
                {
                    "i": r.i,
                    "point": dict(zip(names, map(str, r.point), strict=True)),
                    "grad": [str(v) for v in r.grad],
                    "step": [str(v) for v in r.step],
                    "f": str(r.f),
                    **{k: [str(v) for v in vs] for k, vs in r.state.items()},
                }
                for r in self.rows
            ],
            "stop": self.stop,
            "stable_below": None if self.limit is None else str(self.limit),
            "verified": self.verified,
        }


def descent(
    expr: str | Expr,
    start: str | dict[str, str],
    rate: str | float = "0.1",
    *,
    steps: int | None = None,
    tol: str | float | None = None,
    method: str = "gd",
    wrt: str | list[str] | None = None,
    verify: bool = True,
    limits: Limits = DEFAULT,
    max_seconds: float | None = None,
) -> Descent:
    """Gradient descent on ``expr`` from ``start`` (``"x=3,y=2"``) with step size ``rate``;
    ``verify``: the gradient's working checked line by line, and the table's ∇f and f at its
    first and last rows by the oracle."""
    if method not in METHODS:
        raise StepcalcError(f"unknown method {method!r}; choose gd, momentum or adam")
    eta = _decimal(rate, "the rate")
    if eta <= 0:
        raise StepcalcError("the rate must be positive")
    count = DEFAULT_STEPS if steps is None and tol is None else (steps if steps is not None else MAX_STEPS)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_STEPS:
        raise StepcalcError(f"the number of steps must be a whole number from 1 to {MAX_STEPS:,}")
    tolerance = None if tol is None else _decimal(tol, "the tolerance")
    budget = limits.max_seconds if max_seconds is None else max_seconds
    return call_with_limit(
        budget,
        lambda: _descent(expr, start, eta, count, tolerance, method, wrt, limits, budget, verify),
        "gradient descent",
    )


def _descent(
    expr: str | Expr,
    start: str | dict[str, str],
    eta: Value,
    count: int,
    tolerance: Value | None,
    method: str,
    wrt: Any,
    limits: Limits,
    budget: float,
    verify: bool,
) -> Descent:
    started = time.monotonic()
    d = gradient(expr, wrt, limits=limits, max_seconds=budget, verify=verify)
    if d.unknown or not isinstance(d.result, Vector):
        raise UnsupportedError(d.unknown or "∇f could not be worked out")
    variables = d.problem.wrt
    given = parse_point(start, limits)
    missing = [x.name for x in variables if x not in given]
    if missing or set(given) - set(variables):
        raise StepcalcError(f"--from gives a value to each of {', '.join(x.name for x in variables)}")
    point = tuple(_number(given[x]) for x in variables)
    f = _compile(d.problem.expr, variables)
    grads = [_compile(g, variables) for g in d.result.items]
    found = Descent(
        d, variables, method, eta, [], "steps", _stability(d.problem.expr, variables, eta, limits)
    )
    rows, stop = _iterate(f, grads, point, eta, count, tolerance, method)
    found.rows, found.stop = rows, stop
    if time.monotonic() - started > budget:
        raise StepcalcError("gradient descent ran past its time budget")
    if verify:
        from stepcalc.oracle.critical import rows_agree

        checked = rows[:CHECKED_ROWS] + rows[-1:] if len(rows) > CHECKED_ROWS else rows
        found.checked = rows_agree(d.problem.expr, variables, [(r.point, r.grad, r.f) for r in checked])
    return found


def _iterate(
    f: Compiled,
    grads: list[Compiled],
    point: tuple[Value, ...],
    eta: Value,
    count: int,
    tolerance: Value | None,
    method: str,
) -> tuple[list[Row], str]:
    rows: list[Row] = []
    n = len(point)
    m = v = (Decimal(0),) * n
    b1, b2, eps = Decimal("0.9"), Decimal("0.999"), Decimal("1e-8")
    with localcontext() as ctx:
        ctx.prec = 28
        for i in range(count + 1):
            try:
                value = f(point)
                g = tuple(c(point) for c in grads)
            except (ArithmeticError, ValueError, OverflowError, InvalidOperation):
                return rows, "diverged"
            if not all(x.is_finite() and abs(x) < DIVERGED for x in (value, *g, *point)):
                return rows, "diverged"
            norm = _norm(g)
            if tolerance is not None and norm < tolerance:
                rows.append(
                    Row(i, _tidy(point), _tidy(g), (), _tidy((value,))[0])
                )  # no step from the last point
                return rows, "tolerance"
            if i == count:
                rows.append(Row(i, _tidy(point), _tidy(g), (), _tidy((value,))[0]))
                return rows, "steps"
            state: dict[str, tuple[Value, ...]] = {}
            if method == "gd":
                step = tuple(-eta * gi for gi in g)
            elif method == "momentum":
                m = tuple(b1 * mi + gi for mi, gi in zip(m, g, strict=True))
                step = tuple(-eta * mi for mi in m)
                state = {"velocity": m}
            else:
                t = i + 1
                m = tuple(b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g, strict=True))
                v = tuple(b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(v, g, strict=True))
                mh = tuple(mi / (1 - b1**t) for mi in m)
                vh = tuple(vi / (1 - b2**t) for vi in v)
                step = tuple(-eta * a / (b.sqrt() + eps) for a, b in zip(mh, vh, strict=True))
                state = {"m": m, "v": v}
            state = {k: _tidy(vs) for k, vs in state.items()}
            rows.append(Row(i, _tidy(point), _tidy(g), _tidy(step), _tidy((value,))[0], state))
            point = tuple(p + s for p, s in zip(point, step, strict=True))
    return rows, "steps"


def _tidy(values: tuple[Value, ...]) -> tuple[Value, ...]:
    """Trailing zeros dropped (0.80 → 0.8), whole numbers without an exponent (100, not 1E+2)."""
    return tuple(v.quantize(Decimal(1)) if v == v.to_integral_value() else v.normalize() for v in values)


def _norm(g: tuple[Value, ...]) -> Value:
    return sum((x * x for x in g), Decimal(0)).sqrt()


def _stability(f: Expr, variables: tuple[Sym, ...], eta: Value, limits: Limits) -> Value | None:
    """2/L for a quadratic (a constant Hessian): L its largest eigenvalue (by Jacobi's method on
    at most four variables).  None for anything else."""
    if len(variables) > 4:
        return None
    h = hessian(f, list(variables), limits=limits)
    if h.unknown or not isinstance(h.result, Vector):
        return None
    rows = [[rational(v) for v in row.items] for row in h.result.items if isinstance(row, Vector)]
    if any(v is None for row in rows for v in row):
        return None
    largest = max(abs(e) for e in _eigenvalues([[float(v) for v in row if v is not None] for row in rows]))
    return None if largest == 0 else Decimal(2) / Decimal(repr(largest))


def _eigenvalues(a: list[list[float]]) -> list[float]:
    """The eigenvalues of a small symmetric matrix, by cyclic Jacobi rotations."""
    n = len(a)
    a = [row[:] for row in a]
    for _ in range(50):
        off = sum(a[i][j] ** 2 for i in range(n) for j in range(n) if i != j)
        if off < 1e-24:
            break
        for p in range(n):
            for q in range(p + 1, n):
                if abs(a[p][q]) < 1e-300:
                    continue
                theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                t = math.copysign(1.0, theta) / (abs(theta) + math.sqrt(theta * theta + 1))
                c = 1 / math.sqrt(t * t + 1)
                s = t * c
                for k in range(n):
                    akp, akq = a[k][p], a[k][q]
                    a[k][p], a[k][q] = c * akp - s * akq, s * akp + c * akq
                for k in range(n):
                    apk, aqk = a[p][k], a[q][k]
                    a[p][k], a[q][k] = c * apk - s * aqk, s * apk + c * aqk
    return [a[i][i] for i in range(n)]


def _decimal(given: str | float | Expr, what: str) -> Value:
    """A number as a decimal: ``0.1`` exactly, not the float nearest it."""
    text = given if isinstance(given, str) else repr(given) if isinstance(given, float) else None
    if text is not None:
        try:
            value = Decimal(text.strip())
        except InvalidOperation:
            from stepcalc.parse import parse

            read = parse(text)
            if free_symbols(read):
                raise StepcalcError(f"{what} must be a number, not {text.strip()!r}") from None
            value = _number(read)
        if not value.is_finite():
            raise StepcalcError(f"{what} must be a finite number")
        return value
    assert isinstance(given, Expr)
    return _number(given)


def _number(e: Expr) -> Value:
    """The decimal value of a constant expression (a fraction to 28 digits)."""
    q = rational(e)
    if q is not None:
        return Decimal(q.numerator) / Decimal(q.denominator)
    compiled = _compile(e, ())
    return compiled(())


def _compile(e: Expr, variables: tuple[Sym, ...]) -> Compiled:
    """``e`` as a function of the point: decimal arithmetic, functions in floating point."""
    from stepcalc.catalogue import FUNCTIONS, arguments

    index = {x: i for i, x in enumerate(variables)}
    if not free_symbols(e) <= set(variables):
        names = ", ".join(sorted(s.name for s in free_symbols(e) - set(variables)))
        raise StepcalcError(f"the function has other letters than its variables: {names}")
    q = rational(e)
    if q is not None:
        c = Decimal(q.numerator) / Decimal(q.denominator)
        return lambda p: c
    match e:
        case Sym() if e in index:
            i = index[e]
            return lambda p: p[i]
        case Add(terms=ts):
            parts = [_compile(t, variables) for t in ts]
            return lambda p: sum((part(p) for part in parts), Decimal(0))
        case Mul(factors=fs):
            parts = [_compile(f, variables) for f in fs]

            def product(p: tuple[Value, ...]) -> Value:
                out = Decimal(1)
                for part in parts:
                    out *= part(p)
                return out

            return product
        case Div(num=n, den=dd):
            top, bottom = _compile(n, variables), _compile(dd, variables)
            return lambda p: top(p) / bottom(p)
        case Neg(arg=a):
            inner = _compile(a, variables)
            return lambda p: -inner(p)
        case Pow(base=b, exp=x) if (k := rational(x)) is not None and k.denominator == 1:
            base, power = _compile(b, variables), int(k)
            return lambda p: base(p) ** power
        case Pow(base=b, exp=x):
            base, exponent = _compile(b, variables), _compile(x, variables)
            return lambda p: Decimal(repr(float(base(p)) ** float(exponent(p))))
        case Func(name=name, args=args) if name in FUNCTIONS and FUNCTIONS[name].value is not None:
            fn = FUNCTIONS[name]
            parts = [_compile(a, variables) for a in arguments(fn, args)]
            call = fn.value
            assert call is not None
            return lambda p: Decimal(repr(float(call(*(float(part(p)) for part in parts)))))
    if isinstance(e, Const) and e.name in ("e", "pi"):
        value = Decimal(repr(math.e if e.name == "e" else math.pi))
        return lambda p: value
    raise StepcalcError(f"stepcalc cannot evaluate {type(e).__name__} numerically")
