"""Time budgets that interrupt the work they bound, in any thread.

``call_with_limit(2.0, work, "checking")`` raises ``TimeLimitExceeded`` (a ``LimitError`` naming
``max_seconds``) in the calling thread once two seconds have passed, even in the middle of
sympy's ``simplify``.  ``signal.alarm`` cannot do this: it only reaches the main thread, and a
homework site calls stepcalc from worker threads.  Here one watchdog thread keeps every active
deadline and, when one passes, raises an exception asynchronously in the thread that set it
(``PyThreadState_SetAsyncExc``).  The exception arrives at the thread's next Python bytecode;
a single long C operation (one huge integer multiplication) is not interrupted, which is why the
limits in ``stepcalc.limits`` refuse such numbers before any arithmetic starts.

Limits nest: an inner limit that ends early reports itself; when an outer one runs out inside
an inner one, the interruption passes through the inner one to the outer.  The interruption is
a ``BaseException`` so that ``except Exception`` in library code cannot swallow it; it becomes
the typed ``TimeLimitExceeded`` only at the limit it belongs to.  An import is never
interrupted (the interruption waits for it to finish).  A limit that ends before its
interruption arrives withdraws it; one that is still running is interrupted again every
50 ms, in case library code swallowed the interruption with a bare ``except:``.

A pending interruption is withdrawn by replacing it with one that is caught at once, never by
clearing it (``PyThreadState_SetAsyncExc`` with NULL): CPython 3.11 then leaves its
"asynchronous exception pending" flag set, and under a tracer (hypothesis, coverage, a
debugger) the next function entry loops for ever.

An interruption can also arrive in Python code that the interpreter runs on its own: a
``__del__`` or a weakref callback during garbage collection.  Python cannot raise it from
there, so it reports it through ``sys.unraisablehook`` ("Exception ignored in …" and a
traceback on stderr).  While a limit is active, the hook is wrapped so that it drops
stepcalc's own interruptions silently (the limit interrupts again 50 ms later, in ordinary
code); everything else goes to the hook that was there before.
"""

from __future__ import annotations

import ctypes
import heapq
import itertools
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from stepcalc.errors import LimitError

T = TypeVar("T")

__all__ = ["TimeLimitExceeded", "call_with_limit", "over_time", "remaining"]


class TimeLimitExceeded(LimitError):
    """A time budget ran out (the limit ``max_seconds``)."""

    def __init__(self, message: str) -> None:
        super().__init__("max_seconds", message)


class _Interrupt(BaseException):
    """Raised asynchronously in a thread whose deadline passed; never leaves ``call_with_limit``."""


class _Withdrawn(BaseException):
    """Takes the place of an interruption that came too late, and is caught at once."""


@dataclass(eq=False)
class _Limit:
    deadline: float
    seconds: float
    what: str
    thread: int
    active: bool = True
    fired: bool = False
    withdrawn: bool = False
    order: int = field(default_factory=itertools.count().__next__)


_AGAIN = 0.05  # seconds between repeated interruptions of a limit that has not ended yet
_IMPORT_WAIT = 0.01  # seconds: how often to look again whether an import has finished
_lock = threading.Lock()
_wake = threading.Condition(_lock)
_heap: list[tuple[float, int, _Limit]] = []
_watchdog: threading.Thread | None = None
_local = threading.local()


def _after_fork() -> None:
    """A forked child (the grader's workers) has no watchdog thread, and the lock may have
    been held by the parent's at the instant of the fork: start from a clean slate."""
    global _lock, _wake, _heap, _watchdog, _local
    _lock = threading.Lock()
    _wake = threading.Condition(_lock)
    _heap = []
    _watchdog = None
    _local = threading.local()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


def _stack() -> list[_Limit]:
    stack: list[_Limit] | None = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    return stack


def _raise_in(thread: int, exc: type[BaseException]) -> bool:
    """Set the pending exception of ``thread``; False if it has ended."""
    found = ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), ctypes.py_object(exc))
    return bool(found)


def _arrive() -> None:
    """A function call: a pending asynchronous exception is raised on entering it."""


def _watch() -> None:
    with _lock:
        while True:
            if not _heap:
                _wake.wait()
                continue
            deadline, _, limit = _heap[0]
            wait = deadline - time.monotonic()
            if wait > 0:
                _wake.wait(wait)
                continue
            heapq.heappop(_heap)
            if limit.active and _importing(limit.thread):  # never break an import in half
                heapq.heappush(_heap, (time.monotonic() + _IMPORT_WAIT, limit.order, limit))
            elif limit.active:
                limit.fired = True
                if _raise_in(limit.thread, _Interrupt):  # (a thread that has ended is forgotten)
                    # again shortly, in case a bare ``except:`` in library code swallowed it
                    heapq.heappush(_heap, (time.monotonic() + _AGAIN, limit.order, limit))


def _importing(thread: int) -> bool:
    """Whether ``thread`` is running an import: interrupted there, a module (say mpmath) would
    stay half-initialised in ``sys.modules`` for the rest of the process."""
    frame = sys._current_frames().get(thread)
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


def _quiet_hook(previous: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def hook(unraisable: Any) -> Any:
        kind = unraisable.exc_type
        if isinstance(kind, type) and issubclass(kind, (_Interrupt, _Withdrawn)):
            return None  # an interruption that landed in a __del__: it is raised again later
        return previous(unraisable)

    hook._stepcalc_previous = previous  # type: ignore[attr-defined]
    return hook


def _quiet_unraisable() -> None:
    """Wrap ``sys.unraisablehook`` unless it is wrapped already (a test runner or an
    application may have set its own since)."""
    current = sys.unraisablehook
    if getattr(current, "_stepcalc_previous", None) is None:
        sys.unraisablehook = _quiet_hook(current)


def _start(limit: _Limit) -> None:
    global _watchdog
    _quiet_unraisable()
    with _lock:
        if _watchdog is None or not _watchdog.is_alive():
            _watchdog = threading.Thread(target=_watch, name="stepcalc-watchdog", daemon=True)
            _watchdog.start()
        heapq.heappush(_heap, (limit.deadline, limit.order, limit))
        if _heap[0][2] is limit:
            _wake.notify()


def _stop(limit: _Limit) -> None:
    """Idempotent, so that ``_end`` may simply run it again after any interruption.  Runs in
    the limit's own thread."""
    with _lock:
        limit.active = False  # from here on the watchdog leaves it alone
    if limit.fired and not limit.withdrawn:  # fired, perhaps not arrived yet: withdraw it
        try:
            _raise_in(limit.thread, _Withdrawn)  # replaces a pending interruption, if any
            for _ in range(1000):  # it arrives at once, or when this thread next takes the GIL
                _arrive()
                time.sleep(0)
        except _Withdrawn:
            limit.withdrawn = True


def remaining() -> float | None:
    """Seconds left of the innermost time limit of this thread (None: no limit)."""
    stack = _stack()
    if not stack:
        return None
    return min(limit.deadline for limit in stack) - time.monotonic()


def call_with_limit(seconds: float | None, fn: Callable[[], T], what: str = "the work") -> T:
    """``fn()``, interrupted by ``TimeLimitExceeded`` after ``seconds`` (None: no limit).

    Registration and cleanup both sit inside the ``try``: the interruption can arrive at any
    bytecode (a function's entry included), and a limit left registered would interrupt
    whatever the thread did next.  Cleanup starts by marking the limit inactive, a plain
    attribute store where nothing can arrive: the watchdog fires no more after it (at most the
    one it is firing, which ``_stop`` withdraws), so the interruption cannot arrive again in the
    cleanup outside the ``try`` that catches it.
    """
    if seconds is None or seconds == float("inf"):
        return fn()
    seconds = max(0.0, float(seconds))
    limit = _Limit(time.monotonic() + seconds, seconds, what, threading.get_ident())
    stack = _stack()
    try:
        try:
            stack.append(limit)
            _start(limit)
            return fn()
        finally:
            limit.active = False
            _end(limit, stack)
    except _Interrupt:
        if any(outer.fired for outer in stack):  # an outer budget ran out: it is the one to report
            raise
        if not limit.fired:  # not ours, and no outer one fired: cannot happen, but never swallow it
            raise
        raise TimeLimitExceeded(_message(what, seconds)) from None
    finally:
        # The last cleanup, again until it is done, in this frame: the first one may be cut
        # short by a signal handler's exception (at the entry of any function it calls, this
        # loop's own call included, which is why the loop is not a function), and a limit left
        # on the stack makes remaining() lie and interrupts the thread later.  Such an exception
        # is raised once the limit is gone; an outer limit's comes again within _AGAIN seconds.
        other: BaseException | None = None
        while True:
            try:
                limit.active = False
                if limit in stack or (limit.fired and not limit.withdrawn):  # the first was cut short
                    _end(limit, stack)
                break
            except _Interrupt:
                continue
            except BaseException as error:
                other = other or error
        if other is not None:
            raise other


def _end(limit: _Limit, stack: list[_Limit]) -> None:
    """Withdraw ``limit`` whatever arrives meanwhile.  An interruption that does is this limit's
    own (withdrawn by ``_stop``, reported by the caller since ``fired`` is set) or an outer
    limit's, raised again within ``_AGAIN`` seconds.  Any other asynchronous exception (Ctrl-C's
    KeyboardInterrupt, a signal handler's) is raised once the limit is withdrawn: a limit left
    registered would interrupt whatever the thread did next, every 50 ms, for ever."""
    other: BaseException | None = None
    while True:
        try:
            _stop(limit)
            if limit in stack:  # with any inner limit an interruption kept from its own cleanup
                del stack[stack.index(limit) :]
            break
        except _Interrupt:
            continue
        except BaseException as error:
            other = error
    if other is not None:
        raise other


def over_time(what: str, seconds: float) -> TimeLimitExceeded:
    """The error of work that checks its own clock (the engine between rules) and finds its
    budget spent, worded as an interrupted budget's."""
    return TimeLimitExceeded(_message(what, seconds))


def _message(what: str, seconds: float) -> str:
    return f"{what} took longer than the time budget of {_seconds(seconds)} (max_seconds)"


def _seconds(s: float) -> str:
    return f"{s:g} s"
