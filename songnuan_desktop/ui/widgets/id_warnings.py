"""A region code the code table does not know: the number is accepted, once the clerk confirms it (issue 15).

The table of region codes (python-stdnum's) may lag behind a new county; refusing such a number would
refuse a real person. So the form says so beside the field as it is typed, and on saving asks once per
number whether the clerk has checked it against the card."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from songnuan_desktop.domain.ids import check_id, id_warning


def unconfirmed(numbers: Iterable[tuple[str, str]], confirmed: set[str]) -> list[tuple[str, str]]:
    """(whose, warning) for each valid number with an unknown region code not yet confirmed."""
    found = []
    for whose, text in numbers:
        number = check_id(text)[0] if text else None
        warning = id_warning(number) if number else None
        if number and warning and number not in confirmed:
            found.append((whose, number))
    return found


def confirm(parent: QWidget, numbers: Iterable[tuple[str, str]], confirmed: set[str]) -> bool:
    """True when there is nothing to confirm or the clerk confirmed every number (remembered in `confirmed`)."""
    found = unconfirmed(numbers, confirmed)
    if not found:
        return True
    lines = "\n".join(f"{whose}：{number}（地区代码 {number[:6]}）" for whose, number in found)
    answer = QMessageBox.question(parent, QCoreApplication.translate("id_warnings", "Check the ID numbers"), (
        f"{lines}\n\n以上身份证号的地区代码不在本程序的行政区划代码表中（代码表可能未及时更新）。"
        "请对照身份证原件核对：号码无误请选“是”保存；否则选“否”返回修改。"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    confirmed.update(number for _whose, number in found)
    return True
