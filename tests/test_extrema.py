"""Critical points in several variables and the second-derivative test (issue 21, item 1).

The table is ``tests/extrema/critical_points.csv``: textbook exercises (OpenStax Calculus Vol. 3
§4.7, APEX Calculus §12.8, CLP-3 §2.9) with every critical point the book lists, its
classification and, where the book gives it, f's value; each answer was checked with sympy when
the table was made, and the ``source`` and ``url`` columns cite the book.  A row stepcalc does
not solve yet is a strict xfail with the reason, so that a fix shows up.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepcalc import parse
from stepcalc.cli import main
from stepcalc.errors import StepcalcError, UnsupportedError
from stepcalc.evaluate import split_outside_brackets
from stepcalc.expr import Add, Expr, Mul, Num, Pow, Sym
from stepcalc.oracle import equal
from stepcalc.printing import to_text
from stepcalc.tasks.extrema import extrema, kind
from stepcalc.tasks.extrema_render import render_extrema
from stepcalc.tasks.lagrange import lagrange
from stepcalc.tasks.lagrange_render import render_lagrange
from tests.cli_errors import clear_error

TABLE = Path(__file__).parent / "extrema" / "critical_points.csv"

# what stepcalc does not do yet, by the row's function
LIMITS = {}


@dataclass(frozen=True)
class BookPoint:
    values: tuple[str, ...]
    kind: str
    value: str | None


def _points(text: str) -> list[BookPoint]:
    out = []
    for part in filter(None, (p.strip() for p in text.split(" ; "))):
        head, tail = part.split("):", 1)
        values = tuple(v.strip() for v in split_outside_brackets(head.strip().removeprefix("("), ","))
        kind_text, _, value = tail.strip().partition(" = ")
        out.append(BookPoint(values, kind_text.strip(), value.strip() or None))
    return out


def _rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _case(row: dict[str, str]) -> object:
    reason = LIMITS.get(row["expr"])
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(row, marks=marks, id=f"{row['expr']} ({row['source']})")


def test_the_table_is_a_course_s_worth() -> None:
    rows = _rows()
    assert len(rows) >= 40
    assert all(row["source"] and row["url"].startswith("https://github.com/") for row in rows)


@pytest.mark.parametrize("row", [_case(r) for r in _rows()])
def test_textbook_critical_points(row: dict[str, str]) -> None:
    found = extrema(row["expr"], row["vars"], on=row["on"] or None)
    assert found.verified is True, found.checks
    book = _points(row["points"])
    assert len(found.points) == len(book), [to_text(v) for p in found.points for v in p.point.values()]
    for want in book:
        values = [parse(v) for v in want.values]
        hits = [
            p
            for p in found.points
            if all(equal(ours, theirs).equal for ours, theirs in zip(p.point.values(), values, strict=True))
        ]
        assert len(hits) == 1, want
        assert hits[0].kind == want.kind, (want, hits[0].kind)
        if want.value is not None:
            assert equal(hits[0].value, parse(want.value)).equal, (want, to_text(hits[0].value))


# ---------------------------------------------------------------- the notes' example, golden
def test_the_notes_paraboloid_has_its_only_minimum_at_the_origin() -> None:
    """d2l's notes: z = x² + y² has its only minimum at (0, 0), found from ∂z/∂x = ∂z/∂y = 0."""
    found = extrema("x^2 + y^2")
    assert [(p.kind, to_text(p.value)) for p in found.points] == [("local_min", "0")]
    text = render_extrema(found, "text")
    assert text.endswith(
        "Solve ∇f = 0: 2x = 0 and 2y = 0\n"
        "  2x = 0 gives x = 0\n"
        "  2y = 0 gives y = 0\n"
        "Critical points: (0, 0)\n"
        "at (x, y) = (0, 0): H(0, 0) = [[2, 0], [0, 2]]; D = 4 > 0 and f_xx = 2 > 0: "
        "a local minimum, f(0, 0) = 0\n"
        "[verified: every critical point, its kind and its value, and none missed]\n"
    )
    zh = render_extrema(found, "text", "zh")
    assert "临界点：(0, 0)" in zh and "极小值，f(0, 0) = 0" in zh and "[已验证" in zh


def test_a_saddle_and_a_minimum_worked_by_substitution() -> None:
    text = render_extrema(extrema("x^3 + y^3 - 3x y"), "unicode")
    for line in (
        "3x² - 3y = 0 gives y = x²",
        "put y = x² into the other equations: 3x⁴ - 3x = 0",
        "where x = 1: y = x² = 1",
        "D = -9 < 0: a saddle point, f(0, 0) = 0",
        "D = 27 > 0 and f_xx = 6 > 0: a local minimum, f(1, 1) = -1",
    ):
        assert line in text


def test_an_exponential_factor_is_never_zero() -> None:
    found = extrema("x y e^(-x^2 - y^2)")
    assert found.verified is True
    kinds = sorted(p.kind for p in found.points)
    assert kinds == ["local_max", "local_max", "local_min", "local_min", "saddle"]
    assert "the other factors are never zero, so y (2x^2 - 1) = 0" in render_extrema(found, "text")


def test_three_variables_use_the_leading_principal_minors() -> None:
    found = extrema("x^2 + y^2 + z^2 - 2z + x y")
    (p,) = found.points
    assert p.kind == "local_min" and [to_text(m) for m in p.minors] == ["2", "3", "6"]
    assert "the leading principal minors 2, 3, 6 are all positive" in render_extrema(found, "text")


@pytest.mark.parametrize(
    ("minors", "expected"),
    [
        ((2, 3), "local_min"),
        ((-2, 3), "local_max"),
        ((2, -3), "saddle"),
        ((0, -9), "saddle"),
        ((0, 0), "inconclusive"),
        ((2, 3, 4), "local_min"),
        ((-2, 3, -4), "local_max"),
        ((2, 3, -4), "saddle"),
        ((2, 0, 0), "inconclusive"),
        ((1, -1, 0), "saddle"),  # an even minor below zero: indefinite
    ],
)
def test_the_second_derivative_test(minors: tuple[int, ...], expected: str) -> None:
    exprs = tuple(Num(m) if m >= 0 else parse(str(m)) for m in minors)
    assert kind(exprs) == expected


# ---------------------------------------------------------------- formats and the command line
@pytest.mark.parametrize("fmt", ["text", "unicode", "latex", "md", "html"])
def test_every_format_writes_the_points(fmt: str) -> None:
    out = render_extrema(extrema("x^3 - 3x + y^2"), fmt)
    assert out.count("(1, 0)") + out.count("1, 0") >= 1
    assert ("saddle" in out) and ("local minimum" in out)


def test_json_has_the_points_as_sympy_strings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extrema", "x^3 + y^3 - 3x y", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["variables"] == ["x", "y"]
    assert [(p["point"], p["kind"], p["value"]) for p in data["points"]] == [
        ({"x": "0", "y": "0"}, "saddle", "0"),
        ({"x": "1", "y": "1"}, "local_min", "-1"),
    ]
    assert data["verified"] is True


def test_vars_sets_the_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extrema", "x^2 + 2y^2 - 2y", "--vars", "y,x", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["variables"] == ["y", "x"] and data["points"][0]["point"] == {"y": "1/2", "x": "0"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["extrema", "x^2 + (y"], "column 7"),
        (["extrema", "x^2", "--vars", "x,y"], "form a curve"),
        (["extrema", "sin(x) + cos(y)"], "infinitely many"),
        (["extrema", "x^2 + y^2", "--format", "pdf"], "invalid choice"),
    ],
)
def test_bad_input_is_a_clear_error(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert message in clear_error(argv, capsys)


def test_a_system_beyond_the_moves_is_refused_not_guessed() -> None:
    with pytest.raises(UnsupportedError):
        extrema("x^4 y + x y^4 + x^2 + y^3 - sin(x y)")


def test_the_case_split_is_bounded() -> None:
    # ∇f = 0 splits into a case per factor of a long product: refused past MAX_CASES, at once
    product = " ".join(f"(x - {k})" for k in range(1, 40))
    with pytest.raises(StepcalcError):
        extrema(f"({product})^2 y^2")


# ---------------------------------------------------------------- properties against the oracle
@st.composite
def _quadratics(draw: st.DrawFn) -> Expr:
    """a x² + b x y + c y² + d x + e y with small whole coefficients and a nonzero determinant."""
    a, b, c, d, e = (draw(st.integers(-4, 4)) for _ in range(5))
    if 4 * a * c - b * b == 0:
        a, b, c = 1, 0, 1
    x, y = Sym("x"), Sym("y")
    terms = [
        Mul((Num(abs(k)), m)) if k >= 0 else parse(f"{k}*({to_text(m)})")
        for k, m in ((a, Pow(x, Num(2))), (b, Mul((x, y))), (c, Pow(y, Num(2))), (d, x), (e, y))
        if k != 0
    ]
    return Add(tuple(terms)) if len(terms) > 1 else terms[0]


@settings(max_examples=40, deadline=None, derandomize=True)
@given(_quadratics())
def test_a_quadratic_has_one_critical_point_the_oracle_confirms(f: Expr) -> None:
    found = extrema(f, "x,y")
    assert len(found.points) == 1
    assert found.verified is True, found.checks


def test_the_rows_parse() -> None:
    for row in _rows():
        assert re.fullmatch(r"[a-z](,[a-z])*", row["vars"]), row
        assert _points(row["points"]), row


# ---------------------------------------------------------------- Lagrange multipliers (item 2)
LAGRANGE_TABLE = TABLE.parent / "lagrange.csv"
LAGRANGE_LIMITS = {
    "40x y^2 z | x^2 + y^2 + z^2 = 1": "∇L = 0 holds on a whole circle (y = 0, λ = 0, where f = 0): "
    "stepcalc refuses a curve of candidates rather than compare values along it",
}


# rows whose oracle check is close to its time limit: sympy's solve of ∇L = 0 takes about 2.5 s of
# the 3 s it is given, so "none missed" is True or unknown by the machine's speed; every other
# check must hold, and nothing may be refuted
SLOW_ORACLE = {"(x + z) e^y | x^2 + y^2 + z^2 = 6"}


def _lagrange_rows() -> list[dict[str, str]]:
    with LAGRANGE_TABLE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _lagrange_case(row: dict[str, str]) -> object:
    key = f"{row['expr']} | {row['constraints']}"
    reason = LAGRANGE_LIMITS.get(key)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(row, marks=marks, id=f"{key} ({row['source']})")


def _book_extreme(text: str) -> tuple[str, list[tuple[str, ...]]] | None:
    if not text.strip():
        return None
    value, _, points = text.partition(" @ ")
    return value.strip(), [
        tuple(v.strip() for v in split_outside_brackets(p.strip()[1:-1], ","))
        for p in points.split(" | ")
        if p
    ]


def test_the_lagrange_table_is_a_course_s_worth() -> None:
    rows = _lagrange_rows()
    assert len(rows) >= 15
    assert all(row["source"] and row["url"].startswith("https://github.com/") for row in rows)


@pytest.mark.parametrize("row", [_lagrange_case(r) for r in _lagrange_rows()])
def test_textbook_lagrange_problems(row: dict[str, str]) -> None:
    """OpenStax Vol. 3 §4.8, APEX LT §13.9, CLP-3 §2.10: the book's constrained minimum and
    maximum (the ones it gives), their values and their points."""
    found = lagrange(row["expr"], row["constraints"].split(" ; "), row["vars"])
    if f"{row['expr']} | {row['constraints']}" in SLOW_ORACLE:
        assert found.verified is not False and found.checks["stationary"] is True, found.checks
    else:
        assert found.verified is True, found.checks
    for which in ("min", "max"):
        book = _book_extreme(row[which])
        if book is None:
            continue
        ours = found.extreme(which)
        assert ours is not None, which
        assert equal(ours[0], parse(book[0])).equal, (which, to_text(ours[0]))
        if book[1]:
            assert len(ours[1]) == len(book[1]), (which, [c.point for c in ours[1]])
            for want in book[1]:
                values = [parse(v) for v in want]
                assert any(
                    all(equal(a, b).equal for a, b in zip(c.point.values(), values, strict=True))
                    for c in ours[1]
                ), (which, want)


def test_the_notes_lagrange_example() -> None:
    """d2l's notes: minimise 1/a + 4/b subject to a + b = 1: a = 1/3, b = 2/3, the minimum 9."""
    found = lagrange("1/a + 4/b", ["a + b = 1"])
    assert found.verified is True
    best = found.extreme("min")
    assert best is not None and to_text(best[0]) == "9"
    assert [(to_text(c.point[Sym("a")]), to_text(c.point[Sym("b")])) for c in best[1]] == [("1/3", "2/3")]
    text = render_lagrange(found, "text")
    assert text.startswith("The Lagrangian: L = 1/a + 4/b - lambda (a + b - 1)\n")
    for line in (
        "Solve ∇L = 0: -1/a^2 - lambda = 0 and -4/b^2 - lambda = 0 and -a - b + 1 = 0",
        "by the bordered Hessian, a local minimum under the constraint: 9, at (1/3, 2/3)",
        "[verified: every candidate, its value, none missed, and the extremes]",
    ):
        assert line in text
    assert "约束下的极小值：9" in render_lagrange(found, "text", "zh")


def test_a_distance_is_minimised_through_its_square(capsys: pytest.CaptureFixture[str]) -> None:
    """The nearest point of the plane x + y + z = 1 to (2, 1, 1) (OpenStax Vol. 3 §4.8, ex. 387):
    √u increases with u, so L is built from the squared distance, and the oracle checks that
    the point is also f's own Lagrange point (∇f ∥ ∇g)."""
    found = lagrange("sqrt((x - 2)^2 + (y - 1)^2 + (z - 1)^2)", ["x + y + z = 1"])
    assert found.inner is not None and found.checks["same_points"] is True and found.verified is True
    best = found.extreme("min")
    assert best is not None and to_text(best[0]) == "sqrt(3)"
    text = render_lagrange(found, "text")
    assert text.startswith(
        "√u increases with u, so f = sqrt((x - 2)^2 + (y - 1)^2 + (z - 1)^2) has its constrained extrema "
        "where (x - 2)^2 + (y - 1)^2 + (z - 1)^2 has them"
    )
    assert "L = (x - 2)^2 + (y - 1)^2 + (z - 1)^2 - lambda (x + y + z - 1)" in text
    assert "√u 随 u 递增" in render_lagrange(found, "text", "zh")
    assert main(["lagrange", "2 sqrt(x^2 + y^2)", "--subject-to", "x + y = 2", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["objective"] == "x**2 + y**2" and data["min"]["value"] == "2*sqrt(2)"


def test_a_coercive_function_has_its_minimum_at_a_candidate() -> None:
    """APEX LT §13.9 Exercise 12: the points of z² − xy = 5 nearest the origin.  The set is not
    bounded and the bordered Hessian does not decide, but x² + y² + z² grows without bound, so
    it attains a minimum on the closed set, at a candidate: the least value is the minimum (no
    maximum is claimed)."""
    found = lagrange("x^2 + y^2 + z^2", ["z^2 - x y = 5"])
    assert found.decided_by == "coercive" and found.verified is True
    low = found.extreme("min")
    assert low is not None and to_text(low[0]) == "5" and len(low[1]) == 2
    assert found.extreme("max") is None
    text = render_lagrange(found, "text")
    assert "f grows without bound as the point goes off in any direction" in text
    assert "the constrained minimum is 5, at (0, 0, -sqrt(5)) or (0, 0, sqrt(5))" in text
    from stepcalc.tasks.lagrange import _coercive

    x, y = Sym("x"), Sym("y")
    assert _coercive(parse("x^2 + y^2 - 4x - 6y + 13"), (x, y))
    assert not _coercive(parse("x^2 + y^2 + 3x y"), (x, y))  # indefinite: x = -y runs off to -∞
    assert not _coercive(parse("x^2 - y^2"), (x, y)) and not _coercive(parse("x^2"), (x, y))


def test_a_definite_quadratic_form_is_zero_only_at_the_origin() -> None:
    """e^(xy) on x³ + y³ = 16 (OpenStax Vol. 3 §4.8): eliminating λ leaves (x − y)(x² + xy + y²) = 0,
    and x² + xy + y² is a definite form, zero only at x = y = 0, which is not on the curve."""
    from stepcalc.tasks.critical_forms import definite_form

    found = lagrange("e^(x y)", ["x^3 + y^3 = 16"])
    assert [
        (to_text(c.point[Sym("x")]), to_text(c.point[Sym("y")]), to_text(c.value)) for c in found.candidates
    ] == [("2", "2", "e^4")]
    assert "x^2 + x y + y^2 = 0: a definite quadratic form" in render_lagrange(found, "text")
    x, y, z = Sym("x"), Sym("y"), Sym("z")
    assert definite_form(parse("x^2 + x y + y^2")) == [x, y]
    assert definite_form(parse("x^2 + y^2 + z^2 - x y")) == [x, y, z]
    assert definite_form(parse("-x^2 - y^2 + x y")) == [x, y]  # negative definite
    for indefinite in ("x^2 + 3x y + y^2", "x^2 - y^2", "2x^2 + y^2 + 1"):
        assert definite_form(parse(indefinite)) is None


def test_a_cusp_of_the_constraint_is_a_candidate() -> None:
    """(x + 1)² + y² on y² = x³: ∇L = 0 has no solution, and the minimum is at the cusp (0, 0),
    where ∇g = 0 and Lagrange's condition says nothing (the classic failure of the method).  The
    points with g = 0 and ∇g = 0 are solved and listed as candidates, checked by the oracle."""
    found = lagrange("(x + 1)^2 + y^2", ["y^2 = x^3"])
    assert [c.irregular for c in found.candidates] == [True]
    low = found.extreme("min")
    assert low is not None and to_text(low[0]) == "1"
    assert found.checks["irregular"] is True and found.checks["irregular_complete"] is True
    assert found.verified is True
    text = render_lagrange(found, "text")
    assert "Where ∇g = 0 on the constraint, ∇f = λ∇g says nothing" in text
    assert "(x, y) = (0, 0), where f(0, 0) = 1 (∇g = 0 there: a candidate with no λ)" in text


def test_two_equations_sharing_a_term_are_subtracted() -> None:
    """(x + z)eʸ on the sphere (CLP-3 §2.10 ex. 17): eʸ − 2λx = 0 and eʸ − 2λz = 0 share eʸ, and
    their difference 2λ(x − z) = 0 splits into λ = 0 (impossible) or x = z, as the book does."""
    found = lagrange("(x + z) e^y", ["x^2 + y^2 + z^2 = 6"])
    text = render_lagrange(found, "text")
    assert "is free of the term they share: 2lambda x - 2lambda z = 0" in text
    assert "the constrained maximum is 2e^2, at (1, 2, 1)" in text
    assert "消去了它们共有的项" in render_lagrange(found, "text", "zh")


def test_the_oracle_refuses_a_point_that_is_not_fs_own() -> None:
    """The parallel check is real: at a point of the constraint where ∇f is not along ∇g, it fails."""
    import dataclasses

    from stepcalc.oracle.critical import check_lagrange

    found = lagrange("sqrt(x^2 + y^2)", ["x + y = 2"])
    moved = dataclasses.replace(found.candidates[0], point={Sym("x"): Num(2), Sym("y"): Num(0)})
    found.candidates = [moved]
    assert check_lagrange(found)["same_points"] is False


def test_a_compact_constraint_set_compares_the_values(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lagrange", "x y", "--subject-to", "x^2 + y^2 = 1", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["decided_by"] == "compact" and data["verified"] is True
    assert data["min"]["value"] in ("-1/2", "-(1/2)") and len(data["min"]["points"]) == 2
    assert data["max"]["value"] == "1/2" and len(data["max"]["points"]) == 2
    assert data["lagrangian"] == "x*y - Symbol('lambda')*(x**2 + y**2 - 1)"  # λ is a keyword


def test_two_constraints_get_two_multipliers() -> None:
    found = lagrange("x^2 + y^2 + z^2", ["x + y + z = 9", "x + 2y + 3z = 20"])
    assert [m.name for m in found.multipliers] == ["lambda_1", "lambda_2"]
    best = found.extreme("min")
    assert best is not None and to_text(best[0]) == "29"  # at (2, 3, 4)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["lagrange", "x y", "--subject-to", "x + y"], "a constraint is an equation"),
        (["lagrange", "x", "--subject-to", "x = 1"], "fewer constraints than variables"),
        (["lagrange", "x y"], "--subject-to"),
        (["lagrange", "lambda x", "--subject-to", "x + lambda = 1"], "multiplier"),
    ],
)
def test_lagrange_bad_input_is_a_clear_error(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert message in clear_error(argv, capsys)


# ---------------------------------------------------------------- where ∇f is undefined
def test_a_cone_s_tip_is_a_critical_point_where_the_gradient_is_undefined() -> None:
    """OpenStax Vol. 3 §4.7 counts a point where ∇f does not exist as critical: the tip of
    f = √(x² + y²) + 1.  x² + y² = 0 is solved as a sum of squares, the second-derivative test
    does not apply, and f − f(0, 0) = √(x² + y²) ≥ 0 makes it a minimum; the oracle checks that
    ∇f is undefined there, the form and its sign, and that no such point is missed."""
    found = extrema("sqrt(x^2 + y^2) + 1")
    assert [(p.point, p.kind, to_text(p.value)) for p in found.points] == [
        ({Sym("x"): Num(0), Sym("y"): Num(0)}, "local_min", "1")
    ]
    assert found.checks["undefined"] is True and found.checks["undefined_complete"] is True
    assert found.verified is True
    text = render_extrema(found, "text")
    for line in (
        "  no solution where ∇f is defined",
        "∇f is undefined where x^2 + y^2 = 0: the points of f's domain there are critical points too",
        "  x^2 + y^2 = 0: a sum of even powers is zero only where each base is: x = 0 and y = 0",
        "at (x, y) = (0, 0): ∇f is undefined, so the second-derivative test does not apply; "
        "but f - f(0, 0) = sqrt(x^2 + y^2) ≥ 0 wherever f is defined: a minimum, f(0, 0) = 1",
    ):
        assert line in text
    assert "但在 f 有定义之处" in render_extrema(found, "text", "zh")
    assert found.to_dict()["points"][0]["gradient_undefined"] is True


@pytest.mark.parametrize(
    ("expr", "kind"),
    [("2 - sqrt(x^2 + y^2)", "local_max"), ("(x^2 + y^2)^(1/3)", "local_min"), ("abs(x + 1) + y^2", None)],
)
def test_other_points_where_the_gradient_is_undefined(expr: str, kind: str | None) -> None:
    if kind is None:  # |x + 1| is not differentiable along the line x = -1: refused, not guessed
        with pytest.raises(StepcalcError, match="curve"):
            extrema(expr, "x,y")
        return
    found = extrema(expr)
    assert [p.kind for p in found.points] == [kind] and found.verified is True


def test_the_oracle_refutes_a_wrong_sign_where_the_gradient_is_undefined() -> None:
    import dataclasses

    from stepcalc.oracle.critical import check_extrema

    found = extrema("sqrt(x^2 + y^2) + 1", verify=False)
    point = found.points[0]
    found.points = [dataclasses.replace(point, bound=Add((point.bound, Num(1))))]  # type: ignore[arg-type]
    assert check_extrema(found)["kinds"] is False


def test_an_equation_that_holds_on_an_interval_is_refused() -> None:
    """√(x² + y²) − x: ∇f = 0 along the whole positive x-axis (x − |x| = 0 for x ≥ 0).  The
    numeric search once returned the search window's end, x = 100, as a root."""
    with pytest.raises(StepcalcError, match="holds on a whole interval"):
        extrema("sqrt(x^2 + y^2) - x")


# ---------------------------------------------------------------- a region
def test_a_periodic_function_on_a_region(capsys: pytest.CaptureFixture[str]) -> None:
    """OpenStax Vol. 3 §4.7 ex. 343: sin x sin y on 0 < x < 2π, 0 < y < 2π.  Each trigonometric
    family is solved, then the solutions inside the interval are named; the oracle moves sympy's
    solutions by multiples of π into the region to check that none is missed."""
    assert main(["extrema", "sin(x) sin(y)", "--on", "0,2pi"]) == 0
    out = capsys.readouterr().out
    for line in (
        "On 0 < x < 2pi and 0 < y < 2pi: only the critical points there are asked for",
        "  sin y = 0: the solutions are y = k pi (k an integer)",
        "  of these, 0 < y < 2pi holds for y = pi",
        "Critical points: (pi/2, pi/2), (pi/2, 3pi/2), (pi, pi), (3pi/2, pi/2), (3pi/2, 3pi/2)",
        "[verified: every critical point, its kind and its value, and none missed]",
    ):
        assert line in out
    wide = extrema("x^2 + y^2", on="-1e9,1e9")  # no family to move across it: checked at once
    assert len(wide.points) == 1 and wide.verified is True
    one = extrema("sin(x) + y^2", on=["x=2,3"])
    assert one.points == [] and one.verified is True
    assert "none of these has 2 < x < 3" in render_extrema(one, "text")
    assert "其中没有满足 2 < x < 3 的解" in render_extrema(one, "text", "zh")


def test_the_oracle_finds_a_point_missing_from_the_region() -> None:
    from stepcalc.oracle.critical import check_extrema

    found = extrema("sin(x) sin(y)", on="0,2pi", verify=False)
    found.points = found.points[1:]
    assert check_extrema(found)["complete"] is False


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["extrema", "sin(x) sin(y)"], "give an interval, --on a,b"),
        (["extrema", "sin(x) sin(y)", "--on", "0"], "--on takes an interval as a,b or x=a,b"),
        (["extrema", "sin(x) sin(y)", "--on", "2,1"], "is empty: write a,b with a < b"),
        (["extrema", "sin(x) sin(y)", "--on", "0,t"], "must be numbers"),
        (["extrema", "sin(x) sin(y)", "--on", "z=0,1"], "z is not one of the variables"),
        # a family listed on a huge interval: refused at once, not after the time budget
        (["extrema", "sin(x) + y^2", "--on", "x=0,1e9"], "holds more than 1,000 solutions of cos(...) = 0"),
    ],
)
def test_a_bad_region_is_a_clear_error(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert message in clear_error(argv, capsys)


# ---------------------------------------------------------------- numeric points
def test_numeric_critical_points_are_shown_to_their_digits_and_verified() -> None:
    """4x³ − 6x + 1 = 0 has three irrational roots: each point, H, D and f are 6-digit decimals
    (never the exact fraction of a rounded decimal), and the oracle checks each point by Newton's
    method from it (a true critical point agrees to the digits shown)."""
    found = extrema("x^4 + y^2 - 3x^2 + x + y")
    assert [p.kind for p in found.points] == ["local_min", "saddle", "local_min"]
    assert all(p.numeric for p in found.points) and found.verified is True
    text = render_extrema(found, "text")
    assert "a local minimum, f(-1.30084, -1/2) = -3.76391 (the point is found numerically)" in text
    assert not re.search(r"\d{12}", text.split("Solve")[1])  # no 12-digit numbers after ∇f and H


def test_numeric_candidates_take_part_in_the_comparison() -> None:
    """x³ + y on the circle x² + y² = 4: the extremes are at numeric candidates; they were once
    left out of the comparison, and (0, ∓2) named the minimum and maximum (the oracle refuted it)."""
    found = lagrange("x^3 + y", ["x^2 + y^2 = 4"])
    low, high = found.extreme("min"), found.extreme("max")
    assert low is not None and high is not None
    assert to_text(low[0]) == "-8.08343" and to_text(high[0]) == "8.08343"
    assert found.verified is True


def test_a_numeric_near_tie_is_not_decided() -> None:
    from stepcalc.tasks.lagrange import _by_value

    assert _by_value([1.0, 2.0, 1.0], [False, False, False]) == ["min", "max", "min"]
    assert _by_value([1.0, 1.00002, 3.0], [False, True, False]) is None  # which is less is past the digits
    assert _by_value([1.0, 1.000001, 3.0], [False, True, False]) == ["min", "min", "max"]


def test_the_new_lines_compile_in_latex_without_an_overfull_box(tmp_path: Path) -> None:
    """≥ and ≤ in the words are mathematics pdfLaTeX can set, the derivations' rules are tags (their
    column ran off the page), and a long line of inline maths stretches rather than overflows."""
    from tests.test_publish import need

    need("pdflatex")
    from stepcalc.latex_doc import compile_pdf, latex_document

    body = [
        ("cone", render_extrema(extrema("sqrt(x^2 + y^2) + 1"), "latex")),
        ("numeric", render_extrema(extrema("x^4 + y^2 - 3x^2 + x + y"), "latex")),
        ("root", render_lagrange(lagrange("sqrt(x^2 + (y - 1)^2)", ["x^2 = 4y"]), "latex")),
        ("coercive", render_lagrange(lagrange("x^2 + y^2 + z^2", ["z^2 - x y = 5"]), "latex")),
    ]
    compiled = compile_pdf(latex_document(body), tmp_path / "extrema.pdf")
    assert compiled.pdf.exists() and compiled.overfull() == []


# ---------------------------------------------------------------- sheets (item 5)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_sheet_with_extrema_and_lagrange(lang: str, tmp_path: Path) -> None:
    from stepcalc.tasks.sheet import read_sheet, write_sheet

    source = tmp_path / "optimise.yaml"
    source.write_text(
        f"language: {lang}\nproblems:\n  - extrema: x^3 + y^3 - 3x y\n"
        "  - lagrange: 1/a + 4/b\n    subject_to: a + b = 1\n",
        encoding="utf-8",
    )
    problems, solutions = (
        p.read_text(encoding="utf-8") for p in write_sheet(read_sheet(source), tmp_path, fmt="md")
    )
    if lang == "en":
        assert "1. Find and classify the critical points of $x^{3} + y^{3} - 3x y$" in problems
        assert "2. Find the extrema of $\\frac{1}{a} + \\frac{4}{b}$ subject to $a + b = 1$" in problems
        assert "a local minimum, $f\\left(1, 1\\right) = -1$" in solutions
    else:
        assert "求 $\\frac{1}{a} + \\frac{4}{b}$ 在约束 $a + b = 1$ 下的最值" in problems
        assert "约束下的极小值：$9$" in solutions


def test_a_sheet_asks_for_the_points_on_a_region(tmp_path: Path) -> None:
    from stepcalc.tasks.sheet import read_sheet, write_sheet

    source = tmp_path / "region.yaml"
    source.write_text("problems:\n  - extrema: sin(x) sin(y)\n    interval: 0,2pi\n", encoding="utf-8")
    problems, solutions = (
        p.read_text(encoding="utf-8") for p in write_sheet(read_sheet(source), tmp_path, fmt="md")
    )
    assert "of $\\sin x \\sin y$ on $0$ < $x$ < $2\\pi$ and $0$ < $y$ < $2\\pi$" in problems
    assert "(\\frac{3\\pi}{2}, \\frac{3\\pi}{2})" in solutions.replace("\\left", "").replace("\\right", "")


def test_a_sheet_lagrange_needs_its_constraint(tmp_path: Path) -> None:
    from stepcalc.tasks.sheet import read_sheet

    source = tmp_path / "bad.yaml"
    source.write_text("problems:\n  - lagrange: x y\n", encoding="utf-8")
    with pytest.raises(StepcalcError, match="field 'subject_to' is required"):
        read_sheet(source)


def test_the_html_pages_are_titled_by_their_task() -> None:
    """Each page holds a derivation, and was titled "Derivative of …" by it."""
    page = render_extrema(extrema("x^2 + y^2"), "html", "zh")
    assert "<title>临界点： x^2 + y^2</title>" in page
    lagrangian = render_lagrange(lagrange("1/a + 4/b", ["a + b = 1"]), "html")
    assert "<title>Lagrange multipliers: L = 1/a + 4/b - lambda (a + b - 1)</title>" in lagrangian
    assert lagrangian.index("</h1>") < lagrangian.index('<p class="lagrange">')  # L under the title
