"""The visit calendar's 走访指标 panel (issue 16 item 5): the campaign's quota and one line per visit group
(or leader) — "第二慰问组：已走访 5 / 指标 20 户（已安排 18 户，尚差 15 户）", short ones in the warning
colour. Hidden when the campaign has no quota. The lines are the service's words (services.visits.visit_quotas)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from songnuan_desktop.services.visits.visit_quotas import QuotaProgress

WARNING = "#a15c00"


class VisitQuotaPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold;")
        self.lines = QLabel()
        self.lines.setWordWrap(True)
        self.lines.setTextFormat(Qt.TextFormat.RichText)
        self.lines.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.title)
        layout.addWidget(self.lines)
        self.setVisible(False)

    def show_progress(self, campaign: str, progress: QuotaProgress | None) -> None:
        if progress is None or progress.quota is None:
            self.title.clear()
            self.lines.clear()
            self.setVisible(False)
            return
        self.title.setText(self.tr("Visit quota of {0}: {1}").format(campaign, progress.quota.text))
        rows = []
        for line in progress.lines:
            text = html.escape(line.text)
            rows.append(text if line.met else f'<span style="color:{WARNING}">{text}</span>')
        if not rows:
            rows.append(html.escape(self.tr("No visit of this campaign planned yet.")))
        self.lines.setText("<br>".join(rows))
        self.setVisible(True)

    def plain_text(self) -> str:
        """What the panel says, without markup (tests)."""
        body = self.lines.text().replace("<br>", "\n")
        for tag in ('</span>',):
            body = body.replace(tag, "")
        while '<span' in body:
            start = body.index('<span')
            body = body[:start] + body[body.index('>', start) + 1:]
        return html.unescape(f"{self.title.text()}\n{body}")
