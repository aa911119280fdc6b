"""Typing into real widgets as a clerk does: keys for ASCII, an input-method commit for Chinese."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit


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
