"""Where a household lives, in the words a visit group plans by: the village (村) or community (社区)
named in its address. Files have no village column; the address says it ("黄平县旧州镇寨碧村3组12号")."""

from __future__ import annotations

import re

# After the last county/town part (…县, …镇, …乡, …街道), the shortest run ending in 村/社区/居委会.
_AFTER_TOWN = re.compile(r"(?:.*(?:县|镇|乡|街道))?(.{1,12}?(?:村|社区|居委会))")


def village_of(address: str) -> str:
    """The village or community an address names ('寨碧村', '西门社区'); '' when it names none."""
    text = address.strip()
    found = _AFTER_TOWN.match(text)
    if found:
        return found.group(1)
    found = re.search(r"(.{1,12}?(?:村|社区|居委会))", text)
    return found.group(1) if found else ""
