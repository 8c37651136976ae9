"""Rational functions: polynomial division, partial fractions, a numerator split into the
denominator's derivative and a constant, and completing the square.

A quotient of polynomials P/Q with deg P ≥ deg Q is divided first: ∫ (q + r/Q) dx.  A proper
quotient whose denominator factors over the rationals into linear factors and irreducible
quadratics (each to any power) is written as partial fractions: A/(x − a)ʲ and (Bx + C)/(x² +
bx + c)ʲ, the coefficients found by equating the coefficients of the numerators (a linear
system, solved exactly).  Then ∫ (Bx + C)/(x² + bx + c) dx is split into (B/2) ∫ (2x + b)/(…) dx
(a logarithm, by substitution) and a constant over the quadratic, and ∫ 1/(x² + bx + c) dx is
written ∫ 1/((x + b/2)² + k) dx, which substitution and the arctangent of the table finish.

The polynomial algebra is python-flint's (exact rational polynomials: division, factoring over
ℚ, a rational linear solve), as elsewhere in stepcalc; the steps are written here.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from stepcalc.expr import (
    ONE,
    TWO,
    Add,
    Div,
    Expr,
    Func,
    Integral,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    map_bottom_up,
    walk,
)
from stepcalc.rules.base import number, rational
from stepcalc.rules.integral.base import (
    MAX_DEPTH,
    IntegralContext,
    IntegralRule,
    depends,
    factors_of,
    integrable,
)
from stepcalc.simplify import tidy
from stepcalc.simplify.univariate import MAX_DEGREE, Poly, degree, to_expr, to_poly
from stepcalc.steps import Binding, RuleId, Step

__all__ = [
    "CancelRule",
    "CompleteSquareRule",
    "CompleteSquareShiftRule",
    "ExpandPolynomialRule",
    "PartialFractionsRule",
    "PolynomialDivisionRule",
    "QuadraticNumeratorRule",
]

MAX_PARTIAL_DEGREE = 12  # a denominator of higher degree is left alone (the system grows as its square)


def _quotient(f: Expr, x: Sym) -> tuple[Poly, Poly] | None:
    """(P, Q) when ``f`` is P/Q, polynomials in x with Q of degree ≥ 1."""
    if not isinstance(f, Div):
        return None
    p, q = to_poly(f.num, x), to_poly(f.den, x)
    if p is None or q is None or degree(q) < 1 or degree(q) > MAX_DEGREE or not p:
        return None
    return p, q


def _flint(p: Poly) -> Any:
    from flint import fmpq, fmpq_poly  # lazily: ``import stepcalc`` stays light

    n = degree(p)
    return fmpq_poly(
        [fmpq(p.get(k, Fraction(0)).numerator, p.get(k, Fraction(0)).denominator) for k in range(n + 1)]
    )


def _poly(f: Any) -> Poly:
    out: Poly = {}
    for k, c in enumerate(f.coeffs()):
        value = Fraction(int(c.p), int(c.q))
        if value:
            out[k] = value
    return out


class CancelRule(IntegralRule):
    """∫ P/Q dx = ∫ (P/G)/(Q/G) dx for G = gcd(P, Q) of degree ≥ 1: a common factor cancelled
    first ((x² + 1)/(x³ + x) = 1/x), before any substitution sees the uncancelled quotient."""

    id = RuleId.CANCEL

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return self._cancelled(f, x) is not None

    def _cancelled(self, f: Expr, x: Sym) -> Expr | None:
        found = _quotient(f, x)
        if found is None:
            return None
        p, q = (_flint(v) for v in found)
        g = p.gcd(q)
        if g.degree() < 1:
            return None
        top, bottom = _poly(p // g), _poly(q // g)
        lead = bottom[max(bottom)]
        top = {k: v / lead for k, v in top.items()}
        bottom = {k: v / lead for k, v in bottom.items()}
        if bottom == {0: Fraction(1)}:
            return to_expr(top, x)
        return Div(to_expr(top, x), to_expr(bottom, x))

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        done = self._cancelled(f, x)
        assert done is not None
        return Integral(done, x), ()


class PolynomialDivisionRule(IntegralRule):
    """∫ P/Q dx = ∫ (q + r/Q) dx when deg P ≥ deg Q: divide first (P = qQ + r)."""

    id = RuleId.POLYNOMIAL_DIVISION

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        found = _quotient(f, x)
        return found is not None and degree(found[0]) >= degree(found[1])

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        found = _quotient(f, x)
        assert found is not None and isinstance(f, Div)
        q, r = divmod(_flint(found[0]), _flint(found[1]))
        quotient, remainder = _poly(q), _poly(r)
        parts = [to_expr(quotient, x)]
        if remainder:
            if remainder[max(remainder)] < 0:  # 2 − 18/(w² + 9), not 2 + −18/(w² + 9)
                parts.append(Neg(Div(to_expr({k: -v for k, v in remainder.items()}, x), f.den)))
            else:
                parts.append(Div(to_expr(remainder, x), f.den))
        return Integral(_sum(parts), x), ()


def _sum(parts: list[Expr]) -> Expr:
    flat: list[Expr] = []
    for p in parts:
        flat.extend(p.terms if isinstance(p, Add) else (p,))
    return flat[0] if len(flat) == 1 else Add(tuple(flat))


_LETTERS = "ABCDEFGHJKLMNPQRSTUVW"


class PartialFractionsRule(IntegralRule):
    """∫ P/Q dx with deg P < deg Q and Q = (x − a)ᵏ ⋯ (x² + bx + c)ᵐ ⋯:  P/Q = A₁/(x − a) + ⋯ +
    Aₖ/(x − a)ᵏ + ⋯ + (B₁x + C₁)/(x² + bx + c) + ⋯, the letters found by equating coefficients."""

    id = RuleId.PARTIAL_FRACTIONS

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return self._decompose(f, x) is not None

    def _decompose(self, f: Expr, x: Sym) -> tuple[Expr, tuple[Step, ...]] | None:
        found = _quotient(f, x)
        if found is None or degree(found[0]) >= degree(found[1]) or degree(found[1]) > MAX_PARTIAL_DEGREE:
            return None
        p, q = (_flint(v) for v in found)
        _, factors = q.factor()
        if len(factors) == 1 and factors[0][1] == 1:
            return None  # one irreducible factor: nothing to split
        if any(g.degree() > 2 for g, _ in factors):
            return None
        columns: list[Any] = []
        shapes: list[tuple[Poly, int, bool]] = []  # (factor, power, numerator has an x term)
        for g, k in factors:
            for j in range(1, k + 1):
                rest = q // (g**j)
                if g.degree() == 2:
                    columns.append(rest * _flint({1: Fraction(1)}))
                    shapes.append((_poly(g), j, True))
                columns.append(rest)
                shapes.append((_poly(g), j, False))
        solution = _solve(columns, p, q.degree())
        if solution is None:
            return None
        terms: list[Expr] = []
        letters: list[Step] = []
        form: list[Expr] = []
        i = 0
        while i < len(shapes):
            g, j, quadratic = shapes[i]
            den = _power(to_expr(g, x), j)
            if quadratic:
                b, c = solution[i], solution[i + 1]
                names = (Sym(_LETTERS[i % len(_LETTERS)]), Sym(_LETTERS[(i + 1) % len(_LETTERS)]))
                form.append(Div(Add((Mul((names[0], x)), names[1])), den))
                letters += [
                    Step(RuleId.DEFINITION, names[0], number(b)),
                    Step(RuleId.DEFINITION, names[1], number(c)),
                ]
                numerator = to_expr({k: v for k, v in ((1, b), (0, c)) if v}, x)
                if b or c:
                    terms.append(_term(numerator, den))
                i += 2
            else:
                a = solution[i]
                name = Sym(_LETTERS[i % len(_LETTERS)])
                form.append(Div(name, den))
                letters.append(Step(RuleId.DEFINITION, name, number(a)))
                if a:
                    terms.append(_term(number(a), den))
                i += 1
        if len(terms) < 2:
            return None  # 1/(x² + 1)²: one term, the integrand itself
        shown = Step(RuleId.DEFINITION, f, _sum(form))
        return _sum(terms), (shown, *letters)

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        done = self._decompose(f, x)
        assert done is not None
        decomposed, steps = done
        return Integral(decomposed, x), steps


def _power(e: Expr, j: int) -> Expr:
    return e if j == 1 else Pow(e, number(j))


def _term(num: Expr, den: Expr) -> Expr:
    """``num/den`` as a textbook writes a partial fraction: −2/(x + 1), 1/(2(x − 1)) for ½."""
    if isinstance(num, Neg):
        return Neg(_term(num.arg, den))
    if isinstance(num, Div) and isinstance(num.den, Num):  # (p/q)/den = p/(q·den)
        return Div(num.num, Mul((num.den, den)))
    return Div(num, den)


def _solve(columns: list[Any], p: Any, n: int) -> list[Fraction] | None:
    """The coefficients c with Σ cᵢ·columnᵢ = p (coefficient by coefficient), exactly."""
    from flint import fmpq_mat

    rows = [[_coefficient(col, k) for col in columns] for k in range(n)]
    rhs = [[_coefficient(p, k)] for k in range(n)]
    if len(columns) != n:
        return None
    try:
        solved = fmpq_mat(rows).solve(fmpq_mat(rhs))
    except ZeroDivisionError:
        return None
    return [Fraction(int(solved[i, 0].p), int(solved[i, 0].q)) for i in range(n)]


def _coefficient(poly: Any, k: int) -> Any:
    coeffs = poly.coeffs()
    return coeffs[k] if k < len(coeffs) else 0


def _irreducible_quadratic(q: Poly) -> bool:
    if degree(q) != 2:
        return False
    a, b, c = q.get(2, Fraction(0)), q.get(1, Fraction(0)), q.get(0, Fraction(0))
    return b * b - 4 * a * c < 0


class QuadraticNumeratorRule(IntegralRule):
    """∫ (Bx + C)/Q dx = (B/2a) ∫ (2ax + b)/Q dx + (C − Bb/2a) ∫ 1/Q dx for Q = ax² + bx + c
    irreducible: the numerator as a multiple of the denominator's derivative plus a constant."""

    id = RuleId.SPLIT_NUMERATOR

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        found = _quotient(f, x)
        return found is not None and _irreducible_quadratic(found[1]) and degree(found[0]) == 1

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        found = _quotient(f, x)
        assert found is not None and isinstance(f, Div)
        p, q = found
        big_b, big_c = p.get(1, Fraction(0)), p.get(0, Fraction(0))
        a, b = q[2], q.get(1, Fraction(0))
        k = big_b / (2 * a)
        rest = big_c - k * b
        derivative = to_expr({1: 2 * a, **({0: b} if b else {})}, x)
        parts: list[Expr] = [Mul((number(k), Integral(Div(derivative, f.den), x)))]
        if rest:
            parts.append(Mul((number(rest), Integral(Div(ONE, f.den), x))))
        return _sum(parts), ()


class CompleteSquareRule(IntegralRule):
    """∫ 1/(ax² + bx + c) dx = (1/a) ∫ 1/((x + b/2a)² + k) dx with k = c/a − b²/4a² > 0."""

    id = RuleId.COMPLETE_SQUARE

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        found = _quotient(f, x)
        return (
            found is not None
            and found[0] == {0: Fraction(1)}
            and _irreducible_quadratic(found[1])
            and found[1].get(1, Fraction(0)) != 0
        )

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        found = _quotient(f, x)
        assert found is not None
        q = found[1]
        a, b, c = q[2], q.get(1, Fraction(0)), q.get(0, Fraction(0))
        shift = b / (2 * a)
        k = c / a - shift * shift
        square = Pow(Add((x, number(shift))) if shift > 0 else Add((x, Neg(number(-shift)))), TWO)
        inner = Integral(Div(ONE, Add((square, number(k)))), x)
        return (inner if a == 1 else Mul((Div(ONE, number(a)), inner))), ()


def _quadratic_under(f: Expr, x: Sym) -> Poly | None:
    """Q = ax² + bx + c with b ≠ 0 under a root in ``f`` (√Q, Q^(k/2)), or Q irreducible raised to
    a whole power in a denominator ((x² + 2x + 2)⁻²), when completing its square leaves a number
    beside the square."""
    for n in walk(f):
        inside: Expr | None = None
        whole = False
        if isinstance(n, Func) and n.name == "sqrt" and len(n.args) == 1:
            inside = n.args[0]
        elif isinstance(n, Pow) and (k := rational(n.exp)) is not None:
            if k.denominator == 2:
                inside = n.base
            elif k.denominator == 1 and (
                k <= -2 or (k >= 2 and any(isinstance(d, Div) and n in factors_of(d.den) for d in walk(f)))
            ):
                inside, whole = n.base, True
        q = None if inside is None else to_poly(inside, x)
        if q is None or degree(q) != 2 or not q.get(1):
            continue
        a, b, c = q[2], q[1], q.get(0, Fraction(0))
        if c - b * b / (4 * a) == 0 or (whole and not _irreducible_quadratic(q)):
            continue  # a perfect square, or a product of linear factors (partial fractions)
        return q
    return None


def _multiplied_out(e: Expr, u: Sym, below: bool) -> Expr:
    """``e`` with its polynomials in u multiplied out ((u + 1)² → u² + 2u + 1), except a power in
    a denominator, whose base alone is ((u² + 1)² stays, for the trigonometric substitution)."""
    if isinstance(e, Div):
        return Div(_multiplied_out(e.num, u, False), _multiplied_out(e.den, u, True))
    if isinstance(e, Add | Mul | Pow) and depends(e, u) and not (below and isinstance(e, Pow)):
        p = to_poly(e, u)
        if p is not None and degree(p) <= MAX_DEGREE:
            return to_expr(p, u)
    if isinstance(e, Mul):
        return Mul(tuple(_multiplied_out(g, u, below) for g in e.factors))
    if isinstance(e, Pow):
        return Pow(_multiplied_out(e.base, u, False), e.exp)
    if isinstance(e, Func):
        return Func(e.name, tuple(_multiplied_out(a, u, False) for a in e.args))
    if isinstance(e, Neg):
        return Neg(_multiplied_out(e.arg, u, below))
    if isinstance(e, Add):
        return Add(tuple(_multiplied_out(t, u, below) for t in e.terms))
    return e


class CompleteSquareShiftRule(IntegralRule):
    """A quadratic with an x term under a root (or a power of one below): its square completed,
    −x² + 6x + 7 = 16 − (x − 3)², and u = x − 3 (du = dx), which leaves a² ± u² for the table
    or a trigonometric substitution; the rest of the integrand follows (x = u + 3)."""

    id = RuleId.COMPLETE_SQUARE

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        if ctx.depth > MAX_DEPTH or _quadratic_under(f, x) is None:
            return False
        u = Sym("u_square") if x.name != "u_square" else Sym("v_square")
        return integrable(self._shifted(f, x, u)[0], u, ctx)

    def _shifted(self, f: Expr, x: Sym, u: Sym) -> tuple[Expr, Fraction, Poly]:
        q = _quadratic_under(f, x)
        assert q is not None
        s = q[1] / (2 * q[2])  # u = x + s
        back = Add((u, number(-s))) if s else u
        shifted = map_bottom_up(f, lambda n: back if n == x else n)
        return tidy(_multiplied_out(shifted, u, below=False)), s, q

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        u = ctx.fresh()
        h, s, q = self._shifted(f, x, u)
        a, c = q[2], q.get(0, Fraction(0))
        shift = Add((x, number(s))) if s > 0 else Add((x, Neg(number(-s))))
        square = Pow(shift, TWO)
        rest = c - a * s * s
        completed = Add((Mul((number(a), square)) if a != 1 else square, number(rest)))
        if a < 0:  # 16 − (x − 3)²
            completed = Add((number(rest), Neg(square if a == -1 else Mul((number(-a), square)))))
        ctx.bindings.append(Binding(u, shift))
        return Integral(h, u), (
            Step(RuleId.COMPLETE_SQUARE, to_expr(q, x), completed),
            Step(RuleId.DEFINITION, u, shift),
            Step(RuleId.DEFINITION, Sym(f"d{u.name}"), Sym(f"d{x.name}")),
        )


class ExpandPolynomialRule(IntegralRule):
    """∫ P(x) dx for a polynomial not written as a sum of powers ((1 − x²)², x²(1 − x²)): multiply
    out first, then the power rule term by term."""

    id = RuleId.EXPAND

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        p = to_poly(f, x)
        return p is not None and not isinstance(f, Add) and len(p) > 1 and degree(p) <= MAX_DEGREE

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        p = to_poly(f, x)
        assert p is not None
        return Integral(to_expr(p, x), x), ()
