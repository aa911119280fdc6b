"""Small pure parsers for what people type into register cells: an ID, a phone, a bank card, a
household size, an amount, a date. Each takes a cell as Excel gives it (text, number, date or None)
and returns `Parsed`: a value, or a reason in Chinese that names the field and says what to do, and
perhaps a warning (usable, but someone should look). They never raise.

A blank cell gives `Parsed()` (no value, no reason): whether a field is required is the caller's rule.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Generic, TypeVar


from songnuan_desktop.domain.ids import check_id, normalize_id
from songnuan_desktop.domain.money import separator_problem, yuan_to_fen

T = TypeVar("T")

# An Excel number keeps 15 significant digits; anything longer has lost its tail for good.
EXCEL_DIGITS = 15
EXCEL_ERRORS = frozenset({"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!"})
BLANK_MARKS = frozenset({"/", "-", "--", "—", "——", "－", "无数据"})
_SCIENTIFIC = re.compile(r"\d+(\.\d+)?E\+?\d+", re.IGNORECASE)
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}")
_PHONE_SPLIT = re.compile(r"[/、,，;；\s]+|或")
_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_DATE_DIGITS = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SIZE_TEXT = re.compile(r"(?:共|全家)?(\d+|[一二两三四五六七八九十]+)\s*(?:人|口人|口)?")
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_AMOUNT_TAILS = ("元/月", "元每月", "/月", "每月", "/人", "每人", "左右")
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 past Excel's phantom 1900-02-29
MAX_HOUSEHOLD = 30
YEARS = (1900, 2100)


@dataclass(frozen=True)
class Parsed(Generic[T]):
    value: T | None = None
    reason: str | None = None  # unusable: the row cannot be taken as it is
    warning: str | None = None  # usable, but worth a look

    @property
    def ok(self) -> bool:
        return self.reason is None


def is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def shown(cell: Any) -> str:
    """The cell as a person would recognise it in a message."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell)) if abs(cell) < 1e15 else f"{cell:.14E}"
    if isinstance(cell, dt.datetime):
        return cell.strftime("%Y-%m-%d %H:%M") if cell.time() != dt.time() else cell.date().isoformat()
    text = str(cell).strip()
    return text if len(text) <= 40 else text[:40] + "…"


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _integral(cell: Any) -> int | None:
    """The whole number a numeric cell holds, or None (not a number, or has a fraction)."""
    if isinstance(cell, bool) or not isinstance(cell, int | float | Decimal):
        return None
    if isinstance(cell, float) and (not cell.is_integer()):
        return None
    if isinstance(cell, Decimal) and (not cell.is_finite() or cell != cell.to_integral_value()):
        return None
    return int(cell)


def excel_error(cell: Any) -> bool:
    return isinstance(cell, str) and "#" in cell and cell.strip().upper() in EXCEL_ERRORS


def _error_reason(label: str, cell: Any) -> Parsed[Any]:
    return Parsed(reason=f"{label}一栏是Excel错误值 {cell}：请改为实际内容")


# --- identity number ------------------------------------------------------------------------------

def lost_digits_reason(label: str, cell: Any) -> str:
    return (f"{label}被Excel存成了数字（{shown(cell)}），Excel的数字只保留15位有效数字，后几位已经丢失，"
            f"无法还原：请把这一列设为“文本”格式，照原件重新录入完整号码")


def parse_id(cell: Any, label: str = "身份证号") -> Parsed[str]:
    """An 18-digit ID from a cell; a 15-digit legacy number (also typed as a number) is upgraded."""
    if is_blank(cell):
        return Parsed()
    if excel_error(cell):
        return _error_reason(label, cell)
    if isinstance(cell, bool) or isinstance(cell, dt.date | dt.time | dt.timedelta):
        return Parsed(reason=f"{label}“{shown(cell)}”不是身份证号：请填写18位号码")
    if isinstance(cell, int | float | Decimal):
        return _id_from_number(cell, label)
    text = normalize_id(_nfkc(str(cell)))
    if _SCIENTIFIC.fullmatch(text):
        return Parsed(reason=lost_digits_reason(label, cell))
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return _checked(text, label)


def _id_from_number(cell: int | float | Decimal, label: str) -> Parsed[str]:
    number = _integral(cell)
    if number is None or number <= 0:
        return Parsed(reason=f"{label}“{shown(cell)}”不是身份证号：请填写18位号码")
    digits = str(number)
    if len(digits) > EXCEL_DIGITS:
        return Parsed(reason=lost_digits_reason(label, cell))
    return _checked(digits, label)


def _checked(text: str, label: str) -> Parsed[str]:
    number, reason = check_id(text)
    if number is not None:
        return Parsed(number)  # an unknown region code is warned by services.files.worker_files (ids.id_warning)
    reason = (reason or "").removeprefix("身份证号")
    hint = "" if "请" in reason else "请照身份证原件核对后重填"
    if len(text) == 18 and text.endswith("000") and text.isdigit():
        hint = "末几位是0，可能是Excel把号码存成数字后丢了后几位；" + (hint or "请照身份证原件核对后重填")
    return Parsed(reason=f"{label}“{shown(text)}”{reason}" + (f"：{hint}" if hint else ""))


# --- phone, bank card -----------------------------------------------------------------------------

def parse_phone(cell: Any, label: str = "联系电话") -> Parsed[str]:
    """A mobile (11 digits) or a landline with its area code; several numbers: the first, warned."""
    if is_blank(cell) or (isinstance(cell, str) and cell.strip() in BLANK_MARKS):
        return Parsed()
    if excel_error(cell):
        return _error_reason(label, cell)
    whole = _integral(cell)
    text = str(whole) if whole is not None else _nfkc(str(cell))
    whole_form = _phone_form(text)
    if whole_form:
        return Parsed(whole_form)
    candidates = [_phone_form(part) for part in _PHONE_SPLIT.split(text) if part.strip()]
    found = [c for c in candidates if c]
    if not found:
        return Parsed(reason=f"{label}“{shown(cell)}”格式不对：手机为11位数字，"
                             "固定电话请带区号（如 0855-8221234），请核对后重填")
    if len(candidates) > 1:
        return Parsed(found[0], warning=f"{label}填了多个号码（{shown(cell)}），已取第一个 {found[0]}")
    return Parsed(found[0])


def _phone_form(part: str) -> str | None:
    text = re.sub(r"[()（）\s]", "-", part.strip()).strip("-")
    text = re.sub(r"^(\+?86)-?(?=1[3-9])", "", text)
    mobile = text.replace("-", "")
    if _MOBILE.fullmatch(mobile):
        return mobile
    landline = re.sub(r"-+", "-", text)
    if _LANDLINE.fullmatch(landline):
        return landline
    return None


def parse_bank_card(cell: Any, label: str = "银行卡号") -> Parsed[str]:
    """12 to 19 digits; a failed Luhn check is only a warning (some passbooks do not use it)."""
    if is_blank(cell) or (isinstance(cell, str) and cell.strip() in BLANK_MARKS):
        return Parsed()
    if excel_error(cell):
        return _error_reason(label, cell)
    if isinstance(cell, int | float | Decimal) and not isinstance(cell, bool):
        number = _integral(cell)
        if number is None or number < 0:
            return Parsed(reason=f"{label}“{shown(cell)}”不是卡号：应为12到19位数字")
        if len(str(number)) > EXCEL_DIGITS:
            return Parsed(reason=lost_digits_reason(label, cell))
        digits = str(number)
    else:
        digits = re.sub(r"[\s\-]", "", _nfkc(str(cell)))
    if not digits.isdigit() or not 12 <= len(digits) <= 19:
        return Parsed(reason=f"{label}“{shown(cell)}”不对：应为12到19位数字，请照卡面或存折核对后重填")
    if not luhn_ok(digits):
        return Parsed(digits, warning=f"{label} {digits} 校验位不符（部分银行卡不使用该校验），请与卡面或存折核对")
    return Parsed(digits)


_DOUBLED = {str(d): (2 * d - 9 if d > 4 else 2 * d) for d in range(10)}


def luhn_ok(digits: str) -> bool:
    """stdnum's luhn.is_valid for a string of digits, several times faster (an import checks 10,000 cards)."""
    return (sum(map(int, digits[-1::-2])) + sum(map(_DOUBLED.__getitem__, digits[-2::-2]))) % 10 == 0


# --- household size, amounts ----------------------------------------------------------------------

def parse_household_size(cell: Any, label: str = "家庭人口") -> Parsed[int]:
    """3, 3.0, "3人", "３口", "三人", "共3人" → 3 (1 to 30)."""
    if is_blank(cell):
        return Parsed()
    if excel_error(cell):
        return _error_reason(label, cell)
    size = _integral(cell)
    if size is None and isinstance(cell, str):
        match = _SIZE_TEXT.fullmatch(_nfkc(cell).replace(" ", ""))
        size = _small_number(match.group(1)) if match else None
    if size is None or not 1 <= size <= MAX_HOUSEHOLD:
        return Parsed(reason=f"{label}“{shown(cell)}”不对：请填写1到{MAX_HOUSEHOLD}之间的人数，如 3 或 3人")
    return Parsed(size)


def _small_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十") and len(text) == 2:
        return 10 + _CN_DIGITS.get(text[1], -100)
    if len(text) == 1:
        return _CN_DIGITS.get(text)
    return None


def parse_amount(cell: Any, label: str = "金额") -> Parsed[int]:
    """Yuan to fen: 2000, 1500.5, "2000元", "1,500.00", "１５００", "1.2万", "无" (0)."""
    if type(cell) is int and 0 <= cell < 10**9:  # the common case, 10,000 times a register
        return Parsed(cell * 100)
    if is_blank(cell) or (isinstance(cell, str) and cell.strip() in BLANK_MARKS):
        return Parsed()
    if excel_error(cell):
        return _error_reason(label, cell)
    bad: Parsed[int] = Parsed(reason=f"{label}“{shown(cell)}”不是金额：请填写数字，如 1500 或 1,500.00")
    if isinstance(cell, bool) or not isinstance(cell, int | float | Decimal | str):
        return bad
    if isinstance(cell, str):
        if separator_problem(_nfkc(cell)):
            return Parsed(reason=f"{label}“{shown(cell)}”中的逗号位置不对，不能确定是小数点还是千位分隔："
                                 "请只用小数点表示小数，如 1.50 或 1500")
        value = _amount_text(cell)
        if value is None:
            return bad
    else:
        try:
            value = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
        except InvalidOperation:
            return bad
    return _fen(value, cell, label) if value.is_finite() else bad


def _amount_text(cell: str) -> Decimal | None:
    text = _nfkc(cell).replace(" ", "")
    if text in ("无", "没有", "零"):
        return Decimal(0)
    for tail in _AMOUNT_TAILS:
        text = text.removesuffix(tail)
    if "e" in text.lower():  # "1e999999" is not how anyone writes money
        return None
    scale = 1
    if text.endswith(("万", "万元")):
        text, scale = text.removesuffix("元").removesuffix("万"), 10_000
    try:
        # yuan_to_fen is the office's one reading of a typed amount; fen back to yuan keeps it exact.
        return Decimal(yuan_to_fen(text)) / 100 * scale
    except ValueError:
        try:
            return Decimal(text.replace(",", "")) * scale if re.fullmatch(r"[\d,]+\.\d{3,}", text) else None
        except InvalidOperation:
            return None


def _fen(value: Decimal, cell: Any, label: str) -> Parsed[int]:
    if value < 0:
        return Parsed(reason=f"{label}“{shown(cell)}”是负数：请填写0或正数")
    if value >= Decimal(10) ** 9:
        return Parsed(reason=f"{label}“{shown(cell)}”太大：请核对单位（应为元）")
    fen = value * 100
    whole = fen.to_integral_value(rounding=ROUND_HALF_UP)
    if fen != whole:  # a computed cell such as =B2/C2: kept, rounded to the fen
        return Parsed(int(whole), warning=f"{label} {shown(cell)} 超过两位小数，已四舍五入为 {whole / 100:.2f} 元")
    return Parsed(int(whole))


# --- dates ----------------------------------------------------------------------------------------

def parse_date(cell: Any, label: str = "日期") -> Parsed[dt.date]:
    """Date cells, Excel serials (45296), 20240105, and 2024-01-05, 2024/1/5, 2024.1.5, 2024年1月5日."""
    if is_blank(cell) or (isinstance(cell, str) and cell.strip() in BLANK_MARKS):
        return Parsed()
    if excel_error(cell):
        return _error_reason(label, cell)
    value: dt.date | None = None
    if isinstance(cell, dt.datetime):
        value = cell.date()
    elif isinstance(cell, dt.date):
        value = cell
    elif isinstance(cell, int | float | Decimal) and not isinstance(cell, bool):
        value = _date_from_number(cell)
    elif isinstance(cell, str):
        value = _date_from_text(_nfkc(cell))
    if value is None or not YEARS[0] <= value.year <= YEARS[1]:
        return Parsed(reason=f"{label}“{shown(cell)}”不是日期：请写成 2024-01-05 的样子")
    return Parsed(value)


def _date_from_number(cell: int | float | Decimal) -> dt.date | None:
    number = _integral(cell)
    if number is not None and 10_000_000 <= number <= 99_999_999:
        return _date_from_text(str(number))
    try:
        serial = float(cell)
    except (OverflowError, ValueError):
        return None
    if not 1 <= serial < 73_051:  # 1900-01-01 … 2099-12-31
        return None
    days = int(serial)
    return _EXCEL_EPOCH + dt.timedelta(days=days + (1 if days < 60 else 0))


def _date_from_text(text: str) -> dt.date | None:
    text = re.sub(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", "", text.strip())
    match = _DATE_TEXT.fullmatch(text) or _DATE_DIGITS.fullmatch(text)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
