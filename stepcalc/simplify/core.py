"""The simplification driver: ordered tables of small rewrite units, run to a fixed point.

A unit rewrites one node.  Its docstring is its pattern, ``id`` names it in steps and
phrases, ``match`` is a cheap test of the node's shape and ``apply`` returns the rewritten
node or None when the finer condition fails.  The driver walks the expression bottom-up and,
at every node, applies the first unit of the node type's table that fires, again and again
until none does (the children a rewrite builds are settled first), so that one walk reaches
the fixed point: every unit looks only at its node and what is below it.  Every
rewrite is recorded as a ``Step`` whose before and after are the node itself, so a reader who
expands a simplify line sees what changed where.

The driver never stops silently: a node that comes back to a form it had is a cycle between
units (an ``EngineError``: a bug), and work beyond ``MAX_REWRITES_PER_NODE`` rewrites per
node of the input is refused with a ``LimitError``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from stepcalc.errors import EngineError, LimitError
from stepcalc.expr import Expr, children, map_bottom_up, with_children
from stepcalc.simplify.terms import TermOrder
from stepcalc.steps import RuleId, Step

__all__ = ["MAX_REWRITES_PER_NODE", "Simplified", "Simplifier", "Unit"]

MAX_REWRITES_PER_NODE = 200
"""Rewrites allowed per node of the input (plus 10,000): a generous bound that the
course's expressions stay far below; growing past it means the units feed each other."""


class Unit:
    """One named local rewrite.  The docstring of a subclass is its pattern."""

    id: RuleId
    joins_next = False
    """A unit that only moves brackets (``3·(4x³)`` → ``3·4·x³``): the step is told as one with
    the rewrite that follows it at the same node, when one does."""

    def match(self, e: Expr) -> bool:
        return True

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        raise NotImplementedError

    def note(self, e: Expr) -> str:
        """Where the rewrite holds, when not everywhere ``e`` is defined (``-1 ≤ u ≤ 1``)."""
        return ""


@dataclass(frozen=True, slots=True)
class Simplified:
    """The simplified expression and the rewrites that made it, in the order they were made."""

    expr: Expr
    steps: tuple[Step, ...]

    @property
    def rules(self) -> list[RuleId]:
        """The distinct unit ids used, in first-use order."""
        return list(dict.fromkeys(s.rule for s in self.steps))


Table = Mapping[type, tuple[Unit, ...]]


MAX_ROOT_PASSES = 4  # the root units' rewrites of one expression, at most


class Simplifier:
    """Runs a table of units over expressions.  ``extra`` is one more local rewrite tried
    first at every node (evaluation at a point passes special values this way); what it
    returns is recorded as ``evaluate``."""

    def __init__(
        self,
        table: Table,
        extra: Callable[[Expr], Expr | None] | None = None,
        *,
        tidier: Simplifier | None = None,
        order: TermOrder | None = None,
        remember: bool = False,
        root: tuple[Unit, ...] = (),
    ) -> None:
        self.table = table
        self.root = root
        """Units tried on the whole expression only, once it is settled (a sign over the whole
        sum is opened; inside a sum, the sum's own units decide)."""
        self.extra = extra
        self.tidier = tidier
        self.order = order or TermOrder()
        self.fixed: set[Expr] | None = set() if remember else None
        """With ``remember``, the nodes found settled, kept from run to run: a caller that
        simplifies related expressions (the closing lines of one derivative) walks each
        settled part once.  Settling depends on the node alone, so a node settled once is
        settled for good under the same table, ``extra`` and order."""

    def run(self, e: Expr) -> Simplified:
        steps: list[Step] = []
        recorded: set[Step] = set()
        budget, count = 10_000, 0
        settled = self.fixed if self.fixed is not None else set()  # nodes no unit changes (nor below)

        def record(step: Step) -> None:
            if step not in recorded:
                recorded.add(step)
                steps.append(step)

        def settle(node: Expr) -> Expr:
            """``node`` (its children settled) rewritten until no unit applies; the children a
            rewrite builds are settled at once, so that one walk reaches the fixed point."""
            nonlocal count, budget
            budget += MAX_REWRITES_PER_NODE
            found = self._rewrite(node)
            if found is None:  # most nodes: settled as they are
                settled.add(node)
                return node
            seen = {node}
            joined: tuple[int, Expr] | None = None  # a bracket removed here: (its step's place, before)
            while found is not None:
                unit, new, note = found
                if joined is not None and joined[0] == len(steps) - 1:
                    # 3·(4x³) = 12x³ rather than two steps, the first only moving a bracket
                    steps[joined[0]] = step = Step(unit.id, joined[1], new, note=note)
                    recorded.add(step)
                else:
                    record(Step(unit.id, node, new, note=note))
                joined = (len(steps) - 1, node) if unit.joins_next else None
                count += 1
                if new in seen:
                    raise EngineError(f"simplification went round in a circle at {node} ({unit.id})")
                if count > budget:
                    raise LimitError("max_nodes", f"simplification did not settle within {count} rewrites")
                seen.add(new)
                kids = children(new)
                done = tuple(k if k in settled else map_bottom_up(k, settle, known=settled) for k in kids)
                node = (
                    new if all(a is b for a, b in zip(done, kids, strict=True)) else with_children(new, done)
                )
                found = self._rewrite(node)
            settled.add(node)
            return node

        out = map_bottom_up(e, settle, known=settled)
        for _ in range(MAX_ROOT_PASSES):
            found = next(((u, new) for u in self.root if (new := _applied(u, out, self)) is not None), None)
            if found is None:
                break
            unit, new = found
            record(Step(unit.id, out, new, note=unit.note(out)))
            out = map_bottom_up(new, settle, known=settled)
        return Simplified(out, tuple(steps))

    def tidy(self, e: Expr) -> Expr:
        """``e`` simplified, for a unit that must see its pieces simplified to decide (the
        steps inside are not recorded: the unit's own step shows the change)."""
        return (self.tidier or self).run(e).expr

    def _rewrite(self, node: Expr) -> tuple[Unit, Expr, str] | None:
        if self.extra is not None:
            found = self.extra(node)
            if found is not None and found != node:
                return _EVALUATE, found, ""
        for unit in self.table.get(type(node), ()):
            if unit.match(node):
                new = unit.apply(node, self)
                if new is not None and new != node:
                    return unit, new, unit.note(node)
        return None


def _applied(unit: Unit, e: Expr, ctx: Simplifier) -> Expr | None:
    """What ``unit`` makes of ``e``, or None when it does not apply or changes nothing."""
    new = unit.apply(e, ctx) if unit.match(e) else None
    return None if new is None or new == e else new


class _Evaluate(Unit):
    """f(a) → its value at a point (evaluation passes its special values as ``extra``)."""

    id = RuleId.EVALUATE


_EVALUATE = _Evaluate()
