"""The grader's files as teachers have them: the answers (CSV or JSONL), a problems file (CSV
or YAML) that names each problem by an id, and the verdicts written back.

A CSV may begin with a UTF-8 byte order mark (Excel's "CSV UTF-8"), name its columns in any
case with spaces around them, and be delimited by commas, semicolons (Excel where the decimal
separator is a comma) or tabs: the delimiter is the one that splits the header line into the
columns the file needs.  A row with nothing in it is skipped; any other row that cannot be
read is kept, marked with ``_error``, so that it is reported rather than lost.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stepcalc.errors import StepcalcError
from stepcalc.limits import Limits
from stepcalc.tasks import FORMS

__all__ = [
    "COLUMNS",
    "DELIMITERS",
    "OUT_COLUMNS",
    "Answers",
    "ProblemSet",
    "ProblemSpec",
    "read_answers",
    "read_order",
    "read_problems",
    "resolve",
    "write_results",
]

COLUMNS = ("student", "problem", "answer")
ROW_OPTIONS = ("order", "wrt")  # optional columns of the answers file: this row's derivative
OUT_COLUMNS = (
    "student",
    "problem",
    "answer",
    "read_as",
    "verdict",
    "score",
    "approximate",
    "mistake",
    "feedback",
)
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
JSONL = (".jsonl", ".ndjson")


# ---------------------------------------------------------------- the answers
@dataclass(frozen=True)
class Answers:
    """The rows of an answers file and the delimiter its CSV was read with (None: JSONL)."""

    rows: list[dict[str, str]]
    delimiter: str | None


def read_answers(path: str | Path) -> Answers:
    """The rows of a CSV (columns ``student,problem,answer``, optionally ``order`` and ``wrt``)
    or JSONL file (those fields)."""
    path = Path(path)
    text = read_text(path)
    if path.suffix.lower() in JSONL:
        return Answers(_read_jsonl(text), None)
    table = read_csv(text, str(path), COLUMNS)
    rows = []
    for number, record in table.records:
        row = {c: record.get(c, "") for c in COLUMNS}
        row.update({c: record[c] for c in ROW_OPTIONS if c in record})
        if "_error" in record:
            row["_error"] = f"malformed CSV row {number}: {record['_error']}"
        rows.append(row)
    return Answers(rows, table.delimiter)


def read_text(path: Path) -> str:
    """A UTF-8 file's text without its byte order mark, if it has one."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise StepcalcError(f"cannot read {str(path)!r}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise StepcalcError(f"{str(path)!r} is not UTF-8 text (Excel: save as CSV UTF-8)") from None


@dataclass(frozen=True)
class Table:
    """A CSV's column names (in lower case), its records (each with its line number, keyed by
    column; a wrong number of fields is an ``_error``) and the delimiter it was read with."""

    header: list[str]
    records: list[tuple[int, dict[str, str]]]
    delimiter: str


def read_csv(
    text: str, name: str, needed: tuple[str, ...], aliases: Mapping[str, str] | None = None
) -> Table:
    """A CSV with at least the ``needed`` columns (a column may be named by one of its
    ``aliases``), its rows with nothing in them left out."""
    aliases = aliases or {}
    delimiter = _delimiter(text.split("\n", 1)[0], needed, aliases)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = _names(next(reader, []), aliases)
        missing = [c for c in needed if c not in header]
        if missing:
            raise StepcalcError(
                f"{name!r} needs the columns {', '.join(needed)}; missing {', '.join(missing)}"
            )
        records = [
            (reader.line_num, _record(header, fields)) for fields in reader if any(x.strip() for x in fields)
        ]
    except csv.Error as error:
        raise StepcalcError(f"{name!r}, line {reader.line_num}: not readable as CSV ({error})") from None
    return Table(header, records, delimiter)


def _record(header: list[str], fields: list[str]) -> dict[str, str]:
    record = {h: value.strip() for h, value in zip(header, fields, strict=False) if h and h[0] != "_"}
    if len(fields) < len(header) or any(x.strip() for x in fields[len(header) :]):
        record["_error"] = "wrong number of fields"
    return record


def _names(header: list[str], aliases: Mapping[str, str]) -> list[str]:
    names = [h.strip().lower() for h in header]
    return [aliases.get(h, h) if aliases.get(h) not in names else h for h in names]


def _delimiter(header: str, needed: tuple[str, ...], aliases: Mapping[str, str]) -> str:
    """The delimiter that splits the header line into the needed columns (else the one that
    splits it most, so that the error names what is missing)."""

    def names(delimiter: str) -> list[str]:
        return _names(next(csv.reader([header], delimiter=delimiter), []), aliases)

    for delimiter in DELIMITERS:
        if all(c in names(delimiter) for c in needed):
            return delimiter
    return max(DELIMITERS, key=lambda d: len(names(d)))


def _read_jsonl(text: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("not an object")
            row = {c: _field(item.get(c, "")) for c in COLUMNS}
            row.update({c: _field(item[c]) for c in ROW_OPTIONS if c in item})
            if any(c not in item for c in COLUMNS):
                row["_error"] = f"line {number}: needs the fields {', '.join(COLUMNS)}"
            for value in row.values():
                value.encode("utf-8")  # JSON can spell a lone surrogate, "\udcff", which is no text
        except UnicodeEncodeError:
            row = {
                "student": "",
                "problem": "",
                "answer": line[:200],
                "_error": f"line {number}: not Unicode text",
            }
        except ValueError as error:
            row = {"student": "", "problem": "", "answer": line[:200], "_error": f"line {number}: {error}"}
        rows.append(row)
    return rows


def _field(value: object) -> str:
    return "" if value is None else str(value).strip()


def read_order(value: object, limits: Limits) -> int:
    """The order of a derivative as a file gives it: a whole number from 1 to the limit."""
    if isinstance(value, str) and value.strip().isdecimal():
        order = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        order = value
    else:
        shown = value.strip() if isinstance(value, str) else str(value)
        raise StepcalcError(f"the order must be a whole number, not {shown!r}")
    if order < 1:
        raise StepcalcError(f"the order must be at least 1, not {order}")
    limits.check_order(order)
    return order


# ---------------------------------------------------------------- the problems
@dataclass(frozen=True)
class ProblemSpec:
    """One problem of a problems file: the expression, and how its answers are judged (None:
    as the command line says)."""

    id: str
    expr: str
    order: int | None = None
    wrt: str | None = None
    form: str | None = None


PROBLEM_FIELDS = ("expr", "order", "wrt", "form")
EXPR_ALIASES = {"expression": "expr", "problem": "expr"}  # other names of the expression's column


@dataclass(frozen=True)
class ProblemSet:
    """The problems of a problems file by id, and the file's text (part of the fingerprint
    that ties a journal to its run)."""

    problems: Mapping[str, ProblemSpec]
    content: bytes

    def find(self, name: str) -> ProblemSpec | None:
        """The problem a row names: its id exactly, else in any case (``P1`` for ``p1``)."""
        if name in self.problems:
            return self.problems[name]
        folded = [p for key, p in self.problems.items() if key.casefold() == name.casefold()]
        return folded[0] if len(folded) == 1 else None

    def looks_like_id(self, name: str) -> bool:
        """Whether a name that is no id has the shape of one: the same letters and other
        digits (``p7`` beside ``p1``…``p5``, ``2.4`` beside ``1.1``), a typo rather than an
        expression to differentiate."""
        if not re.fullmatch(r"[\w.-]+", name):
            return False
        return _shape(name) in {_shape(key) for key in self.problems}

    def unknown(self, name: str) -> str:
        ids = list(self.problems)
        shown = ", ".join(ids[:5]) + (", …" if len(ids) > 5 else "")
        return f"unknown problem id {name!r} (the problems file has {shown})"


def _shape(name: str) -> str:
    return re.sub(r"\d+", "0", name.casefold())


def read_problems(path: str | Path, limits: Limits) -> ProblemSet:
    """A problems file: YAML (``.yaml``/``.yml``: a mapping of ids to an expression or to
    ``{expr, order, wrt, form}``, or a list of such mappings with an ``id``) or CSV (columns
    ``id`` and ``expr``, optionally ``order``, ``wrt`` and ``form``).  Any fault in it is a
    ``StepcalcError`` naming the file and the problem."""
    path = Path(path)
    text = read_text(path)
    name = str(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        entries = _yaml_entries(text, name)
    else:
        entries = _csv_entries(text, name)
    problems: dict[str, ProblemSpec] = {}
    for where, fields in entries:
        spec = _spec(f"{name!r}, {where}", fields, limits)
        if spec.id in problems:
            raise StepcalcError(f"{name!r}, {where}: the id {spec.id!r} is given twice")
        problems[spec.id] = spec
    if not problems:
        raise StepcalcError(f"{name!r} has no problems")
    return ProblemSet(problems, text.encode("utf-8"))


def _csv_entries(text: str, name: str) -> list[tuple[str, dict[str, object]]]:
    table = read_csv(text, name, ("id", "expr"), EXPR_ALIASES)
    entries: list[tuple[str, dict[str, object]]] = []
    for number, record in table.records:
        if "_error" in record:
            raise StepcalcError(f"{name!r}, row {number}: {record['_error']}")
        fields: dict[str, object] = {k: record[k] for k in ("id", *PROBLEM_FIELDS) if record.get(k)}
        entries.append((f"row {number}", fields))
    return entries


def _yaml_entries(text: str, name: str) -> list[tuple[str, dict[str, object]]]:
    import yaml  # only a YAML problems file needs it

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise StepcalcError(f"{name!r} is not valid YAML{where}") from None
    if isinstance(data, dict):
        pairs = [(key, value if isinstance(value, dict) else {"expr": value}) for key, value in data.items()]
        return [(f"problem {str(key)!r}", {**value, "id": key}) for key, value in pairs]
    if isinstance(data, list) and all(isinstance(item, dict) for item in data):
        return [(f"problem {k}", dict(item)) for k, item in enumerate(data, start=1)]
    raise StepcalcError(
        f"{name!r}: a problems file maps ids to expressions (p1: x^2) or lists {{id, expr}} mappings"
    )


def _spec(where: str, fields: dict[Any, object], limits: Limits) -> ProblemSpec:
    """One problem's entry, checked: every fault names where it is."""
    if "expr" not in fields:
        fields = {EXPR_ALIASES.get(str(k), k): v for k, v in fields.items()}
    unknown = sorted(str(k) for k in fields if k not in ("id", *PROBLEM_FIELDS))
    if unknown:
        raise StepcalcError(
            f"{where}: unknown field {unknown[0]!r} (expected id, {', '.join(PROBLEM_FIELDS)})"
        )
    text = {k: _scalar(where, k, v) for k, v in fields.items() if v is not None}
    for needed in ("id", "expr"):
        if not text.get(needed):
            raise StepcalcError(f"{where}: needs {'an id' if needed == 'id' else 'an expression (expr)'}")
    form = text.get("form") or None
    if form is not None and form not in FORMS:
        raise StepcalcError(f"{where}: unknown form {form!r}; choose {', '.join(FORMS)}")
    try:
        order = read_order(fields["order"], limits) if text.get("order") else None
    except StepcalcError as error:
        raise StepcalcError(f"{where}: {error}") from None
    return ProblemSpec(text["id"], text["expr"], order, text.get("wrt") or None, form)


def _scalar(where: str, key: object, value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise StepcalcError(
            f"{where}: the field {str(key)!r} must be text or a number (in quotes), not {value}"
        )
    return str(value).strip()


def resolve(rows: list[dict[str, str]], problems: ProblemSet | None) -> list[dict[str, str]]:
    """The rows with each problem id resolved: the id as the problems file spells it, ``expr``,
    and the problem's ``order``, ``wrt`` and ``form`` where the row gives none.  A row whose
    problem is no id is an expression (as without a problems file), unless it has the shape of
    an id: then it is an ``_error``."""
    if problems is None:
        return rows
    resolved = []
    for row in rows:
        name = row.get("problem", "")
        spec = problems.find(name)
        if row.get("_error") or (spec is None and not problems.looks_like_id(name)):
            resolved.append(row)
        elif spec is None:
            resolved.append({**row, "_error": problems.unknown(name)})
        else:
            given = {"order": spec.order, "wrt": spec.wrt, "form": spec.form}
            extra = {k: str(v) for k, v in given.items() if v is not None and not row.get(k)}
            resolved.append({**row, **extra, "problem": spec.id, "expr": spec.expr})
    return resolved


# ---------------------------------------------------------------- the verdicts
def write_results(results: list[dict[str, Any]], path: str | Path) -> None:
    """CSV or JSONL by the file's extension, written to a temporary file then renamed.  The
    file gets the permissions of the one it replaces, else those a new file gets (0644 under
    the usual umask): a temporary file is created readable by its owner only."""
    path = Path(path)
    buffer = io.StringIO()
    if path.suffix.lower() in JSONL:
        for r in results:
            buffer.write(json.dumps({c: r.get(c) for c in OUT_COLUMNS}, ensure_ascii=False) + "\n")
    else:
        writer = csv.DictWriter(buffer, fieldnames=OUT_COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for r in results:
            writer.writerow({c: "" if r.get(c) is None else r.get(c) for c in OUT_COLUMNS})
    directory = path.parent if str(path.parent) else Path(".")
    mode = _mode(path)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        os.chmod(temp, mode)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(buffer.getvalue())
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _mode(path: Path) -> int:
    with contextlib.suppress(OSError):
        return stat.S_IMODE(path.stat().st_mode)
    return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask, read without setting it where the system tells it (Linux): setting
    it to read it would race with other threads creating files."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
