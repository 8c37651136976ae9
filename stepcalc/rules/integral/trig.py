"""Powers of trigonometric functions, rewritten by an identity into what substitution or the
table finishes (Stewart §7.2, CLP-2 §1.8):

- sinᵐ u cosⁿ u with an odd power: one factor kept for du, the rest of that even power turned
  into the other function by sin² + cos² = 1 (∫ cos³x dx = ∫ (1 − sin²x) cos x dx, then u = sin x);
- sinᵐ u cosⁿ u with both powers even: the half-angle formulas sin²u = (1 − cos 2u)/2 and
  cos²u = (1 + cos 2u)/2, multiplied out (∫ sin²x dx = ∫ (1/2 − cos 2x/2) dx);
- tanᵐ u secⁿ u: an even power of sec keeps sec²u for du (the rest by sec² = 1 + tan²); an odd
  power of tan keeps sec u tan u (the rest by tan² = sec² − 1); tanᵐ u alone by
  tan²u = sec²u − 1, lowering the power by two.

Each rewrite is one named line (the identity); the new integrand is multiplied out as a
polynomial in the one trigonometric function, so the next lines are the sum, constant multiple
and substitution rules.
"""

from __future__ import annotations

from fractions import Fraction

from stepcalc.expr import ONE, TWO, Add, Div, Expr, Func, Integral, Mul, Neg, Pow, Sym, map_bottom_up, walk
from stepcalc.rules.base import number, rational
from stepcalc.rules.integral.base import (
    IntegralContext,
    IntegralRule,
    depends,
    factors_of,
    product_of,
)
from stepcalc.simplify.univariate import to_expr, to_poly
from stepcalc.steps import RuleId, Step

__all__ = [
    "ConjugateRule",
    "CosecantPowerRule",
    "CotCscPowerRule",
    "DoubleAngleRule",
    "EvenTanOddSecRule",
    "HalfAngleRule",
    "ProductToSumRule",
    "SecTanPowerRule",
    "SecantPowerRule",
    "SineCosineFormRule",
    "SineCosinePowerRule",
    "TanPowerRule",
]

MAX_POWER = 12  # a higher power is left alone (its expansion grows as the power's square)
KEPT_POWER = 100  # sin³⁶t cos³t: the power that is not multiplied out may be higher


def _powers(f: Expr, x: Sym, names: tuple[str, str], limit: int = MAX_POWER) -> tuple[Expr, int, int] | None:
    """(u, m, n) when ``f`` is names[0](u)ᵐ · names[1](u)ⁿ (whole m, n ≥ 0, not both 0, each at
    most ``limit``) for one argument u depending on x; None otherwise."""
    counts = dict.fromkeys(names, 0)
    argument: Expr | None = None
    for g in factors_of(f):
        base, k = (g.base, rational(g.exp)) if isinstance(g, Pow) else (g, Fraction(1))
        if not isinstance(base, Func) or base.name not in names or len(base.args) != 1:
            return None
        if k is None or k.denominator != 1 or not 0 < k <= limit:
            return None
        if argument is not None and base.args[0] != argument:
            return None
        argument = base.args[0]
        counts[base.name] += int(k)
    if argument is None or not depends(argument, x):
        return None
    return argument, counts[names[0]], counts[names[1]]


def _f(name: str, u: Expr) -> Func:
    return Func(name, (u,))


def _power(e: Expr, k: int) -> Expr:
    return ONE if k == 0 else e if k == 1 else Pow(e, number(k))


def _expanded(e: Expr, generator: Expr) -> Expr:
    """``e``, a polynomial in ``generator`` (a function such as sin x), multiplied out."""
    t = Sym("t_trig")
    p = to_poly(map_bottom_up(e, lambda n: t if n == generator else n), t)
    if p is None:
        return e
    return map_bottom_up(to_expr(p, t), lambda n: generator if n == t else n)


def _with_factor(body: Expr, kept: Expr) -> Expr:
    """``body`` (a polynomial, maybe a sum) times the factor kept for du, term by term."""
    terms = body.terms if isinstance(body, Add) else (body,)
    out: list[Expr] = []
    for t in terms:
        core = t.arg if isinstance(t, Neg) else t
        product = product_of((*factors_of(core), *factors_of(kept))) if core != ONE else kept
        out.append(Neg(product) if isinstance(t, Neg) else product)
    return out[0] if len(out) == 1 else Add(tuple(out))


class SineCosinePowerRule(IntegralRule):
    """∫ sinᵐu cosⁿu dx with n odd: cosⁿ⁻¹u = (1 − sin²u)^((n−1)/2), one cos u kept for du;
    with m odd: sinᵐ⁻¹u = (1 − cos²u)^((m−1)/2), one sin u kept (the smaller odd power is split)."""

    id = RuleId.TRIG_POWERS

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        found = _powers(f, x, ("sin", "cos"), KEPT_POWER)
        return found is not None and _split(found[1], found[2]) is not None

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        found = _powers(f, x, ("sin", "cos"), KEPT_POWER)
        assert found is not None
        u, m, n = found
        odd_cos = _split(m, n)
        keep, other = ("cos", "sin") if odd_cos else ("sin", "cos")
        k_keep, k_other = (n, m) if odd_cos else (m, n)
        square = Add((ONE, Neg(Pow(_f(other, u), TWO))))  # 1 − sin²u or 1 − cos²u
        body = _expanded(
            Mul((_power(_f(other, u), k_other), _power(square, (k_keep - 1) // 2))), _f(other, u)
        )
        return Integral(_with_factor(body, _f(keep, u)), x), ()


def _split(m: int, n: int) -> bool | None:
    """Whether the odd power to split is cos's (True) or sin's (False): the smaller odd one, and
    only from 3 up (sin x cos²x is a substitution as it stands) and to MAX_POWER (the split power
    is the one multiplied out); None when neither is."""
    odd = [(k, is_cos) for k, is_cos in ((n, True), (m, False)) if k % 2 == 1 and 3 <= k <= MAX_POWER]
    if not odd:
        return None
    if m % 2 == 1 and n % 2 == 1 and min(m, n) == 1:
        return None  # sin x cos³x: u = cos x as it stands
    return min(odd)[1]


class HalfAngleRule(IntegralRule):
    """∫ sinᵐu cosⁿu dx with m and n even: sin²u = (1 − cos 2u)/2, cos²u = (1 + cos 2u)/2."""

    id = RuleId.HALF_ANGLE

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        found = _powers(f, x, ("sin", "cos"))
        return found is not None and found[1] % 2 == 0 and found[2] % 2 == 0

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        found = _powers(f, x, ("sin", "cos"))
        assert found is not None
        u, m, n = found
        double = _f("cos", _double(u))
        half = number(Fraction(1, 2))
        sin2 = Add((half, Neg(Mul((half, double)))))
        cos2 = Add((half, Mul((half, double))))
        body = _expanded(Mul((_power(sin2, m // 2), _power(cos2, n // 2))), double)
        return Integral(body, x), ()


def _double(u: Expr) -> Expr:
    """2u written as a textbook does: 2x, 4x for 2·2x, x for 2·(x/2)."""
    from stepcalc.simplify import tidy

    return tidy(Mul((TWO, u)))


class SecTanPowerRule(IntegralRule):
    """∫ tanᵐu secⁿu dx: n even (≥ 2): secⁿ⁻²u = (1 + tan²u)^((n−2)/2), sec²u kept for du;
    m odd (n ≥ 1): tanᵐ⁻¹u = (sec²u − 1)^((m−1)/2), sec u tan u kept for du."""

    id = RuleId.SEC_TAN_POWERS

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        found = _powers(f, x, ("tan", "sec"), KEPT_POWER)  # the power kept may be high: tan⁴⁶x sec⁴x
        if found is None:
            return False
        _, m, n = found
        return (n % 2 == 0 and 4 <= n <= MAX_POWER) or (m % 2 == 1 and 3 <= m <= MAX_POWER and n >= 1)

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        found = _powers(f, x, ("tan", "sec"), KEPT_POWER)
        assert found is not None
        return _pythagorean_split(found, x, ("tan", "sec")), ()


def _pythagorean_split(found: tuple[Expr, int, int], x: Sym, names: tuple[str, str]) -> Expr:
    """∫ gᵐu fⁿu dx (g, f = tan, sec or cot, csc) with f²u = 1 + g²u: for n even (≥ 4), fⁿ⁻²u
    multiplied out in g with f²u kept for du; else (m odd) gᵐ⁻¹u = (f²u − 1)^((m−1)/2) in f with
    f u g u kept."""
    u, m, n = found
    g, power = _f(names[0], u), _f(names[1], u)
    if n % 2 == 0 and 4 <= n <= MAX_POWER:
        square = Add((ONE, Pow(g, TWO)))
        body = _expanded(Mul((_power(g, m), _power(square, (n - 2) // 2))), g)
        return Integral(_with_factor(body, Pow(power, TWO)), x)
    square = Add((Pow(power, TWO), Neg(ONE)))
    body = _expanded(Mul((_power(power, n - 1), _power(square, (m - 1) // 2))), power)
    return Integral(_with_factor(body, Mul((power, g))), x)


class CotCscPowerRule(IntegralRule):
    """∫ cotᵐu cscⁿu dx, as for tan and sec: n even (≥ 2, csc²u = 1 + cot²u), cscⁿ⁻²u multiplied
    out with csc²u kept for du (u = cot x); m odd (n ≥ 1), cotᵐ⁻¹u = (csc²u − 1)^((m−1)/2) with
    csc u cot u kept; cotᵐu alone (m ≥ 2) = cotᵐ⁻²u csc²u − cotᵐ⁻²u."""

    id = RuleId.COT_CSC_POWERS

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        found = _powers(f, x, ("cot", "csc"), KEPT_POWER)
        if found is None:
            return False
        _, m, n = found
        return (
            (n % 2 == 0 and 4 <= n <= MAX_POWER)
            or (m % 2 == 1 and 3 <= m <= MAX_POWER and n >= 1)
            or (n == 0 and 2 <= m <= MAX_POWER)
        )

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        found = _powers(f, x, ("cot", "csc"), KEPT_POWER)
        assert found is not None
        u, m, n = found
        if n == 0:
            return _lowered(u, m, x, ("cot", "csc")), ()
        return _pythagorean_split(found, x, ("cot", "csc")), ()


class DoubleAngleRule(IntegralRule):
    """sin 2v = 2 sin v cos v when the integrand holds other functions of v too (sin 2x/(1 + cos²x),
    e^(cos x) sin 2x), so that a substitution in v can take it."""

    id = RuleId.TRIG_IDENTITY

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return self._halved(f, x) is not None

    def _halved(self, f: Expr, x: Sym) -> Expr | None:
        from stepcalc.simplify import tidy

        doubles = {
            n: tidy(Div(n.args[0], TWO))
            for n in walk(f)
            if isinstance(n, Func) and n.name == "sin" and len(n.args) == 1 and depends(n, x)
        }
        for node, v in doubles.items():
            halves = [m for m in walk(f) if isinstance(m, Func) and m.args == (v,) and m.name in _IN_SIN_COS]
            if halves and rational(Div(node.args[0], v)) is None and tidy(Mul((TWO, v))) == node.args[0]:
                return _replaced(f, node, Mul((TWO, _f("sin", v), _f("cos", v))))
        return None

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        done = self._halved(f, x)
        assert done is not None
        return Integral(done, x), ()


def _replaced(e: Expr, old: Expr, new: Expr) -> Expr:
    return map_bottom_up(e, lambda n: new if n == old else n)


class ConjugateRule(IntegralRule):
    """∫ c/(1 ± sin u) dx = ∫ c(1 ∓ sin u)/cos²u dx (and 1 ± cos u over sin²u): multiplied above
    and below by the conjugate, 1 − sin²u = cos²u."""

    id = RuleId.CONJUGATE

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return self._multiplied(f, x) is not None

    def _multiplied(self, f: Expr, x: Sym) -> Expr | None:
        if not isinstance(f, Div) or depends(f.num, x) or not isinstance(f.den, Add) or len(f.den.terms) != 2:
            return None
        one, other = f.den.terms
        if one != ONE:
            return None
        sign, g = (-1, other.arg) if isinstance(other, Neg) else (1, other)
        if not (isinstance(g, Func) and g.name in ("sin", "cos") and depends(g, x)):
            return None
        partner = _f("cos" if g.name == "sin" else "sin", g.args[0])
        conjugate = Add((ONE, g)) if sign < 0 else Add((ONE, Neg(g)))
        return Div(Mul((f.num, conjugate)) if f.num != ONE else conjugate, Pow(partner, TWO))

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        done = self._multiplied(f, x)
        assert done is not None
        return Integral(done, x), ()


class TanPowerRule(IntegralRule):
    """∫ tanᵐu dx (m ≥ 2) = ∫ tanᵐ⁻²u sec²u dx − ∫ tanᵐ⁻²u dx, by tan²u = sec²u − 1."""

    id = RuleId.SEC_TAN_POWERS

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        found = _powers(f, x, ("tan", "sec"))
        return found is not None and found[2] == 0 and found[1] >= 2

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        found = _powers(f, x, ("tan", "sec"))
        assert found is not None
        u, m, _ = found
        return _lowered(u, m, x, ("tan", "sec")), ()


def _lowered(u: Expr, m: int, x: Sym, names: tuple[str, str]) -> Expr:
    """∫ gᵐu dx = ∫ gᵐ⁻²u f²u dx − ∫ gᵐ⁻²u dx, by g² = f² − 1 (g, f = tan, sec or cot, csc)."""
    g, power = _f(names[0], u), _f(names[1], u)
    lower = _power(g, m - 2)
    first = Integral(product_of((lower, Pow(power, TWO))) if lower != ONE else Pow(power, TWO), x)
    return Add((first, Neg(Integral(lower, x))))


_IN_SIN_COS = {"tan": (1, -1), "cot": (-1, 1), "sec": (0, -1), "csc": (-1, 0), "sin": (1, 0), "cos": (0, 1)}


def _sine_cosine_powers(f: Expr, x: Sym) -> tuple[Expr, int, int] | None:
    """(u, m, n) when ``f`` is a product or quotient of whole powers of the six trigonometric
    functions of one argument u, tan, cot, sec or csc among them: f = sinᵐu cosⁿu."""
    top, bottom = (f.num, f.den) if isinstance(f, Div) else (f, ONE)
    m = n = 0
    argument: Expr | None = None
    others = False
    for g, sign in [*((g, 1) for g in factors_of(top)), *((g, -1) for g in factors_of(bottom))]:
        if g == ONE:
            continue
        base, k = (g.base, rational(g.exp)) if isinstance(g, Pow) else (g, Fraction(1))
        if not isinstance(base, Func) or base.name not in _IN_SIN_COS or len(base.args) != 1:
            return None
        if k is None or k.denominator != 1 or abs(k) > MAX_POWER:
            return None
        if argument is not None and base.args[0] != argument:
            return None
        argument = base.args[0]
        others = others or base.name not in ("sin", "cos")
        a, b = _IN_SIN_COS[base.name]
        m, n = m + sign * int(k) * a, n + sign * int(k) * b
    if argument is None or not depends(argument, x):
        return None
    return argument, m, n


class SineCosineFormRule(IntegralRule):
    """∫ f dx for f a product or quotient of powers of the six trigonometric functions of one
    argument, f = sinᵐu cosⁿu, written in the form its rules take: tanᵐu secᵏu when cos u's
    power below is at least sin u's above (sin x/cos²x = tan x sec x, 1/cos²x = sec²x), cotⁿu cscᵏu
    the other way round, and sinᵐu cosⁿu otherwise (tan⁵x cos²x = sin⁵x/cos³x, sin θ tan θ =
    sin²θ/cos θ), for the powers or a substitution to finish."""

    id = RuleId.TRIG_IDENTITY

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        form = _trig_form(f, x)
        return form is not None and form != f

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        form = _trig_form(f, x)
        assert form is not None
        return Integral(form, x), ()


def _trig_form(f: Expr, x: Sym) -> Expr | None:
    found = _sine_cosine_powers(f, x)
    if found is None:
        return None
    u, m, n = found
    if 0 <= m <= -n:
        return product_of([_power(_f("tan", u), m), _power(_f("sec", u), -n - m)])
    if 0 <= n <= -m:
        return product_of([_power(_f("cot", u), n), _power(_f("csc", u), -m - n)])
    top = product_of([_power(_f(name, u), k) for name, k in (("sin", m), ("cos", n)) if k > 0])
    bottom = product_of([_power(_f(name, u), -k) for name, k in (("sin", m), ("cos", n)) if k < 0])
    return top if bottom == ONE else Div(top, bottom)


def _product_of_two(f: Expr, x: Sym) -> tuple[str, Expr, str, Expr] | None:
    """(F, a, G, b) when ``f`` is F(a)·G(b) for F, G among sin, cos and different arguments."""
    fs = factors_of(f)
    if len(fs) != 2 or not all(
        isinstance(g, Func) and g.name in ("sin", "cos") and len(g.args) == 1 for g in fs
    ):
        return None
    first, second = fs
    assert isinstance(first, Func) and isinstance(second, Func)
    if first.args[0] == second.args[0] or not (depends(first, x) and depends(second, x)):
        return None
    if first.name == "cos" and second.name == "sin":
        first, second = second, first
    return first.name, first.args[0], second.name, second.args[0]


class ProductToSumRule(IntegralRule):
    """∫ sin A cos B dx = ∫ (sin(A − B) + sin(A + B))/2 dx;  sin A sin B = (cos(A − B) − cos(A + B))/2;
    cos A cos B = (cos(A − B) + cos(A + B))/2: a product of two different arguments as a sum."""

    id = RuleId.PRODUCT_TO_SUM

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return _product_of_two(f, x) is not None

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        from stepcalc.simplify import tidy

        found = _product_of_two(f, x)
        assert found is not None
        first, a, second, b = found
        difference, total = tidy(Add((a, Neg(b)))), tidy(Add((a, b)))
        half = number(Fraction(1, 2))
        if first == "sin" and second == "cos":
            terms: tuple[Expr, ...] = (Mul((half, _f("sin", difference))), Mul((half, _f("sin", total))))
        elif first == "sin":
            terms = (Mul((half, _f("cos", difference))), Neg(Mul((half, _f("cos", total)))))
        else:
            terms = (Mul((half, _f("cos", difference))), Mul((half, _f("cos", total))))
        return Integral(Add(terms), x), ()


class _ReductionRule(IntegralRule):
    """∫ fⁿu dx (n odd ≥ 3, f = sec or csc, g = tan or cot, u = ax + b) by its reduction formula."""

    names: tuple[str, str]  # (g, f): tan and sec, or cot and csc
    sign: int  # +1 for sec (d tan = sec²), −1 for csc (d cot = −csc²)

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        found = _powers(f, x, self.names)
        return (
            found is not None
            and found[1] == 0
            and found[2] >= 3
            and found[2] % 2 == 1
            and _slope(found[0], x) is not None
        )

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        found = _powers(f, x, self.names)
        assert found is not None
        u, _, n = found
        a = _slope(u, x)
        assert a is not None
        g, power = _f(self.names[0], u), _f(self.names[1], u)
        front: Expr = Mul((number(Fraction(1, (n - 1)) / a), _power(power, n - 2), g))
        back = Mul((number(Fraction(n - 2, n - 1)), Integral(_power(power, n - 2), x)))
        return Add((front if self.sign > 0 else Neg(front), back)), ()


class SecantPowerRule(_ReductionRule):
    """∫ secⁿu dx (n odd ≥ 3) = secⁿ⁻²u tan u/((n − 1)a) + (n − 2)/(n − 1) ∫ secⁿ⁻²u dx for u = ax + b:
    the reduction formula (integration by parts with dv = sec²u dx); ∫ sec u is in the table."""

    id = RuleId.SECANT_REDUCTION
    names, sign = ("tan", "sec"), 1


class CosecantPowerRule(_ReductionRule):
    """∫ cscⁿu dx (n odd ≥ 3) = −cscⁿ⁻²u cot u/((n − 1)a) + (n − 2)/(n − 1) ∫ cscⁿ⁻²u dx for u = ax + b:
    the reduction formula (integration by parts with dv = csc²u dx); ∫ csc u is in the table."""

    id = RuleId.COSECANT_REDUCTION
    names, sign = ("cot", "csc"), -1


def _slope(u: Expr, x: Sym) -> Fraction | None:
    """a when u = ax + b."""
    p = to_poly(u, x)
    if p is None or set(p) - {0, 1} or not p.get(1):
        return None
    return p[1]


class EvenTanOddSecRule(IntegralRule):
    """∫ tanᵐu secⁿu dx with m even and n odd: tanᵐu = (sec²u − 1)^(m/2), a sum of powers of sec."""

    id = RuleId.SEC_TAN_POWERS

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        found = _powers(f, x, ("tan", "sec"))
        return found is not None and found[1] >= 2 and found[1] % 2 == 0 and found[2] % 2 == 1

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        found = _powers(f, x, ("tan", "sec"))
        assert found is not None
        u, m, n = found
        sec = _f("sec", u)
        square = Add((Pow(sec, TWO), Neg(ONE)))
        return Integral(_expanded(Mul((_power(square, m // 2), _power(sec, n))), sec), x), ()
