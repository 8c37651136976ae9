"""Batch grading: a CSV or JSONL of answers in, a verdict per answer and a summary out.

Rows are graded in supervised worker processes (all cores by default), one row at a time
each.  An answer has a time budget inside its worker (``stepcalc.budget``); a worker that
hangs past it anyway, or dies (killed, out of memory, a crash in C), is replaced and only
that row becomes ``unknown``.  A malformed row is ``invalid``, never dropped.

Every verdict is appended to a journal beside the output as it arrives.  The output itself is
written once, complete, to a temporary file that is then renamed over the old one: at any
moment the output is the previous complete file or the new complete one.  If the run stops
(Ctrl-C, a full disk, a killed grader), running the same command again reads the journal
and grades only the rows it lacks; a journal of a different input or options is set aside.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from stepcalc.budget import TimeLimitExceeded, call_with_limit
from stepcalc.errors import StepcalcError
from stepcalc.limits import DEFAULT, Limits
from stepcalc.tasks.journal import Journal, journal_path
from stepcalc.tasks.pool import Pool, Slot

__all__ = ["GradeOptions", "GradeStopped", "grade_file", "grade_rows", "read_rows", "summary"]

COLUMNS = ("student", "problem", "answer")
OUT_COLUMNS = ("student", "problem", "answer", "verdict", "score", "approximate", "mistake", "feedback")


@dataclass(frozen=True)
class GradeOptions:
    """``seconds`` to decide an answer (then ``unknown``); the whole row is cut off at
    ``hard_seconds`` inside its worker, and the worker itself killed at ``kill_after`` (a hang
    in C code no budget can interrupt).  ``memory_mb`` caps each worker's address space."""

    seconds: float = 2.0
    form: str = "any"
    lang: str = "en"
    wrt: str | None = None
    limits: Limits = DEFAULT
    memory_mb: int | None = 2048
    tol: float | None = None  # accept answers within this relative difference (approximate)

    @property
    def hard_seconds(self) -> float:
        return min(self.limits.max_seconds, self.seconds * 2 + 1.0)

    @property
    def kill_after(self) -> float:
        return self.hard_seconds * 2 + 1.0


# ---------------------------------------------------------------- reading
def read_rows(path: str | Path) -> list[dict[str, str]]:
    """The rows of a CSV (header ``student,problem,answer``) or JSONL file.  A malformed row is
    kept, marked with ``_error``, so that it is reported rather than lost."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise StepcalcError(f"cannot read {str(path)!r}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise StepcalcError(f"{str(path)!r} is not UTF-8 text") from None
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        return _read_jsonl(text)
    return _read_csv(text, str(path))


def _read_csv(text: str, name: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise StepcalcError(f"{name!r} needs the columns {', '.join(COLUMNS)}; missing {', '.join(missing)}")
    rows: list[dict[str, str]] = []
    for number, row in enumerate(reader, start=2):
        clean = {c: (row.get(c) or "").strip() for c in COLUMNS}
        if None in row or any(row.get(c) is None for c in COLUMNS):
            clean["_error"] = f"malformed CSV row {number}: wrong number of fields"
        rows.append(clean)
    return rows


def _read_jsonl(text: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("not an object")
            row = {c: str(item.get(c, "")).strip() for c in COLUMNS}
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


# ---------------------------------------------------------------- grading one row (in a worker)
def grade_row(row: dict[str, str], options: GradeOptions) -> dict[str, Any]:
    """One answer's verdict; never raises (a failure or a timeout is ``unknown``)."""
    from stepcalc.tasks.check import check_answer

    out: dict[str, Any] = {c: row.get(c, "") for c in COLUMNS}
    if row.get("_error"):
        invalid = {"verdict": "invalid", "score": 0.0, "approximate": False, "mistake": None}
        return {**out, **invalid, "feedback": row["_error"]}
    try:
        v = call_with_limit(
            options.hard_seconds,
            lambda: check_answer(
                row["problem"],
                row["answer"],
                options.wrt,
                form=options.form,
                lang=options.lang,
                seconds=options.seconds,
                limits=options.limits,
                tol=options.tol,
            ),
            "grading the answer",
        )
        result = {
            "verdict": v.verdict,
            "score": v.score,
            "mistake": v.mistake,
            "feedback": v.feedback,
            "approximate": v.approximate,
        }
    except TimeLimitExceeded:
        result = _unknown(_OUT_OF_TIME)
    except StepcalcError as error:  # the problem itself cannot be read or worked
        result = _unknown(f"problem: {error}")
    except Exception as error:  # a stepcalc bug must not stop the batch
        result = _unknown(f"internal error: {error!r}")
    return {**out, **result}


_OUT_OF_TIME = "time budget exceeded"


def _unknown(why: str) -> dict[str, Any]:
    return {"verdict": "unknown", "score": None, "approximate": False, "mistake": None, "feedback": why}


Grader = Callable[[dict[str, str], GradeOptions], dict[str, Any]]


def _failed(row: dict[str, str], error: Exception) -> dict[str, Any]:
    """The verdict of a row whose grading raised (a stepcalc bug must not stop the batch)."""
    return {**{c: row.get(c, "") for c in COLUMNS}, **_unknown(f"internal error: {error!r}")}


def grade_rows(
    rows: list[dict[str, str]],
    options: GradeOptions = GradeOptions(),
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    done: dict[int, dict[str, Any]] | None = None,
    on_result: Callable[[int, dict[str, Any]], None] | None = None,
    grader: Grader = grade_row,
) -> list[dict[str, Any]]:
    """Every row's verdict, in input order, graded in ``workers`` processes (default: all cores).

    ``done`` holds verdicts already known (a resumed run): those rows are not graded again.
    ``on_result(index, result)`` sees each new verdict as it arrives (the journal).  A worker
    that dies, or takes longer than ``options.kill_after`` on one row, is replaced and that row
    is ``unknown``; every row gets exactly one verdict.
    """
    results: dict[int, dict[str, Any]] = dict(done or {})
    todo = [i for i in range(len(rows)) if i not in results]
    total = len(rows)
    if progress:
        progress(len(results), total)
    if not todo:
        return [results[i] for i in range(total)]
    count = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    pool = Pool(count, grader, _failed, options.memory_mb)
    queue = iter(todo)

    def finish(index: int, result: dict[str, Any]) -> None:
        results[index] = result
        if on_result:
            on_result(index, result)
        if progress:
            progress(len(results), total)

    def feed(slot: Slot) -> None:
        index = next(queue, None)
        slot.index = index
        if index is None:
            return
        slot.started = time.monotonic()
        try:
            slot.conn.send((index, rows[index], options))
        except OSError:  # the worker died while idle: the row goes to its replacement
            position = pool.slots.index(slot)
            pool.replace(slot)
            fresh = pool.slots[position]
            fresh.index, fresh.started = index, time.monotonic()
            fresh.conn.send((index, rows[index], options))

    try:
        for slot in pool.slots:
            feed(slot)
        while any(slot.index is not None for slot in pool.slots):
            _collect(pool, rows, options, finish, feed)
    finally:
        pool.close()
    return [results[i] for i in range(total)]


def _collect(
    pool: Pool,
    rows: list[dict[str, str]],
    options: GradeOptions,
    finish: Callable[[int, dict[str, Any]], None],
    feed: Callable[[Slot], None],
) -> None:
    """Wait for the next verdict, death or overrun among the busy workers, and deal with it."""
    from multiprocessing.connection import wait

    busy = [slot for slot in pool.slots if slot.index is not None]
    now = time.monotonic()
    soonest = min(slot.started + options.kill_after for slot in busy)
    ready = wait([s.conn for s in busy] + [s.process.sentinel for s in busy], max(0.0, soonest - now))
    for slot in busy:
        index = slot.index
        assert index is not None
        row = {c: rows[index].get(c, "") for c in COLUMNS}
        if slot.conn in ready:
            try:
                got, result = slot.conn.recv()
            except (EOFError, OSError):  # it died while answering
                finish(index, {**row, **_unknown(_died(slot))})
                _replace_and_feed(pool, slot, feed)
                continue
            finish(got, result)
            feed(slot)
        elif slot.process.sentinel in ready:
            finish(index, {**row, **_unknown(_died(slot))})
            _replace_and_feed(pool, slot, feed)
        elif time.monotonic() - slot.started > options.kill_after:
            finish(index, {**row, **_unknown(f"{_OUT_OF_TIME} (the worker was stopped)")})
            _replace_and_feed(pool, slot, feed)


def _replace_and_feed(pool: Pool, slot: Slot, feed: Callable[[Slot], None]) -> None:
    position = pool.slots.index(slot)
    pool.replace(slot)
    feed(pool.slots[position])


def _died(slot: Slot) -> str:
    slot.process.join(1)
    code = slot.process.exitcode
    how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    return f"internal error: the worker grading this answer died ({how})"


def summary(results: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per problem: how many answers of each verdict, the mean score, the commonest mistake."""
    by_problem: dict[str, list[dict[str, Any]]] = {}
    for r in results:
        by_problem.setdefault(r["problem"], []).append(r)
    table = []
    for problem, rows in by_problem.items():
        verdicts = Counter(r["verdict"] for r in rows)
        scores = [r["score"] for r in rows if r["score"] is not None]
        mistakes = Counter(r["mistake"] for r in rows if r["mistake"])
        table.append(
            {
                "problem": problem,
                "answers": len(rows),
                **{
                    v: verdicts.get(v, 0)
                    for v in ("correct", "correct_but_form", "incorrect", "invalid", "unknown")
                },
                "mean_score": round(sum(scores) / len(scores), 3) if scores else None,
                "top_mistake": mistakes.most_common(1)[0][0] if mistakes else None,
            }
        )
    return table


def summary_text(table: list[dict[str, Any]]) -> str:
    head = ["problem", "answers", "correct", "form", "incorrect", "invalid", "unknown", "mean", "top mistake"]
    rows = [
        [
            r["problem"][:30],
            str(r["answers"]),
            str(r["correct"]),
            str(r["correct_but_form"]),
            str(r["incorrect"]),
            str(r["invalid"]),
            str(r["unknown"]),
            "-" if r["mean_score"] is None else f"{r['mean_score']:.2f}",
            r["top_mistake"] or "-",
        ]
        for r in table
    ]
    widths = [max(len(x) for x in col) for col in zip(head, *rows, strict=True)]
    lines = [
        "  ".join(x.ljust(w) for x, w in zip(line, widths, strict=True)).rstrip() for line in [head, *rows]
    ]
    return "\n".join(lines)


def write_results(results: list[dict[str, Any]], path: str | Path) -> None:
    """CSV or JSONL by the file's extension, written to a temporary file then renamed."""
    path = Path(path)
    buffer = io.StringIO()
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        for r in results:
            buffer.write(json.dumps({c: r.get(c) for c in OUT_COLUMNS}, ensure_ascii=False) + "\n")
    else:
        writer = csv.DictWriter(buffer, fieldnames=OUT_COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for r in results:
            writer.writerow({c: "" if r.get(c) is None else r.get(c) for c in OUT_COLUMNS})
    directory = path.parent if str(path.parent) else Path(".")
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(buffer.getvalue())
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


class GradeStopped(StepcalcError):
    """The run stopped before every row was graded; what was graded is kept in the journal."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _fingerprint(source: Path, options: GradeOptions) -> str:
    digest = hashlib.sha256(source.read_bytes())
    settings = {k: v for k, v in asdict(options).items() if k != "memory_mb"}
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def grade_file(
    source: str | Path,
    output: str | Path | None = None,
    options: GradeOptions = GradeOptions(),
    *,
    workers: int | None = None,
    show_progress: bool | None = None,
    grader: Grader = grade_row,
    resume: bool = True,
) -> tuple[Path, list[dict[str, Any]]]:
    """Grade a file; the output path (default ``NAME.graded.csv``/``.jsonl`` beside it) and the
    summary.  With ``resume`` (the default) the verdicts journaled by an interrupted run of the
    same file and options are reused.  Raises ``GradeStopped`` when interrupted (Ctrl-C) or
    when the journal or output cannot be written (a full disk): nothing graded is lost."""
    source = Path(source)
    rows = read_rows(source)
    out = Path(output) if output else source.with_name(f"{source.stem}.graded{source.suffix or '.csv'}")
    journal = Journal(journal_path(out), _fingerprint(source, options))
    done = journal.read() if resume else {}
    done = {i: r for i, r in done.items() if 0 <= i < len(rows)}
    interactive = sys.stderr.isatty() if show_progress is None else show_progress
    started = time.monotonic()

    def progress(count: int, total: int) -> None:
        if interactive and (count == total or count % 25 == 0):
            width = 30
            filled = width * count // max(total, 1)
            rate = (count - len(done)) / max(time.monotonic() - started, 1e-9)
            sys.stderr.write(
                f"\rgrading [{'#' * filled}{'.' * (width - filled)}] {count}/{total} {rate:.0f}/s"
            )
            if count == total:
                sys.stderr.write("\n")
            sys.stderr.flush()

    if done:
        sys.stderr.write(f"resuming: {len(done)} of {len(rows)} rows already graded ({journal.path.name})\n")
    graded = dict(done)

    def keep(index: int, result: dict[str, Any]) -> None:
        graded[index] = result
        journal.add(index, result)

    try:
        journal.open(done)
        results = grade_rows(
            rows, options, workers=workers, progress=progress, done=done, on_result=keep, grader=grader
        )
        write_results(results, out)
    except KeyboardInterrupt:
        journal.close()
        raise GradeStopped(_stopped("interrupted", graded, rows, journal), 130) from None
    except OSError as error:
        journal.close()
        why = f"cannot write {error.filename or out}: {error.strerror or error}"
        raise GradeStopped(_stopped(why, graded, rows, journal), 1) from None
    journal.remove()
    return out, summary(results)


def _stopped(why: str, graded: dict[int, Any], rows: list[Any], journal: Journal) -> str:
    return (
        f"{why}; {len(graded)} of {len(rows)} answers graded and kept in {journal.path}: "
        "run the same command again to grade the rest"
    )
