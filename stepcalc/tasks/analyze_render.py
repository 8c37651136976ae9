"""A curve sketch in every format: the derivation of f′ and f″ as the renderer registry writes
it, then the solving steps, the two sign charts as tables (text grid, LaTeX tabular, Markdown
and HTML tables) and the conclusions, every word from the phrase tables (en, zh)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stepcalc.expr import Equation, Expr, Func, Num, Sym
from stepcalc.phrases import fill, word
from stepcalc.renderers import Renderer, renderer
from stepcalc.tasks.charts import Span
from stepcalc.tasks.sampling import decimal
from stepcalc.tasks.solve import Root, Step

if TYPE_CHECKING:
    from stepcalc.tasks.analyze import Analysis, Critical, End, Interval
    from stepcalc.tasks.charts import Chart, Mark

__all__ = ["analysis_dict", "render_analysis", "solving_lines"]

# how many of a step's expressions its phrase places one by one; the rest are joined by "or"
_FIXED = {
    "zero_product": 1,
    "numerator": 3,
    "never_zero": 1,
    "function_zero": 2,
    "linear": 2,
    "factor": 2,
    "quadratic": 2,
    "quadratic_none": 2,
    "numeric_polynomial": 1,
    "binomial": 2,
    "in_region": 3,
    "in_region_none": 3,
    "binomial_none": 2,
    "substitute": 3,
    "no_solution": 1,
    "exp_equation": 2,
    "root_equation": 2,
    "ln_equation": 2,
    "trig": 1,
    "divide_cos": 2,
    "reciprocal": 2,
    "double_angle": 2,
    "numeric": 3,
}
_SIGNS = {
    "text": {1: "+", -1: "-", 0: "0", "undefined": "||", "outside": "x", "up": "/", "down": "\\"},
    "unicode": {1: "+", -1: "-", 0: "0", "undefined": "‖", "outside": "×", "up": "↗", "down": "↘"},
    "latex": {
        1: "$+$",
        -1: "$-$",
        0: "$0$",
        "undefined": "$\\|$",
        "outside": "$\\times$",
        "up": "$\\nearrow$",
        "down": "$\\searrow$",
    },
    "html": {1: "+", -1: "−", 0: "0", "undefined": "‖", "outside": "×", "up": "↗", "down": "↘"},
}
_SIGNS["md"] = _SIGNS["latex"]
_CONCAVE = {"text": ("U", "n"), "unicode": ("∪", "∩"), "latex": ("$\\cup$", "$\\cap$"), "html": ("∪", "∩")}
_CONCAVE["md"] = _CONCAVE["latex"]
_INFINITY = {"text": "oo", "unicode": "∞", "latex": "$\\infty$", "md": "$\\infty$", "html": "∞"}
_LATEX_WIDTH = 90  # characters a LaTeX table can hold across the page (A4, 2 cm margins)
_PRINTED = re.compile(r"\\[a-zA-Z]+|[${}]")  # LaTeX commands and braces print no characters
_MINUS_INFINITY = {"text": "-oo", "unicode": "-∞", "latex": "$-\\infty$", "md": "$-\\infty$", "html": "−∞"}


@dataclass(frozen=True, slots=True)
class _Writer:
    """One format's way with mathematics, words, intervals and tables."""

    fmt: str
    lang: str
    how: Renderer

    def math(self, e: Expr) -> str:
        return self.how.math(e)

    def say(self, key: str, *parts: str) -> str:
        return fill(word(key, self.lang), list(parts), self.how.escape)

    def point(self, r: Root | None, sign: int) -> str:
        if r is None:
            return _INFINITY[self.fmt] if sign > 0 else _MINUS_INFINITY[self.fmt]
        return self.math(r.value)

    def interval(self, iv: Interval) -> str:
        left = "[" if iv.lo_closed else "("
        right = "]" if iv.hi_closed else ")"
        return f"{left}{self.point(iv.lo, -1)}, {self.point(iv.hi, 1)}{right}"

    def intervals(self, ivs: tuple[Interval, ...] | list[Interval]) -> str:
        if not ivs:
            return self.say("analyze_nowhere")
        return self.how.escape(" ∪ " if self.fmt != "text" else " U ").join(self.interval(i) for i in ivs)

    def either(self, parts: list[str]) -> str:
        return self.say("analyze_or").join(parts) if parts else self.say("analyze_none")


def render_analysis(a: Analysis, fmt: str, lang: str = "en", *, page: bool = True) -> str:
    """``a`` in format ``fmt`` (JSON: ``analysis_dict``); ``page=False``: HTML as a fragment."""
    if fmt == "json":
        return json.dumps(analysis_dict(a), indent=2, ensure_ascii=False)
    how = renderer(fmt)
    w = _Writer(fmt, lang, how)
    head = how.derivation(a.derivation, lang, page=page)
    blocks = _blocks(a, w)
    if fmt == "html":
        body = "".join(b if b.startswith("<table") else f'<p class="analysis">{b}</p>' for b in blocks)
        if not page:
            return head + body
        end = head.rindex("</div>\n</body>")
        return head[:end] + body + "\n" + head[end:]
    sep = "\n" if fmt in ("text", "unicode") else "\n\n"
    return head.rstrip("\n") + sep + sep.join(blocks) + "\n"


def _blocks(a: Analysis, w: _Writer) -> list[str]:
    x = a.x
    out = [w.say("analyze_title", w.math(Equation((Sym("y"), a.f))))]
    if a.window is not None:
        iv = _window_interval(a)
        out.append(w.say("analyze_on" if a.window_given else "analyze_period", w.interval(iv)))
    out.append(
        w.say("analyze_domain", w.intervals(a.domain) if not _all_reals(a) else w.say("analyze_reals"))
    )
    fp = Func("f'", (x,))
    out.append(w.say("analyze_solve", w.math(Equation((fp, a.first.of, Num(0))))))
    out += _steps(a.first.solution.steps, w)
    undefined = [m.point for m in a.first.marks if m.status == "undefined" and not m.edge]
    if undefined:
        out.append(
            w.say(
                "analyze_undefined", w.math(fp), w.either([w.math(Equation((x, p.value))) for p in undefined])
            )
        )
    out.append(w.say("analyze_chart_first", w.math(fp)))
    out.append(_table(a, a.first, w, second=False))
    out.append(w.say("analyze_increasing", w.intervals(a.increasing)))
    out.append(w.say("analyze_decreasing", w.intervals(a.decreasing)))
    out += [_critical_line(c, w) for c in a.critical] or [w.say("analyze_no_critical")]
    fpp = Func("f''", (x,))
    out.append(w.say("analyze_solve_second", w.math(Equation((fpp, a.second.of, Num(0))))))
    out += _steps(a.second.solution.steps, w)
    out.append(w.say("analyze_chart_second", w.math(fpp)))
    out.append(_table(a, a.second, w, second=True))
    out.append(w.say("analyze_concave_up", w.intervals(a.concave_up)))
    out.append(w.say("analyze_concave_down", w.intervals(a.concave_down)))
    points = [f"({w.math(p.value)}, {w.math(y)})" for p, y in a.inflections]
    out.append(w.say("analyze_inflections", w.either(points)))
    out += [_end_line(e, x, w) for e in a.ends]
    out.append(_absolute_line(a.absolute_min, "min", w))
    out.append(_absolute_line(a.absolute_max, "max", w))
    if a.numeric:
        out.append(w.say("analyze_numeric"))
    out.append(_verdict(a, w))
    return out


def _window_interval(a: Analysis) -> Interval:
    from stepcalc.tasks.analyze import Interval

    assert a.window is not None
    return Interval(a.window[0], a.window[1], True, True)


def _all_reals(a: Analysis) -> bool:
    return a.window is None and len(a.domain) == 1 and a.domain[0].lo is None and a.domain[0].hi is None


def _steps(steps: tuple[Step, ...], w: _Writer) -> list[str]:
    out = []
    for step in steps:
        fixed = _FIXED[step.key]
        parts = [w.math(m) for m in step.math[:fixed]]
        while len(parts) < fixed:
            parts.append("")
        tail = [w.math(m) for m in step.math[fixed:]]
        out.append("  " * (w.fmt in ("text", "unicode")) + w.say(f"solve_{step.key}", *parts, w.either(tail)))
    return out


def solving_lines(steps: tuple[Step, ...], how: Renderer, lang: str) -> list[str]:
    """The named steps of solving an equation, in ``how``'s format (one line or paragraph each)."""
    return _steps(steps, _Writer(how.name, lang, how))


def _critical_line(c: Critical, w: _Writer) -> str:
    x = w.math(c.x.value)
    value = w.math(Equation((Func("f", (c.x.value,)), c.y)))
    if not c.x.numeric and _approx(c.y) is not None:
        value += w.how.escape(" ≈ ") + w.math(decimal(_approx(c.y) or 0.0))
    why = w.say("analyze_undefined_kind" if c.kind == "undefined" else f"analyze_{c.kind}", x, value)
    if c.second is not None and c.derivative == "zero":
        sign = _sign(c.second)
        test = (
            "analyze_second_min" if sign > 0 else "analyze_second_max" if sign < 0 else "analyze_second_none"
        )
        why += w.say("analyze_aside", w.say(test, w.math(Equation((Func("f''", (c.x.value,)), c.second)))))
    if c.derivative == "undefined":
        why += w.say("analyze_aside", w.say("analyze_no_derivative", w.math(Func("f'", (c.x.value,)))))
    return why


def _approx(e: Expr) -> float | None:
    """The decimal of an irrational value (ln(485/256) ≈ 0.638971); None for a rational one."""
    from stepcalc.exact import to_float
    from stepcalc.rules.base import rational

    return None if rational(e) is not None else to_float(e)


def _sign(e: Expr) -> int:
    from stepcalc.exact import to_float

    v = to_float(e) or 0.0
    return 0 if abs(v) < 1e-12 else (1 if v > 0 else -1)


def _end_line(e: End, x: Sym, w: _Writer) -> str:
    if e.at is None:
        where = w.point(None, -e.side)
    else:
        where = (
            w.math(e.at.value) + ("⁺" if e.side > 0 else "⁻")
            if w.fmt != "latex" and w.fmt != "md"
            else (f"${_latex(e.at.value)}^{{{'+' if e.side > 0 else '-'}}}$")
        )
    if e.limit is None:
        return w.say("analyze_limit_unknown", where, w.math(x))
    value = w.point(None, 1 if e.limit > 0 else -1) if math.isinf(e.limit) else w.math(decimal(e.limit))
    return w.say("analyze_limit" if not e.exact else "analyze_limit_exact", where, value, w.math(x))


def _latex(e: Expr) -> str:
    from stepcalc.latex_print import to_latex

    return to_latex(e)


def _absolute_line(found: tuple[tuple[Root, Expr], ...] | None, which: str, w: _Writer) -> str:
    if found is None:
        return w.say(f"analyze_abs_{which}_undecided")
    if not found:
        return w.say(f"analyze_abs_{which}_none")
    value = w.math(found[0][1])
    return w.say(
        f"analyze_abs_{which}", value, w.either([w.math(Equation((Sym("x"), p.value))) for p, _ in found])
    )


def _verdict(a: Analysis, w: _Writer) -> str:
    verdict = a.verified
    if verdict is True:
        return w.say("analyze_verified")
    if verdict is False:
        failed = [k for k, v in a.checks.items() if v is False] or ["derivation"]
        return w.say("analyze_refuted", ", ".join(w.say(f"analyze_check_{k}") for k in failed))
    if not a.checks:
        return w.say("analyze_not_checked")
    open_ = [k for k, v in a.checks.items() if v is None] or ["derivation"]
    return w.say("analyze_unverified", ", ".join(w.say(f"analyze_check_{k}") for k in open_))


# ---------------------------------------------------------------- sign charts as tables
def _table(a: Analysis, chart: Chart, w: _Writer, *, second: bool) -> str:
    """The chart as a grid: a column per interval and per point, rows for the factors, g and f."""
    signs, x = _SIGNS[w.fmt], a.x
    columns = _columns(chart)

    def row(label: Expr, on_span: Callable[[Span], str], on_mark: Callable[[Mark], str]) -> list[str]:
        return [w.math(label), *(on_span(c) if isinstance(c, Span) else on_mark(c) for c in columns)]

    def outside(cell: Callable[[Span], str]) -> Callable[[Span], str]:
        return lambda s: cell(s) if s.defined else signs["outside"]

    header = [w.math(x)] + [
        w.interval(_open(c.lo, c.hi)) if isinstance(c, Span) else w.math(c.point.value) for c in columns
    ]
    rows = [header]
    if chart.sign < 0:  # the constant factor's sign, so that each column's signs multiply to g's
        rows.append(row(Num(-1), outside(lambda s: signs[-1]), lambda m: ""))
    for k, factor in enumerate(chart.rows):
        rows.append(row(factor.factor, outside(_factor_sign(signs, k)), _factor_zero(signs, k, factor.below)))
    rows.append(
        row(
            Func("f''" if second else "f'", (x,)),
            outside(lambda s: signs[s.sign]),
            lambda m: _status(m, signs),
        )
    )
    up, down = _CONCAVE[w.fmt] if second else (signs["up"], signs["down"])
    rows.append(
        row(
            Func("f", (x,)),
            outside(lambda s: up if s.sign > 0 else down if s.sign < 0 else ""),
            lambda m: w.math(m.value) if m.defined and m.value is not None else signs["undefined"],
        )
    )
    return _grid(rows, w.fmt)


def _factor_sign(signs: dict[Any, str], k: int) -> Callable[[Span], str]:
    return lambda s: signs[s.signs[k]]


def _factor_zero(signs: dict[Any, str], k: int, below: bool) -> Callable[[Mark], str]:
    """0 where a factor above the line vanishes; ‖ where one below does (g undefined)."""
    zero = signs["undefined"] if below else signs[0]
    return lambda m: zero if m.zero_rows[k] else ""


def _columns(chart: Chart) -> list[Span | Mark]:
    """Intervals and points in order, without the intervals outside f's domain at either end
    (x² ln x is charted from 0, where it is undefined, not from −∞)."""
    columns: list[Span | Mark] = []
    if chart.marks and chart.marks[0].edge:
        columns.append(chart.marks[0])
    for i, span in enumerate(chart.spans):
        columns.append(span)
        mark = chart.after(i)
        if mark is not None:
            columns.append(mark)
    inside = [k for k, c in enumerate(columns) if isinstance(c, Span) and c.defined]
    if not inside:
        return columns
    first, last = max(inside[0] - 1, 0), min(inside[-1] + 1, len(columns) - 1)
    return columns[first : last + 1]


def _status(mark: Mark, signs: dict[Any, str]) -> str:
    return signs[0] if mark.status == "zero" else signs["undefined"] if mark.status == "undefined" else ""


def _open(lo: Root | None, hi: Root | None) -> Interval:
    from stepcalc.tasks.analyze import Interval

    return Interval(lo, hi)


def _pages(rows: list[list[str]]) -> list[list[int]]:
    """The chart's columns in groups whose typeset widths (estimated from the characters that
    print) fit a page beside the row labels."""

    def width(c: int) -> int:
        return max(len(_PRINTED.sub("", r[c])) for r in rows) + 2

    groups: list[list[int]] = [[]]
    room, used = _LATEX_WIDTH - width(0), 0
    for c in range(1, len(rows[0])):
        if groups[-1] and used + width(c) > room:
            groups.append([])
            used = 0
        groups[-1].append(c)
        used += width(c)
    return groups


def _tabular(rows: list[list[str]]) -> str:
    spec = "l|" + "c" * (len(rows[0]) - 1)
    body = " \\\\\n".join(" & ".join(r) for r in rows[1:])
    table = f"\\begin{{tabular}}{{{spec}}}\n{' & '.join(rows[0])} \\\\ \\hline\n{body}\n\\end{{tabular}}"
    return "{\\setlength{\\tabcolsep}{4pt}" + table + "}"  # narrower than LaTeX's 6pt: more fits


def _grid(rows: list[list[str]], fmt: str) -> str:
    if fmt in ("text", "unicode"):
        widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
        lines = [
            " | ".join(
                cell.center(wd) if c else cell.ljust(wd)
                for c, (cell, wd) in enumerate(zip(r, widths, strict=True))
            )
            for r in rows
        ]
        rule = "-+-".join("-" * wd for wd in widths)
        return "\n".join(line.rstrip() for line in [lines[0], rule, *lines[1:]])
    if fmt == "latex":  # a chart wider than the page is cut into tables stacked one above the other
        return "\n\n".join(_tabular([[r[0], *(r[c] for c in group)] for r in rows]) for group in _pages(rows))
    if fmt == "md":
        head = "| " + " | ".join(rows[0]) + " |"
        rule = "|" + "|".join(["---"] + [":---:"] * (len(rows[0]) - 1)) + "|"
        return "\n".join([head, rule, *("| " + " | ".join(r) + " |" for r in rows[1:])])
    head = "".join(f"<th>{c}</th>" for c in rows[0])
    body = "".join(
        "<tr>" + f"<th>{r[0]}</th>" + "".join(f"<td>{c}</td>" for c in r[1:]) + "</tr>" for r in rows[1:]
    )
    return f'<table class="sign-chart"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


# ---------------------------------------------------------------- JSON
def analysis_dict(a: Analysis) -> dict[str, Any]:
    from stepcalc.latex_print import to_latex
    from stepcalc.oracle import sympy_text
    from stepcalc.printing import to_text

    def s(r: Root | None, sign: int = 1) -> str:
        return ("oo" if sign > 0 else "-oo") if r is None else sympy_text(r.value)

    def forms(e: Expr) -> dict[str, str]:
        return {"text": to_text(e), "latex": to_latex(e), "sympy": sympy_text(e)}

    def ivs(found: tuple[Interval, ...]) -> list[list[str]]:
        return [[s(i.lo, -1), s(i.hi, 1)] for i in found]

    def pts(found: tuple[tuple[Root, Expr], ...] | None) -> list[list[str]] | None:
        return None if found is None else [[s(p), sympy_text(y)] for p, y in found]

    return {
        "problem": {
            "kind": "analyze",
            "input": a.derivation.problem.input,
            "wrt": a.x.name,
            "interval": None if a.window is None else [s(a.window[0]), s(a.window[1])],
        },
        "domain": [[s(i.lo, -1), s(i.hi, 1)] for i in a.domain],
        "derivative": forms(a.first.of),
        "second_derivative": forms(a.second.of),
        "critical_points": [
            {
                "x": s(c.x),
                "y": sympy_text(c.y),
                "kind": c.kind,
                "derivative": c.derivative,
                "numeric": c.x.numeric,
            }
            for c in a.critical
        ],
        "increasing": ivs(a.increasing),
        "decreasing": ivs(a.decreasing),
        "concave_up": ivs(a.concave_up),
        "concave_down": ivs(a.concave_down),
        "local_min": [[s(c.x), sympy_text(c.y)] for c in a.local_min],
        "local_max": [[s(c.x), sympy_text(c.y)] for c in a.local_max],
        "inflection_points": pts(a.inflections),
        "absolute_min": pts(a.absolute_min),
        "absolute_max": pts(a.absolute_max),
        "limits": [_limit_dict(e, s) for e in a.ends],
        "numeric": a.numeric,
        "derivation": a.derivation.to_dict(),
        "checks": a.checks,
        "verified": a.verified,
    }


def _limit_dict(e: End, s: Any) -> dict[str, Any]:
    value: str | None
    if e.limit is None:
        value = None
    elif math.isinf(e.limit):
        value = "oo" if e.limit > 0 else "-oo"
    else:
        value = repr(e.limit)
    at = s(None, -e.side) if e.at is None else s(e.at)
    return {"at": at, "side": "+" if e.side > 0 else "-", "limit": value, "numeric": not e.exact}
