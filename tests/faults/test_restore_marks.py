"""Issue 12 item 1, restore: a restored older database never gives out a voucher number or a package
sequence again. The high-water marks are kept beside the database file (`<db>.marks.json`,
services.publishing.publish_marks); a restore (plain or encrypted), or a file copied back by hand, has its counters
raised to them with an audit note (跳号)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from songnuan_desktop.exchange import crypto
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import AuditEntry, Voucher
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.backups import backup_archive, backups
from songnuan_desktop.services.publishing import publications
from songnuan_desktop.services.office import settings
from songnuan_desktop.services.payouts import vouchers
from songnuan_desktop.services.audit.audit_log import verify_chain
from songnuan_desktop.demo.data import PASSWORD
from songnuan_desktop.services.exchange.package_export import export_package
from songnuan_desktop.services.publishing.publish_marks import marks_path, read_marks
from tests.demo_offices import DemoOffices

PRINTED = "2026年金秋助学"
PHRASE = "县总工会口令-2026"


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_offices: DemoOffices) -> Iterator[Path]:
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)
    monkeypatch.setattr(backups, "backups_folder", lambda: tmp_path / "local-backups")
    path = demo_offices.file(tmp_path / "office" / "songnuan.db", workers=40, seed=3)
    yield path


def _opened(path: Path) -> Database:
    return open_database(f"sqlite:///{path}")


def _numbers(db: Database) -> set[str]:
    with db.read() as session:
        return set(session.scalars(select(Voucher.number)))


def _void_and_print(db: Database, out: Path) -> str:
    """Void one voucher of an approved item and print: the one new number given out."""
    clerk = auth.login(db, "jingban", PASSWORD)
    victim = next(v for v in vouchers.vouchers_of(db, clerk, PRINTED) if not v.voided and v.reprint_count == 0
                  and _approved(db, v))
    vouchers.void_voucher(db, clerk, victim.id, "金额填写错误，作废重开")
    (number,) = vouchers.print_vouchers(db, clerk, PRINTED, out).numbers
    return number


def _approved(db: Database, view: vouchers.VoucherView) -> bool:
    from songnuan_desktop.persistence.models import AssistanceItem

    with db.read() as session:
        return session.scalar(select(AssistanceItem.state).where(AssistanceItem.id == view.item_id)) == "approved"


def _history(path: Path, tmp_path: Path, encrypted: bool, series: str = "per_campaign") -> tuple[Path, set[str], int]:
    """Print, back up, then print more and export a package: the backup, every number used, the sequence.
    `series`: the setting voucher_series the office numbers by."""
    db = _opened(path)
    try:
        settings.set_value(db, auth.login(db, "admin", PASSWORD), "voucher_series", series)
        clerk = auth.login(db, "jingban", PASSWORD)
        vouchers.print_vouchers(db, clerk, PRINTED, tmp_path / "第一批.pdf")
        if encrypted:
            stick = tmp_path / "stick"
            stick.mkdir()
            backup = backup_archive.backup_encrypted(db, stick, PHRASE).path
        else:
            backup = backups.backup_now(db, tmp_path / "bk", reason=backups.MANUAL).path
        _void_and_print(db, tmp_path / "第二批.pdf")
        _void_and_print(db, tmp_path / "第三批.pdf")
        sequence = export_package(db, clerk, tmp_path, PHRASE).sequence
        used = _numbers(db)
    finally:
        db.close()
    return backup, used, sequence


@pytest.mark.parametrize(("encrypted", "series"),
                         [(False, "per_campaign"), (True, "per_campaign"), (False, "per_year")],
                         ids=["db", "snbak", "db-per-year"])
def test_a_restored_older_database_gives_out_no_number_or_sequence_again(office: Path, tmp_path: Path,
                                                                        encrypted: bool, series: str) -> None:
    backup, used, sequence = _history(office, tmp_path, encrypted, series)
    assert sequence == 1
    if encrypted:
        backup_archive.restore_encrypted(office, backup, PHRASE)
    else:
        backups.restore(office, backup)
    db = _opened(office)
    try:
        assert _numbers(db) < used  # the backup is older: it lacks the last numbers
        with db.read() as session:
            notes = session.scalars(select(AuditEntry.entity).where(AuditEntry.action == "restore_skip_ahead")).all()
        counters = "voucher_campaign_counters" if series == "per_campaign" else "voucher_counters"
        assert sorted(notes) == ["exchange_log", counters]
        new = _void_and_print(db, tmp_path / "恢复后.pdf")
        assert new not in used
        assert int(new[-6:]) == max(int(n[-6:]) for n in used if n[:4] == new[:4]) + 1
        again = export_package(db, auth.login(db, "jingban", PASSWORD), tmp_path, PHRASE)
        assert again.sequence == sequence + 1  # never 第1号 a second time
        assert verify_chain(db).ok
    finally:
        db.close()


def test_a_file_copied_back_by_hand_is_raised_at_the_next_start(office: Path, tmp_path: Path) -> None:
    backup, used, sequence = _history(office, tmp_path, encrypted=False)
    assert max(read_marks(marks_path(f"sqlite:///{office}"))["exchange_out"].values()) == sequence  # type: ignore[arg-type]
    office.with_name(office.name + "-wal").unlink(missing_ok=True)
    office.with_name(office.name + "-shm").unlink(missing_ok=True)
    shutil.copy(backup, office)  # no restore function: the marks beside it still know
    db = _opened(office)
    try:
        lines = publications.recover(db)  # what every command and the window run first
        assert any("凭证编号" in line and "继续" in line for line in lines)
        assert any("序号" in line for line in lines)
        assert publications.recover(db) == []  # raised once
        assert _void_and_print(db, tmp_path / "之后.pdf") not in used
        assert export_package(db, auth.login(db, "jingban", PASSWORD), tmp_path, PHRASE).sequence == sequence + 1
    finally:
        db.close()
