"""统计 (issue 16 item 1): every figure of every table checked against a count made by hand — a plain Python
loop over the ORM rows of a demo copy, not the service's SQL — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from songnuan_desktop.domain.errors import NotFound, ValidationFailed
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models_goods import GoodsKind, GoodsLine
from songnuan_desktop.persistence.models import (
    AssistanceItem, Campaign, OrgUnit, SpotCheck, Visit, VisitGroup, WorkerFile,
)
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.payouts import spot_checks
from songnuan_desktop.services.reports import statistics
from songnuan_desktop.services.campaigns.campaign_budget import budget_status
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.reports.statistics import Period, Scope, Table
from tests.demo_offices import DemoOffices

LAST_WINTER = "2026年元旦春节送温暖"
THIS_WINTER = "2027年元旦春节送温暖"
STUDENT_AID = "2026年金秋助学"
UNFILLED = "（未填）"


@pytest.fixture
def demo(db_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(db_url, workers=300, seed=2)


def login(db: Database, name: str = "jingban") -> SessionUser:
    return auth.login(db, name, "songnuan2026")


def by_label(table: Table) -> dict[str, tuple[int, ...]]:
    rows = {row.label: row.values for row in table.rows}
    assert len(rows) == len(table.rows), "a label twice"
    return rows


# --- counting by hand -----------------------------------------------------------------------------

def _in(day: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return day is not None and start <= day <= end


def paid_items(session: Session, office_id: uuid.UUID, scope: Scope) -> list[AssistanceItem]:
    """Items paid (or paid and sampled) of the office: in the period's dates, or of its campaigns."""
    chosen = set(scope.campaign_ids)
    found = []
    for item in session.scalars(select(AssistanceItem).options(selectinload(AssistanceItem.campaign))):
        campaign = item.campaign
        if campaign.office_id != office_id or campaign.deleted or item.state not in ("paid", "sampled"):
            continue
        if scope.by_campaign and item.campaign_id not in chosen:
            continue
        if scope.dated and not _in(item.paid_on, scope.start, scope.end):
            continue
        found.append(item)
    return found


def helped_by_hand(session: Session, office_id: uuid.UUID, scope: Scope,
                   key: Callable[[AssistanceItem, WorkerFile, dict[uuid.UUID, OrgUnit]], str]
                   ) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """户数, 人次, 金额 — and, when goods went with the items paid (慰问品, issue 16 item 3), 慰问金, 慰问品折合
    (quantity × unit value) and 合计 instead of the one 金额."""
    units = {u.id: u for u in session.scalars(select(OrgUnit))}
    values = {k.id: k.unit_value_fen for k in session.scalars(select(GoodsKind))}
    valued: dict[uuid.UUID, int] = defaultdict(int)
    for line in session.scalars(select(GoodsLine)):
        valued[line.item_id] += line.quantity * values[line.kind_id]
    groups: dict[str, tuple[set[uuid.UUID], list[int]]] = defaultdict(lambda: (set(), [0, 0, 0]))
    households: set[uuid.UUID] = set()
    count = fen = goods = 0
    for item in paid_items(session, office_id, scope):
        file = session.get(WorkerFile, item.worker_file_id)
        assert file is not None
        label = key(item, file, units) or UNFILLED
        seen, figures = groups[label]
        seen.add(file.id)
        figures[0] += 1
        figures[1] += item.amount_fen
        figures[2] += valued[item.id]
        households.add(file.id)
        count, fen, goods = count + 1, fen + item.amount_fen, goods + valued[item.id]

    def shown(n: int, f: int, g: int) -> tuple[int, ...]:
        return (n, f, g, f + g) if goods else (n, f)
    return ({label: (len(seen), *shown(n, f, g)) for label, (seen, (n, f, g)) in groups.items()},
            (len(households), *shown(count, fen, goods)))


def _unit(file: WorkerFile, units: dict[uuid.UUID, OrgUnit]) -> OrgUnit | None:
    return units.get(file.work_unit_id) if file.work_unit_id else None


def _union(file: WorkerFile, units: dict[uuid.UUID, OrgUnit]) -> str:
    unit = _unit(file, units)
    union_id = file.union_id or (unit.parent_id if unit else None)
    return units[union_id].name if union_id else ""


def _main_cause(file: WorkerFile) -> str:
    return next((c.cause for c in file.causes if c.position == 0), "")


DIMENSIONS: dict[str, Callable[[AssistanceItem, WorkerFile, dict[uuid.UUID, OrgUnit]], str]] = {
    "helped_category": lambda item, file, units: item.category,
    "helped_cause": lambda item, file, units: _main_cause(file),
    "helped_kind": lambda item, file, units: item.item_kind,
    "helped_fund": lambda item, file, units: item.fund_source,
    "helped_union": lambda item, file, units: _union(file, units),
    "helped_unit": lambda item, file, units: (u.name if (u := _unit(file, units)) else ""),
    "helped_village": lambda item, file, units: (u.village if (u := _unit(file, units)) else ""),
    "helped_month": lambda item, file, units: f"{item.paid_on.year}年{item.paid_on.month}月" if item.paid_on else "",
}


def files_by_hand(session: Session, office_id: uuid.UUID, start: dt.date, end: dt.date) -> dict[str, list[int]]:
    """新建档, 申请中, 复核, 解困, 脱困, 注销, 期末在档 by the file's category."""
    found: dict[str, list[int]] = defaultdict(lambda: [0] * 7)
    for f in session.scalars(select(WorkerFile).where(WorkerFile.office_id == office_id)):
        if f.deleted:
            continue
        applying = f.status in ("申请", "审核中", "公示中")
        figures = [
            not applying and _in(f.filed_date, start, end), applying and _in(f.filed_date, start, end),
            _in(f.reviewed_date, start, end),
            f.status == "解困" and _in(f.exit_date, start, end), f.status == "脱困" and _in(f.exit_date, start, end),
            f.status == "注销" and _in(f.exit_date, start, end),
            not applying and (f.filed_date is None or f.filed_date <= end)
            and not (f.status in ("解困", "脱困", "注销") and (f.exit_date is None or f.exit_date <= end)),
        ]
        counts = found[f.category or UNFILLED]
        for i, yes in enumerate(figures):
            counts[i] += int(bool(yes))
    return {k: v for k, v in found.items() if any(v)}


def visits_by_hand(session: Session, office_id: uuid.UUID, scope: Scope, by_group: bool) -> dict[str, list[int]]:
    """计划, 已走访, 不在家, 改期, 合计, 已走访户次 by group (its name and leader) or by leader."""
    found: dict[str, list[int]] = defaultdict(lambda: [0] * 6)
    for visit in session.scalars(select(Visit).options(selectinload(Visit.households))):
        if visit.office_id != office_id or visit.deleted:
            continue
        if scope.by_campaign and visit.campaign_id not in scope.campaign_ids:
            continue
        if scope.dated and not _in(visit.date, scope.start, scope.end):
            continue
        group = session.get(VisitGroup, visit.group_id)
        assert group is not None
        counts = found[f"{group.name}（{group.leader}）" if by_group else group.leader]
        counts[("计划", "已走访", "不在家", "改期").index(visit.outcome)] += 1
        counts[4] += 1
        if visit.outcome == "已走访":
            counts[5] += len(visit.households)
    return dict(found)


def campaign_id(db: Database, name: str) -> uuid.UUID:
    with db.read() as session:
        return session.scalars(select(Campaign.id).where(Campaign.name == name)).one()


PERIODS = {
    "year": Period.of_year(2026),
    "range": Period.span(dt.date(2025, 12, 15), dt.date(2026, 1, 31)),
    "campaign": Period.of_campaigns([LAST_WINTER]),
    "campaign in a month": Period.span(dt.date(2026, 1, 1), dt.date(2026, 1, 31)).narrowed_to([LAST_WINTER]),
}


# --- the tests ------------------------------------------------------------------------------------

@pytest.mark.parametrize("which", sorted(PERIODS))
def test_every_helped_table_equals_the_hand_count(demo: Database, which: str) -> None:
    user = login(demo)
    scope = statistics.scope_of(demo, user, PERIODS[which])
    tables = {t.key: t for t in statistics.tables(demo, scope, list(DIMENSIONS))}
    with demo.read() as session:
        for key, dimension in DIMENSIONS.items():
            rows, total = helped_by_hand(session, user.office_id, scope, dimension)
            assert by_label(tables[key]) == rows, key
            assert tables[key].total is not None and tables[key].total.values == total, key
    assert total[1] > 0, "the period has paid items"
    if which == "year":  # 2026: last winter's items, paid in January and February
        assert set(by_label(tables["helped_month"])) == {"2026年1月", "2026年2月"}
    if which == "campaign in a month":
        assert set(by_label(tables["helped_month"])) == {"2026年1月"}
        assert scope.label == f"{LAST_WINTER}（2026年1月1日至1月31日）"
    # a household counts once in a total however many rows it is in
    assert total[0] <= sum(v[0] for v in by_label(tables["helped_month"]).values())


def test_the_budget_table_is_the_campaigns_budget_status(demo: Database) -> None:
    """Every campaign overlapping 2026, each line as services.campaigns.campaign_budget computes it for the campaign."""
    user = login(demo)
    scope = statistics.scope_of(demo, user, Period.of_year(2026))
    assert [c.name for c in scope.campaigns] == [LAST_WINTER, STUDENT_AID, THIS_WINTER]
    table = statistics.table(demo, scope, "budget")
    rows = by_label(table)
    for campaign in scope.campaigns:
        status = budget_status(demo, campaign.id)
        for figures in (status.total, *status.lines):
            assert rows[f"{campaign.name}：{figures.label}"] == (
                figures.budget_fen, figures.used_fen, figures.reserved_fen, figures.left_fen, figures.items)
    assert len(rows) == sum(1 + len(budget_status(demo, c.id).lines) for c in scope.campaigns)
    assert table.total is not None
    assert table.total.values[0] == sum(c.budget_fen for c in scope.campaigns)
    assert [label for _, label in statistics.campaign_choices(demo, user)] == [THIS_WINTER, STUDENT_AID, LAST_WINTER]
    # one campaign: its lines without the campaign's name before them
    alone = statistics.table(demo, statistics.scope_of(demo, user, Period.of_campaigns([STUDENT_AID])), "budget")
    assert alone.rows[0].label == "总预算" and alone.total is None


@pytest.mark.parametrize("which", ["year", "range"])
def test_the_files_table_equals_the_hand_count(demo: Database, which: str) -> None:
    user = login(demo)
    scope = statistics.scope_of(demo, user, PERIODS[which])
    table = statistics.table(demo, scope, "files")
    with demo.read() as session:
        expected = files_by_hand(session, user.office_id, scope.start, scope.end)
    assert by_label(table) == {k: tuple(v) for k, v in expected.items()}
    assert table.total is not None
    assert table.total.values == tuple(sum(v[i] for v in expected.values()) for i in range(7))
    assert table.total.values[6] > 0 and table.total.values[0] > 0


@pytest.mark.parametrize("which", ["year", "campaign", "campaign in a month"])
def test_the_visit_tables_equal_the_hand_count(demo: Database, which: str) -> None:
    user = login(demo)
    period = {"year": PERIODS["year"], "campaign": Period.of_campaigns([THIS_WINTER]),
              "campaign in a month": Period.span(dt.date(2026, 11, 1), dt.date(2026, 11, 15)).narrowed_to(
                  [THIS_WINTER])}[which]
    scope = statistics.scope_of(demo, user, period)
    with demo.read() as session:
        for key, by_group in (("visits_group", True), ("visits_leader", False)):
            table = statistics.table(demo, scope, key)
            expected = visits_by_hand(session, user.office_id, scope, by_group)
            # the visits' own six figures; the quota's after them (tests/services/visits/test_visit_quotas.py)
            assert {k: v[:6] for k, v in by_label(table).items()} == {k: tuple(v) for k, v in expected.items()}, key
    assert sum(v[1] for v in expected.values()) > 0, "visits done in the period"


def test_the_spot_check_table_counts_draws_checks_and_findings(demo: Database) -> None:
    reviewer = login(demo, "shenhe")
    winter = campaign_id(demo, LAST_WINTER)
    check = spot_checks.draw(demo, reviewer, winter, percent=20, seed=5, today=dt.date(2026, 3, 2))
    results = ["属实", "属实", "不属实", "联系不上"]
    for entry, result in zip(check.entries, results, strict=False):
        spot_checks.record_check(demo, reviewer, entry.id, dt.date(2026, 3, 5), "王芳", "电话回访", result,
                                 "" if result == "属实" else "核实情况见记录")
    spot_checks.draw(demo, reviewer, winter, percent=10, seed=9, today=dt.date(2027, 1, 5))  # next year's
    user = login(demo)
    table = statistics.table(demo, statistics.scope_of(demo, user, Period.of_year(2026)), "spot_checks")
    with demo.read() as session:
        draws = [s for s in session.scalars(select(SpotCheck).options(selectinload(SpotCheck.entries)))
                 if _in(s.drawn_on, dt.date(2026, 1, 1), dt.date(2026, 12, 31))]
        expected = {}
        for s in draws:
            drawn = len(s.entries)
            checked = sum(1 for e in s.entries if e.checked_on is not None)
            found = [sum(1 for e in s.entries if e.result == r) for r in ("属实", "不属实", "联系不上")]
            expected[f"{LAST_WINTER}（2026年3月2日抽取{s.percent}%）"] = (
                s.population, drawn, checked, *found, drawn - checked)
    assert by_label(table) == expected
    assert expected[f"{LAST_WINTER}（2026年3月2日抽取20%）"][2:6] == (4, 2, 1, 1)  # ours (the demo may hold its own)
    # by campaign: both draws of the campaign
    both = statistics.table(demo, statistics.scope_of(demo, user, Period.of_campaigns([winter])), "spot_checks")
    assert len(both.rows) == len(expected) + 1  # and next year's draw of the campaign
    assert both.total is not None and both.total.values[2] == sum(v[2] for v in expected.values())


def test_year_on_year_puts_the_period_beside_the_same_dates_of_the_two_years_before(demo: Database) -> None:
    user = login(demo)
    scope = statistics.scope_of(demo, user, Period.of_year(2026))
    table = statistics.table(demo, scope, "year_on_year")
    assert [c.label for c in table.columns] == ["2024年", "2025年", "2026年", "比上年增减"]
    rows = by_label(table)
    with demo.read() as session:
        for years, earlier in enumerate((scope, *scope.earlier)):
            column = 2 - years
            _, (households, count, fen, *goods) = helped_by_hand(session, user.office_id, earlier,
                                                                 DIMENSIONS["helped_kind"])
            files = files_by_hand(session, user.office_id, earlier.start, earlier.end)
            visits = visits_by_hand(session, user.office_id, earlier, by_group=True)
            assert rows["帮扶户数"][column] == households
            assert rows["帮扶人次"][column] == count
            assert rows["发放金额（元）"][column] == fen
            assert rows["慰问品折合（元）"][column] == (goods[0] if goods else 0)
            assert rows["预算合计（元）"][column] == sum(c.budget_fen for c in earlier.campaigns)
            assert rows["新建档"][column] == sum(v[0] for v in files.values())
            assert rows["复核"][column] == sum(v[2] for v in files.values())
            assert rows["退出（解困、脱困、注销）"][column] == sum(sum(v[3:6]) for v in files.values())
            assert rows["期末在档"][column] == sum(v[6] for v in files.values())
            assert rows["已走访次数"][column] == sum(v[1] for v in visits.values())
            assert rows["已走访户次"][column] == sum(v[5] for v in visits.values())
    for values in rows.values():
        assert values[3] == values[2] - values[1]
    assert rows["期末在档"][0] > 0 and rows["新建档"][1] > 0
    # campaigns: the same kinds one and two years before (2025 has none in the demo: zeros, still labelled)
    by_campaign = statistics.table(
        demo, statistics.scope_of(demo, user, Period.of_campaigns([THIS_WINTER])), "year_on_year")
    assert [c.label for c in by_campaign.columns] == ["2025年", "2026年", "2027年", "比上年增减"]
    winter = by_label(statistics.table(
        demo, statistics.scope_of(demo, user, Period.of_campaigns([LAST_WINTER])), "helped_kind"))
    assert by_campaign.rows[2].values[1] == sum(v[2] for v in winter.values())  # 发放金额 of last winter


def test_periods_are_read_as_written_and_a_bad_one_is_refused_in_words() -> None:
    assert statistics.parse_period("2026") == Period.of_year(2026)
    assert statistics.parse_period(" 2026-01-01..2026-06-30 ") == Period.span(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert statistics.parse_period("2026-1-5..2026-2-9") == Period.span(dt.date(2026, 1, 5), dt.date(2026, 2, 9))
    for bad, words in (("26", "看不懂"), ("2026-02-30..2026-03-01", "不存在"), ("2026-06-30..2026-01-01", "早于"),
                       ("1899", "2000")):
        with pytest.raises(ValidationFailed, match=words):
            statistics.parse_period(bad)
    assert Period.span(dt.date(2024, 2, 29), dt.date(2024, 3, 1)).shifted(1) == Period.span(
        dt.date(2023, 2, 28), dt.date(2023, 3, 1))


def test_a_campaign_not_there_is_refused_by_name_and_an_empty_period_gives_empty_tables(demo: Database) -> None:
    user = login(demo)
    with pytest.raises(NotFound, match="2019年送温暖"):
        statistics.scope_of(demo, user, Period.of_campaigns(["2019年送温暖"]))
    scope = statistics.scope_of(demo, user, Period.of_year(2011))
    for table in statistics.tables(demo, scope):
        assert all(v == 0 for row in (*table.rows, table.total) if row for v in row.values), table.key
    assert statistics.table(demo, scope, "helped_category").empty


def test_labels_and_series_for_the_charts(demo: Database) -> None:
    user = login(demo)
    scope = statistics.scope_of(demo, user, Period.of_year(2026))
    assert scope.label == "2026年"
    assert statistics.scope_of(demo, user, PERIODS["range"]).label == "2025年12月15日至2026年1月31日"
    helped = statistics.table(demo, scope, "helped_category")
    series = helped.series()
    assert [s[0] for s in series] == [r.label for r in helped.rows]
    # last winter's items carried goods (慰问品): the chart shows cash and goods together
    assert all(kind == "money" for _, _, kind in series) and helped.series_title() == "合计（元）"
    yoy = statistics.table(demo, scope, "year_on_year")
    assert [s[0] for s in yoy.series(2)] == ["2024年", "2025年", "2026年"]  # one row across the years
    assert yoy.series_title(2) == "发放金额（元）" and yoy.text(yoy.rows[2], 2).endswith(".00")


def test_a_county_sees_every_townships_figures(tmp_path, demo_offices) -> None:  # type: ignore[no-untyped-def]
    """The county's 统计 covers its own office and each township whose package it holds; a campaign name each
    township has is told apart by the township's name."""
    from songnuan_desktop.persistence.database import open_database
    from songnuan_desktop.persistence.models import Office

    db = open_database(f"sqlite:///{demo_offices.county_file(tmp_path / 'county.db', 2, 60)}")
    try:  # build_county(townships=2, workers=60): a copy of the run's one build
        user = login(db, "xianzong")
        offices = statistics.offices_of(db, user)
        with db.read() as session:
            townships = set(session.scalars(select(Office.id).where(Office.parent_id == user.office_id)))
        assert len(townships) == 2 and set(offices) == {user.office_id, *townships}
        scope = statistics.scope_of(db, user, Period.of_year(2026))
        table = statistics.table(db, scope, "helped_category")
        with db.read() as session:
            expected: dict[str, tuple[int, ...]] = {}
            households: set[uuid.UUID] = set()
            sums: tuple[int, ...] = ()
            for township in townships:
                rows, (_h, *figures) = helped_by_hand(session, township, scope, DIMENSIONS["helped_category"])
                for label, values in rows.items():
                    old = expected.get(label, (0,) * len(values))
                    expected[label] = tuple(a + b for a, b in zip(old, values, strict=True))  # one township each
                sums = tuple(a + b for a, b in zip(sums or (0,) * len(figures), figures, strict=True))
                households |= {i.worker_file_id for i in paid_items(session, township, scope)}
        assert by_label(table) == expected
        assert table.total is not None and table.total.values == (len(households), *sums) and sums[0] > 0
        budget = statistics.table(db, scope, "budget")
        labels = [row.label for row in budget.rows]
        assert len(labels) == len(set(labels)) and all("·" in label for label in labels)
        choices = statistics.campaign_choices(db, user)
        assert len(choices) == len(scope.campaigns) and all("·" in label for _, label in choices)
    finally:
        db.close()
