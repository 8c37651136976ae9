"""Start-up cost: ``import stepcalc`` in a fresh interpreter, and whether it drags sympy in.

Run from the repository root:  python3 benchmarks/bench_import.py [--quick]

Target (STYLE.md rule 7, stepcalc/__init__.py): ``import stepcalc`` does not import sympy, so
that parsing and deriving start fast; the commands' cold starts (issues 2 and 3) build on it.
No issue states a time for the import itself: it is shown next to bare python and sympy.
"""

from __future__ import annotations

import argparse

from benchkit import Row, processes, python, run_python, table

SYMPY_LOADED = "import sys, stepcalc; print('yes' if 'sympy' in sys.modules else 'no')"


def sympy_loaded() -> str:
    """``yes`` or ``no``: whether a fresh ``import stepcalc`` put sympy in ``sys.modules``."""
    return python(["-c", SYMPY_LOADED]).strip()


def measure(quick: bool = False) -> list[Row]:
    repeat = 5 if quick else 10
    bare = run_python(["-c", "pass"], repeat)
    ours = run_python(["-c", "import stepcalc"], repeat)
    theirs = run_python(["-c", "import sympy"], max(3, repeat // 2))
    return [
        Row("startup", "python -c pass (the floor)", bare),
        Row("startup", "python -c 'import stepcalc', cold", ours, note=f"median of {processes(repeat)}"),
        Row("startup", "python -c 'import sympy', for comparison", theirs),
        Row("startup", "sympy loaded by 'import stepcalc'", sympy_loaded(), "", "no", "==", "STYLE.md §7"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer fresh processes")
    print(table(measure(parser.parse_args().quick)))


if __name__ == "__main__":
    main()
