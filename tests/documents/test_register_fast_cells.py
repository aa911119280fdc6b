"""The reader's shortcut for well-formed cells (register_columns.FAST, issue 15 item 6) gives exactly what
the column's cleaner gives, or leaves the cell to the cleaner: checked on every cell of the messy register
and of a benchmark-like register, and on cells that look well-formed but are not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from songnuan_desktop.documents.register_columns import CLEANERS, FAST, field_of
from songnuan_desktop.domain.parsing import Parsed
from tests.documents.messy_register import GOOD_ID, X_ID, make_card, make_id, write_messy_register

NEAR_MISSES: list[Any] = [
    None, "", " ", "—", "/", "-", "#N/A", "#REF!", "无数据", 0, 1.0, 13812345678, 13812345678.0, True,
    dt.datetime(2024, 1, 5), "张三", "张 三", " 张三", "张三 ", "张·三", "张.三", "John Smith", "〇", "䶮", "𠮷",
    "张" * 40, "张" * 41, "=1+1", "张3", GOOD_ID, X_ID, X_ID.lower(), " " + GOOD_ID, GOOD_ID[:-1] + "0",
    GOOD_ID[:-1] + "1",
    make_id("20990101", 3), make_id("18800101", 3), "99" + GOOD_ID[2:], GOOD_ID[:17], "13812345678", "1381234567",
    "12812345678", "138 1234 5678", "138-1234-5678", "0855-8221234", "13812345678/13912345678",
    "１３８１２３４５６７８",
    make_card(), make_card()[:-1] + "0", make_card()[:-1] + "1", "6228" * 5, "622848001234", "62284800123",
    "６２２８４８００１２３４５６７８９", "旧州镇西街1号", "旧州镇  西街1号", "x" * 200, "x" * 201, "备注#1", "ａｂｃ",
]


def _register_cells(path: Path) -> list[tuple[str, Any]]:
    """(field key, cell) of every cell under a column the reader knows, read as the reader reads them."""
    sheet = CalamineWorkbook.from_path(path).get_sheet_by_name("花名册")
    rows = [[None if c == "" else c for c in row] for row in sheet.iter_rows()]
    header = next(row for row in rows if sum(field_of(c) is not None for c in row) > 5)
    keys = [field_of(c) for c in header]
    return [(key, cell) for row in rows for key, cell in zip(keys, row, strict=False) if key in FAST]


@pytest.fixture(scope="module")
def cells(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Any]]:
    from tests.benchmarks.test_register_read import write_register

    folder = tmp_path_factory.mktemp("fast")
    write_messy_register(folder / "messy.xlsx")
    found = _register_cells(folder / "messy.xlsx")
    found += _register_cells(write_register(folder / "bench.xlsx", 300, heavy=True))
    return found + [(key, cell) for key in FAST for cell in NEAR_MISSES]


def test_a_fast_value_is_what_the_cleaner_gives(cells: list[tuple[str, Any]]) -> None:
    taken = {key: 0 for key in FAST}
    for key, cell in cells:
        value = FAST[key](cell)
        if value is not None:
            assert CLEANERS[key](cell) == Parsed(value), (key, cell)
            taken[key] += 1
    assert all(taken.values()), taken  # every shortcut is used on the registers, not only defined


@pytest.mark.parametrize(("key", "cell"), [
    ("name", "张 三"), ("name", "张·三"), ("name", "张" * 41), ("id_number", X_ID.lower()),
    ("id_number", make_id("20990101", 3)), ("id_number", GOOD_ID[:-1] + ("1" if GOOD_ID[-1] == "0" else "0")),
    ("phone", "138 1234 5678"), ("bank_card", make_card()[:-1] + str((int(make_card()[-1]) + 1) % 10)),
    ("address", "旧州镇  西街1号"), ("note", "#N/A"), ("note", "—"),
])
def test_cells_the_cleaner_must_read_are_left_to_it(key: str, cell: Any) -> None:
    assert FAST[key](cell) is None
