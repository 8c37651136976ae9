"""Property: random expressions differentiate to what sympy.diff says, and no line is
ever refuted.  STEPCALC_EXAMPLES sets the number of examples (CI runs a modest count;
the benchmark run uses 2,000: ``STEPCALC_EXAMPLES=2000 python3 -m pytest tests/test_derive_property.py``).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stepcalc import derive
from stepcalc.expr import Add, Const, Div, Expr, Func, Mul, Neg, Num, Pow, Sym

EXAMPLES = int(os.environ.get("STEPCALC_EXAMPLES", "150"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("STEPCALC_RANDOM") is None,
    suppress_health_check=[HealthCheck.too_slow],
)

x = Sym("x")
FUNCTIONS = [
    "sin",
    "cos",
    "tan",
    "cot",
    "sec",
    "csc",
    "asin",
    "acos",
    "atan",
    "acot",
    "asec",
    "acsc",
    "sinh",
    "cosh",
    "tanh",
    "coth",
    "sech",
    "csch",
    "asinh",
    "acosh",
    "atanh",
    "acoth",
    "asech",
    "acsch",
    "exp",
    "ln",
    "sqrt",
    "abs",
    "sigma",
    "softplus",
]
EXPONENTS = (Num(2), Num(3), Neg(Num(1)), Div(Num(1), Num(2)), Neg(Div(Num(3), Num(2))), Const("pi"))

leaves = st.one_of(
    st.just(x),
    st.integers(1, 9).map(Num),
    st.sampled_from([Const("e"), Const("pi")]),
    st.integers(2, 5).map(lambda k: Mul((Num(k), x))),
)


def _extend(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    return st.one_of(
        st.tuples(children, children).map(lambda p: Add(p)),
        st.tuples(children, children).map(lambda p: Add((p[0], Neg(p[1])))),
        st.tuples(children, children).map(lambda p: Mul(p)),
        st.tuples(children, children).map(lambda p: Div(*p)),
        children.map(Neg),
        st.tuples(children, st.sampled_from(EXPONENTS)).map(lambda p: Pow(*p)),
        st.tuples(st.sampled_from([Num(2), Const("e")]), children).map(lambda p: Pow(*p)),
        st.tuples(children, st.sampled_from([Num(2), Num(10)])).map(lambda p: Func("log", p)),
        st.tuples(st.sampled_from(FUNCTIONS), children).map(lambda p: Func(p[0], (p[1],))),
        children.map(lambda c: Pow(x, c)),  # x^g(x): logarithmic differentiation
    )


expressions = st.recursive(leaves, _extend, max_leaves=12)


@SETTINGS
@given(expressions)
def test_derivative_matches_the_oracle_and_no_line_is_refuted(e: Expr) -> None:
    d = derive(e, wrt="x")
    if d.unknown:  # an explicit Unknown step is allowed; a wrong line never is
        assert d.result is None
        return
    d.verify(max_seconds=20)
    assert d.verified is not False, d.to_text()


@SETTINGS
@given(expressions)
def test_full_detail_reaches_the_same_result(e: Expr) -> None:
    textbook, full = derive(e, wrt="x"), derive(e, wrt="x", detail="full")
    assert (textbook.result is None) == (full.result is None)
    if textbook.result is not None and full.result is not None:
        from stepcalc.oracle import equal

        assert equal(textbook.result, full.result).verdict != "different"


@settings(max_examples=max(EXAMPLES // 3, 20), deadline=None, derandomize=True)
@given(expressions)
def test_second_order_is_differentiating_twice(e: Expr) -> None:
    twice = derive(e, wrt="x", order=2)
    if twice.unknown:
        return
    once = derive(e, wrt="x")
    assert once.result is not None
    again = derive(once.result, wrt="x")
    assert again.result == twice.result
