"""Simplification's entry points: the simplify line, and the folding after each rule.

The policy (docs/differentiation.md):

* numbers are folded and written in front (``e^{2x}·2`` → ``2e^{2x}``), no ``1·``, ``+ 0``,
  ``^1``; signs are pulled out of products and quotients (``e^x(-sin x)`` → ``-e^x sin x``);
* a product with a fraction becomes one fraction (``(x+1)·(1/x)`` → ``(x+1)/x``) and common
  factors of a quotient cancel (``2x/(2√u)`` → ``x/√u``);
* like terms are combined; a bracketed sum is opened only when that lets terms combine
  (``x ln x - (x+1)`` stays as the textbook writes it);
* powers of the same base with numeric exponents merge (``x·x²`` → ``x³``);
* nothing is expanded or factored unless asked (``--factor``).

The rewrites are the units of :mod:`stepcalc.simplify.table`; none of them calls sympy, and
the oracle checks every line separately.
"""

from __future__ import annotations

from collections.abc import Callable

from stepcalc.expr import Add, Div, Expr, Mul, Neg, Num, children, map_bottom_up, walk
from stepcalc.simplify.core import Simplified, Simplifier, Table, Unit
from stepcalc.simplify.table import CANCEL_COMMON, CLEAR_FRACTIONS, DECIMALS, POSITIVE_EXPONENTS, ROOT, TIDY
from stepcalc.simplify.terms import MINUS_ONE, TermOrder, is_zero
from stepcalc.steps import RuleId

__all__ = [
    "TIDIER",
    "as_decimals",
    "cancel_common_factors",
    "clear_complex_fractions",
    "fold_numbers",
    "line_simplifier",
    "positive_exponents",
    "simplify",
    "tidy",
]

TIDIER = Simplifier(TIDY, root=ROOT)
"""The simplifier of every simplify line (a unit that must simplify a piece gets it as ``ctx``)."""


def simplify(
    e: Expr, *, extra: Callable[[Expr], Expr | None] | None = None, order: TermOrder | None = None
) -> Simplified:
    """``e`` with every simplification unit applied until none applies, and the steps taken.

    ``extra`` is a further local rewrite tried first at every node, its children already
    simplified (evaluation at a point passes special values this way: derivation lines must
    not get them); what it returns is recorded as ``evaluate``.  ``order`` is how polynomial
    terms are ordered (``polynomials.term_order`` reads it off a problem).
    """
    if extra is None and order is None:
        return TIDIER.run(e)
    return Simplifier(TIDY, extra, order=order, root=ROOT).run(e)


def tidy(
    e: Expr, used: list[RuleId] | None = None, *, extra: Callable[[Expr], Expr | None] | None = None
) -> Expr:
    """``simplify(e).expr``; the ids of the units that fired are appended to ``used``."""
    done = simplify(e, extra=extra)
    if used is not None:
        used.extend(r for r in done.rules if r not in used)
    return done.expr


def line_simplifier(order: TermOrder | None = None) -> Simplifier:
    """The simplifier of simplify lines in ``order``, remembering from run to run the nodes it
    found settled: the closing lines of one derivative simplify the same parts again and
    again (each line, each candidate form), and walk each settled part once."""
    return Simplifier(TIDY, order=order, remember=True, root=ROOT)


def clear_complex_fractions(e: Expr, tidier: Simplifier = TIDIER) -> Simplified:
    """``(a - b/c)/d`` → ``(c a - b)/(c d)``, then simplified (by ``tidier``)."""
    return _then_tidy(CLEAR_FRACTIONS, e, tidier)


def cancel_common_factors(e: Expr, tidier: Simplifier = TIDIER) -> Simplified:
    """``(x^2 + 2x + 1)/(x + 1)^2`` → ``1``: common polynomial factors cancelled, then simplified."""
    return _then_tidy(CANCEL_COMMON, e, tidier)


def as_decimals(e: Expr, tidier: Simplifier = TIDIER) -> Simplified:
    """``3x^2/10`` → ``0.3x^2``: for a problem written with decimals."""
    return _then_tidy(DECIMALS, e, tidier)


def positive_exponents(e: Expr, tidier: Simplifier = TIDIER) -> Simplified:
    """``x^{-2/3}/3`` → ``1/(3x^{2/3})``: negative powers written as fractions, then simplified."""
    return _then_tidy(POSITIVE_EXPONENTS, e, tidier)


def _then_tidy(table: Table, e: Expr, tidier: Simplifier) -> Simplified:
    rewriter = Simplifier(table, tidier=tidier)
    if not any(_changes(unit, n, rewriter) for n in walk(e) for unit in table.get(type(n), ())):
        # no node that a unit of the table changes: nothing below changes, so nothing above
        # does either (a unit reads only its node), and no walk that rebuilds is needed
        return Simplified(e, ())
    first = rewriter.run(e)
    if not first.steps:
        return first
    second = tidier.run(first.expr)
    return Simplified(second.expr, first.steps + second.steps)


def _changes(unit: Unit, node: Expr, ctx: Simplifier) -> bool:
    if not unit.match(node):
        return False
    new = unit.apply(node, ctx)
    return new is not None and new != node


# ---------------------------------------------------------------- folding after a rule
def fold_numbers(e: Expr, keep: Expr | None = None) -> Expr:
    """The arithmetic a rule's own result needs: ``1 + 0`` → ``1``, ``2·1`` → ``2``, ``u·(-1)`` → ``-u``.

    Only zeros and ones are folded (and a factor ``-1`` becomes a sign): ``3·2x`` is left
    for the ``simplify`` line, as a textbook shows it.  The engine records the folding as a
    ``fold_constants`` substep of the rule that needed it.
    """
    return map_bottom_up(e, _fold_node, keep=_parts(keep) if keep is not None else None)


def _parts(f: Expr) -> set[int]:
    """The nodes of a rule's input that its output may reuse (children and grandchildren)."""
    kids = children(f)
    return {id(f), *(id(c) for c in kids), *(id(g) for c in kids for g in children(c))}


def _fold_node(e: Expr) -> Expr:
    """One node's zeros and ones folded; the node itself when there is nothing to fold."""
    if isinstance(e, Add):
        terms = tuple(t for t in e.terms if not is_zero(t))
        if len(terms) == len(e.terms):
            return e
        if not terms:
            return Num(0)
        return terms[0] if len(terms) == 1 else Add(terms)
    if isinstance(e, Mul):
        if any(is_zero(f) for f in e.factors):
            return Num(0)
        if not any(f == Num(1) or f == MINUS_ONE for f in e.factors):
            return e
        negative = sum(1 for f in e.factors if f == MINUS_ONE) % 2 == 1
        factors = tuple(f for f in e.factors if f != Num(1) and f != MINUS_ONE)
        body = factors[0] if len(factors) == 1 else (Mul(factors) if factors else Num(1))
        return Neg(body) if negative else body
    if isinstance(e, Neg) and is_zero(e.arg):
        return Num(0)
    if isinstance(e, Div) and is_zero(e.num):
        return Num(0)
    return e
