"""Simplification as named rewrites that head for the textbook's final form.

Every change is a local rewrite of one node, named by a rule id, so the engine can record
which ones a ``simplify`` line used.  The policy (docs/differentiation.md):

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
from collections import Counter
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from stepcalc.catalogue import CATALOGUE
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
def tidy(
    e: Expr, used: list[RuleId] | None = None, *, extra: Callable[[Expr], Expr | None] | None = None
) -> Expr:
    """``e`` with every local simplification applied until none applies.

    The ids of the rewrites that fired are appended to ``used`` (first use order).
    ``extra`` is a further local rewrite tried first at every node, its children already
    tidied (evaluation at a point passes special values this way: derivation lines must not
    get them); what it returns is logged as ``evaluate``.
    """
    log: list[RuleId] = [] if used is None else used

    def visit(node: Expr) -> Expr:
        for _ in range(50):
            found = extra(node) if extra is not None else None
            if found is not None:
                rewrite: Rewrite = (found, RuleId.EVALUATE)
            else:
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
    together = _same_denominator(list(terms))
    if together is not None:
        return together, RuleId.COMMON_DENOMINATOR
    pythagoras = _pythagoras(list(terms))
    if pythagoras is not None:
        return _sum_of(pythagoras), RuleId.TRIG_IDENTITY
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
    """Like terms: the same factors apart from the number, in any order (sin x cos x and
    cos x sin x); the combined term is written with its factors in textbook order."""
    groups: dict[Any, Fraction] = {}
    shown: dict[Any, Expr | None] = {}
    order: list[Any] = []
    for t in terms:
        c, rest = split_coefficient(t)
        key = frozenset(Counter(rest.factors).items()) if isinstance(rest, Mul) else rest
        if key not in groups:
            groups[key] = Fraction(0)
            shown[key] = rest
            order.append(key)
        elif isinstance(rest, Mul) and rest != shown[key]:
            shown[key] = Mul(tuple(sorted(rest.factors, key=_trig_key)))
        groups[key] += c
    if len(order) == len(terms):
        return None
    return [scaled(groups[k], shown[k]) for k in order if groups[k] != 0]


def _open_brackets_to_combine(terms: list[Expr]) -> list[Expr] | None:
    """Open ``-(a + b)``, ``c(a + b)`` or ``m(a + b)`` inside a sum when that lets like
    terms combine (``e^x(1 + e^x) - e^{2x}`` → ``e^x + e^{2x} - e^{2x}``)."""
    opened_all: list[Expr] = []
    for i, t in enumerate(terms):
        inner = _opened(t)
        if inner is None:
            opened_all.append(t)
            continue
        opened_all.extend(inner)
        candidate = terms[:i] + inner + terms[i + 1 :]
        if _combine_like(candidate) is not None or _pythagoras(candidate) is not None:
            return candidate
    # every bracket at once: e^x(x² - 2x + 2) + e^x(2x - 2) = x² e^x
    if len(opened_all) > len(terms):
        combined = _combine_like(opened_all)
        if combined is not None and len(combined) <= len(terms):
            return opened_all
    return None


def _opened(t: Expr) -> list[Expr] | None:
    """The terms of ``c(a + b)`` or ``c·m(a + b)`` with the bracket opened; None for other terms."""
    c, rest = split_coefficient(t)
    if isinstance(rest, Add):
        return [scaled(c * ci, ri) for ci, ri in map(split_coefficient, rest.terms)]
    if not (isinstance(rest, Mul) and sum(isinstance(f, Add) for f in rest.factors) == 1):
        return None
    k = next(j for j, f in enumerate(rest.factors) if isinstance(f, Add))
    bracket = rest.factors[k]
    assert isinstance(bracket, Add)
    others = rest.factors[:k] + rest.factors[k + 1 :]
    inner: list[Expr] = []
    for ci, ri in map(split_coefficient, bracket.terms):
        product = tidy(Mul((*others, ri)) if ri is not None else _product_of(Fraction(1), list(others)))
        inner.append(scaled(c * ci, product) if not _is_zero(product) else Num(0))
    return inner


def _same_denominator(terms: list[Expr]) -> Expr | None:
    """``1/x² - ln x/x²`` → ``(1 - ln x)/x²``: quotients over one denominator become one."""
    dens: dict[Expr, list[int]] = {}
    for i, t in enumerate(terms):
        q = t.arg if isinstance(t, Neg) else t
        if isinstance(q, Div) and rational(q.den) is None:
            dens.setdefault(q.den, []).append(i)
    den, where = next(((d, w) for d, w in dens.items() if len(w) > 1), (None, []))
    if den is None:
        return None
    numerator = [
        (Neg(t.arg.num) if isinstance(t, Neg) else t.num)  # type: ignore[attr-defined]
        for i, t in enumerate(terms)
        if i in where
    ]
    merged = Div(Add(tuple(numerator)), den)
    rest = [merged if i == where[0] else t for i, t in enumerate(terms) if i == where[0] or i not in where]
    return _sum_of(rest)


def _squared(t: Expr, name: str) -> Expr | None:
    """The argument u when ``t`` is ``name(u)²``."""
    if isinstance(t, Pow) and t.exp == Num(2) and isinstance(t.base, Func) and t.base.name == name:
        return t.base.args[0]
    return None


def _pythagoras(terms: list[Expr]) -> list[Expr] | None:
    """``c·sin²u + c·cos²u`` → ``c`` inside a sum (the two terms may stand anywhere)."""
    split = [split_coefficient(t) for t in terms]
    for i, (c, rest) in enumerate(split):
        u = _squared(rest, "sin") if rest is not None else None
        if u is None:
            continue
        for j, (c2, rest2) in enumerate(split):
            if c2 == c and rest2 is not None and _squared(rest2, "cos") == u:
                return [number(c) if k == i else t for k, t in enumerate(terms) if k != j]
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
    cleared = _clear_fractions_in_bracket(fs)
    if cleared is not None:
        return cleared, RuleId.MULTIPLY_FRACTIONS
    merged = _merge_powers(list(fs))
    if merged is None:
        merged = _merge_exponentials(list(fs))
    if merged is not None:
        return _product_of(Fraction(1), merged), RuleId.COMBINE_POWERS
    absolute = _sign_times_power(list(fs))
    if absolute is not None:
        return _product_of(Fraction(1), absolute), RuleId.SIMPLIFY
    ordered = tuple(sorted(fs, key=_factor_key))
    if ordered != fs:
        return Mul(ordered), RuleId.CONSTANTS_FIRST
    return None


def _sign_times_power(fs: list[Expr]) -> list[Expr] | None:
    """``u^k sign(u)`` = ``u^(k-1) |u|`` (``x sign(x)`` = ``|x|``)."""
    for i, f in enumerate(fs):
        if not (isinstance(f, Func) and f.name == "sign"):
            continue
        u = f.args[0]
        for j, g in enumerate(fs):
            base, k = _base_exponent(g)
            if j != i and base == u and k is not None and k >= 1 and not isinstance(g, Func):
                rest = [h for m, h in enumerate(fs) if m not in (i, j)]
                lower = [] if k == 1 else [_power_of(u, k - 1)]
                return [*rest[: min(i, j)], *lower, Func("abs", (u,)), *rest[min(i, j) :]]
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
    if isinstance(f, Pow) and (isinstance(f.base, Const) or rational(f.base) is not None):
        return 3, ""  # e^x, 2^x: before the functions (e^x sec² eˣ, not sec² eˣ e^x)
    return 4, ""


def _trig_key(f: Expr) -> tuple[int, str]:
    """Trigonometric factors as textbooks order them when both orders occur: sin x cos x,
    sec x tan x, csc x cot x; equal names by argument (cos x cos y)."""
    trig = f.base if isinstance(f, Pow) and isinstance(f.base, Func) else f
    if isinstance(trig, Func) and trig.name in _TRIG_RANK and len(trig.args) == 1:
        return 1 + _TRIG_RANK[trig.name], _argument_key(trig.args[0])
    return 0, ""


_TRIG_RANK = {f.name: f.rank for f in CATALOGUE if f.rank is not None}


def _argument_key(e: Expr) -> str:
    """Arguments in the order of their variables (x before y), then as written."""
    names = sorted(s.name for s in free_symbols(e))
    return ",".join(names) + "|" + str(e)


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


def _clear_fractions_in_bracket(fs: tuple[Expr, ...]) -> Expr | None:
    """``x²(1 + 1/x²)`` → ``x² + 1``: multiply into a bracket when that clears its fractions."""
    brackets = [i for i, f in enumerate(fs) if isinstance(f, Add)]
    if len(brackets) != 1 or len(fs) < 2:
        return None
    bracket = fs[brackets[0]]
    assert isinstance(bracket, Add)
    if not any(isinstance(t.arg if isinstance(t, Neg) else t, Div) for t in bracket.terms):
        return None
    others = fs[: brackets[0]] + fs[brackets[0] + 1 :]
    terms = [tidy(Mul((*others, t))) for t in bracket.terms]
    if any(isinstance(t.arg if isinstance(t, Neg) else t, Div) for t in terms):
        return None
    return Add(tuple(terms))


def _merge_exponentials(fs: list[Expr]) -> list[Expr] | None:
    """``e^x·e^x`` → ``e^(x + x)`` (the sum then tidies to ``e^(2x)``): powers of one base
    with at least one exponent that is not a number; exponents add (first place kept)."""
    symbolic = {f.base for f in fs if isinstance(f, Pow) and rational(f.exp) is None}
    groups: dict[Expr, list[Expr]] = {}
    for f in fs:
        if isinstance(f, Pow) and f.base in symbolic:
            groups.setdefault(f.base, []).append(f.exp)
    for base, exps in list(groups.items()):  # e^x·e^x, e^x·e^(-x): like exponents; e^(e^x)·e^x stays
        if len({split_coefficient(x)[1] for x in exps}) != 1:
            groups[base] = exps[:1]
    if all(len(exps) == 1 for exps in groups.values()):
        return None
    out: list[Expr] = []
    for f in fs:
        if not (isinstance(f, Pow) and f.base in groups) or len(exps := groups[f.base]) == 1:
            out.append(f)
        elif exps:
            out.append(Pow(f.base, Add(tuple(exps))))
            groups[f.base] = []
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
    if (
        isinstance(n, Func)
        and isinstance(d, Func)
        and (n.name, d.name) == ("sign", "abs")
        and n.args == d.args
    ):
        return Div(Num(1), n.args[0]), RuleId.SIMPLIFY  # sign(u)/|u| = 1/u (u ≠ 0)
    quotient = _trig_quotient(n, d)
    if quotient is not None:
        return quotient, RuleId.TRIG_IDENTITY
    unsigned = _sign_over_abs(n, d)
    if unsigned is not None:
        return unsigned, RuleId.SIMPLIFY
    cancelled = _cancel(n, d)
    if cancelled is None and isinstance(n, Add):
        cancelled = _cancel_from_sum(n, d)
    return cancelled


def _sign_over_abs(n: Expr, d: Expr) -> Expr | None:
    """``sign(u)·a/(|u|·b)`` = ``a/(u·b)`` (for u ≠ 0), with the factors anywhere in the products."""
    top = list(n.factors) if isinstance(n, Mul) else [n]
    bottom = list(d.factors) if isinstance(d, Mul) else [d]
    for i, f in enumerate(top):
        if isinstance(f, Func) and f.name == "sign":
            for j, g in enumerate(bottom):
                if isinstance(g, Func) and g.name == "abs" and g.args == f.args:
                    rest = top[:i] + top[i + 1 :]
                    bottom[j] = f.args[0]
                    num = _product_of(Fraction(1), rest) if rest else Num(1)
                    return Div(num, bottom[0] if len(bottom) == 1 else Mul(tuple(bottom)))
    return None


_QUOTIENTS = {
    ("sin", "cos"): "tan",
    ("cos", "sin"): "cot",
    ("sinh", "cosh"): "tanh",
    ("cosh", "sinh"): "coth",
}


def _trig_quotient(n: Expr, d: Expr) -> Expr | None:
    """``cos u/sin u`` → ``cot u`` (also inside products: ``x cos x/sin x`` → ``x cot x``)."""
    top = list(n.factors) if isinstance(n, Mul) else [n]
    bottom = list(d.factors) if isinstance(d, Mul) else [d]
    for i, f in enumerate(top):
        for j, g in enumerate(bottom):
            if not (isinstance(f, Func) and isinstance(g, Func) and f.args == g.args and len(f.args) == 1):
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


def _same_base(a: Expr, b: Expr) -> bool:
    """Equal, or sums of the same terms in another order (``cos x + 1`` and ``1 + cos x``)."""
    if a == b:
        return True
    return isinstance(a, Add) and isinstance(b, Add) and Counter(a.terms) == Counter(b.terms)


def _cancel_from_sum(n: Add, d: Expr) -> Rewrite:
    """A factor common to every term of the numerator and to the denominator cancels:
    ``(3(2x+5)² - 4(3x-2)(2x+5))/(2x+5)⁴`` → ``(3(2x+5) - 4(3x-2))/(2x+5)³``,
    ``(2x + 4)/(2√u)`` → ``(x + 2)/√u``."""
    terms = [_factors(t) for t in n.terms]
    cd, fd = _factors(d)
    if cd == 0:
        return None
    coefficients = [c for c, _ in terms]
    g = 0
    if cd.denominator == 1 and all(c.denominator == 1 for c in coefficients):
        g = math.gcd(cd.numerator, *(c.numerator for c in coefficients))
    g = g if g > 1 else 1
    cut: dict[int, Fraction] = {}  # denominator factor index → exponent removed
    for j, (base, k2, _) in enumerate(fd):
        if k2 is None or k2 <= 0:
            continue
        smallest = k2
        for _, fs in terms:
            k = next((k for b, k, _ in fs if k is not None and k > 0 and _same_base(b, base)), None)
            if k is None:
                smallest = Fraction(0)
                break
            smallest = min(smallest, k)
        if smallest > 0:
            cut[j] = smallest
    if g == 1 and not cut:
        return None
    new_terms = []
    for c, fs in terms:
        kept: list[Expr] = []
        removed = dict.fromkeys(cut, False)
        for base, k, f in fs:
            hit = next(  # the same factor the cut was measured on: a positive power of the base
                (j for j in cut if not removed[j] and k is not None and k > 0 and _same_base(fd[j][0], base)),
                None,
            )
            if hit is None:
                kept.append(f)
                continue
            removed[hit] = True
            assert k is not None
            if k > cut[hit]:
                kept.append(_power_of(base, k - cut[hit]))
        new_terms.append(scaled(c / g, None if not kept else kept[0] if len(kept) == 1 else Mul(tuple(kept))))
    bottom: list[Expr] = []
    for j, (base, k2, f) in enumerate(fd):
        if j not in cut:
            bottom.append(f)
        elif k2 is not None and k2 > cut[j]:
            bottom.append(_power_of(base, k2 - cut[j]))
    numerator = _sum_of(new_terms)
    denominator = _product_of(cd / g, bottom)
    if denominator == Num(1):
        return numerator, RuleId.CANCEL
    return Div(numerator, denominator), RuleId.CANCEL


def _times(a: Expr, b: Expr) -> Expr:
    fa = a.factors if isinstance(a, Mul) else (a,)
    fb = b.factors if isinstance(b, Mul) else (b,)
    return Mul((*fa, *fb))


def _factors(e: Expr) -> tuple[Fraction, list[tuple[Expr, Fraction | None, Expr]]]:
    c, rest = split_coefficient(e)
    if rest is None:
        return c, []
    items = rest.factors if isinstance(rest, Mul) else (rest,)
    return c, [_symbolic_factor(f) if _symbolic_power(f) else (*_base_exponent(f), f) for f in items]


def _symbolic_factor(f: Expr) -> tuple[Expr, Fraction | None, Expr]:
    """``e^(2x)`` as (e^x)²: so that it cancels against e^x; other symbolic powers whole."""
    assert isinstance(f, Pow)
    k, rest = split_coefficient(f.exp)
    if rest is not None and k.denominator == 1 and k > 1:
        return Pow(f.base, rest), k, f
    return f, Fraction(1), f


def _symbolic_power(f: Expr) -> bool:
    """``e^x``: a power whose exponent is not a number cancels as a whole (``x e^x/(e^x)²``)."""
    return isinstance(f, Pow) and rational(f.exp) is None


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
                if _same_base(b2, base) and k is not None and k2 is not None
            ),
            None,
        )
        if match is None:
            top.append(f)
            continue
        changed = True
        base2, k2 = bottom_info[match][0], bottom_info[match][1]
        assert k is not None and k2 is not None
        del bottom_info[match]
        del bottom[match]
        if k > k2:
            top.append(_power_of(base, k - k2))
        elif k2 > k:  # the denominator keeps its own writing (1 + cos x, not cos x + 1)
            bottom.insert(match, _power_of(base2, k2 - k))
            bottom_info.insert(match, (base2, k2 - k, bottom[match]))
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
    if b == 0 and k is not None and k > 0:
        return Num(0), RuleId.FOLD_CONSTANTS
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
    if isinstance(e.base, Func) and e.base.name == "abs" and _even(k):
        return Pow(e.base.args[0], e.exp), RuleId.SIMPLIFY  # |u|² = u²
    if (
        isinstance(e.base, Pow)
        and k is not None
        and k.denominator == 1
        and rational(e.base.exp) is None
        and (e.base.base == E or (rational(e.base.base) or 0) > 0)
    ):
        return Pow(e.base.base, tidy(Mul((number(k), e.base.exp)))), RuleId.COMBINE_POWERS  # (e^x)² = e^(2x)
    if k == Fraction(1, 2):
        return Func("sqrt", (e.base,)), RuleId.SIMPLIFY
    if isinstance(e.base, Div) and k is not None and k.denominator == 1 and k > 0:
        return Div(Pow(e.base.num, e.exp), Pow(e.base.den, e.exp)), RuleId.SIMPLIFY
    return None


def _even(k: Fraction | None) -> bool:
    return k is not None and k.denominator == 1 and k.numerator % 2 == 0


# f(0) where it is a number (sin 0 = 0, cos 0 = 1, σ(0) = 1/2), from the catalogue.
_AT_ZERO: dict[str, Expr] = {
    f.name: v
    for f in CATALOGUE
    for v in (f.at_points.get(Fraction(0)),)
    if isinstance(v, Expr) and rational(v) is not None
}


def _func(e: Expr) -> Rewrite:
    assert isinstance(e, Func)
    if len(e.args) != 1:
        return None
    arg = e.args[0]
    value = rational(arg)
    if value == 0 and e.name in _AT_ZERO:
        return _AT_ZERO[e.name], RuleId.EVALUATE
    special = _at_pi_multiple(e.name, arg)
    if special is not None:
        return special, RuleId.EVALUATE
    if e.name == "ln" and (value == 1 or arg == E):
        return Num(0 if value == 1 else 1), RuleId.EVALUATE
    if e.name == "ln" and isinstance(arg, Pow) and arg.base == E:
        return arg.exp, RuleId.EVALUATE
    if e.name == "abs" and value is not None:
        return number(abs(value)), RuleId.EVALUATE
    if e.name == "abs":
        c, rest = split_coefficient(arg)
        if rest is not None and c not in (1, -1):
            return Mul((number(abs(c)), Func("abs", (rest,)))), RuleId.SIMPLIFY  # |2x| = 2|x|
        if isinstance(arg, Pow) and _even(rational(arg.exp)):
            return arg, RuleId.SIMPLIFY  # |x²| = x²
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
