"""Powers and radicals: exponent laws with numeric exponents, roots as powers."""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction

from stepcalc.expr import Add, Div, E, Expr, Func, Mul, Neg, Num, Pow, Sym
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
    times,
)
from stepcalc.steps import RuleId

MAX_DIGITS = 200  # a folded power never grows past this many digits


def _integer(k: Fraction | None) -> bool:
    return k is not None and k.denominator == 1


class TrivialPower(Unit):
    """u^0 → 1;  u^1 → u;  1^u → 1;  0^k → 0 (k > 0)."""

    id = RuleId.FOLD_CONSTANTS

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Pow)
        k = rational(e.exp)
        if k == 0 or e.base == Num(1):
            return Num(1)
        if k == 1:
            return e.base
        if rational(e.base) == 0 and k is not None and k > 0:
            return Num(0)
        return None


class NumberPower(Unit):
    """2^3 → 8;  (1/2)^-2 → 4 (integer exponents, while the result stays small)."""

    id = RuleId.FOLD_CONSTANTS

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Pow)
        b, k = rational(e.base), rational(e.exp)
        if b is None or k is None or not _integer(k) or b == 0:
            return None
        digits = abs(k.numerator) * max(len(str(b.numerator)), len(str(b.denominator)))
        return number(b ** int(k)) if digits <= MAX_DIGITS else None


class PowerOfPower(Unit):
    """(u^a)^n → u^(a n) for numbers a and integer n."""

    id = RuleId.COMBINE_POWERS

    def match(self, e: Expr) -> bool:
        return isinstance(e, Pow) and isinstance(e.base, Pow)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Pow) and isinstance(e.base, Pow)
        k, inner = rational(e.exp), rational(e.base.exp)
        if inner is None or k is None or not _integer(k):
            return None
        return Pow(e.base.base, number(inner * k))


class PowerOfProduct(Unit):
    """(c u v)^n → c^n u^n v^n for a positive number c and integer n (``(x y)²`` → ``x² y²``,
    unless the problem writes it so);  ((x + 3)(x + 4))^n → (x + 3)^n (x + 4)^n;  (u/v)^n →
    u^n/v^n (n > 0)."""

    id = RuleId.POWER_OF_PRODUCT

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Pow)
        k = rational(e.exp)
        if not _integer(k):
            return None
        assert k is not None
        if isinstance(e.base, Mul):
            c, rest = split_coefficient(e.base)
            if c <= 0 or rest is None:
                return None
            parts = rest.factors if isinstance(rest, Mul) else (rest,)
            if c == 1 and not (k > 0 and all(isinstance(f, Add) for f in parts)) and e in ctx.order.written:
                return None  # (x y)² as the problem writes it; ((x + 3)(x + 4))² is opened
            return product_of(c ** int(k), [Pow(f, e.exp) for f in parts])
        if isinstance(e.base, Div) and k > 0:
            return Div(Pow(e.base.num, e.exp), Pow(e.base.den, e.exp))
        return None


class PowerOfNegatedSum(Unit):
    """(-x² - 2)² → (x² + 2)²;  (-x - 1)³ → -(x + 1)³: a whole power of a sum whose terms are
    all negative is a power of the opposite sum (with the sign for an odd power)."""

    id = RuleId.POWER_OF_PRODUCT

    def match(self, e: Expr) -> bool:
        return isinstance(e, Pow) and isinstance(e.base, Add)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Pow) and isinstance(e.base, Add)
        k = rational(e.exp)
        if not _integer(k) or not all(split_coefficient(t)[0] < 0 for t in e.base.terms):
            return None
        assert k is not None
        opposite = Add(
            tuple(
                t.arg if isinstance(t, Neg) else scaled(-split_coefficient(t)[0], split_coefficient(t)[1])
                for t in e.base.terms
            )
        )
        power = Pow(opposite, e.exp)
        return power if k.numerator % 2 == 0 else Neg(power)


class SquareOfRoot(Unit):
    """(√u)² → u."""

    id = RuleId.RADICAL

    def match(self, e: Expr) -> bool:
        return isinstance(e, Pow) and isinstance(e.base, Func) and e.base.name == "sqrt"

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Pow) and isinstance(e.base, Func)
        return e.base.args[0] if rational(e.exp) == 2 else None


class HalfPowerIsRoot(Unit):
    """u^(1/2) → √u."""

    id = RuleId.RADICAL

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Pow)
        return Func("sqrt", (e.base,)) if rational(e.exp) == Fraction(1, 2) else None


class PowerOfExponential(Unit):
    """(e^u)^n → e^(n u);  exp(u)^n → exp(n u);  (a^u)^n → a^(n u) for a number a > 0 and
    integer n."""

    id = RuleId.COMBINE_POWERS

    def match(self, e: Expr) -> bool:
        return isinstance(e, Pow) and _exponential_parts(e.base) is not None

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Pow)
        k, parts = rational(e.exp), _exponential_parts(e.base)
        assert parts is not None
        base, exponent = parts
        if not _integer(k) or not (base in (E, _EXP) or (rational(base) or 0) > 0):
            return None
        return _exponential(base, Mul((e.exp, exponent)))


_EXP = Sym("exp")  # the key of exp(u) among the bases of powers (no variable is named so)


def _exponential_parts(f: Expr) -> tuple[Expr, Expr] | None:
    """A power with a symbolic exponent as (base, exponent); exp(u) as (_EXP, u)."""
    if isinstance(f, Pow) and rational(f.exp) is None:
        return f.base, f.exp
    if isinstance(f, Func) and f.name == "exp" and len(f.args) == 1:
        return _EXP, f.args[0]
    return None


def _exponential(base: Expr, exponent: Expr) -> Expr:
    return Func("exp", (exponent,)) if base == _EXP else Pow(base, exponent)


class MergePowers(Unit):
    """x·x² → x³;  √u·u → u^(3/2);  √10·√10 → 10: factors with one base and numeric exponents
    (first place kept); a number's roots too, not its whole powers (the arithmetic's)."""

    id = RuleId.COMBINE_POWERS

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Mul)
        pairs = [base_exponent(f) for f in e.factors]
        bases = [base for base, k in pairs if _mergeable(base, k)]
        if len(set(bases)) == len(bases):
            return None  # no base twice: the common case, decided before any sum of exponents
        exponents: dict[Expr, Fraction] = {}
        counts: dict[Expr, int] = {}
        for base, k in pairs:
            if _mergeable(base, k):
                assert k is not None
                exponents[base] = exponents.get(base, Fraction(0)) + k
                counts[base] = counts.get(base, 0) + 1
        out: list[Expr] = []
        for f in e.factors:
            base, k = base_exponent(f)
            if not _mergeable(base, k) or counts.get(base, 1) == 1:
                out.append(f)
            elif base in exponents:
                total = exponents.pop(base)
                if total != 0:
                    out.append(power_of(base, total))
        return product_of(Fraction(1), out)


def _mergeable(base: Expr, k: Fraction | None) -> bool:
    """A factor MergePowers combines: a power of a non-number, or a root of a number (√10)."""
    return k is not None and (rational(base) is None or k.denominator != 1)


class MergeExponentials(Unit):
    """e^x·e^x → e^(x + x);  e^x·e^(-x) → e^(x - x);  exp(2x) exp(x) → exp(2x + x): powers of one
    base whose exponents are like terms add them (first place kept); ``e^(e^x)·e^x`` stays."""

    id = RuleId.COMBINE_POWERS

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Mul)
        parts = [_exponential_parts(f) for f in e.factors]
        groups: dict[Expr, list[Expr]] = {}
        for found in parts:
            if found is not None:
                groups.setdefault(found[0], []).append(found[1])
        for base, exps in list(groups.items()):
            if len({split_coefficient(x)[1] for x in exps}) != 1:
                groups[base] = exps[:1]
        if all(len(exps) == 1 for exps in groups.values()):
            return None
        out: list[Expr] = []
        for f, found in zip(e.factors, parts, strict=True):
            if found is None or len(exps := groups[found[0]]) == 1:
                out.append(f)
            elif exps:
                out.append(_exponential(found[0], _sum(exps)))
                groups[found[0]] = []
        return product_of(Fraction(1), out)


def _sum(exps: list[Expr]) -> Expr:
    return Add(tuple(exps))


class PositiveExponent(Unit):
    """u^(-k) → 1/u^k (a negative power written as a fraction)."""

    id = RuleId.POSITIVE_EXPONENTS

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Pow)
        k = rational(e.exp)
        if k is None or k >= 0:
            return None
        return Div(Num(1), e.base if k == -1 else Pow(e.base, number(-k)))


class RootOfPower(Unit):
    """√(x³) → x^(3/2);  √(x⁴) → x²;  √(x²) → |x|;  √(√x) → x^(1/4): the square root of a power
    of a variable (or of its root) as one power; an even power inside keeps its sign by |x|."""

    id = RuleId.RADICAL

    def match(self, e: Expr) -> bool:
        return isinstance(e, Func) and e.name == "sqrt" and len(e.args) == 1

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Func)
        base, k = base_exponent(e.args[0])
        if not isinstance(base, Sym) or k is None or k == 1 or k <= 0:
            return None
        if k.denominator != 1:  # √(√x), √(x^(3/2)): x ≥ 0 already, where the inner root is real
            return None if k.denominator % 2 else power_of(base, k / 2)
        if k.numerator % 2:  # √(x³) is real only for x ≥ 0, where it is x^(3/2)
            return power_of(base, k / 2)
        half = k / 2
        return power_of(base, half) if half.numerator % 2 == 0 else power_of(Func("abs", (base,)), half)


class RootOfFractions(Unit):
    """√(1 - x²/4) → √(4 - x²)/2;  √(1/x² - 1) → √(1 - x²)/|x|;  √(1 - x²/3) → √(9 - 3x²)/3: the
    fractions of a sum under a square root cleared by a square m² (√S = √(m² S)/|m|), m taken out."""

    id = RuleId.RADICAL

    def match(self, e: Expr) -> bool:
        return isinstance(e, Func) and e.name == "sqrt" and len(e.args) == 1 and isinstance(e.args[0], Add)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Func) and isinstance(e.args[0], Add)
        numbers = 1  # the lcm of the numeric denominators
        powers: dict[Sym, int] = {}  # each variable's highest power below
        for t in e.args[0].terms:
            c, rest = split_coefficient(t)
            numbers = math.lcm(numbers, c.denominator)
            below = rest.den if isinstance(rest, Div) else None
            for f in () if below is None else below.factors if isinstance(below, Mul) else (below,):
                base, k = base_exponent(f)
                if not isinstance(base, Sym) or k is None or k.denominator != 1 or k < 0:
                    return None  # only numbers and powers of variables are cleared here
                powers[base] = max(powers.get(base, 0), int(k))
        if (numbers == 1 and not powers) or numbers > MAX_CLEARED:
            return None
        root = _square_root_of_square_multiple(numbers)
        halves = {x: (k + 1) // 2 for x, k in powers.items()}
        square = product_of(Fraction(root * root), [power_of(x, Fraction(2 * h)) for x, h in halves.items()])
        inside = ctx.tidy(Add(tuple(times(square, t) for t in e.args[0].terms)))
        if any(isinstance(n, Div) for n in (inside.terms if isinstance(inside, Add) else (inside,))):
            return None
        outside = [power_of(x if h % 2 == 0 else Func("abs", (x,)), Fraction(h)) for x, h in halves.items()]
        return Div(Func("sqrt", (inside,)), product_of(Fraction(root), outside))


class RootOfQuotientBeside(Unit):
    """3/(2√((x - 1)/(x + 2)) (x + 2)²) → 3/(2 (√(x - 1)/√(x + 2)) (x + 2)²): the root of a
    quotient split into a quotient of roots, √(u/v) = √u/√v, when a power of the sum u or v
    stands beside it in the quotient, so that the roots cancel against it (CLP-1 §2.14)."""

    id = RuleId.RADICAL

    def match(self, e: Expr) -> bool:
        return isinstance(e, Div)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Div)
        parts = [list(p.factors) if isinstance(p, Mul) else [p] for p in (e.num, e.den)]
        everything = [f for fs in parts for f in fs]
        for fs in parts:
            for i, f in enumerate(fs):
                if not (isinstance(f, Func) and f.name == "sqrt" and isinstance(f.args[0], Div)):
                    continue
                u, v = f.args[0].num, f.args[0].den
                if not any(_beside(g, (u, v)) for g in everything if g is not f):
                    continue
                fs[i] = Div(Func("sqrt", (u,)), Func("sqrt", (v,)))
                num, den = (product_of(Fraction(1), p) for p in parts)
                return Div(num, den)
        return None


def _beside(g: Expr, sums: tuple[Expr, Expr]) -> bool:
    base, _ = base_exponent(g.arg if isinstance(g, Neg) else g)
    return isinstance(base, Add) and any(same_base(base, s) or opposite_sums(base, s) for s in sums)


MAX_CLEARED = 10**6  # a denominator under a root cleared at most this large


def _square_root_of_square_multiple(n: int) -> int:
    """The least m with n dividing m² (n = 12 → 6: 12 divides 36)."""
    m, p = 1, 2
    while n > 1 and p * p <= n:
        k = 0
        while n % p == 0:
            n, k = n // p, k + 1
        m *= p ** ((k + 1) // 2)
        p += 1
    return m * n


class PowerOfRoot(Unit):
    """(√x)³ → x^(3/2);  (√(x² − 9))³ → (x² − 9)^(3/2);  (∛u)² → ∛(u²);  (∛u)⁴ → u ∛u: a power of a
    square root as one power (its radicand ≥ 0 already, where the root is real); a whole
    power of a cube root as a cube root, with whole cubes taken out (∛x is real for x < 0 too,
    where x^(2/3) is not)."""

    id = RuleId.RADICAL

    def match(self, e: Expr) -> bool:
        return isinstance(e, Pow) and isinstance(e.base, Func) and e.base.name in ("sqrt", "cbrt")

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Pow) and isinstance(e.base, Func)
        k, u = rational(e.exp), e.base.args[0]
        if k is None or k in (0, 1):
            return None
        if e.base.name == "cbrt":
            return _cube_root_power(u, int(k)) if k > 1 and k.denominator == 1 else None
        return power_of(u, k / 2)


def _cube_root_power(u: Expr, k: int) -> Expr:
    """∛(uᵏ) for a whole k ≥ 1, written u^⌊k/3⌋ ∛(u^(k mod 3)) (real for every real u)."""
    whole, rest = divmod(k, 3)
    outside = [power_of(u, Fraction(whole))] if whole else []
    inside = [] if rest == 0 else [Func("cbrt", (u if rest == 1 else Pow(u, Num(2)),))]
    factors = outside + inside
    return factors[0] if len(factors) == 1 else Mul(tuple(factors))


class CubeRootsOfOneBase(Unit):
    """x/∛(x²) → ∛x;  ∛x ∛(x²) → x;  ∛(u²)/u → 1/∛u: cube roots and whole powers of one base in
    a product or quotient as one cube root, whole cubes taken out.  Each factor is a power of ∛u,
    (∛u)ᵃ (∛u)ᵇ = (∛u)ᵃ⁺ᵇ, and ∛u is real for every real u."""

    id = RuleId.RADICAL

    def match(self, e: Expr) -> bool:
        if isinstance(e, Mul):
            return any(_is_cube_root(f) for f in e.factors)
        if isinstance(e, Div):
            return any(_is_cube_root(f) for f in (*_factors(e.num), *_factors(e.den)))
        return False

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, (Mul, Div))
        sides = [e.factors] if isinstance(e, Mul) else [_factors(e.num), _factors(e.den)]
        thirds: dict[Expr, int] = {}
        seen: dict[Expr, list[tuple[int, int]]] = {}
        for side, fs in enumerate(sides):
            for i, f in enumerate(fs):
                power = _in_thirds(f)
                if power is not None:
                    seen.setdefault(power[0], []).append((side, i))
                    thirds[power[0]] = thirds.get(power[0], 0) + (power[1] if side == 0 else -power[1])
        for base, at in seen.items():
            if len(at) < 2 or not _has_cube_root(sides, at):
                continue
            total = thirds[base]
            if total < 0 and len(sides) == 1:
                continue  # x⁻¹ ∛x in a product: a quotient's business
            new = _factors(_cube_root_power(base, abs(total))) if total else ()
            if Counter(sides[side][i] for side, i in at) == Counter(new) and len({s for s, _ in at}) == 1:
                continue  # already one power and one cube root: x ∛x
            kept = [[f for i, f in enumerate(fs) if (side, i) not in at] for side, fs in enumerate(sides)]
            kept[0 if total > 0 else 1].extend(new)
            num = product_of(Fraction(1), kept[0])
            return num if len(kept) == 1 or not kept[1] else Div(num, product_of(Fraction(1), kept[1]))
        return None


def _factors(e: Expr) -> tuple[Expr, ...]:
    return e.factors if isinstance(e, Mul) else (e,)


def _in_thirds(f: Expr) -> tuple[Expr, int] | None:
    """A factor as (u, k) with the factor (∛u)ᵏ, for whole k: ∛(u²) is (u, 2), u³ is (u, 9)."""
    outer = Fraction(1)
    if isinstance(f, Pow) and isinstance(f.base, Func) and f.base.name == "cbrt":
        outer, f = rational(f.exp) or Fraction(0), f.base
    if isinstance(f, Func) and f.name == "cbrt" and len(f.args) == 1:
        u, k = base_exponent(f.args[0])
        scale = 1
    else:
        u, k = base_exponent(f)
        scale = 3
    if isinstance(u, Num) or k is None or k.denominator != 1 or outer.denominator != 1 or not outer:
        return None
    return u, int(k * outer) * scale


def _has_cube_root(sides: list[tuple[Expr, ...]], at: list[tuple[int, int]]) -> bool:
    """Whether a cube root is among the factors at these places (whole powers alone are left)."""
    return any(_is_cube_root(sides[side][i]) for side, i in at)


def _is_cube_root(f: Expr) -> bool:
    """∛u or a power of it."""
    root = f.base if isinstance(f, Pow) else f
    return isinstance(root, Func) and root.name == "cbrt"


class CubeRootOfPower(Unit):
    """∛(x⁴) → x ∛x;  ∛(x⁶) → x²: whole cubes of a variable out of a cube root."""

    id = RuleId.RADICAL

    def match(self, e: Expr) -> bool:
        return isinstance(e, Func) and e.name == "cbrt" and len(e.args) == 1

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Func)
        base, k = base_exponent(e.args[0])
        if not isinstance(base, Sym) or k is None or k.denominator != 1 or k < 3:
            return None
        return _cube_root_power(base, int(k))
