"""The phrase tables (issue 18, item 2): one table per language, every key in every language,
no module choosing words by language, formulas typeset rather than re-parsed, and no English
left in a Chinese page of any format."""

from __future__ import annotations

import html
import re
import string
from pathlib import Path

import pytest

from stepcalc.formulas import formulas
from stepcalc.languages import LANGS, errors, phrases
from stepcalc.latex_print import to_latex
from stepcalc.malrules import MALRULES
from stepcalc.mathml import to_mathml
from stepcalc.phrases import mistake, phrase, text
from stepcalc.printing import to_text
from stepcalc.renderers import RENDERERS
from stepcalc.steps import RuleId
from tests.test_lang import english_left
from tests.test_publish import CASES, IDS

PACKAGE = Path(__file__).resolve().parent.parent / "stepcalc"


def _places(template: str) -> list[str]:
    """The values a template takes: ``{}`` counted by order, ``{0}`` and ``{read}`` by name."""
    fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    auto = iter(range(len(fields)))
    return sorted(f if f else str(next(auto)) for f in fields)


def test_the_languages_are_found_by_their_modules() -> None:
    assert LANGS[0] == "en"
    assert set(LANGS) == {"en", "zh"}
    with pytest.raises(ValueError, match="unknown language 'fr'; choose en or zh"):
        phrases("fr")


@pytest.mark.parametrize("lang", LANGS[1:])
def test_every_key_is_in_every_language_with_the_same_places(lang: str) -> None:
    english, other = phrases("en"), phrases(lang)
    assert set(other) == set(english), sorted(set(other) ^ set(english))
    for key, words in english.items():
        if key.startswith("join."):
            continue  # a separator: Chinese joins sentences with nothing
        assert other[key].strip() and words.strip(), key
        if not key.startswith(("rule.", "latex.")):  # a rule may be named in words alone (指数函数求导)
            assert _places(other[key]) == _places(words), key


@pytest.mark.parametrize("lang", LANGS[1:])
def test_every_error_translation_takes_the_values_of_its_template(lang: str) -> None:
    for key, translated in errors(lang).items():
        assert len(_places(translated)) == key.count("{}") - key.count("{{}}"), key


def test_every_rule_and_mistake_has_its_words() -> None:
    for lang in LANGS:
        for rule in RuleId:
            assert phrase(rule, lang).strip(), (rule, lang)
        for mal in MALRULES:
            what, right = mistake(mal.id, lang)
            assert what.strip() and right.strip(), (mal.id, lang)


@pytest.mark.parametrize("rule", [r for r in RuleId if formulas(r)], ids=lambda r: r.value)
def test_formulas_are_typeset_not_parsed(rule: RuleId) -> None:
    """A rule's formula is a tree that every format prints: the LaTeX tag and the MathML name
    show it as mathematics, and each place in a phrase has its formula."""
    parts = formulas(rule)
    for lang in LANGS:
        places = {int(p) for p in _places(text(f"rule.{rule.value}", lang))}
        assert places <= set(range(len(parts))), (rule, lang)
    english = text(f"rule.{rule.value}", "en")
    assert "{0}" in english, f"{rule.value}: the English name does not show its formula"
    assert phrase(rule, "en", lambda e: f"${to_latex(e)}$").count("$") == 2 * len(parts)
    assert phrase(rule, "en", to_mathml).count("<math") == len(parts)
    assert to_text(parts[0]) in phrase(rule, "en")


def test_chinese_rule_names_are_the_textbook_ones() -> None:
    names = {r: phrase(r, "zh") for r in (RuleId.POWER, RuleId.PRODUCT, RuleId.QUOTIENT, RuleId.CHAIN)}
    assert names == {
        RuleId.POWER: "幂法则",
        RuleId.PRODUCT: "乘法法则",
        RuleId.QUOTIENT: "除法法则",
        RuleId.CHAIN: "链式法则",
    }


def test_no_module_chooses_its_words_by_language() -> None:
    """Issue 18: thirteen ``lang == "zh"`` checks chose words; now a language is a module of
    stepcalc.languages and nothing else names one."""
    naming = re.compile(r"""["']zh["']|lang(?:uage)? (?:==|!=) ["']""")
    found = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "languages" not in path.parts and naming.search(path.read_text(encoding="utf-8"))
    )
    assert found == []


# ---------------------------------------------------------------- no English left in Chinese
_LATEX_MATH = re.compile(r"\$[^$]*\$|\\\(.*?\\\)|\\begin\{(align\*?|aligned)\}.*?\\end\{\1\}", re.DOTALL)


def _balanced(page: str, start: int) -> str:
    """The text of the brace group opening at ``page[start]``."""
    depth = 0
    for i in range(start, len(page)):
        depth += {"{": 1, "}": -1}.get(page[i], 0)
        if depth == 0:
            return page[start + 1 : i]
    return page[start + 1 :]


def _words_of(fmt: str, page: str) -> str:
    """The words of a page, its mathematics and markup taken out: the rule column of text, the
    text-mode groups and the running text of LaTeX, the text nodes of HTML."""
    if fmt == "html":
        page = re.sub(r"<math\b.*?</math>|<style>.*?</style>|<[^>]+>", " ", page, flags=re.DOTALL)
        return html.unescape(page)
    if fmt in ("latex", "md"):
        groups = [
            _balanced(page, m.end() - 1) for m in re.finditer(r"\\(?:text|tag\*?|section\*?|title)\{", page)
        ]
        outside = _LATEX_MATH.sub(" ", page)
        words = [re.sub(r"\$[^$]*\$", " ", g) for g in [*groups, outside]]
        return " ".join(re.sub(r"\\[A-Za-z]+\*?|[{}&\\]", " ", w) for w in words)
    return " ".join(re.findall(r"\[([^\]]*)\]\s*$", page, flags=re.MULTILINE))


@pytest.mark.parametrize("fmt", ["text", "latex", "md", "html"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_chinese_page_has_no_english(fmt: str, case: tuple[str, object]) -> None:
    d = case[1]()  # type: ignore[operator]
    page = RENDERERS[fmt].derivation(d, "zh")
    assert english_left(_words_of(fmt, page)) == []


@pytest.mark.parametrize("fmt", ["text", "latex", "md", "html"])
def test_the_english_page_is_found_english(fmt: str) -> None:
    """The check above can fail: on the English page it finds the rule names."""
    d = CASES[1][1]()  # type: ignore[operator]
    assert english_left(_words_of(fmt, RENDERERS[fmt].derivation(d, "en")))


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_name_typesets(lang: str, tmp_path: Path) -> None:
    """Every rule's name as the LaTeX tag column writes it compiles (a formula in maths, a
    Greek letter never raw in text mode), without an overfull box."""
    from stepcalc.latex_doc import compile_pdf, engine_for, latex_document
    from stepcalc.latex_print import latex_text
    from tests.test_publish import need

    need(engine_for(lang))
    rows = [
        f"x &= x \\tag*{{{phrase(rule, lang, lambda e: f'${to_latex(e)}$', latex_text)}}}" for rule in RuleId
    ]
    body = "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}"
    compiled = compile_pdf(latex_document([("", body)], lang=lang), tmp_path / "rules.pdf", lang=lang)
    assert compiled.overfull() == []
