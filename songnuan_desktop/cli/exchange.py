"""`songnuan export-package` (township) and `songnuan merge` (county): the 报送包 from the command line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from songnuan_desktop import config
from songnuan_desktop.cli.session import add_sign_in, read_passphrase, signed_in

if TYPE_CHECKING:
    from songnuan_desktop.persistence.database import Database
    from songnuan_desktop.services.county.county_merge import MergeReport
    from songnuan_desktop.services.office.session_user import SessionUser

EXPORT_DESCRIPTION = """把本单位的数据（档案、家庭、活动、帮扶项目及其经过、走访、凭证、抽查、审计日志）和附件
写成一个加密的报送包（.snpkg），交县总工会。

先检查空间，写到临时文件名、同步到盘、改名为“报送包-单位-序号-日期.snpkg”，再读回解密核对。
任何一步失败（如U盘被拔出）都不会留下报送包，序号也不占用。导出记入审计日志。
退出码：0 导出并核对完成，1 没有导出。"""


MERGE_DESCRIPTION = """把各乡镇（街道）工会的报送包汇总进县总工会的数据库（只能在县总工会的数据库上做）。

先逐个解密核对全部报送包（口令、损坏、截断、版本、是否本县乡镇、包内文件名），任何一个不合格都不做任何改动。
然后在一个事务里导入：每个乡镇以最新的包为准（替换该乡镇以前的数据）；同一个包再导入不改动任何数据；
比已导入的更旧的包被拒绝，并说明两个包的序号和导出时间。乡镇的数据在县里只读。
退出码：0 汇总完成（或全部已导入过），1 没有汇总（数据库未改动）。"""


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    merge = sub.add_parser("merge", help="汇总乡镇报送包（县总工会）", description=MERGE_DESCRIPTION,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    merge.add_argument("packages", nargs="+", type=Path, metavar="PKG", help="报送包文件（.snpkg），可以多个")
    merge.add_argument("--db", help="县总工会的数据库（默认同上）")
    merge.add_argument("--passphrase-file", required=True, type=Path, help="含报送包口令的文件（第一行）")
    add_sign_in(merge, "汇总人（县总工会或管理员）")
    merge.add_argument("--json", action="store_true", help="最后一行输出 JSON 结果（供脚本使用）")
    merge.set_defaults(run=cmd_merge, reads={"packages": "报送包"}, json_key="merged")

    export = sub.add_parser("export-package", help="导出报送包（加密，交县总工会）", description=EXPORT_DESCRIPTION,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    export.add_argument("--db", help="数据库（默认同上）")
    export.add_argument("--to", required=True, type=Path, metavar="DIR", help="写到这个文件夹（如 U 盘）")
    export.add_argument("--passphrase-file", required=True, type=Path,
                        help="含县总工会所给口令的文件（第一行）")
    add_sign_in(export, "导出人（经办人或管理员）")
    export.set_defaults(run=cmd_export_package)


def cmd_export_package(args: argparse.Namespace) -> int:
    from songnuan_desktop.services.exchange.package_export import export_package

    passphrase = read_passphrase(args.passphrase_file)
    info = signed_in(config.database_url(args.db), args.user, args.password_file,
                     lambda db, user: export_package(db, user, args.to, passphrase))
    rows = sum(info.row_counts.values())
    print(f"已导出报送包（第 {info.sequence} 号，{rows} 行数据，{info.attachments} 个附件，"
          f"{info.size_bytes / 2**20:.1f} MB），读回核对无误：{info.path}")
    print(f"SHA-256：{info.sha256}")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from songnuan_desktop.cli.audit_checks import after_merge
    from songnuan_desktop.services.county.county_merge import merge_packages

    passphrase = read_passphrase(args.passphrase_file)

    def merge_and_replay(db: Database, user: SessionUser) -> tuple[MergeReport, list[str]]:
        merged = merge_packages(db, user, args.packages, passphrase)
        return merged, after_merge(db, [(r.office_id, r.office_name) for r in merged.merged])

    report, replayed = signed_in(config.database_url(args.db), args.user, args.password_file, merge_and_replay)
    for result in report.results:
        status = {"merged": "已汇总", "unchanged": "已导入过，未改动", "superseded": "被更新的包取代"}[result.status]
        print(f"  {result.office_name} 第 {result.sequence} 号（{result.created_at:%Y-%m-%d %H:%M} 导出）："
              f"{status}，{result.rows.get('worker_files', 0)} 份档案，{sum(result.rows.values())} 行"
              + (f"，新附件 {result.attachments_new} 个" if result.attachments_new else ""))
    print(report.summary())
    for line in replayed:  # each township's money fields against its log (services.audit.audit_replay)
        print(line)
    if args.json:
        print(json.dumps({"merged": True, "packages": [r.as_json() for r in report.results],
                          "seconds": round(report.timings.get("verify", 0) + report.timings.get("write", 0), 3)},
                         ensure_ascii=False))
    return 0

