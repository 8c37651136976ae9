"""The difference quotient near a point, as the notes tabulate it: (f(a + h) − f(a))/h for
h = ±0.1, ±0.01, …, ±0.00001 (issue 19, item 4, ``--table``).

Never floating point: where f(a + h) is rational (a polynomial or a quotient of them at a
rational point) the quotient is an exact fraction, written as the exact decimal when it has one
(2.3, 2.03, 2.003); otherwise (√x, sin x, π, 1/3) it is computed in ball arithmetic (python-flint's
``arb``, which bounds its own error) and written correctly rounded to ``DIGITS`` significant
digits, marked as rounded.  Where f is not defined at a + h the row says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Context, Decimal
from fractions import Fraction
from typing import Any

from stepcalc.derivative_at import substitute
from stepcalc.expr import Add, Const, Div, Expr, Func, Mul, Neg, Num, Pow, Sym, num
from stepcalc.notation import format_number
from stepcalc.simplify.normal import to_rational

__all__ = ["DIGITS", "STEPS", "Row", "quotient_table"]

STEPS = tuple(Fraction(1, 10**k) for k in range(1, 6))  # the notes' h = 0.1 … 10⁻⁵
DIGITS = 10  # significant digits of a rounded value: enough to see the approach at h = 10⁻⁵
_PRECISIONS = (128, 512, 2048)  # bits of the balls, raised until the rounding is decided
_EXACT_BITS = 1000  # a ball end past 2^±1000 is written in powers of ten, not as a fraction


@dataclass(frozen=True, slots=True)
class Row:
    """One h and the quotient there: ``value`` its decimal (None: f is not defined at a + h),
    ``exact`` whether that decimal is the quotient itself rather than rounded."""

    h: Fraction
    value: str | None
    exact: bool

    @property
    def h_text(self) -> str:
        return format_number(self.h, decimal=True)

    def to_dict(self) -> dict[str, Any]:
        return {"h": self.h_text, "quotient": self.value, "exact": self.exact}


def quotient_table(f: Expr, x: Sym, a: Expr) -> tuple[Row, ...]:
    """The rows for h > 0 then h < 0, each towards 0."""
    return tuple(_row(f, x, a, h) for h in (*STEPS, *(-h for h in STEPS)))


def _row(f: Expr, x: Sym, a: Expr, h: Fraction) -> Row:
    step = num(h)
    there, here = substitute(f, {x: Add((a, step))}), substitute(f, {x: a})
    q = _rational(Div(Add((there, Neg(here))), step))  # exact: rational f at a rational point
    if q is not None and _terminates(q):
        return Row(h, format_number(q, decimal=True), True)
    return Row(h, _rounded(there, here, h), False)


def _rational(e: Expr) -> Fraction | None:
    """``e`` as a fraction when it is a rational number (never past the normal forms' caps)."""
    form = to_rational(e)
    if form is None or not form.num.is_constant() or not form.den.is_constant():
        return None
    return Fraction(str(form.num.leading_coefficient() if len(form.num) else 0)) / Fraction(
        str(form.den.leading_coefficient())
    )


def _terminates(q: Fraction) -> bool:
    d = q.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def _rounded(there: Expr, here: Expr, h: Fraction) -> str | None:
    """The quotient (there − here)/h correctly rounded: both ends of its ball round alike, at a
    high enough precision (else the midpoint's rounding); None where f(a + h) or f(a) is not a
    real number."""
    from flint import ctx

    saved = ctx.prec
    try:
        for bits in _PRECISIONS:
            ctx.prec = bits
            q = (_ball(there) - _ball(here)) * h.denominator / h.numerator
            if not q.is_finite():
                return None
            low, high = (_decimal(end) for end in (q.lower(), q.upper()))
            if low == high:
                return low
        return _decimal(q.mid())
    finally:
        ctx.prec = saved


def _decimal(end: Any) -> str:
    """An exact ball end (a binary fraction) rounded to ``DIGITS`` significant digits; one past
    about 10^±300 (e^x at 10^20) is first scaled by a power of ten in ball arithmetic, as its
    exact fraction would not fit in memory."""
    from flint import arb

    mantissa, exponent = (int(k) for k in end.mid().man_exp())
    if mantissa == 0 or abs(exponent + mantissa.bit_length()) < _EXACT_BITS:
        return _written(Fraction(mantissa) * Fraction(2) ** exponent)
    power = (abs(end).log() / arb(10).log()).floor().unique_fmpz()
    if power is None:
        return _written(Fraction(0))  # never at these precisions: a power of ten is decided
    scaled = end / arb(10) ** int(power)
    low, high = (_decimal(side) for side in (scaled.lower(), scaled.upper()))
    return f"{low}e{int(power)}" if low == high else f"{_decimal(scaled.mid())}e{int(power)}"


def _written(exact: Fraction) -> str:
    rounded = Context(prec=DIGITS).divide(Decimal(exact.numerator), Decimal(exact.denominator))
    return f"{rounded:f}" if -7 < rounded.adjusted() < 16 else f"{rounded:e}".replace("e+", "e")


def _ball(e: Expr) -> Any:
    """A number ``e`` as an ``arb`` ball: the functions first principles cover (kind_of)."""
    from flint import arb

    match e:
        case Num(value=v):
            return arb(Fraction(v).numerator) / Fraction(v).denominator
        case Const(name=name):
            return arb.pi() if name == "pi" else arb(1).exp()
        case Add(terms=terms):
            return sum((_ball(t) for t in terms), arb(0))
        case Mul(factors=factors):
            out = arb(1)
            for factor in factors:
                out *= _ball(factor)
            return out
        case Div(num=top, den=below):
            return _ball(top) / _ball(below)
        case Neg(arg=inner):
            return -_ball(inner)
        case Pow(base=base, exp=Num(value=int() as k)):
            return _ball(base) ** k
        case Pow(base=Const(name="e"), exp=power):
            return _ball(power).exp()
        case Pow(base=base, exp=power):
            return _ball(base) ** _ball(power)
        case Func(name="sqrt" | "sin" | "cos" | "exp" as name, args=(inner,)):
            return getattr(_ball(inner), name)()
    raise ValueError(f"no ball value for {type(e).__name__}")  # never: kind_of admitted only these
