"""Integrals worked step by step: the engine over the integral rule table.

``integrate(expr)`` works ∫ f dx: the rules fill the integral holes line by line (each line
named), the substitutions are put back, the result is simplified to a textbook form in named
steps, and the last line adds the constant of integration, ``+ C``.  ``result`` is the
antiderivative without C.

With ``lower`` and ``upper`` the integral is definite: after the antiderivative, a second part
applies the fundamental theorem, ∫ₐᵇ f dx = [F(x)]ₐᵇ = F(b) − F(a), written out and evaluated
exactly; ``result`` is the value.  That needs f continuous on [a, b].  An improper integral —
a bound ±∞ (``oo``), or f undefined at a bound — is the limit of proper ones, worked by the
limit engine: ∫₁^∞ f dx = lim_{t→∞} [F(x)]₁ᵗ; ∫_{−∞}^{∞} is split at 0.  Its value, ∞ or −∞
(it diverges), or "does not exist" (``exists`` False).  f undefined inside (a, b) is refused
with the reason, never given a value.

An integral no rule can do ends with an explicit "no rule applies" line (``unknown``).
"""

from __future__ import annotations

import math
import re
import time
from fractions import Fraction

from stepcalc.budget import call_with_limit
from stepcalc.derivation import Derivation, Problem, check_written, written_sizes
from stepcalc.engine import Budget, Rewriter, Worked, forget, work
from stepcalc.errors import ParseError, StepcalcError, UnsupportedError
from stepcalc.exact import UndefinedValue, exact_value
from stepcalc.expr import (
    INF,
    ONE,
    Add,
    Deriv,
    Div,
    Evaluated,
    Expr,
    Func,
    Grad,
    Integral,
    Limit,
    Neg,
    Num,
    Sym,
    depth,
    free_symbols,
    map_bottom_up,
    walk,
)
from stepcalc.finish import finishing_lines
from stepcalc.limits import DEFAULT, Limits, recursion_room
from stepcalc.parse import parse, variable
from stepcalc.phrases import note_text
from stepcalc.rules.integral import IntegralContext, IntegralKind, put_back
from stepcalc.rules.limit.base import infinite, settle
from stepcalc.simplify import tidy
from stepcalc.statement import read_statement
from stepcalc.steps import Line, RuleId, Section, Step
from stepcalc.tasks.sampling import numeric_function

__all__ = ["integrand", "integrate", "read_bound"]


def integrate(
    expr: str | Expr,
    wrt: str | Sym | None = None,
    *,
    lower: str | Expr | None = None,
    upper: str | Expr | None = None,
    verify: bool = False,
    limits: Limits = DEFAULT,
    max_seconds: float | None = None,
) -> Derivation:
    """∫ ``expr`` d``wrt``, step by step (a Derivation); definite with ``lower`` and ``upper``."""
    budget = limits.max_seconds if max_seconds is None else max_seconds
    started = time.monotonic()
    derivation = call_with_limit(
        budget,
        lambda: _integrate(expr, wrt, lower, upper, limits=limits, max_seconds=budget),
        "integrating",
    )
    if verify and not derivation.unknown:
        derivation.verify(max_seconds=max(0.0, budget - (time.monotonic() - started)))
    return derivation


def _integrate(
    expr: str | Expr,
    wrt: str | Sym | None,
    lower: str | Expr | None,
    upper: str | Expr | None,
    *,
    limits: Limits,
    max_seconds: float,
) -> Derivation:
    text = expr if isinstance(expr, str) else str(expr)
    written_wrt = None
    if isinstance(expr, str):
        expr, written_wrt = as_written(expr)
        if written_wrt is not None and wrt is not None and str(wrt) != written_wrt:
            raise UnsupportedError(f"the integral is written d{written_wrt} but wrt is {wrt}: say one")
    f = integrand(parse(expr, limits=limits) if isinstance(expr, str) else expr)
    x = _variable(f, wrt if wrt is not None else written_wrt)
    bounds = _bounds(lower, upper, limits)
    problem = Problem(text, f, (x,), kind="integral")
    derivation = Derivation(problem)
    section = _antiderivative(f, x, limits, max_seconds)
    derivation.sections.append(section)
    if section.unknown:
        derivation.unknown = section.unknown
        return derivation
    antiderivative = section.lines[-1].expr
    if bounds is None:
        constant = _constant_name(f)
        terms = antiderivative.terms if isinstance(antiderivative, Add) else (antiderivative,)
        with_c = Add((*terms, constant))
        section.lines.append(Line(with_c, (Step(RuleId.CONSTANT_OF_INTEGRATION, antiderivative, with_c),)))
        derivation.result = antiderivative
    else:
        a, b = bounds
        _check_continuous(f, x, a, b)
        _check_domain(section, a, b)
        singular = [end for end in (a, b) if not infinite(end) and _undefined_at(f, x, end)]
        if infinite(a) or infinite(b) or singular:
            _improper(derivation, f, x, a, b, antiderivative, limits, max_seconds)
            return derivation
        evaluation = _fundamental_theorem(f, x, a, b, antiderivative)
        derivation.sections.append(evaluation)
        derivation.result = evaluation.lines[-1].expr
    check_written(derivation, limits, written_sizes(limits))
    return derivation


_WRITTEN = re.compile(r"^(\s*(?:∫|\\int\b|int\b)?)(.*?\S.*?)(\s*\*?\s*d([A-Za-z])\s*)$", re.S)
_SIGN = re.compile(r"^\s*(?:∫|\\int\b|int\b)")
_INSIDE = re.compile(r"(?<![A-Za-z/])d([A-Za-z])(?![A-Za-z(_/])")  # not d/dx


def as_written(text: str) -> tuple[str, str | None]:
    """An integral as people type it, ``∫ x^2 dx``, ``int x^2 dx`` or ``x^2 dx``: the integrand's
    text and the variable of its ``dx`` (``x^2dx`` too).  The sign and the ``dx`` become spaces,
    so a parse error still points at its column; a ``dx`` anywhere but last is an error (never
    read as d·x), and ``d/dx`` is left to the derivative's own error."""
    found = _WRITTEN.match(text)
    if found is None:
        sign = _SIGN.match(text)
        body, var = (" " * sign.end() + text[sign.end() :], None) if sign else (text, None)
    else:
        sign_text, middle, tail, var = found.groups()
        body = " " * len(sign_text) + middle + " " * len(tail)
    inside = _INSIDE.search(body)
    if inside is not None:
        raise ParseError(
            f"d{inside.group(1)} stands inside the integral at column {inside.start() + 1}: "
            f"write it last (x^2 d{inside.group(1)}) or leave it out",
            text,
            column=inside.start() + 1,
        )
    return body, var


def integrand(tree: Expr) -> Expr:
    """What is to be integrated: the expression, or the right side of ``y = …`` / ``f(x) = …``.
    A derivative still to be taken (``d/dx (…)``, ``(…)'``) is not an integrand."""
    if any(isinstance(n, Deriv | Grad | Limit) for n in walk(tree)):
        raise UnsupportedError(
            "the expression holds a derivative still to be taken: work it out first (stepcalc diff)"
        )
    statement = read_statement(tree)
    return statement.expr


def _variable(f: Expr, wrt: str | Sym | None) -> Sym:
    if isinstance(wrt, Sym):
        return wrt
    if isinstance(wrt, str):
        return variable(wrt)
    found = sorted(s.name for s in free_symbols(f))
    if len(found) == 1:
        return Sym(found[0])
    if not found or "x" in found:
        return Sym("x")
    raise UnsupportedError(
        f"the expression has several variables ({', '.join(found)}); say which one with wrt (--wrt)"
    )


def _bounds(lower: str | Expr | None, upper: str | Expr | None, limits: Limits) -> tuple[Expr, Expr] | None:
    if lower is None and upper is None:
        return None
    if lower is None or upper is None:
        raise StepcalcError("a definite integral needs both bounds (--from and --to)")
    a, b = (read_bound(v, limits) for v in (lower, upper))
    for bound in (a, b):
        if free_symbols(bound):
            raise UnsupportedError(f"a bound must be a number, not {bound}")
    if infinite(a) and infinite(a) == infinite(b):
        raise UnsupportedError(
            "the bounds are the same infinity: the integral is 0 by definition, and a slip"
        )
    if infinite(a) > 0 or infinite(b) < 0:
        raise UnsupportedError("an infinite lower bound must be -oo, an infinite upper bound oo")
    return a, b


def read_bound(v: str | Expr, limits: Limits) -> Expr:
    """A bound as written: a number, or ``oo``/``-oo`` (INF, −INF)."""
    if isinstance(v, str) and v.strip().lstrip("+-").strip().lower() in _INFINITY:
        return Neg(INF) if v.strip().startswith("-") else INF
    return parse(v, limits=limits) if isinstance(v, str) else v


_INFINITY = ("oo", "∞", "inf", "infinity")


def _constant_name(f: Expr) -> Sym:
    """C, or K when the problem uses C itself."""
    taken = {s.name for s in free_symbols(f)}
    return Sym("C") if "C" not in taken else Sym("K")


def _antiderivative(f: Expr, x: Sym, limits: Limits, max_seconds: float) -> Section:
    """∫ f dx as lines: the rules, the substitutions put back, the textbook form."""
    forget()
    start = Integral(f, x)
    ctx = IntegralContext({s.name for s in free_symbols(f)} | {x.name}, variable=x)
    kind = IntegralKind(ctx)
    budget = Budget(
        max_steps=limits.max_nodes,
        deadline=time.monotonic() + max_seconds,
        seconds=max_seconds,
        doing="integrating",
    )
    with recursion_room(depth(f) + 50):
        worked = work(Line(start), Rewriter(kind, budget), Worked(), "textbook")
    section = Section(list(worked.lines), start=start, bindings=tuple(ctx.bindings), domain=ctx.domain)
    if worked.unknown:
        section.unknown = worked.unknown
        return section
    last = section.lines[-1].expr if section.lines else start
    if ctx.bindings:
        back = last
        for binding in reversed(ctx.bindings):
            back = put_back(back, binding, ctx)
        section.lines.append(Line(back, (Step(RuleId.SUBSTITUTE, last, back),)))
        last = back
    section.lines.extend(finishing_lines(last, f, x, together=False))
    last = section.lines[-1].expr if section.lines else last
    absorbed = logarithm_content_out(last, x)
    if absorbed is not None:
        section.lines.append(Line(absorbed, (Step(RuleId.ABSORB_CONSTANT, last, absorbed),)))
    return section


def logarithm_content_out(e: Expr, x: Sym) -> Expr | None:
    """``e`` with each logarithm of a polynomial that has a number for a factor written without
    it: ln|2x + 2|/2 → ln|x + 1|/2, ln(3x² + 3) → ln(x² + 1) (ln k, a constant, joins C); None
    when there is none."""
    from stepcalc.simplify.univariate import to_expr, to_poly

    def one(n: Expr) -> Expr:
        if not (isinstance(n, Func) and n.name == "ln" and len(n.args) == 1):
            return n
        inner = n.args[0]
        absolute = isinstance(inner, Func) and inner.name == "abs"
        p = to_poly(inner.args[0] if absolute and isinstance(inner, Func) else inner, x)
        if p is None or len(p) < 1 or max(p) < 1:
            return n
        tops = [c.numerator for c in p.values()]
        bottoms = [c.denominator for c in p.values()]
        k = Fraction(math.gcd(*tops), math.lcm(*bottoms))
        if absolute and p[max(p)] < 0:
            k = -k
        if k == 1 or (k <= 0 and not absolute):
            return n
        reduced = to_expr({power: c / k for power, c in p.items()}, x)
        return Func("ln", (Func("abs", (reduced,)),)) if absolute else Func("ln", (reduced,))

    if not any(isinstance(n, Func) and n.name == "ln" for n in walk(e)):
        return None
    out = tidy(map_bottom_up(e, one))
    return None if out == e else out


def _check_continuous(f: Expr, x: Sym, a: Expr, b: Expr) -> None:
    """The fundamental theorem needs f continuous on (a, b), its ends aside (an end where f has
    no value makes the integral improper): sampled at 1,999 inner points (a stretch of 200 at
    an infinite bound), f must have a finite value at each and no value far above the others
    (a pole between samples)."""
    lo, hi = (_float(v, x) if not infinite(v) else None for v in (a, b))
    if lo is None and hi is None:
        lo, hi = -100.0, 100.0
    elif lo is None:
        assert hi is not None
        lo = hi - 200
    elif hi is None:
        hi = lo + 200
    lo, hi = min(lo, hi), max(lo, hi)
    points = [lo + (hi - lo) * k / 2000 for k in range(1, 2000)]
    fn = numeric_function(f, x)
    values = [fn(p) for p in points]
    finite = sorted(abs(v) for v in values if v is not None and math.isfinite(v))
    typical = finite[len(finite) // 2] if finite else 0.0
    bad = [p for p, v in zip(points, values, strict=True) if v is None or not math.isfinite(v)]
    huge = [p for p, v in zip(points, values, strict=True) if v is not None and abs(v) > 1e8 * (typical + 1)]
    if bad or huge:
        raise UnsupportedError(
            f"the integrand is not continuous on [{a}, {b}] (near {x.name} = {(bad or huge)[0]:.4g}): "
            "the integral is improper inside the interval: split it there and integrate each part"
        )


def _float(bound: Expr, x: Sym) -> float:
    value = numeric_function(bound, x)(0.0)
    if value is None or not math.isfinite(value):
        raise UnsupportedError(f"a bound must be a finite real number, not {bound}")
    return value


def _fundamental_theorem(f: Expr, x: Sym, a: Expr, b: Expr, antiderivative: Expr) -> Section:
    """∫ₐᵇ f dx = [F(x)]ₐᵇ = F(b) − F(a) = its exact value."""
    start = Integral(f, x, a, b)
    bracket = Evaluated(antiderivative, x, a, b)
    difference = Add((_at(antiderivative, x, b), Neg(_at(antiderivative, x, a))))
    lines = [
        Line(bracket, (Step(RuleId.FUNDAMENTAL_THEOREM, start, bracket),)),
        Line(difference, (Step(RuleId.EVALUATE, bracket, difference),)),
    ]
    try:
        value = exact_value(difference)
    except UndefinedValue:
        raise UnsupportedError("the antiderivative has no value at a bound") from None
    if value != difference:
        lines.append(Line(value, (Step(RuleId.SIMPLIFY, difference, value),)))
    return Section(lines, start=start)


def _at(e: Expr, x: Sym, value: Expr) -> Expr:
    return map_bottom_up(e, lambda n: value if n == x else n)


# ---------------------------------------------------------------- improper integrals
def _check_domain(section: Section, a: Expr, b: Expr) -> None:
    """An antiderivative that holds for x ≥ c only (x = c sec θ) serves an interval inside it."""
    if section.domain is None:
        return
    x, c = section.domain
    assert isinstance(x, Sym)
    ends = [_float(v, x) if not infinite(v) else math.copysign(math.inf, infinite(v)) for v in (a, b)]
    if min(ends) < _float(c, x) - 1e-12:
        raise UnsupportedError(
            f"the substitution {x} = {c} sec θ holds for {x} ≥ {c} only, and the interval reaches below it"
        )


def _undefined_at(f: Expr, x: Sym, end: Expr) -> bool:
    """Whether f has no value at a bound (1/√x at 0): the integral is improper there."""
    try:
        exact_value(_at(f, x, end))
    except (UndefinedValue, ZeroDivisionError, OverflowError, ValueError):
        return True
    return False


def _improper(
    derivation: Derivation,
    f: Expr,
    x: Sym,
    a: Expr,
    b: Expr,
    antiderivative: Expr,
    limits: Limits,
    seconds: float,
) -> None:
    """∫ₐᵇ f dx as limits of proper integrals: one limit for one improper end; two, split at a
    point c inside (0, or the finite end ± 1), for two; the value is their sum, and the integral
    diverges when either part does."""
    ends = [end for end in (a, b) if infinite(end) or _undefined_at(f, x, end)]
    if len(ends) == 2:
        c = _inner_point(a, b)
        parts = [(a, c, "lower"), (c, b, "upper")]
    else:
        parts = [(a, b, "lower" if ends[0] is a else "upper")]
    values: list[Expr] = []
    for lo, hi, which in parts:
        section, found = _improper_part(f, x, lo, hi, which, antiderivative, limits, seconds)
        derivation.sections.append(section)
        if section.unknown:
            derivation.unknown = section.unknown
            return
        if found is None:  # the limit does not exist
            derivation.exists = False
            derivation.reason = note_text(section.lines[-1].note)
            return
        values.append(found)
    if len(values) == 2:
        whole = settle(Add(tuple(values)))
        if any(infinite(v) for v in values) and not infinite(whole):
            derivation.exists = False  # ∞ − ∞: the parts diverge in opposite directions
            derivation.reason = "the integral diverges: its two parts diverge in opposite directions"
            return
        total = Integral(f, x, a, b)
        split = Add(tuple(Integral(f, x, lo, hi) for lo, hi, _ in parts))
        summed = Add(tuple(values))
        value = whole if infinite(whole) else exact_value(whole)
        lines = [Line(split, (Step(RuleId.INT_SPLIT, total, split),))]
        lines.append(Line(summed, (Step(RuleId.EVALUATE, split, summed),)))
        if value != summed:
            lines.append(Line(value, (Step(RuleId.SIMPLIFY, summed, value),)))
        derivation.sections.append(Section(lines, start=total))
        derivation.result = value
    else:
        derivation.result = values[0]
    derivation.exists = True


def _inner_point(a: Expr, b: Expr) -> Expr:
    """Where ∫ₐᵇ with both ends improper is split: 0 between ±∞, else inside (a, b)."""
    if infinite(a) and infinite(b):
        return Num(0)
    if infinite(a):
        return tidy(Add((b, Neg(ONE))))
    if infinite(b):
        return tidy(Add((a, ONE)))
    return tidy(Div(Add((a, b)), Num(2)))


def _improper_part(
    f: Expr, x: Sym, lo: Expr, hi: Expr, which: str, antiderivative: Expr, limits: Limits, seconds: float
) -> tuple[Section, Expr | None]:
    """∫ f dx from lo to hi with the ``which`` end improper: lim_{t→end} ∫ (the integral with t
    for that end), the fundamental theorem inside the limit, and the limit worked by the limit
    engine.  Returns the section and the value (None when the limit does not exist)."""
    from stepcalc.tasks.limit import work_limit

    t = _fresh(f, x)
    end = lo if which == "lower" else hi
    side = "" if infinite(end) else ("+" if which == "lower" else "-")
    a, b = (t, hi) if which == "lower" else (lo, t)
    to = end
    start = Integral(f, x, lo, hi)
    definition = Limit(Integral(f, x, a, b), t, to, side)
    bracket = Limit(Evaluated(antiderivative, x, a, b), t, to, side)
    difference = Add((_at(antiderivative, x, b), Neg(_at(antiderivative, x, a))))
    g = tidy(difference)
    lines = [
        Line(definition, (Step(RuleId.IMPROPER_INTEGRAL, start, definition),)),
        Line(bracket, (Step(RuleId.FUNDAMENTAL_THEOREM, definition, bracket),)),
        Line(Limit(g, t, to, side), (Step(RuleId.EVALUATE, bracket, Limit(g, t, to, side)),)),
    ]
    worked = work_limit(Limit(g, t, to, side), limits, seconds)
    lines.extend(worked.lines)
    section = Section(lines, start=start)
    if worked.unknown:
        section.unknown = worked.unknown
        return section, None
    return section, worked.value


def _fresh(f: Expr, x: Sym) -> Sym:
    taken = {s.name for s in free_symbols(f)} | {x.name}
    return next(Sym(n) for n in ("t", "b", "s", "T") if n not in taken)
