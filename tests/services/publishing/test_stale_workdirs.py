"""Decrypted package folders (plain personal data) left by a killed merge or import are removed; a running
process's folder is kept."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from songnuan_desktop.exchange.format import WORK_PREFIX
from songnuan_desktop.storage import remove_stale_workdirs


@pytest.mark.skipif(sys.platform == "win32", reason="on Windows only the age decides")
def test_a_dead_process_folder_goes_a_running_one_stays(tmp_path: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = tmp_path / f"{WORK_PREFIX}{int(gone.stdout)}-abc"
    mine = tmp_path / f"{WORK_PREFIX}{os.getpid()}-def"
    other = tmp_path / "snpkg-notapid"
    for folder in (dead, mine, other):
        folder.mkdir()
        (folder / "payload.zip").write_bytes(b"plain")
    assert remove_stale_workdirs(tmp_path) == [dead]
    assert not dead.exists() and mine.exists() and other.exists()


def test_an_old_folder_goes_even_if_its_pid_is_running(tmp_path: Path) -> None:
    mine = tmp_path / f"{WORK_PREFIX}{os.getpid()}-old"
    mine.mkdir()
    assert remove_stale_workdirs(tmp_path, now=time.time() + 7200) == [mine]
    assert remove_stale_workdirs(tmp_path / "missing") == []
