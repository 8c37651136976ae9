"""The numbers behind a plot: an expression's values on a grid, its breaks, and the window.

Values come from the catalogue's own float functions (``Function.value``, the ones ``to_float``
uses), applied point by point over numpy arrays, so a plot and ``--at``'s decimal never disagree
about a function.  Odd roots of negative numbers are real, as ``stepcalc.exact`` reads them.
Where the expression has no real value the grid holds NaN, so the curve shows a gap.

A pole or a jump between two grid points would be drawn as a steep segment joining both sides.
Such an interval is bisected: where the jump does not shrink as the interval does, the curve is
cut (NaN) there, and the ends of the bisection are kept so that each side runs up to the break.

numpy arrives with matplotlib; it is imported inside functions so that ``import stepcalc``
stays light.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from stepcalc.catalogue import FUNCTIONS, arguments
from stepcalc.errors import StepcalcError
from stepcalc.exact import to_float
from stepcalc.expr import Add, Const, Div, Expr, Func, Mul, Neg, Num, Pow, Sym, free_symbols
from stepcalc.printing import to_unicode
from stepcalc.rules.base import rational

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Array = NDArray[np.float64]
    Mask = NDArray[np.bool_]

__all__ = ["Curve", "as_float", "curve_of", "grid", "values", "x_window", "y_window"]

Curve = Callable[["Array"], "Array"]
"""A function of one variable on arrays: x values to y values, NaN where undefined."""

POINTS = 1201  # grid points across the window: smooth at print size, cheap to evaluate
_BISECTIONS = 48  # halvings of a suspect interval: about 1e-14 of its width
_TRIES = (5.0, 50.0, 500.0)  # half-widths tried, in turn, for a function with no point of interest


def as_float(value: Expr | float) -> float:
    """A coordinate given as an exact expression or a float; ±inf are kept (interval ends)."""
    if isinstance(value, float | int):
        return float(value)
    found = to_float(value)
    if found is None:
        raise StepcalcError(f"a plot needs a real number, not {to_unicode(value)}")
    return found


def values(e: Expr, env: Mapping[Sym, Array]) -> Array:
    """``e`` at every point of the grids in ``env`` (arrays of one shape), NaN where it has no
    real value or is not finite."""
    import numpy as np

    others = free_symbols(e) - set(env)
    if others:
        letters = ", ".join(sorted(s.name for s in others))
        names = ", ".join(sorted(s.name for s in env))
        raise StepcalcError(f"a plot needs a function of {names} alone; {to_unicode(e)} has {letters}")
    shape = next(iter(env.values())).shape if env else ()
    with np.errstate(all="ignore"):
        found = np.broadcast_to(np.asarray(_value(e, env), dtype=float), shape).copy()
    found[~np.isfinite(found)] = np.nan
    return found


def curve_of(e: Expr, x: Sym) -> Curve:
    """``e`` as a function of ``x`` on arrays."""
    return lambda xs: values(e, {x: xs})


def _value(e: Expr, env: Mapping[Sym, Array]) -> Array | float:
    import numpy as np

    match e:
        case Num(value=v):
            try:
                return float(v)
            except OverflowError:
                return math.inf
        case Const(name=name):
            return math.e if name == "e" else math.inf if name == "oo" else math.pi
        case Sym():
            return env[e]
        case Add(terms=ts):
            return sum((_value(t, env) for t in ts), start=np.float64(0.0))
        case Mul(factors=fs):
            return math.prod((_value(f, env) for f in fs), start=np.float64(1.0))
        case Div(num=n, den=d):
            return np.divide(_value(n, env), _value(d, env))
        case Neg(arg=a):
            return np.negative(_value(a, env))
        case Pow(base=b, exp=k):
            return _power(_value(b, env), k, env)
        case Func(name=name, args=args) if name in FUNCTIONS and FUNCTIONS[name].value is not None:
            f = FUNCTIONS[name]
            apply: np.ufunc = np.frompyfunc(_guarded(f.value), len(arguments(f, args)), 1)  # type: ignore[arg-type]
            return np.asarray(apply(*(_value(a, env) for a in arguments(f, args))), dtype=float)
    raise StepcalcError(f"a plot needs a function with a number at each point, not {to_unicode(e)}")


def _power(base: Array | float, exponent: Expr, env: Mapping[Sym, Array]) -> Array | float:
    """Odd roots of negative numbers are real ((-8)^(2/3) = 4), as stepcalc reads them."""
    import numpy as np

    k = rational(exponent)
    if k is not None and k.denominator % 2 == 1 and k.denominator > 1:
        size = np.power(np.abs(base), float(k))
        sign = -1.0 if k.numerator % 2 else 1.0
        return np.where(np.less(base, 0), sign * size, size)
    return np.power(base, _value(exponent, env))


def _guarded(fn: Callable[..., float]) -> Callable[..., float]:
    """The catalogue's float function, NaN where it has no real value (math.log(-1) raises)."""

    def value(*args: float) -> float:
        try:
            return float(fn(*args))
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return math.nan

    return value


# ---------------------------------------------------------------- breaks
def grid(f: Curve, lo: float, hi: float, span: float) -> tuple[Array, Array]:
    """``f`` sampled across [lo, hi], cut where it jumps by more than ``span``/40 without
    passing the values between (a pole or a jump): there a NaN, with each side's last point;
    where its domain ends between two points, the last point it has there (√x from 0)."""
    import numpy as np

    xs = np.linspace(lo, hi, POINTS)
    ys = f(xs)
    inserted: dict[int, tuple[list[float], list[float]]] = {}  # after point i: these points
    suspect = np.flatnonzero(np.abs(np.diff(ys)) > span / 40)  # NaN steps compare False
    if suspect.size:
        left, right, ly, ry, cut = _bisect(
            f, xs[suspect], xs[suspect + 1], ys[suspect], ys[suspect + 1], span
        )
        for k in np.flatnonzero(cut).tolist():
            inserted[int(suspect[k])] = ([left[k], np.nan, right[k]], [ly[k], np.nan, ry[k]])
    defined = np.isfinite(ys)
    edges = np.flatnonzero(defined[:-1] != defined[1:])
    if edges.size:
        ex, ey = _edge(f, xs[edges], xs[edges + 1], defined[edges])
        for n, at in enumerate(edges.tolist()):
            inserted.setdefault(at, ([ex[n]], [ey[n]]))
    if not inserted:
        return xs, ys
    out_x: list[Array] = []
    out_y: list[Array] = []
    start = 0
    for i in sorted(inserted):
        out_x += [xs[start : i + 1], np.array(inserted[i][0], dtype=float)]
        out_y += [ys[start : i + 1], np.array(inserted[i][1], dtype=float)]
        start = i + 1
    return np.concatenate([*out_x, xs[start:]]), np.concatenate([*out_y, ys[start:]])


def _edge(f: Curve, a: Array, b: Array, left_defined: Mask) -> tuple[Array, Array]:
    """Where the domain ends inside each [a, b] (defined on the left end or on the right): the
    point nearest the end that still has a value, by bisection."""
    import numpy as np

    inside, outside = np.where(left_defined, a, b), np.where(left_defined, b, a)
    for _ in range(_BISECTIONS):
        m = (inside + outside) / 2
        ok = np.isfinite(f(m))
        inside, outside = np.where(ok, m, inside), np.where(ok, outside, m)
    return inside, f(inside)


def _bisect(
    f: Curve, a: Array, b: Array, fa: Array, fb: Array, span: float
) -> tuple[Array, Array, Array, Array, Mask]:
    """Halve each interval [a, b] towards its steeper half; a continuous function's jump
    shrinks to nothing, a pole's or a step's does not (or a value goes missing)."""
    import numpy as np

    a, b, fa, fb = a.copy(), b.copy(), fa.copy(), fb.copy()
    missing = np.zeros(a.shape, dtype=bool)
    for _ in range(_BISECTIONS):
        m = (a + b) / 2
        fm = f(m)
        missing |= np.isnan(fm)  # no value inside: a gap; the ends stay the last values found
        left = ~missing & (np.abs(fm - fa) >= np.abs(fb - fm))
        right = ~missing & ~left
        b, fb = np.where(left, m, b), np.where(left, fm, fb)
        a, fa = np.where(right, m, a), np.where(right, fm, fa)
    cut = missing | (np.abs(fb - fa) > span / 40)
    return a, b, fa, fb, cut


# ---------------------------------------------------------------- windows
def x_window(f: Curve, marks: Sequence[float], *, around_zero: bool = True) -> tuple[float, float]:
    """An x range around the points of interest, with margins, trimmed to where ``f`` is
    defined; without marks, ±5 (wider if f has no value there)."""
    import numpy as np

    if marks:
        lo, hi = min(marks), max(marks)
        if around_zero and max(abs(lo), abs(hi)) <= 10:  # near the origin: show it
            lo, hi = min(lo, 0.0), max(hi, 0.0)
        pad = max(1.5, 0.5 * (hi - lo), 0.25 * max(abs(lo), abs(hi)))
        lo, hi = lo - pad, hi + pad
    else:
        lo, hi = -_TRIES[0], _TRIES[0]
        for half in _TRIES:
            if np.isfinite(f(np.linspace(-half, half, 401))).any():
                lo, hi = -half, half
                break
        else:
            lo, hi = -_TRIES[-1], _TRIES[-1]
    xs = np.linspace(lo, hi, 801)
    defined = xs[np.isfinite(f(xs))]
    if defined.size == 0:
        raise StepcalcError(f"nothing to plot: no real values for x from {lo:g} to {hi:g}")
    a, b = float(defined[0]), float(defined[-1])
    margin = 0.05 * max(b - a, 1e-9)
    a, b = max(lo, a - margin), min(hi, b + margin)
    if marks:
        a, b = min(a, *marks), max(b, *marks)
    return (a, b) if b > a else (a - 1, b + 1)


def y_window(samples: Sequence[Array], marks: Sequence[float] = ()) -> tuple[float, float]:
    """A y range from the quartiles of the finite values, reaching twice their spread beyond
    them (Tukey's fences, a little wider), so that a pole's huge values do not flatten the
    picture; the marked points in view; 6% margins."""
    import numpy as np

    finite = np.concatenate([s[np.isfinite(s)] for s in samples] + [np.array(marks, dtype=float)])
    if finite.size == 0:
        return -1.0, 1.0
    q25, q75 = np.quantile(finite, [0.25, 0.75])
    reach = 2 * max(q75 - q25, 1e-9)
    lo = max(float(finite.min()), q25 - reach)
    hi = min(float(finite.max()), q75 + reach)
    if marks:
        lo, hi = min(lo, *marks), max(hi, *marks)
    if hi - lo < 1e-9:  # a constant: a band around it
        lo, hi = lo - 1, hi + 1
    pad = 0.06 * (hi - lo)
    return lo - pad, hi + pad
