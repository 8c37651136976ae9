"""Whole LaTeX documents and their compilation to PDF.

English documents compile with ``pdflatex``; Chinese ones with ``xelatex`` and ``ctex``
(``ctexart``).  Only packages of Debian's ``texlive-latex-base``/``-recommended`` and
``texlive-lang-chinese`` are used: amsmath, amssymb, graphicx, geometry.  When the engine is missing,
the error names the Debian packages to install.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from stepcalc.errors import StepcalcError
from stepcalc.latex_print import latex_text
from stepcalc.phrases import text

__all__ = ["Compiled", "compile_pdf", "latex_document"]

_PACKAGES = {"pdflatex": "texlive-latex-base", "xelatex": "texlive-xetex texlive-lang-chinese"}


def latex_document(
    parts: list[tuple[str, str]], *, lang: str = "en", title: str = "", title_math: str = ""
) -> str:
    """A document holding ``parts``: (heading, LaTeX body) pairs, each body an ``align*`` block
    or any LaTeX; headings and ``title`` are plain text (escaped here), ``title_math`` LaTeX maths."""
    head = text("latex.documentclass", lang)
    lines = [
        head,
        "\\usepackage{amsmath,amssymb,graphicx}",
        "\\usepackage[a4paper,margin=2cm]{geometry}",
        "\\setlength{\\parindent}{0pt}",
        "\\setlength{\\emergencystretch}{3em}",  # a line of long inline maths stretches, not overflows
        "\\allowdisplaybreaks",
        "\\pagestyle{plain}",  # the page number at the foot: ctexart's own style puts it at the head
        "\\begin{document}",
    ]
    if title or title_math:
        math = f" ${title_math}$" if title_math else ""
        lines.append(f"\\section*{{{latex_text(title)}{math}}}")
    for heading, body in parts:
        if heading:
            lines.append(f"\\subsection*{{{latex_text(heading)}}}")
        lines.append(body)
    lines.append("\\end{document}")
    return "\n".join(lines) + "\n"


@dataclass
class Compiled:
    pdf: Path
    log: str

    def overfull(self) -> list[str]:
        """The overfull-box warnings of the run (``Overfull \\hbox (12.3pt too wide)``)."""
        return re.findall(r"Overfull \\[hv]box \([0-9.]+pt too \w+\)[^\n]*", self.log)


def engine_for(lang: str) -> str:
    return text("latex.engine", lang)


def compile_pdf(tex: str, out: str | Path, *, lang: str = "en", seconds: float = 120.0) -> Compiled:
    """Compile ``tex`` to the PDF ``out``; a missing engine or a LaTeX error is a StepcalcError."""
    engine = engine_for(lang)
    if shutil.which(engine) is None:
        raise StepcalcError(
            f"{engine} is not installed; install it with: apt-get install {_PACKAGES[engine]}"
        )
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="stepcalc-tex-") as tmp:
        source = Path(tmp) / "doc.tex"
        source.write_text(tex, encoding="utf-8")
        try:
            run = subprocess.run(
                [engine, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc.tex"],
                cwd=tmp,
                capture_output=True,
                text=True,
                timeout=seconds,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise StepcalcError(f"{engine} did not finish within {seconds:.0f} s") from None
        log_path = Path(tmp) / "doc.log"
        log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else run.stdout
        pdf = Path(tmp) / "doc.pdf"
        if run.returncode != 0 or not pdf.exists():
            error = next((line for line in log.splitlines() if line.startswith("!")), "unknown error")
            raise StepcalcError(f"{engine} failed: {error}")
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf, out)
    return Compiled(out, log)
