"""活动 through the real widgets, over a demo office: a campaign made in the dialog, proposed by the
rules, a household refused a second item by hand, submitted, noticed by the reviewer, printed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog

from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.campaigns import transitions
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.proposal_dialogs import ProposalResultDialog
from songnuan_desktop.ui.screens import campaigns as campaigns_screen
from songnuan_desktop.ui.screens.campaigns import CampaignsScreen
from songnuan_desktop.workers.lanes import Lanes
from tests.demo_offices import DemoOffices
from tests.ui.helpers import settled, type_into

NAME = "2028年元旦春节送温暖"
WAIT = 15_000


@pytest.fixture
def demo(sqlite_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(sqlite_url, workers=160, seed=5)


def _user(db: Database, name: str) -> SessionUser:
    return auth.login(db, name, "songnuan2026")


def _screen(qtbot, db: Database, user: SessionUser) -> CampaignsScreen:  # type: ignore[no-untyped-def]
    screen = CampaignsScreen(db, user, Lanes())
    qtbot.addWidget(screen)
    screen.resize(1280, 720)
    screen.show()
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        screen.refresh()
    return screen


def _choose(qtbot, screen: CampaignsScreen, name: str) -> None:  # type: ignore[no-untyped-def]
    row = [s.name for s in screen.summaries].index(name)
    if screen.ui.campaigns.currentRow() == row:
        return
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        screen.ui.campaigns.selectRow(row)


def _show_state(qtbot, screen: CampaignsScreen, state: ItemState) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        screen.ui.stateFilter.setCurrentIndex(screen.ui.stateFilter.findData(state))
    screen.ui.items.selectAll()


def _budget_cell(screen: CampaignsScreen, column: int) -> str:
    item = screen.ui.budget.item(0, column)  # the total
    assert item is not None
    return item.text()


def _ok(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    buttons = dialog.ui.buttons
    button = buttons.button(QDialogButtonBox.StandardButton.Save) or buttons.button(QDialogButtonBox.StandardButton.Ok)
    button.click()
    settled(qtbot, dialog)  # stored (or refused) on the database lane


def test_a_campaign_from_the_dialog_to_a_printed_notice(qtbot, demo, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    clerk = _user(demo, "jingban")
    screen = _screen(qtbot, demo, clerk)
    assert screen.ui.budget.rowCount() > 1 and screen.model.rowCount() > 0  # the demo's newest campaign

    # a campaign made in the dialog: the office's standards are there before saving
    dialog = screen.new_campaign()
    settled(qtbot, dialog)  # the office's standards, read on the database lane
    assert dialog.ui.standards.rowCount() >= 3
    type_into(qtbot, dialog.ui.name, NAME)
    type_into(qtbot, dialog.ui.totalBudget, "20000")
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        _ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert screen.detail is not None and screen.detail.view.name == NAME
    assert screen.model.rowCount() == 0 and _budget_cell(screen, 3) == "0.00"
    assert _budget_cell(screen, 1) == "20,000.00"

    # 按规则推荐: the list first (who, why, amount; who was left out and why), added on confirmation;
    # the budget panel then shows what the list holds (tests/ui/test_papers_recommend.py: cancel adds nothing)
    screen.propose_all()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, ProposalResultDialog), timeout=WAIT)
    result = screen.dialog
    assert isinstance(result, ProposalResultDialog)
    assert "按规则可列入" in result.ui.summary.text() and result.ui.leftOut.rowCount() > 0
    assert screen.model.rowCount() == 0
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        result.ok.click()
    proposed = {i.file_id: i for i in screen.model.rows}
    assert proposed and _budget_cell(screen, 3) != "0.00"
    assert sum(i.amount_fen for i in proposed.values()) <= 2_000_000
    assert {i.state_label for i in screen.model.rows} == {"草稿"} and all("*" in i.id_number for i in screen.model.rows)

    # by hand: a household already in the list is refused a second item, named, and nothing is added
    picker = screen.add_files()
    assert picker is not None
    qtbot.waitUntil(lambda: bool(picker.rows), timeout=WAIT)
    row = next(r for r, f in enumerate(picker.rows) if f.id in proposed)
    picker.select_rows([row])
    _ok(qtbot, picker)
    assert picker.isVisible() and picker.ui.refusals.isVisible()
    assert "不能列入名单" in picker.ui.refusalsLabel.text()
    who, reason = picker.ui.refusals.item(0, 0).text(), picker.ui.refusals.item(0, 1).text()
    assert picker.rows[row].name in who and "不得重复救助" in reason
    picker.reject()

    # void one draft; its household can then be added by hand again
    voided = screen.model.rows[0]
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("重复录入", True)))
    screen.ui.items.selectRow(0)
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        screen.void_selected()
    picker = screen.add_files()
    assert picker is not None
    qtbot.waitUntil(lambda: bool(picker.rows), timeout=WAIT)
    picker.select_rows([next(r for r, f in enumerate(picker.rows) if f.id == voided.file_id)])
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        _ok(qtbot, picker)
    assert not picker.isVisible() and "列入名单 1 户" in screen.ui.message.text()

    # submit every draft (草稿 → 待审核)
    _show_state(qtbot, screen, ItemState.DRAFT)
    drafts = screen.model.rowCount()
    assert len(screen.selected_items()) == drafts == len(proposed)
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        screen.submit_selected()
    assert screen.model.rowCount() == 0  # no drafts left
    _show_state(qtbot, screen, ItemState.SUBMITTED)
    assert screen.model.rowCount() == drafts

    # the reviewer passes them (the approval screen's work) and starts the notice here
    reviewer = _user(demo, "shenhe")
    transitions.transition(demo, reviewer, [i.item_id for i in screen.model.rows], ItemState.REVIEWED)
    review = _screen(qtbot, demo, reviewer)
    _choose(qtbot, review, NAME)
    _show_state(qtbot, review, ItemState.REVIEWED)
    notice = review.start_notice()
    assert notice is not None
    settled(qtbot, notice)  # the earlier notice's place and contact, read on the database lane
    type_into(qtbot, notice.ui.place, "镇政务公开栏")
    type_into(qtbot, notice.ui.contact, "王审核 0855-1234567")
    notice.ui.startDate.setDate(QDate(2026, 11, 23))
    notice.ui.workingDays.setValue(5)
    assert notice.ui.endDate.text().startswith("2026-11-27")  # Mon … Fri
    notice.ui.startDate.setDate(QDate(2027, 9, 27))
    assert "推算" in notice.ui.calendarNote.text()  # 2027's holidays are estimated: said beside the date
    notice.ui.startDate.setDate(QDate(dt.date.today()))
    with qtbot.waitSignal(review.loaded, timeout=WAIT):
        _ok(qtbot, notice)
    assert review.model.rowCount() == 0
    _show_state(qtbot, review, ItemState.IN_NOTICE)
    assert review.model.rowCount() == drafts and review.model.rows[0].notice_end is not None

    # 打印公示 in the background, then the preview to print or save (tests/ui/test_papers_notice.py)
    with qtbot.waitSignal(review.previewed, timeout=WAIT) as shown:
        review.ui.printNotice.click()
    preview = shown.args[0]
    qtbot.addWidget(preview)
    target = preview.save_to(tmp_path / "公示.pdf")
    assert preview.page_count() >= 1 and target.read_bytes().startswith(b"%PDF")


def test_refusals_are_shown_with_each_item(qtbot, demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Submitting items that are not drafts: the service's refusal, every item named."""
    shown: list[BaseException] = []
    monkeypatch.setattr(campaigns_screen, "show_refusal", lambda parent, exc: shown.append(exc))
    screen = _screen(qtbot, demo, _user(demo, "jingban"))
    _show_state(qtbot, screen, ItemState.IN_NOTICE)
    count = screen.model.rowCount()
    assert count > 0
    screen.submit_selected()
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT)
    assert "不能提交审核" in str(shown[0]) and len(getattr(shown[0], "refusals", ())) == count


def test_buttons_follow_the_roles(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    finance = _screen(qtbot, demo, _user(demo, "caiwu"))
    assert finance.ui.proposeAll.isHidden() and finance.ui.startNotice.isHidden()
    assert not finance.ui.printNotice.isHidden()
    reviewer = _screen(qtbot, demo, _user(demo, "shenhe"))
    assert reviewer.ui.proposeAll.isHidden() and not reviewer.ui.startNotice.isHidden()


def test_raising_a_budget_is_the_approvers_with_a_reason_and_a_stale_save_is_refused(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    clerk = _screen(qtbot, demo, _user(demo, "jingban"))
    dialog = clerk.edit_campaign()
    assert dialog is not None
    settled(qtbot, dialog)  # the campaign read on the database lane
    assert dialog.view is not None and not dialog.ui.reason.isEnabled()
    raised = str(dialog.view.total_budget_fen // 100 + 1000)
    type_into(qtbot, dialog.ui.totalBudget, raised)
    _ok(qtbot, dialog)
    assert dialog.isVisible() and "审批人" in dialog.ui.error.text()  # the service's refusal, as it words it

    approver = _screen(qtbot, demo, _user(demo, "shenpi"))
    first, second = approver.edit_campaign(), approver.edit_campaign()
    assert first is not None and second is not None
    settled(qtbot, first)
    settled(qtbot, second)
    type_into(qtbot, first.ui.totalBudget, raised)
    _ok(qtbot, first)
    assert first.isVisible() and "理由" in first.ui.error.text()
    type_into(qtbot, first.ui.reason, "县总工会追加拨付")
    with qtbot.waitSignal(approver.loaded, timeout=WAIT):
        _ok(qtbot, first)
    assert not first.isVisible() and _budget_cell(approver, 1) == f"{int(raised):,}.00"
    type_into(qtbot, second.ui.note, "another change")
    _ok(qtbot, second)
    assert second.isVisible() and "已被他人修改" in second.ui.error.text()


def test_the_items_model_passes_the_model_tester(qtbot, qtmodeltester, demo) -> None:  # type: ignore[no-untyped-def]
    """Qt's own consistency checks over the campaign's items as loaded, and after a reload (issue 17 item 8)."""
    screen = _screen(qtbot, demo, _user(demo, "jingban"))
    _choose(qtbot, screen, screen.summaries[0].name)
    assert screen.model.rowCount() > 0
    qtmodeltester.check(screen.model, force_py=True)
    _choose(qtbot, screen, screen.summaries[-1].name)
    qtmodeltester.check(screen.model, force_py=True)
