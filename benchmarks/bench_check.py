"""Answer-checking speed (issue 5).

Run from the repository root:  python3 benchmarks/bench_check.py [--answers N] [--workers W] [--quick]

Targets (issue 15):
  * check_answer on textbook problems: median <= 10 ms, 90th percentile <= 50 ms
    (check_answer shares one derivation per problem between answers: the first answer to
    each problem is also shown);
  * `stepcalc grade` on 10,000 generated answers (correct, equivalent forms, mistakes)
    in <= 45 s on 2 cores (a --quick run grades 1,000 and shows no target for them).
Figures are printed, not asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import csv
import functools
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from benchkit import Row, p90, table  # noqa: E402
from diff_corpus import CORPUS  # noqa: E402

from stepcalc import derive, parse  # noqa: E402
from stepcalc.expr import Sym  # noqa: E402
from stepcalc.malrules import MALRULES, mistaken_derivative  # noqa: E402
from stepcalc.printing import to_text  # noqa: E402
from stepcalc.tasks.check import check_answer  # noqa: E402

FORMS = ["{}", "({}) + sin(x)^2 + cos(x)^2 - 1", "2({}) - ({})", "(({}) (x^2 + 1))/(x^2 + 1)"]


def answers_for(problem: str) -> list[tuple[str, str]]:
    """(kind, answer) pairs: the right answer, equivalent rewrites, and every mal-rule's result."""
    d = derive(problem)
    if d.result is None:
        return []
    right = to_text(d.result)
    out = [("correct", right)] + [("equivalent", f.format(right, right)) for f in FORMS[1:]]
    x = d.problem.wrt[0] if d.problem.wrt else Sym("x")
    for mal in MALRULES:
        wrong = mistaken_derivative(d.problem.expr, x, mal)
        if wrong is not None:
            out.append((mal.id, to_text(wrong)))
    out.append(("garbled", right + " +"))
    return out


@functools.cache
def answer_pool() -> list[tuple[str, str, str]]:
    """(problem, kind, answer) for 40 corpus problems: every answer of ``answers_for``."""
    problems = [p for p in CORPUS if len(parse(p).__repr__()) < 400][:40]
    return [(p, kind, a) for p in problems for kind, a in answers_for(p)]


def measure_check(quick: bool = False) -> list[Row]:
    pool = answer_pool()[: 100 if quick else 300]
    check_answer("x^2", "2x")  # warm up (imports, lambdify)
    times, first, seen = [], [], set()
    for p, _, a in pool:
        start = time.perf_counter()
        check_answer(p, a)
        times.append(time.perf_counter() - start)
        if p not in seen:
            seen.add(p)
            first.append(times[-1])
    sample = f"{len(times)} answers to {len(seen)} problems"
    return [
        Row(
            "check",
            "check_answer, median",
            statistics.median(times) * 1e3,
            "ms",
            10,
            source="issue 15",
            note=sample,
        ),
        Row("check", "check_answer, 90th percentile", p90(times) * 1e3, "ms", 50, source="issue 15"),
        Row(
            "check",
            "check_answer, first answer to each problem, median",
            statistics.median(first) * 1e3,
            "ms",
        ),
    ]


def grade(answers: int, workers: int) -> tuple[float, dict[str, int]]:
    """Seconds of ``stepcalc grade`` on ``answers`` rows drawn from the pool, and the verdicts."""
    pool, rng = answer_pool(), random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        source, verdicts = Path(tmp) / "answers.csv", Path(tmp) / "out.csv"
        with source.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["student", "problem", "answer"])
            for k in range(answers):
                p, _, a = rng.choice(pool)
                writer.writerow([f"s{k}", p, a])
        command = ["-m", "stepcalc", "grade", str(source), "-o", str(verdicts), "--workers", str(workers)]
        start = time.perf_counter()
        out = subprocess.run([sys.executable, *command], capture_output=True, text=True, cwd=ROOT)
        seconds = time.perf_counter() - start
        if out.returncode != 0:
            raise RuntimeError(f"stepcalc grade exited {out.returncode}: {out.stderr.strip()[-300:]}")
        with verdicts.open(encoding="utf-8") as handle:
            counts = Counter(row["verdict"] for row in csv.DictReader(handle))
    if sum(counts.values()) != answers:
        raise RuntimeError(f"stepcalc grade wrote {sum(counts.values())} verdicts for {answers} answers")
    return seconds, dict(sorted(counts.items()))


def measure_grade(quick: bool = False, answers: int | None = None, workers: int = 2) -> list[Row]:
    n = answers or (1000 if quick else 10_000)
    seconds, counts = grade(n, workers)
    full = n == 10_000 and workers == 2
    verdicts = ", ".join(f"{v} {c}" for v, c in counts.items())
    return [
        Row(
            "grade",
            f"stepcalc grade, {n:,} answers, {workers} workers",
            seconds,
            target=45.0 if full else None,
            source="issue 15" if full else "",
            note=verdicts + ("" if full else "; the target is for 10,000 answers on 2 workers"),
        ),
        Row("grade", "stepcalc grade, answers per second", n / seconds, "answers/s"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--answers", type=int, help="answers to grade (default 10,000; --quick 1,000)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="100 checks, 1,000 answers graded")
    args = parser.parse_args()
    pool = answer_pool()
    print(f"{len(pool)} distinct answers to {len({p for p, _, _ in pool})} problems")
    print(table(measure_check(args.quick) + measure_grade(args.quick, args.answers, args.workers)))


if __name__ == "__main__":
    main()
