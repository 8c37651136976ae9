"""Solving a differentiated curve for y′ (``stepcalc implicit``), as OpenStax §3.8's
problem-solving strategy writes it: the terms holding y′ to the left and the others to the
right, y′ factored out, both sides divided by its coefficient.

The derivative of F(x, y) = G(x, y) is linear in y′, so each step only moves, opens or groups
terms (no simplification hides in them; the closing simplify is stepcalc's own, after).  A term
that holds y′ where the terms cannot show it (under a root, inside a denominator's bracket…)
sends the whole equation to the exact rational forms (stepcalc.simplify.normal) for y′'s
coefficient and the rest.  The oracle checks every line afterwards (stepcalc.tasks.implicit).
"""

from __future__ import annotations

from dataclasses import dataclass

from stepcalc.derivative_at import substitute
from stepcalc.errors import StepcalcError
from stepcalc.expr import Add, Div, Equation, Expr, Mul, Neg, Num, Sym, free_symbols, walk
from stepcalc.printing import to_unicode
from stepcalc.simplify.normal import from_rational, to_rational
from stepcalc.simplify.terms import negated_term, ordered_factors, sum_of

__all__ = [
    "PRIME",
    "PRIME2",
    "REFUTED",
    "UNKNOWN",
    "VERIFIED",
    "Move",
    "Solved",
    "X",
    "Y",
    "outcome",
    "solve_linear",
]

X, Y = Sym("x"), Sym("y")
PRIME, PRIME2 = Sym("y'"), Sym("y''")  # y′ and y″ as the lines write them: variables of the algebra
VERIFIED, REFUTED, UNKNOWN = "verified", "refuted", "unknown"


@dataclass(frozen=True, slots=True)
class Move:
    """One step of the algebra: its phrase (``word.implicit_…``), the equation it gives and the
    mathematics the phrase names (the divisor of ``divide both sides by {0}``)."""

    key: str
    equation: Equation
    parts: tuple[Expr, ...] = ()


@dataclass(frozen=True, slots=True)
class Solved:
    """The steps from the differentiated equation to ``y′ = value``; ``coefficient`` is what
    multiplies y′ once its terms are on the left and ``rest`` the right side then (at a point
    where ``coefficient`` is 0 there is no slope, or a vertical tangent)."""

    steps: tuple[Move, ...]
    coefficient: Expr
    rest: Expr
    value: Expr


def outcome(a: Expr, b: Expr, verify: bool = True) -> str:
    """The oracle's verdict on ``a = b`` as a line's check (empty when not verifying)."""
    if not verify:
        return ""
    from stepcalc.oracle import equal  # lazily: ``import stepcalc`` must not import sympy

    try:
        verdict = equal(a, b).verdict
    except StepcalcError:
        return UNKNOWN
    return {"equal": VERIFIED, "different": REFUTED}.get(verdict, UNKNOWN)


class _NotLinear(Exception):
    """A term holds y′ in a way its terms cannot show: the exact forms take over."""


def solve_linear(left: Expr, right: Expr, p: Sym) -> Solved:
    """``left = right`` (linear in ``p``, y′) solved for ``p``, step by step; the caller
    checks that ``p``'s coefficient is not 0 (``x + y - y = 1``: no y′ to solve for)."""
    try:
        solved = _by_terms(left, right, p)
    except _NotLinear:
        solved = _by_forms(left, right, p)
    return solved


def _by_terms(left: Expr, right: Expr, p: Sym) -> Solved:
    steps: list[Move] = []
    (lefts, opened_left), (rights, opened_right) = _terms(left, p), _terms(right, p)
    if opened_left or opened_right:
        steps.append(Move("implicit_open", Equation((sum_of(lefts), sum_of(rights))), (p,)))
    with_p = [t for t in lefts if _has(t, p)] + [negated_term(t) for t in rights if _has(t, p)]
    without = [t for t in rights if not _has(t, p)] + [negated_term(t) for t in lefts if not _has(t, p)]
    if not with_p:
        raise _NotLinear  # y′ cancelled, or never there: the forms decide which
    collected = Equation((sum_of(with_p), sum_of(without)))
    if collected != (steps[-1].equation if steps else Equation((left, right))):
        steps.append(Move("implicit_collect", collected, (p,)))
    cofactors = [_cofactor(t, p) for t in with_p]
    coefficient = cofactors[0] if len(cofactors) == 1 else Add(tuple(cofactors))
    rest = collected.sides[1]
    if len(cofactors) > 1:
        steps.append(Move("implicit_factor", Equation((Mul((coefficient, p)), rest)), (p,)))
    return _divided(steps, coefficient, rest, p)


def _by_forms(left: Expr, right: Expr, p: Sym) -> Solved:
    """y′'s coefficient and the rest from the exact rational form of ``left - right``: it is
    a·y′ + b over a denominator free of y′, so a = E(1) - E(0) and b = E(0)."""
    difference = Add((left, Neg(right)))
    form = to_rational(difference)
    shown = to_unicode(Equation((left, right)))
    if form is None:
        raise StepcalcError(f"stepcalc cannot solve {shown} for {p.name}: it is beyond its exact algebra")
    k = form.gens.index.get((p, None))
    inside = any(
        p in free_symbols(g.base) and (g.base != p or g.root != 1 or g.unit is not None)
        for g in form.gens.items
    )
    if k is not None and (inside or form.num.degrees()[k] > 1 or form.den.degrees()[k] > 0):
        raise StepcalcError(f"stepcalc cannot solve {shown} for {p.name}: it is not linear in {p.name}")
    at_zero = substitute(difference, {p: Num(0)})
    at_one = substitute(difference, {p: Num(1)})
    coefficient = _exact(Add((at_one, Neg(at_zero))))
    rest = _exact(Neg(at_zero))
    collected = Equation((Mul((coefficient, p)) if coefficient != Num(1) else p, rest))
    return _divided([Move("implicit_collect", collected, (p,))], coefficient, rest, p)


def _exact(e: Expr) -> Expr:
    form = to_rational(e)
    return e if form is None else from_rational(form)


def _divided(steps: list[Move], coefficient: Expr, rest: Expr, p: Sym) -> Solved:
    if coefficient == Num(1):
        return Solved(tuple(steps), coefficient, rest, rest)
    value = _quotient(rest, coefficient)
    steps.append(Move("implicit_divide", Equation((p, value)), (coefficient,)))
    return Solved(tuple(steps), coefficient, rest, value)


def _quotient(top: Expr, bottom: Expr) -> Expr:
    """``top/bottom`` with a sign of either in front: ``-2x/(2y)``, not ``(-2x)/(2y)``."""
    sign = isinstance(top, Neg) != isinstance(bottom, Neg)
    top = top.arg if isinstance(top, Neg) else top
    bottom = bottom.arg if isinstance(bottom, Neg) else bottom
    quotient = Div(top, bottom)
    return Neg(quotient) if sign else quotient


def _has(e: Expr, p: Sym) -> bool:
    return any(n == p for n in walk(e))


def _terms(e: Expr, p: Sym) -> tuple[list[Expr], bool]:
    """The signed terms of ``e``, and whether a bracket was opened to get them: a sum's
    terms, a negated sum's negated, and a bracket holding y′ multiplied (or divided) by
    factors free of it distributed over them (``6(y + x y′)`` → ``6y + 6x y′``)."""
    if e == Num(0):
        return [], False  # 2x + 2y y′ = 0: nothing to move from the right
    if isinstance(e, Add):
        found = [_terms(t, p) for t in e.terms]
        return [t for terms, _ in found for t in terms], any(opened for _, opened in found)
    if isinstance(e, Neg):
        inner, opened = _terms(e.arg, p)
        return [negated_term(t) for t in inner], opened or len(inner) > 1
    if isinstance(e, Mul) and _has(e, p):
        holding = [i for i, f in enumerate(e.factors) if _has(f, p)]
        k = holding[0]
        if len(holding) == 1 and isinstance(e.factors[k], Add | Neg):
            inner, _ = _terms(e.factors[k], p)
            if len(inner) > 1:
                return [_times(e.factors[:k], t, e.factors[k + 1 :], p) for t in inner], True
    if isinstance(e, Div) and _has(e.num, p) and not _has(e.den, p):
        inner, _ = _terms(e.num, p)
        if len(inner) > 1:
            return [_quotient(t, e.den) for t in inner], True
    return [e], False


def _times(before: tuple[Expr, ...], term: Expr, after: tuple[Expr, ...], p: Sym) -> Expr:
    """``before · term · after`` as one term, its sign in front and a factor 1 left out."""
    sign = isinstance(term, Neg)
    body = term.arg if isinstance(term, Neg) else term
    middle = body.factors if isinstance(body, Mul) else () if body == Num(1) else (body,)
    # in textbook order, y′ last where it is a factor: y cos(x y) + x cos(x y) y′
    factors = ordered_factors(tuple(f for f in (*before, *middle, *after) if f != p))
    factors += tuple(f for f in (*before, *middle, *after) if f == p)
    product = Num(1) if not factors else factors[0] if len(factors) == 1 else Mul(factors)
    return Neg(product) if sign else product


def _cofactor(t: Expr, p: Sym) -> Expr:
    """``c`` for a term ``c·y′`` (c free of y′); ``_NotLinear`` for any other term."""
    if t == p:
        return Num(1)
    if isinstance(t, Neg):
        return negated_term(_cofactor(t.arg, p))
    factors = _flat(t)
    if isinstance(t, Mul) and factors.count(p) == 1:
        rest = tuple(f for f in factors if f != p)
        if not any(_has(f, p) for f in rest):
            return rest[0] if len(rest) == 1 else Mul(rest)
    if isinstance(t, Div) and not _has(t.den, p):
        return _quotient(_cofactor(t.num, p), t.den)
    raise _NotLinear


def _flat(t: Expr) -> tuple[Expr, ...]:
    """The factors of a product, products inside it spread out (``cos x (2y y′)``)."""
    if not isinstance(t, Mul):
        return (t,)
    return tuple(g for f in t.factors for g in _flat(f))


def fewer_signs(e: Expr) -> Expr | None:
    """A quotient with fewer minus signs, when its top or bottom has nothing but minus signs
    and multiplying both by −1 (or taking the sign in front into one of them) leaves fewer:
    ``(-y² sin x - cos(x + y))/(cos(x + y) - 2y cos x)`` →
    ``(y² sin x + cos(x + y))/(2y cos x - cos(x + y))``, as a book writes it; None otherwise."""
    sign = isinstance(e, Neg)
    body = e.arg if isinstance(e, Neg) else e
    if not isinstance(body, Div):
        return None
    top, bottom = _signed(body.num), _signed(body.den)
    if not (_minus(top) == len(top) or _minus(bottom) == len(bottom)):
        return None  # only a side of all minus signs: 12x²y² - 16xy - 2x⁴y stays as it is
    up, down = [negated_term(t) for t in top], [negated_term(t) for t in bottom]
    # the sign in front of the quotient first: −(x² + y²)/y³ rather than (x² + y²)/(−y³)
    options = [(up, bottom, not sign), (up, down, sign)] + ([(top, down, False)] if sign else [])
    best, fewest = None, _minus(top) + _minus(bottom) + sign
    for new_top, new_bottom, new_sign in options:
        count = _minus(new_top) + _minus(new_bottom) + new_sign
        if count < fewest:
            quotient = Div(_sum(new_top), _sum(new_bottom))
            best, fewest = (Neg(quotient) if new_sign else quotient), count
    return best


def _signed(e: Expr) -> list[Expr]:
    return list(e.terms) if isinstance(e, Add) else [e]


def _minus(terms: list[Expr]) -> int:
    return sum(isinstance(t, Neg) for t in terms)


def _sum(terms: list[Expr]) -> Expr:
    """The terms, those with a plus sign first (``2y cos x - cos(x + y)``)."""
    ordered = [t for t in terms if not isinstance(t, Neg)] + [t for t in terms if isinstance(t, Neg)]
    return sum_of(ordered)
