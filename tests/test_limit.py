"""Limits step by step (issue 20): the limit hole on the engine, its ordered rules, "does not
exist" with the reason, the numerical table, the oracle's check of every line, the command
line, sheets and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stepcalc import StepcalcError, UnsupportedError, limit, parse
from stepcalc.expr import INF, Limit, Neg, Num, Sym
from stepcalc.oracle import to_sympy
from stepcalc.printing import to_text
from stepcalc.steps import Line, RuleId, Step
from stepcalc.tasks.limit import limit_table, read_point

X = sp.Symbol("x", real=True)


def rules_of(d: object) -> list[RuleId]:
    return [r for line in d.lines for r in line.rules]  # type: ignore[attr-defined]


# ---------------------------------------------------------------- the notes' examples (WORKED §16)
def test_the_notes_standard_limits_in_en_and_zh() -> None:
    d = limit("sin(x)/x", "x=0", verify=True)
    assert d.to_text(unicode=True) == (
        "lim_{x→0} sin x/x = 1    [standard limit lim_{u→0} sin u/u = 1]\n[verified: 1 line]"
    )
    assert "重要极限" in d.to_text(unicode=True, lang="zh")
    e = limit("(1 + x)^(1/x)", "x=0", verify=True)
    assert e.result is not None and to_sympy(e.result) == sp.E and e.verified is True
    assert e.lines[-1].rules == (RuleId.LIM_E,)


def test_the_notes_difference_quotient_and_its_table() -> None:
    """(f(1 + h) − f(1))/h for f = 3x² − 4x: h = 0.1 → 2.3, 0.01 → 2.03, … → 2 (WORKED §16)."""
    problem = "((3(1 + h)^2 - 4(1 + h)) - (3 - 4))/h"
    d = limit(problem, "h=0", verify=True)
    assert d.result == Num(2) and d.verified is True
    assert d.lines[0].rules == (RuleId.LIM_FACTOR_CANCEL,)  # factoring, not L'Hôpital
    table = limit_table(problem, "h=0", side="+")
    assert table[:2] == [("+", "0.1", "2.3"), ("+", "0.01", "2.03")]
    both = limit_table(problem, "h=0")
    assert both[0] == ("-", "-0.1", "1.7") and len(both) == 12


# ---------------------------------------------------------------- each technique, as a textbook names it
@pytest.mark.parametrize(
    ("expr", "at", "side", "expected", "rule"),
    [
        ("x^2 + 3x - 5", "x=1", "", "-1", RuleId.LIM_SUBSTITUTION),
        ("(x^2 - 2x - 3)/(x^2 - 4x + 3)", "x=3", "", "2", RuleId.LIM_FACTOR_CANCEL),
        ("(x^3 - 8)/(x - 2)", "x=2", "", "12", RuleId.LIM_FACTOR_CANCEL),
        ("(sqrt(x) - 2)/(x - 4)", "x=4", "", "1/4", RuleId.CONJUGATE),
        ("(sqrt(x + 9) - 3)/x", "x=0", "", "1/6", RuleId.CONJUGATE),
        ("1/(x - 1) - 2/(x^2 - 1)", "x=1", "", "1/2", RuleId.COMMON_DENOMINATOR),
        ("tan(x)/x", "x=0", "", "1", RuleId.LIM_TAN),
        ("(e^x - 1)/x", "x=0", "", "1", RuleId.LIM_EXP),
        ("ln(1 + x)/x", "x=0", "", "1", RuleId.LIM_LN),
        ("(1 - cos(x))/x^2", "x=0", "", "1/2", RuleId.LIM_COS),
        ("(1 + 1/x)^x", "x=oo", "", "E", RuleId.LIM_E),
        ("(3x^2 + 1)/(x^2 - 2)", "x=oo", "", "3", RuleId.LIM_DIVIDE_POWER),
        ("(2x + 1)/(x^2 + 5)", "x=-oo", "", "0", RuleId.LIM_DIVIDE_POWER),
        ("sqrt(4x^2 + 1)/(5x - 1)", "x=-oo", "", "-2/5", RuleId.LIM_DIVIDE_POWER),
        ("sqrt(x^2 + x) - x", "x=oo", "", "1/2", RuleId.CONJUGATE),
        ("x^3 - 100x^2", "x=oo", "", "oo", RuleId.LIM_LEADING_TERM),
        ("x sin(1/x)", "x=0", "", "0", RuleId.LIM_SQUEEZE),
        ("sin(x)/x", "x=oo", "", "0", RuleId.LIM_SQUEEZE),
        ("e^(-x) (sin(x) + cos(x))", "x=oo", "", "0", RuleId.LIM_SQUEEZE),  # a bounded sum
        ("x ln(x)", "x=0", "+", "0", RuleId.LIM_REWRITE_QUOTIENT),
        ("x e^(-x)", "x=oo", "", "0", RuleId.LIM_REWRITE_QUOTIENT),
        ("e^x/x^2", "x=oo", "", "oo", RuleId.LHOPITAL),
        ("(x - sin(x))/x^3", "x=0", "", "1/6", RuleId.LHOPITAL),
        ("x^x", "x=0", "+", "1", RuleId.LIM_EXP_LOG),
        ("(1 + 2/x)^(3x)", "x=oo", "", "exp(6)", RuleId.LIM_E_FORM),
        ("1/x", "x=0", "-", "-oo", RuleId.LIM_INFINITE),
        ("1/(x - 2)^2", "x=2", "", "oo", RuleId.LIM_INFINITE),
        ("ln(x)", "x=0", "+", "-oo", RuleId.LIM_INFINITE),
        ("abs(x)/x", "x=0", "+", "1", RuleId.ABSOLUTE_VALUE),
        ("sign(x)", "x=0", "-", "-1", RuleId.ABSOLUTE_VALUE),
        ("2^x", "x=-oo", "", "0", RuleId.LIM_COMPOSITION),
        ("ln(x - 1)/4 - ln(x + 1)/4 + 2", "x=oo", "", "2", RuleId.EXP_LOG),  # c ln a − c ln b
        ("atan(x)", "x=oo", "", "pi/2", RuleId.LIM_COMPOSITION),
    ],
)
def test_each_technique(expr: str, at: str, side: str, expected: str, rule: RuleId) -> None:
    d = limit(expr, at, side=side, verify=True)
    assert d.exists is True and d.verified is True, d.outcomes
    assert d.result is not None
    mine, book = to_sympy(d.result), sp.sympify(expected)
    assert mine == book if book in (sp.oo, -sp.oo) else sp.simplify(mine - book) == 0
    assert rule in rules_of(d)


def test_factoring_comes_before_lhopital() -> None:
    """Teachers object to L'Hôpital where factoring works."""
    for expr, at in (("(x^2 - 4)/(x - 2)", "x=2"), ("(sqrt(x) - 2)/(x - 4)", "x=4")):
        assert RuleId.LHOPITAL not in rules_of(limit(expr, at))


def test_lhopital_checks_the_form_and_shows_the_derivatives() -> None:
    d = limit("(x - sin(x))/x^3", "x=0")
    first = d.lines[0]
    assert first.rules == (RuleId.LHOPITAL,)
    (step,) = first.steps
    assert [to_text(s.after) for s in step.substeps] == ["1 - cos x", "3x^2"]
    assert limit("(x + 1)/(x + 2)", "x=0").result is not None  # not 0/0: substitution, no L'Hôpital
    assert RuleId.LHOPITAL not in rules_of(limit("(x + 1)/(x + 2)", "x=0"))


# ---------------------------------------------------------------- does not exist
@pytest.mark.parametrize(
    ("expr", "at", "reason"),
    [
        ("1/x", "x=0", "the one-sided limits differ (-∞ from the left, ∞ from the right)"),
        ("abs(x)/x", "x=0", "the one-sided limits differ (-1 from the left, 1 from the right)"),
        ("sin(1/x)", "x=0", "sin(1/x) oscillates between -1 and 1"),
        ("cos(x)", "x=oo", "cos x oscillates between -1 and 1"),
        ("x^2 sin(pi x)", "x=oo", "oscillates"),
    ],
)
def test_a_limit_that_does_not_exist_says_why(expr: str, at: str, reason: str) -> None:
    d = limit(expr, at, verify=True)
    assert d.exists is False and d.result is None and not d.unknown
    assert reason in d.reason and d.reason.startswith("the limit does not exist")
    assert d.lines[-1].expr == Sym("DNE")
    assert d.verified is not False
    data = json.loads(d.to_json())
    assert data["exists"] is False and data["result"] is None and reason in data["reason"]
    assert "极限不存在" in d.to_text(lang="zh")


def test_json_of_an_infinite_limit() -> None:
    data = json.loads(limit("1/x^2", "x=0", verify=True).to_json())
    assert data["result"]["sympy"] == "oo" and data["exists"] is True
    assert data["point"] == {"var": "x", "to": "0", "side": ""}
    minus = json.loads(limit("-x^3", "x=oo").to_json())
    assert minus["result"]["sympy"] == "-oo"
    assert json.loads(limit("1/x", "x=0", side="+").to_json())["point"]["side"] == "+"


def test_no_rule_is_an_explicit_line() -> None:
    """√(x⁶ + 4x⁴)/(x² cos x) at 0 wants x² taken out of the root, which the table does not do;
    L'Hôpital's rule would make the quotient grow without end, so it stops, and says so."""
    d = limit("sqrt(x^6 + 4x^4)/(x^2 cos(x))", "x=0")
    assert d.unknown.startswith("stepcalc has no rule for the limit of")
    assert d.lines[-1].rules == (RuleId.UNKNOWN,) and d.result is None
    assert sum(RuleId.LHOPITAL in line.rules for line in d.lines) <= 2


# ---------------------------------------------------------------- output formats
def test_latex_mathml_and_text_write_the_side_and_infinity() -> None:
    d = limit("1/x", "x=0", side="+")
    assert "\\lim_{x \\to 0^{+}}" in d.to_latex()
    assert "lim_{x→0⁺}" in d.to_text(unicode=True) and "lim_{x->0+}" in d.to_text()
    assert "\\infty" in d.to_latex()
    html = limit("(1 + 1/x)^x", "x=oo").to_html()
    assert "<mi>∞</mi>" in html and "<h1>Find " in html and "<h1>Find <span" in html
    assert "<title>Find lim_{x-&gt;oo} (1 + 1/x)^x</title>" in html  # the point in the title
    assert "求极限" in limit("(1 + 1/x)^x", "x=oo").to_html(lang="zh")


def test_infinity_reaches_sympy_as_oo() -> None:
    assert to_sympy(Limit(Sym("x"), Sym("x"), Neg(INF))).doit() == -sp.oo
    assert to_sympy(INF) == sp.oo


# ---------------------------------------------------------------- the oracle
def test_a_wrong_line_is_refuted() -> None:
    d = limit("(x^2 - 4)/(x - 2)", "x=2")
    section = d.sections[0]
    last = section.lines[-1]
    section.lines[-1] = Line(Num(5), last.steps)  # 4 written 5
    assert d.verify() is False


def test_a_wrong_does_not_exist_is_refuted() -> None:
    d = limit("1/x", "x=0", side="+")
    section = d.sections[0]
    section.lines[:] = [
        Line(Sym("DNE"), (Step(RuleId.LIM_DNE, section.start, Sym("DNE")),), note="dne_oscillates:x")
    ]
    assert d.verify() is False


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(-4, 4), min_size=1, max_size=3),
    st.lists(st.integers(-4, 4), min_size=1, max_size=3),
    st.sampled_from(["0", "1", "-2", "oo", "-oo"]),
)
def test_limits_of_random_rational_functions_agree_with_sympy(
    top: list[int], roots: list[int], at: str
) -> None:
    """P/Q with Q a product of linear factors (so poles and removable points occur): stepcalc's
    value, ±∞, or "does not exist" agrees with sympy, and no line is refuted."""
    numerator = " + ".join(f"({c}) x^{k}" for k, c in enumerate(top))
    denominator = " ".join(f"(x - ({r}))" for r in roots)
    expr = f"({numerator})/({denominator})"
    d = limit(expr, f"x={at}", verify=True)
    assert d.verified is not False, (expr, at, d.outcomes)
    if d.unknown:
        return
    f = to_sympy(parse(expr))
    point = {"oo": sp.oo, "-oo": -sp.oo}.get(at, sp.Integer(at) if at not in ("oo", "-oo") else 0)
    if point in (sp.oo, -sp.oo):
        expected = sp.limit(f.subs(X, -X), X, sp.oo) if point == -sp.oo else sp.limit(f, X, sp.oo)
        assert d.result is not None and to_sympy(d.result) == expected, (expr, at)
        return
    left, right = sp.limit(f, X, point, "-"), sp.limit(f, X, point, "+")
    if left != right:
        assert d.exists is False, (expr, at, d.result)
    else:
        assert d.result is not None and to_sympy(d.result) == left, (expr, at)


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("args", "kwargs", "words"),
    [
        (("sin(x)/x", None), {}, "say where the limit is taken"),
        (("sin(x)/x", "x=0"), {"side": "up"}, "the side is + (from the right)"),
        (("1/x", "x=oo"), {"side": "+"}, "has no side"),
        (("1/x", "x=a"), {}, "the point must be a number"),
        (("1/x", "x=sqrt(-1)"), {}, "is not a real number"),
        (("d/dx (x^2)", "x=0"), {}, "work it out first"),
        (("sin(x) + ", "x=0"), {}, "column"),
        (("a b", "0"), {}, "several variables"),
    ],
)
def test_bad_limits_get_a_clear_error(
    args: tuple[str, str | None], kwargs: dict[str, str], words: str
) -> None:
    with pytest.raises(StepcalcError, match=None) as caught:
        limit(*args, **kwargs)
    assert words in str(caught.value)


def test_read_point_spellings() -> None:
    f = parse("1/x")
    assert read_point("x->0+", f) == (Sym("x"), Num(0), "+")
    assert read_point("x = -∞", f) == (Sym("x"), Neg(INF), "")
    assert read_point("infinity", f) == (Sym("x"), INF, "")
    assert read_point("0", f, "-") == (Sym("x"), Num(0), "-")
    with pytest.raises(UnsupportedError):
        read_point("x=y", f)


def test_a_hostile_limit_ends_within_its_budget() -> None:
    """A tower of powers neither hangs nor crashes: a value, no rule, or a clear error."""
    try:
        d = limit("x^x^x^x^x^x/(x^x^x - 1)", "x=0", side="+", max_seconds=2)
    except StepcalcError as error:
        assert "time budget" in str(error) or "limit" in str(error)
    else:
        assert d.unknown or d.exists is not None


# ---------------------------------------------------------------- the command line and sheets
def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stepcalc", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_cli_limit() -> None:
    out = run("limit", "sin(x)/x", "--at", "x=0")
    assert out.returncode == 0 and "= 1" in out.stdout and "verified" in out.stdout
    table = run("limit", "1/x", "--at", "x=0", "--side", "+", "--table", "--format", "unicode")
    assert "= ∞" in table.stdout and "→ x = 0.001" in table.stdout and "f(x) = 1000" in table.stdout
    data = json.loads(run("limit", "(1 + 1/x)^x", "--at", "x=oo", "--format", "json", "--table").stdout)
    assert data["result"]["sympy"] == "E" and data["table"][0] == {"side": "", "x": "10", "f": "2.59374246"}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("limit", "sin(x)/x"), "--at"),
        (("limit", "sin(x", "--at", "x=0"), "column"),
        (("limit", "1/x", "--at", "x=oo", "--side", "-"), "no side"),
    ],
)
def test_cli_bad_input_is_one_line_exit_2(args: tuple[str, ...], words: str) -> None:
    out = run(*args)
    assert out.returncode == 2 and words in out.stderr and "Traceback" not in out.stderr


def test_a_sheet_with_limits(tmp_path: Path) -> None:
    from stepcalc.tasks.sheet import read_sheet, write_sheet

    source = tmp_path / "limits.yaml"
    source.write_text(
        "title: Limits\nproblems:\n  - limit: sin(x)/x\n    at: x=0\n"
        "  - limit: 1/x\n    at: x=0\n    side: '-'\n  - limit: (1 + 1/x)^x\n    at: x=oo\n",
        encoding="utf-8",
    )
    written = write_sheet(read_sheet(source), tmp_path / "out", fmt="md")
    problems, solutions = (p.read_text(encoding="utf-8") for p in written)
    assert "1. Find $\\lim_{x \\to 0} \\frac{\\sin x}{x}$" in problems
    assert "2. Find $\\lim_{x \\to 0^{-}} \\frac{1}{x}$" in problems
    assert "&= -\\infty" in solutions and "&= e" in solutions


def test_a_sheet_limit_needs_its_point(tmp_path: Path) -> None:
    from stepcalc.tasks.sheet import read_sheet

    source = tmp_path / "bad.yaml"
    source.write_text("problems:\n  - limit: sin(x)/x\n", encoding="utf-8")
    with pytest.raises(StepcalcError, match="field 'at' is required for a limit"):
        read_sheet(source)


# ---------------------------------------------------------------- checking a student's limit
@pytest.mark.parametrize(
    ("problem", "at", "answer", "verdict", "words"),
    [
        ("sin(3x)/x", "x=0", "3", "correct", "Correct."),
        ("sin(3x)/x", "x=0", "1", "incorrect", "The limit is 3."),
        ("(1 + 1/x)^x", "x=oo", "e", "correct", "Correct."),
        ("(1 + 1/x)^x", "x=oo", "2.718", "incorrect", "The limit is e."),
        ("1/x^2", "x=0", "oo", "correct", "Correct."),
        ("1/x^2", "x=0", "DNE", "correct", "it is infinite"),  # APEX's convention, with a remark
        ("1/x", "x=0", "oo", "incorrect", "the one-sided limits differ"),
        ("1/x", "x=0", "does not exist", "correct", "Correct."),
        ("(x^2 - 4)/(x - 2)", "x=2", "DNE", "incorrect", "The limit exists. The limit is 4."),
        ("-x^3", "x=oo", "-∞", "correct", "Correct."),
        ("sin(x)/x", "x=0", "1 +", "invalid", "column 4"),
    ],
)
def test_check_a_limit_by_its_value(problem: str, at: str, answer: str, verdict: str, words: str) -> None:
    from stepcalc.tasks.check_limit import check_limit

    v = check_limit(problem, at, answer)
    assert v.verdict == verdict and words in v.feedback, v.feedback


def test_check_a_limit_in_chinese_and_from_the_cli() -> None:
    from stepcalc.tasks.check_limit import check_limit

    assert "左右极限不相等" in check_limit("1/x", "x=0", "oo", lang="zh").feedback
    data = json.loads(
        run(
            "check", "1/x", "--limit", "--at", "x=0", "--side", "+", "--answer", "oo", "--format", "json"
        ).stdout
    )
    assert data["verdict"] == "correct"
    wrong = run("check", "x^2", "--answer", "0", "--at", "x=0")
    assert wrong.returncode == 2 and "--at and --side go with --limit" in wrong.stderr
