"""The columns of a worker register (花名册) as offices name them, and how each column's cell is cleaned.

Every office titles its columns a little differently; `FIELDS` lists, per field key, the label used
in messages and the header names seen in real registers. Income has three different meanings, kept
apart: 月收入 is the head's own monthly income, 家庭月收入 the household's, 人均月收入 the household's
per person. A cleaner turns one cell into `Parsed` and never raises.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from songnuan_desktop.domain import codes
from songnuan_desktop.domain.ids import check_id, plain_ids_valid
from songnuan_desktop.domain.names import check_name
from songnuan_desktop.domain.parsing import (
    BLANK_MARKS,
    Parsed,
    excel_error,
    is_blank,
    parse_amount,
    parse_bank_card,
    parse_date,
    parse_household_size,
    parse_id,
    luhn_ok,
    parse_phone,
    shown,
)


@dataclass(frozen=True)
class Field:
    label: str
    synonyms: tuple[str, ...]


FIELDS: dict[str, Field] = {
    "name": Field("姓名", ("姓名", "户主姓名", "职工姓名", "困难职工姓名", "申请人", "申请人姓名", "户主")),
    "id_number": Field("身份证号", ("身份证号", "公民身份号码", "身份证号码", "身份证", "户主身份证号",
                                 "身份证件号码", "证件号码", "公民身份证号码")),
    "sex": Field("性别", ("性别",)),
    "ethnicity": Field("民族", ("民族",)),
    "birth_date": Field("出生日期", ("出生日期", "出生年月日", "出生年月")),
    "phone": Field("联系电话", ("联系电话", "手机", "电话", "手机号", "手机号码", "联系方式", "电话号码",
                              "联系电话号码")),
    "work_unit": Field("工作单位", ("工作单位", "单位", "单位名称", "所在单位", "就业单位", "工作单位名称")),
    "address": Field("家庭住址", ("家庭住址", "住址", "家庭地址", "现住址", "居住地址", "地址", "现居住地址")),
    "category": Field("困难类别", ("困难类别", "类别", "困难类型", "困难程度", "帮扶类别", "困难职工类别")),
    "household_size": Field("家庭人口", ("家庭人口", "家庭人数", "家庭人口数", "人口数", "家庭成员人数", "家庭总人口")),
    "monthly_income_fen": Field("本人月收入", ("月收入", "本人月收入", "个人月收入", "职工月收入", "户主月收入")),
    "household_income_fen": Field("家庭月收入", ("家庭月收入", "家庭月总收入", "月家庭收入", "家庭总收入")),
    "per_capita_income_fen": Field("人均月收入", ("人均月收入", "家庭人均月收入", "月人均收入", "家庭月人均收入",
                                             "人均收入", "家庭人均收入")),
    "bank_name": Field("开户银行", ("开户行", "开户银行", "银行", "开户银行名称", "银行名称")),
    "bank_branch": Field("开户网点", ("支行", "开户网点", "开户支行", "网点")),
    "bank_card": Field("银行卡号", ("银行卡号", "卡号", "账号", "银行账号", "银行卡号码", "账户", "存折号",
                                 "银行账户")),
    "cause": Field("致困原因", ("致困原因", "困难原因", "主要致困原因", "致困原因及情况")),
    "situation": Field("困难情况", ("困难情况", "家庭困难情况", "困难情况简述", "基本情况", "家庭基本情况")),
    "employment_status": Field("工作状态", ("工作状态", "就业状态", "在岗状态", "就业情况")),
    "political_status": Field("政治面貌", ("政治面貌",)),
    "health": Field("健康状况", ("健康状况", "身体状况")),
    "marital_status": Field("婚姻状况", ("婚姻状况",)),
    "hukou_type": Field("户口类型", ("户口类型", "户口性质", "户籍类型", "户籍性质")),
    "worker_type": Field("职工类型", ("职工类型", "困难职工类型")),
    "filed_date": Field("建档日期", ("建档日期", "建档时间", "入档时间", "入档日期", "申请日期", "申请时间")),
    "note": Field("备注", ("备注",)),
}
SYNONYMS: dict[str, str] = {s: key for key, f in FIELDS.items() for s in f.synonyms}
# Columns that carry nothing to import and are not worth reporting as unknown.
IGNORED = frozenset({"序号", "序", "编号", "签字", "签名", "领取人签字", "本人签字", "手印"})
REQUIRED = ("name", "id_number")
MAX_LENGTHS = {"name": 40, "work_unit": 100, "address": 200, "bank_name": 40, "bank_branch": 60,
               "situation": 2000, "note": 200, "health": 20, "ethnicity": 20}

_HEADER_NOISE = re.compile(r"[\s*:：]|\(.*?\)|（.*?）|\[.*?\]|【.*?】")
def header_key(cell: Any) -> str:
    """A header cell without spaces, stars, colons or a unit in brackets: "月收入（元）" → "月收入"."""
    if not isinstance(cell, str):
        return ""
    return _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", cell)).strip()


def field_of(cell: Any) -> str | None:
    return SYNONYMS.get(header_key(cell))


def text_of(cell: Any) -> str:
    """A cell as text: whole numbers without ".0", runs of spaces collapsed."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        return str(int(cell))
    text = " ".join(str(cell).split())
    return cell if text == cell else text  # the cell's own string when it needs nothing: not a second copy


# --- cleaners -------------------------------------------------------------------------------------

def _text(key: str) -> Callable[[Any], Parsed[Any]]:
    label, limit = FIELDS[key].label, MAX_LENGTHS.get(key, 100)

    def clean(cell: Any) -> Parsed[Any]:
        if excel_error(cell):
            return Parsed(reason=f"{label}一栏是Excel错误值 {cell}：请改为实际内容")
        text = text_of(cell)
        if text in BLANK_MARKS:
            return Parsed()
        if len(text) > limit:
            return Parsed(reason=f"{label}太长（{len(text)}字，最多{limit}字）：请精简后重填")
        return Parsed(text or None)

    return clean


def clean_name(cell: Any) -> Parsed[Any]:
    if is_blank(cell):
        return Parsed()
    if not isinstance(cell, str):
        return Parsed(reason=f"姓名“{shown(cell)}”是数字或日期，不像人名：请填写户主的真实姓名")
    name, reason = check_name(text_of(cell))  # one spelling: every middle dot as U+00B7 (domain.names)
    if name is None:
        return Parsed(reason=f"姓名“{shown(cell)}”{reason}")
    if len(name) > MAX_LENGTHS["name"]:
        return Parsed(reason=f"姓名“{shown(cell)}”太长：请只填写户主一人的姓名")
    return Parsed(name)


def clean_sex(cell: Any) -> Parsed[Any]:
    """Only checked against the ID by the reader; here just the typed value, or a warning."""
    text = "".join(text_of(cell).split()).upper()
    if not text or text in BLANK_MARKS:
        return Parsed()
    sex = {"男": "男", "男性": "男", "M": "男", "女": "女", "女性": "女", "F": "女"}.get(text)
    if sex is None:
        return Parsed(warning=f"性别“{shown(cell)}”看不懂，已按身份证号确定性别")
    return Parsed(sex)


def clean_ethnicity(cell: Any) -> Parsed[Any]:
    parsed = _text("ethnicity")(cell)
    text = parsed.value
    if isinstance(text, str) and not text.endswith("族") and text + "族" in codes.ETHNICITIES:
        return Parsed(text + "族")
    return parsed


def clean_category(cell: Any) -> Parsed[Any]:
    text = "".join(text_of(cell).split())
    if not text or text in BLANK_MARKS:
        return Parsed(reason=f"困难类别为空：请填写{'、'.join(codes.CATEGORIES_CURRENT)}之一")
    for candidate in (text, text.removesuffix("职工"), text.removesuffix("户")):
        if candidate in codes.CATEGORIES:
            return Parsed(candidate)
    return Parsed(reason=f"困难类别“{shown(cell)}”不在代码表中：请填写{'、'.join(codes.CATEGORIES_CURRENT)}之一"
                         f"（旧名称{'、'.join(codes.CATEGORIES_LEGACY + codes.CATEGORIES_OLDEST)}也可）")


_CODE_ALIASES: dict[str, dict[str, str]] = {
    "employment_status": {"下岗": "下(待)岗", "待岗": "下(待)岗", "下待岗": "下(待)岗", "失业": "失(无)业",
                          "无业": "失(无)业", "失无业": "失(无)业", "在职": "在岗", "退休人员": "退休"},
    "political_status": {"党员": "中共党员", "共产党员": "中共党员", "团员": "共青团员", "民主党派人士": "民主党派"},
    "hukou_type": {"城镇": "非农业", "城镇户口": "非农业", "非农": "非农业", "农村": "农业", "农业户口": "农业"},
    "marital_status": {"离婚": "离异", "单身": "未婚"},
    "worker_type": {"职工": "困难职工", "农民工": "困难农民工"},
}
_CODE_LISTS: dict[str, tuple[str, ...]] = {
    "employment_status": codes.EMPLOYMENT_STATUSES, "political_status": codes.POLITICAL_STATUSES,
    "hukou_type": codes.HUKOU_TYPES, "marital_status": codes.MARITAL_STATUSES, "worker_type": codes.WORKER_TYPES,
}


def _code(key: str) -> Callable[[Any], Parsed[Any]]:
    """An optional code field: a value off the list is left out with a warning, not a rejection."""
    allowed, aliases, label = _CODE_LISTS[key], _CODE_ALIASES.get(key, {}), FIELDS[key].label

    def clean(cell: Any) -> Parsed[Any]:
        text = unicodedata.normalize("NFKC", "".join(text_of(cell).split()))
        if not text or text in BLANK_MARKS:
            return Parsed()
        value = text if text in allowed else aliases.get(text)
        if value is None:
            return Parsed(warning=f"{label}“{shown(cell)}”不在代码表中，未导入该项（可选：{'、'.join(allowed)}）")
        return Parsed(value)

    return clean


_CAUSE_WORDS = (
    (("病", "癌", "肿瘤", "透析", "住院"), "患重特大疾病"),
    (("下岗", "失业", "待岗"), "下岗失业"),
    (("残疾", "丧失劳动能力", "无劳动能力", "年老体弱"), "无劳动能力"),
    (("上学", "学费", "就学", "读书", "因学"), "子女上学"),
    (("灾",), "遭受自然灾害"),
    (("意外", "事故", "车祸", "工伤"), "遭受意外事故"),
    (("社保", "社会保险", "未参保"), "未参加社会保险"),
)
MAX_CAUSES = 4


def clean_cause(cell: Any) -> Parsed[Any]:
    """Free text such as "因病、子女上学" → causes ("患重特大疾病", "子女上学"); the text is kept too."""
    text = text_of(cell)
    if not text or text in BLANK_MARKS:
        return Parsed()
    if len(text) > 200:
        return Parsed(reason=f"致困原因太长（{len(text)}字，最多200字）：请精简，详细情况写在“困难情况”一栏")
    causes: list[str] = []
    for part in re.split(r"[、,，;；/\s]+|和|及", unicodedata.normalize("NFKC", text)):
        cause = part if part in codes.CAUSES else next(
            (c for words, c in _CAUSE_WORDS if any(w in part for w in words)), "其他" if part else "")
        if cause and cause not in causes:
            causes.append(cause)
    warning = None
    if len(causes) > MAX_CAUSES:
        warning = f"致困原因多于{MAX_CAUSES}项，只取前{MAX_CAUSES}项：{'、'.join(causes[:MAX_CAUSES])}"
        causes = causes[:MAX_CAUSES]
    return Parsed({"causes": tuple(causes), "cause_text": text}, warning=warning)


def _labelled(parser: Callable[[Any, str], Parsed[Any]], key: str) -> Callable[[Any], Parsed[Any]]:
    label = FIELDS[key].label
    return lambda cell: parser(cell, label)


CLEANERS: dict[str, Callable[[Any], Parsed[Any]]] = {
    "name": clean_name,
    "id_number": _labelled(parse_id, "id_number"),
    "sex": clean_sex,
    "ethnicity": clean_ethnicity,
    "birth_date": _labelled(parse_date, "birth_date"),
    "phone": _labelled(parse_phone, "phone"),
    "category": clean_category,
    "household_size": _labelled(parse_household_size, "household_size"),
    "monthly_income_fen": _labelled(parse_amount, "monthly_income_fen"),
    "household_income_fen": _labelled(parse_amount, "household_income_fen"),
    "per_capita_income_fen": _labelled(parse_amount, "per_capita_income_fen"),
    "bank_card": _labelled(parse_bank_card, "bank_card"),
    "cause": clean_cause,
    "filed_date": _labelled(parse_date, "filed_date"),
    **{key: _code(key) for key in _CODE_LISTS},
    **{key: _text(key) for key in ("work_unit", "address", "bank_name", "bank_branch", "situation", "health", "note")},
}


# --- the well-formed cell at once -----------------------------------------------------------------
#
# Most cells of a register are already in the form their cleaner would give: an ID of 18 digits, a
# name of common ideographs, a mobile of 11 digits. For the columns whose every cell is different (so
# the reader keeps no memo of them) FAST[key](cell) is that value when the cell is such a cell, and None
# otherwise; then the cleaner reads it. The promise, tested on every cell of the test registers:
# FAST[key](cell) is v (not None) only when CLEANERS[key](cell) == Parsed(v) — no reason, no warning.
# Issue 15 item 6: the reader's own work per cell, beside python-calamine's, is what the import waits for.

_PLAIN_NAME = re.compile("[\u4e00-\u9fff]{1,%d}" % MAX_LENGTHS["name"])  # noqa: UP031 - URO only: no dot, no space
_PLAIN_ID = re.compile(r"[0-9]{17}[0-9X]")
_PLAIN_MOBILE = re.compile(r"1[3-9][0-9]{9}")


def _fast_name(cell: Any) -> str | None:
    return cell if type(cell) is str and _PLAIN_NAME.fullmatch(cell) else None


def _fast_id(cell: Any) -> str | None:
    if type(cell) is str and _PLAIN_ID.fullmatch(cell) and check_id(cell)[0] == cell:
        return cell
    return None


def _fast_phone(cell: Any) -> str | None:
    return cell if type(cell) is str and _PLAIN_MOBILE.fullmatch(cell) else None


def _fast_card(cell: Any) -> str | None:
    if type(cell) is str and 12 <= len(cell) <= 19 and cell.isascii() and cell.isdigit() and luhn_ok(cell):
        return cell
    return None


def _fast_text(key: str) -> Callable[[Any], str | None]:
    limit = MAX_LENGTHS.get(key, 100)

    def fast(cell: Any) -> str | None:
        if (type(cell) is str and 0 < len(cell) <= limit and "#" not in cell and cell not in BLANK_MARKS
                and " ".join(cell.split()) == cell):
            return cell
        return None

    return fast


FAST: dict[str, Callable[[Any], Any]] = {
    "name": _fast_name,
    "id_number": _fast_id,
    "phone": _fast_phone,
    "bank_card": _fast_card,
    **{key: _fast_text(key) for key in ("address", "situation", "note")},
}


# --- the well-formed cells of a whole column at once ----------------------------------------------
#
# FAST_COLUMN[key](cells) is [FAST[key](cell) for cell in cells], computed over the column (the reader
# cleans a register a few hundred rows at a time, column by column): the per-cell calls were most of the
# reader's own time. Tested against FAST cell by cell (tests/documents/test_register_fast_cells.py).
# FAST_TAKEN[key](cells) is (FAST_COLUMN[key](cells), whether it is the cells as they are, every one filled):
# the reader then has no cell to look for that the shortcut did not take, and no None.

_LONGEST_BLANK_MARK = max(map(len, BLANK_MARKS))
_DOUBLED_DIGIT = str.maketrans("0123456789", "0246813579")  # Luhn's doubled digit, its digits summed
_DIGIT_BYTE = bytes.maketrans(b"0123456789", bytes(range(10)))  # a digit's byte to the digit's value
_DOUBLED_BYTE = bytes.maketrans(b"0123456789", bytes([0, 2, 4, 6, 8, 1, 3, 5, 7, 9]))  # to the doubled one's sum
_TWENTY_ONES = int.from_bytes(b"\x01" * 20, "big")
_NOT_TENS = bytes(int(v % 10 != 0) for v in range(256))  # a card's sum of digits to 1 where Luhn fails


_STR = {str}
# The shortcuts' patterns for a whole column: its cells joined by "|" match one of these (each cell the one's shape).
_PLAIN_NAMES = re.compile("[\u4e00-\u9fff]{1,%d}(?:\\|[\u4e00-\u9fff]{1,%d})*" % ((MAX_LENGTHS["name"],) * 2))  # noqa: UP031
_PLAIN_MOBILES = re.compile(r"1[3-9][0-9]{9}(?:\|1[3-9][0-9]{9})*")
_PLAIN_IDS = re.compile(r"[0-9]{17}[0-9X](?:\|[0-9]{17}[0-9X])*")
_DIGITS = re.compile(r"[0-9]{12,19}(?:\|[0-9]{12,19})*")


def _whole(pattern: re.Pattern[str], cells: Sequence[Any]) -> bool:
    """Whether every cell is a str (not a subclass) and the cells joined by "|" match `pattern`, which says each
    cell's shape and width: a whole column told in C by one pass over its types and one regular expression over
    one string (a match per cell costs more than the cell's own check; the cells' widths were two passes more,
    min and max of their lengths, as long again as the match)."""
    return bool(cells) and set(map(type, cells)) == _STR and pattern.fullmatch("|".join(cells)) is not None


_Taken = tuple[list[Any], bool]


def _fast_names(cells: Sequence[Any]) -> _Taken:
    """A column of names of 1–40 URO ideographs (_PLAIN_NAME) as it is, else cell by cell."""
    if _whole(_PLAIN_NAMES, cells):
        return list(cells), True
    plain = _PLAIN_NAME.fullmatch
    return [c if c.__class__ is str and plain(c) else None for c in cells], False


def _fast_phones(cells: Sequence[Any]) -> _Taken:
    """A column of mobiles 1[3-9] and 9 digits (_PLAIN_MOBILE) as it is, else cell by cell."""
    if _whole(_PLAIN_MOBILES, cells):
        return list(cells), True
    plain = _PLAIN_MOBILE.fullmatch
    return [c if c.__class__ is str and plain(c) else None for c in cells], False


def _fast_cards(cells: Sequence[Any]) -> _Taken:
    """Luhn as luhn_ok: the digits in odd places from the right plus the doubled ones' digit sums, ≡ 0 mod 10.
    Cell by cell, a string of digits read in base 11 is ≡ its digit sum (mod 10), and int() reads it in C."""
    if _whole(_DIGITS, cells):
        # Every card as 20 digits (leading zeros change no Luhn sum), so the doubled digits are every other
        # byte of the column from the first: each byte becomes its digit's value (doubled ones the doubled
        # digit's sum) in two translates. Read as one number in base 256 and multiplied by 1 + 256 + … + 256¹⁹,
        # the column's bytes give every card's sum of 20 at once, each a byte of the product (at most 180: no
        # carry), every 20th from the 20th (200 cards: 83 -> 37 us, against each card's int() of its 20 bytes).
        digits = "".join(map(str.zfill, cells, repeat(20))).encode("ascii")
        values = bytearray(digits.translate(_DIGIT_BYTE))
        values[0::2] = digits[0::2].translate(_DOUBLED_BYTE)
        sums = (int.from_bytes(values, "big") * _TWENTY_ONES).to_bytes(len(values) + 19, "big")[19::20]
        if 1 not in sums.translate(_NOT_TENS):
            return list(cells), True
    return [c if (c.__class__ is str and 12 <= len(c) <= 19 and c.isascii() and c.isdigit()
                  and int(c[-1::-2] + c[-2::-2].translate(_DOUBLED_DIGIT), 11) % 10 == 0) else None
            for c in cells], False


def _fast_ids(cells: Sequence[Any]) -> _Taken:
    """IDs of 17 digits and a digit or X (_PLAIN_ID), checked by plain_ids_valid."""
    plain = _PLAIN_ID.fullmatch
    whole = _whole(_PLAIN_IDS, cells)
    found = list(cells) if whole else [c if c.__class__ is str and plain(c) else None for c in cells]
    numbers = found if whole else [c for c in found if c is not None]
    if not numbers:
        return found, False
    valid = plain_ids_valid(numbers)
    if all(valid):
        return found, whole
    wrong = {n for n, ok in zip(numbers, valid, strict=True) if not ok}
    return [None if c in wrong else c for c in found], False


def _fast_texts(key: str) -> Callable[[Sequence[Any]], _Taken]:
    """_fast_text over a column: when every filled cell is such a cell, the column as it is (a blank cell is
    None either way), checked over the cells joined by "|" — printable (no whitespace but the space), no
    double space, none at a cell's either end, no "#" — else cell by cell. Where the cells hold no space at all
    (one search for one character, which CPython runs like memchr) the searches for two ("  ", " |", "| ") are
    not made: each went through the text a character at a time (a block of 600-character 困难情况: 120 of its
    250 us)."""
    limit, one = MAX_LENGTHS.get(key, 100), _fast_text(key)

    def fast(cells: Sequence[Any]) -> _Taken:
        texts = [c for c in cells if c is not None] if None in cells else cells
        if not texts:
            return list(cells), False
        joined = "|".join(texts) if set(map(type, texts)) == _STR else ""
        if (joined and "#" not in joined and 0 < (shortest := min(map(len, texts))) and max(map(len, texts)) <= limit
                and (" " not in joined or ("  " not in joined and " |" not in joined and "| " not in joined
                                           and joined[0] != " " and joined[-1] != " "))
                and joined.isprintable() and (_LONGEST_BLANK_MARK < shortest or BLANK_MARKS.isdisjoint(texts))):
            return list(cells), texts is cells  # (texts all longer than any blank mark are not hashed)
        return list(map(one, cells)), False

    return fast


FAST_TAKEN: dict[str, Callable[[Sequence[Any]], _Taken]] = {
    "name": _fast_names,
    "id_number": _fast_ids,
    "phone": _fast_phones,
    "bank_card": _fast_cards,
    **{key: _fast_texts(key) for key in ("address", "situation", "note")},
}


def _found_of(taken: Callable[[Sequence[Any]], _Taken]) -> Callable[[Sequence[Any]], list[Any]]:
    return lambda cells: taken(cells)[0]


FAST_COLUMN: dict[str, Callable[[Sequence[Any]], list[Any]]] = {key: _found_of(f) for key, f in FAST_TAKEN.items()}
