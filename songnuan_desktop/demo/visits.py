"""The demo office's visits: three visit groups, visits for this winter's campaign (half done, half
planned) with its quota (每个慰问组不少于20户, issue 16 item 5), one deliberate clash of a group's bookings,
and pair assistance (结对帮扶) visits."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from sqlalchemy.orm import Session

from songnuan_desktop.persistence.models import Visit, VisitGroup, VisitHousehold
from songnuan_desktop.persistence.models_visit_quotas import VisitQuota
from songnuan_desktop.demo import data
from songnuan_desktop.demo.people import FileInfo

SLOTS = ((dt.time(9), dt.time(10, 30)), (dt.time(10, 30), dt.time(12)), (dt.time(14, 30), dt.time(16)),
         (dt.time(16), dt.time(17, 30)))
VISIT_NOTES = {
    "已走访": "送去慰问金及米、油等慰问品", "不在家": "户主外出就医，已电话联系", "改期": "户主要求改期", "计划": "",
}
UNPAID_VISIT_NOTE = "入户了解情况；慰问金待审批后凭发放凭证发放"
DONE_DAYS = [dt.date(2026, 11, d) for d in (10, 11, 12, 13, 16, 17, 18, 19)]
PLAN_DAYS = [d for d in (dt.date(2026, 12, 1) + dt.timedelta(days=k) for k in range(60)) if d.weekday() < 5]
CONFLICT_DAY = dt.date(2026, 11, 18)
# This winter's quota: each group's share of the campaign's households is about 30 (90 over three groups), of
# which the first half are visited by the demo's today, so each group stands short of 20 mid-campaign.
QUOTA_PER_GROUP = 20
Household = tuple[FileInfo, uuid.UUID | None]  # a visited file and the item the visit is for


def build_visits(ctx: data.Context, session: Session, files: list[FileInfo], items: list[dict],
                 campaign_id: uuid.UUID) -> None:
    """The visit groups; visits for the campaign's items (half done, half planned); one deliberate
    clash; and pair assistance (结对帮扶) visits outside any campaign."""
    groups = _visit_groups(ctx, session)
    targets = [r for r in items if r["campaign_id"] == campaign_id and r["state"] not in ("rejected", "voided")][:90]
    _campaign_visits(ctx, session, groups, campaign_id, files, targets)
    # No draw from ctx.rng here: the demo's later rows stay as they were before the quota.
    quota_at = dt.datetime(2026, 11, 2, 9, 30)  # the day after the campaign opened (2026年11月1日)
    session.add(VisitQuota(id=uuid.uuid5(campaign_id, "visit-quota"), campaign_id=campaign_id, per="慰问组",
                           households=QUOTA_PER_GROUP, origin_office_id=ctx.office_id, created_at=quota_at,
                           updated_at=quota_at))
    # One deliberate conflict: 第一慰问组 booked twice on one morning (09:00–10:30 and 10:00–11:30).
    taken = {r["worker_file_id"] for r in targets}
    spare = [f for f in files if f.status == "在档" and f.id not in taken][:2]
    for f, times in zip(spare, ((dt.time(9), dt.time(10, 30)), (dt.time(10), dt.time(11, 30))), strict=False):
        _visit(ctx, session, groups[0], campaign_id, CONFLICT_DAY, times, "三必访-住院", "已走访", [(f, None)])
    # Pair assistance: three visits a year to one household, outside any campaign.
    for k, f in enumerate([f for f in files if f.status == "在档" and f.category == "深度困难"][:2]):
        for month in (3, 6, 9):
            _visit(ctx, session, groups[2], None, dt.date(2026, month, 10 + ctx.rng.randrange(8)),
                   SLOTS[2 + k], "结对帮扶", "已走访", [(f, None)])


def _visit_groups(ctx: data.Context, session: Session) -> list[VisitGroup]:
    groups = []
    for name, leader, members, vehicle, contact in data.VISIT_GROUPS:
        group = VisitGroup(office_id=ctx.office_id, name=name, leader=leader, members=members, vehicle=vehicle,
                           contact=contact, **ctx.orm(data.stamp(ctx.rng, dt.date(2025, 12, 1))))
        session.add(group)
        groups.append(group)
    session.flush()  # no relationship() links visits to groups, so the flush would not order them
    return groups


def _campaign_visits(ctx: data.Context, session: Session, groups: list[VisitGroup], campaign_id: uuid.UUID,
                     files: list[FileInfo], targets: list[dict]) -> None:
    """One to three households a visit, each group in one slot at a time; the first half done."""
    rng = ctx.rng
    by_id = {f.id: f for f in files}
    used = {(0, CONFLICT_DAY, 0), (0, CONFLICT_DAY, 1)}  # kept free for the deliberate conflict
    pos = 0
    while pos < len(targets):
        chunk = targets[pos:pos + rng.choice((1, 1, 2, 3))]
        done = pos < len(targets) // 2
        pos += len(chunk)
        while True:
            slot = (rng.randrange(len(groups)), rng.choice(DONE_DAYS if done else PLAN_DAYS), rng.randrange(4))
            if slot not in used:
                used.add(slot)
                break
        outcome = data.weighted(rng, (("已走访", 80), ("不在家", 14), ("改期", 6))) if done else "计划"
        _visit(ctx, session, groups[slot[0]], campaign_id, slot[1], SLOTS[slot[2]], "节日慰问", outcome,
               [(by_id[r["worker_file_id"]], r["id"]) for r in chunk])


def _visit(ctx: data.Context, session: Session, group: VisitGroup, campaign_id: uuid.UUID | None, day: dt.date,
           times: tuple[dt.time, dt.time], purpose: str, outcome: str, households: list[Household]) -> None:
    created = data.stamp(ctx.rng, min(day, data.DEMO_TODAY) - dt.timedelta(days=3))
    head = households[0][0]
    clears = None
    if outcome == "已走访":
        clears = data.five_clears(ctx.rng, head.size, head.main_cause, head.employment)
    note = VISIT_NOTES[outcome]
    if outcome == "已走访" and any(item_id is not None for _f, item_id in households):
        # The campaign's items are still in draft, review or notice: no money may go with the visit.
        note = UNPAID_VISIT_NOTE
    visit = Visit(
        office_id=ctx.office_id, group_id=group.id, campaign_id=campaign_id, date=day, start_time=times[0],
        end_time=times[1], purpose=purpose, outcome=outcome, note=note,
        outcome_json=json.dumps(clears, ensure_ascii=False) if clears else "", **ctx.orm(created),
    )
    visit.households = [
        VisitHousehold(worker_file_id=f.id, item_id=item_id, position=i, **ctx.orm(created))
        for i, (f, item_id) in enumerate(households)
    ]
    session.add(visit)
