"""AST → an indented drawing of the tree (``stepcalc parse --format tree``)."""

from __future__ import annotations

from stepcalc.expr import Const, Deriv, Expr, Func, Norm, Num, Sym, children
from stepcalc.notation import format_number

__all__ = ["to_tree"]


def to_tree(e: Expr) -> str:
    """An indented drawing of the AST (``stepcalc parse --format tree``), built without recursion."""
    lines: list[str] = []
    stack: list[tuple[Expr, str, str]] = [(e, "", "")]
    while stack:
        node, lead, pad = stack.pop()
        lines.append(lead + _tree_label(node))
        kids = children(node)
        for i, kid in reversed(list(enumerate(kids))):
            last = i == len(kids) - 1
            stack.append((kid, pad + ("└─ " if last else "├─ "), pad + ("   " if last else "│  ")))
    return "\n".join(lines)


def _tree_label(e: Expr) -> str:
    name = type(e).__name__
    if isinstance(e, Num):
        return f"{name} {format_number(e.value, e.decimal, e.sci)}"
    if isinstance(e, Sym | Const):
        return f"{name} {e.name}"
    if isinstance(e, Func):
        return f"{name} {e.name}"
    if isinstance(e, Norm) and e.kind:
        return f"{name} {e.kind}"
    if isinstance(e, Deriv) and e.var is not None:
        return f"{name} d/d{e.var.name}"
    return name
