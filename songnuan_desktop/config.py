"""Where data lives and how the database is named (no Qt: used by the CLI and tests too)."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "Songnuan"
ENV_DATABASE = "SONGNUAN_DATABASE_URL"
ENV_DATA_DIR = "SONGNUAN_DATA_DIR"
LOG_NAME = "songnuan.log"


def data_dir() -> Path:
    """The user's data folder (Windows: %LOCALAPPDATA%\\Songnuan; Linux: ~/.local/share/Songnuan)."""
    override = os.environ.get(ENV_DATA_DIR)
    path = Path(override) if override else user_data_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database() -> str:
    return str(data_dir() / "songnuan.db")


def database_url(db: str | None) -> str:
    """--db PATH|URL, else $SONGNUAN_DATABASE_URL, else the file in the data folder, as a SQLAlchemy URL."""
    value = db or os.environ.get(ENV_DATABASE) or default_database()
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for another database."""
    if not url.startswith("sqlite:///"):
        return None
    rest = url[len("sqlite:///"):]
    return Path(rest) if rest and rest != ":memory:" else None


def attachments_dir(url: str) -> Path:
    """Attachments sit beside a SQLite file (travelling with it); for a server, in the data folder."""
    path = sqlite_path(url)
    base = path.parent / (path.stem + "-files") if path else data_dir() / "attachments"
    return base


def log_file() -> Path:
    """The one log of the window and the command line (where tracebacks go, never to a person): the one
    setup_logging opened, else songnuan.log in the data folder."""
    return _log_in_use[-1] if _log_in_use else data_dir() / LOG_NAME


_log_in_use: list[Path] = []  # set once by setup_logging: the data folder's log, or the temporary folder's


def setup_logging() -> Path:
    """Send the program's log to songnuan.log in the data folder (once per process; the window and every
    command call it). A data folder that cannot be written (read-only, full) falls back to the temporary
    folder, and a log line that cannot be written later is dropped: failing to log must never put a
    traceback in front of a person (logging.raiseExceptions would print one on stderr)."""
    logging.raiseExceptions = False
    root = logging.getLogger()
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    if _log_in_use:
        return _log_in_use[-1]
    for folder in (data_dir, lambda: Path(tempfile.gettempdir())):
        try:
            path = folder() / LOG_NAME
            handler = logging.FileHandler(path, encoding="utf-8")
        except OSError:
            continue
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        root.addHandler(handler)
        _log_in_use.append(path)
        return path
    return Path(tempfile.gettempdir()) / LOG_NAME  # nowhere to write: the boundary still names a place
