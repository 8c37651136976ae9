"""A problem as people state it: what to differentiate, and the name it goes by.

``y = x^2``, ``f(x) = x^3 - 2x``, ``y(x) = …`` and ``z = f(x, y) = …`` name the function on
the left (the output then names its derivative ``y'``, ``f'(x)``, ``∂z/∂x``); ``d/dx (…)``,
``(…)'``, ``diff(…, x)`` and ``D(…)`` ask for a derivative; ``y = x^2, dy/dx`` does both.
An equation that names no function (``x^2 + y^2 = 25``) is a curve, which would need
implicit differentiation: that is refused with a message saying so.
"""

from __future__ import annotations

from dataclasses import dataclass

from stepcalc.catalogue import FUNCTIONS
from stepcalc.errors import UnsupportedError
from stepcalc.expr import Deriv, Equation, Expr, Func, Sym, free_symbols, walk
from stepcalc.printing import to_text

__all__ = ["Statement", "read_statement"]


@dataclass(frozen=True, slots=True)
class Statement:
    """What a parsed problem asks: differentiate ``expr`` (``order`` times, with respect to
    ``var`` when the statement says which); ``name`` is the function as written on the left
    (``y``, ``f(x)``), and ``leibniz`` records that its derivative was asked for as dy/dx."""

    expr: Expr
    var: Sym | None = None
    name: Expr | None = None
    leibniz: bool = False
    order: int = 1


def read_statement(tree: Expr) -> Statement:
    """The problem ``tree`` states (see the module's docstring); raises ``UnsupportedError``
    for an equation that names no function."""
    if isinstance(tree, Deriv):  # d/dx (f) and (f)' typed as the problem itself
        return Statement(tree.expr, tree.var)
    if not isinstance(tree, Equation):
        return Statement(tree)
    if len(tree.sides) == 3:
        return _three_sides(tree)
    left, right = tree.sides
    asked = _asked(left, right)
    if asked is not None:
        return asked
    if _names_a_function(left, right):
        var = left.args[0] if isinstance(left, Func) and len(left.args) == 1 else None
        return Statement(right, var if isinstance(var, Sym) else None, left)
    raise _curve(tree)


def _asked(left: Expr, right: Expr) -> Statement | None:
    """``dy/dx = d/dx (x^2)``, ``y' = (x^2)'``, ``f'(x) = (x^3)'`` (``y = x^2, dy/dx`` reads so)."""
    order, value, var = 0, right, None
    while isinstance(value, Deriv):
        order, var, value = order + 1, value.var, value.expr
    if not order:
        return None
    if isinstance(left, Func) and left.name.rstrip("'") != left.name:
        name = Func(left.name.rstrip("'"), left.args)
        return Statement(value, var, name, order=order)
    asked = left
    while isinstance(asked, Deriv):
        asked = asked.expr
    if isinstance(asked, Sym) and isinstance(left, Deriv):
        return Statement(value, var, asked, leibniz=left.var is not None, order=order)
    return None


def _names_a_function(left: Expr, right: Expr) -> bool:
    """``y = …`` or ``f(x) = …``, ``y(x, t) = …``: a name that the right side does not use."""
    if isinstance(left, Sym):
        return left not in free_symbols(right)
    if isinstance(left, Func) and left.name not in FUNCTIONS and left.name.isalpha() and len(left.name) == 1:
        return all(isinstance(a, Sym) for a in left.args) and not _uses(right, left.name)
    return False


def _uses(e: Expr, name: str) -> bool:
    return Sym(name) in free_symbols(e) or any(isinstance(n, Func) and n.name == name for n in walk(e))


def _three_sides(tree: Equation) -> Statement:
    """``z = f(x, y) = x^2 y``: z names the function f of x and y."""
    left, middle, right = tree.sides
    named = isinstance(left, Sym) and left not in free_symbols(right)
    if named and isinstance(middle, Func) and _names_a_function(middle, right):
        var = middle.args[0] if len(middle.args) == 1 and isinstance(middle.args[0], Sym) else None
        return Statement(right, var, left)
    raise UnsupportedError(f"cannot read {to_text(tree)} as a function: write z = f(x, y) = … or y = …")


def _curve(tree: Equation) -> UnsupportedError:
    names = sorted(s.name for s in free_symbols(tree))
    shown = to_text(tree)
    if len(names) >= 2:
        variables = ", ".join(names[:-1]) + " and " + names[-1]
        return UnsupportedError(
            f"{shown} is an equation in {variables}: for dy/dx by implicit differentiation use "
            f"`stepcalc implicit '{shown}'`; to differentiate a function, write it as y = … or f(x) = …"
        )
    return UnsupportedError(
        f"{shown} is an equation, not a function to differentiate: write y = … or f(x) = …"
    )
