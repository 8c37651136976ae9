"""What stepcalc says, in the reader's language: the accessors of the phrase tables.

The words themselves live in ``stepcalc.languages``, one table per language keyed by what they
are (``rule.product``, ``feedback.correct``); the mathematics in rule names in
``stepcalc.formulas``.  Every module that shows a person a word asks here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from stepcalc.expr import Deriv, Equation, Expr, Integral, Limit, Sym
from stepcalc.formulas import formulas
from stepcalc.languages import LANGS, phrases
from stepcalc.messages import translate
from stepcalc.steps import RuleId

__all__ = [
    "LANGS",
    "feedback",
    "fill",
    "joined",
    "label",
    "mistake",
    "no_rule",
    "note_text",
    "phrase",
    "phrase_of",
    "said",
    "summary_word",
    "text",
    "word",
]


def text(key: str, lang: str = "en") -> str:
    """The phrase ``key`` (``section.name``) in ``lang``."""
    return phrases(lang)[key]


def phrase(
    rule: RuleId,
    lang: str = "en",
    math: Callable[[Expr], str] | None = None,
    escape: Callable[[str], str] = str,
) -> str:
    """The name of ``rule`` in ``lang``: its words ``escape``d, its formulas written by ``math``
    (linear text by default)."""
    template = text(f"rule.{rule.value}", lang)
    parts = formulas(rule)
    if not parts or "{" not in template:
        return escape(template)
    if math is None:
        from stepcalc.printing import to_text

        math = to_text
    return fill(template, [math(f) for f in parts], escape)


def phrase_of(rule_id: str, lang: str = "en") -> str:
    """A rule named by its id (``power``, as working lines list them): the id itself in English,
    the rule's name in another language."""
    if lang == LANGS[0] or rule_id not in RuleId.__members__.values():
        return rule_id
    return phrase(RuleId(rule_id), lang)


def no_rule(hole: Expr, lang: str = "en") -> str:
    """Why a derivation stopped: no rule differentiates (or integrates) ``hole``."""
    from stepcalc.printing import to_unicode

    if isinstance(hole, Integral):
        return word("no_rule_integral", lang).format(to_unicode(hole.expr), str(hole.var))
    if isinstance(hole, Limit):
        return word("no_rule_limit", lang).format(
            to_unicode(hole.expr), to_unicode(Equation((hole.var, hole.to)))
        )
    assert isinstance(hole, Deriv)
    return word("no_rule", lang).format(to_unicode(hole.expr), str(hole.var))


def mistake(mal_id: str, lang: str = "en") -> tuple[str, str]:
    """A mistake (``stepcalc.malrules``) in ``lang``: what the student did, and the right rule."""
    return text(f"mistake.{mal_id}", lang), text(f"right.{mal_id}", lang)


def label(key: str, lang: str = "en") -> str:
    """A word the command line prints around a verdict, in ``lang``."""
    return text(f"label.{key}", lang)


def joined(kind: str, parts: Iterable[str], lang: str = "en") -> str:
    """``parts`` joined as ``kind`` (sentence, clause or list) is in ``lang``: rule names are
    listed with ", " in English and "、" in Chinese."""
    return text(f"join.{kind}", lang).join(p for p in parts if p)


def said(message: object, lang: str = "en") -> str:
    """An error's message or the oracle's reason in ``lang``: English as raised, translated by
    its template for Chinese (``stepcalc.messages``)."""
    return translate(str(message), lang)


def summary_word(key: str, lang: str = "en") -> str:
    """A word of the grading summary in ``lang``."""
    return text(f"summary.{key}", lang)


def feedback(key: str, lang: str = "en") -> str:
    """A checker message in ``lang``."""
    return text(f"feedback.{key}", lang)


# The mathematics a note names, from its argument (a variable's name).
_NOTE_PARTS: dict[str, Callable[[str], tuple[Expr, ...]]] = {
    "only_j_is_i": lambda name: (Equation((Sym("j"), Sym("i"))), Sym(f"{name}_i")),
    "only_k_is_i": lambda name: (Equation((Sym("k"), Sym("i"))), Sym(f"{name}_i")),
    "dne_sides": lambda parts: tuple(_limit_value(p) for p in parts.split(";")),
    "dne_oscillates": lambda parts: (_limit_value(parts),),
    "kronecker": lambda name: (
        Deriv(Sym(f"{name}_j"), Sym(f"{name}_i"), partial=True),
        Equation((Sym("j"), Sym("i"))),
        Sym("k"),
    ),
}


def _limit_value(text: str) -> Expr:
    """A limit's value or expression as a note writes it (``-oo``, ``sin(1/x)``)."""
    from stepcalc.expr import INF, Neg
    from stepcalc.parse import parse

    return {"oo": INF, "-oo": Neg(INF)}.get(text.strip()) or parse(text)


def note_text(
    note: str,
    lang: str = "en",
    math: Callable[[Expr], str] | None = None,
    escape: Callable[[str], str] = str,
) -> str:
    """A line's note shown beside its rules: a phrase key in ``lang`` (other notes are for JSON),
    its words ``escape``d and its mathematics written by ``math`` (Unicode text by default)."""
    key, _, argument = note.partition(":")
    if f"word.{key}" not in phrases(lang) or not argument:
        return ""
    if key not in _NOTE_PARTS:
        return escape(word(key, lang).format(argument))
    if math is None:
        from stepcalc.printing import to_unicode

        math = to_unicode
    return fill(word(key, lang), [math(part) for part in _NOTE_PARTS[key](argument)], escape)


def fill(template: str, parts: Sequence[str], escape: Callable[[str], str] = str) -> str:
    """``template`` with its ``{0}``, ``{1}``… replaced by ``parts`` (already in the output's
    format) and only its own words ``escape``d."""
    marks = [f"\0{i}\0" for i in range(len(parts))]
    out = escape(template.format(*marks))
    for mark, part in zip(marks, parts, strict=True):
        out = out.replace(mark, part)
    return out


def word(key: str, lang: str = "en") -> str:
    return text(f"word.{key}", lang)
