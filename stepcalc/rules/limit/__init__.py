"""The limit hole ``Limit(f, x, a, side)``: lim_{x→a} f.  Its rules, one small class each,
their order, and the hole kind the engine fills them by.

The order is a teacher's (issue 20): the gentle rules first, L'Hôpital's rule late, since
teachers object to it where factoring works.

- a constant, and direct substitution where f is continuous at a;
- the constant multiple rule, and the standard limits as they stand (sin u/u → 1, …);
- 0/0 and ∞ − ∞ by algebra: factor and cancel, one fraction from several, the conjugate of a
  root, ln a − ln b = ln(a/b), aᵍ/bᵍ = (a/b)ᵍ;
- at ±∞: every c/xᵏ → 0, a polynomial by its leading term, a quotient divided by the highest
  power of its denominator;
- the limit laws (sum, product, quotient, a continuous function of a limit), only where the
  limits of the parts exist and the form is not indeterminate;
- one-sided: a function with a jump written as it is on one side; the two sides compared;
- c/0 as ±∞ by the sign of the denominator near a; ln of something → 0⁺ as −∞;
- tan, cot, sec, csc through sin and cos where they cannot be taken as they stand;
- a factor of a standard limit taken out; the squeeze theorem for bounded·vanishing;
- 1^∞, 0⁰, ∞⁰ through e^(…); ∞ − ∞ with the faster term taken out; 0·∞ as a quotient;
  L'Hôpital's rule with its form checked (and not where it makes the quotient grow);
- sin and cos of something → ±∞ oscillate: the limit does not exist.

The limits of the parts a rule asks for come from this same table (``value``), silently.
No rule calls the oracle.
"""

from __future__ import annotations

from collections.abc import Sequence

from stepcalc.engine import Found, HoleKind
from stepcalc.errors import StepcalcError, UnsupportedError
from stepcalc.expr import ONE, Expr, Limit, Mul, map_bottom_up, walk
from stepcalc.rules.limit.algebra import (
    CombineFractionsRule,
    ConjugateRule,
    DivideHighestPowerRule,
    DominantTermRule,
    FactorCancelRule,
    LogQuotientRule,
    PolynomialAtInfinityRule,
    ReciprocalPowersRule,
    SameExponentRule,
    SinesAndCosinesRule,
)
from stepcalc.rules.limit.base import DoesNotExist, LimitContext, LimitRule, evaluated, infinite, settle
from stepcalc.rules.limit.basic import (
    CompositionRule,
    ConstantMultipleRule,
    ConstantRule,
    ProductRule,
    QuotientRule,
    SubstitutionRule,
    SumRule,
)
from stepcalc.rules.limit.forms import (
    LHopitalRule,
    OscillationRule,
    PowerFormRule,
    SqueezeRule,
    StandardFactorRule,
    StandardLimitRule,
    ZeroTimesInfinityRule,
)
from stepcalc.rules.limit.sides import AbsoluteValueRule, LogOfZeroRule, OneSidedRule, PoleRule
from stepcalc.steps import RuleId, Step

__all__ = ["LIMIT_RULES", "DoesNotExist", "LimitContext", "LimitKind", "LimitRule", "evaluated", "infinite"]

# First match wins (see the module's docstring for the order's reasons).
LIMIT_RULES: tuple[LimitRule, ...] = (
    ConstantRule(),
    SubstitutionRule(),
    ConstantMultipleRule(),
    StandardLimitRule(),
    FactorCancelRule(),
    CombineFractionsRule(),
    ConjugateRule(),
    LogQuotientRule(),
    SameExponentRule(),
    ReciprocalPowersRule(),
    PolynomialAtInfinityRule(),
    DivideHighestPowerRule(),
    AbsoluteValueRule(),
    OneSidedRule(only_jumps=True),
    SumRule(),
    ProductRule(),
    QuotientRule(),
    CompositionRule(),
    PoleRule(),
    LogOfZeroRule(),
    SinesAndCosinesRule(),
    StandardFactorRule(),
    SqueezeRule(),
    PowerFormRule(),
    DominantTermRule(),
    ZeroTimesInfinityRule(),
    LHopitalRule(),
    OscillationRule(),
    OneSidedRule(only_jumps=False),
)


class LimitKind(HoleKind[Limit]):
    """Limit holes of one problem (its values found so far in ``ctx``), filled by ``LIMIT_RULES``.
    The engine sees through the laws, as through the sum rule of derivatives."""

    node = Limit
    doing = "finding the limit"

    def __init__(self, ctx: LimitContext, rules: Sequence[LimitRule] = LIMIT_RULES) -> None:
        self.ctx, self.rules = ctx, tuple(rules)
        self.ancestors: dict[Limit, frozenset[Limit]] = {}
        ctx.make_kind = lambda c: LimitKind(c, self.rules)

    def find(self, hole: Limit) -> Found | None:
        """The first rule that rewrites ``hole`` into something new: a result holding the hole
        itself or one it came from (ln x/(1/x) back to x ln x) goes round in a circle, and the
        next rule is tried instead."""
        line = self.ancestors.get(hole, frozenset()) | {hole}
        for rule in self.rules:
            if rule.match(hole, self.ctx):
                result, substeps = rule.apply(hole, self.ctx)
                children = [n for n in walk(result) if isinstance(n, Limit)]
                if any(n in line for n in children):
                    continue  # no progress
                for child in children:
                    self.ancestors[child] = self.ancestors.get(child, frozenset()) | line
                ids = rule.rule_ids(hole, self.ctx)
                return Found(rule, rule.kind, ids, result, substeps)
        return None

    def nested(self) -> StepcalcError:
        return UnsupportedError("a limit inside a limit: work out the inner one first")

    def tidy_line(self, e: Expr) -> tuple[Expr, tuple[Step, ...]]:
        """∞ settled, and a factor 1 left by a standard limit dropped (1 · lim f = lim f)."""
        steps: list[Step] = []
        settled = settle(e)
        if settled != e:
            steps.append(Step(RuleId.LIM_INFINITY_ARITHMETIC, e, settled))
        folded = map_bottom_up(settled, _without_ones)
        if folded != settled:
            steps.append(Step(RuleId.FOLD_CONSTANTS, settled, folded))
        return folded, tuple(steps)


def _without_ones(n: Expr) -> Expr:
    if not isinstance(n, Mul) or ONE not in n.factors:
        return n
    rest = [f for f in n.factors if f != ONE]
    return ONE if not rest else rest[0] if len(rest) == 1 else Mul(tuple(rest))
