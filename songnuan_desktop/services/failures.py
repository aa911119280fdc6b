"""What a person reads when work fails: one wording for the command line's `main` and the window's job
relay (STYLE rule 14), and the one way a failure reaches the log.

A refusal of ours (`DomainError`) already carries its Chinese sentence. What a person can cause or meet
— a full disk or stick, a read-only file or folder, a missing file, a locked database — is worded here
by its kind (errno, SQLite's message), never from the exception's text: a database error's text holds
the SQL statement and its parameters (a bank card, an ID number). Anything else is an internal error
whose traceback goes to the log only; the log gets long digit runs masked too.
"""

from __future__ import annotations

import errno
import logging
import re
import sqlite3
import traceback
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from songnuan_desktop import config
from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.persistence import engine

log = logging.getLogger("songnuan")

# 11 digits and more: a phone (11), a bank card (16–19), an ID number (18, its last may be X).
_LONG_NUMBER = re.compile(r"\d{11,}[Xx]?")
_READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)


def redact(text: str) -> str:
    """`text` with every run of 11 digits or more masked but its first 3 and last 2 (a file name, a path)."""
    return _LONG_NUMBER.sub(lambda m: m.group()[:3] + "*" * (len(m.group()) - 5) + m.group()[-2:], text)


def words(exc: BaseException, log_path: Path | None = None) -> str:
    """The Chinese sentence for `exc`: what happened and what to do, without a number of a person."""
    if isinstance(exc, DomainError):
        return exc.message
    database = _database_words(exc)
    if database is not None:
        return database
    if isinstance(exc, OSError):
        worded = os_words(exc)
        if worded is not None:
            return worded
    try:
        where = log_path or config.log_file()
    except OSError:  # the data folder is gone or unwritable: still a sentence
        where = Path(config.LOG_NAME)
    return f"程序内部错误，没有完成。详情已写入日志 {where}，请把该文件交给技术支持。"


def os_words(exc: OSError) -> str | None:
    """A file system failure in words naming the file or folder; None for a kind no person causes."""
    path = Path(exc.filename) if exc.filename else None
    name = redact(str(path)) if path else ""
    folder = redact(str(path.parent)) if path else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        where = f"（{folder}）" if path else ""
        return f"磁盘或U盘已满{where}，没有写完。请删除不需要的文件或换一个有足够空间的U盘后再试。"
    if exc.errno in _READ_ONLY:
        if path is None:
            return "文件或文件夹是只读的，或没有写入权限。请换一个可写的位置，或请管理员开放权限后再试。"
        return (f"不能写入“{name}”：它或所在文件夹“{folder}”是只读的，或没有权限（U盘可能带写保护开关）。"
                "请换一个可写的位置，或请管理员开放权限后再试。")
    if exc.errno == errno.ENOENT:
        return f"找不到文件“{name}”。请检查路径和文件名（U盘是否已插好）后再试。" if path else \
            "找不到要用的文件或文件夹。请检查路径（U盘是否已插好）后再试。"
    if exc.errno == errno.EISDIR:
        return f"“{name}”是一个文件夹，不是文件。请在文件夹后面写上文件名，例如“{name}/输出.pdf”。"
    if exc.errno == errno.ENOTDIR:
        return f"路径“{name}”中有一段不是文件夹。请检查路径后再试。"
    if exc.errno == errno.EIO:
        return "读写磁盘或U盘时出错（U盘可能已拔出或已损坏），没有写完。请插好U盘或换一个U盘后再试。"
    return None


def _database_words(exc: BaseException) -> str | None:
    """SQLite's failures by their message, never the statement or its parameters."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(orig, sqlite3.Error):
        return None
    text = str(orig.args[0] if orig.args else "").lower()
    if "database is locked" in text or "database is busy" in text:
        seconds = engine.BUSY_TIMEOUT_MS / 1000
        return (f"数据库正被另一个程序使用（已等待 {seconds:g} 秒），请关闭其他送暖窗口"
                "（或正在备份、导出的送暖命令）后再试。")
    if "readonly database" in text or "read-only" in text:
        return ("数据库文件或它所在的文件夹是只读的，不能保存。请检查文件属性、文件夹权限，"
                "或把数据库放回可写的磁盘后再试（数据库本身没有损坏）。")
    if "unable to open database file" in text:
        return ("打不开数据库文件：它所在的文件夹或磁盘可能是只读的、没有写入权限，或文件夹不存在"
                "（数据库本身没有损坏）。请检查数据库文件的路径和文件夹权限后再试。")
    if "database or disk is full" in text:
        return "数据库所在的磁盘已满，没有保存。请腾出磁盘空间后再试（已保存的数据不受影响）。"
    if "disk i/o error" in text:
        return "读写数据库文件时磁盘出错，没有保存。请检查磁盘（或U盘是否已拔出）后再试。"
    if "file is not a database" in text or "malformed" in text:
        return "数据库文件已损坏，打不开。请用“恢复备份”（songnuan restore）从最近的完好备份恢复。"
    return None


def log_failure(exc: BaseException, what: str) -> None:
    """The traceback of `exc` in the log, long digit runs masked (a failing statement's parameters)."""
    text = "".join(traceback.format_exception(exc))
    log.error("%s failed:\n%s", what, redact(text))
