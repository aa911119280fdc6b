"""The audit log: its hash chain, the tip kept outside the database, entries in Chinese words, and the values that
decide who is paid what replayed from the log.

Modules:

- `audit_log` — Reading and verifying the audit log's hash chain.
- `audit_text` — Audit entries in Chinese words: field labels, values as people write them, never JSON.
- `audit_anchor` — The audit chain held against a tip kept outside the database.
- `audit_replay` — Data rows against their audit history: the values that decide who is paid what, replayed from the
  log.
"""

__all__ = [
    "audit_anchor", "audit_log", "audit_replay", "audit_text",
]
