"""发放签收表 and 银行代发清单 read back (pypdf text, openpyxl cells) on the demo office, on SQLite and
PostgreSQL: every approved or paid item once, rows whole on their page, sums and capitals right, the
public copy without full numbers, refusals by role, the exports in the audit log."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select, update

from songnuan_desktop.documents.roster_pdf import ROWS_PER_PAGE
from songnuan_desktop.domain.errors import PermissionDenied
from songnuan_desktop.domain.ids import mask_id
from songnuan_desktop.domain.vouchers import rmb_capitals
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, AuditEntry, Campaign, Voucher, WorkerFile
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.payouts.bank_list import export_bank_list
from songnuan_desktop.services.payouts.roster import amount_in_capitals, export_roster, roster_pages
from songnuan_desktop.services.office.session_user import SessionUser
from tests.demo_offices import DemoOffices

LAST_WINTER = "2026年元旦春节送温暖"  # closed: paid and sampled items, vouchers, a few rejected
STUDENT_AID = "2026年金秋助学"  # approved, part printed, none paid
FULL_ID = re.compile(r"\d{17}[\dXx]")
CARD = re.compile(r"\d{16,19}")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ON_ROSTER = ("approved", "paid", "sampled")


@pytest.fixture
def demo(db_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(db_url, workers=300, seed=2)


def user(db: Database, name: str) -> SessionUser:
    return auth.login(db, name, "songnuan2026")


def pages_of(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def items_of(db: Database, campaign: str) -> dict[str, tuple]:
    """Full ID number → (item id, name, amount, card, phone, live voucher) of the items the roster lists."""
    with db.read() as session:
        vouchers = dict(session.execute(select(Voucher.item_id, Voucher.number).where(Voucher.voided_at.is_(None))
                                        .order_by(Voucher.seq)).all())
        rows = session.execute(
            select(AssistanceItem.id, WorkerFile.id_number, WorkerFile.name, AssistanceItem.amount_fen,
                   WorkerFile.bank_card, WorkerFile.phone)
            .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
            .join(Campaign, Campaign.id == AssistanceItem.campaign_id)
            .where(Campaign.name == campaign, AssistanceItem.state.in_(ON_ROSTER))).all()
    return {r.id_number: (r.id, r.name, r.amount_fen, r.bank_card, r.phone, vouchers.get(r.id, "")) for r in rows}


def money(fen: int) -> str:
    return f"{fen // 100:,}.{fen % 100:02d}"


def test_capitals_follow_the_accounting_rules_as_the_vouchers_do() -> None:
    assert amount_in_capitals(100_000) == "人民币壹仟元整"
    assert amount_in_capitals(100_500) == "人民币壹仟零伍元整"
    assert amount_in_capitals(1_005_050) == f"人民币{rmb_capitals(1_005_050)}"
    assert amount_in_capitals(1_005_050).startswith("人民币壹万零伍拾元伍角")
    assert amount_in_capitals(30_000) == "人民币叁佰元整"
    assert amount_in_capitals(100_005) == "人民币壹仟元零伍分"
    assert amount_in_capitals(0) == "人民币零元整"


def test_internal_copy_lists_every_item_once_whole_on_its_page_with_sums_and_capitals(
        demo: Database, tmp_path: Path) -> None:
    finance = user(demo, "caiwu")
    out = export_roster(demo, finance, LAST_WINTER, tmp_path / "签收表.pdf")
    pages = pages_of(out)
    items = items_of(demo, LAST_WINTER)
    text = "\n".join(pages)
    assert len(items) > 40 and len(pages) == -(-len(items) // ROWS_PER_PAGE)
    counts = Counter(FULL_ID.findall(text))
    assert set(counts) == set(items) and set(counts.values()) == {1}
    by_item = {v[0]: k for k, v in items.items()}
    for number, (page, text_of_page) in enumerate(zip(roster_pages(demo, finance, LAST_WINTER), pages,
                                                       strict=True), start=1):
        assert f"第 {number} 页　共 {len(pages)} 页" in text_of_page
        for item_id in page.item_ids:  # every cell of the row on the page the service says it is on
            _, name, amount, card, phone, voucher = items[by_item[item_id]]
            for shown in (by_item[item_id], name, money(amount), voucher, phone):
                assert shown in text_of_page, shown
    subtotals = [int(m.replace(",", "").replace(".", "")) for m in
                 re.findall(r"本页小计（本页 \d+ 人）\n([\d,]+\.\d\d)", text)]
    heads = [int(n) for n in re.findall(r"本页小计（本页 (\d+) 人）", text)]
    total = sum(v[2] for v in items.values())
    assert len(subtotals) == len(pages) and sum(subtotals) == total and sum(heads) == len(items)
    assert f"合计（共 {len(items)} 人）\n{money(total)}" in text
    assert f"大写：{amount_in_capitals(total)}" in text
    # hand signatures: blank lines, no name on them (setting signature_names is "blank" in the demo)
    assert "制表人（签字）：" in pages[0] and "负责人（签字）：" in pages[-1] and "（单位盖章）" in pages[0]
    signing = pages[0].split("制表人（签字）")[1].split("（单位盖章）")[0]
    assert not re.search(r"[张吴潘龙]", signing) and "龙正华" not in text


def test_public_copy_shows_no_full_id_no_phone_no_card_tail(demo: Database, tmp_path: Path) -> None:
    out = export_roster(demo, user(demo, "shenpi"), STUDENT_AID, tmp_path / "公开.pdf", public=True)
    text = "\n".join(pages_of(out))
    items = items_of(demo, STUDENT_AID)
    assert items and not FULL_ID.search(text) and not CARD.search(text) and not MOBILE.search(text)
    assert "联系电话" not in text and "公开版" in text
    assert "尾号" not in text and "银行卡" in text  # issue 14 item 8: not even the last four digits
    for id_number, (_, name, _, card, phone, _) in items.items():
        assert mask_id(id_number) in text and name in text
        assert id_number not in text and (not phone or phone not in text)
        if card:
            assert card[:-4] not in text


def test_internal_copy_refused_without_the_role_and_every_export_logged(demo: Database, tmp_path: Path) -> None:
    approver = user(demo, "shenpi")
    with pytest.raises(PermissionDenied) as refused:
        export_roster(demo, approver, LAST_WINTER, tmp_path / "x.pdf")
    assert "公开版" in refused.value.message and not (tmp_path / "x.pdf").exists()
    with pytest.raises(PermissionDenied):
        export_bank_list(demo, approver, STUDENT_AID, tmp_path / "x.xlsx")
    export_roster(demo, approver, LAST_WINTER, tmp_path / "p.pdf", public=True, split_by="union")
    export_bank_list(demo, user(demo, "caiwu"), STUDENT_AID, tmp_path / "b.xlsx")
    with demo.read() as session:
        entries = session.scalars(select(AuditEntry).where(
            AuditEntry.action.in_(("export_roster", "export_bank_list"))).order_by(AuditEntry.seq)).all()
    assert [e.action for e in entries] == ["export_roster", "export_bank_list"]
    roster = json.loads(entries[0].after_json)
    assert roster["copy"] == "public" and roster["split_by"] == "union" and roster["rows"] == len(
        items_of(demo, LAST_WINTER))


def test_split_by_union_starts_each_group_on_its_own_numbered_pages(demo: Database, tmp_path: Path) -> None:
    clerk = user(demo, "jingban")
    out = export_roster(demo, clerk, LAST_WINTER, tmp_path / "分册.pdf", split_by="union")
    pages = pages_of(out)
    plan = roster_pages(demo, clerk, LAST_WINTER, "union")
    summary, pages = pages[-1], pages[:-1]  # the summary page of the groups follows their pages
    assert len(plan) == len(pages) and len({p.group for p in plan}) > 1
    totals = re.findall(r"合计（共 (\d+) 人）\n([\d,]+\.\d\d)", "\n".join(pages))
    items = items_of(demo, LAST_WINTER)
    assert len(totals) == len({p.group for p in plan})
    assert sum(int(n) for n, _ in totals) == len(items)
    assert sum(int(m.replace(",", "").replace(".", "")) for _, m in totals) == sum(v[2] for v in items.values())
    for page, text in zip(plan, pages, strict=True):
        assert page.group in text and f"第 {page.page} 页　共 {page.pages} 页" in text
    groups = list(dict.fromkeys(p.group for p in plan))
    assert "汇总表" in summary and f"总计（{len(groups)} 组）" in summary
    for group, (count, amount) in zip(groups, totals, strict=True):  # each group with its count and total
        assert re.search(rf"{re.escape(group)}\n\d+\n{count}\n{re.escape(amount)}", summary), group
    grand = sum(v[2] for v in items.values())
    assert f"共 {len(items)} 人\n{money(grand)}" in summary and amount_in_capitals(grand) in summary


def test_split_by_village_shows_the_address_not_the_unit(demo: Database, tmp_path: Path) -> None:
    clerk = user(demo, "jingban")
    text = "\n".join(pages_of(export_roster(demo, clerk, LAST_WINTER, tmp_path / "村.pdf", split_by="village")))
    with demo.read() as session:
        rows = session.execute(
            select(WorkerFile.address).join(AssistanceItem, AssistanceItem.worker_file_id == WorkerFile.id)
            .join(Campaign, Campaign.id == AssistanceItem.campaign_id)
            .where(Campaign.name == LAST_WINTER, AssistanceItem.state.in_(ON_ROSTER))).scalars().all()
    flat = text.replace("\n", "")
    assert "住址" in text and "单位/住址" not in text
    assert all(address[:8] in flat for address in rows if address)  # each household's address (wrapped)
    assert "旧州镇人民政府" not in text and "旧州镇财政所" not in text  # the demo's work units
    public = "".join(pages_of(export_roster(demo, user(demo, "shenpi"), LAST_WINTER, tmp_path / "公开.pdf",
                                            public=True, split_by="village"))).replace("\n", "")
    for address in rows:  # the public copy: village and 组, no house number
        found = re.search(r"镇(.{1,12}?(?:村|社区))(\d+组)?", address)
        assert found and found.group(1) + (found.group(2) or "") in public and address not in public


def test_bank_list_cards_as_text_totals_and_formula_looking_names_stay_text(demo: Database, tmp_path: Path) -> None:
    finance = user(demo, "caiwu")
    with demo.write(finance.actor) as session:
        target = session.execute(
            select(WorkerFile.id).join(AssistanceItem, AssistanceItem.worker_file_id == WorkerFile.id)
            .join(Campaign, Campaign.id == AssistanceItem.campaign_id)
            .where(Campaign.name == STUDENT_AID, AssistanceItem.state == "approved", WorkerFile.bank_card != "")
            .limit(1)).scalar_one()
        session.execute(update(WorkerFile).where(WorkerFile.id == target).values(name='=HYPERLINK("x","点")'))
    out = export_bank_list(demo, finance, STUDENT_AID, tmp_path / "代发.xlsx")
    book = load_workbook(out)  # one sheet per 开户行 with its 小计, then 汇总 (issue 14 item 2)
    items = {v[0]: v for v in items_of(demo, STUDENT_AID).values()}
    card_items = {v[3]: v for v in items.values() if v[3]}
    body, subtotals = [], 0
    for sheet in book.worksheets[:-1]:
        rows = list(sheet.iter_rows(min_row=5))
        section = [r for r in rows if isinstance(r[0].value, int)]
        subtotal = next(r for r in rows if r[0].value == "小计")
        assert subtotal[1].value == f"{len(section)} 笔"
        assert round(float(subtotal[5].value) * 100) == sum(card_items[r[3].value][2] for r in section)
        subtotals += round(float(subtotal[5].value) * 100)
        body += section
    assert len(body) == len(card_items) > 0 and len(book.worksheets) > 2
    for r in body:
        card = r[3].value
        assert r[3].data_type == "s" and isinstance(card, str) and card in card_items
        assert r[2].data_type == "s" and len(r[2].value) == 18
        assert round(float(r[5].value) * 100) == card_items[card][2]
    names = [r[1] for r in body]
    formula = next(c for c in names if str(c.value).startswith("="))
    assert formula.data_type == "s" and formula.value == '=HYPERLINK("x","点")'
    rows = list(book["汇总"].iter_rows())
    total = next(r for r in rows if r[0].value == "合计")
    assert total[2].value == len(body)
    assert round(float(total[3].value) * 100) == subtotals == sum(v[2] for v in card_items.values())
    cash = [v for v in items.values() if not v[3]]
    if cash:
        assert any(f"另有 {len(cash)} 户" in str(r[0].value) for r in rows)
