"""The documentation's examples are real: every ``$ stepcalc …`` line in a ```sh block of
README.md and docs/*.md is run and its output compared; every ``>>>`` block is a doctest."""

from __future__ import annotations

import doctest
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```(sh|python)\n(.*?)```", re.DOTALL)


def _commands() -> list[tuple[str, str, str]]:
    found = []
    for page in PAGES:
        for kind, body in BLOCK.findall(page.read_text(encoding="utf-8")):
            if kind != "sh":
                continue
            lines = body.splitlines()
            for i, line in enumerate(lines):
                if line.startswith("$ stepcalc "):
                    output = []
                    for after in lines[i + 1 :]:
                        if after.startswith("$ "):
                            break
                        output.append(after)
                    found.append((f"{page.name}: {line[2:]}", line[2:], "\n".join(output)))
    return found


@pytest.mark.parametrize(("name", "command", "expected"), _commands(), ids=[c[0] for c in _commands()])
def test_shell_example(name: str, command: str, expected: str) -> None:
    argv = shlex.split(command)[1:]
    done = subprocess.run([sys.executable, "-m", "stepcalc", *argv], capture_output=True, text=True, cwd=ROOT)
    shown = (done.stdout + done.stderr).rstrip()
    assert [line.rstrip() for line in shown.splitlines()] == [line.rstrip() for line in expected.splitlines()]


def _python_blocks() -> list[tuple[str, str]]:
    return [
        (page.name, body)
        for page in PAGES
        for kind, body in BLOCK.findall(page.read_text(encoding="utf-8"))
        if kind == "python" and ">>>" in body
    ]


@pytest.mark.parametrize(("page", "body"), _python_blocks(), ids=[p for p, _ in _python_blocks()])
def test_python_example(page: str, body: str) -> None:
    test = doctest.DocTestParser().get_doctest(body, {}, page, page, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.failures == 0 and runner.tries > 0


def test_examples_were_found() -> None:
    assert len(_commands()) >= 5 and len(_python_blocks()) >= 2
