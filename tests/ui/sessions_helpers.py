"""Answering the modal dialogs a change of user opens (sign-in, own password, questions), as a person would."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from sqlalchemy import select

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry

W = TypeVar("W", bound=QWidget)


def when_shown(kind: type[W], act: Callable[[W], None], seen: list[str] | None = None) -> None:
    """Once a modal `kind` is the active modal window, `act` on it (polled from the event loop that its
    exec() runs)."""
    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            if seen is not None:
                seen.append(type(widget).__name__)
            try:
                act(widget)
            except BaseException:
                if isinstance(widget, QDialog):
                    widget.done(0)  # a failed check must not leave the test waiting on an open modal dialog
                raise
        else:
            QTimer.singleShot(20, poll)
    QTimer.singleShot(0, poll)


def audit_tail(db: Database, after_seq: int) -> list[tuple[str, str, str]]:
    with db.read() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.seq > after_seq).order_by(AuditEntry.seq))
        return [(e.action, e.entity, e.username) for e in rows]


def last_seq(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1)) or 0)
