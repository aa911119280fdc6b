"""What a person reads when work fails: one wording for the command line's `main` and the window's job
relay (STYLE rule 14), and the one way a failure reaches the log.

A refusal of ours (`DomainError`) already carries its Chinese sentence. What a person can cause or meet
— a full disk or stick, a read-only file or folder, a missing file, a locked database — is worded by its
kind (errno: storage.os_words; SQLite's message: here), never from the exception's text: a database error's text holds
the SQL statement and its parameters (a bank card, an ID number). Anything else is an internal error
whose traceback goes to the log only; the log gets long digit runs masked too.
"""

from __future__ import annotations

import logging
import sqlite3
import traceback
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from songnuan_desktop import config
from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.domain.ids import redact
from songnuan_desktop.persistence import engine
from songnuan_desktop.storage import os_words

log = logging.getLogger("songnuan")
__all__ = ["log_failure", "os_words", "redact", "words"]  # os_words: storage's, redact: domain.ids'


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
