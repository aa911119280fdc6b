"""`songnuan report`: the 统计 tables of a period as .xlsx or PDF from the command line (issue 16 item 6).
Signed in like every command that shows the office's data."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING

from songnuan_desktop import config
from songnuan_desktop.cli.session import add_sign_in, signed_in
from songnuan_desktop.domain.errors import ValidationFailed

if TYPE_CHECKING:
    from songnuan_desktop.persistence.database import Database
    from songnuan_desktop.services.office.session_user import SessionUser

DESCRIPTION = """把一段期间的统计表写成 .xlsx（每表一个工作表，附图表）或 PDF（每表一页，附条形图）：
帮扶户数、人次和金额按困难类别、致困原因、帮扶项目、资金来源、基层工会、工作单位、村（社区）和月份，
各活动的预算执行，档案的新建、复核、退出和期末在档，走访（按慰问组和带队领导），抽查，以及与前两年同期的比较。
--period 给年度（2026）或日期范围（2026-01-01..2026-06-30）；--campaign 只统计这些活动（可给多次，
不给 --period 时按活动全程统计）。"""


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser("report", help="导出统计表（.xlsx 或 PDF）", description=DESCRIPTION,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    report.add_argument("out", type=Path, metavar="OUT.xlsx|OUT.pdf", help="输出文件：.xlsx 或 .pdf")
    report.add_argument("--period", metavar="2026|2026-01-01..2026-06-30", help="统计年度或日期范围（含首尾两天）")
    report.add_argument("--campaign", action="append", default=[], metavar="NAME_OR_ID",
                        help="只统计该活动（名称或 ID，可给多次）")
    report.add_argument("--db", help="数据库（默认同上）")
    add_sign_in(report, "制表人")
    report.set_defaults(run=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from songnuan_desktop.services.reports import statistics, statistics_export

    if args.out.suffix.lower() not in (".xlsx", ".pdf"):
        raise ValidationFailed("out", f"统计表只能保存为 .xlsx 或 .pdf 文件，“{args.out.name}”不是。")
    if not args.period and not args.campaign:
        raise ValidationFailed("period", "请用 --period 给出统计年度或日期范围，或用 --campaign 给出活动。")
    period = statistics.parse_period(args.period) if args.period else statistics.Period()
    if args.campaign:
        period = period.narrowed_to(args.campaign)

    def work(db: Database, user: SessionUser) -> tuple[Path, str]:
        scope = statistics.scope_of(db, user, period)
        return statistics_export.export_report(db, user, scope, args.out), scope.label

    started = time.perf_counter()
    path, label = signed_in(config.database_url(args.db), args.user, args.password_file, work)
    print(f"已导出{label}的统计表到 {path}（{time.perf_counter() - started:.2f} 秒）")
    return 0
