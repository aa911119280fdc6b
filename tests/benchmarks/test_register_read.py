"""Reading a 10,000-row register (the checking half of the import; the whole import's target is ≤ 3 s, the
reading half ≤ 1.5× a bare pass of the same reader over the same file), against a bare python-calamine
pass (the reader the program uses) and a bare openpyxl read-only pass (the one it used before issue 15).
Wall and CPU (process_time) medians: the machine may be shared, CPU time is what the program itself
spent. Prints only, never asserts a time.

    python -m pytest tests/benchmarks/test_register_read.py -s -q
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from songnuan_desktop.documents.register_reader import read_register
from tests.documents.messy_register import HEADER, make_card, make_id

ROWS = 10_000
ROUNDS = 3
CATEGORIES = ("深度困难", "相对困难", "意外致困", "低保户", "特困")
SITUATIONS = ("家中主要劳动力患尿毒症，每周透析三次，医疗费用自付部分每年约三万元，配偶打零工照顾家庭，",
              "子女两人在读，一人上大学，", "二〇二三年遭遇洪灾，住房受损，",
              "本人下岗后靠零工维持生活，父母年迈多病，常年服药，")


def write_register(path: Path, rows: int, heavy: bool = False, seed: int = 7) -> Path:
    """A register as an office sends it: a title row, then `rows` people, a few with the usual faults.
    `heavy`: 17 columns, with a 困难情况 of 150–600 characters and a 备注 on every row."""
    rnd = random.Random(seed)
    wb = Workbook()  # not write_only: shared strings and a dimension record, as Excel writes them
    ws = wb.active
    ws.title = "花名册"
    ws.append(["旧州镇困难职工花名册"])
    ws.append(HEADER + (["困难情况"] if heavy else []))
    born = dt.date(1960, 1, 1)
    for n in range(1, rows + 1):
        day = born + dt.timedelta(days=rnd.randrange(15_000))
        number = make_id(f"{day:%Y%m%d}", rnd.randrange(1, 90), sex=rnd.choice("男女"))
        row: list[Any] = [
            n, "张" + "秀英伟芳娜敏静丽强磊军洋"[n % 12] + "华明"[n % 2], rnd.choice(("男", "女", None)), "汉族",
            number if n % 50 else number.lower(), "旧州镇农机站", f"138{rnd.randrange(10**8):08d}",
            rnd.choice(CATEGORIES), rnd.choice((2, 3, "4人", "3人")), rnd.choice((520, "1,500.00", "800元")),
            "农业银行", make_card(f"62284{n % 10}"), "患重特大疾病、子女上学", f"旧州镇{n}号",
            dt.datetime(2024, 1, 1) + dt.timedelta(days=n % 300), None]
        if heavy:
            row[-1] = f"第{n}户：{rnd.choice(SITUATIONS)}已走访核实"
            row.append("".join(rnd.choice(SITUATIONS) for _ in range(rnd.randrange(3, 13)))[:600])
        ws.append(row)
    ws.append(["合计", None, None, None, None, None, None, None, rows * 3])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_register(tmp_path_factory.mktemp("bench-register") / "花名册-10000.xlsx", ROWS)


@pytest.fixture(scope="module")
def heavy_register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_register(tmp_path_factory.mktemp("bench-register") / "花名册-17列-10000.xlsx", ROWS, heavy=True)


def _bare_pass(path: Path) -> int:
    """python-calamine over every cell, nothing else: the floor of the reader the program uses."""
    touched = 0
    for row in CalamineWorkbook.from_path(path).get_sheet_by_name("花名册").iter_rows():
        for cell in row:
            touched += cell != ""
    return touched


def _openpyxl_pass(path: Path) -> int:
    """A bare openpyxl read-only pass: what the reader used before issue 15."""
    wb = load_workbook(path, read_only=True, data_only=True)
    touched = 0
    for row in wb["花名册"].iter_rows(values_only=True):
        for cell in row:
            touched += cell is not None
    wb.close()
    return touched


def timed(fn: Callable[[], Any], rounds: int = ROUNDS) -> tuple[float, float, Any]:
    """(wall median, CPU median, last result) of `rounds` runs."""
    walls, cpus, result = [], [], None
    for _ in range(rounds):
        result = None  # the last round's result freed before the clock starts: freeing it is not this round's work
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return statistics.median(walls), statistics.median(cpus), result


@pytest.mark.benchmark
@pytest.mark.parametrize("which", ["register", "heavy_register"])
def test_read_10000_row_register(which: str, request: pytest.FixtureRequest) -> None:
    path: Path = request.getfixturevalue(which)
    reader_wall, reader_cpu, read = timed(lambda: read_register(path))
    bare_wall, bare_cpu, _ = timed(lambda: _bare_pass(path))
    old_wall, old_cpu, _ = timed(lambda: _openpyxl_pass(path))
    rows, rejected = len(read.rows), len(read.rejected)  # a few random IDs collide: rejected as duplicates
    print(f"\n[bench] read_register {ROWS:,} rows, {len(read.header.mapping) + 1} columns ({path.name}): "
          f"median {reader_wall:.2f} s wall, {reader_cpu:.2f} s CPU ({rows:,} valid, {rejected:,} rejected)")
    print(f"[bench]   bare python-calamine pass over the same file: {bare_wall:.2f} s wall, {bare_cpu:.2f} s CPU; "
          f"ratio {reader_wall / bare_wall:.2f}× wall, {reader_cpu / bare_cpu:.2f}× CPU — target ≤ 1.5×")
    print(f"[bench]   bare openpyxl read-only pass (the reader before issue 15): {old_wall:.2f} s wall, "
          f"{old_cpu:.2f} s CPU; read_register is {reader_cpu / old_cpu:.2f}× of it (CPU)")
