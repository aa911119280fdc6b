"""Idle lock: no keyboard or mouse input for the configured minutes locks the window; while locked, every
other open window of the program (a file form with typed data, a message box) is covered, not closed."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from shiboken6 import isValid

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
})


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None, check_ms: int = 5_000) -> None:
        super().__init__(parent)
        self.limit_ms = max(0, minutes) * 60_000
        self.clock = QElapsedTimer()
        self.clock.start()
        self.paused = False
        self.timer = QTimer(self)
        self.timer.setInterval(check_ms)
        self.timer.timeout.connect(self.check)
        if self.limit_ms:
            self.timer.start()

    def set_minutes(self, minutes: int) -> None:
        """A new idle time from 设置, counted from the last input (0: never locks)."""
        self.limit_ms = max(0, minutes) * 60_000
        if self.limit_ms and not self.timer.isActive():
            self.timer.start()
        elif not self.limit_ms:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self.clock.restart()
        return False

    def check(self) -> None:
        if not self.paused and self.limit_ms and self.clock.elapsed() >= self.limit_ms:
            self.paused = True
            self.idle.emit()

    def resume(self) -> None:
        self.clock.restart()
        self.paused = False


class Curtain(QLabel):
    """An opaque cover over one open window while the program is locked. The window is not hidden: hiding
    a dialog ends its exec() as if cancelled, and the form and what was typed in it would be lost."""

    def __init__(self, window: QWidget, text: str) -> None:
        super().__init__(text, window)
        self.covered = window
        self.setObjectName("lockCurtain")
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)  # the lock screen is centred
        self.setMargin(24)
        self.setWordWrap(True)
        self.setAutoFillBackground(True)
        self.setStyleSheet("QLabel#lockCurtain { background: #e8e8e8; color: #555; font-size: 15px; }")
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.covered and event.type() in (QEvent.Type.Resize, QEvent.Type.ChildAdded):
            self.setGeometry(self.covered.rect())
            self.raise_()  # above a widget the window added while locked (a table's editor, a status line)
        return False

    def lift(self) -> None:
        if not isValid(self) or not isValid(self.covered):
            return  # the window was closed and deleted while locked (by the program, not the user), curtain too
        self.covered.removeEventFilter(self)
        self.hide()
        self.setParent(None)
        self.deleteLater()


def cover_open_windows(main: QWidget, text: str) -> list[Curtain]:
    """A curtain over each visible window of the program but the main one (whose content the caller hides)."""
    windows = [w for w in QApplication.topLevelWidgets() if w is not main and w.isVisible() and w.isWindow()]
    return [Curtain(w, text) for w in windows]
