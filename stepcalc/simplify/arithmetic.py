"""Numbers, signs, brackets and order: the rewrites every line needs."""

from __future__ import annotations

import math
from fractions import Fraction
from operator import is_

from stepcalc.expr import Add, Div, Expr, Func, Mul, Neg, Num
from stepcalc.rules.base import number, rational
from stepcalc.simplify.core import Simplifier, Unit
from stepcalc.simplify.terms import (
    is_zero,
    negated_term,
    ordered_factors,
    product_of,
    split_coefficient,
    sum_of,
)
from stepcalc.steps import RuleId


class DoubleNegative(Unit):
    """-(-u) → u."""

    id = RuleId.SIMPLIFY_SIGNS

    def match(self, e: Expr) -> bool:
        return isinstance(e, Neg) and isinstance(e.arg, Neg)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Neg) and isinstance(e.arg, Neg)
        return e.arg.arg


class NegativeZero(Unit):
    """-0 → 0."""

    id = RuleId.FOLD_CONSTANTS

    def match(self, e: Expr) -> bool:
        return isinstance(e, Neg) and is_zero(e.arg)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        return Num(0)


class FlattenSum(Unit):
    """a + (b + c) → a + b + c."""

    id = RuleId.REMOVE_BRACKETS
    joins_next = True

    def match(self, e: Expr) -> bool:
        return isinstance(e, Add) and any(isinstance(t, Add) for t in e.terms)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Add)
        return sum_of([s for t in e.terms for s in (t.terms if isinstance(t, Add) else (t,))])


class DoubleNegativeTerm(Unit):
    """a + -(-b) → a + b."""

    id = RuleId.SIMPLIFY_SIGNS

    def match(self, e: Expr) -> bool:
        return isinstance(e, Add) and any(isinstance(t, Neg) and isinstance(t.arg, Neg) for t in e.terms)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Add)
        return sum_of([t.arg.arg if isinstance(t, Neg) and isinstance(t.arg, Neg) else t for t in e.terms])


class DropZeroTerms(Unit):
    """a + 0 → a."""

    id = RuleId.FOLD_CONSTANTS

    def match(self, e: Expr) -> bool:
        return isinstance(e, Add) and any(is_zero(t) for t in e.terms)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Add)
        return sum_of([t for t in e.terms if not is_zero(t)])


class AddNumbers(Unit):
    """u + 2 + 3 → u + 5 (the numbers of a sum added, written last)."""

    id = RuleId.FOLD_CONSTANTS

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Add)
        numbers = [i for i, t in enumerate(e.terms) if rational(t) is not None]
        if len(numbers) < 2:
            return None
        total = sum((rational(e.terms[i]) or Fraction(0) for i in numbers), Fraction(0))
        rest = [t for i, t in enumerate(e.terms) if i not in numbers]
        return sum_of([*rest, number(total)] if total else rest)


class PositiveTermFirst(Unit):
    """-a + b → b - a (``1 - x²`` rather than ``-x² + 1``)."""

    id = RuleId.ORDER_TERMS

    def match(self, e: Expr) -> bool:
        return isinstance(e, Add) and len(e.terms) == 2

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Add)
        a, b = e.terms
        return Add((b, a)) if isinstance(a, Neg) and not isinstance(b, Neg) else None


class FlattenProduct(Unit):
    """a·(b·c) → a·b·c."""

    id = RuleId.REMOVE_BRACKETS
    joins_next = True

    def match(self, e: Expr) -> bool:
        return isinstance(e, Mul) and any(isinstance(f, Mul) for f in e.factors)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Mul)
        return Mul(tuple(g for f in e.factors for g in (f.factors if isinstance(f, Mul) else (f,))))


class ZeroFactor(Unit):
    """0·u → 0."""

    id = RuleId.FOLD_CONSTANTS

    def match(self, e: Expr) -> bool:
        return isinstance(e, Mul) and any(is_zero(f) for f in e.factors)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        return Num(0)


class SignsOutOfProduct(Unit):
    """a·(-b) → -(a·b);  (-a)(-b) → a·b."""

    id = RuleId.SIMPLIFY_SIGNS

    def match(self, e: Expr) -> bool:
        return isinstance(e, Mul) and any(isinstance(f, Neg) for f in e.factors)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Mul)
        body = Mul(tuple(f.arg if isinstance(f, Neg) else f for f in e.factors))
        return Neg(body) if sum(isinstance(f, Neg) for f in e.factors) % 2 else body


class MultiplyNumbers(Unit):
    """3·u·4 → 12u;  1·u → u."""

    id = RuleId.FOLD_CONSTANTS

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Mul)
        numeric = [i for i, f in enumerate(e.factors) if rational(f) is not None]
        if not numeric or (len(numeric) == 1 and rational(e.factors[numeric[0]]) != 1):
            return None
        value = math.prod((rational(e.factors[i]) or Fraction(0) for i in numeric), start=Fraction(1))
        return product_of(value, [f for i, f in enumerate(e.factors) if i not in numeric])


class NumberFirst(Unit):
    """u·3 → 3u."""

    id = RuleId.CONSTANTS_FIRST

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Mul)
        k = next((i for i, f in enumerate(e.factors) if rational(f) is not None), 0)
        if k == 0:
            return None
        return Mul((e.factors[k], *e.factors[:k], *e.factors[k + 1 :]))


class OrderFactors(Unit):
    """cos x·x·π → π x cos x;  e^t (6t + 1) → (6t + 1) e^t;  cos y cos x → cos x cos y: numbers, π
    and e, powers of variables by name, polynomial brackets, exponentials, other functions."""

    id = RuleId.ORDER_FACTORS

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Mul)
        ordered = ordered_factors(e.factors)
        return None if all(map(is_, ordered, e.factors)) else Mul(ordered)


class ZeroOver(Unit):
    """0/v → 0;  u/1 → u."""

    id = RuleId.FOLD_CONSTANTS

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Div)
        if is_zero(e.num):
            return Num(0)
        return e.num if e.den == Num(1) else None


class SignsOutOfQuotient(Unit):
    """(-u)/v → -(u/v);  u/(-v) → -(u/v)."""

    id = RuleId.SIMPLIFY_SIGNS

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Div)
        if isinstance(e.num, Neg):
            return Neg(Div(e.num.arg, e.den))
        if isinstance(e.den, Neg):
            return Neg(Div(e.num, e.den.arg))
        return None


class DivideNumbers(Unit):
    """6/4 → 3/2."""

    id = RuleId.FOLD_CONSTANTS

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Div)
        a, b = rational(e.num), rational(e.den)
        return number(a / b) if a is not None and b else None


MAX_DECIMAL_PLACES = 6  # 1/3 is not a decimal, nor is 1/1024 written with ten places


def as_decimal(c: Fraction) -> Num | None:
    """``c`` as a decimal number (``5/2`` → ``2.5``) when it has a short finite expansion."""
    d = c.denominator
    twos = fives = 0
    while d % 2 == 0:
        d, twos = d // 2, twos + 1
    while d % 5 == 0:
        d, fives = d // 5, fives + 1
    if d != 1 or c.denominator == 1 or max(twos, fives) > MAX_DECIMAL_PLACES:
        return None
    return Num(abs(c), decimal=True)


class DecimalCoefficient(Unit):
    """3x²/10 → 0.3x²;  5/2 → 2.5: a fraction with a finite decimal expansion written as a
    decimal (used when the problem is written with decimals: the answer keeps its style)."""

    id = RuleId.AS_DECIMAL

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Div)
        if rational(e.den) is None:
            return None
        c, rest = split_coefficient(e)
        decimal = as_decimal(c)
        if decimal is None:
            return None
        body: Expr = (
            decimal if rest is None else Mul((decimal, *(rest.factors if isinstance(rest, Mul) else (rest,))))
        )
        return Neg(body) if c < 0 else body


class NegativeOfNegatives(Unit):
    """-(-a - b) → a + b: the sign of a bracket whose terms are all negative is multiplied in."""

    id = RuleId.SIMPLIFY_SIGNS

    def match(self, e: Expr) -> bool:
        return isinstance(e, Neg) and isinstance(e.arg, Add) and all(isinstance(t, Neg) for t in e.arg.terms)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Neg) and isinstance(e.arg, Add)
        return Add(tuple(t.arg for t in e.arg.terms if isinstance(t, Neg)))


class NegativeOfDifference(Unit):
    """-(a - b) → -a + b;  -(a - b)/c → (-a + b)/c: the sign over a whole result (or over a
    quotient's numerator) with a negative term is multiplied in, a double negative removed
    (``-(2e^(-x²) - 4x² e^(-x²))`` → ``4x² e^(-x²) - 2e^(-x²)`` once the positive term leads).
    A root unit: inside a sum, ``DistributeNumberInSum`` opens the bracket in place."""

    id = RuleId.SIMPLIFY_SIGNS

    def match(self, e: Expr) -> bool:
        return _signed_difference(e) is not None

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        inner = _signed_difference(e)
        if inner is None:
            return None
        opened = Add(tuple(negated_term(t) for t in inner.terms))
        quotient = e if isinstance(e, Div) else e.arg if isinstance(e, Neg) else None
        return Div(opened, quotient.den) if isinstance(quotient, Div) else opened


def _signed_difference(e: Expr) -> Add | None:
    """The sum with a negative term under the sign of ``-(…)``, ``-(…)/c`` or ``(-(…))/c``."""
    if isinstance(e, Neg):
        inner = e.arg.num if isinstance(e.arg, Div) else e.arg
    elif isinstance(e, Div) and isinstance(e.num, Neg):
        inner = e.num.arg
    else:
        return None
    return inner if isinstance(inner, Add) and any(isinstance(t, Neg) for t in inner.terms) else None


class NumberRoot(Unit):
    """√12 → 2√3;  √(3/4) → √3/2;  √(2/3) → √6/3: the square root of a number in simplest radical
    form, square factors taken out and no root left in a denominator."""

    id = RuleId.RADICAL

    def match(self, e: Expr) -> bool:
        return isinstance(e, Func) and e.name == "sqrt" and isinstance(e.args[0], Num | Div)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Func)
        value = rational(e.args[0])
        if value is None or value <= 0 or value.denominator > 10**6 or value.numerator > 10**12:
            return None
        n, q = value.numerator * value.denominator, value.denominator  # √(p/q) = √(pq)/q
        k = _largest_square_root_factor(n)
        if k == 1 and q == 1:
            return None
        rest = n // (k * k)
        outside = Fraction(k, q)
        root: Expr = Func("sqrt", (Num(rest),))
        if rest == 1:
            return number(outside)
        if outside == 1:
            return root
        if outside.denominator == 1:
            return Mul((number(outside), root))
        top: Expr = root if outside.numerator == 1 else Mul((Num(outside.numerator), root))
        return Div(top, Num(outside.denominator))


def _largest_square_root_factor(n: int) -> int:
    """The largest k with k² dividing n (trial division up to the cube root, then a square
    check of what is left)."""
    k, p = 1, 2
    while p * p * p <= n:
        while n % (p * p) == 0:
            n //= p * p
            k *= p
        if n % p == 0:
            n //= p
            continue
        p += 1
    r = math.isqrt(n)
    return k * r if r * r == n else k
