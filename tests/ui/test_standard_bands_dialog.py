"""补助标准按家庭人口分档 in the campaign dialog (issue 16 item 4): the clerk moves 深度困难 from its one
amount to bands, splits it into 1人户 / 2人户 / 3人及以上户, is told which row is wrong, and saves; the
campaign read back carries the bands. SONGNUAN_SCREENSHOT=path saves the dialog as shown."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QDialogButtonBox, QSpinBox

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.campaigns import campaigns
from songnuan_desktop.services.campaigns.campaigns import Band
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.campaign_dialog import CampaignDialog
from songnuan_desktop.ui.widgets import field_message
from songnuan_desktop.workers.lanes import Lanes
from tests.ui.helpers import settled, type_into

KIND = "送温暖慰问"


def _spin(dialog: CampaignDialog, row: int, column: int) -> QSpinBox:
    widget = dialog.bands.table.cellWidget(row, column)
    assert isinstance(widget, QSpinBox)
    return widget


def _amount(dialog: CampaignDialog, row: int, yuan: str) -> None:
    item = dialog.bands.table.item(row, 3)
    assert item is not None
    item.setText(yuan)


def test_a_tier_split_by_household_size_is_checked_and_saved(qtbot, ui_db: Database,  # type: ignore[no-untyped-def]
                                                            ui_clerk: SessionUser) -> None:
    dialog = CampaignDialog(ui_db, ui_clerk, Lanes())
    qtbot.addWidget(dialog)
    dialog.resize(940, 600)
    dialog.show()
    settled(qtbot, dialog)  # the office's standards, read on the database lane
    type_into(qtbot, dialog.ui.name, "2027年元旦春节送温暖")
    type_into(qtbot, dialog.ui.totalBudget, "100000")
    plain = lambda: [dialog.ui.standards.item(r, 1).text() for r in range(dialog.ui.standards.rowCount())]  # noqa: E731
    assert "深度困难" in plain()
    dialog.bands.tier.setCurrentText("深度困难")
    dialog.bands.add.click()  # the tier's one amount moves here as 1人及以上户
    assert "深度困难" not in plain() and dialog.bands.table.rowCount() == 1
    dialog.bands.add.click()
    dialog.bands.add.click()
    for row, yuan in enumerate(("550", "900", "1100")):
        _amount(dialog, row, yuan)
    data, problems = dialog.collect()
    assert problems == []
    assert data.bands == (Band(KIND, "深度困难", 1, 1, 55_000), Band(KIND, "深度困难", 2, 2, 90_000),
                          Band(KIND, "深度困难", 3, None, 110_000))
    # A gap and a zero amount: the first problem is shown, naming its row.
    _spin(dialog, 1, 1).setValue(3)
    _spin(dialog, 1, 2).setValue(3)
    dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible()
    assert dialog.ui.error.text() == ("按家庭人口分档第 2 行（深度困难，3人户）与上一档不衔接：2 人户没有标准，"
                                      "应从 2 人起。")
    _spin(dialog, 1, 1).setValue(2)
    _spin(dialog, 1, 2).setValue(2)
    _amount(dialog, 2, "0")
    dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.ui.error.text() == "按家庭人口分档第 3 行（深度困难）：金额应大于0元。"
    _amount(dialog, 2, "1100")
    dialog.bands.table.selectRow(2)
    shot = os.environ.get("SONGNUAN_SCREENSHOT")
    if shot:
        field_message.show(dialog.ui.error, "")
        dialog.grab().save(shot)
    dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    settled(qtbot, dialog)  # stored on the database lane
    assert not dialog.isVisible(), dialog.ui.error.text()
    assert dialog.view is not None
    saved = campaigns.get_campaign(ui_db, ui_clerk.office_id, dialog.view.id)
    assert saved.bands == data.bands and "深度困难" not in {s.tier for s in saved.standards}
    again = CampaignDialog(ui_db, ui_clerk, Lanes(), saved.id)
    qtbot.addWidget(again)
    settled(qtbot, again)
    assert again.bands.table.rowCount() == 3 and again.collect()[0].bands == saved.bands
    again.ui.resetStandards.click()  # the office's standards again: the banded tier stays in its bands
    settled(qtbot, again)
    assert "深度困难" not in [again.ui.standards.item(r, 1).text() for r in range(again.ui.standards.rowCount())]
    assert again.collect()[1] == []
