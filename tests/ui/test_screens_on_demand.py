"""Screens are built when first opened (issue 17 item 5): the main window builds the first screen only, and a
screen's module (with what it imports) is imported the first time that screen is shown. Checked in a fresh
process, as a clerk's start: this test process has imported every screen already."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from songnuan_desktop.persistence.database import Database

SCRIPT = """
import json, sys
from PySide6.QtWidgets import QApplication
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.ui.main_window import MainWindow
from songnuan_desktop.ui.selftest import _self_test_user

def screens_imported():
    return sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("songnuan_desktop.ui.screens."))

app = QApplication([])
db = open_database(sys.argv[1])
window = MainWindow(db, _self_test_user(db))
window.show()
seen = {"start": screens_imported(), "built": sorted(window.screens)}
window.show_screen("payouts")
seen["payouts"] = screens_imported()
seen["built_after"] = sorted(window.screens)
window.lanes.wait(30_000)
window.close()
db.close()
print(json.dumps(seen))
"""


def test_a_screen_is_imported_and_built_when_first_opened(ui_db: Database, tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SONGNUAN_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-c", SCRIPT, ui_db.url], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["built"] == ["home"]
    assert seen["start"] == ["home", "placeholder"]  # placeholder: the stand-in for a screen not written yet
    assert "payouts" in seen["payouts"] and "files" not in seen["payouts"]
    assert seen["built_after"] == ["home", "payouts"]
