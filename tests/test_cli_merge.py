"""`songnuan merge` (县总工会): packages taken in with --json; a refusal exits 1 in Chinese; and
`songnuan demo --county` builds a county with its demo townships merged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from sqlalchemy import func, select

from songnuan_desktop import cli
from songnuan_desktop.exchange import crypto
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.persistence.models import ExchangeLog, Office, WorkerFile
from songnuan_desktop.services.access import auth
from songnuan_desktop.demo import county as demo_county
from songnuan_desktop.services.exchange.package_export import export_package
from tests.demo_offices import DemoOffices

PASS = "黄平县报送口令"


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Iterator[list[Path]]:
    """Two townships' packages (20 files each; the townships copies of the run's builds)."""
    root = tmp_path_factory.mktemp("cli-merge")
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        out = []
        for i in range(2):
            name, region = demo_county.township_name(i)
            built = demo_offices.file(root / f"t{i}.db", workers=20, seed=20 + i, office_name=name, region_code=region)
            db = open_database(f"sqlite:///{built}")
            folder = root / f"stick{i}"
            folder.mkdir()
            out.append(export_package(db, auth.login(db, "jingban", "songnuan2026"), folder, PASS).path)
            db.close()
        yield out


@pytest.fixture
def county_file(tmp_path: Path, packages: list[Path], demo_offices: DemoOffices) -> Iterator[Path]:
    path = demo_offices.county_office_file(tmp_path / "county.db")  # set_up_county's county
    db = open_database(f"sqlite:///{path}")
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        demo_county.register_package_keys(db, auth.login(db, "xianzong", "songnuan2026"), packages, PASS)
        db.close()
        yield path


def _args(county: Path, tmp_path: Path, packages: list[Path], passphrase: str = PASS) -> list[str]:
    phrase, secret = tmp_path / "口令.txt", tmp_path / "pw.txt"
    phrase.write_text("\ufeff" + passphrase + "\n", encoding="utf-8")  # as Notepad saves it
    secret.write_text("songnuan2026\n", encoding="utf-8")
    return ["merge", "--db", str(county), *map(str, packages), "--passphrase-file", str(phrase),
            "--user", "xianzong", "--password-file", str(secret), "--json"]


def test_merge_prints_what_it_took_in_and_json(county_file: Path, packages: list[Path], tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(_args(county_file, tmp_path, packages)) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert any("汇总了 2 个乡镇的报送包，共 40 份档案" in line for line in lines)  # the replay's lines follow it
    result = json.loads(lines[-1])
    assert result["merged"] is True and result["seconds"] > 0
    assert sorted((p["office"], p["sequence"], p["status"], p["files"]) for p in result["packages"]) == sorted(
        (demo_county.township_name(i)[0], 1, "merged", 20) for i in (0, 1))
    assert {p["file"] for p in result["packages"]} == {p.name for p in packages}
    db = open_database(f"sqlite:///{county_file}")
    try:
        with db.read() as session:
            assert session.scalar(select(func.count()).select_from(WorkerFile)) == 40
    finally:
        db.close()
    assert cli.main(_args(county_file, tmp_path, packages[:1])) == 0  # again: nothing changes
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert [p["status"] for p in result["packages"]] == ["unchanged"]


def test_a_refused_merge_exits_1_in_chinese(county_file: Path, packages: list[Path], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(_args(county_file, tmp_path, packages, passphrase="别的口令")) == 1
    captured = capsys.readouterr()
    assert "错误：报送包“" in captured.err and "口令不正确" in captured.err
    refused = json.loads(captured.out.strip().splitlines()[-1])
    assert refused["merged"] is False and "口令不正确" in refused["error"]
    cut = tmp_path / packages[0].name
    cut.write_bytes(packages[0].read_bytes()[:5000])
    assert cli.main(_args(county_file, tmp_path, [cut, packages[1]])) == 1
    assert "不完整" in capsys.readouterr().err
    db = open_database(f"sqlite:///{county_file}")
    try:
        with db.read() as session:
            assert session.scalar(select(func.count()).select_from(ExchangeLog)) == 0
    finally:
        db.close()


def test_demo_county_builds_a_county_with_its_townships(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "县.db"
    assert cli.main(["demo", "--county", "--db", str(path), "--workers", "20", "--townships", "2"]) == 0
    out = capsys.readouterr().out
    assert demo_county.DEMO_PASSPHRASE in out and "xianzong" in out
    db = open_database(f"sqlite:///{path}", create=True)
    try:
        with db.read() as session:
            county = session.scalars(select(Office).where(Office.level == "county")).one()
            townships = session.scalars(select(Office).where(Office.parent_id == county.id)).all()
            assert county.name == demo_county.COUNTY_NAME
            assert sorted(t.name for t in townships) == sorted(demo_county.township_name(i)[0] for i in range(2))
            # 20 each, and the household the demo plants as moved to the second township, filed again there
            assert session.scalar(select(func.count()).select_from(WorkerFile)) in (40, 41)
        assert auth.login(db, "xianzong", "songnuan2026").username == "xianzong"
    finally:
        db.close()
    assert cli.main(["demo", "--county", "--db", str(path), "--workers", "20"]) == 1  # already set up
    assert "已有单位" in capsys.readouterr().err
