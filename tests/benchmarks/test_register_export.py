"""Export 100,000 files to the 登记表 .xlsx (issue 3 target: ≤ 10 s); printed beside a bare openpyxl
write-only loop of the same number of rows and columns, in the same run."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from openpyxl import Workbook

from songnuan_desktop.documents.register_writer import COLUMNS
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.services import auth
from songnuan_desktop.services.file_list import FileFilter
from songnuan_desktop.services.worker_export import export_register

RUNS = 3


def _bare(path: Path, rows: int) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("x")
    line = ["522622198001010012", "旧州镇惠民超市", "相对困难"] * (len(COLUMNS) // 3) + ["x"] * (len(COLUMNS) % 3)
    for _ in range(rows):
        sheet.append(line)
    book.save(path)


def test_export_register(bench_db_path: Path, tmp_path: Path) -> None:
    db = open_database("sqlite:///" + str(bench_db_path))
    clerk = auth.login(db, "jingban", "songnuan2026")
    ours, bare = [], []
    for run in range(RUNS):
        started = time.perf_counter()
        result = export_register(db, clerk, FileFilter(), tmp_path / f"register-{run}.xlsx")
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        _bare(tmp_path / f"bare-{run}.xlsx", result.files)
        bare.append(time.perf_counter() - started)
    db.close()
    print(f"\n[bench] export {result.files} files to .xlsx: median {statistics.median(ours):.2f} s over {RUNS} runs "
          f"(target ≤ 10 s); bare openpyxl write-only loop of as many rows: {statistics.median(bare):.2f} s; "
          f"ratio {statistics.median(ours) / statistics.median(bare):.2f}×")
