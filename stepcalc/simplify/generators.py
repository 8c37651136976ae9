"""The generators of an expression's exact normal form: every subterm that is not arithmetic
is a variable, powers of one base tied together (:mod:`stepcalc.simplify.normal` has the
whole story).  Reading them is apart from the arithmetic on the polynomials in them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from stepcalc.expr import Add, Const, Deriv, Div, E, Expr, Func, Mul, Neg, Num, Pow, Sym, children
from stepcalc.printing import to_text
from stepcalc.rules.base import number
from stepcalc.simplify.terms import scaled, split_coefficient, trig_key

if TYPE_CHECKING:
    from flint import fmpq_mpoly, fmpq_mpoly_ctx

__all__ = [
    "MAX_GENERATORS",
    "OPERATIONS",
    "Generator",
    "Generators",
    "OutOfReach",
    "RationalForm",
    "atomic",
    "collect",
    "make_generators",
    "power_of_node",
]

MAX_GENERATORS = 12  # variables of one form

_NON_ARITHMETIC = (Pow, Sym, Const, Func, Deriv)  # other nodes (vectors, equations, sums…): out of reach
_ARITHMETIC, OPERATIONS = {Num, Add, Mul, Neg, Div, Pow}, {Add, Mul, Neg, Div}
# √u is u^(1/2) (real only where u ≥ 0, as the power is); ∛u stays a generator of its own:
# it is real for u < 0 too, where u^(1/3) is not, so it is never rewritten as a power.
_POWER_NAMES = {"sqrt", "exp"}
_ROOTS = {"sqrt": Fraction(1, 2)}


class OutOfReach(Exception):
    """Raised while converting; the public functions of ``normal`` answer None."""


# ---------------------------------------------------------------- generators
@dataclass(frozen=True, slots=True)
class Generator:
    """One variable ``t = base^(unit/root)`` (``unit`` None stands for 1)."""

    base: Expr
    unit: Expr | None = None
    root: int = 1

    @property
    def reduces(self) -> bool:
        """A root of a compound base: ``t^root`` is lowered to the base (not so for atoms)."""
        return self.unit is None and self.root > 1 and not atomic(self.base)

    @property
    def rank(self) -> int:
        """Kinds in textbook order of factors: roots of numbers, constants, symbols, the rest."""
        kinds = (Num, Const, Sym)
        return kinds.index(type(self.base)) if self.unit is None and isinstance(self.base, kinds) else 3

    def power(self, k: int) -> Expr:
        """``t^k`` (k ≥ 1) as a textbook writes it: ``x²``, ``√x``, ``x^(3/2)``, ``e^(2x)``."""
        exponent = Fraction(k, self.root)
        if self.unit is not None:
            return Pow(self.base, scaled(exponent, self.unit))
        if exponent == Fraction(1, 2):
            return Func("sqrt", (self.base,))
        return self.base if exponent == 1 else Pow(self.base, number(exponent))


@dataclass(frozen=True, slots=True, eq=False)
class Generators:
    """The variables of a form in textbook order (the order of the factors of a term)."""

    items: tuple[Generator, ...]
    ctx: fmpq_mpoly_ctx
    index: Mapping[tuple[Expr, Expr | None], int] = field(repr=False)  # (base, unit) → position
    weights: tuple[int, ...] = field(repr=False)  # degree of each variable (constants 0), scaled
    order: tuple[int, ...] = field(repr=False)  # variables first, constants last, for ties

    def term_key(self, exponents: tuple[int, ...]) -> tuple[int, tuple[int, ...]]:
        """Terms by descending degree, then descending powers of the variables in order."""
        degree = sum(w * k for w, k in zip(self.weights, exponents, strict=True))
        return -degree, tuple(-exponents[i] for i in self.order)


@dataclass(frozen=True, slots=True, eq=False)
class RationalForm:
    """``num/den`` over Q in ``gens``: coprime, ``den`` monic by its textbook leading term."""

    num: fmpq_mpoly
    den: fmpq_mpoly
    gens: Generators


def atomic(e: Expr) -> bool:
    """Whether ``e`` alone is a generator (not arithmetic, not a power written as a function)."""
    return e.name not in _POWER_NAMES if type(e) is Func else type(e) not in _ARITHMETIC


def power_of_node(e: Expr) -> tuple[Expr, Expr | None, Fraction | int]:
    """A node that is no number or operation as ``(base, unit, c)``: ``base^(c·unit)``, no unit
    meaning 1.  A whole power of a compound base is arithmetic: ``(x + 1)^2``, ``(√x)^2``."""
    if type(e) is Pow:
        if type(e.exp) is Num:
            return e.base, None, e.exp.value
        c, unit = split_coefficient(e.exp)
        return e.base, unit, c
    if type(e) is Func and len(e.args) == 1 and e.name in _ROOTS:
        return e.args[0], None, _ROOTS[e.name]
    if type(e) is Func and len(e.args) == 1 and e.name == "exp":
        c, unit = split_coefficient(e.args[0])
        return E, unit, c
    return e, None, 1


def collect(e: Expr) -> dict[tuple[Expr, Expr | None], int]:
    """Every generator as (base, unit) with its root (the lcm of the exponents' denominators)."""
    roots: dict[tuple[Expr, Expr | None], int] = {}
    stack, seen = [e], set()
    while stack:
        node = stack.pop()
        if id(node) in seen or type(node) is Num:
            continue
        seen.add(id(node))
        if type(node) in OPERATIONS:
            stack.extend(children(node))
            continue
        if not isinstance(node, _NON_ARITHMETIC):
            raise OutOfReach
        base, unit, c = power_of_node(node)
        if unit is None and not atomic(base):
            stack.append(base)
            if c.denominator == 1:
                continue  # a whole power of a compound base
        roots[base, unit] = math.lcm(roots.get((base, unit), 1), c.denominator)
        if len(roots) > MAX_GENERATORS:
            raise OutOfReach
    return roots


def make_generators(roots: dict[tuple[Expr, Expr | None], int]) -> Generators:
    from flint import fmpq_mpoly_ctx  # lazily: ``import stepcalc`` stays light

    made = [Generator(base, unit, root) for (base, unit), root in roots.items()]
    made.sort(key=_generator_key)
    scale = math.lcm(1, *(g.root for g in made))
    weights = tuple(0 if g.rank < 2 else scale // (g.root if g.unit is None else 1) for g in made)
    order = tuple(sorted(range(len(made)), key=lambda i: made[i].rank < 2))
    ctx = fmpq_mpoly_ctx.get(tuple(f"g{i}" for i in range(len(made))), "lex")
    index = {(g.base, g.unit): i for i, g in enumerate(made)}
    return Generators(tuple(made), ctx, index, weights, order)


def _generator_key(g: Generator) -> tuple[int, tuple[int, str], str]:
    """Generators in textbook order of factors: by rank, trigonometric functions as textbooks
    pair them (sin x cos x, sec x tan x), then as written (a symbol by its name)."""
    if type(g.base) is Sym and g.unit is None:
        return g.rank, (0, ""), g.base.name  # as printed, without printing
    return g.rank, trig_key(g.base), to_text(g.base if g.rank < 3 else g.power(1))
