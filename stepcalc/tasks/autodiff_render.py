"""Automatic differentiation in every format: the graph's nodes, the forward-mode table (a tangent
column per pass), the reverse pass as the adjoints from the output down with every contribution,
the counts, and the gradient beside the symbolic one, the finite differences and sympy's."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from stepcalc.expr import (
    Add,
    Div,
    Equation,
    Expr,
    Func,
    Grad,
    MatMul,
    Mul,
    Neg,
    Norm,
    Pow,
    Sym,
    Transpose,
    Vector,
)
from stepcalc.renderers import Renderer, renderer
from stepcalc.tasks.extrema_render import say
from stepcalc.tasks.tables import table

if TYPE_CHECKING:
    from stepcalc.tasks.autodiff import AutoDiff, Node
    from stepcalc.tasks.autodiff_values import Value

__all__ = ["number_text", "render_autodiff", "shown", "value_text"]


def number_text(v: float, digits: int = 10) -> str:
    """A float as a book prints it: 10 significant digits, no trailing zeros (2, 0.8414709848)."""
    text = f"{v:.{digits}g}"
    return "0" if text in ("-0", "0") else text


def value_text(v: Value, fmt: str = "unicode", digits: int = 10) -> str:
    """A number, or a vector's entries in brackets: a column [0, 1, 2], a row [0, 1, 2]ᵀ."""
    from stepcalc.tasks.autodiff_values import Vec

    if not isinstance(v, Vec):
        return number_text(v, digits)
    entries = "[" + ", ".join(number_text(a, digits) for a in v.items) + "]"
    if not v.row:
        return entries
    return entries + {"latex": "^{\\top}", "text": "^T"}.get(fmt, "ᵀ")


def shown(node: Node, found: AutoDiff, *, subscripts: bool = False) -> Expr:
    """The node's operation written on its inputs' names: v3 = v1 + v2, v2 = sin x (v_3 = v_1
    + v_2 with ``subscripts``, for LaTeX)."""
    import re

    names = [Sym(found.nodes[i].name) for i in node.inputs]
    if subscripts:
        names = [Sym(re.sub(r"^v(\d+)$", r"v_\1", n.name)) for n in names]
    e = node.expr
    match e:
        case Add():
            return Add(tuple(names))
        case Mul():
            return Mul(tuple(names))
        case MatMul():
            return MatMul(tuple(names))
        case Transpose():
            return Transpose(names[0])
        case Norm(kind=kind):
            return Norm(names[0], kind)
        case Div():
            return Div(names[0], names[1])
        case Neg():
            return Neg(names[0])
        case Pow(base=Norm(kind=kind), exp=x) if node.op == "normsq":
            return Pow(Norm(names[0], kind), x)
        case Pow(exp=x) if len(names) == 1:
            return Pow(names[0], x)
        case Pow():
            return Pow(names[0], names[1])
        case Func(name=name):
            return Func(name, tuple(names))
    return e


def render_autodiff(
    found: AutoDiff, fmt: str, lang: str = "en", *, mode: str = "both", page: bool = True
) -> str:
    """``found`` in ``fmt`` (JSON: ``AutoDiff.to_dict``); ``mode``: forward, reverse or both;
    ``page=False``: an HTML fragment (a sheet's solution)."""
    if fmt == "json":
        return json.dumps(found.to_dict(), indent=2, ensure_ascii=False)
    how = renderer(fmt)
    point = ", ".join(
        f"{x.name} = {value_text(v, fmt)}" for x, v in zip(found.variables, found.point, strict=True)
    )
    blocks = [say(how, lang, "autodiff_graph", how.math(Equation((Sym("f"), found.f))), how.escape(point))]
    columns = ["node", "op", "=", "value"]
    if fmt == "latex":
        columns = [f"\\text{{{h}}}" if h != "=" else h for h in columns]
    blocks.append(table(columns, _node_rows(found, how), fmt, "autodiff"))
    if mode in ("forward", "both"):
        blocks += [say(how, lang, "autodiff_forward", str(len(found.tangents))), _forward_table(found, fmt)]
    if mode in ("reverse", "both"):
        blocks += [
            say(how, lang, "autodiff_reverse", found.nodes[-1].name),
            *_reverse_lines(found, how, lang),
        ]
    blocks.append(say(how, lang, "autodiff_counts", str(len(found.tangents)), str(len(found.nodes))))
    blocks += _gradient_lines(found, how, lang)
    if fmt == "html":
        body = "".join(b if b.startswith("<table") else f'<p class="autodiff">{b}</p>' for b in blocks)
        if not page:
            return body
        head = f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8"></head>\n'
        return f"{head}<body>{body}</body>\n</html>\n"
    gap = "\n" if fmt in ("text", "unicode") else "\n\n"
    return gap.join(blocks) + "\n"


def _node_rows(found: AutoDiff, how: Renderer) -> list[list[str]]:
    latex = how.name == "latex"
    rows = []
    for node in found.nodes:
        name = _latex_name(node.name) if latex else node.name
        op = f"\\text{{{node.op}}}" if latex else node.op
        written = "" if node.op == "input" else _plain(how, shown(node, found, subscripts=latex))
        rows.append([name, op, written, value_text(node.value, how.name)])
    return rows


def _plain(how: Renderer, e: Expr) -> str:
    if how.name in ("text", "unicode", "md", "html"):
        from stepcalc.printing import to_text, to_unicode

        return to_unicode(e) if how.name != "text" else to_text(e, readable=True)
    from stepcalc.latex_print import to_latex

    return to_latex(e)


def _forward_table(found: AutoDiff, fmt: str) -> str:
    dot = "d" if fmt == "text" else "∂"
    head = ["node", "value", *(f"{dot}/{dot}{name}" for name in found.directions)]
    if fmt == "latex":
        head = [
            "\\text{node}",
            "\\text{value}",
            *(f"\\dot{{v}}\\ (\\partial/\\partial {_latex_name(name)})" for name in found.directions),
        ]
    rows = [
        [_latex_name(n.name) if fmt == "latex" else n.name, value_text(n.value, fmt)]
        + [value_text(t[k], fmt) for t in found.tangents]
        for k, n in enumerate(found.nodes)
    ]
    return table(head, rows, fmt, "autodiff")


def _reverse_lines(found: AutoDiff, how: Renderer, lang: str) -> list[str]:
    out = []
    last = len(found.nodes) - 1
    for k in range(last, -1, -1):
        node = found.nodes[k]
        if node.op == "const":
            continue
        if k == last:
            out.append(say(how, lang, "autodiff_seed", f"{_bar(how, node.name)} {how.escape('= 1')}"))
            continue
        gifts = found.contributions[k]
        terms = how.escape(" + ").join(
            f"{_value(how, a)} {_from(how, found.nodes[j].name)}" for j, a in gifts
        )
        key = "autodiff_adjoint_shared" if len(gifts) > 1 else "autodiff_adjoint"
        out.append(say(how, lang, key, _bar(how, node.name), terms or "0", _value(how, found.adjoints[k])))
    return out


def _from(how: Renderer, name: str) -> str:
    """Where a contribution comes from: (← v3)."""
    if how.name == "latex":
        return f"($\\leftarrow {_latex_name(name)}$)"
    return how.escape(f"(← {name})")


def _bar(how: Renderer, name: str) -> str:
    """A node's adjoint: v̄₃ written v3̄, bar(v3) in plain text, \\bar{v}_{3} in LaTeX."""
    if how.name == "latex":
        return f"${_latex_name(name, bar=True)}$"
    return how.escape(f"{name}̄" if how.name != "text" else f"bar({name})")


def _latex_name(name: str, *, bar: bool = False) -> str:
    """v3 → v_{3}; x_1 → x_{1}; theta → \\theta (with a bar over the letter when asked)."""
    import re

    from stepcalc.latex_print import latex_symbol

    symbol = latex_symbol(re.sub(r"^v(\d+)$", r"v_\1", name))
    if not bar:
        return symbol
    base, _, sub = symbol.partition("_")
    return f"\\bar{{{base}}}" + (f"_{sub}" if sub else "")


def _value(how: Renderer, v: Value) -> str:
    """A number or vector in running text: in LaTeX as mathematics, else escaped."""
    if how.name == "latex":
        return f"${value_text(v, 'latex')}$"
    return how.escape(value_text(v, how.name))


def _symbolic_form(found: AutoDiff, how: Renderer) -> str:
    """∇ₓf = 4x for each vector input, or the partials (∂f/∂x, ∂f/∂y) as a list."""
    from stepcalc.tasks.autodiff_values import Vec

    forms = found.symbolic_form
    if any(isinstance(v, Vec) for v in found.point):
        pairs = zip(found.variables, forms, strict=True)
        return ", ".join(how.math(Equation((Grad(found.f, x), g))) for x, g in pairs)
    return how.math(Vector(forms)) if len(forms) > 1 else how.math(forms[0])


def _gradient_lines(found: AutoDiff, how: Renderer, lang: str) -> list[str]:
    def vector(values: tuple[float, ...], digits: int = 10) -> str:
        return "(" + ", ".join(number_text(v, digits) for v in values) + ")"

    lines = [say(how, lang, "autodiff_gradient", how.escape(vector(found.gradient)))]
    if found.symbolic:
        lines.append(
            say(
                how, lang, "autodiff_symbolic", _symbolic_form(found, how), how.escape(vector(found.symbolic))
            )
        )
    # a central difference is good to about 7 digits: more would show its rounding as digits
    checks = [("autodiff_differences", found.differences, 7)]
    if found.oracle is not None:
        checks.append(("autodiff_oracle", found.oracle, 10))
    lines += [say(how, lang, key, how.escape(vector(values, n))) for key, values, n in checks if values]
    lines.append(say(how, lang, "autodiff_agree" if found.agrees() else "autodiff_disagree"))
    return lines
