"""A plot inside a worked solution: inline SVG in an HTML page, ``\\includegraphics`` in a
standalone LaTeX document, a link in Markdown.  Text, Unicode and JSON are left as they are
(the file is beside them).

LaTeX cannot include SVG, so an SVG plot gets a PDF twin of the same name next to it, and the
document names the file by its absolute path: ``--pdf`` compiles in a temporary directory.
"""

from __future__ import annotations

import html
from pathlib import Path

from stepcalc.errors import StepcalcError
from stepcalc.plots.figure import Plot, plot_format, require

__all__ = ["attach", "check_plot_path"]

_LATEX_SPECIAL = set("#%&{}\\~^$")  # a file name LaTeX would read as commands
_PAGE_END = "</div>\n</body>"  # stepcalc's pages close their body's division here


def check_plot_path(path: str | Path) -> Path:
    """``path`` for a plot, checked before any work: its suffix, and matplotlib present."""
    plot_format(path)
    require()
    return Path(path)


def attach(output: str, fmt: str, plot: Plot, path: Path, caption: str) -> tuple[str, list[Path]]:
    """``output`` (a worked solution in ``fmt``) with the plot written to ``path`` put in, and
    the other files written for it (a LaTeX document's PDF twin of an SVG plot)."""
    if fmt == "html":
        return _html(output, plot, caption), []
    if fmt == "md":
        link = f"[{_md(caption)}]({path.as_posix()})"
        return output.rstrip("\n") + "\n\n" + ("" if path.suffix.lower() == ".pdf" else "!") + link + "\n", []
    if fmt == "latex" and "\\end{document}" in output:
        return _latex(output, plot, path)
    return output, []


def _html(page: str, plot: Plot, caption: str) -> str:
    svg = plot.svg().replace("<svg", '<svg style="max-width:100%;height:auto" role="img"', 1)
    figure = f'<figure class="plot">{svg}<figcaption>{html.escape(caption)}</figcaption></figure>\n'
    end = page.rfind(_PAGE_END)
    if end < 0:
        end = page.rfind("</body>")
    return page + figure if end < 0 else page[:end] + figure + page[end:]


def _latex(document: str, plot: Plot, path: Path) -> tuple[str, list[Path]]:
    written: list[Path] = []
    if plot_format(path) == "svg":
        path = plot.save(path.with_suffix(".pdf"))
        written.append(path)
    name = str(path.resolve())
    if _LATEX_SPECIAL & set(name):
        raise StepcalcError(
            f"LaTeX cannot include the plot {name}: its path holds a character TeX reads as a command"
        )
    figure = f"\\begin{{center}}\n\\includegraphics[width=0.8\\linewidth]{{{name}}}\n\\end{{center}}\n"
    head, _, rest = document.partition("\\begin{document}")
    head = head + "\\usepackage{graphicx}\n"
    end = rest.rindex("\\end{document}")
    return head + "\\begin{document}" + rest[:end] + figure + rest[end:], written


def _md(caption: str) -> str:
    return caption.replace("[", "\\[").replace("]", "\\]")
