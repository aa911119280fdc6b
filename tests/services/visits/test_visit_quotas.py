"""走访指标 (issue 16 item 5): a campaign's quota per visit group or per leader, its progress and the 统计 走访 tables'
指标 / 已走访户数 / 完成率 — each figure against a count by hand over the ORM rows of a demo copy (SQLite and
PostgreSQL); setting the quota is logged; migration 0021 upgrades an office at 0020."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, selectinload

from songnuan_desktop.domain.errors import PermissionDenied, ValidationFailed
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.engine import make_engine
from songnuan_desktop.persistence.migrate import alembic_config, current_revision, upgrade
from songnuan_desktop.persistence.models import AuditEntry, Campaign, Visit, VisitGroup
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.reports import statistics
from songnuan_desktop.services.visits import visit_quotas
from songnuan_desktop.demo.visits import QUOTA_PER_GROUP
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.reports.statistics import Period
from tests.demo_offices import DemoOffices

THIS_WINTER = "2027年元旦春节送温暖"
LAST_WINTER = "2026年元旦春节送温暖"


@pytest.fixture
def demo(db_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(db_url, workers=300, seed=2)


def login(db: Database, name: str = "jingban") -> SessionUser:
    return auth.login(db, name, "songnuan2026")


def campaign_id(db: Database, name: str) -> uuid.UUID:
    with db.read() as session:
        return session.scalars(select(Campaign.id).where(Campaign.name == name)).one()


def by_hand(session: Session, campaign: uuid.UUID, by_leader: bool,
            dates: tuple[dt.date, dt.date] | None = None) -> dict[str, tuple[int, int]]:
    """(planned, visited) distinct households per group name (or leader) over the campaign's visits not deleted."""
    planned: dict[str, set[uuid.UUID]] = defaultdict(set)
    visited: dict[str, set[uuid.UUID]] = defaultdict(set)
    for visit in session.scalars(select(Visit).options(selectinload(Visit.households))):
        if visit.campaign_id != campaign or visit.deleted:
            continue
        group = session.get(VisitGroup, visit.group_id)
        assert group is not None
        key = group.leader if by_leader else group.name
        files = {h.worker_file_id for h in visit.households}
        planned[key] |= files
        if visit.outcome == "已走访" and (dates is None or dates[0] <= visit.date <= dates[1]):
            visited[key] |= files
    return {k: (len(planned[k]), len(visited[k])) for k in planned}


def test_the_demo_campaign_has_its_quota_and_the_progress_equals_a_hand_count(demo: Database) -> None:
    user = login(demo)
    winter = campaign_id(demo, THIS_WINTER)
    progress = visit_quotas.progress(demo, user.office_id, winter)
    assert progress.quota is not None
    assert progress.quota.text == f"每个慰问组不少于{QUOTA_PER_GROUP}户"
    with demo.read() as session:
        expected = by_hand(session, winter, by_leader=False)
    assert {line.label: (line.planned, line.visited) for line in progress.lines} == expected
    assert [line.label for line in progress.lines] == ["第一慰问组", "第二慰问组", "第三慰问组"]
    for line in progress.lines:
        assert line.quota == QUOTA_PER_GROUP
        assert line.shortfall == max(QUOTA_PER_GROUP - line.visited, 0)
        assert line.text.startswith(f"{line.label}：已走访 {line.visited} / 指标 {QUOTA_PER_GROUP} 户")
    # the demo stands mid-campaign: households visited, more planned, short of the quota
    assert 0 < progress.visited < sum(line.planned for line in progress.lines)
    assert progress.shortfall > 0
    # last winter has none
    last = visit_quotas.progress(demo, user.office_id, campaign_id(demo, LAST_WINTER))
    assert last.quota is None


def test_a_quota_per_leader_counts_the_leaders_groups_together_and_is_logged(demo: Database) -> None:
    user = login(demo)
    winter = campaign_id(demo, THIS_WINTER)
    with demo.write(user.actor) as session:  # two groups under one leader: 第三 led by 第一's leader
        groups = {g.name: g for g in session.scalars(select(VisitGroup))}
        groups["第三慰问组"].leader = groups["第一慰问组"].leader
        leader = groups["第一慰问组"].leader
    quota = visit_quotas.set_quota(demo, user, winter, visit_quotas.PER_LEADER, 4)
    assert quota is not None and quota.text == "每位带队领导不少于4户"
    progress = visit_quotas.progress(demo, user.office_id, winter)
    with demo.read() as session:
        expected = by_hand(session, winter, by_leader=True)
        entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "visit_quotas")).all()
    assert {line.label: (line.planned, line.visited) for line in progress.lines} == expected
    assert len(progress.lines) == 2 and leader in expected
    assert all(line.quota == 4 for line in progress.lines)
    assert [e.action for e in entries][-1] == "update"
    # the 统计 leader table now carries the quota; the group table, counted per group, does not
    scope = statistics.scope_of(demo, user, Period.of_campaigns([winter]))
    leaders = statistics.table(demo, scope, "visits_leader")
    assert [c.label for c in leaders.columns][-3:] == ["指标（户）", "已走访户数", "完成率（%）"]
    for row in leaders.rows:
        planned_visited = expected[row.label]
        assert row.values[-3:] == (4, planned_visited[1], visit_quotas.rate(planned_visited[1], 4))
    assert len(statistics.table(demo, scope, "visits_group").columns) == 6
    # removed: no quota, no columns
    assert visit_quotas.set_quota(demo, user, winter, "", 0) is None
    assert visit_quotas.quota_of(demo, user.office_id, winter) is None
    assert len(statistics.table(demo, scope, "visits_leader").columns) == 6


def test_a_quota_is_refused_in_words(demo: Database) -> None:
    user = login(demo)
    winter = campaign_id(demo, THIS_WINTER)
    with pytest.raises(ValidationFailed, match="户"):
        visit_quotas.set_quota(demo, user, winter, visit_quotas.PER_GROUP, -1)
    with pytest.raises(ValidationFailed, match="慰问组或带队领导"):
        visit_quotas.set_quota(demo, user, winter, "联系点", 4)
    with pytest.raises(PermissionDenied):
        visit_quotas.set_quota(demo, login(demo, "caiwu"), winter, visit_quotas.PER_GROUP, 4)


@pytest.mark.parametrize("which", ["campaign", "year", "month"])
def test_the_statistics_visit_table_shows_the_quota_against_a_hand_count(demo: Database, which: str) -> None:
    user = login(demo)
    winter = campaign_id(demo, THIS_WINTER)
    period, dates = {
        "campaign": (Period.of_campaigns([winter]), None),
        "year": (Period.of_year(2026), (dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        "month": (Period.span(dt.date(2026, 11, 1), dt.date(2026, 11, 12)),
                  (dt.date(2026, 11, 1), dt.date(2026, 11, 12))),
    }[which]
    table = statistics.table(demo, statistics.scope_of(demo, user, period), "visits_group")
    assert [c.label for c in table.columns][-3:] == ["指标（户）", "已走访户数", "完成率（%）"]
    with demo.read() as session:
        expected = by_hand(session, winter, by_leader=False, dates=dates)
        leaders = {g.name: g.leader for g in session.scalars(select(VisitGroup))}
    rows = {row.label: row.values for row in table.rows}
    for name, (_planned, visited) in expected.items():
        quota, counted, rate = rows[f"{name}（{leaders[name]}）"][-3:]
        assert (quota, counted) == (QUOTA_PER_GROUP, visited), name
        assert rate == round(100 * visited / QUOTA_PER_GROUP)  # no half percent with a quota of 20
    assert table.total is not None
    total_quota, total_visited, total_rate = table.total.values[-3:]
    assert total_quota == QUOTA_PER_GROUP * len(expected)
    assert total_visited == sum(v for _p, v in expected.values())
    assert total_rate == visit_quotas.rate(total_visited, total_quota)
    # the first six columns are the visits' own figures still
    assert len(table.columns) == 9


def test_migration_0021_upgrades_an_office_at_0020(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        upgrade(engine, "0020")
        assert "visit_quotas" not in inspect(engine).get_table_names()
        upgrade(engine, "0021")
        assert current_revision(engine) == "0021"
        columns = {c["name"] for c in inspect(engine).get_columns("visit_quotas")}
        assert {"campaign_id", "per", "households", "row_version", "origin_office_id"} <= columns
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0020")
        assert "visit_quotas" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()
