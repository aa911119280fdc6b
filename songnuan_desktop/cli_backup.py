"""`songnuan backup` and `songnuan restore`: the backups of a SQLite database from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from songnuan_desktop import config

RESTORE_DESCRIPTION = """用备份文件恢复数据库。

BACKUP 可以是本机备份（.db，只含数据库）或加密备份（.snbak，含数据库和附件，需要 --passphrase-file）。
先完整检查备份（口令、完整性、版本），再把当前数据库文件（连同 -wal/-shm）改名留在原处
（<文件名>.before-restore-<时间>.db；加密备份还把当前附件文件夹改名为 <名称>-files.before-restore-<时间>），
然后放入备份。任何一步失败，当前数据库和附件保持原样。恢复前请先关闭所有打开该数据库的送暖程序。"""

BACKUP_DESCRIPTION = """备份数据库（SQLite；程序运行中也可备份）。

不给 --to：用 SQLite 在线备份复制到数据目录下的 backups 文件夹（只含数据库，不加密，留在本机；
手动备份不会被自动删除）。
给 --to：加密备份到这个文件夹或U盘，一个 .snbak 文件，含数据库和全部附件，用口令加密
（AES-256-GCM），写完读回核对；口令从 --passphrase-file 文件的第一行读取，程序不保存口令，
恢复时必须用同一个口令。"""


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser("backup", help="立即备份数据库（本机，或加密备份到U盘）", description=BACKUP_DESCRIPTION,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    backup.add_argument("--db", help="数据库（默认同上）")
    backup.add_argument("--to", type=Path, help="加密备份到这个文件夹或U盘（须同时给 --passphrase-file）")
    backup.add_argument("--passphrase-file", type=Path, help="口令文件（第一行是口令，至少 6 个字符）")
    backup.add_argument("--list", action="store_true",
                        help="只列出备份：本机备份文件夹（或 --to 给的文件夹）里的备份（日期、档案数、是否完好）")
    restore = sub.add_parser("restore", help="用备份文件恢复数据库（.db 或加密的 .snbak）",
                             description=RESTORE_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    restore.add_argument("backup", type=Path, metavar="BACKUP", help="备份文件（.db 或 .snbak）")
    restore.add_argument("--db", help="要恢复的数据库文件（默认同上）")
    restore.add_argument("--passphrase-file", type=Path, help="加密备份（.snbak）的口令文件（第一行是口令）")


def run(args: argparse.Namespace) -> int | None:
    """The exit code of a backup command, or None when `args` is another command."""
    if args.command == "backup":
        if args.list:
            return cmd_list(args.to)
        if args.to is not None:
            return cmd_backup_encrypted(config.database_url(args.db), args.to, args.passphrase_file)
        return cmd_backup(config.database_url(args.db), None)
    if args.command == "restore":
        return cmd_restore(config.database_url(args.db), args.backup, args.passphrase_file)
    return None


def _passphrase(path: Path | None, needed_for: str) -> str | None:
    from songnuan_desktop.cli import read_passphrase

    return read_passphrase(path, needed_for)


def _cli_actor() -> Any:
    import getpass

    from songnuan_desktop.persistence.audit import Actor

    try:
        who = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in the environment: still logged as the command line
        who = "?"
    return Actor(None, f"命令行:{who}")


def cmd_backup_encrypted(url: str, folder: Path, passphrase_file: Path | None) -> int:
    from songnuan_desktop.domain.errors import DomainError
    from songnuan_desktop.persistence.database import open_database
    from songnuan_desktop.services.backup_archive import backup_encrypted

    passphrase = _passphrase(passphrase_file, "加密备份（--to）")
    if passphrase is None:
        return 1
    db = open_database(url)
    try:
        info = backup_encrypted(db, folder, passphrase, actor=_cli_actor())
    except DomainError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1
    finally:
        db.close()
    print(f"已加密备份（{info.office_name}，档案 {info.files_count} 户，附件 {info.attachments} 个，"
          f"{info.size / 2**20:.1f} MB，{info.seconds:.1f} 秒），读回核对无误：{info.path}")
    print(f"SHA-256：{info.sha256}")
    return 0


def cmd_backup(url: str, folder: Path | None) -> int:
    from songnuan_desktop.domain.errors import DomainError
    from songnuan_desktop.persistence.database import open_database
    from songnuan_desktop.services import backups

    db = open_database(url)
    try:
        info = backups.backup_now(db, folder, reason=backups.MANUAL)
    except DomainError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1
    finally:
        db.close()
    print(f"已备份：{info.path}（{info.office_name}，档案 {info.files_count} 户，{info.size / 1e6:.1f} MB）")
    return 0


def cmd_list(folder: Path | None) -> int:
    from songnuan_desktop.services import backups

    for info in backups.list_backups(folder):
        state = "完好" if info.ok else f"损坏：{info.problem}"
        when = f"{info.taken_at:%Y-%m-%d %H:%M:%S}"
        print(f"{when}  {info.office_name}  档案 {info.files_count} 户  {state}  {info.path}")
    for path in sorted((folder or backups.backups_folder()).glob(f"*{backups.ENCRYPTED_SUFFIX}")):
        print(f"加密备份（内容要用口令才能查看）  {path.stat().st_size / 2**20:.1f} MB  {path}")
    return 0


def cmd_restore(url: str, backup: Path, passphrase_file: Path | None = None) -> int:
    from songnuan_desktop.domain.errors import DomainError
    from songnuan_desktop.services import backups
    from songnuan_desktop.services.backup_archive import restore_encrypted

    path = config.sqlite_path(url)
    if path is None:
        print("错误：服务器数据库（PostgreSQL）的恢复由服务器管理员负责。", file=sys.stderr)
        return 1
    encrypted = backup.suffix.lower() == backups.ENCRYPTED_SUFFIX
    passphrase = _passphrase(passphrase_file, "加密备份（.snbak）") if encrypted else None
    if encrypted and passphrase is None:
        return 1
    try:
        if passphrase is not None:
            restored = restore_encrypted(path, backup, passphrase)
            aside, files_aside = restored.aside, restored.files_aside
        else:
            aside, files_aside = backups.restore(path, backup), None
    except (DomainError, OSError) as exc:
        print(f"错误：{getattr(exc, 'message', exc)}；当前数据库未改动。", file=sys.stderr)
        return 1
    print(f"已从 {backup} 恢复 {path}。原来的数据库文件保留为：{aside}")
    if files_aside is not None:
        print(f"原来的附件文件夹保留为：{files_aside}")
    return 0
