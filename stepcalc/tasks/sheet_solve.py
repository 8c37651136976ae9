"""Solving a sheet's problems: each by its task, refused unless verified, and its worked solution
in the sheet's format (a LaTeX block with tagged lines, an HTML fragment, Markdown)."""

from __future__ import annotations

from typing import Any

from stepcalc.errors import StepcalcError
from stepcalc.limits import DEFAULT, Limits
from stepcalc.tasks.sheet import CURVES, Problem, _constraints, _fail, _interval, _point

__all__ = ["solution", "solve"]


def solve(problem: Problem, limits: Limits = DEFAULT) -> Any:
    """The verified derivation of one problem."""
    from stepcalc.derivation import derive
    from stepcalc.multivariable import gradient, hessian
    from stepcalc.tasks.integrate import integrate
    from stepcalc.tasks.limit import limit

    o = problem.options
    where = f"problem {problem.number}"
    if problem.kind in CURVES:
        return _solve_curve(problem, limits)
    try:
        if problem.kind == "limit":
            d = limit(problem.expr, str(o["at"]), side=str(o.get("side", "")), verify=True, limits=limits)
        elif problem.kind == "integrate":
            lower, upper = _interval(o.get("interval"), where)
            d = integrate(problem.expr, o.get("wrt"), lower=lower, upper=upper, verify=True, limits=limits)
        elif problem.kind in ("diff", "partial"):
            d = derive(problem.expr, wrt=o.get("wrt"), order=o.get("order", 1), at=_point(o.get("at")),
                       factor=bool(o.get("factor", False)), verify=True, limits=limits)  # fmt: skip
        elif problem.kind == "grad":
            d = gradient(problem.expr, o.get("vars"), at=o.get("at"), vectors=o.get("vector"),
                         matrices=o.get("matrix"), verify=True, limits=limits)  # fmt: skip
        else:
            d = hessian(problem.expr, o.get("vars"), at=o.get("at"), verify=True, limits=limits)
    except StepcalcError as error:
        raise _fail(where, str(error)) from None
    if d.unknown:
        raise _fail(where, d.unknown)
    if d.verified is not True:
        raise _fail(where, "the worked solution could not be verified")
    return d


def _solve_curve(problem: Problem, limits: Limits) -> Any:
    """A tangent or a curve sketch, refused unless every line and every fact is verified."""
    from stepcalc.tasks.analyze import analyze
    from stepcalc.tasks.area import area
    from stepcalc.tasks.implicit import implicit
    from stepcalc.tasks.tangent import tangent

    o, where = problem.options, f"problem {problem.number}"
    vars_ = None if o.get("vars") is None else str(o["vars"])
    try:
        if problem.kind == "extrema":
            from stepcalc.tasks.extrema import extrema

            on = o.get("interval")
            region = [str(i) for i in on] if isinstance(on, list) else None if on is None else str(on)
            found: Any = extrema(problem.expr, vars_, on=region, verify=True, limits=limits)
        elif problem.kind == "lagrange":
            from stepcalc.tasks.lagrange import lagrange

            found = lagrange(problem.expr, _constraints(o["subject_to"]), vars_, verify=True, limits=limits)
        elif problem.kind in ("descent", "autodiff"):
            found = _solve_optimise(problem, vars_, limits)
        elif problem.kind == "area":
            lower, upper = _interval(o.get("interval"), where)
            wrt = None if o.get("wrt") is None else str(o["wrt"])
            found = area(
                problem.expr, str(o["with"]), wrt, lower=lower, upper=upper, verify=True, limits=limits
            )
        elif problem.kind == "tangent":
            found = tangent(problem.expr, str(o["at"]), verify=True, limits=limits)
        elif problem.kind == "implicit":
            at = None if o.get("at") is None else str(o["at"])
            found = implicit(problem.expr, at, order=o.get("order", 1), verify=True, limits=limits)
        else:
            on = None if o.get("interval") is None else str(o["interval"])
            found = analyze(problem.expr, on=on, verify=True, limits=limits)
    except StepcalcError as error:
        raise _fail(where, str(error)) from None
    if found.verified is not True:
        raise _fail(where, "the worked solution could not be verified")
    return found


def _solve_optimise(problem: Problem, vars_: str | None, limits: Limits) -> Any:
    """Gradient descent (its gradient verified, its table checked) or automatic differentiation
    (its gradient agreeing with the symbolic one, the differences and the oracle's)."""
    o = problem.options
    if problem.kind == "descent":
        from stepcalc.tasks.descent import descent

        tol = None if o.get("tol") is None else str(o["tol"])
        return descent(problem.expr, str(o["from"]), str(o.get("rate", "0.1")), steps=o.get("steps"), tol=tol,
                       method=str(o.get("method", "gd")), wrt=vars_, verify=True, limits=limits)  # fmt: skip
    from stepcalc.tasks.autodiff import autodiff

    vectors = None if o.get("vector") is None else str(o["vector"])
    return autodiff(problem.expr, str(o["at"]), vars_, vectors=vectors, verify=True, limits=limits)


def solution(problem: Problem, found: Any, fmt: str, lang: str) -> str:
    """One worked solution as a sheet's page holds it (LaTeX with tagged lines, an HTML fragment)."""
    from stepcalc.renderers import render

    if problem.kind == "tangent":
        from stepcalc.tasks.tangent_render import render_tangent

        return render_tangent(found, fmt, lang, normal=bool(problem.options.get("normal")), page=False)
    if problem.kind == "analyze":
        from stepcalc.tasks.analyze_render import render_analysis

        return render_analysis(found, fmt, lang, page=False)
    if problem.kind == "area":
        from stepcalc.tasks.area_render import render_area

        return render_area(found, fmt, lang, page=False, derivation=_solution_tex if fmt == "latex" else None)
    if problem.kind == "implicit":
        from stepcalc.tasks.implicit_render import render_implicit

        return render_implicit(found, fmt, lang, page=False)
    if problem.kind == "extrema":
        from stepcalc.tasks.extrema_render import render_extrema

        return render_extrema(found, fmt, lang, page=False)
    if problem.kind == "lagrange":
        from stepcalc.tasks.lagrange_render import render_lagrange

        return render_lagrange(found, fmt, lang, page=False)
    if problem.kind == "descent":
        from stepcalc.tasks.descent_render import render_descent

        return render_descent(found, fmt, lang, page=False)
    if problem.kind == "autodiff":
        from stepcalc.tasks.autodiff_render import render_autodiff

        return render_autodiff(found, fmt, lang, mode=str(problem.options.get("mode", "both")), page=False)
    if fmt == "latex":
        return _solution_tex(found, lang)
    return render(found, fmt, lang, page=False)


def _solution_tex(d: Any, lang: str) -> str:
    from stepcalc.render_latex import derivation_latex

    return derivation_latex(d, lang=lang, tags=True)
