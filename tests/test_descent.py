"""Gradient descent step by step (issue 21, item 3): the notes' table digit for digit, the
stopping reasons, momentum and Adam, and convergence on random convex quadratics."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepcalc.cli import main
from stepcalc.errors import StepcalcError
from stepcalc.tasks.descent import descent
from stepcalc.tasks.descent_render import decimal_text, render_descent
from tests.cli_errors import clear_error


def test_the_notes_table_digit_for_digit() -> None:
    """d2l's notes: z = x² + y² from (3, 2) with η = 0.1: i = 0 gives 3.00, 2.00, 6.00, 4.00,
    −0.60, −0.40, 13.00, and then 2.40, 1.60, …"""
    found = descent("x^2 + y^2", "x=3,y=2", "0.1", steps=3)
    table = render_descent(found, "unicode").splitlines()
    start = table.index("Gradient descent with the rate η = 0.1: x ← x - η∇f(x)")
    assert [line.split() for line in table[start + 1 : start + 6]] == [
        ["i", "x", "y", "∂f/∂x", "∂f/∂y", "Δx", "Δy", "f"],
        ["0", "3.00", "2.00", "6.00", "4.00", "-0.60", "-0.40", "13.00"],
        ["1", "2.40", "1.60", "4.80", "3.20", "-0.48", "-0.32", "8.32"],
        ["2", "1.92", "1.28", "3.84", "2.56", "-0.384", "-0.256", "5.3248"],
        ["3", "1.536", "1.024", "3.072", "2.048", "3.407872"],
    ]
    assert table[start + 6] == "after 3 steps: the point (1.536, 1.024), where f = 3.407872"
    zh = render_descent(found, "text", "zh")
    assert "梯度下降，学习率 η = 0.1" in zh and "迭代 3 步后：点 (1.536, 1.024)，此时 f = 3.407872" in zh


def test_the_arithmetic_is_decimal_not_binary() -> None:
    found = descent("x^2 + y^2", "x=3,y=2", "0.1", steps=40)
    assert all(v == Decimal(str(v)) for r in found.rows for v in r.point)  # no 2.4000000000000004
    assert str(found.rows[1].point[0]) == "2.4"


def test_a_rate_above_two_over_l_diverges_and_says_why() -> None:
    found = descent("x^2 + y^2", "x=3,y=2", "1.1", steps=500)
    assert found.stop == "diverged"
    assert "the rate 1.1 is not below 2/L = 1 for this quadratic" in render_descent(found, "text")


def test_the_tolerance_stops_it() -> None:
    found = descent("x^2 + y^2", "x=3,y=2", "0.1", tol="0.001")
    assert found.stop == "tolerance"
    last = found.rows[-1]
    assert (
        sum(g * g for g in last.grad).sqrt()
        < Decimal("0.001")
        <= sum(g * g for g in found.rows[-2].grad).sqrt()
    )


@pytest.mark.parametrize(("method", "columns"), [("momentum", ["velocity_x"]), ("adam", ["m_x", "v_x"])])
def test_momentum_and_adam_show_their_state(method: str, columns: list[str]) -> None:
    found = descent("x^4 + y^2", "x=1,y=1", "0.1", steps=3, method=method)
    header = render_descent(found, "text").splitlines()
    row = next(line for line in header if line.split()[:2] == ["i", "x"])
    assert all(c in row.split() for c in columns)


def test_momentum_follows_pytorch_s_sgd() -> None:
    # v ← 0.9 v + g, x ← x - η v: from x = 1 on x²: g = 2, v = 2, x = 0.8; g = 1.6, v = 3.4, x = 0.46
    found = descent("x^2", "x=1", "0.1", steps=2, method="momentum")
    assert [str(r.point[0]) for r in found.rows] == ["1", "0.8", "0.46"]


def test_adam_s_first_step_is_the_rate() -> None:
    # m̂ = g and v̂ = g² after one step: the step is η g/(|g| + ε), η in the gradient's direction
    found = descent("x^2 + y^2", "x=3,y=2", "0.1", steps=1, method="adam")
    assert [round(float(s), 6) for s in found.rows[0].step] == [-0.1, -0.1]


def test_one_variable_and_a_transcendental_function() -> None:
    found = descent("(x - 1)^2 + e^x", "x=0", "0.1", steps=50)
    assert found.stop == "steps" and abs(float(found.rows[-1].point[0]) - 0.3149230578) < 1e-6


def test_json_rows_and_stop(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["descent", "x^2 + y^2", "--from", "x=3,y=2", "--steps", "2", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["gradient"] == ["2*x", "2*y"] and data["stop"] == "steps"
    assert data["rows"][0] == {"i": 0, "point": {"x": "3", "y": "2"}, "grad": ["6", "4"],
                               "step": ["-0.6", "-0.4"], "f": "13"}  # fmt: skip
    assert data["stable_below"] == "1"


@pytest.mark.parametrize("fmt", ["latex", "md", "html"])
def test_every_format_has_the_table(fmt: str) -> None:
    out = render_descent(descent("x^2 + y^2", "x=3,y=2", "0.1", steps=1), fmt)
    assert "13.00" in out and "-0.60" in out


def test_the_plot_draws_the_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    svg = tmp_path / "path.svg"
    assert main(["descent", "x^2 + y^2", "--from", "x=3,y=2", "--steps", "3", "--plot", str(svg)]) == 0
    assert svg.read_text(encoding="utf-8").startswith("<?xml") and "wrote" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["descent", "x^2 + y^2", "--from", "x=3"], "--from gives a value to each of x, y"),
        (["descent", "x^2", "--from", "x=1", "--rate", "-1"], "the rate must be positive"),
        (["descent", "x^2", "--from", "x=1", "--steps", "0"], "the number of steps"),
        (["descent", "x^2", "--from", "x=1", "--rate", "abc"], "the rate must be a number, not 'abc'"),
        (["descent", "x^2", "--from", "x=1", "--method", "sgd"], "invalid choice"),
        (["descent", "x^2 + a", "--from", "x=1", "--vars", "x"], "other letters"),
    ],
)
def test_bad_input_is_a_clear_error(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert message in clear_error(argv, capsys)


def test_the_library_refuses_an_unknown_method() -> None:
    with pytest.raises(StepcalcError, match="unknown method"):
        descent("x^2", "x=1", method="sgd")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("3", "3.00"),
        ("-0.6", "-0.60"),
        ("5.3248", "5.3248"),
        ("0.12345678901234", "0.123456789"),
        ("-0", "0.00"),
    ],
)
def test_decimals_are_shown_as_the_notes_print_them(value: str, shown: str) -> None:
    assert decimal_text(Decimal(value), 9 if len(value) > 10 else None) == shown


# ---------------------------------------------------------------- convergence, as a property
@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.integers(1, 9), st.integers(1, 9), st.integers(-3, 3), st.integers(-5, 5), st.integers(-5, 5))
def test_descent_on_a_convex_quadratic_reaches_its_minimum(a: int, c: int, b: int, p: int, q: int) -> None:
    """f = a x² + b x y + c y² - p x - q y with 4ac > b²; a safe rate, half of 2/L, converges to the
    solution of ∇f = 0 (found here by Cramer's rule)."""
    if 4 * a * c <= b * b:
        b = 0
    found = descent(f"{a}x^2 + ({b}) x y + {c}y^2 - ({p}) x - ({q}) y", "x=1,y=1", "1", steps=1)
    assert found.limit is not None
    rate = found.limit / 2
    found = descent(f"{a}x^2 + ({b}) x y + {c}y^2 - ({p}) x - ({q}) y", "x=1,y=1", str(rate), tol="1e-9")
    det = Decimal(4 * a * c - b * b)
    x, y = (2 * c * p - b * q) / det, (2 * a * q - b * p) / det
    assert found.stop == "tolerance"
    assert abs(found.rows[-1].point[0] - x) < Decimal("1e-6") and abs(found.rows[-1].point[1] - y) < Decimal(
        "1e-6"
    )


def test_the_gradient_and_the_table_are_verified() -> None:
    """The gradient's working is verified line by line, and the oracle recomputes ∇f and f at the
    table's first rows and its last: a wrong entry is caught."""
    found = descent("x^4 + y^2 + sin(x y)", "x=1,y=2", "0.01", steps=50, method="adam")
    assert found.derivation.verified is True and found.checked is True and found.verified is True
    assert found.to_dict()["verified"] is True
    assert "[∇f and f in the table checked by sympy at 11 rows]" in render_descent(found, "unicode")
    assert "[表中的 ∇f 与 f 已由 sympy 在 11 行核对]" in render_descent(found, "unicode", "zh")
    from stepcalc.oracle.critical import rows_agree

    row = found.rows[3]
    wrong = (row.grad[0] * (1 + Decimal("1e-9")), row.grad[1])
    f, xs = found.derivation.problem.expr, found.variables
    assert rows_agree(f, xs, [(row.point, wrong, row.f)]) is False
    assert rows_agree(f, xs, [(row.point, row.grad, row.f + 1)]) is False


def test_the_html_page_is_titled_by_its_task() -> None:
    page = render_descent(descent("x^2 + y^2", "x=3,y=2", "0.1", steps=2), "html")
    assert "<title>Gradient descent on x^2 + y^2</title>" in page


def test_no_verify_skips_the_checks() -> None:
    found = descent("x^2 + y^2", "x=3,y=2", "0.1", steps=3, verify=False)
    assert found.checked is None and found.verified is None
    assert "checked by sympy" not in render_descent(found, "text")
