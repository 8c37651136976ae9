"""Differentiation with the correct rules, or with one mal-rule in place of them."""

from __future__ import annotations

from stepcalc.expr import Deriv, Expr, Sym, map_bottom_up
from stepcalc.malrules.base import MalRule
from stepcalc.rules.table import find_rule
from stepcalc.simplify import tidy


class _Stuck(Exception):
    pass


def exact_derivative(f: Expr, x: Sym, *, budget: int = 2000) -> Expr | None:
    """``f'`` by the correct rules, all at once and tidied (the line after a line of holes)."""
    return _derivative(f, x, None, once=False, budget=budget)


def mistaken_derivative(
    f: Expr, x: Sym, mal: MalRule, *, once: bool = False, budget: int = 2000
) -> Expr | None:
    """``f'`` with the mal-rule used where it matches (only the first time when ``once``);
    None when the mal-rule never applies or the rules run out."""
    return _derivative(f, x, mal, once=once, budget=budget)


def _derivative(f: Expr, x: Sym, mal: MalRule | None, *, once: bool, budget: int) -> Expr | None:
    used = [False]
    steps = [0]

    def go(g: Expr, v: Sym) -> Expr:
        steps[0] += 1
        if steps[0] > budget:
            raise _Stuck
        if mal is not None and mal.match(g, v) and not (once and used[0]):
            used[0] = True
            result = mal.apply(g, v)
        else:
            rule = find_rule(g, v)
            if rule is None:
                raise _Stuck
            result = rule.apply(g, v)
        return map_bottom_up(result, lambda n: go(n.expr, n.var or v) if isinstance(n, Deriv) else n)

    try:
        out = go(f, x)
    except (_Stuck, RecursionError):
        return None
    if mal is not None and not used[0]:
        return None
    return tidy(out)
