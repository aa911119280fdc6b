"""The statements behind services.reports.statistics, and how their rows fold into tables.

Each table is `statements(scope, key)` — SQLAlchemy Core selects with GROUP BY, the same on SQLite and
PostgreSQL — and a fold of their rows (labels, order, totals) that adds no figure of its own but the sum of
figures that add up (visits, files, money), never of distinct households (their total is its own COUNT DISTINCT).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Select, and_, case, distinct, extract, func, or_, select
from sqlalchemy import Connection
from sqlalchemy.orm import aliased

from songnuan_desktop.domain.codes import CATEGORIES, CAUSES, FUND_SOURCES, ITEM_KINDS, VISIT_OUTCOMES
from songnuan_desktop.domain.errors import NotFound
from songnuan_desktop.domain.paper_dates import date_text, span_text
from songnuan_desktop.domain.states import HOLDING_STATES
from songnuan_desktop.persistence.models import (
    AssistanceItem, Campaign, CampaignBudget, HardshipCause, Office, OrgUnit, SpotCheck, SpotCheckEntry, Visit,
    VisitGroup, VisitHousehold, WorkerFile,
)
from songnuan_desktop.persistence.models_goods import GoodsKind, GoodsLine
from songnuan_desktop.services.visits import visit_quotas
from songnuan_desktop.services.visits import group_order
from songnuan_desktop.services.campaigns.campaign_budget import PAID_STATES, BudgetLine
from songnuan_desktop.services.reports.statistics_tables import (
    COUNT, MONEY, TITLES, CampaignRef, Column, Period, Row, Scope, Table,
)

UNFILLED = "（未填）"
PRE_FILE = ("申请", "审核中", "公示中")  # an application, not yet on file
EXITS = ("解困", "脱困", "注销")
FINDINGS = ("属实", "不属实", "联系不上")
_PAID = tuple(s.value for s in PAID_STATES)
_HOLDING = tuple(s.value for s in HOLDING_STATES)


# --- the scope ------------------------------------------------------------------------------------

def resolve(conn: Connection, offices: tuple[uuid.UUID, ...], period: Period, with_earlier: bool = True) -> Scope:
    mine = campaigns_of(offices)
    office_name = conn.scalar(select(Office.name).where(Office.id == offices[0])) or ""
    if period.campaigns:
        found: list[CampaignRef] = []
        for wanted in period.campaigns:
            rows = conn.execute(mine.where(_campaign_is(wanted))).all()
            if not rows:
                raise NotFound("campaign", f"找不到活动“{wanted}”，可能名称有误或已被删除。")
            found.extend(CampaignRef(*r) for r in rows if r.id not in {c.id for c in found})
        found.sort(key=lambda c: (c.start, c.name))
        start, end = min(c.start for c in found), max(c.end for c in found)
        if period.start is not None and period.end is not None:  # campaigns within dates
            start, end = period.start, period.end
    else:
        assert period.start is not None and period.end is not None
        start, end = period.start, period.end
        rows = conn.execute(mine.where(Campaign.start_date <= end, Campaign.end_date >= start)
                               .order_by(Campaign.start_date, Campaign.name)).all()
        found = [CampaignRef(*r) for r in rows]
    scope = Scope(offices, period, start, end, tuple(found), office_name)
    if not with_earlier:
        return scope
    return Scope(offices, period, start, end, tuple(found), office_name,
                 earlier=tuple(_earlier(conn, scope, years) for years in (1, 2)))


def campaigns_of(offices: tuple[uuid.UUID, ...]) -> Select[Any]:
    """The offices' campaigns as CampaignRef's fields (a county's townships each have their own)."""
    c = Campaign
    return (select(c.id, c.name, c.kind, c.year, c.start_date, c.end_date, c.total_budget_fen,
                   Office.name.label("office"))
            .join(Office, Office.id == c.office_id).where(c.office_id.in_(offices), c.deleted.is_(False)))


def _campaign_is(wanted: str) -> Any:
    try:
        return Campaign.id == uuid.UUID(wanted)
    except ValueError:
        return Campaign.name == wanted


def _earlier(conn: Connection, scope: Scope, years: int) -> Scope:
    """The scope `years` before: the same dates, or the campaigns of the same kinds `years` earlier."""
    if not scope.by_campaign:
        return resolve(conn, scope.offices, scope.period.shifted(years), with_earlier=False)
    kinds = {c.kind for c in scope.campaigns}
    wanted_years = {c.year - years for c in scope.campaigns}
    rows = conn.execute(campaigns_of(scope.offices).where(Campaign.kind.in_(kinds), Campaign.year.in_(wanted_years))
                        .order_by(Campaign.start_date, Campaign.name)).all()
    found = tuple(CampaignRef(*r) for r in rows)
    shifted = Period.span(scope.start, scope.end).shifted(years)
    assert shifted.start is not None and shifted.end is not None
    dates = (shifted.start, shifted.end) if scope.dated else (None, None)
    period = Period(start=dates[0], end=dates[1], campaigns=tuple(str(c.id) for c in found) or ("—",))
    start = shifted.start if scope.dated else min((c.start for c in found), default=shifted.start)
    end = shifted.end if scope.dated else max((c.end for c in found), default=shifted.end)
    label = "、".join(f"{y}年" for y in sorted(wanted_years))
    return Scope(scope.offices, period, start, end, found, scope.office_name, label_text=label)


# --- statements -----------------------------------------------------------------------------------

def _goods_value() -> Any:
    """慰问品 of each item valued: quantity × unit value, summed per item (one row an item)."""
    g, k = GoodsLine, GoodsKind
    return (select(g.item_id.label("item_id"), func.sum(g.quantity * k.unit_value_fen).label("fen"))
            .join(k, k.id == g.kind_id).group_by(g.item_id).subquery("goods_value"))


_GOODS = _goods_value()


def _paid(scope: Scope, *columns: Any) -> Select[Any]:
    i, c = AssistanceItem, Campaign
    stmt = (select(*columns).select_from(i).join(c, c.id == i.campaign_id)
            .outerjoin(_GOODS, _GOODS.c.item_id == i.id)
            .where(c.office_id.in_(scope.offices), c.deleted.is_(False), i.state.in_(_PAID)))
    if scope.by_campaign:
        stmt = stmt.where(i.campaign_id.in_(scope.campaign_ids))
    if scope.dated:
        stmt = stmt.where(i.paid_on >= scope.start, i.paid_on <= scope.end)
    return stmt


def _helped_figures() -> tuple[Any, ...]:
    i = AssistanceItem
    return (func.count(distinct(i.worker_file_id)), func.count(i.id), func.coalesce(func.sum(i.amount_fen), 0),
            func.coalesce(func.sum(_GOODS.c.fen), 0))


def _helped(scope: Scope, dim: str) -> list[Select[Any]]:
    i, f = AssistanceItem, WorkerFile
    unit, union = aliased(OrgUnit), aliased(OrgUnit)
    dims: tuple[Any, ...] = {
        "category": (i.category,), "cause": (HardshipCause.cause,), "kind": (i.item_kind,),
        "fund": (i.fund_source,), "union": (union.name,), "unit": (unit.name,), "village": (unit.village,),
        "month": (extract("year", i.paid_on), extract("month", i.paid_on)),
    }[dim]
    stmt = _paid(scope, *dims, *_helped_figures())
    if dim == "cause":
        stmt = stmt.outerjoin(HardshipCause, and_(HardshipCause.worker_file_id == i.worker_file_id,
                                                  HardshipCause.position == 0))
    if dim in ("union", "unit", "village"):
        stmt = stmt.join(f, f.id == i.worker_file_id).outerjoin(unit, unit.id == f.work_unit_id)
        if dim == "union":
            stmt = stmt.outerjoin(union, union.id == func.coalesce(f.union_id, unit.parent_id))
    return [stmt.group_by(*dims), _paid(scope, *_helped_figures())]


def _budget(scope: Scope) -> list[Select[Any]]:
    i, b = AssistanceItem, CampaignBudget
    ids = scope.campaign_ids
    return [
        select(b.campaign_id, b.category, b.fund_source, b.amount_fen)
        .where(b.campaign_id.in_(ids), or_(b.category != "", b.fund_source != "")),
        select(i.campaign_id, i.category, i.fund_source, i.state,
               func.coalesce(func.sum(i.amount_fen), 0), func.count())
        .where(i.campaign_id.in_(ids), i.state.in_(_HOLDING))
        .group_by(i.campaign_id, i.category, i.fund_source, i.state),
    ]


def _flag(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _file_figures(scope: Scope) -> tuple[Any, ...]:
    """新建档, 申请中, 复核, 解困, 脱困, 注销 in the scope's dates, and 期末在档 at its last day."""
    f = WorkerFile
    start, end = scope.start, scope.end

    def during(column: Any) -> Any:
        return and_(column >= start, column <= end)

    pre = f.status.in_(PRE_FILE)
    left_by_end = and_(f.status.in_(EXITS), or_(f.exit_date.is_(None), f.exit_date <= end))
    return (
        _flag(and_(~pre, during(f.filed_date))), _flag(and_(pre, during(f.filed_date))),
        _flag(during(f.reviewed_date)),
        *(_flag(and_(f.status == status, during(f.exit_date))) for status in EXITS),
        _flag(and_(~pre, or_(f.filed_date.is_(None), f.filed_date <= end), ~left_by_end)),
    )


def _files(scope: Scope) -> Select[Any]:
    f = WorkerFile
    return (select(f.category, *_file_figures(scope))
            .where(f.office_id.in_(scope.offices), f.deleted.is_(False)).group_by(f.category))


def _files_of_years(scopes: Sequence[Scope]) -> Select[Any]:
    """The file figures of several periods in one pass over the files (同比)."""
    f = WorkerFile
    return (select(*(figure for one in scopes for figure in _file_figures(one)))
            .where(f.office_id.in_(scopes[0].offices), f.deleted.is_(False)))


def _visit_filter(scope: Scope, stmt: Select[Any]) -> Select[Any]:
    v = Visit
    stmt = stmt.where(v.office_id.in_(scope.offices), v.deleted.is_(False))
    if scope.by_campaign:
        stmt = stmt.where(v.campaign_id.in_(scope.campaign_ids))
    if scope.dated:
        stmt = stmt.where(v.date >= scope.start, v.date <= scope.end)
    return stmt


def _visits(scope: Scope, by: str) -> Select[Any]:
    v, g, h = Visit, VisitGroup, VisitHousehold
    keys: tuple[Any, ...] = (g.id, g.name, g.leader) if by == "group" else (g.leader,)
    stmt = (select(*keys, v.outcome, func.count(distinct(v.id)), func.count(h.id)).select_from(v)
            .join(g, g.id == v.group_id).outerjoin(h, h.visit_id == v.id))
    return _visit_filter(scope, stmt).group_by(*keys, v.outcome)


def _visit_quotas(scope: Scope, by: str) -> Select[Any]:
    """The quotas of the scope's campaigns counted per group (by 'group') or per leader, and the households visited
    against them (services.visits.visit_quotas; a dated scope counts the visits within its dates)."""
    per = visit_quotas.PER_GROUP if by == "group" else visit_quotas.PER_LEADER
    return visit_quotas.visited_statement(scope.offices, scope.campaign_ids, per,
                                          (scope.start, scope.end) if scope.dated else None)


def _spot_filter(scope: Scope, stmt: Select[Any]) -> Select[Any]:
    s = SpotCheck
    stmt = stmt.where(s.office_id.in_(scope.offices))
    if scope.by_campaign:
        stmt = stmt.where(s.campaign_id.in_(scope.campaign_ids))
    if scope.dated:
        stmt = stmt.where(s.drawn_on >= scope.start, s.drawn_on <= scope.end)
    return stmt


def _spot_figures() -> tuple[Any, ...]:
    e = SpotCheckEntry
    return (func.count(e.id), func.count(e.checked_on), *(_flag(e.result == finding) for finding in FINDINGS))


def _spot_checks(scope: Scope, grouped: bool = True) -> Select[Any]:
    s, e, c = SpotCheck, SpotCheckEntry, Campaign
    if not grouped:
        return _spot_filter(scope, select(*_spot_figures()).select_from(s).join(e, e.spot_check_id == s.id))
    keys = (s.id, c.name, s.drawn_on, s.percent, s.population)
    stmt = (select(*keys, *_spot_figures()).select_from(s).join(c, c.id == s.campaign_id)
            .outerjoin(e, e.spot_check_id == s.id))
    return _spot_filter(scope, stmt).group_by(*keys).order_by(s.drawn_on, c.name)


def _year_figures(scope: Scope) -> list[Select[Any]]:
    v, h = Visit, VisitHousehold
    done = v.outcome == "已走访"
    return [
        _paid(scope, *_helped_figures()),
        select(func.coalesce(func.sum(Campaign.total_budget_fen), 0)).where(Campaign.id.in_(scope.campaign_ids)),
        _visit_filter(scope, select(func.count(distinct(case((done, v.id)))), func.count(h.id)).select_from(v)
                      .outerjoin(h, and_(h.visit_id == v.id, done))),
        _spot_checks(scope, grouped=False),
    ]


def _year_on_year(scope: Scope) -> list[Select[Any]]:
    years = _years(scope)
    return [_files_of_years(years), *(stmt for one in years for stmt in _year_figures(one))]


def _years(scope: Scope) -> list[Scope]:
    return [*reversed(scope.earlier), scope]


STATEMENTS: dict[str, Callable[[Scope], Sequence[Select[Any]]]] = {
    **{f"helped_{dim}": (lambda scope, dim=dim: _helped(scope, dim))
       for dim in ("category", "cause", "kind", "fund", "union", "unit", "village", "month")},
    "budget": _budget,
    "files": lambda scope: [_files(scope)],
    "visits_group": lambda scope: [_visits(scope, "group"), _visit_quotas(scope, "group")],
    "visits_leader": lambda scope: [_visits(scope, "leader"), _visit_quotas(scope, "leader")],
    "spot_checks": lambda scope: [_spot_checks(scope)],
    "year_on_year": _year_on_year,
}


def statements(scope: Scope, key: str) -> Sequence[Select[Any]]:
    return STATEMENTS[key](scope)


def build(conn: Connection, scope: Scope, key: str) -> Table:
    results = [conn.execute(stmt).all() for stmt in statements(scope, key)]
    return FOLDS[key](scope, results)


# --- folds ----------------------------------------------------------------------------------------

HELPED_COLUMNS = (Column("户数"), Column("人次"), Column("金额（元）", MONEY))
# With goods handed in the scope (慰问品, issue 16 item 3): cash, goods valued (quantity × unit value), together.
HELPED_GOODS_COLUMNS = (Column("户数"), Column("人次"), Column("慰问金（元）", MONEY),
                        Column("慰问品折合（元）", MONEY), Column("合计（元）", MONEY))
HEADINGS = {"category": "困难类别", "cause": "主要致困原因", "kind": "帮扶项目", "fund": "资金来源",
            "union": "基层工会", "unit": "工作单位", "village": "村（社区）", "month": "月份"}
ORDERS: dict[str, Sequence[str]] = {"category": CATEGORIES, "cause": CAUSES, "kind": ITEM_KINDS, "fund": FUND_SOURCES}
HELPED_NOTE = ("帮扶指已发放（含发放后已抽查）的名单项：户数为不同的户，同一户在本期多次得到帮扶时在合计中只计一户；"
               "人次为名单项数；金额为现金。困难类别、帮扶项目、资金来源按名单项，致困原因、基层工会、工作单位、"
               "村（社区）按档案现状。")
GOODS_NOTE = "慰问品按数量×单价折合金额，合计 = 慰问金 + 慰问品折合。"


def _helped_fold(dim: str) -> Callable[[Scope, list[Sequence[Any]]], Table]:
    def fold(scope: Scope, results: list[Sequence[Any]]) -> Table:
        grouped, (total,) = results
        goods = bool(int(total[-1] or 0))  # goods columns only when goods were handed in the scope

        def figures(values: Sequence[Any]) -> tuple[int, ...]:
            households, items, cash, valued = _ints(values)
            return (households, items, cash, valued, cash + valued) if goods else (households, items, cash)

        rows: list[tuple[Any, Row]] = []
        for r in grouped:
            if dim == "month":
                year, month = int(r[0]), int(r[1])
                rows.append(((year, month), Row(f"{year}年{month}月", figures(r[2:]))))
            else:
                rows.append((r[0] or "", Row(r[0] or UNFILLED, figures(r[1:]))))
        rows.sort(key=_order(dim))
        return Table(f"helped_{dim}", TITLES[f"helped_{dim}"], HEADINGS[dim],
                     HELPED_GOODS_COLUMNS if goods else HELPED_COLUMNS, tuple(row for _, row in rows),
                     Row("合计", figures(total)), chart_column=4 if goods else 2,
                     note=HELPED_NOTE + GOODS_NOTE if goods else HELPED_NOTE)
    return fold


def _order(dim: str) -> Callable[[tuple[Any, Row]], Any]:
    if dim == "month":
        return lambda pair: pair[0]
    known = ORDERS.get(dim)

    def key(pair: tuple[Any, Row]) -> Any:
        value, row = pair
        unfilled = value == ""
        if known is not None:
            return (unfilled, known.index(value) if value in known else len(known), value)
        return (unfilled, -row.values[-1], value)  # by amount (with goods, together), the largest first
    return key


def _sum_row(rows: Sequence[Row], width: int) -> Row:
    """合计 of figures that add up (never distinct households)."""
    return Row("合计", tuple(sum(r.values[i] for r in rows) for i in range(width)))


def _ints(values: Sequence[Any]) -> tuple[int, ...]:
    return tuple(int(v or 0) for v in values)


BUDGET_COLUMNS = (Column("预算（元）", MONEY), Column("已发放（元）", MONEY), Column("已占用（元）", MONEY),
                  Column("尚余（元）", MONEY), Column("名单项"))


def _budget_fold(scope: Scope, results: list[Sequence[Any]]) -> Table:
    lines_rows, held_rows = results
    lines: dict[uuid.UUID, list[BudgetLine]] = {}
    for campaign_id, category, source, amount in lines_rows:
        lines.setdefault(campaign_id, []).append(BudgetLine(int(amount), category or "", source or ""))
    held: dict[uuid.UUID, list[tuple[str, str, bool, int, int]]] = {}
    for campaign_id, category, source, state, fen, count in held_rows:
        held.setdefault(campaign_id, []).append(
            (category, source, state in _PAID, int(fen), int(count)))
    rows: list[Row] = []
    total = [0, 0, 0, 0, 0]
    offices = {c.office for c in scope.campaigns}
    for campaign in scope.campaigns:
        prefix = f"{campaign.name}：" if len(scope.campaigns) > 1 else ""
        if len(offices) > 1:  # a county: each township's campaigns of the same name
            prefix = f"{campaign.office}·{prefix}"
        mine = held.get(campaign.id, [])
        for line in (None, *sorted(lines.get(campaign.id, []), key=_line_order)):
            paid = reserved = count = 0
            for category, source, is_paid, fen, n in mine:
                if line is None or (line.category in ("", category) and line.fund_source in ("", source)):
                    paid += fen if is_paid else 0
                    reserved += 0 if is_paid else fen
                    count += n
            budget = campaign.budget_fen if line is None else line.amount_fen
            values = (budget, paid, reserved, budget - paid - reserved, count)
            rows.append(Row(prefix + ("总预算" if line is None else line.label), values))
            if line is None:
                total = [a + b for a, b in zip(total, values, strict=True)]
    return Table("budget", TITLES["budget"], "预算", BUDGET_COLUMNS, tuple(rows),
                 Row("合计（各活动总预算）", tuple(total)) if len(scope.campaigns) > 1 else None, chart_column=1,
                 note="本期涉及的活动（与统计期间有交叉或所选的活动）的预算，按活动全程计：已发放含已抽查，"
                      "已占用为尚在审批、公示、待发放中的名单项，尚余 = 预算 − 已发放 − 已占用。")


def _line_order(line: BudgetLine) -> tuple[int, int, str, str]:
    def index(value: str, known: Sequence[str]) -> int:
        return known.index(value) if value in known else len(known)
    return (0 if line.category else 1, index(line.category, CATEGORIES) + index(line.fund_source, FUND_SOURCES),
            line.category, line.fund_source)


FILE_COLUMNS = (Column("新建档"), Column("申请中"), Column("复核"), Column("解困"), Column("脱困"), Column("注销"),
                Column("期末在档"))


def _files_fold(scope: Scope, results: list[Sequence[Any]]) -> Table:
    (grouped,) = results
    pairs = [((r[0] or ""), Row(r[0] or UNFILLED, _ints(r[1:]))) for r in grouped]
    pairs = [p for p in pairs if any(p[1].values)]
    pairs.sort(key=_order("category"))
    rows = tuple(row for _, row in pairs)
    total = _sum_row(rows, len(FILE_COLUMNS))
    return Table("files", TITLES["files"], "困难类别", FILE_COLUMNS, rows, total, chart_column=6,
                 note=f"按档案现在的困难类别。新建档、申请中、复核、解困、脱困、注销为{_span(scope)}内的；"
                      f"期末在档为{date_text(scope.end)}时已建档且尚未退出的档案。")


def _span(scope: Scope) -> str:
    return span_text(scope.start, scope.end)


VISIT_COLUMNS = (*(Column(o) for o in VISIT_OUTCOMES), Column("合计"), Column("已走访户次"))
QUOTA_COLUMNS = (Column("指标（户）"), Column("已走访户数"), Column("完成率（%）"))


def _visits_fold(by: str) -> Callable[[Scope, list[Sequence[Any]]], Table]:
    def fold(scope: Scope, results: list[Sequence[Any]]) -> Table:
        grouped, quotas = results
        found: dict[Any, tuple[str, list[int]]] = {}
        for r in grouped:
            key, label = (r[0], f"{r[1]}（{r[2]}）") if by == "group" else (r[0], r[0] or UNFILLED)
            outcome, visits, households = r[-3], int(r[-2]), int(r[-1])
            counts = found.setdefault(key, (label, [0] * len(VISIT_COLUMNS)))[1]
            if outcome in VISIT_OUTCOMES:
                counts[VISIT_OUTCOMES.index(outcome)] += visits
            counts[len(VISIT_OUTCOMES)] += visits
            if outcome == "已走访":
                counts[-1] += households
        columns, note = VISIT_COLUMNS, "走访次数按走访结果；已走访户次为已走访的各次走访所到的户数之和。"
        if quotas:  # a campaign of the scope has a quota counted this way: 指标, 已走访户数, 完成率
            against: dict[Any, list[int]] = {}
            for r in quotas:
                key, label = (r[1], f"{r[2]}（{r[3]}）") if by == "group" else (r[1], r[1] or UNFILLED)
                found.setdefault(key, (label, [0] * len(VISIT_COLUMNS)))  # taking part, no visit in the dates
                pair = against.setdefault(key, [0, 0])
                pair[0] += int(r[-2])
                pair[1] += int(r[-1])
            for key, (_label, counts) in found.items():
                quota, visited = against.get(key, (0, 0))
                counts.extend((quota, visited, visit_quotas.rate(visited, quota)))
            columns = (*VISIT_COLUMNS, *QUOTA_COLUMNS)
            note += ("指标为设了走访指标的活动按每个慰问组（或每位带队领导）应走访的户数之和，"
                     "只计在该活动中安排了走访的慰问组；已走访户数为其中已走访的不同户数（同一活动中走访多次的计一户）；"
                     "完成率为已走访户数除以指标；合计为各行之和。")
        # groups in their numbers' order (第一、第二、第三…), leaders by name
        order = (lambda p: group_order(p[0].split("（")[0])) if by == "group" else (lambda p: (0, p[0]))
        rows = tuple(Row(label, tuple(counts)) for label, counts in sorted(found.values(), key=order))
        total = _sum_row(rows, len(columns))
        if columns is not VISIT_COLUMNS:
            quota, visited = total.values[-3], total.values[-2]
            total = Row(total.label, (*total.values[:-1], visit_quotas.rate(visited, quota)), total.kind)
        key = f"visits_{by}"
        heading = "慰问组（带队领导）" if by == "group" else "带队领导"
        return Table(key, TITLES[key], heading, columns, rows, total, chart_column=1, note=note)
    return fold


SPOT_COLUMNS = (Column("可抽户数"), Column("抽取"), Column("已核查"), *(Column(f) for f in FINDINGS), Column("未核查"))


def _spot_fold(scope: Scope, results: list[Sequence[Any]]) -> Table:
    (grouped,) = results
    rows = []
    for _id, name, drawn_on, percent, population, drawn, checked, *found in grouped:
        rows.append(Row(f"{name}（{date_text(drawn_on)}抽取{percent}%）",
                        (int(population), int(drawn), int(checked), *_ints(found), int(drawn) - int(checked))))
    total = _sum_row(rows, len(SPOT_COLUMNS))
    return Table("spot_checks", TITLES["spot_checks"], "抽查", SPOT_COLUMNS, tuple(rows), total, chart_column=1,
                 note="本期抽取的各次抽查：抽取为抽中的户数，核查结果按电话回访或入户核查登记的结果。")


YEAR_ROWS = (("帮扶户数", COUNT), ("帮扶人次", COUNT), ("发放金额（元）", MONEY), ("慰问品折合（元）", MONEY),
             ("预算合计（元）", MONEY),
             ("新建档", COUNT), ("复核", COUNT), ("退出（解困、脱困、注销）", COUNT), ("期末在档", COUNT),
             ("已走访次数", COUNT), ("已走访户次", COUNT), ("抽查户数", COUNT), ("已核查", COUNT),
             ("核查不属实", COUNT))


def _year_fold(scope: Scope, results: list[Sequence[Any]]) -> Table:
    years = _years(scope)
    (files_row,), rest = results[0], results[1:]
    per = len(rest) // len(years)
    columns_values: list[tuple[int, ...]] = []
    for n in range(len(years)):
        helped, budget, visits, spot = (r[0] for r in rest[n * per:(n + 1) * per])
        new, _applying, reviewed, *left, stock = _ints(files_row[n * len(FILE_COLUMNS):(n + 1) * len(FILE_COLUMNS)])
        columns_values.append((*_ints(helped), int(budget[0] or 0), new, reviewed, sum(left), stock, *_ints(visits),
                               int(spot[0] or 0), int(spot[1] or 0), int(spot[3] or 0)))
    rows = tuple(Row(label, (*(v[i] for v in columns_values), columns_values[-1][i] - columns_values[-2][i]), kind)
                 for i, (label, kind) in enumerate(YEAR_ROWS))
    columns = (*(Column(s.short_label) for s in years), Column("比上年增减"))
    return Table("year_on_year", TITLES["year_on_year"], "项目", columns, rows, None, by_row=True,
                 charted=len(years), chart_rows=(0, 2),
                 note="与前两年同期比较：按年度或日期范围统计时为前两年的相同日期；按活动统计时为前两年同类的活动。")


FOLDS: dict[str, Callable[[Scope, list[Sequence[Any]]], Table]] = {
    **{f"helped_{dim}": _helped_fold(dim)
       for dim in ("category", "cause", "kind", "fund", "union", "unit", "village", "month")},
    "budget": _budget_fold,
    "files": _files_fold,
    "visits_group": _visits_fold("group"),
    "visits_leader": _visits_fold("leader"),
    "spot_checks": _spot_fold,
    "year_on_year": _year_fold,
}
