"""The history of one worker file: every change from the audit log in words, and every assistance.

Changes of the file row and of its members, causes, income items, exclusions and attachments are
found by the file's id (children carry `worker_file_id` in what they logged). Entries written by
one save follow each other in the log; they are told as one line, and a household member that the
save replaced unchanged is not mentioned at all.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.local_time import local
from songnuan_desktop.domain.states import STATE_LABELS, ItemState
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import (
    AssistanceItem,
    Attachment,
    AuditEntry,
    Campaign,
    OrgUnit,
    User,
    Visit,
    VisitHousehold,
    WorkerFile,
)
from songnuan_desktop.persistence.models_core import AuditFileIndex
from songnuan_desktop.services.audit.audit_log import AuditRow
from songnuan_desktop.services.audit.audit_text import (
    describe_change, describe_pair, describe_replacement, is_noise, is_replacement, pair_key,
)
from songnuan_desktop.services.files.file_detail import sees_full_numbers
from songnuan_desktop.services.office.session_user import SessionUser

SAME_SAVE_SECONDS = 1
SAVE_STARTS = ("worker_files", "attachments")


@dataclass(frozen=True)
class ChangeLine:
    at: dt.datetime  # local time
    who: str  # 李经办（jingban）
    text: str


@dataclass(frozen=True)
class AssistanceLine:
    campaign: str
    year: int
    item_kind: str
    category: str
    amount_fen: int | None  # None for a visit, which hands over no money of its own
    state: str  # in Chinese
    paid_on: dt.date | None


@dataclass(frozen=True)
class FileHistory:
    changes: list[ChangeLine]  # newest first
    assistance: list[AssistanceLine]  # newest first


def history(db: Database, user: SessionUser, file_id: uuid.UUID) -> FileHistory:
    full = sees_full_numbers(user)
    with db.read() as session:
        row = session.get(WorkerFile, file_id)
        if row is None or row.office_id != user.office_id:
            return FileHistory([], [])
        entries = _entries(session, file_id)
        names = _names(session, entries)
        changes = [_line(run, names, full) for run in _saves(entries)]
        return FileHistory([c for c in reversed(changes) if c.text], _assistance(session, file_id))


def _row(e: AuditEntry) -> AuditRow:
    return AuditRow(e.seq, e.at, e.username, e.action, e.entity, e.entity_id, e.before_json, e.after_json)


def _entries(session: Session, file_id: uuid.UUID) -> list[AuditRow]:
    """Entries of the file row, and of every child row that ever belonged to it: by the audit's file
    index (persistence.audit.file_of), not by reading every entry's JSON."""
    mine = select(AuditFileIndex.seq).where(AuditFileIndex.file_id == file_id)
    return [_row(e) for e in session.scalars(select(AuditEntry).where(AuditEntry.seq.in_(mine))
                                             .order_by(AuditEntry.seq))]


def names_in(db: Database, entries: list[AuditRow]) -> dict[str, str]:
    """Display names of the users and work units the entries name (for describe_change)."""
    with db.read() as session:
        return _names(session, entries)


def _names(session: Session, entries: list[AuditRow]) -> dict[str, str]:
    """Display names of the users, work units, list items and attachments the entries name."""
    names = {u: f"{d}（{u}）" for u, d in session.execute(
        select(User.username, User.display_name).where(User.username.in_({e.username for e in entries})))}
    names.update(_item_names(session, entries))
    names.update(_attachment_names(session, entries))
    unit_ids = set()
    for e in entries:
        for text in (e.before_json, e.after_json):
            value = json.loads(text).get("work_unit_id") if text else None
            if value:
                unit_ids.add(uuid.UUID(value))
    if unit_ids:
        names.update({str(i): n for i, n in session.execute(
            select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(unit_ids)))})
    return names


def _ids(entries: list[AuditRow], entity: str | None, key: str | None = None) -> set[uuid.UUID]:
    """The ids of `entity` rows the entries are about (or, with `key`, name in their data; any entity: None)."""
    found = set()
    for e in entries:
        if entity is not None and e.entity != entity:
            continue
        value = json.loads(e.after_json or e.before_json or "{}").get(key) if key else e.entity_id
        try:
            found.add(uuid.UUID(str(value)))
        except ValueError:
            continue
    return found


def _item_names(session: Session, entries: list[AuditRow]) -> dict[str, str]:
    """A list item as a person names it: 张三（JZ-2024-0012）2026 春节送温暖 (issue 13: the log gave ids)."""
    ids = _ids(entries, "assistance_items") | _ids(entries, None, "item_id")
    names = _campaign_names(session, _ids(entries, "campaigns") | _ids(entries, None, "campaign_id"))
    names |= _file_names(session, _ids(entries, "visit_households", "worker_file_id"))
    if not ids:
        return names
    found = session.execute(
        select(AssistanceItem.id, WorkerFile.name, WorkerFile.file_no, Campaign.name)
        .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
        .join(Campaign, Campaign.id == AssistanceItem.campaign_id)
        .where(AssistanceItem.id.in_(ids)))
    return names | {str(i): f"{name}（{file_no}）{campaign}" for i, name, file_no, campaign in found}


def _file_names(session: Session, ids: set[uuid.UUID]) -> dict[str, str]:
    """A household visited, by its name and file number (the file's own parts are told in its 历史)."""
    if not ids:
        return {}
    found = session.execute(select(WorkerFile.id, WorkerFile.name, WorkerFile.file_no).where(WorkerFile.id.in_(ids)))
    return {str(i): f"{name}（{file_no}）" for i, name, file_no in found}


def _campaign_names(session: Session, ids: set[uuid.UUID]) -> dict[str, str]:
    if not ids:
        return {}
    return {str(i): name for i, name in session.execute(select(Campaign.id, Campaign.name).where(Campaign.id.in_(ids)))}


def _attachment_names(session: Session, entries: list[AuditRow]) -> dict[str, str]:
    ids = _ids(entries, "attachments")
    if not ids:
        return {}
    found = session.execute(select(Attachment.id, Attachment.kind, Attachment.original_name)
                            .where(Attachment.id.in_(ids)))
    return {str(i): f"{kind}“{name}”" for i, kind, name in found}


def _saves(entries: list[AuditRow]) -> list[list[AuditRow]]:
    """Runs of entries one save wrote. The log has no transaction number; a save writes its entries
    with consecutive numbers, by one user, within a moment, the file row first (the unit of work
    writes a parent before its children), and an attachment on its own."""
    runs: list[list[AuditRow]] = []
    for e in entries:
        last = runs[-1][-1] if runs else None
        together = last is not None and e.seq == last.seq + 1 and e.username == last.username \
            and (e.at - last.at).total_seconds() <= SAME_SAVE_SECONDS
        if together and last is not None and is_replacement(last, e):
            runs[-1].append(e)  # an attachment removed and its successor added: one 替换
        elif (together and e.entity not in SAVE_STARTS and e.action in ("create", "update", "delete")
                and all((r.entity, r.entity_id) != (e.entity, e.entity_id) for r in runs[-1])):
            runs[-1].append(e)
        else:
            runs.append([e])
    return runs


def _line(run: list[AuditRow], names: Mapping[str, str], full: bool) -> ChangeLine:
    return ChangeLine(local(run[0].at), names.get(run[0].username, run[0].username),
                      describe_save(run, names, full))


def describe_save(run: list[AuditRow], names: Mapping[str, str] | None = None, full: bool = False) -> str:
    """One save in words: a row the save deleted and wrote again is told as its changes, or not at all."""
    if len(run) == 2 and is_replacement(*run):
        return describe_replacement(run[0], run[1], names)
    deleted: dict[tuple[str, str], list[AuditRow]] = {}
    for e in run:
        key = pair_key(e)
        if e.action == "delete" and key is not None:
            deleted.setdefault(key, []).append(e)
    pair_of: dict[int, AuditRow] = {}
    for e in run:
        key = pair_key(e)
        if e.action == "create" and key is not None and deleted.get(key):
            pair_of[e.seq] = deleted[key].pop(0)
    replaced = {old.seq for old in pair_of.values()}
    parts = []
    for e in run:
        if e.seq in replaced or is_noise(e):
            continue
        parts.append(describe_pair(pair_of[e.seq], e, names, full) if e.seq in pair_of
                     else describe_change(e, names, full))
    return "；".join(p for p in parts if p)


def _assistance(session: Session, file_id: uuid.UUID) -> list[AssistanceLine]:
    found = session.execute(
        select(Campaign.name, Campaign.year, Campaign.start_date, AssistanceItem.item_kind, AssistanceItem.category,
               AssistanceItem.amount_fen, AssistanceItem.state, AssistanceItem.paid_on, AssistanceItem.created_at)
        .join(Campaign, Campaign.id == AssistanceItem.campaign_id)
        .where(AssistanceItem.worker_file_id == file_id)
        .order_by(Campaign.start_date.desc(), AssistanceItem.created_at.desc())
    )
    lines = [(r.paid_on or r.start_date, AssistanceLine(r.name, r.year, r.item_kind, r.category, r.amount_fen,
                                                        _state(r.state), r.paid_on)) for r in found]
    lines += _visits(session, file_id)
    lines.sort(key=lambda pair: pair[0], reverse=True)  # stable: items keep their order within a day
    return [line for _day, line in lines]


def _visits(session: Session, file_id: uuid.UUID) -> list[tuple[dt.date, AssistanceLine]]:
    """Done visits (已走访) as lines of the list: kind 走访慰问（purpose）, no amount, the visit's date."""
    found = session.execute(
        select(Visit.date, Visit.purpose, Visit.outcome, Campaign.name, WorkerFile.category)
        .join(VisitHousehold, VisitHousehold.visit_id == Visit.id)
        .join(WorkerFile, WorkerFile.id == VisitHousehold.worker_file_id)
        .outerjoin(Campaign, Campaign.id == Visit.campaign_id)
        .where(VisitHousehold.worker_file_id == file_id, Visit.deleted.is_(False), Visit.outcome == "已走访"))
    return [(r.date, AssistanceLine(r.name or "", r.date.year, f"走访慰问（{r.purpose}）", r.category, None, r.outcome,
                                    r.date)) for r in found]


def _state(code: str) -> str:
    try:
        return STATE_LABELS[ItemState(code)]
    except ValueError:
        return code
