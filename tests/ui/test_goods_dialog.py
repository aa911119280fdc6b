"""慰问品… on the campaigns screen (issue 16 item 3): the chosen campaign's kinds and stock as the service has them
(the demo's last winter: rice and oil, every household paid got one of each), a receipt recorded, a kind added and
saved, a unit value that is no amount refused in words."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QTableWidgetItem

from songnuan_desktop.services.campaigns import goods
from tests.ui.test_campaigns_screen import _choose, _screen, _user, demo  # noqa: F401 - the fixture

SHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "goods_dialog.png"
WAIT = 15_000


def _opened(qtbot, screen):  # type: ignore[no-untyped-def]
    """The dialog once its tables show the stored state (read on the database lane)."""
    dialog = screen.goods_dialog()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.ready, timeout=WAIT)
    return dialog


def _done(qtbot, dialog, sent: bool) -> bool:  # type: ignore[no-untyped-def]
    """How a save or receipt sent to the database lane ended (False at once if it was not sent)."""
    if not sent:
        return False
    qtbot.waitUntil(lambda: dialog.outcome is False or (dialog.outcome is True and dialog.ready), timeout=WAIT)
    return bool(dialog.outcome)


def test_the_goods_of_the_chosen_campaign(qtbot, demo) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    clerk = _user(demo, "jingban")
    screen = _screen(qtbot, demo, clerk)
    assert screen.goodsButton.isVisible()
    _choose(qtbot, screen, "2026年元旦春节送温暖")
    assert screen.goodsButton.isEnabled()
    dialog = _opened(qtbot, screen)
    campaign = screen.chosen
    stock = goods.stock(demo, clerk, campaign)
    assert [dialog.kinds.item(r, 0).text() for r in range(dialog.kinds.rowCount())] == ["大米", "食用油"]
    assert [dialog.kinds.item(r, 2).text() for r in range(2)] == ["150.00", "100.00"]
    shown = [[dialog.stock.item(r, c).text() for c in range(6)] for r in range(dialog.stock.rowCount())]
    assert shown[0][:5] == ["大米", f"{stock[0].received} 袋", f"{stock[0].handed} 袋", "0 袋", f"{stock[0].left} 袋"]
    handed = goods.handed_out(demo, clerk, campaign)
    assert dialog.handed.rowCount() == len(handed) == stock[0].handed
    assert dialog.handed.item(0, 1).text() == "大米1袋、食用油1桶" and dialog.handed.item(0, 3).text() == "张丽萍"
    dialog.quantity.setValue(10)
    dialog.source.setText("县总工会拨付")
    assert _done(qtbot, dialog, dialog.record_receipt())
    assert dialog.stock.item(0, 1).text() == f"{stock[0].received + 10} 袋"
    dialog._add_row("棉被", "床", "200")
    # a closed campaign's kinds stay
    assert not _done(qtbot, dialog, dialog.save_kinds()) and "已结束" in dialog.error.text()
    dialog.close()
    _choose(qtbot, screen, "2027年元旦春节送温暖")
    dialog = _opened(qtbot, screen)
    assert dialog.kinds.rowCount() == 0 and dialog.stock.rowCount() == 0 and not dialog.receive.isEnabled()
    dialog._add_row("棉被", "床", "abc")
    assert not _done(qtbot, dialog, dialog.save_kinds()) and dialog.error.text()
    dialog.kinds.setItem(0, 2, QTableWidgetItem("200"))
    assert _done(qtbot, dialog, dialog.save_kinds())
    assert [k.name for k in goods.kinds_of(demo, clerk, screen.chosen)] == ["棉被"]
    assert dialog.receive.isEnabled() and dialog.stock.item(0, 0).text() == "棉被"
    _choose(qtbot, screen, "2026年元旦春节送温暖")
    dialog = _opened(qtbot, screen)
    if os.environ.get("SONGNUAN_SHOTS"):  # docs/screenshots/goods_dialog.png, made on demand
        dialog.resize(820, 760)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.grab().save(str(SHOT))
