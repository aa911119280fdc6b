"""`songnuan audit-verify`: the audit log's hash chain and the database file checked, without signing in
(nothing personal is shown); cli.audit_checks does the checks beyond the chain."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from songnuan_desktop import config
from songnuan_desktop.cli.session import read_passphrase


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    verify = sub.add_parser("audit-verify", help="校验审计日志哈希链", description="校验审计日志哈希链是否完整。")
    verify.add_argument("--db", help="数据库（默认同上）")
    verify.add_argument("--against", metavar="报送包或审计号",
                        help="再与日志以外保存的链尾核对：一个报送包（.snpkg，需 --passphrase-file），"
                             "或凭证、签收表、公示页脚上的审计号，如“审计 #48213·3f2a91c0d4e7”")
    verify.add_argument("--passphrase-file", type=Path, help="--against 报送包时：含报送包口令的文件（第一行是口令）")
    verify.set_defaults(run=cmd_audit_verify)


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """The audit chain, and the file itself (PRAGMA integrity_check): a damaged file fails too, exit 1.

    A missing --db is refused, never made into an empty database that would verify as sound. Then the chain
    against a tip kept outside the file (`--against`) and the data rows against their history
    (cli.audit_checks)."""
    from songnuan_desktop.cli.audit_checks import more_checks
    from songnuan_desktop.persistence.database import open_database
    from songnuan_desktop.persistence.sqlite_files import damaged, describe_problems, integrity_problems
    from songnuan_desktop.services.audit.audit_log import verify_chain
    from songnuan_desktop.services.county.county_merge import township_offices

    url = config.database_url(args.db)
    db = open_database(url)  # missing, damaged or read-only: the boundary in main says so, exit 1
    try:
        problems = integrity_problems(db.engine)
        report = verify_chain(db)
        townships = [(o.name, verify_chain(db, o.id)) for o in township_offices(db)]
        passphrase = (read_passphrase(args.passphrase_file, "核对报送包")
                      if args.against and args.passphrase_file else None)
        held, lines = more_checks(db, args.against, passphrase)
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
