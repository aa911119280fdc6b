"""ui/widgets/refusals over a real refused batch (a demo office's approver, one item they reviewed): the box
names the refusal and, given the batch, offers to do only the others; 确定 does nothing."""

from __future__ import annotations

from collections.abc import Iterator

import uuid

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select, update

from songnuan_desktop.domain.errors import BatchRefused
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.campaigns import transitions
from songnuan_desktop.demo.data import DEMO_TODAY
from songnuan_desktop.ui.widgets.refusals import show_refusal, the_rest
from tests.demo_offices import DemoOffices


@pytest.fixture
def demo(sqlite_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(sqlite_url, workers=120, seed=3)


@pytest.fixture
def refused(demo: Database) -> tuple[BatchRefused, list[uuid.UUID]]:
    sqlite_db = demo
    approver = auth.login(sqlite_db, "shenpi", "songnuan2026")
    with sqlite_db.read() as session:
        ids = list(session.scalars(select(AssistanceItem.id).where(AssistanceItem.state == "in_notice")
                                   .order_by(AssistanceItem.id).limit(3)))
    with sqlite_db.engine.begin() as conn:
        conn.execute(update(AssistanceItem).where(AssistanceItem.id == ids[1]).values(reviewed_by=approver.id))
    with pytest.raises(BatchRefused) as caught:
        transitions.transition(sqlite_db, approver, ids, ItemState.APPROVED, today=DEMO_TODAY)
    return caught.value, ids


def answer(button_text: str | None) -> list[str]:
    """Clicks the button of that text (or 确定) in the box once it is open; returns the buttons it saw."""
    seen: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.extend(b.text() for b in box.buttons())
        for button in box.buttons():
            if (button_text is None and box.buttonRole(button) == QMessageBox.ButtonRole.AcceptRole
                    and button is box.button(QMessageBox.StandardButton.Ok)) or button.text() == button_text:
                button.click()
                return
        box.button(QMessageBox.StandardButton.Ok).click()  # not there: close, so the test fails, not hangs

    QTimer.singleShot(20, click)
    return seen


def test_the_rest_is_the_batch_less_the_refused(refused) -> None:  # type: ignore[no-untyped-def]
    exc, ids = refused
    assert the_rest(exc, ids) == [ids[0], ids[2]]
    assert the_rest(ValueError("x"), ids) == []


def test_a_batch_refused_in_part_offers_the_others(qtbot, refused) -> None:  # type: ignore[no-untyped-def]
    exc, ids = refused
    done: list[list[uuid.UUID]] = []
    seen = answer("仅处理可以办理的 2 项")
    box = show_refusal(None, exc, ids, done.append)
    assert "四眼原则" in box.text() and "仅处理可以办理的 2 项" in seen
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Ok)
    assert done == [[ids[0], ids[2]]]


def test_ok_does_nothing_and_without_the_batch_nothing_is_offered(qtbot, refused) -> None:  # type: ignore[no-untyped-def]
    exc, ids = refused
    done: list[list[uuid.UUID]] = []
    answer(None)
    show_refusal(None, exc, ids, done.append)
    assert done == []
    seen = answer(None)
    show_refusal(None, exc)  # as 活动 and 发放 call it today
    assert len(seen) == 1
