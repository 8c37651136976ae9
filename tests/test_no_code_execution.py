"""No code runs from input: user text is read by stepcalc's own grammar, never by Python.

Text that would run code if it reached ``eval`` (or sympy's ``sympify``/``parse_expr``, which
call it) is a ``ParseError`` at every entry point and leaves no trace; and while valid input is
derived, verified, checked and compared, sympy's string parsers are never called with a string
at all (the oracle builds sympy objects node by node), and nothing compiled contains the text.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from stepcalc.cli import main
from stepcalc.derivation import derive
from stepcalc.errors import ParseError
from stepcalc.expr import Const, Mul, Sym, walk
from stepcalc.multivariable import gradient
from stepcalc.parse import parse
from stepcalc.tasks.check import check_answer, equivalent
from stepcalc.tasks.working import check_working

# ``{marker}`` is a file the input would create if any of it ran (as Python, shell or TeX).
HOSTILE = [
    "__import__('os').system('echo pwned > {marker}')",
    '__import__("os").system("touch {marker}")',
    "exec(\"open('{marker}', 'w').write('pwned')\")",
    "eval(\"open('{marker}', 'w').write('pwned')\")",
    "eval('1 + 1')",
    "lambda: open('{marker}', 'w')",
    "(lambda: 0)()",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__.__mro__",
    "import os; os.system('touch {marker}')",
    "os.system('touch {marker}')",
    "open('{marker}', 'w').write('pwned')",
    "__builtins__",
    "globals()['__builtins__']",
    "getattr(x, '__class__')",
    "compile('1', 'f', 'exec')",
    "[c for c in ().__class__.__base__.__subclasses__()]",
    "Symbol('x')",
    "Function('f')(x)",
    "exp(x).evalf()",
    "x**2; __import__('os')",
    "x^2 # __import__('os')",
    "sin(x) if __import__('os').system('touch {marker}') else x",
    "$(touch {marker})",
    "`touch {marker}`",
    "x; touch {marker}",
    "\\input{{{marker}}}",
    "\\write18{{touch {marker}}}",
    "\\immediate\\write18{{touch {marker}}}",
    "\\frac{{\\input{{{marker}}}}}{{x}}",
    "sin(__import__('os').system('touch {marker}'))",
]

# Words are refused by name (`import`, `exec`, `else`: docs/grammar.md, "Words"), short runs
# of letters are products (`os` is o·s), Greek names are symbols (`lambda` is λ): harmless.
WORDS = ["import os", "exec", "eval", "lambda", "x if y else z", "pass", "os", "system"]


@pytest.fixture
def marker(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pwned"
    yield path
    assert not path.exists(), "input ran as code: the marker file was created"


def hostile(marker: Path) -> list[str]:
    return [h.format(marker=marker) for h in HOSTILE]


ENTRY_POINTS: dict[str, Callable[[str], object]] = {
    "parse": parse,
    "derive": lambda text: derive(text, max_seconds=5),
    "derive verified": lambda text: derive(text, verify=True, max_seconds=5),
    "gradient": lambda text: gradient(text, verify=True, max_seconds=5),
    "check_answer (problem)": lambda text: check_answer(text, "2x", seconds=1),
    "check_working (problem)": lambda text: check_working(text, ["2x"], seconds=1),
    "equivalent (first)": lambda text: equivalent(text, "x", seconds=1),
    "equivalent (second)": lambda text: equivalent("x", text, seconds=1),
}


@pytest.mark.parametrize("name", ENTRY_POINTS)
def test_code_is_a_parse_error(name: str, marker: Path) -> None:
    for text in hostile(marker):
        with pytest.raises(ParseError):
            ENTRY_POINTS[name](text)


def test_a_student_answer_that_is_code_is_invalid(marker: Path) -> None:
    for text in hostile(marker):
        verdict = check_answer("x^2", text, seconds=1)
        assert verdict.verdict == "invalid", text
        working = check_working("x^2", ["2x", text], seconds=1)
        assert working.lines[1].status == "unverifiable", text
        assert "could not be read" in (working.lines[1].note or ""), text


def test_words_are_refused_or_products_of_letters() -> None:
    refused = []
    for text in WORDS:
        try:
            tree = parse(text)
        except ParseError as error:
            assert error.message.startswith("unknown "), text
            refused.append(text)
            continue
        assert all(isinstance(n, Mul | Sym | Const) for n in walk(tree)), text
        assert all(len(n.name) == 1 or n.name == "lambda" for n in walk(tree) if isinstance(n, Sym)), text
    assert refused == ["import os", "exec", "eval", "x if y else z", "pass", "system"]


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "argv",
    [
        ["parse", "{}"],
        ["diff", "{}"],
        ["grad", "{}"],
        ["hessian", "{}"],
        ["check", "{}", "--answer", "2x"],
        ["equiv", "{}", "x"],
        ["equiv", "x", "{}"],
        ["diff", "x^2", "--at", "x={}"],
    ],
    ids=lambda argv: " ".join(argv),
)
def test_cli_reports_code_as_bad_input(argv: list[str], marker: Path) -> None:
    for text in hostile(marker):
        code, out, err = cli(*(a.replace("{}", text) for a in argv), "--format", "json")
        assert code == 2, (text, err)
        assert "stepcalc: error:" in err and "Traceback" not in err
        assert out == ""


def test_cli_grades_code_as_invalid(marker: Path, tmp_path: Path) -> None:
    rows = [{"student": str(k), "problem": "x^2", "answer": text} for k, text in enumerate(hostile(marker))]
    answers, graded = tmp_path / "answers.jsonl", tmp_path / "graded.jsonl"
    answers.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    code, _, err = cli("grade", str(answers), "-o", str(graded), "--workers", "1")
    assert code == 0, err
    verdicts = [json.loads(line)["verdict"] for line in graded.read_text(encoding="utf-8").splitlines()]
    assert verdicts == ["invalid"] * len(rows)


# ---------------------------------------------------------------- sympy never parses text
VALID = [
    "x^2 sin x",
    "e^x cos x",
    "ln(x^2 + 1)/x",
    "√(1 + x²)",
    "σ(3x)",
    "x^x",
    "|x| arctan(1/x)",
    "\\frac{x+1}{\\ln x}",
    "log_2(x) + 2^x",
]


@pytest.fixture
def sympy_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str]]]:
    """Every string given to ``sympify`` or ``parse_expr``, wherever sympy bound them, except
    while a module is being imported (sympy's own constants, such as the unit prefixes that
    ``simplify`` loads on first use, are sympified from literals in its source).

    stepcalc imports sympy lazily (``import sympy as sp`` inside the oracle's functions) and
    sympy binds ``sympify`` by name in many of its modules, so every binding of the original
    functions in every loaded module is replaced (``sympify`` itself imports ``parse_expr``
    from its module at each call, which the module's own binding covers)."""
    import sympy
    import sympy.parsing.sympy_parser as sympy_parser

    importlib.import_module("stepcalc.oracle.equal")  # loads sympy's modules the oracle uses
    calls: list[tuple[str, str]] = []
    originals = {id(sympy.sympify): sympy.sympify, id(sympy_parser.parse_expr): sympy_parser.parse_expr}

    def spy(original: Callable[..., Any]) -> Callable[..., Any]:
        def recording(a: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(a, str) and not _importing():
                calls.append((original.__name__, a))
            return original(a, *args, **kwargs)

        return recording

    spies = {key: spy(f) for key, f in originals.items()}
    patched = 0
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(("sympy", "stepcalc", "mpmath")):
            continue
        for attr, value in list(vars(module).items()):
            if id(value) in spies and value is originals[id(value)]:
                monkeypatch.setattr(module, attr, spies[id(value)])
                patched += 1
    assert patched > 10  # sympy.sympify, sympy.core.sympify.sympify, sympy_parser.parse_expr, …
    sympy.sympify("x + 1")  # the spies work: sympify, and parse_expr inside it
    assert calls == [("sympify", "x + 1"), ("parse_expr", "x + 1")]
    calls.clear()
    yield calls


def _importing() -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


@pytest.fixture
def compiled() -> Iterator[list[str]]:
    """Every source text compiled while the test runs (``compile``, ``exec`` and ``eval`` of
    text raise the ``compile`` audit event; lambdify compiles the code it generates)."""
    sources: list[str] = []
    _AUDIT.append(sources)
    yield sources
    _AUDIT.remove(sources)


_AUDIT: list[list[str]] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _AUDIT and event == "compile" and args and isinstance(args[0], str | bytes):
        source = args[0] if isinstance(args[0], str) else args[0].decode("utf-8", "replace")
        _AUDIT[-1].append(source)


sys.addaudithook(_audit)  # hooks cannot be removed; this one does nothing outside the fixture


def test_valid_input_never_reaches_sympys_parsers(
    sympy_calls: list[tuple[str, str]], compiled: list[str]
) -> None:
    for text in VALID:
        d = derive(text, verify=True, max_seconds=20)
        assert d.verified is True, text
        verdict = check_answer(text, d.result, seconds=5)
        assert verdict.verdict == "correct", (text, verdict)
        assert check_answer(text, "1 + sin x", seconds=5).verdict == "incorrect"
        assert check_working(text, [str(d.result)], seconds=5).final == "correct"
        assert equivalent(text, text + " + 0", seconds=5).equivalent is True
        for argv in (["diff", text], ["check", text, "--answer", "x"], ["equiv", text, "x"]):
            code, _, err = cli(*argv, "--format", "json")
            assert code == 0, err
    g = gradient("x^T A x + ‖x‖₂", vectors="x", matrices="A", verify=True, max_seconds=20)
    assert g.verified is True
    assert gradient("x^2 y + e^(x y)", verify=True, max_seconds=20).verified is True
    assert sympy_calls == []
    leaked = [(text, source) for text in VALID for source in compiled if text in source]
    assert leaked == []
