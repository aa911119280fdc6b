"""The audit checks on a large office: verify_chain and the replay of the money fields (audit_replay).

The demo writes its rows in bulk with one summary entry, so first every worker file, item and voucher is
given the "create" entry the program would have written (persistence.audit.created_entries): the replay
then has the whole history to read. Printed, not asserted; the replay is not part of the county merge
(SPEC: merge ≤ 15 s), it runs in audit-verify and on request."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from sqlalchemy import Table, select, text

from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.base import Base
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.services.audit.audit_log import verify_chain
from songnuan_desktop.services.audit.audit_replay import TRACKED, replay_check

BATCH = 20_000


def _with_history(path: Path) -> int:
    db = open_database(f"sqlite:///{path}")
    written = 0
    try:
        actor = audit.Actor(None, "benchmark")
        with db.write(actor) as session:
            conn = session.connection()
            for name in TRACKED:
                table: Table = Base.metadata.tables[name]
                rows = [dict(r) for r in conn.execute(select(table)).mappings()]
                for start in range(0, len(rows), BATCH):
                    audit.append_many(session, actor, "create", name, audit.created_entries(rows[start:start + BATCH]))
                written += len(rows)
    finally:
        db.close()
    return written


def test_replay_and_chain_on_a_large_office(bench_db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    shutil.copy(bench_db_path, path)
    started = time.perf_counter()
    rows = _with_history(path)
    print(f"\n[bench] audit history: {rows} create entries written in {time.perf_counter() - started:.1f} s")
    db = open_database(f"sqlite:///{path}")
    try:
        with db.engine.connect() as conn:
            entries = conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
        started = time.perf_counter()
        chain = verify_chain(db)
        chain_s = time.perf_counter() - started
        report = replay_check(db)
        print(f"[bench] verify_chain: {entries} entries in {chain_s:.2f} s; replay_check: {report.checked} rows "
              f"against their history in {report.seconds:.2f} s ({report.bulk_rows} without)")
        assert chain.ok and report.ok and report.checked == rows
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE worker_files SET bank_card = '6217000000000000666' "
                              "WHERE rowid IN (SELECT rowid FROM worker_files LIMIT 3)"))
        report = replay_check(db)
        print(f"[bench] replay_check with 3 cards changed in SQL: {len(report.findings)} findings, "
              f"{report.seconds:.2f} s")
        assert len(report.findings) == 3
    finally:
        db.close()
