"""Batch grading: a CSV or JSONL of answers in, a verdict per answer and a summary out.

The files (Excel's CSVs, a problems file naming problems by id, the verdicts written back) are
read and written by ``stepcalc.tasks.gradefiles``; the summary per problem and per student is
``stepcalc.tasks.gradesummary``'s.

Rows are graded in supervised worker processes (all cores by default), one row at a time
each.  An answer has a time budget inside its worker (``stepcalc.budget``); a worker that
hangs past it anyway, or dies (killed, out of memory, a crash in C), is replaced and only
that row becomes ``unknown``.  A malformed row is ``invalid``, never dropped.

Every verdict is appended to a journal beside the output as it arrives.  The output itself is
written once, complete, to a temporary file that is then renamed over the old one: at any
moment the output is the previous complete file or the new complete one.  If the run stops
(Ctrl-C, a full disk, a killed grader), running the same command again reads the journal
and grades only the rows it lacks; a journal of a different input, problems file or options
is set aside.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from stepcalc.budget import TimeLimitExceeded, call_with_limit
from stepcalc.errors import StepcalcError
from stepcalc.limits import DEFAULT, Limits
from stepcalc.phrases import said
from stepcalc.tasks.gradefiles import (
    COLUMNS,
    ProblemSet,
    read_answers,
    read_order,
    read_problems,
    resolve,
    write_results,
)
from stepcalc.tasks.gradesummary import Summary, summary, summary_text
from stepcalc.tasks.journal import Journal, journal_path
from stepcalc.tasks.pool import Pool, Slot

__all__ = [
    "GradeOptions",
    "GradeStopped",
    "Summary",
    "grade_file",
    "grade_rows",
    "read_rows",
    "summary",
    "summary_text",
]


@dataclass(frozen=True)
class GradeOptions:
    """``seconds`` to decide an answer (then ``unknown``); the whole row is cut off at
    ``hard_seconds`` inside its worker, and the worker itself killed at ``kill_after`` (a hang
    in C code no budget can interrupt).  ``memory_mb`` caps each worker's address space."""

    seconds: float = 2.0
    form: str = "any"
    lang: str = "en"
    wrt: str | None = None
    order: int = 1  # the derivative answers give, unless their problem or row says otherwise
    limits: Limits = DEFAULT
    memory_mb: int | None = 2048
    tol: float | None = None  # accept answers within this relative difference (approximate)
    ambiguous: float = 0.5  # the score of an answer right only as another reading of its juxtapositions

    @property
    def hard_seconds(self) -> float:
        return min(self.limits.max_seconds, self.seconds * 2 + 1.0)

    @property
    def kill_after(self) -> float:
        return self.hard_seconds * 2 + 1.0


# ---------------------------------------------------------------- reading
def read_rows(path: str | Path) -> list[dict[str, str]]:
    """The rows of an answers file (``stepcalc.tasks.gradefiles.read_answers``).  A malformed
    row is kept, marked with ``_error``, so that it is reported rather than lost."""
    return read_answers(path).rows


# ---------------------------------------------------------------- grading one row (in a worker)
def grade_row(row: dict[str, str], options: GradeOptions) -> dict[str, Any]:
    """One answer's verdict; never raises (a failure or a timeout is ``unknown``).  The row's
    ``expr`` (its problem's, from a problems file), ``order``, ``wrt`` and ``form`` go before
    the options'; a row without ``expr`` states its problem itself."""
    from stepcalc.tasks.check import check_answer

    out: dict[str, Any] = {c: row.get(c, "") for c in COLUMNS}
    try:
        if row.get("_error"):
            raise StepcalcError(row["_error"])
        order = read_order(row["order"], options.limits) if row.get("order") else options.order
    except StepcalcError as error:
        invalid = {"verdict": "invalid", "score": 0.0, "approximate": False, "mistake": None}
        return {**out, **invalid, "feedback": said(error, options.lang)}
    try:
        v = call_with_limit(
            options.hard_seconds,
            lambda: check_answer(
                row.get("expr") or row["problem"],
                row["answer"],
                row.get("wrt") or options.wrt,
                form=row.get("form") or options.form,
                lang=options.lang,
                seconds=options.seconds,
                limits=options.limits,
                tol=options.tol,
                order=order,
            ),
            "grading the answer",
        )
        read_as = v.to_dict()["read_as"]
        result = {
            "verdict": v.verdict,
            "score": options.ambiguous if v.verdict == "ambiguous" else v.score,
            "mistake": v.mistake,
            "feedback": v.feedback,
            "approximate": v.approximate,
            "read_as": read_as["text"] if read_as else None,
        }
    except TimeLimitExceeded:
        result = _unknown(_OUT_OF_TIME)
    except StepcalcError as error:  # the problem itself cannot be read or worked
        result = _unknown(f"problem: {error}")
    except Exception as error:  # a stepcalc bug must not stop the batch
        result = _unknown(f"internal error: {error!r}")
    return {**out, **result, "feedback": said(result["feedback"], options.lang)}


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
        if isinstance(result.get("feedback"), str):  # what the pool itself says, in the teacher's language
            result = {**result, "feedback": said(result["feedback"], options.lang)}
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


class GradeStopped(StepcalcError):
    """The run stopped before every row was graded; what was graded is kept in the journal."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _fingerprint(source: Path, options: GradeOptions, problems: ProblemSet | None) -> str:
    """What a journal belongs to: the answers, the problems file and the options."""
    digest = hashlib.sha256(source.read_bytes())
    if problems is not None:
        digest.update(b"\0problems\0" + problems.content)
    settings = {k: v for k, v in asdict(options).items() if k != "memory_mb"}
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def grade_file(
    source: str | Path,
    output: str | Path | None = None,
    options: GradeOptions = GradeOptions(),
    *,
    problems: str | Path | None = None,
    workers: int | None = None,
    show_progress: bool | None = None,
    grader: Grader = grade_row,
    resume: bool = True,
) -> tuple[Path, Summary]:
    """Grade a file; the output path (default ``NAME.graded.csv``/``.jsonl`` beside it) and the
    summary.  ``problems`` is a problems file whose ids the rows may name.  With ``resume``
    (the default) the verdicts journaled by an interrupted run of the same files and options
    are reused.  Raises ``GradeStopped`` when interrupted (Ctrl-C) or when the journal or
    output cannot be written (a full disk): nothing graded is lost."""
    source = Path(source)
    options.limits.check_order(options.order)
    answers = read_answers(source)
    table = read_problems(problems, options.limits) if problems is not None else None
    rows = resolve(answers.rows, table)
    out = Path(output) if output else source.with_name(f"{source.stem}.graded{source.suffix or '.csv'}")
    journal = Journal(journal_path(out), _fingerprint(source, options, table))
    done = journal.read() if resume else {}
    done = {i: r for i, r in done.items() if 0 <= i < len(rows)}
    interactive = sys.stderr.isatty() if show_progress is None else show_progress
    if done:
        sys.stderr.write(f"resuming: {len(done)} of {len(rows)} rows already graded ({journal.path.name})\n")
    graded = dict(done)

    def keep(index: int, result: dict[str, Any]) -> None:
        graded[index] = result
        journal.add(index, result)

    try:
        journal.open(done)
        progress = _progress_bar(len(done)) if interactive else None
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
    return out, summary(results, answers.delimiter)


def _progress_bar(already: int) -> Callable[[int, int], None]:
    """A progress bar on stderr, redrawn every 25 answers; the rate leaves out ``already``
    (the answers a resumed run found graded)."""
    started = time.monotonic()

    def progress(count: int, total: int) -> None:
        if count == total or count % 25 == 0:
            width = 30
            filled = width * count // max(total, 1)
            rate = (count - already) / max(time.monotonic() - started, 1e-9)
            sys.stderr.write(
                f"\rgrading [{'#' * filled}{'.' * (width - filled)}] {count}/{total} {rate:.0f}/s"
            )
            if count == total:
                sys.stderr.write("\n")
            sys.stderr.flush()

    return progress


def _stopped(why: str, graded: dict[int, Any], rows: list[Any], journal: Journal) -> str:
    return (
        f"{why}; {len(graded)} of {len(rows)} answers graded and kept in {journal.path}: "
        "run the same command again to grade the rest"
    )
