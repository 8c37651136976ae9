"""Exponential and logarithm laws."""

from __future__ import annotations

from stepcalc.expr import E, Expr, Func, Num, Pow
from stepcalc.rules.base import number, rational
from stepcalc.simplify.core import Simplifier, Unit
from stepcalc.simplify.terms import split_coefficient
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


class ExpOfLog(Unit):
    """e^(ln u) → u;  e^(c ln u) → u^c (for u > 0, where ln u is defined)."""

    id = RuleId.EXP_LOG

    def match(self, e: Expr) -> bool:
        return isinstance(e, Pow) and e.base == E

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Pow)
        c, rest = split_coefficient(e.exp)
        if not (isinstance(rest, Func) and rest.name == "ln" and len(rest.args) == 1):
            return None
        return rest.args[0] if c == 1 else Pow(rest.args[0], number(c))
