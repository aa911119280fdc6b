"""How the screens tell the user about refusals and failures."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from songnuan_desktop.services import failures


def describe(exc: BaseException) -> str:
    """The sentence the command line prints for the same failure (services.failures): a refusal's own,
    a full disk, a locked or read-only database … in words; never a traceback nor a number of a person."""
    return failures.words(exc)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    title = QCoreApplication.translate("messages", "Cannot do that")
    QMessageBox.warning(parent, title, describe(exc))


def show_info(parent: QWidget | None, text: str) -> None:
    QMessageBox.information(parent, QCoreApplication.translate("messages", "Songnuan"), text)
