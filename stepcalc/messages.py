"""Messages in the reader's language: a gettext-like layer keyed by the English template.

stepcalc raises its errors (and the equality oracle gives its reasons) in English, built at
the place they arise: ``f"unmatched '{ch}' at column {column}"``.  They stay English in the
API, in logs and in the JSON a program reads; only what is shown to a person is translated,
at display time, by ``translate(message, lang)``.  So no raise site needs to know the
language, and a message can be searched for, compared and tested as the one English string.

Each language's catalogue (``ERRORS`` in its module, ``stepcalc.languages.zh_errors`` for Chinese)
is keyed like gettext's msgid, by
the English *template*: the f-string as it reads, each value replaced by ``{}`` (literal braces
doubled, as in a format string).  Its Chinese template names the values by position, ``{0}``,
``{1}``…, so that the word order can change::

    "unmatched '{}' at column {}": "第 {1} 列的 '{0}' 没有配对"

A message is translated by finding the template that reads it whole.  Each key becomes, once
and lazily, an anchored regular expression: each ``{}`` a group ``(.*?)`` (a value may be
empty), the text between them literal.  Each value is itself translated, so that a message
made of messages (``"answers.csv, row 3: <a parse error>"``, ``"checking the answer took
longer than …"``) is translated piece by piece; a value the template quotes (``'{}'``), or one
quoted whole, is input and is shown as typed.  When several templates match, the reading that
reads the most letters of the message wins: those of the template's text, of the input it
quotes, and those its values' readings read.  So ``"{} at column {}"`` does not take
``"…, row 3: expected an expression after '+' at column 4"`` apart at the wrong place, and
``"{}: {}"`` does not split the quoted input of ``"cannot read the sum 'a: b'"``.  Among equal
readings the template with the most literal characters wins, then the one with fewer values.
A message that no template reads is shown unchanged.

For that to work each sentence must be one template with its values apart: ``f"{a}{b}"`` cannot
be split again, so such a message is written as whole sentences at its raise site (see
``stepcalc.syntax.explain._expected``).  tests/test_messages.py finds every message in the
source and checks that its template is a key here.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from stepcalc.languages import LANGS, errors

__all__ = ["translate"]

_TOKEN = re.compile(r"(\{\{|\}\}|\{\})")
_QUOTES = "'\"`"
_DEPTH = 8  # messages inside messages: far more than any stepcalc builds


@dataclass(frozen=True, slots=True)
class _Template:
    key: str
    pattern: re.Pattern[str]
    literal: int  # characters of literal text: more of them, a closer reading
    letters: int  # letters of literal text: how much of a message the template reads
    needle: str  # its longest piece of literal text: a message without it cannot match
    verbatim: tuple[bool, ...]  # for each value: quoted in the template, shown as typed

    @property
    def rank(self) -> tuple[int, int]:
        return (-self.literal, len(self.verbatim))


def _compile(key: str) -> _Template:
    """The template of ``key``: ``(.*?)`` for each ``{}``, the rest literal, anchored."""
    pieces = _TOKEN.split(key)
    texts: list[str] = []  # the literal text before each value, and after the last
    current = ""
    for piece in pieces:
        if piece == "{}":
            texts.append(current)
            current = ""
        else:
            current += {"{{": "{", "}}": "}"}.get(piece, piece)
    texts.append(current)
    pattern = "(.*?)".join(re.escape(t) for t in texts)
    verbatim = tuple(
        bool(before) and bool(after) and before[-1] in _QUOTES and after[0] == before[-1]
        for before, after in itertools.pairwise(texts)
    )
    literal = "".join(texts)
    letters = sum(c.isalpha() for c in literal)
    needle = max(texts, key=len)
    return _Template(key, re.compile(pattern, re.DOTALL), len(literal), letters, needle, verbatim)


@functools.cache
def _templates(lang: str) -> tuple[dict[str, tuple[_Template, ...]], tuple[_Template, ...]]:
    """The templates by the first character of their text, and those that begin with a value
    (tried for every message); each list best first.  Built on first use."""
    leading: dict[str, list[_Template]] = {}
    anywhere: list[_Template] = []
    for key in errors(lang):
        template = _compile(key)
        if template.literal == 0:  # "{}" alone would read anything
            continue
        if key.startswith("{}"):
            anywhere.append(template)
        else:
            first = key[0]  # "{{" and "}}" begin with the character they stand for
            leading.setdefault(first, []).append(template)
    ordered = {k: tuple(sorted(v + anywhere, key=lambda t: t.rank)) for k, v in leading.items()}
    return ordered, tuple(sorted(anywhere, key=lambda t: t.rank))


def _candidates(message: str, lang: str) -> tuple[_Template, ...]:
    leading, anywhere = _templates(lang)
    return leading.get(message[:1], anywhere)


def _quoted(value: str) -> bool:
    """``'x: y'``: one quoted span, input shown as typed."""
    return len(value) >= 2 and value[0] in _QUOTES and value[-1] == value[0] and value[0] not in value[1:-1]


@functools.lru_cache(maxsize=4096)
def _reading(message: str, lang: str, depth: int = 0) -> tuple[str, int]:
    """``message`` in ``lang``, and how many of its letters are read (0: none): by a template's
    text, or as input the template quotes, or by the readings of its values."""
    best = (message, 0)
    if depth > _DEPTH or not message:
        return best
    for template in _candidates(message, lang):
        m = template.pattern.fullmatch(message) if template.needle in message else None
        if m is None:
            continue
        values, score = [], template.letters
        for value, verbatim in zip(m.groups(), template.verbatim, strict=True):
            if verbatim or _quoted(value):
                values.append(value)
                score += sum(c.isalpha() for c in value)
            else:
                text, read = _reading(value, lang, depth + 1)
                values.append(text)
                score += read
        if score > best[1]:
            try:
                best = (errors(lang)[template.key].format(*values), score)
            except (IndexError, KeyError, ValueError):  # an entry that cannot be formatted
                continue
    return best


def translate(message: str, lang: str = "en") -> str:
    """``message`` (an error's text, an oracle's reason) in ``lang``; English, an unknown
    language and anything not in the language's catalogue are returned unchanged.  Never raises."""
    if lang not in LANGS or not errors(lang) or not isinstance(message, str):
        return message
    try:
        return _reading(message, lang)[0]
    except Exception:  # a catalogue entry that cannot be formatted: show the English
        return message
