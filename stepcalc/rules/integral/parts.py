"""Integration by parts, ∫ u dv = uv − ∫ v du with u chosen by LIATE, and its cyclic case
(∫ eᵃˣ sin bx dx by parts twice, solved for the integral)."""

from __future__ import annotations

from stepcalc.engine import Kind
from stepcalc.expr import ONE, Add, Div, E, Equation, Expr, Func, Integral, Mul, Neg, Num, Pow, Sym, walk
from stepcalc.rules.base import number, rational
from stepcalc.rules.integral.base import (
    MAX_DEPTH,
    IntegralContext,
    IntegralRule,
    NoCandidate,
    antiderivative,
    constant_and_rest,
    depends,
    derivative,
    factors_of,
    integrable,
    product_of,
    times_dx,
)
from stepcalc.rules.integral.substitution import radicand
from stepcalc.simplify import tidy
from stepcalc.steps import RuleId, Step

__all__ = ["CyclicPartsRule", "PartsRule"]


def _liate(e: Expr, x: Sym) -> int:
    """Where a factor stands in LIATE: logarithm 0, inverse trigonometric 1, algebraic 2,
    trigonometric 3, exponential 4 (the first is taken as u)."""
    if isinstance(e, Func) and e.name in ("ln", "log"):
        return 0
    if isinstance(e, Func) and e.name in ("asin", "acos", "atan", "acot", "asec", "acsc"):
        return 1
    if isinstance(e, Func) and e.name in ("sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh"):
        return 3
    if (isinstance(e, Pow) and not depends(e.base, x)) or (isinstance(e, Func) and e.name == "exp"):
        return 4
    if isinstance(e, Pow) and isinstance(e.base, Func):
        return _liate(e.base, x)
    return 2


def _as_product(f: Expr, x: Sym) -> Expr:
    """A quotient over a power of x or of e as the product parts chooses from: ln x/x² is
    ln x · x⁻², (x − 1)/eˣ is (x − 1)·e^(−x); anything else as it is."""
    if not isinstance(f, Div) or not depends(f.den, x):
        return f
    den = f.den
    if den == x:
        inverse: Expr = Pow(x, Num(-1))
    elif isinstance(den, Pow) and den.base == x and rational(den.exp) is not None:
        inverse = Pow(x, number(-(rational(den.exp) or 0)))
    elif isinstance(den, Pow) and den.base == E:
        inverse = Pow(E, tidy(Neg(den.exp)))
    else:
        return f
    return product_of([*factors_of(f.num), inverse])


def _parts(f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, Expr, Expr, Expr] | None:
    """(u, dv, du, v) for ∫ f dx by LIATE, when ∫ dv can be done; None otherwise."""
    f = _as_product(f, x)
    factors = [g for g in factors_of(f) if depends(g, x)]
    if len(factors) != len(factors_of(f)):
        return None  # constants are the constant multiple rule's
    if len(factors) == 1:
        g = factors[0]
        if _liate(g, x) > 1:
            return None
        factors = [g, ONE]  # ∫ ln x dx: u = ln x, dv = dx
    if all(_liate(g, x) == 3 for g in factors):
        return None  # tan⁵x·cos²x: powers and identities, not parts, which go round in circles
    if all(_liate(g, x) == 2 and not any(radicand(n) is not None for n in walk(g)) for g in factors):
        return None  # (u − u⁻¹)·u⁻³: algebra, not parts, whose v du only grows (a root may be u)
    order = sorted(range(len(factors)), key=lambda i: _liate(factors[i], x))
    for i in order[:1]:
        u = factors[i]
        dv = product_of([g for j, g in enumerate(factors) if j != i])
        try:
            v = antiderivative(dv, x, ctx)
            du = derivative(u, x)
        except NoCandidate:
            return None
        return u, dv, du, v
    return None


def _parts_steps(u: Expr, dv: Expr, du: Expr, v: Expr, x: Sym) -> tuple[Step, ...]:
    return (
        Step(RuleId.DEFINITION, Sym("u"), u),
        Step(RuleId.DEFINITION, Sym("dv"), times_dx(dv, x)),
        Step(RuleId.DEFINITION, Sym("du"), times_dx(du, x)),
        Step(RuleId.DEFINITION, Sym("v"), v),
    )


def _is_exp(e: Expr, x: Sym) -> bool:
    return (isinstance(e, Pow) and e.base == E and _linear(e.exp, x)) or (
        isinstance(e, Func) and e.name == "exp" and _linear(e.args[0], x)
    )


def _is_sin_cos(e: Expr, x: Sym) -> bool:
    return isinstance(e, Func) and e.name in ("sin", "cos") and _linear(e.args[0], x)


def _linear(e: Expr, x: Sym) -> bool:
    if not depends(e, x):
        return False
    d = derivative(e, x) if depends(e, x) else Num(0)
    return not depends(d, x)


class CyclicPartsRule(IntegralRule):
    """∫ eᵃˣ sin bx dx (or cos bx): by parts twice the integral I comes back, I = A − B + kI,
    so I = (A − B)/(1 − k)."""

    id = RuleId.PARTS_CYCLIC
    kind = Kind.LEAF

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        fs = factors_of(f)
        return (
            len(fs) == 2
            and any(_is_exp(g, x) for g in fs)
            and any(_is_sin_cos(g, x) for g in fs)
            and self._solve(f, x, ctx) is not None
        )

    def _solve(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]] | None:
        fs = factors_of(f)
        trig = next(g for g in fs if _is_sin_cos(g, x))
        exp = next(g for g in fs if _is_exp(g, x))
        try:
            v1 = antiderivative(exp, x, ctx)
            du1 = derivative(trig, x)
            second = tidy(Mul((v1, du1)))  # ∫ v₁ du₁
            c, rest = constant_and_rest(second, x)
            trig2 = next((g for g in factors_of(rest) if _is_sin_cos(g, x)), None)
            if trig2 is None:
                return None
            exp2 = product_of([g for g in factors_of(rest) if g != trig2])
            v2 = antiderivative(exp2, x, ctx)
            du2 = derivative(trig2, x)
            k = tidy(Div(Mul((c, v2, du2)), f))  # ∫ c v₂ du₂ = k I
        except NoCandidate:
            return None
        if depends(k, x) or rational(k) == 1:
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


class PartsRule(IntegralRule):
    """∫ u dv = uv − ∫ v du, u chosen by LIATE (∫ x eˣ dx: u = x, dv = eˣ dx)."""

    id = RuleId.PARTS

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        if ctx.depth > MAX_DEPTH:
            return False
        chosen = _parts(f, x, ctx)
        if chosen is None:
            return False
        _, _, du, v = chosen
        rest = tidy(Mul((v, du)))
        return rest != f and integrable(rest, x, ctx)

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        chosen = _parts(f, x, ctx)
        assert chosen is not None
        u, dv, du, v = chosen
        ctx.taken.update(("u", "v"))  # the letters of parts: a later substitution takes another
        rest = tidy(Mul((v, du)))
        # −x cos x + ∫ cos x dx, not x(−cos x) − ∫ −cos x dx
        second = Integral(rest.arg, x) if isinstance(rest, Neg) else Neg(Integral(rest, x))
        return Add((tidy(Mul((u, v))), second)), _parts_steps(u, dv, du, v, x)
