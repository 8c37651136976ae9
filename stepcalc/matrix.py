"""Vector and matrix calculus in the denominator layout (as in d2l), worked step by step.

Which names are vectors and matrices is declared (``vectors=``, ``matrices=``, optionally
with sizes ``x:3``, ``A:2x3``); a name written inside ``‖·‖`` or transposed is a vector unless
declared otherwise, and a name inside ``‖·‖_F`` a matrix.  Every other name is a scalar.

Shapes are inferred with symbolic sizes and checked: ``A x`` needs A's columns to match x's
rows, a sum needs equal shapes (``x + A`` is an error naming both shapes).

The gradient ``∇ₓ f`` of a scalar ``f`` has x's shape; ``∇ₓ u`` of a column vector u is the
matrix ∂uᵀ/∂x, so that the chain rule reads ``∇ₓ f(u) = ∇ₓu · ∇ᵤ f``.  Rules, tried in order:
constant, sum, constant multiple, ∇ₓ(Lx) = Lᵀ and ∇ₓ(xᵀR) = R (``matrix_linear``),
∇ₓ(xᵀMx) = (M + Mᵀ)x (``matrix_quadratic``; 2Mx for a symmetric M), ∇_X ‖X‖_F² = 2X and the
definitions ‖x‖² = xᵀx, ‖x‖₂ = (xᵀx)^{1/2} (``norm``/``definition``), the vector chain rule
through one inner vector, the product and quotient rules for scalar factors, and the chain
rule through a scalar function, whose outer derivative the single-variable engine works out.

Each line is verified numerically (``verify``): at sizes 2, 3 and 5 with random values the
gradient holes are taken by sympy on the components, and each line must agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from stepcalc import catalogue
from stepcalc.errors import ShapeError, StepcalcError, UnsupportedError
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
    Sum,
    Sym,
    Transpose,
    children,
    free_symbols,
    map_bottom_up,
    walk,
)
from stepcalc.simplify.core import Simplified, Simplifier, Table, Unit
from stepcalc.simplify.terms import scaled, split_coefficient
from stepcalc.steps import Binding, Line, RuleId, Section, Step

__all__ = ["Shapes", "declare", "matrix_gradient", "uses_matrices"]

Dim = int | str
IDENTITY = Sym("I")


# ---------------------------------------------------------------- declarations and shapes
def _parse_declaration(item: str, matrix: bool) -> tuple[str, tuple[int, int] | None]:
    name, _, size = item.strip().partition(":")
    name = name.strip()
    if not name or not (name[0].isalpha() and all(c.isalnum() or c == "_" for c in name)):
        raise StepcalcError(f"cannot read the declaration {item.strip()!r}; write a name like x or x:3")
    name = _name(name)
    if not size:
        return name, None
    try:
        if matrix:
            rows, _, cols = size.lower().partition("x")
            dims = (int(rows), int(cols))
        else:
            dims = (int(size), 1)
    except ValueError:
        want = "A:2x3" if matrix else "x:3"
        raise StepcalcError(f"cannot read the size in {item.strip()!r}; write it like {want}") from None
    if min(dims) < 1 or max(dims) > 10_000:
        raise StepcalcError(f"the size in {item.strip()!r} must be between 1 and 10000")
    return name, dims


def _name(written: str) -> str:
    """The name as the parser writes it (``θ`` → ``theta``, ``x1`` → ``x_1``), so that a
    declaration or ``wrt`` finds the symbol of the expression."""
    from stepcalc.parse import variable

    return variable(written, "a vector or matrix").name


def _items(spec: str | Iterable[str] | None) -> list[str]:
    if spec is None:
        return []
    if isinstance(spec, str):
        return [s for s in spec.split(",") if s.strip()]
    return [s for s in spec if s.strip()]


@dataclass
class Shapes:
    """Declared kinds and sizes, and the inference state of the symbolic sizes."""

    vectors: dict[str, tuple[int, int] | None] = field(default_factory=dict)
    matrices: dict[str, tuple[int, int] | None] = field(default_factory=dict)
    symmetric: frozenset[str] = frozenset()
    parent: dict[str, Dim] = field(default_factory=dict)
    rigid: set[str] = field(default_factory=set)  # a matrix's sizes: never 1 by inference
    labels: dict[str, str] = field(default_factory=dict)
    norm_kind: str | None = "2"  # how results write the 2-norm: ‖x‖₂, or ‖x‖ when the problem does

    def kind(self, name: str) -> str:
        if name in self.matrices:
            return "matrix"
        if name in self.vectors:
            return "vector"
        return "scalar"

    # -- symbolic sizes (union-find)
    def find(self, d: Dim) -> Dim:
        while isinstance(d, str) and d in self.parent:
            d = self.parent[d]
        return d

    def unify(self, a: Dim, b: Dim) -> bool:
        a, b = self.find(a), self.find(b)
        if a == b:
            return True
        if isinstance(a, int) and isinstance(b, int):
            return False
        if isinstance(a, int):
            a, b = b, a
        assert isinstance(a, str)
        if isinstance(b, int):
            if b == 1 and a in self.rigid:
                return False
            self.parent[a] = b
            return True
        self.parent[a] = b
        if a in self.rigid:
            self.rigid.add(b)
        return True

    def of_name(self, name: str) -> tuple[Dim, Dim]:
        if name == IDENTITY.name and name not in self.matrices and name not in self.vectors:
            return (f"{name}#", f"{name}#")
        if name in self.matrices:
            size = self.matrices[name]
            if size is not None:
                return size
            self.rigid.update((f"{name}#r", f"{name}#c"))
            return (f"{name}#r", f"{name}#c")
        if name in self.vectors:
            size = self.vectors[name]
            self.rigid.add(f"{name}#n")
            return size if size is not None else (f"{name}#n", 1)
        return (1, 1)

    def show(self, shape: tuple[Dim, Dim]) -> str:
        parts = []
        for d in shape:
            d = self.find(d)
            if isinstance(d, str):
                d = self.labels.setdefault(
                    d, "nmpqkl"[len(self.labels) % 6] if len(self.labels) < 6 else f"n{len(self.labels)}"
                )
            parts.append(str(d))
        return "×".join(parts)

    def scalar(self, shape: tuple[Dim, Dim]) -> bool:
        return self.find(shape[0]) == 1 and self.find(shape[1]) == 1


def declare(
    vectors: str | Iterable[str] | None = None,
    matrices: str | Iterable[str] | None = None,
    symmetric: str | Iterable[str] | None = None,
) -> Shapes:
    """The declarations ``vectors="x,b"``, ``matrices="A:2x3"``, ``symmetric="A"``."""
    shapes = Shapes()
    for item in _items(vectors):
        name, size = _parse_declaration(item, matrix=False)
        shapes.vectors[name] = size
    for item in _items(matrices):
        name, size = _parse_declaration(item, matrix=True)
        if name in shapes.vectors:
            raise StepcalcError(f"{name} is declared both a vector and a matrix")
        shapes.matrices[name] = size
    sym = set()
    for item in _items(symmetric):
        name = _name(item.strip())
        shapes.matrices.setdefault(name, None)
        size = shapes.matrices[name]
        if size is not None and size[0] != size[1]:
            raise StepcalcError(
                f"{name} is declared symmetric but its size {size[0]}×{size[1]} is not square"
            )
        sym.add(name)
    shapes.symmetric = frozenset(sym)
    return shapes


def uses_matrices(e: Expr, shapes: Shapes | None = None) -> bool:
    """Whether ``e`` is vector/matrix calculus: a norm, a transpose, or a declared name."""
    declared = set(shapes.vectors) | set(shapes.matrices) if shapes else set()
    return any(
        isinstance(n, Norm | Transpose | MatMul)
        or (isinstance(n, Func) and n.name == "dot")
        or (isinstance(n, Sym) and n.name in declared)
        for n in walk(e)
    )


def _vector_leaves(e: Expr) -> list[Sym]:
    """The names that must be vectors for ``e`` to be one: ``x`` in ``x``, ``x - c``, ``A x``."""
    if isinstance(e, Sym):
        return [e]
    if isinstance(e, Neg):
        return _vector_leaves(e.arg)
    if isinstance(e, Add):
        return [s for t in e.terms for s in _vector_leaves(t)]
    if isinstance(e, Mul | MatMul):
        return _vector_leaves(e.factors[-1])
    if isinstance(e, Div):
        return _vector_leaves(e.num)
    return []


def _implicit_kinds(e: Expr, shapes: Shapes) -> None:
    """A name inside ``‖·‖`` or transposed is a vector, inside ``‖·‖_F`` a matrix (unless declared)."""
    for node in walk(e):
        if isinstance(node, Norm | Transpose):
            for inner in _vector_leaves(node.arg):
                if inner.name in shapes.vectors or inner.name in shapes.matrices:
                    continue
                if isinstance(node, Norm) and node.kind == "F":
                    shapes.matrices[inner.name] = None
                else:
                    shapes.vectors[inner.name] = None
        if isinstance(node, Mul | MatMul) and any(
            isinstance(f, Transpose) and _vector_leaves(f.arg) for f in node.factors[:-1]
        ):  # aᵀx, xᵀAx: the last factor of a product with a transposed vector is a vector
            for leaf in _vector_leaves(node.factors[-1]):
                if leaf.name not in shapes.matrices:
                    shapes.vectors.setdefault(leaf.name, None)
        if isinstance(node, Func) and node.name == "dot":
            for a in node.args:
                if isinstance(a, Sym) and a.name not in shapes.matrices:
                    shapes.vectors.setdefault(a.name, None)


def _rewrite_dot(e: Expr) -> Expr:
    """``dot(a, b)`` is aᵀb."""

    def fn(n: Expr) -> Expr:
        if isinstance(n, Func) and n.name == "dot" and len(n.args) == 2:
            return MatMul((Transpose(n.args[0]), n.args[1]))
        return n

    return map_bottom_up(e, fn)


def shape(e: Expr, shapes: Shapes) -> tuple[Dim, Dim]:
    """The shape of ``e`` (rows, columns), or a ShapeError naming the shapes that do not fit."""
    from stepcalc.printing import to_unicode

    def named(x: Expr, s: tuple[Dim, Dim]) -> str:
        return f"{to_unicode(x)} ({shapes.show(s)})"

    def go(n: Expr) -> tuple[Dim, Dim]:
        match n:
            case Num() | Const() | Sum() | Deriv():
                return (1, 1)
            case Sym(name=name):
                return shapes.of_name(name)
            case Transpose(arg=a):
                r, c = go(a)
                return (c, r)
            case Neg(arg=a):
                return go(a)
            case Add(terms=terms):
                first = go(terms[0])
                for t in terms[1:]:
                    s = go(t)
                    if not (shapes.unify(first[0], s[0]) and shapes.unify(first[1], s[1])):
                        raise ShapeError(f"cannot add {named(terms[0], first)} and {named(t, s)}")
                return first
            case Mul(factors=fs) | MatMul(factors=fs):
                acc, acc_expr = go(fs[0]), fs[0]
                for f in fs[1:]:
                    s = go(f)
                    if shapes.scalar(s):
                        pass
                    elif shapes.scalar(acc):
                        acc = s
                    elif shapes.unify(acc[1], s[0]):
                        acc = (acc[0], s[1])
                    else:
                        raise ShapeError(f"cannot multiply {named(acc_expr, acc)} by {named(f, s)}")
                    acc_expr = f
                return acc
            case Div(num=a, den=b):
                s = go(b)
                if not shapes.scalar(s):
                    raise ShapeError(f"cannot divide by {named(b, s)}: only by a scalar")
                return go(a)
            case Pow(base=b, exp=power):
                base_shape, power_shape = go(b), go(power)
                if not shapes.scalar(base_shape) or not shapes.scalar(power_shape):
                    bad = (b, base_shape) if not shapes.scalar(base_shape) else (power, power_shape)
                    raise ShapeError(f"cannot raise to a power with {named(*bad)}: powers are of scalars")
                return (1, 1)
            case Func(args=args):
                for a in args:
                    s = go(a)
                    if not shapes.scalar(s):
                        raise UnsupportedError(
                            f"{n.name} of {named(a, s)} (an elementwise function of a vector) "
                            "is not supported"
                        )
                return (1, 1)
            case Norm(arg=a, kind=kind):
                s = go(a)
                if kind != "F" and not shapes.unify(s[1], 1):
                    raise ShapeError(
                        f"‖·‖{'' if kind is None else '_' + kind} needs a vector, not {named(a, s)}"
                    )
                return (1, 1)
            case Grad(expr=inner, var=v):
                si, sv = go(inner), go(v)
                if shapes.scalar(si):
                    return sv
                if shapes.find(si[1]) == 1:
                    return (sv[0], si[0])
                if shapes.find(si[0]) == 1:
                    return (sv[0], si[1])
                raise UnsupportedError(f"the gradient of a matrix-valued {named(inner, si)} is not supported")
        raise UnsupportedError(f"{type(n).__name__} is not supported in vector calculus")

    return go(e)


# ---------------------------------------------------------------- the rules
class _Stuck(Exception):
    def __init__(self, hole: Grad) -> None:
        self.hole = hole


@dataclass
class _Context:
    shapes: Shapes
    bindings: list[Binding] = field(default_factory=list)
    fresh: int = 0

    def is_scalar(self, e: Expr) -> bool:
        return self.shapes.scalar(shape(e, self.shapes))

    def is_column(self, e: Expr) -> bool:
        s = shape(e, self.shapes)
        return self.shapes.find(s[1]) == 1 and self.shapes.find(s[0]) != 1


def _depends(e: Expr, x: Sym) -> bool:
    return x in free_symbols(e)


def _product(factors: Sequence[Expr]) -> Expr:
    fs = [f for f in factors if f != ONE]
    if not fs:
        return ONE
    return fs[0] if len(fs) == 1 else Mul(tuple(fs))


def _rule(hole: Grad, ctx: _Context) -> tuple[Expr, RuleId, tuple[Step, ...]]:
    """One rule application to the hole ``∇ₓ f``: the new expression, its rule id and sub-steps."""
    f, x = hole.expr, hole.var
    if not _depends(f, x):
        return ZERO, RuleId.CONSTANT, ()
    if f == x:
        return IDENTITY, RuleId.IDENTITY, ()
    if isinstance(f, Add):
        terms = tuple(Neg(Grad(t.arg, x)) if isinstance(t, Neg) else Grad(t, x) for t in f.terms)
        rule = RuleId.DIFFERENCE if any(isinstance(t, Neg) for t in f.terms) else RuleId.SUM
        return Add(terms), rule, ()
    if isinstance(f, Neg):
        return Neg(Grad(f.arg, x)), RuleId.CONSTANT_MULTIPLE, ()
    if isinstance(f, Div) and not _depends(f.den, x):
        return Div(Grad(f.num, x), f.den), RuleId.CONSTANT_MULTIPLE, ()
    if isinstance(f, Mul | MatMul):
        found = _products(f, x, ctx)
        if found is not None:
            return found
    if isinstance(f, Pow) and isinstance(f.base, Norm) and f.exp == TWO and f.base.arg == x:
        if f.base.kind == "F":
            return Mul((TWO, x)), RuleId.NORM, ()
        return Grad(MatMul((Transpose(x), x)), x), RuleId.DEFINITION, ()
    if isinstance(f, Norm) and f.arg == x and f.kind in (None, "2"):
        return Grad(Pow(MatMul((Transpose(x), x)), Div(ONE, TWO)), x), RuleId.DEFINITION, ()
    inner = _single_inner_vector(f, x, ctx)
    if inner is not None:
        return _vector_chain(f, x, inner, ctx)
    if isinstance(f, Mul | MatMul):
        return _product_rule(f, x, ctx)
    if isinstance(f, Div):
        g, h = f.num, f.den
        num = Add((Mul((h, Grad(g, x))), Neg(Mul((g, Grad(h, x))))))
        return Div(num, Pow(h, TWO)), RuleId.QUOTIENT, ()
    if isinstance(f, Func | Pow) and ctx.is_scalar(f):
        return _scalar_chain(f, x)
    raise _Stuck(hole)


def _products(f: Mul | MatMul, x: Sym, ctx: _Context) -> tuple[Expr, RuleId, tuple[Step, ...]] | None:
    """Constant multiples, ∇ₓ(Lx) = Lᵀ, ∇ₓ(xᵀR) = R and ∇ₓ(xᵀMx) = (M + Mᵀ)x."""
    fs = list(f.factors)
    constant = [g for g in fs if not _depends(g, x) and ctx.is_scalar(g)]
    rest = [g for g in fs if _depends(g, x) or not ctx.is_scalar(g)]
    if constant and rest:
        rest_expr = rest[0] if len(rest) == 1 else type(f)(tuple(rest))
        return Mul((*constant, Grad(rest_expr, x))), RuleId.CONSTANT_MULTIPLE, ()
    where = [i for i, g in enumerate(fs) if _depends(g, x)]
    xt = Transpose(x)
    if len(where) == 1:
        i = where[0]
        if i == len(fs) - 1 and fs[i] == x:  # L x
            left = _product(fs[:i])
            return _transpose(left, ctx), RuleId.MATRIX_LINEAR, ()
        if i == 0 and fs[i] == xt:  # xᵀ R
            return _product(fs[1:]), RuleId.MATRIX_LINEAR, ()
    if len(where) == 2 and where == [0, len(fs) - 1] and fs[0] == xt and fs[-1] == x:
        middle = fs[1:-1]
        if not middle:
            return Mul((TWO, x)), RuleId.MATRIX_QUADRATIC, ()
        m = _product(middle)
        if _symmetric(m, ctx):
            return Mul((TWO, m, x)), RuleId.MATRIX_QUADRATIC, ()
        return MatMul((Add((m, _transpose(m, ctx))), x)), RuleId.MATRIX_QUADRATIC, ()
    return None


def _symmetric(m: Expr, ctx: _Context) -> bool:
    if isinstance(m, Sym):
        return m.name in ctx.shapes.symmetric or m == IDENTITY or ctx.shapes.kind(m.name) == "scalar"
    if isinstance(m, Mul):  # c·M
        mats = [g for g in m.factors if not ctx.is_scalar(g)]
        return len(mats) == 1 and _symmetric(mats[0], ctx)
    return False


def _transpose(e: Expr, ctx: _Context) -> Expr:
    """Mᵀ written as a textbook does: (Lᵀ)ᵀ = L, (AB)ᵀ = BᵀAᵀ, scalars unchanged."""
    if isinstance(e, Transpose):
        return e.arg
    if isinstance(e, Sym) and (
        e.name in ctx.shapes.symmetric or e == IDENTITY or ctx.shapes.kind(e.name) == "scalar"
    ):
        return e
    if isinstance(e, Num | Const):
        return e
    if isinstance(e, Mul | MatMul):
        return type(e)(tuple(_transpose(g, ctx) for g in reversed(e.factors)))
    return Transpose(e)


def _single_inner_vector(f: Expr, x: Sym, ctx: _Context) -> Expr | None:
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


def _vector_chain(f: Expr, x: Sym, inner: Expr, ctx: _Context) -> tuple[Expr, RuleId, tuple[Step, ...]]:
    name = "u" if ctx.fresh == 0 else f"u_{ctx.fresh}"
    ctx.fresh += 1
    while Sym(name) in free_symbols(f) or name in ctx.shapes.vectors or name in ctx.shapes.matrices:
        name += "'"
    u = Sym(name)
    ctx.shapes.vectors[name] = None
    ctx.shapes.unify(ctx.shapes.of_name(name)[0], shape(inner, ctx.shapes)[0])
    ctx.bindings.append(Binding(u, inner))
    outer = map_bottom_up(f, lambda n: u if n == inner else n)
    return MatMul((Grad(inner, x), Grad(outer, u))), RuleId.CHAIN, ()


def _product_rule(f: Mul | MatMul, x: Sym, ctx: _Context) -> tuple[Expr, RuleId, tuple[Step, ...]]:
    """∇(gh) = h∇g + g∇h for scalar factors g, h (a vector factor stays where it is)."""
    fs = f.factors
    if not all(ctx.is_scalar(g) for g in fs):
        raise _Stuck(Grad(f, x))
    terms = []
    for i, g in enumerate(fs):
        if not _depends(g, x):
            continue
        others = [h for j, h in enumerate(fs) if j != i]
        terms.append(Mul((*others, Grad(g, x))) if others else Grad(g, x))
    return Add(tuple(terms)), RuleId.PRODUCT, ()


def _scalar_chain(f: Func | Pow, x: Sym) -> tuple[Expr, RuleId, tuple[Step, ...]]:
    """∇ₓ g(s) = g'(s) ∇ₓs, g' worked by the single-variable engine on a fresh variable."""
    from stepcalc.derivation import work_section
    from stepcalc.limits import DEFAULT

    if isinstance(f, Func):
        if len(f.args) != 1:
            raise _Stuck(Grad(f, x))
        inner = f.args[0]
    elif not _depends(f.exp, x):
        inner = f.base
    elif not _depends(f.base, x):
        inner = f.exp
    else:
        raise _Stuck(Grad(f, x))
    t = Sym("t")
    while t in free_symbols(f):
        t = Sym(t.name + "'")
    g = map_bottom_up(f, lambda n: t if n == inner else n)
    section = work_section(g, t, detail="textbook", limits=DEFAULT, max_seconds=5.0)
    if section.unknown:
        raise _Stuck(Grad(f, x))
    outer = map_bottom_up(section.lines[-1].expr, lambda n: inner if n == t else n)
    sub = (Step(_outer_rule(f), g, section.lines[-1].expr),)
    factor = outer if outer != ONE else None
    return (
        Mul((factor, Grad(inner, x))) if factor is not None else Grad(inner, x),
        RuleId.CHAIN,
        sub,
    )


def _outer_rule(f: Func | Pow) -> RuleId:
    """The rule that differentiates the outer function (named beside the chain rule)."""
    if isinstance(f, Pow):
        if not isinstance(f.exp, Num | Neg | Div) and f.base == Const("e"):
            return RuleId.EXP
        return RuleId.POWER if isinstance(f.exp, Num | Neg | Div) else RuleId.EXP_BASE
    entry = catalogue.FUNCTIONS.get(f.name)
    return entry.rule if entry is not None and entry.rule is not None else RuleId.CHAIN


def _norm_squared(e: Expr) -> Expr | None:
    """u when ``e`` is ‖u‖² (a 2-norm)."""
    if isinstance(e, Pow) and isinstance(e.base, Norm) and e.base.kind in (None, "2") and e.exp == TWO:
        return e.base.arg
    return None


def _gram(e: Expr, shapes: Shapes) -> Expr | None:
    """u when ``e`` is uᵀu for a vector u (AᵀA of a matrix is no norm)."""
    if isinstance(e, Mul | MatMul) and len(e.factors) == 2 and e.factors[0] == Transpose(e.factors[1]):
        u = e.factors[1]
        if shapes.find(shape(u, shapes)[1]) == 1:
            return u
    return None


# ---------------------------------------------------------------- lines
def _holes(e: Expr) -> list[Grad]:
    """The outermost gradient holes of ``e``."""
    out: list[Grad] = []
    stack = [e]
    while stack:
        n = stack.pop()
        if isinstance(n, Grad):
            out.append(n)
        else:
            stack.extend(reversed(children(n)))
    return out


def _fill(e: Expr, done: dict[Grad, Expr]) -> Expr:
    if isinstance(e, Grad):
        return done.get(e, e)
    kids = children(e)
    if not kids:
        return e
    from stepcalc.expr import with_children

    return with_children(e, tuple(_fill(k, done) for k in kids))


def work(f: Expr, x: Sym, shapes: Shapes, *, max_lines: int = 60) -> Section:
    """∇ₓ f as a section: one line per level of rules, then substitution and simplification."""
    ctx = _Context(shapes)
    start = Grad(f, x)
    shape(start, shapes)
    section = Section([], start=start)
    expr: Expr = start
    while _holes(expr):
        if len(section.lines) >= max_lines:
            raise StepcalcError(f"the gradient needs more than {max_lines} lines")
        done: dict[Grad, Expr] = {}
        steps: list[Step] = []
        try:
            for hole in _holes(expr):
                if hole in done:
                    continue
                new, rule, sub = _rule(hole, ctx)
                done[hole] = new
                steps.append(Step(rule, hole, new, sub))
        except _Stuck as stuck:
            from stepcalc.expr import Deriv
            from stepcalc.phrases import no_rule

            written = Deriv(stuck.hole.expr, stuck.hole.var)
            section.unknown = no_rule(written)
            section.lines.append(Line(expr, (Step(RuleId.UNKNOWN, written, written),)))
            return section
        filled = _fill(expr, done)
        kept = _housekeeping(filled, ctx)  # zeros dropped, I absorbed, (Lᵀ)ᵀ = L: named steps too
        if kept.steps:
            steps.append(Step(RuleId.FOLD_CONSTANTS, filled, kept.expr, kept.steps))
        expr = kept.expr
        section.lines.append(Line(expr, tuple(steps)))
    section.bindings = tuple(ctx.bindings)
    if ctx.bindings:
        back = expr
        for b in reversed(ctx.bindings):
            back = _replace(back, b.name, b.value)
        if back != expr:
            expr = back
            section.lines.append(Line(expr, (Step(RuleId.SUBSTITUTE, section.lines[-1].expr, expr),)))
    final = simplify_matrix(expr, ctx)
    if final.expr != expr:
        section.lines.append(Line(final.expr, (Step(RuleId.SIMPLIFY, expr, final.expr, final.steps),)))
    if not section.lines:
        section.lines.append(Line(ZERO))
    return section


def _replace(e: Expr, old: Expr, new: Expr) -> Expr:
    return map_bottom_up(e, lambda n: new if n == old else n)


def _tidy_node(n: Expr, ctx: _Context) -> Expr:
    if isinstance(n, Transpose):
        t = _transpose(n.arg, ctx)
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


# ---------------------------------------------------------------- simplification
def simplify_matrix(e: Expr, ctx: _Context) -> Simplified:
    """The textbook final form: numbers multiplied out and written first, scalars before vectors,
    (xᵀx)^{p} = ‖x‖^{2p}, a negative power of a scalar as a quotient — the units below, run by
    the simplification driver (every rewrite a recorded step, to a fixed point)."""
    return Simplifier(_matrix_table(ctx)).run(e)


class _MatrixUnit(Unit):
    """A unit of the matrix simplification, bound to one derivation's shapes."""

    def __init__(self, ctx: _Context) -> None:
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
            u = _gram(e.base, shapes) or _norm_squared(e.base)
            p = _number(e.exp)
            if u is not None and p is not None:
                return (
                    Norm(u, shapes.norm_kind) if 2 * p == 1 else Pow(Norm(u, shapes.norm_kind), _num(2 * p))
                )
            return e.base if e.exp == ONE else None
        if isinstance(e, Func) and e.name == "sqrt" and len(e.args) == 1:
            u = _gram(e.args[0], shapes) or _norm_squared(e.args[0])
            return None if u is None else Norm(u, shapes.norm_kind)
        if isinstance(e, Norm):
            return (
                Norm(e.arg, shapes.norm_kind)
                if e.kind in (None, "2") and e.kind != shapes.norm_kind
                else None
            )
        u = _gram(e, shapes)
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


def _matrix_table(ctx: _Context) -> Table:
    """Housekeeping first at every node, then norms, then the order of products."""
    keep, gram, order = _Housekeeping(ctx), _GramAsNorm(ctx), _ProductInOrder(ctx)
    return {
        Transpose: (keep,),
        Neg: (keep,),
        Add: (keep, _EqualTerms(ctx)),
        Mul: (keep, gram, order),
        MatMul: (keep, gram, order),
        Div: (keep, order),
        Pow: (gram,),
        Func: (gram,),
        Norm: (gram,),
    }


def _housekeeping(e: Expr, ctx: _Context) -> Simplified:
    """The zeros, ones and identities a rule line leaves, between rule lines."""
    keep = _Housekeeping(ctx)
    return Simplifier({t: (keep,) for t in (Transpose, Neg, Add, Mul, MatMul, Div)}).run(e)


def _number(e: Expr) -> Fraction | None:
    if isinstance(e, Num):
        return Fraction(e.value)
    if isinstance(e, Neg):
        v = _number(e.arg)
        return None if v is None else -v
    if isinstance(e, Div):
        a, b = _number(e.num), _number(e.den)
        return None if a is None or b is None or b == 0 else a / b
    return None


def _num(value: Fraction) -> Expr:
    if value.denominator == 1:
        n: Expr = Num(abs(value.numerator))
    else:
        n = Div(Num(abs(value.numerator)), Num(value.denominator))
    return Neg(n) if value < 0 else n


def _simplify_product(n: Mul | MatMul, ctx: _Context) -> Expr:
    """A product as a textbook writes it: one number first, then scalars (equal bases with their
    powers added), then vectors and matrices in order, scalar divisors under one fraction bar."""
    coefficient = Fraction(1)
    powers: dict[Expr, Fraction] = {}  # scalar base → total exponent
    others: list[Expr] = []

    def add(f: Expr, sign: int) -> None:
        nonlocal coefficient
        if isinstance(f, Neg):
            coefficient = -coefficient
            add(f.arg, sign)
            return
        value = _number(f)
        if value is not None:
            if value == 0 and sign < 0:
                raise ZeroDivisionError
            coefficient *= value if sign > 0 else 1 / value
            return
        if isinstance(f, Mul | MatMul):
            for g in f.factors:
                add(g, sign)
            return
        if isinstance(f, Div) and ctx.is_scalar(f.den):
            add(f.num, sign)
            add(f.den, -sign)
            return
        if not ctx.is_scalar(f):
            if sign < 0:
                raise ValueError("a vector divisor")
            others.append(f)
            return
        if isinstance(f, Pow) and (p := _number(f.exp)) is not None:
            base, exponent = f.base, p
        else:
            base, exponent = f, Fraction(1)
        powers[base] = powers.get(base, Fraction(0)) + sign * exponent

    try:
        for f in n.factors:
            add(f, 1)
    except (ValueError, ZeroDivisionError):
        return n
    if coefficient == 0:
        return ZERO

    def power(base: Expr, p: Fraction) -> Expr:
        return base if p == 1 else Pow(base, _num(p))

    top = [power(b, p) for b, p in powers.items() if p > 0]
    bottom = [power(b, -p) for b, p in powers.items() if p < 0]
    head: list[Expr] = []
    magnitude = abs(coefficient)
    if magnitude.numerator != 1 or not (top or others):
        head.append(Num(magnitude.numerator))
    body = head + top + others
    out: Expr = body[0] if len(body) == 1 else Mul(tuple(body))
    if magnitude.denominator != 1:
        bottom.insert(0, Num(magnitude.denominator))
    if bottom:
        out = Div(out, bottom[0] if len(bottom) == 1 else Mul(tuple(bottom)))
    if coefficient < 0:
        out = Neg(out)
    if isinstance(out, Mul) and out.factors == n.factors:
        return n  # a matrix product stays one
    return out


# ---------------------------------------------------------------- component-wise
def _component(v: Sym, index: Sym) -> Sym:
    return Sym(f"{v.name}_{index.name}")


def _sum_form(atom: Expr, x: Sym, shapes: Shapes) -> Expr | None:
    """The Σ that an atom stands for, over j = 1..n: xᵀx → Σ x_j², aᵀx → Σ a_j x_j."""
    j, n = Sym("j"), Sym("n")
    u = _gram(atom, shapes)
    if u is None and isinstance(atom, Norm) and atom.kind in (None, "2"):
        u = atom.arg
    if u == x:
        return Sum(Pow(_component(x, j), TWO), j, ONE, n)
    if isinstance(atom, Mul | MatMul) and len(atom.factors) == 2:
        a, b = atom.factors
        if a == Transpose(x) and isinstance(b, Sym) and shapes.kind(b.name) == "vector" and b != x:
            return Sum(Mul((_component(x, j), _component(b, j))), j, ONE, n)  # xᵀb = Σ x_j b_j
        if (
            isinstance(a, Transpose)
            and isinstance(a.arg, Sym)
            and a.arg != x
            and b == x
            and shapes.kind(a.arg.name) == "vector"
        ):
            return Sum(Mul((_component(a.arg, j), _component(x, j))), j, ONE, n)
    return None


def componentwise(f: Expr, x: Sym, shapes: Shapes) -> Section | None:
    """∂f/∂x_i written with sums over j = 1..n, when f depends on x through one kind of sum
    (‖x‖, ‖x‖², xᵀx, or aᵀx): the chain rule, then the sum collapsing to its j = i term."""
    from stepcalc.derivation import work_section
    from stepcalc.limits import DEFAULT

    if shapes.kind(x.name) != "vector":
        return None
    sums: set[Expr] = set()
    atoms: dict[Expr, Expr] = {}  # each Σ and the form it was written in (aᵀx)
    t = Sym("s")
    while t in free_symbols(f):
        t = Sym(t.name + "'")

    def to_t(n: Expr) -> Expr:
        if (
            isinstance(n, Pow)
            and isinstance(n.base, Pow)
            and n.base.base == t
            and n.base.exp == Div(ONE, TWO)
        ):
            p = _number(n.exp)  # ‖x‖^p = (Σ x_j²)^(p/2)
            return t if p == 2 else Pow(t, _num(p / 2)) if p is not None else Pow(t, Div(n.exp, TWO))
        form = _sum_form(n, x, shapes)
        if form is not None:
            sums.add(form)
            atoms.setdefault(form, n)
            return Pow(t, Div(ONE, TWO)) if isinstance(n, Norm) else t
        return n

    g = map_bottom_up(f, to_t)
    if (
        len(sums) != 1
        or x in free_symbols(g)
        or any(isinstance(n, Sym) and shapes.kind(n.name) != "scalar" for n in walk(g))
    ):
        return None
    total = sums.pop()
    assert isinstance(total, Sum)
    i = Sym("i")
    xi = _component(x, i)
    section = work_section(g, t, detail="textbook", limits=DEFAULT, max_seconds=5.0)
    if section.unknown:
        return None
    outer = map_bottom_up(section.lines[-1].expr, lambda n: total if n == t else n)
    written = map_bottom_up(g, lambda n: total if n == t else n)
    start = Deriv(written, xi, partial=True)
    shown = Deriv(Sym("f"), xi, partial=True)
    rule = _outer_rule(g) if isinstance(g, Func | Pow) else RuleId.CHAIN
    line1 = Mul((outer, Deriv(total, xi, partial=True))) if outer != ONE else Deriv(total, xi, partial=True)
    body = total.body
    if isinstance(body, Pow):  # Σ x_j² → 2x_i
        inner: Expr = Mul((TWO, xi))
        written_back: Expr = Pow(Norm(x, shapes.norm_kind), TWO)
    else:  # Σ a_j x_j → a_i
        assert isinstance(body, Mul)
        a = next(f for f in body.factors if f != _component(x, Sym("j")))
        assert isinstance(a, Sym)
        inner = Sym(a.name[: -len("_j")] + "_i")
        written_back = atoms[total]
    line2 = Mul((outer, inner)) if outer != ONE else inner
    ctx = _Context(shapes)
    back = map_bottom_up(line2, lambda n: written_back if n == total else n)
    final = simplify_matrix(back, ctx)
    note = f"only_j_is_i:{x.name}"
    lines = [
        Line(line1, (Step(RuleId.CHAIN, start, line1, (Step(rule, written, outer),)),)),
        Line(line2, (Step(RuleId.SUM, Deriv(total, xi, partial=True), inner, note=note),), note=note),
    ]
    if final.expr != line2:
        lines.append(Line(final.expr, (Step(RuleId.SIMPLIFY, line2, final.expr, final.steps),)))
    return Section(lines, start=start, shown_start=shown, definitions=(Binding(Sym("f"), written),))


# ---------------------------------------------------------------- API
def matrix_gradient(
    expr: Expr,
    text: str,
    wrt: str | Sym | None,
    *,
    vectors: str | Iterable[str] | None = None,
    matrices: str | Iterable[str] | None = None,
    symmetric: str | Iterable[str] | None = None,
    verify: bool = False,
) -> Any:
    """∇ with respect to a vector or matrix variable, worked step by step (a Derivation)."""
    from stepcalc.derivation import Derivation, Problem

    shapes = declare(vectors, matrices, symmetric)
    tree = _rewrite_dot(expr)
    _implicit_kinds(tree, shapes)
    kinds = {n.kind for n in walk(tree) if isinstance(n, Norm)}
    shapes.norm_kind = None if None in kinds and "2" not in kinds else "2"
    var = _wrt(tree, wrt, shapes)
    section = work(tree, var, shapes)
    problem = Problem(text, tree, (var,), 1, kind="vector_gradient")
    parts = componentwise(tree, var, shapes)
    derivation = Derivation(problem, [parts, section] if parts is not None else [section])
    derivation.shapes = shapes
    if section.unknown:
        derivation.unknown = section.unknown
    else:
        derivation.result = section.lines[-1].expr
        section.conditions = _nonzero(derivation.result)
        if verify:
            derivation.verify()
    return derivation


def _nonzero(e: Expr) -> tuple[Expr, ...]:
    """What must not be 0 for ``e`` to be defined: the argument of a norm that divides."""
    found: dict[Expr, None] = {}
    for n in walk(e):
        dens = [n.den] if isinstance(n, Div) else [n.base] if isinstance(n, Pow) and _negative(n.exp) else []
        for d in dens:
            for m in walk(d):
                if isinstance(m, Norm):
                    found.setdefault(m.arg, None)
    return tuple(found)


def _negative(e: Expr) -> bool:
    value = _number(e)
    return value is not None and value < 0


def _wrt(tree: Expr, wrt: str | Sym | None, shapes: Shapes) -> Sym:
    if isinstance(wrt, Sym):
        wrt = wrt.name
    candidates = sorted(n.name for n in free_symbols(tree) if shapes.kind(n.name) != "scalar")
    if wrt is not None:
        wrt = _name(wrt.strip())
        if shapes.kind(wrt) == "scalar":
            if Sym(wrt) in free_symbols(tree):
                raise UnsupportedError(
                    f"{wrt} is a scalar here; declare it a vector (--vector {wrt}) "
                    "or take partial derivatives"
                )
            shapes.vectors[wrt] = None
        return Sym(wrt)
    vectors = [c for c in candidates if shapes.kind(c) == "vector"]
    if len(vectors) == 1:
        return Sym(vectors[0])
    if not vectors and len(candidates) == 1:
        return Sym(candidates[0])
    raise UnsupportedError(
        "say which variable to differentiate with respect to (--wrt): "
        + (", ".join(candidates) if candidates else "no vector or matrix found")
    )
