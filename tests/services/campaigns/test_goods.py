"""Gifts in kind (慰问品, issue 16 item 3) on SQLite and PostgreSQL: a campaign's kinds, the goods of its items
beside or instead of cash, the stock (received − handed = left; handed = the goods of items paid), goods only
for approved items and set only while an item may be edited, and no voucher number for goods alone."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from songnuan_desktop.domain.errors import BatchRefused, ValidationFailed
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, Voucher
from songnuan_desktop.services.campaigns import assistance, goods, notices, transitions
from songnuan_desktop.services.reports import campaign_summary, statistics
from songnuan_desktop.services import visits
from songnuan_desktop.services.payouts.payouts import mark_paid, reconciliation
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.payouts.vouchers import print_vouchers
from tests.services.campaigns.assistance_helpers import TODAY, Staff, make_campaign, make_file, staff

S = ItemState
RICE = goods.GoodsKindInput("大米", "袋", 15_000)
OIL = goods.GoodsKindInput("食用油", "桶", 10_000)


@pytest.fixture
def office(office_db: Database, admin: SessionUser) -> Staff:
    return staff(office_db, admin)


def _setup(office: Staff) -> tuple[uuid.UUID, dict[str, uuid.UUID], list[uuid.UUID]]:
    """A campaign giving rice and oil; four households proposed (drafts)."""
    db = office.db
    campaign = make_campaign(db, office.clerk)
    kinds = {k.name: k.id for k in goods.set_kinds(db, office.clerk, campaign, [RICE, OIL])}
    files = [make_file(db, office.clerk, n) for n in range(4)]
    ids = [p.item_id for p in assistance.propose(db, office.clerk, campaign, files, today=TODAY).proposed]
    return campaign, kinds, ids


def _approve(office: Staff, campaign: uuid.UUID, ids: list[uuid.UUID]) -> None:
    db = office.db
    transitions.transition(db, office.clerk, ids, S.SUBMITTED, today=TODAY)
    transitions.transition(db, office.reviewer, ids, S.REVIEWED, today=TODAY)
    view = notices.start_notice(db, office.reviewer, campaign, ids, "公示栏", "工会 0855-2461234", start_date=TODAY)
    transitions.transition(db, office.approver, ids, S.APPROVED, today=view.end_date + dt.timedelta(days=1))


def test_stock_is_received_less_handed_and_handed_is_the_goods_of_items_paid(office: Staff) -> None:
    db = office.db
    campaign, kinds, ids = _setup(office)
    rice, oil = kinds["大米"], kinds["食用油"]
    for item in ids[:3]:
        goods.set_item_goods(db, office.clerk, item, {rice: 1, oil: 1})
    only = goods.set_item_goods(db, office.clerk, ids[3], {rice: 2}, goods_only=True)
    assert [(g.text, g.value_fen) for g in only] == [("大米2袋", 30_000)]
    goods.receive(db, office.clerk, campaign, rice, 10, dt.date(2026, 11, 20), "县总工会拨付", "吴晓燕", "首批")
    goods.receive(db, office.finance, campaign, oil, 6, dt.date(2026, 11, 21), "镇粮油店采购", "张丽萍")
    line = goods.receive(db, office.clerk, campaign, oil, -1, dt.date(2026, 11, 22), note="一桶破损退回")
    assert (line.received, line.handed, line.left) == (5, 0, 5)
    _approve(office, campaign, ids)
    before = {s.name: (s.received, s.handed, s.reserved, s.left, s.short)
              for s in goods.stock(db, office.clerk, campaign)}
    assert before == {"大米": (10, 0, 5, 10, 0), "食用油": (5, 0, 3, 5, 0)}
    paid_on = dt.date.today()  # approval is recorded at the real time
    mark_paid(db, office.finance, [ids[0], ids[3]], paid_on, "cash", today=paid_on)
    after = {s.name: (s.received, s.handed, s.reserved, s.left, s.handed_fen)
             for s in goods.stock(db, office.clerk, campaign)}
    assert after == {"大米": (10, 3, 2, 7, 45_000), "食用油": (5, 1, 2, 4, 10_000)}
    handed = goods.handed_out(db, office.clerk, campaign)
    assert sorted(h.goods for h in handed) == ["大米1袋、食用油1桶", "大米2袋"]
    assert {h.confirmed_by for h in handed} == {"张丽萍"} and {h.paid_on for h in handed} == {paid_on}
    assert {h.visit for h in handed} == {""}  # no visit carried them
    group = visits.save_group(db, office.clerk, visits.GroupInput("第一慰问组", "镇党委副书记 王建军")).id
    with db.read() as session:
        file_of = session.scalar(select(AssistanceItem.worker_file_id).where(AssistanceItem.id == ids[0]))
    visit = visits.create_visit(db, office.clerk, visits.VisitInput(group, paid_on, dt.time(9), dt.time(10),
                                                                    "节日慰问", (file_of,), campaign))
    visits.record_outcome(db, office.clerk, visit.id, "已走访", {})
    carried = {h.item_id: h.visit for h in goods.handed_out(db, office.clerk, campaign)}
    assert carried[ids[0]].endswith("第一慰问组（组长 镇党委副书记 王建军）") and carried[ids[3]] == ""
    with pytest.raises(ValidationFailed) as below:
        goods.receive(db, office.clerk, campaign, rice, -8, paid_on, note="盘点")
    assert "少于已发放的3袋" in below.value.message
    with pytest.raises(ValidationFailed) as in_use:
        goods.set_kinds(db, office.clerk, campaign, [RICE])
    assert "食用油" in in_use.value.message


def test_goods_are_set_only_while_the_item_may_be_edited_and_handed_only_when_approved(office: Staff) -> None:
    db = office.db
    campaign, kinds, ids = _setup(office)
    rice = kinds["大米"]
    goods.set_item_goods(db, office.clerk, ids[0], {rice: 1})
    transitions.transition(db, office.clerk, ids[:2], S.SUBMITTED, today=TODAY)
    transitions.transition(db, office.reviewer, ids[:2], S.REVIEWED, today=TODAY)
    notices.start_notice(db, office.reviewer, campaign, ids[:2], "公示栏", "工会 0855-2461234", start_date=TODAY)
    with pytest.raises(ValidationFailed) as posted:
        goods.set_item_goods(db, office.reviewer, ids[1], {rice: 1})
    assert "公示中" in posted.value.message
    # In notice, not approved: nothing handed nor reserved; paying it is refused by the state machine.
    assert [(s.handed, s.reserved) for s in goods.stock(db, office.clerk, campaign)] == [(0, 0), (0, 0)]
    with pytest.raises(BatchRefused):
        mark_paid(db, office.finance, [ids[0]], TODAY, "cash", today=TODAY)
    with pytest.raises(ValidationFailed) as empty:
        goods.set_item_goods(db, office.clerk, ids[2], {}, goods_only=True)
    assert "至少填写一种" in empty.value.message
    with pytest.raises(ValidationFailed):
        goods.set_kinds(db, office.clerk, campaign, [RICE, goods.GoodsKindInput("棉被", "床", 0)])


def test_an_item_of_goods_alone_consumes_no_voucher_number(office: Staff, tmp_path: Path) -> None:
    db = office.db
    campaign, kinds, ids = _setup(office)
    goods.set_item_goods(db, office.clerk, ids[0], {kinds["大米"]: 1}, goods_only=True)
    goods.set_item_goods(db, office.clerk, ids[1], {kinds["大米"]: 1})  # beside its cash
    _approve(office, campaign, ids)
    with pytest.raises(BatchRefused) as named:
        print_vouchers(db, office.clerk, [ids[0]], tmp_path / "one.pdf")
    assert "只发慰问品、没有慰问金，不开发放凭证" in named.value.message
    printed = print_vouchers(db, office.clerk, campaign, tmp_path / "all.pdf")
    with db.read() as session:
        numbered = set(session.scalars(select(Voucher.item_id)))
        seqs = sorted(session.scalars(select(Voucher.seq)))
        amounts = dict(session.execute(select(AssistanceItem.id, AssistanceItem.amount_fen)).all())
    assert numbered == set(ids[1:]) and seqs == [1, 2, 3] and len(printed.numbers) == 3
    assert amounts[ids[0]] == 0 and amounts[ids[1]] > 0
    paid_on = dt.date.today()  # approval is recorded at the real time
    mark_paid(db, office.finance, ids, paid_on, "cash", today=paid_on)
    found = reconciliation(db, campaign)
    assert found.ok, found.problems  # the goods-only item paid "in cash" lacks no voucher


def test_statistics_and_the_summary_add_goods_valued_to_the_cash(office: Staff) -> None:
    db = office.db
    campaign, kinds, ids = _setup(office)
    rice, oil = kinds["大米"], kinds["食用油"]
    for item in ids[:3]:
        goods.set_item_goods(db, office.clerk, item, {rice: 1, oil: 1})
    goods.set_item_goods(db, office.clerk, ids[3], {rice: 2}, goods_only=True)
    _approve(office, campaign, ids)
    paid_on = dt.date.today()
    mark_paid(db, office.finance, ids[1:], paid_on, "cash", today=paid_on)  # ids[0] approved, not yet handed
    with db.read() as session:
        rows = {i.id: i for i in session.scalars(select(AssistanceItem).where(AssistanceItem.id.in_(ids)))}
    cash = sum(rows[i].amount_fen for i in ids[1:])
    valued = 2 * (15_000 + 10_000) + 2 * 15_000  # two with rice and oil, one with two bags of rice
    scope = statistics.scope_of(db, office.clerk, statistics.Period.of_campaigns([campaign]))
    table = statistics.table(db, scope, "helped_category")
    assert [c.label for c in table.columns] == ["户数", "人次", "慰问金（元）", "慰问品折合（元）", "合计（元）"]
    assert table.total is not None and table.total.values == (3, 3, cash, valued, cash + valued)
    year = {r.label: r.values for r in statistics.table(db, scope, "year_on_year").rows}
    assert year["慰问品折合（元）"][2] == valued and year["发放金额（元）"][2] == cash
    summary = campaign_summary.summary_of(db, office.clerk, campaign)
    assert summary.goods == (campaign_summary.GoodsLine("大米", "袋", 4, 60_000),
                             campaign_summary.GoodsLine("食用油", "桶", 2, 20_000))
    assert (summary.helped.items, summary.helped.fen, summary.goods_fen) == (3, cash, valued)
    text = "\n".join(campaign_summary.paragraphs(summary))
    words = (f"发放慰问金{campaign_summary.wan_text(cash)}、慰问品（大米4袋、食用油2桶）折合"
             f"{campaign_summary.wan_text(valued)}，合计{campaign_summary.wan_text(cash + valued)}")
    assert words in text
