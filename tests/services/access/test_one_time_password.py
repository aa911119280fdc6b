"""Issue 13, sessions: a password an administrator sets is one-time; sign-out and hand-over are logged;
a user saved unchanged changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from songnuan_desktop import cli
from songnuan_desktop.domain.errors import AuthenticationFailed, ValidationFailed
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import AuditEntry, User
from songnuan_desktop.services.access import auth, setup, users
from songnuan_desktop.services.office.session_user import SessionUser
from tests.demo_offices import DemoOffices

ONE_TIME = "Chushi2026"
OWN = "Ziji2026ok"


def _audit(db: Database) -> list[tuple[str, str, str]]:
    with db.read() as session:
        return [(e.action, e.entity, e.username) for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))]


def _row_version(db: Database, username: str) -> int:
    with db.read() as session:
        version = session.scalar(select(User.row_version).where(User.username == username))
        assert version is not None
        return version


def _clerk(db: Database, admin: SessionUser) -> users.UserRow:
    return users.create_user(db, admin, "jingban", "李经办", ONE_TIME, frozenset({Role.CLERK}))


def test_the_wizards_administrator_chose_their_own_password(office_db: Database, admin: SessionUser) -> None:
    assert not admin.must_change_password
    assert not users.list_users(office_db, admin.office_id)[0].must_change_password


def test_a_new_users_password_is_one_time_until_they_set_their_own(office_db: Database, admin: SessionUser) -> None:
    row = _clerk(office_db, admin)
    assert row.must_change_password
    clerk = auth.login(office_db, "jingban", ONE_TIME)
    assert clerk.must_change_password
    with pytest.raises(ValidationFailed) as same:
        auth.set_own_password(office_db, clerk, ONE_TIME)
    assert "一次性密码相同" in same.value.message and same.value.fields["field"] == "new"
    with pytest.raises(ValidationFailed, match="至少8位"):
        auth.set_own_password(office_db, clerk, "short1")
    assert auth.login(office_db, "jingban", ONE_TIME).must_change_password  # nothing changed by a refusal
    before = len(_audit(office_db))
    now = auth.set_own_password(office_db, clerk, OWN)
    assert not now.must_change_password and now.id == clerk.id
    assert _audit(office_db)[before:] == [("update", "users", "jingban")]  # the change, by the user
    with pytest.raises(AuthenticationFailed):
        auth.login(office_db, "jingban", ONE_TIME)
    assert not auth.login(office_db, "jingban", OWN).must_change_password
    with pytest.raises(AuthenticationFailed, match="修改密码"):  # no way round the old password later
        auth.set_own_password(office_db, now, "Another2026")


def test_a_reset_is_one_time_and_the_menus_change_clears_it(office_db: Database, admin: SessionUser) -> None:
    row = _clerk(office_db, admin)
    clerk = auth.set_own_password(office_db, auth.login(office_db, "jingban", ONE_TIME), OWN)
    users.reset_password(office_db, admin, row.id, "Reset2026a")
    assert auth.login(office_db, "jingban", "Reset2026a").must_change_password
    auth.change_password(office_db, clerk, "Reset2026a", "Mine2026ab")
    assert not auth.login(office_db, "jingban", "Mine2026ab").must_change_password
    assert admin.id is not None
    users.reset_password(office_db, admin, admin.id, "Admin2026x")  # one's own: one's own choice
    assert not auth.login(office_db, "admin", "Admin2026x").must_change_password


def test_passwords_typed_twice_must_match() -> None:
    users.check_repeated("Same2026a", "Same2026a")
    with pytest.raises(ValidationFailed) as differ:
        users.check_repeated("Same2026a", "Same2026b")
    assert "不一致" in differ.value.message and differ.value.fields["field"] == "repeat"


def test_sign_out_and_hand_over_are_logged_as_sign_in_is(office_db: Database, admin: SessionUser) -> None:
    before = len(_audit(office_db))
    auth.logout(office_db, admin, switching=True)
    auth.logout(office_db, admin)
    assert _audit(office_db)[before:] == [("switch_user", "users", "admin"), ("logout", "users", "admin")]


def test_a_user_saved_unchanged_changes_nothing(office_db: Database, admin: SessionUser) -> None:
    row = _clerk(office_db, admin)
    for user in users.list_users(office_db, admin.office_id):
        version, entries = _row_version(office_db, user.username), len(_audit(office_db))
        users.update_user(office_db, admin, user.id, user.display_name, user.roles, user.active)
        assert (_row_version(office_db, user.username), len(_audit(office_db))) == (version, entries), user.username
    users.update_user(office_db, admin, row.id, "李经办", frozenset({Role.CLERK, Role.FINANCE}), True)
    assert _row_version(office_db, "jingban") == 1  # a role is a row of its own; the user row is untouched
    assert _audit(office_db)[-1] == ("create", "user_roles", "admin")
    users.update_user(office_db, admin, row.id, "李晓燕", frozenset({Role.CLERK, Role.FINANCE}), True)
    assert _row_version(office_db, "jingban") == 2


def test_the_command_line_refuses_a_one_time_password(tmp_path: Path, setup_data: setup.SetupData,
                                                      capsys: pytest.CaptureFixture[str],
                                                      demo_offices: DemoOffices) -> None:
    path = demo_offices.office_file(tmp_path / "office.db", setup_data)  # as setup.initialize leaves it
    db = open_database("sqlite:///" + str(path))
    _clerk(db, auth.login(db, setup_data.admin_username, setup_data.admin_password))
    db.close()
    secret = tmp_path / "pw.txt"
    secret.write_text(ONE_TIME + "\n", encoding="utf-8")
    out = tmp_path / "reg.xlsx"
    argv = ["export-workers", str(out), "--db", str(path), "--user", "jingban", "--password-file", str(secret)]
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert "一次性密码" in err and "窗口中" in err and "Traceback" not in err and not out.exists()
    db = open_database("sqlite:///" + str(path))
    try:
        auth.set_own_password(db, auth.login(db, "jingban", ONE_TIME), OWN)
    finally:
        db.close()
    secret.write_text(OWN + "\n", encoding="utf-8")
    assert cli.main(argv) == 0 and out.exists()


def test_the_audit_log_names_sign_out_hand_over_and_the_first_password_in_words(
        office_db: Database, admin: SessionUser) -> None:
    from songnuan_desktop.services.audit import audit_log, audit_text

    _clerk(office_db, admin)
    auth.set_own_password(office_db, auth.login(office_db, "jingban", ONE_TIME), OWN)
    auth.logout(office_db, admin, switching=True)
    auth.logout(office_db, admin)
    words = [audit_text.describe_change(e) for e in audit_log.recent(office_db, 3)]
    assert words[0].startswith("注销") and words[1].startswith("切换用户")  # newest first
    assert "须先设置自己的密码 由“是”改为“否”" in words[2] and "其他操作" not in " ".join(words)


def test_restore_from_the_command_line_refuses_a_one_time_password(tmp_path: Path, setup_data: setup.SetupData,
                                                                   capsys: pytest.CaptureFixture[str],
                                                                   demo_offices: DemoOffices) -> None:
    import shutil

    path = demo_offices.office_file(tmp_path / "office.db", setup_data)  # as setup.initialize leaves it
    backup = tmp_path / "备份.db"
    shutil.copyfile(path, backup)
    db = open_database("sqlite:///" + str(path))
    users.create_user(db, auth.login(db, setup_data.admin_username, setup_data.admin_password), "guanli2", "周管理",
                      ONE_TIME, frozenset({Role.ADMIN}))
    db.close()
    secret = tmp_path / "pw.txt"
    secret.write_text(ONE_TIME + "\n", encoding="utf-8")
    argv = ["restore", "--db", str(path), str(backup), "--user", "guanli2", "--password-file", str(secret)]
    assert cli.main(argv) == 1
    assert "一次性密码" in capsys.readouterr().err
    assert not list(tmp_path.glob("office.db.before-restore-*"))  # nothing was restored
    secret.write_text(setup_data.admin_password + "\n", encoding="utf-8")
    assert cli.main([*argv[:4], "--user", setup_data.admin_username, "--password-file", str(secret)]) == 0


def test_whether_a_password_is_one_time_stays_in_the_office(office_db: Database, admin: SessionUser,
                                                           tmp_path: Path) -> None:
    from songnuan_desktop.exchange.format import OpenedPackage
    from songnuan_desktop.services.exchange.package_export import export_package

    _clerk(office_db, admin)
    assert any(u.must_change_password for u in users.list_users(office_db, admin.office_id))
    info = export_package(office_db, admin, tmp_path, "报送口令-2026-测试")
    with OpenedPackage(info.path, "报送口令-2026-测试") as package:
        sent = list(package.rows("users"))
    assert {u["username"] for u in sent} == {"admin", "jingban"}
    assert all(u["password_hash"] == "" and not u["must_change_password"] for u in sent)
