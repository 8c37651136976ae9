"""Batch grading: formats, order, bad rows, failures and timeouts, atomic output, summary."""

from __future__ import annotations

import contextlib
import csv
import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from stepcalc.errors import StepcalcError
from stepcalc.tasks import check
from stepcalc.tasks.grade import (
    GradeOptions,
    GradeStopped,
    grade_file,
    grade_row,
    grade_rows,
    read_rows,
    summary,
    summary_text,
)
from stepcalc.tasks.journal import Journal, journal_path

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
    by_problem = {r["problem"]: r for r in table.problems}
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
        while True:  # Python work: the row's own budget interrupts it, in its thread
            sum(range(1000))

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


# ---------------------------------------------------------------- faults
# Graders that misbehave on purpose, run in the worker processes (fork: defined here is enough).
def _faulty(row: dict[str, str], options: GradeOptions) -> dict[str, Any]:
    answer = row["answer"]
    if answer == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    if answer == "hang":
        time.sleep(120)  # blocked in C: no budget inside the worker can interrupt this
    if answer == "raise":
        raise RuntimeError("a bug in the grader")
    if answer == "exit":
        os._exit(3)
    return {**row, "verdict": "correct", "score": 1.0, "mistake": None, "feedback": answer}


def _counting(row: dict[str, str], options: GradeOptions) -> dict[str, Any]:
    """Records each row it grades (to show which rows a resumed run grades again)."""
    with open(os.environ["STEPCALC_TEST_COUNTER"], "a", encoding="utf-8") as handle:
        handle.write(row["student"] + "\n")
    return _faulty(row, options)


def _rows(answers: list[str]) -> list[dict[str, str]]:
    return [{"student": f"s{k}", "problem": "x^2", "answer": a} for k, a in enumerate(answers)]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_killed_or_crashing_worker_costs_only_its_row(workers: int) -> None:
    answers = ["ok", "die", "ok", "raise", "ok", "exit", "ok", "die", "ok"]
    results = grade_rows(_rows(answers), workers=workers, grader=_faulty)
    assert [r["student"] for r in results] == [f"s{k}" for k in range(len(answers))]
    verdicts = [r["verdict"] for r in results]
    assert verdicts == ["unknown" if a != "ok" else "correct" for a in answers]
    assert "died (signal 9)" in results[1]["feedback"]
    assert "RuntimeError" in results[3]["feedback"]
    assert "died (exit code 3)" in results[5]["feedback"]


def test_a_worker_hung_in_c_code_is_killed() -> None:
    start = time.monotonic()
    options = GradeOptions(seconds=0.1)  # the row's budget 1.2 s; the worker is killed at 3.4 s
    results = grade_rows(_rows(["ok", "hang", "ok", "ok"]), options, workers=2, grader=_faulty)
    assert [r["verdict"] for r in results] == ["correct", "unknown", "correct", "correct"]
    assert results[1]["feedback"] == "time budget exceeded (the worker was stopped)"
    assert time.monotonic() - start < 30  # a hang guard


def test_resumed_rows_are_not_graded_again() -> None:
    rows = _rows(["a", "b", "c", "d"])
    done = {1: {**rows[1], "verdict": "incorrect", "score": 0.0, "mistake": None, "feedback": "earlier"}}
    seen: list[int] = []
    results = grade_rows(rows, workers=2, grader=_faulty, done=done, on_result=lambda i, r: seen.append(i))
    assert sorted(seen) == [0, 2, 3]
    assert [r["verdict"] for r in results] == ["correct", "incorrect", "correct", "correct"]


def _answers_file(path: Path, answers: list[str]) -> Path:
    return write_csv(path, [(f"s{k}", "x^2", a) for k, a in enumerate(answers)])


def _graded(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [r["student"] for r in csv.DictReader(handle)]


def test_full_disk_while_journaling_keeps_the_old_output_and_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = tmp_path / "counter"
    monkeypatch.setenv("STEPCALC_TEST_COUNTER", str(counter))
    source = _answers_file(tmp_path / "a.csv", [f"v{k}" for k in range(12)])
    out = tmp_path / "verdicts.csv"
    out.write_text("the previous complete output\n", encoding="utf-8")
    real_add = Journal.add
    calls = {"n": 0}

    def add(self: Journal, index: int, result: dict[str, Any]) -> None:
        calls["n"] += 1
        if calls["n"] > 5:
            raise OSError(errno.ENOSPC, "No space left on device", str(self.path))
        real_add(self, index, result)

    monkeypatch.setattr(Journal, "add", add)
    with pytest.raises(GradeStopped) as info:
        grade_file(source, out, workers=2, show_progress=False, grader=_counting)
    assert info.value.exit_code == 1
    assert "No space left on device" in str(info.value) and "run the same command again" in str(info.value)
    assert out.read_text(encoding="utf-8") == "the previous complete output\n"
    assert journal_path(out).exists()

    monkeypatch.setattr(Journal, "add", real_add)
    counter.write_text("", encoding="utf-8")
    grade_file(source, out, workers=2, show_progress=False, grader=_counting)
    assert _graded(out) == [f"s{k}" for k in range(12)]  # every row once, in order
    assert len(counter.read_text(encoding="utf-8").split()) == 12 - 5  # the 5 journaled rows were kept
    assert not journal_path(out).exists()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_full_disk_while_writing_the_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counter = tmp_path / "counter"
    monkeypatch.setenv("STEPCALC_TEST_COUNTER", str(counter))
    source = _answers_file(tmp_path / "a.csv", ["p", "q", "r"])
    out = tmp_path / "verdicts.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    real_fsync = os.fsync

    def full(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}").endswith(".tmp"):  # the output's temporary file
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(GradeStopped, match="No space left"):
        grade_file(source, out, workers=1, show_progress=False, grader=_counting)
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    monkeypatch.setattr(os, "fsync", real_fsync)
    counter.write_text("", encoding="utf-8")
    grade_file(source, out, workers=1, show_progress=False, grader=_counting)
    assert counter.read_text(encoding="utf-8") == ""  # all three came from the journal
    assert [json.loads(line)["student"] for line in out.read_text(encoding="utf-8").splitlines()] == [
        "s0",
        "s1",
        "s2",
    ]


def test_a_journal_of_other_input_or_options_is_set_aside(tmp_path: Path) -> None:
    source = _answers_file(tmp_path / "a.csv", ["p", "q"])
    out = tmp_path / "v.csv"
    journal = journal_path(out)
    journal.write_text(
        '{"journal": [1, "someone else"]}\n{"i": 0, "r": {"verdict": "stale"}}\n', encoding="utf-8"
    )
    grade_file(source, out, workers=1, show_progress=False, grader=_faulty)
    with out.open(encoding="utf-8") as handle:
        assert [r["verdict"] for r in csv.DictReader(handle)] == ["correct", "correct"]


def test_a_torn_journal_line_is_ignored(tmp_path: Path) -> None:
    j = Journal(tmp_path / "j", "f")
    j.open({})
    j.add(0, {"verdict": "correct"})
    j.add(2, {"verdict": "incorrect"})
    j.close()
    with (tmp_path / "j").open("a", encoding="utf-8") as handle:
        handle.write('{"i": 1, "r": {"verd')  # killed mid-write
    assert Journal(tmp_path / "j", "f").read() == {0: {"verdict": "correct"}, 2: {"verdict": "incorrect"}}
    assert Journal(tmp_path / "j", "other input").read() == {}


def test_ctrl_c_keeps_the_output_whole_and_a_rerun_resumes(tmp_path: Path) -> None:
    problems = ["sin(x^2)", "e^x cos x", "x^3 ln x", "(x+1)/(x-1)", "sqrt(1 + x^2)"]
    rows = [(f"s{k}", problems[k % 5], f"{k % 7}x^2 + cos x") for k in range(800)]
    source = write_csv(tmp_path / "class.csv", rows)
    out = tmp_path / "class.graded.csv"
    journal = journal_path(out)
    command = [sys.executable, "-m", "stepcalc", "grade", str(source), "--workers", "2"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # until some verdicts are journaled
        if journal.exists() and len(journal.read_text(encoding="utf-8").splitlines()) > 20:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "interrupted" in err and "run the same command again" in err and "Traceback" not in err
    assert not out.exists()  # no output rather than a partial one
    kept = 0  # whole lines only: the interruption may have torn the last one
    for line in journal.read_text(encoding="utf-8").splitlines()[1:]:
        with contextlib.suppress(ValueError):
            kept += "i" in json.loads(line)
    assert 0 < kept < len(rows)

    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"resuming: {kept} of {len(rows)}" in again.stderr
    assert _graded(out) == [r[0] for r in rows]
    assert not journal.exists()


def test_a_lone_surrogate_in_jsonl_is_an_invalid_row(tmp_path: Path) -> None:
    # found by fuzzing: JSON can spell "\udcff", which no UTF-8 output file can hold
    src = tmp_path / "answers.jsonl"
    src.write_text(
        '{"student": "a", "problem": "x^2", "answer": "2x\\udcff"}\n'
        '{"student": "b", "problem": "x^2", "answer": "2x"}\n',
        encoding="utf-8",
    )
    rows = read_rows(src)
    assert rows[0]["_error"] == "line 1: not Unicode text" and "_error" not in rows[1]
