"""Python's cycle collector run on the UI thread only.

A Qt wrapper caught in a reference cycle (a widget and a closure connected to it, an op's callbacks holding their
screen) is freed by whichever thread the collector happens to run in. Freed on a lane's thread, its C++ object is
deleted there and Qt delivers that thread's events to objects of the UI thread: a crash. Seen in CI: a segfault
while the database lane ran the home screen's read (the collector started inside SQLAlchemy, and the application's
event filter was entered on the lane's thread) as the UI thread switched user. So, as PyQt and PySide programs
commonly do, automatic collection is switched off while the window runs and a timer on the UI thread collects,
generation by generation, with the thresholds Python itself would have used.

Once the window is up, what start-up made (modules, classes, the pinyin dictionary, Qt wrappers: ~300,000 objects)
is collected once and frozen (`freeze`, gc.freeze): it lives as long as the program, and a full collection that
scanned it took 110-180 ms on the UI thread each time (measured on this 2-core machine under load) — a visible
stutter, since unlike Python's own collector this one does not skip full collections while few objects are new.
After freezing, a full collection scans only what was made since.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250


class Collector(QObject):
    """Installed once on the QApplication (`install`); `uninstall` gives collection back to Python."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.was_enabled = gc.isenabled()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(INTERVAL_MS)

    def check(self) -> None:
        """One collection of the oldest generation due, on this (the UI) thread."""
        counts = gc.get_count()
        generation = -1
        for g in range(3):
            if counts[g] > self.thresholds[g]:
                generation = g
            else:
                break
        if generation >= 0:
            gc.collect(generation)

    def freeze(self) -> None:
        """Start-up's objects collected once, here, then left out of every later collection (see the module)."""
        gc.collect()
        gc.freeze()
        self.frozen = True

    def stop(self, generation: int = 2) -> None:
        """What is left is collected here, on the UI thread (up to `generation`), before collection is given back
        (and what `freeze` set aside is given back to it)."""
        self.timer.stop()
        if getattr(self, "frozen", False):
            gc.unfreeze()
        gc.collect(generation)
        if self.was_enabled:
            gc.enable()


def install(app: QObject) -> Collector:
    found = app.findChild(Collector)
    return found if isinstance(found, Collector) else Collector(app)


def freeze(app: QObject) -> None:
    found = app.findChild(Collector)
    if isinstance(found, Collector):
        found.freeze()


def uninstall(app: QObject, generation: int = 2) -> None:
    found = app.findChild(Collector)
    if isinstance(found, Collector):
        found.stop(generation)
        found.setParent(None)  # Python owns it again and frees it here; a later install starts afresh
