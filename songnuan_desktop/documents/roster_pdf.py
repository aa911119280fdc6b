"""发放签收表: the sign-off roster of a campaign, A4 landscape, one ruled line per payee.

Data in, file out. The caller gives the rows ready to print; what is public is decided here as well:
on a public copy the ID number goes through `mask_id` (idempotent on a masked number) and there is
no phone column, whatever the rows carry.

Drawn with canvas primitives, not platypus Tables: every row has the same height, so a page holds a
fixed number of rows (`ROWS_PER_PAGE`), a row can never be split across pages (不得拆分), and the
service can tell which items a printed page holds without laying it out. Each cell's text is
measured once: it is drawn at the column's size when it fits, else smaller, else wrapped onto two or
three lines within the row — never past the cell's edge.

Every page is a complete sheet for signing: title, the rule "一户一行，不得拆分；不得代签，代领须有书面委托"
at 10.5 pt under it, the column heads, its rows (15 mm high: the 手印 cell is 15 × 15 mm, 代领人及关系
30 mm), 本页小计, the blank signing lines "经办人（签字）：____" (names small beneath only when the
office's setting `signature_names` asks) and the seal, 第 x 页 共 y 页. The last page of each group adds
the group's total in figures and in capitals and its head count. Groups (per grassroots union or
village) start on a new page and are numbered on their own; a split roster ends with a summary page
(汇总表) of every group's pages, head count and total, and the grand total.

A campaign that gives goods (慰问品, issue 16 item 3) adds a column 慰问品 (what the household signs for:
大米1袋 / 食用油1桶, one kind a line) before 领取人签字, narrowing 单位/住址, 凭证编号, 发放方式, 领取日期 and 备注; the
page's and the group's sums say the goods beside the cash (慰问品：大米9袋、食用油9桶). The roster is the
receipt of the goods: no voucher is made for them.

Text goes through a font chain (`documents.glyphs`): a name with 䶮 or 𠮷 is drawn by a fallback font,
and `write_roster` refuses (MissingGlyphs, naming the person and field) before drawing anything when a
character is in no font at all.
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

from songnuan_desktop.documents.fonts import PdfFont
from songnuan_desktop.documents.glyphs import FontChain, font_chain
from songnuan_desktop.domain.ids import mask_id

PAGE_W, PAGE_H = landscape(A4)
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 10 * mm, 8 * mm, 8 * mm
WIDTH = PAGE_W - 2 * MARGIN_X  # 277 mm
ROW_H, HEAD_H, SUM_H = 15 * mm, 9 * mm, 6.5 * mm  # a row as high as the thumbprint cell is wide
TITLE_SIZE = 15
RULE_TEXT = "一户一行，不得拆分；不得代签，代领须有书面委托"
RULE_SIZE = 10.5  # in the header, readable at arm's length (was 7 pt grey in the footer)
TABLE_TOP = PAGE_H - MARGIN_TOP - TITLE_SIZE * 1.4 - 11 * mm  # below the title, the rule and the info line
FOOT_H = 2 * SUM_H + 12 * mm  # 本页小计, 合计 (last page), the signing lines with room for names beneath
ROWS_PER_PAGE = int((TABLE_TOP - HEAD_H - FOOT_H - MARGIN_BOTTOM - 1 * mm) // ROW_H)  # 9
SIZE, MIN_SIZE, PAD = 8.0, 2.5, 1.0 * mm
RULE = 0.6
SIGN_SIZE, SIGN_LINE = 10.0, 24 * mm

# With goods: the 慰问品 column's width and what the others give up for it (mm).
GOODS_WIDTH = 22
GOODS_TAKES = {"unit": 8, "voucher": 3, "method": 2, "date": 1}  # 代领人 keeps its 30 mm
# (key, head, width in mm, alignment: l / c / r); the phone column only on the internal copy,
# 备注 takes what the others leave. 手印 15 mm wide in a 15 mm row; 代领人及关系 30 mm (name and relation).
COLUMNS: tuple[tuple[str, str, float, str], ...] = (
    ("seq", "序号", 8, "c"), ("name", "姓名", 15, "c"), ("id_number", "身份证号", 31, "c"),
    ("category", "困难\n类别", 12, "c"), ("unit", "单位/住址", 30, "l"), ("phone", "联系电话", 20, "c"),
    ("amount", "金额(元)", 16, "r"), ("method", "发放方式", 16, "c"),
    ("voucher", "凭证编号", 25, "c"), ("signature", "领取人签字", 24, "c"), ("thumb", "手印", 15, "c"),
    ("proxy", "代领人及关系", 30, "c"), ("date", "领取日期", 16, "c"), ("note", "备注", 0, "l"),
)


@dataclass(frozen=True)
class RosterRow:
    name: str
    id_number: str  # full on the internal copy; masked again here on a public one
    category: str
    unit: str  # 单位 (住址 when the household has none), or 住址 on a roster split by village
    amount_fen: int
    method: str  # 现金 / 银行卡, with 尾号1234 on the internal copy only: never more than the last four digits
    voucher_no: str
    phone: str
    note: str
    file_no: str = ""  # names the person when a character cannot be printed
    goods: tuple[tuple[str, int, str], ...] = ()  # 慰问品 signed for: (大米, 1, 袋) …

    @property
    def goods_text(self) -> str:
        return "\n".join(f"{name}{quantity}{unit}" for name, quantity, unit in self.goods)


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
    signatories: tuple[tuple[str, str], ...]  # (制表人, name) … in print order: blank lines, names beneath if asked
    issued_on: str  # 2027年1月5日
    printed: str  # who printed it and when, in the page's corner
    groups: tuple[RosterGroup, ...]
    audit_tip: str = ""  # the audit chain's tip when printed (审计 #n·12 hex), in every page's foot
    names_beneath: bool = False  # setting signature_names == "beneath"
    place_head: str = "单位/住址"  # 住址 on a roster split by village
    grand_capitals: str = ""  # the grand total in capitals, for the summary page of a split roster
    split: bool = False  # split by union or village: a summary page follows the groups
    extra_fonts: str = ""  # setting pdf_extra_fonts
    goods: bool = False  # the campaign gives goods: a 慰问品 column


def goods_sum(rows: Sequence[RosterRow]) -> str:
    """'慰问品：大米9袋、食用油9桶' for the rows' goods added up per kind (in the order first met), '' for none."""
    found: dict[tuple[str, str], int] = {}
    for row in rows:
        for name, quantity, unit in row.goods:
            found[(name, unit)] = found.get((name, unit), 0) + quantity
    if not found:
        return ""
    return "慰问品：" + "、".join(f"{name}{quantity}{unit}" for (name, unit), quantity in found.items())


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


def columns(public: bool, place_head: str = "单位/住址", goods: bool = False) -> tuple[_Column, ...]:
    """The columns of a copy with their x positions; the public copy gives the phone's width to 单位; with goods a
    慰问品 column before 领取人签字, its width taken from 单位/住址, 凭证编号, 发放方式, 领取日期 and 备注."""
    every = list(COLUMNS)
    if goods:
        at = next(n for n, c in enumerate(every) if c[0] == "signature")
        every.insert(at, ("goods", "慰问品\n(签收)", GOODS_WIDTH, "c"))
        every = [(k, h, w - GOODS_TAKES.get(k, 0) if w else 0, a) for k, h, w, a in every]
    chosen = [c for c in every if not (public and c[0] == "phone")]
    fixed = sum(c[2] for c in every if c[2]) * mm
    out, x = [], MARGIN_X
    for key, head, width_mm, align in chosen:
        width = width_mm * mm
        if public and key == "unit":
            width += 20 * mm
        if not width_mm:
            width = WIDTH - fixed
        out.append(_Column(key, place_head if key == "unit" else head, x, width, align))
        x += width
    return tuple(out)


# --- fitting text into a cell ---------------------------------------------------------------------

# Numbers and codes are read digit by digit: set smaller on one line rather than broken.
ONE_LINE = frozenset({"seq", "id_number", "phone", "amount", "voucher"})
Ink = FontChain | str  # a font chain, or a plain font name (one font for every character)


def _width(font: Ink, text: str, size: float) -> float:
    if isinstance(font, FontChain):
        return font.width(text, size)
    return getFont(font).stringWidth(text, size)


@lru_cache(maxsize=65_536)
def fit(text: str, font: Ink, width: float, height: float, size: float = SIZE,
        one_line: bool = False) -> tuple[float, tuple[str, ...]]:
    """(size, lines) that keep `text` inside width × height: one line at `size`, else one line down to
    85 % of it (`one_line`: to any size), else wrapped at sizes going down to MIN_SIZE (and below for
    text no roster cell should hold). Text with
    line breaks keeps them, each line set smaller if it must be."""
    if "\n" in text:
        lines = tuple(text.split("\n"))
        widest = max(_width(font, line, size) for line in lines)
        return min(size, size * width / widest, height / len(lines) / 1.15), lines
    full = _width(font, text, size)
    if full <= width:
        return size, (text,)
    if full * 0.85 <= width or one_line:
        return size * width / full, (text,)
    s = size
    while True:  # below MIN_SIZE only for text no cell of a roster should hold: small, but never outside
        lines = _wrap(text, font, width, s)
        if len(lines) * s * 1.15 <= height or s <= 1.0:
            return s, lines
        s -= 0.5 if s > MIN_SIZE else 0.25


def _wrap(text: str, font: Ink, width: float, size: float) -> tuple[str, ...]:
    """Greedy wrap character by character (Chinese text breaks anywhere)."""
    lines, line, used = [], "", 0.0
    for ch in text:
        w = _width(font, ch, size)
        if line and used + w > width:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += w
    if line:
        lines.append(line)
    return tuple(lines)


def _draw_text(c: Canvas, font: FontChain, text: str, col: _Column, y_top: float, height: float,
               size: float = SIZE) -> None:
    """`text` in the cell whose top is `y_top`, centred vertically, aligned as its column."""
    if text:
        s, lines = fit(text, font, col.width - 2 * PAD, height - 2, size, col.key in ONE_LINE)
        _draw_lines(c, font, s, lines, col, y_top, height)


def _draw_lines(c: Canvas, font: FontChain, size: float, lines: Sequence[str], col: _Column, y_top: float,
                height: float) -> None:
    lead = size * 1.15
    # the block of lines centred in the cell; a CJK glyph's ink sits ~0.12 em above the baseline's descent
    base = y_top - (height - lead * len(lines)) / 2 - lead + (lead - size) / 2 + size * 0.18
    for n, line in enumerate(lines):
        y = base - n * lead
        if col.align == "r":
            font.draw(c, col.x + col.width - PAD, y, line, size, "right")
        elif col.align == "l":
            font.draw(c, col.x + PAD, y, line, size)
        else:
            font.draw(c, col.x + col.width / 2, y, line, size, "centre")


def _title(c: Canvas, text: str, font: str, y: float) -> None:
    """The title centred, letter-spaced and drawn a little heavier (fill and stroke), as the other forms."""
    size = _title_size(text, font)
    space = size * 0.35
    width = getFont(font).stringWidth(text, size) + space * (len(text) - 1)
    c.saveState()  # character spacing and render mode are graphics state: not for the text after it
    t = c.beginText((PAGE_W - width) / 2, y)
    t.setFont(font, size)
    t.setCharSpace(space)
    t.setTextRenderMode(2)
    c.setLineWidth(size * 0.025)
    t.textOut(text)
    c.drawText(t)
    c.restoreState()


def signing_lines(c: Canvas, chain: FontChain, signers: Sequence[tuple[str, str]], beneath: bool, x: float,
                  y: float, size: float = SIGN_SIZE, line: float = SIGN_LINE) -> float:
    """"经办人（签字）：____" for each signer from x on the baseline y, a blank ruled line to sign on; the
    name at 7 pt centred under the line only when `beneath`. Returns the x after the last line."""
    for role, name in signers:
        label = f"{role}（签字）："
        x += chain.draw(c, x, y, label, size)
        c.setLineWidth(0.6)
        c.line(x, y - 1.5, x + line, y - 1.5)
        if beneath and name:
            chain.draw(c, x + line / 2, y - 1.5 - 3.2 * mm, name, 7, "centre")
        x += line + 5 * mm
    return x


# --- one page -------------------------------------------------------------------------------------

class _Page:
    def __init__(self, c: Canvas, doc: RosterDocument, font: FontChain, heading: FontChain) -> None:
        self.c, self.doc, self.font, self.heading = c, doc, font, heading
        self.cols = columns(doc.public, doc.place_head, doc.goods)
        self.col = {col.key: col for col in self.cols}
        self.right = self.cols[-1].x + self.cols[-1].width

    def top(self, label: str) -> float:
        """Title, the rule, the info line; returns the y under them (TABLE_TOP)."""
        c, doc = self.c, self.doc
        _title(c, doc.title, self.heading.main, PAGE_H - MARGIN_TOP - TITLE_SIZE * 1.05)
        rule_y = PAGE_H - MARGIN_TOP - TITLE_SIZE * 1.4 - 4.5 * mm
        self.heading.draw(c, PAGE_W / 2, rule_y, RULE_TEXT, RULE_SIZE, "centre")
        y = TABLE_TOP + 2.2 * mm
        info = "　　".join(p for p in (f"发放单位：{doc.office_name}", f"批次号：{doc.batch}",
                                       f"制表日期：{doc.issued_on}", label) if p)
        self.font.draw(c, MARGIN_X, y, info, 9)
        copy = "公开版（身份证号已遮蔽）" if doc.public else "内部资料　含个人敏感信息　注意保密"
        self.font.draw(c, self.right, y, copy, 9, "right")
        return TABLE_TOP

    def head(self, group: RosterGroup) -> float:
        """Title, rule, info line and column heads; returns the top of the table."""
        c = self.c
        top = self.top(group.label)
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
            method = row.method.split("\n")[0] if self.doc.public else row.method  # no card tail in public
            cells = [("seq", str(first_seq + n)), ("name", row.name), ("id_number", ident),
                     ("category", row.category), ("unit", row.unit), ("amount", money(row.amount_fen)),
                     ("method", method), ("voucher", row.voucher_no), ("note", row.note)]
            if not self.doc.public:
                cells.append(("phone", row.phone))
            if self.doc.goods:
                cells.append(("goods", row.goods_text))
            for key, text in cells:
                _draw_text(self.c, font, text, col[key], y, ROW_H)
            y -= ROW_H
        return y

    def sums(self, rows: Sequence[RosterRow], group: RosterGroup, last: bool, y: float) -> float:
        """本页小计 and, on the group's last page, 合计 with capitals and head count."""
        c, col = self.c, self.col
        label_col = _Column("label", "", MARGIN_X, col["amount"].x - MARGIN_X, "c")
        rest = _Column("rest", "", col["method"].x, self.right - col["method"].x, "l")
        lines = [(f"本页小计（本页 {len(rows)} 人）", money(sum(r.amount_fen for r in rows)), goods_sum(rows))]
        if last:
            words = "　".join(p for p in (f"大写：{group.capitals}", goods_sum(group.rows)) if p)
            lines.append((f"合计（共 {len(group.rows)} 人）", money(group.total_fen), words))
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

    def foot(self, page: str, y: float) -> None:
        """The signing lines and the seal under the table at y, the page number and the corner."""
        c, doc = self.c, self.doc
        y -= 7 * mm
        signing_lines(c, self.font, doc.signatories, doc.names_beneath, MARGIN_X, y)
        self.font.draw(c, self.right, y, "（单位盖章）", SIGN_SIZE, "right")
        self.font.draw(c, PAGE_W / 2, MARGIN_BOTTOM - 3 * mm, page, 8, "centre")
        c.setFillGray(0.35)
        corner = f"{doc.printed}　{doc.audit_tip}" if doc.audit_tip else doc.printed  # the audit anchor too
        self.font.draw(c, MARGIN_X, MARGIN_BOTTOM - 3 * mm, corner, 7)
        c.setFillGray(0)


def _title_size(title: str, font: str) -> float:
    width = getFont(font).stringWidth(title, TITLE_SIZE) + TITLE_SIZE * 0.35 * (len(title) - 1)
    return min(TITLE_SIZE, TITLE_SIZE * WIDTH / width)


def _group(page: _Page, group: RosterGroup) -> None:
    pages = group.pages
    for p in range(pages):
        chunk = group.rows[p * ROWS_PER_PAGE:(p + 1) * ROWS_PER_PAGE]
        last = p == pages - 1
        top = page.head(group)
        y = page.rows(chunk, p * ROWS_PER_PAGE + 1, top - HEAD_H)
        bottom = page.sums(chunk, group, last, y)
        page.grid(top, bottom, len(chunk), 2 if last else 1)
        page.foot(f"第 {p + 1} 页　共 {pages} 页", bottom)
        page.c.showPage()


# The summary of a split roster: (head, width in mm, alignment).
SUMMARY_COLUMNS = (("序号", 14, "c"), ("分组", 110, "l"), ("页数", 20, "c"), ("人数", 24, "c"),
                   ("金额(元)", 40, "r"), ("备注", 0, "l"))
SUMMARY_ROW_H = 8 * mm
SUMMARY_ROWS = int((TABLE_TOP - HEAD_H - 2 * SUMMARY_ROW_H - FOOT_H - MARGIN_BOTTOM) // SUMMARY_ROW_H)


def summary_pages(groups: Sequence[RosterGroup]) -> int:
    return max(1, -(-len(groups) // SUMMARY_ROWS))


def _summary(page: _Page, groups: Sequence[RosterGroup], grand_capitals: str) -> int:
    """The summary page(s) of a split roster: each group with its pages, head count and total, then the
    grand total in figures and capitals; signed like every page. Returns the pages drawn."""
    c, font, heading = page.c, page.font, page.heading
    cols, x = [], MARGIN_X
    for head, width_mm, align in SUMMARY_COLUMNS:
        width = width_mm * mm or (MARGIN_X + WIDTH - x)
        cols.append(_Column(head, head, x, width, align))
        x += width
    count = summary_pages(groups)
    for p in range(count):
        chunk = groups[p * SUMMARY_ROWS:(p + 1) * SUMMARY_ROWS]
        last = p == count - 1
        top = page.top(f"汇总表（共 {len(groups)} 组）")
        c.setFillGray(0.9)
        c.rect(MARGIN_X, top - HEAD_H, WIDTH, HEAD_H, stroke=0, fill=1)
        c.setFillGray(0)
        for col in cols:
            _draw_lines(c, heading, 9, [col.head], col, top, HEAD_H)
        y = top - HEAD_H
        for n, g in enumerate(chunk, start=p * SUMMARY_ROWS + 1):
            for col, text in zip(cols, (str(n), g.label, str(g.pages), str(len(g.rows)), money(g.total_fen),
                                        g.capitals), strict=True):
                _draw_text(c, font, text, col, y, SUMMARY_ROW_H, 9)
            y -= SUMMARY_ROW_H
        sums = 2 if last else 0
        if last:
            people = sum(len(g.rows) for g in groups)
            pages = sum(g.pages for g in groups)
            total = sum(g.total_fen for g in groups)
            label = _Column("l", "", MARGIN_X, cols[2].x - MARGIN_X, "c")
            for texts in ((f"总计（{len(groups)} 组）", str(pages), f"共 {people} 人", money(total), ""),
                          ("大写", "", "", "", "")):
                c.setFillGray(0.96)
                c.rect(MARGIN_X, y - SUMMARY_ROW_H, WIDTH, SUMMARY_ROW_H, stroke=0, fill=1)
                c.setFillGray(0)
                if texts[0] == "大写":
                    _draw_text(c, heading, "总计大写", label, y, SUMMARY_ROW_H, 9.5)
                    words = _Column("w", "", cols[2].x, MARGIN_X + WIDTH - cols[2].x, "l")
                    _draw_text(c, font, grand_capitals, words, y, SUMMARY_ROW_H, 10)
                else:
                    _draw_text(c, heading, texts[0], label, y, SUMMARY_ROW_H, 9.5)
                    for col, text in zip(cols[2:5], texts[1:4], strict=True):
                        _draw_text(c, heading, text, col, y, SUMMARY_ROW_H, 9.5)
                y -= SUMMARY_ROW_H
        c.setLineWidth(RULE)
        right, rows_bottom = MARGIN_X + WIDTH, top - HEAD_H - len(chunk) * SUMMARY_ROW_H
        ys = [top] + [top - HEAD_H - n * SUMMARY_ROW_H for n in range(len(chunk) + sums + 1)]
        lines = [(MARGIN_X, y_, right, y_) for y_ in ys]
        lines += [(col.x, top, col.x, rows_bottom) for col in cols[1:]]
        lines += [(MARGIN_X, top, MARGIN_X, y), (right, top, right, y)]
        if last:  # 总计: its own cells under 页数, 人数, 金额; 大写: one cell from 页数 on
            lines += [(col.x, rows_bottom, col.x, rows_bottom - SUMMARY_ROW_H) for col in cols[2:6]]
            lines.append((cols[2].x, rows_bottom - SUMMARY_ROW_H, cols[2].x, y))
        c.lines(lines)
        page.foot(f"汇总表　第 {p + 1} 页　共 {count} 页", y)
        c.showPage()
    return count


def check_roster(doc: RosterDocument, chain: FontChain) -> None:
    """MissingGlyphs (naming the household and the field) for a character no font of `chain` has."""
    fields: list[tuple[str, str, str]] = [("签收表", "标题", doc.title), ("签收表", "发放单位", doc.office_name),
                                          ("签收表", "打印人", doc.printed)]
    fields += [("签收表", f"{role}姓名", name) for role, name in doc.signatories]
    for group in doc.groups:
        fields.append(("签收表", "分组", group.label))
        for row in group.rows:
            whose = f"户主“{row.name}”（档案编号 {row.file_no}）" if row.file_no else f"户主“{row.name}”"
            fields += [(whose, "姓名", row.name), (whose, doc.place_head, row.unit), (whose, "困难类别", row.category),
                       (whose, "备注", row.note), (whose, "慰问品", row.goods_text)]
    chain.check(fields)


def write_roster(doc: RosterDocument, path: Path, font: PdfFont, heading: PdfFont | None = None) -> int:
    """Write the roster to `path` (a plain write; services.publishing.publish renames it); returns the number of pages.
    MissingGlyphs, before anything is written, for a character no font has."""
    body = font_chain(font, doc.extra_fonts or None)
    check_roster(doc, body)
    head = font_chain(heading or font, doc.extra_fonts or None)
    temp = Path(path)
    c = Canvas(str(temp), pagesize=(PAGE_W, PAGE_H), pageCompression=1)
    c.setTitle(doc.title)
    c.setAuthor(doc.office_name)
    c.setCreator("送暖")
    page = _Page(c, doc, body, head)
    groups = doc.groups or (RosterGroup("", (), "人民币零元整"),)
    for group in groups:
        _group(page, group)
    extra = _summary(page, groups, doc.grand_capitals) if doc.split else 0
    c.save()
    return sum(g.pages for g in groups) + extra
