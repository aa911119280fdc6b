"""How the screens tell the user about refusals and failures."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from songnuan_desktop.domain.errors import DomainError


def describe(exc: BaseException) -> str:
    """A refusal carries its own Chinese sentence; anything else is an unexpected failure."""
    if isinstance(exc, DomainError):
        return exc.message
    return QCoreApplication.translate(
        "messages", "Something went wrong and nothing was changed. Details for the administrator: {0}"
    ).format(f"{type(exc).__name__}: {exc}")


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    title = QCoreApplication.translate("messages", "Cannot do that")
    QMessageBox.warning(parent, title, describe(exc))


def show_info(parent: QWidget | None, text: str) -> None:
    QMessageBox.information(parent, QCoreApplication.translate("messages", "Songnuan"), text)
