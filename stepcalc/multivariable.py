"""Several variables: gradients, Hessians, Jacobians, total differentials, directional
derivatives and the multivariable chain rule, each worked from partial derivatives.

Every partial derivative is a section worked by the same engine as ``derive`` (with the
variables held constant named in its heading); these functions only choose which partials
to take and assemble them, so each component is verified line by line like any derivative.
"""

from __future__ import annotations

from collections.abc import Sequence

from stepcalc.derivation import (
    Derivation,
    Problem,
    natural_order,
    work_section,
)
from stepcalc.errors import StepcalcError, UnsupportedError
from stepcalc.expr import (
    Add,
    Deriv,
    Div,
    Equation,
    Expr,
    Func,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    Vector,
    free_symbols,
    map_bottom_up,
    walk,
)
from stepcalc.limits import DEFAULT, Limits
from stepcalc.parse import parse, variable
from stepcalc.partials import (
    Names,
    budgeted,
    check_detail,
    finish,
    read_function,
    variable_names,
    variables_of,
    work_partial,
)
from stepcalc.simplify import simplify, tidy
from stepcalc.statement import read_statement
from stepcalc.steps import Binding, Line, RuleId, Section, Step

__all__ = ["chain", "differential", "directional", "gradient", "hessian", "jacobian"]


@budgeted
def gradient(
    expr: str | Expr,
    wrt: Names = None,
    *,
    detail: str = "textbook",
    verify: bool = False,
    at: str | dict[str, str | Expr] | None = None,
    limits: Limits = DEFAULT,
    max_seconds: float | None = None,
    vectors: str | Sequence[str] | None = None,
    matrices: str | Sequence[str] | None = None,
    symmetric: str | Sequence[str] | None = None,
) -> Derivation:
    """∇f: each partial derivative worked in turn, then the vector of them.

    The variables are ``wrt`` (a comma list or a list of names) or the expression's own,
    in textbook order (x_1, x_2, … by index; x, y, z by name).

    With vectors and matrices (a norm, a transpose, or names declared in ``vectors``,
    ``matrices``, ``symmetric``, sizes optional as ``x:3``, ``A:2x3``), ∇ is taken with
    respect to the vector or matrix ``wrt`` (default: the only vector) by the rules of
    :mod:`stepcalc.matrix`, in the denominator layout.
    """
    check_detail(detail)
    text, tree = read_function(expr, limits)
    from stepcalc.matrix import declare, matrix_gradient, uses_matrices

    if vectors or matrices or symmetric or uses_matrices(tree, declare(vectors, matrices, symmetric)):
        if at:
            raise UnsupportedError("--at is not supported for a vector or matrix gradient")
        if wrt is not None and not isinstance(wrt, str | Sym):
            wrt = ",".join(w if isinstance(w, str) else w.name for w in wrt)
        if isinstance(wrt, str) and "," in wrt:
            raise StepcalcError("a vector gradient is taken with respect to one vector or matrix; name one")
        worked: Derivation = matrix_gradient(
            tree, text, wrt, vectors=vectors, matrices=matrices, symmetric=symmetric, verify=verify
        )
        return worked
    variables = variables_of(tree, wrt, limits)
    d = Derivation(Problem(text, tree, tuple(variables), kind="gradient"))
    components: list[Expr] = []
    for x in variables:
        part = work_partial(d, tree, x, detail, limits, max_seconds)
        if part is None:
            return d
        components.append(part)
    d.result = Vector(tuple(components))
    return finish(d, verify, at, limits, [(tree, x) for x in variables])


@budgeted
def hessian(
    expr: str | Expr,
    wrt: Names = None,
    *,
    detail: str = "textbook",
    verify: bool = False,
    at: str | dict[str, str | Expr] | None = None,
    limits: Limits = DEFAULT,
    max_seconds: float | None = None,
) -> Derivation:
    """The matrix of second partial derivatives: the gradient first, then ∂/∂x_j of each
    component for j ≥ i; the entries below the diagonal are equal by symmetry (mixed
    partials of a twice continuously differentiable function commute)."""
    check_detail(detail)
    text, tree = read_function(expr, limits)
    variables = variables_of(tree, wrt, limits)
    d = Derivation(Problem(text, tree, tuple(variables), order=2, kind="hessian"))
    first: list[Expr] = []
    for x in variables:
        part = work_partial(d, tree, x, detail, limits, max_seconds)
        if part is None:
            return d
        first.append(part)
    n = len(variables)
    entries: dict[tuple[int, int], Expr] = {}
    for i in range(n):
        for j in range(i, n):
            part = work_partial(d, first[i], variables[j], detail, limits, max_seconds)
            if part is None:
                return d
            entries[i, j] = entries[j, i] = part
    d.result = Vector(tuple(Vector(tuple(entries[i, j] for j in range(n))) for i in range(n)))
    # entries (i, j) and (j, i), i ≤ j, are both ∂/∂x_j of the i-th partial, as worked
    origins = [(first[min(i, j)], variables[max(i, j)]) for i in range(n) for j in range(n)]
    return finish(d, verify, at, limits, origins)


@budgeted
def jacobian(
    exprs: str | Expr | Sequence[str | Expr],
    wrt: Names = None,
    *,
    detail: str = "textbook",
    verify: bool = False,
    at: str | dict[str, str | Expr] | None = None,
    limits: Limits = DEFAULT,
    max_seconds: float | None = None,
) -> Derivation:
    """The Jacobian of a vector of expressions (``"[x y, x + y^2]"``): row i is ∇f_i."""
    check_detail(detail)
    if isinstance(exprs, str | Expr):
        text, tree = read_function(exprs, limits)
    else:
        items = [read_function(e, limits)[1] for e in exprs]
        tree, text = Vector(tuple(items)), ""
        text = str(tree)
    if not isinstance(tree, Vector):
        raise StepcalcError("a Jacobian needs a vector of expressions, like [x y, x + y^2]")
    variables = variables_of(tree, wrt, limits)
    d = Derivation(Problem(text, tree, tuple(variables), kind="jacobian"))
    rows: list[Expr] = []
    for f in tree.items:
        row: list[Expr] = []
        for x in variables:
            part = work_partial(d, f, x, detail, limits, max_seconds)
            if part is None:
                return d
            row.append(part)
        rows.append(Vector(tuple(row)))
    d.result = Vector(tuple(rows))
    return finish(d, verify, at, limits, [(f, x) for f in tree.items for x in variables])


def _times(part: Expr, dx: Sym) -> Expr:
    """``part dx``: a product's factors followed by dx (2e^(2x + 3y) dx), a quotient kept whole."""
    return Mul((*part.factors, dx)) if isinstance(part, Mul) else Mul((part, dx))


def _differential_symbol(x: Sym) -> Sym:
    return Sym("d" + x.name)


@budgeted
def differential(
    expr: str | Expr,
    wrt: Names = None,
    *,
    detail: str = "textbook",
    verify: bool = False,
    at: str | dict[str, str | Expr] | None = None,
    delta: str | dict[str, str | Expr] | None = None,
    limits: Limits = DEFAULT,
    max_seconds: float | None = None,
) -> Derivation:
    """The total differential dz = ∂z/∂x dx + ∂z/∂y dy + …; with ``at`` and ``delta``
    (increments such as ``x=0.02,y=-0.01``) its value, the linear estimate of Δz."""
    check_detail(detail)
    text, tree = read_function(expr, limits)
    variables = variables_of(tree, wrt, limits)
    name = _function_name(expr, limits)
    d = Derivation(Problem(text, tree, tuple(variables), kind="differential", name=name))
    terms: list[Expr] = []
    for x in variables:
        part = work_partial(d, tree, x, detail, limits, max_seconds)
        if part is None:
            return d
        dx = _differential_symbol(x)
        if isinstance(part, Neg):
            terms.append(Neg(_times(part.arg, dx) if part.arg != Num(1) else dx))
        elif part != Num(0):
            terms.append(_times(part, dx) if part != Num(1) else dx)
    d.result = Add(tuple(terms)) if len(terms) > 1 else (terms[0] if terms else Num(0))
    if delta is not None and at is None:
        raise StepcalcError("--delta needs --at: the point where the increments start")
    point = _merge_points(at, delta, variables, limits)
    if point is not None and delta is not None and len(variables) == 1:
        d.increment = _increment(tree, variables[0], point, limits)
    return finish(d, verify, point, limits)


def _increment(f: Expr, x: Sym, point: dict[Sym, Expr], limits: Limits) -> Expr | None:
    """Δy = f(a + Δx) - f(a), exactly (a decimal when the increment is one), for comparing with
    dy; None where f has no value at either end."""
    from stepcalc.derivative_at import substitute
    from stepcalc.exact import UndefinedValue, exact_value
    from stepcalc.rules.base import rational

    a, step = point[x], point[_differential_symbol(x)]
    try:
        change = exact_value(Add((substitute(f, {x: Add((a, step))}), Neg(substitute(f, {x: a})))))
    except (UndefinedValue, StepcalcError):
        return None
    value = rational(change)
    decimal = isinstance(step, Num) and step.decimal
    if value is None or not decimal:
        return change
    written = Num(abs(value), decimal=True)
    return Neg(written) if value < 0 else written


def _merge_points(
    at: str | dict[str, str | Expr] | None,
    delta: str | dict[str, str | Expr] | None,
    variables: list[Sym],
    limits: Limits,
) -> dict[Sym, Expr] | None:
    """``at`` and ``delta`` as one point: x=1, y=-2, dx=0.02, dy=-0.01."""
    if at is None:
        return None
    from stepcalc.evaluate import parse_point

    point = parse_point(at, limits)
    if delta is not None:
        for s, v in parse_point(delta, limits).items():
            if s not in variables:
                raise StepcalcError(f"--delta names {s.name}, which is not one of the variables")
            point[_differential_symbol(s)] = v
    return point


@budgeted
def directional(
    expr: str | Expr,
    along: str | Sequence[str | Expr],
    wrt: Names = None,
    *,
    detail: str = "textbook",
    verify: bool = False,
    at: str | dict[str, str | Expr] | None = None,
    limits: Limits = DEFAULT,
    max_seconds: float | None = None,
) -> Derivation:
    """The derivative along a direction v: ∂f/∂l = ∇f · e_l with e_l = v/|v|."""
    check_detail(detail)
    text, tree = read_function(expr, limits)
    variables = variables_of(tree, wrt, limits)
    items = along.split(",") if isinstance(along, str) else list(along)
    vector = [parse(v, limits=limits) if isinstance(v, str) else v for v in items]
    if any(isinstance(n, Deriv) for v in vector for n in walk(v)):
        raise UnsupportedError("a direction's components are expressions, not derivatives")
    if len(vector) != len(variables):
        names = ", ".join(v.name for v in variables)
        raise StepcalcError(
            f"the direction has {len(vector)} components but there are {len(variables)} variables ({names})"
        )
    length = tidy(Func("sqrt", (Add(tuple(Pow(v, Num(2)) for v in vector)),)))
    if length == Num(0):
        raise StepcalcError("the direction is the zero vector")
    unit = [tidy(Div(v, length)) for v in vector]
    d = Derivation(Problem(text, tree, tuple(variables), kind="directional"))
    d.direction = Vector(tuple(unit))
    parts: list[Expr] = []
    for x in variables:
        part = work_partial(d, tree, x, detail, limits, max_seconds)
        if part is None:
            return d
        parts.append(part)
    section = _directional_section(tree, variables, unit, parts)
    d.sections.append(section)
    d.result = section.lines[-1].expr
    return finish(d, verify, at, limits)


def _directional_section(tree: Expr, variables: list[Sym], unit: list[Expr], parts: list[Expr]) -> Section:
    """∂f/∂l = ∂f/∂x·u₁ + ∂f/∂y·u₂ + …, the worked partials filled in, then simplified: each
    a line the oracle checks against ∇f · e_l (``f`` stands for the problem, as a definition)."""
    f = Sym("f")

    def dot(values: list[Expr]) -> Expr:
        terms = [Mul((v, u)) for v, u in zip(values, unit, strict=True)]
        return Add(tuple(terms)) if len(terms) > 1 else terms[0]

    formula = dot([Deriv(f, x, True) for x in variables])
    shown = Deriv(f, Sym("l"), True)
    section = Section([Line(formula, (Step(RuleId.DIRECTIONAL, shown, formula),))], start=formula)
    section.shown_start = shown
    section.definitions = (Binding(f, tree),)
    filled = dot(parts)
    section.lines.append(Line(filled, (Step(RuleId.PARTIAL, formula, filled),)))
    done = simplify(filled)
    if done.expr != filled:
        section.lines.append(Line(done.expr, (Step(RuleId.SIMPLIFY, filled, done.expr, done.steps),)))
    return section


@budgeted
def chain(
    expr: str | Expr,
    wrt: Names,
    sub: str | dict[str, str | Expr] | None = None,
    *,
    inner: Names = None,
    detail: str = "textbook",
    verify: bool = False,
    limits: Limits = DEFAULT,
    max_seconds: float | None = None,
) -> Derivation:
    """The multivariable chain rule ∂u/∂a = Σ ∂u/∂x ∂x/∂a.

    ``sub`` gives the inner functions (``"x=a+b, y=a b"``): each partial is worked, filled
    in, and the result written in the outer variables ``wrt``.  Without ``sub`` the formulas
    are abstract: u = f(x, y, z) with x, y, z (or ``inner``) functions of ``wrt``.
    """
    check_detail(detail)
    text, tree = read_function(expr, limits)
    name = _function_name(expr, limits)
    outer = variable_names(wrt)
    if outer is None:
        raise StepcalcError("name the variables to differentiate with respect to (--wrt a,b)")
    definitions = _definitions(sub, limits)
    middle = list(definitions) or variable_names(inner) or natural_order(free_symbols(tree) - set(outer))
    if not middle:
        raise StepcalcError("the expression has no inner variables for the chain rule")
    direct = [a.name for a in outer if a in free_symbols(tree) and a not in middle]
    if direct:  # Σ ∂u/∂x ∂x/∂a leaves out ∂u/∂a itself
        raise UnsupportedError(
            f"u depends on {', '.join(direct)} directly, not only through "
            f"{', '.join(x.name for x in middle)}; substitute and take partial derivatives instead"
        )
    d = Derivation(Problem(text, tree, tuple(outer), kind="chain"))
    if name is None and isinstance(tree, Sym) and tree not in middle:
        name = tree  # chain z --inner x,y: z = f(x, y) keeps its name
    u = name or Sym("u")
    # the inner functions depend on t alone: du/dt is a total derivative, dx/dt ordinary ones
    several = len(set(outer).union(*(free_symbols(v) for v in definitions.values()))) > 1
    if not definitions:
        for a in outer:
            formula = _chain_formula(u, a, middle, several)
            step = Step(_chain_rule(middle), Deriv(u, a, several), formula)
            d.sections.append(Section([Line(formula, (step,))], start=Deriv(u, a, several)))
        d.result = Vector(tuple(s.lines[0].expr for s in d.sections))
        return d
    filled = map_bottom_up(tree, lambda n: definitions.get(n, n) if isinstance(n, Sym) else n)
    results: list[Expr] = []
    for a in outer:
        section = _chain_section(
            u, tree, filled, a, several, middle, definitions, detail, limits, max_seconds
        )
        d.sections.append(section)
        if section.unknown:
            d.unknown = section.unknown
            return d
        results.append(section.lines[-1].expr)
    d.result = Vector(tuple(results)) if len(results) > 1 else results[0]
    return d


def _definitions(sub: str | dict[str, str | Expr] | None, limits: Limits) -> dict[Sym, Expr]:
    if sub is None:
        return {}
    pairs: list[tuple[str, str | Expr]] = []
    if isinstance(sub, str):
        for part in (p for chunk in sub.split(";") for p in _split_top_level(chunk)):
            name, eq, value = part.partition("=")
            if not eq or not name.strip() or not value.strip():
                raise StepcalcError(f"--sub expects name=expression, not {part.strip()!r}")
            pairs.append((name.strip(), value.strip()))
    else:
        pairs = list(sub.items())
    names = [variable(n) for n, _ in pairs]
    twice = sorted({x.name for x in names if names.count(x) > 1})
    if twice:
        raise StepcalcError(f"--sub defines {', '.join(twice)} twice")
    return {
        x: parse(v, limits=limits) if isinstance(v, str) else v
        for x, (_, v) in zip(names, pairs, strict=True)
    }


def _split_top_level(text: str) -> list[str]:
    """Split at commas outside brackets: ``x=f(a, b), y=a`` → two parts."""
    parts, level, start = [], 0, 0
    for i, ch in enumerate(text):
        level += ch in "([{"
        level -= ch in ")]}"
        if ch == "," and level == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def _function_name(expr: str | Expr, limits: Limits) -> Sym | None:
    """The name a stated function has: z in ``z = x^2 y``."""
    tree = parse(expr, limits=limits) if isinstance(expr, str) else expr
    if not isinstance(tree, Equation):
        return None
    named = read_statement(tree).name
    return named if isinstance(named, Sym) else None


def _chain_formula(u: Sym, a: Sym, middle: list[Sym], several: bool) -> Expr:
    """Σ ∂u/∂x ∂x/∂a; with one outer variable the total derivative du/dt = Σ ∂u/∂x dx/dt (and
    du/dx dx/dt through a single inner variable): d for a function of one variable, ∂ for one
    of several."""
    return Add(tuple(Mul((Deriv(u, x, len(middle) > 1), Deriv(x, a, several))) for x in middle))


def _chain_rule(middle: list[Sym]) -> RuleId:
    """Through one inner variable du/dt = du/dx dx/dt is the chain rule of one variable."""
    return RuleId.MULTIVARIABLE_CHAIN if len(middle) > 1 else RuleId.CHAIN


def _chain_section(
    u: Sym,
    tree: Expr,
    filled: Expr,
    a: Sym,
    several: bool,
    middle: list[Sym],
    definitions: dict[Sym, Expr],
    detail: str,
    limits: Limits,
    max_seconds: float | None,
) -> Section:
    """∂u/∂a for concrete inner functions: the formula, the partials, substitution, simplify."""
    start = Deriv(filled, a, several)
    formula = _chain_formula(u, a, middle, several)
    section = Section([Line(formula, (Step(_chain_rule(middle), start, formula),))], start=start)
    section.shown_start = Deriv(u, a, several)
    section.definitions = (Binding(u, tree), *(Binding(x, definitions[x]) for x in middle))
    values: dict[Expr, Expr] = {}
    for x in middle:
        for f, v in ((tree, x), (definitions[x], a)):
            part = work_section(
                f, v, detail=detail, limits=limits, max_seconds=max_seconds or limits.max_seconds
            )
            if part.unknown:
                section.unknown = part.unknown
                return section
            key = Deriv(u, v, len(middle) > 1) if f is tree else Deriv(x, v, several)
            values[key] = part.lines[-1].expr
    partials = map_bottom_up(formula, lambda n: values.get(n, n))
    section.lines.append(Line(partials, (Step(RuleId.PARTIAL, formula, partials),)))
    substituted = map_bottom_up(partials, lambda n: definitions.get(n, n) if isinstance(n, Sym) else n)
    section.lines.append(Line(substituted, (Step(RuleId.SUBSTITUTE, partials, substituted),)))
    done = simplify(substituted)
    if done.expr != substituted:
        section.lines.append(Line(done.expr, (Step(RuleId.SIMPLIFY, substituted, done.expr, done.steps),)))
    return section
