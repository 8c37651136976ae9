"""AST → sympy: the only road from stepcalc's trees into sympy.

sympy objects are built from the AST node by node (never ``sympify``/``parse_expr`` on user
text), and sympy is imported lazily so that ``import stepcalc`` stays light.  ``sympy_text``
writes plain sympy syntax without importing sympy at all.
"""

from __future__ import annotations

import itertools
import keyword
from fractions import Fraction
from typing import Any

from stepcalc import catalogue
from stepcalc.expr import (
    Add,
    Const,
    Deriv,
    Div,
    Equation,
    Evaluated,
    Expr,
    Func,
    Integral,
    Limit,
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
)
from stepcalc.limits import recursion_room
from stepcalc.notation import ATOM, POSTFIX, PRODUCT, SIGNED, SUM, Printer
from stepcalc.oracle.guard import bounded_powers

__all__ = [
    "SYMPY_NAMES",
    "default_var",
    "expand",
    "real_form",
    "sympy_function",
    "sympy_text",
    "to_sympy",
    "value_of",
]

# The sympy function of each catalogue entry that has one by name (ln → log, abs → Abs).
SYMPY_NAMES = {
    f.name: f.sympy for f in catalogue.CATALOGUE if isinstance(f.sympy, str) and f.sympy and f.sympy != f.name
}
# Names that sympify would read as something else than a plain symbol.
_SHADOWED = {"E", "I", "N", "O", "Q", "S", "beta", "gamma", "zeta", "pi", "lambda", "rf", "ff"}


def _symbol_text(name: str) -> str:
    if name in _SHADOWED or keyword.iskeyword(name) or not name.isascii():
        return f"Symbol({name!r})"
    return name


def _rational_text(value: int | Fraction) -> tuple[str, int]:
    if isinstance(value, int) or value.denominator == 1:
        return str(int(value)), ATOM
    return f"{value.numerator}/{value.denominator}", PRODUCT


def default_var(e: Expr) -> Sym:
    syms = sorted(free_symbols(e), key=lambda s: s.name)
    return syms[0] if len(syms) == 1 else Sym("x")


class _TextPrinter(Printer):
    """AST → sympy syntax; matrices use ``.T``, ``*`` and ``norm(v)`` / ``norm(X, 'fro')``."""

    def _num(self, e: Num) -> tuple[str, int]:
        return _rational_text(e.value)

    def _sym(self, e: Sym) -> tuple[str, int]:
        return _symbol_text(e.name), ATOM

    def _const(self, e: Const) -> tuple[str, int]:
        return {"e": "E", "oo": "oo"}.get(e.name, "pi"), ATOM

    def _add(self, e: Add) -> tuple[str, int]:
        parts = [self.at(e.terms[0], SUM)]
        for t in e.terms[1:]:
            parts.append(
                f" - {self.at(t.arg, PRODUCT)}" if isinstance(t, Neg) else f" + {self.at(t, PRODUCT)}"
            )
        return "".join(parts), SUM

    def _mul(self, e: Mul | MatMul) -> tuple[str, int]:
        return "*".join(self.at(f, PRODUCT + 1) for f in e.factors), PRODUCT

    _matmul = _mul

    def _div(self, e: Div) -> tuple[str, int]:
        return f"{self.at(e.num, PRODUCT)}/{self.at(e.den, SIGNED)}", PRODUCT

    def _neg(self, e: Neg) -> tuple[str, int]:
        return "-" + self.at(e.arg, PRODUCT + 1), SIGNED

    def _pow(self, e: Pow) -> tuple[str, int]:
        return f"{self.at(e.base, ATOM)}**{self.at(e.exp, SIGNED)}", POSTFIX

    def _func(self, e: Func) -> tuple[str, int]:
        if e.name == "dot":  # of vectors as much as of scalars
            return f"({self.show(e.args[0])[0]}).T*({self.show(e.args[1])[0]})", PRODUCT
        entry = catalogue.FUNCTIONS.get(e.name)
        if entry is not None and isinstance(entry.sympy, Expr):  # σ(u) is 1/(1 + exp(-u))
            return self.show(expand(entry, e.args))
        name, args = e.name, [self.show(a)[0] for a in e.args]
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
        var = e.var or default_var(e.expr)
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

    def _limit(self, e: Limit) -> tuple[str, int]:
        body, var, to = (self.show(x)[0] for x in (e.expr, e.var, e.to))
        return f"Limit({body}, {var}, {to}, '{e.side or '+-'}')", ATOM

    def _integral(self, e: Integral) -> tuple[str, int]:
        body, var = self.show(e.expr)[0], self.show(e.var)[0]
        if e.lower is None or e.upper is None:
            return f"Integral({body}, {var})", ATOM
        lo, hi = self.show(e.lower)[0], self.show(e.upper)[0]
        return f"Integral({body}, ({var}, {lo}, {hi}))", ATOM

    def _evaluated(self, e: Evaluated) -> tuple[str, int]:
        body, var, lo, hi = (self.show(p)[0] for p in (e.expr, e.var, e.lower, e.upper))
        return f"(({body}).subs({var}, {hi}) - ({body}).subs({var}, {lo}))", ATOM

    def _equation(self, e: Equation) -> tuple[str, int]:
        sides = [self.show(side)[0] for side in e.sides]
        return ", ".join(f"Eq({a}, {b})" for a, b in itertools.pairwise(sides)), ATOM


def expand(entry: catalogue.Function, args: tuple[Expr, ...]) -> Expr:
    """A function's sympy form (an expression over U and A) for the arguments ``args``."""
    assert isinstance(entry.sympy, Expr)
    values = catalogue.arguments(entry, args)
    bound = {catalogue.U: values[0], **({catalogue.A: values[1]} if len(values) > 1 else {})}
    return map_bottom_up(entry.sympy, lambda n: _unit_dropped(bound.get(n, n) if isinstance(n, Sym) else n))


def _unit_dropped(e: Expr) -> Expr:
    """``1*u`` as ``u``: a default of 1 (elu's α) written into a product."""
    if isinstance(e, Mul) and Num(1) in e.factors:
        kept = tuple(f for f in e.factors if f != Num(1)) or (Num(1),)
        return kept[0] if len(kept) == 1 else Mul(kept)
    return e


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

    with recursion_room(depth(e)), bounded_powers():
        return _build(sp, e, evaluate=not keep)


def _build(sp: Any, e: Expr, *, evaluate: bool, bound: dict[Sym, Any] | None = None) -> Any:
    """``e`` in sympy; the symbols in ``bound`` stand for the sympy values given there."""

    def build(node: Expr) -> Any:
        match node:
            case Num(value=v):
                return sp.Rational(v.numerator, v.denominator) if isinstance(v, Fraction) else sp.Integer(v)
            case Sym(name=name):
                return bound[node] if bound and node in bound else sp.Symbol(name, real=True)
            case Const(name=name):
                return sp.E if name == "e" else sp.oo if name == "oo" else sp.pi
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
            case Func() if not evaluate and node.name in _KEPT and len(node.args) == 1:
                return getattr(sp, _KEPT[node.name])(*(build(a) for a in node.args), evaluate=False)
            case Func():
                return sympy_function(sp, node, [build(a) for a in node.args])
            case Deriv(expr=inner, var=var):
                return sp.Derivative(build(inner), build(var or default_var(inner)))
            case Sum(body=body, index=i, lower=lo, upper=hi):
                return sp.Sum(build(body), (build(i), build(lo), build(hi)))
            case Limit(expr=body, var=var, to=to, side=side):
                point, v, inner = build(to), build(var), build(body)
                if point == -sp.oo:  # as x = -t, t → ∞: sympy 1.14 finds lim_{x→-∞} 2^x = ∞
                    return sp.Limit(inner.subs(v, -v), v, sp.oo, "-")
                direction = side or ("-" if point == sp.oo else "+-")
                return sp.Limit(inner, v, point, direction)
            case Evaluated(expr=body, var=var, lower=lo, upper=hi):
                inner, v = build(body), build(var)
                return sp.Add(inner.subs(v, build(hi)), -inner.subs(v, build(lo)), evaluate=evaluate)
            case Integral(expr=body, var=var, lower=lo, upper=hi):
                if lo is None or hi is None:
                    return sp.Integral(build(body), build(var))
                return sp.Integral(build(body), (build(var), build(lo), build(hi)))
            case Transpose(arg=a):  # of a scalar: itself
                return build(a)
            case Norm(arg=a):  # of a scalar: its absolute value
                return sp.Abs(build(a))
        raise TypeError(f"no scalar sympy form for {type(node).__name__}")

    return build(e)


# Functions that sympy can keep as written (evaluate=False): their domains stay visible.
_KEPT = {f.name: f.sympy for f in catalogue.CATALOGUE if f.kept and isinstance(f.sympy, str)}


def sympy_function(sp: Any, node: Func, args: list[Any]) -> Any:
    """The sympy value of ``node`` whose arguments are already the sympy ``args``."""
    name = node.name
    entry = catalogue.FUNCTIONS.get(name)
    if entry is not None:
        values = [*args, *(to_sympy(d) for d in catalogue.arguments(entry, node.args)[len(node.args) :])]
        if isinstance(entry.sympy, Expr):  # the catalogue's expression, with the values put in
            bound = {catalogue.U: values[0], **({catalogue.A: values[1]} if len(values) > 1 else {})}
            return _build(sp, entry.sympy, evaluate=True, bound=bound)
        return getattr(sp, entry.sympy)(*values)
    if name.endswith("'"):
        base, order = name.rstrip("'"), len(name) - len(name.rstrip("'"))
        t = sp.Dummy("t")
        return sp.Subs(sp.Derivative(sp.Function(base)(t), t, order), t, args[0])
    if len(name) == 1:
        return sp.Function(name)(*args)
    return getattr(sp, name)(*args)  # sympy's own, in the catalogue's expressions: Max, Min


# ---------------------------------------------------------------- checking derivations


def real_form(value: Any) -> Any:
    """``value`` with real odd roots, the convention of a calculus course: x^(1/3) at x = -8
    is -2 (and x^(2/3) is 4), not sympy's complex principal root."""
    import sympy as sp

    def odd_root(n: Any) -> bool:
        return bool(n.is_Pow and n.exp.is_Rational and n.exp.q % 2 == 1 and n.exp.q > 1)

    return value.replace(
        odd_root, lambda n: sp.Pow(sp.sign(n.base), n.exp.p) * sp.Pow(sp.Abs(n.base), n.exp, evaluate=False)
    )


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
