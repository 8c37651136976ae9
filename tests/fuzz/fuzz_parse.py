#!/usr/bin/env python3
"""Coverage-guided fuzzing of ``stepcalc.parse`` with atheris (libFuzzer); see README.md.

    python tests/fuzz/fuzz_parse.py -max_total_time=60 -dict=tests/fuzz/parse.dict tests/fuzz/corpus

The bytes are read as UTF-8, undecodable ones as lone surrogates (as Python reads argv), so
every input is some ``str``.  The only allowed outcomes are a tree or a ``StepcalcError``;
anything else is a crash, which libFuzzer saves as ``crash-*``.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["stepcalc", "lark"]):
    import stepcalc.latex_parse  # noqa: F401 (parse imports it on first use: instrument it now)
    from stepcalc.errors import StepcalcError
    from stepcalc.expr import Expr
    from stepcalc.parse import parse


def text_of(data: bytes) -> str:
    """The text an input file stands for (tests/test_fuzz.py replays the corpus the same way)."""
    return data.decode("utf-8", errors="surrogateescape")


def test_one_input(data: bytes) -> None:
    try:
        tree = parse(text_of(data))
    except StepcalcError:
        return
    if not isinstance(tree, Expr):
        raise AssertionError(f"parse returned {type(tree).__name__}, not a tree")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
