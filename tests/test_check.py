"""Answer checking: equivalence on the reals, forms, mal-rules, working, the CLI."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stepcalc.errors import StepcalcError
from stepcalc.parse import parse
from stepcalc.printing import to_text
from stepcalc.tasks.check import check_answer, equivalent, form_problems
from stepcalc.tasks.working import check_working

# ---------------------------------------------------------------- equivalence: true
EQUAL = [
    # algebra
    ("x^2 - 1", "(x - 1)(x + 1)"),
    ("(x + 1)^2", "x^2 + 2x + 1"),
    ("(x + 1)^3", "x^3 + 3x^2 + 3x + 1"),
    ("1/x + 1/y", "(x + y)/(x y)"),
    ("x/2 + x/3", "5x/6"),
    ("2(x + 1)", "2x + 2"),
    ("(x^2 - 4)/(x - 2)", "x + 2"),
    ("x^(1/2)", "sqrt x"),
    ("x^(-1)", "1/x"),
    ("x^(3/2)", "x sqrt x"),
    ("sqrt(x) sqrt(x)", "x"),
    ("(a + b)^2 - (a - b)^2", "4a b"),
    ("1/(1 - x) - 1/(1 + x)", "2x/(1 - x^2)"),
    ("0.5", "1/2"),
    ("0.25x", "x/4"),
    ("2.5", "5/2"),
    ("-(x - y)", "y - x"),
    ("x y z", "z y x"),
    # exponentials and logarithms
    ("e^(2x)", "(e^x)^2"),
    ("e^(x + y)", "e^x e^y"),
    ("e^(-x)", "1/e^x"),
    ("e^(ln x)", "x"),
    ("ln(e^x)", "x"),
    ("2^x", "e^(x ln 2)"),
    ("ln(x y)", "ln x + ln y"),
    ("ln(x/y)", "ln x - ln y"),
    ("ln(x^2)", "2 ln x"),
    ("ln|x|", "ln x"),
    ("log_2 x", "ln x/ln 2"),
    ("log_10(100 x)", "2 + log_10 x"),
    ("exp(x)", "e^x"),
    ("sqrt(e^(2x))", "e^x"),
    ("x^x", "e^(x ln x)"),
    # trigonometric
    ("sin^2 x + cos^2 x", "1"),
    ("sin(2x)", "2 sin x cos x"),
    ("cos(2x)", "cos^2 x - sin^2 x"),
    ("cos(2x)", "1 - 2 sin^2 x"),
    ("tan x", "sin x/cos x"),
    ("sec^2 x", "1 + tan^2 x"),
    ("csc^2 x - cot^2 x", "1"),
    ("sin(x + y)", "sin x cos y + cos x sin y"),
    ("cos(pi/2 - x)", "sin x"),
    ("sin(-x)", "-sin x"),
    ("cos(-x)", "cos x"),
    ("1/cos x", "sec x"),
    ("cot x", "cos x/sin x"),
    ("sin x/(1 + cos x)", "(1 - cos x)/sin x"),
    ("tan(x/2)", "sin x/(1 + cos x)"),
    ("cosh^2 x - sinh^2 x", "1"),
    ("sinh(2x)", "2 sinh x cosh x"),
    ("cosh x", "(e^x + e^(-x))/2"),
    ("asin x + acos x", "pi/2"),
    # σ and absolute values
    ("sigma(x)", "1/(1 + e^(-x))"),
    ("sigma(x)(1 - sigma(x))", "e^(-x)/(1 + e^(-x))^2"),
    ("1 - sigma(x)", "sigma(-x)"),
    ("|x|", "sqrt(x^2)"),
    ("|x| |y|", "|x y|"),
    ("x/|x|", "|x|/x"),
    ("|x|^2", "x^2"),
    # constants, decided exactly
    ("atan(1/2)", "pi/2 - atan(2)"),
    ("sqrt(11 + 6 sqrt 2)", "3 + sqrt 2"),
    ("(2 + sqrt 5)^(1/3) + (2 - sqrt 5)^(1/3)", "1"),
    ("sqrt 8", "2 sqrt 2"),
    ("ln 8", "3 ln 2"),
    ("sin(pi/6)", "1/2"),
    ("x^(1/3)", "-(-x)^(1/3)"),  # real cube roots
    ("pi/4", "atan 1"),
    ("2^10", "1024"),
    # several variables, derivatives
    ("x^2 y + y^3", "y(x^2 + y^2)"),
    ("d/dx (x^3)", "3x^2"),
    ("(sin x)'", "cos x"),
]

# ---------------------------------------------------------------- equivalence: false
DIFFERENT = [
    ("2x cos(x^2)", "2x cos x"),  # agrees at x = -1, 0, 1
    ("sqrt(x^2)", "x"),  # differ for x < 0
    ("X", "x"),  # case-sensitive
    ("0.333", "1/3"),  # exact numbers
    ("x^2", "2x"),
    ("(x + 1)^2", "x^2 + 1"),
    ("sin(2x)", "2 sin x"),
    ("ln(x + y)", "ln x + ln y"),
    ("e^(x y)", "e^x e^y"),
    ("sqrt(x + y)", "sqrt x + sqrt y"),
    ("1/(x + y)", "1/x + 1/y"),
    ("sin^2 x", "sin(x^2)"),
    ("cos(2x)", "2 cos x"),
    ("tan x", "cos x/sin x"),
    ("x^3", "x^3 + 1e-9"),
    ("pi", "3.14159"),
    ("sqrt 2", "1.41421356"),
    ("e", "2.718281828"),
    ("atan(1/2)", "pi/2 - atan(3)"),
    ("sigma(x)", "1/(1 + e^x)"),
    ("|x|", "x"),
    ("x/|x|", "1"),
    ("x^x", "x^2"),
    ("sin x", "sin(x + 2)"),
    ("sin x", "sin(x + 2pi) + 1e-12"),
    ("atan x + atan(1/x)", "pi/2"),  # -pi/2 for x < 0
    ("x y", "x + y"),
    ("x^2 y", "x y^2"),
    ("1/3 x", "x/3 + 0.001"),
    ("cosh x", "sinh x"),
    ("sqrt(x^2 + 1)", "x + 1"),
    ("x^(2/3)", "x^(3/2)"),
    ("e^(-x^2)", "e^(x^2)"),
]


@pytest.mark.parametrize(("a", "b"), EQUAL, ids=[f"{a} = {b}" for a, b in EQUAL])
def test_equivalent(a: str, b: str) -> None:
    assert equivalent(a, b).equivalent is True
    assert equivalent(b, a).equivalent is True


@pytest.mark.parametrize(("a", "b"), DIFFERENT, ids=[f"{a} != {b}" for a, b in DIFFERENT])
def test_not_equivalent(a: str, b: str) -> None:
    assert equivalent(a, b).equivalent is False
    assert equivalent(b, a).equivalent is False


def test_at_least_a_hundred_equivalence_cases() -> None:
    assert len(EQUAL) + len(DIFFERENT) >= 100


@pytest.mark.parametrize(("a", "b"), [("ln(x^2)", "2 ln x"), ("ln|x|", "ln x"), ("(sqrt x)^2", "|x|")])
def test_domain_difference_is_noted(a: str, b: str) -> None:
    result = equivalent(a, b)
    assert result.equivalent is True and result.domains_differ
    assert "different domains" in result.reason


def test_tolerance_is_asked_for() -> None:
    assert equivalent("0.333", "1/3").equivalent is False
    assert equivalent("0.333", "1/3", tol=0.01).equivalent is True
    assert equivalent("3.14159 x", "pi x", tol=1e-4).equivalent is True
    with pytest.raises(StepcalcError, match="tolerance"):
        equivalent("x", "x", tol=-1)


def test_undecided_is_none_not_a_guess() -> None:
    # no real point where both are defined: nothing to compare, so no verdict either way
    assert equivalent("sqrt(-1 - x^2)", "x").equivalent is None
    assert equivalent("ln(-x^2 - 1)", "ln(-x^4 - 2)").equivalent is None


def test_unknown_functions_are_told_apart_by_stand_ins() -> None:
    # f and g may be any functions: one choice where they differ proves them different
    outcome = equivalent("f(x)", "g(x)")
    assert outcome.equivalent is False and "choice of the undefined functions" in outcome.reason
    assert equivalent("f(x) g(x)", "g(x) f(x)").equivalent is True


# ---------------------------------------------------------------- forms
@pytest.mark.parametrize(
    ("expr", "form", "ok"),
    [
        ("x^2 + 2x + 1", "expanded", True),
        ("(x + 1)^2", "expanded", False),
        ("2(x + 1)", "expanded", False),
        ("(x + 1)^2", "factored", True),
        ("x^2 + 2x + 1", "factored", False),
        ("x^2 + 1", "factored", True),  # irreducible over the rationals
        ("12x(x + 1)(x - 2)", "factored", True),
        ("(x + 1)/x^2", "single_fraction", True),
        ("1/x + 1/x^2", "single_fraction", False),
        ("-(x + 1)/x^2", "single_fraction", True),
        ("2x", "simplified", True),
        ("1*x + 0", "simplified", False),
        ("x^1", "simplified", False),
        ("sin x + x y", "any", True),
    ],
)
def test_forms(expr: str, form: str, ok: bool) -> None:
    assert (form_problems(parse(expr), form) == []) is ok
    assert equivalent(expr, expr, form=form).form_ok is ok


def test_unknown_form_is_an_error() -> None:
    with pytest.raises(StepcalcError, match="unknown form"):
        equivalent("x", "x", form="tidy")


# ---------------------------------------------------------------- check_answer
@pytest.mark.parametrize(
    ("problem", "answer"),
    [
        ("e^x cos x", "e^x cos x - e^x sin x"),
        ("e^x cos x", "e^x (cos x - sin x)"),
        ("e^x cos x", "\\sqrt{2} e^{x} \\cos(x + \\frac{\\pi}{4})"),
        ("(x+1)/ln x", "(x ln x - x - 1)/(x (ln x)^2)"),
        ("(x+1)/ln x", "1/ln x - (x + 1)/(x ln(x)^2)"),
        ("e^(2x)", "2e^(2x)"),
        ("sigma(x)", "sigma(x)(1 - sigma(x))"),
        ("sigma(x)", "e^(-x)/(1 + e^(-x))^2"),
        ("ln(x^4 + x^3 + 2)", "(4x^3 + 3x^2)/(x^4 + x^3 + 2)"),
        ("x^3 - 1/x", "3x^2 + x^(-2)"),
        ("sin(x^2)", "2x cos(x^2)"),
        ("ln(x^2)", "2/x"),
        ("x^x", "x^x (ln x + 1)"),
        ("tan x", "1 + tan^2 x"),
        ("x^2 y", "2x y"),
    ],
)
def test_right_answers_are_correct_and_never_diagnosed(problem: str, answer: str) -> None:
    wrt = "x"
    v = check_answer(problem, answer, wrt)
    assert v.verdict == "correct", v.feedback
    assert v.mistake is None and v.score == 1.0


def test_form_is_required_when_asked() -> None:
    v = check_answer("3x^4 - 4x^3 - 12x^2 + 32", "12x^3 - 12x^2 - 24x", form="factored")
    assert v.verdict == "correct_but_form" and v.score == 0.5
    assert "factored" in v.feedback
    assert check_answer("3x^4 - 4x^3 - 12x^2 + 32", "12x(x + 1)(x - 2)", form="factored").verdict == "correct"


def test_other_verdicts() -> None:
    v = check_answer("x^3", "x^4/4")
    assert v.verdict == "incorrect" and v.mistake == "integrated" and "antiderivative" in v.feedback
    v = check_answer("sin(x^2)", "d/dx sin(x^2)")
    assert v.verdict == "incorrect" and "still contains the derivative" in v.feedback
    v = check_answer("sin(x^2)", "(sin x^2)'")
    assert v.verdict == "incorrect"
    v = check_answer("x^3", "3x^2 +")
    assert v.verdict == "invalid" and v.column == 7 and v.score == 0.0
    v = check_answer("x^2", "\\frac{d}{dx}")
    assert v.verdict == "invalid"
    v = check_answer("sin(x^2)", "cos(x^2)", lang="zh")
    assert "链式法则" in v.feedback and "2x cos x^2" in v.feedback


def test_answer_prefixes_are_ignored() -> None:
    assert check_answer("x^2", "y' = 2x").verdict == "correct"
    assert check_answer("x^2", "f'(x) = 2x").verdict == "correct"
    assert check_answer("x^2", "= 2x").verdict == "correct"


def test_json_shape() -> None:
    data = check_answer("sin(x^2)", "cos(x^2)").to_dict()
    keys = {"verdict", "score", "approximate", "feedback", "mistake", "expected", "derivation", "components"}
    assert set(data) == keys | {"read_as", "readings"} and data["components"] is None
    assert data["read_as"] == {"text": "cos(x^2)", "latex": "\\cos\\left(x^{2}\\right)", "notes": []}
    assert data["expected"] == {"text": "2x cos x^2", "latex": "2x \\cos x^{2}", "sympy": "2*x*cos(x**2)"}
    assert data["derivation"]["problem"]["input"] == "sin(x^2)"


# ---------------------------------------------------------------- working
CORRECT_WORKINGS = {
    "e^x cos x": ["(e^x)' cos x + e^x (cos x)'", "e^x cos x + e^x (-sin x)", "e^x cos x - e^x sin x"],
    "(x+1)/ln x": [
        "y' = ((x+1)' ln x - (x+1)(ln x)')/(ln x)^2",
        "= (ln x - (x+1)/x)/(ln x)^2",
        "= (x ln x - x - 1)/(x (ln x)^2)",
    ],
    "x^3 - 1/x": [
        "\\begin{align*}",
        "y' &= 3x^2 - (-1/x^2) \\\\",
        "&= 3x^2 + \\frac{1}{x^2}",
        "\\end{align*}",
    ],
    "sin(x^2)": ["cos(x^2) (x^2)' = 2x cos(x^2)"],
}


@pytest.mark.parametrize("problem", list(CORRECT_WORKINGS))
def test_correct_working_is_all_ok(problem: str) -> None:
    w = check_working(problem, CORRECT_WORKINGS[problem])
    assert [c.status for c in w.lines] == ["ok"] * len(w.lines)
    assert w.first_wrong is None and w.final == "correct"


def test_working_names_the_rules() -> None:
    w = check_working("e^x cos x", CORRECT_WORKINGS["e^x cos x"])
    assert [c.rules for c in w.lines] == [["product"], ["exp", "cos"], ["simplify"]]


def test_seed_error_1_quotient_typo() -> None:
    w = check_working(
        "(x+1)/ln x",
        [
            "y' = ((x+1)' ln x - (x+1)(ln x)')/(ln x)^2",
            "= (ln x - (x+1)^{1/x})/(ln x)^2",
            "= (x ln x - x - 1)/(x (ln x)^2)",
        ],
    )
    assert w.first_wrong == 2
    assert w.lines[1].status == "wrong"
    assert equivalent(w.lines[1].expected, "(ln x - (x+1)/x)/(ln x)^2").equivalent
    assert w.lines[2].status == "ok" and "after the wrong line 2" in w.lines[2].note  # right again
    assert w.final == "correct"


def test_seed_error_2_e_for_2() -> None:
    w = check_working("e^(2x)", ["y' = e^(2x) (2x)'", "= e^(2x) · 2", "= 2e^{ex}"])
    assert w.first_wrong == 3 and w.final == "incorrect"
    assert to_text(w.lines[2].expected, readable=True) == "2e^(2x)"


def test_seed_error_4_ln_over_ln() -> None:
    w = check_working("log(x^4 + x^3 + 2)", ["f'(x) = (4x^3 + 3x^2)/log(x^4 + x^3 + 2)"])
    assert w.first_wrong == 1 and w.lines[0].mistake == "ln_over_ln"
    assert to_text(w.lines[0].expected, readable=True) == "(4x^3 + 3x^2)/(x^4 + x^3 + 2)"


def test_carried_error_and_json() -> None:
    w = check_working("sin(x^2)", ["cos(x^2) (x^2)'", "cos(x^2)", "cos(x^2) + 0"])
    assert [c.status for c in w.lines] == ["ok", "wrong", "wrong"]
    assert "follows from the wrong line 2" in w.lines[2].note
    data = w.to_dict()
    assert data["first_wrong"] == 2 and data["final"] == "incorrect"
    assert data["lines"][1]["line"] == 2 and data["lines"][1]["status"] == "wrong"


def test_unreadable_line_is_unverifiable() -> None:
    w = check_working("x^2", ["2x +", "2x"])
    assert [c.status for c in w.lines] == ["unverifiable", "ok"]


# ---------------------------------------------------------------- hypothesis
REWRITES = [
    lambda a: f"({a}) + sin(x)^2 + cos(x)^2 - 1",
    lambda a: f"({a}) e^(ln 2) / 2",
    lambda a: f"2 ({a}) - ({a})",
    lambda a: f"(({a}) + 1) - 1",
    lambda a: f"({a}) (x^2 + 1)/(x^2 + 1)",
    lambda a: f"ln(e^({a}))",
]
PROBLEMS = ["e^x cos x", "x^3 - 1/x", "sin(x^2)", "(x+1)/(x^2+1)", "x ln x", "sqrt(1 + x^2)", "e^(2x) sin x"]
EXAMPLES = int(os.environ.get("STEPCALC_EXAMPLES", "25"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PROBLEMS), st.lists(st.sampled_from(range(len(REWRITES))), min_size=1, max_size=2))
def test_rewritten_right_answer_is_never_incorrect(problem: str, rewrites: list[int]) -> None:
    from stepcalc import derive

    answer = to_text(derive(problem).result)
    for k in rewrites:
        answer = REWRITES[k](answer)
    assert check_answer(problem, answer).verdict in ("correct", "correct_but_form", "unknown")


PERTURB = [
    lambda a: f"({a}) + 1",
    lambda a: f"({a}) + x/1000",
    lambda a: f"2({a})",
    lambda a: f"({a}) + sin(x)/100",
    lambda a: f"({a}) (1 + x^2/10^6)",
    lambda a: f"-({a})",
]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PROBLEMS), st.sampled_from(range(len(PERTURB))))
def test_perturbed_answer_is_never_correct(problem: str, k: int) -> None:
    from stepcalc import derive

    answer = PERTURB[k](to_text(derive(problem).result))
    assert check_answer(problem, answer).verdict == "incorrect"


# ---------------------------------------------------------------- CLI
def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stepcalc", *args], capture_output=True, text=True, check=False, input=stdin
    )


def test_cli_check_answer() -> None:
    out = run("check", "sin(x^2)", "--answer", "cos(x^2)", "--format", "json")
    assert out.returncode == 0
    data = json.loads(out.stdout)
    assert data["verdict"] == "incorrect" and data["mistake"] == "chain_factor_forgotten"
    out = run("check", "sin(x^2)", "--answer", "2x cos(x^2)")
    assert out.stdout.startswith("correct: ")


def test_cli_check_working_from_stdin() -> None:
    out = run("check", "e^(2x)", "--working", "-", "--format", "json", stdin="y' = e^(2x) (2x)'\n= 2e^{ex}\n")
    data = json.loads(out.stdout)
    assert data["first_wrong"] == 2 and data["final"] == "incorrect"
    assert data["lines"][1]["expected"]["text"] == "2e^(2x)"


def test_cli_equiv() -> None:
    out = run("equiv", "0.333", "1/3", "--tol", "0.001", "--format", "json")
    assert json.loads(out.stdout) == {
        "equivalent": True,
        "form_ok": True,
        "reason": "equal within 0.001",
        "domains_differ": False,
        "read_as": [
            {"text": "0.333", "latex": "0.333", "notes": []},
            {"text": "1/3", "latex": "\\frac{1}{3}", "notes": []},
        ],
    }
    assert run("equiv", "sqrt(x^2)", "x").stdout.startswith("not equivalent")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["check", "x^2"], "give the student's --answer or their --working"),
        (["check", "x^2", "--working", "/nonexistent/file"], "cannot read the working file"),
        (["check", "x^2 +", "--answer", "2x"], "expected an expression"),
        (["equiv", "x", "(x"], "never closed"),
    ],
)
def test_cli_bad_input_is_one_line(args: list[str], words: str) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert words in out.stderr and "Traceback" not in out.stderr


def test_seed_error_3_norm_gradient_square_root_dropped() -> None:
    w = check_working(
        "‖x‖₂",
        [
            "∂f/∂x_i = (1/2)(Σ_{j=1}^{n} x_j^2)^(-1/2) · 2x_i",
            "= x_i / Σ x_i^2",  # the seed's line: the square root dropped
            "= x_i/sqrt(Σ_j x_j^2)",
            "∇f = x/‖x‖₂",
        ],
    )
    assert [c.status for c in w.lines] == ["ok", "wrong", "ok", "ok"]
    assert w.first_wrong == 2 and w.final == "correct"
    assert to_text(w.lines[1].expected, readable=True) == "x_i/||x||_2"


def test_vector_working_with_declared_shapes() -> None:
    w = check_working(
        "‖A x - b‖^2", ["2A^T (A x - b)", "2A (A x - b)", "x + A"], "x", vectors="x,b", matrices="A"
    )
    assert [c.status for c in w.lines] == ["ok", "wrong", "wrong"]
    assert to_text(w.lines[1].expected) == "2A^T (A x - b)"
    assert "cannot add x" in w.lines[2].note


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Σ_{j=1}^{n} x_j^2", "sum_{j=1}^{n} x_j^2"),
        ("sum_{j=1}^n x_j^2", "sum_{j=1}^{n} x_j^2"),
        ("Σ_j x_j^2", "sum_{j=1}^{n} x_j^2"),
        ("Σ x_i^2", "sum_{i=1}^{n} x_i^2"),
        ("Σ_{k=0}^{n-1} a_k x_k + 1", "sum_{k=0}^{n - 1} (a_k x_k) + 1"),
    ],
)
def test_sums_are_read_and_read_back(text: str, canonical: str) -> None:
    e = parse(text)
    assert to_text(e) == canonical
    assert parse(canonical) == e


@pytest.mark.parametrize(
    ("answer", "limit"),
    [
        ("2^(10^10)", "max_digits"),
        ("10^10^10", "max_digits"),
        ("(x+1)^100000", "max_exponent"),
        ("x^(10^100)", "max_exponent"),
        ("e^(e^(e^(e^x)))", None),
        ("sin(" * 40 + "x" + ")" * 40, None),
    ],
)
def test_hostile_answers_end_within_the_budget(answer: str, limit: str | None) -> None:
    start = time.monotonic()
    v = check_answer("x^2", answer, seconds=1.0)
    if limit:  # refused before any arithmetic, naming the limit
        assert v.verdict == "invalid" and f"({limit})" in v.feedback
    else:
        assert v.verdict in ("incorrect", "unknown")
    assert time.monotonic() - start < 10  # a hang guard, not a speed target


@pytest.mark.parametrize("power", ["x^9999", "(x+1)^5000", "x^300 sin x"])
def test_a_tiny_derivative_is_not_zero(power: str) -> None:
    # 9999x^9998 at x = 0.5 is about 10^-3006: an absolute tolerance once called "0" correct
    assert check_answer(power, "0").verdict == "incorrect"


def test_complex_infinity_is_outside_the_domain_not_a_crash() -> None:
    result = equivalent("1/0 + x", "x", seconds=0.5)
    assert not result.equivalent and result.domains_differ


def test_scalar_transpose_and_norm_compare_as_themselves() -> None:
    assert equivalent("x^T", "x", seconds=0.5).equivalent
    assert equivalent("‖x‖₂", "|x|", seconds=0.5).equivalent
    assert not equivalent("‖x‖₂", "x", seconds=0.5).equivalent


def test_a_written_vector_is_not_compared_as_a_scalar() -> None:
    with pytest.raises(StepcalcError, match="only scalar expressions"):
        equivalent("[x, y]", "x", seconds=0.5)


def test_dot_of_scalars_is_their_product() -> None:
    # found by fuzzing: the oracle asked sympy for a function 'dot' it does not have
    assert equivalent("dot(e, x)", "e x", seconds=0.5).equivalent
    assert check_answer("dot(e, e)", "sqrt(1 + x^2)/x").verdict in ("incorrect", "unknown")


@pytest.mark.parametrize("wrt", ["t", "theta", "x_1"])
def test_vector_working_by_a_variable_that_does_not_occur(wrt: str) -> None:
    # found by fuzzing: the oracle drew values only for the symbols of the expression (KeyError)
    w = check_working("‖x‖₂", ["x/‖x‖₂", "0"], wrt)
    assert [c.status for c in w.lines] == ["wrong", "ok"] and w.final == "correct"


def test_a_line_with_no_real_value_is_judged_not_crashed() -> None:
    # found by fuzzing: atanh(3/0) is an interval in sympy, which its printer cannot compile
    w = check_working("b e atanh(3/0)", ["b"])
    assert w.lines[0].status in ("wrong", "unverifiable")
    assert not equivalent("atanh(3/0)", "x", seconds=0.5).equivalent


def test_cli_working_that_is_not_utf8_is_bad_input(tmp_path: pathlib.Path) -> None:
    # found by fuzzing: an internal error (exit 1) with UnicodeDecodeError
    bad = tmp_path / "working.txt"
    bad.write_bytes(b"x^x \xff\xfe\n")
    out = run("check", "x^x", "--working", str(bad))
    assert out.returncode == 2 and "is not UTF-8 text (byte 0xff at offset 4)" in out.stderr
    raw = subprocess.run(
        [sys.executable, "-m", "stepcalc", "check", "x^x", "--working", "-"],
        capture_output=True,
        input=b"x\xff\n",
    )
    out = subprocess.CompletedProcess(raw.args, raw.returncode, "", raw.stderr.decode())
    assert out.returncode == 2 and "standard input is not UTF-8 text" in out.stderr


def test_a_derivative_of_heaviside_is_zero_at_the_test_points() -> None:
    # found by fuzzing: sympy's DiracDelta reached the numeric evaluator (NameError)
    assert equivalent("d/dx heaviside(x)", "0", seconds=1).equivalent
    assert check_answer(
        r"\log_{x_{ab}} x_{ab}^{0.125} \operatorname{heaviside}(x_{ab}^{0.125})", "x"
    ).verdict in (
        "incorrect",
        "unknown",
    )


def test_a_vector_line_too_deep_to_evaluate_is_unverifiable() -> None:
    # found by fuzzing: a RecursionError from a 200-level tower in the working
    w = check_working("‖xb‖₂", ["e^" * 521 + "x"], seconds=2)
    assert w.lines[0].status == "unverifiable"


def test_numbers_too_long_to_print_or_too_big_for_mpmath_are_undecided() -> None:
    # found by fuzzing: five 1,000-digit factors make a 5,000-digit integer, past Python's limit
    # on int-to-str conversion (ValueError); cosh(sinh(n)) overflowed mpmath (OverflowError)
    long = " ".join(["1" * 1000] * 5)
    assert check_answer("(e^x cos x)'", long, seconds=0.5).verdict in ("incorrect", "unknown")
    assert equivalent("cosh⁴(sinh³(68364240024697077760ᵀ))", "x", seconds=0.5).equivalent is not True


def test_working_keeps_the_files_line_numbers() -> None:
    # a = b = c on one line: each part is judged, and each keeps its line's number
    w = check_working("e^(2x)", ["y' = e^(2x) (2x)' = e^(2x) 2", "", "= 2e^(ex)"])
    assert [(c.line, c.status) for c in w.lines] == [(1, "ok"), (1, "ok"), (3, "wrong")]
    assert w.first_wrong == 3 and w.final == "incorrect"
    assert w.to_dict()["lines"][2]["line"] == 3


@pytest.mark.parametrize("word", ["therefore", "Therefore,", "so", "hence", "thus:", "∴", "所以", "因此，"])
def test_leading_words_are_ignored(word: str) -> None:
    assert check_answer("x^2", f"{word} 2x").verdict == "correct"
    assert check_answer("x^2", f"{word} y' = 2x").verdict == "correct"
    w = check_working("x^2", [f"{word} y' = 2x"])
    assert w.final == "correct"


def test_a_word_beginning_like_a_leading_word_is_not_cut() -> None:
    # "so" is dropped only as a word: sin x stays sin x
    assert check_answer("-cos x", "sin x").verdict == "correct"
    assert check_answer("x^2", "sometimes 2x").verdict in ("invalid", "incorrect")


# ---------------------------------------------------------------- more kinds of answers
@pytest.mark.parametrize(
    ("problem", "answer", "wrt", "verdicts"),
    [
        ("x^2 + y^2", "[2x, 2y]", None, ["correct", "correct"]),
        ("x^2 + y^2", "(2x, 2y)", None, ["correct", "correct"]),  # written as a tuple
        ("x^2 + y^2", "[2x, y]", None, ["correct", "incorrect"]),
        ("3x_1^2 + 5e^(x_2)", "[6x_1, 5e^(x_2)]", None, ["correct", "correct"]),  # WORKED §9
        ("ln(x^2 + y^2)", "(2x/(x^2 + y^2), 2y/(x^2 + y^2))", None, ["correct", "correct"]),  # §13
        ("x^2 y", "[x^2, 2x y]", "y,x", ["correct", "correct"]),  # the order wrt gives
        ("x^2 y", "[x^2, 2x y]", None, ["incorrect", "incorrect"]),
    ],
)
def test_a_gradient_answer_is_judged_component_by_component(
    problem: str, answer: str, wrt: str | None, verdicts: list[str]
) -> None:
    v = check_answer(problem, answer, wrt)
    assert v.components is not None
    assert [c["verdict"] for c in v.components] == verdicts
    assert v.verdict == ("correct" if set(verdicts) == {"correct"} else "incorrect")
    assert v.to_dict()["components"] == v.components


def test_a_gradient_answer_of_the_wrong_size() -> None:
    v = check_answer("x^2 + y^2 + z^2", "[2x, 2y]")
    assert v.verdict == "incorrect" and v.mistake == "gradient_size" and "3 components" in v.feedback
    assert "梯度有 3 个分量" in check_answer("x^2 + y^2 + z^2", "[2x, 2y]", lang="zh").feedback


@pytest.mark.parametrize(
    ("problem", "answer", "wrt", "order", "verdict"),
    [
        ("x^2 y^3", "6x y^2", "x,y", 1, "correct"),  # ∂²/∂y∂x
        ("x^2 y^3", "6x^2 y", "x,y", 1, "incorrect"),
        ("x^3", "6x", None, 2, "correct"),
        ("x^3", "3x^2", None, 2, "incorrect"),
        ("sin x", "-cos x", None, 3, "correct"),
    ],
)
def test_partials_and_higher_orders(
    problem: str, answer: str, wrt: str | None, order: int, verdict: str
) -> None:
    assert check_answer(problem, answer, wrt, order=order).verdict == verdict


def test_cli_check_order_wrt_and_gradient() -> None:
    assert run("check", "x^3", "--answer", "6x", "--order", "2").stdout.startswith("correct")
    assert run("check", "x^2 y^3", "--answer", "6x y^2", "--wrt", "x,y").stdout.startswith("correct")
    out = run("check", "x^2 + y^2", "--answer", "(2x, y)", "--format", "json")
    data = json.loads(out.stdout)
    assert data["verdict"] == "incorrect"
    assert [c["verdict"] for c in data["components"]] == ["correct", "incorrect"]
    assert data["components"][1]["expected"]["sympy"] == "2*y"
