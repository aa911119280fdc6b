"""Showing a refusal: the service's sentence, and for a refused batch every item with its reason.

A batch is done all or nothing, so a refusal changed nothing. When some items of it were not refused,
the screen may offer to do only those (issue 13: one refused item refused the whole batch and there
was no "do the others"): `the_rest` gives their ids, `show_refusal(…, the_rest=…)` offers them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from songnuan_desktop.domain.errors import BatchRefused
from songnuan_desktop.ui.messages import describe


def refusal_lines(exc: BaseException) -> list[str]:
    """Each refused item of a batch as '张三（档案 …）：reason'; empty for any other error."""
    return [str(r) for r in exc.refusals] if isinstance(exc, BatchRefused) else []


def the_rest(exc: BaseException, asked: Sequence[Any]) -> list[Any]:
    """The ids of `asked` that a refused batch did not refuse, in their order; empty for any other error."""
    if not isinstance(exc, BatchRefused):
        return []
    refused = {r.id for r in exc.refusals}
    return [i for i in asked if i not in refused]


def show_refusal(parent: QWidget | None, exc: BaseException, asked: Sequence[Any] = (),
                 do_the_rest: Callable[[list[Any]], None] | None = None) -> QMessageBox:
    """A warning with the service's message; a batch's full list (beyond the ten in the message) sits
    under 'Show Details…' so nothing refused goes unnamed. Given the batch's ids (`asked`) and
    `do_the_rest`, a batch refused in part offers 仅处理可以办理的 N 项, which calls `do_the_rest(ids)`
    (the caller does them in one transaction); 确定 does nothing."""
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("messages", "Cannot do that"),
                      describe(exc), QMessageBox.StandardButton.Ok, parent)
    lines = refusal_lines(exc)
    if len(lines) > 10:
        box.setDetailedText("\n".join(lines))
    rest = the_rest(exc, asked) if do_the_rest is not None else []
    offer = None
    if rest:
        offer = box.addButton(QCoreApplication.translate("messages", "Do only the {0} items that can be done").format(
            len(rest)), QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Ok)  # Enter does nothing: doing part is always chosen
    box.exec()
    if offer is not None and do_the_rest is not None and box.clickedButton() is offer:
        do_the_rest(rest)
    return box
