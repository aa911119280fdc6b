"""`songnuan notice`: a campaign's 公示 (or its result) as a PDF from the command line
(services.campaigns.notice_print)."""

from __future__ import annotations

import argparse
import time
import uuid
from pathlib import Path

from songnuan_desktop import config
from songnuan_desktop.cli.session import add_sign_in, signed_in
from songnuan_desktop.domain.errors import ValidationFailed


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    notice.set_defaults(run=cmd_notice)


def cmd_notice(args: argparse.Namespace) -> int:
    from songnuan_desktop.services.campaigns.notice_print import POSTED, RESULT, export_notice

    try:
        notice_id = uuid.UUID(args.notice_id) if args.notice_id else None
    except ValueError:
        raise ValidationFailed("notice_id", f"--notice-id “{args.notice_id}”不是有效的公示 ID。") from None
    started = time.perf_counter()
    paper = RESULT if args.result else POSTED
    path = signed_in(config.database_url(args.db), args.user, args.password_file,
                     lambda db, user: export_notice(db, user, args.campaign, args.out, notice_id, paper))
    what = "公示结果" if args.result else "公示"
    print(f"已打印活动“{args.campaign}”的{what}到 {path}（{time.perf_counter() - started:.2f} 秒）")
    return 0
