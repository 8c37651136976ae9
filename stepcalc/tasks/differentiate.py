"""One derivative worked out as lines, by the engine over the derivative rule table.

The derivative's own presentation is its first line.  When the problem itself starts with a
linear rule, the first round applies linear rules only, so the reader first sees the problem
split into its terms.  When the problem itself is a composition, the chain rule names the inner
function (``let u = …``).  σ(x) is worked from its definition, as the notes do.  The rounds
after it are the engine's (``stepcalc.engine``).
"""

from __future__ import annotations

import time

from stepcalc.engine import Budget, Kind, NoRule, Rewriter, Worked, forget, work
from stepcalc.expr import Deriv, Expr, Func, Mul, Sym, children, depth, free_symbols, with_children
from stepcalc.limits import DEFAULT, Limits, recursion_room
from stepcalc.rules.base import depends_on
from stepcalc.rules.derivative import ChainRule, DerivativeKind, find_rule, split
from stepcalc.rules.functions import DEFINITIONS
from stepcalc.steps import Binding, Line, RuleId, Step

__all__ = ["differentiate"]

_LET_NAMES = ("u", "v", "w", "t", "s", "z")


def differentiate(
    f: Expr, x: Sym, *, detail: str = "textbook", limits: Limits = DEFAULT, max_seconds: float = 10.0
) -> Worked:
    """Work out ``(f)'`` with respect to ``x`` as lines of holes being filled in."""
    # The memo tables compare keys structurally; nodes of an earlier problem only slow that down.
    depends_on.cache_clear()
    forget()
    kind = DerivativeKind()
    budget = Budget(max_steps=limits.max_nodes, deadline=time.monotonic() + max_seconds, seconds=max_seconds)
    rewriter = Rewriter(kind, budget)
    worked = Worked()
    with recursion_room(depth(f) + 50):
        return work(_first_line(f, x, worked, rewriter, detail), rewriter, worked, detail)


def _first_line(f: Expr, x: Sym, worked: Worked, rewriter: Rewriter[Deriv], detail: str) -> Line:
    """Line 1: the problem split by its top rule (with ``let u = …`` for a composition)."""
    start = Line(Deriv(f, x))
    rule = find_rule(f, x)
    form = split(f, x)
    if detail == "textbook" and isinstance(f, Func) and f.name in DEFINITIONS and f.args == (x,):
        # σ(x) is worked from its definition, as the notes do; the answer is folded back into σ
        defined = Deriv(DEFINITIONS[f.name](x), x)
        line = Line(defined, (Step(RuleId.DEFINITION, start.expr, defined),))
        worked.lines.append(line)
        return line
    if detail == "textbook" and isinstance(rule, ChainRule) and form is not None:
        _, inner = form
        u = _fresh({s.name for s in free_symbols(f)})
        worked.bindings.append(Binding(u, inner))
        composed = _substitute(f, inner, u)
        expr = Mul((Deriv(composed, u), Deriv(inner, x)))
        line = Line(expr, (Step(RuleId.CHAIN, start.expr, expr),), note=f"let {u.name} = {inner}")
        worked.lines.append(line)
        return line
    if detail == "textbook" and rule is not None and rule.kind is Kind.LINEAR:
        try:
            new, step = rewriter.rewrite(Deriv(f, x), linear_only=True)
        except NoRule:
            return start
        line = Line(new, (step,))
        worked.lines.append(line)
        return line
    return start


def _fresh(taken: set[str]) -> Sym:
    for name in _LET_NAMES:
        if name not in taken:
            return Sym(name)
    i = 1
    while f"u_{i}" in taken:
        i += 1
    return Sym(f"u_{i}")


def _substitute(e: Expr, old: Expr, new: Expr) -> Expr:
    if e == old:
        return new
    kids = children(e)
    return with_children(e, tuple(_substitute(c, old, new) for c in kids)) if kids else e
