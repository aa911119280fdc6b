"""慰问品 on paper (issue 16 item 3), read back with pdftotext: the roster of a campaign with goods has a 慰问品
column and sums the goods beside the cash (the demo's last winter: a bag of rice and a drum of oil a household);
the route sheet shows goods to hand over for an approved item only — an item not approved, with goods and cash or
goods alone, says 待审批，不得发放 and no goods."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import AssistanceItem, Campaign, Voucher
from songnuan_desktop.persistence.models_goods import GoodsLine
from songnuan_desktop.services.campaigns import assistance, goods, notices, transitions
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.payouts import roster
from songnuan_desktop.services import visits
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.visits import GroupInput, VisitInput
from songnuan_desktop.services.payouts.vouchers import print_vouchers
from tests.demo_offices import DemoOffices
from tests.services.campaigns.assistance_helpers import TODAY, Staff, make_campaign, make_file, staff

LAST_WINTER = "2026年元旦春节送温暖"


@pytest.fixture(scope="module")
def demo(demo_offices: DemoOffices, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = demo_offices.file(tmp_path_factory.mktemp("goods-papers") / "demo.db", workers=300, seed=2)
    db = open_database("sqlite:///" + str(path))
    yield db
    db.close()


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_roster_of_a_campaign_with_goods_has_a_goods_column_and_sums(demo: Database, tmp_path: Path) -> None:
    finance = auth.login(demo, "caiwu", "songnuan2026")
    with demo.read() as session:
        campaign = session.scalars(select(Campaign).where(Campaign.name == LAST_WINTER)).one()
        paid = session.scalars(select(AssistanceItem.id).where(
            AssistanceItem.campaign_id == campaign.id, AssistanceItem.state.in_(("paid", "sampled")))).all()
        lines = session.execute(select(GoodsLine.item_id, GoodsLine.quantity)
                                .where(GoodsLine.item_id.in_(paid))).all()
        numbers = session.scalars(select(Voucher.number).join(AssistanceItem).where(
            AssistanceItem.campaign_id == campaign.id, Voucher.voided_at.is_(None))).all()
    households = len(paid)
    assert len(lines) == 2 * households and {q for _i, q in lines} == {1}  # rice and oil, one of each
    out = roster.export_roster(demo, finance, campaign.id, tmp_path / "roster.pdf")
    text = text_of(out)
    flat = re.sub(r"\s+", "", text)
    assert "慰问品" in text and "(签收)" in text
    assert text.count("大米1袋") >= households and text.count("食用油1桶") >= households
    assert f"合计（共{households}人）" in flat
    assert f"慰问品：大米{households}袋、食用油{households}桶" in flat  # the group's goods beside the cash
    assert "慰问品：大米9袋、食用油9桶" in flat  # a full page's
    assert all(n.replace(" ", "") in flat for n in numbers)  # the cash still has its vouchers
    public = text_of(roster.export_roster(demo, finance, campaign.id, tmp_path / "public.pdf", public=True))
    assert "大米1袋" in public


@pytest.fixture
def office(office_db: Database, admin: SessionUser) -> Staff:
    return staff(office_db, admin)


def test_the_route_sheet_hands_goods_only_for_an_approved_item(office: Staff, tmp_path: Path) -> None:
    db = office.db
    campaign = make_campaign(db, office.clerk)
    kinds = {k.name: k.id for k in goods.set_kinds(db, office.clerk, campaign, [
        goods.GoodsKindInput("大米", "袋", 15_000), goods.GoodsKindInput("棉被", "床", 20_000)])}
    files = [make_file(db, office.clerk, n) for n in range(4)]
    ids = [p.item_id for p in assistance.propose(db, office.clerk, campaign, files, today=TODAY).proposed]
    goods.set_item_goods(db, office.clerk, ids[0], {kinds["大米"]: 1})  # with its cash
    goods.set_item_goods(db, office.clerk, ids[1], {kinds["棉被"]: 1}, goods_only=True)
    goods.set_item_goods(db, office.clerk, ids[2], {kinds["大米"]: 2})  # with cash, never approved
    goods.set_item_goods(db, office.clerk, ids[3], {kinds["棉被"]: 2}, goods_only=True)  # alone, never approved
    transitions.transition(db, office.clerk, ids, "submitted", today=TODAY)
    transitions.transition(db, office.reviewer, ids, "reviewed", today=TODAY)
    view = notices.start_notice(db, office.reviewer, campaign, ids[:2], "公示栏", "工会 0855-2461234",
                                start_date=TODAY)
    transitions.transition(db, office.approver, ids[:2], "approved", today=view.end_date + dt.timedelta(days=1))
    print_vouchers(db, office.clerk, campaign, tmp_path / "vouchers.pdf")
    with db.read() as session:
        number = session.scalars(select(Voucher.number).where(Voucher.item_id == ids[0])).one()
        cash = {i: session.get(AssistanceItem, i).amount_fen for i in ids}  # type: ignore[union-attr]
    assert cash[ids[1]] == cash[ids[3]] == 0
    group = visits.save_group(db, office.clerk, GroupInput("第一慰问组", "镇党委副书记 王建军")).id
    day = dt.date(2027, 1, 20)
    visits.create_visit(db, office.clerk, VisitInput(group, day, dt.time(9), dt.time(11), "节日慰问",
                                                     tuple(files), campaign))
    text = text_of(visits.export_route_sheet(db, office.clerk, day, tmp_path / "route.pdf"))
    flat = re.sub(r"\s+", "", text)
    assert "慰问金（元）/" in flat and "凭证编号/慰问品" in flat  # the column's head, over two lines
    assert number in flat and format_fen(cash[ids[0]]) in flat
    # the two approved: a row each, and the rice again at the head of the 合计 (慰问品：大米1袋、棉被1床)
    assert flat.count("慰问品：大米1袋") == 2 and flat.count("慰问品：棉被1床") == 1
    assert "大米2袋" not in flat and "棉被2床" not in flat  # the goods of items not approved stay at the office
    assert flat.count("待审批，不得发放") == 2 + flat.count("说明：")  # the two not approved, and in the 说明
    assert "慰问品：大米1袋、棉被1床" in flat  # the group's 合计 of goods to hand over
