"""Vouchers (困难补助资金发放凭证): numbers, printing, reprints (补打) and voids (作废).

Public API (frozen dataclasses out):

- `print_vouchers(db, by, target, out_path, reprint=False) -> VouchersPrinted` — `target` is a
  campaign (its id, or its name or id as text: every approved item of it) or a list of item ids.
  An item without a live voucher gets the next number of its office and year (the campaign's year)
  and must be 已批准 (approved). An item that has one is printed again only with `reprint=True`, marked
  补打 with its count (approved, paid or sampled items); without it such an item is skipped when a
  campaign is printed and refused when named. A named item that may not be printed refuses the whole
  print (`BatchRefused`, each item and why), nothing written.
  An item of goods alone (慰问品, cash 0; issue 16 item 3) consumes no number: skipped when a campaign is
  printed, refused when named — the roster it signs is its receipt.
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

Numbering: `year-CODE-000007`, the sequence gapless within its series — setting voucher_series: per_campaign
(the default: one campaign's vouchers run 1, 2, 3 … with no gap, which is what an auditor checks — the
vouchers of one campaign against its approved list and its money) or per_year (one sequence per office and
year across the year's campaigns, as before). Vouchers keep the numbers they were given; only new numbers
follow the setting, and a series never gives a number already used by the other (services.payouts.voucher_store).
Allocated in the transaction that records the print and writes the PDF under a temporary name; if writing
the PDF fails, nothing is recorded and the numbers are not used, so no number is ever skipped. The PDF is
renamed into place only after the commit (services.publishing.publish): a kill in between leaves the numbers used and
known, and the next start finishes the rename or names the vouchers to reprint (补打) or void (作废). The counter row is
locked (`SELECT … FOR UPDATE` on PostgreSQL; SQLite's write lock taken at BEGIN with
`engine.lock_for_writing`, because a deferred transaction that read the counter cannot take the write
lock once another process has written), and the items are locked too, so two prints at once wait for
each other instead of numbering the same item twice; a unique index keeps one live voucher per item.

Roles: the clerk (经办人) prepares and prints vouchers (SPEC §1), and finance (财务) may print or
reprint at the payout desk; either may void a spoiled voucher. Nobody else: the approver signs the
paper as 负责人 by hand on a blank line (负责人（签字）：＿＿＿), the names of settings signatory_* printed small
beneath the lines only when setting signature_names is "beneath". Every print, reprint and void is in
the audit log: one entry per voucher row written and one for the print with its numbers and file; a 补打
also records its date and who on the voucher row (reprinted_at, reprinted_by) and prints them.

On paper (documents.voucher_pdf): a 补打 of a voucher whose item is paid is a 存档联 ("已于2026年2月1日发放，
此为补打存档联", nothing to sign); a voided copy carries the void's date, who and reason; a voucher of an
item whose earlier voucher was voided says "补发，原凭证 … 已作废"; a 金秋助学 voucher names the student, the
school and the 学段 from the household's members (domain.vouchers.student_text). Every string is checked
against the font chain (documents.glyphs) before any number is given: a character no font has refuses the
print naming the person, and no number is used.
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
from songnuan_desktop.documents.glyphs import font_chain
from songnuan_desktop.documents.voucher_pdf import VoucherCopy, VoucherSet, check_glyphs, write_vouchers
from songnuan_desktop.domain.errors import BatchRefused, NotFound, RefusedItem, ValidationFailed
from songnuan_desktop.domain.ids import mask_id
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.states import APPROVED_OR_LATER, PAID_STATES, STATE_LABELS, ItemState
from songnuan_desktop.domain.paper_dates import date_text
from songnuan_desktop.domain.vouchers import qr_payload, school_level, student_text
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.base import utcnow
from songnuan_desktop.persistence.engine import lock_for_writing
from songnuan_desktop.persistence.models import (
    AssistanceItem, Campaign, HouseholdMember, Office, OrgUnit, User, Voucher, WorkerFile,
)
from songnuan_desktop.services.campaigns.assistance import who
from songnuan_desktop.services.audit.audit_anchor import tip_now
from songnuan_desktop.services.campaigns.notice_print import _campaign as find_campaign
from songnuan_desktop.services.publishing.publish import publishing
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.office.settings import value_at
from songnuan_desktop.services.payouts.voucher_store import (
    Wanted, allocate, insert_vouchers, live_vouchers, mark_reprinted, mark_voided,
)
from songnuan_desktop.storage import export_path

NEW_STATES = frozenset({ItemState.APPROVED.value})
REPRINT_STATES = APPROVED_OR_LATER
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
    reprinted_at: dt.datetime | None = None


def _as_printed(live: Row[Any] | None, now: dt.datetime) -> _Unnumbered:
    """What the print will show of an item's voucher: no number for a new one, the next 补打 count for another."""
    if live is None:
        return _Unnumbered(now)
    return _Unnumbered(live.printed_at, live.number, live.reprint_count + 1, now)


@dataclass(frozen=True)
class _Context:
    """What a voucher says besides its item: the voided number it replaces, the student, the people's names."""

    replaces: dict[uuid.UUID, str]  # item id → the number of its latest voided voucher
    students: dict[uuid.UUID, str]  # item id → 受助学生/就读学校/学段 (金秋助学 items)
    names: dict[uuid.UUID, str]  # user id → display name
    by_name: str


def _context(session: Session, by: SessionUser, rows: Sequence[Row[Any]],
             users: Sequence[uuid.UUID | None] = ()) -> _Context:
    ids = [r.id for r in rows]
    replaces: dict[uuid.UUID, str] = {}
    for start in range(0, len(ids), CHUNK):
        for item_id, number in session.execute(
                select(Voucher.item_id, Voucher.number)
                .where(Voucher.item_id.in_(ids[start:start + CHUNK]), Voucher.voided_at.is_not(None))
                .order_by(Voucher.voided_at)):
            replaces[item_id] = number
    wanted = [u for u in dict.fromkeys(users) if u is not None]
    names: dict[uuid.UUID, str] = {}
    if wanted:
        names = {row.id: row.display_name for row in session.execute(
            select(User.id, User.display_name).where(User.id.in_(wanted)))}
    return _Context(replaces, _students(session, [r for r in rows if r.item_kind == "金秋助学"]), names,
                    by.display_name)


def _students(session: Session, rows: Sequence[Row[Any]]) -> dict[uuid.UUID, str]:
    """The household's members at school of the item's 学段 (高中/大学), as the standards count them on the
    campaign's first day. The item names no member: a household with two of the level shows both."""
    if not rows:
        return {}
    files = list({r.worker_file_id for r in rows})
    m = HouseholdMember
    members: dict[uuid.UUID, list[Row[Any]]] = {}
    for start in range(0, len(files), CHUNK):
        for member in session.execute(
                select(m.worker_file_id, m.name, m.unit_or_school, m.birth_date)
                .where(m.worker_file_id.in_(files[start:start + CHUNK]), m.identity == "学生")
                .order_by(m.worker_file_id, m.position)):
            members.setdefault(member.worker_file_id, []).append(member)
    out = {}
    for r in rows:
        at_school = [x for x in members.get(r.worker_file_id, []) if x.unit_or_school]
        found = [(x.name, x.unit_or_school) for x in at_school
                 if school_level(x.unit_or_school, _age(x.birth_date, r.start_date)) == r.tier]
        if not found and r.tier == "高中":  # proposed later in the year, when the 中学 pupil had turned 15
            found = [(x.name, x.unit_or_school) for x in at_school if "中学" in x.unit_or_school]
        out[r.id] = student_text(r.tier, found)
    return out


def _age(born: dt.date | None, on: dt.date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@dataclass
class _Plan:
    campaign_name: str
    rows: list[Row[Any]]  # items in printing order
    live: dict[uuid.UUID, Row[Any]]  # item id → its live voucher


def print_vouchers(db: Database, by: SessionUser, target: Target, out_path: Path | str,
                   reprint: bool = False) -> VouchersPrinted:
    """Number and print (see the module doc): the PDF is written under a temporary name, the numbers and its
    publication committed, and only then is it renamed into place (services.publishing.publish)."""
    by.require(Action.PRINT_VOUCHERS)
    out = _checked_path(out_path)
    with publishing(db, "vouchers", out) as pub, db.write(by.actor) as session:
        lock_for_writing(session)
        plan = _plan(session, by, target, reprint)
        context = _context(session, by, plan.rows)
        fonts, extra = _fonts(session, by), _setting(session, by, "pdf_extra_fonts")
        # Every string against the fonts before a number is given: a refusal uses no number.
        now = utcnow()
        probe = [_copy(by, r, _as_printed(plan.live.get(r.id), now), context) for r in plan.rows]
        check_glyphs(_document(session, by, probe, ""), font_chain(fonts[0], extra or None))
        numbers = allocate(session, by, [Wanted(r.id, r.campaign_id, r.year, r.code) for r in plan.rows
                                         if r.id not in plan.live], _setting(session, by, "voucher_series"))
        fresh = insert_vouchers(session, by, numbers)
        again = mark_reprinted(session, by, [plan.live[r.id] for r in plan.rows if r.id in plan.live])
        vouchers = {**fresh, **again}
        copies = sorted((_copy(by, r, vouchers[r.id], context) for r in plan.rows), key=lambda c: c.number)
        # The paper's anchor covers its own numbers: the file is renamed into place only once they are committed.
        tip = tip_now(session)
        write_vouchers(_document(session, by, copies, tip), pub.temp, *fonts, extra_fonts=extra)
        audit.append(session, by.actor, ACTION_PRINT, "vouchers", "", after={
            "campaign": plan.campaign_name, "new": len(fresh), "reprinted": len(again),
            "numbers": [c.number for c in copies], "path": str(out),
            **({"replaces": {c.number: c.replaces for c in copies if c.replaces}}
               if any(c.replaces for c in copies) else {})})
        pub.record(session, by.actor, {"vouchers": [[c.number, c.reprint] for c in copies]})
    return VouchersPrinted(out, tuple(c.number for c in copies), len(fresh), len(again))


def sample_vouchers(db: Database, by: SessionUser, target: Target, out_path: Path | str,
                    reprint: bool = False) -> VoucherSample:
    """The 样张 of a print (see the module doc): the same items, pages and order `print_vouchers` would give,
    written to `out_path` without numbers (a reprint shows its numbers, not yet counted) and marked 样张
    across every part. Nothing is recorded: the preview allocates nothing."""
    by.require(Action.PRINT_VOUCHERS)
    out = _checked_path(out_path)
    with db.read() as session:
        plan = _plan(session, by, target, reprint, lock=False)
        context = _context(session, by, plan.rows)
        now = utcnow()
        copies = [_copy(by, r, _as_printed(plan.live.get(r.id), now), context, sample=True) for r in plan.rows]
        document = replace(_document(session, by, copies, ""), sample=SAMPLE_REPRINT if reprint else SAMPLE_NEW)
        fonts, extra = _fonts(session, by), _setting(session, by, "pdf_extra_fonts")
    write_vouchers(document, out, *fonts, extra_fonts=extra)
    return VoucherSample(out, tuple(r.id for r in plan.rows), reprint, sum(1 for r in plan.rows if r.id in plan.live))


def void_voucher(db: Database, by: SessionUser, voucher_id: uuid.UUID, reason: str) -> VoucherView:
    by.require(Action.VOID_VOUCHER)
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
    by.require(Action.PRINT_VOID_VOUCHERS)
    out = _checked_path(out_path)
    with publishing(db, "vouchers_voided", out) as pub, db.write(by.actor) as session:
        tip = tip_now(session)
        rows = [_voucher_row(session, by, i) for i in dict.fromkeys(voucher_ids)]
        not_void = [r.number for r in rows if r.voided_at is None]
        if not_void or not rows:
            raise ValidationFailed("not_voided", f"只能打印已作废凭证的作废联：{'、'.join(not_void) or '未选择凭证'}。")
        items = {r.id: r for r in _items(session, by.office_id, [r.item_id for r in rows])}
        context = _context(session, by, list(items.values()), [r.voided_by for r in rows])
        copies = [replace(_copy(by, items[r.item_id], r, context), voided=True, void_reason=r.void_reason, reprint=0,
                          reprint_on="", reprint_by="",
                          void_on=date_text(_local_day(r.voided_at)), void_by=context.names.get(r.voided_by, ""),
                          replaces=_earlier(context, r))
                  for r in rows]
        write_vouchers(_document(session, by, copies, tip), pub.temp, *_fonts(session, by),
                       extra_fonts=_setting(session, by, "pdf_extra_fonts"))
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
    return export_path(out_path)


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
    if row.state in NEW_STATES and row.amount_fen <= 0:  # issue 16 item 3: goods alone consume no number
        return "只发慰问品、没有慰问金，不开发放凭证（以签收表为凭）"
    return "" if row.state in NEW_STATES else f"当前为“{state}”，只有已批准的名单项才能开具发放凭证"


def _items(session: Session, office_id: uuid.UUID, ids: Sequence[uuid.UUID], lock: bool = False) -> list[Row[Any]]:
    i = AssistanceItem
    out: list[Row[Any]] = []
    for start in range(0, len(ids), CHUNK):
        query = (
            select(i.id, i.state, i.amount_fen, i.category, i.item_kind, i.tier, i.fund_source, i.paid_method,
                   i.paid_on, i.campaign_id, i.worker_file_id, Campaign.year, Campaign.code, Campaign.start_date,
                   Campaign.name.label("campaign_name"), WorkerFile.name,
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
        select(Voucher.id, Voucher.item_id, Voucher.number, Voucher.voided_at, Voucher.voided_by, Voucher.void_reason,
               Voucher.printed_at, Voucher.reprint_count, Voucher.reprinted_at, Voucher.row_version,
               AssistanceItem.state)
        .join(AssistanceItem, AssistanceItem.id == Voucher.item_id)
        .where(Voucher.id == voucher_id, Voucher.office_id == by.office_id).with_for_update(of=Voucher.__table__)
    ).first()
    if row is None:
        raise NotFound("voucher", "找不到该凭证。", {"voucher_id": str(voucher_id)})
    return cast(Row[Any], row)


# --- the document -----------------------------------------------------------------------------------

def _copy(by: SessionUser, item: Row[Any], voucher: Any, context: _Context, sample: bool = False) -> VoucherCopy:
    reprinted = voucher.reprint_count > 0
    paid = item.state in PAID_STATES  # a 补打 of these is a 存档联
    return VoucherCopy(
        number=voucher.number,
        qr_payload="" if sample or not voucher.number else qr_payload(voucher.number, item.amount_fen, by.office_id),
        payee=item.name, id_number=mask_id(item.id_number), file_no=item.file_no, unit=item.unit or "",
        category=item.category, item=item.item_kind, fund_source=item.fund_source, campaign=item.campaign_name,
        amount_fen=item.amount_fen, payout=_payout(item), issued_on=date_text(_local_day(voucher.printed_at)),
        reprint=voucher.reprint_count,
        reprint_on=date_text(_local_day(voucher.reprinted_at or utcnow())) if reprinted else "",
        reprint_by=context.by_name if reprinted else "",
        paid_on=(date_text(item.paid_on) if item.paid_on else "（日期未登记）") if paid else "",
        replaces=_earlier(context, voucher, item.id), student=context.students.get(item.id, ""))


def _earlier(context: _Context, voucher: Any, item_id: uuid.UUID | None = None) -> str:
    """The voided voucher this one was issued instead of (none for a voided one naming itself)."""
    number = context.replaces.get(item_id or voucher.item_id, "")
    return "" if number == voucher.number else number


def _payout(item: Row[Any]) -> str:
    card = (item.bank_card or "").replace(" ", "")
    if item.paid_method == "cash" or not card:
        return "现金"
    return f"银行卡：{item.bank_name}{item.bank_branch}（尾号 {card[-4:]}）"


def _local_day(moment: dt.datetime) -> dt.date:
    return moment.replace(tzinfo=dt.UTC).astimezone().date()


def _setting(session: Session, by: SessionUser, key: str) -> str:
    return str(value_at(session, by.office_id, key) or "")


def _document(session: Session, by: SessionUser, copies: list[VoucherCopy], tip: str) -> VoucherSet:
    setting = lambda key: _setting(session, by, key)  # noqa: E731
    office = session.scalar(select(Office.name).where(Office.id == by.office_id)) or ""
    return VoucherSet(office=office, parts=setting("voucher_parts"), handler=setting("signatory_handler"),
                      reviewer=setting("signatory_reviewer"), head=setting("signatory_head"), vouchers=tuple(copies),
                      audit_tip=tip, names_beneath=setting("signature_names") == "beneath")


def _fonts(session: Session, by: SessionUser) -> tuple[Any, Any]:
    font_setting = _setting(session, by, "pdf_font_path") or None
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
