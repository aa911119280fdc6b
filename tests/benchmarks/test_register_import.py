"""Importing a 10,000-row register with validation into an office database (read, check, write in one
transaction, every file audit-logged), against a bare openpyxl read-only pass over the same file.
SPEC target: ≤ 3 s. Prints only, never asserts a time.

    python -m pytest tests/benchmarks/test_register_import.py -s -q
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest

from songnuan_desktop.documents.register_reader import read_register
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.services import auth, setup, users
from songnuan_desktop.services.worker_import import import_register
from tests.benchmarks.test_register_read import ROWS, _bare_pass, register  # noqa: F401 - the fixture
from songnuan_desktop.domain.roles import Role
from tests.conftest import ADMIN_PASSWORD, ADMIN_USERNAME

ROUNDS = 3


def _one_import(path: Path, folder: Path, round_no: int) -> tuple[float, float, int]:
    db = open_database("sqlite:///" + str(folder / f"import-{round_no}.db"), create=True)
    try:
        setup.initialize(db, setup.SetupData("旧州镇总工会", "522622", "黄平县", 79_000, 52_000, ADMIN_USERNAME,
                                             "王管理", ADMIN_PASSWORD))
        admin = auth.login(db, ADMIN_USERNAME, ADMIN_PASSWORD)
        users.create_user(db, admin, "jingban", "李经办", "Jingban2024", frozenset({Role.CLERK}))
        clerk = auth.login(db, "jingban", "Jingban2024")
        started = time.perf_counter()
        read = read_register(path)
        middle = time.perf_counter()
        result = import_register(db, clerk, read, source=path.name)
        done = time.perf_counter()
    finally:
        db.close()
    return done - started, done - middle, len(result.imported)


@pytest.mark.benchmark
def test_import_10000_row_register(register: Path, tmp_path: Path) -> None:  # noqa: F811 - the fixture
    runs = [_one_import(register, tmp_path, n) for n in range(ROUNDS)]
    total_s = statistics.median(r[0] for r in runs)
    write_s = statistics.median(r[1] for r in runs)
    bare = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        _bare_pass(register)
        bare.append(time.perf_counter() - started)
    bare_s = statistics.median(bare)
    print(f"\n[bench] import {ROWS:,}-row register: median {total_s:.2f} s "
          f"(reading and checking {total_s - write_s:.2f} s, writing {write_s:.2f} s; {runs[0][2]:,} files) "
          f"— target ≤ 3 s")
    print(f"[bench]   bare openpyxl read-only pass over the same file: median {bare_s:.2f} s; "
          f"ratio {total_s / bare_s:.2f}×")
