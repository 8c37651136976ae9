"""Bad input: the exact message and column of each ``ParseError``, and the limits.

No timings here: hostile inputs are refused before any real work (the length and digit
limits look at the text, the nesting limit at its brackets), so these tests simply finish.
"""

from __future__ import annotations

import pytest

from stepcalc.errors import LimitError, ParseError
from stepcalc.expr import Expr, Sym, depth
from stepcalc.limits import Limits
from stepcalc.parse import parse
from stepcalc.printing import to_text, to_unicode

ERRORS = [
    ("", "empty input: expected an expression", 1),
    ("   ", "empty input: expected an expression", 1),
    ("\n\t", "empty input: expected an expression", 1),
    ("(x+1", "'(' at column 1 is never closed", 1),
    ("x+1)", "unmatched ')' at column 4", 4),
    ("((x)", "'(' at column 1 is never closed", 1),
    ("(x+1))", "unmatched ')' at column 6", 6),
    ("x)", "unmatched ')' at column 2", 2),
    ("(x]", "unmatched ']' at column 3", 3),
    ("[x, y", "'[' at column 1 is never closed", 1),
    ("{x", "'{' at column 1 is never closed", 1),
    ("sin(x", "'(' at column 4 is never closed", 4),
    ("x @ y", "unexpected character '@' at column 3", 3),
    ("x # 2", "unexpected character '#' at column 3", 3),
    ("x € 2", "unexpected character '€' at column 3", 3),
    ("x ! 2", "expected an expression before '!' at column 3", 3),
    ("x = = 2", "expected an expression after '=' at column 5, found '='", 5),
    ("sin", "expected an argument after 'sin' at column 4", 4),
    ("ln", "expected an argument after 'ln' at column 3", 3),
    ("sqrt", "expected an argument after 'sqrt' at column 5", 5),
    ("log_2", "expected an argument after 'log_2' at column 6", 6),
    ("σ", "expected an argument after 'σ' at column 2", 2),
    ("sin +", "expected an argument after 'sin' at column 5, found '+'", 5),
    ("sin()", "expected an expression after '(' at column 5, found ')'", 5),
    ("f()", "expected an expression after '(' at column 3, found ')'", 3),
    ("()", "expected an expression after '(' at column 2, found ')'", 2),
    ("2^^3", "expected an exponent after '^' at column 3, found '^'", 3),
    ("2 ^ ^ 3", "expected an exponent after '^' at column 5, found '^'", 5),
    ("x^", "expected an exponent after '^' at column 3", 3),
    ("x**", "expected an exponent after '**' at column 4", 4),
    ("x +", "expected an expression after '+' at column 4", 4),
    ("x - ", "expected an expression after '-' at column 4", 4),
    ("sin x +", "expected an expression after '+' at column 8", 8),
    ("x+*y", "expected an expression after '+' at column 3, found '*'", 3),
    ("a / / b", "expected an expression after '/' at column 5, found '/'", 5),
    ("* x", "expected an expression at column 1, found '*'", 1),
    ("d/dx", "expected an expression after 'dx' at column 5", 5),
    ("|x", "'|' at column 1 is never closed", 1),
    ("|x|+|", "'|' at column 5 is never closed", 5),
    (
        "||x| - |y||",
        "expected an expression after 'x' at column 4, found '|' (the '||' at column 1 was read as a norm"
        " bar; write '| |' for two absolute-value bars)",
        4,
    ),
    ("log_ x", "unexpected character '_' at column 4", 4),
    ("x__1", "unexpected character '_' at column 2", 2),
    ("x,y", "unexpected ',' at column 2", 2),
    ("sin(x, y)", "'sin' takes 1 argument, got 2 at column 1", 1),
    ("dot(x)", "'dot' takes 2 arguments, got 1 at column 1", 1),
    ("log(x, 2, 3)", "'log' takes 1 argument, got 3 at column 1", 1),
    ("norm(x, 3.5)", "norm(x, p) takes p = 1, 2, … or F at column 1", 1),
    # a prime in LaTeX input, quoted in the message (this once raised an IndexError)
    ("(x'd/dx\\sin(", "expected an expression after ''' at column 4, found 'd/dx'", 4),
]


@pytest.mark.parametrize(("text", "message", "column"), [pytest.param(*row, id=row[0]) for row in ERRORS])
def test_parse_error(text: str, message: str, column: int) -> None:
    with pytest.raises(ParseError) as info:
        parse(text)
    assert info.value.message == message
    assert str(info.value) == message
    assert info.value.column == column
    assert info.value.line == 1


def test_error_on_a_later_line() -> None:
    with pytest.raises(ParseError) as info:
        parse("x +\n* 2")
    assert (info.value.message, info.value.line, info.value.column) == (
        "expected an expression at column 1, found '*'",
        2,
        1,
    )
    assert info.value.context() == "* 2\n^"


def test_parse_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="never closed"):
        parse("(x")


def test_context_puts_a_caret_under_the_column() -> None:
    with pytest.raises(ParseError) as info:
        parse("x + * 2")
    assert info.value.context() == "x + * 2\n    ^"


def test_context_windows_a_long_line() -> None:
    text = "x + " * 30 + "* 2"
    with pytest.raises(ParseError) as info:
        parse(text)
    assert info.value.column == 121
    shown, caret = info.value.context().split("\n")
    assert shown == "…" + text[80:]
    assert caret == " " * 41 + "^"
    assert shown[caret.index("^")] == "*"


def test_lone_dollar_is_an_unknown_character() -> None:
    with pytest.raises(ParseError) as info:
        parse("x $ 2")
    assert info.value.message == "unexpected character '$' at column 3"
    assert info.value.column == 3


def test_unclosed_norm_bar() -> None:
    with pytest.raises(ParseError) as info:
        parse("‖x")
    assert info.value.message == "'‖' at column 1 is never closed"
    assert info.value.column == 1


def test_number_with_two_decimal_points() -> None:
    with pytest.raises(ParseError):
        parse("1.2.3")


# ---------------------------------------------------------------- limits


def test_100_kb_of_text_is_refused_by_length() -> None:
    with pytest.raises(LimitError) as info:
        parse("x+" * 50000 + "x")
    assert info.value.limit == "max_length"
    assert str(info.value) == "input is 100001 characters long; the limit is 20000 (max_length)"


def test_length_limit_can_be_lowered_per_call() -> None:
    with pytest.raises(LimitError, match=r"^input is 5 characters long; the limit is 4 \(max_length\)$"):
        parse("x + 1", limits=Limits(max_length=4))


def test_nesting_5000_deep_is_refused() -> None:
    with pytest.raises(LimitError) as info:
        parse("(" * 5000 + "x" + ")" * 5000)
    assert info.value.limit == "max_depth"
    assert str(info.value) == "brackets nest more than 1500 deep at column 1501 (max_depth)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "-" * 5000 + "x", "expression is nested 5001 deep; the limit is 1500 (max_depth)", id="signs"
        ),
        pytest.param(
            "x^" * 2000 + "x", "expression is nested 2001 deep; the limit is 1500 (max_depth)", id="powers"
        ),
        pytest.param(
            "sin(" * 3000 + "x" + ")" * 3000,
            "brackets nest more than 1500 deep at column 6004 (max_depth)",
            id="calls",
        ),
    ],
)
def test_other_deep_nesting_is_refused(text: str, message: str) -> None:
    with pytest.raises(LimitError) as info:
        parse(text)
    assert info.value.limit == "max_depth"
    assert str(info.value) == message


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("(" * 1000 + "x" + ")" * 1000, id="brackets"),
        pytest.param("sin(" * 1000 + "x" + ")" * 1000, id="calls"),
        pytest.param("(1+" * 1000 + "x" + ")" * 1000, id="sums"),
        pytest.param("(" * 999 + "x" + "^2)" * 999, id="powers"),
        pytest.param("x^" * 999 + "x", id="power-tower"),
        pytest.param("sqrt(" * 999 + "x" + ")" * 999, id="roots"),
        pytest.param("-" * 1000 + "x", id="signs"),
    ],
)
def test_nesting_1000_deep_parses_and_prints(text: str) -> None:
    e = parse(text)
    assert depth(e) <= 1001
    assert parse(to_text(e)) == e
    assert parse(to_unicode(e)) == e


def test_brackets_1000_deep_leave_the_symbol() -> None:
    e: Expr = parse("(" * 1000 + "x" + ")" * 1000)
    assert e == Sym("x")


def test_huge_integer_literal_is_refused() -> None:
    with pytest.raises(LimitError) as info:
        parse("x + " + "9" * 1001)
    assert info.value.limit == "max_digits"
    assert str(info.value) == "number at column 5 has 1001 digits; the limit is 1000 (max_digits)"


def test_integer_of_1000_digits_is_read_exactly() -> None:
    assert to_text(parse("9" * 1000)) == "9" * 1000
