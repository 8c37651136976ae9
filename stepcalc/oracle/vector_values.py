"""The value of a vector or matrix line for concrete sizes and entries (sympy matrices).

A line of a gradient's working (``(A + Aᵀ) x``, ``x_i/‖x‖₂``, ``∇ᵤ ‖u‖² · ∇ₓ(Ax - b)``) is
worked out with the variable's entries as symbols and every other matrix given random
rational entries; ``stepcalc.oracle.vectors`` then compares the result with sympy's gradient.
The chain rule's names (u = A x - b) are ``lets``; a component-wise line gets its i (and the
size n) from ``index``.  The identity the rules write as I takes the size of what it meets.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

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
)
from stepcalc.oracle.convert import default_var, sympy_function

__all__ = ["Eye", "gradient", "line_value", "sized"]


class Eye:
    """The identity of a size fixed by what it meets, times a scalar (2I)."""

    def __init__(self, scale: Any = 1) -> None:
        self.scale = scale


def sized(v: Any, like: Any, sp: Any) -> Any:
    """An identity given the size of the value it is compared with."""
    if isinstance(v, Eye) and isinstance(like, sp.MatrixBase) and like.shape[0] == like.shape[1]:
        return v.scale * sp.eye(like.shape[0])
    return v


def gradient(f: Any, var: Any, sp: Any) -> Any:
    """Denominator layout: ∇ of a scalar is shaped like the variable; of a vector u, ∂uᵀ/∂x."""
    if isinstance(f, Eye):
        raise TypeError("gradient of I")
    if not isinstance(f, sp.MatrixBase):
        return var.applyfunc(lambda entry: sp.diff(f, entry))
    entries = list(f)
    return sp.Matrix(len(var), len(entries), lambda i, j: sp.diff(entries[j], list(var)[i]))


def line_value(
    e: Expr,
    values: dict[str, Any],
    sp: Any,
    lets: dict[str, Expr] | None = None,
    index: dict[str, int] | None = None,
) -> Any:
    """The value of a line: a sympy matrix, a scalar, or an ``Eye``."""
    return _Values(values, sp, lets or {}, dict(index or {})).of(e)


class _Values:
    def __init__(self, values: dict[str, Any], sp: Any, lets: dict[str, Expr], index: dict[str, int]) -> None:
        self.values, self.sp, self.lets, self.index = values, sp, lets, index
        self._by_type: dict[type, Callable[[Any], Any]] = {
            Num: self._num,
            Const: lambda n: sp.E if n.name == "e" else sp.oo if n.name == "oo" else sp.pi,
            Sym: self._sym,
            Add: self._add,
            Neg: self._neg,
            Mul: self._mul,
            MatMul: self._mul,
            Div: lambda n: self.scalar(self.of(n.num)) / self.scalar(self.of(n.den)),
            Pow: lambda n: self.scalar(self.of(n.base)) ** self.scalar(self.of(n.exp)),
            Transpose: self._transpose,
            Norm: self._norm,
            Func: lambda n: sympy_function(sp, n, [self.scalar(self.of(a)) for a in n.args]),
            Sum: self._sum,
            Deriv: self._deriv,
            Vector: lambda n: sp.Matrix([self.scalar(self.of(item)) for item in n.items]),
            Grad: self._grad,
        }

    def of(self, n: Expr) -> Any:
        fn = self._by_type.get(type(n))
        if fn is None:
            raise TypeError(type(n).__name__)
        return fn(n)

    def scalar(self, v: Any) -> Any:
        if isinstance(v, self.sp.MatrixBase) and v.shape == (1, 1):
            return v[0, 0]
        return v

    def _num(self, n: Num) -> Any:
        v = n.value
        return self.sp.Rational(v.numerator, v.denominator) if isinstance(v, Fraction) else self.sp.Integer(v)

    def _sym(self, n: Sym) -> Any:
        name = n.name
        if name in self.values:
            return self.values[name]
        if name in self.lets:
            return self.of(self.lets[name])
        if name == "n" and "@n" in self.index:
            return self.sp.Integer(self.index["@n"])
        base, _, sub = name.rpartition("_")
        if base in self.values and sub in self.index:
            return self.values[base][self.index[sub] - 1]
        matrix = self._matrix_named(base)
        if matrix is not None and len(sub) == 2 and sub[0] in self.index and sub[1] in self.index:
            return matrix[self.index[sub[0]] - 1, self.index[sub[1]] - 1]  # a_jk of A
        if name == "I":  # the identity matrix the rules write for ∇ₓx
            return Eye()
        raise ValueError(name)

    def _matrix_named(self, base: str) -> Any:
        """The matrix whose entries are written ``base_jk``: A's are a_jk (or A_jk)."""
        for name in (base, base.upper()):
            v = self.values.get(name)
            if isinstance(v, self.sp.MatrixBase) and v.shape[1] > 1:
                return v
        return None

    def _add(self, n: Add) -> Any:
        parts = [self.of(t) for t in n.terms]
        eye = [p for p in parts if isinstance(p, Eye)]
        rest = [self.scalar(p) for p in parts if not isinstance(p, Eye)]
        if not rest:
            return Eye(sum(p.scale for p in eye))
        total = rest[0]
        for p in rest[1:]:
            total = total + p
        for p in eye:
            total = total + p.scale * self.sp.eye(total.shape[0])
        return self.scalar(total)

    def _neg(self, n: Neg) -> Any:
        v = self.of(n.arg)
        return Eye(-v.scale) if isinstance(v, Eye) else -self.scalar(v)

    def _mul(self, n: Mul | MatMul) -> Any:
        acc = self.of(n.factors[0])
        for f in n.factors[1:]:
            acc = self._times(acc, self.of(f))
        return acc

    def _times(self, a: Any, b: Any) -> Any:
        if isinstance(a, Eye) and isinstance(b, Eye):
            return Eye(a.scale * b.scale)
        if isinstance(a, Eye):  # I M = M I = M; a scalar times I stays a multiple of I
            a, b = b, a
        if isinstance(b, Eye):
            a = self.scalar(a)
            return self.scalar(a * b.scale) if isinstance(a, self.sp.MatrixBase) else Eye(a * b.scale)
        return self.scalar(self.scalar(a) * self.scalar(b))

    def _transpose(self, n: Transpose) -> Any:
        v = self.of(n.arg)
        return v.T if isinstance(v, self.sp.MatrixBase) else v

    def _norm(self, n: Norm) -> Any:
        """The 2-norm of a vector, the Frobenius norm of a matrix, |v| of a number."""
        v = self.of(n.arg)
        if not isinstance(v, self.sp.MatrixBase):
            return self.sp.Abs(v)
        return self.sp.sqrt(sum(entry**2 for entry in v))

    def _sum(self, n: Sum) -> Any:
        total = self.sp.Integer(0)
        for k in range(int(self.of(n.lower)), int(self.of(n.upper)) + 1):
            self.index[n.index.name] = k
            total += self.scalar(self.of(n.body))
        self.index.pop(n.index.name, None)
        return total

    def _deriv(self, n: Deriv) -> Any:
        v = n.var or default_var(n.expr)
        try:
            given = self.of(v)
        except ValueError:  # a name the problem does not have
            given = None
        if isinstance(given, self.sp.Symbol):  # a component, ∂/∂x_i
            return self.sp.diff(self.scalar(self.of(n.expr)), given)
        if given is not None and not getattr(given, "is_number", False):
            raise TypeError(f"d/d{v.name} of a vector or matrix variable")
        t = self.sp.Dummy(v.name)  # d/dθ of a scalar θ: taken with θ free, then its value put in
        inner = line_value(n.expr, {**self.values, v.name: t}, self.sp, self.lets, self.index)
        taken = self.sp.diff(self.scalar(inner), t)
        return taken if given is None else taken.subs(t, given)

    def _grad(self, n: Grad) -> Any:
        v = n.var
        if v.name not in self.lets:
            return gradient(self.of(n.expr), self.values[v.name], self.sp)
        at = self.of(self.lets[v.name])  # ∇ᵤ φ(u), taken at u = its value
        u = self.sp.Matrix(at.shape[0], at.shape[1], lambda i, j: self.sp.Dummy(f"u{i}"))
        others = {k: w for k, w in self.lets.items() if k != v.name}
        taken = gradient(
            line_value(n.expr, {**self.values, v.name: u}, self.sp, others, self.index), u, self.sp
        )
        return taken.subs(dict(zip(u, at, strict=True)))
