"""``derive``: a problem in, a worked solution (a :class:`Derivation`) out.

The engine fills the derivative holes line by line; this module adds the closing lines a
textbook writes (substituting ``u`` back, ``simplify``, clearing a complex fraction,
recognising σ, factoring on request) and holds the result for the renderers and the oracle.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from stepcalc.budget import call_with_limit
from stepcalc.errors import LimitError, StepcalcError, UnsupportedError
from stepcalc.expr import Deriv, Div, Expr, Sym, free_symbols
from stepcalc.finish import alternate_forms, factoring_lines, finishing_lines
from stepcalc.limits import DEFAULT, Limits
from stepcalc.names import PARAMETERS
from stepcalc.parse import parse, variable
from stepcalc.renderers import render
from stepcalc.simplify.forms import FORMS
from stepcalc.sizes import WrittenSizes
from stepcalc.statement import read_statement
from stepcalc.steps import Binding, Line, RuleId, Section, Step
from stepcalc.tasks.differentiate import differentiate

__all__ = ["Derivation", "Problem", "derive"]

DETAILS = ("textbook", "full")


@dataclass(frozen=True, slots=True)
class Problem:
    """What was asked: differentiate ``expr`` ``order`` times with respect to ``wrt``.

    ``name`` is the function as the problem named it (``y`` in ``y = x^2``, ``f(x)`` in
    ``f(x) = x^3``), and ``leibniz`` records that it was asked for as ``dy/dx``: the output
    then names the derivative so (``y' = …``, ``f'(x) = …``, ``dy/dx = …``)."""

    input: str
    expr: Expr
    wrt: tuple[Sym, ...]
    order: int = 1
    kind: str = "derivative"
    name: Expr | None = None
    leibniz: bool = False

    @property
    def several_variables(self) -> bool:
        """Whether the function has more than one variable (then its derivatives are partial):
        the letters of constants (a, b, c, k, …) do not count unless differentiated by."""
        return several_variables(self.expr, self.wrt)


def several_variables(tree: Expr, variables: Sequence[Sym]) -> bool:
    """More than one variable among ``variables`` and the free symbols of ``tree`` that are not
    the letters of constants (names.PARAMETERS)."""
    found = {s for s in free_symbols(tree) if s.name not in PARAMETERS} | set(variables)
    return len(found) > 1


@dataclass(slots=True)
class Derivation:
    """A worked solution: one section per derivative taken, each a list of lines."""

    problem: Problem
    sections: list[Section] = field(default_factory=list)
    result: Expr | None = None
    unknown: str = ""
    verified: bool | None = None
    outcomes: list[list[str]] = field(default_factory=list)
    value: Any = None  # an Evaluation when asked for ``at``
    direction: Expr | None = None  # a directional derivative's unit vector e_l
    shapes: Any = None  # vector calculus: the declared and inferred shapes (stepcalc.matrix.Shapes)
    increment: Expr | None = None  # a differential's Δy = f(a + Δx) - f(a), beside dy (one variable)
    exists: bool | None = None  # a limit: whether it exists (False: ``reason`` says why)
    reason: str = ""
    table: list[dict[str, str]] | None = None  # a limit's numerical table, when asked for

    @property
    def lines(self) -> list[Line]:
        """Every line, section after section."""
        return [line for s in self.sections for line in s.lines]

    @property
    def alternate_forms(self) -> tuple[tuple[str, Expr], ...]:
        """Other ways to write the result: (kind, expression), ``expanded``, ``factored``…
        (worked out when asked for: most callers want only the result)."""
        if self.result is None or self.problem.kind != "derivative":
            return ()
        return tuple((f.kind, f.expr) for f in alternate_forms(self.result, self.problem.expr))

    def verify(self, *, max_seconds: float = 20.0) -> bool | None:
        """Check every line with the sympy oracle; ``True``, ``False`` (a refuted line) or ``None``
        (some line could not be decided, e.g. in ``max_seconds``)."""
        if self.shapes is not None:
            from stepcalc.oracle import verify_matrix

            self.outcomes, self.verified = verify_matrix(self, max_seconds=max_seconds)
            return self.verified
        from stepcalc.oracle import verify_derivation

        self.outcomes, self.verified = verify_derivation(self, max_seconds=max_seconds)
        return self.verified

    def to_text(self, *, unicode: bool = False, lang: str = "en", color: bool = False) -> str:
        return render(self, "unicode" if unicode else "text", lang, color=color)

    def to_latex(self, *, lang: str = "en", rules: bool = True, standalone: bool = False) -> str:
        """An ``align*`` block; ``standalone=True`` gives a whole document (pdflatex, or xelatex
        with ctex for Chinese) whose rule names are ``\\tag*{}`` so no line overflows."""
        return render(self, "latex", lang, rules=rules, standalone=standalone)

    def to_json(self, *, indent: int | None = 2) -> str:
        return render(self, "json", indent=indent)

    def to_dict(self) -> dict[str, Any]:
        from stepcalc.render import derivation_dict

        return derivation_dict(self)

    def to_html(self, *, lang: str = "en", page: bool = True) -> str:
        """A self-contained HTML page (MathML, no scripts), or only the fragment."""
        return render(self, "html", lang, page=page)

    def to_markdown(self, *, lang: str = "en") -> str:
        """Markdown: the derivation as a ``$$…$$`` block (GitHub, GitLab, Jupyter render it)."""
        return render(self, "md", lang)

    def _repr_html_(self) -> str:
        return self.to_html(page=False)

    def _repr_latex_(self) -> str:
        return "$$" + self.to_latex() + "$$"

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __str__(self) -> str:
        return self.to_text(unicode=True)


def derive(
    expr: str | Expr,
    wrt: str | Sym | list[str] | tuple[str, ...] | None = None,
    order: int = 1,
    *,
    detail: str = "textbook",
    verify: bool = False,
    factor: bool = False,
    form: str | None = None,
    at: dict[str, str | Expr] | None = None,
    limits: Limits = DEFAULT,
    max_seconds: float | None = None,
) -> Derivation:
    """Differentiate ``expr`` step by step.

    ``wrt`` is a variable name (default: the expression's only variable, or ``x``), or a
    list of names for successive (mixed partial) derivatives; ``order`` repeats the
    derivative.  ``detail="full"`` writes one rule application per line.  ``form`` asks for
    the result ``expanded``, ``factored`` or as a ``single_fraction`` (default: the textbook
    form; the others are in ``alternate_forms``).

    The whole call has ``max_seconds`` (default ``limits.max_seconds``): working past it
    raises ``TimeLimitExceeded``; verification gets what is left, and a line it has no time
    for is ``unknown``.
    """
    budget = limits.max_seconds if max_seconds is None else max_seconds
    started = time.monotonic()
    derivation = call_with_limit(
        budget,
        lambda: _derive(
            expr,
            wrt,
            order,
            detail=detail,
            factor=factor,
            form=form,
            at=at,
            limits=limits,
            max_seconds=budget,
        ),
        "differentiating",
    )
    if verify:
        derivation.verify(max_seconds=max(0.0, budget - (time.monotonic() - started)))
    return derivation


def _derive(
    expr: str | Expr,
    wrt: str | Sym | list[str] | tuple[str, ...] | None,
    order: int,
    *,
    detail: str,
    factor: bool,
    form: str | None,
    at: dict[str, str | Expr] | None,
    limits: Limits,
    max_seconds: float,
) -> Derivation:
    _check_options(detail, form, order)
    limits.check_order(order if not isinstance(wrt, list | tuple) else len(wrt))
    text = expr if isinstance(expr, str) else str(expr)
    statement = read_statement(parse(expr, limits=limits) if isinstance(expr, str) else expr)
    tree, inline_var, order = statement.expr, statement.var, order * statement.order
    variables = (
        _variables(tree, wrt, inline_var) * order
        if not isinstance(wrt, list | tuple)
        else (_variables(tree, wrt, inline_var))
    )
    per_variable = order if not isinstance(wrt, list | tuple) else 1
    derivation = Derivation(
        Problem(text, tree, tuple(variables), per_variable, name=statement.name, leibniz=statement.leibniz)
    )
    partial = several_variables(tree, variables)
    sizes = written_sizes(limits)  # one memo for every line: consecutive lines share most parts
    f = tree
    origin = (f, variables[-1])  # the last derivative is d/dx of this f: its value is tested there
    work = functools.partial(
        work_section, detail=detail, limits=limits, max_seconds=max_seconds, form=form, sizes=sizes
    )
    for k, x in enumerate(variables, start=1):
        last = k == len(variables)
        section = work(f, x, factor=factor and last)
        taken = section.lines[-1].expr if section.lines else f
        if factor and not last and not section.unknown:
            # shown factored, but the next derivative is taken of the textbook form before it:
            # y'' of 3x⁴ - 4x³ is (12x³ - 12x²)', not the product rule on 12x²(x - 1)
            section.lines.extend(factoring_lines(taken, x))
        if partial:
            section.held = held_constant(f, x)
        elif len(variables) > 1:
            section.order = k
        derivation.sections.append(section)
        if section.unknown:
            derivation.unknown = section.unknown
            return derivation
        origin = (f, x)
        f = taken
    derivation.result = f
    check_written(derivation, limits, sizes)
    if at:
        from stepcalc.evaluate import evaluate_at

        derivation.value = evaluate_at(f, at, limits=limits, origins=(origin,))
    return derivation


def _check_options(detail: str, form: str | None, order: int) -> None:
    if detail not in DETAILS:
        raise StepcalcError(f"unknown detail {detail!r}; choose textbook or full")
    if form is not None and form not in FORMS:
        raise StepcalcError(f"unknown form {form!r}; choose expanded, factored or single_fraction")
    if isinstance(order, bool) or not isinstance(order, int):
        raise StepcalcError(f"order must be a whole number, not {order!r}")
    if order < 1:
        raise StepcalcError(f"order must be at least 1, not {order}")


def _variables(tree: Expr, wrt: Any, inline: Sym | None) -> list[Sym]:
    if isinstance(wrt, list | tuple):
        return [variable(w) if isinstance(w, str) else w for w in wrt]
    if isinstance(wrt, Sym):
        return [wrt]
    if isinstance(wrt, str):
        return [variable(wrt)]
    if inline is not None:
        return [inline]
    found = sorted(s.name for s in free_symbols(tree))
    if len(found) == 1:
        return [Sym(found[0])]
    if not found or "x" in found:
        return [Sym("x")]
    raise UnsupportedError(
        f"the expression has several variables ({', '.join(found)}); say which one with wrt (--wrt)"
    )


def work_section(
    f: Expr,
    x: Sym,
    *,
    detail: str,
    limits: Limits,
    max_seconds: float,
    factor: bool = False,
    form: str | None = None,
    sizes: WrittenSizes | None = None,
) -> Section:
    """One derivative of ``f`` with respect to ``x``, worked to the textbook's final form."""
    worked = differentiate(f, x, detail=detail, limits=limits, max_seconds=max_seconds)
    section = Section(list(worked.lines), bindings=tuple(worked.bindings), start=Deriv(f, x))
    if worked.unknown:
        section.unknown = worked.unknown
        return section
    _substitute_bindings(section)
    sizes = sizes or written_sizes(limits)
    _check_written_size(section.lines, limits, sizes)
    finish = finishing_lines(section.lines[-1].expr if section.lines else f, f, x, factor=factor, form=form)
    _check_written_size(finish, limits, sizes)
    section.lines.extend(finish)
    if not section.lines:  # nothing to do: a constant's derivative is written at once
        section.lines.append(Line(f, ()))
    return section


def written_sizes(limits: Limits) -> WrittenSizes:
    """A memo of written sizes exact up to both ``max_nodes`` and ``max_written``."""
    return WrittenSizes(max(limits.max_nodes, limits.max_written))


def _check_written_size(lines: list[Line], limits: Limits, sizes: WrittenSizes) -> None:
    """A line too long to write out is refused, not printed for minutes."""
    for line in lines:
        if sizes.measure(line.expr) > limits.max_nodes:
            raise LimitError(
                "max_nodes",
                f"the derivative written out has more than {limits.max_nodes:,} nodes; "
                "the limit is max_nodes",
            )


def check_written(derivation: Derivation, limits: Limits, sizes: WrittenSizes | None = None) -> None:
    """The whole worked solution, every line written out, within ``max_written`` nodes: each
    line may be within ``max_nodes`` and the solution still take minutes to print (the second
    derivative of sin sin … sin x, 50 deep, has 60 lines of up to 50,000 nodes each)."""
    sizes = sizes or written_sizes(limits)
    left = limits.max_written
    for line in derivation.lines:
        left -= sizes.measure(line.expr)
        if left < 0:
            raise LimitError(
                "max_written",
                f"the worked solution written out has more than {limits.max_written:,} nodes "
                f"(all its lines together); the limit is {limits.max_written:,} (max_written)",
            )


def natural_order(symbols: frozenset[Sym] | set[Sym]) -> list[Sym]:
    """Variables as a textbook lists them: x_1, x_2, …, x_10 by index; then by name (x, y, z)."""

    def key(s: Sym) -> tuple[str, int, str]:
        base, _, sub = s.name.partition("_")
        return (base, int(sub) if sub.isdigit() else -1, sub)

    return sorted(symbols, key=key)


def held_constant(f: Expr, x: Sym) -> tuple[Expr, ...]:
    """The other variables of ``f``, held constant in ``∂f/∂x``."""
    return tuple(natural_order(free_symbols(f) - {x}))


def _substitute_bindings(section: Section) -> None:
    """Write the inner functions back in place of ``u`` on the last line (``e^u·2`` → ``e^{2x}·2``)."""
    if not section.bindings or not section.lines:
        return
    last = section.lines[-1]
    expr = last.expr
    for binding in reversed(section.bindings):
        expr = substitute(expr, binding)
    if expr != last.expr:
        step = Step(RuleId.SUBSTITUTE, last.expr, expr)
        section.lines[-1] = Line(expr, (*last.steps, step), last.note)


def substitute(e: Expr, binding: Binding) -> Expr:
    from stepcalc.expr import map_bottom_up

    return map_bottom_up(e, lambda node: binding.value if node == binding.name else node)


def is_quotient(e: Expr) -> bool:
    return isinstance(e, Div)
