"""The exact stage of ``oracle.equal``: both sides as rational functions of their generators.

The difference is written over one denominator and its numerator expanded.  The generators
are the symbols and every distinct transcendental subterm (sin u, e^u, ln u, √u, f(u) …)
after normalising: tan, cot, sec and csc become quotients of sin and cos, the hyperbolic
functions become exponentials, e^(a + b) becomes e^a e^b, and every cos² u becomes 1 - sin² u.
Each of these is an identity wherever both sides are defined, so

* a numerator that expands to 0 proves the two sides **equal** on their common domain;
* a numerator that is a non-zero polynomial in the symbols alone, with rational
  coefficients, proves them **different**: a non-zero polynomial vanishes at finitely many
  points (for one variable; on a set of measure zero for several), so it is non-zero at
  almost every point of the common domain.  The caller still finds such a point, exactly.

Anything else (generators may be related: e^(2x) and e^x, √x and x) is left to the next
stage, with the difference as cancelled here: where it is not 0 at a point of the common
domain, the sides differ there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Exact", "exact"]

_MAX_TERMS = 4000  # an expansion estimated larger than this is left to the numeric stage


@dataclass(frozen=True, slots=True)
class Exact:
    """``verdict`` "equal", "different" or None, with the numerator and denominator of the
    difference when they were worked out (for "different", exact polynomials in the symbols).
    Terms common to both sides have cancelled in them: e^x cos x + relu(x - 1000) against
    e^x cos x leaves relu(x - 1000), which no sampling of the sides could see under e^x."""

    verdict: str | None
    numerator: Any = None
    denominator: Any = None


def exact(a: Any, b: Any, symbols: Sequence[Any]) -> Exact:
    import sympy as sp

    difference = a - b
    if difference == 0:
        return Exact("equal")
    difference = _normalise(sp, difference)
    if _expanded_size(sp, difference) > _MAX_TERMS:
        return Exact(None)
    numerator, denominator = sp.fraction(sp.together(difference))
    numerator = _pythagoras(sp, sp.expand(numerator))
    if numerator == 0:
        return Exact("equal")
    if _rational_polynomial(sp, numerator, symbols) and _rational_polynomial(sp, denominator, symbols):
        return Exact("different", numerator, denominator)
    return Exact(None, numerator, denominator)


def _normalise(sp: Any, e: Any) -> Any:
    rewrites = {
        sp.tan: lambda u: sp.sin(u) / sp.cos(u),
        sp.cot: lambda u: sp.cos(u) / sp.sin(u),
        sp.sec: lambda u: 1 / sp.cos(u),
        sp.csc: lambda u: 1 / sp.sin(u),
        sp.sinh: lambda u: (sp.exp(u) - sp.exp(-u)) / 2,
        sp.cosh: lambda u: (sp.exp(u) + sp.exp(-u)) / 2,
        sp.tanh: lambda u: (sp.exp(u) - sp.exp(-u)) / (sp.exp(u) + sp.exp(-u)),
        sp.coth: lambda u: (sp.exp(u) + sp.exp(-u)) / (sp.exp(u) - sp.exp(-u)),
        sp.sech: lambda u: 2 / (sp.exp(u) + sp.exp(-u)),
        sp.csch: lambda u: 2 / (sp.exp(u) - sp.exp(-u)),
    }
    for fn, rewrite in rewrites.items():
        if e.has(fn):
            e = e.replace(fn, rewrite)
    return e


def _pythagoras(sp: Any, e: Any) -> Any:
    """cos² u → 1 - sin² u everywhere (then expanded again), so that sin² + cos² - 1 is 0."""
    squares = [p for p in e.atoms(sp.Pow) if isinstance(p.base, sp.cos) and p.exp.is_Integer and p.exp >= 2]
    if not squares:
        return e
    replaced = {p: (1 - sp.sin(p.base.args[0]) ** 2) ** (p.exp // 2) * p.base ** (p.exp % 2) for p in squares}
    return sp.expand(e.xreplace(replaced))


def _rational_polynomial(sp: Any, e: Any, symbols: Sequence[Any]) -> bool:
    if not e.free_symbols <= set(symbols) or not e.is_polynomial(*symbols):
        return False
    try:
        coefficients = sp.Poly(e, *symbols).coeffs() if symbols else [e]
    except sp.PolynomialError:
        return False
    return all(c.is_Rational for c in coefficients)


def _expanded_size(sp: Any, e: Any) -> float:
    """An upper bound on the terms ``expand`` would write (products of sums multiply out)."""
    if isinstance(e, sp.Add):
        return sum(_expanded_size(sp, t) for t in e.args)
    if isinstance(e, sp.Mul):
        size = 1.0
        for f in e.args:
            size *= _expanded_size(sp, f)
        return size
    if isinstance(e, sp.Pow) and e.exp.is_Integer and isinstance(e.base, sp.Add):
        return float(_expanded_size(sp, e.base)) ** min(abs(int(e.exp)), 64)
    return 1.0
