"""Gradient and Hessian speed (issue 4).

Run from the repository root:  python3 benchmarks/bench_grad.py [--repeat N]

Targets:
  * the gradient of a 50-variable expression (a sum of 50 mixed terms) in under 0.5 s;
  * the Hessian of a 10-variable polynomial in under 1 s.
Also reported: the same with verification, and the vector/matrix gradients of WORKED §10–11.
Figures are printed, not asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stepcalc import gradient, hessian  # noqa: E402

TERMS = [
    "{c}{a}^2",
    "{c}e^({a})",
    "{c}sin({a} {b})",
    "{c}ln(1 + {a}^2)",
    "{c}{a} {b}^3",
    "{c}sqrt(1 + {a}^2)",
    "{c}cos({a} - {b})",
    "{c}{a}/(1 + {b}^2)",
    "{c}sigma({a})",
    "{c}atan({a})",
]


def fifty_variables(seed: int = 50) -> str:
    """A sum of 50 mixed terms over x_1 … x_50, each variable used at least once."""
    rng = random.Random(seed)
    names = [f"x_{i}" for i in range(1, 51)]
    terms = []
    for i, a in enumerate(names):
        b = names[(i + 1) % 50]
        terms.append(rng.choice(TERMS).format(c=rng.choice(["", "2", "3", "5"]), a=a, b=b))
    return " + ".join(terms)


def ten_variable_polynomial(seed: int = 10) -> str:
    """A polynomial in x_1 … x_10: 40 monomials of up to 3 variables, powers up to 3."""
    rng = random.Random(seed)
    names = [f"x_{i}" for i in range(1, 11)]
    terms = []
    for _ in range(40):
        k = rng.randint(1, 3)
        factors = [f"{v}^{rng.randint(2, 3)}" if rng.random() < 0.5 else v for v in rng.sample(names, k)]
        terms.append(f"{rng.randint(1, 9)}" + " ".join(factors))
    return " + ".join(terms)


def clock(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    big, poly = fifty_variables(), ten_variable_polynomial()
    rows = [
        ("gradient, 50 variables (50 mixed terms)", lambda: gradient(big), 0.5),
        ("gradient, 50 variables, verified", lambda: gradient(big, verify=True), None),
        ("Hessian, 10-variable polynomial (40 terms)", lambda: hessian(poly), 1.0),
        ("Hessian, 10-variable polynomial, verified", lambda: hessian(poly, verify=True), None),
        ("∇‖x‖₂ (component-wise + matrix form)", lambda: gradient("‖x‖₂"), None),
        ("∇‖x‖₂, verified at n = 2, 3, 5", lambda: gradient("‖x‖₂", verify=True), None),
        (
            "∇‖Ax - b‖², verified at n = 2, 3, 5",
            lambda: gradient("‖A x - b‖^2", "x", vectors="x,b", matrices="A", verify=True),
            None,
        ),
    ]
    print(f"{'case':48} {'median s':>9} {'target s':>9}")
    for name, fn, target in rows:
        seconds = clock(fn, args.repeat if target is not None else max(1, args.repeat // 2))
        verdict = "" if target is None else ("  ok" if seconds < target else "  SLOW")
        shown = f"{target:9.2f}" if target is not None else f"{'-':>9}"
        print(f"{name:48} {seconds:9.3f} {shown}{verdict}")


if __name__ == "__main__":
    main()
