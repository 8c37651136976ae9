"""Vector and matrix calculus in the denominator layout (as in d2l), worked step by step.

Which names are vectors and matrices, and the shapes, are ``stepcalc.shapes``; the rules of the
gradient hole, in order, are ``stepcalc.rules.gradient``, applied by the engine one line per
level; the textbook simplification of its result (numbers first, scalars before vectors, xᵀx
written ‖x‖²) is ``stepcalc.simplify.matrix``.  Here: the lines of one gradient, the
componentwise derivation beside it (as WORKED §10 shows ‖x‖₂), and the API.

Each line is verified numerically (``verify``): at sizes 2, 3 and 5 with random values the
gradient holes are taken by sympy on the components, and each line must agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from stepcalc import engine
from stepcalc.engine import Budget, Rewriter, Worked, forget
from stepcalc.errors import UnsupportedError
from stepcalc.expr import (
    ONE,
    TWO,
    ZERO,
    Add,
    Deriv,
    Div,
    Expr,
    Func,
    Grad,
    MatMul,
    Mul,
    Norm,
    Pow,
    Sum,
    Sym,
    Transpose,
    depth,
    free_symbols,
    map_bottom_up,
    walk,
)
from stepcalc.limits import DEFAULT, recursion_room
from stepcalc.rules.gradient import GradientContext, GradientKind, outer_rule
from stepcalc.shapes import (
    IDENTITY,
    Shapes,
    declare,
    implicit_kinds,
    name_of,
    rewrite_dot,
    shape,
    uses_matrices,
)
from stepcalc.simplify.matrix import gram, number_expr, number_value, replace, simplify_matrix, tidy_line
from stepcalc.steps import Binding, Line, RuleId, Section, Step

__all__ = ["Shapes", "declare", "matrix_gradient", "shape", "uses_matrices"]


# ---------------------------------------------------------------- lines
def work(f: Expr, x: Sym, shapes: Shapes, *, max_lines: int = 60) -> Section:
    """∇ₓ f as a section: one line per level of rules (the engine over the gradient table),
    then substitution and simplification."""
    ctx = GradientContext(shapes, outer_derivative=_outer_derivative)
    kind = GradientKind(ctx, tidy=lambda e: tidy_line(e, ctx))
    start = Grad(f, x)
    shape(start, shapes)
    forget()
    budget = Budget(
        max_steps=DEFAULT.max_nodes, deadline=math.inf, seconds=math.inf
    )  # (the caller bounds the time)
    with recursion_room(depth(f) + 50):
        worked = engine.work(Line(start), Rewriter(kind, budget), Worked(), "textbook", max_lines=max_lines)
    section = Section(worked.lines, start=start)
    if worked.unknown:
        section.unknown = worked.unknown
        return section
    expr = section.lines[-1].expr if section.lines else start
    section.bindings = tuple(ctx.bindings)
    if ctx.bindings:
        back = expr
        for b in reversed(ctx.bindings):
            back = replace(back, b.name, b.value)
        if back != expr:
            expr = back
            section.lines.append(Line(expr, (Step(RuleId.SUBSTITUTE, section.lines[-1].expr, expr),)))
    final = simplify_matrix(expr, ctx)
    if final.expr != expr:
        section.lines.append(Line(final.expr, (Step(RuleId.SIMPLIFY, expr, final.expr, final.steps),)))
    if not section.lines:
        section.lines.append(Line(ZERO))
    return section


def _outer_derivative(g: Expr, t: Sym) -> Expr | None:
    """g'(t) in its final form, worked by the derivative engine (the scalar chain rule's)."""
    from stepcalc.derivation import work_section

    section = work_section(g, t, detail="textbook", limits=DEFAULT, max_seconds=5.0)
    return None if section.unknown else section.lines[-1].expr


# ---------------------------------------------------------------- component-wise
def _component(v: Sym, index: Sym) -> Sym:
    return Sym(f"{v.name}_{index.name}")


def _sum_form(atom: Expr, x: Sym, shapes: Shapes) -> Expr | None:
    """The Σ that an atom stands for, over j = 1..n: xᵀx → Σ x_j², aᵀx → Σ a_j x_j."""
    j, n = Sym("j"), Sym("n")
    u = gram(atom, shapes)
    if u is None and isinstance(atom, Norm) and atom.kind in (None, "2"):
        u = atom.arg
    if u == x:
        return Sum(Pow(_component(x, j), TWO), j, ONE, n)
    if isinstance(atom, Mul | MatMul) and len(atom.factors) == 2:
        a, b = atom.factors
        if a == Transpose(x) and isinstance(b, Sym) and shapes.kind(b.name) == "vector" and b != x:
            return Sum(Mul((_component(x, j), _component(b, j))), j, ONE, n)  # xᵀb = Σ x_j b_j
        if (
            isinstance(a, Transpose)
            and isinstance(a.arg, Sym)
            and a.arg != x
            and b == x
            and shapes.kind(a.arg.name) == "vector"
        ):
            return Sum(Mul((_component(a.arg, j), _component(x, j))), j, ONE, n)
    return None


def componentwise(f: Expr, x: Sym, shapes: Shapes) -> Section | None:
    """∂f/∂x_i written with sums over j = 1..n, when f depends on x through one kind of sum
    (‖x‖, ‖x‖², xᵀx, or aᵀx): the chain rule, then the sum collapsing to its j = i term."""
    from stepcalc.derivation import work_section

    if shapes.kind(x.name) != "vector":
        return None
    found = _through_one_sum(f, x, shapes)
    if found is None:
        return None
    g, t, total, form = found
    i = Sym("i")
    xi = _component(x, i)
    section = work_section(g, t, detail="textbook", limits=DEFAULT, max_seconds=5.0)
    if section.unknown:
        return None
    outer = map_bottom_up(section.lines[-1].expr, lambda n: total if n == t else n)
    written = map_bottom_up(g, lambda n: total if n == t else n)
    start = Deriv(written, xi, partial=True)
    shown = Deriv(Sym("f"), xi, partial=True)
    rule = outer_rule(g) if isinstance(g, Func | Pow) else RuleId.CHAIN
    line1 = Mul((outer, Deriv(total, xi, partial=True))) if outer != ONE else Deriv(total, xi, partial=True)
    inner, written_back = _collapsed_sum(total, x, xi, shapes, form)
    line2 = Mul((outer, inner)) if outer != ONE else inner
    ctx = GradientContext(shapes)
    back = map_bottom_up(line2, lambda n: written_back if n == total else n)
    final = simplify_matrix(back, ctx)
    note = f"only_j_is_i:{x.name}"
    lines = [
        Line(line1, (Step(RuleId.CHAIN, start, line1, (Step(rule, written, outer),)),)),
        Line(line2, (Step(RuleId.SUM, Deriv(total, xi, partial=True), inner, note=note),), note=note),
    ]
    if final.expr != line2:
        lines.append(Line(final.expr, (Step(RuleId.SIMPLIFY, line2, final.expr, final.steps),)))
    return Section(lines, start=start, shown_start=shown, definitions=(Binding(Sym("f"), written),))


def _through_one_sum(f: Expr, x: Sym, shapes: Shapes) -> tuple[Expr, Sym, Sum, Expr] | None:
    """f as a function g of one new scalar t that stands for a sum over x's components (‖x‖ as
    t^(1/2)): g, t, the Σ and the form it was written in (aᵀx); None when f depends on x in
    another way too (two kinds of sum, x itself, another vector or matrix)."""
    sums: set[Expr] = set()
    atoms: dict[Expr, Expr] = {}  # each Σ and the form it was written in (aᵀx)
    t = Sym("s")
    while t in free_symbols(f):
        t = Sym(t.name + "'")

    def to_t(n: Expr) -> Expr:
        if (
            isinstance(n, Pow)
            and isinstance(n.base, Pow)
            and n.base.base == t
            and n.base.exp == Div(ONE, TWO)
        ):
            p = number_value(n.exp)  # ‖x‖^p = (Σ x_j²)^(p/2)
            return t if p == 2 else Pow(t, number_expr(p / 2)) if p is not None else Pow(t, Div(n.exp, TWO))
        form = _sum_form(n, x, shapes)
        if form is not None:
            sums.add(form)
            atoms.setdefault(form, n)
            return Pow(t, Div(ONE, TWO)) if isinstance(n, Norm) else t
        return n

    g = map_bottom_up(f, to_t)
    if (
        len(sums) != 1
        or x in free_symbols(g)
        or any(isinstance(n, Sym) and shapes.kind(n.name) != "scalar" for n in walk(g))
    ):
        return None
    total = sums.pop()
    assert isinstance(total, Sum)
    return g, t, total, atoms[total]


def _collapsed_sum(total: Sum, x: Sym, xi: Sym, shapes: Shapes, form: Expr) -> tuple[Expr, Expr]:
    """∂Σ/∂x_i, the sum collapsed to its j = i term (Σ x_j² → 2x_i, Σ a_j x_j → a_i), and what
    the Σ is written back as in the result: ‖x‖², or the form it was written in (aᵀx)."""
    body = total.body
    if isinstance(body, Pow):  # Σ x_j² → 2x_i
        return Mul((TWO, xi)), Pow(Norm(x, shapes.norm_kind), TWO)
    # Σ a_j x_j → a_i
    assert isinstance(body, Mul)
    a = next(f for f in body.factors if f != _component(x, Sym("j")))
    assert isinstance(a, Sym)
    return Sym(a.name[: -len("_j")] + "_i"), form


def identity_componentwise(f: Expr, x: Sym, shapes: Shapes) -> Section | None:
    """The matrix identities derived on components, as WORKED §10 derives ∇‖x‖₂, when f is
    one of them with a named matrix A (entries a_jk):

    - ``A x``: f_j = Σ_k a_jk x_k, so ∂f_j/∂x_i = a_ji (only the term k = i has x_i), the
      (i, j) entry of Aᵀ;  ``xᵀ A``: f_j = Σ_k x_k a_kj, so ∂f_j/∂x_i = a_ij, the entries of A;
    - ``xᵀ A x`` = Σ_j Σ_k x_j a_jk x_k: by the product rule ∂f/∂x_i = Σ_k a_ik x_k + Σ_j x_j a_ji,
      the i-th entries of A x and Aᵀ x, so ∇ = (A + Aᵀ) x.
    """
    if shapes.kind(x.name) != "vector" or not isinstance(f, Mul | MatMul):
        return None
    fs, xt = f.factors, Transpose(x)
    if len(fs) == 2 and fs[1] == x and _named_matrix(fs[0], shapes):
        return _linear_parts(fs[0], x, shapes, row=False)
    if len(fs) == 2 and fs[0] == xt and _named_matrix(fs[1], shapes):
        return _linear_parts(fs[1], x, shapes, row=True)
    if len(fs) == 3 and fs[0] == xt and fs[2] == x and _named_matrix(fs[1], shapes):
        return _quadratic_parts(fs[1], x, shapes)
    return None


def _named_matrix(m: Expr, shapes: Shapes) -> bool:
    return isinstance(m, Sym) and shapes.kind(m.name) == "matrix" and m != IDENTITY


def _entry(m: Expr, row: Sym, col: Sym, shapes: Shapes) -> Sym:
    """The entry of the matrix m in a row and column: ``a_jk`` for A (``A_jk`` when the small
    letter is another name of the problem)."""
    assert isinstance(m, Sym)
    small = m.name.lower()
    taken = small in shapes.vectors or small in shapes.matrices or small == m.name
    return Sym(f"{m.name if taken else small}_{row.name}{col.name}")


def _linear_parts(m: Expr, x: Sym, shapes: Shapes, *, row: bool) -> Section:
    i, j, k, n = Sym("i"), Sym("j"), Sym("k"), Sym("n")
    xi, xk = _component(x, i), _component(x, k)
    term = Mul((xk, _entry(m, k, j, shapes))) if row else Mul((_entry(m, j, k, shapes), xk))
    total = Sum(term, k, ONE, n)
    entry = _entry(m, i, j, shapes) if row else _entry(m, j, i, shapes)
    start = Deriv(total, xi, partial=True)
    fj = Sym("f_j")
    note = f"only_k_is_i:{x.name}"
    line = Line(entry, (Step(RuleId.SUM, start, entry, note=note),), note=note)
    return Section(
        [line], start=start, shown_start=Deriv(fj, xi, partial=True), definitions=(Binding(fj, total),)
    )


def _quadratic_parts(m: Expr, x: Sym, shapes: Shapes) -> Section:
    i, j, k, n = Sym("i"), Sym("j"), Sym("k"), Sym("n")
    xi, xj, xk = _component(x, i), _component(x, j), _component(x, k)
    a_jk = _entry(m, j, k, shapes)
    total = Sum(Sum(Mul((xj, a_jk, xk)), k, ONE, n), j, ONE, n)
    start = Deriv(total, xi, partial=True)
    each = Add(
        (
            Mul((Deriv(xj, xi, partial=True), a_jk, xk)),
            Mul((xj, a_jk, Deriv(xk, xi, partial=True))),
        )
    )
    line1 = Sum(Sum(each, k, ONE, n), j, ONE, n)
    line2 = Add(
        (
            Sum(Mul((_entry(m, i, k, shapes), xk)), k, ONE, n),
            Sum(Mul((xj, _entry(m, j, i, shapes))), j, ONE, n),
        )
    )
    note = f"kronecker:{x.name}"
    f = Sym("f")
    return Section(
        [
            Line(line1, (Step(RuleId.PRODUCT, start, line1),)),
            Line(line2, (Step(RuleId.SUM, line1, line2, note=note),), note=note),
        ],
        start=start,
        shown_start=Deriv(f, xi, partial=True),
        definitions=(Binding(f, total),),
    )


# ---------------------------------------------------------------- API
def matrix_gradient(
    expr: Expr,
    text: str,
    wrt: str | Sym | None,
    *,
    vectors: str | Iterable[str] | None = None,
    matrices: str | Iterable[str] | None = None,
    symmetric: str | Iterable[str] | None = None,
    verify: bool = False,
) -> Any:
    """∇ with respect to a vector or matrix variable, worked step by step (a Derivation)."""
    from stepcalc.derivation import Derivation, Problem

    shapes = declare(vectors, matrices, symmetric)
    tree = rewrite_dot(expr)
    implicit_kinds(tree, shapes)
    kinds = {n.kind for n in walk(tree) if isinstance(n, Norm)}
    shapes.norm_kind = None if None in kinds and "2" not in kinds else "2"
    var = _wrt(tree, wrt, shapes)
    section = work(tree, var, shapes)
    problem = Problem(text, tree, (var,), 1, kind="vector_gradient")
    parts = componentwise(tree, var, shapes) or identity_componentwise(tree, var, shapes)
    derivation = Derivation(problem, [parts, section] if parts is not None else [section])
    derivation.shapes = shapes
    if section.unknown:
        derivation.unknown = section.unknown
    else:
        derivation.result = section.lines[-1].expr
        section.conditions = _nonzero(derivation.result)
        if verify:
            derivation.verify()
    return derivation


def _nonzero(e: Expr) -> tuple[Expr, ...]:
    """What must not be 0 for ``e`` to be defined: the argument of a norm that divides."""
    found: dict[Expr, None] = {}
    for n in walk(e):
        dens = [n.den] if isinstance(n, Div) else [n.base] if isinstance(n, Pow) and _negative(n.exp) else []
        for d in dens:
            for m in walk(d):
                if isinstance(m, Norm):
                    found.setdefault(m.arg, None)
    return tuple(found)


def _negative(e: Expr) -> bool:
    value = number_value(e)
    return value is not None and value < 0


def _wrt(tree: Expr, wrt: str | Sym | None, shapes: Shapes) -> Sym:
    if isinstance(wrt, Sym):
        wrt = wrt.name
    candidates = sorted(n.name for n in free_symbols(tree) if shapes.kind(n.name) != "scalar")
    if wrt is not None:
        wrt = name_of(wrt.strip())
        if shapes.kind(wrt) == "scalar":
            if Sym(wrt) in free_symbols(tree):
                raise UnsupportedError(
                    f"{wrt} is a scalar here; declare it a vector (--vector {wrt}) "
                    "or take partial derivatives"
                )
            shapes.vectors[wrt] = None
        return Sym(wrt)
    vectors = [c for c in candidates if shapes.kind(c) == "vector"]
    if len(vectors) == 1:
        return Sym(vectors[0])
    if not vectors and len(candidates) == 1:
        return Sym(candidates[0])
    raise UnsupportedError(
        "say which variable to differentiate with respect to (--wrt): "
        + (", ".join(candidates) if candidates else "no vector or matrix found")
    )
