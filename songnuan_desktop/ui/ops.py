"""The one way to run work from a screen or dialog (STYLE rules 4, 8, 14, 17; issue 17 item 4), after Anki's
CollectionOp / QueryOp: the work runs on a lane, never on the UI thread; its result or failure comes back to
the UI thread.

    Op(self, lanes, lambda: worker_files.review(db, user, file_id)) \\
        .holding(self.ui.buttons).success(self._reviewed).failure(self._refused).run()

- `work` runs on the database lane (one writer), or on the file/CPU lane after `.on_cpu()`.
- `Op.with_job(...)`: the work is handed its JobContext explicitly (`context.progress(done, total)`,
  `context.is_cancelled()`); `.with_progress(label, cancel_text)` shows a progress dialog after 500 ms whose
  cancel button asks the job to stop.
- `.holding(widgets…)`: disabled while the work runs, given back as they were before the callback runs.
- `.success(fn)` gets the result; `.failure(fn)` gets the exception — the services carry the Chinese sentence,
  `ui.messages.describe` says it; without `.failure` the sentence is shown in a message box over the parent.
- The parent owns the op: when it is gone, its late result is dropped (lanes' relay dies with it).
- `.one_at_a_time()`: `run()` starts nothing (returns None) while another op of the same parent runs;
  `busy(parent)` tells whether one does, `settle(parent)` waits (the event loop running) until none does.
- `.in_background()`: work the parent's actions need not wait for — a read that refreshes what it shows (a
  list, a page of the file list, the USB sticks), or the window's background check and daily backup; it does
  not make the parent busy, so an action's `one_at_a_time`, `busy` and `settle` neither wait for it nor are
  refused while it runs. A newer read's result is told from an older one's by the caller (a generation
  count): reads on the one database lane come back in the order they were asked.
- The parent is a widget or any QObject that owns the work (a table model, a tab's helper); without
  `.failure` the message box is shown over it when it is a widget, else over no window.
- `result(lanes, work)`: the one case where the UI thread needs an answer before it can go on and there is
  no main window yet (the office and its idle minutes at start-up, the setup wizard's check and set-up
  before it turns the page): the work still runs on the database lane, the event loop running meanwhile;
  its value is returned, its exception raised.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QDeadlineTimer, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from songnuan_desktop.ui.messages import show_error
from songnuan_desktop.ui.widgets.progress import show_progress, waiting_dialog
from songnuan_desktop.workers.lanes import Job, JobContext, Lanes

T = TypeVar("T")
_RUNNING = "songnuanOpsRunning"  # a dynamic property of the parent: how many of its ops run


def busy(parent: QObject) -> bool:
    """Whether an op of `parent` is running."""
    return bool(parent.property(_RUNNING))


def settle(parent: QObject, msecs: int = 15_000) -> None:
    """Wait until `parent`'s ops have ended, the window kept alive by a local event loop (e.g. a save asked
    for on leaving: the caller then sees whether it was stored); gives up after `msecs`."""
    if not busy(parent):
        return
    deadline, loop, timer = QDeadlineTimer(msecs), QEventLoop(), QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: loop.quit() if not busy(parent) or deadline.hasExpired() else None)
    timer.start()
    loop.exec()
    timer.stop()


class Op(Generic[T]):
    """One piece of work for `parent`, built with the chained calls below and started by `run()`."""

    def __init__(self, parent: QObject, lanes: Lanes, work: Callable[[], T]) -> None:
        self.parent, self.lanes = parent, lanes
        self._work: Callable[..., T] = work
        self._with_context = False
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[Exception], None] | None = None
        self._held: tuple[QWidget, ...] = ()
        self._progress: tuple[str, str] | None = None
        self._cpu = False
        self._alone = False
        self._counted = True
        self.job: Job | None = None
        self.dialog: QProgressDialog | None = None

    @classmethod
    def with_job(cls, parent: QObject, lanes: Lanes, work: Callable[[JobContext], T]) -> Op[T]:
        """Work that reports progress or may be cancelled: it is handed its JobContext."""
        op: Op[T] = cls(parent, lanes, lambda: None)  # type: ignore[arg-type, return-value]
        op._work, op._with_context = work, True
        return op

    def success(self, on_success: Callable[[T], None]) -> Op[T]:
        self._on_success = on_success
        return self

    def failure(self, on_failure: Callable[[Exception], None]) -> Op[T]:
        self._on_failure = on_failure
        return self

    def holding(self, *widgets: QWidget) -> Op[T]:
        self._held = widgets
        return self

    def with_progress(self, label: str, cancel_text: str = "") -> Op[T]:
        self._progress = (label, cancel_text)
        return self

    def on_cpu(self) -> Op[T]:
        self._cpu = True
        return self

    def one_at_a_time(self) -> Op[T]:
        self._alone = True
        return self

    def in_background(self) -> Op[T]:
        self._counted = False
        return self

    def run(self) -> Job | None:
        """Start the work; None (nothing started) for a `one_at_a_time` op while its parent is busy."""
        if self._alone and busy(self.parent):
            return None
        enabled = [(w, w.isEnabled()) for w in self._held]
        for widget, _was in enabled:
            widget.setEnabled(False)
        if self._counted:
            self._count(+1)
        pool = self.lanes.cpu if self._cpu else self.lanes.db
        job = self.job = self.lanes.submit(
            pool, self._work, owner=self.parent, with_context=self._with_context,
            on_done=lambda value: self._ended(enabled, value, None),
            on_error=lambda exc: self._ended(enabled, None, exc),
            on_progress=self._progressed if self._progress is not None else None)
        if self._progress is not None:  # made before any report reaches the UI thread: they queue behind this
            label, cancel_text = self._progress
            assert isinstance(self.parent, QWidget), "a progress dialog is shown over a widget"
            self.dialog = waiting_dialog(self.parent, label, job.cancel, cancel_text)
        return job

    def _progressed(self, done: int, total: int) -> None:
        if self.dialog is not None:
            show_progress(self.dialog, done, total)

    def _count(self, step: int) -> None:
        self.parent.setProperty(_RUNNING, max(0, int(self.parent.property(_RUNNING) or 0) + step))

    def _ended(self, enabled: list[tuple[QWidget, bool]], value: Any, exc: Exception | None) -> None:
        """On the UI thread, only while the parent lives: widgets given back, then the callback."""
        if self._counted:
            self._count(-1)
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        for widget, was in enabled:
            if isValid(widget):
                widget.setEnabled(was)
        if exc is None:
            if self._on_success is not None:
                self._on_success(value)
        elif self._on_failure is not None:
            self._on_failure(exc)
        else:
            show_error(self.parent if isinstance(self.parent, QWidget) else None, exc)


def result(lanes: Lanes, work: Callable[[], T]) -> T:
    """`work`'s value, computed on the database lane while a local event loop keeps the screen painted; its
    exception raised here. Only for what start-up needs before the main window exists (see the module's text);
    the caller keeps its widgets from being used meanwhile."""
    loop, outcome = QEventLoop(), []

    def ended(value: Any, exc: Exception | None) -> None:
        outcome.append((value, exc))
        loop.quit()

    lanes.submit(lanes.db, work, on_done=lambda value: ended(value, None), on_error=lambda exc: ended(None, exc))
    if not outcome:  # the relay's callbacks are queued to this thread: they run inside exec(), never before it
        loop.exec()
    value, exc = outcome[0]
    if exc is not None:
        raise exc
    return value  # type: ignore[no-any-return]
