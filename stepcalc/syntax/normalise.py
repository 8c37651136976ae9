"""The one change made to the input before the grammar reads it: Unicode NFKC normalisation.

Input methods for Chinese, Japanese and Korean type full-width forms (``＋ － （ ） ２ ｘ``),
equation editors type mathematical letters (``𝑥``), and NFKC turns each into the character
the grammar reads (``+ - ( ) 2 x``; ``，`` ``；`` ``：`` into ``, ; :``, ``″`` into two primes).
Superscripts and subscripts are left as they are: the grammar reads ``x²`` as a power and
``x₁`` as a subscript, which NFKC would flatten into ``x2`` and ``x1``.

Each character is normalised on its own, so a column of the normalised text maps back to a
column of the input, and error messages point at what was typed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Normalised", "normalise"]


@dataclass(frozen=True, slots=True)
class Normalised:
    """The text the grammar reads, and where each of its characters came from in the input
    (``origin`` is None when every character maps to one: the usual case)."""

    text: str
    origin: tuple[int, ...] | None = None

    def position(self, source: str, line: int, column: int) -> tuple[int, int]:
        """The (line, column) of ``source`` that (line, column) of ``text`` came from."""
        if self.origin is None:
            return line, column
        lines = self.text.splitlines(keepends=True)
        offset = sum(len(s) for s in lines[: line - 1]) + column - 1
        at = self.origin[min(max(offset, 0), len(self.origin) - 1)] if self.origin else 0
        if offset >= len(self.origin):
            at = len(source) + offset - len(self.origin)
        before = source[:at]
        return before.count("\n") + 1, at - (before.rfind("\n") + 1) + 1

    def message(self, source: str, message: str, line: int) -> str:
        """``message`` with each "column N" it names mapped back to the input."""
        if self.origin is None:
            return message
        return re.sub(
            r"column (\d+)", lambda m: f"column {self.position(source, line, int(m[1]))[1]}", message
        )


@functools.lru_cache(maxsize=4096)
def _character(ch: str) -> str:
    if unicodedata.decomposition(ch).startswith(("<super>", "<sub>")):
        return ch
    return unicodedata.normalize("NFKC", ch)


def normalise(text: str) -> Normalised:
    """``text`` NFKC-normalised, character by character, except superscripts and subscripts."""
    if text.isascii():
        return Normalised(text)
    pieces = [ch if ch.isascii() else _character(ch) for ch in text]
    out = "".join(pieces)
    if len(out) == len(text):
        return Normalised(out)
    origin = tuple(i for i, piece in enumerate(pieces) for _ in piece)
    return Normalised(out, origin)
