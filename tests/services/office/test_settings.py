"""Versioned settings and 低保线: a change takes effect from its date and history keeps its value."""

from __future__ import annotations

import datetime as dt

import pytest

from songnuan_desktop.domain.errors import PermissionDenied, ValidationFailed
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.domain.settings import DEFAULTS
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.access import auth, users
from songnuan_desktop.services.office import settings
from songnuan_desktop.services.office.session_user import SessionUser

TODAY = dt.date.today()
LATER = TODAY + dt.timedelta(days=30)


def _clerk(db: Database, admin: SessionUser) -> SessionUser:
    users.create_user(db, admin, "lixiao", "李晓", "Clerk12345", frozenset({Role.CLERK, Role.FINANCE}))
    return auth.login(db, "lixiao", "Clerk12345")


def test_a_new_value_from_a_future_date_leaves_earlier_dates_alone(
    office_db: Database, admin: SessionUser
) -> None:
    key = "notice_working_days"
    assert settings.get(office_db, admin.office_id, key) == DEFAULTS[key] == 5
    settings.set_value(office_db, admin, key, 7, effective_from=LATER)

    assert settings.get(office_db, admin.office_id, key) == 5
    assert settings.get(office_db, admin.office_id, key, LATER - dt.timedelta(days=1)) == 5
    assert settings.get(office_db, admin.office_id, key, LATER) == 7
    assert settings.get(office_db, admin.office_id, key, LATER + dt.timedelta(days=400)) == 7
    assert settings.current(office_db, admin.office_id)[key] == 5
    with office_db.read() as session:
        assert settings.value_at(session, admin.office_id, key, LATER) == 7


def test_a_second_value_on_the_same_day_replaces_the_first(office_db: Database, admin: SessionUser) -> None:
    settings.set_value(office_db, admin, "signatory_head", "杨主席", effective_from=LATER)
    settings.set_value(office_db, admin, "signatory_head", "吴主席", effective_from=LATER)
    assert settings.get(office_db, admin.office_id, "signatory_head", LATER) == "吴主席"
    assert settings.get(office_db, admin.office_id, "signatory_head", TODAY) == ""


def test_a_value_from_today_is_in_force_at_once(office_db: Database, admin: SessionUser) -> None:
    settings.set_value(office_db, admin, "idle_lock_minutes", 15)
    assert settings.current(office_db, admin.office_id)["idle_lock_minutes"] == 15


@pytest.mark.parametrize(("key", "value", "code"), [
    ("no_such_setting", 1, "setting_key"),
    ("notice_working_days", "五", "setting_value"),
    ("notice_working_days", -1, "setting_value"),
    ("notice_working_days", True, "setting_value"),
    ("signatory_head", 3, "setting_value"),
])
def test_unknown_keys_and_wrong_types_are_refused(
    office_db: Database, admin: SessionUser, key: str, value: object, code: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        settings.set_value(office_db, admin, key, value, effective_from=LATER)
    assert refused.value.code == code
    assert settings.current(office_db, admin.office_id) == DEFAULTS


def test_dibao_lines_from_setup_are_listed(office_db: Database, admin: SessionUser) -> None:
    rows = settings.dibao_lines(office_db, admin.office_id)
    assert sorted((r.region_code, r.area, r.monthly_fen) for r in rows) == [
        ("522622", "rural", 52_000), ("522622", "urban", 79_000),
    ]


def test_a_dibao_line_is_added_and_a_duplicate_refused(office_db: Database, admin: SessionUser) -> None:
    settings.add_dibao_line(office_db, admin, "522622", "黄平县", "urban", 82_000, LATER)
    urban = [r for r in settings.dibao_lines(office_db, admin.office_id) if r.area == "urban"]
    assert [(r.monthly_fen, r.effective_from) for r in urban] == [
        (82_000, LATER), (79_000, dt.date(2000, 1, 1)),
    ]

    with pytest.raises(ValidationFailed) as refused:
        settings.add_dibao_line(office_db, admin, "522622", "黄平县", "urban", 85_000, LATER)
    assert refused.value.code == "dibao_exists"
    assert "已存在" in refused.value.message
    assert len(settings.dibao_lines(office_db, admin.office_id)) == 3


@pytest.mark.parametrize(("area", "fen", "code"), [("town", 80_000, "area"), ("rural", 0, "monthly_fen")])
def test_a_bad_dibao_line_is_refused(
    office_db: Database, admin: SessionUser, area: str, fen: int, code: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        settings.add_dibao_line(office_db, admin, "522622", "黄平县", area, fen, LATER)
    assert refused.value.code == code
    assert len(settings.dibao_lines(office_db, admin.office_id)) == 2


def test_only_an_administrator_changes_settings(office_db: Database, admin: SessionUser) -> None:
    clerk = _clerk(office_db, admin)
    with pytest.raises(PermissionDenied):
        settings.set_value(office_db, clerk, "notice_working_days", 3, effective_from=TODAY)
    with pytest.raises(PermissionDenied):
        settings.add_dibao_line(office_db, clerk, "522622", "黄平县", "rural", 60_000, LATER)
    assert settings.get(office_db, admin.office_id, "notice_working_days") == 5
    assert len(settings.dibao_lines(office_db, admin.office_id)) == 2


def test_a_new_dibao_line_needs_a_region_code_and_name(office_db, admin) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    import pytest

    from songnuan_desktop.domain.errors import ValidationFailed
    from songnuan_desktop.services.office import settings as svc

    before = svc.dibao_lines(office_db, admin.office_id)
    with pytest.raises(ValidationFailed, match="行政区划代码"):
        svc.add_dibao_line(office_db, admin, "5226", "黄平县", "urban", 80_000, dt.date(2027, 1, 1))
    with pytest.raises(ValidationFailed, match="地区名称"):
        svc.add_dibao_line(office_db, admin, "522622", " ", "urban", 80_000, dt.date(2027, 1, 1))
    assert svc.dibao_lines(office_db, admin.office_id) == before
