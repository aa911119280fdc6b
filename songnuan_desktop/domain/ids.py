"""Resident identity numbers (居民身份证号), checked with python-stdnum, and masking."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import repeat
from operator import getitem

from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

_FULLWIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789XX")


def normalize_id(text: str) -> str:
    """Strip spaces, turn full-width digits and a lowercase x into the canonical form."""
    return "".join(str(text).translate(_FULLWIDTH).split()).upper()


# Provinces (the first two digits) the numbers of the mainland's regions and the residence permits use.
# python-stdnum's table knows the mainland and 81/82; Taiwan's 71 and the residence permit's 83 are added.
_EXTRA_PROVINCES = {"71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区", "83": "台湾居民居住证"}
MAX_AGE = 120


def check_id(text: str, today: dt.date | None = None) -> tuple[str | None, str | None]:
    """(normalized 18-digit number, None) or (None, reason in Chinese), by the rules numbers were issued by.

    GB 11643: 18 characters, 17 digits and a check digit (0-9 or X) computed by python-stdnum; a real
    birth date not after `today` and at most 120 years before it; the first two digits a province. The
    six-digit region code is NOT required to have existed in the birth year (python-stdnum's
    get_birth_place asks that): a number was given when its holder was first registered (from 1984 on),
    with the code in force then, so a 凯里市 522601 number of someone born in 1970 is right. A code the
    table does not know at all is accepted too — see `id_warning`, which the clerk is shown.
    A legacy 15-digit number (born 19xx, no check digit) is upgraded first."""
    number = normalize_id(text)
    if len(number) == 15:
        if not number.isdigit():
            return None, "15位的旧身份证号只能是数字"
        number = upgrade_15(number)
    if len(number) != 18:
        return None, f"身份证号应为18位，现为{len(number)}位"
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return None, "身份证号前17位只能是数字，最后一位是数字或X"
    born = _birth(number)
    if born is None:
        return None, f"身份证号中的出生日期 {number[6:14]} 不是真实的日期"
    today = today or dt.date.today()
    if born > today:
        return None, f"身份证号中的出生日期 {_cn(born)} 晚于今天"
    if _age(born, today) > MAX_AGE:
        return None, f"身份证号中的出生日期 {_cn(born)} 距今超过{MAX_AGE}岁"
    if ric.calc_check_digit(number) != number[17]:
        return None, "身份证号校验位不对，请核对最后一位"
    if province_of(number) is None:
        return None, f"身份证号前两位 {number[:2]} 不是省级行政区划代码"
    return number, None


# GB 11643 (ISO 7064 MOD 11-2): the 18 characters a1…a18 of a right number, X standing for 10, weigh
# Σ aᵢ·2^(18−i) ≡ 1 (mod 11). Over a column: each character becomes aᵢ·2^(18−i) mod 11 (at most 10) by the
# translate of its place (_WEIGHED, one per place), and the column's bytes, read as one number in base 256 and
# multiplied by 1 + 256 + … + 256¹⁷, give every number's sum of 18 as one byte of the product (at most 180: no
# carry), every 18th from the 18th. 200 numbers: 46 -> 26 us against int(number with X as A, 13) % 11 per
# number (13 ≡ 2 mod 11), with its replace, int, mod and compare each called per number.
_WEIGHED = [bytes.maketrans(b"0123456789X", bytes(value * pow(2, 17 - place, 11) % 11 for value in range(11)))
            for place in range(18)]
_EIGHTEEN_ONES = int.from_bytes(b"\x01" * 18, "big")
_SUM_RIGHT = bytes(int(total % 11 == 1) for total in range(256))


def plain_ids_valid(numbers: Sequence[str], today: dt.date | None = None) -> list[bool]:
    """For numbers that are 18 characters [0-9]{17}[0-9X] each: whether check_id accepts each as it is
    (check_id(n) == (n, None)), for a whole column of a register at once (issue 15 item 6: the reader's own
    time beside python-calamine's). The same rules as check_id, checked over all the numbers: the birth dates
    real (date.fromisoformat of YYYYMMDD is the same date as check_id's), none after `today` and none more
    than 120 years before it, every province known, each check digit right. A column where a date or a
    province fails is checked number by number with check_id, so the answer is always check_id's."""
    if not numbers:
        return []
    today = today or dt.date.today()
    try:
        born = list(map(dt.date.fromisoformat, map(getitem, numbers, repeat(slice(6, 14)))))
    except ValueError:
        born = []
    if (not born or max(born) > today or _age(min(born), today) > MAX_AGE
            or not all(map(_province, set(map(getitem, numbers, repeat(slice(2))))))):
        return [check_id(n, today)[0] == n for n in numbers]
    digits = "".join(numbers).encode("ascii")
    weighed = bytearray(len(digits))
    for place, table in enumerate(_WEIGHED):
        weighed[place::18] = digits[place::18].translate(table)
    sums = (int.from_bytes(weighed, "big") * _EIGHTEEN_ONES).to_bytes(len(digits) + 17, "big")[17::18]
    right = sums.translate(_SUM_RIGHT)
    return [True] * len(numbers) if 0 not in right else list(map(bool, right))


def id_warning(number: str) -> str | None:
    """For a number check_id accepted: a warning when its region code is unknown in every era of the
    code table (the table may lag behind a new county), else None. Shown to the clerk, who confirms."""
    if county_known(number[:6]):
        return None
    return (f"身份证号的地区代码 {number[:6]} 不在本程序的行政区划代码表中（代码表可能未及时更新），"
            "请对照身份证原件核对无误后保存")


def _birth(number: str) -> dt.date | None:
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def _age(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def province_of(number: str) -> str | None:
    """The province the first two digits name, or None."""
    return _province(number[:2])


@lru_cache(maxsize=128)  # by the two digits: keyed by the whole number it never hit (a third of an import)
def _province(code: str) -> str | None:
    if code in _EXTRA_PROVINCES:
        return _EXTRA_PROVINCES[code]
    results = numdb.get("cn/loc").info(code + "0000")
    return results[0][1].get("province") if results and results[0][0] == code else None


@lru_cache(maxsize=8192)
def county_known(region: str) -> bool:
    """Whether the six-digit code names a place in any era of python-stdnum's table (or a residence permit's)."""
    if region[:2] in _EXTRA_PROVINCES and region[2:] == "0000":
        return True
    results = numdb.get("cn/loc").info(region)
    return len(results) > 1 and bool(results[-1][1].get("county"))


@lru_cache(maxsize=8192)
def region_valid(region: str, year: int) -> bool:
    """Whether python-stdnum knows `region` as a county code in use in `year` (the demo picks such codes)."""
    body = f"{region}{year:04d}0101001"
    try:
        ric.validate(body + ric.calc_check_digit(body + "0"))
    except (ValidationError, KeyError, ValueError):
        return False
    return True


def upgrade_15(number: str) -> str:
    """A legacy 15-digit number (born 19xx) as its 18-digit form."""
    body = number[:6] + "19" + number[6:]
    return body + ric.calc_check_digit(body + "0")


def birth_date(number: str) -> dt.date:
    born = _birth(number) if len(number) == 18 and number[:14].isdigit() else None
    return born if born is not None else ric.get_birth_date(number)  # stdnum's answer (or error) otherwise


def sex_of(number: str) -> str:
    """'男' or '女' from the 17th digit."""
    return "男" if int(number[16]) % 2 else "女"


def mask_id(number: str | None) -> str:
    """First 6 and last 4 digits at most (public notice rule)."""
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str | None) -> str:
    """A mobile number as 138****1234; other numbers are shown as they are."""
    if not phone or len(phone) < 11:
        return phone or ""
    return phone[:3] + "****" + phone[-4:]


def mask_card(card: str | None) -> str:
    """Bank card: only the last four digits."""
    if not card:
        return ""
    digits = card.replace(" ", "")
    return "**** " + digits[-4:] if len(digits) > 4 else "****"


# 11 digits and more: a phone (11), a bank card (16–19), an ID number (18, its last may be X).
_LONG_NUMBER = re.compile(r"\d{11,}[Xx]?")


def redact(text: str) -> str:
    """`text` with every run of 11 digits or more masked but its first 3 and last 2 (a file name, a path)."""
    return _LONG_NUMBER.sub(lambda m: m.group()[:3] + "*" * (len(m.group()) - 5) + m.group()[-2:], text)
