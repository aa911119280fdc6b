"""Whole SQLite files: a consistent copy through the online backup API, and the checks before and after
opening one — missing, damaged (0 bytes, not SQLite, cut short, failing integrity_check) or read-only, each
refused with its own Chinese sentence so a damaged file is never taken for a new one."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import Engine, text

from songnuan_desktop import config
from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.storage import replacing

# Files SQLite keeps beside a database in WAL mode; they belong to it and move with it.
SIDE_SUFFIXES = ("-wal", "-shm")
HEADER = b"SQLite format 3\x00"
HEADER_BYTES = 100
# integrity_check stops after this many problems: enough to tell the file is damaged and where.
INTEGRITY_LIMIT = 20
# Backups looked at, newest first, for a good one to name (each is quick_checked: ~0.5 s on a big one).
BACKUPS_TRIED = 5


class DatabaseMissing(DomainError):
    """The SQLite file named does not exist, and the caller did not ask to create one."""


class DatabaseDamaged(DomainError):
    """The file is not a sound SQLite database; `fields["problem"]` says what is wrong, `fields["backup"]`
    names the newest good backup (or None)."""


class DatabaseReadOnly(DomainError):
    """The file, its folder or its disk cannot be written: nothing is wrong with the data."""


@contextlib.contextmanager
def connect(path: Path, mode: str = "ro") -> Iterator[sqlite3.Connection]:
    """A raw connection that never creates the file (`mode` ro or rw); closed afterwards."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True)
    try:
        yield conn
    finally:
        conn.close()


def copy_sqlite(source: Path, target: Path, single_file: bool = False) -> Path:
    """Copy `source` to `target` with SQLite's online backup: consistent while others write.

    The copy is written under a temporary name, synced to disk and renamed (storage.replacing), so `target`
    is either absent or whole. `single_file`: the copy leaves WAL mode, so it is one self-contained file."""
    partial = target.with_name(target.name + ".part")  # a fixed name: backups.remove_stale_parts knows it
    partial.unlink(missing_ok=True)
    try:
        with replacing(target, partial), connect(source, "rw") as src:
            dest = sqlite3.connect(str(partial))
            try:
                src.backup(dest)
                if single_file:
                    dest.execute("PRAGMA journal_mode=DELETE")
            finally:
                dest.close()
    finally:
        for suffix in (*SIDE_SUFFIXES, "-journal"):
            Path(str(partial) + suffix).unlink(missing_ok=True)
    return target


def quick_check(path: Path) -> str | None:
    """None when the file looks whole and `PRAGMA quick_check` finds it sound; else what is wrong."""
    if not path.exists():
        return f"文件不存在：{path}"
    try:
        problem = header_problem(path)  # SQLite takes a 0-byte file for a sound, empty database
    except DomainError as exc:
        return exc.message
    if problem is not None:
        return problem
    try:
        with connect(path, "rw" if os.access(path.parent, os.W_OK) else "ro") as conn:
            rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check(10)")]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if rows == ["ok"]:
        return None
    return "; ".join(rows) or "quick_check returned nothing"


def check_file(path: Path, create: bool = False) -> None:
    """Before SQLite sees `path`: refuse a missing file (unless `create`), a damaged one, a read-only one.

    Raises DatabaseMissing, DatabaseDamaged or DatabaseReadOnly; returns when the file may be opened (or,
    with `create`, made). SQLite itself would take a 0-byte file for a new, empty database."""
    if not path.exists():
        if not create:
            raise missing(path)
        reason = read_only_reason(path)
        if reason is not None:
            raise read_only(path, reason)
        return
    problem = header_problem(path)
    if problem is not None:
        raise damaged(path, problem)
    reason = read_only_reason(path)
    if reason is not None:
        raise read_only(path, reason)


def header_problem(path: Path) -> str | None:
    """What is wrong with the file by its size and first 100 bytes; None when it looks like a whole database.

    A file cut short is only told by its size when no write-ahead log beside it may still hold pages."""
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            head = file.read(HEADER_BYTES)
    except IsADirectoryError:
        return "这是一个文件夹，不是数据库文件"
    except OSError as exc:
        raise unreadable(path, exc) from exc
    if size == 0:
        return "文件是空的（0 字节）"
    if not head.startswith(HEADER):
        return "不是 SQLite 数据库文件（文件开头不对）"
    if len(head) < HEADER_BYTES:
        return f"文件被截短了（只有 {size} 字节）"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "文件头已损坏（页大小不对）"
    if _journal_holds_pages(path):
        return None
    if size % page_size:
        return f"文件被截短了（{size} 字节，不是整页）"
    pages = int.from_bytes(head[28:32], "big")
    counted = head[24:28] == head[92:96]  # the page count in the header is valid (SQLite ≥ 3.7.0)
    if counted and size < pages * page_size:
        return f"文件被截短了（{size} 字节，应有 {pages * page_size} 字节）"
    return None


def _journal_holds_pages(path: Path) -> bool:
    """A write-ahead log or rollback journal beside the file may still hold pages that change its size."""
    for suffix in ("-wal", "-journal"):
        side = Path(str(path) + suffix)
        if side.exists() and side.stat().st_size > 0:
            return True
    return False


def read_only_reason(path: Path) -> str | None:
    """Why the database at `path` (or, when it does not exist yet, its folder) cannot be written; None when it can.

    SQLite writes beside the file too (the -wal and -shm files), so the folder must be writable as well."""
    folder = path.parent if path.parent.exists() else _existing_ancestor(path)
    if hasattr(os, "statvfs") and os.statvfs(folder).f_flag & os.ST_RDONLY:
        return "它所在的磁盘（或U盘、光盘）是只读的"
    if path.exists() and not os.access(path, os.W_OK):
        return "文件是只读的（或没有写入权限）"
    if not os.access(folder, os.W_OK):
        return f"它所在的文件夹 {folder} 不允许写入"
    return None


def _existing_ancestor(path: Path) -> Path:
    for parent in path.parents:
        if parent.exists():
            return parent
    return Path(path.anchor or ".")


def missing(path: Path) -> DatabaseMissing:
    return DatabaseMissing("database_missing", (
        f"找不到数据库文件：{path}。请检查路径是否写对（--db 或环境变量 SONGNUAN_DATABASE_URL）；"
        "程序没有新建数据库。要生成演示单位请用“songnuan demo --db 文件名”；第一次使用请不带 --db 启动程序。"),
        {"path": str(path)})


def read_only(path: Path, reason: str) -> DatabaseReadOnly:
    return DatabaseReadOnly("database_read_only", (
        f"数据库文件 {path} 不能写入：{reason}。数据没有损坏，但送暖要写入数据库才能使用。"
        "请把整个文件夹复制到可以写入的磁盘上，再打开复制出的文件；或请管理员给这个文件和文件夹写入权限"
        "（去掉只读属性）。数据库文件没有改动。"), {"path": str(path), "reason": reason})


def unreadable(path: Path, exc: OSError) -> DatabaseReadOnly:
    return DatabaseReadOnly("database_unreadable", (
        f"读不到数据库文件 {path}（{exc.strerror or exc}）。请管理员给这个文件读写权限，"
        "或检查U盘、网络盘是否还连着。数据库文件没有改动。"), {"path": str(path)})


def damaged(path: Path, problem: str) -> DatabaseDamaged:
    """The refusal of a damaged file: what is wrong, and the newest good backup to restore from."""
    backup = newest_good_backup(path)
    if backup is not None:
        todo = (f"最新的完好备份是 {backup}。请关闭其他打开这个数据库的程序，然后在程序窗口中按提示恢复，"
                f"或由管理员用命令 songnuan restore \"{backup}\" --db \"{path}\" --user 管理员登录名 恢复"
                "（损坏的文件会改名留在旁边）。")
    else:
        folders = "、".join(str(f) for f in backup_folders(path))
        todo = (f"在 {folders} 中没有找到完好的备份：请不要删除或覆盖这个文件，"
                "找到U盘上的加密备份（.snbak）后用 songnuan restore 恢复，或请管理员帮助。")
    return DatabaseDamaged("database_damaged", (
        f"数据库文件已损坏，不能使用：{path}。原因：{problem}。程序没有改动它，也不会把它当作新数据库。{todo}"),
        {"path": str(path), "problem": problem, "backup": str(backup) if backup else None})


def backup_folders(path: Path) -> list[Path]:
    """Where backups of `path` are: `backups/` beside it, and the data folder's `backups/`
    (services.backups.backups)."""
    folders = [path.parent / "backups", config.data_dir() / "backups"]
    return [f for i, f in enumerate(folders) if f.resolve() not in {g.resolve() for g in folders[:i]}]


def newest_good_backup(path: Path) -> Path | None:
    """The newest backup of `path` that passes the header check and quick_check; None when there is none.

    Backups are named `<stem>-<YYYYmmdd-HHMMSS>[-n]-<reason>.db` (services.backups.backups, which persistence
    cannot import): the name sorts them by time."""
    found = [p for folder in backup_folders(path) if folder.is_dir()
             for p in folder.glob(f"{path.stem}-[0-9]*-*.db") if p.is_file()]
    found.sort(key=lambda p: p.name[len(path.stem):], reverse=True)
    for candidate in found[:BACKUPS_TRIED]:
        try:
            if header_problem(candidate) is None and quick_check(candidate) is None:
                return candidate
        except DomainError:
            continue
    return None


def integrity_problems(target: Engine | Path | str, limit: int = INTEGRITY_LIMIT,
                       is_cancelled: Callable[[], bool] | None = None) -> list[str]:
    """What `PRAGMA integrity_check` finds wrong (SQLite's words, at most `limit`); [] when sound.

    Unlike quick_check it also compares every index with its table (a flipped byte in an index page): 4.4 s
    on the 100,000-file demo (307 MiB) where quick_check takes 0.5 s. `target`: an engine, a SQLAlchemy URL
    or a SQLite file; a server database (PostgreSQL) gives []. `is_cancelled`: asked every few thousand
    steps; when it says yes the check stops and gives [] (nothing known: the caller must not call it sound)."""
    if isinstance(target, Engine):
        if target.dialect.name != "sqlite":
            return []
        try:
            with target.connect() as conn:
                rows = [str(r) for r in conn.execute(text(f"PRAGMA integrity_check({int(limit)})")).scalars()]
        except Exception as exc:  # noqa: BLE001 - a file too damaged to check is a damaged file
            return [str(getattr(exc, "orig", None) or exc)]
        return [] if rows == ["ok"] else rows or ["integrity_check returned nothing"]
    path = config.sqlite_path(target) if isinstance(target, str) else target
    if path is None:
        return []
    try:
        with connect(path, "rw" if os.access(path.parent, os.W_OK) else "ro") as conn:
            if is_cancelled is not None:
                conn.set_progress_handler(lambda: 1 if is_cancelled() else 0, 10_000)
            rows = [str(r[0]) for r in conn.execute(f"PRAGMA integrity_check({int(limit)})")]
    except sqlite3.DatabaseError as exc:
        if is_cancelled is not None and is_cancelled():
            return []
        return [str(exc)]
    return [] if rows == ["ok"] else rows or ["integrity_check returned nothing"]


def describe_problems(problems: list[str], shown: int = 3) -> str:
    """SQLite's findings in a sentence for a message (its own words, a few of them, in brackets)."""
    lines = [p.replace("*** in database main ***", "").strip() for p in problems]
    lines = [line for line in lines if line][:shown]
    more = "……" if len(problems) > shown else ""
    return f"完整性检查发现 {len(problems)} 处问题（SQLite 的原话：{'；'.join(lines)}{more}）"


def classify(path: Path, exc: BaseException) -> DomainError | None:
    """The Chinese refusal for what SQLite or the OS said when opening `path`; None when it is neither damage
    nor a read-only file (then the caller lets it go on)."""
    said = str(getattr(exc, "orig", None) or exc).lower()
    code = getattr(getattr(exc, "orig", None) or exc, "errno", None)
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in said or "read-only" in said \
            or "unable to open database file" in said:
        return read_only(path, read_only_reason(path) or "没有写入权限")
    if "not a database" in said or "malformed" in said or "corrupt" in said:
        return damaged(path, f"SQLite：{said.splitlines()[0]}")
    return None
