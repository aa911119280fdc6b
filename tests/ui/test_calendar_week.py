"""走访日历 at 1366×768 over the demo office (issue 13 item 6): the week of three groups readable — every
column wide enough for a visit's time and its group's name, the rest reached by scrolling sideways under
a fixed hour axis; weekends shaded inside a campaign's period; the day view on the chosen visit's day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QFontMetrics, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.ui.screens.visits import DAY, MONTH, WEEK
from songnuan_desktop.ui.widgets.calendar_grid import AXIS_WIDTH
from songnuan_desktop.ui.widgets.calendar_layout import small_font
from songnuan_desktop.ui.widgets.calendar_views import (
    CAMPAIGN, WEEKEND, households_format, short_group_name, visit_line,
)
from tests.demo_offices import DemoOffices
from tests.ui.calendar_helpers import demo_copy, office_of, opened

DEMO_WEEK = dt.date(2026, 11, 17)  # a Tuesday of the demo's busiest week (visits every weekday, 3 groups)
SATURDAY, FRIDAY = dt.date(2026, 11, 21), dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Path:
    return demo_copy(tmp_path_factory, demo_offices)


@pytest.fixture
def office(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    yield from office_of(demo_file, tmp_path)


def test_week_of_three_groups_is_readable_and_scrolls(qtbot, office: Database) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, office, WEEK, DEMO_WEEK)
    grid, bar = screen.grid, screen.pane.bar
    assert len(grid.groups) == 3 and len(grid.days) == 7
    small = QFontMetrics(small_font(grid.font()))
    width = grid.column_width()
    # a group's (short) name and a visit's time span fit their column: they read "第…" and "10…" before
    for g in grid.groups:
        assert grid.fontMetrics().horizontalAdvance(short_group_name(g.name)) + 4 <= width
    alone = [b for b in grid.blocks if b.rect.width() >= width - 5]  # not sharing a column with a clash
    assert len(alone) >= len(grid.blocks) - 2
    for block in alone:
        span = f"{block.visit.start_time:%H:%M}–{block.visit.end_time:%H:%M}"
        assert small.horizontalAdvance(span) <= block.rect.width() - 7, span
    # 21 columns do not fit beside the side panel: the grid scrolls, the chosen day first
    assert bar.isVisible() and bar.maximum() == grid.max_offset() > 0
    tuesday = grid.days.index(DEMO_WEEK) * 3
    assert grid.column_rect(tuesday).x() == pytest.approx(AXIS_WIDTH, abs=1)
    # the scroll bar, the wheel: the columns move, the hour axis stays
    bar.setValue(bar.maximum())
    assert grid.offset == grid.max_offset()
    assert grid.column_rect(len(grid.days) * 3 - 1).right() == pytest.approx(grid.width(), abs=1)
    wheel = QWheelEvent(QPointF(300, 300), QPointF(grid.mapToGlobal(QPoint(300, 300))), QPoint(0, 0),
                        QPoint(0, 120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(grid, wheel)
    assert grid.offset == grid.max_offset() - round(width) and bar.value() == grid.offset
    assert grid.column_at(QPoint(AXIS_WIDTH - 5, 300)) is None  # the axis is not a column


def test_week_opens_scrolled_to_its_day_and_a_narrow_week_does_not_scroll(qtbot, office: Database) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, office, WEEK, SATURDAY)
    grid = screen.grid
    assert grid.offset == grid.max_offset()  # Saturday is as far left as the week allows
    assert grid.column_at(QPoint(grid.width() - 3, 300))[0] == dt.date(2026, 11, 22)  # type: ignore[index]
    screen.ui.groupFilter.setCurrentIndex(1)  # one group: seven columns fit
    screen.ui.groupFilter.activated.emit(1)
    qtbot.waitUntil(lambda: len(grid.groups) == 1, timeout=10_000)
    assert grid.max_offset() == 0 and not screen.pane.bar.isVisible()


def pixel(grid, day: dt.date, group: int, at: dt.time):  # type: ignore[no-untyped-def]
    image = grid.grab().toImage()
    rect = grid.column_rect(grid.days.index(day) * len(grid.groups) + group)
    return image.pixelColor(round(rect.center().x()), round(grid.y_of(at)))


def test_weekends_are_shaded_inside_a_campaign_period(qtbot, office: Database) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, office, WEEK, SATURDAY)
    assert screen.data is not None and screen.campaign_period(screen.data) is not None
    grid = screen.grid
    # an empty half hour of each: the weekend grey, the working day in the campaign's blue
    assert pixel(grid, SATURDAY, 1, dt.time(12, 40)) == WEEKEND
    assert pixel(grid, FRIDAY, 2, dt.time(12, 40)) == CAMPAIGN
    # and the month: the 21st's cell grey, the 20th's blue
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        screen.set_mode(MONTH)
    image = screen.month.grab().toImage()
    for day, color in ((SATURDAY, WEEKEND), (FRIDAY, CAMPAIGN)):
        cell = screen.month.cell_rect(day)
        assert image.pixelColor(cell.center().x(), cell.bottom() - 8) == color, day


def test_day_view_opens_on_the_chosen_visits_day(qtbot, office: Database) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, office, MONTH, DEMO_WEEK)
    visit = screen.month.model.by_day[dt.date(2026, 11, 12)][0]
    screen.month.grab()  # painted: the lines have their places
    rect = screen.month.line_rect(visit.id)
    assert rect is not None
    QTest.mouseClick(screen.month, Qt.MouseButton.LeftButton, pos=rect.center())
    assert screen.selected is not None and screen.selected.id == visit.id
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        QTest.mouseClick(screen.ui.dayMode, Qt.MouseButton.LeftButton)
    assert screen.mode == DAY and screen.grid.days == [visit.date]  # not the anchor (17th) nor today
    assert screen.ui.period.text() == "2026-11-12"
    assert screen.grid.block_of(visit.id) is not None and screen.grid.selected == visit.id
    # then the week: the week of that visit
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        QTest.mouseClick(screen.ui.weekMode, Qt.MouseButton.LeftButton)
    assert visit.date in screen.grid.days and screen.grid.block_of(visit.id) is not None


def test_month_lines_keep_the_household_in_sight(qtbot, office: Database) -> None:  # type: ignore[no-untyped-def]
    """A month cell at 1366 px holds about 'HH:MM' and three or four characters more: the household comes
    before the group ('09:00 第一慰问组 …' hid every name before)."""
    screen = opened(qtbot, office, MONTH, DEMO_WEEK)
    month = screen.month
    month.grab()
    small = QFontMetrics(small_font(month.font()))
    shown = 0
    for day, day_visits in month.model.by_day.items():
        for v in day_visits:
            rect = month.line_rect(v.id)
            if rect is None or len(v.households) > 1:
                continue  # not painted (+N more), or '…等N户', longer
            text = small.elidedText(visit_line(v, households_format()), Qt.TextElideMode.ElideRight,
                                    rect.width() - 6)
            assert v.households[0].name in text, (day, text)
            shown += 1
    assert shown >= 10
