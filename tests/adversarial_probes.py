"""Adversarial probes for the answer checker: each is a problem, a student's answer, and both
again in sympy syntax, so that ``tests/test_adversarial.py`` can decide the truth without stepcalc.

The sympy text is what the stepcalc text means by ``docs/grammar.md`` (``1/2x`` is 1/(2x),
``sin x^2`` is sin(x²), ``1e-12`` is 1·e − 12, odd roots of negative numbers are real), written
by hand with the names sympy knows: ``Max(0, u)`` for relu(u), ``Heaviside``, ``sign``, ``Abs``,
``1/(1 + exp(-u))`` for σ(u), ``sign(u)*Abs(u)**Rational(1, 3)`` for a real cube root.  Decimals
are exact (the truth module reads them with sympy's ``rationalize``).  Undefined functions are
``f(u)``, ``g(u)`` and their derivatives ``fp(u)`` = f'(u), ``gp(u)`` = g'(u); the truth module
replaces them by concrete functions.

``intended`` is what the author of the probe meant; the truth module decides the truth itself
and a test asserts that the two agree, so a slip in a table is caught rather than trusted.
Category ``notation`` is decided by specification: an answer that still holds derivative
notation (``dy/dx``, ``y'``, ``d/dx``, an ``f'`` the problem has no ``f`` for) is incorrect
whatever its value, so its sympy text is None.  A leading ``y' =`` or ``f'(x) =`` is allowed.

Truth is judged on the real domain of the problem: (ln x)' answered 1/|x|, or 1/x + relu(-x),
is correct, since the two differ only where ln x is not defined.  ``domain`` names an interval
(ends as exact decimal strings, None for no end) where the problem lives when that interval is
too narrow or too far out for the common grid of test points.
"""

from __future__ import annotations

from dataclasses import dataclass

C = "correct"
I = "incorrect"  # noqa: E741 - the two truths read best as one letter in the tables

CATEGORIES = (
    "decimal",
    "tiny_huge",
    "far_or_near_zero",
    "domain",
    "notation",
    "undefined_functions",
    "unusual_forms",
    "lookalike",
)


@dataclass(frozen=True, slots=True)
class Probe:
    id: str
    category: str
    problem: str
    answer: str
    problem_sympy: str
    answer_sympy: str | None  # None: decided by specification (derivative notation left in)
    intended: str
    domain: tuple[str | None, str | None] | None = None


PROBES: list[Probe] = []

Answers = list[tuple[str, str | None, str]]


def family(
    category: str,
    problem: str,
    problem_sympy: str,
    answers: Answers,
    domain: tuple[str | None, str | None] | None = None,
) -> None:
    """Probes of one problem: answers as (text, sympy text, intended truth)."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")
    for answer, answer_sympy, intended in answers:
        n = sum(p.category == category for p in PROBES) + 1
        PROBES.append(
            Probe(
                f"{category}-{n:03d}",
                category,
                problem,
                answer,
                problem_sympy,
                answer_sympy,
                intended,
                domain,
            )
        )


# ---------------------------------------------------------------- 1. decimal near-misses
D = "decimal"
family(D, "x^2/6", "x**2/6", [
    ("0.33333333x", "0.33333333*x", I),
    ("0.333333333333333333x", "0.333333333333333333*x", I),
    ("0.33333333333333333333333333333x", "0.33333333333333333333333333333*x", I),
    ("0.3334x", "0.3334*x", I),
    ("x/3", "x/3", C),
    ("(1/3)x", "x/3", C),
])  # fmt: skip
family(D, "x^2", "x**2", [
    ("2.0000001x", "2.0000001*x", I),
    ("1.9999999x", "1.9999999*x", I),
    ("2.000000000001x", "2.000000000001*x", I),
    ("1.99999999999999999999x", "1.99999999999999999999*x", I),
    ("2.0x", "2*x", C),
    ("2.00 x", "2*x", C),
    ("2x + 0.0", "2*x", C),
])  # fmt: skip
family(D, "pi x", "pi*x", [
    ("3.14159265", "3.14159265", I),
    ("3.1416", "3.1416", I),
    ("3.141592653589793", "3.141592653589793", I),
    ("3.14159265358979323846264338327950288", "3.14159265358979323846264338327950288", I),
    ("pi", "pi", C),
    ("π", "pi", C),
])  # fmt: skip
family(D, "sqrt(2) x", "sqrt(2)*x", [
    ("1.4142", "1.4142", I),
    ("1.41421356237", "1.41421356237", I),
    ("1.4142135623730951", "1.4142135623730951", I),
    ("sqrt 2", "sqrt(2)", C),
    ("2^(1/2)", "sqrt(2)", C),
    ("2/sqrt(2)", "sqrt(2)", C),
])  # fmt: skip
family(D, "e x", "E*x", [
    ("2.71828", "2.71828", I),
    ("2.718281828459045", "2.718281828459045", I),
    ("e", "E", C),
    ("exp(1)", "E", C),
])  # fmt: skip
family(D, "e^x", "exp(x)", [
    ("2.71828^x", "2.71828**x", I),
    ("2.718281828459045^x", "2.718281828459045**x", I),
    ("exp(x)", "exp(x)", C),
])  # fmt: skip
family(D, "x^5/2", "x**5/2", [
    ("2.5x^4", "2.5*x**4", C),
    ("2.50 x^4", "2.5*x**4", C),
    ("(5/2)x^4", "5*x**4/2", C),
    ("2.4999999x^4", "2.4999999*x**4", I),
])  # fmt: skip
family(D, "x^2/4", "x**2/4", [("0.5x", "0.5*x", C), ("0.50x", "0.5*x", C), ("0.49999x", "0.49999*x", I)])
family(D, "x^2/16", "x**2/16", [("0.125x", "0.125*x", C), ("0.12x", "0.12*x", I)])
family(D, "x^3/8", "x**3/8", [("0.375x^2", "0.375*x**2", C), ("0.37x^2", "0.37*x**2", I)])
family(D, "x^2/20", "x**2/20", [
    ("0.1x", "0.1*x", C),
    ("0.1000000001x", "0.1000000001*x", I),
    ("0.0999999999999x", "0.0999999999999*x", I),
])  # fmt: skip
family(D, "x/3", "x/3", [
    ("0.333", "0.333", I),
    ("0.3333333333333333", "0.3333333333333333", I),
    ("1/3", "1/3", C),
])  # fmt: skip
family(D, "x ln 2", "x*log(2)", [
    ("0.693147", "0.693147", I),
    ("0.6931471805599453", "0.6931471805599453", I),
    ("ln 2", "log(2)", C),
])  # fmt: skip
family(D, "2^x", "2**x", [
    ("0.6931471805599453 2^x", "0.6931471805599453*2**x", I),
    ("0.69314718 2^x", "0.69314718*2**x", I),
    ("2^x ln 2", "2**x*log(2)", C),
])  # fmt: skip
family(D, "x^2/14", "x**2/14", [
    ("0.142857x", "0.142857*x", I),
    ("0.142857142857142857x", "0.142857142857142857*x", I),
    ("x/7", "x/7", C),
])  # fmt: skip
family(D, "sin(x)/3", "sin(x)/3", [
    ("0.3333333 cos x", "0.3333333*cos(x)", I),
    ("cos(x)/3", "cos(x)/3", C),
    ("(1/3) cos x", "cos(x)/3", C),
])  # fmt: skip
family(D, "sqrt(x)", "sqrt(x)", [
    ("0.5 x^(-0.5)", "0.5*x**(-0.5)", C),
    ("0.5/sqrt(x)", "0.5/sqrt(x)", C),
    ("0.49999 x^(-0.5)", "0.49999*x**(-0.5)", I),
    ("0.5 x^(-0.49999)", "0.5*x**(-0.49999)", I),
])  # fmt: skip
family(D, "x^1.5", "x**1.5", [
    ("1.5 x^0.5", "1.5*x**0.5", C),
    ("1.5 sqrt x", "1.5*sqrt(x)", C),
    ("1.4999 x^0.5", "1.4999*x**0.5", I),
    ("1.5 x^0.49", "1.5*x**0.49", I),
])  # fmt: skip
family(D, "e^(0.5x)", "exp(0.5*x)", [
    ("0.5e^(0.5x)", "0.5*exp(0.5*x)", C),
    ("0.5e^(x/2)", "0.5*exp(x/2)", C),
    ("0.5 e^(0.50001x)", "0.5*exp(0.50001*x)", I),
    ("0.50001 e^(0.5x)", "0.50001*exp(0.5*x)", I),
])  # fmt: skip
family(D, "pi x^2", "pi*x**2", [
    ("6.2831853 x", "6.2831853*x", I),
    ("6.283185307179586x", "6.283185307179586*x", I),
    ("2 pi x", "2*pi*x", C),
])  # fmt: skip
family(D, "sqrt(3) x^2", "sqrt(3)*x**2", [
    ("3.4641016x", "3.4641016*x", I),
    ("2 sqrt(3) x", "2*sqrt(3)*x", C),
    ("sqrt(12) x", "sqrt(12)*x", C),
])  # fmt: skip
family(D, "atan x", "atan(x)", [
    ("1/(1.0000001 + x^2)", "1/(1.0000001 + x**2)", I),
    ("0.99999999/(1 + x^2)", "0.99999999/(1 + x**2)", I),
    ("1/(1 + 1.0 x^2)", "1/(1 + x**2)", C),
])  # fmt: skip
family(D, "cos(pi x)", "cos(pi*x)", [
    ("-3.14159 sin(pi x)", "-3.14159*sin(pi*x)", I),
    ("-3.14159265358979 sin(3.14159265358979 x)", "-3.14159265358979*sin(3.14159265358979*x)", I),
    ("-pi sin(pi x)", "-pi*sin(pi*x)", C),
    ("-\\pi \\sin(\\pi x)", "-pi*sin(pi*x)", C),
])  # fmt: skip
family(D, "sin(2.5x)", "sin(2.5*x)", [
    ("2.5 cos(2.5x)", "2.5*cos(2.5*x)", C),
    ("2.5 cos(5x/2)", "2.5*cos(5*x/2)", C),
    ("(5/2) cos(2.5x)", "5*cos(2.5*x)/2", C),
    ("2.5 cos(2.49999x)", "2.5*cos(2.49999*x)", I),
    ("2.6 cos(2.5x)", "2.6*cos(2.5*x)", I),
])  # fmt: skip
family(D, "log(x, 10)", "log(x, 10)", [
    ("0.4342944819/x", "0.4342944819/x", I),
    ("0.43429448190325182765/x", "0.43429448190325182765/x", I),
    ("1/(x ln 10)", "1/(x*log(10))", C),
])  # fmt: skip
family(D, "x^2 + x", "x**2 + x", [
    ("2x + 1.0", "2*x + 1", C),
    ("2.0x + 1", "2*x + 1", C),
    ("2x + 0.9999999999", "2*x + 0.9999999999", I),
])  # fmt: skip
family(
    D,
    "x^3/3 + x/4",
    "x**3/3 + x/4",
    [("x^2 + 0.25", "x**2 + 0.25", C), ("x^2 + 0.2500001", "x**2 + 0.2500001", I)],
)
family(D, "e^(-0.1x)", "exp(-0.1*x)", [
    ("-0.1e^(-0.1x)", "-0.1*exp(-0.1*x)", C),
    ("-0.1e^(-x/10)", "-0.1*exp(-x/10)", C),
    ("-0.1e^(-0.1000001x)", "-0.1*exp(-0.1000001*x)", I),
])  # fmt: skip

# ---------------------------------------------------------------- 2. tiny and huge coefficients
T = "tiny_huge"
family(T, "x^2", "x**2", [
    ("2x + 10^-12", "2*x + 10**-12", I),
    ("2x + 10^-20", "2*x + 10**-20", I),
    ("2x + 10^-6", "2*x + 10**-6", I),
    ("(1 + 10^-15) 2x", "(1 + 10**-15)*2*x", I),
    ("2x (1 + 10^-20)", "2*x*(1 + 10**-20)", I),
    ("2x + 10^-18 x^2", "2*x + 10**-18*x**2", I),
    ("2x - 10^-16 x", "2*x - 10**-16*x", I),
    ("2x + 10^-20 sin x", "2*x + 10**-20*sin(x)", I),
    ("2x + 1e-12", "2*x + E - 12", I),  # 1e-12 is 1·e − 12 (docs/grammar.md)
    ("2x + 10^-15 (x - x + 1)", "2*x + 10**-15", I),
])  # fmt: skip
family(T, "10^-9 cos x", "10**-9*cos(x)", [
    ("10^-9 sin x", "10**-9*sin(x)", I),
    ("-10^-9 sin x", "-10**-9*sin(x)", C),
    ("-sin(x)/10^9", "-sin(x)/10**9", C),
    ("-10^-9 sin x + 10^-25", "-10**-9*sin(x) + 10**-25", I),
    ("0", "0", I),
])  # fmt: skip
family(T, "10^-9 sin x", "10**-9*sin(x)", [
    ("10^-9 cos x", "10**-9*cos(x)", C),
    ("-10^-9 cos x", "-10**-9*cos(x)", I),
    ("10^-9 cos(x + 10^-9)", "10**-9*cos(x + 10**-9)", I),
    ("cos x", "cos(x)", I),
])  # fmt: skip
family(T, "10^-20 x^2", "10**-20*x**2", [
    ("2*10^-20 x", "2*10**-20*x", C),
    ("2x/10^20", "2*x/10**20", C),
    ("10^-20 x", "10**-20*x", I),
    ("2*10^-21 x", "2*10**-21*x", I),
    ("0", "0", I),
    ("2*10^-20", "2*10**-20", I),
])  # fmt: skip
family(T, "6.02*10^23 x^2", "6.02*10**23*x**2", [
    ("1.204*10^24 x", "1.204*10**24*x", C),
    ("12.04*10^23 x", "12.04*10**23*x", C),
    ("6.02*10^23 x", "6.02*10**23*x", I),
    ("1.204*10^24 x + 1", "1.204*10**24*x + 1", I),
    ("1.2040000001*10^24 x", "1.2040000001*10**24*x", I),
])  # fmt: skip
family(T, "6.02*10^23 x", "6.02*10**23*x", [
    ("6.02*10^23", "6.02*10**23", C),
    ("602000000000000000000000", "602000000000000000000000", C),
    ("6.02*10^23 x", "6.02*10**23*x", I),
    ("6.02*10^22", "6.02*10**22", I),
])  # fmt: skip
family(T, "10^15 x^3", "10**15*x**3", [
    ("3*10^15 x^2", "3*10**15*x**2", C),
    ("3000000000000000 x^2", "3000000000000000*x**2", C),
    ("3*10^15 x^2 + 10^-3", "3*10**15*x**2 + 10**-3", I),
    ("3*10^15 x^2 + x", "3*10**15*x**2 + x", I),
])  # fmt: skip
family(T, "10^-30 e^x", "10**-30*exp(x)", [
    ("10^-30 e^x", "10**-30*exp(x)", C),
    ("10^-30 e^x + 10^-40", "10**-30*exp(x) + 10**-40", I),
    ("10^-31 e^x", "10**-31*exp(x)", I),
    ("0", "0", I),
])  # fmt: skip
family(T, "10^-30 x^2", "10**-30*x**2", [
    ("2*10^-30 x", "2*10**-30*x", C),
    ("0", "0", I),
    ("2*10^-30", "2*10**-30", I),
    ("2*10^-30 x + 10^-45", "2*10**-30*x + 10**-45", I),
])  # fmt: skip
family(T, "(10^6 x + 1)^2", "(10**6*x + 1)**2", [
    ("2*10^6 (10^6 x + 1)", "2*10**6*(10**6*x + 1)", C),
    ("2*10^12 x + 2*10^6", "2*10**12*x + 2*10**6", C),
    ("2*10^12 x", "2*10**12*x", I),
    ("2*10^12 x + 2*10^6 + 10^-9", "2*10**12*x + 2*10**6 + 10**-9", I),
])  # fmt: skip
family(T, "e^(10^-8 x)", "exp(10**-8*x)", [
    ("10^-8 e^(10^-8 x)", "10**-8*exp(10**-8*x)", C),
    ("e^(10^-8 x)", "exp(10**-8*x)", I),
    ("10^-8", "10**-8", I),
    ("10^-8 e^(10^-9 x)", "10**-8*exp(10**-9*x)", I),
])  # fmt: skip
family(T, "sin(10^-7 x)", "sin(10**-7*x)", [
    ("10^-7 cos(10^-7 x)", "10**-7*cos(10**-7*x)", C),
    ("10^-7", "10**-7", I),
    ("10^-7 cos(10^-7 x) + 10^-20", "10**-7*cos(10**-7*x) + 10**-20", I),
])  # fmt: skip
family(T, "x^2 + 10^-12 x", "x**2 + 10**-12*x", [("2x + 10^-12", "2*x + 10**-12", C), ("2x", "2*x", I)])
family(T, "10^12 sin x", "10**12*sin(x)", [
    ("10^12 cos x", "10**12*cos(x)", C),
    ("10^12 cos x + 10^-6", "10**12*cos(x) + 10**-6", I),
    ("(10^12 + 1) cos x", "(10**12 + 1)*cos(x)", I),
])  # fmt: skip
family(T, "ln(10^20 x)", "log(10**20*x)", [("1/x", "1/x", C), ("1/(10^20 x)", "1/(10**20*x)", I)])
family(T, "x^2/10^15", "x**2/10**15", [("2x/10^15", "2*x/10**15", C), ("2x/10^16", "2*x/10**16", I)])
family(T, "6.674*10^-11 x^2", "6.674*10**-11*x**2", [
    ("1.3348*10^-10 x", "1.3348*10**-10*x", C),
    ("1.3348*10^-11 x", "1.3348*10**-11*x", I),
])  # fmt: skip
family(T, "1.602*10^-19 e^(2x)", "1.602*10**-19*exp(2*x)", [
    ("3.204*10^-19 e^(2x)", "3.204*10**-19*exp(2*x)", C),
    ("1.602*10^-19 e^(2x)", "1.602*10**-19*exp(2*x)", I),
])  # fmt: skip
family(T, "x^2 + 10^-20 x^3", "x**2 + 10**-20*x**3", [
    ("2x + 3*10^-20 x^2", "2*x + 3*10**-20*x**2", C),
    ("2x", "2*x", I),
])  # fmt: skip
family(T, "(1 + 10^-15) x^2", "(1 + 10**-15)*x**2", [
    ("(2 + 2*10^-15) x", "(2 + 2*10**-15)*x", C),
    ("2x", "2*x", I),
])  # fmt: skip

# ---------------------------------------------------------------- 3. wrong only far out or near 0
F = "far_or_near_zero"
family(F, "x^2", "x**2", [
    ("2x + relu(x - 150)", "2*x + Max(0, x - 150)", I),
    ("2x + relu(-x - 5000)", "2*x + Max(0, -x - 5000)", I),
    ("2x + relu(x - 10^5)", "2*x + Max(0, x - 10**5)", I),
    ("2x + relu(-x - 10^5)", "2*x + Max(0, -x - 10**5)", I),
    ("2x + relu(|x| - 300000)", "2*x + Max(0, Abs(x) - 300000)", I),
    ("2x + relu(x^2 - 10^8)", "2*x + Max(0, x**2 - 10**8)", I),
    ("2x + heaviside(x - 300)", "2*x + Heaviside(x - 300)", I),
    ("2x + heaviside(-x - 2000)", "2*x + Heaviside(-x - 2000)", I),
    ("2x + sign(x - 500) + 1", "2*x + sign(x - 500) + 1", I),
    ("2x + 10^-8 x^3", "2*x + 10**-8*x**3", I),
    ("2x + x^2/10^7", "2*x + x**2/10**7", I),
    ("2x + x^4/10^20", "2*x + x**4/10**20", I),
    ("2x + x^6/10^30", "2*x + x**6/10**30", I),
    ("2x + e^(x - 1000)", "2*x + exp(x - 1000)", I),
    ("2x + 10^-3 x heaviside(x - 10^4)", "2*x + 10**-3*x*Heaviside(x - 10**4)", I),
    ("2x + relu(10^-4 - |x|)", "2*x + Max(0, 10**-4 - Abs(x))", I),
    ("2x + relu(10^-3 - |x|)", "2*x + Max(0, 10**-3 - Abs(x))", I),
    ("2x + heaviside(10^-3 - |x|)", "2*x + Heaviside(10**-3 - Abs(x))", I),
    ("2x + heaviside(10^-5 - |x|)", "2*x + Heaviside(10**-5 - Abs(x))", I),
    ("2x + relu(1 - 10^4 |x|)", "2*x + Max(0, 1 - 10**4*Abs(x))", I),
    ("2x + e^(-10^8 x^2)", "2*x + exp(-10**8*x**2)", I),
    ("2x + 10^-6/(x^2 + 10^-12)", "2*x + 10**-6/(x**2 + 10**-12)", I),
    ("2x + relu(-|x|)", "2*x + Max(0, -Abs(x))", C),
    ("2x + heaviside(-|x| - 1)", "2*x + Heaviside(-Abs(x) - 1)", C),
    ("2x + relu(x - 150) - relu(x - 150)", "2*x", C),
])  # fmt: skip
family(F, "sin x", "sin(x)", [
    ("cos x + relu(x - 10^4)", "cos(x) + Max(0, x - 10**4)", I),
    ("cos x + heaviside(x - 150)/10^3", "cos(x) + Heaviside(x - 150)/10**3", I),
    ("cos x + relu(10^-4 - |x|)", "cos(x) + Max(0, 10**-4 - Abs(x))", I),
    ("cos x + x^3/10^12", "cos(x) + x**3/10**12", I),
])  # fmt: skip
family(F, "e^x", "exp(x)", [
    ("e^x + relu(-x - 100)", "exp(x) + Max(0, -x - 100)", I),
    ("e^x (1 + heaviside(-x - 50))", "exp(x)*(1 + Heaviside(-x - 50))", I),
    ("e^x + 10^-50", "exp(x) + 10**-50", I),
    ("e^x (1 + heaviside(x - 10^5))", "exp(x)*(1 + Heaviside(x - 10**5))", I),
])  # fmt: skip
family(F, "ln x", "log(x)", [
    ("1/x + relu(x - 10^5)/x^2", "1/x + Max(0, x - 10**5)/x**2", I),
    ("1/x + heaviside(10^-4 - x)", "1/x + Heaviside(10**-4 - x)", I),
    ("1/x + relu(-x - 5)", "1/x + Max(0, -x - 5)", C),
    ("1/x + heaviside(-x)", "1/x + Heaviside(-x)", C),
])  # fmt: skip
family(F, "x^3", "x**3", [
    ("3x^2 + relu(|x| - 10^4)", "3*x**2 + Max(0, Abs(x) - 10**4)", I),
    ("3x^2 + 10^-9 x^4", "3*x**2 + 10**-9*x**4", I),
    ("3x^2 (1 + x^2/10^10)", "3*x**2*(1 + x**2/10**10)", I),
    ("3x^2 + relu(10^-4 - |x|) x", "3*x**2 + Max(0, 10**-4 - Abs(x))*x", I),
])  # fmt: skip
family(F, "1/x", "1/x", [
    ("-1/x^2 + relu(-x - 10^3)", "-1/x**2 + Max(0, -x - 10**3)", I),
    ("-1/x^2 + heaviside(x - 10^5)/x", "-1/x**2 + Heaviside(x - 10**5)/x", I),
])  # fmt: skip
family(F, "atan x", "atan(x)", [
    ("1/(1 + x^2) + heaviside(x - 10^5)/x^2", "1/(1 + x**2) + Heaviside(x - 10**5)/x**2", I),
    ("1/(1 + x^2 + 10^-6 x^4)", "1/(1 + x**2 + 10**-6*x**4)", I),
])  # fmt: skip
family(F, "sqrt(x)", "sqrt(x)", [
    ("1/(2 sqrt x) + relu(10^-4 - x)", "1/(2*sqrt(x)) + Max(0, 10**-4 - x)", I),
    ("1/(2 sqrt x) + relu(-x)", "1/(2*sqrt(x)) + Max(0, -x)", C),
])  # fmt: skip
family(F, "sigma(x)", "1/(1 + exp(-x))", [
    ("sigma(x)(1 - sigma(x)) + relu(x - 800)", "exp(-x)/(1 + exp(-x))**2 + Max(0, x - 800)", I),
    (
        "sigma(x)(1 - sigma(x)) + heaviside(-x - 10^3) 10^-9",
        "exp(-x)/(1 + exp(-x))**2 + Heaviside(-x - 10**3)*10**-9",
        I,
    ),
])  # fmt: skip
family(F, "x e^x", "x*exp(x)", [("(x + 1) e^x + relu(-x - 200)", "(x + 1)*exp(x) + Max(0, -x - 200)", I)])

# ---------------------------------------------------------------- 4. restricted domains
R = "domain"
family(R, "ln(x - 150)", "log(x - 150)", [
    ("1/(x - 150)", "1/(x - 150)", C),
    ("-1/(150 - x)", "-1/(150 - x)", C),
    ("1/|x - 150|", "1/Abs(x - 150)", C),
    ("1/(x - 150) + relu(149 - x)", "1/(x - 150) + Max(0, 149 - x)", C),
    ("1/x", "1/x", I),
    ("1/(x - 151)", "1/(x - 151)", I),
    ("1/(x - 150) + 10^-12", "1/(x - 150) + 10**-12", I),
    ("1/(x - 150) + relu(x - 155) 10^-9", "1/(x - 150) + Max(0, x - 155)*10**-9", I),
    ("1/(x - 150) + heaviside(152 - x)", "1/(x - 150) + Heaviside(152 - x)", I),
], domain=("150", None))  # fmt: skip
family(R, "sqrt(x - 200)", "sqrt(x - 200)", [
    ("1/(2 sqrt(x - 200))", "1/(2*sqrt(x - 200))", C),
    ("(x - 200)^(-1/2)/2", "(x - 200)**(-1/2)/2", C),
    ("sqrt(x - 200)/(2(x - 200))", "sqrt(x - 200)/(2*(x - 200))", C),
    ("1/(2 sqrt(|x - 200|))", "1/(2*sqrt(Abs(x - 200)))", C),
    ("1/(2 sqrt(x - 199))", "1/(2*sqrt(x - 199))", I),
    ("1/sqrt(x - 200)", "1/sqrt(x - 200)", I),
    ("1/(2 sqrt(x - 200)) + heaviside(201 - x)", "1/(2*sqrt(x - 200)) + Heaviside(201 - x)", I),
], domain=("200", None))  # fmt: skip
family(R, "acosh(x/300)", "acosh(x/300)", [
    ("1/sqrt(x^2 - 90000)", "1/sqrt(x**2 - 90000)", C),
    ("1/(300 sqrt(x^2/90000 - 1))", "1/(300*sqrt(x**2/90000 - 1))", C),
    ("1/sqrt((x - 300)(x + 300))", "1/sqrt((x - 300)*(x + 300))", C),
    ("1/sqrt(x^2 + 90000)", "1/sqrt(x**2 + 90000)", I),
    ("1/(300 sqrt(x^2 - 1))", "1/(300*sqrt(x**2 - 1))", I),
    ("1/sqrt(x^2 - 90000) + relu(x - 400)/x^3", "1/sqrt(x**2 - 90000) + Max(0, x - 400)/x**3", I),
], domain=("300", None))  # fmt: skip
family(R, "ln(x - 150) + ln(160 - x)", "log(x - 150) + log(160 - x)", [
    ("1/(x - 150) - 1/(160 - x)", "1/(x - 150) - 1/(160 - x)", C),
    ("1/(x - 150) + 1/(x - 160)", "1/(x - 150) + 1/(x - 160)", C),
    ("(310 - 2x)/((x - 150)(160 - x))", "(310 - 2*x)/((x - 150)*(160 - x))", C),
    ("-2(x - 155)/((x - 150)(160 - x))", "-2*(x - 155)/((x - 150)*(160 - x))", C),
    ("1/(x - 150) - 1/(160 - x) + relu(x - 170)", "1/(x - 150) - 1/(160 - x) + Max(0, x - 170)", C),
    ("1/(x - 150) + 1/(160 - x)", "1/(x - 150) + 1/(160 - x)", I),
    ("1/(x - 150) - 1/(160 - x) + relu(x - 155)", "1/(x - 150) - 1/(160 - x) + Max(0, x - 155)", I),
    ("1/(x - 150) - 1/(161 - x)", "1/(x - 150) - 1/(161 - x)", I),
], domain=("150", "160"))  # fmt: skip
family(R, "ln(151 - x)", "log(151 - x)", [
    ("1/(x - 151)", "1/(x - 151)", C),
    ("-1/(151 - x)", "-1/(151 - x)", C),
    ("1/(x - 151) + heaviside(x - 152)", "1/(x - 151) + Heaviside(x - 152)", C),
    ("1/(151 - x)", "1/(151 - x)", I),
    ("1/(x - 151) + relu(-x - 10^4)", "1/(x - 151) + Max(0, -x - 10**4)", I),
], domain=(None, "151"))  # fmt: skip
family(R, "sqrt((x - 150)(160 - x))", "sqrt((x - 150)*(160 - x))", [
    ("(310 - 2x)/(2 sqrt((x - 150)(160 - x)))", "(310 - 2*x)/(2*sqrt((x - 150)*(160 - x)))", C),
    ("(155 - x)/sqrt((x - 150)(160 - x))", "(155 - x)/sqrt((x - 150)*(160 - x))", C),
    ("(2x - 310)/(2 sqrt((x - 150)(160 - x)))", "(2*x - 310)/(2*sqrt((x - 150)*(160 - x)))", I),
], domain=("150", "160"))  # fmt: skip
family(R, "asin(x/1000 - 1)", "asin(x/1000 - 1)", [
    ("1/(1000 sqrt(1 - (x/1000 - 1)^2))", "1/(1000*sqrt(1 - (x/1000 - 1)**2))", C),
    ("1/sqrt(2000x - x^2)", "1/sqrt(2000*x - x**2)", C),
    ("1/sqrt(1 - (x/1000 - 1)^2)", "1/sqrt(1 - (x/1000 - 1)**2)", I),
], domain=("0", "2000"))  # fmt: skip
family(R, "ln(ln(x - 150))", "log(log(x - 150))", [
    ("1/((x - 150) ln(x - 150))", "1/((x - 150)*log(x - 150))", C),
    ("1/ln(x - 150)", "1/log(x - 150)", I),
], domain=("151", None))  # fmt: skip
family(R, "(x - 150)^(3/2)", "(x - 150)**(3/2)", [
    ("1.5 (x - 150)^(1/2)", "1.5*(x - 150)**(1/2)", C),
    ("(3/2) sqrt(x - 150)", "3*sqrt(x - 150)/2", C),
    ("(3/2) sqrt(|x - 150|)", "3*sqrt(Abs(x - 150))/2", C),
    ("(3/2) sqrt(x - 151)", "3*sqrt(x - 151)/2", I),
], domain=("150", None))  # fmt: skip
family(R, "x ln(x - 150)", "x*log(x - 150)", [
    ("ln(x - 150) + x/(x - 150)", "log(x - 150) + x/(x - 150)", C),
    ("ln(x - 150) + 1", "log(x - 150) + 1", I),
], domain=("150", None))  # fmt: skip
family(R, "atanh(x/200 - 1)", "atanh(x/200 - 1)", [
    ("1/(200 (1 - (x/200 - 1)^2))", "1/(200*(1 - (x/200 - 1)**2))", C),
    ("200/(400x - x^2)", "200/(400*x - x**2)", C),
    ("1/(1 - (x/200 - 1)^2)", "1/(1 - (x/200 - 1)**2)", I),
], domain=("0", "400"))  # fmt: skip
family(R, "ln(x^2 - 10^6)", "log(x**2 - 10**6)", [
    ("2x/(x^2 - 10^6)", "2*x/(x**2 - 10**6)", C),
    ("1/(x - 1000) + 1/(x + 1000)", "1/(x - 1000) + 1/(x + 1000)", C),
    ("2/x", "2/x", I),
    ("2x/(x^2 - 10^6) + relu(x - 2000)/x^3", "2*x/(x**2 - 10**6) + Max(0, x - 2000)/x**3", I),
], domain=("1000", None))  # fmt: skip
family(R, "sqrt(10^-6 - x^2)", "sqrt(10**-6 - x**2)", [
    ("-x/sqrt(10^-6 - x^2)", "-x/sqrt(10**-6 - x**2)", C),
    ("-x (10^-6 - x^2)^(-1/2)", "-x*(10**-6 - x**2)**(-1/2)", C),
    ("x/sqrt(10^-6 - x^2)", "x/sqrt(10**-6 - x**2)", I),
    ("-x/sqrt(10^-6 - x^2) + relu(x - 10^-4)", "-x/sqrt(10**-6 - x**2) + Max(0, x - 10**-4)", I),
], domain=("-0.001", "0.001"))  # fmt: skip
family(R, "ln(x - 10^5)", "log(x - 10**5)", [
    ("1/(x - 10^5)", "1/(x - 10**5)", C),
    ("1/(x - 100000)", "1/(x - 100000)", C),
    ("1/(x - 10^5) + 10^-15", "1/(x - 10**5) + 10**-15", I),
    ("1/x", "1/x", I),
], domain=("100000", None))  # fmt: skip
family(R, "acosh(x - 150)", "acosh(x - 150)", [
    ("1/sqrt((x - 150)^2 - 1)", "1/sqrt((x - 150)**2 - 1)", C),
    ("1/sqrt(x^2 - 1)", "1/sqrt(x**2 - 1)", I),
], domain=("151", None))  # fmt: skip

# ---------------------------------------------------------------- 5. derivative notation left in
N = "notation"
family(N, "x^2", "x**2", [
    ("2x + dy/dx", None, I),
    ("y' + 2x", None, I),
    ("2x dy/dx", None, I),
    ("dy/dx", None, I),
    ("f'(x)", None, I),
    ("2x + f'(x)", None, I),
    ("d/dx (x^2)", None, I),
    ("d/dx x^2", None, I),
    ("\\frac{d}{dx} x^2", None, I),
    ("\\frac{d}{dx}(x^2)", None, I),
    ("(x^2)'", None, I),
    ("2x + (x)' - 1", None, I),
    ("2 \\frac{dy}{dx}", None, I),
    ("2x + \\frac{dy}{dx}", None, I),
    ("2x y'", None, I),
    ("y' = 2x", "2*x", C),
    ("f'(x) = 2x", "2*x", C),
    ("y'(x) = 2x", "2*x", C),
    ("dy/dx = 2x", "2*x", C),
    ("\\frac{dy}{dx} = 2x", "2*x", C),
    ("= 2x", "2*x", C),
    ("y' = 2x + 1", "2*x + 1", I),
    ("f'(x) = x^2", "x**2", I),
])  # fmt: skip
family(N, "sin x", "sin(x)", [
    ("cos x dy/dx", None, I),
    ("y' cos x", None, I),
    ("\\frac{dy}{dx}", None, I),
    ("cos x + f'(x)", None, I),
    ("d/dx sin x", None, I),
    ("(sin x)'", None, I),
    ("\\frac{d}{dx}\\sin x", None, I),
    ("cos(x) \\frac{dy}{dx}", None, I),
    ("y' = cos x", "cos(x)", C),
    ("f'(x) = cos(x)", "cos(x)", C),
])  # fmt: skip
family(N, "e^(2x)", "exp(2*x)", [
    ("2e^(2x) + y'", None, I),
    ("d/dx e^(2x)", None, I),
    ("e^(2x) d/dx (2x)", None, I),
    ("e^(2x) (2x)'", None, I),
    ("f'(x) = 2e^(2x)", "2*exp(2*x)", C),
])  # fmt: skip

# ---------------------------------------------------------------- 6. undefined functions
U = "undefined_functions"
family(U, "f(x) g(x)", "f(x)*g(x)", [
    ("f'(x) g(x) + f(x) g'(x)", "fp(x)*g(x) + f(x)*gp(x)", C),
    ("g'(x) f(x) + g(x) f'(x)", "gp(x)*f(x) + g(x)*fp(x)", C),
    ("f(x) g'(x) + g(x) f'(x)", "f(x)*gp(x) + g(x)*fp(x)", C),
    ("f'(x) g'(x)", "fp(x)*gp(x)", I),
    ("f'(x) g(x) - f(x) g'(x)", "fp(x)*g(x) - f(x)*gp(x)", I),
    ("f'(x) g(x)", "fp(x)*g(x)", I),
])  # fmt: skip
family(U, "f(x)/g(x)", "f(x)/g(x)", [
    ("(f'(x) g(x) - f(x) g'(x))/g(x)^2", "(fp(x)*g(x) - f(x)*gp(x))/g(x)**2", C),
    ("f'(x)/g(x) - f(x) g'(x)/g(x)^2", "fp(x)/g(x) - f(x)*gp(x)/g(x)**2", C),
    ("\\frac{g(x) f'(x) - f(x) g'(x)}{g(x)^2}", "(g(x)*fp(x) - f(x)*gp(x))/g(x)**2", C),
    ("f'(x)/g'(x)", "fp(x)/gp(x)", I),
    ("(f(x) g'(x) - f'(x) g(x))/g(x)^2", "(f(x)*gp(x) - fp(x)*g(x))/g(x)**2", I),
    ("(f'(x) g(x) - f(x) g'(x))/g(x)", "(fp(x)*g(x) - f(x)*gp(x))/g(x)", I),
])  # fmt: skip
family(U, "f(g(x))", "f(g(x))", [
    ("f'(g(x)) g'(x)", "fp(g(x))*gp(x)", C),
    ("g'(x) f'(g(x))", "gp(x)*fp(g(x))", C),
    ("f'(g'(x))", "fp(gp(x))", I),
    ("f'(g(x))", "fp(g(x))", I),
    ("f'(x) g'(x)", "fp(x)*gp(x)", I),
])  # fmt: skip
family(U, "g(f(x))", "g(f(x))", [
    ("g'(f(x)) f'(x)", "gp(f(x))*fp(x)", C),
    ("f'(g(x)) g'(x)", "fp(g(x))*gp(x)", I),
])  # fmt: skip
family(U, "f(x^2)", "f(x**2)", [
    ("2x f'(x^2)", "2*x*fp(x**2)", C),
    ("f'(x^2) 2x", "fp(x**2)*2*x", C),
    ("f'(x^2)", "fp(x**2)", I),
    ("2x f'(x)", "2*x*fp(x)", I),
    ("f'(2x)", "fp(2*x)", I),
])  # fmt: skip
family(U, "x f(x)", "x*f(x)", [
    ("f(x) + x f'(x)", "f(x) + x*fp(x)", C),
    ("x f'(x) + f(x)", "x*fp(x) + f(x)", C),
    ("f'(x)", "fp(x)", I),
    ("x f'(x)", "x*fp(x)", I),
])  # fmt: skip
family(U, "e^{f(x)}", "exp(f(x))", [
    ("f'(x) e^{f(x)}", "fp(x)*exp(f(x))", C),
    ("e^(f(x)) f'(x)", "exp(f(x))*fp(x)", C),
    ("e^{f(x)}", "exp(f(x))", I),
    ("f(x) e^{f(x) - 1}", "f(x)*exp(f(x) - 1)", I),
    ("e^{f'(x)}", "exp(fp(x))", I),
])  # fmt: skip
family(U, "ln f(x)", "log(f(x))", [
    ("f'(x)/f(x)", "fp(x)/f(x)", C),
    ("\\frac{f'(x)}{f(x)}", "fp(x)/f(x)", C),
    ("1/f(x)", "1/f(x)", I),
    ("f'(x)/f(x)^2", "fp(x)/f(x)**2", I),
])  # fmt: skip
family(U, "f(x)^2", "f(x)**2", [
    ("2 f(x) f'(x)", "2*f(x)*fp(x)", C),
    ("2f'(x) f(x)", "2*fp(x)*f(x)", C),
    ("2 f(x)", "2*f(x)", I),
    ("2f'(x)", "2*fp(x)", I),
    ("f'(x)^2", "fp(x)**2", I),
])  # fmt: skip
family(U, "sin(f(x))", "sin(f(x))", [
    ("cos(f(x)) f'(x)", "cos(f(x))*fp(x)", C),
    ("cos(f'(x))", "cos(fp(x))", I),
])  # fmt: skip
family(U, "f(2x)", "f(2*x)", [
    ("2f'(2x)", "2*fp(2*x)", C),
    ("f'(2x)", "fp(2*x)", I),
    ("2f'(x)", "2*fp(x)", I),
])  # fmt: skip
family(U, "f(x) + g(x)", "f(x) + g(x)", [
    ("f'(x) + g'(x)", "fp(x) + gp(x)", C),
    ("f'(x) g'(x)", "fp(x)*gp(x)", I),
])  # fmt: skip
family(U, "sqrt(f(x))", "sqrt(f(x))", [
    ("f'(x)/(2 sqrt(f(x)))", "fp(x)/(2*sqrt(f(x)))", C),
    ("1/(2 sqrt(f(x)))", "1/(2*sqrt(f(x)))", I),
])  # fmt: skip
family(U, "f(x)^3", "f(x)**3", [
    ("3f(x)^2 f'(x)", "3*f(x)**2*fp(x)", C),
    ("3f'(x)^2", "3*fp(x)**2", I),
])  # fmt: skip
family(U, "f(sin x)", "f(sin(x))", [
    ("cos(x) f'(sin x)", "cos(x)*fp(sin(x))", C),
    ("f'(cos x)", "fp(cos(x))", I),
])  # fmt: skip
family(U, "x^2 f(x)", "x**2*f(x)", [
    ("2x f(x) + x^2 f'(x)", "2*x*f(x) + x**2*fp(x)", C),
    ("2x f'(x)", "2*x*fp(x)", I),
])  # fmt: skip
family(U, "1/f(x)", "1/f(x)", [
    ("-f'(x)/f(x)^2", "-fp(x)/f(x)**2", C),
    ("1/f'(x)", "1/fp(x)", I),
    ("-1/f(x)^2", "-1/f(x)**2", I),
])  # fmt: skip

# ---------------------------------------------------------------- 7. right answers in unusual forms
W = "unusual_forms"
family(W, "tan x", "tan(x)", [
    ("1 + tan^2 x", "1 + tan(x)**2", C),
    ("sec^2 x", "sec(x)**2", C),
    ("1/cos^2 x", "1/cos(x)**2", C),
    ("(cos x)^(-2)", "cos(x)**-2", C),
    ("\\frac{1}{\\cos^2 x}", "1/cos(x)**2", C),
])  # fmt: skip
family(W, "sin^2 x", "sin(x)**2", [("2 sin x cos x", "2*sin(x)*cos(x)", C), ("sin 2x", "sin(2*x)", C)])
family(W, "cos^2 x", "cos(x)**2", [("-sin(2x)", "-sin(2*x)", C), ("-2 sin x cos x", "-2*sin(x)*cos(x)", C)])
family(W, "2^x", "2**x", [
    ("e^{x ln 2} ln 2", "exp(x*log(2))*log(2)", C),
    ("ln(2) e^(x ln 2)", "log(2)*exp(x*log(2))", C),
    ("2^x log(2)", "2**x*log(2)", C),
])  # fmt: skip
family(W, "ln(x^2)", "log(x**2)", [("2/x", "2/x", C), ("\\frac{2}{x}", "2/x", C), ("2x/x^2", "2*x/x**2", C)])
family(W, "log(x, 10)", "log(x, 10)", [
    ("1/(x ln 10)", "1/(x*log(10))", C),
    ("\\frac{1}{x \\ln 10}", "1/(x*log(10))", C),
    ("log(e, 10)/x", "log(E, 10)/x", C),
])  # fmt: skip
family(W, "log_2 x", "log(x, 2)", [("1/(x ln 2)", "1/(x*log(2))", C)])
family(W, "1/(x^2 - 1)", "1/(x**2 - 1)", [
    ("-2x/(x^2 - 1)^2", "-2*x/(x**2 - 1)**2", C),
    ("-1/(2(x - 1)^2) + 1/(2(x + 1)^2)", "-1/(2*(x - 1)**2) + 1/(2*(x + 1)**2)", C),
    ("-2x (x^2 - 1)^(-2)", "-2*x*(x**2 - 1)**-2", C),
])  # fmt: skip
family(W, "x/(x + 1)", "x/(x + 1)", [("1/(x + 1)^2", "1/(x + 1)**2", C), ("(x + 1)^(-2)", "(x + 1)**-2", C)])
family(
    W,
    "(x + 1)^3",
    "(x + 1)**3",
    [("3(x + 1)^2", "3*(x + 1)**2", C), ("3x^2 + 6x + 3", "3*x**2 + 6*x + 3", C)],
)
family(
    W,
    "x^3 - 1/x",
    "x**3 - 1/x",
    [("3x^2 + x^(-2)", "3*x**2 + x**-2", C), ("(3x^4 + 1)/x^2", "(3*x**4 + 1)/x**2", C)],
)
family(W, "|x|", "Abs(x)", [("x/|x|", "x/Abs(x)", C), ("sign(x)", "sign(x)", C), ("|x|/x", "Abs(x)/x", C)])
family(W, "sqrt(x^2 + 1)", "sqrt(x**2 + 1)", [
    ("x/sqrt(x^2 + 1)", "x/sqrt(x**2 + 1)", C),
    ("x (x^2+1)^(-1/2)", "x*(x**2 + 1)**(-1/2)", C),
    ("x/\\sqrt{x^2 + 1}", "x/sqrt(x**2 + 1)", C),
])  # fmt: skip
family(W, "sigma(x)", "1/(1 + exp(-x))", [
    ("sigma(x)(1 - sigma(x))", "exp(-x)/(1 + exp(-x))**2", C),
    ("sigma(x) sigma(-x)", "1/((1 + exp(-x))*(1 + exp(x)))", C),
    ("e^(-x)/(1 + e^(-x))^2", "exp(-x)/(1 + exp(-x))**2", C),
    ("1/(4 cosh^2(x/2))", "1/(4*cosh(x/2)**2)", C),
    ("e^x/(1 + e^x)^2", "exp(x)/(1 + exp(x))**2", C),
])  # fmt: skip
family(W, "ln(x^2 + 1)", "log(x**2 + 1)", [("\\frac{2x}{x^2+1}", "2*x/(x**2 + 1)", C)])
family(W, "sin(x^2)", "sin(x**2)", [("2x\\cos(x^2)", "2*x*cos(x**2)", C), ("2x cos x^2", "2*x*cos(x**2)", C)])
family(W, "e^x cos x", "exp(x)*cos(x)", [
    ("e^{x}(\\cos x - \\sin x)", "exp(x)*(cos(x) - sin(x))", C),
    ("sqrt(2) e^x cos(x + pi/4)", "sqrt(2)*exp(x)*cos(x + pi/4)", C),
])  # fmt: skip
family(W, "atan x", "atan(x)", [("cos^2(atan x)", "cos(atan(x))**2", C)])
family(W, "asin x", "asin(x)", [
    ("1/sqrt(1 - x^2)", "1/sqrt(1 - x**2)", C),
    ("(1 - x^2)^(-1/2)", "(1 - x**2)**(-1/2)", C),
], domain=("-1", "1"))  # fmt: skip
family(
    W,
    "x^x",
    "x**x",
    [("x^x (1 + ln x)", "x**x*(1 + log(x))", C), ("e^(x ln x)(ln x + 1)", "exp(x*log(x))*(log(x) + 1)", C)],
)
family(W, "cosh x", "cosh(x)", [("(e^x - e^(-x))/2", "(exp(x) - exp(-x))/2", C)])
family(W, "tanh x", "tanh(x)", [
    ("1 - tanh^2 x", "1 - tanh(x)**2", C),
    ("sech^2 x", "sech(x)**2", C),
    ("1/cosh^2 x", "1/cosh(x)**2", C),
])  # fmt: skip
family(W, "ln|x|", "log(Abs(x))", [("1/x", "1/x", C)])
family(
    W,
    "relu(x)",
    "Max(0, x)",
    [
        ("heaviside(x)", "Heaviside(x)", C),
        ("(sign(x) + 1)/2", "(sign(x) + 1)/2", C),
        ("relu(x)/x", "Max(0, x)/x", C),
    ],
)
family(W, "x|x|", "x*Abs(x)", [("2|x|", "2*Abs(x)", C), ("2x sign(x)", "2*x*sign(x)", C)])
family(W, "|x|^3", "Abs(x)**3", [("3x|x|", "3*x*Abs(x)", C)])
family(W, "x^(1/3)", "sign(x)*Abs(x)**Rational(1, 3)", [
    ("(1/3) x^(-2/3)", "Abs(x)**Rational(-2, 3)/3", C),
    ("1/(3 x^(2/3))", "1/(3*Abs(x)**Rational(2, 3))", C),
    ("x^(1/3)/(3x)", "sign(x)*Abs(x)**Rational(1, 3)/(3*x)", C),
])  # fmt: skip
family(W, "x^(2/3)", "Abs(x)**Rational(2, 3)", [("2/(3 x^(1/3))", "2/(3*sign(x)*Abs(x)**Rational(1, 3))", C)])
family(W, "e^(-x)", "exp(-x)", [("-e^(-x)", "-exp(-x)", C), ("-1/e^x", "-1/exp(x)", C)])
family(
    W,
    "cos(x)/sin(x)",
    "cos(x)/sin(x)",
    [
        ("-1/sin^2 x", "-1/sin(x)**2", C),
        ("-csc^2 x", "-csc(x)**2", C),
        ("-(1 + cot^2 x)", "-(1 + cot(x)**2)", C),
    ],
)
family(W, "sec x", "sec(x)", [("sec x tan x", "sec(x)*tan(x)", C), ("sin x/cos^2 x", "sin(x)/cos(x)**2", C)])
family(
    W,
    "(x + 1)/(x - 1)",
    "(x + 1)/(x - 1)",
    [
        ("-2/(x - 1)^2", "-2/(x - 1)**2", C),
        ("((x - 1) - (x + 1))/(x - 1)^2", "((x - 1) - (x + 1))/(x - 1)**2", C),
    ],
)
family(
    W,
    "x^2 e^x",
    "x**2*exp(x)",
    [("e^x (x^2 + 2x)", "exp(x)*(x**2 + 2*x)", C), ("x(x + 2)e^x", "x*(x + 2)*exp(x)", C)],
)
family(W, "ln(sqrt x)", "log(sqrt(x))", [("1/(2x)", "1/(2*x)", C), ("(2x)^(-1)", "(2*x)**-1", C)])
family(W, "sqrt(x)", "sqrt(x)", [
    ("x^(-1/2)/2", "x**(-1/2)/2", C),
    ("sqrt(x)/(2x)", "sqrt(x)/(2*x)", C),
    ("\\frac{1}{2\\sqrt{x}}", "1/(2*sqrt(x))", C),
])  # fmt: skip
family(
    W,
    "e^(2x)",
    "exp(2*x)",
    [("2e^{2x}", "2*exp(2*x)", C), ("2(e^x)^2", "2*exp(x)**2", C), ("e^(2x + ln 2)", "exp(2*x + log(2))", C)],
)
family(W, "sin(x) cos(x)", "sin(x)*cos(x)", [
    ("cos(2x)", "cos(2*x)", C),
    ("cos^2 x - sin^2 x", "cos(x)**2 - sin(x)**2", C),
    ("1 - 2 sin^2 x", "1 - 2*sin(x)**2", C),
])  # fmt: skip
family(W, "atan(1/x)", "atan(1/x)", [("-1/(1 + x^2)", "-1/(1 + x**2)", C)])
family(W, "atan x + atan(1/x)", "atan(x) + atan(1/x)", [("0", "0", C)])
family(W, "ln(e^x)", "log(exp(x))", [("1", "1", C)])

# ---------------------------------------------------------------- 8. equal-looking wrong answers
L = "lookalike"
family(L, "sin(x) cos(x)", "sin(x)*cos(x)", [
    ("cos^2 x + sin^2 x", "cos(x)**2 + sin(x)**2", I),
    ("sin^2 x - cos^2 x", "sin(x)**2 - cos(x)**2", I),
    ("cos(2x) + sin(2x)/10^6", "cos(2*x) + sin(2*x)/10**6", I),
])  # fmt: skip
family(L, "e^x cos x", "exp(x)*cos(x)", [
    ("e^x (cos x + sin x)", "exp(x)*(cos(x) + sin(x))", I),
    ("e^x (sin x - cos x)", "exp(x)*(sin(x) - cos(x))", I),
    ("e^x (cos x - sin x)", "exp(x)*(cos(x) - sin(x))", C),
])  # fmt: skip
family(L, "sin x", "sin(x)", [
    ("cos(-x)", "cos(-x)", C),
    ("-cos(-x)", "-cos(-x)", I),
    ("sin(x + pi/2)", "sin(x + pi/2)", C),
    ("sin(x - pi/2)", "sin(x - pi/2)", I),
    ("cos(x + 2 pi)", "cos(x + 2*pi)", C),
    ("cos(x + 6.28318)", "cos(x + 6.28318)", I),
])  # fmt: skip
family(L, "e^(2x)", "exp(2*x)", [
    ("2e^{3x}", "2*exp(3*x)", I),
    ("2e^(2x + 10^-9)", "2*exp(2*x + 10**-9)", I),
    ("e^(2x) 2^1.0000001", "exp(2*x)*2**1.0000001", I),
    ("2e^(x) e^(x)", "2*exp(x)*exp(x)", C),
])  # fmt: skip
family(
    L,
    "ln|x|",
    "log(Abs(x))",
    [("1/|x|", "1/Abs(x)", I), ("sign(x)/x", "sign(x)/x", I), ("sign(x)/|x|", "sign(x)/Abs(x)", C)],
)
family(
    L,
    "ln x",
    "log(x)",
    [("1/|x|", "1/Abs(x)", C), ("1/x + relu(-x)", "1/x + Max(0, -x)", C), ("ln(x)/x", "log(x)/x", I)],
)
family(L, "ln(-x)", "log(-x)", [("1/x", "1/x", C), ("-1/x", "-1/x", I)])
family(L, "ln(x^2)", "log(x**2)", [("2/|x|", "2/Abs(x)", I), ("1/x", "1/x", I)])
family(L, "x^2/2", "x**2/2", [("sqrt(x^2)", "sqrt(x**2)", I), ("|x|", "Abs(x)", I), ("x", "x", C)])
family(
    L,
    "|x|",
    "Abs(x)",
    [("1", "1", I), ("x/sqrt(x^2)", "x/sqrt(x**2)", C), ("sqrt(x^2)/x", "sqrt(x**2)/x", C)],
)
family(L, "x^(1/3)", "sign(x)*Abs(x)**Rational(1, 3)", [
    ("1/(3 |x|^(2/3))", "1/(3*Abs(x)**Rational(2, 3))", C),
    ("sign(x)/(3 x^(2/3))", "sign(x)/(3*Abs(x)**Rational(2, 3))", I),
    ("1/(3 x^(1/3))", "1/(3*sign(x)*Abs(x)**Rational(1, 3))", I),
])  # fmt: skip
family(L, "x^(4/3)", "Abs(x)**Rational(4, 3)", [
    ("(4/3) x^(1/3)", "4*sign(x)*Abs(x)**Rational(1, 3)/3", C),
    ("(4/3) |x|^(1/3)", "4*Abs(x)**Rational(1, 3)/3", I),
])  # fmt: skip
family(L, "x^2", "x**2", [
    ("2x + sin(pi x)", "2*x + sin(pi*x)", I),
    ("2x + sin(2 pi x)/1000", "2*x + sin(2*pi*x)/1000", I),
    ("2x + 10^-3 sin(1000 x)", "2*x + 10**-3*sin(1000*x)", I),
    ("2x + 10^-6 sin(10^6 x)", "2*x + 10**-6*sin(10**6*x)", I),
    ("2x cos(2 pi x)", "2*x*cos(2*pi*x)", I),
    ("2|x|", "2*Abs(x)", I),
    ("2 relu(x)", "2*Max(0, x)", I),
    ("2x sign(x)^2", "2*x*sign(x)**2", C),
    ("x + |x| + x - |x|", "2*x", C),
])  # fmt: skip
family(L, "sin(x^2)", "sin(x**2)", [
    ("2x cos^2 x", "2*x*cos(x)**2", I),
    ("2 cos(x^2)", "2*cos(x**2)", I),
    ("2x cos(x)^2", "2*x*cos(x)**2", I),
    ("2x cos x", "2*x*cos(x)", I),
])  # fmt: skip
family(
    L,
    "sqrt(x^2 + 1)",
    "sqrt(x**2 + 1)",
    [("x/sqrt(x^2 - 1)", "x/sqrt(x**2 - 1)", I), ("1/(2 sqrt(x^2 + 1))", "1/(2*sqrt(x**2 + 1))", I)],
)
family(L, "atan x", "atan(x)", [("1/(1 - x^2)", "1/(1 - x**2)", I), ("1/(1 + x)^2", "1/(1 + x)**2", I)])
family(L, "sigma(x)", "1/(1 + exp(-x))", [
    ("sigma(x)(1 + sigma(x))", "(1/(1 + exp(-x)))*(1 + 1/(1 + exp(-x)))", I),
    ("sigma(x)(1 - sigma(-x))", "(1/(1 + exp(-x)))*(1 - 1/(1 + exp(x)))", I),
    ("sigma(-x)(1 - sigma(-x))", "(1/(1 + exp(x)))*(1 - 1/(1 + exp(x)))", C),
])  # fmt: skip
family(L, "cosh x", "cosh(x)", [("-sinh(-x)", "-sinh(-x)", C), ("sinh(-x)", "sinh(-x)", I)])
family(L, "tan x", "tan(x)", [("1 - tan^2 x", "1 - tan(x)**2", I), ("1/sin^2 x", "1/sin(x)**2", I)])
family(L, "x e^x", "x*exp(x)", [("e^x (x - 1)", "exp(x)*(x - 1)", I), ("(x + 1) e^x", "(x + 1)*exp(x)", C)])
family(
    L,
    "(x - 1)^2",
    "(x - 1)**2",
    [("2x - 2", "2*x - 2", C), ("2x + 2", "2*x + 2", I), ("2(1 - x)", "2*(1 - x)", I)],
)
family(L, "x/(x^2 + 1)", "x/(x**2 + 1)", [
    ("(1 - x^2)/(x^2 + 1)^2", "(1 - x**2)/(x**2 + 1)**2", C),
    ("(x^2 - 1)/(x^2 + 1)^2", "(x**2 - 1)/(x**2 + 1)**2", I),
    ("(1 - x^2)/(x^2 + 1)", "(1 - x**2)/(x**2 + 1)", I),
])  # fmt: skip
family(
    L,
    "ln(cos x)",
    "log(cos(x))",
    [("-tan x", "-tan(x)", C), ("tan x", "tan(x)", I), ("-cot x", "-cot(x)", I)],
)
family(L, "e^(-x^2)", "exp(-x**2)", [
    ("-2x e^(-x^2)", "-2*x*exp(-x**2)", C),
    ("2x e^(-x^2)", "2*x*exp(-x**2)", I),
    ("-2x e^(x^2)", "-2*x*exp(x**2)", I),
])  # fmt: skip
family(
    L,
    "1/x",
    "1/x",
    [
        ("-1/x^2", "-1/x**2", C),
        ("1/x^2", "1/x**2", I),
        ("-1/|x|^2", "-1/Abs(x)**2", C),
        ("-1/(x|x|)", "-1/(x*Abs(x))", I),
    ],
)
family(
    L,
    "sqrt(x)",
    "sqrt(x)",
    [("1/(2 sqrt(|x|))", "1/(2*sqrt(Abs(x)))", C), ("1/(2 sqrt(x + 10^-12))", "1/(2*sqrt(x + 10**-12))", I)],
)
family(L, "sin(|x|)", "sin(Abs(x))", [("cos(x) sign(x)", "cos(x)*sign(x)", C), ("cos x", "cos(x)", I)])
family(L, "x|x|", "x*Abs(x)", [("2x", "2*x", I)])

# ---------------------------------------------------------------- tol=1e-6: decimals accepted when asked
# Each answer is within 1e-7 of the derivative both absolutely and relatively (the error is a
# constant, or a constant factor of a bounded function), so any reading of tol accepts it.
TOL_PROBES: list[Probe] = [
    Probe(f"tol-{n:02d}", "tol", p, a, ps, as_, I)
    for n, (p, ps, a, as_) in enumerate(
        [
            ("pi x", "pi*x", "3.14159265", "3.14159265"),
            ("sqrt(2) x", "sqrt(2)*x", "1.41421356", "1.41421356"),
            ("e x", "E*x", "2.71828183", "2.71828183"),
            ("x ln 2", "x*log(2)", "0.69314718", "0.69314718"),
            ("ln(3) x", "log(3)*x", "1.09861229", "1.09861229"),
            ("x/7", "x/7", "0.142857143", "0.142857143"),
            ("x/sqrt(2)", "x/sqrt(2)", "0.70710678", "0.70710678"),
            ("pi^2 x", "pi**2*x", "9.8696044", "9.8696044"),
            ("e^2 x", "exp(2)*x", "7.3890561", "7.3890561"),
            ("sin(x)/3", "sin(x)/3", "0.33333333 cos x", "0.33333333*cos(x)"),
            ("sin(x)/7", "sin(x)/7", "0.142857143 cos x", "0.142857143*cos(x)"),
            ("pi sin x", "pi*sin(x)", "3.14159265 cos x", "3.14159265*cos(x)"),
            ("sqrt(3) cos x", "sqrt(3)*cos(x)", "-1.7320508 sin x", "-1.7320508*sin(x)"),
            ("pi atan x", "pi*atan(x)", "3.14159265/(1 + x^2)", "3.14159265/(1 + x**2)"),
            ("atan(x)/3", "atan(x)/3", "0.33333333/(1 + x^2)", "0.33333333/(1 + x**2)"),
            ("pi x + sin x", "pi*x + sin(x)", "3.14159265 + cos x", "3.14159265 + cos(x)"),
            (
                "e sigma(x)",
                "E/(1 + exp(-x))",
                "2.71828183 sigma(x)(1 - sigma(x))",
                "2.71828183*exp(-x)/(1 + exp(-x))**2",
            ),
            ("sqrt(5) e^(-x^2)", "sqrt(5)*exp(-x**2)", "-4.47213595 x e^(-x^2)", "-4.47213595*x*exp(-x**2)"),
        ],
        start=1,
    )
]  # fmt: skip
