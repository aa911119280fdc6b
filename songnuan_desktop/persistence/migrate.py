"""Schema upgrades with Alembic (migrations ship inside the package), and the backup taken first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from songnuan_desktop.config import sqlite_path
from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.persistence.sqlite_files import copy_sqlite

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"

# The newest revision, so that a start-up on an up-to-date database need not import Alembic
# (~0.15 s). tests/persistence/test_migrations.py checks it against Alembic's own head.
HEAD = "0021"


@dataclass(frozen=True)
class UpgradeResult:
    before: str | None
    after: str
    backup: Path | None


def alembic_config(url: str = "") -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> UpgradeResult:
    """Bring the database to `revision`; an existing SQLite file is backed up beside itself first."""
    before = current_revision(engine)
    if revision == "head" and before == HEAD:
        return UpgradeResult(before, HEAD, None)
    if before is not None and before.isdigit() and HEAD.isdigit() and int(before) > int(HEAD):
        # Made or upgraded by a newer program: an older one must not touch it (nor back it up as if to upgrade).
        raise DomainError("database_too_new", f"这个数据库由较新版本的送暖程序建立或升级过（数据库版本 {before}，"
                          f"本程序只到 {HEAD}）。请安装新版本的程序后再打开；不要用旧版本打开，以免数据出错。",
                          {"revision": before, "head": HEAD})
    target = head_revision() if revision == "head" else revision
    if before == target:
        return UpgradeResult(before, target, None)
    backup = None
    path = sqlite_path(str(engine.url))
    if before is not None and path is not None and path.exists():
        backup = backup_sqlite(path, f"before-upgrade-{before}")
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return UpgradeResult(before, target, backup)


def backup_sqlite(path: Path, label: str) -> Path:
    """A consistent copy through SQLite's online backup, named `<file>.<label>-<time>.bak`."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return copy_sqlite(path, path.with_name(f"{path.name}.{label}-{stamp}.bak"))
