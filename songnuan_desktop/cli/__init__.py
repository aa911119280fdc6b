"""The `songnuan` command: the program by default, headless sub-commands for office work and checks.

`main` is the one error boundary; each module of this package adds its sub-commands to the parser, and each
sub-parser names the function that runs it (`set_defaults(run=…)`): the program's window when none is given
(cli.window). A sub-parser may also name its input files (`reads={dest: what}`, checked before any work) and
the key of its `--json` failure line (`json_key`). The modules import cli.session and cli.parsing, never this
package's `__init__`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from pathlib import Path

from songnuan_desktop import __version__, config
from songnuan_desktop.cli import (audit, backup, campaigns, county, decisions, demo, exchange, files, keys, parsing,
                                  payouts, report, summary, window)
from songnuan_desktop.cli.session import check_input_file, check_output_file, check_output_folder
from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.storage import remove_stale_workdirs

__all__ = ["main"]

log = logging.getLogger("songnuan")
# Commands that neither change nor show personal data: no sign-in (a test walks the parser for the rest).
WITHOUT_SIGN_IN = frozenset({"demo", "audit-verify"})

DESCRIPTION = "送暖 — 乡镇工会困难职工帮扶与送温暖管理。不带子命令时打开程序窗口。"
EPILOG = """示例：
  songnuan --demo                         用演示单位打开程序（首次运行时自动生成演示数据）
  songnuan --db D:\\送暖\\songnuan.db       打开指定的数据库文件
  songnuan demo --db demo.db --workers 300 生成演示单位
  songnuan import-workers 花名册.xlsx --report 退回.xlsx --user jingban  从 Excel 花名册导入档案
  songnuan print-file JZ-2024-0007 档案表.pdf --user jingban  打印一户的困难职工档案表（PDF）
  songnuan notice --campaign 2027年元旦春节送温暖 公示.pdf --user shenhe  打印活动的拟帮扶对象公示（PDF）
  songnuan roster --campaign 2026年金秋助学 --public 签收表.pdf --user caiwu  打印发放签收表（PDF）
  songnuan bank-list --campaign 2026年金秋助学 代发.xlsx --user caiwu  导出银行代发清单（.xlsx）
  songnuan vouchers --campaign 2026年金秋助学 凭证.pdf --user jingban  打印发放凭证（PDF，新开的凭证编号）
  songnuan report --period 2026 统计.xlsx --user jingban  导出2026年的统计表（.xlsx 或 .pdf）
  songnuan summary --campaign 2026年元旦春节送温暖 总结.pdf --user jingban  打印活动总结（PDF；.txt 为正文）
  songnuan audit-verify --db songnuan.db  校验审计日志的哈希链
  songnuan export-package --to E:\\ --passphrase-file 口令.txt --user jingban  导出加密报送包到U盘
  songnuan backup --user admin           立即备份到本机（只含数据库，不加密；管理员）
  songnuan backup --to E:\\ --passphrase-file 口令.txt --user admin  加密备份到U盘（含附件，.snbak）
  songnuan restore 备份.snbak --passphrase-file 口令.txt --user admin  用备份恢复（.db 或 .snbak）
  songnuan --self-test                    检查安装：打开主窗口和每个界面后退出
数据库也可以用环境变量 SONGNUAN_DATABASE_URL 指定（文件路径或 PostgreSQL 地址）。
凡是改动或查看个人信息的子命令都要登录：--user 登录名，密码放在 --password-file 文件的第一行，或在命令行窗口里输入。
出错时退出码为 1，原因写在屏幕上，详细信息写入数据目录下的日志 songnuan.log。"""


def _parser() -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = parsing.Parser(
        prog="songnuan", description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"songnuan {__version__}", help="显示版本号后退出")
    parser.add_argument(
        "--db", help="数据库：SQLite 文件路径或 postgresql+psycopg://… 地址（默认：用户数据目录下的 songnuan.db）"
    )
    parser.add_argument("--demo", action="store_true", help="打开演示单位（数据目录下的 demo.db，没有时先生成）")
    parser.add_argument("--self-test", action="store_true", help="打开主窗口和每个界面一次后退出；成功时退出码为 0")
    parser.add_argument("--screenshots", type=Path, help=argparse.SUPPRESS)
    parser.set_defaults(run=window.run)  # a sub-command's own `run` replaces it
    sub = parser.add_subparsers(dest="command", metavar="子命令")
    # In the order `songnuan -h` lists them.
    for module in (demo, files, campaigns, payouts, report, summary, backup, decisions, exchange, county, keys,
                   audit):
        module.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """The command line's one error boundary (STYLE rule 14): whatever fails is said in Chinese on stderr
    (services.failures words it), its traceback goes to the log file only, and the exit code is 1."""
    for stream in (sys.stdout, sys.stderr):
        # A Windows console in another code page shows '?' for a character it lacks instead of crashing.
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    with parsing.chinese():
        args = _parser().parse_args(argv)
    log_path = config.setup_logging()
    from songnuan_desktop.exchange.format import work_root  # here, not at the top: -h loads no cryptography

    with contextlib.suppress(OSError):  # what a killed merge or import left decrypted (exchange.format)
        remove_stale_workdirs(work_root())
    try:
        _check_paths(args)
        code: int = args.run(args)
        return code
    except KeyboardInterrupt:
        print("\n已中止：没有完成。", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the boundary: every failure becomes a sentence and exit code 1
        return _failed(args, exc, log_path)


def _failed(args: argparse.Namespace, exc: Exception, log_path: Path) -> int:
    from songnuan_desktop.services import failures

    if isinstance(exc, DomainError):
        log.info("songnuan %s refused (%s)", args.command or "", exc.code)
    else:
        failures.log_failure(exc, f"songnuan {args.command or ''}")
    message = failures.words(exc, log_path)
    print(f"错误：{message}", file=sys.stderr)
    if getattr(args, "json", False):  # the last line a script reads: {"merged": false, "error": "…"} and the like
        key = getattr(args, "json_key", None)
        print(json.dumps({**({key: False} if key else {}), "error": message}, ensure_ascii=False))
    return 1


def _check_paths(args: argparse.Namespace) -> None:
    """What a command will write, and the files it reads, checked before any work: a sentence, not a traceback
    half-way (an output that is a folder, a folder that is not there, a missing input)."""
    for name, what in (("out", "输出文件"), ("report", "--report 给出的文件")):
        if (path := getattr(args, name, None)) is not None:
            check_output_file(path, what)
    if (folder := getattr(args, "to", None)) is not None:
        check_output_folder(folder)
    for name, what in getattr(args, "reads", {}).items():
        value = getattr(args, name)
        for path in value if isinstance(value, list) else [value]:
            check_input_file(path, what)

