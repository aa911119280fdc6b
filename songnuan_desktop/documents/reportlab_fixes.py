"""One correction to reportlab (5.1.0) that papers with rare characters need; applied on import.

reportlab writes a subset font's ToUnicode CMap entry as "<%04X>" of the code point: for a character
beyond the Basic Multilingual Plane — CJK Extension B–I, 𠮷 U+20BB7 — that is five hex digits, which
readers take as four: the glyph is drawn right but pdftotext, search and copy-paste read "₻" (U+20BB).
The PDF Reference wants the destination in UTF-16BE, a surrogate pair for such characters. Same
function, same output for every BMP character; checked by tests/documents/test_glyphs.py.
"""

from __future__ import annotations

from reportlab.pdfbase import ttfonts

_ORIGINAL = ttfonts.makeToUnicodeCMap


def _utf16_hex(code: int) -> str:
    """U+20BB7 → 'D842DFB7' (a surrogate pair); U+4E00 → '4E00'."""
    return chr(code).encode("utf-16-be").hex().upper()


def make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    text = _ORIGINAL(fontname, subset)
    if all(v <= 0xFFFF for v in subset):
        return text
    for i, v in enumerate(subset):
        if v > 0xFFFF:
            text = text.replace(f"<{i:02X}> <{v:04X}>", f"<{i:02X}> <{_utf16_hex(v)}>", 1)
    return text


def apply() -> None:
    if ttfonts.makeToUnicodeCMap is not make_to_unicode_cmap:
        ttfonts.makeToUnicodeCMap = make_to_unicode_cmap


apply()
