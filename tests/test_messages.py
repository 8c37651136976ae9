"""The translations of stepcalc's messages (``stepcalc.messages``): every message stepcalc can
raise, and every reason the equality oracle gives, has a Chinese template, and under ``zh``
no English sentence is left.

1. A scan of the source finds each message where it is written (the message argument of an
   error, of ``fail`` and of ``Equality``, and the strings a few helpers build) as its
   template, and each must be a key of the Chinese ``ERRORS``.
2. Each Chinese template uses the values of its English one, by position.
3. Real errors, caught from real input, come out in Chinese.
4. ``translate`` never raises, and leaves what it does not know as it is.
"""

from __future__ import annotations

import ast
import itertools
import re
import string
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from stepcalc import derive
from stepcalc.languages.zh_errors import ERRORS as MESSAGES
from stepcalc.limits import Limits
from stepcalc.messages import translate
from stepcalc.parse import parse

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "stepcalc"

# -- 1. the scan -------------------------------------------------------------------------------

# Errors whose first argument is the message (LimitError: the second, after the limit's name).
ERRORS = {
    "ParseError",
    "StepcalcError",
    "LimitError",
    "UnsupportedError",
    "ShapeError",
    "EngineError",
    "TimeLimitExceeded",
    "GradeStopped",
    "ArgumentTypeError",  # an option's value rejected (stepcalc.cli.options), shown as argparse's error
}
# Helpers whose every returned or assigned string is a message or a piece of one.
BUILDERS = {
    "budget.py": {"_message"},
    "limits.py": {"_describe"},
    "parse.py": {"variable", "_unreadable"},
    "latex_parse.py": {"explain"},
    "oracle/equal.py": {"_agreement", "_too_few", "_different"},
    "syntax/explain.py": {"_describe", "_characters", "_token", "_expected"},
    "syntax/words.py": {"message"},
    "tasks/grade.py": {"_stopped"},
    "tasks/gradefiles.py": {"unknown"},
}
# Tables of message pieces (only the entries that are sentences, not names like "sin").
TABLES = {"latex_parse.py": {"_ARGUMENTS", "_DELIMITED"}, "syntax/words.py": {"HINTS"}}
# Calls whose argument (by position) names what a message is about: "differentiating took …".
PIECES = {"call_with_limit": 2, "check_vector": 1, "variable": 1, "_stopped": 0}


def _escaped(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


class _Scope:
    """The names assigned exactly once in a function (or a module): a message that uses one is
    read with the value written in, so that ``at = f"at column {c}"`` counts as written."""

    def __init__(self, node: ast.AST, outer: _Scope | None = None) -> None:
        self.outer = outer
        found: dict[str, list[ast.expr | None]] = {}
        for n in _own_nodes(node):
            for name, value in _bindings(n):
                found.setdefault(name, []).append(value)
        self.values = {k: v[0] for k, v in found.items() if len(v) == 1 and v[0] is not None}

    def value(self, name: str) -> ast.expr | None:
        if name in self.values:
            return self.values[name]
        return self.outer.value(name) if self.outer is not None else None


def _own_nodes(node: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a function or module body, not those of the functions and classes in it."""
    for child in ast.iter_child_nodes(node):
        yield child
        if not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            yield from _own_nodes(child)


def _bindings(n: ast.AST) -> Iterator[tuple[str, ast.expr | None]]:
    """What ``n`` binds: (name, value) for a plain assignment, (name, None) for anything else."""
    if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
        yield n.targets[0].id, n.value
    elif isinstance(n, ast.Assign) and isinstance(n.value, ast.Tuple) and len(n.targets) == 1:
        target = n.targets[0]
        if isinstance(target, ast.Tuple) and len(target.elts) == len(n.value.elts):
            for t, v in zip(target.elts, n.value.elts, strict=True):
                yield from ((t.id, v),) if isinstance(t, ast.Name) else _names_in(t)
    elif isinstance(n, ast.Assign):
        for target in n.targets:
            yield from _names_in(target)
    elif isinstance(n, ast.AugAssign | ast.AnnAssign | ast.For | ast.comprehension | ast.NamedExpr):
        yield from _names_in(n.target)
    elif isinstance(n, ast.withitem) and n.optional_vars is not None:
        yield from _names_in(n.optional_vars)
    elif isinstance(n, ast.arg):
        yield n.arg, None
    elif isinstance(n, ast.ExceptHandler) and n.name:
        yield n.name, None


def _names_in(target: ast.AST) -> Iterator[tuple[str, None]]:
    for n in ast.walk(target):
        if isinstance(n, ast.Name):
            yield n.id, None


def templates(node: ast.expr, scope: _Scope, depth: int = 0) -> list[str]:
    """The templates a message expression can produce: each value that is not a string written
    in the source becomes ``{}``; both branches of a conditional count."""
    if depth > 8:
        return ["{}"]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [_escaped(node.value)]
    if isinstance(node, ast.JoinedStr):
        parts = [
            [_escaped(v.value)] if isinstance(v, ast.Constant) else templates(v.value, scope, depth + 1)  # type: ignore[attr-defined]
            for v in node.values
        ]
        return ["".join(p) for p in itertools.product(*parts)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and _stringy(node, scope):
        left, right = templates(node.left, scope, depth + 1), templates(node.right, scope, depth + 1)
        return [a + b for a in left for b in right]
    if isinstance(node, ast.IfExp):
        return templates(node.body, scope, depth + 1) + templates(node.orelse, scope, depth + 1)
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
        return [t for v in node.values for t in templates(v, scope, depth + 1) if t != "{}"] or ["{}"]
    if isinstance(node, ast.Name) and (value := scope.value(node.id)) is not None and _text(value, scope):
        return templates(value, scope, depth + 1)
    return ["{}"]


def _stringy(node: ast.expr, scope: _Scope, depth: int = 0) -> bool:
    """Whether ``node`` is text written in the source (in part): ``"a" + b``, not ``k + 1``."""
    if depth > 8:
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _stringy(node.left, scope, depth + 1) or _stringy(node.right, scope, depth + 1)
    if isinstance(node, ast.IfExp):
        return _stringy(node.body, scope, depth + 1) or _stringy(node.orelse, scope, depth + 1)
    if isinstance(node, ast.Name) and (value := scope.value(node.id)) is not None:
        return _stringy(value, scope, depth + 1)
    return False


def _text(node: ast.expr, scope: _Scope) -> bool:
    """Whether every branch of ``node`` is text written in the source: a name assigned
    ``"" if … else "s"`` is written into the message, one assigned ``text[i] if … else ""``
    stays a value."""
    if isinstance(node, ast.IfExp):
        return _text(node.body, scope) and _text(node.orelse, scope)
    return _stringy(node, scope)


def _called(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _messages_of_call(call: ast.Call, scope: _Scope) -> list[str]:
    name, args = _called(call), call.args
    if name in ERRORS and args:
        return templates(args[1] if name == "LimitError" and len(args) > 1 else args[0], scope)
    if name == "fail" and len(args) == 2:  # stepcalc.syntax.build.fail: "… at column N"
        return [t + " at column {}" for t in templates(args[1], scope)]
    if name == "_fail" and len(args) == 2:  # stepcalc.tasks.sheet._fail: "where: …"
        return [a + ": " + b for a in templates(args[0], scope) for b in templates(args[1], scope)]
    if name == "Equality" and len(args) > 1:
        return templates(args[1], scope)
    if name in PIECES and len(args) > PIECES[name]:
        return templates(args[PIECES[name]], scope)
    return []


def _assigned(n: ast.AST, scope: _Scope) -> Iterator[str]:
    """Messages given as data: ``error.message = …`` (``+= …``: a suffix), a row's ``_error``."""
    if isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Attribute) and n.target.attr == "message":
        yield from ("{}" + t for t in templates(n.value, scope))
    if isinstance(n, ast.Assign):
        for target in n.targets:
            if isinstance(target, ast.Attribute) and target.attr == "message":
                yield from templates(n.value, scope)
            if isinstance(target, ast.Subscript) and _is_error_key(target.slice):
                yield from templates(n.value, scope)
    if isinstance(n, ast.Dict):
        for key, value in zip(n.keys, n.values, strict=True):
            if key is not None and _is_error_key(key):
                yield from templates(value, scope)


def _is_error_key(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value == "_error"


def _built(function: ast.AST, scope: _Scope) -> Iterator[str]:
    """The strings a builder function returns or assigns (a message, or a piece of one)."""
    for n in ast.walk(function):
        value = None
        if isinstance(n, ast.Return | ast.Assign) and n.value is not None:
            value = n.value
        if value is not None:
            yield from templates(value, scope)


def _table(node: ast.AST) -> Iterator[str]:
    for n in ast.walk(node):
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and " " in n.value:
            yield _escaped(n.value)


def scan(path: Path) -> Iterator[tuple[str, int]]:
    """Each message template in the module at ``path``, with its line."""
    relative = path.relative_to(PACKAGE).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    yield from _walk(tree, _Scope(tree), relative)
    for n in tree.body:
        if isinstance(n, ast.Assign | ast.AnnAssign):
            target = n.targets[0] if isinstance(n, ast.Assign) else n.target
            if isinstance(target, ast.Name) and target.id in TABLES.get(relative, ()) and n.value:
                yield from ((t, n.lineno) for t in _table(n.value))


def _walk(node: ast.AST, scope: _Scope, relative: str) -> Iterator[tuple[str, int]]:
    for child in ast.iter_child_nodes(node):
        inner = scope
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            inner = _Scope(child, scope)
            if getattr(child, "name", "") in BUILDERS.get(relative, ()):
                yield from ((t, child.lineno) for t in _built(child, inner))
        if isinstance(child, ast.Call):
            yield from ((t, child.lineno) for t in _messages_of_call(child, scope))
        yield from ((t, getattr(child, "lineno", 0)) for t in _assigned(child, scope))
        yield from _walk(child, inner, relative)


def _is_message(template: str) -> bool:
    """A template with words, or one joining messages (``{}: {}``); not ``{}`` alone, not a name
    like ``sin``, not one already in Chinese."""
    literal = template.replace("{}", "")
    if re.search(r"[\u4e00-\u9fff]", literal):
        return False
    return bool(re.search(r"[A-Za-z]{2,}", literal)) or (template.count("{}") >= 2 and bool(literal.strip()))


def source_templates() -> dict[str, str]:
    """Every message template in the package, with where it is written."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name.startswith("messages"):
            continue
        for template, line in scan(path):
            if _is_message(template):
                found.setdefault(template, f"{path.relative_to(ROOT)}:{line}")
    return found


SOURCE = source_templates()


def test_the_scan_finds_the_messages() -> None:
    assert len(SOURCE) >= 100, len(SOURCE)
    assert "unmatched '{}' at column {}" in SOURCE
    assert "they differ at {} (exact arithmetic)" in SOURCE


def test_every_message_has_a_translation() -> None:
    missing = {t: where for t, where in SOURCE.items() if t not in MESSAGES}
    shown = "\n".join(f"  {where}: {t!r}" for t, where in sorted(missing.items(), key=lambda kv: kv[1]))
    assert not missing, f"{len(missing)} templates have no Chinese in stepcalc.messages:\n{shown}"


# Keys that no message in the source is written as, but that real messages are read with: a
# value of one message that is filled in elsewhere, or a sentence read more closely than its
# raise site's template can say ("write dy/dx or y'", not "write {}").
COMPOSED = {
    "'{}' does not ask for the derivative of {}: write d{}/dx or {}'",
    "'{}' takes {} or {} arguments, got {} at column {}",
    "different numbers: {} and {} (exact arithmetic)",
    "{} took longer than the time budget of {} s (max_seconds)",
    "stepcalc has no rule for the derivative of {} with respect to {}",
    "stepcalc has no rule for the integral of {} with respect to {}",
    "a variable",
    "the work",
    "sheet",
    "not an object",
    "row {}",
    "problem {}",
    "{}, row {}",
    "{}, problem {}",
    # the grading pool's verdicts on rows it could not grade (stepcalc/tasks/grade.py, _unknown)
    "time budget exceeded",
    "time budget exceeded (the worker was stopped)",
    "problem: {}",
    "internal error: {}",
    "internal error: the worker grading this answer died ({})",
    "signal {}",
    "exit code {}",
    # argparse's own complaints about the command line's arguments (Python 3.11's wording)
    "the following arguments are required: {}",
    "unrecognized arguments: {}",
    "argument {}: invalid choice: {} (choose from {})",
    "argument {}: expected one argument",
    "argument {}: expected at least one argument",
    "argument {}: invalid {} value: {}",
    "argument {}: not allowed with argument {}",
    "ambiguous option: {} could match {}",
    "argument {}: {}",
}


def test_every_key_is_a_message() -> None:
    """No entry is left over from a message that has changed (each key is found in the source,
    or listed above as composed)."""
    stale = sorted(set(MESSAGES) - set(SOURCE) - COMPOSED)
    assert not stale, "entries of stepcalc.messages no message is written as:\n" + "\n".join(stale)
    assert set(MESSAGES) >= COMPOSED, sorted(COMPOSED - set(MESSAGES))


# -- 2. the Chinese templates ------------------------------------------------------------------

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")  # with full-width punctuation


def _fields(template: str) -> list[tuple[str, str, str | None]]:
    """(field name, format spec, conversion) of each replacement field."""
    return [
        (name, spec or "", conv)
        for _, name, spec, conv in string.Formatter().parse(template)
        if name is not None
    ]


@pytest.mark.parametrize(("english", "chinese"), sorted(MESSAGES.items()))
def test_a_chinese_template_uses_the_values_by_position(english: str, chinese: str) -> None:
    keys = _fields(english)
    assert all(k == ("", "", None) for k in keys), f"the English template uses only {{}}: {english!r}"
    assert _CJK.search(chinese), chinese
    fields = _fields(chinese)
    assert all(name.isdigit() and not spec and conv is None for name, spec, conv in fields), chinese
    assert {int(name) for name, _, _ in fields} == set(range(len(keys))), (english, chinese)
    samples = [f"<{i}>" for i in range(len(keys))]
    shown = chinese.format(*samples)
    assert all(s in shown for s in samples)
    assert english.format(*samples) != shown


def test_the_english_templates_are_distinct_readings() -> None:
    """Two values side by side could be split anywhere: each key has text between its values."""
    adjacent = [k for k in MESSAGES if "{}{}" in k]
    assert not adjacent, adjacent


# -- 3. real messages, in Chinese --------------------------------------------------------------

_SPANS = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|--\w[\w-]*|\bmax_\w+|\\[A-Za-z]+")
_TWO_WORDS = re.compile(r"\b[A-Za-z]{3,}\b\W+\b[A-Za-z]{3,}\b")


def english_left(text: str) -> str | None:
    """Two English words in a row, once quoted input, option and limit names and LaTeX
    commands are set aside (None: none)."""
    m = _TWO_WORDS.search(_SPANS.sub(" ", text))
    return m.group() if m else None


def assert_chinese(message: str) -> None:
    shown = translate(message, "zh")
    assert translate(message, "en") == message
    assert _CJK.search(shown), f"{message!r} → {shown!r}"
    left = english_left(shown)
    assert left is None, f"{message!r} → {shown!r} ({left!r} is English)"


def _error(fn: Callable[[], object]) -> str:
    from stepcalc.errors import StepcalcError

    with pytest.raises(StepcalcError) as info:
        fn()
    return str(info.value)


def _parse_error(text: str) -> str:
    return _error(lambda: parse(text))


def _doc_errors() -> list[str]:
    """The inputs of the error tables of docs/grammar.md (rows under ``| You type | Error |``)."""
    from tests.test_parse_table import DOC_ERRORS

    return [typed for typed, _ in DOC_ERRORS]


def _word_inputs() -> list[str]:
    from tests.test_reading import WORDS

    return [text for text, _, _ in WORDS]


MORE_INPUTS = [
    "\\frac{1}",
    "\\left x",
    "\\foo x",
    "\\operatorname{zz}(x)",
    "\\begin{align} x",
    "\\sigma + ",
    "diff(x, 2)",
    "diff(x, x, 30)",
    "diff(x, x, 1, 2)",
    "log_2(x, 3)",
    "leaky_relu(x, 1, 2, 3)",
    "norm(x, 3.5)",
    "\\begin{bmatrix} 1 & 2 \\\\ 3 \\end{bmatrix}",
    "x^2 + )",
    "sin(x) + max(x, 1)",
    "x +",
]


@pytest.mark.parametrize("text", _doc_errors() + _word_inputs() + MORE_INPUTS)
def test_a_parse_error_in_chinese(text: str) -> None:
    assert_chinese(_parse_error(text))


LIMITED: dict[str, Callable[[], object]] = {
    "max_length": lambda: parse("x" * 10, limits=Limits(max_length=5)),
    "max_depth": lambda: parse("(" * 10 + "x" + ")" * 10, limits=Limits(max_depth=5)),
    "max_depth tree": lambda: parse("-" * 8 + "x", limits=Limits(max_depth=5)),
    "max_digits": lambda: parse("1234567", limits=Limits(max_digits=5)),
    "max_digits scientific": lambda: parse("1.5e30", limits=Limits(max_digits=5)),
    "max_nodes": lambda: parse("x+x+x+x+x+x+x+x", limits=Limits(max_nodes=5)),
    "max_exponent": lambda: parse("x^(10^9)"),
    "max_digits power": lambda: parse("2^(10^9)"),
    "max_vector": lambda: parse("[" + ",".join(["1"] * 200) + "]"),
    "max_order": lambda: derive("x^2", order=50),
    "order": lambda: derive("x^2", order=0),
}


@pytest.mark.parametrize("limit", LIMITED)
def test_a_limit_in_chinese(limit: str) -> None:
    assert_chinese(_error(LIMITED[limit]))


STATEMENTS = [
    "x^2 + y^2 = 25",
    "x^2 = 3",
    "z = x = y^2",
    "x = y = z = 1",
    "y = x^2, dz/dx",
    "f(x) = x^2, g(x)",
]


@pytest.mark.parametrize("text", STATEMENTS)
def test_a_statement_error_in_chinese(text: str) -> None:
    assert_chinese(_error(lambda: derive(text)))


@pytest.mark.parametrize("wrt", ["sin", "e", "xy", "2", " "])
def test_a_variable_error_in_chinese(wrt: str) -> None:
    assert_chinese(_error(lambda: derive("x^2", wrt=wrt)))


def test_a_time_limit_in_chinese() -> None:
    from stepcalc.budget import call_with_limit

    message = _error(lambda: call_with_limit(0.05, lambda: time.sleep(5), "checking the answer"))
    assert message.startswith("checking the answer took longer")
    assert_chinese(message)
    assert translate(message, "zh") == "检查答案用时超过了 0.05 秒的时间预算（max_seconds）"


PAIRS = [
    ("sin(x)^2", "1 - cos(x)^2"),
    ("x", "x + 1"),
    ("sqrt(x^2)", "x"),
    ("2", "3"),
    ("x", "x"),
    ("sqrt(-3)", "1"),
    ("ln(x)", "ln(-x)"),
    ("f(x)", "g(x)"),
    ("e^x", "exp(x)"),
    ("|x|", "x"),
]


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_an_oracle_reason_in_chinese(a: str, b: str) -> None:
    from stepcalc.oracle import equal

    assert_chinese(equal(parse(a), parse(b)).reason)


@pytest.mark.parametrize(
    "reason",
    [
        "the time budget ran out",
        "equal at 12 points of their common domain, to 40 digits or more",
        "equal at 12 points of their common domain, within 0.01",
        "equal numbers, to 40 digits or more",
        "only 3 points of the common domain were compared reliably (the values are too large)",
        "only 5 points compared before the time budget ran out",
        "they differ at x = 1, y = -2.5 (for one choice of the undefined functions)",
    ],
)
def test_a_reason_in_chinese(reason: str) -> None:
    assert_chinese(reason)


def test_messages_inside_messages() -> None:
    inner = "expected an expression after '+' at column 4"
    assert (
        translate(f"'answers.csv', row 3: {inner}", "zh")
        == "'answers.csv' 第 3 行：第 4 列（'+' 之后）应为表达式"
    )
    assert translate("differentiating took longer than the time budget of 2 s (max_seconds)", "zh") == (
        "求导用时超过了 2 秒的时间预算（max_seconds）"
    )
    # a value the template quotes is input, shown as typed, even when it reads as a message
    assert translate(
        "unknown word 'sheet' at column 1: stepcalc reads mathematics; "
        "to ask for a derivative, write d/dx (…), (…)' or diff(…, x)",
        "zh",
    ).startswith("第 1 列的 'sheet' 是未知的词")
    assert translate("cannot read the sum 'a: b'", "zh") == "无法读取求和式 'a: b'"


# -- 4. what translate does not know -----------------------------------------------------------


ODD = {
    "empty": "",
    "braces": "{}",
    "a field": "{0}",
    "an open brace": "{",
    "a close brace": "}",
    "doubled braces": "{{",
    "percent": "%s",
    "a letter": "x",
    "no message": "no such message",
    "long": "a" * 100_000,
    "long and matching": "at column " * 5000,
    "a nul": "\x00",
    "Chinese": "第 3 列",
    "fields in a message": "unmatched '{0}' at column {1}",
    "fields in values": "problem {0}: {1}",
}


@pytest.mark.parametrize("odd", ODD)
def test_translate_never_raises(odd: str) -> None:
    text = ODD[odd]
    assert translate(text, "en") == text
    assert isinstance(translate(text, "zh"), str)
    assert translate(text, "fr") == text


def test_a_broken_entry_shows_the_english(monkeypatch: pytest.MonkeyPatch) -> None:
    from stepcalc import messages

    monkeypatch.setitem(MESSAGES, "a broken entry for {}", "坏的条目 {3}")
    messages._templates.cache_clear()
    messages._reading.cache_clear()
    try:
        assert translate("a broken entry for x", "zh") == "a broken entry for x"
    finally:
        monkeypatch.undo()
        messages._templates.cache_clear()
        messages._reading.cache_clear()


def test_an_unknown_message_is_unchanged() -> None:
    assert translate("no such message anywhere", "zh") == "no such message anywhere"
    assert translate("", "zh") == ""
    assert translate("{}", "zh") == "{}"


def test_translate_is_quick() -> None:
    messages = [f"unmatched ')' at column {k}" for k in range(2000)]
    started = time.perf_counter()
    for m in messages:
        translate(m, "zh")
    assert time.perf_counter() - started < 1.0
