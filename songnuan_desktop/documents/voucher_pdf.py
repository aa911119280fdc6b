"""困难补助资金发放凭证: one voucher per A4 page, in two parts (存根联, 领款人联) or three (… 记账联).

Data in, file out: the caller gives every text ready to print except the ID number, which passes
through `mask_id` here whatever it is (first 6 and last 4 digits). Drawn with canvas primitives, not
platypus: everything that is the same on every voucher (title, labels, rules, signatories, the office)
is drawn once per part kind into a PDF form (XObject) and placed on each page; each voucher adds only
its own dozen strings and its QR code (itself a form, drawn once and placed on every part). Every
string is measured before it is drawn: too wide for its box it is set smaller, and if that is not
enough it wraps — a long name or unit never runs over a rule.

Every string goes through the font chain of documents.glyphs (a payee named 王䶮 or 李𠮷 is drawn with a
fallback font for the rare character), and `check_glyphs` refuses the whole set before a byte is written
when a character is in no font, naming the person and the field.

A voucher's life on paper: a 补打 says when and by whom (备注, and 补打（第 n 次） by the title); a 补打 of a
voucher already paid is a 存档联 — "已于2026年2月1日发放，此为补打存档联" where the payee would sign, and no
signing place at all; a voided copy has the void's date, who and reason in the signing row's box (it fits
there whatever its length) under a 作废 stamp; a voucher printed for an item whose earlier voucher was voided
says "补发，原凭证 … 已作废" in 备注.
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
from songnuan_desktop.documents.glyphs import FontChain, font_chain
from songnuan_desktop.documents.qr import draw_qr, qr_matrix
from songnuan_desktop.documents.voucher_layout import (
    ARCHIVE, FIELD, GRID_W, NO_SIGNING, QR_SIZE, SIGNED, VOID, Box, Layout, draw_fitted, draw_static, place,
    runs, signatories, static_strings,
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
    reprint_on: str = ""  # this 补打's date (2026年12月6日) and who prints it
    reprint_by: str = ""
    paid_on: str = ""  # the item was paid (2026年2月1日): a 补打 of it is a 存档联 with nothing to sign
    void_on: str = ""  # a voided copy: when and by whom
    void_by: str = ""
    replaces: str = ""  # the voided voucher this one is issued instead of (补发)
    student: str = ""  # 金秋助学: 受助学生、就读学校、学段 (domain.vouchers.student_text)

    @property
    def form(self) -> str:
        """SIGNED (to be paid against), ARCHIVE (补打 of a paid voucher) or VOID (a voided copy)."""
        if self.voided:
            return VOID
        return ARCHIVE if self.reprint and self.paid_on else SIGNED

    @property
    def whose(self) -> str:
        return f"{self.payee}（档案 {self.file_no}）"


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
    names_beneath: bool = False  # setting signature_names = beneath: signatories' names small under the lines


def part_names(parts: str) -> tuple[str, ...]:
    return PART_NAMES.get(parts, PART_NAMES["stub_and_payee"])


def write_vouchers(doc: VoucherSet, path: Path, font: PdfFont, heading: PdfFont | None = None,
                   progress: Progress | None = None, extra_fonts: str | None = None) -> int:
    """Write the vouchers, one page each, to `path` (a plain write; services.publishing.publish renames it); the pages.
    `extra_fonts`: the setting pdf_extra_fonts. MissingGlyphs, nothing written, for a character no font has."""
    chain = font_chain(font, extra_fonts or None)
    check_glyphs(doc, chain)
    temp = Path(path)
    with binary_streams():
        canvas = Canvas(str(temp), pagesize=A4, pageCompression=1)
        canvas.setTitle(f"困难补助资金发放凭证（{len(doc.vouchers)} 份）")
        canvas.setAuthor(doc.office)
        canvas.setCreator("送暖")
        _draw_all(canvas, doc, font.name, (heading or font).name, chain, progress)
        canvas.save()
    return len(doc.vouchers)


def glyph_fields(doc: VoucherSet) -> list[tuple[str, str, str]]:
    """(whose, field, text) of every string a set of vouchers prints that is not ours: what the font chain checks."""
    out = [("填发单位", "名称", doc.office)]
    if doc.names_beneath:
        out += [(f"凭证签字人（{role}）", "姓名", name) for role, name in zip(("负责人", "审核人", "经办人"),
                                                                        signatories(doc), strict=True)]
    seen: set[tuple[str, str]] = set()
    for v in doc.vouchers:
        for label, text in (("姓名", v.payee), ("档案编号", v.file_no), ("工作单位", v.unit), ("困难类别", v.category),
                            ("帮扶项目", v.item), ("资金来源", v.fund_source), ("所属活动", v.campaign),
                            ("发放方式", v.payout), ("受助学生", v.student), ("作废原因", v.void_reason)):
            out.append((f"领款人 {v.whose}", label, text))
        for label, text in (("补打人", v.reprint_by), ("作废人", v.void_by)):
            if text and (label, text) not in seen:
                seen.add((label, text))
                out.append((label, "姓名", text))
    return out


def check_glyphs(doc: VoucherSet, chain: FontChain) -> None:
    """MissingGlyphs (naming the person, the field and the character) if any string has a character no font of
    `chain` has: called before a number is given and again before the file is written."""
    chain.check(glyph_fields(doc))


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


def _draw_all(canvas: Canvas, doc: VoucherSet, font: str, heading: str, chain: FontChain,
              progress: Progress | None) -> None:
    names = part_names(doc.parts)
    layout = Layout.for_parts(len(names), PAGE_H - 2 * MARGIN_Y)
    for form in dict.fromkeys(v.form for v in doc.vouchers):  # the fixed drawing of each part, once per form
        for n, name in enumerate(names):
            canvas.beginForm(f"part{n}{form}")
            draw_static(canvas, layout, doc, name, n, font, heading, chain, form)
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
        _page(canvas, layout, voucher, len(names), chain, done, doc.sample)
        if progress is not None and (done % step == 0 or done == total):
            progress(done, total)


def _page(canvas: Canvas, layout: Layout, v: VoucherCopy, parts: int, chain: FontChain, n: int,
          sample: str = "") -> None:
    """The voucher's own text and QR code go into a form drawn once and placed on every part."""
    own = f"v{n}"
    font = chain.main
    canvas.beginForm(own)
    _variable(canvas, layout, v, chain)
    canvas.endForm()
    canvas.doForm("cuts")
    for part in range(parts):
        canvas.saveState()
        canvas.translate(MARGIN_X, PAGE_H - MARGIN_Y - (part + 1) * layout.part_h - part * layout.gap)
        canvas.doForm(f"part{part}{v.form}")
        canvas.doForm(own)
        if v.voided:  # on the page, not in the form: a form made here carries no transparency state
            _void_stamp(canvas, layout, font)
        if sample:
            _sample_mark(canvas, layout, sample, font)
        canvas.restoreState()
    canvas.showPage()


def remark(v: VoucherCopy) -> str:
    """备注: whom a 金秋助学 is for, the voided voucher a 补发 replaces, and this 补打's date and who."""
    parts = [f"补发，原凭证 {v.replaces} 已作废"] if v.replaces else []
    if v.student:
        parts.append(v.student)
    if v.reprint:
        by = f"，补打人：{v.reprint_by}" if v.reprint_by else ""
        parts.append(f"补打日期：{v.reprint_on or '（打印时登记）'}{by}（第 {v.reprint} 次补打）")
    return "；".join(parts)


def values_of(v: VoucherCopy) -> dict[str, str]:
    """The voucher's own strings by the cell they go in; the ID masked whatever it came as."""
    return {"payee": v.payee, "id": mask_id(v.id_number), "file_no": v.file_no, "unit": v.unit,
            "category": v.category, "item": v.item, "fund": v.fund_source,
            "capitals": f"人民币{rmb_capitals(v.amount_fen)}", "figures": format_fen(v.amount_fen, symbol=True),
            "payout": v.payout, "campaign": v.campaign, "remark": remark(v), "issued": v.issued_on}


def _variable(canvas: Canvas, layout: Layout, v: VoucherCopy, chain: FontChain) -> None:
    font = chain.main
    canvas.setFillColor(colors.black)
    values = values_of(v)
    text = canvas.beginText()  # one text object for all the voucher's values: a drawString each costs more
    for key, box in layout.cells.items():
        if key != "office":
            size, lines = place(values[key], box, chain, 11.0 if key in ("capitals", "figures") else FIELD)
            for x, y, line in lines:
                text.setTextOrigin(x, y)
                for name, part in runs(line, chain):  # a rare character in the fallback font that has it
                    text.setFont(name, size)
                    text.textOut(part)
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
    if v.form == ARCHIVE:
        _archive_box(canvas, layout, v, chain)
    elif v.form == VOID:
        _void_box(canvas, layout, v, chain)


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


def archive_text(v: VoucherCopy) -> str:
    return f"已于{v.paid_on}发放，此为补打存档联"


def _archive_box(canvas: Canvas, layout: Layout, v: VoucherCopy, chain: FontChain) -> None:
    """Where the payee signed: that the money was paid and when — and nothing left to sign or fill in."""
    row = layout.rows["sign"]
    canvas.saveState()
    canvas.setFillColor(VOID_RED)
    draw_fitted(canvas, archive_text(v), Box(4 * mm, row.y + row.h * 0.42, GRID_W - 8 * mm, row.h * 0.5),
                chain, 15.0, center=True)
    canvas.setFillColor(colors.HexColor("#444444"))
    draw_fitted(canvas, "领款人已在原凭证上签收；本联为存档副本，不作领款凭据。",
                Box(4 * mm, row.y + 1 * mm, GRID_W - 8 * mm, row.h * 0.38), chain, 9.0, center=True)
    canvas.restoreState()


def void_lines(v: VoucherCopy) -> tuple[str, str]:
    who = f"，作废人：{v.void_by}" if v.void_by else ""
    return f"作废日期：{v.void_on or '未记录'}{who}", f"作废原因：{v.void_reason or '未填写'}"


def _void_box(canvas: Canvas, layout: Layout, v: VoucherCopy, chain: FontChain) -> None:
    """When, by whom and why it was voided, inside the signing row's box: it fits there however long the reason
    (set smaller, then wrapped), over no field of the voucher."""
    row = layout.rows["sign"]
    when, why = void_lines(v)
    canvas.saveState()
    canvas.setFillColor(VOID_RED)
    draw_fitted(canvas, when, Box(4 * mm, row.y + row.h * 0.62, GRID_W - 8 * mm, row.h * 0.34), chain, 11.0)
    draw_fitted(canvas, why, Box(4 * mm, row.y + 0.8 * mm, GRID_W - 8 * mm, row.h * 0.62 - 0.8 * mm), chain, 11.0)
    canvas.restoreState()


def _void_stamp(canvas: Canvas, layout: Layout, font: str) -> None:
    """作废 across the voucher's values: a spoiled voucher is kept with its number, never reused."""
    body = layout.body_box
    canvas.saveState()
    canvas.setFillColor(VOID_RED)
    canvas.setFillAlpha(0.28)
    canvas.translate(body.x + (body.w - 28 * mm) / 2, body.y + body.h / 2)
    canvas.rotate(12)
    canvas.setFont(font, 60)
    canvas.drawCentredString(0, -21, "作　废")
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
        if v.form != SIGNED:
            out += [NO_SIGNING[v.form], *(void_lines(v) if v.form == VOID else (archive_text(v),))]
    return [*out, doc.audit_tip] if doc.audit_tip else out
