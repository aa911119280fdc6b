"""The audit chain against tips kept outside the township's file: the county keeps each package's tip
(audit_anchors) and refuses a later package whose log no longer holds it, naming the township; at the
township, `check_package` names the first entry that differs from a package sent before."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from sqlalchemy import select, text

from songnuan_desktop.exchange import crypto
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import AuditAnchor
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.audit.audit_anchor import check_package
from songnuan_desktop.services.audit.audit_log import verify_chain
from songnuan_desktop.services.audit.audit_replay import replay_check
from songnuan_desktop.services.county.county_merge import MergeRefused, merge_packages
from songnuan_desktop.exchange.format import OpenedPackage
from songnuan_desktop.demo.county import DEMO_PASSPHRASE, township_name
from songnuan_desktop.services.office.key_register import register_from_package, registered_keys
from songnuan_desktop.services.exchange.package_export import export_package
from tests.demo_offices import DemoOffices
from tests.services.audit.test_audit_verify import _rechain

PASSWORD = "songnuan2026"


@dataclass
class Pair:
    township: Database
    county: Database
    folder: Path
    name: str

    def export(self) -> Path:
        clerk = auth.login(self.township, "jingban", PASSWORD)
        out = self.folder / f"out-{len(list(self.folder.glob('out-*')))}"
        out.mkdir()
        return export_package(self.township, clerk, out, DEMO_PASSPHRASE).path

    def merge(self, package: Path) -> None:
        by = auth.login(self.county, "xianzong", PASSWORD)
        if not registered_keys(self.county):  # the township's key, from its first package
            with OpenedPackage(package, DEMO_PASSPHRASE) as opened:
                signed = opened.manifest.signed_by
            assert signed is not None
            register_from_package(self.county, by, package, DEMO_PASSPHRASE, signed.fingerprint)
        merge_packages(self.county, by, [package], DEMO_PASSPHRASE)

    def anchors(self) -> list[tuple[int, int]]:
        with self.county.read() as session:
            return [(a.package_sequence, a.seq) for a in session.scalars(
                select(AuditAnchor).order_by(AuditAnchor.package_sequence))]


@pytest.fixture
def pair(tmp_path: Path, demo_offices: DemoOffices) -> Iterator[Pair]:
    """build_demo(workers=12, seed=5) as the first township and set_up_county's county: copies of the run's builds."""
    name, region = township_name(0)
    built = demo_offices.file(tmp_path / "t.db", workers=12, seed=5, office_name=name, region_code=region)
    township = open_database(f"sqlite:///{built}")
    county = open_database(f"sqlite:///{demo_offices.county_office_file(tmp_path / 'c.db')}")
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        yield Pair(township, county, tmp_path, name)
    township.close()
    county.close()


def _edit_and_rechain(db: Database) -> int:
    with db.engine.begin() as conn:
        sql = "SELECT min(seq) FROM audit_log WHERE action = 'create' AND seq > 10"
        seq = int(conn.execute(text(sql)).scalar_one())
        conn.execute(text("UPDATE audit_log SET username = 'someone' WHERE seq = :s"), {"s": seq})
    _rechain(db, seq)
    assert verify_chain(db).ok  # holds together by itself
    return seq


def test_the_county_keeps_each_packages_tip_and_takes_a_log_that_extends_it(pair: Pair) -> None:
    first = pair.export()
    pair.merge(first)
    second = pair.export()
    pair.merge(second)
    anchors = pair.anchors()
    assert [a[0] for a in anchors] == [1, 2] and anchors[0][1] < anchors[1][1]
    township_id = auth.login(pair.township, "jingban", PASSWORD).office_id
    assert replay_check(pair.county, township_id).ok
    assert check_package(pair.township, second, DEMO_PASSPHRASE).ok
    assert check_package(pair.county, first, DEMO_PASSPHRASE).ok  # the county's copy still holds the first


def test_a_history_rewritten_after_a_package_is_refused_naming_the_township(pair: Pair) -> None:
    pair.merge(pair.export())
    _edit_and_rechain(pair.township)
    rewritten = pair.export()
    with pytest.raises(MergeRefused) as caught:
        pair.merge(rewritten)
    assert caught.value.code == "package_audit_rewritten"
    assert pair.name in caught.value.message and "改写" in caught.value.message and "第 " in caught.value.message
    assert [a[0] for a in pair.anchors()] == [1]  # nothing of the refused package kept


def test_at_the_township_the_first_entry_that_differs_from_a_package_is_named(pair: Pair) -> None:
    sent = pair.export()
    seq = _edit_and_rechain(pair.township)
    report = check_package(pair.township, sent, DEMO_PASSPHRASE)
    assert not report.ok and report.first_bad is not None and report.first_bad.seq == seq
    assert f"自第 {seq} 条（" in report.message and "someone" not in report.message


def test_a_tail_cut_after_a_package_is_named_too(pair: Pair) -> None:
    sent = pair.export()
    with pair.township.engine.begin() as conn:
        last = int(conn.execute(text("SELECT max(seq) FROM audit_log")).scalar_one())
        conn.execute(text("DELETE FROM audit_log WHERE seq > :s"), {"s": last - 4})
    _rechain(pair.township, last - 4)
    report = check_package(pair.township, sent, DEMO_PASSPHRASE)
    assert not report.ok and "末尾被删除" in report.message


def test_a_package_of_another_office_is_not_taken_for_a_cut_log(pair: Pair) -> None:
    report = check_package(pair.county, pair.export(), DEMO_PASSPHRASE)  # the county has not merged it
    assert not report.ok and "不是本单位的" in report.message and "末尾" not in report.message
