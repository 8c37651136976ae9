"""Plots with matplotlib (issue 19, item 6): the API other commands call.

``plot_function_and_derivative``, ``plot_tangent``, ``plot_curve_sketch`` and ``plot_implicit``
take stepcalc expressions and plain numbers and return a ``Plot`` (``.save(path)``, ``.svg()``
for a page, ``.figure``); ``attach`` puts a plot into a worked solution's HTML, LaTeX or
Markdown.  matplotlib and numpy are imported when a plot is drawn, never by ``import
stepcalc``; without them ``require`` raises a clear error.
"""

from __future__ import annotations

from stepcalc.plots.draw import (
    plot_area,
    plot_curve_sketch,
    plot_descent,
    plot_function_and_derivative,
    plot_implicit,
    plot_tangent,
)
from stepcalc.plots.embed import attach, check_plot_path
from stepcalc.plots.figure import MISSING, SUFFIXES, Plot, chinese_font, drawn_lang, plot_format, require

__all__ = [
    "MISSING",
    "SUFFIXES",
    "Plot",
    "attach",
    "check_plot_path",
    "chinese_font",
    "drawn_lang",
    "plot_area",
    "plot_curve_sketch",
    "plot_descent",
    "plot_format",
    "plot_function_and_derivative",
    "plot_implicit",
    "plot_tangent",
    "require",
]
