"""Univariate polynomials with rational coefficients, for ``--factor``.

Small and exact: a polynomial is a dict ``{degree: Fraction}``.  Factoring takes out the
common factor (``12x``), then the linear factors of the rational roots (rational root
theorem); what has no rational root stays as it is.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

from stepcalc.expr import Add, Div, Expr, Mul, Neg, Num, Pow, Sym
from stepcalc.rules.base import number, rational
from stepcalc.simplify.terms import scaled
from stepcalc.steps import RuleId

Poly = dict[int, Fraction]

MAX_DEGREE = 40
MAX_ROOT_DEGREE = 12  # rational-root search only up to this degree
MAX_CANDIDATES = 5000


def to_poly(e: Expr, x: Sym, *, laurent: bool = False) -> Poly | None:
    """``e`` as a polynomial in ``x`` with rational coefficients, or None.  With ``laurent``,
    negative powers of ``x`` are allowed too (``2x + 3/x^2`` is {1: 2, -2: 3})."""
    value = rational(e)
    if value is not None:
        return {0: value} if value else {}
    if e == x:
        return {1: Fraction(1)}
    if isinstance(e, Neg):
        p = to_poly(e.arg, x, laurent=laurent)
        return None if p is None else {k: -c for k, c in p.items()}
    if isinstance(e, Add):
        total: Poly = {}
        for t in e.terms:
            p = to_poly(t, x, laurent=laurent)
            if p is None:
                return None
            total = _add(total, p)
        return total
    if isinstance(e, Mul):
        prod: Poly | None = {0: Fraction(1)}
        for f in e.factors:
            p = to_poly(f, x, laurent=laurent)
            if p is None or prod is None:
                return None
            prod = _mul(prod, p)
        return prod
    if isinstance(e, Div):
        num, den = to_poly(e.num, x, laurent=laurent), to_poly(e.den, x, laurent=laurent)
        if num is None or den is None or len(den) != 1:
            return None
        ((k, c),) = den.items()  # a number, or with ``laurent`` a monomial c x^k
        return None if k and not laurent else {i - k: d / c for i, d in num.items()}
    if isinstance(e, Pow):
        n = rational(e.exp)
        if laurent and e.base == x and n is not None and n.denominator == 1 and -MAX_DEGREE <= n < 0:
            return {int(n): Fraction(1)}
        p = to_poly(e.base, x, laurent=laurent)
        if p is None or n is None or n.denominator != 1 or not 0 <= n <= MAX_DEGREE:
            return None
        out: Poly | None = {0: Fraction(1)}
        for _ in range(int(n)):
            out = _mul(out or {}, p)
        return out
    return None


def _add(a: Poly, b: Poly) -> Poly:
    out = dict(a)
    for k, c in b.items():
        out[k] = out.get(k, Fraction(0)) + c
    return {k: c for k, c in out.items() if c}


def _mul(a: Poly, b: Poly) -> Poly | None:
    out: Poly = {}
    for (i, c), (j, d) in itertools.product(a.items(), b.items()):
        if not -MAX_DEGREE <= i + j <= MAX_DEGREE:
            return None
        out[i + j] = out.get(i + j, Fraction(0)) + c * d
    return {k: c for k, c in out.items() if c}


def degree(p: Poly) -> int:
    return max(p) if p else -1


def coprime(a: Expr, b: Expr, x: Sym) -> bool:
    """Whether ``a`` and ``b`` are polynomials in ``x`` with no common factor of degree ≥ 1 (their
    gcd, by flint, is a number).  False when either is not such a polynomial.  Read straight
    into flint: the quotient rule's numerators and denominators, (2x + 5)³ multiplied out."""
    from flint import fmpq_poly

    p, q = _flint(a, x, fmpq_poly), _flint(b, x, fmpq_poly)
    return p is not None and q is not None and not p.is_zero() and not q.is_zero() and p.gcd(q).degree() == 0


def _flint(e: Expr, x: Sym, poly: type) -> Any:
    """``e`` as a flint polynomial in ``x`` (whole powers up to ``MAX_DEGREE``), or None."""
    if isinstance(e, Num):
        number = Fraction(e.value)
        return poly([number.numerator]) / number.denominator
    if e == x:
        return poly([0, 1])
    if isinstance(e, Neg):
        inner = _flint(e.arg, x, poly)
        return None if inner is None else -inner
    if isinstance(e, Add | Mul):
        parts = e.terms if isinstance(e, Add) else e.factors
        total = _flint(parts[0], x, poly)
        for part in parts[1:]:
            value = _flint(part, x, poly) if total is not None else None
            if value is None:
                return None
            total = total + value if isinstance(e, Add) else total * value
        return None if total is None or total.degree() > MAX_DEGREE else total
    if isinstance(e, Div):
        c = rational(e.den)
        top = _flint(e.num, x, poly) if c else None
        return None if top is None or c is None else top / poly([c.numerator]) * c.denominator
    if isinstance(e, Pow):
        n = rational(e.exp)
        base = _flint(e.base, x, poly) if n is not None and n.denominator == 1 and n >= 0 else None
        return None if base is None or n is None or base.degree() * n > MAX_DEGREE else base ** int(n)
    return None


def to_expr(p: Poly, x: Sym) -> Expr:
    """Descending powers, as a textbook writes a polynomial."""
    terms: list[Expr] = []
    for k in sorted(p, reverse=True):
        # a Laurent polynomial's 3x^(-2): the closing lines write it 3/x^2 unless the problem
        # has negative powers itself
        rest = None if k == 0 else (x if k == 1 else Pow(x, Num(k) if k > 0 else Neg(Num(-k))))
        terms.append(scaled(p[k], rest))
    if not terms:
        return Num(0)
    if len(terms) == 2 and isinstance(terms[0], Neg) and not isinstance(terms[1], Neg):
        terms.reverse()  # 1 - x^2 rather than -x^2 + 1
    return terms[0] if len(terms) == 1 else Add(tuple(terms))


def _divide_linear(p: Poly, r: Fraction) -> Poly:
    """``p / (x - r)`` by synthetic division (r is a root)."""
    n = degree(p)
    out: Poly = {}
    carry = Fraction(0)
    for k in range(n, 0, -1):
        carry = p.get(k, Fraction(0)) + carry * r if k != n else p[n]
        out[k - 1] = carry
    return {k: c for k, c in out.items() if c}


def _evaluate(p: Poly, r: Fraction) -> Fraction:
    return sum((c * r**k for k, c in p.items()), Fraction(0))


def _divisors(n: int) -> list[int]:
    n = abs(n)
    small = [d for d in range(1, math.isqrt(n) + 1) if n % d == 0]
    return sorted(set(small + [n // d for d in small]))


def rational_roots(p: Poly) -> list[Fraction]:
    """The rational roots of ``p`` with multiplicity, ascending (``x = 0`` excluded)."""
    roots: list[Fraction] = []
    p = dict(p)
    while degree(p) >= 1 and 0 not in p:
        p = {k - 1: c for k, c in p.items()}  # x divides p; the caller takes x out first
    if degree(p) > MAX_ROOT_DEGREE or degree(p) < 1:
        return roots
    scale = math.lcm(*(c.denominator for c in p.values()))
    ints = {k: int(c * scale) for k, c in p.items()}
    lead, const = ints[degree(p)], ints[0]
    if max(abs(lead), abs(const)) > 10**12:
        return roots
    candidates = sorted(
        {Fraction(s * a, b) for a in _divisors(const) for b in _divisors(lead) for s in (1, -1)}
    )
    for r in candidates[:MAX_CANDIDATES]:
        while degree(p) >= 1 and _evaluate(p, r) == 0:
            roots.append(r)
            p = _divide_linear(p, r)
    return roots


def factor_lines(e: Expr, x: Sym) -> list[tuple[RuleId, Expr]]:
    """``12x³ - 12x² - 24x`` → ``12x(x² - x - 2)`` (factor_common) → ``12x(x + 1)(x - 2)`` (factor)."""
    p = to_poly(e, x)
    if p is None or degree(p) < 2:
        return []
    lines: list[tuple[RuleId, Expr]] = []
    low = min(p)
    coefficients = list(p.values())
    content = Fraction(
        math.gcd(*(c.numerator for c in coefficients)), math.lcm(*(c.denominator for c in coefficients))
    )
    if p[degree(p)] < 0:
        content = -content
    common = {low: content}
    q = {k - low: c / content for k, c in p.items()}
    front = [] if common == {0: Fraction(1)} else [to_expr(common, x)]
    if front and degree(q) >= 1:
        lines.append((RuleId.FACTOR_COMMON, _product(front, [to_expr(q, x)])))
    roots = rational_roots(q)
    if not roots:
        return lines
    rest = q
    for r in roots:
        rest = _divide_linear(rest, r)
    scale = math.prod(r.denominator for r in roots)  # x - p/q = (qx - p)/q
    rest = {k: c / scale for k, c in rest.items()}
    factors: list[Expr] = []
    for r, group in itertools.groupby(roots):
        k = len(list(group))
        linear = _linear(r, x)
        factors.append(linear if k == 1 else Pow(linear, Num(k)))
    leftover = [] if rest == {0: Fraction(1)} else [to_expr(rest, x)]
    lines.append((RuleId.FACTOR, _product(front, factors + leftover)))
    return lines


def _linear(r: Fraction, x: Sym) -> Expr:
    """The factor of root ``r = p/q``: ``q x - p`` (``x + 1``, ``x - 2``, ``2x - 1``)."""
    lead: Expr = x if r.denominator == 1 else Mul((Num(r.denominator), x))
    if r == 0:
        return x
    tail = number(abs(r.numerator))
    return Add((lead, Neg(tail) if r > 0 else tail))


def _product(front: list[Expr], rest: list[Expr]) -> Expr:
    factors: list[Expr] = []
    for f in front + rest:
        factors.extend(f.factors if isinstance(f, Mul) else (f,))
    return factors[0] if len(factors) == 1 else Mul(tuple(factors))
