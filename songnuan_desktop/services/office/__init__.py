"""The office itself: which office this database is, the signed-in user as services see it, versioned settings, the
organisation (基层工会, 工作单位, 村/社区), this office's signing key and the keys of other offices it accepts.
Every other capability builds on this one; it imports none of them.

Modules:

- `office` — Which office this database belongs to, and a summary for the status bar.
- `session_user` — The signed-in user as services see it: a frozen value, never an ORM object.
- `settings` — Versioned settings of the office: a change takes effect from a date and never rewrites history.
- `organisation` — 组织机构: the office's 基层工会, 工作单位 and 村/社区 — created, renamed, merged and retired.
- `keys` — This office's signing key: an Ed25519 key pair that signs its 报送包 (a township) or 下发包 (the county).
- `key_register` — Other offices' keys this office accepts packages under: the county registers each township's key,
  a township its county's (for the 下发包).
"""

__all__ = [
    "key_register", "keys", "office", "organisation", "session_user", "settings",
]
