"""`songnuan --self-test`: the real main window, every screen opened once, timings printed (start-up to the
first screen, then each screen's first opening: building it and importing its module)."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
import traceback
import uuid
from pathlib import Path

from PySide6.QtWidgets import QApplication

from songnuan_desktop.config import sqlite_path
from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.sqlite_files import damaged, describe_problems, integrity_problems
from songnuan_desktop.services.office import office
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.main_window import MainWindow
from songnuan_desktop.ui.startup_checks import check_before_open

SELF_TEST_WORKERS = 60


def _settle(app: QApplication, window: MainWindow) -> None:
    lanes = window.lanes
    for _ in range(3):
        app.processEvents()
        lanes.wait(30_000)
        app.processEvents()


def _self_test_user(db: Database) -> SessionUser:
    """No roles: the self-test can look at every screen and change nothing."""
    info = office.local_office(db)
    return SessionUser(uuid.UUID(int=0), "selftest", "自检", info.id, frozenset())


def _prepare(url: str, create: bool) -> tuple[Database, Path | None]:
    """The database to look at, and the temporary folder to remove afterwards (if one was made).

    As at a clerk's start: a missing file is refused unless `create`, a damaged or read-only one too."""
    path = sqlite_path(url)
    problem = check_before_open(path, create=create)  # quick_check of a small file only
    if path is not None and problem is not None:
        raise damaged(path, problem)
    db = open_database(url, create=create)
    if not office.needs_setup(db):
        return db, None
    # An empty database: show the setup wizard once, then look at the screens on a demo office. Both imported
    # here, on an empty database only: the wizard brings reportlab and cryptography, the demo builder more
    # (~0.5 s and ~1 s measured), which a self-test of an office's database, timed as a clerk's start, never needs.
    from songnuan_desktop.ui.dialogs.setup_wizard import SetupWizard

    wizard = SetupWizard(db)
    wizard.show()
    QApplication.processEvents()
    wizard.close()
    db.close()
    from songnuan_desktop.demo import build_demo

    folder = Path(tempfile.mkdtemp(prefix="songnuan-selftest-"))
    db = open_database("sqlite:///" + str(folder / "selftest.db"), create=True)
    build_demo(db, workers=SELF_TEST_WORKERS, seed=1)
    print("空数据库：已显示初始设置向导，界面检查改用临时演示库（检查后删除）")
    return db, folder


def _peak_rss_mb() -> float:
    """Peak resident memory of this program (0 where the platform does not tell).

    Linux's VmHWM belongs to this program's own memory; getrusage's ru_maxrss would also count the
    parent's peak, which a process started by fork and exec inherits.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _report_integrity(db: Database) -> None:
    """What the background check after a clerk's start finds (PRAGMA integrity_check, which also compares
    every index with its table), and how long it takes on this file."""
    path = sqlite_path(db.url)
    if path is None:
        return
    began = time.perf_counter()
    problems = integrity_problems(path)
    took = time.perf_counter() - began
    if problems:
        raise damaged(path, describe_problems(problems))
    print(f"数据库完整性检查（integrity_check）：正常，{took:.2f} 秒")


def run(app: QApplication, url: str, started: float, screenshots: Path | None, create: bool = False) -> int:
    try:
        db, temporary = _prepare(url, create)
        opened = time.perf_counter()
        window = MainWindow(db, _self_test_user(db))
        window.show()
        _settle(app, window)
        ready = time.perf_counter()
        print(f"main_window_ready_ms={1000 * (ready - started):.0f} "
              f"open_database_ms={1000 * (opened - started):.0f} peak_rss_mb={_peak_rss_mb():.0f}", flush=True)
        _report_integrity(db)
        for spec in window.specs:
            began = time.perf_counter()
            window.show_screen(spec.key)  # built here the first time (only the first screen is built at start)
            shown = time.perf_counter()
            _settle(app, window)
            if screenshots is not None:
                screenshots.mkdir(parents=True, exist_ok=True)
                window.grab().save(str(screenshots / f"{spec.key}.png"))
            print(f"界面正常：{spec.title}（打开 {1000 * (shown - began):.0f} 毫秒）")
        window.close()
        db.close()
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    except DomainError as exc:  # a missing, damaged or read-only database: said, not a traceback
        print(f"错误：{exc.message}", file=sys.stderr)
        print("自检失败")
        return 1
    except Exception:  # noqa: BLE001 - the self-test reports every failure and exits non-zero
        traceback.print_exc()
        print("自检失败")
        return 1
    print(f"自检通过：共 {len(window.specs)} 个界面")
    return 0
