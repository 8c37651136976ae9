"""The exact value of an expression at a point, or why it has none; and its decimal.

``exact_value`` is ``tidy`` with one more local rewrite at every node: the special values of
:mod:`stepcalc.special_values`, the arithmetic of square roots (√3·√3 = 3, 2/√3 = 2√3/3),
and the domain: a node without a real value stops the evaluation with ``UndefinedValue`` and
a ``Reason``.  The checks run bottom-up, before ``tidy`` folds a parent, so ``0·(1/0)`` and
``0/√(0²)`` are undefined, not 0.  No sympy; floats only tell the sign of a constant and
whether a function's argument lies outside its domain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from stepcalc.catalogue import FUNCTIONS, arguments
from stepcalc.expr import Add, Const, Div, Expr, Func, Mul, Neg, Num, Pow, free_symbols
from stepcalc.rules.base import number, rational
from stepcalc.simplify import tidy
from stepcalc.special_values import ONE_SIDED, NoValue, special_value, sqrt_of

__all__ = ["Reason", "UndefinedValue", "exact_value", "same_value", "to_float"]

_SIGN_TOLERANCE = 1e-12  # a constant this close to 0 that is not exactly 0 has no sign we trust


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a value is undefined: a phrase key (``stepcalc.phrases``) and what it names.

    ``settled`` is False when the value may well exist and stepcalc could not decide
    (``0/0``, a sign it cannot tell)."""

    key: str
    parts: tuple[Expr | Reason, ...] = ()
    settled: bool = True


class UndefinedValue(Exception):
    """Raised inside an evaluation; ``evaluate_at`` turns it into an undefined value."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason.key)
        self.reason = reason


def exact_value(e: Expr) -> Expr:
    """``e`` evaluated exactly (special values, roots, domain checks); raises ``UndefinedValue``."""
    return tidy(e, extra=_evaluate_node)


def same_value(a: Expr, b: Expr) -> bool | None:
    """Whether two exact values are equal: True when they are written alike, False when their
    decimals are clearly apart (far beyond what a double's rounding explains), None when
    neither can be told.  Decimals that agree prove nothing (√2/2 and 1/√2 agree, but so do
    two numbers 10^-20 apart), so they never make two values equal; that is the oracle's
    question, not the engine's."""
    if a == b:
        return True
    x, y = to_float(a), to_float(b)
    if x is not None and y is not None and not math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12):
        return False
    return None


def _evaluate_node(node: Expr) -> Expr | None:
    """One node, its children already evaluated: a rewrite, None, or ``UndefinedValue``."""
    if isinstance(node, Div):
        return _quotient(node)
    if isinstance(node, Mul):
        return _merge_roots(node)
    if isinstance(node, Pow):
        found = _power_of_power(node)
        if found is not None:
            return found
    special = special_value(node)
    if isinstance(special, NoValue):
        raise UndefinedValue(Reason("pole" if special is NoValue.POLE else "not_real", (node,)))
    if special is not None:
        return special
    if isinstance(node, Func) and node.name in ONE_SIDED:
        sign = _sign(node.args[0])
        if sign:
            return ONE_SIDED[node.name](node.args, sign)
    if isinstance(node, Func | Pow):
        _check_domain(node)
    return None


def _quotient(node: Div) -> Expr | None:
    """n/0 is undefined (0/0 undecided); n/(c√m) is written n√m/(cm)."""
    if node.den == Num(0):
        if node.num == Num(0):
            raise UndefinedValue(Reason("indeterminate", settled=False))
        raise UndefinedValue(Reason("division_by_zero", (node,)))
    c, m = _root_term(node.den)
    if m is None:
        return None
    root = Func("sqrt", (Num(m),))
    return Div(Mul((node.num, root)), number(c * m))


def _root_term(e: Expr) -> tuple[Fraction, int | None]:
    """``c√m`` with a number c and a whole m ≥ 2 as (c, m); otherwise (1, None)."""
    factors = e.factors if isinstance(e, Mul) else (e,)
    roots = [f for f in factors if _root_of_number(f) is not None]
    if len(roots) != 1 or any(rational(f) is None for f in factors if f is not roots[0]):
        return Fraction(1), None
    m = _root_of_number(roots[0])
    assert m is not None
    if m.denominator != 1 or m < 2:
        return Fraction(1), None
    c = math.prod((rational(f) or Fraction(1) for f in factors if f is not roots[0]), start=Fraction(1))
    return c, m.numerator


def _root_of_number(e: Expr) -> Fraction | None:
    return rational(e.args[0]) if isinstance(e, Func) and e.name == "sqrt" else None


def _merge_roots(node: Mul) -> Expr | None:
    """√a·√b = √(ab) for numbers a, b ≥ 0 (then √(ab) in normal form: √3·√3 = 3)."""
    roots = [f for f in node.factors if (_root_of_number(f) or -1) >= 0]
    if len(roots) < 2:
        return None
    product = math.prod((_root_of_number(f) or Fraction(0) for f in roots), start=Fraction(1))
    rest = [f for f in node.factors if f not in roots]
    return Mul((*rest, sqrt_of(product))) if rest else sqrt_of(product)


def _power_of_power(node: Pow) -> Expr | None:
    """Whole powers: (-u)^k = ±u^k, (√m)^k = m^⌊k/2⌋ (√m)^(k mod 2), (a/b)^(-k) = (b/a)^k."""
    k = rational(node.exp)
    if k is None or k.denominator != 1 or k == 0:
        return None
    n, base = k.numerator, node.base
    if isinstance(base, Neg):
        power = Pow(base.arg, node.exp)
        return power if n % 2 == 0 else Neg(power)
    m = _root_of_number(base)
    if m is not None and m >= 0 and abs(n) * len(str(m)) < 200:
        whole = number(m ** (n // 2))
        return Mul((whole, base)) if n % 2 else whole
    if isinstance(base, Div) and n < 0:
        return Pow(Div(base.den, base.num), number(-n))
    return None


def _sign(e: Expr) -> int:
    """The sign of a non-zero constant, 0 when unknown (not constant, or too close to 0)."""
    value = to_float(e) if not free_symbols(e) else None
    if value is None or abs(value) < _SIGN_TOLERANCE:
        return 0
    return 1 if value > 0 else -1


def _check_domain(node: Func | Pow) -> None:
    """A function of constants outside its domain (asin 2, ln(1 - π), (-2)^π) has no value."""
    if free_symbols(node):
        return
    try:
        _value(node)
    except ValueError:
        raise UndefinedValue(Reason("not_real", (node,))) from None
    except ZeroDivisionError:
        raise UndefinedValue(Reason("pole", (node,))) from None
    except (OverflowError, KeyError, TypeError):
        return  # too large for a float, or an undefined function: nothing to say


# ---------------------------------------------------------------- decimals
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
            return math.e if name == "e" else math.inf if name == "oo" else math.pi
        case Add(terms=ts):
            return math.fsum(_value(t) for t in ts)
        case Mul(factors=fs):
            return math.prod(_value(f) for f in fs)
        case Div(num=n, den=d):
            return _value(n) / _value(d)
        case Neg(arg=a):
            return -_value(a)
        case Pow(base=b, exp=x):
            return _power(_value(b), x)
        case Func(name=name, args=args) if name in FUNCTIONS:
            f = FUNCTIONS[name]
            if f.value is None:
                raise TypeError(f"no value for {name}")
            return float(f.value(*(_value(a) for a in arguments(f, args))))
    raise TypeError(f"no value for {type(e).__name__}")


def _power(base: float, exponent: Expr) -> float:
    """Odd roots of negative numbers are real ((-8)^(2/3) = 4), as stepcalc reads them."""
    k = rational(exponent)
    if base < 0 and k is not None and k.denominator % 2 == 1 and k.denominator > 1:
        magnitude = float((-base) ** float(k))
        return -magnitude if k.numerator % 2 else magnitude
    result = base ** _value(exponent)
    if isinstance(result, complex):
        raise ValueError("not real")
    return float(result)
