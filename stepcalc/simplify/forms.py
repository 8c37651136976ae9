"""The textbook form of a result, chosen on purpose among candidates, by a documented cost.

Candidates of a simplified result (each simplified again, duplicates dropped):

* ``simplified`` — the result as the simplify line left it;
* ``common_factor`` — an exponential factor (eˣ, 5ʷ, xˣ) that every term of a quotient's
  numerator shares taken out: ``(x eˣ + eˣ)/x²`` → ``(x + 1) eˣ/x²``;
* ``expanded`` — the polynomial (or a quotient's numerator) multiplied out and collected;
* ``factored`` — the polynomial (or a quotient's numerator) factored over the rationals;
* ``single_fraction`` — a sum with fractions over one denominator, common factors cancelled;
* ``rationalised`` — a denominator a·√u + b multiplied above and below by its conjugate
  a·√u - b, and what is common cancelled: ``(√(x² + 1) + x)/(x √(x² + 1) + x² + 1)`` →
  ``1/√(x² + 1)`` (built only for such a denominator; it wins only by being shorter);
* ``pythagorean`` — a quotient with sin u and cos u (sinh u and cosh u) read with
  sin²u = 1 - cos²u, when a common factor the identity hid then cancels:
  ``(2 sin x cos x (1 - cos x) - sin³x)/(1 - cos x)²`` → ``-sin x`` (built only for such a
  quotient; it wins only by being shorter).

The **textbook cost** (docs/simplification.md) is, in this order of weight:

1. fractions inside fractions, 10 each (a textbook clears them), a negative power of a sum
   that holds a fraction among them (``(1 + 1/t)^(-1)``);
2. a quotient's numerator whose terms all share an exponential factor, 3 (take it out); a
   difference of a root and a fraction over it (``√u - x²/√u``), 5: written over the root,
   ``(1 - 2x²)/√(1 - x²)``, the numerator shows where the derivative is zero; a sum of
   positive terms stays a sum (``2x √(x + 1) + x²/(2√(x + 1))``), as the course table and
   APEX §13.3 print them;
3. a candidate the course's house style does not print unasked — ``expanded``, ``factored``
   and ``single_fraction`` — 4 (a worked solution ends expanded in the numerator, over the
   denominator as written, and a sum stays a sum, as tests/test_derive_table.py records);
4. then the number of nodes, a tenth each.

The cheapest candidate wins, the simplified one on a tie.  ``form=`` asks for one kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from stepcalc.expr import Add, Div, Expr, Func, Mul, Neg, Num, Pow, children, walk
from stepcalc.lazy import LazyModule
from stepcalc.rules.base import number, rational
from stepcalc.simplify.terms import (
    base_exponent,
    factors_of,
    scaled,
    shared_brackets,
    split_coefficient,
    sum_of,
)
from stepcalc.sizes import written_size
from stepcalc.steps import RuleId

if TYPE_CHECKING:
    from stepcalc.simplify import normal
else:
    normal = LazyModule("stepcalc.simplify.normal")  # imported when first needed

__all__ = ["FORMS", "KINDS", "Form", "alternates", "candidates", "choose", "cost", "factored_steps"]

FORMS = ("expanded", "factored", "single_fraction")
"""The kinds a caller may ask for (``--form``)."""

KINDS = ("common_factor", *FORMS)
"""The kinds of candidate built for every result worth weighing, in this order (``rationalised``
and ``pythagorean`` are built besides them only where they can apply)."""

_RULES = {
    "simplified": RuleId.SIMPLIFY,
    "common_factor": RuleId.FACTOR_COMMON,
    "expanded": RuleId.EXPAND,
    "factored": RuleId.FACTOR,
    "single_fraction": RuleId.COMMON_DENOMINATOR,
    "rationalised": RuleId.CONJUGATE,
    "pythagorean": RuleId.PYTHAGOREAN,
}
MAX_NODES = 400  # distinct nodes of a result whose forms are weighed
MAX_WRITTEN = 100_000  # the written size counted, at most
_UNASKED = {"expanded": 4.0, "factored": 4.0, "single_fraction": 4.0}


@dataclass(frozen=True, slots=True)
class Form:
    """One way to write the result: its kind (``factored``…), the expression, the step's rule."""

    kind: str
    expr: Expr

    @property
    def rule(self) -> RuleId:
        return _RULES[self.kind]


Tidy = Callable[[Expr], Expr]


def candidates(e: Expr, tidy: Tidy, kinds: tuple[str, ...] | None = None) -> list[Form]:
    """The forms of ``e`` of these kinds (by default all that apply), the simplified one first,
    each simplified (a factored form factor by factor, so that its factors keep the order
    factoring gave them: ``x eˣ (x + 2)``), none twice."""
    if kinds is None:
        kinds = _with_extras(KINDS, _distinct(e))
    found = [Form("simplified", e)]
    for kind in kinds:
        new = _MAKERS[kind](e)
        if new is not None:
            shown = _factor_by_factor(new, tidy) if kind == "factored" else tidy(new)
            if all(f.expr != shown for f in found):
                found.append(Form(kind, shown))
    return found


def cost(form: Form) -> float:
    """The textbook cost of a form (the module docstring says what it counts)."""
    nodes = _distinct(form.expr)
    nested = sum(1 for n in nodes if _nested_fraction(n))
    shared = sum(1 for n in nodes if isinstance(n, Div) and _shares_a_factor(n.num)) + bool(
        shared_brackets(form.expr)
    )
    split = sum(1 for n in nodes if isinstance(n, Add) and _root_and_reciprocal(n))
    size = written_size(form.expr, MAX_WRITTEN)
    return 10.0 * nested + 3.0 * bool(shared) + 5.0 * split + _UNASKED.get(form.kind, 0.0) + 0.1 * size


def choose(e: Expr, tidy: Tidy, form: str | None = None) -> Form:
    """The form asked for, or the cheapest.  Only candidates that can cost less are built: a
    form the house style does not print unasked pays more than the nodes it saves unless the
    simplified one has a fraction inside a fraction or a root and its reciprocal in a
    difference; an exponential comes out of a numerator that shares one.  A result past
    ``MAX_NODES`` distinct nodes is far beyond a textbook's and stays as it is."""
    nodes = _distinct(e, MAX_NODES + 1)
    if len(nodes) > MAX_NODES:
        return Form("simplified", e)
    if form is not None:
        kinds: tuple[str, ...] = (form,)
    else:
        awkward = any(_nested_fraction(n) or (isinstance(n, Add) and _root_and_reciprocal(n)) for n in nodes)
        shared = any(isinstance(n, Div) and _shares_a_factor(n.num) for n in nodes) or bool(
            shared_brackets(e)
        )
        kinds = _with_extras(KINDS if awkward else ("common_factor",) if shared else (), nodes)
    found = candidates(e, tidy, kinds)
    asked = [f for f in found if f.kind == form]
    if asked or len(found) == 1:
        return (asked or found)[0]
    return min(found, key=cost)  # min keeps the first on a tie


def alternates(e: Expr, tidy: Tidy) -> tuple[Form, ...]:
    """The other forms ``e`` could be written in (none for a result past ``MAX_NODES``)."""
    if len(_distinct(e, MAX_NODES + 1)) > MAX_NODES:
        return ()
    return tuple(candidates(e, tidy)[1:])


def _factor_by_factor(e: Expr, tidy: Tidy) -> Expr:
    if isinstance(e, Neg):
        return Neg(_factor_by_factor(e.arg, tidy))
    if isinstance(e, Div):
        return Div(_factor_by_factor(e.num, tidy), _factor_by_factor(e.den, tidy))
    if isinstance(e, Mul):
        return Mul(tuple(tidy(f) for f in e.factors))
    return tidy(e)


def _distinct(e: Expr, cap: int | None = None) -> list[Expr]:
    """The distinct nodes of ``e`` (a subtree shared by several parents once), up to ``cap``."""
    seen: dict[int, Expr] = {}
    stack = [e]
    while stack and (cap is None or len(seen) < cap):
        node = stack.pop()
        if id(node) not in seen:
            seen[id(node)] = node
            stack.extend(children(node))
    return list(seen.values())


def factored_steps(e: Expr) -> list[tuple[RuleId, Expr]]:
    """``x² eˣ + 2x eˣ`` → ``x eˣ (x + 2)``: beyond one variable's polynomials, the common factor
    taken out, then the rest factored (exactly, over the rationals)."""
    out: list[tuple[RuleId, Expr]] = []
    common = normal.common_factor(e) if isinstance(e, Add) else None
    if common is not None:
        front, rest = common
        out.append(
            (RuleId.FACTOR_COMMON, Mul((*(front.factors if isinstance(front, Mul) else (front,)), rest)))
        )
    full = normal.factor(e)
    if full is not None and all(full != shown for _, shown in out):
        out.append((RuleId.FACTOR, full))
    return out


# ---------------------------------------------------------------- the candidates
def _quotient(e: Expr) -> tuple[bool, Div] | None:
    body = e.arg if isinstance(e, Neg) else e
    return (isinstance(e, Neg), body) if isinstance(body, Div) else None


def _signed(negative: bool, e: Expr) -> Expr:
    return Neg(e) if negative else e


def _nested_fraction(n: Expr) -> bool:
    """A fraction inside a fraction: ``(a - b/c)/d``, or a negative power of a sum that holds one
    (``(1 + 1/t)^(-1)`` is ``1/(1 + 1/t)``)."""
    if isinstance(n, Div):
        return _has_inner_fraction(n)
    if isinstance(n, Pow) and isinstance(n.base, Add):
        k = rational(n.exp)
        return k is not None and k < 0 and any(_is_fraction(t) for t in n.base.terms)
    return False


def _is_fraction(t: Expr) -> bool:
    inner = t.arg if isinstance(t, Neg) else t
    if isinstance(inner, Div) or (isinstance(inner, Mul) and any(isinstance(f, Div) for f in inner.factors)):
        return True
    k = rational(inner.exp) if isinstance(inner, Pow) else None
    return k is not None and k < 0


def _has_inner_fraction(d: Div) -> bool:
    for part in (d.num, d.den):
        for t in part.terms if isinstance(part, Add) else (part,):
            inner = t.arg if isinstance(t, Neg) else t
            if isinstance(inner, Div) or (
                isinstance(inner, Mul) and any(isinstance(f, Div) for f in inner.factors)
            ):
                return True
    return False


def _roots(e: Expr) -> set[Expr]:
    return {n for n in walk(e) if isinstance(n, Func) and n.name == "sqrt"}


def _root_and_reciprocal(s: Add) -> bool:
    """``√u - x²/√u``: a root as a factor of one term and below the fraction of a term of the
    other sign (over the root, the numerator shows where the derivative is zero)."""
    sides: dict[bool, tuple[set[Expr], set[Expr]]] = {True: (set(), set()), False: (set(), set())}
    for t in s.terms:
        above, below = sides[isinstance(t, Neg)]
        body = t.arg if isinstance(t, Neg) else t
        if isinstance(body, Div):
            above |= _roots(body.num)
            below |= _roots(body.den)
        else:
            above |= _roots(body)
    return bool(sides[True][0] & sides[False][1]) or bool(sides[False][0] & sides[True][1])


def _with_extras(kinds: tuple[str, ...], nodes: list[Expr]) -> tuple[str, ...]:
    """``kinds``, with ``rationalised`` when a denominator has a root in a sum, and
    ``pythagorean`` when a quotient holds sin u and cos u (or sinh u and cosh u)."""
    if any(isinstance(n, Div) and _root_in_sum(n.den) for n in nodes):
        kinds = (*kinds, "rationalised")
    if any(isinstance(n, Div) for n in nodes) and _pythagorean_pair(nodes):
        kinds = (*kinds, "pythagorean")
    return kinds


_PARTNER = {"sin": "cos", "sinh": "cosh"}
_PAIRED = {"sin", "cos", "sinh", "cosh"}


def _pythagorean_pair(nodes: list[Expr]) -> bool:
    """Whether sin u and cos u (or sinh u and cosh u) are both among ``nodes``."""
    seen = {
        (n.name, n.args) for n in nodes if isinstance(n, Func) and n.name in ("sin", "cos", "sinh", "cosh")
    }
    return any((_PARTNER[name], args) in seen for name, args in seen if name in _PARTNER)


def _root_in_sum(den: Expr) -> bool:
    """A denominator with a sum that holds the square root of a sum: ``x √(x² + 1) + x² + 1``."""
    for f in den.factors if isinstance(den, Mul) else (den,):
        if isinstance(f, Add) and any(isinstance(r, Func) and isinstance(r.args[0], Add) for r in _roots(f)):
            return True
    return False


def _exponential(f: Expr) -> bool:
    return isinstance(f, Pow) and rational(f.exp) is None


def _shared_exponentials(num: Expr) -> list[Expr]:
    """The exponential factors every term of the sum ``num`` has (none for a single term)."""
    if not isinstance(num, Add):
        return []
    first, *others = (factors_of(t) for t in num.terms)
    return [f for f in first if _exponential(f) and all(f in fs for fs in others)]


def _shares_a_factor(num: Expr) -> bool:
    return bool(_shared_exponentials(num) or shared_brackets(num))


def _common_factor(e: Expr) -> Expr | None:
    """``(x eˣ + eˣ)/x²`` → ``(x + 1) eˣ/x²``;  ``(24x (3x² - 5)³ (2x³ - 1) - 12x² (3x² - 5)⁴)/…``
    → ``12x (3x² - 5)³ (x³ + 5x - 2)/…``: what every term of a quotient's numerator shares taken
    out (exponentials, powers of a bracket, and with a bracket the number and powers of x)."""
    q = _quotient(e)
    if q is None:  # a sum: brackets only (e^x cos x - e^x sin x keeps its terms, WORKED §2)
        brackets = shared_brackets(e)
        if not brackets or not isinstance(e, Add):
            return None
        front, rest = _bracketed(e, [], brackets)
        # what is left is short: (2x + 1)⁴ (3x - 2)⁶ (72x + 1) (OpenStax §3.6); a long rest
        # stays a sum, as APEX §2.5 ex. 31 prints 5(x² + x)⁴ (2x + 1) (3x⁴ + 2x)³ + …
        form = normal.to_rational(rest)
        return Mul((*front, rest)) if form is not None and form.num.total_degree() <= 2 else None
    negative, d = q
    shared, brackets = _shared_exponentials(d.num), shared_brackets(d.num)
    if not shared and not brackets:
        return None
    assert isinstance(d.num, Add)
    front, rest = _bracketed(d.num, shared, brackets)
    return _signed(negative, Div(Mul((*front, rest)), d.den))


def _bracketed(s: Add, shared: list[Expr], brackets: Mapping[Expr, int]) -> tuple[list[Expr], Expr]:
    """``s`` with the shared factors taken out, and with a bracket the number and powers of x
    the rest shares too."""
    rest = sum_of([_without(t, shared, brackets) for t in s.terms])
    front = [*shared, *(b if k == 1 else Pow(b, number(Fraction(k))) for b, k in brackets.items())]
    if brackets:
        split = normal.common_factor(rest)
        if split is not None:
            front.insert(0, split[0])
            rest = split[1]
    return front, rest


def _without(t: Expr, shared: list[Expr], brackets: Mapping[Expr, int]) -> Expr:
    c, _ = split_coefficient(t)
    factors = factors_of(t)
    for f in shared:
        factors.remove(f)
    for i, f in enumerate(factors):
        base, k = base_exponent(f)
        if base in brackets and k is not None:
            left = int(k) - brackets[base]
            factors[i] = Num(1) if left == 0 else base if left == 1 else Pow(base, number(Fraction(left)))
    factors = [f for f in factors if f != Num(1)]
    body = factors[0] if len(factors) == 1 else Mul(tuple(factors)) if factors else None
    return scaled(c, body)


def _on_numerator(change: Callable[[Expr], Expr | None]) -> Callable[[Expr], Expr | None]:
    """``change`` applied to a quotient's numerator (the denominator stays as written), or to
    the whole of anything else."""

    def changed(e: Expr) -> Expr | None:
        q = _quotient(e)
        if q is None:
            return change(e)
        negative, d = q
        top = change(d.num)
        if top is not None and _quotient(top) is not None:
            return change(e)  # the numerator held fractions: the whole is changed
        return None if top is None else _signed(negative, Div(top, d.den))

    return changed


def _expanded(e: Expr) -> Expr | None:
    return _on_numerator(normal.expand)(e)


def _factored(e: Expr) -> Expr | None:
    return _on_numerator(lambda part: normal.factor(part, _brackets(part)))(e)


def _brackets(e: Expr) -> tuple[Expr, ...]:
    """The sums ``e`` is written with as factors, powers or quotients (not those inside a
    function or a root): the brackets a factored form keeps whole."""
    found: dict[Expr, None] = {}
    stack = list(children(e)) if isinstance(e, Add) else [e]
    while stack:
        node = stack.pop()
        if isinstance(node, Add):
            found[node] = None
            stack.extend(node.terms)
        elif isinstance(node, Neg | Mul | Div):
            stack.extend(children(node))
        elif isinstance(node, Pow) and isinstance(node.exp, Num):
            stack.append(node.base)
    return tuple(found)


def _single_fraction(e: Expr) -> Expr | None:
    if not (isinstance(e, Add) and any(isinstance(t.arg if isinstance(t, Neg) else t, Div) for t in e.terms)):
        return None
    return normal.cancel(e)


_MAKERS: dict[str, Callable[[Expr], Expr | None]] = {
    "rationalised": lambda e: normal.rationalised(e),
    "pythagorean": lambda e: normal.with_pythagoras(e),
    "common_factor": _common_factor,
    "expanded": _expanded,
    "factored": _factored,
    "single_fraction": _single_fraction,
}
