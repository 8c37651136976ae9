"""The cited table of textbook limits (tests/limits/*.csv: CLP-1, APEX Calculus), each row with
the book's answer and the file it came from: stepcalc must find the limit with every line
verified by the oracle (sympy's limit and a numerical approach), and its answer must be the
book's: the value, ∞ or −∞, or "does not exist" (DNE).

Rows stepcalc cannot do yet are listed in ``tests/limits/gaps.txt`` with the reason; they are
strict xfails, so a row that starts to work fails until it is taken off the list
(``python -m tests.test_limit_table`` rewrites the list).  A row that is done but disagrees
with the book, or has a line the oracle refutes, is never listed: it fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import sympy as sp

from stepcalc import limit, parse
from stepcalc.errors import StepcalcError
from stepcalc.oracle import to_sympy
from tests import cited

DATA = Path(__file__).resolve().parent / "limits"
GAPS = DATA / "gaps.txt"
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
    return cited.rows(DATA)


def gaps() -> dict[str, str]:
    return cited.gaps(GAPS)


def attempt(row: dict[str, str]) -> str:
    """'ok', or why not: the stepcalc error, 'unknown', a refuted line, or a disagreement."""
    try:
        d = limit(row["expr"], f"{row['var']}={row['to']}", side=row["side"], verify=True, max_seconds=20)
    except StepcalcError as error:
        return f"error: {error}"
    if d.unknown:
        return "unknown: no rule"
    if d.verified is False:
        return f"refuted: {d.outcomes}"
    if d.verified is not True:
        return f"not verified: {d.outcomes}"
    expected = row["expected"].strip()
    if expected == "DNE":  # APEX says DNE of an infinite limit too: ∞ says more, and agrees
        infinite = d.result is not None and to_sympy(d.result) in (sp.oo, -sp.oo)
        return "ok" if d.exists is False or infinite else f"disagrees with the book: {d.result}"
    if d.exists is False:
        return f"disagrees with the book: DNE ({d.reason})"
    book = {"oo": sp.oo, "-oo": -sp.oo}.get(expected)
    if book is None:
        book = to_sympy(parse(expected))
    mine = to_sympy(d.result)  # type: ignore[arg-type]
    if book in (sp.oo, -sp.oo) or mine in (sp.oo, -sp.oo):
        return "ok" if book == mine else f"disagrees with the book: {d.result}"
    return "ok" if abs(complex((mine - book).evalf(30))) < 1e-20 else f"disagrees with the book: {d.result}"


ROWS = rows()
GAPS_NOW = gaps()


def test_the_table_is_large_cited_and_covers_every_technique() -> None:
    assert len(ROWS) >= 120
    assert all(row["source"] and row["url"].startswith("https://github.com/") for _, row in ROWS)
    assert {row["technique"] for _, row in ROWS} == TECHNIQUES
    assert all(row["side"] in ("", "+", "-") for _, row in ROWS)


def test_most_rows_are_done() -> None:
    assert len(GAPS_NOW) <= len(ROWS) // 5, "more than a fifth of the textbook limits are gaps"


@pytest.mark.parametrize(
    ("key", "row"),
    [
        pytest.param(
            key, row, id=f"{key} {row['expr']}", marks=pytest.mark.xfail(strict=True, reason=GAPS_NOW[key])
        )
        if key in GAPS_NOW
        else pytest.param(key, row, id=f"{key} {row['expr']}")
        for key, row in ROWS
    ],
)
def test_textbook_limit(key: str, row: dict[str, str]) -> None:
    outcome = attempt(row)
    assert outcome == "ok", outcome


if __name__ == "__main__":  # python -m tests.test_limit_table: rewrite gaps.txt
    lines = [
        "# rows stepcalc cannot do yet (strict xfails in tests/test_limit_table.py): key technique reason"
    ]
    for key, row in ROWS:
        outcome = attempt(row)
        if outcome.startswith(("error", "unknown", "not verified")):
            lines.append(f"{key} {row['technique']}: {outcome[:120]}")
        elif outcome != "ok":
            print(f"{key} {row['expr']} -> {row['expected']}: {outcome}", file=sys.stderr)  # never listed
    GAPS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 1} gaps of {len(ROWS)} rows")
