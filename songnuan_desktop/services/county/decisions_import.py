"""At a township: the county's decisions package (下发包) taken in.

`import_decisions(db, by, path, passphrase) -> DecisionsResult` (role 经办人 or 管理员)

1. **Verify before touching anything**: decrypted and checked against its manifest (wrong passphrase,
   damage, newer format, member names — exchange.format); it must be a county's decisions package, made
   for THIS township, by a county whose region code the township's starts with; once a county has sent
   decisions, only that county may send more. Its tables and columns must be the ones this program knows.
   It must be signed by the county's key as this township registered it (services.office.key_register, from the
   county's 密钥登记表 or its first 下发包): unsigned, an unknown key or another office's key is refused.
2. **Sequence** per county only grows (exchange_log "in" rows with office_id = the county): the same
   package again changes nothing; an older one is refused with the dates of both.
3. **One transaction**: everything the county sent before is replaced — its standards, its flags, its
   receipts — by the package's; an exchange_log "in" row and one audit entry record it.

How the county's standards apply: its 低保线, payment standards and county-wide settings are stored with
office_id = this township (what eligibility and campaigns read) and origin_office_id = the county, so they
are read-only here (persistence.audit `_only_own`) and the township's next 报送包 does not send them back.
Versions are by date: the version in force on a day is the newest one from that day or earlier, whoever
made it, so a township may still set a later value of its own. On the SAME date (the unique key office,
key/region/kind, effective_from) the county's version wins: the township's own row of that key and date is
deleted — listed in the audit entry with its value — and the county's takes its place. That is the usual
case after set-up (both offices start their settings on the same day), and it is what "the county sets
the standard" means.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.exchange.crypto import PackageError
from songnuan_desktop.exchange.format import OpenedPackage, work_root
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.base import utcnow
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import Base, ExchangeLog, Office
from songnuan_desktop.persistence.models_county import CountyFlag
from songnuan_desktop.services.county.county_decisions import (
    DECISION_TABLES, DECISIONS_KIND, RECEIPT_COLUMNS, RECEIPTS, STANDARD_TABLES,
)
from songnuan_desktop.services.county.county_flags import flag_subjects
from songnuan_desktop.services.county.county_merge import converter, created_at
from songnuan_desktop.services.office.key_register import KeyRefused, check_key
from songnuan_desktop.services.office.office import OfficeInfo, local_office
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.storage import file_sha256, remove_stale_workdirs

Progress = Callable[[int, int], None]

# The unique key of each standards table besides office_id (payment_standards has none in the schema:
# its newest version per kind and category applies, so the same rule is kept by hand).
_SAME_VERSION = {"dibao_lines": ("region_code", "area", "effective_from"),
                 "setting_versions": ("key", "effective_from"),
                 "payment_standards": ("item_kind", "category", "effective_from")}


class DecisionsRefused(DomainError):
    """A decisions package that may not be taken in; the database is as it was."""


@dataclass(frozen=True)
class DecisionsResult:
    path: Path
    county_name: str
    sequence: int
    created_at: dt.datetime
    status: str  # applied | unchanged
    standards: int = 0  # 低保线, settings and payment standards now the county's
    replaced_own: int = 0  # the township's own versions of the same date the county's replaced
    flags: int = 0  # flags in force (not withdrawn)
    flags_withdrawn: int = 0
    receipts: int = 0  # attachments the county acknowledged

    def summary(self) -> str:
        if self.status == "unchanged":
            return f"{self.county_name}第 {self.sequence} 号下发包此前已导入，未做改动。"
        text = (f"已导入{self.county_name}第 {self.sequence} 号下发包：标准 {self.standards} 条已生效，"
                f"收到标记 {self.flags} 条")
        if self.flags_withdrawn:
            text += f"（另有 {self.flags_withdrawn} 条已撤回）"
        text += f"，县总工会已收到附件 {self.receipts} 个（下次报送不再重复发送）"
        if self.replaced_own:
            text += f"；本单位同日生效的 {self.replaced_own} 条标准（低保线、补助标准或参数）由县总工会的取代"
        return text + "。"


def _refuse(path: Path, reason: str, code: str = "decisions_refused", **details: Any) -> DecisionsRefused:
    return DecisionsRefused(code, f"下发包“{path.name}”不能导入：{reason}数据库没有任何改动。",
                            {"file": str(path), **details})


@dataclass
class _Package:
    path: Path
    package: OpenedPackage
    sha256: str
    size: int
    county_id: uuid.UUID
    county_name: str
    county_region: str
    sequence: int
    created_at: dt.datetime
    source_db: str


def _check_role(office: OfficeInfo, by: SessionUser) -> None:
    by.require(Action.IMPORT_DECISIONS, office=office)


def _known_county(db: Database, office: OfficeInfo) -> Office | None:
    with db.read() as session:
        county = session.scalar(select(Office).where(Office.level == "county", Office.id != office.id))
        if county is not None:
            session.expunge(county)
        return county


def _open(path: Path, passphrase: str, office: OfficeInfo, known: Office | None) -> _Package:
    if not path.is_file():
        raise _refuse(path, "找不到该文件（U盘是否已拔出？）。", "package_missing")
    try:
        sha256, size = file_sha256(path)
        remove_stale_workdirs(work_root())  # what a killed import left decrypted
        package = OpenedPackage(path, passphrase)
    except PackageError as exc:
        raise DecisionsRefused(exc.code, f"下发包“{path.name}”不能导入：{exc.message}", {"file": str(path)}) from exc
    except OSError as exc:
        raise _refuse(path, f"读取失败（{exc.strerror or exc}）。", "package_unreadable") from exc
    try:
        return _checked(path, package, sha256, size, office, known)
    except BaseException:
        package.close()
        raise


def _checked(path: Path, package: OpenedPackage, sha256: str, size: int, office: OfficeInfo,
             known: Office | None) -> _Package:
    raw = package.manifest.raw
    if raw.get("kind", "township") != DECISIONS_KIND:
        raise _refuse(path, "这不是县总工会的下发包（可能是乡镇的报送包）。", "package_kind")
    county, to = raw.get("office") or {}, raw.get("to_office") or {}
    try:
        county_id, to_id = uuid.UUID(str(county["id"])), uuid.UUID(str(to["id"]))
        name, region = str(county["name"]), str(county.get("region_code", ""))
        sequence, created = int(raw["sequence"]), created_at(str(raw["created_at"]))
    except (KeyError, ValueError, TypeError) as exc:
        raise _refuse(path, "清单不完整（缺少单位或序号）。", "package_manifest") from exc
    if to_id != office.id:
        raise _refuse(path, f"它是{name}发给“{to.get('name', '')}”的，不是发给本单位（{office.name}）的。",
                      "package_other_township")
    if county.get("level") != "county" or len(region) < 6 or not office.region_code.startswith(region[:6]):
        raise _refuse(path, f"它来自“{name}”（行政区划代码 {region}），不是本单位（{office.region_code}）"
                            "所属的县总工会。", "package_other_county", region_code=region)
    if known is not None and known.id != county_id:
        raise _refuse(path, f"本单位此前收的是“{known.name}”的下发包，这个来自另一个单位“{name}”。",
                      "package_other_county")
    for table, part in raw["tables"].items():
        expected = list(RECEIPT_COLUMNS) if table == RECEIPTS else (
            [c.name for c in Base.metadata.tables[table].columns] if table in DECISION_TABLES else None)
        if expected is None or set(part["columns"]) != set(expected):
            raise _refuse(path, f"它由另一版本的程序导出（{table}），请县里和乡镇使用同一版本。", "package_columns")
    return _Package(path, package, sha256, size, county_id, name, region, sequence, created,
                    str(raw.get("database", "")))


def _last_in(conn: Connection, county_id: uuid.UUID) -> Any:
    return conn.execute(select(ExchangeLog).where(ExchangeLog.direction == "in", ExchangeLog.office_id == county_id)
                        .order_by(ExchangeLog.sequence.desc()).limit(1)).first()


def _sequence_ok(conn: Connection, pkg: _Package) -> bool:
    """False: the same package was taken in before (nothing to do). Refuses older or conflicting ones."""
    last = _last_in(conn, pkg.county_id)
    if last is None or pkg.sequence > last.sequence:
        return True
    if pkg.sequence == last.sequence and pkg.sha256 == last.sha256:
        return False
    if pkg.sequence == last.sequence:
        raise _refuse(pkg.path, f"已导入过第 {last.sequence} 号下发包，但这个包的内容与之不同。请向县总工会核实。",
                      "package_sequence_conflict")
    raise _refuse(pkg.path, f"它是第 {pkg.sequence} 号下发包（{pkg.created_at:%Y-%m-%d %H:%M} 导出），比已导入的"
                            f"第 {last.sequence} 号（{last.created_at:%Y-%m-%d %H:%M} 导出）旧，可能是U盘上的旧文件。",
                  "package_replayed", sequence=pkg.sequence, last_sequence=last.sequence)


@dataclass
class _Apply:
    conn: Connection
    pkg: _Package
    township: uuid.UUID
    replaced: list[dict[str, Any]]

    def _uuid(self, value: uuid.UUID) -> Any:
        return value.hex if self.conn.dialect.name == "sqlite" else value

    def county_office(self) -> None:
        offices = Base.metadata.tables["offices"]
        now, pkg = utcnow(), self.pkg
        if self.conn.execute(select(offices.c.id).where(offices.c.id == pkg.county_id)).first():
            self.conn.execute(offices.update().where(offices.c.id == pkg.county_id).values(
                name=pkg.county_name, region_code=pkg.county_region, updated_at=now))
        else:
            self.conn.execute(offices.insert().values(
                id=pkg.county_id, origin_office_id=pkg.county_id, name=pkg.county_name, level="county",
                region_code=pkg.county_region, parent_id=None, address="", phone="", created_at=now,
                updated_at=now, row_version=1))

    def clear(self) -> None:
        for name in (*STANDARD_TABLES, "county_flags"):
            table = Base.metadata.tables[name]
            self.conn.execute(delete(table).where(table.c.origin_office_id == self.pkg.county_id))
        self.conn.execute(delete(Base.metadata.tables["county_receipts"]))

    def rows(self, name: str) -> list[list[Any]]:
        """The table's rows in this database's driver form, checked to be the county's."""
        package, dialect = self.pkg.package, self.conn.dialect.name
        columns = package.columns(name)
        target = Base.metadata.tables[name]
        converters = [converter(target.c[c], self.pkg.source_db, dialect) for c in columns]
        origin = columns.index("origin_office_id")
        forms = {self.pkg.county_id.hex, str(self.pkg.county_id)}
        out = []
        for batch in package.raw_rows(name):
            for row in batch:
                if row[origin] not in forms:
                    raise _refuse(self.pkg.path, f"它的“{name}”里有不是{self.pkg.county_name}的数据。",
                                  "package_foreign_rows")
                out.append([v if f is None else f(v) for v, f in zip(row, converters, strict=True)])
        return out

    def standards(self, name: str) -> int:
        columns = self.pkg.package.columns(name)
        rows = self.rows(name)
        office = columns.index("office_id")
        table = Base.metadata.tables[name]
        keys = _SAME_VERSION[name]
        for row in rows:
            row[office] = self._uuid(self.township)
            match = {k: row[columns.index(k)] for k in keys}
            match["effective_from"] = dt.date.fromisoformat(str(match["effective_from"])[:10])
            where = [table.c.office_id == self.township, table.c.origin_office_id != self.pkg.county_id,
                     *(table.c[k] == v for k, v in match.items())]
            for old in self.conn.execute(select(table).where(*where)).mappings():
                value = next(old[c] for c in ("value_json", "monthly_fen", "amount_fen") if c in old)
                self.replaced.append({"table": name, **{k: str(old[k]) for k in keys}, "value": str(value)})
            self.conn.execute(delete(table).where(*where))
        self._insert(name, columns, rows)
        return len(rows)

    def flags(self) -> tuple[int, int]:
        columns = self.pkg.package.columns("county_flags")
        rows = self.rows("county_flags")
        office, withdrawn = columns.index("office_id"), columns.index("withdrawn")
        if any(str(r[office]).replace("-", "") != self.township.hex for r in rows):
            raise _refuse(self.pkg.path, "它含有关于其他乡镇的标记。", "package_foreign_rows")
        self._insert("county_flags", columns, rows)
        gone = sum(1 for r in rows if r[withdrawn] in (True, 1))
        return len(rows) - gone, gone

    def receipts(self) -> int:
        now = utcnow()
        rows = [dict(zip(self.pkg.package.columns(RECEIPTS), r, strict=True)) for b in
                self.pkg.package.raw_rows(RECEIPTS) for r in b]
        values = [{"sha256": str(r["sha256"]).lower(), "package_sequence": int(r["package_sequence"]),
                   "acknowledged_at": now} for r in rows]
        if values:
            self.conn.execute(insert(Base.metadata.tables["county_receipts"]), values)
        return len(values)

    def _insert(self, name: str, columns: list[str], rows: list[list[Any]]) -> None:
        if not rows:
            return
        mark = "?" if self.conn.dialect.name == "sqlite" else "%s"
        sql = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
        cursor: Any = self.conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.executemany(sql, rows)


def import_decisions(db: Database, by: SessionUser, path: Path, passphrase: str,
                     progress: Progress | None = None) -> DecisionsResult:
    office = local_office(db)
    _check_role(office, by)
    path = Path(path)
    step = progress or (lambda _d, _t: None)
    pkg = _open(path, passphrase, office, _known_county(db, office))
    step(1, 3)
    try:
        with db.write(by.actor) as session:
            conn = session.connection()
            try:
                check_key(session, pkg.package.manifest.signed_by, pkg.county_id, pkg.county_name)
            except KeyRefused as exc:
                raise _refuse(path, exc.message, exc.code, **exc.fields) from exc
            if not _sequence_ok(conn, pkg):
                return DecisionsResult(path, pkg.county_name, pkg.sequence, pkg.created_at, "unchanged")
            work = _Apply(conn, pkg, office.id, [])
            work.county_office()
            work.clear()
            tables = pkg.package.manifest.raw["tables"]
            standards = sum(work.standards(t) for t in STANDARD_TABLES if t in tables)
            flags, withdrawn = work.flags() if "county_flags" in tables else (0, 0)
            receipts = work.receipts() if RECEIPTS in tables else 0
            step(2, 3)
            result = DecisionsResult(path, pkg.county_name, pkg.sequence, pkg.created_at, "applied", standards,
                                     len(work.replaced), flags, withdrawn, receipts)
            _log(session, by, pkg, result, work.replaced)
    finally:
        pkg.package.close()
    step(3, 3)
    return result


def _log(session: Any, by: SessionUser, pkg: _Package, result: DecisionsResult,
         replaced: list[dict[str, Any]]) -> None:
    counts = pkg.package.manifest.row_counts
    session.add(ExchangeLog(direction="in", office_id=pkg.county_id, sequence=pkg.sequence,
                            created_at=pkg.created_at, file_name=pkg.path.name, sha256=pkg.sha256,
                            size_bytes=pkg.size, row_counts_json=json.dumps(counts), by_user_id=by.id,
                            by_username=by.username))
    audit.append(session, by.actor, "import_decisions", "exchange_log", f"{pkg.county_id}:{pkg.sequence}",
                 after={"county": pkg.county_name, "sequence": pkg.sequence, "file": pkg.path.name,
                        "sha256": pkg.sha256, "standards": result.standards, "flags": result.flags,
                        "flags_withdrawn": result.flags_withdrawn, "receipts": result.receipts,
                        "replaced_own": replaced})
    session.flush()


# --- what the 报送 screen shows ---------------------------------------------------------------------

@dataclass(frozen=True)
class ReceivedFlag:
    kind: str
    entity: str
    subject: str  # file no. and name, the item's campaign and person, or the campaign
    text: str
    created_at: dt.datetime
    withdrawn: bool


def received_flags(db: Database) -> list[ReceivedFlag]:
    """The county's flags on this township's records, newest first."""
    office = local_office(db)
    with db.read() as session:
        flags = session.scalars(select(CountyFlag).where(CountyFlag.office_id == office.id)
                                .order_by(CountyFlag.created_at.desc())).all()
        subjects = flag_subjects(session, ((f.entity, f.entity_id) for f in flags))
        return [ReceivedFlag(f.kind, f.entity, subjects.get(f.entity_id, "（本单位已无此记录）"), f.text, f.created_at,
                             f.withdrawn) for f in flags]


@dataclass(frozen=True)
class LastDecisions:
    county_name: str
    sequence: int
    created_at: dt.datetime  # the county's export time, UTC
    imported_by: str


def last_decisions(db: Database) -> LastDecisions | None:
    """The newest decisions package this township took in, if any."""
    office = local_office(db)
    with db.read() as session:
        county = session.scalar(select(Office).where(Office.level == "county", Office.id != office.id))
        if county is None:
            return None
        log = session.scalar(select(ExchangeLog).where(
            ExchangeLog.direction == "in", ExchangeLog.office_id == county.id,
        ).order_by(ExchangeLog.sequence.desc()).limit(1))
        return LastDecisions(county.name, log.sequence, log.created_at, log.by_username) if log else None
