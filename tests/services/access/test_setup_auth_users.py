"""First-run setup, sign-in (with lock-out and audit), and user management by the administrator."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import func, select, update

from songnuan_desktop.domain.errors import AuthenticationFailed, PermissionDenied, ValidationFailed
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.base import utcnow
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry, Office, User
from songnuan_desktop.services.access import auth, setup, users
from songnuan_desktop.services.office import office
from songnuan_desktop.services.office.session_user import SessionUser

CLERK_PASSWORD = "Clerk12345"


def _new_clerk(db: Database, admin: SessionUser, username: str = "lixiao") -> users.UserRow:
    return users.create_user(db, admin, username, "李晓", CLERK_PASSWORD, frozenset({Role.CLERK}))


def _audit(db: Database) -> list[AuditEntry]:
    with db.read() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))


def _user(db: Database, username: str) -> User:
    with db.read() as session:
        user = session.scalar(select(User).where(User.username == username))
        assert user is not None
        return user


# --- setup ----------------------------------------------------------------------------------------

def test_a_new_database_needs_setup_until_initialized(db: Database, setup_data: setup.SetupData) -> None:
    assert office.needs_setup(db)
    office_id = setup.initialize(db, setup_data)
    assert not office.needs_setup(db)
    info = office.local_office(db)
    assert (info.id, info.name) == (office_id, "旧州镇总工会")
    assert (info.level, info.region_code) == ("township", "522622")
    assert office.summary(db).users == 1


@pytest.mark.parametrize(("change", "code", "words"), [
    ({"region_code": "52262"}, "region_code", "行政区划代码"),
    ({"region_code": "52262a"}, "region_code", "行政区划代码"),
    ({"admin_password": "12345678"}, "password", "字母和数字"),
    ({"admin_password": "abc123"}, "password", "至少8位"),
    ({"office_name": "   "}, "office_name", "单位名称"),
    ({"admin_display_name": ""}, "display_name", "管理员姓名"),
    ({"admin_username": "王"}, "username", "登录名"),
    ({"dibao_rural_fen": 0}, "dibao_rural_fen", "低保线"),
])
def test_setup_refuses_bad_input_in_chinese_and_writes_nothing(
    db: Database, setup_data: setup.SetupData, change: dict[str, object], code: str, words: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        setup.initialize(db, dataclasses.replace(setup_data, **change))
    assert refused.value.code == code
    assert words in refused.value.message
    assert office.needs_setup(db)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Office)) == 0
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_a_second_setup_is_refused(office_db: Database, setup_data: setup.SetupData) -> None:
    with pytest.raises(ValidationFailed) as refused:
        setup.initialize(office_db, dataclasses.replace(setup_data, office_name="重安镇总工会"))
    assert refused.value.code == "already_set_up"
    with office_db.read() as session:
        assert session.scalar(select(func.count()).select_from(Office)) == 1


# --- sign-in --------------------------------------------------------------------------------------

def test_login_returns_the_user_and_is_logged(office_db: Database, setup_data: setup.SetupData) -> None:
    before = len(_audit(office_db))
    user = auth.login(office_db, " admin ", setup_data.admin_password)
    assert (user.username, user.display_name, user.roles) == ("admin", "王管理", frozenset({Role.ADMIN}))
    assert user.office_id == office.local_office(office_db).id
    new = [(e.action, e.entity_id, e.user_id) for e in _audit(office_db)[before:]]
    assert ("login", str(user.id), user.id) in new
    assert _user(office_db, "admin").last_login_at is not None


def test_a_wrong_password_is_refused_and_the_attempt_committed(office_db: Database) -> None:
    before = len(_audit(office_db))
    with pytest.raises(AuthenticationFailed) as refused:
        auth.login(office_db, "admin", "Wrong12345")
    assert refused.value.message == auth.WRONG
    admin_row = _user(office_db, "admin")
    assert admin_row.failed_logins == 1  # committed, not rolled back with the refusal
    attempts = [e for e in _audit(office_db)[before:] if e.entity_id == str(admin_row.id)]
    assert attempts, "the failed attempt left no trace in the audit log"
    assert attempts[-1].username == "admin"
    failed = [e for e in attempts if e.action == "login_failed"]
    assert failed and json.loads(failed[-1].after_json) == {"reason": "wrong_password"}


def test_an_unknown_user_gets_the_same_answer_and_is_logged(office_db: Database) -> None:
    with pytest.raises(AuthenticationFailed) as refused:
        auth.login(office_db, "zhangsan", "Whatever123")
    assert refused.value.message == auth.WRONG  # does not reveal which user names exist
    last = _audit(office_db)[-1]
    assert (last.action, last.username, last.user_id) == ("login_failed", "zhangsan", None)


def test_five_wrong_passwords_lock_the_account_until_the_time_passes(
    office_db: Database, admin: SessionUser
) -> None:
    _new_clerk(office_db, admin)
    for attempt in range(1, auth.MAX_FAILURES + 1):
        with pytest.raises(AuthenticationFailed) as refused:
            auth.login(office_db, "lixiao", f"Wrong{attempt}xyz")
    assert "锁定" in refused.value.message
    with pytest.raises(AuthenticationFailed) as locked:
        auth.login(office_db, "lixiao", CLERK_PASSWORD)  # even the right password waits
    assert "锁定" in locked.value.message
    assert _audit(office_db)[-1].action == "login_failed"
    assert json.loads(_audit(office_db)[-1].after_json) == {"reason": "locked"}

    with office_db.engine.begin() as conn:  # the lock has run out
        conn.execute(update(User).where(User.username == "lixiao")
                     .values(locked_until=utcnow() - dt.timedelta(seconds=1)))
    assert auth.login(office_db, "lixiao", CLERK_PASSWORD).username == "lixiao"


def test_four_wrong_passwords_do_not_lock(office_db: Database, admin: SessionUser) -> None:
    _new_clerk(office_db, admin)
    for _ in range(auth.MAX_FAILURES - 1):
        with pytest.raises(AuthenticationFailed):
            auth.login(office_db, "lixiao", "Wrong12345")
    assert auth.login(office_db, "lixiao", CLERK_PASSWORD).username == "lixiao"
    assert _user(office_db, "lixiao").failed_logins == 0


def test_an_inactive_user_is_refused(office_db: Database, admin: SessionUser) -> None:
    clerk = _new_clerk(office_db, admin)
    users.update_user(office_db, admin, clerk.id, "李晓", frozenset({Role.CLERK}), active=False)
    with pytest.raises(AuthenticationFailed) as refused:
        auth.login(office_db, "lixiao", CLERK_PASSWORD)
    assert "停用" in refused.value.message
    assert json.loads(_audit(office_db)[-1].after_json) == {"reason": "inactive"}


# --- users ----------------------------------------------------------------------------------------

def test_only_an_administrator_creates_users(office_db: Database, admin: SessionUser) -> None:
    _new_clerk(office_db, admin)
    clerk = auth.login(office_db, "lixiao", CLERK_PASSWORD)
    with pytest.raises(PermissionDenied) as refused:
        users.create_user(office_db, clerk, "zhaoyi", "赵一", "Zhao12345", frozenset({Role.CLERK}))
    assert "管理员" in refused.value.message
    assert [u.username for u in users.list_users(office_db, admin.office_id)] == ["admin", "lixiao"]


def test_a_duplicate_username_is_refused(office_db: Database, admin: SessionUser) -> None:
    _new_clerk(office_db, admin)
    with pytest.raises(ValidationFailed) as refused:
        users.create_user(office_db, admin, "lixiao", "另一个李晓", "Other12345", frozenset({Role.FINANCE}))
    assert refused.value.code == "username_taken"
    assert "lixiao" in refused.value.message
    assert len(users.list_users(office_db, admin.office_id)) == 2


def test_roles_are_added_and_removed(office_db: Database, admin: SessionUser) -> None:
    clerk = _new_clerk(office_db, admin)
    row = users.update_user(office_db, admin, clerk.id, "李晓", frozenset({Role.CLERK, Role.REVIEWER}), True)
    assert row.roles == {Role.CLERK, Role.REVIEWER}
    wanted = frozenset({Role.REVIEWER, Role.FINANCE})
    row = users.update_user(office_db, admin, clerk.id, "李晓", wanted, True)
    assert row.roles == {Role.REVIEWER, Role.FINANCE}
    listed = {u.username: u for u in users.list_users(office_db, admin.office_id)}
    assert listed["lixiao"].roles == {Role.REVIEWER, Role.FINANCE}
    assert auth.login(office_db, "lixiao", CLERK_PASSWORD).roles == {Role.REVIEWER, Role.FINANCE}
    with pytest.raises(ValidationFailed):
        users.update_user(office_db, admin, clerk.id, "李晓", frozenset(), True)


def test_an_administrator_cannot_remove_their_own_admin_role(office_db: Database, admin: SessionUser) -> None:
    for roles, active in ((frozenset({Role.CLERK}), True), (frozenset({Role.ADMIN}), False)):
        with pytest.raises(ValidationFailed) as refused:
            users.update_user(office_db, admin, admin.id, "王管理", roles, active)
        assert refused.value.code == "self_admin"
    row = _user(office_db, "admin")
    assert (row.role_codes, row.active) == (["admin"], True)


def test_another_administrator_may_take_the_role_away(office_db: Database, admin: SessionUser) -> None:
    second = users.create_user(office_db, admin, "zhangzhu", "张主席", "Zhang12345",
                               frozenset({Role.ADMIN, Role.APPROVER}))
    row = users.update_user(office_db, admin, second.id, "张主席", frozenset({Role.APPROVER}), True)
    assert row.roles == {Role.APPROVER}


def test_reset_password_replaces_the_old_one_and_clears_a_lock(
    office_db: Database, admin: SessionUser
) -> None:
    clerk = _new_clerk(office_db, admin)
    with office_db.engine.begin() as conn:
        conn.execute(update(User).where(User.id == clerk.id)
                     .values(locked_until=utcnow() + dt.timedelta(minutes=5), failed_logins=3))
    with pytest.raises(ValidationFailed):
        users.reset_password(office_db, admin, clerk.id, "short1")
    users.reset_password(office_db, admin, clerk.id, "Fresh2024a")
    assert auth.login(office_db, "lixiao", "Fresh2024a").id == clerk.id
    with pytest.raises(AuthenticationFailed):
        auth.login(office_db, "lixiao", CLERK_PASSWORD)


def test_change_password_needs_the_old_one(office_db: Database, admin: SessionUser) -> None:
    _new_clerk(office_db, admin)
    clerk = auth.login(office_db, "lixiao", CLERK_PASSWORD)
    with pytest.raises(AuthenticationFailed):
        auth.change_password(office_db, clerk, "NotMine123", "Better2024")
    with pytest.raises(ValidationFailed):
        auth.change_password(office_db, clerk, CLERK_PASSWORD, "weakweak")
    auth.change_password(office_db, clerk, CLERK_PASSWORD, "Better2024")
    assert auth.login(office_db, "lixiao", "Better2024").id == clerk.id
    with pytest.raises(AuthenticationFailed):
        auth.login(office_db, "lixiao", CLERK_PASSWORD)


def test_unlock_after_idle_needs_the_same_password(
    office_db: Database, admin: SessionUser, setup_data: setup.SetupData
) -> None:
    auth.unlock(office_db, admin, setup_data.admin_password)
    with pytest.raises(AuthenticationFailed):
        auth.unlock(office_db, admin, "Wrong12345")
    last = _audit(office_db)[-1]
    assert (last.action, last.user_id) == ("unlock_failed", admin.id)


def test_county_role_only_in_a_county_database(office_db: Database, admin: SessionUser) -> None:
    with pytest.raises(ValidationFailed, match="县总工会”角色只用于县总工会"):
        users.create_user(office_db, admin, "xianzong", "王建国", "abc12345", frozenset({Role.COUNTY}))
    clerk = users.create_user(office_db, admin, "jingban", "吴晓燕", "abc12345", frozenset({Role.CLERK}))
    with pytest.raises(ValidationFailed, match="县总工会"):
        users.update_user(office_db, admin, clerk.id, "吴晓燕", frozenset({Role.CLERK, Role.COUNTY}), True)
    with office_db.write(admin.actor) as session:
        session.execute(update(Office).where(Office.id == admin.office_id).values(level="county"))
    county_user = users.create_user(office_db, admin, "xianzong", "王建国", "abc12345", frozenset({Role.COUNTY}))
    assert county_user.roles == frozenset({Role.COUNTY})
