"""Every benchmark of stepcalc in one table: each figure next to its target, and a mark.

Run from the repository root:  python3 benchmarks/run_all.py [--quick] [--json FILE] [--only AREAS]

Areas, in order: startup (``import stepcalc``), parse, diff (the corpus against sympy.diff,
the scaling curves, cold starts), grad, check, grade, render, curves (issue 19), integrate and
limit (issue 20), optimise (issue 21: autodiff and descent) — each the
``measure`` function of a ``bench_*.py`` script, which also runs on its own. Each area runs in
a fresh interpreter, so that one area's memo caches do not flatter the next and a crash or
hang costs one area only; it then shows as ERROR with the reason. ``--quick`` runs smaller sizes and fewer
repeats (grading 1,000 answers instead of 10,000, so that row has no target).

Marks: ok (target met), MISS (not met), — (no target stated anywhere), ERROR. The targets
are those of issues 2–6 and STYLE.md §7, quoted in each script's docstring. Figures are
medians, on a shared machine: a MISS close to its target is worth a second run. The exit
status is 1 when any row misses or errors, else 0.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchkit import ROOT, Row, failed, table

AREAS: dict[str, tuple[str, str]] = {
    "startup": ("bench_import", "measure"),
    "parse": ("bench_parse", "measure"),
    "diff": ("bench_diff", "measure"),
    "grad": ("bench_grad", "measure"),
    "check": ("bench_check", "measure_check"),
    "grade": ("bench_check", "measure_grade"),
    "render": ("bench_render", "measure"),
    "curves": ("bench_curves", "measure"),
    "integrate": ("bench_integrate", "measure"),
    "limit": ("bench_limit", "measure"),
    "optimise": ("bench_optimise", "measure"),
}


def child(area: str, quick: bool, out: Path) -> None:
    """Measure one area in this interpreter and write its rows to ``out`` as JSON."""
    module, function = AREAS[area]
    rows = getattr(importlib.import_module(module), function)(quick)
    out.write_text(json.dumps([r.to_json() for r in rows]), encoding="utf-8")


def run_area(area: str, quick: bool, timeout: float) -> list[Row]:
    """The rows of one area, measured in a child interpreter (its process group killed if it
    overruns ``timeout``); a failure becomes one ERROR row."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "rows.json"
        command = [sys.executable, __file__, "--child", area, "--child-out", str(out)]
        proc = subprocess.Popen(
            [*command, *(["--quick"] if quick else [])],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # the grader's workers go with it on a timeout
        )
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return [failed(area, f"did not finish within {timeout:.0f} s")]
        if proc.returncode != 0 or not out.exists():
            lines = err.strip().splitlines() or [f"exit status {proc.returncode}"]
            return [failed(area, lines[-1])]
        return [Row.from_json(r) for r in json.loads(out.read_text(encoding="utf-8"))]


def git_state() -> str:
    """The commit measured, and whether the package or grammar differ from it."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown commit"
    dirty = git("status", "--porcelain", "--", "stepcalc", "grammar")
    return commit + (" + uncommitted changes in stepcalc/ or grammar/" if dirty else "")


def summary(rows: list[Row]) -> str:
    marks = [r.mark for r in rows]
    counts = ", ".join(f"{marks.count(m)} {m}" for m in ("ok", "MISS", "ERROR", "—") if m in marks)
    missed = [f"  {r.area} · {r.measurement}: {r.figure} ({r.goal})" for r in rows if r.mark == "MISS"]
    errors = [f"  {r.area}: {r.note}" for r in rows if r.error]
    out = [f"{len(rows)} rows: {counts}"]
    if missed:
        out += ["missed:", *missed]
    if errors:
        out += ["errors:", *errors]
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats (about a minute)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures and the run's context as JSON")
    parser.add_argument("--only", metavar="AREAS", help=f"comma-separated, among: {', '.join(AREAS)}")
    parser.add_argument("--child", choices=AREAS, help=argparse.SUPPRESS)
    parser.add_argument("--child-out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.quick, Path(args.child_out))
        return 0
    areas = list(AREAS) if not args.only else [a.strip() for a in args.only.split(",")]
    unknown = [a for a in areas if a not in AREAS]
    if unknown:
        parser.error(f"unknown area {', '.join(unknown)}; the areas are {', '.join(AREAS)}")

    context: dict[str, Any] = {
        "run": "quick" if args.quick else "full",
        "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": git_state(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_before": round(os.getloadavg()[0], 2),
    }
    start = time.perf_counter()
    rows: list[Row] = []
    seconds: dict[str, float] = {}
    for i, area in enumerate(areas, 1):
        print(f"[{i}/{len(areas)}] {area} …", end="", file=sys.stderr, flush=True)
        began = time.perf_counter()
        rows += run_area(area, args.quick, timeout=300 if args.quick else 900)
        seconds[area] = round(time.perf_counter() - began, 1)
        print(f" {seconds[area]:.1f} s", file=sys.stderr, flush=True)
    context |= {"seconds": round(time.perf_counter() - start, 1), "area_seconds": seconds}
    context["load_after"] = round(os.getloadavg()[0], 2)

    print(
        f"stepcalc benchmarks, {context['run']} run · {context['commit']} · Python {context['python']}"
        f" · {context['cpus']} cores · load {context['load_before']} before, {context['load_after']} after"
    )
    print()
    print(table(rows))
    print()
    print(summary(rows))
    print(f"total {context['seconds']:.0f} s")
    if args.json:
        report = {**context, "rows": [r.to_json() for r in rows]}
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if any(r.mark in ("MISS", "ERROR") for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
