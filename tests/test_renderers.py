"""The registry of output formats (stepcalc.renderers): the command line, Derivation.to_* and
sheets write through the same renderer of each format (issue 18)."""

from __future__ import annotations

import pytest

from stepcalc import derive
from stepcalc.cli.derivatives import DIFF_FORMATS
from stepcalc.errors import StepcalcError
from stepcalc.parse import parse
from stepcalc.renderers import RENDERERS, render, renderer


def test_every_command_line_format_has_a_renderer() -> None:
    assert set(DIFF_FORMATS) <= set(RENDERERS)
    assert renderer("tex") is RENDERERS["latex"]  # a sheet's name for it


def test_derivation_methods_are_the_renderers() -> None:
    d = derive("e^x cos x", at={"x": "0"})
    assert d.to_text() == render(d, "text")
    assert d.to_text(unicode=True, lang="zh") == render(d, "unicode", "zh")
    assert d.to_latex(standalone=True) == render(d, "latex", standalone=True)
    assert d.to_markdown() == render(d, "md")
    assert d.to_html(page=False) == render(d, "html", page=False)
    assert d.to_json() == render(d, "json")


@pytest.mark.parametrize(
    ("fmt", "math", "words"),
    [
        ("text", "x^2/2", "a_b"),
        ("unicode", "x²/2", "a_b"),
        ("latex", "$\\frac{x^{2}}{2}$", "a\\_b"),
        ("md", "$\\frac{x^{2}}{2}$", "a_b"),
        ("html", "<math", "a&amp;b"),
    ],
)
def test_inline_mathematics_and_words(fmt: str, math: str, words: str) -> None:
    r = renderer(fmt)
    assert r.math(parse("x^2/2")).startswith(math)
    assert r.escape("a&b" if fmt == "html" else "a_b") == words


def test_an_unknown_format_is_a_clear_error() -> None:
    with pytest.raises(
        StepcalcError, match="unknown format 'pdf'; choose text, unicode, latex, md, html, json"
    ):
        render(derive("x^2"), "pdf")


def test_a_long_difference_of_sums_keeps_its_brackets_when_cut() -> None:
    """HTML cuts a long line into pieces that wrap; (A) − (B + C) must not become A − B + C."""
    import re

    from stepcalc import integrate
    from stepcalc.html import _line_pieces

    d = integrate("2x + 3 - x^2", lower="-1", upper="3")
    line = d.sections[1].lines[1].expr  # (F(3)) − (F(−1)), written out
    shown = [re.sub(r"<[^>]+>", "", p) for p in _line_pieces(line)]
    assert len(shown) == 2
    assert shown[0].startswith("(−") and shown[0].endswith(")")
    assert shown[1].startswith("−(−(−1)") and shown[1].endswith(")")
