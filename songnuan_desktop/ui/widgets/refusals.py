"""Showing a refusal: the service's sentence, and for a refused batch every item with its reason."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from songnuan_desktop.domain.errors import BatchRefused
from songnuan_desktop.ui.messages import describe


def refusal_lines(exc: BaseException) -> list[str]:
    """Each refused item of a batch as '张三（档案 …）：reason'; empty for any other error."""
    return [str(r) for r in exc.refusals] if isinstance(exc, BatchRefused) else []


def show_refusal(parent: QWidget | None, exc: BaseException) -> None:
    """A warning with the service's message; a batch's full list (beyond the ten in the message)
    sits under 'Show Details…' so nothing refused goes unnamed."""
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("messages", "Cannot do that"),
                      describe(exc), QMessageBox.StandardButton.Ok, parent)
    lines = refusal_lines(exc)
    if len(lines) > 10:
        box.setDetailedText("\n".join(lines))
    box.exec()
