"""What every command of `songnuan` shares: the password and passphrase files, the sign-in, and the paths
it will write checked before any work (a folder given as the output file, a folder that is not there).

Refusals are raised as `ValidationFailed`; the error boundary in `cli.main` prints them and exits 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from songnuan_desktop.domain.errors import ValidationFailed

if TYPE_CHECKING:
    from songnuan_desktop.persistence.database import Database
    from songnuan_desktop.services.office.session_user import SessionUser

T = TypeVar("T")


def add_sign_in(parser: argparse.ArgumentParser, who: str) -> None:
    """--user (required) and --password-file: every command that changes or shows personal data signs in."""
    parser.add_argument("--user", required=True, help=f"{who}的登录名（记入审计日志）")
    parser.add_argument("--password-file", type=Path,
                        help="含该用户密码的文件（第一行是密码）；不给时在命令行窗口里询问")


def first_line(path: Path) -> str:
    """A password or passphrase file's first line (Notepad may add a BOM)."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return lines[0].strip() if lines else ""


def _secret_file(path: Path, what: str, option: str) -> str:
    """The first line of the file `option` names; a Chinese refusal when it is missing, a folder or empty."""
    if path.is_dir():
        raise ValidationFailed("secret_file",
                               f"{option} 给出的“{path}”是一个文件夹；请给出{what}文件（第一行是{what}）。")
    if not path.exists():
        raise ValidationFailed("secret_file", f"找不到{what}文件“{path}”：请检查 {option} 给出的路径。")
    value = first_line(path)
    if not value:
        raise ValidationFailed("secret_file", f"{what}文件“{path}”的第一行是空的：请把{what}写在第一行。")
    return value


def read_passphrase(path: Path | None, needed_for: str = "") -> str:
    """The passphrase from `--passphrase-file`'s first line."""
    if path is None:
        raise ValidationFailed("passphrase_file",
                               f"{needed_for}需要口令：请用 --passphrase-file 给出口令文件（第一行是口令）。")
    return _secret_file(path, "口令", "--passphrase-file")


def read_password(path: Path | None) -> str:
    """The password from `--password-file`, or typed at a terminal; with neither, a refusal."""
    if path is not None:
        return _secret_file(path, "密码", "--password-file")
    if sys.stdin is None or not sys.stdin.isatty():
        raise ValidationFailed("password_file", "需要登录密码：请用 --password-file 给出密码文件（第一行是密码），"
                                            "或在命令行窗口里运行本命令，按提示输入密码。")
    import getpass

    return getpass.getpass("密码：")


def signed_in(url: str, username: str, password_file: Path | None,
              work: Callable[[Database, SessionUser], T]) -> T:
    """Open the database, sign the user in (every command that changes or shows personal data names who
    did it, in the audit log) and run `work`. The database is closed either way."""
    from songnuan_desktop.persistence.database import open_database
    from songnuan_desktop.services.access import auth
    from songnuan_desktop.services.backups import backups
    from songnuan_desktop.services.publishing.publications import recover

    password = read_password(password_file)  # before the database is opened: a refusal changes nothing
    db = open_database(url)
    try:
        user = auth.login(db, username, password)
        refuse_one_time(user)
        for line in recover(db):  # what a killed command left half-published: finished or named (issue 12)
            print(line, file=sys.stderr)
        backups.remove_leftovers(db)  # a killed backup's or restore's copy of the database in the clear
        return work(db, user)
    finally:
        db.close()


def refuse_one_time(user: SessionUser) -> None:
    """A password an administrator set is one-time: its owner chooses their own in the window first, so a
    command never runs on a password someone else knows."""
    if user.must_change_password:
        raise ValidationFailed("must_change_password",
                               f"“{user.display_name}”的密码是管理员设置的一次性密码：请先在送暖窗口中用它登录一次，"
                               "按提示设置自己的密码，再用新密码运行本命令。")


def check_output_file(path: Path, option: str = "输出文件") -> None:
    """A file to be written: not a folder, and its folder exists (nothing is created by a typo)."""
    if path.is_dir():
        raise ValidationFailed("output_is_folder", f"{option}“{path}”是一个文件夹：请在后面写上文件名，"
                                                   f"例如“{path / '输出'}{path.suffix or '.pdf'}”。")
    folder = path.parent
    if not folder.is_dir():
        raise ValidationFailed("output_folder_missing", f"{option}所在的文件夹“{folder}”不存在：请先建好该文件夹，"
                                                        "或换一个已有的文件夹（U盘是否已插好？）。")


def check_input_file(path: Path, what: str = "文件") -> None:
    """A file to be read: there, and not a folder."""
    if path.is_dir():
        raise ValidationFailed("input_is_folder", f"{what}“{path}”是一个文件夹：请给出文件。")
    if not path.exists():
        raise ValidationFailed("input_missing", f"找不到{what}“{path}”：请检查路径和文件名（U盘是否已插好）。")


def check_output_folder(path: Path, option: str = "--to") -> None:
    """A folder to write into (a stick): it must exist and be a folder."""
    if path.exists() and not path.is_dir():
        raise ValidationFailed("output_not_folder",
                               f"{option} 给出的“{path}”是一个文件，不是文件夹：请给出要写入的文件夹。")
    if not path.exists():
        raise ValidationFailed("output_folder_missing", f"{option} 给出的文件夹“{path}”不存在：请插好U盘，"
                                                        "或选择一个已有的文件夹。")
