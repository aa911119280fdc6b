"""Working days for the notice period: official 2025/2026 arrangements, the 2027 estimate."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from songnuan_desktop.domain.workdays import (
    ESTIMATED_SOURCE,
    OFFICIAL_SOURCE,
    add_working_days,
    calendar_source,
    estimated_years,
    is_working_day,
    working_days_between,
)

D = dt.date


def test_start_counts_as_day_one_when_it_is_a_working_day() -> None:
    assert add_working_days(D(2026, 11, 23), 5) == D(2026, 11, 27)  # Mon → Fri
    assert add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 23)


def test_a_period_starting_on_a_weekend_starts_on_monday() -> None:
    assert add_working_days(D(2026, 11, 21), 5) == D(2026, 11, 27)


def test_national_day_and_mid_autumn_2025_with_makeup_weekends() -> None:
    assert is_working_day(D(2025, 9, 28))  # Sunday, 调休上班
    assert is_working_day(D(2025, 10, 11))  # Saturday, 调休上班
    assert not any(is_working_day(D(2025, 10, day)) for day in range(1, 9))
    assert is_working_day(D(2025, 10, 9))
    # Fri 26 Sep, Sun 28, Mon 29, Tue 30, then 9, 10, 11 Oct.
    assert add_working_days(D(2025, 9, 26), 7) == D(2025, 10, 11)


def test_spring_festival_2026() -> None:
    assert is_working_day(D(2026, 2, 14))  # Saturday, 调休上班
    assert not any(is_working_day(D(2026, 2, day)) for day in range(15, 24))
    assert is_working_day(D(2026, 2, 28))  # Saturday, 调休上班
    # Thu 12, Fri 13, Sat 14, then Tue 24 and Wed 25.
    assert add_working_days(D(2026, 2, 12), 5) == D(2026, 2, 25)
    assert calendar_source(2026) == OFFICIAL_SOURCE


def test_across_the_year_boundary_into_the_estimated_2027() -> None:
    # Mon 28 – Thu 31 Dec 2026, 1 Jan 2027 (Fri) off, weekend, Mon 4 Jan.
    assert add_working_days(D(2026, 12, 28), 5) == D(2027, 1, 4)
    assert calendar_source(2027) == ESTIMATED_SOURCE
    assert estimated_years(D(2026, 12, 28), D(2027, 1, 4)) == (2027,)
    assert estimated_years(D(2026, 1, 1), D(2026, 12, 31)) == ()


def test_estimated_2027_lunar_holidays() -> None:
    # 春节 2027: lunar new year Sat 6 Feb, eve Fri 5 Feb, to the 7th (Fri 12 Feb).
    assert not any(is_working_day(D(2027, 2, day)) for day in range(5, 13))
    assert is_working_day(D(2027, 2, 4)) and is_working_day(D(2027, 2, 15))
    assert not is_working_day(D(2027, 4, 5))  # 清明
    assert not is_working_day(D(2027, 6, 9))  # 端午
    assert not is_working_day(D(2027, 9, 15))  # 中秋
    assert not is_working_day(D(2027, 10, 7)) and is_working_day(D(2027, 10, 8))
    assert add_working_days(D(2027, 2, 1), 7) == D(2027, 2, 17)


def test_office_corrections_override_the_calendar() -> None:
    makeup = frozenset({D(2027, 2, 20)})  # a Saturday the office learns is 调休上班
    bridge = frozenset({D(2027, 2, 15)})  # a Monday it learns is off
    assert is_working_day(D(2027, 2, 20), extra_workdays=makeup)
    assert not is_working_day(D(2027, 2, 15), extra_holidays=bridge)
    assert not is_working_day(D(2027, 2, 15), extra_holidays=bridge, extra_workdays=bridge)
    assert add_working_days(D(2027, 2, 15), 5, bridge, makeup) == D(2027, 2, 20)


def test_working_days_between_counts_both_ends() -> None:
    assert working_days_between(D(2026, 11, 23), D(2026, 11, 27)) == 5
    assert working_days_between(D(2026, 11, 27), D(2026, 11, 23)) == 0
    assert working_days_between(D(2025, 10, 1), D(2025, 10, 8)) == 0


def test_a_period_needs_at_least_one_day() -> None:
    with pytest.raises(ValueError):
        add_working_days(D(2026, 11, 23), 0)


@given(
    start=st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31)),
    n=st.integers(min_value=1, max_value=30),
)
def test_the_end_is_a_working_day_n_working_days_on(start: dt.date, n: int) -> None:
    end = add_working_days(start, n)
    assert end >= start
    assert is_working_day(end)
    assert working_days_between(start, end) == n


def test_one_estimate_of_days_off_for_the_period_and_the_calendar() -> None:
    """The notice period and the visit calendar read the same estimate (issue 17: it was written
    twice, with two 清明 that disagreed where chinese-calendar lacks the year)."""
    from songnuan_desktop.domain.calendar_days import day_info
    from songnuan_desktop.domain.workdays import estimated_days_off, is_estimated, qingming

    year = next(y for y in range(2026, 2100) if is_estimated(y))
    days = estimated_days_off(year)
    assert all(not is_working_day(d) and day_info(d).holiday == name for d, name in days.items())
    assert days[qingming(year)] == "清明节" and qingming(year).month == 4
    assert qingming(2026) == D(2026, 4, 5) and qingming(2099) == D(2099, 4, 4)  # table; 寿星 formula
