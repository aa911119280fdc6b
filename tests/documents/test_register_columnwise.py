"""The reader's column-at-a-time path (issue 15 item 6) gives exactly what reading row by row gives: the same
valid rows (values, warnings, cells), rejected rows (reasons, cells) and skipped rows, on the messy register,
benchmark-like registers, every format fixture, a register built to walk every branch of the column path,
and random sheets; and its parts agree with what they stand for (FAST_COLUMN with FAST, plain_ids_valid with
check_id, _register_rows with RegisterRow)."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from songnuan_desktop.documents import register_reader
from songnuan_desktop.documents.register_columns import FAST, FAST_COLUMN, FAST_TAKEN
from songnuan_desktop.documents.register_reader import RegisterRead, RegisterRow, read_register
from songnuan_desktop.domain.ids import check_id, plain_ids_valid
from tests.benchmarks.test_register_read import write_register
from tests.documents.messy_register import GOOD_ID, X_ID, make_card, make_id, write_messy_register
from tests.documents.test_register_fast_cells import NEAR_MISSES
from tests.documents.test_register_reader import _CELLS, _HEADERS, FIXTURES

ID_2 = make_id("19700615", 7, sex="女")


def _row_by_row(path: Path, monkeypatch: pytest.MonkeyPatch) -> RegisterRead:
    def take_many(self: Any, rows: Sequence[tuple[int, tuple[Any, ...]]]) -> None:
        for number, cells in rows:
            self.take(number, cells)

    with monkeypatch.context() as patched:
        patched.setattr(register_reader._Reading, "take_many", take_many)
        return read_register(path)


def _assert_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> RegisterRead:
    columns, rows = read_register(path), _row_by_row(path, monkeypatch)
    assert (columns.sheet, columns.header, columns.file_format, columns.encoding) == (
        rows.sheet, rows.header, rows.file_format, rows.encoding)
    assert columns.skipped == rows.skipped
    assert columns.rejected == rows.rejected
    assert [(r.row, r.values, r.warnings, tuple(r.raw)) for r in columns.rows] == [
        (r.row, r.values, r.warnings, tuple(r.raw)) for r in rows.rows]
    assert [[type(c) for c in r.raw] for r in columns.rows] == [[type(c) for c in r.raw] for r in rows.rows]
    return columns


def _write(path: Path, rows: list[list[Any]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _every_branch(rows: int = 900, seed: int = 3) -> list[list[Any]]:
    """A register whose column path meets every case: a memo column with 1, 1.0, True and "3人" (and a block
    with ints only after one with floats), warnings of a memo column (性别 看不懂) and of a FAST column
    (a card failing Luhn), sex and birth dates that differ from the ID, all three incomes (some disagreeing),
    refused cells in every column, IDs in lowercase, 15 digits, with a future or impossible date, repeated
    across blocks, blank rows inside the table, a 合计 row and notes, 致困原因 blank or too long."""
    rnd = random.Random(seed)
    header = ["序号", "姓名", "性别", "出生日期", "公民身份号码", "单位", "手机", "类别", "家庭人口", "家庭月收入",
              "人均月收入", "开户行", "卡号", "致困原因", "住址", "建档日期", "备注"]
    out: list[list[Any]] = [["旧州镇困难职工花名册"], header]
    seen: list[str] = []
    for n in range(1, rows + 1):
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rnd.randrange(20_000))
        number = make_id(f"{born:%Y%m%d}", rnd.randrange(1, 90), sex=rnd.choice("男女"))
        kind = rnd.randrange(60)
        if kind == 0 and seen:
            number = rnd.choice(seen)  # the same person again, maybe blocks later
        elif kind == 1:
            number = make_id(f"{born:%Y%m%d}", 1, check="X").lower()
        elif kind == 2:
            number = number[:6] + number[8:17]  # the old 15-digit form
        elif kind == 3:
            number = number[:6] + "20990101" + number[14:]
        elif kind == 4:
            number = number[:6] + "19800230" + number[14:]
        elif kind == 5:
            number = number[:-1] + ("0" if number[-1] != "0" else "1")
        seen.append(number)
        def pick(good: tuple[Any, ...], bad: tuple[Any, ...] = ()) -> Any:
            return rnd.choice(bad) if bad and rnd.random() < 0.03 else rnd.choice(good)

        size = pick((1, 2, 3, 3.0, 2.0, True, "3人", "四口", None) if n < 600 else (2, 3, "3人"), (0, "很多"))
        row = [n, pick(("张三", "李·四", "赵六", "欧阳娜娜", "王 五"), ("", "  ", "张3")),
               pick(("男", "女", None, "男性", "F"), ("?",)),
               pick((None, born, born + dt.timedelta(days=1), f"{born:%Y-%m-%d}"), ("1900年",)),
               number, pick(("旧州镇农机站", "旧州镇中学", None), ("#N/A",)),
               pick((f"138{rnd.randrange(10**8):08d}", "0855-8221234", None, "13812345678/13912345678"), ("138",)),
               pick(("深度困难", "相对困难", "意外致困", "低保户", "特困"), ("不知道", None)),
               size, pick((1500, 2000.5, "1,500.00", None), ("1,50", -5)), pick((500, 750, 1000, "800元", None),
                                                                                 ("abc",)),
               pick(("农业银行", "信用社", None)), pick((make_card(f"62284{n % 10}"), make_card()[:-1] + "0", None),
                                                    ("123",)),
               pick(("患重特大疾病、子女上学", "因病", None, "因病、下岗、上学、车祸、遭灾"), ("病" * 201,)),
               pick((f"旧州镇{n}号", None), ("旧州镇  西街", " 旧州镇", "x" * 201)),
               pick((dt.datetime(2024, 1, 1) + dt.timedelta(days=n % 300), "2024年3月1日", None), ("2099-13-01",)),
               pick((None, None, "已走访"), ("—", "备注#1"))]
        out.append(row)
        if n % 97 == 0:
            out.append([None] * len(header))
        if n % 301 == 0:
            out.append([None, None, None, None, None, "说明：本表不含退休人员"])
    out.append(["合计", None, None, None, None, None, None, None, rows * 3])
    out.append(["填表人：李经办", None, None, "审核人：王"])
    return out


def test_the_messy_register_and_every_format_read_the_same_by_columns(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_messy_register(tmp_path / "messy.xlsx")
    _assert_same(tmp_path / "messy.xlsx", monkeypatch)
    for fixture in sorted(FIXTURES.glob("花名册*")):
        _assert_same(fixture, monkeypatch)


@pytest.mark.parametrize("heavy", [False, True])
def test_a_benchmark_register_reads_the_same_by_columns(heavy: bool, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    read = _assert_same(write_register(tmp_path / "r.xlsx", 1_000, heavy=heavy), monkeypatch)
    assert len(read.rows) > 900 and any(r.warnings for r in read.rows)


def test_every_branch_of_the_column_path_reads_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read = _assert_same(_write(tmp_path / "branches.xlsx", _every_branch()), monkeypatch)
    reasons = "；".join(r.reason for r in read.rejected)
    for word in ("同一人", "校验位", "晚于今天", "不是真实的日期", "家庭人口", "逗号", "太长", "Excel错误值"):
        assert word in reasons, word
    warnings = "；".join(w for r in read.rows for w in r.warnings)
    for word in ("性别一栏填的是", "出生日期一栏填的是", "人均月收入", "看不懂", "校验位不符", "多个号码"):
        assert word in warnings, word
    assert {why for _, why in read.skipped} >= {"空行", "合计行", "表格下方的说明或签字栏"}


def test_the_column_path_is_taken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the rows with something to say go through _cleaned: a failing column path would fall back to it
    silently, with the same outcome and the old cost."""
    path = write_register(tmp_path / "r.xlsx", 2_000)
    calls = []
    cleaned = register_reader._cleaned
    monkeypatch.setattr(register_reader, "_cleaned", lambda *args: calls.append(1) or cleaned(*args))
    read = read_register(path)
    assert len(calls) <= len(read.rejected) and len(read.rows) > 1_900


def _write_random(rows: list[list[Any]]) -> Path:
    return _write(Path(tempfile.mkdtemp(prefix="columns-")) / "r.xlsx", rows)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_HEADERS, st.lists(st.lists(_CELLS, min_size=2, max_size=10), max_size=30), st.randoms(use_true_random=False))
def test_random_sheets_read_the_same_by_columns(extra: list[str], body: list[list[Any]], rnd: Any) -> None:
    header = ["姓名", "身份证号", *extra]
    rnd.shuffle(header)
    good = [[f"张{i}", make_id("19800101", i % 80 + 1)] + [None] * len(extra) for i in range(len(body))]
    rows = [header] + [row for pair in zip(good, body, strict=True) for row in pair]
    with pytest.MonkeyPatch.context() as monkeypatch:
        _assert_same(_write_random(rows), monkeypatch)


def test_fast_column_is_fast_cell_by_cell() -> None:
    from tests.documents.test_register_fast_cells import _register_cells

    folder = Path(tempfile.mkdtemp(prefix="fast-columns-"))
    write_messy_register(folder / "messy.xlsx")
    cells = _register_cells(folder / "messy.xlsx") + _register_cells(write_register(folder / "b.xlsx", 300,
                                                                                     heavy=True))
    rnd = random.Random(5)
    odd = ["张〇", "李四·", "13912345678 ", "12812345678", "1391234567", GOOD_ID[:17] + "x", "X" + GOOD_ID[1:],
           GOOD_ID + "0", "６２２８４８", "622848001234567890123", "旧州镇 西街", "", "𠮷", 13812345678.0]
    for key, column in FAST_COLUMN.items():
        mine = [cell for k, cell in cells if k == key] + NEAR_MISSES
        plain = [c for c in mine if FAST[key](c) is not None]  # a column the whole-column checks take at once
        assert plain and column(plain) == plain and FAST_TAKEN[key](plain) == (plain, True), key
        for block in (mine, [c for c in mine if isinstance(c, str)], rnd.sample(mine, len(mine)), [],
                      [GOOD_ID, X_ID, ID_2, None] * 50, [make_card()] * 20, ["旧州镇西街1号"] * 30,
                      *([*plain, miss] for miss in mine + odd), *([miss, *plain] for miss in odd)):
            expected = [FAST[key](cell) for cell in block]
            assert column(block) == expected, (key, block[-1])
            taken, whole = FAST_TAKEN[key](block)  # whole: every cell filled and taken as it is
            assert taken == expected and (not whole or all(
                c is not None and f is c for c, f in zip(block, expected, strict=True))), (key, block[-1])


def test_plain_ids_are_valid_exactly_when_check_id_says_so() -> None:
    rnd = random.Random(11)
    today = dt.date(2026, 2, 28)
    numbers = []
    for _ in range(3_000):
        born = today - dt.timedelta(days=rnd.randrange(-400, 45_000))
        number = make_id(f"{born:%Y%m%d}", rnd.randrange(1, 90), sex=rnd.choice("男女"))
        kind = rnd.randrange(12)
        if kind == 0:
            number = number[:17] + rnd.choice("0123456789X")
        elif kind == 1:
            number = rnd.choice(("00", "99", "71", "83", "11", "52", "20")) + number[2:]
        elif kind == 2:
            number = number[:6] + rnd.choice(("19000229", "20000229", "19990229", "19801301", "19800000")) + number[14:]
        numbers.append(number)
    expected = [check_id(n, today)[0] == n for n in numbers]
    assert plain_ids_valid(numbers, today) == expected
    for start in range(0, len(numbers), 37):  # blocks that pass whole and blocks that fall back
        assert plain_ids_valid(numbers[start:start + 37], today) == expected[start:start + 37]
    assert plain_ids_valid([n for n, ok in zip(numbers, expected, strict=True) if ok], today) == [True] * sum(expected)
    # Real dates and provinces, every check digit tried: only the check digits decide (the column's weighed sums).
    tried = [n[:17] + digit for n, ok in zip(numbers, expected, strict=True) if ok for digit in "0123456789X"]
    assert plain_ids_valid(tried, today) == [check_id(n, today)[0] == n for n in tried]
    assert sum(plain_ids_valid(tried, today)) == len(tried) // 11


def test_register_rows_are_register_rows() -> None:
    numbers, values, warnings, cells = [3, 4], [{"name": "张三"}, {}], [[], ["w"]], [("a",), ()]
    built = register_reader._register_rows(numbers, values, warnings, cells)
    assert built == [RegisterRow(*args) for args in zip(numbers, values, warnings, cells, strict=True)]
    assert built[0].values is values[0] and built[1].raw is cells[1]
    with pytest.raises(AttributeError):
        built[0].row = 5  # type: ignore[misc]
