"""A bracket's common factor joins the product it stands in.

The chain rule leaves products such as ``3(2x³ - x² + 6x + 1)² (6x² - 2x + 6)``; a textbook takes
out the number every term of the bracket shares: ``6(2x³ - x² + 6x + 1)² (3x² - x + 3)``
(OpenStax §3.6 ex. 231, APEX §2.5 ex. 12).  Logarithmic differentiation leaves
``x^(eˣ) (eˣ ln x + eˣ/x)``, and the shared exponential comes out: ``x^(eˣ) eˣ (ln x + 1/x)``.
The books keep a logarithmic derivative's numbers and powers of x inside
(``(sin 2x)^(4x) (4 ln(sin 2x) + 8x cot 2x)``, OpenStax §3.9 ex. 347;
``(2x)^(x²) (2x ln 2x + x)``, APEX §7.3 ex. 28), and a sum of such products as it is
(APEX §2.5 ex. 31), so the unit looks at the whole answer only, when it is one product.
"""

from __future__ import annotations

import math
from fractions import Fraction

from stepcalc.expr import Add, Div, Expr, Func, Mul, Neg, Num, Pow
from stepcalc.rules.base import number, rational
from stepcalc.simplify.core import Simplifier, Unit
from stepcalc.simplify.terms import scaled, split_coefficient
from stepcalc.steps import RuleId

__all__ = ["CommonFactorOfBracket"]


class CommonFactorOfBracket(Unit):
    """3(2x³ - x² + 6x + 1)² (6x² - 2x + 6) → 3·2(2x³ - x² + 6x + 1)² (3x² - x + 3);  x^(eˣ) (eˣ
    ln x + eˣ/x) → eˣ x^(eˣ) (ln x + 1/x): in an answer that is one product, a bracket beside a
    power of a sum gives up the whole number (and the sign) its terms share, and a bracket
    beside any power with a symbolic exponent, or of a sum, the exponentials they share.  A
    product of plain brackets, the product rule's (2x + 5)(3x² + 6x), stays as written."""

    id = RuleId.FACTOR_COMMON

    def match(self, e: Expr) -> bool:
        body = e.arg if isinstance(e, Neg) else e
        return isinstance(body, Mul) and any(isinstance(f, Add) for f in body.factors)

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        body = e.arg if isinstance(e, Neg) else e
        assert isinstance(body, Mul)
        numbers = any(map(_power_of_sum, body.factors))
        if not numbers and not any(map(_exponential, body.factors)):
            return None
        front: list[Expr] = []
        kept: list[Expr] = []
        for f in body.factors:
            split = _shared(f, numbers) if isinstance(f, Add) else None
            if split is None:
                kept.append(f)
            else:
                front.extend(split[0])
                kept.append(split[1])
        if not front:
            return None
        product = Mul((*front, *kept))
        return Neg(product) if isinstance(e, Neg) else product


def _power_of_sum(f: Expr) -> bool:
    """(u)ⁿ for a sum u and a number n, or a root of a sum: the chain rule's outer factor."""
    if isinstance(f, Func) and f.name in ("sqrt", "cbrt"):
        return isinstance(f.args[0], Add)
    return isinstance(f, Pow) and isinstance(f.base, Add) and rational(f.exp) is not None


def _exponential(f: Expr) -> bool:
    """A power with a symbolic exponent: eˣ, 2ˣ, x^(eˣ)."""
    return isinstance(f, Pow) and rational(f.exp) is None


def _shared(s: Add, numbers: bool) -> tuple[list[Expr], Add] | None:
    """What every term of ``s`` shares, as factors, and the sum left: with ``numbers``, the
    gcd of whole coefficients, with the sign when every term is negative; and the
    exponentials every numerator has.  None when they share nothing."""
    parts = [_coefficient(t) for t in s.terms]
    tops = [_top_factors(rest) for _, rest in parts]
    content = _content([c for c, _ in parts]) if numbers else Fraction(1)
    common = [f for f in tops[0] if _exponential(f) and all(f in top for top in tops[1:])]
    if content == 1 and not common:
        return None
    rest = [scaled(c / content, _without(body, common)) for c, body in parts]
    return [*([number(content)] if content != 1 else []), *common], Add(tuple(rest))


def _coefficient(t: Expr) -> tuple[Fraction, Expr | None]:
    """``split_coefficient``, with a quotient's number above counted too: 2/x³ is (2, 1/x³)."""
    c, rest = split_coefficient(t)
    if isinstance(rest, Div):
        above, top = split_coefficient(rest.num)
        if above != 1:
            return c * above, Div(top or Num(1), rest.den)
    return c, rest


def _content(coefficients: list[Fraction]) -> Fraction:
    """The whole numbers' gcd (1 for any fraction), negative when every coefficient is."""
    whole = all(c.denominator == 1 for c in coefficients)
    g = math.gcd(*(c.numerator for c in coefficients)) if whole else 1
    return Fraction(-g if all(c < 0 for c in coefficients) else g)


def _top_factors(rest: Expr | None) -> list[Expr]:
    """The factors of a term's numerator (besides its number)."""
    top = rest.num if isinstance(rest, Div) else rest
    if top is None:
        return []
    return list(top.factors) if isinstance(top, Mul) else [top]


def _without(body: Expr | None, common: list[Expr]) -> Expr | None:
    """A term's body with the shared exponentials divided out of its numerator."""
    top, below = (body.num, body.den) if isinstance(body, Div) else (body, None)
    kept = _top_factors(top)
    for f in common:
        kept.remove(f)
    numerator = kept[0] if len(kept) == 1 else Mul(tuple(kept)) if kept else None
    if below is None:
        return numerator
    return Div(numerator or Num(1), below)
