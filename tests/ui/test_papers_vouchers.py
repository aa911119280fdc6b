"""打印凭证 through the real 发放 screen (issue 13 item 3): the preview is a 样张 — no number on it, nothing
in the database — and the numbers are allocated only when the system print dialog is accepted or the
paper is saved; a cancelled print dialog or a closed preview allocates nothing. (Before, the numbers
were given when the preview opened.) The status line stays one line whatever the message."""

from __future__ import annotations

from collections.abc import Iterator
import re
from pathlib import Path

import pypdf
import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog
from sqlalchemy import func, select

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry, Voucher
from songnuan_desktop.services.access import auth
from songnuan_desktop.ui.dialogs.pdf_preview import PdfPreviewDialog
from songnuan_desktop.ui.screens.payouts import PayoutsScreen
from tests.demo_offices import DemoOffices
from tests.ui.helpers import payouts_on

APPROVED = "2026年金秋助学"  # the demo's approved campaign: some vouchers printed, none paid
WAIT = 20_000
NUMBER = re.compile(r"\d{4}-[A-Z0-9]+-\d{6}")


@pytest.fixture
def demo(sqlite_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(sqlite_url, workers=160, seed=5)  # a copy of one build per session


def _screen(qtbot, db: Database) -> PayoutsScreen:  # type: ignore[no-untyped-def]
    return payouts_on(qtbot, db, auth.login(db, "jingban", "songnuan2026"), APPROVED, size=(1186, 708), timeout=WAIT)


def _recorded(db: Database) -> tuple[int, int]:
    with db.read() as session:
        return (session.scalar(select(func.count()).select_from(Voucher)) or 0,
                session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def _unprinted(screen: PayoutsScreen) -> int:
    assert screen.detail is not None
    return len([r for r in screen.detail.rows if r.item.state.value == "approved" and not r.voucher])


def _texts(path: Path) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in pypdf.PdfReader(path).pages]


def _sample(qtbot, screen: PayoutsScreen) -> PdfPreviewDialog:  # type: ignore[no-untyped-def]
    screen.ui.items.clearSelection()  # every approved item without a voucher
    with qtbot.waitSignal(screen.previewed, timeout=WAIT) as shown:
        screen.ui.printVouchers.click()
    dialog = shown.args[0]
    qtbot.addWidget(dialog)
    return dialog


def _print_dialog_answers(monkeypatch, accepted: bool, out: Path) -> list[bool]:  # type: ignore[no-untyped-def]
    """The system print dialog cannot be clicked offscreen: it answers as the clerk would, a PDF printer chosen."""
    def answer(dialog: QPrintDialog) -> int:
        seen.append(dialog.testOption(QPrintDialog.PrintDialogOption.PrintPageRange))
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return int(QDialog.DialogCode.Accepted if accepted else QDialog.DialogCode.Rejected)
    seen: list[bool] = []  # whether each dialog offered a page range
    monkeypatch.setattr(QPrintDialog, "exec", answer)
    return seen


def test_the_preview_is_a_sample_and_cancelling_allocates_nothing(qtbot, demo, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                  monkeypatch) -> None:
    screen = _screen(qtbot, demo)
    unprinted = _unprinted(screen)
    before = _recorded(demo)

    dialog = _sample(qtbot, screen)
    assert _recorded(demo) == before  # the preview opened: no number, no audit entry
    assert dialog.page_count() == unprinted and dialog.ui.sampleNote.isVisible()
    assert "编号在打印或另存时分配" in dialog.ui.sampleNote.text()
    pages = _texts(dialog.path)
    assert all("样张" in p and "编号在打印时分配" in p for p in pages)
    assert not any(NUMBER.search(p) for p in pages)

    _print_dialog_answers(monkeypatch, False, tmp_path / "never.pdf")
    dialog.ui.printButton.click()  # the system print dialog, cancelled
    dialog.reject()
    qtbot.wait(200)
    assert _recorded(demo) == before and not (tmp_path / "never.pdf").exists()
    assert _unprinted(screen) == unprinted


def test_printing_numbers_the_vouchers_then_prints_the_numbered_file(qtbot, demo, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                     monkeypatch) -> None:
    screen = _screen(qtbot, demo)
    unprinted = _unprinted(screen)
    vouchers_before = _recorded(demo)[0]
    dialog = _sample(qtbot, screen)

    ranges = _print_dialog_answers(monkeypatch, True, tmp_path / "printed.pdf")
    with qtbot.waitSignal(dialog.numbered, timeout=WAIT) as numbered, qtbot.waitSignal(screen.loaded, timeout=WAIT):
        dialog.ui.printButton.click()
    printed = numbered.args[0]
    assert ranges == [False]  # a 样张 is printed whole: no number without its paper
    assert len(printed.numbers) == unprinted and _recorded(demo)[0] == vouchers_before + unprinted
    assert len(pypdf.PdfReader(tmp_path / "printed.pdf").pages) == unprinted
    shown = _texts(dialog.path)  # the preview now shows the numbered paper
    assert [NUMBER.search(p).group(0) for p in shown] == list(printed.numbers)  # type: ignore[union-attr]
    assert not any("样张" in p for p in shown) and not dialog.ui.sampleNote.isVisible()
    assert _unprinted(screen) == 0

    # saved afterwards it is a copy of the numbered paper: no second allocation
    copy = dialog.save_to(tmp_path / "copy.pdf")
    assert _recorded(demo)[0] == vouchers_before + unprinted and _texts(copy) == shown


def test_the_status_line_keeps_one_line_and_its_whole_text_in_the_tooltip(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    screen = _screen(qtbot, demo)
    line = screen.ui.message
    height, top = line.height(), screen.ui.reconciliationBox.y()
    long = "已打印凭证 30 张（新开 30 张，补打 0 张）：" + "，".join(f"2026-JQZX01-{n:06d}" for n in range(30)) + "。"
    line.setText(long)
    qtbot.wait(50)
    assert line.text() == long and line.toolTip() == long
    assert line.shown().endswith("…") and len(line.shown()) < len(long)
    assert line.height() == height and screen.ui.reconciliationBox.y() == top  # nothing moved
    line.setText("已确认发放 3 项。")
    assert line.shown() == "已确认发放 3 项。" and line.toolTip() == ""


def test_save_as_numbers_the_sample_where_the_clerk_chose(qtbot, demo, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                          monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from songnuan_desktop.ui.widgets import file_dialogs

    screen = _screen(qtbot, demo)
    unprinted = _unprinted(screen)
    dialog = _sample(qtbot, screen)
    asked: list[str] = []

    def answer(_parent, _caption, start, *_rest):  # type: ignore[no-untyped-def]
        asked.append(start)
        return str(tmp_path / "凭证-金秋助学"), ""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    with qtbot.waitSignal(dialog.numbered, timeout=WAIT) as numbered:
        dialog.ui.saveAs.click()
    saved = tmp_path / "凭证-金秋助学.pdf"
    assert asked and asked[0].endswith(dialog.saved_name)
    assert [NUMBER.search(p).group(0) for p in _texts(saved)] == list(numbered.args[0].numbers)  # type: ignore[union-attr]
    assert len(numbered.args[0].numbers) == unprinted and not list(tmp_path.glob(".*part*"))
    assert file_dialogs.start_folder("papers") == tmp_path  # the next 另存为 starts here


def test_a_refused_numbering_keeps_the_sample(qtbot, demo, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Printed from another desk while the 样张 was open: 另存为 is refused in words, nothing is numbered twice,
    and the preview stays a 样张."""
    from songnuan_desktop.services.payouts import vouchers
    from songnuan_desktop.ui.dialogs import pdf_preview

    screen = _screen(qtbot, demo)
    dialog = _sample(qtbot, screen)
    finance = auth.login(demo, "caiwu", "songnuan2026")
    assert screen.chosen is not None
    vouchers.print_vouchers(demo, finance, screen.chosen, tmp_path / "other-desk.pdf")
    before = _recorded(demo)
    refused: list[BaseException] = []
    monkeypatch.setattr(pdf_preview, "show_refusal", lambda _parent, exc: refused.append(exc))

    dialog.save_to(tmp_path / "mine.pdf")
    qtbot.waitUntil(lambda: bool(refused), timeout=WAIT)
    assert "补打" in str(refused[0]) and _recorded(demo) == before
    assert not (tmp_path / "mine.pdf").exists() and dialog.ui.sampleNote.isVisible()


def test_a_printer_that_does_not_start_is_said_and_the_numbered_paper_kept(qtbot, demo, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                            monkeypatch) -> None:
    from songnuan_desktop.ui.dialogs import pdf_preview

    screen = _screen(qtbot, demo)
    dialog = _sample(qtbot, screen)
    said: list[str] = []
    monkeypatch.setattr(pdf_preview.QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    _print_dialog_answers(monkeypatch, True, tmp_path / "no-such-folder" / "printed.pdf")
    with qtbot.waitSignal(dialog.numbered, timeout=WAIT) as numbered:
        dialog.ui.printButton.click()
    assert said and "打印机" in said[0]  # in words, no traceback
    count = _recorded(demo)[0]
    assert [NUMBER.search(p).group(0) for p in _texts(dialog.path)] == list(numbered.args[0].numbers)  # type: ignore[union-attr]

    _print_dialog_answers(monkeypatch, True, tmp_path / "printed.pdf")  # the printer is back: the same paper again
    dialog.ui.printButton.click()
    assert len(pypdf.PdfReader(tmp_path / "printed.pdf").pages) == len(numbered.args[0].numbers)
    assert _recorded(demo)[0] == count


def test_many_mismatches_keep_the_list_in_place(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    """Mismatches beyond three lines go to the tooltip: the reconciliation box, and the list under it, stay put."""
    from dataclasses import replace

    screen = _screen(qtbot, demo)
    assert screen.detail is not None
    qtbot.wait(50)
    top = screen.ui.tabs.y()
    lines = tuple(f"第 {n} 条：已发放的名单项没有凭证，请补打或核对。" for n in range(1, 8))
    screen._show_reconciliation(replace(screen.detail.reconciliation, problems=lines))
    qtbot.wait(50)
    shown = screen.ui.problems.text().split("\n")
    assert len(shown) == 3 and shown[:2] == list(lines[:2]) and "另有 5 条" in shown[2]
    assert screen.ui.problems.toolTip() == "\n".join(lines)
    assert screen.ui.tabs.y() == top
    screen._show_reconciliation(replace(screen.detail.reconciliation, problems=()))
    assert screen.ui.problems.text() == "核对无误。" and screen.ui.problems.toolTip() == ""
