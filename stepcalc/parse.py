"""Text → AST.  The syntax lives in ``grammar/*.lark``; this module only builds nodes.

The LALR parser runs the builder's callbacks while it parses (no parse tree is built),
which is fast and needs no recursion however deep the input nests.
"""

from __future__ import annotations

import functools
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from stepcalc import names
from stepcalc.errors import LimitError, ParseError
from stepcalc.expr import (
    Add,
    Const,
    Deriv,
    Div,
    Expr,
    Func,
    Mul,
    Neg,
    Norm,
    Num,
    Pow,
    Sym,
    Transpose,
    Vector,
)
from stepcalc.limits import DEFAULT, Limits

__all__ = ["grammar_path", "parse", "variable"]

_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUB = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def grammar_path(name: str = "expr.lark") -> Path:
    """The grammar file, inside the installed package or, in a checkout, in ``grammar/``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "grammar" / name, here.parent / "grammar" / name):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"stepcalc grammar {name!r} not found next to {here}")


_SUM_HEAD = re.compile(
    r"(?:Σ|∑|sum)(?:_\{\s*(?P<i>[A-Za-z])\s*=(?P<lo>[^{}]*)\}(?:\^(?:\{(?P<hi>[^{}]*)\}|(?P<hi2>[A-Za-z0-9]+)))?"
    r"|_(?P<j>[A-Za-z]))?"
)


def _indexed_sum(head: str, body: Expr) -> Expr:
    """``Σ_{j=1}^{n} body``; without bounds 1..n, without an index the body's subscript letter."""
    from stepcalc.expr import Sum, walk

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


_NAME = re.compile(r"([^\W\d_]+)(?:_\{?([A-Za-z0-9]+)\}?|([0-9]+))?")


@functools.lru_cache(maxsize=4096)
def symbol(text: str) -> Sym:
    """The canonical symbol for a written name: ``x1``, ``x_1``, ``x₁`` → ``x_1``; ``θ`` → ``theta``."""
    text = text.translate(_SUB)
    m = _NAME.fullmatch(text)
    if m is None:  # the grammar only hands over names of this shape
        raise ParseError(f"not a symbol name: {text!r}")
    base, sub = m.group(1), m.group(2) or m.group(3)
    base = names.GREEK_NAMES.get(base) or names.CAPITAL_GREEK.get(base, base)
    return Sym(f"{base}_{sub}" if sub else base)


class _Builder(Transformer[Token, Expr]):
    """One method per grammar alias; each builds one AST node.  Stateless (shared by threads)."""

    def start(self, c: list[Expr]) -> Expr:
        return c[0]

    # -- leaves
    def integer(self, c: list[Token]) -> Expr:
        return Num(int(c[0]))

    def decimal(self, c: list[Token]) -> Expr:
        return Num(Fraction(str(c[0])), decimal=True)

    def symbol(self, c: list[Token]) -> Expr:
        return symbol(str(c[0]))

    def const(self, c: list[Token]) -> Expr:
        return Const("e" if c[0] == "e" else "pi")

    def vector(self, c: list[Expr]) -> Expr:
        return Vector(tuple(c))

    # -- operators
    def add(self, c: list[Any]) -> Expr:
        terms = [c[0]]
        for op, term in zip(c[1::2], c[2::2], strict=True):
            terms.append(term if op.type == "PLUS" else Neg(term))
        return Add(tuple(terms))

    def product(self, c: list[Any]) -> Expr:
        factors = [c[0]]
        for op, operand in zip(c[1::2], c[2::2], strict=True):
            if op.type == "STAR":
                factors.append(operand)
            else:
                left = factors[0] if len(factors) == 1 else Mul(tuple(factors))
                factors = [Div(left, operand)]
        return factors[0] if len(factors) == 1 else Mul(tuple(factors))

    def neg(self, c: list[Any]) -> Expr:
        return Neg(c[1])

    def pos(self, c: list[Any]) -> Expr:
        return c[1]  # type: ignore[no-any-return]

    def deriv(self, c: list[Any]) -> Expr:
        var = re.sub(r"^(?:d\s*/\s*d|∂\s*/\s*∂)\s*", "", str(c[0]))
        return Deriv(c[1], symbol(var), partial=str(c[0]).startswith("∂"))

    def juxt(self, c: list[list[Expr]]) -> Expr:
        items = c[0]
        return items[0] if len(items) == 1 else Mul(tuple(items))

    def leibniz(self, c: list[Token]) -> Expr:
        """``dy/dx``, ``∂u/∂x``: the derivative of one variable with respect to another."""
        m = re.fullmatch(r"([d∂])\s*(\S+?)\s*/\s*[d∂]\s*(\S+)", str(c[0]))
        assert m is not None  # the LEIBNIZ terminal only matches this shape
        return Deriv(symbol(m.group(2)), symbol(m.group(3)), partial=m.group(1) == "∂")

    def juxt_deriv(self, c: list[Any]) -> Expr:
        """``x d/dx x^2``: the derivative is the last factor and takes the rest."""
        return Mul((*c[0], self.deriv(c[1:])))

    def seq_start(self, c: list[Expr]) -> list[Expr]:
        return [c[0]]

    def seq_more(self, c: list[Any]) -> list[Expr]:
        c[0].append(c[1])
        return c[0]  # type: ignore[no-any-return]

    def pow(self, c: list[Expr]) -> Expr:
        return Pow(c[0], c[1])

    def sup(self, c: list[Any]) -> Expr:
        return Pow(c[0], _superscript(c[1]))

    def prime(self, c: list[Expr]) -> Expr:
        return Deriv(c[0])

    def transpose(self, c: list[Any]) -> Expr:
        return Transpose(c[0])

    def abs(self, c: list[Expr]) -> Expr:
        return Func("abs", (c[0],))

    def norm(self, c: list[Any]) -> Expr:
        kind = str(c[1]).translate(_SUB).strip("_{}") if len(c) > 1 else None
        return Norm(c[0], kind)

    # -- functions
    def bare_arg(self, c: list[Expr]) -> Expr:
        return c[0] if len(c) == 1 else Mul(tuple(c))

    def bare_arg_neg(self, c: list[Any]) -> Expr:
        return Neg(self.bare_arg(c[1:]))

    def bare(self, c: list[Any]) -> Expr:
        return _apply(c[0], [c[1]])

    def bare_pow(self, c: list[Any]) -> Expr:
        return _apply_power(c[0], c[1], [c[2]])

    def bare_sup(self, c: list[Any]) -> Expr:
        return _apply_power(c[0], _superscript(c[1]), [c[2]])

    def sum_bare(self, c: list[Any]) -> Expr:
        return _indexed_sum(str(c[0]), c[1])

    def args(self, c: list[Expr]) -> list[Expr]:
        return list(c)

    def call(self, c: list[Any]) -> Expr:
        return _apply(c[0], c[1])

    def call_pow(self, c: list[Any]) -> Expr:
        return _apply_power(c[0], c[1], c[2])

    def call_sup(self, c: list[Any]) -> Expr:
        return _apply_power(c[0], _superscript(c[1]), c[2])

    def ufunc(self, c: list[Any]) -> Expr:
        name = str(c[0]).replace("′", "'")
        return Func(name, tuple(c[1]))


def _superscript(tok: Token) -> Expr:
    digits = str(tok).translate(_SUP)
    value: Expr = Num(int(digits.lstrip("+-")))
    return Neg(value) if digits.startswith("-") else value


def _fail(tok: Token, message: str) -> ParseError:
    return ParseError(f"{message} at column {tok.column}", line=tok.line or 1, column=tok.column or 1)


def _apply(tok: Token, args: list[Expr]) -> Expr:
    """Apply a written function name to its arguments, checking the count."""
    written = str(tok)
    base: Expr | None = None
    if written.startswith("log_"):
        base = _log_base(written[4:].strip("{}"))
        written = "log"
    name = names.FUNCTION_ALIASES.get(written, written)
    if base is not None:
        if len(args) != 1:
            raise _fail(tok, f"'{tok}' takes 1 argument, got {len(args)}")
        return Func("log", (args[0], base))
    if name == "ln" and len(args) == 2:
        return Func("log", tuple(args))
    if name == "norm" and len(args) in (1, 2):
        kind = None if len(args) == 1 else _norm_kind(tok, args[1])
        return Norm(args[0], kind)
    arity = names.ARITY.get(name, 1)
    if len(args) != arity:
        plural = "" if arity == 1 else "s"
        raise _fail(tok, f"'{written}' takes {arity} argument{plural}, got {len(args)}")
    return Func(name, tuple(args))


def _apply_power(tok: Token, power: Expr, args: list[Expr]) -> Expr:
    """``sin^2 x`` is (sin x)^2; ``sin^-1 x`` is arcsin x (the textbook reading)."""
    applied = _apply(tok, args)
    if power == Neg(Num(1)) and isinstance(applied, Func) and applied.name in names.INVERSES:
        return Func(names.INVERSES[applied.name], applied.args)
    return Pow(applied, power)


def _log_base(text: str) -> Expr:
    if text.isdigit():
        return Num(int(text))
    return Const("e") if text == "e" else symbol(text)


def _norm_kind(tok: Token, arg: Expr) -> str:
    if isinstance(arg, Num) and not arg.decimal:
        return str(arg.value)
    if isinstance(arg, Sym) and arg.name in ("F", "fro"):
        return "F"
    raise _fail(tok, "norm(x, p) takes p = 1, 2, … or F")


@functools.cache
def _parser(grammar: str = "expr.lark") -> Lark:
    if grammar == "latex.lark":
        from stepcalc.latex_parse import LatexBuilder

        builder: _Builder = LatexBuilder()
    else:
        builder = _Builder()
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
    word = re.fullmatch(r"([^\W\d_]+)_\{?([A-Za-z0-9]+)\}?", written.translate(_SUB))
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
    return word in names.KNOWN_FUNCTIONS or word in names.FUNCTION_ALIASES or word in ("sum", "dot", "Σ", "∑")


def parse(text: str, *, limits: Limits = DEFAULT) -> Expr:
    """Read ``text`` (plain or Unicode maths; LaTeX when it looks like LaTeX) into an AST.

    Raises ``ParseError`` with the column of the problem, or ``LimitError`` for input past
    the limits.
    """
    if not isinstance(text, str):
        raise ParseError(f"expected text to parse, got {type(text).__name__}")
    limits.check_length(text)
    if not text.strip():
        raise ParseError("empty input: expected an expression", text, 1, 1)
    _check_literals(text, limits)
    from stepcalc import latex_parse

    grammar = "latex.lark" if latex_parse.looks_like_latex(text) else "expr.lark"
    _check_nesting(text, limits)
    try:
        source = latex_parse.prepare(text) if grammar == "latex.lark" else text
        expr: Expr = _parser(grammar).parse(source, on_error=_split_double_bar)  # type: ignore[assignment]
    except ParseError as e:
        raise ParseError(e.message, text, e.line, e.column) from None
    except VisitError as e:
        inner = e.orig_exc
        if isinstance(inner, ParseError):
            raise ParseError(inner.message, text, inner.line, inner.column) from None
        raise
    except UnexpectedInput as e:
        error = (latex_parse.explain if grammar == "latex.lark" else _explain)(e, text)
        double = text.find("||")
        if 0 <= double < error.column - 1 and "‖" not in text:
            error.message += (
                f" (the '||' at column {double + 1} was read as a norm bar; "
                "write '| |' for two absolute-value bars)"
            )
        raise error from None
    limits.check_tree(expr)
    return expr


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


def _check_literals(text: str, limits: Limits) -> None:
    for m in re.finditer(r"[0-9]+", text):
        if len(m.group()) > limits.max_digits:
            raise LimitError(
                "max_digits",
                f"number at column {m.start() + 1} has {len(m.group())} digits; the limit is "
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


_OPENERS = {")": "(", "]": "[", "}": "{"}
_EXPR_START = {
    "INT",
    "DECIMAL",
    "SYMBOL",
    "GREEK",
    "CONST",
    "FUNC_CALL",
    "FUNC_BARE",
    "UFUNC",
    "_LPAR",
    "_LBRACK",
    "_LBRACE",
    "_BAR",
    "_NBAR",
    "MINUS",
    "DDX",
}


_FUNCTION_WORD = re.compile(
    r"(?:log_\S+|sqrt|exp|ln|log|abs|sign|sgn|sigma|σ|√|relu|softplus|norm|dot"
    r"|(?:a|arc|ar)?(?:sin|cos|tan|cot|sec|csc)h?)"
)


_BAD_NUMBER = re.compile(r"[0-9]*\.[0-9]+(?:\.[0-9]*)+|[0-9]+\.\.+[0-9]*")


def _describe(tok: Token | str) -> str:
    s = str(tok)
    return f"'{s}'" if s else "the end of the input"


def _explain(e: UnexpectedInput, text: str) -> ParseError:
    """Turn lark's exception into a message in words, pointing at the column."""
    line, column = e.line if e.line > 0 else 1, e.column if e.column > 0 else 1
    if isinstance(e, UnexpectedCharacters):
        pos = e.pos_in_stream or 0
        ch = text[pos] if pos < len(text) else ""
        number = _BAD_NUMBER.match(text, pos)
        if ch in ")]}":
            msg = f"unmatched '{ch}' at column {column}"
        elif number:
            msg = f"'{number.group()}' at column {column} is not a number (more than one decimal point)"
        elif ch in "^*/+,=!":
            msg = f"expected an expression before '{ch}' at column {column}"
        else:
            msg = f"unexpected character '{ch}' at column {column}"
        return ParseError(msg, text, line, column)
    if isinstance(e, UnexpectedEOF | UnexpectedToken):
        tok = getattr(e, "token", None)
        expected = set(getattr(e, "expected", ()) or ())
        at_end = tok is None or tok.type == "$END"
        if at_end:
            line, column = _end_position(text)
            unclosed = _unclosed(text)
            if unclosed is not None:
                ch, pos = unclosed
                return ParseError(f"'{ch}' at column {pos} is never closed", text, line, pos)
        prev = _previous_token(text, column if not at_end else len(text.splitlines()[-1]) + 1)
        if expected & _EXPR_START:
            what = "an expression"
            if prev in ("^", "**"):
                what = "an exponent"
            elif _FUNCTION_WORD.fullmatch(prev):
                what = "an argument"
            found = "" if at_end else f", found {_describe(tok or '')}"
            where = f"after '{prev}' " if prev else ""
            return ParseError(f"expected {what} {where}at column {column}{found}", text, line, column)
        if tok is not None and str(tok) in _OPENERS:
            return ParseError(f"unmatched '{tok}' at column {column}", text, line, column)
        return ParseError(f"unexpected {_describe(tok or '')} at column {column}", text, line, column)
    return ParseError(f"cannot read the input at column {column}", text, line, column)


def _end_position(text: str) -> tuple[int, int]:
    lines = text.splitlines() or [""]
    return len(lines), len(lines[-1].rstrip()) + 1


def _previous_token(text: str, column: int) -> str:
    """The non-blank run of text just before ``column`` (1-based), for messages."""
    before = text.splitlines()[-1][: column - 1].rstrip() if text.splitlines() else ""
    m = re.search(r"(\*\*|[^\sA-Za-z0-9_{}σ√α-ω]|[A-Za-z0-9_{}σ√α-ω]+)$", before)
    return m.group(1) if m else ""


def _unclosed(text: str) -> tuple[str, int] | None:
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in "([{":
            stack.append((ch, i + 1))
        elif ch in ")]}" and stack and stack[-1][0] == _OPENERS[ch]:
            stack.pop()
    if stack:
        return stack[-1]
    for bar in "|‖":
        bars = [i + 1 for i, ch in enumerate(text) if ch == bar]
        if len(bars) % 2:
            return bar, bars[-1]
    return None
