"""Vector and matrix calculus in the denominator layout (as in d2l), worked step by step.

Which names are vectors and matrices, and the shapes, are ``stepcalc.shapes``; the rules of the
gradient hole, in order, are ``stepcalc.rules.gradient``, applied by the engine one line per
level.  Here: the lines of one gradient, the textbook simplification of its result (numbers
first, scalars before vectors, xᵀx written ‖x‖²), the componentwise derivation beside it (as
WORKED §10 shows ‖x‖₂), and the API.

Each line is verified numerically (``verify``): at sizes 2, 3 and 5 with random values the
gradient holes are taken by sympy on the components, and each line must agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction
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
    Neg,
    Norm,
    Num,
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
from stepcalc.rules.gradient import GradientContext, GradientKind, outer_rule, transpose
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
from stepcalc.simplify.core import Simplified, Simplifier, Table, Unit
from stepcalc.simplify.terms import scaled, split_coefficient
from stepcalc.steps import Binding, Line, RuleId, Section, Step

__all__ = ["Shapes", "declare", "matrix_gradient", "shape", "uses_matrices"]


# ---------------------------------------------------------------- lines
def work(f: Expr, x: Sym, shapes: Shapes, *, max_lines: int = 60) -> Section:
    """∇ₓ f as a section: one line per level of rules (the engine over the gradient table),
    then substitution and simplification."""
    ctx = GradientContext(shapes, outer_derivative=_outer_derivative)
    kind = GradientKind(ctx, tidy=lambda e: _tidy_line(e, ctx))
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
            back = _replace(back, b.name, b.value)
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


def _tidy_line(e: Expr, ctx: GradientContext) -> tuple[Expr, tuple[Step, ...]]:
    """Zeros dropped, I absorbed, (Lᵀ)ᵀ = L after a line's holes are filled: named steps too."""
    kept = _housekeeping(e, ctx)
    return kept.expr, kept.steps


def _replace(e: Expr, old: Expr, new: Expr) -> Expr:
    return map_bottom_up(e, lambda n: new if n == old else n)


def _tidy_node(n: Expr, ctx: GradientContext) -> Expr:
    if isinstance(n, Transpose):
        t = transpose(n.arg, ctx.shapes)
        return t if t != n else n
    if isinstance(n, Neg) and n.arg == ZERO:
        return ZERO
    if isinstance(n, Add):
        terms = tuple(t for t in n.terms if t != ZERO)
        if not terms:
            return ZERO
        return terms[0] if len(terms) == 1 else Add(terms) if len(terms) != len(n.terms) else n
    if isinstance(n, Mul | MatMul):
        if any(f == ZERO for f in n.factors):
            return ZERO
        # I is dropped beside a vector or matrix (A I = A), kept beside scalars only (2I)
        alone = all(ctx.is_scalar(f) or f == IDENTITY for f in n.factors)
        fs = tuple(f for f in n.factors if (f != IDENTITY or alone) and f != ONE)
        if len(fs) != len(n.factors):
            if not fs:
                return IDENTITY if IDENTITY in n.factors else ONE
            return fs[0] if len(fs) == 1 else type(n)(fs)
    if isinstance(n, Div) and n.num == ZERO:
        return ZERO
    return n


def _norm_squared(e: Expr) -> Expr | None:
    """u when ``e`` is ‖u‖² (a 2-norm)."""
    if isinstance(e, Pow) and isinstance(e.base, Norm) and e.base.kind in (None, "2") and e.exp == TWO:
        return e.base.arg
    return None


def _gram(e: Expr, shapes: Shapes) -> Expr | None:
    """u when ``e`` is uᵀu for a vector u (AᵀA of a matrix is no norm)."""
    if isinstance(e, Mul | MatMul) and len(e.factors) == 2 and e.factors[0] == Transpose(e.factors[1]):
        u = e.factors[1]
        if shapes.find(shape(u, shapes)[1]) == 1:
            return u
    return None


# ---------------------------------------------------------------- simplification
def simplify_matrix(e: Expr, ctx: GradientContext) -> Simplified:
    """The textbook final form: numbers multiplied out and written first, scalars before vectors,
    (xᵀx)^{p} = ‖x‖^{2p}, a negative power of a scalar as a quotient — the units below, run by
    the simplification driver (every rewrite a recorded step, to a fixed point)."""
    return Simplifier(_matrix_table(ctx)).run(e)


class _MatrixUnit(Unit):
    """A unit of the matrix simplification, bound to one derivation's shapes."""

    def __init__(self, ctx: GradientContext) -> None:
        self.ctx = ctx


class _Housekeeping(_MatrixUnit):
    """0 + u → u;  0·A → 0;  A I → A (I stays beside scalars: 2I);  (Aᵀ)ᵀ → A."""

    id = RuleId.FOLD_CONSTANTS

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        n = _tidy_node(e, self.ctx)
        return None if n == e else n


class _GramAsNorm(_MatrixUnit):
    """uᵀu → ‖u‖²;  (uᵀu)^p → ‖u‖^(2p);  √(uᵀu) → ‖u‖;  u^1 → u (in the norm the problem uses)."""

    id = RuleId.NORM_FORM

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        shapes = self.ctx.shapes
        if isinstance(e, Pow):
            u = _gram(e.base, shapes) or _norm_squared(e.base)
            p = _number(e.exp)
            if u is not None and p is not None:
                return (
                    Norm(u, shapes.norm_kind) if 2 * p == 1 else Pow(Norm(u, shapes.norm_kind), _num(2 * p))
                )
            return e.base if e.exp == ONE else None
        if isinstance(e, Func) and e.name == "sqrt" and len(e.args) == 1:
            u = _gram(e.args[0], shapes) or _norm_squared(e.args[0])
            return None if u is None else Norm(u, shapes.norm_kind)
        if isinstance(e, Norm):
            return (
                Norm(e.arg, shapes.norm_kind)
                if e.kind in (None, "2") and e.kind != shapes.norm_kind
                else None
            )
        u = _gram(e, shapes)
        return None if u is None else Pow(Norm(u, shapes.norm_kind), TWO)


class _ProductInOrder(_MatrixUnit):
    """3x·2 → 6x;  x x² → x³;  (a/b)·A → a A/b: one number first, then scalars (equal bases with
    their powers added), then vectors and matrices in order, scalar divisors under one bar; a
    quotient is read as a product, so that numbers and equal bases meet."""

    id = RuleId.ORDER_FACTORS

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        if isinstance(e, Mul | MatMul):
            return _simplify_product(e, self.ctx)
        if isinstance(e, Div) and (
            not self.ctx.is_scalar(e.num)
            or isinstance(e.num, Mul | MatMul | Div)
            or isinstance(e.den, Div | Pow)
        ):
            as_product = Mul((e.num, Div(ONE, e.den)))
            product = _simplify_product(as_product, self.ctx)
            return None if product == as_product else product
        return None


class _EqualTerms(_MatrixUnit):
    """x + x → 2x;  2x + 6x → 8x: terms equal as written but for a number are added."""

    id = RuleId.COMBINE_LIKE_TERMS

    def apply(self, e: Expr, ctx: Simplifier) -> Expr | None:
        assert isinstance(e, Add)
        counts: dict[Expr | None, Fraction] = {}
        for t in e.terms:
            c, rest = split_coefficient(t)
            counts[rest] = counts.get(rest, Fraction(0)) + c
        if len(counts) == len(e.terms):
            return None
        terms = tuple(scaled(c, rest) for rest, c in counts.items() if c != 0)
        return ZERO if not terms else terms[0] if len(terms) == 1 else Add(terms)


def _matrix_table(ctx: GradientContext) -> Table:
    """Housekeeping first at every node, then norms, then the order of products."""
    keep, gram, order = _Housekeeping(ctx), _GramAsNorm(ctx), _ProductInOrder(ctx)
    return {
        Transpose: (keep,),
        Neg: (keep,),
        Add: (keep, _EqualTerms(ctx)),
        Mul: (keep, gram, order),
        MatMul: (keep, gram, order),
        Div: (keep, order),
        Pow: (gram,),
        Func: (gram,),
        Norm: (gram,),
    }


def _housekeeping(e: Expr, ctx: GradientContext) -> Simplified:
    """The zeros, ones and identities a rule line leaves, between rule lines."""
    keep = _Housekeeping(ctx)
    return Simplifier({t: (keep,) for t in (Transpose, Neg, Add, Mul, MatMul, Div)}).run(e)


def _number(e: Expr) -> Fraction | None:
    if isinstance(e, Num):
        return Fraction(e.value)
    if isinstance(e, Neg):
        v = _number(e.arg)
        return None if v is None else -v
    if isinstance(e, Div):
        a, b = _number(e.num), _number(e.den)
        return None if a is None or b is None or b == 0 else a / b
    return None


def _num(value: Fraction) -> Expr:
    if value.denominator == 1:
        n: Expr = Num(abs(value.numerator))
    else:
        n = Div(Num(abs(value.numerator)), Num(value.denominator))
    return Neg(n) if value < 0 else n


def _simplify_product(n: Mul | MatMul, ctx: GradientContext) -> Expr:
    """A product as a textbook writes it: one number first, then scalars (equal bases with their
    powers added), then vectors and matrices in order, scalar divisors under one fraction bar."""
    coefficient = Fraction(1)
    powers: dict[Expr, Fraction] = {}  # scalar base → total exponent
    others: list[Expr] = []

    def add(f: Expr, sign: int) -> None:
        nonlocal coefficient
        if isinstance(f, Neg):
            coefficient = -coefficient
            add(f.arg, sign)
            return
        value = _number(f)
        if value is not None:
            if value == 0 and sign < 0:
                raise ZeroDivisionError
            coefficient *= value if sign > 0 else 1 / value
            return
        if isinstance(f, Mul | MatMul):
            for g in f.factors:
                add(g, sign)
            return
        if isinstance(f, Div) and ctx.is_scalar(f.den):
            add(f.num, sign)
            add(f.den, -sign)
            return
        if not ctx.is_scalar(f):
            if sign < 0:
                raise ValueError("a vector divisor")
            others.append(f)
            return
        if isinstance(f, Pow) and (p := _number(f.exp)) is not None:
            base, exponent = f.base, p
        else:
            base, exponent = f, Fraction(1)
        powers[base] = powers.get(base, Fraction(0)) + sign * exponent

    try:
        for f in n.factors:
            add(f, 1)
    except (ValueError, ZeroDivisionError):
        return n
    if coefficient == 0:
        return ZERO

    def power(base: Expr, p: Fraction) -> Expr:
        return base if p == 1 else Pow(base, _num(p))

    top = [power(b, p) for b, p in powers.items() if p > 0]
    bottom = [power(b, -p) for b, p in powers.items() if p < 0]
    head: list[Expr] = []
    magnitude = abs(coefficient)
    if magnitude.numerator != 1 or not (top or others):
        head.append(Num(magnitude.numerator))
    body = head + top + others
    out: Expr = body[0] if len(body) == 1 else Mul(tuple(body))
    if magnitude.denominator != 1:
        bottom.insert(0, Num(magnitude.denominator))
    if bottom:
        out = Div(out, bottom[0] if len(bottom) == 1 else Mul(tuple(bottom)))
    if coefficient < 0:
        out = Neg(out)
    if isinstance(out, Mul) and out.factors == n.factors:
        return n  # a matrix product stays one
    return out


# ---------------------------------------------------------------- component-wise
def _component(v: Sym, index: Sym) -> Sym:
    return Sym(f"{v.name}_{index.name}")


def _sum_form(atom: Expr, x: Sym, shapes: Shapes) -> Expr | None:
    """The Σ that an atom stands for, over j = 1..n: xᵀx → Σ x_j², aᵀx → Σ a_j x_j."""
    j, n = Sym("j"), Sym("n")
    u = _gram(atom, shapes)
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
            p = _number(n.exp)  # ‖x‖^p = (Σ x_j²)^(p/2)
            return t if p == 2 else Pow(t, _num(p / 2)) if p is not None else Pow(t, Div(n.exp, TWO))
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
    body = total.body
    if isinstance(body, Pow):  # Σ x_j² → 2x_i
        inner: Expr = Mul((TWO, xi))
        written_back: Expr = Pow(Norm(x, shapes.norm_kind), TWO)
    else:  # Σ a_j x_j → a_i
        assert isinstance(body, Mul)
        a = next(f for f in body.factors if f != _component(x, Sym("j")))
        assert isinstance(a, Sym)
        inner = Sym(a.name[: -len("_j")] + "_i")
        written_back = atoms[total]
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
    value = _number(e)
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
