"""Writing one file safely to a folder that may be a USB stick: shared by the package export and backups.

Free space is checked first; the file is written under a hidden `.<name>.<pid>.part`, fsynced, renamed,
and the folder fsynced. A `.part` left by a killed process is removed when the next writer starts.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

from songnuan_desktop.domain.errors import DomainError, ValidationFailed

STALE_SECONDS = 3600
_HIDDEN_PART = re.compile(r"^\..+\.(?P<pid>\d+)\.part$")


def check_space(target: Path, needed: int) -> None:
    free = shutil.disk_usage(target).free
    if free < needed:
        raise ValidationFailed("disk_full", f"目标位置空间不足：约需 {needed / 2**20:.0f} MB，"
                               f"只剩 {free / 2**20:.0f} MB。请换一个U盘或先腾出空间。",
                               {"needed": needed, "free": free})


def stick_error(exc: OSError, where: Path, left: str) -> DomainError:
    """The stick was pulled or is full; `left` says what the failure left behind (nothing) and what to do."""
    return DomainError("write_failed", f"写入失败（U盘可能已拔出或已满）：{exc.strerror or exc}。{left}",
                       {"path": str(where)})


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


def _running(pid: int) -> bool:
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
    removed: list[Path] = []
    now = time.time() if now is None else now
    try:
        candidates = [p for p in folder.iterdir() if _HIDDEN_PART.match(p.name)]
    except OSError:
        return removed
    for path in candidates:
        try:
            old = now - path.stat().st_mtime > max_age
        except OSError:
            continue
        if old or not _running(int(_HIDDEN_PART.match(path.name)["pid"])):  # type: ignore[index]
            remove(path)
            removed.append(path)
    return removed


_WORKDIR = re.compile(r"^snpkg-(?P<pid>\d+)-")


def remove_stale_workdirs(folder: Path, max_age: float = STALE_SECONDS, now: float | None = None) -> list[Path]:
    """Delete the folders a killed merge or decisions import left its decrypted package in (plain personal
    data: exchange.format.OpenedPackage names them snpkg-<pid>-…): older than `max_age` seconds, or whose
    process is no longer running."""
    removed: list[Path] = []
    now = time.time() if now is None else now
    try:
        candidates = [p for p in folder.iterdir() if p.is_dir() and _WORKDIR.match(p.name)]
    except OSError:
        return removed
    for path in candidates:
        try:
            old = now - path.stat().st_mtime > max_age
        except OSError:
            continue
        if old or not _running(int(_WORKDIR.match(path.name)["pid"])):  # type: ignore[index]
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed
