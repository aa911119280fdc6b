"""What a voucher (困难补助资金发放凭证) says in words and numbers: its number, the amount in capitals
(大写) and the QR payload that lets a scanned voucher be checked.

Capitals follow the rules for filling in bills and settlement vouchers (《支付结算办法》附件
“正确填写票据和结算凭证的基本规定”) as DOMAIN.md states them: the digits 零壹贰叁肆伍陆柒捌玖 and the units
拾佰仟万亿, 整 after 元 when there are no 角 or 分, no 整 after 分; a gap of zeros inside the number is
written with one 零; 拾 at the head is written 壹拾; a 元 digit of 0 before a non-zero 角 takes no 零
(10,050.50 → 壹万零伍拾元伍角, the form the rules allow and this office uses), but a 角 of 0 before a
non-zero 分 always does (10,000.05 → 壹万元零伍分). cn2an does the converting; `rmb_capitals` mends
the one place it deviates: a whole 万 group of zeros between 亿 and the rest loses its 零
(2,300,002,719 → 贰拾叁亿贰仟… instead of 贰拾叁亿零贰仟…).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence

import cn2an

MAX_FEN = 10**14 - 1  # below 1 万亿 yuan: cn2an's rmb mode and the fix below are checked up to there
CHECK_HEX = 8


def rmb_capitals(fen: int) -> str:
    """12_345_00 → '壹万贰仟叁佰肆拾伍元整' (without the 人民币 the voucher prints before it)."""
    if not isinstance(fen, int) or isinstance(fen, bool):
        raise TypeError("金额应为整数（分）")
    if fen < 0 or fen > MAX_FEN:
        raise ValueError(f"金额超出大写范围：{fen} 分")
    if fen == 0:
        return "零元整"
    yuan, cents = divmod(fen, 100)
    text = str(cn2an.an2cn(f"{yuan}.{cents:02d}", "rmb"))
    if yuan >= 10**8 and (yuan // 10**4) % 10**4 == 0 and yuan % 10**4 and "亿零" not in text:
        text = text.replace("亿", "亿零", 1)
    return text


def voucher_number(year: int, campaign_code: str, seq: int) -> str:
    """'2027-SWN01-000007': the year of the series, the campaign's code, the gapless sequence."""
    return f"{year}-{campaign_code}-{seq:06d}"


def checksum(number: str, amount_fen: int, office_id: uuid.UUID) -> str:
    """First 8 hex digits of SHA-256 over number, amount in fen and issuing office: a voucher whose
    amount was altered, or a number printed by another office, does not match."""
    digest = hashlib.sha256(f"{number}|{amount_fen}|{office_id}".encode()).hexdigest()
    return digest[:CHECK_HEX].upper()


def qr_payload(number: str, amount_fen: int, office_id: uuid.UUID) -> str:
    """What the QR code carries: '2027-SWN01-000007|1A2B3C4D'."""
    return f"{number}|{checksum(number, amount_fen, office_id)}"


def payload_matches(payload: str, amount_fen: int, office_id: uuid.UUID) -> bool:
    """Whether a scanned payload belongs to a voucher of this amount from this office."""
    number, _, check = payload.strip().partition("|")
    return bool(number) and check.upper() == checksum(number, amount_fen, office_id)


def school_level(school: str, age: int | None) -> str:
    """The 学段 a school name says, as the 金秋助学 standards count it: 大学 (大学, 学院), 高中 (高中, or a 中学
    at 15–20 years of age), else ''. The rule services.campaigns.assistance.student_tier proposes by."""
    if "大学" in school or "学院" in school:
        return "大学"
    if "高中" in school or ("中学" in school and age is not None and 15 <= age <= 20):
        return "高中"
    return ""


def student_text(tier: str, students: Sequence[tuple[str, str]]) -> str:
    """What a 金秋助学 voucher says of whom it is for: '受助学生：李明；就读学校：贵州大学；学段：大学'. `students`
    are the household's (name, school) of that 学段; none known: the level alone, and that the file lacks it."""
    if not students:
        return f"学段：{tier or '未注明'}（档案未登记该学段的在读子女及学校）"
    names = "、".join(name for name, _ in students)
    schools = "、".join(dict.fromkeys(school for _, school in students))
    return f"受助学生：{names}；就读学校：{schools}；学段：{tier}"
