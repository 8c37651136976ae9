"""Exact polynomial and rational normal forms over Q: the engine under simplification.

An expression is read as num/den, two polynomials in its **generators**: every subterm that
is not arithmetic (numbers, ``+ - · /``, whole powers) is a variable, and powers of one base
are tied together: ``b^(c·u)`` with c rational is a power of ``t = b^(u/L)``, L the lcm of the
denominators of every c met (``e^(2x) = (e^x)²``, ``e^(-x) = 1/e^x``, ``√x = x^(1/2)``).  A
root of an atom stands for the atom too (with ``t = √x``, ``x = t²`` and ``x^(3/2) = t³``); a
root of anything else (``√(x² + 1)``, ``√2``) has ``t^L = base``, and its powers are lowered
below L at the end (``√u·√u = u``).  num/den is cancelled by flint's gcd and den made monic
by its leading term in textbook order, so equal forms have equal ``(num, den)``.  Past the
caps below an expression is out of reach, and the public functions answer None: they never raise.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, TypeAlias

from stepcalc.expr import Add, Div, Expr, Func, Mul, Neg, Num, Pow, Sym, children
from stepcalc.simplify.generators import (
    OPERATIONS,
    Generator,
    Generators,
    OutOfReach,
    RationalForm,
    atomic,
    collect,
    make_generators,
    power_of_node,
)
from stepcalc.simplify.terms import scaled

if TYPE_CHECKING:
    from flint import fmpq, fmpq_mpoly

__all__ = [
    "Generator",
    "Generators",
    "RationalForm",
    "cancel",
    "common_factor",
    "expand",
    "factor",
    "from_poly",
    "from_rational",
    "is_zero",
    "normal_form",
    "rationalised",
    "to_rational",
    "to_rationals",
    "with_pythagoras",
]

MAX_DEGREE = 60  # total degree of any polynomial met on the way
MAX_TERMS = 2_000  # terms of any polynomial met on the way
MAX_PRODUCT = 200_000  # term pairs one multiplication may form
MAX_BITS = 12_000  # size of a coefficient's numerator or denominator

Frac: TypeAlias = "tuple[fmpq_mpoly, fmpq_mpoly]"


# ---------------------------------------------------------------- arithmetic under the caps
def _checked(p: fmpq_mpoly) -> fmpq_mpoly:
    if len(p) > MAX_TERMS:  # (degrees are checked before: a sum's is at most its terms')
        raise OutOfReach
    return p


def _times(a: fmpq_mpoly, b: fmpq_mpoly) -> fmpq_mpoly:
    if len(a) * len(b) > MAX_PRODUCT or a.total_degree() + b.total_degree() > MAX_DEGREE:
        raise OutOfReach
    return _checked(a * b)


def _add(a: Frac, b: Frac) -> Frac:
    if a[1] == b[1]:
        return _checked(a[0] + b[0]), a[1]
    g = a[1].gcd(b[1])
    da, db = a[1] / g, b[1] / g
    return _checked(_times(a[0], db) + _times(b[0], da)), _times(a[1], db)


def _mul(a: Frac, b: Frac) -> Frac:
    (an, ad), (bn, bd) = a, b
    if ad.is_constant() and bd.is_constant():
        return _times(an, bn), ad * bd
    g, h = an.gcd(bd), bn.gcd(ad)  # cancel across first: keeps degrees low
    an, bd, bn, ad = an / g, bd / g, bn / h, ad / h
    return _times(an, bn), _times(ad, bd)


def _inverse(a: Frac) -> Frac:
    if a[0].is_zero():
        raise OutOfReach  # a division by zero
    return a[1], a[0]


def _raised(a: Frac, n: int) -> Frac:
    num, den = a if n >= 0 else _inverse(a)
    return _power(num, abs(n)), den if den.is_one() else _power(den, abs(n))


def _power(p: fmpq_mpoly, n: int) -> fmpq_mpoly:
    """``p^n``; its terms are at most those of a sum of len(p) variables to the n."""
    if n * max(p.total_degree(), 0) > MAX_DEGREE or n * _bits(p) > MAX_BITS:
        raise OutOfReach
    if len(p) > 1 and math.comb(len(p) + n - 1, n) > MAX_TERMS:  # (n ≤ MAX_DEGREE here)
        raise OutOfReach
    return p**n


def _bits(p: fmpq_mpoly) -> int:
    return max((c.height_bits() for c in p.coeffs()), default=0)


def _content(*ps: fmpq_mpoly) -> Fraction:
    """The gcd of the coefficients: that of their numerators over the lcm of their denominators."""
    qs = [_fraction(c) for p in ps for c in p.coeffs()]
    return Fraction(math.gcd(*(q.numerator for q in qs)), math.lcm(*(q.denominator for q in qs)))


def _fraction(q: fmpq) -> Fraction:
    return Fraction(int(q.p), int(q.q))


def _terms(p: fmpq_mpoly) -> list[tuple[tuple[int, ...], fmpq]]:
    """The terms of ``p`` with exponents as ints (flint gives fmpz, whatever its stubs say)."""
    return [(tuple(map(int, exps)), c) for exps, c in p.terms()]


# ---------------------------------------------------------------- expression → form
class _Reader:
    """Reads the nodes of one expression bottom-up, each shared node once, without recursion."""

    def __init__(self, gens: Generators) -> None:
        self.gens = gens
        self.one = gens.ctx.constant(1)
        self.bases: dict[int, Frac] = {}  # a reducing generator's index → its base
        self.powers: dict[tuple[int, int], Frac] = {}  # (index, m) → t^m
        self.done: dict[int, Frac] = {}  # a node's id → its value, shared by the reads of one expression

    def read(self, e: Expr) -> Frac:
        done = self.done
        stack: list[tuple[Expr, tuple[Expr, ...] | None]] = [(e, None)]  # parts once they are pushed
        while stack:
            node, parts = stack.pop()
            if parts is None:
                if id(node) in done:
                    continue
                parts = self._parts(node)
                if parts:
                    stack += [(node, parts), *((p, None) for p in parts)]
                    continue
            done[id(node)] = self._value(node, [done[id(p)] for p in parts])
        return self._lowered(done[id(e)])

    def _parts(self, node: Expr) -> tuple[Expr, ...]:
        if type(node) in OPERATIONS:
            return children(node)
        if type(node) is Num:
            return ()
        base, unit, _ = power_of_node(node)
        return (base,) if unit is None and not atomic(base) else ()  # a whole power or a root

    def _value(self, node: Expr, vals: list[Frac]) -> Frac:
        if type(node) is Add or type(node) is Mul:
            total, add = vals[0], type(node) is Add
            for v in vals[1:]:
                total = _add(total, v) if add else _mul(total, v)
            return total
        if type(node) is Num:
            value = Fraction(node.value)
            return self.gens.ctx.constant(value.numerator) / value.denominator, self.one
        if type(node) is Neg:
            return -vals[0][0], vals[0][1]
        if type(node) is Div:
            return _mul(vals[0], _inverse(vals[1]))
        base, unit, c = power_of_node(node)
        if unit is None and c.denominator == 1 and not atomic(base):
            return _raised(vals[0], int(c))
        return self._generator_power(base, unit, c, vals)

    def _generator_power(self, base: Expr, unit: Expr | None, c: Fraction | int, vals: list[Frac]) -> Frac:
        """``base^(c·unit)`` is ``t^m`` with m = c·root; a compound base keeps its whole powers
        apart: ``u^(3/2) = u·√u``, ``u^(-3/2) = 1/(u·√u)``."""
        i = self.gens.index[base, unit]
        g, t = self.gens.items[i], (self.gens.ctx.gen(i), self.one)
        m = g.root if c == 1 else int(c * g.root)
        if not g.reduces:
            return self.powers.get((i, m)) or self.powers.setdefault((i, m), _raised(t, m))
        self.bases[i] = vals[0]
        whole, rest = divmod(abs(m), g.root)
        value = _mul(_raised(vals[0], whole), _raised(t, rest))
        return value if m >= 0 else _inverse(value)

    def _lowered(self, value: Frac) -> Frac:
        """``t^k`` lowered for k ≥ root, one generator at a time (a base holds only those inside it)."""
        for _ in range(2 * len(self.bases) + 1):
            high = [i for i in self.bases if any(p.degrees()[i] >= self.gens.items[i].root for p in value)]
            if not high:
                return value
            top, bottom = (self._lower(p, high[0]) for p in value)
            value = _mul(top, _inverse(bottom))
        raise OutOfReach

    def _lower(self, p: fmpq_mpoly, i: int) -> Frac:
        groups: dict[int, dict[tuple[int, ...], fmpq]] = {}
        for exps, c in _terms(p):
            whole, rest = divmod(exps[i], self.gens.items[i].root)
            groups.setdefault(whole, {})[(*exps[:i], rest, *exps[i + 1 :])] = c
        total: Frac = (self.gens.ctx.constant(0), self.one)
        for whole, terms in groups.items():
            part = (self.gens.ctx.from_dict(terms), self.one)
            total = _add(total, _mul(part, _raised(self.bases[i], whole)))
        return total


def to_rational(e: Expr) -> RationalForm | None:
    """``e`` as ``num/den`` over Q in its generators; None past a cap, for 1/0 or for a vector."""
    forms = to_rationals(e)
    return None if forms is None else forms[0]


def to_rationals(e: Expr, *parts: Expr) -> tuple[RationalForm, ...] | None:
    """``e`` and some of its subexpressions (a quotient's denominator) as rational forms in the
    same generators, those of ``e``, read once; None past a cap, for 1/0 or for a vector."""
    try:
        gens = make_generators(collect(e))
        reader = _Reader(gens)
        read = [reader.read(p) for p in (e, *parts)]
    except OutOfReach:
        return None
    forms = [_form(num, den, gens) for num, den in read]
    return None if None in forms else tuple(f for f in forms if f is not None)


def _form(num: fmpq_mpoly, den: fmpq_mpoly, gens: Generators) -> RationalForm | None:
    """num/den cancelled, den monic by its textbook leading term; None past the size cap."""
    g = num.gcd(den)
    num, den = num / g, den / g
    if max(_bits(num), _bits(den)) > MAX_BITS:
        return None
    lead = min(_terms(den), key=lambda t: gens.term_key(t[0]))[1]
    return RationalForm(num / lead, den / lead, gens)


# sin²u = 1 - cos²u and sinh²u = cosh²u - 1: the square of the first written through the second
_PYTHAGOREAN = {"sin": ("cos", 1), "sinh": ("cosh", -1)}


def with_pythagoras(e: Expr) -> Expr | None:
    """``(2 sin x cos x (1 - cos x) - sin³x)/(1 - cos x)²`` → ``-sin x``: the quotient read with
    sin²u lowered to 1 - cos²u (sinh²u to cosh²u - 1) where cos u (cosh u) is there too, so
    that a common factor the identity hides cancels.  None when no such pair, nothing more
    cancels than without the identity, or out of reach."""
    try:
        gens = make_generators(collect(e))
        pairs = _pythagorean_pairs(gens)
        if not pairs:
            return None
        reader = _Reader(gens)
        num, den = reader.read(e)
        plain = _form(num, den, gens)
        for i, (j, sign) in pairs.items():
            c = gens.ctx.gen(j)
            square = _times(c, c)
            base = (gens.ctx.constant(1) - square if sign > 0 else square - 1, reader.one)
            num, den = _mul(_lowered_by(num, i, base, gens), _inverse(_lowered_by(den, i, base, gens)))
        form = _form(num, den, gens)
        if form is None or plain is None or form.den.total_degree() >= plain.den.total_degree():
            return None
        return from_rational(form)
    except OutOfReach:
        return None


def _pythagorean_pairs(gens: Generators) -> dict[int, tuple[int, int]]:
    """sin u's index → (cos u's index, the sign of the identity), for each u with both."""
    out: dict[int, tuple[int, int]] = {}
    for i, g in enumerate(gens.items):
        f = g.base
        if g.unit is not None or g.root != 1 or not (isinstance(f, Func) and f.name in _PYTHAGOREAN):
            continue
        name, sign = _PYTHAGOREAN[f.name]
        j = gens.index.get((Func(name, f.args), None))
        if j is not None:
            out[i] = (j, sign)
    return out


def _lowered_by(p: fmpq_mpoly, i: int, square: Frac, gens: Generators) -> Frac:
    """``p`` with each t² of the generator tᵢ written as ``square``."""
    one = gens.ctx.constant(1)
    groups: dict[int, dict[tuple[int, ...], fmpq]] = {}
    for exps, c in _terms(p):
        q, r = divmod(exps[i], 2)
        groups.setdefault(q, {})[(*exps[:i], r, *exps[i + 1 :])] = c
    total: Frac = (gens.ctx.constant(0), one)
    for q, terms in groups.items():
        total = _add(total, _mul((gens.ctx.from_dict(terms), one), _raised(square, q)))
    return total


def rationalised(e: Expr) -> Expr | None:
    """``(√(x² + 1) + x)/(x √(x² + 1) + x² + 1)`` → ``1/√(x² + 1)``: a denominator a·t + b of
    degree one in the square root t of a sum, multiplied above and below by its conjugate
    a·t - b (the root leaves the denominator, which becomes a²·t² - b² with t² lowered), and the
    common factor cancelled.  None when no such root or out of reach."""
    try:
        gens = make_generators(collect(e))
        reader = _Reader(gens)
        num, den = reader.read(e)
        for i in list(reader.bases):
            if gens.items[i].root != 2 or den.degrees()[i] != 1:
                continue
            a, b = _split(den, i, gens)
            if b.is_zero():
                continue  # a root alone below (1/(2√u)) stays: no conjugate to multiply by
            conj = _times(a, gens.ctx.gen(i)) - b
            top, bottom = (reader._lowered((_times(p, conj), reader.one)) for p in (num, den))
            value = _mul(top, _inverse(bottom))
            form = _form(*value, gens)
            if form is not None and form.den.degrees()[i] == 0:
                return from_rational(form)
    except OutOfReach:
        return None
    return None


def _split(p: fmpq_mpoly, i: int, gens: Generators) -> tuple[fmpq_mpoly, fmpq_mpoly]:
    """``p = a·t + b`` for the generator t = gᵢ, p of degree one in it."""
    parts: tuple[dict[tuple[int, ...], fmpq], dict[tuple[int, ...], fmpq]] = ({}, {})
    for exps, c in _terms(p):
        parts[exps[i]][(*exps[:i], 0, *exps[i + 1 :])] = c
    return gens.ctx.from_dict(parts[1]), gens.ctx.from_dict(parts[0])


# ---------------------------------------------------------------- form → expression
def from_poly(p: fmpq_mpoly, gens: Generators) -> Expr:
    """``p`` in textbook order: ``x^2 - 2x + 1``, ``2x y``, ``-x/2``, ``1 - x^2``."""

    def monomial(x: tuple[int, ...]) -> Expr | None:
        return _product([g.power(k) for g, k in zip(gens.items, x, strict=True) if k])

    out = [scaled(_fraction(c), monomial(x)) for x, c in sorted(_terms(p), key=lambda t: gens.term_key(t[0]))]
    if len(out) == 2 and isinstance(out[0], Neg) and not isinstance(out[1], Neg):
        out.reverse()  # 1 - x² rather than -x² + 1
    return (out[0] if len(out) == 1 else Add(tuple(out))) if out else Num(0)


def _product(factors: list[Expr]) -> Expr | None:
    return (factors[0] if len(factors) == 1 else Mul(tuple(factors))) if factors else None


def from_rational(form: RationalForm) -> Expr:
    """One quotient with whole coefficients (``6/(x^2 y)``, ``-(x + 1)/(2x)``), or ``x/2 + 1``."""
    num, den, gens = form.num, form.den, form.gens
    if den.is_constant():
        return from_poly(num / den.leading_coefficient(), gens)
    content = _content(num, den)
    num, den = num * content.denominator / content.numerator, den * content.denominator / content.numerator
    if all(_fraction(c) < 0 for c in num.coeffs()):
        return Neg(Div(from_poly(-num, gens), from_poly(den, gens)))
    return Div(from_poly(num, gens), from_poly(den, gens))


# ---------------------------------------------------------------- what simplification asks
def cancel(e: Expr) -> Expr | None:
    """``(x^2 + 3x + 2)/(x + 1)`` → ``x + 2``; None when out of reach or already so."""
    form = to_rational(e)
    out = None if form is None else from_rational(form)
    return None if out == e else out


def expand(e: Expr) -> Expr | None:
    """``(x + 1)^2 - (x - 1)^2`` → ``4x``; None for no polynomial, out of reach or already so."""
    form = to_rational(e)
    out = None if form is None or not form.den.is_constant() else from_poly(form.num, form.gens)
    return None if out == e else out


def factor(e: Expr, keep: tuple[Expr, ...] = ()) -> Expr | None:
    """``x^2 e^x + 2x e^x`` → ``x e^x (x + 2)``: the number, powers of generators, then the other
    factors by ascending degree (above and below a quotient); None when out of reach or already so.
    The sums in ``keep`` (the brackets ``e`` is written with) stay whole where they divide:
    ``(4 - x²)²`` is not split into ``(x - 2)² (x + 2)²``."""
    forms = to_rationals(e, *keep) if keep else None
    forms = forms or to_rationals(e)
    if forms is None or forms[0].num.is_zero():
        return None
    form, brackets = forms[0], [(f.num, b) for f, b in zip(forms[1:], keep, strict=False) if f.den.is_one()]
    top_kept, top_rest = _divided(form.num, brackets)
    bottom_kept, bottom_rest = _divided(form.den, brackets)
    top_content, top = _factors(top_rest, form.gens)
    bottom_content, bottom = _factors(bottom_rest, form.gens)
    top, bottom = top + top_kept, bottom + bottom_kept
    c = top_content / bottom_content
    out = _product(([Num(abs(c.numerator))] if abs(c.numerator) != 1 else []) + top) or Num(1)
    below = _product(([Num(c.denominator)] if c.denominator != 1 else []) + bottom)
    out = out if below is None else Div(out, below)
    out = Neg(out) if c < 0 else out
    return None if out == e else out


def _divided(p: fmpq_mpoly, brackets: list[tuple[fmpq_mpoly, Expr]]) -> tuple[list[Expr], fmpq_mpoly]:
    """The powers of ``brackets`` that divide ``p`` (as written), and what is left of ``p``."""
    kept: list[Expr] = []
    for b, written in brackets:
        if b.total_degree() < 1:
            continue
        k = 0
        while True:
            q, r = divmod(p, b)
            if not r.is_zero():
                break
            p, k = q, k + 1
        if k:
            kept.append(written if k == 1 else Pow(written, Num(k)))
    return kept, p


def _factors(p: fmpq_mpoly, gens: Generators) -> tuple[Fraction, list[Expr]]:
    """flint's content of ``p`` (with the sign), and its factors in the order a product has them."""
    content, found = p.factor()
    monomials: list[tuple[int, Expr]] = []
    others: list[tuple[tuple[object, ...], Expr]] = []
    for f, k in found:
        if len(f) == 1:  # a single generator (flint splits x²y into x², y)
            ((exps, _),) = _terms(f)
            i = next(j for j, d in enumerate(exps) if d)
            monomials.append((i, gens.items[i].power(k * exps[i])))
        else:
            shown = from_poly(f, gens)
            others.append((_factor_key(f, gens), shown if k == 1 else Pow(shown, Num(k))))
    monomials.sort(key=lambda m: m[0])
    others.sort(key=lambda o: o[0])
    return _fraction(content), [m for _, m in monomials] + [o for _, o in others]


def _factor_key(f: fmpq_mpoly, gens: Generators) -> tuple[object, ...]:
    """Ascending degree, then by the terms present, then as the roots ascend: (x + 2)(x - 1)."""
    terms = sorted(_terms(f), key=lambda t: gens.term_key(t[0]))
    keys = [gens.term_key(exps) for exps, _ in terms]
    lead = _fraction(terms[0][1])
    return -keys[0][0], keys, [-_fraction(c) / lead for _, c in terms]


def common_factor(e: Expr) -> tuple[Expr, Expr] | None:
    """``10x^4 + 6x`` → ``(2x, 5x^3 + 3)``, ``x e^x + e^x`` → ``(e^x, x + 1)``: what every
    term shares (a number, powers of generators, the denominator) and what is left."""
    form = to_rational(e)
    if form is None or len(form.num) < 2:
        return None
    content = _content(form.num) * (-1 if all(c < 0 for c in form.num.coeffs()) else 1)
    shared = form.num.term_content() * content.numerator / content.denominator
    common = from_rational(RationalForm(shared, form.den, form.gens))
    return None if common == Num(1) else (common, from_poly(form.num / shared, form.gens))


def is_zero(e: Expr) -> bool | None:
    """True when ``e`` is 0 as a rational function; False when not and its generators are symbols
    (or their roots), which are independent; None otherwise (``sin²x + cos²x - 1``, out of reach)."""
    form = to_rational(e)
    if form is None or form.num.is_zero():
        return None if form is None else True
    return False if all(g.unit is None and isinstance(g.base, Sym) for g in form.gens.items) else None


def normal_form(e: Expr) -> Expr:
    """``e`` as one cancelled quotient of polynomials in its generators ((1/x + 1)/x² →
    (x + 1)/x³), or ``e`` itself when it is out of the normal form's reach."""
    form = to_rational(e)
    return e if form is None else from_rational(form)
