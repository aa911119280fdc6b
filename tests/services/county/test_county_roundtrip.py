"""Issue 7, "must show": three demo townships export, the county merges, a planted double payment and a
planted duplicate file are found, the county's decisions (a flag, a new 低保线, receipts) go back and are
applied at each township — and a decisions package that must not be taken in changes nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from sqlalchemy import select

from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.exchange import crypto
from songnuan_desktop.exchange.format import OpenedPackage
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import AssistanceItem, Campaign, WorkerFile
from songnuan_desktop.persistence.models_county import CountyReceipt
from songnuan_desktop.services.files import attachments
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.office import settings
from songnuan_desktop.services.campaigns.approval_detail import item_detail
from songnuan_desktop.services.county.county_checks import cross_township_checks
from songnuan_desktop.services.county.county_decisions import (
    add_flag,
    confirm_final_list,
    export_decisions,
    withdraw_flag,
)
from songnuan_desktop.services.county.county_merge import merge_packages
from songnuan_desktop.services.county.decisions_import import DecisionsRefused, import_decisions, received_flags
from songnuan_desktop.demo.county import (
    DEMO_PASSPHRASE, register_county_key, register_package_keys, township_name,
)
from songnuan_desktop.services.files.eligibility import judge_file
from songnuan_desktop.services.exchange.package_export import export_package
from songnuan_desktop.services.office.session_user import SessionUser
from tests.demo_offices import DemoOffices

PASSWORD = "songnuan2026"
NEW_URBAN_FEN = 99_900
PAID = ("paid", "sampled")


@dataclass
class Township:
    path: Path
    db: Database
    name: str

    def clerk(self) -> SessionUser:
        return auth.login(self.db, "jingban", PASSWORD)

    def admin(self) -> SessionUser:
        return auth.login(self.db, "admin", PASSWORD)


@dataclass
class World:
    root: Path
    county: Database
    towns: list[Township]
    paid_id: str  # the double payment's ID number (towns 0 and 1)
    paid_item_1: object  # the item in town 1 the county flags
    dup_id: str  # the duplicate file's ID number (towns 0 and 2)
    attachment_sha: str
    first_packages: list[Path]


def _paid(db: Database, campaign_name: str | None = None) -> list[tuple[object, object, str, str]]:
    """(item id, file id, ID number, campaign name) of paid items, optionally of one campaign."""
    with db.read() as session:
        query = (select(AssistanceItem.id, WorkerFile.id, WorkerFile.id_number, Campaign.name)
                 .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
                 .join(Campaign, Campaign.id == AssistanceItem.campaign_id).where(AssistanceItem.state.in_(PAID)))
        if campaign_name:
            query = query.where(Campaign.name == campaign_name)
        return [tuple(r) for r in session.execute(query.order_by(WorkerFile.file_no))]


def _without_items(db: Database) -> list[tuple[object, str]]:
    with db.read() as session:
        helped = select(AssistanceItem.worker_file_id)
        return [tuple(r) for r in session.execute(select(WorkerFile.id, WorkerFile.id_number).where(
            WorkerFile.id.not_in(helped), WorkerFile.status == "在档").order_by(WorkerFile.file_no))]


def _set_id(town: Township, file_id: object, id_number: str) -> None:
    admin = town.admin()
    with town.db.write(admin.actor) as session:
        session.get(WorkerFile, file_id).id_number = id_number


def _dump(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Iterator[World]:
    """Three townships (build_demo(workers=30, seed=40+i)) and set_up_county's county: copies of the run's builds."""
    root = tmp_path_factory.mktemp("roundtrip")
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        towns = []
        for i in range(3):
            name, region = township_name(i)
            path = demo_offices.file(root / f"town{i}" / "town.db", workers=30, seed=40 + i, office_name=name,
                                     region_code=region)
            db = open_database(f"sqlite:///{path}")
            towns.append(Township(path, db, name))
        # Planted: one person paid in towns 0 and 1 in the same campaign; one person on file in towns 0 and 2.
        item0, _file0, paid_id, campaign = _paid(towns[0].db)[0]
        item1, file1, _, _ = _paid(towns[1].db, campaign)[0]
        _set_id(towns[1], file1, paid_id)
        _dup_file0, dup_id = _without_items(towns[0].db)[0]
        dup_file2, _ = _without_items(towns[2].db)[0]
        _set_id(towns[2], dup_file2, dup_id)
        scan = root / "scan.jpg"
        scan.write_bytes(b"\xff\xd8 diagnosis " * 300)
        sha = attachments.add(towns[0].db, towns[0].clerk(), _file0, "诊断证明及医疗票据", scan).sha256
        first = []
        for i, town in enumerate(towns):
            out = root / f"out{i}-1"
            out.mkdir()
            first.append(export_package(town.db, town.clerk(), out, DEMO_PASSPHRASE).path)
        county = open_database(f"sqlite:///{demo_offices.county_office_file(root / 'county' / 'county.db')}")
        xianzong = auth.login(county, "xianzong", PASSWORD)
        register_package_keys(county, xianzong, first)  # each side registers the other's signing key
        for town in towns:
            register_county_key(town.db, town.admin(), county)
        merge_packages(county, xianzong, first, DEMO_PASSPHRASE)
        yield World(root, county, towns, paid_id, item1, dup_id, sha, first)
        county.close()
        for town in towns:
            town.db.close()


@pytest.fixture(autouse=True)
def cheap_scrypt() -> Iterator[None]:
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        yield


def _office_id(db: Database) -> object:
    from songnuan_desktop.services.office.office import local_office
    return local_office(db).id


def test_round_trip(world: World) -> None:
    county, towns = world.county, world.towns
    xianzong = auth.login(county, "xianzong", PASSWORD)

    # The planted double payment and duplicate file are found at the county.
    checks = cross_township_checks(county, xianzong)
    paid = [f for f in checks.double_payments if {e.office_name for e in f.entries} >= {towns[0].name, towns[1].name}]
    assert paid, [f.title for f in checks.double_payments]
    dup = [f for f in checks.duplicate_files if {e.office_name for e in f.entries} >= {towns[0].name, towns[2].name}]
    assert dup, [f.title for f in checks.duplicate_files]

    # The county flags the double payment, confirms a final list, and raises the 低保线.
    town1 = _office_id(towns[1].db)
    flag = add_flag(county, xianzong, town1, "assistance_items", world.paid_item_1, "double_payment",
                    "与旧州镇同一活动重复发放，请核实并收回")
    with pytest.raises(DomainError, match="找不到"):  # town 1's item is not town 0's
        add_flag(county, xianzong, _office_id(towns[0].db), "assistance_items", world.paid_item_1, "note", "x")
    with county.read() as session:
        campaign0 = session.scalar(select(Campaign.id).where(Campaign.origin_office_id == _office_id(towns[0].db))
                                   .order_by(Campaign.start_date))
    confirm_final_list(county, xianzong, campaign0)
    today = dt.date.today()
    settings.add_dibao_line(county, auth.login(county, "admin", PASSWORD), "522622", "黄平县", "urban",
                            NEW_URBAN_FEN, today)
    out1 = world.root / "decisions-1"
    out1.mkdir()
    written = export_decisions(county, xianzong, out1, DEMO_PASSPHRASE)
    assert len(written.packages) == 3
    by_town = {p.office_name: p.path for p in written.packages}
    for town in towns:
        assert by_town[town.name].name.startswith(f"下发包-黄平县总工会-{town.name}-0001-")

    # Each township imports its own package.
    results = {t.name: import_decisions(t.db, t.clerk(), by_town[t.name], DEMO_PASSPHRASE) for t in towns}
    assert results[towns[1].name].flags == 1 and results[towns[0].name].flags == 1  # the flag; the final list
    assert results[towns[2].name].flags == 0
    flags1 = received_flags(towns[1].db)
    assert [(f.kind, f.withdrawn) for f in flags1] == [("double_payment", False)]
    assert "重复发放" in flags1[0].text and "：" in flags1[0].subject
    assert [f.kind for f in received_flags(towns[0].db)] == ["final"]
    with towns[1].db.read() as session:
        file1 = session.get(AssistanceItem, world.paid_item_1).worker_file_id
    assert item_detail(towns[1].db, world.paid_item_1, file1).county_flags == (
        "重复发放：与旧州镇同一活动重复发放，请核实并收回",)
    assert results[towns[0].name].receipts == 1  # the scan the county received
    for town in towns:
        assert results[town.name].standards > 0
        with town.db.read() as session:
            urban = session.scalar(select(WorkerFile.id).where(WorkerFile.hukou_type != "农业").limit(1))
        judged = judge_file(town.db, urban)
        assert judged.dibao is not None and judged.dibao.monthly_fen == NEW_URBAN_FEN

    # The county's standards are read-only at the township.
    with pytest.raises(DomainError, match="只能查看"):
        admin = towns[1].admin()
        with towns[1].db.write(admin.actor) as session:
            from songnuan_desktop.persistence.models import DibaoLine
            line = session.scalar(select(DibaoLine).where(DibaoLine.monthly_fen == NEW_URBAN_FEN))
            line.monthly_fen = 1

    # The same package again changes nothing; after a newer one, the older is refused with both dates.
    again = import_decisions(towns[1].db, towns[1].clerk(), by_town[towns[1].name], DEMO_PASSPHRASE)
    assert again.status == "unchanged"
    withdraw_flag(county, xianzong, flag, "经核实为同名不同人")
    out2 = world.root / "decisions-2"
    out2.mkdir()
    second = {p.office_name: p.path for p in export_decisions(county, xianzong, out2, DEMO_PASSPHRASE).packages}
    newer = import_decisions(towns[1].db, towns[1].clerk(), second[towns[1].name], DEMO_PASSPHRASE)
    assert newer.status == "applied" and newer.flags == 0 and newer.flags_withdrawn == 1
    assert received_flags(towns[1].db)[0].withdrawn
    with pytest.raises(DecisionsRefused, match="比已导入的第 2 号") as refused:
        import_decisions(towns[1].db, towns[1].clerk(), by_town[towns[1].name], DEMO_PASSPHRASE)
    assert "导出" in refused.value.message

    # Attachments the county acknowledged are not sent again; the county keeps the file.
    with towns[0].db.read() as session:
        assert session.scalars(select(CountyReceipt.sha256)).all() == [world.attachment_sha]
    out = world.root / "out0-2"
    out.mkdir()
    package2 = export_package(towns[0].db, towns[0].clerk(), out, DEMO_PASSPHRASE)
    assert package2.attachments == 0
    with OpenedPackage(world.first_packages[0], DEMO_PASSPHRASE) as first, \
            OpenedPackage(package2.path, DEMO_PASSPHRASE) as later:
        assert list(first.manifest.raw["attachments"]) == [world.attachment_sha]
        assert later.manifest.raw["attachments"] == {}
        assert later.manifest.row_counts["attachments"] == 1
    report = merge_packages(county, xianzong, [package2.path], DEMO_PASSPHRASE)
    assert report.merged[0].sequence == 2 and report.merged[0].attachments_new == 0
    sha = world.attachment_sha
    assert any((county.attachments_dir / sha[:2]).glob(sha + "*"))


@pytest.mark.parametrize("fault", ["wrong_passphrase", "flipped_byte", "other_township", "township_package"])
def test_a_refused_decisions_package_changes_nothing(world: World, fault: str) -> None:
    county, town = world.county, world.towns[2]
    folder = world.root / f"fault-{fault}"
    folder.mkdir()
    packages = {p.office_name: p.path for p in
                export_decisions(county, auth.login(county, "xianzong", PASSWORD), folder, DEMO_PASSPHRASE).packages}
    path, passphrase = packages[town.name], DEMO_PASSPHRASE
    if fault == "wrong_passphrase":
        passphrase = "不是这个口令"
    elif fault == "flipped_byte":
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x01
        path.write_bytes(bytes(data))
    elif fault == "other_township":
        path = packages[world.towns[0].name]
    else:
        path = world.first_packages[1]
    clerk = town.clerk()  # signing in writes: before the dump
    town.db.engine.dispose()
    before = _dump(town.path)
    with pytest.raises(DomainError) as refused:
        import_decisions(town.db, clerk, path, passphrase)
    assert "不能导入" in refused.value.message
    town.db.engine.dispose()
    after = _dump(town.path)
    assert before == after


def test_the_commands(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    from songnuan_desktop.cli import main

    password, phrase = world.root / "pw.txt", world.root / "phrase.txt"
    password.write_text(PASSWORD + "\n", encoding="utf-8")
    phrase.write_text("\ufeff" + DEMO_PASSPHRASE + "\n", encoding="utf-8")
    county = str(world.root / "county" / "county.db")
    signed = ["--user", "xianzong", "--password-file", str(password)]
    assert main(["flag", "--db", county, "--item", str(world.paid_item_1), "--kind", "hold",
                 "--text", "待核实后再发", *signed]) == 0
    assert "已标记" in capsys.readouterr().out
    assert main(["flag", "--db", county, "--item", str(world.paid_item_1), "--kind", "oops", "--text", "x",
                 *signed]) == 1
    out = world.root / "cli-decisions"
    out.mkdir()
    assert main(["export-decisions", "--db", county, "--to", str(out), "--passphrase-file", str(phrase), *signed]) == 0
    assert "已为 3 个乡镇各写一个下发包" in capsys.readouterr().out
    town = world.towns[1]
    package = next(out.glob(f"下发包-*-{town.name}-*.snpkg"))
    args = ["import-decisions", "--db", str(town.path), str(package), "--passphrase-file", str(phrase),
            "--user", "jingban", "--password-file", str(password)]
    assert main(args) == 0
    assert "收到标记 1 条" in capsys.readouterr().out
    assert main(args) == 0
    assert "此前已导入" in capsys.readouterr().out
    assert [f.kind for f in received_flags(town.db) if not f.withdrawn] == ["hold"]


@pytest.mark.postgres
def test_a_county_on_postgresql(pg_url: str, tmp_path: Path, demo_offices: DemoOffices) -> None:
    """The decisions package read from PostgreSQL (UUIDs with dashes, true/false, timestamps) is taken in
    by a township on SQLite."""
    name, region = township_name(1)
    town_path = demo_offices.file(tmp_path / "town" / "town.db", workers=15, seed=8, office_name=name,
                                  region_code=region)
    town_db = open_database(f"sqlite:///{town_path}")
    county_copy = demo_offices.county_office(pg_url)  # set_up_county's county, on PostgreSQL
    county = next(county_copy)
    try:
        town = Township(tmp_path / "town" / "town.db", town_db, name)
        scan = tmp_path / "scan.jpg"
        scan.write_bytes(b"\xff\xd8 income " * 200)
        with town_db.read() as session:
            file_id = session.scalar(select(WorkerFile.id).order_by(WorkerFile.file_no).limit(1))
        sha = attachments.add(town_db, town.clerk(), file_id, "收入证明", scan).sha256
        first = export_package(town_db, town.clerk(), tmp_path, DEMO_PASSPHRASE).path
        xianzong = auth.login(county, "xianzong", PASSWORD)
        register_package_keys(county, xianzong, [first])
        register_county_key(town_db, town.admin(), county)
        merge_packages(county, xianzong, [first], DEMO_PASSPHRASE)
        township = _office_id(town_db)
        flag = add_flag(county, xianzong, township, "worker_files", file_id, "details_differ", "出生日期不一致")
        withdraw_flag(county, xianzong, flag, "已更正")
        add_flag(county, xianzong, township, "worker_files", file_id, "note", "请补充低保证")
        settings.add_dibao_line(county, auth.login(county, "admin", PASSWORD), "522622", "黄平县", "urban",
                                NEW_URBAN_FEN, dt.date.today())
        out = tmp_path / "decisions"
        out.mkdir()
        package = export_decisions(county, xianzong, out, DEMO_PASSPHRASE).packages[0].path
        result = import_decisions(town_db, town.clerk(), package, DEMO_PASSPHRASE)
        assert (result.flags, result.flags_withdrawn, result.receipts) == (1, 1, 1)
        assert sorted((f.kind, f.withdrawn) for f in received_flags(town_db)) == [("details_differ", True),
                                                                                   ("note", False)]
        with town_db.read() as session:
            urban = session.scalar(select(WorkerFile.id).where(WorkerFile.hukou_type != "农业").limit(1))
        assert judge_file(town_db, urban).dibao.monthly_fen == NEW_URBAN_FEN  # type: ignore[union-attr]
        later = tmp_path / "later"
        later.mkdir()
        second = export_package(town_db, town.clerk(), later, DEMO_PASSPHRASE)
        assert second.attachments == 0
        assert merge_packages(county, xianzong, [second.path], DEMO_PASSPHRASE).merged[0].sequence == 2
        assert any((county.attachments_dir / sha[:2]).glob(sha + "*"))
    finally:
        county_copy.close()
        town_db.close()
