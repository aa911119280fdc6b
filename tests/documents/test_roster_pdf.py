"""The roster's cell fitting: whatever the text, it stays inside its cell (long names and units shrink
or wrap within the fixed row height; numbers and codes shrink on one line, never broken)."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from songnuan_desktop.documents.fonts import cjk_font
from songnuan_desktop.documents.roster_pdf import MIN_SIZE, ONE_LINE, PAD, ROW_H, columns, fit

TEXTS = ("张三", "阿卜杜热合曼·买买提明", "欧阳诸葛慕容司马上官端木", "黄平县旧州古镇旅游开发有限公司",
         "贵州省黔东南苗族侗族自治州黄平县旧州镇古城社区居民委员会第三居民小组（临时工，农民工）" * 2,
         "52262219800101123X", "2026-SWN01-000007", "13985511027", "1,234,567.89", "银行卡\n尾号1234")


@pytest.mark.parametrize("public", [False, True])
def test_every_text_fits_every_cell(public: bool) -> None:
    font = cjk_font().name
    for col in columns(public):
        inner = col.width - 2 * PAD
        for text in TEXTS:
            size, lines = fit(text, font, inner, ROW_H - 2, 8.0, col.key in ONE_LINE)
            assert "".join(lines) == text.replace("\n", "")  # nothing dropped
            assert all(stringWidth(line, font, size) <= inner + 0.01 for line in lines), (col.key, text)
            assert len(lines) * size * 1.15 <= ROW_H - 2 + 0.01, (col.key, text)
            if col.key in ONE_LINE and "\n" not in text:
                assert len(lines) == 1
            if col.key in ("name", "unit") and len(text) <= 40:  # what a roster holds stays readable
                assert size >= MIN_SIZE, (col.key, text, size)
