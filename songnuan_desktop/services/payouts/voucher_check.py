"""核验凭证: a voucher scanned (its QR code) or typed (its number) at the counter, checked against the
database before money is handed over (issue 17 item 6: vouchers printed 扫码核验凭证号 and nothing read it).

The QR code carries `number|CHECK` (domain.vouchers.qr_payload): the check digits bind the number to its
amount and to the office that printed it, so a voucher whose amount was altered by hand, or one printed
by another office, does not match. The verdict says in words whether money may be handed over on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import aliased

from songnuan_desktop.domain.errors import ValidationFailed
from songnuan_desktop.domain.ids import mask_id
from songnuan_desktop.domain.local_time import local
from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.paper_dates import date_text, moment_text
from songnuan_desktop.domain.states import PAID_STATES, STATE_LABELS, ItemState
from songnuan_desktop.domain.vouchers import checksum, rmb_capitals
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, Campaign, User, Voucher, WorkerFile
from songnuan_desktop.services.files.file_detail import sees_full_numbers
from songnuan_desktop.services.office.session_user import SessionUser

# What the verdict means for the counter: only LIVE may be paid out on.
LIVE, PAID, VOIDED, NOT_PAYABLE, MISMATCH, UNKNOWN = "live", "paid", "voided", "not_payable", "mismatch", "unknown"


@dataclass(frozen=True)
class VoucherCheck:
    number: str
    verdict: str  # one of LIVE … UNKNOWN
    headline: str  # the one sentence the clerk acts on
    facts: tuple[tuple[str, str], ...]  # (label, value) of the voucher as the database has it
    checked_code: bool  # the scanned check digits were compared (a typed number has none)

    @property
    def payable(self) -> bool:
        return self.verdict == LIVE


def parse(text: str) -> tuple[str, str]:
    """'2027-SWN01-000007|1A2B3C4D' or '2027-SWN01-000007' → (number, check); a refusal in words for
    anything else (a scanner that typed nothing, a stray line)."""
    number, _, check = text.strip().partition("|")
    number, check = number.strip().upper(), check.strip().upper()
    parts = number.split("-")
    if len(parts) != 3 or not (parts[0].isdigit() and len(parts[0]) == 4 and parts[2].isdigit()):
        shown = text.strip()[:40]
        raise ValidationFailed("voucher_code", f"“{shown}”不是凭证编号。凭证编号形如 2027-SWN01-000007；"
                               "请扫描凭证右上角的二维码，或照凭证上的编号输入。", {"text": shown})
    return number, check


def check_voucher(db: Database, by: SessionUser, text: str) -> VoucherCheck:
    """What the database says of the voucher `text` names (scanned or typed), for this office."""
    number, check = parse(text)
    replacement = aliased(Voucher)
    with db.read() as session:
        found = session.execute(
            select(Voucher, AssistanceItem, Campaign.name, WorkerFile.name, WorkerFile.file_no, WorkerFile.id_number,
                   User.display_name)
            .join(AssistanceItem, AssistanceItem.id == Voucher.item_id)
            .join(Campaign, Campaign.id == AssistanceItem.campaign_id)
            .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
            .outerjoin(User, User.id == Voucher.printed_by)
            .where(Voucher.office_id == by.office_id, Voucher.number == number)).first()
        if found is None:
            return VoucherCheck(number, UNKNOWN, f"本单位没有编号为 {number} 的凭证：可能是其他单位的凭证，"
                                "或编号输错。请勿据此发放，核对原件后再试。", (), bool(check))
        voucher, item, campaign, name, file_no, id_number, printer = found
        newer = None
        if voucher.voided_at is not None:
            newer = session.scalar(select(replacement.number).where(
                replacement.item_id == voucher.item_id, replacement.voided_at.is_(None)))
        voided_by = session.scalar(select(User.display_name).where(User.id == voucher.voided_by)) \
            if voucher.voided_by else None
    shown_id = id_number if sees_full_numbers(by) else mask_id(id_number)
    facts = [("凭证编号", number), ("所属活动", campaign), ("领款人", f"{name}（{file_no}，身份证号 {shown_id}）"),
             ("金额", f"{format_fen(item.amount_fen)} 元（大写：人民币{rmb_capitals(item.amount_fen)}）"),
             ("名单项状态", STATE_LABELS[ItemState(item.state)]),
             ("打印", f"{moment_text(local(voucher.printed_at))}，{printer or '（未知）'}"
                      + (f"；补打 {voucher.reprint_count} 次" if voucher.reprint_count else ""))]
    if check and check != checksum(number, item.amount_fen, by.office_id):
        return VoucherCheck(number, MISMATCH, f"凭证 {number} 的二维码校验不符：凭证上的金额可能被改动，"
                            f"或它不是本单位打印的。本单位记录的金额是 {format_fen(item.amount_fen)} 元。"
                            "请勿据此发放，交负责人核查。",
                            tuple(facts), True)
    if voucher.voided_at is not None:
        facts.append(("作废", f"{moment_text(local(voucher.voided_at))}，{voided_by or '（未知）'}；"
                               f"原因：{voucher.void_reason}"))
        then = f"补发凭证为 {newer}，请凭补发的凭证发放。" if newer else "该名单项尚未补发凭证。"
        return VoucherCheck(number, VOIDED, f"凭证 {number} 已于{date_text(local(voucher.voided_at).date())}作废，"
                            f"不得据此发放。{then}", tuple(facts), bool(check))
    state = ItemState(item.state)
    if state in PAID_STATES:
        how = {"cash": "现金", "card": "银行卡"}.get(item.paid_method, item.paid_method or "")
        when = date_text(item.paid_on) if isinstance(item.paid_on, dt.date) else "（日期未记）"
        facts.append(("发放", f"{when}{('，' + how) if how else ''}"))
        return VoucherCheck(number, PAID, f"凭证 {number} 的款项已于{when}发放，不得再次发放。", tuple(facts),
                            bool(check))
    if state != ItemState.APPROVED:
        return VoucherCheck(number, NOT_PAYABLE, f"凭证 {number} 所属名单项现为“{STATE_LABELS[state]}”，不是“已批准”，"
                            "不得据此发放。", tuple(facts), bool(check))
    code = "二维码校验相符" if check else "按编号核验，未扫二维码"
    return VoucherCheck(number, LIVE, f"凭证 {number} 有效（{code}）：可凭此发放 {format_fen(item.amount_fen)} 元"
                        f"给 {name}。发放后请在本程序“确认已发放”。", tuple(facts), bool(check))
