"""`songnuan backup` and `songnuan restore`: the backups of a SQLite database from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from songnuan_desktop import config

RESTORE_DESCRIPTION = """用备份文件恢复数据库。

先检查备份（完整性和版本），再把当前数据库文件（连同 -wal/-shm）改名留在原处
（<文件名>.before-restore-<时间>.db），然后放入备份。任何一步失败，当前数据库保持原样。
恢复前请先关闭所有打开该数据库的送暖程序。"""

# SPEC §4: personal data never unencrypted on a USB stick; an encrypted manual backup is still to come.
UNENCRYPTED = ("注意：备份文件没有加密，含身份证号、银行卡号等个人信息，"
               "只能放在本单位的电脑或服务器上，不要存到 U 盘带走。")


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser("backup", help="立即备份数据库（SQLite）",
                            description="用 SQLite 在线备份复制数据库；程序运行中也可备份。")
    backup.add_argument("--db", help="数据库（默认同上）")
    backup.add_argument("--to", type=Path,
                        help="备份到这个文件夹（不给时：数据目录下的 backups）。手动备份不会被自动删除。"
                             "备份未加密，不要放在 U 盘上带出办公室")
    backup.add_argument("--list", action="store_true", help="只列出备份文件夹里的备份（日期、档案数、是否完好）")
    restore = sub.add_parser("restore", help="用备份文件恢复数据库", description=RESTORE_DESCRIPTION,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
    restore.add_argument("backup", type=Path, metavar="BACKUP", help="备份文件（.db）")
    restore.add_argument("--db", help="要恢复的数据库文件（默认同上）")


def run(args: argparse.Namespace) -> int | None:
    """The exit code of a backup command, or None when `args` is another command."""
    if args.command == "backup":
        return cmd_list(args.to) if args.list else cmd_backup(config.database_url(args.db), args.to)
    if args.command == "restore":
        return cmd_restore(config.database_url(args.db), args.backup)
    return None


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
    if folder is not None:
        print(UNENCRYPTED, file=sys.stderr)
    print(f"已备份：{info.path}（{info.office_name}，档案 {info.files_count} 户，{info.size / 1e6:.1f} MB）")
    return 0


def cmd_list(folder: Path | None) -> int:
    from songnuan_desktop.services import backups

    for info in backups.list_backups(folder):
        state = "完好" if info.ok else f"损坏：{info.problem}"
        when = f"{info.taken_at:%Y-%m-%d %H:%M:%S}"
        print(f"{when}  {info.office_name}  档案 {info.files_count} 户  {state}  {info.path}")
    return 0


def cmd_restore(url: str, backup: Path) -> int:
    from songnuan_desktop.domain.errors import DomainError
    from songnuan_desktop.services import backups

    path = config.sqlite_path(url)
    if path is None:
        print("错误：服务器数据库（PostgreSQL）的恢复由服务器管理员负责。", file=sys.stderr)
        return 1
    try:
        aside = backups.restore(path, backup)
    except (DomainError, OSError) as exc:
        print(f"错误：{exc}；当前数据库未改动。", file=sys.stderr)
        return 1
    print(f"已从 {backup} 恢复 {path}。原来的数据库文件保留为：{aside}")
    return 0
