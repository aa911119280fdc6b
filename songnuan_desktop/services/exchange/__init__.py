"""The 报送包 a township sends to the county: its rows read on a thread of their own, zipped, encrypted, signed and
written safely to a stick. The package format itself is songnuan_desktop.exchange.

Modules:

- `package_export` — 报送包 export: the office's rows and attachments, encrypted, written safely to a folder (a USB
  stick).
- `package_rows` — The office's rows for a 报送包, read on a thread of their own while the caller zips and encrypts.
"""

__all__ = [
    "package_export", "package_rows",
]
