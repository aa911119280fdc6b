"""Proposing beneficiaries (拟帮扶名单) and changing a proposed item.

Public API (frozen dataclasses in and out):

- `propose(db, by, campaign_id, files, overrides=None, tiers=None, fund_source=None, today=None)
  -> ProposalResult` — clerk. `files` is a list of worker-file ids (by hand) or `ALL` (every eligible
  在档 household of the office). Each new item (state draft) gets the tier and amount the campaign's
  standards give — the highest tier the household qualifies for (按最高档次): for 送温暖 the tier of
  its hardship category as the eligibility rules judge it on `today`, or its model-worker tier when
  that pays more; 金秋助学 the school level (高中/大学) of a child in the household, or `tiers[file]`;
  other kinds 一般 unless `tiers` names another tier of the campaign — and the reason in words (the
  eligibility sentences). A tier the campaign pays by household size (issue 16 item 4) pays the band of the
  household's 家庭人口 (the worker and the members the file counts) on the day of the proposal, and the
  reason says so ("3人及以上户，深度困难：1,100元"); the item keeps that amount whatever the file says
  later. Enforced, whichever way the list is made:
    * only files in the 在档 state, judged eligible, may be proposed;
    * one item per household per campaign (不得重复救助): a second proposal names the existing item;
    * a household helped within the campaign's look-back months (any campaign, an item approved,
      paid or sampled) is left out unless `overrides[file_id]` records the reason it is helped again;
    * the campaign's total budget and each sub-budget (category, fund source) are never exceeded;
      the refusal names the budget and by how much.
  By hand it is all or nothing: any refused file raises `BatchRefused` listing each file and why, and
  nothing is written. With `ALL` the households that fit are proposed (deepest hardship and highest
  amount first while the budget lasts) and the result lists those left out with the reason each.
- `change_item(db, by, item_id, reason, amount_fen=None, category=None, tier=None, row_version=None)
  -> ItemChanged` — the clerk in draft or returned, the reviewer in submitted or reviewed (no figure
  changes behind the reviewer's back). A reason is required,
  the budget is checked again, and an item that has been in a notice loses it: a changed amount or
  category goes through a new public notice (`notices.start_notice`) before it can be approved.

The state machine is in `services.campaigns.transitions`, the queue in `services.campaigns.approval_queue`, the notice
and objections in `services.campaigns.notices`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session, selectinload

from songnuan_desktop.domain import eligibility as rules
from songnuan_desktop.domain import standard_bands
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.standard_bands import Band
from songnuan_desktop.domain.codes import ACTIVE_FILE_STATUS, FUND_SOURCES
from songnuan_desktop.domain.eligibility import Judgement, judge, yuan_text
from songnuan_desktop.domain.errors import BatchRefused, NotFound, PermissionDenied, RefusedItem, ValidationFailed
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.domain.states import APPROVED_OR_LATER, HOLDING_STATES, STATE_LABELS, ItemState, state_values
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.bulk import bulk_insert, full_row
from songnuan_desktop.persistence.models import AssistanceItem, Campaign, ItemTransition, WorkerFile
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.campaigns import campaigns
from songnuan_desktop.services.campaigns.campaign_budget import BudgetBook
from songnuan_desktop.services.files.eligibility import household_facts, rules_on
from songnuan_desktop.services.office.session_user import SessionUser

ALL: Literal["all"] = "all"
CHUNK = 500  # files loaded with their households at a time
MODEL_LEVELS = ("全国", "省部级", "地市级")
DEPTH_ORDER = {rules.DEEP: 0, rules.ACCIDENT: 1, rules.RELATIVE: 2}
# Who may change an item's amount or category in which state: the clerk before submitting, the reviewer
# once it is submitted (no figure changes behind a review; TRANSITIONS has no way back from reviewed).
EDITABLE = {ItemState.DRAFT: Role.CLERK, ItemState.RETURNED: Role.CLERK, ItemState.SUBMITTED: Role.REVIEWER,
            ItemState.REVIEWED: Role.REVIEWER}


@dataclass(frozen=True)
class Proposed:
    item_id: uuid.UUID
    file_id: uuid.UUID
    file_no: str
    name: str
    category: str
    tier: str
    amount_fen: int
    reason: str
    override_reason: str


@dataclass(frozen=True)
class LeftOut:
    file_id: uuid.UUID
    file_no: str
    name: str
    reason: str


@dataclass(frozen=True)
class ProposalResult:
    proposed: tuple[Proposed, ...]
    left_out: tuple[LeftOut, ...]

    @property
    def total_fen(self) -> int:
        return sum(p.amount_fen for p in self.proposed)

    def message(self) -> str:
        text = f"列入名单 {len(self.proposed)} 户，合计 {yuan_text(self.total_fen)} 元"
        return text + (f"；未列入 {len(self.left_out)} 户（见原因）。" if self.left_out else "。")


@dataclass(frozen=True)
class ItemChanged:
    item_id: uuid.UUID
    row_version: int
    amount_fen: int
    category: str
    tier: str
    needs_new_notice: bool


def who(name: str, file_no: str) -> str:
    """How a refusal names a household: '张三（档案 DA-2026-0001）'."""
    return f"{name}（档案 {file_no}）"


def require_signed_in(by: SessionUser, action: str) -> uuid.UUID:
    """The user's id: the four-eyes rule needs a named person, not the operating-system account."""
    if by.id is None:
        raise PermissionDenied("named_user_required", f"“{action}”须由登录的工作人员办理（四眼原则需要知道是谁）。")
    return by.id


# --- what a household is entitled to ----------------------------------------------------------------

def entitlement(item_kind: str, category: str, model_level: str, student_tier: str, chosen: str,
                standards: Mapping[tuple[str, str], int],
                bands: Mapping[tuple[str, str], Sequence[Band]] | None = None,
                persons: int = 0) -> tuple[str, int] | str:
    """(tier, amount) the campaign's standards give, the highest the household qualifies for; or why none.
    A tier with `bands` (by household size) pays the band `persons` falls in."""
    if item_kind == "送温暖慰问":
        tiers = [category] + ([f"劳模-{model_level}"] if model_level in MODEL_LEVELS else [])
    elif item_kind == "金秋助学":
        tiers = [chosen or student_tier]
        if not tiers[0]:
            return "家中没有登记在读高中或大学的子女（家庭成员身份“学生”及学校），请补录或注明学段"
    else:
        tiers = [chosen or "一般"]
    amounts = dict(standards)
    for key, rows in (bands or {}).items():
        band = standard_bands.pick(rows, persons)
        if band is not None:
            amounts[key] = band.amount_fen
    found = [(amounts[(item_kind, t)], t) for t in tiers if (item_kind, t) in amounts]
    if not found:
        return f"本活动没有“{item_kind} {tiers[0]}”的补助标准，请先在活动中设置"
    amount, tier = max(found, key=lambda f: (f[0], -tiers.index(f[1])))
    return tier, amount


def student_tier(row: WorkerFile, on: dt.date) -> str:
    """大学 or 高中 when a member of the household is a student there (the higher one), else ''."""
    best = ""
    for m in row.members:
        school = m.unit_or_school
        if m.identity != "学生" or not school:
            continue
        if "大学" in school or "学院" in school:
            return "大学"
        age = (on - m.birth_date).days // 365 if m.birth_date else 0
        if "高中" in school or ("中学" in school and 15 <= age <= 20):
            best = "高中"
    return best


# --- proposing ------------------------------------------------------------------------------------

@dataclass
class Candidate:
    row: WorkerFile
    judgement: Judgement | None = None
    tier: str = ""
    amount_fen: int = 0
    override: str = ""
    refusal: str = ""
    band: Band | None = None  # the household-size band the amount comes from, if the tier has bands


def propose(db: Database, by: SessionUser, campaign_id: uuid.UUID, files: Sequence[uuid.UUID] | Literal["all"],
            overrides: Mapping[uuid.UUID, str] | None = None, tiers: Mapping[uuid.UUID, str] | None = None,
            fund_source: str | None = None, today: dt.date | None = None,
            expect: Mapping[uuid.UUID, int] | None = None) -> ProposalResult:
    """Add households to the campaign's list as draft items (see the module doc for the rules).
    `expect` (file id → amount) is what the clerk confirmed from services.campaigns.recommend: the files are
    proposed by hand, and nothing is written when a household's amount is no longer the one shown."""
    by.require(Action.PROPOSE)
    user_id = require_signed_in(by, "拟定帮扶名单")
    today = today or dt.date.today()
    overrides = {k: v.strip() for k, v in (overrides or {}).items() if v.strip()}
    with db.write(by.actor) as session:
        campaign = campaigns.load(session, by.office_id, campaign_id, lock=True)
        source = fund_source_of(campaign, fund_source)
        by_hand = files != ALL
        candidates, chosen = choose(session, by, campaign, files, overrides, tiers or {}, source, today)
        if expect is not None:
            _check_expected(campaign, chosen, expect)
        proposed = _write(session, by, user_id, campaign, chosen, source)
        left = tuple(LeftOut(c.row.id, c.row.file_no, c.row.name, c.refusal) for c in candidates if c.refusal)
        mode = "by_rules_confirmed" if expect is not None else "by_hand" if by_hand else "all_eligible"
        audit.append(session, by.actor, "propose", "campaigns", str(campaign.id), after={
            "campaign": campaign.name, "mode": mode,
            "proposed": len(proposed), "left_out": len(left), "amount_fen": sum(p.amount_fen for p in proposed)})
        return ProposalResult(tuple(proposed), left)


def choose(session: Session, by: SessionUser, campaign: Campaign, files: Sequence[uuid.UUID] | Literal["all"],
           overrides: Mapping[uuid.UUID, str], tiers: Mapping[uuid.UUID, str], source: str,
           today: dt.date) -> tuple[list[Candidate], list[Candidate]]:
    """Every candidate judged (refusal set) and those chosen, nothing written: `propose` writes them,
    services.campaigns.recommend shows them first. By hand any refusal refuses the whole batch."""
    if campaign.status == "closed":
        raise ValidationFailed("campaign_closed", f"活动“{campaign.name}”已结束，不能再列入名单。")
    by_hand = files != ALL
    candidates = list(_candidates(session, by.office_id, campaign, files, today))
    _refuse_known(session, campaign, candidates, overrides, tiers, today)
    if by_hand:
        missing = [RefusedItem(f, "所选档案", "找不到该档案，可能已被删除") for f in
                   dict.fromkeys(cast(Sequence[uuid.UUID], files)) if f not in {c.row.id for c in candidates}]
        refused = missing + [RefusedItem(c.row.id, who(c.row.name, c.row.file_no), c.refusal)
                             for c in candidates if c.refusal]
        if refused:
            raise BatchRefused.of("proposal_refused", "列入名单", refused, {"campaign": campaign.name})
    return candidates, _within_budget(session, campaign, candidates, source, by_hand)


def _check_expected(campaign: Campaign, chosen: list[Candidate], expect: Mapping[uuid.UUID, int]) -> None:
    changed = [who(c.row.name, c.row.file_no) for c in chosen if expect.get(c.row.id) != c.amount_fen]
    if changed or len(chosen) != len(expect):
        named = "、".join(changed[:5]) + (f"等 {len(changed)} 户" if len(changed) > 5 else "")
        raise ValidationFailed("recommendation_stale", f"推荐名单显示后，{named or '部分档案'}的补助金额或活动“"
                               f"{campaign.name}”的标准已有变化，名单未加入。请重新点“按规则推荐”，核对后再确认。")


def fund_source_of(campaign: Campaign, wanted: str | None) -> str:
    if wanted is not None:
        if wanted not in FUND_SOURCES:
            raise ValidationFailed("fund_source", f"资金来源应为{'、'.join(FUND_SOURCES)}之一。")
        return wanted
    lines = [b.fund_source for b in campaign.budgets if b.fund_source]
    return lines[0] if lines else "本级工会经费"


def _candidates(session: Session, office_id: uuid.UUID, campaign: Campaign,
                files: Sequence[uuid.UUID] | Literal["all"], on: dt.date) -> Iterator[Candidate]:
    """The files asked for (ALL: every 在档 file without an item here yet), judged on `on`."""
    if files == ALL:
        held = select(AssistanceItem.worker_file_id).where(
            AssistanceItem.campaign_id == campaign.id, AssistanceItem.state.in_(HOLDING_STATES))
        ids = list(session.scalars(select(WorkerFile.id).where(
            WorkerFile.office_id == office_id, WorkerFile.status == ACTIVE_FILE_STATUS,
            WorkerFile.deleted.is_(False), WorkerFile.id.not_in(held)).order_by(WorkerFile.file_no)))
    else:
        ids = list(dict.fromkeys(files))
    cache: dict[tuple[uuid.UUID, str, str], rules.EligibilityRules] = {}
    for start in range(0, len(ids), CHUNK):
        rows = {r.id: r for r in session.scalars(
            select(WorkerFile).where(WorkerFile.id.in_(ids[start:start + CHUNK]), WorkerFile.office_id == office_id,
                                     WorkerFile.deleted.is_(False))
            .options(selectinload(WorkerFile.members), selectinload(WorkerFile.incomes),
                     selectinload(WorkerFile.causes), selectinload(WorkerFile.exclusions)))}
        for file_id in ids[start:start + CHUNK]:
            row = rows.get(file_id)
            if row is None:
                continue
            candidate = Candidate(row)
            if row.status == ACTIVE_FILE_STATUS:
                key = (row.office_id, row.region_code, row.hukou_type)
                if key not in cache:
                    cache[key] = rules_on(session, row, on)
                candidate.judgement = judge(household_facts(row, on), cache[key])
            yield candidate


def _helped_recently(session: Session, campaign: Campaign, file_ids: list[uuid.UUID],
                     today: dt.date) -> dict[uuid.UUID, str]:
    """file id → words naming the help it had within the look-back months (approved, paid or sampled)."""
    since = _months_before(today, campaign.lookback_months)
    found: dict[uuid.UUID, str] = {}
    for start in range(0, len(file_ids), CHUNK):
        rows = session.execute(
            select(AssistanceItem.worker_file_id, Campaign.name, AssistanceItem.state, AssistanceItem.amount_fen,
                   AssistanceItem.paid_on, ItemTransition.at)
            .join(Campaign, Campaign.id == AssistanceItem.campaign_id)
            .join(ItemTransition, (ItemTransition.item_id == AssistanceItem.id)
                  & (ItemTransition.to_state == ItemState.APPROVED.value))
            .where(AssistanceItem.worker_file_id.in_(file_ids[start:start + CHUNK]),
                   AssistanceItem.campaign_id != campaign.id,
                   AssistanceItem.state.in_(state_values(APPROVED_OR_LATER))))
        for file_id, name, state, amount, paid_on, approved_at in rows:
            day = paid_on or approved_at.date()
            if day >= since and file_id not in found:
                status = STATE_LABELS[ItemState(state)]
                found[file_id] = (f"已于 {rules.date_text(day)}在“{name}”中获帮扶 {yuan_text(amount)} 元"
                                  f"（{status}），在本活动 {campaign.lookback_months} 个月回看期内")
    return found


def _months_before(day: dt.date, months: int) -> dt.date:
    month = day.year * 12 + day.month - 1 - months
    year, month = divmod(month, 12)
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _refuse_known(session: Session, campaign: Campaign, candidates: list[Candidate],
                  overrides: Mapping[uuid.UUID, str], tiers: Mapping[uuid.UUID, str], today: dt.date) -> None:
    """Set each candidate's refusal, budget apart: file state, duplicate, eligibility, look-back, tier."""
    ids = [c.row.id for c in candidates]
    existing = {}
    for start in range(0, len(ids), CHUNK):
        existing.update({fid: (state, amount) for fid, state, amount in session.execute(
            select(AssistanceItem.worker_file_id, AssistanceItem.state, AssistanceItem.amount_fen).where(
                AssistanceItem.campaign_id == campaign.id, AssistanceItem.state.in_(HOLDING_STATES),
                AssistanceItem.worker_file_id.in_(ids[start:start + CHUNK])))})
    helped = _helped_recently(session, campaign, ids, today)
    standards = campaigns.standards_of(session, campaign)
    bands = standard_bands.by_tier(campaigns.bands_of(session, campaign))
    item_kind = campaigns.ITEM_KIND_OF[campaign.kind]
    for c in candidates:
        row, judgement = c.row, c.judgement
        if row.status != ACTIVE_FILE_STATUS:
            c.refusal = f"档案状态为“{row.status}”，只有在档的档案可以列入帮扶名单"
        elif row.id in existing:
            state, amount = existing[row.id]
            c.refusal = (f"已在本活动名单中（{STATE_LABELS[ItemState(state)]}，{yuan_text(amount)} 元），"
                         "同一户在一次活动中只能帮扶一次（不得重复救助）")
        elif judgement is None or not judgement.eligible:
            said = "；".join(judgement.sentences) if judgement else ""
            c.refusal = f"按现行认定标准不能列入：{said}"
        elif row.id in helped and row.id not in overrides:
            c.refusal = helped[row.id] + "；如确需再次帮扶，请填写理由"
        else:
            c.override = overrides.get(row.id, "") if row.id in helped else ""
            persons = 1 + len(row.members)  # 家庭人口 as services.files.eligibility.household_facts counts it
            got = entitlement(item_kind, judgement.category, row.model_worker_level, student_tier(row, today),
                              tiers.get(row.id, ""), standards, bands, persons)
            if isinstance(got, str):
                c.refusal = got
            else:
                c.tier, c.amount_fen = got
                c.band = standard_bands.pick(bands.get((item_kind, c.tier), ()), persons)


def _within_budget(session: Session, campaign: Campaign, candidates: list[Candidate], source: str,
                   by_hand: bool) -> list[Candidate]:
    """The candidates that fit the budgets (ALL: deepest and highest first); the rest get a refusal."""
    book = BudgetBook(session, campaign)
    ready = [c for c in candidates if not c.refusal]
    if not by_hand:
        ready.sort(key=lambda c: (DEPTH_ORDER.get(c.judgement.category if c.judgement else "", 9), -c.amount_fen))
    chosen = []
    for c in ready:
        category = cast(Judgement, c.judgement).category
        c.refusal = book.refusal(category, source, c.amount_fen)
        if not c.refusal:
            book.add(category, source, c.amount_fen)
            chosen.append(c)
    if by_hand and len(chosen) < len(ready):
        refused = [RefusedItem(c.row.id, who(c.row.name, c.row.file_no), c.refusal) for c in ready if c.refusal]
        raise BatchRefused.of("over_budget", "列入名单", refused, {"campaign": campaign.name})
    return chosen


def reason_of(judgement: Judgement, c: Candidate) -> str:
    """Why the household is on the list, in words: the eligibility sentences and the standard applied."""
    if c.band is not None:
        return "；".join(judgement.sentences) + "；" + standard_bands.words(c.band)
    return "；".join(judgement.sentences) + f"；按“{c.tier}”标准 {yuan_text(c.amount_fen)} 元"


def _write(session: Session, by: SessionUser, user_id: uuid.UUID, campaign: Campaign, chosen: list[Candidate],
           source: str) -> list[Proposed]:
    """The new items in bulk, each with the "create" audit entry the mapper event would write."""
    template = full_row(AssistanceItem(
        origin_office_id=by.office_id, campaign_id=campaign.id, item_kind=campaigns.ITEM_KIND_OF[campaign.kind],
        fund_source=source, state=ItemState.DRAFT.value, proposed_by=user_id, reason="", override_reason=""))
    rows: list[dict[str, Any]] = []
    proposed = []
    for c in sorted(chosen, key=lambda c: c.row.file_no):
        judgement = cast(Judgement, c.judgement)
        reason = reason_of(judgement, c)
        row = {**template, "id": uuid.uuid4(), "worker_file_id": c.row.id, "category": judgement.category,
               "tier": c.tier, "amount_fen": c.amount_fen, "reason": reason, "override_reason": c.override}
        rows.append(row)
        proposed.append(Proposed(row["id"], c.row.id, c.row.file_no, c.row.name, judgement.category, c.tier,
                                 c.amount_fen, reason, c.override))
    session.flush()
    table = cast(Table, AssistanceItem.__table__)
    bulk_insert(session.connection(), table, rows)
    audit.append_many(session, by.actor, "create", table.name, audit.created_entries(rows))
    return proposed


# --- changing a proposed item ---------------------------------------------------------------------

def change_item(db: Database, by: SessionUser, item_id: uuid.UUID, reason: str, amount_fen: int | None = None,
                category: str | None = None, tier: str | None = None,
                row_version: int | None = None) -> ItemChanged:
    """A new amount, category or tier for an item not yet in notice (see the module doc)."""
    by.require(Action.CHANGE_ITEM)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("reason", "修改金额或类别须填写理由。")
    with db.write(by.actor) as session:
        item, name, file_no = _load_item(session, by.office_id, item_id)
        label = who(name, file_no)
        state = ItemState(item.state)
        if state not in EDITABLE:
            raise ValidationFailed("not_editable", f"{label}的名单项为“{STATE_LABELS[state]}”，不能修改金额或类别；"
                                   "公示中的项须先登记异议退回审核。")
        by.require(EDITABLE[state], f"修改“{STATE_LABELS[state]}”名单项的金额或类别")
        if row_version is not None and item.row_version != row_version:
            raise ValidationFailed("stale", f"{label}的名单项在您打开后已被他人修改，请刷新后再改。")
        new_amount = item.amount_fen if amount_fen is None else amount_fen
        new_category = item.category if category is None else category
        if new_amount <= 0:
            raise ValidationFailed("amount_fen", "金额应大于0元。")
        new_tier = item.tier if tier is None else tier
        if (new_amount, new_category, new_tier) == (item.amount_fen, item.category, item.tier):
            # Saved as shown: nothing changed, so nothing is written (no audit entry, no new row version).
            return ItemChanged(item.id, item.row_version, item.amount_fen, item.category, item.tier, False)
        _check_budget_change(session, item, label, new_category, new_amount)
        changed = (new_amount, new_category) != (item.amount_fen, item.category)
        before = {"amount_fen": item.amount_fen, "category": item.category, "tier": item.tier}
        item.amount_fen, item.category, item.tier = new_amount, new_category, item.tier if tier is None else tier
        renotice = changed and item.notice_id is not None
        if renotice:
            item.notice_id = None  # the public saw other figures: a new notice before approval
        session.flush()
        audit.append(session, by.actor, "change_item", "assistance_items", str(item.id), before=before, after={
            "amount_fen": item.amount_fen, "category": item.category, "tier": item.tier, "reason": reason,
            "needs_new_notice": renotice})
        return ItemChanged(item.id, item.row_version, item.amount_fen, item.category, item.tier, renotice)


def _load_item(session: Session, office_id: uuid.UUID, item_id: uuid.UUID) -> tuple[AssistanceItem, str, str]:
    found = session.execute(
        select(AssistanceItem, WorkerFile.name, WorkerFile.file_no)
        .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
        .join(Campaign, Campaign.id == AssistanceItem.campaign_id)
        .where(AssistanceItem.id == item_id, Campaign.office_id == office_id).with_for_update(of=AssistanceItem)
    ).first()
    if found is None:
        raise NotFound("assistance_item", "找不到该名单项，可能已被删除。", {"id": str(item_id)})
    return found[0], found[1], found[2]


def _check_budget_change(session: Session, item: AssistanceItem, label: str, category: str, amount: int) -> None:
    campaign = campaigns.load(session, item.campaign.office_id, item.campaign_id, lock=True)
    book = BudgetBook(session, campaign)
    book.add(item.category, item.fund_source, -item.amount_fen)
    refusal = book.refusal(category, item.fund_source, amount)
    if refusal:
        raise ValidationFailed("over_budget", f"{label}：{refusal}。")


__all__ = ["ALL", "ItemChanged", "LeftOut", "ProposalResult", "Proposed", "change_item", "choose", "entitlement",
           "fund_source_of", "propose", "reason_of"]
