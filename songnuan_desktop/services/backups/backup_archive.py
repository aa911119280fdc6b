"""加密备份 (`.snbak`): the database and its attachments in one encrypted file, for a USB stick (SPEC §4).

`backup_encrypted(db, target_dir, passphrase, progress, is_cancelled, actor)`: an online SQLite backup
into a temporary folder inside the local backups folder, checked (quick_check, it opens); then a ZIP —
`database.db`, `attachments/<path inside the attachments folder>`, `manifest.json` (sizes and SHA-256
of every member) — streamed through exchange.crypto (AES-256-GCM, scrypt) into a hidden `.part` on the
stick, fsynced, renamed, the folder fsynced, and read back: decrypted, every member's SHA-256 checked,
the database extracted and quick_checked. Any failure leaves nothing under the final name.

`restore_encrypted(db_path, backup, passphrase)`: decrypted into a temporary folder beside the database
and checked completely before anything is touched; then the database file and the attachments folder
are each moved aside and the backup's put in place; a failed step moves everything back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from songnuan_desktop import __version__, config
from songnuan_desktop.domain.errors import DomainError, ValidationFailed
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.exchange import crypto
from songnuan_desktop.exchange.crypto import PackageError
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.audit import Actor
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.sqlite_files import copy_sqlite, quick_check
from songnuan_desktop.services.backups import backups
from songnuan_desktop.services.publishing.publish import publishing
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.storage import (
    BACKUP_SHARE, SLACK, check_space, fsync_dir, remove_stale_parts, stick_error, stick_folder, write_on_stick,
)

SUFFIX = backups.ENCRYPTED_SUFFIX
KIND = "songnuan-backup"
ARCHIVE_VERSION = 1
MANIFEST, DATABASE, FILES = "manifest.json", "database.db", "attachments/"
MIN_PASSPHRASE = 6
_CHUNK = 1 << 20
TOTAL = 1000  # progress is reported in thousandths (bytes overflow the Qt signal's int)
_WRITE_SHARE = 700

Progress = Callable[[int, int], None]

# The crypto module speaks of a 报送包; a clerk restoring a backup must read 备份文件.
_MESSAGES = {
    "package_wrong_passphrase": "口令不正确，无法打开备份文件。请输入做这份备份时设置的口令。",
    "package_damaged": "备份文件已损坏（内容校验不通过），不能用来恢复。请换一份备份。",
    "package_truncated": "备份文件不完整（被截断，可能是拷贝时U盘被拔出），不能用来恢复。请换一份备份。",
    "package_unknown": "这不是送暖加密备份文件（文件开头不对）。",
    "package_newer_version": "备份文件是新版本送暖做的，本程序打不开。请先升级送暖。",
}


@dataclass(frozen=True)
class EncryptedBackup:
    path: Path
    taken_at: dt.datetime
    size: int
    sha256: str  # of the .snbak file as written on the stick
    database_sha256: str
    files_count: int
    office_name: str
    attachments: int
    attachments_bytes: int
    revision: str | None
    seconds: float


@dataclass(frozen=True)
class Restored:
    aside: Path  # the database file kept aside
    files_aside: Path | None  # the attachments folder kept aside (None when there was none)
    manifest: dict[str, Any]


class BackupCancelled(DomainError):
    """The clerk stopped the backup: nothing was left under the final name."""


def _backup_error(exc: PackageError) -> PackageError:
    message = _MESSAGES.get(exc.code)
    return PackageError(exc.code, message, exc.fields) if message else exc


def check_passphrase(passphrase: str) -> None:
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise ValidationFailed("passphrase", f"备份口令至少 {MIN_PASSPHRASE} 个字符。口令不保存在任何地方，"
                               "恢复时必须输入同一个口令，请记在安全的地方。", {"field": "passphrase"})


class _Job:
    def __init__(self, progress: Progress | None, is_cancelled: Callable[[], bool] | None, total_bytes: int) -> None:
        self.progress, self.is_cancelled = progress, is_cancelled
        self.total, self.done, self.shown = max(1, total_bytes), 0, -1

    def check(self) -> None:
        if self.is_cancelled is not None and self.is_cancelled():
            raise BackupCancelled("cancelled", "已取消备份：没有留下备份文件。")

    def advance(self, n: int, start: int = 0, share: int = _WRITE_SHARE) -> None:
        self.check()
        self.done += n
        self.report(start + min(share, share * self.done // self.total))

    def report(self, value: int) -> None:
        if self.progress is not None and value != self.shown:
            self.shown = value
            self.progress(value, TOTAL)


def _attachment_files(folder: Path) -> list[tuple[str, Path]]:
    """(path inside the folder, file) of every attachment; a copy in progress (`*.part`) is not one."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and not path.name.endswith(".part"):
            found.append((path.relative_to(folder).as_posix(), path))
    return found


def check_member_name(name: str) -> None:
    """Only `manifest.json`, `database.db` and `attachments/a/b`: never `..`, absolute paths, drives, `\\`."""
    if name in (MANIFEST, DATABASE):
        return
    parts = name.removeprefix(FILES).split("/") if name.startswith(FILES) else []
    if not parts or any(p in ("", ".", "..") or any(c in p for c in '\\:\0') for p in parts):
        raise PackageError("package_bad_member", f"备份文件里有不允许的文件名“{name}”，已拒绝，未做任何改动。",
                           {"member": name})


def _add(zf: zipfile.ZipFile, name: str, path: Path, deflate: bool, job: _Job) -> dict[str, Any]:
    info = zipfile.ZipInfo(name, time.localtime(path.stat().st_mtime)[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED  # scans are compressed already
    info.file_size = path.stat().st_size  # lets zipfile choose ZIP64 for a big database up front
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as source, zf.open(info, "w") as member:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            member.write(chunk)
            size += len(chunk)
            job.advance(len(chunk))
    return {"bytes": size, "sha256": digest.hexdigest()}


def _write(out: BinaryIO, passphrase: str, snapshot: Path, files: list[tuple[str, Path]], facts: dict[str, Any],
           job: _Job) -> dict[str, Any]:
    writer = crypto.EncryptingWriter(out, passphrase)
    with zipfile.ZipFile(writer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:  # type: ignore[arg-type]
        database = _add(zf, DATABASE, snapshot, True, job)
        parts = {rel: _add(zf, FILES + rel, path, False, job) for rel, path in files}
        manifest = {**facts, "database": database, "attachments": parts}
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    writer.close()
    return manifest


class OpenedBackup:
    """A `.snbak` decrypted (every segment authenticated) into `workdir`, its manifest and names checked."""

    def __init__(self, path: Path, passphrase: str, workdir: Path) -> None:
        self._zip_path = workdir / "payload.zip"
        try:
            with path.open("rb") as source, self._zip_path.open("wb") as plain:
                crypto.decrypt_to(source, passphrase, plain)
        except PackageError as exc:
            raise _backup_error(exc) from None
        try:
            self.zip = zipfile.ZipFile(self._zip_path)
        except zipfile.BadZipFile as exc:
            raise _backup_error(crypto.damaged("zip")) from exc
        try:
            self.manifest = self._checked_manifest()
        except BaseException:
            self.zip.close()
            raise

    def _checked_manifest(self) -> dict[str, Any]:
        for name in self.zip.namelist():
            check_member_name(name)
        try:
            raw = json.loads(self.zip.read(MANIFEST))
            expected = {DATABASE, MANIFEST, *(FILES + rel for rel in raw["attachments"])}
        except (KeyError, ValueError, TypeError) as exc:
            raise _backup_error(crypto.damaged("manifest")) from exc
        if raw.get("kind") != KIND:
            raise _backup_error(crypto.not_a_package())
        if int(raw.get("version", 0)) > ARCHIVE_VERSION:
            raise _backup_error(crypto.newer_version(int(raw["version"])))
        if set(self.zip.namelist()) != expected:
            raise _backup_error(crypto.damaged("members differ from the manifest"))
        return raw

    def _copy(self, name: str, part: dict[str, Any], target: Path | None) -> None:
        """Stream one member to `target` (or nowhere), checking its size and SHA-256 against the manifest."""
        digest, size = hashlib.sha256(), 0
        try:
            with self.zip.open(name) as member:
                out = target.open("xb") if target is not None else None
                try:
                    while chunk := member.read(_CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        if out is not None:
                            out.write(chunk)
                    if out is not None:
                        out.flush()
                        os.fsync(out.fileno())
                finally:
                    if out is not None:
                        out.close()
        except (zipfile.BadZipFile, EOFError) as exc:
            raise _backup_error(crypto.damaged(name)) from exc
        if (digest.hexdigest(), size) != (part["sha256"], part["bytes"]):
            raise _backup_error(crypto.damaged(name))

    def extract_database(self, target: Path) -> Path:
        self._copy(DATABASE, self.manifest["database"], target)
        info = backups.read_backup(target)
        if not info.ok:
            raise ValidationFailed("backup_damaged", f"备份里的数据库不能用来恢复：{info.problem}")
        return target

    def extract_attachments(self, folder: Path | None) -> None:
        """Every attachment checked; written under `folder` when given."""
        for rel, part in sorted(self.manifest["attachments"].items()):
            target = None
            if folder is not None:
                target = folder.joinpath(*rel.split("/"))
                target.parent.mkdir(parents=True, exist_ok=True)
            self._copy(FILES + rel, part, target)

    def close(self) -> None:
        self.zip.close()
        self._zip_path.unlink(missing_ok=True)

    def __enter__(self) -> OpenedBackup:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def backup_name(office: str, now: dt.datetime, target: Path) -> Path:
    safe = "".join(c for c in office if c not in '<>:"/\\|?*').strip() or "单位"
    final, n = target / f"送暖备份-{safe}-{now:%Y%m%d-%H%M%S}{SUFFIX}", 1
    while final.exists():
        n += 1
        final = target / f"送暖备份-{safe}-{now:%Y%m%d-%H%M%S}-{n}{SUFFIX}"
    return final


def _facts(taken: dt.datetime, files_count: int, office: str, revision: str | None) -> dict[str, Any]:
    return {"kind": KIND, "version": ARCHIVE_VERSION, "taken_at": taken.isoformat(timespec="seconds"),
            "app_version": __version__, "office": office, "files_count": files_count, "revision": revision}


def backup_encrypted(db: Database, target_dir: Path, passphrase: str, progress: Progress | None = None,
                     is_cancelled: Callable[[], bool] | None = None,
                     actor: Actor = audit.SYSTEM, by: SessionUser | None = None) -> EncryptedBackup:
    """One encrypted file with the database and the attachments in `target_dir`, verified, audit-logged
    (in the name of `by`, an administrator, when given; else of `actor`)."""
    if by is not None:
        by.require(Action.ENCRYPT_BACKUP)
        actor = by.actor
    source = backups._sqlite_file(db)
    target = stick_folder(target_dir)
    check_passphrase(passphrase)
    started = time.perf_counter()
    local = backups.backups_folder()
    local.mkdir(parents=True, exist_ok=True)
    backups.remove_stale_parts(local)
    remove_stale_parts(target)  # a killed backup's .part would make the stick look fuller than it is
    files = _attachment_files(db.attachments_dir)
    db_bytes = sum(p.stat().st_size for p in (source, Path(f"{source}-wal")) if p.exists())
    files_bytes = sum(p.stat().st_size for _, p in files)
    check_space(target, int(db_bytes * BACKUP_SHARE) + files_bytes + SLACK)  # measured: storage.BACKUP_SHARE
    # locally: the snapshot (the whole file), then the read-back: the decrypted archive and the database in it
    check_space(local, int(db_bytes * (1 + BACKUP_SHARE)) + files_bytes + SLACK)
    job = _Job(progress, is_cancelled, db_bytes + files_bytes)
    # Private (0700) and named with this process: a kill leaves the snapshot (the database in the clear) only
    # until the next start of the window or of any command (backups.remove_stale_parts: its process is gone).
    work = Path(tempfile.mkdtemp(prefix=f".{source.stem}-snbak-{os.getpid()}-", suffix=".part", dir=local))
    try:
        return _backup(db, actor, source, target, work, passphrase, files, job, started)
    except OSError as exc:  # the local disk (the stick's own errors are worded in _backup)
        raise DomainError("backup_failed", f"备份失败：{exc.strerror or exc}（{exc.filename or local}）。"
                          "没有留下备份文件。") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _backup(db: Database, actor: Actor, source: Path, target: Path, work: Path, passphrase: str,
            files: list[tuple[str, Path]], job: _Job, started: float) -> EncryptedBackup:
    job.report(0)
    snapshot = copy_sqlite(source, work / DATABASE, single_file=True)
    problem = quick_check(snapshot)
    if problem is not None:
        raise DomainError("backup_source_damaged", f"当前数据库检查未通过，不能备份（请先恢复）：{problem}")
    files_count, office, revision = backups._contents(snapshot)
    job.check()
    taken = dt.datetime.now().replace(microsecond=0)
    final = backup_name(office, taken, target)
    try:
        def verify(path: Path, manifest: dict[str, Any]) -> None:
            snapshot.unlink()  # its room on the local disk is the read-back's
            _verify(path, passphrase, manifest, work, job)

        with publishing(db, "backup_encrypted", final, "没有留下备份文件。") as pub:
            facts = _facts(taken, files_count, office, revision)
            manifest, sha256, size = write_on_stick(
                pub.temp, lambda out: _write(out, passphrase, snapshot, files, facts, job), verify)
            with db.write(actor) as session:
                _record(session, actor, final, size, sha256, manifest)
                pub.record(session, actor, {"sha256": sha256})
    except OSError as exc:
        raise stick_error(exc, final, "没有留下备份文件，请插好U盘后重新备份。") from exc
    job.report(TOTAL)
    return EncryptedBackup(final, taken, size, sha256, manifest["database"]["sha256"], files_count, office,
                           len(files), sum(p["bytes"] for p in manifest["attachments"].values()), revision,
                           time.perf_counter() - started)


def _verify(final: Path, passphrase: str, written: dict[str, Any], work: Path, job: _Job) -> None:
    """Read the file back from the stick: decrypt, compare the manifest, check every member, and the
    database extracted must pass quick_check and open as a Songnuan database."""
    job.report(_WRITE_SHARE + 50)
    with OpenedBackup(final, passphrase, work) as opened:
        if opened.manifest != json.loads(json.dumps(written, ensure_ascii=False)):
            raise DomainError("verify_failed", "写入后读回校验不一致，备份文件已删除。请换一个U盘重新备份。")
        job.report(_WRITE_SHARE + 150)
        check = opened.extract_database(work / "verify.db")
        check.unlink()
        job.report(_WRITE_SHARE + 250)
        opened.extract_attachments(None)


def _record(session: Session, actor: Actor, path: Path, size: int, sha256: str, manifest: dict[str, Any]) -> None:
    audit.append(session, actor, "backup_encrypted", "backups", path.name, after={
        "path": str(path), "size_bytes": size, "sha256": sha256, "files": manifest["files_count"],
        "attachments": len(manifest["attachments"]), "taken_at": manifest["taken_at"]})


# --- restore --------------------------------------------------------------------------------------

def restore_encrypted(db_path: Path, backup_path: Path, passphrase: str, now: dt.datetime | None = None) -> Restored:
    """Restore the database and its attachments from an encrypted backup; see the module's docstring."""
    if not passphrase:
        raise ValidationFailed("passphrase", "请填写做这份备份时设置的口令。", {"field": "passphrase"})
    files_dir = config.attachments_dir(f"sqlite:///{db_path}")
    work = Path(tempfile.mkdtemp(prefix=f".{db_path.stem}-restoring-{os.getpid()}-", suffix=".part",
                                 dir=db_path.parent))
    try:
        with OpenedBackup(backup_path, passphrase, work) as opened:
            incoming = opened.extract_database(work / DATABASE)
            incoming_files = work / "files"
            incoming_files.mkdir()
            opened.extract_attachments(incoming_files)
            manifest = opened.manifest
        backups.before_restore(db_path)
        aside = backups.aside_path(db_path, (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S"))
        files_aside = backups._files_aside(db_path, aside)
        _swap(db_path, aside, incoming, files_dir, files_aside, incoming_files)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    backups.log.info("restored %s and %s from %s; kept aside: %s, %s", db_path, files_dir, backup_path, aside,
                     files_aside)
    backups.after_restore(db_path)
    return Restored(aside, files_aside if files_aside.exists() else None, manifest)


def _swap(db_path: Path, aside: Path, incoming: Path, files_dir: Path, files_aside: Path,
          incoming_files: Path) -> None:
    """Current database and attachments aside, the backup's in place; any failure puts everything back."""
    moved = backups._move_aside(db_path, aside)
    undo: list[tuple[Path, Path]] = []  # (from, to) renames to reverse, newest last
    try:
        if files_dir.exists():
            os.replace(files_dir, files_aside)
            undo.append((files_aside, files_dir))
        os.replace(incoming, db_path)
        undo.append((db_path, incoming))
        os.replace(incoming_files, files_dir)
    except BaseException:
        for here, back in reversed(undo):
            os.replace(here, back)
        backups._move_back(moved)
        raise
    fsync_dir(db_path.parent)  # the renames above survive a power cut (the files themselves were synced)
    if files_dir.parent != db_path.parent:
        fsync_dir(files_dir.parent)
