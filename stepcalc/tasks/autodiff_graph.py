"""The computational graph drawn with graphviz (the Python package and Debian's ``graphviz``): one
box per node with its name, operation, value and gradient (the adjoint ∂f/∂v), an arrow from each
input to the node that uses it.  Imported only when ``--graph`` asks for a drawing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from stepcalc.errors import StepcalcError
from stepcalc.tasks.autodiff_render import shown, value_text

if TYPE_CHECKING:
    from stepcalc.tasks.autodiff import AutoDiff

__all__ = ["graph_svg", "write_graph"]


def graph_svg(found: AutoDiff) -> str:
    """The graph as an ``<svg>`` document."""
    try:
        import graphviz
    except ImportError:
        raise StepcalcError(
            "drawing the graph needs the graphviz package: pip install 'stepcalc[graph]'"
        ) from None
    from stepcalc.printing import to_unicode

    attrs = {"shape": "record", "fontsize": "11"}
    dot = graphviz.Digraph("autodiff", graph_attr={"rankdir": "LR"}, node_attr=attrs)
    for k, node in enumerate(found.nodes):
        what = node.op if node.op in ("input", "const") else f"{node.op}: {to_unicode(shown(node, found))}"
        value, grad = value_text(node.value), value_text(found.adjoints[k])
        dot.node(node.name, f"{{{node.name} | {_escape(what)} | value {value} | grad {grad}}}")
        for i in node.inputs:
            dot.edge(found.nodes[i].name, node.name)
    try:
        svg: str = dot.pipe(format="svg", encoding="utf-8")
        return svg
    except (graphviz.ExecutableNotFound, graphviz.CalledProcessError) as error:
        raise StepcalcError(f"graphviz's dot could not draw the graph: {error}") from None


def write_graph(found: AutoDiff, path: str | Path) -> Path:
    """The graph's SVG written to ``path`` (its suffix must be .svg)."""
    path = Path(path)
    if path.suffix.lower() != ".svg":
        raise StepcalcError(f"the graph is written as SVG: name the file .svg, not {path.name!r}")
    try:
        path.write_text(graph_svg(found), encoding="utf-8")
    except OSError as error:
        raise StepcalcError(f"cannot write the graph {str(path)!r}: {error.strerror}") from None
    return path


def _escape(text: str) -> str:
    """A record label's special characters escaped."""
    for ch in "\\{}|<>":
        text = text.replace(ch, "\\" + ch)
    return text
