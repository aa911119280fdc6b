"""Benchmarks build their demo office once per run (100,000 files by default) and print figures.

    python -m pytest tests/benchmarks -s                      # 100,000 files
    SONGNUAN_BENCH_WORKERS=10000 python -m pytest tests/benchmarks -s
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.demo import build_demo

WORKERS = int(os.environ.get("SONGNUAN_BENCH_WORKERS", "100000"))


@pytest.fixture(scope="session")
def bench_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / f"demo-{WORKERS}.db"
    started = time.perf_counter()
    db = open_database("sqlite:///" + str(path), create=True)
    report = build_demo(db, workers=WORKERS, seed=7)
    db.close()
    print(f"\n[bench] demo office: {report.workers} files, {report.members} members, {report.items} items "
          f"built in {time.perf_counter() - started:.1f} s ({path.stat().st_size / 2**20:.0f} MiB)")
    return path
