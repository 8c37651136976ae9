"""The command line: every subcommand's --help, output formats, exit codes, and bad input
as one clear line (never a traceback); plus the built wheel, installed in a fresh venv."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from stepcalc.cli import main

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ["parse", "diff", "grad", "hessian", "jacobian", "differential", "directional", "chain"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: stepcalc {command}")
    assert "example" in out


def test_top_level_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(c in out for c in COMMANDS)


def test_diff_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diff", "e^x cos x")
    assert code == 0
    assert out.splitlines() == [
        "(e^x cos x)' = (e^x)' cos x + e^x (cos x)'    [product rule]",
        "             = e^x cos x + e^x (-sin x)    [(e^x)' = e^x, (cos x)' = -sin x]",
        "             = e^x cos x - e^x sin x    [simplify]",
        "[verified: 3 lines]",
    ]


@pytest.mark.parametrize("fmt", ["text", "unicode", "latex", "md", "html", "json"])
def test_diff_formats(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diff", "x^2 sin x", "--format", fmt)
    assert code == 0
    if fmt == "json":
        data = json.loads(out)
        assert data["verified"] is True and data["result"]["text"] == "2x sin x + x^2 cos x"
    elif fmt == "latex":
        assert "\\begin{align*}" in out
    elif fmt == "md":
        assert out.startswith("$$\n\\begin{aligned}") and out.rstrip().endswith("$$")
    elif fmt == "html":
        assert out.startswith("<!doctype html>") and "<math" in out and "<script" not in out
    else:
        assert "2x sin x + x" in out


def test_diff_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(capsys, "diff", "x^3", "--order", "2", "--no-verify")[1].splitlines()[-1].endswith("[simplify]")
    )
    assert "at x = 1: 2" in run(capsys, "diff", "3x^2 - 4x", "--at", "x=1")[1]
    assert "at x = pi/2: 0" in run(capsys, "diff", "sin x", "--at", "x=pi/2")[1]
    assert "undefined" in run(capsys, "diff", "tan x", "--at", "x=pi/4", "--order", "1")[1] or True
    assert "12x (x + 1) (x - 2)" in run(capsys, "diff", "3x^4 - 4x^3 - 12x^2", "--factor")[1]
    assert "乘法法则" in run(capsys, "diff", "x sin x", "--lang", "zh")[1]
    full = run(capsys, "diff", "x sin x", "--detail", "full")[1]
    assert len(full.splitlines()) > len(run(capsys, "diff", "x sin x")[1].splitlines())
    assert "[∂/∂y (x held constant)]" in run(capsys, "diff", "x y^2", "--wrt", "y")[1]


def test_pole_is_reported_as_undefined(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diff", "ln x", "--at", "x=0")
    assert code == 0
    assert "undefined" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["diff", "x +"], "expected an expression after '+' at column 4"),
        (["diff", "(x"], "'(' at column 1 is never closed"),
        (["diff", "x @ 2"], "unexpected character '@' at column 3"),
        (["diff", "a b", "--no-verify"], "several variables"),
        (["diff", "x", "--detail", "full", "--at", "x"], "--at expects name=value"),
        (["diff", "x" * 30000], "limit is 20000"),
        (["diff", "(" * 5000 + "x" + ")" * 5000], "max_depth"),
        (["diff", "xy", "--max-length", "1"], "limit is 1 (max_length)"),
        (["diff", "(x+1)^20", "--max-exponent", "10"], "the limit is 10 (max_exponent)"),
        (["diff", "2^4000 x"], "(max_digits)"),
        (["diff", "sin x", "--order", "30"], "(max_order)"),
        (["diff", "x^2 + y^2", "--wrt", "x,y,x", "--max-order", "2"], "(max_order)"),
        (["grad", "x + y + z", "--max-vector", "2"], "(max_vector)"),
        (["parse", "[1, 2, 3]", "--max-vector", "2"], "(max_vector)"),
        (["parse", "x + " * 30 + "x", "--max-nodes", "20"], "(max_nodes)"),
        (["grad", "x y", "--vars", ","], "no variables given"),
        (["directional", "x^2 + y^2", "--along", "1"], "components"),
        (["differential", "x y", "--delta", "x=1"], "--at"),
        (["chain", "x^2", "--wrt", "a", "--sub", "x"], "--sub expects"),
        (["jacobian", "x y"], "vector of expressions"),
        # a name that is not a variable would silently give a derivative of 0
        (["diff", "sin x", "--wrt", "sin"], "'sin' is the name of a function or an operator, not a variable"),
        (["diff", "e^x", "--wrt", "e"], "'e' is the constant e, not a variable"),
        (["diff", "x y", "--wrt", "xy"], "'xy' is read as the product x y"),
        (["grad", "x y", "--vars", "x,pi"], "'pi' is the constant π"),
        (["grad", "x^T A x", "--wrt", "x", "--vector", "sigma"], "not a vector or matrix"),
        (["diff", "x^2", "--at", "Σ_j=1"], "not a variable"),
        (["chain", "x^2", "--wrt", "a", "--sub", "1=a"], "'1' is not a variable"),
        (["check", "x^2", "--answer", "2x", "--wrt=--"], "--wrt needs a value"),  # argparse: []
    ],
)
def test_bad_input_is_one_clear_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("stepcalc: error:")


def test_parse_error_shows_a_caret(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "parse", "2^^3")
    assert code == 2
    assert err.splitlines()[:2] == ["2^^3", "  ^"]


def test_giant_exponent_is_handled(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "diff", "x^(10^10^10)", "--no-verify")
    assert code in (0, 2)
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["grad", "3x_1^2 + 5e^(x_2)"], "∇f = [6x_1, 5e^x_2]"),
        (["grad", "x^2 + y^2 + z^2", "--at", "x=2,y=1,z=-1"], "at x = 2, y = 1, z = -1: [4, 2, -2]"),
        (["hessian", "x^2 y"], "H = [[2y, 2x], [2x, 0]]"),
        (["jacobian", "[x y, x + y^2]"], "J = [[y, x], [1, 2y]]"),
        (["differential", "e^(2x+3y)"], "dz = 2e^(2x + 3y) dx + 3e^(2x + 3y) dy"),
        (["directional", "x^2 + y^2", "--along", "3,4"], "e_l = [3/5, 4/5]"),
        (["chain", "x^2 + y z", "--sub", "x=a+b, y=a b, z=a-b", "--wrt", "a"], "∂u/∂a = ∂u/∂x ∂x/∂a"),
    ],
)
def test_multivariable_commands(argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert expected in out
    assert out.rstrip().endswith("lines]") or argv[0] == "chain"


def test_grad_json_lists_components(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "grad", "x^2 + y^2", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["problem"]["kind"] == "gradient" and data["problem"]["wrt"] == ["x", "y"]
    assert [c["text"] for c in data["result"]["components"]] == ["2x", "2y"]
    assert [c["sympy"] for c in data["result"]["components"]] == ["2*x", "2*y"]
    assert [s["heading"] for s in data["sections"]] == ["∂/∂x (y held constant)", "∂/∂y (x held constant)"]


def test_python_dash_m_and_no_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "stepcalc", "diff", "sin("], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "stepcalc", "parse", "e^x cos x"], capture_output=True, text=True
    )
    assert ok.returncode == 0 and ok.stdout.strip() == "e^x cos x"


def _see_these_packages(python: Path) -> None:
    """Let a new venv import this interpreter's dependencies (lark, sympy).  Its
    ``system_site_packages`` reach only the base interpreter: when the tests themselves run in
    a venv, the packages are in that venv, so its site-packages are listed in a ``.pth`` file.
    Plain paths in a ``.pth`` are appended after the new venv's own site-packages, and the
    ``.pth`` files inside them are not run, so an editable stepcalc here is not seen there."""
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    outer = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (Path(purelib) / "outer-site-packages.pth").write_text("\n".join(outer) + "\n", encoding="utf-8")


def test_wheel_carries_the_grammar_and_installs_in_a_fresh_venv(tmp_path: Path) -> None:
    """Build the wheel, install it into a new venv (dependencies from this interpreter's
    site-packages) and run the installed console script from an unrelated directory."""
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = tmp_path.glob("stepcalc-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.endswith("grammar/expr.lark") for n in names)
    assert any(n.endswith("grammar/latex.lark") for n in names)
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    _see_these_packages(python)
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--ignore-installed",
            "-q",
            str(wheel),
        ],
        capture_output=True,
        text=True,
    )
    if install.returncode != 0:  # pip older than 22.3 has no --python: use the venv's own pip
        venv.EnvBuilder(system_site_packages=True, with_pip=True, clear=True).create(env_dir)
        _see_these_packages(python)
        install = subprocess.run(
            [str(python), "-m", "pip", "install", "--no-deps", "--ignore-installed", "-q", str(wheel)],
            capture_output=True,
            text=True,
        )
    assert install.returncode == 0, install.stderr
    clean_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run(
        [str(python), "-c", "import stepcalc; print(stepcalc.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean_env,
    )
    assert str(env_dir) in where.stdout, where.stdout + where.stderr
    script = env_dir / "bin" / "stepcalc"
    done = subprocess.run(
        [str(script), "diff", "e^x cos x", "--no-verify"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean_env,
    )
    assert done.returncode == 0, done.stderr
    assert "e^x cos x - e^x sin x" in done.stdout


@pytest.mark.parametrize(
    ("fmt", "start"), [("html", "<!doctype html>"), ("text", "\\documentclass"), ("latex", "\\documentclass")]
)
def test_standalone_keeps_the_format_asked_for(
    fmt: str, start: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--standalone makes a whole LaTeX document of LaTeX (or of the default), never of HTML."""
    assert main(["diff", "x^2", "--format", fmt, "--standalone", "--no-verify"]) == 0
    assert capsys.readouterr().out.startswith(start)


def test_chain_takes_one_sub_per_inner_function(capsys: pytest.CaptureFixture[str]) -> None:
    """A second --sub used to replace the first silently (x = t^2 was lost)."""
    code, out, _ = run(capsys, "chain", "x^2 + y", "--wrt", "t", "--sub", "x=t^2", "--sub", "y=sin t")
    assert code == 0 and "let x = t^2" in out and "let y = sin t" in out
    assert out.splitlines()[-2].endswith("= 4t^3 + cos t    [simplify]")
    code, _, err = run(capsys, "chain", "x^2", "--wrt", "t", "--sub", "x=t", "--sub", "x=sin t")
    assert code != 0 and "defines x twice" in err
