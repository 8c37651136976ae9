"""The lines of a derivative from first principles (issue 19, item 4): the difference quotient
(f(x + h) − f(x))/h worked inside lim_{h→0} until h cancels, then h → 0.

One builder per kind of function a textbook works this way: polynomials (expand, collect,
cancel h), rational functions (a common denominator first), square roots of polynomials (the
conjugate), and sin x, cos x, eˣ (an addition formula, then the standard limits).  The lines are
plain data (``Step``) computed with stepcalc's exact polynomial forms
(:mod:`stepcalc.simplify.normal`); the oracle checks them afterwards
(:mod:`stepcalc.tasks.definition`), it never makes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from stepcalc.derivative_at import substitute
from stepcalc.errors import StepcalcError
from stepcalc.expr import (
    ONE,
    TWO,
    ZERO,
    Add,
    Const,
    Div,
    E,
    Equation,
    Expr,
    Func,
    Limit,
    Mul,
    Neg,
    Num,
    Pow,
    Sym,
    children,
    free_symbols,
    map_bottom_up,
    walk,
    with_children,
)
from stepcalc.printing import to_unicode
from stepcalc.rules.base import number
from stepcalc.simplify import scaled, simplify, split_coefficient
from stepcalc.simplify.normal import RationalForm, from_rational, to_rational

__all__ = ["Step", "kind_of", "steps_for"]


@dataclass(frozen=True, slots=True)
class Step:
    """One line: a ``Limit`` while h has not gone, then the value; ``rule`` names it (the phrase
    ``definition.rule_<rule>``) and ``formulas`` are the mathematics its name quotes."""

    expr: Expr
    rule: str
    formulas: tuple[Expr, ...] = ()


@dataclass(frozen=True, slots=True)
class _Place:
    """What every builder works with: f, its variable x, the place p (x, or the point a) and h."""

    f: Expr
    x: Sym
    p: Expr
    h: Sym

    @property
    def shifted(self) -> Expr:
        return Add((self.p, self.h))

    def at(self, e: Expr, where: Expr) -> Expr:
        return substitute(e, {self.x: where})

    def lim(self, body: Expr) -> Limit:
        return Limit(body, self.h, ZERO)


_ARITHMETIC = (Num, Sym, Const, Add, Mul, Neg, Div, Pow)


def kind_of(f: Expr, x: Sym) -> str:
    """Which builder works ``f``: a clear error for a function first principles here do not cover."""
    single = _single_kind(f, x)
    if single is not None:
        return single
    _, rest = split_coefficient(f)  # 3 sin x, −cos x, √x/2: the constant taken out first
    if rest is not None and _single_kind(rest, x) in ("sin", "cos", "exp", "sqrt"):
        return "multiple"
    if to_rational(f) is None and all(isinstance(n, _ARITHMETIC) for n in walk(f)):  # x^100: past the caps
        raise StepcalcError(f"{to_unicode(f)} is too large to work from the definition")
    raise StepcalcError(
        "first-principles steps cover polynomials, rational functions, square roots of polynomials, "
        f"sin x, cos x and e^x; not {to_unicode(f)}"
    )


def _single_kind(f: Expr, x: Sym) -> str | None:
    if isinstance(f, Func) and f.name in ("sin", "cos", "exp") and f.args == (x,):
        return f.name
    if isinstance(f, Pow) and f.base == E and f.exp == x:
        return "exp"
    if isinstance(f, Func) and f.name == "sqrt" and len(f.args) == 1 and _polynomial(f.args[0]):
        return "sqrt"
    form = to_rational(f)
    if form is not None and all(_plain(g.base, g.unit, g.root) for g in form.gens.items):
        return "polynomial" if form.den.is_constant() else "rational"
    return None


def steps_for(f: Expr, x: Sym, at: Expr | None, h: Sym, name: str = "f") -> list[Step]:
    """Every line from the definition to the simplified value (at ``at`` when given); ``name``
    is the function's letter (s in s(t) = …)."""
    place = _Place(f, x, x if at is None else at, h)
    shifted, here = place.at(f, place.shifted), place.at(f, place.p)
    named = place.lim(Div(Add((Func(name, (place.shifted,)), Neg(Func(name, (place.p,))))), h))
    steps = [
        Step(named, "definition"),
        Step(place.lim(Div(Add((shifted, Neg(here))), h)), "substitute"),
        *_BUILDERS[kind_of(f, x)](place),
    ]
    value = steps[-1].expr
    tidy = simplify(value).expr
    if at is not None:
        from stepcalc.exact import exact_value

        tidy = exact_value(tidy)
    if tidy != value:
        steps.append(Step(tidy, "simplify"))
    return _without_repeats(steps)


def _without_repeats(steps: list[Step]) -> list[Step]:
    """A step that changes nothing is not a line (``expand`` of a sum already expanded)."""
    out = [steps[0]]
    for step in steps[1:]:
        if step.expr != out[-1].expr:
            out.append(step)
    return out


# ---------------------------------------------------------------- polynomials and quotients
def _polynomial_steps(w: _Place) -> list[Step]:
    """(3(x + h)² − 4(x + h) − (3x² − 4x))/h → (3x² + 6xh + … − 3x² + 4x)/h → (6xh + 3h² − 4h)/h
    → 6x + 3h − 4 → 6x − 4."""
    top = _terms(_collected(w.at(w.f, w.shifted), w.h)) + _negated(_collected(w.at(w.f, w.p), w.h))
    collected = _collected(_sum(top), w.h)
    quotient = _collected(Div(collected, w.h), w.h)
    return [
        Step(w.lim(Div(_sum(top), w.h)), "expand"),
        Step(w.lim(Div(collected, w.h)), "collect"),
        Step(w.lim(quotient), "cancel", (w.h,)),
        Step(_at_zero(quotient, w.h), "let_zero", (Equation((w.h, ZERO)),)),
    ]


def _rational_steps(w: _Place) -> list[Step]:
    """(1/(x + h) − 1/x)/h → (x − (x + h))/(h x (x + h)) → (x − x − h)/(…) → −h/(…) → −1/(x (x + h))."""
    p, q = _quotient(w.f)
    p_shift, q_shift, p_here, q_here = w.at(p, w.shifted), w.at(q, w.shifted), w.at(p, w.p), w.at(q, w.p)
    if not free_symbols(q_here):  # at a point f's denominator there is a number
        q_here = _collected(q_here, w.h)
    rest = _product([q_here, q_shift])
    below = _product([q_here, w.h, q_shift] if not free_symbols(q_here) else [w.h, q_here, q_shift])
    first, second = _times(p_shift, q_here), _times(p_here, q_shift)
    top = _terms(_collected(first, w.h)) + _negated(_collected(second, w.h))
    collected = _collected(_sum(top), w.h)
    cancelled = _over(_collected(Div(collected, w.h), w.h), rest)
    return [
        Step(w.lim(Div(Add((first, Neg(second))), below)), "common_denominator"),
        Step(w.lim(Div(_sum(top), below)), "expand"),
        Step(w.lim(Div(collected, below)), "collect"),
        Step(w.lim(cancelled), "cancel", (w.h,)),
        Step(_at_zero(cancelled, w.h), "let_zero", (Equation((w.h, ZERO)),)),
    ]


A, B = Sym("a"), Sym("b")
SQUARES = Equation((Mul((Add((A, Neg(B))), Add((A, B)))), Add((Pow(A, TWO), Neg(Pow(B, TWO))))))


def _sqrt_steps(w: _Place) -> list[Step]:
    """(√(x + h) − √x)/h → (√(x + h) − √x)(√(x + h) + √x)/(h(√(x + h) + √x)) → (x + h − x)/(…) → …"""
    assert isinstance(w.f, Func)
    u = w.f.args[0]
    u_shift, u_here = w.at(u, w.shifted), w.at(u, w.p)
    root_shift, root_here = Func("sqrt", (u_shift,)), Func("sqrt", (u_here,))
    conjugate = Add((root_shift, root_here))
    below = Mul((w.h, conjugate))
    top = _terms(_collected(u_shift, w.h)) + _negated(_collected(u_here, w.h))
    collected = _collected(_sum(top), w.h)
    cancelled = _over(_collected(Div(collected, w.h), w.h), conjugate)
    product = Mul((Add((root_shift, Neg(root_here))), conjugate))
    return [
        Step(w.lim(Div(product, below)), "conjugate"),
        Step(w.lim(Div(Add((u_shift, Neg(u_here))), below)), "difference_of_squares", (SQUARES,)),
        Step(w.lim(Div(_sum(top), below)), "expand"),
        Step(w.lim(Div(collected, below)), "collect"),
        Step(w.lim(cancelled), "cancel", (w.h,)),
        Step(_at_zero(cancelled, w.h), "let_zero", (Equation((w.h, ZERO)),)),
    ]


# ---------------------------------------------------------------- sin x, cos x, eˣ
def _two_calls(first: str, second: str) -> Expr:
    return Mul((Func(first, (A,)), Func(second, (B,))))


SIN_SUM = Equation((Func("sin", (Add((A, B)),)), Add((_two_calls("sin", "cos"), _two_calls("cos", "sin")))))
COS_SUM = Equation(
    (Func("cos", (Add((A, B)),)), Add((_two_calls("cos", "cos"), Neg(_two_calls("sin", "sin")))))
)
EXP_SUM = Equation((Pow(E, Add((A, B))), Mul((Pow(E, A), Pow(E, B)))))


def _standard(top: Expr, value: Expr, h: Sym) -> Equation:
    return Equation((Limit(Div(top, h), h, ZERO), value))


def _trig_steps(w: _Place) -> list[Step]:
    """(sin(x + h) − sin x)/h → (sin x cos h + cos x sin h − sin x)/h
    → sin x · (cos h − 1)/h + cos x · (sin h)/h → sin x · 0 + cos x · 1 (cos x alike)."""
    assert isinstance(w.f, Func)
    h, sine = w.h, w.f.name == "sin"
    s, c, sh, ch = Func("sin", (w.p,)), Func("cos", (w.p,)), Func("sin", (h,)), Func("cos", (h,))
    cos_part, sin_part = Div(Add((ch, Neg(ONE))), h), Div(sh, h)
    limits = (_standard(sh, ONE, h), _standard(Add((ch, Neg(ONE))), ZERO, h))
    if sine:
        expanded = Add((Mul((s, ch)), Mul((c, sh)), Neg(s)))
        split = Add((Mul((s, cos_part)), Mul((c, sin_part))))
        value = Add((Mul((s, ZERO)), Mul((c, ONE))))
    else:
        expanded = Add((Mul((c, ch)), Neg(Mul((s, sh))), Neg(c)))
        split = Add((Mul((c, cos_part)), Neg(Mul((s, sin_part)))))
        value = Add((Mul((c, ZERO)), Neg(Mul((s, ONE)))))
    return [
        Step(w.lim(Div(expanded, h)), "addition", (SIN_SUM if sine else COS_SUM,)),
        Step(w.lim(split), "split"),
        Step(value, "standard_limits", limits),
    ]


def _exp_steps(w: _Place) -> list[Step]:
    """(e^(x + h) − eˣ)/h → (eˣ eʰ − eˣ)/h → eˣ (eʰ − 1)/h → eˣ · 1."""
    h, ex = w.h, E if w.p == ONE else Pow(E, w.p)  # e, not e¹, at x = 1
    rest = Add((Pow(E, h), Neg(ONE)))
    return [
        Step(w.lim(Div(Add((Mul((ex, Pow(E, h))), Neg(ex))), h)), "exp_law", (EXP_SUM,)),
        Step(w.lim(Mul((ex, Div(rest, h)))), "factor", (ex,)),
        Step(Mul((ex, ONE)), "standard_limits", (_standard(rest, ONE, h),)),
    ]


def _multiple_steps(w: _Place) -> list[Step]:
    """(3 sin(x + h) − 3 sin x)/h → 3 (sin(x + h) − sin x)/h, then sin x's lines, times 3."""
    c, g = split_coefficient(w.f)
    assert g is not None
    inner = _Place(g, w.x, w.p, w.h)
    written = Div(Add((inner.at(g, inner.shifted), Neg(inner.at(g, inner.p)))), w.h)
    out = [Step(w.lim(_times_number(c, written)), "factor", (number(c),))]
    for step in _BUILDERS[kind_of(g, w.x)](inner):
        e = step.expr
        scaled_e = w.lim(_times_number(c, e.expr)) if isinstance(e, Limit) else _times_number(c, e)
        out.append(Step(scaled_e, step.rule, step.formulas))
    return out


def _times_number(c: Fraction, e: Expr) -> Expr:
    """c·e with the sign in front: −2(…), −(…), not (−2)(…)."""
    if c < 0:
        return Neg(_times_number(-c, e))
    return e if c == 1 else Mul((number(c), e))


_BUILDERS: dict[str, Callable[[_Place], list[Step]]] = {
    "multiple": _multiple_steps,
    "polynomial": _polynomial_steps,
    "rational": _rational_steps,
    "sqrt": _sqrt_steps,
    "sin": _trig_steps,
    "cos": _trig_steps,
    "exp": _exp_steps,
}


# ---------------------------------------------------------------- exact forms, textbook order
def _plain(base: Expr, unit: Expr | None, root: int) -> bool:
    """A generator a polynomial may hold: a letter or a constant, not a root or a function."""
    return unit is None and root == 1 and isinstance(base, Sym | Const)


def _polynomial(e: Expr) -> bool:
    form = to_rational(e)
    return (
        form is not None
        and form.den.is_constant()
        and all(_plain(g.base, g.unit, g.root) for g in form.gens.items)
    )


def _form(e: Expr) -> RationalForm:
    form = to_rational(e)
    if form is None:
        raise StepcalcError(f"{to_unicode(e)} is too large to work from the definition")
    return form


def _collected(e: Expr, h: Sym) -> Expr:
    """A polynomial collected as a teacher writes it: higher degree first, within a degree the
    lower powers of h first (x² + 2xh + h²), h last in each term (6xh)."""
    form = _form(e)
    scale = Fraction(str(form.den.leading_coefficient()))
    gens = form.gens.items
    order = sorted(range(len(gens)), key=lambda i: gens[i].base == h)
    hi = next((i for i in range(len(gens)) if gens[i].base == h), None)

    def key(exps: tuple[int, ...]) -> tuple[int, int]:
        return -sum(exps), exps[hi] if hi is not None else 0

    terms: list[Expr] = []
    read = [(tuple(int(k) for k in exps), c) for exps, c in form.num.to_dict().items()]
    for exps, c in sorted(read, key=lambda t: key(t[0])):
        factors = [gens[i].power(exps[i]) for i in order if exps[i]]
        rest = None if not factors else factors[0] if len(factors) == 1 else Mul(tuple(factors))
        terms.append(scaled(Fraction(str(c)) / scale, rest))
    if len(terms) == 2 and isinstance(terms[0], Neg) and not isinstance(terms[1], Neg):
        terms.reverse()  # 1 − x², as from_poly writes it
    if any(isinstance(n, Num) and n.decimal for n in walk(e)):  # x = 0.05 stays 0.05, not 1/20
        return map_bottom_up(_sum(terms), _as_decimal)
    return _sum(terms)


def _as_decimal(e: Expr) -> Expr:
    """A fraction with a terminating decimal (9/4, a Div of numbers) written 2.25."""
    if not (isinstance(e, Div) and isinstance(e.num, Num) and isinstance(e.den, Num)):
        return e
    value = Fraction(e.num.value) / Fraction(e.den.value)
    d = value.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    return Num(value, decimal=True) if d == 1 else e


def _quotient(f: Expr) -> tuple[Expr, Expr]:
    """f as P/Q, both polynomials: as written when it is one quotient of polynomials."""
    if isinstance(f, Div) and _polynomial(f.num) and _polynomial(f.den):
        return f.num, f.den
    whole = from_rational(_form(f))
    if isinstance(whole, Neg) and isinstance(whole.arg, Div):
        return Neg(whole.arg.num), whole.arg.den
    assert isinstance(whole, Div)
    return whole.num, whole.den


def _at_zero(e: Expr, h: Sym) -> Expr:
    """``e`` with h = 0, each bracket that held h written as its value there (x + h → x): the
    polynomial left after cancelling is continuous in h."""
    if h not in free_symbols(e):
        return e
    if e == h:
        return ZERO
    if isinstance(e, Add) and _polynomial(e):
        return _collected(substitute(e, {h: ZERO}), h)
    return with_children(e, tuple(_at_zero(c, h) for c in children(e)))


def _terms(e: Expr) -> list[Expr]:
    return list(e.terms) if isinstance(e, Add) else [] if e == ZERO else [e]


def _negated(e: Expr) -> list[Expr]:
    return [t.arg if isinstance(t, Neg) else Neg(t) for t in _terms(e)]


def _sum(terms: list[Expr]) -> Expr:
    return ZERO if not terms else terms[0] if len(terms) == 1 else Add(tuple(terms))


def _product(factors: list[Expr]) -> Expr:
    kept = [f for f in factors if f != ONE]
    return ONE if not kept else kept[0] if len(kept) == 1 else Mul(tuple(kept))


def _times(a: Expr, b: Expr) -> Expr:
    return _product([a, b])


def _over(top: Expr, below: Expr) -> Expr:
    """top/below with a sign in front (−1/(x(x + h))); over 1, top itself."""
    if below == ONE:
        return top
    return Neg(Div(top.arg, below)) if isinstance(top, Neg) else Div(top, below)
