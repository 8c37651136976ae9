"""The derivative from first principles (issue 19, item 4): ``stepcalc definition EXPR``.

f′(x) = lim_{h→0} (f(x + h) − f(x))/h worked line by line (the lines come from
:mod:`stepcalc.tasks.definition_steps`), at a point a when asked (``--at x=1``: the notes'
(f(1 + h) − f(1))/h), with the difference quotient's values for h = ±0.1 … ±0.00001
(:mod:`stepcalc.tasks.definition_table`) when asked.

Each line is checked by the oracle: a line inside the limit against the line before, as
functions of x and h (h ≠ 0); a line after the limit is taken against stepcalc's own derivative
(``stepcalc.derivation.derive``), which is what the limit is.  A line that cannot be decided
is "unknown", and the whole is then not called verified.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from stepcalc.budget import call_with_limit
from stepcalc.derivation import derive
from stepcalc.derivative_at import substitute
from stepcalc.errors import StepcalcError
from stepcalc.evaluate import evaluate_at, parse_point
from stepcalc.expr import Add, Div, Expr, Func, Limit, Neg, Sym, free_symbols
from stepcalc.limits import DEFAULT, Limits
from stepcalc.parse import parse, variable
from stepcalc.printing import to_text, to_unicode
from stepcalc.statement import read_statement
from stepcalc.tasks.definition_steps import Step, steps_for
from stepcalc.tasks.definition_table import Row, quotient_table

__all__ = ["Definition", "check_steps", "definition"]

GIVEN, VERIFIED, REFUTED, UNKNOWN = "given", "verified", "refuted", "unknown"
_OUTCOME = {True: VERIFIED, False: REFUTED, None: UNKNOWN}


@dataclass(frozen=True, slots=True)
class Definition:
    """A derivative worked from its definition: the lines, the oracle's verdict on each
    (``checks``, empty when not verified), stepcalc's own derivative to compare with, and the
    difference quotient's table when asked."""

    input: str
    f: Expr
    x: Sym
    h: Sym
    at: Expr | None
    steps: tuple[Step, ...]
    checks: tuple[str, ...]
    derivative: Expr  # stepcalc's own f′ (its value at a, at a point)
    table: tuple[Row, ...] | None = None
    name: str = "f"  # the function's letter: s in s(t) = −16t² + 64

    @property
    def result(self) -> Expr:
        return self.steps[-1].expr

    @property
    def verified(self) -> bool | None:
        if not self.checks:
            return None
        if REFUTED in self.checks:
            return False
        return None if UNKNOWN in self.checks else True

    def to_dict(self) -> dict[str, Any]:
        from stepcalc.latex_print import to_latex
        from stepcalc.oracle import sympy_text

        def forms(e: Expr) -> dict[str, str]:
            return {"text": to_text(e, readable=True), "latex": to_latex(e), "sympy": sympy_text(e)}

        lines = [
            {**forms(step.expr), "rules": [step.rule], **({"check": c} if c else {})}
            for step, c in zip(self.steps, self.checks or ("",) * len(self.steps), strict=True)
        ]
        problem = {"kind": "definition", "input": self.input, "expr": to_text(self.f), "wrt": self.x.name}
        if self.at is not None:
            problem["at"] = sympy_text(self.at)
        out: dict[str, Any] = {"problem": problem, "lines": lines, "result": forms(self.result)}
        if self.table is not None:
            out["table"] = [row.to_dict() for row in self.table]
        out["verified"] = self.verified
        return out

    def to_text(self, *, unicode: bool = False, lang: str = "en") -> str:
        from stepcalc.tasks.definition_render import render_definition

        return render_definition(self, "unicode" if unicode else "text", lang)

    def __str__(self) -> str:
        return self.to_text(unicode=True)

    def _repr_markdown_(self) -> str:  # Jupyter shows it as a derivation shows itself
        from stepcalc.tasks.definition_render import render_definition

        return render_definition(self, "md")


def definition(
    expr: str | Expr,
    *,
    wrt: str | None = None,
    at: str | dict[str, str | Expr] | None = None,
    table: bool = False,
    verify: bool = True,
    limits: Limits = DEFAULT,
) -> Definition:
    """f′ of ``expr`` from the definition of the derivative; at the point ``at`` (``"x=1"``)
    when given; ``table`` adds the difference quotient's values near the point."""
    text = expr if isinstance(expr, str) else to_text(expr)
    statement = read_statement(parse(expr, limits=limits) if isinstance(expr, str) else expr)
    f = statement.expr
    x, a = _variable_and_point(f, wrt, statement.var, at, limits)
    if table and a is None:
        raise StepcalcError("the table of the difference quotient needs a point: give --at x=a")
    letters = free_symbols(f) - {x}
    if letters:
        others = ", ".join(sorted(s.name for s in letters))
        raise StepcalcError(
            f"first-principles steps need a function of {x.name} alone; {to_unicode(f)} has {others}"
        )
    h = next(Sym(n) for n in ("h", "k", "t", "s") if Sym(n) != x)
    named = statement.name  # s(t) = …: the derivative is s′(t); y = … and the rest: f′(x)
    name = named.name if isinstance(named, Func) and len(named.args) == 1 and len(named.name) == 1 else "f"

    def work() -> Definition:
        derivative = _derivative(f, x, a, limits)
        steps = tuple(steps_for(f, x, a, h, name))
        # the oracle shares what is left of the budget among the lines (derive() has its own)
        seconds = min(2.0, limits.max_seconds / (2 * len(steps)))
        checks = check_steps(steps, f, x, a, h, derivative, seconds=seconds) if verify else ()
        rows = quotient_table(f, x, a) if table and a is not None else None
        return Definition(text, f, x, h, a, steps, checks, derivative, rows, name)

    return call_with_limit(limits.max_seconds, work, "working from the definition")


def _variable_and_point(
    f: Expr, wrt: str | None, stated: Sym | None, at: str | dict[str, str | Expr] | None, limits: Limits
) -> tuple[Sym, Expr | None]:
    """The variable (``--wrt``, the statement's, the point's, f's only letter, or x) and the point."""
    point = parse_point(at, limits) if at is not None else {}
    if len(point) > 1:
        raise StepcalcError("a derivative from the definition takes one point, as x=a")
    letters = sorted(free_symbols(f), key=lambda s: s.name)
    x = (
        variable(wrt)
        if wrt
        else stated or next(iter(point), None) or (letters[0] if len(letters) == 1 else Sym("x"))
    )
    if not point:
        return x, None
    ((named, a),) = point.items()
    if named != x:
        raise StepcalcError(f"the point {named.name} = {to_text(a)} is not on the {x.name} axis")
    if free_symbols(a):
        raise StepcalcError(f"the point {x.name} = {to_text(a)} must be a number")
    return x, a


def _derivative(f: Expr, x: Sym, a: Expr | None, limits: Limits) -> Expr:
    """stepcalc's own f′ (by the rules, no oracle), or its value at a: what the limit must be.
    A point where f or f′ does not exist is a clear error before any line is written."""
    from stepcalc.tasks.definition_steps import kind_of

    kind_of(f, x)  # a function first principles here do not cover: said before anything else
    if a is None:
        d = derive(f, wrt=x.name, limits=limits)
        if d.result is None:
            raise StepcalcError(f"stepcalc could not differentiate {to_unicode(f)}")
        return d.result
    if evaluate_at(f, {x: a}, limits).undefined is not False:
        raise StepcalcError(f"{to_unicode(f)} is not defined at {x.name} = {to_unicode(a)}")
    d = derive(f, wrt=x.name, at={x.name: a}, limits=limits)
    if d.value is None or d.value.undefined is not False:
        raise StepcalcError(f"{to_unicode(f)} has no derivative at {x.name} = {to_unicode(a)}")
    value: Expr = d.value.exact
    return value


def check_steps(
    steps: tuple[Step, ...],
    f: Expr,
    x: Sym,
    a: Expr | None,
    h: Sym,
    derivative: Expr,
    *,
    seconds: float = 2.0,
) -> tuple[str, ...]:
    """The oracle's verdict on each line (see the module's docstring); the definition is given,
    and f(x + h), f(x) written out are compared with f itself substituted."""
    from stepcalc.oracle import equal

    place = x if a is None else a
    written = Div(Add((substitute(f, {x: Add((place, h))}), Neg(substitute(f, {x: place})))), h)
    out = [GIVEN]
    for before, step in pairwise(steps):
        if isinstance(step.expr, Limit) and isinstance(before.expr, Limit):
            earlier = written if step.rule == "substitute" else before.expr.expr
            verdict = equal(earlier, step.expr.expr, seconds=seconds).equal
        else:  # the limit taken: the value is f′ (at a), by stepcalc's own rules
            verdict = equal(step.expr, derivative, seconds=seconds).equal
        out.append(_OUTCOME[verdict])
    return tuple(out)
