"""The package imports light and parses the README's example."""

import subprocess
import sys

import stepcalc
from stepcalc.expr import Const, Func, Mul, Pow, Sym


def test_parse_readme_example() -> None:
    assert stepcalc.parse("e^x cos x") == Mul((Pow(Const("e"), Sym("x")), Func("cos", (Sym("x"),))))


def test_import_does_not_load_sympy() -> None:
    code = "import sys, stepcalc; stepcalc.parse('x^2'); print('sympy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
