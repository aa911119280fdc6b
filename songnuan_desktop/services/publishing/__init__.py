"""Writing a file that carries numbers (vouchers, packages): commit before publish, the number marks kept outside the
database, and what a killed process left half-published, settled at the start of every command and of the window.
Writing the file itself safely (temporary name, fsync, rename; the stick sequence) is songnuan_desktop.storage's.

Modules:

- `publish` — Publishing a file: commit before publish (STYLE 13, 17: the one way to write a file that carries
  numbers, a package sequence or personal data).
- `publish_marks` — High-water marks of the numbers given out, kept outside the database file so a restore cannot
  lower them.
- `publications` — What a killed process left half-published (services.publishing.publish), settled at the start of
  every command, at the window's start-up and before every new publication.
"""

__all__ = [
    "publications", "publish", "publish_marks",
]
