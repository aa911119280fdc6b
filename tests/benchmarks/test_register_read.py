"""Reading a 10,000-row register (the checking half of the Excel import; the whole import's target is
≤ 3 s), against a bare openpyxl read-only pass over the same file. Prints only, never asserts a time.

    python -m pytest tests/benchmarks/test_register_read.py -s -q
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from openpyxl import Workbook, load_workbook

from songnuan_desktop.documents.register_reader import read_register
from tests.documents.messy_register import HEADER, make_card, make_id

T = TypeVar("T")
ROWS = 10_000
ROUNDS = 3
CATEGORIES = ("深度困难", "相对困难", "意外致困", "低保户", "特困")


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A register as an office sends it: a title row, then 10,000 people, a few with the usual faults."""
    path = tmp_path_factory.mktemp("bench-register") / "花名册-10000.xlsx"
    rnd = random.Random(7)
    wb = Workbook()  # not write_only: shared strings and a dimension record, as Excel writes them
    ws = wb.active
    ws.title = "花名册"
    ws.append(["旧州镇困难职工花名册"])
    ws.append(HEADER)
    born = dt.date(1960, 1, 1)
    for n in range(1, ROWS + 1):
        day = born + dt.timedelta(days=rnd.randrange(15_000))
        number = make_id(f"{day:%Y%m%d}", rnd.randrange(1, 90), sex=rnd.choice("男女"))
        ws.append([n, "张" + "秀英伟芳娜敏静丽强磊军洋"[n % 12] + "华明"[n % 2], rnd.choice(("男", "女", None)), "汉族",
                   number if n % 50 else number.lower(), "旧州镇农机站", f"138{rnd.randrange(10**8):08d}",
                   rnd.choice(CATEGORIES), rnd.choice((2, 3, "4人", "3人")), rnd.choice((520, "1,500.00", "800元")),
                   "农业银行", make_card(f"62284{n % 10}"), "患重特大疾病、子女上学", f"旧州镇{n}号",
                   dt.datetime(2024, 1, 1) + dt.timedelta(days=n % 300), None])
    ws.append(["合计", None, None, None, None, None, None, None, ROWS * 3])
    wb.save(path)
    return path


def _bare_pass(path: Path) -> int:
    wb = load_workbook(path, read_only=True, data_only=True)
    touched = 0
    for row in wb["花名册"].iter_rows(values_only=True):
        for cell in row:
            touched += cell is not None
    wb.close()
    return touched


def _median(fn: Callable[[Path], T], path: Path) -> tuple[float, T]:
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        result = fn(path)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), result


@pytest.mark.benchmark
def test_read_10000_row_register(register: Path) -> None:
    reader_s, read = _median(read_register, register)
    bare_s, _ = _median(_bare_pass, register)
    rows, rejected = len(read.rows), len(read.rejected)  # a few random IDs collide: rejected as duplicates
    print(f"\n[bench] read_register {ROWS:,} rows: median {reader_s:.2f} s ({rows:,} valid, {rejected:,} rejected) "
          f"— target for the whole import ≤ 3 s")
    print(f"[bench]   bare openpyxl read-only pass over the same file: median {bare_s:.2f} s; "
          f"ratio {reader_s / bare_s:.2f}×")
