"""What the cited tables share (tests/integrals, tests/limits): their rows, each keyed by file
and line (``apex:12``), and the list of rows stepcalc cannot do yet, with the reason."""

from __future__ import annotations

import csv
from pathlib import Path


def rows(data: Path) -> list[tuple[str, dict[str, str]]]:
    """Every row of every CSV in ``data``, keyed ``stem:line``."""
    out = []
    for path in sorted(data.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh), start=2):
                out.append((f"{path.stem}:{n}", row))
    return out


def gaps(listing: Path) -> dict[str, str]:
    """The rows listed as gaps (``key reason`` per line; ``#`` starts a comment)."""
    if not listing.exists():
        return {}
    found = {}
    for line in listing.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, reason = line.partition(" ")
            found[key] = reason.strip()
    return found
