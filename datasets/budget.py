"""A time budget for reading and storing an upload, so no file can hold a worker.

The web request and the background task each open a budget around their work;
the parsers call `check()` as they go (per line, record or row, never less
often than per 64 KB). Past the deadline, or once the task worker has been asked
to stop (SIGTERM), `check()` raises an IngestError and the import rolls back.
A budget can also carry a heartbeat, called every few seconds while work goes
on, so a long import is never taken for a dead one.
"""

import signal
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from datasets.errors import IngestError

HEARTBEAT_EVERY = 10.0  # seconds


class BudgetExceeded(IngestError):
    """The work ran past its time budget, or the worker was told to stop."""


@dataclass
class Budget:
    seconds: float
    started: float = field(default_factory=time.monotonic)
    heartbeat: Callable[[], object] | None = None  # called called every HEARTBEAT_EVERY seconds
    stop_reason: str = ""
    _last_beat: float = 0.0

    def check(self):
        now = time.monotonic()
        if self.stop_reason:
            raise BudgetExceeded(self.stop_reason)
        if now - self.started > self.seconds:
            raise BudgetExceeded(
                f"Stopped after {self.seconds:g} s: the file is too large or too complex to "
                "read in that time (very long lines, very many cells or a bloated workbook). "
                "Nothing was saved."
            )
        if self.heartbeat is not None and now - self._last_beat >= HEARTBEAT_EVERY:
            self._last_beat = now
            self.heartbeat()


_current: ContextVar[Budget | None] = ContextVar("import_budget", default=None)


def check():
    """Raise BudgetExceeded if the current budget is spent; cheap enough to call per row."""
    budget = _current.get()
    if budget is not None:
        budget.check()


@contextmanager
def time_budget(*, seconds: float, heartbeat=None, stop_on_sigterm=False):
    """Run the enclosed work within `seconds`; a budget already open is kept (not extended)."""
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    budget = Budget(seconds=seconds, heartbeat=heartbeat)
    budget._last_beat = budget.started
    token = _current.set(budget)
    try:
        with _stop_on_sigterm(budget) if stop_on_sigterm else _nothing():
            yield budget
    finally:
        _current.reset(token)


@contextmanager
def _nothing():
    yield


@contextmanager
def _stop_on_sigterm(budget):
    """While the work runs, SIGTERM (and SIGINT) also stop it at its next check.

    The worker's own handler (django-tasks-db's db_worker: finish the task, then
    exit) still runs: the task now ends at once, and the worker exits after it.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return
    previous: dict[int, Any] = {}
    received: list[int] = []

    def stop(signum, frame):
        budget.stop_reason = (
            "Stopped: the task worker was shut down (a restart or deploy) while importing. "
            "Nothing was saved. Upload the file again."
        )
        received.append(signum)
        handler = previous.get(signum)
        if callable(handler):
            handler(signum, frame)

    for wanted in (signal.SIGTERM, signal.SIGINT):
        previous[wanted] = signal.signal(wanted, stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in received:
            if previous[signum] == signal.SIG_DFL:
                signal.raise_signal(signum)  # no handler of its own: the default, now
