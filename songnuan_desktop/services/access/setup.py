"""First run: create this database's office, its settings and the first administrator."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from songnuan_desktop.domain.errors import ValidationFailed
from songnuan_desktop.domain.regions import check_region_code, county_of
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.domain.settings import DEFAULT_STANDARDS, DEFAULTS
from songnuan_desktop.persistence.audit import Actor
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import (
    DibaoLine, LocalInfo, Office, PaymentStandard, SettingVersion, User, UserRole,
)
from songnuan_desktop.services.office.keys import add_key
from songnuan_desktop.services.office.office import LOCAL_OFFICE_KEY, needs_setup
from songnuan_desktop.services.access.passwords import hash_password
from songnuan_desktop.services.access.users import check_password_strength, check_username

SETTINGS_START = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class SetupData:
    office_name: str
    region_code: str
    region_name: str
    dibao_urban_fen: int
    dibao_rural_fen: int
    admin_username: str
    admin_display_name: str
    admin_password: str
    level: str = "township"
    effective_from: dt.date = SETTINGS_START


def validate(data: SetupData) -> None:
    if not data.office_name.strip():
        raise ValidationFailed("office_name", "请填写单位名称，例如“××镇总工会”。", {"field": "office_name"})
    check_region_code(data.region_code)
    if data.level not in ("township", "county"):
        raise ValidationFailed("level", "单位级别应为乡镇（街道）工会或县总工会。", {"field": "level"})
    if data.level == "county" and len(data.region_code) != 6:
        raise ValidationFailed("region_code", "县总工会的行政区划代码应为6位县级代码，例如 522622；"
                               "乡镇报送包按这个代码认定是否本县。", {"field": "region_code"})
    for field, value in (("dibao_urban_fen", data.dibao_urban_fen), ("dibao_rural_fen", data.dibao_rural_fen)):
        if value <= 0:
            raise ValidationFailed(field, "低保线应大于0元（每人每月）。", {"field": field})
    check_username(data.admin_username)
    if not data.admin_display_name.strip():
        raise ValidationFailed("display_name", "请填写管理员姓名。", {"field": "display_name"})
    check_password_strength(data.admin_password)


def initialize(db: Database, data: SetupData, office_id: uuid.UUID | None = None) -> uuid.UUID:
    """Create the office with default settings and its administrator, all in one transaction."""
    validate(data)
    if not needs_setup(db):
        raise ValidationFailed("already_set_up", "本数据库已完成初始设置，不能再次设置。")
    office_id = office_id or uuid.uuid4()
    actor = Actor(None, data.admin_username.strip(), office_id)
    with db.write(actor) as session:
        office = Office(
            id=office_id, origin_office_id=office_id, name=data.office_name.strip(), level=data.level,
            region_code=data.region_code,
        )
        session.add(office)
        session.flush()
        session.add(LocalInfo(key=LOCAL_OFFICE_KEY, value=str(office_id)))
        add_default_settings(session, office_id, data)
        user = User(
            origin_office_id=office_id, office_id=office_id, username=data.admin_username.strip(),
            display_name=data.admin_display_name.strip(), password_hash=hash_password(data.admin_password),
        )
        user.roles = [UserRole(role=Role.ADMIN.value)]
        session.add(user)
        add_key(session, actor, office_id)  # the office's signing key (services.office.keys)
    return office_id


def add_default_settings(session: Session, office_id: uuid.UUID, data: SetupData) -> None:
    common = {"origin_office_id": office_id, "office_id": office_id, "effective_from": data.effective_from}
    for key, value in DEFAULTS.items():
        session.add(SettingVersion(key=key, value_json=json.dumps(value, ensure_ascii=False), **common))
    # 低保线 are set per county: kept under the county's code, every township, village and file of the
    # county finds them (domain.regions: a code uses its own line or its nearest parent's).
    county = county_of(data.region_code)
    for area, fen in (("urban", data.dibao_urban_fen), ("rural", data.dibao_rural_fen)):
        session.add(DibaoLine(
            region_code=county, region_name=data.region_name or county, area=area,
            monthly_fen=fen, **common,
        ))
    for kind, category, yuan in DEFAULT_STANDARDS:
        session.add(PaymentStandard(item_kind=kind, category=category, amount_fen=yuan * 100, **common))
