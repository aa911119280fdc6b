"""The hash-chained audit log: who/what/before/after, no secrets, no anonymous writes, tamper evidence."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, text

from songnuan_desktop.domain.errors import AuthenticationFailed
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.audit import MissingActor
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry, LocalInfo, OrgUnit
from songnuan_desktop.services.access import auth, users
from songnuan_desktop.services.audit.audit_log import verify_chain
from songnuan_desktop.services.office.session_user import SessionUser

CLERK_PASSWORD = "Clerk12345"


def _entries(db: Database) -> list[AuditEntry]:
    with db.read() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))


def _count(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def _new_clerk(db: Database, admin: SessionUser) -> users.UserRow:
    return users.create_user(db, admin, "lixiao", "李晓", CLERK_PASSWORD, frozenset({Role.CLERK}))


def _org_unit(db: Database, admin: SessionUser, name: str) -> OrgUnit:
    return OrgUnit(origin_office_id=admin.office_id, office_id=admin.office_id, kind="union", name=name)


def test_a_service_change_is_logged_with_who_what_before_and_after(
    office_db: Database, admin: SessionUser
) -> None:
    clerk = _new_clerk(office_db, admin)
    users.update_user(office_db, admin, clerk.id, "李晓红", frozenset({Role.CLERK}), True)

    mine = [e for e in _entries(office_db) if e.entity_id == str(clerk.id)]
    assert [(e.action, e.entity) for e in mine] == [("create", "users"), ("update", "users")]
    created, updated = mine
    for entry in mine:
        assert (entry.user_id, entry.username, entry.office_id) == (admin.id, "admin", admin.office_id)
    assert created.before_json == ""
    after = json.loads(created.after_json)
    assert (after["username"], after["display_name"]) == ("lixiao", "李晓")
    assert after["office_id"] == str(admin.office_id)
    assert json.loads(updated.before_json)["display_name"] == "李晓"
    assert json.loads(updated.after_json)["display_name"] == "李晓红"
    role_rows = [e for e in _entries(office_db) if e.entity == "user_roles" and str(clerk.id) in e.entity_id]
    assert [e.action for e in role_rows] == ["create"]


def test_password_hashes_never_reach_the_audit_log(office_db: Database, admin: SessionUser) -> None:
    clerk = _new_clerk(office_db, admin)
    users.reset_password(office_db, admin, clerk.id, "Reset2024x")
    auth.change_password(office_db, auth.login(office_db, "lixiao", "Reset2024x"), "Reset2024x", "Mine2024yy")

    with office_db.read() as session:
        hashes = list(session.scalars(text("SELECT password_hash FROM users")))
    logged = [(e.before_json, e.after_json) for e in _entries(office_db)]
    text_of_log = "\n".join(b + a for b, a in logged)
    assert "scrypt$" not in text_of_log
    for stored in hashes:
        assert stored.split("$")[-1] not in text_of_log
    changes = [json.loads(a) for _, a in logged if a and "password_hash" in json.loads(a)]
    assert len(changes) >= 4  # admin and clerk created, reset, changed
    assert all(str(c["password_hash"]).startswith("***") for c in changes)


def test_a_write_without_an_actor_is_refused_and_leaves_nothing(office_db: Database) -> None:
    before = _count(office_db)
    with pytest.raises(MissingActor), office_db.factory.begin() as session:
        session.add(LocalInfo(key="anonymous", value="x"))
    with office_db.read() as session:
        assert session.get(LocalInfo, "anonymous") is None
    assert _count(office_db) == before


def _several_operations(db: Database, admin: SessionUser) -> None:
    clerk = _new_clerk(db, admin)
    users.update_user(db, admin, clerk.id, "李晓", frozenset({Role.CLERK, Role.REVIEWER}), True)
    with db.write(admin.actor) as session:
        session.add(_org_unit(db, admin, "旧州镇中心学校工会"))
    with db.write(admin.actor) as session:
        unit = session.scalar(select(OrgUnit))
        assert unit is not None
        unit.village = "寨勇村"
    with pytest.raises(AuthenticationFailed):
        auth.login(db, "nobody", "whatever1")


def test_the_chain_verifies_after_several_operations(office_db: Database, admin: SessionUser) -> None:
    _several_operations(office_db, admin)
    report = verify_chain(office_db)
    assert report.ok, report.message
    assert report.entries == _count(office_db) > 10
    seqs = [e.seq for e in _entries(office_db)]
    assert seqs == list(range(1, len(seqs) + 1))


def _tamper(db: Database, sql: str, **params: object) -> None:
    with db.engine.begin() as conn:
        conn.execute(text(sql), params)


def _a_middle_update(db: Database) -> int:
    updates = [e.seq for e in _entries(db) if e.action == "update" and e.entity == "org_units"]
    assert updates
    return updates[0]


def test_an_edited_entry_breaks_the_chain_at_that_entry(office_db: Database, admin: SessionUser) -> None:
    _several_operations(office_db, admin)
    seq = _a_middle_update(office_db)
    _tamper(office_db, "UPDATE audit_log SET after_json = :v WHERE seq = :seq",
            v='{"village":"别的村"}', seq=seq)
    report = verify_chain(office_db)
    assert not report.ok
    assert report.bad_seq == seq
    assert f"第 {seq} 条" in report.message


def test_an_edited_actor_is_detected_too(office_db: Database, admin: SessionUser) -> None:
    _several_operations(office_db, admin)
    seq = _a_middle_update(office_db)
    _tamper(office_db, "UPDATE audit_log SET username = 'lixiao' WHERE seq = :seq", seq=seq)
    report = verify_chain(office_db)
    assert (report.ok, report.bad_seq) == (False, seq)


def test_a_deleted_middle_entry_is_detected(office_db: Database, admin: SessionUser) -> None:
    _several_operations(office_db, admin)
    seq = _a_middle_update(office_db)
    _tamper(office_db, "DELETE FROM audit_log WHERE seq = :seq", seq=seq)
    report = verify_chain(office_db)
    assert not report.ok
    assert report.bad_seq == seq + 1
    assert f"缺少第 {seq} 条" in report.reason


def test_a_deleted_last_entry_is_detected_by_the_head(office_db: Database, admin: SessionUser) -> None:
    _several_operations(office_db, admin)
    last = _count(office_db)
    _tamper(office_db, "DELETE FROM audit_log WHERE seq = :seq", seq=last)
    report = verify_chain(office_db)
    assert not report.ok
    assert report.bad_seq == last
    assert "链尾" in report.reason


def test_a_rolled_back_unit_of_work_leaves_no_row_and_no_entry(
    office_db: Database, admin: SessionUser
) -> None:
    before = _count(office_db)
    with pytest.raises(RuntimeError, match="断电"), office_db.write(admin.actor) as session:
        session.add(_org_unit(office_db, admin, "回滚的工会"))
        session.flush()
        assert _count_in(session) == before + 1  # the entry was written inside the transaction
        raise RuntimeError("断电")
    with office_db.read() as session:
        assert session.scalar(select(func.count()).select_from(OrgUnit)) == 0
    assert _count(office_db) == before

    with office_db.write(admin.actor) as session:  # the next unit of work continues the chain
        session.add(_org_unit(office_db, admin, "保留的工会"))
    assert _count(office_db) == before + 1
    report = verify_chain(office_db)
    assert report.ok, report.message


def test_a_rolled_back_savepoint_does_not_break_the_chain(office_db: Database, admin: SessionUser) -> None:
    before = _count(office_db)
    with office_db.write(admin.actor) as session:
        session.add(_org_unit(office_db, admin, "第一个"))
        session.flush()
        nested = session.begin_nested()
        session.add(_org_unit(office_db, admin, "撤销的"))
        session.flush()
        nested.rollback()
        session.add(_org_unit(office_db, admin, "第三个"))
    with office_db.read() as session:
        names = set(session.scalars(select(OrgUnit.name)))
    assert names == {"第一个", "第三个"}
    assert _count(office_db) == before + 2
    report = verify_chain(office_db)
    assert report.ok, report.message


def _count_in(session) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_entries_appended_in_bulk_hash_as_the_chain_reads_them_back(office_db: Database, admin: SessionUser) -> None:
    """append_many makes the fields every entry of a call shares plain once (issue 15 item 6): each entry's hash
    is still the hash of exactly the fields `hashed_fields` reads back from its row, entry by entry."""
    import uuid

    from songnuan_desktop.domain.audit_chain import entry_hash
    from songnuan_desktop.persistence import audit

    rows = [{"id": uuid.uuid4(), "name": f"单位{n}", "note": "引号\"与\\反斜杠", "n": n, "on": None, "ok": n % 2 == 0}
            for n in range(5)]
    for actor in (admin.actor, audit.SYSTEM):
        with office_db.write(actor) as session:
            audit.append_many(session, actor, "create", "org_units", audit.created_entries(rows))
    with office_db.read() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
    written = [e for e in entries if e.entity == "org_units" and e.action == "create" and e.entity_id in
               {str(r["id"]) for r in rows}]
    assert len(written) == 10
    for entry in written:
        assert entry.entry_hash == entry_hash(entry.prev_hash, audit.hashed_fields(entry))
        assert json.loads(entry.after_json)["name"].startswith("单位")
    assert verify_chain(office_db).ok
