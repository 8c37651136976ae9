"""The tangent and normal lines of a curve y = f(x) at x = a (issue 19, item 1).

The worked solution: f(a); f′ derived with its steps and its value at a; then the tangent
``y = f(a) + f′(a)(x − a)`` as the point-slope form writes it and simplified, and the normal
``y = f(a) − (x − a)/f′(a)``.  Where f′(a) is 0 the normal is the vertical line ``x = a``;
where f′ grows without bound at a (``∛x`` at 0) the tangent is vertical and the normal
horizontal.  Each simplified line is checked by the oracle against its point-slope form, and
the tangent's value at a against f(a).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stepcalc.derivation import Derivation, derive
from stepcalc.errors import StepcalcError
from stepcalc.evaluate import evaluate_at, parse_point
from stepcalc.expr import Add, Div, Equation, Expr, Func, Mul, Neg, Num, Sym, Vector, free_symbols, walk
from stepcalc.limits import DEFAULT, Limits
from stepcalc.names import PARAMETERS
from stepcalc.printing import to_text, to_unicode
from stepcalc.special_values import ONE_SIDED

__all__ = ["Line", "Tangent", "tangent"]

Y = Sym("y")


@dataclass(frozen=True, slots=True)
class Line:
    """A line of the plane: as first written (point-slope form) and simplified."""

    written: Equation
    simplified: Equation
    verified: bool | None  # the oracle's verdict on written = simplified


@dataclass(frozen=True, slots=True)
class Tangent:
    """The tangent and normal of y = f(x) at x = a, with the derivation of f′."""

    derivation: Derivation
    x: Sym
    a: Expr
    value: Expr  # f(a)
    slope: Expr | None  # f′(a); None for a vertical tangent
    tangent: Line
    normal: Line

    def to_dict(self) -> dict[str, Any]:
        from stepcalc.oracle import sympy_text

        def forms(e: Expr) -> dict[str, str]:
            from stepcalc.latex_print import to_latex

            return {"text": to_text(e), "latex": to_latex(e), "sympy": sympy_text(e)}

        def line(found: Line) -> dict[str, Any]:
            left, right = found.simplified.sides
            return {**forms(found.simplified), "sympy": f"Eq({sympy_text(left)}, {sympy_text(right)})"}

        return {
            "problem": {"kind": "tangent", "input": self.derivation.problem.input, "wrt": self.x.name},
            "point": {self.x.name: sympy_text(self.a), "y": sympy_text(self.value)},
            "slope": "oo" if self.slope is None else sympy_text(self.slope),
            "tangent": line(self.tangent),
            "normal": line(self.normal),
            "derivation": self.derivation.to_dict(),
            "verified": self.verified,
        }

    def linear_slope(self) -> Expr:
        """f′(a), the linear approximation's slope; a vertical tangent has none."""
        if self.slope is None:
            raise StepcalcError(
                f"the tangent at {self.x.name} = {to_text(self.a)} is vertical: no linear approximation"
            )
        return self.slope

    def linearization_dict(self) -> dict[str, Any]:
        """JSON of the linear approximation L(x) (``stepcalc linearize``): its ``result``."""
        self.linear_slope()
        out = self.to_dict()
        out["problem"]["kind"] = "linearize"
        line = self.tangent.simplified.sides[1]
        del out["tangent"], out["normal"]
        from stepcalc.latex_print import to_latex
        from stepcalc.oracle import sympy_text

        return {**out, "result": {"text": to_text(line), "latex": to_latex(line), "sympy": sympy_text(line)}}

    @property
    def verified(self) -> bool | None:
        verdicts = [self.derivation.verified, self.tangent.verified, self.normal.verified]
        if False in verdicts:
            return False
        return None if None in verdicts else True

    def to_text(self, *, unicode: bool = False, lang: str = "en") -> str:
        from stepcalc.tasks.tangent_render import tangent_text

        return tangent_text(self, unicode=unicode, lang=lang)


def tangent(
    expr: str | Expr,
    at: str | dict[str, str | Expr],
    *,
    wrt: str | None = None,
    verify: bool = True,
    limits: Limits = DEFAULT,
) -> Tangent:
    """The tangent and normal of y = ``expr`` at the point ``at`` (``"x=1"`` or ``{"x": "1"}``)."""
    point = parse_point(at, limits)
    if len(point) != 1:
        raise StepcalcError("a tangent line needs one point on the x axis, as x=a")
    ((x, a),) = point.items()
    if free_symbols(a):
        raise StepcalcError(f"the point {x.name} = {to_text(a)} must be a number")
    d = derive(expr, wrt=wrt or x.name, at={x.name: a}, verify=verify, limits=limits)
    variables = sorted(free_symbols(d.problem.expr) - {x}, key=lambda s: s.name)
    if x in free_symbols(d.problem.expr):  # a x² + b: a and b are the problem's constants
        variables = [v for v in variables if v.name not in PARAMETERS]
    if variables:  # x² + 1 at t = 1, or a curve in two letters
        others, curve, v = ", ".join(s.name for s in variables), to_unicode(d.problem.expr), x.name
        raise StepcalcError(f"a tangent line needs a curve y = f({v}) in {v} alone; {curve} has {others}")
    f = d.problem.expr
    if d.problem.kind != "derivative" or d.value is None or d.result is None or isinstance(d.result, Vector):
        raise StepcalcError(
            f"a tangent line needs a curve y = f({x.name}) with a number for each x, not {to_unicode(f)}"
        )
    at_a = evaluate_at(f, {x: a}, limits)
    if at_a.undefined is not False:
        raise StepcalcError(
            f"{to_unicode(f)} is not defined at {x.name} = {to_unicode(a)}: no point on the curve"
        )
    value = at_a.exact
    slope: Expr | None = d.value.exact
    if d.value.undefined is not False:
        if not _vertical(d, f):
            raise StepcalcError(
                f"{to_unicode(f)} has no derivative at {x.name} = {to_unicode(a)}: no tangent line "
                f"(stepcalc diff --at {x.name}={to_text(a)} says why)"
            )
        slope = None
    tangent_line, normal_line = _lines(x, a, value, slope, verify)
    return Tangent(d, x, a, value, slope, tangent_line, normal_line)


def _vertical(d: Derivation, f: Expr) -> bool:
    """Whether the tangent at the point is vertical (∛x at 0): f′(a) is a nonzero number over
    zero, and f, defined at a, holds no step function (|u|, sign, relu…), so it is continuous
    there and its slope grows without bound."""
    assert d.value is not None
    if not all(r is None or r.key in ("pole", "division_by_zero") for r in d.value.reasons):
        return False
    return not any(isinstance(n, Func) and n.name in ONE_SIDED for n in walk(f))


def _lines(x: Sym, a: Expr, value: Expr, slope: Expr | None, verify: bool) -> tuple[Line, Line]:
    run = Add((x, Neg(a))) if a != Num(0) else x  # x − a
    if slope is None:  # a vertical tangent x = a, a horizontal normal y = f(a)
        vertical = Equation((x, a))
        flat = Equation((Y, value))
        return Line(vertical, vertical, True), Line(flat, flat, True)
    tangent_line = _line(Add((value, Mul((slope, run)))), verify)
    if _is_zero(slope):
        vertical = Equation((x, a))
        return tangent_line, Line(vertical, vertical, True)
    return tangent_line, _line(Add((value, Neg(Div(run, slope)))), verify)


def _line(right: Expr, verify: bool) -> Line:
    from stepcalc.simplify import simplify

    simplified = simplify(right).expr
    verdict: bool | None = None
    if verify:
        from stepcalc.oracle import equal

        verdict = equal(simplified, right).equal
    return Line(Equation((Y, right)), Equation((Y, simplified)), verdict)


def _is_zero(e: Expr) -> bool:
    return isinstance(e, Num) and e.value == 0
