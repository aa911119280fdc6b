"""`songnuan county-checks`: the county's cross-township checks (and its report) from the command line."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from songnuan_desktop import config
from songnuan_desktop.cli.session import add_sign_in, signed_in

CHECKS_DESCRIPTION = """在县总工会的汇总数据库上做跨乡镇比对（只读，不改动数据）：
  重复建档：同一身份证号（户主或家庭成员）在两个以上乡镇都有在档档案；
  重复发放：同一人（户主或家庭成员）在两个以上乡镇、活动期间重叠的活动中都有已批准或已发放的帮扶；
  信息不一致：同一身份证号在两个以上乡镇的档案中姓名、性别、住址、工作单位、困难类别等不一致。
身份证号只显示前6位和后4位。--report 另把县级汇总统计（按乡镇、困难类别、活动）写成 .xlsx（记入审计日志）。
退出码：0 比对完成（无论是否发现问题），1 没有比对（如不是县总工会数据库、角色不对）。"""


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    checks = sub.add_parser("county-checks", help="跨乡镇比对：重复建档、重复发放、信息不一致（县总工会）",
                            description=CHECKS_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    checks.add_argument("--db", help="县总工会的数据库（默认同上）")
    add_sign_in(checks, "比对人（县总工会或管理员）")
    checks.add_argument("--json", action="store_true", help="最后一行输出 JSON 结果（供脚本使用）")
    checks.add_argument("--report", type=Path, metavar="OUT.xlsx", help="另把县级汇总统计写到这个 .xlsx 文件")
    checks.add_argument("--year", type=int, help="统计只算这一年的活动（默认全部）")
    checks.set_defaults(run=cmd_county_checks, json_key="checked")


def cmd_county_checks(args: argparse.Namespace) -> int:
    def work(db: Any, user: Any) -> tuple[Any, float, Path | None]:
        from songnuan_desktop.services.county.county_checks import cross_township_checks
        from songnuan_desktop.services.county.county_reports import export_county_report

        started = time.perf_counter()
        result = cross_township_checks(db, user)
        seconds = time.perf_counter() - started
        report = export_county_report(db, user, args.report, args.year) if args.report else None
        return result, seconds, report

    done = signed_in(config.database_url(args.db), args.user, args.password_file, work)
    result, seconds, report = done
    print(f"比对了 {result.townships} 个乡镇的 {result.checked_files} 份档案（{seconds:.2f} 秒）。")
    lists = (("重复建档", "duplicate_files", result.duplicate_files),
             ("重复发放", "double_payments", result.double_payments),
             ("信息不一致", "details_differ", result.details_differ))
    for label, _key, findings in lists:
        print(f"\n{label}：{len(findings)} 项" + ("" if findings else "（未发现）"))
        for n, finding in enumerate(findings, 1):
            print(f"  {n}. {finding.title}")
            for e in finding.entries:
                print(f"     - {e.office_name} 档案 {e.file_no}（{e.file_status}）{e.name}：{e.detail}")
    if report is not None:
        print(f"\n县级汇总统计已写到 {report}")
    if args.json:
        found = {key: [_finding_json(f) for f in findings] for _label, key, findings in lists}
        print(json.dumps({"checked": True, "townships": result.townships, "files": result.checked_files,
                          "seconds": round(seconds, 3), **found, "report": str(report) if report else None},
                         ensure_ascii=False))
    return 0


def _finding_json(finding: Any) -> dict[str, Any]:
    return {"kind": finding.kind, "key": finding.key, "title": finding.title, "id": finding.id_masked,
            "name": finding.name, "entries": [
                {"office": e.office_name, "office_id": str(e.office_id), "file_no": e.file_no, "name": e.name,
                 "role": e.role, "status": e.file_status, "detail": e.detail, "amount_fen": e.amount_fen,
                 "state": e.state, "item_id": str(e.item_id) if e.item_id else None} for e in finding.entries]}
