"""Two lanes of background work (STYLE rule 4): one thread for the database, others for files/CPU.

A job is a plain callable and never touches a widget. Submitted `with_context=True` it is handed its
JobContext as its first argument (`context.progress(done, total)`, `context.is_cancelled()`): the one way
ui.ops hands them over. Results and typed errors come back to the UI thread through signals.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from shiboken6 import isValid

from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.services import failures


class JobContext(Protocol):
    """What a job may ask of the lane while it runs (STYLE rule 8)."""

    def progress(self, done: int, total: int) -> None: ...

    def is_cancelled(self) -> bool: ...


class JobSignals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], *args: Any, with_context: bool = False, **kwargs: Any) -> None:
        super().__init__()
        self.fn, self.args, self.kwargs, self.with_context = fn, args, kwargs, with_context
        self.signals = JobSignals()
        self._cancel = threading.Event()
        self.ended = threading.Event()
        self._last_report = -1
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, done: int, total: int) -> None:
        # At most ~100 reports per job, so the UI thread is never flooded.
        step = max(1, total // 100)
        if done == total or done // step != self._last_report:
            self._last_report = done // step
            self.signals.progress.emit(done, total)

    def run(self) -> None:
        try:
            if self.with_context:  # the job is its own context: progress and is_cancelled, handed over explicitly
                result = self.fn(self, *self.args, **self.kwargs)
            else:
                result = self.fn(*self.args, **self.kwargs)
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the screen
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)
        finally:
            self.ended.set()  # the pool is done with it: it may now be let go of


class _Relay(QObject):
    """Lives in the UI thread, so a job's signals reach their callbacks there (queued), not in the worker."""

    def __init__(self, lanes: Lanes, job: Job, on_done: Callable[[Any], None] | None,
                 on_error: Callable[[Exception], None] | None, owner: QObject | None,
                 on_progress: Callable[[int, int], None] | None = None) -> None:
        # Parented to the screen that asked: when the screen is gone, its late results are dropped.
        super().__init__(owner)
        self.lanes, self.job, self.on_done, self.on_error = lanes, job, on_done, on_error
        self.on_progress = on_progress

    @Slot(int, int)
    def progressed(self, done: int, total: int) -> None:
        if self.on_progress is not None:
            self.on_progress(done, total)

    @Slot(object)
    def done(self, value: Any) -> None:
        self.lanes._running.pop(self.job, None)
        if self.on_done is not None:
            self.on_done(value)

    @Slot(object)
    def error(self, exc: Any) -> None:
        """The window's error boundary (STYLE rule 14): the traceback to the log, the exception to the
        screen, which words it with ui.messages.describe — the sentences the command line prints."""
        self.lanes._running.pop(self.job, None)
        if not isinstance(exc, DomainError):  # a refusal of ours is no fault: it says itself what to do
            failures.log_failure(exc, f"job {getattr(self.job.fn, '__qualname__', self.job.fn)!s}")
        if self.on_error is not None:
            self.on_error(exc)


class Lanes:
    """`db` runs one job at a time (SQLite has one writer); `cpu` runs file and CPU work."""

    def __init__(self) -> None:
        self.db = QThreadPool()
        self.db.setMaxThreadCount(1)
        self.cpu = QThreadPool()
        self.cpu.setMaxThreadCount(max(1, QThreadPool.globalInstance().maxThreadCount() - 1))
        self._running: dict[Job, _Relay] = {}

    def submit(
        self, pool: QThreadPool, fn: Callable[..., Any], *args: Any,
        on_done: Callable[[Any], None] | None = None, on_error: Callable[[Exception], None] | None = None,
        owner: QObject | None = None, with_context: bool = False,
        on_progress: Callable[[int, int], None] | None = None, **kwargs: Any,
    ) -> Job:
        """Start `fn` on `pool`; `on_done` / `on_error` / `on_progress` are called on the UI thread (connected
        before the job starts, so not even its first report is missed)."""
        self._sweep()
        job = Job(fn, *args, with_context=with_context, **kwargs)
        relay = _Relay(self, job, on_done, on_error, owner, on_progress)
        self._running[job] = relay
        job.signals.finished.connect(relay.done)
        job.signals.failed.connect(relay.error)
        if on_progress is not None:
            job.signals.progress.connect(relay.progressed)
        pool.start(job)
        return job

    def _sweep(self) -> None:
        """Let go of jobs that have ended after their screen was closed: their relay died with the screen
        and never heard the end (a job still running must stay referenced, or Python would free it
        under the pool)."""
        for job in [job for job, relay in self._running.items() if job.ended.is_set() and not isValid(relay)]:
            del self._running[job]

    def wait(self, msecs: int = 30_000) -> bool:
        return self.db.waitForDone(msecs) and self.cpu.waitForDone(msecs)
