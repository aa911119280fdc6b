"""Background lanes: results come back on the UI thread, errors as values, progress bounded."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject

from songnuan_desktop.workers.lanes import JobContext, Lanes


def test_result_arrives_on_the_ui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    lanes = Lanes()
    seen: dict[str, object] = {}

    def work() -> str:
        seen["worker"] = threading.current_thread() is threading.main_thread()
        return "done"

    def done(value: object) -> None:
        seen["value"] = value
        seen["ui_thread"] = threading.current_thread() is threading.main_thread()

    lanes.submit(lanes.db, work, on_done=done)
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen == {"worker": False, "value": "done", "ui_thread": True}


def test_failure_comes_back_as_the_exception(qtbot) -> None:  # type: ignore[no-untyped-def]
    lanes = Lanes()
    errors: list[Exception] = []

    def work() -> None:
        raise ValueError("第3行：身份证号校验位不对")

    lanes.submit(lanes.cpu, work, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert str(errors[0]) == "第3行：身份证号校验位不对"


def test_progress_reported_at_most_about_a_hundred_times_and_cancel(qtbot) -> None:  # type: ignore[no-untyped-def]
    lanes = Lanes()
    reports: list[tuple[int, int]] = []
    result: list[int] = []

    def work(job: JobContext) -> int:  # handed its context explicitly (with_context=True)
        done = 0
        for done in range(1, 10_001):
            job.progress(done, 10_000)
        return done

    # connected before the job starts (connecting to job.signals after submit could miss the first reports)
    job = lanes.submit(lanes.cpu, work, with_context=True, on_done=result.append,
                       on_progress=lambda d, t: reports.append((d, t)))
    qtbot.waitUntil(lambda: bool(result), timeout=5000)
    qtbot.wait(50)
    assert result == [10_000]
    assert 1 <= len(reports) <= 101 and reports[-1] == (10_000, 10_000)
    job.cancel()
    assert job.is_cancelled()


def test_late_result_for_a_closed_screen_is_dropped(qtbot) -> None:  # type: ignore[no-untyped-def]
    lanes = Lanes()
    owner = QObject()
    called: list[object] = []
    gate = threading.Event()
    lanes.submit(lanes.db, gate.wait, 5, on_done=called.append, owner=owner)
    owner.deleteLater()
    qtbot.wait(20)
    gate.set()
    lanes.wait()
    qtbot.wait(50)
    assert called == []
    lanes.submit(lanes.db, lambda: 0, on_done=called.append)  # the next submission lets go of the ended job
    lanes.wait()
    qtbot.waitUntil(lambda: called == [0])
    assert list(lanes._running) == []  # the closed screen's job is off the list, and so is the new one
