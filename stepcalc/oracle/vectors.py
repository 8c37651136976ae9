"""Verifying vector and matrix derivations: every line equal to the gradient sympy takes on
the components, at sizes 2, 3 and 5 with random rational matrices; entries compared by
``oracle.equal``.  A component-wise line (x_i, Σ_j x_j²) is compared with the i-th component
for i = 1 and i = n."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from stepcalc.budget import TimeLimitExceeded, call_with_limit
from stepcalc.errors import LimitError, ShapeError
from stepcalc.expr import (
    Deriv,
    Expr,
    Grad,
    Sum,
    Sym,
    free_symbols,
    walk,
)
from stepcalc.oracle.equal import equal_values
from stepcalc.oracle.guard import bounded, bounded_powers
from stepcalc.oracle.standins import stand_ins, undefined_functions
from stepcalc.oracle.vector_values import Eye, line_value, sized

if TYPE_CHECKING:
    from stepcalc.shapes import Shapes

__all__ = ["vector_line_equal", "verify_matrix"]


def verify_matrix(
    derivation: Any, *, sizes: Sequence[int] = (2, 3, 5), seed: int = 1, max_seconds: float = 20.0
) -> tuple[list[list[str]], bool | None]:
    """Every line equal to the gradient sympy takes on the components, at each size in ``sizes``
    (a component-wise line to the i-th component, for i = 1 and i = n).  Out of time, the
    lines not yet refuted are ``unknown``."""
    outcomes = [["verified"] * len(section.lines) for section in derivation.sections]
    try:
        call_with_limit(
            max_seconds,
            lambda: bounded(lambda: _verify_matrix(derivation, outcomes, sizes, seed)),
            "verification",
        )
    except (TimeLimitExceeded, LimitError, MemoryError, RecursionError):
        outcomes = [["refuted" if o == "refuted" else "unknown" for o in section] for section in outcomes]
    flat = [o for section in outcomes for o in section]
    verdict = None if "unknown" in flat else "refuted" not in flat
    return outcomes, verdict


def _verify_matrix(derivation: Any, outcomes: list[list[str]], sizes: Sequence[int], seed: int) -> None:
    import sympy as sp

    shapes: Shapes = derivation.shapes
    var = derivation.problem.wrt[0]
    rng = random.Random(seed)
    for n in sizes:
        values = _instance(derivation.problem.expr, shapes, var, n, rng)
        point = {
            s: sp.Rational(rng.randint(-9, 9) or 1, rng.randint(1, 4)) for s in values[var.name].free_symbols
        }
        try:
            expected = _numeric(line_value(Grad(derivation.problem.expr, var), values, sp), point, sp)
        except (TypeError, ValueError, ZeroDivisionError, ShapeError, IndexError, KeyError):
            for section_outcomes in outcomes:  # nothing to compare the lines with
                section_outcomes[:] = ["refuted" if o == "refuted" else "unknown" for o in section_outcomes]
            return
        for k, section in enumerate(derivation.sections):
            lets = {b.name.name: b.value for b in section.bindings if isinstance(b.name, Sym)}
            cases: list[tuple[dict[str, int] | None, Any]] = [(None, expected)]
            if isinstance(section.start, Deriv):  # component-wise: ∂f/∂x_i, or ∂f_j/∂x_i
                cases = _component_cases(expected, values[var.name].shape[0])
            for index, want in cases:
                for j, line in enumerate(section.lines):
                    try:
                        got = _numeric(
                            sized(line_value(line.expr, values, sp, lets, index), want, sp), point, sp
                        )
                    except (TypeError, ValueError, ZeroDivisionError, ShapeError, IndexError, KeyError):
                        if outcomes[k][j] != "refuted":
                            outcomes[k][j] = "unknown"
                        continue
                    same = _close(got, want, sp)
                    if same is False:
                        outcomes[k][j] = "refuted"
                    elif same is None and outcomes[k][j] != "refuted":
                        outcomes[k][j] = "unknown"


def vector_line_equal(
    derivation: Any, line: Expr, *, sizes: Sequence[int] = (2, 3, 5), seed: int = 3
) -> bool | None:
    """Whether a student's line equals the gradient of a vector problem: the i-th component
    when the line is written with components (x_i, Σ_j x_j²), else the whole vector.  None
    when it cannot be told (a value too big or too deep to work out)."""
    try:
        with bounded_powers():
            return _vector_line_equal(derivation, line, sizes, seed)
    except (LimitError, RecursionError, MemoryError):
        return None
    except (TypeError, ValueError, ZeroDivisionError, IndexError, KeyError, AttributeError):
        return None  # the problem's own gradient cannot be evaluated on components


def _vector_line_equal(derivation: Any, line: Expr, sizes: Sequence[int], seed: int) -> bool | None:
    import sympy as sp

    shapes: Shapes = derivation.shapes
    var = derivation.problem.wrt[0]
    component = any(isinstance(n, Sym) and n.name.startswith(var.name + "_") for n in walk(line)) or any(
        isinstance(n, Sum) for n in walk(line)
    )
    rng = random.Random(seed)
    for n in sizes:
        values = _instance(derivation.problem.expr, shapes, var, n, rng)
        point = {
            s: sp.Rational(rng.randint(-9, 9) or 1, rng.randint(1, 4)) for s in values[var.name].free_symbols
        }
        expected = _numeric(line_value(Grad(derivation.problem.expr, var), values, sp), point, sp)
        size = values[var.name].shape[0]
        cases = (
            [({"i": i, "@n": size}, _entry(expected, i - 1)) for i in sorted({1, size})]
            if component
            else [({"@n": size}, expected)]
        )
        for index, want in cases:
            try:
                got = _numeric(sized(line_value(line, values, sp, {}, index), want, sp), point, sp)
            except (
                TypeError,
                ValueError,
                ZeroDivisionError,
                ShapeError,
                IndexError,
                KeyError,
                AttributeError,
            ):
                return None
            same = _close(got, want, sp)
            if not same:
                return same
    return True


def _component_cases(expected: Any, size: int) -> list[tuple[dict[str, int] | None, Any]]:
    """The indices a component-wise line is evaluated at (the first and last), and the entry of
    the gradient it must equal there: ∂f/∂x_i is its i-th entry; ∂f_j/∂x_i of a vector-valued f
    the (i, j) entry of the matrix ∇ₓf (denominator layout)."""
    if hasattr(expected, "shape") and expected.shape[1] > 1:
        columns = expected.shape[1]
        return [
            ({"i": i, "j": j, "@n": size}, expected[i - 1, j - 1])
            for i in sorted({1, size})
            for j in sorted({1, columns})
        ]
    return [({"i": i, "@n": size}, _entry(expected, i - 1)) for i in sorted({1, size})]


def _entry(v: Any, i: int) -> Any:
    return v[i] if hasattr(v, "shape") else v


def _instance(expr: Expr, shapes: Shapes, var: Sym, n: int, rng: random.Random) -> dict[str, Any]:
    """Concrete values: each symbolic size n (or n + 1, n + 2 for further ones), random entries.
    The variable gets symbolic entries even where it does not occur (the gradient is then 0)."""
    import sympy as sp

    from stepcalc.shapes import Dim

    sizes: dict[Dim, int] = {}

    def size(d: Dim) -> int:
        d = shapes.find(d)
        if isinstance(d, int):
            return d
        if d not in sizes:
            sizes[d] = n + len(sizes) % 3
        return sizes[d]

    names = {s.name for s in free_symbols(expr)} | {var.name}
    values: dict[str, Any] = {}
    for name in sorted(names):
        r, c = (size(d) for d in shapes.of_name(name))
        if name == var.name:
            m = sp.Matrix(r, c, [sp.Symbol(f"{name}_{i}_{j}", real=True) for i in range(r) for j in range(c)])
        elif shapes.kind(name) == "scalar":
            m = sp.Rational(rng.randint(1, 9), rng.randint(1, 3)) * rng.choice((1, -1))
        else:
            m = sp.Matrix(r, c, lambda i, j: sp.Rational(rng.randint(-6, 6), rng.randint(1, 3)))
            if name in shapes.symmetric:
                m = m + m.T
        values[name] = m
    return values


def _numeric(v: Any, point: dict[Any, Any], sp: Any) -> Any:
    """The exact value at ``point`` (rational coordinates), undefined functions given their
    stand-ins; a ValueError where there is nothing to compare (1/0, no numeric value)."""
    if isinstance(v, Eye):
        raise TypeError("an identity of unknown size")

    def at(entry: Any) -> Any:
        value = _concrete_functions(sp.sympify(entry).subs(point), sp)
        if value.has(sp.zoo, sp.nan, sp.oo, sp.S.NegativeInfinity):
            raise ValueError("no finite value here (1/0)")  # nothing to compare: unknown
        if not value.is_number:  # an undefined function g(…) has no value to compare
            raise ValueError("no numeric value here (an undefined function)")
        return value

    if isinstance(v, sp.MatrixBase):
        if v.shape == (1, 1):
            return at(v[0, 0])
        return sp.Matrix(v.shape[0], v.shape[1], [at(entry) for entry in v])
    return at(v)


def _concrete_functions(e: Any, sp: Any) -> Any:
    """Undefined functions f, g (and f' written for it) given one fixed smooth meaning each,
    the same wherever they appear, so that a line with f(xᵀx) has a value to compare."""
    functions = undefined_functions(e)
    return stand_ins((e,), functions, "vectors", 0)[0] if functions else e


def _close(a: Any, b: Any, sp: Any) -> bool | None:
    """Whether two values (numbers, or matrices of numbers) are equal; None when undecided."""
    if isinstance(a, sp.MatrixBase) != isinstance(b, sp.MatrixBase):
        # a zero vector may be written 0
        if isinstance(a, sp.MatrixBase):
            a, b = b, a
        pairs = [(a, sp.S.Zero), *((entry, sp.S.Zero) for entry in b)]
    elif isinstance(a, sp.MatrixBase):
        if a.shape != b.shape:
            return False
        pairs = list(zip(a, b, strict=True))
    else:
        pairs = [(a, b)]
    verdicts = [equal_values(sp.sympify(p), sp.sympify(q), seconds=0.5).equal for p, q in pairs]
    if False in verdicts:
        return False
    return None if None in verdicts else True
