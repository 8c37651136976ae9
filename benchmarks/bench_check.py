"""Answer-checking speed (issue 5).

Run from the repository root:  python3 benchmarks/bench_check.py [--answers N] [--workers W]

Targets:
  * median check_answer on textbook problems <= 20 ms;
  * `stepcalc grade` on 10,000 generated answers (correct, equivalent forms, mistakes)
    in <= 60 s on 2 cores.
Figures are printed, not asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from diff_corpus import CORPUS  # noqa: E402

from stepcalc import derive, parse  # noqa: E402
from stepcalc.check import check_answer  # noqa: E402
from stepcalc.expr import Sym  # noqa: E402
from stepcalc.malrules import MALRULES, mistaken_derivative  # noqa: E402
from stepcalc.printing import to_text  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    problems = [p for p in CORPUS if len(parse(p).__repr__()) < 400][:40]
    pool = [(p, kind, a) for p in problems for kind, a in answers_for(p)]
    print(f"{len(problems)} problems, {len(pool)} distinct answers")

    check_answer("x^2", "2x")  # warm up (imports, lambdify)
    times = []
    for p, _, a in pool[:300]:
        start = time.perf_counter()
        check_answer(p, a)
        times.append(time.perf_counter() - start)
    print(
        f"check_answer: median {statistics.median(times) * 1000:.1f} ms, "
        f"p90 {sorted(times)[int(len(times) * 0.9)] * 1000:.1f} ms over {len(times)} answers "
        "(target median <= 20)"
    )

    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "answers.csv"
        with source.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["student", "problem", "answer"])
            for k in range(args.answers):
                p, _, a = rng.choice(pool)
                writer.writerow([f"s{k}", p, a])
        start = time.perf_counter()
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "stepcalc",
                "grade",
                str(source),
                "-o",
                str(Path(tmp) / "out.csv"),
                "--workers",
                str(args.workers),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - start
        with (Path(tmp) / "out.csv").open(encoding="utf-8") as handle:
            verdicts = [row["verdict"] for row in csv.DictReader(handle)]
    counts = {v: verdicts.count(v) for v in sorted(set(verdicts))}
    print(
        f"stepcalc grade: {args.answers} answers on {args.workers} workers in {seconds:.1f} s "
        f"({args.answers / seconds:.0f}/s; target <= 60 s); exit {out.returncode}; verdicts {counts}"
    )


if __name__ == "__main__":
    main()
