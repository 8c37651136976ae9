"""oracle.equal, the one equality decision: its stages, its witnesses, and two properties.

* A correct derivative plus a small perturbation (coefficients from 10^-20 to 10^20, terms
  that vanish on part of the line, high frequencies) is never judged correct.
* Verification (sympy values, ``equal_values``) and checking (ASTs, ``equal``) reach the
  same verdict on the same pair.
"""

from __future__ import annotations

import os
from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stepcalc import derive, parse
from stepcalc.expr import Add, Deriv, Func, Mul, Num, Pow, Sym
from stepcalc.oracle import equal, equal_values, first_equal, to_sympy
from stepcalc.tasks.check import check_answer

X = Sym("x")
EXAMPLES = int(os.environ.get("STEPCALC_EXAMPLES", "120"))  # raise it for a long run
SLOW = [HealthCheck.too_slow]

# textbook problems whose derivatives stepcalc works out (benchmarks/diff_corpus.py has more)
PROBLEMS = (
    "3x^2 - 4x",
    "e^x cos x",
    "(x+1)/ln x",
    "e^(2x)",
    "1/(1 + e^(-x))",
    "ln(x^4 + x^3 + 2)",
    "x^3 - 1/x",
    "sin(x^2)",
    "sqrt(1 + x^2)",
    "x^2 e^x",
    "atan(x)",
    "tan x",
    "x ln x - x",
    "(2x + 1)^5",
    "x^(2/3)",
)


# ---------------------------------------------------------------- stages and witnesses
@pytest.mark.parametrize(
    ("a", "b", "stage"),
    [
        ("x^2", "x x", "exact"),  # a polynomial identity is decided exactly, never by sampling
        ("(x + 1)^2", "x^2 + 2x + 1", "exact"),
        ("tan x", "sin x/cos x", "exact"),
        ("sin(x)^2 + cos(x)^2", "1", "exact"),
        ("cosh(x)^2 - sinh(x)^2", "1", "exact"),
        ("e^(x + 1)", "e e^x", "exact"),
        ("f(x) g(x)", "g(x) f(x)", "exact"),
        ("2 sin x cos x", "sin(2x)", "numeric"),
        ("ln(x^2)", "2 ln|x|", "numeric"),
    ],
)
def test_equal_and_the_stage_that_decided(a: str, b: str, stage: str) -> None:
    outcome = equal(parse(a), parse(b))
    assert outcome.verdict == "equal" and outcome.stage == stage, outcome


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("2.0000001x", "2x"),  # the old tolerance ran at 15 digits
        ("2x", "(2 + 10^-60) x"),  # beyond any sampling: the exact stage sees it
        ("0.33333333x", "x/3"),
        ("3.14159265", "pi"),
        ("10^-9 sin x", "-10^-9 cos x"),  # the old tolerance followed the largest part
        ("sin(x)/10^8", "0"),
        ("2x + relu(x - 150)", "2x"),  # wrong only far out
        ("2x + relu(10^-4 - |x|)", "2x"),  # wrong only near 0
        ("6.02*10^23 x", "12.04*10^23 x"),  # values past 10^12 are compared
        ("f'(x) g'(x)", "f'(x) g(x) + f(x) g'(x)"),  # stand-ins for f and g
        ("9999 x^9998", "0"),  # 10^-3006 at x = 1/2 is not 0
    ],
)
def test_different_with_a_witness_in_the_common_domain(a: str, b: str) -> None:
    outcome = equal(parse(a), parse(b))
    assert outcome.verdict == "different", outcome
    if outcome.witness:
        point = {name: value for name, value in outcome.witness}
        ea, eb = (to_sympy(parse(t)) for t in (a, b))
        for e in (ea, eb):  # the witness lies where both are real
            at = e.subs({s: sp.Rational(point[str(s)]) for s in e.free_symbols})
            if not at.has(sp.Subs, sp.Derivative) and not at.atoms(sp.core.function.AppliedUndef):
                assert sp.N(at, 30).is_real


def test_a_domain_that_lives_far_out_is_found() -> None:
    # (150, 160) holds no point of the usual scales: the domain search finds it
    outcome = equal(parse("ln(x - 150) + ln(160 - x)"), parse("ln((x - 150)(160 - x))"))
    assert outcome.verdict == "equal" and outcome.points >= 12
    wrong = equal(parse("1/(x - 150) - 1/(160 - x) + relu(x - 155)"), parse("1/(x - 150) - 1/(160 - x)"))
    assert wrong.verdict == "different"


def test_no_common_point_is_unknown_never_different() -> None:
    outcome = equal(parse("sqrt(-1 - x^2)"), parse("x"))
    assert outcome.verdict == "unknown" and outcome.domains_differ


def test_within_narrows_the_domain_to_the_problems() -> None:
    # 1/|x| is (ln x)' wherever ln x is defined, but not (ln|x|)'
    assert equal(parse("1/|x|"), parse("1/x"), within=parse("ln x")).verdict == "equal"
    assert equal(parse("1/|x|"), parse("1/x"), within=parse("ln|x|")).verdict == "different"


def test_tolerance_makes_an_approximate_equality() -> None:
    outcome = equal(parse("3.14159265 x"), parse("pi x"), tol=1e-6)
    assert outcome.verdict == "equal" and outcome.approximate
    assert equal(parse("x^2"), parse("x x"), tol=1e-6).approximate is False  # exact stays exact
    assert equal(parse("3.1 x"), parse("pi x"), tol=1e-6).verdict == "different"


def test_odd_roots_are_real() -> None:
    assert equal(parse("x^(1/3)"), parse("sign(x) |x|^(1/3)")).verdict == "equal"
    assert equal(parse("x^(2/3)"), parse("|x|^(2/3)")).verdict == "equal"


def test_first_equal_finds_the_first_candidate_in_order() -> None:
    candidates = [parse(t) for t in ("x^2", "2x + 1", "2 x", "x + x")]
    assert first_equal(parse("x 2"), candidates) == 2
    assert first_equal(parse("x^3"), candidates) is None


def test_every_function_has_a_ball_value() -> None:
    # each function stepcalc reads reaches the ball evaluator (none is "undefined everywhere")
    names = ["sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "acot", "asec", "acsc"]
    names += ["sinh", "cosh", "tanh", "coth", "sech", "csch", "asinh", "acosh", "atanh", "acoth"]
    names += ["asech", "acsch", "exp", "ln", "sqrt", "abs", "sign", "heaviside", "sigma", "relu", "softplus"]
    for name in names:
        e = Func(name, (Add((Num(Fraction(1, 3)), Mul((Num(Fraction(1, 7)), X)))),))
        assert equal(e, e).verdict == "equal", name
        assert equal(e, Add((e, Num(Fraction(1, 10**30))))).verdict == "different", name


# ---------------------------------------------------------------- property: perturbations
_SHAPES = (
    lambda a: Num(1),
    lambda a: X,
    lambda a: Pow(X, Num(3)),
    lambda a: Func("sin", (Mul((Num(a), X)),)),  # high frequencies
    lambda a: Func("relu", (Add((X, Num(-a))),)),  # vanishes left of a
    lambda a: Func("relu", (Add((Num(-a), X)),)),
    lambda a: Func("heaviside", (Add((X, Num(-a))),)),
    lambda a: Func("exp", (Mul((Num(-1), Pow(X, Num(2)))),)),  # only near 0
)


@settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    problem=st.sampled_from(PROBLEMS),
    shape=st.integers(0, len(_SHAPES) - 1),
    exponent=st.integers(-20, 20),
    mantissa=st.integers(1, 9),
    where=st.sampled_from([1, 7, 150, 1000, 99999]),
)
def test_a_perturbed_derivative_is_never_correct(
    problem: str, shape: int, exponent: int, mantissa: int, where: int
) -> None:
    right = derive(problem).result
    assert right is not None
    size = Num(Fraction(mantissa) * Fraction(10) ** exponent)
    perturbed = Add((right, Mul((size, _SHAPES[shape](where)))))
    verdict = check_answer(problem, perturbed, "x", seconds=5)
    assert verdict.verdict not in ("correct", "correct_but_form"), (problem, perturbed, verdict.feedback)


# ---------------------------------------------------------------- property: one decision
_RIGHT = [(p, derive(p).result) for p in PROBLEMS]


@settings(
    max_examples=max(EXAMPLES // 2, 40),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(first=st.integers(0, len(PROBLEMS) - 1), second=st.integers(0, len(PROBLEMS) - 1), twist=st.booleans())
def test_verification_and_checking_agree(first: int, second: int, twist: bool) -> None:
    """The verifier compares sympy values, the checker ASTs; both ask the one decision."""
    problem, right = _RIGHT[first]
    other = _RIGHT[second][1] if twist else right
    assert right is not None and other is not None
    truth = Deriv(parse(problem), X)
    checked = equal(other, truth)
    verified = equal_values(to_sympy(other), sp.diff(to_sympy(parse(problem)), sp.Symbol("x", real=True)))
    assert checked.verdict == verified.verdict, (problem, other, checked, verified)
