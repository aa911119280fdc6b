"""Names as people write them (issue 15), and the pinyin keys stored with a file for the list's search.

One spelling per person: every middle-dot form a keyboard, an input method or a GB2312 converter
produces (· • ． . ・ ‧ ･ · ∙ ⋅) is stored and compared as U+00B7 "·"; runs of white space become one space,
kept only between two words of Latin or another alphabetic script ("John Smith", a Uyghur name in Latin
letters), dropped next to an ideograph or a dot ("张 三" → "张三"). A name holds letters of any script,
every CJK ideograph block Unicode defines (URO, Ext A–I, compatibility ideographs), 〇 and combining
marks; no digits or symbols; at least one letter or ideograph; a dot only between two parts."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MIDDLE_DOT = "\u00b7"
_DOTS = "\u00b7\u2022\uff0e.\u30fb\u2027\uff65\u0387\u2219\u22c5\u16eb\u2e31"
_DOT_FORMS = str.maketrans({c: MIDDLE_DOT for c in _DOTS})
_SPACES = re.compile(r"\s+")


def normalize_name(text: str) -> str:
    """The one stored spelling of a name: dots as U+00B7, one space only between alphabetic words."""
    # No NFC/NFKC: they would turn a compatibility ideograph of a name into another code point.
    text = str(text).translate(_DOT_FORMS)
    words = _SPACES.split(text.strip())
    out = words[0] if words else ""
    for word in words[1:]:
        if word and out and _alphabetic(out[-1]) and _alphabetic(word[0]):
            out += " "
        out += word
    return out


# Every CJK ideograph block Unicode defines, by range: Python 3.11's unicodedata (Unicode 14) does not
# know Ext H (Unicode 15) or Ext I (15.1) yet.
_IDEOGRAPHS = (
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),  # Ext A, URO, compatibility
    (0x20000, 0x2A6DF), (0x2A700, 0x2B73F), (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF),  # Ext B, C, D, E
    (0x2CEB0, 0x2EBEF), (0x2EBF0, 0x2EE5F), (0x2F800, 0x2FA1F),  # Ext F, I, compatibility supplement
    (0x30000, 0x3134F), (0x31350, 0x323AF),  # Ext G, H
)


def _ideograph(ch: str) -> bool:
    code = ord(ch)
    if 0x4E00 <= code <= 0x9FFF:  # the URO, nearly every character of a name: no search (issue 15 item 6)
        return True
    return ch == "\u3007" or any(low <= code <= high for low, high in _IDEOGRAPHS)  # 〇 too


def _alphabetic(ch: str) -> bool:
    """A letter of a script written with spaces between words (Latin, Cyrillic, Arabic …), not an ideograph."""
    return unicodedata.category(ch).startswith(("L", "M")) and not _ideograph(ch)


def check_name(text: str) -> tuple[str | None, str | None]:
    """(normalized name, None) or (None, reason in Chinese, without the field's label)."""
    name = normalize_name(text)
    if not name:
        return None, "不能为空"
    bad = [ch for ch in name if not (_ideograph(ch) or unicodedata.category(ch).startswith(("L", "M"))
                                     or ch in (MIDDLE_DOT, " "))]
    if bad:
        return None, f"含有数字或符号“{''.join(dict.fromkeys(bad))}”，不像人名：请按身份证填写真实姓名"
    if not any(_ideograph(ch) or unicodedata.category(ch).startswith("L") for ch in name):
        return None, "没有文字，不像人名：请按身份证填写真实姓名"
    parts = name.split(MIDDLE_DOT)
    if any(not part.strip() for part in parts):
        return None, "间隔号“·”只能在名字的两部分之间，且不能连用：请按身份证填写"
    return name, None


@lru_cache(maxsize=8192)
def pinyin_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials) in lowercase, e.g. 张三 → ("zhangsan", "zs"); Latin letters are kept."""
    # pypinyin loads its phrase dictionary on import (~0.25 s): only when a name is first written.
    from pypinyin import lazy_pinyin

    syllables = [s.lower() for s in lazy_pinyin(normalize_name(name)) if s.strip()]
    full = "".join(ch for s in syllables for ch in s if ch.isalnum())
    initials = "".join(s[0] for s in syllables if s and s[0].isalnum())
    return full, initials
