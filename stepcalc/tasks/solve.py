"""Real zeros of one expression in x, with the named steps a textbook shows (issue 19).

``zeros(u, x)`` splits ``u = 0`` by its structure: a product is zero where a factor is
(zero-product), a quotient where its numerator is, ``e^u`` never, ``ln w`` where w = 1, a root
or a power where its base is.  Sums are read as exact polynomials over Q (stepcalc's normal
forms on python-flint): linear, the quadratic formula with its discriminant, rational roots by
factoring, and a polynomial in one function of x (``2 ln x + 1``, ``e^(2x) − 3e^x + 2``,
``2 sin x − 1``) solved for that function, then inverted (ln and exp equations, the basic
trigonometric equations within the window plus their period).  Irreducible polynomials of
degree ≥ 3 get flint's certified real roots, and anything else numeric roots bracketed by sign
changes on the window: both marked numeric.  Nothing here asks sympy: these are the steps;
the oracle checks them in stepcalc.tasks.analyze.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from stepcalc.derivative_at import substitute
from stepcalc.errors import StepcalcError
from stepcalc.exact import UndefinedValue, exact_value, to_float
from stepcalc.expr import PI, Add, Div, E, Equation, Expr, Func, Mul, Neg, Num, Pow, Sym, free_symbols
from stepcalc.printing import to_text
from stepcalc.rules.base import number, rational
from stepcalc.special_values import sqrt_of
from stepcalc.tasks.sampling import Crowded, Window, decimal, numeric_function, sign_changes
from stepcalc.tasks.solve_trig import double_angles, is_double, principal, products_of_sin_cos

if TYPE_CHECKING:
    from flint import fmpq_poly

    from stepcalc.simplify.generators import Generator

__all__ = ["Root", "Solution", "Step", "zeros"]

MAX_FAMILY = 1_000  # the solutions of a trigonometric equation listed within an interval, at most
SEARCH = (-100.0, 100.0)  # where numeric roots are looked for when no interval is asked about
_K = Sym("k")  # the integer of a periodic family: x = π/6 + 2kπ
_ZERO_WHERE_ARG_ZERO = {"sqrt", "cbrt", "abs", "sinh", "tanh", "atan", "asin", "asinh", "atanh", "erf"}
_ZERO_WHERE_ARG_ONE = {"ln", "acos", "acosh"}
_NEVER_ZERO = {"exp", "cosh", "sigma"}
_TRIG = {"sin": "sin", "cos": "cos", "tan": "tan"}
_RECIPROCAL = {"sec": "cos", "csc": "sin", "cot": "tan"}  # sec w = 1/cos w …


@dataclass(frozen=True, slots=True)
class Root:
    """A real zero: exact, or numeric (``value`` a rounded decimal, ``bracket`` a sign change)."""

    value: Expr
    approx: float
    multiplicity: int = 1
    numeric: bool = False
    bracket: Window | None = None


@dataclass(frozen=True, slots=True)
class Step:
    """One named step: a phrase key (``word.solve_<key>``) and the mathematics it speaks of."""

    key: str
    math: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Solution:
    roots: tuple[Root, ...]  # sorted, distinct
    steps: tuple[Step, ...]
    intervals: tuple[float, ...] = ()  # where the equation holds on a whole interval (its start)

    @property
    def numeric(self) -> bool:
        return any(r.numeric for r in self.roots)


def zeros(u: Expr, x: Sym, window: Window | None = None, shown: tuple[Expr, Expr] | None = None) -> Solution:
    """The real zeros of ``u`` (within ``window`` for periodic and numeric families), with steps;
    ``shown``: the window's ends as the steps write them (2π, not 6.28319)."""
    solver = _Solver(x, window, shown)
    found = solver.solve(u, 1)
    return Solution(tuple(_distinct(found)), tuple(solver.steps), tuple(solver.runs))


def _distinct(roots: list[Root]) -> list[Root]:
    out: list[Root] = []
    for r in sorted(roots, key=lambda r: r.approx):
        if out and math.isclose(out[-1].approx, r.approx, rel_tol=1e-12, abs_tol=1e-12):
            last = out[-1]
            keep = last if not last.numeric else r
            out[-1] = Root(
                keep.value, keep.approx, last.multiplicity + r.multiplicity, keep.numeric, keep.bracket
            )
        else:
            out.append(r)
    return out


def _exact_root(value: Expr, multiplicity: int = 1) -> Root | None:
    """A root from its exact value; None when it is not a real number."""
    try:
        value = exact_value(value)
    except UndefinedValue:
        return None
    approx = to_float(value)
    return None if approx is None else Root(value, approx, multiplicity)


@dataclass
class _Solver:
    x: Sym
    window: Window | None
    shown: tuple[Expr, Expr] | None = None
    steps: list[Step] = field(default_factory=list)
    runs: list[float] = field(default_factory=list)  # the numeric search's intervals of zeros

    def say(self, key: str, *math: Expr) -> None:
        self.steps.append(Step(key, math))

    def solve(self, u: Expr, k: int) -> list[Root]:
        """Zeros of ``u`` with multiplicity ``k`` (a power's exponent)."""
        if self.x not in free_symbols(u):
            return []
        match u:
            case Neg(arg=a):
                return self.solve(a, k)
            case Mul(factors=fs):
                moving = [f for f in fs if self.x in free_symbols(f)]
                if len(moving) > 1:
                    self.say("zero_product", Equation((u, Num(0))), *(Equation((f, Num(0))) for f in moving))
                return [r for f in moving for r in self.solve(f, k)]
            case Div(num=n, den=d):
                if self.x in free_symbols(n):
                    self.say("numerator", Equation((u, Num(0))), Equation((n, Num(0))), d)
                return self.solve(n, k)
            case Pow(base=b, exp=e) if b == E or (isinstance(b, Num) and b.value > 0):
                self.say("never_zero", Func("exp", (e,)) if b == E else u)
                return []
            case Pow(base=b, exp=e) if (q := rational(e)) is not None:
                if q < 0:
                    self.say("never_zero", u)
                    return []
                return self.solve(b, k * q.numerator)
            case Func(name=name, args=(w,)):
                return self.function(u, name, w, k)
        return self.sum(u, k)

    def function(self, u: Expr, name: str, w: Expr, k: int) -> list[Root]:
        if name in _NEVER_ZERO:
            self.say("never_zero", u)
            return []
        if name in _ZERO_WHERE_ARG_ZERO:
            self.say("function_zero", Equation((u, Num(0))), Equation((w, Num(0))))
            return self.solve(w, k)
        if name in _ZERO_WHERE_ARG_ONE:
            self.say("function_zero", Equation((u, Num(0))), Equation((w, Num(1))))
            return self.solve(Add((w, Num(-1))), k)
        if name in _TRIG:
            return self.trig(name, w, Num(0))
        return self.numeric(u)

    # ------------------------------------------------------------ sums: polynomials
    def sum(self, u: Expr, k: int) -> list[Root]:
        linear = self.linear(u)
        if linear is not None:
            a, b = linear
            root = _exact_root(Neg(Div(b, a)), k)
            if u != self.x:
                self.say("linear", Equation((u, Num(0))), Equation((self.x, root.value if root else Num(0))))
            return [root] if root else []
        from stepcalc.simplify.normal import to_rational

        form = to_rational(u)
        if form is None:
            return self.numeric(u)
        halved = double_angles(u) if any(is_double(g.base) for g in form.gens.items) else None
        if halved is not None:
            self.say("double_angle", Equation((u, Num(0))), Equation((halved, Num(0))))
            return self.sum(halved, k)
        doubled = products_of_sin_cos(u, form.gens.items, list(form.num.terms()))
        if doubled is not None:
            self.say("double_angle", Equation((u, Num(0))), Equation((doubled, Num(0))))
            return self.sum(doubled, k)
        if len(form.gens.items) == 2:
            return self.sin_cos(u, form.gens.items, list(form.num.terms()))
        if len(form.gens.items) != 1 or self.x not in _symbols(form.gens.items[0]):
            return self.numeric(u)
        (g,) = form.gens.items
        poly = _univariate(form.num)
        if poly is None:
            return self.numeric(u)
        if g.base == self.x and g.unit is None and g.root == 1:
            return self.polynomial(poly, k)
        return self.substituted(u, g, poly, k)

    def sin_cos(
        self, u: Expr, gens: tuple[Generator, ...], terms: list[tuple[tuple[int, ...], object]]
    ) -> list[Root]:
        """a sin w + b cos w = 0 is tan w = −b/a (where cos w = 0, sin w = ±1 and a ≠ 0)."""
        names = [
            g.base.name if isinstance(g.base, Func) and g.unit is None and g.root == 1 else "" for g in gens
        ]
        args = {g.base.args for g in gens if isinstance(g.base, Func)}
        if (
            sorted(names) != ["cos", "sin"]
            or len(args) != 1
            or sorted(e for e, _ in terms) != [(0, 1), (1, 0)]
        ):
            return self.numeric(u)
        (w,) = next(iter(args))
        coefficient = {names[e.index(1)]: Fraction(int(c.p), int(c.q)) for e, c in terms}  # type: ignore[attr-defined]
        ratio = number(-coefficient["cos"] / coefficient["sin"])
        self.say("divide_cos", Equation((u, Num(0))), Equation((Func("tan", (w,)), ratio)))
        return self.trig("tan", w, ratio)

    def linear(self, u: Expr) -> tuple[Expr, Expr] | None:
        """``u = a·x + b`` with a ≠ 0 and a, b free of x (constants like e^(-1/2) allowed)."""
        from stepcalc.simplify.normal import is_zero

        try:
            b = exact_value(substitute(u, {self.x: Num(0)}))
            a = exact_value(Add((substitute(u, {self.x: Num(1)}), Neg(b))))
        except UndefinedValue:
            return None
        if a == Num(0) or free_symbols(a) or free_symbols(b):
            return None
        if is_zero(Add((u, Neg(Add((Mul((a, self.x)), b)))))) is not True:
            return None
        return a, b

    def polynomial(self, p: fmpq_poly, k: int) -> list[Root]:
        from stepcalc.simplify.normal import factor

        shown = _poly_expr(p, self.x)
        _, found = p.factor()
        if len(found) > 1 or found[0][1] > 1:
            self.say("factor", Equation((shown, Num(0))), Equation((factor(shown) or shown, Num(0))))
        return [r for q, m in found for r in self.irreducible(q, k * m)]

    def irreducible(self, p: fmpq_poly, k: int) -> list[Root]:
        x, shown = self.x, _poly_expr(p, self.x)
        c = [Fraction(int(v.p), int(v.q)) for v in p.coeffs()]  # constant term first
        if p.degree() == 1:
            root = _exact_root(number(-c[0] / c[1]), k)
            if shown != x:
                self.say("linear", Equation((shown, Num(0))), Equation((x, root.value if root else Num(0))))
            return [root] if root else []
        if p.degree() == 2:
            return self.quadratic(shown, c[2], c[1], c[0], k)
        if not any(c[1:-1]):  # a x^n + b: x^n = -b/a, its real n-th roots
            return self.binomial(shown, p.degree(), -c[0] / c[-1], k)
        roots: list[Any] = [z for z, _ in p.complex_roots() if z.imag == 0]  # type: ignore[misc, has-type]
        found = [
            Root(
                decimal(float(z.real)), float(z.real), k, True, (float(z.real.lower()), float(z.real.upper()))
            )
            for z in roots
        ]
        self.say("numeric_polynomial", Equation((shown, Num(0))), *(Equation((x, r.value)) for r in found))
        return found

    def binomial(self, shown: Expr, n: int, r: Fraction, k: int) -> list[Root]:
        """xⁿ = r: for an odd n its one real root, ⁿ√r; for an even n ±ⁿ√r when r > 0, none when
        r < 0 (an even power is never negative)."""
        power = Equation((Pow(self.x, Num(n)), number(r)))
        if n % 2 == 0 and r < 0:
            self.say("binomial_none", Equation((shown, Num(0))), power)
            return []
        size = Pow(number(abs(r)), Num(Fraction(1, n)))
        values = [Neg(size), size] if n % 2 == 0 else [Neg(size) if r < 0 else size]
        roots = [root for v in values if (root := _exact_root(v, k)) is not None]
        self.say("binomial", Equation((shown, Num(0))), power, *(Equation((self.x, r.value)) for r in roots))
        return roots

    def quadratic(self, shown: Expr, a: Fraction, b: Fraction, c: Fraction, k: int) -> list[Root]:
        disc = b * b - 4 * a * c
        if disc < 0:
            self.say("quadratic_none", Equation((shown, Num(0))), number(disc))
            return []
        roots = [_exact_root(_quadratic_root(a, b, disc, s), k) for s in (-1, 1)]
        found = [r for r in roots if r is not None]
        self.say(
            "quadratic",
            Equation((shown, Num(0))),
            number(disc),
            *(Equation((self.x, r.value)) for r in found),
        )
        return found

    # ------------------------------------------------------------ a polynomial in g(x)
    def substituted(self, u: Expr, g: Generator, poly: fmpq_poly, k: int) -> list[Root]:
        t = Sym("t")
        gx = g.power(1)
        inner = _Solver(t, None)
        values = inner.polynomial(poly, k)
        self.say(
            "substitute", Equation((u, Num(0))), Equation((t, gx)), Equation((_poly_expr(poly, t), Num(0)))
        )
        self.steps.extend(inner.steps)
        if any(v.numeric for v in values):
            return self.numeric(u)
        return [r for v in values for r in self.inverted(gx, g, v)]

    def inverted(self, gx: Expr, g: Generator, v: Root) -> list[Root]:
        """The x with g(x) = v."""
        c = v.value
        if g.unit is not None:  # b^(unit/root) = c: unit = root·ln c / ln b
            if v.approx <= 0:
                self.say("no_solution", Equation((gx, c)))
                return []
            log = Func("ln", (c,)) if g.base == E else Div(Func("ln", (c,)), Func("ln", (g.base,)))
            return self.solved_for(
                g.unit, Mul((Num(g.root), log)) if g.root != 1 else log, gx, c, "exp_equation", v
            )
        if g.root > 1:  # base^(1/root) = c
            if g.root % 2 == 0 and v.approx < 0:
                self.say("no_solution", Equation((gx, c)))
                return []
            return self.solved_for(g.base, Pow(c, Num(g.root)), gx, c, "root_equation", v)
        if isinstance(g.base, Func) and len(g.base.args) == 1:
            name, w = g.base.name, g.base.args[0]
            if name == "ln":
                return self.solved_for(w, Pow(E, c), gx, c, "ln_equation", v)
            if name in _TRIG:
                return self.trig(name, w, c)
            if name in _RECIPROCAL:  # sec w = c is cos w = 1/c; cot w = 0 is cos w = 0
                trig = _RECIPROCAL[name]
                if v.approx == 0:
                    if name != "cot":
                        self.say("no_solution", Equation((gx, c)))
                        return []
                    return self.trig("cos", w, Num(0))
                inverse = exact_value(Div(Num(1), c))
                self.say("reciprocal", Equation((gx, c)), Equation((Func(trig, (w,)), inverse)))
                return self.trig(trig, w, inverse)
        return self.numeric(gx if c == Num(0) else Add((gx, Neg(c))))

    def solved_for(self, w: Expr, target: Expr, gx: Expr, c: Expr, key: str, v: Root) -> list[Root]:
        """g(x) = c turned into w = target (``e^x = 2`` into ``x = ln 2``), then w solved."""
        try:
            target = exact_value(target)
        except UndefinedValue:
            return []
        self.say(key, Equation((gx, c)), Equation((w, target)))
        if w == self.x:
            root = _exact_root(target, v.multiplicity)
            return [root] if root else []
        return self.solve(Add((w, Neg(target))) if target != Num(0) else w, v.multiplicity)

    # ------------------------------------------------------------ trigonometric families
    def trig(self, name: str, w: Expr, c: Expr) -> list[Root]:
        lin = self.linear(w)
        cv = to_float(c)
        if lin is None or cv is None:
            return self.numeric(Func(name, (w,)) if c == Num(0) else Add((Func(name, (w,)), Neg(c))))
        if name != "tan" and abs(cv) > 1:
            self.say("no_solution", Equation((Func(name, (w,)), c)))
            return []
        if self.window is None:
            raise StepcalcError(
                f"{name}(...) = {cv:g} has infinitely many solutions: give an interval, --on a,b"
            )
        angles, period = principal(name, c)
        turns = Mul((_K, PI)) if period == 1 else Mul((number(period), _K, PI))
        family = [turns if p == Num(0) else Add((p, turns)) for p in angles]
        self.say("trig", Equation((Func(name, (w,)), c)), *(Equation((w, f)) for f in family))
        a, b = lin
        af, bf = to_float(a), to_float(b)
        assert af is not None and bf is not None
        out: list[Root] = []
        lo, hi = sorted(((self.window[0] * af + bf), (self.window[1] * af + bf)))
        if (hi - lo) / (float(period) * math.pi) * len(angles) > MAX_FAMILY:
            many = f"more than {MAX_FAMILY:,} solutions of {name}(...) = {cv:g}"
            raise StepcalcError(f"the interval holds {many}: take a shorter one")
        for p in angles:
            pf = to_float(exact_value(p))
            assert pf is not None
            step = float(period) * math.pi
            for j in range(math.ceil((lo - pf) / step - 1e-9), math.floor((hi - pf) / step + 1e-9) + 1):
                angle = Add((p, Mul((number(period * j), PI))))
                root = _exact_root(Div(Add((angle, Neg(b))), a))
                if root is not None:
                    out.append(root)
        return out

    # ------------------------------------------------------------ numeric
    def numeric(self, u: Expr) -> list[Root]:
        lo, hi = self.window or SEARCH
        fn = numeric_function(u, self.x)
        try:
            changes = sign_changes(fn, lo, hi, self.runs)
        except Crowded as crowd:  # sin(1/x) near 0: more solutions than the grid sees
            raise StepcalcError(
                f"{to_text(u)} = 0 has solutions too close together near {self.x.name} = {crowd.at:g} "
                "to tell apart: sketch on an interval away from there, with --on a,b"
            ) from None
        found = [Root(decimal(v), v, 1, True, br) for v, br in changes]
        ends = (
            self.shown if self.window is not None and self.shown is not None else (decimal(lo), decimal(hi))
        )
        self.say("numeric", Equation((u, Num(0))), *ends, *(Equation((self.x, r.value)) for r in found))
        return found


def _quadratic_root(a: Fraction, b: Fraction, disc: Fraction, sign: int) -> Expr:
    """(−b ± √Δ)/(2a), written with whole numbers where the root is irrational."""
    root = sqrt_of(disc)
    if rational(root) is not None:
        return number((-b + sign * (rational(root) or 0)) / (2 * a))
    top: Expr = Add((number(-b), root)) if sign > 0 else Add((number(-b), Neg(root)))
    if b == 0:
        top = root if sign > 0 else Neg(root)
    return Div(top, number(2 * a))


def _symbols(g: Generator) -> set[Sym]:
    out = set(free_symbols(g.base))
    if g.unit is not None:
        out |= free_symbols(g.unit)
    return out


def _univariate(p: object) -> fmpq_poly | None:
    """A one-generator fmpq_mpoly as an fmpq_poly."""
    from flint import fmpq_poly

    terms = list(p.terms())  # type: ignore[attr-defined]
    if not terms:
        return None
    degree = max(e[0] for e, _ in terms)
    coeffs = [0] * (degree + 1)
    for e, c in terms:
        coeffs[e[0]] = c
    return fmpq_poly(coeffs)


def _poly_expr(p: fmpq_poly, x: Sym) -> Expr:
    c = [Fraction(int(v.p), int(v.q)) for v in p.coeffs()]
    terms: list[Expr] = []
    for n in range(len(c) - 1, -1, -1):
        if c[n] == 0:
            continue
        power: Expr | None = None if n == 0 else (x if n == 1 else Pow(x, Num(n)))
        magnitude = abs(c[n])
        term = (
            number(magnitude)
            if power is None
            else (power if magnitude == 1 else Mul((number(magnitude), power)))
        )
        terms.append(Neg(term) if c[n] < 0 else term)
    if not terms:
        return Num(0)
    return terms[0] if len(terms) == 1 else Add(tuple(terms))
