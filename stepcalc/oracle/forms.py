"""Questions about the form of an expression that need algebra (the checker's ``--form``)."""

from __future__ import annotations

from stepcalc.expr import Expr
from stepcalc.oracle.convert import to_sympy
from stepcalc.oracle.guard import too_big_to_simplify

__all__ = ["factorable"]


def factorable(e: Expr) -> bool:
    """Whether sympy can write ``e`` (a sum) as a product: a sum that factors is not factored."""
    import sympy as sp

    value = to_sympy(e)
    if too_big_to_simplify(value):  # minutes of primality tests, uninterruptible
        return False
    try:
        factored = sp.factor(value)
    except (sp.PolynomialError, TypeError, ValueError):
        return False
    return len(sp.Add.make_args(factored)) == 1 and len(sp.Add.make_args(sp.expand(value))) > 1
