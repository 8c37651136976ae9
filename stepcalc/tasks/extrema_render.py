"""Critical points in every format: the derivation of ∇f and H as the renderer registry writes
it, then the solving of ∇f = 0 step by step, and the second-derivative test at each point,
each line in the format's own mathematics and words (stepcalc.renderers)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from stepcalc.expr import Add, Equation, Expr, Func, Neg, Sym, Vector
from stepcalc.phrases import fill, word
from stepcalc.renderers import Renderer, renderer
from stepcalc.tasks.analyze_render import solving_lines
from stepcalc.tasks.solve import Step

if TYPE_CHECKING:
    from stepcalc.tasks.critical import SystemStep
    from stepcalc.tasks.extrema import CriticalPoint, Extrema

__all__ = ["extrema_lines", "point_of", "render_extrema", "say", "system_lines", "tuple_of"]

# how many of a step's expressions its phrase places one by one; the rest are joined
_FIXED = {
    "system": 0,
    "system_l": 0,
    "case": 1,
    "no_solution": 1,
    "never_zero": 1,
    "factor_zero": 2,
    "zero_product": 1,
    "factor": 2,
    "coefficient_zero": 1,
    "coefficient_nonzero": 1,
    "isolate": 2,
    "substitute": 1,
    "back": 1,
    "impossible": 1,
    "squares": 1,
    "subtract": 3,
    "add": 3,
    "definite": 1,
    "system_singular": 0,
    "system_irregular": 0,
}
_OR = {"zero_product"}  # the rest joined by "or"; otherwise by "and"
_INDENT = {"text": "  ", "unicode": "  "}
_BLOCKS = {"text": "\n".join, "unicode": "\n".join, "latex": "\n\n".join, "md": "\n\n".join}


def render_extrema(found: Extrema, fmt: str, lang: str = "en", *, page: bool = True) -> str:
    """``found`` in format ``fmt`` (JSON: ``Extrema.to_dict``); ``page=False``: HTML as a
    fragment, for a sheet's page."""
    if fmt == "json":
        return json.dumps(found.to_dict(), indent=2, ensure_ascii=False)
    how = renderer(fmt)
    head = how.derivation(
        found.derivation, lang, page=page, tags=True, label=word("page_title_extrema", lang)
    )
    lines = extrema_lines(found, how, lang)
    if fmt == "html":
        block = "".join(f'<p class="extrema">{line}</p>' for line in lines)
        if not page:
            return head + block
        end = head.rindex("</div>\n</body>")  # the page's body ends with the derivation
        return head[:end] + block + "\n" + head[end:]
    block = _BLOCKS.get(fmt, "\n".join)(lines)
    return head.rstrip("\n") + ("\n" if fmt in ("text", "unicode") else "\n\n") + block + "\n"


def extrema_lines(found: Extrema, how: Renderer, lang: str) -> list[str]:
    """The lines after the derivation: solving ∇f = 0, the points, the test at each."""
    out = [_region_line(found, how, lang)] if found.region else []
    out += system_lines(found.system.steps, how, lang)
    if found.singular and not found.system.points:
        out.append(_INDENT.get(how.name, "") + say(how, lang, "extrema_no_stationary"))
    for singular in found.singular:
        out += system_lines(singular.steps, how, lang)
    names = found.variables
    if not found.points:
        out.append(say(how, lang, "extrema_none" if not found.singular else "extrema_none_anywhere"))
        return out
    listed = [how.math(point_of(p.point, names)) for p in found.points]
    out.append(say(how, lang, "extrema_points", ", ".join(listed)))
    for p in found.points:
        out.append(_point_line(p, names, found.derivation.problem.expr, how, lang))
    if found.checks:
        out.append(_verdict(found, how, lang))
    return out


def _region_line(found: Extrema, how: Renderer, lang: str) -> str:
    """On 0 < x < 2π and 0 < y < 2π: the open intervals asked about (--on)."""
    less = how.escape(" < ")
    parts = [less.join(how.math(e) for e in (a, x, b)) for x, (a, b) in found.region.items()]
    return say(how, lang, "extrema_region", how.escape(word("and", lang)).join(parts))


def _verdict(found: Extrema, how: Renderer, lang: str) -> str:
    """The oracle's verdict on the points: verified, refuted (which checks failed), or unknown."""
    if found.verified is True:
        return say(how, lang, "extrema_verified")
    failed = [k for k, v in found.checks.items() if v is (False if found.verified is False else None)]
    names = ", ".join(word(f"extrema_check_{k}", lang) for k in failed)
    return say(how, lang, "extrema_refuted" if found.verified is False else "extrema_unverified", names)


def system_lines(steps: tuple[SystemStep, ...], how: Renderer, lang: str) -> list[str]:
    indent = _INDENT.get(how.name, "")
    out: list[str] = []
    for step in steps:
        if step.key.startswith("solve_"):  # a step of solving one equation in one unknown
            solved = Step(step.key.removeprefix("solve_"), step.math)
            out += [indent + line.lstrip() for line in solving_lines((solved,), how, lang)]
            continue
        fixed = _FIXED[step.key]
        parts = [how.math(m) for m in step.math[:fixed]]
        tail = [how.math(m) for m in step.math[fixed:]]
        joiner = word("or" if step.key in _OR else "and", lang)
        if tail:
            parts.append(how.escape(joiner).join(tail))
        out.append(
            ("" if step.key.startswith("system") else indent) + say(how, lang, f"system_{step.key}", *parts)
        )
    return out


def _point_line(p: CriticalPoint, names: tuple[Sym, ...], f: Expr, how: Renderer, lang: str) -> str:
    at = Equation((tuple_of(names), point_of(p.point, names)))
    here = tuple(p.point[x] for x in names)
    if p.bound is not None:  # ∇f undefined: the sign of f − f(p) decides, when its form shows it
        value = how.math(Equation((Func("f", here), p.value)))
        difference = how.math(Equation((Add((Sym("f"), Neg(Func("f", here)))), p.bound)))
        return say(how, lang, f"extrema_singular_{_kind_key(p.kind)}", how.math(at), difference, value)
    matrix = Equation((Func("H", here), Vector(tuple(Vector(r) for r in p.hessian))))
    value = how.math(Equation((Func("f", here), p.value)))
    if len(names) == 2:
        d, fxx = _labelled(how, "D", p.minors[1]), _labelled(how, "f_xx", p.minors[0])
        test = say(how, lang, f"extrema_{_kind_key(p.kind)}2", d, fxx, value)
    else:
        minors = ", ".join(how.math(m) for m in p.minors)
        test = say(how, lang, f"extrema_{_kind_key(p.kind)}", minors, "", value)
    line = say(how, lang, "extrema_hessian", how.math(at), how.math(matrix), test)
    if p.numeric:
        line += how.escape(" ") + say(how, lang, "extrema_numeric")
    return line


def _labelled(how: Renderer, label: str, value: Expr) -> str:
    """``D = 27``: typeset whole where the format has mathematics (f_{xx} in LaTeX and MathML),
    plain in text, where f_{xx} would show its braces."""
    if how.name in ("text", "unicode"):
        return how.escape(f"{label} = ") + how.math(value)
    return how.math(Equation((Sym(label), value)))


def _kind_key(kind: str) -> str:
    return {"local_min": "min", "local_max": "max"}.get(kind, kind)


def point_of(point: dict[Sym, Expr], names: tuple[Sym, ...]) -> Expr:
    """A point as a book writes it: (1, 0), or the one value."""
    values = tuple(point[x] for x in names)
    return values[0] if len(values) == 1 else Func("", values)


def tuple_of(names: tuple[Sym, ...]) -> Expr:
    return names[0] if len(names) == 1 else Func("", names)


def say(how: Renderer, lang: str, key: str, *parts: str) -> str:
    return fill(word(key, lang), list(parts), how.escape)
