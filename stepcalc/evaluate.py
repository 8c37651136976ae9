"""``--at x=1``: the result's exact value (fractions stay fractions, e and π stay symbols,
sin(π/6) is 1/2), with a decimal beside it; or "undefined" and why.

The exact value comes from ``stepcalc.exact`` (substitute, then tidy with special values and
domain checks); a derivative's value from ``stepcalc.derivative_at``, which sees kinks and
jumps the formula alone misses (|x|' = sign x, yet |x| has no derivative at 0).  The
decimal from plain floating point.  No sympy.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from stepcalc.derivative_at import Origin, derivative_value, substitute
from stepcalc.errors import StepcalcError
from stepcalc.exact import Reason, UndefinedValue, exact_value, to_float
from stepcalc.expr import Equation, Expr, Sym, Vector
from stepcalc.limits import DEFAULT, Limits
from stepcalc.parse import parse, variable
from stepcalc.phrases import fill, word
from stepcalc.printing import to_text, to_unicode

__all__ = ["Evaluation", "Origin", "Typesetting", "evaluate_at", "parse_point", "reason_text", "to_float"]


Decimal = float | None | list["Decimal"]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A value at a point: exact (an expression, or a vector/matrix of them) and decimal.

    ``reasons`` has one entry per scalar of ``exact`` in reading order (row by row): None
    where the value is defined, else why not.  There ``exact`` holds the formula as
    substituted (``1/(3·0^(2/3))``) and ``decimal`` None."""

    point: tuple[tuple[Sym, Expr], ...]
    exact: Expr
    decimal: Decimal
    reasons: tuple[Reason | None, ...] = ()

    @property
    def undefined(self) -> bool | None:
        """True: a value does not exist; None: stepcalc could not decide; False: all defined."""
        missing = [r for r in self.reasons if r is not None]
        if any(r.settled for r in missing):
            return True
        return None if missing else False

    def text(self, *, unicode: bool = False, lang: str = "en") -> str:
        show = to_unicode if unicode else functools.partial(to_text, readable=True)
        return self.typeset(Typesetting(show), lang)

    def typeset(self, how: Typesetting, lang: str = "en") -> str:
        """ "at x = 1/2: 1 + cos(1/2) ≈ 1.878" in any format: ``how`` spells the mathematics and
        the words (LaTeX wraps words in ``\\text{}``, HTML escapes them and writes MathML)."""
        where = ", ".join(how.inline(Equation((s, v))) for s, v in self.point)
        head = fill(word("at_point", lang), [where], how.words)
        missing = [r for r in self.reasons if r is not None]
        if missing:
            value = _written(
                self.exact, iter(self.reasons), how.math, lambda r: how.words(_missing_word(r, lang))
            )
            why = "; ".join(reason_text(r, how.inline, lang, how.escape) for r in missing)
            return head + value + how.wrap(word("aside", lang).format(why))
        value = how.math(self.exact)
        if _incomplete(self.decimal):  # not a number: free symbols or undefined functions are left
            return head + value
        approx = _approx(self.decimal)
        same = approx == to_text(self.exact, readable=True)  # 2, not 2 ≈ 2
        return head + (value if same else f"{value}{how.approx}{approx}")

    def as_dict(self) -> dict[str, object]:
        """JSON: ``exact`` in stepcalc's text with ``nan`` (sympy's "not a number") where a
        value is undefined, ``decimal`` null there, ``undefined`` and ``reason`` in English."""
        missing = [r for r in self.reasons if r is not None]
        return {
            "at": {s.name: to_text(v) for s, v in self.point},
            "exact": _written(self.exact, iter(self.reasons), to_text, lambda r: "nan"),
            "decimal": self.decimal,
            "undefined": self.undefined,
            "reason": "; ".join(reason_text(r, to_text) for r in missing) or None,
        }


def reason_text(
    reason: Reason,
    show: Callable[[Expr], str] = to_text,
    lang: str = "en",
    escape: Callable[[str], str] = str,
) -> str:
    """A reason in words: its phrase (``escape``d for the format) with the expressions (and
    inner reasons) it names."""
    parts = [reason_text(p, show, lang, escape) if isinstance(p, Reason) else show(p) for p in reason.parts]
    return fill(word(reason.key, lang), parts, escape)


@dataclass(frozen=True, slots=True)
class Typesetting:
    """How a format writes a line of words and mathematics: ``math`` spells an expression,
    ``inline`` one inside words, ``escape`` a run of words and ``wrap`` sets it as words."""

    math: Callable[[Expr], str]
    inline_math: Callable[[Expr], str] | None = None
    escape: Callable[[str], str] = str
    wrap: Callable[[str], str] = str
    approx: str = " ≈ "

    def inline(self, e: Expr) -> str:
        return (self.inline_math or self.math)(e)

    def words(self, text: str) -> str:
        return self.wrap(self.escape(text))


def _missing_word(reason: Reason, lang: str) -> str:
    return word("undefined" if reason.settled else "undecided", lang)


def _written(
    e: Expr, reasons: Iterator[Reason | None], show: Callable[[Expr], str], missing: Callable[[Reason], str]
) -> str:
    """``e`` written with a word in place of each scalar that has a reason."""
    if isinstance(e, Vector):
        return "[" + ", ".join(_written(item, reasons, show, missing) for item in e.items) + "]"
    reason = next(reasons, None)
    return show(e) if reason is None else missing(reason)


def _incomplete(d: Decimal) -> bool:
    return d is None or (isinstance(d, list) and any(map(_incomplete, d)))


def _approx(d: Decimal) -> str:
    if isinstance(d, list):
        return "[" + ", ".join(map(_approx, d)) + "]"
    return f"{d:.10g}"


def parse_point(
    spec: str | Mapping[str, str | Expr] | Mapping[Sym, Expr], limits: Limits = DEFAULT
) -> dict[Sym, Expr]:
    """``"x=1, y=pi/2"``, ``{"x": "1"}`` or ``{Sym("x"): Num(1)}`` → {Sym: Expr}; a value may be
    a vector, ``x=[0, 1, 2]`` (the commas inside brackets are its own)."""
    items: list[tuple[str | Sym, str | Expr]] = []
    if isinstance(spec, str):
        for part in split_outside_brackets(spec, ","):
            name, eq, value = part.partition("=")
            if not eq or not name.strip() or not value.strip():
                raise StepcalcError(f"--at expects name=value, not {part.strip()!r}")
            items.append((name.strip(), value.strip()))
    else:
        items = list(spec.items())
    point: dict[Sym, Expr] = {}
    for key, given in items:
        read = parse(given, limits=limits) if isinstance(given, str) else given
        point[key if isinstance(key, Sym) else variable(key)] = read
    return point


def split_outside_brackets(text: str, sep: str) -> list[str]:
    """``text`` split at each ``sep`` (one character) outside brackets and parentheses: the
    points of ``x=[0, 1], y=2``, the sides of ``y' = f(x, y) = …``."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    return [*parts, text[start:]]


def evaluate_at(
    e: Expr,
    spec: str | Mapping[str, str | Expr] | Mapping[Sym, Expr],
    limits: Limits = DEFAULT,
    *,
    origins: Sequence[Origin | None] = (),
) -> Evaluation:
    """``e`` at the point ``spec``.  ``origins`` names, for each scalar of ``e`` in reading
    order, the function and variable it is the derivative of (None: a plain expression);
    there the one-sided test of ``derivative_at`` decides whether the value exists."""
    point = parse_point(spec, limits)
    scalars = _scalars(e)
    values: list[Expr] = []
    reasons: list[Reason | None] = []
    for i, item in enumerate(scalars):
        origin = origins[i] if i < len(origins) else None
        try:
            values.append(derivative_value(origin, item, point, limits) if origin else _plain(item, point))
            reasons.append(None)
        except UndefinedValue as undefined:
            values.append(substitute(item, point))
            reasons.append(undefined.reason)
    exact = _rebuilt(e, iter(values))
    decimals = iter(None if r else to_float(v) for v, r in zip(values, reasons, strict=True))
    return Evaluation(tuple(point.items()), exact, _decimal(e, decimals), tuple(reasons))


def _plain(e: Expr, point: Mapping[Sym, Expr]) -> Expr:
    return exact_value(substitute(e, point))


def _scalars(e: Expr) -> list[Expr]:
    """The entries of a vector or matrix in reading order; a scalar is its own entry."""
    return [s for item in e.items for s in _scalars(item)] if isinstance(e, Vector) else [e]


def _rebuilt(e: Expr, values: Iterator[Expr]) -> Expr:
    if isinstance(e, Vector):
        return Vector(tuple(_rebuilt(item, values) for item in e.items))
    return next(values)


def _decimal(e: Expr, decimals: Iterator[float | None]) -> Decimal:
    if isinstance(e, Vector):
        return [_decimal(item, decimals) for item in e.items]
    return next(decimals)
