"""Identity numbers (normalize, upgrade, check, mask) and money in fen (parse, format)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from stdnum.cn import ric

from songnuan_desktop.domain.ids import (
    birth_date,
    check_id,
    id_warning,
    mask_card,
    mask_id,
    normalize_id,
    sex_of,
    upgrade_15,
)
from songnuan_desktop.domain.money import format_fen, yuan_to_fen

VALID = "11010519491231002X"  # the sample number of GB 11643
LOCAL = "522622198001010018"  # 黄平县, born 1980-01-01, male


@pytest.mark.parametrize("typed", [
    "11010519491231002x",
    " 110105 19491231 002X ",
    "１１０１０５１９４９１２３１００２ｘ",
    "11010519491231002Ｘ",
    "110105\u300019491231002x",  # an ideographic space from a Chinese input method
])
def test_typed_forms_normalize_to_the_canonical_number(typed: str) -> None:
    assert normalize_id(typed) == VALID
    assert check_id(typed) == (VALID, None)


@pytest.mark.parametrize(("old", "new"), [
    ("110105491231002", "11010519491231002X"),
    ("522622800101001", LOCAL),
])
def test_a_15_digit_number_is_upgraded_to_18_digits(old: str, new: str) -> None:
    assert upgrade_15(old) == new
    assert ric.is_valid(new)
    assert check_id(old) == (new, None)
    assert check_id(" " + old.replace("1", "１") + " ") == (new, None)


@pytest.mark.parametrize(("number", "reason"), [
    ("110105194912310021", "身份证号校验位不对，请核对最后一位"),
    ("1101051949123100", "身份证号应为18位，现为16位"),
    ("1101051949123100AX", "身份证号前17位只能是数字，最后一位是数字或X"),
    ("110105194913310021", "身份证号中的出生日期 19491331 不是真实的日期"),  # month 13
    ("", "身份证号应为18位，现为0位"),
])
def test_a_wrong_number_is_refused_with_the_reason_in_chinese(number: str, reason: str) -> None:
    assert check_id(number) == (None, reason)


def test_birth_date_and_sex_come_from_the_number() -> None:
    assert birth_date(VALID) == dt.date(1949, 12, 31)
    assert sex_of(VALID) == "女"
    assert (birth_date(LOCAL), sex_of(LOCAL)) == (dt.date(1980, 1, 1), "男")


def test_masking_keeps_the_first_six_and_last_four_only() -> None:
    assert mask_id(VALID) == "110105********002X"
    assert mask_id(VALID)[6:14] == "*" * 8
    assert mask_id("123456789012345") == "123456*****2345"
    assert mask_id("1234567890") == "**********"
    assert mask_id("") == mask_id(None) == ""


def test_a_bank_card_shows_its_last_four_digits_only() -> None:
    assert mask_card("6217 0024 5000 1234 567") == "**** 4567"
    assert mask_card("123") == "****"
    assert mask_card(None) == ""


@pytest.mark.parametrize(("text", "fen"), [
    ("1,500.00", 150_000),
    ("2000元", 200_000),
    ("１５００", 150_000),
    ("１，５００．５０", 150_050),
    ("￥1,234.5", 123_450),
    (" 0.01 ", 1),
    ("800", 80_000),
    (15, 1_500),
    (Decimal("12.30"), 1_230),
])
def test_money_is_parsed_to_fen(text: str | int | Decimal, fen: int) -> None:
    assert yuan_to_fen(text) == fen


@pytest.mark.parametrize("text", ["12.345", "abc", "", "1.2.3", "一百元", "0.001"])
def test_what_is_not_an_amount_raises_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        yuan_to_fen(text)


def test_infinity_is_not_an_amount() -> None:
    """Regression: yuan_to_fen('Infinity') raised OverflowError, which a screen catching ValueError missed."""
    for text in ("Infinity", "-inf", "NaN"):
        with pytest.raises(ValueError):
            yuan_to_fen(text)


@pytest.mark.parametrize(("fen", "text"), [
    (0, "0.00"),
    (5, "0.05"),
    (150_000, "1,500.00"),
    (123_456_789, "1,234,567.89"),
    (-5, "-0.05"),
    (-150_050, "-1,500.50"),
])
def test_fen_is_formatted_as_yuan(fen: int, text: str) -> None:
    assert format_fen(fen) == text


def test_format_with_symbol_and_round_trip() -> None:
    assert format_fen(80_000, symbol=True) == "¥800.00"
    for fen in (1, 99, 100, 150_050, 123_456_789):
        assert yuan_to_fen(format_fen(fen)) == fen


def test_region_code_that_trips_stdnum_is_a_warning_not_a_crash() -> None:
    """Regression: check_id('533667980101000') let python-stdnum's KeyError('county') escape. Its code is
    unknown in every era of the table: accepted (a real 云南 number may be newer than the table), warned."""
    number, reason = check_id("533667980101000")
    assert (number, reason) == ("533667199801010008", None)
    assert "地区代码 533667" in (id_warning(number) or "")


def _with_check(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


@pytest.mark.parametrize(("region", "born", "place"), [
    ("522601", "19700101", "凯里市 since 1983: a number of someone born before is right"),
    ("330782", "19650312", "义乌市 since 1988"),
    ("320583", "19581120", "昆山市 since 1989"),
    ("440306", "19600704", "深圳市宝安区 since 1993"),
    ("110103", "19800101", "崇文区, abolished 2010: its numbers stay valid"),
    ("522622", "19491001", "黄平县, unchanged"),
])
def test_a_number_given_with_a_code_newer_than_its_holder_is_accepted(region: str, born: str, place: str) -> None:
    number = _with_check(region + born + "001")
    assert not ric.is_valid(number) or region in ("522622", "110103"), "python-stdnum alone refuses these"
    assert check_id(number) == (number, None), place
    assert id_warning(number) is None


def test_old_15_digit_numbers_of_changed_codes_are_accepted() -> None:
    assert check_id("522601700101001") == (_with_check("52260119700101001"), None)  # 凯里市, born 1970


@pytest.mark.parametrize(("number", "reason"), [
    (_with_check("52262220990101001"), "身份证号中的出生日期 2099年1月1日 晚于今天"),
    (_with_check("52262220261207001"), "身份证号中的出生日期 2026年12月7日 晚于今天"),
    (_with_check("52262219000101001"), "身份证号中的出生日期 1900年1月1日 距今超过120岁"),
    (_with_check("99260119700101001"), "身份证号前两位 99 不是省级行政区划代码"),
    (_with_check("00000019700101001"), "身份证号前两位 00 不是省级行政区划代码"),
])
def test_impossible_numbers_are_refused_with_the_reason(number: str, reason: str) -> None:
    assert check_id(number, today=dt.date(2026, 12, 6)) == (None, reason)


def test_a_birth_date_is_judged_on_the_day_given() -> None:
    number = _with_check("52262220261207001")
    assert check_id(number, today=dt.date(2026, 12, 7)) == (number, None)
    assert check_id(_with_check("52262219061206001"), today=dt.date(2026, 12, 6))[0] is not None  # exactly 120


def test_a_code_unknown_in_every_era_is_accepted_with_a_warning() -> None:
    number = _with_check("52269919800101001")  # 贵州 52, no county 2699 in the table
    assert check_id(number) == (number, None)
    warning = id_warning(number)
    assert warning and "522699" in warning and "核对" in warning


def test_residence_permits_of_hong_kong_macao_and_taiwan() -> None:
    for region in ("810000", "820000", "830000"):
        number = _with_check(region + "19800101001")
        assert check_id(number) == (number, None)
        assert id_warning(number) is None
