"""stepcalc's own immutable AST.

Nodes keep the form the user wrote: a quotient stays a ``Div``, a subtraction is an
``Add`` whose term is a ``Neg``, and a product keeps its factors in order.  Every node is
a frozen, slotted dataclass; its hash is computed once at construction (children's hashes
are already cached), so hashing and inequality tests are O(1) even for deep trees.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, fields
from fractions import Fraction
from operator import attrgetter, is_
from typing import Any, ClassVar, TypeVar, dataclass_transform

__all__ = [
    "INF",
    "ONE",
    "PI",
    "TWO",
    "ZERO",
    "Add",
    "Const",
    "Deriv",
    "Div",
    "E",
    "Equation",
    "Evaluated",
    "Expr",
    "Func",
    "Grad",
    "Integral",
    "Limit",
    "MatMul",
    "Mul",
    "Neg",
    "Norm",
    "Num",
    "Pow",
    "Sum",
    "Sym",
    "Transpose",
    "Vector",
    "children",
    "depth",
    "free_symbols",
    "map_bottom_up",
    "num",
    "walk",
    "with_children",
]

_T = TypeVar("_T")


@dataclass_transform(frozen_default=True)
def _node(cls: type[_T]) -> type[_T]:
    """Make ``cls`` a frozen slotted dataclass with a cached structural hash."""
    cls = dataclass(frozen=True, slots=True, eq=False)(cls)
    names = tuple(f.name for f in fields(cls) if f.name != "_h")  # type: ignore[arg-type]
    cls._fields = names  # type: ignore[attr-defined]
    cls._values = attrgetter(*names)  # type: ignore[attr-defined]

    values = cls._values  # type: ignore[attr-defined]

    def __eq__(self: Any, other: object) -> bool:
        if self is other:
            return True
        if type(other) is not type(self) or self._h != other._h:  # type: ignore[attr-defined]
            return False
        return values(self) == values(other)  # type: ignore[no-any-return]  # field by field, in C

    def __hash__(self: Any) -> int:
        return self._h  # type: ignore[no-any-return]

    cls.__eq__ = __eq__  # type: ignore[method-assign]
    cls.__hash__ = __hash__  # type: ignore[method-assign]
    return cls


class Expr:
    """Base of every node.  Subclasses are frozen dataclasses (see ``_node``)."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]]
    _values: ClassVar[Callable[[Expr], Any]]
    """The fields' values (one value for one field), for the hash."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_h", hash((type(self).__name__, type(self)._values(self))))

    def __str__(self) -> str:
        from stepcalc.printing import to_text

        return to_text(self)


Number = int | Fraction


@_node
class Num(Expr):
    """A non-negative exact number; ``decimal`` records that it was written as ``0.5``, and
    ``sci`` the power of ten of scientific notation (``6.02e23``: 23, its digits ``6.02``)."""

    value: Number
    decimal: bool = False
    sci: int | None = None
    _h: int = field(init=False, repr=False)

    def __post_init__(self) -> None:
        big = self.value if isinstance(self.value, int) else max(self.value.numerator, self.value.denominator)
        if big.bit_length() > _WRITABLE_BITS:  # (a number that cannot be written is never made)
            _unwritable(big)
        Expr.__post_init__(self)


# Python writes integers of up to 4,300 digits (sys.int_info.default_max_str_digits): longer
# ones take quadratic time to print.  Literals are bounded by max_digits and powers of numbers
# by their size, but rules fold products: five 999-digit numbers side by side make 4,995 digits,
# and (N/x)^10 becomes N^10/x^10.  So no number node past that size is ever built.
_WRITABLE_DIGITS = 4_300
_WRITABLE_BITS = int(_WRITABLE_DIGITS / 0.30103) - 8


def _unwritable(big: int) -> None:
    from stepcalc.errors import LimitError

    digits = int(big.bit_length() * 0.30103) + 1
    raise LimitError(
        "max_digits",
        f"a number in the work would have about {digits:,} digits; "
        f"stepcalc writes numbers of up to {_WRITABLE_DIGITS:,} (max_digits)",
    )


@_node
class Sym(Expr):
    """A scalar symbol: ``x``, ``x_1`` (also written ``x1``), ``theta``."""

    name: str
    _h: int = field(init=False, repr=False)


@_node
class Const(Expr):
    """A named constant: ``e`` or ``pi``; ``oo`` (∞) is only a limit's point or value, never
    an operand of arithmetic."""

    name: str
    _h: int = field(init=False, repr=False)


@_node
class Add(Expr):
    """An n-ary sum; a subtracted term is a ``Neg`` term (``a - b`` is ``Add(a, Neg(b))``)."""

    terms: tuple[Expr, ...]
    _h: int = field(init=False, repr=False)


@_node
class Mul(Expr):
    """An n-ary product, factors in the order written."""

    factors: tuple[Expr, ...]
    _h: int = field(init=False, repr=False)


@_node
class Div(Expr):
    """A quotient ``num / den``."""

    num: Expr
    den: Expr
    _h: int = field(init=False, repr=False)


@_node
class Neg(Expr):
    """Unary minus."""

    arg: Expr
    _h: int = field(init=False, repr=False)


@_node
class Pow(Expr):
    """``base ^ exp``."""

    base: Expr
    exp: Expr
    _h: int = field(init=False, repr=False)


@_node
class Func(Expr):
    """A function application by canonical name (``sin``, ``ln``, ``log`` with a base, ``f``).

    ``log`` always carries two arguments, the second being the base; an undefined
    function's derivative is named with primes (``f'``).
    """

    name: str
    args: tuple[Expr, ...]
    _h: int = field(init=False, repr=False)


@_node
class Deriv(Expr):
    """An unevaluated derivative ``d/dvar expr``; ``var`` None means "the problem's variable";
    ``partial`` marks a partial derivative ``∂/∂var expr`` (other variables held constant)."""

    expr: Expr
    var: Sym | None = None
    partial: bool = False
    _h: int = field(init=False, repr=False)


@_node
class Grad(Expr):
    """``∇_var expr``: an unevaluated gradient with respect to a vector or matrix ``var``, in
    the denominator layout (∇ₓ of a scalar is shaped like x; ∇ₓ of a vector u is ∂uᵀ/∂x)."""

    expr: Expr
    var: Sym
    _h: int = field(init=False, repr=False)


@_node
class Transpose(Expr):
    """``arg^T``."""

    arg: Expr
    _h: int = field(init=False, repr=False)


@_node
class Norm(Expr):
    """``‖arg‖`` with the subscript as written: None, ``"2"``, ``"F"``, ``"1"``…"""

    arg: Expr
    kind: str | None = None
    _h: int = field(init=False, repr=False)


@_node
class Vector(Expr):
    """A written list ``[a, b, c]`` (a column vector, or the rows of a Jacobian request)."""

    items: tuple[Expr, ...]
    _h: int = field(init=False, repr=False)


@_node
class MatMul(Expr):
    """A matrix product, produced once shapes are known (``x^T A x``)."""

    factors: tuple[Expr, ...]
    _h: int = field(init=False, repr=False)


@_node
class Sum(Expr):
    """An indexed sum ``Σ_{index=lower}^{upper} body``."""

    body: Expr
    index: Sym
    lower: Expr
    upper: Expr
    _h: int = field(init=False, repr=False)


@_node
class Limit(Expr):
    """``lim_{var→to} expr``: the limit of ``expr`` as ``var`` tends to ``to`` (a number, ``INF``
    or ``-INF``), from one ``side`` (``"+"`` from the right, ``"-"`` from the left) or both
    (``""``); unevaluated, the limit hole (a derivative from first principles writes its
    difference quotient inside one)."""

    expr: Expr
    var: Sym
    to: Expr
    side: str = ""
    _h: int = field(init=False, repr=False)


@_node
class Integral(Expr):
    """``∫ expr d(var)``, or ``∫_lower^upper expr d(var)`` when both bounds are given: the
    integral hole.  An indefinite integral is a function of ``var``; a definite one binds it."""

    expr: Expr
    var: Sym
    lower: Expr | None = None
    upper: Expr | None = None
    _h: int = field(init=False, repr=False)

    @property
    def definite(self) -> bool:
        return self.lower is not None and self.upper is not None


@_node
class Evaluated(Expr):
    """``[expr]_lower^upper``: ``expr`` at ``var = upper`` minus at ``var = lower`` (the
    fundamental theorem's bracket).  It binds ``var``."""

    expr: Expr
    var: Sym
    lower: Expr
    upper: Expr
    _h: int = field(init=False, repr=False)


@_node
class Equation(Expr):
    """``a = b`` (or ``a = b = c``): a problem stated as people state it (``y = x^2``,
    ``f(x) = x^3``), or an equation of a curve (``x^2 + y^2 = 25``)."""

    sides: tuple[Expr, ...]
    _h: int = field(init=False, repr=False)


def num(value: Number) -> Expr:
    """A numeric node for any rational value (negative values become ``Neg``)."""
    if isinstance(value, Fraction) and value.denominator == 1:
        value = value.numerator
    if value < 0:
        return Neg(num(-value))
    return Num(value)


ZERO = Num(0)
ONE = Num(1)
TWO = Num(2)
E = Const("e")
PI = Const("pi")
INF = Const("oo")  # ∞: a limit's point or value

_TUPLE_FIELDS = {"terms", "factors", "args", "items", "sides"}


def _no_children(e: Expr) -> tuple[Expr, ...]:
    return ()


def _one_child(e: Any) -> tuple[Expr, ...]:
    return (e.arg,)


def _deriv_children(e: Any) -> tuple[Expr, ...]:
    return (e.expr,) if e.var is None else (e.expr, e.var)


_CHILDREN: dict[type, Callable[[Any], tuple[Expr, ...]]] = {
    Num: _no_children,
    Sym: _no_children,
    Const: _no_children,
    Add: attrgetter("terms"),
    Mul: attrgetter("factors"),
    Func: attrgetter("args"),
    Vector: attrgetter("items"),
    MatMul: attrgetter("factors"),
    Equation: attrgetter("sides"),
    Div: attrgetter("num", "den"),
    Pow: attrgetter("base", "exp"),
    Neg: _one_child,
    Transpose: _one_child,
    Norm: _one_child,
    Deriv: _deriv_children,
}
"""The children of the node types that a derivation builds by the thousand, read directly
(``children`` is the innermost call of every walk); the other types go field by field."""


def children(e: Expr) -> tuple[Expr, ...]:
    """The sub-expressions of ``e`` in written order."""
    direct = _CHILDREN.get(type(e))
    if direct is not None:
        return direct(e)
    out: list[Expr] = []
    for name in e._fields:
        value = getattr(e, name)
        if name in _TUPLE_FIELDS:
            out.extend(value)
        elif isinstance(value, Expr):
            out.append(value)
    return tuple(out)


def with_children(e: Expr, new: tuple[Expr, ...]) -> Expr:
    """A copy of ``e`` whose sub-expressions are ``new`` (same count and order as ``children``)."""
    if not new:
        return e
    values: list[Any] = []
    i = 0
    for name in e._fields:
        value = getattr(e, name)
        if name in _TUPLE_FIELDS:
            values.append(tuple(new[i : i + len(value)]))
            i += len(value)
        elif isinstance(value, Expr):
            values.append(new[i])
            i += 1
        else:
            values.append(value)
    return type(e)(*values)


def is_matrix(e: Expr) -> bool:
    """A vector of two or more row vectors of one length ≥ 2: a matrix written by rows."""
    if not isinstance(e, Vector) or len(e.items) < 2 or not all(isinstance(r, Vector) for r in e.items):
        return False
    lengths = {len(r.items) for r in e.items}  # type: ignore[attr-defined]
    return len(lengths) == 1 and lengths.pop() >= 2


def walk(e: Expr) -> Iterator[Expr]:
    """Every node of ``e``, parents before children, without recursion."""
    stack = [e]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(children(node)))


def depth(e: Expr) -> int:
    """Height of the tree (a leaf has depth 1), computed without recursion, a level at a time
    (the printers ask it of every line they print: no pair per node is built)."""
    height, level = 0, [e]
    while level:
        height += 1
        below: list[Expr] = []
        for node in level:
            below.extend(children(node))
        level = below
    return height


def free_symbols(e: Expr) -> frozenset[Sym]:
    """The symbols ``e`` depends on (a ``Sum`` index and a derivative's variable are bound).
    Not memoised: a memo compares a deep key structurally, in recursion, on a hash match."""
    found: set[Sym] = set()
    bound: set[Sym] = set()
    for node in walk(e):
        if isinstance(node, Sym):
            found.add(node)
        elif isinstance(node, Sum):
            bound.add(node.index)
        elif isinstance(node, Limit | Evaluated) or (isinstance(node, Integral) and node.definite):
            bound.add(node.var)
    return frozenset(found - bound)


def map_bottom_up(
    e: Expr,
    fn: Callable[[Expr], Expr],
    keep: AbstractSet[int] | None = None,
    *,
    known: AbstractSet[Expr] | None = None,
) -> Expr:
    """Rebuild ``e`` bottom-up, applying ``fn`` to every rebuilt node (iterative).

    A subtree shared by several parents (derivatives share a lot: ``cos(u)·u'``) is
    visited once, so the work follows the number of distinct nodes, not the printed size.
    Nodes whose ``id`` is in ``keep``, or that are equal to a node in ``known``, are returned
    as they are, unvisited.
    """
    out: list[Expr] = []
    done: dict[int, Expr] = {}
    stack: list[tuple[Expr, tuple[Expr, ...] | None]] = [(e, None)]  # a node's children once expanded
    while stack:
        node, kids = stack.pop()
        if kids is None:
            result = done.get(id(node))
            if result is not None:
                out.append(result)
                continue
            if (keep is not None and id(node) in keep) or (known is not None and node in known):
                out.append(node)
                continue
            kids = children(node)
            if kids:
                stack.append((node, kids))
                stack.extend([(k, None) for k in reversed(kids)])
                continue
            result = fn(node)
        else:
            n = len(kids)
            new = out[-n:]
            del out[-n:]
            result = fn(node if all(map(is_, new, kids)) else with_children(node, tuple(new)))
        done[id(node)] = result
        out.append(result)
    return out[0]
