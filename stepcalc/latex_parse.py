"""LaTeX input → AST.  The syntax lives in ``grammar/latex.lark``; this module only builds
the nodes that LaTeX writes differently from plain text and explains LaTeX errors.

``parse`` (in ``stepcalc.parse``) sends text here when ``looks_like_latex`` says so.
"""

from __future__ import annotations

import re
from typing import Any

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedInput

from stepcalc.errors import ParseError
from stepcalc.expr import Const, Deriv, Div, Expr, Func, Norm, Num, Pow, Sum, Sym, Vector
from stepcalc.syntax.build import Builder, fail, grammar_path, symbol
from stepcalc.syntax.explain import explain as explain_plain

__all__ = ["LatexBuilder", "explain", "looks_like_latex", "prepare"]

# \Delta and friends are the Unicode capitals the plain grammar reads as symbols.
CAPITAL_GREEK: dict[str, str] = {
    "Gamma": "Γ",
    "Delta": "Δ",
    "Theta": "Θ",
    "Lambda": "Λ",
    "Xi": "Ξ",
    "Pi": "Π",
    "Sigma": "Σ",
    "Upsilon": "Υ",
    "Phi": "Φ",
    "Psi": "Ψ",
    "Omega": "Ω",
}
_VARIANTS = {"varepsilon": "epsilon", "vartheta": "theta", "varphi": "phi", "varrho": "rho"}

_OPERATOR = re.compile(r"\\(?:operatorname\*?|mathrm|mathop|text|textrm)\s*\{\s*((?:\w|\\_)+)\s*\}")
_DDX_VAR = re.compile(  # the variable at the end of \frac{d}{dx}, \frac{\partial}{\partial x_{1}}, d/dθ
    r"(?:d|∂|\\mathrm\s*\{\s*d\s*\}|\\partial)\s*((?:\\[A-Za-z]+|[A-Za-z]+|[^\W\d_])(?:_\s*(?:\{[^{}]*\}|\w+)|[0-9]+)?)\s*\}?$"
)


def _terminal_pattern(name: str) -> str:
    """The regular expression of a terminal of grammar/latex.lark (one source for both)."""
    text = grammar_path("latex.lark").read_text(encoding="utf-8")
    m = re.search(rf"^{name}: /(.*)/$", text, re.MULTILINE)
    assert m is not None, name
    return m.group(1).replace("\\/", "/")


_VAR_PATTERN = _terminal_pattern("_VAR")
_MARK = r"(?:d|\\mathrm\s*\{\s*d\s*\}|\\partial(?![A-Za-z]))"
_LEIBNIZ = re.compile(
    rf"\\[dtc]?frac\s*\{{\s*{_MARK}\s*({_VAR_PATTERN})\s*\}}\s*\{{\s*{_MARK}\s*({_VAR_PATTERN})\s*\}}"
    rf"|(?:d|∂|{_MARK})\s*({_VAR_PATTERN})\s*/\s*(?:d|∂|{_MARK})\s*({_VAR_PATTERN})"
)
_PRIMES = re.compile(r"'|′|\\prime")


def looks_like_latex(text: str) -> bool:
    """LaTeX input has a backslash command or is wrapped in ``$…$``; everything else the
    plain grammar reads (it also accepts braces, so ``e^{-x}`` and ``x_{12}`` need no LaTeX
    grammar, and a stray ``$`` inside plain text is reported as an unknown character)."""
    stripped = text.strip()
    return "\\" in text or (len(stripped) > 1 and stripped[0] == "$" and stripped[-1] == "$")


def prepare(text: str) -> str:
    """The text as the LaTeX grammar reads it.  Nothing to do: the grammar itself ignores
    spacing commands and ``$`` delimiters, so columns in errors stay those of the input."""
    return text


def _name_token(tok: Token) -> Token:
    """A function token renamed to the plain grammar's spelling: ``\\sin`` → ``sin``."""
    text = str(tok)
    m = _OPERATOR.match(text)
    name = m.group(1) if m else text.lstrip("\\")
    return Token.new_borrow_pos(tok.type, name.replace("\\_", "_"), tok)


def _symbol_name(text: str) -> Sym:
    """``\\theta_{2}`` → ``theta_2``; ``\\Delta`` → ``Δ``; ``x_{ 1 }`` → ``x_1``."""
    text = re.sub(r"\s+", "", text)
    if text.startswith("\\"):
        base, _, sub = text[1:].partition("_")
        base = CAPITAL_GREEK.get(base, _VARIANTS.get(base, base))
        text = f"{base}_{sub}" if sub else base
    return symbol(text)


class LatexBuilder(Builder):
    """``Builder`` plus the LaTeX-only callbacks.  Stateless, like its parent."""

    def symbol(self, c: list[Token]) -> Expr:
        return _symbol_name(str(c[0]))

    def greek(self, c: list[Token]) -> Expr:
        return _symbol_name(str(c[0]))

    def const(self, c: list[Token]) -> Expr:
        return Const("e" if c[0] == "e" else "pi")

    def deriv(self, c: list[Any]) -> Expr:
        m = _DDX_VAR.search(str(c[0]))
        if m is None:  # the DDX terminal only matches shapes this pattern reads
            raise fail(c[0], f"cannot read the variable of '{c[0]}'")
        written = str(c[0])
        partial = "∂" in written or "\\partial" in written
        return Deriv(c[1], _symbol_name(m.group(1)), partial=partial)

    def mrow(self, c: list[Expr]) -> list[Expr]:
        return list(c)

    def matrix(self, c: list[list[Expr]]) -> Expr:
        """Rows of one entry are a column vector; rows of several, a vector of row vectors."""
        if all(len(row) == 1 for row in c):
            return Vector(tuple(row[0] for row in c))
        if len(c) == 1:
            return Vector(tuple(c[0]))
        if len({len(row) for row in c}) != 1:
            raise ParseError("the rows of a matrix must have the same number of entries")
        return Vector(tuple(Vector(tuple(row)) for row in c))

    def leibniz(self, c: list[Token]) -> Expr:
        """``\\frac{dy}{dx}``, ``\\frac{\\partial u}{\\partial x}``, ``dy/dx``."""
        text = str(c[0])
        m = _LEIBNIZ.fullmatch(text)
        if m is None:  # the LEIBNIZ terminal only matches shapes this pattern reads
            raise fail(c[0], f"cannot read the derivative '{text}'")
        partial = "∂" in text or "\\partial" in text
        of, var = m.group(1) or m.group(3), m.group(2) or m.group(4)
        return Deriv(_symbol_name(of), _symbol_name(var), partial=partial)

    def frac(self, c: list[Expr]) -> Expr:
        return Div(c[0], c[1])

    def sqrt(self, c: list[Expr]) -> Expr:
        return Func("sqrt", (c[0],))

    def root(self, c: list[Expr]) -> Expr:
        """``\\sqrt[3]{x}`` is the cube root ∛x; ``\\sqrt[n]{x}`` is x^(1/n)."""
        if c[0] == Num(3):
            return Func("cbrt", (c[1],))
        return Pow(c[1], Div(Num(1), c[0]))

    def norm(self, c: list[Any]) -> Expr:
        if len(c) == 1:
            return Norm(c[0])
        kind = re.sub(r"[\s_{}]", "", str(c[1])).translate(str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789"))
        return Norm(c[0], kind)

    def indexed_sum(self, c: list[Any]) -> Expr:
        index, lower, upper, body = c
        return Sum(body, index, lower, upper)

    # -- functions: the plain builder's callbacks, with the name spelled as plain text
    def bare(self, c: list[Any]) -> Expr:
        return super().bare([_name_token(c[0]), *c[1:]])

    def bare_pow(self, c: list[Any]) -> Expr:
        return super().bare_pow([_name_token(c[0]), *c[1:]])

    def bare_sup(self, c: list[Any]) -> Expr:
        return super().bare_sup([_name_token(c[0]), *c[1:]])

    def call(self, c: list[Any]) -> Expr:
        return super().call([_name_token(c[0]), *c[1:]])

    def call_pow(self, c: list[Any]) -> Expr:
        return super().call_pow([_name_token(c[0]), *c[1:]])

    def call_sup(self, c: list[Any]) -> Expr:
        return super().call_sup([_name_token(c[0]), *c[1:]])

    def bare_sub(self, c: list[Any]) -> Expr:
        return _log(c[0], c[1], [c[2]])

    def call_sub(self, c: list[Any]) -> Expr:
        return _log(c[0], c[1], c[2])

    def ufunc(self, c: list[Any]) -> Expr:
        tok = c[0]
        name = str(tok)[0] + "'" * len(_PRIMES.findall(str(tok)))
        return Func(name, tuple(c[1]))


def _log(tok: Token, base: Expr, args: list[Expr]) -> Expr:
    """``\\log_b x``: only ``\\log`` takes a subscript."""
    named = _name_token(tok)
    if str(named) != "log":
        raise fail(tok, f"only \\log takes a subscript, not '{tok}'")
    if len(args) != 1:
        raise fail(tok, f"'\\log_b' takes 1 argument, got {len(args)}")
    return Func("log", (args[0], base))


_COMMAND = re.compile(r"\\(?:(operatorname\*?|mathrm|text)\s*\{[^{}]*\}|[A-Za-z]+|.)")
_DELIMITED = {"\\left": "( [ \\{ | \\| \\lvert \\lVert or .", "\\right": ") ] \\} | \\| \\rvert \\rVert or ."}
_ARGUMENTS = {"\\frac": "two arguments, as in \\frac{a}{b}", "\\sqrt": "an argument, as in \\sqrt{x}"}


def explain(e: UnexpectedInput, text: str) -> ParseError:
    """The plain grammar's messages, plus LaTeX's own: unknown commands, missing arguments."""
    if isinstance(e, UnexpectedCharacters):
        m = _COMMAND.match(text, e.pos_in_stream or 0)
        if m is not None:
            written, at = m.group(), f"at column {e.column}"
            if written in _DELIMITED:
                message = f"'{written}' {at} must be followed by one of {_DELIMITED[written]}"
            elif written in ("\\begin", "\\end"):
                message = f"only the matrix environments (bmatrix, pmatrix…) are read, '{written}' {at}"
            else:
                message = f"unknown LaTeX {'function' if m.group(1) else 'command'} '{written}' {at}"
            return ParseError(message, text, e.line, e.column)
    error = explain_plain(e, text)
    before = text[: _offset(text, error.line, error.column)]
    # The plain grammar's messages quote the text before the column; quote the LaTeX token.
    quote = re.compile(r"after '([^']*)'")
    error.message = quote.sub(lambda w: f"after '{_last_token(w.group(1), before)}'", error.message)
    if "after '\\sigma'" in error.message:
        error.message += " (\\sigma is read as the logistic function σ(x))"
    if "DIGIT" in set(getattr(e, "expected", ()) or ()):  # only \frac's and \sqrt's arguments take one digit
        commands = re.findall(r"\\[dtc]?(?:frac|sqrt)(?![A-Za-z])", before)
        if commands:
            cmd = commands[-1]
            needs = _ARGUMENTS["\\sqrt" if cmd == "\\sqrt" else "\\frac"]
            error.message = f"'{cmd}' takes {needs}: expected '{{' at column {error.column}"
    return error


def _last_token(quoted: str, before: str) -> str:
    if re.fullmatch(r"[A-Za-z]+", quoted) and re.search(rf"\\{quoted}\W*$", before):
        return "\\" + quoted
    return quoted[-1] if quoted and quoted[-1] in "{}" else quoted


def _offset(text: str, line: int, column: int) -> int:
    lines = text.splitlines(keepends=True)
    return sum(len(s) for s in lines[: line - 1]) + column - 1
