"""AST → plain text (parses back to the same AST) and Unicode (for display).

Both printers share one walk: the text style writes what ``grammar/expr.lark`` reads
back to the identical tree; the Unicode style swaps in ², ·, √, σ, ‖x‖₂ and Greek
letters.  Parentheses appear only where the grammar's precedence needs them, plus a few
that a reader needs (``-(a/b)``, a product as a denominator).
"""

from __future__ import annotations

from itertools import pairwise

from stepcalc import catalogue, names
from stepcalc.expr import (
    Add,
    Const,
    Deriv,
    Div,
    Equation,
    Evaluated,
    Expr,
    Func,
    Grad,
    Integral,
    Limit,
    MatMul,
    Mul,
    Neg,
    Norm,
    Num,
    Pow,
    Sum,
    Sym,
    Transpose,
    Vector,
    depth,
)
from stepcalc.limits import recursion_room
from stepcalc.notation import (
    ATOM,
    JUXT,
    POSTFIX,
    PRODUCT,
    SIGNED,
    SUM,
    Printer,
    bare_argument,
    format_number,
    is_differential,
    power_prefix,
    starts_with_function,
)

__all__ = ["format_number", "symbol_text", "to_text", "to_unicode"]


_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def symbol_text(name: str, unicode: bool) -> str:
    """``x_1`` → ``x_1`` / ``x₁``; ``x_ij`` → ``x_{ij}``; ``theta`` → ``theta`` / ``θ``."""
    base, _, sub = name.partition("_")
    if unicode and base[:1] == "d" and base[1:] in names.GREEK_LETTERS and not sub:
        return "d" + names.GREEK_LETTERS[base[1:]]  # dθ, the differential of θ
    if unicode:
        base = names.GREEK_LETTERS.get(base, base)
        if sub.isdigit():
            return base + sub.translate(_SUBSCRIPTS)
    if not sub:
        return base
    return f"{base}_{sub}" if sub.isdigit() or len(sub) == 1 else f"{base}_{{{sub}}}"


class _Printer(Printer):
    def __init__(self, unicode: bool, readable: bool = False, explicit: bool = False) -> None:
        self.explicit = explicit  # every function's argument in brackets: cos(x e^x), (sin x)^2
        self.calls = False  # every call in brackets, sin(x), sin^2(x): a line written consistently
        self.closed = False  # a call was bracketed only because a factor came after it
        self.unicode = unicode
        self.readable = unicode or readable
        self.in_bars = False
        self.times = " · " if unicode else "*"
        self._memo: dict[tuple[int, bool], tuple[str, int]] = {}
        self._keep: list[Expr] = []

    def show(self, e: Expr) -> tuple[str, int]:
        """The text of ``e`` and its precedence level (memoised: products look at factors twice)."""
        key = (id(e), self.in_bars)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = super().show(e)
            self._keep.append(e)  # ids stay unique while the printer lives
        return found

    # -- leaves
    def _num(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Num)
        text = format_number(e.value, e.decimal, e.sci)
        return text, ATOM if "/" not in text else PRODUCT

    def _sym(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Sym)
        return symbol_text(e.name, self.unicode), ATOM

    def _const(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Const)
        if e.name in ("pi", "oo"):
            return ("π" if e.name == "pi" else "∞") if self.unicode else e.name, ATOM
        return e.name, ATOM

    # -- operators
    def _add(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Add)
        parts = [self.at(e.terms[0], PRODUCT)]
        for term in e.terms[1:]:
            if isinstance(term, Neg):
                inner = term.arg
                text = self.at(inner, PRODUCT)
                parts.append(" - " + (f"({self.show(inner)[0]})" if text.startswith("-") else text))
            else:
                parts.append(" + " + self.at(term, PRODUCT))
        return "".join(parts), SUM

    def _div(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Div)
        num = (
            self.at(e.num, PRODUCT)
            if not isinstance(e.num, Mul | Div) or self._juxt_ok(e.num)
            else f"({self.show(e.num)[0]})"
        )
        den_text, den_level = self.show(e.den)
        if den_level < POSTFIX and not self._is_bare(e.den):
            den_text = f"({den_text})"
        elif num.endswith("d") and den_text.startswith("d"):
            den_text = f"({den_text})"  # d/dot(0, 0) would read as the operator d/d…
        return f"{num}/{den_text}", PRODUCT

    def _neg(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Neg)
        if self.readable and isinstance(e.arg, Div) and isinstance(e.arg.num, Neg):
            return self.show(Div(Neg(e.arg.num), e.arg.den))  # -(-a)/b, as the textbook writes it
        arg_text, level = self.show(e.arg)
        if self.readable and isinstance(e.arg, Div) and level == PRODUCT and not arg_text.startswith("-"):
            return "-" + arg_text, PRODUCT  # -2/x³ reads as -(2/x³) and has its value
        if level < JUXT or isinstance(e.arg, Neg):
            arg_text = f"({arg_text})"
        return "-" + arg_text, SIGNED

    def _pow(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Pow)
        if power_prefix(e) and not self.explicit:
            return self._power_prefix_text(e, allow_bare=True)
        base = self._base(e.base)
        exp = e.exp
        if self.unicode and _small_integer(exp):
            return base + self.show(exp)[0].replace("(", "").replace(")", "").translate(
                _SUPERSCRIPTS
            ), POSTFIX
        exp_text, level = self.show(exp)
        if exp == Sym("T"):
            exp_text = "(T)"  # x^T is a transpose
        if self.readable and isinstance(exp, Neg) and isinstance(exp.arg, Div):
            exp_text = "-" + self.show(exp.arg)[0]  # x^(-2/3)
        if level < ATOM or (isinstance(exp, Num) and exp.decimal):
            exp_text = f"({exp_text})"
        return f"{base}^{exp_text}", POSTFIX

    def _power_prefix_text(self, e: Pow, allow_bare: bool) -> tuple[str, int]:
        """``sin^2 x`` (or ``sin^2(x + 1)``), as textbooks write (sin x)^2."""
        f = e.base
        assert isinstance(f, Func)
        power = "^" + self.show(e.exp)[0]
        if self.unicode:
            power = power[1:].translate(_SUPERSCRIPTS)
        if allow_bare and not self.calls and bare_argument(f.args[0], stacked=False):
            return f"{f.name}{power} {self.show(f.args[0])[0]}", JUXT
        return f"{f.name}{power}({self._plain(f.args[0])})", POSTFIX

    def _base(self, e: Expr) -> str:
        """A power's or transpose's base: an atom, a call, or parenthesised."""
        text, level = self.show(e)
        if (isinstance(e, Func) and self._is_bare(e)) or level < POSTFIX or isinstance(e, Pow | Transpose):
            return f"({text})"
        if isinstance(e, Deriv) or (self.unicode and text[-1] in "⁰¹²³⁴⁵⁶⁷⁸⁹"):
            return f"({text})"
        if self.unicode and text.startswith(("√", "∛")):  # √x² reads as √(x²): the root is a prefix
            return f"({text})"
        return text

    def _transpose(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Transpose)
        base = self._base(e.arg) if not isinstance(e.arg, Transpose) else f"({self.show(e.arg)[0]})"
        return base + ("ᵀ" if self.unicode else "^T"), POSTFIX

    # -- products
    def _juxt_ok(self, e: Expr) -> bool:
        """Whether a product can be written by juxtaposition (``2x``, ``e^x cos x``)."""
        if not isinstance(e, Mul | MatMul):
            return False
        for i, f in enumerate(e.factors):
            if isinstance(f, Mul | MatMul | Div) or (isinstance(f, Num) and f.value < 0):
                return False
            if i > 0 and not self._pair_ok(e.factors[i - 1], f):
                return False
        return True

    def _pair_ok(self, prev: Expr, f: Expr) -> bool:
        """Whether ``f`` can follow ``prev`` in a juxtaposed product (``2 3`` cannot)."""
        text, level = self.show(f)
        if level < POSTFIX and not (level == JUXT and (isinstance(f, Func) or power_prefix(f))):
            text = f"({text})"  # as _mul will write it
        if text[:1].isdigit():
            return False
        if self.readable and prev == Num(1):  # a textbook writes 1·ln x, never 1 ln x
            return False
        if (
            self.unicode
            and isinstance(prev, Func)
            and prev.name in ("sqrt", "cbrt")
            and not starts_with_function(f)
        ):
            return False  # √x y would read as √(x y)
        if self.in_bars and text[:1] in "|‖":
            return False
        if isinstance(prev, Func) and prev.name != "abs" and self.show(prev)[0].endswith("|"):
            return False  # ln|x| y would read as ln(|x| y)
        return not _reads_as_call(prev, *self.show(f))

    def _split_at_stars(self, e: Mul | MatMul) -> tuple[str, int] | None:
        """Readable mode: ``3*10^(3x) ln 10``, a sign only between the factors that need it;
        a quotient factor is bracketed and juxtaposed, ``(2x/y) dx``."""
        factors = e.factors

        def unit(f: Expr) -> bool:  # printed whole, never merged into a neighbour's run
            return isinstance(f, Div) or (isinstance(f, Mul | MatMul) and self._juxt_ok(f))

        if any(
            (isinstance(f, Mul | MatMul) and not self._juxt_ok(f)) or (isinstance(f, Num) and f.value < 0)
            for f in factors
        ):
            return None
        runs: list[list[Expr]] = [[factors[0]]]
        for prev, f in pairwise(factors):
            if not unit(prev) and not unit(f) and self._pair_ok(prev, f):
                runs[-1].append(f)
            else:
                runs.append([f])
        out = ""
        for k, run in enumerate(runs):
            if len(run) == 1:
                text, level = self.show(run[0])
                wrap = isinstance(run[0], Div | Neg) or level < SIGNED
                text = f"({text})" if wrap else text
            else:
                text = self._mul(Mul(tuple(run)))[0]
            if k:
                before = runs[k - 1][-1]
                while isinstance(before, Mul | MatMul):  # a juxtaposed product ends with its last factor
                    before = before.factors[-1]
                quotient = isinstance(run[0], Div) or isinstance(before, Div)
                absorbs = isinstance(before, Func) or power_prefix(before)
                absorbs = absorbs or (isinstance(before, Deriv) and before.var is not None)  # d/dx (u) v
                absorbs = absorbs or _reads_as_call(before, text, ATOM)
                out += " " if quotient and not absorbs and not text[:1].isdigit() else self.times
            out += text
        return out, PRODUCT

    def _mul(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Mul | MatMul)
        factors = e.factors
        if not self._juxt_ok(e):
            split = self._split_at_stars(e) if self.readable else None
            if split is not None:
                return split
            parts = []
            for f in factors:
                text, level = self.show(f)
                if level < SIGNED or (isinstance(f, Neg | Div | Mul | MatMul) and not self._juxt_ok(f)):
                    text = f"({text})"
                parts.append(text)
            return self.times.join(parts), PRODUCT
        out: list[str] = []
        for i, f in enumerate(factors):
            nxt = factors[i + 1] if i + 1 < len(factors) else None
            # a bare argument ends before a function's name, not before a bracketed power of one:
            # sin² 0 (cos 0)⁰ would read sin²(0 (cos 0)⁰)
            bare_ok = nxt is None or (
                starts_with_function(nxt) and (not isinstance(nxt, Pow) or power_prefix(nxt))
            )
            if isinstance(f, Func):
                text, level = self._func_text(f, allow_bare=bare_ok)
                self.closed |= not bare_ok and self._is_bare(f)
            elif isinstance(f, Pow) and power_prefix(f) and not self.explicit:
                text, level = self._power_prefix_text(f, allow_bare=bare_ok)
                self.closed |= not bare_ok and self._power_prefix_text(f, allow_bare=True)[1] == JUXT
            else:
                text, level = self.show(f)
            if level < POSTFIX and not (
                level == JUXT and (isinstance(f, Func | Integral) or power_prefix(f))
            ):
                text = f"({text})"
            if out:
                prev = factors[i - 1]
                glue = (
                    ""
                    if isinstance(prev, Num)
                    and (text[:1].isalpha() or text[:1] == "(")
                    and not starts_with_function(f)
                    and not power_prefix(f)
                    and not isinstance(f, Deriv | Integral)
                    and not is_differential(f)
                    else " "
                )
                out.append(glue)
            out.append(text)
        return "".join(out), JUXT

    # -- functions
    def _is_bare(self, e: Expr) -> bool:
        return isinstance(e, Func) and self._func_text(e, allow_bare=True)[1] == JUXT

    def _func(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Func)
        return self._func_text(e, allow_bare=True)

    def _func_text(self, e: Func, allow_bare: bool) -> tuple[str, int]:
        name, args = e.name, e.args
        if name == "abs":
            return self._bars("|", args[0], "|"), ATOM
        entry = catalogue.FUNCTIONS.get(name)
        shown = entry.shown if self.unicode and entry is not None and entry.shown else name
        if shown in ("√", "∛") and len(args) == 1:
            return shown + self.at(args[0], ATOM), POSTFIX
        if name == "log" and len(args) == 2 and _simple_base(args[1]):
            shown = "log_" + self.show(args[1])[0]
            args = args[:1]
        named = (
            not self.explicit
            and not self.calls
            and ((entry is not None and entry.bare) or shown.startswith("log_"))
        )
        if (
            named
            and len(args) == 1
            and isinstance(args[0], Func)
            and args[0].name == "abs"
            and not self.in_bars
        ):
            return f"{shown}{self.show(args[0])[0]}", POSTFIX  # ln|x|: the bars close the argument
        if named and allow_bare and len(args) == 1 and bare_argument(args[0], stacked=False):
            return f"{shown} {self.show(args[0])[0]}", JUXT
        inner = ", ".join(self._plain(a) for a in args)
        return f"{shown}({inner})", POSTFIX

    def _plain(self, e: Expr) -> str:
        """``e`` inside brackets of its own: the bars context does not reach in."""
        saved, self.in_bars = self.in_bars, False
        try:
            return self.show(e)[0]
        finally:
            self.in_bars = saved

    def _bars(self, left: str, e: Expr, right: str) -> str:
        saved, self.in_bars = self.in_bars, True
        try:
            text = self.show(e)[0]
        finally:
            self.in_bars = saved
        pad_l = " " if text[:1] in "|‖" else ""
        pad_r = " " if text[-1:] in "|‖" or text.endswith(("_2", "_F")) else ""
        return f"{left}{pad_l}{text}{pad_r}{right}"

    def _norm(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Norm)
        bar = "‖" if self.unicode else "||"
        text = self._bars(bar, e.arg, bar)
        if e.kind:
            text += e.kind.translate(_SUBSCRIPTS) if self.unicode and e.kind.isdigit() else f"_{e.kind}"
        return text, ATOM

    def _deriv(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Deriv)
        if e.var is None:
            inner = self.show(e.expr)[0]
            inner = f"({inner})"
            return inner + "'", POSTFIX
        var = symbol_text(e.var.name, self.unicode)
        d = "∂" if e.partial else "d"
        if isinstance(e.expr, Sym):  # Leibniz: dy/dx, ∂u/∂x
            return f"{d}{self.show(e.expr)[0]}/{d}{var}", ATOM
        return f"{d}/{d}{var} ({self._plain(e.expr)})", SIGNED

    def _grad(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Grad)
        head = f"∇_{symbol_text(e.var.name, self.unicode)}" if self.unicode else f"grad_{e.var.name}"
        inner = self.show(e.expr)[0]
        if not isinstance(e.expr, Sym | Norm | Pow | Transpose) or inner.startswith("("):
            inner = f"({inner})"
        return f"{head} {inner}", SIGNED

    def _vector(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Vector)
        one = "," if len(e.items) == 1 else ""  # [x] alone is a bracket: [x,] is a vector
        return "[" + ", ".join(self._plain(i) for i in e.items) + one + "]", ATOM

    def _equation(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Equation)
        return " = ".join(self._plain(side) for side in e.sides), 0

    def _sum(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Sum)
        sigma = "Σ" if self.unicode else "sum"
        index = self.show(e.index)[0]
        head = f"{sigma}_{{{index}={self._plain(e.lower)}}}^{{{self._plain(e.upper)}}}"
        return f"{head} {self.at(e.body, POSTFIX)}", SIGNED

    def _limit(self, e: Expr) -> tuple[str, int]:
        """``lim_{h->0} (2x + h)``; a quotient goes bare, as books write lim (f(x+h) - f(x))/h."""
        assert isinstance(e, Limit)
        arrow = "→" if self.unicode else "->"
        side = {"+": "⁺", "-": "⁻"}.get(e.side, "") if self.unicode else e.side
        head = f"lim_{{{self.show(e.var)[0]}{arrow}{self._plain(e.to)}{side}}}"
        return f"{head} {self.at(e.expr, PRODUCT)}", SIGNED

    def _integral(self, e: Expr) -> tuple[str, int]:
        """``∫ (x² + 1) dx``, ``∫_{0}^{1} x² dx`` (``int`` in plain text)."""
        assert isinstance(e, Integral)
        sign = "∫" if self.unicode else "int"
        bounds = ""
        if e.lower is not None and e.upper is not None:
            bounds = f"_{{{self._plain(e.lower)}}}^{{{self._plain(e.upper)}}}"
        return f"{sign}{bounds} {self.at(e.expr, PRODUCT)} d{self.show(e.var)[0]}", JUXT

    def _evaluated(self, e: Expr) -> tuple[str, int]:
        """``[x³/3]_{1}^{2}``: the bracket of the fundamental theorem."""
        assert isinstance(e, Evaluated)
        return f"[{self._plain(e.expr)}]_{{{self._plain(e.lower)}}}^{{{self._plain(e.upper)}}}", ATOM


def _reads_as_call(prev: Expr, text: str, level: int) -> bool:
    """``f (x + 1)`` and ``2^f (x + 1)`` would read back as a call of f: such a product needs
    an explicit sign."""
    while isinstance(prev, Pow):  # the written text ends with the exponent
        prev = prev.exp
    return isinstance(prev, Sym) and prev.name in ("f", "g", "h") and (text.startswith("(") or level < JUXT)


def _small_integer(e: Expr) -> bool:
    if isinstance(e, Neg):
        e = e.arg
    return isinstance(e, Num) and isinstance(e.value, int) and not e.decimal


def _simple_base(e: Expr) -> bool:
    return (isinstance(e, Num) and isinstance(e.value, int) and not e.decimal) or (
        isinstance(e, Sym) and len(e.name) == 1 and e.name.isascii()
    )


def _render(e: Expr, unicode: bool, readable: bool = False, explicit: bool = False) -> str:
    """``e`` printed; when one call had to be bracketed (``sin(x) x^2``), every call is, so that
    a line never mixes ``sin(x)`` and ``sin x``."""
    with recursion_room(depth(e)):
        printer = _Printer(unicode, readable, explicit)
        text = printer.show(e)[0]
        if printer.closed:
            printer = _Printer(unicode, readable, explicit)
            printer.calls = True
            text = printer.show(e)[0]
        return text


def to_explicit(e: Expr) -> str:
    """Text with the brackets juxtaposition left out made explicit: how ``e`` was read
    (``cos x e^x`` → ``cos(x e^x)``, ``sin^2 x`` → ``sin(x)^2``)."""
    return _render(e, unicode=False, readable=True, explicit=True)


def to_text(e: Expr, *, readable: bool = False) -> str:
    """Plain text that ``stepcalc.parse`` reads back to the same AST.

    ``readable=True`` drops the parentheses a reader does not need (``-2/x^3`` for
    ``-(2/x^3)``, ``x^(-2/3)``): the text then parses to an equal value, not the same tree.
    """
    return _render(e, unicode=False, readable=readable)


def to_unicode(e: Expr) -> str:
    """Unicode for display: ``x²``, ``·``, ``√x``, ``σ(x)``, ``‖x‖₂``, Greek letters."""
    return _render(e, unicode=True)
