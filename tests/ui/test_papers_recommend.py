"""按规则推荐 through the real 活动 screen (issue 13 item 3): the list is shown first — who, why, amount —
and Cancel leaves the database as it was (no item, no audit entry); OK adds exactly the households shown.
(Before, the households were added before the outcome was shown.)"""

from __future__ import annotations

import re

from collections.abc import Iterator
import uuid

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import func, select

from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, AuditEntry
from songnuan_desktop.services.access import auth
from songnuan_desktop.ui.dialogs.proposal_dialogs import ProposalResultDialog
from songnuan_desktop.ui.screens.campaigns import CampaignsScreen
from songnuan_desktop.workers.lanes import Lanes
from tests.demo_offices import DemoOffices

WAIT = 20_000


@pytest.fixture
def demo(sqlite_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(sqlite_url, workers=160, seed=5)  # a copy of one build per session


def _screen(qtbot, db: Database) -> CampaignsScreen:  # type: ignore[no-untyped-def]
    screen = CampaignsScreen(db, auth.login(db, "jingban", "songnuan2026"), Lanes())
    qtbot.addWidget(screen)
    screen.resize(1186, 708)
    screen.show()
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        screen.refresh()
    return screen


def _recorded(db: Database, campaign_id: uuid.UUID) -> tuple[dict[uuid.UUID, tuple[uuid.UUID, int]], int]:
    """The campaign's items (id → file, amount) and the audit log's length."""
    with db.read() as session:
        items = {i: (f, a) for i, f, a in session.execute(
            select(AssistanceItem.id, AssistanceItem.worker_file_id, AssistanceItem.amount_fen)
            .where(AssistanceItem.campaign_id == campaign_id))}
        return items, session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def _recommendation(qtbot, screen: CampaignsScreen) -> ProposalResultDialog:  # type: ignore[no-untyped-def]
    screen.dialog = None
    screen.ui.proposeAll.click()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, ProposalResultDialog), timeout=WAIT)
    dialog = screen.dialog
    assert isinstance(dialog, ProposalResultDialog)
    qtbot.addWidget(dialog)
    return dialog


def test_the_list_is_shown_first_cancel_adds_nothing_ok_adds_exactly_it(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    screen = _screen(qtbot, demo)
    campaign_id = screen.chosen
    assert campaign_id is not None
    before = _recorded(demo, campaign_id)

    dialog = _recommendation(qtbot, screen)
    shown = dialog.recommendation
    assert shown.rows and _recorded(demo, campaign_id) == before  # shown: nothing written yet
    table = dialog.ui.proposed
    assert table.rowCount() == len(shown.rows)
    first = shown.rows[0]
    assert [table.item(0, c).text() for c in (0, 1, 4)] == [first.file_no, first.name, format_fen(first.amount_fen)]
    # why: the standard applied — a tier's (按“深度困难”标准 …) or a household-size band's (2人户，深度困难：900元)
    assert table.item(0, 5).text() == first.reason and re.search(r"标准|\d人(及以上)?户，", first.reason)
    assert str(len(shown.rows)) in dialog.ok.text()

    dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    qtbot.wait(300)
    assert _recorded(demo, campaign_id) == before  # cancelled: no item, no audit entry

    dialog = _recommendation(qtbot, screen)
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        dialog.ok.click()
    items, _audit = _recorded(demo, campaign_id)
    added = dict(fa for i, fa in items.items() if i not in before[0])
    assert added == {r.file_id: r.amount_fen for r in dialog.recommendation.rows}
    assert f"列入名单 {len(added)} 户" in screen.ui.message.text()


def test_a_long_message_neither_widens_nor_moves_the_screen(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    screen = _screen(qtbot, demo)
    qtbot.wait(50)  # the layout settles with the count shown
    widest, top = screen.ui.filters.minimumSize().width(), screen.ui.items.y()
    long = "列入名单 120 户，合计 150,000 元；未列入 37 户（见原因）。" * 6
    screen.ui.message.setText(long)
    qtbot.wait(50)
    assert screen.ui.filters.minimumSize().width() == widest and screen.ui.items.y() == top
    assert screen.ui.message.text() == long and screen.ui.message.toolTip() == long
