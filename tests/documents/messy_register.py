"""Writes a register as offices really send them (every trap the reader must handle) and says what
reading it must give: which rows are valid (with which warnings), rejected (with which words in the
reason) or skipped.

The register is on the second sheet, after a 填表说明 sheet; it has a merged title and a 填报单位 line
above the header, header names of one office's own, and under the table a 合计 row and notes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from stdnum import luhn
from stdnum.cn import ric

REGION = "522622"  # 黄平县


def make_id(born: str, sequence: int = 1, sex: str = "男", check: str | None = None) -> str:
    """A valid 18-digit ID born on `born` (YYYYMMDD); `check` asks for a check digit such as "X"."""
    for seq in range(sequence, sequence + 500):
        order = f"{seq:02d}{(1 if sex == '男' else 0) + 2 * (seq % 5)}"
        body = REGION + born + order
        digit = ric.calc_check_digit(body + "0")  # stdnum wants a placeholder check digit
        if check is None or digit == check:
            return body + digit
    raise AssertionError("no such number")


def make_card(prefix: str = "622848", length: int = 19) -> str:
    body = (prefix + "0123456789" * 2)[: length - 1]
    return body + luhn.calc_check_digit(body)


def to_fullwidth(text: str) -> str:
    return text.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))


@dataclass
class Expected:
    valid: dict[int, list[str]] = field(default_factory=dict)  # row → words each warning list must hold
    rejected: dict[int, list[str]] = field(default_factory=dict)  # row → words the reason must hold
    skipped: dict[int, str] = field(default_factory=dict)  # row → word the why must hold
    values: dict[int, dict[str, Any]] = field(default_factory=dict)  # row → values that must be read
    sheet: str = "花名册"
    header_row: int = 3


HEADER = ["序号", "姓名", "性别", "民族", "公民身份号码", "工作单位", "联系电话", "困难类别", "家庭人口",
          "人均月收入（元）", "开户银行", "银行卡号", "致困原因", "家庭住址", "建档日期", "备注"]

GOOD_ID = make_id("19800101", 1)
CARD = make_card()
BAD_CARD = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
X_ID = make_id("19751203", 3, check="X")
LEGACY_15 = make_id("19650315", 5)  # its 15-digit form is what the old register holds
LEGACY_NUMBER = int(LEGACY_15[:6] + LEGACY_15[8:17])
LOST_INT = int(make_id("19900707", 7)[:15]) * 1000  # as Excel keeps an 18-digit number: 15 digits, then zeros
LOST_FLOAT = float(make_id("19881111", 9))  # shown by Excel as 5.22622198811E+17
WOMAN_ID = make_id("19820202", 11, sex="女")


def _person(seq: int, name: str, id_cell: Any, **cells: Any) -> list[Any]:
    row = {"序号": seq, "姓名": name, "性别": None, "民族": "汉族", "公民身份号码": id_cell, "工作单位": "旧州镇农机站",
           "联系电话": "13812345678", "困难类别": "深度困难", "家庭人口": 3, "人均月收入": 500,
           "开户银行": "农业银行", "银行卡号": CARD, "致困原因": "患重特大疾病", "家庭住址": "旧州镇西街1号",
           "建档日期": dt.datetime(2024, 1, 5), "备注": None}
    row.update(cells)
    return [row[h.removesuffix("（元）")] for h in HEADER]


def _rows() -> list[tuple[list[Any], str, Any]]:
    """(cells, outcome, detail); outcome is valid / rejected / skipped; rows start at 4."""
    return [
        (_person(1, "张三", GOOD_ID, 性别="男"), "valid", []),
        (_person(2, "李四", LOST_INT), "rejected", ["身份证号", "存成了数字", "15位有效数字", "无法还原", "文本"]),
        (_person(3, "王五", LOST_FLOAT), "rejected", ["身份证号", "存成了数字", "无法还原"]),
        (_person(4, "赵六", LEGACY_NUMBER, 困难类别="低保户"), "valid", []),
        (_person(5, "钱 七", " " + to_fullwidth(X_ID[:6]) + " " + X_ID[6:].lower() + " ", 困难类别="特困",
                 家庭人口="3人", 人均月收入="2000元"), "valid", []),
        (_person(6, "孙八", make_id("19700505", 13), 人均月收入="1,500.00", 家庭人口="４人",
                 联系电话=13912345678, 建档日期=45296), "valid", []),
        ([None] * len(HEADER), "skipped", "空行"),
        (_person(7, "周九", WOMAN_ID, 性别="男", 困难类别="意外致困户"), "valid", ["性别", "男", "女", "身份证号"]),
        (_person(8, "张三", GOOD_ID, 联系电话="13700001111"), "rejected", ["第4行", "同一人"]),
        (_person(9, "吴十", make_id("19610101", 15), 困难类别="很困难"), "rejected",
         ["困难类别", "很困难", "深度困难"]),
        (_person(10, "=1+1", make_id("19620101", 17)), "rejected", ["姓名", "=1+1"]),
        (_person(11, "郑一", GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")), "rejected", ["身份证号", "校验位"]),
        (_person(12, "冯二", make_id("19630101", 19), 联系电话="8221234"), "rejected", ["联系电话", "8221234", "区号"]),
        (_person(13, "陈三", make_id("19640101", 21), 银行卡号=BAD_CARD, 建档日期="2024.1.5"), "valid",
         ["银行卡号", "校验"]),
        (_person(14, "褚四", None), "rejected", ["身份证号为空"]),
        (_person(15, "卫五", make_id("19660101", 23), 家庭人口="很多"), "rejected", ["家庭人口", "很多"]),
        (_person(16, "蒋六", make_id("19670101", 25), 人均月收入="五百块"), "rejected", ["人均月收入", "五百块"]),
        ([None] * len(HEADER), "skipped", "空行"),
        (["合计", None, None, None, None, None, None, None, 23, 7000], "skipped", "合计"),
        (["说明：1. 身份证号请设为文本格式。2. 困难类别按新标准填写。"], "skipped", "说明"),
        ([None, "制表人：王芳", None, None, "审核人：李强"], "skipped", "说明"),
    ]


def write_messy_register(path: Path) -> Expected:
    wb = Workbook()
    guide = wb.active
    guide.title = "填表说明"
    guide.append(["本表由各基层工会填报，一户一行。"])
    guide.append(["身份证号一列请设为文本格式。"])
    ws = wb.create_sheet("花名册")
    ws.append(["旧州镇2024年困难职工花名册"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(["填报单位：旧州镇总工会", None, None, None, None, None, None, None, None, None, "填报日期：2024年12月"])
    ws.merge_cells("A2:J2")
    ws.append(HEADER)
    exp = Expected()
    for number, (cells, outcome, detail) in enumerate(_rows(), start=4):
        ws.append(cells)
        if outcome == "valid":
            exp.valid[number] = detail
        elif outcome == "rejected":
            exp.rejected[number] = detail
        else:
            exp.skipped[number] = detail
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula, as typed after an apostrophe
    exp.values[4] = {"name": "张三", "id_number": GOOD_ID, "sex": "男", "birth_date": dt.date(1980, 1, 1),
                     "ethnicity": "汉族", "work_unit": "旧州镇农机站", "phone": "13812345678", "category": "深度困难",
                     "household_size": 3, "per_capita_income_fen": 50_000, "bank_name": "农业银行", "bank_card": CARD,
                     "causes": ("患重特大疾病",), "address": "旧州镇西街1号", "filed_date": dt.date(2024, 1, 5)}
    exp.values[7] = {"id_number": LEGACY_15, "category": "低保户", "birth_date": dt.date(1965, 3, 15)}
    exp.values[8] = {"name": "钱七", "id_number": X_ID, "category": "特困", "household_size": 3,
                     "per_capita_income_fen": 200_000}
    exp.values[9] = {"per_capita_income_fen": 150_000, "household_size": 4, "phone": "13912345678",
                     "filed_date": dt.date(2024, 1, 5)}
    exp.values[11] = {"sex": "女", "category": "意外致困户"}
    exp.values[17] = {"bank_card": BAD_CARD, "filed_date": dt.date(2024, 1, 5)}
    wb.save(path)
    return exp
