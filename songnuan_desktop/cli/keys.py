"""`songnuan register-key` and `songnuan key-sheet`: the signing keys from the command line (services.office.keys,
services.office.key_register)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from songnuan_desktop import config
from songnuan_desktop.cli.session import add_sign_in, read_passphrase, signed_in
from songnuan_desktop.domain.errors import ValidationFailed

REGISTER_DESCRIPTION = """登记对方单位的签名密钥：县总工会登记各乡镇的，乡镇登记县总工会的（用于下发包）。
此后只接收用登记的密钥签名的报送包或下发包；未签名、密钥未登记或密钥属于别的单位的包一律拒绝。
  按密钥登记表：  songnuan register-key --office 黄平县旧州镇总工会 --fingerprint 3F2A-91C0-…（全部16组）
  按第一个包：    songnuan register-key --package 报送包.snpkg --passphrase-file 口令.txt
                  --confirm 3F2A-91C0-…（至少前4组）
同一单位登记新密钥后，它的旧密钥停用（例如乡镇换了电脑）。退出码：0 已登记，1 没有登记。"""

SHEET_DESCRIPTION = """打印本单位的《送暖报送签名密钥登记表》（PDF，一页）：单位名称、行政区划代码、公钥指纹。
交对方单位登记一次即可；本单位还没有密钥时先生成（记入审计日志）。需管理员登录。"""


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    register = sub.add_parser("register-key", help="登记对方单位的签名密钥（按密钥登记表或第一个包）",
                              description=REGISTER_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    register.add_argument("--office", metavar="NAME", help="对方单位名称（与密钥登记表上的一致）")
    register.add_argument("--fingerprint", metavar="FP", help="密钥登记表上的全部16组指纹")
    register.add_argument("--package", type=Path, metavar="PKG", help="对方的第一个报送包或下发包")
    register.add_argument("--passphrase-file", type=Path, help="含包口令的文件（第一行），与 --package 一起用")
    register.add_argument("--confirm", metavar="FP", help="密钥登记表上指纹的至少前4组，与 --package 一起用")
    register.add_argument("--db", help="数据库（默认同上）")
    add_sign_in(register, "登记人（管理员或县总工会）")
    register.set_defaults(run=cmd_register_key)

    sheet = sub.add_parser("key-sheet", help="打印本单位的签名密钥登记表（PDF）", description=SHEET_DESCRIPTION)
    sheet.add_argument("out", type=Path, help="输出的 .pdf 文件")
    sheet.add_argument("--db", help="数据库（默认同上）")
    add_sign_in(sheet, "打印人（管理员）")
    sheet.set_defaults(run=cmd_key_sheet)


def cmd_register_key(args: argparse.Namespace) -> int:
    from songnuan_desktop.services.office.key_register import register_from_package, register_key

    if args.package is not None:
        if not args.confirm:
            raise ValidationFailed("confirm", "用第一个包登记时，请用 --confirm 输入对方密钥登记表上指纹的至少前4组。")
        passphrase = read_passphrase(args.passphrase_file, "打开这个包")

        def work(db: Any, user: Any) -> Any:
            return register_from_package(db, user, args.package, passphrase, args.confirm)
    elif args.office and args.fingerprint:
        def work(db: Any, user: Any) -> Any:
            return register_key(db, user, args.office, args.fingerprint)
    else:
        raise ValidationFailed("register", "请给出 --office 和 --fingerprint（按密钥登记表），"
                               "或 --package、--passphrase-file 和 --confirm（按第一个包）。")
    info = signed_in(config.database_url(args.db), args.user, args.password_file, work)
    print(f"已登记“{info.office_name}”的签名密钥 {info.fingerprint}。")
    if info.revoked_others:
        print(f"该单位此前登记的 {info.revoked_others} 把旧密钥已停用。")
    return 0


def cmd_key_sheet(args: argparse.Namespace) -> int:
    from songnuan_desktop.services.office.keys import export_key_sheet

    info = signed_in(config.database_url(args.db), args.user, args.password_file,
                     lambda db, user: export_key_sheet(db, user, args.out))
    print(f"已把“{info.office_name}”的密钥登记表写到 {args.out}；公钥指纹 {info.fingerprint}。")
    return 0
