"""Integral mal-rules (issue 20): the classic slips of integration are named, each on answers typed
as students type them; right answers stay right, and unrelated wrong answers are not misnamed."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stepcalc.expr import Deriv, Sym
from stepcalc.malrules.integral import (
    INTEGRAL_MALRULES,
    INTEGRAL_MISTAKES,
    IntegralMalRule,
    mistaken_integral,
)
from stepcalc.oracle import equal
from stepcalc.parse import parse
from stepcalc.phrases import LANGS, mistake
from stepcalc.printing import to_text
from stepcalc.tasks.check_integral import check_integral
from tests.test_lang import english_left

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 10.0  # the budget is an upper bound: a loaded machine must not turn a name into None

# id -> [(problem, the answer a student who makes that slip writes)], on different integrands
MAL_CASES: dict[str, list[tuple[str, str]]] = {
    "integral_power_reciprocal": [
        ("1/x", "x^0/0 + C"),
        ("1/x", "x^(-1+1)/(-1+1)"),
        ("x^(-1)", "-x^(-2) + C"),
        ("3/x", "-3/x^2"),
        ("1/x", "-1/x + C"),
        ("x^2 + 1/x", "x^3/3 - 1/x^2 + C"),
    ],
    "integral_power_backwards": [
        ("x^3", "3x^2"),
        ("x^4 + x", "4x^3 + 1 + C"),
        ("sqrt x", "1/(2 sqrt x)"),
        ("5x^2", "10x + C"),
        ("x", "1"),  # a constant result: compared by its value
    ],
    "integral_sin_sign": [
        ("sin x", "cos x + C"),
        ("sin(3x)", "cos(3x)/3"),
        ("2x sin(x^2)", "cos(x^2) + C"),
    ],
    "integral_cos_sign": [
        ("cos x", "-sin x + C"),
        ("4 cos(2x)", "-2 sin(2x)"),
        ("cos x + 2x", "x^2 - sin x"),
    ],
    "integral_sec_tan_sign": [
        ("sec x tan x", "-sec x + C"),
        ("csc x cot x", "csc x"),
        ("sec(2x) tan(2x)", "-sec(2x)/2"),
    ],
    "integral_sec_squared_sign": [
        ("sec(x)^2", "-tan x + C"),
        ("csc(x)^2", "cot x"),
        ("3 sec(x)^2 + 1", "x - 3 tan x"),
    ],
    "integral_tan_sign": [
        ("tan x", "ln|cos x| + C"),
        ("cot x", "-ln|sin x|"),
        ("tan(2x)", "ln|cos(2x)|/2"),
    ],
    "integral_forgot_inner": [
        ("cos(3x)", "sin(3x) + C"),
        ("e^(2x)", "e^(2x)"),
        ("(2x + 1)^5", "(2x + 1)^6/6 + C"),
        ("x cos(x^2)", "sin(x^2)"),
        ("x e^(x^2)", "e^(x^2) + C"),
        ("1/(3x + 1)", "ln|3x + 1|"),
    ],
    "integral_parts_sign": [
        ("x e^x", "x e^x + e^x + C"),
        ("x^2 e^x", "x^2 e^x + 2x e^x + 2e^x"),
        ("ln x", "x ln x + x + C"),
        ("x e^(2x)", "x e^(2x)/2 + e^(2x)/4"),
    ],
    "integral_differentiated": [
        ("e^(2x)", "2e^(2x) + C"),
        ("ln x", "1/x"),
        ("sec(x)^2", "2 sec(x)^2 tan x"),
        ("x sin x", "sin x + x cos x"),
    ],
}

# right answers, some with a remark
RIGHT_ANSWERS = [
    ("x^3", "x^4/4 + C"),
    ("1/x", "ln|x| + C"),
    ("1/x", "ln x"),  # right where it is defined: a remark on the absolute value
    ("3/x", "3 ln|x|"),
    ("sin x", "-cos x + 5"),
    ("cos(3x)", "sin(3x)/3 + C"),
    ("e^(2x)", "e^(2x)/2"),
    ("x cos(x^2)", "sin(x^2)/2 + C"),
    ("2x cos(x^2)", "sin(x^2)"),
    ("x e^x", "x e^x - e^x + C"),
    ("ln x", "x ln x - x"),
    ("sec x tan x", "sec x + C"),
    ("tan x", "-ln|cos x|"),
    ("tan x", "ln|sec x| + C"),
]

# wrong answers that none of the mal-rules gives: (problem, answer, the mistake named, if any)
UNRELATED = [
    ("x", "7", None),  # a constant, but not the derivative's
    ("x^2", "x^3 + C", "integral_factor"),  # the power rule's 1/(n + 1): the generic factor
    ("x^3", "x^4", "integral_factor"),
    ("x e^x", "x e^x + C", None),  # the second term of parts dropped: not a named slip
    ("sin x", "x^2", None),
    ("e^x sin x", "e^x cos x", None),
    ("sin x + cos x", "cos x - sin x", "integral_sign"),  # both signs: the generic sign slip
    ("2x cos(x^2)", "2 sin(x^2)", "integral_factor"),  # du = 2x dx is there: no 1/a to forget
    ("x^2", "x^0/0", None),  # divides by zero, but no power rule on 1/x gives it
    ("1/x", "ln|x| + x", None),
]


def _cases() -> list[tuple[str, str, str]]:
    return [(m, p, a) for m, cases in MAL_CASES.items() for p, a in cases]


def test_every_mistake_has_cases_on_three_integrands() -> None:
    assert set(MAL_CASES) == set(INTEGRAL_MISTAKES)
    thin = {m: cases for m, cases in MAL_CASES.items() if len({parse(p) for p, _ in cases}) < 3}
    assert not thin


def test_ids_are_snake_case_patterned_and_phrased_in_every_language() -> None:
    for mal in INTEGRAL_MALRULES:
        assert mal.id.isidentifier() and mal.id == mal.id.lower() and mal.id.startswith("integral_")
        assert mal.pattern.startswith("∫")
    for mal_id in INTEGRAL_MISTAKES:
        for lang in LANGS:
            what, right = mistake(mal_id, lang)
            assert what.strip() and right.strip(), (mal_id, lang)


@pytest.mark.parametrize(("mal", "problem", "answer"), _cases())
def test_the_slip_is_named(mal: str, problem: str, answer: str) -> None:
    v = check_integral(problem, answer, seconds=SECONDS)
    assert (v.verdict, v.mistake) == ("incorrect", mal), v.feedback
    what, right = mistake(mal, "en")
    assert what in v.feedback and right in v.feedback
    assert to_text(v.expected, readable=True) in v.feedback  # the right antiderivative is shown


@pytest.mark.parametrize(("mal", "problem", "answer"), _cases())
def test_the_slip_is_named_in_chinese(mal: str, problem: str, answer: str) -> None:
    v = check_integral(problem, answer, lang="zh", seconds=SECONDS)
    assert v.mistake == mal
    what, right = mistake(mal, "zh")
    assert what in v.feedback and right in v.feedback
    assert english_left(v.feedback) == [], v.feedback


@pytest.mark.parametrize("mal", INTEGRAL_MALRULES, ids=[f"{m.id}: {m.pattern}" for m in INTEGRAL_MALRULES])
def test_each_table_gives_a_wrong_antiderivative_where_it_applies(mal: IntegralMalRule) -> None:
    """A mal-rule's result on its own cases, when it has one, is not an antiderivative (or is
    no function at all: x⁰/0)."""
    x = Sym("x")
    applied = 0
    for problem, _ in MAL_CASES[mal.id]:
        f = parse(problem)
        wrong = mistaken_integral(f, x, mal)
        if wrong is None:
            continue
        applied += 1
        assert equal(Deriv(wrong, x), f, within=f).equal is not True, (problem, wrong)
    assert applied


def test_a_table_whose_wrong_rule_never_applies_gives_nothing() -> None:
    x = Sym("x")
    by_id = {m.id: m for m in INTEGRAL_MALRULES}
    assert mistaken_integral(parse("x^2 + 1"), x, by_id["integral_sin_sign"]) is None
    assert mistaken_integral(parse("cos x"), x, by_id["integral_parts_sign"]) is None
    assert mistaken_integral(parse("2x cos(x^2)"), x, by_id["integral_forgot_inner"]) is None  # du is there


@pytest.mark.parametrize(("problem", "answer"), RIGHT_ANSWERS)
def test_right_answers_stay_right(problem: str, answer: str) -> None:
    v = check_integral(problem, answer, seconds=SECONDS)
    assert (v.verdict, v.mistake) == ("correct", None), v.feedback


@pytest.mark.parametrize(("problem", "answer", "named"), UNRELATED)
def test_unrelated_wrong_answers_are_not_misnamed(problem: str, answer: str, named: str | None) -> None:
    v = check_integral(problem, answer, seconds=SECONDS)
    assert (v.verdict, v.mistake) == ("incorrect", named), v.feedback


def test_ln_without_the_absolute_value_is_remarked_only_where_it_matters() -> None:
    remark = "with the absolute value"
    assert "Write ln|x|, with the absolute value" in check_integral("1/x", "ln x", seconds=SECONDS).feedback
    assert "ln|cos x|" in check_integral("tan x", "-ln(cos x) + C", seconds=SECONDS).feedback
    assert "ln|x - 1|" in check_integral("1/(x - 1)", "ln(x - 1)", seconds=SECONDS).feedback
    assert remark not in check_integral("2x/(x^2 + 1)", "ln(x^2 + 1)", seconds=SECONDS).feedback
    assert remark not in check_integral("1/x", "ln|x| + C", seconds=SECONDS).feedback
    zh = check_integral("1/x", "ln x + C", lang="zh", seconds=SECONDS)
    assert zh.verdict == "correct" and "ln|x|" in zh.feedback and english_left(zh.feedback) == []


def test_the_time_budget_is_kept() -> None:
    """With almost no time the mal-rules are skipped, never waited for: the verdict stays."""
    started = time.monotonic()
    v = check_integral("x^2 e^x", "x^2 e^x + 2x e^x + 2e^x", seconds=0.05)
    assert time.monotonic() - started < 5
    assert v.verdict == "incorrect"


def test_the_mistakes_are_documented() -> None:
    text = (ROOT / "docs" / "checking.md").read_text(encoding="utf-8")
    for mal in INTEGRAL_MALRULES:
        assert f"`{mal.id}`" in text and mal.pattern in text, mal.id


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stepcalc", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_cli_names_the_mistake() -> None:
    done = _cli("check", "--integral", "x^3", "--answer", "3x^2 + C", "--format", "json", "--seconds", "10")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["verdict"], data["mistake"]) == ("incorrect", "integral_power_backwards")
    assert "x^4/4" in data["feedback"]
    zh = _cli("check", "--integral", "x e^x", "--answer", "x e^x + e^x", "--lang", "zh", "--seconds", "10")
    assert zh.returncode == 0 and "分部积分" in zh.stdout and english_left(zh.stdout) == [], zh.stdout
