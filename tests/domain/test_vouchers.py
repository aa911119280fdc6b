"""Amounts in capitals (大写) as accountants write them, voucher numbers and the QR checksum."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from songnuan_desktop.domain.vouchers import (
    checksum, payload_matches, qr_payload, rmb_capitals, voucher_number,
)

CASES = {
    100_000: "壹仟元整",
    100_500: "壹仟零伍元整",
    1_005_050: "壹万零伍拾元伍角",
    30_000: "叁佰元整",
    5: "伍分",
    50: "伍角",
    100_050: "壹仟元伍角",
    10_000_000: "壹拾万元整",
    1_000_005: "壹万元零伍分",
    1_000: "壹拾元整",
    11_000: "壹佰壹拾元整",
    105: "壹元零伍分",
    168_032: "壹仟陆佰捌拾元叁角贰分",
    10_001_000: "壹拾万零壹拾元整",
    10_500_000: "壹拾万伍仟元整",
    100_000_500: "壹佰万零伍元整",
    0: "零元整",
    230_000_271_912: "贰拾叁亿零贰仟柒佰壹拾玖元壹角贰分",  # cn2an drops this 零; the wrapper puts it back
    10_000_000_000: "壹亿元整",
}


@pytest.mark.parametrize(("fen", "words"), CASES.items())
def test_capitals_follow_the_accounting_rules(fen: int, words: str) -> None:
    assert rmb_capitals(fen) == words


def _reference(fen: int) -> str:
    """The rules written out independently of cn2an: groups of four digits under 万 and 亿, one 零 for
    a gap of zeros, 整 after 元, 零 between 元 and a 分 when there are no 角."""
    digits = "零壹贰叁肆伍陆柒捌玖"

    def group(n: int) -> str:
        out, zero = "", False
        for d, unit in zip(f"{n:04d}", ("仟", "佰", "拾", ""), strict=True):
            if d == "0":
                zero = zero or bool(out)
                continue
            out += ("零" if zero else "") + digits[int(d)] + unit
            zero = False
        return out

    yuan, cents = divmod(fen, 100)
    groups = [(yuan // 10**8) % 10**4, (yuan // 10**4) % 10**4, yuan % 10**4]
    text, gap = "", False
    for g, unit in zip(groups, ("亿", "万", ""), strict=True):
        if g == 0:
            gap = gap or bool(text)
            continue
        text += ("零" if text and (gap or g < 1000) else "") + group(g) + unit
        gap = False
    jiao, fen_ = divmod(cents, 10)
    text += "元" if yuan else ""
    if not cents:
        return (text or "零元") + "整"
    return text + (digits[jiao] + "角" if jiao else ("零" if yuan else "")) + (digits[fen_] + "分" if fen_ else "")


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.integers(0, 10_000_000), st.integers(0, 10**13 - 1)))
def test_capitals_match_the_rules_for_any_amount(fen: int) -> None:
    assert rmb_capitals(fen) == _reference(fen)


def test_capitals_refuse_what_is_not_an_amount() -> None:
    with pytest.raises(ValueError):
        rmb_capitals(-1)
    with pytest.raises(TypeError):
        rmb_capitals(1.5)  # type: ignore[arg-type]


def test_numbers_and_the_checksum() -> None:
    office = uuid.UUID("00000000-0000-0000-0000-000000000001")
    assert voucher_number(2027, "SWN01", 7) == "2027-SWN01-000007"
    payload = qr_payload("2027-SWN01-000007", 100_000, office)
    number, check = payload.split("|")
    assert number == "2027-SWN01-000007" and len(check) == 8 and check == checksum(number, 100_000, office)
    assert payload_matches(payload, 100_000, office)
    assert not payload_matches(payload, 100_500, office)  # an altered amount
    assert not payload_matches(payload, 100_000, uuid.uuid4())  # another office's voucher
    assert not payload_matches("2027-SWN01-000008|" + check, 100_000, office)
