"""Fractions: multiplying, clearing fractions inside fractions, common denominators, cancelling."""

from __future__ import annotations

import math
from fractions import Fraction

from stepcalc.expr import Add, Div, Expr, Mul, Neg, Num, Pow
from stepcalc.rules.base import number, rational
from stepcalc.simplify.core import Simplifier, Unit
from stepcalc.simplify.terms import (
    base_exponent,
    opposite_sums,
    power_of,
    product_of,
    same_base,
    scaled,
    split_coefficient,
    sum_of,
    times,
)
from stepcalc.steps import RuleId

Factor = tuple[Expr, Fraction | None, Expr]  # base, numeric exponent (or None), the factor as written


class MultiplyFractions(Unit):
    """a·(b/c)·(d/e) → (a b d)/(c e)."""

    id = RuleId.MULTIPLY_FRACTIONS

    def match(self, e: Expr) -> bool:
        return isinstance(e, Mul) and any(isinstance(f, Div) for f in e.factors)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Mul)
        nums: list[Expr] = []
        dens: list[Expr] = []
        for f in e.factors:
            if isinstance(f, Div):
                if f.num != Num(1):
                    nums.append(f.num)
                dens.append(f.den)
            else:
                nums.append(f)
        top = nums[0] if len(nums) == 1 else (Mul(tuple(nums)) if nums else Num(1))
        return Div(top, dens[0] if len(dens) == 1 else Mul(tuple(dens)))


class DistributeToClearFractions(Unit):
    """x²(1 + 1/x²) → x² + 1: multiply into a bracket when that clears its fractions."""

    id = RuleId.DISTRIBUTE

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Mul)
        brackets = [i for i, f in enumerate(e.factors) if isinstance(f, Add)]
        if len(brackets) != 1 or len(e.factors) < 2:
            return None
        bracket = e.factors[brackets[0]]
        assert isinstance(bracket, Add)
        if not any(is_fraction(t) for t in bracket.terms):
            return None
        others = e.factors[: brackets[0]] + e.factors[brackets[0] + 1 :]
        terms = [ctx.tidy(Mul((*others, t))) for t in bracket.terms]
        return None if any(is_fraction(t) for t in terms) else Add(tuple(terms))


def is_fraction(t: Expr) -> bool:
    return isinstance(t.arg if isinstance(t, Neg) else t, Div)


class FractionInNumerator(Unit):
    """(a/b)/c → a/(b c)."""

    id = RuleId.MULTIPLY_FRACTIONS

    def match(self, e: Expr) -> bool:
        return isinstance(e, Div) and isinstance(e.num, Div)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Div) and isinstance(e.num, Div)
        return Div(e.num.num, times(e.num.den, e.den))


class FractionInDenominator(Unit):
    """a/(b/c) → (a c)/b."""

    id = RuleId.MULTIPLY_FRACTIONS

    def match(self, e: Expr) -> bool:
        return isinstance(e, Div) and isinstance(e.den, Div)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Div) and isinstance(e.den, Div)
        return Div(times(e.num, e.den.den), e.den.num)


class CancelFactors(Unit):
    """(c a^m b)/(d a^n) → (c/g a^(m-n) b)/(d/g): common numbers by their gcd, common bases by
    exponent; a whole power of the opposite sum cancels too, with its sign
    (``(t² - 1)/√(1 - t²)`` → ``-√(1 - t²)``)."""

    id = RuleId.CANCEL

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Div)
        cn, fn = factors(e.num)
        cd, fd = factors(e.den)
        if not cd:
            return None
        ratio = cn / cd
        changed = _numbers_reduce(cn, cd)
        top: list[Expr] = []
        bottom = list(fd)
        for base, k, f in fn:
            j, sign, written = _partner(base, k, bottom)
            if j is None:
                top.append(f)
                continue
            changed = True
            base2, k2, _ = bottom.pop(j)
            assert k is not None and k2 is not None
            ratio *= sign
            if written is not None:  # (t² - 1)/(1 - t²)^(1/2): the root keeps its writing
                base = base2 = written
            if k > k2:
                top.append(power_of(base, k - k2))
            elif k2 > k:  # the denominator keeps its own writing (1 + cos x, not cos x + 1)
                bottom.insert(j, (base2, k2 - k, power_of(base2, k2 - k)))
        if not changed:
            return None
        numerator = product_of(Fraction(ratio.numerator), top)
        if not bottom and ratio.denominator == 1:
            return numerator
        denominator = product_of(Fraction(ratio.denominator), [f for _, _, f in bottom])
        if isinstance(numerator, Neg):
            return Neg(Div(numerator.arg, denominator))
        return Div(numerator, denominator)


def _partner(base: Expr, k: Fraction | None, bottom: list[Factor]) -> tuple[int | None, int, Expr | None]:
    """The denominator factor a numerator factor ``base^k`` cancels against, the sign that comes
    out, and for opposite sums the base the rest is written in.  The same base: sign 1.  The
    opposite sum, when one of the two exponents is a whole n (``(-u)^(1/2)`` is not ``±u^(1/2)``):
    (-u)^n against u^m is (-1)^n u^(n-m), written in the base u of the other exponent."""
    if k is None:
        return None, 1, None
    for j, (b2, k2, _) in enumerate(bottom):
        if k2 is not None and same_base(b2, base):
            return j, 1, None
    for j, (b2, k2, _) in enumerate(bottom):
        if k2 is None or not opposite_sums(b2, base):
            continue
        if k.denominator == 1:
            return j, -1 if k.numerator % 2 else 1, b2
        if k2.denominator == 1:
            return j, -1 if k2.numerator % 2 else 1, base
    return None, 1, None


def _numbers_reduce(cn: Fraction, cd: Fraction) -> bool:
    reducible = cn.denominator != 1 or cd.denominator != 1 or math.gcd(cn.numerator, cd.numerator) > 1
    return reducible and not (abs(cn) == 1 and abs(cd) == 1)


class CancelFromSum(Unit):
    """(a·u + b·u)/(c·u^k) → (a + b)/(c·u^(k-1)): a factor of every term of the numerator cancels
    (``(3(2x+5)² - 4(3x-2)(2x+5))/(2x+5)⁴`` → ``(3(2x+5) - 4(3x-2))/(2x+5)³``)."""

    id = RuleId.CANCEL

    def match(self, e: Expr) -> bool:
        return isinstance(e, Div) and isinstance(e.num, Add)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Div) and isinstance(e.num, Add)
        terms = [factors(t) for t in e.num.terms]
        cd, fd = factors(e.den)
        if cd == 0:
            return None
        g = _common_integer(cd, [c for c, _ in terms])
        cut = _common_powers(terms, fd)
        if g == 1 and not cut:
            return None
        numerator = sum_of([_divided_term(c / g, fs, fd, cut) for c, fs in terms])
        bottom: list[Expr] = []
        for j, (base, k2, f) in enumerate(fd):
            if j not in cut:
                bottom.append(f)
            elif k2 is not None and k2 > cut[j]:
                bottom.append(power_of(base, k2 - cut[j]))
        denominator = product_of(cd / g, bottom)
        return numerator if denominator == Num(1) else Div(numerator, denominator)


class CancelIntoBracket(Unit):
    """3√u (2x - 2)/2 → 3√u (x - 1): a number below cancels against the whole-number content of
    a bracket above (``5(x² + 4x)^(3/2) (2x + 4)/2`` → ``5(x² + 4x)^(3/2) (x + 2)``)."""

    id = RuleId.CANCEL

    def match(self, e: Expr) -> bool:
        return isinstance(e, Div) and isinstance(e.num, Mul)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Div) and isinstance(e.num, Mul)
        cd, rest = split_coefficient(e.den)
        if cd.denominator != 1 or cd.numerator <= 1:
            return None
        top = list(e.num.factors)
        for i, f in enumerate(top):
            if not isinstance(f, Add):
                continue
            parts = [split_coefficient(t) for t in f.terms]
            if any(c.denominator != 1 for c, _ in parts):
                continue
            h = math.gcd(cd.numerator, *(c.numerator for c, _ in parts))
            if h > 1:
                top[i] = sum_of([scaled(c / h, r) for c, r in parts])
                below = cd / h
                num = Mul(tuple(top))
                if rest is None:
                    return num if below == 1 else Div(num, number(below))
                return Div(num, rest if below == 1 else times(number(below), rest))
        return None


def _common_integer(cd: Fraction, coefficients: list[Fraction]) -> int:
    if cd.denominator != 1 or any(c.denominator != 1 for c in coefficients):
        return 1
    return max(1, math.gcd(cd.numerator, *(c.numerator for c in coefficients)))


def _common_powers(terms: list[tuple[Fraction, list[Factor]]], fd: list[Factor]) -> dict[int, Fraction]:
    """Denominator factor index → the exponent every numerator term can give up."""
    cut: dict[int, Fraction] = {}
    for j, (base, k2, _) in enumerate(fd):
        if k2 is None or k2 <= 0:
            continue
        # what earlier factors of the same base below ((1 + x²) and (x² + 1)) already took
        taken = sum((cut[i] for i in cut if same_base(fd[i][0], base)), Fraction(0))
        smallest = k2
        for _, fs in terms:
            k = next((k for b, k, _ in fs if k is not None and k > 0 and same_base(b, base)), None)
            if k is None or k <= taken:
                smallest = Fraction(0)
                break
            smallest = min(smallest, k - taken)
        if smallest > 0:
            cut[j] = smallest
    return cut


def _divided_term(c: Fraction, fs: list[Factor], fd: list[Factor], cut: dict[int, Fraction]) -> Expr:
    kept: list[Expr] = []
    removed = dict.fromkeys(cut, False)
    for base, k, f in fs:
        # the cuts measured on this factor: of every factor below with its base
        hits = [j for j in cut if not removed[j] and k is not None and k > 0 and same_base(fd[j][0], base)]
        if not hits:
            kept.append(f)
            continue
        total = sum((cut[j] for j in hits), Fraction(0))
        for j in hits:
            removed[j] = True
        assert k is not None and k >= total
        if k > total:
            kept.append(power_of(base, k - total))
    return scaled(c, None if not kept else kept[0] if len(kept) == 1 else Mul(tuple(kept)))


def factors(e: Expr) -> tuple[Fraction, list[Factor]]:
    """``e`` as its numeric coefficient and its other factors (base, exponent, as written)."""
    c, rest = split_coefficient(e)
    if rest is None:
        return c, []
    items = rest.factors if isinstance(rest, Mul) else (rest,)
    return c, [_symbolic_factor(f) if _symbolic_power(f) else (*base_exponent(f), f) for f in items]


def _symbolic_factor(f: Expr) -> Factor:
    """``e^(2x)`` as (e^x)²: so that it cancels against e^x; other symbolic powers whole."""
    assert isinstance(f, Pow)
    k, rest = split_coefficient(f.exp)
    if rest is not None and k.denominator == 1 and k > 1:
        return Pow(f.base, rest), k, f
    return f, Fraction(1), f


def _symbolic_power(f: Expr) -> bool:
    """``e^x``: a power whose exponent is not a number cancels as a whole (``x e^x/(e^x)²``)."""
    return isinstance(f, Pow) and rational(f.exp) is None


class ClearInnerDenominators(Unit):
    """(a - b/c)/d → (c a - b)/(c d);  1/(x(1 + y²/x²)) → x/(x² + y²): top and bottom multiplied
    by the inner denominators (of terms of the top or bottom, or of a bracket they hold)."""

    id = RuleId.MULTIPLY_NUM_DEN

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Div)
        dens: list[Expr] = []
        for part in (e.num, e.den):
            # a bracket of the denominator's product too; the top's bracket is an inner
            # function (-2(1 + 1/x)/x²) and stays
            for t in _inner_terms(part) if part is e.den else _top_terms(part):
                inner = t.arg if isinstance(t, Neg) else t
                # a number below a term of the top is a coefficient (x/2 + 1 over y is written so
                # by no one, but neither is it wrong); below a term of the bottom it is cleared
                if (
                    isinstance(inner, Div)
                    and (rational(inner.den) is None or part is e.den)
                    and inner.den not in dens
                ):
                    dens.append(inner.den)
        if not dens:
            return None
        m = dens[0] if len(dens) == 1 else Mul(tuple(dens))
        return Div(_scale_by(e.num, m, ctx), _scale_by(e.den, m, ctx))


def _terms(part: Expr) -> tuple[Expr, ...]:
    return part.terms if isinstance(part, Add) else (part,)


def _top_terms(part: Expr) -> list[Expr]:
    """The terms of a numerator, and those of a bracket a term of it holds with fractions in
    (at any depth): ``x((2x + 1) asin u + 2v/√w) - 3v asin u`` has ``2v/√w`` below."""
    out = list(_terms(part))
    if isinstance(part, Add):
        for t in part.terms:
            bracket = _bracket_with_fraction(t)
            if bracket is not None:
                out.extend(_top_terms(bracket))
    return out


def _bracket_with_fraction(t: Expr) -> Add | None:
    """The one bracket of a product term (``x(a + b/c)``, signed) that holds a fraction, in a
    term of its own or deeper."""
    body = t.arg if isinstance(t, Neg) else t
    if not isinstance(body, Mul):
        return None
    holding = [f for f in body.factors if isinstance(f, Add) and _holds_fraction(f)]
    return holding[0] if len(holding) == 1 else None


def _holds_fraction(bracket: Add) -> bool:
    return any(is_fraction(u) or _bracket_with_fraction(u) is not None for u in bracket.terms)


def _inner_terms(part: Expr) -> tuple[Expr, ...]:
    """The terms of ``part``, or of the one bracket of a product ``x(1 + y²/x²)``."""
    if isinstance(part, Add):
        return part.terms
    brackets = [f for f in part.factors if isinstance(f, Add)] if isinstance(part, Mul) else []
    return brackets[0].terms if len(brackets) == 1 else (part,)


def _scale_by(part: Expr, m: Expr, ctx: Simplifier) -> Expr:
    """``part·m``: distributed over a sum that holds the fractions to clear (or over the one
    bracket of a product that does), else one product (``(x² + 1)·√(x² + 1)`` stays a product,
    to become ``(x² + 1)^(3/2)``)."""
    if isinstance(part, Add) and any(is_fraction(t) for t in part.terms):
        return Add(tuple(_scale_term(t, m, ctx) for t in part.terms))
    if isinstance(part, Add) and any(_bracket_with_fraction(t) is not None for t in part.terms):
        return Add(
            tuple(
                _scale_by(t, m, ctx) if _bracket_with_fraction(t) is not None else _scale_term(t, m, ctx)
                for t in part.terms
            )
        )
    if isinstance(part, Neg) and _bracket_with_fraction(part) is not None:
        return Neg(_scale_by(part.arg, m, ctx))
    if isinstance(part, Mul) and any(isinstance(f, Add) for f in part.factors):
        holding = _bracket_with_fraction(part)
        k = next(
            i for i, f in enumerate(part.factors) if isinstance(f, Add) and (holding is None or f is holding)
        )
        bracket = part.factors[k]
        if holding is not None or any(is_fraction(t) for t in _inner_terms(bracket)):
            return Mul((*part.factors[:k], _scale_by(bracket, m, ctx), *part.factors[k + 1 :]))
    return _scale_term(part, m, ctx)


def _scale_term(t: Expr, m: Expr, ctx: Simplifier) -> Expr:
    if isinstance(t, Neg):
        return Neg(_scale_term(t.arg, m, ctx))
    if isinstance(t, Div) and t.den == m:
        return t.num
    return ctx.tidy(times(m, t))


class WholeNumbersInNumerator(Unit):
    """(√x/2 + 4)/v → (√x + 8)/(2v): a quotient whose numerator has terms over numbers gets
    whole coefficients, top and bottom multiplied by the least common denominator."""

    id = RuleId.MULTIPLY_NUM_DEN

    def match(self, e: Expr) -> bool:
        return isinstance(e, Div) and isinstance(e.num, Add)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Div) and isinstance(e.num, Add)
        parts = [split_coefficient(t) for t in e.num.terms]
        m = math.lcm(*(c.denominator for c, _ in parts))
        if m == 1:
            return None
        top = Add(tuple(scaled(c * m, rest) for c, rest in parts))
        return Div(top, times(Num(m), e.den))
