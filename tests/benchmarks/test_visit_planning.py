"""Visits: automatic planning of 1,500 households (issue 6 target ≤ 1 s), and reading a month of 2,000
visits with `visits_between` (what the calendar's month view asks for; its model and paint target is
≤ 100 ms). Prints only, never asserts a time.

    python -m pytest tests/benchmarks/test_visit_planning.py -s -q
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.persistence.models import Campaign, User, UserRole, Visit, VisitHousehold, WorkerFile
from songnuan_desktop.services import visits
from songnuan_desktop.demo import build_demo
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.visits import GroupInput

ROUNDS = 3
PLANNED = 1_500
MONTH_VISITS = 2_000
WORKERS = 5_000
JANUARY = dt.date(2027, 1, 1)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, uuid.UUID, list[uuid.UUID], SessionUser]:
    """A demo office, ten visit groups, and the campaign's 在档 households not visited in it yet."""
    path = tmp_path_factory.mktemp("visits") / "demo.db"
    db = open_database("sqlite:///" + str(path), create=True)
    try:
        build_demo(db, workers=WORKERS, seed=7)
        with db.read() as session:
            campaign_id = session.scalars(select(Campaign.id).where(Campaign.name == "2027年元旦春节送温暖")).one()
            visited = select(VisitHousehold.worker_file_id).join(Visit, Visit.id == VisitHousehold.visit_id).where(
                Visit.campaign_id == campaign_id)
            files = list(session.scalars(select(WorkerFile.id).where(
                WorkerFile.status == "在档", WorkerFile.id.not_in(visited)).order_by(WorkerFile.file_no)))
            clerk = session.scalars(select(User).join(UserRole).where(UserRole.role == Role.CLERK.value)).first()
        by = SessionUser(clerk.id, clerk.username, clerk.display_name, clerk.office_id, frozenset({Role.CLERK}))
        for n in range(4, 11):
            visits.save_group(db, by, GroupInput(f"第{n}慰问组", "镇干部"))
    finally:
        db.close()
    assert len(files) >= MONTH_VISITS
    return path, campaign_id, files, by


def _plan(path: Path, campaign_id: uuid.UUID, files: list[uuid.UUID], by: SessionUser, n_groups: int,
          first_day: dt.date, skip_holidays: bool = True) -> tuple[float, visits.PlanResult]:
    db = open_database("sqlite:///" + str(path), create=True)
    try:
        group_ids = [g.id for g in visits.groups(db, by.office_id)][:n_groups]
        started = time.perf_counter()
        result = visits.plan(db, by, campaign_id, files, group_ids, first_day, skip_holidays=skip_holidays)
        return time.perf_counter() - started, result
    finally:
        db.close()


@pytest.mark.benchmark
def test_plan_1500_households(prepared: tuple[Path, uuid.UUID, list[uuid.UUID], SessionUser], tmp_path: Path) -> None:
    path, campaign_id, files, by = prepared
    runs = []
    for n in range(ROUNDS):
        copy = tmp_path / f"round-{n}.db"
        shutil.copyfile(path, copy)
        elapsed, result = _plan(copy, campaign_id, files[:PLANNED], by, 3, dt.date(2026, 12, 1))
        assert len(result.visits) == PLANNED
        runs.append(elapsed)
    median_ms = statistics.median(runs) * 1000
    print(f"\n[bench] plan {PLANNED:,} households for 3 groups, 8 a day: median {median_ms:.0f} ms "
          f"over {ROUNDS} rounds (read, sort by village, {PLANNED:,} visits + households + audit, one transaction) "
          "— target ≤ 1 s")


@pytest.mark.benchmark
def test_visits_between_a_month_of_2000_visits(prepared: tuple[Path, uuid.UUID, list[uuid.UUID], SessionUser],
                                               tmp_path: Path) -> None:
    path, campaign_id, files, by = prepared
    copy = tmp_path / "month.db"
    shutil.copyfile(path, copy)
    _elapsed, result = _plan(copy, campaign_id, files[:MONTH_VISITS], by, 10, JANUARY, skip_holidays=False)
    assert max(v.date for v in result.visits) < dt.date(2027, 2, 1)
    db = open_database("sqlite:///" + str(copy))
    try:
        runs, found = [], []
        for _ in range(ROUNDS + 2):
            started = time.perf_counter()
            found = visits.visits_between(db, by, JANUARY, dt.date(2027, 1, 31))
            runs.append(time.perf_counter() - started)
        conflicts_started = time.perf_counter()
        visits.conflicts_between(db, by, JANUARY, dt.date(2027, 1, 31), today=dt.date(2026, 12, 20))
        conflicts_s = time.perf_counter() - conflicts_started
    finally:
        db.close()
    assert len(found) >= MONTH_VISITS
    print(f"\n[bench] visits_between for January 2027: {len(found):,} visits, median "
          f"{statistics.median(runs[2:]) * 1000:.0f} ms (first {runs[0] * 1000:.0f} ms); conflicts_between for the "
          f"month {conflicts_s * 1000:.0f} ms")
