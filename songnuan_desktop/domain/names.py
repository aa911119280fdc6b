"""Pinyin keys of a name, stored with the file so the list can be filtered by "zs" or "zhangsan"."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=8192)
def pinyin_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials) in lowercase, e.g. 张三 → ("zhangsan", "zs"); Latin letters are kept."""
    # pypinyin loads its phrase dictionary on import (~0.25 s): only when a name is first written.
    from pypinyin import lazy_pinyin

    syllables = [s.lower() for s in lazy_pinyin(name.strip()) if s.strip()]
    full = "".join(ch for s in syllables for ch in s if ch.isalnum())
    initials = "".join(s[0] for s in syllables if s and s[0].isalnum())
    return full, initials
