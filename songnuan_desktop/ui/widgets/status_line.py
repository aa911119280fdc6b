"""A screen's status message in one line that never moves the layout (issue 13 item 6: 发放's message
wrapped onto three lines and pushed the screen down under the mouse).

The text is elided to the width the layout gives the line (never the other way round: its size hint
does not follow the text) and the whole text, line breaks included, is the tooltip whenever it does not
fit. `text()` is the whole text.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class StatusLine(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full = ""
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.fontMetrics().height() + 6)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def setText(self, text: str) -> None:
        self.full = text
        self._elide()

    def text(self) -> str:
        return self.full

    def clear(self) -> None:
        self.setText("")

    def sizeHint(self) -> QSize:
        return QSize(0, self.height())  # never asks for the width of its text

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.height())

    def shown(self) -> str:
        """What the line shows now (the elided text)."""
        return super().text()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        one_line = " ".join(self.full.split())
        shown = self.fontMetrics().elidedText(one_line, Qt.TextElideMode.ElideRight, max(0, self.width() - 4))
        super().setText(shown)
        self.setToolTip(self.full if shown != self.full else "")
