"""Grading files as teachers have them: Excel's CSVs, problems files, per-row options, higher
derivatives, file permissions, per-student summaries in en and zh, and resuming."""

from __future__ import annotations

import csv
import errno
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stepcalc import check_answer
from stepcalc.errors import StepcalcError
from stepcalc.limits import DEFAULT
from stepcalc.tasks.grade import GradeOptions, grade_file, grade_row, read_rows, summary, summary_text
from stepcalc.tasks.gradefiles import read_answers, read_problems
from stepcalc.tasks.journal import Journal, journal_path


def _verdicts(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _cli(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stepcalc", *argv], capture_output=True, text=True, check=False, timeout=300
    )


# ---------------------------------------------------------------- reading the answers
@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("student,problem,answer\nann,x^2,2x\nbob,x^3,3x\n", ","),
        ("\ufeffstudent,problem,answer\r\nann,x^2,2x\r\nbob,x^3,3x\r\n", ","),  # Excel's "CSV UTF-8"
        (" Student , PROBLEM,Answer \nann,x^2,2x\nbob,x^3,3x\n", ","),
        ("Student;Problem;Answer\nann;x^2;2x\nbob;x^3;3x\n", ";"),
        ("\ufeffstudent\tproblem\tanswer\nann\tx^2\t2x\nbob\tx^3\t3x\n", "\t"),
        ("student;problem;answer\nann;x^2;2x\n;;\n\nbob;x^3;3x\n", ";"),  # empty rows are skipped
    ],
    ids=["comma", "bom", "header-case", "semicolon", "tab-bom", "empty-rows"],
)
def test_answers_as_excel_writes_them(tmp_path: Path, text: str, delimiter: str) -> None:
    source = tmp_path / "answers.csv"
    source.write_text(text, encoding="utf-8")
    answers = read_answers(source)
    assert answers.delimiter == delimiter
    assert answers.rows == [
        {"student": "ann", "problem": "x^2", "answer": "2x"},
        {"student": "bob", "problem": "x^3", "answer": "3x"},
    ]


def test_commas_inside_a_semicolon_file_are_part_of_the_answer(tmp_path: Path) -> None:
    source = tmp_path / "answers.csv"
    source.write_text("student;problem;answer\nann;max(x, 1);1\n", encoding="utf-8")
    assert read_rows(source) == [{"student": "ann", "problem": "max(x, 1)", "answer": "1"}]


def test_wrong_number_of_fields_names_the_line(tmp_path: Path) -> None:
    source = tmp_path / "answers.csv"
    source.write_text("student;problem;answer\nann;x^2;2x;\n\nbob;x^2\ncid;x^2;2x;more\n", encoding="utf-8")
    rows = read_rows(source)
    assert "_error" not in rows[0]  # an empty field after the last column is Excel's, not an error
    assert rows[1]["_error"] == "malformed CSV row 4: wrong number of fields"
    assert rows[2]["_error"] == "malformed CSV row 5: wrong number of fields"


def test_a_file_in_another_encoding_says_how_to_save_it(tmp_path: Path) -> None:
    source = tmp_path / "answers.csv"
    source.write_bytes("student,problem,answer\n张三,x^2,2x\n".encode("gbk"))
    with pytest.raises(StepcalcError, match=r"not UTF-8 text \(Excel: save as CSV UTF-8\)"):
        read_rows(source)


# ---------------------------------------------------------------- problems files
PROBLEMS_YAML = """\
p1: sin(x^2)
p2: {expr: x^3, order: 2}
p3:
  expr: x^2 y
  wrt: y
p4: {expr: (x+1)^2, form: expanded}
"""
PROBLEMS_CSV = "ID,Expr,Order,Wrt,Form\np1,sin(x^2),,,\np2,x^3,2,,\np3,x^2 y,,y,\np4,(x+1)^2,,,expanded\n"

CLASS = [
    ("ann", "p1", "2x cos(x^2)", "correct"),
    ("ann", "p2", "6x", "correct"),
    ("ann", "p3", "x^2", "correct"),
    ("ann", "p4", "2(x+1)", "correct_but_form"),
    ("bob", "p1", "cos(x^2)", "incorrect"),
    ("bob", "p2", "3x^2", "incorrect"),  # the first derivative where the second was asked
    ("bob", "P3", "x^2", "correct"),  # an id in another case
    ("bob", "p7", "1", "invalid"),  # the shape of an id, but not one
    ("bob", "x^3", "3x^2", "correct"),  # not an id: an expression, as without a problems file
]


def _class_csv(path: Path, delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(["Student", "Problem", "Answer"])
        writer.writerows(row[:3] for row in CLASS)
    return path


@pytest.mark.parametrize(("name", "text"), [("problems.yaml", PROBLEMS_YAML), ("problems.csv", PROBLEMS_CSV)])
def test_a_problems_file_names_problems_by_id(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    source = _class_csv(tmp_path / "answers.csv", ";")
    out, table = grade_file(source, problems=tmp_path / name, workers=2, show_progress=False)
    rows = _verdicts(out)
    assert [r["verdict"] for r in rows] == [row[3] for row in CLASS]
    assert rows[5]["feedback"].endswith("The derivative of order 2 is 6x.")
    assert rows[6]["problem"] == "p3"  # the id as the problems file spells it
    assert rows[7]["feedback"] == "unknown problem id 'p7' (the problems file has p1, p2, p3, p4)"
    assert [r["problem"] for r in table.problems] == ["p1", "p2", "p3", "p4", "p7", "x^3"]
    assert table.delimiter == ";"


def test_problems_file_as_a_list_and_with_other_names(tmp_path: Path) -> None:
    path = tmp_path / "problems.yml"
    path.write_text("- {id: 1, problem: x^2}\n- id: 2\n  expression: x^4\n  order: 3\n", encoding="utf-8")
    problems = read_problems(path, DEFAULT)
    assert [(p.id, p.expr, p.order) for p in problems.problems.values()] == [
        ("1", "x^2", None),
        ("2", "x^4", 3),
    ]
    (tmp_path / "p.csv").write_text("id;problem\nq1;x^2\n", encoding="utf-8")
    assert read_problems(tmp_path / "p.csv", DEFAULT).problems["q1"].expr == "x^2"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("p.yaml", "p1: {expr: x^2, ordre: 2}\n", r"problem 'p1': unknown field 'ordre'"),
        (
            "p.yaml",
            "p1: {expr: x^2, order: two}\n",
            r"problem 'p1': the order must be a whole number, not 'two'",
        ),
        ("p.yaml", "p1: {expr: x^2, order: 2.5}\n", r"the order must be a whole number, not '2.5'"),
        ("p.yaml", "p1: {expr: x^2, order: 0}\n", r"the order must be at least 1, not 0"),
        ("p.yaml", "p1: {expr: x^2, order: 99}\n", r"a derivative of order 99; the limit is 20"),
        ("p.yaml", "p1: {expr: x^2, form: neat}\n", r"unknown form 'neat'"),
        ("p.yaml", "p1: {order: 2}\n", r"problem 'p1': needs an expression \(expr\)"),
        ("p.yaml", "p1: [x, y]\n", r"the field 'expr' must be text or a number"),
        ("p.yaml", "- {id: a, expr: x}\n- {id: a, expr: y}\n", r"problem 2: the id 'a' is given twice"),
        ("p.yaml", "just some text\n", r"maps ids to expressions"),
        ("p.yaml", "p1: : x\n", r"not valid YAML at line 1"),
        ("p.yaml", "{}\n", r"has no problems"),
        ("p.csv", "name,expr\nq1,x^2\n", r"needs the columns id, expr; missing id"),
        ("p.csv", "id,formula\nq1,x^2\n", r"needs the columns id, expr; missing expr"),
        ("p.csv", "id,expr\nq1,x^2\nq1,x^3\n", r"row 3: the id 'q1' is given twice"),
        ("p.csv", "id,expr\nq1,x^2,3\n", r"row 2: wrong number of fields"),
        ("p.csv", "id,expr,order\nq1,x^2,-1\n", r"row 2: the order must be a whole number, not '-1'"),
    ],
)
def test_a_malformed_problems_file_is_one_clear_error(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(StepcalcError, match=message):
        read_problems(tmp_path / name, DEFAULT)


def test_cli_problems_file_errors_exit_2(tmp_path: Path) -> None:
    source = _class_csv(tmp_path / "answers.csv")
    (tmp_path / "p.yaml").write_text("p1: {expr: x^2, order: two}\n", encoding="utf-8")
    done = _cli("grade", str(source), "--problems", str(tmp_path / "p.yaml"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f"stepcalc: error: '{tmp_path / 'p.yaml'}', problem 'p1': the order must be a whole number, not 'two'"
    ]
    assert not (tmp_path / "answers.graded.csv").exists()


# ---------------------------------------------------------------- per-row order and wrt
def test_per_row_order_and_wrt_columns(tmp_path: Path) -> None:
    source = tmp_path / "answers.csv"
    source.write_text(
        "student,problem,answer,Order,WRT\n"
        "ann,x^2 y,2x y,,\n"
        "ann,x^2 y,x^2,,y\n"
        "ann,x^4,12x^2,2,\n"
        "ann,x^3 y^2,6x y^2,2,x\n"
        "bob,x^4,12x^2,two,\n"
        "bob,x^4,12x^2,0,\n",
        encoding="utf-8",
    )
    out, _ = grade_file(source, workers=2, show_progress=False)
    rows = _verdicts(out)
    assert [r["verdict"] for r in rows] == ["correct"] * 4 + ["invalid"] * 2
    assert rows[4]["feedback"] == "the order must be a whole number, not 'two'"
    assert rows[5]["feedback"] == "the order must be at least 1, not 0"


def test_a_row_says_more_than_its_problem_and_the_problem_more_than_the_options(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("p1: {expr: x^3 y^2, order: 2}\np2: x^3 y^2\n", encoding="utf-8")
    source = tmp_path / "answers.jsonl"
    lines = [
        {"student": "a", "problem": "p1", "answer": "6x y^2"},  # order 2 from the problem, x from --wrt
        {"student": "a", "problem": "p1", "answer": "2x^3", "wrt": "y"},  # the row's variable
        {"student": "a", "problem": "p1", "answer": "3x^2 y^2", "order": 1},  # the row's order
        {"student": "a", "problem": "p2", "answer": "0", "order": 3, "wrt": "y"},
    ]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    options = GradeOptions(wrt="x", order=1)
    out, table = grade_file(source, tmp_path / "v.jsonl", options, problems=tmp_path / "p.yaml", workers=1)
    verdicts = [json.loads(line)["verdict"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert verdicts == ["correct"] * 4
    assert table.delimiter is None


def test_grade_row_order_option() -> None:
    row = {"student": "a", "problem": "sin x", "answer": "-sin x"}
    assert grade_row(row, GradeOptions(order=2))["verdict"] == "correct"
    assert grade_row(row, GradeOptions())["verdict"] == "incorrect"


# ---------------------------------------------------------------- check_answer(order=…)
@pytest.mark.parametrize(
    ("problem", "answer", "order", "wrt", "verdict"),
    [
        ("sin(x^2)", "2cos(x^2) - 4x^2 sin(x^2)", 2, None, "correct"),
        ("sin(x^2)", "2x cos(x^2)", 2, None, "incorrect"),  # the first derivative
        ("x^5", "60x^2", 3, None, "correct"),
        ("x^5", "20x^3", 3, None, "incorrect"),
        ("e^(2x)", "2^4 e^(2x)", 4, None, "correct"),
        ("x^3 y^2", "2x^3", 2, "y", "correct"),
        ("x^3 y^2", "6x y^2", 2, "x", "correct"),
        ("ln x", "-1/x^2", 2, None, "correct"),
        ("ln x", "1/x", 1, None, "correct"),
    ],
)
def test_check_answer_of_order_n(
    problem: str, answer: str, order: int, wrt: str | None, verdict: str
) -> None:
    v = check_answer(problem, answer, wrt, order=order)
    assert v.verdict == verdict, v.feedback


def test_check_answer_of_order_n_feedback() -> None:
    v = check_answer("x^3", "3x^2", order=2)
    assert v.feedback == "Not the derivative. The derivative of order 2 is 6x." and v.mistake is None
    assert check_answer("x^3", "3x^2", order=2, lang="zh").feedback == "不是正确的导数。2 阶导数是 6x。"
    # mal-rules describe first derivatives: at order 1 the same kind of slip is named
    assert check_answer("sin(x^2)", "cos(x^2)").mistake == "chain_factor_forgotten"
    with pytest.raises(StepcalcError, match="order must be at least 1"):
        check_answer("x^3", "6x", order=0)


# ---------------------------------------------------------------- permissions
@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_output_gets_the_usual_permissions(tmp_path: Path, umask_022: None, suffix: str) -> None:
    source = tmp_path / "answers.csv"
    source.write_text("student,problem,answer\nann,x^2,2x\n", encoding="utf-8")
    out, _ = grade_file(source, tmp_path / f"v{suffix}", workers=1, show_progress=False)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    out.chmod(0o600)  # a teacher who keeps the verdicts private keeps them so when grading again
    grade_file(source, out, workers=1, show_progress=False, resume=False)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_output_permissions_follow_the_umask(tmp_path: Path) -> None:
    source = tmp_path / "answers.csv"
    source.write_text("student,problem,answer\nann,x^2,2x\n", encoding="utf-8")
    old = os.umask(0o027)
    try:
        out, _ = grade_file(source, workers=1, show_progress=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


# ---------------------------------------------------------------- summaries
RESULTS: list[dict[str, Any]] = [
    {"student": "ann", "problem": "p1", "verdict": "correct", "score": 1.0, "mistake": None},
    {"student": "ann", "problem": "p2", "verdict": "correct_but_form", "score": 0.5, "mistake": None},
    {"student": "张三", "problem": "p1", "verdict": "incorrect", "score": 0.0, "mistake": "power_rule"},
    {"student": "张三", "problem": "p2", "verdict": "unknown", "score": None, "mistake": None},
    {"student": "张三", "problem": "p2", "verdict": "invalid", "score": 0.0, "mistake": None},
]


def test_per_student_totals() -> None:
    table = summary(RESULTS, ";")
    assert table.students == [
        {
            "student": "ann",
            "answers": 2,
            "score": 1.5,
            "correct": 1,
            "correct_but_form": 1,
            "ambiguous": 0,
            "incorrect": 0,
            "invalid": 0,
            "unknown": 0,
        },
        {
            "student": "张三",
            "answers": 3,
            "score": 0.0,
            "correct": 0,
            "correct_but_form": 0,
            "ambiguous": 0,
            "incorrect": 1,
            "invalid": 1,
            "unknown": 1,
        },
    ]
    assert [r["answers"] for r in table.problems] == [2, 3]


def test_summary_text_in_english() -> None:
    text = summary_text(summary(RESULTS, ";"))
    problems, students, delimiter = text.split("\n\n")
    assert problems.splitlines()[0].split()[:3] == ["problem", "answers", "correct"]
    assert students.splitlines()[0].split() == [
        "student",
        "answers",
        "score",
        "correct",
        "form",
        "ambiguous",
        "incorrect",
        "invalid",
        "unknown",
    ]
    assert students.splitlines()[1].split() == ["ann", "2", "1.50", "1", "1", "0", "0", "0", "0"]
    assert delimiter == "delimiter: semicolon"


def test_summary_text_in_chinese_is_aligned() -> None:
    text = summary_text(summary(RESULTS, "\t"), "zh")
    problems, students, delimiter = text.split("\n\n")
    assert problems.splitlines()[0].split() == [
        "题目",
        "答案数",
        "正确",
        "形式不符",
        "有歧义",
        "错误",
        "无效",
        "未判定",
        "平均分",
        "最常见错误",
    ]
    head, ann, zhang = students.splitlines()
    assert head.split()[:3] == ["学生", "答案数", "总分"]
    assert zhang.split() == ["张三", "3", "0.00", "0", "0", "0", "1", "1", "1"]
    # the second column starts at the same screen column: 学生 and 张三 are two columns wide each
    assert ann.index("2") == head.index("答案数") + 2 == zhang.index("3") + 2
    assert delimiter == "分隔符：制表符"
    assert "delimiter" not in summary_text(summary(RESULTS), "zh")  # JSONL: no delimiter to tell


def test_cli_summary_per_student_in_text_json_and_chinese(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(PROBLEMS_YAML, encoding="utf-8")
    source = _class_csv(tmp_path / "answers.csv", "\t")
    done = _cli(
        "grade", str(source), "--problems", str(tmp_path / "p.yaml"), "--workers", "2", "--lang", "zh"
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("题目") and any(line.startswith("学生") for line in lines)
    assert lines[-2:] == ["分隔符：制表符", f"评分结果已写入 {tmp_path / 'answers.graded.csv'}"]
    done = _cli("grade", str(source), "--problems", str(tmp_path / "p.yaml"), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["delimiter"] == "\t" and data["output"].endswith("answers.graded.csv")
    assert [p["problem"] for p in data["summary"]] == ["p1", "p2", "p3", "p4", "p7", "x^3"]
    ann, bob = data["students"]
    assert ann == {
        "student": "ann",
        "answers": 4,
        "score": 3.5,
        "correct": 3,
        "correct_but_form": 1,
        "ambiguous": 0,
        "incorrect": 0,
        "invalid": 0,
        "unknown": 0,
    }
    assert (bob["answers"], bob["score"], bob["incorrect"], bob["invalid"]) == (5, 2.0, 2, 1)


# ---------------------------------------------------------------- resuming
def _counting(row: dict[str, str], options: GradeOptions) -> dict[str, Any]:
    """Records each row it grades, then grades it (in the worker processes)."""
    with open(os.environ["STEPCALC_TEST_COUNTER"], "a", encoding="utf-8") as handle:
        handle.write(row["student"] + "\n")
    return grade_row(row, options)


def _stop_after(monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    """The journal's disk fills after ``count`` verdicts: the run stops, its journal kept."""
    real_add = Journal.add
    calls = {"n": 0}

    def add(self: Journal, index: int, result: dict[str, Any]) -> None:
        calls["n"] += 1
        if calls["n"] > count:
            raise OSError(errno.ENOSPC, "No space left on device", str(self.path))
        real_add(self, index, result)

    monkeypatch.setattr(Journal, "add", add)


@pytest.mark.parametrize("changed", [False, True])
def test_resume_only_with_the_same_problems_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed: bool
) -> None:
    counter = tmp_path / "counter"
    monkeypatch.setenv("STEPCALC_TEST_COUNTER", str(counter))
    problems = tmp_path / "problems.yaml"
    problems.write_text("p1: x^2\n", encoding="utf-8")
    source = tmp_path / "answers.csv"
    source.write_text(
        "student,problem,answer\n" + "".join(f"s{k},p1,2x\n" for k in range(6)), encoding="utf-8"
    )
    out = tmp_path / "v.csv"
    _stop_after(monkeypatch, 3)
    with pytest.raises(StepcalcError, match="run the same command again"):
        grade_file(source, out, problems=problems, workers=1, show_progress=False, grader=_counting)
    assert journal_path(out).exists()
    monkeypatch.undo()
    monkeypatch.setenv("STEPCALC_TEST_COUNTER", str(counter))
    counter.write_text("", encoding="utf-8")
    if changed:
        problems.write_text("p1: x^3\n", encoding="utf-8")  # the same ids, another problem
    grade_file(source, out, problems=problems, workers=1, show_progress=False, grader=_counting)
    regraded = counter.read_text(encoding="utf-8").split()
    assert len(regraded) == (6 if changed else 3)
    assert [r["verdict"] for r in _verdicts(out)] == ["incorrect" if changed else "correct"] * 6
