"""Sign-in, sign-out, unlock after the idle lock, and one's own password (the first one after a one-time
password an administrator set, or a change later)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.errors import AuthenticationFailed, ValidationFailed
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.audit import Actor
from songnuan_desktop.persistence.base import utcnow
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import User
from songnuan_desktop.services.office.office import local_office_id
from songnuan_desktop.services.access.passwords import hash_password, verify_password
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.access.users import check_password_strength

MAX_FAILURES = 5
LOCK_MINUTES = 5
WRONG = "登录名或密码不正确。"


def login(db: Database, username: str, password: str) -> SessionUser:
    """The user, or AuthenticationFailed. Every attempt, failed ones too, is committed to the audit log."""
    username = username.strip()
    shown = (username or "?")[:40]  # what the audit log can hold of a mistyped name
    with db.write(Actor(None, shown)) as session:
        office_id = local_office_id(session)
        user = session.scalar(select(User).where(User.office_id == office_id, User.username == username))
        if user is None:
            audit.append(session, Actor(None, shown, office_id), "login_failed", "users")
            refusal: str | None = WRONG
        else:
            session.info["actor"] = Actor(user.id, user.username, office_id)
            refusal = _check(session, user, password)
        result = None if refusal or user is None else _session_user(user)
    if result is None:
        raise AuthenticationFailed("login", refusal or WRONG)
    return result


def login_in_copy(copy: Path, username: str, password: str) -> SessionUser:
    """Sign in to a private copy of a database file — the backup to be restored when the current database
    cannot be opened (`songnuan restore`). The copy is upgraded and the attempt logged in it; the caller
    throws it away, so the backup itself is never changed."""
    db = open_database(f"sqlite:///{copy}")
    try:
        return login(db, username, password)
    finally:
        db.close()


def _check(session: Session, user: User, password: str) -> str | None:
    """None when the password is right; else the reason, with the attempt recorded."""
    actor: Actor = session.info["actor"]
    now = utcnow()
    if not user.active:
        audit.append(session, actor, "login_failed", "users", str(user.id), after={"reason": "inactive"})
        return "该账号已停用，请联系管理员。"
    if user.locked_until and user.locked_until > now:
        minutes = int((user.locked_until - now).total_seconds() // 60) + 1
        audit.append(session, actor, "login_failed", "users", str(user.id), after={"reason": "locked"})
        return f"密码连续输错{MAX_FAILURES}次，账号已锁定，请{minutes}分钟后再试。"
    if not verify_password(password, user.password_hash):
        audit.append(session, actor, "login_failed", "users", str(user.id), after={"reason": "wrong_password"})
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
            user.failed_logins = 0
            return f"密码连续输错{MAX_FAILURES}次，账号已锁定{LOCK_MINUTES}分钟。"
        return WRONG
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    audit.append(session, actor, "login", "users", str(user.id))
    return None


def _session_user(user: User) -> SessionUser:
    return SessionUser(
        user.id, user.username, user.display_name, user.office_id, frozenset(Role(r.role) for r in user.roles),
        user.must_change_password,
    )


def unlock(db: Database, user: SessionUser, password: str) -> None:
    """After the idle lock only the same user's password opens the window again."""
    with db.read() as session:
        stored = session.scalar(select(User.password_hash).where(User.id == user.id))
    if stored is None or not verify_password(password, stored):
        with db.write(user.actor) as session:
            audit.append(session, user.actor, "unlock_failed", "users", str(user.id))
        raise AuthenticationFailed("unlock", "密码不正确，请重新输入。")


def change_password(db: Database, user: SessionUser, old: str, new: str) -> None:
    check_password_strength(new)
    with db.write(user.actor) as session:
        row = session.get(User, user.id)
        if row is None or not verify_password(old, row.password_hash):
            raise AuthenticationFailed("old_password", "原密码不正确。")
        row.password_hash = hash_password(new)
        if row.must_change_password:
            row.must_change_password = False


def set_own_password(db: Database, user: SessionUser, new: str) -> SessionUser:
    """The first sign-in after a one-time password: the user's own password replaces it (they typed the
    one-time one a moment ago, so it is not asked again; nobody else can call this for a user who has
    already chosen theirs). The user as signed in from now on."""
    check_password_strength(new)
    with db.write(user.actor) as session:
        row = session.get(User, user.id)
        if row is None or not row.must_change_password:
            raise AuthenticationFailed("not_one_time", "您的密码已经是自己设置的；如需修改，请用“文件 › 修改密码”。")
        if verify_password(new, row.password_hash):
            raise ValidationFailed("same_as_one_time", "新密码不能与管理员给您的一次性密码相同，"
                                   "请另设一个只有您知道的密码。", {"field": "new"})
        row.password_hash = hash_password(new)
        row.must_change_password = False
    return dataclasses.replace(user, must_change_password=False)


def logout(db: Database, user: SessionUser, switching: bool = False) -> None:
    """The user leaves the window (注销) or hands it to another (切换用户): logged as sign-in is."""
    with db.write(user.actor) as session:
        audit.append(session, user.actor, "switch_user" if switching else "logout", "users", str(user.id))
