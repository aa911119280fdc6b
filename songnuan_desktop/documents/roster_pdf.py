"""发放签收表: the sign-off roster of a campaign, A4 landscape, one ruled line per payee.

Data in, file out. The caller gives the rows ready to print; what is public is decided here as well:
on a public copy the ID number goes through `mask_id` (idempotent on a masked number) and there is
no phone column, whatever the rows carry.

Drawn with canvas primitives, not platypus Tables: every row has the same height, so a page holds a
fixed number of rows (`ROWS_PER_PAGE`), a row can never be split across pages (不得拆分), and the
service can tell which items a printed page holds without laying it out. Each cell's text is
measured once: it is drawn at the column's size when it fits, else smaller, else wrapped onto two or
three lines within the row — never past the cell's edge.

Every page is a complete sheet for signing: title, the column heads, its rows, 本页小计, the
signatories and the seal line, 第 x 页 共 y 页. The last page of each group adds the group's total in
figures and in capitals and its head count. Groups (per grassroots union or village) start on a new
page and are numbered on their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas

from songnuan_desktop.documents.file_sheet import _Title
from songnuan_desktop.documents.fonts import PdfFont
from songnuan_desktop.domain.ids import mask_id

PAGE_W, PAGE_H = landscape(A4)
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 10 * mm, 9 * mm, 8 * mm
WIDTH = PAGE_W - 2 * MARGIN_X  # 277 mm
ROW_H, HEAD_H, SUM_H = 9 * mm, 9 * mm, 6.5 * mm
TITLE_SIZE = 15
TABLE_TOP = PAGE_H - MARGIN_TOP - TITLE_SIZE * 1.4 - 7.5 * mm  # below the title and the info line
FOOT_H = 2 * SUM_H + 13 * mm  # 本页小计, 合计 (last page), the signatories' line
ROWS_PER_PAGE = int((TABLE_TOP - HEAD_H - FOOT_H - MARGIN_BOTTOM - 4 * mm) // ROW_H)  # 16
SIZE, MIN_SIZE, PAD = 8.0, 2.5, 1.0 * mm
RULE = 0.6

# (key, head, width in mm, alignment: l / c / r); the phone column only on the internal copy,
# 备注 takes what the others leave.
COLUMNS: tuple[tuple[str, str, float, str], ...] = (
    ("seq", "序号", 8, "c"), ("name", "姓名", 15, "c"), ("id_number", "身份证号", 31, "c"),
    ("category", "困难类别", 14, "c"), ("unit", "单位/住址", 34, "l"), ("phone", "联系电话", 20, "c"),
    ("amount", "金额(元)", 16, "r"), ("method", "发放方式/\n卡号后四位", 18, "c"),
    ("voucher", "凭证编号", 26, "c"), ("signature", "领取人签字", 21, "c"), ("thumb", "手印", 12, "c"),
    ("proxy", "代领人及关系", 19, "c"), ("date", "领取日期", 16, "c"), ("note", "备注", 0, "l"),
)


@dataclass(frozen=True)
class RosterRow:
    name: str
    id_number: str  # full on the internal copy; masked again here on a public one
    category: str
    unit: str  # 单位, or 住址 when the household has no unit (internal copy)
    amount_fen: int
    method: str  # 现金 / 银行卡 尾号1234: never more than the last four digits of a card
    voucher_no: str
    phone: str
    note: str


@dataclass(frozen=True)
class RosterGroup:
    label: str  # '' or 基层工会：旧州镇机关工会 / 村（社区）：西门社区
    rows: tuple[RosterRow, ...]
    capitals: str  # the group's total in capitals: 人民币壹仟元整

    @property
    def total_fen(self) -> int:
        return sum(r.amount_fen for r in self.rows)

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.rows) // ROWS_PER_PAGE))


@dataclass(frozen=True)
class RosterDocument:
    office_name: str
    title: str  # 2027年元旦春节送温暖慰问金发放签收表
    batch: str  # 批次号
    public: bool
    signatories: tuple[tuple[str, str], ...]  # (制表人, name) … in print order
    issued_on: str  # 2027年1月5日
    printed: str  # who printed it and when, in the page's corner
    groups: tuple[RosterGroup, ...]
    audit_tip: str = ""  # the audit chain's tip when printed (审计 #n·12 hex), in every page's foot


def money(fen: int) -> str:
    """120050 → '1,200.50': yuan with two decimals, as on a finance form."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan:,}.{cents:02d}"


@dataclass(frozen=True)
class _Column:
    key: str
    head: str
    x: float
    width: float
    align: str


def columns(public: bool) -> tuple[_Column, ...]:
    """The columns of a copy with their x positions; the public copy gives the phone's width to 单位."""
    chosen = [c for c in COLUMNS if not (public and c[0] == "phone")]
    fixed = sum(c[2] for c in COLUMNS if c[2]) * mm
    out, x = [], MARGIN_X
    for key, head, width_mm, align in chosen:
        width = width_mm * mm
        if public and key == "unit":
            width += 20 * mm
        if not width_mm:
            width = WIDTH - fixed
        out.append(_Column(key, head, x, width, align))
        x += width
    return tuple(out)


# --- fitting text into a cell ---------------------------------------------------------------------

# Numbers and codes are read digit by digit: set smaller on one line rather than broken.
ONE_LINE = frozenset({"seq", "id_number", "phone", "amount", "voucher"})


@lru_cache(maxsize=65_536)
def fit(text: str, font: str, width: float, height: float, size: float = SIZE,
        one_line: bool = False) -> tuple[float, tuple[str, ...]]:
    """(size, lines) that keep `text` inside width × height: one line at `size`, else one line down to
    85 % of it (`one_line`: to any size), else wrapped at sizes going down to MIN_SIZE (and below for
    text no roster cell should hold). Text with
    line breaks keeps them, each line set smaller if it must be."""
    face = getFont(font)
    if "\n" in text:
        lines = tuple(text.split("\n"))
        widest = max(face.stringWidth(line, size) for line in lines)
        return min(size, size * width / widest, height / len(lines) / 1.15), lines
    full = face.stringWidth(text, size)
    if full <= width:
        return size, (text,)
    if full * 0.85 <= width or one_line:
        return size * width / full, (text,)
    s = size
    while True:  # below MIN_SIZE only for text no cell of a roster should hold: small, but never outside
        lines = _wrap(text, face, width, s)
        if len(lines) * s * 1.15 <= height or s <= 1.0:
            return s, lines
        s -= 0.5 if s > MIN_SIZE else 0.25


def _wrap(text: str, face: object, width: float, size: float) -> tuple[str, ...]:
    """Greedy wrap character by character (Chinese text breaks anywhere)."""
    measure = face.stringWidth  # type: ignore[attr-defined]
    lines, line, used = [], "", 0.0
    for ch in text:
        w = measure(ch, size)
        if line and used + w > width:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += w
    if line:
        lines.append(line)
    return tuple(lines)


def _draw_text(c: Canvas, font: str, text: str, col: _Column, y_top: float, height: float,
               size: float = SIZE) -> None:
    """`text` in the cell whose top is `y_top`, centred vertically, aligned as its column."""
    if text:
        s, lines = fit(text, font, col.width - 2 * PAD, height - 2, size, col.key in ONE_LINE)
        _draw_lines(c, font, s, lines, col, y_top, height)


def _draw_lines(c: Canvas, font: str, size: float, lines: Sequence[str], col: _Column, y_top: float,
                height: float) -> None:
    lead = size * 1.15
    c.setFont(font, size)
    # the block of lines centred in the cell; a CJK glyph's ink sits ~0.12 em above the baseline's descent
    base = y_top - (height - lead * len(lines)) / 2 - lead + (lead - size) / 2 + size * 0.18
    for n, line in enumerate(lines):
        y = base - n * lead
        if col.align == "r":
            c.drawRightString(col.x + col.width - PAD, y, line)
        elif col.align == "l":
            c.drawString(col.x + PAD, y, line)
        else:
            c.drawCentredString(col.x + col.width / 2, y, line)


# --- one page -------------------------------------------------------------------------------------

class _Page:
    def __init__(self, c: Canvas, doc: RosterDocument, font: PdfFont, heading: PdfFont) -> None:
        self.c, self.doc, self.font, self.heading = c, doc, font.name, heading.name
        self.cols = columns(doc.public)
        self.col = {col.key: col for col in self.cols}
        self.right = self.cols[-1].x + self.cols[-1].width

    def head(self, group: RosterGroup, page: int) -> float:
        """Title, info line and column heads; returns the top of the table."""
        c, doc = self.c, self.doc
        title = _Title(doc.title, self.heading, _title_size(doc.title, self.heading))
        title.wrap(WIDTH, 0)
        title.drawOn(c, MARGIN_X, PAGE_H - MARGIN_TOP - TITLE_SIZE * 1.4)
        y = TABLE_TOP + 2.5 * mm
        info = "　　".join(p for p in (f"发放单位：{doc.office_name}", f"批次号：{doc.batch}", group.label) if p)
        c.setFont(self.font, 9)
        c.drawString(MARGIN_X, y, info)
        copy = "公开版（身份证号已遮蔽）" if doc.public else "内部资料　含个人敏感信息　注意保密"
        c.drawRightString(self.right, y, copy)
        top = TABLE_TOP
        c.setFillGray(0.9)
        c.rect(MARGIN_X, top - HEAD_H, self.right - MARGIN_X, HEAD_H, stroke=0, fill=1)
        c.setFillGray(0)
        for col in self.cols:
            _draw_lines(c, self.heading, 8.5, col.head.split("\n"), col, top, HEAD_H)
        return top

    def rows(self, rows: Sequence[RosterRow], first_seq: int, top: float) -> float:
        col, font = self.col, self.font
        y = top
        for n, row in enumerate(rows):
            ident = mask_id(row.id_number) if self.doc.public else row.id_number
            cells = [("seq", str(first_seq + n)), ("name", row.name), ("id_number", ident),
                     ("category", row.category), ("unit", row.unit), ("amount", money(row.amount_fen)),
                     ("method", row.method), ("voucher", row.voucher_no), ("note", row.note)]
            if not self.doc.public:
                cells.append(("phone", row.phone))
            for key, text in cells:
                _draw_text(self.c, font, text, col[key], y, ROW_H)
            y -= ROW_H
        return y

    def sums(self, rows: Sequence[RosterRow], group: RosterGroup, last: bool, y: float) -> float:
        """本页小计 and, on the group's last page, 合计 with capitals and head count."""
        c, col = self.c, self.col
        label_col = _Column("label", "", MARGIN_X, col["amount"].x - MARGIN_X, "c")
        rest = _Column("rest", "", col["method"].x, self.right - col["method"].x, "l")
        lines = [(f"本页小计（本页 {len(rows)} 人）", money(sum(r.amount_fen for r in rows)), "")]
        if last:
            lines.append((f"合计（共 {len(group.rows)} 人）", money(group.total_fen), f"大写：{group.capitals}"))
        for label, amount, words in lines:
            c.setFillGray(0.96)
            c.rect(MARGIN_X, y - SUM_H, self.right - MARGIN_X, SUM_H, stroke=0, fill=1)
            c.setFillGray(0)
            _draw_text(c, self.heading, label, label_col, y, SUM_H, 9)
            _draw_text(c, self.heading, amount, col["amount"], y, SUM_H, 8.5)
            _draw_text(c, self.font, words, rest, y, SUM_H, 9)
            y -= SUM_H
        return y

    def grid(self, top: float, bottom: float, row_count: int, sum_count: int) -> None:
        c, right = self.c, self.right
        c.setLineWidth(RULE)
        heads_bottom = top - HEAD_H
        rows_bottom = heads_bottom - row_count * ROW_H
        ys = [top, heads_bottom, *(heads_bottom - (n + 1) * ROW_H for n in range(row_count)),
              *(rows_bottom - (n + 1) * SUM_H for n in range(sum_count))]
        lines = [(MARGIN_X, y, right, y) for y in ys]
        lines += [(col.x, top, col.x, rows_bottom) for col in self.cols[1:]]
        lines += [(self.col["amount"].x, rows_bottom, self.col["amount"].x, bottom),
                  (self.col["method"].x, rows_bottom, self.col["method"].x, bottom),
                  (MARGIN_X, top, MARGIN_X, bottom), (right, top, right, bottom)]
        c.lines(lines)

    def foot(self, page: int, pages: int, y: float) -> None:
        c, doc = self.c, self.doc
        c.setFont(self.font, 10)
        y -= 7 * mm
        x = MARGIN_X
        for role, name in doc.signatories:
            text = f"{role}：{name or '　　　　'}"
            c.drawString(x, y, text)
            width = c.stringWidth(text, self.font, 10)
            if not name:
                c.line(x + c.stringWidth(f"{role}：", self.font, 10), y - 1.5, x + width, y - 1.5)
            x += max(width, 30 * mm) + 8 * mm
        c.drawRightString(self.right, y, f"{doc.office_name}（盖章）　　{doc.issued_on}")
        c.setFont(self.font, 8)
        c.drawCentredString(PAGE_W / 2, MARGIN_BOTTOM - 2 * mm, f"第 {page} 页　共 {pages} 页")
        c.setFillGray(0.35)
        c.setFont(self.font, 7)
        corner = f"{doc.printed}　{doc.audit_tip}" if doc.audit_tip else doc.printed  # the audit anchor too
        c.drawString(MARGIN_X, MARGIN_BOTTOM - 2 * mm, corner)
        c.drawRightString(self.right, MARGIN_BOTTOM - 2 * mm, "一户一行，不得拆分；不得代签，代领须有书面委托")
        c.setFillGray(0)


def _title_size(title: str, font: str) -> float:
    width = getFont(font).stringWidth(title, TITLE_SIZE) + TITLE_SIZE * 0.35 * (len(title) - 1)
    return min(TITLE_SIZE, TITLE_SIZE * WIDTH / width)


def _group(page: _Page, group: RosterGroup) -> None:
    pages = group.pages
    for p in range(pages):
        chunk = group.rows[p * ROWS_PER_PAGE:(p + 1) * ROWS_PER_PAGE]
        last = p == pages - 1
        top = page.head(group, p + 1)
        y = page.rows(chunk, p * ROWS_PER_PAGE + 1, top - HEAD_H)
        bottom = page.sums(chunk, group, last, y)
        page.grid(top, bottom, len(chunk), 2 if last else 1)
        page.foot(p + 1, pages, bottom)
        page.c.showPage()


def write_roster(doc: RosterDocument, path: Path, font: PdfFont, heading: PdfFont | None = None) -> int:
    """Write the roster to `path` (a plain write; services.publish renames it); returns the number of pages."""
    heading = heading or font
    temp = Path(path)
    c = Canvas(str(temp), pagesize=(PAGE_W, PAGE_H), pageCompression=1)
    c.setTitle(doc.title)
    c.setAuthor(doc.office_name)
    c.setCreator("送暖")
    page = _Page(c, doc, font, heading)
    for group in doc.groups or (RosterGroup("", (), "人民币零元整"),):
        _group(page, group)
    c.save()
    return sum(g.pages for g in doc.groups) or 1
