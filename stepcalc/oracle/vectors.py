"""Verifying vector and matrix derivations: every line equal to the gradient sympy takes on
the components, at sizes 2, 3 and 5 with random rational matrices; entries compared by
``oracle.equal``.  A component-wise line (x_i, Σ_j x_j²) is compared with the i-th component
for i = 1 and i = n."""

from __future__ import annotations

import random
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from stepcalc.budget import TimeLimitExceeded, call_with_limit
from stepcalc.errors import LimitError, ShapeError
from stepcalc.expr import (
    Add,
    Const,
    Deriv,
    Div,
    Expr,
    Func,
    Grad,
    MatMul,
    Mul,
    Neg,
    Norm,
    Num,
    Pow,
    Sum,
    Sym,
    Transpose,
    Vector,
    free_symbols,
    walk,
)
from stepcalc.oracle.convert import default_var, sympy_function
from stepcalc.oracle.equal import equal_values
from stepcalc.oracle.guard import bounded, bounded_powers
from stepcalc.oracle.standins import stand_ins, undefined_functions

if TYPE_CHECKING:
    from stepcalc.matrix import Shapes

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
            expected = _numeric(_evaluate(Grad(derivation.problem.expr, var), values, sp), point, sp)
        except (TypeError, ValueError, ZeroDivisionError, ShapeError, IndexError, KeyError):
            for section_outcomes in outcomes:  # nothing to compare the lines with
                section_outcomes[:] = ["refuted" if o == "refuted" else "unknown" for o in section_outcomes]
            return
        for k, section in enumerate(derivation.sections):
            lets = {b.name.name: b.value for b in section.bindings if isinstance(b.name, Sym)}
            cases: list[tuple[dict[str, int] | None, Any]] = [(None, expected)]
            if isinstance(section.start, Deriv):  # component-wise: ∂f/∂x_i
                size = values[var.name].shape[0]
                cases = [({"i": i, "@n": size}, _entry(expected, i - 1)) for i in sorted({1, size})]
            for index, want in cases:
                for j, line in enumerate(section.lines):
                    try:
                        got = _numeric(
                            _sized(_evaluate(line.expr, values, sp, lets, index), want, sp), point, sp
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
        expected = _numeric(_evaluate(Grad(derivation.problem.expr, var), values, sp), point, sp)
        size = values[var.name].shape[0]
        cases = (
            [({"i": i, "@n": size}, _entry(expected, i - 1)) for i in sorted({1, size})]
            if component
            else [({"@n": size}, expected)]
        )
        for index, want in cases:
            try:
                got = _numeric(_sized(_evaluate(line, values, sp, {}, index), want, sp), point, sp)
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


def _entry(v: Any, i: int) -> Any:
    return v[i] if hasattr(v, "shape") else v


def _instance(expr: Expr, shapes: Shapes, var: Sym, n: int, rng: random.Random) -> dict[str, Any]:
    """Concrete values: each symbolic size n (or n + 1, n + 2 for further ones), random entries.
    The variable gets symbolic entries even where it does not occur (the gradient is then 0)."""
    import sympy as sp

    from stepcalc.matrix import Dim

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


class _Eye:
    """The identity of a size fixed by what it meets, times a scalar (2I)."""

    def __init__(self, scale: Any = 1) -> None:
        self.scale = scale


def _sized(v: Any, like: Any, sp: Any) -> Any:
    """An identity given the size of the value it is compared with."""
    if isinstance(v, _Eye) and isinstance(like, sp.MatrixBase) and like.shape[0] == like.shape[1]:
        return v.scale * sp.eye(like.shape[0])
    return v


def _evaluate(
    e: Expr,
    values: dict[str, Any],
    sp: Any,
    lets: dict[str, Expr] | None = None,
    index: dict[str, int] | None = None,
) -> Any:
    """The value of a line; ``lets`` are the chain rule's names (u = A x - b) and what they stand
    for; ``index`` gives the component-wise lines their i (and ``@n``, the size): x_i is x's i-th entry."""
    lets = lets or {}
    index = dict(index or {})

    def scalar(v: Any) -> Any:
        if isinstance(v, sp.MatrixBase) and v.shape == (1, 1):
            return v[0, 0]
        return v

    def mul(a: Any, b: Any) -> Any:
        if isinstance(a, _Eye) and isinstance(b, _Eye):
            return _Eye(a.scale * b.scale)
        if isinstance(a, _Eye):  # I M = M I = M; a scalar times I stays a multiple of I
            a, b = b, a
        if isinstance(b, _Eye):
            a = scalar(a)
            return scalar(a * b.scale) if isinstance(a, sp.MatrixBase) else _Eye(a * b.scale)
        a, b = scalar(a), scalar(b)
        return scalar(a * b)

    def go(n: Expr) -> Any:
        match n:
            case Num(value=v):
                return sp.Rational(v.numerator, v.denominator) if isinstance(v, Fraction) else sp.Integer(v)
            case Const(name=name):
                return sp.E if name == "e" else sp.pi
            case Sym(name=name):
                if name in values:
                    return values[name]
                if name in lets:
                    return go(lets[name])
                if name == "n" and "@n" in index:
                    return sp.Integer(index["@n"])
                base, _, sub = name.rpartition("_")
                if base in values and sub in index:
                    return values[base][index[sub] - 1]
                if name == "I":  # the identity matrix the rules write for ∇ₓx
                    return _Eye()
                raise ValueError(name)
            case Add(terms=terms):
                parts = [go(t) for t in terms]
                eye = [p for p in parts if isinstance(p, _Eye)]
                rest = [scalar(p) for p in parts if not isinstance(p, _Eye)]
                if not rest:
                    return _Eye(sum(p.scale for p in eye))
                total = rest[0]
                for p in rest[1:]:
                    total = total + p
                for p in eye:
                    total = total + p.scale * sp.eye(total.shape[0])
                return scalar(total)
            case Neg(arg=a):
                v = go(a)
                return _Eye(-v.scale) if isinstance(v, _Eye) else -scalar(v)
            case Mul(factors=fs) | MatMul(factors=fs):
                acc = go(fs[0])
                for f in fs[1:]:
                    acc = mul(acc, go(f))
                return acc
            case Div(num=a, den=b):
                return scalar(go(a)) / scalar(go(b))
            case Pow(base=b, exp=x):
                return scalar(go(b)) ** scalar(go(x))
            case Transpose(arg=a):
                v = go(a)
                return v.T if isinstance(v, sp.MatrixBase) else v
            case Norm(arg=a):  # the 2-norm of a vector, the Frobenius norm of a matrix
                v = go(a)
                if not isinstance(v, sp.MatrixBase):
                    return sp.Abs(v)
                return sp.sqrt(sum(entry**2 for entry in v))
            case Func():
                return sympy_function(sp, n, [scalar(go(a)) for a in n.args])
            case Sum(body=body, index=j, lower=lo, upper=hi):
                total = sp.Integer(0)
                for k in range(int(go(lo)), int(go(hi)) + 1):
                    index[j.name] = k
                    total += scalar(go(body))
                index.pop(j.name, None)
                return total
            case Deriv(expr=inner, var=v):
                v = v or default_var(inner)
                try:
                    given = go(v)
                except ValueError:  # a name the problem does not have
                    given = None
                if isinstance(given, sp.Symbol):  # a component, ∂/∂x_i
                    return sp.diff(scalar(go(inner)), given)
                if given is not None and not getattr(given, "is_number", False):
                    raise TypeError(f"d/d{v.name} of a vector or matrix variable")
                t = sp.Dummy(v.name)  # d/dθ of a scalar θ: taken with θ free, then its value put in
                taken = sp.diff(scalar(_evaluate(inner, {**values, v.name: t}, sp, lets, index)), t)
                return taken if given is None else taken.subs(t, given)
            case Vector(items=items):
                return sp.Matrix([scalar(go(item)) for item in items])
            case Grad(expr=inner, var=v) if v.name in lets:  # ∇ᵤ φ(u), taken at u = its value
                at = go(lets[v.name])
                u = sp.Matrix(at.shape[0], at.shape[1], lambda i, j: sp.Dummy(f"u{i}"))
                inside = dict(values)
                inside[v.name] = u
                others = {k: w for k, w in lets.items() if k != v.name}
                taken = _gradient(_evaluate(inner, inside, sp, others, index), u, sp)
                return taken.subs(dict(zip(u, at, strict=True)))
            case Grad(expr=inner, var=v):
                return _gradient(go(inner), values[v.name], sp)
        raise TypeError(type(n).__name__)

    return go(e)


def _gradient(f: Any, var: Any, sp: Any) -> Any:
    """Denominator layout: ∇ of a scalar is shaped like the variable; of a vector u, ∂uᵀ/∂x."""
    if isinstance(f, _Eye):
        raise TypeError("gradient of I")
    if not isinstance(f, sp.MatrixBase):
        return var.applyfunc(lambda entry: sp.diff(f, entry))
    entries = list(f)
    return sp.Matrix(len(var), len(entries), lambda i, j: sp.diff(entries[j], list(var)[i]))


def _numeric(v: Any, point: dict[Any, Any], sp: Any) -> Any:
    """The exact value at ``point`` (rational coordinates), undefined functions given their
    stand-ins; a ValueError where there is nothing to compare (1/0, no numeric value)."""
    if isinstance(v, _Eye):
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
