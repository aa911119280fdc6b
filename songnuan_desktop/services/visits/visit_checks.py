"""Conflicts and reminders of the visit calendar, each in words naming group, household and date.

`conflicts_between(db, by, start, end, campaign_id=None, today=None) -> list[Conflict]` (re-exported by
`services.visits.visit_calendar`), errors first, then by day. For the visits dated in [start, end]:

- `group_overlap` (error): one group booked twice at overlapping times on one day. Creating, changing
  or moving a visit into such a clash is refused (`visit_changes`); the rule still reports clashes
  already in the data (an import, the demo, an older version).
- `twice_in_campaign` (warning): a household with two or more visits in one campaign. Visits marked
  不在家 or 改期 do not count — they are why a household is visited again; a planned (计划) or done
  (已走访) visit does. This is the campaign's "already visited" rule: a done visit counts here and in
  automatic planning (a household already visited or planned in the campaign is not planned again).
  It does **not** count in the look-back rule of proposals (`assistance._helped_recently`): that rule
  is about money, and a visit without an item (a 三必访 call on a household in hospital) is exactly the
  household that may need the money next; counting it would turn a visit into a reason to refuse help.
- `outside_campaign` (warning): a campaign visit dated before its start or after its end.
- `day_off` (warning): a visit on a public holiday, or on a weekend that is not a 调休 working day;
  names the holiday, and says when the year's calendar is only estimated (domain.workdays).

And two reminders about the year, whatever the range (day = None unless a date applies):

- `pair_visits` (warning): a 结对帮扶 household — one with a 结对帮扶 visit in the year of `today` or the
  year before — with fewer than 3 结对帮扶 visits in the year of `today`, counting done and planned ones
  (not 不在家/改期). The file has no "paired" flag; the visits are the pairing's record.
- `must_visit` (warning): a 三必访 event with no visit within 7 days. Files have no event table; an
  event is recorded on the file as its `hardship_event_date` with the main cause 患重特大疾病 (a
  hospitalisation) or 遭受意外事故 (an accident, a death in the family), dated within the 30 days up to
  `today`. Any visit to the household dated from the event to 7 days after it (not 不在家/改期)
  answers it; bereavement and family disputes have no field on the file, so a 三必访 visit for them is
  planned by hand and this rule cannot miss-remind about them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.codes import ACTIVE_FILE_STATUS
from songnuan_desktop.domain.visit_days import day_off_reason
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import Campaign, HardshipCause, Visit, VisitHousehold, WorkerFile
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.visits.visit_calendar import (
    DONE, PAIR_PURPOSE, PLANNED, Conflict, VisitView, date_text, read_visits, time_span,
)

COUNTED = (PLANNED, DONE)  # outcomes that count as a visit; 不在家 and 改期 call for another
PAIR_VISITS_A_YEAR = 3
MUST_VISIT_DAYS = 7
MUST_VISIT_LOOKBACK = 30
MUST_VISIT_CAUSES = ("患重特大疾病", "遭受意外事故")
ERROR, WARNING = "error", "warning"


def conflicts_between(db: Database, by: SessionUser, start: dt.date, end: dt.date,
                      campaign_id: uuid.UUID | None = None, today: dt.date | None = None) -> list[Conflict]:
    today = today or dt.date.today()
    conditions = [Visit.office_id == by.office_id, Visit.deleted.is_(False), Visit.date >= start, Visit.date <= end]
    if campaign_id is not None:
        conditions.append(Visit.campaign_id == campaign_id)
    with db.read() as session:
        shown = read_visits(session, conditions, full=False)
        found = [*group_overlaps(shown), *twice_in_campaign(session, shown), *outside_campaign(session, shown),
                 *days_off(shown), *pair_visits(session, by.office_id, today),
                 *must_visits(session, by.office_id, today)]
    return sorted(found, key=lambda c: (c.severity != ERROR, c.day or dt.date.max, c.kind))


def _names(v: VisitView) -> str:
    return "、".join(h.name for h in v.households)


def group_overlaps(shown: Iterable[VisitView]) -> list[Conflict]:
    by_day: dict[tuple[uuid.UUID, dt.date], list[VisitView]] = defaultdict(list)
    for v in shown:
        by_day[(v.group_id, v.date)].append(v)
    found = []
    for day_visits in by_day.values():
        day_visits.sort(key=lambda v: v.start_time)
        for i, a in enumerate(day_visits):
            for b in day_visits[i + 1:]:
                if b.start_time >= a.end_time:
                    break
                found.append(Conflict("group_overlap", ERROR, (
                    f"{a.group_name}{date_text(a.date)}同时安排了两处走访：{time_span(a.start_time, a.end_time)} "
                    f"走访{_names(a)}，{time_span(b.start_time, b.end_time)} 走访{_names(b)}，时间重叠。"
                    "同一慰问组不能同时在两处，请调整时间或改派其他组。"), (a.id, b.id), None, a.date))
    return found


def twice_in_campaign(session: Session, shown: list[VisitView]) -> list[Conflict]:
    campaigns = {v.campaign_id for v in shown if v.campaign_id is not None}
    if not campaigns:
        return []
    in_range = {v.id for v in shown}
    rows = session.execute(
        select(Visit.id, Visit.campaign_id, Campaign.name, Visit.date, VisitHousehold.worker_file_id, WorkerFile.name,
               WorkerFile.file_no)
        .join(VisitHousehold, VisitHousehold.visit_id == Visit.id).join(Campaign, Campaign.id == Visit.campaign_id)
        .join(WorkerFile, WorkerFile.id == VisitHousehold.worker_file_id)
        .where(Visit.campaign_id.in_(campaigns), Visit.deleted.is_(False), Visit.outcome.in_(COUNTED))
        .order_by(Visit.date, Visit.start_time)).all()
    per: dict[tuple[uuid.UUID | None, uuid.UUID], list[Any]] = defaultdict(list)
    for r in rows:
        per[(r[1], r[4])].append(r)
    found = []
    for (_campaign, file_id), visits in per.items():
        if len(visits) < 2 or not any(r[0] in in_range for r in visits):
            continue
        first = visits[0]
        days = "、".join(date_text(r[3]) for r in visits)
        found.append(Conflict("twice_in_campaign", WARNING, (
            f"{first[5]}（档案 {first[6]}）在“{first[2]}”中安排了 {len(visits)} 次走访（{days}）："
            "同一户在一次活动中一般只走访一次，请确认是否重复。"),
            tuple(r[0] for r in visits), file_id, next(r[3] for r in visits if r[0] in in_range)))
    return found


def outside_campaign(session: Session, shown: list[VisitView]) -> list[Conflict]:
    ids = {v.campaign_id for v in shown if v.campaign_id is not None}
    if not ids:
        return []
    periods = {c: (s, e) for c, s, e in session.execute(
        select(Campaign.id, Campaign.start_date, Campaign.end_date).where(Campaign.id.in_(ids)))}
    found = []
    for v in shown:
        if v.campaign_id is None or v.campaign_id not in periods:
            continue
        first, last = periods[v.campaign_id]
        if first <= v.date <= last:
            continue
        side = "开始前" if v.date < first else "结束后"
        found.append(Conflict("outside_campaign", WARNING, (
            f"{v.group_name}{date_text(v.date)}走访{_names(v)}，在“{v.campaign_name}”活动期"
            f"（{date_text(first)}至{date_text(last)}）{side}。"), (v.id,), None, v.date))
    return found


def days_off(shown: list[VisitView]) -> list[Conflict]:
    found = []
    for v in shown:
        reason = day_off_reason(v.date)
        if reason:
            found.append(Conflict("day_off", WARNING, (
                f"{v.group_name}{date_text(v.date)}走访{_names(v)}，当天是{reason}，不是工作日："
                "请确认慰问组和走访户都方便。"), (v.id,), None, v.date))
    return found


def pair_visits(session: Session, office_id: uuid.UUID, today: dt.date) -> list[Conflict]:
    year = today.year
    rows = session.execute(
        select(VisitHousehold.worker_file_id, WorkerFile.name, WorkerFile.file_no, Visit.date, Visit.outcome)
        .join(Visit, Visit.id == VisitHousehold.visit_id)
        .join(WorkerFile, WorkerFile.id == VisitHousehold.worker_file_id)
        .where(Visit.office_id == office_id, Visit.deleted.is_(False), Visit.purpose == PAIR_PURPOSE,
               Visit.date >= dt.date(year - 1, 1, 1), Visit.date <= dt.date(year, 12, 31),
               WorkerFile.status == ACTIVE_FILE_STATUS, WorkerFile.deleted.is_(False))).all()
    counts: dict[uuid.UUID, list[int]] = {}
    names: dict[uuid.UUID, str] = {}
    for file_id, name, file_no, day, outcome in rows:
        done_planned = counts.setdefault(file_id, [0, 0])
        names[file_id] = f"{name}（档案 {file_no}）"
        if day.year == year and outcome in COUNTED:
            done_planned[0 if outcome == DONE else 1] += 1
    found = []
    for file_id, (done, planned) in counts.items():
        if done + planned >= PAIR_VISITS_A_YEAR:
            continue
        found.append(Conflict("pair_visits", WARNING, (
            f"{names[file_id]}是结对帮扶户，{year}年已走访 {done} 次、已安排 {planned} 次，"
            f"每年至少 {PAIR_VISITS_A_YEAR} 次，还差 {PAIR_VISITS_A_YEAR - done - planned} 次，请安排结对走访。"),
            (), file_id, None))
    return sorted(found, key=lambda c: c.message)


def must_visits(session: Session, office_id: uuid.UUID, today: dt.date) -> list[Conflict]:
    since = today - dt.timedelta(days=MUST_VISIT_LOOKBACK)
    main_cause = and_(HardshipCause.worker_file_id == WorkerFile.id, HardshipCause.position == 0)
    events = session.execute(
        select(WorkerFile.id, WorkerFile.name, WorkerFile.file_no, WorkerFile.hardship_event_date, HardshipCause.cause)
        .join(HardshipCause, main_cause)
        .where(WorkerFile.office_id == office_id, WorkerFile.deleted.is_(False),
               WorkerFile.status == ACTIVE_FILE_STATUS, WorkerFile.hardship_event_date >= since,
               WorkerFile.hardship_event_date <= today, HardshipCause.cause.in_(MUST_VISIT_CAUSES))).all()
    if not events:
        return []
    visited = session.execute(
        select(VisitHousehold.worker_file_id, Visit.date).join(Visit, Visit.id == VisitHousehold.visit_id)
        .where(VisitHousehold.worker_file_id.in_([e[0] for e in events]), Visit.deleted.is_(False),
               Visit.outcome.in_(COUNTED), Visit.date >= since)).all()
    days: dict[uuid.UUID, list[dt.date]] = defaultdict(list)
    for file_id, day in visited:
        days[file_id].append(day)
    found = []
    for file_id, name, file_no, event_date, cause in events:
        event = cast(dt.date, event_date)  # not None: the query asked for a date in range
        due = event + dt.timedelta(days=MUST_VISIT_DAYS)
        if any(event <= d <= due for d in days[file_id]):
            continue
        when = f"已超过 {(today - due).days} 天" if today > due else f"请在{date_text(due)}前走访"
        found.append(Conflict("must_visit", WARNING, (
            f"{name}（档案 {file_no}）{date_text(event)}{cause}，属三必访，7 天内（至{date_text(due)}）"
            f"没有安排走访：{when}。"), (), file_id, event))
    return found
