"""The derivative hole ``Deriv(f, x)``: its rules, one small class each, their order, and the
hole kind the engine fills them by.

Each rule rewrites ``(f)'`` with respect to ``x`` into an expression that may contain new
holes; ``stepcalc.rules.base`` has the interface.  ``DERIVATIVE`` is the kind with the table
``RULES``; ``DerivativeKind(rules)`` is the same kind with another table (the checker puts a
mal-rule in front of the correct ones).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from stepcalc.engine import Found, HoleKind, Kind, holes
from stepcalc.errors import StepcalcError, UnsupportedError
from stepcalc.expr import Add, Deriv, Div, E, Expr, Func, Mul, Neg, Num, Pow, Sym
from stepcalc.rules.base import Rule, d, depends_on, number, product, rational
from stepcalc.rules.functions import Outer, exp_base_form, outer_form
from stepcalc.simplify import fold_numbers
from stepcalc.steps import RuleId


def split(f: Expr, x: Sym) -> tuple[Outer, Expr] | None:
    """``f`` as ``F(u)`` where everything but ``u`` is constant in ``x``, or None."""
    if isinstance(f, Pow) and f.base != E:
        if not depends_on(f.exp, x):
            return outer_form(f)  # u^c: the power rule
        if not depends_on(f.base, x):
            return exp_base_form(f)  # a^u
        return None  # f^g: logarithmic differentiation
    form = outer_form(f)
    if form is None:
        return None
    outer, u = form
    if isinstance(f, Func) and any(depends_on(a, x) for a in f.args[1:]):
        return None  # log base depends on x
    return outer, u


class ConstantRule(Rule):
    """(c)' = 0 when c does not depend on x."""

    id, kind = RuleId.CONSTANT, Kind.LEAF

    def match(self, f: Expr, x: Sym) -> bool:
        return not depends_on(f, x)

    def apply(self, f: Expr, x: Sym) -> Expr:
        return Num(0)


class IdentityRule(Rule):
    """(x)' = 1."""

    id, kind = RuleId.IDENTITY, Kind.LEAF

    def match(self, f: Expr, x: Sym) -> bool:
        return f == x

    def apply(self, f: Expr, x: Sym) -> Expr:
        return Num(1)


class SumRule(Rule):
    """(u + v)' = u' + v';  (u - v)' = u' - v'."""

    id, kind = RuleId.SUM, Kind.LINEAR

    def match(self, f: Expr, x: Sym) -> bool:
        return isinstance(f, Add)

    def apply(self, f: Expr, x: Sym) -> Expr:
        assert isinstance(f, Add)
        return Add(tuple(Neg(d(t.arg, x)) if isinstance(t, Neg) else d(t, x) for t in f.terms))

    def rule_ids(self, f: Expr, x: Sym) -> tuple[RuleId, ...]:
        assert isinstance(f, Add)
        return (RuleId.DIFFERENCE if any(isinstance(t, Neg) for t in f.terms) else RuleId.SUM,)


class ConstantMultipleRule(Rule):
    """(c u)' = c u';  (-u)' = -u';  (u/c)' = u'/c;  (c/v)' = c (1/v)'."""

    id, kind = RuleId.CONSTANT_MULTIPLE, Kind.LINEAR

    def match(self, f: Expr, x: Sym) -> bool:
        if isinstance(f, Neg):
            return True
        if isinstance(f, Mul):
            return any(not depends_on(g, x) for g in f.factors)
        if isinstance(f, Div):
            if not depends_on(f.den, x):
                return True
            return not depends_on(f.num, x) and f.num != Num(1)
        return False

    def apply(self, f: Expr, x: Sym) -> Expr:
        if isinstance(f, Neg):
            return Neg(d(f.arg, x))
        if isinstance(f, Div):
            if not depends_on(f.den, x):
                return Div(d(f.num, x), f.den)
            return product(f.num, d(Div(Num(1), f.den), x))
        assert isinstance(f, Mul)
        constants = [g for g in f.factors if not depends_on(g, x)]
        rest = [g for g in f.factors if depends_on(g, x)]
        inner = rest[0] if len(rest) == 1 else Mul(tuple(rest))
        return product(*constants, d(inner, x))


class LogarithmicDifferentiationOfProduct(Rule):
    """(u^a v^b w)' = u^a v^b w (ln(u^a v^b w))': differentiated through its logarithm (CLP-1
    §2.10, Stewart §3.6), a product or quotient of three or more factors in x, two of them
    powers or roots (one of a sum) with a quotient, a root or a fourth factor among them, or a
    root of such a product; the laws of logarithms then turn the product into a sum
    (``x √(2x + 1)/(eˣ sin³x)`` → ``x √(2x + 1)/(eˣ sin³x) (1/x + 1/(2x + 1) - 1 - 3 cot x)``)."""

    id, kind = RuleId.LOGARITHMIC_DIFFERENTIATION, Kind.STRUCTURAL

    def match(self, f: Expr, x: Sym) -> bool:
        inner, whole = _unrooted(f)
        factors = [g for g in _raw_factors(inner) if depends_on(g, x)]
        if len(factors) < 3 or not isinstance(inner, Mul | Div):
            return False
        bases = [_unrooted(g)[0] for g in factors if _unrooted(g)[1]]
        powered = [b for b in bases if not isinstance(b, Sym)]
        # two powers, one of a sum (sin²x cos³x tan x is the product rule's), and what makes a
        # textbook reach for logarithms: a quotient, a root or four factors ((x² + 1)³(x³ - 2x + 7)⁴
        # sin x is the product rule's too)
        heavy = isinstance(inner, Div) or len(factors) >= 4 or any(_fractional(g) for g in factors)
        return whole or (len(powered) >= 2 and any(isinstance(b, Add) for b in powered) and heavy)

    def apply(self, f: Expr, x: Sym) -> Expr:
        return Mul((f, d(Func("ln", (f,)), x)))


class ProductRule(Rule):
    """(u v)' = u' v + u v';  (u v w)' = u' v w + u v' w + u v w'."""

    id, kind = RuleId.PRODUCT, Kind.STRUCTURAL

    def match(self, f: Expr, x: Sym) -> bool:
        return isinstance(f, Mul)

    def apply(self, f: Expr, x: Sym) -> Expr:
        assert isinstance(f, Mul)
        fs = f.factors
        return Add(tuple(Mul((*fs[:i], d(fs[i], x), *fs[i + 1 :])) for i in range(len(fs))))


class ReciprocalRule(Rule):
    """(1/v)' = -v'/v²."""

    id, kind = RuleId.RECIPROCAL, Kind.STRUCTURAL

    def match(self, f: Expr, x: Sym) -> bool:
        return isinstance(f, Div) and f.num == Num(1)

    def apply(self, f: Expr, x: Sym) -> Expr:
        assert isinstance(f, Div)
        return Neg(Div(d(f.den, x), Pow(f.den, Num(2))))


class QuotientRule(Rule):
    """(u/v)' = (u' v - u v')/v²."""

    id, kind = RuleId.QUOTIENT, Kind.STRUCTURAL

    def match(self, f: Expr, x: Sym) -> bool:
        return isinstance(f, Div)

    def apply(self, f: Expr, x: Sym) -> Expr:
        assert isinstance(f, Div)
        u, v = f.num, f.den
        numerator = Add((Mul((d(u, x), v)), Neg(Mul((u, d(v, x))))))
        return Div(numerator, Pow(v, Num(2)))


class ElementaryRule(Rule):
    """(F(x))' = F'(x) for a function in the table (sin, ln, x^n, e^x, a^x, …)."""

    kind = Kind.LEAF

    def match(self, f: Expr, x: Sym) -> bool:
        form = split(f, x)
        return form is not None and form[1] == x

    def apply(self, f: Expr, x: Sym) -> Expr:
        form = split(f, x)
        assert form is not None
        return form[0].derivative(x)

    def rule_ids(self, f: Expr, x: Sym) -> tuple[RuleId, ...]:
        form = split(f, x)
        assert form is not None
        return (form[0].id,)


class ChainRule(Rule):
    """(F(u))' = F'(u) · u' for an inner function u of x."""

    id, kind = RuleId.CHAIN, Kind.STRUCTURAL

    def match(self, f: Expr, x: Sym) -> bool:
        return split(f, x) is not None

    def apply(self, f: Expr, x: Sym) -> Expr:
        form = split(f, x)
        assert form is not None
        outer, u = form
        return product(outer.derivative(u), d(u, x))

    def rule_ids(self, f: Expr, x: Sym) -> tuple[RuleId, ...]:
        form = split(f, x)
        assert form is not None
        return (RuleId.CHAIN, form[0].id)


class LogarithmicDifferentiation(Rule):
    """(f^g)' = f^g (g ln f)'   (from ln y = g ln f, so y'/y = (g ln f)')."""

    id, kind = RuleId.LOGARITHMIC_DIFFERENTIATION, Kind.STRUCTURAL

    def match(self, f: Expr, x: Sym) -> bool:
        return isinstance(f, Pow) and depends_on(f.base, x) and depends_on(f.exp, x)

    def apply(self, f: Expr, x: Sym) -> Expr:
        assert isinstance(f, Pow)
        return Mul((f, d(Mul((f.exp, Func("ln", (f.base,)))), x)))


class LogLaws(Rule):
    """(ln(u^a v/w))' = (a ln u + ln v - ln w)': the logarithm of a product or quotient is
    expanded before differentiating (OpenStax §3.9 Example 3.78), when that saves work: three
    or more factors in x, or a power or root among them, or a root over them all.  The
    derivatives agree wherever both sides are defined (ln|u v| = ln|u| + ln|v|)."""

    id, kind = RuleId.LOG_LAWS, Kind.STRUCTURAL

    def match(self, f: Expr, x: Sym) -> bool:
        if isinstance(f, Func) and f.name == "log" and len(f.args) == 2 and depends_on(f.args[1], x):
            return False  # a base in x: the change of base first
        return _expands(_log_argument(f), x)

    def apply(self, f: Expr, x: Sym) -> Expr:
        assert isinstance(f, Func)
        base = f.args[1:]  # log_b keeps its base; ln has none

        def log(u: Expr) -> Func:
            return Func(f.name, (u, *base))

        terms: list[Expr] = []
        for c, u in _log_parts(f.args[0], Fraction(1)):
            # ln(e^v) = v: the exponent itself (log_b keeps log_b(e^v) for the chain rule)
            piece = u.exp if f.name == "ln" and isinstance(u, Pow) and u.base == E else log(u)
            body = piece if abs(c) == 1 else Mul((number(abs(c)), piece))
            terms.append(Neg(body) if c < 0 else body)
        return d(terms[0] if len(terms) == 1 else Add(tuple(terms)), x)


_ROOT_DEGREE = {"sqrt": 2, "cbrt": 3}


def _fractional(g: Expr) -> bool:
    """A root, or a power with a fractional or negative exponent (``x^(-1/2)``, ``√u``)."""
    if isinstance(g, Func) and g.name in _ROOT_DEGREE:
        return True
    k = rational(g.exp) if isinstance(g, Pow) else None
    return k is not None and (k.denominator != 1 or k < 0)


def _log_argument(f: Expr) -> Expr | None:
    """The argument of ln u or log_b u (b a constant), else None."""
    if isinstance(f, Func) and f.name == "ln" and len(f.args) == 1:
        return f.args[0]
    if isinstance(f, Func) and f.name == "log" and len(f.args) == 2:
        return f.args[0]
    return None


def _expands(u: Expr | None, x: Sym) -> bool:
    """Whether the laws of logarithms make ln u easier: a product or quotient with two or more
    factors in x, three or more of them or one a power or root; or a root or power of such."""
    if u is None:
        return False
    inner, whole = _unrooted(u)
    factors = [(c, v) for c, v in _log_parts(inner, Fraction(1)) if depends_on(v, x)]
    raw = _raw_factors(inner)
    if len([f for f in raw if depends_on(f, x)]) < 2:
        return False
    powered = any(_unrooted(f)[1] for f in raw if depends_on(f, x))
    return len(factors) >= 3 or powered or whole


def _unrooted(u: Expr) -> tuple[Expr, bool]:
    """``u`` without an outer root or power (and whether it had one)."""
    if isinstance(u, Func) and u.name in ("sqrt", "cbrt") and len(u.args) == 1:
        return u.args[0], True
    if isinstance(u, Pow) and rational(u.exp) is not None and rational(u.exp) != 1:
        return u.base, True
    return u, False


def _raw_factors(u: Expr) -> list[Expr]:
    if isinstance(u, Div):
        return _raw_factors(u.num) + _raw_factors(u.den)
    if isinstance(u, Mul):
        return [g for f in u.factors for g in _raw_factors(f)]
    return [u]


def _log_parts(u: Expr, c: Fraction) -> list[tuple[Fraction, Expr]]:
    """ln u as Σ cᵢ ln uᵢ: products and quotients split, powers and roots brought down."""
    if isinstance(u, Div):
        return _log_parts(u.num, c) + _log_parts(u.den, -c)
    if isinstance(u, Mul):
        return [p for f in u.factors for p in _log_parts(f, c)]
    if isinstance(u, Func) and u.name in _ROOT_DEGREE and len(u.args) == 1:
        return _log_parts(u.args[0], c / _ROOT_DEGREE[u.name])
    k = rational(u.exp) if isinstance(u, Pow) else None
    if isinstance(u, Pow) and k is not None and u.base != E:
        return _log_parts(u.base, c * k)
    return [(c, u)]


class LogBaseChange(Rule):
    """(log_b u)' = (ln u / ln b)'  when the base b depends on x (change of base)."""

    id, kind = RuleId.DEFINITION, Kind.STRUCTURAL

    def match(self, f: Expr, x: Sym) -> bool:
        return isinstance(f, Func) and f.name == "log" and len(f.args) == 2 and depends_on(f.args[1], x)

    def apply(self, f: Expr, x: Sym) -> Expr:
        assert isinstance(f, Func)
        u, b = f.args
        return d(Div(Func("ln", (u,)), Func("ln", (b,))), x)


# First match wins; the order encodes precedence between overlapping patterns
# (a constant product is the constant rule's, c·u the constant multiple's, 1/v the
# reciprocal's rather than the quotient's, sin x the elementary rule's rather than the chain's).
RULES: tuple[Rule, ...] = (
    ConstantRule(),
    IdentityRule(),
    SumRule(),
    ConstantMultipleRule(),
    LogarithmicDifferentiationOfProduct(),
    ProductRule(),
    ReciprocalRule(),
    QuotientRule(),
    ElementaryRule(),
    LogLaws(),
    ChainRule(),
    LogarithmicDifferentiation(),
    LogBaseChange(),
)


def find_rule(f: Expr, x: Sym) -> Rule | None:
    """The first rule that matches ``(f)'`` with respect to ``x``, or None."""
    for rule in RULES:
        if rule.match(f, x):
            return rule
    return None


class DerivativeKind(HoleKind[Deriv]):
    """Derivative holes, filled by ``rules`` in order.  The textbook sees through the linear
    rules and through the chain rule's inner derivative when it needs no structural rule
    (``(sin 2x)' = cos 2x · 2``, in one line); zeros and ones are folded after each rule."""

    node = Deriv

    def nested(self) -> StepcalcError:
        return UnsupportedError("a derivative inside a derivative: take the inner one first")

    def __init__(self, rules: Sequence[Rule] = RULES) -> None:
        self.rules = tuple(rules)

    def find(self, hole: Deriv) -> Found | None:
        f, x = hole.expr, variable_of(hole)
        for rule in self.rules:
            if rule.match(f, x):
                return Found(rule, rule.kind, rule.rule_ids(f, x), rule.apply(f, x))
        return None

    def see_through(self, parent: Found, child: Deriv, find: Callable[[Deriv], Found | None]) -> bool:
        if parent.kind is Kind.LINEAR:
            return True
        return isinstance(parent.rule, ChainRule) and _simple(child, find)

    def fold(self, result: Expr, hole: Deriv) -> Expr:
        return fold_numbers(result, keep=hole.expr)

    def merge_product(self, rest: tuple[Expr, ...], filled: Expr) -> Expr | None:
        if isinstance(filled, Mul) and rational(filled.factors[0]) is None:  # 3·2x stays 3·2x
            return Mul((*rest, *filled.factors))
        return None


def _simple(hole: Deriv, find: Callable[[Deriv], Found | None]) -> bool:
    """Whether ``hole`` needs only linear and leaf rules (``(2x)'``, ``(x² + 1)'``, ``(sin x)'``)."""
    found = find(hole)
    if found is None or found.kind is Kind.STRUCTURAL:
        return False
    return found.kind is Kind.LEAF or all(_simple(h, find) for h in holes(found.result, Deriv))


def variable_of(hole: Deriv) -> Sym:
    """The variable of a hole the rules made (always written)."""
    assert hole.var is not None
    return hole.var


DERIVATIVE = DerivativeKind()
