"""AST → LaTeX that ``grammar/latex.lark`` reads back to the same AST.

The walk mirrors ``stepcalc.printing``: each node prints as (text, precedence level) and
brackets appear only where the grammar's precedence needs them (always as
``\\left(…\\right)``).  The forms chosen: ``\\frac{a}{b}``, ``x^{2}``, ``e^{-x}``,
``\\sqrt{x}``, ``\\ln x`` for a simple argument and ``\\ln\\left(x + 1\\right)`` otherwise,
``\\sin^{2} x``, ``\\sigma\\left(x\\right)``, ``\\operatorname{relu}\\left(x\\right)``,
``\\left|x\\right|``, ``\\lVert x \\rVert_{2}``, ``x^{\\top}``, ``x_{1}``, ``\\theta``,
``\\frac{d}{dx}\\left(…\\right)``, ``\\left(…\\right)'``, ``\\sum_{i=1}^{n}``, vectors as
``\\begin{bmatrix} a \\\\ b \\end{bmatrix}``; ``\\cdot`` only where juxtaposition would read
differently or look like a mixed number (``2 \\cdot 3``, ``2 \\cdot \\frac{1}{3}``).
"""

from __future__ import annotations

import re
from fractions import Fraction

from stepcalc import catalogue, names
from stepcalc.expr import (
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
    Norm,
    Num,
    Pow,
    Sum,
    Sym,
    Transpose,
    Vector,
    depth,
    is_matrix,
)
from stepcalc.limits import recursion_room
from stepcalc.notation import (
    ATOM,
    JUXT,
    POSTFIX,
    PRODUCT,
    SIGNED,
    StackedPrinter,
    bare_argument,
    format_number,
    power_prefix,
    subscript_base,
)

__all__ = ["latex_symbol", "latex_text", "to_latex"]


# Each function's LaTeX head, from the catalogue: a command of its own (\sin) or
# \operatorname{…}; bare for a simple argument as textbooks write them (\sin 2x, \ln x,
# \arcsin x); (sin x)^2 as \sin^{2} x.
_HEADS = {
    f.name: f.latex or "\\operatorname{" + (f.shown or f.name).replace("_", "\\_") + "}"
    for f in catalogue.CATALOGUE
}
_BARE = frozenset(f.name for f in catalogue.CATALOGUE if f.bare or f.bare_typeset)
_CAPITALS = {"Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma"}
_CAPITALS |= {"Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega"}

_TEXT_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "^": r"\^{}",
    "~": r"\~{}",
    # mathematical signs in words ("from − to +", "x → ∞", "≈ 0.64"): pdfLaTeX's text fonts have
    # no glyph for them, and \ensuremath sets them in text and in math alike
    "−": r"\ensuremath{-}",
    "→": r"\ensuremath{\to}",
    "≈": r"\ensuremath{\approx}",
    "Δ": r"\ensuremath{\Delta}",
    "∪": r"\ensuremath{\cup}",
    "∞": r"\ensuremath{\infty}",
    "∇": r"\ensuremath{\nabla}",
    "η": r"\ensuremath{\eta}",
    "β": r"\ensuremath{\beta}",
    "ε": r"\ensuremath{\varepsilon}",
    "←": r"\ensuremath{\leftarrow}",
    "‖": r"\ensuremath{\|}",
    "₁": r"\ensuremath{_1}",
    "₂": r"\ensuremath{_2}",
    "√": r"\ensuremath{\surd}",
    # automatic differentiation's tangents and adjoints (v̇, ū, v̄: a letter and a combining mark)
    "v\u0307": r"\ensuremath{\dot{v}}",
    "u\u0307": r"\ensuremath{\dot{u}}",
    "v\u0304": r"\ensuremath{\bar{v}}",
    "ū": r"\ensuremath{\bar{u}}",
    "Σ": r"\ensuremath{\Sigma}",
    "∂": r"\ensuremath{\partial}",
    "·": r"\ensuremath{\cdot}",
    "ᵀ": r"\ensuremath{^{\top}}",
    "≥": r"\ensuremath{\geq}",
    "≤": r"\ensuremath{\leq}",
    "<": r"\ensuremath{<}",  # OT1's text fonts print < and > as ¡ and ¿
    ">": r"\ensuremath{>}",
}
_TEXT_SPECIAL = re.compile("|".join(map(re.escape, _TEXT_SPECIALS)))


def latex_text(text: str) -> str:
    """Words for LaTeX's text mode (``\\text{…}``, headings): its special characters escaped,
    in one pass (so the braces of ``\\textbackslash{}`` stay braces)."""
    return _TEXT_SPECIAL.sub(lambda m: _TEXT_SPECIALS[m.group()], text)


def latex_symbol(name: str) -> str:
    """``x_1`` → ``x_{1}``; ``theta`` → ``\\theta``; ``Δ`` → ``\\Delta``."""
    base, _, sub = name.partition("_")
    if base[:1] == "d" and base[1:] in names.GREEK_LETTERS and not sub:
        return "d\\" + base[1:]  # d\theta, the differential of θ
    if base == "omicron":
        base = "ο"  # LaTeX has no \omicron; the grammar reads the letter itself
    elif base in names.GREEK_LETTERS:
        base = "\\" + base
    elif base in _CAPITALS:
        base = "\\" + _CAPITALS[base]
    return f"{base}_{{{sub}}}" if sub else base


class _Printer(StackedPrinter):
    def __init__(self, explicit: bool = False) -> None:
        self.explicit = explicit  # every function's argument in brackets: how it was read

    def bracket(self, text: str) -> str:
        return _paren(text)

    # -- leaves
    def _num(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Num)
        value = e.value
        if value < 0:
            return "-" + self.show(Num(-value, e.decimal))[0], SIGNED
        if isinstance(value, Fraction) and value.denominator != 1 and not e.decimal and e.sci is None:
            return f"\\frac{{{value.numerator}}}{{{value.denominator}}}", ATOM
        if e.sci is not None:  # 6.02e23 typeset 6.02 × 10²³, as MathML writes it (read back alike)
            mantissa = format_number(value, e.decimal, e.sci).partition("e")[0]
            return f"{mantissa} \\times 10^{{{e.sci}}}", PRODUCT
        return format_number(value, e.decimal, e.sci), ATOM

    def _sym(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Sym)
        return latex_symbol(e.name), ATOM

    def _const(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Const)
        return {"pi": "\\pi", "oo": "\\infty"}.get(e.name, e.name), ATOM

    # -- operators
    def _div(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Div)
        return f"\\frac{{{self.show(e.num)[0]}}}{{{self.show(e.den)[0]}}}", ATOM

    def _pow(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Pow)
        if power_prefix(e) and not self.explicit:
            return self._prefix_power(e, allow_bare=True)
        exp = self.show(e.exp)[0]
        if exp == "T":
            exp = _paren(exp)  # x^{T} is a transpose
        return f"{self.base(e.base)}^{{{exp}}}", POSTFIX

    def _prefix_power(self, e: Pow, allow_bare: bool) -> tuple[str, int]:
        """``\\sin^{2} x`` (or ``\\sin^{2}\\left(x + 1\\right)``) for (sin x)^2."""
        f = e.base
        assert isinstance(f, Func)
        head = f"{_function_name(f.name)}^{{{self.show(e.exp)[0]}}}"
        if allow_bare and bare_argument(f.args[0], stacked=True):
            return f"{head} {self.show(f.args[0])[0]}", JUXT
        return head + _paren(self.show(f.args[0])[0]), POSTFIX

    def _transpose(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Transpose)
        return self.base(e.arg) + "^{\\top}", POSTFIX

    # -- the pieces StackedPrinter puts together
    def sign(self, op: str) -> str:
        return {"+": " + ", "-": " - ", "·": " \\cdot "}[op]

    def minus(self) -> str:
        return "-"

    def glue(self, prev: Expr, factor: Expr) -> str:
        return "" if isinstance(prev, Num) else " "  # 2x, e^{x} \\cos x

    def closed(self, e: Expr) -> tuple[str, int]:
        if isinstance(e, Func):
            return self._func_text(e, allow_bare=False)
        if isinstance(e, Pow) and power_prefix(e):
            return self._prefix_power(e, allow_bare=False)
        return self.show(e)

    # -- functions
    def _func(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Func)
        return self._func_text(e, allow_bare=True)

    def _func_text(self, e: Func, allow_bare: bool) -> tuple[str, int]:
        name, args = e.name, e.args
        if name == "abs" and len(args) == 1:
            return f"\\left|{self.show(args[0])[0]}\\right|", ATOM
        if name in ("sqrt", "cbrt") and len(args) == 1:
            index = "[3]" if name == "cbrt" else ""
            return f"\\sqrt{index}{{{self.show(args[0])[0]}}}", POSTFIX
        head = _function_name(name)
        if name == "log" and len(args) == 2:
            base = self.show(args[1])[0]
            # a deeper subscript would also hide a call's "(" from the LaTeX reader
            if subscript_base(args[1]) and _brace_depth(base) <= 1:
                head, args = f"\\log_{{{base}}}", args[:1]
        bare = allow_bare and not self.explicit and name in _BARE and len(args) == 1
        if not self.explicit and name in _BARE and len(args) == 1 and _is_abs(args[0]):
            # \ln\left|x\right|: the bars close it; as a power's base it is bracketed like a
            # bare argument (\arcsin\left|x\right|^{x} would read as arcsin(|x|^x))
            return f"{head}{self.show(args[0])[0]}", JUXT
        if bare and bare_argument(args[0], stacked=True):
            return f"{head} {self.show(args[0])[0]}", JUXT
        return head + _paren(", ".join(self.show(a)[0] for a in args)), POSTFIX

    def _norm(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Norm)
        text = f"\\lVert {self.show(e.arg)[0]} \\rVert"
        return text + (f"_{{{e.kind}}}" if e.kind else ""), ATOM

    def _deriv(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Deriv)
        inner = _paren(self.show(e.expr)[0])
        if e.var is None:
            return inner + "'", POSTFIX
        d = "\\partial " if e.partial else "d"
        if isinstance(e.expr, Sym):  # Leibniz: \frac{dy}{dx}
            return f"\\frac{{{d}{latex_symbol(e.expr.name)}}}{{{d}{latex_symbol(e.var.name)}}}", ATOM
        return f"\\frac{{{d.strip()}}}{{{d}{latex_symbol(e.var.name)}}}{inner}", SIGNED

    def _grad(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Grad)
        inner = self.show(e.expr)[0]
        if not isinstance(e.expr, Sym | Norm | Pow | Transpose):
            inner = _paren(inner)
        return f"\\nabla_{{{latex_symbol(e.var.name)}}} {inner}", SIGNED

    def _vector(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Vector)
        if is_matrix(e):
            rows = " \\\\ ".join(" & ".join(self.show(x)[0] for x in row.items) for row in e.items)  # type: ignore[attr-defined]
            return f"\\begin{{bmatrix}} {rows} \\end{{bmatrix}}", ATOM
        rows = " \\\\ ".join(self.show(item)[0] for item in e.items)
        return f"\\begin{{bmatrix}} {rows} \\end{{bmatrix}}", ATOM

    def _equation(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Equation)
        return " = ".join(self.show(side)[0] for side in e.sides), 0

    def _sum(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Sum)
        head = f"\\sum_{{{latex_symbol(e.index.name)}={self.show(e.lower)[0]}}}^{{{self.show(e.upper)[0]}}}"
        return f"{head} {self.at(e.body, JUXT)}", SIGNED

    def _limit(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Limit)
        side = f"^{{{e.side}}}" if e.side else ""
        head = f"\\lim_{{{self.show(e.var)[0]} \\to {self.show(e.to)[0]}{side}}}"
        return f"{head} {self.at(e.expr, PRODUCT)}", SIGNED

    def _evaluated(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Evaluated)
        body, lo, hi = (self.show(p)[0] for p in (e.expr, e.lower, e.upper))
        return f"\\left[{body}\\right]_{{{lo}}}^{{{hi}}}", ATOM

    def _integral(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Integral)
        bounds = ""
        if e.lower is not None and e.upper is not None:
            bounds = f"_{{{self.show(e.lower)[0]}}}^{{{self.show(e.upper)[0]}}}"
        return f"\\int{bounds} {self.at(e.expr, PRODUCT)} \\, d{self.show(e.var)[0]}", JUXT


def _paren(text: str) -> str:
    return f"\\left({text}\\right)"


def _is_abs(e: Expr) -> bool:
    return isinstance(e, Func) and e.name == "abs" and len(e.args) == 1


def _function_name(name: str) -> str:
    if name in _HEADS:
        return _HEADS[name]
    if not name:
        return ""  # a point or a tuple: (1, 0)
    if re.fullmatch(r"[A-Za-z]'*", name):
        return name  # f, g, h, H(1, 0), L(x): one letter, as a book writes it
    return f"\\operatorname{{{name}}}"


def _brace_depth(text: str) -> int:
    level = best = 0
    for ch in text:
        if ch == "{":
            level += 1
            best = max(best, level)
        elif ch == "}":
            level -= 1
    return best


def to_latex(e: Expr, *, explicit: bool = False) -> str:
    """LaTeX for display that ``stepcalc.parse`` reads back to the same AST; ``explicit``:
    every function's argument in brackets, to show how juxtaposition was read."""
    with recursion_room(depth(e) * 2):
        return _Printer(explicit).show(e)[0]
