"""Importing a register with validation into an office database (read, check, write in one transaction,
one audit entry per household): 10,000 rows of the benchmark register and of a heavier 17-column one with
long texts, and 20,000 rows; the peak memory of a 20,000-row import in a process of its own; the
rejected-rows report for 20,000 rows. SPEC/issue 15 targets: 10,000 rows ≤ 3 s, the reading half ≤ 1.5× a
bare pass of the same reader, ≤ 250 MB at 20,000 rows, the report linear (20,000 rows ≤ 5 s). Wall and
CPU (process_time) medians: the machine may be shared. Prints only, never asserts a time.

    python -m pytest tests/benchmarks/test_register_import.py -s -q
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from songnuan_desktop.documents.register_reader import RegisterRead, RejectedRow, read_register, write_rejected
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.services.access import auth, setup, users
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.files.worker_import import import_register
from tests.benchmarks.test_register_read import (  # noqa: F401 - the fixtures
    ROWS,
    _bare_pass,
    _openpyxl_pass,
    heavy_register,
    register,
    timed,
    write_register,
)
from tests.benchmarks.child import run_child
from tests.conftest import ADMIN_PASSWORD, ADMIN_USERNAME

ROUNDS = 3
BIG = 20_000


def _office(path: Path) -> tuple[Database, SessionUser]:
    db = open_database("sqlite:///" + str(path), create=True)
    setup.initialize(db, setup.SetupData("旧州镇总工会", "522622", "黄平县", 79_000, 52_000, ADMIN_USERNAME,
                                         "王管理", ADMIN_PASSWORD))
    admin = auth.login(db, ADMIN_USERNAME, ADMIN_PASSWORD)
    users.create_user(db, admin, "jingban", "李经办", "Jingban2024", frozenset({Role.CLERK}))
    return db, auth.login(db, "jingban", "Jingban2024")


def _one_import(path: Path, folder: Path, round_no: int) -> tuple[float, float, float, float, int]:
    """(total wall, total CPU, writing wall, writing CPU, files) of reading and importing `path`."""
    db, clerk = _office(folder / f"import-{path.stem}-{round_no}.db")
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        read = read_register(path)
        middle_wall, middle_cpu = time.perf_counter(), time.process_time()
        result = import_register(db, clerk, read, source=path.name)
        done_wall, done_cpu = time.perf_counter(), time.process_time()
    finally:
        db.close()
    return done_wall - wall, done_cpu - cpu, done_wall - middle_wall, done_cpu - middle_cpu, len(result.imported)


def _report(label: str, path: Path, folder: Path, rows: int, rounds: int = ROUNDS) -> None:
    _one_import(path, folder, -1)  # once before: the first import in a process loads pypinyin's dictionary
    runs = [_one_import(path, folder, n) for n in range(rounds)]
    total_wall, total_cpu, write_wall, write_cpu = (sorted(r[i] for r in runs)[len(runs) // 2] for i in range(4))
    bare_wall, bare_cpu, _ = timed(lambda: _bare_pass(path))
    read_wall, read_cpu = total_wall - write_wall, total_cpu - write_cpu
    print(f"\n[bench] import {rows:,}-row {label}: median {total_wall:.2f} s wall, {total_cpu:.2f} s CPU "
          f"(reading and checking {read_wall:.2f} s wall / {read_cpu:.2f} s CPU, writing {write_wall:.2f} s wall / "
          f"{write_cpu:.2f} s CPU; {runs[0][4]:,} files) — target ≤ 3 s at 10,000 rows")
    print(f"[bench]   bare python-calamine pass over the same file: {bare_wall:.2f} s wall, {bare_cpu:.2f} s CPU; "
          f"reading half {read_wall / bare_wall:.2f}× wall, {read_cpu / bare_cpu:.2f}× CPU — target ≤ 1.5×")
    # The yardstick of issue 15, whatever the machine's load: the import was 4.9 s when a bare openpyxl
    # read-only pass over the same file took 1.0 s (4.9×); 3 s on that machine is 3.0× of the pass.
    old_wall, old_cpu, _ = timed(lambda: _openpyxl_pass(path))
    print(f"[bench]   bare openpyxl read-only pass (the issue's yardstick, 1.0 s when the import took 4.9 s): "
          f"{old_wall:.2f} s wall, {old_cpu:.2f} s CPU; the import is {total_wall / old_wall:.2f}× of it wall, "
          f"{total_cpu / old_cpu:.2f}× CPU (was 4.9×; 3 s on the issue's machine = 3.0×)")


@pytest.mark.benchmark
def test_import_10000_row_register(register: Path, tmp_path: Path) -> None:  # noqa: F811 - the fixture
    _report("benchmark register (16 columns)", register, tmp_path, ROWS)


@pytest.mark.benchmark
def test_import_10000_row_heavy_register(heavy_register: Path, tmp_path: Path) -> None:  # noqa: F811
    _report("register of 17 columns with long texts", heavy_register, tmp_path, ROWS)


@pytest.fixture(scope="module")
def big_register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_register(tmp_path_factory.mktemp("bench-register") / "花名册-20000.xlsx", BIG, seed=11)


@pytest.fixture(scope="module")
def big_heavy_register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_register(tmp_path_factory.mktemp("bench-register") / "花名册-17列-20000.xlsx", BIG, heavy=True,
                          seed=11)


MEMORY_SCRIPT = """
import json, tracemalloc
from pathlib import Path
from tests.benchmarks.child import peak_kib, rss_kib
from tests.benchmarks.test_register_import import _office
from songnuan_desktop.documents.register_reader import read_register
from songnuan_desktop.domain.names import pinyin_keys
from songnuan_desktop.services.files.worker_import import import_register
imports = rss_kib()
pinyin_keys("张三")  # pypinyin's dictionaries, loaded by the first file any screen saves
db, clerk = _office(Path({db!r}))
before = rss_kib()
if {traced}:
    tracemalloc.start()
result = import_register(db, clerk, read_register({register!r}))
traced = tracemalloc.get_traced_memory()[1] if {traced} else 0
print(json.dumps({{"imports": imports, "before": before, "peak": peak_kib(), "traced": traced // 1024,
                  "files": len(result.imported)}}))
"""


def _memory(path: Path, folder: Path, traced: bool) -> dict[str, int]:
    return run_child(MEMORY_SCRIPT.format(db=str(folder / f"memory-{path.stem}-{traced}.db"), register=str(path),
                                          traced=traced))


@pytest.mark.benchmark
@pytest.mark.parametrize("which", ["big_register", "big_heavy_register"])
def test_import_20000_rows_time_and_peak_memory(which: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    path: Path = request.getfixturevalue(which)
    label = "register of 17 columns with long texts" if "heavy" in which else "benchmark register (16 columns)"
    _report(label, path, tmp_path, BIG, rounds=1)
    seen, traced = _memory(path, tmp_path, False), _memory(path, tmp_path, True)
    print(f"[bench]   peak memory of the {BIG:,}-row import in a process of its own: {seen['peak'] / 1024:.0f} MiB "
          f"resident (VmHWM) — target ≤ 250 MB; of it {seen['imports'] / 1024:.0f} MiB the program's imports and "
          f"{(seen['before'] - seen['imports']) / 1024:.0f} MiB pypinyin's dictionaries and the open office "
          f"before reading, so the import itself {(seen['peak'] - seen['before']) / 1024:.0f} MiB; "
          f"Python's own allocations of reading and importing peak at {traced['traced'] / 1024:.0f} MiB (tracemalloc)")




@pytest.mark.benchmark
def test_rejected_rows_report(big_heavy_register: Path, tmp_path: Path) -> None:
    read = read_register(big_heavy_register)
    cells = [r.raw for r in read.rows] + [r.raw for r in read.rejected]
    for rows in (2_000, BIG):
        reason = "身份证号“5226221980010100X1”校验位不对：请照身份证原件核对后重填"
        rejected = [RejectedRow(n + 3, reason, cells[n % len(cells)]) for n in range(rows)]
        every = RegisterRead(read.sheet, read.header, [], rejected, [])
        wall, cpu, out = timed(lambda: write_rejected(every, tmp_path / f"退回-{rows}.xlsx"))  # noqa: B023
        print(f"\n[bench] rejected-rows report of {rows:,} rows: median {wall:.2f} s wall, {cpu:.2f} s CPU "
              f"({out.stat().st_size / 2**20:.1f} MiB) — target ≤ 5 s at 20,000 rows (was 5 min 33 s)")
