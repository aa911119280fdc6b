"""The county's flags (下发) on a township's records, as the township's screens show them.

Light on purpose (no exchange or crypto imports): the approval screen reads it at start-up."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.codes import COUNTY_FLAG_KINDS
from songnuan_desktop.persistence.models import AssistanceItem, Campaign, WorkerFile
from songnuan_desktop.persistence.models_county import CountyFlag


def flags_on(session: Session, *entity_ids: uuid.UUID) -> tuple[str, ...]:
    """The county's flags in force on these records (an item, its file), as "重复发放：text" lines."""
    rows = session.execute(select(CountyFlag.kind, CountyFlag.text).where(
        CountyFlag.entity_id.in_(entity_ids), CountyFlag.withdrawn.is_(False)).order_by(CountyFlag.created_at)).all()
    return tuple(f"{COUNTY_FLAG_KINDS.get(kind, kind)}：{text}" for kind, text in rows)


def flag_subjects(session: Session, flags: Iterable[tuple[str, uuid.UUID]]) -> dict[uuid.UUID, str]:
    """What each flagged record is, in words, by its id: a file's number and name, an item's campaign and
    person, a campaign's name. Three queries whatever the number of flags; a record no longer there is
    left out."""
    wanted: dict[str, set[uuid.UUID]] = {"worker_files": set(), "assistance_items": set(), "campaigns": set()}
    for entity, entity_id in flags:
        wanted.get(entity, set()).add(entity_id)
    out: dict[uuid.UUID, str] = {}
    if wanted["worker_files"]:
        out.update((i, f"{no} {name}") for i, no, name in session.execute(
            select(WorkerFile.id, WorkerFile.file_no, WorkerFile.name)
            .where(WorkerFile.id.in_(wanted["worker_files"]))))
    if wanted["assistance_items"]:
        out.update((i, f"{campaign}：{no} {name}") for i, campaign, no, name in session.execute(
            select(AssistanceItem.id, Campaign.name, WorkerFile.file_no, WorkerFile.name)
            .join(Campaign, Campaign.id == AssistanceItem.campaign_id)
            .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
            .where(AssistanceItem.id.in_(wanted["assistance_items"]))))
    if wanted["campaigns"]:
        out.update((i, name) for i, name in session.execute(
            select(Campaign.id, Campaign.name).where(Campaign.id.in_(wanted["campaigns"]))))
    return out
