"""档案 list through the real widgets: the model passes Qt's model tester; typing filters it; an office without
files is told where they come from."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import WorkerFile
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.files.file_list import FileFilter
from songnuan_desktop.ui.models.file_list_model import FileListModel
from songnuan_desktop.ui.screens.files import FilesScreen
from songnuan_desktop.workers.lanes import Lanes
from tests.demo_offices import DemoOffices
from tests.ui.helpers import type_into


@pytest.fixture
def demo(sqlite_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(sqlite_url, workers=450, seed=4)  # more than two pages


def test_model_passes_the_model_tester_while_paging(qtbot, qtmodeltester, demo) -> None:  # type: ignore[no-untyped-def]
    user = auth.login(demo, "jingban", "songnuan2026")
    model = FileListModel(demo, user, Lanes())
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_filter(FileFilter())
    assert model.rowCount() == 200 and model.canFetchMore()
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.fetchMore()
    assert model.rowCount() == 400
    qtmodeltester.check(model, force_py=True)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.fetchMore()
    assert model.rowCount() == 450 and not model.canFetchMore()
    assert len({model.rows[i].id for i in range(450)}) == 450


def test_typing_filters_the_list(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    user = auth.login(demo, "jingban", "songnuan2026")
    screen = FilesScreen(demo, user, Lanes())
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignal(screen.model.loaded, timeout=10_000):
        screen.refresh()
    assert "已显示 200 户" in screen.ui.count.text()
    with demo.read() as session:
        person = session.scalars(select(WorkerFile).order_by(WorkerFile.file_no).offset(77)).first()
    assert person is not None
    with qtbot.waitSignal(screen.model.loaded, timeout=10_000):
        type_into(qtbot, screen.ui.search, person.name_initials)  # pinyin initials, as a clerk types
    names = [screen.model.rows[i].name for i in range(screen.model.rowCount())]
    assert person.name in names
    assert screen.model.headerData(3, Qt.Orientation.Horizontal) == "身份证号"
    with qtbot.waitSignal(screen.model.loaded, timeout=10_000):
        type_into(qtbot, screen.ui.search, person.id_number[-6:])
    assert person.name in [screen.model.rows[i].name for i in range(screen.model.rowCount())]


def test_full_numbers_are_shown_only_when_asked_and_the_look_is_logged(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    from songnuan_desktop.services.audit import audit_log

    user = auth.login(demo, "jingban", "songnuan2026")
    screen = FilesScreen(demo, user, Lanes())
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignal(screen.model.loaded, timeout=10_000):
        screen.refresh()
    assert "*" in screen.model.rows[0].id_number and screen.ui.fullNumbers.isVisible()
    with qtbot.waitSignal(screen.model.loaded, timeout=10_000):
        screen.ui.fullNumbers.setChecked(True)
    assert "*" not in screen.model.rows[0].id_number
    assert audit_log.recent(demo, 1)[0].action == "list_full_numbers"
    with qtbot.waitSignal(screen.model.loaded, timeout=10_000):
        screen.ui.fullNumbers.setChecked(False)
    assert "*" in screen.model.rows[0].id_number
    admin = FilesScreen(demo, auth.login(demo, "admin", "songnuan2026"), Lanes())
    qtbot.addWidget(admin)
    admin.show()
    assert not admin.ui.fullNumbers.isVisible()


def test_a_new_office_is_told_where_files_come_from(qtbot, ui_db: Database, ui_clerk) -> None:  # type: ignore[no-untyped-def]
    screen = FilesScreen(ui_db, ui_clerk, Lanes())
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignal(screen.model.loaded, timeout=10_000):
        screen.refresh()
    assert screen.ui.count.text() == ("本单位还没有困难职工档案：经办人可点“新建档案…”逐户录入，"
                                      "或点“从Excel导入…”导入花名册。")
    with qtbot.waitSignal(screen.model.loaded, timeout=10_000):
        type_into(qtbot, screen.ui.search, "zs")  # a search that finds nothing says only that
    assert screen.ui.count.text() == "已显示 0 户"
