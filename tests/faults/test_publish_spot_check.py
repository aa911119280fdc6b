"""Issue 12 item 1 for the 抽查登记表 (names and phones): killed between the commit and the rename, the sheet
is logged and put in place by the next start; killed before the commit, nothing is under its name."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.persistence.models import AuditEntry
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.publishing import publications
from songnuan_desktop.services.payouts import spot_checks
from songnuan_desktop.demo.data import PASSWORD
from tests import forked
from tests.demo_offices import DemoOffices
from tests.killing import ROOT
from tests.services.payouts.test_spot_checks import paid_campaign

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

CHILD = """
import sys, uuid
from pathlib import Path
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.payouts import spot_checks
db = open_database("sqlite:///" + sys.argv[1])
spot_checks.export_list(db, auth.login(db, "shenhe", sys.argv[2]), uuid.UUID(sys.argv[3]), Path(sys.argv[4]))
"""


@pytest.mark.parametrize("point", ["before_commit", "after_commit"])
def test_a_spot_check_sheet_killed_is_never_under_its_name_without_its_log(tmp_path: Path, point: str,
                                                                          demo_offices: DemoOffices) -> None:
    path = demo_offices.file(tmp_path / "office.db", workers=60, seed=11)
    db = open_database(f"sqlite:///{path}")
    campaign_id, _ = paid_campaign(db)
    check = spot_checks.draw(db, auth.login(db, "shenhe", PASSWORD), campaign_id, seed=5, today=dt.date(2027, 2, 1))
    db.close()
    out = tmp_path / "抽查.pdf"
    env = dict(os.environ, PYTHONPATH=str(ROOT), SONGNUAN_DATA_DIR=str(tmp_path / "data"), SONGNUAN_FAULT_AT=point)
    child = forked.run("-c", CHILD, str(path), PASSWORD, str(check.id), str(out), env=env, cwd=ROOT, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert not out.exists()  # killed before the rename: nothing under the final name either way
    db = open_database(f"sqlite:///{path}")
    try:
        publications.recover(db)  # what the next start of the window or of any command does
        with db.read() as session:
            logged = session.scalars(select(AuditEntry.action).where(AuditEntry.action == "print_spot_check")).all()
        assert out.exists() == (point == "after_commit") == bool(logged)
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]  # nothing left in the clear
    finally:
        db.close()
