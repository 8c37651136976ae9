"""stepcalc: differentiate expressions step by step, as a calculus textbook does.

Only the public API is re-exported here; sympy is never imported by ``import stepcalc``.
"""

from stepcalc.derivation import Derivation, derive
from stepcalc.errors import EngineError, LimitError, ParseError, ShapeError, StepcalcError, UnsupportedError
from stepcalc.expr import Expr
from stepcalc.limits import Limits
from stepcalc.multivariable import gradient, hessian, jacobian
from stepcalc.parse import parse
from stepcalc.tasks.check import check_answer, equivalent
from stepcalc.tasks.working import check_working

__all__ = [
    "Derivation",
    "EngineError",
    "Expr",
    "LimitError",
    "Limits",
    "ParseError",
    "ShapeError",
    "StepcalcError",
    "UnsupportedError",
    "check_answer",
    "check_working",
    "derive",
    "equivalent",
    "gradient",
    "hessian",
    "jacobian",
    "parse",
]
__version__ = "0.1.0"
