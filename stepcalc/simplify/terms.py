"""The vocabulary the simplification units share: terms as coefficient × rest, factors as
base^exponent, and the textbook order of factors."""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from stepcalc.catalogue import CATALOGUE
from stepcalc.expr import Add, Const, Div, Expr, Func, Mul, Neg, Num, Pow, Sym, children, free_symbols
from stepcalc.rules.base import number, rational

__all__ = [
    "MINUS_ONE",
    "TermOrder",
    "argument_key",
    "base_exponent",
    "factor_key",
    "is_zero",
    "monomial_powers",
    "ordered_factors",
    "power_of",
    "product_of",
    "same_base",
    "scaled",
    "split_coefficient",
    "sum_of",
    "times",
    "trig_key",
]

MINUS_ONE = Neg(Num(1))


def is_zero(e: Expr) -> bool:
    return isinstance(e, Num) and e.value == 0


def sum_of(terms: list[Expr]) -> Expr:
    if not terms:
        return Num(0)
    return terms[0] if len(terms) == 1 else Add(tuple(terms))


@functools.lru_cache(maxsize=1 << 14)  # the units of a sum ask it of the same terms in turn
def split_coefficient(t: Expr) -> tuple[Fraction, Expr | None]:
    """A term as (numeric coefficient, the rest): ``-3x²`` → (-3, x²); ``5`` → (5, None)."""
    if isinstance(t, Neg):
        c, rest = split_coefficient(t.arg)
        return -c, rest
    value = rational(t)
    if value is not None:
        return value, None
    if isinstance(t, Mul):
        coefficient = _ONE
        others: list[Expr] = []
        for f in t.factors:
            v = rational(f)
            if v is None:
                others.append(f)
            else:
                coefficient *= v
        if not others:
            return coefficient, None
        return coefficient, (others[0] if len(others) == 1 else Mul(tuple(others)))
    if isinstance(t, Div):
        den = rational(t.den)
        if den:
            c, rest = split_coefficient(t.num)
            return c / den, rest
    return _ONE, t


_ONE, _HALF = Fraction(1), Fraction(1, 2)  # made once: Fractions are immutable, and costly to make


def scaled(c: Fraction, rest: Expr | None) -> Expr:
    """The term ``c·rest`` as a textbook writes it (``3x``, ``-x``, ``3x/2``, ``5``)."""
    if rest is None:
        return number(c)
    if c == 0:
        return Num(0)
    size = abs(c)
    factors = rest.factors if isinstance(rest, Mul) else (rest,)
    body = rest if size.numerator == 1 else Mul((Num(size.numerator), *factors))
    if size.denominator != 1:
        body = Div(body, Num(size.denominator))
    return Neg(body) if c < 0 else body


def product_of(value: Fraction, rest: list[Expr]) -> Expr:
    if not rest:
        return number(value)
    return scaled(value, rest[0] if len(rest) == 1 else Mul(tuple(rest)))


def times(a: Expr, b: Expr) -> Expr:
    """``a·b`` with the factors of both side by side (no product inside a product)."""
    fa = a.factors if isinstance(a, Mul) else (a,)
    fb = b.factors if isinstance(b, Mul) else (b,)
    return Mul((*fa, *fb))


def base_exponent(f: Expr) -> tuple[Expr, Fraction | None]:
    """A factor as base and numeric exponent (``√u`` is ``u^{1/2}``); the exponent is None if not numeric."""
    if isinstance(f, Pow):
        return f.base, rational(f.exp)
    if isinstance(f, Func) and f.name == "sqrt":
        return f.args[0], _HALF
    return f, _ONE


def power_of(base: Expr, k: Fraction) -> Expr:
    if k == 1:
        return base
    if k == Fraction(1, 2):
        return Func("sqrt", (base,))
    return Pow(base, number(k))


def same_base(a: Expr, b: Expr) -> bool:
    """Equal, or sums of the same terms in another order (``cos x + 1`` and ``1 + cos x``)."""
    if a == b:
        return True
    return isinstance(a, Add) and isinstance(b, Add) and Counter(a.terms) == Counter(b.terms)


def opposite_sums(a: Expr, b: Expr) -> bool:
    """Sums whose terms are each other's negatives (``t² - 1`` and ``1 - t²``)."""
    if not (isinstance(a, Add) and isinstance(b, Add) and len(a.terms) == len(b.terms)):
        return False
    return Counter(map(negated_term, a.terms)) == Counter(b.terms)


def negated_term(t: Expr) -> Expr:
    """``-t`` as a term of a sum is written: ``x`` → ``-x``, ``-x`` → ``x``, ``3`` → ``-3``."""
    if isinstance(t, Neg):
        return t.arg
    c = rational(t)
    return number(-c) if c is not None else Neg(t)


def factor_key(f: Expr) -> tuple[int, str]:
    """Textbook order of factors: numbers, π and e, powers of variables by name, polynomial
    brackets, their roots and powers of a variable base with a symbolic exponent (as written),
    exponentials, then the other functions (``2πx (6x + 1) e^(3x²) cos x``, ``x^(eˣ) eˣ``)."""
    if rational(f) is not None:
        return 0, ""
    if isinstance(f, Const):
        return 1, f.name
    base, k = base_exponent(f)
    if isinstance(base, Sym) and k is not None and not isinstance(f, Func):
        return 2, base.name
    if isinstance(f, Pow) and k is None and not (isinstance(f.base, Const) or rational(f.base) is not None):
        return 3, ""  # x^x, x^(π - 1), (x² + 1)^(x² + 1): with the brackets, before eˣ and aˣ
    polynomial = isinstance(base, Add) and all(monomial_powers(t) is not None for t in base.terms)
    fractional = k is not None and k.denominator != 1
    root = fractional or (isinstance(f, Func) and f.name in ("sqrt", "cbrt", "abs"))
    if root or (polynomial and k is not None):
        return 3, ""  # (6t + 1) e^(3t² + t), 2 sqrt(x) (x + 1)², |x| sqrt(x² - 1): as written
    if isinstance(f, Pow) and (isinstance(f.base, Const) or rational(f.base) is not None):
        return 4, ""  # e^x, 2^x: before the functions (e^x sec² eˣ, not sec² eˣ e^x)
    return 5, ""


def ordered_factors(factors: tuple[Expr, ...]) -> tuple[Expr, ...]:
    """The factors in textbook order (``factor_key``, otherwise as written), a function that
    occurs with several arguments by its arguments' variables: ``cos x cos y``, not ``cos y cos x``."""
    out = sorted(factors, key=factor_key)
    named: dict[str, list[int]] = {}
    for i, f in enumerate(out):
        g = f.base if isinstance(f, Pow) else f
        if isinstance(g, Func) and len(g.args) == 1:
            named.setdefault(g.name, []).append(i)
    places = [p for p in named.values() if len(p) > 1]
    if places:
        variables = _Variables()
        for group in places:
            by_argument = sorted((out[i] for i in group), key=lambda f: variables.of(_argument(f)))
            for i, f in zip(group, by_argument, strict=True):
                out[i] = f
    return tuple(out)


def _argument(f: Expr) -> Expr:
    g = f.base if isinstance(f, Pow) else f
    assert isinstance(g, Func)
    return g.args[0]


class _Variables:
    """The variable names of expressions, memoised across them: the arguments of cos(sin x),
    cos(sin(sin x)), … share their insides, and each distinct node is looked at once."""

    def __init__(self) -> None:
        self.memo: dict[int, tuple[str, ...]] = {}
        self.kept: list[Expr] = []  # the ids in the memo stay those of live nodes

    def of(self, root: Expr) -> tuple[str, ...]:
        stack: list[tuple[Expr, bool]] = [(root, False)]
        while stack:
            node, ready = stack.pop()
            if id(node) in self.memo:
                continue
            kids = children(node)
            if ready or not kids:
                inner = {n for k in kids for n in self.memo[id(k)]}
                self.memo[id(node)] = (node.name,) if isinstance(node, Sym) else tuple(sorted(inner))
                self.kept.append(node)
            else:
                stack.append((node, True))
                stack.extend((k, False) for k in kids if id(k) not in self.memo)
        return self.memo[id(root)]


_TRIG_RANK = {f.name: f.rank for f in CATALOGUE if f.rank is not None}


def trig_key(f: Expr) -> tuple[int, str]:
    """Trigonometric factors as textbooks order them when both orders occur: sin x cos x,
    sec x tan x, csc x cot x; equal names by argument (cos x cos y)."""
    trig = f.base if isinstance(f, Pow) and isinstance(f.base, Func) else f
    if isinstance(trig, Func) and trig.name in _TRIG_RANK and len(trig.args) == 1:
        return 1 + _TRIG_RANK[trig.name], argument_key(trig.args[0])
    return 0, ""


def argument_key(e: Expr) -> str:
    """Arguments in the order of their variables (x before y), then as written."""
    names = sorted(s.name for s in free_symbols(e))
    return ",".join(names) + "|" + str(e)


def monomial_powers(t: Expr) -> dict[str, int] | None:
    """A monomial term ``c x^a y^b`` as its powers {x: a, y: b}, or None for another term."""
    _, rest = split_coefficient(t)
    factors = rest.factors if isinstance(rest, Mul) else (() if rest is None else (rest,))
    powers: dict[str, int] = {}
    for f in factors:
        base, k = base_exponent(f)
        if not isinstance(base, Sym) or k is None or k.denominator != 1 or k < 1:
            return None
        powers[base.name] = powers.get(base.name, 0) + int(k)
    return powers


@dataclass(frozen=True, slots=True)
class TermOrder:
    """How the problem writes its polynomials: terms by the powers of ``names`` in turn (other
    variables after them, by name), highest first, or lowest first when ``ascending``; and
    ``written``, the sums and powers of products it writes itself (a bracket a unit would
    otherwise open: ``(x y)²`` stays as the problem writes it)."""

    names: tuple[str, ...] = ()
    ascending: bool = False
    written: frozenset[Expr] = frozenset()

    def key(self, powers: dict[str, int], names: list[str]) -> tuple[int, ...]:
        ordered = [n for n in self.names if n in names] + [n for n in names if n not in self.names]
        sign = 1 if self.ascending else -1
        return tuple(sign * powers.get(n, 0) for n in ordered)

    def sort(self, terms: tuple[Expr, ...]) -> list[Expr] | None:
        """The terms in this order, or None when they are not all monomials."""
        powers = [monomial_powers(t) for t in terms]
        if any(p is None for p in powers):
            return None
        names = sorted({n for p in powers if p for n in p})
        keys = [self.key(p or {}, names) for p in powers]
        return [terms[i] for i in sorted(range(len(terms)), key=lambda i: keys[i])]


def shared_brackets(num: Expr) -> dict[Expr, int]:
    """The sums every term of the sum ``num`` has a power of, with the least power, when one of
    them is a square or more:
    ``24x (3x² - 5)³ (2x³ - 1) - 12x² (3x² - 5)⁴`` → {3x² - 5: 3}."""
    if not isinstance(num, Add):
        return {}
    powers = [dict(_bracket_powers(t)) for t in num.terms]
    first, *others = powers
    least = {
        b: min(k, *(p.get(b, 0) for p in others)) for b, k in first.items() if all(b in p for p in others)
    }
    # (4x + 1) once in each term stays (APEX §2.5 ex. 35); with a square or more, every shared
    # bracket comes out (2x(2x + 1)²(2x + 3)³, ex. 36)
    return least if any(k >= 2 for k in least.values()) else {}


def _bracket_powers(t: Expr) -> list[tuple[Expr, int]]:
    out: list[tuple[Expr, int]] = []
    for f in factors_of(t):
        base, k = base_exponent(f)
        if isinstance(base, Add) and k is not None and k.denominator == 1 and k > 0:
            out.append((base, int(k)))
    return out


def factors_of(t: Expr) -> list[Expr]:
    """The factors of a term besides its number: ``3x sin x`` → [x, sin x]."""
    _, rest = split_coefficient(t)
    return list(rest.factors) if isinstance(rest, Mul) else ([] if rest is None else [rest])
