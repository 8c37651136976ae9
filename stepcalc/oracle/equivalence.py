"""Are two expressions equal on the reals?  The comparison behind the answer checker.

Numbers first, then symbols: both sides are evaluated with mpmath at 30 significant digits
at many points, at several scales and both signs, chosen by a seeded generator (so a verdict
is reproducible).  A point counts only where *every* part of an expression (each function
application and each power) is real and finite, so ``(√x)²`` is not ``x`` at x = -2 just
because complex arithmetic happens to agree there.

* a point in the common domain where the values differ (and still differ at 60 digits)
  proves the expressions different;
* agreement at ``MIN_POINTS`` common points spread over scales is taken as equality;
  points where only one side is defined are counted, to report that the domains differ
  (``ln(x²)`` and ``2 ln x``);
* constants are compared at 60 digits (``sqrt(11 + 6 sqrt 2)`` and ``3 + sqrt 2``);
* too few common points: sympy's ``simplify`` decides within the time budget, else the
  answer is ``None`` (undecided).

Everything is built from the AST (``to_sympy``), never from text.
"""

from __future__ import annotations

import functools
import hashlib
import random
import time
from dataclasses import dataclass, field
from typing import Any

from stepcalc.budget import TimeLimitExceeded, call_with_limit
from stepcalc.errors import LimitError, UnsupportedError
from stepcalc.expr import Expr, free_symbols
from stepcalc.oracle import to_sympy
from stepcalc.oracle.guard import SYMBOLIC_DIGITS, bounded, too_big_to_simplify

__all__ = ["Comparison", "compare_expressions", "factorable"]

MIN_POINTS = 16
MAX_TRIES = 160
_SCALES = (0.013, 0.071, 0.29, 0.61, 0.93, 1.37, 2.21, 3.73, 6.1, 11.3, 27.7, 103.0)
_HUGE = 1e12
UNRELIABLE = object()  # a point where the arithmetic cannot be trusted: skipped


@dataclass
class Comparison:
    """The outcome: ``equal`` True, False or None (undecided), with the evidence."""

    equal: bool | None
    reason: str = ""
    agree: int = 0
    only_first: int = 0
    only_second: int = 0
    witness: dict[str, float] = field(default_factory=dict)  # a point that shows a difference
    domains_differ: bool = False


def compare_expressions(
    a: Expr, b: Expr, *, tol: float | None = None, seconds: float = 2.0, seed: str = ""
) -> Comparison:
    """Compare ``a`` and ``b`` as real functions of their free symbols, in about ``seconds``
    (the work stops soon after: one slow evaluation cannot hold it up)."""
    try:
        return call_with_limit(
            seconds * 1.5 + 0.25,
            lambda: bounded(lambda: _compare(a, b, tol, seconds, seed)),
            "comparing expressions",
        )
    except TimeLimitExceeded:
        return Comparison(None, "the time budget ran out")
    except LimitError as error:  # sympy would have made a number too big to compute
        return Comparison(None, str(error))
    except (MemoryError, RecursionError):
        return Comparison(None, "the expressions are too large to evaluate")


def _compare(a: Expr, b: Expr, tol: float | None, seconds: float, seed: str) -> Comparison:
    import mpmath
    import sympy as sp

    deadline = time.monotonic() + seconds
    symbols = sorted(free_symbols(a) | free_symbols(b), key=lambda s: s.name)
    try:
        sa, sb = _real_cached(a), _real_cached(b)
    except TypeError as error:  # a written vector or a gradient: not a scalar expression
        raise UnsupportedError(f"only scalar expressions can be compared here ({error})") from None
    if sa.atoms(sp.core.function.AppliedUndef) or sb.atoms(sp.core.function.AppliedUndef):
        return _symbolic(sa, sb, deadline, "they contain undefined functions")
    if not symbols:
        return _constants(sa, sb, tol)
    names = tuple(s.name for s in symbols)
    fa, fb = _compiled(a, names), _compiled(b, names)
    rng = random.Random(hashlib.sha256(f"{seed}|{a}|{b}".encode()).hexdigest())
    result = Comparison(None)
    for attempt in range(MAX_TRIES):
        if time.monotonic() > deadline:
            break
        # after half the tries with few common points, look where logarithms and roots live
        positive = attempt >= MAX_TRIES // 2 and result.agree < MIN_POINTS
        point = [abs(_draw(rng, attempt)) if positive else _draw(rng, attempt) for _ in symbols]
        with mpmath.workdps(30):
            ea, eb = fa(point), fb(point)
        if ea is UNRELIABLE or eb is UNRELIABLE or (ea is None and eb is None):
            continue
        if ea is None or eb is None:
            if ea is None:
                result.only_second += 1
            else:
                result.only_first += 1
            continue
        (va, scale_a), (vb, scale_b) = ea, eb
        if not _near(va, vb, tol, max(scale_a, scale_b)):
            with mpmath.workdps(60):  # not a rounding artefact (cosh² - sinh² at x = 100)?
                ea2, eb2 = fa(point), fb(point)
            if ea2 is None or eb2 is None or ea2 is UNRELIABLE or eb2 is UNRELIABLE:
                continue
            (va2, scale_a), (vb2, scale_b) = ea2, eb2
            if _near(va2, vb2, tol, max(scale_a, scale_b)):
                continue
            if tol is None and abs(va2 - vb2) < abs(va - vb) / 10**6:
                continue  # the difference shrinks with precision: cancellation, not a difference
            result.equal = False
            result.witness = {s.name: float(v) for s, v in zip(symbols, point, strict=True)}
            result.reason = "they differ at " + ", ".join(
                f"{s.name} = {_short(v)}" for s, v in zip(symbols, point, strict=True)
            )
            result.domains_differ = bool(result.only_first or result.only_second)
            return result
        result.agree += 1
        if result.agree >= MIN_POINTS and attempt >= MIN_POINTS + 8:
            break
    result.domains_differ = bool(result.only_first or result.only_second)
    if result.agree >= MIN_POINTS:
        result.equal = True
        result.reason = f"equal at {result.agree} points of their common domain"
        return result
    if result.agree == 0 and max(result.only_first, result.only_second) >= MIN_POINTS:
        result.equal = False  # one side is real at many points, the other at none of them
        result.reason = "one of them is not a real number wherever the other is defined"
        return result
    symbolic = _symbolic(sa, sb, deadline, f"only {result.agree} points in the common domain")
    symbolic.agree, symbolic.only_first, symbolic.only_second = (
        result.agree,
        result.only_first,
        result.only_second,
    )
    symbolic.domains_differ = result.domains_differ
    return symbolic


@functools.lru_cache(maxsize=1024)
def _real_cached(e: Expr) -> Any:
    import sympy as sp

    return _real(sp, e)


@functools.lru_cache(maxsize=1024)
def _compiled(e: Expr, names: tuple[str, ...]) -> Any:
    """The evaluator of ``e`` over the variables ``names`` (memoised: the derivative being
    checked against, and each mal-rule's result, recur for every answer to a problem)."""
    import sympy as sp

    return _evaluator([sp.Symbol(n, real=True) for n in names], _real_cached(e))


def _real(sp: Any, e: Expr) -> Any:
    """The sympy value of ``e`` as written (derivative holes taken), with real odd roots:
    x^(1/3) at x = -8 is -2, as in a calculus course, not a complex principal root."""
    value = to_sympy(e, keep=True)
    if value.has(sp.Derivative):
        value = value.doit()
    if value.has(sp.DiracDelta):  # H'(u): 0 wherever it has a value, i.e. at every test point
        value = value.replace(sp.DiracDelta, lambda *args: sp.S.Zero)

    def odd_root(n: Any) -> bool:
        return bool(n.is_Pow and n.exp.is_Rational and n.exp.q % 2 == 1 and n.exp.q > 1)

    return value.replace(
        odd_root, lambda n: sp.Pow(sp.sign(n.base), n.exp.p) * sp.Pow(sp.Abs(n.base), n.exp, evaluate=False)
    )


def _draw(rng: random.Random, attempt: int) -> Any:
    """A test value: scales cycle so that small, unit and large values all appear, both signs."""
    import mpmath

    scale = _SCALES[(attempt + rng.randrange(len(_SCALES))) % len(_SCALES)]
    value = scale * (1 + 0.37 * rng.random()) * (1 if rng.random() < 0.5 else -1)
    return mpmath.mpf(value)


def _evaluator(variables: list[Any], e: Any) -> Any:
    """A function of a point giving ``e``'s real value there and the largest size of its parts
    (the scale of its rounding errors), None outside its domain, or UNRELIABLE."""
    import mpmath
    import sympy as sp

    # integers become 60-digit floats: Python must not work out 2**(10**10) exactly
    # (from the int's bits, not its decimal string: a product of long numbers has 5,000 digits)
    try:
        e = e.xreplace({n: sp.Float(mpmath.mpf(int(n)), 60) for n in e.atoms(sp.Integer) if abs(n) > 2})
    except (OverflowError, ValueError):  # cosh(sinh(10^20)): too big for mpmath itself
        return lambda point: UNRELIABLE
    parts = [n for n in sp.preorder_traversal(e) if isinstance(n, sp.Function | sp.Pow) and n.free_symbols]
    parts = sorted(set(parts), key=sp.count_ops)[:60]
    try:
        fn = sp.lambdify(variables, [e, *parts], modules="mpmath", dummify=True)  # any symbol name is safe
    except (KeyError, TypeError, NameError, SyntaxError, NotImplementedError):
        # a complex infinity (1/0) in the tree, or a value with no printed form (atanh(1/0) is
        # an interval of accumulation points): defined nowhere on the reals
        return lambda point: None
    # a double-precision pass first: a tower like e^(e^(e^x)) overflows there at once,
    # where mpmath would spend its time on numbers with astronomically many digits
    try:
        fast = sp.lambdify(variables, [e, *parts], modules="math", dummify=True)
    except (NameError, TypeError, KeyError, SyntaxError, NotImplementedError):
        fast = None

    def at(point: list[Any]) -> Any:
        if fast is not None:
            try:
                rough = fast(*(float(p) for p in point))
                if any(isinstance(v, float) and abs(v) > _HUGE for v in rough):
                    return UNRELIABLE
            except OverflowError:
                return UNRELIABLE
            except (ValueError, ZeroDivisionError, TypeError, NameError, ArithmeticError):
                pass  # outside the real domain, or a function math lacks: mpmath decides
        try:
            values = fn(*point)
        except (ValueError, ZeroDivisionError, OverflowError, TypeError, ArithmeticError, MemoryError):
            return None
        for v in values:
            if not _real_finite(mpmath, v):
                return None
        sizes = [abs(mpmath.re(v)) for v in values]
        if any(size > _HUGE for size in sizes):
            return UNRELIABLE  # huge intermediate values: subtraction loses all digits
        return mpmath.mpf(mpmath.re(values[0])), max(sizes)

    return at


def _real_finite(mpmath: Any, v: Any) -> bool:
    try:
        c = mpmath.mpc(v)
    except (TypeError, ValueError):
        return False
    if not (mpmath.isfinite(c.real) and mpmath.isfinite(c.imag)):
        return False
    return bool(abs(c.imag) <= mpmath.mpf(10) ** (-20) * max(1, abs(c.real)))


def _near(p: Any, q: Any, tol: float | None, scale: Any) -> bool:
    """Equal up to rounding.  Rounding errors are relative to the largest number met on the
    way (``scale``: the largest part), not to 1: 9999x^9998 at x = 0.5 is about 10^-3006, and
    it is not 0."""
    import mpmath

    if tol is not None:
        return bool(abs(p - q) <= tol * max(1, abs(q)))
    return bool(abs(p - q) <= mpmath.mpf(10) ** (-(mpmath.mp.dps - 8)) * max(abs(p), abs(q), scale))


def _constants(sa: Any, sb: Any, tol: float | None) -> Comparison:
    import mpmath
    import sympy as sp

    try:
        va, vb = sp.N(sa, 60), sp.N(sb, 60)
    except (TypeError, ValueError, ZeroDivisionError, ArithmeticError):
        return Comparison(None, "a constant could not be evaluated")
    ra, rb = va.is_real, vb.is_real
    finite = va.is_finite and vb.is_finite
    if not (ra and rb and finite):
        if va == vb:
            return Comparison(True, "the same value")
        return Comparison(None, "a constant is not a real number")
    with mpmath.workdps(60):
        p, q = mpmath.mpf(str(va)), mpmath.mpf(str(vb))
        if tol is not None:
            same = abs(p - q) <= tol * max(1, abs(q))
        else:
            same = abs(p - q) <= mpmath.mpf(10) ** -45 * max(1, abs(p), abs(q))
    if same:
        return Comparison(True, "equal constants (to 45 digits)" if tol is None else f"equal within {tol}")
    return Comparison(False, f"different constants: {_short(p)} and {_short(q)}")


def _symbolic(sa: Any, sb: Any, deadline: float, why: str) -> Comparison:
    import sympy as sp

    left = min(1.0, deadline - time.monotonic())  # simplify rarely succeeds after that
    if left <= 0.05:
        return Comparison(None, f"{why}, and no time left")
    if too_big_to_simplify(sa, sb):
        return Comparison(None, f"{why}, and numbers of more than {SYMBOLIC_DIGITS} digits")
    try:
        if call_with_limit(left, lambda: sp.simplify(sa - sb), "simplification") == 0:
            return Comparison(True, "equal by symbolic simplification")
    except TimeLimitExceeded:
        return Comparison(None, f"{why}, and the time budget ran out")
    except Exception:  # sympy may fail on exotic input
        return Comparison(None, why)
    return Comparison(None, why)


def _short(v: Any) -> str:
    text = f"{float(v):.6g}"
    return text


def factorable(e: Expr) -> bool:
    """Whether sympy can write ``e`` (a sum) as a product: a sum that factors is not factored."""
    import sympy as sp

    value = to_sympy(e)
    if too_big_to_simplify(value):  # minutes of primality tests, uninterruptible
        return False
    try:
        factored = sp.factor(value)
    except (sp.PolynomialError, TypeError, ValueError):
        return False
    return len(sp.Add.make_args(factored)) == 1 and len(sp.Add.make_args(sp.expand(value))) > 1
