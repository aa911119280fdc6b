"""Where everything on one part of a voucher goes, the part's fixed drawing, and text that fits its box.

A part is 190 mm wide; its height is what the page gives it (two or three parts on A4), the rows
growing from their base heights by weight. Coordinates are points from the part's lower left corner.
Text is measured and drawn with a font name or a `glyphs.FontChain` (`Ink`): with a chain a rare character
(䶮, 𠮷) is set in the fallback font that has it, inside the same string.

The signing row and the foot have three forms (`SIGNED`, `ARCHIVE`, `VOID`): a voucher to be paid against
has the payee's boxes and the signing places 负责人/审核人/经办人（签字） on blank lines; a reprint of a voucher
already paid (补打存档联) and a voided copy have neither — a second signed receipt cannot be made on them.
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

from songnuan_desktop.documents.glyphs import FontChain
from songnuan_desktop.domain.paper_dates import BLANK_DATE

if TYPE_CHECKING:
    from songnuan_desktop.documents.voucher_pdf import VoucherSet

Ink = str | FontChain  # a font name, or a chain of fonts switching per glyph
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
MARK_RED = colors.HexColor("#c8102e")
INK = colors.HexColor("#222222")
ORDINALS = "一二三"
KEEPER = {"存根联": "单位留存", "领款人联": "交领款人", "记账联": "财务记账"}
RECEIVED_ON = f"领款日期：{BLANK_DATE}"
# (name, base height in mm, weight of the spare height it takes); the base heights add up to 90 mm, the part
# of three on A4. r6 is 备注: the student of a 金秋助学, the voided number a 补发 replaces, who reprinted when.
ROWS = (("title", 10, 1.0), ("header", 6.5, 0.5), ("r1", 7.5, 1.0), ("r2", 7, 1.0), ("r3", 7.5, 1.0),
        ("r4", 8.5, 1.0), ("r5", 7.5, 1.0), ("r6", 7, 1.0), ("sign", 18.5, 4.0), ("footer", 10, 2.5))
SIGNED, ARCHIVE, VOID = "signed", "archive", "void"  # the three forms of the signing row and the foot
# The columns of rows r1–r3 left of the QR code: label, value, label, value, label, value.
COLUMNS_MM = (18, 32, 18, 37, 18, 32)
SIGN_COLUMNS_MM = (18, 52, 10, 24, 12, 67)  # 领款人签字, box, 手印, box, 代领人, proxy lines
# The header line: where its labels start and the boxes of its values (left, right), in mm; the number
# runs from its start to the part's right edge.
HEADER_LABELS_MM = {"填发单位：": 0, "填发日期：": 90, "No.": 139, "number": 145.5}
HEADER_BOXES_MM = {"office": (16, 88), "issued": (106, 138.5)}
FOOTER_AT = ((0, 61), (61, 61), (122, 61))  # (x, width) in mm of the signing places 负责人, 审核人, 经办人
SIGNERS = ("负责人", "审核人", "经办人")
SIGN_TAIL = "（签字）："
NO_SIGNING = {ARCHIVE: "补打存档联：不作领款凭据，本联不签字、不按手印",
              VOID: "已作废：不得据此发放，本联不签字、不按手印"}
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
        self._row("r6", ("备　　注", "remark"), [0, LABEL_W, GRID_W])
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
    def body_box(self) -> Box:
        """The rows of the voucher's values, r1 to r6 (where a 作废 stamp goes)."""
        return Box(0, self.rows["r6"].y, GRID_W, self.grid_top - self.rows["r6"].y)

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


_RUNS: dict[tuple[int, str], tuple[FontChain, list[tuple[str, str]]]] = {}


def runs(text: str, ink: Ink) -> list[tuple[str, str]]:
    """(font name, text) runs of `text`: one run for a font name; a chain switches where a glyph requires.
    Remembered per chain (font_chain gives the same object for the same fonts): the same category, item,
    fund and campaign come back on every voucher."""
    if isinstance(ink, str):
        return [(ink, text)]
    key = (id(ink), text)
    found = _RUNS.get(key)
    if found is None or found[0] is not ink:  # the chain itself kept: an id is never taken for another's
        if len(_RUNS) > 50_000:
            _RUNS.clear()
        found = _RUNS[key] = (ink, ink.runs(text))
    return found[1]


def measure(text: str, ink: Ink, size: float) -> float:
    return sum(width(part, name, size) for name, part in runs(text, ink))


def fit(text: str, box: Box, font: Ink, size: float, floor: float = MIN_SIZE) -> tuple[float, list[str]]:
    """The largest size ≤ `size` at which `text` fits `box` (inside its padding), and its lines:
    one line set smaller first, down to 80 % of the size; then wrapped, character by character."""
    room = box.w - 2 * PAD
    used = measure(text, font, size)
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


def wrap(text: str, font: Ink, size: float, room: float) -> list[str]:
    lines, line, used = [], "", 0.0
    for ch in text:
        w = measure(ch, font, size)
        if line and used + w > room:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += w
    return [*lines, line]


def place(text: str, box: Box, font: Ink, size: float, center: bool = False
          ) -> tuple[float, list[tuple[float, float, str]]]:
    """The size `text` is set in to fit `box`, and where each of its lines starts (x, baseline)."""
    s, lines = fit(text, box, font, size)
    y = baseline(box, s, len(lines))
    out = []
    for line in lines:
        x = box.x + (box.w - measure(line, font, s)) / 2 if center else box.x + PAD
        out.append((x, y, line))
        y -= s * 1.18
    return s, out


def draw_runs(canvas: Canvas, x: float, y: float, text: str, ink: Ink, size: float) -> None:
    for name, part in runs(text, ink):
        canvas.setFont(name, size)
        canvas.drawString(x, y, part)
        x += width(part, name, size)


def draw_fitted(canvas: Canvas, text: str, box: Box, font: Ink, size: float, center: bool = False) -> None:
    s, lines = place(text, box, font, size, center)
    for x, y, line in lines:
        draw_runs(canvas, x, y, line, font, s)


# --- the fixed drawing of one part --------------------------------------------------------------------

def draw_static(canvas: Canvas, layout: Layout, doc: VoucherSet, part: str, index: int, font: str,
                heading: str, chain: Ink | None = None, form: str = SIGNED) -> None:
    """What is the same on every voucher of one part and form (SIGNED, ARCHIVE or VOID)."""
    ink = chain or font
    canvas.setStrokeColor(INK)
    canvas.setFillColor(INK)
    _title(canvas, layout, heading)
    _strip(canvas, layout, part, index, font)
    _header(canvas, layout, doc, font, ink)
    _grid(canvas, layout, font)
    if form == SIGNED:
        _signature(canvas, layout, font)
        _footer(canvas, layout, doc, font, ink)
    else:
        _unsigned(canvas, layout, form, font)


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


def _header(canvas: Canvas, layout: Layout, doc: VoucherSet, font: str, ink: Ink) -> None:
    """填发单位（盖章）, the date and the number's label. The seal goes over the office's name by hand; no
    dashed circle is printed for it (one ran into the title)."""
    head = layout.rows["header"]
    canvas.setFont(font, LABEL)
    y = baseline(head, LABEL)
    canvas.drawString(HEADER_LABELS_MM["填发单位："] * mm, y, "填发单位：")
    draw_fitted(canvas, f"{doc.office}（盖章）", layout.cells["office"], ink, FIELD)
    canvas.setFont(font, LABEL)
    canvas.drawString(HEADER_LABELS_MM["填发日期："] * mm, y, "填发日期：")
    canvas.drawString(HEADER_LABELS_MM["No."] * mm, y, "No.")


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
    draw_fitted(canvas, RECEIVED_ON, Box(xs[1], row.y, xs[2] - xs[1], 4.2 * mm), font, SMALL)
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


def _footer(canvas: Canvas, layout: Layout, doc: VoucherSet, font: str, ink: Ink) -> None:
    """负责人（签字）：＿＿＿＿ for each signer: a blank line with room to sign by hand; the name printed small
    beneath the line only when the office asks for it (setting signature_names), never on it."""
    row = layout.rows["footer"]
    under = doc.names_beneath and any(signatories(doc))
    line_y = row.y + (3.6 if under else 2.0) * mm
    canvas.setLineWidth(0.5)
    for (x_mm, room_mm), role, name in zip(FOOTER_AT, SIGNERS, signatories(doc), strict=True):
        x, end = x_mm * mm, (x_mm + room_mm - 4) * mm
        label = f"{role}{SIGN_TAIL}"
        canvas.setFont(font, LABEL)
        canvas.drawString(x, line_y + 0.8 * mm, label)
        start = x + width(label, font, LABEL)
        canvas.line(start, line_y, end, line_y)
        if under and name:
            draw_fitted(canvas, name, Box(start, row.y, end - start, line_y - row.y - 0.3 * mm), ink, 6.5,
                        center=True)


def signatories(doc: VoucherSet) -> tuple[str, str, str]:
    return doc.head, doc.reviewer, doc.handler


def _unsigned(canvas: Canvas, layout: Layout, form: str, font: str) -> None:
    """The signing row of a paper no one signs: one box (its words are the voucher's own), and the foot says why."""
    row, foot = layout.rows["sign"], layout.rows["footer"]
    canvas.setLineWidth(0.5)
    canvas.setStrokeColor(MARK_RED)
    canvas.rect(0, row.y, GRID_W, row.h)
    canvas.setStrokeColor(INK)
    canvas.setFillColor(colors.HexColor("#444444"))
    draw_fitted(canvas, NO_SIGNING[form], Box(0, foot.y, GRID_W, foot.h), font, LABEL, center=True)
    canvas.setFillColor(INK)


def static_strings(doc: VoucherSet, part: str, index: int) -> list[str]:
    """The fixed strings of one part, as `draw_static` sets them (the benchmark's bare loop draws them)."""
    layout = Layout.for_parts(2, 280 * mm)
    strip = f"第{ORDINALS[index]}联　{part}（{KEEPER.get(part, '')}）"
    names = [n for n in signatories(doc) if n] if doc.names_beneath else []
    return [TITLE, *strip, "填发单位：", f"{doc.office}（盖章）", "填发日期：", "No.",
            *(text for text, _ in layout.labels), "扫码核验凭证号", *(t for lines in SIGN_LABELS for t in lines),
            RECEIVED_ON, "本人按手印", "代领人签字：", "与领款人关系：", "代领人身份证号：",
            "书面委托：", "有（附后）", "无", "代领须持领款人书面委托和双方身份证件，不得代签。",
            *(f"{role}{SIGN_TAIL}" for role in SIGNERS), *names]
