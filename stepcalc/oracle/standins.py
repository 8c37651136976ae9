"""Concrete stand-ins for undefined functions (f, g, … in ``(f g)'``).

An identity in undefined functions holds for every choice of them, so a difference for one
smooth choice proves the two sides different: ``f'(x) g'(x)`` is not ``(f g)'``.  Equality
is only ever concluded when it holds for several random choices (and the exact and symbolic
stages, which treat f and g as unknowns, prove it for all).  Each stand-in is smooth and real
on the whole line, so the domain of the expressions is not changed by the choice.
"""

from __future__ import annotations

import random
from typing import Any

__all__ = ["FAMILIES", "stand_ins", "undefined_functions"]

FAMILIES = 3  # random choices tried for the numeric stage


def undefined_functions(*values: Any) -> dict[Any, int]:
    """The undefined function classes (f, g) in sympy values, with how many arguments each takes."""
    from sympy.core.function import AppliedUndef

    found: dict[Any, int] = {}
    for v in values:
        for call in v.atoms(AppliedUndef):
            found[call.func] = max(found.get(call.func, 1), len(call.args))
    return found


def stand_ins(values: tuple[Any, ...], functions: dict[Any, int], seed: str, family: int) -> tuple[Any, ...]:
    """``values`` with each undefined function replaced by a random smooth function of
    ``family`` (0, 1, 2 …), then derivatives taken: the values are given as built, with
    f'(u) still ``Subs(Derivative(f(t), t), t, u)``.  A function's stand-in depends only on its
    name, the seed and the family, so every value that mentions f gets the same f (with one
    argument or several: written f(u) and f(u, v) in one expression, it takes both)."""
    from sympy.core.function import AppliedUndef

    meanings = {
        fn: _stand_in(arity, random.Random(f"{seed}|{family}|{fn}"), family)
        for fn, arity in functions.items()
    }

    def undefined(n: Any) -> bool:
        return isinstance(n, AppliedUndef) and n.func in meanings

    return tuple(v.replace(undefined, lambda call: meanings[call.func](call.args)).doit() for v in values)


def _stand_in(arity: int, rng: random.Random, family: int) -> Any:
    import sympy as sp

    def r(low: int = -5, high: int = 5) -> Any:
        return sp.Rational(rng.choice([k for k in range(low, high + 1) if k]), rng.randint(1, 4))

    weights = [r() for _ in range(arity)]
    shape = [r(), r(1, 4), r(), r(), r()]

    def meaning(args: tuple[Any, ...]) -> Any:
        u = sum((w * a for w, a in zip(weights, args, strict=False)), shape[0])  # one mix of the arguments
        a, b, c, p, q = shape[1], shape[2], shape[3], shape[4], shape[0]
        kinds = (
            c * sp.sin(a * u + b) + p * u**3 / 16 + q * u,
            c * sp.cos(a * u) + p * u**2 + q * sp.atan(u),
            c * u / (1 + u**2) + p * u**3 / 8 + q * sp.sin(u),
        )
        return kinds[family % len(kinds)]

    return meaning
