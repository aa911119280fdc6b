"""抽查登记 dialog: a check recorded earlier reopens on the day it was checked (it reset to today)."""

from __future__ import annotations

import datetime as dt
import uuid

from songnuan_desktop.services.payouts.spot_checks import EntryView
from songnuan_desktop.ui.dialogs.payout_dialogs import SpotCheckDialog


def _entry(checked_on: dt.date | None, result: str = "") -> EntryView:
    return EntryView(id=uuid.uuid4(), item_id=uuid.uuid4(), position=1, name="王秀英", file_no="JZ-2024-0001",
                     unit="重安镇粮站", category="深度困难", amount_fen=100_000, paid_on=dt.date(2026, 2, 1), phone="",
                     address="", checked_on=checked_on, checked_by="潘国强" if checked_on else "",
                     method="电话回访" if result else "", result=result, note="")


def test_a_recorded_check_reopens_on_its_own_day(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = SpotCheckDialog(_entry(dt.date(2026, 2, 10), "属实"), ["电话回访", "入户核查"], ["属实", "不属实"],
                             "吴晓燕")
    qtbot.addWidget(dialog)
    on, by, method, result, _note = dialog.values()
    assert (on, by, method, result) == (dt.date(2026, 2, 10), "潘国强", "电话回访", "属实")


def test_a_new_check_starts_today(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = SpotCheckDialog(_entry(None), ["电话回访"], ["属实"], "吴晓燕")
    qtbot.addWidget(dialog)
    on, by, *_ = dialog.values()
    assert (on, by) == (dt.date.today(), "吴晓燕")
