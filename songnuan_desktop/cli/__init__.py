"""The `songnuan` command: the program by default, headless sub-commands for office work and checks."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from songnuan_desktop import __version__, config
from songnuan_desktop.cli import parsing
from songnuan_desktop.cli.session import (add_sign_in, check_input_file, check_output_file, check_output_folder,
                                          read_passphrase, signed_in)
from songnuan_desktop.domain.errors import DomainError, ValidationFailed
from songnuan_desktop.exchange.format import work_root
from songnuan_desktop.services.publishing.safe_write import remove_stale_workdirs

if TYPE_CHECKING:
    from songnuan_desktop.persistence.database import Database
    from songnuan_desktop.services.office.session_user import SessionUser

__all__ = ["main", "read_passphrase", "signed_in"]  # the other cli modules take these two from here

log = logging.getLogger("songnuan")
# Commands that neither change nor show personal data: no sign-in (a test walks the parser for the rest).
WITHOUT_SIGN_IN = frozenset({"demo", "audit-verify"})
# With --json, the last line of a failed command: {"merged": false, "error": "…"} and the like.
JSON_FAILED = {"merge": "merged", "county-checks": "checked"}

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

DEMO_FILE = "demo.db"
IMPORT_DESCRIPTION = """从花名册导入困难职工档案：Excel 的 .xlsx 和 .xls、WPS 表格的 .et、.ods，或 .csv
（UTF-8 或 GBK 编码，读取时写明按哪种编码）。

有效的行在一个事务中全部导入；有问题的行逐行列出原因（可用 --report 另存为 Excel 修改后再导入），
中途出错时数据库保持原样。同一份花名册再导入一次不会改动任何内容。
须以经办人身份登录（--user）；导入记入审计日志。
退出码：0 导入完成（可能有退回的行），1 文件或数据库出错，什么也没有导入。"""


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
    sub = parser.add_subparsers(dest="command", metavar="子命令")

    demo = sub.add_parser("demo", help="生成演示单位（档案、家庭、活动、用户）", description="生成演示单位。")
    demo.add_argument("--db", required=True, help="新数据库文件（不能已有单位数据）")
    demo.add_argument("--workers", type=int, default=300, help="困难职工档案数（默认 300）")
    demo.add_argument("--seed", type=int, default=1, help="随机种子；相同种子生成相同数据（默认 1）")
    demo.add_argument("--county", action="store_true",
                      help="生成县总工会（汇总端）：演示乡镇各自导出报送包后汇总进来；--workers 0 时为空的县总工会")
    demo.add_argument("--townships", type=int, default=3, help="--county 时演示乡镇的个数（默认 3）")

    export = sub.add_parser("export-workers", help="导出困难职工登记表（.xlsx）", description="导出困难职工登记表。")
    export.add_argument("out", type=Path, help="输出的 .xlsx 文件")
    export.add_argument("--db", help="数据库（默认同上）")
    add_sign_in(export, "导出人（经办人）")

    imp = sub.add_parser(
        "import-workers", help="从 Excel 花名册导入困难职工档案", description=IMPORT_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    imp.add_argument("file", type=Path, help="要导入的花名册（.xlsx、.xls、.et、.ods、.csv）")
    imp.add_argument("--db", help="数据库（默认同上）")
    imp.add_argument("--sheet", help="工作表名称（默认：自动找到有表头的工作表）")
    imp.add_argument("--update-existing", action="store_true", help="已有档案的人按花名册更新（默认不更新）")
    imp.add_argument("--report", type=Path, help="把退回的行另存为 .xlsx（含原行号和原因），改正后可再导入")
    imp.add_argument("--json", action="store_true", help="最后一行输出 JSON 结果（imported、updated、rejected…）")
    add_sign_in(imp, "导入人（经办人）")

    sheet = sub.add_parser("print-file", help="打印一户的困难职工档案表（PDF）",
                           description="把一户的困难职工档案表写成 A4 PDF；打印记入审计日志。")
    sheet.add_argument("file_no", metavar="FILE_NO", help="档案编号，如 JZ-2024-0007")
    sheet.add_argument("out", type=Path, help="输出的 .pdf 文件")
    sheet.add_argument("--db", help="数据库（默认同上）")
    add_sign_in(sheet, "打印人（身份证号是否完整显示取决于其角色）")

    notice = sub.add_parser("notice", help="打印活动的拟帮扶对象公示（PDF）",
                            description="把活动最近一次公示按张贴时的原样写成 A4 PDF（身份证号只显示前6位和"
                                        "后4位；公示开始日以后打印的标明“重印件”及重印日期和人）；加 --result 则打印"
                                        "公示结果（仍在名单中的人员，以及移出或退回重新审核的人员和原因）。"
                                        "打印记入审计日志。")
    notice.add_argument("out", type=Path, metavar="OUT.pdf", help="输出的 .pdf 文件")
    notice.add_argument("--campaign", required=True, metavar="NAME_OR_ID", help="活动名称或活动 ID")
    notice.add_argument("--notice-id", help="打印该活动的某一次公示（默认：最近一次）")
    notice.add_argument("--result", action="store_true",
                        help="打印公示结果（名单现状：移出或退回的人员及原因），而不是张贴的公示")
    notice.add_argument("--db", help="数据库（默认同上）")
    add_sign_in(notice, "打印人（公示是公开的，但每次打印都记入审计日志）")

    from songnuan_desktop.cli import backup, exchange, payouts, report, summary

    payouts.add_parsers(sub)
    report.add_parsers(sub)
    summary.add_parsers(sub)
    backup.add_parsers(sub)
    exchange.add_parsers(sub)

    verify = sub.add_parser("audit-verify", help="校验审计日志哈希链", description="校验审计日志哈希链是否完整。")
    verify.add_argument("--db", help="数据库（默认同上）")
    verify.add_argument("--against", metavar="报送包或审计号",
                        help="再与日志以外保存的链尾核对：一个报送包（.snpkg，需 --passphrase-file），"
                             "或凭证、签收表、公示页脚上的审计号，如“审计 #48213·3f2a91c0d4e7”")
    verify.add_argument("--passphrase-file", type=Path, help="--against 报送包时：含报送包口令的文件（第一行是口令）")
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
    with contextlib.suppress(OSError):  # what a killed merge or import left decrypted (exchange.format)
        remove_stale_workdirs(work_root())
    try:
        _check_paths(args)
        return _run(args)
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
    if getattr(args, "json", False):
        key = JSON_FAILED.get(args.command or "")
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
    inputs = {"import-workers": ("file", "花名册"), "restore": ("backup", "备份文件"),
              "import-decisions": ("package", "下发包")}
    if args.command in inputs:
        name, what = inputs[args.command]
        check_input_file(getattr(args, name), what)
    for package in getattr(args, "packages", None) or ():
        check_input_file(package, "报送包")


def _run(args: argparse.Namespace) -> int:
    if args.command == "demo" and args.county:
        from songnuan_desktop.cli.exchange import cmd_demo_county

        return cmd_demo_county(config.database_url(args.db), args.townships, args.workers, args.seed)
    if args.command == "demo":
        return cmd_demo(args.db, args.workers, args.seed)
    if args.command == "export-workers":
        return cmd_export_workers(config.database_url(args.db), args.out, args.user, args.password_file)
    if args.command == "import-workers":
        return cmd_import_workers(config.database_url(args.db), args)
    if args.command == "print-file":
        return cmd_print_file(config.database_url(args.db), args.file_no, args.out, args.user, args.password_file)
    if args.command == "notice":
        return cmd_notice(config.database_url(args.db), args)
    if args.command == "audit-verify":
        return cmd_audit_verify(config.database_url(args.db), args.against, args.passphrase_file)
    from songnuan_desktop.cli import backup, exchange, payouts, report, summary

    if (code := payouts.run(args)) is not None:
        return code
    if (code := report.run(args)) is not None:
        return code
    if (code := summary.run(args)) is not None:
        return code
    if (code := backup.run(args)) is not None:
        return code
    if (code := exchange.run(args)) is not None:
        return code
    return _window(args)


def _window(args: argparse.Namespace) -> int:
    if args.demo:
        url = config.database_url(args.db or str(config.data_dir() / DEMO_FILE))
        if _needs_demo(url):
            cmd_demo(url, 300, 1)
        if args.self_test:
            from songnuan_desktop.app import self_test

            return self_test(url, args.screenshots)
        from songnuan_desktop.app import run

        return run(url, username="admin")
    url = config.database_url(args.db)
    if args.self_test:
        from songnuan_desktop.app import self_test

        return self_test(url, args.screenshots)
    from songnuan_desktop.app import run

    return run(url)


def _needs_demo(url: str) -> bool:
    from songnuan_desktop.persistence.database import open_database
    from songnuan_desktop.services.office import office

    db = open_database(url, create=True)  # --demo makes the demo database when there is none
    try:
        return office.needs_setup(db)
    finally:
        db.close()


def cmd_demo(db_arg: str, workers: int, seed: int) -> int:
    from songnuan_desktop.persistence.database import open_database
    from songnuan_desktop.demo import build_demo

    if workers < 0:
        raise ValidationFailed("workers", "--workers 不能小于 0。")
    url = config.database_url(db_arg)
    started = time.perf_counter()
    db = open_database(url, create=True)  # `songnuan demo` is one of the few that make a new database
    try:
        report = build_demo(db, workers=workers, seed=seed, progress=_print_progress)
    finally:
        db.close()
        print()  # after the progress line
    print(f"演示单位已生成：{db.location}（{time.perf_counter() - started:.1f} 秒）")
    print(f"  档案 {report.workers} 户，家庭成员 {report.members} 人，"
          f"活动 {report.campaigns} 个，名单项 {report.items} 条")
    print("  用户（登录名 / 密码 / 角色）：")
    for username, password, roles in report.users:
        print(f"    {username} / {password} / {roles}")
    return 0


def _print_progress(done: int, total: int) -> None:
    print(f"\r  生成中… {done}/{total}", end="", flush=True)


def cmd_export_workers(url: str, out: Path, username: str, password_file: Path | None) -> int:
    from songnuan_desktop.services.files.file_list import FileFilter
    from songnuan_desktop.services.files.worker_export import export_register

    started = time.perf_counter()
    result = signed_in(url, username, password_file, lambda db, user: export_register(db, user, FileFilter(), out))
    print(f"已导出 {result.files} 户到 {result.path}（{time.perf_counter() - started:.1f} 秒）")
    return 0


def cmd_print_file(url: str, file_no: str, out: Path, username: str, password_file: Path | None) -> int:
    from songnuan_desktop.services.files.file_sheet import export_file_sheet, find_file_id

    started = time.perf_counter()
    path = signed_in(url, username, password_file,
                     lambda db, user: export_file_sheet(db, user, find_file_id(db, user, file_no), out))
    print(f"已打印档案 {file_no} 的档案表到 {path}（{time.perf_counter() - started:.2f} 秒）")
    return 0


def cmd_notice(url: str, args: argparse.Namespace) -> int:
    import uuid

    from songnuan_desktop.services.campaigns.notice_print import POSTED, RESULT, export_notice

    try:
        notice_id = uuid.UUID(args.notice_id) if args.notice_id else None
    except ValueError:
        raise ValidationFailed("notice_id", f"--notice-id “{args.notice_id}”不是有效的公示 ID。") from None
    started = time.perf_counter()
    paper = RESULT if args.result else POSTED
    path = signed_in(url, args.user, args.password_file,
                     lambda db, user: export_notice(db, user, args.campaign, args.out, notice_id, paper))
    what = "公示结果" if args.result else "公示"
    print(f"已打印活动“{args.campaign}”的{what}到 {path}（{time.perf_counter() - started:.2f} 秒）")
    return 0


def cmd_import_workers(url: str, args: argparse.Namespace) -> int:
    from songnuan_desktop.documents.register_reader import RegisterRead, read_register, write_rejected
    from songnuan_desktop.services.files.worker_import import ImportResult, import_register

    def work(db: Database, user: SessionUser) -> tuple[RegisterRead, ImportResult, Path | None]:
        read = read_register(args.file, sheet=args.sheet)
        result = import_register(db, user, read, update_existing=args.update_existing, source=args.file.name)
        report = write_rejected(result.as_read(read), args.report) if args.report and result.rejected else None
        return read, result, report

    started = time.perf_counter()
    read, result, report = signed_in(url, args.user, args.password_file, work)
    print(f"{args.file.name}（工作表“{read.sheet}”，表头在第 {read.header.row} 行）：{result.message()}")
    for rejected in result.rejected:
        print(f"  第 {rejected.row} 行退回：{rejected.reason}")
    for row, warning in result.warnings:
        print(f"  第 {row} 行提示：{warning}")
    if report is not None:
        print(f"退回的行已另存为 {report}")
    print(f"用时 {time.perf_counter() - started:.1f} 秒")
    if args.json:
        print(json.dumps(result.summary(), ensure_ascii=False))
    return 0


def cmd_audit_verify(url: str, against: str | None = None, passphrase_file: Path | None = None) -> int:
    """The audit chain, and the file itself (PRAGMA integrity_check): a damaged file fails too, exit 1.

    A missing --db is refused, never made into an empty database that would verify as sound. Then the chain
    against a tip kept outside the file (`--against`) and the data rows against their history
    (cli.audit_checks)."""
    from songnuan_desktop.cli.audit_checks import more_checks
    from songnuan_desktop.persistence.database import open_database
    from songnuan_desktop.persistence.sqlite_files import damaged, describe_problems, integrity_problems
    from songnuan_desktop.services.audit.audit_log import verify_chain
    from songnuan_desktop.services.county.county_merge import township_offices

    db = open_database(url)  # missing, damaged or read-only: the boundary in main says so, exit 1
    try:
        problems = integrity_problems(db.engine)
        report = verify_chain(db)
        townships = [(o.name, verify_chain(db, o.id)) for o in township_offices(db)]
        passphrase = read_passphrase(passphrase_file, "核对报送包") if against and passphrase_file else None
        held, lines = more_checks(db, against, passphrase)
    finally:
        db.close()
    print(report.message)
    for name, chain in townships:  # at a county: each township's log as its packages brought it
        print(f"  {name}：{chain.message.replace('审计日志', '乡镇审计日志', 1)}")
    for line in lines:
        print(line)
    path = config.sqlite_path(url)
    if problems and path is not None:
        print(f"错误：{damaged(path, describe_problems(problems)).message}", file=sys.stderr)
    return 0 if not problems and report.ok and held and all(chain.ok for _, chain in townships) else 1


if __name__ == "__main__":
    sys.exit(main())
