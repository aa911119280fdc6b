"""`songnuan roster`, `bank-list`, `vouchers` and `visit-sheet`: the papers of a payout and of a visit day
from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from songnuan_desktop import config
from songnuan_desktop.cli.session import add_sign_in, signed_in
from songnuan_desktop.domain.errors import NotFound

if TYPE_CHECKING:
    from songnuan_desktop.persistence.database import Database
    from songnuan_desktop.services.office.session_user import SessionUser


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    _list_parsers(sub)
    _voucher_parser(sub)
    _visit_sheet_parser(sub)


def _list_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    roster = sub.add_parser("roster", help="打印活动的发放签收表（PDF）",
                            description="把活动已批准和已发放的名单写成发放签收表（A4 横向，一户一行）；"
                                        "内部版含完整身份证号和电话，须有查看完整号码的角色；导出记入审计日志。")
    roster.add_argument("out", type=Path, metavar="OUT.pdf", help="输出的 .pdf 文件")
    roster.add_argument("--campaign", required=True, metavar="NAME_OR_ID", help="活动名称或活动 ID")
    roster.add_argument("--public", action="store_true", help="公开版：身份证号遮蔽，不含电话")
    roster.add_argument("--split", choices=("union", "village"), help="按基层工会（union）或村/社区（village）分册")
    bank = sub.add_parser("bank-list", help="导出活动的银行代发清单（.xlsx，或交银行柜台的 .pdf）",
                          description="把活动已批准、尚未发放且有银行卡的名单写成银行代发清单（完整卡号和身份证号，"
                                      "按开户行分节并小计，另有汇总）；文件名以 .pdf 结尾时写成 PDF"
                                      "（A4 横向，交银行柜台），否则写成 .xlsx；须有查看完整号码的角色；"
                                      "导出记入审计日志。")
    bank.add_argument("out", type=Path, metavar="OUT.xlsx|OUT.pdf", help="输出的 .xlsx 或 .pdf 文件")
    bank.add_argument("--campaign", required=True, metavar="NAME_OR_ID", help="活动名称或活动 ID")
    for parser in (roster, bank):
        parser.add_argument("--db", help="数据库（默认同上）")
        add_sign_in(parser, "导出人")
    roster.set_defaults(run=cmd_roster)
    bank.set_defaults(run=cmd_bank_list)


def _voucher_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    vouchers = sub.add_parser(
        "vouchers", help="打印活动的发放凭证（PDF）",
        description="为活动中已批准、尚未开出凭证的名单项开具困难补助资金发放凭证（A4，一户一页，编号按年连续、"
                    "永不重复）；--reprint 同时补打已开出的凭证（标注“补打”及次数）。"
                    "须为经办人或财务；打印记入审计日志。")
    vouchers.add_argument("out", type=Path, metavar="OUT.pdf", help="输出的 .pdf 文件")
    vouchers.add_argument("--campaign", required=True, metavar="NAME_OR_ID", help="活动名称或活动 ID")
    vouchers.add_argument("--reprint", action="store_true", help="补打：已开出的凭证也再打印一份（编号不变）")
    vouchers.add_argument("--db", help="数据库（默认同上）")
    add_sign_in(vouchers, "打印人（经办人或财务）")
    vouchers.set_defaults(run=cmd_vouchers)


def _visit_sheet_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sheet = sub.add_parser("visit-sheet", help="打印某天的走访安排表（PDF）",
                           description="把某天的走访写成走访安排表（A4 横向，每个慰问组一页：带队领导、成员、车辆，"
                                       "走访户按时间先后，含住址、电话、类别、事由、慰问金和户主签字栏）；打印记入审计日志。")
    sheet.add_argument("out", type=Path, metavar="OUT.pdf", help="输出的 .pdf 文件")
    sheet.add_argument("--date", required=True, type=dt.date.fromisoformat, metavar="YYYY-MM-DD", help="走访日期")
    sheet.add_argument("--group", metavar="NAME", help="只打印这个慰问组（默认当天所有组）")
    sheet.add_argument("--db", help="数据库（默认同上）")
    add_sign_in(sheet, "打印人")
    sheet.set_defaults(run=cmd_visit_sheet)


def cmd_visit_sheet(args: argparse.Namespace) -> int:
    from songnuan_desktop.services import visits

    def work(db: Database, user: SessionUser) -> Path:
        group_id = None
        if args.group:
            found = [g.id for g in visits.groups(db, user.office_id, include_inactive=True) if g.name == args.group]
            if not found:
                raise NotFound("visit_group", f"没有名为“{args.group}”的慰问组")
            group_id = found[0]
        return visits.export_route_sheet(db, user, args.date, args.out, group_id)

    path = signed_in(config.database_url(args.db), args.user, args.password_file, work)
    print(f"已打印 {args.date:%Y-%m-%d} 的走访安排表到 {path}")
    return 0


def cmd_vouchers(args: argparse.Namespace) -> int:
    from songnuan_desktop.services.payouts.vouchers import print_vouchers

    started = time.perf_counter()
    printed = signed_in(config.database_url(args.db), args.user, args.password_file,
                        lambda db, user: print_vouchers(db, user, args.campaign, args.out, reprint=args.reprint))
    print(f"{printed.message()} 已保存到 {printed.path}（{time.perf_counter() - started:.2f} 秒）")
    return 0


def cmd_roster(args: argparse.Namespace) -> int:
    from songnuan_desktop.services.payouts.roster import export_roster

    started = time.perf_counter()
    path = signed_in(config.database_url(args.db), args.user, args.password_file,
                     lambda db, user: export_roster(db, user, args.campaign, args.out, public=args.public,
                                                    split_by=args.split))
    what = "发放签收表（公开版）" if args.public else "发放签收表（内部版）"
    print(f"已导出活动“{args.campaign}”的{what}到 {path}（{time.perf_counter() - started:.2f} 秒）")
    return 0


def cmd_bank_list(args: argparse.Namespace) -> int:
    from songnuan_desktop.services.payouts.bank_list import PAYER_MISSING, export_bank_list, payer_of

    def work(db: Database, user: SessionUser) -> tuple[Path, bool]:
        out = export_bank_list(db, user, args.campaign, args.out)
        return out, payer_of(db, user.office_id).complete

    started = time.perf_counter()
    path, payer_complete = signed_in(config.database_url(args.db), args.user, args.password_file, work)
    print(f"已导出活动“{args.campaign}”的银行代发清单到 {path}（{time.perf_counter() - started:.2f} 秒）")
    if not payer_complete:
        print(f"注意：{PAYER_MISSING}", file=sys.stderr)
    return 0
