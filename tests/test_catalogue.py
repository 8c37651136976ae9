"""The catalogue of functions (stepcalc/catalogue.py): every entry consistent with itself, with
the grammars, with the oracle, and a golden row per function added by issue 16.

Each golden row was written from the mathematics (the derivative a textbook gives, its value at
a point, the LaTeX a textbook typesets), then checked here three ways: stepcalc's derivation is
verified line by line by the oracle, its result equals sympy's own derivative of the function's
sympy form (``oracle.equal`` against ``Deriv``), and the printed forms are the ones below.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

import pytest
import sympy

from stepcalc import catalogue, derive
from stepcalc.catalogue import CATALOGUE, FUNCTIONS, SPELLINGS
from stepcalc.expr import Deriv, Expr, Func, Num, Sym
from stepcalc.latex_print import to_latex
from stepcalc.mathml import to_mathml
from stepcalc.oracle import equal, sympy_text, to_sympy
from stepcalc.oracle.arb import SUPPORTED, compile_arb
from stepcalc.parse import grammar_path, parse, parse_with_notes
from stepcalc.phrases import LANGS, phrase
from stepcalc.printing import to_text, to_unicode
from stepcalc.syntax.patterns import TERMINALS

x = Sym("x")
POINTS = (-2.5, -1.0, -0.3, 0.4, 0.9, 1.7, 3.0)


def _args(f: catalogue.Function, u: Expr) -> tuple[Expr, ...]:
    return (u, Num(10)) if f.name == "log" else (u, Sym("y")) if f.name == "dot" else (u,)


# ---------------------------------------------------------------- grammars
@pytest.mark.parametrize(("grammar", "terminal"), list(TERMINALS))
def test_grammar_name_patterns_are_generated_from_the_catalogue(grammar: str, terminal: str) -> None:
    """The grammars' name lists are exactly the catalogue's (python3 -m stepcalc.syntax.patterns)."""
    text = grammar_path(grammar).read_text(encoding="utf-8")
    found = re.search(rf"^{re.escape(terminal)}: /(.*)/$", text, re.MULTILINE)
    assert found is not None, terminal
    assert found.group(1) == TERMINALS[(grammar, terminal)], f"regenerate {terminal} of {grammar}"


@pytest.mark.parametrize("written", sorted(SPELLINGS))
def test_every_spelling_reads_as_its_function(written: str) -> None:
    spelling = SPELLINGS[written]
    f = spelling.function
    arguments = "(x, y)" if f.name in ("log", "dot") and not spelling.fixed else "(x)"
    expected = parse(f"{f.name}{arguments}") if not spelling.fixed else Func(f.name, (x, *spelling.fixed))
    assert parse(written + arguments) == expected
    if written.isascii() and written.isalpha():
        assert parse(f"\\operatorname{{{written}}}{arguments}") == expected


@pytest.mark.parametrize("written", ["sin", "ln", "arctan", "tanh", "sqrt", "erf", "relu", "cbrt"])
def test_a_name_in_another_case_is_read_with_a_note(written: str) -> None:
    for variant in (written.capitalize(), written.upper()):
        reading = parse_with_notes(f"2 + {variant}(x)")
        assert reading.expr == parse(f"2 + {written}(x)")
        (note,) = reading.notes
        assert (note.written, note.column) == (variant, 5)
        assert note.text() == f"read '{variant}' as {FUNCTIONS[SPELLINGS[written].function.name].name}"


# ---------------------------------------------------------------- entries against the oracle
def _float(f: catalogue.Function, v: float) -> float | None:
    assert f.value is not None
    extra = [float(d.value) for d in f.defaults if isinstance(d, Num)]
    try:
        return float(f.value(v, *([10.0] if f.name == "log" else [2.0] if f.name == "dot" else extra)))
    except (ValueError, ZeroDivisionError, OverflowError):
        return None


@pytest.mark.parametrize("f", CATALOGUE, ids=lambda f: f.name)
def test_float_value_agrees_with_sympy_and_arb(f: catalogue.Function) -> None:
    """The float evaluator, sympy's value of the sympy form, and the ball evaluator agree."""
    e = Func(f.name, _args(f, x))
    if f.name == "dot":
        e = Func("dot", (x, Num(2)))
    value = to_sympy(e)
    compiled = compile_arb(value, [to_sympy(x)])
    assert compiled is not None, f"the oracle's ball arithmetic cannot compute {f.name}"
    for v in POINTS:
        mine = _float(f, v)
        theirs = complex(value.subs(to_sympy(x), v).evalf())
        if mine is None:  # outside the real domain (arcsin 3): no value to compare
            continue
        assert abs(theirs.imag) < 1e-9 and math.isclose(mine, theirs.real, rel_tol=1e-9, abs_tol=1e-12), v
        ball = compiled(v)
        assert math.isclose(float(ball.mid()), mine, rel_tol=1e-9, abs_tol=1e-12), v


def test_the_ball_evaluator_knows_every_function_the_sympy_forms_use() -> None:
    for f in CATALOGUE:
        value = to_sympy(Func(f.name, _args(f, x) if f.name != "dot" else (x, Num(2))))
        for node in sympy.preorder_traversal(value):
            if node.is_Function:
                assert type(node).__name__ in SUPPORTED, (f.name, type(node).__name__)


@pytest.mark.parametrize("f", [f for f in CATALOGUE if f.parity], ids=lambda f: f.name)
def test_parity(f: catalogue.Function) -> None:
    sign = -1 if f.parity == "odd" else 1
    for v in POINTS:
        a, b = _float(f, v), _float(f, -v)
        if a is not None and b is not None:
            assert math.isclose(b, sign * a, rel_tol=1e-12, abs_tol=1e-12), v


@pytest.mark.parametrize("f", [f for f in CATALOGUE if f.at_points], ids=lambda f: f.name)
def test_special_values_at_points(f: catalogue.Function) -> None:
    for q, value in f.at_points.items():
        v = _float(f, float(q))
        if isinstance(value, catalogue.NoValue):
            assert v is None or not math.isfinite(v) or abs(v) > 1e15, q
        else:
            assert v is not None and math.isclose(v, float(to_sympy(value)), abs_tol=1e-12), q


@pytest.mark.parametrize("f", [f for f in CATALOGUE if f.derivative is not None], ids=lambda f: f.name)
def test_derivative_rule_is_sympys_derivative(f: catalogue.Function) -> None:
    """F'(x) as the catalogue writes it equals sympy's derivative of the sympy form."""
    assert f.derivative is not None and f.rule is not None
    args = catalogue.arguments(f, _args(f, x))
    mine = f.derivative(*args)
    assert equal(mine, Deriv(Func(f.name, args), x), seconds=5).equal is True


@pytest.mark.parametrize("f", [f for f in CATALOGUE if f.rule is not None], ids=lambda f: f.name)
def test_every_rule_has_its_phrases(f: catalogue.Function) -> None:
    assert f.rule is not None
    for lang in LANGS:
        assert phrase(f.rule, lang)


@pytest.mark.parametrize("f", [f for f in CATALOGUE if f.sided is not None], ids=lambda f: f.name)
def test_sided_forms_agree_with_the_function(f: catalogue.Function) -> None:
    """A step function's form on each side of 0 has its values there."""
    assert f.sided is not None
    for v in (-1.5, -0.2, 0.3, 2.0):
        side = f.sided(catalogue.arguments(f, (x,)), 1 if v > 0 else -1)
        expected = _float(f, v)
        assert expected is not None
        assert math.isclose(
            float(to_sympy(side).subs(to_sympy(x), v)), expected, rel_tol=1e-12, abs_tol=1e-12
        )


# ---------------------------------------------------------------- the functions added by issue 16
# input | derivative (canonical text) | point | value there (text) | LaTeX | MathML contains | sympy
GOLDEN = [
    ("cbrt(x)", "1/(3 cbrt(x^2))", "x=8", "1/12", "\\sqrt[3]{x}", "<mroot>", "sign(x)*Abs(x)**(1/3)"),
    ("∛x", "1/(3 cbrt(x^2))", "x=-8", "1/12", "\\sqrt[3]{x}", "<mroot>", "sign(x)*Abs(x)**(1/3)"),
    ("erf(x)", "2e^(-x^2)/sqrt(pi)", "x=0", "2/sqrt(pi)", "\\operatorname{erf}\\left(x\\right)",
     "<mi>erf</mi>", "erf(x)"),
    ("gelu(x)", "(1 + erf(x/sqrt(2)))/2 + x e^(-(x^2/2))/sqrt(2pi)", "x=0", "1/2",
     "\\operatorname{gelu}\\left(x\\right)", "<mi>gelu</mi>", "x*(1 + erf(x/sqrt(2)))/2"),
    ("silu(x)", "sigma(x) + x sigma(x) (1 - sigma(x))", "x=0", "1/2", "\\operatorname{silu}\\left(x\\right)",
     "<mi>silu</mi>", "x*(1/(1 + exp(-x)))"),
    ("swish(x)", "sigma(x) + x sigma(x) (1 - sigma(x))", "x=0", "1/2", "\\operatorname{silu}\\left(x\\right)",
     "<mi>silu</mi>", "x*(1/(1 + exp(-x)))"),
    ("elu(x)", "heaviside(x) + e^x heaviside(-x)", "x=-1", "e^(-1)", "\\operatorname{elu}\\left(x\\right)",
     "<mi>elu</mi>", "Max(0, x) + (exp(Min(0, x)) - 1)"),
    ("elu(x, 2)", "heaviside(x) + 2e^x heaviside(-x)", "x=1", "1", "\\operatorname{elu}\\left(x, 2\\right)",
     "<mn>2</mn>", "Max(0, x) + 2*(exp(Min(0, x)) - 1)"),
    ("leaky_relu(x)", "heaviside(x) + 0.01 heaviside(-x)", "x=-2", "1/100",
     "\\operatorname{leaky\\_relu}\\left(x\\right)", "<mi>leaky_relu</mi>", "Max(0, x) + (1/100)*Min(0, x)"),
    ("leaky_relu(x, 0.2)", "heaviside(x) + 0.2 heaviside(-x)", "x=-3", "1/5",
     "\\operatorname{leaky\\_relu}\\left(x, 0.2\\right)", "<mn>0.2</mn>", "Max(0, x) + (1/5)*Min(0, x)"),
    ("softsign(x)", "1/(1 + |x|)^2", "x=1", "1/4", "\\operatorname{softsign}\\left(x\\right)",
     "<mi>softsign</mi>", "x/(1 + Abs(x))"),
    ("log10(x)", "1/(x ln 10)", "x=10", "1/(10 ln 10)", "\\log_{10} x", "<mn>10</mn>", "log(x, 10)"),
    ("lg x", "1/(x ln 10)", "x=1", "1/ln 10", "\\log_{10} x", "<mn>10</mn>", "log(x, 10)"),
    ("log2(x)", "1/(x ln 2)", "x=4", "1/(4 ln 2)", "\\log_{2} x", "<mn>2</mn>", "log(x, 2)"),
    ("lb x", "1/(x ln 2)", "x=2", "1/(2 ln 2)", "\\log_{2} x", "<mn>2</mn>", "log(x, 2)"),
    ("cosec x", "-csc x cot x", "x=pi/2", "0", "\\csc x", "<mi>csc</mi>", "csc(x)"),
    ("arccosec x", "-(1/(|x| sqrt(x^2 - 1)))", "x=2", "-sqrt(3)/6", "\\operatorname{arccsc}\\left(x\\right)",
     "<mi>arccsc</mi>", "acsc(x)"),
    ("tg x", "sec^2 x", "x=0", "1", "\\tan x", "<mi>tan</mi>", "tan(x)"),
    ("ctg x", "-csc^2 x", "x=pi/4", "-2", "\\cot x", "<mi>cot</mi>", "cot(x)"),
    ("arctg x", "1/(1 + x^2)", "x=1", "1/2", "\\arctan x", "<mi>arctan</mi>", "atan(x)"),
    ("arcctg x", "-(1/(1 + x^2))", "x=1", "-1/2", "\\operatorname{arccot}\\left(x\\right)", "<mi>arccot</mi>",
     "acot(x)"),
    ("sgn(x)", "0", "x=3", "0", "\\operatorname{sgn}\\left(x\\right)", "<mi>sgn</mi>", "sign(x)"),
    ("signum(x^2 - 1)", "0", "x=2", "0", "\\operatorname{sgn}\\left(x^{2} - 1\\right)", "<mi>sgn</mi>",
     "sign(x**2 - 1)"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "derivative", "point", "value", "latex", "mathml", "sympy_form"), GOLDEN)
def test_golden(
    text: str, derivative: str, point: str, value: str, latex: str, mathml: str, sympy_form: str
) -> None:
    name, _, at = point.partition("=")
    d = derive(text, verify=True, at={name: at})
    assert d.verified is True, d.to_text()
    assert d.result is not None and to_text(d.result) == derivative
    assert equal(d.result, Deriv(parse(text), x), seconds=5).equal is True  # sympy's own derivative
    assert d.value is not None and to_text(d.value.exact, readable=True) == value
    f = parse(text)
    assert to_latex(f) == latex and parse(latex) == f  # and LaTeX reads back to the same tree
    assert mathml in to_mathml(f)
    assert sympy_text(f) == sympy_form
    assert parse(to_text(f)) == f and parse(to_unicode(f)) == f


def test_gelu_is_exact_not_the_tanh_approximation() -> None:
    assert to_sympy(parse("gelu(x)")).subs(to_sympy(x), 1).evalf() == pytest.approx(0.8413447460685429)


def test_derivatives_do_not_exist_at_a_kink_or_a_vertical_tangent() -> None:
    for text, reason in (
        ("leaky_relu(x)", "the one-sided derivatives are 1/100 and 1"),
        ("elu(x, 2)", "the one-sided derivatives are 2 and 1"),
        ("cbrt(x)", "division by zero"),
    ):
        d = derive(text, at={"x": "0"})
        assert d.value is not None and d.value.undefined is True
        assert reason in d.value.text()
    assert derive("elu(x)", at={"x": "0"}).value.text() == "at x = 0: 1"  # type: ignore[union-attr]


def test_leaky_relu_takes_its_slope_as_a_second_argument() -> None:
    assert parse("leaky_relu(x)") == Func("leaky_relu", (x,))
    assert catalogue.arguments(FUNCTIONS["leaky_relu"], (x,))[1] == Num(Fraction(1, 100), decimal=True)
    with pytest.raises(Exception, match="'leaky_relu' takes 1 or 2 arguments, got 3"):
        parse("leaky_relu(x, 1, 2)")
