"""Sympy values evaluated in ball arithmetic (python-flint's ``arb``).

sympy's ``lambdify`` writes code for floating-point libraries; ball arithmetic needs exact
constants made at the working precision (an integer of 5,000 digits, 1/3, π as a ball) and
NaN, not a jump, outside a function's real domain.  So a value becomes a list of operations,
one per distinct subexpression (a subtree shared by several parents is computed once), run
in order on a list of registers.  No code is generated, so nothing of what a user typed is
ever compiled.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Sequence
from typing import Any

from stepcalc.catalogue import CATALOGUE

__all__ = ["SUPPORTED", "compile_arb", "operation"]

Operation = tuple[Callable[..., Any], tuple[int, ...]]


def compile_arb(e: Any, symbols: Sequence[Any]) -> Callable[..., Any] | None:
    """A function of the symbols' values (floats) giving ``e`` as an ``arb`` ball at flint's
    current precision; None when ``e`` holds something without a real ball value (an
    undefined function, a complex infinity)."""
    try:
        operations = _operations(e, symbols)
    except _Unsupported:
        return None
    from flint import arb

    def value(*point: float) -> Any:
        registers = [arb(p) for p in point]
        for fn, inputs in operations:
            registers.append(fn(*[registers[i] for i in inputs]))
        return registers[-1]

    return value


class _Unsupported(Exception):
    pass


def _operations(e: Any, symbols: Sequence[Any]) -> list[Operation]:
    """The operations computing ``e`` bottom-up (iteratively: trees can be deep)."""
    where: dict[Any, int] = {s: k for k, s in enumerate(symbols)}
    operations: list[Operation] = []
    stack: list[tuple[Any, bool]] = [(e, False)]
    while stack:
        node, ready = stack.pop()
        if node in where:
            continue
        if not ready and node.args and not node.is_Number:
            stack.append((node, True))
            stack.extend((a, False) for a in node.args if a not in where)
            continue
        if not node.args and node.is_Symbol:
            raise _Unsupported(f"a symbol without a value: {node}")
        operations.append((_operation(node), tuple(where[a] for a in node.args if not node.is_Number)))
        where[node] = len(symbols) + len(operations) - 1
    if e in where and where[e] < len(symbols):  # the value is one of the symbols itself
        operations.append((lambda v: v, (where[e],)))
    return operations


def _operation(node: Any) -> Callable[..., Any]:
    import sympy as sp
    from flint import arb, fmpq

    if node.is_Integer:
        return functools.partial(arb, int(node))  # made at the working precision, when run
    if node.is_Rational:
        return functools.partial(_fraction, fmpq(int(node.p), int(node.q)))
    if node.is_Float:
        sign, mantissa, exponent, _ = node._mpf_
        return functools.partial(_binary, -int(mantissa) if sign else int(mantissa), int(exponent))
    if node is sp.pi:
        return arb.pi
    if node is sp.E:
        return arb.const_e
    if isinstance(node, sp.Add):
        return _add
    if isinstance(node, sp.Mul):
        return _mul
    if isinstance(node, sp.Pow):
        return _power
    fn = _FUNCTIONS.get(type(node).__name__) if node.is_Function else None
    if fn is None:
        raise _Unsupported(type(node).__name__)
    return fn


def _fraction(q: Any) -> Any:
    from flint import arb

    return arb(q)


def _binary(mantissa: int, exponent: int) -> Any:
    from flint import arb

    return arb(mantissa) * arb(2) ** exponent


def _add(*terms: Any) -> Any:
    return functools.reduce(operator.add, terms)


def _mul(*factors: Any) -> Any:
    return functools.reduce(operator.mul, factors)


def _power(base: Any, exponent: Any) -> Any:
    if exponent.is_exact() and exponent.is_integer():
        return base ** int(exponent.unique_fmpz())  # x^-1 at x < 0 is real; a ball power is not
    return base**exponent


def _heaviside(u: Any, *_: Any) -> Any:
    from flint import arb

    if u > 0:
        return arb(1)
    if u < 0:
        return arb(0)
    return arb("0.5 +/- 0.5")  # at or around 0: not decided at this precision


def _method(name: str) -> Callable[[Any], Any]:
    return lambda u: getattr(u, name)()


def _of_reciprocal(name: str) -> Callable[[Any], Any]:
    return lambda u: getattr(1 / u, name)()


# Operations of stepcalc's own, named by the catalogue's ``arb`` field.
_OWN: dict[str, Callable[..., Any]] = {"heaviside": _heaviside}


def operation(arb: str) -> Callable[..., Any]:
    """A catalogue ``arb`` field as an operation: an op of this module's own (heaviside), a
    method of the ball (``sin``, ``__abs__``), or of its reciprocal (``1/atan``: arccot)."""
    if arb in _OWN:
        return _OWN[arb]
    if arb.startswith("1/"):
        return _of_reciprocal(arb[2:])
    return _method(arb)


# By sympy's name of each function: the catalogue's (sin, log, Abs, sign, Heaviside, erf …),
# and Max and Min, which the catalogue's sympy forms use (relu, elu, leaky_relu).
_FUNCTIONS: dict[str, Callable[..., Any]] = {
    **{f.sympy: operation(f.arb) for f in CATALOGUE if isinstance(f.sympy, str) and f.sympy and f.arb},
    "Max": lambda *xs: functools.reduce(lambda a, b: a.max(b), xs),
    "Min": lambda *xs: functools.reduce(lambda a, b: a.min(b), xs),
}
SUPPORTED = frozenset(_FUNCTIONS)  # the sympy functions the ball evaluator computes
