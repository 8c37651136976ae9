"""Notation shared by every printer (text, Unicode, LaTeX, MathML, the oracle's sympy text): the
precedence levels and where they call for brackets (``Printer``), how a number is written,
which function arguments go bare, when a power is written as a prefix (``sin² x``) and where a
product needs a visible sign.  The printers spell these decisions; they do not re-decide them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from itertools import pairwise
from typing import Any, ClassVar

from stepcalc import catalogue
from stepcalc.expr import (
    Add,
    Const,
    Deriv,
    Div,
    Equation,
    Evaluated,
    Expr,
    Func,
    Grad,
    Integral,
    Limit,
    MatMul,
    Mul,
    Neg,
    Norm,
    Num,
    Pow,
    Sum,
    Sym,
    Transpose,
    Vector,
    walk,
)

__all__ = [
    "ATOM",
    "JUXT",
    "POSTFIX",
    "PRODUCT",
    "SIGNED",
    "SUM",
    "Printer",
    "StackedPrinter",
    "bare_argument",
    "bracketed_factor",
    "format_number",
    "juxtaposable",
    "leads_with_numeral",
    "needs_visible_times",
    "power_prefix",
    "starts_with_function",
    "subscript_base",
]

_POWER_PREFIX = frozenset(f.name for f in catalogue.CATALOGUE if f.power_prefix)

SUM, PRODUCT, SIGNED, JUXT, POSTFIX, ATOM = range(1, 7)
"""Precedence levels, loosest first, as in grammar/expr.lark: a sum, a product written with a
sign or a slash, a signed term, a juxtaposed product (``2x``, ``sin x``), a power or postfix
(``x²``, ``f'``), an atom.  Each printer's method returns its text with one of them."""

_NODES: tuple[type[Expr], ...] = (
    Num, Sym, Const, Add, Mul, MatMul, Div, Neg, Pow, Func,
    Deriv, Grad, Transpose, Norm, Vector, Sum, Limit, Integral, Evaluated, Equation,
)  # fmt: skip


class Printer:
    """What every printer shares: one method per node type (``_add`` prints an ``Add``; a
    matrix product is printed by ``_mul`` unless the printer has ``_matmul``), each returning
    its text and precedence level; and the one rule for brackets: a part is bracketed where its
    context binds tighter than its own level (``at``).  A printer spells its own brackets
    (``bracket``): ``(…)``, ``\\left(…\\right)``, ``<mo>(</mo>…``."""

    _methods: ClassVar[dict[type[Expr], Callable[[Any, Any], tuple[str, int]]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        table: dict[type[Expr], Callable[[Any, Any], tuple[str, int]]] = {}
        for node in _NODES:
            method = getattr(cls, "_" + node.__name__.lower(), None)
            if method is None and node is MatMul:
                method = getattr(cls, "_mul", None)
            if method is not None:
                table[node] = method
        cls._methods = table

    def show(self, e: Expr) -> tuple[str, int]:
        """The printed ``e`` and its precedence level."""
        method = self._methods.get(type(e))
        if method is None:
            raise TypeError(f"{type(self).__name__} has no form for {type(e).__name__}")
        return method(self, e)

    def at(self, e: Expr, level: int) -> str:
        """``e`` printed where at least ``level`` binds without brackets."""
        text, own = self.show(e)
        return text if own >= level else self.bracket(text)

    def bracket(self, text: str) -> str:
        return f"({text})"


class StackedPrinter(Printer):
    """What the built-up printers (LaTeX, MathML) decide alike: the signs of a sum, a minus and
    what it brackets, a power's base, and a product (juxtaposed, its bare arguments closed where
    a factor follows, or set apart by visible signs).  A subclass spells the pieces: ``sign``
    between terms and factors, ``minus`` before one, ``row`` around a run, ``glue`` between
    juxtaposed factors, and ``closed`` for a factor whose argument may not stay bare."""

    def sign(self, op: str) -> str:
        raise NotImplementedError

    def minus(self) -> str:
        raise NotImplementedError

    def row(self, parts: Sequence[str]) -> str:
        return "".join(parts)

    def glue(self, prev: Expr, factor: Expr) -> str:
        raise NotImplementedError

    def closed(self, e: Expr) -> tuple[str, int]:
        """``e`` with a function's argument in brackets (``sin(x)``, ``sin²(x)``)."""
        raise NotImplementedError

    def _add(self, e: Add) -> tuple[str, int]:
        parts = [self.at(e.terms[0], PRODUCT)]
        for term in e.terms[1:]:
            if isinstance(term, Neg):
                inner = term.arg
                text = (
                    self.bracket(self.show(inner)[0]) if isinstance(inner, Neg) else self.at(inner, PRODUCT)
                )
                parts += [self.sign("-"), text]
            else:
                parts += [self.sign("+"), self.at(term, PRODUCT)]
        return self.row(parts), SUM

    def _neg(self, e: Neg) -> tuple[str, int]:
        text, level = self.show(e.arg)
        if level < JUXT or isinstance(e.arg, Neg):
            text = self.bracket(text)
        return self.row([self.minus(), text]), SIGNED

    def base(self, e: Expr) -> str:
        """A power's or transpose's base: an atom, a call, a norm; anything else bracketed (a
        fraction, a power, a root, a derivative: (½)ˣ, (x²)³, (√x)²)."""
        text, level = self.show(e)
        tight = level >= POSTFIX and not isinstance(e, Pow | Transpose | Div | Deriv)
        if isinstance(e, Func) and e.name in ("sqrt", "cbrt"):
            tight = False
        if (
            isinstance(e, Num)
            and isinstance(e.value, Fraction)
            and e.value.denominator != 1
            and not e.decimal
        ):
            tight = False
        return text if tight else self.bracket(text)

    def _mul(self, e: Mul | MatMul) -> tuple[str, int]:
        factors = e.factors
        shown = [self.show(f) for f in factors]
        bracketed = [bracketed_factor(f, level) for f, (_, level) in zip(factors, shown, strict=True)]
        if not juxtaposable(factors, bracketed):
            apart: list[str] = []
            for text, level in shown:
                apart += [self.sign("·")] if apart else []
                apart.append(self.bracket(text) if level < JUXT else text)
            return self.row(apart), PRODUCT
        parts: list[str] = []
        for i, f in enumerate(factors):
            # a bare argument runs on into the next factor unless that starts with a function
            bare = i + 1 == len(factors) or starts_with_function(factors[i + 1], stacked=True)
            text, level = shown[i] if bare else self.closed(f)
            if parts:
                parts.append(self.glue(factors[i - 1], f))
            parts.append(self.bracket(text) if bracketed_factor(f, level) else text)
        return self.row(parts), JUXT


def format_number(value: int | Fraction, decimal: bool = False, sci: int | None = None) -> str:
    """Exact text of a number: ``3``, ``0.25`` (decimal), ``1/3`` (other fractions), ``6.02e23``
    (scientific notation, as written)."""
    if sci is not None:
        mantissa = Fraction(value) / Fraction(10) ** sci
        written = mantissa.numerator if mantissa.denominator == 1 and not decimal else mantissa
        return f"{format_number(written, decimal)}e{sci}"
    if isinstance(value, int):
        return f"{value}.0" if decimal else str(value)
    p, q = value.numerator, value.denominator
    if q == 1:
        return f"{p}.0" if decimal else str(p)
    if decimal:
        k = 0
        while (10**k) % q:
            k += 1
        digits = str(abs(p) * 10**k // q).rjust(k + 1, "0")
        return ("-" if p < 0 else "") + digits[:-k] + "." + digits[-k:]
    return f"{p}/{q}"


# -- decisions every printer shares.  ``stacked`` printers (LaTeX, MathML) build fractions and
# exponents up; linear text writes them on the line and needs brackets the stacked ones do not.


def power_prefix(e: Expr) -> bool:
    """``(sin x)^2`` written ``sin² x``: a whole power ≥ 2 of a function that takes a prefix."""
    return (
        isinstance(e, Pow)
        and isinstance(e.base, Func)
        and e.base.name in _POWER_PREFIX
        and len(e.base.args) == 1
        and isinstance(e.exp, Num)
        and isinstance(e.exp.value, int)
        and not e.exp.decimal
        and e.exp.value >= 2
    )


def bare_argument(e: Expr, *, stacked: bool) -> bool:
    """Whether a function takes ``e`` without brackets, as textbooks write ``sin 2x``, ``ln x``,
    ``cos x²``; stacked, also ``sin π/2`` built up (a linear ``sin pi/2`` would read (sin π)/2)."""
    if not stacked:
        return _linear_bare(e)
    if isinstance(e, Num):  # not 6.02 × 10²³: its own sign would end the argument
        return e.value >= 0 and (isinstance(e.value, int) or e.decimal) and e.sci is None
    if isinstance(e, Mul):
        first = e.factors[0]
        lead = _atom_power(first) or (isinstance(first, Num) and bare_argument(first, stacked=True))
        # a visible sign inside, 1·π·π, would end the argument: tanh² 1·π·π reads (tanh² 1)·π·π
        touching = any(needs_visible_times(a, b, stacked=True) for a, b in pairwise(e.factors))
        return lead and all(_atom_power(f) for f in e.factors[1:]) and not touching
    if isinstance(e, Div):
        return all(
            isinstance(p, Sym | Const | Num) and bare_argument(p, stacked=True) for p in (e.num, e.den)
        )
    return _atom_power(e)


def _atom_power(e: Expr) -> bool:
    return isinstance(e, Sym | Const) or (
        isinstance(e, Pow) and isinstance(e.base, Sym | Const) and not isinstance(e.exp, Neg)
    )


def _linear_bare(e: Expr) -> bool:
    if isinstance(e, Sym | Const):
        return True
    if isinstance(e, Num):
        return isinstance(e.value, int) and not e.decimal
    if isinstance(e, Pow):
        return isinstance(e.base, Sym | Const) and isinstance(e.exp, Sym | Num) and _linear_bare(e.exp)
    if isinstance(e, Mul):
        # a number and one letter or power, 2x or 3x^2: "cos x y" would read as (cos x)·y
        if len(e.factors) != 2 or not isinstance(e.factors[0], Num) or e.factors[0] == Num(1):
            return False  # 1·x is printed with its sign in readable text: brackets keep it inside
        rest = e.factors[1]
        return _linear_bare(e.factors[0]) and isinstance(rest, Sym | Const | Pow) and _linear_bare(rest)
    return False


def starts_with_function(e: Expr, *, stacked: bool = False) -> bool:
    """Whether ``e`` is written starting with a function's name, so that a bare argument before
    it may end there: ``sin x cos x``, not ``sin x y``.  Stacked, a power of a function other
    than ``sin² x`` starts with its base's bracket: ``(arcsin x)^x``."""
    if stacked and isinstance(e, Pow) and not power_prefix(e):
        return False
    while isinstance(e, Pow | Transpose):
        e = e.base if isinstance(e, Pow) else e.arg
    return isinstance(e, Func) and e.name != "abs"


def leads_with_numeral(e: Expr, *, stacked: bool) -> bool:
    """Whether ``e``, written without brackets of its own, begins with a numeral (``4x³``,
    ``2ˣ``, ``3·4``); stacked, a quotient begins with its bar."""
    lead = _leading(e, stacked)
    return isinstance(lead, Num) and lead.value >= 0


def _leading(e: Expr, stacked: bool) -> Expr:
    """The part of ``e`` a reader meets first: a product's first factor, a power's number base."""
    while True:
        if isinstance(e, Mul | MatMul):
            e = e.factors[0]
        elif isinstance(e, Pow | Transpose) and isinstance(e.base if isinstance(e, Pow) else e.arg, Num):
            e = e.base if isinstance(e, Pow) else e.arg
        elif isinstance(e, Div) and not stacked:
            e = e.num
        else:
            return e


def _ends_with_numeral(e: Expr, inside: bool = False) -> bool:
    """Stacked: whether the factor ``e`` ends with a numeral, on the line, raised, lowered or
    built up (``3``, ``x²``, ``x₁``, ``½``, ``√2``).  As a factor a sum, a sign, a product or a
    function's argument is closed by a bracket; ``inside`` an exponent, a fraction or a root
    they are not."""
    while True:
        if isinstance(e, Num):
            return True
        if isinstance(e, Sym):  # a numeral lowered: x₁
            return e.name.partition("_")[2][-1:].isdigit()
        if isinstance(e, Norm):  # ‖x‖₂
            return (e.kind or "")[-1:].isdigit()
        if isinstance(e, Div):  # a built-up fraction ends with its numerator and denominator both
            return _ends_with_numeral(e.num, True) or _ends_with_numeral(e.den, True)
        if isinstance(e, Deriv) and isinstance(e.expr, Sym) and e.var is not None:  # dx₁/dx
            return _ends_with_numeral(e.expr) or _ends_with_numeral(e.var)
        if isinstance(e, Pow):
            e, inside = e.exp, True
        elif isinstance(e, Func) and e.name in ("sqrt", "cbrt") and len(e.args) == 1:
            e, inside = e.args[0], True  # √2 ends with the 2 under its bar
        elif inside and isinstance(e, Func) and e.args and bare_argument(e.args[0], stacked=True):
            e = e.args[0]  # sin 2, log₂ 8 in an exponent: a bare argument ends the function
        elif inside and isinstance(e, Add):
            e = e.terms[-1]
        elif inside and isinstance(e, Mul | MatMul):
            e = e.factors[-1]
        elif inside and isinstance(e, Neg):
            e = e.arg
        else:
            return False


def needs_visible_times(prev: Expr, factor: Expr, *, stacked: bool) -> bool:
    """Whether ``factor`` after ``prev`` in a product needs a visible · (or ×): two numerals
    never touch, so ``3·4x³``, ``x²·1``, ``eˣ·3``, and stacked ``x²·½`` and ``2·½``; and a
    factor 1 keeps its sign, ``1·ln x``.  The printer asks only for a factor it does not bracket."""
    if stacked and prev == Num(1):
        return True  # a textbook writes 1·ln x, never 1 ln x
    lead = _leading(factor, stacked)
    if isinstance(lead, Num):
        return lead.value >= 0
    if stacked and isinstance(lead, Div):
        return _numerator_leads_with_numeral(lead) and _ends_with_numeral(prev)
    return False


def subscript_base(base: Expr) -> bool:
    """Whether a logarithm's base is written as a subscript (``log₂ x``, ``log_a x``,
    ``log_{1/2} x``, ``log_{y + 1} x``): numbers, letters and constants in sums and products, or
    a fraction of numbers; any other base (a power, a function, a derivative) makes it a call,
    ``log(x, b)``, in every printer."""
    if isinstance(base, Div):
        return isinstance(base.num, Num) and isinstance(base.den, Num)
    return all(isinstance(n, Num | Sym | Const | Add | Mul | Neg) for n in walk(base))


def is_differential(e: Expr) -> bool:
    """``dx``, ``du``: the differential an integral or a substitution writes (2 dx, not 2dx)."""
    return isinstance(e, Sym) and len(e.name) == 2 and e.name[0] == "d" and e.name[1].isalpha()


def bracketed_factor(f: Expr, level: int) -> bool:
    """Whether a juxtaposed product brackets its factor ``f`` (printed at ``level``): anything
    looser than a power, except a function with its bare argument (``sin x``, ``sin² x``) and an
    integral, which its ``dx`` closes (``2∫ x² dx``)."""
    return level < POSTFIX and not (level == JUXT and isinstance(f, Func | Pow | Integral))


def juxtaposable(factors: Sequence[Expr], bracketed: Sequence[bool]) -> bool:
    """Whether a stacked product is written by juxtaposition (``2x eˣ``), its factors bracketed
    as ``bracketed`` says; otherwise every factor is set apart by a visible ·: a product inside
    it, a negative number, two numerals that would touch, or ``f (x)`` that would read as a call."""
    for i, f in enumerate(factors):
        if isinstance(f, Mul | MatMul) or (isinstance(f, Num) and f.value < 0):
            return False
        if i == 0:
            continue
        prev = factors[i - 1]
        if not bracketed[i] and needs_visible_times(prev, f, stacked=True):
            return False
        if bracketed[i] and isinstance(prev, Sym) and prev.name in ("f", "g", "h"):
            return False
    return True


def _numerator_leads_with_numeral(e: Div) -> bool:
    """Stacked: whether a fraction's numerator (or its numerator's, built up again) begins with
    a numeral; inside it a sum has no brackets."""
    top: Expr = e
    while True:
        if isinstance(top, Div):
            top = top.num
        elif isinstance(top, Add):
            top = top.terms[0]
        else:
            lead = _leading(top, stacked=True)
            if lead is top:
                return isinstance(top, Num) and top.value >= 0
            top = lead
