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


def format_fen(fen: int, symbol: bool = False) -> str:
    """12345 → '123.45' (or '¥123.45'), thousands separated."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    text = f"{sign}{yuan:,}.{cents:02d}"
    return f"¥{text}" if symbol else text
