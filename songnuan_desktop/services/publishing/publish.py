"""Publishing a file: commit before publish (STYLE 13, 17: the one way to write a file that carries numbers,
a package sequence or personal data).

    with publishing(db, "roster", final) as pub:
        write_roster(doc, pub.temp, …)                 # a plain "write to this path" function
        with db.write(actor) as session:
            …numbers, sequence, audit entry…
            pub.record(session, actor, {"rows": 12})  # the last thing in the transaction
    # committed: pub.path is now the file under its final name

1. The document is written under a hidden temporary name in the target folder (`storage.part_name`).
2. `record` fsyncs it and adds a `publications` row (kind, final and temporary path, size, pid, who, when,
   what it carries) in the caller's transaction, beside its numbers and audit entry.
3. The caller's transaction commits; only then is the file renamed into place and the folder fsynced.
4. A second short transaction marks the row published.

A failure before the commit removes the temporary file and the database is as it was (the caller's
transaction rolled back). A kill after the commit leaves a pending row: the next start
(`services.publishing.publications.recover`) finishes the rename, or names the numbers whose paper may be missing.
Never rename inside an open transaction.

Test-only: the environment variable `SONGNUAN_FAULT_AT=before_commit|after_commit|after_rename` makes the
process kill itself (SIGKILL) at that point, so the fault tests can stop a real command there.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, event, insert, update
from sqlalchemy.orm import Session

from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.persistence.audit import Actor
from songnuan_desktop.persistence.base import utcnow
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models_publications import MISSING, PENDING, PUBLISHED, Publication
from songnuan_desktop.services.publishing import publish_marks
from songnuan_desktop.storage import Replacement, fsync_file, part_name, remove, remove_stale_parts, stick_error

log = logging.getLogger("songnuan")
FAULT_VARIABLE = "SONGNUAN_FAULT_AT"
PUBLICATIONS = cast(Table, Publication.__table__)


def fault_point(name: str) -> None:
    """Test-only: die here, as a power cut would, when SONGNUAN_FAULT_AT names this point."""
    if os.environ.get(FAULT_VARIABLE) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def write_error(exc: OSError, where: Path, left: str = "") -> DomainError:
    """A write that failed before anything was recorded: worded as every write failure is
    (storage.stick_error, storage.os_words), with what was left (nothing) and what to do."""
    left = left or "文件没有保存，编号未占用，也没有留下半个文件。"
    return stick_error(exc, where, f"{left}请换一个有空间、可写入的位置后重试：{where.parent}")


class Publishing:
    """One file on its way to `path`: written to `temp`, recorded, then renamed (see the module doc)."""

    def __init__(self, db: Database, kind: str, path: Path) -> None:
        self.db, self.kind, self.path = db, kind, path
        self.temp = part_name(path)
        self.id: uuid.UUID | None = None
        self.committed = False

    def record(self, session: Session, actor: Actor, carries: dict[str, Any]) -> None:
        """In the caller's transaction, the last thing before its commit: the file is being published."""
        size = fsync_file(self.temp)
        self.id = uuid.uuid4()
        session.connection().execute(insert(PUBLICATIONS).values(
            id=self.id, kind=self.kind, final_path=str(self.path), temp_path=str(self.temp), size_bytes=size,
            pid=os.getpid(), by_user_id=actor.user_id, by_username=actor.username, started_at=utcnow(),
            state=PENDING, carries_json=json.dumps(carries, ensure_ascii=False)))
        event.listen(session, "after_commit", self._committed, once=True)
        fault_point("before_commit")

    def _committed(self, _session: Session) -> None:
        self.committed = True

    def finish(self) -> Path:
        """After the commit: the rename, the folder synced, the row marked published."""
        fault_point("after_commit")
        _marks(publish_marks.save, self.db)
        try:
            Replacement(self.path, self.temp).commit()  # fsynced already (record): the rename, the folder
        except OSError as exc:
            mark(self.db, cast(uuid.UUID, self.id), MISSING)
            raise DomainError("publish_rename_failed", f"编号已登记，但文件未能放到 {self.path.parent}"
                              f"（{exc.strerror or exc}）。请插好U盘后补打或重新导出；已登记的编号不会再发给别人。",
                              {"path": str(self.path)}) from exc
        fault_point("after_rename")
        mark(self.db, cast(uuid.UUID, self.id), PUBLISHED)
        return self.path


def _marks(write: Callable[..., None], *args: Any) -> None:
    """The marks beside the database are a second guard (the counters are in the database): a folder that
    cannot take them is logged, never a reason to stop a print."""
    try:
        write(*args)
    except OSError:
        log.warning("number marks not written", exc_info=True)


def mark(db: Database, publication_id: uuid.UUID, state: str) -> None:
    with db.factory.begin() as session:
        session.connection().execute(update(PUBLICATIONS).where(PUBLICATIONS.c.id == publication_id)
                                     .values(state=state, finished_at=utcnow()))


@contextmanager
def publishing(db: Database, kind: str, path: Path | str, left: str = "") -> Iterator[Publishing]:
    """`with publishing(db, kind, final) as pub:` write `pub.temp`, then in one transaction the records and
    `pub.record(…)`; on leaving the block the file is renamed into place (see the module doc). `left` says,
    when a write fails, what that failure left (nothing) in the caller's words."""
    from songnuan_desktop.services.publishing.publications import recover

    final = Path(path)
    recover(db)  # what a killed process left pending is settled before new numbers are given out
    remove_stale_parts(final.parent)
    _marks(publish_marks.remember_folder, db, final.parent)
    pub = Publishing(db, kind, final)
    try:
        yield pub
        if not pub.committed:
            raise RuntimeError(f"publishing {kind}: the block ended without committing pub.record()")
    except BaseException as exc:
        if pub.committed:  # the numbers are recorded: the file goes under its name all the same
            pub.finish()
            raise
        remove(pub.temp)
        if isinstance(exc, OSError):
            raise write_error(exc, final, left) from exc
        raise
    pub.finish()
