"""The one place that states stepcalc's limits.

Defaults serve a homework site: generous for anything a person types, small enough that
hostile input is refused (or stopped) quickly and in bounded memory.  Every limit can be raised
per call (API keyword ``limits=Limits(max_exponent=100_000)``) or on the command line
(``--max-exponent 100000``; ``stepcalc limits`` lists them all).  Exceeding one raises
``LimitError`` whose ``limit`` is the field's name, never a partial or wrong result.

Why numbers have two limits: arithmetic on one huge integer (``10^10^10`` has ten billion
digits) is a single C operation that no time budget can interrupt, so such numbers are refused
by looking at the tree, before anything is computed.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from fractions import Fraction

from stepcalc.catalogue import CATALOGUE
from stepcalc.errors import LimitError
from stepcalc.expr import (
    Add,
    Const,
    Div,
    Expr,
    Func,
    Mul,
    Neg,
    Norm,
    Num,
    Pow,
    Sym,
    Transpose,
    Vector,
    children,
)

MEANING = {
    "max_length": "characters of input text",
    "max_depth": "height of the expression tree (nesting of brackets, functions, powers, signs)",
    "max_nodes": "nodes in one expression or derivative line, and rule applications in one derivative",
    "max_written": "nodes of a whole worked solution as printed, all its lines together",
    "max_digits": "digits of a number, as written or as a power of numbers works out (2^4000 has 1,205)",
    "max_exponent": "size of a numeric exponent on anything but a plain number: (x + 1)^n, x^(-n), e^n",
    "max_order": "order of a derivative, and the variables of one mixed partial",
    "max_vector": "components of a written vector; variables of a gradient, Hessian or Jacobian",
    "max_seconds": "time budget of one call: deriving and verifying, checking, grading one answer",
}


@dataclass(frozen=True, slots=True)
class Limits:
    """Every limit with its default; ``MEANING`` says what each one bounds."""

    max_length: int = 20_000
    max_depth: int = 1_500
    max_nodes: int = 50_000
    max_written: int = 100_000
    max_digits: int = 1_000
    max_exponent: int = 10_000
    max_order: int = 20
    max_vector: int = 100
    max_seconds: float = 10.0

    def check_length(self, text: str) -> None:
        if len(text) > self.max_length:
            raise LimitError(
                "max_length",
                f"input is {len(text)} characters long; the limit is {self.max_length} (max_length)",
            )

    def check_tree(self, e: Expr) -> None:
        """Depth, node count, written vectors and powers: whatever the parser could not see in
        the text.  One walk without recursion; the depth is reported first (a deeper tree
        would be past every other limit too)."""
        count = height = 0
        found: list[Expr] = []  # powers and vectors, in the order of the text
        stack = [(e, 1)]
        while stack:
            node, level = stack.pop()
            count += 1
            height = max(height, level)
            if isinstance(node, Pow | Vector):
                found.append(node)
            kids = children(node)
            if kids:
                stack.extend([(c, level + 1) for c in reversed(kids)])
        if height > self.max_depth:
            raise LimitError(
                "max_depth", f"expression is nested {height} deep; the limit is {self.max_depth} (max_depth)"
            )
        sizes: Sizes = {}  # filled on demand: most exponents are small numbers over variables
        for node in found:
            if isinstance(node, Pow):
                self._check_power(node, sizes)
            elif isinstance(node, Vector) and len(node.items) > self.max_vector:
                self.check_vector(len(node.items), "a vector")
        if count > self.max_nodes:
            raise LimitError(
                "max_nodes", f"expression has {count} nodes; the limit is {self.max_nodes} (max_nodes)"
            )

    def check_order(self, order: int) -> None:
        if order > self.max_order:
            raise LimitError(
                "max_order", f"a derivative of order {order}; the limit is {self.max_order} (max_order)"
            )

    def check_vector(self, n: int, what: str) -> None:
        if n > self.max_vector:
            raise LimitError(
                "max_vector", f"{what} of {n} components; the limit is {self.max_vector} (max_vector)"
            )

    def _check_power(self, p: Pow, sizes: Sizes) -> None:
        if isinstance(p.base, Sym) and isinstance(p.exp, Num) and p.exp.value <= self.max_exponent:
            return  # x², the most common power of all: within the limits without a magnitude
        exponent = magnitudes(p.exp, sizes)[id(p.exp)][True]
        if exponent is None:
            return
        base = magnitudes(p.base, sizes)[id(p.base)][False]
        if base is None:  # a power of an expression with variables
            if exponent > math.log10(self.max_exponent):
                size = _describe(exponent).removeprefix("about ")
                raise LimitError(
                    "max_exponent",
                    f"the exponent of {_short(p)} is {size}; "
                    f"the limit is {self.max_exponent:,} (max_exponent)",
                )
            return
        log_value = abs(base) * 10**exponent if exponent < 300 else math.inf
        digits = math.floor(log_value) + 1 if log_value < 1e300 else math.inf  # (and never floor(∞))
        if digits > self.max_digits:
            raise LimitError(
                "max_digits",
                f"{_short(p)} works out to a number of {_describe(math.log10(max(digits, 1)))} "
                f"digits; the limit is {self.max_digits:,} (max_digits)",
            )

    @staticmethod
    def describe() -> list[tuple[str, str, str]]:
        """(name, default, meaning) of every limit, for ``stepcalc limits`` and the docs."""
        return [
            (f.name, f"{f.default:,}" if isinstance(f.default, int) else f"{f.default:g}", MEANING[f.name])
            for f in fields(Limits)
        ]


DEFAULT = Limits()


def magnitude(e: Expr, constants: bool = False) -> float | None:
    """log10 of a bound on |e| when ``e`` is a number built from numbers; None when it has
    variables or its size cannot be bounded.  Computed from logarithms, never from the (perhaps
    astronomically large) value.  A fraction counts its larger part: (1/2)^n has as many digits
    as 2^n.  Functions count by what they can give: |a|, √a, e^a, ln a (sympy works out
    √(10^20) and e^(ln 10^10) exactly, so an exponent written that way is as big as 10^10).
    With ``constants`` False, e and π count as variables: powers of them stay symbolic, so
    only their exponent is limited; in an exponent they count as the numbers they are."""
    return magnitudes(e)[id(e)][constants]


Sizes = dict[int, tuple[float | None, float | None]]


def magnitudes(e: Expr, table: Sizes | None = None) -> Sizes:
    """``magnitude`` of every node of ``e`` (by ``id``; without and with ``constants``), worked
    out bottom-up in one pass without recursion: a tower x^x^…^x is 1,500 levels deep.  Given a
    ``table`` (of parts of the same, living tree), it is extended: nodes in it are not redone."""
    table = {} if table is None else table
    stack: list[tuple[Expr, bool]] = [(e, False)]
    while stack:
        node, ready = stack.pop()
        if id(node) in table:
            continue
        if not ready:
            stack.append((node, True))
            stack.extend((c, False) for c in children(node) if id(c) not in table)
            continue
        table[id(node)] = (_magnitude(node, table, False), _magnitude(node, table, True))
    return table


def _magnitude(e: Expr, table: Sizes, constants: bool) -> float | None:
    """One node's magnitude from its children's, already in ``table``."""

    def size(child: Expr, constants: bool = constants) -> float | None:
        return table[id(child)][constants]

    match e:
        case Num(value=v):
            v = Fraction(v)
            if constants:  # in an exponent its value counts: 2.25 = 9/4 is about 10^0.35
                return abs(_log10(v.numerator) - _log10(v.denominator))
            return max(_log10(v.numerator), _log10(v.denominator))
        case Const(name=name):
            return (_LOG10_E if name == "e" else _LOG10_PI) if constants else None
        case Neg(arg=a) | Transpose(arg=a) | Norm(arg=a):
            return size(a)
        case Add(terms=ts) | Mul(factors=ts):
            parts = [size(t) for t in ts]
            if any(p is None for p in parts):
                return None
            known = [p for p in parts if p is not None]
            if isinstance(e, Add):
                return max(known) + math.log10(len(known))
            return sum(known)
        case Div(num=a, den=b):
            ma, mb = size(a), size(b)
            return None if ma is None or mb is None else ma + mb
        case Pow(base=b, exp=x):
            mb, mx = size(b), size(x, True)
            if mb is None or mx is None:
                return None
            return mb * 10**mx if mx < 300 else math.inf
        case Func(name=name, args=args) if name in _GROWTH:
            return _function_magnitude(name, args, [size(a) for a in args], constants, size)
    return None


def _function_magnitude(
    name: str,
    args: tuple[Expr, ...],
    inner: list[float | None],
    constants: bool,
    size: Callable[[Expr], float | None],
) -> float | None:
    """log10 of a bound on |f(args)|, by how the catalogue says f grows."""
    growth = _GROWTH[name]
    if growth == "bounded":
        return _LOG10_PI
    if any(m is None for m in inner):
        return None
    known = [m for m in inner if m is not None]
    m = max(known)
    if growth in ("same", "same_plus", "square_root", "cube_root", "product"):
        shrunk = {"same_plus": m + 0.31, "square_root": m / 2, "cube_root": m / 3, "product": sum(known)}
        return shrunk.get(growth, m)
    ln = args[0]
    if name == "exp" and isinstance(ln, Func) and ln.name == "ln":  # sympy: e^(ln a) = a
        return size(ln.args[0])
    if growth == "growing":  # |e^a|, |sinh a|, cosh a ≤ e^|a|; kept symbolic (as e^a is) unless constants
        return (10**m * _LOG10_E if m < 300 else math.inf) if constants else None
    if name == "log" and not _a_proper_base(args[1]):  # log_b a = ln a / ln b
        return None
    m = known[0]
    return math.log10(m * math.log(10) + 1) + 0.17  # |ln a| ≤ ln(10) log10|a|; ln b ≥ ln 2


def _a_proper_base(b: Expr) -> bool:
    """A logarithm's base of at least 2 (as a number, or e): ln b ≥ ln 2."""
    return isinstance(b, Const) or (isinstance(b, Num) and b.value >= 2)


_LOG10_E = math.log10(math.e)
_LOG10_PI = math.log10(math.pi)
# How big each function's values get (the catalogue's growth): bounded (sin, σ), the size of
# the argument (|a|, relu a; softplus a ≤ |a| + 1; √a, ∛a smaller; dot a b the product),
# growing (e^a, sinh a), logarithmic (ln a, arsinh a).
_GROWTH: dict[str, str] = {f.name: f.growth for f in CATALOGUE if f.growth}


def _log10(n: int) -> float:
    return math.log10(abs(n)) if n else 0.0


def _describe(log10: float) -> str:
    """A count given by its log10: "about 1,204", or "more than 10^15" past that."""
    return "more than 10^15" if log10 > 15 else f"about {round(10**log10):,}"


def _short(e: Expr) -> str:
    text = str(e)
    return text if len(text) <= 40 else text[:37] + "…"


@contextmanager
def recursion_room(needed_depth: int) -> Iterator[None]:
    """Let recursive tree walks reach ``needed_depth`` levels.

    Trees are bounded by ``Limits.max_depth`` before any recursive walk starts, so the
    limit raised here is bounded too.  Python 3.11+ keeps pure-Python frames off the C
    stack, and a few C frames per level fit comfortably in the default thread stack.
    The limit is only ever raised, never lowered again: another thread may be relying on it.
    """
    wanted = needed_depth * 8 + 200
    if wanted > sys.getrecursionlimit():
        sys.setrecursionlimit(wanted)
    yield
