"""A message under an input: red for a problem that blocks saving, amber for one worth a look."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit

from songnuan_desktop.domain.parsing import Parsed, parse_amount

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a5a00;"
ERROR_BORDER = "border: 1px solid #b00020;"


def show(label: QLabel, text: str = "", warning: bool = False) -> None:
    label.setStyleSheet(WARNING_STYLE if warning else ERROR_STYLE)
    label.setText(text)
    label.setVisible(bool(text))


def show_parsed(label: QLabel, parsed: Parsed[Any], field: QLineEdit | None = None) -> None:
    if parsed.reason:
        show(label, parsed.reason)
    else:
        show(label, parsed.warning or "", warning=True)
    if field is not None:
        mark(field, bool(parsed.reason))


def mark(field: QLineEdit, bad: bool) -> None:
    field.setStyleSheet(ERROR_BORDER if bad else "")


def money(text: str, label: str) -> Parsed[int]:
    """An amount typed in yuan as fen; blank is 0; negative amounts are refused."""
    parsed = parse_amount(text.strip(), label)
    if parsed.reason:
        return parsed
    fen = parsed.value or 0
    if fen < 0:
        return Parsed(reason=f"{label}不能为负数")
    return Parsed(fen, warning=parsed.warning)
