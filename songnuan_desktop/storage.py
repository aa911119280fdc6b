"""Writing a file safely: the one way (STYLE 13, 17), for documents/, exchange/, persistence/ and services/.

A file appears under its name only once it is whole: it is written to a temporary file in the target folder,
flushed and fsynced, renamed over the target (`os.replace`), and the folder fsynced where the system has folder
handles (POSIX). Any failure part-way removes the temporary file and leaves the target as it was, so a power cut
never leaves half a roster that looks complete.

- `replacing(path)`: a context manager yielding the temporary *path*, for writers that take a path (reportlab,
  SQLite's backup); `Replacement` is the same as an object, for a writer that opens and closes in two methods.
  Only for a file that carries no numbers, sequence or personal data recorded with it (the county's report,
  statistics, a key sheet): those go through services.publishing.publish, which commits their record before
  the rename; the document writers then write to the path they are given.
- `writing(path)`: yields an open *file*, for a writer that streams.
- `hash_copy(source, folder, place)`: a copy hashed on the way, put at the address its SHA-256 gives.
- The stick sequence (`stick_folder`, `check_space`, `write_on_stick`, `stick_error`): a package or a backup
  on a USB stick — the folder checked, free space checked, written under a hidden `part_name`, fsynced, its
  cached pages dropped so the read-back reads the stick, read back and verified, hashed. What is recorded and
  when it is renamed into place is services.publishing.publish's (commit before publish).
- What a failure says: `os_words` words a full disk or stick, a read-only medium, a missing file or folder and
  a file locked by another program by errno, never by the system's English text.

This module imports nothing of ours but the domain.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO, TypeVar

from songnuan_desktop.domain.errors import DomainError, ValidationFailed
from songnuan_desktop.domain.ids import redact

T = TypeVar("T")
CHUNK = 1 << 20
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
_WORKDIR = re.compile(r"^snpkg-(?P<pid>\d+)-")
_READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)
# Windows: ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION — the file is open in another program (Excel, WPS).
_LOCKED = (32, 33)


# --- the pieces -----------------------------------------------------------------------------------

def fsync_file(path: Path) -> int:
    """Flush a written file to the disk; its size."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
        return os.fstat(fd).st_size
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable."""
    if os.name != "posix":
        return  # Windows has no directory handles to fsync; the rename is journaled by NTFS
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove(path: Path) -> None:
    """Delete `path` if it is there; a stick pulled meanwhile is not a second failure."""
    try:
        Path(path).unlink(missing_ok=True)
    except OSError:
        pass  # the stick is gone: there is nothing left to remove from it


def part_name(final: Path) -> Path:
    """The hidden temporary name of a file on its way to `final` that names this process, so the next
    writer can tell a killed writer's leftover (`remove_stale_parts`)."""
    return final.with_name(f".{final.stem}.{os.getpid()}.part")


def temp_beside(path: Path) -> Path:
    """A new empty temporary file in `path`'s folder, `<name>.<random>.part`."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".part")
    os.close(fd)
    return Path(temp)


def file_sha256(path: Path) -> tuple[str, int]:
    """The SHA-256 (hex) and size of a file, read a megabyte at a time."""
    digest, size = hashlib.sha256(), 0
    with Path(path).open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


# --- the whole file, by path or by stream -----------------------------------------------------------

class Replacement:
    """A file on its way to `path` through `temp` (by default a new `temp_beside`): `commit()` puts it in place,
    `discard()` removes the temporary file. `replacing` and `writing` are this in a `with` block."""

    def __init__(self, path: Path | str, temp: Path | None = None, sync_folder: bool = True) -> None:
        self.path = Path(path)
        self.temp = temp_beside(self.path) if temp is None else temp
        self.sync_folder = sync_folder

    def commit(self) -> int:
        """fsync, rename over the target, fsync the folder; the size written. Fails leaving no temporary file."""
        try:
            size = fsync_file(self.temp)
            os.replace(self.temp, self.path)
        except BaseException:
            self.discard()
            raise
        if self.sync_folder:
            fsync_dir(self.path.parent)
        return size

    def discard(self) -> None:
        remove(self.temp)


@contextmanager
def replacing(path: Path | str, temp: Path | None = None, sync_folder: bool = True) -> Iterator[Path]:
    """`with replacing(out) as temp:` write the file `temp`; when the block ends without an error it becomes
    `out`, else it is removed and `out` is as it was."""
    replacement = Replacement(path, temp, sync_folder)
    try:
        yield replacement.temp
    except BaseException:
        replacement.discard()
        raise
    replacement.commit()


@contextmanager
def writing(path: Path | str, mode: str = "wb", encoding: str | None = None, temp: Path | None = None,
            sync_folder: bool = True) -> Iterator[IO[Any]]:
    """`with writing(out) as f: f.write(…)`: the streaming form of `replacing` (`temp`: as there)."""
    with replacing(path, temp, sync_folder) as written, open(written, mode, encoding=encoding) as out:
        yield out
        out.flush()


def hash_copy(source: Path, folder: Path, place: Callable[[str], Path]) -> tuple[str, int, Path]:
    """Copy `source` into `folder` while hashing it; the copy goes to `place(sha256)`, or, when a file is there
    already (the same content, content-addressed), is dropped. (sha256, size, where it is)."""
    folder.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    fd, temp = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out, Path(source).open("rb") as src:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        target = place(sha)
        target.parent.mkdir(exist_ok=True)
        if target.exists():
            remove(Path(temp))
        else:
            os.replace(temp, target)
            fsync_dir(target.parent)
        return sha, size, target
    except BaseException:
        remove(Path(temp))
        raise


def export_path(path: Path | str) -> Path:
    """Where a paper or workbook is to be saved, refused in words when its folder is not there (nothing written)."""
    out = Path(path)
    if not out.parent.is_dir():
        raise ValidationFailed("export_folder", f"保存位置不存在：{out.parent}，请选择一个已有的文件夹。",
                               {"field": "path"})
    return out


# --- the stick sequence ---------------------------------------------------------------------------

def stick_folder(target: Path | str) -> Path:
    """The folder a package or backup goes to, refused in words when it is not there (a stick not plugged)."""
    folder = Path(target)
    if not folder.is_dir():
        raise ValidationFailed("target", f"保存位置不存在：{folder}，请插好U盘或选择一个已有的文件夹。",
                               {"field": "target"})
    return folder


def check_space(target: Path, needed: int) -> None:
    free = shutil.disk_usage(target).free
    if free < needed:
        raise ValidationFailed("disk_full", f"目标位置空间不足：约需 {needed / 2**20:.0f} MB，"
                               f"只剩 {free / 2**20:.0f} MB。请换一个U盘或先腾出空间。",
                               {"needed": needed, "free": free})


def write_on_stick(temp: Path, write: Callable[[BinaryIO], T],
                   verify: Callable[[Path, T], None]) -> tuple[T, str, int]:
    """Write `temp` (a new file: `write(out)`), flush and fsync it, drop its cached pages so that `verify(temp,
    what write returned)` reads it back from the stick; then its SHA-256 and size. (written, sha256, size)."""
    with Path(temp).open("xb") as out:
        written = write(out)
        out.flush()
        os.fsync(out.fileno())
        if hasattr(os, "posix_fadvise"):  # drop the written pages, so the read-back comes from the stick
            os.posix_fadvise(out.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
    verify(temp, written)
    sha256, size = file_sha256(temp)
    return written, sha256, size


def stick_error(exc: OSError, where: Path, left: str) -> DomainError:
    """The stick was pulled or is full; `left` says what the failure left behind (nothing) and what to do."""
    said = os_words(exc) or "写入失败（U盘可能已拔出或已满）。"
    return DomainError("write_failed", f"{said}{left}", {"path": str(where)})


# --- what a failure says --------------------------------------------------------------------------

def os_words(exc: OSError) -> str | None:
    """A file system failure in words naming the file or folder; None for a kind no person causes."""
    path = Path(exc.filename) if exc.filename else None
    name = redact(str(path)) if path else ""
    folder = redact(str(path.parent)) if path else ""
    if getattr(exc, "winerror", None) in _LOCKED:
        return (f"“{name}”正被另一个程序（如 Excel、WPS）打开，不能写入。请关闭它后再试。" if path else
                "文件正被另一个程序（如 Excel、WPS）打开，不能写入。请关闭它后再试。")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        where = f"（{folder}）" if path else ""
        return f"磁盘或U盘已满{where}，没有写完。请删除不需要的文件或换一个有足够空间的U盘后再试。"
    if exc.errno in _READ_ONLY:
        if path is None:
            return "文件或文件夹是只读的，或没有写入权限。请换一个可写的位置，或请管理员开放权限后再试。"
        return (f"不能写入“{name}”：它或所在文件夹“{folder}”是只读的，或没有权限（U盘可能带写保护开关）。"
                "请换一个可写的位置，或请管理员开放权限后再试。")
    if exc.errno == errno.ENOENT:
        return f"找不到文件“{name}”。请检查路径和文件名（U盘是否已插好）后再试。" if path else \
            "找不到要用的文件或文件夹。请检查路径（U盘是否已插好）后再试。"
    if exc.errno == errno.EISDIR:
        return f"“{name}”是一个文件夹，不是文件。请在文件夹后面写上文件名，例如“{name}/输出.pdf”。"
    if exc.errno == errno.ENOTDIR:
        return f"路径“{name}”中有一段不是文件夹。请检查路径后再试。"
    if exc.errno == errno.EIO:
        return "读写磁盘或U盘时出错（U盘可能已拔出或已损坏），没有写完。请插好U盘或换一个U盘后再试。"
    return None


# --- what a killed writer left --------------------------------------------------------------------

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
