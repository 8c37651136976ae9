"""A fixed corpus of textbook derivatives for benchmarks/bench_diff.py.

Typed the way students type them, from across a first calculus course: polynomials,
rationals, radicals, trigonometry and its inverses, exponentials and logarithms in any
base, products, quotients, nested chains and x^x.  Fixed (not generated) so figures from
different runs compare.
"""

CORPUS: tuple[str, ...] = (
    # polynomials and powers
    "3x^2 - 4x + 7",
    "x^4 - 2x^3 + x - 9",
    "3x^4 - 4x^3 - 12x^2",
    "(2x + 1)^5",
    "(x^2 - 3x + 1)^4",
    "x^(2/3) + x^(-1/2)",
    "5/x^3",
    "x^3 - 1/x",
    "sqrt x + 1/sqrt x",
    "x^pi + pi^x",
    # rationals
    "(x + 1)/(x - 1)",
    "x/(x^2 + 1)",
    "(x^2 + 1)/(x^3 - x)",
    "1/(1 + x^2)",
    "(3x - 2)/(2x + 5)^2",
    "ln(x^4 + x^3 + 2)",
    # radicals
    "sqrt(1 - x^2)",
    "sqrt(x^2 + 4x)",
    "x sqrt(x + 1)",
    "1/sqrt(2x - 1)",
    "(x^2 + 1)^(3/2)",
    # trigonometry
    "sin 3x",
    "cos(x^2)",
    "tan x - x",
    "sec x tan x",
    "sin^2 x",
    "cos^3 (2x)",
    "x^2 sin x",
    "sin x/(1 + cos x)",
    "csc x cot x",
    "sin x cos x",
    # inverse trigonometry
    "asin(2x)",
    "atan(x^2)",
    "x acos x",
    "arctan(1/x)",
    "asec x",
    # exponentials and logarithms
    "e^x cos x",
    "e^(2x)",
    "e^(-x^2)",
    "x e^x",
    "2^x",
    "10^(3x)",
    "ln(x^2 + 1)",
    "(x + 1)/ln x",
    "x ln x - x",
    "log_2 x",
    "log(x, 10)",
    "ln(sin x)",
    "e^x/(1 + e^x)",
    "1/(1 + e^(-x))",
    "sigma(x)",
    # hyperbolic
    "sinh x cosh x",
    "tanh(3x)",
    "asinh x",
    # nested chains and x^x
    "sin(cos(x^2))",
    "e^(sin x)",
    "ln(ln x)",
    "sqrt(1 + sin^2 x)",
    "x^x",
    "x^(sin x)",
    "(x^2 + 1)^3 (2x - 1)^2",
    "x^2 e^x sin x",
)
