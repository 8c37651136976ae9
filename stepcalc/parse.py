"""Text → AST.  The syntax lives in ``grammar/*.lark``; this module only builds nodes.

The LALR parser runs the builder's callbacks while it parses (no parse tree is built),
which is fast and needs no recursion however deep the input nests.  The input is first
NFKC-normalised (``stepcalc.syntax.normalise``: full-width forms), the one change made to
it before the grammar reads it.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from lark import Lark, Token
from lark.exceptions import UnexpectedInput, UnexpectedToken, VisitError

from stepcalc import catalogue, latex_parse
from stepcalc.errors import LimitError, ParseError
from stepcalc.expr import Const, Expr, Mul, Num, Sum, Sym, walk
from stepcalc.limits import DEFAULT, Limits
from stepcalc.syntax import notes, words
from stepcalc.syntax.build import SUBSCRIPTS, Builder, grammar_path, symbol
from stepcalc.syntax.explain import explain
from stepcalc.syntax.normalise import Normalised, normalise
from stepcalc.syntax.notes import Note, Reading

__all__ = ["Note", "Reading", "grammar_path", "parse", "parse_with_notes", "symbol", "variable"]

_SUM_HEAD = re.compile(
    r"(?:Σ|∑|sum)(?:_\{\s*(?P<i>[A-Za-z])\s*=(?P<lo>[^{}]*)\}(?:\^(?:\{(?P<hi>[^{}]*)\}|(?P<hi2>[A-Za-z0-9]+)))?"
    r"|_(?P<j>[A-Za-z]))?"
)


class _PlainBuilder(Builder):
    """The shared builder plus the plain grammar's indexed sum, whose bounds are read again."""

    def sum_bare(self, c: list[Any]) -> Expr:
        return _indexed_sum(str(c[0]), c[1])


def _indexed_sum(head: str, body: Expr) -> Expr:
    """``Σ_{j=1}^{n} body``; without bounds 1..n, without an index the body's subscript letter."""
    m = _SUM_HEAD.fullmatch(head.strip())
    if m is None:  # the grammar only hands over heads of this shape
        raise ParseError(f"cannot read the sum {head!r}")
    name = m.group("i") or m.group("j")
    if name is None:
        letters = [n.name.rpartition("_")[2] for n in walk(body) if isinstance(n, Sym) and "_" in n.name]
        letters = [x for x in letters if len(x) == 1 and x.isalpha()]
        name = letters[0] if letters else "j"
    lower = _bound(m.group("lo"), Num(1))
    upper = _bound(m.group("hi") or m.group("hi2"), Sym("n"))
    return Sum(body, Sym(name), lower, upper)


def _bound(text: str | None, default: Expr) -> Expr:
    if text is None or not text.strip():
        return default
    return parse(text.strip())


@functools.cache
def _parser(grammar: str = "expr.lark") -> Lark:
    builder: Builder = latex_parse.LatexBuilder() if grammar == "latex.lark" else _PlainBuilder()
    return Lark(
        grammar_path(grammar).read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        strict=False,  # tests/test_grammar.py builds it with strict=True to prove it conflict-free
        transformer=builder,
        propagate_positions=False,
        maybe_placeholders=False,
        cache=True,
    )


def variable(text: str, what: str = "a variable") -> Sym:
    """A name given on its own (``--wrt``, ``--at x=1``, a declaration), read as the grammar
    reads it in an expression, so that it finds that symbol: ``θ`` → theta, ``x1`` → x_1.
    Function names, the constants e and π, and words the grammar splits into a product
    (``xy`` is x·y) are refused: differentiating with respect to them would silently give 0."""
    written = text.strip()
    try:
        tree: Expr | None = parse(written)
    except ParseError:
        tree = None
    if isinstance(tree, Sym):
        return tree
    word = re.fullmatch(r"([^\W\d_]+)_\{?([A-Za-z0-9]+)\}?", written.translate(SUBSCRIPTS))
    base = word.group(1) if word else ""
    if word and not _reserved(base):  # a subscript of several letters: x_ab
        return symbol(written)
    if not written:
        reason = f"{what} is missing"
    elif isinstance(tree, Const):
        reason = f"{written!r} is the constant {'e' if tree.name == 'e' else 'π'}, not {what}"
    elif _reserved(written) or _reserved(base):
        reason = f"{written!r} is the name of a function or an operator, not {what}"
    elif isinstance(tree, Mul) and all(isinstance(f, Sym) for f in tree.factors):
        product = " ".join(f.name for f in tree.factors)  # type: ignore[attr-defined]
        reason = f"{written!r} is read as the product {product}, not {what}"
    else:
        reason = f"{written!r} is not {what}"
    raise ParseError(f"{reason}; write a name like x, y, x_1 or θ", written, 1, 1)


def _reserved(word: str) -> bool:
    return catalogue.lookup(word) is not None or word in ("sum", "norm", "diff", "Σ", "∑")


def parse(text: str, *, limits: Limits = DEFAULT) -> Expr:
    """Read ``text`` (plain or Unicode maths; LaTeX when it looks like LaTeX) into an AST.

    Raises ``ParseError`` with the column of the problem, or ``LimitError`` for input past
    the limits.  ``parse_with_notes`` also says what was read other than as written.
    """
    return parse_with_notes(text, limits=limits).expr


def parse_with_notes(text: str, *, limits: Limits = DEFAULT) -> Reading:
    """``parse``, with the reading notes: ``Sin x`` is read as sin x, and a note says so."""
    if not isinstance(text, str):
        raise ParseError(f"expected text to parse, got {type(text).__name__}")
    limits.check_length(text)
    if not text.strip():
        raise ParseError("empty input: expected an expression", text, 1, 1)
    normal = normalise(text)
    source = normal.text
    _check_literals(source, limits)
    grammar = "latex.lark" if latex_parse.looks_like_latex(source) else "expr.lark"
    _check_nesting(source, limits)
    try:
        with notes.collecting() as state:
            expr: Expr = _parser(grammar).parse(source, on_error=_split_double_bar)  # type: ignore[assignment]
    except ParseError as e:
        raise _located(e, text, normal) from None
    except VisitError as e:
        inner = e.orig_exc
        if isinstance(inner, ParseError):
            raise _located(inner, text, normal) from None
        raise
    except UnexpectedInput as e:
        raise _located(_unreadable(e, source, grammar), text, normal) from None
    limits.check_tree(expr)
    found = state.notes
    if normal.origin is not None:
        found = [_moved(n, text, normal) for n in found]
    return Reading(expr, tuple(found), tuple(state.decisions))


def _located(error: ParseError, text: str, normal: Normalised) -> ParseError:
    """``error`` with its line and column (and the columns its message names) in ``text``."""
    line, column = normal.position(text, error.line, error.column)
    message = normal.message(text, error.message, error.line)
    typed = text.splitlines()[line - 1][column - 1 : column] if text.splitlines() else ""
    if normal.origin is not None and message.startswith("unexpected character") and typed:
        message = re.sub(r"'.'", f"'{typed}'", message, count=1)  # the character typed (½, not ⁄)
    return ParseError(message, text, line, column)


def _moved(note: Note, text: str, normal: Normalised) -> Note:
    line, column = normal.position(text, note.line, note.column)
    return Note(note.kind, note.written, note.read, column, line)


def _unreadable(e: UnexpectedInput, source: str, grammar: str) -> ParseError:
    """The message for input the grammar cannot read: the first word it refuses, if any comes
    before the place the parser stopped (``derivative of x^2)``), else the parser's reason."""
    word = _first_word(grammar, source, e.pos_in_stream if e.pos_in_stream is not None else len(source))
    if word is not None:
        return ParseError(
            words.message(str(word), word.column or 1), source, word.line or 1, word.column or 1
        )
    error = (latex_parse.explain if grammar == "latex.lark" else explain)(e, source)
    double = source.find("||")
    if 0 <= double < error.column - 1 and "‖" not in source:
        error.message += (
            f" (the '||' at column {double + 1} was read as a norm bar; "
            "write '| |' for two absolute-value bars)"
        )
    return error


def _first_word(grammar: str, source: str, upto: int) -> Token | None:
    """The first WORD token of ``source`` before ``upto``, as the grammar's own lexer finds it."""
    try:
        for tok in _parser(grammar).lex(source):
            if tok.start_pos is not None and tok.start_pos > upto:
                return None
            if tok.type == "WORD":
                return tok
    except UnexpectedInput:
        return None
    return None


def _split_double_bar(e: UnexpectedInput) -> bool:
    """Read a ``||`` that cannot open or close a norm as two bars (``|x - |y||``)."""
    if not (isinstance(e, UnexpectedToken) and e.token.type == "_NBAR" and e.token == "||"):
        return False
    tok = e.token
    try:
        for offset in (0, 1):
            bar = Token("_BAR", "|", tok.start_pos + offset, tok.line, tok.column + offset)
            e.interactive_parser.feed_token(bar)
    except UnexpectedInput:
        return False
    return True


_SCIENTIFIC = re.compile(r"(?<![0-9.])([0-9]*)(?:\.([0-9]*))?[eE][+-]?([0-9]+)")


def _check_literals(text: str, limits: Limits) -> None:
    for m in re.finditer(r"[0-9]+", text):
        if len(m.group()) > limits.max_digits:
            raise LimitError(
                "max_digits",
                f"number at column {m.start() + 1} has {len(m.group())} digits; the limit is "
                f"{limits.max_digits} (max_digits)",
            )
    for m in _SCIENTIFIC.finditer(text):  # 1e5000 is written short and has 5,001 digits
        power = m.group(3)
        mantissa = m.group(1) + (m.group(2) or "")
        digits = len(mantissa) + (int(power) if len(power) < 7 else 10**6)
        if digits > limits.max_digits and mantissa:
            raise LimitError(
                "max_digits",
                f"number at column {m.start() + 1} ({m.group()}) has about {digits:,} digits; the limit is "
                f"{limits.max_digits} (max_digits)",
            )


def _check_nesting(text: str, limits: Limits) -> None:
    """Refuse bracket nesting past the limit before the parser spends time on it."""
    level = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            level += 1
            if level > limits.max_depth:
                raise LimitError(
                    "max_depth",
                    f"brackets nest more than {limits.max_depth} deep at column {i + 1} (max_depth)",
                )
        elif ch in ")]}":
            level -= 1
