"""grammar/expr.lark is conflict-free LALR and is found where the package looks for it."""

from __future__ import annotations

from pathlib import Path

import pytest
from lark import Lark

from stepcalc.parse import grammar_path

ROOT = Path(__file__).resolve().parent.parent


def test_grammar_path_finds_the_checkout_grammar() -> None:
    path = grammar_path()
    assert path.name == "expr.lark"
    assert path.is_file()
    assert path.read_bytes() == (ROOT / "grammar" / "expr.lark").read_bytes()


def test_grammar_builds_strict() -> None:
    """``strict=True`` refuses shift/reduce conflicts and colliding terminals."""
    text = grammar_path().read_text(encoding="utf-8")
    parser = Lark(text, parser="lalr", strict=True)
    assert parser.parse("e^x cos x").data == "start"


def test_grammar_path_names_a_missing_grammar() -> None:
    with pytest.raises(FileNotFoundError, match=r"nonexistent\.lark"):
        grammar_path("nonexistent.lark")
