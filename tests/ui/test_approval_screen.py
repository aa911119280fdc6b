"""审批 through the real widgets over a demo office: each role's queue, batch decisions in one
transaction, refusals listed with nothing changed, the reason asked for, full numbers logged."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import select

from songnuan_desktop.domain.roles import Role
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import AssistanceItem, Campaign, ItemTransition, Notice, User
from songnuan_desktop.services.access import auth, users
from songnuan_desktop.services.campaigns import transitions
from songnuan_desktop.demo.data import DEMO_TODAY
from songnuan_desktop.ui.screens.approval import ApprovalScreen
from songnuan_desktop.workers.lanes import Lanes
from tests.ui.helpers import type_into
from tests.demo_offices import DemoOffices

PASSWORD = "songnuan2026"
WINTER = "2027年元旦春节送温暖"
S = ItemState


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Path:
    return demo_offices.file(tmp_path_factory.mktemp("approval-screen") / "demo.db", workers=300, seed=7)


@pytest.fixture
def office(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    """A copy of the demo office per test: the tests decide and the next one starts afresh."""
    path = tmp_path / "office.db"
    shutil.copy(demo_file, path)
    db = open_database("sqlite:///" + str(path), create=True)
    yield db
    db.close()


def opened(qtbot, db: Database, username: str, today: dt.date = DEMO_TODAY) -> ApprovalScreen:  # type: ignore[no-untyped-def]
    screen = ApprovalScreen(db, auth.login(db, username, PASSWORD), Lanes())
    screen.today = today  # the demo office's "today"
    qtbot.addWidget(screen)
    screen.resize(1280, 720)
    screen.show()
    with qtbot.waitSignal(screen.model.modelReset, timeout=10_000):
        screen.refresh()
    return screen


def reloaded(qtbot, screen: ApprovalScreen, action) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(screen.model.modelReset, timeout=10_000):
        action()


def only_state(qtbot, screen: ApprovalScreen, state: ItemState) -> None:  # type: ignore[no-untyped-def]
    reloaded(qtbot, screen, lambda: screen.ui.state.setCurrentIndex(screen.ui.state.findData(state)))


def tick(screen: ApprovalScreen, count: int, group: int = 0) -> list[uuid.UUID]:
    """Ticks the boxes of the first `count` items as a click on each box does."""
    model = screen.model
    top = model.index(group, 0)
    for row in range(count):
        model.setData(model.index(row, 0, top), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    return [i.item_id for i in model.checked_items()]


def states_of(db: Database, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    with db.read() as session:
        rows = session.execute(select(AssistanceItem.id, AssistanceItem.state).where(AssistanceItem.id.in_(ids)))
        return {item_id: state for item_id, state in rows}


def approve(qtbot, screen: ApprovalScreen) -> None:  # type: ignore[no-untyped-def]
    screen.ui.approve.click()
    assert screen.confirm is not None
    screen.confirm.button(QMessageBox.StandardButton.Yes).click()


def test_the_reviewer_sees_submitted_items_and_reviews_a_selection(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, office, "shenhe")
    assert {i.state for i in screen.model.items()} == {S.SUBMITTED, S.REVIEWED, S.OBJECTION}
    assert not screen.ui.approve.isVisible() and screen.ui.review.isVisible()
    only_state(qtbot, screen, S.SUBMITTED)
    submitted = len(screen.model.items())
    assert submitted > 3 and {i.state for i in screen.model.items()} == {S.SUBMITTED}
    assert not screen.ui.review.isEnabled()  # nothing ticked yet
    ids = tick(screen, 3)
    assert screen.ui.review.isEnabled() and "已勾选 3 项" in screen.ui.ticked.text()
    reloaded(qtbot, screen, screen.ui.review.click)
    assert screen.ui.outcome.text() == "已初审通过 3 项。"
    assert set(states_of(office, ids).values()) == {"reviewed"}
    assert len(screen.model.items()) == submitted - 3 and not screen.model.checked


def test_the_pane_beside_shows_the_file_its_eligibility_history_and_objection(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, office, "shenhe")
    only_state(qtbot, screen, S.OBJECTION)
    item = screen.model.items()[0]
    model = screen.model
    screen.ui.queue.setCurrentIndex(model.index(0, 0, model.index(0, 0)))
    qtbot.waitUntil(lambda: "正在读取" not in screen.ui.detail.toPlainText(), timeout=10_000)
    text = screen.ui.detail.toPlainText()
    for expected in (item.name, item.file_no, item.unit, "家庭人口", "月人均收入", "提名时", item.reason[:10],
                     "异议", "未处理", "吴晓燕", "潘国强", "公示中 → 异议", "认定"):
        assert expected in text, expected
    assert "*" in item.id_number and item.id_number in text


def test_the_proposer_cannot_review_their_own_items(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    """They are listed greyed (tests/ui/test_approval_four_eyes.py), never ticked for review."""
    admin = auth.login(office, "admin", PASSWORD)
    with office.read() as session:
        clerk_id = session.scalars(select(User.id).where(User.username == "jingban")).one()
    users.update_user(office, admin, clerk_id, "吴晓燕", frozenset({Role.CLERK, Role.REVIEWER}), True)
    screen = opened(qtbot, office, "jingban")  # proposed every item of the demo, and may now review too
    only_state(qtbot, screen, S.SUBMITTED)
    assert screen.model.items() and all(i.own for i in screen.model.items())
    screen.ui.tickAll.click()
    assert not screen.model.checked and not screen.ui.review.isEnabled()
    reviewer = opened(qtbot, office, "shenhe")
    only_state(qtbot, reviewer, S.SUBMITTED)
    assert reviewer.model.items()


def test_returning_asks_for_the_reason_and_keeps_it(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, office, "shenhe")
    only_state(qtbot, screen, S.SUBMITTED)
    ids = tick(screen, 2)
    screen.ui.returnItems.click()
    dialog = screen.reason_dialog
    assert dialog is not None and dialog.isVisible()
    ok = dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # no reason, no return
    type_into(qtbot, dialog.ui.reason, "缺少收入证明，请补充后重新提交")
    assert ok.isEnabled()
    reloaded(qtbot, screen, ok.click)
    assert screen.ui.outcome.text() == "已退回 2 项。"
    assert set(states_of(office, ids).values()) == {"returned"}
    with office.read() as session:
        comments = set(session.scalars(select(ItemTransition.comment).where(ItemTransition.item_id.in_(ids),
                                                                            ItemTransition.to_state == "returned")))
    assert comments == {"缺少收入证明，请补充后重新提交"}


def test_the_approver_approves_the_noticed_items_of_a_campaign(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, office, "shenpi")
    [group] = screen.model.groups
    assert group.campaign_name == WINTER and {i.state for i in group.items} == {S.IN_NOTICE}
    assert not screen.ui.review.isVisible() and not screen.ui.fullNumbers.isVisible()  # approvers see masked only
    screen.ui.queue.setCurrentIndex(screen.model.index(0, 0))
    screen.ui.tickCampaign.click()
    assert screen.model.checked == {i.item_id for i in group.items}
    assert screen.model.data(screen.model.index(0, 0), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    reloaded(qtbot, screen, lambda: approve(qtbot, screen))
    assert screen.ui.outcome.text() == f"已审批通过 {len(group.items)} 项。"
    assert set(states_of(office, [i.item_id for i in group.items]).values()) == {"approved"}
    assert screen.model.items() == []


def test_approving_during_the_notice_is_refused_with_a_list_and_nothing_changes(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    with office.read() as session:
        notice_end = session.scalars(select(Notice.end_date).join(Campaign).where(Campaign.name == WINTER)).one()
    screen = opened(qtbot, office, "shenpi", today=notice_end)  # the last day of the notice
    ids = tick(screen, 4)
    assert all("公示期至" in i.waiting for i in screen.model.items())
    assert not screen.ui.queue.isColumnHidden(7)  # the note column says why they wait
    approve(qtbot, screen)
    qtbot.waitUntil(lambda: screen.refusal_dialog is not None and screen.refusal_dialog.isVisible(), timeout=10_000)
    rows = screen.refusal_dialog.rows()  # type: ignore[union-attr]
    assert len(rows) == 4 and all("公示期" in why for _who, why in rows)
    assert all("档案" in who for who, _why in rows)
    assert "本次全部未作改动" in screen.refusal_dialog.ui.summary.text()  # type: ignore[union-attr]
    assert set(states_of(office, ids).values()) == {"in_notice"}
    assert screen.model.checked == set(ids)  # the ticks stay, to act once the notice is over


def test_the_four_eyes_rule_refuses_the_whole_batch_naming_the_item(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, office, "shenpi")
    ids = tick(screen, 5)
    approver_id = screen.user.id
    with office.engine.begin() as conn:  # meanwhile the approver is recorded as one item's reviewer
        conn.execute(AssistanceItem.__table__.update().where(AssistanceItem.id == ids[2])
                     .values(reviewed_by=approver_id))
    approve(qtbot, screen)
    qtbot.waitUntil(lambda: screen.refusal_dialog is not None and screen.refusal_dialog.isVisible(), timeout=10_000)
    rows = screen.refusal_dialog.rows()  # type: ignore[union-attr]
    assert len(rows) == 1 and rows[0][0].startswith(screen.model.checked_items()[2].name)
    assert "四眼原则" in rows[0][1] and "初审" in rows[0][1]
    assert set(states_of(office, ids).values()) == {"in_notice"}  # the other four did not move either


def test_full_numbers_for_the_reviewer_only_when_asked_and_logged(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    from songnuan_desktop.services.audit import audit_log

    screen = opened(qtbot, office, "shenhe")
    assert "*" in screen.model.items()[0].id_number and screen.ui.fullNumbers.isVisible()
    reloaded(qtbot, screen, lambda: screen.ui.fullNumbers.setChecked(True))
    assert "*" not in screen.model.items()[0].id_number
    assert audit_log.recent(office, 1)[0].action == "list_full_numbers"
    reloaded(qtbot, screen, lambda: screen.ui.fullNumbers.setChecked(False))
    assert "*" in screen.model.items()[0].id_number


def test_filters_and_the_model_tester(qtbot, qtmodeltester, office) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, office, "shenhe")
    everything = len(screen.model.items())
    qtmodeltester.check(screen.model, force_py=True)
    name = screen.model.items()[5].name
    reloaded(qtbot, screen, lambda: type_into(qtbot, screen.ui.search, name))
    assert 0 < len(screen.model.items()) < everything and all(name in i.name for i in screen.model.items())
    reloaded(qtbot, screen, lambda: screen.ui.search.clear())
    category = screen.model.items()[0].category
    reloaded(qtbot, screen, lambda: screen.ui.category.setCurrentIndex(screen.ui.category.findData(category)))
    assert {i.category for i in screen.model.items()} == {category}
    assert screen.ui.campaign.findText(WINTER) > 0  # the campaigns of the office are offered


def test_space_ticks_the_highlighted_row_in_any_column(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, office, "shenhe")
    model = screen.model
    screen.ui.queue.setCurrentIndex(model.index(2, 4, model.index(0, 0)))  # the amount column
    qtbot.keyClick(screen.ui.queue, Qt.Key.Key_Space)
    assert model.checked == {model.items()[2].item_id}
    qtbot.keyClick(screen.ui.queue, Qt.Key.Key_Space)
    assert model.checked == set()
    screen.ui.queue.setCurrentIndex(model.index(0, 0))  # the campaign row: all its items
    qtbot.keyClick(screen.ui.queue, Qt.Key.Key_Space)
    assert model.checked == {i.item_id for i in model.items()} and not screen.ui.review.isEnabled()
    assert "请在筛选中选定一种状态" in screen.ui.ticked.text()  # submitted, reviewed and objections ticked together


def test_ticking_all_1500_items_and_approving_is_one_call(qtbot, tmp_path, monkeypatch,  # type: ignore[no-untyped-def]
                                                          demo_offices: DemoOffices) -> None:
    """Issue 4: 1,500 items approved in one action — one transaction, one call of the service."""
    # build_demo(workers=5_000, seed=7), a copy of the run's build: this winter's campaign reaches its 1,500 items
    db = open_database("sqlite:///" + str(demo_offices.file(tmp_path / "big.db", workers=5_000, seed=7)))
    try:
        with db.read() as session:
            campaign_id, notice_id = session.execute(
                select(Campaign.id, Notice.id).join(Notice, Notice.campaign_id == Campaign.id)
                .where(Campaign.name == WINTER)).one()
            clerk, reviewer = (session.scalars(select(User.id).where(User.username == name)).one()
                               for name in ("jingban", "shenhe"))
        with db.engine.begin() as conn:  # every item proposed, reviewed and in the notice that is over
            conn.execute(AssistanceItem.__table__.update().where(AssistanceItem.campaign_id == campaign_id).values(
                state="in_notice", notice_id=notice_id, proposed_by=clerk, reviewed_by=reviewer, approved_by=None))
        calls: list[int] = []
        real = transitions.transition

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(len(args[2]))
            return real(*args, **kwargs)

        monkeypatch.setattr(transitions, "transition", counted)
        screen = opened(qtbot, db, "shenpi")
        assert len(screen.model.items()) == 1_500
        screen.ui.tickAll.click()
        assert "已勾选 1500 项" in screen.ui.ticked.text() and screen.ui.approve.isEnabled()
        reloaded(qtbot, screen, lambda: approve(qtbot, screen))
        assert calls == [1_500]
        assert screen.ui.outcome.text() == "已审批通过 1500 项。" and screen.model.items() == []
        with db.read() as session:
            states = set(session.scalars(select(AssistanceItem.state).where(AssistanceItem.campaign_id == campaign_id)))
        assert states == {"approved"}
    finally:
        db.close()
