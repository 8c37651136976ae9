"""Sign charts (穿针引线法): the real line cut at the points that matter, one row per factor.

A chart of g (f′ or f″, as stepcalc's derivation factors it) has a row for each factor that
holds x, with its zeros (stepcalc.tasks.solve), and the sign of g on each open interval
between consecutive points, read at a plain test number inside (a whole number where there
is room).  The points are the factors' zeros, the zeros of the denominators (g undefined),
and the edges of f's domain (a logarithm's or a root's argument at 0, a pole); outside the
domain an interval is marked as such.  The same chart serves monotonicity (g = f′) and
concavity (g = f″).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

from stepcalc.catalogue import FUNCTIONS
from stepcalc.derivative_at import substitute
from stepcalc.errors import StepcalcError
from stepcalc.exact import UndefinedValue, exact_value, to_float
from stepcalc.expr import Add, Div, Expr, Func, Mul, Neg, Num, Pow, Sym, free_symbols, walk
from stepcalc.printing import to_text
from stepcalc.rules.base import rational
from stepcalc.tasks.sampling import Window, decimal, jumps, numeric_function, pole
from stepcalc.tasks.solve import Root, Solution, zeros

__all__ = ["MAX_POINTS", "Chart", "Mark", "Row", "Span", "build_chart", "domain_edges", "factor_rows"]

MAX_POINTS = 60  # critical and edge points one sign chart may hold
_POLES = {"tan": "cos", "sec": "cos", "cot": "sin", "csc": "sin"}


@dataclass(frozen=True, slots=True)
class Row:
    """A factor of g: in the numerator (its zeros are g's) or the denominator (g undefined)."""

    factor: Expr
    below: bool
    roots: tuple[Root, ...]


@dataclass(frozen=True, slots=True)
class Span:
    """An open interval between two chart points (None: −∞ or ∞) and g's sign inside it."""

    lo: Root | None
    hi: Root | None
    test: float
    defined: bool  # f is defined inside
    sign: int  # the sign of g inside (0 where f is not defined, or g ≡ 0)
    signs: tuple[int, ...]  # each row's sign


@dataclass(frozen=True, slots=True)
class Mark:
    """A chart point: whether f is defined there, its value, and what g does there."""

    point: Root
    defined: bool
    value: Expr | None  # f(point), exact or a rounded decimal
    status: str  # g there: "zero", "undefined" or "value"
    zero_rows: tuple[bool, ...]  # which rows vanish there
    edge: bool = False  # an end of the interval asked about


@dataclass(frozen=True, slots=True)
class Chart:
    of: Expr  # g
    sign: int  # the sign of g's constant factor
    rows: tuple[Row, ...]
    spans: tuple[Span, ...]
    marks: tuple[Mark, ...]  # between consecutive spans, and the window's ends when there is one
    solution: Solution  # g = 0, with its steps

    @property
    def _offset(self) -> int:
        """1 when the marks begin with the window's left end (then span i lies between marks i
        and i + 1), else 0 (span i between marks i − 1 and i; the line's ends are ±∞)."""
        return 1 if self.marks and self.marks[0].edge else 0

    def before(self, i: int) -> Mark | None:
        """The point at the left end of span i (None at −∞)."""
        j = i - 1 + self._offset
        return self.marks[j] if 0 <= j < len(self.marks) else None

    def after(self, i: int) -> Mark | None:
        """The point at the right end of span i (None at ∞)."""
        j = i + self._offset
        return self.marks[j] if j < len(self.marks) else None

    def beside(self, j: int) -> tuple[Span | None, Span | None]:
        """The spans left and right of mark j."""
        i = j - self._offset
        left = self.spans[i] if 0 <= i < len(self.spans) else None
        right = self.spans[i + 1] if 0 <= i + 1 < len(self.spans) else None
        return left, right


def factor_rows(g: Expr, x: Sym) -> tuple[int, list[tuple[Expr, bool]]]:
    """g's constant sign and its factors that hold x, each marked as above or below the line."""
    sign = 1
    rows: list[tuple[Expr, bool]] = []

    def visit(e: Expr, below: bool) -> None:
        nonlocal sign
        match e:
            case Neg(arg=a):
                sign = -sign
                visit(a, below)
            case Div(num=n, den=d):
                visit(n, below)
                visit(d, not below)
            case Mul(factors=fs):
                for f in fs:
                    visit(f, below)
            case _ if x not in free_symbols(e):
                value = to_float(e)
                if value is not None and value < 0:
                    sign = -sign
            case _:
                rows.append((e, below))

    visit(g, False)
    return sign, rows


def domain_edges(f: Expr, x: Sym, window: Window | None) -> list[Root]:
    """Where f's domain or formula may change: denominators' zeros, roots' and logarithms'
    edges (the catalogue's ``edges``), the poles of tan, sec, cot and csc."""
    out: list[Root] = []
    for node in walk(f):
        if x not in free_symbols(node):
            continue
        match node:
            case Div(den=d):
                out += zeros(d, x, window).roots
            case Pow(base=b, exp=e) if (q := rational(e)) is None or q < 0 or q.denominator != 1:
                out += zeros(b, x, window).roots
            case Func(name=name, args=(w, *_)) if name in _POLES:
                out += zeros(Func(_POLES[name], (w,)), x, window).roots
            case Func(name=name, args=(w, *_)) if name in ("sqrt",) or (
                name in FUNCTIONS and FUNCTIONS[name].edges
            ):
                for c in FUNCTIONS[name].edges or (0,):
                    out += zeros(Add((w, Num(-c))) if c else w, x, window).roots
    return out


def build_chart(f: Expr, g: Expr, x: Sym, window: tuple[Root, Root] | None, edges: list[Root]) -> Chart:
    """The sign chart of g over f's domain (within ``window``, a closed interval, if given)."""
    sign, found = factor_rows(g, x)
    span = None if window is None else (window[0].approx, window[1].approx)
    shown = None if window is None else (window[0].value, window[1].value)
    solution = zeros(g, x, span, shown)
    rows = [Row(e, below, zeros(e, x, span, shown).roots) for e, below in found]
    points = _points([r for row in rows for r in row.roots] + edges, window)
    if len(points) > MAX_POINTS:  # sin 100x on [0, 2π]: 400 columns no one would read
        raise StepcalcError(
            f"{len(points)} points to chart for {to_text(g)}: more than {MAX_POINTS}; "
            "sketch on a shorter interval, with --on a,b"
        )
    ends: list[Root | None] = [None, *points, None]
    if window is not None:
        ends = list(points)
    fn, gn = numeric_function(f, x), numeric_function(g, x)
    row_fns = [numeric_function(row.factor, x) for row in rows]
    spans = []
    for lo, hi in itertools.pairwise(ends):
        t = _between(lo, hi)
        defined = fn(t) is not None
        value = gn(t) if defined else None
        signs = tuple(_sign(r(t)) for r in row_fns)
        spans.append(Span(lo, hi, t, defined, _sign(value), signs))
    inner = points[1:-1] if window is not None else points
    marks = [_mark(f, g, x, p, rows) for p in inner]
    if window is not None:
        marks = [
            _mark(f, g, x, points[0], rows, edge=True),
            *marks,
            _mark(f, g, x, points[-1], rows, edge=True),
        ]
    return Chart(g, sign, tuple(rows), tuple(spans), tuple(marks), solution)


def _points(found: list[Root], window: tuple[Root, Root] | None) -> list[Root]:
    """The distinct points in the window (with its ends), exact ones kept over numeric ones."""
    if window is not None:
        lo, hi = window
        found = [r for r in found if lo.approx - 1e-12 <= r.approx <= hi.approx + 1e-12]
        found = [lo, *found, hi]
    out: list[Root] = []
    for r in sorted(found, key=lambda r: (r.approx, r.numeric)):
        if out and math.isclose(out[-1].approx, r.approx, rel_tol=1e-10, abs_tol=1e-10):
            if out[-1].numeric and not r.numeric:
                out[-1] = r
            continue
        out.append(r)
    return out


def _between(lo: Root | None, hi: Root | None) -> float:
    """A plain number inside (lo, hi): a whole number if one fits, else a short fraction."""
    if lo is None and hi is None:
        return 0.0
    if lo is None:
        assert hi is not None
        return float(math.floor(hi.approx) - 1)
    if hi is None:
        return float(math.ceil(lo.approx) + 1)
    a, b = lo.approx, hi.approx
    whole = math.floor(a) + 1
    if whole < b and whole - a > (b - a) / 8 and b - whole > (b - a) / 8:
        return float(whole)
    for den in (2, 4, 10, 100):
        q = Fraction(math.floor(a * den) + 1, den)
        if a < q < b and float(q) - a > (b - a) / 8 and b - float(q) > (b - a) / 8:
            return float(q)
    return (a + b) / 2


def _sign(v: float | None) -> int:
    return 0 if v is None or v == 0 else (1 if v > 0 else -1)


def _mark(f: Expr, g: Expr, x: Sym, p: Root, rows: list[Row], *, edge: bool = False) -> Mark:
    zero_rows = tuple(any(math.isclose(r.approx, p.approx, abs_tol=1e-10) for r in row.roots) for row in rows)
    defined, value = _value(f, x, p)
    if any(z and row.below for z, row in zip(zero_rows, rows, strict=True)):
        return Mark(p, defined, value, "undefined", zero_rows, edge)
    if p.numeric:
        status = "zero" if any(zero_rows) else ("value" if _value(g, x, p)[0] else "undefined")
        return Mark(p, defined, value, status, zero_rows, edge)
    at, there = _value(g, x, p)
    if not at or _jumps(g, x, p):
        return Mark(p, defined, value, "undefined", zero_rows, edge)
    return Mark(p, defined, value, "zero" if there == Num(0) or any(zero_rows) else "value", zero_rows, edge)


def _jumps(g: Expr, x: Sym, p: Root) -> bool:
    """Whether g jumps at p: a step function in it (sign u, the derivative of |u|) has u = 0
    there and g's values just left and right of p differ (|x|′ at 0: −1 and 1), so f′(p)
    does not exist although the formula has a value (sign 0 = 0)."""
    from stepcalc.special_values import ONE_SIDED

    steps = [n for n in walk(g) if isinstance(n, Func) and n.name in ONE_SIDED and n.args]
    if not any(_value(n.args[0], x, p)[1] == Num(0) for n in steps):
        return False
    return jumps(numeric_function(g, x), p.approx)


def _positive_bases(e: Expr, x: Sym, at: Expr) -> bool:
    """A power with x in its exponent (x^x) is e^(u ln b): defined where its base is positive."""
    for node in walk(e):
        if isinstance(node, Pow) and x in free_symbols(node.exp) and x in free_symbols(node.base):
            base = to_float(exact_value(substitute(node.base, {x: at})))
            if base is None or base <= 0:
                return False
    return True


def _value(e: Expr, x: Sym, p: Root) -> tuple[bool, Expr | None]:
    """Whether e is defined at p, and its value there (exact, or a decimal at a numeric point)."""
    if p.numeric:
        fn = numeric_function(e, x)
        v = fn(p.approx)
        return (False, None) if v is None or pole(fn, p.approx) else (True, decimal(v))
    try:
        from stepcalc.simplify import simplify
        from stepcalc.simplify.normal import cancel

        value = exact_value(substitute(e, {x: p.value}))
        if to_float(value) is None or not _positive_bases(e, x, p.value):
            return False, None
        return True, cancel(value) or simplify(value).expr
    except UndefinedValue:
        return False, None
