"""Judge a worker file by the rules in force on a day: settings versions and the 低保线 of that day.

"This year" is the year of the day judged: a disaster, accident or serious illness counts when the
file has that cause and its `hardship_event_date` lies in that year, on or before the day. A cause
without a date is not assumed to be this year's; the sentences say the date is missing.
Self-paid medical costs are the file's `medical_selfpaid_fen`; a file that leaves it at 0 (files from
before it existed) falls back to its 医疗 rigid-expense items, as the judgement did until then. The
two are never added: both record the same money. Exclusions are the file's `file_exclusions` and,
from the dues flag, unpaid dues.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from songnuan_desktop.domain.eligibility import (
    AREA_LABELS,
    DibaoInForce,
    EligibilityRules,
    HouseholdFacts,
    Judgement,
    date_text,
    judge,
)
from songnuan_desktop.domain.errors import NotFound
from songnuan_desktop.domain.regions import chain
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import DibaoLine, Office, SettingVersion, WorkerFile
from songnuan_desktop.services.office.settings import value_at

RULE_KEYS = (
    "deep_hardship_percent", "relative_hardship_percent", "serious_illness_percent", "hardship_cost_percent",
    "medical_selfpaid_fen", "disaster_loss_fen", "exclusions",
)
# 致困原因 (domain.codes.CAUSES) that stand for an event: of the year judged when the file dates it so.
ILLNESS_CAUSE, DISASTER_CAUSE, ACCIDENT_CAUSE = "患重特大疾病", "遭受自然灾害", "遭受意外事故"
MEDICAL_EXPENSE_KIND = "医疗"


def judge_file(db: Database, worker_file_id: uuid.UUID, on: dt.date | None = None) -> Judgement:
    """The file judged by the rules in force on `on` (default today); a past day says which rules."""
    today = dt.date.today()
    on = on or today
    with db.read() as session:
        row = session.scalar(
            select(WorkerFile).where(WorkerFile.id == worker_file_id)
            .options(selectinload(WorkerFile.members), selectinload(WorkerFile.incomes),
                     selectinload(WorkerFile.causes), selectinload(WorkerFile.exclusions))
        )
        if row is None or row.deleted:
            raise NotFound("worker_file", "找不到该档案，可能已被删除。", {"id": str(worker_file_id)})
        facts = household_facts(row, on)
        rules, fallback = _rules_and_fallback(session, row, on)
    judgement = judge(facts, rules)
    judgement = dataclasses.replace(judgement, judged_on=on, sentences=[*judgement.sentences, *fallback])
    return _with_history(judgement, on, today)


def household_facts(row: WorkerFile, on: dt.date) -> HouseholdFacts:
    """What the file records, as the domain's facts for a judgement on `on` (relationships loaded)."""
    incomes = [i.annual_fen for i in row.incomes if i.direction == "income"]
    expenses = [i for i in row.incomes if i.direction == "expense"]
    medical_items = sum(i.annual_fen for i in expenses if i.kind == MEDICAL_EXPENSE_KIND)
    causes = {c.cause for c in row.causes}
    events = [c for c in (ILLNESS_CAUSE, DISASTER_CAUSE, ACCIDENT_CAUSE) if c in causes]
    when = row.hardship_event_date
    this_year = when is not None and when.year == on.year and when <= on
    counted = set(events) if this_year else set()
    exclusions = {e.key for e in row.exclusions} | (set() if row.dues_paid else {"dues_unpaid"})
    return HouseholdFacts(
        household_size=1 + len(row.members),
        head_monthly_income_fen=row.monthly_income_fen or 0,
        member_monthly_incomes_fen=tuple(m.monthly_income_fen or 0 for m in row.members),
        other_annual_income_fen=sum(incomes),
        annual_rigid_expenses_fen=sum(i.annual_fen for i in expenses),
        serious_illness_this_year=ILLNESS_CAUSE in counted,
        disaster_this_year=DISASTER_CAUSE in counted,
        accident_this_year=ACCIDENT_CAUSE in counted,
        medical_selfpaid_fen=row.medical_selfpaid_fen or medical_items,
        disaster_loss_fen=row.disaster_loss_fen or 0,
        exclusion_facts=frozenset(exclusions),
        event_date=when if events else None,
        uncounted_events=() if this_year else tuple(events),
        judged_year=on.year,
    )


def rules_on(session: Session, row: WorkerFile, on: dt.date) -> EligibilityRules:
    """The office's thresholds and the file's 低保线 in force on `on`."""
    return _rules_and_fallback(session, row, on)[0]


def _rules_and_fallback(session: Session, row: WorkerFile, on: dt.date) -> tuple[EligibilityRules, list[str]]:
    """The rules, and a sentence when the 低保线 is a parent's (or the office's) rather than the file's own."""
    values = {key: value_at(session, row.office_id, key, on) for key in RULE_KEYS}
    settings_from = session.scalar(
        select(func.max(SettingVersion.effective_from)).where(
            SettingVersion.office_id == row.office_id, SettingVersion.key.in_(RULE_KEYS),
            SettingVersion.effective_from <= on,
        )
    )
    region = row.region_code or _office_region(session, row.office_id)
    area = "rural" if row.hukou_type == "农业" else "urban"
    line = _line_on(session, row.office_id, region, area, on)
    dibao = DibaoInForce(line.monthly_fen, line.effective_from, line.region_name, line.area) if line else None
    missing = "" if dibao else (
        f"没有{_region_label(session, row.office_id, region)}{AREA_LABELS[area]}在 {date_text(on)} 已生效的低保线，"
        "请先在设置中添加"
    )
    rules = EligibilityRules.from_settings(values, dibao, settings_from, missing)
    sentence = _fallback_sentence(row.region_code, region, line) if line else ""
    return rules, [sentence] if sentence else []


def _fallback_sentence(file_region: str, region: str, line: DibaoLine) -> str:
    """Where the 低保线 came from, in words, when it is a parent's rather than the region's own:
    '行政区划 522622103 没有单独设定的低保线，按 522622（黄平县）的低保线认定'. '' when it is the region's own."""
    if line.region_code == region:
        return ""
    whose = f"行政区划 {file_region}" if file_region else f"本档案未填行政区划代码，本单位所在地区 {region}"
    return f"{whose} 没有单独设定的低保线，按 {line.region_code}（{line.region_name}）的低保线认定"


def _office_region(session: Session, office_id: uuid.UUID) -> str:
    return session.scalar(select(Office.region_code).where(Office.id == office_id)) or ""


def _line_on(session: Session, office_id: uuid.UUID, region: str, area: str, on: dt.date) -> DibaoLine | None:
    """The 低保线 of the region or of its nearest parent (domain.regions.chain): the newest in force among
    them; on the same date the nearer code.

    Newest first, so that a county's new 低保线 (sent down for 522622) replaces the township's older line
    for its own code (522622101) from its date on."""
    candidates = list(chain(region))
    lines = session.scalars(
        select(DibaoLine).where(
            DibaoLine.office_id == office_id, DibaoLine.region_code.in_(candidates), DibaoLine.area == area,
            DibaoLine.effective_from <= on,
        )
    ).all()
    if not lines:
        return None
    return max(lines, key=lambda r: (r.effective_from, -candidates.index(r.region_code)))


def _region_label(session: Session, office_id: uuid.UUID, region: str) -> str:
    """'黄平县（522622）' when any 低保线 names the region, else the code alone."""
    if not region:
        return "本档案所在地区（未填行政区划代码）"
    name = session.scalar(
        select(DibaoLine.region_name).where(
            DibaoLine.office_id == office_id, DibaoLine.region_code.in_(chain(region))
        ).limit(1)
    )
    return f"{name}（{region}）" if name else f"行政区划 {region} "


def _with_history(judgement: Judgement, on: dt.date, today: dt.date) -> Judgement:
    """A day before today is judged by that day's rules, and says so."""
    if on >= today:
        return judgement
    notes = []
    if judgement.dibao is not None:
        notes.append(f"按 {date_text(judgement.dibao.effective_from)}起的低保线认定")
    when = f"（认定日期 {date_text(on)}）"
    if judgement.settings_from is not None:
        notes.append(f"按 {date_text(judgement.settings_from)}起的认定标准认定{when}")
    else:
        notes.append(f"按系统默认认定标准认定{when}")
    return dataclasses.replace(judgement, sentences=[*judgement.sentences, *notes])
