"""Parsing speed: throughput on a generated corpus of textbook-sized expressions, and the
cold start of ``stepcalc parse``.

Run from the repository root:  python3 benchmarks/bench_parse.py
Targets (issue 2): >= 5,000 expressions/s; ``stepcalc parse "e^x cos x"`` cold start <= 0.25 s.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from diff_corpus import CORPUS  # noqa: E402

from stepcalc import parse  # noqa: E402

ATOMS = [
    "x",
    "2x",
    "3x^2",
    "x^3",
    "e^x",
    "e^(2x)",
    "sin x",
    "cos 3x",
    "ln x",
    "sqrt(x + 1)",
    "tan x",
    "(x + 1)",
]


def generated(n: int, seed: int = 1) -> list[str]:
    """Textbook-sized expressions (about 10–60 characters) as people type them."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        terms = []
        for _ in range(rng.randint(1, 3)):
            factors = rng.sample(ATOMS, rng.randint(1, 2))
            term = " ".join(factors)
            if rng.random() < 0.25:
                term = f"({term})/({rng.choice(ATOMS)} + {rng.randint(1, 9)})"
            terms.append(term)
        out.append(rng.choice([" + ", " - "]).join(terms))
    return out


def throughput(exprs: list[str]) -> float:
    start = time.perf_counter()
    for text in exprs:
        parse(text)
    return len(exprs) / (time.perf_counter() - start)


def cold_start(repeat: int = 10) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "stepcalc", "parse", "e^x cos x"], check=True, capture_output=True
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    exprs = generated(5000)
    parse("x")  # build the parser once, as any run after the first call does
    lengths = [len(e) for e in exprs]
    print(f"corpus: {len(exprs)} generated expressions, {min(lengths)}-{max(lengths)} characters")
    print(f"  throughput  {throughput(exprs):8.0f} expressions/s   (target >= 5000)")
    print(f"  textbook    {throughput(list(CORPUS) * 80):8.0f} expressions/s on the 62 hand-written ones")
    bare = statistics.median(
        time.perf_counter() - t
        for t in [time.perf_counter()]
        for _ in [subprocess.run([sys.executable, "-c", "pass"], check=True)]
    )
    print(
        f"cold start of 'stepcalc parse \"e^x cos x\"', median of 10: {cold_start():.3f} s (target <= 0.25 s;"
        f" python alone {bare:.3f} s)"
    )


if __name__ == "__main__":
    main()
