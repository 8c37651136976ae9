"""The integral hole ``Integral(f, x)``: ∫ f dx.  Its rules, one small class each, their order,
and the hole kind the engine fills them by.

Rules, tried in order (the first that matches wins):

- the constant rule ∫ k dx = kx, the sum and difference rules, the constant multiple rule
  (linear: the engine works the holes they make in the same line);
- the power rule ∫ xⁿ dx = xⁿ⁺¹/(n + 1) (roots and reciprocal powers as powers), ∫ 1/x dx = ln|x|;
- the table of elementary antiderivatives (eˣ, aˣ, sin, cos, tan, cot, sec, csc, sec², csc²,
  sec tan, csc cot, sinh, cosh, 1/(a² + x²), 1/√(a² − x²)), each with argument x;
- a rational integrand's common factor cancelled ((x² + 1)/(x³ + x) = 1/x), and a polynomial
  times a power of x multiplied out into powers ((u + 1)√u = u^(3/2) + u^(1/2));
- substitution: u an inner function (an argument, a base, an exponent, a denominator, or a
  function factor) whose derivative is in the integrand up to a constant factor: the integrand
  divided by du/dx, with u put in, must be free of x; ``let u = …`` is a binding, put back at
  the end, and du = u′ dx is shown with the rule;
- powers of sin and cos, of tan and sec (the power kept for du may be high), reduction for
  secⁿ; a product of tan, cot, sec and csc written in sin and cos first; the trigonometric
  substitutions for √(a² − x²), √(a² + x²), √(x² − a²) and (a² + x²)⁻ⁿ;
- a substitution's leftover even powers of the partner function by the Pythagorean identity
  (u = cos x: sin⁴x = (1 − u²)²);
- integration by parts twice, solved for the integral, for eᵃˣ times sin bx or cos bx;
- substitution with x written in u when x is left over (u = √(x + 3): x = u² − 3, dx = 2u du;
  u = ln x: x = eᵘ), a root first (the rationalising substitution); a shift or a rescaling of x
  only under a root, and never back to an integral on the way (``IntegralContext.path``);
- t = tan(x/2) for a quotient of polynomials in sin x and cos x that no other rule takes;
- integration by parts, ∫ u dv = uv − ∫ v du, with u chosen by LIATE (logarithms, inverse
  trigonometric, algebraic, trigonometric, exponential), when ∫ dv can be done.

Derivatives (du, the u′ of parts) come from the derivative engine, antiderivatives of dv from
this table by the engine; no rule calls the oracle.  A choice between candidates (which u)
takes the first whose new integral this table can finish, so a substitution is never made into
a dead end when another would do.
"""

from __future__ import annotations

from collections.abc import Sequence

from stepcalc.engine import Found, HoleKind
from stepcalc.errors import StepcalcError, UnsupportedError
from stepcalc.expr import Expr, Integral, walk
from stepcalc.rules.integral.base import IntegralContext, IntegralRule, path_key, put_back
from stepcalc.rules.integral.basic import (
    ConstantMultipleRule,
    ConstantRule,
    LinearArgumentRule,
    PowerRule,
    ReciprocalRule,
    SimplifyIntegrandRule,
    SumRule,
    TableRule,
)
from stepcalc.rules.integral.parts import CyclicPartsRule, PartsRule
from stepcalc.rules.integral.rational import (
    CancelRule,
    CompleteSquareRule,
    CompleteSquareShiftRule,
    ExpandPolynomialRule,
    PartialFractionsRule,
    PolynomialDivisionRule,
    QuadraticNumeratorRule,
)
from stepcalc.rules.integral.splitting import DistributeRule, SplitSumRule
from stepcalc.rules.integral.substitution import InverseSubstitutionRule, SubstitutionRule
from stepcalc.rules.integral.trig import (
    ConjugateRule,
    CosecantPowerRule,
    CotCscPowerRule,
    DoubleAngleRule,
    EvenTanOddSecRule,
    HalfAngleRule,
    ProductToSumRule,
    SecantPowerRule,
    SecTanPowerRule,
    SineCosineFormRule,
    SineCosinePowerRule,
    TanPowerRule,
)
from stepcalc.rules.integral.trig_substitution import HalfAngleTangentRule, TrigSubstitutionRule
from stepcalc.simplify import fold_numbers

__all__ = ["INTEGRAL_RULES", "IntegralContext", "IntegralKind", "IntegralRule", "put_back"]

# First match wins: constants and sums, the power rule and the table (also of a linear argument),
# a rational integrand's common factor cancelled, a polynomial times a power of x multiplied out,
# a substitution whose du stands in the integrand as written, the constant multiple rule, the
# rational functions (division, partial fractions, a numerator split, completing the square),
# the powers of trigonometric functions, and last the techniques that rewrite the integral into
# another (substitution before parts, as a textbook tries them; the cyclic case before parts,
# which would go round in a circle; a substitution that writes x in u after the cyclic case,
# which it would turn into another); last, the integrand simplified, when no rule takes it as
# written.
INTEGRAL_RULES: tuple[IntegralRule, ...] = (
    ConstantRule(),
    SumRule(),
    PowerRule(),
    ReciprocalRule(),
    TableRule(),
    LinearArgumentRule(),
    CancelRule(),
    DistributeRule(),
    SubstitutionRule(exact=True),
    ConstantMultipleRule(),
    PolynomialDivisionRule(),
    PartialFractionsRule(),
    QuadraticNumeratorRule(),
    CompleteSquareRule(),
    CompleteSquareShiftRule(),
    SineCosinePowerRule(),
    HalfAngleRule(),
    SecTanPowerRule(),
    EvenTanOddSecRule(),
    SecantPowerRule(),
    CosecantPowerRule(),
    TanPowerRule(),
    ProductToSumRule(),
    SineCosineFormRule(),
    DoubleAngleRule(),
    SubstitutionRule(),
    CotCscPowerRule(),
    SplitSumRule(),
    ConjugateRule(),
    TrigSubstitutionRule(),
    ExpandPolynomialRule(),
    CyclicPartsRule(),
    InverseSubstitutionRule(),
    HalfAngleTangentRule(),
    PartsRule(),
    SimplifyIntegrandRule(),
)


MAX_MEETINGS = 6
"""How often one integral may be met in one problem (siblings repeat: ∫ sec x dx twice), beyond
which its rules are going round in a circle and it is left as no rule."""


class IntegralKind(HoleKind[Integral]):
    """Integral holes of one problem (its substitutions in ``ctx``), filled by ``INTEGRAL_RULES``.
    The engine sees through the linear rules, as for derivatives."""

    node = Integral
    doing = "integrating"

    def __init__(self, ctx: IntegralContext, rules: Sequence[IntegralRule] = INTEGRAL_RULES) -> None:
        self.ctx, self.rules = ctx, tuple(rules)
        self.met: dict[Expr, int] = {}  # how often each integral (its variable named _) was met
        ctx.make_kind = lambda trial: IntegralKind(trial, self.rules)  # the trials use this table too

    def find(self, hole: Integral) -> Found | None:
        f, x = hole.expr, hole.var
        key = path_key(f, x)
        self.met[key] = self.met.get(key, 0) + 1
        if self.met[key] > MAX_MEETINGS:
            return None  # the same integral again and again: rules going round in a circle
        for rule in self.rules:
            if rule.match(f, x, self.ctx):
                result, substeps = rule.apply(f, x, self.ctx)
                if any(n == hole for n in walk(result)):
                    continue  # no progress: the same integral again (the next rule may do better)
                return Found(rule, rule.kind, rule.rule_ids(f, x), result, substeps)
        return None

    def nested(self) -> StepcalcError:
        return UnsupportedError("an integral inside an integral: work out the inner one first")

    def fold(self, result: Expr, hole: Integral) -> Expr:
        return fold_numbers(result, keep=hole.expr)
