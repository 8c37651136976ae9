"""Differentiation with the correct rules, or with one mal-rule in place of them: the engine
over the derivative table, overridden by the mal-rule in front."""

from __future__ import annotations

import math

from stepcalc.engine import Budget, Found, Kind, NoRule, complete
from stepcalc.errors import LimitError
from stepcalc.expr import Deriv, Expr, Sym
from stepcalc.malrules.base import MalRule
from stepcalc.rules.derivative import DERIVATIVE, DerivativeKind, variable_of
from stepcalc.simplify import tidy
from stepcalc.steps import RuleId


class _Mistaken(DerivativeKind):
    """The derivative table with ``mal`` tried first (only at its first match when ``once``)."""

    def __init__(self, mal: MalRule, once: bool) -> None:
        super().__init__()
        self.mal, self.once, self.used = mal, once, False

    def find(self, hole: Deriv) -> Found | None:
        f, x = hole.expr, variable_of(hole)
        if self.mal.match(f, x) and not (self.once and self.used):
            self.used = True
            return Found(self.mal, Kind.STRUCTURAL, (RuleId.UNKNOWN,), self.mal.apply(f, x))
        return super().find(hole)


def exact_derivative(f: Expr, x: Sym, *, budget: int = 2000) -> Expr | None:
    """``f'`` by the correct rules, all at once and tidied (the line after a line of holes)."""
    return _derivative(f, x, DERIVATIVE, budget)


def mistaken_derivative(
    f: Expr, x: Sym, mal: MalRule, *, once: bool = False, budget: int = 2000
) -> Expr | None:
    """``f'`` with the mal-rule used where it matches (only the first time when ``once``);
    None when the mal-rule never applies or the rules run out."""
    kind = _Mistaken(mal, once)
    out = _derivative(f, x, kind, budget)
    return out if kind.used else None


def _derivative(f: Expr, x: Sym, kind: DerivativeKind, budget: int) -> Expr | None:
    steps = Budget(max_steps=budget, deadline=math.inf, seconds=math.inf)  # (the caller bounds the time)
    try:
        out = complete(Deriv(f, x), kind, steps)
    except (NoRule, LimitError, RecursionError):
        return None
    return tidy(out)
