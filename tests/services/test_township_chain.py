"""At the county, each township's audit log (merged from its packages) is checked as the township chained it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from sqlalchemy import text

from songnuan_desktop.cli import main
from songnuan_desktop.exchange import crypto
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.services.audit_log import verify_chain
from songnuan_desktop.services.county_merge import township_offices
from songnuan_desktop.services.demo_county import build_county


@pytest.fixture
def county(tmp_path: Path) -> Iterator[tuple[Path, Database]]:
    path = tmp_path / "county.db"
    db = open_database(f"sqlite:///{path}")
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        build_county(db, townships=2, workers=15, seed=3, workdir=tmp_path)
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
