"""Automatic planning: N per group per day, villages kept together, holidays skipped, existing bookings
and lunch avoided, households already visited left out with the reason, all in one transaction."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from songnuan_desktop.domain.errors import ValidationFailed
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry, Visit
from songnuan_desktop.services.campaigns import assistance
from songnuan_desktop.services import visits
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.visits import GroupInput, VisitInput
from tests.services.campaigns.assistance_helpers import TODAY, Staff, make_campaign, make_file, staff

T = dt.time
VILLAGES = ("寨碧村", "东坡村", "旧州村", "寨勇村")


@pytest.fixture
def office(office_db: Database, admin: SessionUser) -> Staff:
    return staff(office_db, admin)


def groups(office: Staff, n: int = 2) -> list[uuid.UUID]:
    return [visits.save_group(office.db, office.clerk, GroupInput(f"第{'一二三'[i]}慰问组", "王建军")).id
            for i in range(n)]


def files(office: Staff, n: int) -> list[uuid.UUID]:
    """`n` households spread over four villages, interleaved so that sorting has work to do."""
    return [make_file(office.db, office.clerk, i + 1,
                      address=f"黄平县旧州镇{VILLAGES[i % len(VILLAGES)]}{i % 5 + 1}组{i}号")
            for i in range(n)]


def visit_count(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Visit)) or 0)


def test_n_per_group_per_day_villages_together_and_holidays_skipped(office: Staff) -> None:
    campaign = make_campaign(office.db, office.clerk)
    g1, g2 = groups(office)
    ids = files(office, 16)
    # From Wednesday 2026-09-30: 国庆 and 中秋 1–7 October off, Saturday 10 October a 调休 working day.
    result = visits.plan(office.db, office.clerk, campaign, ids, [g1, g2], dt.date(2026, 9, 30), per_group_day=2)
    assert len(result.visits) == 16 and result.unplaced == ()
    days = sorted({v.date for v in result.visits})
    assert days == [dt.date(2026, 9, 30), dt.date(2026, 10, 8), dt.date(2026, 10, 9), dt.date(2026, 10, 10)]
    for day in days:
        for g in (g1, g2):
            run = [v for v in result.visits if v.date == day and v.group_id == g]
            assert len(run) == 2
            assert len({v.households[0].village for v in run}) == 1  # one area a day
    first = [v for v in result.visits if v.date == days[0] and v.group_id == g1]
    assert [(v.start_time, v.end_time) for v in first] == [(T(9), T(9, 45)), (T(9, 45), T(10, 30))]
    assert "已安排 16 户走访，2026年9月30日至2026年10月10日" in result.message
    stored = visits.visits_between(office.db, office.clerk, days[0], days[-1])
    assert sorted(v.id for v in stored) == sorted(v.id for v in result.visits)
    with office.db.read() as session:
        logged = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "visits"))
    assert logged == 16


def test_lunch_and_existing_bookings_are_kept_free_and_the_setting_gives_n(office: Staff) -> None:
    campaign = make_campaign(office.db, office.clerk)
    (g,) = groups(office, 1)
    ids = files(office, 18)
    monday = dt.date(2026, 11, 23)
    visits.create_visit(office.db, office.clerk, VisitInput(g, monday, T(9, 30), T(10), "三必访-住院", (ids[0],)))
    result = visits.plan(office.db, office.clerk, campaign, ids[1:], [g], monday)  # the setting: 8 a day
    per_day = [sum(1 for v in result.visits if v.date == monday + dt.timedelta(days=k)) for k in range(3)]
    assert per_day == [7, 8, 2]  # Monday loses 09:00 to the booking at 09:30 and ends by 18:00
    on_monday = [(v.start_time, v.end_time) for v in result.visits if v.date == monday]
    assert on_monday[:3] == [(T(10), T(10, 45)), (T(10, 45), T(11, 30)), (T(14), T(14, 45))]  # lunch kept free
    assert on_monday[-1] == (T(17), T(17, 45))
    assert visits.conflicts_between(office.db, office.clerk, monday, monday, today=TODAY) == []


def test_items_link_amounts_and_households_already_visited_are_left_out(office: Staff) -> None:
    campaign = make_campaign(office.db, office.clerk)
    (g,) = groups(office, 1)
    ids = files(office, 4)
    proposed = assistance.propose(office.db, office.clerk, campaign, ids[:2], today=TODAY).proposed
    visits.create_visit(office.db, office.clerk, VisitInput(g, dt.date(2026, 11, 24), T(9), T(10), "节日慰问",
                                                            (ids[3],), campaign))
    result = visits.plan(office.db, office.clerk, campaign, [proposed[0].item_id, ids[1], ids[2], ids[3], ids[2]],
                         [g], dt.date(2026, 11, 25))
    by_file = {v.households[0].file_id: v.households[0] for v in result.visits}
    assert set(by_file) == {ids[0], ids[1], ids[2]}
    assert by_file[ids[0]].item_id == proposed[0].item_id and by_file[ids[0]].amount_fen == proposed[0].amount_fen
    assert by_file[ids[1]].item_id == proposed[1].item_id  # a file id links its item in the campaign
    assert by_file[ids[2]].item_id is None and by_file[ids[2]].amount_fen is None
    reasons = {u.file_id: u.reason for u in result.unplaced}
    assert reasons[ids[2]].startswith("同一户在列表中出现了两次")
    assert reasons[ids[3]] == "本活动已安排或已走访（2026年11月24日计划）"
    assert "2 户未安排" in result.message


def test_a_refused_plan_writes_nothing(office: Staff) -> None:
    campaign = make_campaign(office.db, office.clerk)
    g1, g2 = groups(office)
    ids = files(office, 3)
    visits.save_group(office.db, office.clerk, GroupInput("第二慰问组", "王建军", active=False), g2)
    with pytest.raises(ValidationFailed, match="已停用"):
        visits.plan(office.db, office.clerk, campaign, ids, [g1, g2], dt.date(2026, 11, 25))
    with pytest.raises(ValidationFailed, match="每组每天走访户数"):
        visits.plan(office.db, office.clerk, campaign, ids, [g1], dt.date(2026, 11, 25), per_group_day=99)
    assert visit_count(office.db) == 0
