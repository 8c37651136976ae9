"""The ordered tables of simplification units, one per node type.

First match wins at a node, and the driver comes back to the node until no unit fires.  The
order encodes precedence where patterns overlap, and is commented where it matters.
"""

from __future__ import annotations

from stepcalc.expr import Add, Div, Func, Mul, Neg, Pow
from stepcalc.simplify import (
    absolute,
    arithmetic,
    brackets,
    compositions,
    explog,
    fraction_sums,
    fractions,
    polynomials,
    powers,
    rational,
    trig,
    trig_forms,
)
from stepcalc.simplify.core import Table, Unit

NEG: tuple[Unit, ...] = (
    arithmetic.DoubleNegative(),
    arithmetic.NegativeZero(),
    arithmetic.NegativeOfNegatives(),
)

ADD: tuple[Unit, ...] = (
    # structure first, so that the units below see every term of one flat sum
    arithmetic.FlattenSum(),
    arithmetic.DoubleNegativeTerm(),
    arithmetic.DropZeroTerms(),
    arithmetic.AddNumbers(),
    # a number or a sign times a sum, as a term, is multiplied out before like terms combine
    polynomials.DistributeNumberInSum(),
    polynomials.CombineLikeTerms(),
    fraction_sums.SameDenominator(),
    fraction_sums.FractionsOverPowersOfOneBase(),
    trig.Pythagorean(),
    trig.PythagoreanPair(),
    explog.DifferenceOfLogs(),
    explog.LnOverLnAsLog(),
    # opening brackets only pays when something then combines; expanding a polynomial is
    # the last resort, after like terms and identities had their chance on the written form
    polynomials.OpenBracketsToCombine(),
    polynomials.ExpandPolynomial(),
    polynomials.OrderPolynomialTerms(),
    arithmetic.PositiveTermFirst(),
)

MUL: tuple[Unit, ...] = (
    arithmetic.FlattenProduct(),
    arithmetic.ZeroFactor(),
    arithmetic.SignsOutOfProduct(),
    # one fraction before numbers fold: 2·(x/2) must become 2x/2 so that the 2s cancel
    fractions.MultiplyFractions(),
    arithmetic.MultiplyNumbers(),
    arithmetic.NumberFirst(),
    fractions.DistributeToClearFractions(),
    polynomials.DistributeNumberOverFractions(),
    powers.MergePowers(),
    powers.CubeRootsOfOneBase(),
    powers.MergeExponentials(),
    explog.LogTimesLnOfBase(),
    absolute.SignTimesPower(),
    trig_forms.TrigThroughSineCosine(),
    # the order of factors last: every unit above keeps the factors where they were
    arithmetic.OrderFactors(),
)

DIV: tuple[Unit, ...] = (
    arithmetic.ZeroOver(),
    arithmetic.SignsOutOfQuotient(),
    fractions.FractionInNumerator(),
    fractions.FractionInDenominator(),
    arithmetic.DivideNumbers(),
    absolute.SignOverAbs(),
    absolute.EvenPowerBesideAbs(),
    trig.QuotientIdentity(),
    trig_forms.TrigThroughSineCosine(),
    explog.PowersOfOneExponent(),
    powers.RootOfQuotientBeside(),
    powers.CubeRootsOfOneBase(),
    # cancelling whole factors before factors common to every term of a sum
    fractions.CancelFactors(),
    fractions.CancelFromSum(),
    fractions.CancelIntoBracket(),
    # a quotient's numerator is multiplied out when its terms then combine (a textbook
    # collects the quotient rule's numerator); after cancelling, so that common factors go first
    polynomials.ExpandNumerator(),
    polynomials.ExpandDenominatorSum(),
)

POW: tuple[Unit, ...] = (
    powers.TrivialPower(),
    powers.NumberPower(),
    powers.PowerOfPower(),
    powers.PowerOfProduct(),
    powers.PowerOfNegatedSum(),
    powers.SquareOfRoot(),
    powers.PowerOfRoot(),
    absolute.AbsOfEvenPower(),
    powers.PowerOfExponential(),
    powers.HalfPowerIsRoot(),
    explog.ExpOfLog(),
    explog.PowerOfItsLog(),
)

FUNC: tuple[Unit, ...] = (
    # values first: sin 0, sin(π/6), ln 1, ln e are numbers before any identity is tried
    trig.ValueAtZero(),
    trig.StandardAngle(),
    explog.LogOfOneOrE(),
    explog.LogOfExp(),
    compositions.EvenOdd(),
    compositions.Cofunction(),
    compositions.InverseComposition(),
    absolute.NumberValue(),
    absolute.AbsOfMultiple(),
    absolute.AbsOfQuotient(),
    absolute.AbsOfSignDefinite(),
    absolute.AbsOfEvenPower(),
    powers.RootOfPower(),
    powers.CubeRootOfPower(),
    powers.RootOfFractions(),
    arithmetic.NumberRoot(),
)

TIDY: Table = {Neg: NEG, Add: ADD, Mul: MUL, Div: DIV, Pow: POW, Func: FUNC}
"""The tables every simplify line uses."""

ROOT: tuple[Unit, ...] = (
    arithmetic.NegativeOfDifference(),
    # an answer that is one product: its bracket gives up the number or exponential it shares
    brackets.CommonFactorOfBracket(),
)
"""The units every simplify line tries on the whole settled result."""

CLEAR_FRACTIONS: Table = {Div: (fractions.ClearInnerDenominators(), fractions.WholeNumbersInNumerator())}
"""A fraction inside a fraction cleared by multiplying top and bottom (a line of its own)."""

CANCEL_COMMON: Table = {Div: (rational.CancelCommonFactor(),)}
"""A common polynomial factor of a quotient cancelled (a line of its own, after the terms have
been brought over one denominator: cancelling inside each term first would split them again)."""

DECIMALS: Table = {Div: (arithmetic.DecimalCoefficient(),)}
"""Fractions with a finite decimal expansion written as decimals, when the problem has decimals."""

POSITIVE_EXPONENTS: Table = {Pow: (powers.PositiveExponent(),)}
"""Negative powers written as fractions (a problem written with them keeps them)."""
