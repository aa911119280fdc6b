"""Where everything on one part of a voucher goes, the part's fixed drawing, and text that fits its box.

A part is 190 mm wide; its height is what the page gives it (two or three parts on A4), the rows
growing from their base heights by weight. Coordinates are points from the part's lower left corner.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

if TYPE_CHECKING:
    from songnuan_desktop.documents.voucher_pdf import VoucherSet

TITLE = "困难补助资金发放凭证"
WIDTH = 190 * mm
STRIP = 7 * mm  # the part's name, set vertically at the right edge as on printed multi-part forms
GRID_W = WIDTH - STRIP
QR_COL = 28 * mm
QR_SIZE = 24 * mm
LABEL_W = 18 * mm
FIELD, LABEL, SMALL, MIN_SIZE = 10.0, 9.0, 7.5, 5.0
PAD = 1.4 * mm
LABEL_BG = colors.HexColor("#f0f0f0")
INK = colors.HexColor("#222222")
ORDINALS = "一二三"
KEEPER = {"存根联": "单位留存", "领款人联": "交领款人", "记账联": "财务记账"}
# (name, base height in mm, weight of the spare height it takes)
ROWS = (("title", 11, 1.0), ("header", 6.5, 0.5), ("r1", 8, 1.0), ("r2", 8, 1.0), ("r3", 8, 1.0),
        ("r4", 9, 1.0), ("r5", 8, 1.0), ("sign", 22, 4.0), ("footer", 8, 1.5))
# The columns of rows r1–r3 left of the QR code: label, value, label, value, label, value.
COLUMNS_MM = (18, 32, 18, 37, 18, 32)
SIGN_COLUMNS_MM = (18, 47, 10, 26, 12, 70)  # 领款人签字, box, 手印, box, 代领人, proxy lines
# The header line: where its labels start and the boxes of its values (left, right), in mm; the number
# runs from its start to the part's right edge.
HEADER_LABELS_MM = {"填发单位：": 0, "填发日期：": 90, "No.": 139, "number": 145.5}
HEADER_BOXES_MM = {"office": (16, 88), "issued": (106, 138.5)}
FOOTER_AT = ((0, 68), (82, 46), (136, 46))  # (x, width) in mm of 负责人, 审核人, 经办人 with their names
SIGN_LABELS = (("领款人", "签字"), ("手", "印"), ("代", "领", "人"))


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float


@dataclass
class Layout:
    part_h: float
    gap: float
    rows: dict[str, Box] = field(default_factory=dict)
    cells: dict[str, Box] = field(default_factory=dict)  # the voucher's own values
    labels: list[tuple[str, Box]] = field(default_factory=list)

    @classmethod
    def for_parts(cls, parts: int, height: float) -> Layout:
        gap = (5 if parts == 3 else 9) * mm
        part_h = (height - gap * (parts - 1)) / parts
        layout = cls(part_h, gap)
        base = sum(h for _, h, _ in ROWS) * mm
        spare = max(0.0, part_h - base)
        weight = sum(w for _, _, w in ROWS)
        top = part_h
        for name, h, w in ROWS:
            height_pt = h * mm + spare * w / weight
            top -= height_pt
            layout.rows[name] = Box(0, top, GRID_W, height_pt)
        layout._grid()
        return layout

    def _grid(self) -> None:
        xs = _edges(COLUMNS_MM)
        for row, spec in (("r1", ("领款人", "payee", "身份证号", "id", "档案编号", "file_no")),
                          ("r3", ("困难类别", "category", "帮扶项目", "item", "资金来源", "fund"))):
            self._row(row, spec, xs)
        body = xs[-1]
        self._row("r2", ("工作单位", "unit"), [0, LABEL_W, body])
        self._row("r4", ("大写金额", "capitals", "小写金额", "figures"), [0, xs[1], xs[4], xs[5], body])
        self._row("r5", ("发放方式", "payout", "所属活动", "campaign"), [0, xs[1], xs[4], xs[5], GRID_W])
        head = self.rows["header"]
        for key, (left, right) in HEADER_BOXES_MM.items():
            self.cells[key] = Box(left * mm, head.y, (right - left) * mm, head.h)

    def _row(self, row: str, spec: tuple[str, ...], xs: list[float]) -> None:
        band = self.rows[row]
        for n, text in enumerate(spec):
            box = Box(xs[n], band.y, xs[n + 1] - xs[n], band.h)
            if n % 2 == 0:
                self.labels.append((text, box))
            else:
                self.cells[text] = box

    @property
    def grid_top(self) -> float:
        return self.rows["r1"].y + self.rows["r1"].h

    @property
    def grid_bottom(self) -> float:
        return self.rows["sign"].y

    @property
    def qr_box(self) -> Box:
        top, bottom = self.grid_top, self.rows["r4"].y
        return Box(GRID_W - QR_COL, bottom, QR_COL, top - bottom)

    NUMBER_ROOM = WIDTH - HEADER_LABELS_MM["number"] * mm

    @property
    def number_at(self) -> tuple[float, float]:
        head = self.rows["header"]
        return HEADER_LABELS_MM["number"] * mm, baseline(head, 11.5)


def _edges(columns_mm: Iterable[float]) -> list[float]:
    xs = [0.0]
    for w in columns_mm:
        xs.append(xs[-1] + w * mm)
    return xs


def baseline(box: Box, size: float, lines: int = 1) -> float:
    """The first baseline of `lines` lines of `size` centred in `box` (CJK faces: ink ≈ 0.8 up, 0.2 down)."""
    block = size * 1.18 * lines
    return box.y + (box.h + block) / 2 - size * 0.93


@functools.lru_cache(maxsize=4096)
def width(text: str, font: str, size: float) -> float:
    """stringWidth, remembered: the same category, item, fund and campaign come back on every voucher."""
    return stringWidth(text, font, size)


def fit(text: str, box: Box, font: str, size: float, floor: float = MIN_SIZE) -> tuple[float, list[str]]:
    """The largest size ≤ `size` at which `text` fits `box` (inside its padding), and its lines:
    one line set smaller first, down to 80 % of the size; then wrapped, character by character."""
    room = box.w - 2 * PAD
    used = width(text, font, size)
    if used <= room:
        return size, [text]
    if used * 0.8 <= room:
        return size * room / used, [text]
    s = size * 0.8
    while True:
        lines = wrap(text, font, s, room)
        if len(lines) * s * 1.18 <= box.h - 1 or s <= floor:
            return s, lines
        s -= 0.25


def wrap(text: str, font: str, size: float, room: float) -> list[str]:
    lines, line, used = [], "", 0.0
    for ch in text:
        w = stringWidth(ch, font, size)
        if line and used + w > room:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += w
    return [*lines, line]


def place(text: str, box: Box, font: str, size: float, center: bool = False
          ) -> tuple[float, list[tuple[float, float, str]]]:
    """The size `text` is set in to fit `box`, and where each of its lines starts (x, baseline)."""
    s, lines = fit(text, box, font, size)
    y = baseline(box, s, len(lines))
    out = []
    for line in lines:
        x = box.x + (box.w - width(line, font, s)) / 2 if center else box.x + PAD
        out.append((x, y, line))
        y -= s * 1.18
    return s, out


def draw_fitted(canvas: Canvas, text: str, box: Box, font: str, size: float, center: bool = False) -> None:
    s, lines = place(text, box, font, size, center)
    canvas.setFont(font, s)
    for x, y, line in lines:
        canvas.drawString(x, y, line)


# --- the fixed drawing of one part --------------------------------------------------------------------

def draw_static(canvas: Canvas, layout: Layout, doc: VoucherSet, part: str, index: int, font: str,
                heading: str) -> None:
    canvas.setStrokeColor(INK)
    canvas.setFillColor(INK)
    _title(canvas, layout, heading)
    _strip(canvas, layout, part, index, font)
    _header(canvas, layout, doc, font)
    _grid(canvas, layout, font)
    _signature(canvas, layout, font)
    _footer(canvas, layout, doc, font)


def _title(canvas: Canvas, layout: Layout, font: str) -> None:
    box, size = layout.rows["title"], 17.0
    space = size * 0.3
    width = stringWidth(TITLE, font, size) + space * (len(TITLE) - 1)
    x, y = (GRID_W - width) / 2, baseline(box, size)
    canvas.saveState()  # the spacing and render mode stay in the text state otherwise
    text = canvas.beginText(x, y)
    text.setFont(font, size)
    text.setCharSpace(space)
    text.setTextRenderMode(2)  # filled and stroked: a heavier title from a regular face
    canvas.setLineWidth(size * 0.025)
    text.textOut(TITLE)
    canvas.drawText(text)
    canvas.restoreState()
    canvas.setLineWidth(0.8)
    canvas.line(x - 2 * mm, y - 2.2 * mm, x + width + 2 * mm, y - 2.2 * mm)
    canvas.setLineWidth(0.4)
    canvas.line(x - 2 * mm, y - 2.9 * mm, x + width + 2 * mm, y - 2.9 * mm)


def _strip(canvas: Canvas, layout: Layout, part: str, index: int, font: str) -> None:
    """第一联 存根联（单位留存）, one character under another, along the right edge of the grid."""
    text = f"第{ORDINALS[index]}联　{part}（{KEEPER.get(part, '')}）"
    top, bottom = layout.grid_top, layout.rows["footer"].y
    size = min(9.0, (top - bottom) / (len(text) * 1.08))
    canvas.setFont(font, size)
    y = top - (top - bottom - len(text) * size * 1.08) / 2 - size
    for ch in text:
        if ch in "（）":
            ch = {"（": "︵", "）": "︶"}[ch]  # vertical forms of the brackets
        canvas.drawCentredString(GRID_W + STRIP / 2 + 0.5 * mm, y, ch)
        y -= size * 1.08


def _header(canvas: Canvas, layout: Layout, doc: VoucherSet, font: str) -> None:
    head = layout.rows["header"]
    canvas.setFont(font, LABEL)
    y = baseline(head, LABEL)
    canvas.drawString(HEADER_LABELS_MM["填发单位："] * mm, y, "填发单位：")
    office = layout.cells["office"]
    draw_fitted(canvas, f"{doc.office}（盖章）", office, font, FIELD)
    canvas.setFont(font, LABEL)
    canvas.drawString(HEADER_LABELS_MM["填发日期："] * mm, y, "填发日期：")
    canvas.drawString(HEADER_LABELS_MM["No."] * mm, y, "No.")
    # The seal goes over the issuing office's name, as on any paper the office signs.
    canvas.saveState()
    canvas.setDash(1.5, 1.5)
    canvas.setLineWidth(0.4)
    canvas.setStrokeColor(colors.HexColor("#b0b0b0"))
    canvas.circle(office.x + 30 * mm, head.y + head.h / 2 + 2 * mm, 10.5 * mm)
    canvas.restoreState()


def _grid(canvas: Canvas, layout: Layout, font: str) -> None:
    canvas.setFillColor(LABEL_BG)
    for _, box in layout.labels:
        canvas.rect(box.x, box.y, box.w, box.h, stroke=0, fill=1)
    canvas.setFillColor(INK)
    for text, box in layout.labels:
        draw_fitted(canvas, text, box, font, LABEL, center=True)
    canvas.setLineWidth(0.5)
    for _, box in layout.labels:
        canvas.rect(box.x, box.y, box.w, box.h)
    for box in layout.cells.values():
        if box.y < layout.grid_top - 1:
            canvas.rect(box.x, box.y, box.w, box.h)
    qr = layout.qr_box
    canvas.rect(qr.x, qr.y, qr.w, qr.h)
    canvas.setFont(font, 6.5)
    canvas.drawCentredString(qr.x + qr.w / 2, qr.y + 1.6 * mm, "扫码核验凭证号")
    canvas.setLineWidth(1.1)
    canvas.rect(0, layout.grid_bottom, GRID_W, layout.grid_top - layout.grid_bottom)


def _signature(canvas: Canvas, layout: Layout, font: str) -> None:
    row = layout.rows["sign"]
    xs = _edges(SIGN_COLUMNS_MM)
    canvas.setLineWidth(0.5)
    for n in range(len(SIGN_COLUMNS_MM)):
        box = Box(xs[n], row.y, xs[n + 1] - xs[n], row.h)
        if n % 2 == 0:
            canvas.setFillColor(LABEL_BG)
            canvas.rect(box.x, box.y, box.w, box.h, stroke=1, fill=1)
            canvas.setFillColor(INK)
            _stack(canvas, SIGN_LABELS[n // 2], box, font)
        else:
            canvas.rect(box.x, box.y, box.w, box.h)
    canvas.setFont(font, SMALL)
    canvas.drawRightString(xs[2] - PAD, row.y + PAD + 0.5, "领款日期：　　年　　月　　日")
    canvas.setFillColor(colors.HexColor("#9a9a9a"))
    canvas.setFont(font, 6.5)
    canvas.drawCentredString((xs[3] + xs[4]) / 2, row.y + PAD + 0.5, "本人按手印")
    canvas.setFillColor(INK)
    _proxy(canvas, Box(xs[5], row.y, xs[6] - xs[5], row.h), font)


def _stack(canvas: Canvas, lines: tuple[str, ...], box: Box, font: str) -> None:
    """A label in short lines one under another, centred in its box."""
    size = LABEL
    lead = size * 1.3
    canvas.setFont(font, size)
    y = box.y + (box.h + len(lines) * lead) / 2 - size * 1.05
    for line in lines:
        canvas.drawCentredString(box.x + box.w / 2, y, line)
        y -= lead


def _proxy(canvas: Canvas, box: Box, font: str) -> None:
    """代领: who collects for the payee, how related, and the written authorisation (不得代签)."""
    step = box.h / 4
    canvas.setFont(font, SMALL + 0.5)
    x, y = box.x + PAD, box.y + box.h - step * 0.75
    canvas.drawString(x, y, "代领人签字：")
    canvas.drawString(x + 37 * mm, y, "与领款人关系：")
    canvas.drawString(x, y - step, "代领人身份证号：")
    canvas.drawString(x, y - 2 * step, "书面委托：")
    for n, label in enumerate(("有（附后）", "无")):
        bx = x + (17 + n * 24) * mm
        canvas.rect(bx, y - 2 * step - 0.3, 2.6 * mm, 2.6 * mm)
        canvas.drawString(bx + 3.6 * mm, y - 2 * step, label)
    canvas.setFont(font, 6.5)
    canvas.setFillColor(colors.HexColor("#555555"))
    canvas.drawString(x, box.y + PAD, "代领须持领款人书面委托和双方身份证件，不得代签。")
    canvas.setFillColor(INK)


def _footer(canvas: Canvas, layout: Layout, doc: VoucherSet, font: str) -> None:
    row = layout.rows["footer"]
    y = baseline(row, LABEL)
    for n, (label, name) in enumerate((("负责人（工会主席）", doc.head), ("审核人", doc.reviewer),
                                       ("经办人", doc.handler))):
        x, room = FOOTER_AT[n][0] * mm, FOOTER_AT[n][1] * mm
        canvas.setFont(font, LABEL)
        canvas.drawString(x, y, f"{label}：")
        lead = stringWidth(f"{label}：", font, LABEL)
        box = Box(x + lead - PAD, row.y, room - lead, row.h)
        if name:
            draw_fitted(canvas, name, box, font, FIELD)
        canvas.setLineWidth(0.4)
        canvas.line(box.x + PAD, y - 1.2 * mm, box.x + box.w, y - 1.2 * mm)


def static_strings(doc: VoucherSet, part: str, index: int) -> list[str]:
    """The fixed strings of one part, as `draw_static` sets them (the benchmark's bare loop draws them)."""
    layout = Layout.for_parts(2, 280 * mm)
    strip = f"第{ORDINALS[index]}联　{part}（{KEEPER.get(part, '')}）"
    return [TITLE, *strip, "填发单位：", f"{doc.office}（盖章）", "填发日期：", "No.",
            *(text for text, _ in layout.labels), "扫码核验凭证号", *(t for lines in SIGN_LABELS for t in lines),
            "领款日期：　　年　　月　　日", "本人按手印", "代领人签字：", "与领款人关系：", "代领人身份证号：",
            "书面委托：",
            "有（附后）", "无", "代领须持领款人书面委托和双方身份证件，不得代签。", "负责人（工会主席）：", doc.head,
            "审核人：", doc.reviewer, "经办人：", doc.handler]
