"""What the visit calendar prints in a day's cell: the lunar date, the festival, the public holiday.

The lunar date comes from `lunardate` (1900–2099; outside that range it is left empty); the days
off and the make-up working days (调休上班) from `workdays`, so a year that chinese-calendar does not
know yet (2027 with version 1.11) is the same estimate the notice period uses and is flagged
`estimated`. Holiday names are the statutory ones in Chinese; chinese-calendar names them in
English, hence the table below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar
from lunardate import LunarDate

from songnuan_desktop.domain.workdays import estimated_days_off, is_estimated, is_working_day, qingming

_MONTHS = ("正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊")
_DIGITS = ("", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十")

_LUNAR_FESTIVALS = {
    (1, 1): "春节",
    (1, 15): "元宵",
    (5, 5): "端午",
    (7, 7): "七夕",
    (8, 15): "中秋",
    (9, 9): "重阳",
    (12, 8): "腊八",
    (12, 23): "小年",  # the northern 小年; the south keeps 廿四
}
_SOLAR_FESTIVALS = {(1, 1): "元旦", (5, 1): "劳动节", (10, 1): "国庆节"}

_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DayInfo:
    lunar: str  # 腊月廿三, 正月初一, 闰六月初一; "" outside lunardate's range
    festival: str  # 春节, 除夕, 中秋, 清明, 国庆节 …; several joined with "·"; "" if none
    holiday: str  # the public holiday this day is off for (国庆节), "" if not a day off for one
    workday_swap: bool  # a weekend day worked in exchange (调休上班, "班")
    estimated: bool  # the year's holidays are estimated, not the published arrangement


@lru_cache(maxsize=4096)
def day_info(d: dt.date) -> DayInfo:
    lunar = _lunar_of(d)
    festivals = [f for f in (_lunar_festival(d, lunar), _solar_festival(d)) if f]
    working = is_working_day(d)
    return DayInfo(
        lunar=_lunar_text(lunar) if lunar else "",
        festival="·".join(festivals),
        holiday="" if working else _holiday_name(d),
        workday_swap=working and d.weekday() >= 5,
        estimated=is_estimated(d.year),
    )


def lunar_day_text(day: int) -> str:
    """初一 … 初十, 十一 … 十九, 二十, 廿一 … 廿九, 三十."""
    if day <= 10:
        return "初" + _DIGITS[day]
    if day < 20:
        return "十" + _DIGITS[day - 10]
    if day == 20:
        return "二十"
    if day < 30:
        return "廿" + _DIGITS[day - 20]
    return "三十"


def _lunar_of(d: dt.date) -> LunarDate | None:
    try:
        return LunarDate.from_solar_date(d.year, d.month, d.day)
    except ValueError:
        return None


def _lunar_text(lunar: LunarDate) -> str:
    leap = "闰" if lunar.is_leap_month else ""
    return f"{leap}{_MONTHS[lunar.month - 1]}月{lunar_day_text(lunar.day)}"


def _lunar_festival(d: dt.date, lunar: LunarDate | None) -> str:
    if lunar is None:
        return ""
    if lunar.month == 12 and not lunar.is_leap_month:
        following = _lunar_of(d + _ONE_DAY)
        if following is not None and following.month == 1 and following.day == 1:
            return "除夕"  # the last day of the year, 廿九 or 三十
    if lunar.is_leap_month:
        return ""
    return _LUNAR_FESTIVALS.get((lunar.month, lunar.day), "")


def _solar_festival(d: dt.date) -> str:
    if d == qingming(d.year):
        return "清明"
    return _SOLAR_FESTIVALS.get((d.month, d.day), "")


def _holiday_name(d: dt.date) -> str:
    if is_estimated(d.year):
        return estimated_days_off(d.year).get(d, "")
    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(d)
    except NotImplementedError:
        return ""
    return _HOLIDAY_NAMES.get(name, name) if on_holiday and name else ""
