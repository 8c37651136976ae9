"""The curve sketch of y = f(x), step by step: ``stepcalc analyze`` (issue 19, item 2).

f′ and f″ come from stepcalc's derivation (factored, every line verified); f′ = 0 and f″ = 0
are solved with named steps (stepcalc.tasks.solve); the sign charts (stepcalc.tasks.charts)
give the intervals of increase and decrease, the local extrema by the first-derivative test
(the second-derivative test beside it where it decides), concavity and inflection points.
Absolute extrema compare the candidates' exact values with what f tends to at the open ends
of its domain.  stepcalc.oracle.curve then checks the answer against sympy and by sampling.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from stepcalc.budget import call_with_limit
from stepcalc.derivation import Derivation, derive
from stepcalc.errors import StepcalcError
from stepcalc.exact import UndefinedValue, exact_value, to_float
from stepcalc.expr import PI, Expr, Func, Mul, Num, Sym, Vector, free_symbols, walk
from stepcalc.limits import DEFAULT, Limits
from stepcalc.printing import to_text, to_unicode
from stepcalc.tasks.charts import Chart, Mark, build_chart, domain_edges
from stepcalc.tasks.sampling import numeric_function
from stepcalc.tasks.solve import Root

__all__ = ["Analysis", "Critical", "End", "Interval", "analyze"]

# the first-derivative test by the signs of f′ left and right of a critical point; 0 is f
# constant on that side (|x + 1| + |x − 1| on (−1, 1)): a minimum or maximum, not strict
_FIRST_TEST = {
    (1, -1): "local_max",
    (-1, 1): "local_min",
    (-1, 0): "local_min",
    (0, 1): "local_min",
    (1, 0): "local_max",
    (0, -1): "local_max",
}
_PERIODIC = {"sin", "cos", "tan", "sec", "csc", "cot"}
_FAR = (1e2, 1e4, 1e8, 1e16)  # where f is sampled to see its limit at ±∞
_NEAR = (1e-2, 1e-4, 1e-8, 1e-12)  # how close to a finite edge, relative to it


@dataclass(frozen=True, slots=True)
class Interval:
    """An interval of the x axis; None ends are −∞ and ∞."""

    lo: Root | None
    hi: Root | None
    lo_closed: bool = False
    hi_closed: bool = False


@dataclass(frozen=True, slots=True)
class Critical:
    """A critical point: f′ = 0 (``zero``) or f′ undefined there (``undefined``), and its kind."""

    x: Root
    y: Expr
    derivative: str  # "zero" | "undefined"
    kind: str  # "local_min" | "local_max" | "no_extremum" | "undefined" (the test cannot tell)
    second: Expr | None = None  # f″(x) where the second-derivative test applies


@dataclass(frozen=True, slots=True)
class End:
    """What f tends to at an open end of its domain: ``at`` None for ±∞ (``side`` says which)."""

    at: Root | None
    side: int  # +1: from the right (or x → ∞), −1: from the left (or x → −∞)
    limit: float | None  # ±inf for divergence; None when the samples do not settle
    exact: bool


@dataclass(frozen=True, slots=True)
class Analysis:
    derivation: Derivation
    x: Sym
    window: tuple[Root, Root] | None
    window_given: bool
    first: Chart
    second: Chart
    domain: tuple[Interval, ...]
    critical: tuple[Critical, ...]
    increasing: tuple[Interval, ...]
    decreasing: tuple[Interval, ...]
    concave_up: tuple[Interval, ...]
    concave_down: tuple[Interval, ...]
    inflections: tuple[tuple[Root, Expr], ...]
    ends: tuple[End, ...]
    absolute_min: tuple[tuple[Root, Expr], ...] | None  # None: undecided (an end's limit unread)
    absolute_max: tuple[tuple[Root, Expr], ...] | None
    checks: dict[str, bool | None] = field(default_factory=dict)

    @property
    def f(self) -> Expr:
        return self.derivation.problem.expr

    @property
    def local_min(self) -> list[Critical]:
        return [c for c in self.critical if c.kind == "local_min"]

    @property
    def local_max(self) -> list[Critical]:
        return [c for c in self.critical if c.kind == "local_max"]

    @property
    def numeric(self) -> bool:
        return (
            self.first.solution.numeric or self.second.solution.numeric or any(not e.exact for e in self.ends)
        )

    @property
    def verified(self) -> bool | None:
        verdicts = [self.derivation.verified, *self.checks.values()]
        if False in verdicts:
            return False
        return None if None in verdicts or not self.checks else True

    def to_dict(self) -> dict[str, Any]:
        from stepcalc.tasks.analyze_render import analysis_dict

        return analysis_dict(self)


def analyze(
    expr: str | Expr,
    *,
    on: str | tuple[str | Expr, str | Expr] | None = None,
    wrt: str | None = None,
    verify: bool = True,
    limits: Limits = DEFAULT,
) -> Analysis:
    """The curve sketch of y = ``expr``: on the interval ``on`` (``"a,b"``), or where f is defined.
    The derivation, the sketch and the oracle's checks each hold to ``limits.max_seconds``."""
    d = derive(expr, wrt=wrt, order=2, factor=True, verify=verify, limits=limits)
    found = call_with_limit(limits.max_seconds, lambda: _sketch(d, on, limits), "sketching the curve")
    if verify:
        from stepcalc.oracle.curve import check_analysis

        found.checks.update(check_analysis(found))
    return found


def _sketch(d: Derivation, on: str | tuple[str | Expr, str | Expr] | None, limits: Limits) -> Analysis:
    f = d.problem.expr
    x = _variable(d, f)
    window, given = _window(f, on, limits)
    first_g = d.sections[0].lines[-1].expr
    second_g = d.result
    if second_g is None or len(d.sections) < 2 or isinstance(second_g, Vector):
        raise StepcalcError(f"stepcalc cannot sketch {to_unicode(f)}: no second derivative")
    span = None if window is None else (window[0].approx, window[1].approx)
    edges = domain_edges(f, x, span)
    first = build_chart(f, first_g, x, window, edges + domain_edges(first_g, x, span))
    second = build_chart(f, second_g, x, window, edges + domain_edges(second_g, x, span))
    found = Analysis(
        d,
        x,
        window,
        given,
        first,
        second,
        tuple(_domain(first)),
        tuple(_critical(first, second_g, x)),
        tuple(_runs(first, 1)),
        tuple(_runs(first, -1)),
        tuple(_runs(second, 1)),
        tuple(_runs(second, -1)),
        tuple(_inflections(second)),
        tuple(_ends(first, f, x)),
        (),
        (),
    )
    low, high = _absolute(found)
    return _replace(
        found,
        absolute_min=None if low is None else tuple(low),
        absolute_max=None if high is None else tuple(high),
    )


def _replace(a: Analysis, **changes: Any) -> Analysis:
    from dataclasses import replace

    return replace(a, **changes)


def _variable(d: Derivation, f: Expr) -> Sym:
    if d.problem.kind != "derivative" or len(set(d.problem.wrt)) != 1:
        raise StepcalcError(f"a curve sketch needs y = f(x) in one variable, not {to_unicode(f)}")
    x = d.problem.wrt[0]
    others = sorted(s.name for s in free_symbols(f) - {x})
    if others:
        raise StepcalcError(
            f"a curve sketch needs y = f({x.name}) in {x.name} alone; {to_unicode(f)} has {', '.join(others)}"
        )
    if x not in free_symbols(f):
        raise StepcalcError(f"{to_unicode(f)} is constant: nothing to sketch")
    return x


def _window(
    f: Expr, on: str | tuple[str | Expr, str | Expr] | None, limits: Limits
) -> tuple[tuple[Root, Root] | None, bool]:
    """The interval asked about; one period [0, 2π] for a trigonometric f when none is."""
    if on is None:
        periodic = any(isinstance(n, Func) and n.name in _PERIODIC for n in walk(f))
        return (
            ((Root(Num(0), 0.0), Root(Mul((Num(2), PI)), 2 * math.pi)), False) if periodic else (None, False)
        )
    from stepcalc.parse import parse

    parts = on.split(",") if isinstance(on, str) else list(on)
    if len(parts) != 2:
        raise StepcalcError("--on takes an interval as a,b (for example 0,2 or -pi,pi)")
    ends = [p if isinstance(p, Expr) else parse(p.strip(), limits=limits) for p in parts]
    try:
        ends = [exact_value(e) for e in ends]
    except UndefinedValue:
        ends = []
    values = [to_float(e) if not free_symbols(e) else None for e in ends]
    if len(values) != 2 or values[0] is None or values[1] is None:
        raise StepcalcError(f"the ends of the interval {on!s} must be numbers, as in --on -2,3 or --on 0,pi")
    if not values[0] < values[1]:
        raise StepcalcError(
            f"the interval [{to_text(ends[0])}, {to_text(ends[1])}] is empty: write a,b with a < b"
        )
    return (Root(ends[0], values[0]), Root(ends[1], values[1])), True


def _domain(chart: Chart) -> list[Interval]:
    """Maximal runs of intervals where f is defined, joined through points where it is too."""
    out: list[Interval] = []
    spans = chart.spans
    start: int | None = None
    for i, span in enumerate(spans):
        if span.defined and start is None:
            start = i
        after = chart.after(i)
        joined = (
            i + 1 < len(spans) and span.defined and spans[i + 1].defined and bool(after and after.defined)
        )
        if start is not None and not joined and span.defined:
            out.append(_interval(chart, start, i))
            start = None
    return out


def _interval(chart: Chart, first: int, last: int) -> Interval:
    lo, hi = chart.before(first), chart.after(last)
    return Interval(
        chart.spans[first].lo, chart.spans[last].hi, bool(lo and lo.defined), bool(hi and hi.defined)
    )


def _runs(chart: Chart, sign: int) -> list[Interval]:
    """Intervals where g has ``sign``, joined through points where f is defined and g keeps it
    (x³ increases on all of ℝ), open at their ends as a textbook answers."""
    out: list[Interval] = []
    start: int | None = None
    for i, span in enumerate(chart.spans):
        good = span.defined and span.sign == sign
        if good and start is None:
            start = i
        nxt = i + 1 < len(chart.spans) and chart.spans[i + 1].defined and chart.spans[i + 1].sign == sign
        through = chart.after(i) if nxt else None  # f and g defined there: x³ through 0
        if start is not None and good and not (through and through.defined and through.status != "undefined"):
            out.append(Interval(chart.spans[start].lo, span.hi))
            start = None
    return out


def _critical(chart: Chart, second: Expr, x: Sym) -> list[Critical]:
    out: list[Critical] = []
    for i, mark in enumerate(chart.marks):
        if mark.edge or not mark.defined or mark.status == "value" or mark.value is None:
            continue
        left, right = chart.beside(i)
        kind = "undefined"
        if left is not None and right is not None and left.defined and right.defined:
            kind = _FIRST_TEST.get((left.sign, right.sign), "no_extremum")
        out.append(Critical(mark.point, mark.value, mark.status, kind, _second_value(second, x, mark)))
    return out


def _second_value(second: Expr, x: Sym, mark: Mark) -> Expr | None:
    if mark.status != "zero" or mark.point.numeric:
        return None
    from stepcalc.derivative_at import substitute
    from stepcalc.simplify import simplify

    try:
        value = exact_value(substitute(second, {x: mark.point.value}))
    except UndefinedValue:
        return None
    return simplify(value).expr if to_float(value) is not None else None


def _inflections(chart: Chart) -> list[tuple[Root, Expr]]:
    out = []
    for i, mark in enumerate(chart.marks):
        left, right = chart.beside(i)
        if mark.edge or not mark.defined or mark.value is None or left is None or right is None:
            continue
        if left.defined and right.defined and left.sign * right.sign == -1:
            out.append((mark.point, mark.value))
    return out


def _ends(chart: Chart, f: Expr, x: Sym) -> list[End]:
    """f's limits at the open ends of its domain (±∞, and the edges where f is undefined)."""
    fn = numeric_function(f, x)
    rational = _rational_degrees(f, x)
    out: list[End] = []
    for i, span in enumerate(chart.spans):
        if not span.defined:
            continue
        before, after = chart.before(i), chart.after(i)
        if span.lo is None or (before is not None and not before.defined):  # ln x on [0, 1] at 0 too
            out.append(_limit(fn, span.lo, 1, rational))
        if span.hi is None or (after is not None and not after.defined):
            out.append(_limit(fn, span.hi, -1, rational))
    return out


def _rational_degrees(f: Expr, x: Sym) -> tuple[int, Fraction] | None:
    """A rational function's degree (numerator's minus denominator's) and the ratio of the
    leading coefficients: its limits at ±∞ are then exact; None for any other f."""
    from stepcalc.simplify.normal import to_rational

    form = to_rational(f)
    if form is None or [g.base for g in form.gens.items] != [x] or form.gens.items[0].root != 1:
        return None
    (top, a), (bottom, b) = (
        max(((e[0], c) for e, c in p.terms()), key=lambda t: t[0]) for p in (form.num, form.den)
    )
    return top - bottom, Fraction(int(a.p), int(a.q)) / Fraction(int(b.p), int(b.q))


def _limit(fn: Any, at: Root | None, side: int, rational: tuple[int, Fraction] | None = None) -> End:
    """f's one-sided limit.  A rational function's at ±∞ is exact (by the degrees), and at a
    pole infinite, its sign read from f's values.  Otherwise the limit is read from samples
    ever closer (x = 10², 10⁴, 10⁸, 10¹⁶ or c ± 10⁻², 10⁻⁴, 10⁻⁸, 10⁻¹²): ±inf when they grow
    without settling (ln x too, whose steps do not shrink), their value when they settle,
    None when they do neither (sin x at ∞)."""
    if rational is not None and at is None:
        degree, ratio = rational
        if degree < 0:
            return End(at, side, 0.0, True)
        if degree == 0:
            return End(at, side, float(ratio), True)
        sign = (1 if ratio > 0 else -1) * (-1 if side > 0 and degree % 2 else 1)
        return End(at, side, math.copysign(math.inf, sign), True)
    found = _sampled(fn, at, side)
    if rational is not None and found.limit is not None and math.isinf(found.limit):
        return End(at, side, found.limit, True)  # a pole of a rational function
    return found


def _sampled(fn: Any, at: Root | None, side: int) -> End:
    if at is None:
        xs = [-side * t for t in _FAR]  # side +1 is the left end: x → −∞
    else:
        xs = [at.approx + side * max(abs(at.approx), 1.0) * t for t in _NEAR]
    ys = [fn(v) for v in xs]
    while ys and ys[-1] is None:  # e^x overflows: the samples before say which way
        ys.pop()
    if None in ys or not ys:
        return End(at, side, None, False)
    if len(ys) < len(xs) and abs(ys[-1]) > 1e6:  # past the largest float: |f| grows beyond it
        return End(at, side, math.copysign(math.inf, ys[-1]), False)
    if len(ys) < 3:
        return End(at, side, None, False)
    steps = [b - a for a, b in itertools.pairwise(ys)]
    last, scale = ys[-1], max(1.0, abs(ys[-1]))
    shrinking = abs(steps[-1]) < 1e-3 * abs(steps[-2]) and abs(steps[-1]) < 1e-4 * scale
    if abs(steps[-1]) <= 1e-7 * scale or shrinking:
        return End(at, side, _snap(last), False)
    growing = all(s > 0 for s in steps) or all(s < 0 for s in steps)
    if growing and abs(steps[-1]) >= 0.9 * abs(steps[-2]):
        return End(at, side, math.copysign(math.inf, steps[-1]), False)
    return End(at, side, None, False)


def _snap(v: float) -> float:
    """A limit read from samples: 1e-15 is 0, 0.99999999 is 1."""
    from fractions import Fraction

    q = Fraction(v).limit_denominator(1000)
    return float(q) if math.isclose(float(q), v, rel_tol=1e-7, abs_tol=1e-9) else v


def _absolute(a: Analysis) -> tuple[list[tuple[Root, Expr]] | None, list[tuple[Root, Expr]] | None]:
    """Every point where f reaches its least and greatest value: [] when an end of the domain
    goes beyond every candidate, None when an end's limit could not be read (undecided)."""
    candidates = [(c.x, c.y) for c in a.critical]
    candidates += [(m.point, m.value) for m in a.first.marks if m.edge and m.defined and m.value is not None]
    values = sorted(
        ((p, y, v) for p, y in candidates if (v := to_float(y)) is not None), key=lambda t: t[0].approx
    )
    limits = [e.limit for e in a.ends]
    known = [v for v in limits if v is not None]
    undecided = len(known) < len(limits)
    return (
        _extreme(values, known, undecided, -1),
        _extreme(values, known, undecided, 1),
    )


def _extreme(
    values: list[tuple[Root, Expr, float]], ends: list[float], undecided: bool, sense: int
) -> list[tuple[Root, Expr]] | None:
    """The points of the greatest (sense 1) or least (−1) value, if an end does not pass it."""
    if any(math.isinf(v) and v * sense > 0 for v in ends):
        return []  # f grows without bound towards an end
    if undecided:
        return None
    if not values:
        return []
    best = max(v * sense for *_, v in values)
    if any(v * sense > best + _tol(v) for v in ends):
        return []  # an end's limit passes every value f takes: approached, never reached
    return [(p, y) for p, y, v in values if math.isclose(v * sense, best, rel_tol=1e-12, abs_tol=1e-12)]


def _tol(v: float) -> float:
    return 0.0 if math.isinf(v) else 1e-9 * max(1.0, abs(v))
