"""The name patterns of ``grammar/*.lark``, generated from the catalogue.

The grammars are the single source of syntax, so they hold these patterns written out;
tests/test_catalogue.py checks that each is exactly what this module generates from
``stepcalc.catalogue`` (and ``stepcalc.syntax.words``).  After adding a function, print
the new lines with ``python3 -m stepcalc.syntax.patterns`` and paste them into the grammars.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from stepcalc import names
from stepcalc.catalogue import SPELLINGS
from stepcalc.syntax.words import LISTED

__all__ = ["TERMINALS", "function_words", "main", "trie"]

# Names the grammars read as functions beside the catalogue's: a norm (a node of its own).
_OTHER_FUNCTIONS = ("norm",)
# Letter runs that are names only where the grammar reads them (a sum, a call of diff or D,
# an undefined function f, g, h before its bracket).
_CONDITIONAL = (r"sum(?![A-Za-z])", r"diff(?=\s*\()", r"D(?=\s*\()", r"[fgh](?=['′]*\s*\()")
# Read in any case (Sin, LN, ArcTan) except σ's name: a capital Sigma is too easily a sum.
_EXACT_CASE = ("sigma",)


def _longest_first(words: Iterable[str]) -> list[str]:
    return sorted(set(words), key=lambda w: (-len(w), w))


def function_words() -> list[str]:
    """The function names written with letters (lower case), longest first."""
    found = {w.lower() for w in SPELLINGS if w.isascii()} | set(_OTHER_FUNCTIONS)
    return _longest_first(found - set(_EXACT_CASE))


def exact_words() -> list[str]:
    """Names read only as they are written: Greek letters, pi, and sigma."""
    return _longest_first({*names.GREEK_NAMES.values(), *names.CAPITAL_GREEK, "pi", *_EXACT_CASE})


def trie(words: Iterable[str], *, exclusive: bool = False) -> str:
    """A regular expression matching any of ``words``, written as a tree of their letters
    (``s(?:ec|in(?:h|))``): the engine then tests each letter once instead of every word,
    and a longer word is always tried before a shorter one it begins with.

    ``exclusive``: at most one word matches at any place, because a word that begins a longer
    one is not matched where the longer one is (``sin(?!h)``); a pattern that repeats names
    (a run of letters read as names) then cannot fall back on a shorter name."""
    branches: dict[str, set[str]] = {}
    ends = False
    for w in words:
        if w:
            branches.setdefault(w[0], set()).add(w[1:])
        else:
            ends = True
    parts = [re.escape(c) + trie(rest, exclusive=exclusive) for c, rest in sorted(branches.items())]
    if ends and parts:
        longer = sorted({c + r for c, rest in branches.items() for r in rest})
        parts.append(f"(?!{'|'.join(map(re.escape, longer))})" if exclusive else "")
    if len(parts) == 1 and not ends:
        return parts[0]
    return "(?:" + "|".join(parts) + ")" if parts else ""


def names_pattern() -> str:
    """_NAME: a name at this place of a run of letters (functions in any case, Greek letters)."""
    functions, exact = function_words(), exact_words()
    clash = [(a, b) for a in functions for b in exact if a.startswith(b.lower()) or b.lower().startswith(a)]
    if clash:  # the two groups must not begin one another, or a run could be read two ways
        raise ValueError(f"names that begin one another: {clash}")
    parts = (*_CONDITIONAL, f"(?i:{trie(functions, exclusive=True)})", trie(exact, exclusive=True))
    return "(?:" + "|".join(parts) + ")"


def _shortest(words: Iterable[str]) -> list[str]:
    """The words no other word begins (sinh goes: a name begins wherever sin does)."""
    found = set(words)
    return sorted(w for w in found if not any(w != o and w.startswith(o) for o in found))


def begins_name() -> str:
    """Where a name begins (the shortest names suffice: a smaller expression to compile)."""
    functions, exact = _shortest(function_words()), _shortest(exact_words())
    return "(?:" + "|".join((*_CONDITIONAL, f"(?i:{trie(functions)})", trie(exact))) + ")"


def letter() -> str:
    """_LETTER: a one-letter symbol in a run of letters, a letter where no name begins."""
    return f"(?!{begins_name()})[A-Za-z]"


def listed() -> str:
    """_LISTED: the listed words (stepcalc.syntax.words), in any case, as a whole run; only
    those that four one-letter symbols in a row do not already make words (``derivative``
    is one anyway): the grammar is then smaller to compile."""
    four = re.compile(f"(?:{names_pattern()}|{letter()})*(?:{letter()}){{4}}[A-Za-z]*")
    return "(?i:" + trie(w for w in LISTED if not four.fullmatch(w)) + ")(?![A-Za-z])"


def fname() -> str:
    r"""FNAME of expr.lark: ``log_b`` with a subscript, then the names, longest first."""
    words = trie(function_words())
    return r"(?:log_(?:[0-9]+|[A-Za-z]|\{[0-9]+\})|(?i:" + words + ")|" + "|".join(_EXACT_CASE) + "|σ|√|∛)"


def symbol() -> str:
    """SYMBOL of expr.lark: one letter where no name (or d/d) begins, with a subscript."""
    return (
        rf"(?!{begins_name()}|d\s*\/\s*d\s*[A-Za-zα-ωΑ-Ω])(?:[A-Za-z]|[α-ρτ-ωΑ-Ω])"
        r"(?:_(?:[0-9]+|[A-Za-z]|\{[A-Za-z0-9]+\})|[0-9]+|[₀-₉]+)?"
    )


def const() -> str:
    """CONST: e (not where a name such as exp or erf begins, nor a subscripted e_1), pi, π."""
    tails = sorted({w[1:] for w in function_words() if w.startswith("e") and len(w) > 1})
    return "e(?![_0-9₀-₉]|" + "|".join(tails) + ")|pi|π"


def latex_plain_names() -> str:
    """_PLAIN_NAMES of latex.lark: the names as plain words, ``leaky\\_relu`` also with LaTeX's escape."""
    words = function_words()
    escaped = [w.replace("_", "\\_") for w in words if "_" in w]
    return "(?:(?i:" + trie([*words, *escaped]) + ")|" + "|".join(_EXACT_CASE) + ")"


def latex_commands() -> str:
    """_COMMAND_NAMES of latex.lark: \\sin, \\arctg, \\cosec … (not \\sqrt, read on its own,
    nor \\dot, LaTeX's accent)."""
    commands = [
        w for w in (*function_words(), *_EXACT_CASE) if w.isalpha() and w not in ("sqrt", "dot", "norm")
    ]
    return r"\\" + trie(commands) + r"(?![A-Za-z])"


# (grammar file, terminal) → its pattern
TERMINALS: dict[tuple[str, str], str] = {
    ("expr.lark", "FNAME"): fname(),
    ("expr.lark", "_NAME"): names_pattern(),
    ("expr.lark", "_LETTER"): letter(),
    ("expr.lark", "_LISTED"): listed(),
    ("expr.lark", "SYMBOL.1"): symbol(),
    ("expr.lark", "CONST.2"): const(),
    ("latex.lark", "_PLAIN_NAMES"): latex_plain_names(),
    ("latex.lark", "_COMMAND_NAMES"): latex_commands(),
    ("latex.lark", "_NAME"): names_pattern(),
    ("latex.lark", "_LETTER"): letter(),
    ("latex.lark", "_LISTED"): listed(),
}


def main() -> None:
    for (grammar, terminal), pattern in TERMINALS.items():
        print(f"// {grammar}\n{terminal}: /{pattern}/\n")


if __name__ == "__main__":
    main()
