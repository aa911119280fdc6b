"""County merge (汇总): the townships' 报送包 taken into the county database.

`merge_packages(db, by, paths, passphrase, progress=None, is_cancelled=None) -> MergeReport`

1. **Verify.** Every package is decrypted (in memory, or a private folder: see
   exchange.format) and checked against its manifest and signature (wrong passphrase, damage, truncation,
   a newer format, member names such as `../../x` are each refused by exchange.format). Then: it must be
   a township's package, of an office in this county (its region code starts with the county's), with the
   tables and columns this program knows. Its signing key must be one the county registered for that
   township (services.office.key_register): an unsigned package, an unknown key or another township's key is
   refused, naming the office and the key's fingerprint. Any refusal names the file and leaves the database as it was.
2. **Sequence.** Per township the package numbers only grow. The same package again (same number, same
   SHA-256) changes nothing; an older number than the last one taken in is refused with the dates of
   both; the same number with other contents is refused. Of several packages of one township in one
   merge only the newest is applied (newest wins), the others are reported as superseded.
3. **One transaction.** The packages are verified in the background, two at a time, while the ones
   before are written in the merge's transaction (a package is written when it is newer than what the
   county and this merge hold of its township); which were applied is settled at the end as if every
   package had been verified first, and any refusal, the last package's too, rolls everything back.
   A package is a snapshot of the township: its rows at the county are replaced by
   the package's (delete, then insert in dependency order), its audit log goes to township_audit_log,
   the office row is created or renamed, and `exchange_log` gets an "in" row per package. On PostgreSQL
   the rows go in by COPY and, where the role may, with their foreign keys checked by one query per table
   after it instead of a trigger query per row (persistence.bulk_keys: the same refusal). The county's
   own audit log gets one entry per package. Attachments are written by content address once every
   package is verified, before the
   commit (an orphan file after a failure is harmless); the county keeps those it already has.

Township rows are read-only at the county: the ORM refuses to change a row another office made
(persistence.audit), and the county's screens only read them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import operator
import re
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Connection, DateTime, Uuid, delete, func, select

from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.exchange.crypto import PackageError
from songnuan_desktop.exchange.format import OpenedPackage, work_root
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.base import utcnow
from songnuan_desktop.persistence.bulk import bulk_cache, gc_paused
from songnuan_desktop.persistence.bulk_keys import KeyChecks
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import Base, ExchangeLog, Office
from songnuan_desktop.services.audit import audit_anchor
from songnuan_desktop.services.office.key_register import KeyRefused, check_key
from songnuan_desktop.services.office.office import OfficeInfo, local_office
from songnuan_desktop.services.exchange.package_export import PACKAGE_KIND, TABLES
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.storage import file_sha256, fsync_dir, remove_stale_workdirs, writing

Progress = Callable[[int, int], None]

AUDIT = "audit_log"
TOWNSHIP_AUDIT = "township_audit_log"
# Parents before children, from the foreign keys (notices before the items that point at them).
MERGE_ORDER = tuple(t.name for t in Base.metadata.sorted_tables if t.name in TABLES)
_STORED = re.compile(r"[0-9a-f]{2}/[0-9a-f]{64}(\.[a-z0-9]{1,10})?")
_BATCH = 5000
_REBUILD_MIN_ROWS = 20_000  # below this the rebuild is not worth its scan
_VERIFY_THREADS = 2
_AHEAD = 4  # packages opened beyond those handed to the writer: two being verified, two ready
# SQLite page cache during the merge: random UUID keys scatter ~1M rows over every index of a 500 MB
# county file; with the default 2 MB the 40-package benchmark took ~11 s longer (64 MB: ~6 s longer).
_BULK_CACHE_KIB = 262_144


class MergeRefused(DomainError):
    """A package that may not be taken in; the database is as it was."""


class MergeCancelled(DomainError):
    """The user stopped the merge before it committed; the database is as it was."""


@dataclass(frozen=True)
class PackageResult:
    path: Path
    office_id: uuid.UUID
    office_name: str
    sequence: int
    created_at: dt.datetime
    status: str  # merged | unchanged | superseded
    rows: dict[str, int]
    attachments_new: int = 0
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"file": self.path.name, "office_id": str(self.office_id), "office": self.office_name,
                "sequence": self.sequence, "created_at": self.created_at.isoformat(timespec="seconds"),
                "status": self.status, "rows": sum(self.rows.values()), "files": self.rows.get("worker_files", 0),
                "attachments_new": self.attachments_new, "note": self.note}


@dataclass
class MergeReport:
    results: list[PackageResult]
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def merged(self) -> list[PackageResult]:
        return [r for r in self.results if r.status == "merged"]

    def summary(self) -> str:
        merged, same = self.merged, [r for r in self.results if r.status == "unchanged"]
        parts = [f"汇总了 {len(merged)} 个乡镇的报送包"]
        if merged:
            parts.append(f"共 {sum(r.rows.get('worker_files', 0) for r in merged)} 份档案")
        if same:
            parts.append(f"{len(same)} 个包此前已导入，未做改动")
        superseded = len(self.results) - len(merged) - len(same)
        if superseded:
            parts.append(f"{superseded} 个较旧的包被同一乡镇更新的包取代")
        return "，".join(parts) + "。"


# --- the packages -----------------------------------------------------------------------------------

@dataclass
class _Incoming:
    path: Path
    package: OpenedPackage
    sha256: str
    size: int
    office_id: uuid.UUID
    office_name: str
    region_code: str
    sequence: int
    created_at: dt.datetime
    source_db: str

    @property
    def label(self) -> str:
        return f"“{self.path.name}”（{self.office_name}，第 {self.sequence} 号）"


def _refuse(path: Path, reason: str, code: str = "package_refused", **details: Any) -> MergeRefused:
    return MergeRefused(code, f"报送包“{path.name}”不能导入：{reason}数据库没有任何改动。",
                        {"file": str(path), **details})


def created_at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.rstrip("Z")).replace(tzinfo=None)


def _open(path: Path, passphrase: str, county: OfficeInfo, workdir: Path | None) -> _Incoming:
    if not path.is_file():
        raise _refuse(path, "找不到该文件（U盘是否已拔出？）。", "package_missing")
    try:
        sha256, size = file_sha256(path)
        package = OpenedPackage(path, passphrase, workdir)
    except PackageError as exc:
        raise MergeRefused(exc.code, f"报送包“{path.name}”不能导入：{exc.message}", {"file": str(path)}) from exc
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):  # the decrypted copy did not fit beside the database
            raise _disk_error(exc, workdir or work_root()) from exc
        raise _refuse(path, f"读取失败（{exc.strerror or exc}）。", "package_unreadable") from exc
    try:
        return _checked(path, package, sha256, size, county)
    except BaseException:
        package.close()
        raise


def _checked(path: Path, package: OpenedPackage, sha256: str, size: int, county: OfficeInfo) -> _Incoming:
    raw = package.manifest.raw
    if raw.get("kind", PACKAGE_KIND) != PACKAGE_KIND:
        raise _refuse(path, "这不是乡镇的报送包（可能是县总工会下发的决定包）。", "package_kind")
    office = raw.get("office") or {}
    try:
        office_id = uuid.UUID(str(office["id"]))
        name, region, level = str(office["name"]), str(office.get("region_code", "")), office.get("level")
        sequence, created = int(raw["sequence"]), created_at(str(raw["created_at"]))
    except (KeyError, ValueError, TypeError) as exc:
        raise _refuse(path, "清单不完整（缺少单位或序号）。", "package_manifest") from exc
    if level != "township" or office_id == county.id:
        raise _refuse(path, f"它来自“{name}”，不是乡镇（街道）工会。", "package_not_township")
    if not region.startswith(county.region_code[:6]):
        raise _refuse(path, f"它来自“{name}”（行政区划代码 {region}），不属于本县（{county.region_code}）。"
                            "请确认是本县乡镇的U盘。", "package_other_county", region_code=region)
    for table, part in raw["tables"].items():
        known = Base.metadata.tables.get(table)
        if table not in TABLES or known is None:
            raise _refuse(path, f"它含有本程序不认识的数据“{table}”，请先升级本程序。", "package_unknown_table")
        unknown = set(part["columns"]) - set(known.columns.keys())
        missing = set(known.columns.keys()) - set(part["columns"])
        if unknown or missing:
            raise _refuse(path, f"它由另一版本的程序导出（{table} 的列不同：{', '.join(sorted(unknown | missing))}）。"
                                "请让乡镇和县里使用同一版本后重新导出。", "package_columns")
    return _Incoming(path, package, sha256, size, office_id, name, region, sequence, created,
                     str(raw.get("database", "")))


class _Opening:
    """The packages opened and checked in the background, two at a time (the key derivation, scrypt ~0.1 s a
    package, decryption, decompression and hashing release the GIL), handed out in the order given while
    the merge writes the ones before. At most _AHEAD are opened beyond those handed out: each holds its
    decompressed rows in memory (exchange.format's budget), and verifying is faster than writing, so an
    unbounded lead would fill the budget and send the later packages to disk. close() stops the rest and
    closes every package not handed out; those handed out are the caller's to close."""

    def __init__(self, paths: list[Path], passphrase: str, county: OfficeInfo, workdir: Path | None) -> None:
        self._pool = ThreadPoolExecutor(max_workers=_VERIFY_THREADS, thread_name_prefix="merge-verify")
        self._paths = paths
        self._args = (passphrase, county, workdir)
        self._futures: list[Future[_Incoming]] = []
        self._given = 0
        self._submit()
        self.waited = 0.0  # seconds the merge stood waiting for a package to be verified

    def _submit(self) -> None:
        while len(self._futures) < min(len(self._paths), self._given + _AHEAD):
            self._futures.append(self._pool.submit(_open, self._paths[len(self._futures)], *self._args))

    def __iter__(self) -> Iterator[_Incoming]:
        while self._given < len(self._paths):
            started = time.perf_counter()
            inc = self._futures[self._given].result()
            self._given += 1
            self._submit()
            self.waited += time.perf_counter() - started
            yield inc

    def close(self) -> None:
        for future in self._futures:
            future.cancel()
        self._pool.shutdown(wait=True)
        for future in self._futures[self._given:]:
            if not future.cancelled() and future.exception() is None:
                future.result().package.close()


def _last_in(conn: Connection, office_id: uuid.UUID) -> ExchangeLog | None:
    return conn.execute(select(ExchangeLog).where(ExchangeLog.direction == "in", ExchangeLog.office_id == office_id)
                        .order_by(ExchangeLog.sequence.desc()).limit(1)).first()  # type: ignore[return-value]


def _check_keys(session: Any, incoming: list[_Incoming]) -> None:
    """Each package signed by the key the county registered for the township it claims to be from."""
    for inc in incoming:
        try:
            check_key(session, inc.package.manifest.signed_by, inc.office_id, inc.office_name)
        except KeyRefused as exc:
            raise _refuse(inc.path, exc.message, exc.code, **exc.fields) from exc


def _plan(conn: Connection, incoming: list[_Incoming]) -> tuple[list[_Incoming], list[PackageResult]]:
    """The packages to apply (the newest per township), and the results of the others."""
    by_office: dict[uuid.UUID, list[_Incoming]] = {}
    for inc in incoming:
        by_office.setdefault(inc.office_id, []).append(inc)
    apply: list[_Incoming] = []
    others: list[PackageResult] = []
    for office_id, packages in by_office.items():
        packages.sort(key=lambda i: i.sequence)
        for a, b in zip(packages, packages[1:], strict=False):
            if a.sequence == b.sequence and a.sha256 != b.sha256:
                raise _refuse(b.path, f"它与{a.label}序号相同而内容不同，不知道哪个是真的。请向乡镇核实。",
                              "package_sequence_conflict")
        newest = packages[-1]
        last = _last_in(conn, office_id)
        if last is not None:
            if newest.sequence < last.sequence:
                raise _refuse(newest.path, f"它是{newest.office_name}第 {newest.sequence} 号包"
                              f"（{newest.created_at:%Y-%m-%d %H:%M} 导出），比已导入的第 {last.sequence} 号包"
                              f"（{last.created_at:%Y-%m-%d %H:%M} 导出）旧，可能是U盘上的旧文件。",
                              "package_replayed", sequence=newest.sequence, last_sequence=last.sequence)
            if newest.sequence == last.sequence:
                if newest.sha256 != last.sha256:
                    raise _refuse(newest.path, f"已导入过{newest.office_name}的第 {last.sequence} 号包，"
                                  "但这个包的内容与之不同。请向乡镇核实。", "package_sequence_conflict")
                others.extend(_result(i, "unchanged", "此前已导入，未做改动")
                              for i in packages if i.sequence == last.sequence)
                others.extend(_result(i, "superseded", f"已被此前导入的第 {last.sequence} 号包取代")
                              for i in packages if i.sequence != last.sequence)
                continue
        apply.append(newest)
        others.extend(_result(i, "superseded", f"已被同时导入的第 {newest.sequence} 号包取代")
                      for i in packages if i.sequence != newest.sequence)
    return apply, others


def _result(inc: _Incoming, status: str, note: str = "", attachments_new: int = 0) -> PackageResult:
    return PackageResult(inc.path, inc.office_id, inc.office_name, inc.sequence, inc.created_at, status,
                         inc.package.manifest.row_counts, attachments_new, note)


# --- values -----------------------------------------------------------------------------------------

def converter(column: Any, source_db: str, target_db: str) -> Callable[[Any], Any] | None:
    """How a raw value from the package becomes what the target's driver takes (None: as it is).

    A package read from SQLite carries UUIDs as 32 hex digits, booleans as 0/1 and timestamps as
    'YYYY-MM-DD HH:MM:SS.ffffff'; one read from PostgreSQL carries UUIDs with dashes, true/false and
    timestamps without microseconds when they are zero. PostgreSQL takes the rows by COPY, whose text
    input reads every one of those forms itself."""
    kind = column.type
    if target_db != "sqlite" or source_db == "sqlite":
        return None
    if isinstance(kind, Uuid):
        return lambda v: v if v is None else str(v).replace("-", "")
    if isinstance(kind, Boolean):
        return lambda v: v if v is None else int(v)
    if isinstance(kind, DateTime):
        return lambda v: v if v is None or len(v) > 19 else str(v).replace("T", " ") + ".000000"
    return None


def _raw_forms(office_id: uuid.UUID) -> frozenset[Any]:
    return frozenset({office_id.hex, str(office_id)})


@dataclass
class _Writer:
    conn: Connection
    attachments_dir: Path
    is_cancelled: Callable[[], bool] | None
    rows_total: int = 0
    insert_seconds: float = 0.0
    files: dict[int, set[str]] = field(default_factory=dict)  # per package (id()): its attachment rows' stored_path
    keys: KeyChecks | None = None  # PostgreSQL: foreign keys checked per table after the COPY (persistence.bulk_keys)
    key_seconds: float = 0.0

    def check(self) -> None:
        if self.is_cancelled is not None and self.is_cancelled():
            raise MergeCancelled("cancelled", "已取消汇总：数据库没有任何改动。")

    def replace(self, inc: _Incoming, county: OfficeInfo, earlier: _Incoming | None = None) -> None:
        """The township's rows at the county replaced by the package's; `earlier`: the package of the same
        township this merge wrote before (an older one given after it is never written)."""
        self._office(inc, county)
        if earlier is not None:  # its rows go below, its tip with them: the county keeps the applied package's
            anchors = Base.metadata.tables["audit_anchors"]
            self.conn.execute(delete(anchors).where(anchors.c.office_id == inc.office_id,
                                                    anchors.c.package_sequence == earlier.sequence))
            self.files.pop(id(earlier), None)
        if earlier is not None or _last_in(self.conn, inc.office_id) is not None:
            for name in reversed(MERGE_ORDER):
                if name == AUDIT:
                    table = Base.metadata.tables[TOWNSHIP_AUDIT]
                    self.conn.execute(delete(table).where(table.c.office_id == inc.office_id))
                else:
                    table = Base.metadata.tables[name]
                    self.conn.execute(delete(table).where(table.c.origin_office_id == inc.office_id))
        self._insert_all(inc)

    def _insert_all(self, inc: _Incoming) -> None:
        for name in MERGE_ORDER:
            if name in inc.package.manifest.raw["tables"]:
                self._insert(inc, name)
        self._check_audit_tip(inc)
        self.files.setdefault(id(inc), set())

    def _check_audit_tip(self, inc: _Incoming) -> None:
        """The township's audit log arrived whole: entries 1…n, the n-th hashing to the chain's tip as the
        township's database held it when the rows were read (a log cut short at its end is seen here)."""
        raw = inc.package.manifest.raw
        if "audit_tip" not in raw:
            return  # a package from before the tip was sent
        tip = raw["audit_tip"] or {"seq": 0, "hash": ""}
        table = Base.metadata.tables[TOWNSHIP_AUDIT]
        count, last = self.conn.execute(select(func.count(), func.max(table.c.seq))
                                        .where(table.c.office_id == inc.office_id)).one()
        last_hash = self.conn.execute(select(table.c.entry_hash).where(
            table.c.office_id == inc.office_id, table.c.seq == last)).scalar() if last is not None else ""
        if count != int(tip["seq"]) or (last or 0) != int(tip["seq"]) or (last_hash or "") != str(tip["hash"]):
            raise _refuse(inc.path, f"{inc.office_name}的审计日志不完整：应到第 {tip['seq']} 条，包里有 {count} 条"
                          f"（最后一条为第 {last or 0} 条）。请乡镇运行“songnuan audit-verify”核对后重新导出。",
                          "package_audit_incomplete")
        # The log must also extend what the township's earlier packages carried (audit_anchors): a history
        # rewritten since disagrees with the tips the county kept, though it holds together by itself.
        if rewritten := audit_anchor.check_extends(self.conn, inc.office_id, inc.office_name):
            raise _refuse(inc.path, rewritten, "package_audit_rewritten")
        audit_anchor.keep_anchor(self.conn, inc.office_id, inc.sequence, raw["audit_tip"])

    def _office(self, inc: _Incoming, county: OfficeInfo) -> None:
        offices = Base.metadata.tables["offices"]
        now = utcnow()
        exists = self.conn.execute(select(offices.c.id).where(offices.c.id == inc.office_id)).first()
        if exists:
            self.conn.execute(offices.update().where(offices.c.id == inc.office_id).values(
                name=inc.office_name, region_code=inc.region_code, parent_id=county.id, updated_at=now))
        else:
            self.conn.execute(offices.insert().values(
                id=inc.office_id, origin_office_id=inc.office_id, name=inc.office_name, level="township",
                region_code=inc.region_code, parent_id=county.id, address="", phone="", created_at=now,
                updated_at=now, row_version=1))

    def _insert(self, inc: _Incoming, name: str) -> None:
        package = inc.package
        columns = package.columns(name)
        target = Base.metadata.tables[TOWNSHIP_AUDIT if name == AUDIT else name]
        dialect = self.conn.dialect.name
        converters = [converter(target.c[c], inc.source_db, dialect) for c in columns]
        converted = [(i, f) for i, f in enumerate(converters) if f is not None]
        if dialect == "sqlite":
            sql = f"INSERT INTO {target.name} ({', '.join(columns)}) VALUES ({', '.join(['?'] * len(columns))})"
        else:  # COPY: the benchmark's 942,247 rows in ~32 s, where executemany took ~46 s
            sql = f"COPY {target.name} ({', '.join(columns)}) FROM STDIN"
        fix = _row_fix(name, columns)
        cursor: Any = self.conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        unchecked = self.keys.unchecked() if self.keys is not None else contextlib.nullcontext()
        rows_before = self.rows_total
        with unchecked:
            for batch in _sorted(name, columns, _parsed(inc, name)):
                self._copy(inc, name, columns, batch, fix, converted, cursor, sql)
        if self.keys is not None and self.rows_total > rows_before:  # the foreign keys the triggers did not check
            started = time.perf_counter()
            broken = self.keys.check(target.name, "office_id" if name == AUDIT else "origin_office_id", inc.office_id)
            self.key_seconds += time.perf_counter() - started
            if broken is not None:
                raise _conflict(inc, name, broken)

    def _copy(self, inc: _Incoming, name: str, columns: list[str], batch: list[list[Any]],
              fix: Callable[[list[Any]], None] | None, converted: list[tuple[int, Callable[[Any], Any]]],
              cursor: Any, sql: str) -> None:
        self.check()
        if fix is not None or converted:
            for row in batch:
                if fix is not None:
                    fix(row)
                for i, f in converted:
                    row[i] = f(row[i])
        if name == "attachments":
            stored = columns.index("stored_path")
            self.files.setdefault(id(inc), set()).update(row[stored] for row in batch if row[stored])
        started = time.perf_counter()
        try:
            if self.conn.dialect.name == "sqlite":
                cursor.executemany(sql, batch)
            else:
                with cursor.copy(sql) as copy:
                    for row in batch:
                        copy.write_row(row)
        except self.conn.dialect.loaded_dbapi.Error as exc:  # type: ignore[attr-defined]
            raise _conflict(inc, name, str(exc)) from exc
        self.insert_seconds += time.perf_counter() - started
        self.rows_total += len(batch)

    def _attachments(self, inc: _Incoming) -> int:
        """The package's files written where its attachment rows say (stored_path, the content address
        with the file's extension); those the county has already are kept."""
        sent = inc.package.manifest.raw["attachments"]
        new = 0
        folders: set[Path] = set()
        for stored in sorted(self.files.pop(id(inc), set())):
            self.check()
            target = self.attachments_dir / stored
            sha256 = target.name[:64]
            if sha256 not in sent or target.is_file():
                continue
            if not target.parent.is_dir():
                folders.add(target.parent.parent)  # a new content-address folder: its parent's entry too
            try:
                self._write_file(inc, sha256, target)
            except OSError as exc:
                raise _disk_error(exc, self.attachments_dir) from exc
            folders.add(target.parent)
            new += 1
        try:  # each folder written to fsynced once, before the rows naming the files are committed
            for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
                fsync_dir(folder)
        except OSError as exc:
            raise _disk_error(exc, self.attachments_dir) from exc
        return new

    @staticmethod
    def _write_file(inc: _Incoming, sha256: str, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            # Each file fsynced here, its folder once per package after all its files (_attachments): a folder
            # fsync per attachment would add a disk flush per file to the merge (issue 17 item 10).
            with writing(target, sync_folder=False) as out:
                inc.package.attachment_to(sha256, out)
        except BaseException:
            with contextlib.suppress(OSError):  # the folder, if this made it and it is empty
                target.parent.rmdir()
            raise


def _disk_error(exc: OSError, folder: Path) -> DomainError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DomainError("disk_full", f"本机磁盘空间不足，写不进 {folder}。请腾出空间后重新汇总。"
                           "数据库没有任何改动。", {"folder": str(folder)})
    return DomainError("write_failed", f"写不进 {folder}（{exc.strerror or exc}）。请检查该文件夹后重新汇总。"
                       "数据库没有任何改动。", {"folder": str(folder)})


def _conflict(inc: _Incoming, name: str, error: str) -> MergeRefused:
    return _refuse(inc.path, f"它的“{name}”与本库已有的数据冲突（{error.splitlines()[0][:120]}），"
                   "可能是伪造或拼接的包。", "package_conflict", table=name)


def _parsed(inc: _Incoming, name: str) -> Iterator[list[list[Any]]]:
    """The rows; a line that is not a JSON array (a forged part, its hash made to match) is a refusal, and
    so is a row of another office than the package's."""
    rows = inc.package.raw_rows(name, _BATCH)
    columns = inc.package.columns(name)
    owners = [operator.itemgetter(columns.index(c)) for c in ("origin_office_id", "office_id") if c in columns]
    forms = _raw_forms(inc.office_id)
    while True:
        try:
            batch = next(rows)
        except StopIteration:
            return
        except ValueError as exc:
            raise _refuse(inc.path, f"它的“{name}”有无法读取的行，可能是伪造的包。", "package_rows") from exc
        if batch and set(map(type, batch)) != {list}:
            raise _refuse(inc.path, f"它的“{name}”有无法读取的行，可能是伪造的包。", "package_rows")
        try:
            foreign = any(not set(map(owner, batch)) <= forms for owner in owners)
        except (IndexError, TypeError) as exc:  # a row too short, or a list where an id belongs
            raise _refuse(inc.path, f"它的“{name}”有无法读取的行，可能是伪造的包。", "package_rows") from exc
        if foreign:
            raise _refuse(inc.path, f"它的“{name}”里有不属于{inc.office_name}的数据，可能是伪造或拼接的包。",
                          "package_foreign_rows")
        yield batch


def _row_fix(name: str, columns: list[str]) -> Callable[[list[Any]], None] | None:
    """Rows taken in a little differently from how the township keeps them."""
    if name == "users":  # a township's users can never sign in at the county
        active = columns.index("active")

        def inactive(row: list[Any]) -> None:
            row[active] = False if isinstance(row[active], bool) else 0
        return inactive
    if name == "attachments":  # stored by content address only: no path from the package is used
        stored, sha = columns.index("stored_path"), columns.index("sha256")

        def content_address(row: list[Any]) -> None:
            path, digest = str(row[stored]), str(row[sha]).lower()
            ext = Path(path).suffix.lower() if _STORED.fullmatch(path) else ""
            row[stored] = f"{digest[:2]}/{digest}{ext}" if re.fullmatch(r"[0-9a-f]{64}", digest) else ""
        return content_address
    return None


def _sorted(name: str, columns: list[str], batches: Iterable[list[list[Any]]]) -> Iterable[list[list[Any]]]:
    """org_units refer to each other (parent_id): parents first, whatever order the package has."""
    if name != "org_units":
        return batches
    rows = [row for batch in batches for row in batch]
    ident, parent = columns.index("id"), columns.index("parent_id")
    done: set[Any] = set()
    ordered: list[list[Any]] = []
    pending = rows
    while pending:  # one pass per level of the tree: linear in the rows for each level
        waiting = {p[ident] for p in pending}
        ready = [r for r in pending if r[parent] is None or r[parent] in done or r[parent] not in waiting]
        if not ready:  # a cycle: leave it to the database to refuse
            ordered.extend(pending)
            break
        ordered.extend(ready)
        done.update(r[ident] for r in ready)
        pending = [r for r in pending if r[ident] not in done]
    return [ordered]


# --- the merge --------------------------------------------------------------------------------------

class _Indexes:
    """On SQLite, a table receiving more rows than it holds (the first merge of many townships) loses its
    plain secondary indexes while the rows go in and gets them back, from their own SQL, at the end: one
    sort per index instead of a random B-tree insert per row and index (random UUID keys). Inside the
    merge's transaction, so a failure or kill -9 brings them back with everything else. Unique indexes
    and keys stay: they still refuse a colliding row where it is inserted.

    Decided when the first package is about to be written (the others may still be being verified): the
    rows coming are taken as that package's times the packages given."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.decided = conn.dialect.name != "sqlite"
        self.dropped: list[tuple[str, str]] = []
        self.tables: list[str] = []

    def drop_for(self, first: _Incoming, packages: int) -> None:
        if self.decided:
            return
        self.decided = True
        raw: Any = self.conn.connection.driver_connection
        for name in MERGE_ORDER:
            target = TOWNSHIP_AUDIT if name == AUDIT else name
            incoming = first.package.manifest.row_counts.get(name, 0) * packages
            if incoming < _REBUILD_MIN_ROWS or incoming <= raw.execute(f"SELECT count(*) FROM {target}").fetchone()[0]:
                continue
            indexes = raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                                  "AND sql LIKE 'CREATE INDEX%'", (target,)).fetchall()
            for index, sql in indexes:
                raw.execute(f'DROP INDEX "{index}"')
                self.dropped.append((index, sql))
            if indexes:
                self.tables.append(target)

    def rebuild(self) -> None:
        raw: Any = self.conn.connection.driver_connection
        for _index, sql in self.dropped:
            raw.execute(sql)
        self.dropped.clear()


def _check_office_and_role(county: OfficeInfo, by: SessionUser) -> None:
    by.require(Action.MERGE_PACKAGES, office=county)


def merge_packages(db: Database, by: SessionUser, paths: Sequence[Path], passphrase: str,
                   progress: Progress | None = None, is_cancelled: Callable[[], bool] | None = None) -> MergeReport:
    """Packages are verified in the background while the ones before are written (one transaction: a
    refusal of the last still leaves the database as it was). A package is written when it is newer than
    what the county and this merge hold of its township; which were applied is settled at the end, as
    if all had been verified first (_plan), and only then are attachments written and the merge logged."""
    county = local_office(db)
    _check_office_and_role(county, by)
    if not paths:
        raise MergeRefused("no_packages", "请选择要汇总的报送包（.snpkg）。")
    timings: dict[str, float] = {}
    total = len(paths) * 2
    step = progress or (lambda _d, _t: None)
    incoming: list[_Incoming] = []
    started = time.perf_counter()
    beside = db.attachments_dir.parent
    if beside.is_dir():
        remove_stale_workdirs(beside)  # what a killed merge of an earlier version left decrypted there
    remove_stale_workdirs(work_root())
    cpu = time.thread_time()
    opening = _Opening([Path(p) for p in paths], passphrase, county, None)
    try:
        # gc_paused: the collector's passes over a million short-lived rows cost the writing thread ~1 s of CPU
        with gc_paused(), db.write(by.actor) as session, bulk_cache(session.connection(), _BULK_CACHE_KIB):
            conn = session.connection()
            writer = _Writer(conn, db.attachments_dir, is_cancelled)
            writer.keys = KeyChecks.open(conn, [TOWNSHIP_AUDIT if n == AUDIT else n for n in MERGE_ORDER],
                                         "origin_office_id")
            indexes = _Indexes(conn)
            written: dict[uuid.UUID, _Incoming] = {}
            before: dict[uuid.UUID, int] = {}  # the last package number the county took in, per township
            done = 0
            for inc in opening:
                if is_cancelled is not None and is_cancelled():
                    raise MergeCancelled("cancelled", "已取消汇总：数据库没有任何改动。")
                incoming.append(inc)
                done += 1
                step(done, total)
                _check_keys(session, [inc])
                if inc.office_id not in before:
                    last = _last_in(conn, inc.office_id)  # nothing logged yet by this merge: as before it
                    before[inc.office_id] = last.sequence if last is not None else -1
                earlier = written.get(inc.office_id)
                if inc.sequence > max(before[inc.office_id], earlier.sequence if earlier else -1):
                    indexes.drop_for(inc, len(paths))
                    writer.replace(inc, county, earlier)
                    written[inc.office_id] = inc
                    if earlier is not None:
                        earlier.package.close()
                else:
                    inc.package.close()  # superseded, unchanged or refused below: its rows are not needed
                done += 1
                step(done, total)
            timings["verify"] = opening.waited  # verification the writing did not hide
            apply, results = _plan(conn, incoming)
            for inc in apply:
                applied = written.pop(inc.office_id, None)
                if applied is None or (applied.sequence, applied.sha256) != (inc.sequence, inc.sha256):
                    raise RuntimeError(f"the merge wrote another package of {inc.office_name} than it applies")
                results.append(_result(inc, "merged", attachments_new=writer._attachments(applied)))
                _log(session, by, inc)
            if written:
                raise RuntimeError("the merge wrote a package it does not apply")
            writer.check()
            rebuilding = time.perf_counter()
            indexes.rebuild()
            committing = time.perf_counter()
            timings["indexes"] = committing - rebuilding
        timings["commit"] = time.perf_counter() - committing  # with SQLite's checkpoint of the WAL into the file
        timings["write"] = time.perf_counter() - started - timings["verify"]
        timings["insert"] = writer.insert_seconds
        timings["keys"] = writer.key_seconds
        timings["rows"] = writer.rows_total
        timings["cpu"] = time.thread_time() - cpu  # this thread's: the verification runs beside it
    finally:
        opening.close()
        for inc in incoming:
            inc.package.close()
    results.sort(key=lambda r: (r.office_name, r.sequence))
    return MergeReport(results, timings)


def _log(session: Any, by: SessionUser, inc: _Incoming) -> None:
    counts = inc.package.manifest.row_counts
    session.add(ExchangeLog(direction="in", office_id=inc.office_id, sequence=inc.sequence,
                            created_at=inc.created_at, file_name=inc.path.name, sha256=inc.sha256,
                            size_bytes=inc.size, row_counts_json=json.dumps(counts), by_user_id=by.id,
                            by_username=by.username))
    audit.append(session, by.actor, "merge_package", "exchange_log", f"{inc.office_id}:{inc.sequence}",
                 after={"office": inc.office_name, "sequence": inc.sequence, "file": inc.path.name,
                        "sha256": inc.sha256, "files": counts.get("worker_files", 0), "rows": sum(counts.values()),
                        "attachments": len(inc.package.manifest.raw["attachments"])})
    session.flush()


def township_offices(db: Database) -> list[OfficeInfo]:
    """The townships whose packages this county has taken in, by name."""
    county = local_office(db)
    with db.read() as session:
        rows = session.execute(select(Office.id, Office.name, Office.level, Office.region_code)
                               .where(Office.parent_id == county.id).order_by(Office.name))
        return [OfficeInfo(*row) for row in rows]
