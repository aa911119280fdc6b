"""A worker file's history on a large audit log (issue 17 item 9: ≤ 50 ms on 500,000 entries).

Every worker file and every row of its household, causes and income items is given the "create" entry
the program would have written (the demo writes in bulk with one summary entry), which indexes them
by file as the program does; then the history of 20 files is read through the service. Printed beside
it: the query the history used before the index (every entry's JSON searched with LIKE) on the same
log, for the same files."""

from __future__ import annotations

import random
import shutil
import statistics
import time
import uuid
from pathlib import Path

from sqlalchemy import Table, or_, select, text

from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.base import Base
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.persistence.models import AuditEntry
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.files import file_history
from songnuan_desktop.services.office.session_user import SessionUser

TABLES = ("worker_files", "household_members", "hardship_causes", "income_items")
BATCH = 20_000
CHILDREN = ("household_members", "hardship_causes", "income_items", "attachments", "file_exclusions")


def _log_everything(path: Path) -> int:
    db = open_database(f"sqlite:///{path}")
    written = 0
    try:
        actor = audit.Actor(None, "benchmark")
        with db.write(actor) as session:
            conn = session.connection()
            for name in TABLES:
                table: Table = Base.metadata.tables[name]
                rows = [dict(r) for r in conn.execute(select(table)).mappings()]
                for start in range(0, len(rows), BATCH):
                    audit.append_many(session, actor, "create", name, audit.created_entries(rows[start:start + BATCH]))
                written += len(rows)
    finally:
        db.close()
    return written


def _old_scan(session, file_id: uuid.UUID) -> int:  # type: ignore[no-untyped-def]
    """The history's query before the index: the file's own entries, and the JSON of every child entry."""
    key = str(file_id)
    mention = f'%"worker_file_id":"{key}"%'
    own = (AuditEntry.entity == "worker_files") & (AuditEntry.entity_id == key)
    children = AuditEntry.entity.in_(CHILDREN) & or_(AuditEntry.after_json.like(mention),
                                                     AuditEntry.before_json.like(mention))
    return len(session.scalars(select(AuditEntry).where(or_(own, children))).all())


def test_file_history_on_a_large_audit_log(bench_db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    shutil.copy(bench_db_path, path)
    started = time.perf_counter()
    written = _log_everything(path)
    print(f"\n[bench] file history: {written} create entries written and indexed in "
          f"{time.perf_counter() - started:.1f} s")
    db = open_database(f"sqlite:///{path}")
    try:
        with db.engine.connect() as conn:
            entries = conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
            ids = [uuid.UUID(str(i)) if not isinstance(i, uuid.UUID) else i
                   for i in conn.execute(text("SELECT id FROM worker_files")).scalars()]
            office = conn.execute(text("SELECT office_id FROM worker_files LIMIT 1")).scalar_one()
        picked = random.Random(7).sample(ids, 20)
        user = _reader(db, office)
        timings, lines = [], 0
        for file_id in picked:
            started = time.perf_counter()
            found = file_history.history(db, user, file_id)
            timings.append(time.perf_counter() - started)
            lines += len(found.changes)
            assert found.changes, "every picked file has its create entry"
        old = []
        with db.read() as session:
            for file_id in picked[:5]:
                started = time.perf_counter()
                _old_scan(session, file_id)
                old.append(time.perf_counter() - started)
        median = statistics.median(timings)
        print(f"[bench] file history on {entries} audit entries: median {median * 1000:.1f} ms "
              f"(20 files, {lines} lines; max {max(timings) * 1000:.1f} ms); the query before the index: "
              f"median {statistics.median(old) * 1000:.0f} ms (5 files) — target ≤ 50 ms")
        assert median <= 0.050
    finally:
        db.close()


def _reader(db, office) -> SessionUser:  # type: ignore[no-untyped-def]
    """The demo's clerk (the demo's users all have the demo password)."""
    return auth.login(db, "jingban", "songnuan2026")
