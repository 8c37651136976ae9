"""Reading notes: what the parser read other than exactly as written (``Sin x`` read as sin x).

The builder adds a note while the parser runs; ``collecting`` gathers the notes of one parse
(per thread and per task: a ``ContextVar``), and ``stepcalc.parse.parse_with_notes`` returns
them with the tree as a ``Reading``.  A checker shows them beside its verdict.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from stepcalc.expr import Expr

__all__ = ["Note", "Reading", "add", "collecting"]

_TEXT = {
    "case": ("read '{written}' as {read}", "将 '{written}' 读作 {read}"),
}


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
        return _TEXT[self.kind][1 if lang == "zh" else 0].format(written=self.written, read=self.read)


@dataclass(frozen=True, slots=True)
class Reading:
    """What ``parse_with_notes`` returns: the tree, and the notes on how it was read."""

    expr: Expr
    notes: tuple[Note, ...] = ()


_NOTES: ContextVar[list[Note] | None] = ContextVar("stepcalc_reading_notes", default=None)


@contextmanager
def collecting() -> Iterator[list[Note]]:
    """The notes added while the block runs (a fresh list; nested parses keep their own)."""
    found: list[Note] = []
    token = _NOTES.set(found)
    try:
        yield found
    finally:
        _NOTES.reset(token)


def add(note: Note) -> None:
    """Record ``note`` for the parse under way (nothing happens outside ``collecting``)."""
    found = _NOTES.get()
    if found is not None:
        found.append(note)
