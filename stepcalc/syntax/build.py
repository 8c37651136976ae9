"""The builder both grammars share: one method per grammar alias, each building one AST node.

The LALR parser runs these callbacks while it parses (no parse tree is built).  The builder
is stateless (one is shared by every thread); what it notices about the reading goes to
``stepcalc.syntax.notes``.  ``stepcalc.parse`` adds the one callback that parses again (the
bounds of a sum), ``stepcalc.latex_parse`` the LaTeX-only ones.
"""

from __future__ import annotations

import functools
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

from lark import Token, Transformer

from stepcalc import catalogue, names
from stepcalc.errors import LimitError, ParseError
from stepcalc.expr import (
    Add,
    Const,
    Deriv,
    Div,
    Equation,
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
from stepcalc.printing import to_text
from stepcalc.syntax import notes, words

__all__ = ["Builder", "apply_function", "fail", "grammar_path", "symbol"]

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_WRITABLE_EXPONENT = 4_300  # 10^n past this has more digits than any number stepcalc writes


def grammar_path(name: str = "expr.lark") -> Path:
    """The grammar file, inside the installed package or, in a checkout, in ``grammar/``."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "grammar" / name, here.parent / "grammar" / name):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"stepcalc grammar {name!r} not found next to {here}")


_NAME = re.compile(r"([^\W\d_]+)(?:_\{?([A-Za-z0-9]+)\}?|([0-9]+))?")


@functools.lru_cache(maxsize=4096)
def symbol(text: str) -> Sym:
    """The canonical symbol for a written name: ``x1``, ``x_1``, ``x₁`` → ``x_1``; ``θ`` → ``theta``."""
    text = text.translate(SUBSCRIPTS)
    m = _NAME.fullmatch(text)
    if m is None:  # the grammar only hands over names of this shape
        raise ParseError(f"not a symbol name: {text!r}")
    base, sub = m.group(1), m.group(2) or m.group(3)
    base = names.GREEK_NAMES.get(base) or names.CAPITAL_GREEK.get(base, base)
    return Sym(f"{base}_{sub}" if sub else base)


def fail(tok: Token, message: str) -> ParseError:
    return ParseError(f"{message} at column {tok.column}", line=tok.line or 1, column=tok.column or 1)


def scientific(written: str) -> Num:
    """``6.02e23``, ``1E-12``: one exact number, kept with its power of ten."""
    mantissa, _, power = written.lower().partition("e")
    exponent = int(power)
    if abs(exponent) > _WRITABLE_EXPONENT:
        raise LimitError("max_digits", f"the number {written} has more than {_WRITABLE_EXPONENT:,} digits")
    value = Fraction(mantissa) * Fraction(10) ** exponent
    return Num(value.numerator if value.denominator == 1 else value, "." in mantissa, exponent)


class Builder(Transformer[Token, Expr]):
    """One method per grammar alias; each builds one AST node.  Stateless (shared by threads)."""

    def start(self, c: list[Expr]) -> Expr:
        return c[0]

    # -- leaves
    def integer(self, c: list[Token]) -> Expr:
        return Num(int(c[0]))

    def decimal(self, c: list[Token]) -> Expr:
        return Num(Fraction(str(c[0])), decimal=True)

    def scientific(self, c: list[Token]) -> Expr:
        return scientific(str(c[0]))

    def symbol(self, c: list[Token]) -> Expr:
        return symbol(str(c[0]))

    def const(self, c: list[Token]) -> Expr:
        return Const("e" if c[0] == "e" else "pi")

    def word(self, c: list[Token]) -> Expr:
        """A word that is no name (``derivative``, ``cbrtx``): refused, never read as letters."""
        tok = c[0]
        raise ParseError(words.message(str(tok), tok.column or 1), line=tok.line or 1, column=tok.column or 1)

    def vector(self, c: list[Expr]) -> Expr:
        return Vector(tuple(c))

    # -- problem statements
    def equation(self, c: list[Expr]) -> Expr:
        return Equation(tuple(c))

    def stated(self, c: list[Expr]) -> Expr:
        """``y = x^2, dy/dx``: the derivative asked for, of the function just defined."""
        return _request(c[0], c[1], c[2])

    def asked(self, c: list[Expr]) -> Expr:
        """``dy/dx, y = x^2``."""
        return _request(c[1], c[2], c[0])

    # -- operators
    def add(self, c: list[Any]) -> Expr:
        terms = [c[0]]
        for op, term in zip(c[1::2], c[2::2], strict=True):
            terms.append(term if op.type == "PLUS" else Neg(term))
        return Add(tuple(terms))

    def product(self, c: list[Any]) -> Expr:
        factors = [c[0]]
        for op, operand in zip(c[1::2], c[2::2], strict=True):
            scientific = _scientific(factors[-1], operand) if str(op) == "\\times" else None
            if scientific is not None:  # LaTeX's 6.02 \times 10^{23}, as its printer writes 6.02e23
                factors[-1] = scientific
            elif op.type == "STAR":
                factors.append(operand)
            else:
                left = factors[0] if len(factors) == 1 else Mul(tuple(factors))
                factors = [Div(left, operand)]
                if notes.juxtaposed(operand):  # 1/2x is 1/(2x); (1/2)x was plausible too
                    first, *rest = operand.factors
                    notes.decide("denominator", factors[0], Mul((Div(left, first), *rest)))
        return factors[0] if len(factors) == 1 else Mul(tuple(factors))

    def group(self, c: list[Expr]) -> Expr:
        """``(…)``, ``{…}``, ``[…]``: the tree of what is inside, remembered as bracketed."""
        return notes.mark(c[0], "bracketed")

    def neg(self, c: list[Any]) -> Expr:
        return Neg(c[1])

    def pos(self, c: list[Any]) -> Expr:
        return c[1]  # type: ignore[no-any-return]

    def deriv(self, c: list[Any]) -> Expr:
        var = re.sub(r"^(?:d\s*/\s*d|∂\s*/\s*∂)\s*", "", str(c[0]))
        return Deriv(c[1], symbol(var), partial=str(c[0]).startswith("∂"))

    def juxt(self, c: list[list[Expr]]) -> Expr:
        items = c[0]
        if len(items) == 1:
            return items[0]
        product = notes.mark(Mul(tuple(items)), "juxtaposed")
        for k, item in enumerate(items[:-1]):  # e^2x is e²·x; e^(2x) was plausible too
            if isinstance(item, Pow) and _plausible_exponent(item.exp, items[k + 1]):
                raised = Pow(item.base, Mul((item.exp, items[k + 1])))
                other = (*items[:k], raised, *items[k + 2 :])
                notes.decide("exponent", product, other[0] if len(other) == 1 else Mul(other))
        return product

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
        return Pow(c[0], superscript(c[1]))

    def prime(self, c: list[Expr]) -> Expr:
        return Deriv(c[0])

    def transpose(self, c: list[Any]) -> Expr:
        return Transpose(c[0])

    def abs(self, c: list[Expr]) -> Expr:
        return Func("abs", (c[0],))

    def norm(self, c: list[Any]) -> Expr:
        kind = str(c[1]).translate(SUBSCRIPTS).strip("_{}") if len(c) > 1 else None
        return Norm(c[0], kind)

    # -- functions
    def bare_arg(self, c: list[Expr]) -> Expr:
        return c[0] if len(c) == 1 else notes.mark(Mul(tuple(c)), "juxtaposed")

    def bare_arg_neg(self, c: list[Any]) -> Expr:
        return Neg(self.bare_arg(c[1:]))

    def bare(self, c: list[Any]) -> Expr:
        tok, arg = c
        read = apply_function(tok, [arg])
        if notes.juxtaposed(arg) and not isinstance(arg.factors[0], Num | Const):
            first, *rest = arg.factors  # cos x e^x is cos(x eˣ); cos(x)·eˣ was plausible (sin 2x: no)
            notes.decide("argument", read, Mul((apply_function(tok, [first]), *rest)))
        elif isinstance(arg, Pow) and not notes.bracketed(arg):  # sin x^2: sin(x²), or (sin x)²
            notes.decide("power", read, Pow(apply_function(tok, [arg.base]), arg.exp))
        return read

    def bare_pow(self, c: list[Any]) -> Expr:
        return _apply_power(c[0], c[1], [c[2]])

    def bare_sup(self, c: list[Any]) -> Expr:
        return _apply_power(c[0], superscript(c[1]), [c[2]])

    def args(self, c: list[Expr]) -> list[Expr]:
        return list(c)

    def call(self, c: list[Any]) -> Expr:
        return apply_function(c[0], c[1])

    def call_pow(self, c: list[Any]) -> Expr:
        return _apply_power(c[0], c[1], c[2])

    def call_sup(self, c: list[Any]) -> Expr:
        return _apply_power(c[0], superscript(c[1]), c[2])

    def ufunc(self, c: list[Any]) -> Expr:
        name = str(c[0]).replace("′", "'")
        return Func(name, tuple(c[1]))

    def diff_call(self, c: list[Any]) -> Expr:
        """``diff(f, x)``, ``diff(f, x, 2)``, ``D(f)``: a derivative asked for by name."""
        tok, args = c
        if not 1 <= len(args) <= 3:
            raise fail(
                tok, f"'{tok}' takes the expression, the variable and the order, got {len(args)} arguments"
            )
        var = args[1] if len(args) > 1 else None
        if var is not None and not isinstance(var, Sym):
            raise fail(tok, f"the variable of '{tok}(…)' must be a name like x")
        order = args[2] if len(args) > 2 else Num(1)
        if not (isinstance(order, Num) and isinstance(order.value, int) and 1 <= order.value <= 20):
            raise fail(tok, f"the order of '{tok}(…)' must be a whole number from 1 to 20")
        result: Expr = args[0]
        for _ in range(int(order.value)):
            result = Deriv(result, var)
        return result


def _plausible_exponent(exponent: Expr, after: Expr) -> bool:
    """e^2x: a number written as the exponent, a letter right after it (not e^x sin x)."""
    return isinstance(exponent, Num) and isinstance(after, Sym) and not notes.bracketed(exponent)


def superscript(tok: Token) -> Expr:
    digits = str(tok).translate(SUPERSCRIPTS)
    value: Expr = Num(int(digits.lstrip("+-")))
    return Neg(value) if digits.startswith("-") else value


def apply_function(tok: Token, args: list[Expr]) -> Expr:
    """Apply a written function name to its arguments, checking the count."""
    written = str(tok)
    base: Expr | None = None
    if written.startswith("log_"):
        base = _log_base(written[4:].strip("{}"))
        written = "log"
    if written.lower() == "norm" and len(args) in (1, 2):
        kind = None if len(args) == 1 else _norm_kind(tok, args[1])
        return Norm(args[0], kind)
    spelling = catalogue.lookup(written)
    if spelling is None:  # the grammar only hands over the names of the catalogue
        raise fail(tok, f"unknown function '{written}'")
    if spelling.noted:
        notes.add(notes.Note("case", written, spelling.function.name, tok.column or 1, tok.line or 1))
    fixed = (base,) if base is not None else spelling.fixed
    entry = spelling.function
    if entry.name == "ln" and (fixed or len(args) == 2):  # log_2 x, log(x, 2): a base is given
        entry = catalogue.FUNCTIONS["log"]
    if fixed and len(args) != 1:
        raise fail(tok, f"'{tok}' takes 1 argument, got {len(args)}")
    least, most = entry.arity
    if not least <= len(args) + len(fixed) <= most:
        count = str(least) if least == most else f"{least} or {most}"
        plural = "" if count == "1" else "s"
        raise fail(tok, f"'{written}' takes {count} argument{plural}, got {len(args)}")
    return Func(entry.name, (*args, *fixed))


def _apply_power(tok: Token, power: Expr, args: list[Expr]) -> Expr:
    """``sin^2 x`` is (sin x)^2; ``sin^-1 x`` is arcsin x (the textbook reading)."""
    applied = apply_function(tok, args)
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
    raise fail(tok, "norm(x, p) takes p = 1, 2, … or F")


def _request(named: Expr, value: Expr, request: Expr) -> Expr:
    """``y = x^2, dy/dx`` as ``dy/dx = d/dx (x^2)``: the derivative asked for, equal to the
    derivative of the definition.  The request must name the function defined."""
    asked = request
    while isinstance(asked, Deriv) and isinstance(asked.expr, Deriv):
        asked = asked.expr
    if isinstance(asked, Deriv) and asked.expr == named and isinstance(named, Sym):
        return Equation((request, _same_derivative(request, value)))
    if isinstance(request, Func) and isinstance(named, Func) and request.name.rstrip("'") == named.name:
        order = len(request.name) - len(named.name)
        if order > 0 and request.args == named.args:
            var = named.args[0] if len(named.args) == 1 and isinstance(named.args[0], Sym) else None
            derivative = value
            for _ in range(order):
                derivative = Deriv(derivative, var)
            return Equation((request, derivative))
    name = to_text(named)
    wanted = (
        to_text(Func(named.name + "'", named.args)) if isinstance(named, Func) else f"d{name}/dx or {name}'"
    )
    raise ParseError(
        f"'{to_text(request)}' does not ask for the derivative of {to_text(named)}: write {wanted}"
    )


def _same_derivative(request: Expr, value: Expr) -> Expr:
    """The derivative of ``value`` taken as ``request`` takes it of the name (dy/dx, y'')."""
    if isinstance(request, Deriv):
        inner = request.expr
        return Deriv(
            _same_derivative(inner, value) if isinstance(inner, Deriv) else value,
            request.var,
            request.partial,
        )
    return value


def _scientific(mantissa: Expr, power: Expr) -> Num | None:
    """``a × 10^k`` as the number in scientific notation (``Num`` with ``sci=k``), for a
    non-negative number a not already so and a whole k: the value is the product's."""
    if not isinstance(mantissa, Num) or mantissa.sci is not None or mantissa.value < 0:
        return None
    if not (isinstance(power, Pow) and power.base == Num(10)):
        return None
    k = power.exp.arg if isinstance(power.exp, Neg) else power.exp
    if not (isinstance(k, Num) and isinstance(k.value, int) and not k.decimal and k.sci is None):
        return None
    exponent = -k.value if isinstance(power.exp, Neg) else k.value
    if abs(exponent) > _MAX_SCIENTIFIC:
        return None  # 10^(10^9) stays a power: its digits are never written out
    value = mantissa.value * Fraction(10) ** exponent
    return Num(int(value) if value.denominator == 1 else value, mantissa.decimal, exponent)


_MAX_SCIENTIFIC = 1000
