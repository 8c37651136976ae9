"""Gradient descent in every format: the derivation of ∇f, then the iteration table in the notes'
columns (i, the point, ∇f, the step, f, and a method's state), then why it stopped."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING

from stepcalc.expr import Expr, Neg, Num
from stepcalc.phrases import word
from stepcalc.renderers import Renderer, renderer
from stepcalc.tasks.extrema_render import say
from stepcalc.tasks.tables import table

if TYPE_CHECKING:
    from stepcalc.tasks.descent import Descent, Row

__all__ = ["decimal_text", "descent_table", "render_descent"]

DIGITS = 10  # decimal places shown at most unless asked (the values are exact to 28 digits)


def decimal_text(v: Decimal, digits: int | None = None) -> str:
    """``v`` with at least two decimal places, as the notes print them (3.00, -0.60, 13.00), and
    at most ``digits`` (DIGITS by default), rounded half to even."""
    places = DIGITS if digits is None else digits
    rounded = v.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN) if v.adjusted() < 20 else v
    text = format(rounded.normalize(), "f")
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    frac = frac.ljust(2 if digits is None else min(2, places), "0")
    out = f"{whole}.{frac}" if frac else whole
    return "0.00" if out in ("-0.00", "-0") else out


def _headers(found: Descent, unicode: bool) -> list[str]:
    names = [x.name for x in found.variables]
    d = "∂" if unicode else "d"
    columns = [
        "i",
        *names,
        *(f"{d}f/{d}{n}" for n in names),
        *(f"Δ{n}" if unicode else f"step_{n}" for n in names),
    ]
    for key in _state_keys(found):
        columns += [f"{key}_{n}" for n in names]
    return [*columns, "f"]


def _state_keys(found: Descent) -> list[str]:
    return {"gd": [], "momentum": ["velocity"], "adam": ["m", "v"]}[found.method]


def _cells(row: Row, found: Descent, digits: int | None) -> list[str]:
    """A row's cells; the last point takes no step, and its step and state cells are empty."""
    n = len(row.point)
    shown = [decimal_text(v, digits) for v in (*row.point, *row.grad)]
    shown += [decimal_text(v, digits) for v in row.step] if row.step else [""] * n
    for key in _state_keys(found):
        shown += [decimal_text(v, digits) for v in row.state[key]] if key in row.state else [""] * n
    return [str(row.i), *shown, decimal_text(row.f, digits)]


def descent_table(found: Descent, fmt: str, digits: int | None = None) -> str:
    """The iteration table in ``fmt``: aligned columns, a Markdown or HTML table, a LaTeX tabular."""
    unicode = fmt != "text"
    head = _headers(found, unicode)
    rows = [_cells(r, found, digits) for r in found.rows]
    if fmt == "latex":
        head = [_latex_header(h) for h in head]
    return table(head, rows, fmt, "descent")


def _latex_header(h: str) -> str:
    if h.startswith("∂f/∂"):
        return "\\frac{\\partial f}{\\partial " + h[4:] + "}"
    if h.startswith("Δ"):
        return "\\Delta " + h[1:]
    if "_" in h:
        key, name = h.split("_", 1)
        return f"{key}_{{{name}}}"
    return h


def render_descent(
    found: Descent, fmt: str, lang: str = "en", *, digits: int | None = None, page: bool = True
) -> str:
    """``found`` in format ``fmt`` (JSON: ``Descent.to_dict``); ``page=False``: an HTML fragment."""
    if fmt == "json":
        return json.dumps(found.to_dict(), indent=2, ensure_ascii=False)
    how = renderer(fmt)
    head = how.derivation(
        found.derivation, lang, page=page, tags=True, label=word("page_title_descent", lang)
    )
    lines = [
        say(how, lang, f"descent_{found.method}", how.math(_num(found.rate))),
        descent_table(found, fmt, digits),
        _stop(found, how, lang, digits),
    ]
    if found.checked is not None:
        from stepcalc.tasks.descent import CHECKED_ROWS

        rows = str(min(len(found.rows), CHECKED_ROWS + 1))
        lines.append(say(how, lang, "descent_checked" if found.checked else "descent_refuted", rows))
    if fmt == "html":
        block = "".join(
            line if line.startswith("<table") else f'<p class="descent">{line}</p>' for line in lines
        )
        if not page:
            return head + block
        end = head.rindex("</div>\n</body>")
        return head[:end] + block + "\n" + head[end:]
    gap = "\n" if fmt in ("text", "unicode") else "\n\n"
    return head.rstrip("\n") + gap + gap.join(lines) + "\n"


def _stop(found: Descent, how: Renderer, lang: str, digits: int | None) -> str:
    last = found.rows[-1] if found.rows else None
    steps = str(last.i if last is not None else 0)
    if found.stop == "diverged":
        if found.limit is not None and found.rate >= found.limit:
            return say(
                how,
                lang,
                "descent_diverged_rate",
                how.math(_num(found.rate)),
                how.math(_num(found.limit)),
                steps,
            )
        return say(how, lang, "descent_diverged", steps)
    point = ", ".join(decimal_text(v, digits) for v in last.point) if last else ""
    value = decimal_text(last.f, digits) if last else ""
    key = "descent_tolerance" if found.stop == "tolerance" else "descent_steps"
    return say(how, lang, key, steps, how.escape(f"({point})"), how.escape(value))


def _num(v: Decimal) -> Expr:
    """A decimal as a number node, written as given (0.1, 1.1, 2)."""
    from fractions import Fraction

    q = Fraction(abs(v))
    text = format(v.normalize(), "f")
    decimal = "." in text
    value: int | Fraction = int(q.numerator) if q.denominator == 1 else q
    node: Expr = Num(value, decimal=decimal)
    return node if v >= 0 else Neg(node)
