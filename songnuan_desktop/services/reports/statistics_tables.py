"""The shapes of 统计 (services.reports.statistics): the period, the scope it resolves to, and the tables with their
columns and rows — plain data the screen, the .xlsx, the PDF and the command line all show the same way."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from songnuan_desktop.domain.errors import ValidationFailed
from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.paper_dates import date_text, span_text

COUNT, MONEY = "count", "money"


# --- the period -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    """A year (`year`), a date range (`start`..`end`), or campaigns (`campaigns`: names or ids as given)."""

    year: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    campaigns: tuple[str, ...] = ()

    @classmethod
    def of_year(cls, year: int) -> Period:
        return cls(year=year, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))

    @classmethod
    def span(cls, start: dt.date, end: dt.date) -> Period:
        if end < start:
            raise ValidationFailed("period", f"统计期间的结束日期 {date_text(end)} 早于开始日期 {date_text(start)}。")
        return cls(start=start, end=end)

    @classmethod
    def of_campaigns(cls, campaigns: Iterable[str | uuid.UUID]) -> Period:
        return cls(campaigns=tuple(str(c) for c in campaigns))

    @property
    def dated(self) -> bool:
        return self.start is not None and self.end is not None

    def narrowed_to(self, campaigns: Iterable[str | uuid.UUID]) -> Period:
        """These dates, counting only the `campaigns` (names or ids)."""
        return Period(self.year, self.start, self.end, tuple(str(c) for c in campaigns))

    def shifted(self, years: int) -> Period:
        """The same dates `years` earlier (29 February becomes the 28th)."""
        if self.year is not None:
            return Period.of_year(self.year - years)
        assert self.start is not None and self.end is not None
        return Period.span(_years_back(self.start, years), _years_back(self.end, years))


def _years_back(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


_SPAN = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2})\s*(?:\.\.|至|~)\s*(\d{4}-\d{1,2}-\d{1,2})\s*$")


def parse_period(text: str) -> Period:
    """'2026' → the year; '2026-01-01..2026-06-30' → that range (both days included)."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        if not 2000 <= year <= 2100:
            raise ValidationFailed("period", f"统计年度“{text}”不在 2000 至 2100 年之间。")
        return Period.of_year(year)
    match = _SPAN.match(text)
    if match:
        try:
            start, end = (dt.date.fromisoformat(_padded(part)) for part in match.groups())
        except ValueError:
            raise ValidationFailed("period", f"统计期间“{text}”中的日期不存在。") from None
        return Period.span(start, end)
    raise ValidationFailed("period", f"统计期间“{text}”看不懂：请写年度（如 2026）"
                                     "或日期范围（如 2026-01-01..2026-06-30）。")


def _padded(day: str) -> str:
    year, month, date = day.split("-")
    return f"{year}-{int(month):02d}-{int(date):02d}"


# --- the tables -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    label: str
    kind: str = COUNT  # COUNT | MONEY (fen)


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[int, ...]
    kind: str = ""  # for a table whose rows differ in kind (同比): COUNT | MONEY; '' = the column's


@dataclass(frozen=True)
class Table:
    key: str
    title: str  # 帮扶情况（按困难类别）
    heading: str  # the first column's header: 困难类别
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total: Row | None = None
    chart_column: int = 0  # the column a chart shows across the rows (by_row False)
    by_row: bool = False  # 同比: a chart shows one row across the columns
    charted: int = 0  # by_row: the first columns a chart shows (0: all)
    chart_rows: tuple[int, ...] = ()  # by_row: the rows a printed page charts
    note: str = ""

    def kind_of(self, row: Row, column: int) -> str:
        return row.kind or self.columns[column].kind

    def text(self, row: Row, column: int) -> str:
        value = row.values[column]
        return format_fen(value) if self.kind_of(row, column) == MONEY else f"{value:,}"

    def series(self, index: int | None = None) -> list[tuple[str, int, str]]:
        """What a chart shows: (label, value, kind) — one column across the rows, or (by_row) one row across
        the columns."""
        if self.by_row:
            if not self.rows:
                return []
            row = self.rows[min(index or 0, len(self.rows) - 1)]
            pairs = list(enumerate(zip(self.columns, row.values, strict=True)))[:self.charted or None]
            return [(c.label, v, self.kind_of(row, i)) for i, (c, v) in pairs]
        column = self.chart_column if index is None else index
        return [(r.label, r.values[column], self.kind_of(r, column)) for r in self.rows]

    def series_title(self, index: int | None = None) -> str:
        if self.by_row:
            return self.rows[min(index or 0, len(self.rows) - 1)].label if self.rows else ""
        return self.columns[self.chart_column if index is None else index].label

    @property
    def empty(self) -> bool:
        return not self.rows


TABLE_KEYS = ("helped_category", "helped_cause", "helped_kind", "helped_fund", "helped_union", "helped_unit",
              "helped_village", "helped_month", "budget", "files", "visits_group", "visits_leader", "spot_checks",
              "year_on_year")
TITLES = {
    "helped_category": "帮扶情况（按困难类别）", "helped_cause": "帮扶情况（按主要致困原因）",
    "helped_kind": "帮扶情况（按帮扶项目）", "helped_fund": "帮扶情况（按资金来源）",
    "helped_union": "帮扶情况（按基层工会）", "helped_unit": "帮扶情况（按工作单位）",
    "helped_village": "帮扶情况（按村、社区）", "helped_month": "帮扶情况（按月份）",
    "budget": "预算执行情况", "files": "档案情况（按困难类别）", "visits_group": "走访情况（按慰问组）",
    "visits_leader": "走访情况（按带队领导）", "spot_checks": "抽查情况", "year_on_year": "同比（本期与前两年同期）",
}


# --- the scope: the period resolved in the database -----------------------------------------------

@dataclass(frozen=True)
class CampaignRef:
    id: uuid.UUID
    name: str
    kind: str
    year: int
    start: dt.date
    end: dt.date
    budget_fen: int = 0
    office: str = ""  # the office holding it (at a county: the township)


@dataclass(frozen=True)
class Scope:
    """The offices counted, the period, its first and last day (a campaigns' period: from the first one's start
    to the last one's end) and the campaigns it covers (chosen, or overlapping its dates)."""

    offices: tuple[uuid.UUID, ...]
    period: Period
    start: dt.date
    end: dt.date
    campaigns: tuple[CampaignRef, ...]
    office_name: str = ""
    label_text: str = ""  # for an earlier campaigns' scope: its years, even when it found no campaign
    earlier: tuple[Scope, ...] = field(default=(), compare=False)  # 同比: one and two years before

    @property
    def by_campaign(self) -> bool:
        return bool(self.period.campaigns)

    @property
    def dated(self) -> bool:
        """Counted by dates: a year or a range, alone or narrowing the chosen campaigns."""
        return self.period.dated or not self.by_campaign

    @property
    def campaign_ids(self) -> tuple[uuid.UUID, ...]:
        return tuple(c.id for c in self.campaigns)

    @property
    def label(self) -> str:
        """'2026年' / '2026年1月1日至6月30日' / the campaigns' names."""
        dates = f"{self.period.year}年" if self.period.year is not None else span_text(self.start, self.end)
        if self.by_campaign:
            names = "、".join(c.name for c in self.campaigns)
            return f"{names}（{dates}）" if self.period.dated else names
        return dates

    @property
    def short_label(self) -> str:
        """For a 同比 column: '2026年', '2026年度…' — the year of a campaigns' period."""
        if self.label_text:
            return self.label_text
        if self.by_campaign:
            years = sorted({c.year for c in self.campaigns})
            return "、".join(f"{y}年" for y in years) if years else "—"
        return self.label
