"""Automatic differentiation in every format: the graph's nodes, the forward-mode table (a tangent
column per pass), the reverse pass as the adjoints from the output down with every contribution,
the counts, and the gradient beside the symbolic one, the finite differences and sympy's."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from stepcalc.expr import Add, Div, Equation, Expr, Func, Mul, Neg, Pow, Sym
from stepcalc.renderers import Renderer, renderer
from stepcalc.tasks.extrema_render import say
from stepcalc.tasks.tables import table

if TYPE_CHECKING:
    from stepcalc.tasks.autodiff import AutoDiff, Node

__all__ = ["number_text", "render_autodiff", "shown"]


def number_text(v: float, digits: int = 10) -> str:
    """A float as a book prints it: 10 significant digits, no trailing zeros (2, 0.8414709848)."""
    text = f"{v:.{digits}g}"
    return "0" if text in ("-0", "0") else text


def shown(node: Node, found: AutoDiff) -> Expr:
    """The node's operation written on its inputs' names: v3 = v1 + v2, v2 = sin x."""
    names = [Sym(found.nodes[i].name) for i in node.inputs]
    e = node.expr
    match e:
        case Add():
            return Add(tuple(names))
        case Mul():
            return Mul(tuple(names))
        case Div():
            return Div(names[0], names[1])
        case Neg():
            return Neg(names[0])
        case Pow(exp=x) if len(names) == 1:
            return Pow(names[0], x)
        case Pow():
            return Pow(names[0], names[1])
        case Func(name=name):
            return Func(name, tuple(names))
    return e


def render_autodiff(found: AutoDiff, fmt: str, lang: str = "en", *, mode: str = "both") -> str:
    """``found`` in ``fmt`` (JSON: ``AutoDiff.to_dict``); ``mode``: forward, reverse or both."""
    if fmt == "json":
        return json.dumps(found.to_dict(), indent=2, ensure_ascii=False)
    how = renderer(fmt)
    point = ", ".join(
        f"{x.name} = {number_text(v)}" for x, v in zip(found.variables, found.point, strict=True)
    )
    blocks = [say(how, lang, "autodiff_graph", how.math(Equation((Sym("f"), found.f))), how.escape(point))]
    blocks.append(table(["node", "op", "=", "value"], _node_rows(found, how), fmt, "autodiff"))
    if mode in ("forward", "both"):
        blocks += [say(how, lang, "autodiff_forward", str(len(found.variables))), _forward_table(found, fmt)]
    if mode in ("reverse", "both"):
        blocks += [
            say(how, lang, "autodiff_reverse", found.nodes[-1].name),
            *_reverse_lines(found, how, lang),
        ]
    blocks.append(say(how, lang, "autodiff_counts", str(len(found.variables)), str(len(found.nodes))))
    blocks += _gradient_lines(found, how, lang)
    if fmt == "html":
        body = "".join(b if b.startswith("<table") else f'<p class="autodiff">{b}</p>' for b in blocks)
        head = f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8"></head>\n'
        return f"{head}<body>{body}</body>\n</html>\n"
    gap = "\n" if fmt in ("text", "unicode") else "\n\n"
    return gap.join(blocks) + "\n"


def _node_rows(found: AutoDiff, how: Renderer) -> list[list[str]]:
    rows = []
    for node in found.nodes:
        if node.op == "input":
            rows.append([node.name, "input", "", number_text(node.value)])
        else:
            rows.append([node.name, node.op, _plain(how, shown(node, found)), number_text(node.value)])
    return rows


def _plain(how: Renderer, e: Expr) -> str:
    if how.name in ("text", "unicode", "md", "html"):
        from stepcalc.printing import to_text, to_unicode

        return to_unicode(e) if how.name != "text" else to_text(e, readable=True)
    from stepcalc.latex_print import to_latex

    return to_latex(e)


def _forward_table(found: AutoDiff, fmt: str) -> str:
    dot = "d" if fmt == "text" else "∂"
    head = ["node", "value", *(f"{dot}/{dot}{x.name}" for x in found.variables)]
    if fmt == "latex":
        head = ["node", "value", *(f"\\dot{{v}}\\ (\\partial/\\partial {x.name})" for x in found.variables)]
    rows = [
        [n.name, number_text(n.value), *(number_text(t[k]) for t in found.tangents)]
        for k, n in enumerate(found.nodes)
    ]
    return table(head, rows, fmt, "autodiff")


def _reverse_lines(found: AutoDiff, how: Renderer, lang: str) -> list[str]:
    out = []
    for k in range(len(found.nodes) - 1, -1, -1):
        node = found.nodes[k]
        if node.op == "const":
            continue
        gifts = found.contributions[k]
        if k == len(found.nodes) - 1:
            out.append(
                say(
                    how,
                    lang,
                    "autodiff_seed",
                    how.escape(f"{node.name}̄ = 1" if how.name != "text" else f"bar({node.name}) = 1"),
                )
            )
            continue
        terms = " + ".join(f"{number_text(a)} (← {found.nodes[j].name})" for j, a in gifts) or "0"
        total = number_text(found.adjoints[k])
        key = "autodiff_adjoint_shared" if len(gifts) > 1 else "autodiff_adjoint"
        label = f"{node.name}̄" if how.name != "text" else f"bar({node.name})"
        out.append(say(how, lang, key, how.escape(label), how.escape(terms), how.escape(total)))
    return out


def _gradient_lines(found: AutoDiff, how: Renderer, lang: str) -> list[str]:
    def vector(values: tuple[float, ...], digits: int = 10) -> str:
        return "(" + ", ".join(number_text(v, digits) for v in values) + ")"

    lines = [say(how, lang, "autodiff_gradient", how.escape(vector(found.gradient)))]
    # a central difference is good to about 7 digits: more would show its rounding as digits
    checks = [("autodiff_symbolic", found.symbolic, 10), ("autodiff_differences", found.differences, 7)]
    if found.oracle is not None:
        checks.append(("autodiff_oracle", found.oracle, 10))
    lines += [say(how, lang, key, how.escape(vector(values, n))) for key, values, n in checks if values]
    lines.append(say(how, lang, "autodiff_agree" if found.agrees() else "autodiff_disagree"))
    return lines
