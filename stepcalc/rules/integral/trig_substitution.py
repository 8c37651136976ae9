"""The trigonometric substitutions (Stewart §7.3, CLP-2 §1.9): x = a sin θ for √(a² − x²),
x = a tan θ for √(a² + x²) and (a² + x²)⁻ⁿ, x = a sec θ for √(x² − a²) (which holds for x ≥ a, and
is said so).  The integral in θ is done by the other rules; θ goes back by its right triangle."""

from __future__ import annotations

from fractions import Fraction

from stepcalc.expr import ONE, TWO, Add, Div, Expr, Func, Integral, Mul, Neg, Pow, Sym, map_bottom_up, walk
from stepcalc.rules.base import number, rational
from stepcalc.rules.integral.base import (
    MAX_DEPTH,
    IntegralContext,
    IntegralRule,
    depends,
    factors_of,
    integrable,
    product_of,
)
from stepcalc.rules.integral.trig import _f
from stepcalc.simplify.univariate import to_poly
from stepcalc.steps import Binding, RuleId, Step

__all__ = ["HalfAngleTangentRule", "TrigSubstitutionRule", "radical"]


def radical(f: Expr, x: Sym) -> tuple[Expr, Expr, Fraction, Fraction, str] | None:
    """The first √Q (or power Q^(k/2), or Q⁻ⁿ for c + kx²) in ``f`` with Q = c − kx², c + kx² or
    kx² − c (c, k > 0):
    (the radical node, Q, c, k, the kind 'sin', 'tan' or 'sec')."""
    for n in walk(f):
        inside, whole = None, False
        if isinstance(n, Func) and n.name == "sqrt" and len(n.args) == 1:
            inside = n.args[0]
        elif isinstance(n, Pow) and (k := rational(n.exp)) is not None and k.denominator == 2:
            inside = n.base
        elif isinstance(n, Pow) and (k := rational(n.exp)) is not None and k.denominator == 1 and k <= -2:
            inside, whole = n.base, True  # (x² + 1)⁻²: x = tan θ, x² + 1 = sec²θ
        elif (
            isinstance(n, Pow)
            and (k := rational(n.exp)) is not None
            and k.denominator == 1
            and k >= 2
            and any(isinstance(d, Div) and n in factors_of(d.den) for d in walk(f))
        ):
            inside, whole = n.base, True  # 1/(x² + 1)², in a denominator
        if inside is None:
            continue
        p = to_poly(inside, x)
        if p is None or set(p) != {0, 2}:
            continue
        c, k = p[0], p[2]
        if whole and not (c > 0 and k > 0):
            continue  # (1 − x²)⁻² is partial fractions'
        if c > 0 and k < 0:
            return n, inside, c, -k, "sin"
        if c > 0 and k > 0:
            return n, inside, c, k, "tan"
        if c < 0 < k:  # kx² − c: x = a sec θ, which holds for x ≥ a (the answer says so)
            return n, inside, -c, k, "sec"
    return None


def _root_of(c: Fraction) -> Expr:
    from stepcalc.simplify import tidy

    return tidy(Func("sqrt", (number(c),)))


class TrigSubstitutionRule(IntegralRule):
    """√(a² − x²): x = a sin θ, dx = a cos θ dθ, √(a² − x²) = a cos θ (−π/2 ≤ θ ≤ π/2);
    √(a² + x²): x = a tan θ, dx = a sec²θ dθ, √(a² + x²) = a sec θ (−π/2 < θ < π/2);
    √(x² − a²): x = a sec θ, dx = a sec θ tan θ dθ, √(x² − a²) = a tan θ (x ≥ a, 0 ≤ θ < π/2).
    The integral in θ is done by the other rules; θ goes back by its right triangle."""

    id = RuleId.TRIG_SUBSTITUTION

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return ctx.depth <= MAX_DEPTH and self._substitute(f, x, ctx, Sym("theta_trial")) is not None

    def _substitute(
        self, f: Expr, x: Sym, ctx: IntegralContext, theta: Sym
    ) -> tuple[Expr, tuple[Step, ...]] | None:
        from stepcalc.simplify import tidy

        found = radical(f, x)
        if found is None:
            return None
        node, inside, c, k, kind = found
        if kind == "sec" and ctx.variable not in (None, x):
            return None  # x ≥ a would be said of a substituted variable, not the problem's
        a = _root_of(c / k)  # x = a·trig θ
        root_k = _root_of(k)
        outer = {"sin": "sin", "tan": "tan", "sec": "sec"}[kind]
        x_of = product_of((a, _f(outer, theta)))
        dx = {
            "sin": _f("cos", theta),
            "tan": Pow(_f("sec", theta), TWO),
            "sec": Mul((_f("sec", theta), _f("tan", theta))),
        }[kind]
        simple = {"sin": _f("cos", theta), "tan": _f("sec", theta), "sec": _f("tan", theta)}[kind]
        sqrt_value = tidy(Mul((root_k, a, simple)))  # √Q = √k·a·cos θ (and so on)
        half = rational(node.exp) if isinstance(node, Pow) else None
        power = 2 * half if half is not None else Fraction(1)  # (4 − x²)^(3/2) = (2 cos θ)³
        replaced = map_bottom_up(f, lambda n: Pow(sqrt_value, number(power)) if n == node else n)
        replaced = map_bottom_up(replaced, lambda n: x_of if n == x else n)
        g = tidy(Mul((replaced, a, dx)))
        if depends(g, x) or not integrable(g, theta, ctx):
            return None
        dtheta = Sym(f"d{theta.name}")
        shown = (
            Step(RuleId.DEFINITION, x, x_of),
            Step(RuleId.DEFINITION, Sym(f"d{x.name}"), product_of((*factors_of(tidy(Mul((a, dx)))), dtheta))),
            Step(RuleId.DEFINITION, Func("sqrt", (inside,)), sqrt_value),
        )
        return g, shown

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        from stepcalc.simplify import tidy

        theta = Sym("theta") if "theta" not in ctx.taken else ctx.fresh()
        ctx.taken.add(theta.name)
        done = self._substitute(f, x, ctx, theta)
        assert done is not None
        g, shown = done
        found = radical(f, x)
        assert found is not None
        _, _, c, k, kind = found
        a = _root_of(c / k)
        ratio = tidy(Div(x, a))
        side = {  # the third side of the triangle, over a
            "sin": tidy(Func("sqrt", (Add((Pow(a, TWO), Neg(Pow(x, TWO)))),))),
            "tan": tidy(Func("sqrt", (Add((Pow(a, TWO), Pow(x, TWO))),))),
            "sec": tidy(Func("sqrt", (Add((Pow(x, TWO), Neg(Pow(a, TWO)))),))),
        }[kind]
        # (opposite, adjacent, hypotenuse) of θ
        sides = {"sin": (x, side, a), "tan": (x, a, side), "sec": (side, a, x)}[kind]
        opp, adj, hyp = sides
        ctx.triangles[theta] = {
            "sin": tidy(Div(opp, hyp)),
            "cos": tidy(Div(adj, hyp)),
            "tan": tidy(Div(opp, adj)),
            "cot": tidy(Div(adj, opp)),
            "sec": tidy(Div(hyp, adj)),
            "csc": tidy(Div(hyp, opp)),
        }
        inverse = {"sin": "asin", "tan": "atan", "sec": "asec"}[kind]
        ctx.bindings.append(Binding(theta, _f(inverse, ratio)))
        if kind == "sec":
            ctx.domain = (x, a)
        return Integral(g, theta), shown


class HalfAngleTangentRule(IntegralRule):
    """∫ R(sin x, cos x) dx for a quotient of polynomials in sin x and cos x that no other rule
    takes (∫ 1/(2 + cos x) dx): t = tan(x/2), sin x = 2t/(1 + t²), cos x = (1 − t²)/(1 + t²),
    dx = 2/(1 + t²) dt, which leaves a rational function of t (Stewart §7.4, the Weierstrass
    substitution).  It holds where tan(x/2) is defined, −π < x < π and its translates."""

    id = RuleId.SUBSTITUTION

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        if ctx.depth > MAX_DEPTH or not _in_sin_cos(f, x):
            return False
        t = Sym("t_half") if x.name != "t_half" else Sym("s_half")
        return integrable(_in_t(f, x, t), t, ctx)

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        t = Sym("t") if "t" not in ctx.taken else ctx.fresh()
        ctx.taken.add(t.name)
        half = _f("tan", Div(x, TWO))
        ctx.bindings.append(Binding(t, half))
        square = Add((ONE, Pow(t, TWO)))
        shown = (
            Step(RuleId.DEFINITION, t, half),
            Step(RuleId.DEFINITION, _f("sin", x), Div(Mul((TWO, t)), square)),
            Step(RuleId.DEFINITION, _f("cos", x), Div(Add((ONE, Neg(Pow(t, TWO)))), square)),
            Step(RuleId.DEFINITION, Sym(f"d{x.name}"), Mul((Div(TWO, square), Sym(f"d{t.name}")))),
        )
        return Integral(_in_t(f, x, t), t), shown


def _in_sin_cos(f: Expr, x: Sym) -> bool:
    """Whether ``f`` is a quotient with sin x or cos x below, x standing only in sin x and cos x."""
    if not isinstance(f, Div) or not depends(f.den, x):
        return False
    for n in walk(f):
        if isinstance(n, Func) and depends(n, x) and not (n.name in ("sin", "cos") and n.args == (x,)):
            return False
    bare = map_bottom_up(f, lambda n: Sym("_trig") if isinstance(n, Func) and n.args == (x,) else n)
    return not depends(bare, x)


def _in_t(f: Expr, x: Sym, t: Sym) -> Expr:
    """R(sin x, cos x) dx written in t = tan(x/2), one cancelled quotient of polynomials in t."""
    from stepcalc.simplify import tidy
    from stepcalc.simplify.normal import normal_form

    square = Add((ONE, Pow(t, TWO)))
    sine, cosine = Div(Mul((TWO, t)), square), Div(Add((ONE, Neg(Pow(t, TWO)))), square)

    def one(n: Expr) -> Expr:
        if n == _f("sin", x):
            return sine
        if n == _f("cos", x):
            return cosine
        return n

    return tidy(normal_form(Mul((map_bottom_up(f, one), Div(TWO, square)))))
