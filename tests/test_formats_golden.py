"""Golden files of every output format (text, LaTeX, Markdown, HTML) in English and Chinese
for worked solutions of WORKED.md (§2 product, §3 quotient, §4 chain, §5 sigmoid).

The files in tests/golden/formats/ were produced by stepcalc and read line by line against
WORKED.md before they were added; a rendering change shows up here as a diff to review.
To regenerate one on purpose, delete it and run with STEPCALC_WRITE_GOLDEN=1 (the run that
writes it still fails, so a golden is never refreshed silently).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stepcalc import derive

GOLDEN = Path(__file__).resolve().parent / "golden" / "formats"
CASES = {"product": "e^x cos x", "quotient": "(x+1)/ln x", "chain": "e^(2x)", "sigmoid": "sigma(x)"}
FORMATS = {
    "txt": lambda d, lang: d.to_text(unicode=True, lang=lang) + "\n",
    "tex": lambda d, lang: d.to_latex(lang=lang) + "\n",
    "md": lambda d, lang: d.to_markdown(lang=lang),
    "html": lambda d, lang: d.to_html(lang=lang),
}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", list(CASES))
def test_format_golden(name: str, lang: str, fmt: str) -> None:
    path = GOLDEN / f"{name}.{lang}.{fmt}"
    produced = FORMATS[fmt](derive(CASES[name], verify=True), lang)
    if not path.exists() and os.environ.get("STEPCALC_WRITE_GOLDEN") == "1":
        path.write_text(produced, encoding="utf-8")
        pytest.fail(f"wrote {path.name}: review it, then run again")
    assert produced == path.read_text(encoding="utf-8")
