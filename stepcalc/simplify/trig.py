"""Trigonometric and hyperbolic identities, and values at the standard angles."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from stepcalc.catalogue import CATALOGUE
from stepcalc.expr import Add, Const, Div, Expr, Func, Mul, Neg, Num, Pow
from stepcalc.rules.base import number, rational
from stepcalc.simplify.core import Simplifier, Unit
from stepcalc.simplify.terms import factors_of, scaled, split_coefficient, sum_of
from stepcalc.steps import RuleId


def _squared(t: Expr | None, name: str) -> Expr | None:
    """The argument u when ``t`` is ``name(u)²``."""
    if isinstance(t, Pow) and t.exp == Num(2) and isinstance(t.base, Func) and t.base.name == name:
        return t.base.args[0]
    return None


class Pythagorean(Unit):
    """c·m·sin²u + c·m·cos²u → c·m inside a sum (the two terms may stand anywhere; m any factors)."""

    id = RuleId.PYTHAGOREAN

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Add)
        found = pythagoras(list(e.terms))
        return None if found is None else sum_of(found)


def pythagoras(terms: list[Expr]) -> list[Expr] | None:
    """``m·sin²u`` and ``m·cos²u`` (the same number and other factors m, in any order) joined
    into ``m``; the joined term stands where the sine's stood."""
    split = [_square_and_rest(t, "sin") for t in terms]
    for i, found in enumerate(split):
        if found is None:
            continue
        u, c, others = found
        for j, t in enumerate(terms):
            match = _square_and_rest(t, "cos") if j != i else None
            if match is not None and match[0] == u and match[1] == c and Counter(match[2]) == Counter(others):
                joined = scaled(
                    c, None if not others else others[0] if len(others) == 1 else Mul(tuple(others))
                )
                return [joined if k == i else t for k, t in enumerate(terms) if k != j]
    return None


def _square_and_rest(t: Expr, name: str) -> tuple[Expr, Fraction, list[Expr]] | None:
    """``c·m·name(u)²`` as (u, c, the other factors m), or None."""
    c, rest = split_coefficient(t)
    factors = list(rest.factors) if isinstance(rest, Mul) else ([] if rest is None else [rest])
    for k, f in enumerate(factors):
        u = _squared(f, name)
        if u is not None:
            return u, c, factors[:k] + factors[k + 1 :]
    return None


_QUOTIENTS = {
    ("sin", "cos"): "tan",
    ("cos", "sin"): "cot",
    ("sinh", "cosh"): "tanh",
    ("cosh", "sinh"): "coth",
}


class QuotientIdentity(Unit):
    """sin u/cos u → tan u;  cos u/sin u → cot u (hyperbolic too), also inside products
    (``x cos x/sin x`` → ``x cot x``)."""

    id = RuleId.QUOTIENT_IDENTITY

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Div)
        top = list(e.num.factors) if isinstance(e.num, Mul) else [e.num]
        bottom = list(e.den.factors) if isinstance(e.den, Mul) else [e.den]
        for i, f in enumerate(top):
            for j, g in enumerate(bottom):
                if not (
                    isinstance(f, Func) and isinstance(g, Func) and f.args == g.args and len(f.args) == 1
                ):
                    continue
                name = _QUOTIENTS.get((f.name, g.name))
                if name is None:
                    continue
                rest_top = [*top[:i], Func(name, f.args), *top[i + 1 :]]
                rest_bottom = bottom[:j] + bottom[j + 1 :]
                numerator = rest_top[0] if len(rest_top) == 1 else Mul(tuple(rest_top))
                if not rest_bottom:
                    return numerator
                return Div(numerator, rest_bottom[0] if len(rest_bottom) == 1 else Mul(tuple(rest_bottom)))
        return None


# f(0) where it is a number (sin 0 = 0, cos 0 = 1, σ(0) = 1/2), from the catalogue.
_AT_ZERO: dict[str, Expr] = {
    f.name: v
    for f in CATALOGUE
    for v in (f.at_points.get(Fraction(0)),)
    if isinstance(v, Expr) and rational(v) is not None
}


class ValueAtZero(Unit):
    """sin 0 → 0;  cos 0 → 1;  σ(0) → 1/2 (every function whose catalogue entry gives f(0))."""

    id = RuleId.EVALUATE

    def match(self, e: Expr) -> bool:
        return isinstance(e, Func) and e.name in _AT_ZERO and len(e.args) == 1

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Func)
        return _AT_ZERO[e.name] if rational(e.args[0]) == 0 else None


def _half_sqrt(n: int) -> Expr:
    return Div(Func("sqrt", (Num(n),)), Num(2))


# sin(cπ) for c in [0, 1/2] with the standard exact values
_SIN_TABLE: dict[Fraction, Expr] = {
    Fraction(0): Num(0),
    Fraction(1, 6): Div(Num(1), Num(2)),
    Fraction(1, 4): _half_sqrt(2),
    Fraction(1, 3): _half_sqrt(3),
    Fraction(1, 2): Num(1),
}


def _sin_pi(c: Fraction) -> Expr | None:
    c %= 2
    if c > 1:
        value = _sin_pi(c - 1)
        return None if value is None else (Neg(value) if value != Num(0) else value)
    if c > Fraction(1, 2):
        c = 1 - c
    return _SIN_TABLE.get(c)


class StandardAngle(Unit):
    """sin, cos, tan at the multiples of π/6 and π/4 (``sin(π/6)`` → ``1/2``)."""

    id = RuleId.EVALUATE

    def match(self, e: Expr) -> bool:
        return isinstance(e, Func) and e.name in ("sin", "cos", "tan") and len(e.args) == 1

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Func)
        c, rest = split_coefficient(e.args[0])
        if rest != Const("pi"):
            return None
        if e.name == "sin":
            return _sin_pi(c)
        if e.name == "cos":
            return _sin_pi(c + Fraction(1, 2))
        sine, cosine = _sin_pi(c), _sin_pi(c + Fraction(1, 2))
        if sine is None or cosine is None or cosine == Num(0):
            return None
        return Div(sine, cosine)


# ---------------------------------------------------------------- Pythagorean identities
# Two terms c·f²(u) and ±c·g²(u) of a sum (or a number c and ±c·g²(u)) that one identity joins.
# Each entry: (first term, second term) → what they make; a term is (sign, name) with name ""
# for the number itself.  sin² + cos² = 1, 1 + tan² = sec², 1 + cot² = csc², cosh² - sinh² = 1,
# 1 - tanh² = sech², and the forms solved for one square.
_PAIRS: dict[frozenset[tuple[int, str]], tuple[str, int]] = {
    frozenset({(1, "sin"), (1, "cos")}): ("", 1),
    frozenset({(1, ""), (-1, "sin")}): ("cos", 1),
    frozenset({(1, ""), (-1, "cos")}): ("sin", 1),
    frozenset({(1, ""), (1, "tan")}): ("sec", 1),
    frozenset({(1, "sec"), (-1, "tan")}): ("", 1),
    frozenset({(1, "sec"), (-1, "")}): ("tan", 1),
    frozenset({(1, ""), (1, "cot")}): ("csc", 1),
    frozenset({(1, "csc"), (-1, "cot")}): ("", 1),
    frozenset({(1, "csc"), (-1, "")}): ("cot", 1),
    frozenset({(1, "cosh"), (-1, "sinh")}): ("", 1),
    frozenset({(1, "cosh"), (-1, "")}): ("sinh", 1),
    frozenset({(1, ""), (1, "sinh")}): ("cosh", 1),
    frozenset({(1, ""), (-1, "tanh")}): ("sech", 1),
    frozenset({(1, "sech"), (1, "tanh")}): ("", 1),
}


def _square_of(t: Expr | None) -> tuple[str, Expr] | None:
    if isinstance(t, Pow) and t.exp == Num(2) and isinstance(t.base, Func) and len(t.base.args) == 1:
        return t.base.name, t.base.args[0]
    return None


class PythagoreanPair(Unit):
    """c·m + c·m·tan²u → c·m·sec²u;  c·cosh²u - c·sinh²u → c;  c - c·sin²u → c·cos²u (and the
    other Pythagorean identities of trigonometric and hyperbolic functions, terms anywhere in a
    sum, with the same other factors m: ``x + x tan²x`` → ``x sec²x``, ``sec³x - sec x tan²x`` →
    ``sec x``)."""

    id = RuleId.PYTHAGOREAN

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Add)
        found = pythagorean_pair(list(e.terms))
        return None if found is None else sum_of(found)


def pythagorean_pair(terms: list[Expr]) -> list[Expr] | None:
    """Two terms joined by one identity of ``_PAIRS`` (the joined term where the first of them
    stood), or None."""
    factors = [factors_of(t) for t in terms]
    if not any(isinstance(f, Pow) and isinstance(f.base, Func) for fs in factors for f in fs):
        return None  # no power of a function anywhere: no square for an identity to join
    parts = [split_coefficient(t) for t in terms]
    # one of the two always holds a square: the work is (squares × terms), not terms²
    for i, (ci, _) in enumerate(parts):
        for square, others in _squares(factors[i]):
            if ci == 0:
                continue
            for j, (cj, _) in enumerate(parts):
                if j == i or abs(ci) != abs(cj):
                    continue
                pairs, second = _beside(factors[j], others)
                if not pairs:
                    continue
                joined = _join((ci, square, None), (cj, second, None))
                if joined is not None:
                    first = min(i, j)
                    rest = [t for n, t in enumerate(terms) if n not in (i, j)]
                    return [*rest[:first], _times(joined, others), *rest[first:]]
    return None


def _squares(factors: list[Expr]) -> list[tuple[tuple[str, Expr], Counter[Expr]]]:
    """Each way to see a square of a function among ``factors``, with the factors left beside
    it: ``sec³x`` is ``sec²x`` beside ``sec x``."""
    out = []
    for k, f in enumerate(factors):
        n = rational(f.exp) if isinstance(f, Pow) else None
        if n is None or n.denominator != 1 or n < 2 or not isinstance(f, Pow):
            continue
        square = _square_of(Pow(f.base, Num(2)))
        if square is None:
            continue
        left = factors[:k] + factors[k + 1 :]
        if n > 2:
            left.append(f.base if n == 3 else Pow(f.base, number(n - 2)))
        out.append((square, Counter(left)))
    return out


def _beside(factors: list[Expr], others: Counter[Expr]) -> tuple[bool, tuple[str, Expr] | None]:
    """Whether a term with these factors pairs with a square beside ``others``, and its own
    square when it has one (None for ``others`` alone)."""
    if Counter(factors) == others:
        return True, None
    for square, left in _squares(factors):
        if left == others:
            return True, square
    return False, None


def _times(joined: Expr, others: Counter[Expr]) -> Expr:
    """The joined identity times the shared factors, its number first."""
    if not others:
        return joined
    c, value = split_coefficient(joined)
    rest = [*others.elements(), *([] if value is None else [value])]
    return scaled(c, rest[0] if len(rest) == 1 else Mul(tuple(rest)))


_Term = tuple[Fraction, tuple[str, Expr] | None, Expr | None]  # coefficient, (name, u) of a square, rest


def _join(first: _Term, second: _Term) -> Expr | None:
    """The two terms joined by one identity, or None."""
    (ci, si, ri), (cj, sj, rj) = first, second
    if (si is None and ri is not None) or (sj is None and rj is not None):
        return None
    args = {s[1] for s in (si, sj) if s is not None}
    if len(args) != 1:
        return None
    (u,) = args
    scale = abs(ci)
    key = frozenset({(1 if ci > 0 else -1, si[0] if si else ""), (1 if cj > 0 else -1, sj[0] if sj else "")})
    sign = 1
    if key not in _PAIRS:  # -c·(…) - c·(…): the identity times -1
        key = frozenset({(-s, name) for s, name in key})
        sign = -1
    found = _PAIRS.get(key)
    if found is None:
        return None
    name, _ = found
    value = Pow(Func(name, (u,)), Num(2))
    c = scale * sign
    return number(c) if not name else scaled(c, value)
