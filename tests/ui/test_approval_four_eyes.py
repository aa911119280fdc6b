"""Four eyes in words (issue 13, item 5) and reading 审批 at 1366×768 (item 6), through the real screen
over a demo office: the user's own items are listed greyed with 本人经办，须由他人审核 and cannot be ticked
(they used to vanish without a word); a batch with refused items lists them and offers 仅处理可以办理的
N 项, which does the others in one transaction while 关闭 does nothing; a double-click opens the file;
the note column (说明) is never cut off."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import func, select, update

from songnuan_desktop.domain.roles import Role
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import AssistanceItem, AuditEntry, User
from songnuan_desktop.services.access import auth, users
from songnuan_desktop.services.campaigns import transitions
from songnuan_desktop.demo.data import DEMO_TODAY
from songnuan_desktop.ui.dialogs.approval_dialogs import RefusalDialog
from songnuan_desktop.ui.models.approval_queue_model import OWN_COLOUR
from songnuan_desktop.ui.screens.approval import NOTE, ApprovalScreen
from songnuan_desktop.workers.lanes import Lanes
from tests.ui.helpers import settled
from tests.demo_offices import DemoOffices

PASSWORD = "songnuan2026"
S = ItemState
OWN = "本人经办，须由他人审核"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Path:
    return demo_offices.file(tmp_path_factory.mktemp("four-eyes") / "demo.db", workers=300, seed=7)


@pytest.fixture
def office(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "office.db"
    shutil.copy(demo_file, path)
    db = open_database("sqlite:///" + str(path), create=True)
    yield db
    db.close()


def user_id(db: Database, username: str) -> uuid.UUID:
    with db.read() as session:
        return session.scalars(select(User.id).where(User.username == username)).one()


def clerk_may_review(db: Database) -> None:
    """The demo clerk (who proposed every item) also becomes a reviewer, as in a small office."""
    admin = auth.login(db, "admin", PASSWORD)
    users.update_user(db, admin, user_id(db, "jingban"), "吴晓燕", frozenset({Role.CLERK, Role.REVIEWER}), True)


def opened(qtbot, db: Database, username: str, width: int = 1366 - 190, today: dt.date = DEMO_TODAY):  # type: ignore[no-untyped-def]
    """The screen as wide as it is in the main window at 1366 px (the navigation takes about 190)."""
    screen = ApprovalScreen(db, auth.login(db, username, PASSWORD), Lanes())
    screen.today = today
    qtbot.addWidget(screen)
    screen.resize(width, 768 - 100)
    screen.show()
    with qtbot.waitSignal(screen.model.modelReset, timeout=10_000):
        screen.refresh()
    return screen


def only_state(qtbot, screen: ApprovalScreen, state: ItemState) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(screen.model.modelReset, timeout=10_000):
        screen.ui.state.setCurrentIndex(screen.ui.state.findData(state))


def item_index(screen: ApprovalScreen, item_id: uuid.UUID, column: int = 0):  # type: ignore[no-untyped-def]
    model = screen.model
    for g, group in enumerate(model.groups):
        for row, item in enumerate(group.items):
            if item.item_id == item_id:
                return model.index(row, column, model.index(g, 0))
    raise AssertionError("not in the queue")


def states_of(db: Database, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    with db.read() as session:
        rows = session.execute(select(AssistanceItem.id, AssistanceItem.state).where(AssistanceItem.id.in_(ids)))
        return {item_id: state for item_id, state in rows}


def audit_count(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_own_items_are_listed_greyed_with_the_reason_and_cannot_be_ticked(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    clerk_may_review(office)
    screen = opened(qtbot, office, "jingban")
    only_state(qtbot, screen, S.SUBMITTED)
    model = screen.model
    own = model.items()
    assert len(own) > 5 and all(i.own and i.actions == () and i.waiting == OWN for i in own)
    first = item_index(screen, own[0].item_id)
    assert model.data(first.siblingAtColumn(NOTE)) == OWN and not screen.ui.queue.isColumnHidden(NOTE)
    assert model.data(first, Qt.ItemDataRole.ForegroundRole).color() == OWN_COLOUR
    assert model.data(first, Qt.ItemDataRole.CheckStateRole) is None  # no box to tick
    assert not model.flags(first) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.flags(first) & Qt.ItemFlag.ItemIsSelectable  # still read in the pane and opened
    screen.ui.tickAll.click()
    model.setData(first, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    screen.ui.queue.setCurrentIndex(first)
    qtbot.keyClick(screen.ui.queue, Qt.Key.Key_Space)
    assert model.checked == set() and not screen.ui.review.isEnabled()
    assert f"其中本人经办 {len(own)} 项" in screen.ui.count.text()
    assert f"其中本人经办 {len(own)} 项" in model.data(model.index(0, 0))
    qtbot.waitUntil(lambda: OWN in screen.ui.detail.toPlainText(), timeout=10_000)  # the pane says it too
    reviewer = opened(qtbot, office, "shenhe")  # another reviewer sees the same items to decide
    only_state(qtbot, reviewer, S.SUBMITTED)
    assert {i.item_id for i in reviewer.model.items()} == {i.item_id for i in own}
    assert not any(i.own for i in reviewer.model.items())


def test_the_model_with_own_items_passes_the_model_tester(qtbot, qtmodeltester, office) -> None:  # type: ignore[no-untyped-def]
    clerk_may_review(office)
    screen = opened(qtbot, office, "jingban")
    assert any(i.own for i in screen.model.items()) and not all(i.own for i in screen.model.items())
    qtmodeltester.check(screen.model, force_py=True)


def test_own_items_come_after_those_to_decide_and_the_others_can_still_be_ticked(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    clerk_may_review(office)
    reviewer_id = user_id(office, "shenhe")
    screen = opened(qtbot, office, "jingban")
    only_state(qtbot, screen, S.SUBMITTED)
    theirs = screen.model.items()[-1].item_id
    with office.engine.begin() as conn:  # one submitted item is the other reviewer's proposal
        conn.execute(update(AssistanceItem).where(AssistanceItem.id == theirs)
                     .values(proposed_by=reviewer_id))
    with qtbot.waitSignal(screen.model.modelReset, timeout=10_000):
        screen.ui.reload.click()
    items = screen.model.items()
    assert items[0].item_id == theirs and not items[0].own and all(i.own for i in items[1:])
    screen.ui.tickAll.click()
    assert screen.model.checked == {theirs} and screen.ui.review.isEnabled()
    assert screen.model.data(screen.model.index(0, 0), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


def approve_ticked(qtbot, screen: ApprovalScreen) -> RefusalDialog:  # type: ignore[no-untyped-def]
    screen.ui.approve.click()
    assert screen.confirm is not None
    screen.confirm.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: screen.refusal_dialog is not None and screen.refusal_dialog.isVisible(), timeout=10_000)
    assert screen.refusal_dialog is not None
    return screen.refusal_dialog


def mixed_batch(qtbot, office) -> tuple[ApprovalScreen, list[uuid.UUID], list[uuid.UUID]]:  # type: ignore[no-untyped-def]
    """The approver ticks six items; meanwhile they are recorded as one item's reviewer (four eyes) and
    another item is returned by someone else (wrong state): two refused, four that can be done."""
    screen = opened(qtbot, office, "shenpi")
    model = screen.model
    for row in range(6):
        model.setData(model.index(row, 0, model.index(0, 0)), Qt.CheckState.Checked.value,
                      Qt.ItemDataRole.CheckStateRole)
    ticked = [i.item_id for i in model.checked_items()]
    with office.engine.begin() as conn:
        conn.execute(update(AssistanceItem).where(AssistanceItem.id == ticked[1]).values(reviewed_by=screen.user.id))
        conn.execute(update(AssistanceItem).where(AssistanceItem.id == ticked[4]).values(state="returned"))
    refused = [ticked[1], ticked[4]]
    return screen, ticked, refused


def test_a_mixed_batch_lists_the_refusals_and_does_only_the_others(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    screen, ticked, refused = mixed_batch(qtbot, office)
    names = {i.item_id: i.name for i in screen.model.items()}
    dialog = approve_ticked(qtbot, screen)
    rows = dialog.rows()
    assert len(rows) == 2
    assert rows[0][0].startswith(names[refused[0]]) and "四眼原则" in rows[0][1] and "初审" in rows[0][1]
    assert rows[1][0].startswith(names[refused[1]]) and "当前为“退回”" in rows[1][1]
    assert "其余 4 项可以办理" in dialog.ui.summary.text()
    assert dialog.the_rest is not None and dialog.the_rest.text() == "仅处理可以办理的 4 项"
    assert set(states_of(office, ticked).values()) == {"in_notice", "returned"}  # nothing moved yet
    with qtbot.waitSignal(screen.model.modelReset, timeout=10_000):
        dialog.the_rest.click()
    states = states_of(office, ticked)
    assert [i for i in ticked if states[i] == "approved"] == [i for i in ticked if i not in refused]
    assert (states[refused[0]], states[refused[1]]) == ("in_notice", "returned")  # the refused untouched
    assert screen.ui.outcome.text() == "已审批通过 4 项。被拒绝的 2 项未作改动，仍保持勾选。"
    assert screen.model.checked == {refused[0]}  # the returned one left the approver's queue


def test_the_rest_is_one_transaction(qtbot, office, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    screen, ticked, refused = mixed_batch(qtbot, office)
    calls: list[list[uuid.UUID]] = []
    real = transitions.transition

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(list(args[2]))
        return real(*args, **kwargs)

    monkeypatch.setattr(transitions, "transition", counted)
    dialog = approve_ticked(qtbot, screen)
    assert dialog.the_rest is not None
    with qtbot.waitSignal(screen.model.modelReset, timeout=10_000):
        dialog.the_rest.click()
    assert calls == [ticked, [i for i in ticked if i not in refused]]


def test_closing_the_refusal_changes_nothing(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    screen, ticked, _refused = mixed_batch(qtbot, office)
    before, audits = states_of(office, ticked), audit_count(office)
    dialog = approve_ticked(qtbot, screen)
    close = dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Close)
    assert close.isDefault()  # Enter closes: doing part of a batch is always chosen
    close.click()
    qtbot.wait(200)
    assert states_of(office, ticked) == before and audit_count(office) == audits
    assert screen.model.checked == set(ticked) and not screen.busy


def test_a_batch_refused_whole_offers_nothing_more(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, office, "shenpi")
    model = screen.model
    model.setData(model.index(0, 0, model.index(0, 0)), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    [only] = [i.item_id for i in model.checked_items()]
    with office.engine.begin() as conn:
        conn.execute(update(AssistanceItem).where(AssistanceItem.id == only)
                     .values(reviewed_by=screen.user.id))
    dialog = approve_ticked(qtbot, screen)
    assert dialog.the_rest is None and len(dialog.ui.buttons.buttons()) == 1


def test_double_click_opens_the_items_file_read_only_for_the_approver(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, office, "shenpi")
    item = screen.model.items()[2]
    index = item_index(screen, item.item_id, 1)
    view = screen.ui.queue
    view.scrollTo(index)
    point = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)  # Qt opens what was pressed
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: screen.form is not None and screen.form.isVisible(), timeout=10_000)
    form = screen.form
    settled(qtbot, form)  # the file read on the database lane
    assert form is not None and form.detail is not None and form.detail.id == item.file_id
    assert form.ui.name.text() == item.name
    assert not form.ui.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()  # approvers read only
    form.close()


def test_enter_opens_the_file_too_and_a_clerk_may_edit_it(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    clerk_may_review(office)
    screen = opened(qtbot, office, "jingban")
    item = screen.model.items()[0]
    screen.ui.queue.setCurrentIndex(item_index(screen, item.item_id))
    qtbot.keyClick(screen.ui.queue, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.form is not None and screen.form.isVisible(), timeout=10_000)
    assert screen.form is not None
    settled(qtbot, screen.form)  # the file read on the database lane
    assert screen.form.detail is not None and screen.form.detail.id == item.file_id
    assert screen.form.ui.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    screen.form.close()


def test_the_note_column_shows_whole_at_1366(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    clerk_may_review(office)
    screen = opened(qtbot, office, "jingban")  # all states: the own items are far down the list
    view = screen.ui.queue
    metrics = view.fontMetrics()
    assert view.columnWidth(NOTE) >= metrics.horizontalAdvance(OWN) + 8
    shown = sum(view.columnWidth(c) for c in range(screen.model.columnCount()) if not view.isColumnHidden(c))
    assert shown <= view.viewport().width()  # nothing beyond the right edge
    approver = opened(qtbot, office, "shenpi", today=DEMO_TODAY - dt.timedelta(days=30))  # notices running
    note = approver.model.data(item_index(approver, approver.model.items()[0].item_id, NOTE))
    assert note.startswith("公示至 ")
    view = approver.ui.queue
    assert view.columnWidth(NOTE) >= view.fontMetrics().horizontalAdvance(note) + 8


def test_a_long_outcome_stays_on_one_line_and_moves_nothing(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, office, "shenpi")
    before = screen.ui.queue.geometry()
    long = "不能审批通过：共 40 项被拒绝，本次全部未作改动。" * 6
    screen.ui.outcome.setText(long)
    qtbot.wait(50)
    assert screen.ui.queue.geometry() == before  # the list does not jump under the mouse
    assert screen.ui.outcome.text() == long and screen.ui.outcome.toolTip() == long  # whole in the tooltip
