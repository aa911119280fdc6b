"""What a killed process left half-published (services.publishing.publish), settled at the start of every command,
at the window's start-up and before every new publication.

`recover(db) -> list[str]`: for each publication left pending by a process that is gone —
- its complete temporary file is still there: the rename is finished (rolled forward) and logged;
- the file is already under its final name (killed after the rename): marked published;
- neither is there: logged, and the person is told which voucher numbers (or which package) were given out
  but whose paper may be missing, and what to do. The numbers stay used: they are never given out twice.
The stale temporary files of those folders are removed (the backups folder's: backups.remove_leftovers).
The counters of a database that went back in time (a restore, a copied file) are first raised to the number marks kept
beside it, and the marks then raised to the database (services.publishing.publish_marks).

`missing_vouchers(db, office_id) -> list[MissingVoucher]`: the vouchers whose printed file went missing and
that were neither reprinted (补打) nor voided (作废) since; `missing_line` says so for the 发放 screen.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.audit import SYSTEM
from songnuan_desktop.persistence.base import utcnow
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import Voucher
from songnuan_desktop.persistence.models_publications import MISSING, PENDING, PUBLISHED, ROLLED_FORWARD, Publication
from songnuan_desktop.services.publishing import publish_marks
from songnuan_desktop.storage import STALE_SECONDS, fsync_dir, remove_stale_parts, running

log = logging.getLogger("songnuan")
PUBLICATIONS = cast(Table, Publication.__table__)
VOUCHER_KINDS = ("vouchers", "vouchers_voided")
KIND_LABELS = {
    "vouchers": "发放凭证", "vouchers_voided": "作废凭证联", "roster": "发放签收表", "bank_list": "银行代发清单",
    "notice": "公示", "export_workers": "档案导出表", "file_sheet": "档案表", "visit_sheet": "走访安排表",
    "export_package": "报送包", "export_decisions": "下发包", "backup": "备份", "backup_encrypted": "加密备份",
    "campaign_summary": "活动总结",
}


@dataclass(frozen=True)
class MissingVoucher:
    number: str
    voucher_id: uuid.UUID
    printed_at: dt.datetime  # when the lost print was recorded (UTC)
    path: str  # where it should have been


def _gone(row: Any, now: dt.datetime) -> bool:
    return not running(row.pid) or (now - row.started_at).total_seconds() > STALE_SECONDS


def recover(db: Database) -> list[str]:
    """Settle the publications of processes that are gone; what a person should know, in Chinese."""
    lines = publish_marks.raise_to_marks(db, SYSTEM)  # a database gone back in time never reissues a number
    now = utcnow()
    with db.read() as session:
        pending = session.execute(select(PUBLICATIONS).where(PUBLICATIONS.c.state == PENDING)).all()
    rows = [r for r in pending if _gone(r, now)]
    folders: set[Path] = set()
    for row in rows:
        final, temp = Path(row.final_path), Path(row.temp_path)
        folders.add(final.parent)
        state, line, place = _settle(row, final, temp)
        with db.write(SYSTEM) as session:
            changed = session.connection().execute(update(PUBLICATIONS).where(
                PUBLICATIONS.c.id == row.id, PUBLICATIONS.c.state == PENDING).values(state=state, finished_at=utcnow()))
            if changed.rowcount and state != PUBLISHED:
                audit.append(session, SYSTEM, f"publication_{state}", "publications", str(row.id), after={
                    "kind": row.kind, "path": str(place), "by": row.by_username, **json.loads(row.carries_json)})
        if line:
            lines.append(line)
            log.warning("publication %s %s: %s", row.id, state, row.final_path)
    for folder in folders | set(publish_marks.folders(db)):
        remove_stale_parts(folder)  # a temporary file written before a kill (no row: it was never committed)
    try:
        publish_marks.save(db)
    except OSError:
        log.warning("number marks not written", exc_info=True)
    return lines


def _settle(row: Any, final: Path, temp: Path) -> tuple[str, str, Path]:
    """(new state, what to tell, where the file is)."""
    what = KIND_LABELS.get(row.kind, row.kind)
    try:
        if temp.is_file() and temp.stat().st_size == row.size_bytes:
            place = final if not final.exists() else _beside(final, row.id)  # never over a file written since
            os.replace(temp, place)
            fsync_dir(final.parent)
            return ROLLED_FORWARD, f"上次{what}在保存时中断：已登记的文件已补放到 {place}。", place
    except OSError:
        log.warning("publication %s: temporary file could not be renamed", row.id, exc_info=True)
    if final.is_file():
        return PUBLISHED, "", final
    return MISSING, _missing_line(what, row), final


def _beside(final: Path, publication_id: uuid.UUID) -> Path:
    return final.with_name(f"{final.stem}-补放-{publication_id.hex[:6]}{final.suffix}")


def _missing_line(what: str, row: Any) -> str:
    carries = json.loads(row.carries_json)
    numbers = [n for n, _count in carries.get("vouchers", [])]
    if numbers:
        span = "、".join(numbers[:5]) + (f" 等 {len(numbers)} 张" if len(numbers) > 5 else "")
        return (f"上次打印{what}时程序中断，凭证 {span} 已编号登记，但纸质凭证文件可能没有保存。"
                "请到“发放”中对这些凭证选择“补打”，或作废后重开；这些编号不会再发给别人。")
    if "sequence" in carries:
        return (f"上次写出第 {carries['sequence']} 号{what}时程序中断，序号已登记但文件没有保存"
                f"（应在 {Path(row.final_path).parent}）。请重新导出，新包将使用下一个序号。")
    return f"上次保存{what}时程序中断，文件没有保存（应在 {Path(row.final_path).parent}）。请重新导出或打印。"


def missing_vouchers(db: Database, office_id: uuid.UUID) -> list[MissingVoucher]:
    """Vouchers of the office whose paper may be missing and that were neither reprinted nor voided since."""
    with db.read() as session:
        return _missing(session, office_id)


def missing_line(db: Database, office_id: uuid.UUID) -> str:
    """What the 发放 screen says of the vouchers whose paper may be missing ("" when none), and what to do."""
    missing = missing_vouchers(db, office_id)
    if not missing:
        return ""
    shown = "、".join(m.number for m in missing[:5]) + (f" 等 {len(missing)} 张" if len(missing) > 5 else "")
    return (f"凭证 {shown} 已编号登记，但打印时程序中断，纸质凭证可能没有保存：请选中对应名单项“补打”，"
            "或作废后重开。这些编号不会再发给别人。")


def _missing(session: Session, office_id: uuid.UUID) -> list[MissingVoucher]:
    lost = session.execute(select(PUBLICATIONS.c.carries_json, PUBLICATIONS.c.started_at, PUBLICATIONS.c.final_path)
                           .where(PUBLICATIONS.c.state == MISSING, PUBLICATIONS.c.kind == "vouchers")).all()
    wanted: dict[str, tuple[int, dt.datetime, str]] = {}
    for carries, started, path in lost:
        for number, count in json.loads(carries).get("vouchers", []):
            wanted[number] = (count, started, path)
    if not wanted:
        return []
    out = []
    rows = session.execute(select(Voucher.id, Voucher.number, Voucher.reprint_count).where(
        Voucher.office_id == office_id, Voucher.voided_at.is_(None), Voucher.number.in_(list(wanted))))
    for voucher_id, number, count in rows:
        lost_count, started, path = wanted[number]
        if count <= lost_count:
            out.append(MissingVoucher(number, voucher_id, started, path))
    return sorted(out, key=lambda m: m.number)
