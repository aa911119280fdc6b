"""统计: the office's figures for a period, as tables the screen, the .xlsx, the PDF and `songnuan report` show
(issue 16 items 1 and 6). No Qt; every figure is a SQL aggregate (GROUP BY, on SQLite and PostgreSQL) that
services.reports.statistics_queries builds and folds into a `Table`.

- `Period` — a year, a date range, or one or more campaigns; `parse_period("2026" | "2026-01-01..2026-06-30")`.
- `scope_of(db, user, period)` — the period resolved for the user's office (a county: its own office and every
  township it holds), with the campaigns it covers and its dates.
- `campaign_choices(db, user)` — the campaigns to choose from (a county's townships' too, named with the township).
- `table(db, scope, key)` / `tables(db, scope, keys=TABLE_KEYS)` — the figures, as `Table`s.
- services.reports.statistics_export.export_report(db, user, period, out) — the tables as .xlsx or .pdf (apart, so
  that reportlab and openpyxl load only when a paper is made, not with the window).
- `statements(scope, key)` — the bare statements of a table (the benchmark times them against `table`).

What counts:
- 帮扶 (helped): items paid (已发放, and paid then 已抽查) — with a date period, paid on a day in it; with
  campaigns, of those campaigns whenever paid. 户数 are distinct households (a household helped twice counts
  once in the total and once in each row it falls in), 人次 the items, 金额 their cash. The item's own 困难类别,
  item kind and fund source; the file's main cause, 基层工会 (its own, else its unit's parent), 工作单位 and the
  unit's 村/社区 as they are now.
- 预算: every campaign of the period (overlapping its dates, or chosen), its total and each sub-budget: 预算,
  已发放 (paid and sampled items), 已占用 (items still on the way), 尚余 — as services.campaigns.campaign_budget says.
- 档案: by the file's category now: 新建档 (filed in the period, past the application stages), 申请中 (applied in
  the period, not yet on file), 复核 (reviewed in the period), 解困 / 脱困 / 注销 (left in the period), 期末在档
  (on file at the period's last day: filed by then and not left by then).
- 走访: visits dated in the period (or of the campaigns) by group and by leader: 计划 / 已走访 / 不在家 / 改期,
  and the households on the visits done.
- 抽查: draws made in the period (or of the campaigns): 抽取, 已核查, and each finding 属实 / 不属实 / 联系不上.
- 同比: the main figures of the period and the two before it (the same dates a year and two years earlier; for
  campaigns, the campaigns of the same kinds one and two years before).

- 慰问品 (issue 16 item 3): when goods went with the items paid in the scope, the 帮扶 tables show 慰问金, 慰问品折合
  (quantity × unit value, services.campaigns.goods) and 合计 instead of the one 金额 column; 同比 has a 慰问品折合 row.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from songnuan_desktop.domain.errors import NotFound
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import Campaign, Office
from songnuan_desktop.services.reports import statistics_queries as q
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.reports.statistics_tables import (
    COUNT, MONEY, TABLE_KEYS, TITLES, CampaignRef, Column, Period, Row, Scope, Table, parse_period,
)


def offices_of(db: Database, user: SessionUser) -> tuple[uuid.UUID, ...]:
    """The offices whose figures the user sees: their own; at a county, its own and each township's."""
    with db.engine.connect() as conn:
        level = conn.scalar(select(Office.level).where(Office.id == user.office_id))
        if level != "county":
            return (user.office_id,)
        townships = conn.scalars(select(Office.id).where(Office.parent_id == user.office_id)
                                 .order_by(Office.name)).all()
    return (user.office_id, *townships)


def campaign_choices(db: Database, user: SessionUser) -> list[tuple[uuid.UUID, str]]:
    """The campaigns a period may be chosen from, newest first: (id, name; at a county 'township·name')."""
    offices = offices_of(db, user)
    with db.engine.connect() as conn:
        rows = conn.execute(q.campaigns_of(offices).order_by(Campaign.start_date.desc(), Campaign.name)).all()
    return [(r.id, r.name if len(offices) == 1 else f"{r.office}·{r.name}") for r in rows]


def scope_of(db: Database, user: SessionUser, period: Period, with_earlier: bool = True) -> Scope:
    """The period resolved for the user's office; a campaign named that is not there is refused by name."""
    offices = offices_of(db, user)
    with db.engine.connect() as conn:
        return q.resolve(conn, offices, period, with_earlier)


def table(db: Database, scope: Scope, key: str) -> Table:
    if key not in TITLES:
        raise NotFound("statistics_table", f"没有名为“{key}”的统计表。")
    with db.engine.connect() as conn:  # Core statements on one read connection: no ORM session needed
        return q.build(conn, scope, key)


def tables(db: Database, scope: Scope, keys: Sequence[str] = TABLE_KEYS) -> list[Table]:
    with db.engine.connect() as conn:
        return [q.build(conn, scope, key) for key in keys]


def statements(scope: Scope, key: str) -> list[Any]:
    """The bare SQL statements of a table, as `table` runs them (for the benchmark)."""
    return list(q.statements(scope, key))


__all__ = ["COUNT", "MONEY", "TABLE_KEYS", "TITLES", "CampaignRef", "Column", "Period", "Row", "Scope", "Table",
           "campaign_choices", "offices_of", "parse_period", "scope_of", "statements", "table", "tables"]
