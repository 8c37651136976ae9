"""The catalogue of functions: one entry per function, and every part of stepcalc that names
a function reads it here.

An entry says how the function is written (its canonical name in the AST and the other names
people type), how many arguments it takes, its derivative rule (id, pattern and ``F'(u)``),
its value as a float, its form for the sympy oracle, how the oracle's ball arithmetic computes
it, how the printers show it (Unicode, LaTeX, MathML), its parity, its special values and the
few facts other modules need (how big its values get, where its formula changes).

The sympy form is data, never sympy itself: a sympy function's name (``"sin"``, ``"Abs"``), or
an expression over the placeholders ``U`` (the argument) and ``A`` (the second argument)
written with catalogue functions and sympy's own ``Max``, ``Min`` (``relu(u)`` is
``Max(0, u)``).  The oracle (``stepcalc.oracle.convert``) builds sympy from it.

Adding a function: one entry here, a ``RuleId`` and its phrases (``stepcalc.phrases``), the
grammar's name lists (``python3 -m stepcalc.syntax.patterns`` prints them; a test checks them)
and a test (tests/test_catalogue.py).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Any, NamedTuple

from stepcalc.expr import PI, Add, Div, E, Expr, Func, Mul, Neg, Num, Pow, Sym
from stepcalc.steps import RuleId

__all__ = ["CATALOGUE", "FUNCTIONS", "SPELLINGS", "Function", "NoValue", "Spelling", "arguments", "lookup"]


class NoValue(enum.Enum):
    """The function has no real value at this argument."""

    POLE = "pole"  # tan(π/2), coth 0, ln 0, 0^(-1): the values grow without bound nearby
    NOT_REAL = "not real"  # √-1, (-8)^(1/4): no real number


POLE = NoValue.POLE
U, A = Sym("_u"), Sym("_a")  # the placeholders of sympy forms: the argument, the second argument


class Function(NamedTuple):
    """One function.  ``name`` is its name in the AST; everything else is optional.  (A named
    tuple rather than a dataclass: forty entries of thirty fields load faster.)"""

    name: str
    rule: RuleId | None = None  # the derivative rule (also the key of its phrase)
    pattern: str = ""  # the rule as a textbook prints it: (sin u)' = cos u · u'
    derivative: Callable[..., Expr] | None = None  # F'(u), given u and the other arguments
    value: Callable[..., float] | None = None  # the float value (math.sin)
    sympy: str | Expr = ""  # a sympy function's name, or an expression over U and A
    arb: str = ""  # stepcalc.oracle.arb: a method of arb ("sin"), of 1/u ("1/atan"), or its own op
    spellings: tuple[str, ...] = ()  # other names people type (arcsin, tg, √)
    shown: str = ""  # its name in Unicode text and MathML when not ``name`` (arcsin, σ)
    latex: str = ""  # its LaTeX head when not \operatorname{shown}: \sin
    mathml: str = ""  # its name in MathML when not ``shown`` (sgn)
    arity: tuple[int, int] = (1, 1)  # fewest and most arguments
    defaults: tuple[Expr, ...] = ()  # the values of optional trailing arguments
    parity: str = ""  # "odd" (f(-x) = -f(x)), "even" (f(-x) = f(x)) or ""
    special: str = ""  # a family of special values in stepcalc.special_values (trig, exp, ln …)
    at_points: Mapping[Fraction, Expr | NoValue] = MappingProxyType({})  # f(q) for rational q
    growth: str = ""  # how big its values get (stepcalc.limits.GROWTH): bounded, same, log …
    edges: tuple[int, ...] = ()  # where the domain or the formula may change: u = c for each c
    bare: bool = False  # printed without brackets for a simple argument (sin 2x)
    bare_typeset: bool = False  # … in LaTeX and MathML only (\arcsin x)
    power_prefix: bool = False  # (sin x)^2 printed sin^2 x
    inverse: str = ""  # what sin^-1 means: asin
    rank: int | None = None  # textbook order of trigonometric factors: sin x cos x, sec x tan x
    definition: Callable[[Expr], Expr] | None = None  # worked from this when asked for F(x) itself
    sided: Callable[[tuple[Expr, ...], int], Expr] | None = None  # its form where u has the sign s
    note: str = ""  # where the derivative rule does not hold
    kept: bool = False  # the oracle can keep it unevaluated (sympy takes evaluate=False)


class Spelling(NamedTuple):
    """A written name: the function it names, fixed trailing arguments (``log10`` is log with
    base 10) and whether reading it deserves a note (``Sin`` read as sin)."""

    function: Function
    fixed: tuple[Expr, ...] = ()
    noted: bool = False


def _f(name: str, *args: Expr) -> Expr:
    return Func(name, args)


def _sq(e: Expr) -> Expr:
    return Pow(e, Num(2))


def _times(*factors: Expr) -> Expr:
    """A product without a leading 1 (as the rules write it)."""
    kept = [f for f in factors if f != Num(1)] or [Num(1)]
    return kept[0] if len(kept) == 1 else Mul(tuple(kept))


def _over(e: Expr) -> Expr:
    return Div(Num(1), e)


def _minus_over(e: Expr) -> Expr:
    return Neg(Div(Num(1), e))


def _one_minus_sq(u: Expr) -> Expr:
    return Add((Num(1), Neg(_sq(u))))


def _sq_minus_one(u: Expr) -> Expr:
    return Add((_sq(u), Neg(Num(1))))


def _reciprocal(fn: Callable[[float], float]) -> Callable[[float], float]:
    return lambda v: 1 / fn(v)


def _of_reciprocal(fn: Callable[[float], float]) -> Callable[[float], float]:
    return lambda v: fn(1 / v)


def _logistic(v: float) -> float:
    return 1 / (1 + math.exp(-v))


def _step(v: float) -> float:
    return float(v > 0)


def _sign(v: float) -> float:
    return float((v > 0) - (v < 0))


def _one_plus_erf(u: Expr) -> Expr:
    """1 + erf(u/√2): twice the normal distribution function Φ(u)."""
    return Add((Num(1), _f("erf", Div(u, _f("sqrt", Num(2))))))


def _gelu_slope(u: Expr) -> Expr:
    """gelu'(u) = Φ(u) + u φ(u) = (1 + erf(u/√2))/2 + u e^(-u²/2)/√(2π)."""
    density = Div(Mul((u, Pow(E, Neg(Div(_sq(u), Num(2)))))), _f("sqrt", Mul((Num(2), PI))))
    return Add((Div(_one_plus_erf(u), Num(2)), density))


_UNIT, _EDGE = (1, -1), (0,)  # edges: where u = ±1 (arcsin's domain), where u = 0 (ln, |u|)
_SLOPE = Num(Fraction(1, 100), decimal=True)  # leaky_relu's slope when none is written: 0.01


def _trig(name: str, rule: RuleId, pattern: str, d: Callable[[Expr], Expr], **more: Any) -> Function:
    """A trigonometric or hyperbolic function: written bare (sin 2x), with powers (sin^2 x)."""
    return Function(name, rule, pattern, d, sympy=name, arb=name, bare=True, power_prefix=True,
                    inverse="a" + name, **more)  # fmt: skip


def _arc(
    name: str, rule: RuleId, pattern: str, d: Callable[[Expr], Expr], *extra: str, **more: Any
) -> Function:
    """An inverse function, shown arcsin (circular) or arsinh (hyperbolic, also typed arcsinh)."""
    shown = ("ar" if name.endswith("h") else "arc") + name[1:]
    spellings = (shown, "arc" + name[1:]) if name.endswith("h") else (shown,)
    more.setdefault("arb", name)
    return Function(name, rule, pattern, d, sympy=name, spellings=spellings + extra, shown=shown, **more)


_Q0, _Q1 = Fraction(0), Fraction(1)
_ZERO_AT_ZERO = {_Q0: Num(0)}

CATALOGUE: tuple[Function, ...] = (
    # ---------------------------------------------------------------- trigonometric
    _trig("sin", RuleId.SIN, "(sin u)' = cos u · u'", lambda u: _f("cos", u), value=math.sin,
          latex="\\sin", parity="odd", special="trig", at_points=_ZERO_AT_ZERO, growth="bounded",
          rank=0, kept=True),
    _trig("cos", RuleId.COS, "(cos u)' = -sin u · u'", lambda u: Neg(_f("sin", u)), value=math.cos,
          latex="\\cos", parity="even", special="trig", at_points={_Q0: Num(1)}, growth="bounded",
          rank=2, kept=True),
    _trig("tan", RuleId.TAN, "(tan u)' = sec²u · u'", lambda u: _sq(_f("sec", u)), value=math.tan,
          spellings=("tg",), latex="\\tan", parity="odd", special="trig", at_points=_ZERO_AT_ZERO,
          rank=8, kept=True),
    _trig("cot", RuleId.COT, "(cot u)' = -csc²u · u'", lambda u: Neg(_sq(_f("csc", u))),
          value=_reciprocal(math.tan), spellings=("ctg", "cotg"), latex="\\cot", parity="odd",
          special="trig", rank=10),
    _trig("sec", RuleId.SEC, "(sec u)' = sec u tan u · u'", lambda u: _times(_f("sec", u), _f("tan", u)),
          value=_reciprocal(math.cos), latex="\\sec", parity="even", special="trig", rank=4),
    _trig("csc", RuleId.CSC, "(csc u)' = -csc u cot u · u'",
          lambda u: Neg(_times(_f("csc", u), _f("cot", u))), value=_reciprocal(math.sin),
          spellings=("cosec",), latex="\\csc", parity="odd", special="trig", rank=6),
    # ---------------------------------------------------------------- inverse trigonometric
    _arc("asin", RuleId.ASIN, "(arcsin u)' = u'/√(1 - u²)", lambda u: _over(_f("sqrt", _one_minus_sq(u))),
         value=math.asin, latex="\\arcsin", bare_typeset=True, parity="odd", special="asin",
         at_points=_ZERO_AT_ZERO, growth="bounded", edges=_UNIT),
    _arc("acos", RuleId.ACOS, "(arccos u)' = -u'/√(1 - u²)",
         lambda u: _minus_over(_f("sqrt", _one_minus_sq(u))), value=math.acos, latex="\\arccos",
         bare_typeset=True, special="acos", growth="bounded", edges=_UNIT),
    _arc("atan", RuleId.ATAN, "(arctan u)' = u'/(1 + u²)", lambda u: _over(Add((Num(1), _sq(u)))),
         "arctg", value=math.atan, latex="\\arctan", bare_typeset=True, parity="odd", special="atan",
         at_points=_ZERO_AT_ZERO, growth="bounded"),
    _arc("acot", RuleId.ACOT, "(arccot u)' = -u'/(1 + u²)", lambda u: _minus_over(Add((Num(1), _sq(u)))),
         "arcctg", value=_of_reciprocal(math.atan), arb="1/atan", parity="odd", growth="bounded"),
    _arc("asec", RuleId.ASEC, "(arcsec u)' = u'/(|u| √(u² - 1))",
         lambda u: _over(_times(_f("abs", u), _f("sqrt", _sq_minus_one(u)))),
         value=_of_reciprocal(math.acos), arb="1/acos", growth="bounded", edges=_UNIT),
    _arc("acsc", RuleId.ACSC, "(arccsc u)' = -u'/(|u| √(u² - 1))",
         lambda u: _minus_over(_times(_f("abs", u), _f("sqrt", _sq_minus_one(u)))), "arccosec",
         value=_of_reciprocal(math.asin), arb="1/asin", parity="odd", growth="bounded", edges=_UNIT),
    # ---------------------------------------------------------------- hyperbolic
    _trig("sinh", RuleId.SINH, "(sinh u)' = cosh u · u'", lambda u: _f("cosh", u), value=math.sinh,
          latex="\\sinh", parity="odd", at_points=_ZERO_AT_ZERO, growth="growing", rank=1),
    _trig("cosh", RuleId.COSH, "(cosh u)' = sinh u · u'", lambda u: _f("sinh", u), value=math.cosh,
          latex="\\cosh", parity="even", at_points={_Q0: Num(1)}, growth="growing", rank=3),
    _trig("tanh", RuleId.TANH, "(tanh u)' = sech²u · u'", lambda u: _sq(_f("sech", u)), value=math.tanh,
          latex="\\tanh", parity="odd", at_points=_ZERO_AT_ZERO, growth="bounded", rank=9),
    _trig("coth", RuleId.COTH, "(coth u)' = -csch²u · u'", lambda u: Neg(_sq(_f("csch", u))),
          value=_reciprocal(math.tanh), latex="\\coth", parity="odd", at_points={_Q0: POLE}, rank=11),
    _trig("sech", RuleId.SECH, "(sech u)' = -sech u tanh u · u'",
          lambda u: Neg(_times(_f("sech", u), _f("tanh", u))), value=_reciprocal(math.cosh),
          parity="even", at_points={_Q0: Num(1)}, growth="bounded", rank=5),
    _trig("csch", RuleId.CSCH, "(csch u)' = -csch u coth u · u'",
          lambda u: Neg(_times(_f("csch", u), _f("coth", u))), value=_reciprocal(math.sinh),
          spellings=("cosech",), parity="odd", at_points={_Q0: POLE}, rank=7),
    # ---------------------------------------------------------------- inverse hyperbolic
    _arc("asinh", RuleId.ASINH, "(arsinh u)' = u'/√(u² + 1)",
         lambda u: _over(_f("sqrt", Add((_sq(u), Num(1))))), value=math.asinh, parity="odd",
         at_points=_ZERO_AT_ZERO, growth="log"),
    _arc("acosh", RuleId.ACOSH, "(arcosh u)' = u'/√(u² - 1)", lambda u: _over(_f("sqrt", _sq_minus_one(u))),
         value=math.acosh, at_points={_Q1: Num(0)}, growth="log", edges=(1,)),
    _arc("atanh", RuleId.ATANH, "(artanh u)' = u'/(1 - u²)", lambda u: _over(_one_minus_sq(u)),
         value=math.atanh, parity="odd", at_points={_Q0: Num(0), _Q1: POLE, -_Q1: POLE}, edges=_UNIT),
    _arc("acoth", RuleId.ACOTH, "(arcoth u)' = u'/(1 - u²)", lambda u: _over(_one_minus_sq(u)),
         value=_of_reciprocal(math.atanh), arb="1/atanh", parity="odd", edges=_UNIT),
    _arc("asech", RuleId.ASECH, "(arsech u)' = -u'/(u √(1 - u²))",
         lambda u: _minus_over(_times(u, _f("sqrt", _one_minus_sq(u)))), value=_of_reciprocal(math.acosh),
         arb="1/acosh"),
    _arc("acsch", RuleId.ACSCH, "(arcsch u)' = -u'/(|u| √(1 + u²))",
         lambda u: _minus_over(_times(_f("abs", u), _f("sqrt", Add((Num(1), _sq(u)))))),
         value=_of_reciprocal(math.asinh), arb="1/asinh", parity="odd"),
    # ---------------------------------------------------------------- exponentials, logarithms, roots
    Function("exp", RuleId.EXP, "(exp u)' = exp u · u'", lambda u: _f("exp", u), math.exp, "exp", "exp",
             latex="\\exp", special="exp", at_points={_Q0: Num(1)}, growth="growing", kept=True),
    Function("ln", RuleId.LN, "(ln u)' = u'/u", _over, math.log, "log", "log", latex="\\ln", bare=True,
             special="ln", growth="log", edges=_EDGE, kept=True),
    Function("log", RuleId.LOG_BASE, "(log_a u)' = u'/(u ln a)",
             lambda u, base: Div(Num(1), _times(u, _f("ln", base))), lambda v, b: math.log(v) / math.log(b),
             "log", "log", spellings=("log10", "lg", "log2", "lb"), latex="\\log", bare=True, arity=(2, 2),
             special="log", growth="log", edges=_EDGE),
    Function("sqrt", RuleId.SQRT, "(√u)' = u'/(2√u)", lambda u: _over(Mul((Num(2), _f("sqrt", u)))),
             math.sqrt, "sqrt", "sqrt", spellings=("√",), shown="√", latex="\\sqrt", special="sqrt",
             growth="square_root", kept=True),
    Function("cbrt", RuleId.CBRT, "(∛u)' = u'/(3∛(u²))", lambda u: _over(Mul((Num(3), _f("cbrt", _sq(u))))),
             math.cbrt, Mul((_f("sign", U), Pow(_f("abs", U), Div(Num(1), Num(3))))), spellings=("∛",),
             shown="∛", latex="\\sqrt[3]", parity="odd", special="cbrt", growth="cube_root",
             note="∛u has a vertical tangent where u = 0: no derivative there"),
    Function("erf", RuleId.ERF, "(erf u)' = 2e^(-u²)/√π · u'",
             lambda u: Div(Mul((Num(2), Pow(E, Neg(_sq(u))))), _f("sqrt", PI)), math.erf, "erf", "erf",
             parity="odd", at_points=_ZERO_AT_ZERO, growth="bounded"),
    # ---------------------------------------------------------------- absolute value and steps
    Function("abs", RuleId.ABS, "|u|' = sign(u) · u'", lambda u: _f("sign", u), abs, "Abs", "__abs__",
             parity="even", growth="same", edges=_EDGE, sided=lambda a, s: a[0] if s > 0 else Neg(a[0]),
             note="|u| is not differentiable where u = 0; there every a in [-1, 1] is a subderivative",
             kept=True),
    Function("sign", RuleId.SIGN, "(sign u)' = 0 (u ≠ 0)", lambda u: Num(0), _sign, "sign", "sgn",
             spellings=("sgn", "signum"), latex="\\operatorname{sgn}", mathml="sgn", parity="odd",
             at_points=_ZERO_AT_ZERO, growth="bounded", edges=_EDGE,
             sided=lambda a, s: Num(1) if s > 0 else Neg(Num(1)), note="sign u jumps where u = 0"),
    Function("heaviside", RuleId.SIGN, "H(u)' = 0 (u ≠ 0)", lambda u: Num(0), _step, "Heaviside", "heaviside",
             growth="bounded", edges=_EDGE, sided=lambda a, s: Num(1 if s > 0 else 0),
             note="H jumps where u = 0"),
    # ---------------------------------------------------------------- machine learning
    Function("sigma", RuleId.SIGMOID, "σ(u)' = σ(u)(1 - σ(u)) · u'",
             lambda u: _times(_f("sigma", u), Add((Num(1), Neg(_f("sigma", u))))), _logistic,
             Div(Num(1), Add((Num(1), _f("exp", Neg(U))))), spellings=("σ", "sigmoid"), shown="σ",
             latex="\\sigma", at_points={_Q0: Div(Num(1), Num(2))}, growth="bounded",
             definition=lambda u: Div(Num(1), Add((Num(1), Pow(E, Neg(u)))))),
    Function("relu", RuleId.RELU, "relu(u)' = H(u) · u' (1 for u > 0, 0 for u < 0)",
             lambda u: _f("heaviside", u), lambda v: max(v, 0.0), _f("Max", Num(0), U), spellings=("ReLU",),
             at_points=_ZERO_AT_ZERO, growth="same", sided=lambda a, s: a[0] if s > 0 else Num(0),
             note="relu is not differentiable at 0; there every a in [0, 1] is a subderivative"),
    Function("softplus", RuleId.SOFTPLUS, "softplus(u)' = σ(u) · u'", lambda u: _f("sigma", u),
             lambda v: math.log1p(math.exp(v)), _f("ln", Add((Num(1), _f("exp", U)))), growth="same_plus"),
    Function("gelu", RuleId.GELU, "gelu(u)' = (1 + erf(u/√2))/2 + u e^(-u²/2)/√(2π) · u'", _gelu_slope,
             lambda v: v * (1 + math.erf(v / math.sqrt(2))) / 2, Div(Mul((U, _one_plus_erf(U))), Num(2)),
             spellings=("GELU",), at_points=_ZERO_AT_ZERO, growth="same"),
    Function("silu", RuleId.SILU, "silu(u)' = σ(u) + u σ(u)(1 - σ(u)) · u'",
             lambda u: Add((_f("sigma", u), _times(u, _f("sigma", u), Add((Num(1), Neg(_f("sigma", u))))))),
             lambda v: v * _logistic(v), Mul((U, _f("sigma", U))), spellings=("swish", "SiLU"),
             at_points=_ZERO_AT_ZERO, growth="same", definition=lambda u: Mul((u, _f("sigma", u)))),
    Function("elu", RuleId.ELU, "elu(u, α)' = H(u) + α e^u H(-u) · u'",
             lambda u, a: Add((_f("heaviside", u), _times(a, Pow(E, u), _f("heaviside", Neg(u))))),
             lambda v, a: v if v > 0 else a * math.expm1(v),
             Add((_f("Max", Num(0), U), Mul((A, Add((_f("exp", _f("Min", Num(0), U)), Neg(Num(1)))))))),
             spellings=("ELU",), arity=(1, 2), defaults=(Num(1),), at_points=_ZERO_AT_ZERO, growth="same",
             sided=lambda a, s: a[0] if s > 0 else _times(a[1], Add((Pow(E, a[0]), Neg(Num(1))))),
             note="elu(u, α) with α ≠ 1 is not differentiable where u = 0"),
    Function("leaky_relu", RuleId.LEAKY_RELU, "leaky_relu(u, a)' = H(u) + a H(-u) · u'",
             lambda u, a: Add((_f("heaviside", u), _times(a, _f("heaviside", Neg(u))))),
             lambda v, a: v if v > 0 else a * v, Add((_f("Max", Num(0), U), Mul((A, _f("Min", Num(0), U))))),
             spellings=("LeakyReLU", "leakyrelu"), arity=(1, 2), defaults=(_SLOPE,), at_points=_ZERO_AT_ZERO,
             growth="product", sided=lambda a, s: a[0] if s > 0 else _times(a[1], a[0]),
             note="leaky_relu(u, a) with a ≠ 1 is not differentiable where u = 0"),
    Function("softsign", RuleId.SOFTSIGN, "softsign(u)' = u'/(1 + |u|)²",
             lambda u: _over(_sq(Add((Num(1), _f("abs", u))))), lambda v: v / (1 + abs(v)),
             Div(U, Add((Num(1), _f("abs", U)))), parity="odd", at_points=_ZERO_AT_ZERO, growth="bounded"),
    # ---------------------------------------------------------------- vectors
    Function("dot", value=lambda a, b: a * b, sympy=Mul((U, A)), arity=(2, 2), growth="product"),
)  # fmt: skip

FUNCTIONS: dict[str, Function] = {f.name: f for f in CATALOGUE}


def _spellings() -> dict[str, Spelling]:
    out: dict[str, Spelling] = {}
    fixed = {"log10": (Num(10),), "lg": (Num(10),), "log2": (Num(2),), "lb": (Num(2),)}
    for f in CATALOGUE:
        for written in (f.name, *f.spellings):
            out.setdefault(written, Spelling(f, fixed.get(written, ())))
    out["log"] = Spelling(FUNCTIONS["ln"])  # log x is ln x; log(x, b) has a base (stepcalc.syntax)
    return out


SPELLINGS: dict[str, Spelling] = _spellings()


def lookup(written: str) -> Spelling | None:
    """The spelling ``written`` (``arcsin``, ``log10``), or None.  Names are read whatever their
    case (``Sin``, ``LN``, ``ArcTan``), with a note, except the spellings listed as they are
    (``ReLU``, ``GELU``)."""
    found = SPELLINGS.get(written)
    if found is not None:
        return found
    found = SPELLINGS.get(written.lower())
    return None if found is None else Spelling(found.function, found.fixed, noted=True)


def arguments(f: Function, args: tuple[Expr, ...]) -> tuple[Expr, ...]:
    """``args`` with the defaults of the optional arguments not written (leaky_relu's slope)."""
    missing = f.arity[1] - len(args)
    return args + f.defaults[len(f.defaults) - missing :] if missing > 0 else args
