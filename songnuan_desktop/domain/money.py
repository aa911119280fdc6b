"""Money is integer fen (分) everywhere; these helpers parse and format it."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def yuan_to_fen(text: str | int | Decimal) -> int:
    """'1,500.00', '2000元', '１５００' → fen. Raises ValueError for anything else."""
    if isinstance(text, int):
        return text * 100
    if isinstance(text, Decimal):
        value = text
    else:
        problem = separator_problem(str(text))
        if problem:
            raise ValueError(problem)
        cleaned = str(text).translate(_FULLWIDTH).strip().replace(",", "").replace(" ", "")
        cleaned = re.sub(r"(元|人民币|¥|￥)", "", cleaned)
        try:
            value = Decimal(cleaned)
        except InvalidOperation as exc:
            raise ValueError(f"不是金额：{text!r}") from exc
    if not value.is_finite():
        raise ValueError(f"不是金额：{text!r}")
    fen = value * 100
    if fen != fen.to_integral_value():
        raise ValueError(f"金额最多两位小数：{text!r}")
    return int(fen)


_THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d*)?")


def separator_problem(text: str) -> str | None:
    """Why a typed amount's separators are ambiguous, or None. A comma is read only as a thousands
    separator in groups of three before the decimal point: "1,50" (1.50 or 150?) and "1.500,00" (the
    European 1,500.00?) are not guessed at (issue 15: "1,50" was silently read as 150.00)."""
    cleaned = re.sub(r"(元|人民币|¥|￥|\s)", "", str(text).translate(_FULLWIDTH))
    if "," not in cleaned or _THOUSANDS.fullmatch(cleaned):
        return None
    return (f"金额“{str(text).strip()}”中的逗号位置不对，可能是小数点也可能是千位分隔，无法确定："
            "请只用小数点表示小数，如 1.50 或 1500")


def format_fen(fen: int, symbol: bool = False) -> str:
    """12345 → '123.45' (or '¥123.45'), thousands separated."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    text = f"{sign}{yuan:,}.{cents:02d}"
    return f"¥{text}" if symbol else text
