"""The languages stepcalc writes in: one module per language, named by its code (``en``, ``zh``).

A language module holds ``PHRASES``, every word stepcalc shows a person keyed by what it is
(``rule.product``, ``feedback.correct``, ``label.incorrect``…), and ``ERRORS``, its translations
of the error messages (keyed by their English templates; see ``stepcalc.messages``).  Adding a
language is adding its module here: the modules are found by name, and tests/test_languages.py
checks that each has every key of the English table with the same places for values.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["LANGS", "errors", "phrases"]


def _found() -> tuple[str, ...]:
    codes = sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.isalpha() and m.name.islower())
    return ("en", *(c for c in codes if c != "en"))


LANGS: tuple[str, ...] = _found()


def _check(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose {' or '.join(LANGS)}")


@functools.cache
def _module(lang: str) -> tuple[Mapping[str, str], Mapping[str, str]]:
    _check(lang)
    module = importlib.import_module(f"{__name__}.{lang}")
    return MappingProxyType(module.PHRASES), MappingProxyType(module.ERRORS)


def phrases(lang: str) -> Mapping[str, str]:
    """``lang``'s phrase table: key → text."""
    return _module(lang)[0]


def errors(lang: str) -> Mapping[str, str]:
    """``lang``'s translations of the error messages: English template → template."""
    return _module(lang)[1]
