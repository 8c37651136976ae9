"""The textbook form of a result: candidates, the cost that picks one, ``--form``,
alternate forms (JSON and ``--alternate``), and ``--factor`` beyond one variable."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import assume, given, settings

from stepcalc import derive, parse
from stepcalc.cli import main
from stepcalc.cli.derivatives import RESULT_FORMS
from stepcalc.errors import StepcalcError
from stepcalc.expr import Expr, Vector, walk
from stepcalc.printing import to_text
from stepcalc.simplify import simplify, tidy
from stepcalc.simplify.forms import FORMS, Form, candidates, choose, cost
from tests.strategies import exprs


def shown(e: Expr) -> str:
    return to_text(e, readable=True)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("(x e^x + e^x)/x^2", {"simplified": "(x e^x + e^x)/x^2", "common_factor": "(x + 1) e^x/x^2"}),
        ("x^2 e^x + 2x e^x", {"simplified": "x^2 e^x + 2x e^x", "factored": "x e^x (x + 2)"}),
        ("12x^3 - 12x^2 - 24x", {"factored": "12x (x + 1) (x - 2)"}),
        ("(x + 1)^2 - (x - 1)^2", {"expanded": "4x"}),
        ("(x^2 - 1)/(x + 3)^2", {"factored": "(x + 1) (x - 1)/(x + 3)^2"}),
        ("1/x + 1/(x + 1)", {"single_fraction": "(2x + 1)/(x^2 + x)"}),
        ("(5^w ln 5 - 5^w ln 3)/3^w", {"common_factor": "(5/3)^w ln(5/3)"}),
        ("x/(sqrt(x^2 + 1) + 1)", {"rationalised": "(sqrt(x^2 + 1) - 1)/x"}),
        ("sin(x)^2/(1 - cos(x))", {"pythagorean": "cos x + 1"}),
    ],
)
def test_candidates(text: str, kinds: dict[str, str]) -> None:
    found = {f.kind: shown(f.expr) for f in candidates(parse(text), tidy)}
    for kind, expected in kinds.items():
        assert found.get(kind) == expected, found


@pytest.mark.parametrize(
    ("text", "chosen"),
    [
        ("(x e^x + e^x)/x^2", "(x + 1) e^x/x^2"),  # an exponential out of the numerator
        ("x^x (x ln x + x + ln x)/(x + 1)^2", "x^x (x ln x + x + ln x)/(x + 1)^2"),
        ("(x^2 + 2x)/(x + 1)^2", "(x^2 + 2x)/(x + 1)^2"),  # the numerator stays expanded
        ("x^2 e^x + 2x e^x", "x^2 e^x + 2x e^x"),  # a sum stays a sum (WORKED.md §2)
        ("1/x + 1/(x + 1)", "1/x + 1/(x + 1)"),
        # a square or higher power of a bracket in every term of the numerator comes out,
        # with what the rest shares (APEX §2.5 ex. 26); a bracket once in each term stays (ex. 35)
        (
            "(24x (3x^2 - 5)^3 (2x^3 - 1) - 12x^2 (3x^2 - 5)^4)/(2x^3 - 1)^3",
            "12x (3x^2 - 5)^3 (x^3 + 5x - 2)/(2x^3 - 1)^3",
        ),
        (
            "(8(4x + 1) tan(5x) - 5(4x + 1)^2 sec(5x)^2)/tan(5x)^2",
            "(8(4x + 1) tan 5x - 5(4x + 1)^2 sec^2 5x)/(tan^2 5x)",
        ),
        # a sum whose terms share a square of a bracket: taken out when the rest is short
        # (OpenStax §3.6, APEX §2.5 ex. 36), kept when it is long (APEX §2.5 ex. 31)
        ("10(2x + 1)^4 (3x - 2)^7 + 21(2x + 1)^5 (3x - 2)^6", "(2x + 1)^4 (3x - 2)^6 (72x + 1)"),
        (
            "5(x^2 + x)^4 (2x + 1) (3x^4 + 2x)^3 + 3(x^2 + x)^5 (3x^4 + 2x)^2 (12x^3 + 2)",
            "5(x^2 + x)^4 (2x + 1) (3x^4 + 2x)^3 + 3(x^2 + x)^5 (3x^4 + 2x)^2 (12x^3 + 2)",
        ),
        ("(x + 1)^2 + 2x (x + 1)", "(x + 1)^2 + 2x (x + 1)"),  # a bracket once in each term
        # a negative power of a sum holding a fraction is a fraction inside a fraction
        ("-((1 + 1/t)^(-1) + 1)^(-2) (1 + 1/t)^(-2)/t^2", "-1/(2t + 1)^2"),
        # a root in a sum below: the conjugate, when what is common then cancels (issue 17)
        ("(sqrt(x^2 + 1) + x)/(x sqrt(x^2 + 1) + x^2 + 1)", "1/sqrt(x^2 + 1)"),
        ("x/(sqrt(x^2 + 1) + 1)", "x/(sqrt(x^2 + 1) + 1)"),  # no shorter: the root stays below
        ("1/(2 sqrt(x^2 + 1))", "1/(2 sqrt(x^2 + 1))"),  # a root alone below stays
    ],
)
def test_the_cost_keeps_the_house_style_and_takes_an_exponential_out(text: str, chosen: str) -> None:
    assert shown(choose(parse(text), tidy).expr) == chosen


def test_a_nested_fraction_costs_more_than_its_cleared_form() -> None:
    nested, cleared = parse("(1 - 1/x)/x"), parse("(x - 1)/x^2")
    assert cost(Form("simplified", nested)) > cost(Form("single_fraction", cleared))


@pytest.mark.parametrize(
    ("form", "result"),
    [("factored", "x^2 e^x (x + 3)"), ("expanded", "x^3 e^x + 3x^2 e^x"), (None, "3x^2 e^x + x^3 e^x")],
)
def test_derive_gives_the_form_asked_for(form: str | None, result: str) -> None:
    d = derive("x^3 e^x", form=form, verify=True)
    assert shown(d.result) == result  # type: ignore[arg-type]
    assert d.verified is True
    assert all(shown(e) != result for _, e in d.alternate_forms)


def test_an_unknown_form_is_a_clear_error() -> None:
    with pytest.raises(
        StepcalcError, match="unknown form 'tidy'; choose expanded, factored or single_fraction"
    ):
        derive("x^2", form="tidy")


def test_the_cli_forms_are_the_engines() -> None:
    assert RESULT_FORMS == FORMS


def test_json_lists_alternate_forms(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "x/(x^2 + 1)", "--format", "json", "--no-verify"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["result"]["text"] == "(1 - x^2)/(x^2 + 1)^2"
    assert {"form": "factored", "text": "-(x + 1) (x - 1)/(x^2 + 1)^2"}.items() <= out["alternate_forms"][
        0
    ].items()
    assert out["alternate_forms"][0]["sympy"] == "-((x + 1)*(x - 1))/(x**2 + 1)**2"


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "other forms: (x e^x - e^x)/x^2 (expanded), e^x (x - 1)/x^2 (factored)"),
        ("zh", "其他形式：(x e^x - e^x)/x^2（展开）、e^x (x - 1)/x^2（因式分解）"),
    ],
)
def test_alternate_shows_the_other_forms(lang: str, line: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "e^x/x", "--alternate", "--lang", lang, "--no-verify"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == line
    assert "= (x - 1) e^x/x^2" in "\n".join(out[:-1])  # the derivation ends in the chosen form


def test_without_alternate_no_other_forms_are_printed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "e^x/x", "--no-verify"]) == 0
    assert "other forms" not in capsys.readouterr().out


def test_factor_works_beyond_one_variables_polynomials() -> None:
    d = derive("x^2 e^x", factor=True, verify=True)
    assert [shown(line.expr) for line in d.lines[-1:]] == ["x e^x (x + 2)"]
    assert d.verified is True
    two = derive("x^2 y^2", wrt="x", factor=True)
    assert shown(two.result) == "2x y^2"  # type: ignore[arg-type]


def test_a_bad_form_on_the_command_line_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["diff", "x^2", "--form", "tidy"])
    assert info.value.code == 2
    assert "--form" in capsys.readouterr().err


EXAMPLES = int(os.environ.get("STEPCALC_EXAMPLES", "150"))


@settings(max_examples=max(EXAMPLES // 3, 20), deadline=None, derandomize=True)
@given(exprs(max_leaves=7))
def test_every_candidate_keeps_the_value_and_the_choice_never_costs_more(e: Expr) -> None:
    from stepcalc.oracle import equal

    assume(not any(isinstance(n, Vector) for n in walk(e)))
    start = simplify(e).expr
    best = choose(start, tidy)
    assert cost(best) <= cost(Form("simplified", start))
    for form in (best, *candidates(start, tidy)):
        assert equal(start, form.expr, seconds=1.0).verdict != "different", (form.kind, form.expr)
