"""Every .xlsx we write prints (issue 14 item 5): fit to one page wide, repeated header rows, page numbers —
read back with openpyxl from each writer; and the bank list's per-bank sections add up (item 2)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from songnuan_desktop.documents.bank_list_xlsx import BankList, BankRow, Payer, write_bank_list
from songnuan_desktop.documents.county_report_xlsx import write_county_report
from songnuan_desktop.documents.register_template import write_register_template
from songnuan_desktop.documents.register_writer import FIELDS, write_register
from songnuan_desktop.documents.xlsx_stream import Column, SheetWriter

BANKS = ("中国农业银行", "黄平县农村信用合作联社", "中国农业银行", "中国邮政储蓄银行", "黄平县农村信用合作联社",
         "中国农业银行")
BANK_ROWS = tuple(BankRow(f"户主{'一二三四五六'[n]}", "52262219751111791" + str(n), "622848788503419840" + str(n),
                          bank, "旧州支行", 50_000 + n * 1_001, f"JQ-2026-{n + 1:04d}", f"JZ-{n:03d}")
                  for n, bank in enumerate(BANKS))
BANK_DOC = BankList("旧州镇总工会2026年金秋助学银行代发清单", "批次号：2026-JQ　制表人：吴晓燕",
                    BANK_ROWS, ("另有 1 户现金发放。",), Payer("旧州镇总工会", "", ""))


def _bank(path: Path) -> None:
    write_bank_list(BANK_DOC, path)


def _county(path: Path) -> None:
    table = SimpleNamespace(title="按乡镇", headers=["乡镇", "批准人次", "批准金额（元）"],
                            rows=[["旧州镇", 3, 150_000]], totals=["合计", 3, 150_000], money_columns=(2,))
    finding = SimpleNamespace(title="重复发放", headers=["序号", "乡镇", "依据"], rows=[[1, "旧州镇", "同一人两次"]],
                              totals=None, money_columns=())
    write_county_report(path, "黄平县总工会汇总统计", [table], header_lines=["制表单位：黄平县总工会"],
                        findings=[finding])


def _register(path: Path) -> None:
    write_register([["JZ-001", *([""] * (len(FIELDS) - 1))]], path, "登记表", "导出", 1)


def _template(path: Path) -> None:
    write_register_template(path)


def _stream(path: Path) -> None:  # as services/visit_exports.export_xlsx and worker_export write
    with SheetWriter(path, "走访安排", [Column(10), Column(12, "money")], print_title_rows=(2, 2)) as sheet:
        sheet.row(["走访安排"], "title", merge=True)
        sheet.row(["户名", "金额"], "header")
        sheet.row(["张三", Decimal("1.00")])


WRITERS: dict[str, Callable[[Path], None]] = {"bank_list": _bank, "county_report": _county,
                                              "register_export": _register, "register_template": _template,
                                              "visit_export_stream": _stream}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_every_xlsx_is_set_up_to_print(writer: str, tmp_path: Path) -> None:
    path = tmp_path / f"{writer}.xlsx"
    WRITERS[writer](path)
    book = load_workbook(path)
    for sheet in book.worksheets:
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.page_setup.paperSize in (9, "9")
        assert sheet.print_title_rows, sheet.title
        assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页", sheet.title
        header = int(str(sheet.print_title_rows).split(":")[0].lstrip("$"))
        cell = sheet.cell(row=header, column=1)
        assert cell.font.name == "宋体" and cell.border.left.style == "thin", sheet.title


def test_each_bank_section_adds_up_and_the_summary_is_the_campaign_total(tmp_path: Path) -> None:
    path = tmp_path / "代发.xlsx"
    assert write_bank_list(BANK_DOC, path) == len(BANK_ROWS)
    book = load_workbook(path)
    assert book.sheetnames == ["中国农业银行", "黄平县农村信用合作联社", "中国邮政储蓄银行", "汇总"]
    summed = Decimal(0)
    for name in book.sheetnames[:-1]:
        rows = list(book[name].iter_rows(values_only=True))
        body = [r for r in rows if isinstance(r[0], int)]
        subtotal = next(r for r in rows if r[0] == "小计")
        assert Decimal(str(subtotal[5])) == sum(Decimal(str(r[5])) for r in body)
        assert subtotal[1] == f"{len(body)} 笔" and len(body) == BANKS.count(name)
        assert {r[2] for r in body} <= {r.id_number for r in BANK_ROWS}  # IDs as text, every digit
        assert "（单位盖章）" in [c for r in rows for c in r]
        assert [c for r in rows for c in r if isinstance(c, str) and c.endswith("（签字）：")] == [
            "制表人（签字）：", "复核人（签字）：", "负责人（签字）："]
        summed += Decimal(str(subtotal[5]))
    summary = list(book["汇总"].iter_rows(values_only=True))
    total = next(r for r in summary if r[0] == "合计")
    assert Decimal(str(total[3])) == summed == Decimal(BANK_DOC.total_fen) / 100
    assert total[2] == len(BANK_ROWS)
    payer = summary[2][0]
    assert "付款单位户名：旧州镇总工会" in payer and "付款账号：＿＿" in payer  # blank to fill by hand
    assert book["汇总"].page_setup.orientation == "landscape"
