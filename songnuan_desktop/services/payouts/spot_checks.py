"""Spot-checks (抽查) of paid households: a reproducible random draw, then a record of each check.

Public API:

- `draw(db, by, campaign_id, percent=None, seed=None, today=None) -> SpotCheckView` — the reviewer
  draws `percent` % (default: the office's setting `spot_check_percent`, 10) of the campaign's paid
  items, at least one. The population is every item of the campaign paid on or before the day of the
  draw (already checked ones included), in file-number order; the
  sample is `random.Random(seed).sample(population, k)`. The seed (drawn at random unless given) and
  the population size are stored, so `redraw` can show an auditor that the same seed over the same
  paid items gives the same households — nobody was picked or left out by hand. Whoever confirmed
  an item paid may not check it (the household they paid is not theirs to vouch for).
- `redraw(db, spot_check_id) -> list[uuid.UUID]` — the draw repeated from its seed over the same
  population (read only); it gives the stored households for as long as the data is kept.
- `record_check(db, by, entry_id, checked_on, checked_by, method, result, note="") -> EntryView` —
  the call-back (电话回访) or home check (入户核查) and what it found (属实 / 不属实 / 联系不上). The
  first record of an item moves it 已发放 → 已抽查 (the state machine's move for the reviewer), in the
  same transaction. A result other than 属实 needs a note saying what was found.
- `export_list(db, by, spot_check_id, out_path) -> Path` — the 抽查登记表 PDF to call back or visit
  from (results filled in if recorded): address, date paid, method and voucher number of each
  household and a column for the household's confirmation; who drew the sample named as recorded, the
  signing lines blank (抽取人, 复核人 — never the drawer —, 负责人); dates as 2027年2月1日; every string
  checked against the fonts before the file is begun (MissingGlyphs names the household); audit-logged.
- `spot_checks_of(db, by, campaign_id) -> list[SpotCheckView]` — the draws of a campaign with their
  entries (phone masked unless the role may see it: the list is for calling back, so a reviewer sees it).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from songnuan_desktop.documents.fonts import cjk_font, cjk_heading_font
from songnuan_desktop.documents.glyphs import font_chain
from songnuan_desktop.documents.signing import names_beneath
from songnuan_desktop.documents.spot_check_pdf import CheckRow, CheckSheet, check_sheet, write_spot_check
from songnuan_desktop.domain.errors import NotFound, ValidationFailed
from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.ids import mask_phone
from songnuan_desktop.domain.paper_dates import date_text
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.roles import ROLES_SEEING_FULL_IDS
from songnuan_desktop.domain.states import PAID_STATES, ItemState, state_values
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import (
    AssistanceItem, Campaign, Office, OrgUnit, SpotCheck, SpotCheckEntry, User, Voucher, WorkerFile,
)
from songnuan_desktop.services.campaigns import transitions
from songnuan_desktop.services.campaigns.assistance import require_signed_in, who
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.office.settings import value_at
from songnuan_desktop.services.publishing.publish import publishing

METHODS = ("电话回访", "入户核查")
RESULTS = ("属实", "不属实", "联系不上")
MAX_SEED = 2**31 - 1  # fits a 32-bit signed integer column on every database


@dataclass(frozen=True)
class EntryView:
    id: uuid.UUID
    item_id: uuid.UUID
    position: int
    name: str
    file_no: str
    unit: str
    category: str
    amount_fen: int
    paid_on: dt.date | None
    phone: str
    address: str
    checked_on: dt.date | None
    checked_by: str
    method: str
    result: str
    note: str
    paid_method: str = ""  # cash | card
    voucher: str = ""  # the item's live voucher number


PAID_METHODS = {"cash": "现金", "card": "银行卡"}


@dataclass(frozen=True)
class SpotCheckView:
    id: uuid.UUID
    campaign_id: uuid.UUID
    campaign_name: str
    drawn_on: dt.date
    percent: int
    seed: int
    population: int
    entries: tuple[EntryView, ...]

    @property
    def checked(self) -> int:
        return sum(1 for e in self.entries if e.result)


def _problem(code: str, message: str) -> ValidationFailed:
    return ValidationFailed(code, message, {"field": code})




def _paid_items(session: Session, campaign_id: uuid.UUID, until: dt.date) -> list[uuid.UUID]:
    """The population of a draw: the campaign's items paid on or before `until` (checked ones too), in
    file-number order. Later checks and payments do not change it, so a draw can be repeated years on."""
    return list(session.scalars(
        select(AssistanceItem.id).join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
        .where(AssistanceItem.campaign_id == campaign_id, AssistanceItem.state.in_(state_values(PAID_STATES)),
               AssistanceItem.paid_on <= until)
        .order_by(WorkerFile.file_no, AssistanceItem.id)))


def sample_of(population: list[uuid.UUID], percent: int, seed: int) -> list[uuid.UUID]:
    """`percent` % of the population (rounded up, at least one), chosen by `seed`."""
    if not population:
        return []
    k = min(len(population), max(1, math.ceil(len(population) * percent / 100)))
    return random.Random(seed).sample(population, k)


def draw(db: Database, by: SessionUser, campaign_id: uuid.UUID, percent: int | None = None,
         seed: int | None = None, today: dt.date | None = None) -> SpotCheckView:
    by.require(Action.SPOT_CHECK)
    user_id = require_signed_in(by, "抽查")
    today = today or dt.date.today()
    with db.write(by.actor) as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None or campaign.office_id != by.office_id or campaign.deleted:
            raise NotFound("campaign", "找不到该活动，可能已被删除。")
        share = int(percent if percent is not None else value_at(session, by.office_id, "spot_check_percent", today))
        if not 1 <= share <= 100:
            raise _problem("percent", f"抽查比例应在 1% 到 100% 之间，填写的是 {share}%。")
        seed = secrets.randbelow(MAX_SEED) if seed is None else seed
        if not 0 <= seed <= MAX_SEED:
            raise _problem("seed", f"随机种子应在 0 到 {MAX_SEED} 之间。")
        population = _paid_items(session, campaign_id, today)
        if not population:
            raise _problem("population", f"“{campaign.name}”还没有已发放的名单项，发放确认后再抽查。")
        chosen = sample_of(population, share, seed)
        mine = set(session.scalars(select(AssistanceItem.id).where(
            AssistanceItem.id.in_(chosen), AssistanceItem.paid_by == user_id)))
        if mine:
            names = _names(session, sorted(mine))
            raise _problem("four_eyes", f"抽中的{('、'.join(names[:3]))}等 {len(mine)} 户是您确认发放的："
                                        "四眼原则要求由未经手发放的审核人抽查，请换一位审核人抽取。")
        check = SpotCheck(origin_office_id=by.office_id, office_id=by.office_id, campaign_id=campaign_id,
                          drawn_on=today, drawn_by=user_id, percent=share, seed=seed, population=len(population))
        check.entries = [SpotCheckEntry(origin_office_id=by.office_id, item_id=item_id, position=i)
                         for i, item_id in enumerate(chosen, start=1)]
        session.add(check)
        session.flush()
        return _view(session, check, by)


def redraw(db: Database, spot_check_id: uuid.UUID) -> list[uuid.UUID]:
    """The draw repeated from its stored seed over the paid items as they are now (read only)."""
    with db.read() as session:
        check = session.get(SpotCheck, spot_check_id)
        if check is None:
            raise NotFound("spot_check", "找不到该次抽查。")
        return sample_of(_paid_items(session, check.campaign_id, check.drawn_on), check.percent, check.seed)


def record_check(db: Database, by: SessionUser, entry_id: uuid.UUID, checked_on: dt.date, checked_by: str,
                 method: str, result: str, note: str = "") -> EntryView:
    by.require(Action.RECORD_SPOT_CHECK)
    require_signed_in(by, "登记抽查结果")
    checked_by, note = checked_by.strip(), note.strip()
    if method not in METHODS:
        raise _problem("method", f"请选择核查方式：{'、'.join(METHODS)}。")
    if result not in RESULTS:
        raise _problem("result", f"请选择核查结果：{'、'.join(RESULTS)}。")
    if not checked_by:
        raise _problem("checked_by", "请填写核查人（打电话或入户的人）。")
    if result != "属实" and not note:
        raise _problem("note", f"核查结果为“{result}”时，请在备注中写明核查到的情况。")
    with db.write(by.actor) as session:
        entry = session.get(SpotCheckEntry, entry_id)
        if entry is None or entry.spot_check.office_id != by.office_id:
            raise NotFound("spot_check_entry", "找不到该抽查记录。")
        if checked_on < entry.spot_check.drawn_on:
            raise _problem("checked_on", f"核查日期不能早于抽取日期 {date_text(entry.spot_check.drawn_on)}。")
        state = session.scalar(select(AssistanceItem.state).where(AssistanceItem.id == entry.item_id))
        if state == ItemState.PAID.value:
            transitions.apply(session, by, [entry.item_id], ItemState.SAMPLED,
                              f"抽查（{method}）：{result}" + (f"，{note}" if note else ""), checked_on)
        entry.checked_on, entry.checked_by, entry.method, entry.result, entry.note = (
            checked_on, checked_by, method, result, note)
        session.flush()
        view = _view(session, entry.spot_check, by)
        return next(e for e in view.entries if e.id == entry_id)


def spot_checks_of(db: Database, by: SessionUser, campaign_id: uuid.UUID) -> list[SpotCheckView]:
    with db.read() as session:
        checks = session.scalars(select(SpotCheck).where(
            SpotCheck.campaign_id == campaign_id, SpotCheck.office_id == by.office_id)
            .order_by(SpotCheck.drawn_on.desc(), SpotCheck.created_at.desc())).all()
        return [_view(session, c, by) for c in checks]


def export_list(db: Database, by: SessionUser, spot_check_id: uuid.UUID, out_path: Path) -> Path:
    """The spot-check list as an A4 PDF (phones as the role may see them); the print is audit-logged."""
    out = Path(out_path)
    if not out.parent.is_dir():
        raise _problem("path", f"保存位置不存在：{out.parent}，请选择一个已有的文件夹。")
    with db.read() as session:
        check = session.get(SpotCheck, spot_check_id)
        if check is None or check.office_id != by.office_id:
            raise NotFound("spot_check", "找不到该次抽查。")
        view = _view(session, check, by)
        office_name = session.scalar(select(Office.name).where(Office.id == by.office_id)) or ""
        names = tuple(str(value_at(session, by.office_id, key, view.drawn_on) or "")
                      for key in ("signatory_handler", "signatory_reviewer", "signatory_head"))
        today = dt.date.today()
        font_setting = value_at(session, by.office_id, "pdf_font_path", today) or None
        extra_fonts = str(value_at(session, by.office_id, "pdf_extra_fonts", today) or "")
        beneath = names_beneath(value_at(session, by.office_id, "signature_names", today))
        drawer = session.scalar(select(User.display_name).where(User.id == check.drawn_by)) or ""
    rows = tuple(CheckRow(e.position, e.name, e.file_no, e.unit, e.category, format_fen(e.amount_fen), e.phone,
                          e.method, e.result, e.checked_by, date_text(e.checked_on) if e.checked_on else "",
                          e.note, e.address, date_text(e.paid_on) if e.paid_on else "",
                          PAID_METHODS.get(e.paid_method, e.paid_method), e.voucher) for e in view.entries)
    sheet = CheckSheet(office_name, view.campaign_name, date_text(view.drawn_on), view.percent, view.seed,
                       view.population, rows, f"{by.display_name}（{by.username}）",
                       (names[0], names[1], names[2]), drawer, beneath, extra_fonts)
    font = cjk_font(font_setting)
    check_sheet(sheet, font_chain(font, extra_fonts or None))  # refused before any file is begun
    with publishing(db, "spot_check", out) as pub:  # names and phones: logged before it is under its name
        pages = write_spot_check(sheet, pub.temp, font, cjk_heading_font(font_setting))
        with db.write(by.actor) as session:
            audit.append(session, by.actor, "print_spot_check", "spot_checks", str(view.id),
                         after={"campaign": view.campaign_name, "entries": len(view.entries), "path": str(out),
                                "pages": pages})
            pub.record(session, by.actor, {"entries": len(view.entries), "pages": pages})
    return out


def _names(session: Session, item_ids: list[uuid.UUID]) -> list[str]:
    rows = session.execute(select(WorkerFile.name, WorkerFile.file_no)
                           .join(AssistanceItem, AssistanceItem.worker_file_id == WorkerFile.id)
                           .where(AssistanceItem.id.in_(item_ids)).order_by(WorkerFile.file_no))
    return [who(name, file_no) for name, file_no in rows]


def _view(session: Session, check: SpotCheck, by: SessionUser) -> SpotCheckView:
    full = bool(by.roles & ROLES_SEEING_FULL_IDS)
    campaign_name = session.scalar(select(Campaign.name).where(Campaign.id == check.campaign_id)) or ""
    items = {row.id: row for row in session.execute(
        select(AssistanceItem.id, AssistanceItem.category, AssistanceItem.amount_fen, AssistanceItem.paid_on,
               AssistanceItem.paid_method, WorkerFile.name, WorkerFile.file_no, WorkerFile.phone, WorkerFile.address,
               OrgUnit.name.label("unit"))
        .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
        .outerjoin(OrgUnit, OrgUnit.id == WorkerFile.work_unit_id)
        .where(AssistanceItem.id.in_([e.item_id for e in check.entries])))}
    vouchers = dict(session.execute(select(Voucher.item_id, Voucher.number).where(
        Voucher.item_id.in_(list(items)), Voucher.voided_at.is_(None))).all())
    entries = []
    for e in check.entries:
        row = items[e.item_id]
        entries.append(EntryView(
            e.id, e.item_id, e.position, row.name, row.file_no, row.unit or "", row.category, row.amount_fen,
            row.paid_on, row.phone if full else mask_phone(row.phone), row.address if full else "",
            e.checked_on, e.checked_by, e.method, e.result, e.note, row.paid_method or "", vouchers.get(e.item_id, "")))
    return SpotCheckView(check.id, check.campaign_id, campaign_name, check.drawn_on, check.percent, check.seed,
                         check.population, tuple(entries))


__all__ = ["METHODS", "RESULTS", "EntryView", "SpotCheckView", "draw", "export_list", "record_check", "redraw",
           "sample_of", "spot_checks_of"]
