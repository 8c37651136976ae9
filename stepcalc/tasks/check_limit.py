"""Judging a student's limit, by its value.

The limit is worked by the limit engine and verified by the oracle; an answer that is not
verified is not judged (``unknown``), so a verdict never rests on an unchecked line.  The
student may answer a number or expression, ``oo`` or ``-oo`` (∞), or ``DNE`` ("does not
exist").  An infinite limit answered DNE is right with a remark (it does not exist as a
number, and some books, APEX among them, write DNE), and a limit whose one-sided limits
differ answered ∞ is wrong: the sides are named.
"""

from __future__ import annotations

import time

from stepcalc.budget import TimeLimitExceeded, call_with_limit
from stepcalc.errors import LimitError, ParseError, StepcalcError
from stepcalc.expr import INF, Expr, Neg
from stepcalc.limits import DEFAULT, Limits
from stepcalc.oracle import equal
from stepcalc.phrases import feedback, joined, note_text, said
from stepcalc.printing import to_text
from stepcalc.rules.limit.base import infinite
from stepcalc.tasks.check import Verdict, seconds_left
from stepcalc.tasks.limit import limit
from stepcalc.tasks.reading import reading

__all__ = ["check_limit"]

_DNE = ("dne", "does not exist", "none", "不存在", "极限不存在")
_INFINITY = ("oo", "∞", "inf", "infinity", "无穷大")


def check_limit(
    problem: str,
    at: str,
    answer: str,
    *,
    side: str = "",
    lang: str = "en",
    seconds: float = 2.0,
    limits: Limits = DEFAULT,
) -> Verdict:
    """Judge ``answer`` as lim ``problem`` at ``at`` (``x=0``, ``x=oo``), from ``side``."""
    try:
        return call_with_limit(
            limits.max_seconds,
            lambda: _check(problem, at, answer, side, lang, seconds, limits),
            "checking the answer",
        )
    except TimeLimitExceeded as error:
        return Verdict("unknown", feedback("unknown_why", lang).format(said(error, lang)))


def _check(
    problem: str, at: str, answer: str, side: str, lang: str, seconds: float, limits: Limits
) -> Verdict:
    deadline = time.monotonic() + seconds
    worked = limit(problem, at, side=side, verify=True, limits=limits)
    if worked.unknown or worked.verified is not True:
        return Verdict("unknown", feedback("limit_unknown", lang), derivation=worked, lang=lang)
    expected = worked.result
    shown = _shown(worked.result, note_text(worked.lines[-1].note, lang), lang)
    written = answer.strip().lower().rstrip(".")
    if written in _DNE:
        if worked.exists is False:
            return Verdict("correct", feedback("correct", lang), None, None, worked, lang=lang)
        if expected is not None and infinite(expected):
            text = joined(
                "sentence", (feedback("correct", lang), feedback("limit_infinite_dne", lang), shown), lang
            )
            return Verdict("correct", text, None, expected, worked, lang=lang)
        text = joined("sentence", (feedback("limit_exists", lang), shown), lang)
        return Verdict("incorrect", text, "limit_dne", expected, worked, lang=lang)
    given: Expr | None = _infinity(written)
    if given is None:
        try:
            given = reading(answer, limits).expr
        except (ParseError, LimitError) as error:
            column = error.column if isinstance(error, ParseError) else None
            key = "invalid_at" if column else "invalid"
            args = (column, said(error, lang)) if column else (said(error, lang),)
            return Verdict(
                "invalid", feedback(key, lang).format(*args), expected=expected, column=column, lang=lang
            )
    if worked.exists is False:
        text = joined("sentence", (feedback("limit_not_a_value", lang), shown), lang)
        return Verdict("incorrect", text, "limit_exists_wrongly", None, worked, answer=given, lang=lang)
    assert expected is not None
    if infinite(given) or infinite(expected):
        right = infinite(given) == infinite(expected)
        text = (
            feedback("correct", lang)
            if right
            else joined("sentence", (feedback("limit_wrong", lang), shown), lang)
        )
        return Verdict(
            "correct" if right else "incorrect", text, None, expected, worked, answer=given, lang=lang
        )
    try:
        outcome = equal(given, expected, seconds=seconds_left(deadline))
    except StepcalcError as error:
        return Verdict("unknown", feedback("unknown_why", lang).format(said(error, lang)), lang=lang)
    if outcome.equal:
        return Verdict("correct", feedback("correct", lang), None, expected, worked, answer=given, lang=lang)
    if outcome.equal is False:
        text = joined("sentence", (feedback("limit_wrong", lang), shown), lang)
        return Verdict("incorrect", text, None, expected, worked, answer=given, lang=lang)
    text = feedback("unknown_why", lang).format(said(outcome.reason, lang))
    return Verdict("unknown", text, None, expected, worked, answer=given, lang=lang)


def _infinity(written: str) -> Expr | None:
    """∞ or −∞ as a student writes it (oo, ∞, inf, infinity, with a sign), else None."""
    bare = written.lstrip("+-").strip()
    if bare not in _INFINITY:
        return None
    return Neg(INF) if written.startswith("-") else INF


def _shown(value: Expr | None, reason: str, lang: str) -> str:
    """The right answer as the feedback gives it: the value, or why there is none."""
    if value is None:
        return feedback("sentence", lang).format(reason[:1].upper() + reason[1:])  # no case in Chinese
    written = {1: "∞", -1: "-∞"}.get(infinite(value)) or to_text(value, readable=True)
    return feedback("limit_is", lang).format(written)
