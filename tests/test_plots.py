"""Plots (issue 19, item 6): the files are real SVG, PNG and PDF; the tangent drawn passes through
(a, f(a)) with the book's slope (read from the figure's lines, not its pixels); poles and jumps
are breaks, not vertical lines; the words follow the language; the values drawn agree with the
oracle; and every bad --plot is a clear error with exit code 2."""

from __future__ import annotations

import math
import sys
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stepcalc.cli import main
from stepcalc.derivation import derive
from stepcalc.derivative_at import substitute
from stepcalc.exact import to_float
from stepcalc.expr import Add, Div, Expr, Func, Mul, Neg, Num, Pow, Sym
from stepcalc.parse import parse
from stepcalc.plots import (
    Plot,
    plot_curve_sketch,
    plot_function_and_derivative,
    plot_implicit,
    plot_tangent,
)
from stepcalc.plots.numeric import values
from stepcalc.tasks.tangent import tangent
from tests.test_lang import CJK
from tests.test_tangent import TEXTBOOK

X, Y = Sym("x"), Sym("y")


def _lines(plot: Plot, word: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """The data of the lines whose legend entry holds ``word``."""
    return [
        (np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float))
        for line in plot.axes.get_lines()
        if word in str(line.get_label())
    ]


def _legend(plot: Plot) -> str:
    legend = plot.axes.get_legend()
    assert legend is not None
    return " | ".join(t.get_text() for t in legend.get_texts())


# ---------------------------------------------------------------- files
@pytest.mark.parametrize("suffix", ["svg", "png", "pdf"])
@pytest.mark.parametrize("command", ["tangent", "diff"])
def test_the_file_is_written_and_is_what_its_suffix_says(
    command: str, suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"plot.{suffix}"
    at = ["--at", "x=1"]
    assert main([command, "3x^2 - 4x", *at, "--plot", str(out)]) == 0
    assert f"stepcalc: wrote {out}" in capsys.readouterr().err
    data = out.read_bytes()
    if suffix == "svg":
        assert ET.fromstring(data).tag == "{http://www.w3.org/2000/svg}svg"
    elif suffix == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def test_the_same_plot_gives_the_same_bytes(tmp_path: Path) -> None:
    """No date, no random ids: a plot can be committed and diffed."""
    f = parse("3x^2 - 4x")
    first = plot_tangent(f, X, Num(1), Neg(Num(1)), Num(2), tmp_path / "a.svg")
    plot_tangent(f, X, Num(1), Neg(Num(1)), Num(2), tmp_path / "b.svg")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()
    assert first.svg().startswith("<svg")


# ---------------------------------------------------------------- tangents
@pytest.mark.parametrize(
    ("curve", "at", "line", "normal", "source"), TEXTBOOK, ids=[f"{r[0]} {r[1]}" for r in TEXTBOOK]
)
def test_the_tangent_drawn_is_the_books(curve: str, at: str, line: str, normal: str, source: str) -> None:
    """The books' tangents (tests/test_tangent.py cites each): the line drawn holds (a, f(a)),
    its slope is the book's, and the normal drawn is perpendicular to it."""
    found = tangent(curve, at, verify=False)
    plot = plot_tangent(found.derivation.problem.expr, X, found.a, found.value, found.slope)
    a, fa = float(to_float(found.a) or 0), float(to_float(found.value) or 0)
    book = parse(line)
    slope = float(to_float(substitute(book, {X: Num(1)})) or 0) - float(
        to_float(substitute(book, {X: Num(0)})) or 0
    )
    ((tx, ty),) = _lines(plot, "tangent")
    ((nx, ny),) = _lines(plot, "normal")
    for xs, ys, m in ((tx, ty, slope), (nx, ny, -1 / slope)):
        assert np.interp(a, xs, ys) == pytest.approx(fa)
        assert np.allclose(np.diff(ys) / np.diff(xs), m)
    ((px, py),) = _lines(plot, "point")
    assert (px[0], py[0]) == pytest.approx((a, fa))


def test_the_notes_figure_has_the_curve_the_tangent_and_the_point() -> None:
    """The notes draw u = 3x² − 4x with its tangent y = 2x − 3 at x = 1 (WORKED.md)."""
    plot = plot_tangent(parse("3x^2 - 4x"), X, Num(1), Neg(Num(1)), Num(2), normal=False)
    assert _legend(plot) == "curve y = 3x² - 4x | tangent at x = 1 | point (1, -1)"
    ((cx, cy),) = _lines(plot, "curve")
    finite = np.isfinite(cy)
    assert np.allclose(cy[finite], 3 * cx[finite] ** 2 - 4 * cx[finite])
    lo, hi = plot.axes.get_xlim()
    assert lo < 0 and hi > 1.5  # the vertex (2/3, −4/3) and the origin in view


def test_a_vertical_tangent_is_the_line_x_equals_a() -> None:
    found = tangent("cbrt(x)", "x=0", verify=False)
    assert found.slope is None
    plot = plot_tangent(parse("cbrt(x)"), X, found.a, found.value, None)
    ((tx, ty),) = _lines(plot, "tangent")
    ((_, ny),) = _lines(plot, "normal")
    assert set(tx) == {0.0} and ty.min() < 0 < ty.max()
    assert set(ny) == {0.0}  # the normal is the x axis


def test_a_horizontal_tangent_has_a_vertical_normal() -> None:
    plot = plot_tangent(parse("x^2"), X, Num(0), Num(0), Num(0))
    ((_, ty),) = _lines(plot, "tangent")
    ((nx, _),) = _lines(plot, "normal")
    assert set(ty) == {0.0} and set(nx) == {0.0}


# ---------------------------------------------------------------- poles, gaps, jumps
@pytest.mark.parametrize(
    ("text", "poles"),
    [
        ("1/x", [0.0]),
        ("tan x", [-math.pi / 2, math.pi / 2]),
        ("1/(x^2 - 1)", [-1.0, 1.0]),
        ("sign(x)", [0.0]),
    ],
)
def test_a_pole_or_a_jump_is_a_break_not_a_vertical_line(text: str, poles: list[float]) -> None:
    f = parse(text)
    d = derive(f, verify=False)
    assert d.result is not None
    plot = plot_function_and_derivative(f, d.result, X)
    lo, hi = plot.axes.get_ylim()
    ((xs, ys),) = _lines(plot, "function")
    for pole in poles:
        left = np.flatnonzero(xs < pole)[-1]
        assert np.isnan(ys[left - 1 : left + 3]).any()  # a NaN between the two sides
    for _, ys in _lines(plot, "function") + _lines(plot, "derivative"):
        low, high = np.minimum(ys[:-1], ys[1:]), np.maximum(ys[:-1], ys[1:])
        assert not ((low < lo) & (high > hi)).any()  # no segment crosses the picture from top to bottom


def test_where_the_function_is_undefined_nothing_is_drawn() -> None:
    plot = plot_function_and_derivative(parse("ln x"), parse("1/x"), X)
    ((xs, ys),) = _lines(plot, "function")
    assert not np.isfinite(ys[xs <= 0]).any() and np.isfinite(ys[xs > 0.01]).all()
    lo, _ = plot.axes.get_xlim()
    assert -1 < lo < 0  # the window is trimmed to where ln x lives (and the y axis)


def test_a_pole_does_not_flatten_the_picture() -> None:
    plot = plot_function_and_derivative(parse("1/x"), parse("-1/x^2"), X)
    lo, hi = plot.axes.get_ylim()
    assert -20 < lo < -1 and 1 < hi < 20


# ---------------------------------------------------------------- sketches and implicit curves
def test_a_sketch_marks_the_extrema_and_inflection_and_shades_where_it_increases() -> None:
    """x³ − 3x: a maximum at (−1, 2), a minimum at (1, −2), an inflection at the origin, and it
    increases on (−∞, −1) and (1, ∞) (f′ = 3(x − 1)(x + 1))."""
    inf = math.inf
    plot = plot_curve_sketch(
        parse("x^3 - 3x"),
        X,
        critical=[(Neg(Num(1)), Num(2), "max"), (Num(1), Neg(Num(2)), "min")],
        inflections=[(Num(0), Num(0))],
        increasing=[(-inf, Neg(Num(1))), (Num(1), inf)],
    )
    assert _lines(plot, "local maximum") == [(np.array([-1.0]), np.array([2.0]))]
    assert _lines(plot, "local minimum") == [(np.array([1.0]), np.array([-2.0]))]
    assert _lines(plot, "inflection") == [(np.array([0.0]), np.array([0.0]))]
    shaded = [p for p in plot.axes.patches if p.get_label() == "increasing"]
    assert len(shaded) == 1 and len([p for p in plot.axes.patches if p.get_label() != "_nolegend_"]) >= 1
    lo, hi = plot.axes.get_xlim()
    assert lo < -1 < 1 < hi


def test_the_circle_and_its_tangent() -> None:
    """Stewart, Calculus 8e, §3.5 Example 1: the tangent to x² + y² = 25 at (3, 4) has slope
    −3/4 (y = −(3/4)x + 25/4)."""
    plot = plot_implicit(parse("x^2 + y^2"), X, Y, Num(25), (Num(3), Num(4)), Neg(Div(Num(3), Num(4))))
    pieces = _lines(plot, "curve")
    assert pieces
    for xs, ys in pieces:
        ok = np.isfinite(xs)
        assert np.allclose(xs[ok] ** 2 + ys[ok] ** 2, 25, rtol=1e-3)
    ((tx, ty),) = _lines(plot, "tangent")
    assert np.interp(3, tx, ty) == pytest.approx(4) and np.allclose(np.diff(ty) / np.diff(tx), -0.75)
    assert plot.axes.get_aspect() == 1.0


def test_an_implicit_curve_across_a_pole_has_no_false_branch() -> None:
    """1/x + 1/y = 1 is y = x/(x − 1): F jumps through ∞ on the axes, where no curve is; every
    point drawn is on the curve (to a hundredth of the window), none on the axes' false lines."""
    plot = plot_implicit(parse("1/x + 1/y"), X, Y, Num(1), (Num(2), Num(2)), Neg(Num(1)))
    size = np.diff(plot.axes.get_ylim())[0]
    for xs, ys in _lines(plot, "curve"):
        ok = np.isfinite(xs) & (np.abs(xs - 1) > 0.05)
        assert np.allclose(ys[ok], xs[ok] / (xs[ok] - 1), atol=size / 100)


# ---------------------------------------------------------------- words
def test_the_words_follow_the_language() -> None:
    f = parse("3x^2 - 4x")
    zh = plot_tangent(f, X, Num(1), Neg(Num(1)), Num(2), lang="zh")
    en = plot_tangent(f, X, Num(1), Neg(Num(1)), Num(2), lang="en")
    assert not CJK.search(_legend(en))
    if zh.lang == "zh":  # a Chinese font is installed (else the words stay English, with a note)
        assert "切线" in _legend(zh) and "法线" in _legend(zh) and "tangent" not in _legend(zh)
    second = plot_function_and_derivative(parse("x^3"), parse("6x"), X, lang="zh", order=2)
    assert "2 阶导数 f''(x) = 6x" in _legend(second) or second.lang == "en"


# ---------------------------------------------------------------- values against the oracle
def _expressions() -> st.SearchStrategy[Expr]:
    leaves = st.one_of(st.just(X), st.integers(1, 5).map(Num))
    unary = st.sampled_from(["sin", "cos", "exp", "ln", "sqrt", "atan", "abs", "cbrt", "tanh"])

    def grow(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
        return st.one_of(
            st.tuples(children, children).map(lambda p: Add(p)),
            st.tuples(children, children).map(lambda p: Mul(p)),
            st.tuples(children, children).map(lambda p: Div(*p)),
            children.map(Neg),
            st.tuples(children, st.integers(2, 3)).map(lambda p: Pow(p[0], Num(p[1]))),
            st.tuples(unary, children).map(lambda p: Func(p[0], (p[1],))),
        )

    return st.recursive(leaves, grow, max_leaves=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_expressions(), st.lists(st.fractions(-4, 4, max_denominator=7), min_size=1, max_size=6))
def test_the_values_drawn_are_the_oracles(e: Expr, points: list[Fraction]) -> None:
    """Where the plot has a value, sympy has the same real value; where it has none, sympy's is
    not a finite real number."""
    from stepcalc.oracle import to_sympy

    drawn = values(e, {X: np.array([float(p) for p in points])})
    exact = to_sympy(e)
    (x,) = exact.free_symbols or {sympy.Symbol("x", real=True)}
    for p, ours in zip(points, drawn, strict=True):
        theirs = complex(sympy.N(exact.subs(x, sympy.Rational(p.numerator, p.denominator)), 30))
        real = math.isfinite(theirs.real) and abs(theirs.imag) <= 1e-12 * max(1.0, abs(theirs.real))
        if math.isnan(ours):  # sympy folds x/x to 1; stepcalc reads it as undefined at 0, as --at does
            assert not real or abs(theirs.real) > 1e300 or _undefined_inside(e, x, p), (e, p, theirs)
        else:
            assert real and math.isclose(ours, theirs.real, rel_tol=1e-7, abs_tol=1e-9), (e, p, ours, theirs)


def _undefined_inside(e: Expr, x: sympy.Symbol, p: Fraction) -> bool:
    """Whether some part of ``e`` has no finite real value at ``p``, or divides by 0 there (sympy
    folds x/x to 1 before it is evaluated), by the oracle."""
    from stepcalc.expr import walk
    from stepcalc.oracle import to_sympy

    def at(part: Expr) -> complex:
        return complex(sympy.N(to_sympy(part).subs(x, sympy.Rational(p.numerator, p.denominator)), 30))

    for part in walk(e):
        value = at(part)
        if not (math.isfinite(value.real) and abs(value.imag) <= 1e-12 * max(1.0, abs(value.real))):
            return True
        if isinstance(part, Div) and at(part.den) == 0:
            return True
    return False


@pytest.mark.parametrize(
    ("text", "at", "value"), [("x^(1/3)", -8, -2.0), ("x^(2/3)", -8, 4.0), ("sqrt(x)", -1, None)]
)
def test_odd_roots_of_negatives_are_real_as_stepcalc_reads_them(
    text: str, at: int, value: float | None
) -> None:
    e = parse(text)
    (drawn,) = values(e, {X: np.array([float(at)])})
    exact = to_float(substitute(e, {X: Neg(Num(-at)) if at < 0 else Num(at)}))  # --at's decimal agrees
    assert exact == (None if value is None else pytest.approx(value))
    assert (math.isnan(drawn) and value is None) or drawn == pytest.approx(value)


# ---------------------------------------------------------------- formats
def test_html_embeds_the_svg_md_links_it_and_latex_includes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    svg = tmp_path / "t.svg"
    assert main(["tangent", "3x^2 - 4x", "--at", "x=1", "--plot", str(svg), "--format", "html"]) == 0
    page = capsys.readouterr().out
    start = page.index('<figure class="plot">')
    assert page.index("tangent") < start < page.index("</body>")
    element = page[start : page.index("</figure>", start) + len("</figure>")]
    assert ET.fromstring(element).find("{http://www.w3.org/2000/svg}svg") is not None
    assert main(["tangent", "3x^2 - 4x", "--at", "x=1", "--plot", str(svg), "--format", "md"]) == 0
    assert capsys.readouterr().out.rstrip().endswith(f"![graph of y = 3x² - 4x]({svg.as_posix()})")
    assert main(["diff", "3x^2 - 4x", "--plot", str(svg), "--format", "latex", "--standalone"]) == 0
    out = capsys.readouterr()
    assert "\\usepackage{graphicx}" in out.out
    assert f"\\includegraphics[width=0.8\\linewidth]{{{svg.with_suffix('.pdf').resolve()}}}" in out.out
    assert svg.with_suffix(".pdf").read_bytes().startswith(b"%PDF-")
    assert f"wrote {svg.with_suffix('.pdf')}" in out.err


@pytest.mark.slow
def test_the_standalone_document_compiles_with_the_plot(tmp_path: Path) -> None:
    import shutil

    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed")
    pdf = tmp_path / "doc.pdf"
    assert main(["diff", "1/x", "--plot", str(tmp_path / "f.png"), "--pdf", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF-") and pdf.stat().st_size > 20_000  # the figure is in


# ---------------------------------------------------------------- bad --plot
@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["tangent", "x^2", "--at", "x=1", "--plot", "t.gif"],
            "a plot is written as .svg, .png or .pdf, not 't.gif'",
        ),
        (["diff", "x^2", "--plot", "t"], "a plot is written as .svg, .png or .pdf, not 't'"),
        (
            ["diff", "x^2 y", "--wrt", "x,y", "--plot", "t.svg"],
            "one variable and its derivative, not one in x, y",
        ),
        (["diff", "a x^2", "--plot", "t.svg"], "a plot needs a function of x alone; a x² has a"),
        (
            ["diff", "ln(x - 1000)", "--plot", "t.svg"],
            "nothing to plot: no real values for x from -500 to 500",
        ),
        (["tangent", "x^2", "--at", "x=1", "--plot", "/no/such/dir/t.svg"], "cannot write the plot"),
    ],
)
def test_a_bad_plot_is_a_clear_error(
    args: list[str],
    said: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert not any(tmp_path.iterdir())


def test_without_matplotlib_plot_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib… raises ImportError
    assert main(["tangent", "x^2", "--at", "x=1", "--plot", str(tmp_path / "t.svg")]) == 2
    captured = capsys.readouterr()
    assert captured.err == "stepcalc: error: plots need matplotlib: pip install 'stepcalc[plot]'\n"
    assert captured.out == ""  # found before any work
    assert main(["tangent", "x^2", "--at", "x=1", "--plot", str(tmp_path / "t.svg"), "--lang", "zh"]) == 2
    assert "绘图需要 matplotlib" in capsys.readouterr().err


def test_import_stepcalc_loads_neither_matplotlib_nor_numpy() -> None:
    import subprocess

    heavy = "{'matplotlib', 'numpy', 'sympy'}"
    code = f"import sys, stepcalc, stepcalc.plots, stepcalc.cli; print(sorted({heavy} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_without_a_chinese_font_the_words_are_english_and_a_note_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import stepcalc.plots.figure as figure

    monkeypatch.setattr(figure, "chinese_font", lambda: None)
    out = tmp_path / "t.svg"
    assert main(["tangent", "x^2", "--at", "x=1", "--plot", str(out), "--lang", "zh"]) == 0
    err = capsys.readouterr().err
    assert "没有安装中文字体" in err and out.exists()
    plot = plot_tangent(parse("x^2"), X, Num(1), Num(1), Num(2), lang="zh")
    assert plot.lang == "en" and "tangent at x = 1" in _legend(plot)
