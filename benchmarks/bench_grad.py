"""Gradient and Hessian speed (issue 4).

Run from the repository root:  python3 benchmarks/bench_grad.py [--repeat N] [--quick]

Targets:
  * the gradient of a 50-variable expression (a sum of 50 mixed terms) in under 0.5 s;
  * the Hessian of a 10-variable polynomial in under 1 s.
Also reported: the curves over 10/50/100 variables (gradient) and 5/10/20 (Hessian), the
same with verification, and the vector/matrix gradients of WORKED §10–11.
Figures are printed, not asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import functools
import random
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from benchkit import Row, clock, fresh, table  # noqa: E402

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


def mixed_terms(n: int, seed: int | None = None) -> str:
    """A sum of n mixed terms over x_1 … x_n, each variable used at least once (seed: n)."""
    rng = random.Random(n if seed is None else seed)
    names = [f"x_{i}" for i in range(1, n + 1)]
    terms = []
    for i, a in enumerate(names):
        b = names[(i + 1) % n]
        terms.append(rng.choice(TERMS).format(c=rng.choice(["", "2", "3", "5"]), a=a, b=b))
    return " + ".join(terms)


def fifty_variables(seed: int = 50) -> str:
    """A sum of 50 mixed terms over x_1 … x_50, each variable used at least once."""
    return mixed_terms(50, seed)


def polynomial(n: int, monomials: int, seed: int | None = None) -> str:
    """A polynomial in x_1 … x_n: monomials of up to 3 variables, powers up to 3 (seed: n)."""
    rng = random.Random(n if seed is None else seed)
    names = [f"x_{i}" for i in range(1, n + 1)]
    terms = []
    for _ in range(monomials):
        k = rng.randint(1, 3)
        factors = [f"{v}^{rng.randint(2, 3)}" if rng.random() < 0.5 else v for v in rng.sample(names, k)]
        terms.append(f"{rng.randint(1, 9)}" + " ".join(factors))
    return " + ".join(terms)


def ten_variable_polynomial(seed: int = 10) -> str:
    """A polynomial in x_1 … x_10: 40 monomials of up to 3 variables, powers up to 3."""
    return polynomial(10, 40, seed)


Case = tuple[str, Callable[[], object], float | None]


def cases() -> list[Case]:
    """(measurement, call, target in seconds or None): the curves, then verification."""
    big, poly = fifty_variables(), ten_variable_polynomial()
    out: list[Case] = []
    for n in (10, 50, 100):
        text = big if n == 50 else mixed_terms(n)
        target = 0.5 if n == 50 else None
        out.append((f"gradient, {n} variables ({n} mixed terms)", functools.partial(gradient, text), target))
    for n in (5, 10, 20):
        text = poly if n == 10 else polynomial(n, 4 * n)
        target = 1.0 if n == 10 else None
        out.append(
            (f"Hessian, {n}-variable polynomial ({4 * n} terms)", functools.partial(hessian, text), target)
        )
    return [
        *out,
        ("gradient, 50 variables, verified", lambda: gradient(big, verify=True), None),
        ("Hessian, 10-variable polynomial, verified", lambda: hessian(poly, verify=True), None),
        ("∇‖x‖₂ (component-wise + matrix form)", lambda: gradient("‖x‖₂"), None),
        ("∇‖x‖₂, verified at n = 2, 3, 5", lambda: gradient("‖x‖₂", verify=True), None),
        (
            "∇‖Ax - b‖², verified at n = 2, 3, 5",
            lambda: gradient("‖A x - b‖^2", "x", vectors="x,b", matrices="A", verify=True),
            None,
        ),
    ]


def measure(quick: bool = False, repeat: int | None = None) -> list[Row]:
    """Each case's median time, memo caches cleared (a case without a target gets half the runs)."""
    runs = repeat or (3 if quick else 5)
    rows = []
    for name, fn, target in cases():
        fn()  # once unmeasured: imports, the parser, the oracle for the verified cases
        seconds = clock(fresh(fn), runs if target is not None else max(1, runs // 2))
        rows.append(Row("grad", name, seconds, target=target, source="issue 4" if target else ""))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="3 runs of each case with a target, 1 of others")
    args = parser.parse_args()
    print(table(measure(args.quick, None if args.quick else args.repeat)))


if __name__ == "__main__":
    main()
