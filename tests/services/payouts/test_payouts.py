"""Confirming payouts and reconciling a campaign, on SQLite and PostgreSQL: paid once ever (a second
attempt names the date and who), finance only, dates checked, a roster page at once, and the
reconciliation's figures on the demo beside the budget, with a mismatch said in words."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from songnuan_desktop.documents.roster_pdf import ROWS_PER_PAGE
from songnuan_desktop.domain.errors import BatchRefused, PermissionDenied, ValidationFailed
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, Campaign, ItemTransition, Voucher, WorkerFile
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.campaigns.campaign_budget import budget_status
from songnuan_desktop.services.payouts.payouts import mark_paid, reconciliation
from songnuan_desktop.services.payouts.roster import roster_pages
from songnuan_desktop.services.office.session_user import SessionUser
from tests.demo_offices import DemoOffices

LAST_WINTER = "2026年元旦春节送温暖"
STUDENT_AID = "2026年金秋助学"
THIS_WINTER = "2027年元旦春节送温暖"
PAY_DAY = dt.date(2026, 9, 25)  # after 金秋助学's approval on 2026-09-09


@pytest.fixture
def demo(db_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(db_url, workers=300, seed=2)


def user(db: Database, name: str) -> SessionUser:
    return auth.login(db, name, "songnuan2026")


def campaign_id(db: Database, name: str) -> uuid.UUID:
    with db.read() as session:
        return session.scalars(select(Campaign.id).where(Campaign.name == name)).one()


def approved(db: Database, name: str) -> list[uuid.UUID]:
    with db.read() as session:
        return list(session.scalars(
            select(AssistanceItem.id).join(Campaign).join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
            .where(Campaign.name == name, AssistanceItem.state == "approved").order_by(WorkerFile.file_no)))


def test_an_item_is_paid_once_and_a_second_attempt_names_the_date_and_who(demo: Database) -> None:
    finance = user(demo, "caiwu")
    item = approved(demo, STUDENT_AID)[0]
    done = mark_paid(demo, finance, [item], PAY_DAY, "cash")
    assert done.count == 1
    with demo.read() as session:
        row = session.get(AssistanceItem, item)
        assert row is not None
        assert (row.state, row.paid_on, row.paid_by, row.paid_method) == ("paid", PAY_DAY, finance.id, "cash")
        move = session.scalars(select(ItemTransition).where(ItemTransition.item_id == item,
                                                            ItemTransition.to_state == "paid")).one()
        assert move.actor_id == finance.id and "2026-09-25" in move.comment
    with pytest.raises(BatchRefused) as again:
        mark_paid(demo, finance, [item], PAY_DAY + dt.timedelta(days=1), "cash")
    assert "已于 2026年9月25日 由 张丽萍 确认发放" in again.value.message


def test_a_paid_and_sampled_item_of_last_winter_is_never_paid_again(demo: Database) -> None:
    with demo.read() as session:
        sampled = session.scalars(select(AssistanceItem.id).join(Campaign).where(
            Campaign.name == LAST_WINTER, AssistanceItem.state == "sampled").limit(1)).one()
    with pytest.raises(BatchRefused) as refused:
        mark_paid(demo, user(demo, "caiwu"), [sampled], dt.date(2026, 3, 20), "cash")
    assert "确认发放，同一名单项只能发放一次" in refused.value.message


def test_only_finance_and_only_real_dates(demo: Database) -> None:
    items = approved(demo, STUDENT_AID)[:2]
    with pytest.raises(PermissionDenied) as refused:
        mark_paid(demo, user(demo, "shenpi"), items, PAY_DAY, "cash")
    assert "财务" in refused.value.message
    finance = user(demo, "caiwu")
    with pytest.raises(ValidationFailed):
        mark_paid(demo, finance, items, dt.date.today() + dt.timedelta(days=1), "cash")
    with pytest.raises(BatchRefused) as early:
        mark_paid(demo, finance, items, dt.date(2026, 9, 1), "cash")
    assert "早于审批通过日期 2026年9月9日" in early.value.message
    with demo.read() as session:
        assert set(session.scalars(select(AssistanceItem.state).where(AssistanceItem.id.in_(items)))) == {"approved"}


def test_a_signed_roster_page_at_once_each_item_as_the_roster_prints_it(demo: Database) -> None:
    finance = user(demo, "caiwu")
    page = roster_pages(demo, finance, STUDENT_AID)[0]
    done = mark_paid(demo, finance, page.item_ids, PAY_DAY, "")
    assert done.count == len(page.item_ids) == ROWS_PER_PAGE  # a full first page (9 rows of 15 mm)
    with demo.read() as session:
        rows = session.execute(select(AssistanceItem.paid_method, WorkerFile.bank_card)
                               .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
                               .where(AssistanceItem.id.in_(page.item_ids))).all()
    assert all(method == ("card" if card else "cash") for method, card in rows)


def test_reconciliation_on_the_demo_before_and_after_paying(demo: Database) -> None:
    aid = campaign_id(demo, STUDENT_AID)
    before = reconciliation(demo, aid)
    with demo.read() as session:
        items = session.execute(select(AssistanceItem.id, AssistanceItem.amount_fen).where(
            AssistanceItem.campaign_id == aid, AssistanceItem.state == "approved")).all()
        printed = session.scalar(select(Voucher.item_id).join(AssistanceItem).where(
            AssistanceItem.campaign_id == aid, Voucher.voided_at.is_(None)).limit(1))
    assert before.ok, before.problems
    assert (before.approved.count, before.approved.fen) == (len(items), sum(f for _, f in items))
    assert before.paid.count == 0 and 0 < before.printed.count < before.approved.count
    assert before.budget.total.reserved_fen >= before.approved.fen
    amount = next(f for i, f in items if i == printed)
    mark_paid(demo, user(demo, "caiwu"), [printed], PAY_DAY, "cash")
    after = reconciliation(demo, aid)
    assert after.ok and (after.paid.count, after.paid.fen) == (1, amount)
    assert after.approved.count == before.approved.count - 1 and after.printed == before.printed
    assert after.budget.total.used_fen == amount == budget_status(demo, aid).total.used_fen
    last = reconciliation(demo, campaign_id(demo, LAST_WINTER))
    assert last.ok and last.approved.count == 0 and last.paid.count > 40 and last.voided_vouchers == 1
    assert last.printed == last.paid and "核对无误。" in last.lines()


def test_a_live_voucher_on_a_voided_item_is_flagged_in_words(demo: Database) -> None:
    aid = campaign_id(demo, STUDENT_AID)
    approver = user(demo, "shenpi")
    with demo.read() as session:
        voucher = session.execute(select(Voucher.item_id, Voucher.number).join(AssistanceItem).where(
            AssistanceItem.campaign_id == aid, Voucher.voided_at.is_(None)).limit(1)).one()
    from songnuan_desktop.services.campaigns.transitions import transition

    transition(demo, approver, [voucher.item_id], "voided", comment="重复录入")
    found = reconciliation(demo, aid)  # voiding the item voided its voucher too (number kept)
    assert found.voided.count == 1 and not any(voucher.number in p for p in found.problems), found.problems
    with demo.write(approver.actor) as session:  # a live voucher on a voided item, as a bad merge could leave
        row = session.scalars(select(Voucher).where(Voucher.item_id == voucher.item_id)).one()
        row.voided_at = None
    found = reconciliation(demo, aid)
    assert not found.ok and found.voided.count == 1
    assert any(voucher.number in p and "作废" in p for p in found.problems), found.problems
