"""Exact powers of numbers, bounded while stepcalc works with sympy.

sympy works out a power of numbers exactly as soon as it appears, and one big-integer power is
a single C operation that no time budget can interrupt.  ``stepcalc.limits`` refuses such
numbers in what is typed, but sympy can make them itself: ``x - x`` becomes 0, so
``10^(10^(10 + x - x))`` is ``10^(10^10)``; ``2^(10^10 - x) 2^x`` is combined into one power;
and ``simplify`` turns ``c ln 3`` into ``ln(3^c)``.  So while stepcalc's oracle runs (in
``bounded_powers()``), a power of numbers whose value would have more than ``MAX_DIGITS`` digits
raises ``LimitError("max_digits")`` before it is computed; the verification or the comparison
that needed it ends as ``unknown``.  Outside those blocks, and in other threads, sympy is
untouched.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from stepcalc.errors import LimitError

T = TypeVar("T")

MAX_DIGITS = 100_000  # 10^100000 takes a millisecond; 10^(10^10) would take hours

_state = threading.local()
_installed = False
_install_lock = threading.Lock()


@contextmanager
def bounded_powers() -> Iterator[None]:
    """Within this block (in this thread), sympy refuses exact powers past ``MAX_DIGITS``."""
    _install()
    depth = getattr(_state, "depth", 0)
    _state.depth = depth + 1
    try:
        yield
    finally:
        _state.depth = depth


def _install() -> None:
    global _installed
    if _installed:
        return
    with _install_lock:
        if _installed:
            return
        from sympy.core.numbers import Integer, Rational

        for cls in (Integer, Rational):
            cls._eval_power = _bounded(cls.__dict__["_eval_power"])
        _installed = True


def _bounded(power: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def _eval_power(self: Any, expt: Any) -> Any:
        if getattr(_state, "depth", 0) and getattr(expt, "is_Rational", False):
            bits = max(int(self.p).bit_length(), int(self.q).bit_length())
            digits = bits * 0.30103 * abs(int(expt.p)) / int(expt.q)
            if digits > MAX_DIGITS:
                raise LimitError(
                    "max_digits",
                    f"a power of numbers in the work would have about {digits:,.0f} digits; "
                    f"the limit is {MAX_DIGITS:,} (max_digits)",
                )
        return power(self, expt)

    _eval_power.__wrapped__ = power  # type: ignore[attr-defined]
    return _eval_power


SYMBOLIC_DIGITS = 100
_SYMBOLIC_BOUND = 10**SYMBOLIC_DIGITS


def too_big_to_simplify(*values: Any) -> bool:
    """Whether a sympy value holds a number of more than ``SYMBOLIC_DIGITS`` digits.  sympy's
    ``simplify`` and ``factor`` factor polynomials with Wang's algorithm, which tests numbers
    the size of the coefficients for primality: one modular power of big numbers after another,
    each a single C operation no time budget interrupts (a 200-digit coefficient costs 1.8 s of
    ``factor``, a 1,000-digit one minutes).  Such values are not simplified: a comparison that
    needs it is undecided."""
    import sympy as sp

    for value in values:
        for r in value.atoms(sp.Rational):
            if abs(int(r.p)) >= _SYMBOLIC_BOUND or int(r.q) >= _SYMBOLIC_BOUND:
                return True
    return False


def bounded(fn: Callable[[], T]) -> T:
    """``fn()`` within ``bounded_powers()``."""
    with bounded_powers():
        return fn()
