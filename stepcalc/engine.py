"""The engine: one traversal that fills holes of any kind by that kind's ordered rule table.

A *hole* is a node that stands for work still to do: ``Deriv`` (a derivative), ``Grad`` (a
gradient with respect to a vector or matrix), and the integral and limit holes to come.  A
:class:`HoleKind` says what the engine needs to know about one kind: its node type, its rules
in order (the first that matches wins, as a textbook's table is read), how the holes a rule
creates are grouped into lines, what is folded after a rule, and the words for "no rule
applies".  Adding a hole kind is adding its node, its table (``stepcalc.rules.<kind>``) and its
phrases; the traversal below is shared.

Textbook presentation (the default) writes one line per round.  In a round every hole present
at its start is rewritten by its rule; the holes a rule creates are worked on in the same round
when the kind sees through the rule (for derivatives: the sum and constant-multiple rules, and
the inner derivative of a chain whose inner function needs no further structural rule), the
others wait for the next round.  ``detail="full"`` writes one rule application per line.
:func:`complete` instead fills every hole at once, for the checker, which needs only the result.
"""

from __future__ import annotations

import functools
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Generic, TypeVar

from stepcalc.budget import over_time
from stepcalc.errors import LimitError, StepcalcError, UnsupportedError
from stepcalc.expr import Expr, Mul, children, map_bottom_up, with_children
from stepcalc.phrases import no_rule
from stepcalc.steps import Binding, Line, RuleId, Step

__all__ = [
    "Budget",
    "Found",
    "HoleKind",
    "Kind",
    "NoRule",
    "Rewriter",
    "Worked",
    "complete",
    "forget",
    "has_hole",
    "holes",
    "replace_holes",
    "work",
]

H = TypeVar("H", bound=Expr)


class Kind(Enum):
    """How a rule's new holes are grouped into lines in the textbook presentation.

    LINEAR rules (sum, difference, constant multiple) are see-through: the holes they
    create are worked on in the same line.  LEAF rules leave no hole.  STRUCTURAL rules
    (product, quotient, chain, …) leave holes for the next line, as a textbook does.
    """

    LINEAR = "linear"
    LEAF = "leaf"
    STRUCTURAL = "structural"


@dataclass(frozen=True, slots=True)
class Found:
    """One rule of a table applied to one hole: the rule, how its holes are grouped, the ids it
    is named by (the chain rule adds the outer rule's), the rewritten hole, and any sub-steps
    the rule shows of its own (an identity derived componentwise)."""

    rule: object
    kind: Kind
    ids: tuple[RuleId, ...]
    result: Expr
    substeps: tuple[Step, ...] = ()


class NoRule(Exception):
    """No rule of the table matches ``hole``: the work stops with an explicit line saying so."""

    def __init__(self, hole: Expr) -> None:
        super().__init__()
        self.hole = hole


class HoleKind(ABC, Generic[H]):
    """One kind of hole: its node type and its ordered rule table, and the policies of its
    presentation.  ``find`` is the table; the other methods have the plain default."""

    node: type[H]
    doing = "differentiating"
    """What the work is called in a time-limit message."""

    @abstractmethod
    def find(self, hole: H) -> Found | None:
        """The first rule of the table that matches ``hole``, applied; None when none does."""

    def see_through(self, parent: Found, child: H, find: Callable[[H], Found | None]) -> bool:
        """Whether a hole that ``parent`` created is worked on in the same line."""
        return parent.kind is Kind.LINEAR

    def fold(self, result: Expr, hole: H) -> Expr:
        """The arithmetic a rule's result needs at once (zeros and ones), shown as a sub-step."""
        return result

    def tidy_line(self, e: Expr) -> tuple[Expr, tuple[Step, ...]]:
        """Housekeeping of a whole line after its holes are filled, with the steps it took."""
        return e, ()

    def nested(self) -> StepcalcError:
        """The error for a hole written inside another of its kind."""
        return UnsupportedError("a hole inside a hole of its kind: work out the inner one first")

    def no_rule(self, hole: H) -> tuple[str, Expr]:
        """Why the work stops at ``hole`` (a sentence), and the hole as the line shows it."""
        return no_rule(hole), hole

    def merge_product(self, rest: tuple[Expr, ...], filled: Expr) -> Expr | None:
        """A product whose last factor was a hole and is now ``filled``: the flat product, or
        None to keep the filled factor as it is."""
        return None


def has_hole(e: Expr, node: type[Expr]) -> bool:
    """Whether ``e`` contains a hole of type ``node`` (memoised until ``forget``)."""
    check = _CHECKS.get(node)
    if check is None:
        check = _CHECKS[node] = _hole_check(node)
    return check(e)


_CHECKS: dict[type[Expr], functools._lru_cache_wrapper[bool]] = {}


def _hole_check(node: type[Expr]) -> functools._lru_cache_wrapper[bool]:
    @functools.lru_cache(maxsize=1 << 16)
    def check(e: Expr) -> bool:
        return isinstance(e, node) or any(check(c) for c in children(e))

    return check


def forget() -> None:
    """Empty the memo of ``has_hole``: it compares keys structurally, and the nodes of an
    earlier problem only slow that down."""
    for check in _CHECKS.values():
        check.cache_clear()


def replace_holes(
    e: Expr, node: type[H], fn: Callable[[H], Expr], merge: Callable[[tuple[Expr, ...], Expr], Expr | None]
) -> Expr:
    """``e`` with each outermost hole of type ``node`` replaced by ``fn(hole)``; hole-free parts
    are shared.  A product that ends in a hole may absorb what is put in its place (``merge``):
    ``cos u · (sin v)'`` becomes ``cos u · cos v · v'``, not a nest, so a chain of n
    compositions stays flat."""
    if isinstance(e, node):
        return fn(e)
    if not has_hole(e, node):
        return e
    if isinstance(e, Mul) and isinstance(e.factors[-1], node):
        *rest, last = (replace_holes(c, node, fn, merge) for c in e.factors)
        merged = merge(tuple(rest), last)
        return merged if merged is not None else Mul((*rest, last))
    return with_children(e, tuple(replace_holes(c, node, fn, merge) for c in children(e)))


def holes(e: Expr, node: type[H]) -> list[H]:
    """The outermost holes of type ``node`` in ``e``, in written order."""
    found: list[H] = []

    def keep(h: H) -> Expr:
        found.append(h)
        return h

    replace_holes(e, node, keep, lambda rest, last: None)
    return found


@dataclass(slots=True)
class Budget:
    """A cap on rule applications (``max_nodes``) and wall time (``max_seconds``), checked as
    the rules apply; the caller's ``call_with_limit`` also interrupts work between rules."""

    max_steps: int
    deadline: float
    seconds: float
    doing: str = "differentiating"
    steps: int = 0

    def tick(self) -> None:
        self.steps += 1
        if self.steps > self.max_steps:
            raise LimitError(
                "max_nodes", f"more than {self.max_steps:,} rule applications; the limit is max_nodes"
            )
        if self.steps % 256 == 0 and time.monotonic() > self.deadline:
            raise over_time(self.doing, self.seconds)


@dataclass(slots=True)
class Worked:
    """The lines of one problem's holes being filled, ending with no hole, and any
    let-bindings used; ``unknown`` says why the work stopped when a hole has no rule."""

    lines: list[Line] = field(default_factory=list)
    bindings: list[Binding] = field(default_factory=list)
    unknown: str = ""


class Rewriter(Generic[H]):
    """Rewrites the holes of one kind for one problem, remembering each hole's rule: a hole
    looked at to decide the grouping of a line, and met again in the next line, is matched
    once.  The memo is by identity (the next line holds the very hole objects a rule made):
    comparing deep holes structurally would cost their depth, and recursion."""

    def __init__(self, kind: HoleKind[H], budget: Budget) -> None:
        self.kind = kind
        self.budget = budget
        self._found: dict[int, tuple[H, Found | None]] = {}

    def find(self, hole: H) -> Found | None:
        known = self._found.get(id(hole))
        if known is None:
            known = self._found[id(hole)] = (hole, self.kind.find(hole))  # (the hole kept alive)
        return known[1]

    def rewrite(self, hole: H, linear_only: bool = False, nested: bool = False) -> tuple[Expr, Step]:
        """Apply the hole's rule, continuing into the holes the kind sees through.  With
        ``linear_only``, only linear rules continue (a problem first split into its terms).
        Zeros and ones are folded once, by the outermost call, over everything it produced."""
        self.budget.tick()
        node = self.kind.node
        if any(has_hole(c, node) for c in children(hole)):
            raise self.kind.nested()
        found = self.find(hole)
        if found is None:
            raise NoRule(hole)
        substeps: list[Step] = [Step(i, hole, found.result) for i in found.ids[1:]]
        substeps.extend(found.substeps)

        def continue_into(child: H) -> Expr:
            child_found = self.find(child)
            if child_found is None or (linear_only and child_found.kind is not Kind.LINEAR):
                return child
            if not self.kind.see_through(found, child, self.find):
                return child
            new, step = self.rewrite(child, linear_only, nested=True)
            substeps.append(step)
            return new

        result = found.result
        if found.kind is not Kind.LEAF:
            result = replace_holes(result, node, continue_into, self.kind.merge_product)
        folded = result if nested else self.kind.fold(result, hole)
        if folded is not result:
            substeps.append(Step(RuleId.FOLD_CONSTANTS, result, folded))
        return folded, Step(found.ids[0], hole, folded, tuple(substeps))

    def next_line(self, expr: Expr, detail: str) -> Line:
        """One round: every hole of ``expr`` rewritten (``detail="full"``: the first one only,
        by one rule, nothing folded)."""
        node, steps = self.kind.node, []
        if detail == "full":
            done = False

            def one(h: H) -> Expr:
                nonlocal done
                if done:
                    return h
                done = True
                if any(has_hole(c, node) for c in children(h)):
                    raise self.kind.nested()
                found = self.find(h)
                if found is None:
                    raise NoRule(h)
                self.budget.tick()
                rest = tuple(Step(i, h, found.result) for i in found.ids[1:])
                steps.append(Step(found.ids[0], h, found.result, rest + found.substeps))
                return found.result

            return Line(replace_holes(expr, node, one, self.kind.merge_product), tuple(steps))

        def each(h: H) -> Expr:
            new, step = self.rewrite(h)
            steps.append(step)
            return new

        filled = replace_holes(expr, node, each, self.kind.merge_product)
        tidied, tidy_steps = self.kind.tidy_line(filled)
        if tidy_steps:
            steps.append(Step(RuleId.FOLD_CONSTANTS, filled, tidied, tidy_steps))
        return Line(tidied, tuple(steps))


def work(
    first: Line, rewriter: Rewriter[H], worked: Worked, detail: str, *, max_lines: int | None = None
) -> Worked:
    """Rounds after ``first`` until no hole of the kind is left, appended to ``worked``; a hole
    with no rule ends the work with a line saying so (``worked.unknown``)."""
    line = first
    node = rewriter.kind.node
    while has_hole(line.expr, node):
        if max_lines is not None and len(worked.lines) >= max_lines:
            raise StepcalcError(f"the work needs more than {max_lines} lines")
        try:
            line = rewriter.next_line(line.expr, detail)
        except NoRule as stuck:
            assert isinstance(stuck.hole, node)
            worked.unknown, shown = rewriter.kind.no_rule(stuck.hole)
            worked.lines.append(Line(line.expr, (Step(RuleId.UNKNOWN, shown, shown),), note=worked.unknown))
            return worked
        worked.lines.append(line)
    return worked


def complete(hole: H, kind: HoleKind[H], budget: Budget, max_nesting: int | None = None) -> Expr:
    """The hole filled completely, every new hole at once, without lines (the checker's
    exact result).  Raises ``NoRule`` when some hole has none, ``LimitError`` past the budget.

    A hole met again inside its own filling is a cycle (parts taking ∫ tan⁵x cos 2x to
    ∫ sin 2x tan⁴x sec²x and back), and, when ``max_nesting`` is given, one nested deeper is
    taken for one: both are ``NoRule``, so a trial fails rather than recursing without end.
    (A derivative's holes shrink, so they never cycle; only the expression bounds them.)"""
    open_holes: set[Expr] = set()

    def fill(h: H) -> Expr:
        budget.tick()
        if h in open_holes or (max_nesting is not None and len(open_holes) >= max_nesting):
            raise NoRule(h)
        found = kind.find(h)
        if found is None:
            raise NoRule(h)
        open_holes.add(h)
        try:
            return map_bottom_up(found.result, lambda n: fill(n) if isinstance(n, kind.node) else n)
        finally:
            open_holes.discard(h)

    return fill(hole)
