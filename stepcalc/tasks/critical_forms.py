"""The forms of an equation the system solver's moves look for (stepcalc.tasks.critical): a sum
of even powers, an unknown of degree one and its coefficient, x² standing alone, the factors of a
product that can be zero, and the constant factors an equation = 0 can lose."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from stepcalc.expr import (
    Add,
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
    walk,
    with_children,
)
from stepcalc.lazy import LazyModule
from stepcalc.rules.base import rational
from stepcalc.simplify import tidy

if TYPE_CHECKING:
    from stepcalc.simplify import normal
else:
    normal = LazyModule("stepcalc.simplify.normal")

__all__ = [
    "cost", "definite_form", "even_bases", "has_exponential", "periodic", "solved_for", "square_solved_for",
    "squares_only", "transcendental", "used", "without_constants", "zero_factors",
]  # fmt: skip


def even_bases(e: Expr) -> list[Expr] | None:
    """The bases of ``e`` = Σ cᵢ uᵢ^(2kᵢ) with every cᵢ a number of one sign and at least two
    terms; None for anything else."""
    terms = e.terms if isinstance(e, Add) else ()
    bases: list[Expr] = []
    signs: set[bool] = set()
    for t in terms:
        negative = isinstance(t, Neg)
        body = t.arg if isinstance(t, Neg) else t
        if isinstance(body, Mul) and len(body.factors) == 2 and isinstance(body.factors[0], Num):
            body = body.factors[1]
        k = rational(body.exp) if isinstance(body, Pow) else None
        if k is None or k.denominator != 1 or k.numerator <= 0 or k.numerator % 2:
            return None
        signs.add(negative)
        bases.append(body.base)  # type: ignore[attr-defined]
    return bases if len(bases) >= 2 and len(signs) == 1 else None


def definite_form(e: Expr) -> list[Expr] | None:
    """The variables of ``e`` when it is a definite quadratic form (x² + xy + y²: every term of
    degree two, the symmetric matrix's leading principal minors all positive, or all alternating
    from negative): it is zero only where every variable is.  None otherwise."""
    from fractions import Fraction

    form = normal.to_rational(e)
    if form is None or not form.den.is_constant():
        return None
    gens = form.gens.items
    if any(g.unit is not None or g.root != 1 or not isinstance(g.base, Sym) for g in gens) or len(gens) < 2:
        return None
    n = len(gens)
    q = [[Fraction(0)] * n for _ in range(n)]
    for exps, c in form.num.terms():
        degrees = [int(k) for k in exps]
        if sum(degrees) != 2:
            return None
        used = [i for i, k in enumerate(degrees) for _ in range(k)]
        value = Fraction(str(c))
        i, j = used
        if i == j:
            q[i][i] += value
        else:
            q[i][j] += value / 2
            q[j][i] += value / 2
    minors = [_determinant([row[:k] for row in q[:k]]) for k in range(1, n + 1)]
    positive = all(m > 0 for m in minors)
    negative = all((m < 0) if k % 2 else (m > 0) for k, m in enumerate(minors, start=1))
    return [g.base for g in gens] if positive or negative else None


def _determinant(rows: list[list[Any]]) -> Any:
    """By cofactors along the first row (n ≤ 4 here)."""
    if len(rows) == 1:
        return rows[0][0]
    return sum(
        (-1) ** j * rows[0][j] * _determinant([r[:j] + r[j + 1 :] for r in rows[1:]])
        for j in range(len(rows))
    )


def squares_only(e: Expr, x: Sym, value: Expr) -> Expr | None:
    """``e`` with each even power x^(2k) written value^k, or None when x stands otherwise in it
    (an odd power, inside a function)."""
    if e == x:
        return None
    if isinstance(e, Pow) and e.base == x:
        k = rational(e.exp)
        if k is None or k.denominator != 1 or k.numerator % 2:
            return None
        return value if k == 2 else Pow(value, Num(k.numerator // 2))
    parts = children(e)
    if not parts:
        return e
    new = [squares_only(c, x, value) for c in parts]
    if any(n is None for n in new):
        return None
    return with_children(e, tuple(n for n in new if n is not None))


def square_solved_for(e: Expr, x: Sym) -> Expr | None:
    """x² from ``e = 0`` when ``e`` is c·x² + d with a number c ≠ 0 and d free of x."""
    u = Sym(f"{x.name}__squared")
    written = squares_only(e, x, u)
    if written is None:
        return None
    solved = solved_for(tidy(written), u)
    if solved is None or solved[1] is not None:
        return None
    return solved[0]


def solved_for(e: Expr, x: Sym) -> tuple[Expr, Expr | None] | None:
    """``x`` from ``e = 0`` when ``e`` is c·x + d with d free of x and c a number ≠ 0 (then
    (value, None)) or a polynomial in the other unknowns (then (value, c): c = 0 is a case of its
    own).  None for anything else."""
    form = normal.to_rational(e)
    if form is None or not form.den.is_constant():
        return None
    index = next(
        (i for i, g in enumerate(form.gens.items) if g.base == x and g.unit is None and g.root == 1), None
    )
    if index is None or form.num.degrees()[index] != 1:
        return None
    if any(
        i != index and x in free_symbols(g.power(1))
        for i, g in enumerate(form.gens.items)
        if g in used(form.num, form.gens)
    ):
        return None  # x also inside another term (y and e^y): not of degree one in x
    c = form.num.derivative(index)
    if any(g.unit is not None or not isinstance(g.base, Sym) for g in used(c, form.gens)):
        return None  # a coefficient that holds a function: not solved for here
    rest = form.num - c * form.gens.ctx.gen(index)
    coefficient = normal.from_poly(c, form.gens)
    value = tidy(Neg(Div(normal.from_poly(rest, form.gens), coefficient)))
    return value, (None if c.is_constant() else coefficient)


def cost(coefficient: Expr | None) -> int:
    """How dear dividing by a coefficient is: a number 0, a monomial 1 (one case where it is 0),
    a sum 2 (its zeros are a case split of their own)."""
    if coefficient is None:
        return 0
    body = coefficient.arg if isinstance(coefficient, Neg) else coefficient
    return 2 if isinstance(body, Add) else 1


def transcendental(e: Expr) -> frozenset[Expr] | None:
    """The function terms ``e`` holds as a polynomial in its generators (eʸ, sin x, √x): those
    that are not a plain unknown; None when ``e`` is not such a polynomial."""
    form = normal.to_rational(e)
    if form is None or not form.den.is_constant():
        return None
    out = set()
    for g in used(form.num, form.gens):
        if g.unit is not None or g.root != 1 or not isinstance(g.base, Sym):
            out.add(g.power(1))
    return frozenset(out)


def used(p: Any, gens: Any) -> list[Any]:
    """The generators a polynomial has a power of."""
    return [g for g, k in zip(gens.items, p.degrees(), strict=True) if k > 0]


def has_exponential(e: Expr) -> bool:
    return any(isinstance(n, Pow) and rational(n.exp) is None for n in walk(e))


def zero_factors(e: Expr) -> Iterator[Expr]:
    """The factors of a product that can be zero (not numbers, not eᵘ, not exp, cosh, σ); a
    number below (-x (λ - 24)/144) is not one either."""
    body = e.arg if isinstance(e, Neg) else e
    if isinstance(body, Div) and not free_symbols(body.den):
        body = body.num.arg if isinstance(body.num, Neg) else body.num
    for f in body.factors if isinstance(body, Mul) else (body,):
        if rational(f) is not None or (isinstance(f, Func) and f.name in ("exp", "cosh", "sigma")):
            continue
        if isinstance(f, Pow):
            k = rational(f.exp)
            if k is None:  # aᵘ, eᵘ: never zero for a positive base
                base = rational(f.base)
                if f.base == E or (base is not None and base > 0):
                    continue
                yield f
                continue
            if k > 0:
                yield f.base
            continue
        yield f


def without_constants(e: Expr) -> Expr:
    """``e = 0`` with its nonzero constant factors divided out: -√2/2 (2y² - 1) → 2y² - 1 (an
    exact value is 0 only when it is written 0, so a constant factor left is not)."""
    if isinstance(e, Neg):
        return without_constants(e.arg)
    if isinstance(e, Div) and not free_symbols(e.den):
        return without_constants(e.num)
    if isinstance(e, Mul):
        moving = [f for f in e.factors if free_symbols(f)]
        if moving and len(moving) < len(e.factors):
            return without_constants(moving[0] if len(moving) == 1 else Mul(tuple(moving)))
    return e


def periodic(e: Expr) -> bool:
    return Sym("k") in free_symbols(e)
