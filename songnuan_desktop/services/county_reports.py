"""County overview and reports (县级汇总统计) across the merged townships.

- `township_status(db, by)`: one row per township — last package, when merged, files, items, amounts;
- `county_report(db, by, year=None)`: tables by township, by category (困难类别) and by campaign
  (name and period across townships), with counts and amounts (approved and paid);
- `export_county_report(db, by, path, year=None)`: the tables as an .xlsx, one sheet each, audit-logged.

Only in a county database, for the roles 县总工会 and 管理员.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.county_checks import require_county
from songnuan_desktop.services.session_user import SessionUser


@dataclass(frozen=True)
class TownshipStatus:
    """One row of the county overview."""

    office_id: uuid.UUID
    name: str
    region_code: str
    last_sequence: int
    exported_at: dt.datetime  # the township's export time, naive UTC
    merged_at: dt.datetime | None  # naive UTC
    files_active: int
    files_total: int
    items: int
    amount_approved_fen: int
    amount_paid_fen: int
    attachments: int


@dataclass(frozen=True)
class ReportTable:
    title: str
    headers: list[str]
    rows: list[list[Any]]
    totals: list[Any] | None


def township_status(db: Database, by: SessionUser) -> list[TownshipStatus]:
    require_county(db, by, "县级汇总")
    return []


def county_report(db: Database, by: SessionUser, year: int | None = None) -> list[ReportTable]:
    require_county(db, by, "县级统计")
    return []


def export_county_report(db: Database, by: SessionUser, path: Path, year: int | None = None) -> Path:
    require_county(db, by, "导出县级统计")
    raise NotImplementedError
