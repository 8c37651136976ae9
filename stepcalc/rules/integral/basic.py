"""The rules every table of integrals starts with: constants, sums, constant multiples, the
power rule, ∫ 1/x dx = ln|x| and the elementary antiderivatives."""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from stepcalc.engine import Kind
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
    Pow,
    Sym,
    map_bottom_up,
    walk,
)
from stepcalc.rules.base import number, rational
from stepcalc.rules.integral.base import (
    IntegralContext,
    IntegralRule,
    depends,
    factors_of,
    product_of,
)
from stepcalc.simplify import tidy
from stepcalc.simplify.normal import normal_form
from stepcalc.simplify.univariate import to_poly
from stepcalc.steps import RuleId, Step


class ConstantRule(IntegralRule):
    """∫ k dx = kx when k does not depend on x."""

    id, kind = RuleId.INT_CONSTANT, Kind.LEAF

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return not depends(f, x)

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        return product_of((f, x)), ()


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
            return any(not depends(g, x) for g in f.factors)
        if isinstance(f, Div):
            return (
                not depends(f.den, x)
                or (not depends(f.num, x) and f.num != ONE)
                or any(not depends(g, x) for g in factors_of(f.den))
            )
        return False

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        if isinstance(f, Neg):
            return Neg(Integral(f.arg, x)), ()
        if isinstance(f, Div):
            if not depends(f.den, x):
                return Mul((Div(ONE, f.den), Integral(f.num, x))), ()
            # ∫ 11/(9(x − 2)) dx = (11/9) ∫ 1/(x − 2) dx: the numbers of both out at once
            top = [g for g in factors_of(f.num) if not depends(g, x)]
            bottom = [g for g in factors_of(f.den) if not depends(g, x)]
            num = product_of([g for g in factors_of(f.num) if depends(g, x)])
            den = product_of([g for g in factors_of(f.den) if depends(g, x)])
            c = product_of(top) if not bottom else Div(product_of(top), product_of(bottom))
            return Mul((_number_or(c), Integral(Div(num, den), x))), ()
        assert isinstance(f, Mul)
        constants = [g for g in f.factors if not depends(g, x)]
        rest = [g for g in f.factors if depends(g, x)]
        return Mul((*constants, Integral(product_of(rest), x))), ()


def _number_or(c: Expr) -> Expr:
    """A constant factor, as a number when it is one (11/9, not 11/(9))."""
    value = rational(c)
    return number(value) if value is not None else c


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
        if k < 0:  # ∫ x⁻³ dx = −x⁻²/2, not x⁻²/(−2)
            return Neg(raised if k == -1 else Div(raised, number(-k))), ()
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


def _square_plus(e: Expr, x: Sym) -> tuple[Fraction, Fraction] | None:
    """(c, k) when ``e`` is c + kx² (either order) with numbers c, k > 0."""
    p = to_poly(e, x)
    if p is None or set(p) != {0, 2} or p[0] <= 0 or p[2] <= 0:
        return None
    return p[0], p[2]


def _square_minus(e: Expr, x: Sym) -> tuple[Fraction, Fraction] | None:
    """(c, k) when ``e`` is c − kx² with numbers c, k > 0."""
    p = to_poly(e, x)
    if p is None or set(p) != {0, 2} or p[0] <= 0 or p[2] >= 0:
        return None
    return p[0], -p[2]


def _square_beyond(e: Expr, x: Sym) -> Fraction | None:
    """k when ``e`` is kx² − c with numbers c, k > 0."""
    p = to_poly(e, x)
    if p is None or set(p) != {0, 2} or p[0] >= 0 or p[2] <= 0:
        return None
    return p[2]


def _scaled_argument(x: Sym, c: Fraction, k: Fraction) -> Expr:
    """x·√(k/c) as a textbook writes it: x/a for k = 1, 5x for c = 1, k = 25."""
    ratio = c / k  # a² in x/a
    a = _root(ratio)
    if ratio == 1:
        return x
    if rational(a) is not None:  # a rational a: x/9, or 5x for a = 1/5
        value = rational(a)
        assert value is not None
        return Div(x, a) if value.numerator != 1 or value.denominator == 1 else Mul((number(1 / value), x))
    if k == 1:
        return Div(x, a)
    return Div(Mul((_root(k), x)), _root(c))


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
    if isinstance(f, Pow) and f.exp == x and not depends(f.base, x):
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
    if pair and all(isinstance(g, Func) and g.args == (x,) for g in factors_of(f)):
        names = frozenset(g.name for g in factors_of(f) if isinstance(g, Func))
        if names in _PAIRS:
            rule, anti = _PAIRS[names]
            return rule, anti(x)
    if isinstance(f, Div) and f.num == ONE:
        plus = _square_plus(f.den, x)
        if plus is not None:  # ∫ 1/(c + kx²) dx = (1/√(ck)) arctan(x√(k/c)), for k = 1 (1/a) arctan(x/a)
            c, k = plus
            atan = _f("atan", _scaled_argument(x, c, k))
            return RuleId.INT_ATAN, (atan if c * k == 1 else Mul((Div(ONE, _root(c * k)), atan)))
        inside = _sqrt_of(f.den)
        minus = None if inside is None else _square_minus(inside, x)
        if minus is not None:  # ∫ 1/√(c − kx²) dx = (1/√k) arcsin(x√(k/c))
            c, k = minus
            asin = _f("asin", _scaled_argument(x, c, k))
            return RuleId.INT_ASIN, (asin if k == 1 else Mul((Div(ONE, _root(k)), asin)))
        beyond = None if inside is None else _square_beyond(inside, x)
        if beyond is not None:  # ∫ 1/√(kx² − c) dx = (1/√k) ln|√k x + √(kx² − c)|, for |x| > √(c/k)
            assert inside is not None
            k = beyond
            log = _f("ln", _f("abs", Add((x if k == 1 else Mul((_root(k), x)), Func("sqrt", (inside,))))))
            return RuleId.INT_LN_ROOT, (log if k == 1 else Mul((Div(ONE, _root(k)), log)))
    return None


class TableRule(IntegralRule):
    """∫ eˣ dx = eˣ;  ∫ aˣ dx = aˣ/ln a;  ∫ sin x dx = −cos x;  ∫ sec²x dx = tan x;
    ∫ 1/(a² + x²) dx = (1/a) arctan(x/a);  ∫ 1/√(x² − a²) dx = ln|x + √(x² − a²)| (on both sides,
    |x| > a);  … (the table of elementary antiderivatives)."""

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


def leaf_antiderivative(f: Expr, x: Sym) -> tuple[RuleId, Expr] | None:
    """∫ f dx by one leaf rule (the power rule, ∫ 1/x, the table), with that rule's id."""
    ctx = IntegralContext()
    for rule in (PowerRule(), ReciprocalRule(), TableRule()):
        if rule.match(f, x, ctx):
            return rule.rule_ids(f, x)[0], rule.apply(f, x, ctx)[0]
    return None


def linear_inner(f: Expr, x: Sym) -> tuple[Expr, Fraction, RuleId, Expr] | None:
    """(g, a, rule, F(g)) when f = G(g) for a linear g = ax + b ≠ x whose G a leaf rule integrates."""
    t = Sym("t_linear")
    arguments = {a for n in walk(f) if isinstance(n, Func) for a in n.args} | {
        n.exp for n in walk(f) if isinstance(n, Pow)
    }
    for n in walk(f):
        if n in (x, f) or not depends(n, x):
            continue
        slope = _slope(n, x)
        if slope is None or (isinstance(n, Mul) and any(isinstance(g, Add) for g in n.factors)):
            continue  # 2(x − 1): its number is the constant multiple rule's, and x − 1 is the argument
        if n not in arguments and 0 not in (to_poly(n, x) or {}):
            continue  # 1/(2u), (3x)²: a number times x outside a function is a constant multiple
        g = _replaced(f, n, t)
        if depends(g, x):
            continue
        found = leaf_antiderivative(g, t)
        if found is not None:
            rule, anti = found
            return n, slope, rule, _replaced(anti, t, n)
    return None


def _replaced(e: Expr, old: Expr, new: Expr) -> Expr:
    return map_bottom_up(e, lambda m: new if m == old else m)


def _slope(e: Expr, x: Sym) -> Fraction | None:
    """a when ``e`` is ax + b with numbers a ≠ 0 and b (a sum, a multiple, or x ± b)."""
    p = to_poly(e, x)
    if p is None or set(p) - {0, 1} or not p.get(1):
        return None
    return p[1]


class LinearArgumentRule(IntegralRule):
    """∫ f(ax + b) dx = (1/a) F(ax + b) when ∫ f(x) dx = F(x) is a leaf rule (∫ cos 3x dx =
    (1/3) sin 3x, ∫ 1/(x − 1) dx = ln|x − 1|, ∫ (2x + 1)⁵ dx = (2x + 1)⁶/12): the substitution
    u = ax + b, du = a dx done at once, as textbooks do for a linear argument."""

    id, kind = RuleId.LINEAR_ARGUMENT, Kind.LEAF

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return linear_inner(f, x) is not None

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        found = linear_inner(f, x)
        assert found is not None
        _, a, _, anti = found
        return (anti if a == 1 else Mul((number(1 / a), anti))), ()

    def rule_ids(self, f: Expr, x: Sym) -> tuple[RuleId, ...]:
        found = linear_inner(f, x)
        assert found is not None
        return (RuleId.LINEAR_ARGUMENT, found[2])


class SimplifyIntegrandRule(IntegralRule):
    """∫ f dx = ∫ g dx where g is f simplified ((cos x)¹ → cos x, x·x → x²): tried last, when no
    rule takes the integrand as written."""

    id = RuleId.SIMPLIFY

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return _simpler(f) != f

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        return Integral(_simpler(f), x), ()


def _simpler(f: Expr) -> Expr:
    """f simplified; when that leaves it as it is, as one cancelled quotient ((1/x + 1)/x²)."""
    done = tidy(f)
    return done if done != f else tidy(normal_form(f))
