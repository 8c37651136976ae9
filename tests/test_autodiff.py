"""Automatic differentiation shown step by step (issue 21, item 4): the graph shares a reused
value, forward mode takes a pass per input and reverse mode one, the adjoints sum the
contributions of a value used twice (micrograd issue #2), and the gradient agrees with the
symbolic one, central differences and sympy's."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepcalc.cli import main
from stepcalc.errors import StepcalcError
from stepcalc.expr import Add, Expr, Func, Mul, Num, Pow, Sym
from stepcalc.tasks.autodiff import autodiff
from stepcalc.tasks.autodiff_render import render_autodiff
from tests.cli_errors import clear_error
from tests.test_publish import need


def test_a_value_used_twice_is_one_node_and_its_adjoint_sums_both_uses() -> None:
    """micrograd #2: f = (x + y)(x + y) at (1, 2); the sum is one node, used twice by the product,
    and its adjoint is 3 + 3 = 6."""
    found = autodiff("(x + y) (x + y)", "x=1,y=2")
    assert [(n.name, n.op) for n in found.nodes] == [
        ("x", "input"),
        ("y", "input"),
        ("v1", "add"),
        ("v2", "mul"),
    ]
    assert found.nodes[3].inputs == (2, 2)
    assert found.adjoints == [6.0, 6.0, 6.0, 1.0]
    assert found.contributions[2] == [(3, 3.0), (3, 3.0)]
    text = render_autodiff(found, "unicode")
    assert "v1̄ = 3 (← v2) + 3 (← v2) = 6 (used more than once: the contributions add)" in text
    assert found.agrees() and "[they agree]" in text


def test_forward_mode_takes_a_pass_per_input_and_reverse_mode_one() -> None:
    found = autodiff("x y z + sin(x) + e^(y z)", "x=1,y=2,z=0.5")
    assert len(found.tangents) == 3  # one forward pass per input direction
    assert [t[-1] for t in found.tangents] == pytest.approx(list(found.gradient), rel=1e-12)
    data = found.to_dict()
    assert data["passes"] == {"forward": 3, "reverse": 1}
    assert data["gradient"] == [repr(g) for g in found.gradient]


def test_the_gradient_agrees_with_every_other_way() -> None:
    found = autodiff("e^(x y)/(1 + x^2)", "x=0.5,y=-1")
    assert found.oracle is not None
    assert found.gradient == pytest.approx(found.symbolic, rel=1e-12)
    assert found.gradient == pytest.approx(found.oracle, rel=1e-12)
    assert found.gradient == pytest.approx(found.differences, rel=1e-6)
    assert found.agrees()


def test_the_notes_dot_product_written_out() -> None:
    """The notes' y = 2xᵀx at x = [0, 1, 2, 3], its components written out: x.grad = 4x."""
    found = autodiff("2 (x_1^2 + x_2^2 + x_3^2 + x_4^2)", "x_1=0,x_2=1,x_3=2,x_4=3")
    assert list(found.gradient) == [0.0, 4.0, 8.0, 12.0]


@pytest.mark.parametrize("fmt", ["text", "unicode", "latex", "md", "html"])
def test_every_format(fmt: str) -> None:
    out = render_autodiff(autodiff("x y + sin x", "x=1,y=2"), fmt, "zh" if fmt == "md" else "en")
    assert "2.540302306" in out


def test_json_has_nodes_forward_reverse_and_gradient(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["autodiff", "x y + sin x", "--at", "x=1,y=2", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [n["name"] for n in data["nodes"]] == ["x", "y", "v1", "v2", "v3"]
    assert data["nodes"][3] == {"name": "v2", "op": "sin", "inputs": ["x"], "expr": "sin(x)",
                                "value": math.sin(1), "partials": [math.cos(1)]}  # fmt: skip
    assert len(data["forward"]) == 2 and len(data["reverse"]["adjoints"]) == 5
    assert [float(g) for g in data["gradient"]] == pytest.approx([2 + math.cos(1), 1.0])


def test_the_graph_svg_is_valid_and_names_every_node(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("graphviz")
    need("dot")  # Debian's graphviz: a skip on a machine without it, a failure in CI
    import xml.dom.minidom

    svg = tmp_path / "graph.svg"
    assert main(["autodiff", "(x + y) (x + y) + sin x", "--at", "x=1,y=2", "--graph", str(svg)]) == 0
    text = svg.read_text(encoding="utf-8")
    xml.dom.minidom.parseString(text)  # well-formed
    for name in ("x", "y", "v1", "v2", "v3", "v4"):
        assert f"<title>{name}</title>" in text
    assert "grad 6.540302306" in text
    assert "wrote" in capsys.readouterr().err


def test_torch_prints_the_same_computation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["autodiff", "x y + sin x", "--at", "x=1,y=2", "--torch", "--mode", "forward"]) == 0
    out = capsys.readouterr().out
    assert "x = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)" in out
    assert "f = x*y + torch.sin(x)\nf.backward()\nprint(x.grad)\nprint(y.grad)" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["autodiff", "x y", "--at", "x=1"], "--at gives a value to each of x, y"),
        (["autodiff", "ln x", "--at", "x=-1"], "not defined at the point"),
        (["autodiff", "x^2", "--at", "x=1", "--graph", "g.png"], "name the file .svg"),
        (["autodiff", "x^2", "--at", "x=a"], "real numbers"),
    ],
)
def test_bad_input_is_a_clear_error(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert message in clear_error(argv, capsys)


def test_the_library_refuses_a_point_with_a_letter_left() -> None:
    with pytest.raises(StepcalcError):
        autodiff("x y", "x=1,y=b")


# ---------------------------------------------------------------- vectors
def test_the_notes_y_equals_2_xT_x_with_x_a_vector() -> None:
    """The notes (d2l 2.5.1): y = 2xᵀx at x = [0, 1, 2, 3]; y.backward() gives x.grad = 4x =
    [0, 4, 8, 12].  x is used twice (transposed and as it is): its adjoint sums both."""
    found = autodiff("2 x^T x", "x=[0, 1, 2, 3]", vectors="x")
    assert list(found.gradient) == [0.0, 4.0, 8.0, 12.0]
    assert found.directions == ["x_1", "x_2", "x_3", "x_4"]
    assert len(found.tangents) == 4  # a forward pass per component
    assert found.symbolic == (0.0, 4.0, 8.0, 12.0) and found.oracle == (0.0, 4.0, 8.0, 12.0)
    assert found.agrees()
    text = render_autodiff(found, "unicode")
    assert "v2  transpose       xᵀ  [0, 1, 2, 3]ᵀ" in text
    assert "v2̄ = [0, 2, 4, 6]ᵀ (← v3) = [0, 2, 4, 6]ᵀ" in text
    assert "x̄ = [0, 2, 4, 6] (← v3) + [0, 2, 4, 6] (← v2) = [0, 4, 8, 12] (used more than once" in text
    assert "stepcalc's symbolic gradient ∇_x (2xᵀ x) = 4x there: (0, 4, 8, 12)" in text
    zh = render_autodiff(found, "unicode", "zh")
    assert (
        "前向模式用了 4 遍，每个输入分量一遍" in zh
        and "stepcalc 的符号梯度 ∇_x (2xᵀ x) = 4x 在该点的值：(0, 4, 8, 12)" in zh
    )


def test_vector_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["autodiff", "2 x^T x", "--vector", "x", "--at", "x=[0,1,2,3]", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["at"] == {"x": [0.0, 1.0, 2.0, 3.0]}
    assert data["gradient"] == ["0.0", "4.0", "8.0", "12.0"]
    assert data["symbolic_gradient"] == ["4*x"]
    assert data["passes"] == {"forward": 4, "reverse": 1}
    assert [f["direction"] for f in data["forward"]] == ["x_1", "x_2", "x_3", "x_4"]
    assert data["reverse"]["adjoints"][0] == [0.0, 4.0, 8.0, 12.0]


@pytest.mark.parametrize(
    ("expr", "at", "gradient"),
    [
        ("‖x‖", "x=[3, 4]", [0.6, 0.8]),  # x/‖x‖
        ("‖x‖^2", "x=[1, -2, 2]", [2.0, -4.0, 4.0]),
        ("a^T x + ‖x‖^2", "a=[1,-1],x=[0.5,2]", [0.5, 2.0, 2.0, 3.0]),  # ∇ₐ = x, ∇ₓ = a + 2x
        ("(x + y)^T (x - y)", "x=[1,2],y=[3,5]", [2.0, 4.0, -6.0, -10.0]),
        ("[1, 2]^T x", "x=[3,4]", [1.0, 2.0]),
        ("s x^T x", "s=2,x=[1,2]", [5.0, 4.0, 8.0]),  # a number beside a vector
        ("x^T x/(1 + x^T x)", "x=[1,1]", [2 / 9, 2 / 9]),
        ("dot(x, y)", "x=[1,2],y=[3,4]", [3.0, 4.0, 1.0, 2.0]),
    ],
)
def test_vector_gradients(expr: str, at: str, gradient: list[float]) -> None:
    found = autodiff(expr, at)
    assert list(found.gradient) == pytest.approx(gradient, rel=1e-12)
    assert found.oracle == pytest.approx(gradient, rel=1e-12)
    assert found.agrees()


def test_a_constant_vector_is_one_node() -> None:
    found = autodiff("[1, 2]^T x", "x=[3,4]")
    assert [(n.name, n.op) for n in found.nodes] == [
        ("x", "input"),
        ("v1", "const"),
        ("v2", "transpose"),
        ("v3", "mul"),
    ]


def test_torch_writes_a_dot_product_with_at(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["autodiff", "2 x^T x + ‖x‖", "--at", "x=[0,1,2,3]", "--torch", "--mode", "reverse"]) == 0
    out = capsys.readouterr().out
    assert "x = torch.tensor([0.0, 1.0, 2.0, 3.0], dtype=torch.float64, requires_grad=True)" in out
    assert "f = 2*x @ x + torch.linalg.norm(x)\nf.backward()\nprint(x.grad)" in out


def test_torch_writes_the_functions_torch_lacks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["autodiff", "sec(x)/2 - pi^y", "--at", "x=1,y=2", "--torch", "--mode", "forward"]) == 0
    out = capsys.readouterr().out
    assert out.count("import math") == 1 and "f = 1/torch.cos(x)/2 - math.pi**y" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["x y", "--at", "x=[1,2],y=[3,4]"],
            "a column times a column is not a number: write a dot product as aᵀb",
        ),
        (["x y^T", "--at", "x=[1,2],y=[3,4]"], "a column times a row is not a number"),
        (["sin x", "--at", "x=[1,2]"], "sin of a vector"),
        (["x^2", "--at", "x=[1,2]"], "a power of a vector has no meaning"),
        (["2x", "--at", "x=[1,2]"], "the function is a vector"),
        (["x^T y", "--at", "x=[1,2],y=[1,2,3]"], "vectors of sizes 2 and 3"),
        (["‖x‖", "--at", "x=[0,0]"], "no derivative at the zero vector"),
        (["x^T x", "--vector", "x", "--at", "x=3"], "x is a vector: give its entries"),
        (["x^T x", "--vector", "y", "--at", "x=[1]"], "--vector y: y is not one of the variables"),
        (["x + [1, 2, 3]", "--at", "x=[1,2]"], "the terms must have one shape"),
        (["x/y", "--at", "x=1,y=[1,2]"], "a division by a vector"),
        (["‖x‖_1", "--at", "x=[1,2]"], "the Euclidean norm"),
        (["x^T x", "--at", "x=[1,y]"], "real numbers"),
        (["x^T x", "--at", "x=[1e200,1]"], "too large for floating point"),  # was "[THEY DISAGREE]"
        (["x y", "--at", "x=1e200,y=1e200"], "too large for floating point"),
    ],
)
def test_vector_mistakes_are_clear_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert message in clear_error(["autodiff", *argv], capsys)


def test_vector_latex_compiles(tmp_path: Path) -> None:
    """The vector walk-through as LaTeX: ᵀ, v̇, ū and v̄ are mathematics pdfLaTeX can set."""
    need("pdflatex")
    from stepcalc.latex_doc import compile_pdf, latex_document

    body = render_autodiff(autodiff("2 x^T x", "x=[0,1,2,3]"), "latex")
    assert r"$\bar{x}$ = $[0, 2, 4, 6]$ ($\leftarrow v_{3}$) + $[0, 2, 4, 6]$ ($\leftarrow v_{2}$)" in body
    compiled = compile_pdf(latex_document([("autodiff", body)]), tmp_path / "ad.pdf")
    assert compiled.pdf.exists() and not compiled.overfull()


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    st.integers(1, 5),
    st.lists(st.floats(-3, 3), min_size=10, max_size=10),
    st.floats(-2, 2),
    st.floats(-2, 2),
)
def test_vector_reverse_mode_equals_sympys_gradient(n: int, entries: list[float], c: float, d: float) -> None:
    """Random points and sizes: reverse mode on aᵀx sin(xᵀx) + c‖x − a‖² + d (x+a)ᵀx agrees with
    the oracle's gradient on the components."""
    a, x = entries[:n], entries[5 : 5 + n]
    f = f"a^T x sin(x^T x) + ({c!r}) ‖x - a‖^2 + ({d!r}) (x + a)^T x"
    found = autodiff(f, f"a={a!r},x={x!r}")
    assert found.oracle is not None
    assert found.gradient == pytest.approx(found.oracle, rel=1e-9, abs=1e-9)
    assert [t[-1] for t in found.tangents] == pytest.approx(list(found.gradient), rel=1e-9, abs=1e-9)


# ---------------------------------------------------------------- random graphs with reused parts
_X, _Y = Sym("x"), Sym("y")


def _combine(kind: str, a: Expr, b: Expr) -> Expr:
    if kind == "add":
        return Add((a, b))
    if kind == "mul":
        return Mul((a, b))
    if kind == "sin":
        return Func("sin", (a,))
    if kind == "exp":
        return Func("exp", (Func("sin", (a,)),))
    return Pow(a, Num(2))


@st.composite
def _graphs(draw: st.DrawFn) -> Expr:
    """An expression whose subexpressions are reused: each new node combines earlier ones."""
    pool: list[Expr] = [_X, _Y, Num(2)]
    for _ in range(draw(st.integers(2, 8))):
        a, b = draw(st.sampled_from(pool)), draw(st.sampled_from(pool))
        pool.append(_combine(draw(st.sampled_from(["add", "mul", "sin", "exp", "square"])), a, b))
    return Add((pool[-1], pool[-2], _X, _Y))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(_graphs(), st.floats(-2, 2), st.floats(-2, 2))
def test_reverse_mode_equals_the_symbolic_gradient_on_random_graphs(f: Expr, x: float, y: float) -> None:
    found = autodiff(f, f"x={x!r},y={y!r}", "x,y", verify=False)
    assert found.gradient == pytest.approx(found.symbolic, rel=1e-9, abs=1e-9)
    assert [t[-1] for t in found.tangents] == pytest.approx(list(found.gradient), rel=1e-9, abs=1e-9)


# ---------------------------------------------------------------- sheets (item 5)
_SHEET = """language: {lang}
problems:
  - descent: x^2 + y^2
    from: x=3,y=2
    rate: 0.1
    steps: 2
  - descent: x^4 + y^2
    from: x=1,y=1
    rate: 0.05
    method: adam
    steps: 3
  - autodiff: 2 x^T x
    at: x=[0,1,2,3]
    vector: x
  - autodiff: (x + y)(x + y) + sin x
    at: x=1,y=2
    mode: reverse
"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_sheet_with_descent_and_autodiff(lang: str, tmp_path: Path) -> None:
    from stepcalc.tasks.sheet import read_sheet, write_sheet

    source = tmp_path / "sheet.yaml"
    source.write_text(_SHEET.format(lang=lang), encoding="utf-8")
    problems, solutions = (
        p.read_text(encoding="utf-8") for p in write_sheet(read_sheet(source), tmp_path, fmt="md")
    )
    if lang == "en":
        assert (
            "1. Minimise $x^{2} + y^{2}$ by gradient descent from $x = 3$, $y = 2$ "
            "with the rate $\\eta = 0.1$, 2 steps" in problems
        )
        assert "2. Minimise $x^{4} + y^{2}$ by Adam from" in problems
        assert "3. Find the gradient of $2x^{\\top} x$ at $x = " in problems
        assert (
            "| 0 | 3.00 | 2.00 | 6.00 | 4.00 | -0.60 | -0.40 | 13.00 |" in solutions
        )  # the notes' first row
        assert "x̄ = [0, 2, 4, 6] (← v3) + [0, 2, 4, 6] (← v2) = [0, 4, 8, 12]" in solutions
        assert "Forward mode:" not in solutions.split("### 4.")[1]  # mode: reverse
    else:
        assert (
            "从 $x = 3$, $y = 2$ 出发，以学习率 $\\eta = 0.1$ 用梯度下降法最小化 $x^{2} + y^{2}$，共 2 步"
            in problems
        )
        assert "用自动微分（前向模式与反向模式）求 $2x^{\\top} x$ 在" in problems
        assert "[结果一致]" in solutions
    html = write_sheet(read_sheet(source), tmp_path / "html", fmt="html")[1].read_text(encoding="utf-8")
    assert (
        html.count("<html") == 1 and '<table class="autodiff">' in html and '<table class="descent">' in html
    )


def test_a_sheet_with_descent_and_autodiff_compiles(tmp_path: Path) -> None:
    """The LaTeX sheet compiles, Adam's twelve columns scaled to the line, and nothing overfull."""
    need("pdflatex")
    from stepcalc.latex_doc import compile_pdf
    from stepcalc.tasks.sheet import read_sheet, write_sheet

    source = tmp_path / "sheet.yaml"
    source.write_text(_SHEET.format(lang="en"), encoding="utf-8")
    written = write_sheet(read_sheet(source), tmp_path, fmt="tex", pdf=False)
    tex = written[1].read_text(encoding="utf-8")
    assert "\\resizebox{\\linewidth}{!}" in tex
    compiled = compile_pdf(tex, tmp_path / "solutions.pdf")
    assert compiled.pdf.exists() and not compiled.overfull()


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        ("  - descent: x^2\n    rate: 0.1\n", "field 'from' is required"),
        (
            "  - descent: x^2\n    from: x=1\n    method: newton\n",
            "field 'method' must be gd, momentum or adam",
        ),
        ("  - autodiff: x^2\n", "field 'at' is required"),
        (
            "  - autodiff: x^2\n    at: x=1\n    mode: sideways\n",
            "field 'mode' must be forward, reverse or both",
        ),
        ("  - autodiff: x^2\n    at: x=1\n    wrt: x\n", "unknown field 'wrt' for autodiff"),
    ],
)
def test_a_sheets_mistakes_are_named(problem: str, message: str, tmp_path: Path) -> None:
    from stepcalc.tasks.sheet import read_sheet

    source = tmp_path / "bad.yaml"
    source.write_text("problems:\n" + problem, encoding="utf-8")
    with pytest.raises(StepcalcError, match=message):
        read_sheet(source)


def test_a_sheet_refuses_what_cannot_be_done(tmp_path: Path) -> None:
    from stepcalc.tasks.sheet import read_sheet, write_sheet

    source = tmp_path / "bad.yaml"
    source.write_text("problems:\n  - autodiff: sin x\n    at: x=[1,2]\n", encoding="utf-8")
    with pytest.raises(StepcalcError, match="problem 1: sin of a vector"):
        write_sheet(read_sheet(source), tmp_path, fmt="md")
