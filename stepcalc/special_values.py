"""Exact values of functions at special constant arguments: sin(π/6) = 1/2, tan(π/2) has a
pole, atan(1) = π/4, e^(2 ln 3) = 9, ln(e^k) = k, ∛-8 = -2, √8 = 2√2, sinh 0 = 0.

These are the *special values* of the catalogue (``stepcalc/catalogue.py``): an entry holds
its values at rational points (``at_points``: sinh 0 = 0, coth 0 has a pole) and names the
family of its other special values (``special``: trig, asin, exp, ln, sqrt, cbrt, log), whose
tables and rules are here.  A step function's forms on either side of 0 (``sided``) are the
catalogue's too; ``ONE_SIDED`` collects them.

Only evaluation at a point uses them (``stepcalc.exact``); the tidy of derivation lines does
not, so a worked line keeps ``sec²(π/4)`` as the textbook writes it.  Values are written in
the evaluator's normal form (a rational times √m with m square-free, as ``2√3/3``), so that
a value found here is also a key the inverse functions find (``asin(√2/2)`` = π/4).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from stepcalc.catalogue import CATALOGUE, FUNCTIONS, Function, NoValue, arguments
from stepcalc.expr import PI, Add, Const, Div, Expr, Func, Mul, Neg, Num, Pow
from stepcalc.rules.base import number, rational
from stepcalc.simplify import scaled, split_coefficient

__all__ = ["ONE_SIDED", "NoValue", "Special", "exact_root", "special_value", "sqrt_of"]

Special = Expr | NoValue | None  # None: nothing special is known about this argument
POLE, NOT_REAL = NoValue.POLE, NoValue.NOT_REAL
_MAX_DIGITS = 200  # an exact root or power is not written past this many digits
_SQUARE_SEARCH = 1000  # square factors of a radicand are looked for up to this prime


def sqrt_of(value: Fraction) -> Expr:
    """√q for q ≥ 0 in normal form: √8 = 2√2, √(9/4) = 3/2, √(1/2) = √2/2 (rationalised)."""
    p, q = value.numerator, value.denominator
    outside, inside = _square_part(p * q)  # √(p/q) = √(pq)/q
    coefficient = Fraction(outside, q)
    return number(coefficient) if inside == 1 else scaled(coefficient, Func("sqrt", (Num(inside),)))


def _square_part(n: int) -> tuple[int, int]:
    """n = s²·m with the square factors found by trial division: (s, m)."""
    s, m = 1, n
    root = math.isqrt(m)
    if root * root == m:
        return root, 1
    p = 2
    while p <= _SQUARE_SEARCH and p * p <= m:
        while m % (p * p) == 0:
            m //= p * p
            s *= p
        p += 1
    root = math.isqrt(m)
    return (s * root, 1) if root * root == m else (s, m)


def exact_root(value: Fraction, n: int) -> Fraction | None:
    """The rational n-th root of a non-negative rational, if it has one (∛(8/27) = 2/3)."""
    top, bottom = _integer_root(value.numerator, n), _integer_root(value.denominator, n)
    return None if top is None or bottom is None else Fraction(top, bottom)


def _integer_root(m: int, n: int) -> int | None:
    if n > m.bit_length():  # 2^n > m: only 0 and 1 have an n-th root here (and 2^(10^100) is never built)
        return m if m in (0, 1) else None
    if m.bit_length() > 4 * _MAX_DIGITS:
        return None
    guess = round(math.exp(math.log(m) / n)) if m > 0 else 0
    return next((r for r in (guess - 1, guess, guess + 1) if r >= 0 and r**n == m), None)


# ---------------------------------------------------------------- trigonometric functions
_RT2, _RT3 = Func("sqrt", (Num(2),)), Func("sqrt", (Num(3),))
_HALF_RT2, _HALF_RT3 = Div(_RT2, Num(2)), Div(_RT3, Num(2))
_THIRD_RT3, _TWO_THIRDS_RT3 = Div(_RT3, Num(3)), Div(Mul((Num(2), _RT3)), Num(3))
_RT6_MINUS_RT2 = Add((Func("sqrt", (Num(6),)), Neg(_RT2)))
_RT6_PLUS_RT2 = Add((Func("sqrt", (Num(6),)), _RT2))
_SIN_15, _COS_15 = Div(_RT6_MINUS_RT2, Num(4)), Div(_RT6_PLUS_RT2, Num(4))
_TWO_MINUS_RT3, _TWO_PLUS_RT3 = Add((Num(2), Neg(_RT3))), Add((Num(2), _RT3))
_TRIG = ("sin", "cos", "tan", "cot", "sec", "csc")

# The six functions at the first-quadrant angles (multiples of π), in the order of _TRIG.
_FIRST_QUADRANT: dict[Fraction, tuple[Expr | NoValue, ...]] = {
    Fraction(0): (Num(0), Num(1), Num(0), POLE, Num(1), POLE),
    Fraction(1, 12): (_SIN_15, _COS_15, _TWO_MINUS_RT3, _TWO_PLUS_RT3, _RT6_MINUS_RT2, _RT6_PLUS_RT2),
    Fraction(1, 6): (Div(Num(1), Num(2)), _HALF_RT3, _THIRD_RT3, _RT3, _TWO_THIRDS_RT3, Num(2)),
    Fraction(1, 4): (_HALF_RT2, _HALF_RT2, Num(1), Num(1), _RT2, _RT2),
    Fraction(1, 3): (_HALF_RT3, Div(Num(1), Num(2)), _RT3, _THIRD_RT3, Num(2), _TWO_THIRDS_RT3),
    Fraction(5, 12): (_COS_15, _SIN_15, _TWO_PLUS_RT3, _TWO_MINUS_RT3, _RT6_PLUS_RT2, _RT6_MINUS_RT2),
    Fraction(1, 2): (Num(1), Num(0), POLE, Num(0), POLE, Num(1)),
}

# Which of (sign of sine, sign of cosine) each function's sign follows: tan = sin/cos …
_SIGN_FROM: dict[str, tuple[bool, bool]] = {
    "sin": (True, False),
    "cos": (False, True),
    "tan": (True, True),
    "cot": (True, True),
    "sec": (False, True),
    "csc": (True, False),
}


def _trig(name: str, arg: Expr) -> Special:
    """The six functions at rational multiples of π, reduced to the first quadrant."""
    c, rest = split_coefficient(arg)
    if not (rest == PI or (rest is None and c == 0)):
        return None
    c %= 2
    if c <= Fraction(1, 2):
        reference, sin_sign, cos_sign = c, 1, 1
    elif c <= 1:
        reference, sin_sign, cos_sign = 1 - c, 1, -1
    elif c <= Fraction(3, 2):
        reference, sin_sign, cos_sign = c - 1, -1, -1
    else:
        reference, sin_sign, cos_sign = 2 - c, -1, 1
    row = _FIRST_QUADRANT.get(reference)
    if row is None:
        return None
    value = row[_TRIG.index(name)]
    by_sin, by_cos = _SIGN_FROM[name]
    negative = (by_sin and sin_sign < 0) != (by_cos and cos_sign < 0)
    if isinstance(value, NoValue) or not negative or value == Num(0):
        return value
    return _negative(value)


def _negative(value: Expr) -> Expr:
    """``-value`` as simplification writes it: a sign over a difference is multiplied in, the
    positive term first (``-(√6 - √2)/4`` is ``(√2 - √6)/4``, ``-(2 - √3)`` is ``√3 - 2``)."""
    top = value.num if isinstance(value, Div) else value
    if not (isinstance(top, Add) and any(isinstance(t, Neg) for t in top.terms)):
        return Neg(value)
    negated = [t.arg if isinstance(t, Neg) else Neg(t) for t in top.terms]
    opened = Add(tuple(sorted(negated, key=lambda t: isinstance(t, Neg))))
    return Div(opened, value.den) if isinstance(value, Div) else opened


def _angles(column: str, shift: Fraction, flip: int) -> dict[Expr, Expr]:
    """An inverse function from a column of the table: value ↦ shift·π + flip·(the angle).

    asin takes sin's values to their angles (and -v to minus the angle); acos = π/2 - asin;
    atan takes tan's values the same way."""
    out: dict[Expr, Expr] = {}
    index = _TRIG.index(column)
    for angle, row in _FIRST_QUADRANT.items():
        value = row[index]
        if isinstance(value, NoValue):
            continue
        for sign in (1, -1):
            key = value if sign > 0 or value == Num(0) else _negative(value)
            out[key] = scaled(shift + flip * sign * angle, PI)
    return out


_INVERSE: dict[str, dict[Expr, Expr]] = {
    "asin": _angles("sin", Fraction(0), 1),
    "acos": _angles("sin", Fraction(1, 2), -1),
    "atan": _angles("tan", Fraction(0), 1),
}


# ---------------------------------------------------------------- exponentials and logarithms
def _exp(arg: Expr) -> Special:
    """e^0 = 1, e^(ln a) = a, e^(k ln a) = a^k for a number k."""
    k, rest = split_coefficient(arg)
    if rest is None:
        return Num(1) if k == 0 else None
    if isinstance(rest, Func) and rest.name == "ln":
        return rest.args[0] if k == 1 else Pow(rest.args[0], number(k))
    return None


def _ln(arg: Expr) -> Special:
    """ln 1 = 0, ln e = 1, ln(e^k) = k, ln 0: no value."""
    value = rational(arg)
    if value is not None:
        return Num(0) if value == 1 else (POLE if value == 0 else None)
    if arg == Const("e"):
        return Num(1)
    if isinstance(arg, Pow) and arg.base == Const("e"):
        return arg.exp
    if isinstance(arg, Func) and arg.name == "exp":
        return arg.args[0]
    return None


def _log(arg: Expr, base: Expr) -> Special:
    """log_b(b^k) = k for numbers b and b^k (log_2 8 = 3, log_10 0.01 = -2)."""
    a, b = rational(arg), rational(base)
    if a is None or b is None or a <= 0 or b <= 0 or b == 1:
        return None
    k = round(_log_of(a) / _log_of(b))
    return number(k) if abs(k) <= 64 and b**k == a else None


# ---------------------------------------------------------------- roots and powers of numbers
def _log_of(q: Fraction) -> float:
    return math.log(q.numerator) - math.log(q.denominator)  # a float of q could overflow


def _sqrt(arg: Expr) -> Special:
    value = rational(arg)
    if value is None:
        return None
    return NOT_REAL if value < 0 else sqrt_of(value)


def _cbrt(arg: Expr) -> Special:
    """∛ of a rational cube: ∛8 = 2, ∛(-27/8) = -3/2 (a real odd root)."""
    value = rational(arg)
    root = None if value is None else exact_root(abs(value), 3)
    if value is None or root is None:
        return None
    return number(root if value >= 0 else -root)


def _power(base: Expr, exponent: Expr) -> Special:
    """A power of a number to a fraction: (-8)^(2/3) = 4, (-1)^(-1/3) = -1 (odd roots of
    negative numbers are real, as in a calculus course), 8^(-1/2) = √2/4; (-8)^(1/4): none."""
    b, k = rational(base), rational(exponent)
    if b == 0 and k is not None and k < 0:
        return POLE
    if b is None or k is None or k.denominator == 1:
        return None
    if b == 0:
        return Num(0)
    if b < 0 and k.denominator % 2 == 0:
        return NOT_REAL
    size = abs(b)
    root = exact_root(size, k.denominator)
    if root is not None and abs(k.numerator) * _digits(root) < _MAX_DIGITS:
        magnitude: Expr = number(root**k.numerator)
    elif k.denominator == 2 and abs(k.numerator) * _digits(size) < _MAX_DIGITS:
        whole = k.numerator // 2  # q^(p/2) = q^⌊p/2⌋ √q
        magnitude = Mul((number(size**whole), sqrt_of(size)))
    elif b < 0:
        magnitude = Pow(number(size), exponent)
    else:
        return None
    return Neg(magnitude) if b < 0 and k.numerator % 2 else magnitude


def _digits(q: Fraction) -> int:
    return max(len(str(q.numerator)), len(str(q.denominator)))


# ---------------------------------------------------------------- step functions
def _sided(f: Function) -> Callable[[tuple[Expr, ...], int], Expr]:
    sided = f.sided
    assert sided is not None
    return lambda args, s: sided(arguments(f, args), s)


# Each step function is smooth on either side of u = 0 (its first argument): its form where
# u has the sign s (±1), from the catalogue.
ONE_SIDED: dict[str, Callable[[tuple[Expr, ...], int], Expr]] = {
    f.name: _sided(f) for f in CATALOGUE if f.sided is not None
}


# ---------------------------------------------------------------- the lookup
def _at_point(f: Function, args: tuple[Expr, ...]) -> Special:
    value = rational(args[0])
    return None if value is None else f.at_points.get(value)


def _inverse(name: str, args: tuple[Expr, ...]) -> Special:
    return _INVERSE[name].get(args[0])


_FAMILIES: dict[str, Callable[[str, tuple[Expr, ...]], Special]] = {
    "trig": lambda name, args: _trig(name, args[0]),
    "asin": _inverse,
    "acos": _inverse,
    "atan": _inverse,
    "exp": lambda name, args: _exp(args[0]),
    "ln": lambda name, args: _ln(args[0]),
    "sqrt": lambda name, args: _sqrt(args[0]),
    "cbrt": lambda name, args: _cbrt(args[0]),
    "log": lambda name, args: _log(*args),
}


def special_value(e: Expr) -> Special:
    """The exact value of ``e`` if it is a function at a special argument (``sin(π/6)``), a
    power of e with a logarithm in the exponent (``e^(2 ln 3)``) or a power of a number to
    a fraction (``(-8)^(2/3)``); ``NoValue`` where there is none; None when nothing is known."""
    f = FUNCTIONS.get(e.name) if isinstance(e, Func) else None
    if f is not None and isinstance(e, Func) and e.args:
        if f.special:
            return _FAMILIES[f.special](f.name, arguments(f, e.args))
        return _at_point(f, e.args) if f.at_points else None
    if isinstance(e, Pow) and e.base == Const("e"):
        return _exp(e.exp)
    if isinstance(e, Pow):
        return _power(e.base, e.exp)
    return None
