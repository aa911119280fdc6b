"""The demo office for the calendar tests: built once per module, copied for each test, opened in the real
VisitsScreen at the size it has in the main window on a 1366×768 screen (the navigation takes the rest)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.services.access import auth
from songnuan_desktop.ui.screens.visits import MONTH, VisitsScreen
from songnuan_desktop.workers.lanes import Lanes
from tests.demo_offices import DemoOffices

PASSWORD = "songnuan2026"
SCREEN_SIZE = (1176, 700)  # the visits screen inside the maximised main window at 1366×768


def demo_copy(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Path:
    return demo_offices.file(tmp_path_factory.mktemp("calendar") / "demo.db", workers=300, seed=7)


def office_of(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "office.db"
    shutil.copy(demo_file, path)
    db = open_database("sqlite:///" + str(path), create=True)
    yield db
    db.close()


def opened(qtbot, db: Database, mode: str, day: dt.date) -> VisitsScreen:  # type: ignore[no-untyped-def]
    screen = VisitsScreen(db, auth.login(db, "jingban", PASSWORD), Lanes())
    qtbot.addWidget(screen)
    screen.resize(*SCREEN_SIZE)
    screen.show()
    screen.anchor = day
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        screen.set_mode(mode) if mode != MONTH else screen.refresh()
    return screen


def reload(qtbot, screen: VisitsScreen) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        screen.refresh()
