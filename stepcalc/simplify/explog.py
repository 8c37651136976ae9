"""Exponential and logarithm laws."""

from __future__ import annotations

from fractions import Fraction

from stepcalc.expr import Add, Div, E, Expr, Func, Mul, Neg, Num, Pow
from stepcalc.rules.base import number, rational
from stepcalc.simplify.core import Simplifier, Unit
from stepcalc.simplify.terms import split_coefficient
from stepcalc.steps import RuleId


class LogOfOneOrE(Unit):
    """ln 1 → 0;  ln e → 1."""

    id = RuleId.EVALUATE

    def match(self, e: Expr) -> bool:
        return isinstance(e, Func) and e.name == "ln" and len(e.args) == 1

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Func)
        arg = e.args[0]
        if rational(arg) == 1:
            return Num(0)
        return Num(1) if arg == E else None


class LogOfExp(Unit):
    """ln(e^u) → u."""

    id = RuleId.EXP_LOG

    def match(self, e: Expr) -> bool:
        return isinstance(e, Func) and e.name == "ln" and len(e.args) == 1

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Func)
        arg = e.args[0]
        return arg.exp if isinstance(arg, Pow) and arg.base == E else None


class ExpOfLog(Unit):
    """e^(ln u) → u;  e^(c ln u) → u^c (for u > 0, where ln u is defined)."""

    id = RuleId.EXP_LOG

    def match(self, e: Expr) -> bool:
        return isinstance(e, Pow) and e.base == E

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Pow)
        c, rest = split_coefficient(e.exp)
        if not (isinstance(rest, Func) and rest.name == "ln" and len(rest.args) == 1):
            return None
        return rest.args[0] if c == 1 else Pow(rest.args[0], number(c))


class PowerOfItsLog(Unit):
    """b^(log_b u) → u (for u > 0, where log_b u is defined)."""

    id = RuleId.EXP_LOG

    def match(self, e: Expr) -> bool:
        return isinstance(e, Pow) and isinstance(e.exp, Func) and e.exp.name == "log" and len(e.exp.args) == 2

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Pow) and isinstance(e.exp, Func)
        u, base = e.exp.args
        return u if base == e.base else None


class LogTimesLnOfBase(Unit):
    """log_a u · ln a → ln u, and log_a u · (ln a)^k → ln u · (ln a)^(k-1): the change of base
    log_a u = ln u/ln a, where a product holds both (``x (ln 5)² log₅ x`` → ``x ln 5 ln x``)."""

    id = RuleId.EXP_LOG

    def match(self, e: Expr) -> bool:
        return isinstance(e, Mul)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Mul)
        factors = list(e.factors)
        for i, f in enumerate(factors):
            if not (isinstance(f, Func) and f.name == "log" and len(f.args) == 2):
                continue
            u, base = f.args
            for j, g in enumerate(factors):
                k = _power_of_ln(g, base)
                if k is None:
                    continue
                factors[i] = Func("ln", (u,))
                rest = (
                    Num(1)
                    if k == 1
                    else Func("ln", (base,))
                    if k == 2
                    else Pow(Func("ln", (base,)), number(k - 1))
                )
                factors[j] = rest
                kept = [h for h in factors if h != Num(1)]
                return kept[0] if len(kept) == 1 else Mul(tuple(kept))
        return None


def _power_of_ln(g: Expr, base: Expr) -> Fraction | None:
    """k when ``g`` is (ln base)^k for a whole k ≥ 1."""
    log, k = (g.base, rational(g.exp)) if isinstance(g, Pow) else (g, Fraction(1))
    if not (isinstance(log, Func) and log.name == "ln" and len(log.args) == 1 and log.args[0] == base):
        return None
    return k if k is not None and k.denominator == 1 and k >= 1 else None


class LnOverLnAsLog(Unit):
    """ln x/(x ln 2) + log₂x/x → log₂x/x + log₂x/x: ln u over ln a is written log_a u in a sum
    that has log_a u in another term, so that the two terms combine (``x^(log₂x)``)."""

    id = RuleId.EXP_LOG

    def match(self, e: Expr) -> bool:
        return isinstance(e, Add) and any(_is_log(n) for t in e.terms for n in _factors_of_term(t))

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Add)
        logs = {n.args for t in e.terms for n in _factors_of_term(t) if isinstance(n, Func) and _is_log(n)}
        terms = list(e.terms)
        for i, t in enumerate(terms):
            new = _as_log(t, logs)
            if new is not None:
                terms[i] = new
                return Add(tuple(terms))
        return None


def _is_log(n: Expr) -> bool:
    return isinstance(n, Func) and n.name == "log" and len(n.args) == 2


def _factors_of_term(t: Expr) -> list[Expr]:
    """The factors of a term, above and below its fraction bar."""
    body = t.arg if isinstance(t, Neg) else t
    out: list[Expr] = []
    for part in (body.num, body.den) if isinstance(body, Div) else (body,):
        out.extend(part.factors if isinstance(part, Mul) else (part,))
    return out


def _as_log(t: Expr, logs: set[tuple[Expr, ...]]) -> Expr | None:
    """``t`` with ln u above and ln a below written log_a u, when (u, a) is among ``logs``."""
    negative = isinstance(t, Neg)
    body = t.arg if isinstance(t, Neg) else t
    if not isinstance(body, Div):
        return None
    top = list(body.num.factors) if isinstance(body.num, Mul) else [body.num]
    bottom = list(body.den.factors) if isinstance(body.den, Mul) else [body.den]
    for i, f in enumerate(top):
        if not (isinstance(f, Func) and f.name == "ln" and len(f.args) == 1):
            continue
        for j, g in enumerate(bottom):
            if isinstance(g, Func) and g.name == "ln" and len(g.args) == 1 and (f.args[0], g.args[0]) in logs:
                top[i] = Func("log", (f.args[0], g.args[0]))
                del bottom[j]
                num = top[0] if len(top) == 1 else Mul(tuple(top))
                new = num if not bottom else Div(num, bottom[0] if len(bottom) == 1 else Mul(tuple(bottom)))
                return Neg(new) if negative else new
    return None


class PowersOfOneExponent(Unit):
    """a^w·X/b^w → (a/b)^w·X for numbers a, b > 0: powers with one exponent over each other."""

    id = RuleId.EXP_LOG

    def match(self, e: Expr) -> bool:
        return isinstance(e, Div)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Div)
        top = list(e.num.factors) if isinstance(e.num, Mul) else [e.num]
        bottom = list(e.den.factors) if isinstance(e.den, Mul) else [e.den]
        for i, f in enumerate(top):
            a = _number_power(f)
            for j, g in enumerate(bottom):
                b = _number_power(g)
                if a is not None and b is not None and a[1] == b[1]:
                    assert isinstance(f, Pow)
                    ratio = Pow(number(a[0] / b[0]), f.exp)
                    rest_top = [*top[:i], ratio, *top[i + 1 :]]
                    rest_bottom = bottom[:j] + bottom[j + 1 :]
                    numerator = rest_top[0] if len(rest_top) == 1 else Mul(tuple(rest_top))
                    if not rest_bottom:
                        return numerator
                    return Div(
                        numerator, rest_bottom[0] if len(rest_bottom) == 1 else Mul(tuple(rest_bottom))
                    )
        return None


def _number_power(f: Expr) -> tuple[Fraction, Expr] | None:
    """``a^w`` as (a, w) for a number a > 0 and an exponent w that is not a number."""
    if not isinstance(f, Pow) or rational(f.exp) is not None:
        return None
    a = rational(f.base)
    return (a, f.exp) if a is not None and a > 0 else None


class DifferenceOfLogs(Unit):
    """ln a - ln b → ln(a/b) for numbers a, b > 0 (``(5/3)^w ln(5/3)``)."""

    id = RuleId.EXP_LOG

    def match(self, e: Expr) -> bool:
        return isinstance(e, Add) and len(e.terms) == 2

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Add)
        first, second = e.terms
        a, b = _log_of_number(first), _log_of_number(second.arg) if isinstance(second, Neg) else None
        if a is None or b is None:
            return None
        return Func("ln", (number(a / b),))


def _log_of_number(t: Expr) -> Fraction | None:
    if isinstance(t, Func) and t.name == "ln" and len(t.args) == 1:
        value = rational(t.args[0])
        return value if value is not None and value > 0 else None
    return None
