"""The bank list as a PDF for the bank counter (issue 14 item 2), read back with pdftotext: one section per
开户行 whose 小计 equals its rows, a 汇总 whose 合计 equals the list's total, the payer, the signing places and
the seal, A4 landscape with 第 X 页 共 Y 页; rare characters drawn or refused (issue 15 item 4)."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from songnuan_desktop.documents.bank_list_pdf import card_text, write_bank_list_pdf
from songnuan_desktop.documents.bank_list_xlsx import BankList, BankRow, Payer
from songnuan_desktop.documents.fonts import cjk_font
from songnuan_desktop.documents.glyphs import MissingGlyphs
from songnuan_desktop.domain.money import format_fen

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")

AMOUNT = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})*\.\d\d(?![\d])")
HANAZONO = Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf")
BANKS = ("中国农业银行", "黄平县农村信用合作联社", "中国农业银行", "中国邮政储蓄银行", "黄平县农村信用合作联社",
         "中国农业银行")


def bank_doc(rows: int = 6, **changes: object) -> BankList:
    made = tuple(BankRow(f"户主{'一二三四五六七八九十'[n % 10]}{'甲乙丙丁'[n // 10 % 4]}", f"52262219751111{n:03d}X",
                         f"622848788503419{n:04d}", BANKS[n % len(BANKS)], "旧州支行", 50_000 + n * 1_001,
                         f"2026-JQZX01-{n + 1:06d}", f"JZ-2024-{n:04d}") for n in range(rows))
    doc = BankList("旧州镇总工会2026年金秋助学银行代发清单",
                   "批次号：2026-JQZX01　制表人：吴晓燕　制表日期：2026年12月5日",
                   made, ("另有 1 户档案中没有银行卡，现金发放。",),
                   Payer("旧州镇总工会", "2405 0101 0400 12345", "中国农业银行黄平县支行"))
    return dataclasses.replace(doc, **changes)  # type: ignore[arg-type]


def pages_of(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def sections_read_back(pages: list[str]) -> tuple[dict[str, tuple[int, int, int]], list[str]]:
    """{bank: (rows read, sum of the rows' amounts, 小计 printed)} and the summary pages' lines."""
    found: dict[str, tuple[int, int, int]] = {}
    summary: list[str] = []
    bank, rows, total = "", 0, 0
    for page in pages:
        lines = page.splitlines()
        if any("（汇总）" in line for line in lines[:3]):
            summary += lines
            continue
        for line in lines:
            head = re.search(r"开户银行：(\S+)\s+共\s*(\d+)\s*笔", line)
            if head:
                bank, rows, total = head.group(1), 0, 0
            elif re.match(r"\s*\d+\s+\S", line) and AMOUNT.search(line) and bank:
                rows, total = rows + 1, total + _fen(AMOUNT.findall(line)[-1])
            elif re.match(r"\s*小计", line):
                found[bank] = (rows, total, _fen(AMOUNT.findall(line)[0]))
    return found, summary


def _fen(text: str) -> int:
    yuan, cents = text.replace(",", "").split(".")
    return int(yuan) * 100 + int(cents)


def test_each_bank_section_adds_up_and_the_summary_is_the_total(tmp_path: Path) -> None:
    doc = bank_doc(40)
    out = tmp_path / "bank.pdf"
    pages = write_bank_list_pdf(doc, out, cjk_font())
    reader = PdfReader(str(out))
    assert pages == len(reader.pages) >= 4
    assert all(float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages)  # A4 landscape
    text = pages_of(out)
    assert all(f"第{n}页共{pages}页" in re.sub(r"\s+", "", page) for n, page in enumerate(text, start=1))
    found, summary = sections_read_back(text)
    expected = {bank: rows for bank, rows in doc.sections()}
    assert set(found) == set(expected)
    for bank, (count, summed, printed) in found.items():
        assert count == len(expected[bank]) and summed == printed == sum(r.amount_fen for r in expected[bank]), bank
    total_line = next(line for line in summary if re.match(r"\s*合计", line))
    assert _fen(AMOUNT.findall(total_line)[0]) == doc.total_fen == sum(t for _c, _s, t in found.values())
    assert f"{len(found)} 家银行" in total_line and str(len(doc.rows)) in total_line
    whole = "\n".join(text)
    for expected_text in ("付款单位户名：旧州镇总工会", "付款账号：2405 0101 0400 12345",
                          "开户行：中国农业银行黄平县支行",
                          "制表人（签字）：", "复核人（签字）：", "负责人（签字）：", "（单位盖章）", "现金发放",
                          card_text(doc.rows[0].card), doc.rows[0].id_number, doc.rows[0].voucher_no):
        assert whole.count(expected_text) >= 1, expected_text
    assert whole.count("（单位盖章）") == len(found) + 1  # each bank's pages and the summary are signed


def test_blank_payer_lines_to_fill_by_hand(tmp_path: Path) -> None:
    out = tmp_path / "blank.pdf"
    write_bank_list_pdf(bank_doc(3, payer=Payer()), out, cjk_font())
    whole = "\n".join(pages_of(out))
    assert "付款单位户名：＿＿＿" in whole and "付款账号：＿＿＿" in whole


@pytest.mark.skipif(not HANAZONO.is_file(), reason="fonts-hanazono is not installed (.ci/run installs it)")
def test_rare_names_are_drawn_and_a_missing_glyph_refuses_the_list(tmp_path: Path) -> None:
    doc = bank_doc(3)
    rows = (dataclasses.replace(doc.rows[0], name="王䶮"), dataclasses.replace(doc.rows[1], name="李𠮷"),
            dataclasses.replace(doc.rows[2], name="张𪚥"))
    out = tmp_path / "rare.pdf"
    write_bank_list_pdf(dataclasses.replace(doc, rows=rows), out, cjk_font())
    whole = "\n".join(pages_of(out))
    assert all(name in whole for name in ("王䶮", "李𠮷", "张𪚥")), whole
    missing = dataclasses.replace(doc, rows=(dataclasses.replace(doc.rows[0], name="王\U00031350"),))
    with pytest.raises(MissingGlyphs) as refused:
        write_bank_list_pdf(missing, tmp_path / "refused.pdf", cjk_font())
    assert f"代发对象 王\U00031350（档案 {doc.rows[0].file_no}）的户名" in refused.value.message
    assert not (tmp_path / "refused.pdf").exists()


def test_amounts_print_as_money() -> None:
    assert format_fen(5_000_000) == "50,000.00" and card_text("6228487885034190001") == "6228 4878 8503 4190 001"
