"""Simplification as named rewrites that head for the textbook's final form.

Every change is a local rewrite of one node, named by a rule id, so the engine can record
which ones a ``simplify`` line used.  The policy (docs/simplification.md):

* numbers are folded and written in front (``e^{2x}·2`` → ``2e^{2x}``), no ``1·``, ``+ 0``,
  ``^1``; signs are pulled out of products and quotients (``e^x(-sin x)`` → ``-e^x sin x``);
* a product with a fraction becomes one fraction (``(x+1)·(1/x)`` → ``(x+1)/x``) and common
  factors of a quotient cancel (``2x/(2√u)`` → ``x/√u``);
* like terms are combined; a bracketed sum is opened only when that lets terms combine
  (``x ln x - (x+1)`` stays as the textbook writes it);
* powers of the same base with numeric exponents merge (``x·x²`` → ``x³``);
* nothing is expanded or factored unless asked (``--factor``).

None of this calls sympy; the oracle checks every line separately.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from stepcalc.expr import (
    Add,
    Const,
    Div,
    E,
    Expr,
    Func,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    children,
    free_symbols,
    map_bottom_up,
)
from stepcalc.rules.base import number, rational
from stepcalc.steps import RuleId

__all__ = ["clear_complex_fractions", "fold_numbers", "positive_exponents", "tidy"]

_MAX_DIGITS = 200  # a folded power never grows past this many digits
Rewrite = tuple[Expr, RuleId] | None


# ---------------------------------------------------------------- folding after a rule
def fold_numbers(e: Expr, keep: Expr | None = None) -> Expr:
    """The arithmetic a rule's own result needs: ``1 + 0`` → ``1``, ``2·1`` → ``2``, ``u·(-1)`` → ``-u``.

    Only zeros and ones are folded (and a factor ``-1`` becomes a sign): ``3·2x`` is left
    for the ``simplify`` line, as a textbook shows it.
    """
    return map_bottom_up(e, _fold_node, keep=_parts(keep) if keep is not None else None)


def _parts(f: Expr) -> set[int]:
    """The nodes of a rule's input that its output may reuse (children and grandchildren)."""
    kids = children(f)
    return {id(f), *(id(c) for c in kids), *(id(g) for c in kids for g in children(c))}


def _fold_node(e: Expr) -> Expr:
    """One node's zeros and ones folded; the node itself when there is nothing to fold."""
    if isinstance(e, Add):
        terms = tuple(t for t in e.terms if not _is_zero(t))
        if len(terms) == len(e.terms):
            return e
        if not terms:
            return Num(0)
        return terms[0] if len(terms) == 1 else Add(terms)
    if isinstance(e, Mul):
        if any(_is_zero(f) for f in e.factors):
            return Num(0)
        if not any(f == Num(1) or f == _MINUS_ONE for f in e.factors):
            return e
        negative = sum(1 for f in e.factors if f == _MINUS_ONE) % 2 == 1
        factors = tuple(f for f in e.factors if f != Num(1) and f != _MINUS_ONE)
        body = factors[0] if len(factors) == 1 else (Mul(factors) if factors else Num(1))
        return Neg(body) if negative else body
    if isinstance(e, Neg) and _is_zero(e.arg):
        return Num(0)
    if isinstance(e, Div) and _is_zero(e.num):
        return Num(0)
    return e


_MINUS_ONE = Neg(Num(1))


def _is_zero(e: Expr) -> bool:
    return isinstance(e, Num) and e.value == 0


# ---------------------------------------------------------------- the tidy passes
def tidy(e: Expr, used: list[RuleId] | None = None) -> Expr:
    """``e`` with every local simplification applied until none applies.

    The ids of the rewrites that fired are appended to ``used`` (first use order).
    """
    log: list[RuleId] = [] if used is None else used

    def visit(node: Expr) -> Expr:
        for _ in range(50):
            rewrite = _REWRITES[type(node)](node) if type(node) in _REWRITES else None
            if rewrite is None:
                return node
            node, rule = rewrite
            if rule not in log:
                log.append(rule)
        return node

    for _ in range(20):
        new = map_bottom_up(e, visit)
        if new == e:
            break
        e = new
    return e


def _neg(e: Expr) -> Rewrite:
    assert isinstance(e, Neg)
    if isinstance(e.arg, Neg):
        return e.arg.arg, RuleId.SIMPLIFY_SIGNS
    if _is_zero(e.arg):
        return Num(0), RuleId.FOLD_CONSTANTS
    return None


# -- sums
def _add(e: Expr) -> Rewrite:
    assert isinstance(e, Add)
    terms = e.terms
    if any(isinstance(t, Add) for t in terms):
        flat = [s for t in terms for s in (t.terms if isinstance(t, Add) else (t,))]
        return _sum_of(flat), RuleId.SIMPLIFY
    if any(isinstance(t, Neg) and isinstance(t.arg, Neg) for t in terms):
        return _sum_of([t.arg.arg if isinstance(t, Neg) and isinstance(t.arg, Neg) else t for t in terms]), (
            RuleId.SIMPLIFY_SIGNS
        )
    if any(_is_zero(t) for t in terms):
        return _sum_of([t for t in terms if not _is_zero(t)]), RuleId.FOLD_CONSTANTS
    numbers = [i for i, t in enumerate(terms) if rational(t) is not None]
    if len(numbers) > 1:
        total = sum((rational(terms[i]) or Fraction(0) for i in numbers), Fraction(0))
        rest = [t for i, t in enumerate(terms) if i not in numbers]
        return _sum_of([*rest, number(total)] if total else rest), RuleId.FOLD_CONSTANTS
    combined = _combine_like(list(terms))
    if combined is not None:
        return _sum_of(combined), RuleId.COMBINE_LIKE_TERMS
    opened = _open_brackets_to_combine(list(terms))
    if opened is not None:
        return _sum_of(opened), RuleId.COMBINE_LIKE_TERMS
    expanded = _expand_polynomial(e)
    if expanded is not None:
        return expanded
    if len(terms) == 2 and isinstance(terms[0], Neg) and not isinstance(terms[1], Neg):
        return Add((terms[1], terms[0])), RuleId.SIMPLIFY_SIGNS  # 1 - x² rather than -x² + 1
    return None


def _expand_polynomial(e: Add) -> Rewrite:
    """``2x(x - 1) - (x² + 1)`` → ``x² - 2x - 1``: a polynomial sum not yet in expanded form."""
    from stepcalc.poly import MAX_DEGREE, to_expr, to_poly

    variables = free_symbols(e)
    if len(variables) != 1 or all(_monomial(t) for t in e.terms) or not all(map(_expandable, e.terms)):
        return None
    (x,) = variables
    p = to_poly(e, x)
    if p is None or (p and max(p) > MAX_DEGREE // 2):
        return None
    return to_expr(p, x), RuleId.EXPAND


def _expandable(t: Expr) -> bool:
    """A monomial times plain sums (``2x(x - 1)``), not a power of a sum (``(x+1)³`` stays)."""
    _, rest = split_coefficient(t)
    factors = rest.factors if isinstance(rest, Mul) else (() if rest is None else (rest,))
    return all(_monomial(f) or (isinstance(f, Add) and all(map(_monomial, f.terms))) for f in factors)


def _monomial(t: Expr) -> bool:
    _, rest = split_coefficient(t)
    factors = rest.factors if isinstance(rest, Mul) else (() if rest is None else (rest,))
    return all(isinstance(b, Sym) and k is not None for b, k in map(_base_exponent, factors))


def _sum_of(terms: list[Expr]) -> Expr:
    if not terms:
        return Num(0)
    return terms[0] if len(terms) == 1 else Add(tuple(terms))


def split_coefficient(t: Expr) -> tuple[Fraction, Expr | None]:
    """A term as (numeric coefficient, the rest): ``-3x²`` → (-3, x²); ``5`` → (5, None)."""
    if isinstance(t, Neg):
        c, rest = split_coefficient(t.arg)
        return -c, rest
    value = rational(t)
    if value is not None:
        return value, None
    if isinstance(t, Mul):
        coefficient = Fraction(1)
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
    return Fraction(1), t


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


def _combine_like(terms: list[Expr]) -> list[Expr] | None:
    groups: dict[Expr | None, Fraction] = {}
    order: list[Expr | None] = []
    for t in terms:
        c, rest = split_coefficient(t)
        if rest not in groups:
            groups[rest] = Fraction(0)
            order.append(rest)
        groups[rest] += c
    if len(order) == len(terms):
        return None
    return [scaled(groups[r], r) for r in order if groups[r] != 0]


def _open_brackets_to_combine(terms: list[Expr]) -> list[Expr] | None:
    """Open ``-(a + b)`` or ``c(a + b)`` inside a sum when that lets like terms combine."""
    for i, t in enumerate(terms):
        c, rest = split_coefficient(t)
        if not isinstance(rest, Add):
            continue
        inner = [scaled(c * ci, ri) for ci, ri in map(split_coefficient, rest.terms)]
        candidate = terms[:i] + inner + terms[i + 1 :]
        if _combine_like(candidate) is not None:
            return candidate
    return None


# -- products
def _mul(e: Expr) -> Rewrite:
    assert isinstance(e, Mul)
    fs = e.factors
    if any(isinstance(f, Mul) for f in fs):
        return Mul(tuple(g for f in fs for g in (f.factors if isinstance(f, Mul) else (f,)))), RuleId.SIMPLIFY
    if any(_is_zero(f) for f in fs):
        return Num(0), RuleId.FOLD_CONSTANTS
    if any(isinstance(f, Neg) for f in fs):
        stripped = [f.arg if isinstance(f, Neg) else f for f in fs]
        negative = sum(isinstance(f, Neg) for f in fs) % 2 == 1
        body = Mul(tuple(stripped))
        return (Neg(body) if negative else body), RuleId.SIMPLIFY_SIGNS
    if any(isinstance(f, Div) for f in fs):
        return _multiply_fractions(fs), RuleId.MULTIPLY_FRACTIONS
    numeric = [i for i, f in enumerate(fs) if rational(f) is not None]
    if numeric and (len(numeric) > 1 or rational(fs[numeric[0]]) == 1):
        value = math.prod((rational(fs[i]) or Fraction(0) for i in numeric), start=Fraction(1))
        rest = [f for i, f in enumerate(fs) if i not in numeric]
        return _product_of(value, rest), RuleId.FOLD_CONSTANTS
    if numeric and numeric[0] != 0:
        return Mul(
            (fs[numeric[0]], *(f for i, f in enumerate(fs) if i != numeric[0]))
        ), RuleId.CONSTANTS_FIRST
    merged = _merge_powers(list(fs))
    if merged is not None:
        return _product_of(Fraction(1), merged), RuleId.COMBINE_POWERS
    ordered = tuple(sorted(fs, key=_factor_key))
    if ordered != fs:
        return Mul(ordered), RuleId.CONSTANTS_FIRST
    return None


def _factor_key(f: Expr) -> tuple[int, str]:
    """Textbook order of factors: numbers, π and e, powers of variables by name (``2πx cos x²``), the rest."""
    if rational(f) is not None:
        return 0, ""
    if isinstance(f, Const):
        return 1, f.name
    base, k = _base_exponent(f)
    if isinstance(base, Sym) and k is not None and not isinstance(f, Func):
        return 2, base.name
    return 3, ""


def _product_of(value: Fraction, rest: list[Expr]) -> Expr:
    if not rest:
        return number(value)
    return scaled(value, rest[0] if len(rest) == 1 else Mul(tuple(rest)))


def _multiply_fractions(fs: tuple[Expr, ...]) -> Expr:
    nums: list[Expr] = []
    dens: list[Expr] = []
    for f in fs:
        if isinstance(f, Div):
            if f.num != Num(1):
                nums.append(f.num)
            dens.append(f.den)
        else:
            nums.append(f)
    top = nums[0] if len(nums) == 1 else (Mul(tuple(nums)) if nums else Num(1))
    bottom = dens[0] if len(dens) == 1 else Mul(tuple(dens))
    return Div(top, bottom)


def _base_exponent(f: Expr) -> tuple[Expr, Fraction | None]:
    """A factor as base and numeric exponent (``√u`` is ``u^{1/2}``); the exponent is None if not numeric."""
    if isinstance(f, Pow):
        return f.base, rational(f.exp)
    if isinstance(f, Func) and f.name == "sqrt":
        return f.args[0], Fraction(1, 2)
    return f, Fraction(1)


def _power_of(base: Expr, k: Fraction) -> Expr:
    if k == 1:
        return base
    if k == Fraction(1, 2):
        return Func("sqrt", (base,))
    return Pow(base, number(k))


def _merge_powers(fs: list[Expr]) -> list[Expr] | None:
    """``x·x²`` → ``x³``: factors with the same base and numeric exponents (first place kept)."""
    exponents: dict[Expr, Fraction] = {}
    counts: dict[Expr, int] = {}
    for f in fs:
        base, k = _base_exponent(f)
        if k is not None and rational(base) is None:
            exponents[base] = exponents.get(base, Fraction(0)) + k
            counts[base] = counts.get(base, 0) + 1
    if all(n == 1 for n in counts.values()):
        return None
    out: list[Expr] = []
    for f in fs:
        base, k = _base_exponent(f)
        if k is None or counts.get(base, 1) == 1 or rational(base) is not None:
            out.append(f)
        elif base in exponents:
            total = exponents.pop(base)
            if total != 0:
                out.append(_power_of(base, total))
    return out


# -- quotients
def _div(e: Expr) -> Rewrite:
    assert isinstance(e, Div)
    n, d = e.num, e.den
    if _is_zero(n):
        return Num(0), RuleId.FOLD_CONSTANTS
    if d == Num(1):
        return n, RuleId.FOLD_CONSTANTS
    if isinstance(n, Neg):
        return Neg(Div(n.arg, d)), RuleId.SIMPLIFY_SIGNS
    if isinstance(d, Neg):
        return Neg(Div(n, d.arg)), RuleId.SIMPLIFY_SIGNS
    if isinstance(n, Div):
        return Div(n.num, _times(n.den, d)), RuleId.MULTIPLY_FRACTIONS
    if isinstance(d, Div):
        return Div(_times(n, d.den), d.num), RuleId.MULTIPLY_FRACTIONS
    a, b = rational(n), rational(d)
    if a is not None and b:
        folded = number(a / b)
        return None if folded == e else (folded, RuleId.FOLD_CONSTANTS)
    return _cancel(n, d)


def _times(a: Expr, b: Expr) -> Expr:
    fa = a.factors if isinstance(a, Mul) else (a,)
    fb = b.factors if isinstance(b, Mul) else (b,)
    return Mul((*fa, *fb))


def _factors(e: Expr) -> tuple[Fraction, list[tuple[Expr, Fraction | None, Expr]]]:
    c, rest = split_coefficient(e)
    if rest is None:
        return c, []
    items = rest.factors if isinstance(rest, Mul) else (rest,)
    return c, [(*_base_exponent(f), f) for f in items]


def _cancel(n: Expr, d: Expr) -> Rewrite:
    """Common factors of numerator and denominator: numbers by their gcd, powers by exponent."""
    cn, fn = _factors(n)
    cd, fd = _factors(d)
    changed = False
    ratio = cn / cd if cd else None
    reducible = cn.denominator != 1 or cd.denominator != 1 or math.gcd(cn.numerator, cd.numerator) > 1
    if ratio is not None and reducible and not (abs(cn) == 1 and abs(cd) == 1):
        changed = True
    top: list[Expr] = []
    bottom = [f for _, _, f in fd]
    bottom_info = list(fd)
    for base, k, f in fn:
        match = next(
            (
                j
                for j, (b2, k2, _) in enumerate(bottom_info)
                if b2 == base and k is not None and k2 is not None
            ),
            None,
        )
        if match is None:
            top.append(f)
            continue
        changed = True
        k2 = bottom_info[match][1]
        assert k is not None and k2 is not None
        del bottom_info[match]
        del bottom[match]
        if k > k2:
            top.append(_power_of(base, k - k2))
        elif k2 > k:
            bottom.insert(match, _power_of(base, k2 - k))
            bottom_info.insert(match, (base, k2 - k, bottom[match]))
    if not changed or ratio is None:
        return None
    numerator = _product_of(Fraction(ratio.numerator), top)
    if not bottom and ratio.denominator == 1:
        return numerator, RuleId.CANCEL
    denominator = _product_of(Fraction(ratio.denominator), bottom)
    if isinstance(numerator, Neg):
        return Neg(Div(numerator.arg, denominator)), RuleId.CANCEL
    return Div(numerator, denominator), RuleId.CANCEL


# -- powers and functions
def _pow(e: Expr) -> Rewrite:
    assert isinstance(e, Pow)
    k = rational(e.exp)
    if k == 0:
        return Num(1), RuleId.FOLD_CONSTANTS
    if k == 1:
        return e.base, RuleId.FOLD_CONSTANTS
    if e.base == Num(1):
        return Num(1), RuleId.FOLD_CONSTANTS
    b = rational(e.base)
    if b is not None and k is not None and k.denominator == 1 and b != 0:
        digits = abs(k.numerator) * max(len(str(b.numerator)), len(str(b.denominator)))
        if digits <= _MAX_DIGITS:
            return number(b ** int(k)), RuleId.FOLD_CONSTANTS
    if isinstance(e.base, Pow) and k is not None and k.denominator == 1:
        inner = rational(e.base.exp)
        if inner is not None:
            return Pow(e.base.base, number(inner * k)), RuleId.COMBINE_POWERS
    if isinstance(e.base, Mul) and k is not None and k.denominator == 1:
        c, rest = split_coefficient(e.base)
        if c != 1 and c > 0 and rest is not None:
            parts = rest.factors if isinstance(rest, Mul) else (rest,)
            powered: list[Expr] = [Pow(f, e.exp) for f in parts]
            return _product_of(c ** int(k), powered), RuleId.SIMPLIFY
    if isinstance(e.base, Func) and e.base.name == "sqrt" and k == 2:
        return e.base.args[0], RuleId.SIMPLIFY
    return None


_AT_ZERO = {
    "sin": 0,
    "tan": 0,
    "asin": 0,
    "atan": 0,
    "sinh": 0,
    "tanh": 0,
    "asinh": 0,
    "atanh": 0,
    "cos": 1,
    "cosh": 1,
    "exp": 1,
    "relu": 0,
    "sign": 0,
}


def _func(e: Expr) -> Rewrite:
    assert isinstance(e, Func)
    if len(e.args) != 1:
        return None
    arg = e.args[0]
    value = rational(arg)
    if value == 0 and e.name in _AT_ZERO:
        return Num(_AT_ZERO[e.name]), RuleId.EVALUATE
    if value == 0 and e.name == "sigma":
        return Div(Num(1), Num(2)), RuleId.EVALUATE
    special = _at_pi_multiple(e.name, arg)
    if special is not None:
        return special, RuleId.EVALUATE
    if e.name == "ln" and (value == 1 or arg == E):
        return Num(0 if value == 1 else 1), RuleId.EVALUATE
    if e.name == "ln" and isinstance(arg, Pow) and arg.base == E:
        return arg.exp, RuleId.EVALUATE
    if e.name == "abs" and value is not None:
        return number(abs(value)), RuleId.EVALUATE
    if e.name == "sign" and value is not None:
        return number((value > 0) - (value < 0)), RuleId.EVALUATE
    if e.name == "sqrt" and value is not None and value >= 0:
        root = _exact_sqrt(value)
        if root is not None:
            return number(root), RuleId.EVALUATE
    return None


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


def _at_pi_multiple(name: str, arg: Expr) -> Expr | None:
    """sin, cos, tan at the standard angles (multiples of π/6 and π/4)."""
    if name not in ("sin", "cos", "tan"):
        return None
    c, rest = split_coefficient(arg)
    if rest != Const("pi"):
        return None
    if name == "sin":
        return _sin_pi(c)
    if name == "cos":
        return _sin_pi(c + Fraction(1, 2))
    sine, cosine = _sin_pi(c), _sin_pi(c + Fraction(1, 2))
    if sine is None or cosine is None or cosine == Num(0):
        return None
    return tidy(Div(sine, cosine))


def _exact_sqrt(value: Fraction) -> Fraction | None:
    p, q = math.isqrt(value.numerator), math.isqrt(value.denominator)
    return Fraction(p, q) if p * p == value.numerator and q * q == value.denominator else None


def _const(e: Expr) -> Rewrite:
    return None


_REWRITES: dict[type, Callable[[Expr], Rewrite]] = {
    Neg: _neg,
    Add: _add,
    Mul: _mul,
    Div: _div,
    Pow: _pow,
    Func: _func,
    Const: _const,
}


# ---------------------------------------------------------------- complex fractions
def clear_complex_fractions(e: Expr) -> Expr:
    """``(a - b/c)/d`` → ``(c a - b)/(c d)``: multiply top and bottom by the inner denominators."""
    return map_bottom_up(e, _clear)


def _clear(e: Expr) -> Expr:
    if not isinstance(e, Div):
        return e
    dens: list[Expr] = []
    for part in (e.num, e.den):
        for t in part.terms if isinstance(part, Add) else (part,):
            inner = t.arg if isinstance(t, Neg) else t
            if isinstance(inner, Div) and rational(inner.den) is None and inner.den not in dens:
                dens.append(inner.den)
    if not dens:
        return e
    m = dens[0] if len(dens) == 1 else Mul(tuple(dens))
    return Div(_scale_by(e.num, m), _scale_by(e.den, m))


def _scale_by(part: Expr, m: Expr) -> Expr:
    if isinstance(part, Add):
        return Add(tuple(_scale_term(t, m) for t in part.terms))
    return _scale_term(part, m)


def _scale_term(t: Expr, m: Expr) -> Expr:
    if isinstance(t, Neg):
        return Neg(_scale_term(t.arg, m))
    if isinstance(t, Div) and t.den == m:
        return t.num
    return tidy(_times(m, t))


# ---------------------------------------------------------------- negative exponents
def positive_exponents(e: Expr) -> Expr:
    """``x^{-2/3}/3`` → ``1/(3x^{2/3})``: negative powers written as fractions."""

    def flip(node: Expr) -> Expr:
        if isinstance(node, Pow):
            k = rational(node.exp)
            if k is not None and k < 0:
                return Div(Num(1), node.base if k == -1 else Pow(node.base, number(-k)))
        return node

    return tidy(map_bottom_up(e, flip))
