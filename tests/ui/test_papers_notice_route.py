"""打印公示 and 打印走访安排表 through the real screens (issue 13 item 3): each paper goes the way the vouchers
go — written in the background, the print logged, then shown in the preview dialog with 打印 and 另存为 —
instead of only asking where to save a PDF. The route sheet's words read Chinese (they were English:
"Print route sheet", "PDF files (*.pdf)", "The route sheet was saved to …")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog
from sqlalchemy import func, select

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry
from songnuan_desktop.persistence.models_visits import Visit
from songnuan_desktop.services.access import auth
from songnuan_desktop.ui.dialogs.pdf_preview import PdfPreviewDialog
from songnuan_desktop.ui.screens.campaigns import CampaignsScreen
from songnuan_desktop.ui.screens.visits import DAY
from songnuan_desktop.workers.lanes import Lanes
from tests.demo_offices import DemoOffices
from tests.ui.calendar_helpers import demo_copy, office_of, opened

WAIT = 20_000


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Path:
    return demo_copy(tmp_path_factory, demo_offices)


@pytest.fixture
def office(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    yield from office_of(demo_file, tmp_path)


@pytest.fixture
def no_file_dialog(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def asked(*_a: object) -> tuple[str, str]:
        raise AssertionError("a paper is previewed first; 另存为 is asked only from the preview")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", asked)


def _logged(db: Database, action: str) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)) or 0


def _check_preview(dialog: PdfPreviewDialog, tmp_path: Path, title: str) -> None:
    assert dialog.windowTitle() == title and dialog.isVisible() and dialog.page_count() >= 1
    assert dialog.ui.printButton.isEnabled() and dialog.ui.saveAs.isEnabled()
    assert not dialog.ui.sampleNote.isVisible()  # no numbers on it: printed as it is
    saved = dialog.save_to(tmp_path / "copy")
    assert saved.suffix == ".pdf" and len(pypdf.PdfReader(saved).pages) == dialog.page_count()


def test_the_notice_is_previewed_to_print_or_save(qtbot, office: Database, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                  no_file_dialog) -> None:
    screen = CampaignsScreen(office, auth.login(office, "jingban", "songnuan2026"), Lanes())
    qtbot.addWidget(screen)
    screen.resize(1186, 708)
    screen.show()
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        screen.refresh()
    row = next(r for r, s in enumerate(screen.summaries) if s.name == "2026年元旦春节送温暖")
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        screen.ui.campaigns.selectRow(row)
    assert screen.ui.printNotice.isEnabled()
    printed = _logged(office, "print_notice")

    with qtbot.waitSignal(screen.previewed, timeout=WAIT) as shown:
        screen.ui.printNotice.click()
    dialog = shown.args[0]
    qtbot.addWidget(dialog)
    assert _logged(office, "print_notice") == printed + 1  # the print is logged as before
    assert "公示" in pypdf.PdfReader(dialog.path).pages[0].extract_text()
    _check_preview(dialog, tmp_path, "公示")


def test_the_route_sheet_is_previewed_and_its_words_are_chinese(qtbot, office: Database, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                no_file_dialog) -> None:
    with office.read() as session:
        day = session.scalar(select(Visit.date).where(Visit.deleted.is_(False)).order_by(Visit.date)) or dt.date.today()
    screen = opened(qtbot, office, DAY, day)
    ask = screen.tools.route_sheet()
    qtbot.addWidget(ask)
    assert ask.windowTitle() == "打印走访安排表"
    buttons = ask.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, PdfPreviewDialog), timeout=WAIT)
    dialog = screen.dialog
    assert isinstance(dialog, PdfPreviewDialog) and ask.result() == QDialog.DialogCode.Accepted
    qtbot.addWidget(dialog)
    assert "走访慰问安排表" in pypdf.PdfReader(dialog.path).pages[0].extract_text()
    _check_preview(dialog, tmp_path, "走访安排表")
    assert dialog.saved_name == f"走访安排表-{day:%Y-%m-%d}.pdf"
