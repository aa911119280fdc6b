"""The visit calendar's month view, painted (not built of child widgets: a month of 2,000 visits is a
few hundred text lines to draw, and thousands of widgets would stall the screen).

`month_layout` is the model step (visits by day, in time order, with the conflicting ones marked);
`MonthView` paints it and turns mouse gestures into signals. A drag is followed by the view itself
(press, move, release) rather than by QDrag: the visit only ever moves within the view, and the
gesture then works the same way under a test's synthetic mouse and on every platform.
The time grids (week and day) are in `calendar_grid`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from songnuan_desktop.domain.calendar_days import DayInfo, day_info
from songnuan_desktop.services.visits import Conflict, VisitView

ONE_DAY = dt.timedelta(days=1)
HOLIDAY = QColor("#fde7e7")
WEEKEND = QColor("#ececec")  # a shade a clerk sees at a glance, inside a campaign's period too
WEEKEND_HEADER = QColor("#dedede")
CAMPAIGN = QColor("#e6f0fa")
CAMPAIGN_EDGE = QColor("#4a86c5")
TODAY = QColor("#1f6fd1")
RED = QColor("#c62828")
SWAP = QColor("#5d4037")
MUTED = QColor("#9e9e9e")
TEXT = QColor("#212121")
SELECTED = QColor("#fff3c4")
OUTCOME_COLORS = {"计划": QColor("#1f6fd1"), "已走访": QColor("#2e7d32"), "不在家": QColor("#ef6c00"),
                  "改期": QColor("#757575")}


def weekday_names() -> list[str]:
    return [
        QCoreApplication.translate("CalendarViews", "Mon"),
        QCoreApplication.translate("CalendarViews", "Tue"),
        QCoreApplication.translate("CalendarViews", "Wed"),
        QCoreApplication.translate("CalendarViews", "Thu"),
        QCoreApplication.translate("CalendarViews", "Fri"),
        QCoreApplication.translate("CalendarViews", "Sat"),
        QCoreApplication.translate("CalendarViews", "Sun"),
    ]


def visit_line(v: VisitView, households_format: str) -> str:
    """'09:00 张三等3户 第一组': the start, the first household and how many, the group's short name — the
    household before the group, so that a narrow month cell (1366 px) cuts the group, not the name."""
    first = v.households[0].name if v.households else ""
    who = households_format.format(first, len(v.households)) if len(v.households) > 1 else first
    return f"{v.start_time:%H:%M} {who} {short_group_name(v.group_name)}"


def short_group_name(name: str) -> str:
    """'第一慰问组' → '第一组' where a column is narrow."""
    return name.removesuffix("慰问组") + "组" if name.endswith("慰问组") else name


def households_format() -> str:
    return QCoreApplication.translate("CalendarViews", "{0} and others, {1} households")


def conflicting_ids(conflicts: Iterable[Conflict]) -> set[uuid.UUID]:
    return {vid for c in conflicts if c.severity == "error" for vid in c.visit_ids}


def warned_ids(conflicts: Iterable[Conflict]) -> set[uuid.UUID]:
    return {vid for c in conflicts for vid in c.visit_ids}


@dataclass
class MonthModel:
    """What the month view draws: the six weeks shown, each day's visits in time order."""

    first_day: dt.date  # the Monday of the first row
    month: int
    by_day: dict[dt.date, list[VisitView]] = field(default_factory=dict)
    red: set[uuid.UUID] = field(default_factory=set)  # in a conflict (error)
    warned: set[uuid.UUID] = field(default_factory=set)  # in any conflict or reminder
    infos: dict[dt.date, DayInfo] = field(default_factory=dict)


def day_background(d: dt.date, info: DayInfo, campaign_period: tuple[dt.date, dt.date] | None) -> QColor | None:
    """A holiday, else a weekend (not a make-up working day), else the campaign's period; else none.
    The weekend comes before the campaign: a campaign usually spans the whole view, and its tint hid
    the weekends (the period still shows as the edge under the day)."""
    if info.holiday:
        return HOLIDAY
    if d.weekday() >= 5 and not info.workday_swap:
        return WEEKEND
    if campaign_period and campaign_period[0] <= d <= campaign_period[1]:
        return CAMPAIGN
    return None


def month_start(month: dt.date) -> dt.date:
    first = month.replace(day=1)
    return first - dt.timedelta(days=first.weekday())


def month_layout(month: dt.date, visits: Sequence[VisitView], conflicts: Sequence[Conflict]) -> MonthModel:
    start = month_start(month)
    model = MonthModel(start, month.month, red=conflicting_ids(conflicts), warned=warned_ids(conflicts))
    by_day: dict[dt.date, list[VisitView]] = defaultdict(list)
    for v in visits:
        by_day[v.date].append(v)
    for day_visits in by_day.values():
        day_visits.sort(key=lambda v: (v.start_time, v.group_name))
    model.by_day = dict(by_day)
    model.infos = {d: day_info(d) for d in (start + i * ONE_DAY for i in range(42))}
    return model


def day_badge(info: DayInfo) -> tuple[str, QColor] | None:
    if info.holiday:
        return QCoreApplication.translate("CalendarViews", "Off"), RED
    if info.workday_swap:
        return QCoreApplication.translate("CalendarViews", "Work"), SWAP
    return None


def lunar_caption(info: DayInfo) -> tuple[str, QColor]:
    """The small text under a date: the festival if any, else the lunar day (the month on 初一)."""
    if info.festival:
        return info.festival, RED
    if info.lunar.endswith("初一"):
        return info.lunar.removesuffix("初一"), MUTED
    return info.lunar[-2:], MUTED


def day_tooltip(d: dt.date, info: DayInfo) -> str:
    parts = [f"{d:%Y-%m-%d}", QCoreApplication.translate("CalendarViews", "Lunar {0}").format(info.lunar)]
    if info.festival:
        parts.append(info.festival)
    if info.holiday:
        parts.append(QCoreApplication.translate("CalendarViews", "Public holiday: {0}").format(info.holiday))
    if info.workday_swap:
        parts.append(QCoreApplication.translate("CalendarViews", "Make-up working day"))
    if info.estimated and (info.holiday or d.weekday() >= 5):
        parts.append(QCoreApplication.translate(
            "CalendarViews", "Holidays of {0} are estimated; check the official notice").format(d.year))
    return "\n".join(parts)


class MonthView(QWidget):
    """Six weeks of days; visits as compact lines with a '+N' overflow; conflicts in red."""

    visit_clicked = Signal(object)  # VisitView
    visit_activated = Signal(object)  # VisitView (double click: edit)
    day_activated = Signal(object)  # dt.date (double click on an empty place: new visit)
    visit_dropped = Signal(object, object)  # VisitView, dt.date
    day_clicked = Signal(object)  # dt.date ('+N': show the day)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = month_layout(dt.date.today(), [], [])
        self.today = dt.date.today()
        self.campaign_period: tuple[dt.date, dt.date] | None = None
        self.selected: uuid.UUID | None = None
        self._lines: list[tuple[QRect, VisitView]] = []
        self._press: tuple[QPoint, VisitView] | None = None
        self._dragging = False
        self.movable = True  # whether a visit may be dragged to another day (the screen: the user's role)
        self._drop_day: dt.date | None = None
        self.setMouseTracking(True)
        self.setMinimumSize(560, 360)

    def set_data(self, model: MonthModel, today: dt.date, campaign_period: tuple[dt.date, dt.date] | None) -> None:
        self.model, self.today, self.campaign_period = model, today, campaign_period
        self.update()

    # geometry -----------------------------------------------------------------------------------
    def _header_height(self) -> int:
        return self.fontMetrics().height() + 6

    def cell_rect(self, d: dt.date) -> QRect:
        index = (d - self.model.first_day).days
        w, h = self.width() / 7, (self.height() - self._header_height()) / 6
        col, row = index % 7, index // 7
        top = self._header_height() + round(row * h)
        return QRect(round(col * w), top, round((col + 1) * w) - round(col * w),
                     self._header_height() + round((row + 1) * h) - top)

    def day_at(self, pos: QPoint) -> dt.date | None:
        top = self._header_height()
        if pos.y() < top or not self.rect().contains(pos):
            return None
        col = min(6, int(pos.x() * 7 / max(1, self.width())))
        row = min(5, int((pos.y() - top) * 6 / max(1, self.height() - top)))
        return self.model.first_day + (row * 7 + col) * ONE_DAY

    def visit_at(self, pos: QPoint) -> VisitView | None:
        return next((v for rect, v in self._lines if rect.contains(pos)), None)

    def line_rect(self, visit_id: uuid.UUID) -> QRect | None:
        return next((rect for rect, v in self._lines if v.id == visit_id), None)

    # painting -----------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        self._paint_header(painter)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        fmt = households_format()
        self._lines = []
        for i in range(42):
            self._paint_day(painter, self.model.first_day + i * ONE_DAY, small, fmt)
        painter.end()

    def _paint_header(self, painter: QPainter) -> None:
        h = self._header_height()
        painter.fillRect(0, 0, self.width(), h, QColor("#eeeeee"))
        painter.setPen(TEXT)
        for col, name in enumerate(weekday_names()):
            x0, x1 = round(col * self.width() / 7), round((col + 1) * self.width() / 7)
            painter.drawText(QRect(x0, 0, x1 - x0, h), Qt.AlignmentFlag.AlignCenter, name)

    def _background(self, d: dt.date, info: DayInfo) -> QColor:
        return day_background(d, info, self.campaign_period) or QColor(Qt.GlobalColor.white)

    def _paint_day(self, painter: QPainter, d: dt.date, small: QFont, fmt: str) -> None:
        rect, info = self.cell_rect(d), self.model.infos.get(d) or day_info(d)
        painter.fillRect(rect, self._background(d, info))
        if self.campaign_period and self.campaign_period[0] <= d <= self.campaign_period[1]:
            painter.fillRect(rect.x(), rect.bottom() - 2, rect.width(), 3, CAMPAIGN_EDGE)
        if d.month != self.model.month:
            painter.fillRect(rect, QColor(255, 255, 255, 150))  # the neighbouring months, faded
        if self._dragging and d == self._drop_day:
            painter.fillRect(rect, QColor(31, 111, 209, 40))
        painter.setPen(QPen(QColor("#d0d0d0")))
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        if d == self.today:
            painter.setPen(QPen(TODAY, 2))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        in_month = d.month == self.model.month
        line_h = painter.fontMetrics().height()
        top = rect.adjusted(4, 2, -4, 0)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(TEXT if in_month else MUTED)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, str(d.day))
        number_w = painter.fontMetrics().horizontalAdvance(str(d.day)) + 4
        painter.setFont(small)
        caption, color = lunar_caption(info)
        badge = day_badge(info)
        badge_w = painter.fontMetrics().horizontalAdvance(badge[0]) + 4 if badge else 0
        painter.setPen(color if in_month else MUTED)
        caption_rect = QRect(top.x() + number_w, top.y(), max(0, top.width() - number_w - badge_w), line_h)
        painter.drawText(caption_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(caption, Qt.TextElideMode.ElideRight, caption_rect.width()))
        if badge:
            painter.setPen(badge[1])
            painter.drawText(QRect(top.right() - badge_w, top.y(), badge_w, line_h),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, badge[0])
        self._paint_lines(painter, d, rect, rect.y() + line_h + 4, fmt)
        painter.setFont(self.font())

    def _paint_lines(self, painter: QPainter, d: dt.date, rect: QRect, y: int, fmt: str) -> None:
        visits = self.model.by_day.get(d, [])
        if not visits:
            return
        metrics = painter.fontMetrics()
        line_h = metrics.height() + 1
        room = max(0, (rect.bottom() - 3 - y) // line_h)
        shown = visits if len(visits) <= room else visits[: max(0, room - 1)]
        for v in shown:
            line = QRect(rect.x() + 3, y, rect.width() - 6, line_h)
            if v.id == self.selected:
                painter.fillRect(line, SELECTED)
            red = v.id in self.model.red
            painter.fillRect(line.x(), line.y() + 2, 3, line_h - 4, RED if red else OUTCOME_COLORS.get(
                v.outcome, TODAY))
            painter.setPen(RED if red else TEXT)
            text_rect = line.adjusted(6, 0, 0, 0)
            text = visit_line(v, fmt) + (" !" if v.id in self.model.warned and not red else "")
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(text, Qt.TextElideMode.ElideRight, text_rect.width()))
            self._lines.append((line, v))
            y += line_h
        if len(shown) < len(visits):
            painter.setPen(TODAY)
            painter.drawText(QRect(rect.x() + 9, y, rect.width() - 12, line_h),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             QCoreApplication.translate("CalendarViews", "+{0} more").format(len(visits) - len(shown)))

    # mouse --------------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        visit = self.visit_at(pos)
        self._press = (pos, visit) if visit is not None and event.button() == Qt.MouseButton.LeftButton else None
        if visit is not None:
            self.selected = visit.id
            self.visit_clicked.emit(visit)
            self.update()
        elif event.button() == Qt.MouseButton.LeftButton:
            day = self.day_at(pos)
            if day is not None and len(self.model.by_day.get(day, [])) > 0 and self._on_overflow(pos, day):
                self.day_clicked.emit(day)

    def _on_overflow(self, pos: QPoint, day: dt.date) -> bool:
        rect = self.cell_rect(day)
        shown = [r for r, v in self._lines if v.date == day]
        return bool(shown) and pos.y() > shown[-1].bottom() and rect.contains(pos)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or not self.movable:
            return
        pos = event.position().toPoint()
        if not self._dragging and (pos - self._press[0]).manhattanLength() >= QApplication.startDragDistance():
            self._dragging = True
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        if self._dragging:
            self._drop_day = self.day_at(pos)
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press, dragging = self._press, self._dragging
        self._press, self._dragging = None, False
        self.unsetCursor()
        if press is not None and dragging:
            day = self.day_at(event.position().toPoint())
            self._drop_day = None
            self.update()
            if day is not None and day != press[1].date:
                self.visit_dropped.emit(press[1], day)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        visit = self.visit_at(pos)
        if visit is not None:
            self.visit_activated.emit(visit)
        elif (day := self.day_at(pos)) is not None:
            self.day_activated.emit(day)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            pos = event.pos()
            visit, day = self.visit_at(pos), self.day_at(pos)
            if visit is not None:
                QToolTip.showText(event.globalPos(), visit_tooltip(visit), self)
            elif day is not None:
                QToolTip.showText(event.globalPos(), day_tooltip(day, day_info(day)), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


def visit_tooltip(v: VisitView) -> str:
    names = "、".join(h.name for h in v.households[:10]) + ("…" if len(v.households) > 10 else "")
    lines = [f"{v.date:%Y-%m-%d} {v.start_time:%H:%M}–{v.end_time:%H:%M} {v.group_name}",
             f"{v.purpose} · {v.outcome}", names]
    if v.campaign_name:
        lines.append(v.campaign_name)
    if v.note:
        lines.append(v.note)
    return "\n".join(lines)
