"""Chinese all the way (issue 16, item 8): every user-visible string path of the command line —
verdicts, working labels, equivalence reasons, reading notes, grading summaries and files, and
error messages — walked in both languages.  Under ``--lang zh`` no English sentence is left
(quoted input, option names, limit names and mathematics may stay); under ``--lang en`` no
Chinese appears."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from stepcalc.catalogue import SPELLINGS
from stepcalc.cli import main
from stepcalc.phrases import joined, label

CJK = re.compile(r"[\u4e00-\u9fff]")
# English words (two letters or more) in a row, one of them longer: a sentence nobody translated.
SENTENCE = re.compile(r"\b[A-Za-z]{2,}\b(?:[\s,;:.]+\b[A-Za-z]{2,}\b)+")
# What may stay as it is: quoted input, options, limit names, file paths.
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|--[\w-]+|max_\w+|\S*/\S*")
NAMES = sorted({w for w in SPELLINGS if w.isalpha()} | {"stepcalc", "pi"}, key=len, reverse=True)
FUNCTION_NAME = re.compile(r"\b(?:" + "|".join(map(re.escape, NAMES)) + r")\b")


def english_left(text: str) -> list[str]:
    """The English sentences left in ``text`` (quoted input, options and function names aside)."""
    bare = FUNCTION_NAME.sub(" ", QUOTED.sub(" ", text))
    return [run for run in SENTENCE.findall(bare) if re.search(r"[A-Za-z]{3,}", run)]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out + out.err


WORKING = "2x\n2x+1\n= 2x + 1\nsin(\n"

# (name, arguments): each a path a user meets; --lang is appended.
PATHS = [
    ("correct", ["check", "x^2", "--answer", "2x"]),
    ("incorrect, a mistake named", ["check", "sin(x^2)", "--answer", "cos(x^2)"]),
    ("incorrect, not named", ["check", "x^2", "--answer", "3x"]),
    ("invalid", ["check", "x^3", "--answer", "3x^2 +"]),
    ("invalid, an unknown word", ["check", "x^3", "--answer", "3 sine x"]),
    ("ambiguous", ["check", "x^2/4", "--answer", "1/2x"]),
    ("read as", ["check", "e^x sin x", "--answer", "e^x sin x + cos x e^(x+1)"]),
    ("correct_but_form", ["check", "x^3 - 3x", "--answer", "3x^2 - 3", "--form", "factored"]),
    ("approximate", ["check", "pi x", "--answer", "3.14159265", "--tol", "1e-6"]),
    ("decimals", ["check", "pi x", "--answer", "3.14159265"]),
    ("unfinished", ["check", "x^2", "--answer", "2x + dy/dx"]),
    ("antiderivative", ["check", "x^3", "--answer", "x^4/4"]),
    ("gradient", ["check", "x^2 + y^2", "--answer", "(2x, y)"]),
    ("gradient size", ["check", "x^2 + y^2", "--answer", "(2x, 2y, 0)"]),
    ("order", ["check", "x^3", "--answer", "3x", "--order", "2"]),
    ("domains", ["check", "ln x", "--answer", "1/abs(x)"]),
    ("equivalent", ["equiv", "sin(x)^2", "1 - cos(x)^2"]),
    ("not equivalent", ["equiv", "x", "x + 1"]),
    ("not equivalent, numeric", ["equiv", "sqrt(x^2)", "x"]),
    ("equivalent, form", ["equiv", "(x+1)^2", "x^2 + 2x + 1", "--form", "expanded"]),
    ("equivalent numbers", ["equiv", "2", "4/2"]),
    ("parse notes", ["parse", "Sin x e^x"]),
    ("diff", ["diff", "x^2 sin x"]),
    ("partials", ["diff", "x^2 y", "--wrt", "x,y"]),
    ("grad", ["grad", "x^2 y"]),
    ("parse error", ["diff", "x^2 +"]),
    ("unknown function", ["diff", "cbrtx(x"]),
    ("limit", ["diff", "x^2", "--max-length", "2"]),
    ("implicit", ["diff", "x^2 + y^2 = 25"]),
    ("partials of order 2", ["diff", "x y + sin(z)", "--order", "2"]),
    ("several variables", ["check", "x y", "--answer", "y"]),
    ("no answer", ["check", "x^2"]),
]


@pytest.mark.parametrize(("name", "args"), [pytest.param(n, a, id=n) for n, a in PATHS])
def test_every_path_speaks_chinese(name: str, args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, zh = run([*args, "--lang", "zh"], capsys)
    assert CJK.search(zh), zh
    assert english_left(zh) == [], zh
    code_en, en = run([*args, "--lang", "en"], capsys)
    assert code == code_en  # the language never changes the outcome
    assert not CJK.search(en), en


def test_working_in_both_languages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "w.txt"
    source.write_text(WORKING, encoding="utf-8")
    _, zh = run(["check", "x^2", "--working", str(source), "--lang", "zh"], capsys)
    assert english_left(zh) == [], zh
    assert "第 1 行：正确" in zh and "第 2 行：错误" in zh and "应为：2x" in zh
    assert "第一处错误：第 2 行；结论：" in zh
    assert "[幂法则]" in zh  # rules by their Chinese names
    _, en = run(["check", "x^2", "--working", str(source)], capsys)
    assert "line 1: ok           2x  [power]" in en and "first wrong line: 2; final:" in en
    assert not CJK.search(en)


def test_grading_in_both_languages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.csv"
    rows = [
        ("ann", "x^2", "2x"),
        ("bob", "x^2", "3x +"),
        ("cid", "sin(x^2)", "cos(x^2)"),
        ("dan", "x^2/4", "1/2x"),
    ]
    with source.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("student", "problem", "answer"), *rows])
    for lang in ("zh", "en"):
        code, text = run(["grade", str(source), "--workers", "1", "--lang", lang], capsys)
        assert code == 0
        with (tmp_path / "a.graded.csv").open(encoding="utf-8") as handle:
            feedback = " ".join(r["feedback"] for r in csv.DictReader(handle))
        if lang == "zh":
            assert english_left(text + feedback) == [], text + feedback
        else:
            assert not CJK.search(text + feedback)


def test_lists_and_clauses_follow_the_language() -> None:
    assert joined("list", ["幂法则", "链式法则"], "zh") == "幂法则、链式法则"
    assert joined("list", ["power", "chain"], "en") == "power, chain"
    assert joined("clause", ["a", "", "b"], "zh") == "a；b"
    assert label("line", "zh").format(3) == "第 3 行："


def test_the_heuristic_finds_english() -> None:
    assert english_left("错误：expected an expression at column 3") != []
    assert english_left("错误：'derivative of' 不是函数；sin x cos x") == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["diff"], "缺少以下参数：EXPR"),
        (["diff", "x", "--format", "pdf"], "参数 --format：无效的选项 'pdf'"),
        (["diff", "x", "--bogus"], "无法识别的参数：--bogus"),
        (["diff", "x", "--max-seconds", "-1"], "参数 --max-seconds：需要一个正的秒数，得到的却是 '-1'"),
        (["diff", "x", "--order", "two"], "参数 --order：需要一个整数，得到的却是 'two'"),
    ],
)
def test_argument_errors_speak_chinese(
    args: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse's own complaints were English under --lang zh."""
    with pytest.raises(SystemExit) as stop:
        main([*args, "--lang", "zh"])
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert err.startswith("用法：stepcalc") and f"stepcalc：错误：{said}" in err
    assert english_left(err.split("\n")[-2]) == []
    with pytest.raises(SystemExit):
        main(args)
    assert "stepcalc: error: " in capsys.readouterr().err  # English when not asked
