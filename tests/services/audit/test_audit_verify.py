"""Each kind of damage to the audit chain, made with plain SQL on a real demo database, is named for what
it is (被修改 / 缺失 / 插入 / 末尾被删除), and a chain rewritten to hold together by itself disagrees with the
tip printed on a paper before (check_tip) or carried in a package (check_package)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from songnuan_desktop.domain.audit_chain import entry_hash, parse_tip, short_tip
from songnuan_desktop.persistence.audit import hashed_fields
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import AuditEntry
from songnuan_desktop.services.audit import audit_log
from songnuan_desktop.services.audit.audit_anchor import check_tip
from songnuan_desktop.services.audit.audit_log import INSERTED, MISSING, MODIFIED, REWRITTEN, TRUNCATED, verify_chain
from tests.demo_offices import DemoOffices

SECRET = "6222020000000000999"  # a card number written into an entry: it must never reach a message


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Path:
    return demo_offices.file(tmp_path_factory.mktemp("demo") / "demo.db", workers=40, seed=7)


@pytest.fixture
def db(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    opened = open_database(f"sqlite:///{path}")
    yield opened
    opened.close()


def _sql(db: Database, sql: str, **params: object) -> None:
    with db.engine.begin() as conn:
        conn.execute(text(sql), params)


def _last(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text("SELECT max(seq) FROM audit_log")).scalar_one())


def _tip(db: Database, seq: int) -> str:
    with db.engine.connect() as conn:
        found = conn.execute(text("SELECT entry_hash FROM audit_log WHERE seq = :s"), {"s": seq}).scalar_one()
    return short_tip(seq, found)


def _rechain(db: Database, start: int, head: bool = True) -> None:
    """What a forger does after an edit: every hash from `start` on computed again (and audit_head set)."""
    with db.factory.begin() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.seq >= start - 1).order_by(AuditEntry.seq)).all()
        prev = entries[0].entry_hash if entries[0].seq < start else audit_log.GENESIS
        for entry in entries:
            if entry.seq < start:
                continue
            entry.prev_hash = prev
            entry.entry_hash = prev = entry_hash(prev, hashed_fields(entry))
        if head:
            session.execute(text("UPDATE audit_head SET last_seq = :s, last_hash = :h"),
                            {"s": entries[-1].seq, "h": prev})


def _middle_create(db: Database) -> int:
    with db.engine.connect() as conn:
        sql = "SELECT min(seq) FROM audit_log WHERE action = 'create' AND seq > 20"
        return int(conn.execute(text(sql)).scalar_one())


def test_the_demo_chain_verifies_and_shows_its_tip(db: Database) -> None:
    report = verify_chain(db)
    assert report.ok and report.problems == ()
    assert report.tip[0] == _last(db) and short_tip(*report.tip) in report.message
    assert check_tip(db, *parse_tip(_tip(db, _last(db)))).ok  # type: ignore[misc]


def test_an_entry_edited_without_recomputing_is_reported_as_modified(db: Database) -> None:
    seq = _middle_create(db)
    _sql(db, "UPDATE audit_log SET after_json = :v WHERE seq = :s", v=f'{{"bank_card":"{SECRET}"}}', s=seq)
    report = verify_chain(db)
    assert not report.ok and report.kinds() == {MODIFIED} and report.bad_seq == seq
    assert f"第 {seq} 条（" in report.message and "被修改" in report.message and "末尾" not in report.message
    assert SECRET not in report.message and "新建" in report.message


def test_two_edits_are_both_named(db: Database) -> None:
    seq = _middle_create(db)
    for s in (seq, seq + 5):
        _sql(db, "UPDATE audit_log SET username = 'someone' WHERE seq = :s", s=s)
    report = verify_chain(db)
    assert [p.seq for p in report.problems] == [seq, seq + 5] and "另有 1 处" in report.message


def test_a_deleted_middle_entry_is_reported_as_missing(db: Database) -> None:
    seq = _middle_create(db)
    _sql(db, "DELETE FROM audit_log WHERE seq IN (:a, :b)", a=seq, b=seq + 1)
    report = verify_chain(db)
    assert report.kinds() == {MISSING} and report.bad_seq == seq + 2
    assert f"缺少第 {seq}–{seq + 1} 条" in report.message


def test_an_edit_with_only_its_own_hash_recomputed_breaks_the_next_link(db: Database) -> None:
    seq = _middle_create(db)
    with db.factory.begin() as session:
        entry = session.get(AuditEntry, seq)
        assert entry is not None
        entry.after_json = '{"amount_fen":99900}'
        entry.entry_hash = entry_hash(entry.prev_hash, hashed_fields(entry))
    report = verify_chain(db)
    assert report.kinds() == {INSERTED} and report.bad_seq == seq + 1 and "链接断开" in report.message


def test_a_deleted_tail_is_reported_as_cut_off(db: Database) -> None:
    last = _last(db)
    _sql(db, "DELETE FROM audit_log WHERE seq > :s", s=last - 3)
    report = verify_chain(db)
    assert report.kinds() == {TRUNCATED} and "末尾的记录被删除" in report.message and f"第 {last} 条" in report.message


def test_entries_added_after_the_tip_are_reported_as_inserted(db: Database) -> None:
    last = _last(db)
    _sql(db, "UPDATE audit_head SET last_seq = :s", s=last - 2)
    report = verify_chain(db)
    assert report.kinds() == {INSERTED} and f"多出第 {last - 1}–{last} 条" in report.message


def test_a_chain_recomputed_without_its_head_is_reported_as_rewritten(db: Database) -> None:
    seq = _middle_create(db)
    _sql(db, "UPDATE audit_log SET username = 'someone' WHERE seq = :s", s=seq)
    _rechain(db, seq, head=False)
    report = verify_chain(db)
    assert report.kinds() == {REWRITTEN} and "重算" in report.message


def test_a_tail_deleted_with_its_head_updated_is_caught_only_by_an_earlier_tip(db: Database) -> None:
    last = _last(db)
    paper = _tip(db, last)  # as printed in a voucher's foot
    _sql(db, "DELETE FROM audit_log WHERE seq > :s", s=last - 5)
    _rechain(db, last - 5)  # nothing to recompute: audit_head set to the new end
    assert verify_chain(db).ok  # the file alone cannot tell
    anchor = check_tip(db, *parse_tip(paper))  # type: ignore[misc]
    assert not anchor.ok and "末尾被删除" in anchor.message and f"只到第 {last - 5} 条" in anchor.message


def test_an_edit_with_the_chain_recomputed_is_caught_by_a_later_tip_not_an_earlier_one(db: Database) -> None:
    seq = _middle_create(db)
    before, after = _tip(db, seq - 1), _tip(db, _last(db))
    _sql(db, "UPDATE audit_log SET after_json = :v WHERE seq = :s", v=f'{{"bank_card":"{SECRET}"}}', s=seq)
    _rechain(db, seq)
    assert verify_chain(db).ok
    assert check_tip(db, *parse_tip(before)).ok  # type: ignore[misc]
    anchor = check_tip(db, *parse_tip(after))  # type: ignore[misc]
    assert not anchor.ok and "改写" in anchor.message and SECRET not in anchor.message
