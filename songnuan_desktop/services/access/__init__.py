"""Who may do what: sign-in and passwords, users and their roles, and the first run that creates the office and its
administrator. The table of actions and roles is domain.permissions.

Modules:

- `auth` — Sign-in, sign-out, unlock after the idle lock, and one's own password (the first one after a one-time
  password an administrator set, or a change later).
- `passwords` — Password hashes with scrypt, a memory-hard KDF (16 MiB per check).
- `users` — Users and their roles; only an administrator manages them.
- `setup` — First run: create this database's office, its settings and the first administrator.
"""

__all__ = [
    "auth", "passwords", "setup", "users",
]
