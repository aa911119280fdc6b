"""`songnuan backup` and `songnuan restore`: the backups of a SQLite database from the command line."""

from __future__ import annotations

import argparse
import logging
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from songnuan_desktop import config
from songnuan_desktop.cli.session import add_sign_in, read_passphrase, read_password, refuse_one_time, signed_in
from songnuan_desktop.domain.errors import DomainError

if TYPE_CHECKING:
    from songnuan_desktop.persistence.database import Database
    from songnuan_desktop.services.office.session_user import SessionUser

log = logging.getLogger("songnuan")

RESTORE_DESCRIPTION = """用备份文件恢复数据库。

BACKUP 可以是本机备份（.db，只含数据库）或加密备份（.snbak，含数据库和附件，需要 --passphrase-file）。
先完整检查备份（口令、完整性、版本），再把当前数据库文件（连同 -wal/-shm）改名留在原处
（<文件名>.before-restore-<时间>.db；加密备份还把当前附件文件夹改名为 <名称>-files.before-restore-<时间>），
然后放入备份。任何一步失败，当前数据库和附件保持原样。恢复前请先关闭所有打开该数据库的送暖程序。
须以管理员身份登录（--user）：在当前数据库中登录；当前数据库已损坏、打不开（或不存在）时，在要恢复的备份中
登录（须是备份中的管理员）。恢复记入恢复后的数据库的审计日志。"""

BACKUP_DESCRIPTION = """备份数据库（SQLite；程序运行中也可备份）。

不给 --to：用 SQLite 在线备份复制到数据目录下的 backups 文件夹（只含数据库，不加密，留在本机；
手动备份不会被自动删除）。
给 --to：加密备份到这个文件夹或U盘，一个 .snbak 文件，含数据库和全部附件，用口令加密
（AES-256-GCM），写完读回核对；口令从 --passphrase-file 文件的第一行读取，程序不保存口令，
恢复时必须用同一个口令。
须以管理员身份登录（--user）；备份记入审计日志。--list 只列出备份，任何已登录的用户都可以。"""


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser("backup", help="立即备份数据库（本机，或加密备份到U盘；管理员）",
                            description=BACKUP_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    backup.add_argument("--db", help="数据库（默认同上）")
    backup.add_argument("--to", type=Path, help="加密备份到这个文件夹或U盘（须同时给 --passphrase-file）")
    backup.add_argument("--passphrase-file", type=Path, help="口令文件（第一行是口令，至少 6 个字符）")
    backup.add_argument("--list", action="store_true",
                        help="只列出备份：本机备份文件夹（或 --to 给的文件夹）里的备份（日期、档案数、是否完好）")
    add_sign_in(backup, "备份人（管理员）")
    backup.set_defaults(run=cmd_backup)
    restore = sub.add_parser("restore", help="用备份文件恢复数据库（.db 或加密的 .snbak；管理员）",
                             description=RESTORE_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    restore.add_argument("backup", type=Path, metavar="BACKUP", help="备份文件（.db 或 .snbak）")
    restore.add_argument("--db", help="要恢复的数据库文件（默认同上）")
    restore.add_argument("--passphrase-file", type=Path, help="加密备份（.snbak）的口令文件（第一行是口令）")
    add_sign_in(restore, "恢复人（管理员；当前数据库打不开时为备份中的管理员）")
    restore.set_defaults(run=cmd_restore, reads={"backup": "备份文件"})


def cmd_backup(args: argparse.Namespace) -> int:
    """`backup --list` lists, `backup --to` writes an encrypted .snbak, plain `backup` a copy on this computer."""
    url = config.database_url(args.db)
    if args.list:
        return _list(url, args)
    if args.to is not None:
        return _backup_encrypted(url, args)
    return _backup_here(url, args)


def _backup_encrypted(url: str, args: argparse.Namespace) -> int:
    from songnuan_desktop.services.backups.backup_archive import backup_encrypted

    passphrase = read_passphrase(args.passphrase_file, "加密备份（--to）")
    info = signed_in(url, args.user, args.password_file,
                     lambda db, user: backup_encrypted(db, args.to, passphrase, by=user))
    print(f"已加密备份（{info.office_name}，档案 {info.files_count} 户，附件 {info.attachments} 个，"
          f"{info.size / 2**20:.1f} MB，{info.seconds:.1f} 秒），读回核对无误：{info.path}")
    print(f"SHA-256：{info.sha256}")
    return 0


def _backup_here(url: str, args: argparse.Namespace) -> int:
    from songnuan_desktop.services.backups import backups

    info = signed_in(url, args.user, args.password_file,
                     lambda db, user: backups.backup_now(db, None, reason=backups.MANUAL, by=user))
    print(f"已备份：{info.path}（{info.office_name}，档案 {info.files_count} 户，{info.size / 1e6:.1f} MB）")
    return 0


def _list(url: str, args: argparse.Namespace) -> int:
    from songnuan_desktop.services.backups import backups

    folder: Path | None = args.to
    found = signed_in(url, args.user, args.password_file, lambda _db, _user: backups.list_backups(folder))
    for info in found:
        state = "完好" if info.ok else f"损坏：{info.problem}"
        when = f"{info.taken_at:%Y-%m-%d %H:%M:%S}"
        print(f"{when}  {info.office_name}  档案 {info.files_count} 户  {state}  {info.path}")
    for path in sorted((folder or backups.backups_folder()).glob(f"*{backups.ENCRYPTED_SUFFIX}")):
        print(f"加密备份（内容要用口令才能查看）  {path.stat().st_size / 2**20:.1f} MB  {path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from songnuan_desktop.services import failures
    from songnuan_desktop.services.backups import backups
    from songnuan_desktop.services.backups.backup_archive import restore_encrypted

    url = config.database_url(args.db)
    path = config.sqlite_path(url)
    if path is None:
        raise DomainError("restore_server", "服务器数据库（PostgreSQL）的恢复由服务器管理员负责。")
    backup: Path = args.backup
    encrypted = backup.suffix.lower() == backups.ENCRYPTED_SUFFIX
    passphrase = read_passphrase(args.passphrase_file, "加密备份（.snbak）") if encrypted else None
    user = _restoring_admin(url, path, backup, passphrase, args.user, read_password(args.password_file))
    try:
        if passphrase is not None:
            restored = restore_encrypted(path, backup, passphrase)
            aside, files_aside = restored.aside, restored.files_aside
        else:
            aside, files_aside = backups.restore(path, backup), None
    except (DomainError, OSError) as exc:  # the boundary prints it: said here that nothing was changed
        if not isinstance(exc, DomainError):
            failures.log_failure(exc, "songnuan restore")
        raise DomainError("restore_failed", f"{failures.words(exc).rstrip('。')}。当前数据库未改动。") from exc
    kept = aside if aside.exists() else None  # none when there was no database file to keep
    print(f"已从 {backup} 恢复 {path}。" + (f"原来的数据库文件保留为：{kept}" if kept else ""))
    if files_aside is not None:
        print(f"原来的附件文件夹保留为：{files_aside}")
    backups.record_restore(path, user, backup, kept)
    return 0


def _restoring_admin(url: str, path: Path, backup: Path, passphrase: str | None, username: str,
                     password: str) -> SessionUser:
    """The administrator who restores: signed in to the current database; when that one cannot be opened
    (damaged, missing, never set up), to the backup being restored — a copy of it, never the backup itself."""
    from songnuan_desktop.domain.permissions import Action
    from songnuan_desktop.services.access import auth

    current = _current(url)
    if current is not None:
        try:
            user = auth.login(current, username, password)
        finally:
            current.close()
        refuse_one_time(user)  # the window opens this database: its owner sets their own password there first
    else:
        user = _login_in_backup(path, backup, passphrase, username, password)
    user.require(Action.RESTORE_BACKUP)
    return user


def _current(url: str) -> Database | None:
    """The current database, or None when it cannot be signed in to (damaged, missing, no office yet)."""
    from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
    from sqlalchemy.exc import OperationalError

    from songnuan_desktop.persistence.database import open_database
    from songnuan_desktop.services.office import office

    try:
        db = open_database(url)
    except DomainError as exc:  # damaged, missing, read-only… (persistence words them)
        log.info("restore: the current database cannot be opened (%s); signing in to the backup", exc.code)
        return None
    except OperationalError:  # locked, disk: the boundary says so; nothing is restored
        raise
    except SQLAlchemyDatabaseError:  # not a database, malformed
        log.exception("restore: the current database cannot be opened; signing in to the backup")
        return None
    try:
        if not office.needs_setup(db):
            return db
    except OperationalError:  # locked, read-only, disk: the boundary says so; nothing is restored
        db.close()
        raise
    except SQLAlchemyDatabaseError:  # malformed, not a database: as good as damaged here
        log.exception("restore: the current database cannot be read; signing in to the backup")
    db.close()
    return None


def _login_in_backup(path: Path, backup: Path, passphrase: str | None, username: str,
                     password: str) -> SessionUser:
    from songnuan_desktop.services.access import auth
    from songnuan_desktop.services.backups.backup_archive import OpenedBackup

    # Beside the database, named as a restore's own work folder: what a kill leaves is removed like it.
    work = Path(tempfile.mkdtemp(prefix=f".{path.stem}-restoring-", suffix=".part", dir=path.parent))
    try:
        copy = work / "signin.db"
        if passphrase is not None:
            with OpenedBackup(backup, passphrase, work) as opened:
                opened.extract_database(copy)
        else:
            shutil.copyfile(backup, copy)
        return auth.login_in_copy(copy, username, password)
    finally:
        shutil.rmtree(work, ignore_errors=True)

