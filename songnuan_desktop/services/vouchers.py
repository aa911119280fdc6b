"""Vouchers (困难补助资金发放凭证): numbers, printing, reprints (补打) and voids (作废).

Public API (frozen dataclasses out):

- `print_vouchers(db, by, target, out_path, reprint=False) -> VouchersPrinted` — `target` is a
  campaign (its id, or its name or id as text: every approved item of it) or a list of item ids.
  An item without a live voucher gets the next number of its office and year (the campaign's year)
  and must be 已批准 (approved). An item that has one is printed again only with `reprint=True`, marked
  补打 with its count (approved, paid or sampled items); without it such an item is skipped when a
  campaign is printed and refused when named. A named item that may not be printed refuses the whole
  print (`BatchRefused`, each item and why), nothing written.
- `sample_vouchers(db, by, target, out_path, reprint=False) -> VoucherSample` — the 样张 the preview shows
  before anything is printed: the same items and pages, no numbers (a watermark says they are given at
  print), nothing recorded. The window numbers them only when the clerk prints (the system print dialog
  accepted) or saves: `print_vouchers(…, sample.item_ids, …)`; closing the preview allocates nothing.
- `void_voucher(db, by, voucher_id, reason) -> VoucherView` — 作废: the voucher keeps its number and
  row and is marked voided with who, when and why; the item (still approved) gets a new number at its
  next print. An amount error is put right by voiding and printing anew, never by correcting a number.
  A voucher of an item already paid cannot be voided (it is the payee's receipt).
- `print_voided(db, by, voucher_ids, out_path) -> Path` — a copy of voided vouchers, marked 作废, on demand.
- `vouchers_of(db, by, campaign) -> list[VoucherView]` — the campaign's vouchers, voided ones included.

Numbering: `year-CODE-000007`, the sequence gapless per office and year across the year's campaigns,
allocated in the transaction that records the print and writes the PDF under a temporary name; if writing
the PDF fails, nothing is recorded and the numbers are not used, so no number is ever skipped. The PDF is
renamed into place only after the commit (services.publish): a kill in between leaves the numbers used and
known, and the next start finishes the rename or names the vouchers to reprint (补打) or void (作废). The counter row is
locked (`SELECT … FOR UPDATE` on PostgreSQL; SQLite's write lock taken at BEGIN with
`engine.lock_for_writing`, because a deferred transaction that read the counter cannot take the write
lock once another process has written), and the items are locked too, so two prints at once wait for
each other instead of numbering the same item twice; a unique index keeps one live voucher per item.

Roles: the clerk (经办人) prepares and prints vouchers (SPEC §1), and finance (财务) may print or
reprint at the payout desk; either may void a spoiled voucher. Nobody else: the approver signs the
paper as 负责人, the names printed from the settings signatory_*. Every print, reprint and void is in
the audit log: one entry per voucher row written and one for the print with its numbers and file.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from songnuan_desktop.documents.fonts import cjk_font, cjk_heading_font
from songnuan_desktop.documents.voucher_pdf import VoucherCopy, VoucherSet, write_vouchers
from songnuan_desktop.domain.eligibility import date_text
from songnuan_desktop.domain.errors import BatchRefused, NotFound, RefusedItem, ValidationFailed
from songnuan_desktop.domain.ids import mask_id
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.domain.states import STATE_LABELS, ItemState
from songnuan_desktop.domain.vouchers import qr_payload
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.base import utcnow
from songnuan_desktop.persistence.engine import lock_for_writing
from songnuan_desktop.persistence.models import AssistanceItem, Campaign, Office, OrgUnit, Voucher, WorkerFile
from songnuan_desktop.services.assistance import who
from songnuan_desktop.services.audit_anchor import tip_now
from songnuan_desktop.services.campaigns import require_any
from songnuan_desktop.services.notice_print import _campaign as find_campaign
from songnuan_desktop.services.publish import publishing
from songnuan_desktop.services.session_user import SessionUser
from songnuan_desktop.services.settings import value_at
from songnuan_desktop.services.voucher_store import (
    allocate, insert_vouchers, live_vouchers, mark_reprinted, mark_voided,
)

PRINT_ROLES = (Role.CLERK, Role.FINANCE)
NEW_STATES = frozenset({ItemState.APPROVED.value})
REPRINT_STATES = frozenset({ItemState.APPROVED.value, ItemState.PAID.value, ItemState.SAMPLED.value})
CHUNK = 500
ACTION_PRINT, ACTION_VOIDED_COPY = "print_vouchers", "print_voided_vouchers"
SAMPLE_NEW, SAMPLE_REPRINT = "样张 · 编号在打印时分配", "样张 · 补打在打印时登记"
Target = Sequence[uuid.UUID] | uuid.UUID | str


@dataclass(frozen=True)
class VoucherView:
    id: uuid.UUID
    item_id: uuid.UUID
    number: str
    year: int
    seq: int
    payee: str
    amount_fen: int
    printed_at: dt.datetime
    reprint_count: int
    voided: bool
    void_reason: str


@dataclass(frozen=True)
class VouchersPrinted:
    path: Path
    numbers: tuple[str, ...]  # every voucher in the file, in page order
    new: int
    reprinted: int

    def message(self) -> str:
        parts = [f"新开 {self.new} 张"] if self.new else []
        parts += [f"补打 {self.reprinted} 张"] if self.reprinted else []
        span = f"（{self.numbers[0]} 至 {self.numbers[-1]}）" if len(self.numbers) > 1 else ""
        return f"已打印凭证 {len(self.numbers)} 张：{'，'.join(parts)}{span}。"


@dataclass(frozen=True)
class VoucherSample:
    """A 样张 written for the preview: the items `print_vouchers` is to number when the clerk prints or saves."""

    path: Path
    item_ids: tuple[uuid.UUID, ...]  # in page order
    reprint: bool
    numbered: int  # items that already have a voucher (a reprint)

    def message(self) -> str:
        if self.reprint:
            return f"补打样张 {len(self.item_ids)} 张：打印或另存时登记补打次数。"
        return f"凭证样张 {len(self.item_ids)} 张：编号在打印或另存时分配，关闭预览不占用编号。"


@dataclass(frozen=True)
class _Unnumbered:
    """Where a 样张 has a voucher row to show: no number yet."""

    printed_at: dt.datetime
    number: str = ""
    reprint_count: int = 0


def _as_printed(live: Row[Any] | None, now: dt.datetime) -> _Unnumbered:
    """What the print will show of an item's voucher: no number for a new one, the next 补打 count for another."""
    if live is None:
        return _Unnumbered(now)
    return _Unnumbered(live.printed_at, live.number, live.reprint_count + 1)


@dataclass
class _Plan:
    campaign_name: str
    rows: list[Row[Any]]  # items in printing order
    live: dict[uuid.UUID, Row[Any]]  # item id → its live voucher


def print_vouchers(db: Database, by: SessionUser, target: Target, out_path: Path | str,
                   reprint: bool = False) -> VouchersPrinted:
    """Number and print (see the module doc): the PDF is written under a temporary name, the numbers and its
    publication committed, and only then is it renamed into place (services.publish)."""
    require_any(by, PRINT_ROLES, "打印发放凭证")
    out = _checked_path(out_path)
    with publishing(db, "vouchers", out) as pub, db.write(by.actor) as session:
        lock_for_writing(session)
        plan = _plan(session, by, target, reprint)
        numbers = allocate(session, by, [(r.id, r.year, r.code) for r in plan.rows if r.id not in plan.live])
        fresh = insert_vouchers(session, by, numbers)
        again = mark_reprinted(session, by, [plan.live[r.id] for r in plan.rows if r.id in plan.live])
        vouchers = {**fresh, **again}
        copies = sorted((_copy(by, r, vouchers[r.id]) for r in plan.rows), key=lambda c: c.number)
        # The paper's anchor covers its own numbers: the file is renamed into place only once they are committed.
        tip = tip_now(session)
        write_vouchers(_document(session, by, copies, tip), pub.temp, *_fonts(session, by))
        audit.append(session, by.actor, ACTION_PRINT, "vouchers", "", after={
            "campaign": plan.campaign_name, "new": len(fresh), "reprinted": len(again),
            "numbers": [c.number for c in copies], "path": str(out)})
        pub.record(session, by.actor, {"vouchers": [[c.number, c.reprint] for c in copies]})
    return VouchersPrinted(out, tuple(c.number for c in copies), len(fresh), len(again))


def sample_vouchers(db: Database, by: SessionUser, target: Target, out_path: Path | str,
                    reprint: bool = False) -> VoucherSample:
    """The 样张 of a print (see the module doc): the same items, pages and order `print_vouchers` would give,
    written to `out_path` without numbers (a reprint shows its numbers, not yet counted) and marked 样张
    across every part. Nothing is recorded: the preview allocates nothing."""
    require_any(by, PRINT_ROLES, "打印发放凭证")
    out = _checked_path(out_path)
    with db.read() as session:
        plan = _plan(session, by, target, reprint, lock=False)
        now = utcnow()
        copies = [_copy(by, r, _as_printed(plan.live.get(r.id), now), sample=True) for r in plan.rows]
        document = replace(_document(session, by, copies, ""), sample=SAMPLE_REPRINT if reprint else SAMPLE_NEW)
        fonts = _fonts(session, by)
    write_vouchers(document, out, *fonts)
    return VoucherSample(out, tuple(r.id for r in plan.rows), reprint, sum(1 for r in plan.rows if r.id in plan.live))


def void_voucher(db: Database, by: SessionUser, voucher_id: uuid.UUID, reason: str) -> VoucherView:
    require_any(by, PRINT_ROLES, "作废凭证")
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("reason", "作废凭证须填写原因（如：金额填写错误，作废重开）。", {"field": "reason"})
    with db.write(by.actor) as session:
        lock_for_writing(session)
        row = _voucher_row(session, by, voucher_id)
        if row.voided_at is not None:
            raise ValidationFailed("already_voided", f"凭证 {row.number} 已于此前作废，不能再次作废。")
        if row.state not in NEW_STATES:
            state = STATE_LABELS[ItemState(row.state)]
            raise ValidationFailed("voucher_paid", f"凭证 {row.number} 所对应的名单项为“{state}”，"
                                   "已发放的凭证是领款凭据，不能作废。")
        mark_voided(session, by, row, reason)
    return _views(db, by, [voucher_id])[0]


def print_voided(db: Database, by: SessionUser, voucher_ids: Sequence[uuid.UUID], out_path: Path | str) -> Path:
    """Copies of voided vouchers, each marked 作废 with its reason; logged, nothing else changes."""
    require_any(by, PRINT_ROLES, "打印作废凭证")
    out = _checked_path(out_path)
    with publishing(db, "vouchers_voided", out) as pub, db.write(by.actor) as session:
        tip = tip_now(session)
        rows = [_voucher_row(session, by, i) for i in dict.fromkeys(voucher_ids)]
        not_void = [r.number for r in rows if r.voided_at is None]
        if not_void or not rows:
            raise ValidationFailed("not_voided", f"只能打印已作废凭证的作废联：{'、'.join(not_void) or '未选择凭证'}。")
        items = {r.id: r for r in _items(session, by.office_id, [r.item_id for r in rows])}
        copies = [replace(_copy(by, items[r.item_id], r), voided=True, void_reason=r.void_reason)
                  for r in rows]
        write_vouchers(_document(session, by, copies, tip), pub.temp, *_fonts(session, by))
        audit.append(session, by.actor, ACTION_VOIDED_COPY, "vouchers", "",
                     after={"numbers": [c.number for c in copies], "path": str(out)})
        pub.record(session, by.actor, {"voided": [c.number for c in copies]})
    return out


def vouchers_of(db: Database, by: SessionUser, campaign: uuid.UUID | str) -> list[VoucherView]:
    with db.read() as session:
        found = find_campaign(session, by.office_id, campaign)
        ids = session.scalars(select(Voucher.id).join(AssistanceItem, AssistanceItem.id == Voucher.item_id)
                              .where(AssistanceItem.campaign_id == found.id)).all()
    return sorted(_views(db, by, ids), key=lambda v: (v.year, v.seq))


# --- what to print ----------------------------------------------------------------------------------

def _checked_path(out_path: Path | str) -> Path:
    out = Path(out_path)
    if not out.parent.is_dir():
        raise ValidationFailed("export_folder", f"保存位置不存在：{out.parent}，请选择一个已有的文件夹。",
                               {"field": "path"})
    return out


def _plan(session: Session, by: SessionUser, target: Target, reprint: bool, lock: bool = True) -> _Plan:
    named = not isinstance(target, (str, uuid.UUID))
    if named:
        ids: list[uuid.UUID] = list(dict.fromkeys(target))  # type: ignore[arg-type]
        campaign_name = ""
    else:
        campaign = find_campaign(session, by.office_id, target)  # type: ignore[arg-type]
        campaign_name = campaign.name
        states = REPRINT_STATES if reprint else NEW_STATES
        ids = list(session.scalars(select(AssistanceItem.id).where(
            AssistanceItem.campaign_id == campaign.id, AssistanceItem.state.in_(states))))
    rows: dict[uuid.UUID, Row[Any]] = {r.id: r for r in _items(session, by.office_id, ids, lock=lock)}
    live = live_vouchers(session, list(rows))
    refused = [RefusedItem(i, "所选名单项", "找不到该名单项，可能已被删除") for i in ids if i not in rows]
    chosen = []
    for row in rows.values():
        reason = _refusal(row, live.get(row.id), reprint)
        if reason and named:
            refused.append(RefusedItem(row.id, who(row.name, row.file_no), reason))
        elif not reason:
            chosen.append(row)
    if refused:
        raise BatchRefused.of("voucher_refused", "打印发放凭证", refused)
    if not chosen:
        raise ValidationFailed("nothing_to_print",
                               "没有可打印的凭证：已批准的名单项都已开出凭证（如需再打，请选择“补打”）。")
    chosen.sort(key=lambda r: (r.unit or "", r.file_no))
    return _Plan(campaign_name or chosen[0].campaign_name, chosen, live)


def _refusal(row: Row[Any], live: Row[Any] | None, reprint: bool) -> str:
    state = STATE_LABELS[ItemState(row.state)]
    if live is not None:
        if not reprint:
            return f"已开出凭证 {live.number}；如需再打，请选择“补打”"
        return "" if row.state in REPRINT_STATES else f"当前为“{state}”，不能补打凭证"
    return "" if row.state in NEW_STATES else f"当前为“{state}”，只有已批准的名单项才能开具发放凭证"


def _items(session: Session, office_id: uuid.UUID, ids: Sequence[uuid.UUID], lock: bool = False) -> list[Row[Any]]:
    i = AssistanceItem
    out: list[Row[Any]] = []
    for start in range(0, len(ids), CHUNK):
        query = (
            select(i.id, i.state, i.amount_fen, i.category, i.item_kind, i.fund_source, i.paid_method,
                   Campaign.year, Campaign.code, Campaign.name.label("campaign_name"), WorkerFile.name,
                   WorkerFile.file_no, WorkerFile.id_number, WorkerFile.bank_name, WorkerFile.bank_branch,
                   WorkerFile.bank_card, OrgUnit.name.label("unit"))
            .join(Campaign, Campaign.id == i.campaign_id).join(WorkerFile, WorkerFile.id == i.worker_file_id)
            .outerjoin(OrgUnit, OrgUnit.id == WorkerFile.work_unit_id)
            .where(i.id.in_(ids[start:start + CHUNK]), Campaign.office_id == office_id)
        )
        out += cast(list[Row[Any]], session.execute(query.with_for_update(of=i.__table__) if lock else query).all())
    return out


def _voucher_row(session: Session, by: SessionUser, voucher_id: uuid.UUID) -> Row[Any]:
    row = session.execute(
        select(Voucher.id, Voucher.item_id, Voucher.number, Voucher.voided_at, Voucher.void_reason,
               Voucher.printed_at, Voucher.reprint_count, Voucher.row_version, AssistanceItem.state)
        .join(AssistanceItem, AssistanceItem.id == Voucher.item_id)
        .where(Voucher.id == voucher_id, Voucher.office_id == by.office_id).with_for_update(of=Voucher.__table__)
    ).first()
    if row is None:
        raise NotFound("voucher", "找不到该凭证。", {"voucher_id": str(voucher_id)})
    return cast(Row[Any], row)


# --- the document -----------------------------------------------------------------------------------

def _copy(by: SessionUser, item: Row[Any], voucher: Any, sample: bool = False) -> VoucherCopy:
    return VoucherCopy(
        number=voucher.number,
        qr_payload="" if sample else qr_payload(voucher.number, item.amount_fen, by.office_id),
        payee=item.name, id_number=mask_id(item.id_number), file_no=item.file_no, unit=item.unit or "",
        category=item.category, item=item.item_kind, fund_source=item.fund_source, campaign=item.campaign_name,
        amount_fen=item.amount_fen, payout=_payout(item), issued_on=date_text(_local_day(voucher.printed_at)),
        reprint=voucher.reprint_count)


def _payout(item: Row[Any]) -> str:
    card = (item.bank_card or "").replace(" ", "")
    if item.paid_method == "cash" or not card:
        return "现金"
    return f"银行卡：{item.bank_name}{item.bank_branch}（尾号 {card[-4:]}）"


def _local_day(moment: dt.datetime) -> dt.date:
    return moment.replace(tzinfo=dt.UTC).astimezone().date()


def _document(session: Session, by: SessionUser, copies: list[VoucherCopy], tip: str) -> VoucherSet:
    setting = lambda key: str(value_at(session, by.office_id, key) or "")  # noqa: E731
    office = session.scalar(select(Office.name).where(Office.id == by.office_id)) or ""
    return VoucherSet(office=office, parts=setting("voucher_parts"), handler=setting("signatory_handler"),
                      reviewer=setting("signatory_reviewer"), head=setting("signatory_head"), vouchers=tuple(copies),
                      audit_tip=tip)


def _fonts(session: Session, by: SessionUser) -> tuple[Any, Any]:
    font_setting = str(value_at(session, by.office_id, "pdf_font_path") or "") or None
    return cjk_font(font_setting), cjk_heading_font(font_setting)


def _views(db: Database, by: SessionUser, ids: Sequence[uuid.UUID]) -> list[VoucherView]:
    with db.read() as session:
        rows = session.execute(
            select(Voucher, WorkerFile.name, AssistanceItem.amount_fen)
            .join(AssistanceItem, AssistanceItem.id == Voucher.item_id)
            .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
            .where(Voucher.id.in_(list(ids)), Voucher.office_id == by.office_id)).all()
    return [VoucherView(v.id, v.item_id, v.number, v.year, v.seq, name, amount, v.printed_at, v.reprint_count,
                        v.voided_at is not None, v.void_reason) for v, name, amount in rows]
