"""走访日历 through the real widgets over the demo office: a visit planned by double-clicking a slot,
dragged to another day and time with the mouse (press, move, release on the week view — the view
follows the drag itself, so QTest's synthetic mouse is the real gesture), changed by double-clicking
it, deleted after the question; holidays and lunar dates in the month; the demo's conflict in the panel."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.services.access import auth
from songnuan_desktop.services import visits
from songnuan_desktop.ui.dialogs.visit_dialogs import VisitDialog
from songnuan_desktop.ui.screens.visits import DAY, MONTH, WEEK, VisitsScreen
from songnuan_desktop.ui.widgets.calendar_views import day_badge, lunar_caption
from songnuan_desktop.ui.widgets.combo_ids import current_id
from songnuan_desktop.workers.lanes import Lanes
from tests.ui.helpers import settled, type_into
from tests.demo_offices import DemoOffices

PASSWORD = "songnuan2026"
FREE_DAY = dt.date(2026, 11, 25)  # a Wednesday without demo visits


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Path:
    return demo_offices.file(tmp_path_factory.mktemp("visits-screen") / "demo.db", workers=300, seed=7)


@pytest.fixture
def office(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "office.db"
    shutil.copy(demo_file, path)
    db = open_database("sqlite:///" + str(path), create=True)
    yield db
    db.close()


def opened(qtbot, db: Database, mode: str, day: dt.date) -> VisitsScreen:  # type: ignore[no-untyped-def]
    screen = VisitsScreen(db, auth.login(db, "jingban", PASSWORD), Lanes())
    qtbot.addWidget(screen)
    screen.resize(1280, 760)
    screen.show()
    screen.anchor = day
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        screen.set_mode(mode) if mode != MONTH else screen.refresh()
    return screen


def reload(qtbot, screen: VisitsScreen) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        screen.refresh()


def test_plan_drag_change_and_delete_a_visit(qtbot, office: Database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, office, WEEK, FREE_DAY)
    grid = screen.grid
    first_group = grid.groups[0]
    wednesday = grid.days.index(FREE_DAY) * len(grid.groups)
    column = grid.column_rect(wednesday)
    slot = QPoint(round(column.center().x()), round(grid.y_of(dt.time(10, 10))))
    QTest.mouseDClick(grid, Qt.MouseButton.LeftButton, pos=slot)
    dialog = screen.dialog
    assert isinstance(dialog, VisitDialog)
    assert dialog.data().date == FREE_DAY and dialog.data().start_time == dt.time(10)
    assert current_id(dialog.ui.group) == first_group.id
    type_into(qtbot, dialog.ui.search, "王")
    dialog.search()
    settled(qtbot, dialog.ui.found)  # searched on the database lane
    assert dialog.ui.found.count() > 0
    dialog.ui.found.setCurrentRow(0)
    dialog.add_found()
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    made = next(b.visit for b in grid.blocks if b.visit.date == FREE_DAY)
    assert (made.start_time, made.group_id, len(made.households)) == (dt.time(10), first_group.id, 1)

    # drag it to Thursday 14:00, the second group's column
    block = grid.block_of(made.id)
    assert block is not None
    grab = QPoint(round(block.center().x()), round(block.top() + 3))
    target_column = grid.column_rect(wednesday + len(grid.groups) + 1)
    drop = QPoint(round(target_column.center().x()), round(grid.y_of(dt.time(14, 5))))
    QTest.mousePress(grid, Qt.MouseButton.LeftButton, pos=grab)
    for k in range(1, 6):
        QTest.mouseMove(grid, grab + (drop - grab) * k / 5)
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        QTest.mouseRelease(grid, Qt.MouseButton.LeftButton, pos=drop)
    moved = visits.get_visit(office, screen.user, made.id)
    assert (moved.date, moved.start_time, moved.end_time) == (FREE_DAY + dt.timedelta(days=1), dt.time(14),
                                                              dt.time(15, 30))
    assert moved.group_id == grid.groups[1].id

    # change it by double-clicking it
    block = grid.block_of(made.id)
    assert block is not None
    QTest.mouseDClick(grid, Qt.MouseButton.LeftButton, pos=block.center().toPoint())
    dialog = screen.dialog
    assert isinstance(dialog, VisitDialog) and dialog.visit is not None and dialog.visit.id == made.id
    dialog.ui.note.setPlainText("带米和油")
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert visits.get_visit(office, screen.user, made.id).note == "带米和油"

    # delete it, after the question
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _parent, _title, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.Yes)
    block = grid.block_of(made.id)
    assert block is not None
    QTest.mouseClick(grid, Qt.MouseButton.LeftButton, pos=block.center().toPoint())
    assert screen.ui.deleteVisit.isEnabled()
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        screen.ui.deleteVisit.click()
    assert asked and "删除" in asked[0]
    assert all(b.visit.id != made.id for b in grid.blocks)


def test_a_refused_move_is_said_in_chinese(qtbot, office: Database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, office, DAY, dt.date(2026, 11, 17))
    said: list[str] = []
    monkeypatch.setattr("songnuan_desktop.ui.screens.visits.show_error",
                        lambda _p, exc: said.append(getattr(exc, "message", str(exc))))
    first, second = sorted(screen.grid.visits, key=lambda v: v.start_time)[:2]
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        screen.move_visit(second, first.date, first.start_time, first.group_id)  # the drop handler
    assert said and "慰问组" in said[0]


def test_month_shows_holidays_lunar_dates_and_the_conflict(qtbot, office: Database) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, office, MONTH, dt.date(2026, 11, 18))
    panel = screen.ui.conflicts
    clash = next(panel.item(i) for i in range(panel.count()) if "同时" in panel.item(i).text())
    assert "第一慰问组" in clash.text()
    panel.itemClicked.emit(clash)
    assert screen.selected is not None
    assert screen.selected.id in clash.data(Qt.ItemDataRole.UserRole).visit_ids
    assert screen.month.model.red and screen.selected.id in screen.month.model.red
    screen.month.grab()
    assert screen.month.line_rect(screen.selected.id) is not None  # painted, and in red

    screen.anchor = dt.date(2027, 2, 1)
    reload(qtbot, screen)
    screen.month.grab()
    infos = screen.month.model.infos
    assert day_badge(infos[dt.date(2027, 2, 6)]) is not None
    assert day_badge(infos[dt.date(2027, 2, 6)])[0] == "休"  # type: ignore[index]
    assert lunar_caption(infos[dt.date(2027, 2, 6)])[0] == "春节"
    assert lunar_caption(infos[dt.date(2027, 2, 7)])[0] == "初二"
    assert screen.ui.period.text() == "2027年2月"
