"""Chinese (简体中文): every word stepcalc shows a person, by key (see ``stepcalc.languages.en``).

Terms follow the Chinese calculus textbooks: 乘法法则, 除法法则, 链式法则, 偏导数, 梯度.
``ERRORS`` (stepcalc.languages.zh_errors) translates the error messages.

The table is written in four parts, by topic, and put together here in their order (as in
``stepcalc.languages.en``): ``zh_rules``, ``zh_tasks``, ``zh_feedback`` and ``zh_labels``.
"""

from __future__ import annotations

from stepcalc.languages.zh_errors import ERRORS
from stepcalc.languages.zh_feedback import FEEDBACK
from stepcalc.languages.zh_labels import LABELS
from stepcalc.languages.zh_optimise import OPTIMISE
from stepcalc.languages.zh_rules import RULES
from stepcalc.languages.zh_tasks import TASKS

__all__ = ["ERRORS", "PHRASES"]

PHRASES: dict[str, str] = {**RULES, **TASKS, **FEEDBACK, **LABELS, **OPTIMISE}
