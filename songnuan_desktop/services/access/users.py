"""Users and their roles; only an administrator manages them.

A password an administrator types (a new user, a reset) is one-time: the user sets their own at the next
sign-in in the window before anything else (auth.set_own_password), and the command line refuses them until
then. Only the setup wizard's first administrator chose their own password (services.access.setup).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.errors import NotFound, ValidationFailed
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import Office, User, UserRole
from songnuan_desktop.services.access.passwords import hash_password
from songnuan_desktop.services.office.session_user import SessionUser

MIN_PASSWORD = 8


@dataclass(frozen=True)
class UserRow:
    id: uuid.UUID
    username: str
    display_name: str
    roles: frozenset[Role]
    active: bool
    must_change_password: bool = False


def check_username(username: str) -> None:
    if not re.fullmatch(r"[A-Za-z0-9_.\-]{2,40}", username.strip()):
        raise ValidationFailed(
            "username", "登录名应为2到40位字母、数字、下划线或点，例如 zhangli。", {"field": "username"}
        )


def check_repeated(password: str, repeated: str) -> None:
    """The same password typed twice (a one-time password is read out to the user: a typo would lock them out)."""
    if password != repeated:
        raise ValidationFailed("password_repeat", "两次输入的密码不一致，请重新输入，两次要完全相同。",
                               {"field": "repeat"})


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD or password.isdigit() or password.isalpha():
        raise ValidationFailed(
            "password", f"密码至少{MIN_PASSWORD}位，并且要同时含有字母和数字。", {"field": "password"}
        )


def _check_roles(roles: frozenset[Role]) -> None:
    if not roles:
        raise ValidationFailed("roles", "请至少选择一个角色。", {"field": "roles"})


def _check_county_role(session: Session, office_id: uuid.UUID, roles: frozenset[Role]) -> None:
    office = session.get(Office, office_id)
    if Role.COUNTY in roles and (office is None or office.level != "county"):
        raise ValidationFailed("roles", "“县总工会”角色只用于县总工会的数据库（汇总各乡镇的报送包），"
                               "乡镇（街道）工会的用户请选择其他角色。", {"field": "roles"})


def list_users(db: Database, office_id: uuid.UUID) -> list[UserRow]:
    with db.read() as session:
        users = session.scalars(select(User).where(User.office_id == office_id).order_by(User.username))
        return [_row(u) for u in users]


def _row(user: User) -> UserRow:
    return UserRow(
        user.id, user.username, user.display_name, frozenset(Role(r.role) for r in user.roles), user.active,
        user.must_change_password,
    )


def create_user(
    db: Database, by: SessionUser, username: str, display_name: str, password: str, roles: frozenset[Role],
    *, one_time: bool = True,
) -> UserRow:
    """`one_time=False` only for users made by a script or a test that signs them in with this password."""
    by.require(Action.NEW_USER)
    check_username(username)
    if not display_name.strip():
        raise ValidationFailed("display_name", "请填写用户姓名。", {"field": "display_name"})
    check_password_strength(password)
    _check_roles(roles)
    with db.write(by.actor) as session:
        exists = session.scalar(
            select(User).where(User.office_id == by.office_id, User.username == username.strip())
        )
        if exists is not None:
            raise ValidationFailed("username_taken", f"登录名“{username}”已被使用，请换一个。", {"field": "username"})
        _check_county_role(session, by.office_id, roles)
        user = User(
            origin_office_id=by.office_id, office_id=by.office_id, username=username.strip(),
            display_name=display_name.strip(), password_hash=hash_password(password), must_change_password=one_time,
        )
        user.roles = [UserRole(role=r.value) for r in sorted(roles)]
        session.add(user)
        session.flush()
        return _row(user)


def update_user(
    db: Database, by: SessionUser, user_id: uuid.UUID, display_name: str, roles: frozenset[Role], active: bool
) -> UserRow:
    by.require(Action.EDIT_USER)
    _check_roles(roles)
    with db.write(by.actor) as session:
        user = _get(session, user_id)
        _check_county_role(session, by.office_id, roles)
        if user.id == by.id and (Role.ADMIN not in roles or not active):
            raise ValidationFailed("self_admin", "不能取消自己的管理员角色或停用自己，请由另一位管理员操作。")
        # An equal value set is no change to SQLAlchemy: a dialog saved unchanged moves no row_version and
        # logs nothing (STYLE 15; tests/services/access/test_one_time_password.py).
        user.display_name = display_name.strip() or user.display_name
        user.active = active
        current = {r.role for r in user.roles}
        wanted = {r.value for r in roles}
        user.roles = [r for r in user.roles if r.role in wanted] + [
            UserRole(role=code) for code in sorted(wanted - current)
        ]
        session.flush()
        return _row(user)


def reset_password(db: Database, by: SessionUser, user_id: uuid.UUID, new_password: str,
                   *, one_time: bool = True) -> None:
    """A new password for a user who forgot theirs: one-time, so only they know the one they go on with."""
    by.require(Action.RESET_PASSWORD)
    check_password_strength(new_password)
    with db.write(by.actor) as session:
        user = _get(session, user_id)
        user.password_hash = hash_password(new_password)
        user.must_change_password = one_time and user.id != by.id  # one's own reset is one's own choice
        user.failed_logins = 0
        user.locked_until = None


def _get(session, user_id: uuid.UUID) -> User:  # type: ignore[no-untyped-def]
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("user", "找不到该用户，可能已被删除。")
    return user
