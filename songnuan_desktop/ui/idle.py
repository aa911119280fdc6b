"""Idle lock: no keyboard or mouse input for the configured minutes locks the window."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer, Signal

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
