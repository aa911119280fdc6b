"""`songnuan export-package`: the 报送包 written from the command line (cli.py only hooks it in)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from songnuan_desktop import config

EXPORT_DESCRIPTION = """把本单位的数据（档案、家庭、活动、帮扶项目及其经过、走访、凭证、抽查、审计日志）和附件
写成一个加密的报送包（.snpkg），交县总工会。

先检查空间，写到临时文件名、同步到盘、改名为“报送包-单位-序号-日期.snpkg”，再读回解密核对。
任何一步失败（如U盘被拔出）都不会留下报送包，序号也不占用。导出记入审计日志。
退出码：0 导出并核对完成，1 没有导出。"""


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser("export-package", help="导出报送包（加密，交县总工会）", description=EXPORT_DESCRIPTION,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    export.add_argument("--db", help="数据库（默认同上）")
    export.add_argument("--to", required=True, type=Path, metavar="DIR", help="写到这个文件夹（如 U 盘）")
    export.add_argument("--passphrase-file", required=True, type=Path,
                        help="含县总工会所给口令的文件（第一行）")
    export.add_argument("--user", required=True, help="导出人的登录名（经办人或管理员）")
    export.add_argument("--password-file", type=Path, help="含该用户密码的文件；不给时在终端询问")


def run(args: argparse.Namespace) -> int | None:
    """The exit code of an exchange command, or None when `args` is another command."""
    if args.command == "export-package":
        return cmd_export_package(config.database_url(args.db), args)
    return None


def _first_line(path: Path) -> str:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return lines[0].strip() if lines else ""


def cmd_export_package(url: str, args: argparse.Namespace) -> int:
    from songnuan_desktop.cli import signed_in
    from songnuan_desktop.services.package_export import export_package

    try:
        passphrase = _first_line(args.passphrase_file)
    except OSError as exc:
        print(f"错误：读不到口令文件 {args.passphrase_file}：{exc.strerror or exc}", file=sys.stderr)
        return 1
    info = signed_in(url, args.user, args.password_file,
                     lambda db, user: export_package(db, user, args.to, passphrase))
    if info is None:
        return 1
    rows = sum(info.row_counts.values())
    print(f"已导出报送包（第 {info.sequence} 号，{rows} 行数据，{info.attachments} 个附件，"
          f"{info.size_bytes / 2**20:.1f} MB），读回核对无误：{info.path}")
    print(f"SHA-256：{info.sha256}")
    return 0
