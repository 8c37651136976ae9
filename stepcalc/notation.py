"""Notation shared by every printer (text, Unicode, LaTeX, MathML, the tree): how a number is
written.  The printers differ in how they show structure, never in what a number reads as."""

from __future__ import annotations

from fractions import Fraction

__all__ = ["format_number"]


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
