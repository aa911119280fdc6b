"""发放签收表 of a campaign as PDF: an internal copy (full ID numbers, phone) and a public copy (masked).

- `export_roster(db, by, campaign, out_path, public=False, split_by=None) -> Path` writes the roster of
  the campaign's approved and paid items (paid and since sampled included; rejected and voided never),
  one line per household, ordered by unit and file number; `split_by="union"` (基层工会: the file's
  union, else its unit's parent) or `"village"` (the 村/社区 of the household's address, else of its
  unit; the column shows the address, not the unit) starts each group on a new page with its own page
  numbers and total, and a summary page (汇总表) of the groups and the grand total follows them. The
  public copy has no card tail (发放方式 银行卡 only). Signing lines are blank; names are printed small
  beneath them only when the setting `signature_names` is "beneath". Every string is checked against
  the fonts first: a character no font has refuses the export naming the household and field. The
  internal copy needs a role that may see full numbers (ROLES_SEEING_FULL_IDS); any signed-in user of
  the office may print the public copy. Every export is
  in the audit log (导出签收表) with the copy, rows, total and pages.
- A campaign that gives goods (慰问品, issue 16 item 3, services.campaigns.goods) prints a 慰问品 column: what each
  household signs for (its approved or paid item's goods), the page's and group's goods summed beside the cash.
  The roster is the goods' receipt: an item of goods alone has no voucher number.
- `roster_pages(db, by, campaign, split_by=None)` — which items each printed page holds, in print order:
  finance confirms "a signed page at once" with `services.payouts.payouts.mark_paid(…, page.item_ids, …)`.
- `amount_in_capitals(fen)` — 人民币壹仟元整, the vouchers' capitals with 人民币 before them.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from songnuan_desktop.documents.fonts import cjk_font, cjk_heading_font
from songnuan_desktop.documents.glyphs import font_chain
from songnuan_desktop.documents.roster_pdf import (ROWS_PER_PAGE, RosterDocument, RosterGroup, RosterRow, check_roster,
                                                   write_roster)
from songnuan_desktop.documents.signing import names_beneath
from songnuan_desktop.domain.errors import PermissionDenied, ValidationFailed
from songnuan_desktop.domain.ids import mask_id
from songnuan_desktop.domain.paper_dates import date_text, moment_text
from songnuan_desktop.domain.roles import ROLE_LABELS, ROLES_SEEING_FULL_IDS, Role
from songnuan_desktop.domain.states import APPROVED_OR_LATER, ItemState, state_values
from songnuan_desktop.domain.villages import village_of
from songnuan_desktop.domain.vouchers import rmb_capitals
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, Campaign, Office, OrgUnit, Voucher, WorkerFile
from songnuan_desktop.services.audit.audit_anchor import tip_now
from songnuan_desktop.services.campaigns.goods import campaign_has_goods, goods_by_item
from songnuan_desktop.services.campaigns.notice_print import _campaign as find_campaign
from songnuan_desktop.services.publishing.publish import publishing
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.office.settings import value_at
from songnuan_desktop.storage import export_path

ACTION = "export_roster"
SplitBy = Literal["union", "village"] | None
SPLIT_LABELS = {"union": ("基层工会", "未填基层工会"), "village": ("村（社区）", "未填村（社区）")}
MONEY_WORDS = {"送温暖": "慰问金", "金秋助学": "助学金"}


def amount_in_capitals(fen: int) -> str:
    """100000 → '人民币壹仟元整', 100005 → '人民币壹仟元零伍分': the voucher's capitals
    (`domain.vouchers.rmb_capitals`) with the 人民币 the roster prints before them, so the roster and the
    vouchers an auditor lays beside it say the same words."""
    return f"人民币{rmb_capitals(fen)}"


@dataclass(frozen=True)
class _Line:
    """One roster line with what grouping and paging need."""

    item_id: uuid.UUID
    group: str
    row: RosterRow


@dataclass(frozen=True)
class RosterPage:
    group: str  # '' or 基层工会：旧州镇机关工会
    page: int  # within its group, as printed: 第 page 页 共 pages 页
    pages: int
    item_ids: tuple[uuid.UUID, ...]


def export_roster(db: Database, by: SessionUser, campaign: uuid.UUID | str, out_path: Path | str,
                  public: bool = False, split_by: SplitBy = None) -> Path:
    """Write the campaign's roster to `out_path` and log the export; the path written is returned."""
    out = export_path(out_path)
    _check_split(split_by)
    if not public and not by.roles & ROLES_SEEING_FULL_IDS:
        allowed = "、".join(ROLE_LABELS[r] for r in Role if r in ROLES_SEEING_FULL_IDS)
        raise PermissionDenied(
            "full_numbers_required",
            f"签收表内部版含完整身份证号和联系电话，只有{allowed}可以导出；当前用户“{by.display_name}”"
            "可以导出公开版（身份证号已遮蔽，无电话）。", {"roles": sorted(r.value for r in ROLES_SEEING_FULL_IDS)})
    today = dt.date.today()
    with db.read() as session:
        found = find_campaign(session, by.office_id, campaign)
        lines = _lines(session, found, public, split_by)
        doc = _document(session, by, found, lines, public, split_by, today)
        font_setting = str(value_at(session, by.office_id, "pdf_font_path", today) or "") or None
        campaign_id, name = found.id, found.name
    font = cjk_font(font_setting)
    check_roster(doc, font_chain(font, doc.extra_fonts or None))  # refused before any file is begun
    started = time.perf_counter()
    with publishing(db, "roster", out) as pub:
        pages = write_roster(doc, pub.temp, font, cjk_heading_font(font_setting))
        with db.write(by.actor) as session:
            audit.append(session, by.actor, ACTION, "campaigns", str(campaign_id), after={
                "campaign": name, "copy": "public" if public else "internal", "split_by": split_by or "",
                "rows": len(lines), "total_fen": sum(line.row.amount_fen for line in lines), "pages": pages,
                "groups": len(doc.groups), "path": str(out), "seconds": round(time.perf_counter() - started, 3),
            })
            pub.record(session, by.actor, {"copy": "public" if public else "internal", "rows": len(lines)})
    return out


def roster_pages(db: Database, by: SessionUser, campaign: uuid.UUID | str,
                 split_by: SplitBy = None) -> tuple[RosterPage, ...]:
    """The items of each page of the roster as `export_roster` prints it now."""
    _check_split(split_by)
    with db.read() as session:
        lines = _lines(session, find_campaign(session, by.office_id, campaign), True, split_by)
    out: list[RosterPage] = []
    for label, group in _grouped(lines):
        pages = max(1, -(-len(group) // ROWS_PER_PAGE))
        for p in range(pages):
            chunk = group[p * ROWS_PER_PAGE:(p + 1) * ROWS_PER_PAGE]
            out.append(RosterPage(label, p + 1, pages, tuple(line.item_id for line in chunk)))
    return tuple(out)


def _check_split(split_by: SplitBy) -> None:
    if split_by not in (None, "union", "village"):
        raise ValidationFailed("split_by", "分组方式应为按基层工会（union）或按村/社区（village）。",
                               {"split_by": split_by})


def _lines(session: Session, campaign: Campaign, public: bool, split_by: SplitBy) -> list[_Line]:
    unit, union = aliased(OrgUnit), aliased(OrgUnit)
    i, f = AssistanceItem, WorkerFile
    rows = session.execute(
        select(i.id, i.amount_fen, i.category, i.state, i.paid_on, i.paid_method, f.name, f.file_no, f.id_number,
               f.phone, f.address, f.bank_name, f.bank_card, unit.name.label("unit"), unit.village,
               union.name.label("union"))
        .join(f, f.id == i.worker_file_id)
        .outerjoin(unit, unit.id == f.work_unit_id)
        .outerjoin(union, union.id == func.coalesce(f.union_id, unit.parent_id))
        .where(i.campaign_id == campaign.id, i.state.in_(state_values(APPROVED_OR_LATER)))
        .order_by(func.coalesce(unit.name, ""), f.file_no)
    ).all()
    vouchers = dict(session.execute(
        select(Voucher.item_id, Voucher.number).join(i, i.id == Voucher.item_id)
        .where(i.campaign_id == campaign.id, Voucher.voided_at.is_(None)).order_by(Voucher.seq)).all())
    goods = goods_by_item(session, [r.id for r in rows]) if campaign_has_goods(session, campaign.id) else {}
    lines = [_Line(r.id, _group_of(r, split_by),
                   _row(r, vouchers.get(r.id, ""), public, split_by,
                        tuple((g.name, g.quantity, g.unit) for g in goods.get(r.id, ()))))
             for r in rows]
    return sorted(lines, key=lambda line: (line.group == _missing(split_by), line.group))  # stable: unit order kept


def _group_of(r: Any, split_by: SplitBy) -> str:
    if split_by is None:
        return ""
    value = r.union if split_by == "union" else (village_of(r.address or "") or r.village)
    return value or _missing(split_by)


def _missing(split_by: SplitBy) -> str:
    return f"（{SPLIT_LABELS[split_by][1]}）" if split_by else ""


def _row(r: Any, voucher: str, public: bool, split_by: SplitBy,
         goods: tuple[tuple[str, int, str], ...] = ()) -> RosterRow:
    method = r.paid_method if r.state != ItemState.APPROVED.value else ("card" if r.bank_card else "cash")
    card = (r.bank_card or "").replace(" ", "")
    paying = "银行卡" if method == "card" else "现金"
    if method == "card" and card and not public:  # the tail only on the internal copy
        paying = f"银行卡\n尾号{card[-4:]}"
    note = f"已发放 {date_text(r.paid_on)}" if r.paid_on else ""
    if split_by == "village":  # where the household lives: the village's own people hand it over
        place = _public_place(r.address or "", r.village or "") if public else (r.address or "")
    else:
        place = r.unit or ("" if public else r.address or "")
    return RosterRow(
        name=r.name, id_number=mask_id(r.id_number) if public else r.id_number, category=r.category,
        unit=place, amount_fen=r.amount_fen, method=paying, voucher_no=voucher,
        phone="" if public else r.phone or "", note=note, file_no=r.file_no or "", goods=goods)


def _public_place(address: str, unit_village: str) -> str:
    """Where a household lives, for a public copy: its village and 组 (东坡村5组), no house number."""
    village = village_of(address)
    if not village:
        return unit_village
    rest = address[address.index(village) + len(village):]
    team = re.match(r"[0-9一二三四五六七八九十]+组", rest)
    return village + (team.group(0) if team else "")


def _grouped(lines: list[_Line]) -> list[tuple[str, list[_Line]]]:
    groups: dict[str, list[_Line]] = {}
    for line in lines:
        groups.setdefault(line.group, []).append(line)
    return list(groups.items())


def _document(session: Session, by: SessionUser, campaign: Campaign, lines: list[_Line], public: bool,
              split_by: SplitBy, today: dt.date) -> RosterDocument:
    office = session.scalar(select(Office.name).where(Office.id == campaign.office_id)) or ""

    def setting(key: str) -> str:
        return str(value_at(session, by.office_id, key, today) or "")

    head = SPLIT_LABELS[split_by][0] + "：" if split_by else ""
    groups = tuple(
        RosterGroup(f"{head}{label}" if split_by else "", tuple(line.row for line in group),
                    amount_in_capitals(sum(line.row.amount_fen for line in group)))
        for label, group in _grouped(lines))
    total = sum(line.row.amount_fen for line in lines)
    return RosterDocument(
        office_name=office, title=roster_title(campaign.name, campaign.kind), batch=f"{campaign.year}-{campaign.code}",
        public=public,
        signatories=(("制表人", by.display_name), ("经办人", setting("signatory_handler")),
                     ("审核人", setting("signatory_reviewer")), ("负责人", setting("signatory_head"))),
        issued_on=date_text(today), printed=f"打印：{by.display_name}　{moment_text(dt.datetime.now())}",
        groups=groups, audit_tip=tip_now(session), names_beneath=names_beneath(setting("signature_names")),
        place_head="住址" if split_by == "village" else "单位/住址", grand_capitals=amount_in_capitals(total),
        split=split_by is not None, extra_fonts=setting("pdf_extra_fonts"),
        goods=campaign_has_goods(session, campaign.id))


def roster_title(name: str, kind: str) -> str:
    """'2027年元旦春节送温暖' → '2027年元旦春节送温暖慰问金发放签收表'; '2026年金秋助学' → '2026年金秋助学发放签收表'
    (not …助学助学金…: the money word is left out when the name already ends with its first words)."""
    word = MONEY_WORDS.get(kind, "补助资金")
    if any(name.endswith(word[:n]) for n in range(2, len(word) + 1)):
        return f"{name}发放签收表"
    return f"{name}{word}发放签收表"
