"""The oracle: stepcalc's bridge to sympy and mpmath, used only to check, never to produce.

* ``convert``: AST → sympy, node by node (never ``sympify``/``parse_expr`` on user text);
* ``equal``: the one equality decision (exact, symbolic, numeric), used by verification,
  ``check``, ``equiv``, working checks and ``grade``;
* ``verify`` and ``vectors``: a derivation's lines against sympy's derivative;
* ``guard``: bounds on the numbers sympy may build while stepcalc works with it.

sympy is imported lazily, inside functions, so that ``import stepcalc`` stays light.
"""

from stepcalc.oracle.convert import sympy_text, to_sympy
from stepcalc.oracle.equal import Equality, equal, equal_values, first_equal
from stepcalc.oracle.forms import factorable
from stepcalc.oracle.vectors import vector_line_equal, verify_matrix
from stepcalc.oracle.verify import verify_derivation

__all__ = [
    "Equality",
    "equal",
    "equal_values",
    "factorable",
    "first_equal",
    "sympy_text",
    "to_sympy",
    "vector_line_equal",
    "verify_derivation",
    "verify_matrix",
]
