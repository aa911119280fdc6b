"""County merge (汇总) of demo townships' 报送包, on a SQLite and a PostgreSQL county: every row arrives,
the same package twice changes nothing, the newest package wins, and every refusal — wrong passphrase,
damage, a newer format, path tricks, another county, forged rows, a full disk, kill -9 — leaves the
county's database exactly as it was."""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import hashlib
import io
import json
import pickle
import sys
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from songnuan_desktop.domain.errors import AuthenticationFailed, DomainError, PermissionDenied
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.exchange import crypto
from songnuan_desktop.exchange.format import OpenedPackage, Signer, sign_manifest, work_root
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import Base, ExchangeLog, Office, User, WorkerFile
from songnuan_desktop.services.files import attachments, worker_files
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.county import county_merge
from songnuan_desktop.demo import county as demo_county
from songnuan_desktop.services.county.county_merge import MergeRefused, merge_packages
from songnuan_desktop.services.office.keys import office_signer
from songnuan_desktop.services.exchange.package_export import export_package
from songnuan_desktop.services.office.session_user import SessionUser
from tests.demo_offices import DemoOffices
from tests.killing import kill_9_when_writing

PASS = "黄平县报送口令-测试"
PASSWORD = "songnuan2026"
NEW_PHONE = "13900001234"
ROOT = Path(__file__).resolve().parents[3]
SIGNERS: dict[str, Signer] = {}  # the townships' keys by office id: _rewrite signs what it crafts as they would


@pytest.fixture(scope="module", autouse=True)
def cheap_scrypt() -> Iterator[None]:
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        yield


@dataclass(frozen=True)
class Township:
    name: str
    path: Path  # its SQLite file (or "" for the PostgreSQL one)
    packages: tuple[Path, ...]  # by sequence: packages[0] is #1


@dataclass(frozen=True)
class Townships:
    a: Township  # #1, then a file's phone changed and an attachment added, #2
    b: Township  # #1
    changed_file: uuid.UUID
    scan: bytes


def _export(db: Database, folder: Path) -> Path:
    clerk = auth.login(db, "jingban", PASSWORD)
    folder.mkdir(parents=True)
    signer = office_signer(db, clerk.actor)
    SIGNERS[signer.office_id] = signer
    return export_package(db, clerk, folder, PASS).path


@pytest.fixture(scope="module")
def towns(tmp_path_factory: pytest.TempPathFactory, cheap_scrypt: None, demo_offices: DemoOffices) -> Townships:
    root = tmp_path_factory.mktemp("townships")
    name_a, region_a = demo_county.township_name(0)
    name_b, region_b = demo_county.township_name(1)
    # build_demo(workers=30, seed=3 and 4): copies of the run's builds
    db_a = open_database(f"sqlite:///{demo_offices.file(root / 'a.db', 30, 3, name_a, region_a)}")
    db_b = open_database(f"sqlite:///{demo_offices.file(root / 'b.db', 30, 4, name_b, region_b)}")
    try:
        a1 = _export(db_a, root / "a1")
        clerk = auth.login(db_a, "jingban", PASSWORD)
        with db_a.read() as session:
            row = session.scalars(select(WorkerFile).order_by(WorkerFile.file_no).limit(1)).one()
            file_id, version = row.id, row.row_version
            data = worker_files.input_of(row)
        worker_files.update(db_a, clerk, file_id, dataclasses.replace(data, phone=NEW_PHONE), version)
        scan = b"\xff\xd8 county scan " * 300
        source = root / "scan.JPG"
        source.write_bytes(scan)
        attachments.add(db_a, clerk, file_id, "身份证/户口簿复印件", source)
        a2 = _export(db_a, root / "a2")
        b1 = _export(db_b, root / "b1")
    finally:
        db_a.close()
        db_b.close()
    return Townships(Township(name_a, root / "a.db", (a1, a2)), Township(name_b, root / "b.db", (b1,)), file_id, scan)


@pytest.fixture(scope="module")
def pg_township(pg_server: Any, tmp_path_factory: pytest.TempPathFactory, cheap_scrypt: None,
                demo_offices: DemoOffices) -> Iterator[Path]:
    """A package exported from a township kept on PostgreSQL (build_demo(workers=30, seed=6): a copy of the
    run's build)."""
    if pg_server.url is None:
        pytest.skip(f"PostgreSQL not available ({pg_server.reason})")
    name = f"test_{uuid.uuid4().hex}"
    admin = create_engine(pg_server.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    root = tmp_path_factory.mktemp("pg-township")
    try:
        office, region = demo_county.township_name(2)
        url = make_url(pg_server.url).set(database=name).render_as_string(hide_password=False)
        copy = demo_offices.opened(url, workers=30, seed=6, office_name=office, region_code=region)
        db = next(copy)
        try:
            yield _export(db, root / "pkg")
        finally:
            copy.close()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def county(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           towns: Townships) -> tuple[Database, SessionUser]:
    """An empty county (黄平县总工会) and its clerk 县总工会, the townships' keys registered; attachments in
    this test's own folder."""
    monkeypatch.setenv("SONGNUAN_DATA_DIR", str(tmp_path / "data"))  # a server's attachments folder
    demo_county.set_up_county(db)
    clerk = auth.login(db, "xianzong", PASSWORD)
    demo_county.register_package_keys(db, clerk, [towns.a.packages[0], towns.b.packages[0]], PASS)
    return db, clerk


# --- helpers ----------------------------------------------------------------------------------------

def dump(db: Database) -> dict[str, Any]:
    """Every row of every table, in primary-key order, and the attachment files."""
    out: dict[str, Any] = {}
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            out[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]
    folder = db.attachments_dir
    out["files"] = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []
    return out


def _office_id(package: Path) -> uuid.UUID:
    with OpenedPackage(package, PASS) as opened:
        return uuid.UUID(opened.manifest.raw["office"]["id"])


def _counts_at_county(db: Database, office_id: uuid.UUID, tables: list[str]) -> dict[str, int]:
    counts = {}
    with db.engine.connect() as conn:
        for name in tables:
            table = Base.metadata.tables["township_audit_log" if name == "audit_log" else name]
            owner = table.c.office_id if name == "audit_log" else table.c.origin_office_id
            counts[name] = len(conn.execute(select(table.c[list(table.primary_key.columns.keys())[0]])
                                            .where(owner == office_id)).all())
    return counts


def _typed(column: Any, raw: Any) -> Any:
    """A raw package value as the ORM gives it back, whichever database wrote the package."""
    kind = type(column.type).__name__
    if raw is None:
        return None
    if kind == "Uuid":
        return uuid.UUID(str(raw))
    if kind == "Boolean":
        return bool(raw)
    if kind == "DateTime":
        return dt.datetime.fromisoformat(str(raw))
    if kind == "Date":
        return dt.date.fromisoformat(str(raw))
    return raw


def assert_every_row(db: Database, package: Path) -> None:
    """Counts per table equal the manifest's; some rows of files and users compared value by value."""
    with OpenedPackage(package, PASS) as opened:
        office_id = uuid.UUID(opened.manifest.raw["office"]["id"])
        counts = opened.manifest.row_counts
        assert _counts_at_county(db, office_id, list(counts)) == counts
        table = Base.metadata.tables["worker_files"]
        with db.engine.connect() as conn:
            for row in list(opened.rows("worker_files"))[::7]:
                stored = conn.execute(select(table).where(table.c.id == uuid.UUID(str(row["id"])))).one()._mapping
                for name in ("id", "origin_office_id", "office_id", "dues_paid", "single_parent", "created_at",
                             "updated_at", "filed_date", "reviewed_date", "name", "id_number", "monthly_income_fen"):
                    assert stored[name] == _typed(table.c[name], row[name]), name
        assert isinstance(stored["created_at"], dt.datetime) and isinstance(stored["dues_paid"], bool)
    with db.read() as session:
        office = session.get(Office, office_id)
        assert office is not None and office.level == "township"
        county = session.scalars(select(Office).where(Office.level == "county")).one()
        assert office.parent_id == county.id
        log = session.scalars(select(ExchangeLog).where(ExchangeLog.direction == "in",
                                                        ExchangeLog.office_id == office_id)
                              .order_by(ExchangeLog.sequence.desc()).limit(1)).one()
        assert log.file_name == package.name
        assert log.sha256 == hashlib.sha256(package.read_bytes()).hexdigest()
        assert json.loads(log.row_counts_json) == counts


def refused(db: Database, by: SessionUser, paths: list[Path], code: str, passphrase: str = PASS) -> MergeRefused:
    """The merge is refused with `code` and the database (rows and files) is exactly as before."""
    before = dump(db)
    with pytest.raises(MergeRefused) as caught:
        merge_packages(db, by, paths, passphrase)
    assert caught.value.code == code, caught.value.message
    assert "不能导入" in caught.value.message or "报送包" in caught.value.message
    assert dump(db) == before
    return caught.value


# --- every row arrives --------------------------------------------------------------------------------

def test_a_merge_brings_every_row(county: Any, towns: Townships) -> None:
    db, clerk = county
    report = merge_packages(db, clerk, [towns.a.packages[1], towns.b.packages[0]], PASS)
    assert [(r.office_name, r.sequence, r.status) for r in report.results] == sorted(
        [(towns.a.name, 2, "merged"), (towns.b.name, 1, "merged")])
    assert "汇总了 2 个乡镇的报送包，共 60 份档案" in report.summary()
    assert report.timings["rows"] == sum(sum(r.rows.values()) for r in report.results)
    for package in (towns.a.packages[1], towns.b.packages[0]):
        assert_every_row(db, package)
    with db.read() as session:
        changed = session.get(WorkerFile, towns.changed_file)
        assert changed is not None and changed.phone == NEW_PHONE


def test_a_package_from_a_postgresql_township(county: Any, pg_township: Path) -> None:
    """PostgreSQL → SQLite and PostgreSQL → PostgreSQL (SQLite → PostgreSQL is the test above on PG)."""
    db, clerk = county
    demo_county.register_package_keys(db, clerk, [pg_township], PASS)
    merge_packages(db, clerk, [pg_township], PASS)
    assert_every_row(db, pg_township)


# --- the same package twice, newest wins ---------------------------------------------------------------

def test_the_same_package_twice_changes_nothing(county: Any, towns: Townships) -> None:
    db, clerk = county
    merge_packages(db, clerk, [towns.b.packages[0]], PASS)
    before = dump(db)
    report = merge_packages(db, clerk, [towns.b.packages[0]], PASS)
    assert [r.status for r in report.results] == ["unchanged"]
    assert "1 个包此前已导入，未做改动" in report.summary()
    assert dump(db) == before  # the audit log (its head) too


def test_the_newer_package_replaces_the_older(county: Any, towns: Townships) -> None:
    db, clerk = county
    merge_packages(db, clerk, [towns.a.packages[0]], PASS)
    with db.read() as session:
        assert session.get(WorkerFile, towns.changed_file).phone != NEW_PHONE  # type: ignore[union-attr]
    report = merge_packages(db, clerk, [towns.a.packages[1]], PASS)
    assert [(r.sequence, r.status) for r in report.results] == [(2, "merged")]
    assert_every_row(db, towns.a.packages[1])
    with db.read() as session:
        assert session.get(WorkerFile, towns.changed_file).phone == NEW_PHONE  # type: ignore[union-attr]
        assert len(session.scalars(select(ExchangeLog).where(ExchangeLog.direction == "in")).all()) == 2


def test_an_older_package_after_the_newer_is_refused_with_both_dates(county: Any, towns: Townships) -> None:
    """Out of order: #2 taken in, then #1 (last month's file on the stick) is refused."""
    db, clerk = county
    merge_packages(db, clerk, [towns.a.packages[1]], PASS)
    with db.read() as session:
        created = {log.sequence: log.created_at for log in session.scalars(select(ExchangeLog))}
    with OpenedPackage(towns.a.packages[0], PASS) as opened:
        first = dt.datetime.fromisoformat(opened.manifest.raw["created_at"].rstrip("Z"))
    error = refused(db, clerk, [towns.a.packages[0]], "package_replayed")
    assert "第 1 号" in error.message and "第 2 号" in error.message
    assert f"{first:%Y-%m-%d %H:%M}" in error.message and f"{created[2]:%Y-%m-%d %H:%M}" in error.message
    assert error.fields["sequence"] == 1 and error.fields["last_sequence"] == 2


def test_two_packages_of_one_township_in_one_merge_newest_wins(county: Any, towns: Townships) -> None:
    db, clerk = county
    report = merge_packages(db, clerk, [towns.a.packages[1], towns.a.packages[0]], PASS)
    assert [(r.sequence, r.status) for r in report.results] == [(1, "superseded"), (2, "merged")]
    assert "1 个较旧的包被同一乡镇更新的包取代" in report.summary()
    assert_every_row(db, towns.a.packages[1])
    with db.read() as session:
        assert [log.sequence for log in session.scalars(select(ExchangeLog))] == [2]


def test_the_older_package_given_first_is_written_then_replaced_by_the_newer(county: Any, towns: Townships) -> None:
    """Packages are written while later ones are still being verified: #1 given before #2 goes in first and
    is replaced, inside the same transaction, by #2 — the county ends as if only #2 had been taken in."""
    db, clerk = county
    report = merge_packages(db, clerk, [towns.a.packages[0], towns.a.packages[1]], PASS)
    assert [(r.sequence, r.status) for r in report.results] == [(1, "superseded"), (2, "merged")]
    assert_every_row(db, towns.a.packages[1])
    with db.read() as session:
        assert [log.sequence for log in session.scalars(select(ExchangeLog))] == [2]
        anchors = session.execute(text("SELECT package_sequence FROM audit_anchors")).scalars().all()
        stored = set(session.execute(text("SELECT stored_path FROM attachments WHERE stored_path != ''")).scalars())
    assert anchors == [2]  # #1's tip went with its rows
    assert set(dump(db)["files"]) - {str(Path(s).parent) for s in stored} == stored  # no file of #1 alone


def test_an_older_package_beside_the_one_already_taken_in_is_reported(county: Any, towns: Townships) -> None:
    """#2 taken in; then #1 and #2 together: #2 unchanged, #1 superseded (it was missing from the report)."""
    db, clerk = county
    merge_packages(db, clerk, [towns.a.packages[1]], PASS)
    before = dump(db)
    report = merge_packages(db, clerk, [towns.a.packages[0], towns.a.packages[1]], PASS)
    assert [(r.sequence, r.status) for r in report.results] == [(1, "superseded"), (2, "unchanged")]
    assert dump(db) == before


# --- refusals leave the database as it was --------------------------------------------------------------

def _rewrite(source: Path, target: Path, manifest: Callable[[dict[str, Any]], None] | None = None,
             tables: dict[str, Callable[[list[list[Any]], list[str]], None]] | None = None,
             extra: dict[str, bytes] | None = None, sign: bool = True) -> Path:
    """A crafted package: `source` decrypted, its manifest or table rows edited (the parts' hashes kept
    right, so only the edit is wrong), members added, signed again with the township's own key (unless
    `sign` is False: then the old signature no longer fits), encrypted again with the passphrase."""
    plain = crypto.decrypt_bytes(source.read_bytes(), PASS)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        raw = json.loads(zin.read("manifest.json"))
        for info in zin.infolist():
            if info.filename == "manifest.json":
                continue
            data = zin.read(info.filename)
            table = info.filename.removeprefix("tables/").removesuffix(".jsonl")
            if tables and table in tables:
                lines = data.decode("utf-8").splitlines()
                columns = json.loads(lines[0])["columns"]
                rows = [json.loads(line) for line in lines[1:]]
                tables[table](rows, columns)
                data = "".join(line + "\n" for line in [lines[0], *(r if isinstance(r, str) else json.dumps(
                    r, ensure_ascii=False) for r in rows)]).encode("utf-8")
                raw["tables"][table].update(rows=len(rows), bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
            zout.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
        if manifest is not None:
            manifest(raw)
        if sign and "signature" in raw:
            sign_manifest(raw, SIGNERS[raw["signature"]["office_id"]])
        zout.writestr("manifest.json", json.dumps(raw, ensure_ascii=False))
    target.write_bytes(crypto.encrypt_bytes(out.getvalue(), PASS))
    return target


def _set_column(table: str, column: str, value: Any, every: bool = False) -> dict[str, Any]:
    def edit(rows: list[list[Any]], columns: list[str]) -> None:
        for row in rows if every else rows[:1]:
            row[columns.index(column)] = value
    return {table: edit}


def _garbled(rows: list[Any], columns: list[str]) -> None:
    rows.append('["a line cut short", ')  # a str is written as the line it is


def _cut(source: Path, target: Path) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: len(data) * 2 // 3])
    return target


def _flip(source: Path, target: Path) -> Path:
    data = bytearray(source.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    return target


OTHER = str(uuid.uuid4())
SECRETS = b'{"columns":["id"]}\n["1"]\n'


def _part(data: bytes) -> dict[str, Any]:
    return {"rows": 1, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "columns": ["id"]}

BAD: dict[str, tuple[str, Callable[[Path, Path], Path]]] = {
    "truncated": ("package_truncated", _cut),
    "flipped byte": ("package_damaged", _flip),
    "newer format": ("package_newer_version", lambda s, t: _rewrite(s, t, lambda m: m.update(format=2))),
    "member ../../x": ("package_bad_member", lambda s, t: _rewrite(s, t, extra={"../../x": b"evil"})),
    "absolute member": ("package_bad_member", lambda s, t: _rewrite(s, t, extra={"/tmp/x": b"evil"})),
    "another county": ("package_other_county", lambda s, t: _rewrite(
        s, t, lambda m: m["office"].update(region_code="520101101", name="贵阳市某乡镇总工会"))),
    "a county's package": ("package_kind", lambda s, t: _rewrite(s, t, lambda m: m.update(kind="county_decisions"))),
    "county office": ("package_not_township", lambda s, t: _rewrite(
        s, t, lambda m: m["office"].update(level="county"))),
    "rows of another office": ("package_foreign_rows", lambda s, t: _rewrite(
        s, t, tables=_set_column("household_members", "origin_office_id", OTHER))),
    "unknown table": ("package_unknown_table", lambda s, t: _rewrite(
        s, t, lambda m: m["tables"].update(secrets=_part(SECRETS)), extra={"tables/secrets.jsonl": SECRETS})),
    "manifest without parts": ("package_damaged", lambda s, t: _rewrite(s, t, lambda m: m.pop("tables"))),
    "a line that is not JSON": ("package_rows", lambda s, t: _rewrite(s, t, tables={"visits": _garbled})),
    "audit log cut short": ("package_audit_incomplete", lambda s, t: _rewrite(
        s, t, tables={"audit_log": lambda rows, _columns: rows.pop()})),
    "audit tip of another chain": ("package_audit_incomplete", lambda s, t: _rewrite(
        s, t, lambda m: m["audit_tip"].update(hash="0" * 64))),
    "manifest changed after signing": ("package_bad_signature", lambda s, t: _rewrite(
        s, t, lambda m: m.update(sequence=9), sign=False)),
    "unsigned": ("package_unsigned", lambda s, t: _rewrite(s, t, lambda m: m.pop("signature"), sign=False)),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_package_is_refused_and_nothing_changes(county: Any, towns: Townships, tmp_path: Path,
                                                      case: str) -> None:
    db, clerk = county
    merge_packages(db, clerk, [towns.b.packages[0]], PASS)  # something to keep
    code, make = BAD[case]
    bad = make(towns.a.packages[1], tmp_path / towns.a.packages[1].name)
    refused(db, clerk, [towns.b.packages[0], bad], code)  # a good package with it is not taken in either


def test_the_wrong_passphrase_is_refused(county: Any, towns: Townships) -> None:
    db, clerk = county
    merge_packages(db, clerk, [towns.b.packages[0]], PASS)
    error = refused(db, clerk, [towns.a.packages[1]], "package_wrong_passphrase", passphrase="别的口令")
    assert "口令不正确" in error.message


def test_same_number_other_contents_is_refused(county: Any, towns: Townships, tmp_path: Path) -> None:
    db, clerk = county
    merge_packages(db, clerk, [towns.b.packages[0]], PASS)
    forged = _rewrite(towns.b.packages[0], tmp_path / "forged.snpkg", tables=_set_column("worker_files", "phone", "1"))
    refused(db, clerk, [forged], "package_sequence_conflict")
    # and both in one merge, before either was taken in
    db2_before = dump(db)
    with pytest.raises(MergeRefused) as caught:
        merge_packages(db, clerk, [towns.a.packages[1], forged, towns.b.packages[0]], PASS)
    assert caught.value.code == "package_sequence_conflict"
    assert dump(db) == db2_before


def test_rows_that_collide_with_another_townships_are_refused(county: Any, towns: Townships, tmp_path: Path) -> None:
    """A forged package whose row ids are another township's: a clear refusal, not a database error."""
    db, clerk = county
    merge_packages(db, clerk, [towns.b.packages[0]], PASS)
    with OpenedPackage(towns.b.packages[0], PASS) as opened:
        taken = next(opened.rows("household_members"))["id"]
    forged = _rewrite(towns.a.packages[1], tmp_path / "forged.snpkg",
                      tables=_set_column("household_members", "id", taken))
    error = refused(db, clerk, [forged], "package_conflict")
    assert "household_members" in error.message or "家庭成员" in error.message


@pytest.mark.parametrize("triggers", [False, True], ids=["key-checks", "triggers"])
def test_rows_pointing_at_nothing_are_refused(county: Any, towns: Townships, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch, triggers: bool) -> None:
    """A forged package whose household members belong to a file that exists nowhere: refused as the
    database's foreign key says. On PostgreSQL the merge checks the keys once per table after the COPY
    (persistence.bulk_keys) where the role may; `triggers`: as a role that may not, by the keys' triggers."""
    db, clerk = county
    if triggers:
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the triggers' path is PostgreSQL's")
        monkeypatch.setattr(county_merge.KeyChecks, "open", classmethod(lambda cls, *args: None))
    merge_packages(db, clerk, [towns.b.packages[0]], PASS)
    forged = _rewrite(towns.a.packages[1], tmp_path / "forged.snpkg",
                      tables=_set_column("household_members", "worker_file_id", uuid.uuid4().hex))
    error = refused(db, clerk, [forged], "package_conflict")
    assert "household_members" in error.message
    if db.engine.dialect.name == "postgresql":
        assert 'violates foreign key constraint "fk_household_members_worker_file' in error.message  # cut at 120
    else:
        assert "FOREIGN KEY" in error.message


def test_rows_naming_another_office_are_refused(county: Any, towns: Townships, tmp_path: Path) -> None:
    """origin_office_id right but office_id another office's (the county's own, here)."""
    db, clerk = county
    merge_packages(db, clerk, [towns.b.packages[0]], PASS)
    forged = _rewrite(towns.a.packages[1], tmp_path / "forged.snpkg",
                      tables=_set_column("worker_files", "office_id", str(clerk.office_id)))
    refused(db, clerk, [forged], "package_foreign_rows")


def test_a_full_disk_at_the_county_is_a_clear_refusal(county: Any, towns: Townships,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    db, clerk = county
    merge_packages(db, clerk, [towns.b.packages[0]], PASS)

    def full(self: Any, sha256: str, out: Any) -> None:
        out.write(b"x" * 100)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(OpenedPackage, "attachment_to", full)
    before = dump(db)
    with pytest.raises(DomainError) as caught:
        merge_packages(db, clerk, [towns.a.packages[1]], PASS)
    assert caught.value.code == "disk_full" and "空间不足" in caught.value.message
    assert dump(db) == before  # no half-written attachment left either


# --- kill -9 during the merge ------------------------------------------------------------------------------

KILLED_MERGE = """
import pickle, sys, time
from pathlib import Path
from unittest import mock
from songnuan_desktop.exchange import crypto
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.county import county_merge

real = county_merge._Writer._insert
def slow(self, inc, name):
    real(self, inc, name)
    if name == "assistance_items":  # worker files and more inserted, not committed
        print("writing", flush=True)
        time.sleep(60)

db = open_database("sqlite:///" + sys.argv[1])
user = pickle.loads(bytes.fromhex(sys.argv[4]))  # signed in by the test: a login writes the audit log
with mock.patch.object(crypto, "SCRYPT_N", 2**10), mock.patch.object(county_merge._Writer, "_insert", slow):
    county_merge.merge_packages(db, user, [Path(sys.argv[2])], sys.argv[3])
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_kill_9_during_a_merge_leaves_the_county_as_it_was(sqlite_db: Database, tmp_path: Path,
                                                           towns: Townships) -> None:
    db = sqlite_db
    demo_county.set_up_county(db)
    clerk = auth.login(db, "xianzong", PASSWORD)
    demo_county.register_package_keys(db, clerk, [towns.a.packages[0], towns.b.packages[0]], PASS)
    merge_packages(db, clerk, [towns.b.packages[0]], PASS)
    before = dump(db)
    db_file = Path(db.engine.url.database or "")
    pid = kill_9_when_writing(KILLED_MERGE, str(db_file), str(towns.a.packages[1]), PASS, pickle.dumps(clerk).hex())
    db.engine.dispose()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA quick_check").scalar() == "ok"
    assert dump(db) == before  # no township rows, no exchange_log "in" row of the killed merge
    for workdir in (db.attachments_dir.parent, work_root()):  # decrypted in memory: nothing left in the clear
        assert not list(workdir.glob(f"snpkg-{pid}-*"))
    merge_packages(db, clerk, [towns.a.packages[1]], PASS)
    assert_every_row(db, towns.a.packages[1])


# --- at the county: read-only rows, roles, attachments, users ------------------------------------------------

def test_township_rows_are_read_only_at_the_county(county: Any, towns: Townships) -> None:
    db, clerk = county
    merge_packages(db, clerk, [towns.a.packages[1]], PASS)
    before = dump(db)
    with pytest.raises(PermissionDenied) as caught:
        with db.write(clerk.actor) as session:
            row = session.get(WorkerFile, towns.changed_file)
            assert row is not None
            row.phone = "13800000000"
            session.flush()
    assert caught.value.code == "read_only_record"
    with pytest.raises(PermissionDenied):
        with db.write(clerk.actor) as session:
            session.delete(session.get(WorkerFile, towns.changed_file))
            session.flush()
    assert dump(db) == before


def test_only_a_county_database_and_role_merge(county: Any, towns: Townships) -> None:
    db, clerk = county
    for roles in ({Role.CLERK, Role.APPROVER}, {Role.FINANCE}):
        with pytest.raises(PermissionDenied) as caught:
            merge_packages(db, dataclasses.replace(clerk, roles=frozenset(roles)), [towns.a.packages[1]], PASS)
        assert caught.value.code == "role_required" and "县总工会" in caught.value.message
    admin = auth.login(db, "admin", PASSWORD)
    assert merge_packages(db, admin, [towns.b.packages[0]], PASS).merged
    township = open_database(f"sqlite:///{towns.b.path}")
    try:
        township_admin = auth.login(township, "admin", PASSWORD)
        with pytest.raises(PermissionDenied) as caught:
            merge_packages(township, township_admin, [towns.a.packages[1]], PASS)
        assert caught.value.code == "not_county"
    finally:
        township.close()


def test_attachments_arrive_at_their_content_address(county: Any, towns: Townships) -> None:
    db, clerk = county
    report = merge_packages(db, clerk, [towns.a.packages[1]], PASS)
    assert report.results[0].attachments_new == 1
    sha = hashlib.sha256(towns.scan).hexdigest()
    with db.read() as session:
        from songnuan_desktop.persistence.models import Attachment

        row = session.scalars(select(Attachment).where(Attachment.worker_file_id == towns.changed_file)).one()
        assert row.sha256 == sha and row.stored_path == f"{sha[:2]}/{sha}.jpg"
    stored = db.attachments_dir / row.stored_path
    assert stored.is_file() and hashlib.sha256(stored.read_bytes()).hexdigest() == sha
    assert not list(db.attachments_dir.rglob("*.part"))
    (info,) = attachments.list_for(db, towns.changed_file)
    assert attachments.verify(info)
    again = merge_packages(db, clerk, [towns.a.packages[1]], PASS)  # kept, not written twice
    assert again.results[0].status == "unchanged"


def test_township_users_arrive_inactive_without_passwords(county: Any, towns: Townships) -> None:
    db, clerk = county
    merge_packages(db, clerk, [towns.a.packages[1], towns.b.packages[0]], PASS)
    with db.read() as session:
        users = session.scalars(select(User).where(User.origin_office_id != clerk.office_id)).all()
        assert len(users) == 10 and {u.username for u in users} >= {"jingban", "admin"}
        assert all(not u.active and u.password_hash == "" for u in users)
    for username in ("jingban", "shenpi"):
        with pytest.raises(AuthenticationFailed):
            auth.login(db, username, PASSWORD)
    assert auth.login(db, "admin", PASSWORD).office_id == clerk.office_id  # the county's own admin


def test_a_refusal_or_cancel_leaves_no_decrypted_copy(county: Any, towns: Townships, tmp_path: Path) -> None:
    """Packages are opened two at a time: whichever fails, every decrypted copy is deleted."""
    db, clerk = county
    workdir = work_root()
    bad = _flip(towns.a.packages[1], tmp_path / "bad.snpkg")
    for paths in ([bad, towns.b.packages[0]], [towns.b.packages[0], towns.a.packages[0], bad]):
        with pytest.raises(MergeRefused):
            merge_packages(db, clerk, paths, PASS)
        assert not list(workdir.glob("snpkg-*"))
    calls: list[tuple[int, int]] = []
    with pytest.raises(DomainError) as caught:
        merge_packages(db, clerk, [towns.a.packages[1], towns.b.packages[0]], PASS,
                       progress=lambda d, t: calls.append((d, t)), is_cancelled=lambda: bool(calls))
    assert caught.value.code == "cancelled" and calls == [(1, 4)]
    assert not list(workdir.glob("snpkg-*"))
    with db.read() as session:
        assert not session.scalars(select(ExchangeLog)).all()


# --- a first merge of many townships rebuilds the plain indexes (SQLite) -----------------------------------

def _indexes(db: Database) -> list[tuple[str, str]]:
    with db.engine.connect() as conn:
        return sorted(conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                           "AND sql IS NOT NULL").all())


@pytest.fixture
def sqlite_county(sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                  towns: Townships) -> tuple[Database, SessionUser]:
    monkeypatch.setenv("SONGNUAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(county_merge, "_REBUILD_MIN_ROWS", 1)  # the small demo townships count as "many rows"
    demo_county.set_up_county(sqlite_db)
    by = auth.login(sqlite_db, "xianzong", PASSWORD)
    demo_county.register_package_keys(sqlite_db, by, [towns.a.packages[0], towns.b.packages[0]], PASS)
    return sqlite_db, by


def test_a_first_merge_gets_every_index_back(sqlite_county: Any, towns: Townships) -> None:
    db, by = sqlite_county
    before = _indexes(db)
    assert any(name == "ix_worker_files_search" for name, _ in before)
    merge_packages(db, by, [towns.a.packages[1], towns.b.packages[0]], PASS)
    assert _indexes(db) == before
    assert_every_row(db, towns.a.packages[1])
    assert_every_row(db, towns.b.packages[0])
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"  # the rebuilt indexes match the rows
        plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM worker_files WHERE office_id = ? AND status = '在档'",
            (uuid.uuid4().hex,)))
    assert "ix_worker_files" in plan


def test_a_failure_after_the_indexes_were_dropped_brings_them_back(sqlite_county: Any, towns: Townships) -> None:
    db, by = sqlite_county
    before, rows = _indexes(db), dump(db)
    calls = []

    def fail_on_second(self: Any, inc: Any) -> int:
        calls.append(inc)
        if len(calls) == 2:
            raise DomainError("disk_full", "磁盘已满")
        return 0

    with mock.patch.object(county_merge._Writer, "_attachments", fail_on_second), pytest.raises(DomainError):
        merge_packages(db, by, [towns.a.packages[1], towns.b.packages[0]], PASS)
    assert len(calls) == 2  # the first township's rows were in, without their indexes, when it failed
    assert _indexes(db) == before and dump(db) == rows


def test_the_package_carries_the_audit_chains_tip(towns: Townships) -> None:
    with OpenedPackage(towns.a.packages[1], PASS) as opened:
        tip = opened.manifest.raw["audit_tip"]
        rows = list(opened.rows("audit_log"))
    assert tip["seq"] == len(rows) == max(r["seq"] for r in rows)
    assert tip["hash"] == next(r["entry_hash"] for r in rows if r["seq"] == tip["seq"])


def test_org_units_are_ordered_parents_first_in_one_pass_per_level() -> None:
    """Package rows of org_units in any order: parents first (2 levels, 20,000 units — the old
    per-row set rebuild took minutes here); a cycle is passed on for the database to refuse."""
    import random
    import uuid as _uuid

    from songnuan_desktop.services.county.county_merge import _sorted

    root = _uuid.uuid4()
    mids = [_uuid.uuid4() for _ in range(100)]
    rows = [[_uuid.uuid4(), mids[i % 100]] for i in range(20_000)] + [[m, root] for m in mids] + [[root, None]]
    random.Random(7).shuffle(rows)
    [ordered] = _sorted("org_units", ["id", "parent_id"], [rows])
    position = {r[0]: i for i, r in enumerate(ordered)}
    assert len(ordered) == len(rows)
    assert all(r[1] is None or position[r[1]] < position[r[0]] for r in ordered)
    a, b = _uuid.uuid4(), _uuid.uuid4()
    [cycle] = _sorted("org_units", ["id", "parent_id"], [[[a, b], [b, a]]])
    assert sorted(map(str, (r[0] for r in cycle))) == sorted((str(a), str(b)))
