"""The integral hole ``Integral(f, x)``: ∫ f dx.  Its rules, one small class each, their order,
and the hole kind the engine fills them by.

Rules, tried in order (the first that matches wins):

- the constant rule ∫ k dx = kx, the sum and difference rules, the constant multiple rule
  (linear: the engine works the holes they make in the same line);
- the power rule ∫ xⁿ dx = xⁿ⁺¹/(n + 1) (roots and reciprocal powers as powers), ∫ 1/x dx = ln|x|;
- the table of elementary antiderivatives (eˣ, aˣ, sin, cos, tan, cot, sec, csc, sec², csc²,
  sec tan, csc cot, sinh, cosh, 1/(a² + x²), 1/√(a² − x²)), each with argument x;
- substitution: u an inner function (an argument, a base, an exponent, a denominator, or a
  function factor) whose derivative is in the integrand up to a constant factor: the integrand
  divided by du/dx, with u put in, must be free of x; ``let u = …`` is a binding, put back at
  the end, and du = u′ dx is shown with the rule;
- integration by parts twice, solved for the integral, for eᵃˣ times sin bx or cos bx;
- integration by parts, ∫ u dv = uv − ∫ v du, with u chosen by LIATE (logarithms, inverse
  trigonometric, algebraic, trigonometric, exponential), when ∫ dv can be done.

Derivatives (du, the u′ of parts) come from the derivative engine, antiderivatives of dv from
this table by the engine; no rule calls the oracle.  A choice between candidates (which u)
takes the first whose new integral this table can finish, so a substitution is never made into
a dead end when another would do.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from stepcalc.engine import Budget, Found, HoleKind, Kind, NoRule, complete
from stepcalc.errors import LimitError, StepcalcError, UnsupportedError
from stepcalc.expr import (
    ONE,
    TWO,
    Add,
    Deriv,
    Div,
    E,
    Equation,
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
    walk,
)
from stepcalc.rules.base import number, rational
from stepcalc.rules.derivative import DERIVATIVE
from stepcalc.simplify import fold_numbers, split_coefficient, tidy
from stepcalc.steps import Binding, RuleId, Step

__all__ = ["INTEGRAL_RULES", "IntegralContext", "IntegralKind", "IntegralRule", "put_back"]

_LET_NAMES = ("u", "w", "t", "s", "z", "v")
_MAX_DEPTH = 3  # substitutions and parts tried inside the trial of another, at most


@dataclass
class IntegralContext:
    """What the integral rules of one problem share: the substitutions made (``let u = …``,
    put back at the end) and the names taken."""

    taken: set[str] = field(default_factory=set)
    bindings: list[Binding] = field(default_factory=list)
    depth: int = 0

    def fresh(self) -> Sym:
        for name in _LET_NAMES:
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
        return IntegralContext(set(self.taken), [], self.depth + 1)


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


def _depends(e: Expr, x: Sym) -> bool:
    return x in free_symbols(e)


def _product(factors: Sequence[Expr]) -> Expr:
    fs = [f for f in factors if f != ONE]
    if not fs:
        return ONE
    return fs[0] if len(fs) == 1 else Mul(tuple(fs))


def _factors(e: Expr) -> tuple[Expr, ...]:
    return e.factors if isinstance(e, Mul) else (e,)


# ---------------------------------------------------------------- linear rules
class ConstantRule(IntegralRule):
    """∫ k dx = kx when k does not depend on x."""

    id, kind = RuleId.INT_CONSTANT, Kind.LEAF

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return not _depends(f, x)

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        return _product((f, x)), ()


class SumRule(IntegralRule):
    """∫ (u + v) dx = ∫ u dx + ∫ v dx;  ∫ (u − v) dx = ∫ u dx − ∫ v dx."""

    id, kind = RuleId.SUM, Kind.LINEAR

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return isinstance(f, Add)

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        assert isinstance(f, Add)
        terms = tuple(Neg(Integral(t.arg, x)) if isinstance(t, Neg) else Integral(t, x) for t in f.terms)
        return Add(terms), ()

    def rule_ids(self, f: Expr, x: Sym) -> tuple[RuleId, ...]:
        assert isinstance(f, Add)
        return (RuleId.DIFFERENCE if any(isinstance(t, Neg) for t in f.terms) else RuleId.SUM,)


class ConstantMultipleRule(IntegralRule):
    """∫ k u dx = k ∫ u dx;  ∫ −u dx = −∫ u dx;  ∫ u/k dx = (1/k) ∫ u dx;  ∫ k/v dx = k ∫ 1/v dx."""

    id, kind = RuleId.CONSTANT_MULTIPLE, Kind.LINEAR

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        if isinstance(f, Neg):
            return True
        if isinstance(f, Mul):
            return any(not _depends(g, x) for g in f.factors)
        if isinstance(f, Div):
            return (
                not _depends(f.den, x)
                or (not _depends(f.num, x) and f.num != ONE)
                or any(not _depends(g, x) for g in _factors(f.den))
            )
        return False

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        if isinstance(f, Neg):
            return Neg(Integral(f.arg, x)), ()
        if isinstance(f, Div):
            if not _depends(f.den, x):
                return Mul((Div(ONE, f.den), Integral(f.num, x))), ()
            if not _depends(f.num, x) and f.num != ONE:
                return Mul((f.num, Integral(Div(ONE, f.den), x))), ()
            constants = [g for g in _factors(f.den) if not _depends(g, x)]  # ∫ 1/(2u) du = (1/2) ∫ 1/u du
            rest = [g for g in _factors(f.den) if _depends(g, x)]
            return Mul((Div(ONE, _product(constants)), Integral(Div(f.num, _product(rest)), x))), ()
        assert isinstance(f, Mul)
        constants = [g for g in f.factors if not _depends(g, x)]
        rest = [g for g in f.factors if _depends(g, x)]
        return Mul((*constants, Integral(_product(rest), x))), ()


# ---------------------------------------------------------------- the power rule and the table
def power_of(f: Expr, x: Sym) -> Fraction | None:
    """n when ``f`` is xⁿ for a rational n, written as a power, a root or a reciprocal."""
    if f == x:
        return Fraction(1)
    if isinstance(f, Pow) and f.base == x:
        return rational(f.exp)
    if isinstance(f, Func) and len(f.args) == 1 and f.args[0] == x and f.name in ("sqrt", "cbrt"):
        return Fraction(1, 2 if f.name == "sqrt" else 3)
    if isinstance(f, Div) and f.num == ONE:
        inner = power_of(f.den, x)
        return None if inner is None else -inner
    return None


class PowerRule(IntegralRule):
    """∫ xⁿ dx = xⁿ⁺¹/(n + 1) for n ≠ −1 (√x = x^(1/2), 1/x² = x⁻²)."""

    id, kind = RuleId.INT_POWER, Kind.LEAF

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        n = power_of(f, x)
        return n is not None and n != -1

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        n = power_of(f, x)
        assert n is not None
        k = n + 1
        raised = x if k == 1 else Pow(x, number(k))
        return (raised if k == 1 else Div(raised, number(k))), ()


class ReciprocalRule(IntegralRule):
    """∫ 1/x dx = ln|x|."""

    id, kind = RuleId.INT_RECIPROCAL, Kind.LEAF

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return power_of(f, x) == -1

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        return Func("ln", (Func("abs", (x,)),)), ()


def _f(name: str, x: Expr) -> Func:
    return Func(name, (x,))


def _ln_abs(e: Expr) -> Expr:
    return _f("ln", _f("abs", e))


_FUNCTIONS: dict[str, tuple[RuleId, Callable[[Sym], Expr]]] = {
    "exp": (RuleId.INT_EXP, lambda x: _f("exp", x)),
    "sin": (RuleId.INT_SIN, lambda x: Neg(_f("cos", x))),
    "cos": (RuleId.INT_COS, lambda x: _f("sin", x)),
    "tan": (RuleId.INT_TAN, lambda x: Neg(_ln_abs(_f("cos", x)))),
    "cot": (RuleId.INT_COT, lambda x: _ln_abs(_f("sin", x))),
    "sec": (RuleId.INT_SEC, lambda x: _ln_abs(Add((_f("sec", x), _f("tan", x))))),
    "csc": (RuleId.INT_CSC, lambda x: Neg(_ln_abs(Add((_f("csc", x), _f("cot", x)))))),
    "sinh": (RuleId.INT_SINH, lambda x: _f("cosh", x)),
    "cosh": (RuleId.INT_COSH, lambda x: _f("sinh", x)),
}
"""∫ F(x) dx for the functions whose antiderivative is in every table."""

_SQUARES: dict[str, tuple[RuleId, Callable[[Sym], Expr]]] = {
    "sec": (RuleId.INT_SEC_SQUARED, lambda x: _f("tan", x)),
    "csc": (RuleId.INT_CSC_SQUARED, lambda x: Neg(_f("cot", x))),
}

_PAIRS: dict[frozenset[str], tuple[RuleId, Callable[[Sym], Expr]]] = {
    frozenset(("sec", "tan")): (RuleId.INT_SEC_TAN, lambda x: _f("sec", x)),
    frozenset(("csc", "cot")): (RuleId.INT_CSC_COT, lambda x: Neg(_f("csc", x))),
}


def _root(c: Fraction) -> Expr:
    """√c written exactly: 3 for 9, 1/2 for 1/4, √2 otherwise."""
    p, q = c.numerator, c.denominator
    rp, rq = math.isqrt(p), math.isqrt(q)
    if rp * rp == p and rq * rq == q:
        return number(Fraction(rp, rq))
    return _f("sqrt", number(c))


def _square_plus(e: Expr, x: Sym) -> Fraction | None:
    """c when ``e`` is c + x² (either order) with a number c > 0."""
    if not isinstance(e, Add) or len(e.terms) != 2:
        return None
    for a, b in (e.terms, e.terms[::-1]):
        c = rational(a)
        if c is not None and c > 0 and b == Pow(x, TWO):
            return c
    return None


def _square_minus(e: Expr, x: Sym) -> Fraction | None:
    """c when ``e`` is c − x² with a number c > 0."""
    if not isinstance(e, Add) or len(e.terms) != 2:
        return None
    c = rational(e.terms[0])
    if c is not None and c > 0 and e.terms[1] == Neg(Pow(x, TWO)):
        return c
    return None


def _sqrt_of(e: Expr) -> Expr | None:
    if isinstance(e, Func) and e.name == "sqrt" and len(e.args) == 1:
        return e.args[0]
    if isinstance(e, Pow) and rational(e.exp) == Fraction(1, 2):
        return e.base
    return None


def _table(f: Expr, x: Sym) -> tuple[RuleId, Expr] | None:
    """The table's antiderivative of ``f``, with the rule that names it, or None."""
    if isinstance(f, Func) and len(f.args) == 1 and f.args[0] == x and f.name in _FUNCTIONS:
        rule, anti = _FUNCTIONS[f.name]
        return rule, anti(x)
    if isinstance(f, Pow) and f.exp == x and not _depends(f.base, x):
        if f.base == E:
            return RuleId.INT_EXP, f
        base = rational(f.base)
        if base is None or (base > 0 and base != 1):
            return RuleId.INT_EXP_BASE, Div(f, _f("ln", f.base))
    if (
        isinstance(f, Pow)
        and f.exp == TWO
        and isinstance(f.base, Func)
        and f.base.args == (x,)
        and f.base.name in _SQUARES
    ):
        rule, anti = _SQUARES[f.base.name]
        return rule, anti(x)
    pair = isinstance(f, Mul) and len(f.factors) == 2
    if pair and all(isinstance(g, Func) and g.args == (x,) for g in _factors(f)):
        names = frozenset(g.name for g in _factors(f) if isinstance(g, Func))
        if names in _PAIRS:
            rule, anti = _PAIRS[names]
            return rule, anti(x)
    if isinstance(f, Div) and f.num == ONE:
        c = _square_plus(f.den, x)
        if c is not None:  # ∫ 1/(a² + x²) dx = (1/a) arctan(x/a)
            a = _root(c)
            return RuleId.INT_ATAN, (_f("atan", x) if c == 1 else Mul((Div(ONE, a), _f("atan", Div(x, a)))))
        inside = _sqrt_of(f.den)
        c = None if inside is None else _square_minus(inside, x)
        if c is not None:  # ∫ 1/√(a² − x²) dx = arcsin(x/a)
            return RuleId.INT_ASIN, _f("asin", x if c == 1 else Div(x, _root(c)))
    return None


class TableRule(IntegralRule):
    """∫ eˣ dx = eˣ;  ∫ aˣ dx = aˣ/ln a;  ∫ sin x dx = −cos x;  ∫ sec²x dx = tan x;
    ∫ 1/(a² + x²) dx = (1/a) arctan(x/a);  … (the table of elementary antiderivatives)."""

    id, kind = RuleId.INT_EXP, Kind.LEAF

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return _table(f, x) is not None

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        found = _table(f, x)
        assert found is not None
        return found[1], ()

    def rule_ids(self, f: Expr, x: Sym) -> tuple[RuleId, ...]:
        found = _table(f, x)
        assert found is not None
        return (found[0],)


# ---------------------------------------------------------------- substitution
def derivative(g: Expr, x: Sym) -> Expr:
    """g′, tidied, by the derivative engine."""
    budget = Budget(max_steps=2000, deadline=math.inf, seconds=math.inf)
    try:
        return tidy(complete(Deriv(g, x), DERIVATIVE, budget))
    except (NoRule, LimitError) as error:
        raise _NoCandidate from error


class _NoCandidate(Exception):
    pass


def _candidates(f: Expr, x: Sym, inner_only: bool = False) -> list[Expr]:
    """Inner functions to try as u, outermost first: arguments of functions, bases and exponents
    of powers, denominators, then (unless ``inner_only``) the function factors themselves
    (sin x in sin x cos x)."""
    inner: list[Expr] = []
    factors: list[Expr] = []
    for n in walk(f):
        if isinstance(n, Func):
            inner.extend(a for a in n.args[:1] if _depends(a, x) and a != x)
            factors.append(n)
        elif isinstance(n, Pow):
            inner.extend(p for p in (n.base, n.exp) if _depends(p, x) and p != x)
            if n.base == E or not _depends(n.base, x):
                factors.append(n)
        elif isinstance(n, Div) and _depends(n.den, x) and n.den != x:
            inner.append(n.den)
    seen: list[Expr] = []
    for c in [*inner, *([] if inner_only else factors)]:
        if c not in seen and c != f:
            seen.append(c)
    return seen


def _substituted(f: Expr, x: Sym, g: Expr, u: Sym) -> Expr | None:
    """f dx as h(u) du with u = g: the integrand over du/dx, g put to u; None if x is left."""
    dg = derivative(g, x)
    if dg == Num(0):
        return None

    def put(e: Expr) -> Expr:
        return map_bottom_up(e, lambda n: u if n == g else n)

    # u put in first, then the rest divided by du/dx: simplified first, x/(x² + 1) ÷ 2x would
    # be 1/(2x² + 2), where x² + 1 is no longer to be seen; once more after (x³ e^(x²) ÷ 2x)
    h = tidy(Div(put(f), dg))
    if _depends(h, x):
        h = tidy(put(h))
    return None if _depends(h, x) else h


def _numeric_factor(e: Expr) -> Fraction:
    """The number a term is a multiple of: 1/2 for 1/(2u), −3 for −3u², 1 for cos u."""
    if isinstance(e, Div):
        top, bottom = split_coefficient(e.num)[0], split_coefficient(e.den)[0]
        return top / bottom if bottom else top
    return split_coefficient(e)[0]


class SubstitutionRule(IntegralRule):
    """∫ f(g(x)) g′(x) dx = ∫ f(u) du with u = g(x), du = g′(x) dx (g′ up to a constant factor).
    ``exact``: only when du is in the integrand as it stands (∫ 2x cos x² dx = ∫ cos u du), tried
    before the constant multiple rule, which would take the 2 out and leave ∫ cos u/2 du."""

    id = RuleId.SUBSTITUTION

    def __init__(self, exact: bool = False) -> None:
        self.exact = exact

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return ctx.depth <= _MAX_DEPTH and self._choose(f, x, ctx) is not None

    def _choose(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, Expr] | None:
        u = Sym("u_trial")
        for g in _candidates(f, x, inner_only=self.exact):
            try:
                h = _substituted(f, x, g, u)
            except _NoCandidate:
                continue
            if h is None or h == map_bottom_up(f, lambda n: u if n == x else n):
                continue  # no progress: u = 2u, or a plain renaming of x
            if self.exact and _numeric_factor(h) != 1:
                continue
            if _integrable(h, u, ctx):
                return g, h
        return None

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        chosen = self._choose(f, x, ctx)
        assert chosen is not None
        g, h = chosen
        u = ctx.fresh()
        body = map_bottom_up(h, lambda n: u if n == Sym("u_trial") else n)
        ctx.bindings.append(Binding(u, g))
        du = derivative(g, x)
        shown = Step(RuleId.DEFINITION, Sym(f"d{u.name}"), _times_dx(du, x))
        return Integral(body, u), (Step(RuleId.DEFINITION, u, g), shown)


# ---------------------------------------------------------------- integration by parts
def _liate(e: Expr, x: Sym) -> int:
    """Where a factor stands in LIATE: logarithm 0, inverse trigonometric 1, algebraic 2,
    trigonometric 3, exponential 4 (the first is taken as u)."""
    if isinstance(e, Func) and e.name in ("ln", "log"):
        return 0
    if isinstance(e, Func) and e.name in ("asin", "acos", "atan", "acot", "asec", "acsc"):
        return 1
    if isinstance(e, Func) and e.name in ("sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh"):
        return 3
    if (isinstance(e, Pow) and not _depends(e.base, x)) or (isinstance(e, Func) and e.name == "exp"):
        return 4
    if isinstance(e, Pow) and isinstance(e.base, Func):
        return _liate(e.base, x)
    return 2


def _parts(f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, Expr, Expr, Expr] | None:
    """(u, dv, du, v) for ∫ f dx by LIATE, when ∫ dv can be done; None otherwise."""
    factors = [g for g in _factors(f) if _depends(g, x)]
    if len(factors) != len(_factors(f)):
        return None  # constants are the constant multiple rule's
    if len(factors) == 1:
        g = factors[0]
        if _liate(g, x) > 1:
            return None
        factors = [g, ONE]  # ∫ ln x dx: u = ln x, dv = dx
    order = sorted(range(len(factors)), key=lambda i: _liate(factors[i], x))
    for i in order[:1]:
        u = factors[i]
        dv = _product([g for j, g in enumerate(factors) if j != i])
        try:
            v = _antiderivative(dv, x, ctx)
            du = derivative(u, x)
        except _NoCandidate:
            return None
        return u, dv, du, v
    return None


def _antiderivative(e: Expr, x: Sym, ctx: IntegralContext) -> Expr:
    """∫ e dx by this table, all at once (v of parts); ``_NoCandidate`` when it cannot."""
    if ctx.depth > _MAX_DEPTH:
        raise _NoCandidate
    trial = ctx.trial()
    budget = Budget(max_steps=500, deadline=math.inf, seconds=math.inf)
    try:
        found = complete(Integral(e, x), IntegralKind(trial), budget)
    except (NoRule, LimitError, StepcalcError) as error:
        raise _NoCandidate from error
    for binding in reversed(trial.bindings):
        found = put_back(found, binding)
    return tidy(found)


def put_back(e: Expr, binding: Binding) -> Expr:
    """``e`` with a substitution's variable replaced by what it stands for (u → x²)."""
    return map_bottom_up(e, lambda n: binding.value if n == binding.name else n)


def _integrable(h: Expr, u: Sym, ctx: IntegralContext) -> bool:
    try:
        _antiderivative(h, u, ctx)
    except _NoCandidate:
        return False
    return True


def _times_dx(e: Expr, x: Sym) -> Expr:
    """``e dx`` written flat: 2x dx, dx, −sin x dx."""
    dx = Sym(f"d{x.name}")
    if isinstance(e, Neg):
        return Neg(_times_dx(e.arg, x))
    return _product((*_factors(e), dx))


def _parts_steps(u: Expr, dv: Expr, du: Expr, v: Expr, x: Sym) -> tuple[Step, ...]:
    return (
        Step(RuleId.DEFINITION, Sym("u"), u),
        Step(RuleId.DEFINITION, Sym("dv"), _times_dx(dv, x)),
        Step(RuleId.DEFINITION, Sym("du"), _times_dx(du, x)),
        Step(RuleId.DEFINITION, Sym("v"), v),
    )


def _is_exp(e: Expr, x: Sym) -> bool:
    return (isinstance(e, Pow) and e.base == E and _linear(e.exp, x)) or (
        isinstance(e, Func) and e.name == "exp" and _linear(e.args[0], x)
    )


def _is_sin_cos(e: Expr, x: Sym) -> bool:
    return isinstance(e, Func) and e.name in ("sin", "cos") and _linear(e.args[0], x)


def _linear(e: Expr, x: Sym) -> bool:
    if not _depends(e, x):
        return False
    d = derivative(e, x) if _depends(e, x) else Num(0)
    return not _depends(d, x)


class CyclicPartsRule(IntegralRule):
    """∫ eᵃˣ sin bx dx (or cos bx): by parts twice the integral I comes back, I = A − B + kI,
    so I = (A − B)/(1 − k)."""

    id = RuleId.PARTS_CYCLIC
    kind = Kind.LEAF

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        fs = _factors(f)
        return (
            len(fs) == 2
            and any(_is_exp(g, x) for g in fs)
            and any(_is_sin_cos(g, x) for g in fs)
            and self._solve(f, x, ctx) is not None
        )

    def _solve(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]] | None:
        fs = _factors(f)
        trig = next(g for g in fs if _is_sin_cos(g, x))
        exp = next(g for g in fs if _is_exp(g, x))
        try:
            v1 = _antiderivative(exp, x, ctx)
            du1 = derivative(trig, x)
            second = tidy(Mul((v1, du1)))  # ∫ v₁ du₁
            c, rest = _constant_and_rest(second, x)
            trig2 = next((g for g in _factors(rest) if _is_sin_cos(g, x)), None)
            if trig2 is None:
                return None
            exp2 = _product([g for g in _factors(rest) if g != trig2])
            v2 = _antiderivative(exp2, x, ctx)
            du2 = derivative(trig2, x)
            k = tidy(Div(Mul((c, v2, du2)), f))  # ∫ c v₂ du₂ = k I
        except _NoCandidate:
            return None
        if _depends(k, x) or rational(k) == 1:
            return None
        a = tidy(Mul((trig, v1)))
        b = tidy(Mul((c, trig2, v2)))
        whole = tidy(Div(Add((a, Neg(b))), Add((ONE, Neg(k)))))
        whole_integral = Integral(f, x)
        first = Add((a, Neg(Integral(second, x))))
        back = Add((b, Neg(Mul((k, whole_integral)))))
        again = Add((a, Neg(b), Mul((k, whole_integral))))
        return whole, (
            Step(RuleId.PARTS, whole_integral, first, _parts_steps(trig, exp, du1, v1, x)),
            Step(RuleId.PARTS, Integral(second, x), back, _parts_steps(trig2, exp2, du2, v2, x)),
            Step(RuleId.SIMPLIFY, Equation((whole_integral, again)), Equation((whole_integral, whole))),
        )

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        solved = self._solve(f, x, ctx)
        assert solved is not None
        return solved


def _constant_and_rest(e: Expr, x: Sym) -> tuple[Expr, Expr]:
    """``-3e^(2x) sin 3x/2`` as (-3/2, e^(2x) sin 3x): the number in front and the rest."""
    c, rest = split_coefficient(e)
    if rest is None:
        return number(c), ONE
    others = [g for g in _factors(rest) if not _depends(g, x)]
    kept = [g for g in _factors(rest) if _depends(g, x)]
    return tidy(_product((number(c), *others))), _product(kept)


class PartsRule(IntegralRule):
    """∫ u dv = uv − ∫ v du, u chosen by LIATE (∫ x eˣ dx: u = x, dv = eˣ dx)."""

    id = RuleId.PARTS

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        if ctx.depth > _MAX_DEPTH:
            return False
        chosen = _parts(f, x, ctx)
        if chosen is None:
            return False
        _, _, du, v = chosen
        rest = tidy(Mul((v, du)))
        return rest != f and _integrable(rest, x, ctx)

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        chosen = _parts(f, x, ctx)
        assert chosen is not None
        u, dv, du, v = chosen
        ctx.taken.update(("u", "v"))  # the letters of parts: a later substitution takes another
        rest = tidy(Mul((v, du)))
        # −x cos x + ∫ cos x dx, not x(−cos x) − ∫ −cos x dx
        second = Integral(rest.arg, x) if isinstance(rest, Neg) else Neg(Integral(rest, x))
        return Add((tidy(Mul((u, v))), second)), _parts_steps(u, dv, du, v, x)


# First match wins: constants and sums, the power rule and the table, a substitution whose du
# stands in the integrand as written, the constant multiple rule, and last the techniques that
# rewrite the integral into another (substitution before parts, as a textbook tries them; the
# cyclic case before parts, which would go round in a circle).
INTEGRAL_RULES: tuple[IntegralRule, ...] = (
    ConstantRule(),
    SumRule(),
    PowerRule(),
    ReciprocalRule(),
    TableRule(),
    SubstitutionRule(exact=True),
    ConstantMultipleRule(),
    SubstitutionRule(),
    CyclicPartsRule(),
    PartsRule(),
)


class IntegralKind(HoleKind[Integral]):
    """Integral holes of one problem (its substitutions in ``ctx``), filled by ``INTEGRAL_RULES``.
    The engine sees through the linear rules, as for derivatives."""

    node = Integral
    doing = "integrating"

    def __init__(self, ctx: IntegralContext, rules: Sequence[IntegralRule] = INTEGRAL_RULES) -> None:
        self.ctx, self.rules = ctx, tuple(rules)

    def find(self, hole: Integral) -> Found | None:
        f, x = hole.expr, hole.var
        for rule in self.rules:
            if rule.match(f, x, self.ctx):
                result, substeps = rule.apply(f, x, self.ctx)
                return Found(rule, rule.kind, rule.rule_ids(f, x), result, substeps)
        return None

    def nested(self) -> StepcalcError:
        return UnsupportedError("an integral inside an integral: work out the inner one first")

    def fold(self, result: Expr, hole: Integral) -> Expr:
        return fold_numbers(result, keep=hole.expr)
