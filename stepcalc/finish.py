"""The closing lines of a worked derivative, after the last hole is filled.

Each is one named step, applied by the same policy to every problem (docs/simplification.md):

1. ``simplify`` — the local tidy rewrites of :mod:`stepcalc.simplify` (its substeps name them);
2. ``multiply_num_den`` — a fraction inside a fraction is cleared by multiplying top and
   bottom by the inner denominators;
3. ``common_denominator`` — a quotient asked for gets a single-fraction answer;
4. ``cancel`` — a common polynomial factor of numerator and denominator (an exact gcd);
5. σ — ``e^{-u}/(1 + e^{-u})²`` is rewritten to ``σ(u)(1 - σ(u))`` in the textbook's four steps;
6. the textbook form, chosen among candidates by a documented cost (:mod:`stepcalc.simplify.forms`:
   an exponential taken out of a quotient's numerator; ``form=`` asks for one), the others kept
   as alternate forms;
7. ``factor_common`` — a number's logarithm shared by every term of a polynomial is taken out
   (``2 ln 5 - 2x ln 5`` → ``(2 - 2x) ln 5``);
8. ``positive_exponents`` — when the problem's negative powers end up inside a fraction or
   beside one in a sum, they are written as fractions too (one notation for reciprocals);
9. ``factor_common``/``factor`` — only when asked (``--factor``), beyond one variable's
   polynomials through exact factoring (``x² eˣ + 2x eˣ`` → ``x eˣ (x + 2)``).
"""

from __future__ import annotations

from fractions import Fraction

from stepcalc.expr import Add, Div, E, Expr, Func, Mul, Neg, Num, Pow, Sym, map_bottom_up, walk
from stepcalc.rules.base import number, rational
from stepcalc.simplify import (
    Simplified,
    as_decimals,
    cancel_common_factors,
    clear_complex_fractions,
    line_simplifier,
    positive_exponents,
    scaled,
    split_coefficient,
)
from stepcalc.simplify.core import Simplifier
from stepcalc.simplify.forms import Form, alternates, choose, factored_steps
from stepcalc.simplify.normal import normal_form
from stepcalc.simplify.polynomials import term_order
from stepcalc.simplify.univariate import factor_lines
from stepcalc.steps import Line, RuleId, Step

__all__ = ["alternate_forms", "finishing_lines"]


def finishing_lines(
    last: Expr,
    problem: Expr,
    x: Sym,
    *,
    factor: bool = False,
    form: str | None = None,
    together: bool = True,
) -> list[Line]:
    """The closing lines after ``last``.  ``together=False`` keeps a sum of terms apart where a
    quotient was asked for (an antiderivative: 2 ln|x − 2| + 1/(x − 1), not one fraction)."""
    lines: list[Line] = []
    current = last

    def add(rule: RuleId, new: Expr, substeps: tuple[Step, ...] = (), note: str = "") -> None:
        nonlocal current
        if new != current:
            lines.append(Line(new, (Step(rule, current, new, substeps),), note))
            current = new

    tidier = line_simplifier(term_order(problem))
    done = tidier.run(current)
    if not _has_negative_power(problem):
        flipped = positive_exponents(done.expr, tidier)
        done = Simplified(flipped.expr, done.steps + flipped.steps)
    if any(isinstance(n, Num) and n.decimal for n in walk(problem)):
        decimals = as_decimals(done.expr, tidier)
        done = Simplified(decimals.expr, done.steps + decimals.steps)
    add(RuleId.SIMPLIFY, done.expr, done.steps, next((s.note for s in done.steps if s.note), ""))
    for rule, new, substeps in _fraction_lines(current, problem, tidier, together):
        add(rule, new, substeps)
    for rule, new in _sigma_lines(current):
        add(rule, new)
    chosen = choose(current, lambda e: tidier.run(e).expr, form)
    add(chosen.rule, chosen.expr)
    logs = map_bottom_up(current, _constant_log_out)
    if logs != current:
        add(RuleId.FACTOR_COMMON, tidier.run(logs).expr, (Step(RuleId.FACTOR_COMMON, current, logs),))
    if together and _mixes_powers_and_fractions(current):
        flipped = positive_exponents(current, tidier)
        add(RuleId.POSITIVE_EXPONENTS, flipped.expr, flipped.steps)
        cleared = clear_complex_fractions(current, tidier)
        add(RuleId.MULTIPLY_NUM_DEN, cleared.expr, cleared.steps)
    if factor:
        lines.extend(factoring_lines(current, x))
    return lines


def _fraction_lines(
    current: Expr, problem: Expr, tidier: Simplifier, together: bool
) -> list[tuple[RuleId, Expr, tuple[Step, ...]]]:
    """The lines that settle the fractions: cleared, over one denominator when a quotient was
    asked for, cancelled; or, ``together=False``, a number spread over the sum and the terms
    finished one by one (:func:`_termwise`)."""
    out: list[tuple[RuleId, Expr, tuple[Step, ...]]] = []

    def push(rule: RuleId, new: Expr, substeps: tuple[Step, ...] = ()) -> None:
        nonlocal current
        if new != current:
            out.append((rule, new, substeps))
            current = new

    if not together:
        spread = _spread_number(current)
        if spread is not None:
            push(RuleId.DISTRIBUTE, tidier.run(spread).expr)
    if not together and isinstance(current, Add):
        for rule, new, substeps in _termwise(current, tidier):
            push(rule, new, substeps)
    else:
        cleared = clear_complex_fractions(current, tidier)
        push(RuleId.MULTIPLY_NUM_DEN, cleared.expr, cleared.steps)
    if together and isinstance(problem, Div):
        joined = _single_fraction(current)
        if joined is not None:
            done = tidier.run(joined)
            push(
                RuleId.COMMON_DENOMINATOR,
                done.expr,
                (Step(RuleId.COMMON_DENOMINATOR, current, joined), *done.steps),
            )
    if together or not isinstance(current, Add):
        cancelled = cancel_common_factors(current, tidier)
        push(RuleId.CANCEL, cancelled.expr, cancelled.steps)
    return out


def factoring_lines(e: Expr, x: Sym) -> list[Line]:
    """``--factor``: the lines that write ``e`` factored (x² eˣ + 2x eˣ → x eˣ (x + 2))."""
    lines: list[Line] = []
    for rule, new in factor_lines(e, x) or factored_steps(e):
        if new != e:
            lines.append(Line(new, (Step(rule, e, new),)))
            e = new
    return lines


def alternate_forms(result: Expr, problem: Expr) -> tuple[Form, ...]:
    """The other forms a result could be written in (expanded, factored, …), in the
    problem's order of terms."""
    tidier = line_simplifier(term_order(problem))
    return alternates(result, lambda e: tidier.run(e).expr)


def _has_negative_power(e: Expr) -> bool:
    for node in walk(e):
        if isinstance(node, Pow):
            k = rational(node.exp)
            if k is not None and k < 0:
                return True
    return False


def _mixes_powers_and_fractions(e: Expr) -> bool:
    """Whether the answer writes reciprocals two ways side by side: a negative power inside a
    fraction (``(-6(3x + 1)⁻³ - …)/sec(3x + 1)``), or beside a fraction in one sum
    (``-x⁻¹ eˣ sin eˣ - cos eˣ/x²``).  The problem's negative powers are kept otherwise:
    ``-2x⁻³``, ``-x⁻³/2``, and ``x^(-1/2) (…)(-1/(2x) + …)`` of logarithmic differentiation."""
    if not _has_negative_power(e):
        return False  # most answers: one walk decides
    for node in walk(e):
        if _is_fraction(node) and _has_negative_power(node):
            return True
        if isinstance(node, Add):
            powers = [_has_negative_power(t) for t in node.terms]
            fractions = [any(_is_fraction(n) for n in walk(t)) for t in node.terms]
            if any(p and any(f for j, f in enumerate(fractions) if j != i) for i, p in enumerate(powers)):
                return True
    return False


def _constant_log_out(e: Expr) -> Expr:
    """``2 ln 5 - 2x ln 5`` → ``(2 - 2x) ln 5``: a logarithm of a number that every term of a
    polynomial has as a factor is taken out, as the exponential rule writes it, aˣ ln a.  A log
    in a denominator (``2x/((x² + 1) ln 10) - 4/(x ln 10)``), or beside terms that are not a
    polynomial's, stays in each term."""
    if not isinstance(e, Add):
        return e
    shared: set[Expr] | None = None
    for term in e.terms:
        body = term.arg if isinstance(term, Neg) else term
        logs = {f for f in body.factors if _log_of_number(f)} if isinstance(body, Mul) else set()
        shared = logs if shared is None else shared & logs
        if not shared:
            return e
    assert shared is not None
    log = min(shared, key=str)
    kept = []
    for term in e.terms:
        negative = isinstance(term, Neg)
        body = term.arg if isinstance(term, Neg) else term
        assert isinstance(body, Mul)
        rest = list(body.factors)
        rest.remove(log)
        left = rest[0] if len(rest) == 1 else Mul(tuple(rest))
        if not all(_plain(n) for n in walk(left)):
            return e  # 2x·5^(x²) ln 5 + 3·5^(3x) ln 5: each term as the sum rule wrote it
        kept.append(Neg(left) if negative else left)
    return Mul((Add(tuple(kept)), log))


def _plain(e: Expr) -> bool:
    """A node of a polynomial's term: a number, a letter, a product, a whole power."""
    return isinstance(e, Num | Sym | Mul) or (isinstance(e, Pow) and isinstance(e.exp, Num))


def _log_of_number(e: Expr) -> bool:
    return isinstance(e, Func) and e.name == "ln" and isinstance(e.args[0], Num)


def _is_fraction(e: Expr) -> bool:
    return isinstance(e, Div) and not isinstance(e.den, Num)


def _simple_fraction(t: Expr) -> bool:
    """A term a book leaves as it is beside others: c·xᵏ, or a number over a power of a
    polynomial (−2/(x − 1), 1/(2(x − 1)²)), not a fraction with fractions or sums inside it."""
    body = t.arg if isinstance(t, Neg) else t
    if not isinstance(body, Div):
        return not any(isinstance(n, Div) for n in walk(body))
    top = split_coefficient(body.num)[1]
    return (top is None or not any(isinstance(n, Add | Div) for n in walk(top))) and not any(
        isinstance(n, Div) for n in walk(body.den)
    )


def _rational_in_form(t: Expr) -> bool:
    """No function and no root in ``t``: a rational function as written."""
    for n in walk(t):
        if isinstance(n, Func):
            return False
        if isinstance(n, Pow) and (k := rational(n.exp)) is not None and k.denominator != 1:
            return False
    return True


def _spread_number(e: Expr) -> Expr | None:
    """(a + b)/8 → a/8 + b/8, (1/8)(a + b) → a/8 + b/8: a number over or times a whole sum,
    multiplied into its terms (an antiderivative's terms are kept apart)."""
    terms = _flat_terms(e, Fraction(1))
    if len(terms) < 2 or terms == [(Fraction(1), t) for t in (e.terms if isinstance(e, Add) else (e,))]:
        return None
    shared = None
    for _, t in terms:
        fs = {g for g in (t.factors if isinstance(t, Mul) else (t,)) if rational(g) is None}
        shared = fs if shared is None else shared & fs
    if shared:
        return None  # eˣ sin x/2 − eˣ cos x/2 is eˣ(sin x − cos x)/2, as it stands
    return Add(tuple(t if c == 1 else Neg(t) if c == -1 else Mul((number(c), t)) for c, t in terms))


def _flat_terms(e: Expr, c: Fraction) -> list[tuple[Fraction, Expr]]:
    """The terms of ``c·e`` with every number over or times a sum multiplied in."""
    if isinstance(e, Neg):
        return _flat_terms(e.arg, -c)
    if isinstance(e, Add):
        return [pair for t in e.terms for pair in _flat_terms(t, c)]
    k, rest = split_coefficient(e)
    if isinstance(e, Div) and isinstance(e.num, Add) and (d := rational(e.den)):
        return _flat_terms(e.num, c / d)
    if k != 1 and isinstance(rest, Add):
        return _flat_terms(rest, c * k)
    return [(c, e)]


def _termwise(e: Add, tidier: Simplifier) -> list[tuple[RuleId, Expr, tuple[Step, ...]]]:
    """The lines that finish an antiderivative's sum term by term, as a book keeps it: the
    rational terms (no function in them) over one denominator, cancelled; each other term's
    fraction inside a fraction cleared on its own, never multiplied into its neighbours
    ((x + 2)/(4x² + 16x + 32) − atan((x + 2)/2)/16, not one quotient of both)."""
    rational_terms = [t for t in e.terms if _rational_in_form(t)]
    others = [t for t in e.terms if t not in rational_terms]
    lines: list[tuple[RuleId, Expr, tuple[Step, ...]]] = []
    current: Expr = e
    if len(rational_terms) >= 2 and not all(_simple_fraction(t) for t in rational_terms):
        joined = normal_form(Add(tuple(rational_terms)))
        done = tidier.run(joined)
        new = Add((done.expr, *others)) if others else done.expr
        lines.append((RuleId.COMMON_DENOMINATOR, tidier.run(new).expr, done.steps))
        current = lines[-1][1]
    terms = current.terms if isinstance(current, Add) else (current,)
    cleared = [clear_complex_fractions(t, tidier) for t in terms]
    cancelled = [cancel_common_factors(c.expr, tidier) for c in cleared]
    whole = tidier.run(Add(tuple(c.expr for c in cancelled)) if len(cancelled) > 1 else cancelled[0].expr)
    steps = tuple(s for c in (*cleared, *cancelled) for s in c.steps)
    lines.append((RuleId.MULTIPLY_NUM_DEN, whole.expr, steps))
    return lines


def _single_fraction(e: Expr) -> Expr | None:
    """``a/b + c`` → ``(a + c b)/b`` when the terms share one denominator (or none)."""
    if not isinstance(e, Add):
        return None
    dens = {_den(t) for t in e.terms} - {None}
    if len(dens) != 1:
        return None
    (den,) = dens
    assert den is not None
    terms: list[Expr] = []
    for t in e.terms:
        negative = isinstance(t, Neg)
        body = t.arg if isinstance(t, Neg) else t
        top = body.num if isinstance(body, Div) else Mul((body, den))
        terms.append(Neg(top) if negative else top)
    return Div(Add(tuple(terms)), den)


def _den(t: Expr) -> Expr | None:
    body = t.arg if isinstance(t, Neg) else t
    return body.den if isinstance(body, Div) else None


def _sigma_lines(e: Expr) -> list[tuple[RuleId, Expr]]:
    """``c·e^{-u}/(1 + e^{-u})²`` → … → ``c·σ(u)(1 - σ(u))``, the textbook's route (WORKED §5)."""
    c, rest = split_coefficient(e)
    if not isinstance(rest, Div):
        return []
    top, bottom = rest.num, rest.den
    if not (isinstance(bottom, Pow) and bottom.exp == Num(2) and isinstance(bottom.base, Add)):
        return []
    s = bottom.base  # 1 + e^{-u}
    if len(s.terms) != 2 or s.terms[0] != Num(1) or s.terms[1] != top:
        return []
    if not (isinstance(top, Pow) and top.base == E and isinstance(top.exp, Neg)):
        return []
    u = top.exp.arg
    one_over = Div(Num(1), s)
    sigma = Func("sigma", (u,))
    steps = [
        (RuleId.ADD_SUBTRACT, Div(Add((s, Neg(Num(1)))), bottom)),
        (RuleId.SPLIT_FRACTION, Add((one_over, Neg(Div(Num(1), bottom))))),
        (RuleId.FACTOR, Mul((one_over, Add((Num(1), Neg(one_over)))))),
        (RuleId.RECOGNIZE_SIGMA, Mul((sigma, Add((Num(1), Neg(sigma)))))),
    ]
    return [(rule, _times_coefficient(c, new)) for rule, new in steps]


def _times_coefficient(c: object, e: Expr) -> Expr:
    from fractions import Fraction

    assert isinstance(c, Fraction)
    if c == 1:
        return e
    return scaled(c, e)
