"""`songnuan --self-test` as an install check runs it: a fresh process, offscreen, exit code 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.demo_offices import DemoOffices


def _self_test(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The self-test in a child process; whatever its exit code, the interpreter left cleanly (issue 17 item 7:
    "Fatal Python error: none_dealloc" at exit is exit code 134 after the work was done)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SONGNUAN_DATA_DIR=str(tmp_path / "data"),
               TMPDIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "songnuan_desktop", "--self-test", *args], capture_output=True,
                          text=True, env=env, timeout=180)
    assert "Fatal Python error" not in done.stderr and done.returncode >= 0, done.stderr[-2000:]
    return done


def test_self_test_on_a_demo_office_opens_every_screen(tmp_path: Path, demo_offices: DemoOffices) -> None:
    path = demo_offices.file(tmp_path / "demo.db", workers=80, seed=2)
    done = _self_test(tmp_path, "--db", str(path), "--screenshots", str(tmp_path / "shots"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "自检通过：共 9 个界面" in done.stdout
    assert "main_window_ready_ms=" in done.stdout
    assert len(list((tmp_path / "shots").glob("*.png"))) == 9


def test_self_test_on_a_fresh_install_shows_the_wizard_and_cleans_up(tmp_path: Path) -> None:
    """No --db and no database yet: the data folder's own database is made (the first run), never another."""
    done = _self_test(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "初始设置向导" in done.stdout
    assert (tmp_path / "data" / "songnuan.db").exists()
    assert not list(tmp_path.glob("songnuan-selftest-*"))  # the temporary demo office is gone


def test_self_test_refuses_a_mistyped_db_and_makes_nothing(tmp_path: Path) -> None:
    """Issue 12: a mistyped --db silently became a new empty office."""
    done = _self_test(tmp_path, "--db", str(tmp_path / "typo.db"))
    assert done.returncode == 1
    assert "找不到数据库文件" in done.stderr and "Traceback" not in done.stdout + done.stderr
    assert not (tmp_path / "typo.db").exists()
