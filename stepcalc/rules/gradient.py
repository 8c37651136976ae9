"""The gradient hole ``Grad(f, x)``: ∇ₓ f with respect to a vector or matrix x, in the
denominator layout (as in d2l).  Its rules, one small class each, their order, and the hole
kind the engine fills them by.

The gradient ``∇ₓ f`` of a scalar ``f`` has x's shape; ``∇ₓ u`` of a column vector u is the
matrix ∂uᵀ/∂x, so that the chain rule reads ``∇ₓ f(u) = ∇ₓu · ∇ᵤ f``.  Every rule shows its own
line, as d2l writes these derivations: the engine sees through none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from stepcalc import catalogue
from stepcalc.engine import Found, HoleKind, Kind, NoRule
from stepcalc.errors import StepcalcError, UnsupportedError
from stepcalc.expr import (
    ONE,
    TWO,
    ZERO,
    Add,
    Const,
    Deriv,
    Div,
    Expr,
    Func,
    Grad,
    MatMul,
    Mul,
    Neg,
    Norm,
    Num,
    Pow,
    Sym,
    Transpose,
    children,
    free_symbols,
    map_bottom_up,
)
from stepcalc.phrases import no_rule
from stepcalc.shapes import IDENTITY, Shapes, shape
from stepcalc.steps import Binding, RuleId, Step

__all__ = ["GRADIENT_RULES", "GradientContext", "GradientKind", "GradientRule", "outer_rule", "transpose"]

OuterDerivative = Callable[[Expr, Sym], Expr | None]
"""``g'(t)`` in its final form, or None when the derivative engine cannot work it out."""


@dataclass
class GradientContext:
    """What the gradient rules of one problem share: the shapes, the vectors the chain rule
    names (``let u = …``), and how the scalar chain rule differentiates its outer function."""

    shapes: Shapes
    outer_derivative: OuterDerivative = lambda g, t: None
    bindings: list[Binding] = field(default_factory=list)
    fresh: int = 0

    def is_scalar(self, e: Expr) -> bool:
        return self.shapes.scalar(shape(e, self.shapes))

    def is_column(self, e: Expr) -> bool:
        s = shape(e, self.shapes)
        return self.shapes.find(s[1]) == 1 and self.shapes.find(s[0]) != 1


class GradientRule:
    """A named rewrite of one gradient hole ∇ₓ f.  The docstring of a subclass is its pattern."""

    id: RuleId
    kind: Kind = Kind.STRUCTURAL

    def match(self, f: Expr, x: Sym, ctx: GradientContext) -> bool:
        raise NotImplementedError

    def apply(self, f: Expr, x: Sym, ctx: GradientContext) -> tuple[Expr, tuple[Step, ...]]:
        """The rewritten hole and any sub-steps of the rule's own."""
        raise NotImplementedError

    def rule_ids(self, f: Expr, x: Sym) -> tuple[RuleId, ...]:
        return (self.id,)


def _depends(e: Expr, x: Sym) -> bool:
    return x in free_symbols(e)


def _product(factors: Sequence[Expr]) -> Expr:
    fs = [f for f in factors if f != ONE]
    if not fs:
        return ONE
    return fs[0] if len(fs) == 1 else Mul(tuple(fs))


class Constant(GradientRule):
    """∇ₓ c = 0 when c does not depend on x."""

    id, kind = RuleId.CONSTANT, Kind.LEAF

    def match(self, f: Expr, x: Sym, ctx: GradientContext) -> bool:
        return not _depends(f, x)

    def apply(self, f: Expr, x: Sym, ctx: GradientContext) -> tuple[Expr, tuple[Step, ...]]:
        return ZERO, ()


class Identity(GradientRule):
    """∇ₓ x = I."""

    id, kind = RuleId.IDENTITY, Kind.LEAF

    def match(self, f: Expr, x: Sym, ctx: GradientContext) -> bool:
        return f == x

    def apply(self, f: Expr, x: Sym, ctx: GradientContext) -> tuple[Expr, tuple[Step, ...]]:
        return IDENTITY, ()


class SumRule(GradientRule):
    """∇(u + v) = ∇u + ∇v;  ∇(u - v) = ∇u - ∇v."""

    id, kind = RuleId.SUM, Kind.LINEAR

    def match(self, f: Expr, x: Sym, ctx: GradientContext) -> bool:
        return isinstance(f, Add)

    def apply(self, f: Expr, x: Sym, ctx: GradientContext) -> tuple[Expr, tuple[Step, ...]]:
        assert isinstance(f, Add)
        return Add(tuple(Neg(Grad(t.arg, x)) if isinstance(t, Neg) else Grad(t, x) for t in f.terms)), ()

    def rule_ids(self, f: Expr, x: Sym) -> tuple[RuleId, ...]:
        assert isinstance(f, Add)
        return (RuleId.DIFFERENCE if any(isinstance(t, Neg) for t in f.terms) else RuleId.SUM,)


class Negative(GradientRule):
    """∇(-u) = -∇u."""

    id, kind = RuleId.CONSTANT_MULTIPLE, Kind.LINEAR

    def match(self, f: Expr, x: Sym, ctx: GradientContext) -> bool:
        return isinstance(f, Neg)

    def apply(self, f: Expr, x: Sym, ctx: GradientContext) -> tuple[Expr, tuple[Step, ...]]:
        assert isinstance(f, Neg)
        return Neg(Grad(f.arg, x)), ()


class OverConstant(GradientRule):
    """∇(u/c) = ∇u/c when c does not depend on x."""

    id, kind = RuleId.CONSTANT_MULTIPLE, Kind.LINEAR

    def match(self, f: Expr, x: Sym, ctx: GradientContext) -> bool:
        return isinstance(f, Div) and not _depends(f.den, x)

    def apply(self, f: Expr, x: Sym, ctx: GradientContext) -> tuple[Expr, tuple[Step, ...]]:
        assert isinstance(f, Div)
        return Div(Grad(f.num, x), f.den), ()


class ConstantFactor(GradientRule):
    """∇(c u) = c ∇u for scalar factors c that do not depend on x."""

    id, kind = RuleId.CONSTANT_MULTIPLE, Kind.LINEAR

    def match(self, f: Expr, x: Sym, ctx: GradientContext) -> bool:
        if not isinstance(f, Mul | MatMul):
            return False
        constant = [not _depends(g, x) and ctx.is_scalar(g) for g in f.factors]
        return any(constant) and not all(constant)

    def apply(self, f: Expr, x: Sym, ctx: GradientContext) -> tuple[Expr, tuple[Step, ...]]:
        assert isinstance(f, Mul | MatMul)
        constant = [g for g in f.factors if not _depends(g, x) and ctx.is_scalar(g)]
        rest = [g for g in f.factors if _depends(g, x) or not ctx.is_scalar(g)]
        rest_expr = rest[0] if len(rest) == 1 else type(f)(tuple(rest))
        return Mul((*constant, Grad(rest_expr, x))), ()


def _dependent(f: Mul | MatMul, x: Sym) -> list[int]:
    return [i for i, g in enumerate(f.factors) if _depends(g, x)]


class MatrixLinear(GradientRule):
    """∇ₓ(L x) = Lᵀ;  ∇ₓ(xᵀ R) = R: a product in which x stands once, last (or xᵀ first)."""

    id = RuleId.MATRIX_LINEAR

    def match(self, f: Expr, x: Sym, ctx: GradientContext) -> bool:
        if not isinstance(f, Mul | MatMul):
            return False
        where = _dependent(f, x)
        if len(where) != 1:
            return False
        i = where[0]
        return (i == len(f.factors) - 1 and f.factors[i] == x) or (i == 0 and f.factors[0] == Transpose(x))

    def apply(self, f: Expr, x: Sym, ctx: GradientContext) -> tuple[Expr, tuple[Step, ...]]:
        assert isinstance(f, Mul | MatMul)
        if f.factors[-1] == x:
            return transpose(_product(f.factors[:-1]), ctx.shapes), ()
        return _product(f.factors[1:]), ()


class MatrixQuadratic(GradientRule):
    """∇ₓ(xᵀ M x) = (M + Mᵀ) x, which is 2M x for a symmetric M (2x for xᵀx)."""

    id = RuleId.MATRIX_QUADRATIC

    def match(self, f: Expr, x: Sym, ctx: GradientContext) -> bool:
        if not isinstance(f, Mul | MatMul):
            return False
        fs = f.factors
        return _dependent(f, x) == [0, len(fs) - 1] and fs[0] == Transpose(x) and fs[-1] == x

    def apply(self, f: Expr, x: Sym, ctx: GradientContext) -> tuple[Expr, tuple[Step, ...]]:
        assert isinstance(f, Mul | MatMul)
        middle = f.factors[1:-1]
        if not middle:
            return Mul((TWO, x)), ()
        m = _product(middle)
        if _symmetric(m, ctx):
            return Mul((TWO, m, x)), ()
        return MatMul((Add((m, transpose(m, ctx.shapes))), x)), ()


class FrobeniusSquared(GradientRule):
    """∇_X ‖X‖_F² = 2X."""

    id, kind = RuleId.NORM, Kind.LEAF

    def match(self, f: Expr, x: Sym, ctx: GradientContext) -> bool:
        return _norm_of(f, x) == "F"

    def apply(self, f: Expr, x: Sym, ctx: GradientContext) -> tuple[Expr, tuple[Step, ...]]:
        return Mul((TWO, x)), ()


class NormSquaredDefinition(GradientRule):
    """‖x‖² = xᵀx."""

    id = RuleId.DEFINITION

    def match(self, f: Expr, x: Sym, ctx: GradientContext) -> bool:
        return _norm_of(f, x) == "2"

    def apply(self, f: Expr, x: Sym, ctx: GradientContext) -> tuple[Expr, tuple[Step, ...]]:
        return Grad(MatMul((Transpose(x), x)), x), ()


def _norm_of(f: Expr, x: Sym) -> str | None:
    """``"F"`` for ‖x‖_F², ``"2"`` for ‖x‖₂² (or ‖x‖²), None for anything else."""
    if isinstance(f, Pow) and isinstance(f.base, Norm) and f.exp == TWO and f.base.arg == x:
        return "F" if f.base.kind == "F" else "2" if f.base.kind in (None, "2") else None
    return None


class NormDefinition(GradientRule):
    """‖x‖₂ = (xᵀx)^(1/2)."""

    id = RuleId.DEFINITION

    def match(self, f: Expr, x: Sym, ctx: GradientContext) -> bool:
        return isinstance(f, Norm) and f.arg == x and f.kind in (None, "2")

    def apply(self, f: Expr, x: Sym, ctx: GradientContext) -> tuple[Expr, tuple[Step, ...]]:
        return Grad(Pow(MatMul((Transpose(x), x)), Div(ONE, TWO)), x), ()


class VectorChain(GradientRule):
    """∇ₓ f(u) = ∇ₓu · ∇ᵤ f, when all of f's dependence on x goes through one vector u ≠ x."""

    id = RuleId.CHAIN

    def match(self, f: Expr, x: Sym, ctx: GradientContext) -> bool:
        return _single_inner_vector(f, x, ctx) is not None

    def apply(self, f: Expr, x: Sym, ctx: GradientContext) -> tuple[Expr, tuple[Step, ...]]:
        inner = _single_inner_vector(f, x, ctx)
        assert inner is not None
        name = "u" if ctx.fresh == 0 else f"u_{ctx.fresh}"
        ctx.fresh += 1
        while Sym(name) in free_symbols(f) or name in ctx.shapes.vectors or name in ctx.shapes.matrices:
            name += "'"
        u = Sym(name)
        ctx.shapes.vectors[name] = None
        ctx.shapes.unify(ctx.shapes.of_name(name)[0], shape(inner, ctx.shapes)[0])
        ctx.bindings.append(Binding(u, inner))
        outer = map_bottom_up(f, lambda n: u if n == inner else n)
        return MatMul((Grad(inner, x), Grad(outer, u))), ()


def _single_inner_vector(f: Expr, x: Sym, ctx: GradientContext) -> Expr | None:
    """The one vector-valued subexpression (≠ x) through which all of f's dependence on x goes."""
    found: set[Expr] = set()

    def visit(n: Expr) -> bool:  # False: x is reached outside any candidate
        if not _depends(n, x):
            return True
        if n == x or n == Transpose(x):
            return False
        if n != f and not isinstance(n, Transpose) and ctx.is_column(n):
            found.add(n)
            return True
        return all(visit(c) for c in children(n))

    if not visit(f) or len(found) != 1:
        return None
    return found.pop()


class ProductRule(GradientRule):
    """∇(gh) = h∇g + g∇h for scalar factors g, h."""

    id = RuleId.PRODUCT

    def match(self, f: Expr, x: Sym, ctx: GradientContext) -> bool:
        return isinstance(f, Mul | MatMul) and all(ctx.is_scalar(g) for g in f.factors)

    def apply(self, f: Expr, x: Sym, ctx: GradientContext) -> tuple[Expr, tuple[Step, ...]]:
        assert isinstance(f, Mul | MatMul)
        fs = f.factors
        terms = []
        for i, g in enumerate(fs):
            if not _depends(g, x):
                continue
            others = [h for j, h in enumerate(fs) if j != i]
            terms.append(Mul((*others, Grad(g, x))) if others else Grad(g, x))
        return Add(tuple(terms)), ()


class QuotientRule(GradientRule):
    """∇(g/h) = (h∇g - g∇h)/h²."""

    id = RuleId.QUOTIENT

    def match(self, f: Expr, x: Sym, ctx: GradientContext) -> bool:
        return isinstance(f, Div)

    def apply(self, f: Expr, x: Sym, ctx: GradientContext) -> tuple[Expr, tuple[Step, ...]]:
        assert isinstance(f, Div)
        g, h = f.num, f.den
        num = Add((Mul((h, Grad(g, x))), Neg(Mul((g, Grad(h, x))))))
        return Div(num, Pow(h, TWO)), ()


class ScalarChain(GradientRule):
    """∇ₓ g(s) = g'(s) ∇ₓs for a scalar s, g' worked by the derivative engine on a fresh variable."""

    id = RuleId.CHAIN

    def match(self, f: Expr, x: Sym, ctx: GradientContext) -> bool:
        return isinstance(f, Func | Pow) and ctx.is_scalar(f) and _scalar_inner(f, x) is not None

    def apply(self, f: Expr, x: Sym, ctx: GradientContext) -> tuple[Expr, tuple[Step, ...]]:
        assert isinstance(f, Func | Pow)
        inner = _scalar_inner(f, x)
        assert inner is not None
        t = Sym("t")
        while t in free_symbols(f):
            t = Sym(t.name + "'")
        g = map_bottom_up(f, lambda n: t if n == inner else n)
        derivative = ctx.outer_derivative(g, t)
        if derivative is None:
            raise NoRule(Grad(f, x))
        outer = map_bottom_up(derivative, lambda n: inner if n == t else n)
        rest = Mul((outer, Grad(inner, x))) if outer != ONE else Grad(inner, x)
        return rest, (Step(outer_rule(f), g, derivative),)


def _scalar_inner(f: Expr, x: Sym) -> Expr | None:
    """``s`` in ``g(s)``: a function's one argument, a power's base or exponent (the other constant)."""
    if isinstance(f, Func):
        return f.args[0] if len(f.args) == 1 else None
    if isinstance(f, Pow):
        if not _depends(f.exp, x):
            return f.base
        if not _depends(f.base, x):
            return f.exp
    return None


def outer_rule(f: Func | Pow) -> RuleId:
    """The rule that differentiates the outer function (named beside the chain rule)."""
    if isinstance(f, Pow):
        if not isinstance(f.exp, Num | Neg | Div) and f.base == Const("e"):
            return RuleId.EXP
        return RuleId.POWER if isinstance(f.exp, Num | Neg | Div) else RuleId.EXP_BASE
    entry = catalogue.FUNCTIONS.get(f.name)
    return entry.rule if entry is not None and entry.rule is not None else RuleId.CHAIN


def _symmetric(m: Expr, ctx: GradientContext) -> bool:
    if isinstance(m, Sym):
        return symmetric_name(m, ctx.shapes)
    if isinstance(m, Mul):  # c·M
        mats = [g for g in m.factors if not ctx.is_scalar(g)]
        return len(mats) == 1 and _symmetric(mats[0], ctx)
    return False


def symmetric_name(m: Sym, shapes: Shapes) -> bool:
    """Whether the name ``m`` equals its transpose: declared symmetric, I, or a scalar."""
    return m.name in shapes.symmetric or m == IDENTITY or shapes.kind(m.name) == "scalar"


def transpose(e: Expr, shapes: Shapes) -> Expr:
    """Mᵀ written as a textbook does: (Lᵀ)ᵀ = L, (AB)ᵀ = BᵀAᵀ, scalars unchanged."""
    if isinstance(e, Transpose):
        return e.arg
    if isinstance(e, Sym) and symmetric_name(e, shapes):
        return e
    if isinstance(e, Num | Const):
        return e
    if isinstance(e, Mul | MatMul):
        return type(e)(tuple(transpose(g, shapes) for g in reversed(e.factors)))
    return Transpose(e)


# First match wins: constants, then the linear rules, the matrix identities before the product
# rule they are special cases of, the definitions of the norms, the vector chain rule through
# one inner vector, and last the scalar rules (product, quotient, chain through a function).
GRADIENT_RULES: tuple[GradientRule, ...] = (
    Constant(),
    Identity(),
    SumRule(),
    Negative(),
    OverConstant(),
    ConstantFactor(),
    MatrixLinear(),
    MatrixQuadratic(),
    FrobeniusSquared(),
    NormSquaredDefinition(),
    NormDefinition(),
    VectorChain(),
    ProductRule(),
    QuotientRule(),
    ScalarChain(),
)


class GradientKind(HoleKind[Grad]):
    """Gradient holes of one problem (its shapes in ``ctx``), filled by ``GRADIENT_RULES``.
    After each line, zeros are dropped, I absorbed and (Lᵀ)ᵀ written L (``tidy``)."""

    node = Grad

    def nested(self) -> StepcalcError:
        return UnsupportedError("a gradient inside a gradient: take the inner one first")

    def __init__(
        self,
        ctx: GradientContext,
        tidy: Callable[[Expr], tuple[Expr, tuple[Step, ...]]] = lambda e: (e, ()),
        rules: Sequence[GradientRule] = GRADIENT_RULES,
    ) -> None:
        self.ctx, self.tidy, self.rules = ctx, tidy, tuple(rules)

    def find(self, hole: Grad) -> Found | None:
        f, x = hole.expr, hole.var
        for rule in self.rules:
            if rule.match(f, x, self.ctx):
                result, substeps = rule.apply(f, x, self.ctx)
                return Found(rule, rule.kind, rule.rule_ids(f, x), result, substeps)
        return None

    def see_through(self, parent: Found, child: Grad, find: Callable[[Grad], Found | None]) -> bool:
        return False

    def tidy_line(self, e: Expr) -> tuple[Expr, tuple[Step, ...]]:
        return self.tidy(e)

    def no_rule(self, hole: Grad) -> tuple[str, Expr]:
        written = Deriv(hole.expr, hole.var)  # said as "no rule applies to (f)'"
        return no_rule(written), written
