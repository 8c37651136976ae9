"""The cited table of textbook limits (tests/limits/*.csv: CLP-1, APEX Calculus), collected for
issue 20's ``limit`` command, each row with the book's answer and the file it came from.

Until the command is built, this checks the table itself: every expression, point and answer
reads in stepcalc's input language as written, and every row is cited.  (The answers were
checked against sympy's limit and a 50-digit numerical approach when the rows were collected.)
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from stepcalc import parse

DATA = Path(__file__).resolve().parent / "limits"
TECHNIQUES = {
    "substitution",
    "factor",
    "conjugate",
    "combine",
    "standard",
    "infinity",
    "squeeze",
    "lhopital",
    "indeterminate_power",
    "one_sided",
    "dne",
}


def rows() -> list[tuple[str, dict[str, str]]]:
    out = []
    for path in sorted(DATA.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh), start=2):
                out.append((f"{path.stem}:{n}", row))
    return out


ROWS = rows()


def test_the_table_is_large_cited_and_covers_every_technique() -> None:
    assert len(ROWS) >= 120
    assert all(row["source"] and row["url"].startswith("https://github.com/") for _, row in ROWS)
    assert {row["technique"] for _, row in ROWS} == TECHNIQUES
    assert all(row["side"] in ("", "+", "-") for _, row in ROWS)


@pytest.mark.parametrize(("key", "row"), ROWS, ids=[f"{k} {r['expr']}" for k, r in ROWS])
def test_a_row_reads_as_written(key: str, row: dict[str, str]) -> None:
    parse(row["expr"])
    for point in (row["to"], row["expected"]):
        if point.lstrip("+-") not in ("oo", "DNE"):
            parse(point)
