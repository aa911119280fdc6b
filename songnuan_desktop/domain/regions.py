"""行政区划代码 (GB/T 2260 and its township/village extensions) and the one rule for which 低保线 a code uses.

A code is 6 digits (county: 522622), 9 (township: 522622103) or 12 (village or community: 522622103201).
Its parents are the shorter codes it lies in: 522622103 → 522622 (county) → 522600 (prefecture) → 520000
(province). A 低保线 set for a code serves the code itself and every code under it that has none of its own:
a file, a township office or a village asks for the line of itself or of its nearest parent. The setup
wizard keeps the first line under the county (低保线 are set per county), so every township and village of
the county finds it.
"""

from __future__ import annotations

import re

from songnuan_desktop.domain.errors import ValidationFailed

_PATTERN = re.compile(r"\d{6}(\d{3}(\d{3})?)?")
FORMAT_HINT = "行政区划代码应为6、9或12位数字，例如 522622。"


def is_region_code(code: str) -> bool:
    return bool(_PATTERN.fullmatch(code))


def check_region_code(code: str, field: str = "region_code", optional: bool = False) -> str:
    """The code without surrounding blanks; ValidationFailed (naming `field`) when it is not 6, 9 or 12 digits."""
    code = code.strip()
    if optional and not code:
        return code
    if not is_region_code(code):
        raise ValidationFailed("region_code", FORMAT_HINT, {"field": field})
    return code


def chain(code: str) -> tuple[str, ...]:
    """The code itself, then its parents nearest first: township, county, prefecture, province.

    '522622103' → ('522622103', '522622', '522600', '520000'). A code that is not 6, 9 or 12 digits
    has no parents we can name: it stands alone (an empty code gives nothing)."""
    code = code.strip()
    if not is_region_code(code):
        return (code,) if code else ()
    candidates = [code, code[:9], code[:6], code[:4] + "00", code[:2] + "0000"]
    return tuple(dict.fromkeys(candidates))


def county_of(code: str) -> str:
    """The county (6 digits) a code lies in: where the setup wizard keeps the office's first 低保线."""
    return code.strip()[:6]


def covers(line_code: str, code: str) -> bool:
    """Whether a 低保线 set for `line_code` can serve `code` (the code itself or one under it)."""
    return line_code in chain(code)
