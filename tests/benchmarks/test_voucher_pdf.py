"""1,000 vouchers to PDF (SPEC §5: ≤ 2 s, and ≤ 2× a bare reportlab loop drawing the same text).

Measured in the same run, on a fresh copy of the same office each round:
- the service: `print_vouchers` for a campaign of 1,000 approved items — 1,000 numbers allocated,
  1,000 voucher rows and their audit entries, and the PDF (two parts a page, the default setting);
- the writer alone: `write_vouchers`, the PDF part of that call (timed inside it);
- the bare loop: a reportlab canvas that draws every string of every page — both parts' labels, titles,
  signatories and the voucher's own values — with `drawString` in the same fonts, one page a voucher,
  and saves with the same stream settings: what drawing the same text costs with no layout, rules or
  QR code. The writer is faster than that: what is the same on every page is drawn once, as a PDF form.
Prints the medians and the ratios; never asserts a time.

    python -m pytest tests/benchmarks/test_voucher_pdf.py -s -q
"""

from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from songnuan_desktop.documents.fonts import cjk_font
from songnuan_desktop.documents.voucher_pdf import NUMBER_FONT, VoucherSet, binary_streams, page_strings
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.persistence.models import AssistanceItem, Campaign, User, UserRole
from songnuan_desktop.services.payouts import vouchers as service
from songnuan_desktop.demo import build_demo
from songnuan_desktop.services.office.session_user import SessionUser

ROUNDS = 3
VOUCHERS = 1_000
WORKERS = 5_000  # this winter's campaign of the demo then has 1,500 items
CAMPAIGN = "2027年元旦春节送温暖"


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SessionUser]:
    """A demo office with 1,000 items of this winter approved (set up by SQL, not measured)."""
    path = tmp_path_factory.mktemp("vouchers") / "demo.db"
    db = open_database("sqlite:///" + str(path), create=True)
    try:
        build_demo(db, workers=WORKERS, seed=7)
        with db.read() as session:
            campaign_id = session.scalars(select(Campaign.id).where(Campaign.name == CAMPAIGN)).one()
            ids = list(session.scalars(select(AssistanceItem.id).where(AssistanceItem.campaign_id == campaign_id)
                                       .order_by(AssistanceItem.id).limit(VOUCHERS)))
            clerk = session.scalars(select(User).join(UserRole).where(UserRole.role == Role.CLERK.value)).one()
            by = SessionUser(clerk.id, clerk.username, clerk.display_name, clerk.office_id,
                             frozenset({Role.CLERK}))
        with db.engine.begin() as conn:
            conn.execute(AssistanceItem.__table__.update().where(AssistanceItem.campaign_id == campaign_id)
                         .values(state="voided"))
            conn.execute(AssistanceItem.__table__.update().where(AssistanceItem.id.in_(ids))
                         .values(state="approved"))
    finally:
        db.close()
    assert len(ids) == VOUCHERS
    return path, by


def _service(path: Path, by: SessionUser, out: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[float, float, Any]:
    """(seconds of print_vouchers, seconds of its PDF writer, the document it wrote)."""
    seen: dict[str, Any] = {}
    writer = service.write_vouchers

    def timed(doc: VoucherSet, *args: Any, **kwargs: Any) -> int:
        started = time.perf_counter()
        pages = writer(doc, *args, **kwargs)
        seen["writer"], seen["doc"] = time.perf_counter() - started, doc
        return pages

    monkeypatch.setattr(service, "write_vouchers", timed)
    db = open_database("sqlite:///" + str(path), create=True)
    try:
        started = time.perf_counter()
        printed = service.print_vouchers(db, by, CAMPAIGN, out)
        elapsed = time.perf_counter() - started
    finally:
        db.close()
        monkeypatch.undo()
    assert printed.new == VOUCHERS
    return elapsed, seen["writer"], seen["doc"]


def _bare(doc: VoucherSet, out: Path) -> float:
    font = cjk_font().name
    started = time.perf_counter()
    with binary_streams():  # the writer's stream settings: compressed, not ASCII85-encoded
        canvas = Canvas(str(out), pagesize=A4, pageCompression=1)
        for voucher in doc.vouchers:
            strings = page_strings(doc, voucher)
            for n, text in enumerate(strings):
                canvas.setFont(NUMBER_FONT if text == voucher.number else font, 10)
                canvas.drawString(30 + (n % 3) * 180, 800 - (n // 3) * 11, text)
            canvas.showPage()
        canvas.save()
    return time.perf_counter() - started


@pytest.mark.benchmark
def test_voucher_pdf_benchmark(prepared: tuple[Path, SessionUser], tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    source, by = prepared
    runs, writers, bares = [], [], []
    for n in range(ROUNDS):
        copy = tmp_path / f"round{n}.db"
        shutil.copy(source, copy)
        elapsed, writer, doc = _service(copy, by, tmp_path / f"凭证{n}.pdf", monkeypatch)
        runs.append(elapsed)
        writers.append(writer)
        bares.append(_bare(doc, tmp_path / f"bare{n}.pdf"))
    run, write, bare = (statistics.median(x) for x in (runs, writers, bares))
    size = (tmp_path / "凭证0.pdf").stat().st_size / 2**20
    print(f"\n[bench] {VOUCHERS} vouchers ({len(doc.vouchers)} pages, {size:.1f} MiB): print_vouchers "
          f"{run * 1000:.0f} ms median (numbers, rows, audit and PDF; target ≤ 2000 ms), of which the PDF "
          f"writer {write * 1000:.0f} ms; bare reportlab loop drawing the same strings {bare * 1000:.0f} ms; "
          f"ratio service/bare {run / bare:.2f}, writer/bare {write / bare:.2f} (target ≤ 2)")
    print(f"[bench] rounds: service {[round(x, 3) for x in runs]}, writer {[round(x, 3) for x in writers]}, "
          f"bare {[round(x, 3) for x in bares]}")
