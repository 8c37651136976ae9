"""The one place that states stepcalc's limits.

Defaults serve a homework site: generous for anything a person types, small enough that
hostile input is refused quickly.  Every limit can be raised per call (API keyword
``limits=Limits(...)``) or on the CLI (``--max-length`` …).  Exceeding one raises
``LimitError`` naming it, never a partial result.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from stepcalc.errors import LimitError


@dataclass(frozen=True, slots=True)
class Limits:
    max_length: int = 20_000
    """Characters of input text."""
    max_depth: int = 1_500
    """Height of the expression tree (nesting of brackets, functions, powers, signs)."""
    max_nodes: int = 50_000
    """Nodes in one expression."""
    max_digits: int = 1_000
    """Digits of one number literal."""

    def check_length(self, text: str) -> None:
        if len(text) > self.max_length:
            raise LimitError(
                "max_length",
                f"input is {len(text)} characters long; the limit is {self.max_length} (max_length)",
            )


DEFAULT = Limits()


@contextmanager
def recursion_room(needed_depth: int) -> Iterator[None]:
    """Let recursive tree walks reach ``needed_depth`` levels.

    Trees are bounded by ``Limits.max_depth`` before any recursive walk starts, so the
    limit raised here is bounded too.  Python 3.11+ keeps pure-Python frames off the C
    stack, and a few C frames per level fit comfortably in the default thread stack.
    The limit is only ever raised, never lowered again: another thread may be relying on it.
    """
    wanted = needed_depth * 8 + 200
    if wanted > sys.getrecursionlimit():
        sys.setrecursionlimit(wanted)
    yield
