"""How a student's answer is read: the words and prefixes a student puts first are dropped,
and the reading is shown back (``read_as``, brackets explicit) with the other readings its
juxtapositions allowed (``cos x e^x``: cos(x eˣ), or cos(x)·eˣ)."""

from __future__ import annotations

import re
from typing import Any

from stepcalc.expr import Expr
from stepcalc.latex_print import to_latex
from stepcalc.limits import DEFAULT, Limits
from stepcalc.oracle import sympy_text
from stepcalc.parse import parse_with_notes
from stepcalc.printing import to_explicit, to_text
from stepcalc.syntax.notes import Reading

__all__ = ["ANSWER_PREFIX", "LEADING_WORDS", "forms_of", "read", "read_as", "reading"]

ANSWER_PREFIX = re.compile(
    r"^\s*(?:y'|y'\(x\)|f'\(x\)|f'|dy/dx|\\frac\{dy\}\{dx\}|y\^\{?\\prime\}?"
    r"|[∂d]f\s*/\s*[∂d][A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?|∇_?[A-Za-z]?\s*f(?:\([A-Za-z]\))?)?\s*&?=\s*"
)

# Words a student puts before an answer or a line: "therefore 2x", "∴ 2x", "所以 2x".
LEADING_WORDS = re.compile(
    r"^\s*(?:therefore|thus|hence|so|then|∴|所以|因此|故)(?![A-Za-z])[\s,:，：]*", re.IGNORECASE
)


def reading(text: str | Expr, limits: Limits = DEFAULT) -> Reading:
    """An answer as a student writes it (``so y' = …``, ``f'(x) = …``, ``= …`` dropped), with
    the notes on its reading and the other plausible readings."""
    if isinstance(text, Expr):
        return Reading(text)
    return parse_with_notes(
        ANSWER_PREFIX.sub("", LEADING_WORDS.sub("", text, count=1), count=1), limits=limits
    )


def read(text: str | Expr, limits: Limits = DEFAULT) -> Expr:
    """The tree of ``reading``."""
    return reading(text, limits).expr


def read_as(found: Reading | Expr, lang: str = "en") -> dict[str, Any]:
    """How an answer was read, brackets explicit, in text and LaTeX, with the reading notes."""
    e = found.expr if isinstance(found, Reading) else found
    notes = [n.text(lang) for n in found.notes] if isinstance(found, Reading) else []
    return {"text": to_explicit(e), "latex": to_latex(e, explicit=True), "notes": notes}


def forms_of(e: Expr | None) -> dict[str, str] | None:
    if e is None:
        return None
    return {"text": to_text(e), "latex": to_latex(e), "sympy": sympy_text(e)}
