"""ui.collector: while the window runs, reference cycles holding Qt objects are freed on the UI thread, never on a
lane's thread (a Qt object deleted on a worker thread crashed a CI run)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject

from songnuan_desktop.ui import collector
from songnuan_desktop.workers.lanes import Lanes


class _Cyclic(QObject):
    freed_on: list[str] = []

    def __init__(self) -> None:
        super().__init__()
        self.me = self  # a reference cycle: only the cycle collector frees it

    def __del__(self) -> None:
        _Cyclic.freed_on.append(threading.current_thread().name)


def test_cycles_are_freed_on_the_ui_thread_while_a_lane_allocates(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    assert not gc.isenabled()  # the tests' fixture installs the collector for every Qt test, as app.py does
    _Cyclic.freed_on = []
    for _ in range(50):
        _Cyclic()
    lanes = Lanes()

    def allocate() -> list[dict[str, object]]:  # what a lane's job does: rows kept, which starts the collector
        return [{"row": i, "cells": [i] * 3} for i in range(20_000)]

    kept: list[object] = []
    lanes.submit(lanes.db, allocate, on_done=kept.append)
    qtbot.waitUntil(lambda: bool(kept), timeout=30_000)
    qtbot.waitUntil(lambda: len(_Cyclic.freed_on) == 50, timeout=5_000)
    assert set(_Cyclic.freed_on) == {threading.main_thread().name}


def test_uninstall_gives_collection_back(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    collector.uninstall(qapp)
    try:
        assert gc.isenabled()
        assert collector.install(qapp) is collector.install(qapp)  # once per application
        assert not gc.isenabled()
    finally:
        collector.uninstall(qapp)
        collector.install(qapp)  # as the fixture left it; its teardown uninstalls


def test_start_ups_objects_are_frozen_and_given_back(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    """app.py freezes what start-up made once the window is up (a full collection over it took 110-180 ms on the
    UI thread); uninstall gives it back to the collector, so a frozen cycle is still freed in the end."""
    assert gc.get_freeze_count() == 0
    _Cyclic.freed_on = []
    _Cyclic()  # garbage before the freeze: collected by it, on this thread
    kept = _Cyclic()  # alive at the freeze: frozen with start-up
    collector.freeze(qapp)
    assert _Cyclic.freed_on == [threading.main_thread().name]
    assert gc.get_freeze_count() > 0 and not gc.isenabled()
    del kept
    gc.collect()
    assert len(_Cyclic.freed_on) == 1  # frozen: a full collection does not even look at it
    collector.uninstall(qapp)
    try:
        assert gc.get_freeze_count() == 0 and gc.isenabled()
        gc.collect()
        assert len(_Cyclic.freed_on) == 2  # given back, and freed
    finally:
        collector.install(qapp)  # as the fixture left it; its teardown uninstalls
