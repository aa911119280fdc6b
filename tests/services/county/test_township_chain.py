"""At the county, each township's audit log (merged from its packages) is checked as the township chained it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from sqlalchemy import select, text

from songnuan_desktop.cli import main
from songnuan_desktop.exchange import crypto
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.services.audit.audit_log import verify_chain
from songnuan_desktop.services.county.county_merge import township_offices
from tests.demo_offices import DemoOffices


@pytest.fixture
def county(tmp_path: Path, demo_offices: DemoOffices) -> Iterator[tuple[Path, Database]]:
    """build_county(townships=2, workers=15, seed=3): a copy of the run's one build."""
    path = demo_offices.county_file(tmp_path / "county.db", 2, 15, seed=3)
    db = open_database(f"sqlite:///{path}")
    yield path, db
    db.close()


def test_each_township_chain_verifies_after_the_merge(county: tuple[Path, Database]) -> None:
    _, db = county
    townships = township_offices(db)
    assert len(townships) == 2
    for office in townships:
        report = verify_chain(db, office.id)
        assert report.ok, report.message
        assert report.entries > 10
    assert verify_chain(db).ok  # the county's own chain is its own


def test_a_changed_township_entry_is_named(county: tuple[Path, Database], capsys: pytest.CaptureFixture[str]) -> None:
    path, db = county
    first, second = township_offices(db)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE township_audit_log SET after_json = '{\"amount_fen\": 999900}' "
                          "WHERE office_id = :o AND seq = 5"), {"o": second.id.hex})
    assert verify_chain(db, first.id).ok
    broken = verify_chain(db, second.id)
    assert not broken.ok and broken.bad_seq == 5 and "被改动" in broken.reason
    db.close()
    assert main(["audit-verify", "--db", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{second.name}：乡镇审计日志被改动：第 5 条" in out and f"{first.name}：乡镇审计日志完整" in out


def test_an_entry_without_an_office_in_its_actor_still_travels_to_the_county(tmp_path: Path,
                                                                            demo_offices: DemoOffices) -> None:
    """`songnuan backup --to` logs as the command line (no user, no office): the entry is the office's all the
    same, so the township's package carries the whole chain and the county finds no gap in it."""
    from songnuan_desktop.persistence import audit
    from songnuan_desktop.persistence.models import AuditEntry
    from songnuan_desktop.services.access import auth
    from songnuan_desktop.services.county.county_merge import merge_packages
    from songnuan_desktop.demo.county import register_package_keys, township_name
    from songnuan_desktop.services.exchange.package_export import export_package
    from songnuan_desktop.services.office.office import local_office

    name, region = township_name(0)  # build_demo(workers=10, seed=5) and set_up_county's county: copies of builds
    built = demo_offices.file(tmp_path / "t.db", workers=10, seed=5, office_name=name, region_code=region)
    township = open_database(f"sqlite:///{built}")
    county = open_database(f"sqlite:///{demo_offices.county_office_file(tmp_path / 'c.db')}")
    try:
        office_id = local_office(township).id
        with township.write(audit.Actor(None, "命令行:clerk")) as session:
            audit.append(session, audit.Actor(None, "命令行:clerk"), "backup_encrypted", "backups", "x")
        with township.read() as session:
            assert session.scalars(select(AuditEntry.office_id).order_by(AuditEntry.seq.desc())).first() == office_id
        with mock.patch.object(crypto, "SCRYPT_N", 2**10):
            package = export_package(township, auth.login(township, "jingban", "songnuan2026"), tmp_path, "口令1").path
            xianzong = auth.login(county, "xianzong", "songnuan2026")
            register_package_keys(county, xianzong, [package], "口令1")
            merge_packages(county, xianzong, [package], "口令1")
        assert verify_chain(township).ok
        chain = verify_chain(county, office_id)
        # the export's own two entries (its exchange_log row, its summary) come after the package's snapshot
        assert chain.ok and chain.entries == verify_chain(township).entries - 2
    finally:
        township.close()
        county.close()
