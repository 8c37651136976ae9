"""English: every word stepcalc shows a person, by key.

A language is this one table (and, for a language other than English, ``ERRORS``: its
translations of the error messages, which are raised in English).  tests/test_languages.py
checks that every language has every key, with the same places for values.

The table is written in four parts, by topic, and put together here in their order: the
rules (``en_rules``), the tasks' words (``en_tasks``), check and grade feedback
(``en_feedback``), and labels and UI (``en_labels``).
"""

from __future__ import annotations

from stepcalc.languages.en_feedback import FEEDBACK
from stepcalc.languages.en_labels import LABELS
from stepcalc.languages.en_optimise import OPTIMISE
from stepcalc.languages.en_rules import RULES
from stepcalc.languages.en_tasks import TASKS

__all__ = ["ERRORS", "PHRASES"]

ERRORS: dict[str, str] = {}  # errors are raised in English: nothing to translate

PHRASES: dict[str, str] = {**RULES, **TASKS, **FEEDBACK, **LABELS, **OPTIMISE}
