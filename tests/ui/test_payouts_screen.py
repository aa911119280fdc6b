"""发放 through the real widgets over a demo office: vouchers printed for a selection and previewed with
the right page count, saved and printed to a PDF printer; a signed roster page confirmed paid by
finance and the reconciliation following; a clerk who cannot confirm; the preview without QtPdf;
a spot-check drawn and its result recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialogButtonBox

from songnuan_desktop.domain.errors import PermissionDenied
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.payouts import payouts
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs import pdf_preview
from songnuan_desktop.ui.dialogs.pdf_preview import PdfPreviewDialog, prepare_printer
from songnuan_desktop.ui.screens.payouts import PayoutsScreen
from tests.demo_offices import DemoOffices
from tests.ui.helpers import payouts_on

APPROVED = "2026年金秋助学"  # the demo's approved campaign: some vouchers printed, none paid
PAID = "2026年元旦春节送温暖"  # paid and partly checked
WAIT = 20_000


@pytest.fixture
def demo(sqlite_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(sqlite_url, workers=160, seed=5)


def _user(db: Database, name: str) -> SessionUser:
    return auth.login(db, name, "songnuan2026")


def _screen(qtbot, db: Database, user: SessionUser, campaign: str) -> PayoutsScreen:  # type: ignore[no-untyped-def]
    return payouts_on(qtbot, db, user, campaign, size=(1100, 670), timeout=WAIT)


def _figure(screen: PayoutsScreen, row: int) -> tuple[str, str]:
    count, amount = screen.ui.figures.item(row, 1), screen.ui.figures.item(row, 2)
    assert count is not None and amount is not None
    return count.text(), amount.text()


def _print_selected(qtbot, screen: PayoutsScreen, rows: int) -> PdfPreviewDialog:  # type: ignore[no-untyped-def]
    screen.ui.stateFilter.setCurrentIndex(screen.ui.stateFilter.findData("unprinted"))
    assert screen.model.rowCount() >= rows
    for row in range(rows):
        screen.ui.items.selectionModel().select(
            screen.proxy.index(row, 0), screen.ui.items.selectionModel().SelectionFlag.Select
            | screen.ui.items.selectionModel().SelectionFlag.Rows)
    assert len(screen.selected()) == rows and screen.ui.printVouchers.isEnabled()
    with qtbot.waitSignal(screen.previewed, timeout=WAIT) as shown:
        screen.ui.printVouchers.click()
    dialog = shown.args[0]
    qtbot.addWidget(dialog)
    return dialog  # the 样张: numbered only when printed or saved (tests/ui/test_papers_vouchers.py)


def test_vouchers_for_a_selection_are_previewed_saved_and_counted(qtbot, demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    screen = _screen(qtbot, demo, _user(demo, "jingban"), APPROVED)
    printed_before = int(_figure(screen, 1)[0])
    dialog = _print_selected(qtbot, screen, 3)

    assert dialog.page_count() == 3  # one voucher to an A4 page
    assert dialog.view is not None and dialog.ui.printButton.isVisible()
    with qtbot.waitSignal(dialog.numbered, timeout=WAIT), qtbot.waitSignal(screen.loaded, timeout=WAIT):
        saved = dialog.save_to(tmp_path / "凭证")
    assert int(_figure(screen, 1)[0]) == printed_before + 3  # the reconciliation follows the print
    assert "3" in screen.ui.message.text()
    numbered = [r for r in screen.detail.rows if r.voucher]
    assert len(numbered) == printed_before + 3
    assert saved.name == "凭证.pdf" and len(pypdf.PdfReader(saved).pages) == 3


def test_the_print_routine_renders_every_page_into_a_pdf_printer(qtbot, demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    screen = _screen(qtbot, demo, _user(demo, "caiwu"), APPROVED)
    dialog = _print_selected(qtbot, screen, 2)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    prepare_printer(printer, dialog.document)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))

    with qtbot.waitSignal(dialog.numbered, timeout=WAIT):
        dialog.print_chosen(printer)  # numbered first, then printed
    pages = pypdf.PdfReader(tmp_path / "printed.pdf").pages
    assert len(pages) == 2
    assert round(float(pages[0].mediabox.width)) in (595, 596)  # A4, as the voucher's own page


def test_finance_confirms_a_signed_roster_page_and_the_reconciliation_follows(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    screen = _screen(qtbot, demo, _user(demo, "caiwu"), APPROVED)
    awaiting = int(_figure(screen, 0)[0])
    assert screen.ui.confirmPaid.isEnabled() and _figure(screen, 2)[0] == "0"

    dialog = screen.confirm_paid()
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(dialog.pages_list), timeout=WAIT)
    assert dialog.ui.page.isChecked()  # nothing selected: a page at once
    page = dialog.pages_list[0]
    ids = dialog.item_ids()
    assert ids and set(ids) <= set(page.item_ids)
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    assert _figure(screen, 2)[0] == str(len(ids))
    assert int(_figure(screen, 0)[0]) == awaiting - len(ids)
    paid = {r.item.item_id for r in screen.detail.rows if r.item.state == ItemState.PAID}
    assert paid == set(ids)
    assert screen.ui.problems.text() == "核对无误。"  # paid with a voucher or on the roster: no mismatch


def test_a_clerk_cannot_confirm_payment(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    clerk = _user(demo, "jingban")
    screen = _screen(qtbot, demo, clerk, APPROVED)
    assert not screen.ui.confirmPaid.isEnabled()
    assert screen.ui.printVouchers.isEnabled()  # the clerk's own papers
    item = next(r.item.item_id for r in screen.detail.rows if r.item.state == ItemState.APPROVED)
    with pytest.raises(PermissionDenied):
        payouts.mark_paid(demo, clerk, [item], dt.date.today(), "cash")


def test_without_qtpdf_the_preview_says_so_and_still_saves_or_opens(qtbot, demo, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                    monkeypatch) -> None:
    monkeypatch.setattr(pdf_preview, "AVAILABLE", False)
    opened: list[str] = []
    monkeypatch.setattr(pdf_preview.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    screen = _screen(qtbot, demo, _user(demo, "jingban"), APPROVED)
    dialog = _print_selected(qtbot, screen, 1)

    assert dialog.view is None and dialog.page_count() == 0
    assert dialog.ui.unavailable.isVisible() and not dialog.ui.printButton.isVisible()
    assert "预览" in dialog.ui.unavailable.text()  # in Chinese
    assert dialog.ui.saveAs.isVisible() and dialog.ui.openExternal.isVisible()
    with qtbot.waitSignal(dialog.numbered, timeout=WAIT):
        saved = dialog.save_to(tmp_path / "v.pdf")
    assert len(pypdf.PdfReader(saved).pages) == 1
    dialog.ui.openExternal.click()
    assert opened == [str(dialog.path)]


def test_a_reviewer_draws_a_spot_check_and_records_a_result(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    screen = _screen(qtbot, demo, _user(demo, "shenhe"), PAID)
    assert not screen.ui.printVouchers.isEnabled() and screen.ui.drawSample.isEnabled()
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        screen.draw_percent(10)
    check = screen.chosen_check()
    assert check is not None and check.entries and screen.ui.entries.rowCount() == len(check.entries)

    screen.ui.tabs.setCurrentIndex(1)
    screen.ui.entries.selectRow(0)
    dialog = screen.record_check()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.ui.result.setCurrentText("不属实")
    assert not dialog.ok.isEnabled()  # a note is needed
    dialog.ui.note.setPlainText("户主已外出务工，电话由其母接听")
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        dialog.ok.click()
    result = screen.ui.entries.item(0, 8)
    assert result is not None and result.text() == "不属实"

    with qtbot.waitSignal(screen.previewed, timeout=WAIT) as shown:
        screen.ui.printChecks.click()
    qtbot.addWidget(shown.args[0])
    assert shown.args[0].page_count() >= 1


def test_the_payout_model_passes_the_model_tester(qtbot, qtmodeltester, demo) -> None:  # type: ignore[no-untyped-def]
    """Qt's own consistency checks over a paid campaign's rows, then an approved one's (issue 17 item 8)."""
    screen = _screen(qtbot, demo, _user(demo, "caiwu"), PAID)
    assert screen.model.rowCount() > 0
    qtmodeltester.check(screen.model, force_py=True)
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        screen.choose_campaign(APPROVED)
    qtmodeltester.check(screen.model, force_py=True)
