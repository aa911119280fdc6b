"""密钥登记表: the one page an office takes to the other side once, so its signing key can be registered.

Office name, level and region code, the public key's fingerprint in large type (16 groups of 4, in four
lines, the first four groups marked: what is typed to confirm a key taken from a package), the date the key
was made and the date printed, signature lines for 经办人 and 负责人, and a box for the office's seal. It
carries nothing personal: the fingerprint identifies a public key, not a person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from songnuan_desktop.documents.fonts import PdfFont
from songnuan_desktop.domain.paper_dates import date_text

TITLE = "送暖报送签名密钥登记表"
WIDTH, HEIGHT = A4
LEFT, RIGHT = 22 * mm, WIDTH - 22 * mm


@dataclass(frozen=True)
class KeySheet:
    office_name: str
    level: str  # 乡镇（街道）工会 | 县总工会
    region_code: str
    fingerprint: str  # 3F2A-91C0-… (16 groups)
    key_made: dt.date
    printed: dt.date


def _groups(fingerprint: str) -> list[list[str]]:
    groups = fingerprint.split("-")
    return [groups[i:i + 4] for i in range(0, len(groups), 4)]


def _facts(c: Canvas, sheet: KeySheet, font: str, top: float) -> float:
    rows = (("单位名称", sheet.office_name), ("单位级别", sheet.level), ("行政区划代码", sheet.region_code),
            ("密钥生成日期", date_text(sheet.key_made)), ("本表打印日期", date_text(sheet.printed)))
    y = top
    for label, value in rows:
        c.setFont(font, 12)
        c.drawString(LEFT, y, f"{label}：")
        c.setFont(font, 14)
        c.drawString(LEFT + 34 * mm, y, value)
        c.line(LEFT + 33 * mm, y - 2 * mm, RIGHT, y - 2 * mm)
        y -= 11 * mm
    return y


def _fingerprint(c: Canvas, sheet: KeySheet, font: str, top: float) -> float:
    c.setFont(font, 12)
    c.drawString(LEFT, top, "公钥指纹（SHA-256）：")
    box_top, line_h = top - 6 * mm, 15 * mm
    lines = _groups(sheet.fingerprint)
    c.rect(LEFT, box_top - line_h * len(lines) - 4 * mm, RIGHT - LEFT, line_h * len(lines) + 4 * mm)
    col = (RIGHT - LEFT - 16 * mm) / 4
    for n, groups in enumerate(lines):
        y = box_top - (n + 1) * line_h + 2 * mm
        c.setFont(font, 9)
        c.drawString(LEFT + 3 * mm, y + 2 * mm, f"{n * 4 + 1}–{n * 4 + 4}")
        for k, group in enumerate(groups):
            x = LEFT + 16 * mm + k * col
            c.setFont("Courier-Bold", 26)
            c.drawString(x, y, group)
            if n == 0:  # the groups typed to confirm a key taken from a package
                c.line(x, y - 1.5 * mm, x + c.stringWidth(group, "Courier-Bold", 26), y - 1.5 * mm)
    return box_top - line_h * len(lines) - 10 * mm


def _instructions(c: Canvas, font: str, top: float) -> float:
    lines = (
        "用途：上级（或下级）单位据此登记本单位的签名密钥，此后只接收用这把密钥签名的报送包或下发包。",
        "登记：在对方的送暖程序中“登记密钥”，逐组输入上面的16组指纹；或导入本单位第一个包时，",
        "      输入带下划线的前4组确认。指纹不符时不要登记，请直接与本单位联系。",
        "更换电脑或重装后本单位会生成新密钥，须重新打印本表交对方登记，旧密钥随之停用。",
    )
    c.setFont(font, 10.5)
    y = top
    for text in lines:
        c.drawString(LEFT, y, text)
        y -= 6.5 * mm
    return y


def _signatures(c: Canvas, font: str, top: float) -> None:
    c.setFont(font, 12)
    y = top - 8 * mm
    c.drawString(LEFT, y, "经办人（签字）：")
    c.line(LEFT + 32 * mm, y - 1.5 * mm, LEFT + 80 * mm, y - 1.5 * mm)
    c.drawString(LEFT, y - 16 * mm, "负责人（签字）：")
    c.line(LEFT + 32 * mm, y - 17.5 * mm, LEFT + 80 * mm, y - 17.5 * mm)
    c.drawString(LEFT, y - 32 * mm, "日期：")
    c.line(LEFT + 32 * mm, y - 33.5 * mm, LEFT + 80 * mm, y - 33.5 * mm)
    seal = 42 * mm
    c.setDash(3, 3)
    c.rect(RIGHT - seal, y - 36 * mm, seal, seal)
    c.setDash()
    c.drawCentredString(RIGHT - seal / 2, y - 36 * mm - 6 * mm, "单位盖章")
    c.setFont(font, 9)
    c.drawString(LEFT, 16 * mm, "接收单位登记人：____________    登记日期：____________    （本表由接收单位留存）")


def write_key_sheet(sheet: KeySheet, path: Path, font: PdfFont, heading: PdfFont | None = None) -> None:
    """The one-page sheet written to `path`."""
    c = Canvas(str(path), pagesize=A4)
    c.setTitle(f"{TITLE} — {sheet.office_name}")
    c.setFont((heading or font).name, 20)
    c.drawCentredString(WIDTH / 2, HEIGHT - 30 * mm, TITLE)
    y = _facts(c, sheet, font.name, HEIGHT - 50 * mm)
    y = _fingerprint(c, sheet, font.name, y - 2 * mm)
    y = _instructions(c, font.name, y)
    _signatures(c, font.name, y)
    c.showPage()
    c.save()
