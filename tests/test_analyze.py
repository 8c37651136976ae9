"""stepcalc analyze: the curve sketch (issue 19, item 2), its equation solving and its checks.

The notes' examples (shared/WORKED.md §6 and §7) are checked fact by fact, and their worked
solutions as golden files in en and zh (tests/golden/analyze/: regenerate one on purpose by
deleting it and running with STEPCALC_WRITE_GOLDEN=1, then read it as a teacher would).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stepcalc.errors import StepcalcError
from stepcalc.exact import to_float
from stepcalc.expr import Sym
from stepcalc.parse import parse
from stepcalc.printing import to_text
from stepcalc.tasks.analyze import Analysis, Interval, analyze
from stepcalc.tasks.analyze_render import analysis_dict, render_analysis
from stepcalc.tasks.solve import zeros

GOLDEN = Path(__file__).parent / "golden" / "analyze"
X = Sym("x")


def value(text: str) -> float:
    found = to_float(parse(text))
    assert found is not None, text
    return found


def points(found: Analysis, kind: str) -> list[float]:
    return [c.x.approx for c in found.critical if c.kind == kind]


def ends(iv: Interval) -> tuple[float, float]:
    return (-math.inf if iv.lo is None else iv.lo.approx, math.inf if iv.hi is None else iv.hi.approx)


# ---------------------------------------------------------------- the notes' examples
def test_the_notes_quartic() -> None:
    """WORKED.md §7: y = 3x⁴ − 4x³ − 12x² + 32, y′ = 12x(x + 1)(x − 2): critical points −1, 0
    and 2, the minimum 0 at x = 2, no maximum."""
    a = analyze("3x^4 - 4x^3 - 12x^2 + 32")
    assert to_text(a.first.of) == "12x (x + 1) (x - 2)"
    assert [(c.x.approx, c.kind, to_text(c.y)) for c in a.critical] == [
        (-1.0, "local_min", "27"),
        (0.0, "local_max", "32"),
        (2.0, "local_min", "0"),
    ]
    assert [ends(i) for i in a.increasing] == [(-1, 0), (2, math.inf)]
    assert [ends(i) for i in a.decreasing] == [(-math.inf, -1), (0, 2)]
    assert a.absolute_min is not None and [(p.approx, to_text(y)) for p, y in a.absolute_min] == [(2.0, "0")]
    assert a.absolute_max == ()
    assert [to_text(p.value) for p, _ in a.inflections] == ["(1 - sqrt(7))/3", "(1 + sqrt(7))/3"]
    assert a.verified is True


def test_the_notes_logarithm() -> None:
    """WORKED.md §6 (the notes get it wrong): x = 0 is stationary but not an extremum, the
    minimum is f(−3/4) ≈ 0.638971."""
    a = analyze("log(x^4 + x^3 + 2)")
    kinds = {c.x.approx: c.kind for c in a.critical}
    assert kinds == {-0.75: "local_min", 0.0: "no_extremum"}
    (low,) = a.local_min
    assert to_text(low.y) == "ln(485/256)" and abs(value("ln(485/256)") - 0.638971) < 1e-6
    assert a.absolute_min is not None and [p.approx for p, _ in a.absolute_min] == [-0.75]
    assert a.absolute_max == ()
    assert a.verified is True


@pytest.mark.parametrize(
    "name, expr", [("quartic", "3x^4 - 4x^3 - 12x^2 + 32"), ("logarithm", "log(x^4 + x^3 + 2)")]
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_golden_worked_solutions(name: str, expr: str, lang: str) -> None:
    shown = render_analysis(analyze(expr), "unicode", lang)
    path = GOLDEN / f"{name}.{lang}.txt"
    if not path.exists() and os.environ.get("STEPCALC_WRITE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(shown, encoding="utf-8")
    assert shown == path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- what a course asks
@pytest.mark.parametrize(
    "expr, on, low, high",
    [
        ("x^3 - 3x", "-2,3", ["-2", "1"], ["3"]),  # a tie: both ends of the minimum are listed
        ("x^4 - 2x^2", "-2,2", ["-1", "1"], ["-2", "2"]),
        ("sin(x) + cos(x)", None, ["5pi/4"], ["pi/4"]),  # one period by default
        ("sqrt(4 - x^2)", None, ["-2", "2"], ["0"]),
        ("x e^(-x)", None, [], ["1"]),
        ("1/(x^2 + 1)", None, [], ["0"]),
        ("x/(x^2 + 1)", None, ["-1"], ["1"]),
        ("x^2/(x^2 - 4)", None, [], []),  # poles: no absolute extrema
        ("x - ln(x)", None, ["1"], []),
        ("x^(2/3)", None, ["0"], []),
        ("ln(x)", "0,1", [], ["1"]),  # f → −∞ at the interval's end where it is undefined
        ("1/x", "-1,1", [], []),  # a pole inside the interval
    ],
)
def test_absolute_extrema(expr: str, on: str | None, low: list[str], high: list[str]) -> None:
    a = analyze(expr, on=on, verify=False)
    assert a.absolute_min is not None and a.absolute_max is not None
    assert [p.approx for p, _ in a.absolute_min] == pytest.approx([value(v) for v in low])
    assert [p.approx for p, _ in a.absolute_max] == pytest.approx([value(v) for v in high])


@pytest.mark.parametrize(
    "expr, kinds",
    [
        ("x^3", {0: "no_extremum"}),
        ("x^(2/3)", {0: "local_min"}),  # a cusp: f′ undefined, still a minimum
        ("sqrt(x)", {0: "undefined"}),  # an end of the domain
        ("abs(x - 1)", {1: "local_min"}),
        ("x^(1/3) (x - 4)", {0: "no_extremum", 1: "local_min"}),
        ("x^2 ln(x)", {math.exp(-0.5): "local_min"}),  # ln x = −1/2
        ("e^(2x) - 3e^x", {math.log(1.5): "local_min"}),  # a polynomial in e^x
        ("x^x", {math.exp(-1): "local_min"}),  # x > 0 only: 0 is no critical point
        ("abs(x)", {0: "local_min"}),  # sign 0 = 0, but |x| has no derivative at 0
        ("abs(x + 1) + abs(x - 1)", {-1: "local_min", 1: "local_min"}),  # constant between: not strict
    ],
)
def test_critical_points(expr: str, kinds: dict[float, str]) -> None:
    a = analyze(expr, verify=False)
    assert {c.x.approx: c.kind for c in a.critical} == pytest.approx(kinds)


def test_steep_is_not_a_jump() -> None:
    """100 cos 100x changes fast at its zeros but does not jump: they are stationary points, and
    sympy's solveset agrees (|x|'s sign x, by contrast, jumps at 0)."""
    a = analyze("sin(100x)", on="0,0.1")
    assert [c.x.approx for c in a.critical] == pytest.approx([math.pi / 200, 3 * math.pi / 200, math.pi / 40])
    assert {c.derivative for c in a.critical} == {"zero"} and a.verified is True
    assert analyze("abs(sin(x))").verified is True  # sympy's solveset gives up on |sin x|: sampling decides


def test_a_corner_is_where_the_derivative_is_undefined() -> None:
    a = analyze("abs(x^2 - 1)")
    assert [(c.x.approx, c.derivative) for c in a.critical] == [
        (-1, "undefined"),
        (0, "zero"),
        (1, "undefined"),
    ]
    assert a.verified is True  # sympy's sign(0) = 0 is not taken for a stationary point


def test_concavity_and_the_domain() -> None:
    a = analyze("1/x", verify=False)
    assert [ends(i) for i in a.domain] == [(-math.inf, 0), (0, math.inf)]
    assert [ends(i) for i in a.concave_up] == [(0, math.inf)]
    assert a.inflections == ()
    b = analyze("x^(2/3)", verify=False)  # concave down on both sides of the cusp, not through it
    assert [ends(i) for i in b.concave_down] == [(-math.inf, 0), (0, math.inf)]
    c = analyze("x^3", verify=False)  # increasing through the stationary point
    assert [ends(i) for i in c.increasing] == [(-math.inf, math.inf)]


def test_limits_at_the_ends() -> None:
    a = analyze("(x^2 + 1)/(x - 1)", verify=False)
    limits = [(None if e.at is None else e.at.approx, e.side, e.limit, e.exact) for e in a.ends]
    assert limits == [
        (None, 1, -math.inf, True),
        (1.0, -1, -math.inf, True),
        (1.0, 1, math.inf, True),
        (None, -1, math.inf, True),
    ]
    b = analyze("x^2 ln(x)", verify=False)  # read from values: x² ln x → 0 as x → 0⁺
    assert [(e.limit, e.exact) for e in b.ends] == [(0.0, False), (math.inf, False)]


# ---------------------------------------------------------------- solving, step by step
@pytest.mark.parametrize(
    "equation, window, roots, keys",
    [
        ("12x (x + 1) (x - 2)", None, ["-1", "0", "2"], ["zero_product", "linear", "linear"]),
        ("3x^2 - 2x - 2", None, ["(1 - sqrt(7))/3", "(1 + sqrt(7))/3"], ["quadratic"]),
        ("x^2 + 1", None, [], ["quadratic_none"]),
        ("x^3 - 6x^2 + 9x", None, ["0", "3"], ["factor", "linear"]),
        ("2 ln(x) + 1", None, ["e^(-1/2)"], ["substitute", "linear", "ln_equation"]),
        (
            "e^(2x) - 3e^x + 2",
            None,
            ["0", "ln(2)"],
            ["substitute", "factor", "linear", "linear", "exp_equation", "exp_equation"],
        ),
        ("sqrt(x) - 2", None, ["4"], ["substitute", "linear", "root_equation"]),
        ("2 sin(x) - 1", (0.0, 2 * math.pi), ["pi/6", "5pi/6"], ["substitute", "linear", "trig"]),
        ("sin(x) - cos(x)", (0.0, 2 * math.pi), ["pi/4", "5pi/4"], ["divide_cos", "trig"]),
        ("cos(2x) + cos(x)", (0.0, 2 * math.pi), ["pi/3", "pi", "5pi/3"], None),
        ("sec(x)^2 - 2", (-1.5, 1.5), ["-pi/4", "pi/4"], None),
        (
            "2 sin(x) cos(x) + 1",
            (0.0, 2 * math.pi),
            ["3pi/4", "7pi/4"],
            ["double_angle", "substitute", "linear", "trig"],
        ),
        ("e^x", None, [], ["never_zero"]),
        ("x^6 - 2", None, ["-2^(1/6)", "2^(1/6)"], ["binomial"]),  # xⁿ = c: exact roots, not numeric
        ("2x^4 - 1", None, ["-(1/2)^(1/4)", "(1/2)^(1/4)"], ["binomial"]),
        ("x^3 - 5", None, ["5^(1/3)"], ["binomial"]),
        ("x^4 + 1", None, [], ["binomial_none"]),
        ("(x - 1)/e^x", None, ["1"], ["numerator", "linear"]),
    ],
)
def test_solving_with_named_steps(
    equation: str, window: tuple[float, float] | None, roots: list[str], keys: list[str] | None
) -> None:
    found = zeros(parse(equation), X, window)
    assert [r.approx for r in found.roots] == pytest.approx([value(r) for r in roots])
    assert not found.numeric
    if keys is not None:
        assert [s.key for s in found.steps] == keys


def test_numeric_roots_are_marked_and_bracketed() -> None:
    cubic = zeros(parse("4x^5 + 6x^4 + 3x^3 - 24x - 12"), X)  # irreducible: flint's certified roots
    assert cubic.numeric and [s.key for s in cubic.steps] == ["numeric_polynomial"]
    for r in cubic.roots:
        assert r.bracket is not None and r.bracket[0] <= r.approx <= r.bracket[1]
    mixed = zeros(parse("x - e^(-x)"), X)  # sign changes on the searched interval
    (root,) = mixed.roots
    assert root.numeric and abs(root.approx - 0.5671432904) < 1e-9
    assert mixed.steps[-1].key == "numeric"


def test_an_equation_that_holds_on_an_interval_is_reported() -> None:
    """x − |x| = 0 for every x ≥ 0: no isolated root, and the window's end (x = 100) is not one."""
    found = zeros(parse("x - abs(x)"), X)
    assert not found.roots and found.intervals == (0.0,)


def test_a_root_where_the_sign_does_not_change_is_found() -> None:
    """(x − cos x)² written out touches 0 at x = cos x without a sign change."""
    found = zeros(parse("x^2 - 2x cos(x) + cos(x)^2"), X, (-2.0, 2.0))
    (root,) = found.roots
    assert root.numeric and abs(root.approx - 0.7390851332) < 1e-6


def test_roots_beside_a_zero_or_an_edge_are_found() -> None:
    """Found by fuzzing: a second root in the grid cell beside an exact zero on the grid, and a
    root in the first cell beside the domain's edge."""
    from stepcalc.tasks.sampling import numeric_function

    u = parse("18x^(4/3) + 6x - atan(x) + 36x^(10/3) - 2x^2 atan(x)")
    first, second = (r.approx for r in zeros(u, X).roots)
    assert -0.03 < first < -0.01 and second == 0.0
    assert abs(numeric_function(u, X)(first) or 1) < 1e-12
    beside_edge = analyze("(2 - x^2)/(2 ln(x) + 4)")  # f″'s numerator vanishes at 0.018 < 0.05
    assert [round(p.approx, 4) for p, _ in beside_edge.inflections] == [0.0184, 1.2656]
    assert beside_edge.verified is True


def test_a_pole_is_not_a_root() -> None:
    assert zeros(parse("tan(x) - 1/x"), X, (1.0, 2.0)).roots == ()  # tan jumps at π/2


# ---------------------------------------------------------------- properties against sampling
def _polynomial(coefficients: list[int]) -> str:
    return " + ".join(f"({c})x^{n}" for n, c in enumerate(coefficients) if c) or "0"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(-6, 6), min_size=3, max_size=6).filter(lambda c: any(c[1:])),
    st.lists(st.integers(-4, 4), min_size=1, max_size=3),
)
def test_intervals_agree_with_the_sign_of_the_derivative(top: list[int], bottom: list[int]) -> None:
    """For random polynomials and rational functions: f′ sampled inside each reported interval
    has its sign, and every reported extremum is one (f beside it is no lower / no higher)."""
    from stepcalc.derivation import derive
    from stepcalc.tasks.sampling import numeric_function

    text = _polynomial(top) if not any(bottom[1:]) else f"({_polynomial(top)})/({_polynomial(bottom)} + 10)"
    try:
        a = analyze(text, verify=False)
    except StepcalcError:
        return  # a constant after all
    fp = numeric_function(derive(text).result, X)  # type: ignore[arg-type]
    f = numeric_function(a.f, X)
    for sign, found in ((1, a.increasing), (-1, a.decreasing)):
        for iv in found:
            lo, hi = ends(iv)
            lo, hi = max(lo, hi - 40), min(hi, lo + 40)
            for k in range(1, 6):
                v = fp(lo + (hi - lo) * (k + 0.013) / 6)
                assert v is None or v * sign >= -1e-9, (text, iv, k)
    for c in a.critical:
        here = f(c.x.approx)
        for h in (1e-3, -1e-3):
            there = f(c.x.approx + h)
            if here is None or there is None:
                continue
            if c.kind == "local_min":
                assert there >= here - 1e-9 * max(1, abs(here)), text
            if c.kind == "local_max":
                assert there <= here + 1e-9 * max(1, abs(here)), text


# ---------------------------------------------------------------- formats and the oracle
@pytest.mark.parametrize("fmt", ["text", "unicode", "latex", "md", "html"])
def test_every_format_has_the_charts(fmt: str) -> None:
    shown = render_analysis(analyze("x^3 - 3x", on="-2,3", verify=False), fmt, "en")
    if fmt in ("text", "unicode"):  # a grid's rule under its heading: ------+----+---
        assert sum(1 for line in shown.splitlines() if line and set(line) == {"-", "+"}) == 2
    else:
        table = {"latex": "\\begin{tabular}", "md": "|---|", "html": "<table"}[fmt]
        assert shown.count(table) == 2
    assert "absolute maximum" in shown and "not checked" in shown


def test_a_wide_chart_is_cut_into_tables_that_fit_a_latex_page() -> None:
    shown = render_analysis(analyze("log(x^4 + x^3 + 2)", verify=False), "latex", "en")
    assert shown.count("\\begin{tabular}") == 3  # f′'s 5 columns in one; f″'s 9 in two of 5 and 4
    assert "\\begin{tabular}{l|ccccc}" in shown and "\\begin{tabular}{l|cccc}" in shown


def test_json_keys() -> None:
    data = analysis_dict(analyze("3x^4 - 4x^3 - 12x^2 + 32"))
    assert data["critical_points"] == [
        {"x": "-1", "y": "27", "kind": "local_min", "derivative": "zero", "numeric": False},
        {"x": "0", "y": "32", "kind": "local_max", "derivative": "zero", "numeric": False},
        {"x": "2", "y": "0", "kind": "local_min", "derivative": "zero", "numeric": False},
    ]
    assert data["increasing"] == [["-1", "0"], ["2", "oo"]]
    assert data["decreasing"] == [["-oo", "-1"], ["0", "2"]]
    assert data["local_min"] == [["-1", "27"], ["2", "0"]] and data["local_max"] == [["0", "32"]]
    assert data["absolute_min"] == [["2", "0"]] and data["absolute_max"] == []
    assert [x for x, _ in data["inflection_points"]] == ["(1 - sqrt(7))/3", "(1 + sqrt(7))/3"]
    assert data["verified"] is True
    json.dumps(data)


def test_a_wrong_answer_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The oracle's checks are independent of the chart: a kind flipped by a bug is refuted."""
    from dataclasses import replace

    from stepcalc.oracle.curve import check_analysis

    a = analyze("x^2", verify=False)
    (c,) = a.critical
    wrong = replace(a, critical=(replace(c, kind="local_max"),))
    assert check_analysis(wrong)["extrema"] is False
    shifted = replace(a, increasing=(Interval(None, None),))
    assert check_analysis(shifted)["signs"] is False
    b = analyze("x^2", on="-1,2", verify=False)  # the minimum 0 reported as the maximum
    assert check_analysis(replace(b, absolute_max=b.absolute_min))["absolute"] is False


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "args, message",
    [
        (["x^2 y"], "a curve sketch needs y = f(x) in x alone; x² y has y"),
        (["5"], "5 is constant: nothing to sketch"),
        (["x^3", "--on", "3,1"], "the interval [3, 1] is empty"),
        (["x^3", "--on", "1"], "--on takes an interval as a,b"),
        (["x^3", "--on", "a,2"], "the ends of the interval a,2 must be numbers"),
        (["x^3 +"], "column"),
        (["sin(1/x)"], "cos(1/x) = 0 has solutions too close together near x = "),  # oscillates at 0
        (["sin(100x)"], "202 points to chart for 100 cos 100x: more than 60"),  # one period: 200 extrema
    ],
)
def test_bad_input_is_a_clear_error(args: list[str], message: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "stepcalc", "analyze", *args], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 2 and message in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


def test_the_command_line() -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "stepcalc",
            "analyze",
            "x^3 - 3x",
            "--on",
            "-2,3",
            "--format",
            "json",
            "--no-verify",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["absolute_max"] == [["3", "18"]] and data["verified"] is None


# ---------------------------------------------------------------- homework sheets
@pytest.mark.parametrize("fmt", ["tex", "html", "md"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_sheet_of_curve_problems(fmt: str, lang: str, tmp_path: Path) -> None:
    from stepcalc.tasks.sheet import parse_sheet, write_sheet

    sheet = parse_sheet(
        {
            "title": "Curves",
            "language": lang,
            "problems": [
                {"tangent": "3x^2 - 4x", "at": "x=1", "normal": True},
                {"analyze": "x^3 - 3x", "interval": "-2,3"},
                {"implicit": "x^2 + y^2 = 25", "at": "x=3,y=4"},
            ],
        }
    )
    write_sheet(sheet, tmp_path, fmt=fmt, pdf=False)
    problems = (tmp_path / f"problems.{fmt}").read_text(encoding="utf-8")
    solutions = (tmp_path / f"solutions.{fmt}").read_text(encoding="utf-8")
    assert problems.count("3x") >= 1 and "-2" in problems
    marker = {"tex": "\\begin{tabular}", "html": '<table class="sign-chart"', "md": "|---|"}[fmt]
    assert solutions.count(marker) == 2  # the two sign charts of the sketch
    assert "2x - 3" in solutions  # the notes' tangent y = 2x − 3 (in MathML: its alttext)
    assert "y^2 = 25" in problems.replace("{2}", "2").replace("²", "^2")  # the implicit curve is asked


@pytest.mark.parametrize(
    "problem, words",
    [
        ({"tangent": "x^2"}, "problem 1: field 'at' is required for a tangent line"),
        ({"analyze": "x^2", "on": "0,1"}, "problem 1: unknown field 'on' for analyze (allowed: interval)"),
        ({"analyze": "x^2 y"}, "problem 1: a curve sketch needs y = f(x) in x alone"),
    ],
)
def test_malformed_curve_problems_name_the_field(problem: dict[str, str], words: str, tmp_path: Path) -> None:
    from stepcalc.tasks.sheet import parse_sheet, write_sheet

    with pytest.raises(StepcalcError, match=words.replace("(", r"\(").replace(")", r"\)")):
        write_sheet(parse_sheet({"title": "t", "problems": [problem]}), tmp_path, fmt="md")


# ---------------------------------------------------------------- plots
def test_analyze_and_implicit_draw_their_plots(tmp_path: Path) -> None:
    sketch, curve = tmp_path / "sketch.png", tmp_path / "circle.svg"
    run = subprocess.run(
        [sys.executable, "-m", "stepcalc", "analyze", "x^3 - 3x", "--no-verify", "--plot", str(sketch)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert sketch.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    circle = ["implicit", "x^2 + y^2 = 25", "--at", "x=3,y=4", "--format", "md", "--plot", str(curve)]
    run = subprocess.run(
        [sys.executable, "-m", "stepcalc", *circle],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert curve.read_text(encoding="utf-8").lstrip().startswith("<?xml") and "<svg" in curve.read_text()
    assert f"![graph of x² + y² = 25]({curve})" in run.stdout  # the caption names the curve itself


def test_an_implicit_plot_needs_a_point(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "stepcalc", "implicit", "x^2 + y^2 = 25", "--plot", str(tmp_path / "c.svg")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2 and "give --at x=a,y=b" in run.stderr


def test_the_sketch_plot_marks_the_extrema(tmp_path: Path) -> None:
    from stepcalc.cli.plotting import plot_sketch_of

    class Args:
        lang = "en"

    plot = plot_sketch_of(analyze("x^3 - 3x", verify=False), tmp_path / "sketch.svg", Args())  # type: ignore[arg-type]
    marked = {
        (round(float(line.get_xdata()[0]), 6), round(float(line.get_ydata()[0]), 6))
        for line in plot.axes.lines
        if len(line.get_xdata()) == 1
    }
    assert {(-1.0, 2.0), (1.0, -2.0), (0.0, 0.0)} <= marked  # the maximum, the minimum, the inflection


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_standalone_sketch_with_its_plot_compiles(lang: str, tmp_path: Path) -> None:
    """--standalone --plot: a whole LaTeX document with the two sign charts and the figure."""
    from stepcalc.latex_doc import compile_pdf, engine_for
    from tests.test_publish import need

    plot = tmp_path / "sketch.svg"
    args = ["analyze", "x^3 - 3x", "--on", "-2,3", "--format", "latex", "--standalone", "--lang", lang]
    run = subprocess.run(
        [sys.executable, "-m", "stepcalc", *args, "--no-verify", "--plot", str(plot)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    tex = run.stdout
    assert tex.startswith("\\documentclass") and tex.count("\\begin{tabular}") == 2
    assert f"\\includegraphics[width=0.8\\linewidth]{{{plot.with_suffix('.pdf').resolve()}}}" in tex
    need(engine_for(lang))
    assert compile_pdf(tex, tmp_path / "sketch.pdf", lang=lang).pdf.exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_irrational_values_and_numeric_roots_typeset(lang: str, tmp_path: Path) -> None:
    """ln(485/256) ≈ 0.638971, −1.81436 …: the words around such values compile too."""
    from stepcalc.latex_doc import compile_pdf, engine_for, latex_document
    from tests.test_publish import need

    body = render_analysis(analyze("log(x^4 + x^3 + 2)", verify=False), "latex", lang)
    need(engine_for(lang))
    compiled = compile_pdf(latex_document([("", body)], lang=lang), tmp_path / "ln.pdf", lang=lang)
    tables = [line for line in body.splitlines() if line.startswith("\\end{tabular}")]
    assert len(tables) == 3 and compiled.pdf.exists()
    if lang == "en":  # (in zh a long fraction inline with Chinese words still overflows its line)
        assert not [box for box in compiled.overfull() if "paragraph" in box]  # the charts fit the page
