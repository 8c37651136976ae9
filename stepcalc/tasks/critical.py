"""The real solutions of a system of equations ``e₁ = 0, …, eₙ = 0`` in several unknowns, with the
named steps a textbook shows when it finds critical points (issue 21): ∇f = 0.

The system is worked by the moves a book makes, in this order, again on what is left:

1. an equation of degree one in one unknown fixes it first;
2. a sum of even powers with coefficients of one sign is zero only where each base is;
3. a product is zero where a factor is: the system splits into cases, one per factor;
4. an equation in one unknown is solved by :func:`stepcalc.tasks.solve.zeros` (its own steps);
   one that holds on a whole interval is refused;
5. an equation of degree one in an unknown is solved for it and the unknown substituted into
   the other equations (elimination): a number for its coefficient first, then a monomial, then
   a sum, each coefficient's zeros a case of their own;
6. an unknown that stands only squared is found from x² (x² = 2λ² into x² + y² = 4).

A quotient is zero where its numerator is (the denominator is checked at the end), and sign u,
the derivative of |u|, is u/|u|.  Values worked out from a numeric root are shown to its 6
significant digits.  The forms these moves look for are in :mod:`stepcalc.tasks.critical_forms`.

Each solution is substituted back, so every unknown gets its exact value, and a point where a
denominator vanishes is dropped.  What none of the moves reaches (a curve of critical points,
a periodic family, parameters) is refused with a clear ``UnsupportedError``; the search is
bounded by ``MAX_CASES``.  Nothing here asks sympy: the oracle checks the points afterwards.
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from stepcalc.derivative_at import substitute
from stepcalc.errors import UnsupportedError
from stepcalc.exact import UndefinedValue, exact_value
from stepcalc.expr import (
    Add,
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
)
from stepcalc.lazy import LazyModule
from stepcalc.rules.base import rational
from stepcalc.simplify import tidy
from stepcalc.tasks.critical_forms import (
    cost,
    definite_form,
    even_bases,
    has_exponential,
    periodic,
    solved_for,
    square_solved_for,
    squares_only,
    transcendental,
    without_constants,
    zero_factors,
)
from stepcalc.tasks.solve import Step, zeros

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


Region = dict[Sym, tuple[Expr, Expr]]  # an open interval a < x < b for some of the unknowns


def solve_system(
    equations: list[Expr], unknowns: list[Sym], name: str = "system", region: Region | None = None
) -> SystemSolution:
    """Every real solution of ``equations`` (each ``= 0``) in ``unknowns``, with steps; ``name``
    is the first step's key (``system``: ∇f = 0, ``system_l``: ∇L = 0).  ``region``: only the
    solutions with a < x < b (sin x = 0 on 0 < x < 2π has one, not a family)."""
    solver = _System(unknowns, region=_windows(region or {}))
    solver.say(name, *(Equation((e, Num(0))) for e in equations))
    # sign u (the derivative of |u|) is u/|u|: it is 0 nowhere it is a derivative
    equations = [map_bottom_up(e, _sign_as_quotient) for e in equations]
    found = solver.solve([solver.reduced(_numerator(solver, e)) for e in equations], {}, False)
    points: list[dict[Sym, Expr]] = []
    numeric: list[bool] = []
    for found_point, approx in found:
        point = {x: tidy(found_point[x]) for x in unknowns}  # in the unknowns' order, tidied
        if point not in points and solver.inside(point):
            points.append(point)
            numeric.append(approx)
    order = sorted(range(len(points)), key=lambda i: _sort_key(points[i], unknowns))
    return SystemSolution(
        tuple(points[i] for i in order), tuple(numeric[i] for i in order), tuple(solver.steps)
    )


def _rounded(e: Expr | None, numeric: bool) -> Expr | None:
    """A value worked out from numeric ones, shown as they are: 6 significant digits (not the
    exact fraction of the rounded decimals, 12500000000000000000/9921184156327094641)."""
    if not numeric or e is None or free_symbols(e):
        return e
    from stepcalc.exact import to_float
    from stepcalc.tasks.sampling import decimal

    value = to_float(e)
    return e if value is None else decimal(value)


def _sign_as_quotient(e: Expr) -> Expr:
    if isinstance(e, Func) and e.name == "sign" and len(e.args) == 1:
        return Div(e.args[0], Func("abs", e.args))
    return e


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


def _windows(region: Region) -> dict[Sym, tuple[Expr, Expr, float, float]]:
    from stepcalc.exact import to_float

    out = {}
    for x, (a, b) in region.items():
        lo, hi = to_float(a), to_float(b)
        if lo is None or hi is None or not lo < hi:
            raise UnsupportedError(f"the interval for {x.name} must be two numbers a < b")
        out[x] = (a, b, lo, hi)
    return out


@dataclass
class _System:
    unknowns: list[Sym]
    region: dict[Sym, tuple[Expr, Expr, float, float]] = field(default_factory=dict)
    steps: list[SystemStep] = field(default_factory=list)
    denominators: list[Expr] = field(default_factory=list)
    nonzero: list[Expr] = field(default_factory=list)  # what the current case assumes is not 0
    cases: int = 0

    def say(self, key: str, *math: Expr) -> None:
        self.steps.append(SystemStep(key, math))

    def inside(self, point: dict[Sym, Expr]) -> bool:
        """Whether each coordinate with an interval lies strictly inside it."""
        from stepcalc.exact import to_float

        for x, (_, _, lo, hi) in self.region.items():
            v = to_float(point[x]) if x in point else None
            if v is not None and not (lo + 1e-12 * max(1.0, abs(lo)) < v < hi - 1e-12 * max(1.0, abs(hi))):
                return False
        return True

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
        moves = (
            self.fixed,
            self.squares,
            self.product,
            self.one_unknown,
            self.subtract,
            self.linear,
            self.square,
        )
        for move in moves:
            found = move(eqs, known, approx, left)
            if found is not None:
                return found
        raise UnsupportedError("the equations ∇f = 0 are beyond stepcalc's elimination and factoring")

    def reduced(self, e: Expr) -> Expr:
        """``e = 0`` without the factors that are never zero (eᵘ, numbers), said once for the
        whole system: ``y (e^u - 2x² e^u) = 0`` is ``y (1 - 2x²) = 0``."""
        if not has_exponential(e):
            return e
        factored = normal.factor(e)
        if factored is None:
            return e
        factors = list(zero_factors(factored))
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
        return without_constants(value) if equation else value

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
        simple = [e for e in eqs if len(free_symbols(e)) == 1 and solved_for(e, next(iter(free_symbols(e))))]
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
            window = self.region.get(x)
            if window is None:
                solution = zeros(e, x)
            else:
                solution = zeros(e, x, (window[2], window[3]), (window[0], window[1]))
                inner = tuple(r for r in solution.roots if self.inside({x: r.value}))
                family = any(periodic(m) for step in solution.steps for m in step.math)
                steps = solution.steps
                if family or len(inner) < len(solution.roots):  # say which solutions are inside
                    steps = (
                        *steps,
                        Step(
                            "in_region" if inner else "in_region_none",
                            (window[0], x, window[1], *(Equation((x, r.value)) for r in inner)),
                        ),
                    )
                solution = dataclasses.replace(solution, roots=inner, steps=steps)
            for step in solution.steps:
                self.say(f"solve_{step.key}", *step.math)
            if any(periodic(r.value) for r in solution.roots):
                raise UnsupportedError(f"{e} = 0 has infinitely many solutions (a periodic family)")
            if solution.intervals:
                raise UnsupportedError(f"{e} = 0 holds on a whole interval: the critical points form a curve")
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

    def squares(
        self, eqs: list[Expr], known: dict[Sym, Expr], approx: bool, left: list[Sym]
    ) -> list[tuple[dict[Sym, Expr], bool]] | None:
        """A sum of even powers with coefficients of one sign is zero only where each base is:
        x² + y² = 0 gives x = 0 and y = 0; so is a definite quadratic form, x² + xy + y²."""
        for i, e in enumerate(eqs):
            bases, key = even_bases(e), "squares"
            if bases is None:
                bases, key = definite_form(e), "definite"
            if bases is None:
                continue
            self.say(key, Equation((e, Num(0))), *(Equation((b, Num(0))) for b in bases))
            return self.solve([*bases, *eqs[:i], *eqs[i + 1 :]], known, approx, left)
        return None

    def subtract(
        self, eqs: list[Expr], known: dict[Sym, Expr], approx: bool, left: list[Sym]
    ) -> list[tuple[dict[Sym, Expr], bool]] | None:
        """Two equations that share a function term (eʸ in eʸ − 2λx = 0 and eʸ − 2λz = 0): their
        difference (or sum) is free of it, and takes the place of the first."""
        for i, j in itertools.permutations(range(len(eqs)), 2):
            before = transcendental(eqs[i])
            if not before:
                continue
            for combined in (Add((eqs[i], Neg(eqs[j]))), Add((eqs[i], eqs[j]))):
                new = _numerator(self, tidy(combined))
                after = transcendental(new)
                if new != Num(0) and free_symbols(new) and after is not None and after < before:
                    key = "subtract" if isinstance(combined.terms[1], Neg) else "add"
                    self.say(
                        key, Equation((eqs[i], Num(0))), Equation((eqs[j], Num(0))), Equation((new, Num(0)))
                    )
                    return self.solve([new, *eqs[:i], *eqs[i + 1 :]], known, approx, left)
        return None

    def product(
        self, eqs: list[Expr], known: dict[Sym, Expr], approx: bool, left: list[Sym]
    ) -> list[tuple[dict[Sym, Expr], bool]] | None:
        """A product = 0: one case per factor that can be zero."""
        for i, e in enumerate(eqs):
            body = e.arg if isinstance(e, Neg) else e
            factors = list(zero_factors(e))
            if factors == [body]:
                factored = normal.factor(e) if len(free_symbols(e)) > 1 or has_exponential(e) else None
                if factored is None or (factors := list(zero_factors(factored))) == [body]:
                    continue  # not a product, and no factoring makes one: nothing to split
                if len(factors) == 1 and not has_exponential(e):
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
            if any(x in free_symbols(e) and squares_only(e, x, placeholder) is None for e in eqs):
                continue
            for i, e in enumerate(eqs):
                value = square_solved_for(e, x) if x in free_symbols(e) else None
                if value is None:
                    continue
                square = Pow(x, Num(2))
                self.say("isolate", Equation((e, Num(0))), Equation((square, value)))
                rest = [
                    _numerator(self, tidy(squares_only(r, x, value) or r)) for r in eqs[:i] + eqs[i + 1 :]
                ]
                if rest:
                    self.say("substitute", Equation((square, value)), *(Equation((r, Num(0))) for r in rest))
                out: list[tuple[dict[Sym, Expr], bool]] = []
                for point, near in self.solve(rest, known, approx, [v for v in left if v != x]):
                    found = _rounded(self.settle(value, point, equation=False), near)
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
        choices = [(i, x, s) for i, e in enumerate(eqs) for x in left if (s := solved_for(e, x)) is not None]
        choices.sort(key=lambda c: cost(c[2][1]))  # a number for the coefficient first, a sum last
        for i, x, (value, coefficient) in choices[:1]:
            e = eqs[i]
            rest = eqs[:i] + eqs[i + 1 :]
            out: list[tuple[dict[Sym, Expr], bool]] = []
            if coefficient is not None:  # c·x + d = 0 with c a function of the others
                coefficient = without_constants(coefficient)
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
                    found = _rounded(self.settle(value, point, equation=False), near)
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
