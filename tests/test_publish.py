"""Publishing: LaTeX that compiles (en with pdflatex, zh with xelatex + ctex), HTML whose
MathML renders in Chromium, Markdown, sheets and colours, in both languages (the phrase
tables are tested in tests/test_languages.py).

The TeX and browser tests need Debian's texlive-latex-base, texlive-xetex, poppler-utils,
texlive-lang-chinese, latexmk and chromium, which `.ci/run` installs; there
STEPCALC_REQUIRE_TOOLS=1 makes a missing tool a failure rather than a skip.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from stepcalc import derive, gradient
from stepcalc.errors import StepcalcError
from stepcalc.latex_doc import compile_pdf, latex_document
from stepcalc.tasks.sheet import parse_sheet, read_sheet, write_sheet

REQUIRED = os.environ.get("STEPCALC_REQUIRE_TOOLS") == "1"


def need(tool: str) -> None:
    if shutil.which(tool) is None:
        if REQUIRED:
            pytest.fail(f"{tool} is required here (STEPCALC_REQUIRE_TOOLS=1) but not installed")
        pytest.skip(f"{tool} is not installed (.ci/run installs it)")


# WORKED.md §1–13: the golden cases every format is produced for
CASES: list[tuple[str, Any]] = [
    ("3x^2 - 4x + 5", lambda: derive("3x^2 - 4x + 5", at={"x": "1"})),
    ("e^x cos x", lambda: derive("e^x cos x")),
    ("(x+1)/ln x", lambda: derive("(x+1)/ln x")),
    ("e^(2x)", lambda: derive("e^(2x)")),
    ("sigma(x)", lambda: derive("sigma(x)")),
    ("log(x^4 + x^3 + 2)", lambda: derive("log(x^4 + x^3 + 2)")),
    ("3x^4 - 4x^3 - 12x^2 + 32", lambda: derive("3x^4 - 4x^3 - 12x^2 + 32", factor=True)),
    ("x^3 - 1/x", lambda: derive("x^3 - 1/x", at={"x": "1"})),
    ("3x_1^2 + 5e^(x_2)", lambda: gradient("3x_1^2 + 5e^(x_2)")),
    ("‖x‖₂", lambda: gradient("‖x‖₂")),
    ("‖A x - b‖^2", lambda: gradient("‖A x - b‖^2", "x", vectors="x,b", matrices="A")),
    ("(x^2+1)^3 (x^3 - 2x + 7)^4 sin x", lambda: derive("(x^2+1)^3 (x^3 - 2x + 7)^4 sin x")),
    # logarithmic differentiation: long products whose last factor is a bracket of many terms
    (
        "(x + 1)(x^2 + 1)^2 … (x^5 + 1)^5",
        lambda: derive("(x + 1) (x^2 + 1)^2 (x^3 + 1)^3 (x^4 + 1)^4 (x^5 + 1)^5"),
    ),
]
IDS = [c[0] for c in CASES]


# ---------------------------------------------------------------- LaTeX
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_standalone_latex_compiles_without_overfull_boxes(
    case: tuple[str, Any], lang: str, tmp_path: Path
) -> None:
    need("xelatex" if lang == "zh" else "pdflatex")
    d = case[1]()
    tex = d.to_latex(lang=lang, standalone=True)
    compiled = compile_pdf(tex, tmp_path / "out.pdf", lang=lang)
    assert compiled.pdf.stat().st_size > 1000
    assert compiled.overfull() == []
    assert stray_tags(compiled.pdf) == []


# ---------------------------------------------------------------- where the tags sit on the page
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', re.DOTALL)


def _rows(
    words: list[tuple[float, float, float, float, str]],
) -> list[list[tuple[float, float, float, float, str]]]:
    """Words grouped into the rows of the page: a word joins the row its middle falls in
    (superscripts and fractions join the row they belong to)."""
    rows: list[tuple[float, float, list[tuple[float, float, float, float, str]]]] = []
    for w in sorted(words, key=lambda w: (w[1] + w[3]) / 2):
        middle = (w[1] + w[3]) / 2
        for k, (top, bottom, members) in enumerate(rows):
            if top - 1 <= middle <= bottom + 1:
                members.append(w)
                rows[k] = (min(top, w[1]), max(bottom, w[3]), members)
                break
        else:
            rows.append((w[1], w[3], [w]))
    return [members for _, _, members in sorted(rows, key=lambda r: r[0])]


def stray_tags(pdf: Path) -> list[str]:
    """The rows of tag text (flush right, nothing in the left half of the page) that are not
    joined to the equation row carrying the rest of their tag: a tag set between a broken line
    and its continuation, or on a row of its own.  A tag that wraps stays joined to its row."""
    need("pdftotext")
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True)
    stray = []
    for width, body in _PAGE.findall(layout.stdout):
        words = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in _WORD.findall(body)]
        if not words:
            continue
        right = max(w[2] for w in words)
        rows = _rows(words)
        tagged = [any(w[2] > right - 2 for w in row) for row in rows]
        equation = [any(w[0] < float(width) / 2 for w in row) for row in rows]
        k = 0
        while k < len(rows):
            if not tagged[k] or equation[k]:
                k += 1
                continue
            end = k
            while end + 1 < len(rows) and tagged[end + 1] and not equation[end + 1]:
                end += 1
            joined = [j for j in (k - 1, end + 1) if 0 <= j < len(rows) and tagged[j] and equation[j]]
            if not joined:
                stray.append(" ".join(w[4] for row in rows[k : end + 1] for w in row))
            k = end + 1
    return stray


def test_a_tag_on_a_row_of_its_own_is_found(tmp_path: Path) -> None:
    """The check above can fail: a tag between a line and its continuation is found."""
    need("pdflatex")
    body = (
        "\\begin{align*}\nf' &= x^2 + 2x \\\\\n & \\tag*{power rule} \\\\\n &\\quad + 3x^3"
        " \\\\\n &= x^3 \\tag*{simplify}\n\\end{align*}"
    )
    compiled = compile_pdf(latex_document([("", body)]), tmp_path / "stray.pdf")
    assert stray_tags(compiled.pdf) == ["power rule"]


def test_latex_options() -> None:
    d = derive("e^x cos x")
    assert "\\text{product rule}" in d.to_latex()
    assert "\\text" not in d.to_latex(rules=False)
    standalone = d.to_latex(standalone=True)
    assert standalone.startswith("\\documentclass{article}") and "\\tag*{\\small product rule}" in standalone
    assert d.to_latex(standalone=True, lang="zh").startswith("\\documentclass[UTF8]{ctexart}")
    assert "乘法法则" in d.to_latex(standalone=True, lang="zh")


def test_a_long_product_breaks_inside_its_last_bracket() -> None:
    latex = derive("(x + 1) (x^2 + 1)^2 (x^3 + 1)^3 (x^4 + 1)^4 (x^5 + 1)^5").to_latex()
    rows = [row.rstrip() for row in latex.split("\\\\\n")]
    assert any(row.startswith("&\\quad \\Bigl( ") for row in rows)
    # the laws of logarithms' line, its rule on its last row (issue 18: a tag on the first row
    # of a broken line was set between the line and its continuation)
    assert any(row.endswith("\\Bigr)' && \\text{laws of logarithms}") for row in rows)
    assert max(len(r.split(" && ")[0]) for r in rows if r.startswith("&\\quad")) < 200


def test_long_lines_break_before_a_term() -> None:
    latex = derive("(x^2+1)^3 (x^3 - 2x + 7)^4 sin x").to_latex()
    rows = latex.split("\\\\\n")
    assert any(row.startswith("&\\quad + ") for row in rows)
    assert max(len(r.split(" && ")[0]) for r in rows) < 200  # the mathematics of each row


def test_a_latex_error_is_reported(tmp_path: Path) -> None:
    need("pdflatex")
    with pytest.raises(StepcalcError, match="pdflatex failed: ! Undefined control sequence"):
        compile_pdf(latex_document([("", "$\\nosuchcommand$")]), tmp_path / "x.pdf")


def test_missing_engine_names_the_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(StepcalcError, match="apt-get install texlive-xetex texlive-lang-chinese"):
        compile_pdf("x", tmp_path / "x.pdf", lang="zh")
    with pytest.raises(StepcalcError, match="apt-get install texlive-latex-base"):
        compile_pdf("x", tmp_path / "x.pdf", lang="en")


def test_cli_pdf(tmp_path: Path) -> None:
    need("pdflatex")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "stepcalc",
            "diff",
            "e^x cos x",
            "--pdf",
            str(tmp_path / "d.pdf"),
            "--no-verify",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "d.pdf").read_bytes().startswith(b"%PDF")


# ---------------------------------------------------------------- HTML
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_page_is_self_contained(lang: str) -> None:
    page = derive("e^x cos x").to_html(lang=lang)
    assert page.startswith("<!doctype html>") and f'<html lang="{lang}">' in page
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/1998/Math/MathML", "")
    assert page.count("<math") >= 4 and "<details>" in page
    assert ("乘法法则" if lang == "zh" else "product rule") in page


def test_html_renders_in_chromium(tmp_path: Path) -> None:
    need("chromium")
    sync_api = (
        pytest.importorskip("playwright.sync_api") if not REQUIRED else __import__("playwright.sync_api")
    )
    from playwright.sync_api import sync_playwright

    del sync_api
    page_file = tmp_path / "d.html"
    page_file.write_text(
        gradient("‖A x - b‖^2", "x", vectors="x,b", matrices="A").to_html(), encoding="utf-8"
    )
    second = tmp_path / "e.html"
    second.write_text(derive("e^x cos x").to_html(lang="zh"), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            for path in (page_file, second):
                page = browser.new_page()
                page.goto(path.as_uri())
                sizes = page.eval_on_selector_all(
                    "math",
                    "els => els.map(e => e.getBoundingClientRect()).map(r => [r.width, r.height])",
                )
                assert sizes and all(w > 0 and h > 0 for w, h in sizes)
                text = page.inner_text("body")
                assert "<math" not in text and "<mi>" not in text
                details = page.query_selector("details")
                if details is not None:
                    assert page.eval_on_selector("details", "d => d.open") is False
                    page.click("details summary")
                    assert page.eval_on_selector("details", "d => d.open") is True
                    box = page.eval_on_selector("details ol", "o => o.getBoundingClientRect().height")
                    assert box > 0
                page.screenshot(path=str(tmp_path / f"{path.stem}.png"), full_page=True)
                assert (tmp_path / f"{path.stem}.png").stat().st_size > 1000
        finally:
            browser.close()


_LAYOUT = """() => {
  const width = document.documentElement.clientWidth;
  const em = parseFloat(getComputedStyle(document.body).fontSize);
  const over = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 0.5 && e.closest('details:not([open])') === null)
    .map(e => e.tagName + ' ' + (e.className || '') + ' ' + Math.round(e.getBoundingClientRect().right));
  const rules = [...document.querySelectorAll('.line')].map(line => {
    const rule = line.querySelector('.rule').getBoundingClientRect();
    const rhs = line.querySelector('.rhs').getBoundingClientRect();
    return [rule.width / em, rule.top >= rhs.bottom - 1];
  });
  const maths = [...document.querySelectorAll('math')].filter(m => m.closest('details') === null)
    .map(m => m.getBoundingClientRect()).map(r => [r.width, r.height]);
  return {scroll: document.documentElement.scrollWidth - width, over, rules, maths};
}"""


@pytest.mark.parametrize("width", [1200, 360])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_layout_fits_the_screen(lang: str, width: int, tmp_path: Path) -> None:
    """Issue 18: at 1200 px and at a phone's 360 px, no golden case scrolls sideways or runs
    off the screen, the rule column is 8 em wide or sits under its line, every formula has a
    size, and no two numerals touch in the MathML.  Screenshots are left in tmp_path."""
    need("chromium")
    pytest.importorskip("playwright.sync_api") if not REQUIRED else __import__("playwright.sync_api")
    from playwright.sync_api import sync_playwright

    from tests.test_notation import _touching_numerals

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": width, "height": 800})
            for k, (name, make) in enumerate(CASES):
                html = make().to_html(lang=lang)
                for math in html.split("<math")[1:]:
                    markup = "<math" + math.split("</math>")[0] + "</math>"
                    assert _touching_numerals(markup) == [], (name, markup)
                path = tmp_path / f"case{k}.html"
                path.write_text(html, encoding="utf-8")
                page.goto(path.as_uri())
                page.screenshot(path=str(tmp_path / f"case{k}-{lang}-{width}.png"), full_page=True)
                found = page.evaluate(_LAYOUT)
                assert found["scroll"] <= 0 and found["over"] == [], (name, found["over"][:5])
                assert all(w >= 8 or under for w, under in found["rules"]), (name, found["rules"])
                assert found["maths"] and all(w > 0 and h > 0 for w, h in found["maths"]), name
        finally:
            browser.close()


# ---------------------------------------------------------------- Markdown and Jupyter
def test_markdown_and_notebook_reprs() -> None:
    d = derive("e^x cos x")
    md = d.to_markdown()
    assert md.startswith("$$\n\\begin{aligned}") and md.endswith("\\end{aligned}\n$$\n")
    assert d._repr_markdown_() == md
    assert d._repr_latex_().startswith("$$\\begin{align*}")
    assert d._repr_html_().startswith('<div class="stepcalc">') and "<math" in d._repr_html_()


# ---------------------------------------------------------------- colours
def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stepcalc", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_colour_only_when_asked_or_on_a_terminal() -> None:
    assert "\x1b[2m[power rule]\x1b[0m" in run("diff", "x^2", "--color", "always").stdout
    assert "\x1b[" not in run("diff", "x^2").stdout  # not a terminal
    assert "\x1b[" not in run("diff", "x^2", "--color", "never").stdout
    assert "\x1b[" in run("diff", "x^2", "--color", "always", env={"NO_COLOR": "1"}).stdout


# ---------------------------------------------------------------- sheets
SHEET = Path(__file__).resolve().parent.parent / "docs" / "sheet-derivatives.yaml"


@pytest.mark.parametrize("fmt", ["tex", "html", "md"])
def test_example_sheet(fmt: str, tmp_path: Path) -> None:
    sheet = read_sheet(SHEET)
    assert len(sheet.problems) >= 8
    written = write_sheet(sheet, tmp_path, fmt=fmt, pdf=False)
    names = sorted(p.name for p in written)
    assert names == [f"problems.{fmt}", f"solutions.{fmt}"]
    solutions = (tmp_path / f"solutions.{fmt}").read_text(encoding="utf-8")
    problems = (tmp_path / f"problems.{fmt}").read_text(encoding="utf-8")
    assert len(solutions) > 2 * len(problems)


AT_HALF = "and evaluate it at $x = \\frac{1}{2}$"
VALUE_TEX = "& \\text{at $x = \\frac{1}{2}$: }\\frac{19}{4}"


@pytest.mark.parametrize(
    ("fmt", "statement", "value"),
    [
        ("tex", AT_HALF, VALUE_TEX),
        ("md", AT_HALF, VALUE_TEX),
        ("html", "and evaluate it at <math", '<p class="value">at <math'),
    ],
)
def test_sheet_typesets_the_point_and_the_variable(
    fmt: str, statement: str, value: str, tmp_path: Path
) -> None:
    """Issue 18: the point and the variable of a problem were raw ASCII outside math mode, and
    the value at the point was ASCII text after the solution."""
    sheet = parse_sheet(
        {
            "title": "T",
            "language": "en",
            "problems": [{"diff": "x^3 - 1/x", "at": "x=1/2"}, {"partial": "x^2 y", "wrt": "y"}],
        }
    )
    write_sheet(sheet, tmp_path, fmt=fmt, pdf=False)
    problems = (tmp_path / f"problems.{fmt}").read_text(encoding="utf-8")
    solutions = (tmp_path / f"solutions.{fmt}").read_text(encoding="utf-8")
    assert statement in problems
    assert "x=1/2" not in problems and "at x = 1/2" not in solutions
    assert solutions.count(value) == 1
    if fmt != "html":
        assert "(with respect to $y$)" in problems


def test_a_note_names_its_mathematics_in_mathematics() -> None:
    """Issue 18: ``x_i`` in a rule's note was an escaped underscore, ``x\\_i``."""
    d = gradient("‖x‖₂")
    assert "only the term $j = i$ depends on $x_{i}$" in d.to_latex()
    assert "only the term <math" in d.to_html()
    assert "only the term j = i depends on x_i" in d.to_text()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sheet_pdf(lang: str, tmp_path: Path) -> None:
    need("xelatex" if lang == "zh" else "pdflatex")
    sheet = parse_sheet(
        {"title": "Derivatives", "language": lang, "problems": [{"diff": "e^x cos x"}, {"grad": "x^2 y"}]}
    )
    written = write_sheet(sheet, tmp_path, fmt="tex")
    assert {p.name for p in written} == {"problems.tex", "solutions.tex", "problems.pdf", "solutions.pdf"}
    need("pdftotext")
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "solutions.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines[-1] == "1" and lines[0] != "1"  # the page number at the foot (issue 18: zh had it on top)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ([], "a mapping"),
        ({"problems": []}, "'problems' must be a non-empty list"),
        ({"language": "fr", "problems": [{"diff": "x"}]}, "'language' must be one of en, zh"),
        ({"problems": [{"diff": "x"}, {"solve": "x"}]}, "problem 2: needs exactly one of the fields"),
        ({"problems": [{"diff": "x^2", "grad": "x"}]}, "problem 1: needs exactly one"),
        ({"problems": [{"diff": "x +"}]}, "problem 1: field 'diff': expected an expression"),
        (
            {"problems": [{"diff": "x", "wrt": "x"}, {"diff": "x", "colour": 1}]},
            "problem 2: unknown field 'colour'",
        ),
        ({"problems": [{"partial": "x y"}]}, "problem 1: field 'wrt' is required"),
        ({"problems": [{"diff": "x", "order": 0}]}, "problem 1: field 'order' must be"),
        ({"title": "t", "extra": 1, "problems": [{"diff": "x"}]}, "sheet: unknown field 'extra'"),
    ],
)
def test_malformed_sheets_name_the_problem_and_field(data: Any, words: str) -> None:
    with pytest.raises(StepcalcError, match=words.replace("(", r"\(")):
        parse_sheet(data)


def test_sheet_cli_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [unclosed\n", encoding="utf-8")
    out = run("sheet", str(bad), "-o", str(tmp_path / "hw"))
    assert out.returncode == 2 and "is not valid YAML" in out.stderr and "Traceback" not in out.stderr
    out = run("sheet", str(tmp_path / "none.yaml"), "-o", str(tmp_path / "hw"))
    assert out.returncode == 2 and "cannot read" in out.stderr
    bad.write_bytes(b"title: \xff\n")
    out = run("sheet", str(bad), "-o", str(tmp_path / "hw"))
    assert out.returncode == 2 and "is not UTF-8 text" in out.stderr and "Traceback" not in out.stderr


def test_chinese_text_has_no_english_words() -> None:
    text = derive("x^3 - 1/x", at={"x": "1"}, verify=True).to_text(lang="zh", unicode=True)
    assert "当 x = 1 时：4" in text and "已验证" in text
    assert not any(word in text for word in ("rule", "at x", "verified", "let "))


def test_mathml_of_random_trees_is_well_formed_xml() -> None:
    import xml.dom.minidom

    from hypothesis import HealthCheck, given, settings

    from stepcalc.mathml import to_mathml
    from tests.test_latex import _TREES

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_TREES)
    def check(e: Any) -> None:
        markup = to_mathml(e, alttext="a < b & c")
        root = xml.dom.minidom.parseString(markup).documentElement
        assert root.tagName == "math" and root.getAttribute("alttext") == "a < b & c"

    check()


def test_html_of_a_line_with_very_many_steps_lists_only_the_rules() -> None:
    # each step shows its expressions in full: 1,400 nested signs took minutes (found by fuzzing)
    from stepcalc import derive
    from stepcalc.html import MAX_DETAILED_STEPS

    d = derive("-" * 1400 + "x")
    deep = d.to_html(page=False)
    assert deep.count("<li>") <= len(d.lines) * MAX_DETAILED_STEPS
    few = derive("-" * (MAX_DETAILED_STEPS // 4) + "sin x").to_html(page=False)
    assert "<details>" in few
