"""The real solutions of a system of equations ``e₁ = 0, …, eₙ = 0`` in several unknowns, with the
named steps a textbook shows when it finds critical points (issue 21): ∇f = 0.

The system is worked by the moves a book makes, in this order, again on what is left:

1. an equation in one unknown is solved by :func:`stepcalc.tasks.solve.zeros` (its own steps);
2. a product is zero where a factor is: the system splits into cases, one per factor;
3. an equation of degree one in an unknown whose coefficient is a number is solved for it,
   and the unknown is substituted into the other equations (elimination);
4. a quotient is zero where its numerator is (the denominator is checked at the end).

Each solution is substituted back, so every unknown gets its exact value, and a point where a
denominator vanishes is dropped.  What none of the moves reaches (a curve of critical points,
a periodic family, parameters) is refused with a clear ``UnsupportedError``; the search is
bounded by ``MAX_CASES``.  Nothing here asks sympy: the oracle checks the points afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from stepcalc.derivative_at import substitute
from stepcalc.errors import UnsupportedError
from stepcalc.exact import UndefinedValue, exact_value
from stepcalc.expr import (
    Add,
    Div,
    E,
    Equation,
    Expr,
    Func,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    children,
    free_symbols,
    walk,
    with_children,
)
from stepcalc.lazy import LazyModule
from stepcalc.rules.base import rational
from stepcalc.simplify import tidy
from stepcalc.tasks.solve import zeros

if TYPE_CHECKING:
    from stepcalc.simplify import normal
else:
    normal = LazyModule("stepcalc.simplify.normal")

__all__ = ["MAX_CASES", "SystemSolution", "SystemStep", "solve_system"]

MAX_CASES = 64  # branches of the case split (and solutions) looked at, at most


@dataclass(frozen=True, slots=True)
class SystemStep:
    """One named step: a phrase key (``word.system_<key>``) and the mathematics it speaks of."""

    key: str
    math: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class SystemSolution:
    """The solutions (each unknown's exact value, or a decimal marked ``numeric``) and the steps."""

    points: tuple[dict[Sym, Expr], ...]
    numeric: tuple[bool, ...]
    steps: tuple[SystemStep, ...]


def solve_system(equations: list[Expr], unknowns: list[Sym], name: str = "system") -> SystemSolution:
    """Every real solution of ``equations`` (each ``= 0``) in ``unknowns``, with steps; ``name``
    is the first step's key (``system``: ∇f = 0, ``system_l``: ∇L = 0)."""
    solver = _System(unknowns)
    solver.say(name, *(Equation((e, Num(0))) for e in equations))
    found = solver.solve([solver.reduced(_numerator(solver, e)) for e in equations], {}, False)
    points: list[dict[Sym, Expr]] = []
    numeric: list[bool] = []
    for found_point, approx in found:
        point = {x: tidy(found_point[x]) for x in unknowns}  # in the unknowns' order, tidied
        if point not in points:
            points.append(point)
            numeric.append(approx)
    order = sorted(range(len(points)), key=lambda i: _sort_key(points[i], unknowns))
    return SystemSolution(
        tuple(points[i] for i in order), tuple(numeric[i] for i in order), tuple(solver.steps)
    )


def _sort_key(point: dict[Sym, Expr], unknowns: list[Sym]) -> tuple[float, ...]:
    from stepcalc.exact import to_float

    return tuple(to_float(point[x]) or 0.0 for x in unknowns)


def _numerator(solver: _System, e: Expr) -> Expr:
    """``e = 0`` as its numerator's equation: a quotient is zero where its numerator is."""
    body = e.arg if isinstance(e, Neg) else e
    if isinstance(body, Div) and rational(body.den) is None:
        solver.denominators.append(body.den)
        return body.num
    form = normal.to_rational(e)
    if form is None or form.den.is_constant():
        return e
    solver.denominators.append(normal.from_poly(form.den, form.gens))
    return tidy(normal.from_poly(form.num, form.gens))


@dataclass
class _System:
    unknowns: list[Sym]
    steps: list[SystemStep] = field(default_factory=list)
    denominators: list[Expr] = field(default_factory=list)
    nonzero: list[Expr] = field(default_factory=list)  # what the current case assumes is not 0
    cases: int = 0

    def say(self, key: str, *math: Expr) -> None:
        self.steps.append(SystemStep(key, math))

    def solve(
        self, eqs: list[Expr], known: dict[Sym, Expr], approx: bool, unknowns: list[Sym] | None = None
    ) -> list[tuple[dict[Sym, Expr], bool]]:
        """The solutions of ``eqs`` in ``unknowns`` (default: all) once ``known`` is put in
        (``approx``: a value is numeric)."""
        self.cases += 1
        if self.cases > MAX_CASES:
            raise UnsupportedError(f"the equations ∇f = 0 split into more than {MAX_CASES} cases")
        left = [x for x in (self.unknowns if unknowns is None else unknowns) if x not in known]
        if any(self.settle(c, known, equation=False) == Num(0) for c in self.nonzero):
            return []  # the case assumed this is not 0
        settled = [self.settle(e, known) for e in eqs]
        if any(e is None for e in settled):
            return []  # an equation undefined there: no solution in this case
        eqs = [e for e in settled if e is not None and e != Num(0)]
        false = next((e for e in eqs if not free_symbols(e)), None)
        if false is not None:  # a nonzero number = 0 (exact values are 0 only as 0)
            self.say("impossible", Equation((false, Num(0))))
            return []
        if not left:
            return [] if eqs or not self.defined(known) else [(dict(known), approx)]
        if not eqs:
            raise UnsupportedError(
                f"the critical points form a curve: nothing fixes {', '.join(x.name for x in left)}"
            )
        for move in (self.fixed, self.product, self.one_unknown, self.linear, self.square):
            found = move(eqs, known, approx, left)
            if found is not None:
                return found
        raise UnsupportedError("the equations ∇f = 0 are beyond stepcalc's elimination and factoring")

    def reduced(self, e: Expr) -> Expr:
        """``e = 0`` without the factors that are never zero (eᵘ, numbers), said once for the
        whole system: ``y (e^u - 2x² e^u) = 0`` is ``y (1 - 2x²) = 0``."""
        if not _has_exponential(e):
            return e
        factored = normal.factor(e)
        if factored is None:
            return e
        factors = list(_zero_factors(factored))
        if not factors:
            return e  # never zero: the product move says so
        core = factors[0] if len(factors) == 1 else Mul(tuple(factors))
        if core != e:
            self.say("factor_zero", Equation((e, Num(0))), Equation((core, Num(0))))
        return core

    def settle(self, e: Expr, known: dict[Sym, Expr], *, equation: bool = True) -> Expr | None:
        """``e`` with the known values put in, worked out exactly (an ``equation``'s nonzero
        constant factors divided out); None where it is undefined."""
        if not known or not (free_symbols(e) & known.keys()):
            return e
        try:
            value = exact_value(tidy(substitute(e, known)))
        except UndefinedValue:
            return None
        return _without_constants(value) if equation else value

    def defined(self, point: dict[Sym, Expr]) -> bool:
        """Whether no denominator of the equations vanishes at ``point``."""
        for d in self.denominators:
            try:
                value = exact_value(substitute(d, point))
            except UndefinedValue:
                return False
            if value == Num(0):
                return False
        return True

    # ------------------------------------------------------------ the moves
    def fixed(
        self, eqs: list[Expr], known: dict[Sym, Expr], approx: bool, left: list[Sym]
    ) -> list[tuple[dict[Sym, Expr], bool]] | None:
        """An equation of degree one in one unknown first (y = 0 fixes y before any case split)."""
        simple = [e for e in eqs if len(free_symbols(e)) == 1 and _solved_for(e, next(iter(free_symbols(e))))]
        return self.one_unknown(simple + [e for e in eqs if e not in simple], known, approx, left, only=1)

    def one_unknown(
        self, eqs: list[Expr], known: dict[Sym, Expr], approx: bool, left: list[Sym], only: int = 0
    ) -> list[tuple[dict[Sym, Expr], bool]] | None:
        """An equation in one unknown (of degree one, with ``only``): its zeros, each tried in
        the rest."""
        for i, e in enumerate(eqs[:only] if only else eqs):
            names = free_symbols(e)
            if len(names) != 1 or not names <= set(left):
                continue
            (x,) = names
            solution = zeros(e, x)
            for step in solution.steps:
                self.say(f"solve_{step.key}", *step.math)
            if any(_periodic(r.value) for r in solution.roots):
                raise UnsupportedError(f"{e} = 0 has infinitely many solutions (a periodic family)")
            if not solution.roots:
                self.say("no_solution", Equation((e, Num(0))))
            if not solution.steps and e != x:  # -x = 0: zeros says nothing of so plain a root
                for root in solution.roots:
                    self.say("isolate", Equation((e, Num(0))), Equation((x, root.value)))
            rest = eqs[:i] + eqs[i + 1 :]
            out: list[tuple[dict[Sym, Expr], bool]] = []
            for root in solution.roots:
                here = {**known, x: root.value}
                changed = [r for r in rest if x in free_symbols(r)]
                settled = [self.settle(r, here) for r in changed]
                shown = [r for r in settled if r is not None and free_symbols(r)]
                if shown:
                    self.say("substitute", Equation((x, root.value)), *(Equation((r, Num(0))) for r in shown))
                out += self.solve(rest, here, approx or root.numeric, left)
            return out
        return None

    def product(
        self, eqs: list[Expr], known: dict[Sym, Expr], approx: bool, left: list[Sym]
    ) -> list[tuple[dict[Sym, Expr], bool]] | None:
        """A product = 0: one case per factor that can be zero."""
        for i, e in enumerate(eqs):
            body = e.arg if isinstance(e, Neg) else e
            factors = list(_zero_factors(e))
            if factors == [body]:
                factored = normal.factor(e) if len(free_symbols(e)) > 1 or _has_exponential(e) else None
                if factored is None or (factors := list(_zero_factors(factored))) == [body]:
                    continue  # not a product, and no factoring makes one: nothing to split
                if len(factors) == 1 and not _has_exponential(e):
                    continue  # only a number comes out: the other moves divide by it themselves
                self.say("factor", Equation((e, Num(0))), Equation((factored, Num(0))))
            rest = eqs[:i] + eqs[i + 1 :]
            if not factors:
                self.say("never_zero", Equation((e, Num(0))))
                return []
            if len(factors) == 1:
                self.say("factor_zero", Equation((e, Num(0))), Equation((factors[0], Num(0))))
                return self.solve([factors[0], *rest], known, approx, left)
            self.say("zero_product", Equation((e, Num(0))), *(Equation((f, Num(0))) for f in factors))
            out: list[tuple[dict[Sym, Expr], bool]] = []
            for f in factors:
                self.say("case", Equation((f, Num(0))))
                out += self.solve([f, *rest], known, approx, left)
            return out
        return None

    def square(
        self, eqs: list[Expr], known: dict[Sym, Expr], approx: bool, left: list[Sym]
    ) -> list[tuple[dict[Sym, Expr], bool]] | None:
        """An unknown that stands in every equation as even powers only, and in one as c·x² + d:
        x² from that one, put into the others (x² = 2λ² into x² + y² = 4), and x from x² at the
        end, by the solver of one equation (x = ±√…)."""
        for x in left:
            placeholder = Sym(f"{x.name}__squared")
            if any(x in free_symbols(e) and _squares_only(e, x, placeholder) is None for e in eqs):
                continue
            for i, e in enumerate(eqs):
                value = _square_solved_for(e, x) if x in free_symbols(e) else None
                if value is None:
                    continue
                square = Pow(x, Num(2))
                self.say("isolate", Equation((e, Num(0))), Equation((square, value)))
                rest = [
                    _numerator(self, tidy(_squares_only(r, x, value) or r)) for r in eqs[:i] + eqs[i + 1 :]
                ]
                if rest:
                    self.say("substitute", Equation((square, value)), *(Equation((r, Num(0))) for r in rest))
                out: list[tuple[dict[Sym, Expr], bool]] = []
                for point, near in self.solve(rest, known, approx, [v for v in left if v != x]):
                    found = self.settle(value, point, equation=False)
                    if found is None or free_symbols(found):
                        raise UnsupportedError(f"{x.name} is not fixed by the equations ∇f = 0")
                    given = [v for v in self.unknowns if v in point and v not in known]
                    self.say(
                        "back", Equation((square, value, found)), *(Equation((v, point[v])) for v in given)
                    )
                    roots = zeros(tidy(Add((square, Neg(found)))), x)
                    for step in roots.steps:
                        self.say(f"solve_{step.key}", *step.math)
                    out += [({**point, x: r.value}, near or r.numeric) for r in roots.roots]
                return [(p, a) for p, a in out if self.defined(p)]
        return None

    def linear(
        self, eqs: list[Expr], known: dict[Sym, Expr], approx: bool, left: list[Sym]
    ) -> list[tuple[dict[Sym, Expr], bool]] | None:
        """An equation of degree one in an unknown with a number for its coefficient: solved for
        it, put into the others, and found again from the solutions of the rest."""
        choices = [(i, x, s) for i, e in enumerate(eqs) for x in left if (s := _solved_for(e, x)) is not None]
        choices.sort(key=lambda c: _cost(c[2][1]))  # a number for the coefficient first, a sum last
        for i, x, (value, coefficient) in choices[:1]:
            e = eqs[i]
            rest = eqs[:i] + eqs[i + 1 :]
            out: list[tuple[dict[Sym, Expr], bool]] = []
            if coefficient is not None:  # c·x + d = 0 with c a function of the others
                coefficient = _without_constants(coefficient)
                self.say("coefficient_zero", Equation((coefficient, Num(0))))
                out += self.solve([coefficient, e, *rest], known, approx, left)
                self.say("coefficient_nonzero", Equation((coefficient, Num(0))))
                self.denominators.append(coefficient)
                self.nonzero.append(coefficient)
            self.say("isolate", Equation((e, Num(0))), Equation((x, value)))
            rest = [_numerator(self, tidy(substitute(r, {x: value}))) for r in rest]
            if rest:
                self.say("substitute", Equation((x, value)), *(Equation((r, Num(0))) for r in rest))
            for point, near in self.solve(rest, known, approx, [v for v in left if v != x]):
                if x not in point:
                    found = self.settle(value, point, equation=False)
                    if found is None or free_symbols(found):
                        raise UnsupportedError(f"{x.name} is not fixed by the equations ∇f = 0")
                    given = [Equation((v, point[v])) for v in self.unknowns if v in point and v not in known]
                    self.say("back", Equation((x, value, found)), *given)
                    point = {**point, x: found}
                if self.defined(point):
                    out.append((point, near))
            if coefficient is not None:
                self.nonzero.pop()
            return out
        return None


def _squares_only(e: Expr, x: Sym, value: Expr) -> Expr | None:
    """``e`` with each even power x^(2k) written value^k, or None when x stands otherwise in it
    (an odd power, inside a function)."""
    if e == x:
        return None
    if isinstance(e, Pow) and e.base == x:
        k = rational(e.exp)
        if k is None or k.denominator != 1 or k.numerator % 2:
            return None
        return value if k == 2 else Pow(value, Num(k.numerator // 2))
    parts = children(e)
    if not parts:
        return e
    new = [_squares_only(c, x, value) for c in parts]
    if any(n is None for n in new):
        return None
    return with_children(e, tuple(n for n in new if n is not None))


def _square_solved_for(e: Expr, x: Sym) -> Expr | None:
    """x² from ``e = 0`` when ``e`` is c·x² + d with a number c ≠ 0 and d free of x."""
    u = Sym(f"{x.name}__squared")
    written = _squares_only(e, x, u)
    if written is None:
        return None
    solved = _solved_for(tidy(written), u)
    if solved is None or solved[1] is not None:
        return None
    return solved[0]


def _solved_for(e: Expr, x: Sym) -> tuple[Expr, Expr | None] | None:
    """``x`` from ``e = 0`` when ``e`` is c·x + d with d free of x and c a number ≠ 0 (then
    (value, None)) or a polynomial in the other unknowns (then (value, c): c = 0 is a case of its
    own).  None for anything else."""
    form = normal.to_rational(e)
    if form is None or not form.den.is_constant():
        return None
    index = next(
        (i for i, g in enumerate(form.gens.items) if g.base == x and g.unit is None and g.root == 1), None
    )
    if index is None or form.num.degrees()[index] != 1:
        return None
    if any(
        i != index and x in free_symbols(g.base)
        for i, g in enumerate(form.gens.items)
        if g in _used(form.num, form.gens)
    ):
        return None  # x also inside another term (y and e^y): not of degree one in x
    c = form.num.derivative(index)
    if any(g.unit is not None or not isinstance(g.base, Sym) for g in _used(c, form.gens)):
        return None  # a coefficient that holds a function: not solved for here
    rest = form.num - c * form.gens.ctx.gen(index)
    coefficient = normal.from_poly(c, form.gens)
    value = tidy(Neg(Div(normal.from_poly(rest, form.gens), coefficient)))
    return value, (None if c.is_constant() else coefficient)


def _cost(coefficient: Expr | None) -> int:
    """How dear dividing by a coefficient is: a number 0, a monomial 1 (one case where it is 0),
    a sum 2 (its zeros are a case split of their own)."""
    if coefficient is None:
        return 0
    body = coefficient.arg if isinstance(coefficient, Neg) else coefficient
    return 2 if isinstance(body, Add) else 1


def _used(p: Any, gens: Any) -> list[Any]:
    """The generators a polynomial has a power of."""
    return [g for g, k in zip(gens.items, p.degrees(), strict=True) if k > 0]


def _has_exponential(e: Expr) -> bool:
    return any(isinstance(n, Pow) and rational(n.exp) is None for n in walk(e))


def _zero_factors(e: Expr) -> Iterator[Expr]:
    """The factors of a product that can be zero (not numbers, not eᵘ, not exp, cosh, σ); a
    number below (-x (λ - 24)/144) is not one either."""
    body = e.arg if isinstance(e, Neg) else e
    if isinstance(body, Div) and not free_symbols(body.den):
        body = body.num.arg if isinstance(body.num, Neg) else body.num
    for f in body.factors if isinstance(body, Mul) else (body,):
        if rational(f) is not None or (isinstance(f, Func) and f.name in ("exp", "cosh", "sigma")):
            continue
        if isinstance(f, Pow):
            k = rational(f.exp)
            if k is None:  # aᵘ, eᵘ: never zero for a positive base
                base = rational(f.base)
                if f.base == E or (base is not None and base > 0):
                    continue
                yield f
                continue
            if k > 0:
                yield f.base
            continue
        yield f


def _without_constants(e: Expr) -> Expr:
    """``e = 0`` with its nonzero constant factors divided out: -√2/2 (2y² - 1) → 2y² - 1 (an
    exact value is 0 only when it is written 0, so a constant factor left is not)."""
    if isinstance(e, Neg):
        return _without_constants(e.arg)
    if isinstance(e, Div) and not free_symbols(e.den):
        return _without_constants(e.num)
    if isinstance(e, Mul):
        moving = [f for f in e.factors if free_symbols(f)]
        if moving and len(moving) < len(e.factors):
            return _without_constants(moving[0] if len(moving) == 1 else Mul(tuple(moving)))
    return e


def _periodic(e: Expr) -> bool:
    return Sym("k") in free_symbols(e)
