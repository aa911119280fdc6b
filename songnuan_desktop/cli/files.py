"""`songnuan export-workers`, `import-workers` and `print-file`: the 困难职工档案 from the command line
(services.files)."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

from songnuan_desktop import config
from songnuan_desktop.cli.session import add_sign_in, signed_in

if TYPE_CHECKING:
    from songnuan_desktop.documents.register_reader import RegisterRead
    from songnuan_desktop.persistence.database import Database
    from songnuan_desktop.services.files.worker_import import ImportResult
    from songnuan_desktop.services.office.session_user import SessionUser

IMPORT_DESCRIPTION = """从花名册导入困难职工档案：Excel 的 .xlsx 和 .xls、WPS 表格的 .et、.ods，或 .csv
（UTF-8 或 GBK 编码，读取时写明按哪种编码）。

有效的行在一个事务中全部导入；有问题的行逐行列出原因（可用 --report 另存为 Excel 修改后再导入），
中途出错时数据库保持原样。同一份花名册再导入一次不会改动任何内容。
须以经办人身份登录（--user）；导入记入审计日志。
退出码：0 导入完成（可能有退回的行），1 文件或数据库出错，什么也没有导入。"""


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser("export-workers", help="导出困难职工登记表（.xlsx）", description="导出困难职工登记表。")
    export.add_argument("out", type=Path, help="输出的 .xlsx 文件")
    export.add_argument("--db", help="数据库（默认同上）")
    add_sign_in(export, "导出人（经办人）")
    export.set_defaults(run=cmd_export_workers)

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
    imp.set_defaults(run=cmd_import_workers, reads={"file": "花名册"})

    sheet = sub.add_parser("print-file", help="打印一户的困难职工档案表（PDF）",
                           description="把一户的困难职工档案表写成 A4 PDF；打印记入审计日志。")
    sheet.add_argument("file_no", metavar="FILE_NO", help="档案编号，如 JZ-2024-0007")
    sheet.add_argument("out", type=Path, help="输出的 .pdf 文件")
    sheet.add_argument("--db", help="数据库（默认同上）")
    add_sign_in(sheet, "打印人（身份证号是否完整显示取决于其角色）")
    sheet.set_defaults(run=cmd_print_file)


def cmd_export_workers(args: argparse.Namespace) -> int:
    from songnuan_desktop.services.files.file_list import FileFilter
    from songnuan_desktop.services.files.worker_export import export_register

    started = time.perf_counter()
    result = signed_in(config.database_url(args.db), args.user, args.password_file,
                       lambda db, user: export_register(db, user, FileFilter(), args.out))
    print(f"已导出 {result.files} 户到 {result.path}（{time.perf_counter() - started:.1f} 秒）")
    return 0


def cmd_print_file(args: argparse.Namespace) -> int:
    from songnuan_desktop.services.files.file_sheet import export_file_sheet, find_file_id

    started = time.perf_counter()
    path = signed_in(config.database_url(args.db), args.user, args.password_file,
                     lambda db, user: export_file_sheet(db, user, find_file_id(db, user, args.file_no), args.out))
    print(f"已打印档案 {args.file_no} 的档案表到 {path}（{time.perf_counter() - started:.2f} 秒）")
    return 0


def cmd_import_workers(args: argparse.Namespace) -> int:
    from songnuan_desktop.documents.register_reader import read_register, write_rejected
    from songnuan_desktop.services.files.worker_import import import_register

    def work(db: Database, user: SessionUser) -> tuple[RegisterRead, ImportResult, Path | None]:
        read = read_register(args.file, sheet=args.sheet)
        result = import_register(db, user, read, update_existing=args.update_existing, source=args.file.name)
        report = write_rejected(result.as_read(read), args.report) if args.report and result.rejected else None
        return read, result, report

    started = time.perf_counter()
    read, result, report = signed_in(config.database_url(args.db), args.user, args.password_file, work)
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
