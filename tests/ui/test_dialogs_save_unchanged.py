"""Every dialog that edits a record, opened on demo records and saved unchanged, changes nothing (STYLE rule 15,
issue 13): no row_version moved, no updated_at moved, no row added or removed, no audit entry written.

The worker files and visits have their own test (test_forms_save_unchanged.py); this one covers the campaigns,
the users, the settings (parameters and 低保线), visit groups, visit outcomes and the change of a list item. The
notice, objection and proposal dialogs only ever create records, so they have nothing to save unchanged.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QInputDialog
from sqlalchemy import func, select, text

from songnuan_desktop.persistence.base import Base
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import Campaign, Visit
from songnuan_desktop.services.access import auth, users
from songnuan_desktop.services.office import settings
from songnuan_desktop.services import visits
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.workers.lanes import Lanes
from tests.ui.helpers import settled
from tests.demo_offices import DemoOffices

PASSWORD = "songnuan2026"
State = dict[str, Any]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Path:
    return demo_offices.file(tmp_path_factory.mktemp("dialogs-unchanged") / "demo.db", workers=40, seed=5)


@pytest.fixture
def office(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "office.db"
    shutil.copy(demo_file, path)
    db = open_database("sqlite:///" + str(path), create=True)
    yield db
    db.close()


def signed_in(db: Database, username: str) -> SessionUser:
    return auth.login(db, username, PASSWORD)


def state(db: Database) -> State:
    """Every table's row count, and of every versioned row its (row_version, updated_at)."""
    found: State = {}
    with db.read() as session:
        for table in Base.metadata.sorted_tables:
            found[f"{table.name}#"] = session.scalar(select(func.count()).select_from(table))
            if "row_version" in table.c and "updated_at" in table.c:
                found[table.name] = {str(r[0]): (r[1], r[2]) for r in session.execute(
                    select(table.c.id, table.c.row_version, table.c.updated_at))}
        found["audit_log"] = session.scalar(text("SELECT max(seq) FROM audit_log"))
    return found


def changes(before: State, after: State) -> list[str]:
    """The tables whose rows moved, for the assertion message."""
    return [key for key in before if before[key] != after.get(key)]


def press(qtbot, dialog: QDialog, which: QDialogButtonBox.StandardButton) -> None:  # type: ignore[no-untyped-def]
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    button = buttons.button(which)
    assert button is not None and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def each_unchanged(qtbot, db: Database, what: str, items: list[Any],  # type: ignore[no-untyped-def]
                   open_dialog: Callable[[Any], QDialog], which: QDialogButtonBox.StandardButton) -> int:
    """Open a dialog on each item, press its save button, and check nothing moved; how many were accepted."""
    assert items, f"the demo office has no {what}"
    accepted = 0
    before = state(db)
    for item in items:
        dialog = open_dialog(item)
        qtbot.addWidget(dialog)
        dialog.show()
        settled(qtbot, dialog)  # read on the database lane
        press(qtbot, dialog, which)
        settled(qtbot, dialog)  # stored (or refused) on the database lane
        after = state(db)
        assert after == before, f"saving {what} {item} unchanged changed {changes(before, after)}"
        accepted += dialog.result() == QDialog.DialogCode.Accepted
        dialog.close()
    return accepted


def test_demo_campaigns_saved_unchanged_change_nothing(qtbot, office: Database) -> None:  # type: ignore[no-untyped-def]
    """Campaigns whose standards are the office's (made before 0006) must not gain rows of their own."""
    from songnuan_desktop.ui.dialogs.campaign_dialog import CampaignDialog

    with office.read() as session:
        ids = list(session.scalars(select(Campaign.id).order_by(Campaign.start_date)))
    lanes = Lanes()
    for username in ("jingban", "shenpi"):  # the clerk, and the approver (who may also raise a budget)
        user = signed_in(office, username)
        def opened(campaign_id: Any, by: SessionUser = user) -> QDialog:
            return CampaignDialog(office, by, lanes, campaign_id)

        accepted = each_unchanged(qtbot, office, "campaign", ids, opened, QDialogButtonBox.StandardButton.Save)
        assert accepted == len(ids)  # saved (and closed), not refused


def test_demo_users_saved_unchanged_change_nothing(qtbot, office: Database) -> None:  # type: ignore[no-untyped-def]
    from songnuan_desktop.ui.dialogs.user_dialog import UserDialog

    admin = signed_in(office, "admin")
    rows = users.list_users(office, admin.office_id)
    accepted = each_unchanged(qtbot, office, "user", rows, lambda row: UserDialog(office, admin, Lanes(), row),
                              QDialogButtonBox.StandardButton.Ok)
    assert accepted == len(rows)


def test_a_dibao_line_saved_unchanged_adds_no_version(qtbot, office: Database) -> None:  # type: ignore[no-untyped-def]
    """The 低保线 dialog starts from a line of the table and today's date: OK with nothing changed added a copy of
    the line in force (a new version, its audit entry) every time."""
    from songnuan_desktop.ui.dialogs.dibao_dialog import DibaoDialog

    admin = signed_in(office, "admin")
    lines = settings.dibao_lines(office, admin.office_id)
    current = [line for line in lines if line == _in_force(lines, line)]
    accepted = each_unchanged(qtbot, office, "低保线", current, lambda line: DibaoDialog(office, admin, Lanes(), line),
                              QDialogButtonBox.StandardButton.Ok)
    assert accepted == len(current)


def _in_force(lines: list[settings.DibaoRow], line: settings.DibaoRow) -> settings.DibaoRow:
    same = [x for x in lines if (x.region_code, x.area) == (line.region_code, line.area)]
    return max(same, key=lambda x: x.effective_from)


def test_a_changed_dibao_line_is_still_added(qtbot, office: Database) -> None:  # type: ignore[no-untyped-def]
    """The other half: a new amount is a new version from the date chosen."""
    from songnuan_desktop.ui.dialogs.dibao_dialog import DibaoDialog

    admin = signed_in(office, "admin")
    lines = settings.dibao_lines(office, admin.office_id)
    dialog = DibaoDialog(office, admin, Lanes(), lines[0])
    qtbot.addWidget(dialog)
    dialog.ui.amount.setValue(dialog.ui.amount.value() + 20)
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    settled(qtbot, dialog)  # stored on the database lane
    assert len(settings.dibao_lines(office, admin.office_id)) == len(lines) + 1


def test_settings_parameters_saved_unchanged_change_nothing(qtbot, office: Database) -> None:  # type: ignore[no-untyped-def]
    """设置 › 参数: each value opened with 修改… and confirmed as shown writes no new version."""
    from songnuan_desktop.ui.screens.settings import READ_ONLY_KEYS, SettingsScreen

    admin = signed_in(office, "admin")
    screen = SettingsScreen(office, admin, Lanes())
    qtbot.addWidget(screen)
    screen.show()
    screen.refresh()
    settled(qtbot, screen.ui.tabs)  # read on the database lane
    table = screen.ui.parametersTable
    before = state(office)
    confirmed: list[str] = []

    def confirm() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog), dialog
        confirmed.append(dialog.windowTitle())
        dialog.accept()

    for row in range(table.rowCount()):
        key = table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        if key in READ_ONLY_KEYS:
            continue
        table.setCurrentCell(row, 0)
        QTimer.singleShot(0, confirm)
        qtbot.mouseClick(screen.ui.editParameter, Qt.MouseButton.LeftButton)
        settled(qtbot, screen.ui.tabs)  # stored (or found unchanged) on the database lane
        after = state(office)
        assert after == before, f"confirming {key} unchanged changed {changes(before, after)}"
    assert len(confirmed) == table.rowCount() - len(READ_ONLY_KEYS)


def test_a_changed_setting_is_still_a_new_version(qtbot, office: Database) -> None:  # type: ignore[no-untyped-def]
    admin = signed_in(office, "admin")
    old = settings.get(office, admin.office_id, "notice_working_days")
    settings.set_value(office, admin, "notice_working_days", old)  # unchanged: nothing
    assert settings.get(office, admin.office_id, "notice_working_days") == old
    before = state(office)["setting_versions#"]
    settings.set_value(office, admin, "notice_working_days", old + 2)
    assert settings.get(office, admin.office_id, "notice_working_days") == old + 2
    assert state(office)["setting_versions#"] == before + 1


def test_demo_visit_groups_saved_unchanged_change_nothing(qtbot, office: Database) -> None:  # type: ignore[no-untyped-def]
    from songnuan_desktop.ui.screens.visit_tools import GroupDialog
    from songnuan_desktop.ui.screens.visits import VisitsScreen

    clerk = signed_in(office, "jingban")
    screen = VisitsScreen(office, clerk, Lanes())
    qtbot.addWidget(screen)
    groups = visits.groups(office, clerk.office_id, include_inactive=True)
    accepted = each_unchanged(qtbot, office, "visit group", groups, lambda g: GroupDialog(screen, g, screen),
                              QDialogButtonBox.StandardButton.Save)
    assert accepted == len(groups)
    screen.lanes.wait()


def test_demo_visit_outcomes_saved_unchanged_change_nothing(qtbot, office: Database) -> None:  # type: ignore[no-untyped-def]
    """A visit whose outcome is recorded, opened in 登记走访结果 and saved as shown (a planned visit has none: its
    dialog offers 已走访 to record, which is a change)."""
    from songnuan_desktop.ui.dialogs.visit_dialogs import DONE, NOT_HOME, OutcomeDialog

    clerk = signed_in(office, "jingban")
    with office.read() as session:
        ids = list(session.scalars(select(Visit.id).where(Visit.outcome.in_((DONE, NOT_HOME)))
                                   .order_by(Visit.date).limit(15)))
    accepted = each_unchanged(qtbot, office, "visit outcome", ids,
                              lambda vid: OutcomeDialog(office, clerk, Lanes(), visits.get_visit(office, clerk, vid)),
                              QDialogButtonBox.StandardButton.Save)
    assert accepted == len(ids)


def test_a_list_item_opened_for_a_change_and_saved_unchanged_changes_nothing(qtbot, office: Database) -> None:  # type: ignore[no-untyped-def]
    """修改金额/类别 with nothing changed and no reason: refused in words at the field, nothing written."""
    from songnuan_desktop.domain.states import ItemState
    from songnuan_desktop.ui.dialogs.notice_dialogs import ItemChangeDialog

    clerk = signed_in(office, "jingban")
    items = _items(office, clerk, ItemState.DRAFT)[:8]
    assert items
    lanes = Lanes()
    before = state(office)
    for item in items:
        dialog = ItemChangeDialog(office, clerk, lanes, item, {}, None)
        qtbot.addWidget(dialog)
        dialog.show()
        press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
        settled(qtbot, dialog)
        assert dialog.isVisible() and "理由" in dialog.ui.error.text()
        assert state(office) == before, f"saving item {item.item_id} unchanged changed something"


def _items(db: Database, user: SessionUser, *states: Any) -> list[Any]:
    from songnuan_desktop.services.campaigns import approval_queue
    from songnuan_desktop.services.campaigns.approval_queue import QueueFilter

    with db.read() as session:
        campaign_ids = list(session.scalars(select(Campaign.id).order_by(Campaign.start_date)))
    return [item for cid in campaign_ids
            for item in approval_queue.campaign_items(db, user, cid, QueueFilter(states=tuple(states)))]


def test_a_list_item_saved_with_a_reason_but_no_change_writes_nothing(qtbot, office: Database) -> None:  # type: ignore[no-untyped-def]
    from songnuan_desktop.domain.states import ItemState
    from songnuan_desktop.ui.dialogs.notice_dialogs import ItemChangeDialog

    clerk = signed_in(office, "jingban")
    item = _items(office, clerk, ItemState.DRAFT)[0]
    before = state(office)
    dialog = ItemChangeDialog(office, clerk, Lanes(), item, {}, None)
    qtbot.addWidget(dialog)
    dialog.ui.reason.setText("核对无误")
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    settled(qtbot, dialog)
    after = state(office)
    assert after == before, f"changed {changes(before, after)}"

