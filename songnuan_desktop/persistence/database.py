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
from songnuan_desktop.persistence.sqlite_files import check_file, classify


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


def open_database(url: str, migrate: bool = True, *, create: bool = False) -> Database:
    """Open and bring the schema to head, backing up first.

    A SQLite file must exist unless `create` is True: only `songnuan demo`, the window's first run on the
    default data-folder database and the setup of a new office make one; a mistyped path is refused
    (DatabaseMissing), never made into an empty office. A damaged file (0 bytes, not SQLite, cut short) is
    refused as DatabaseDamaged and never migrated; a read-only one as DatabaseReadOnly."""
    path = sqlite_path(url)
    if path is not None:
        check_file(path, create)
        if create:
            _make_folder(path)
    engine = make_engine(url)
    try:
        result = upgrade(engine) if migrate else None
    except Exception as exc:
        engine.dispose()
        known = classify(path, exc) if path is not None else None
        if known is None:
            raise
        raise known from exc
    factory = make_session_factory(engine)
    audit.install()
    return Database(url, engine, factory, result)


def _make_folder(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        known = classify(path, exc)
        if known is None:
            raise
        raise known from exc
