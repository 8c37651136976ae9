"""stepcalc's typed errors.  The CLI turns each into one line and exit code 2 (bad input)."""

from __future__ import annotations


class StepcalcError(Exception):
    """Base of every error stepcalc raises on purpose."""

    exit_code = 2


class ParseError(StepcalcError, ValueError):
    """The input could not be read.  ``column`` (1-based) points at the offending character."""

    def __init__(self, message: str, text: str = "", line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.text = text
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return self.message

    def context(self) -> str:
        """The offending input line with a caret under the column (long lines are windowed)."""
        lines = self.text.splitlines() or [""]
        src = lines[min(self.line, len(lines)) - 1]
        col = max(self.column - 1, 0)
        start = max(0, col - 40)
        end = min(len(src), col + 40)
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(src) else ""
        shown = prefix + src[start:end] + suffix
        return f"{shown}\n{' ' * (len(prefix) + col - start)}^"


class LimitError(StepcalcError):
    """Input or work exceeded one of the limits in ``stepcalc.limits``; ``limit`` names it."""

    def __init__(self, limit: str, message: str) -> None:
        super().__init__(message)
        self.limit = limit


class UnsupportedError(StepcalcError):
    """A construct stepcalc reads but cannot work with (says which)."""


class ShapeError(StepcalcError):
    """Vector/matrix shapes do not fit together."""


class EngineError(StepcalcError):
    """The engine could not finish (step cap, time budget).  Internal failures exit 1."""

    exit_code = 1
