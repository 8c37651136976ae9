"""Limits worked step by step: the engine over the limit rule table.

``limit(expr, "x=a")`` works lim_{x→a} f (a may be ``oo`` or ``-oo``; ``side`` ``"+"`` or ``"-"``
for a one-sided limit): the rules fill the limit holes line by line, each line named, and the
last line is the value, exact, or ∞ or −∞.  A limit that does not exist ends with a line
saying why (the one-sided limits differ, or it oscillates): ``exists`` is False, ``result``
None and ``reason`` the sentence.  A limit no rule can do ends with an explicit "no rule
applies" line (``unknown``).

``limit_table`` is the numerical table of the notes: f at points approaching a, in exact
decimals where they are short.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from stepcalc.budget import call_with_limit
from stepcalc.derivation import Derivation, Problem, check_written, written_sizes
from stepcalc.engine import Budget, Rewriter, Worked, forget, work
from stepcalc.errors import StepcalcError, UnsupportedError
from stepcalc.exact import to_float
from stepcalc.expr import INF, Deriv, Expr, Grad, Integral, Limit, Neg, Sym, depth, free_symbols, walk
from stepcalc.limits import DEFAULT, Limits, recursion_room
from stepcalc.parse import parse, variable
from stepcalc.phrases import no_rule, note_text
from stepcalc.printing import to_text
from stepcalc.rules.limit import DoesNotExist, LimitContext, LimitKind, evaluated, infinite
from stepcalc.statement import read_statement
from stepcalc.steps import Line, RuleId, Section, Step

__all__ = ["WorkedLimit", "limit", "limit_table", "read_point", "work_limit"]

_INFINITY = ("oo", "∞", "inf", "infinity")
DNE = Sym("DNE")  # the last line of a limit that does not exist, as APEX writes it
_SIDES = {"": "", "+": "+", "-": "-", "⁺": "+", "⁻": "-", "right": "+", "left": "-"}


def limit(
    expr: str | Expr,
    at: str | None = None,
    *,
    side: str = "",
    verify: bool = False,
    limits: Limits = DEFAULT,
    max_seconds: float | None = None,
) -> Derivation:
    """lim ``expr`` as the variable tends to the point ``at`` (``"x=0"``, ``"x=oo"``, ``"0"``),
    from ``side`` (``"+"``, ``"-"``) or both, step by step (a Derivation)."""
    budget = limits.max_seconds if max_seconds is None else max_seconds
    started = time.monotonic()
    derivation = call_with_limit(
        budget, lambda: _limit(expr, at, side, limits=limits, max_seconds=budget), "finding the limit"
    )
    if verify and not derivation.unknown:
        derivation.verify(max_seconds=max(0.0, budget - (time.monotonic() - started)))
    return derivation


def read_point(at: str | None, f: Expr, side: str = "") -> tuple[Sym, Expr, str]:
    """(x, a, side) from ``x=a`` (or ``x->a``, or ``a`` alone when f has one variable); a is a
    number, ``INF`` or ``-INF``; a trailing + or − on a finite point is its side."""
    if at is None or not at.strip():
        raise StepcalcError("say where the limit is taken: --at x=a (a may be oo or -oo)")
    text = at.strip()
    name, sep, where = text.replace("->", "=").replace("→", "=").partition("=")
    if not sep:
        name, where = "", text
    x = variable(name) if name.strip() else _only_variable(f)
    where = where.strip()
    written_side = ""
    for mark in ("⁺", "⁻", "+", "-"):
        if (
            len(where) > 1
            and where.endswith(mark)
            and where[:-1].strip().lstrip("+-").lower() not in _INFINITY
        ):
            written_side, where = _SIDES[mark], where[:-1].strip()
            break
    if side and side not in _SIDES:
        raise StepcalcError(f"the side is + (from the right) or - (from the left), not {side!r}")
    chosen = _SIDES.get(side, "") or written_side
    bare = where.lstrip("+-").strip().lower()
    if bare in _INFINITY:
        if chosen:
            raise StepcalcError("a limit at oo or -oo has no side: leave out --side")
        return x, Neg(INF) if where.startswith("-") else INF, ""
    point = parse(where)
    if free_symbols(point):
        raise UnsupportedError(f"the point must be a number (or oo, -oo), not {where}")
    if to_float(point) is None:
        raise UnsupportedError(f"the point {where} is not a real number")
    return x, point, chosen


def _only_variable(f: Expr) -> Sym:
    found = sorted(s.name for s in free_symbols(f))
    if len(found) == 1:
        return Sym(found[0])
    if not found or "x" in found:
        return Sym("x")
    raise UnsupportedError(f"the expression has several variables ({', '.join(found)}); write --at x=a")


def _limit(expr: str | Expr, at: str | None, side: str, *, limits: Limits, max_seconds: float) -> Derivation:
    text = expr if isinstance(expr, str) else to_text(expr)
    tree = parse(expr, limits=limits) if isinstance(expr, str) else expr
    if any(isinstance(n, Deriv | Grad | Integral | Limit) for n in walk(tree)):
        raise UnsupportedError("the expression holds a derivative, integral or limit: work it out first")
    f = read_statement(tree).expr
    x, to, chosen = read_point(at, f, side)
    start = Limit(f, x, to, chosen)
    derivation = Derivation(Problem(text, f, (x,), kind="limit"))
    found = work_limit(start, limits, max_seconds)
    section = Section(found.lines, start=start)
    derivation.sections.append(section)
    if found.unknown:
        derivation.unknown = section.unknown = found.unknown
        return derivation
    if found.value is None:
        derivation.exists = False
        derivation.reason = note_text(found.lines[-1].note)
        return derivation
    derivation.result = found.value
    derivation.exists = True
    check_written(derivation, limits, written_sizes(limits))
    return derivation


@dataclass
class WorkedLimit:
    """The lines of one limit; its value (None when it does not exist, or is unknown)."""

    lines: list[Line]
    value: Expr | None = None
    unknown: str = ""


def work_limit(start: Limit, limits: Limits, max_seconds: float) -> WorkedLimit:
    """lim f worked by the limit rules, line by line, ending in its value, in a line saying it
    does not exist (and why: its note), or in a "no rule applies" line."""
    forget()
    budget = Budget(
        max_steps=limits.max_nodes,
        deadline=time.monotonic() + max_seconds,
        seconds=max_seconds,
        doing="finding the limit",
    )
    kind = LimitKind(LimitContext(budget))
    worked = Worked()
    try:
        with recursion_room(depth(start.expr) + 200):
            work(Line(start), Rewriter(kind, budget), worked, "textbook")
    except DoesNotExist as dne:
        last = worked.lines[-1].expr if worked.lines else start
        note = f"{dne.key}:{';'.join(to_text(p) for p in dne.parts)}"
        worked.lines.append(Line(DNE, (Step(dne.rule, last, DNE),), note=note))
        return WorkedLimit(worked.lines)
    if worked.unknown:
        return WorkedLimit(worked.lines, unknown=worked.unknown)
    last = worked.lines[-1].expr if worked.lines else start
    found = evaluated(last)
    if found is None:
        unknown = no_rule(start)  # a value left that has none (∞ − ∞, 0·(1/0)): said of the problem
        worked.lines.append(Line(last, (Step(RuleId.UNKNOWN, start, last),), note=unknown))
        return WorkedLimit(worked.lines, unknown=unknown)
    if found != last:
        worked.lines.append(Line(found, (Step(RuleId.EVALUATE, last, found),)))
    return WorkedLimit(worked.lines, found)


# ---------------------------------------------------------------- the numerical table
def limit_table(
    expr: str | Expr, at: str | None = None, *, side: str = "", rows: int = 6
) -> list[tuple[str, str, str]]:
    """The notes' table: (side, x, f(x)) at points approaching a, each side (at a finite
    point) or growing (at ±∞): a ± 0.1, 0.01, …; 10, 100, …; f to 10 significant digits, or
    "undefined"."""
    from stepcalc.tasks.sampling import numeric_function

    tree = parse(expr) if isinstance(expr, str) else expr
    f = read_statement(tree).expr
    x, to, chosen = read_point(at, f, side)
    fn = numeric_function(f, x)
    out: list[tuple[str, str, str]] = []
    s = infinite(to)
    if s:
        for k in range(1, rows + 1):
            far = Fraction(s * 10**k)
            out.append(("", _decimal(far), _value(fn, float(far))))
        return out
    a = to_float(to)
    assert a is not None
    for mark in ("-", "+") if not chosen else (chosen,):
        for k in range(1, rows + 1):
            step = Decimal(1).scaleb(-k) * (1 if mark == "+" else -1)
            p = Decimal(repr(a)) + step
            out.append((mark, _decimal(p), _value(fn, float(p))))
    return out


def _decimal(p: Fraction | Decimal) -> str:
    d = Decimal(p.numerator) / Decimal(p.denominator) if isinstance(p, Fraction) else p
    return format(d.normalize(), "f")


def _value(fn: object, p: float) -> str:
    v = fn(p)  # type: ignore[operator]
    return "undefined" if v is None or v != v else f"{v:.10g}"
