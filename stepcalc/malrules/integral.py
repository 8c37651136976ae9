"""Integral mal-rules: the wrong ways of integrating that students use, as override tables.

A derivative mal-rule is one wrong rule tried before the derivative table; an integral one is
the same idea on the integral engine: the correct rule table (``INTEGRAL_RULES``) with a wrong
rule put in front of the right rule it stands for, so that everything else is worked as it
should be (``mistaken_integral``).  The checker integrates the problem with each table and
names the first mistake whose result the student's answer equals up to an additive constant
(their derivatives are equal); a wrong answer whose derivative is minus the integrand, or that
is a constant multiple of the right one, is still named generically after these
(``integral_sign``, ``integral_factor``).  The words are phrases, ``mistake.<id>`` and
``right.<id>``, as for the derivative mal-rules; ``pattern`` is the mathematics.

The mistakes, in the order they are tried (the first that gives the answer names it):

- ``integral_power_reciprocal``: the power rule used on 1/x = x⁻¹, where it does not apply.
  A power rule that accepts n = −1 gives x⁰/0, which is no function at all, so an answer that
  divides by zero cannot be compared with anything by its values: it is matched by its form
  instead (it divides by zero where the wrong table does).  The answers students actually
  write are modelled as the two ways of forcing the rule: the derivative's pattern n·xⁿ⁻¹
  (∫ 1/x dx = −1/x²) and the pattern of the neighbouring power, n = −2 (∫ 1/x dx = −1/x).
  Tried before the power rule used backwards, which gives −1/x² too: on 1/x alone the slip is
  the reciprocal's.  ``ln x`` without the absolute value is not a mistake: it is an
  antiderivative wherever it is defined, and the checker remarks on the absolute value only
  when the integrand is defined where the logarithm's argument is negative (the domain
  matters), never for ln(x² + 1).
- ``integral_power_backwards``: ∫ xⁿ dx = n xⁿ⁻¹, the power rule of derivatives.
- ``integral_sin_sign``, ``integral_cos_sign``, ``integral_sec_tan_sign`` (with csc cot),
  ``integral_sec_squared_sign`` (with csc²), ``integral_tan_sign`` (with cot): the sign of one
  entry of the table of antiderivatives, also with a linear argument (∫ sin 3x dx = cos 3x/3).
  Before the forgotten 1/a and parts, which can coincide with them (∫ x cos x dx =
  x sin x − cos x is the sign of ∫ sin as much as the sign of parts: the table names it).
- ``integral_forgot_inner``: the 1/a of a substitution left out, for a linear argument
  (∫ cos 3x dx = sin 3x, ∫ e^(2x) dx = e^(2x)) and for any substitution whose du is in the
  integrand up to a constant factor (∫ x cos x² dx = sin x²).  Only where there is a factor
  to forget: ∫ 2x cos x² dx = sin x² has none.
- ``integral_parts_sign``: ∫ u dv = uv + ∫ v du, integration by parts with the sign of its
  second term wrong (everywhere parts is used, so also when it is used twice).
- ``integral_differentiated``: the integrand differentiated instead of integrated, ∫ f dx = f′.
  Last, and ``general``: tried only after the generic sign slip (an answer whose derivative is
  minus the integrand), which it coincides with on sines and cosines: ∫ sin x dx = cos x and
  ∫ (sin x + cos x) dx = cos x − sin x are sign slips, not this; ∫ x³ dx = 3x² is the power
  rule used backwards.

A mistake is applied everywhere it fits (a student who makes it makes it consistently); a
mal-rule that would change nothing (a 1/a with a = 1) does not count as applied.  Not
modelled: the cyclic case of parts (eˣ sin x) with a wrong sign, and slips inside a
trigonometric substitution or a partial fraction decomposition.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from stepcalc.engine import Budget, Found, NoRule, complete
from stepcalc.errors import StepcalcError
from stepcalc.expr import Add, Div, Expr, Integral, Mul, Neg, Num, Pow, Sym, free_symbols, walk
from stepcalc.rules.base import number
from stepcalc.rules.integral import INTEGRAL_RULES, IntegralContext, IntegralKind, IntegralRule, put_back
from stepcalc.rules.integral.base import (
    TRIAL_NESTING,
    NoCandidate,
    constant_and_rest,
    derivative,
)
from stepcalc.rules.integral.basic import (
    LinearArgumentRule,
    PowerRule,
    ReciprocalRule,
    TableRule,
    leaf_antiderivative,
    linear_inner,
    power_of,
)
from stepcalc.rules.integral.parts import PartsRule
from stepcalc.rules.integral.substitution import SubstitutionRule
from stepcalc.simplify import tidy
from stepcalc.steps import RuleId, Step

__all__ = [
    "INTEGRAL_MALRULES",
    "INTEGRAL_MISTAKES",
    "IntegralMalRule",
    "divides_by_zero",
    "mistaken_integral",
]


class Mal:
    """Marks a wrong integral rule, so that a run can tell whether it was used."""


# ---------------------------------------------------------------- the power rule
class PowerRuleBackwards(Mal, PowerRule):
    """∫ xⁿ dx = n xⁿ⁻¹ (the power rule of derivatives), for every n (x⁻¹ too)."""

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return power_of(f, x) is not None

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        n = power_of(f, x)
        assert n is not None
        return Mul((number(n), Pow(x, number(n - 1)))), ()


class PowerRuleOnReciprocal(Mal, ReciprocalRule):
    """∫ x⁻¹ dx by a power rule: ``as_if`` n = −1 were ``derivative`` (n xⁿ⁻¹, −x⁻²), another
    n (xⁿ⁺¹/(n + 1) at n = −2, −x⁻¹), or n itself (x⁰/0: division by zero, kept as written)."""

    def __init__(self, as_if: str) -> None:
        self.as_if = as_if

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        if self.as_if == "derivative":
            return Neg(Pow(x, number(-2))), ()
        if self.as_if == "n = -2":
            return Neg(Pow(x, number(-1))), ()
        return Div(Pow(x, Num(0)), Num(0)), ()


# ---------------------------------------------------------------- the table's signs
class SignSlip(Mal, TableRule):
    """The table's antiderivative of one of ``rules`` (sin, cos, …) with the wrong sign,
    with argument x or a linear argument ax + b."""

    def __init__(self, rules: frozenset[RuleId]) -> None:
        self.rules = rules
        self.linear = LinearArgumentRule()

    def _right(self, f: Expr, x: Sym, ctx: IntegralContext) -> Expr | None:
        leaf = leaf_antiderivative(f, x)
        if leaf is not None:
            return leaf[1] if leaf[0] in self.rules else None
        if self.linear.match(f, x, ctx) and self.linear.rule_ids(f, x)[1] in self.rules:
            return self.linear.apply(f, x, ctx)[0]
        return None

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return self._right(f, x, ctx) is not None

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        right = self._right(f, x, ctx)
        assert right is not None
        return (right.arg if isinstance(right, Neg) else Neg(right)), ()

    def rule_ids(self, f: Expr, x: Sym) -> tuple[RuleId, ...]:
        return (RuleId.UNKNOWN,)


# ---------------------------------------------------------------- the forgotten 1/a
class LinearInnerForgotten(Mal, LinearArgumentRule):
    """∫ f(ax + b) dx = F(ax + b): the 1/a of u = ax + b, du = a dx left out (a ≠ 1)."""

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        found = linear_inner(f, x)
        return found is not None and found[1] != 1

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        found = linear_inner(f, x)
        assert found is not None
        return found[3], ()


class SubstitutionInnerForgotten(Mal, SubstitutionRule):
    """∫ f(g) g′/c dx = F(g): the substitution u = g whose du = g′ dx holds a constant factor
    c ≠ 1 that the integrand lacks, worked as if du were the integrand's own (1/c left out)."""

    def __init__(self) -> None:
        super().__init__(exact=False)

    def _choose(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, Expr] | None:
        chosen = super()._choose(f, x, ctx)
        if chosen is None:
            return None
        g, h = chosen
        try:
            c = constant_and_rest(derivative(g, x), x)[0]
        except NoCandidate:
            return None
        if c == Num(1):
            return None  # nothing to forget: the right substitution does it
        return g, tidy(Mul((c, h)))


# ---------------------------------------------------------------- parts
class PartsSignSlip(Mal, PartsRule):
    """∫ u dv = uv + ∫ v du: the second term of integration by parts added."""

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        right, steps = super().apply(f, x, ctx)
        assert isinstance(right, Add) and len(right.terms) == 2
        first, second = right.terms
        return Add((first, second.arg if isinstance(second, Neg) else Neg(second))), steps


# ---------------------------------------------------------------- differentiated
class Differentiated(Mal, IntegralRule):
    """∫ f dx = f′: the integrand differentiated instead of integrated."""

    id = RuleId.UNKNOWN

    def match(self, f: Expr, x: Sym, ctx: IntegralContext) -> bool:
        return True

    def apply(self, f: Expr, x: Sym, ctx: IntegralContext) -> tuple[Expr, tuple[Step, ...]]:
        return derivative(f, x), ()


# ---------------------------------------------------------------- the tables
def _with(*placed: tuple[IntegralRule, Callable[[IntegralRule], bool]]) -> tuple[IntegralRule, ...]:
    """The integral table with each wrong rule in front of the first rule it stands for."""
    table: list[IntegralRule] = []
    for rule in INTEGRAL_RULES:
        table.extend(mal for mal, before in placed if before(rule) and mal not in table)
        table.append(rule)
    assert all(mal in table for mal, _ in placed)
    return tuple(table)


def _is(kind: type[IntegralRule]) -> Callable[[IntegralRule], bool]:
    return lambda rule: isinstance(rule, kind)


def _general_substitution(rule: IntegralRule) -> bool:
    return isinstance(rule, SubstitutionRule) and not rule.exact


@dataclass(frozen=True, slots=True, eq=False)
class IntegralMalRule:
    """A wrong way of integrating: ``rules`` is the integral table with the wrong rule in it;
    ``pattern`` is what the student did (mathematics); its words are ``mistake.<id>`` and
    ``right.<id>``.  One mistake may have several tables (the ways of forcing one rule)."""

    id: str
    pattern: str
    rules: tuple[IntegralRule, ...]
    general: bool = False
    """Tried after the generic sign slip (derivative = −integrand), not before it."""


def _sign(mal_id: str, pattern: str, *rules: RuleId) -> IntegralMalRule:
    return IntegralMalRule(mal_id, pattern, _with((SignSlip(frozenset(rules)), _is(TableRule))))


INTEGRAL_MALRULES: tuple[IntegralMalRule, ...] = (
    IntegralMalRule(
        "integral_power_reciprocal",
        "∫ x^(-1) dx = x^0/0",
        _with((PowerRuleOnReciprocal("n = -1"), _is(ReciprocalRule))),
    ),
    IntegralMalRule(
        "integral_power_reciprocal",
        "∫ x^(-1) dx = -x^(-2)",
        _with((PowerRuleOnReciprocal("derivative"), _is(ReciprocalRule))),
    ),
    IntegralMalRule(
        "integral_power_reciprocal",
        "∫ x^(-1) dx = -x^(-1)",
        _with((PowerRuleOnReciprocal("n = -2"), _is(ReciprocalRule))),
    ),
    IntegralMalRule(
        "integral_power_backwards", "∫ x^n dx = n x^(n-1)", _with((PowerRuleBackwards(), _is(PowerRule)))
    ),
    _sign("integral_sin_sign", "∫ sin u du = cos u", RuleId.INT_SIN),
    _sign("integral_cos_sign", "∫ cos u du = -sin u", RuleId.INT_COS),
    _sign(
        "integral_sec_tan_sign",
        "∫ sec u tan u du = -sec u;  ∫ csc u cot u du = csc u",
        RuleId.INT_SEC_TAN,
        RuleId.INT_CSC_COT,
    ),
    _sign(
        "integral_sec_squared_sign",
        "∫ sec²u du = -tan u;  ∫ csc²u du = cot u",
        RuleId.INT_SEC_SQUARED,
        RuleId.INT_CSC_SQUARED,
    ),
    _sign(
        "integral_tan_sign",
        "∫ tan u du = ln|cos u|;  ∫ cot u du = -ln|sin u|",
        RuleId.INT_TAN,
        RuleId.INT_COT,
    ),
    IntegralMalRule(
        "integral_forgot_inner",
        "∫ f(ax + b) dx = F(ax + b);  ∫ f(u) u'/a dx = F(u)",
        _with(
            (LinearInnerForgotten(), _is(LinearArgumentRule)),
            (SubstitutionInnerForgotten(), _general_substitution),
        ),
    ),
    IntegralMalRule("integral_parts_sign", "∫ u dv = uv + ∫ v du", _with((PartsSignSlip(), _is(PartsRule)))),
    IntegralMalRule(
        "integral_differentiated", "∫ f dx = f'", (Differentiated(), *INTEGRAL_RULES), general=True
    ),
)

INTEGRAL_MISTAKES: tuple[str, ...] = tuple(dict.fromkeys(m.id for m in INTEGRAL_MALRULES))
"""The ids of the integral mistakes, in the order they are tried."""


# ---------------------------------------------------------------- working with a wrong table
class _MistakenKind(IntegralKind):
    """The integral kind over a table with a wrong rule, noting whether that rule was used
    (in a trial too: the trials of substitution and parts use the same table)."""

    def __init__(self, ctx: IntegralContext, rules: Sequence[IntegralRule], used: list[bool]) -> None:
        super().__init__(ctx, rules)
        self.used = used
        ctx.make_kind = lambda trial: _MistakenKind(trial, self.rules, used)

    def find(self, hole: Integral) -> Found | None:
        found = super().find(hole)
        if found is not None and isinstance(found.rule, Mal):
            self.used[0] = True
        return found


def mistaken_integral(f: Expr, x: Sym, mal: IntegralMalRule, *, budget: int = 2000) -> Expr | None:
    """∫ f dx (without + C) worked with ``mal``'s table; None when its wrong rule is never used
    or the table cannot finish.  Bounded in rule applications; the caller bounds the time."""
    used = [False]
    ctx = IntegralContext({s.name for s in free_symbols(f)} | {x.name})
    kind = _MistakenKind(ctx, mal.rules, used)
    steps = Budget(max_steps=budget, deadline=math.inf, seconds=math.inf, doing="integrating")
    try:
        found = complete(Integral(f, x), kind, steps, max_nesting=TRIAL_NESTING)
        for binding in reversed(ctx.bindings):
            found = put_back(found, binding, ctx)
    except (NoRule, NoCandidate, StepcalcError, RecursionError, ArithmeticError):
        return None
    if not used[0]:
        return None
    if divides_by_zero(found):
        return found  # x⁰/0: kept as written, compared by its form
    try:
        return tidy(found)
    except (StepcalcError, ArithmeticError):
        return None


def divides_by_zero(e: Expr) -> bool:
    """Whether ``e`` holds a division by a number that is 0 (x⁰/0, x^(−1+1)/(−1+1))."""
    for n in walk(e):
        if isinstance(n, Div) and not free_symbols(n.den):
            try:
                if tidy(n.den) == Num(0):
                    return True
            except (StepcalcError, ArithmeticError):
                continue
    return False
