"""The values automatic differentiation carries: numbers, and the vectors of ``2 xᵀx``.

A node's value is a float or a ``Vec`` (a column, or a row when it is a transposed column). Its
local derivative with respect to one input (``Node.partials``) is one of:

* a float c: the node is c times the input (a number, a vector scaled, a transpose with c = 1);
* ``Dot(w)``: a number computed from a vector input u, with ∂v/∂u = w (v = aᵀu gives w = a);
* ``Outer(w)``: a vector computed from a number input u, with ∂v/∂u = w (v = u·a gives w = a).

``forward`` applies one to a tangent (J u̇) and ``backward`` to an adjoint (v̄ J): the only two
things the passes need, so a vector and a number go through the same loops.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from stepcalc.errors import StepcalcError

__all__ = [
    "Dot",
    "Outer",
    "Partial",
    "Value",
    "Vec",
    "backward",
    "flat",
    "flat_partial",
    "forward",
    "like",
    "to_json",
    "total",
]


@dataclass(frozen=True)
class Vec:
    """A vector's entries; ``row`` for a transposed (row) vector."""

    items: tuple[float, ...]
    row: bool = False

    def scaled(self, c: float) -> Vec:
        return Vec(tuple(c * a for a in self.items), self.row)

    def dot(self, other: Vec) -> float:
        if len(self.items) != len(other.items):
            sizes = f"{len(self.items)} and {len(other.items)}"
            raise StepcalcError(f"a product of vectors of sizes {sizes}: they must be the same size")
        return math.fsum(a * b for a, b in zip(self.items, other.items, strict=True))


@dataclass(frozen=True)
class Dot:
    """∂v/∂u = w for a number v of a vector u."""

    w: Vec


@dataclass(frozen=True)
class Outer:
    """∂v/∂u = w for a vector v of a number u."""

    w: Vec


Value = float | Vec
Partial = float | Dot | Outer


def forward(p: Partial, dot: Value) -> Value:
    """The tangent this input passes on: ∂v/∂u · u̇."""
    if isinstance(p, Dot):
        return p.w.dot(dot) if isinstance(dot, Vec) else 0.0
    if isinstance(p, Outer):
        return p.w.scaled(dot)  # type: ignore[arg-type]
    return p * dot if isinstance(dot, float) else dot.scaled(p)


def backward(p: Partial, bar: Value, input_value: Value) -> Value:
    """The adjoint this node gives its input: v̄ · ∂v/∂u, shaped as the input's value."""
    if isinstance(p, Dot):
        return Vec(p.w.scaled(bar).items, _row(input_value))  # type: ignore[arg-type]
    if isinstance(p, Outer):
        return p.w.dot(bar)  # type: ignore[arg-type]
    if isinstance(bar, float):
        return p * bar
    return Vec(bar.scaled(p).items, _row(input_value))


def total(values: list[Value], like_value: Value) -> Value:
    """The sum of values shaped like ``like_value`` (a node's adjoint from its contributions)."""
    if not isinstance(like_value, Vec):
        return math.fsum(values)  # type: ignore[arg-type]
    columns = zip(*(v.items for v in values), strict=True)  # type: ignore[union-attr]
    items = tuple(math.fsum(c) for c in columns) if values else (0.0,) * len(like_value.items)
    return Vec(items, like_value.row)


def like(value: Value, fill: float = 0.0) -> Value:
    """``fill`` in the shape of ``value``: a zero tangent or adjoint."""
    return Vec((fill,) * len(value.items), value.row) if isinstance(value, Vec) else fill


def to_json(v: Value | Partial) -> float | list[float]:
    """A value or partial for JSON: a number, or a vector's (or ∂v/∂u's) entries as a list."""
    if isinstance(v, Dot | Outer):
        return list(v.w.items)
    return list(v.items) if isinstance(v, Vec) else v


def flat_partial(p: Partial) -> tuple[float, ...]:
    """A local partial's numbers (a vector's entries for Dot and Outer)."""
    return p.w.items if isinstance(p, Dot | Outer) else (p,)


def flat(value: Value) -> tuple[float, ...]:
    """A value's entries in order (a number is one)."""
    return value.items if isinstance(value, Vec) else (value,)


def _row(value: Value) -> bool:
    return isinstance(value, Vec) and value.row


# ---------------------------------------------------------------- the local rules on vectors
def local(op: str, args: list[Value]) -> tuple[Value, tuple[Partial, ...]]:
    """The value and local partials of an operation one of whose inputs is a vector (or a
    transpose or norm); a clear error for what has no meaning on vectors (sin x, x^2 of a
    vector x, a matrix)."""
    if op == "id":
        return args[0], (1.0,)
    if op == "normsq":
        (a,) = args
        if not isinstance(a, Vec):
            return a * a, (2 * a,)
        return a.dot(a), (Dot(a.scaled(2.0)),)
    if op == "transpose":
        (a,) = args
        return (Vec(a.items, not a.row) if isinstance(a, Vec) else a), (1.0,)
    if op == "norm":
        (a,) = args
        if not isinstance(a, Vec):
            return abs(a), (math.copysign(1.0, a),)
        size = math.sqrt(a.dot(a))
        if size == 0:
            raise ValueError("the norm has no derivative at the zero vector")
        return size, (Dot(Vec(a.scaled(1 / size).items, a.row)),)
    if op == "add":
        return _add(args)
    if op == "neg":
        return args[0].scaled(-1.0), (-1.0,)  # type: ignore[union-attr]
    if op in ("mul", "matmul"):
        return _product(args)
    if op == "div":
        a, b = args
        if isinstance(b, Vec):
            raise StepcalcError("a division by a vector has no meaning")
        return a.scaled(1 / b), (1 / b, Outer(a.scaled(-1 / (b * b))))  # type: ignore[union-attr]
    raise StepcalcError(f"{op} of a vector: automatic differentiation here applies {op} to numbers only")


def _add(args: list[Value]) -> tuple[Value, tuple[Partial, ...]]:
    first = args[0]
    for a in args:
        if (
            not isinstance(a, Vec)
            or not isinstance(first, Vec)
            or len(a.items) != len(first.items)
            or a.row != first.row
        ):
            raise StepcalcError(
                "a sum of a vector and something of another shape: the terms must have one shape"
            )
    return total(args, first), (1.0,) * len(args)


def _product(args: list[Value]) -> tuple[Value, tuple[Partial, ...]]:
    """A number times at most one vector, or times aᵀb (a row, then a column): the partial for a
    number is the product of the rest, for a vector the other vector (times the numbers)."""
    at = [i for i, a in enumerate(args) if isinstance(a, Vec)]
    numbers = [a for a in args if not isinstance(a, Vec)]
    scale = math.prod(numbers)

    def others(i: int) -> float:
        return math.prod(a for j, a in enumerate(args) if j != i and not isinstance(a, Vec))

    if len(at) == 1:
        v: Vec = args[at[0]]  # type: ignore[assignment]
        partials: list[Partial] = [
            scale if i == at[0] else Outer(v.scaled(others(i))) for i in range(len(args))
        ]
        return v.scaled(scale), tuple(partials)
    if len(at) == 2:
        u, w = args[at[0]], args[at[1]]
        assert isinstance(u, Vec) and isinstance(w, Vec)
        if w.row or not u.row:
            kind = (
                "a row times a row"
                if u.row
                else "a column times a row"
                if w.row
                else "a column times a column"
            )
            raise StepcalcError(f"{kind} is not a number: write a dot product as aᵀb")
        d = u.dot(w)
        partials = []
        for i in range(len(args)):
            if i == at[0]:
                partials.append(Dot(Vec(w.scaled(scale).items, u.row)))
            elif i == at[1]:
                partials.append(Dot(Vec(u.scaled(scale).items, w.row)))
            else:
                partials.append(others(i) * d)
        return scale * d, tuple(partials)
    raise StepcalcError("a product of more than two vectors: write it with one dot product and numbers")
