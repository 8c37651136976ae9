"""``--at x=1``: the result's exact value (fractions stay fractions, e and π stay symbols),
with a decimal beside it.  Exactness comes from substituting and tidying the AST; the
decimal from plain floating point.  No sympy.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from stepcalc.errors import StepcalcError
from stepcalc.expr import Add, Const, Div, Expr, Func, Mul, Neg, Num, Pow, Sym, Vector, map_bottom_up, walk
from stepcalc.limits import DEFAULT, Limits
from stepcalc.parse import parse, variable
from stepcalc.printing import to_text, to_unicode
from stepcalc.simplify import tidy

__all__ = ["Evaluation", "evaluate_at", "parse_point", "to_float"]


Decimal = float | None | list["Decimal"]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A value at a point: exact (an expression, or a vector/matrix of them) and decimal."""

    point: tuple[tuple[Sym, Expr], ...]
    exact: Expr
    decimal: Decimal

    def text(self, *, unicode: bool = False, lang: str = "en") -> str:
        show = to_unicode if unicode else to_text
        where = ", ".join(f"{show(s)} = {show(v)}" for s, v in self.point)
        value = show(self.exact)
        head = f"当 {where} 时：" if lang == "zh" else f"at {where}: "
        if _undefined(self.decimal):
            return head + value + ("（不是实数）" if lang == "zh" else " (undefined as a real number)")
        approx = _approx(self.decimal)
        return head + (value if approx == value else f"{value} ≈ {approx}")

    def as_dict(self) -> dict[str, object]:
        return {
            "at": {s.name: to_text(v) for s, v in self.point},
            "exact": to_text(self.exact),
            "decimal": self.decimal,
        }


def _undefined(d: Decimal) -> bool:
    return d is None or (isinstance(d, list) and any(map(_undefined, d)))


def _approx(d: Decimal) -> str:
    if isinstance(d, list):
        return "[" + ", ".join(map(_approx, d)) + "]"
    return f"{d:.10g}"


def _decimal(e: Expr) -> Decimal:
    if isinstance(e, Vector):
        return [_decimal(item) for item in e.items]
    return None if _at_a_pole(e) else to_float(e)


def parse_point(
    spec: str | Mapping[str, str | Expr] | Mapping[Sym, Expr], limits: Limits = DEFAULT
) -> dict[Sym, Expr]:
    """``"x=1, y=pi/2"``, ``{"x": "1"}`` or ``{Sym("x"): Num(1)}`` → {Sym: Expr}."""
    items: list[tuple[str | Sym, str | Expr]] = []
    if isinstance(spec, str):
        for part in spec.split(","):
            name, eq, value = part.partition("=")
            if not eq or not name.strip() or not value.strip():
                raise StepcalcError(f"--at expects name=value, not {part.strip()!r}")
            items.append((name.strip(), value.strip()))
    else:
        items = list(spec.items())
    point: dict[Sym, Expr] = {}
    for key, given in items:
        read = parse(given, limits=limits) if isinstance(given, str) else given
        point[key if isinstance(key, Sym) else variable(key)] = read
    return point


def evaluate_at(
    e: Expr, spec: str | Mapping[str, str | Expr] | Mapping[Sym, Expr], limits: Limits = DEFAULT
) -> Evaluation:
    point = parse_point(spec, limits)
    substituted = map_bottom_up(e, lambda n: point.get(n, n) if isinstance(n, Sym) else n)
    exact = tidy(substituted)
    return Evaluation(tuple(point.items()), exact, _decimal(exact))


_POLES = {"tan": "cos", "sec": "cos", "cot": "sin", "csc": "sin"}


def _at_a_pole(e: Expr) -> bool:
    """tan, sec at odd multiples of π/2 and cot, csc at multiples of π: undefined, though floats say 1e16."""
    for node in walk(e):
        pole = isinstance(node, Func) and node.name in _POLES
        if pole and tidy(Func(_POLES[node.name], node.args)) == Num(0):  # type: ignore[attr-defined]
            return True
        if isinstance(node, Div) and tidy(node.den) == Num(0):
            return True
    return False


_FUNCS: dict[str, Callable[[float], float]] = {
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "cot": lambda v: 1 / math.tan(v),
    "sec": lambda v: 1 / math.cos(v),
    "csc": lambda v: 1 / math.sin(v),
    "asin": math.asin,
    "acos": math.acos,
    "atan": math.atan,
    "acot": lambda v: math.atan(1 / v),
    "asec": lambda v: math.acos(1 / v),
    "acsc": lambda v: math.asin(1 / v),
    "sinh": math.sinh,
    "cosh": math.cosh,
    "tanh": math.tanh,
    "coth": lambda v: 1 / math.tanh(v),
    "sech": lambda v: 1 / math.cosh(v),
    "csch": lambda v: 1 / math.sinh(v),
    "asinh": math.asinh,
    "acosh": math.acosh,
    "atanh": math.atanh,
    "acoth": lambda v: math.atanh(1 / v),
    "asech": lambda v: math.acosh(1 / v),
    "acsch": lambda v: math.asinh(1 / v),
    "exp": math.exp,
    "ln": math.log,
    "sqrt": math.sqrt,
    "abs": abs,
    "sign": lambda v: float((v > 0) - (v < 0)),
    "heaviside": lambda v: float(v > 0),
    "sigma": lambda v: 1 / (1 + math.exp(-v)),
    "relu": lambda v: max(v, 0.0),
    "softplus": lambda v: math.log1p(math.exp(v)),
}


def to_float(e: Expr) -> float | None:
    """The real value of a closed expression, or None (not real, not finite, not closed)."""
    try:
        value = _value(e)
    except (ValueError, ZeroDivisionError, OverflowError, KeyError, TypeError):
        return None
    return value if math.isfinite(value) else None


def _value(e: Expr) -> float:
    match e:
        case Num(value=v):
            return float(v)
        case Const(name=name):
            return math.e if name == "e" else math.pi
        case Add(terms=ts):
            return math.fsum(_value(t) for t in ts)
        case Mul(factors=fs):
            return math.prod(_value(f) for f in fs)
        case Div(num=n, den=d):
            return _value(n) / _value(d)
        case Neg(arg=a):
            return -_value(a)
        case Pow(base=b, exp=x):
            result = _value(b) ** _value(x)
            if isinstance(result, complex):
                raise ValueError("not real")
            return float(result)
        case Func(name="log", args=(a, b)):
            return math.log(_value(a)) / math.log(_value(b))
        case Func(name=name, args=(a,)):
            return float(_FUNCS[name](_value(a)))
    raise TypeError(f"no value for {type(e).__name__}")
