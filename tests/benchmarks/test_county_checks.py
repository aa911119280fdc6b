"""Cross-township checks and the county report on a merged county (issue 7 item 3; target well under 5 s
for 40 townships / 100,000 files). The county is the demo's (`build_county`, with its planted household):
SONGNUAN_BENCH_WORKERS files in SONGNUAN_BENCH_TOWNSHIPS townships (default 4). A county database may
be given instead with SONGNUAN_BENCH_COUNTY_DB (e.g. one built by `songnuan demo --county --townships 40`).
Median of 3, cold first run shown too; no time is asserted.

    SONGNUAN_BENCH_WORKERS=100000 python -m pytest tests/benchmarks/test_county_checks.py -s
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.county.county_checks import cross_township_checks
from songnuan_desktop.services.county.county_reports import county_report, township_status
from songnuan_desktop.demo.county import build_county
from tests.benchmarks.conftest import WORKERS

TOWNSHIPS = int(os.environ.get("SONGNUAN_BENCH_TOWNSHIPS", "4"))
RUNS = 3
T = TypeVar("T")


@pytest.fixture(scope="module")
def county_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("SONGNUAN_BENCH_COUNTY_DB")
    if given:
        return Path(given)
    path = tmp_path_factory.mktemp("bench-county") / "county.db"
    started = time.perf_counter()
    db = open_database("sqlite:///" + str(path), create=True)
    try:
        build_county(db, townships=TOWNSHIPS, workers=max(WORKERS // TOWNSHIPS, 1), seed=7, workdir=path.parent)
    finally:
        db.close()
    print(f"\n[bench] county demo: {TOWNSHIPS} townships × {WORKERS // TOWNSHIPS} files built in "
          f"{time.perf_counter() - started:.1f} s")
    return path


def _timed(fn: Callable[..., T], *args: object) -> tuple[T, list[float]]:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        value = fn(*args)
        times.append(time.perf_counter() - started)
    return value, times


def test_county_checks(county_path: Path) -> None:
    db = open_database("sqlite:///" + str(county_path), create=True)
    try:
        user = auth.login(db, "xianzong", "songnuan2026")
        result, checks = _timed(cross_township_checks, db, user)
        _status, status = _timed(township_status, db, user)
        _tables, report = _timed(county_report, db, user)
    finally:
        db.close()
    print(f"\n[bench] cross_township_checks: {result.checked_files} files in {result.townships} townships — "
          f"median {statistics.median(checks):.3f} s (cold {checks[0]:.3f} s; target well under 5 s); found "
          f"{len(result.duplicate_files)} duplicate files, {len(result.double_payments)} double payments, "
          f"{len(result.details_differ)} differing files")
    print(f"[bench] township_status median {statistics.median(status):.3f} s; county_report median "
          f"{statistics.median(report):.3f} s")
