"""What the benchmarks share: a row of results next to its target, medians of wall-clock
time, fresh interpreters, and the table that every bench_*.py and run_all.py prints.

Figures are medians because the machine is shared (tests often run at the same time).
"""

from __future__ import annotations

import contextlib
import functools
import math
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parent.parent

Op = Literal["<=", ">=", "=="]
SIGN = {"<=": "≤", ">=": "≥", "==": "="}


@dataclass(frozen=True, slots=True)
class Row:
    """One figure of one benchmark and the target it is held to.

    ``value`` is in ``unit`` (a fact such as "no" is a string); ``target`` is None when no
    issue states one, and ``op`` says which side of it passes. ``source`` names where the
    target is stated; ``note`` is context printed under the table.
    """

    area: str
    measurement: str
    value: float | str
    unit: str = "s"
    target: float | str | None = None
    op: Op = "<="
    source: str = ""
    note: str = ""
    error: bool = False

    @property
    def ok(self) -> bool | None:
        if self.error:
            return False
        if self.target is None:
            return None
        if isinstance(self.value, str) or isinstance(self.target, str) or self.op == "==":
            return self.value == self.target
        return self.value <= self.target if self.op == "<=" else self.value >= self.target

    @property
    def mark(self) -> str:
        if self.error:
            return "ERROR"
        return {None: "—", True: "ok", False: "MISS"}[self.ok]

    @property
    def figure(self) -> str:
        return show(self.value, self.unit)

    @property
    def goal(self) -> str:
        if self.target is None:
            return "—"
        return f"{SIGN[self.op]} {show(self.target, self.unit, target=True)}"

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Row:
        return cls(**{k: v for k, v in data.items() if k != "ok"})


def failed(area: str, reason: str) -> Row:
    """The row that stands for a benchmark that could not run to the end."""
    return Row(area, "benchmark failed", "error", "", note=reason, error=True)


def show(value: float | str, unit: str, *, target: bool = False) -> str:
    """``0.141 s``, ``1.20 ms``, ``5,928 expr/s``, ``0.36``: digits that suit the unit."""
    if isinstance(value, str):
        return value
    if target:
        text = f"{value:,.0f}" if value >= 1000 else f"{value:g}"
    elif unit == "s":
        text = f"{value:.3f}"
    elif value >= 100:
        text = f"{value:,.0f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}".rstrip()


def table(rows: Sequence[Row]) -> str:
    """The rows as aligned columns, then the notes, one line each."""
    header = ("area", "measurement", "figure", "target", "mark", "source")
    cells = [header, *((r.area, r.measurement, r.figure, r.goal, r.mark, r.source) for r in rows)]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]

    def line(c: Sequence[str]) -> str:
        parts = [c[0].ljust(widths[0]), c[1].ljust(widths[1]), c[2].rjust(widths[2])]
        parts += [c[3].ljust(widths[3]), c[4].ljust(widths[4]), c[5]]
        return "  ".join(parts).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths)]
    out += [line(c) for c in cells[1:]]
    notes = [f"  {r.area} · {r.measurement}: {r.note}" for r in rows if r.note]
    if notes:
        out += ["", "notes:", *notes]
    return "\n".join(out)


def clock(fn: Callable[[], object], repeat: int) -> float:
    """The median of ``repeat`` wall-clock runs of ``fn()``, in seconds."""
    times = []
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fresh(fn: Callable[[], object]) -> Callable[[], None]:
    """``fn`` preceded by clearing stepcalc's memo caches (all but the parser's, built once per
    process), so that repeating a call measures a new expression, as sympy's ``clear_cache()``
    does for sympy. Make it after a first call, once the modules involved are loaded."""
    clearers = []
    for name, module in list(sys.modules.items()):
        if name.startswith("stepcalc") and name != "stepcalc.parse":
            for value in vars(module).values():
                if isinstance(value, functools._lru_cache_wrapper) and value.__module__ == name:
                    clearers.append(value.cache_clear)

    def call() -> None:
        for clear in clearers:
            clear()
        fn()

    return call


def run_python(args: Sequence[str], repeat: int, cwd: Path = ROOT) -> float:
    """Median seconds of a fresh ``python ARGS`` started in the repository root, so that
    ``-m stepcalc`` and ``-c "import stepcalc"`` load this checkout, not another installed copy."""

    def call() -> None:
        python(args, cwd)

    return clock(call, repeat)


@contextlib.contextmanager
def installed() -> Iterator[Path]:
    """A directory holding a copy of the package with its bytecode compiled, as ``pip install .``
    leaves it (pip compiles every module): ``python -m stepcalc`` run there starts as the
    installed command does.  The checkout itself has no bytecode where PYTHONDONTWRITEBYTECODE
    is set, and every start there compiles every module it imports."""
    with tempfile.TemporaryDirectory(prefix="stepcalc-installed-") as where:
        package = Path(where) / "stepcalc"
        shutil.copytree(ROOT / "stepcalc", package, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ROOT / "grammar", package / "grammar")  # where the wheel puts it (pyproject.toml)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
        yield Path(where)


def python(args: Sequence[str], cwd: Path = ROOT) -> str:
    """The standard output of ``python ARGS`` run in ``cwd``; a failure raises with its last words."""
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        raise RuntimeError(f"python {' '.join(args)}: {last}")
    return done.stdout


def processes(n: int) -> str:
    return f"{n} fresh process" + ("" if n == 1 else "es")


def growth(sizes: Sequence[int], seconds: Sequence[float]) -> float:
    """The exponent k of time ∝ size^k between the smallest and largest size (1 = linear)."""
    return math.log(seconds[-1] / seconds[0]) / math.log(sizes[-1] / sizes[0])


def p90(values: Iterable[float]) -> float:
    ordered = sorted(values)
    return ordered[int(len(ordered) * 0.9)]
