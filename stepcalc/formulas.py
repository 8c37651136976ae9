"""The mathematics in rule names: ``(sin x)' = cos x``, ``∇ₓ(xᵀAx) = (A + Aᵀ)x``, as trees.

A rule's phrase (``stepcalc.languages``) is words with places ``{0}``, ``{1}``… for formulas;
the formulas are the same in every language and live here as expressions, so each format
typesets them with its own printer (text, LaTeX, MathML) and no phrase text is ever parsed.

A function's rule comes from the catalogue: ``(F(x))' = F'(x)`` with the catalogue's own
``F'``, so the name cannot drift from the rule the engine applies.  The rest are written out.
"""

from __future__ import annotations

import functools

from stepcalc.catalogue import FUNCTIONS
from stepcalc.expr import (
    INF,
    Add,
    Deriv,
    Div,
    E,
    Equation,
    Expr,
    Func,
    Grad,
    Integral,
    Limit,
    MatMul,
    Mul,
    Neg,
    Norm,
    Num,
    Pow,
    Sym,
    Transpose,
)
from stepcalc.steps import RuleId

__all__ = ["formulas"]

x, u, a = Sym("x"), Sym("u"), Sym("a")
A, X = Sym("A"), Sym("X")


def _prime(e: Expr) -> Deriv:
    return Deriv(e)


def _rule(left: Expr, right: Expr) -> Equation:
    return Equation((_prime(left), right))


def _f(name: str, *args: Expr) -> Func:
    return Func(name, args)


def _written() -> dict[RuleId, tuple[Expr, ...]]:
    """The formulas that are not one function's derivative."""
    x_t = Transpose(x)
    return {
        RuleId.IDENTITY: (_rule(x, Num(1)),),
        RuleId.EXP: (_rule(Pow(E, x), Pow(E, x)),),
        RuleId.EXP_BASE: (_rule(Pow(a, x), Mul((Pow(a, x), _f("ln", a)))),),
        RuleId.LOG_BASE: (_rule(_f("log", x, a), Div(Num(1), Mul((x, _f("ln", a))))),),
        RuleId.UNDEFINED_FUNCTION: (_rule(_f("f", u), Mul((_f("f'", u), _prime(u)))),),
        RuleId.RELU: (_rule(_f("relu", x), _f("H", x)),),
        RuleId.ELU: (_rule(_f("elu", x), Num(1)), Mul((Sym("alpha"), Pow(E, x)))),
        RuleId.LEAKY_RELU: (_rule(_f("leaky_relu", x), Num(1)), a),
        RuleId.PYTHAGOREAN: (
            Equation((Add((Pow(_f("sin", u), Num(2)), Pow(_f("cos", u), Num(2)))), Num(1))),
        ),
        RuleId.QUOTIENT_IDENTITY: (Equation((Div(_f("sin", u), _f("cos", u)), _f("tan", u))),),
        RuleId.ABSORB_CONSTANT: (
            Equation(
                (
                    _f("ln", _f("abs", Mul((Sym("k"), u)))),
                    Add((_f("ln", _f("abs", u)), _f("ln", Sym("k")))),
                )
            ),
        ),
        RuleId.NORM_FORM: (Equation((Mul((Transpose(u), u)), Pow(Norm(u), Num(2)))),),
        RuleId.MATRIX_LINEAR: (
            Equation((Grad(MatMul((A, x)), x), Transpose(A))),
            Equation((Grad(MatMul((x_t, A)), x), A)),
        ),
        RuleId.MATRIX_QUADRATIC: (
            Equation((Grad(MatMul((x_t, A, x)), x), MatMul((Add((A, Transpose(A))), x)))),
        ),
        RuleId.NORM: (Equation((Grad(Pow(Norm(X, "F"), Num(2)), X), Mul((Num(2), X)))),),
        RuleId.RECOGNIZE_SIGMA: (_f("sigma", x),),
        **_integrals(),
    }


def _integral(integrand: Expr, antiderivative: Expr) -> Equation:
    return Equation((Integral(integrand, x), antiderivative))


def _integrals() -> dict[RuleId, tuple[Expr, ...]]:
    """The table of antiderivatives the integral rules name (stepcalc.rules.integral)."""
    n, one, two = Sym("n"), Num(1), Num(2)
    sec, csc, tan, cot = (_f(name, x) for name in ("sec", "csc", "tan", "cot"))
    u, v = Sym("u"), Sym("v")
    return {
        RuleId.INT_CONSTANT: (_integral(Sym("k"), Mul((Sym("k"), x))),),
        RuleId.INT_POWER: (_integral(Pow(x, n), Div(Pow(x, Add((n, one))), Add((n, one)))),),
        RuleId.INT_RECIPROCAL: (_integral(Div(one, x), _f("ln", _f("abs", x))),),
        RuleId.INT_EXP: (_integral(Pow(E, x), Pow(E, x)),),
        RuleId.INT_EXP_BASE: (_integral(Pow(a, x), Div(Pow(a, x), _f("ln", a))),),
        RuleId.INT_SIN: (_integral(_f("sin", x), Neg(_f("cos", x))),),
        RuleId.INT_COS: (_integral(_f("cos", x), _f("sin", x)),),
        RuleId.INT_TAN: (_integral(tan, Neg(_f("ln", _f("abs", _f("cos", x))))),),
        RuleId.INT_COT: (_integral(cot, _f("ln", _f("abs", _f("sin", x)))),),
        RuleId.INT_SEC: (_integral(sec, _f("ln", _f("abs", Add((sec, tan))))),),
        RuleId.INT_CSC: (_integral(csc, Neg(_f("ln", _f("abs", Add((csc, cot)))))),),
        RuleId.INT_SEC_SQUARED: (_integral(Pow(sec, two), tan),),
        RuleId.INT_CSC_SQUARED: (_integral(Pow(csc, two), Neg(cot)),),
        RuleId.INT_SEC_TAN: (_integral(Mul((sec, tan)), sec),),
        RuleId.INT_CSC_COT: (_integral(Mul((csc, cot)), Neg(csc)),),
        RuleId.INT_SINH: (_integral(_f("sinh", x), _f("cosh", x)),),
        RuleId.INT_COSH: (_integral(_f("cosh", x), _f("sinh", x)),),
        RuleId.INT_ATAN: (
            _integral(Div(one, Add((Pow(a, two), Pow(x, two)))), Mul((Div(one, a), _f("atan", Div(x, a))))),
        ),
        RuleId.INT_ASIN: (
            _integral(Div(one, _f("sqrt", Add((Pow(a, two), Neg(Pow(x, two)))))), _f("asin", Div(x, a))),
        ),
        RuleId.INT_LN_ROOT: (
            _integral(
                Div(one, _f("sqrt", Add((Pow(x, two), Neg(Pow(a, two)))))),
                _f("ln", _f("abs", Add((x, _f("sqrt", Add((Pow(x, two), Neg(Pow(a, two))))))))),
            ),
        ),
        RuleId.PARTS: (Equation((Integral(u, v), Add((Mul((u, v)), Neg(Integral(v, u)))))),),
        RuleId.TRIG_POWERS: (Equation((Add((Pow(_f("sin", x), two), Pow(_f("cos", x), two))), one)),),
        RuleId.SEC_TAN_POWERS: (Equation((Add((one, Pow(tan, two))), Pow(sec, two))),),
        RuleId.COT_CSC_POWERS: (Equation((Add((one, Pow(_f("cot", x), two))), Pow(_f("csc", x), two))),),
        RuleId.HALF_ANGLE: (
            Equation((Pow(_f("sin", x), two), Div(Add((one, Neg(_f("cos", Mul((two, x)))))), two))),
            Equation((Pow(_f("cos", x), two), Div(Add((one, _f("cos", Mul((two, x))))), two))),
        ),
        RuleId.LINEAR_ARGUMENT: (
            _integral(
                _f("f", Add((Mul((a, x)), Sym("b")))),
                Mul((Div(one, a), _f("F", Add((Mul((a, x)), Sym("b")))))),
            ),
        ),
    }


@functools.cache
def _table() -> dict[RuleId, tuple[Expr, ...]]:
    out: dict[RuleId, tuple[Expr, ...]] = {}
    for f in FUNCTIONS.values():
        if f.rule is None or f.derivative is None or f.rule in out:
            continue
        try:
            out[f.rule] = (_rule(_f(f.name, x), f.derivative(x)),)
        except TypeError:  # a derivative of two arguments (log's base): written out below
            continue
    out.update(_written())
    out.update(_limits())
    return out


def _limit(body: Expr, value: Expr) -> Equation:
    return Equation((Limit(body, u, Num(0)), value))


def _limits() -> dict[RuleId, tuple[Expr, ...]]:
    """The standard limits the limit rules name (stepcalc.rules.limit), in u → 0."""
    one, two, k, c = Num(1), Num(2), Sym("k"), Sym("c")
    return {
        RuleId.LIM_SIN: (_limit(Div(_f("sin", u), u), one),),
        RuleId.LIM_TAN: (_limit(Div(_f("tan", u), u), one),),
        RuleId.LIM_LN: (_limit(Div(_f("ln", Add((one, u))), u), one),),
        RuleId.LIM_EXP: (_limit(Div(Add((Pow(E, u), Neg(one))), u), one),),
        RuleId.LIM_COS: (_limit(Div(Add((one, Neg(_f("cos", u)))), Pow(u, two)), Div(one, two)),),
        RuleId.LIM_E: (_limit(Pow(Add((one, u)), Div(one, u)), E),),
        RuleId.LIM_E_FORM: (
            Equation(
                (Pow(Add((one, u)), Sym("g")), Pow(Pow(Add((one, u)), Div(one, u)), Mul((u, Sym("g")))))
            ),
        ),
        RuleId.LIM_EXP_LOG: (
            Equation((Pow(Sym("f"), Sym("g")), Pow(E, Mul((Sym("g"), _f("ln", Sym("f"))))))),
        ),
        RuleId.LIM_RECIPROCAL_POWERS: (Equation((Limit(Div(c, Pow(x, k)), x, INF), Num(0))),),
    }


def formulas(rule: RuleId) -> tuple[Expr, ...]:
    """The formulas ``rule``'s phrase places at ``{0}``, ``{1}``…; () for a name in words."""
    return _table().get(rule, ())
