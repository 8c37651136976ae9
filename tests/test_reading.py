"""Reading what people type (issue 16): words refused by name with their column, names in any
case read with a note, numbers in scientific notation, full-width input, problems stated as
``y = …`` or ``f(x) = …``.  The readings themselves are the tables of docs/grammar.md
(tests/test_parse_table.py); this file checks what those tables cannot: columns, notes, trees,
and the names a worked solution uses."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from stepcalc import derive
from stepcalc.errors import LimitError, ParseError, UnsupportedError
from stepcalc.expr import Const, Deriv, Equation, Func, Mul, Num, Pow, Sym, Vector, walk
from stepcalc.parse import parse, parse_with_notes
from stepcalc.printing import to_text

x, y = Sym("x"), Sym("y")

# A word is refused where it begins, and the message names it and the closest known name.
WORDS = [
    ("derivative of x^2", 1, "unknown word 'derivative' at column 1: stepcalc reads mathematics"),
    ("d/dx of x^2", 6, "unknown word 'of' at column 6"),
    ("x^2 + cbrtx(x", 7, "'(' at column 12 is never closed"),  # cbrtx is cbrt x: a name, then x
    ("2 + sine x", 5, "unknown function 'sine' at column 5; did you mean 'sin'?"),
    ("x cosine(x)", 3, "unknown function 'cosine' at column 3; did you mean 'cos'?"),
    ("3 + sqr(x)", 5, "unknown function 'sqr' at column 5; did you mean 'sqrt'?"),
    ("e^x + floor(x)", 7, "unknown function 'floor' at column 7; stepcalc has no such function"),
    ("sni(x)", 1, "unknown function 'sni' at column 1; did you mean 'sin'?"),
    ("1 + xy(x + 1)", 5, "unknown function 'xy' at column 5; for a product write x y (…)"),
    ("abcd", 1, "unknown function 'abcd' at column 1; for a product of one-letter symbols write them apart"),
    ("tahn x", 1, "unknown function 'tahn' at column 1; did you mean"),
    ("x^2 (velocity)", 6, "unknown function 'velocity' at column 6"),
    ("diff x^2", 1, "'diff' at column 1 needs brackets: write diff(…, x)"),
    ("\\sin x + derivative", 10, "unknown word 'derivative' at column 10"),
    ("ｘ＋ｓｉｎｅ ｘ", 3, "unknown function 'sine' at column 3; did you mean 'sin'?"),
]


@pytest.mark.parametrize(("text", "column", "message"), WORDS)
def test_a_word_is_refused_with_its_column(text: str, column: int, message: str) -> None:
    with pytest.raises(ParseError) as info:
        parse(text)
    error = info.value
    if "never closed" not in message:
        assert error.column == column
    assert error.message.startswith(message), error.message
    assert error.text == text and error.context().splitlines()[0] == text


@pytest.mark.parametrize(
    "text", ["xy", "xyz", "abc", "2abc", "kxy", "mgh", "at + v_0", "nRT", "xsinx", "thetax"]
)
def test_products_of_one_letter_symbols_stay_products(text: str) -> None:
    symbols = [n.name.partition("_")[0] for n in walk(parse(text)) if isinstance(n, Sym)]
    assert symbols and all(len(s) == 1 or s == "theta" for s in symbols), symbols


def test_notes_say_what_was_read_other_than_as_written() -> None:
    reading = parse_with_notes("Sin x + LN(x) + ReLU(x)")  # ReLU is how that name is written
    assert reading.expr == parse("sin x + ln(x) + relu(x)")
    assert [(n.written, n.read, n.column) for n in reading.notes] == [("Sin", "sin", 1), ("LN", "ln", 9)]
    assert [n.text() for n in reading.notes] == ["read 'Sin' as sin", "read 'LN' as ln"]
    assert reading.notes[0].text("zh") == "将 'Sin' 读作 sin"
    assert parse_with_notes("sin x").notes == ()


def test_notes_point_at_the_column_typed_even_after_normalisation() -> None:
    (note,) = parse_with_notes("ｘ″ + Cos x").notes  # ″ is two characters once normalised
    assert note.column == 6


def test_scientific_notation_is_one_exact_number_kept_as_written() -> None:
    assert parse("1e-12") == Num(Fraction(1, 10**12), False, -12)
    assert parse("6.02e23") == Num(602 * 10**21, True, 23)
    assert parse("3E5") == Num(300000, False, 5)
    assert to_text(parse("6.02E23")) == "6.02e23"
    assert parse("6.02×10^23") == Mul((Num(Fraction(602, 100), True), Pow(Num(10), Num(23))))
    assert parse("2e") == Mul((Num(2), Const("e")))
    assert parse("2e - 1") != parse("2e-1")
    with pytest.raises(LimitError, match="max_digits"):
        parse("1e5000")


def test_full_width_input_is_read_and_errors_point_at_what_was_typed() -> None:
    assert parse("（ｘ＋１）²＋２ｘ") == parse("(x+1)^2 + 2x")
    assert parse("log(x，2)") == parse("log(x, 2)")
    assert parse("f″(x)") == Func("f''", (x,))
    with pytest.raises(ParseError) as info:
        parse("x″ + ½x")  # ″ becomes two characters: the column is still the one typed
    assert (info.value.column, info.value.message) == (6, "unexpected character '½' at column 6")


def test_brackets_group_unless_they_hold_a_list() -> None:
    assert parse("[x + 1]^2") == parse("(x + 1)^2")
    assert parse("[x, y]") == Vector((x, y))
    assert parse("[x,]") == Vector((x,))
    assert to_text(Vector((x,))) == "[x,]"


STATEMENTS = [
    ("y = x^2", "y' = 2x"),
    ("f(x) = x^3 - 2x", "f'(x) = (x^3)' - 2 (x)'"),
    ("y(x) = e^x", "y'(x) = e^x"),
    ("s(t) = t^3, s'(t)", "s'(t) = 3t^2"),
    ("y = x^3, dy/dx", "dy/dx = 3x^2"),
    ("dy/dx; y = ln x", "dy/dx = 1/x"),
    ("z = f(x, y) = x^2 y", "∂z/∂x = y (∂/∂x (x^2))"),
    ("d/dx [x^3]", "(x^3)' = 3x^2"),
    ("diff(x^3, x)", "(x^3)' = 3x^2"),
    ("D(x^3)", "(x^3)' = 3x^2"),
]


@pytest.mark.parametrize(("text", "first"), STATEMENTS)
def test_a_stated_problem_names_its_derivative(text: str, first: str) -> None:
    shown = derive(text, wrt="x" if "z =" in text else "t" if "s(t)" in text else None).to_text()
    lines = [line for line in shown.splitlines() if not line.startswith(("[", "let"))]
    assert lines[0].split("    [")[0] == first


def test_a_second_derivative_is_named_with_two_primes() -> None:
    text = derive("y = sin x", order=2).to_text()
    assert "y'' = " in text and "y' = " in text
    assert "\\frac{d^{2}y}{dx^{2}}" in derive("y = x^3, dy/dx", order=2).to_latex()
    assert derive("f(x) = x^3").to_dict()["problem"]["name"] == "f(x)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "x^2 + y^2 = 25",
            "x^2 + y^2 = 25 is an equation in x and y: for dy/dx by implicit differentiation use "
            "`stepcalc implicit 'x^2 + y^2 = 25'`",
        ),
        ("y = x y + 1", "is an equation in x and y: for dy/dx by implicit differentiation use `stepcalc"),
        ("x^2 = 4", "x^2 = 4 is an equation, not a function to differentiate"),
    ],
)
def test_an_equation_that_names_no_function_is_refused_clearly(text: str, message: str) -> None:
    assert isinstance(parse(text), Equation)
    with pytest.raises(UnsupportedError, match=re.escape(message)):
        derive(text)


def test_a_request_must_name_the_function_defined() -> None:
    with pytest.raises(ParseError, match="'dz/dx' does not ask for the derivative of y: write dy/dx or y'"):
        parse("y = x^2, dz/dx")
    assert parse("y = x^2, dy/dx") == Equation((Deriv(y, x), Deriv(Pow(x, Num(2)), x)))
