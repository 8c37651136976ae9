"""LaTeX input (placeholder until the LaTeX grammar lands)."""

from __future__ import annotations


def looks_like_latex(text: str) -> bool:
    return "\\" in text


def prepare(text: str) -> str:
    return text
