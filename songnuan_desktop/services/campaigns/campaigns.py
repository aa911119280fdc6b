"""Campaigns (活动/批次): create, change, read, and the budget used / reserved / left.

Public API (plain frozen dataclasses in and out; no ORM object leaves this module):

- `create_campaign(db, by, data, today=None) -> CampaignView` — clerk, approver or admin. A total
  budget above 0 is required; payment standards left empty are copied from the office's standards in
  force on the campaign's start date; look-back months and notice working days left as None come from
  the settings in force on `today`.
- `update_campaign(db, by, campaign_id, data, row_version, reason="") -> CampaignView` — same roles;
  refused when someone saved the campaign since it was read (`row_version`). **Raising** the total or
  any sub-budget (or adding one) needs the approver role and a reason; it is logged as an audit event
  `raise_budget` with before, after and the reason. No budget may go below what its items already
  hold (paid + reserved).
- `get_campaign(db, campaign_id) -> CampaignView`, `list_campaigns(db, office_id) -> list[CampaignSummary]`.
- `default_standards(db, office_id, kind, on) -> tuple[Standard, ...]` — what a new campaign starts with.
- Standards by household size (issue 16 item 4): `CampaignInput.bands` makes a tier a table of
  household-size bands (`domain.standard_bands.Band`); a tier has either one amount (`standards`) or
  bands, never both. `bands=None` on update keeps the campaign's bands; `()` removes them.
- `budget_status(db, campaign_id) -> BudgetStatus` (re-exported from `campaign_budget`): used (paid),
  reserved (holding, not yet paid) and left, for the total and every sub-budget line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from songnuan_desktop.domain import codes
from songnuan_desktop.domain import standard_bands
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.standard_bands import Band
from songnuan_desktop.domain.eligibility import yuan_text
from songnuan_desktop.domain.errors import NotFound, PermissionDenied, ValidationFailed
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.domain.states import HOLDING_STATES
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import (
    AssistanceItem, Campaign, CampaignBudget, CampaignStandard, PaymentStandard,
)
from songnuan_desktop.persistence.models_standard_bands import CampaignStandardBand
from songnuan_desktop.services.campaigns.campaign_budget import BudgetBook, BudgetLine, BudgetStatus, budget_status
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.office.settings import value_at

# The item kind a campaign of each kind pays, and the letters of its voucher code.
ITEM_KIND_OF = {"送温暖": "送温暖慰问", "金秋助学": "金秋助学", "医疗救助": "医疗救助", "生活救助": "生活救助",
                "临时救助": "临时救助"}
CODE_PREFIX = {"送温暖": "SWN", "金秋助学": "JQZX", "医疗救助": "YLJZ", "生活救助": "SHJZ", "临时救助": "LSJZ"}
STATUSES = {"planning": "筹备中", "active": "进行中", "closed": "已结束"}


@dataclass(frozen=True)
class Standard:
    item_kind: str
    tier: str  # 深度困难 / 相对困难 / 意外致困 / 劳模-全国 … / 高中 / 大学 / 一般
    amount_fen: int


@dataclass(frozen=True)
class CampaignInput:
    name: str
    kind: str  # one of codes.CAMPAIGN_KINDS
    start_date: dt.date
    end_date: dt.date
    total_budget_fen: int
    budgets: tuple[BudgetLine, ...] = ()
    standards: tuple[Standard, ...] = ()  # empty: the office's standards in force on start_date
    lookback_months: int | None = None  # None: the setting
    notice_days: int | None = None  # working days; None: the setting
    year: int | None = None  # None: the year of end_date (a winter campaign is named by its new year)
    status: str = "active"
    note: str = ""
    bands: tuple[Band, ...] | None = None  # tiers paid by household size; None on update: keep them


@dataclass(frozen=True)
class CampaignView:
    id: uuid.UUID
    row_version: int
    name: str
    code: str
    kind: str
    item_kind: str
    year: int
    start_date: dt.date
    end_date: dt.date
    total_budget_fen: int
    budgets: tuple[BudgetLine, ...]
    standards: tuple[Standard, ...]
    lookback_months: int
    notice_days: int
    status: str
    note: str
    bands: tuple[Band, ...] = ()

    def as_input(self) -> CampaignInput:
        """What the form edits: change fields with dataclasses.replace and pass to update_campaign."""
        return CampaignInput(self.name, self.kind, self.start_date, self.end_date, self.total_budget_fen,
                             self.budgets, self.standards, self.lookback_months, self.notice_days, self.year,
                             self.status, self.note, self.bands)


@dataclass(frozen=True)
class CampaignSummary:
    id: uuid.UUID
    name: str
    kind: str
    year: int
    start_date: dt.date
    end_date: dt.date
    status: str
    total_budget_fen: int
    items: int


# --- reading --------------------------------------------------------------------------------------

def load(session: Session, office_id: uuid.UUID, campaign_id: uuid.UUID, lock: bool = False) -> Campaign:
    """The campaign of this office, its budgets and standards loaded; NotFound otherwise."""
    query = (select(Campaign).where(Campaign.id == campaign_id, Campaign.office_id == office_id,
                                    Campaign.deleted.is_(False))
             .options(selectinload(Campaign.budgets), selectinload(Campaign.standards)))
    row = session.scalar(query.with_for_update(of=Campaign) if lock else query)
    if row is None:
        raise NotFound("campaign", "找不到该活动，可能已被删除。", {"id": str(campaign_id)})
    return row


def bands_of(session: Session, campaign: Campaign) -> tuple[Band, ...]:
    """The campaign's household-size bands, in the order they were entered."""
    return tuple(Band(r.item_kind, r.tier, r.min_persons, r.max_persons, r.amount_fen) for r in session.scalars(
        select(CampaignStandardBand).where(CampaignStandardBand.campaign_id == campaign.id)
        .order_by(CampaignStandardBand.position, CampaignStandardBand.min_persons)))


def standards_of(session: Session, campaign: Campaign) -> dict[tuple[str, str], int]:
    """(item kind, tier) → amount: the campaign's own, or (campaigns from before 0006) the office's.
    Tiers paid by household size are not here (`bands_of`)."""
    if campaign.standards or bands_of(session, campaign):
        return {(s.item_kind, s.tier): s.amount_fen for s in campaign.standards}
    return {(s.item_kind, s.tier): s.amount_fen
            for s in office_standards(session, campaign.office_id, campaign.start_date)}


def office_standards(session: Session, office_id: uuid.UUID, on: dt.date) -> list[Standard]:
    """The office's payment standards in force on `on`: per (kind, tier) the newest version."""
    found: dict[tuple[str, str], Standard] = {}
    for row in session.scalars(select(PaymentStandard).where(
            PaymentStandard.office_id == office_id, PaymentStandard.effective_from <= on)
            .order_by(PaymentStandard.effective_from, PaymentStandard.created_at)):
        found[(row.item_kind, row.category)] = Standard(row.item_kind, row.category, row.amount_fen)
    return list(found.values())


def default_standards(db: Database, office_id: uuid.UUID, kind: str, on: dt.date) -> tuple[Standard, ...]:
    """What a new campaign of `kind` starts with (the form shows them before saving)."""
    item_kind = ITEM_KIND_OF.get(kind, kind)
    with db.read() as session:
        return tuple(s for s in office_standards(session, office_id, on) if s.item_kind == item_kind)


def _view(campaign: Campaign, standards: Iterable[Standard], bands: tuple[Band, ...] = ()) -> CampaignView:
    return CampaignView(
        campaign.id, campaign.row_version, campaign.name, campaign.code, campaign.kind,
        ITEM_KIND_OF.get(campaign.kind, campaign.kind), campaign.year, campaign.start_date, campaign.end_date,
        campaign.total_budget_fen,
        tuple(BudgetLine(b.amount_fen, b.category, b.fund_source) for b in campaign.budgets),
        tuple(standards), campaign.lookback_months, campaign.notice_days, campaign.status, campaign.note, bands)


def _view_in(session: Session, campaign: Campaign) -> CampaignView:
    standards = [Standard(k, t, a) for (k, t), a in standards_of(session, campaign).items()]
    return _view(campaign, standards, bands_of(session, campaign))


def get_campaign(db: Database, office_id: uuid.UUID, campaign_id: uuid.UUID) -> CampaignView:
    with db.read() as session:
        return _view_in(session, load(session, office_id, campaign_id))


def list_campaigns(db: Database, office_id: uuid.UUID) -> list[CampaignSummary]:
    """The office's campaigns, newest first, with how many items hold a place in each."""
    with db.read() as session:
        counts = {campaign_id: count for campaign_id, count in session.execute(
            select(AssistanceItem.campaign_id, func.count()).where(AssistanceItem.state.in_(HOLDING_STATES))
            .group_by(AssistanceItem.campaign_id))}
        rows = session.scalars(select(Campaign).where(Campaign.office_id == office_id, Campaign.deleted.is_(False))
                               .order_by(Campaign.start_date.desc(), Campaign.created_at.desc()))
        return [CampaignSummary(c.id, c.name, c.kind, c.year, c.start_date, c.end_date, c.status,
                                c.total_budget_fen, counts.get(c.id, 0)) for c in rows]


# --- writing --------------------------------------------------------------------------------------

def _problem(code: str, message: str, field_name: str = "") -> ValidationFailed:
    return ValidationFailed(code, message, {"field": field_name or code})


def _checked(data: CampaignInput) -> CampaignInput:
    name = data.name.strip()
    if not name:
        raise _problem("name", "请填写活动名称，例如“2027年元旦春节送温暖”。")
    if data.kind not in codes.CAMPAIGN_KINDS:
        raise _problem("kind", f"活动类型应为{'、'.join(codes.CAMPAIGN_KINDS)}之一。")
    if data.end_date < data.start_date:
        raise _problem("end_date", "活动结束日期不能早于开始日期。")
    if data.total_budget_fen <= 0:
        raise _problem("total_budget_fen", "请填写活动总预算（大于0元）。")
    if data.status not in STATUSES:
        raise _problem("status", "活动状态应为筹备中、进行中或已结束。")
    if data.lookback_months is not None and not 0 <= data.lookback_months <= 60:
        raise _problem("lookback_months", "已帮扶回看期应为0到60个月。")
    if data.notice_days is not None and not 5 <= data.notice_days <= 30:
        raise _problem("notice_days", "公示期应为5到30个工作日（至少公示5个工作日）。")
    _check_lines(data)
    return dataclasses.replace(data, name=name, note=data.note.strip())


def _check_lines(data: CampaignInput) -> None:
    seen: set[tuple[str, str]] = set()
    for line in data.budgets:
        if not (line.category or line.fund_source) or line.amount_fen < 0:
            raise _problem("budgets", "每条分项预算应注明困难类别或资金来源，金额不小于0。")
        if line.fund_source and line.fund_source not in codes.FUND_SOURCES:
            raise _problem("budgets", f"资金来源“{line.fund_source}”不在代码表中：{'、'.join(codes.FUND_SOURCES)}。")
        if (line.category, line.fund_source) in seen:
            raise _problem("budgets", f"{line.label}重复填写了两次，请合并为一条。")
        seen.add((line.category, line.fund_source))
        if line.amount_fen > data.total_budget_fen:
            raise _problem("budgets", f"{line.label} {yuan_text(line.amount_fen)} 元超过了总预算。")
    tiers: set[tuple[str, str]] = set()
    for s in data.standards:
        if s.amount_fen <= 0 or not s.tier.strip() or (s.item_kind, s.tier) in tiers:
            raise _problem("standards", f"补助标准“{s.item_kind} {s.tier}”应填写一次，金额大于0元。")
        tiers.add((s.item_kind, s.tier))
    _check_bands(data.bands or (), tiers)


def _check_bands(bands: tuple[Band, ...], tiers: set[tuple[str, str]]) -> None:
    """The bands usable (domain.standard_bands.check) and no tier both banded and with one amount."""
    standard_bands.check(bands)
    for n, band in enumerate(bands, start=1):
        if (band.item_kind, band.tier) in tiers:
            raise _problem("standard_bands", f"按家庭人口分档第 {n} 行（{band.tier}）：“{band.tier}”已有统一的补助"
                           "金额，一个类别只能按统一金额或按家庭人口分档，请删去其中一种。")


def _next_code(session: Session, office_id: uuid.UUID, kind: str, year: int) -> str:
    prefix = CODE_PREFIX[kind]
    used = session.scalars(select(Campaign.code).where(Campaign.office_id == office_id, Campaign.year == year,
                                                       Campaign.code.like(prefix + "%")))
    numbers = [int(c[len(prefix):]) for c in used if c[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


def create_campaign(db: Database, by: SessionUser, data: CampaignInput,
                    today: dt.date | None = None) -> CampaignView:
    by.require(Action.NEW_CAMPAIGN)
    data = _checked(data)
    today = today or dt.date.today()
    year = data.year or data.end_date.year
    with db.write(by.actor) as session:
        banded = {(b.item_kind, b.tier) for b in data.bands or ()}
        standards = data.standards or tuple(
            s for s in office_standards(session, by.office_id, data.start_date)
            if s.item_kind == ITEM_KIND_OF[data.kind] and (s.item_kind, s.tier) not in banded)
        campaign = Campaign(
            origin_office_id=by.office_id, office_id=by.office_id, name=data.name, kind=data.kind, year=year,
            code=_next_code(session, by.office_id, data.kind, year), start_date=data.start_date,
            end_date=data.end_date, total_budget_fen=data.total_budget_fen, status=data.status, note=data.note,
            lookback_months=_rule(session, by, data.lookback_months, "lookback_months", today),
            notice_days=_rule(session, by, data.notice_days, "notice_working_days", today))
        campaign.budgets = [CampaignBudget(origin_office_id=by.office_id, category=b.category,
                                           fund_source=b.fund_source, amount_fen=b.amount_fen) for b in data.budgets]
        campaign.standards = [CampaignStandard(origin_office_id=by.office_id, item_kind=s.item_kind, tier=s.tier,
                                               amount_fen=s.amount_fen, position=i) for i, s in enumerate(standards)]
        session.add(campaign)
        session.flush()
        _set_bands(session, by, campaign, data.bands or ())
        return _view(campaign, standards, data.bands or ())


def _rule(session: Session, by: SessionUser, value: int | None, key: str, today: dt.date) -> int:
    return int(value_at(session, by.office_id, key, today)) if value is None else value


def update_campaign(db: Database, by: SessionUser, campaign_id: uuid.UUID, data: CampaignInput, row_version: int,
                    reason: str = "", today: dt.date | None = None) -> CampaignView:
    """Save changed fields; see the module doc for budgets (raising needs the approver and a reason)."""
    by.require(Action.EDIT_CAMPAIGN)
    data = _checked(data)
    with db.write(by.actor) as session:
        campaign = load(session, by.office_id, campaign_id, lock=True)
        if campaign.row_version != row_version:
            raise _problem("stale", f"活动“{campaign.name}”在您打开后已被他人修改，请重新打开再改。", "row_version")
        if data.kind != campaign.kind and session.scalar(
                select(func.count()).where(AssistanceItem.campaign_id == campaign.id)):
            raise _problem("kind", f"活动“{campaign.name}”已有名单项，不能再改活动类型。", "kind")
        _change_budgets(session, by, campaign, data, reason.strip())
        campaign.name, campaign.kind, campaign.start_date, campaign.end_date = (
            data.name, data.kind, data.start_date, data.end_date)
        campaign.year, campaign.status, campaign.note = data.year or campaign.year, data.status, data.note
        campaign.lookback_months = _rule(session, by, data.lookback_months, "lookback_months",
                                         today or dt.date.today())
        campaign.notice_days = _rule(session, by, data.notice_days, "notice_working_days", today or dt.date.today())
        if data.bands is None and data.standards:  # the bands kept: a tier given one amount must not have them
            _check_bands(bands_of(session, campaign), {(s.item_kind, s.tier) for s in data.standards})
        if data.standards or data.bands:
            _set_standards(by, campaign, data.standards)
        session.flush()
        if data.bands is not None:
            _set_bands(session, by, campaign, data.bands)
        return _view_in(session, campaign)


def _set_bands(session: Session, by: SessionUser, campaign: Campaign, bands: tuple[Band, ...]) -> None:
    """The campaign's bands made `bands`: rows unchanged keep their row version (nothing logged)."""
    current = {(r.item_kind, r.tier, r.min_persons): r for r in session.scalars(
        select(CampaignStandardBand).where(CampaignStandardBand.campaign_id == campaign.id))}
    for i, band in enumerate(bands):
        row = current.pop((band.item_kind, band.tier, band.min_persons), None)
        if row is None:
            session.add(CampaignStandardBand(
                origin_office_id=by.office_id, campaign_id=campaign.id, item_kind=band.item_kind, tier=band.tier,
                min_persons=band.min_persons, max_persons=band.max_persons, amount_fen=band.amount_fen, position=i))
            continue
        if (row.max_persons, row.amount_fen, row.position) != (band.max_persons, band.amount_fen, i):
            row.max_persons, row.amount_fen, row.position = band.max_persons, band.amount_fen, i
    for row in current.values():
        session.delete(row)
    session.flush()


def _set_standards(by: SessionUser, campaign: Campaign, standards: tuple[Standard, ...]) -> None:
    current = {(s.item_kind, s.tier): s for s in campaign.standards}
    rows = [current.get((s.item_kind, s.tier)) or CampaignStandard(
        origin_office_id=by.office_id, item_kind=s.item_kind, tier=s.tier) for s in standards]
    for row, s in zip(rows, standards, strict=True):
        row.amount_fen = s.amount_fen
    # Positions only order the tiers: rows already in this order keep theirs (the demo numbers them across
    # campaigns), so a campaign saved unchanged moves no row_version (STYLE 15, issue 13).
    held = [row.position for row in rows]
    if None in held or held != sorted(set(held)):  # type: ignore[type-var]
        for i, row in enumerate(rows):
            row.position = i
    campaign.standards = rows


def _change_budgets(session: Session, by: SessionUser, campaign: Campaign, data: CampaignInput, reason: str) -> None:
    old = {(b.category, b.fund_source): b.amount_fen for b in campaign.budgets}
    old[("", "")] = campaign.total_budget_fen
    new = {(b.category, b.fund_source): b.amount_fen for b in data.budgets}
    new[("", "")] = data.total_budget_fen
    # Raising a line lets more money go out; so does dropping a sub-budget line (its limit goes).
    raised: dict[tuple[str, str], int | None] = {key: fen for key, fen in new.items() if key in old and fen > old[key]}
    raised.update({key: None for key in old if key not in new})
    if raised:
        if not by.may(Action.RAISE_BUDGET):
            raise PermissionDenied("budget_raise", f"提高活动“{campaign.name}”的预算需要审批人（工会主席）角色；"
                                   f"当前用户“{by.display_name}”没有该角色。", {"role": Role.APPROVER.value})
        if not reason:
            raise _problem("reason", "提高预算须填写理由（例如“县总工会追加拨付”）。", "reason")
    book = BudgetBook(session, campaign)
    for (category, source), fen in new.items():
        line = None if (category, source) == ("", "") else BudgetLine(fen, category, source)
        held = book.figures(line)
        if fen < held.used_fen + held.reserved_fen:
            raise _problem("budgets", f"{held.label}不能低于名单已占用的 {yuan_text(held.used_fen + held.reserved_fen)}"
                           " 元（含已发放）；请先调整名单。", "budgets")
    campaign.total_budget_fen = data.total_budget_fen
    rows = {(b.category, b.fund_source): b for b in campaign.budgets}
    lines = []
    for b in data.budgets:
        row = rows.get((b.category, b.fund_source)) or CampaignBudget(
            origin_office_id=by.office_id, category=b.category, fund_source=b.fund_source)
        row.amount_fen = b.amount_fen
        lines.append(row)
    campaign.budgets = lines
    if raised:
        label = {key: (BudgetLine(0, *key).label if key != ("", "") else "总预算") for key in raised}
        audit.append(session, by.actor, "raise_budget", "campaigns", str(campaign.id),
                     before={label[k]: old[k] for k in raised}, after={
                         **{label[k]: ("取消" if fen is None else fen) for k, fen in raised.items()}, "reason": reason})


__all__ = [
    "Band", "BudgetLine", "BudgetStatus", "CampaignInput", "CampaignSummary", "CampaignView", "Standard",
    "budget_status",
    "create_campaign", "default_standards", "get_campaign", "list_campaigns", "update_campaign",
]
