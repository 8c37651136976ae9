"""What every task in several variables shares: reading the function and its variables, one
partial derivative worked as a section, the value at a point, and the one time budget of a
call (:mod:`stepcalc.multivariable` and the tasks built on it use these)."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from typing import Any

from stepcalc.budget import call_with_limit
from stepcalc.derivation import DETAILS, Derivation, check_written, held_constant, natural_order, work_section
from stepcalc.derivative_at import Origin
from stepcalc.errors import StepcalcError, UnsupportedError
from stepcalc.expr import Equation, Expr, Sym, free_symbols
from stepcalc.limits import DEFAULT, Limits
from stepcalc.parse import parse, variable
from stepcalc.statement import read_statement

__all__ = [
    "Names",
    "budgeted",
    "check_detail",
    "finish",
    "read_function",
    "variable_names",
    "variables_of",
    "work_partial",
    "written_checked",
]

Names = str | Sequence[str | Sym] | None


def read_function(expr: str | Expr, limits: Limits) -> tuple[str, Expr]:
    """The function a problem states (``z = x^2 + y^2``, ``f(x, y) = x y`` name theirs)."""
    tree = parse(expr, limits=limits) if isinstance(expr, str) else expr
    return str(expr), read_statement(tree).expr if isinstance(tree, Equation) else tree


def variable_names(wrt: Names) -> list[Sym] | None:
    """``"x,y"``, ``["x", "y"]`` or None (the expression's own variables)."""
    if wrt is None:
        return None
    items = wrt.split(",") if isinstance(wrt, str) else list(wrt)
    out = [w if isinstance(w, Sym) else variable(w) for w in items if isinstance(w, Sym) or w.strip()]
    if not out:
        raise StepcalcError("no variables given; name them like x,y")
    if len(set(out)) != len(out):
        raise StepcalcError("a variable is named twice in the variable list")
    return out


def variables_of(tree: Expr, wrt: Names, limits: Limits) -> list[Sym]:
    found = variable_names(wrt)
    if found is None:
        found = natural_order(free_symbols(tree))
    if not found:
        raise UnsupportedError("the expression has no variables to differentiate with respect to")
    limits.check_vector(len(found), "a list of variables")
    return found


def check_detail(detail: str) -> None:
    if detail not in DETAILS:
        raise StepcalcError(f"unknown detail {detail!r}; choose textbook or full")


def work_partial(
    derivation: Derivation, f: Expr, x: Sym, detail: str, limits: Limits, max_seconds: float | None
) -> Expr | None:
    """Work ∂f/∂x as a new section; its final expression, or None when the engine stopped."""
    section = work_section(f, x, detail=detail, limits=limits, max_seconds=max_seconds or limits.max_seconds)
    section.held = held_constant(f, x)
    derivation.sections.append(section)
    if section.unknown:
        derivation.unknown = section.unknown
        return None
    return section.lines[-1].expr


def finish(
    derivation: Derivation, verify: bool, at: Any, limits: Limits, origins: Sequence[Origin] = ()
) -> Derivation:
    """The value at a point; ``verify`` is done by ``budgeted``, with the time left.
    ``origins``: what each entry of the result is the derivative of (see ``evaluate_at``)."""
    if at and derivation.result is not None and not derivation.unknown:
        from stepcalc.evaluate import evaluate_at

        derivation.value = evaluate_at(derivation.result, at, limits=limits, origins=origins)
    return derivation


def budgeted(fn: Callable[..., Derivation]) -> Callable[..., Derivation]:
    """One time budget for the call, ``max_seconds`` (default ``limits.max_seconds``): the work
    past it raises ``TimeLimitExceeded``; verification gets what is left (unknown past it)."""

    @functools.wraps(fn)
    def run(*args: Any, verify: bool = False, **kwargs: Any) -> Derivation:
        limits: Limits = kwargs.get("limits", DEFAULT)
        seconds = kwargs.get("max_seconds") or limits.max_seconds
        kwargs["max_seconds"] = seconds
        started = time.monotonic()
        d = call_with_limit(
            seconds, lambda: written_checked(fn(*args, verify=False, **kwargs), limits), "differentiating"
        )
        if verify and not d.unknown:
            d.verify(max_seconds=max(0.0, seconds - (time.monotonic() - started)))
        return d

    return run


def written_checked(d: Derivation, limits: Limits) -> Derivation:
    check_written(d, limits)
    return d
