"""Working days (工作日) in mainland China, for the public-notice period (公示期).

A working day is Monday to Friday unless it is a public holiday, plus the weekend days on which
the State Council moves work (调休上班). Where the data comes from depends on the year:

* years that chinese-calendar knows (2004 up to its last year, 2026 in version 1.11): the
  arrangement published by the General Office of the State Council (国务院办公厅), exactly;
* any other year (2027 with chinese-calendar 1.11): **an estimate** computed here from the
  statutory holidays, and flagged by `calendar_source` / `is_estimated` so the notice can say so.
  The estimate takes 元旦 1 Jan; 春节 from the eve (除夕) to the 7th of the first lunar month;
  清明 on its solar term; 劳动节 1–5 May; 端午 5/5 and 中秋 8/15 of the lunar calendar; 国庆
  1–7 Oct; a one-day holiday that falls on a weekend gives the next Monday off (补休). It knows
  no 调休 working weekends, so it mostly errs on the long side (a period ends on or after the
  real end); but the real arrangement may also bridge a weekday the estimate keeps as working, so
  the dates must be checked against the official notice once it is published.

The office corrects a year (or any date) with `extra_holidays` (days off that the calendar thinks
are working days) and `extra_workdays` (working days it thinks are off); a date in both counts as
a holiday.

Counting convention — the one the union offices use ("自某日起公示5个工作日"): the start day is
day 1 of the period if it is a working day; if not, the period starts on the next working day.
A 5-working-day notice starting Monday 2026-11-23 therefore ends Friday 2026-11-27, and
`working_days_between(start, add_working_days(start, n)) == n`, both ends included.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import chinese_calendar
from lunardate import LunarDate

OFFICIAL_SOURCE = "国务院办公厅公布的安排"
ESTIMATED_SOURCE = "按法定节日推算，未含调休，请核对"

_NO_DATES: frozenset[dt.date] = frozenset()
_ONE_DAY = dt.timedelta(days=1)


def is_working_day(
    d: dt.date,
    extra_holidays: frozenset[dt.date] = _NO_DATES,
    extra_workdays: frozenset[dt.date] = _NO_DATES,
) -> bool:
    if d in extra_holidays:
        return False
    if d in extra_workdays:
        return True
    if is_estimated(d.year):
        return d.weekday() < 5 and d not in _estimated_holidays(d.year)
    return bool(chinese_calendar.is_workday(d))


def add_working_days(
    start: dt.date,
    n: int,
    extra_holidays: frozenset[dt.date] = _NO_DATES,
    extra_workdays: frozenset[dt.date] = _NO_DATES,
) -> dt.date:
    """The last day of a period of `n` working days that starts on `start` (see the module
    docstring: `start` is day 1 if it is a working day)."""
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    day, counted = start, 0
    while True:
        if is_working_day(day, extra_holidays, extra_workdays):
            counted += 1
            if counted == n:
                return day
        day += _ONE_DAY


def working_days_between(
    a: dt.date,
    b: dt.date,
    extra_holidays: frozenset[dt.date] = _NO_DATES,
    extra_workdays: frozenset[dt.date] = _NO_DATES,
) -> int:
    """How many working days lie in [a, b], both ends included; 0 when b is before a."""
    count, day = 0, a
    while day <= b:
        count += is_working_day(day, extra_holidays, extra_workdays)
        day += _ONE_DAY
    return count


def calendar_source(year: int) -> str:
    """Where the holidays of `year` come from, in words for the notice. The estimate is a warning:
    print it beside the period so that the office checks the dates against the official notice."""
    return ESTIMATED_SOURCE if is_estimated(year) else OFFICIAL_SOURCE


def estimated_years(a: dt.date, b: dt.date) -> tuple[int, ...]:
    """The years in [a, b] whose holidays are estimated (empty when all are official)."""
    return tuple(y for y in range(a.year, b.year + 1) if is_estimated(y))


@lru_cache(maxsize=256)
def is_estimated(year: int) -> bool:
    """Whether chinese-calendar lacks `year` (it raises NotImplementedError outside its data)."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return True
    return False


@lru_cache(maxsize=64)
def _estimated_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(estimated_days_off(year))


@lru_cache(maxsize=64)
def estimated_days_off(year: int) -> dict[dt.date, str]:
    """The statutory days off of a year chinese-calendar does not know yet, each named: 元旦, 清明节,
    端午节 and 中秋节 (a weekend one moved to the Monday), 春节 from 除夕 for 8 days, 劳动节 5 days,
    国庆节 7 days. The one estimate both the notice period (working days) and the visit calendar (the
    holiday's name) read."""
    names: dict[dt.date, str] = {}

    def single(day: dt.date, name: str) -> None:
        names[day] = name
        if day.weekday() >= 5:  # 补休 on the next Monday
            names.setdefault(day + dt.timedelta(days=7 - day.weekday()), name)

    new_year = _lunar(year, 1, 1)
    for first, last, name in ((new_year - _ONE_DAY, new_year + dt.timedelta(days=6), "春节"),
                              (dt.date(year, 5, 1), dt.date(year, 5, 5), "劳动节"),
                              (dt.date(year, 10, 1), dt.date(year, 10, 7), "国庆节")):
        for day in _span(first, last):
            names.setdefault(day, name)
    single(dt.date(year, 1, 1), "元旦")
    single(qingming(year), "清明节")
    single(_lunar(year, 5, 5), "端午节")
    single(_lunar(year, 8, 15), "中秋节")
    return names


def _lunar(year: int, month: int, day: int) -> dt.date:
    solar: dt.date = LunarDate(year, month, day).to_solar_date()
    return solar


@lru_cache(maxsize=256)
def qingming(year: int) -> dt.date:
    """The day of 清明 (the solar term): chinese-calendar's table where it has the year, else the
    寿星 formula (21st century: day = ⌊Y·0.2422 + 4.81⌋ − ⌊Y/4⌋, Y = year mod 100)."""
    try:
        terms = chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 10))
        return next(d for d, name in terms if name == "清明")
    except (NotImplementedError, StopIteration):
        y = year % 100
        return dt.date(year, 4, int(y * 0.2422 + 4.81) - y // 4)


def _span(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
