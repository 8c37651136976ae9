"""The oracle: stepcalc's bridge to sympy, used only to check answers, never to produce them.

sympy objects are built from the AST node by node (never ``sympify``/``parse_expr`` on
user text), and sympy is imported lazily so that ``import stepcalc`` stays light.
``sympy_text`` writes plain sympy syntax without importing sympy at all.
"""

from __future__ import annotations

import contextlib
import functools
import keyword
import random
from collections.abc import Callable, Sequence
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
    depth,
    free_symbols,
    is_matrix,
    map_bottom_up,
    walk,
)
from stepcalc.limits import recursion_room
from stepcalc.oracle.guard import bounded, bounded_powers, too_big_to_simplify

if TYPE_CHECKING:
    from stepcalc.matrix import Shapes

__all__ = ["sympy_text", "to_sympy", "vector_line_equal", "verify_matrix"]

# Canonical AST function names → sympy's names (when they differ).
SYMPY_NAMES = {"ln": "log", "abs": "Abs", "heaviside": "Heaviside"}
# Names that sympify would read as something else than a plain symbol.
_SHADOWED = {"E", "I", "N", "O", "Q", "S", "beta", "gamma", "zeta", "pi", "lambda", "rf", "ff"}

ADD, MUL, NEG, POW, ATOM = range(1, 6)


def _symbol_text(name: str) -> str:
    if name in _SHADOWED or keyword.iskeyword(name) or not name.isascii():
        return f"Symbol({name!r})"
    return name


def _rational_text(value: int | Fraction) -> tuple[str, int]:
    if isinstance(value, int) or value.denominator == 1:
        return str(int(value)), ATOM
    return f"{value.numerator}/{value.denominator}", MUL


def _default_var(e: Expr) -> Sym:
    syms = sorted(free_symbols(e), key=lambda s: s.name)
    return syms[0] if len(syms) == 1 else Sym("x")


class _TextPrinter:
    """AST → sympy syntax; matrices use ``.T``, ``*`` and ``norm(v)`` / ``norm(X, 'fro')``."""

    def show(self, e: Expr) -> tuple[str, int]:
        method: Callable[[Any], tuple[str, int]] = getattr(self, "_" + type(e).__name__.lower())
        return method(e)

    def at(self, e: Expr, level: int) -> str:
        text, own = self.show(e)
        return text if own >= level else f"({text})"

    def _num(self, e: Num) -> tuple[str, int]:
        return _rational_text(e.value)

    def _sym(self, e: Sym) -> tuple[str, int]:
        return _symbol_text(e.name), ATOM

    def _const(self, e: Const) -> tuple[str, int]:
        return ("E" if e.name == "e" else "pi"), ATOM

    def _add(self, e: Add) -> tuple[str, int]:
        parts = [self.at(e.terms[0], ADD)]
        for t in e.terms[1:]:
            parts.append(f" - {self.at(t.arg, MUL)}" if isinstance(t, Neg) else f" + {self.at(t, MUL)}")
        return "".join(parts), ADD

    def _mul(self, e: Mul | MatMul) -> tuple[str, int]:
        return "*".join(self.at(f, MUL + 1) for f in e.factors), MUL

    _matmul = _mul

    def _div(self, e: Div) -> tuple[str, int]:
        return f"{self.at(e.num, MUL)}/{self.at(e.den, NEG)}", MUL

    def _neg(self, e: Neg) -> tuple[str, int]:
        return "-" + self.at(e.arg, MUL + 1), NEG

    def _pow(self, e: Pow) -> tuple[str, int]:
        return f"{self.at(e.base, ATOM)}**{self.at(e.exp, NEG)}", POW

    def _func(self, e: Func) -> tuple[str, int]:
        name, args = e.name, [self.show(a)[0] for a in e.args]
        if name == "sigma":
            return f"1/(1 + exp(-({args[0]})))", MUL
        if name == "relu":
            return f"Max(0, {args[0]})", ATOM
        if name == "softplus":
            return f"log(1 + exp({args[0]}))", ATOM
        if name == "dot":
            return f"({args[0]}).T*({args[1]})", MUL
        if name.endswith("'"):
            base, order = name.rstrip("'"), len(name) - len(name.rstrip("'"))
            inner = ", ".join(f"_t{i}" for i in range(len(args)))
            point = ", ".join(args)
            return f"Subs(Derivative(Function({base!r})({inner}), _t0, {order}), (_t0,), ({point},))", ATOM
        shown = SYMPY_NAMES.get(name, name)
        if len(name) == 1:
            shown = f"Function({name!r})"
        return f"{shown}({', '.join(args)})", ATOM

    def _deriv(self, e: Deriv) -> tuple[str, int]:
        var = e.var or _default_var(e.expr)
        return f"Derivative({self.show(e.expr)[0]}, {self.show(var)[0]})", ATOM

    def _transpose(self, e: Transpose) -> tuple[str, int]:
        return f"{self.at(e.arg, ATOM)}.T", ATOM

    def _norm(self, e: Norm) -> tuple[str, int]:
        inner = self.show(e.arg)[0]
        return (f"norm({inner}, 'fro')" if e.kind == "F" else f"norm({inner})"), ATOM

    def _vector(self, e: Vector) -> tuple[str, int]:
        if is_matrix(e):
            rows = ("[" + ", ".join(self.show(x)[0] for x in r.items) + "]" for r in e.items)  # type: ignore[attr-defined]
            return "Matrix([" + ", ".join(rows) + "])", ATOM
        return "Matrix([" + ", ".join(self.show(i)[0] for i in e.items) + "])", ATOM

    def _sum(self, e: Sum) -> tuple[str, int]:
        body, i, lo, hi = (self.show(x)[0] for x in (e.body, e.index, e.lower, e.upper))
        return f"Sum({body}, ({i}, {lo}, {hi}))", ATOM


def sympy_text(e: Expr) -> str:
    """Plain sympy syntax for ``e`` (``exp`` is ``E**x`` when written ``e^x``)."""
    with recursion_room(depth(e)):
        return _TextPrinter().show(e)[0]


def to_sympy(e: Expr, *, keep: bool = False) -> Any:
    """Build the sympy object for a scalar expression, node by node (real symbols).

    ``keep=True`` keeps powers and functions as written (``(√x)²`` is not turned into x,
    ``e^(ln x)`` not into x), so that where they are defined can still be asked.
    """
    import sympy as sp

    evaluate = not keep

    def build(node: Expr) -> Any:
        match node:
            case Num(value=v):
                return sp.Rational(v.numerator, v.denominator) if isinstance(v, Fraction) else sp.Integer(v)
            case Sym(name=name):
                return sp.Symbol(name, real=True)
            case Const(name=name):
                return sp.E if name == "e" else sp.pi
            case Add(terms=terms):
                return sp.Add(*(build(t) for t in terms))
            case Mul(factors=fs) | MatMul(factors=fs):
                return sp.Mul(*(build(f) for f in fs))
            case Div(num=n, den=d):
                return build(n) / build(d)
            case Neg(arg=a):
                return -build(a)
            case Pow(base=b, exp=x):
                return sp.Pow(build(b), build(x), evaluate=evaluate)
            case Func() if keep and node.name in _KEPT:
                return getattr(sp, _KEPT[node.name])(*(build(a) for a in node.args), evaluate=False)
            case Func():
                return _sympy_function(sp, node, [build(a) for a in node.args])
            case Deriv(expr=inner, var=var):
                return sp.Derivative(build(inner), build(var or _default_var(inner)))
            case Sum(body=body, index=i, lower=lo, upper=hi):
                return sp.Sum(build(body), (build(i), build(lo), build(hi)))
            case Transpose(arg=a):  # of a scalar: itself
                return build(a)
            case Norm(arg=a):  # of a scalar: its absolute value
                return sp.Abs(build(a))
        raise TypeError(f"no scalar sympy form for {type(node).__name__}")

    with recursion_room(depth(e)), bounded_powers():
        return build(e)


_KEPT = {"exp": "exp", "ln": "log", "sqrt": "sqrt", "sin": "sin", "cos": "cos", "tan": "tan", "abs": "Abs"}


def _sympy_function(sp: Any, node: Func, args: list[Any]) -> Any:
    name = node.name
    if name == "sigma":
        return 1 / (1 + sp.exp(-args[0]))
    if name == "relu":
        return sp.Max(0, args[0])
    if name == "softplus":
        return sp.log(1 + sp.exp(args[0]))
    if name == "log":
        return sp.log(args[0], args[1])
    if name == "dot":  # of two scalars: their product (vectors never reach the scalar form)
        return args[0] * args[1]
    if name.endswith("'"):
        base, order = name.rstrip("'"), len(name) - len(name.rstrip("'"))
        t = sp.Dummy("t")
        return sp.Subs(sp.Derivative(sp.Function(base)(t), t, order), t, args[0])
    if len(name) == 1:
        return sp.Function(name)(*args)
    fn = getattr(sp, SYMPY_NAMES.get(name, name))
    return fn(*args)


# ---------------------------------------------------------------- checking derivations
VERIFIED, REFUTED, UNKNOWN = "verified", "refuted", "unknown"


class _Clock:
    """A wall-clock budget shared by many symbolic checks; each runs under ``call_with_limit``,
    so it is interrupted in whatever thread it runs, and an exhausted budget is ``unknown``."""

    def __init__(self, seconds: float) -> None:
        import time

        self._time = time.monotonic
        self.deadline = time.monotonic() + seconds

    def left(self) -> float:
        return self.deadline - self._time()

    def run(self, seconds: float, fn: Callable[[], Any]) -> Any:
        """``fn()`` within ``seconds`` and the budget left; ``TimeLimitExceeded`` past either."""
        limit = min(seconds, self.left())
        if limit <= 0.01:
            raise TimeLimitExceeded("the verification budget is spent (max_seconds)")
        return call_with_limit(limit, lambda: bounded(fn), "a symbolic check")


def value_of(e: Expr, bindings: tuple[Any, ...] = (), definitions: tuple[Any, ...] = ()) -> Any:
    """The sympy value of a line: holes are taken (``doit``) and let-names substituted back.

    ``definitions`` give meaning to Leibniz derivatives of names (the chain rule's ∂u/∂x
    with u = f(x, y)): ∂u/∂x becomes ∂f/∂x, then the names are substituted like bindings.
    """
    if definitions:
        meaning = {b.name: b.value for b in definitions}
        e = map_bottom_up(
            e,
            lambda n: Deriv(meaning[n.expr], n.var) if isinstance(n, Deriv) and n.expr in meaning else n,
        )
        bindings = (*bindings, *definitions)
    value = to_sympy(e)
    for b in reversed(bindings):
        value = value.subs(to_sympy(b.name), to_sympy(b.value))
    return value.doit()


def compare(a: Any, b: Any, clock: _Clock | None = None, *, seed: int = 0) -> str:
    """Whether two sympy expressions are equal: symbolic first, then at random real points."""
    import random

    import sympy as sp

    clock = clock or _Clock(5.0)
    difference = a - b
    if difference == 0:
        return VERIFIED
    try:
        if not too_big_to_simplify(difference) and clock.run(1.0, lambda: sp.simplify(difference)) == 0:
            return VERIFIED
    except TimeLimitExceeded:
        pass
    except Exception:  # sympy may fail on exotic input: fall back to numbers
        pass
    if difference.atoms(sp.core.function.AppliedUndef):
        return UNKNOWN
    symbols = sorted(difference.free_symbols, key=str)
    parts = _parts(a) | _parts(b)
    rng = random.Random(seed)
    agree = 0
    for attempt in range(24):
        low, high = ((0.2, 2.5), (-2.5, -0.2), (2.5, 6.0))[attempt % 3]
        point = {s: sp.Float(rng.uniform(low, high), 30) for s in symbols}
        try:
            va = clock.run(1.0, functools.partial(_at, a, point))
            vb = clock.run(1.0, functools.partial(_at, b, point))
        except TimeLimitExceeded:
            break
        except (TypeError, ValueError, ZeroDivisionError, OverflowError, MemoryError):
            continue
        if not all(map(_real_finite, (va, vb))) or not _real_inside(parts, point, clock):
            continue  # outside the real domain of some part (|acos x| for x > 1 is real, but not its rule)
        if abs(va.real - vb.real) > 1e-8 * (1 + abs(va.real)):
            return REFUTED
        agree += 1
        if agree >= 4:
            return VERIFIED
    return UNKNOWN


def _parts(e: Any) -> set[Any]:
    """The function applications and powers inside ``e`` (each must be real at a test point)."""
    import sympy as sp

    found = {n for n in sp.preorder_traversal(e) if isinstance(n, sp.Function | sp.Pow) and n.free_symbols}
    return set(sorted(found, key=sp.count_ops)[:200])


def _real_inside(parts: set[Any], point: dict[Any, Any], clock: _Clock) -> bool:
    try:
        return all(_real_finite(clock.run(1.0, functools.partial(_at, p, point))) for p in parts)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, MemoryError, TimeLimitExceeded):
        return False


def _at(e: Any, point: dict[Any, Any]) -> complex:
    return complex(e.evalf(30, subs=point))


def _real_finite(v: complex) -> bool:
    import math

    return math.isfinite(v.real) and math.isfinite(v.imag) and abs(v.imag) <= 1e-12 * (1 + abs(v.real))


def verify_derivation(derivation: Any, *, max_seconds: float = 20.0) -> tuple[list[list[str]], bool | None]:
    """Each line against the one before it, and each result against ``sympy.diff``."""
    clock = _Clock(max_seconds)
    outcomes: list[list[str]] = []
    for section in derivation.sections:
        results: list[str] = []
        outcomes.append(results)
        if section.start is None or not section.lines:
            continue
        # building the values is symbolic work too: it runs on the clock; a line sympy cannot
        # take in (a written vector has no scalar form) is unknown, like one out of time
        with contextlib.suppress(Exception):
            clock.run(clock.left(), functools.partial(_verify_section, section, results, clock))
        results.extend([UNKNOWN] * (len(section.lines) - len(results)))
    flat = [o for r in outcomes for o in r]
    if REFUTED in flat:
        return outcomes, False
    if flat and all(o == VERIFIED for o in flat) and not derivation.unknown:
        return outcomes, True
    return outcomes, None


def _verify_section(section: Any, results: list[str], clock: _Clock) -> None:
    """Append each line's outcome to ``results`` (so that what was decided survives a timeout)."""
    import sympy as sp

    start = section.start
    problem = to_sympy(start.expr)
    if problem.has(sp.zoo, sp.nan, sp.oo, -sp.oo):  # undefined everywhere (1/(x - x)): nothing to check
        return
    target = sp.diff(problem, to_sympy(start.var))
    previous = target
    for line in section.lines:
        if any(step.rule.value == "unknown" for step in line.steps):
            results.append(UNKNOWN)
            continue
        current = value_of(line.expr, section.bindings, section.definitions)
        results.append(compare(current, previous, clock))
        previous = current
    if results and results[-1] == VERIFIED and compare(previous, target, clock) != VERIFIED:
        results[-1] = UNKNOWN


# ---------------------------------------------------------------- vector and matrix derivations
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
                    if not _close(got, want, sp):
                        outcomes[k][j] = "refuted"


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
            if not _close(got, want, sp):
                return False
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
                return _sympy_function(sp, n, [scalar(go(a)) for a in n.args])
            case Sum(body=body, index=j, lower=lo, upper=hi):
                total = sp.Integer(0)
                for k in range(int(go(lo)), int(go(hi)) + 1):
                    index[j.name] = k
                    total += scalar(go(body))
                index.pop(j.name, None)
                return total
            case Deriv(expr=inner, var=v):
                v = v or _default_var(inner)
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
    """The value at ``point`` to 30 digits (sympy floats: e^(‖Ax - b‖²) may exceed a double)."""
    if isinstance(v, _Eye):
        raise TypeError("an identity of unknown size")

    def at(entry: Any) -> Any:
        if hasattr(entry, "subs"):
            entry = _concrete_functions(entry.subs(point), sp)
        value = sp.N(entry, 30) if hasattr(entry, "subs") else sp.Float(entry, 30)
        if any(value.has(bad) for bad in (sp.zoo, sp.nan, sp.oo, sp.S.NegativeInfinity)):
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
    """An undefined function f, g (and f' written for it) given one fixed smooth meaning, the
    same wherever it appears, so that a line with f(xᵀx) has a value to compare."""
    from sympy.core.function import AppliedUndef

    if not e.has(AppliedUndef):
        return e

    def meaning(call: Any) -> Any:
        c = sum(map(ord, call.func.__name__)) % 7 + 2
        s = sum((k + 1) * a for k, a in enumerate(call.args)) / c
        return sp.sin(s) + s**2 / c

    return e.replace(lambda n: isinstance(n, AppliedUndef), meaning).doit()


def _close(a: Any, b: Any, sp: Any) -> bool:
    if isinstance(a, sp.MatrixBase) != isinstance(b, sp.MatrixBase):
        # a zero vector may be written 0
        if isinstance(a, sp.MatrixBase):
            a, b = b, a
        return bool(_near(a, 0, sp)) and all(_near(entry, 0, sp) for entry in b)
    if isinstance(a, sp.MatrixBase):
        if a.shape != b.shape:
            return False
        return all(_near(p, q, sp) for p, q in zip(a, b, strict=True))
    return _near(a, b, sp)


def _near(p: Any, q: Any, sp: Any) -> bool:
    p, q = (sp.Integer(v) if isinstance(v, int) else v for v in (p, q))
    if not (p.is_finite and q.is_finite):
        return False
    return bool(abs(p - q) <= sp.Float("1e-12") * max(sp.Integer(1), abs(p), abs(q)))
