"""Ambiguous juxtapositions (issue 16, item 5): every verdict says how the answer was read, with
the brackets juxtaposition decided made explicit, and an answer that is wrong as read but right
as another plausible reading is ``ambiguous``, not ``incorrect``.  The four kinds are listed in
docs/grammar.md ("Ambiguities and how stepcalc reads them") and docs/checking.md."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from stepcalc.expr import Func, Num, Pow, Sym
from stepcalc.parse import parse, parse_with_notes
from stepcalc.printing import to_explicit
from stepcalc.tasks.check import check_answer, equivalent
from stepcalc.tasks.grade import GradeOptions, grade_file, grade_row
from stepcalc.tasks.working import check_working

DOC = Path(__file__).resolve().parent.parent / "docs" / "grammar.md"

# (kind, problem, answer right only as the other reading, how it is read, the other reading)
AMBIGUOUS = [
    ("argument", "e^x sin x", "e^x sin x + cos x e^x", "e^x sin(x) + cos(x e^x)", "e^x sin(x) + cos(x) e^x"),
    ("denominator", "x^2/4", "1/2x", "1/(2x)", "(1/2) x"),
    ("denominator", "x^3/6", "1/2x^2", "1/(2x^2)", "(1/2) x^2"),
    ("exponent", "e^(2x)/2", "e^2x", "e^2 x", "e^(2x)"),
    ("exponent", "2^(3x)/ln(8)", "2^3x", "2^3 x", "2^(3x)"),
    (
        "power",
        "x sin(x)^2",
        "sin x^2 + 2x sin x cos x",
        "sin(x^2) + 2x sin(x) cos(x)",
        "sin(x)^2 + 2x sin(x) cos(x)",
    ),
    ("power", "cos(x)^3/3 - cos(x)", "sin x^3", "sin(x^3)", "sin(x)^3"),
]


@pytest.mark.parametrize(
    ("kind", "problem", "answer", "read", "other"),
    [pytest.param(*row, id=f"{row[0]}:{row[2]}") for row in AMBIGUOUS],
)
def test_right_only_as_the_other_reading_is_ambiguous(
    kind: str, problem: str, answer: str, read: str, other: str
) -> None:
    v = check_answer(problem, answer)
    assert v.verdict == "ambiguous" and v.score == 0.5
    assert f"Read as {read}; if you meant {other}, the answer is correct" in v.feedback
    data = v.to_dict()
    assert data["read_as"]["text"] == read
    assert [r["text"] for r in data["readings"]] == [other]
    assert data["readings"][0]["verdict"] == "correct"
    assert data["readings"][0]["latex"]  # both readings carry LaTeX too
    kinds = [d.kind for d in parse_with_notes(answer).decisions]
    assert kind in kinds


def test_a_bare_argument_ending_at_an_operator_is_not_ambiguous() -> None:
    assert check_answer("x sin x", "sin x + x cos x").verdict == "correct"
    assert parse_with_notes("sin x + x cos x").decisions == ()


# Wrong under every reading: still incorrect, and the reading that decided is shown.
WRONG_EVERYWHERE = [
    ("e^x sin x", "e^x sin x + cos x e^(x+1)"),
    ("x^2/4", "1/3x"),
    ("e^(2x)/2", "e^3x"),
    ("x sin(x)^2", "sin x^2 + x sin x cos x"),
]


@pytest.mark.parametrize(("problem", "answer"), WRONG_EVERYWHERE)
def test_wrong_under_every_reading_stays_incorrect(problem: str, answer: str) -> None:
    v = check_answer(problem, answer)
    assert v.verdict == "incorrect" and v.score == 0.0
    assert v.readings is None
    assert v.to_dict()["read_as"]["text"] == to_explicit(parse(answer))


# Written with brackets, the same answers are never ambiguous: right or wrong as written.
BRACKETED = [
    ("e^x sin x", "e^x sin x + (cos x) e^x", "correct"),
    ("e^x sin x", "e^x sin x + cos(x e^x)", "incorrect"),
    ("x^2/4", "(1/2)x", "correct"),
    ("x^2/4", "1/(2x)", "incorrect"),
    ("e^(2x)/2", "e^(2x)", "correct"),
    ("e^(2x)/2", "e^2 * x", "incorrect"),
    ("x sin(x)^2", "(sin x)^2 + 2x sin x cos x", "correct"),
    ("x sin(x)^2", "sin(x^2) + 2x sin x cos x", "incorrect"),
]


@pytest.mark.parametrize(("problem", "answer", "verdict"), BRACKETED)
def test_bracketed_answers_are_not_ambiguous(problem: str, answer: str, verdict: str) -> None:
    assert check_answer(problem, answer).verdict == verdict
    assert parse_with_notes(answer).decisions == ()


def test_the_decisions_record_the_node_and_its_other_reading() -> None:
    x = Sym("x")
    (d,) = parse_with_notes("e^2x").decisions
    assert d.kind == "exponent"
    assert to_explicit(d.node) == "e^2 x"
    assert to_explicit(d.other) == "e^(2x)"
    (d,) = parse_with_notes("sin x^2").decisions
    assert d.kind == "power" and d.node == Func("sin", (Pow(x, Num(2)),))


def test_chinese_feedback_for_an_ambiguous_answer() -> None:
    v = check_answer("x^2/4", "1/2x", lang="zh")
    assert v.verdict == "ambiguous"
    assert "1/(2x)" in v.feedback and "(1/2) x" in v.feedback
    assert re.search(r"[\u4e00-\u9fff]", v.feedback)


# ---------------------------------------------------------------- working, equivalence, grading
def test_a_working_line_right_as_the_other_reading_is_ambiguous() -> None:
    w = check_working("e^x sin x", ["e^x sin x + cos x e^x", "= e^x (sin x + cos x)"])
    assert [c.status for c in w.lines] == ["ambiguous", "ok"]
    assert w.first_wrong is None and w.final == "correct"
    first = w.lines[0].to_dict()
    assert first["read_as"]["text"] == "e^x sin(x) + cos(x e^x)"
    assert "cos(x) e^x" in first["note"]
    w = check_working("e^x sin x", ["e^x sin x + cos x e^x"])
    assert w.final == "ambiguous"


def test_every_working_line_and_equivalence_carries_its_reading() -> None:
    w = check_working("x^2", ["2x", "2 x^1"])
    assert [c.to_dict()["read_as"]["text"] for c in w.lines] == ["2x", "2x^1"]
    e = equivalent("sin x^2", "sin(x^2)")
    assert e.equivalent is True
    assert [r["text"] for r in e.to_dict()["read_as"]] == ["sin(x^2)", "sin(x^2)"]


def test_grade_scores_ambiguity_as_the_teacher_chooses(tmp_path: Path) -> None:
    row = {"student": "ann", "problem": "x^2/4", "answer": "1/2x"}
    graded = grade_row(row, GradeOptions())
    assert graded["verdict"] == "ambiguous" and graded["score"] == 0.5
    assert graded["read_as"] == "1/(2x)"
    assert grade_row(row, GradeOptions(ambiguous=1.0))["score"] == 1.0
    assert grade_row(row, GradeOptions(ambiguous=0.0))["score"] == 0.0
    source = tmp_path / "a.csv"
    source.write_text("student,problem,answer\nann,x^2/4,1/2x\nbob,x^2/4,x/2\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "stepcalc",
            "grade",
            str(source),
            "--ambiguous-score",
            "0.25",
            "--workers",
            "1",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with (tmp_path / "a.graded.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["verdict"], r["score"], r["read_as"]) for r in rows] == [
        ("ambiguous", "0.25", "1/(2x)"),
        ("correct", "1.0", "x/2"),
    ]
    out, table = grade_file(source, workers=1, show_progress=False)
    assert out.exists() and "ambiguous" in json.dumps(table, default=str)


# ---------------------------------------------------------------- parse --format explicit
def test_parse_prints_the_explicit_reading_and_names_the_other() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "stepcalc", "parse", "e^x sin x + cos x e^x", "--format", "explicit"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.strip() == "e^x sin(x) + cos(x e^x)"
    assert "also readable as e^x sin(x) + cos(x) e^x (argument)" in done.stderr


def _doc_rows() -> list[tuple[str, str, str]]:
    rows, inside = [], False
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| You type | Explicit |"):
            inside = True
            continue
        if not line.startswith("|"):
            inside = False
        if inside and not line.startswith("|---"):
            cells = [c.strip() for c in line.split("|")[1:-1]]
            rows.append((cells[0].strip("`"), cells[1].strip("`"), cells[2]))
    return rows


def test_doc_explicit_table_is_what_stepcalc_says() -> None:
    rows = _doc_rows()
    assert len(rows) >= 6
    for typed, explicit, other in rows:
        found = parse_with_notes(typed)
        assert to_explicit(found.expr) == explicit, typed
        others = [to_explicit(e) for _, e in found.alternatives()]
        assert others == ([] if other.startswith("none") else [other.strip("`")]), typed


def test_a_note_is_given_once_though_the_other_reading_builds_the_function_again() -> None:
    assert [n.written for n in parse_with_notes("Sin x").notes] == ["Sin"]
    found = parse_with_notes("Sin x e^x")
    assert [n.written for n in found.notes] == ["Sin"] and len(found.decisions) == 1
