"""The visit calendar's week and day views: a time grid from 08:00 to 18:00 with one column per
group per day, visits as blocks; painted, and dragged by the view itself (see `calendar_views`).

A column is never narrower than its text needs (a visit's time, a group's short name): a week of
three groups at 1366 px is 21 columns, wider than the screen, so the grid scrolls sideways under a
fixed hour axis (`GridPane` adds the scroll bar; the wheel and a drag near the edge scroll too).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollBar, QToolTip, QVBoxLayout, QWidget

from songnuan_desktop.domain.calendar_days import day_info
from songnuan_desktop.services.visits import Conflict, GroupView, VisitView
from songnuan_desktop.ui.widgets.calendar_layout import Block, lanes_of, minutes_of, small_font, time_of
from songnuan_desktop.ui.widgets.calendar_views import (
    CAMPAIGN_EDGE, HOLIDAY, MUTED, OUTCOME_COLORS, RED, SELECTED, TEXT, TODAY, WEEKEND_HEADER,
    conflicting_ids, day_background, day_badge, day_tooltip, households_format, lunar_caption, short_group_name,
    visit_tooltip, weekday_names,
)

FIRST_HOUR, LAST_HOUR = 8, 18
SNAP_MINUTES = 15
NEW_VISIT_MINUTES = 90
AXIS_WIDTH = 46
EDGE = 24  # a drag this close to the left or right edge scrolls the grid


class TimeGridView(QWidget):
    visit_clicked = Signal(object)  # VisitView
    visit_activated = Signal(object)  # VisitView
    slot_activated = Signal(object, object, object)  # dt.date, dt.time, group id | None
    visit_dropped = Signal(object, object, object, object)  # VisitView, dt.date, dt.time (start), group id
    scrolled = Signal(int, int, int)  # offset, largest offset, visible width: for the scroll bar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: list[dt.date] = [dt.date.today()]
        self.groups: list[GroupView] = []
        self.visits: list[VisitView] = []
        self.red: set[uuid.UUID] = set()
        self.today = dt.date.today()
        self.campaign_period: tuple[dt.date, dt.date] | None = None
        self.selected: uuid.UUID | None = None
        self.blocks: list[Block] = []
        self._press: tuple[QPoint, VisitView] | None = None
        self._dragging = False
        self.movable = True  # whether a visit may be dragged to another day (the screen: the user's role)
        self._ghost: QRectF | None = None
        self.offset = 0  # how far the columns are scrolled to the left, in pixels
        self.setMouseTracking(True)
        self.setMinimumSize(560, 360)

    def set_data(self, days: list[dt.date], groups: list[GroupView], visits: Sequence[VisitView],
                 conflicts: Sequence[Conflict], today: dt.date,
                 campaign_period: tuple[dt.date, dt.date] | None) -> None:
        self.days, self.groups, self.today, self.campaign_period = days, groups, today, campaign_period
        shown = set(days)
        self.visits = [v for v in visits if v.date in shown]
        self.red = conflicting_ids(conflicts)
        self.relayout()

    # geometry -----------------------------------------------------------------------------------
    def _header(self) -> int:
        return self.fontMetrics().height() * 3 + 10

    def _columns(self) -> list[tuple[dt.date, GroupView | None]]:
        groups: list[GroupView | None] = list(self.groups) or [None]
        return [(d, g) for d in self.days for g in groups]

    def min_column_width(self) -> int:
        """Room for a visit's time span in the small font and a group's short name in the normal one."""
        small = QFontMetrics(small_font(self.font()))
        names = [short_group_name(g.name) for g in self.groups] or [""]
        return max(small.horizontalAdvance("10:00–11:30"),
                   max(self.fontMetrics().horizontalAdvance(n) for n in names)) + 12

    def column_width(self) -> float:
        count = max(1, len(self._columns()))
        return max(float(self.min_column_width()), (self.width() - AXIS_WIDTH) / count)

    def max_offset(self) -> int:
        content = self.column_width() * max(1, len(self._columns()))
        return max(0, int(content - (self.width() - AXIS_WIDTH) + 0.999))

    def column_rect(self, index: int) -> QRectF:
        width = self.column_width()
        return QRectF(AXIS_WIDTH + index * width - self.offset, self._header(), width,
                      self.height() - self._header())

    def _index_at(self, x: float) -> int | None:
        if x < AXIS_WIDTH or x >= self.width():
            return None
        index = int((x - AXIS_WIDTH + self.offset) // self.column_width())
        return index if 0 <= index < len(self._columns()) else None

    def set_offset(self, offset: int) -> None:
        offset = max(0, min(self.max_offset(), int(offset)))
        if offset != self.offset:
            self.offset = offset
            self.relayout()

    def scroll_to_day(self, d: dt.date) -> None:
        """The day's first column at the left edge (as far as the grid goes)."""
        if d in self.days:
            first = self.days.index(d) * max(1, len(self.groups))
            self.set_offset(round(first * self.column_width()))

    def y_of(self, t: dt.time) -> float:
        span = (LAST_HOUR - FIRST_HOUR) * 60
        clamped = max(FIRST_HOUR * 60, min(LAST_HOUR * 60, minutes_of(t)))
        return self._header() + (clamped - FIRST_HOUR * 60) * (self.height() - self._header() - 1) / span

    def time_at(self, y: float) -> dt.time:
        span = (LAST_HOUR - FIRST_HOUR) * 60
        minutes = FIRST_HOUR * 60 + (y - self._header()) * span / max(1, self.height() - self._header() - 1)
        return time_of(int(minutes // SNAP_MINUTES * SNAP_MINUTES))

    def column_at(self, pos: QPoint) -> tuple[dt.date, GroupView | None] | None:
        if pos.y() < self._header() or not self.rect().contains(pos):
            return None
        index = self._index_at(pos.x())
        return self._columns()[index] if index is not None else None

    def relayout(self) -> None:
        self.offset = max(0, min(self.max_offset(), self.offset))
        columns = {(d, g.id if g else None): i for i, (d, g) in enumerate(self._columns())}
        by_column: dict[int, list[VisitView]] = defaultdict(list)
        for v in self.visits:
            index = columns.get((v.date, v.group_id if self.groups else None))
            if index is not None:
                by_column[index].append(v)
        self.blocks = []
        for index, visits in by_column.items():
            col, places = self.column_rect(index), lanes_of(visits)
            for v in visits:
                lane, lanes = places[v.id]
                width = (col.width() - 4) / lanes
                top, bottom = self.y_of(v.start_time), self.y_of(v.end_time)
                self.blocks.append(Block(QRectF(col.x() + 2 + lane * width, top, width - 1,
                                                max(bottom - top, 14.0)), v))
        self.scrolled.emit(self.offset, self.max_offset(), max(1, self.width() - AXIS_WIDTH))
        self.update()

    def resizeEvent(self, event: object) -> None:
        self.relayout()

    def block_of(self, visit_id: uuid.UUID) -> QRectF | None:
        return next((b.rect for b in self.blocks if b.visit.id == visit_id), None)

    def visit_at(self, pos: QPoint) -> VisitView | None:
        if pos.x() < AXIS_WIDTH:
            return None  # under the hour axis
        return next((b.visit for b in reversed(self.blocks) if b.rect.contains(pos.toPointF())), None)

    # painting -----------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        columns = self._columns()
        per_day = max(1, len(columns) // max(1, len(self.days)))
        painter.setClipRect(AXIS_WIDTH, 0, self.width() - AXIS_WIDTH, self.height())  # the axis stays put
        for i, (d, _g) in enumerate(columns):
            self._paint_column(painter, i, d)
        self._paint_hours(painter)
        for day_index, d in enumerate(self.days):
            self._paint_day_header(painter, d, day_index * per_day, per_day)
        self._paint_blocks(painter)
        if self._ghost is not None:
            painter.setPen(QPen(TODAY, 2, Qt.PenStyle.DashLine))
            painter.drawRect(self._ghost)
        painter.setClipping(False)
        self._paint_hour_labels(painter)
        painter.end()

    def _paint_column(self, painter: QPainter, index: int, d: dt.date) -> None:
        rect, info = self.column_rect(index), day_info(d)
        if rect.right() < AXIS_WIDTH or rect.left() > self.width():
            return
        color = day_background(d, info, self.campaign_period)
        if color is not None:
            painter.fillRect(rect, color)
        if d == self.today:
            painter.fillRect(rect, QColor(31, 111, 209, 18))
        painter.setPen(QPen(QColor("#e0e0e0")))
        painter.drawLine(rect.topLeft(), rect.bottomLeft())

    def _paint_hours(self, painter: QPainter) -> None:
        painter.setPen(QPen(QColor("#d6d6d6")))
        for hour in range(FIRST_HOUR, LAST_HOUR + 1):
            y = round(self.y_of(dt.time(min(hour, 23))))
            painter.drawLine(AXIS_WIDTH, y, self.width(), y)

    def _paint_hour_labels(self, painter: QPainter) -> None:
        painter.fillRect(0, 0, AXIS_WIDTH, self.height(), Qt.GlobalColor.white)
        painter.setFont(small_font(self.font()))
        for hour in range(FIRST_HOUR, LAST_HOUR + 1):
            y = round(self.y_of(dt.time(min(hour, 23))))
            painter.setPen(QPen(QColor("#d6d6d6")))
            painter.drawLine(AXIS_WIDTH - 4, y, AXIS_WIDTH, y)
            painter.setPen(MUTED)
            if hour < LAST_HOUR:
                painter.drawText(QRect(0, y, AXIS_WIDTH - 6, painter.fontMetrics().height()),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, f"{hour:02d}:00")
        painter.setPen(QPen(QColor("#c8c8c8")))
        painter.drawLine(AXIS_WIDTH - 1, 0, AXIS_WIDTH - 1, self.height())
        painter.setFont(self.font())

    def _paint_day_header(self, painter: QPainter, d: dt.date, first: int, count: int) -> None:
        info, line_h = day_info(d), self.fontMetrics().height()
        left, right = self.column_rect(first), self.column_rect(first + count - 1)
        rect = QRect(round(left.x()), 0, round(right.right() - left.x()), line_h * 2 + 4)
        if rect.right() < AXIS_WIDTH or rect.left() > self.width():
            return
        weekend = d.weekday() >= 5 and not info.workday_swap
        painter.fillRect(rect, HOLIDAY if info.holiday else WEEKEND_HEADER if weekend else QColor("#eeeeee"))
        if self.campaign_period and self.campaign_period[0] <= d <= self.campaign_period[1]:
            painter.fillRect(rect.x(), rect.bottom() - 1, rect.width(), 3, CAMPAIGN_EDGE)
        painter.setPen(QPen(QColor("#c8c8c8")))
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        if d == self.today:
            painter.setPen(QPen(TODAY, 2))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.setPen(TEXT)
        left_x = max(rect.x(), AXIS_WIDTH)  # a day scrolled half away keeps its date in sight
        top = QRect(left_x + 3, rect.y() + 2, rect.right() - left_x - 6, line_h)
        title = f"{d.month}/{d.day} {weekday_names()[d.weekday()]}"
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        badge = day_badge(info)
        if badge:
            painter.setPen(badge[1])
            painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, badge[0])
        caption, color = lunar_caption(info)
        full = info.lunar if not info.festival else f"{info.festival} {info.lunar}"
        text = full if painter.fontMetrics().horizontalAdvance(full) <= top.width() else caption
        painter.setPen(color if info.festival else MUTED)
        painter.drawText(top.translated(0, line_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, top.width()))
        if self.groups:
            for i in range(count):
                col = self.column_rect(first + i)
                g = self.groups[i]
                cell = QRect(round(col.x()) + 2, rect.bottom() + 2, round(col.width()) - 4, line_h + 4)
                name = g.name if painter.fontMetrics().horizontalAdvance(g.name) <= cell.width() else (
                    short_group_name(g.name))
                painter.setPen(TEXT)
                painter.drawText(cell, Qt.AlignmentFlag.AlignCenter,
                                 painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, cell.width()))

    def _paint_blocks(self, painter: QPainter) -> None:
        fmt = households_format()
        painter.setFont(small_font(self.font()))
        metrics = painter.fontMetrics()
        for block in self.blocks:
            v, rect = block.visit, block.rect
            if rect.right() < AXIS_WIDTH or rect.left() > self.width():
                continue  # scrolled out of sight
            red = v.id in self.red
            color = RED if red else OUTCOME_COLORS.get(v.outcome, TODAY)
            fill = QColor(color)
            fill.setAlpha(40)
            painter.fillRect(rect, SELECTED if v.id == self.selected else fill)
            painter.fillRect(QRectF(rect.x(), rect.y(), 3, rect.height()), color)
            painter.setPen(QPen(color, 2 if red else 1))
            painter.drawRect(rect)
            inner = rect.adjusted(5, 1, -2, -1).toRect()
            names = fmt.format(v.households[0].name, len(v.households)) if len(v.households) > 1 else (
                v.households[0].name if v.households else "")
            span = f"{v.start_time:%H:%M}–{v.end_time:%H:%M}"
            lines = [span if metrics.horizontalAdvance(span) <= inner.width() else f"{v.start_time:%H:%M}",
                     names, v.purpose]
            painter.setPen(RED if red else TEXT)
            y = inner.y()
            for line in lines:
                if y + metrics.height() > inner.bottom() + 2:
                    break
                painter.drawText(QRect(inner.x(), y, inner.width(), metrics.height()),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 metrics.elidedText(line, Qt.TextElideMode.ElideRight, inner.width()))
                y += metrics.height()

    # mouse --------------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        visit = self.visit_at(pos)
        self._press = (pos, visit) if visit is not None and event.button() == Qt.MouseButton.LeftButton else None
        if visit is not None:
            self.selected = visit.id
            self.visit_clicked.emit(visit)
            self.update()

    def _target(self, pos: QPoint) -> tuple[dt.date, dt.time, uuid.UUID | None] | None:
        press = self._press
        column = self.column_at(pos)
        if press is None or column is None:
            return None
        visit = press[1]
        grabbed = self.time_at(press[0].y())
        offset = minutes_of(grabbed) - minutes_of(visit.start_time)  # where in the block it was taken
        start = minutes_of(self.time_at(pos.y())) - max(0, offset)
        start = max(FIRST_HOUR * 60, start // SNAP_MINUTES * SNAP_MINUTES)
        group = column[1]
        return column[0], time_of(start), group.id if group else visit.group_id

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or not self.movable:
            return
        pos = event.position().toPoint()
        if not self._dragging and (pos - self._press[0]).manhattanLength() >= QApplication.startDragDistance():
            self._dragging = True
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        if self._dragging:
            self._scroll_near_edge(pos)
        target = self._target(pos) if self._dragging else None
        if target is not None:
            self._ghost = self._ghost_rect(*target)
            self.update()

    def _scroll_near_edge(self, pos: QPoint) -> None:
        step = round(self.column_width() / 3)
        if pos.x() > self.width() - EDGE:
            self.set_offset(self.offset + step)
        elif AXIS_WIDTH <= pos.x() < AXIS_WIDTH + EDGE:
            self.set_offset(self.offset - step)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """The grid has no vertical scrolling: the wheel moves it sideways."""
        delta = event.angleDelta().x() or event.angleDelta().y()
        if delta and self.max_offset() > 0:
            self.set_offset(self.offset - round(delta / 120 * self.column_width()))
            event.accept()
        else:
            super().wheelEvent(event)

    def _ghost_rect(self, d: dt.date, start: dt.time, group_id: uuid.UUID | None) -> QRectF | None:
        assert self._press is not None
        v = self._press[1]
        columns = self._columns()
        index = next((i for i, (cd, g) in enumerate(columns) if cd == d and (g is None or g.id == group_id)), None)
        if index is None:
            return None
        col = self.column_rect(index)
        end = time_of(minutes_of(start) + minutes_of(v.end_time) - minutes_of(v.start_time))
        return QRectF(col.x() + 2, self.y_of(start), col.width() - 4, self.y_of(end) - self.y_of(start))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        target = self._target(event.position().toPoint()) if self._dragging else None
        press = self._press
        self._press, self._dragging, self._ghost = None, False, None
        self.unsetCursor()
        self.update()
        if press is None or target is None:
            return
        v = press[1]
        if (target[0], target[1], target[2]) != (v.date, v.start_time, v.group_id):
            self.visit_dropped.emit(v, *target)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        visit = self.visit_at(pos)
        if visit is not None:
            self.visit_activated.emit(visit)
            return
        column = self.column_at(pos)
        if column is not None:
            start = self.time_at(pos.y())
            start = time_of(minutes_of(start) // 30 * 30)
            self.slot_activated.emit(column[0], start, column[1].id if column[1] else None)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            visit = self.visit_at(event.pos())
            column = self.column_at(event.pos())
            if visit is not None:
                QToolTip.showText(event.globalPos(), visit_tooltip(visit), self)
            elif event.pos().y() < self._header() and (index := self._index_at(event.pos().x())) is not None:
                d = self._columns()[index][0]
                QToolTip.showText(event.globalPos(), day_tooltip(d, day_info(d)), self)
            elif column is not None:
                hint = QCoreApplication.translate("CalendarViews", "Double-click to plan a visit here")
                QToolTip.showText(event.globalPos(), hint, self)
            return True
        return super().event(event)


def new_visit_end(start: dt.time) -> dt.time:
    return time_of(minutes_of(start) + NEW_VISIT_MINUTES)


class GridPane(QWidget):
    """The time grid with its sideways scroll bar below it (shown only when the columns need more room)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = TimeGridView(self)
        self.bar = QScrollBar(Qt.Orientation.Horizontal, self)
        self.bar.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.bar)
        self.grid.scrolled.connect(self._range_changed)
        self.bar.valueChanged.connect(self.grid.set_offset)

    def _range_changed(self, offset: int, largest: int, page: int) -> None:
        self.bar.blockSignals(True)
        self.bar.setRange(0, largest)
        self.bar.setPageStep(page)
        self.bar.setSingleStep(max(1, round(self.grid.column_width())))
        self.bar.setValue(offset)
        self.bar.blockSignals(False)
        self.bar.setVisible(largest > 0)
