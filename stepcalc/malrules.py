"""Mal-rules: the wrong versions of rules that students apply, as data.

Each mal-rule is one small unit, like a rule: an id, its (wrong) pattern, a phrase in English
and Chinese, ``match`` and ``apply``.  ``mistaken_derivative(f, x, mal)`` differentiates ``f``
with the correct rules except where the mal-rule matches, so the checker can say which
mistake gives a student's answer (``(sin x²)' = cos x²``: the chain factor forgotten).
The mistake is applied everywhere it matches, or only at its first (outermost) match; a
student may make it consistently or once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from stepcalc.expr import Add, Deriv, Div, E, Expr, Func, Mul, Neg, Num, Pow, Sym, map_bottom_up
from stepcalc.rules.base import d, depends_on, minus_one, product
from stepcalc.rules.table import find_rule, split
from stepcalc.simplify import tidy

__all__ = ["MALRULES", "MalRule", "exact_derivative", "mistaken_derivative"]


@dataclass(frozen=True, slots=True)
class MalRule:
    """A wrong rule: ``pattern`` is what the student did; ``right`` the rule it replaces."""

    id: str
    pattern: str
    right: str
    en: str
    zh: str
    match: Callable[[Expr, Sym], bool]
    apply: Callable[[Expr, Sym], Expr]

    def phrase(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en


def _chain_form(f: Expr, x: Sym) -> bool:
    form = split(f, x)
    return form is not None and form[1] != x and depends_on(form[1], x)


def _outer_derivative(f: Expr, x: Sym, at: Expr | None = None) -> Expr:
    form = split(f, x)
    assert form is not None
    outer, u = form
    return outer.derivative(u if at is None else at)


def _is_function(name: str) -> Callable[[Expr, Sym], bool]:
    return lambda f, x: isinstance(f, Func) and f.name == name and len(f.args) == 1 and depends_on(f, x)


def _exponential(f: Expr, x: Sym) -> bool:
    return isinstance(f, Pow) and not depends_on(f.base, x) and depends_on(f.exp, x)


def _power_with_constant_exponent(f: Expr, x: Sym) -> bool:
    return isinstance(f, Pow) and depends_on(f.base, x) and not depends_on(f.exp, x)


def _constant_multiple(f: Expr, x: Sym) -> bool:
    return (
        isinstance(f, Mul)
        and any(not depends_on(g, x) and g != Num(1) for g in f.factors)
        and any(depends_on(g, x) for g in f.factors)
    )


def _two_factor_quotient(f: Expr, x: Sym) -> bool:
    return isinstance(f, Div) and depends_on(f.num, x) and depends_on(f.den, x)


def _product_of_functions(f: Expr, x: Sym) -> bool:
    return isinstance(f, Mul) and sum(depends_on(g, x) for g in f.factors) >= 2


MALRULES: tuple[MalRule, ...] = (
    MalRule(
        "ln_without_inner_derivative",
        "(ln u)' = 1/u",
        "(ln u)' = u'/u",
        "(ln u)' = u'/u: the derivative of the inside is missing from the numerator",
        "(ln u)' = u'/u：分子漏了内层函数的导数",
        lambda f, x: _is_function("ln")(f, x) and f.args[0] != x,  # type: ignore[attr-defined]
        lambda f, x: Div(Num(1), f.args[0]),  # type: ignore[attr-defined]
    ),
    MalRule(
        "chain_factor_forgotten",
        "(F(u))' = F'(u)",
        "(F(u))' = F'(u) · u'",
        "the chain rule's factor u' (the derivative of the inner function) is missing",
        "链式法则中漏乘了内层函数的导数 u'",
        _chain_form,
        lambda f, x: _outer_derivative(f, x),
    ),
    MalRule(
        "inner_differentiated_inside",
        "(F(u))' = F'(u')",
        "(F(u))' = F'(u) · u'",
        "the inner function was differentiated inside the argument instead of multiplying by u'",
        "把内层函数的导数写进了函数的自变量里，而不是乘以 u'",
        _chain_form,
        lambda f, x: _outer_derivative(f, x, d(split(f, x)[1], x)),  # type: ignore[index]
    ),
    MalRule(
        "product_of_derivatives",
        "(u v)' = u' v'",
        "(u v)' = u' v + u v'",
        "the product rule is (uv)' = u'v + uv', not u'v'",
        "乘法法则是 (uv)' = u'v + uv'，而不是 u'v'",
        _product_of_functions,
        lambda f, x: Mul(tuple(d(g, x) if depends_on(g, x) else g for g in f.factors)),  # type: ignore[attr-defined]
    ),
    MalRule(
        "quotient_numerator_swapped",
        "(u/v)' = (u v' - u' v)/v²",
        "(u/v)' = (u' v - u v')/v²",
        "the two terms of the quotient rule's numerator are swapped: it is u'v - uv'",
        "除法法则分子的两项顺序颠倒了：应为 u'v - uv'",
        _two_factor_quotient,
        lambda f, x: Div(
            Add((Mul((f.num, d(f.den, x))), Neg(Mul((d(f.num, x), f.den))))),  # type: ignore[attr-defined]
            Pow(f.den, Num(2)),  # type: ignore[attr-defined]
        ),
    ),
    MalRule(
        "denominator_not_squared",
        "(u/v)' = (u' v - u v')/v",
        "(u/v)' = (u' v - u v')/v²",
        "the quotient rule's denominator is v², not v",
        "除法法则的分母应为 v²，而不是 v",
        _two_factor_quotient,
        lambda f, x: Div(
            Add((Mul((d(f.num, x), f.den)), Neg(Mul((f.num, d(f.den, x)))))),  # type: ignore[attr-defined]
            f.den,  # type: ignore[attr-defined]
        ),
    ),
    MalRule(
        "quotient_of_derivatives",
        "(u/v)' = u'/v'",
        "(u/v)' = (u' v - u v')/v²",
        "the derivative of a quotient is not the quotient of the derivatives",
        "商的导数不等于导数的商",
        _two_factor_quotient,
        lambda f, x: Div(d(f.num, x), d(f.den, x)),  # type: ignore[attr-defined]
    ),
    MalRule(
        "power_rule_on_exponential",
        "(a^u)' = u a^(u-1) u'",
        "(a^u)' = a^u ln a · u'  ((e^u)' = e^u · u')",
        "the power rule was applied to an exponential: the variable is in the exponent",
        "对指数函数误用了幂法则：变量在指数上",
        _exponential,
        lambda f, x: product(f.exp, Pow(f.base, minus_one(f.exp)), d(f.exp, x)),  # type: ignore[attr-defined]
    ),
    MalRule(
        "exponent_not_lowered",
        "(u^n)' = n u^n u'",
        "(u^n)' = n u^(n-1) u'",
        "the power rule lowers the exponent by one: (x^n)' = n x^(n-1)",
        "幂法则要把指数减一：(x^n)' = n x^(n-1)",
        _power_with_constant_exponent,
        lambda f, x: product(f.exp, f, d(f.base, x)),  # type: ignore[attr-defined]
    ),
    MalRule(
        "ln_over_ln",
        "(ln u)' = u'/ln u",
        "(ln u)' = u'/u",
        "(ln u)' = u'/u: the denominator is u itself, not ln u",
        "(ln u)' = u'/u：分母是 u 本身，而不是 ln u",
        _is_function("ln"),
        lambda f, x: Div(d(f.args[0], x), f),  # type: ignore[attr-defined]
    ),
    MalRule(
        "cos_sign",
        "(cos u)' = sin u · u'",
        "(cos u)' = -sin u · u'",
        "(cos x)' = -sin x: the minus sign is missing",
        "(cos x)' = -sin x：漏了负号",
        _is_function("cos"),
        lambda f, x: product(Func("sin", f.args), d(f.args[0], x)),  # type: ignore[attr-defined]
    ),
    MalRule(
        "sin_sign",
        "(sin u)' = -cos u · u'",
        "(sin u)' = cos u · u'",
        "(sin x)' = cos x, with no minus sign",
        "(sin x)' = cos x，没有负号",
        _is_function("sin"),
        lambda f, x: Neg(product(Func("cos", f.args), d(f.args[0], x))),  # type: ignore[attr-defined]
    ),
    MalRule(
        "constant_dropped",
        "(c u)' = u'",
        "(c u)' = c u'",
        "a constant factor was dropped: (c u)' = c u'",
        "常数因子被丢掉了：(c u)' = c u'",
        _constant_multiple,
        lambda f, x: d(product(*(g for g in f.factors if depends_on(g, x))), x),  # type: ignore[attr-defined]
    ),
    MalRule(
        "exp_derivative_times_exponent",
        "(e^x)' = x e^x",
        "(e^x)' = e^x",
        "(e^x)' = e^x: the exponent does not come down as a factor",
        "(e^x)' = e^x：指数不会作为因子乘下来",
        lambda f, x: isinstance(f, Pow) and f.base == E and depends_on(f.exp, x),
        lambda f, x: product(f.exp, f, d(f.exp, x)),  # type: ignore[attr-defined]
    ),
)

BY_ID = {m.id: m for m in MALRULES}


class _Stuck(Exception):
    pass


def exact_derivative(f: Expr, x: Sym, *, budget: int = 2000) -> Expr | None:
    """``f'`` by the correct rules, all at once and tidied (the line after a line of holes)."""
    return _derivative(f, x, None, once=False, budget=budget)


def mistaken_derivative(
    f: Expr, x: Sym, mal: MalRule, *, once: bool = False, budget: int = 2000
) -> Expr | None:
    """``f'`` with the mal-rule used where it matches (only the first time when ``once``);
    None when the mal-rule never applies or the rules run out."""
    return _derivative(f, x, mal, once=once, budget=budget)


def _derivative(f: Expr, x: Sym, mal: MalRule | None, *, once: bool, budget: int) -> Expr | None:
    used = [False]
    steps = [0]

    def go(g: Expr, v: Sym) -> Expr:
        steps[0] += 1
        if steps[0] > budget:
            raise _Stuck
        if mal is not None and mal.match(g, v) and not (once and used[0]):
            used[0] = True
            result = mal.apply(g, v)
        else:
            rule = find_rule(g, v)
            if rule is None:
                raise _Stuck
            result = rule.apply(g, v)
        return map_bottom_up(result, lambda n: go(n.expr, n.var or v) if isinstance(n, Deriv) else n)

    try:
        out = go(f, x)
    except (_Stuck, RecursionError):
        return None
    if mal is not None and not used[0]:
        return None
    return tidy(out)
