"""Versioned settings of the office: a change takes effect from a date and never rewrites history."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.errors import ValidationFailed
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.settings import CHOICES, DEFAULTS, LABELS
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import DibaoLine, SettingVersion
from songnuan_desktop.services.office.session_user import SessionUser


@dataclass(frozen=True)
class DibaoRow:
    id: uuid.UUID
    region_code: str
    region_name: str
    area: str
    monthly_fen: int
    effective_from: dt.date


def value_at(session: Session, office_id: uuid.UUID, key: str, on: dt.date | None = None) -> Any:
    """The value in force on `on` (default today), else the built-in default."""
    on = on or dt.date.today()
    row = session.scalar(
        select(SettingVersion.value_json)
        .where(SettingVersion.office_id == office_id, SettingVersion.key == key, SettingVersion.effective_from <= on)
        .order_by(SettingVersion.effective_from.desc())
        .limit(1)
    )
    return json.loads(row) if row is not None else DEFAULTS[key]


def get(db: Database, office_id: uuid.UUID, key: str, on: dt.date | None = None) -> Any:
    with db.read() as session:
        return value_at(session, office_id, key, on)


def current(db: Database, office_id: uuid.UUID) -> dict[str, Any]:
    with db.read() as session:
        return {key: value_at(session, office_id, key) for key in DEFAULTS}


def set_value(db: Database, by: SessionUser, key: str, value: Any, effective_from: dt.date | None = None) -> None:
    """A new version from `effective_from` (default today); an existing version that day is replaced."""
    by.require(Action.EDIT_SETTINGS)
    if key not in DEFAULTS:
        raise ValidationFailed("setting_key", f"没有名为“{key}”的设置。", {"field": key})
    _check_type(key, value)
    effective_from = effective_from or dt.date.today()
    with db.write(by.actor) as session:
        if value_at(session, by.office_id, key, effective_from) == value:
            return  # the value in force already: confirmed unchanged, no new version (STYLE 15)
        row = session.scalar(select(SettingVersion).where(
            SettingVersion.office_id == by.office_id, SettingVersion.key == key,
            SettingVersion.effective_from == effective_from,
        ))
        text = json.dumps(value, ensure_ascii=False)
        if row is None:
            session.add(SettingVersion(
                origin_office_id=by.office_id, office_id=by.office_id, key=key, value_json=text,
                effective_from=effective_from,
            ))
        else:
            row.value_json = text


def _check_type(key: str, value: Any) -> None:
    default = DEFAULTS[key]
    if key in CHOICES and value not in CHOICES[key]:
        raise ValidationFailed("setting_value", f"“{LABELS[key]}”只能选：{'、'.join(CHOICES[key].values())}。",
                               {"field": key})
    if isinstance(default, int) and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        raise ValidationFailed("setting_value", f"“{LABELS[key]}”应为不小于0的整数。", {"field": key})
    if isinstance(default, str) and not isinstance(value, str):
        raise ValidationFailed("setting_value", f"“{LABELS[key]}”应为文字。", {"field": key})


def dibao_lines(db: Database, office_id: uuid.UUID) -> list[DibaoRow]:
    with db.read() as session:
        rows = session.scalars(
            select(DibaoLine).where(DibaoLine.office_id == office_id)
            .order_by(DibaoLine.region_code, DibaoLine.area, DibaoLine.effective_from.desc())
        )
        return [
            DibaoRow(r.id, r.region_code, r.region_name, r.area, r.monthly_fen, r.effective_from) for r in rows
        ]


def add_dibao_line(
    db: Database, by: SessionUser, region_code: str, region_name: str, area: str, monthly_fen: int,
    effective_from: dt.date,
) -> None:
    by.require(Action.SET_POVERTY_LINE)
    if not re.fullmatch(r"\d{6}(\d{3}(\d{3})?)?", region_code):
        raise ValidationFailed(
            "region_code", "行政区划代码应为6、9或12位数字，例如 522622。", {"field": "region_code"}
        )
    if not region_name.strip():
        raise ValidationFailed("region_name", "请填写地区名称，例如“黄平县”。", {"field": "region_name"})
    if area not in ("urban", "rural"):
        raise ValidationFailed("area", "请选择城市或农村。", {"field": "area"})
    if monthly_fen <= 0:
        raise ValidationFailed("monthly_fen", "低保线应大于0元（每人每月）。", {"field": "monthly_fen"})
    with db.write(by.actor) as session:
        if _dibao_in_force(session, by.office_id, region_code, area, effective_from) == (region_name, monthly_fen):
            return  # the line in force already says so: saved unchanged, no new version (STYLE 15)
        exists = session.scalar(select(DibaoLine).where(
            DibaoLine.office_id == by.office_id, DibaoLine.region_code == region_code, DibaoLine.area == area,
            DibaoLine.effective_from == effective_from,
        ))
        if exists is not None:
            raise ValidationFailed(
                "dibao_exists", f"{effective_from:%Y年%m月%d日}起的该地区低保线已存在；请换一个生效日期。",
                {"field": "effective_from"},
            )
        session.add(DibaoLine(
            origin_office_id=by.office_id, office_id=by.office_id, region_code=region_code,
            region_name=region_name, area=area, monthly_fen=monthly_fen, effective_from=effective_from,
        ))


def _dibao_in_force(session: Session, office_id: uuid.UUID, region_code: str, area: str,
                    on: dt.date) -> tuple[str, int] | None:
    """(region name, fen a month) of the line of exactly this code and area in force on `on`."""
    row = session.execute(
        select(DibaoLine.region_name, DibaoLine.monthly_fen)
        .where(DibaoLine.office_id == office_id, DibaoLine.region_code == region_code, DibaoLine.area == area,
               DibaoLine.effective_from <= on)
        .order_by(DibaoLine.effective_from.desc()).limit(1)).first()
    return (row.region_name, row.monthly_fen) if row is not None else None
