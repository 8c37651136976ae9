"""Batch grading: a CSV or JSONL of answers in, a verdict per answer and a summary out.

Rows are graded in worker processes (all cores by default).  Each answer has a hard time
budget enforced inside its worker (an interval timer: a worker runs tasks in its main
thread), so a pathological answer becomes ``unknown`` and never stalls the batch; an answer
whose checking raises becomes ``unknown`` with the reason.  Rows keep their input order, and
the output file is written to a temporary file and renamed, so it is either absent (or the
previous one) or complete.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stepcalc.errors import StepcalcError

__all__ = ["GradeOptions", "grade_file", "grade_rows", "read_rows", "summary"]

COLUMNS = ("student", "problem", "answer")
OUT_COLUMNS = ("student", "problem", "answer", "verdict", "score", "mistake", "feedback")


@dataclass(frozen=True)
class GradeOptions:
    seconds: float = 2.0
    form: str = "any"
    lang: str = "en"
    wrt: str | None = None


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
        except ValueError as error:
            row = {"student": "", "problem": "", "answer": line[:200], "_error": f"line {number}: {error}"}
        rows.append(row)
    return rows


# ---------------------------------------------------------------- grading one row (in a worker)
class _OutOfTime(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _OutOfTime


def grade_row(row: dict[str, str], options: GradeOptions) -> dict[str, Any]:
    """One answer's verdict; never raises (a failure or a timeout is ``unknown``)."""
    from stepcalc.check import check_answer

    out: dict[str, Any] = {c: row.get(c, "") for c in COLUMNS}
    if row.get("_error"):
        return {**out, "verdict": "invalid", "score": 0.0, "mistake": None, "feedback": row["_error"]}
    timer = hasattr(signal, "setitimer") and _main_thread()
    if timer:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, options.seconds * 2 + 1.0)  # hard limit: the soft one is inside
    try:
        v = check_answer(
            row["problem"],
            row["answer"],
            options.wrt,
            form=options.form,
            lang=options.lang,
            seconds=options.seconds,
        )
        result = {"verdict": v.verdict, "score": v.score, "mistake": v.mistake, "feedback": v.feedback}
    except _OutOfTime:
        result = {"verdict": "unknown", "score": None, "mistake": None, "feedback": "time budget exceeded"}
    except StepcalcError as error:  # the problem itself cannot be read or worked
        result = {"verdict": "unknown", "score": None, "mistake": None, "feedback": f"problem: {error}"}
    except Exception as error:  # a stepcalc bug must not stop the batch
        result = {
            "verdict": "unknown",
            "score": None,
            "mistake": None,
            "feedback": f"internal error: {error!r}",
        }
    finally:
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return {**out, **result}


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _work(task: tuple[dict[str, str], GradeOptions]) -> dict[str, Any]:
    return grade_row(*task)


# ---------------------------------------------------------------- the batch
def grade_rows(
    rows: list[dict[str, str]],
    options: GradeOptions = GradeOptions(),
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[dict[str, Any]]:
    """Every row's verdict, in input order, using ``workers`` processes (default: all cores)."""
    import multiprocessing

    total = len(rows)
    workers = max(1, min(workers or os.cpu_count() or 1, total or 1))
    tasks = [(row, options) for row in rows]
    results: list[dict[str, Any]] = []
    if workers == 1:
        for k, task in enumerate(tasks, start=1):
            results.append(_work(task))
            if progress:
                progress(k, total)
        return results
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(workers) as pool:
        chunk = max(1, min(64, total // (workers * 8) or 1))
        for k, result in enumerate(pool.imap(_work, tasks, chunksize=chunk), start=1):
            results.append(result)
            if progress:
                progress(k, total)
    return results


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


def grade_file(
    source: str | Path,
    output: str | Path | None = None,
    options: GradeOptions = GradeOptions(),
    *,
    workers: int | None = None,
    show_progress: bool | None = None,
) -> tuple[Path, list[dict[str, Any]]]:
    """Grade a file; the output path (default ``NAME.graded.csv``/``.jsonl`` beside it) and the summary."""
    source = Path(source)
    rows = read_rows(source)
    out = Path(output) if output else source.with_name(f"{source.stem}.graded{source.suffix or '.csv'}")
    interactive = sys.stderr.isatty() if show_progress is None else show_progress
    started = time.monotonic()

    def progress(done: int, total: int) -> None:
        if interactive and (done == total or done % 25 == 0):
            width = 30
            filled = width * done // max(total, 1)
            rate = done / max(time.monotonic() - started, 1e-9)
            sys.stderr.write(
                f"\rgrading [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {rate:.0f}/s"
            )
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()

    results = grade_rows(rows, options, workers=workers, progress=progress)
    write_results(results, out)
    return out, summary(results)
