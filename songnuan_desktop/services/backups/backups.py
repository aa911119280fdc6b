"""Backups of a SQLite database: automatic (one a day, N generations kept), manual, and restore.

A backup is one self-contained SQLite file named `<db stem>-YYYYmmdd-HHMMSS-<reason>.db`, taken with
SQLite's online backup (consistent while the program writes). Only automatic backups are pruned; a
manual one is the clerk's and is never deleted. On PostgreSQL backups are the server's job.
These local backups hold the database only: the attachments (the `<stem>-files` folder) are on the
same disk beside it. The encrypted manual backup to a stick (backup_archive.backup_encrypted, `.snbak`)
carries the database and the attachments.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import sqlite3
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from songnuan_desktop import config
from songnuan_desktop.domain.errors import DomainError, ValidationFailed
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.settings import DEFAULTS
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.audit import Actor
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.sqlite_files import SIDE_SUFFIXES, connect, copy_sqlite, quick_check
from songnuan_desktop.services.publishing import publish_marks
from songnuan_desktop.services.publishing.publish import publishing
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.storage import fsync_dir, running

__all__ = [
    "AUTO", "BackupInfo", "after_restore", "auto_backup_due", "backup_now", "backups_folder", "before_restore",
    "list_backups", "quick_check", "record_restore", "remove_stale_parts", "restore",
]

log = logging.getLogger("songnuan")

AUTO = "auto"
MANUAL = "manual"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<reason>[a-z0-9_]+)\.db$")
_STAMP = "%Y%m%d-%H%M%S"
ENCRYPTED_SUFFIX = ".snbak"
STALE_SECONDS = 3600


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    size: int
    files_count: int | None  # worker files in the backup; None when it cannot be read
    office_name: str
    ok: bool
    reason: str = ""  # auto, manual, …
    revision: str | None = None
    problem: str = ""  # why it is not ok, in SQLite's or our words

    @property
    def automatic(self) -> bool:
        return self.reason == AUTO


def backups_folder() -> Path:
    return config.data_dir() / "backups"


def _sqlite_file(db: Database) -> Path:
    path = config.sqlite_path(db.url)
    if path is None:
        raise DomainError(
            "backup_server_database",
            "数据保存在数据库服务器（PostgreSQL）上，备份由服务器负责（请联系服务器管理员，例如用 pg_dump 定期备份）；"
            "本程序不做备份。",
        )
    return path


def backup_now(db: Database, folder: Path | None = None, reason: str = AUTO,
               by: SessionUser | None = None) -> BackupInfo:
    """Take a backup of `db` now into `folder` (default: the backups folder); prune old automatic ones.

    `by`: the signed-in user who asked for it (an administrator; the backup is audit-logged in their name);
    None for the automatic backup the program takes itself. The copy (the whole database: personal data) is
    published (services.publishing.publish): taken under a hidden temporary name, its audit entry committed (who, where;
    the program's own backups as 系统), then renamed into place."""
    if by is not None:
        by.require(Action.BACK_UP)
    source = _sqlite_file(db)
    if not re.fullmatch(r"[a-z0-9_]+", reason):
        raise ValidationFailed("backup_reason", f"备份说明“{reason}”只能含小写字母、数字和下划线。")
    folder = folder or backups_folder()
    folder.mkdir(parents=True, exist_ok=True)
    target = _free_name(folder, source.stem, dt.datetime.now(), reason)
    actor = by.actor if by is not None else audit.SYSTEM
    with publishing(db, "backup", target) as pub:
        copy_sqlite(source, pub.temp, single_file=True)
        with db.write(actor) as session:
            audit.append(session, actor, "backup", "backups", target.name, after={
                "path": str(target), "size_bytes": pub.temp.stat().st_size, "reason": reason})
            pub.record(session, actor, {"reason": reason})
    info = read_backup(target)
    log.info("backup taken (%s): %s, %s bytes, %s files", reason, target, info.size, info.files_count)
    if reason == AUTO:
        prune(folder, source.stem, _generations(db))
    return info


def _free_name(folder: Path, stem: str, now: dt.datetime, reason: str) -> Path:
    """A new name; within one second numbered after every backup still there (so order stays true)."""
    stamp = now.strftime(_STAMP)
    same = [_order((p, t, r))[1] for p, t, r in _named(folder, stem) if t == dt.datetime.strptime(stamp, _STAMP)]
    if not same:
        return folder / f"{stem}-{stamp}-{reason}.db"
    return folder / f"{stem}-{stamp}-{max(same) + 1}-{reason}.db"


def _generations(db: Database) -> int:
    from songnuan_desktop.services.office import settings
    from songnuan_desktop.services.office.office import local_office_id

    try:
        with db.read() as session:
            office_id = local_office_id(session)
            value = settings.value_at(session, office_id, "backup_generations") if office_id else None
    except Exception:  # a backup must not fail because the settings cannot be read
        log.warning("backup_generations unreadable, using the default", exc_info=True)
        value = None
    return max(1, int(value if value is not None else DEFAULTS["backup_generations"]))


def prune(folder: Path, stem: str, keep: int) -> list[Path]:
    """Delete the oldest automatic backups of `stem` beyond `keep`; manual ones are never touched."""
    autos = [b for b in _named(folder, stem) if b[2] == AUTO]
    autos.sort(key=_order)
    removed = [path for path, _taken, _reason in autos[: max(0, len(autos) - keep)]]
    for path in removed:
        path.unlink(missing_ok=True)
        log.info("old automatic backup deleted: %s", path)
    return removed


def _named(folder: Path, stem: str | None = None) -> list[tuple[Path, dt.datetime, str]]:
    """(path, taken at, reason) of the backups in `folder` by their names, of `stem` when given."""
    found: list[tuple[Path, dt.datetime, str]] = []
    if not folder.is_dir():
        return found
    for path in folder.glob("*.db"):
        match = _NAME.match(path.name)
        if match is None or (stem is not None and match["stem"] != stem):
            continue
        found.append((path, dt.datetime.strptime(match["stamp"], _STAMP), match["reason"]))
    return found


def _order(named: tuple[Path, dt.datetime, str]) -> tuple[dt.datetime, int]:
    match = _NAME.match(named[0].name)
    return named[1], int(match["n"] or 1) if match else 0


def remove_leftovers(db: Database) -> None:
    """A killed backup's snapshot (backups folder) and a killed restore's decrypted copy (beside the database):
    the database in the clear, removed once their process is gone. Called at the start of the window and of
    every command, beside services.publishing.publications.recover."""
    path = config.sqlite_path(db.url)
    for folder in (backups_folder(), *([path.parent] if path is not None else [])):
        try:
            remove_stale_parts(folder)
        except OSError:
            log.warning("stale backup parts not removed: %s", folder, exc_info=True)


_PART_PID = re.compile(r"-(?:snbak|restoring)-(?P<pid>\d+)-|\.(?P<own>\d+)\.part$")


def remove_stale_parts(folder: Path | None = None, max_age: float = STALE_SECONDS) -> list[Path]:
    """Delete what a killed backup left in the backups folder: `*.part*` files and folders (an encrypted
    backup's snapshot: the database in the clear) whose process is gone, or older than `max_age` seconds
    (a backup running now is younger). Called at the start of the window and of every command
    (remove_leftovers)."""
    folder = folder or backups_folder()
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    limit = time.time() - max_age
    for path in folder.iterdir():
        if ".part" not in path.name:
            continue
        try:
            if path.lstat().st_mtime > limit and not _owner_gone(path.name):
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            log.warning("stale backup part not removed: %s", path, exc_info=True)
            continue
        log.info("stale backup part removed: %s", path)
        removed.append(path)
    return removed


def _owner_gone(name: str) -> bool:
    match = _PART_PID.search(name)
    pid = match and (match["pid"] or match["own"])
    return bool(pid) and not running(int(pid or 0))


def auto_backup_due(db: Database, folder: Path | None = None, today: dt.date | None = None) -> bool:
    """True when no automatic backup of this database was taken today (never on PostgreSQL)."""
    path = config.sqlite_path(db.url)
    if path is None or not path.exists():
        return False
    today = today or dt.date.today()
    named = _named(folder or backups_folder(), path.stem)
    return not any(reason == AUTO and taken.date() == today for _p, taken, reason in named)


def list_backups(folder: Path | None = None, stem: str | None = None) -> list[BackupInfo]:
    """The backups in `folder`, newest first, each read (read-only) and checked; never raises for a bad one."""
    named = sorted(_named(folder or backups_folder(), stem), key=_order, reverse=True)
    return [read_backup(path) for path, _taken, _reason in named]


def read_backup(path: Path) -> BackupInfo:
    match = _NAME.match(path.name)
    taken = dt.datetime.strptime(match["stamp"], _STAMP) if match else dt.datetime.fromtimestamp(path.stat().st_mtime)
    reason = match["reason"] if match else ""
    size = path.stat().st_size
    problem = quick_check(path)
    files, office, revision = None, "", None
    if problem is None:
        try:
            files, office, revision = _contents(path)
        except sqlite3.Error as exc:
            problem = f"不是送暖数据库或无法读取：{exc}"
    if problem is None:
        problem = _revision_problem(revision)
    return BackupInfo(path, taken, size, files, office, problem is None, reason, revision, problem or "")


def _contents(path: Path) -> tuple[int, str, str | None]:
    with connect(path, "ro") as conn:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        files = conn.execute("SELECT count(*) FROM worker_files WHERE deleted = 0").fetchone()[0]
        row = conn.execute("SELECT value FROM local_info WHERE key = 'local_office_id'").fetchone()
        office = ""
        if row is not None:
            name = conn.execute("SELECT name FROM offices WHERE id = ?", (uuid.UUID(row[0]).hex,)).fetchone()
            office = name[0] if name else ""
    return int(files), office, revision[0] if revision else None


def _revision_problem(revision: str | None) -> str | None:
    from songnuan_desktop.persistence.migrate import MIGRATIONS

    known = {p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py")}
    if revision is None:
        return "不是送暖数据库（没有版本记录）。"
    if revision not in known:
        return f"由更新版本的送暖制作（数据库版本 {revision}），本程序无法使用；请先升级送暖。"
    return None


def restore(db_path: Path, backup_path: Path, now: dt.datetime | None = None) -> Path:
    """Put the backup in place of `db_path`; the current file (and its -wal/-shm) is kept aside.

    An encrypted backup (`.snbak`) is restored by backup_archive.restore_encrypted with its passphrase (it also
    puts back the attachments folder); here it is refused in words.

    Returns the kept-aside file `<name>.before-restore-<time>.db` (absent when there was no file).
    The database must be closed by every program first. Order, so that nothing is lost when any
    step fails: the backup is checked, copied beside the database under a temporary name and
    checked again; only then is the current file moved aside and the copy renamed into place
    (a failed rename moves the current file back)."""
    if backup_path.suffix.lower() == ENCRYPTED_SUFFIX:
        raise ValidationFailed("backup_encrypted",
                               "加密备份（.snbak）要用它的口令恢复：请在“设置 › 备份”中选择该文件。",
                               {"path": str(backup_path)})
    info = read_backup(backup_path)
    if not info.ok:
        raise ValidationFailed("backup_damaged", f"备份文件不能用来恢复：{info.problem}", {"path": str(backup_path)})
    before_restore(db_path)
    stamp = (now or dt.datetime.now()).strftime(_STAMP)
    incoming = copy_sqlite(backup_path, db_path.with_name(f"{db_path.name}.restoring"))
    try:
        problem = quick_check(incoming)
        if problem is not None:
            raise ValidationFailed("backup_damaged", f"复制出的备份检查未通过：{problem}")
        aside = aside_path(db_path, stamp)
        moved = _move_aside(db_path, aside)
        try:
            _install(incoming, db_path)
        except BaseException:
            _move_back(moved)
            raise
    finally:
        incoming.unlink(missing_ok=True)
    log.info("restored %s from %s; the previous file is kept at %s", db_path, backup_path, aside)
    after_restore(db_path)
    return aside


def before_restore(db_path: Path) -> None:
    """The marks of the database about to be replaced, kept beside it (services.publishing.publish_marks)."""
    publish_marks.save_from_file(db_path)


def after_restore(db_path: Path, actor: Actor = audit.SYSTEM) -> list[str]:
    """The restored database's voucher and package counters raised to the marks kept beside it, each with an
    audit note: an older backup never gives out a number or a sequence again. Chinese lines (also logged)."""
    from songnuan_desktop.persistence.database import open_database

    db = open_database(f"sqlite:///{db_path}")
    try:
        lines = publish_marks.raise_to_marks(db, actor)
    finally:
        db.close()
    for line in lines:
        log.warning("restore: %s", line)
    return lines


def record_restore(db_path: Path, by: SessionUser, backup_path: Path, aside: Path | None) -> None:
    """Log a restore into the restored database once it is in place (the log of the file before it is
    kept aside with it). The entry is the restored office's: a backup may hold users of its own."""
    from songnuan_desktop.persistence.database import open_database

    actor = Actor(by.id, by.username)
    db = open_database(f"sqlite:///{db_path}")
    try:
        with db.write(actor) as session:
            audit.append(session, actor, "restore", "backups", backup_path.name, after={
                "backup": str(backup_path), "kept_aside": str(aside) if aside else None})
    finally:
        db.close()


def aside_path(db_path: Path, stamp: str) -> Path:
    """`<name>.before-restore-<time>.db`, numbered when a restore within the same second kept one already."""
    aside, n = db_path.with_name(f"{db_path.name}.before-restore-{stamp}.db"), 1
    while aside.exists() or _files_aside(db_path, aside).exists():  # never overwrite an earlier kept file
        n += 1
        aside = db_path.with_name(f"{db_path.name}.before-restore-{stamp}-{n}.db")
    return aside


def _files_aside(db_path: Path, aside: Path) -> Path:
    """The attachments folder kept aside beside the database file kept aside (same time and number)."""
    return config.attachments_dir(f"sqlite:///{db_path}").with_name(
        f"{db_path.stem}-files.{aside.name.removeprefix(db_path.name + '.').removesuffix('.db')}")


def _move_aside(db_path: Path, aside: Path) -> list[tuple[Path, Path]]:
    """Rename the file and its -wal/-shm together (a WAL holds committed data not yet in the file)."""
    moved: list[tuple[Path, Path]] = []
    try:
        for suffix in ("", *SIDE_SUFFIXES):
            src, dst = Path(str(db_path) + suffix), Path(str(aside) + suffix)
            if src.exists():
                os.replace(src, dst)
                moved.append((src, dst))
    except BaseException:
        _move_back(moved)
        raise
    return moved


def _move_back(moved: list[tuple[Path, Path]]) -> None:
    for src, dst in reversed(moved):
        os.replace(dst, src)


def _install(incoming: Path, db_path: Path) -> None:
    """The backup's copy in place; the folder synced so the renames (aside and in) survive a power cut."""
    os.replace(incoming, db_path)
    fsync_dir(db_path.parent)
