"""Mal-rules: every slip is named on answers typed as students type them, and never a right one."""

from __future__ import annotations

from pathlib import Path

import pytest

from stepcalc.expr import Sym
from stepcalc.malrules import BY_ID, MALRULES, MalRule, mistaken_derivative
from stepcalc.parse import parse
from stepcalc.phrases import LANGS, mistake
from stepcalc.printing import to_text
from stepcalc.tasks.check import check_answer, equivalent

# id -> [(problem, the answer a student who makes that slip writes)], on different expressions
MAL_CASES = {
    "chain_factor_forgotten": [
        ("sin(x^2)", "cos(x^2)"),
        ("e^(3x)", "e^(3x)"),
        ("sqrt(1 + x^2)", "1/(2 sqrt(1 + x^2))"),
        ("sin^2 x", "2 sin x"),
        ("1/(x^2 + 1)", "-\\frac{1}{(x^2+1)^2}"),
        ("x^2 sin(3x)", "2x sin(3x) + x^2 cos(3x)"),
    ],
    "inner_differentiated_inside": [
        ("sin(x^2)", "cos(2x)"),
        ("e^(x^2)", "e^(2x)"),
        ("cos(x^3)", "-sin(3x^2)"),
    ],
    "product_of_derivatives": [("e^x cos x", "-e^x sin x"), ("x^2 sin x", "2x cos x"), ("x ln x", "1/x")],
    "quotient_numerator_swapped": [
        ("(x+1)/ln x", "((x+1)/x - ln x)/(ln x)^2"),
        ("sin x/x", "(sin x - x cos x)/x^2"),
        ("x/(x^2+1)", "(2x^2 - (x^2 + 1))/(x^2 + 1)^2"),
    ],
    "denominator_not_squared": [
        ("sin x/x", "(x cos x - sin x)/x"),
        ("x/(x+1)", "((x + 1) - x)/(x + 1)"),
        ("e^x/x", "(x e^x - e^x)/x"),
    ],
    "quotient_of_derivatives": [("sin x/x^2", "cos x/(2x)"), ("e^x/x", "e^x"), ("x^3/ln x", "3x^3")],
    "power_rule_on_exponential": [
        ("e^x", "x e^(x - 1)"),
        ("2^x", "x 2^(x - 1)"),
        ("3^x", "x 3^(x-1)"),
        ("e^(x^2)", "x^2 e^(x^2 - 1) \\cdot 2x"),
        ("x + e^(3x)", "1 + 9x e^(3x - 1)"),
    ],
    "exponent_not_lowered": [("x^3", "3x^3"), ("x^5", "5x^5"), ("(2x + 1)^4", "8(2x + 1)^4")],
    "ln_without_inner_derivative": [
        ("ln(x^2 + 1)", "1/(x^2 + 1)"),
        ("ln(sin x)", "1/sin x"),
        ("ln(3x)", "1/(3x)"),
    ],
    "ln_over_ln": [
        ("ln(x^4 + x^3 + 2)", "(4x^3 + 3x^2)/ln(x^4 + x^3 + 2)"),
        ("ln(x^2 + 1)", "2x/ln(x^2 + 1)"),
        ("ln(sin x)", "cos x/ln(sin x)"),
    ],
    "cos_sign": [("cos x", "sin x"), ("cos(3x)", "3 sin 3x"), ("x cos x", "cos x + x sin x")],
    "sin_sign": [("sin x", "-cos x"), ("sin(2x)", "-2cos(2x)"), ("x sin x", "sin x - x cos x")],
    "constant_dropped": [("5x^2", "2x"), ("3 sin x", "cos x"), ("7e^x", "e^x")],
    "exp_derivative_times_exponent": [
        ("e^(x^2)", "2x^3 e^(x^2)"),
        ("x e^x", "e^x + x^2 e^x"),
        ("e^x", "x e^x"),
    ],
    "ln_one_over_inner_derivative": [
        ("ln(x^2 + 1)", "1/(2x)"),
        ("ln(sin x)", "\\frac{1}{\\cos x}"),
        ("x^2 + ln(x^3 + 1)", "2x + 1/(3x^2)"),
    ],
    "sqrt_half_dropped": [
        ("sqrt(x)", "1/sqrt(x)"),
        ("sqrt(x^2 + 1)", "2x/sqrt(x^2 + 1)"),
        ("\\sqrt{\\sin x}", "\\frac{\\cos x}{\\sqrt{\\sin x}}"),
        ("x^2 sqrt(x)", "2x sqrt(x) + x^2/sqrt(x)"),
    ],
    "reciprocal_sign": [
        ("1/x", "1/x^2"),
        ("x^2 + 1/x", "2x + \\frac{1}{x^2}"),
        ("x^(-3)", "3x^(-4)"),
        ("1/(x^2 + 1)", "2x/(x^2 + 1)^2"),
        ("5/x", "5/x^2"),
    ],
    "tan_sec_not_squared": [
        ("tan x", "sec x"),
        ("tan(x^2)", "2x sec(x^2)"),
        ("x tan x", "tan x + x sec x"),
        ("tan x + sin x", "sec x + cos x"),
    ],
    "arcsin_arctan_swapped": [
        ("arctan x", "1/sqrt(1 - x^2)"),
        ("arcsin x", "1/(1 + x^2)"),
        ("arctan(2x)", "2/sqrt(1 - 4x^2)"),
        ("x arcsin x", "arcsin x + x/(1 + x^2)"),
    ],
    "arccos_sign": [
        ("arccos x", "1/sqrt(1 - x^2)"),
        ("arccos(x^2)", "\\frac{2x}{\\sqrt{1 - x^4}}"),
        ("arccot x", "1/(1 + x^2)"),
        ("x^2 + arccos(3x)", "2x + 3/sqrt(1 - 9x^2)"),
    ],
    "ln_of_sum_split": [
        ("ln(x^2 + x)", "2/x + 1/x"),
        ("ln(x^3 + e^x)", "3/x + 1"),
        ("x ln(x^2 + 1)", "ln(x^2 + 1) + 2"),
        ("ln(sin x + cos x)", "cot x - tan x"),
    ],
    "log_base_without_ln": [
        ("log_10 x", "1/x"),
        ("log_2(x^2 + 1)", "2x/(x^2 + 1)"),
        ("x log_3 x", "log_3 x + 1"),
    ],
    "exponential_without_ln": [
        ("2^x", "2^x"),
        ("3^(x^2)", "2x 3^(x^2)"),
        ("x 10^x", "10^x + x 10^x"),
        ("5^(2x) + x^2", "2 \\cdot 5^{2x} + 2x"),
    ],
    "exp_inner_replaced_by_x": [
        ("e^(2x)", "2e^x"),
        ("e^(x^2)", "2x e^x"),
        ("e^(-x)", "-e^x"),
        ("x + e^(5x)", "1 + 5e^x"),
    ],
    "power_coefficient_dropped": [
        ("x^3", "x^2"),
        ("x^5 + x^2", "x^4 + x"),
        ("(x^2 + 1)^3", "2x (x^2 + 1)^2"),
        ("sin^3 x", "sin^2 x cos x"),
    ],
    "exponent_raised": [
        ("x^3", "3x^4"),
        ("1/x", "-1"),
        ("x^(1/2)", "\\frac{1}{2} x^{3/2}"),
        ("x^(-2)", "-2x^(-1)"),
        ("1/x^2 + x", "-2/x + 1"),
    ],
    "power_derivative_inside": [
        ("sin^2 x", "cos^2 x"),
        ("(x^3 + 1)^2", "(3x^2)^2"),
        ("(ln x)^3", "1/x^3"),
        ("x + (sin x)^3", "1 + (cos x)^3"),
    ],
    "constant_differentiated_as_variable": [
        ("x^2 + pi^2", "2x + 2pi"),
        ("e^3 + x", "3e^2 + 1"),
        ("ln 2 + x^3", "1/2 + 3x^2"),
        ("sin x + \\sqrt{2}", "cos x + \\frac{1}{2\\sqrt{2}}"),
    ],
    "power_rule_on_variable_exponent": [
        ("x^x", "x \\cdot x^{x-1}"),
        ("x^(sin x)", "sin(x) x^(sin x - 1)"),
        ("(x^2 + 1)^x", "x (x^2 + 1)^(x - 1) 2x"),
    ],
    "product_rule_first_term_only": [
        ("x^2 sin x", "2x sin x"),
        ("x ln x", "ln x"),
        ("sin x cos x", "cos^2 x"),
        ("x^3 e^(2x)", "3x^2 e^(2x)"),
    ],
    "product_rule_second_term_only": [
        ("x^2 sin x", "x^2 cos x"),
        ("x^3 ln x", "x^2"),
        ("sin x cos x", "-sin^2 x"),
        ("x e^(x^2)", "2x^2 e^(x^2)"),
    ],
    "product_rule_minus": [
        ("x^2 e^x", "2x e^x - x^2 e^x"),
        ("x ln x", "ln x - 1"),
        ("e^x ln x", "e^x ln x - e^x/x"),
        ("sqrt(x) (x^2 + 1)", "(x^2 + 1)/(2 sqrt x) - 2x sqrt x"),
    ],
    "quotient_rule_plus": [
        ("sin x/x", "(x cos x + sin x)/x^2"),
        ("x/(x + 1)", "(2x + 1)/(x + 1)^2"),
        ("ln x/x", "\\frac{1 + \\ln x}{x^2}"),
        ("e^x/(x^2 + 1)", "(e^x (x^2 + 1) + 2x e^x)/(x^2 + 1)^2"),
    ],
    "reciprocal_of_derivative": [
        ("1/x", "1"),
        ("1/(x^2 + 1)", "1/(2x)"),
        ("1/sin x", "1/cos x"),
        ("3/x^3", "1/x^2"),
    ],
    "constant_term_kept": [
        ("x^2 + 3", "2x + 3"),
        ("sin x - 5", "cos x - 5"),
        ("x^3 + pi", "3x^2 + pi"),
        ("(x^2 + 1) e^x", "(2x + 1) e^x + (x^2 + 1) e^x"),
    ],
    "sum_term_dropped": [
        ("x^2 + 1/x", "2x"),
        ("x^3 + sin x", "3x^2"),
        ("e^x - ln x", "e^x"),
        ("(x^2 + x) e^x", "2x e^x + (x^2 + x) e^x"),
    ],
    "outer_derivative_at_x": [
        ("sin(x^2)", "2x cos x"),
        ("cos(x^3)", "-3x^2 sin x"),
        ("(x^2 + 1)^3", "6x^3"),
        ("sqrt(3x + 1)", "3/(2 sqrt x)"),
    ],
}

# Right answers in the forms students write them: never incorrect, never a named mistake.
RIGHT_ANSWERS = [
    ("x^3", "3x^2"),
    ("x^3 - 1/x", "3x^2 + \\frac{1}{x^2}"),
    ("1/x", "-x^(-2)"),
    ("sqrt(x)", "\\frac{1}{2\\sqrt{x}}"),
    ("sqrt(x)", "0.5 x^(-0.5)"),
    ("x^(1/2)", "1/(2 sqrt x)"),
    ("(2x + 1)^4", "8(2x + 1)^3"),
    ("(x^2 + 1)^3", "6x(x^2 + 1)^2"),
    ("(x^2 + 1)^2", "4x^3 + 4x"),
    ("sin^2 x", "sin(2x)"),
    ("sin^2 x", "2 sin x cos x"),
    ("cos^2 x", "-sin 2x"),
    ("sin(x^2)", "2x cos(x^2)"),
    ("cos(3x)", "-3 sin(3x)"),
    ("tan x", "sec^2 x"),
    ("tan x", "1/cos^2 x"),
    ("tan(x^2)", "2x/cos(x^2)^2"),
    ("e^(2x)", "2e^(2x)"),
    ("e^(x^2)", "2x e^{x^2}"),
    ("e^(-x)", "-e^(-x)"),
    ("2^x", "2^x ln 2"),
    ("3^(x^2)", "2x ln 3 \\cdot 3^{x^2}"),
    ("ln(x^2 + 1)", "2x/(x^2 + 1)"),
    ("ln(x^2 + x)", "(2x + 1)/(x^2 + x)"),
    ("ln(x^2 + x)", "1/x + 1/(x + 1)"),
    ("ln(sin x)", "cot x"),
    ("ln(3x)", "1/x"),
    ("log_10 x", "\\frac{1}{x \\ln 10}"),
    ("arctan x", "1/(1 + x^2)"),
    ("arcsin x", "1/sqrt(1 - x^2)"),
    ("arccos x", "-1/sqrt(1 - x^2)"),
    ("arctan(2x)", "2/(1 + 4x^2)"),
    ("x^2 sin x", "2x sin x + x^2 cos x"),
    ("x ln x", "ln x + 1"),
    ("sin x cos x", "cos(2x)"),
    ("sin x cos x", "cos^2 x - sin^2 x"),
    ("x^2 e^x", "e^x (x^2 + 2x)"),
    ("x^2 e^x", "x(x + 2)e^x"),
    ("sin x/x", "cos x/x - sin x/x^2"),
    ("x/(x + 1)", "1/(x + 1)^2"),
    ("ln x/x", "(1 - ln x)/x^2"),
    ("1/(x^2 + 1)", "-2x (x^2 + 1)^(-2)"),
    ("x^2 + 3", "2x"),
    ("x^2 + pi^2", "2x"),
    ("e^3 + x", "1"),
    ("x^2 + 1/x", "(2x^3 - 1)/x^2"),
    ("5x^2", "10x"),
    ("x^x", "x^x (1 + ln x)"),
    ("x^x", "e^{x \\ln x} (\\ln x + 1)"),
    ("sqrt(1 + x^2)", "x/sqrt(1 + x^2)"),
    ("(ln x)^3", "3 (ln x)^2 / x"),
    ("e^x cos x", "\\sqrt{2} e^{x} \\cos(x + \\frac{\\pi}{4})"),
]


def _cases() -> list[tuple[str, str, str]]:
    return [(m, p, a) for m, cases in MAL_CASES.items() for p, a in cases]


def test_every_mal_rule_has_cases() -> None:
    assert set(MAL_CASES) == {m.id for m in MALRULES}


def test_every_mal_rule_has_three_different_expressions() -> None:
    thin = {m: cases for m, cases in MAL_CASES.items() if len({parse(p) for p, _ in cases}) < 3}
    assert not thin


def test_ids_are_unique_snake_case_and_phrased() -> None:
    assert len(BY_ID) == len(MALRULES)
    for mal in MALRULES:
        assert mal.id.isidentifier() and mal.id == mal.id.lower()
        assert mal.pattern
        for lang in LANGS:
            what, right = mistake(mal.id, lang)
            assert what.strip() and right.strip(), (mal.id, lang)


@pytest.mark.parametrize(("mal", "problem", "answer"), _cases())
def test_mal_rule_is_diagnosed(mal: str, problem: str, answer: str) -> None:
    v = check_answer(problem, answer, "x")
    assert v.verdict == "incorrect", v.feedback
    assert v.mistake == mal, v.feedback
    assert to_text(v.expected, readable=True) in v.feedback  # the correct answer is shown


@pytest.mark.parametrize("mal", MALRULES, ids=[m.id for m in MALRULES])
def test_mal_rule_results_differ_from_the_truth(mal: MalRule) -> None:
    """Each mal-rule, where it applies to its own cases, gives a wrong derivative."""
    for problem, _ in MAL_CASES[mal.id]:
        wrong = mistaken_derivative(parse(problem), Sym("x"), mal)
        assert wrong is not None, problem
        assert equivalent(wrong, f"d/dx ({problem})").equivalent is False, problem


@pytest.mark.parametrize(("problem", "answer"), RIGHT_ANSWERS)
def test_right_answers_are_never_a_mistake(problem: str, answer: str) -> None:
    v = check_answer(problem, answer, "x")
    assert v.verdict == "correct", v.feedback
    assert v.mistake is None


def test_a_mal_rule_that_never_applies_gives_nothing() -> None:
    assert mistaken_derivative(parse("x^2 + 1"), Sym("x"), BY_ID["arccos_sign"]) is None
    assert mistaken_derivative(parse("sin x"), Sym("x"), BY_ID["quotient_rule_plus"], once=True) is None


def test_every_mal_rule_is_documented() -> None:
    """docs/checking.md's table names every mal-rule with its pattern, in the table's order."""
    text = (Path(__file__).resolve().parent.parent / "docs" / "checking.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert rows == [f"| `{m.id}` | {m.pattern} |" for m in MALRULES]
