"""Resident identity numbers (居民身份证号), checked with python-stdnum, and masking."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

_FULLWIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789XX")


def normalize_id(text: str) -> str:
    """Strip spaces, turn full-width digits and a lowercase x into the canonical form."""
    return "".join(str(text).translate(_FULLWIDTH).split()).upper()


def check_id(text: str) -> tuple[str | None, str | None]:
    """(normalized 18-digit number, None) or (None, reason in Chinese)."""
    number = normalize_id(text)
    if len(number) == 15 and number.isdigit():
        number = upgrade_15(number)
    if _known_valid(number):
        return number, None
    try:
        ric.validate(number)
    except ValidationError as exc:
        return None, _reason(number, exc)
    except (KeyError, ValueError):  # python-stdnum 2.2 lets a KeyError out for some region codes
        return None, "身份证号中的出生日期或地区代码无效"
    return number, None


def _known_valid(number: str) -> bool:
    """A well-formed number whose region was valid in its birth year. python-stdnum's region look-up
    costs ≈70 µs; done once per region and year, a 10,000-row register saves 0.7 s. Anything that
    fails here goes the full way through ric.validate, which also gives the reason."""
    if len(number) != 18 or not number[:17].isdigit() or ric.calc_check_digit(number) != number[-1]:
        return False
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return region_valid(number[:6], born.year)


@lru_cache(maxsize=8192)
def region_valid(region: str, year: int) -> bool:
    """Whether python-stdnum knows `region` as a county code in use in `year`."""
    body = f"{region}{year:04d}0101001"
    try:
        ric.validate(body + ric.calc_check_digit(body + "0"))
    except (ValidationError, KeyError, ValueError):
        return False
    return True


def _reason(number: str, exc: ValidationError) -> str:
    name = type(exc).__name__
    if name == "InvalidLength":
        return f"身份证号应为18位，现为{len(number)}位"
    if name == "InvalidFormat":
        return "身份证号前17位只能是数字"
    if name == "InvalidChecksum":
        return "身份证号校验位不对，请核对最后一位"
    return "身份证号中的出生日期或地区代码无效"


def upgrade_15(number: str) -> str:
    """A legacy 15-digit number (born 19xx) as its 18-digit form."""
    body = number[:6] + "19" + number[6:]
    return body + ric.calc_check_digit(body + "0")


def birth_date(number: str) -> dt.date:
    return ric.get_birth_date(number)


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
