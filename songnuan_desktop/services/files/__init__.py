"""Worker files (困难职工档案): create, change, review, exit; the list, the history, the 档案表 on paper, attachments,
the register import and export, and the rules that judge a file on a day.

Modules:

- `worker_files` — Worker files (先建档、后帮扶): create, change, review and close, with the rules of DOMAIN.md.
- `worker_import` — Importing a worker register (花名册): the writing half, after `documents.register_reader` has
  read it.
- `worker_export` — Export the (filtered) worker files as the 登记表 .xlsx; every export is in the audit log.
- `file_detail` — One worker file as the form shows it; numbers masked for roles that need not see them.
- `file_history` — The history of one worker file: every change from the audit log in words, and every assistance.
- `file_list` — The file list (档案): filter as you type and keyset paging over up to 100,000 files.
- `file_sheet` — Print one household's 困难职工档案表 (PDF); every print is in the audit log (who, when, which file,
  why).
- `attachments` — Attachments: a scan or photo is copied into the data folder under its SHA-256 and recorded.
- `eligibility` — Judge a worker file by the rules in force on a day: settings versions and the 低保线 of that day.
"""

__all__ = [
    "attachments", "eligibility", "file_detail", "file_history", "file_list", "file_sheet", "worker_export",
    "worker_files", "worker_import",
]
