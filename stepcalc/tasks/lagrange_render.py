"""A Lagrange-multiplier solution in every format: the Lagrangian, the derivation of ∇L as the
renderer registry writes it, the solving of ∇L = 0, the candidates and which are the
constrained minimum and maximum, in the format's own mathematics and words."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from stepcalc.expr import Equation, Func, Sym
from stepcalc.phrases import word
from stepcalc.renderers import Renderer, renderer
from stepcalc.tasks.extrema_render import point_of, say, system_lines, tuple_of

if TYPE_CHECKING:
    from stepcalc.tasks.lagrange import Candidate, Lagrange

__all__ = ["lagrange_lines", "render_lagrange"]

_BLOCKS = {"text": "\n".join, "unicode": "\n".join, "latex": "\n\n".join, "md": "\n\n".join}


def render_lagrange(found: Lagrange, fmt: str, lang: str = "en", *, page: bool = True) -> str:
    """``found`` in format ``fmt`` (JSON: ``Lagrange.to_dict``); ``page=False``: an HTML fragment."""
    if fmt == "json":
        return json.dumps(found.to_dict(), indent=2, ensure_ascii=False)
    how = renderer(fmt)
    first = say(how, lang, "lagrange_function", how.math(Equation((Sym("L"), found.lagrangian))))
    if found.inner is not None:
        f, h = how.math(Equation((Sym("f"), found.f))), how.math(found.inner)
        first = (
            say(how, lang, "lagrange_root", f, h) + ("\n" if fmt in ("text", "unicode") else "\n\n") + first
        )
    head = how.derivation(
        found.derivation, lang, page=page, tags=True, label=word("page_title_lagrange", lang)
    )
    lines = lagrange_lines(found, how, lang)
    if fmt == "html":
        block = "".join(f'<p class="lagrange">{line}</p>' for line in lines)
        lead = f'<p class="lagrange">{first}</p>'
        if not page:
            return lead + head + block
        start = head.index("</h1>") + len("</h1>")  # the Lagrangian under the page's title
        end = head.rindex("</div>\n</body>")
        return head[:start] + lead + head[start:end] + block + "\n" + head[end:]
    join = _BLOCKS.get(fmt, "\n".join)
    gap = "\n" if fmt in ("text", "unicode") else "\n\n"
    return first + gap + head.rstrip("\n") + gap + join(lines) + "\n"


def lagrange_lines(found: Lagrange, how: Renderer, lang: str) -> list[str]:
    """The lines after the derivation: ∇L = 0 solved, the candidates, the extremes, the check."""
    out = system_lines(found.system.steps, how, lang)
    if found.irregular is not None and found.irregular.points:
        out += system_lines(found.irregular.steps, how, lang)
    if not found.candidates:
        out.append(say(how, lang, "lagrange_none"))
        return out
    listed = how.escape("; ").join(_candidate(c, found, how, lang) for c in found.candidates)
    out.append(say(how, lang, "lagrange_candidates", listed))
    if found.decided_by in ("compact", "coercive"):
        out.append(say(how, lang, f"lagrange_{found.decided_by}"))
    for kind in ("min", "max"):
        extreme = found.extreme(kind)
        if extreme is None:
            continue
        value, where = extreme
        points = how.escape(word("or", lang)).join(
            how.math(point_of(c.point, found.variables)) for c in where
        )
        local = "" if found.decided_by in ("compact", "coercive") else "_local"
        out.append(say(how, lang, f"lagrange_{kind}{local}", how.math(value), points))
    if found.decided_by is None:
        out.append(say(how, lang, "lagrange_undecided"))
    if found.checks:
        key = {True: "verified", False: "refuted"}.get(found.verified, "unverified")  # type: ignore[arg-type]
        failed = [k for k, v in found.checks.items() if v is not True]
        names = ", ".join(word(f"extrema_check_{k}", lang) for k in failed)
        out.append(say(how, lang, f"lagrange_{key}", names))
    return out


def _candidate(c: Candidate, found: Lagrange, how: Renderer, lang: str) -> str:
    point = Equation((tuple_of(found.variables), point_of(c.point, found.variables)))
    value = Equation((Func("f", tuple(c.point[x] for x in found.variables)), c.value))
    key = "lagrange_candidate_irregular" if c.irregular else "lagrange_candidate"
    return say(how, lang, key, how.math(point), how.math(value))
