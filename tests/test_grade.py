"""Batch grading: formats, order, bad rows, failures and timeouts, atomic output, summary."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from stepcalc import check
from stepcalc.errors import StepcalcError
from stepcalc.grade import GradeOptions, grade_file, grade_row, grade_rows, read_rows, summary, summary_text

ROWS = [
    ("ann", "sin(x^2)", "2x cos(x^2)", "correct"),
    ("bob", "sin(x^2)", "cos(x^2)", "incorrect"),
    ("cid", "e^x cos x", "e^x (cos x - sin x)", "correct"),
    ("dan", "e^x cos x", "-e^x sin x", "incorrect"),
    ("eve", "x^3", "3x^2 +", "invalid"),
    ("fay", "x^3", "3x^2", "correct"),
]


def write_csv(path: Path, rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "problem", "answer"])
        for row in rows:
            writer.writerow(row[:3])
    return path


def test_csv_in_csv_out_in_order(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "answers.csv", ROWS)
    out, table = grade_file(source, workers=2, show_progress=False)
    assert out == tmp_path / "answers.graded.csv"
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["student"] for r in rows] == [r[0] for r in ROWS]
    assert [r["verdict"] for r in rows] == [r[3] for r in ROWS]
    assert rows[1]["mistake"] == "chain_factor_forgotten"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []  # no temporary left
    by_problem = {r["problem"]: r for r in table}
    assert by_problem["sin(x^2)"]["correct"] == 1 and by_problem["sin(x^2)"]["incorrect"] == 1
    assert by_problem["sin(x^2)"]["top_mistake"] == "chain_factor_forgotten"
    assert by_problem["x^3"]["mean_score"] == 0.5


def test_jsonl_in_and_out(tmp_path: Path) -> None:
    source = tmp_path / "answers.jsonl"
    lines = [json.dumps({"student": s, "problem": p, "answer": a}) for s, p, a, _ in ROWS]
    source.write_text("\n".join([*lines, "not json", '{"student": "x"}']) + "\n", encoding="utf-8")
    out, _ = grade_file(source, tmp_path / "out.jsonl", workers=1, show_progress=False)
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["verdict"] for r in results] == [r[3] for r in ROWS] + ["invalid", "invalid"]
    assert "line 7" in results[6]["feedback"] and "needs the fields" in results[7]["feedback"]


def test_malformed_csv_row_is_reported_not_lost(tmp_path: Path) -> None:
    source = tmp_path / "a.csv"
    source.write_text("student,problem,answer\nann,x^2,2x\nbob,x^2\ncid,x^2,2x,extra\n", encoding="utf-8")
    rows = read_rows(source)
    assert len(rows) == 3
    results = grade_rows(rows, workers=1)
    assert [r["verdict"] for r in results] == ["correct", "invalid", "invalid"]
    assert "row 3" in results[1]["feedback"]


def test_missing_columns_and_unreadable_files(tmp_path: Path) -> None:
    source = tmp_path / "a.csv"
    source.write_text("name,answer\nann,2x\n", encoding="utf-8")
    with pytest.raises(StepcalcError, match="missing student, problem"):
        read_rows(source)
    with pytest.raises(StepcalcError, match="cannot read"):
        read_rows(tmp_path / "absent.csv")
    (tmp_path / "b.csv").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(StepcalcError, match="not UTF-8"):
        read_rows(tmp_path / "b.csv")


def test_a_failing_row_is_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    real = check.check_answer

    def flaky(problem: str, answer: str, *args: Any, **kwargs: Any) -> Any:
        if answer == "boom":
            raise RuntimeError("simulated bug")
        return real(problem, answer, *args, **kwargs)

    monkeypatch.setattr(check, "check_answer", flaky)
    rows = [
        {"student": "a", "problem": "x^2", "answer": "boom"},
        {"student": "b", "problem": "x^2", "answer": "2x"},
    ]
    results = grade_rows(rows, workers=1)
    assert [r["verdict"] for r in results] == ["unknown", "correct"]
    assert "internal error" in results[0]["feedback"]


def test_a_slow_row_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(30)

    monkeypatch.setattr(check, "check_answer", slow)
    start = time.monotonic()
    result = grade_row({"student": "a", "problem": "x^2", "answer": "2x"}, GradeOptions(seconds=0.2))
    assert result["verdict"] == "unknown" and result["feedback"] == "time budget exceeded"
    assert time.monotonic() - start < 5


def test_bad_problem_is_unknown_for_that_row() -> None:
    result = grade_row({"student": "a", "problem": "x +", "answer": "1"}, GradeOptions())
    assert result["verdict"] == "unknown" and result["feedback"].startswith("problem:")


def test_summary_text() -> None:
    results = [
        {"problem": "x^2", "verdict": "correct", "score": 1.0, "mistake": None},
        {"problem": "x^2", "verdict": "incorrect", "score": 0.0, "mistake": "constant_dropped"},
    ]
    text = summary_text(summary(results))
    assert text.splitlines()[0].split()[:3] == ["problem", "answers", "correct"]
    assert "x^2" in text and "0.50" in text and "constant_dropped" in text


def test_cli_grade(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "answers.csv", ROWS)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "stepcalc",
            "grade",
            str(source),
            "-o",
            str(tmp_path / "v.jsonl"),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["output"].endswith("v.jsonl") and len(data["summary"]) == 3
    assert len((tmp_path / "v.jsonl").read_text(encoding="utf-8").splitlines()) == len(ROWS)
    assert out.stderr == ""  # no progress bar when stderr is not a terminal
    bad = subprocess.run(
        [sys.executable, "-m", "stepcalc", "grade", str(tmp_path / "none.csv")],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "cannot read" in bad.stderr and "Traceback" not in bad.stderr
