"""The grader's journal: verdicts appended as they arrive, so that an interrupted run resumes
where it stopped.  A torn last line (the run was killed mid-write) is ignored when read."""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path
from typing import IO, Any

__all__ = ["Journal", "journal_path"]


class Journal:
    """Verdicts as they arrive, one JSON line each after a header naming the input and options.
    A torn last line (the run was killed mid-write) is ignored when read back."""

    VERSION = 1

    def __init__(self, path: Path, fingerprint: str) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self._handle: IO[str] | None = None
        self._synced = time.monotonic()

    def read(self) -> dict[int, dict[str, Any]]:
        """The verdicts of an earlier run of the same input and options (else none)."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return {}
        if not lines or _json(lines[0]).get("journal") != [self.VERSION, self.fingerprint]:
            return {}
        done: dict[int, dict[str, Any]] = {}
        for line in lines[1:]:
            item = _json(line)
            if isinstance(item.get("i"), int) and isinstance(item.get("r"), dict):
                done.setdefault(item["i"], item["r"])
        return done

    def open(self, done: dict[int, dict[str, Any]]) -> None:
        """Start the journal afresh, holding ``done`` (so it never keeps a torn line)."""
        self._handle = self.path.open("w", encoding="utf-8")
        self._handle.write(json.dumps({"journal": [self.VERSION, self.fingerprint]}) + "\n")
        for index in sorted(done):
            self._handle.write(json.dumps({"i": index, "r": done[index]}, ensure_ascii=False) + "\n")
        self.sync()

    def add(self, index: int, result: dict[str, Any]) -> None:
        assert self._handle is not None
        self._handle.write(json.dumps({"i": index, "r": result}, ensure_ascii=False) + "\n")
        self._handle.flush()
        if time.monotonic() - self._synced > 1.0:
            self.sync()

    def sync(self) -> None:
        if self._handle is not None:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._synced = time.monotonic()

    def close(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self.sync()
            with contextlib.suppress(OSError):
                self._handle.close()
            self._handle = None

    def remove(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)


def _json(line: str) -> dict[str, Any]:
    try:
        item = json.loads(line)
    except ValueError:
        return {}
    return item if isinstance(item, dict) else {}


def journal_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.journal")
