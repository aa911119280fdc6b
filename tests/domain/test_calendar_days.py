"""What a calendar cell says: lunar date, festival, holiday, 调休, for published and estimated years."""

from __future__ import annotations

import datetime as dt

import pytest

from songnuan_desktop.domain.calendar_days import day_info, lunar_day_text

D = dt.date


def test_spring_festival_2026_and_its_eve() -> None:
    new_year = day_info(D(2026, 2, 17))
    assert (new_year.lunar, new_year.festival, new_year.holiday) == ("正月初一", "春节", "春节")
    assert not new_year.estimated
    eve = day_info(D(2026, 2, 16))  # 腊月廿九: 2025's twelfth month has 29 days
    assert (eve.lunar, eve.festival, eve.holiday) == ("腊月廿九", "除夕", "春节")


def test_eve_on_the_thirtieth() -> None:
    assert day_info(D(2024, 2, 9)).lunar == "腊月三十"
    assert day_info(D(2024, 2, 9)).festival == "除夕"
    assert day_info(D(2024, 2, 8)).festival == ""  # 廿九 is not the eve that year


def test_mid_autumn_2025_inside_national_day() -> None:
    info = day_info(D(2025, 10, 6))
    assert (info.lunar, info.festival) == ("八月十五", "中秋")
    assert info.holiday  # a day off, named by the arrangement
    assert day_info(D(2025, 10, 1)).festival == "国庆节"


def test_make_up_working_weekend_and_plain_weekend() -> None:
    swap = day_info(D(2026, 2, 14))  # Saturday worked before 春节 2026
    assert swap.workday_swap and not swap.holiday
    weekend = day_info(D(2026, 11, 21))
    assert not weekend.workday_swap and not weekend.holiday


@pytest.mark.parametrize(
    ("day", "lunar", "festival"),
    [
        (D(2026, 2, 10), "腊月廿三", "小年"),
        (D(2026, 1, 26), "腊月初八", "腊八"),
        (D(2026, 3, 3), "正月十五", "元宵"),
        (D(2026, 4, 5), "二月十八", "清明"),
        (D(2026, 1, 1), "冬月十三", "元旦"),
        (D(2026, 10, 17), "九月初八", ""),
        (D(2026, 10, 18), "九月初九", "重阳"),
        (D(2025, 7, 25), "闰六月初一", ""),  # a leap month is named, and keeps no festival
    ],
)
def test_lunar_dates_and_festivals(day: dt.date, lunar: str, festival: str) -> None:
    info = day_info(day)
    assert (info.lunar, info.festival) == (lunar, festival)


def test_2027_comes_from_the_estimate_and_says_so() -> None:
    eve, new_year, fourth = (day_info(D(2027, 2, d)) for d in (5, 6, 9))
    assert (eve.festival, new_year.lunar, new_year.festival) == ("除夕", "正月初一", "春节")
    assert eve.holiday == new_year.holiday == fourth.holiday == "春节"
    assert all(i.estimated for i in (eve, new_year, fourth))
    assert day_info(D(2027, 10, 1)).holiday == "国庆节"
    assert day_info(D(2027, 9, 15)).holiday == "中秋节"
    assert not day_info(D(2027, 3, 3)).holiday
    assert not any(day_info(D(2027, 1, d)).workday_swap for d in range(1, 32))


def test_day_numerals() -> None:
    days = (1, 10, 11, 20, 21, 29, 30)
    assert " ".join(lunar_day_text(d) for d in days) == "初一 初十 十一 二十 廿一 廿九 三十"
