"""The trigonometric rewrites that make an equation a polynomial in one function (solving f′ = 0
in stepcalc.tasks.solve): the double-angle formulas both ways, and the solutions of
sin w = c, cos w = c and tan w = c within one period."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

from stepcalc.exact import exact_value, to_float
from stepcalc.expr import PI, Add, Div, Expr, Func, Mul, Neg, Num, Pow, walk

if TYPE_CHECKING:
    from stepcalc.simplify.generators import Generator

__all__ = ["double_angles", "is_double", "principal", "products_of_sin_cos"]


def products_of_sin_cos(
    u: Expr, gens: tuple[Generator, ...], terms: list[tuple[tuple[int, ...], object]]
) -> Expr | None:
    """A quadratic form in sin v and cos v (and a constant) written with 2v: sin v cos v =
    sin 2v/2, sin²v = (1 − cos 2v)/2, cos²v = (1 + cos 2v)/2 (2 sin x cos x + 1 = sin 2x + 1)."""
    names = [g.base.name if isinstance(g.base, Func) and g.unit is None and g.root == 1 else "" for g in gens]
    args = {g.base.args for g in gens if isinstance(g.base, Func)}
    if sorted(names) != ["cos", "sin"] or len(args) != 1 or any(sum(e) not in (0, 2) for e, _ in terms):
        return None
    if all(sum(e) == 0 for e, _ in terms):
        return None
    from stepcalc.expr import map_bottom_up
    from stepcalc.simplify import simplify

    (v,) = next(iter(args))
    twice = Mul((Num(2), v))
    half = Div(Num(1), Num(2))
    sin2, cos2 = Func("sin", (twice,)), Func("cos", (twice,))
    square = {
        "sin": Mul((half, Add((Num(1), Neg(cos2))))),
        "cos": Mul((half, Add((Num(1), cos2)))),
    }

    def rewrite(node: Expr) -> Expr:
        if (
            isinstance(node, Pow)
            and node.exp == Num(2)
            and isinstance(node.base, Func)
            and node.base.args == (v,)
        ):
            return square.get(node.base.name, node)
        if isinstance(node, Mul):
            here = [
                f for f in node.factors if isinstance(f, Func) and f.args == (v,) and f.name in ("sin", "cos")
            ]
            if sorted(f.name for f in here) == ["cos", "sin"]:
                rest = tuple(f for f in node.factors if f not in here)
                return Mul((*rest, half, sin2))
        return node

    out = map_bottom_up(u, rewrite)
    if any(isinstance(n, Func) and n.args == (v,) for n in walk(out)):
        return None  # a product the rewrite did not reach
    tidy = simplify(out).expr
    return tidy if tidy != u else None


def is_double(e: Expr) -> bool:
    return isinstance(e, Func) and e.name in ("sin", "cos") and _half(e.args[0]) is not None


def _half(w: Expr) -> Expr | None:
    """w/2 when w is written 2·v (sin 2x)."""
    if isinstance(w, Mul) and w.factors[0] == Num(2):
        rest = w.factors[1:]
        return rest[0] if len(rest) == 1 else Mul(rest)
    return None


def double_angles(u: Expr) -> Expr | None:
    """sin 2v = 2 sin v cos v and cos 2v = 2cos²v − 1, where v's own sine or cosine is in u
    too, so that u becomes a polynomial in sin v and cos v (2 cos x + 2 cos 2x)."""
    from stepcalc.expr import map_bottom_up

    singles = {n.args[0] for n in walk(u) if isinstance(n, Func) and n.name in ("sin", "cos")}

    def rewrite(node: Expr) -> Expr:
        if isinstance(node, Func) and node.name in ("sin", "cos") and (v := _half(node.args[0])) in singles:
            assert v is not None
            sin, cos = Func("sin", (v,)), Func("cos", (v,))
            if node.name == "sin":
                return Mul((Num(2), sin, cos))
            return Add((Mul((Num(2), Pow(cos, Num(2)))), Neg(Num(1))))
        return node

    from stepcalc.simplify import tidy

    out = map_bottom_up(u, rewrite)
    return None if out == u else tidy(out)


def principal(name: str, c: Expr) -> tuple[list[Expr], Fraction]:
    """Solutions of ``name(w) = c`` in one period, and the period over π."""
    if name == "tan":
        return [exact_value(Func("atan", (c,)))], Fraction(1)
    if c == Num(0):  # sin w = 0 at w = kπ, cos w = 0 at w = π/2 + kπ
        return [Num(0) if name == "sin" else Div(PI, Num(2))], Fraction(1)
    base = exact_value(Func("asin" if name == "sin" else "acos", (c,)))
    other = exact_value(Add((PI, Neg(base))) if name == "sin" else Neg(base))
    turn = 2 * math.pi
    a, b = (to_float(base) or 0.0) % turn, (to_float(other) or 0.0) % turn
    same = math.isclose(a, b, abs_tol=1e-12) or math.isclose(abs(a - b), turn, abs_tol=1e-12)  # sin w = ±1
    return ([base] if same or base == other else [base, other]), Fraction(2)
