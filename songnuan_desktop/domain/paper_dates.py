"""Dates as they are written on every paper: 2026年12月5日, no zero padding, never ISO (issue 14)."""

from __future__ import annotations

import datetime as dt

BLANK_DATE = "　　　　年　　月　　日"  # for a person to fill in by hand


def date_text(day: dt.date) -> str:
    """'2026年12月5日'."""
    return f"{day.year}年{day.month}月{day.day}日"


def moment_text(at: dt.datetime) -> str:
    """'2026年12月5日 14:05' (local time as given)."""
    return f"{date_text(at.date())} {at:%H:%M}"


def span_text(start: dt.date, end: dt.date) -> str:
    """'2026年1月5日至1月11日'; the year is repeated only when it changes."""
    if start.year == end.year:
        return f"{date_text(start)}至{end.month}月{end.day}日"
    return f"{date_text(start)}至{date_text(end)}"
