"""Mal-rules of the structural rules: chain, product, quotient, reciprocal, sum and constants."""

from __future__ import annotations

from stepcalc.expr import Add, Div, Expr, Mul, Neg, Num, Pow, Sym
from stepcalc.malrules.base import (
    MalRule,
    chain_form,
    is_chain,
    is_constant_multiple,
    is_natural_exponential,
    is_product_of_functions,
    is_two_factor_quotient,
)
from stepcalc.rules.base import d, depends_on, product


def _is_reciprocal_of_inner(f: Expr, x: Sym) -> bool:
    return isinstance(f, Div) and f.num == Num(1) and depends_on(f.den, x) and f.den != x


def _outer_derivative(f: Expr, x: Sym, at: Expr | None = None) -> Expr:
    """``F'(u)`` for ``f = F(u)`` (or ``F'(at)``)."""
    form = chain_form(f, x)
    assert form is not None
    outer, u = form
    return outer.derivative(u if at is None else at)


def _inner(f: Expr, x: Sym) -> Expr:
    form = chain_form(f, x)
    assert form is not None
    return form[1]


def _without_inner_derivative(f: Expr, x: Sym) -> Expr:
    if isinstance(f, Div):
        return Neg(Div(Num(1), Pow(f.den, Num(2))))  # (1/v)' = -1/v² with v' left out
    return _outer_derivative(f, x)


CHAIN_FACTOR_FORGOTTEN = MalRule(
    "chain_factor_forgotten",
    "(F(u))' = F'(u)",
    lambda f, x: is_chain(f, x) or _is_reciprocal_of_inner(f, x),
    _without_inner_derivative,
)

INNER_DIFFERENTIATED_INSIDE = MalRule(
    "inner_differentiated_inside",
    "(F(u))' = F'(u')",
    is_chain,
    lambda f, x: _outer_derivative(f, x, d(_inner(f, x), x)),
)


def _is_chain_but_exp(f: Expr, x: Sym) -> bool:
    # e^u is exp_inner_replaced_by_x's: the same slip, named as a textbook names it
    return is_chain(f, x) and not is_natural_exponential(f, x)


OUTER_DERIVATIVE_AT_X = MalRule(
    "outer_derivative_at_x",
    "(F(u))' = F'(x) · u'",
    _is_chain_but_exp,
    lambda f, x: product(_outer_derivative(f, x, x), d(_inner(f, x), x)),
)


def _factors_differentiated(f: Expr, x: Sym, which: slice) -> Expr:
    """``f``'s factors with those of its x-dependent ones picked by ``which`` differentiated."""
    assert isinstance(f, Mul)
    chosen = set([i for i, g in enumerate(f.factors) if depends_on(g, x)][which])
    return Mul(tuple(d(g, x) if i in chosen else g for i, g in enumerate(f.factors)))


PRODUCT_OF_DERIVATIVES = MalRule(
    "product_of_derivatives",
    "(u v)' = u' v'",
    is_product_of_functions,
    lambda f, x: _factors_differentiated(f, x, slice(None)),
)

PRODUCT_RULE_FIRST_TERM_ONLY = MalRule(
    "product_rule_first_term_only",
    "(u v)' = u' v",
    is_product_of_functions,
    lambda f, x: _factors_differentiated(f, x, slice(0, 1)),
)

PRODUCT_RULE_SECOND_TERM_ONLY = MalRule(
    "product_rule_second_term_only",
    "(u v)' = u v'",
    is_product_of_functions,
    lambda f, x: _factors_differentiated(f, x, slice(-1, None)),
)


def _is_product_of_two(f: Expr, x: Sym) -> bool:
    return isinstance(f, Mul) and sum(depends_on(g, x) for g in f.factors) == 2


PRODUCT_RULE_MINUS = MalRule(
    "product_rule_minus",
    "(u v)' = u' v - u v'",
    _is_product_of_two,
    lambda f, x: Add(
        (_factors_differentiated(f, x, slice(0, 1)), Neg(_factors_differentiated(f, x, slice(1, 2))))
    ),
)


def _quotient(numerator: tuple[Expr, Expr], den: Expr) -> Expr:
    return Div(Add(numerator), den)


QUOTIENT_NUMERATOR_SWAPPED = MalRule(
    "quotient_numerator_swapped",
    "(u/v)' = (u v' - u' v)/v²",
    is_two_factor_quotient,
    lambda f, x: _quotient(
        (Mul((f.num, d(f.den, x))), Neg(Mul((d(f.num, x), f.den)))),  # type: ignore[attr-defined]
        Pow(f.den, Num(2)),  # type: ignore[attr-defined]
    ),
)

QUOTIENT_RULE_PLUS = MalRule(
    "quotient_rule_plus",
    "(u/v)' = (u' v + u v')/v²",
    is_two_factor_quotient,
    lambda f, x: _quotient(
        (Mul((d(f.num, x), f.den)), Mul((f.num, d(f.den, x)))),  # type: ignore[attr-defined]
        Pow(f.den, Num(2)),  # type: ignore[attr-defined]
    ),
)

DENOMINATOR_NOT_SQUARED = MalRule(
    "denominator_not_squared",
    "(u/v)' = (u' v - u v')/v",
    is_two_factor_quotient,
    lambda f, x: _quotient(
        (Mul((d(f.num, x), f.den)), Neg(Mul((f.num, d(f.den, x))))),  # type: ignore[attr-defined]
        f.den,  # type: ignore[attr-defined]
    ),
)

QUOTIENT_OF_DERIVATIVES = MalRule(
    "quotient_of_derivatives",
    "(u/v)' = u'/v'",
    is_two_factor_quotient,
    lambda f, x: Div(d(f.num, x), d(f.den, x)),  # type: ignore[attr-defined]
)

RECIPROCAL_OF_DERIVATIVE = MalRule(
    "reciprocal_of_derivative",
    "(1/v)' = 1/v'",
    lambda f, x: isinstance(f, Div) and f.num == Num(1) and depends_on(f.den, x),
    lambda f, x: Div(Num(1), d(f.den, x)),  # type: ignore[attr-defined]
)

CONSTANT_DROPPED = MalRule(
    "constant_dropped",
    "(c u)' = u'",
    is_constant_multiple,
    lambda f, x: d(product(*(g for g in f.factors if depends_on(g, x))), x),  # type: ignore[attr-defined]
)


def _term_derivative(t: Expr, x: Sym) -> Expr:
    return Neg(d(t.arg, x)) if isinstance(t, Neg) else d(t, x)


def _has_constant_term(f: Expr, x: Sym) -> bool:
    return isinstance(f, Add) and depends_on(f, x) and any(not depends_on(t, x) for t in f.terms)


CONSTANT_TERM_KEPT = MalRule(
    "constant_term_kept",
    "(u + c)' = u' + c",
    _has_constant_term,
    lambda f, x: Add(tuple(_term_derivative(t, x) if depends_on(t, x) else t for t in f.terms)),  # type: ignore[attr-defined]
)


def _has_two_varying_terms(f: Expr, x: Sym) -> bool:
    return isinstance(f, Add) and sum(depends_on(t, x) for t in f.terms) >= 2


def _last_varying_term_dropped(f: Expr, x: Sym) -> Expr:
    """Every term differentiated but the last one that depends on x, treated as a constant."""
    assert isinstance(f, Add)
    last = max(i for i, t in enumerate(f.terms) if depends_on(t, x))
    kept = tuple(_term_derivative(t, x) for i, t in enumerate(f.terms) if i != last)
    return kept[0] if len(kept) == 1 else Add(kept)


SUM_TERM_DROPPED = MalRule(
    "sum_term_dropped",
    "(u + v)' = u'",
    _has_two_varying_terms,
    _last_varying_term_dropped,
)
