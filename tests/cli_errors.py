"""A command line's clear error, as the tests of the newer commands check it."""

from __future__ import annotations

import pytest

from stepcalc.cli import main


def clear_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``stepcalc ARGV``, which must end in exit code 2 without a traceback, and return its
    stderr (argparse's own errors exit by ``SystemExit``, stepcalc's return 2)."""
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code  # type: ignore[assignment]
    assert code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err
