"""Cross-township checks and county reports (issue 7 item 3), on SQLite and PostgreSQL.

Three small demo townships export clean packages; then cases are planted the way reality makes them
(a household re-filed and paid again in another township; a member of one township's household filed
as head in another and paid; a re-filed household paid in a campaign of another period; one whose second
item was voided) and the townships export again. A county merges the clean packages (nothing found),
then the newer ones (each case found with its evidence, the harmless ones not flagged). Reports are
checked against each township's own database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from sqlalchemy import func, select

from songnuan_desktop.domain.errors import PermissionDenied
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.exchange import crypto
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import AssistanceItem, AuditEntry, WorkerFile
from songnuan_desktop.services.access import auth
from songnuan_desktop.demo import county as demo_county
from songnuan_desktop.services.files import worker_files
from songnuan_desktop.services.county.county_checks import CheckResult, Finding, cross_township_checks
from songnuan_desktop.services.county.county_merge import merge_packages
from songnuan_desktop.services.county.county_reports import county_report, export_county_report, township_status
from songnuan_desktop.demo.campaigns import CAMPAIGN_C
from songnuan_desktop.demo.county_plant import PlantSource, pay_item, pick_source, plant_moved_household
from songnuan_desktop.services.exchange.package_export import export_package
from songnuan_desktop.services.office.session_user import SessionUser
from tests.demo_offices import DemoOffices

PASS = demo_county.DEMO_PASSPHRASE
PASSWORD = "songnuan2026"
MASKED = re.compile(r"^\d{6}\*{8}[\dX]{4}$")


@pytest.fixture(scope="module", autouse=True)
def cheap_scrypt() -> Iterator[None]:
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        yield


@dataclass(frozen=True)
class Planted:
    names: tuple[str, str, str]
    paths: tuple[Path, Path, Path]  # the townships' SQLite files (after planting)
    clean: tuple[Path, ...]  # packages #1, before planting
    planted: tuple[Path, ...]  # A's #1 again, B's and C's #2
    moved: PlantSource  # A → B, paid again in the same winter: duplicate, double payment, details differ
    member: tuple[str, str, str]  # (ID number, name, relation in A): a member of A, head in C, paid in both
    other_period: PlantSource  # A → C, paid in A's 2026 winter, approved in C's 2027 winter: no double payment
    voided: PlantSource  # A → B, B's winter item voided: no double payment


def _export(db: Database, folder: Path) -> Path:
    folder.mkdir(parents=True)
    return export_package(db, auth.login(db, "jingban", PASSWORD), folder, PASS).path


def _refile(db: Database, source: PlantSource, address: str) -> uuid.UUID:
    clerk = auth.login(db, "jingban", PASSWORD)
    data = dataclasses.replace(source.file, address=address, work_unit_id=None, union_id=None,
                               region_code="")
    return worker_files.create(db, clerk, data, today=dt.date(2025, 10, 1)).id


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory, cheap_scrypt: None, demo_offices: DemoOffices) -> Planted:
    root = tmp_path_factory.mktemp("county-checks")
    names = tuple(demo_county.township_name(i)[0] for i in range(3))
    dbs = []
    for i in range(3):  # build_demo(workers=40, seed=70+i): copies of the run's builds
        name, region = demo_county.township_name(i)
        built = demo_offices.file(root / f"town{i}.db", workers=40, seed=70 + i, office_name=name, region_code=region)
        dbs.append(open_database(f"sqlite:///{built}"))
    try:
        a, b, c = dbs
        clean = tuple(_export(db, root / f"clean{i}") for i, db in enumerate(dbs))
        moved, member_source, other, voided = (pick_source(a, n) for n in range(4))
        plant_moved_household(b, moved, names[1])
        member = next(m for m in member_source.file.members if m.id_number)
        clerk_c = auth.login(c, "jingban", PASSWORD)
        head = worker_files.FileInput(name=member.name, id_number=member.id_number, category="相对困难",
                                      address="黄平县谷陇镇大寨村3组5号", filed_date=dt.date(2024, 3, 1),
                                      causes=member_source.file.causes)
        new_file = worker_files.create(c, clerk_c, head, today=dt.date(2024, 3, 1)).id
        pay_item(c, clerk_c.actor, new_file, member_source)
        pay_item(c, clerk_c.actor, _refile(c, other, "黄平县谷陇镇新村1号"), other, CAMPAIGN_C[0], "approved")
        clerk_b = auth.login(b, "jingban", PASSWORD)
        pay_item(b, clerk_b.actor, _refile(b, voided, "黄平县重安镇老街8号"), voided, state="voided")
        newer = (clean[0], _export(b, root / "planted1"), _export(c, root / "planted2"))
    finally:
        for db in dbs:
            db.close()
    return Planted(names, tuple(root / f"town{i}.db" for i in range(3)), clean, newer, moved,
                   (member.id_number, member.name, member.relation), other, voided)


@pytest.fixture
def county(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           planted: Planted) -> tuple[Database, SessionUser]:
    monkeypatch.setenv("SONGNUAN_DATA_DIR", str(tmp_path / "data"))
    demo_county.set_up_county(db)
    user = auth.login(db, "xianzong", PASSWORD)
    demo_county.register_package_keys(db, user, list(planted.clean), PASS)  # the townships' signing keys
    return db, user


def _with_id(findings: list[Finding], id_number: str) -> list[Finding]:
    masked = id_number[:6] + "*" * 8 + id_number[-4:]
    return [f for f in findings if f.id_masked == masked]


def _offices(finding: Finding) -> set[str]:
    return {e.office_name for e in finding.entries}


def _all_text(result: CheckResult) -> str:
    return repr(result)


def test_clean_townships_give_no_findings(county: tuple[Database, SessionUser], planted: Planted) -> None:
    db, user = county
    merge_packages(db, user, list(planted.clean), PASS)
    result = cross_township_checks(db, user)
    assert (result.duplicate_files, result.double_payments, result.details_differ) == ([], [], [])
    assert result.townships == 3 and result.checked_files == 120


def test_planted_cases_are_found_with_their_evidence(county: tuple[Database, SessionUser], planted: Planted) -> None:
    db, user = county
    merge_packages(db, user, list(planted.clean), PASS)
    merge_packages(db, user, list(planted.planted), PASS)  # the newer packages replace B's and C's rows
    result = cross_township_checks(db, user)
    a, b, c = planted.names
    moved_id = planted.moved.file.id_number

    [dup] = _with_id(result.duplicate_files, moved_id)
    assert _offices(dup) == {a, b} and dup.kind == "duplicate_file"
    assert "在 2 个乡镇都有在档档案" in dup.title and dup.name == planted.moved.file.name
    assert {(e.role, e.file_status) for e in dup.entries} == {("户主", "在档")}
    assert all("工作单位" in e.detail and "建档日期" in e.detail for e in dup.entries)
    # The household's members came along: named in the head's finding, not listed again.
    assert "同户另有" in dup.title
    assert not any(_with_id(result.duplicate_files, m.id_number) for m in planted.moved.file.members if m.id_number)

    [paid] = _with_id(result.double_payments, moved_id)
    assert _offices(paid) == {a, b}
    assert {e.state for e in paid.entries} == {"paid"} and {e.amount_fen for e in paid.entries} == {
        planted.moved.amount_fen}
    assert all("2026年元旦春节送温暖（2025年12月1日至2026年3月31日）" in e.detail and "已发放" in e.detail
               for e in paid.entries)
    assert all(e.item_id is not None for e in paid.entries)

    [differ] = _with_id(result.details_differ, moved_id)
    assert differ.title.endswith("家庭住址、工作单位")
    assert {e.office_name for e in differ.entries} == {a, b}
    assert any("黄平县重安镇新街" in e.detail for e in differ.entries)

    # Member in A, head in C, paid in both winters: found, each side in its role.
    member_id, member_name, relation = planted.member
    [member] = _with_id(result.double_payments, member_id)
    assert {(e.office_name, e.role) for e in member.entries} == {(a, relation), (c, "户主")}
    assert member.name == member_name
    assert any(f"的家庭成员（{relation}）" in e.detail for e in member.entries)
    assert _with_id(result.duplicate_files, member_id)  # and on active files of both

    # Paid in A's 2026 winter, approved in C's 2027 winter (another period): a duplicate file, not a double payment.
    assert _with_id(result.duplicate_files, planted.other_period.file.id_number)
    assert not _with_id(result.double_payments, planted.other_period.file.id_number)
    # B's winter item for the fourth household was voided: not a double payment.
    assert _with_id(result.duplicate_files, planted.voided.file.id_number)
    assert not _with_id(result.double_payments, planted.voided.file.id_number)

    assert len(result.double_payments) == 2 and len(result.duplicate_files) == 4
    for finding in result.duplicate_files + result.double_payments + result.details_differ:
        assert MASKED.match(finding.id_masked), finding.id_masked
        assert finding.key.startswith(finding.kind + ":")
    text = _all_text(result)
    assert moved_id not in text and member_id not in text  # full numbers never leave the service
    again = cross_township_checks(db, user)
    assert [f.key for f in again.double_payments] == [f.key for f in result.double_payments]  # stable


def _own_figures(path: Path) -> dict[str, int]:
    """A township's figures from its own database, with its own queries."""
    db = open_database(f"sqlite:///{path}", migrate=False)
    try:
        with db.read() as s:
            def items(*states: str) -> tuple[int, int]:
                row = s.execute(select(func.count(), func.coalesce(func.sum(AssistanceItem.amount_fen), 0))
                                .where(AssistanceItem.state.in_(states))).one()
                return int(row[0]), int(row[1])
            live = WorkerFile.deleted.is_(False)
            return {
                "active": s.scalar(select(func.count()).where(live, WorkerFile.status == "在档")) or 0,
                "total": s.scalar(select(func.count()).where(live)) or 0,
                "items": s.scalar(select(func.count()).select_from(AssistanceItem)) or 0,
                "approved": items("approved", "paid", "sampled")[1], "approved_n": items("approved", "paid",
                                                                                        "sampled")[0],
                "paid": items("paid", "sampled")[1], "paid_n": items("paid", "sampled")[0],
            }
    finally:
        db.close()


def test_reports_add_up_to_the_townships_own_figures(county: tuple[Database, SessionUser], planted: Planted,
                                                     tmp_path: Path) -> None:
    db, user = county
    merge_packages(db, user, list(planted.planted), PASS)
    own = {name: _own_figures(path) for name, path in zip(planted.names, planted.paths, strict=True)}

    status = {s.name: s for s in township_status(db, user)}
    assert set(status) == set(planted.names)
    with db.read() as session:
        merges = session.scalar(select(func.count()).where(AuditEntry.action == "merge_package"))
    assert merges == 3
    for name, s in status.items():
        f = own[name]
        assert (s.files_active, s.files_total, s.items, s.amount_approved_fen, s.amount_paid_fen) == (
            f["active"], f["total"], f["items"], f["approved"], f["paid"])
        assert s.last_sequence == (1 if name == planted.names[0] else 2)
        assert s.merged_at is not None and s.merged_at >= s.exported_at

    by_town, by_category, by_campaign = county_report(db, user)
    assert [r[0] for r in by_town.rows] == list(planted.names)
    for row in by_town.rows:
        f = own[row[0]]
        assert row[1:] == [f["active"], f["total"], f["approved_n"], f["approved"], f["paid_n"], f["paid"]]
    sums = [sum(own[n][k] for n in planted.names) for k in ("active", "total", "approved_n", "approved", "paid_n",
                                                            "paid")]
    assert by_town.totals == ["合计", *sums]
    assert by_category.totals == ["合计", *sums]
    assert by_campaign.totals is not None and by_campaign.totals[4:] == sums[2:]
    assert by_campaign.totals[3] == sum(own[n]["items"] for n in planted.names)
    assert {r[0] for r in by_campaign.rows} == {"2026年元旦春节送温暖", "2026年金秋助学", "2027年元旦春节送温暖"}
    assert all(r[2] == 3 for r in by_campaign.rows)  # each campaign found in the three townships

    only_2027 = county_report(db, user, 2027)[2]
    assert [r[0] for r in only_2027.rows] == ["2027年元旦春节送温暖"]

    out = export_county_report(db, user, tmp_path / "县级统计.xlsx")
    from openpyxl import load_workbook
    book = load_workbook(out)
    assert book.sheetnames == ["按乡镇", "按困难类别", "按活动", "重复建档", "重复发放", "信息不一致"]
    rows = list(book["按乡镇"].iter_rows(values_only=True))
    head = next(n for n, r in enumerate(rows) if r[:len(by_town.headers)] == tuple(by_town.headers))
    total = next(n for n, r in enumerate(rows) if r[0] == "合计")
    assert rows[total][1] == sums[0]
    assert float(rows[total][4]) == sums[3] / 100 and float(rows[total][6]) == sums[5] / 100
    assert [r[0] for r in rows[head + 1:total]] == list(planted.names)
    assert "制表单位" in rows[1][0] and "数据截至" in rows[1][0]
    assert any(r[0] == "制表人（签字）：" for r in rows[total + 1:])
    found = cross_township_checks(db, user)  # every finding is in its sheet, with its evidence
    for sheet, findings in (("重复建档", found.duplicate_files), ("重复发放", found.double_payments),
                            ("信息不一致", found.details_differ)):
        written = list(book[sheet].iter_rows(values_only=True))
        entries = [(e.office_name, e.file_no, e.detail) for f in findings for e in f.entries]
        assert [(r[4], r[5], r[10]) for r in written if isinstance(r[0], int)] == entries
        assert entries, sheet  # the planted county has each kind
    with db.read() as session:
        logged = session.scalars(select(AuditEntry).where(AuditEntry.action == "export_county_report")).all()
    assert len(logged) == 1 and str(out) in logged[0].after_json
    assert not list(tmp_path.glob("*.part"))


def test_an_empty_county_has_nothing(county: tuple[Database, SessionUser], tmp_path: Path) -> None:
    db, user = county
    result = cross_township_checks(db, user)
    assert (result.townships, result.checked_files, result.total) == (0, 0, 0)
    assert township_status(db, user) == []
    tables = county_report(db, user)
    assert [t.rows for t in tables] == [[], [], []]
    assert export_county_report(db, user, tmp_path / "empty.xlsx").is_file()


def test_only_a_county_and_its_roles(county: tuple[Database, SessionUser], planted: Planted) -> None:
    db, user = county
    clerk = SessionUser(uuid.uuid4(), "jingban", "吴晓燕", user.office_id, frozenset({Role.CLERK}))
    for call in (cross_township_checks, township_status, county_report):
        with pytest.raises(PermissionDenied, match="县总工会或管理员"):
            call(db, clerk)
    town = open_database(f"sqlite:///{planted.paths[0]}")
    try:
        admin = auth.login(town, "admin", PASSWORD)
        with pytest.raises(PermissionDenied, match="乡镇"):
            cross_township_checks(town, admin)
    finally:
        town.close()
