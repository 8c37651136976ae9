"""Simplification: small named rewrite units in ordered tables, run to a fixed point.

Units live in modules by topic (arithmetic, fractions, powers, absolute, polynomials,
brackets, trig, explog; matrix for vector and matrix results); :mod:`stepcalc.simplify.table`
orders them and :mod:`stepcalc.simplify.core` runs
them, recording every rewrite as a step with its local before and after.
"""

from stepcalc.simplify.core import Simplified
from stepcalc.simplify.terms import scaled, split_coefficient
from stepcalc.simplify.tidy import (
    as_decimals,
    cancel_common_factors,
    clear_complex_fractions,
    fold_numbers,
    line_simplifier,
    positive_exponents,
    simplify,
    tidy,
)

__all__ = [
    "Simplified",
    "as_decimals",
    "cancel_common_factors",
    "clear_complex_fractions",
    "fold_numbers",
    "line_simplifier",
    "positive_exponents",
    "scaled",
    "simplify",
    "split_coefficient",
    "tidy",
]
