"""``autodiff --torch``: the same computation as a PyTorch snippet a student can run
(``requires_grad``, ``backward()``, ``.grad``).  stepcalc never imports torch.

The expression is written from its tree, not from sympy's text: a vector input is a 1-D tensor,
so ``xᵀy`` is ``x @ y`` (sympy's ``x.T*x`` would be an elementwise product there, and
``backward()`` refuses a vector), and the functions torch lacks are written with the ones it has
(sec u = 1/cos u).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from stepcalc.expr import (
    Add,
    Const,
    Div,
    Expr,
    Func,
    MatMul,
    Mul,
    Neg,
    Norm,
    Num,
    Pow,
    Sym,
    Transpose,
    Vector,
)
from stepcalc.tasks.autodiff_values import Vec

if TYPE_CHECKING:
    from stepcalc.tasks.autodiff import AutoDiff

__all__ = ["torch_snippet"]

# name → how torch writes it, with {0} the argument
_FUNCTIONS = {
    **{n: f"torch.{n}({{0}})" for n in ("sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh")},
    **{
        n: f"torch.{n}({{0}})"
        for n in ("asinh", "acosh", "atanh", "exp", "sqrt", "abs", "erf", "sign", "relu")
    },
    "ln": "torch.log({0})",
    "sec": "1/torch.cos({0})",
    "csc": "1/torch.sin({0})",
    "cot": "1/torch.tan({0})",
    "sech": "1/torch.cosh({0})",
    "csch": "1/torch.sinh({0})",
    "coth": "1/torch.tanh({0})",
    "acot": "torch.atan(1/{0})",
    "asec": "torch.acos(1/{0})",
    "acsc": "torch.asin(1/{0})",
    "acoth": "torch.atanh(1/{0})",
    "asech": "torch.acosh(1/{0})",
    "acsch": "torch.asinh(1/{0})",
    "cbrt": "torch.sign({0})*torch.abs({0})**(1/3)",
    "sigma": "torch.sigmoid({0})",
    **{n: f"torch.nn.functional.{n}({{0}})" for n in ("softplus", "silu", "gelu", "softsign")},
}
_ATOM, _POWER, _PRODUCT, _SUM = 4, 3, 2, 1


def torch_snippet(found: AutoDiff) -> str:
    """The computation in PyTorch: the inputs as float64 tensors that require gradients, f,
    ``f.backward()`` and each input's ``.grad``."""
    vectors = {n.expr for n in found.nodes if isinstance(n.value, Vec)}
    from stepcalc.expr import walk

    lines = ["import math", ""] if any(isinstance(n, Const) for n in walk(found.f)) else []
    lines += ["import torch", ""]
    for x, v in zip(found.variables, found.point, strict=True):
        value = repr(list(v.items)) if isinstance(v, Vec) else repr(v)
        lines.append(f"{x.name} = torch.tensor({value}, dtype=torch.float64, requires_grad=True)")
    lines += [f"f = {_Writer(vectors).text(found.f)[0]}", "f.backward()"]
    lines += [f"print({x.name}.grad)" for x in found.variables]
    return "\n".join(lines)


class _Writer:
    def __init__(self, vectors: set[Expr]) -> None:
        self.vectors = vectors

    def text(self, e: Expr) -> tuple[str, int]:
        """``e`` in Python and its precedence."""
        match e:
            case Sym(name=name):
                return name, _ATOM
            case Num():
                from stepcalc.oracle import sympy_text

                written = sympy_text(e)
                return written, _PRODUCT if "/" in written else _ATOM
            case Const(name=name):
                return f"math.{name}", _ATOM
            case Add(terms=terms):
                parts = [self.text(terms[0])[0]]
                for t in terms[1:]:
                    parts += (
                        ["-", self.part(t.arg, _PRODUCT)] if isinstance(t, Neg) else ["+", self.text(t)[0]]
                    )
                return " ".join(parts), _SUM
            case Neg(arg=a):
                return "-" + self.part(a, _PRODUCT + 1), _PRODUCT
            case Mul(factors=fs) | MatMul(factors=fs):
                return self.product(fs), _PRODUCT
            case Div(num=n, den=d):
                return f"{self.part(n, _PRODUCT)}/{self.part(d, _POWER)}", _PRODUCT
            case Pow(base=b, exp=x):
                return f"{self.part(b, _ATOM)}**{self.part(x, _ATOM)}", _POWER
            case Transpose(arg=a):
                return self.text(a)  # a 1-D tensor is its own transpose
            case Norm(arg=a):
                return f"torch.linalg.norm({self.text(a)[0]})", _ATOM
            case Vector(items=items):
                return "torch.tensor([" + ", ".join(self.text(i)[0] for i in items) + "])", _ATOM
            case Func(name=name, args=(a,)) if name in _FUNCTIONS:
                template = _FUNCTIONS[name]
                return template.format(self.text(a)[0]), _ATOM if template.startswith("torch") else _PRODUCT
        from stepcalc.oracle import sympy_text

        return f"({sympy_text(e)})", _ATOM

    def part(self, e: Expr, at_least: int) -> str:
        written, level = self.text(e)
        return written if level >= at_least else f"({written})"

    def product(self, factors: tuple[Expr, ...]) -> str:
        """Numbers and vectors times each other with *, a row vector times a column with @."""
        out = self.part(factors[0], _PRODUCT)
        for before, f in itertools.pairwise(factors):
            both = isinstance(before, Transpose) and before in self.vectors and f in self.vectors
            out += (" @ " if both else "*") + self.part(f, _PRODUCT + (1 if both else 0))
        return out
