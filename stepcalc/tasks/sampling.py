"""Numbers for the curve sketch: an expression compiled to a float function of x, and its zeros
found by sampling (sign changes refined by bisection, and zeros where the sign does not change,
narrowed by ternary search).  These find numeric roots where exact algebra cannot
(stepcalc.tasks.solve) and read signs and limits (stepcalc.tasks.charts, .analyze); the
oracle's own checks evaluate with sympy and mpmath instead (stepcalc.oracle.curve)."""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from stepcalc.errors import StepcalcError
from stepcalc.exact import to_float
from stepcalc.expr import Add, Div, Expr, Func, Mul, Neg, Num, Pow, Sym, free_symbols

__all__ = ["GRID", "Crowded", "Window", "decimal", "jumps", "numeric_function", "pole", "sign_changes"]

Window = tuple[float, float]
GRID = 4000  # sample points of a numeric search


def decimal(v: float) -> Expr:
    """A numeric root as the decimal it is shown as: 6 significant digits."""
    if v == 0:
        return Num(0)
    digits = 5 - math.floor(math.log10(abs(v)))
    q = Fraction(round(v * 10**digits), 10**digits) if digits >= 0 else Fraction(round(v, digits))
    return Num(q, decimal=True) if q >= 0 else Neg(Num(-q, decimal=True))


def numeric_function(u: Expr, x: Sym) -> Callable[[float], float | None]:
    """``u`` as a float function of x (None where undefined), compiled once from the tree."""
    compiled = _compile(u, x)

    def value(v: float) -> float | None:
        try:
            out = compiled(v)
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None
        return out if isinstance(out, float) and math.isfinite(out) else None

    return value


def _compile(u: Expr, x: Sym) -> Callable[[float], float]:
    from stepcalc.catalogue import FUNCTIONS, arguments
    from stepcalc.exact import _power

    if x not in free_symbols(u):
        c = to_float(u)
        if c is None:
            raise StepcalcError("a constant of the function has no real value")
        return lambda v: c
    match u:
        case Sym():
            return lambda v: float(v)
        case Add(terms=ts):
            parts = [_compile(t, x) for t in ts]
            return lambda v: math.fsum(p(v) for p in parts)
        case Mul(factors=fs):
            parts = [_compile(f, x) for f in fs]
            return lambda v: math.prod(p(v) for p in parts)
        case Div(num=n, den=d):
            top, bottom = _compile(n, x), _compile(d, x)
            return lambda v: top(v) / bottom(v)
        case Neg(arg=a):
            inner = _compile(a, x)
            return lambda v: -inner(v)
        case Pow(base=b, exp=e) if x not in free_symbols(e):
            base = _compile(b, x)
            return lambda v: _power(base(v), e)
        case Pow(base=b, exp=e):  # a variable exponent: b^u = e^(u ln b), for b > 0
            base, exponent = _compile(b, x), _compile(e, x)
            return lambda v: float(_positive(base(v)) ** exponent(v))
        case Func(name=name, args=args) if name in FUNCTIONS and FUNCTIONS[name].value is not None:
            f = FUNCTIONS[name]
            parts = [_compile(a, x) for a in arguments(f, args)]
            call = f.value
            assert call is not None
            return lambda v: float(call(*(p(v) for p in parts)))
    raise StepcalcError(f"stepcalc cannot evaluate {type(u).__name__} numerically")


def _positive(b: float) -> float:
    if b <= 0:
        raise ValueError("a power with a variable exponent needs a positive base")
    return b


class Crowded(Exception):
    """Sign changes in neighbouring cells of the grid: more roots than it can tell apart (sin(1/x)
    near 0), ``at`` the first of them."""

    def __init__(self, at: float) -> None:
        super().__init__(at)
        self.at = at


def sign_changes(
    fn: Callable[[float], float | None], lo: float, hi: float, runs: list[float] | None = None
) -> list[tuple[float, Window]]:
    """Zeros of ``fn`` on [lo, hi] where it changes sign (poles excluded), by bisection; the grid
    is refined towards every edge of where ``fn`` is defined, where a root can hide in the first
    cell (2x² ln x + 4x² − 2 ln x − 8 vanishes at 0.018, in (0, 0.05)).  A run of zeros on the
    grid is fn ≡ 0 on an interval, not roots: where each run starts is added to ``runs``."""
    xs = [lo + (hi - lo) * i / GRID for i in range(GRID + 1)]
    ys = [fn(v) for v in xs]
    extra = _towards_edges(fn, xs, ys) + _around_zeros(xs, ys)
    if extra:
        pairs = sorted({*zip(xs, ys, strict=True), *((v, fn(v)) for v in extra)})
        xs, ys = [v for v, _ in pairs], [y for _, y in pairs]
    out: list[tuple[float, Window]] = []
    last = -2  # the cell of the last sign change: two in neighbouring cells are past resolving
    for i in range(len(xs) - 1):
        (a, fa), (b, fb) = (xs[i], ys[i]), (xs[i + 1], ys[i + 1])
        if fa is None or fb is None:
            continue
        if fa * fb < 0 or fa == 0:
            if i == last + 1 and fa != 0:
                raise Crowded(a)
            last = i
        if fa == 0:  # a zero on the grid; a run of them is g ≡ 0 on an interval, not roots
            run = (i > 0 and ys[i - 1] == 0) or fb == 0
            if not run:
                out.append((a, (a, a)))
            elif runs is not None and not (i > 0 and ys[i - 1] == 0):
                runs.append(a)
        elif fa * fb < 0:
            found = _bisect(fn, a, b, fa)
            if found is not None:
                out.append(found)
    if ys[-1] == 0 and (len(ys) < 2 or ys[-2] != 0):  # the last grid point, unless a run ends there
        out.append((hi, (hi, hi)))
    return sorted(out + _touching(fn, xs, ys, [v for v, _ in out]))


def _around_zeros(xs: list[float], ys: list[float | None]) -> list[float]:
    """Points ever closer to each isolated exact zero on the grid, from both sides: another root
    can sit in the cell beside it (the f″ of x^(2/3) atan x + 2x² vanishes at 0 and at −0.02).
    A run of zeros is g ≡ 0 on an interval, with nothing to find inside."""
    step = xs[1] - xs[0] if len(xs) > 1 else 1.0
    out: list[float] = []
    for i, y in enumerate(ys):
        if y == 0 and (i == 0 or ys[i - 1] != 0) and (i + 1 == len(ys) or ys[i + 1] != 0):
            out += [xs[i] + side * step * 2.0**-k for side in (-1, 1) for k in range(1, 40)]
    return out


def _towards_edges(
    fn: Callable[[float], float | None], xs: list[float], ys: list[float | None]
) -> list[float]:
    """Points ever closer to each edge of fn's domain on the grid (found by bisection between a
    grid point where fn is defined and one where it is not), halving the distance 50 times."""
    out: list[float] = []
    for i in range(len(xs) - 1):
        if (ys[i] is None) == (ys[i + 1] is None):
            continue
        inside, outside = (xs[i], xs[i + 1]) if ys[i] is not None else (xs[i + 1], xs[i])
        for _ in range(60):  # the edge, to the last bits of a float
            middle = (inside + outside) / 2
            if middle in (inside, outside):
                break
            if fn(middle) is None:
                outside = middle
            else:
                inside = middle
        step = xs[i + 1] - xs[i]
        side = 1.0 if inside > outside else -1.0
        out += [inside + side * step * 2.0**-k for k in range(1, 50)]
    return out


def _touching(
    fn: Callable[[float], float | None], xs: list[float], ys: list[float | None], found: list[float]
) -> list[tuple[float, Window]]:
    """Zeros where the sign does not change (sin 2x + 1 at 3π/4): a local minimum of |fn| on the
    grid, narrowed by ternary search and kept where |fn| falls to rounding level beside its
    neighbours' values (a local measure: f's size elsewhere, 1e43 at x = 100, says nothing here)."""
    out: list[tuple[float, Window]] = []
    for i in range(1, len(xs) - 1):
        a, b, c = ys[i - 1], ys[i], ys[i + 1]
        if a is None or b is None or c is None or not (abs(b) <= abs(a) and abs(b) <= abs(c)):
            continue
        if 0 in (a, b, c):  # a zero on the grid is found by the sign scan; a run of them is g ≡ 0
            continue
        if a * c < 0 or any(xs[i - 1] <= v <= xs[i + 1] for v in found):
            continue
        lo, hi = xs[i - 1], xs[i + 1]
        for _ in range(80):
            m1, m2 = lo + (hi - lo) / 3, hi - (hi - lo) / 3
            f1, f2 = fn(m1), fn(m2)
            if f1 is None or f2 is None:
                break
            if abs(f1) < abs(f2):
                hi = m2
            else:
                lo = m1
        mid = (lo + hi) / 2
        value = fn(mid)
        if value is not None and abs(value) <= 1e-9 * max(abs(a), abs(c)):
            out.append((mid, (xs[i - 1], xs[i + 1])))
    return out


def _bisect(
    fn: Callable[[float], float | None], a: float, b: float, fa: float
) -> tuple[float, Window] | None:
    for _ in range(100):
        m = (a + b) / 2
        fm = fn(m)
        if fm is None:
            return None
        if fm == 0 or m in (a, b):
            break
        if (fm < 0) == (fa < 0):
            a, fa = m, fm
        else:
            b = m
    mid = (a + b) / 2
    value = fn(mid)
    near = fn(a), fn(b)
    if value is None or None in near or max(abs(v) for v in near if v is not None) > 1e-6:
        return None  # a jump across a pole, not a zero
    return mid, (a, b)


def jumps(fn: Callable[[float], float | None], v: float) -> bool:
    """Whether ``fn`` jumps at v: the gap between its values just left and right of v does not
    shrink as they close in (sign x at 0), where a steep continuous function's does (100 cos 100x)."""
    h = 1e-6 * max(1.0, abs(v))
    a, b, c, d = fn(v - h), fn(v + h), fn(v - h / 100), fn(v + h / 100)
    if a is None or b is None or c is None or d is None:
        return False
    gap, closer = abs(a - b), abs(c - d)
    return gap > 1e-9 and closer > 0.5 * gap


def pole(fn: Callable[[float], float | None], v: float) -> bool:
    """Whether ``fn`` grows without bound at v, a numeric root of a denominator: there its value
    at the rounded root is merely huge (1e16), where a number is no value of f at all."""
    scale = max(1.0, abs(v))
    values = [fn(v + side * scale * t) for t in (1e-3, 1e-5, 1e-7) for side in (-1, 1)]
    if any(y is None for y in values):
        return False
    sizes = [max(abs(values[k]), abs(values[k + 1])) for k in (0, 2, 4)]  # type: ignore[arg-type]
    return sizes[2] > 1e3 and sizes[2] > 10 * sizes[1] > 100 * sizes[0]
