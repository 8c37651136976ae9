"""A plot's figure and its files: matplotlib's object API (a ``Figure`` and the backend its
file format needs; no pyplot, no GUI), fonts for the reader's language, reproducible output.

Text is drawn as paths in SVG, so that a file looks the same wherever it is opened, Chinese
included (the reader need not have our fonts).  The SVG's ids are salted with a fixed string
and the date is left out of SVG and PDF, so the same plot gives the same bytes.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from stepcalc.errors import StepcalcError
from stepcalc.languages import LANGS, phrases

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["MISSING", "SUFFIXES", "Plot", "chinese_font", "new_plot", "plot_format", "require"]

SUFFIXES = ("svg", "png", "pdf")
MISSING = "plots need matplotlib: pip install 'stepcalc[plot]'"

# Fonts with simplified Chinese, best first: Noto/Source Han (texlive-lang-chinese and most
# desktops), WenQuanYi, then the AR PL fonts Debian's TeX Live brings, then the systems' own.
_CHINESE = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "AR PL SungtiL GB",
    "AR PL UKai CN",
    "AR PL KaitiM GB",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
)
_LATIN = "DejaVu Sans"  # matplotlib's own font: always there, with ², ′ and −
_METADATA: dict[str, dict[str, str | None]] = {
    "svg": {"Date": None},
    "pdf": {"CreationDate": None},
    "png": {},
}
_MARGINS = {"left": 0.12, "right": 0.98, "bottom": 0.11, "top": 0.95}  # of the figure, for short ticks
SIZE = (6.4, 4.4)  # inches: a page's width at 80%, legible when scaled into HTML


def plot_format(path: str | Path) -> str:
    """The file format a plot's name asks for: its suffix, svg, png or pdf."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in SUFFIXES:
        raise StepcalcError(f"a plot is written as .svg, .png or .pdf, not {Path(path).name!r}")
    return suffix


def require() -> None:
    """A clear error, not a traceback, when matplotlib (and its numpy) is not installed."""
    try:
        import matplotlib.figure  # noqa: F401
        import numpy  # noqa: F401
    except ImportError:
        raise StepcalcError(MISSING) from None


@functools.cache  # the font list is read once a process
def chinese_font() -> str | None:
    """An installed font with Chinese characters (by matplotlib's font list), or None."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in _CHINESE if name in installed), None)


def needs_chinese_font(lang: str) -> bool:
    """Whether the plot's words in ``lang`` hold Chinese characters (read from the phrases,
    so that no module names a language)."""
    words = "".join(v for k, v in phrases(lang).items() if k.startswith("plot."))
    return any("\u2e80" <= c <= "\u9fff" or "\uf900" <= c <= "\uffef" for c in words)


def drawn_lang(lang: str) -> str:
    """The language the plot's words are drawn in: ``lang``, or the first language (English)
    when they need a Chinese font and none is installed (boxes in place of characters help
    nobody)."""
    return LANGS[0] if needs_chinese_font(lang) and chinese_font() is None else lang


@contextmanager
def _style(lang: str) -> Iterator[None]:
    """matplotlib's settings for one plot, for its building and its drawing only."""
    import matplotlib

    family = [_LATIN]
    found = chinese_font() if needs_chinese_font(lang) else None
    family += [found] if found else []
    with matplotlib.rc_context(
        {
            "font.family": family,  # a list: each character from the first font that has it
            "font.size": 10,
            "svg.fonttype": "path",
            "svg.hashsalt": "stepcalc",
            "axes.unicode_minus": True,
            "legend.framealpha": 0.9,
            "axes.formatter.limits": (-4, 4),  # 10⁴ and beyond with an offset: tick labels stay short
        }
    ):
        yield


@dataclass(frozen=True)
class Plot:
    """A drawn figure, the language of its words, and how to write it."""

    figure: Figure
    lang: str

    @property
    def axes(self) -> Axes:
        return self.figure.axes[0]

    def save(self, path: str | Path) -> Path:
        """Write the figure to ``path`` in the format its suffix names."""
        fmt, path = plot_format(path), Path(path)
        try:
            with _style(self.lang):
                self.figure.savefig(path, format=fmt, metadata=_METADATA[fmt], dpi=150)
        except OSError as e:
            raise StepcalcError(f"cannot write the plot {str(path)!r}: {e.strerror}") from None
        return path

    def svg(self) -> str:
        """The figure as an ``<svg>`` element, for a page (no XML declaration or doctype)."""
        out = io.StringIO()
        with _style(self.lang):
            self.figure.savefig(out, format="svg", metadata=_METADATA["svg"])
        text = out.getvalue()
        return text[text.index("<svg") :].strip()


def new_plot(lang: str, x_label: str, y_label: str) -> Plot:
    """An empty figure with one set of axes, labelled, with a light grid."""
    from matplotlib.figure import Figure

    lang = drawn_lang(lang)
    with _style(lang):
        figure = Figure(figsize=SIZE)
        figure.subplots_adjust(**_MARGINS)  # fixed: a layout engine costs a tenth of the budget
        axes = figure.add_subplot()
        axes.grid(True, alpha=0.3)
        axes.set_xlabel(x_label)
        axes.set_ylabel(y_label)
    return Plot(figure, lang)


@contextmanager
def drawing(plot: Plot) -> Iterator[Axes]:
    """The plot's axes, with its language's settings in force while they are drawn on."""
    with _style(plot.lang):
        yield plot.axes
