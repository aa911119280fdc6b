"""A 1,500-line 发放签收表 to PDF (issue 5 target: ≤ 2 s), beside a bare reportlab loop that draws the
same strings with the same font at the same places, page for page (no grid, no fitting, no sums).
Medians of 3 runs; the figures and the ratio are printed, no time is asserted.

    python -m pytest tests/benchmarks/test_roster_pdf.py -s
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from songnuan_desktop.documents.fonts import cjk_font, cjk_heading_font
from songnuan_desktop.documents.roster_pdf import (
    PAGE_H, PAGE_W, ROW_H, ROWS_PER_PAGE, SIZE, TABLE_TOP, RosterDocument, RosterGroup, RosterRow, columns, fit,
    money, write_roster,
)
from songnuan_desktop.demo import data as demo_data
from songnuan_desktop.services.payouts.roster import amount_in_capitals

RUNS, LINES = 3, 1_500
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "秀英桂兰建华明德志强国庆玉梅海燕红霞文斌光辉正勇仙梅丽萍晓燕"


def _rows() -> tuple[RosterRow, ...]:
    rng = random.Random(5)
    units = [name for _union, members in demo_data.UNIONS for name, *_rest in members]
    rows = []
    for n in range(LINES):
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 3))))
        card = f"62284{rng.randrange(10**13):013d}"
        born = f"{rng.randrange(1960, 2000)}0{rng.randrange(1, 10)}1{rng.randrange(10)}"
        id_number = f"522622{born}{rng.randrange(1000, 9999)}"
        rows.append(RosterRow(
            name=name, id_number=id_number, category=rng.choice(("深度困难", "相对困难", "意外致困")),
            unit=rng.choice(units), amount_fen=rng.choice((50_000, 80_000, 100_000)),
            method=f"银行卡\n尾号{card[-4:]}" if n % 3 else "现金", voucher_no=f"2027-SWN01-{n + 1:06d}",
            phone=f"139{rng.randrange(10**8):08d}", note="已发放 2027-01-20" if n % 5 == 0 else ""))
    return tuple(rows)


def _document(rows: tuple[RosterRow, ...]) -> RosterDocument:
    total = sum(r.amount_fen for r in rows)
    return RosterDocument(
        office_name="黄平县旧州镇总工会", title="2027年元旦春节送温暖慰问金发放签收表", batch="2027-SWN01",
        public=False,
        signatories=(("制表人", "张丽萍"), ("经办人", "吴晓燕"), ("审核人", "潘国强"), ("负责人", "龙正华")),
        issued_on="2027年1月5日", printed="打印：张丽萍　2027-01-05 10:00",
        groups=(RosterGroup("", rows, amount_in_capitals(total)),))


def _bare(rows: tuple[RosterRow, ...], path: Path, font: str) -> None:
    """The same cell strings drawn with one drawString each, at the cells' places, 15 rows a page."""
    cols = {c.key: c for c in columns(False)}
    c = Canvas(str(path), pagesize=(PAGE_W, PAGE_H), pageCompression=1)
    c.setFont(font, SIZE)
    for n, r in enumerate(rows):
        y = TABLE_TOP - ROW_H * (1.6 + n % ROWS_PER_PAGE)
        for key, text in (("seq", str(n + 1)), ("name", r.name), ("id_number", r.id_number),
                          ("category", r.category), ("unit", r.unit), ("phone", r.phone),
                          ("amount", money(r.amount_fen)), ("method", r.method), ("voucher", r.voucher_no),
                          ("note", r.note)):
            c.drawString(cols[key].x + 3, y, text)
        if n % ROWS_PER_PAGE == ROWS_PER_PAGE - 1:
            c.showPage()
            c.setFont(font, SIZE)
    c.save()


def _timed(work: Callable[[int], object]) -> list[float]:
    taken = []
    for run in range(RUNS):
        started = time.perf_counter()
        work(run)
        taken.append(time.perf_counter() - started)
    return taken


def test_roster_of_1500_lines(tmp_path: Path) -> None:
    font, heading = cjk_font(), cjk_heading_font()
    rows = _rows()
    doc = _document(rows)
    write_roster(doc, tmp_path / "warm.pdf", font, heading)  # font registered and parsed once, as in the program

    def ours_run(run: int) -> None:
        fit.cache_clear()  # each run measures its cells afresh, not from the run before
        write_roster(doc, tmp_path / f"roster-{run}.pdf", font, heading)

    ours = _timed(ours_run)
    bare = _timed(lambda run: _bare(rows, tmp_path / f"bare-{run}.pdf", font.name))
    pages = -(-LINES // ROWS_PER_PAGE)
    ours_m, bare_m = statistics.median(ours), statistics.median(bare)
    print(f"\n[bench] roster {LINES} lines, {pages} pages ({font.name}): "
          f"write_roster median {ours_m:.2f} s {[round(t, 2) for t in ours]}; "
          f"bare reportlab loop median {bare_m:.2f} s {[round(t, 2) for t in bare]}; ratio {ours_m / bare_m:.2f}×; "
          f"{(tmp_path / 'roster-0.pdf').stat().st_size / 2**20:.1f} MiB")
