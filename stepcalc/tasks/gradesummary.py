"""The summary of a graded class: per problem and per student, as text in en or zh and as data
for JSON."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from stepcalc.phrases import summary_word
from stepcalc.tasks.gradefiles import DELIMITERS

__all__ = ["VERDICTS", "Summary", "summary", "summary_text"]

VERDICTS = ("correct", "correct_but_form", "ambiguous", "incorrect", "invalid", "unknown")


@dataclass(frozen=True)
class Summary:
    """Per problem: answers, verdict counts, mean score, commonest mistake.  Per student:
    answers, score sum, verdict counts.  ``delimiter``: the answers CSV's (None: JSONL)."""

    problems: list[dict[str, Any]]
    students: list[dict[str, Any]]
    delimiter: str | None = None

    def to_dict(self) -> dict[str, Any]:
        # "summary" is the per-problem table, as it was before students were summed up
        return {"delimiter": self.delimiter, "summary": self.problems, "students": self.students}


def summary(results: Iterable[dict[str, Any]], delimiter: str | None = None) -> Summary:
    """The tables of a class's verdicts, problems and students in the order they first come."""
    by_problem: dict[str, list[dict[str, Any]]] = {}
    by_student: dict[str, list[dict[str, Any]]] = {}
    for r in results:
        by_problem.setdefault(r["problem"], []).append(r)
        by_student.setdefault(r.get("student", ""), []).append(r)
    problems = []
    for problem, rows in by_problem.items():
        scores = [r["score"] for r in rows if r["score"] is not None]
        mistakes = Counter(r["mistake"] for r in rows if r["mistake"])
        problems.append(
            {
                "problem": problem,
                "answers": len(rows),
                **_counts(rows),
                "mean_score": round(sum(scores) / len(scores), 3) if scores else None,
                "top_mistake": mistakes.most_common(1)[0][0] if mistakes else None,
            }
        )
    students = [
        {
            "student": student,
            "answers": len(rows),
            "score": round(sum(r["score"] for r in rows if r["score"] is not None), 3),
            **_counts(rows),
        }
        for student, rows in by_student.items()
    ]
    return Summary(problems, students, delimiter)


def _counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    verdicts = Counter(r["verdict"] for r in rows)
    return {v: verdicts.get(v, 0) for v in VERDICTS}


def summary_text(table: Summary, lang: str = "en") -> str:
    """The two tables, aligned (Chinese characters are two columns wide), and the delimiter."""

    def word(key: str) -> str:
        return summary_word(key, lang)

    counts = [word(v) for v in VERDICTS]
    problems = [
        [
            r["problem"][:30],
            str(r["answers"]),
            *(str(r[v]) for v in VERDICTS),
            "-" if r["mean_score"] is None else f"{r['mean_score']:.2f}",
            r["top_mistake"] or "-",
        ]
        for r in table.problems
    ]
    students = [
        [r["student"][:30] or "-", str(r["answers"]), f"{r['score']:.2f}", *(str(r[v]) for v in VERDICTS)]
        for r in table.students
    ]
    parts = [
        _aligned([word("problem"), word("answers"), *counts, word("mean"), word("top_mistake")], problems),
        _aligned([word("student"), word("answers"), word("score"), *counts], students),
    ]
    if table.delimiter is not None:
        parts.append(word("delimiter").format(word(DELIMITERS[table.delimiter])))
    return "\n\n".join(parts)


def _aligned(head: list[str], rows: list[list[str]]) -> str:
    widths = [max(_width(x) for x in column) for column in zip(head, *rows, strict=True)]
    lines = [
        "  ".join(x + " " * (w - _width(x)) for x, w in zip(line, widths, strict=True)).rstrip()
        for line in [head, *rows]
    ]
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns a terminal gives ``text``: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
