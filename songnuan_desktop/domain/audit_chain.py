"""The audit log's hash chain: each entry's hash covers its content and the previous hash."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

GENESIS = "0" * 64


# One encoder, made once: json.dumps with options builds a new one per call (a tenth of logging an import).
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def canonical(value: Any) -> str:
    """Stable JSON text of a value (sorted keys, no spaces, non-ASCII kept)."""
    return _CANONICAL.encode(value)


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and the entry's canonical content."""
    digest = hashlib.sha256()
    digest.update(prev_hash.encode("ascii"))
    digest.update(canonical(fields).encode("utf-8"))
    return digest.hexdigest()


SHORT_HEX = 12  # of the tip's hash on paper: 48 bits, beyond any chance of a rewritten chain matching
MIN_HEX = 8  # the fewest a person must type back
_TIP = re.compile(r"#?\s*(\d+)\s*[·・.:：/\-\s]\s*([0-9a-fA-F]{" + str(MIN_HEX) + r",64})\b")


def short_tip(seq: int, tip_hash: str) -> str:
    """The chain's tip as printed in a paper's footer: `审计 #48213·3f2a91c0d4e7`."""
    return f"审计 #{seq}·{tip_hash[:SHORT_HEX]}"


def parse_tip(text: str) -> tuple[int, str] | None:
    """(entry number, hash prefix in lower case) of a tip as printed or typed back; None if it is not one."""
    match = _TIP.search(text.strip())
    if match is None:
        return None
    return int(match.group(1)), match.group(2).lower()
