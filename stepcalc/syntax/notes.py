"""Reading notes: what the parser read other than exactly as written (``Sin x`` read as sin x).

The builder adds a note while the parser runs; ``collecting`` gathers the notes of one parse
(per thread and per task: a ``ContextVar``), and ``stepcalc.parse.parse_with_notes`` returns
them with the tree as a ``Reading``.  A checker shows them beside its verdict.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from stepcalc.expr import Expr, children, with_children
from stepcalc.languages import phrases

__all__ = ["Decision", "Note", "Reading", "add", "bracketed", "collecting", "decide", "juxtaposed", "mark"]


@dataclass(frozen=True, slots=True)
class Note:
    """One reading note: its kind, the column (1-based) and line of what was written, and
    what it was read as."""

    kind: str
    written: str
    read: str
    column: int
    line: int = 1

    def text(self, lang: str = "en") -> str:
        """The note in words (``read 'Sin' as sin``)."""
        return phrases(lang)[f"note.{self.kind}"].format(written=self.written, read=self.read)


@dataclass(frozen=True, slots=True)
class Decision:
    """A place where juxtaposition decided the reading and another reading is plausible:
    ``node`` as read, ``other`` as the other reading has it (``cos x e^x``: cos(x eˣ), or
    cos(x)·eˣ).  ``kind``: argument, power, denominator or exponent."""

    kind: str
    node: Expr
    other: Expr


@dataclass(frozen=True, slots=True)
class Reading:
    """What ``parse_with_notes`` returns: the tree, the notes on how it was read, and the
    places where another reading was plausible."""

    expr: Expr
    notes: tuple[Note, ...] = ()
    decisions: tuple[Decision, ...] = ()

    def alternatives(self) -> list[tuple[Decision, Expr]]:
        """The whole tree as each other reading has it (one decision changed at a time)."""
        return [(d, _replaced(self.expr, d.node, d.other)) for d in self.decisions]


def _replaced(e: Expr, node: Expr, other: Expr) -> Expr:
    """``e`` with the node ``node`` (that very object) replaced by ``other``."""
    if e is node:
        return other
    kids = children(e)
    if not kids:
        return e
    new = tuple(_replaced(k, node, other) for k in kids)
    return e if all(a is b for a, b in zip(new, kids, strict=True)) else with_children(e, new)


@dataclass
class _Parse:
    """What one parse gathers: its notes and decisions, and which nodes were written as a
    bracket or built by juxtaposition (by ``id``: the nodes live as long as the parse)."""

    notes: list[Note] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    bracketed: set[int] = field(default_factory=set)
    juxtaposed: set[int] = field(default_factory=set)


_STATE: ContextVar[_Parse | None] = ContextVar("stepcalc_parse_state", default=None)


@contextmanager
def collecting() -> Iterator[_Parse]:
    """What the parse in the block gathers (a fresh record; nested parses keep their own)."""
    found = _Parse()
    token = _STATE.set(found)
    try:
        yield found
    finally:
        _STATE.reset(token)


def add(note: Note) -> None:
    """Record ``note`` for the parse under way (nothing happens outside ``collecting``); a
    token seen again (building another reading of it) is noted once."""
    state = _STATE.get()
    if state is not None and note not in state.notes:
        state.notes.append(note)


def decide(kind: str, node: Expr, other: Expr) -> None:
    """Record that ``node`` could also have been read as ``other``."""
    state = _STATE.get()
    if state is not None:
        state.decisions.append(Decision(kind, node, other))


def mark(node: Expr, how: str) -> Expr:
    """Remember that ``node`` was written in brackets (``how="bracketed"``) or built by
    juxtaposition (``"juxtaposed"``); returns it."""
    state = _STATE.get()
    if state is not None:
        (state.bracketed if how == "bracketed" else state.juxtaposed).add(id(node))
    return node


def juxtaposed(node: Expr) -> bool:
    """Whether ``node`` is a product written by juxtaposition, without brackets around it."""
    state = _STATE.get()
    return state is not None and id(node) in state.juxtaposed and id(node) not in state.bracketed


def bracketed(node: Expr) -> bool:
    state = _STATE.get()
    return state is not None and id(node) in state.bracketed
