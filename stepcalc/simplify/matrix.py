"""Simplification of vector and matrix results: the textbook final form of a gradient.

Numbers are multiplied out and written first, scalars before vectors and matrices, equal
terms added, xᵀx written ‖x‖² (in the norm the problem uses), and the zeros, ones and
identities a rule line leaves tidied away (0·A → 0, A I → A, (Aᵀ)ᵀ → A).  Each rewrite is a
unit of :mod:`stepcalc.simplify.core`, bound to one derivation's shapes, and recorded as a
step.  :mod:`stepcalc.matrix` works the gradient lines and calls these.
"""

from __future__ import annotations

from fractions import Fraction

from stepcalc.expr import (
    ONE,
    TWO,
    ZERO,
    Add,
    Div,
    Expr,
    Func,
    MatMul,
    Mul,
    Neg,
    Norm,
    Num,
    Pow,
    Transpose,
    map_bottom_up,
)
from stepcalc.rules.gradient import GradientContext, transpose
from stepcalc.shapes import IDENTITY, Shapes, shape
from stepcalc.simplify.core import Simplified, Simplifier, Table, Unit
from stepcalc.simplify.terms import scaled, split_coefficient
from stepcalc.steps import RuleId, Step

__all__ = ["gram", "number_expr", "number_value", "replace", "simplify_matrix", "tidy_line"]


def tidy_line(e: Expr, ctx: GradientContext) -> tuple[Expr, tuple[Step, ...]]:
    """Zeros dropped, I absorbed, (Lᵀ)ᵀ = L after a line's holes are filled: named steps too."""
    kept = _housekeeping(e, ctx)
    return kept.expr, kept.steps


def replace(e: Expr, old: Expr, new: Expr) -> Expr:
    """``e`` with every ``old`` in it replaced by ``new``."""
    return map_bottom_up(e, lambda n: new if n == old else n)


def _tidy_node(n: Expr, ctx: GradientContext) -> Expr:
    if isinstance(n, Transpose):
        t = transpose(n.arg, ctx.shapes)
        return t if t != n else n
    if isinstance(n, Neg) and n.arg == ZERO:
        return ZERO
    if isinstance(n, Add):
        terms = tuple(t for t in n.terms if t != ZERO)
        if not terms:
            return ZERO
        return terms[0] if len(terms) == 1 else Add(terms) if len(terms) != len(n.terms) else n
    if isinstance(n, Mul | MatMul):
        if any(f == ZERO for f in n.factors):
            return ZERO
        # I is dropped beside a vector or matrix (A I = A), kept beside scalars only (2I)
        alone = all(ctx.is_scalar(f) or f == IDENTITY for f in n.factors)
        fs = tuple(f for f in n.factors if (f != IDENTITY or alone) and f != ONE)
        if len(fs) != len(n.factors):
            if not fs:
                return IDENTITY if IDENTITY in n.factors else ONE
            return fs[0] if len(fs) == 1 else type(n)(fs)
    if isinstance(n, Div) and n.num == ZERO:
        return ZERO
    return n


def _norm_squared(e: Expr) -> Expr | None:
    """u when ``e`` is ‖u‖² (a 2-norm)."""
    if isinstance(e, Pow) and isinstance(e.base, Norm) and e.base.kind in (None, "2") and e.exp == TWO:
        return e.base.arg
    return None


def gram(e: Expr, shapes: Shapes) -> Expr | None:
    """u when ``e`` is uᵀu for a vector u (AᵀA of a matrix is no norm)."""
    if isinstance(e, Mul | MatMul) and len(e.factors) == 2 and e.factors[0] == Transpose(e.factors[1]):
        u = e.factors[1]
        if shapes.find(shape(u, shapes)[1]) == 1:
            return u
    return None


# ---------------------------------------------------------------- simplification
def simplify_matrix(e: Expr, ctx: GradientContext) -> Simplified:
    """The textbook final form: numbers multiplied out and written first, scalars before vectors,
    (xᵀx)^{p} = ‖x‖^{2p}, a negative power of a scalar as a quotient — the units below, run by
    the simplification driver (every rewrite a recorded step, to a fixed point)."""
    return Simplifier(_matrix_table(ctx)).run(e)


class _MatrixUnit(Unit):
    """A unit of the matrix simplification, bound to one derivation's shapes."""

    def __init__(self, ctx: GradientContext) -> None:
        self.ctx = ctx


class _Housekeeping(_MatrixUnit):
    """0 + u → u;  0·A → 0;  A I → A (I stays beside scalars: 2I);  (Aᵀ)ᵀ → A."""

    id = RuleId.FOLD_CONSTANTS

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        n = _tidy_node(e, self.ctx)
        return None if n == e else n


class _GramAsNorm(_MatrixUnit):
    """uᵀu → ‖u‖²;  (uᵀu)^p → ‖u‖^(2p);  √(uᵀu) → ‖u‖;  u^1 → u (in the norm the problem uses)."""

    id = RuleId.NORM_FORM

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        shapes = self.ctx.shapes
        if isinstance(e, Pow):
            u = gram(e.base, shapes) or _norm_squared(e.base)
            p = number_value(e.exp)
            if u is not None and p is not None:
                return (
                    Norm(u, shapes.norm_kind)
                    if 2 * p == 1
                    else Pow(Norm(u, shapes.norm_kind), number_expr(2 * p))
                )
            return e.base if e.exp == ONE else None
        if isinstance(e, Func) and e.name == "sqrt" and len(e.args) == 1:
            u = gram(e.args[0], shapes) or _norm_squared(e.args[0])
            return None if u is None else Norm(u, shapes.norm_kind)
        if isinstance(e, Norm):
            return (
                Norm(e.arg, shapes.norm_kind)
                if e.kind in (None, "2") and e.kind != shapes.norm_kind
                else None
            )
        u = gram(e, shapes)
        return None if u is None else Pow(Norm(u, shapes.norm_kind), TWO)


class _ProductInOrder(_MatrixUnit):
    """3x·2 → 6x;  x x² → x³;  (a/b)·A → a A/b: one number first, then scalars (equal bases with
    their powers added), then vectors and matrices in order, scalar divisors under one bar; a
    quotient is read as a product, so that numbers and equal bases meet."""

    id = RuleId.ORDER_FACTORS

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        if isinstance(e, Mul | MatMul):
            return _simplify_product(e, self.ctx)
        if isinstance(e, Div) and (
            not self.ctx.is_scalar(e.num)
            or isinstance(e.num, Mul | MatMul | Div)
            or isinstance(e.den, Div | Pow)
        ):
            as_product = Mul((e.num, Div(ONE, e.den)))
            product = _simplify_product(as_product, self.ctx)
            return None if product == as_product else product
        return None


class _EqualTerms(_MatrixUnit):
    """x + x → 2x;  2x + 6x → 8x: terms equal as written but for a number are added."""

    id = RuleId.COMBINE_LIKE_TERMS

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Add)
        counts: dict[Expr | None, Fraction] = {}
        for t in e.terms:
            c, rest = split_coefficient(t)
            counts[rest] = counts.get(rest, Fraction(0)) + c
        if len(counts) == len(e.terms):
            return None
        terms = tuple(scaled(c, rest) for rest, c in counts.items() if c != 0)
        return ZERO if not terms else terms[0] if len(terms) == 1 else Add(terms)


def _matrix_table(ctx: GradientContext) -> Table:
    """Housekeeping first at every node, then norms, then the order of products."""
    keep, gram_unit, order = _Housekeeping(ctx), _GramAsNorm(ctx), _ProductInOrder(ctx)
    return {
        Transpose: (keep,),
        Neg: (keep,),
        Add: (keep, _EqualTerms(ctx)),
        Mul: (keep, gram_unit, order),
        MatMul: (keep, gram_unit, order),
        Div: (keep, order),
        Pow: (gram_unit,),
        Func: (gram_unit,),
        Norm: (gram_unit,),
    }


def _housekeeping(e: Expr, ctx: GradientContext) -> Simplified:
    """The zeros, ones and identities a rule line leaves, between rule lines."""
    keep = _Housekeeping(ctx)
    return Simplifier({t: (keep,) for t in (Transpose, Neg, Add, Mul, MatMul, Div)}).run(e)


def number_value(e: Expr) -> Fraction | None:
    """The value of ``e`` when it is a number written with signs and quotients: ``-3/4``."""
    if isinstance(e, Num):
        return Fraction(e.value)
    if isinstance(e, Neg):
        v = number_value(e.arg)
        return None if v is None else -v
    if isinstance(e, Div):
        a, b = number_value(e.num), number_value(e.den)
        return None if a is None or b is None or b == 0 else a / b
    return None


def number_expr(value: Fraction) -> Expr:
    """A rational written as a number: ``3``, ``-2``, ``1/2``, ``-3/2``."""
    if value.denominator == 1:
        n: Expr = Num(abs(value.numerator))
    else:
        n = Div(Num(abs(value.numerator)), Num(value.denominator))
    return Neg(n) if value < 0 else n


class _Factors:
    """A product's factors sorted out: the number they multiply to, each scalar base with its
    total exponent, and the vectors and matrices in order."""

    def __init__(self, ctx: GradientContext) -> None:
        self.ctx = ctx
        self.coefficient = Fraction(1)
        self.powers: dict[Expr, Fraction] = {}  # scalar base → total exponent
        self.others: list[Expr] = []

    def add(self, f: Expr, sign: int) -> None:
        """Take in the factor ``f`` (a divisor when ``sign`` is -1); ZeroDivisionError for a
        divisor 0, ValueError for a vector or matrix divisor."""
        if isinstance(f, Neg):
            self.coefficient = -self.coefficient
            self.add(f.arg, sign)
            return
        value = number_value(f)
        if value is not None:
            if value == 0 and sign < 0:
                raise ZeroDivisionError
            self.coefficient *= value if sign > 0 else 1 / value
            return
        if isinstance(f, Mul | MatMul):
            for g in f.factors:
                self.add(g, sign)
            return
        if isinstance(f, Div) and self.ctx.is_scalar(f.den):
            self.add(f.num, sign)
            self.add(f.den, -sign)
            return
        if not self.ctx.is_scalar(f):
            if sign < 0:
                raise ValueError("a vector divisor")
            self.others.append(f)
            return
        if isinstance(f, Pow) and (p := number_value(f.exp)) is not None:
            base, exponent = f.base, p
        else:
            base, exponent = f, Fraction(1)
        self.powers[base] = self.powers.get(base, Fraction(0)) + sign * exponent

    def written(self) -> Expr:
        """The product as a textbook writes it (for a coefficient other than 0): the number,
        the scalars, the vectors and matrices, over the scalar divisors; a minus sign outside."""
        top = [_power(b, p) for b, p in self.powers.items() if p > 0]
        bottom = [_power(b, -p) for b, p in self.powers.items() if p < 0]
        head: list[Expr] = []
        magnitude = abs(self.coefficient)
        if magnitude.numerator != 1 or not (top or self.others):
            head.append(Num(magnitude.numerator))
        body = head + top + self.others
        out: Expr = body[0] if len(body) == 1 else Mul(tuple(body))
        if magnitude.denominator != 1:
            bottom.insert(0, Num(magnitude.denominator))
        if bottom:
            out = Div(out, bottom[0] if len(bottom) == 1 else Mul(tuple(bottom)))
        if self.coefficient < 0:
            out = Neg(out)
        return out


def _power(base: Expr, p: Fraction) -> Expr:
    """base^p, or the base alone for p = 1."""
    return base if p == 1 else Pow(base, number_expr(p))


def _simplify_product(n: Mul | MatMul, ctx: GradientContext) -> Expr:
    """A product as a textbook writes it: one number first, then scalars (equal bases with their
    powers added), then vectors and matrices in order, scalar divisors under one fraction bar."""
    factors = _Factors(ctx)
    try:
        for f in n.factors:
            factors.add(f, 1)
    except (ValueError, ZeroDivisionError):
        return n
    if factors.coefficient == 0:
        return ZERO
    out = factors.written()
    if isinstance(out, Mul) and out.factors == n.factors:
        return n  # a matrix product stays one
    return out
