"""What the integral rules share: the rule interface, the context of one problem, and the
helpers (derivatives by the derivative engine, antiderivatives tried by the integral kind)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction

from stepcalc.engine import Budget, HoleKind, Kind, NoRule, complete
from stepcalc.errors import LimitError, StepcalcError
from stepcalc.expr import (
    ONE,
    Add,
    Deriv,
    Div,
    Expr,
    Func,
    Integral,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    free_symbols,
    map_bottom_up,
)
from stepcalc.rules.base import number, rational
from stepcalc.rules.derivative import DERIVATIVE
from stepcalc.simplify import split_coefficient, tidy
from stepcalc.simplify.univariate import to_expr, to_poly
from stepcalc.steps import Binding, RuleId, Step

LET_NAMES = ("u", "w", "t", "s", "z", "v")
MAX_DEPTH = 3  # substitutions and parts tried inside the trial of another, at most
TRIAL_NESTING = 40  # integrals opened inside one another while a trial completes, at most


class NoCandidate(Exception):
    """No candidate: the substitution, parts or trial at hand does not work out."""


def _no_kind(ctx: IntegralContext) -> HoleKind[Integral]:
    raise NoCandidate


@dataclass
class IntegralContext:
    """What the integral rules of one problem share: the substitutions made (``let u = …``,
    put back at the end) and the names taken."""

    taken: set[str] = field(default_factory=set)
    bindings: list[Binding] = field(default_factory=list)
    depth: int = 0

    make_kind: Callable[[IntegralContext], HoleKind[Integral]] = field(default=_no_kind, repr=False)
    """The hole kind a trial works with (set by the kind that owns this context)."""
    triangles: dict[Sym, dict[str, Expr]] = field(default_factory=dict)
    variable: Sym | None = None
    """The problem's variable: a domain stated for another (x = a sec θ after u = x + 1) would
    not be the problem's."""
    path: tuple[Expr, ...] = ()
    """The integrands a trial is working towards, each with its variable written ``_``: a
    rewrite that leads back to one of them goes round in a circle (∫ eᵘ sin u du = ∫ sin(ln w) dw
    by w = eᵘ, and back by u = ln w)."""
    done: dict[Expr, Expr] = field(default_factory=dict, repr=False)
    """Antiderivatives found by trials of this problem, by ``path_key`` (shared by its trials)."""
    failed: set[tuple[Expr, int, tuple[Expr, ...]]] = field(default_factory=set, repr=False)
    """Trials that failed, with the depth and path they failed at (shared by its trials)."""
    domain: tuple[Sym, Expr] | None = None
    """(x, a) once x = a sec θ is substituted: the antiderivative holds for x ≥ a."""
    """For a trigonometric substitution's θ: sin θ, cos θ, … in x, read off its right triangle."""

    def fresh(self) -> Sym:
        for name in LET_NAMES:
            if name not in self.taken:
                self.taken.add(name)
                return Sym(name)
        i = 1
        while f"u_{i}" in self.taken:
            i += 1
        self.taken.add(f"u_{i}")
        return Sym(f"u_{i}")

    def trial(self) -> IntegralContext:
        """A scratch context for trying a candidate: its substitutions are not kept."""
        return IntegralContext(
            set(self.taken),
            [],
            self.depth + 1,
            self.make_kind,
            variable=self.variable,
            path=self.path,
            done=self.done,
            failed=self.failed,
        )

    def along(self, f: Expr, x: Sym) -> IntegralContext:
        """This context with ∫ f dx put on the path of the trials made from it."""
        return replace(self, path=(*self.path, path_key(f, x)))


def path_key(f: Expr, x: Sym) -> Expr:
    """``f`` with its variable named ``_``, so ∫ eᵘ sin u du and ∫ eᵗ sin t dt are one integral."""
    blank = Sym("_")
    return map_bottom_up(f, lambda n: blank if n == x else n)


class IntegralRule:
    """A named rewrite of one integral hole ∫ f dx.  The docstring of a subclass is its pattern."""

    id: RuleId
    kind: Kind = Kind.STRUCTURAL

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        raise NotImplementedError

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        """The rewritten hole and the sub-steps the rule shows of its own."""
        raise NotImplementedError

    def rule_ids(self, f: Expr, x: Sym) -> tuple[RuleId, ...]:
        return (self.id,)


def depends(e: Expr, x: Sym) -> bool:
    return x in free_symbols(e)


def product_of(factors: Sequence[Expr]) -> Expr:
    fs = [f for f in factors if f != ONE]
    if not fs:
        return ONE
    return fs[0] if len(fs) == 1 else Mul(tuple(fs))


def factors_of(e: Expr) -> tuple[Expr, ...]:
    return e.factors if isinstance(e, Mul) else (e,)


def derivative(g: Expr, x: Sym) -> Expr:
    """g′, tidied, by the derivative engine."""
    budget = Budget(max_steps=2000, deadline=math.inf, seconds=math.inf)
    try:
        return tidy(complete(Deriv(g, x), DERIVATIVE, budget))
    except (NoRule, LimitError) as error:
        raise NoCandidate from error


def antiderivative(e: Expr, x: Sym, ctx: IntegralContext) -> Expr:
    """∫ e dx by this table, all at once (v of parts); ``NoCandidate`` when it cannot."""
    if ctx.depth > MAX_DEPTH:
        raise NoCandidate
    key = path_key(e, x)
    blank = Sym("_")
    if key in ctx.done:  # the same integral tried before in this problem (whatever its variable)
        return map_bottom_up(ctx.done[key], lambda n: x if n == blank else n)
    failure = (key, ctx.depth, ctx.path)
    if failure in ctx.failed:
        raise NoCandidate
    trial = ctx.trial()
    budget = Budget(max_steps=500, deadline=math.inf, seconds=math.inf)
    try:
        found = complete(Integral(e, x), trial.make_kind(trial), budget, max_nesting=TRIAL_NESTING)
    except (NoRule, LimitError, StepcalcError) as error:
        ctx.failed.add(failure)
        raise NoCandidate from error
    for binding in reversed(trial.bindings):
        found = put_back(found, binding, trial)
    result = tidy(found)
    if blank not in free_symbols(result):
        ctx.done[key] = map_bottom_up(result, lambda n: blank if n == x else n)
    return result


def put_back(e: Expr, binding: Binding, ctx: IntegralContext | None = None) -> Expr:
    """``e`` with a substitution's variable replaced by what it stands for (u → x²).  A
    trigonometric substitution's θ goes back by its triangle: sin 2θ and cos 2θ are first
    written 2 sin θ cos θ and cos²θ − sin²θ, then each function of θ is its side ratio in x
    (x = 2 sin θ: cos θ = √(4 − x²)/2), and θ itself its inverse function (arcsin(x/2))."""
    triangle = ctx.triangles.get(binding.name) if ctx is not None and isinstance(binding.name, Sym) else None
    if triangle is None:
        back = map_bottom_up(e, lambda n: binding.value if n == binding.name else n)
        if _is_root(binding.value):
            return map_bottom_up(back, _root_power)
        return _radicands_multiplied_out(back, binding.value)
    theta = binding.name

    def multiple(e: Expr) -> int | None:
        if e == theta:
            return 1
        k, rest = split_coefficient(e)
        return int(k) if rest == theta and k.denominator == 1 and k > 1 else None

    def angle(name: str, k: int) -> Expr:
        """sin kθ or cos kθ in sin θ and cos θ: halved while k is even (sin 2m = 2 sin m cos m,
        cos 2m = cos²m − sin²m), one θ taken off while odd (sin(m + 1) = sin m cos θ + cos m sin θ)."""
        if k == 1:
            return Func(name, (theta,))
        if k % 2 == 0:
            s, c = angle("sin", k // 2), angle("cos", k // 2)
            if name == "sin":
                return Mul((Num(2), s, c))
            return Add((Pow(c, Num(2)), Neg(Pow(s, Num(2)))))
        s, c = angle("sin", k - 1), angle("cos", k - 1)
        s1, c1 = Func("sin", (theta,)), Func("cos", (theta,))
        if name == "sin":
            return Add((Mul((s, c1)), Mul((c, s1))))
        return Add((Mul((c, c1)), Neg(Mul((s, s1)))))

    def doubled(n: Expr) -> Expr:
        if isinstance(n, Func) and len(n.args) == 1 and n.name in ("sin", "cos"):
            k = multiple(n.args[0])
            if k is not None and 1 < k <= 8:
                return angle(n.name, k)
        return n

    def side(n: Expr) -> Expr:
        if isinstance(n, Func) and n.args == (theta,) and n.name in triangle:
            return triangle[n.name]
        return n

    sides = map_bottom_up(map_bottom_up(e, doubled), side)  # the functions of θ first, then θ
    return map_bottom_up(map_bottom_up(sides, lambda n: binding.value if n == theta else n), _root_power)


def _radicands_multiplied_out(e: Expr, shift: Expr) -> Expr:
    """After u = x + s is put back, a root's radicand multiplied out again, as the problem wrote
    it: √(1 + (x − 1)²) → √(x² − 2x + 2)."""
    names = free_symbols(shift)
    if len(names) != 1 or not isinstance(shift, Add):
        return e
    (x,) = names
    line = to_poly(shift, x)
    if line is None or max(line) != 1:
        return e

    def one(n: Expr) -> Expr:
        inside = n.args[0] if _is_root(n) and isinstance(n, Func) else None
        if isinstance(n, Pow) and (k := rational(n.exp)) is not None and k.denominator == 2:
            inside = n.base
        if not isinstance(inside, Add):
            return n
        p = to_poly(inside, x)
        if p is None or max(p, default=0) > 4:
            return n
        written = to_expr(p, x)
        if isinstance(n, Pow):
            return Pow(written, n.exp)
        return Func("sqrt", (written,))

    return map_bottom_up(e, one)


def _is_root(e: Expr) -> bool:
    return isinstance(e, Func) and e.name == "sqrt" and len(e.args) == 1


def _root_power(n: Expr) -> Expr:
    """(√v)ᵏ → v^(k/2), as a book writes a root put back: (x + 3)^(3/2), not √(x + 3)³."""
    if isinstance(n, Pow) and _is_root(n.base) and isinstance(n.base, Func):
        k = rational(n.exp)
        if k is not None and k.denominator == 1:
            return Pow(n.base.args[0], number(k / 2))
    return n


def integrable(h: Expr, u: Sym, ctx: IntegralContext) -> bool:
    try:
        antiderivative(h, u, ctx)
    except NoCandidate:
        return False
    return True


def times_dx(e: Expr, x: Sym) -> Expr:
    """``e dx`` written flat: 2x dx, dx, −sin x dx."""
    dx = Sym(f"d{x.name}")
    if isinstance(e, Neg):
        return Neg(times_dx(e.arg, x))
    return product_of((*factors_of(e), dx))


def constant_and_rest(e: Expr, x: Sym) -> tuple[Expr, Expr]:
    """``-3e^(2x) sin 3x/2`` as (-3/2, e^(2x) sin 3x): the number in front and the rest."""
    c, rest = split_coefficient(e)
    if rest is None:
        return number(c), ONE
    others = [g for g in factors_of(rest) if not depends(g, x)]
    kept = [g for g in factors_of(rest) if depends(g, x)]
    return tidy(product_of((number(c), *others))), product_of(kept)


def numeric_factor(e: Expr) -> Fraction:
    """The number a term is a multiple of: 1/2 for 1/(2u), −3 for −3u², 1 for cos u."""
    if isinstance(e, Div):
        top, bottom = split_coefficient(e.num)[0], split_coefficient(e.den)[0]
        return top / bottom if bottom else top
    return split_coefficient(e)[0]
