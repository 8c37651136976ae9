"""Which names are vectors and matrices, and the shapes of vector and matrix expressions.

Names are declared (``vectors=``, ``matrices=``, optionally with sizes ``x:3``, ``A:2x3``); a
name written inside ``‖·‖`` or transposed is a vector unless declared otherwise, and a name
inside ``‖·‖_F`` a matrix.  Every other name is a scalar.

Shapes are inferred with symbolic sizes and checked: ``A x`` needs A's columns to match x's
rows, a sum needs equal shapes (``x + A`` is an error naming both shapes).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from stepcalc.errors import ShapeError, StepcalcError, UnsupportedError
from stepcalc.expr import (
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
    map_bottom_up,
    walk,
)

__all__ = [
    "IDENTITY",
    "Dim",
    "Shapes",
    "declare",
    "implicit_kinds",
    "name_of",
    "rewrite_dot",
    "shape",
    "uses_matrices",
]

Dim = int | str
IDENTITY = Sym("I")
"""The identity matrix, of whatever size its place needs."""


def _parse_declaration(item: str, matrix: bool) -> tuple[str, tuple[int, int] | None]:
    name, _, size = item.strip().partition(":")
    name = name.strip()
    if not name or not (name[0].isalpha() and all(c.isalnum() or c == "_" for c in name)):
        raise StepcalcError(f"cannot read the declaration {item.strip()!r}; write a name like x or x:3")
    name = name_of(name)
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


def name_of(written: str) -> str:
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
        name = name_of(item.strip())
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


def implicit_kinds(e: Expr, shapes: Shapes) -> None:
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


def rewrite_dot(e: Expr) -> Expr:
    """``dot(a, b)`` is aᵀb."""

    def fn(n: Expr) -> Expr:
        if isinstance(n, Func) and n.name == "dot" and len(n.args) == 2:
            return MatMul((Transpose(n.args[0]), n.args[1]))
        return n

    return map_bottom_up(e, fn)


def shape(e: Expr, shapes: Shapes) -> tuple[Dim, Dim]:
    """The shape of ``e`` (rows, columns), or a ShapeError naming the shapes that do not fit.
    The walk recurses once per level: the room for it is made first (a tower of 521 powers in a
    student's line once raised RecursionError, unless an earlier call had raised the limit)."""
    from stepcalc.expr import depth
    from stepcalc.limits import recursion_room

    with recursion_room(depth(e) + 50):
        return _ShapeOf(shapes).go(e)


class _ShapeOf:
    """The shapes of the nodes of one expression, inferred and checked against one ``Shapes``
    (each node's children first, left to right)."""

    def __init__(self, shapes: Shapes) -> None:
        from stepcalc.printing import to_unicode

        self.shapes = shapes
        self.to_unicode = to_unicode

    def named(self, x: Expr, s: tuple[Dim, Dim]) -> str:
        """An expression with its shape, as an error names it: ``x (n×1)``."""
        return f"{self.to_unicode(x)} ({self.shapes.show(s)})"

    def go(self, n: Expr) -> tuple[Dim, Dim]:
        """The shape of the node ``n``."""
        match n:
            case Num() | Const() | Sum() | Deriv():
                return (1, 1)
            case Sym(name=name):
                return self.shapes.of_name(name)
            case Transpose(arg=a):
                r, c = self.go(a)
                return (c, r)
            case Neg(arg=a):
                return self.go(a)
            case Add(terms=terms):
                return self.addition(terms)
            case Mul(factors=fs) | MatMul(factors=fs):
                return self.product(fs)
            case Div(num=a, den=b):
                s = self.go(b)
                if not self.shapes.scalar(s):
                    raise ShapeError(f"cannot divide by {self.named(b, s)}: only by a scalar")
                return self.go(a)
            case Pow(base=b, exp=power):
                return self.power(b, power)
            case Func(args=args):
                return self.function(n, args)
            case Norm(arg=a, kind=kind):
                return self.norm(a, kind)
            case Grad(expr=inner, var=v):
                return self.gradient(inner, v)
        raise UnsupportedError(f"{type(n).__name__} is not supported in vector calculus")

    def addition(self, terms: tuple[Expr, ...]) -> tuple[Dim, Dim]:
        """A sum's shape: every term's shape, made equal to the first's."""
        first = self.go(terms[0])
        for t in terms[1:]:
            s = self.go(t)
            if not (self.shapes.unify(first[0], s[0]) and self.shapes.unify(first[1], s[1])):
                raise ShapeError(f"cannot add {self.named(terms[0], first)} and {self.named(t, s)}")
        return first

    def product(self, fs: tuple[Expr, ...]) -> tuple[Dim, Dim]:
        """A product's shape, left to right: scalars scale, each other factor's rows must match
        the columns so far."""
        shapes = self.shapes
        acc, acc_expr = self.go(fs[0]), fs[0]
        for f in fs[1:]:
            s = self.go(f)
            if shapes.scalar(s):
                pass
            elif shapes.scalar(acc):
                acc = s
            elif shapes.unify(acc[1], s[0]):
                acc = (acc[0], s[1])
            else:
                raise ShapeError(f"cannot multiply {self.named(acc_expr, acc)} by {self.named(f, s)}")
            acc_expr = f
        return acc

    def power(self, b: Expr, power: Expr) -> tuple[Dim, Dim]:
        """A power is a scalar, of a scalar base and exponent."""
        base_shape, power_shape = self.go(b), self.go(power)
        if not self.shapes.scalar(base_shape) or not self.shapes.scalar(power_shape):
            bad = (b, base_shape) if not self.shapes.scalar(base_shape) else (power, power_shape)
            raise ShapeError(f"cannot raise to a power with {self.named(*bad)}: powers are of scalars")
        return (1, 1)

    def function(self, n: Func, args: tuple[Expr, ...]) -> tuple[Dim, Dim]:
        """A function's value is a scalar, of scalar arguments (no elementwise functions)."""
        for a in args:
            s = self.go(a)
            if not self.shapes.scalar(s):
                raise UnsupportedError(
                    f"{n.name} of {self.named(a, s)} (an elementwise function of a vector) is not supported"
                )
        return (1, 1)

    def norm(self, a: Expr, kind: str | None) -> tuple[Dim, Dim]:
        """A norm is a scalar, of a vector (the Frobenius norm ‖·‖_F of a matrix too)."""
        s = self.go(a)
        if kind != "F" and not self.shapes.unify(s[1], 1):
            raise ShapeError(
                f"‖·‖{'' if kind is None else '_' + kind} needs a vector, not {self.named(a, s)}"
            )
        return (1, 1)

    def gradient(self, inner: Expr, v: Expr) -> tuple[Dim, Dim]:
        """∇ᵥ of a scalar has v's shape; of a vector, v's rows by the vector's length."""
        si, sv = self.go(inner), self.go(v)
        if self.shapes.scalar(si):
            return sv
        if self.shapes.find(si[1]) == 1:
            return (sv[0], si[0])
        if self.shapes.find(si[0]) == 1:
            return (sv[0], si[1])
        raise UnsupportedError(f"the gradient of a matrix-valued {self.named(inner, si)} is not supported")
