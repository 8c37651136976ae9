"""A table of numbers in every format: aligned columns in text, a Markdown or HTML table, a
LaTeX tabular (its header cells and its cells typeset as mathematics, an empty cell left empty;
scaled down to the line's width when wider, which needs ``graphicx``).
The descent and autodiff tasks write their tables with it."""

from __future__ import annotations

__all__ = ["table"]


def table(head: list[str], rows: list[list[str]], fmt: str, name: str = "table") -> str:
    """``head`` and ``rows`` in ``fmt``; ``name`` is the HTML table's class; a LaTeX ``head`` is
    given as LaTeX."""
    if fmt in ("text", "unicode"):
        widths = [max(len(c) for c in column) for column in zip(head, *rows, strict=True)]
        return "\n".join("  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in [head, *rows])
    if fmt == "md":
        lines = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])
    if fmt == "html":
        cells = "".join(f"<th>{h}</th>" for h in head)
        body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
        return f'<table class="{name}"><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>'
    lines = [" & ".join(f"${h}$" for h in head) + r" \\ \hline"]
    lines += [" & ".join(f"${c}$" if c else "" for c in r) + r" \\" for r in rows]
    tabular = "\\begin{tabular}{" + "r" * len(head) + "}\n" + "\n".join(lines) + "\n\\end{tabular}"
    # a table wider than the line (Adam's twelve columns) is scaled down to it, never up (graphicx)
    return (
        "{\\setbox0=\\hbox{" + tabular + "}%\n"
        "\\ifdim\\wd0>\\linewidth\\resizebox{\\linewidth}{!}{\\box0}\\else\\box0\\fi}"
    )
