"""发放 › 核验凭证 through the real widgets: a scanned code of a demo voucher already paid says so in red,
a live one in green, a stray scan is refused in words; the dialog at 1366×768 is looked at."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.domain.vouchers import qr_payload
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, Voucher
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.payouts.voucher_check import LIVE, PAID
from songnuan_desktop.ui.screens.payouts import PayoutsScreen
from songnuan_desktop.workers.lanes import Lanes
from tests.demo_offices import DemoOffices

WAIT = 20_000


@pytest.fixture
def demo(sqlite_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(sqlite_url, workers=160, seed=5)


def _voucher(db: Database, state: ItemState) -> tuple[str, int]:
    with db.read() as session:
        number, amount = session.execute(
            select(Voucher.number, AssistanceItem.amount_fen).join(AssistanceItem, AssistanceItem.id == Voucher.item_id)
            .where(Voucher.voided_at.is_(None), AssistanceItem.state == state.value).limit(1)).one()
    return number, amount


def test_a_scanned_voucher_is_checked_before_money_is_handed_over(qtbot, demo: Database,  # type: ignore[no-untyped-def]
                                                                   tmp_path: Path) -> None:
    user = auth.login(demo, "caiwu", "songnuan2026")
    screen = PayoutsScreen(demo, user, Lanes())
    qtbot.addWidget(screen)
    assert screen.ui.checkVoucher.isEnabled()
    dialog = screen.check_voucher()
    paid_number, paid_amount = _voucher(demo, ItemState.PAID)
    dialog.ui.code.setText(qr_payload(paid_number, paid_amount, user.office_id))
    qtbot.keyClick(dialog.ui.code, "\r")  # a scanner ends with Enter
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=WAIT)
    assert dialog.result.verdict == PAID and "不得再次发放" in dialog.ui.verdict.text()
    assert dialog.ui.facts.item(0, 1).text() == paid_number

    live_number, _ = _voucher(demo, ItemState.APPROVED)
    dialog.ui.code.setText(live_number)
    dialog.check()
    qtbot.waitUntil(lambda: dialog.result is not None and dialog.result.number == live_number, timeout=WAIT)
    assert dialog.result.verdict == LIVE and "#1b5e20" in dialog.ui.verdict.text()
    dialog.resize(760, 440)
    shot = Path(os.environ.get("SONGNUAN_SCREENSHOTS", tmp_path)) / "voucher_check_dialog.png"
    assert dialog.grab().save(str(shot))

    dialog.ui.code.setText("扫错了")
    dialog.check()
    qtbot.waitUntil(lambda: dialog.result is None and "不是凭证编号" in dialog.ui.verdict.text(), timeout=WAIT)
    assert dialog.ui.facts.rowCount() == 0
