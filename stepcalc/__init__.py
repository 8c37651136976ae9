"""stepcalc: differentiate and integrate expressions step by step, as a calculus textbook does.

Only the public API is re-exported here, each name imported when first used, so that
``import stepcalc`` (and ``stepcalc parse``) load no more than they need; sympy is never
imported by ``import stepcalc``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# stepcalc.parse is a module and parse a function of it: importing the module (as anything
# that reads text does) sets the package's attribute ``parse`` to the module, so the function
# is bound here, after it, not on first use.
from stepcalc.parse import parse

if TYPE_CHECKING:
    from stepcalc.derivation import Derivation, derive
    from stepcalc.errors import (
        EngineError,
        LimitError,
        ParseError,
        ShapeError,
        StepcalcError,
        UnsupportedError,
    )
    from stepcalc.expr import Expr
    from stepcalc.limits import Limits
    from stepcalc.multivariable import gradient, hessian, jacobian
    from stepcalc.tasks.check import check_answer, equivalent
    from stepcalc.tasks.integrate import integrate
    from stepcalc.tasks.limit import limit
    from stepcalc.tasks.working import check_working

_WHERE = {
    "Derivation": "stepcalc.derivation",
    "derive": "stepcalc.derivation",
    "EngineError": "stepcalc.errors",
    "LimitError": "stepcalc.errors",
    "ParseError": "stepcalc.errors",
    "ShapeError": "stepcalc.errors",
    "StepcalcError": "stepcalc.errors",
    "UnsupportedError": "stepcalc.errors",
    "Expr": "stepcalc.expr",
    "Limits": "stepcalc.limits",
    "gradient": "stepcalc.multivariable",
    "hessian": "stepcalc.multivariable",
    "jacobian": "stepcalc.multivariable",
    "check_answer": "stepcalc.tasks.check",
    "equivalent": "stepcalc.tasks.check",
    "check_working": "stepcalc.tasks.working",
    "integrate": "stepcalc.tasks.integrate",
    "limit": "stepcalc.tasks.limit",
}

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
    "integrate",
    "jacobian",
    "limit",
    "parse",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'stepcalc' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value  # once found, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
