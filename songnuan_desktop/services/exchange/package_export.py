"""报送包 export: the office's rows and attachments, encrypted, written safely to a folder (a USB stick).

`export_package(db, by, target_dir, passphrase, progress=None, is_cancelled=None) -> PackageInfo`

Safe writing (services.publishing.publish): free space checked against an estimate first; the package is written
under a hidden temporary name in the target folder, flushed and fsynced, read back, decrypted and checked
against its manifest; its sequence (`exchange_log`), audit entry and publication are committed, and only
then is it renamed to `报送包-<单位>-<序号>-<日期>.snpkg`. Any failure before the commit (stick pulled:
OSError) leaves no file under the final name and does not use up a number; a kill after it leaves the
sequence used and the next start finishes the rename or says the package must be exported again.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from songnuan_desktop import __version__
from songnuan_desktop.domain.errors import DomainError, ValidationFailed
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.exchange.format import Manifest, OpenedPackage, TableSource, Timings, write_package
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry, Base, ExchangeLog
from songnuan_desktop.services.office.keys import office_signer
from songnuan_desktop.services.office.office import OfficeInfo, local_office
from songnuan_desktop.services.exchange.package_rows import RowReader
from songnuan_desktop.services.publishing.publications import recover
from songnuan_desktop.services.publishing.publish import publishing
from songnuan_desktop.services.publishing.publish_marks import floor
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.storage import PACKAGE_SHARE, SLACK, check_space, stick_error, stick_folder, write_on_stick

Progress = Callable[[int, int], None]

# The office's own rows, parents before children. Users go without their password hashes (package_rows).
TABLES = (
    "org_units", "users", "setting_versions", "dibao_lines", "worker_files", "household_members", "income_items",
    "hardship_causes", "file_exclusions", "attachments", "campaigns", "campaign_budgets", "campaign_standards",
    "visit_quotas",
    "campaign_standard_bands",
    "assistance_items", "item_transitions", "notices", "notice_snapshots", "objections", "vouchers", "spot_checks",
    "spot_check_entries", "visit_groups", "visits", "visit_households", "goods_kinds", "goods_lines", "goods_receipts",
    "audit_log",
)
SUFFIX = ".snpkg"
PACKAGE_KIND = "township"  # a decisions package from the county says "county_decisions"


@dataclass(frozen=True)
class PackageInfo:
    path: Path
    sequence: int
    office_name: str
    created_at: dt.datetime
    size_bytes: int
    sha256: str
    row_counts: dict[str, int]
    attachments: int
    timings: Timings


class ExportCancelled(DomainError):
    """The user stopped the export; nothing was written under the final name, no number was used."""


def _check_role(by: SessionUser) -> None:
    by.require(Action.EXPORT_PACKAGE)


def next_sequence(db: Database, office_id: uuid.UUID) -> int:
    """One above the last package written out, or above the sequence a restore skipped ahead to."""
    with db.read() as session:
        return last_sequence(session, office_id) + 1


def last_sequence(session: Session, office_id: uuid.UUID) -> int:
    last = session.scalar(select(func.max(ExchangeLog.sequence))
                          .where(ExchangeLog.direction == "out", ExchangeLog.office_id == office_id))
    return max(last or 0, floor(session, office_id))


def package_name(office: OfficeInfo, sequence: int, day: dt.date) -> str:
    safe = "".join(c for c in office.name if c not in '<>:"/\\|?*').strip() or "单位"
    return f"报送包-{safe}-{sequence:04d}-{day:%Y%m%d}{SUFFIX}"


# --- reading the rows -----------------------------------------------------------------------------

def _attachment_files(conn: Connection, office_id: uuid.UUID, folder: Path) -> list[tuple[str, Path]]:
    """The files the county has not received yet: those its decisions package acknowledged (county_receipts)
    are left out — the rows still travel, the county keeps the files it has."""
    table = Base.metadata.tables["attachments"]
    receipts = Base.metadata.tables["county_receipts"]
    rows = conn.execute(select(table.c.sha256, table.c.stored_path)
                        .where(table.c.origin_office_id == office_id, table.c.deleted.is_(False),
                               table.c.sha256.not_in(select(receipts.c.sha256)))
                        .order_by(table.c.sha256)).all()
    files = {sha: folder / stored for sha, stored in rows}
    missing = [path.name for path in files.values() if not path.is_file()]
    if missing:
        raise ValidationFailed("attachments_missing", f"有 {len(missing)} 个附件文件找不到（如 {missing[0]}），"
                               f"请检查数据文件夹 {folder}。", {"missing": missing[:20]})
    return sorted(files.items())


def _estimate(db: Database, conn: Connection, attachments: list[tuple[str, Path]]) -> int:
    """A measured share of the database's size (storage.PACKAGE_SHARE) plus every attachment."""
    if conn.dialect.name == "sqlite":
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar() or 0
        size = conn.exec_driver_sql("PRAGMA page_size").scalar() or 4096
        base = int(pages) * int(size)
    else:
        base = 200 * 2**20
    return int(base * PACKAGE_SHARE) + sum(p.stat().st_size for _, p in attachments) + SLACK


# --- writing safely -------------------------------------------------------------------------------

def _stick_error(exc: OSError, where: Path) -> DomainError:
    return stick_error(exc, where, "没有留下报送包，序号未占用，请插好U盘后重新导出。")


def verify_written(path: Path, passphrase: str, written: Manifest) -> None:
    with OpenedPackage(path, passphrase) as package:
        if package.manifest.raw != json.loads(json.dumps(written.raw, ensure_ascii=False)):
            raise DomainError("verify_failed", "写入后读回校验不一致，报送包已删除。请换一个U盘重新导出。")


@dataclass
class _Job:
    db: Database
    by: SessionUser
    office: OfficeInfo
    passphrase: str
    sequence: int
    created_at: dt.datetime
    progress: Progress | None
    is_cancelled: Callable[[], bool] | None
    timings: Timings

    def step(self, done: int, total: int) -> None:
        if self.is_cancelled is not None and self.is_cancelled():
            raise ExportCancelled("cancelled", "已取消导出：没有留下报送包，序号未占用。")
        if self.progress is not None:
            self.progress(done, total)

    def facts(self) -> dict[str, Any]:
        return {"kind": PACKAGE_KIND, "database": self.db.engine.dialect.name,
                "office": {"id": str(self.office.id), "name": self.office.name, "level": self.office.level,
                           "region_code": self.office.region_code},
                "sequence": self.sequence, "created_at": self.created_at.isoformat(timespec="seconds") + "Z",
                "app_version": __version__, "created_by": self.by.username}

    def write(self, out: BinaryIO, attachments: list[tuple[str, Path]]) -> Manifest:
        total = len(TABLES) + 2
        with RowReader(self.db.engine, TABLES, self.office.id, self.timings) as reader:
            tables = [TableSource(name, [c.name for c in Base.metadata.tables[name].columns], reader.table(),
                                  reader.encoded) for name in TABLES]
            done = iter(range(1, total))
            return write_package(out, self.passphrase, self.facts(), tables, attachments,
                                 progress=lambda _name: self.step(next(done), total), timings=self.timings,
                                 late_facts=lambda: {"audit_tip": reader.audit_tip},
                                 signer=office_signer(self.db, self.by.actor))


def _record(session: Session, job: _Job, path: Path, size: int, sha256: str, manifest: Manifest) -> None:
    counts = manifest.row_counts
    session.add(ExchangeLog(direction="out", office_id=job.office.id, sequence=job.sequence,
                            created_at=job.created_at, file_name=path.name, sha256=sha256,
                            size_bytes=size, row_counts_json=json.dumps(counts),
                            by_user_id=job.by.id, by_username=job.by.username))
    audit.append(session, job.by.actor, "export_package", "exchange_log", str(job.sequence),
                 after={"path": str(path), "sequence": job.sequence, "sha256": sha256,
                        "rows": sum(counts.values()), "attachments": len(manifest.raw["attachments"])})


def export_package(db: Database, by: SessionUser, target_dir: Path, passphrase: str,
                   progress: Progress | None = None, is_cancelled: Callable[[], bool] | None = None) -> PackageInfo:
    _check_role(by)
    target = stick_folder(target_dir)
    if not passphrase:
        raise ValidationFailed("passphrase", "请填写县总工会给的报送包口令。", {"field": "passphrase"})
    office = local_office(db)
    created = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    recover(db)  # a package a killed export left pending takes its sequence before the next is chosen
    job = _Job(db, by, office, passphrase, next_sequence(db, office.id), created, progress, is_cancelled,
               Timings())
    with db.engine.connect() as conn:
        attachments = _attachment_files(conn, office.id, db.attachments_dir)
        needed = _estimate(db, conn, attachments)
    final = target / package_name(office, job.sequence, dt.date.today())
    try:
        with publishing(db, "export_package", final) as pub:
            check_space(target, needed)  # after publishing removed a killed export's .part
            manifest, sha256, size = _write_verified(job, pub.temp, attachments)
            with db.write(by.actor) as session:
                _record(session, job, final, size, sha256, manifest)
                pub.record(session, by.actor, {"sequence": job.sequence, "sha256": sha256})
    except OSError as exc:
        raise _stick_error(exc, final) from exc
    job.step(len(TABLES) + 2, len(TABLES) + 2)
    return PackageInfo(final, job.sequence, office.name, created, size, sha256,
                       manifest.row_counts, len(manifest.raw["attachments"]), job.timings)


def _write_verified(job: _Job, tmp: Path, attachments: list[tuple[str, Path]]) -> tuple[Manifest, str, int]:
    """The package under its temporary name, read back (from the stick: its pages were dropped) and checked."""
    timings = job.timings
    started = checking = time.perf_counter()

    def verify(path: Path, manifest: Manifest) -> None:
        nonlocal checking
        timings.write = time.perf_counter() - started
        timings.zip = timings.write - timings.wait - timings.encrypt
        job.step(len(TABLES) + 1, len(TABLES) + 2)
        checking = time.perf_counter()
        verify_written(path, job.passphrase, manifest)

    try:
        manifest, sha256, size = write_on_stick(tmp, lambda out: job.write(out, attachments), verify)
    except OSError as exc:
        raise _stick_error(exc, tmp) from exc
    timings.verify = time.perf_counter() - checking
    return manifest, sha256, size


# --- what the 报送 screen shows -------------------------------------------------------------------

@dataclass(frozen=True)
class ExportRecord:
    """One package written by this office (an `exchange_log` row, direction out)."""

    sequence: int
    created_at: dt.datetime  # UTC, naive
    file_name: str
    folder: str  # where it was written, from the audit entry ("" when not found)
    size_bytes: int
    rows: int
    by_username: str
    sha256: str


@dataclass(frozen=True)
class ExportPreview:
    """What the next export will hold: rows per table of the local office, the attachments, its number."""

    office: OfficeInfo
    sequence: int
    file_name: str
    row_counts: dict[str, int]
    attachments: int
    attachment_bytes: int
    last: ExportRecord | None


def _owner(table: Any) -> Any:
    return table.c.office_id if table.name == "audit_log" else table.c.origin_office_id


def _row_counts(session: Session, office_id: uuid.UUID) -> dict[str, int]:
    # One COUNT(*) per table on its office index: ~0.1 s for a 100,000-file office.
    counts = {}
    for name in TABLES:
        table = Base.metadata.tables[name]
        counts[name] = session.scalar(select(func.count()).select_from(table).where(_owner(table) == office_id)) or 0
    return counts


def _attachment_totals(session: Session, office_id: uuid.UUID) -> tuple[int, int]:
    """Distinct files (by hash, as the package holds them) and their bytes; not those the county has."""
    table = Base.metadata.tables["attachments"]
    receipts = Base.metadata.tables["county_receipts"]
    files = (select(table.c.sha256, func.max(table.c.size_bytes).label("size"))
             .where(table.c.origin_office_id == office_id, table.c.deleted.is_(False),
                    table.c.sha256.not_in(select(receipts.c.sha256)))
             .group_by(table.c.sha256).subquery())
    count, size = session.execute(select(func.count(), func.coalesce(func.sum(files.c.size), 0))).one()
    return int(count), int(size)


def _records(session: Session, office_id: uuid.UUID, limit: int) -> list[ExportRecord]:
    logs = session.scalars(select(ExchangeLog).where(ExchangeLog.direction == "out", ExchangeLog.office_id == office_id)
                           .order_by(ExchangeLog.sequence.desc()).limit(limit)).all()
    if not logs:
        return []
    entries = session.execute(select(AuditEntry.entity_id, AuditEntry.after_json).where(
        AuditEntry.action == "export_package", AuditEntry.entity == "exchange_log", AuditEntry.office_id == office_id,
        AuditEntry.entity_id.in_([str(log.sequence) for log in logs]))).all()
    folders: dict[str, str] = {}
    for entity_id, after in entries:
        path = json.loads(after or "{}").get("path", "")
        folders[entity_id] = str(Path(path).parent) if path else ""
    return [ExportRecord(log.sequence, log.created_at, log.file_name, folders.get(str(log.sequence), ""),
                         log.size_bytes, sum(json.loads(log.row_counts_json or "{}").values()), log.by_username,
                         log.sha256) for log in logs]


def export_history(db: Database, limit: int = 200) -> list[ExportRecord]:
    """The packages this office has written, newest first."""
    office = local_office(db)
    with db.read() as session:
        return _records(session, office.id, limit)


def export_preview(db: Database) -> ExportPreview:
    """The 报送 screen's summary of the next package, by counting (no row is read)."""
    office = local_office(db)
    with db.read() as session:
        counts = _row_counts(session, office.id)
        attachments, size = _attachment_totals(session, office.id)
        last = _records(session, office.id, 1)
    sequence = last[0].sequence + 1 if last else 1
    return ExportPreview(office, sequence, package_name(office, sequence, dt.date.today()), counts, attachments,
                         size, last[0] if last else None)
