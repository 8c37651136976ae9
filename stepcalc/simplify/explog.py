"""Exponential and logarithm laws."""

from __future__ import annotations

from stepcalc.expr import E, Expr, Func, Num, Pow
from stepcalc.rules.base import rational
from stepcalc.simplify.core import Simplifier, Unit
from stepcalc.steps import RuleId


class LogOfOneOrE(Unit):
    """ln 1 → 0;  ln e → 1."""

    id = RuleId.EVALUATE

    def match(self, e: Expr) -> bool:
        return isinstance(e, Func) and e.name == "ln" and len(e.args) == 1

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Func)
        arg = e.args[0]
        if rational(arg) == 1:
            return Num(0)
        return Num(1) if arg == E else None


class LogOfExp(Unit):
    """ln(e^u) → u."""

    id = RuleId.EXP_LOG

    def match(self, e: Expr) -> bool:
        return isinstance(e, Func) and e.name == "ln" and len(e.args) == 1

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Func)
        arg = e.args[0]
        return arg.exp if isinstance(arg, Pow) and arg.base == E else None
