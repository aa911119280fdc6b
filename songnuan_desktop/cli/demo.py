"""`songnuan demo`: a demo office (songnuan_desktop.demo) in a new database; with `--county` a county office
that has merged the packages of demo townships (songnuan_desktop.demo.county)."""

from __future__ import annotations

import argparse
import time

from songnuan_desktop import config
from songnuan_desktop.domain.errors import ValidationFailed


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = sub.add_parser("demo", help="生成演示单位（档案、家庭、活动、用户）", description="生成演示单位。")
    demo.add_argument("--db", required=True, help="新数据库文件（不能已有单位数据）")
    demo.add_argument("--workers", type=int, default=300, help="困难职工档案数（默认 300）")
    demo.add_argument("--seed", type=int, default=1, help="随机种子；相同种子生成相同数据（默认 1）")
    demo.add_argument("--county", action="store_true",
                      help="生成县总工会（汇总端）：演示乡镇各自导出报送包后汇总进来；--workers 0 时为空的县总工会")
    demo.add_argument("--townships", type=int, default=3, help="--county 时演示乡镇的个数（默认 3）")
    demo.set_defaults(run=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    if args.county:
        return build_county(config.database_url(args.db), args.townships, args.workers, args.seed)
    return build(args.db, args.workers, args.seed)


def build(db_arg: str, workers: int, seed: int) -> int:
    """A demo office in the database `db_arg` names (also what `songnuan --demo` opens when there is none)."""
    from songnuan_desktop.demo import build_demo
    from songnuan_desktop.persistence.database import open_database

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


def build_county(url: str, townships: int, workers: int, seed: int) -> int:
    from songnuan_desktop.demo.county import DEMO_PASSPHRASE
    from songnuan_desktop.demo.county import build_county as build_county_demo
    from songnuan_desktop.persistence.database import open_database

    if workers < 0 or townships < 0:
        raise ValidationFailed("workers", "--workers 和 --townships 不能小于 0。")
    started = time.perf_counter()
    db = open_database(url, create=True)  # `songnuan demo --county` makes a new database
    try:
        report = build_county_demo(db, townships=townships, workers=workers, seed=seed, progress=print)
    finally:
        db.close()
    print(f"县总工会演示数据库已生成：{db.location}（{time.perf_counter() - started:.1f} 秒）")
    if report.merge is not None:
        print(f"  {report.merge.summary()}")
    print(f"  演示乡镇报送包的口令：{DEMO_PASSPHRASE}")
    print("  用户（登录名 / 密码 / 角色）：")
    for username, password, roles in report.users:
        print(f"    {username} / {password} / {roles}")
    return 0
