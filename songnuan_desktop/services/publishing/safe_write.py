"""Writing one file safely to a folder that may be a USB stick: shared by the package export and backups.

Free space is checked first; the file is written under a hidden `.<name>.<pid>.part`, fsynced, renamed,
and the folder fsynced. A `.part` left by a killed process is removed when the next writer starts.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from songnuan_desktop.domain.errors import DomainError, ValidationFailed

STALE_SECONDS = 3600

# Free space asked for a file, as a share of the database file it is made from (plus its attachments,
# stored as they are, and SLACK). Measured on the demo office (seed 1, no attachments) at 300, 2,000 and
# 10,000 files: a 报送包 is 0.123, 0.142 and 0.149 of the database file (rows compress well), a .snbak
# 0.187, 0.238 and 0.252 (deflate level 1); a quarter and two fifths leave a margin of ~1.6× over the
# largest. (The whole file asked before: ~7× the package — a 10.7 MB package refused on a 30 MB stick.)
PACKAGE_SHARE = 0.25
BACKUP_SHARE = 0.4
SLACK = 2**20
_HIDDEN_PART = re.compile(r"^\..+\.(?P<pid>\d+)\.part$")


def check_space(target: Path, needed: int) -> None:
    free = shutil.disk_usage(target).free
    if free < needed:
        raise ValidationFailed("disk_full", f"目标位置空间不足：约需 {needed / 2**20:.0f} MB，"
                               f"只剩 {free / 2**20:.0f} MB。请换一个U盘或先腾出空间。",
                               {"needed": needed, "free": free})


def stick_error(exc: OSError, where: Path, left: str) -> DomainError:
    """The stick was pulled or is full; `left` says what the failure left behind (nothing) and what to do.
    Worded by errno as the error boundaries word it (services.failures), not by the system's English text."""
    from songnuan_desktop.services.failures import os_words

    said = os_words(exc) or "写入失败（U盘可能已拔出或已满）。"
    return DomainError("write_failed", f"{said}{left}", {"path": str(where)})


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows has no directory handles to fsync; the rename is journaled by NTFS
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # the stick is gone: there is nothing left to remove from it


def part_name(final: Path) -> Path:
    return final.with_name(f".{final.stem}.{os.getpid()}.part")


def running(pid: int) -> bool:
    """Whether the process `pid` may still be running (this one always; on Windows, always: age decides)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # os.kill would terminate the process on Windows: only the age decides there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_parts(folder: Path, max_age: float = STALE_SECONDS, now: float | None = None) -> list[Path]:
    """Delete the hidden `.<name>.<pid>.part` files a killed writer left: older than `max_age` seconds, or
    whose process is no longer running. A stick being written by a running program is left alone."""
    return _remove_stale(folder, _HIDDEN_PART, remove, max_age, now)


_WORKDIR = re.compile(r"^snpkg-(?P<pid>\d+)-")


def remove_stale_workdirs(folder: Path, max_age: float = STALE_SECONDS, now: float | None = None) -> list[Path]:
    """Delete the folders a killed merge or decisions import left its decrypted package in (plain personal
    data: exchange.format.OpenedPackage names them snpkg-<pid>-…): older than `max_age` seconds, or whose
    process is no longer running."""
    return _remove_stale(folder, _WORKDIR, lambda path: shutil.rmtree(path, ignore_errors=True), max_age, now)


def _remove_stale(folder: Path, name: re.Pattern[str], delete: Callable[[Path], None], max_age: float,
                  now: float | None) -> list[Path]:
    """What a killed process left in `folder` under a name carrying its pid: deleted when older than
    `max_age` seconds or when that process is gone."""
    removed: list[Path] = []
    now = time.time() if now is None else now
    try:
        candidates = [(p, m) for p in folder.iterdir() if (m := name.match(p.name))]
    except OSError:
        return removed
    for path, match in candidates:
        try:
            old = now - path.stat().st_mtime > max_age
        except OSError:
            continue
        if old or not running(int(match["pid"])):
            delete(path)
            removed.append(path)
    return removed


def file_sha256(path: Path) -> tuple[str, int]:
    """The SHA-256 (hex) and size of a file, read a megabyte at a time."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as source:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size
