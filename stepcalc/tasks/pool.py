"""Supervised worker processes, one task at a time each: a worker that dies (killed, out of
memory, a crash in C) or hangs is killed and replaced by the caller, and only its task is
lost.  Ctrl-C is the parent's to handle (it reaches the whole process group)."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["Pool", "Slot"]

Work = Callable[[Any, Any], Any]
Failed = Callable[[Any, Exception], Any]


def _worker(conn: Connection, work: Work, failed: Failed, memory_mb: int | None) -> None:
    """A worker process: tasks ``(index, item, options)`` in, ``(index, result)`` out, until the
    pipe closes; an exception becomes the task's result through ``failed``.  Memory is capped
    so that one task cannot exhaust the machine."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if memory_mb:
        with contextlib.suppress(ImportError, ValueError, OSError):
            import resource  # POSIX only

            cap = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    while True:
        try:
            index, item, options = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result = work(item, options)
        except Exception as error:  # reported as the task's result
            result = failed(item, error)
        conn.send((index, result))


@dataclass
class Slot:
    """One worker process and the task it is on (None: idle)."""

    process: Any
    conn: Connection
    index: int | None = None
    started: float = 0.0


class Pool:
    """Worker processes, each doing ``work(item, options)`` one task at a time."""

    def __init__(self, workers: int, work: Work, failed: Failed, memory_mb: int | None) -> None:
        import multiprocessing

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self._ctx: Any = multiprocessing.get_context(method)
        self._work, self._failed, self._memory = work, failed, memory_mb
        self.slots = [self._spawn() for _ in range(workers)]

    def _spawn(self) -> Slot:
        parent, child = self._ctx.Pipe()
        arguments = (child, self._work, self._failed, self._memory)
        process = self._ctx.Process(target=_worker, args=arguments, daemon=True)
        process.start()
        child.close()
        return Slot(process, parent)

    def replace(self, slot: Slot) -> None:
        self._stop(slot)
        self.slots[self.slots.index(slot)] = self._spawn()

    def _stop(self, slot: Slot) -> None:
        with contextlib.suppress(OSError):
            slot.conn.close()
        if slot.process.is_alive():
            slot.process.kill()
        slot.process.join(5)

    def close(self) -> None:
        for slot in self.slots:
            self._stop(slot)
