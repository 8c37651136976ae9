"""A function of a transformed argument: even and odd functions, cofunctions, and a
trigonometric function of an inverse trigonometric one (with the domain where it holds)."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from stepcalc.catalogue import CATALOGUE
from stepcalc.expr import Add, Const, Div, Expr, Func, Neg, Num, Pow
from stepcalc.simplify.core import Simplifier, Unit
from stepcalc.simplify.terms import split_coefficient
from stepcalc.steps import RuleId

_PARITY = {f.name: f.parity for f in CATALOGUE if f.parity}


class EvenOdd(Unit):
    """f(-u) → -f(u) for an odd f (sin, tan, asin, sinh…);  f(-u) → f(u) for an even f (cos, sec, cosh)."""

    id = RuleId.EVEN_ODD

    def match(self, e: Expr) -> bool:
        return isinstance(e, Func) and e.name in _PARITY and len(e.args) == 1 and isinstance(e.args[0], Neg)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Func) and isinstance(e.args[0], Neg)
        inner = Func(e.name, (e.args[0].arg,))
        return Neg(inner) if _PARITY[e.name] == "odd" else inner


_COFUNCTION = {"sin": "cos", "cos": "sin", "tan": "cot", "cot": "tan", "sec": "csc", "csc": "sec"}


def _half_pi_minus(arg: Expr) -> Expr | None:
    """t when ``arg`` is π/2 - t."""
    if not (isinstance(arg, Add) and len(arg.terms) == 2):
        return None
    first, second = arg.terms
    c, rest = split_coefficient(first)
    if rest == Const("pi") and c == Fraction(1, 2) and isinstance(second, Neg):
        return second.arg
    return None


class Cofunction(Unit):
    """sin(π/2 - t) → cos t;  cos(π/2 - t) → sin t (tan and cot, sec and csc likewise)."""

    id = RuleId.COFUNCTION

    def match(self, e: Expr) -> bool:
        return isinstance(e, Func) and e.name in _COFUNCTION and len(e.args) == 1

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Func)
        t = _half_pi_minus(e.args[0])
        return None if t is None else Func(_COFUNCTION[e.name], (t,))


def _root(e: Expr) -> Expr:
    return Func("sqrt", (e,))


def _one_minus_square(u: Expr) -> Expr:
    return _root(Add((Num(1), Neg(Pow(u, Num(2))))))


def _one_plus_square(u: Expr) -> Expr:
    return _root(Add((Num(1), Pow(u, Num(2)))))


# (outer, inner) → the value at u, and where it holds
_COMPOSITIONS: dict[tuple[str, str], tuple[Callable[[Expr], Expr], str]] = {
    ("sin", "asin"): (lambda u: u, "-1 ≤ u ≤ 1"),
    ("cos", "acos"): (lambda u: u, "-1 ≤ u ≤ 1"),
    ("tan", "atan"): (lambda u: u, ""),
    ("cos", "asin"): (_one_minus_square, "-1 ≤ u ≤ 1"),
    ("sin", "acos"): (_one_minus_square, "-1 ≤ u ≤ 1"),
    ("tan", "asin"): (lambda u: Div(u, _one_minus_square(u)), "-1 < u < 1"),
    ("tan", "acos"): (lambda u: Div(_one_minus_square(u), u), "-1 ≤ u ≤ 1, u ≠ 0"),
    ("sec", "atan"): (_one_plus_square, ""),
    ("cos", "atan"): (lambda u: Div(Num(1), _one_plus_square(u)), ""),
    ("sin", "atan"): (lambda u: Div(u, _one_plus_square(u)), ""),
    # the reciprocal functions: csc(asin u) = 1/sin(asin u), cot(atan u) = 1/tan(atan u), …
    ("csc", "asin"): (lambda u: Div(Num(1), u), "-1 ≤ u ≤ 1, u ≠ 0"),
    ("sec", "acos"): (lambda u: Div(Num(1), u), "-1 ≤ u ≤ 1, u ≠ 0"),
    ("cot", "atan"): (lambda u: Div(Num(1), u), "u ≠ 0"),
    ("sec", "asin"): (lambda u: Div(Num(1), _one_minus_square(u)), "-1 < u < 1"),
    ("csc", "acos"): (lambda u: Div(Num(1), _one_minus_square(u)), "-1 < u < 1"),
    ("cot", "asin"): (lambda u: Div(_one_minus_square(u), u), "-1 ≤ u ≤ 1, u ≠ 0"),
    ("cot", "acos"): (lambda u: Div(u, _one_minus_square(u)), "-1 < u < 1"),
    ("csc", "atan"): (lambda u: Div(_one_plus_square(u), u), "u ≠ 0"),
    ("sinh", "asinh"): (lambda u: u, ""),
    ("cosh", "acosh"): (lambda u: u, "u ≥ 1"),
    ("tanh", "atanh"): (lambda u: u, "-1 < u < 1"),
    ("cosh", "asinh"): (_one_plus_square, ""),
}


class InverseComposition(Unit):
    """sin(asin u) → u;  cos(asin u) → √(1 - u²);  sec(atan u) → √(1 + u²);  csc(asin u) → 1/u
    (on the domain, stated)."""

    id = RuleId.INVERSE_COMPOSITION

    def match(self, e: Expr) -> bool:
        if not (isinstance(e, Func) and len(e.args) == 1 and isinstance(e.args[0], Func)):
            return False
        return (e.name, e.args[0].name) in _COMPOSITIONS and len(e.args[0].args) == 1

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Func) and isinstance(e.args[0], Func)
        build, _ = _COMPOSITIONS[(e.name, e.args[0].name)]
        return build(e.args[0].args[0])

    def note(self, e: Expr) -> str:
        assert isinstance(e, Func) and isinstance(e.args[0], Func)
        where = _COMPOSITIONS[(e.name, e.args[0].name)][1]
        return f"holds_for:{where.replace('u', str(e.args[0].args[0]))}" if where else ""
