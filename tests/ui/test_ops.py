"""ui.ops, the one way to run work from a screen (issue 17 item 4): the work off the UI thread, its result or
failure back on it, widgets held meanwhile, progress and cancel through an explicit job context, and nothing
delivered to a widget that is gone."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from songnuan_desktop.domain.errors import ValidationFailed
from songnuan_desktop.ui import ops
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.workers.lanes import JobContext, Lanes


@pytest.fixture
def lanes() -> Lanes:
    return Lanes()


def test_work_runs_off_the_ui_thread_and_success_comes_back_on_it(qtbot, lanes: Lanes) -> None:  # type: ignore[no-untyped-def]
    parent, button = QWidget(), QPushButton()
    qtbot.addWidget(parent)
    qtbot.addWidget(button)
    seen: dict[str, object] = {}

    def work() -> int:
        seen["work on the UI thread"] = threading.current_thread() is threading.main_thread()
        seen["held"] = not button.isEnabled()
        return 42

    def success(value: int) -> None:
        seen["value"], seen["given back"] = value, button.isEnabled()
        seen["success on the UI thread"] = threading.current_thread() is threading.main_thread()

    Op(parent, lanes, work).holding(button).success(success).run()
    assert ops.busy(parent) and not button.isEnabled()
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen == {"work on the UI thread": False, "held": True, "value": 42, "given back": True,
                    "success on the UI thread": True}
    assert not ops.busy(parent)


def test_a_held_widget_disabled_before_stays_disabled(qtbot, lanes: Lanes) -> None:  # type: ignore[no-untyped-def]
    parent, button = QWidget(), QPushButton()
    qtbot.addWidget(parent)
    qtbot.addWidget(button)
    button.setEnabled(False)
    Op(parent, lanes, lambda: None).holding(button).run()
    ops.settle(parent)
    assert not ops.busy(parent) and not button.isEnabled()


def test_a_refusal_goes_to_failure_in_its_words(qtbot, lanes: Lanes) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    failed: list[Exception] = []

    def work() -> None:
        raise ValidationFailed("name", "请填写户主姓名。")

    Op(parent, lanes, work).success(lambda _v: pytest.fail("no success")).failure(failed.append).run()
    qtbot.waitUntil(lambda: bool(failed), timeout=5000)
    assert str(failed[0].message) == "请填写户主姓名。"  # type: ignore[attr-defined]


def test_without_failure_the_words_are_shown_over_the_parent(qtbot, lanes: Lanes, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: shown.append(text))
    parent = QWidget()
    qtbot.addWidget(parent)

    def work() -> None:
        raise ValidationFailed("name", "请填写户主姓名。")

    Op(parent, lanes, work).run()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown == ["请填写户主姓名。"]


def test_one_at_a_time_starts_nothing_while_the_parent_is_busy(qtbot, lanes: Lanes) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    go = threading.Event()
    done: list[str] = []
    first = Op(parent, lanes, lambda: go.wait(5)).one_at_a_time().success(lambda _v: done.append("first")).run()
    second = Op(parent, lanes, lambda: None).one_at_a_time().success(lambda _v: done.append("second")).run()
    assert first is not None and second is None
    go.set()
    qtbot.waitUntil(lambda: done == ["first"], timeout=5000)


def test_progress_and_cancel_through_the_job_context(qtbot, lanes: Lanes) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    started, result = threading.Event(), []

    def work(job: JobContext) -> int:
        total, done = 100_000, 0
        for done in range(1, total + 1):
            if job.is_cancelled():
                break
            job.progress(done, total)  # reported at most ~100 times
            if done == 1_000:
                started.set()
                time.sleep(0.2)  # the clerk presses 停止 meanwhile
        return done

    op = Op.with_job(parent, lanes, work).with_progress("正在处理…", "停止").success(result.append)
    job = op.run()
    assert job is not None and op.dialog is not None and op.dialog.labelText() == "正在处理…"
    assert started.wait(5)
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.value() >= 1, timeout=5000)  # the first report
    assert op.dialog.maximum() == 100_000
    stop = op.dialog.findChild(QPushButton)
    assert stop is not None and stop.text() == "停止"
    stop.click()  # the dialog's 停止 asks the job to stop
    qtbot.waitUntil(lambda: bool(result), timeout=5000)
    assert 1_000 <= result[0] < 100_000 and op.dialog is None


def test_nothing_is_delivered_to_a_parent_that_is_gone(qtbot, lanes: Lanes) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    go, seen = threading.Event(), []
    Op(parent, lanes, lambda: go.wait(5)).success(seen.append).failure(seen.append).run()
    parent.deleteLater()
    qtbot.wait(20)  # the deferred delete runs
    go.set()
    assert lanes.wait(5000)
    qtbot.wait(50)
    assert seen == []


def test_a_background_read_neither_makes_the_parent_busy_nor_is_waited_for(qtbot, lanes: Lanes) -> None:  # type: ignore[no-untyped-def]
    """A screen's list read does not refuse its one_at_a_time action (the raw submits it replaced never did)."""
    parent = QWidget()
    qtbot.addWidget(parent)
    go, seen = threading.Event(), []
    Op(parent, lanes, lambda: go.wait(5)).in_background().success(lambda _v: seen.append("read")).run()
    assert not ops.busy(parent)
    action = Op(parent, lanes, lambda: "done").one_at_a_time().success(seen.append).run()
    assert action is not None and ops.busy(parent)
    go.set()
    qtbot.waitUntil(lambda: seen == ["read", "done"], timeout=5000)
    assert not ops.busy(parent)


def test_the_owner_may_be_any_qobject(qtbot, lanes: Lanes, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A table model or a tab's helper owns its work as a widget does; without failure the box has no parent."""
    from PySide6.QtCore import QObject

    shown: list[object] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda p, _t, text, *_a: shown.append((p, text)))
    owner, seen = QObject(), []
    Op(owner, lanes, lambda: 7).success(seen.append).run()

    def work() -> None:
        raise ValidationFailed("name", "请填写户主姓名。")

    Op(owner, lanes, work).run()
    qtbot.waitUntil(lambda: seen == [7] and bool(shown), timeout=5000)
    assert shown == [(None, "请填写户主姓名。")]


def test_result_runs_on_the_lane_and_returns_or_raises(qtbot, lanes: Lanes) -> None:  # type: ignore[no-untyped-def]
    assert ops.result(lanes, lambda: threading.current_thread() is threading.main_thread()) is False

    def work() -> None:
        raise ValidationFailed("name", "请填写户主姓名。")

    with pytest.raises(ValidationFailed):
        ops.result(lanes, work)
