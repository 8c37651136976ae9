"""AST → presentation MathML, for HTML pages that need no JavaScript and no network.

The walk follows ``stepcalc.latex_print``: each node prints as (markup, precedence level),
and brackets appear where the precedence needs them.  Products are juxtaposed with an
invisible times (``&#x2062;``) so screen readers say "times"; function applications carry
``&#x2061;`` (function application).  Fractions are ``mfrac``, roots ``msqrt``, vectors and
matrices ``mtable`` between brackets, sums ``munderover``.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from html import escape

from stepcalc import catalogue
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

__all__ = ["to_mathml"]

_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ", "eta": "η",
    "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "omicron": "ο", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ",
    "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip
# Each function's name as the catalogue shows it (arcsin, σ, sgn); bare for a simple argument
# as in LaTeX (sin x, arcsin x); (sin x)^2 as sin² x.
_NAMES = {f.name: f.mathml or f.shown or f.name for f in catalogue.CATALOGUE}
_BARE = frozenset(f.name for f in catalogue.CATALOGUE if f.bare or f.bare_typeset)
TIMES = "<mo>&#x2062;</mo>"  # invisible times
THIN_TIMES = '<mo lspace="0.17em" rspace="0.17em">&#x2062;</mo>'  # e^x cos x: a thin space around a function
APPLY = '<mo rspace="0.17em">&#x2061;</mo>'  # function application, with a thin space: ln x


def _mi(text: str) -> str:
    return f"<mi>{escape(text)}</mi>"


def _mo(text: str) -> str:
    return f"<mo>{escape(text)}</mo>"


def _row(*parts: str) -> str:
    return "<mrow>" + "".join(parts) + "</mrow>"


_TALL = ("<mfrac", "<mtable", "<munderover")


def _paren(markup: str) -> str:
    """Brackets that grow only around something tall (a fraction, a table): Chromium sets a
    stretchy bracket around a plain x⁴ with wide gaps, "( x⁴ )"."""
    stretchy = "true" if any(tag in markup for tag in _TALL) else "false"
    return _row(f'<mo stretchy="{stretchy}">(</mo>', markup, f'<mo stretchy="{stretchy}">)</mo>')


def _symbol(name: str) -> str:
    base, _, sub = name.partition("_")
    if base[:1] == "d" and base[1:] in _GREEK and not sub:  # dθ, the differential of θ
        return _row(_mi("d"), _mi(_GREEK[base[1:]]))
    head = _mi(_GREEK.get(base, base))
    if not sub:
        return head
    if sub.isdigit():
        sub_markup = f"<mn>{sub}</mn>"
    elif sub in _GREEK or not (sub.isalpha() and sub.isascii() and len(sub) == 2):
        sub_markup = _mi(_GREEK.get(sub, sub))
    else:  # two indices, a_jk: each its own italic identifier, not the upright word "jk"
        sub_markup = _row(*(_mi(c) for c in sub))
    return f"<msub>{head}{sub_markup}</msub>"


class _Printer(StackedPrinter):
    def bracket(self, text: str) -> str:
        return _paren(text)

    def _sym(self, e: Sym) -> tuple[str, int]:
        return _symbol(e.name), ATOM

    def _const(self, e: Const) -> tuple[str, int]:
        return _mi({"pi": "π", "oo": "∞"}.get(e.name, "e")), ATOM

    def _num(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Num)
        value = e.value
        if e.sci is not None:  # 6.02e23 shown as 6.02 × 10²³
            mantissa = format_number(value, e.decimal, e.sci).partition("e")[0]
            power = (
                f"<msup><mn>10</mn><mn>{e.sci}</mn></msup>"
                if e.sci >= 0
                else (f"<msup><mn>10</mn><mrow><mo>−</mo><mn>{-e.sci}</mn></mrow></msup>")
            )
            return _row(f"<mn>{mantissa}</mn>", _mo("×"), power), PRODUCT  # a product, as in LaTeX
        if isinstance(value, Fraction) and value.denominator != 1 and not e.decimal:
            return f"<mfrac><mn>{value.numerator}</mn><mn>{value.denominator}</mn></mfrac>", ATOM
        return f"<mn>{format_number(value, e.decimal)}</mn>", ATOM

    def _div(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Div)
        return f"<mfrac>{_row(self.show(e.num)[0])}{_row(self.show(e.den)[0])}</mfrac>", ATOM

    def _pow(self, e: Expr, bare: bool = True) -> tuple[str, int]:
        assert isinstance(e, Pow)
        f = e.base
        if power_prefix(e):  # sin² x
            assert isinstance(f, Func)
            head = f"<msup>{_mi(_NAMES.get(f.name, f.name))}{self.show(e.exp)[0]}</msup>"
            markup = self._argument(f.args[0], bare=bare)
            return _row(head, APPLY, markup), (JUXT if not markup.startswith("<mrow><mo") else POSTFIX)
        exponent = self.show(e.exp)[0]
        if e.exp == Sym("T"):
            exponent = _paren(exponent)  # x^T would read as a transpose
        return f"<msup>{self.base(f)}{_row(exponent)}</msup>", POSTFIX

    def _transpose(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Transpose)
        return f"<msup>{self.base(e.arg)}<mi>T</mi></msup>", POSTFIX

    # -- the pieces StackedPrinter puts together
    def sign(self, op: str) -> str:
        return _mo({"-": "−"}.get(op, op))

    def minus(self) -> str:
        return _mo("−")

    def row(self, parts: Sequence[str]) -> str:
        return _row(*parts)

    def glue(self, prev: Expr, factor: Expr) -> str:
        return THIN_TIMES if isinstance(factor, Func) or isinstance(prev, Func) else TIMES

    def closed(self, e: Expr) -> tuple[str, int]:
        if isinstance(e, Pow):
            return self._pow(e, bare=False)
        if isinstance(e, Func):
            return self._func_text(e, bare=False)
        return self.show(e)

    def _argument(self, e: Expr, bare: bool) -> str:
        markup = self.show(e)[0]
        if isinstance(e, Func) and e.name == "abs":
            return markup  # ln|x|: the bars close the argument
        return markup if bare and bare_argument(e, stacked=True) else _paren(markup)

    def _func(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Func)
        return self._func_text(e, bare=True)

    def _func_text(self, e: Func, bare: bool) -> tuple[str, int]:
        name, args = e.name, e.args
        if name == "abs" and len(args) == 1:
            return _row('<mo fence="true">|</mo>', self.show(args[0])[0], '<mo fence="true">|</mo>'), ATOM
        if name == "sqrt" and len(args) == 1:
            return f"<msqrt>{self.show(args[0])[0]}</msqrt>", POSTFIX
        if name == "cbrt" and len(args) == 1:
            return f"<mroot>{_row(self.show(args[0])[0])}<mn>3</mn></mroot>", POSTFIX
        if name == "log" and len(args) == 2 and subscript_base(args[1]):
            head = f"<msub>{_mi('log')}{_row(self.show(args[1])[0])}</msub>"
            markup = self._argument(args[0], bare=bare)
            return _row(head, APPLY, markup), (JUXT if not markup.startswith("<mrow><mo") else POSTFIX)
        head = _mi(_NAMES.get(name, name))
        if name in _BARE and len(args) == 1:
            markup = self._argument(args[0], bare=bare)
            return _row(head, APPLY, markup), (JUXT if not markup.startswith("<mrow><mo") else POSTFIX)
        inner = _row(
            *[x for i, a in enumerate(args) for x in ((_mo(","),) if i else ()) + (self.show(a)[0],)]
        )
        return _row(head, APPLY, _paren(inner)), POSTFIX

    def _norm(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Norm)
        body = _row('<mo fence="true">‖</mo>', self.show(e.arg)[0], '<mo fence="true">‖</mo>')
        if e.kind:
            sub = f"<mn>{e.kind}</mn>" if e.kind.isdigit() else _mi(e.kind)
            return f"<msub>{body}{sub}</msub>", ATOM
        return body, ATOM

    def _deriv(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Deriv)
        inner = _paren(self.show(e.expr)[0])
        if e.var is None:
            return _row(inner, "<mo>′</mo>"), POSTFIX  # the prime glyph is raised already
        d = "∂" if e.partial else "d"
        var = _symbol(e.var.name)
        if isinstance(e.expr, Sym):
            return f"<mfrac>{_row(_mi(d), _symbol(e.expr.name))}{_row(_mi(d), var)}</mfrac>", ATOM
        return _row(f"<mfrac>{_mi(d)}{_row(_mi(d), var)}</mfrac>", inner), SIGNED

    def _grad(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Grad)
        inner = self.show(e.expr)[0]
        if not isinstance(e.expr, Sym | Norm | Pow | Transpose):
            inner = _paren(inner)
        return _row(f"<msub><mo>∇</mo>{_symbol(e.var.name)}</msub>", inner), SIGNED

    def _vector(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Vector)
        rows = [row.items for row in e.items] if is_matrix(e) else [(item,) for item in e.items]  # type: ignore[attr-defined]
        table = "".join(
            "<mtr>" + "".join(f"<mtd>{self.show(x)[0]}</mtd>" for x in row) + "</mtr>" for row in rows
        )
        return _row(
            '<mo stretchy="true">[</mo>', f"<mtable>{table}</mtable>", '<mo stretchy="true">]</mo>'
        ), ATOM

    def _equation(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Equation)
        parts = [
            x for i, side in enumerate(e.sides) for x in ((_mo("="),) if i else ()) + (self.show(side)[0],)
        ]
        return _row(*parts), 0

    def _sum(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Sum)
        under = _row(_symbol(e.index.name), _mo("="), self.show(e.lower)[0])
        head = f"<munderover><mo>∑</mo>{under}{_row(self.show(e.upper)[0])}</munderover>"
        return _row(head, self.at(e.body, JUXT)), SIGNED

    def _limit(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Limit)
        to = self.show(e.to)[0]
        if e.side:
            to = f"<msup>{_row(to)}{_mo(e.side)}</msup>"
        under = _row(self.show(e.var)[0], _mo("→"), to)
        return _row(f"<munder><mo>lim</mo>{under}</munder>", self.at(e.expr, PRODUCT)), SIGNED

    def _evaluated(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Evaluated)
        body = _row('<mo stretchy="true">[</mo>', self.show(e.expr)[0], '<mo stretchy="true">]</mo>')
        return f"<msubsup>{body}{_row(self.show(e.lower)[0])}{_row(self.show(e.upper)[0])}</msubsup>", ATOM

    def _integral(self, e: Expr) -> tuple[str, int]:
        assert isinstance(e, Integral)
        sign = "<mo>∫</mo>"
        if e.lower is not None and e.upper is not None:
            sign = f"<msubsup>{sign}{_row(self.show(e.lower)[0])}{_row(self.show(e.upper)[0])}</msubsup>"
        d = _row(_mi("d"), self.show(e.var)[0])
        return _row(sign, self.at(e.expr, PRODUCT), '<mspace width="0.17em"/>', d), JUXT


def _piece_mo(op: str) -> str:
    """An operator at the edge of a piece: a bracket there has nothing to grow with, and a sign
    is the infix one it was in the whole line (spaced on both sides, not a prefix −x)."""
    if op in "()":
        return f'<mo stretchy="false">{op}</mo>'
    if op in _NAMES:  # ln( … ): a function whose argument is cut in pieces
        return _mi(_NAMES[op]) + APPLY
    return f'<mo form="infix">{escape(op)}</mo>' if op in "+−·" else _mo(op)


def to_mathml(
    e: Expr,
    *,
    display: bool = False,
    alttext: str | None = None,
    large: bool = False,
    before: str = "",
    after: str = "",
) -> str:
    """A ``<math>`` element for ``e`` (``display="block"`` when ``display``; ``large`` keeps it
    inline but in display style, full-size fractions).  ``before`` and ``after`` are operators
    written around it: a piece of a line broken in several, ``+ 2x``, ``(3x²``, ``)′``."""
    with recursion_room(depth(e) * 2):
        body = _Printer().show(e)[0]
    if before or after:
        body = _row(*map(_piece_mo, before.split()), body, *map(_piece_mo, after.split()))
    attributes = ' display="block"' if display else (' displaystyle="true"' if large else "")
    if alttext:
        attributes += f' alttext="{escape(alttext, quote=True)}"'
    return f'<math xmlns="http://www.w3.org/1998/Math/MathML"{attributes}>{body}</math>'
