"""The engine: one generic traversal that rewrites derivative holes with the rule table.

Textbook presentation (the default) writes one line per round.  In a round every hole
present at its start is rewritten by its rule; the holes a see-through rule creates (sum,
difference, constant multiple, and the inner derivative of a chain whose inner function
needs no further structural rule) are worked on in the same round, the others wait for
the next.  When the problem itself starts with a linear rule, the first round applies
linear rules only, so the reader first sees the problem split into its terms.  When the
problem itself is a composition, the chain rule names the inner function (``let u = …``).
``detail="full"`` instead writes one rule application per line.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from stepcalc.budget import TimeLimitExceeded
from stepcalc.errors import LimitError, UnsupportedError
from stepcalc.expr import Deriv, Expr, Func, Mul, Sym, children, depth, free_symbols, with_children
from stepcalc.limits import DEFAULT, Limits, recursion_room
from stepcalc.rules import Kind, depends_on, find_rule
from stepcalc.rules.base import rational
from stepcalc.rules.functions import DEFINITIONS
from stepcalc.rules.table import ChainRule, split
from stepcalc.simplify import fold_numbers
from stepcalc.steps import Binding, Line, RuleId, Step

_LET_NAMES = ("u", "v", "w", "t", "s", "z")


@dataclass(slots=True)
class Budget:
    """A cap on rule applications (``max_nodes``) and wall time (``max_seconds``), checked as
    the rules apply; the caller's ``call_with_limit`` also interrupts work between rules."""

    max_steps: int
    deadline: float
    seconds: float
    steps: int = 0

    def tick(self) -> None:
        self.steps += 1
        if self.steps > self.max_steps:
            raise LimitError(
                "max_nodes", f"more than {self.max_steps:,} rule applications; the limit is max_nodes"
            )
        if self.steps % 256 == 0 and time.monotonic() > self.deadline:
            raise TimeLimitExceeded(
                f"differentiating took longer than the time budget of {self.seconds:g} s (max_seconds)"
            )


@dataclass(slots=True)
class Worked:
    """The lines of one derivative, ending with no hole, and any let-bindings used."""

    lines: list[Line] = field(default_factory=list)
    bindings: list[Binding] = field(default_factory=list)
    unknown: str = ""


@functools.lru_cache(maxsize=1 << 16)
def has_hole(e: Expr) -> bool:
    return isinstance(e, Deriv) or any(has_hole(c) for c in children(e))


def replace_holes(e: Expr, fn: Callable[[Deriv], Expr]) -> Expr:
    """``e`` with each outermost hole replaced by ``fn(hole)``; hole-free parts are shared.

    A product that ends in a hole absorbs a product put in its place (``cos u · (sin v)'``
    becomes ``cos u · cos v · v'``, not a nest), so a chain of n compositions stays flat.
    """
    if isinstance(e, Deriv):
        return fn(e)
    if not has_hole(e):
        return e
    if isinstance(e, Mul) and isinstance(e.factors[-1], Deriv):
        *rest, last = (replace_holes(c, fn) for c in e.factors)
        if isinstance(last, Mul) and rational(last.factors[0]) is None:  # 3·2x stays 3·2x
            return Mul((*rest, *last.factors))
        return Mul((*rest, last))
    return with_children(e, tuple(replace_holes(c, fn) for c in children(e)))


def holes(e: Expr) -> list[Deriv]:
    found: list[Deriv] = []
    replace_holes(e, lambda h: found.append(h) or h)  # type: ignore[func-returns-value]
    return found


class _Rewriter:
    def __init__(self, budget: Budget) -> None:
        self.budget = budget

    def rewrite(self, hole: Deriv, linear_only: bool = False, nested: bool = False) -> tuple[Expr, Step]:
        """Apply the hole's rule, continuing into see-through holes (see module doc).

        Zeros and ones are folded once, by the outermost call, over everything it produced.
        """
        self.budget.tick()
        f, x = hole.expr, _var(hole)
        if has_hole(f):
            raise UnsupportedError("a derivative inside a derivative: take the inner one first")
        rule = find_rule(f, x)
        if rule is None:
            raise _Unknown(hole)
        ids = rule.rule_ids(f, x)
        result = rule.apply(f, x)
        substeps: list[Step] = [Step(i, hole, result) for i in ids[1:]]

        def continue_into(child: Deriv) -> Expr:
            child_rule = find_rule(child.expr, _var(child))
            if child_rule is None:
                return child
            if linear_only and child_rule.kind is not Kind.LINEAR:
                return child
            see_through = rule.kind is Kind.LINEAR or (
                isinstance(rule, ChainRule) and self.simple(child.expr, _var(child))
            )
            if not see_through:
                return child
            new, step = self.rewrite(child, linear_only, nested=True)
            substeps.append(step)
            return new

        if rule.kind is not Kind.LEAF:
            result = replace_holes(result, continue_into)
        folded = result if nested else fold_numbers(result, keep=f)
        if folded is not result:
            substeps.append(Step(RuleId.FOLD_CONSTANTS, result, folded))
        return folded, Step(ids[0], hole, folded, tuple(substeps))

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one rewriter per derivation
    def simple(self, f: Expr, x: Sym) -> bool:
        """Whether ``(f)'`` needs only linear and leaf rules (``2x``, ``x^2 + 1``, ``sin x``)."""
        rule = find_rule(f, x)
        if rule is None or rule.kind is Kind.STRUCTURAL:
            return False
        if rule.kind is Kind.LEAF:
            return True
        return all(self.simple(h.expr, _var(h)) for h in holes(rule.apply(f, x)))


class _Unknown(Exception):
    def __init__(self, hole: Deriv) -> None:
        super().__init__()
        self.hole = hole


def _var(hole: Deriv) -> Sym:
    assert hole.var is not None
    return hole.var


def _fresh(taken: set[str]) -> Sym:
    for name in _LET_NAMES:
        if name not in taken:
            return Sym(name)
    i = 1
    while f"u_{i}" in taken:
        i += 1
    return Sym(f"u_{i}")


def differentiate(
    f: Expr, x: Sym, *, detail: str = "textbook", limits: Limits = DEFAULT, max_seconds: float = 10.0
) -> Worked:
    """Work out ``(f)'`` with respect to ``x`` as lines of holes being filled in."""
    # The memo tables compare keys structurally; nodes of an earlier problem only slow that down.
    depends_on.cache_clear()
    has_hole.cache_clear()
    budget = Budget(max_steps=limits.max_nodes, deadline=time.monotonic() + max_seconds, seconds=max_seconds)
    rewriter = _Rewriter(budget)
    worked = Worked()
    with recursion_room(depth(f) + 50):
        line = _first_line(f, x, worked, rewriter, detail)
        while has_hole(line.expr):
            try:
                line = _next_line(line.expr, rewriter, detail)
            except _Unknown as e:
                worked.unknown = _unknown_message(e.hole)
                worked.lines.append(
                    Line(line.expr, (Step(RuleId.UNKNOWN, e.hole, e.hole),), note=worked.unknown)
                )
                return worked
            worked.lines.append(line)
    return worked


def _first_line(f: Expr, x: Sym, worked: Worked, rewriter: _Rewriter, detail: str) -> Line:
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
        expr = _product(Deriv(composed, u), Deriv(inner, x))
        line = Line(expr, (Step(RuleId.CHAIN, start.expr, expr),), note=f"let {u.name} = {inner}")
        worked.lines.append(line)
        return line
    if detail == "textbook" and rule is not None and rule.kind is Kind.LINEAR:
        try:
            new, step = rewriter.rewrite(Deriv(f, x), linear_only=True)
        except _Unknown:
            return start
        line = Line(new, (step,))
        worked.lines.append(line)
        return line
    return start


def _next_line(expr: Expr, rewriter: _Rewriter, detail: str) -> Line:
    steps: list[Step] = []
    if detail == "full":
        done = False

        def one(h: Deriv) -> Expr:
            nonlocal done
            if done:
                return h
            done = True
            if has_hole(h.expr):  # as rewrite() says it: the inner hole has no rule of its own
                raise UnsupportedError("a derivative inside a derivative: take the inner one first")
            rule = find_rule(h.expr, _var(h))
            if rule is None:
                raise _Unknown(h)
            result = rule.apply(h.expr, _var(h))
            ids = rule.rule_ids(h.expr, _var(h))
            rewriter.budget.tick()
            steps.append(Step(ids[0], h, result, tuple(Step(i, h, result) for i in ids[1:])))
            return result

        return Line(replace_holes(expr, one), tuple(steps))

    def each(h: Deriv) -> Expr:
        new, step = rewriter.rewrite(h)
        steps.append(step)
        return new

    return Line(replace_holes(expr, each), tuple(steps))


def _substitute(e: Expr, old: Expr, new: Expr) -> Expr:
    if e == old:
        return new
    kids = children(e)
    return with_children(e, tuple(_substitute(c, old, new) for c in kids)) if kids else e


def _product(a: Expr, b: Expr) -> Expr:
    return Mul((a, b))


def _unknown_message(hole: Deriv) -> str:
    from stepcalc.phrases import no_rule

    return no_rule(hole)
