"""Reading a messy register (every trap of real registers), header detection on three offices'
layouts, the rejected-rows workbook read back, and random sheets that must never make reading raise."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from songnuan_desktop.documents.register_reader import (
    HeaderGuess,
    ReadCancelled,
    RegisterRead,
    RejectedRow,
    SheetInfo,
    detect_header,
    list_sheets,
    read_register,
    write_rejected,
)
from songnuan_desktop.domain.errors import ValidationFailed
from tests.documents.messy_register import GOOD_ID, HEADER, Expected, make_id, write_messy_register


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Expected, RegisterRead]:
    path = tmp_path_factory.mktemp("register") / "花名册.xlsx"
    expected = write_messy_register(path)
    return path, expected, read_register(path)


def test_sheets_are_listed_and_the_register_sheet_is_found(messy: tuple[Path, Expected, RegisterRead]) -> None:
    path, expected, read = messy
    assert list_sheets(path) == [SheetInfo("填表说明", 2), SheetInfo("花名册", 24)]
    assert read.sheet == expected.sheet
    assert read.header.row == expected.header_row  # under a merged title and a 填报单位 line
    assert read.header.unknown == []
    assert read.header.mapping[5] == "id_number" and read.header.mapping[10] == "per_capita_income_fen"


def test_every_row_lands_where_expected(messy: tuple[Path, Expected, RegisterRead]) -> None:
    _, expected, read = messy
    assert sorted(r.row for r in read.rows) == sorted(expected.valid)
    assert sorted(r.row for r in read.rejected) == sorted(expected.rejected)
    assert sorted(n for n, _ in read.skipped) == sorted(expected.skipped)


def test_rejections_name_the_field_and_the_trouble(messy: tuple[Path, Expected, RegisterRead]) -> None:
    _, expected, read = messy
    for rejected in read.rejected:
        for word in expected.rejected[rejected.row]:
            assert word in rejected.reason, (rejected.row, word, rejected.reason)
        assert len(rejected.raw) == len(HEADER)


def test_an_18_digit_id_stored_as_a_number_is_refused_as_unrecoverable(
        messy: tuple[Path, Expected, RegisterRead]) -> None:
    _, _, read = messy
    reasons = {r.row: r.reason for r in read.rejected}
    for row in (5, 6):
        assert "存成了数字" in reasons[row] and "无法还原" in reasons[row]
        assert "15位有效数字" in reasons[row]


def test_warnings_and_cleaned_values(messy: tuple[Path, Expected, RegisterRead]) -> None:
    _, expected, read = messy
    rows = {r.row: r for r in read.rows}
    for number, words in expected.valid.items():
        text = "；".join(rows[number].warnings)
        assert all(w in text for w in words), (number, text)
        if not words:
            assert rows[number].warnings == [], (number, rows[number].warnings)
    for number, values in expected.values.items():
        got = rows[number].values
        assert {k: got.get(k) for k in values} == values, number


def test_skipped_rows_say_why(messy: tuple[Path, Expected, RegisterRead]) -> None:
    _, expected, read = messy
    for number, why in read.skipped:
        assert expected.skipped[number] in why or (expected.skipped[number] == "说明" and "说明" in why)


# --- header detection on three offices' layouts ---------------------------------------------------

def _sheet(path: Path, rows: list[list[Any]], merges: tuple[str, ...] = ()) -> Path:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for merge in merges:
        ws.merge_cells(merge)
    wb.save(path)
    return path


def test_header_variant_plain_first_row(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "a.xlsx", [
        ["序号", "姓名", "身份证号", "单位", "手机", "类别", "家庭人数", "家庭月收入", "开户行", "卡号"],
        [1, "张三", GOOD_ID, "农机站", "13812345678", "相对困难", 2, 3000, "农业银行", None],
    ])
    guess = detect_header(path)
    assert guess == HeaderGuess(1, {2: "name", 3: "id_number", 4: "work_unit", 5: "phone", 6: "category",
                                    7: "household_size", 8: "household_income_fen", 9: "bank_name",
                                    10: "bank_card"}, [], guess.titles)
    read = read_register(path)
    assert read.rows[0].values["household_income_fen"] == 300_000 and read.rejected == []


def test_header_variant_under_titles_with_units(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "b.xlsx", [
        ["黄平县旧州镇困难职工档案花名册"],
        [],
        ["单位（盖章）：", None, None, "2024年12月"],
        ["户主姓名", "身份证号码", "单位名称", "电话", "困难类别", "家庭人口", "月收入（元）", "开户银行", "账号",
         "住址", "民族", "性别"],
    ], merges=("A1:L1", "A3:C3"))
    guess = detect_header(path)
    assert guess.row == 4
    assert list(guess.mapping.values()) == ["name", "id_number", "work_unit", "phone", "category", "household_size",
                                            "monthly_income_fen", "bank_name", "bank_card", "address", "ethnicity",
                                            "sex"]


def test_header_variant_two_level_with_unknown_columns(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "c.xlsx", [
        ["2024年送温暖困难职工名单"],
        ["基本情况", None, None, None, "收入情况", None, "其他"],
        ["姓 名", "公民身份号码", "工作单位", "联系电话", "人均月收入", "开户银行", "是否党员", "备注"],
    ], merges=("A1:H1", "A2:D2", "E2:F2", "G2:H2"))
    guess = detect_header(path)
    assert guess.row == 3
    assert guess.mapping == {1: "name", 2: "id_number", 3: "work_unit", 4: "phone", 5: "per_capita_income_fen",
                             6: "bank_name", 8: "note"}
    assert guess.unknown == ["是否党员"]


def test_a_sheet_without_name_and_id_columns_is_refused_in_words(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "d.xlsx", [["姓名", "电话"], ["张三", "13812345678"]])
    with pytest.raises(ValidationFailed) as caught:
        read_register(path)
    assert caught.value.code == "register_header" and "身份证号" in caught.value.message


def test_names_are_read_in_one_spelling_and_symbols_refused(tmp_path: Path) -> None:
    """Issue 15: U+30FB (a GB2312 converter's dot) was refused, "John Smith" became "JohnSmith", ".." passed."""
    ids = [make_id("19700101", n) for n in range(1, 7)]
    path = _sheet(tmp_path / "n.xlsx", [["姓名", "身份证号"], ["阿依古丽\u30fb买买提", ids[0]], ["王〇", ids[1]],
                                        ["John Smith", ids[2]], ["..", ids[3]], ["李𠮷", ids[4]], ["张三3", ids[5]]])
    read = read_register(path)
    assert [r.values["name"] for r in read.rows] == ["阿依古丽·买买提", "王〇", "John Smith", "李𠮷"]
    assert [(r.row, r.reason.split("：")[0]) for r in read.rejected] == [
        (5, "姓名“..”没有文字，不像人名"), (7, "姓名“张三3”含有数字或符号“3”，不像人名")]


def test_a_file_that_is_not_xlsx_is_refused_in_words(tmp_path: Path) -> None:
    path = tmp_path / "旧表.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not a zip")
    with pytest.raises(ValidationFailed) as caught:
        list_sheets(path)
    assert caught.value.code == "register_file" and "另存为 .xlsx" in caught.value.message


def test_an_explicit_sheet_and_header_are_used(messy: tuple[Path, Expected, RegisterRead]) -> None:
    path, _, read = messy
    again = read_register(path, sheet="花名册", header=read.header)
    assert [r.row for r in again.rows] == [r.row for r in read.rows]


def test_progress_and_cancel(tmp_path: Path) -> None:
    rows = [["姓名", "身份证号"]] + [[f"张{i}", make_id("19800101", 1)] for i in range(1000)]
    path = _sheet(tmp_path / "big.xlsx", rows)
    calls: list[tuple[int, int]] = []
    read_register(path, progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1] == (1000, 1000) and len(calls) <= 101
    with pytest.raises(ReadCancelled):
        read_register(path, is_cancelled=lambda: True)


# --- the rejected rows, back to the clerk ---------------------------------------------------------

def test_rejected_rows_round_trip_with_reasons_and_formula_text_stays_text(
        messy: tuple[Path, Expected, RegisterRead], tmp_path: Path) -> None:
    _, _, read = messy
    out = write_rejected(read, tmp_path / "退回.xlsx")
    ws = load_workbook(out).active  # not data_only: a formula would come back as a formula
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER + ["原行号", "原因"]
    assert [r[-2] for r in rows[1:]] == [r.row for r in read.rejected]
    assert [r[-1] for r in rows[1:]] == [r.reason for r in read.rejected]
    by_row = {r[-2]: r for r in rows[1:]}
    assert by_row[14][1] == "=1+1"
    formula_cell = next(c for c in ws["B"] if c.value == "=1+1")
    assert formula_cell.data_type == "s"
    assert by_row[12][4] == GOOD_ID  # the original cells, as they were
    # the file can be fixed and read again: the same header is found
    assert detect_header(out).mapping[5] == "id_number"


# --- random sheets never make reading raise -------------------------------------------------------

_CELLS = st.one_of(
    st.none(),
    st.text(max_size=30).map(lambda s: ILLEGAL_CHARACTERS_RE.sub("", s)),
    st.text(alphabet="0123456789０１２３４５６７８９xX -./年月日元人,", max_size=25),
    st.integers(min_value=-10**19, max_value=10**19),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
    st.sampled_from(["=1+1", "+86 138", "-5", "@SUM(A1)", "合计", "说明：无", "#N/A", "x" * 3000, "3人",
                     "2000元", "1,500.00", "低保户", "男", "女", "5.22622198001011E+17", GOOD_ID.lower()]),
    st.builds(lambda: make_id("19800101", 1)),
)
_HEADERS = st.lists(st.sampled_from(["序号", "性别", "民族", "单位", "手机", "类别", "家庭人口", "月收入", "人均月收入",
                                     "家庭月收入", "卡号", "开户行", "致困原因", "住址", "建档日期", "出生日期",
                                     "工作状态", "政治面貌", "户口类型", "婚姻状况", "职工类型", "健康状况", "备注",
                                     "困难情况", "奇怪的列"]), max_size=8, unique=True)


def _write_random(rows: list[list[Any]], as_formula: bool) -> Path:
    path = Path(tempfile.mkdtemp(prefix="fuzz-")) / "r.xlsx"
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for line in ws.iter_rows():
        for cell in line:
            if isinstance(cell.value, str) and cell.value.startswith("=") and not as_formula:
                cell.data_type = "s"
    wb.save(path)
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 4), _HEADERS, st.lists(st.lists(_CELLS, max_size=12), max_size=12), st.booleans(),
       st.randoms(use_true_random=False))
def test_random_sheets_never_make_reading_raise(titles: int, extra: list[str], body: list[list[Any]],
                                                as_formula: bool, rnd: Any) -> None:
    header = ["姓名", "身份证号", *extra]
    rnd.shuffle(header)
    rows = [[f"标题{i}"] for i in range(titles)] + [header] + body
    path = _write_random(rows, as_formula)
    read = read_register(path)
    assert read.header.row == titles + 1
    seen = {r.row for r in read.rows} | {r.row for r in read.rejected} | {n for n, _ in read.skipped}
    assert len(seen) == len(read.rows) + len(read.rejected) + len(read.skipped)
    if read.rejected:
        write_rejected(read, path.with_name("rejected.xlsx"))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(_CELLS, max_size=8), max_size=8))
def test_random_sheets_without_a_header_fail_only_in_words(body: list[list[Any]]) -> None:
    path = _write_random(body, as_formula=True)
    try:
        read_register(path)
    except ValidationFailed as exc:
        assert exc.code == "register_header"


# --- every format offices keep registers in (issue 15 item 5) ---------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"
FORMATS = [("花名册.xlsx", "xlsx", ""), ("花名册.xls", "xls", ""), ("花名册.et", "xls", ""), ("花名册.ods", "ods", ""),
           ("花名册-utf8.csv", "csv", "UTF-8"), ("花名册-utf8-bom.csv", "csv", "UTF-8（带BOM）"),
           ("花名册-gbk.csv", "csv", "GBK"), ("花名册-gb18030.csv", "csv", "GB18030")]


def _people(read: RegisterRead) -> list[tuple[Any, ...]]:
    keys = ("name", "id_number", "sex", "birth_date", "work_unit", "phone", "category", "household_size",
            "per_capita_income_fen", "bank_name", "bank_card", "causes", "filed_date")
    return [(r.row, *(r.values.get(k) for k in keys)) for r in read.rows]


@pytest.mark.parametrize(("name", "file_format", "encoding"), FORMATS)
def test_every_format_reads_the_same_register(name: str, file_format: str, encoding: str) -> None:
    from tests.documents.fixtures import make_registers as made

    read = read_register(FIXTURES / name)
    assert (read.file_format, read.encoding) == (file_format, encoding)
    assert read.header.row == 3 and read.header.mapping[4] == "id_number"
    people = _people(read)
    rarest = name.endswith("gb18030.csv")
    assert [p[1] for p in people] == ["张三", "阿依古丽·买买提", "王〇", "赵六"] + (["李𠮷"] if rarest else [])
    assert [p[2] for p in people] == [*made.IDS[:3], made.LEGACY_15] + (made.IDS[3:] if rarest else [])
    assert people[0][3:] == ("男", dt.date(1980, 1, 1), "旧州镇农机站", "13812340001", "深度困难", 3, 50_000,
                             "农业银行", made.CARD, ("患重特大疾病",), made.FILED)
    assert people[1][3] == "女" and people[3][7] == "低保户"
    # the 18-digit ID typed as a number is refused, row named, in every format
    assert [(r.row, "存成了数字" in r.reason and "无法还原" in r.reason) for r in read.rejected] == [(8, True)]
    assert [(n, why) for n, why in read.skipped] == [(10 if rarest else 9, "合计行")]
    assert read.described() == (f"{encoding} 编码的CSV 文本" if encoding else read.described())


def test_every_format_gives_the_same_rows_as_the_xlsx() -> None:
    base = _people(read_register(FIXTURES / "花名册.xlsx"))
    for name, _, _ in FORMATS:
        if not name.endswith("gb18030.csv"):
            assert _people(read_register(FIXTURES / name)) == base, name


def test_the_format_is_told_by_the_bytes_not_the_name(tmp_path: Path) -> None:
    """An .xlsx saved under .xls (WPS does it) and an .xls under .et are read for what they are."""
    xlsx_as_xls = tmp_path / "其实是xlsx.xls"
    xlsx_as_xls.write_bytes((FIXTURES / "花名册.xlsx").read_bytes())
    assert read_register(xlsx_as_xls).file_format == "xlsx"
    ods_as_et = tmp_path / "表.et"
    ods_as_et.write_bytes((FIXTURES / "花名册.ods").read_bytes())
    assert read_register(ods_as_et).file_format == "ods"
    assert list_sheets(FIXTURES / "花名册.et") == [SheetInfo("花名册", 9)]


def test_text_in_no_known_encoding_and_foreign_files_are_refused_in_words(tmp_path: Path) -> None:
    big5 = tmp_path / "big5.csv"
    big5.write_bytes("姓名,身份證號\n張三,522622198001010130\n".encode("big5") + b"\xff\xfe\xfd")
    with pytest.raises(ValidationFailed) as caught:
        read_register(big5)
    assert caught.value.code == "register_file" and "编码" in caught.value.message
    pdf = tmp_path / "花名册.pdf"
    pdf.write_bytes(b"%PDF-1.4 not a table")
    with pytest.raises(ValidationFailed) as caught:
        list_sheets(pdf)
    assert caught.value.code == "register_file" and ".xls" in caught.value.message and ".csv" in caught.value.message


def test_a_tab_separated_unicode_text_is_read(tmp_path: Path) -> None:
    """Excel's "Unicode 文本 (*.txt)": UTF-16 with a BOM, tabs between the cells."""
    from tests.documents.fixtures import make_registers as made

    path = tmp_path / "花名册.txt"
    path.write_bytes(made.csv_text(made.ROWS).replace(",", "\t").encode("utf-16"))
    read = read_register(path)
    assert (read.file_format, read.encoding) == ("csv", "UTF-16")
    assert _people(read) == _people(read_register(FIXTURES / "花名册.xlsx"))


def test_an_excel_error_value_is_refused_not_read_as_blank(tmp_path: Path) -> None:
    """python-calamine reads #N/A as an empty cell; a bank card column of #N/A must not import as no card."""
    path = _sheet(tmp_path / "e.xlsx", [["姓名", "身份证号", "银行卡号"], ["张三", GOOD_ID, "#N/A"]])
    read = read_register(path)
    assert read.rows == [] and "错误值" in read.rejected[0].reason and "#N/A" in read.rejected[0].reason


def test_the_error_cell_scan_finds_every_error_cell_from_the_first_hash_on(tmp_path: Path) -> None:
    """The scan for t="e" starts shortly before the sheet's first "#" (an error's value begins with one): it gives
    what a search of the whole XML gives, with the error cell many pieces into the sheet, its "#" in a later
    piece than its t="e" (a long formula between), and a "#" in text long before it."""
    import random
    import zipfile

    from songnuan_desktop.documents.register_reader import _has_error_cell

    rnd = random.Random(3)

    def text(size: int) -> str:  # barely compressible: the sheet is read in many pieces
        return "".join(rnd.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(size))

    def cell(row: int, inner: str, kind: str = "inlineStr") -> str:
        return f'<c r="A{row}" t="{kind}">{inner}</c>'

    filler = "".join(cell(n, f"<is><t>{text(200)}</t></is>") for n in range(1, 3000))
    error = cell(3000, f"<f>{text(200_000)}</f><v>#N/A</v>", "e")
    sheets = {"none": filler, "hash_only": filler + cell(3001, "<is><t>备注#1</t></is>"), "error_late": filler + error,
              "hash_then_error": cell(1, "<is><t>#1</t></is>") + filler + error}
    path = tmp_path / "sheets.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in sheets.items():
            archive.writestr(name, f"<worksheet><sheetData>{body}</sheetData></worksheet>")
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("error_late").compress_size > 4 * 65536
        for name, body in sheets.items():
            assert _has_error_cell(archive, name) is ('t="e"' in body), name


def test_the_rejected_rows_report_is_written_whole_or_not_at_all(
        messy: tuple[Path, Expected, RegisterRead], tmp_path: Path) -> None:
    """A failure part-way leaves the clerk's earlier report as it was and no temporary file beside it."""
    _, _, read = messy
    out = write_rejected(read, tmp_path / "退回.xlsx")
    before = out.read_bytes()

    class Unprintable:
        def __str__(self) -> str:
            raise RuntimeError("disk full")

    broken = RegisterRead(read.sheet, read.header, [], [*read.rejected, RejectedRow(99, "坏", [Unprintable()])], [])
    with pytest.raises(RuntimeError):
        write_rejected(broken, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["退回.xlsx"]


def test_a_note_that_begins_with_a_total_word_does_not_drop_the_person(tmp_path: Path) -> None:
    """Only a row that says 合计 first (or has no ID) is a total row: 备注 共计两人住院 is a person's note."""
    path = _sheet(tmp_path / "t.xlsx", [
        ["序号", "姓名", "身份证号", "备注"],
        [1, "张三", GOOD_ID, "共计两人住院"],
        [None, None, "合计", 1],
        [None, "小计：1人", None, None],
    ])
    read = read_register(path)
    assert [r.row for r in read.rows] == [2] and read.rows[0].values["note"] == "共计两人住院"
    assert read.skipped == [(3, "合计行"), (4, "合计行")]
