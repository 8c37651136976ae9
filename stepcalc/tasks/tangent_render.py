"""A tangent's worked solution in every format: the derivation of f′ as the renderer registry
writes it, then f(a), the tangent and (asked for) the normal, each spelt by the format's own
mathematics and words (stepcalc.renderers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from stepcalc.derivative_at import substitute
from stepcalc.expr import Equation, Expr, Func
from stepcalc.phrases import fill, word
from stepcalc.renderers import renderer

if TYPE_CHECKING:
    from stepcalc.tasks.tangent import Line, Tangent

__all__ = ["render_tangent", "tangent_lines", "tangent_text"]

_BLOCKS: dict[str, Callable[[list[str]], str]] = {
    "text": "\n".join,
    "unicode": "\n".join,
    "latex": "\n\n".join,
    "md": "\n\n".join,
    "html": lambda lines: "".join(f'<p class="tangent">{line}</p>' for line in lines),
}


def tangent_lines(t: Tangent, *, normal: bool = True, linear: bool = False) -> list[tuple[str, Expr]]:
    """The lines after the derivation, as (phrase key, mathematics): the point on the curve,
    the tangent (point-slope form = simplified) and the normal; or, ``linear``, the linear
    approximation L(x) = f(a) + f′(a)(x − a), the tangent's own line."""
    f = t.derivation.problem.expr
    name = Func("f", (t.a,))
    point = Equation((name, substitute(f, {t.x: t.a}), t.value))
    if point.sides[1] == t.value:
        point = Equation((name, t.value))
    shown: list[tuple[str, Expr]] = [] if t.value == name else [("curve_point", point)]  # f(1) = f(1)
    if linear:
        written, simplified = t.tangent.written.sides[1], t.tangent.simplified.sides[1]
        sides = (written,) if written == simplified else (written, simplified)
        return [*shown, ("linearization", Equation((Func("L", (t.x,)), *sides)))]
    out: list[tuple[str, Expr]] = [*shown, ("tangent_line", _chain(t.tangent))]
    if normal:
        out.append(("normal_line", _chain(t.normal)))
    return out


def _chain(line: Line) -> Equation:
    written, simplified = line.written.sides, line.simplified.sides
    if written == simplified:
        return line.simplified
    return Equation((*written, simplified[1]))


def render_tangent(
    t: Tangent, fmt: str, lang: str = "en", *, normal: bool = True, linear: bool = False, page: bool = True
) -> str:
    """``t`` in format ``fmt`` (JSON: ``Tangent.to_dict``; ``linear``: the linearization's);
    ``page=False``: HTML as a fragment, for a sheet's page."""
    if fmt == "json":
        import json

        return json.dumps(t.linearization_dict() if linear else t.to_dict(), indent=2, ensure_ascii=False)
    how = renderer(fmt)
    head = how.derivation(t.derivation, lang, page=page)
    found = tangent_lines(t, normal=normal, linear=linear)
    lines = [fill(word(key, lang), [how.math(e)], how.escape) for key, e in found]
    block = _BLOCKS.get(fmt, "\n".join)(lines)
    if fmt == "html" and not page:
        return head + block
    if fmt == "html":  # the page's own body ends with the derivation: the lines go after it
        end = head.rindex("</div>\n</body>")
        return head[:end] + block + "\n" + head[end:]
    return head.rstrip("\n") + ("\n" if fmt in ("text", "unicode") else "\n\n") + block + "\n"


def tangent_text(t: Tangent, *, unicode: bool = False, lang: str = "en") -> str:
    return render_tangent(t, "unicode" if unicode else "text", lang)
