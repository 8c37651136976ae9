"""One registry of the output formats: the command line, ``Derivation.to_*`` and sheets all
write through it, so a format is added in one place.

Each ``Renderer`` writes a whole worked solution (``derivation``), and mathematics and words
inline (``math``, ``escape``) for what surrounds it: a sheet's problem statements, headings.
The printers and page builders are imported when a format is first used, so that
``import stepcalc`` stays light.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stepcalc.errors import StepcalcError
from stepcalc.expr import Expr

if TYPE_CHECKING:
    from stepcalc.derivation import Derivation

__all__ = ["RENDERERS", "Renderer", "render", "renderer"]


@dataclass(frozen=True, slots=True)
class Renderer:
    """A format: its name, how it writes a derivation (``derivation(d, lang, **options)``,
    options a format does not have being ignored), an expression inline and a run of words."""

    name: str
    derivation: Callable[..., str]
    math: Callable[[Expr], str]
    escape: Callable[[str], str] = str


def _text(unicode: bool) -> Callable[..., str]:
    def write(d: Derivation, lang: str = "en", *, color: bool = False, **_: Any) -> str:
        from stepcalc.render import derivation_text

        return derivation_text(d, unicode=unicode, lang=lang, color=color)

    return write


def _latex(
    d: Derivation,
    lang: str = "en",
    *,
    rules: bool = True,
    standalone: bool = False,
    tags: bool = False,
    **_: Any,
) -> str:
    """``tags``: the rules as ``\\tag*{}`` (set below a row they do not fit beside), for a
    derivation inside a task's document, where the rule column would run off the page."""
    from stepcalc.render_latex import derivation_latex

    if not standalone:
        return derivation_latex(d, lang=lang, rules=rules, tags=tags)
    from stepcalc.latex_doc import latex_document
    from stepcalc.latex_print import to_latex

    body = derivation_latex(d, lang=lang, rules=rules, tags=True)
    return latex_document([("", body)], lang=lang, title_math=to_latex(d.problem.expr))


def _markdown(d: Derivation, lang: str = "en", **_: Any) -> str:
    from stepcalc.render_latex import derivation_markdown

    return derivation_markdown(d, lang=lang)


def _html(d: Derivation, lang: str = "en", *, page: bool = True, label: str | None = None, **_: Any) -> str:
    from stepcalc.html import derivation_html, derivation_html_fragment

    return derivation_html(d, lang=lang, label=label) if page else derivation_html_fragment(d, lang=lang)


def _json(d: Derivation, lang: str = "en", *, indent: int | None = 2, **_: Any) -> str:
    from stepcalc.render import derivation_json

    return derivation_json(d, indent=indent)


def _plain(e: Expr) -> str:
    from stepcalc.printing import to_text

    return to_text(e, readable=True)


def _unicode(e: Expr) -> str:
    from stepcalc.printing import to_unicode

    return to_unicode(e)


def _dollars(e: Expr) -> str:
    from stepcalc.latex_print import to_latex

    return f"${to_latex(e)}$"


def _latex_words(text: str) -> str:
    from stepcalc.latex_print import latex_text

    return latex_text(text)


def _mathml(e: Expr) -> str:
    from stepcalc.mathml import to_mathml
    from stepcalc.printing import to_unicode

    return to_mathml(e, alttext=to_unicode(e))


def _html_words(text: str) -> str:
    from html import escape

    return escape(text)


RENDERERS: dict[str, Renderer] = {
    r.name: r
    for r in (
        Renderer("text", _text(unicode=False), _plain),
        Renderer("unicode", _text(unicode=True), _unicode),
        Renderer("latex", _latex, _dollars, _latex_words),
        Renderer("md", _markdown, _dollars),
        Renderer("html", _html, _mathml, _html_words),
        Renderer("json", _json, _plain),
    )
}
"""Every output format by name (``tex``, a sheet's name for LaTeX, is ``latex`` here)."""

_ALIASES = {"tex": "latex", "markdown": "md"}


def renderer(fmt: str) -> Renderer:
    """The renderer of format ``fmt``; a clear error for a format there is none of."""
    found = RENDERERS.get(_ALIASES.get(fmt, fmt))
    if found is None:
        raise StepcalcError(f"unknown format {fmt!r}; choose {', '.join(RENDERERS)}")
    return found


def render(d: Derivation, fmt: str, lang: str = "en", **options: Any) -> str:
    """``d`` written in format ``fmt`` (options such as ``rules``, ``standalone``, ``color``,
    ``page`` go to the formats that have them)."""
    return renderer(fmt).derivation(d, lang, **options)
