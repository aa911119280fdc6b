"""Typing into real widgets as a clerk does: keys for ASCII, an input-method commit for Chinese; waiting for
a lane's work to come back; 发放 opened on a campaign."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui import ops
from songnuan_desktop.ui.screens.payouts import PayoutsScreen
from songnuan_desktop.workers.lanes import Lanes


def type_into(qtbot, widget: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.clear()
    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    # QTest cannot synthesise keys for Chinese; a Pinyin IME delivers them as a commit string.
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def settled(qtbot, widget: QWidget, timeout: int = 10_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until the work `widget` started on a lane (ui.ops) has come back: its result shown, its buttons
    given back. Read or stored on the database lane, a dialog's result arrives a moment after the click."""
    qtbot.waitUntil(lambda: not ops.busy(widget), timeout=timeout)


def payouts_on(qtbot, db: Database, user: SessionUser, campaign: str,  # type: ignore[no-untyped-def]
               size: tuple[int, int] | None = None, timeout: int = 20_000) -> PayoutsScreen:
    """发放 shown on `campaign` of the demo office for `user`, its rows loaded (read on the database lane)."""
    screen = PayoutsScreen(db, user, Lanes())
    qtbot.addWidget(screen)
    if size is not None:
        screen.resize(*size)
    screen.show()
    with qtbot.waitSignal(screen.loaded, timeout=timeout):
        screen.refresh()
    if screen.ui.campaign.currentText() != campaign:
        with qtbot.waitSignal(screen.loaded, timeout=timeout):
            screen.choose_campaign(campaign)
    return screen
