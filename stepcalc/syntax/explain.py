"""lark's exceptions as messages in words, pointing at the column (the plain grammar's; the
LaTeX grammar adds its own in ``stepcalc.latex_parse``)."""

from __future__ import annotations

import re

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from stepcalc.catalogue import SPELLINGS
from stepcalc.errors import ParseError

__all__ = ["explain"]

_OPENERS = {")": "(", "]": "[", "}": "{"}
_EXPR_START = {
    "INT",
    "DECIMAL",
    "SCI",
    "SYMBOL",
    "GREEK",
    "CONST",
    "FUNC_CALL",
    "FUNC_BARE",
    "UFUNC",
    "DIFF_CALL",
    "_LPAR",
    "_LBRACK",
    "_LBRACE",
    "_BAR",
    "_NBAR",
    "MINUS",
    "DDX",
}


def _is_function_name(word: str) -> bool:
    """A function's name, in any case: "expected an argument after 'sin'"."""
    return word.startswith("log_") or word.lower() in _FUNCTION_NAMES


_FUNCTION_NAMES = frozenset({w.lower() for w in SPELLINGS} | {"norm"})
_BAD_NUMBER = re.compile(r"[0-9]*\.[0-9]+(?:\.[0-9]*)+|[0-9]+\.\.+[0-9]*")


def _describe(tok: Token | str) -> str:
    s = str(tok)
    return f"'{s}'" if s else "the end of the input"


def explain(e: UnexpectedInput, text: str) -> ParseError:
    """Turn lark's exception into a message in words, pointing at the column."""
    line, column = e.line if e.line > 0 else 1, e.column if e.column > 0 else 1
    if isinstance(e, UnexpectedCharacters):
        return _characters(e, text, line, column)
    if isinstance(e, UnexpectedEOF | UnexpectedToken):
        return _token(e, text, line, column)
    return ParseError(f"cannot read the input at column {column}", text, line, column)


def _characters(e: UnexpectedCharacters, text: str, line: int, column: int) -> ParseError:
    pos = e.pos_in_stream or 0
    ch = text[pos] if pos < len(text) else ""
    number = _BAD_NUMBER.match(text, pos)
    if ch in ")]}":
        msg = f"unmatched '{ch}' at column {column}"
    elif number:
        msg = f"'{number.group()}' at column {column} is not a number (more than one decimal point)"
    elif ch in "^*/+,=!;":
        msg = f"expected an expression before '{ch}' at column {column}"
    else:
        msg = f"unexpected character '{ch}' at column {column}"
    return ParseError(msg, text, line, column)


def _token(e: UnexpectedEOF | UnexpectedToken, text: str, line: int, column: int) -> ParseError:
    tok = getattr(e, "token", None)
    expected = set(getattr(e, "expected", ()) or ())
    at_end = tok is None or tok.type == "$END"
    if at_end:
        line, column = _end_position(text)
        unclosed = _unclosed(text)
        if unclosed is not None:
            ch, pos = unclosed
            return ParseError(f"'{ch}' at column {pos} is never closed", text, line, pos)
        separator = re.search(r"[,;]", text)
        if expected == {"_EQ"} and separator is not None:  # "x, y": no statement follows the comma
            column = separator.start() + 1
            return ParseError(f"unexpected '{separator.group()}' at column {column}", text, line, column)
    prev = _previous_token(text, column if not at_end else len(text.splitlines()[-1]) + 1)
    if expected & _EXPR_START:
        what = "an expression"
        if prev in ("^", "**"):
            what = "an exponent"
        elif _is_function_name(prev):
            what = "an argument"
        return ParseError(_expected(what, prev, column, None if at_end else tok), text, line, column)
    if tok is not None and str(tok) in _OPENERS:
        return ParseError(f"unmatched '{tok}' at column {column}", text, line, column)
    if tok is not None and str(tok) == "=":
        return ParseError(
            f"unexpected '=' at column {column}: a statement has at most two (z = f(x, y) = …)",
            text,
            line,
            column,
        )
    return ParseError(f"unexpected {_describe(tok or '')} at column {column}", text, line, column)


def _expected(what: str, prev: str, column: int, tok: Token | None) -> str:
    """One whole sentence for each shape (expected an expression after '+' at column 4, found
    ')'), so that each is one template of ``stepcalc.messages``."""
    if tok is None:
        if prev:
            return f"expected {what} after '{prev}' at column {column}"
        return f"expected {what} at column {column}"
    found = _describe(tok)
    if prev:
        return f"expected {what} after '{prev}' at column {column}, found {found}"
    return f"expected {what} at column {column}, found {found}"


def _end_position(text: str) -> tuple[int, int]:
    lines = text.splitlines() or [""]
    return len(lines), len(lines[-1].rstrip()) + 1


def _previous_token(text: str, column: int) -> str:
    """The non-blank run of text just before ``column`` (1-based), for messages."""
    before = text.splitlines()[-1][: column - 1].rstrip() if text.splitlines() else ""
    m = re.search(r"(\*\*|[^\sA-Za-z0-9_{}σ√∛α-ω]|[A-Za-z0-9_{}σ√∛α-ω]+)$", before)
    return m.group(1) if m else ""


def _unclosed(text: str) -> tuple[str, int] | None:
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in "([{":
            stack.append((ch, i + 1))
        elif ch in ")]}" and stack and stack[-1][0] == _OPENERS[ch]:
            stack.pop()
    if stack:
        return stack[-1]
    for bar in "|‖":
        bars = [i + 1 for i, ch in enumerate(text) if ch == bar]
        if len(bars) % 2:
            return bar, bars[-1]
    return None
