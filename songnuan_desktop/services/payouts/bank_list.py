"""银行代发清单 (.xlsx, or .pdf for the bank counter) of a campaign: the card payouts the bank is asked to make.

- `export_bank_list(db, by, campaign, out_path) -> Path` lists the campaign's approved items — not yet
  paid — whose household file has a bank card: 户名, full ID number (the bank checks the account holder
  by it; the file is internal), full card number as text, bank, branch, amount, voucher number, file
  number, and a 合计 row. Under it, in words: the approved households without a card (paid in cash
  against the sign-off roster, named with their file numbers) and how many items are already paid and
  left out — a transfer list must never carry money a second time. One sheet per 开户行 with its 小计, a
  汇总 sheet with the grand total; the payer account from the settings payer_* (blank lines when unset:
  `payer_of(...).complete` is False and callers warn with PAYER_MISSING).
  Only roles that may see full numbers (ROLES_SEEING_FULL_IDS) may export it; every export is in the
  audit log (导出银行代发清单) with rows, total, cash households left out and the path.
- The same list as a PDF (documents/bank_list_pdf.py: A4 landscape, a section per 开户行, the 汇总, signing
  places and seal, 第 X 页 共 Y 页) when `out_path` ends in .pdf; its rare characters through the font chain,
  a character no font has refusing it (MissingGlyphs).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from songnuan_desktop.documents.bank_list_xlsx import BankList, BankRow, Payer, write_bank_list
from songnuan_desktop.domain.eligibility import yuan_text
from songnuan_desktop.domain.paper_dates import date_text
from songnuan_desktop.domain.errors import PermissionDenied
from songnuan_desktop.domain.roles import ROLE_LABELS, ROLES_SEEING_FULL_IDS, Role
from songnuan_desktop.domain.states import PAID_STATES, ItemState, state_values
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, Campaign, Office, Voucher, WorkerFile
from songnuan_desktop.services.campaigns.notice_print import _campaign as find_campaign
from songnuan_desktop.services.publishing.publish import publishing
from songnuan_desktop.services.office import settings
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.storage import export_path

ACTION = "export_bank_list"


def export_bank_list(db: Database, by: SessionUser, campaign: uuid.UUID | str, out_path: Path | str) -> Path:
    """Write the campaign's bank transfer list to `out_path` and log the export; the path is returned."""
    out = export_path(out_path)
    if not by.roles & ROLES_SEEING_FULL_IDS:
        allowed = "、".join(ROLE_LABELS[r] for r in Role if r in ROLES_SEEING_FULL_IDS)
        raise PermissionDenied(
            "full_numbers_required",
            f"银行代发清单含完整银行卡号和身份证号，只有{allowed}可以导出；当前用户“{by.display_name}”没有相应角色。",
            {"roles": sorted(r.value for r in ROLES_SEEING_FULL_IDS)})
    payer = payer_of(db, by.office_id)
    as_pdf = out.suffix.lower() == ".pdf"
    with db.read() as session:
        found = find_campaign(session, by.office_id, campaign)
        card, cash = _approved(session, found)
        paid_count, paid_fen = _paid(session, found)
        doc = dataclasses.replace(_document(session, by, found, card, cash, paid_count, paid_fen), payer=payer)
        campaign_id, name = found.id, found.name
        today = dt.date.today()
        font_setting = str(settings.value_at(session, by.office_id, "pdf_font_path", today) or "") or None
        extra_fonts = str(settings.value_at(session, by.office_id, "pdf_extra_fonts", today) or "") or None
    with publishing(db, "bank_list", out) as pub:
        if as_pdf:
            from songnuan_desktop.documents.bank_list_pdf import write_bank_list_pdf
            from songnuan_desktop.documents.fonts import cjk_font, cjk_heading_font

            write_bank_list_pdf(doc, pub.temp, cjk_font(font_setting), cjk_heading_font(font_setting), extra_fonts)
        else:
            write_bank_list(doc, pub.temp)
        with db.write(by.actor) as session:
            audit.append(session, by.actor, ACTION, "campaigns", str(campaign_id), after={
                "campaign": name, "rows": len(doc.rows), "total_fen": doc.total_fen, "cash_left_out": len(cash),
                "paid_left_out": paid_count, "path": str(out), "banks": len(doc.sections()),
                "payer_complete": payer.complete, "format": "pdf" if as_pdf else "xlsx",
            })
            pub.record(session, by.actor, {"rows": len(doc.rows), "total_fen": doc.total_fen})
    return out


def payer_of(db: Database, office_id: uuid.UUID) -> Payer:
    """付款单位户名 / 账号 / 开户行 from the settings (empty ones print as blanks to fill by hand)."""
    return Payer(*(str(settings.get(db, office_id, key) or "").strip()
                   for key in ("payer_account_name", "payer_account_no", "payer_bank")))


PAYER_MISSING = ("设置 › 参数中未填付款单位户名、付款账号或付款开户行，清单上这几处留了空白："
                 "请手工填写后再交银行，或由管理员在设置中填好后重新导出。")


def _approved(session: Session, campaign: Campaign) -> tuple[list[BankRow], list[Any]]:
    """Approved items of households with a card (as bank rows) and without one (cash)."""
    i, f = AssistanceItem, WorkerFile
    vouchers = dict(session.execute(
        select(Voucher.item_id, Voucher.number).join(i, i.id == Voucher.item_id)
        .where(i.campaign_id == campaign.id, Voucher.voided_at.is_(None)).order_by(Voucher.seq)).all())
    rows = session.execute(
        select(i.id, i.amount_fen, f.name, f.id_number, f.bank_card, f.bank_name, f.bank_branch, f.file_no)
        .join(f, f.id == i.worker_file_id)
        .where(i.campaign_id == campaign.id, i.state == ItemState.APPROVED.value)
        .order_by(f.file_no)).all()
    card: list[BankRow] = []
    cash: list[Any] = []
    for r in rows:
        digits = "".join((r.bank_card or "").split())
        if not digits:
            cash.append(r)
            continue
        card.append(BankRow(r.name, r.id_number, digits, r.bank_name or "", r.bank_branch or "", r.amount_fen,
                            vouchers.get(r.id, ""), r.file_no))
    return card, cash


def _paid(session: Session, campaign: Campaign) -> tuple[int, int]:
    count, fen = session.execute(
        select(func.count(), func.coalesce(func.sum(AssistanceItem.amount_fen), 0))
        .where(AssistanceItem.campaign_id == campaign.id, AssistanceItem.state.in_(state_values(PAID_STATES)))).one()
    return int(count), int(fen)


def _document(session: Session, by: SessionUser, campaign: Campaign, card: list[BankRow], cash: list[Any],
              paid_count: int, paid_fen: int) -> BankList:
    office = session.scalar(select(Office.name).where(Office.id == campaign.office_id)) or ""
    notes = []
    if cash:
        named = "、".join(f"{r.name}（{r.file_no}）" for r in cash)
        fen = sum(r.amount_fen for r in cash)
        notes.append(f"另有 {len(cash)} 户档案中没有银行卡，现金发放，合计 {yuan_text(fen)} 元，"
                     f"不在本清单（凭发放签收表签领）：{named}。")
    if paid_count:
        notes.append(f"已发放的 {paid_count} 户（合计 {yuan_text(paid_fen)} 元）不列入本清单，以免重复发放。")
    notes.append("本清单含完整身份证号和银行卡号，仅供银行代发使用，注意保密。")
    return BankList(
        title=f"{office}{campaign.name}银行代发清单",
        subtitle=(f"批次号：{campaign.year}-{campaign.code}　制表人：{by.display_name}　"
                  f"制表日期：{date_text(dt.date.today())}"),
        rows=tuple(card), notes=tuple(notes))
