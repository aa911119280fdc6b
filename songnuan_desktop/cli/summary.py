"""`songnuan summary`: a campaign's 活动总结 as a PDF, or its paragraphs as text to paste into the office's own
report (issue 16 items 2 and 6). Signed in like every command that shows the office's data;
every print is in the audit log."""

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

DESCRIPTION = """把一个活动的活动总结写成 PDF（总结正文、附表、制表单位和日期、签字栏），或写成 .txt 文本
（只有标题和正文各段，可复制到本单位的总结材料里）：慰问的户数和人次、发放金额（按困难类别和资金来源）、
已批准待发放的金额、公示和异议处理、走访、抽查回访、预算执行。正文每一句都由数据生成；
尚未结束的活动标明“截至”当天。打印记入审计日志。"""


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    summary = sub.add_parser("summary", help="打印活动总结（PDF 或 .txt 文本）", description=DESCRIPTION,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
    summary.add_argument("out", type=Path, metavar="OUT.pdf|OUT.txt", help="输出文件：.pdf 或 .txt")
    summary.add_argument("--campaign", required=True, metavar="NAME_OR_ID", help="活动名称或活动 ID")
    summary.add_argument("--db", help="数据库（默认同上）")
    add_sign_in(summary, "制表人")
    summary.set_defaults(run=cmd_summary)


def cmd_summary(args: argparse.Namespace) -> int:
    from songnuan_desktop.services.reports import campaign_summary

    if args.out.suffix.lower() not in (".pdf", ".txt"):
        raise ValidationFailed("out", f"活动总结只能保存为 .pdf 或 .txt 文件，“{args.out.name}”不是。")

    def work(db: Database, user: SessionUser) -> Path:
        return campaign_summary.export_summary(db, user, args.campaign, args.out)

    started = time.perf_counter()
    path = signed_in(config.database_url(args.db), args.user, args.password_file, work)
    print(f"已把活动“{args.campaign}”的活动总结写到 {path}（{time.perf_counter() - started:.2f} 秒）")
    return 0
