"""`songnuan export-decisions` (county) and `songnuan import-decisions` (township): the 下发包 from the
command line."""

from __future__ import annotations

import argparse
import uuid
from pathlib import Path

from songnuan_desktop import config
from songnuan_desktop.cli.session import add_sign_in, read_passphrase, signed_in

EXPORT_DESCRIPTION = """县总工会把决定下发给各乡镇（只能在县总工会的数据库上做）：每个已汇总的乡镇各写一个加密的下发包
“下发包-县-乡镇-序号-日期.snpkg”，含县里的低保线、补助标准和全县统一的认定参数、对该乡镇的标记，
以及县里已收到的该乡镇附件清单（乡镇下次报送不再重复发送这些附件）。写入后读回核对。
退出码：0 写好并核对完成，1 没有写（或只写了一部分，见提示）。"""

IMPORT_DESCRIPTION = """乡镇导入县总工会的下发包：先解密核对（口令、损坏、是否发给本单位、是否本县县总工会），
再在一个事务里替换县里以前下发的标准、标记和已收附件清单。同一个包再导入不改动任何数据；
比已导入的更旧的包被拒绝。退出码：0 已导入（或此前已导入），1 没有导入（数据库未改动）。"""

FLAG_DESCRIPTION = """县总工会标记乡镇的一个帮扶名单项、档案或活动（随下发包发给该乡镇）。
种类：double_payment 重复发放、duplicate_file 重复建档、details_differ 信息不一致、final 确认最终名单、
hold 暂缓发放、note 说明。"""


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser("export-decisions", help="导出下发包（县总工会，每个乡镇一个）",
                            description=EXPORT_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    export.add_argument("--db", help="县总工会的数据库（默认同上）")
    export.add_argument("--to", required=True, type=Path, metavar="DIR", help="写到这个文件夹（如 U 盘）")
    export.add_argument("--passphrase-file", required=True, type=Path, help="含口令的文件（第一行）")
    add_sign_in(export, "导出人（县总工会或管理员）")
    export.set_defaults(run=cmd_export_decisions)

    imp = sub.add_parser("import-decisions", help="导入县总工会的下发包（乡镇）", description=IMPORT_DESCRIPTION,
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    imp.add_argument("package", type=Path, metavar="PKG", help="下发包文件（.snpkg）")
    imp.add_argument("--db", help="数据库（默认同上）")
    imp.add_argument("--passphrase-file", required=True, type=Path, help="含口令的文件（第一行）")
    add_sign_in(imp, "导入人（经办人或管理员）")
    imp.set_defaults(run=cmd_import_decisions, reads={"package": "下发包"})

    flag = sub.add_parser("flag", help="标记乡镇的名单项、档案或活动（县总工会）", description=FLAG_DESCRIPTION,
                          formatter_class=argparse.RawDescriptionHelpFormatter)
    flag.add_argument("--db", help="县总工会的数据库（默认同上）")
    target = flag.add_mutually_exclusive_group(required=True)
    target.add_argument("--item", type=uuid.UUID, help="帮扶名单项的 ID")
    target.add_argument("--file", type=uuid.UUID, help="档案的 ID")
    target.add_argument("--campaign", type=uuid.UUID, help="活动的 ID（final：确认其最终名单）")
    flag.add_argument("--kind", required=True, help="标记种类，见上")
    flag.add_argument("--text", default="", help="理由（乡镇会看到）")
    add_sign_in(flag, "标记人（县总工会或管理员）")
    flag.set_defaults(run=cmd_flag)


def cmd_export_decisions(args: argparse.Namespace) -> int:
    from songnuan_desktop.services.county.county_decisions import export_decisions

    passphrase = read_passphrase(args.passphrase_file)
    done = signed_in(config.database_url(args.db), args.user, args.password_file,
                     lambda db, user: export_decisions(db, user, args.to, passphrase))
    for info in done.packages:
        print(f"  {info.office_name}：第 {info.sequence} 号，标记 {info.row_counts.get('county_flags', 0)} 条，"
              f"已收附件 {info.row_counts.get('county_receipts', 0)} 个：{info.path}")
    print(done.summary())
    return 0


def cmd_import_decisions(args: argparse.Namespace) -> int:
    from songnuan_desktop.services.county.decisions_import import import_decisions

    passphrase = read_passphrase(args.passphrase_file)
    result = signed_in(config.database_url(args.db), args.user, args.password_file,
                       lambda db, user: import_decisions(db, user, args.package, passphrase))
    print(result.summary())
    return 0


def cmd_flag(args: argparse.Namespace) -> int:
    from songnuan_desktop.services.county.county_decisions import add_flag_to

    entity, entity_id = (("assistance_items", args.item) if args.item else ("worker_files", args.file)
                         if args.file else ("campaigns", args.campaign))
    flag_id = signed_in(config.database_url(args.db), args.user, args.password_file,
                        lambda db, user: add_flag_to(db, user, entity, entity_id, args.kind, args.text))
    print(f"已标记（{flag_id}），随下次下发包发给该乡镇。")
    return 0
