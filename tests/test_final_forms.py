"""Derivative exercises from published textbooks, each with the final answer the book prints.

The rows are in the CSV files of ``tests/final_forms/`` (one per book or collection), one
exercise (or one partial derivative of an exercise) a row:

- ``input``: the function in stepcalc's syntax; ``wrt``: the variable (``x``, ``t``, ``theta``;
  ``x`` or ``y`` for a partial derivative of a function of two variables);
- ``expected``: the book's answer in stepcalc's canonical plain text, alternatives separated by
  `` | `` where the house conventions of ``tests/test_derive_table.py`` give a second form
  (a negative exponent the input was written with, a quotient as one fraction);
- ``source``: book, section and exercise number; ``url``: the source file the exercise and
  its answer were read from (the books' public sources on GitHub, at a fixed commit);
- ``note``: how the expected form relates to the printed one. "simplified from book's …"
  means the book printed raw rule output and the row keeps the form a teacher asks for;
  "book misprint: …" means the printed answer is wrong and the row has the correct answer
  in the book's style;
- ``status``: empty, or ``xfail: prints …`` where stepcalc's final form is not the book's
  today (a strict xfail, so a fix shows up as an XPASS; ``python -m tests.test_final_forms``
  rewrites the column from what stepcalc prints).

Exercises already in ``tests/test_derive_table.py`` (also with the variable renamed to x)
were left out. Every expected form is checked against ``sympy.diff`` of the input.
"""

from __future__ import annotations

import csv
import functools
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sympy

from stepcalc import derive, parse
from stepcalc.derivation import Derivation
from stepcalc.oracle.convert import to_sympy
from stepcalc.printing import to_text
from tests.test_derive_table import TABLE

DATA = Path(__file__).parent / "final_forms"
COLUMNS = ["input", "wrt", "expected", "source", "url", "note", "status"]
XFAIL = "xfail: prints "


@dataclass(frozen=True)
class Row:
    input: str
    wrt: str
    forms: tuple[str, ...]
    source: str
    url: str
    note: str
    status: str


def _files() -> list[Path]:
    """The tables, one CSV file per book or collection (``textbook.csv`` holds the first three)."""
    return sorted(DATA.glob("*.csv"))


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == COLUMNS, (path.name, reader.fieldnames)
        return list(reader)


def _row(r: dict[str, str]) -> Row:
    return Row(
        input=r["input"],
        wrt=r["wrt"] or "x",
        forms=tuple(f.strip() for f in r["expected"].split(" | ")),
        source=r["source"],
        url=r["url"],
        note=r["note"],
        status=r["status"],
    )


def _load() -> list[Row]:
    return [_row(r) for path in _files() for r in _read(path)]


ROWS = _load()


def _param(row: Row, *, marks: bool = True) -> Any:
    xfail = [pytest.mark.xfail(strict=True, reason=row.status)] if marks and row.status else []
    return pytest.param(row, id=f"{row.input} d/d{row.wrt}", marks=xfail)


CASES = [_param(r) for r in ROWS]
UNMARKED = [_param(r, marks=False) for r in ROWS]


def _canon(text: str) -> str:
    return to_text(parse(text), readable=True)


@functools.cache
def _derive(text: str, wrt: str) -> Derivation:
    return derive(text, wrt=wrt)


def _symbol(e: Any, name: str) -> Any:
    return next((s for s in e.free_symbols if s.name == name), sympy.Symbol(name, real=True))


def _real(v: complex) -> bool:
    return math.isfinite(v.real) and math.isfinite(v.imag) and abs(v.imag) <= 1e-12 * max(1.0, abs(v))


def _agree(derivative: Any, form: Any) -> bool:
    """``derivative == form``: the two agree at ten points of a fixed sample where both are
    defined and real (sympy's ``y^(5/3)`` is complex for y < 0, where stepcalc's real cube root
    is not), or, when too few points are, sympy simplifies the difference to 0.  The sample
    comes first: ``simplify`` takes minutes on some rows (``tan(4x² - 3x + 1)``), and two
    analytic expressions that agree at ten random points differ nowhere in practice."""
    gap = derivative - form
    symbols = sorted(gap.free_symbols, key=lambda s: s.name)
    # the real cube root differentiates through sign(x): its DiracDelta is 0 off x = 0
    modules = [{"DiracDelta": lambda *_: 0}, "mpmath"]
    f, g = (sympy.lambdify(symbols, e, modules=modules) for e in (derivative, form))
    rng = random.Random(0)
    agreed = 0
    for _ in range(300):
        point = [rng.uniform(0.05, 0.95) * rng.choice((1, 1, 3, -1)) for _ in symbols]
        try:
            value, other = complex(f(*point)), complex(g(*point))
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if not all(_real(v) for v in (value, other)):
            continue
        if abs(value - other) > 1e-9 * max(1.0, abs(value)):
            return False
        agreed += 1
        if agreed == 10:
            return True
    return bool(sympy.simplify(gap) == 0)


def test_the_table_is_cited_and_large_enough() -> None:
    assert len(ROWS) >= 400  # issue 17: at least 400 rows from across a calculus course
    for row in ROWS:
        assert row.source.strip() and ", ex. " in row.source, row
        assert row.url.startswith("https://"), row
        assert not row.status or row.status.startswith(XFAIL), row
    keys = [(_canon(r.input), r.wrt) for r in ROWS]
    assert len(set(keys)) == len(keys), "duplicate rows"


def test_no_row_repeats_the_course_table() -> None:
    course = {
        (_canon(p.values[0]), str(p.values[2].get("wrt", "x")))
        for p in TABLE
        if p.values[2].get("order", 1) == 1
    }
    repeated = [r.input for r in ROWS if (_canon(r.input), r.wrt) in course]
    assert not repeated, repeated


@pytest.mark.parametrize("row", UNMARKED)
def test_book_answer_is_the_derivative(row: Row) -> None:
    f = to_sympy(parse(row.input))
    derivative = sympy.diff(f, _symbol(f, row.wrt))
    for form in row.forms:
        assert _agree(derivative, to_sympy(parse(form))), (form, derivative)


@pytest.mark.parametrize("row", CASES)
def test_final_form(row: Row) -> None:
    d = _derive(row.input, row.wrt)
    assert not d.unknown, d.unknown
    assert d.result is not None
    assert to_text(d.result, readable=True) in row.forms


FORMS = sorted({f for r in ROWS for f in r.forms})


@pytest.mark.parametrize("form", FORMS)
def test_expected_forms_are_canonical(form: str) -> None:
    """Each accepted form prints back as itself, so a failing ``test_final_form`` is about the
    presentation of the answer, not its spelling."""
    assert _canon(form) == form


def refresh_statuses(paths: list[Path]) -> list[str]:
    """Rewrite the ``status`` column of these tables from what stepcalc prints now; return the
    changed rows."""
    changed = []
    for path in paths:
        records = _read(path)
        for record in records:
            row = _row(record)
            result = _derive(row.input, row.wrt).result
            assert result is not None, row
            printed = to_text(result, readable=True)
            status = "" if printed in row.forms else XFAIL + printed
            if status != record["status"]:
                changed.append(
                    f"{row.input} d/d{row.wrt}: {record['status'] or 'pass'} -> {status or 'pass'}"
                )
                record["status"] = status
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(records)
    return changed


if __name__ == "__main__":  # python -m tests.test_final_forms [FILE.csv …]: refresh the xfail statuses
    import sys

    chosen = [Path(a) for a in sys.argv[1:]] or _files()
    print("\n".join(refresh_statuses(chosen)) or "no status changed")
