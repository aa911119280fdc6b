"""困难补助资金发放凭证: one voucher per A4 page, in two parts (存根联, 领款人联) or three (… 记账联).

Data in, file out: the caller gives every text ready to print except the ID number, which passes
through `mask_id` here whatever it is (first 6 and last 4 digits). Drawn with canvas primitives, not
platypus: everything that is the same on every voucher (title, labels, rules, signatories, the office)
is drawn once per part kind into a PDF form (XObject) and placed on each page; each voucher adds only
its own dozen strings and its QR code (itself a form, drawn once and placed on every part). Every
string is measured before it is drawn: too wide for its box it is set smaller, and if that is not
enough it wraps — a long name or unit never runs over a rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from songnuan_desktop.documents.fonts import PdfFont
from songnuan_desktop.documents.qr import draw_qr, qr_matrix
from songnuan_desktop.documents.voucher_layout import (
    FIELD, GRID_W, QR_SIZE, Box, Layout, draw_fitted, draw_static, place, static_strings,
)
from songnuan_desktop.domain.ids import mask_id
from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.vouchers import rmb_capitals

PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_Y = 10 * mm, 8 * mm
PART_NAMES = {"stub_and_payee": ("存根联", "领款人联"), "three_parts": ("存根联", "领款人联", "记账联")}
VOID_RED = colors.HexColor("#c8102e")
NUMBER_RED = colors.HexColor("#b00000")
NUMBER_FONT = "Helvetica-Bold"
SAMPLE_GREY = colors.HexColor("#777777")
UNNUMBERED = "（打印时分配）"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class VoucherCopy:
    """One voucher as printed."""

    number: str
    qr_payload: str
    payee: str
    id_number: str  # masked again on the way out
    file_no: str
    unit: str
    category: str
    item: str
    fund_source: str
    campaign: str
    amount_fen: int
    payout: str  # '现金' or '银行卡：中国农业银行黄平支行（尾号 1234）'
    issued_on: str  # 2027年1月5日
    reprint: int = 0  # 0: the first print; n: 补打（第 n 次）
    voided: bool = False
    void_reason: str = ""


@dataclass(frozen=True)
class VoucherSet:
    """What is the same on every voucher of one print."""

    office: str
    parts: str  # a key of PART_NAMES (the setting voucher_parts)
    handler: str  # 经办人
    reviewer: str  # 审核人
    head: str  # 负责人（工会主席）
    vouchers: tuple[VoucherCopy, ...]
    audit_tip: str = ""  # the audit chain's tip when printed (审计 #n·12 hex), in every page's foot
    sample: str = ""  # a 样张 for the preview: this text across every part, no number, no QR code


def part_names(parts: str) -> tuple[str, ...]:
    return PART_NAMES.get(parts, PART_NAMES["stub_and_payee"])


def write_vouchers(doc: VoucherSet, path: Path, font: PdfFont, heading: PdfFont | None = None,
                   progress: Progress | None = None) -> int:
    """Write the vouchers, one page each, to `path` (a plain write; services.publish renames it); the pages."""
    temp = Path(path)
    with binary_streams():
        canvas = Canvas(str(temp), pagesize=A4, pageCompression=1)
        canvas.setTitle(f"困难补助资金发放凭证（{len(doc.vouchers)} 份）")
        canvas.setAuthor(doc.office)
        canvas.setCreator("送暖")
        _draw_all(canvas, doc, font.name, (heading or font).name, progress)
        canvas.save()
    return len(doc.vouchers)


@contextmanager
def binary_streams() -> Iterator[None]:
    """Compressed streams stored as they are, not also ASCII85-encoded: reportlab encodes in pure Python
    (a third of the time of a thousand pages) to keep a PDF 7-bit clean, which no one here needs."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


def _draw_all(canvas: Canvas, doc: VoucherSet, font: str, heading: str, progress: Progress | None) -> None:
    names = part_names(doc.parts)
    layout = Layout.for_parts(len(names), PAGE_H - 2 * MARGIN_Y)
    for n, name in enumerate(names):
        canvas.beginForm(f"part{n}")
        draw_static(canvas, layout, doc, name, n, font, heading)
        canvas.endForm()
    canvas.beginForm("cuts")
    for n in range(len(names) - 1):
        _cut_line(canvas, PAGE_H - MARGIN_Y - (n + 1) * layout.part_h - (n + 0.5) * layout.gap, font)
    if doc.audit_tip:  # the anchor a rewritten audit history would disagree with
        canvas.setFont(font, 6.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawRightString(PAGE_W - MARGIN_X, 4 * mm, doc.audit_tip)
    canvas.endForm()
    total = len(doc.vouchers)
    step = max(1, total // 100)
    for done, voucher in enumerate(doc.vouchers, start=1):
        _page(canvas, layout, voucher, len(names), font, done, doc.sample)
        if progress is not None and (done % step == 0 or done == total):
            progress(done, total)


def _page(canvas: Canvas, layout: Layout, v: VoucherCopy, parts: int, font: str, n: int, sample: str = "") -> None:
    """The voucher's own text and QR code go into a form drawn once and placed on every part."""
    own = f"v{n}"
    canvas.beginForm(own)
    _variable(canvas, layout, v, font)
    canvas.endForm()
    canvas.doForm("cuts")
    for part in range(parts):
        canvas.saveState()
        canvas.translate(MARGIN_X, PAGE_H - MARGIN_Y - (part + 1) * layout.part_h - part * layout.gap)
        canvas.doForm(f"part{part}")
        canvas.doForm(own)
        if v.voided:  # on the page, not in the form: a form made here carries no transparency state
            _void_mark(canvas, layout, v.void_reason, font)
        if sample:
            _sample_mark(canvas, layout, sample, font)
        canvas.restoreState()
    canvas.showPage()


def values_of(v: VoucherCopy) -> dict[str, str]:
    """The voucher's own strings by the cell they go in; the ID masked whatever it came as."""
    return {"payee": v.payee, "id": mask_id(v.id_number), "file_no": v.file_no, "unit": v.unit,
            "category": v.category, "item": v.item, "fund": v.fund_source,
            "capitals": f"人民币{rmb_capitals(v.amount_fen)}", "figures": format_fen(v.amount_fen, symbol=True),
            "payout": v.payout, "campaign": v.campaign, "issued": v.issued_on}


def _variable(canvas: Canvas, layout: Layout, v: VoucherCopy, font: str) -> None:
    canvas.setFillColor(colors.black)
    values = values_of(v)
    text = canvas.beginText()  # one text object for all the voucher's values: a drawString each costs more
    for key, box in layout.cells.items():
        if key != "office":
            size, lines = place(values[key], box, font, 11.0 if key in ("capitals", "figures") else FIELD)
            text.setFont(font, size)
            for x, y, line in lines:
                text.setTextOrigin(x, y)
                text.textOut(line)
    canvas.drawText(text)
    qr = layout.qr_box
    if v.number:
        size = min(11.5, 11.5 * layout.NUMBER_ROOM / stringWidth(v.number, NUMBER_FONT, 11.5))
        canvas.setFont(NUMBER_FONT, size)
        canvas.setFillColor(NUMBER_RED)
        canvas.drawString(*layout.number_at, v.number)
    else:  # a 样张: the number is given when it is printed
        canvas.setFont(font, 8)
        canvas.setFillColor(SAMPLE_GREY)
        canvas.drawString(*layout.number_at, UNNUMBERED)
    if v.qr_payload:
        draw_qr(canvas, qr_matrix(v.qr_payload), qr.x + (qr.w - QR_SIZE) / 2, qr.y + qr.h - QR_SIZE - 0.5 * mm,
                QR_SIZE)
    else:
        canvas.setFillColor(SAMPLE_GREY)
        draw_fitted(canvas, "样张无二维码", Box(qr.x, qr.y + qr.h / 2 - 4 * mm, qr.w, 8 * mm), font, 8.0, center=True)
    if v.reprint:
        _reprint_mark(canvas, layout, v.reprint, font)


def _reprint_mark(canvas: Canvas, layout: Layout, count: int, font: str) -> None:
    title = layout.rows["title"]
    box = Box(0, title.y + (title.h - 6.5 * mm) / 2, 31 * mm, 6.5 * mm)
    canvas.saveState()
    canvas.setStrokeColor(VOID_RED)
    canvas.setFillColor(VOID_RED)
    canvas.setLineWidth(0.9)
    canvas.rect(box.x, box.y, box.w, box.h)
    draw_fitted(canvas, f"补打（第 {count} 次）", box, font, 10.5, center=True)
    canvas.restoreState()


def _void_mark(canvas: Canvas, layout: Layout, reason: str, font: str) -> None:
    """作废 across the part, and why: a spoiled voucher is kept with its number, never reused."""
    canvas.saveState()
    canvas.setFillColor(VOID_RED)
    canvas.setStrokeColor(VOID_RED)
    canvas.setFillAlpha(0.3)
    canvas.translate(GRID_W / 2, layout.part_h / 2)
    canvas.rotate(15)
    canvas.setFont(font, 70)
    canvas.drawCentredString(0, -22, "作　废")
    canvas.setFillAlpha(0.85)
    box = Box(-60 * mm, -19 * mm, 120 * mm, 8 * mm)
    draw_fitted(canvas, f"作废原因：{reason}" if reason else "作废", box, font, 11.0, center=True)
    canvas.restoreState()


def _sample_mark(canvas: Canvas, layout: Layout, text: str, font: str) -> None:
    """样张 across the part: a preview is never taken for a paper that may be paid against."""
    canvas.saveState()
    canvas.setFillColor(SAMPLE_GREY)
    canvas.setFillAlpha(0.25)
    canvas.translate(GRID_W / 2, layout.part_h / 2)
    canvas.rotate(12)
    canvas.setFont(font, 64)
    canvas.drawCentredString(0, -2 * mm, "样　张")
    canvas.setFillColor(VOID_RED)
    canvas.setFillAlpha(0.7)
    draw_fitted(canvas, text, Box(-70 * mm, -17 * mm, 140 * mm, 9 * mm), font, 14.0, center=True)
    canvas.restoreState()


def _cut_line(canvas: Canvas, y: float, font: str) -> None:
    canvas.saveState()
    canvas.setDash(3, 2)
    canvas.setLineWidth(0.4)
    canvas.setStrokeColor(colors.HexColor("#777777"))
    canvas.line(MARGIN_X - 4 * mm, y, PAGE_W - MARGIN_X + 4 * mm, y)
    canvas.setFillColor(colors.white)
    canvas.rect(PAGE_W / 2 - 12 * mm, y - 2 * mm, 24 * mm, 4 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.HexColor("#555555"))
    canvas.setFont(font, 7)
    canvas.drawCentredString(PAGE_W / 2, y - 1.2 * mm, "沿虚线剪开")
    canvas.restoreState()


def page_strings(doc: VoucherSet, v: VoucherCopy) -> list[str]:
    """Every string the page of `v` shows, part by part, fixed ones included: what the benchmark's bare
    loop draws."""
    out: list[str] = []
    for n, name in enumerate(part_names(doc.parts)):
        out += static_strings(doc, name, n)
        out += [*values_of(v).values(), v.number]
    return [*out, doc.audit_tip] if doc.audit_tip else out
