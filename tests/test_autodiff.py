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
