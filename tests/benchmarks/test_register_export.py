"""Export 100,000 files to the 登记表 .xlsx (issue 3 target: ≤ 10 s), printed beside bare passes over
the same rows in the same run: our streaming writer alone, openpyxl write-only, and XlsxWriter
constant_memory (when it is installed; it is not a dependency). Medians; no time is asserted."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from songnuan_desktop.documents.register_writer import COLUMNS, write_register
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.files.file_list import FileFilter
from songnuan_desktop.services.files.worker_export import _rows, export_register

RUNS = 3


def _openpyxl(rows: list[list[Any]], path: Path) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("x")
    for count, row in enumerate(rows, start=1):
        sheet.append([count, *row])
    book.save(path)


def _xlsxwriter(rows: list[list[Any]], path: Path) -> None:
    import xlsxwriter  # type: ignore[import-not-found,import-untyped,unused-ignore]

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                           "strings_to_numbers": False, "strings_to_urls": False})
    sheet, date = book.add_worksheet("x"), book.add_format({"num_format": "yyyy-mm-dd"})
    for count, row in enumerate(rows, start=1):
        sheet.write_number(count, 0, count)
        for column, value in enumerate(row, start=1):
            if isinstance(value, dt.date):
                sheet.write_datetime(count, column, value, date)
            elif value is not None:
                sheet.write(count, column, value)
    book.close()


def _median(runs: list[float]) -> str:
    return f"{statistics.median(runs):.2f} s"


def _timed(work: Callable[[int], object]) -> list[float]:
    taken = []
    for run in range(RUNS):
        started = time.perf_counter()
        work(run)
        taken.append(time.perf_counter() - started)
    return taken


def test_export_register(bench_db_path: Path, tmp_path: Path) -> None:
    db = open_database("sqlite:///" + str(bench_db_path), create=True)
    clerk = auth.login(db, "jingban", "songnuan2026")
    ours = _timed(lambda run: export_register(db, clerk, FileFilter(), tmp_path / f"register-{run}.xlsx"))
    rows: list[list[Any]] = []

    def read(_run: int) -> None:
        with db.read() as session:
            rows[:] = _rows(session, clerk, FileFilter(), dt.date.today())
    reading = _timed(read)
    db.close()
    writing = _timed(lambda run: write_register(rows, tmp_path / f"writer-{run}.xlsx", "t", "s", len(rows)))
    bare = _timed(lambda run: _openpyxl(rows, tmp_path / f"openpyxl-{run}.xlsx"))
    print(f"\n[bench] export {len(rows)} files ({len(COLUMNS)} columns) to .xlsx: median {_median(ours)} over "
          f"{RUNS} runs (target ≤ 10 s) = query and rows {_median(reading)} + our streaming writer "
          f"{_median(writing)}; bare openpyxl write-only pass over the same rows {_median(bare)}: "
          f"ratio {statistics.median(ours) / statistics.median(bare):.2f}× of it")
    try:
        import xlsxwriter  # type: ignore[import-not-found,import-untyped,unused-ignore]  # noqa: F401
    except ImportError:
        print("[bench] XlsxWriter not installed: its constant_memory pass skipped")
        return
    other = _timed(lambda run: _xlsxwriter(rows, tmp_path / f"xlsxwriter-{run}.xlsx"))
    print(f"[bench] bare XlsxWriter constant_memory pass over the same rows {_median(other)}: our whole export "
          f"is {statistics.median(ours) / statistics.median(other):.2f}× of it, our writer alone "
          f"{statistics.median(writing) / statistics.median(other):.2f}×")
