"""Why a day is not a working day, in words for a visit warning ("春节假期", "星期六")."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
from chinese_calendar.constants import Holiday

from songnuan_desktop.domain.workdays import ESTIMATED_SOURCE, is_estimated, is_working_day

WEEKDAYS = "一二三四五六日"
_CHINESE = {h.value: h.chinese for h in Holiday}


def day_off_reason(day: dt.date) -> str | None:
    """None on a working day (a 调休 weekend included); else what kind of day off it is. In a year the
    calendar only estimates (no 调休 known), the words say so."""
    if is_working_day(day):
        return None
    weekend = f"星期{WEEKDAYS[day.weekday()]}"
    if is_estimated(day.year):
        kind = weekend if day.weekday() >= 5 else "法定节假日"
        return f"{kind}（{day.year}年假日安排{ESTIMATED_SOURCE}）"
    on_holiday, name = chinese_calendar.get_holiday_detail(day)
    if on_holiday and name:
        return f"{_CHINESE.get(name, name)}假期（{weekend}）"
    return weekend
