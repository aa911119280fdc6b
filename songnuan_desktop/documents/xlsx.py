"""Writing cells that Excel never runs as formulas (formula injection: = + - @ at the start)."""

from __future__ import annotations

from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(sheet: WriteOnlyWorksheet, value: Any, style: dict[str, Any] | None = None) -> Any:
    """A write-only cell: text stays text (an ID number, a card, "=1+1"), numbers stay numbers.

    openpyxl reads only a string starting with "=" as a formula; every text that could be read as one
    by a spreadsheet (= + - @) is wrapped as an explicit text cell, plain text goes through as it is."""
    if (isinstance(value, str) and is_risky(value)) or style:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # stored as text even when it looks like a formula
        for name, attr in (style or {}).items():
            setattr(cell, name, attr)
        return cell
    return value


def is_risky(text: str) -> bool:
    return text.startswith(RISKY_STARTS)
