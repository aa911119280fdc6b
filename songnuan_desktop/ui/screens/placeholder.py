"""A screen that is not built yet says so plainly."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from songnuan_desktop.ui.generated.ui_placeholder_screen import Ui_PlaceholderScreen


class PlaceholderScreen(QWidget):
    def __init__(self, title: str, purpose: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_PlaceholderScreen()
        self.ui.setupUi(self)
        self.ui.title.setText(title)
        self.ui.purpose.setText(purpose)

    def refresh(self) -> None:
        """Nothing to load."""
