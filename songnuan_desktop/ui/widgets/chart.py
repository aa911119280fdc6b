"""A small horizontal bar chart painted with QPainter, for the 统计 screen (issue 16 item 1).

Chosen over QtCharts by measuring: QtCharts ships only in PySide6-Addons (the 6.12.0 Linux wheel is 59.2 MB,
153 MB unpacked, 1,236 files — for 4.3 MB of QtCharts itself), a package the installer does not carry today;
this widget is one module of plain QtWidgets, imported with the screen in well under a millisecond and painting
24 bars in about a millisecond, so start-up and the installer stay as they are. The paper has its own chart
(documents.statistics_pdf), drawn the same way: one bar per row, the label before it, the value after it.

`set_series(title, [(label, value, kind)])` — kind "money" (fen, shown as yuan) or "count"; negative values (a
同比 difference) are drawn leftwards from zero. The widget asks for the height its bars need and elides long
labels; it shows its `empty_text` when there is nothing to draw.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from songnuan_desktop.domain.money import format_fen

BAR_COLOR = QColor("#4a7fb5")
ROW_HEIGHT = 24
TOP = 30
LABEL_SHARE = 0.36  # of the width, at most, for the labels


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.series: list[tuple[str, int, str]] = []
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(260)

    def set_series(self, title: str, series: Sequence[tuple[str, int, str]]) -> None:
        self.title, self.series = title, list(series)
        self.updateGeometry()
        self.update()

    def clear(self) -> None:
        self.set_series("", [])

    def sizeHint(self) -> QSize:
        return QSize(420, TOP + ROW_HEIGHT * max(len(self.series), 3) + 10)

    def minimumSizeHint(self) -> QSize:  # in a scroll area: every bar stays readable
        return QSize(260, TOP + ROW_HEIGHT * max(len(self.series), 1) + 10)

    @staticmethod
    def value_text(value: int, kind: str) -> str:
        return format_fen(value) if kind == "money" else f"{value:,}"

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(self.rect(), self.palette().base())
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        metrics = self.fontMetrics()
        text_color = self.palette().text().color()
        painter.setPen(text_color)
        width = self.width()
        bold = painter.font()
        bold.setBold(True)
        plain = painter.font()
        painter.setFont(bold)
        painter.drawText(QRectF(8, 4, width - 16, TOP - 8), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self.title)
        painter.setFont(plain)
        if not self.series:
            painter.drawText(QRectF(8, TOP, width - 16, ROW_HEIGHT * 2), Qt.AlignmentFlag.AlignLeft, self.empty_text)
            return
        widest_label = max(metrics.horizontalAdvance(label) for label, _, _ in self.series)
        label_width = min(widest_label + 12, int(width * LABEL_SHARE))
        widest_value = max(metrics.horizontalAdvance(self.value_text(v, k)) for _, v, k in self.series)
        room = max(10, width - label_width - widest_value - 24)
        values = [v for _, v, _ in self.series]
        high, low = max(0, *values), min(0, *values)
        span = (high - low) or 1
        zero = label_width + 6 + room * (-low / span)
        bottom = TOP + ROW_HEIGHT * len(self.series)
        painter.setPen(QPen(QColor("#999999"), 1))
        painter.drawLine(int(zero), TOP - 2, int(zero), bottom)
        for n, (label, value, kind) in enumerate(self.series):
            y = TOP + n * ROW_HEIGHT
            painter.setPen(text_color)
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - 8)
            painter.drawText(QRectF(0, y, label_width, ROW_HEIGHT),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shown)
            length = room * abs(value) / span
            left = zero if value >= 0 else zero - length
            painter.fillRect(QRectF(left, y + 4, max(length, 1.0), ROW_HEIGHT - 8), BAR_COLOR)
            text_left = left + length + 4 if value >= 0 else zero + 4
            painter.drawText(QRectF(text_left, y, widest_value + 12, ROW_HEIGHT),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.value_text(value, kind))
