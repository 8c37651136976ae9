"""Substitution, which turns one integral into another: u an inner function whose derivative
stands in the integrand up to a number (∫ f(g(x)) g′(x) dx = ∫ f(u) du), and u = g(x) with x
written in u when x is left over (u = √(x + 3): x = u² − 3, dx = 2u du)."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from stepcalc.expr import (
    ONE,
    TWO,
    Add,
    Div,
    E,
    Expr,
    Func,
    Integral,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    map_bottom_up,
    walk,
)
from stepcalc.rules.base import number, rational
from stepcalc.rules.integral.base import (
    MAX_DEPTH,
    IntegralContext,
    IntegralRule,
    NoCandidate,
    depends,
    derivative,
    integrable,
    numeric_factor,
    path_key,
    product_of,
    times_dx,
)
from stepcalc.rules.integral.trig_substitution import radical as trig_radical
from stepcalc.simplify import split_coefficient, tidy
from stepcalc.simplify.normal import normal_form
from stepcalc.steps import Binding, RuleId, Step


def _candidates(f: Expr, x: Sym, inner_only: bool = False) -> list[Expr]:
    """Inner functions to try as u, outermost first: arguments of functions, bases and exponents
    of powers, denominators, then (unless ``inner_only``) the function factors themselves
    (sin x in sin x cos x)."""
    inner: list[Expr] = []
    factors: list[Expr] = []
    for n in walk(f):
        if isinstance(n, Func):
            inner.extend(a for a in n.args[:1] if depends(a, x) and a != x)
            factors.append(n)
        elif isinstance(n, Pow):
            inner.extend(p for p in (n.base, n.exp) if depends(p, x) and p != x)
            if n.base == E or not depends(n.base, x):
                factors.append(n)
        elif isinstance(n, Div) and depends(n.den, x) and n.den != x:
            inner.append(n.den)
    seen: list[Expr] = []
    for c in [*inner, *([] if inner_only else [*factors, *_unit_powers(f, x)])]:
        if c not in seen and c != f:
            seen.append(c)
    return seen


def _unit_powers(f: Expr, x: Sym) -> list[Expr]:
    """Powers the integrand's powers are whole powers of: x² for x⁴ and x⁶ (then x⁴ = u²), eˣ for
    e^(2x) and e^(−x) (e^(2x) = u², e^(−x) = 1/u)."""
    out: list[Expr] = []
    for n in walk(f):
        if not isinstance(n, Pow):
            continue
        k = rational(n.exp)
        if n.base == x and k is not None and k.denominator == 1 and k >= 2:
            out += [Pow(x, number(d)) for d in range(2, int(k) + 1) if int(k) % d == 0]
        elif not depends(n.base, x) and (slope := _multiple_of(n.exp, x)) is not None and slope != 1:
            out.append(Pow(n.base, x))
    return out


def _multiple_of(e: Expr, x: Sym) -> Fraction | None:
    """k when ``e`` is kx for a number k."""
    if e == x:
        return Fraction(1)
    c, rest = split_coefficient(e)
    return c if rest == x else None


def _put(e: Expr, g: Expr, u: Sym, identities: bool = True) -> Expr:
    """``e`` with g written u: g itself, whole powers of g (x⁴ = u² for g = x², e^(−x) = u⁻¹
    for g = eˣ), and for g = sin v (cos, tan, sec) the even powers of its partner by the
    Pythagorean identity (cos⁴v = (1 − u²)²)."""

    partner = _PARTNERS.get(g.name) if identities and isinstance(g, Func) and len(g.args) == 1 else None

    def one(n: Expr) -> Expr:
        if n == g:
            return u
        if isinstance(n, Pow) and isinstance(g, Pow) and n.base == g.base:
            k = rational(tidy(Div(n.exp, g.exp)))
            if k is not None and k.denominator == 1 and k != 0:
                return Pow(u, number(k))
        if (
            partner is not None
            and isinstance(g, Func)
            and isinstance(n, Pow)
            and n.base == Func(partner[0], g.args)
        ):
            k = rational(n.exp)
            if k is not None and k.denominator == 1 and k % 2 == 0:
                return _power_of(partner[1](u), int(k) // 2)
        return n

    return map_bottom_up(e, one)


def _power_of(e: Expr, k: int) -> Expr:
    return e if k == 1 else Pow(e, number(k))


_PARTNERS: dict[str, tuple[str, Callable[[Expr], Expr]]] = {
    # u = sin v: cos²v = 1 − u²;  u = cos v: sin²v = 1 − u²;  u = tan v: sec²v = 1 + u²;
    # u = sec v: tan²v = u² − 1 (the Pythagorean identities, for the even powers left over)
    "sin": ("cos", lambda u: Add((ONE, Neg(Pow(u, TWO))))),
    "cos": ("sin", lambda u: Add((ONE, Neg(Pow(u, TWO))))),
    "tan": ("sec", lambda u: Add((ONE, Pow(u, TWO)))),
    "sec": ("tan", lambda u: Add((Pow(u, TWO), Neg(ONE)))),
}


def _substituted(f: Expr, x: Sym, g: Expr, u: Sym, identities: bool = True) -> Expr | None:
    """f dx as h(u) du with u = g: the integrand over du/dx, g put to u; None if x is left."""
    dg = derivative(g, x)
    if dg == Num(0):
        return None

    def put(e: Expr) -> Expr:
        return _put(e, g, u, identities)

    # u put in first, into du/dx too, then the division: simplified first, x/(x² + 1) ÷ 2x would
    # be 1/(2x² + 2), where x² + 1 is no longer to be seen, and sec⁵x tan x ÷ sec x tan x would
    # be sec⁴x as cos x/… ; once more after (x³ e^(x²) ÷ 2x = x² e^u/2, x² = u)
    h = tidy(Div(put(f), put(dg)))
    if depends(h, x):
        h = tidy(put(h))
    if depends(h, x):  # cancelled as a rational function: (x − 1)e^u/(2x − 2) = e^u/2
        h = tidy(put(normal_form(Div(put(f), put(dg)))))
    return None if depends(h, x) else h


def _root_of_sum(h: Expr) -> bool:
    return any(isinstance(radicand(n), Add) for n in walk(h))


def _sum_below(h: Expr) -> bool:
    """Whether a quotient in ``h`` has a sum in its denominator."""
    return any(isinstance(n, Div) and any(isinstance(m, Add) for m in walk(n.den)) for n in walk(h))


def _trial_symbol(x: Sym) -> Sym:
    """The name u goes by while a substitution is tried: not x (a trial inside a trial)."""
    return Sym("u_trial") if x.name != "u_trial" else Sym("v_trial")


class SubstitutionRule(IntegralRule):
    """∫ f(g(x)) g′(x) dx = ∫ f(u) du with u = g(x), du = g′(x) dx (g′ up to a constant factor).
    ``exact``: only when du is in the integrand as it stands (∫ 2x cos x² dx = ∫ cos u du), tried
    before the constant multiple rule, which would take the 2 out and leave ∫ cos u/2 du."""

    id = RuleId.SUBSTITUTION

    def __init__(self, exact: bool = False) -> None:
        self.exact = exact

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return ctx.depth <= MAX_DEPTH and self._choose(f, x, ctx) is not None

    def _choose(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, Expr] | None:
        u = _trial_symbol(x)
        found: list[tuple[Expr, Expr]] = []
        under_root = not self.exact and trig_radical(f, x) is not None
        for g in _candidates(f, x, inner_only=self.exact):
            try:
                h = _substituted(f, x, g, u, identities=not self.exact)
            except NoCandidate:
                continue
            if h is None or h == map_bottom_up(f, lambda n: u if n == x else n):
                continue  # no progress: u = 2u, or a plain renaming of x
            if self.exact and numeric_factor(h) != 1:
                continue
            if under_root and _root_of_sum(h):
                continue  # √(x² − 9)/x: x = 3 sec θ as it stands, not u = x² and then w = √(u − 9)
            found.append((g, h))
        # a u that leaves powers of u over a power of u before one that leaves a sum below
        # (sin⁵x/cos³x: u = cos x gives −(1 − u²)²/u³, u = sin x gives u⁵/(1 − u²)²)
        found.sort(key=lambda gh: _sum_below(gh[1]))
        for g, h in found:
            if integrable(h, u, ctx):
                return g, h
        return None

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        chosen = self._choose(f, x, ctx)
        assert chosen is not None
        g, h = chosen
        known = next((b.name for b in ctx.bindings if b.value == g), None)  # the same u as before
        u = known if isinstance(known, Sym) else ctx.fresh()
        trial = _trial_symbol(x)
        body = map_bottom_up(h, lambda n: u if n == trial else n)
        if known is None:
            ctx.bindings.append(Binding(u, g))
        du = derivative(g, x)
        shown = Step(RuleId.DEFINITION, Sym(f"d{u.name}"), times_dx(du, x))
        return Integral(body, u), (Step(RuleId.DEFINITION, u, g), shown)


def invert(g: Expr, x: Sym, u: Expr) -> Expr | None:
    """x in terms of u when u = g(x) and x stands once in g, each layer undone in turn
    (u = x + 3: x = u − 3; u = ln x: x = eᵘ; u = √(1 + eˣ): x = ln(u² − 1)); None when g is
    not built so (x twice, an even power, a trigonometric layer)."""
    if g == x:
        return u
    if not depends(g, x):
        return None
    if isinstance(g, Add):
        inner = [t for t in g.terms if depends(t, x)]
        if len(inner) != 1:
            return None
        rest = [Neg(t) for t in g.terms if not depends(t, x)]
        return invert(inner[0], x, Add((u, *rest)))
    if isinstance(g, Neg):
        return invert(g.arg, x, Neg(u))
    if isinstance(g, Mul):
        inner = [t for t in g.factors if depends(t, x)]
        if len(inner) != 1:
            return None
        return invert(inner[0], x, Div(u, product_of([t for t in g.factors if not depends(t, x)])))
    if isinstance(g, Div):
        if depends(g.num, x) and not depends(g.den, x):
            return invert(g.num, x, Mul((u, g.den)))
        if depends(g.den, x) and not depends(g.num, x):
            return invert(g.den, x, Div(g.num, u))
        return None
    if isinstance(g, Func) and len(g.args) == 1:
        undone = {"sqrt": Pow(u, TWO), "ln": Pow(E, u), "exp": Func("ln", (u,))}.get(g.name)
        return None if undone is None else invert(g.args[0], x, undone)
    if isinstance(g, Pow):
        k = rational(g.exp)
        if depends(g.base, x) and k is not None and k.numerator == 1 and k.denominator > 1:
            return invert(g.base, x, Pow(u, number(k.denominator)))  # u = ⁿ√v: v = uⁿ
        if depends(g.base, x) and k == -1:
            return invert(g.base, x, Div(ONE, u))
        if not depends(g.base, x):  # u = aᵛ: v = ln u (/ln a)
            log = Func("ln", (u,))
            return invert(g.exp, x, log if g.base == E else Div(log, Func("ln", (g.base,))))
    return None


def radicand(n: Expr) -> Expr | None:
    """v when ``n`` is √v or v^(p/q) with q > 1."""
    if isinstance(n, Func) and n.name == "sqrt" and len(n.args) == 1:
        return n.args[0]
    if isinstance(n, Pow) and (k := rational(n.exp)) is not None and k.denominator > 1:
        return n.base
    return None


def _inverse_candidates(f: Expr, x: Sym) -> list[Expr]:
    """u for a substitution with x written in u: the roots first (u = √(x + 3), u = √(1 + eˣ),
    the rationalising substitutions), the integrand itself among them, then the inner
    functions of ``_candidates``."""
    roots = [n for n in walk(f) if radicand(n) is not None and depends(n, x)]
    out: list[Expr] = []
    for g in [*roots, *_candidates(f, x)]:
        if g not in out:
            out.append(g)
    return out


def _slope(e: Expr, x: Sym) -> Fraction | None:
    """a when ``e`` is ax + b (b a number, perhaps 0)."""
    if not depends(e, x):
        return None
    d = derivative(e, x)
    return rational(d) if not depends(d, x) else None


def _transcendental(e: Expr) -> bool:
    return any(
        (isinstance(n, Func) and n.name != "sqrt") or (isinstance(n, Pow) and n.base == E) for n in walk(e)
    )


class InverseSubstitutionRule(IntegralRule):
    """∫ f(x) dx with u = g(x) where x is left over once g is put to u: x written in u as well
    (x = g⁻¹(u)) and dx = (g⁻¹)′(u) du.  ∫ x/√(x + 3) dx: u = x + 3, x = u − 3, ∫ (u − 3)/√u du;
    ∫ sin(ln x) dx: u = ln x, x = eᵘ, dx = eᵘ du, ∫ eᵘ sin u du; ∫ √(1 + eˣ) dx: u = √(1 + eˣ),
    x = ln(u² − 1), dx = 2u/(u² − 1) du."""

    id = RuleId.SUBSTITUTION

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return ctx.depth <= MAX_DEPTH and self._choose(f, x, ctx) is not None

    def _choose(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, Expr, Expr] | None:
        u = _trial_symbol(x)
        onward = ctx.along(f, x)
        for g in _inverse_candidates(f, x):
            h = self._rewritten(f, x, g, u)
            if h is None or path_key(h, u) in onward.path:
                continue  # back to an integral on the way here: a circle
            if integrable(h, u, onward):
                return g, h, self._x_of(g, x, u) or u
        return None

    @staticmethod
    def _x_of(g: Expr, x: Sym, u: Sym) -> Expr | None:
        found = invert(g, x, u)
        return None if found is None else tidy(found)

    def _rewritten(self, f: Expr, x: Sym, g: Expr, u: Sym) -> Expr | None:
        x_of = self._x_of(g, x, u)
        if x_of is None or x_of == u:
            return None
        try:
            dx = derivative(x_of, u)
        except NoCandidate:
            return None
        put = _put(f, g, u)
        if put == map_bottom_up(f, lambda n: u if n == x else n):
            return None  # no progress: a plain renaming of x
        if _slope(g, x) is not None and not any(radicand(n) == g for n in walk(f)):
            return None  # u = 2x or u = x − 1 only rescale or shift x, unless under a root
        if depends(put, x) and _transcendental(x_of):
            return None  # x eˣ by w = eˣ, x = ln w: a logarithm brought in, for parts to do
        h = tidy(Mul((map_bottom_up(put, lambda n: x_of if n == x else n), dx)))
        return None if depends(h, x) or h == Num(0) else h

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        chosen = self._choose(f, x, ctx)
        assert chosen is not None
        g, h, x_of = chosen
        u = ctx.fresh()
        trial = _trial_symbol(x)

        def named(e: Expr) -> Expr:
            return map_bottom_up(e, lambda n: u if n == trial else n)

        ctx.bindings.append(Binding(u, g))
        dx = named(derivative(x_of, trial))
        shown = (
            Step(RuleId.DEFINITION, u, g),
            Step(RuleId.DEFINITION, x, named(x_of)),
            Step(RuleId.DEFINITION, Sym(f"d{x.name}"), times_dx(dx, u)),
        )
        return Integral(named(h), u), shown
