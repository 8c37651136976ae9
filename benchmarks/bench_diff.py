"""Differentiation speed: stepcalc's derive against sympy.diff, deep nesting, long sums,
and the cold start of the command line.

Run from the repository root:  python3 benchmarks/bench_diff.py [--repeat N] [--quick]

Targets (issue 3):
  * median time of derive (parse + steps + simplification, no verification) over the
    corpus <= median time of sympy.diff on the same expressions (pre-built sympy objects,
    sympy's cache cleared before each call);
  * sin(sin(...sin(x)...)) 1,000 deep and a sum of 2,000 terms each under 2 s;
  * `stepcalc diff "e^x cos x" --no-verify` cold start <= 0.3 s, with verification <= 1.5 s.
Figures are printed, not asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.setrecursionlimit(100_000)  # sympy's own recursion, for the comparison column only

from diff_corpus import CORPUS  # noqa: E402

from stepcalc import derive, parse  # noqa: E402
from stepcalc.limits import Limits  # noqa: E402


def _clock(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    """The median of ``repeat`` wall-clock runs of ``fn()``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def corpus(repeat: int) -> None:
    import sympy
    from sympy.core.cache import clear_cache

    from stepcalc.oracle import to_sympy

    x = sympy.Symbol("x", real=True)  # the oracle builds real symbols
    ours, theirs = [], []
    for text in CORPUS:
        built = to_sympy(parse(text))
        derive(text)  # warm the grammar and the rule tables once, not per expression

        def sympy_diff(built=built):  # type: ignore[no-untyped-def]
            clear_cache()
            sympy.diff(built, x)

        ours.append(_clock(lambda text=text: derive(text), repeat))
        theirs.append(_clock(sympy_diff, repeat))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"corpus: {len(CORPUS)} textbook expressions, median of {repeat} runs each")
    for name, median, worst in (
        ("derive (parse + steps + simplification)", a, max(ours)),
        ("sympy.diff (pre-built, cache cleared)", b, max(theirs)),
    ):
        print(f"  {name:40s} median {median * 1e3:7.2f} ms   max {worst * 1e3:7.2f} ms")
    print(f"  ratio derive/sympy.diff = {a / b:.2f}   (target <= 1)")
    slow = sorted(zip(ours, CORPUS, strict=True), reverse=True)[:3]
    print("  slowest for derive: " + ", ".join(f"{t:s} {s * 1e3:.1f} ms" for s, t in slow))


def scaling() -> None:
    limits = Limits(max_depth=5000, max_length=200_000)
    print("sin(sin(...sin(x)...)) nested n deep, derive without verification:")
    for n in (100, 200, 500, 1000):
        text = "sin(" * n + "x" + ")" * n
        seconds = _clock(lambda text=text: derive(text, limits=limits), 1)
        print(f"  n = {n:5d}   {seconds:6.3f} s")
    print("a sum of n terms c_k x^k:")
    for n in (500, 1000, 2000):
        text = " + ".join(f"{k % 7 + 1}x^{k}" for k in range(1, n + 1))
        seconds = _clock(lambda text=text: derive(text, limits=limits), 1)
        print(f"  n = {n:5d}   {seconds:6.3f} s")


def cold_start(repeat: int) -> None:
    def run(*args: str) -> float:
        def call() -> None:
            subprocess.run(
                [sys.executable, "-m", "stepcalc", *args], check=True, capture_output=True, cwd=ROOT
            )

        return _clock(call, repeat)

    bare = _clock(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), repeat)
    quick = run("diff", "e^x cos x", "--no-verify")
    checked = run("diff", "e^x cos x")
    print(f"cold start, median of {repeat} runs (python3 -c pass alone: {bare:.3f} s):")
    print(f"  stepcalc diff 'e^x cos x' --no-verify   {quick:6.3f} s   (target <= 0.3 s)")
    print(f"  stepcalc diff 'e^x cos x'               {checked:6.3f} s   (target <= 1.5 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median taken)")
    parser.add_argument("--quick", action="store_true", help="corpus only, one run each")
    args = parser.parse_args()
    corpus(1 if args.quick else args.repeat)
    if not args.quick:
        scaling()
        cold_start(args.repeat)


if __name__ == "__main__":
    main()
