"""Backups of a SQLite database (automatic, manual, encrypted .snbak for a stick) and restore.

Modules:

- `backups` — Backups of a SQLite database: automatic (one a day, N generations kept), manual, and restore.
- `backup_archive` — 加密备份 (`.snbak`): the database and its attachments in one encrypted file, for a USB stick
  (SPEC §4).
"""

__all__ = [
    "backup_archive", "backups",
]
