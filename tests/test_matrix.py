"""Vector and matrix calculus (WORKED.md §10–11): rules, shapes, the sympy matrix contract."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from typing import Any

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stepcalc import ShapeError, StepcalcError, UnsupportedError, gradient
from stepcalc.printing import to_unicode
from stepcalc.steps import RuleId


def grad(expr: str, wrt: str | None = None, **shapes: str) -> Any:
    return gradient(expr, wrt, verify=True, **shapes)


# ---------------------------------------------------------------- WORKED §10: ‖x‖₂
def test_worked_10_componentwise_then_matrix_form() -> None:
    d = grad("‖x‖₂")
    parts, matrix = d.sections
    assert to_unicode(parts.definitions[0].value) == "(Σ_{j=1}^{n} x_j²)^(1/2)"
    assert [to_unicode(line.expr) for line in parts.lines] == [
        "(1/(2 √(Σ_{j=1}^{n} x_j²))) ∂/∂x_i (Σ_{j=1}^{n} x_j²)",
        "(1/(2 √(Σ_{j=1}^{n} x_j²))) · 2x_i",
        "x_i/‖x‖₂",
    ]
    assert parts.lines[0].rules[:2] == (RuleId.CHAIN, RuleId.POWER)
    assert parts.lines[1].steps[0].rule is RuleId.SUM
    assert parts.lines[1].note == "only_j_is_i:x"  # the sum collapses: only j = i depends on x_i
    assert [to_unicode(line.expr) for line in matrix.lines] == [
        "∇_x ((xᵀ x)^(1/2))",
        "(1/(2 √(xᵀ x))) ∇_x (xᵀ x)",
        "(1/(2 √(xᵀ x))) · 2x",
        "x/‖x‖₂",
    ]
    assert [to_unicode(c) for c in matrix.conditions] == ["x"]  # x ≠ 0
    assert d.verified is True
    assert all(o == "verified" for section in d.outcomes for o in section)
    text = d.to_text(unicode=True)
    assert "∂f/∂x_i = " in text
    assert "only the term j = i depends on x_i" in text
    assert "(x ≠ 0)" in text
    assert text.splitlines()[-2] == "∇f = x/‖x‖₂"
    assert "只有 j = i 的项含 x_i" in d.to_text(lang="zh")
    latex = d.to_latex()
    assert "\\sum_{j=1}^{n} x_{j}^{2}" in latex and "x \\neq 0" in latex
    data = d.to_dict()
    assert data["result"]["sympy"] == "x/norm(x)"
    assert data["conditions"] == ["x != 0"]


# ---------------------------------------------------------------- WORKED §11 and the list
RULES = [
    # expr, wrt, declarations, final (unicode), sympy
    ("A x", "x", {"vectors": "x", "matrices": "A"}, "Aᵀ", "A.T"),
    ("x^T A", "x", {"vectors": "x", "matrices": "A"}, "A", "A"),
    ("x^T A x", "x", {"matrices": "A"}, "(A + Aᵀ) x", "(A + A.T)*x"),
    ("x^T A x", "x", {"symmetric": "A"}, "2A x", "2*A*x"),
    ("‖x‖^2", None, {}, "2x", "2*x"),
    ("‖x‖₂^2", None, {}, "2x", "2*x"),
    ("x^T x", None, {}, "2x", "2*x"),
    ("2x^T x", "x", {"vectors": "x"}, "4x", "4*x"),
    ("‖X‖_F^2", None, {}, "2X", "2*X"),
    ("‖A x - b‖^2", "x", {"vectors": "x,b", "matrices": "A"}, "2Aᵀ (A x - b)", "2*A.T*(A*x - b)"),
    ("(1/2)‖x‖^2", None, {}, "x", "x"),
    ("w^T x + b", "w", {"vectors": "w,x"}, "x", "x"),
    ("sigma(w^T x)", "w", {"vectors": "w,x"}, "σ(wᵀ x) (1 - σ(wᵀ x)) x", None),
    ("dot(a, x)", "x", {}, "a", "a"),
    ("a^T x", "x", {}, "a", "a"),
    ("x^T a", "x", {}, "a", "a"),
    ("3a^T x - 2", "x", {}, "3a", "3*a"),
    ("‖x‖", None, {}, "x/‖x‖", "x/norm(x)"),
    ("‖x‖^3", None, {}, "3 ‖x‖ x", "3*norm(x)*x"),
    ("1/‖x‖", None, {}, "-x/‖x‖³", "-(x/norm(x)**3)"),
    ("ln(‖x‖^2 + 1)", None, {}, "2x/(‖x‖² + 1)", None),
    ("e^(a^T x)", "x", {}, "e^(aᵀ x) a", None),
    ("(a^T x)(b^T x)", "x", {}, "bᵀ x a + aᵀ x b", None),
    ("‖x - c‖^2", "x", {}, "2(x - c)", "2*(x - c)"),
    ("‖A x‖^2", "x", {"vectors": "x", "matrices": "A"}, "2Aᵀ A x", "2*A.T*A*x"),
    ("x^T A^T A x", "x", {"matrices": "A"}, "2Aᵀ A x", "2*A.T*A*x"),
    ("x^T B x", "x", {"matrices": "B:3x3"}, "(B + Bᵀ) x", "(B + B.T)*x"),
    ("‖A x - b‖₂", "x", {"vectors": "x,b", "matrices": "A"}, "Aᵀ (A x - b)/‖A x - b‖₂", None),
    ("b^T A x", "x", {"vectors": "b,x", "matrices": "A"}, "Aᵀ b", "A.T*b"),
    ("x^T A b", "x", {"vectors": "b,x", "matrices": "A"}, "A b", "A*b"),
    ("c ‖x‖^2", "x", {}, "2c x", "2*c*x"),
    ("‖x‖^2/2 - b^T x", "x", {}, "x - b", "x - b"),
    ("e^(-‖x - c‖^2)", "x", {}, "-2e^(-‖x - c‖²) (x - c)", None),
    ("x^T A x + b^T x + c", "x", {"matrices": "A"}, "(A + Aᵀ) x + b", "(A + A.T)*x + b"),
]


@pytest.mark.parametrize(("expr", "wrt", "shapes", "final", "sympy_text"), RULES, ids=[r[0] for r in RULES])
def test_vector_rule(
    expr: str, wrt: str | None, shapes: dict[str, str], final: str, sympy_text: str | None
) -> None:
    d = grad(expr, wrt, **shapes)
    assert to_unicode(d.result) == final
    assert d.verified is True, d.outcomes
    if sympy_text is not None:
        assert d.to_dict()["result"]["sympy"] == sympy_text


# ---------------------------------------------------------------- WORKED §11, derived on components
def test_linear_identity_is_derived_on_components() -> None:
    """∇ₓ(Ax) = Aᵀ: (Ax)_j = Σ_k a_{jk} x_k, and only the term k = i depends on x_i."""
    d = grad("A x", "x", vectors="x", matrices="A:2x3")
    parts, matrix = d.sections
    assert to_unicode(parts.shown_start) == "∂f_j/∂x_i"
    assert to_unicode(parts.definitions[0].value) == "Σ_{k=1}^{n} (a_{jk} x_k)"
    assert [to_unicode(line.expr) for line in parts.lines] == ["a_{ji}"]
    assert parts.lines[0].note == "only_k_is_i:x"
    assert [to_unicode(line.expr) for line in matrix.lines] == ["Aᵀ"]
    assert d.verified is True and d.outcomes == [["verified"], ["verified"]]
    assert "only the term k = i depends on x_i" in d.to_text(unicode=True)
    row = grad("x^T A", "x", vectors="x", matrices="A")
    assert [to_unicode(line.expr) for line in row.sections[0].lines] == ["a_{ij}"]  # ∇ₓ(xᵀA) = A
    assert to_unicode(row.result) == "A" and row.verified is True


def test_quadratic_identity_is_derived_by_the_product_rule() -> None:
    """∇ₓ(xᵀAx) = (A + Aᵀ)x: ∂/∂x_i Σ_j Σ_k x_j a_{jk} x_k = Σ_k a_{ik} x_k + Σ_j x_j a_{ji}."""
    d = grad("x^T A x", "x", matrices="A")
    parts, matrix = d.sections
    assert to_unicode(parts.definitions[0].value) == "Σ_{j=1}^{n} (Σ_{k=1}^{n} (x_j a_{jk} x_k))"
    assert [to_unicode(line.expr) for line in parts.lines] == [
        "Σ_{j=1}^{n} (Σ_{k=1}^{n} (∂x_j/∂x_i a_{jk} x_k + x_j a_{jk} ∂x_k/∂x_i))",
        "Σ_{k=1}^{n} (a_{ik} x_k) + Σ_{j=1}^{n} (x_j a_{ji})",
    ]
    assert [line.rules[0] for line in parts.lines] == [RuleId.PRODUCT, RuleId.SUM]
    assert [to_unicode(line.expr) for line in matrix.lines] == ["(A + Aᵀ) x"]
    assert to_unicode(d.result) == "(A + Aᵀ) x"
    assert d.verified is True and all(o == "verified" for s in d.outcomes for o in s)
    assert "∂x_j/∂x_i is 1 when j = i and 0 otherwise" in d.to_text(unicode=True)
    assert "j = i 时 ∂x_j/∂x_i 为 1" in d.to_text(lang="zh")
    # a name whose small letter is taken writes its entries with its own letter
    clash = grad("x^T A x + a^T x", "x", vectors="x,a", matrices="A")
    assert len(clash.sections) == 1  # a sum: the matrix rules, no components
    own = grad("x^T A x", "x", vectors="x,a", matrices="A")
    assert "A_{jk}" in to_unicode(own.sections[0].definitions[0].value) and own.verified is True


def _swapped_entries(e: Any) -> Any:
    """The same line with its matrix entries transposed (a_ji for a_ij); in a sum, in its last
    term only (all of Σ_k a_ik x_k + Σ_j x_j a_ji transposed is the same number)."""
    from stepcalc.expr import Add, Sym, map_bottom_up

    def swap(n: Any) -> Any:
        if isinstance(n, Sym) and n.name.startswith("a_") and len(n.name) == 4:
            return Sym("a_" + n.name[3] + n.name[2])
        return n

    if isinstance(e, Add):
        return Add((*e.terms[:-1], map_bottom_up(e.terms[-1], swap)))
    return map_bottom_up(e, swap)


@pytest.mark.parametrize("expr", ["A x", "x^T A", "x^T A x"])
def test_a_wrong_component_line_is_refuted(expr: str) -> None:
    """The component lines are checked entry by entry (i, j) against the gradient sympy takes:
    the last line with entries transposed (a_ij for a_ji) is refuted."""
    from dataclasses import replace

    from stepcalc.oracle.vectors import verify_matrix

    d = gradient(expr, "x", vectors="x", matrices="A")
    parts = d.sections[0]
    wrong = _swapped_entries(parts.lines[-1].expr)
    assert wrong != parts.lines[-1].expr
    parts.lines[-1] = replace(parts.lines[-1], expr=wrong)
    outcomes, verdict = verify_matrix(d)
    assert outcomes[0][-1] == "refuted" and verdict is False


def test_rule_ids_are_the_design_ids() -> None:
    assert grad("A x", "x", vectors="x", matrices="A").sections[-1].lines[0].rules == (RuleId.MATRIX_LINEAR,)
    assert grad("x^T A x", "x", matrices="A").sections[-1].lines[0].rules == (RuleId.MATRIX_QUADRATIC,)
    assert grad("‖X‖_F^2").lines[0].rules == (RuleId.NORM,)
    assert grad("‖x‖^2").sections[-1].lines[0].rules == (RuleId.DEFINITION,)
    chain = grad("‖A x - b‖^2", "x", vectors="x,b", matrices="A")
    assert chain.lines[0].rules == (RuleId.CHAIN,)
    assert [(str(b.name), str(b.value)) for b in chain.sections[0].bindings] == [("u", "A x - b")]
    assert chain.lines[-2].rules == (RuleId.SUBSTITUTE,)


def test_worked_11_chain_lines() -> None:
    d = grad("‖A x - b‖^2", "x", vectors="x,b", matrices="A")
    assert [to_unicode(line.expr) for line in d.lines] == [
        "(∇_x (A x - b)) (∇_u ‖u‖²)",
        "(∇_x (A x) - ∇_x b) (∇_u (uᵀ u))",
        "Aᵀ · 2u",
        "Aᵀ · 2(A x - b)",
        "2Aᵀ (A x - b)",
    ]


# ---------------------------------------------------------------- the sympy contract
def _explicit(names: dict[str, tuple[int, int]], rng: random.Random) -> dict[str, Any]:
    def entry() -> sp.Rational:
        return sp.Rational(rng.randint(-9, 9), rng.randint(1, 4))

    return {
        name: (sp.Matrix(r, c, [entry() for _ in range(r * c)]) if (r, c) != (1, 1) else entry())
        for name, (r, c) in names.items()
    }


def _read_sympy(text: str, values: dict[str, Any]) -> Any:
    """Evaluate a result's sympy string with explicit matrices (trusted test text)."""

    def norm(v: Any, kind: str | None = None) -> Any:
        return v.norm("fro") if kind == "fro" else v.norm()

    scope = {"norm": norm, "exp": sp.exp, "log": sp.log, "E": sp.E, **values}
    return sp.parse_expr(text, local_dict=scope)


CONTRACT = [
    ("‖A x - b‖^2", "x", {"vectors": "x,b", "matrices": "A"}, "mnm"),
    ("x^T A x", "x", {"matrices": "A"}, "nn"),
    ("‖x‖", None, {}, "n"),
    ("‖X‖_F^2", None, {}, "F"),
    ("b^T A x", "x", {"vectors": "b,x", "matrices": "A"}, "mnm"),
    ("‖x - c‖^2", "x", {}, "n"),
]


@pytest.mark.parametrize(("expr", "wrt", "shapes", "kind"), CONTRACT, ids=[c[0] for c in CONTRACT])
@pytest.mark.parametrize("n", [2, 3, 5])
def test_sympy_string_checks_with_explicit_matrices(
    expr: str, wrt: str | None, shapes: dict[str, str], kind: str, n: int
) -> None:
    """result.sympy, with explicit matrices substituted, equals the componentwise gradient."""
    d = gradient(expr, wrt, **shapes)
    rng = random.Random(n)
    m = n + 1
    x = sp.Matrix(n, 1, sp.symbols(f"x0:{n}", real=True))
    sizes = {"A": (m, n) if kind == "mnm" else (n, n), "b": (m, 1) if kind == "mnm" else (n, 1), "c": (n, 1)}
    if kind == "F":
        big = sp.Matrix(n, m, sp.symbols(f"X0:{n * m}", real=True))
        values = {"X": big}
        f = sum(e**2 for e in big)
        expected = big.applyfunc(lambda e: sp.diff(f, e))
        variable = big
    else:
        values = _explicit({k: v for k, v in sizes.items() if k in expr}, rng)
        values["x"] = x
        b = values.get("b")
        a = values.get("A")
        f_of = {
            "‖A x - b‖^2": lambda: ((a * x - b).T * (a * x - b))[0],
            "x^T A x": lambda: (x.T * a * x)[0],
            "‖x‖": lambda: sp.sqrt((x.T * x)[0]),
            "b^T A x": lambda: (b.T * a * x)[0],
            "‖x - c‖^2": lambda: ((x - values["c"]).T * (x - values["c"]))[0],
        }
        f = f_of[expr]()
        expected = x.applyfunc(lambda e: sp.diff(f, e))
        variable = x
    got = _read_sympy(d.to_dict()["result"]["sympy"], values)
    point = {s: sp.Rational(rng.randint(-5, 5) or 1, 2) for s in variable}
    diff = (sp.Matrix(got) - expected).subs(point)
    assert all(abs(complex(sp.N(e))) < 1e-9 for e in diff)


# ---------------------------------------------------------------- shapes and bad input
@pytest.mark.parametrize(
    ("expr", "shapes", "error", "words"),
    [
        ("x + A", {"vectors": "x", "matrices": "A"}, ShapeError, "cannot add x (n×1) and A"),
        ("A x", {"vectors": "x:3", "matrices": "A:2x4"}, ShapeError, "cannot multiply A (2×4) by x (3×1)"),
        ("x A", {"vectors": "x", "matrices": "A"}, ShapeError, "cannot multiply x"),
        ("x + 1", {"vectors": "x"}, ShapeError, "cannot add x (n×1) and 1 (1×1)"),
        ("1/x", {"vectors": "x"}, ShapeError, "cannot divide by x"),
        ("x^2", {"vectors": "x"}, ShapeError, "powers are of scalars"),
        ("‖A‖", {"matrices": "A"}, ShapeError, "needs a vector"),
        ("sin(x)", {"vectors": "x"}, UnsupportedError, "elementwise"),
        ("x^T x", {"vectors": "x:2", "matrices": "B:2x3", "symmetric": "B"}, StepcalcError, "not square"),
        ("x^T x", {"vectors": "x:three"}, StepcalcError, "write it like x:3"),
        ("x^T x", {"vectors": "2x"}, StepcalcError, "cannot read the declaration"),
        ("x^T x", {"vectors": "x", "matrices": "x"}, StepcalcError, "both a vector and a matrix"),
        ("x^T x", {"vectors": "x:0"}, StepcalcError, "between 1 and 10000"),
    ],
)
def test_shape_errors_name_the_shapes(expr: str, shapes: dict[str, str], error: type, words: str) -> None:
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        gradient(expr, **shapes)


def test_wrt_must_be_a_vector_or_matrix() -> None:
    with pytest.raises(UnsupportedError, match="c is a scalar here"):
        gradient("c ‖x‖^2", "c")
    with pytest.raises(UnsupportedError, match="say which variable"):
        gradient("a^T x")
    with pytest.raises(StepcalcError, match="one vector or matrix"):
        gradient("a^T x", "a,x")
    with pytest.raises(UnsupportedError, match="--at"):
        gradient("‖x‖^2", at="x=1")


def test_no_rule_is_reported_not_guessed() -> None:
    d = gradient("‖x‖_1", "x")
    assert d.result is None and "no rule" in d.unknown


def test_implicit_kinds() -> None:
    # inside ‖·‖ or transposed: a vector; inside ‖·‖_F: a matrix; others scalars
    assert to_unicode(grad("‖x - c‖^2", "x").result) == "2(x - c)"
    assert to_unicode(grad("k x^T x", "x").result) == "2k x"


# ---------------------------------------------------------------- CLI
def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stepcalc", *args], capture_output=True, text=True, check=False
    )


def test_cli_json_gives_sympy_matrix_syntax() -> None:
    out = run("grad", "‖A x - b‖^2", "--wrt", "x", "--vector", "x,b", "--matrix", "A", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["result"]["sympy"] == "2*A.T*(A*x - b)"
    assert data["result"]["text"] == "2A^T (A x - b)"
    assert data["result"]["latex"] == "2A^{\\top} \\left(A x - b\\right)"
    assert data["problem"]["kind"] == "vector_gradient" and data["problem"]["wrt"] == ["x"]
    assert data["verified"] is True


def test_cli_shape_error_is_one_line() -> None:
    out = run("grad", "x + A", "--vector", "x", "--matrix", "A")
    assert out.returncode == 2
    assert out.stderr.strip() == "stepcalc: error: cannot add x (n×1) and A (n×m)"
    assert "Traceback" not in out.stderr


def test_cli_symmetric_and_latex() -> None:
    out = run("grad", "x^T A x", "--symmetric", "A", "--format", "latex")
    assert out.returncode == 0
    assert "\\nabla_{x} \\left(x^{\\top} A x\\right) &= 2A x" in out.stdout
    assert "$\\nabla_{x} \\left(x^{\\top} A x\\right) = \\left(A + A^{\\top}\\right) x$" in out.stdout


# ---------------------------------------------------------------- random compositions
ATOMS = ["a^T x", "x^T a", "x^T A x", "‖x‖^2", "‖A x - b‖^2", "‖x - c‖^2", "b^T A x", "x^T x"]
OUTER = ["{}", "({})^2", "e^({})", "ln(1 + ({})^2)", "sigma({})", "sqrt(1 + ({})^2)", "sin({})"]


@st.composite
def vector_expressions(draw: st.DrawFn) -> str:
    terms = []
    for _ in range(draw(st.integers(1, 3))):
        atom = draw(st.sampled_from(ATOMS))
        outer = draw(st.sampled_from(OUTER))
        coefficient = draw(st.sampled_from(["", "2", "3", "(1/2)", "-"]))
        terms.append(f"{coefficient}{outer.format(atom)}" if coefficient != "-" else f"-{outer.format(atom)}")
    return " + ".join(terms).replace("+ -", "- ")


@settings(
    max_examples=int(os.environ.get("STEPCALC_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(vector_expressions())
def test_random_vector_gradients_are_verified(expr: str) -> None:
    d = gradient(expr, "x", vectors="x,a,b,c", matrices="A", verify=True)
    assert d.result is not None, d.unknown
    assert d.verified is True, (expr, d.outcomes)


@pytest.mark.parametrize(
    ("expr", "vectors", "matrices"),
    [
        ("(427)'", "x,b", None),
        ("d/dtheta ([||e||_1, log_b(0.125), log_b(0.125)])", "x", None),
        (r"\tan\left(\frac{d}{d\theta}\left(X X e \pi\right)\right)", "x", None),
        ("(log_2 Δ)^dΔ/dx₁", "x", "A"),
    ],
)
def test_derivative_holes_and_written_vectors_are_evaluated(
    expr: str, vectors: str, matrices: str | None
) -> None:
    # found by fuzzing: the component-wise evaluator had no written vector, no d/dθ by a scalar
    # with a value, no (f)' (TypeError, ValueError: "Can't calculate derivative wrt 4/3")
    d = gradient(expr, "x", vectors=vectors, matrices=matrices, verify=True)
    assert d.verified is not False and d.result is not None


def test_a_problem_with_no_finite_value_is_not_checked_not_refuted() -> None:
    # found by fuzzing: x (1/0) was "REFUTED — a stepcalc bug" (exit 1)
    assert gradient("x*(1/0)", "x", vectors="x,b", verify=True).verified is None


def test_a_derivative_by_a_scalar_of_a_vector_problem() -> None:
    # found by fuzzing: NonSquareMatrixError
    d = gradient("d/dx (x^2 sin x)", "y", vectors="x", verify=True)
    assert d.verified is not False and d.result is not None


def test_an_undefined_function_in_a_vector_problem_is_not_refuted() -> None:
    # found by fuzzing: g(…) has no value at the test point, and was called refuted
    d = gradient("l x o g(g(3823) (-3823), 0)", "x", vectors="x", verify=True)
    assert d.verified is True
    # f is given one fixed smooth meaning, the same in f(xᵀx) and f'(‖x‖²): refuted before
    assert gradient("f(x^T x)", "x", vectors="x", verify=True).verified is True


@pytest.mark.parametrize(
    ("expr", "result"), [("a x", "a I"), ("2x + A x", "2I + Aᵀ"), ("-x", "-I"), ("x", "I"), ("A x", "Aᵀ")]
)
def test_a_multiple_of_the_identity_keeps_its_i(expr: str, result: str) -> None:
    # found by fuzzing: ∇ₓ(a x) printed a (the I dropped as if a factor 1), refuted by the oracle
    d = gradient(expr, "x", vectors="x", matrices="A", verify=True)
    assert to_unicode(d.result) == result and d.verified is True


def test_matrix_simplification_is_named_steps() -> None:
    """The matrix simplifier runs on the simplification driver: its line shows each rewrite."""
    from stepcalc.multivariable import gradient as grad_of

    d = grad_of("norm(x)^2 + 3 x^T x", vectors="x", verify=True)
    assert str(d.result) == "8x"
    last = d.lines[-1]
    assert last.steps[0].rule.value == "simplify"
    substeps = [(s.rule.value, str(s.before), str(s.after)) for s in last.steps[0].substeps]
    assert substeps == [("order_factors", "3*2x", "6x"), ("combine_like_terms", "2x + 6x", "8x")]
    assert d.verified is True
