"""The area between two curves in every format: the intersections solved with their steps, the
curve on top on each piece, each piece's definite integral as the renderer registry writes a
derivation, and the total; every word from the phrase tables (en, zh)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from stepcalc.derivation import Derivation
from stepcalc.expr import Equation, Expr, Sym
from stepcalc.oracle import sympy_text
from stepcalc.phrases import fill, word
from stepcalc.printing import to_text
from stepcalc.renderers import renderer
from stepcalc.tasks.analyze_render import solving_lines
from stepcalc.tasks.area import Area

__all__ = ["area_dict", "render_area"]


def render_area(
    a: Area,
    fmt: str,
    lang: str = "en",
    *,
    page: bool = True,
    derivation: Callable[[Derivation, str], str] | None = None,
) -> str:
    """``a`` in format ``fmt``: text, unicode, latex, md, html (a fragment) or json.  ``page=False``
    leaves out the title (a sheet has asked the question already); ``derivation`` writes each
    piece's integral (a sheet's LaTeX, whose rule column wraps)."""
    if fmt == "json":
        return json.dumps(area_dict(a), indent=2, ensure_ascii=False)
    how = renderer(fmt)

    def say(key: str, *parts: str) -> str:
        return fill(word(key, lang), list(parts), how.escape)

    y = Sym("y")
    blocks = [say("area_title", how.math(Equation((y, a.f))), how.math(Equation((y, a.g))))] if page else []
    blocks.append(say("area_solve", how.math(Equation((a.f, a.g)))))
    blocks += solving_lines(a.solution.steps, how, lang)
    if a.solution.roots:
        meets = ", ".join(how.math(Equation((a.x, r.value))) for r in a.solution.roots)
        blocks.append(say("area_meet", meets))
    for piece in a.pieces:
        where = f"[{how.math(piece.lower)}, {how.math(piece.upper)}]"
        blocks.append(
            say("area_top", where, how.math(Equation((y, piece.top))), how.math(Equation((y, piece.bottom))))
        )
        if derivation is not None:
            worked = derivation(piece.integral, lang)
        else:
            worked = how.derivation(piece.integral, lang, page=False)
        blocks.append(worked.rstrip("\n"))
    if a.total is not None:
        blocks.append(say("area_total", how.math(Equation((Sym("A"), a.total)))))
    if a.verified is not None:
        blocks.append(how.escape(f"[{word('verified' if a.verified else 'unknown', lang)}]"))
    if fmt == "html":
        return "".join(b if b.startswith("<") else f'<p class="area">{b}</p>' for b in blocks) + "\n"
    return ("\n" if fmt in ("text", "unicode") else "\n\n").join(blocks) + "\n"


def area_dict(a: Area) -> dict[str, Any]:
    def forms(e: Expr) -> dict[str, str]:
        return {"text": to_text(e), "sympy": sympy_text(e)}

    return {
        "problem": {"kind": "area", "f": to_text(a.f), "g": to_text(a.g), "wrt": a.x.name},
        "intersections": [forms(r.value) for r in a.solution.roots],
        "pieces": [
            {
                "from": forms(p.lower),
                "to": forms(p.upper),
                "top": to_text(p.top),
                "bottom": to_text(p.bottom),
                "integral": p.integral.to_dict(),
                "value": forms(p.value),
            }
            for p in a.pieces
        ],
        "result": forms(a.total) if a.total is not None else None,
        "verified": a.verified,
    }
