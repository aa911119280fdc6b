"""One opened database: engine, session factory with the audit hook, and where attachments go."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from songnuan_desktop.config import attachments_dir, sqlite_path
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.audit import Actor
from songnuan_desktop.persistence.engine import lock_for_writing, make_engine, make_session_factory
from songnuan_desktop.persistence.migrate import UpgradeResult, upgrade


@dataclass
class Database:
    url: str
    engine: Engine
    factory: sessionmaker[Session]
    upgrade_result: UpgradeResult | None = None

    @property
    def attachments_dir(self) -> Path:
        return attachments_dir(self.url)

    @property
    def location(self) -> str:
        """What the status bar shows: the file path, or the server URL without its password."""
        path = sqlite_path(self.url)
        return str(path) if path else self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def write(self, actor: Actor) -> Iterator[Session]:
        """One unit of work: commits at the end, rolls everything back on any error.

        On SQLite it takes the write lock first (BEGIN IMMEDIATE): every unit of work reads before it
        writes (the audit chain's tip at least), and a deferred BEGIN would fail at once when another
        process or thread wrote in between, where this one waits its turn (busy_timeout)."""
        with self.factory.begin() as session:
            lock_for_writing(session)
            session.info["actor"] = actor
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.factory() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_database(url: str, migrate: bool = True) -> Database:
    """Open (creating a SQLite file if needed) and bring the schema to head, backing up first."""
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    result = upgrade(engine) if migrate else None
    factory = make_session_factory(engine)
    audit.install()
    return Database(url, engine, factory, result)
