"""``oracle.equal``: the one decision of whether two expressions are equal on the reals.

Verification of derivations, ``check``, ``equiv``, the lines of a working and ``grade`` all
ask it.  The answer is ``equal``, ``different`` or ``unknown``, with the reason, the stage that
decided and, for ``different``, a witness point.  "Equal" means equal at every point where both
are real (the domains may differ, which is reported); "different" means a point of the common
domain where they differ.  A third expression, ``within`` (the problem an answer belongs to),
narrows the domain further: an answer is judged where the problem is defined.

The stages, each under the time budget:

1. **exact** (``exact.py``): rational functions of their generators, exact arithmetic.  It
   proves equality, and it proves a difference of polynomials or rational functions (the
   witness is then checked exactly).
2. **numeric** (``numeric.py``): points from every decade of 10^-6 … 10^6, both signs, inside
   the common real domain (searched for when few points fall in it, ``domain.py``).  At each
   point a difference counts only if it survives a change of precision, and zero only if it
   shrinks with the precision.  Different at the first point that proves it (the points where
   double precision shows the largest differences are judged first); equal only if the
   difference is zero at every compared point, at least ``MIN_POINTS`` of them.  Undefined
   functions are replaced by several random smooth functions (``standins.py``): different for
   one choice is different.
3. **symbolic**: where the numbers cannot decide (too few points of the common domain, values
   beyond double range), sympy's ``simplify`` of the difference is 0, under the budget.
4. Otherwise the answer is ``unknown``: never a guess.

The symbolic stage can only prove equality, and a difference the numeric stage proves is a
fact that no simplification can contradict; so running the cheap numbers before the costly
``simplify`` changes no verdict, only the time.

With a tolerance ``tol``, a proven difference no larger than ``tol`` times the values counts
as agreement, and an equality reached that way is ``approximate``.
"""

from __future__ import annotations

import functools
import hashlib
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from stepcalc.budget import TimeLimitExceeded, call_with_limit
from stepcalc.errors import LimitError, UnsupportedError
from stepcalc.expr import Expr
from stepcalc.oracle.convert import real_form, to_sympy
from stepcalc.oracle.domain import domain_points
from stepcalc.oracle.exact import exact
from stepcalc.oracle.guard import bounded, too_big_to_simplify
from stepcalc.oracle.numeric import Compiled, Kind, Pair, Point, PointResult, candidates, point_text
from stepcalc.oracle.standins import FAMILIES, stand_ins, undefined_functions

__all__ = ["MIN_POINTS", "Equality", "equal", "equal_values", "first_equal"]

MIN_POINTS = 12  # compared points of the common domain needed to call two expressions equal
_SCREEN = 4  # points judged first: where double precision shows the largest differences
_SYMBOLIC_SECONDS = 0.5

Outcome = Literal["equal", "different", "unknown"]


@dataclass(frozen=True, slots=True)
class Equality:
    """The decision: ``verdict``, why, which stage decided, and a point where they differ."""

    verdict: Outcome
    reason: str
    stage: str = ""
    witness: tuple[tuple[str, float], ...] = ()
    points: int = 0  # points of the common domain where they were compared
    domains_differ: bool = False
    approximate: bool = False  # equal only within the tolerance

    @property
    def equal(self) -> bool | None:
        """True, False, or None when undecided."""
        return {"equal": True, "different": False}.get(self.verdict)


@dataclass(frozen=True, slots=True)
class _Side:
    value: Any  # sympy's value (automatic simplification done, derivatives taken)
    kept: Any  # as written, with real odd roots: where it is defined can still be asked
    built: Any  # ``kept`` before derivatives are taken (stand-ins replace f there)


@dataclass(frozen=True, slots=True)
class _Task:
    """One comparison: the two sides, the domain they are judged on, and the budget."""

    a: _Side
    b: _Side
    within: _Side | None
    symbols: tuple[Any, ...]
    names: list[str]  # how each symbol is shown in a witness (sorted like ``symbols``)
    tol: float | None
    deadline: float
    seed: str


def equal(
    a: Expr,
    b: Expr,
    *,
    within: Expr | None = None,
    tol: float | None = None,
    seconds: float = 2.0,
    seed: str = "",
) -> Equality:
    """Whether ``a`` and ``b`` (ASTs, never text) are equal on the reals, in about ``seconds``;
    only points where ``within`` is defined count, when it is given."""

    def side(e: Expr) -> _Side:
        try:
            return _side(e)
        except TypeError as error:  # a written vector or a gradient: not a scalar expression
            raise UnsupportedError(f"only scalar expressions can be compared here ({error})") from None

    def decide() -> Equality:
        sw = side(within) if within is not None else None
        return _decide(_task(side(a), side(b), sw, tol, seconds, f"{seed}|{a}|{b}"))

    return _limited(decide, seconds)


def equal_values(
    a: Any, b: Any, *, within: Any = None, tol: float | None = None, seconds: float = 2.0, seed: str = ""
) -> Equality:
    """The same decision for two sympy values (a derivation's lines, a matrix entry); only
    points where ``within`` (a sympy value) is defined count, when it is given."""

    def decide() -> Equality:
        sides = (_Side(a, real_form(a), a), _Side(b, real_form(b), b))
        sw = None if within is None else _Side(within, real_form(within), within)
        return _decide(_task(*sides, sw, tol, seconds, f"{seed}|{a}|{b}"))

    return _limited(decide, seconds)


def _task(a: _Side, b: _Side, within: _Side | None, tol: float | None, seconds: float, seed: str) -> _Task:
    free = a.kept.free_symbols | b.kept.free_symbols | a.value.free_symbols | b.value.free_symbols
    if within is not None:
        free |= within.kept.free_symbols
    symbols = tuple(sorted(free, key=str))
    names = [str(s) for s in symbols]
    return _Task(a, b, within, symbols, names, tol, time.monotonic() + seconds, seed)


def _limited(decide: Callable[[], Equality], seconds: float) -> Equality:
    try:
        result: Equality = call_with_limit(
            seconds * 1.5 + 0.25, lambda: bounded(decide), "comparing expressions"
        )
    except TimeLimitExceeded:
        return Equality("unknown", "the time budget ran out")
    except LimitError as error:  # sympy would have made a number too big to compute
        return Equality("unknown", str(error))
    except (MemoryError, RecursionError):
        return Equality("unknown", "the expressions are too large to evaluate")
    return result


@functools.lru_cache(maxsize=2048)
def _side(e: Expr) -> _Side:
    import sympy as sp

    built = real_form(to_sympy(e, keep=True))
    value = to_sympy(e)
    kept = built
    if built.has(sp.Derivative, sp.Subs):
        kept, value = built.doit(), value.doit()
    if kept.has(sp.DiracDelta):  # H'(u): 0 wherever it has a value, i.e. at every test point
        kept = kept.replace(sp.DiracDelta, lambda *args: sp.S.Zero)
        value = value.replace(sp.DiracDelta, lambda *args: sp.S.Zero)
    return _Side(value, kept, built)


def _decide(task: _Task) -> Equality:
    found = _exact_stage(task)
    if found is not None:
        return found
    functions = undefined_functions(task.a.kept, task.b.kept)
    try:
        families = _families(task, functions)
    except (ValueError, TypeError, ArithmeticError):  # sympy cannot take a derivative it wrote
        return Equality("unknown", "the undefined functions could not be given concrete values")
    rng = random.Random(hashlib.sha256(task.seed.encode()).hexdigest())
    points = candidates(len(task.symbols), rng)
    for point in _suspects(families[0], points):
        shown = families[0].judge(point, task.tol)
        if shown.kind is Kind.NONZERO and not shown.within:
            return _different(task, shown, 0, stand_in=bool(functions))
    found, simplify = _numeric(task, families, points)
    if simplify and _symbolic(task):
        return Equality("equal", "equal by symbolic simplification", "symbolic")
    return found


def _families(task: _Task, functions: dict[Any, int]) -> list[Pair]:
    """The pairs to judge: the two sides as they are, or with each of several choices of
    stand-ins for their undefined functions."""
    sides = [task.a, task.b] + ([task.within] if task.within is not None else [])
    if functions:
        chosen = [stand_ins(tuple(s.built for s in sides), functions, task.seed, k) for k in range(FAMILIES)]
    else:
        chosen = [tuple(s.kept for s in sides)]
    pairs = []
    for values in chosen:
        a, b, *rest = (_compiled(v, task.symbols) for v in values)
        pairs.append(Pair(a, b, rest[0] if rest else None))
    return pairs


def _suspects(pair: Pair, points: list[Point]) -> list[Point]:
    """The points where double precision already shows the largest differences (a hint only:
    each is then judged on the ladder), or the first few points when it shows none.  Among
    differences of about the same size, points nearest 1 come first: a witness x = -2 reads
    better than x = -4.1·10^6."""
    if not pair.usable:
        return []

    gaps = [pair.rough_difference(p) for p in points]
    order = sorted(range(len(points)), key=lambda k: (_clarity(gaps[k]), _remoteness(points[k])))
    shown = [points[k] for k in order[:_SCREEN] if gaps[k] > 1e-9]
    return shown or points[:_SCREEN]


def _clarity(gap: float) -> int:
    """0 for a difference plain in double precision, 1 for a faint one, 2 for none."""
    return 0 if gap > 1e-3 else 1 if gap > 1e-9 else 2


def _remoteness(point: Point) -> float:
    return max((abs(math.log10(abs(v))) for v in point if v), default=0.0)


def _exact_stage(task: _Task) -> Equality | None:
    a, b = task.a, task.b
    if too_big_to_simplify(a.value, b.value):
        return None
    try:
        found = exact(a.value, b.value, task.symbols)
    except Exception:  # sympy may fail on exotic input (a number past mpmath's range): the numbers decide
        return None
    if found.verdict == "equal":
        return Equality("equal", "identical as rational functions of their parts", "exact")
    if task.tol is not None or found.numerator is None:
        return None
    if found.verdict == "different":
        return _exact_witness(task, found.numerator, found.denominator)
    return _cancelled_witness(task, found.numerator, found.denominator)


def _exact_witness(task: _Task, numerator: Any, denominator: Any) -> Equality | None:
    """A point of the common domain where the exact difference is not 0 (None: none found).
    Its numerator is a non-zero polynomial, so it vanishes at few points; a ball that excludes
    0 shows that this point is not one of them."""
    (pair,) = _families(task, {})
    top = _compiled(numerator, task.symbols)
    bottom = _compiled(denominator, task.symbols)
    for point in candidates(len(task.symbols), random.Random(str(numerator))):
        if pair.judge_domain(point) is Kind.ZERO and top.nonzero(point) and bottom.nonzero(point):
            if not task.symbols:
                return Equality(
                    "different", f"different numbers: {_numbers(task)} (exact arithmetic)", "exact"
                )
            where = point_text(task.names, point)
            witness = tuple(zip(task.names, point, strict=True))
            return Equality("different", f"they differ at {where} (exact arithmetic)", "exact", witness, 1)
    return None


def _cancelled_witness(task: _Task, numerator: Any, denominator: Any) -> Equality | None:
    """A point where the difference, its common terms cancelled, is certainly not 0 (a ball
    that excludes 0), among the points nearest 1 where double precision shows it at all."""
    if not task.symbols:
        return None
    top = _compiled(numerator, task.symbols)
    bottom = _compiled(denominator, task.symbols)
    if top.exact is None or bottom.exact is None:
        return None
    (pair,) = _families(task, {})
    points = candidates(len(task.symbols), random.Random(task.seed))
    sizes = [abs(top.rough(p) or 0.0) for p in points]
    order = sorted(range(len(points)), key=lambda k: (not sizes[k], _remoteness(points[k])))
    for k in order[:_SCREEN]:
        point = points[k]
        if (
            sizes[k]
            and pair.judge_domain(point) is Kind.ZERO
            and top.nonzero(point)
            and bottom.nonzero(point)
        ):
            witness = tuple(zip(task.names, point, strict=True))
            return Equality(
                "different", f"they differ at {point_text(task.names, point)}", "exact", witness, 1
            )
    return None


def _numbers(task: _Task) -> str:
    import sympy as sp

    return " and ".join(f"{float(sp.N(side.value, 15)):.6g}" for side in (task.a, task.b))


def _symbolic(task: _Task) -> bool:
    import sympy as sp

    a, b = task.a, task.b
    left = min(_SYMBOLIC_SECONDS, task.deadline - time.monotonic())
    if left <= 0.05 or too_big_to_simplify(a.value, b.value):  # Wang's factoring: uninterruptible
        return False
    try:
        return bool(call_with_limit(left, lambda: sp.simplify(a.value - b.value), "simplification") == 0)
    except TimeLimitExceeded:
        return False
    except Exception:  # sympy may fail on exotic input: the numbers decide
        return False


def _numeric(task: _Task, families: list[Pair], points: list[Point]) -> tuple[Equality, bool]:
    """The numeric verdict, and whether simplifying may still decide (not when the sides
    share no point of their domains: equal there would mean nothing)."""
    tallies = []
    for pair in families:
        results = _sample(pair, points, task)
        if _agreeing(results) < MIN_POINTS:
            results += _sample(pair, _more_points(task, points), task)
        differing = [r for r in results if r.kind is Kind.NONZERO and not r.within]
        if differing:
            stand_in = len(families) > 1
            found = _different(task, differing[0], _agreeing(results), _domains_differ(results), stand_in)
            return found, False
        tallies.append(results)
    agree = min(_agreeing(r) for r in tallies)
    differ = any(_domains_differ(r) for r in tallies)
    needed = MIN_POINTS if task.symbols else 1
    if agree >= needed:
        approximate = any(r.kind is Kind.NONZERO for results in tallies for r in results)
        reason = _agreement(task, agree, approximate)
        return Equality("equal", reason, "numeric", (), agree, differ, approximate), False
    unreliable = any(r.kind is Kind.UNRELIABLE for results in tallies for r in results)
    if agree == 0 and not unreliable:
        return _nowhere_common(task, tallies), False
    if time.monotonic() > task.deadline:
        why = f"only {agree} points compared before the time budget ran out"
        return Equality("unknown", why, points=agree), True
    return Equality("unknown", _too_few(unreliable, agree), points=agree, domains_differ=differ), True


def _nowhere_common(task: _Task, tallies: list[list[PointResult]]) -> Equality:
    """No point where both are real.  A number that is not real (√(-3)) is no real function:
    different, if the other side is real somewhere.  Otherwise nothing can be said."""
    results = [r for t in tallies for r in t]
    for side, other_defined in ((task.a, Kind.ONLY_SECOND), (task.b, Kind.ONLY_FIRST)):
        # NaN in ball arithmetic, or a number sympy knows to be complex (not merely one the
        # evaluator cannot take)
        nonreal = _compiled(side.kept, ()).exact is not None or side.value.is_real is False
        if not side.value.free_symbols and nonreal and any(r.kind is other_defined for r in results):
            return Equality("different", f"{side.value} is not a real number", "numeric", domains_differ=True)
    return Equality("unknown", "no point was found where both are real numbers", domains_differ=True)


def _more_points(task: _Task, points: list[Point]) -> list[Point]:
    """Where to look when few points fall in the common domain: the domain searched (one
    variable), or every point moved to the positive side (several)."""
    if len(task.symbols) == 1:
        sides = [task.a.kept, task.b.kept] + ([task.within.kept] if task.within else [])
        return domain_points(sides, task.symbols[0])
    if len(task.symbols) > 1:
        return [tuple(abs(v) for v in p) for p in points]
    return []


def _agreement(task: _Task, agree: int, approximate: bool) -> str:
    if not task.symbols:
        return f"equal within {task.tol}" if approximate else "equal numbers, to 40 digits or more"
    how = f"within {task.tol}" if approximate else "to 40 digits or more"
    return f"equal at {agree} points of their common domain, {how}"


def _sample(pair: Pair, points: list[Point], task: _Task) -> list[PointResult]:
    results: list[PointResult] = []
    for point in points:
        if time.monotonic() > task.deadline:
            break
        results.append(pair.judge(point, task.tol))
        if results[-1].kind is Kind.NONZERO and not results[-1].within:
            break
    return results


def _agreeing(results: list[PointResult]) -> int:
    return sum(r.kind is Kind.ZERO or (r.kind is Kind.NONZERO and r.within) for r in results)


def _domains_differ(results: list[PointResult]) -> bool:
    return any(r.kind in (Kind.ONLY_FIRST, Kind.ONLY_SECOND) for r in results)


def _too_few(unreliable: bool, agree: int) -> str:
    if unreliable:
        return f"only {agree} points of the common domain were compared reliably (the values are too large)"
    return f"only {agree} points were found where both are real numbers"


def _different(
    task: _Task, shown: PointResult, agree: int, domains_differ: bool = False, stand_in: bool = False
) -> Equality:
    if not task.symbols:
        return Equality("different", "different numbers", "numeric", points=1)
    where = point_text(task.names, shown.point)
    if stand_in:
        reason = f"they differ at {where} (for one choice of the undefined functions)"
    else:
        reason = f"they differ at {where}"
    witness = tuple(zip(task.names, shown.point, strict=True))
    return Equality("different", reason, "numeric", witness, agree, domains_differ)


@functools.lru_cache(maxsize=2048)
def _compiled(value: Any, symbols: tuple[Any, ...]) -> Compiled:
    """The evaluator of a value (memoised: the derivative an answer is checked against, and
    each mal-rule's result, recur for every answer to a problem)."""
    return Compiled(value, symbols)


def first_equal(e: Expr, candidates: Sequence[Expr], *, seconds: float = 1.0) -> int | None:
    """The index of the first candidate equal to ``e`` (None: none, or undecided).

    Values in double precision at a few points rule most candidates out cheaply (a hint, never
    a verdict: one that agrees there, or cannot be evaluated, is then decided by ``equal``)."""
    deadline = time.monotonic() + seconds
    try:
        mine = _side(e)
    except TypeError:
        return None
    for k, candidate in enumerate(candidates):
        left = deadline - time.monotonic()
        if left <= 0.02:
            return None
        try:
            other = _side(candidate)
        except TypeError:
            continue
        symbols = tuple(sorted(mine.kept.free_symbols | other.kept.free_symbols, key=str))
        if _apart(_compiled(mine.kept, symbols), _compiled(other.kept, symbols), len(symbols)):
            continue
        if equal(e, candidate, seconds=min(left, 0.3)).verdict == "equal":
            return k
    return None


_PROBES = (0.6180339887, 1.4142135624, -0.8660254038, 2.7182818285)


def _apart(a: Compiled, b: Compiled, count: int) -> bool:
    """Whether the two are clearly apart at one of a few fixed points (to double precision)."""
    for base in _PROBES:
        point = tuple(base + 0.1 * i for i in range(count))
        va, vb = a.rough(point), b.rough(point)
        if va is not None and vb is not None and abs(va - vb) > 1e-6 * max(abs(va), abs(vb), 1e-300):
            return True
    return False
