"""What the text grammar reads: a table of inputs and the tree each gives, as canonical text.

The canonical text is ``to_text(parse(input))``; it reads back to the same tree (see
tests/test_roundtrip.py), so each row pins one tree.  The readings of the ambiguous
inputs are the ones documented in docs/grammar.md ("Ambiguities and how stepcalc reads
them"); a row there and a row here change together.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest

from stepcalc.errors import ParseError
from stepcalc.expr import Add, Const, Deriv, Div, Expr, Func, Mul, Neg, Norm, Num, Pow, Sym, Transpose, Vector
from stepcalc.parse import parse
from stepcalc.printing import to_text

NUMBERS = [
    ("0", "0"),
    ("42", "42"),
    ("007", "7"),
    ("3.14", "3.14"),
    ("0.5", "0.5"),
    (".5", "0.5"),
    ("2.50", "2.5"),
    ("1/2", "1/2"),
    ("3/4", "3/4"),
    ("-1/2", "-1/2"),
    ("2.5x", "2.5x"),
    ("0.5x^2", "0.5x^2"),
]

SYMBOLS = [
    ("x", "x"),
    ("x_1", "x_1"),
    ("x1", "x_1"),
    ("x₁", "x_1"),
    ("x_{12}", "x_12"),
    ("x12", "x_12"),
    ("x_a", "x_a"),
    ("x_{ab}", "x_{ab}"),
    ("x1x2", "x_1 x_2"),
    ("x12y", "x_12 y"),
    ("e_1", "e_1"),
    ("e1", "e_1"),
]

GREEK = [
    ("theta", "theta"),
    ("θ", "theta"),
    ("mu", "mu"),
    ("μ", "mu"),
    ("eta", "eta"),
    ("epsilon", "epsilon"),
    ("alpha_1", "alpha_1"),
    ("α₁", "alpha_1"),
    ("Δ", "Δ"),
    ("θx", "theta x"),
    ("thetax", "theta x"),
    ("xtheta", "x theta"),
    ("cos ωt", "cos(omega t)"),
    ("e^(-λt)", "e^(-lambda t)"),
]

CONSTANTS = [
    ("e", "e"),
    ("pi", "pi"),
    ("π", "pi"),
    ("ex", "e x"),
    ("pie", "pi e"),
    ("e^x", "e^x"),
    ("2 pi r", "2pi r"),
]

OPERATORS = [
    ("x+y", "x + y"),
    ("x-y", "x - y"),
    ("x − y", "x - y"),
    ("x*y", "x y"),
    ("x/y", "x/y"),
    ("x÷y", "x/y"),
    ("x^2", "x^2"),
    ("x**2", "x^2"),
    ("x·y", "x y"),
    ("x×y", "x y"),
    ("x⋅y", "x y"),
    ("2·3", "2*3"),
    ("x×(y+1)", "x (y + 1)"),
    ("a-b-c", "a - b - c"),
    ("a-(b-c)", "a - (b - c)"),
    ("(a+b)+c", "(a + b) + c"),
    ("a+-b", "a - b"),
    ("x ++ y", "x + y"),
    ("3x^2 - 2x + 1", "3x^2 - 2x + 1"),
    ("(x+1)/(x-1)", "(x + 1)/(x - 1)"),
    ("x^{n+1}", "x^(n + 1)"),
    ("{x+1}^2", "(x + 1)^2"),
    ("x^0.5", "x^(0.5)"),
    ("x**-1", "x^(-1)"),
    ("2**3**2", "2^(3^2)"),
]

UNARY_MINUS = [
    ("-x", "-x"),
    ("+x", "x"),
    ("--x", "-(-x)"),
    ("-(x+1)", "-(x + 1)"),
    ("a - -b", "a - (-b)"),
    ("a*-b", "a (-b)"),
    ("-a/b", "-a/b"),
    ("-(a/b)", "-(a/b)"),
    ("x - -1", "x - (-1)"),
]

SUPERSCRIPTS = [
    ("x²", "x^2"),
    ("x⁻¹", "x^(-1)"),
    ("x³", "x^3"),
    ("x¹⁰", "x^10"),
    ("2x²", "2x^2"),
    ("(x+1)²", "(x + 1)^2"),
    ("x₁² + x₂²", "x_1^2 + x_2^2"),
    ("sin²x", "sin^2 x"),
    ("sin⁻¹ x", "asin(x)"),
    ("‖x‖₂²", "||x||_2^2"),
]

IMPLICIT_PRODUCTS = [
    ("3x", "3x"),
    ("3 x", "3x"),
    ("2x^2", "2x^2"),
    ("x(x+1)", "x (x + 1)"),
    ("(x+1)(x-1)", "(x + 1) (x - 1)"),
    ("e^x cos x", "e^x cos x"),
    ("x y", "x y"),
    ("xy", "x y"),
    ("xyz", "x y z"),
    ("2xy", "2x y"),
    ("2 3", "2*3"),
    ("x 2", "x*2"),
    ("x|x|", "x |x|"),
    ("2|x|", "2 |x|"),
    ("x^2 sin x", "x^2 sin x"),
    ("x^2sin x", "x^2 sin x"),
    ("(x+1)sin x", "(x + 1) sin x"),
    ("x y*z", "x y*z"),
    ("x*y z", "x*y z"),
]

FUNCTIONS = [
    ("sin(x)", "sin x"),
    ("sinx", "sin x"),
    ("sint", "sin t"),
    ("ln x", "ln x"),
    ("lnx", "ln x"),
    ("cos 3x", "cos 3x"),
    ("sin2x", "sin 2x"),
    ("sin^2(x)", "sin^2 x"),
    ("cos^3 x", "cos^3 x"),
    ("tanh^2 x", "tanh^2 x"),
    ("sin^(-1) x", "asin(x)"),
    ("sin^-1(x)", "asin(x)"),
    ("tan^-1 x", "atan(x)"),
    ("sinh^-1 x", "asinh(x)"),
    ("ln^2 x", "(ln x)^2"),
    ("ln^-1 x", "(ln x)^(-1)"),
    ("sin -x", "sin(-x)"),
    ("sin(x^2 + 1)", "sin(x^2 + 1)"),
    ("sin(cos x)", "sin(cos x)"),
    ("x^(sin x)", "x^(sin x)"),
    ("e^sin(x)", "e^(sin x)"),
    ("cos(2x) sin(3x)", "cos 2x sin 3x"),
    ("|x|", "|x|"),
    ("abs(x)", "|x|"),
    ("abs x", "|x|"),
    ("|sin x|", "|sin x|"),
    ("ln|x|", "ln|x|"),
    ("sqrt(x)", "sqrt(x)"),
    ("sqrt x", "sqrt(x)"),
    ("sqrt(x+1)", "sqrt(x + 1)"),
    ("√x", "sqrt(x)"),
    ("√(1 - x^2)", "sqrt(1 - x^2)"),
    ("√2x", "sqrt(2x)"),
    ("exp(x)", "exp(x)"),
    ("exp x", "exp(x)"),
    ("exp(x^2)", "exp(x^2)"),
    ("ln(x)", "ln x"),
    ("log x", "ln x"),
    ("log(x)", "ln x"),
    ("log_2 x", "log_2 x"),
    ("log_2(x)", "log_2 x"),
    ("log_10 x", "log_10 x"),
    ("log_{10} x", "log_10 x"),
    ("log_a x", "log_a x"),
    ("log_e x", "log(x, e)"),
    ("log(x, 2)", "log_2 x"),
    ("log(x, a)", "log_a x"),
    ("ln(x, 2)", "log_2 x"),
    ("log_2(x^2 + 1)", "log_2(x^2 + 1)"),
    ("sigma(x)", "sigma(x)"),
    ("sigma x", "sigma(x)"),
    ("σ(x)", "sigma(x)"),
    ("σ x", "sigma(x)"),
    ("σ(x)(1 - σ(x))", "sigma(x) (1 - sigma(x))"),
    ("relu(x)", "relu(x)"),
    ("relu x", "relu(x)"),
    ("softplus(x)", "softplus(x)"),
    ("softplus x", "softplus(x)"),
    ("sgn x", "sign(x)"),
    ("heaviside(x)", "heaviside(x)"),
]

# Every trigonometric and hyperbolic function, and each spelling of the inverses.
_TRIG_NAMES = ["sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh", "coth", "sech", "csch"]
TRIG = [(f"{name} x", f"{name} x") for name in _TRIG_NAMES]
INVERSE_TRIG = [
    (f"{spelling} x", f"{canonical}(x)")
    for canonical, spellings in {
        "asin": ["asin", "arcsin"],
        "acos": ["acos", "arccos"],
        "atan": ["atan", "arctan"],
        "acot": ["acot", "arccot"],
        "asec": ["asec", "arcsec"],
        "acsc": ["acsc", "arccsc"],
        "asinh": ["asinh", "arsinh", "arcsinh"],
        "acosh": ["acosh", "arcosh", "arccosh"],
        "atanh": ["atanh", "artanh", "arctanh"],
        "acoth": ["acoth", "arcoth", "arccoth"],
        "asech": ["asech", "arsech", "arcsech"],
        "acsch": ["acsch", "arcsch", "arccsch"],
    }.items()
    for spelling in spellings
] + [("arctan(x/2)", "atan(x/2)")]

UNDEFINED_FUNCTIONS = [
    ("f(x)", "f(x)"),
    ("g(x, y)", "g(x, y)"),
    ("h(x)", "h(x)"),
    ("f'(x)", "f'(x)"),
    ("f''(x)", "f''(x)"),
    ("f′(x)", "f'(x)"),
    ("g'(x, y)", "g'(x, y)"),
    ("f(x)^2", "f(x)^2"),
    ("f(g(x))", "f(g(x))"),
    ("f(x)g(x)", "f(x) g(x)"),
    ("f x", "f x"),
    ("2f(x)", "2 f(x)"),
]

VECTORS = [
    ("‖x‖", "||x||"),
    ("‖x‖₂", "||x||_2"),
    ("‖x‖_2", "||x||_2"),
    ("‖x‖_{2}", "||x||_2"),
    ("||x||_2", "||x||_2"),
    ("||x||", "||x||"),
    ("‖x‖_1", "||x||_1"),
    ("norm(x)", "||x||"),
    ("norm(x, 2)", "||x||_2"),
    ("norm(X, F)", "||X||_F"),
    ("‖X‖_F", "||X||_F"),
    ("||x - y||_2^2", "||x - y||_2^2"),
    ("‖Ax - b‖²", "||A x - b||^2"),
    ("xᵀ", "x^T"),
    ("A^T", "A^T"),
    ("x^(T)", "x^(T)"),
    ("(A x)^T", "(A x)^T"),
    ("A x", "A x"),
    ("Ax", "A x"),
    ("x^T A x", "x^T A x"),
    ("xᵀAx", "x^T A x"),
    ("w^T x + b", "w^T x + b"),
    ("sigma(w^T x)", "sigma(w^T x)"),
    ("dot(x, y)", "dot(x, y)"),
    ("dot(x, x)", "dot(x, x)"),
    ("[x, y]", "[x, y]"),
    ("[1, 2, 3]", "[1, 2, 3]"),
]

DERIVATIVES = [
    ("d/dx (x^2 sin x)", "d/dx (x^2 sin x)"),
    ("d/dx(x^2)", "d/dx (x^2)"),
    ("d/dx x^2", "d/dx (x^2)"),
    ("d/dx sin x", "d/dx (sin x)"),
    ("d/dx -x", "d/dx (-x)"),
    ("d/dy (x y)", "d/dy (x y)"),
    ("d/dθ sin θ", "d/dtheta (sin theta)"),
    ("d/dtheta sin theta", "d/dtheta (sin theta)"),
    ("d/dx_1 x_1^2", "d/dx_1 (x_1^2)"),
    ("d/dx1 x1^2", "d/dx_1 (x_1^2)"),
    ("∂/∂x (x y)", "∂/∂x (x y)"),
    ("d/dx d/dx x^3", "d/dx (d/dx (x^3))"),
    ("x + d/dx x^2", "x + d/dx (x^2)"),
    ("x·d/dx x^2", "x (d/dx (x^2))"),
    ("(e^x cos x)'", "(e^x cos x)'"),
    ("(x^2)'", "(x^2)'"),
    ("x'", "(x)'"),
    ("(sin x)''", "((sin x)')'"),
    ("sin(x)'", "(sin x)'"),
    ("(x^2)' + (x^3)'", "(x^2)' + (x^3)'"),
]

# Each ambiguity has one reading (docs/grammar.md, "Ambiguities and how stepcalc reads them").
AMBIGUITIES = [
    # juxtaposition binds tighter than / and *
    ("1/2x", "1/(2x)"),
    ("1/2 x", "1/(2x)"),
    ("x/2y", "x/(2y)"),
    ("a/bc", "a/(b c)"),
    ("(1/2)x", "(1/2)*x"),
    ("x/y(z)", "x/(y z)"),
    # bare functions: the argument is the juxtaposed factors up to the next function
    ("sin x cos x", "sin x cos x"),
    ("sin 2x", "sin 2x"),
    ("sin 2 x", "sin 2x"),
    ("sin x^2", "sin x^2"),
    ("sin xy", "sin(x y)"),
    ("sin x y", "sin(x y)"),
    ("sin x (x+1)", "sin(x (x + 1))"),
    ("sin pi x", "sin(pi x)"),
    ("sin x2", "sin x_2"),
    ("ln x^2 + 1", "ln x^2 + 1"),
    ("ln x/x", "ln x/x"),
    ("ln(x)/x", "ln x/x"),
    ("sin x/cos x", "sin x/cos x"),
    ("sin x/x", "sin x/x"),
    ("2 sin x cos x", "2 sin x cos x"),
    ("sin 2x cos 3x", "sin 2x cos 3x"),
    ("sqrt x y", "sqrt(x y)"),
    ("cos^2 x + sin^2 x", "cos^2 x + sin^2 x"),
    ("sin^2 2x", "sin^2 2x"),
    # a call's argument is its parentheses
    ("sin(x)y", "sin(x) y"),
    ("sin(x)cos(x)", "sin x cos x"),
    ("sin (x+1) y", "sin(x + 1) y"),
    ("sin(x)^2", "sin^2 x"),
    ("sin^2 x", "sin^2 x"),
    ("sin^-1 x", "asin(x)"),
    ("ln(x)^2", "(ln x)^2"),
    # powers: right to left; an exponent is one atom with its signs
    ("x^2^3", "x^(2^3)"),
    ("e^x^2", "e^(x^2)"),
    ("e^-x", "e^(-x)"),
    ("e^-x^2", "e^(-x^2)"),
    ("e^2x", "e^2 x"),
    ("x^2x", "x^2 x"),
    ("2^-1", "2^(-1)"),
    ("x^-2", "x^(-2)"),
    ("x^-1/2", "x^(-1)/2"),
    ("a^-b^c", "a^(-b^c)"),
    # unary minus is looser than powers and juxtaposition
    ("-x^2", "-x^2"),
    ("-2^2", "-2^2"),
    ("(-x)^2", "(-x)^2"),
    ("-x^-2", "-x^(-2)"),
    ("-a*b", "(-a) b"),
    ("-a b", "-a b"),
    # * and / are left to right
    ("a/b/c", "(a/b)/c"),
    ("a/b*c", "(a/b)*c"),
    ("a*b/c", "a b/c"),
    ("1/2/3", "(1/2)/3"),
    # bars
    ("|x||y|", "|x| |y|"),
    ("|x| |y|", "|x| |y|"),
    ("|x-|y||", "|x - |y| |"),
    ("|x|y", "|x| y"),
    # x^T is a transpose; x^(T) is a power
    ("x^T", "x^T"),
    # digits followed at once by e and a whole number are one number (issue 16)
    ("2e-1", "2e-1"),
    ("2e - 1", "2e - 1"),
    ("2e2x", "2e2x"),
    # a bracket of one item groups; a vector of one component is written [x,]
    ("[x]", "x"),
]

GROUPS = {
    "number": NUMBERS,
    "symbol": SYMBOLS,
    "greek": GREEK,
    "constant": CONSTANTS,
    "operator": OPERATORS,
    "minus": UNARY_MINUS,
    "superscript": SUPERSCRIPTS,
    "implicit": IMPLICIT_PRODUCTS,
    "function": FUNCTIONS,
    "trig": TRIG,
    "inverse": INVERSE_TRIG,
    "undefined": UNDEFINED_FUNCTIONS,
    "vector": VECTORS,
    "derivative": DERIVATIVES,
    "ambiguity": AMBIGUITIES,
}
TABLE = [
    pytest.param(text, expected, id=f"{group}: {text}")
    for group, rows in GROUPS.items()
    for text, expected in rows
]


def test_table_is_large_and_has_no_duplicate_inputs() -> None:
    inputs = [p.values[0] for p in TABLE]
    assert len(inputs) >= 170
    assert len(inputs) == len(set(inputs))


@pytest.mark.parametrize(("text", "expected"), TABLE)
def test_reading(text: str, expected: str) -> None:
    assert to_text(parse(text)) == expected


@pytest.mark.parametrize(("text", "expected"), TABLE)
def test_canonical_text_is_a_fixed_point(text: str, expected: str) -> None:
    assert to_text(parse(expected)) == expected


x, y, a, b = Sym("x"), Sym("y"), Sym("a"), Sym("b")
E = Const("e")

TREES: list[tuple[str, Expr]] = [
    ("2x^2", Mul((Num(2), Pow(x, Num(2))))),
    ("0.25", Num(Fraction(1, 4), decimal=True)),
    ("1/2", Div(Num(1), Num(2))),
    ("x₁ + x1 + x_{1}", Add((Sym("x_1"), Sym("x_1"), Sym("x_1")))),
    ("a - b + c", Add((a, Neg(b), Sym("c")))),
    ("(a + b) + c", Add((Add((a, b)), Sym("c")))),
    ("-x^2", Neg(Pow(x, Num(2)))),
    ("e^-x", Pow(E, Neg(x))),
    ("x⁻¹", Pow(x, Neg(Num(1)))),
    ("1/2x", Div(Num(1), Mul((Num(2), x)))),
    ("a/b*c", Mul((Div(a, b), Sym("c")))),
    ("sin x cos x", Mul((Func("sin", (x,)), Func("cos", (x,))))),
    ("sin^2 x", Pow(Func("sin", (x,)), Num(2))),
    ("arcsin x", Func("asin", (x,))),
    ("log_2 x", Func("log", (x, Num(2)))),
    ("log x", Func("ln", (x,))),
    ("θ", Sym("theta")),
    ("π", Const("pi")),
    ("|x|", Func("abs", (x,))),
    ("f'(x)", Func("f'", (x,))),
    ("‖x‖₂", Norm(x, "2")),
    ("x^T A x", Mul((Transpose(x), Sym("A"), x))),
    ("[x, y]", Vector((x, y))),
    ("d/dx (x^2)", Deriv(Pow(x, Num(2)), x)),
    ("(e^x)'", Deriv(Pow(E, x))),
]


@pytest.mark.parametrize(("text", "tree"), [pytest.param(t, e, id=t) for t, e in TREES])
def test_exact_tree(text: str, tree: Expr) -> None:
    assert parse(text) == tree


# ---------------------------------------------------------------- known misreadings
# A function name (or d/dx) after `^`, after another function or inside a product is
# still a function: never split into one-letter symbols (`e^sin x` is not e^s·i·n·x).
MISREAD: list[tuple[str, Expr]] = [
    ("e^sin x", Pow(E, Func("sin", (x,)))),
    ("x^ln x", Pow(x, Func("ln", (x,)))),
    ("e^sqrt x", Pow(E, Func("sqrt", (x,)))),
    ("sin cos x", Func("sin", (Func("cos", (x,)),))),
    ("ln ln x", Func("ln", (Func("ln", (x,)),))),
    ("x d/dx x^2", Mul((x, Deriv(Pow(x, Num(2)), x)))),
    ("2 d/dx x", Mul((Num(2), Deriv(x, x)))),
    ("sqrt sqrt x", Func("sqrt", (Func("sqrt", (x,)),))),
    ("2^log_2 x", Pow(Num(2), Func("log", (x, Num(2))))),
    ("e^sin x cos x", Mul((Pow(E, Func("sin", (x,))), Func("cos", (x,))))),
    ("e^-sin x", Pow(E, Neg(Func("sin", (x,))))),
    ("sin -cos x", Func("sin", (Neg(Func("cos", (x,))),))),
    ("ln f(x)", Func("ln", (Func("f", (x,)),))),
    ("|sin cos x|", Func("abs", (Func("sin", (Func("cos", (x,)),)),))),
    ("x d/dx x^2 + 1", Add((Mul((x, Deriv(Pow(x, Num(2)), x))), Num(1)))),
]


@pytest.mark.parametrize(("text", "tree"), [pytest.param(t, e, id=t) for t, e in MISREAD])
def test_function_name_is_never_split_into_letters(text: str, tree: Expr) -> None:
    assert parse(text) == tree


# ---------------------------------------------------------------- docs/grammar.md
DOC = Path(__file__).resolve().parent.parent / "docs" / "grammar.md"


def _doc_rows(header: str, section: str = "") -> list[tuple[str, str]]:
    """The first two cells of each row of the tables in docs/grammar.md under ``header``
    (only in the section whose heading starts with ``section``, when given)."""
    rows: list[tuple[str, str]] = []
    inside = False
    text = DOC.read_text(encoding="utf-8")
    if section:
        start = text.index("\n" + section)
        end = text.find("\n## ", start + 1)
        text = text[start : end if end >= 0 else len(text)]
    for line in text.splitlines():
        if not line.startswith("|"):
            inside = False
            continue
        if line.startswith(header):
            inside = True
            continue
        if not inside or line.startswith("|---"):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        typed, shown = (c.replace("\\|", "|") for c in cells[:2])
        rows.append((typed[1:-1] if typed.startswith("`") else typed, shown.strip("`")))
    return rows


DOC_READINGS = _doc_rows("| You type | Reads as |")
DOC_ERRORS = _doc_rows("| You type | Error |")


def test_doc_has_the_tables() -> None:
    assert len(DOC_READINGS) >= 349  # 199 before issue 16, which added at least 150
    assert len(DOC_ERRORS) >= 10


def test_doc_lists_the_same_ambiguities_as_this_table() -> None:
    assert sorted(_doc_rows("| You type | Reads as |", section="## Ambiguities")) == sorted(AMBIGUITIES)


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=t) for t, e in DOC_READINGS])
def test_doc_reading(text: str, expected: str) -> None:
    assert to_text(parse(text)) == expected


@pytest.mark.parametrize(("text", "message"), [pytest.param(t, m, id=t) for t, m in DOC_ERRORS])
def test_doc_error(text: str, message: str) -> None:
    with pytest.raises(ParseError) as info:
        parse(text)
    assert info.value.message == message
