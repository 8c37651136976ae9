"""The LaTeX grammar (grammar/latex.lark) and printer (stepcalc.latex_print)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark import Lark

from stepcalc import LimitError, ParseError, derive
from stepcalc.expr import (
    Add,
    Const,
    Deriv,
    Div,
    Expr,
    Func,
    MatMul,
    Mul,
    Neg,
    Norm,
    Num,
    Pow,
    Sum,
    Sym,
    Transpose,
    Vector,
)
from stepcalc.latex_parse import looks_like_latex
from stepcalc.latex_print import to_latex
from stepcalc.parse import grammar_path, parse
from stepcalc.printing import to_text

x, y = Sym("x"), Sym("y")

# LaTeX input → the tree it gives, written as plain text (as ``to_text`` prints it).
READINGS = [
    (r"\frac{x+1}{\ln x}", "(x + 1)/ln x"),
    (r"\dfrac{1}{x}", "1/x"),
    (r"\tfrac{1}{2} x", "(1/2)*x"),
    (r"\frac12", "1/2"),
    (r"\frac1x", "1/x"),
    (r"\frac{1}{2x}", "1/(2x)"),
    (r"\frac{\frac{a}{b}}{c}", "a/b/c"),
    (r"e^{-x}", "e^(-x)"),
    (r"\mathrm{e}^{x}", "e^x"),
    (r"e^{x^{2}} \,", "e^x^2"),
    (r"x^{2} + 1 \;", "x^2 + 1"),
    (r"\sqrt{x}", "sqrt(x)"),
    (r"\sqrt 2", "sqrt(2)"),
    (r"\sqrt[3]{x}", "cbrt(x)"),
    (r"\sqrt[4]{x}", "x^(1/4)"),
    (r"\sqrt{x^2+1}", "sqrt(x^2 + 1)"),
    (r"x \cdot y", "x y"),
    (r"x \times y", "x y"),
    (r"2 \cdot 3", "2*3"),
    (r"2x \cdot y", "2x*y"),
    (r"\pi r^2", "pi r^2"),
    (r"\sin^2 x", "sin^2 x"),
    (r"\sin^{2} x", "sin^2 x"),
    (r"\sin^{-1} x", "asin(x)"),
    (r"\cos^{2}\left(x+1\right)", "cos^2(x + 1)"),
    (r"\sin x", "sin x"),
    (r"\sin(x)", "sin x"),
    (r"\sin\left(x\right) y", "sin(x) y"),
    (r"\sin 2x", "sin 2x"),
    (r"\sin x \cos x", "sin x cos x"),
    (r"\ln x / x", "ln x/x"),
    (r"\sin x \sqrt{x}", "sin x sqrt(x)"),
    (r"\sin \frac{\pi}{2}", "sin(pi/2)"),
    (r"2\sin x\cos x", "2 sin x cos x"),
    (r"\left( x+1 \right)^2", "(x + 1)^2"),
    (r"\left[ x+1 \right]^2", "(x + 1)^2"),
    (r"\left| x \right|", "|x|"),
    (r"|x|", "|x|"),
    (r"\lvert x \rvert", "|x|"),
    (r"|x - |y|| \cdot 2", "|x - |y| |*2"),
    (r"\left|x - \left|y\right|\right|", "|x - |y| |"),
    (r"\lVert x \rVert_2", "||x||_2"),
    (r"\lVert x \rVert_{2}^{2}", "||x||_2^2"),
    (r"\|x\|", "||x||"),
    (r"\left\| x \right\|_2", "||x||_2"),
    (r"\lVert X \rVert_F", "||X||_F"),
    (r"\sigma(x)", "sigma(x)"),
    (r"\operatorname{sigmoid}(x)", "sigma(x)"),
    (r"\operatorname{relu}(x)", "relu(x)"),
    (r"\mathrm{ReLU}(x)", "relu(x)"),
    (r"\operatorname{softplus} x", "softplus(x)"),
    (r"\theta + \alpha", "theta + alpha"),
    (r"\varepsilon \Delta", "epsilon Δ"),
    (r"\theta_{2}", "theta_2"),
    (r"\exp(x)", "exp(x)"),
    (r"\ln x", "ln x"),
    (r"\log x", "ln x"),
    (r"\log_2 x", "log_2 x"),
    (r"\log_{10} x", "log_10 x"),
    (r"\log_{10}\left(x+1\right) y", "log_10(x + 1) y"),
    (r"\arcsin x", "asin(x)"),
    (r"\arctan\left(2x\right)", "atan(2x)"),
    (r"\sinh x + \cosh x", "sinh x + cosh x"),
    (r"x_1 + x_{12}", "x_1 + x_12"),
    (r"x^T", "x^T"),
    (r"x^\top", "x^T"),
    (r"x^{\mathsf{T}}", "x^T"),
    (r"\mathbf{x}^{\top} A \mathbf{x}", "x^T A x"),
    (r"\frac{d}{dx}\left(x^2\right)", "d/dx (x^2)"),
    (r"\frac{d}{dx}\left[x^2 \sin x\right]", "d/dx (x^2 sin x)"),
    (r"\frac{\mathrm{d}}{\mathrm{d}x} x^{2}", "d/dx (x^2)"),
    (r"\frac{\partial}{\partial x} x^2 y", "∂/∂x (x^2 y)"),
    (r"\frac{d}{d\theta} \sin\theta", "d/dtheta (sin theta)"),
    (r"\frac{dy}{dx}", "dy/dx"),
    (r"\left(e^x \cos x\right)'", "(e^x cos x)'"),
    (r"f'(x) + f^{\prime\prime}(x)", "f'(x) + f''(x)"),
    (r"0.5 x + 3.25", "0.5x + 3.25"),
    (r"\, x \; y \! \quad z", "x y z"),
    (r"$x^2$", "x^2"),
    (r"\begin{bmatrix} 1 \\ x \end{bmatrix}", "[1, x]"),
    (r"\left[1, 2\right]", "[1, 2]"),
    (r"\frac{\sin x}{cos x}", "sin x/cos x"),  # plain words mixed in read as in plain text
]


@pytest.mark.parametrize(("latex", "text"), READINGS)
def test_latex_reading(latex: str, text: str) -> None:
    # Compared as trees: the plain grammar's reading of ``text`` is the canonical form.
    assert not looks_like_latex(text)
    assert parse(latex) == parse(text), to_text(parse(latex))


def test_indexed_sum_reading() -> None:
    assert parse(r"\sum_{i=1}^{n} x_i y") == Sum(Mul((Sym("x_i"), y)), Sym("i"), Num(1), Sym("n"))
    assert parse(r"\sum_{k=0}^N k + 1") == Add((Sum(Sym("k"), Sym("k"), Num(0), Sym("N")), Num(1)))


def test_latex_and_plain_give_the_same_tree() -> None:
    assert parse(r"\frac{x+1}{\ln x}") == parse("(x+1)/ln x")
    assert parse(r"e^{x} \cos x") == parse("e^x cos x")
    assert parse(r"\lVert x \rVert_2") == parse("||x||_2")


# Plain text (parsed by the plain grammar) → the LaTeX printed for its tree.
PRINTED = [
    ("(x+1)/ln x", r"\frac{x + 1}{\ln x}"),
    ("ln x", r"\ln x"),
    ("ln(x+1)", r"\ln\left(x + 1\right)"),
    ("e^-x", r"e^{-x}"),
    ("x^2", r"x^{2}"),
    ("sqrt(x)", r"\sqrt{x}"),
    ("sigma(x)", r"\sigma\left(x\right)"),
    ("||x||_2", r"\lVert x \rVert_{2}"),
    ("||x||", r"\lVert x \rVert"),
    ("|x|", r"\left|x\right|"),
    ("x^T A x", r"x^{\top} A x"),
    ("2*3", r"2 \cdot 3"),
    ("2x", "2x"),
    ("x y", "x y"),
    ("2*(1/3)", r"2 \cdot \frac{1}{3}"),
    ("(x+1)(x-1)", r"\left(x + 1\right) \left(x - 1\right)"),
    ("x - (y - 1)", r"x - \left(y - 1\right)"),
    ("-x^2", "-x^{2}"),
    ("sin^2 x", r"\sin^{2} x"),
    ("sin^2(x+1)", r"\sin^{2}\left(x + 1\right)"),
    ("(sin x)^(-1)", r"\left(\sin x\right)^{-1}"),
    ("sin x cos x", r"\sin x \cos x"),
    ("sin(x) y", r"\sin\left(x\right) y"),
    ("sin 2x", r"\sin 2x"),
    ("e^x cos x", r"e^{x} \cos x"),
    ("theta_1", r"\theta_{1}"),
    ("x_12", "x_{12}"),
    ("0.25x", "0.25x"),
    ("1/2", r"\frac{1}{2}"),
    ("d/dx (x^2 sin x)", r"\frac{d}{dx}\left(x^{2} \sin x\right)"),
    ("(e^x)'", r"\left(e^{x}\right)'"),
    ("f(x) + f'(x)", r"f\left(x\right) + f'\left(x\right)"),
    ("log_2 x", r"\log_{2} x"),
    ("relu(x) + softplus(x)", r"\operatorname{relu}\left(x\right) + \operatorname{softplus}\left(x\right)"),
    ("asin x", r"\arcsin x"),
    ("[1, x]", r"\begin{bmatrix} 1 \\ x \end{bmatrix}"),
    ("pi", r"\pi"),
    ("(x^2)^3", r"\left(x^{2}\right)^{3}"),
    ("x^2^3", "x^{2^{3}}"),
    ("x/(y z)", r"\frac{x}{y z}"),
]


@pytest.mark.parametrize(("text", "latex"), PRINTED)
def test_printed_latex(text: str, latex: str) -> None:
    e = parse(text)
    assert to_latex(e) == latex
    assert parse(latex) == e


def test_printed_latex_of_built_trees() -> None:
    total = Sum(Pow(Sym("x_i"), Num(2)), Sym("i"), Num(1), Sym("n"))
    assert to_latex(total) == r"\sum_{i=1}^{n} x_{i}^{2}"
    assert parse(to_latex(total)) == total
    assert to_latex(Mul((total, y))) == r"\left(\sum_{i=1}^{n} x_{i}^{2}\right) y"
    assert to_latex(Num(Fraction(1, 3))) == r"\frac{1}{3}"
    assert to_latex(Num(Fraction(5, 2), decimal=True)) == "2.5"
    assert to_latex(Deriv(Mul((x, y)))) == r"\left(x y\right)'"
    assert to_latex(MatMul((Transpose(x), Sym("A"), x))) == r"x^{\top} A x"
    assert to_latex(Norm(Sym("X"), "F")) == r"\lVert X \rVert_{F}"
    assert to_latex(Func("log", (x, Add((y, Num(1)))))) == r"\log_{y + 1} x"


def test_grammar_builds_strict() -> None:
    Lark(grammar_path("latex.lark").read_text(encoding="utf-8"), parser="lalr", strict=True)


def test_looks_like_latex() -> None:
    assert looks_like_latex(r"\sin x")
    assert looks_like_latex("$x^2$")
    assert not looks_like_latex("e^{-x} + x_{12}")  # the plain grammar reads braces too


ERRORS = [
    (r"\frac{x}", r"'\frac' takes two arguments, as in \frac{a}{b}: expected '{' at column 9", 9),
    (r"\sqrt", r"'\sqrt' takes an argument, as in \sqrt{x}: expected '{' at column 6", 6),
    (r"x + \foo", r"unknown LaTeX command '\foo' at column 5", 5),
    (r"\operatorname{foo}(x)", r"unknown LaTeX function '\operatorname{foo}' at column 1", 1),
    (r"\sin_2 x", r"only \log takes a subscript, not '\sin' at column 1", 1),
    (r"\frac{x+1}{x", "'{' at column 11 is never closed", 11),
    (r"x \right)", r"unexpected '\right)' at column 3", 3),
    (r"\left x", r"'\left' at column 1 must be followed by one of ( [ \{ | \| \lvert \lVert or .", 1),
    (r"\frac{x}{}", "expected an expression after '{' at column 10, found '}'", 10),
    (r"\sin + 1", r"expected an argument after '\sin' at column 6, found '+'", 6),
    (
        r"\frac{1}{\sigma}",
        r"expected an argument after '\sigma' at column 16, found '}'"
        r" (\sigma is read as the logistic function σ(x))",
        16,
    ),
]


@pytest.mark.parametrize(("latex", "message", "column"), ERRORS)
def test_latex_errors(latex: str, message: str, column: int) -> None:
    with pytest.raises(ParseError) as info:
        parse(latex)
    assert info.value.message == message
    assert info.value.column == column


def test_deep_latex_nesting() -> None:
    deep = "\\left(" * 1000 + "x" + "\\right)" * 1000
    assert parse(deep) == x
    fracs = "\\frac{1}{" * 1000 + "x" + "}" * 1000
    e = parse(fracs)
    assert parse(to_latex(e)) == e


def test_deep_tree_prints() -> None:
    e: Expr = x
    for i in range(1490):
        e = (Neg(e), Pow(e, Num(2)), Func("sin", (e,)), Mul((Num(2), e)))[i % 4]
    assert parse(to_latex(e)) == e


# ---------------------------------------------------------------- round trip
_NAMES = ["x", "y", "a", "f", "T", "x_1", "x_ab", "theta", "eta_2", "epsilon", "omicron", "Δ", "Α"]
_SYMBOLS = st.sampled_from([Sym(n) for n in _NAMES])
_LEAVES = st.one_of(
    _SYMBOLS,
    st.builds(Num, st.integers(0, 30)),
    st.sampled_from(["0.5", "2.25", "3.0"]).map(lambda s: Num(Fraction(s), decimal=True)),
    st.sampled_from([Const("e"), Const("pi")]),
)
_UNARY = sorted({"sin", "cos", "tan", "sec", "sinh", "tanh", "asin", "acot", "atanh"} | {"exp", "ln"})
_UNARY += ["sqrt", "abs", "sigma", "relu", "softplus", "sign", "heaviside"]


def _nodes(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    many = st.lists(children, min_size=2, max_size=3).map(tuple)
    calls = st.builds(lambda n, a: Func(n, (a,)), st.sampled_from(_UNARY), children)
    return st.one_of(
        many.map(lambda ts: Add((ts[0], *(Neg(t) if i % 2 else t for i, t in enumerate(ts[1:]))))),
        many.map(Mul),
        st.builds(Div, children, children),
        st.builds(Neg, children),
        st.builds(Pow, children, children),
        calls,
        st.builds(lambda n, a, k: Pow(Func(n, (a,)), k), st.sampled_from(_UNARY), children, _LEAVES),
        st.lists(st.one_of(calls, calls, children), min_size=2, max_size=4).map(lambda fs: Mul(tuple(fs))),
        st.builds(lambda a, b: Func("log", (a, b)), children, children),
        st.builds(lambda n, args: Func(n, args), st.sampled_from(["f", "g", "f'"]), many),
        st.builds(Deriv, children, st.sampled_from([x, Sym("x_1"), Sym("theta")])),
        st.builds(Deriv, children),
        st.builds(Transpose, children),
        st.builds(Norm, children, st.sampled_from([None, "2", "F"])),
        st.lists(children, min_size=1, max_size=3).map(lambda items: Vector(tuple(items))),
        st.builds(Sum, children, st.sampled_from([Sym("i"), Sym("k")]), children, children),
    )


_TREES = st.recursive(_LEAVES, _nodes, max_leaves=12)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TREES)
def test_latex_round_trip(e: Expr) -> None:
    """Random trees, and the trees the plain grammar reads from their text, survive LaTeX."""
    latex = to_latex(e)
    try:
        again = parse(latex)
    except LimitError as error:  # 2^(30^30) is refused, rightly: nothing to compare
        assert error.limit in ("max_digits", "max_exponent"), error
        return
    assert again == e, latex
    try:
        plain = parse(to_text(e))
    except ParseError:
        return
    latex = to_latex(plain)
    assert parse(latex) == plain, latex


def test_a_line_breaks_only_when_it_does_not_fit() -> None:
    """Issue 18: ∂/∂x (x² + y² + z²) = ∂/∂x (x²) + ∂/∂x (y²) + ∂/∂x (z²) fits on a line, though
    its LaTeX is long; a sum wider than the page still breaks before a term."""
    tex = derive("x^2 + y^2 + z^2", wrt="x").to_latex()
    assert "&\\quad" not in tex
    long = derive("(x+1)^9 (x^2+1)^8 (x^3+1)^7 (x^4+1)^6").to_latex()
    assert "&\\quad" in long


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("6.02e23", "6.02 \\times 10^{23}"),
        ("2e-3", "2 \\times 10^{-3}"),
        ("1.5e3 x", "\\left(1.5 \\times 10^{3}\\right)x"),
        ("sin(2e3)", "\\sin\\left(2 \\times 10^{3}\\right)"),  # never a bare argument: its × ends it
    ],
)
def test_scientific_notation_is_typeset_and_read_back(text: str, latex: str) -> None:
    """LaTeX typeset 6.02e23 as 6.02·e·23 (an italic e); it writes a × 10^k, as MathML does, and
    reads LaTeX's a \\times 10^{k} back as the one number."""
    e = parse(text)
    assert to_latex(e) == latex
    assert parse(latex) == e


def test_a_power_of_ten_too_large_stays_a_product() -> None:
    from stepcalc.limits import Limits

    e = parse("2 \\times 10^{5000}", limits=Limits(max_digits=10**6))
    assert isinstance(e, Mul)  # the limits raised: still never written out as one number
    assert parse("6.02×10^23") != parse("6.02e23")  # typed text keeps its product (docs/grammar.md)
