"""Optimisation and automatic differentiation speed (issue 21).

Run from the repository root:  python3 benchmarks/bench_optimise.py [--quick]

Targets (issue 21):
  * ``autodiff`` reverse mode on a graph of 1,000 nodes in ≤ 50 ms (the graph built, the values
    forward, the adjoints backward; no verification); its cost grows linearly with the graph (the
    growth exponent between 250 and 2,000 nodes is shown, 1 = linear);
  * for n inputs, forward mode takes n passes and reverse mode one: the passes are counted, and
    the time of each mode's passes shown for n = 1 … 16;
  * ``descent``: 10,000 iterations of a two-variable problem in ≤ 0.5 s with the table written out.
Figures are printed, not asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from benchkit import Row, clock, growth, table  # noqa: E402

from stepcalc.expr import Add, Expr, Func, Mul, Sym  # noqa: E402
from stepcalc.tasks import autodiff as ad  # noqa: E402


def chain(nodes: int, inputs: int = 2) -> tuple[Expr, str]:
    """A graph of about ``nodes`` operations over ``inputs`` variables, every value reused:
    uₖ = sin(uₖ₋₁) · uₖ₋₂ + xⱼ."""
    xs = [Sym(f"x_{j}") for j in range(1, inputs + 1)]
    prev, cur = xs[0], xs[-1]
    for k in range(nodes // 3):
        prev, cur = cur, Add((Mul((Func("sin", (cur,)), prev)), xs[k % inputs]))
    point = ",".join(f"x_{j}=0.{j}" for j in range(1, inputs + 1))
    return cur, point


def graph(nodes: int, inputs: int = 2) -> ad.AutoDiff:
    """The graph with its values: what the passes work on (the checks against the symbolic
    gradient are not timed: written out as a tree, this graph is exponentially large)."""
    f, _ = chain(nodes, inputs)
    xs = tuple(Sym(f"x_{j}") for j in range(1, inputs + 1))
    found = ad.AutoDiff(f, xs, tuple(j / 10 for j in range(1, inputs + 1)), ad.graph(f, xs))
    ad._evaluate(found)
    return found


def reverse_seconds(nodes: int, repeat: int) -> tuple[float, int]:
    found = graph(nodes)
    size = len(found.nodes)

    def work() -> None:
        g = ad.AutoDiff(found.f, found.variables, found.point, ad.graph(found.f, found.variables))
        ad._evaluate(g)
        ad._reverse(g)

    return clock(work, repeat), size


def modes(inputs: int, repeat: int) -> tuple[float, float]:
    found = graph(300, inputs)
    return clock(lambda: ad._forward(found), repeat), clock(lambda: ad._reverse(found), repeat)


def measure(quick: bool = False) -> list[Row]:
    repeat = 3 if quick else 7
    rows: list[Row] = []
    seconds, size = reverse_seconds(1000, repeat)
    rows.append(Row("optimise", f"autodiff reverse mode, graph of {size} nodes", seconds * 1e3, "ms", 50,
                    source="issue 21"))  # fmt: skip
    sizes = [250, 500, 1000, 2000]
    times = [reverse_seconds(n, repeat)[0] for n in sizes]
    rows.append(Row("optimise", "autodiff reverse mode, growth exponent 250…2000 nodes (1 = linear)",
                    growth(sizes, times), ""))  # fmt: skip
    for n in (1, 4, 16):
        forward, reverse = modes(n, repeat)
        rows.append(Row("optimise", f"{n} inputs: forward mode, {n} passes", forward * 1e3, "ms"))
        rows.append(Row("optimise", f"{n} inputs: reverse mode, 1 backward pass", reverse * 1e3, "ms"))
    rows += _descent_rows(repeat)
    return rows


def _descent_rows(repeat: int) -> list[Row]:
    """10,000 iterations with the table written, verified (the gradient's working and sympy's ∇f
    and f at 11 rows); the first run, which also loads sympy for the oracle, is shown apart."""
    from stepcalc.tasks.descent import descent
    from stepcalc.tasks.descent_render import render_descent

    results: list[tuple[object, str]] = []

    def run(verify: bool = True) -> None:
        found = descent("x^2 + 3y^2", "x=3,y=2", "0.01", steps=10_000, verify=verify)
        results.append((found, render_descent(found, "text")))

    first = clock(run, 1)
    took = clock(run, max(1, repeat))
    found, written = results[-1]  # a verified run's
    plain = clock(lambda: run(verify=False), max(1, repeat))
    note = f"{len(found.rows):,} rows, {len(written):,} characters"  # type: ignore[attr-defined]
    note += f"; without the checks {plain:.3f} s; the first run, loading sympy, {first:.3f} s"
    what = "descent: 10,000 iterations, table written, verified"
    return [Row("optimise", what, took, "s", 0.5, source="issue 21", note=note)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    print(table(measure(parser.parse_args().quick)))


if __name__ == "__main__":
    main()
