"""The numeric stage of ``oracle.equal``: values that prove, in both directions.

Values are computed in ball arithmetic (python-flint's ``arb``): every number is an interval
that certainly holds the true value, however much cancellation happened on the way.  At a
point, two expressions are evaluated on a ladder of precisions (``LADDER``, in bits):

* **different**, once the ball of their difference excludes 0: that is a proof, whatever
  the rounding;
* **zero**, when the ball of the difference still holds 0 at the top rung (2,048 bits, 616
  digits) and is narrower there than 10^-40 of the values (or than 10^-300): the difference
  shrank with the precision to nothing the values can show;
* otherwise **unreliable** at that point (cancellation too deep for the top rung, values past
  any range), and the point is not counted either way.

A point counts only where both expressions are real: an intermediate value outside the
real domain of a function (ln of a negative number, √ of one, 1/0) makes the ball NaN, so
``(√x)²`` is not ``x`` at x = -2 though a complex computation would agree there.  Points come
from every decade of |x| between 10^-6 and 10^6, both signs, plus points of unit size; when
few of them lie in the common domain, the domain is searched (``domain.py``).

The midpoints of the first rung's balls only give hints: where to look first, which
candidates are plainly apart.
"""

from __future__ import annotations

import enum
import math
import random
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from stepcalc.oracle.arb import compile_arb

__all__ = ["LADDER", "UNRELIABLE", "Compiled", "Kind", "Pair", "PointResult", "candidates", "point_text"]

LADDER = (64, 256, 2048)  # bits of working precision
_ZERO = "1e-40"  # a difference narrower than this, relative to the values, is zero
_ZERO_TOP = "1e-300"  # at the top rung, where the values are themselves zero or nearly
Point = tuple[float, ...]
UNRELIABLE = object()
_PRECISION = threading.Lock()  # flint's working precision is one global setting


class Kind(enum.Enum):
    ZERO = "zero"
    NONZERO = "nonzero"
    ONLY_FIRST = "only the first is defined"
    ONLY_SECOND = "only the second is defined"
    NEITHER = "neither is defined"
    OUTSIDE = "outside the domain of the problem"
    UNRELIABLE = "unreliable"


@dataclass(frozen=True, slots=True)
class PointResult:
    """What one point shows; ``within`` is True when a non-zero difference is inside ``tol``."""

    kind: Kind
    point: Point = ()
    within: bool = False


class Compiled:
    """One sympy value compiled over ``symbols`` to ball arithmetic (``arb``)."""

    def __init__(self, e: Any, symbols: Sequence[Any]) -> None:
        self.exact = compile_arb(e, symbols)

    def values(self, point: Point, bits: int) -> Any:
        """The ball of the value at ``point``; None where the expression is not a real number;
        UNRELIABLE where it overflows every range (a tower of exponentials)."""
        from flint import ctx

        if self.exact is None:
            return None
        try:
            with _PRECISION, ctx.workprec(bits):
                value = self.exact(*point)
        except (ValueError, ZeroDivisionError, OverflowError, TypeError, ArithmeticError):
            return None
        if value.is_nan():
            return None
        return value if value.is_finite() else UNRELIABLE

    def nonzero(self, point: Point) -> bool:
        """Whether the value at ``point`` is certainly not 0 (its ball excludes 0 at a rung)."""
        for bits in LADDER:
            value = self.values(point, bits)
            if not _number(value):
                return False
            if not value.contains(0):
                return True
        return False

    def rough(self, point: Point) -> float | None:
        """The value to about double precision, or None (a hint only, never a verdict)."""
        value = self.values(point, LADDER[0])
        if not _number(value):
            return None
        rough = float(value.mid())
        return rough if math.isfinite(rough) else None


def _number(value: Any) -> bool:
    return value is not None and value is not UNRELIABLE


class Pair:
    """Two compiled values, judged together point by point; with ``within``, only where that
    third value (the problem an answer belongs to) is defined."""

    def __init__(self, a: Compiled, b: Compiled, within: Compiled | None = None) -> None:
        self.a, self.b, self.within = a, b, within

    @property
    def usable(self) -> bool:
        return self.a.exact is not None and self.b.exact is not None

    def rough_difference(self, point: Point) -> float:
        """How far apart the two are at ``point`` in double precision, relative to their size
        (0 where that cannot be told): where to look first for a proof."""
        va, vb = self.a.rough(point), self.b.rough(point)
        if va is None or vb is None:
            return 0.0
        return abs(va - vb) / max(abs(va), abs(vb), 1e-300)

    def judge_domain(self, point: Point) -> Kind:
        """Which of the two is defined at ``point`` (ZERO: both are, and ``within`` too)."""
        if self.within is not None and not _number(self.within.values(point, LADDER[0])):
            return Kind.OUTSIDE
        va, vb = self.a.values(point, LADDER[0]), self.b.values(point, LADDER[0])
        if va is UNRELIABLE or vb is UNRELIABLE:
            return Kind.UNRELIABLE
        if va is None or vb is None:
            if vb is None:
                return Kind.NEITHER if va is None else Kind.ONLY_FIRST
            return Kind.ONLY_SECOND
        return Kind.ZERO

    def judge(self, point: Point, tol: float | None = None) -> PointResult:
        """Zero, non-zero or unreliable at ``point``, or which side is undefined there."""
        from flint import ctx

        domain = self.judge_domain(point)
        if domain is not Kind.ZERO:
            return PointResult(domain, point)
        for k, bits in enumerate(LADDER):
            va, vb = self.a.values(point, bits), self.b.values(point, bits)
            if not (_number(va) and _number(vb)):
                return PointResult(Kind.UNRELIABLE, point)  # the domain changes with the precision
            with _PRECISION, ctx.workprec(bits):  # the difference at the rung's precision too
                kind, within = _decide(va, vb, tol, last=k == len(LADDER) - 1)
            if kind is not None:
                return PointResult(kind, point, within)
        return PointResult(Kind.UNRELIABLE, point)


def _decide(va: Any, vb: Any, tol: float | None, *, last: bool) -> tuple[Kind | None, bool]:
    """The verdict of two balls at one rung (None: climb on), and whether it is within ``tol``.
    Zero is only ever concluded at the top rung: a difference of 1 under e^x at x = 151 is
    10^-65 of the values, and only the top rung sees it.  Sizes stay balls: a value of
    10^5000 is no float."""
    from flint import arb

    difference = va - vb
    size = abs(va).upper().max(abs(vb).upper())
    # a tolerance is relative to the values, and absolute where they are smaller than 1
    within = tol is not None and bool(abs(difference).upper() <= size.max(arb(1)) * arb(tol))
    if not difference.contains(0):
        return Kind.NONZERO, within
    if not last:
        return None, False
    width = difference.rad()
    if width <= size * arb(_ZERO) or width <= size.max(arb(1)) * arb(_ZERO_TOP):
        return Kind.ZERO, False
    if within:  # the whole ball is inside the tolerance: agreement, proven
        return Kind.NONZERO, True
    return None, False


# ---------------------------------------------------------------- points
_DECADES = range(-6, 7)


def candidates(count: int, rng: random.Random) -> list[Point]:
    """Points for ``count`` variables: each variable meets every decade of 10^-6 … 10^6 with
    both signs (in a shuffled pairing with the others), interleaved with points of unit size.
    With no variables, the one empty point."""
    if count == 0:
        return [()]
    slots = [(sign, decade) for decade in _DECADES for sign in (1, -1)]
    columns = []
    for _ in range(count):
        order = slots[:]
        rng.shuffle(order)
        columns.append(order)
    spread = [tuple(_value(rng, *column[i]) for column in columns) for i in range(len(slots))]
    unit = [
        tuple(_value(rng, rng.choice((1, -1)), rng.uniform(-1, 1)) for _ in range(count)) for _ in range(14)
    ]
    points: list[Point] = []
    for i in range(max(len(spread), len(unit))):
        points.extend(p[i] for p in (unit, spread) if i < len(p))
    return points


def _value(rng: random.Random, sign: int, decade: float) -> float:
    """A value of about 10^decade with four significant digits (a witness reads well)."""
    return float(f"{sign * 10 ** (decade + rng.random()):.4g}")


def point_text(names: Sequence[str], point: Point) -> str:
    return ", ".join(f"{n} = {v:.6g}" for n, v in zip(names, point, strict=True))
