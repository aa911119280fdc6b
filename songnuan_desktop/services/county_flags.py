"""The county's flags (下发) on a township's records, as the township's screens show them.

Light on purpose (no exchange or crypto imports): the approval screen reads it at start-up."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.codes import COUNTY_FLAG_KINDS
from songnuan_desktop.persistence.models_county import CountyFlag


def flags_on(session: Session, *entity_ids: uuid.UUID) -> tuple[str, ...]:
    """The county's flags in force on these records (an item, its file), as "重复发放：text" lines."""
    rows = session.execute(select(CountyFlag.kind, CountyFlag.text).where(
        CountyFlag.entity_id.in_(entity_ids), CountyFlag.withdrawn.is_(False)).order_by(CountyFlag.created_at)).all()
    return tuple(f"{COUNTY_FLAG_KINDS.get(kind, kind)}：{text}" for kind, text in rows)
