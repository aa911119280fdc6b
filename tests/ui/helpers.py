"""Typing into real widgets as a clerk does: keys for ASCII, an input-method commit for Chinese."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from songnuan_desktop.ui import ops


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
