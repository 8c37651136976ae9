"""Implicit differentiation (issue 19, item 3): y′ of a curve F(x, y) = G(x, y), and with a
point its slope and tangent line; y″ with ``order=2``.

y is a function of x: each y of the equation becomes an undefined function of x (f(x), or g or
h where the equation uses f), which the engine differentiates by the chain rule like any other
(``(f(u))′ = f′(u)·u′``), so every derivative line is the engine's own, checked by the oracle
as ``stepcalc diff`` checks its lines; the output writes f(x) as y and f′(x) as y′.  The
differentiated equation is linear in y′ and is solved by moving, factoring and dividing
(stepcalc.tasks.implicit_solve), then simplified by the closing lines every derivative gets.
Each line of the algebra is checked by the oracle with y and y′ as two variables, and the
result against −F_x/F_y, the partial derivatives being the engine's too.  The second
derivative differentiates y′ = g(x, y) again, replaces y′ by g and is checked against
−(F_xx F_y² − 2F_xy F_x F_y + F_yy F_x²)/F_y³; the curve's own equation is used (x² + y² =
25 turning −(x² + y²)/y³ into −25/y³) only as a named step, and only where one side of the
curve is a constant and the other appears exactly.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from stepcalc.budget import call_with_limit
from stepcalc.derivation import Derivation, derive
from stepcalc.derivative_at import substitute
from stepcalc.errors import StepcalcError
from stepcalc.expr import (
    Add,
    Deriv,
    Div,
    Equation,
    Expr,
    Func,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    free_symbols,
    map_bottom_up,
    walk,
)
from stepcalc.finish import finishing_lines
from stepcalc.limits import DEFAULT, Limits
from stepcalc.names import PARAMETERS
from stepcalc.parse import parse
from stepcalc.printing import to_text, to_unicode
from stepcalc.render import rule_names
from stepcalc.simplify import tidy
from stepcalc.simplify.normal import factor, is_zero, to_rationals
from stepcalc.steps import Binding, Line, RuleId, Section
from stepcalc.tasks.implicit_point import AtPoint, at_point
from stepcalc.tasks.implicit_solve import (
    PRIME,
    PRIME2,
    REFUTED,
    UNKNOWN,
    VERIFIED,
    Move,
    X,
    Y,
    fewer_signs,
    outcome,
    solve_linear,
)

__all__ = ["Implicit", "Row", "implicit", "second_formula", "shown", "to_engine"]

_STAND_INS = ("f", "g", "h")  # the engine's undefined functions: one of them stands for y(x)
_LET_NAMES = ("u", "v", "w", "t", "s", "z")
_SHAPES = ("Vector", "Norm", "MatMul", "Transpose", "Grad", "Sum", "Deriv", "Equation")


@dataclass(frozen=True, slots=True)
class Row:
    """A line of the worked solution: an equation; what made it (the engine's rules, or the
    algebra step's phrase ``word.<key>`` with the mathematics it names); the oracle's verdict
    (``verified``, ``refuted``, ``unknown``; empty for the problem as stated, or unchecked)."""

    equation: Equation
    rules: tuple[RuleId, ...] = ()
    key: str = ""
    parts: tuple[Expr, ...] = ()
    check: str = ""


@dataclass(frozen=True, slots=True)
class Implicit:
    """The worked solution of ``stepcalc implicit``: the rows of y′ (and y″), the results, and
    at a point (``point``, stepcalc.tasks.implicit_point) the slope and the tangent."""

    input: str
    curve: Equation
    order: int
    lets: tuple[Binding, ...]
    rows: tuple[Row, ...]
    dydx: Expr
    d2ydx2: Expr | None
    coefficient: Expr  # of y′ once its terms are on the left (F_y up to a factor)
    rest: Expr  # the other side then: y′ = rest/coefficient
    crosscheck: str  # y′ against −F_x/F_y, as a row's check
    point: AtPoint | None = None

    @property
    def checks(self) -> list[str]:
        """Every verdict of the oracle, rows first, then the cross-check and the point's."""
        found = [r.check for r in self.rows if r.check] + ([self.crosscheck] if self.crosscheck else [])
        return found + (list(self.point.checks) if self.point is not None else [])

    @property
    def verified(self) -> bool | None:
        """True when every check passed, False when one is refuted, None when unchecked or undecided."""
        checks = self.checks
        if REFUTED in checks:
            return False
        return True if checks and all(c == VERIFIED for c in checks) else None

    def to_dict(self) -> dict[str, Any]:
        from stepcalc.tasks.implicit_render import implicit_dict

        return implicit_dict(self)

    def plot_data(self) -> tuple[Equation, tuple[Expr, Expr] | None, Equation | None]:
        """What a plot draws: the curve F = G, the point and the tangent line (x = a if vertical)."""
        if self.point is None:
            return self.curve, None, None
        return self.curve, (self.point.a, self.point.b), self.point.tangent.simplified

    def to_text(self, *, unicode: bool = False, lang: str = "en") -> str:
        from stepcalc.tasks.implicit_render import render_implicit

        return render_implicit(self, "unicode" if unicode else "text", lang)


def implicit(
    equation: str | Expr,
    at: str | dict[str, str | Expr] | None = None,
    *,
    order: int = 1,
    verify: bool = True,
    limits: Limits = DEFAULT,
) -> Implicit:
    """y′ (``order=2``: and y″) of the curve ``equation`` (``"x^2 + y^2 = 25"``), y a function
    of x; at the point ``at`` (``"x=3,y=4"``) also the slope and the tangent line."""
    if isinstance(order, bool) or order not in (1, 2):
        raise StepcalcError(f"order must be 1 or 2, not {order!r}")
    text = equation if isinstance(equation, str) else to_text(equation)
    started = time.monotonic()
    worked = call_with_limit(
        limits.max_seconds, lambda: _work(text, equation, order, verify, limits), "differentiating"
    )
    if at is None:
        return worked
    left = max(0.5, limits.max_seconds - (time.monotonic() - started))
    where = worked.curve, worked.dydx, worked.d2ydx2, (worked.coefficient, worked.rest)
    found = call_with_limit(left, lambda: at_point(*where, at, verify, limits), "differentiating")
    return replace(worked, point=found)


def _work(text: str, equation: str | Expr, order: int, verify: bool, limits: Limits) -> Implicit:
    curve = _curve(parse(equation, limits=limits) if isinstance(equation, str) else equation)
    name = _stand_in(curve)
    rows, lets, (left, right) = _differentiated(curve, name, verify, limits)
    solved = solve_linear(left, right, PRIME)
    if is_zero(solved.coefficient):  # x + y - y = 1
        raise StepcalcError(
            f"{to_unicode(curve)}: y′ cancels once both sides are differentiated, so y is not a function of x"
        )
    difference = Add((left, Neg(right)))
    for move in solved.steps:
        rows.append(
            Row(move.equation, key=move.key, parts=move.parts, check=_move_check(move, difference, verify))
        )
    dydx = _closing(rows, PRIME, solved.value, verify)
    partials = _partials(curve, limits) if verify else {}
    crosscheck = _crosscheck(dydx, partials, verify)
    d2ydx2 = None
    if order == 2:
        d2ydx2, more = _second(dydx, curve, name, lets, verify, limits, partials)
        rows.extend(more)
    return Implicit(
        text,
        curve,
        order,
        tuple(lets),
        tuple(rows),
        dydx,
        d2ydx2,
        solved.coefficient,
        solved.rest,
        crosscheck,
    )


def _move_check(move: Move, difference: Expr, verify: bool) -> str:
    """Moving, opening and factoring keep left − right as it was; the division's y′ = g must
    make the differentiated equation hold."""
    if move.key == "implicit_divide":
        return outcome(substitute(difference, {PRIME: move.equation.sides[1]}), Num(0), verify)
    return outcome(_difference(move.equation), difference, verify)


def _difference(e: Equation) -> Expr:
    left, right = e.sides
    return Add((left, Neg(right)))


# ---------------------------------------------------------------- reading the curve
def _curve(tree: Expr) -> Equation:
    """The equation of a curve in x and y (letters of constants allowed), or a clear error."""
    if not isinstance(tree, Equation) or len(tree.sides) != 2:
        raise StepcalcError(
            "an implicit curve is an equation in x and y, such as x^2 + y^2 = 25; "
            f"{to_unicode(tree)} is not one"
        )
    if any(type(n).__name__ in _SHAPES for side in tree.sides for n in walk(side)):
        raise StepcalcError(f"{to_unicode(tree)} is not a curve in x and y: it holds vectors or derivatives")
    names = free_symbols(tree)
    others = sorted(s.name for s in names - {X, Y} if s.name not in PARAMETERS)
    if others:
        raise StepcalcError(
            f"an implicit curve is an equation in x and y; {to_unicode(tree)} has {', '.join(others)}"
        )
    if Y not in names:
        raise StepcalcError(
            f"{to_unicode(tree)} has no y: there is no y′ to find (stepcalc diff differentiates it)"
        )
    return tree


def _stand_in(curve: Equation) -> str:
    """A name of the engine's undefined functions that the equation does not use."""
    used = {n.name.rstrip("'") for n in walk(curve) if isinstance(n, Func)} | {
        s.name for s in free_symbols(curve)
    }
    for name in _STAND_INS:
        if name not in used:
            return name
    raise StepcalcError(f"{to_unicode(curve)} uses f, g and h: stepcalc needs one of them to stand for y(x)")


def to_engine(e: Expr, name: str) -> Expr:
    """``e`` with y written as the function ``name(x)``, which the engine differentiates."""
    y_of_x = Func(name, (X,))
    return map_bottom_up(e, lambda n: y_of_x if n == Y else n)


def shown(e: Expr, name: str) -> Expr:
    """An engine line as the solution writes it: ``f(x)`` as y, ``f′(x)`` as y′, ``f″(x)`` as y″."""
    names = {Func(name, (X,)): Y, Func(name + "'", (X,)): PRIME, Func(name + "''", (X,)): PRIME2}

    return map_bottom_up(e, lambda n: names.get(n, n) if isinstance(n, Func) else n)


# ---------------------------------------------------------------- differentiating both sides
def _differentiated(
    curve: Equation, name: str, verify: bool, limits: Limits
) -> tuple[list[Row], list[Binding], tuple[Expr, Expr]]:
    """d/dx of both sides, line by line; the let-bindings; the differentiated sides."""
    sides = [_derived(s, name, verify, limits) for s in curve.sides]
    left, right = (d.sections[0] for d in sides)
    right = _renamed(right, {b.name for b in left.bindings} | free_symbols(curve))
    lets = [Binding(b.name, shown(b.value, name)) for b in (*left.bindings, *right.bindings)]
    rows = [
        Row(Equation(tuple(Deriv(s, X) for s in curve.sides)), key="implicit_differentiate", parts=(Y, X))
    ]
    for k in range(max(len(left.lines), len(right.lines))):
        pairs = [
            (d, s, min(k, len(s.lines) - 1), k < len(s.lines))
            for d, s in zip(sides, (left, right), strict=True)
        ]
        equation = Equation(tuple(shown(s.lines[i].expr, name) for _, s, i, _ in pairs))
        rules = tuple(dict.fromkeys(r for d, s, i, new in pairs if new for r in _rule_ids(s.lines[i], d)))
        checks = [_line_check(d, i) for d, _, i, _ in pairs] if verify else []
        rows.append(Row(equation, rules, check=_combined(checks)))
    last = rows[-1].equation.sides
    return rows, lets, (last[0], last[1])


def _derived(side: Expr, name: str, verify: bool, limits: Limits) -> Derivation:
    d = derive(to_engine(side, name), wrt="x", verify=verify, limits=limits)
    if d.unknown or not d.sections or not d.sections[0].lines:
        raise StepcalcError(
            f"stepcalc cannot differentiate {to_unicode(side)} with respect to x: {d.unknown}"
        )
    return d


def _renamed(section: Section, taken: set[Any]) -> Section:
    """``section`` with its let-names (u, v, …) changed where the other side uses them."""
    clash = [b.name for b in section.bindings if b.name in taken]
    if not clash:
        return section
    used = {getattr(t, "name", "") for t in taken} | {
        b.name.name for b in section.bindings if isinstance(b.name, Sym)
    }
    fresh = iter(n for n in _LET_NAMES if n not in used)
    new = {old: Sym(next(fresh)) for old in clash}

    def swap(e: Expr) -> Expr:
        return map_bottom_up(e, lambda n: new.get(n, n))

    lines = [Line(swap(line.expr), line.steps, line.note) for line in section.lines]
    bindings = tuple(Binding(swap(b.name), swap(b.value)) for b in section.bindings)
    return Section(lines, bindings, section.start)


def _rule_ids(line: Line, d: Derivation) -> tuple[RuleId, ...]:
    """The rules a derivation line shows, as ``stepcalc diff`` names them (render.rule_names)."""
    names = rule_names(line, d, "en", lambda e: "", lambda r, lang: r.value)
    return tuple(RuleId(n) for n in names if n)


def _line_check(d: Derivation, i: int) -> str:
    return d.outcomes[0][i] if d.outcomes and i < len(d.outcomes[0]) else UNKNOWN


def _combined(checks: list[str]) -> str:
    if not checks:
        return ""
    if REFUTED in checks:
        return REFUTED
    return VERIFIED if all(c == VERIFIED for c in checks) else UNKNOWN


def _closing(rows: list[Row], name: Sym, value: Expr, verify: bool) -> Expr:
    """The closing lines of ``name = value`` (simplify, cancel…), each checked against the one
    before; the value they end with."""
    for line in finishing_lines(value, value, X):
        rows.append(
            Row(Equation((name, line.expr)), (line.steps[0].rule,), check=outcome(line.expr, value, verify))
        )
        value = line.expr
    flipped = fewer_signs(value)
    if flipped is not None:
        rows.append(
            Row(Equation((name, flipped)), (RuleId.SIMPLIFY_SIGNS,), check=outcome(flipped, value, verify))
        )
        value = flipped
    return value


# ---------------------------------------------------------------- the cross-checks
def _partials(curve: Equation, limits: Limits) -> dict[str, Expr]:
    """F_x, F_y, F_xx, F_xy, F_yy of F = left − right, by the engine (y a variable here), each
    kept only when the oracle verified its derivation."""
    f = _difference(curve)
    found: dict[str, Expr] = {}
    for key, wrt in (("x", ["x"]), ("y", ["y"]), ("xx", ["x", "x"]), ("xy", ["x", "y"]), ("yy", ["y", "y"])):
        try:
            d = derive(f, wrt=wrt, verify=True, limits=limits)
        except StepcalcError:
            continue
        if d.result is not None and d.verified:  # a check's yardstick is checked itself
            found[key] = d.result
    return found


def _crosscheck(dydx: Expr, partials: dict[str, Expr], verify: bool) -> str:
    if not verify:
        return ""
    if "x" not in partials or "y" not in partials:
        return UNKNOWN
    return outcome(dydx, Neg(Div(partials["x"], partials["y"])))


def second_formula(p: dict[str, Expr]) -> Expr | None:
    """y″ = −(F_xx F_y² − 2 F_xy F_x F_y + F_yy F_x²)/F_y³, from the partials."""
    if not {"x", "y", "xx", "xy", "yy"} <= set(p):
        return None
    two = Num(2)
    top = Add(
        (
            Mul((p["xx"], Pow(p["y"], two))),
            Neg(Mul((two, p["xy"], p["x"], p["y"]))),
            Mul((p["yy"], Pow(p["x"], two))),
        )
    )
    return Neg(Div(top, Pow(p["y"], Num(3))))


# ---------------------------------------------------------------- the second derivative
def _second(
    dydx: Expr,
    curve: Equation,
    name: str,
    lets: list[Binding],
    verify: bool,
    limits: Limits,
    partials: dict[str, Expr],
) -> tuple[Expr, list[Row]]:
    """y″: y′ = g differentiated again (the engine's lines), y′ replaced by g (checked against
    the formula in the partials), simplified, and the curve's equation used where it appears
    exactly.  Returns y″ and the rows."""
    d = _derived(dydx, name, verify, limits)
    section = _renamed(d.sections[0], {b.name for b in lets} | free_symbols(curve))
    lets.extend(Binding(b.name, shown(b.value, name)) for b in section.bindings)
    given = Equation((PRIME, dydx))
    rows = [Row(Equation((PRIME2, Deriv(dydx, X))), key="implicit_again", parts=(given,))]
    for i, line in enumerate(section.lines):
        check = _line_check(d, i) if verify else ""
        rows.append(Row(Equation((PRIME2, shown(line.expr, name))), _rule_ids(line, d), check=check))
    found = rows[-1].equation.sides[1]
    replaced = substitute(found, {PRIME: dydx})
    formula = second_formula(partials)
    check = "" if not verify else UNKNOWN if formula is None else outcome(replaced, formula)
    rows.append(Row(Equation((PRIME2, replaced)), key="implicit_substitute", parts=(given,), check=check))
    value = _closing(rows, PRIME2, replaced, verify)
    value = _with_the_curve(rows, value, curve, verify)
    return value, rows


def _with_the_curve(rows: list[Row], value: Expr, curve: Equation, verify: bool) -> Expr:
    """Where y″ holds one side of the curve exactly and the other side is a constant, that
    constant put in its place (a named step), after factoring y″ if that shows the side."""
    for side, other in (curve.sides, tuple(reversed(curve.sides))):
        if free_symbols(other) & {X, Y} or not free_symbols(side) & {X, Y}:
            continue
        factored = factor(value)
        for candidate in (value, factored):
            if candidate is None:
                continue
            put = map_bottom_up(candidate, _replacing(side, other))
            if put == candidate:
                continue
            if candidate is not value:
                rows.append(
                    Row(
                        Equation((PRIME2, candidate)),
                        (RuleId.FACTOR,),
                        check=outcome(candidate, value, verify),
                    )
                )
            result = tidy(put)
            check = _multiple_of_curve(candidate, result, curve) if verify else ""
            rows.append(
                Row(Equation((PRIME2, result)), key="implicit_use_curve", parts=(curve,), check=check)
            )
            return result
    return value


def _replacing(side: Expr, other: Expr) -> Callable[[Expr], Expr]:
    def put(n: Expr) -> Expr:
        return other if isinstance(n, Add) and is_zero(Add((n, Neg(side)))) is True else n

    return put


def _multiple_of_curve(before: Expr, after: Expr, curve: Equation) -> str:
    """``verified`` when before − after is a polynomial multiple of the curve's F − G in the
    exact forms (so zero on the curve), else ``unknown``: an exact check, not the oracle's."""
    change, f = Add((before, Neg(after))), _difference(curve)
    forms = to_rationals(Add((change, f)), change, f)
    if forms is None or forms[2].num.is_zero():
        return UNKNOWN
    _, remainder = divmod(forms[1].num, forms[2].num)
    return VERIFIED if remainder.is_zero() else UNKNOWN
