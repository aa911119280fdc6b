"""Demo offices built once per test session and handed to each test as its own copy.

Building a demo office takes seconds (4–6 s for a few hundred files); dozens of tests want one. Each
distinct build (a demo office for its workers, seed, office name and region code; build_county's county;
the setup wizard's office; set_up_county's county office alone; the empty schema at head; a test's own
named build, `made`) is made once per test run, by whichever test process (xdist worker) asks first, under
a file lock in the run's shared folder (tests/conftest.py: SHARED_ENV); another process asking for it
meanwhile waits and copies it. Every test gets a private copy it may change at will:

- SQLite: the file and everything the build left beside it under its name (`<db>.marks.json`, the
  `<stem>-files` attachments folder), renamed after the test's own file (what a `made` build left under
  other names keeps them);
- PostgreSQL: a database created from a template database holding the build;
- both: the signing key files the build wrote into the data folder (services.office.keys seals the office's
  private key with a key file there), copied into the data folder in force when the copy is made, so a
  test that points SONGNUAN_DATA_DIR elsewhere still signs with the office's key.

Every build starts from a copy of the one migration run (the "migrated" build: a file copy on SQLite, a
template on PostgreSQL), not from a migration of its own (0.3–0.8 s of CPU each, dozens of builds a run); the
migrations themselves are tested in tests/persistence/test_migrations.py. A copy is the build exactly: the
demo is deterministic for its seed and dates everything around DEMO_TODAY; what a fresh build would make
differently (the signing key's random bytes, the audit entries' wall-clock times) no test may depend on.
Tests of the builder itself still call build_demo, and tests of making, migrating or refusing a database
still call open_database(…, create=True).
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url

from songnuan_desktop.config import sqlite_path
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.services.office import keys
from songnuan_desktop.demo import build_demo
from songnuan_desktop.demo.county import build_county, set_up_county
from songnuan_desktop.exchange import crypto
from songnuan_desktop.services.access.setup import SetupData, initialize

try:
    import fcntl
except ImportError:  # Windows: no flock; each test process builds its own (tests/conftest.py)
    fcntl = None  # type: ignore[assignment]

BUILT_NAME = "office.db"
PG_TEMPLATES = "pg-templates.txt"  # in the shared folder: every template database made, dropped at the end of the run


def can_share() -> bool:
    """Whether test processes can share builds (a file lock is available)."""
    return fcntl is not None


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on `path` between the run's test processes (released if the holder dies)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class DemoOffices:
    """The session's builds: `file()` copies a demo office to a SQLite path, `opened()` into an empty
    database of either dialect; `migrated()` is an empty database at head (what every `db` fixture needs)."""

    def __init__(self, root: Path, pg_url: str | None, run: str = "") -> None:
        """Builds kept in `root` (shared by the run's test processes, or one process's own); PostgreSQL
        templates named after `run` (unique to the run, so that processes sharing `root` find them)."""
        self.root = root
        self.pg_url = pg_url
        self.run = run or uuid.uuid4().hex[:8]
        self.templates: dict[str, str] = {}  # build key → PostgreSQL template database

    def file(self, path: Path, workers: int, seed: int, office_name: str | None = None,
             region_code: str | None = None) -> Path:
        """A copy of the demo office at `path` (a SQLite file not there yet), closed; `path`."""
        return self._copy_file(_Build(workers, seed, office_name, region_code), path)

    def opened(self, url: str, workers: int, seed: int, office_name: str | None = None,
               region_code: str | None = None) -> Iterator[Database]:
        """The demo office in the empty database at `url` (a SQLite path not yet a file, or a fresh
        PostgreSQL database from the `pg_url` fixture), opened; closed after the test.

        Use as `yield from demo_offices.opened(db_url, workers=…, seed=…)` in a fixture."""
        yield from self._opened(_Build(workers, seed, office_name, region_code), url)

    def county_file(self, path: Path, townships: int, workers: int, seed: int = 1) -> Path:
        """A copy of demo.county.build_county's county (its townships built, exported and merged, the
        merged attachments beside it) at `path` (a SQLite file not there yet), closed; `path`."""
        return self._copy_file(_Build(workers, seed, county=townships), path)

    def migrated(self, url: str) -> Iterator[Database]:
        """The empty database at `url` brought to head (a copy of one migration run), opened; closed after."""
        yield from self._opened(_Build(), url)

    def office(self, url: str, data: SetupData) -> Iterator[Database]:
        """The database at `url` as the setup wizard leaves it with `data` (office, settings, administrator,
        signing key), opened; closed after."""
        yield from self._opened(_Build(setup=data), url)

    def office_file(self, path: Path, data: SetupData) -> Path:
        """`office(…)` copied to `path` (a SQLite file not there yet), closed; `path`."""
        return self._copy_file(_Build(setup=data), path)

    def county_office(self, url: str) -> Iterator[Database]:
        """The database at `url` as demo.county.set_up_county leaves it (the county office, its administrator,
        its clerks, its signing key; no township yet), opened; closed after."""
        yield from self._opened(_Build(county=0), url)

    def county_office_file(self, path: Path) -> Path:
        """`county_office(…)` copied to `path` (a SQLite file not there yet), closed; `path`."""
        return self._copy_file(_Build(county=0), path)

    def made(self, path: Path, name: str, make: Callable[[Database, Path], None]) -> Path:
        """A test's own build copied to `path` (a SQLite file not there yet), closed; `path`. `make(db, folder)`
        fills `db`, an empty database at head in `folder`, and may leave more files in `folder`: they are
        copied beside `path` under their own names. `name` tells the build from every other of the run."""
        return self._copy_file(_Build(made=(name, make)), path)

    def _opened(self, build: _Build, url: str) -> Iterator[Database]:
        path = sqlite_path(url)
        if path is not None:
            self._copy_file(build, path)
        else:
            self._copy_database(build, url)
        database = open_database(url)
        try:
            yield database
        finally:
            database.close()

    # -- SQLite ------------------------------------------------------------------------------------

    def _copy_file(self, build: _Build, path: Path) -> Path:
        built = self._built_file(build)
        if path.exists():
            raise FileExistsError(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        for entry in sorted(built.iterdir()):
            target = path.parent / _renamed(entry.name, path)
            if entry.is_dir():
                shutil.copytree(entry, target)
            else:
                shutil.copy2(entry, target)
        _install_keys(self.root / build.key / "keys")
        return path

    def _built_file(self, build: _Build) -> Path:
        folder = self.root / build.key
        built = folder / "built"
        if (folder / "done").is_file():
            return built
        with _locked(self.root / f"{build.key}.lock"):  # another process may be building it: wait for it
            if (folder / "done").is_file():
                return built
            if folder.exists():
                shutil.rmtree(folder)  # a build that failed half-way
            built.mkdir(parents=True)
            before = _key_files()
            if build.key != _Build().key:  # on a copy of the schema migrated once
                for entry in sorted(self._built_file(_Build()).iterdir()):
                    shutil.copy2(entry, built / entry.name)
            db = open_database("sqlite:///" + str(built / BUILT_NAME), create=True)
            try:
                build.fill(db, built)
            finally:
                db.close()
            _save_keys(before, folder / "keys")
            (folder / "done").write_text("ok", encoding="ascii")
        return built

    # -- PostgreSQL --------------------------------------------------------------------------------

    def _copy_database(self, build: _Build, url: str) -> None:
        template = self.templates.get(build.key) or self._template(build)
        name = make_url(url).database
        with self._admin() as conn:  # the pg_url fixture made it empty (or not, for `db`); nobody has opened it
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        _install_keys(self.root / f"pg-{build.key}" / "keys")

    def _template(self, build: _Build) -> str:
        assert self.pg_url is not None
        name = f"tpl_{self.run}_{build.key}"
        folder = self.root / f"pg-{build.key}"
        with _locked(self.root / f"pg-{build.key}.lock"):  # another process may be building it: wait for it
            if not (folder / "done").is_file():
                if folder.exists():
                    shutil.rmtree(folder)
                schema = (f' TEMPLATE "{self.templates.get(_Build().key) or self._template(_Build())}"'
                          if build.key != _Build().key else "")  # migrated once
                with self._admin() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))  # a build that failed half-way
                    conn.execute(text(f'CREATE DATABASE "{name}"{schema}'))
                with open(self.root / PG_TEMPLATES, "a", encoding="ascii") as made:
                    made.write(name + "\n")
                before = _key_files()
                db = open_database(make_url(self.pg_url).set(database=name).render_as_string(hide_password=False))
                try:
                    build.fill(db, folder)
                finally:
                    db.close()  # a template must have no connection when it is copied
                _save_keys(before, folder / "keys")
                (folder / "done").write_text("ok", encoding="ascii")
        self.templates[build.key] = name
        return name

    @contextmanager
    def _admin(self) -> Iterator[Connection]:
        if self.pg_url is None:
            raise RuntimeError("no PostgreSQL server to copy a database on")
        engine = create_engine(self.pg_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                yield conn
        finally:
            engine.dispose()

    def drop_templates(self) -> None:
        """Drop every template database made in `root` (at the end of the run, when no process copies any)."""
        listed = self.root / PG_TEMPLATES
        if self.pg_url is None or not listed.is_file():
            return
        with self._admin() as conn:
            for name in sorted(set(listed.read_text(encoding="ascii").split())):
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        listed.unlink()
        self.templates.clear()


@dataclass(frozen=True)
class _Build:
    """What to build: the demo office for these arguments, the office of the setup wizard (`setup`),
    build_county's county (`county` townships; 0: set_up_county's county office alone), a test's own
    (`made`), or (none of them) only the schema at head."""

    workers: int | None = None
    seed: int = 1
    office_name: str | None = None
    region_code: str | None = None
    setup: SetupData | None = None
    county: int | None = None  # build_county's number of townships
    made: tuple[str, Callable[[Database, Path], None]] | None = None  # a test's own: its name, its maker

    @property
    def key(self) -> str:
        if self.made is not None:
            return "made_" + self.made[0]
        if self.county == 0:
            return "county_office"
        if self.county is not None:
            return f"county_t{self.county}_w{self.workers}_s{self.seed}"
        if self.setup is not None:
            return "office_" + hashlib.sha1(repr(self.setup).encode()).hexdigest()[:10]
        if self.workers is None:
            return "migrated"
        named = hashlib.sha1(f"{self.office_name}|{self.region_code}".encode()).hexdigest()[:8]
        return f"demo_w{self.workers}_s{self.seed}_{named}"

    def fill(self, db: Database, folder: Path) -> None:
        if self.made is not None:
            if sqlite_path(db.url) is None:
                raise RuntimeError("a test's own build is made on SQLite only")
            self.made[1](db, folder)
            return
        if self.setup is not None:
            initialize(db, self.setup)
            return
        if self.county == 0:
            set_up_county(db)
            return
        if self.county is not None:
            assert self.workers is not None
            with mock.patch.object(crypto, "SCRYPT_N", 2**10):  # the packages between township and county only
                build_county(db, townships=self.county, workers=self.workers, seed=self.seed)
            return
        if self.workers is None:
            return  # open_database has migrated it
        options: dict[str, Any] = {}
        if self.office_name is not None:
            options["office_name"] = self.office_name
        if self.region_code is not None:
            options["region_code"] = self.region_code
        build_demo(db, workers=self.workers, seed=self.seed, **options)


def _renamed(entry: str, path: Path) -> str:
    """office.db → demo.db, office.db.marks.json → demo.db.marks.json, office-files → demo-files."""
    if entry.startswith(BUILT_NAME):
        return path.name + entry[len(BUILT_NAME):]
    stem = Path(BUILT_NAME).stem
    if entry.startswith(stem):
        return path.stem + entry[len(stem):]
    return entry


def _key_files() -> set[str]:
    return {p.name for p in keys.key_folder().iterdir()}


def _save_keys(before: set[str], into: Path) -> None:
    """The key files the build added to the data folder, kept with the build."""
    into.mkdir(parents=True, exist_ok=True)
    folder = keys.key_folder()
    for name in sorted(_key_files() - before):
        shutil.copy2(folder / name, into / name)


def _install_keys(saved: Path) -> None:
    """The build's key files into the data folder in force now (a test may have pointed it elsewhere)."""
    if not saved.is_dir():
        return
    folder = keys.key_folder()
    for entry in sorted(saved.iterdir()):
        if not (folder / entry.name).exists():
            shutil.copy2(entry, folder / entry.name)
