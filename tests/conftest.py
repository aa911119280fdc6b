"""Shared set-up: headless Qt, a private data folder, and real databases migrated to head.

Every database test runs twice, on a fresh SQLite file and on a fresh PostgreSQL database (when
SONGNUAN_TEST_PG_URL names a server; otherwise that half skips and says why in the `-ra` summary).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.access import auth, setup
from songnuan_desktop.services.office.session_user import SessionUser
from tests.demo_offices import DemoOffices, can_share

# Before any test imports Qt (the core imported above has none) and before any code asks for the
# data folder: tests never touch the real user data folder nor a database named in the environment.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SESSION_DATA_DIR = tempfile.mkdtemp(prefix="songnuan-test-data-")
os.environ["SONGNUAN_DATA_DIR"] = _SESSION_DATA_DIR
os.environ.pop("SONGNUAN_DATABASE_URL", None)

# Passwords hashed in tests cost 1/16 of the program's scrypt (N 2**10 instead of 2**14: ~4 ms instead of
# ~60 ms a sign-in, thousands of them in a run). A hash carries its own N, so verifying is the same code;
# tests/services/access/test_passwords_cost.py checks the program's own figure, which this does not change.
from songnuan_desktop.services.access import passwords as _passwords  # noqa: E402

PROGRAM_SCRYPT_N = _passwords.N
_passwords.N = 2**10

# None protected in every test process before any Qt call (ui/none_guard): pytest-qt makes the QApplication and
# its hooks call processEvents around every test, and a test may drive Qt (lanes, qtbot) before anything imports
# songnuan_desktop.ui. Under PySide6 6.12.0 each void call takes a reference from None; fewer than None had still
# kill the process at exit ("Fatal Python error: none_dealloc", exit 134, after every test passed: issue 17 item 7).
from songnuan_desktop.ui import none_guard as _none_guard  # noqa: E402

_none_guard.install()

# Hypothesis's per-example deadline (200 ms by default) measures the machine, not the code: under load on the
# shared 2-core machine tests/domain/test_parsing.py's ID round trip took 340 ms for one example and failed.
# Time is what tests/benchmarks measure; here every example must only give the right answer.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("songnuan", deadline=None)
_hypothesis_settings.load_profile("songnuan")

PG_ENV = "SONGNUAN_TEST_PG_URL"
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "Songnuan2024"


MAX_WORKERS = 4  # beyond this each process's own demo builds and databases cost more than they save


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` (pyproject's addopts): one test process per core, at most MAX_WORKERS; none with `-s`, which
    asks to see the tests' output (the benchmarks print their figures) and a worker's output is not shown."""
    if config.getoption("capture") == "no":
        return 0
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


SHARED_ENV = "SONGNUAN_TEST_SHARED"  # the run's folder shared by its test processes (tests/demo_offices.py)
_SHARED_KEY = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """The forms and translations are compiled once, here, before any test process starts: two processes
    compiling them at once could each import a file the other is rewriting. The run's shared folder is made
    here too, in the controlling process; the xdist workers it starts inherit its name in the environment."""
    if not hasattr(config, "workerinput"):
        from songnuan_desktop.ui import assets

        assets.ensure_built()
        shared = tempfile.mkdtemp(prefix="songnuan-test-shared-")
        os.environ[SHARED_ENV] = shared
        config.stash[_SHARED_KEY] = shared


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_SESSION_DATA_DIR, ignore_errors=True)
    shared = config.stash.get(_SHARED_KEY, None)
    if shared is not None:  # the controlling process, after every worker has finished
        try:
            DemoOffices(Path(shared) / "demo-offices", os.environ.get(PG_ENV, "").strip() or None).drop_templates()
        finally:
            shutil.rmtree(shared, ignore_errors=True)
            os.environ.pop(SHARED_ENV, None)



@pytest.fixture(autouse=True)
def _collect_on_the_ui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """As the program does (ui.collector): while a Qt test runs, reference cycles are collected on the UI thread
    only, and what is left at its end is collected there, before collection is given back to Python."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    from songnuan_desktop.ui import collector

    app = request.getfixturevalue("qapp")
    collector.install(app)
    yield
    _no_idle_lock_after_the_test()
    collector.uninstall(app, generation=1)  # the test's own objects: a full collection per test costs ~70 s a run


def _no_idle_lock_after_the_test() -> None:
    """A main window a Qt test leaves behind keeps its idle watcher: 10 minutes (the setting's default) after the
    last input in that test process it would lock, a modal LockDialog nobody answers, and hang the run in a later
    test (seen in a clean-clone CI run slowed to 15 minutes by a shared machine). A finished test's windows never
    lock."""
    from PySide6.QtWidgets import QApplication

    from songnuan_desktop.ui.idle import IdleWatcher

    for widget in QApplication.topLevelWidgets():
        for watcher in widget.findChildren(IdleWatcher):
            watcher.timer.stop()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The session's private data folder (SONGNUAN_DATA_DIR)."""
    return Path(_SESSION_DATA_DIR)


# --- PostgreSQL -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PgServer:
    url: str | None
    reason: str = ""


@pytest.fixture(scope="session")
def pg_server() -> PgServer:
    """The PostgreSQL server named by SONGNUAN_TEST_PG_URL, checked once; or why there is none."""
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        return PgServer(None, "the variable is not set")
    try:
        engine = create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        finally:
            engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure means: no server to test against
        first_line = (str(exc).strip().splitlines() or [""])[0][:200]
        where = make_url(url).render_as_string(hide_password=True)
        return PgServer(None, f"cannot connect to {where}: {type(exc).__name__}: {first_line}")
    return PgServer(url)


@pytest.fixture
def pg_url(request: pytest.FixtureRequest, pg_server: PgServer) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards.

    For a test that takes `db`, the database is not made here: `db` makes it at once as a copy of a
    template (tests/demo_offices.py) — an empty CREATE DATABASE first costs ~0.15 s a test for nothing."""
    if pg_server.url is None:
        pytest.skip(f"PostgreSQL not available: set {PG_ENV} ({pg_server.reason})")
    base = pg_server.url
    name = f"test_{uuid.uuid4().hex}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        if "db" not in request.fixturenames:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE datname = :name AND pid <> pg_backend_pid()"),
                {"name": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    finally:
        admin.dispose()


# --- databases ------------------------------------------------------------------------------------

@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return "sqlite:///" + str(tmp_path / "songnuan.db")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database (not yet migrated): a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def db(request: pytest.FixtureRequest, db_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    """The database at `db_url`, migrated to head (a copy of the session's one migration run, as
    open_database(db_url, create=True) would make it); closed after the test. For a test that asks for
    `office_db` (itself or through `admin`), a copy of the office the setup wizard made with `setup_data`."""
    if "office_db" in request.fixturenames:
        yield from demo_offices.office(db_url, request.getfixturevalue("setup_data"))
    else:
        yield from demo_offices.migrated(db_url)


@pytest.fixture
def sqlite_db(request: pytest.FixtureRequest, sqlite_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    """For SQLite-specific tests: a fresh SQLite file migrated to head; set up with `setup_data` for a test
    that asks for `ui_db` (tests/ui/conftest.py), as `db` is for `office_db`."""
    if "ui_db" in request.fixturenames:
        yield from demo_offices.office(sqlite_url, request.getfixturevalue("setup_data"))
    else:
        yield from demo_offices.migrated(sqlite_url)


@pytest.fixture(scope="session")
def demo_offices(tmp_path_factory: pytest.TempPathFactory, pg_server: PgServer) -> Iterator[DemoOffices]:
    """Demo offices built once per run, shared by the xdist workers (tests/demo_offices.py); each test copies
    the one it needs: `demo_offices.file(path, workers=…, seed=…)` for a SQLite file,
    `yield from demo_offices.opened(db_url, workers=…, seed=…)` for the `db_url` of either dialect."""
    shared = os.environ.get(SHARED_ENV)
    if shared and can_share():
        root = Path(shared) / "demo-offices"
        yield DemoOffices(root, pg_server.url, run=hashlib.sha1(str(root).encode()).hexdigest()[:8])
        return  # the controlling process drops the templates when every worker is done (pytest_unconfigure)
    offices = DemoOffices(tmp_path_factory.mktemp("demo-offices"), pg_server.url)
    yield offices
    offices.drop_templates()


@pytest.fixture
def setup_data() -> setup.SetupData:
    """The office of the tests: 旧州镇总工会 (黄平县 522622), 低保线 790 / 520 yuan a month."""
    return setup.SetupData(
        office_name="旧州镇总工会",
        region_code="522622",
        region_name="黄平县",
        dibao_urban_fen=79_000,
        dibao_rural_fen=52_000,
        admin_username=ADMIN_USERNAME,
        admin_display_name="王管理",
        admin_password=ADMIN_PASSWORD,
    )


@pytest.fixture
def office_db(db: Database, setup_data: setup.SetupData) -> Database:
    """`db` after the setup wizard: the office, its default settings and the administrator (`db` is the copy
    of setup.initialize(db, setup_data) made once per session when the test asks for this fixture)."""
    return db


@pytest.fixture
def admin(office_db: Database, setup_data: setup.SetupData) -> SessionUser:
    """The administrator, signed in (the SessionUser services expect)."""
    return auth.login(office_db, setup_data.admin_username, setup_data.admin_password)
