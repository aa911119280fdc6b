"""打印公示结果 beside 打印公示 on the campaigns screen (issue 14 item 3): the notice as posted and the notice of
the current state are two papers; the result is written in the background, logged, and previewed in Chinese."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import select

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry
from songnuan_desktop.services.access import auth
from songnuan_desktop.ui.screens.campaigns import CampaignsScreen
from songnuan_desktop.workers.lanes import Lanes
from tests.demo_offices import DemoOffices
from tests.ui.calendar_helpers import demo_copy, office_of

WAIT = 20_000


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Path:
    return demo_copy(tmp_path_factory, demo_offices)


@pytest.fixture
def office(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    yield from office_of(demo_file, tmp_path)


def test_the_notice_result_is_its_own_button_and_paper(qtbot, office: Database) -> None:  # type: ignore[no-untyped-def]
    screen = CampaignsScreen(office, auth.login(office, "caiwu", "songnuan2026"), Lanes())
    qtbot.addWidget(screen)
    screen.show()
    assert screen.printResult.text() == "打印公示结果…" and not screen.printResult.isEnabled()
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        screen.refresh()
    row = next(r for r, s in enumerate(screen.summaries) if s.name == "2026年元旦春节送温暖")
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        screen.ui.campaigns.selectRow(row)
    assert screen.printResult.isVisible() and screen.printResult.isEnabled()
    with qtbot.waitSignal(screen.previewed, timeout=WAIT) as shown:
        screen.printResult.click()
    dialog = shown.args[0]
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "公示结果" and dialog.saved_name.startswith("公示结果-")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(dialog.path).pages)
    assert "公示结果" in text and "未予批准" in text  # last winter: a few rejected after the notice
    with office.read() as session:
        after = json.loads(session.scalars(select(AuditEntry.after_json).where(
            AuditEntry.action == "print_notice")).one())
    assert after["paper"] == "result" and after["removed"] >= 1
