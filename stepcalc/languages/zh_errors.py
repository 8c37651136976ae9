"""The Chinese of every message stepcalc shows: English template → Chinese template.

The key is the message as its f-string reads, each value replaced by ``{}`` (literal braces
doubled, as in a format string); the value refers to the values by position (``{0}``, ``{1}``…)
so that the word order can change.  ``stepcalc.messages`` explains how they are matched, and
tests/test_messages.py finds every message in the source and checks that it is here.

Terms: 第 N 列 (column N), 表达式, 导数, 偏导数, 梯度, 向量, 矩阵, 时间预算; code, option
names, limit names (max_digits), mathematics and quoted input stay as they are.

The catalogue is written in four parts, by topic, and put together here in their order: the
tasks' own errors (``zh_errors_tasks``), arguments and reading the input (``zh_errors_input``),
the mathematics (``zh_errors_maths``), and the command line's files, checking and grading
(``zh_errors_files``).
"""

from __future__ import annotations

from stepcalc.languages.zh_errors_files import FILES
from stepcalc.languages.zh_errors_input import INPUT
from stepcalc.languages.zh_errors_maths import MATHS
from stepcalc.languages.zh_errors_optimise import OPTIMISE
from stepcalc.languages.zh_errors_tasks import TASKS

__all__ = ["ERRORS"]

ERRORS: dict[str, str] = {**TASKS, **INPUT, **MATHS, **FILES, **OPTIMISE}
