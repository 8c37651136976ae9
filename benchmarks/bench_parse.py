"""Parsing speed: throughput on a generated corpus of textbook-sized expressions, and the
cold start of ``stepcalc parse``.

Run from the repository root:  python3 benchmarks/bench_parse.py [--quick]
Targets (issue 2): >= 5,000 expressions/s; ``stepcalc parse "e^x cos x"`` cold start <= 0.25 s.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from benchkit import Row, clock, processes, run_python, table  # noqa: E402
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
    out: list[str] = []
    for _ in range(n):
        terms: list[str] = []
        for _ in range(rng.randint(1, 3)):
            factors = rng.sample(ATOMS, rng.randint(1, 2))
            term = " ".join(factors)
            if rng.random() < 0.25:
                term = f"({term})/({rng.choice(ATOMS)} + {rng.randint(1, 9)})"
            terms.append(term)
        out.append(rng.choice([" + ", " - "]).join(terms))
    return out


def throughput(exprs: list[str], passes: int = 3) -> float:
    """Expressions parsed per second: the median over ``passes`` passes through ``exprs``."""
    return len(exprs) / clock(lambda: [parse(text) for text in exprs], passes)


def cold_start(repeat: int = 10) -> float:
    """Median seconds of ``stepcalc parse "e^x cos x"`` in a fresh interpreter."""
    return run_python(["-m", "stepcalc", "parse", "e^x cos x"], repeat)


def measure(quick: bool = False) -> list[Row]:
    exprs = generated(1000 if quick else 5000)
    repeat = 5 if quick else 10
    parse("x")  # build the parser once, as any run after the first call does
    lengths = [len(e) for e in exprs]
    bare = run_python(["-c", "pass"], repeat)
    return [
        Row(
            "parse",
            f"throughput, {len(exprs):,} generated expressions ({min(lengths)}–{max(lengths)} chars)",
            throughput(exprs),
            "expr/s",
            5000,
            ">=",
            "issue 2",
            "median of 3 passes",
        ),
        Row(
            "parse",
            f"throughput, the {len(CORPUS)} hand-written textbook expressions",
            throughput(list(CORPUS) * (20 if quick else 80)),
            "expr/s",
        ),
        Row(
            "parse",
            "cold start: stepcalc parse 'e^x cos x'",
            cold_start(repeat),
            target=0.25,
            source="issue 2",
            note=f"median of {processes(repeat)}; python alone {bare:.3f} s",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 expressions, 5 cold starts")
    print(table(measure(parser.parse_args().quick)))


if __name__ == "__main__":
    main()
