"""组织机构: the office's 基层工会, 工作单位 and 村/社区 — created, renamed, merged and retired.

A retired one is no longer offered for new choices but stays on every file that names it. A merge
moves everything that points at the merged one (files' 工作单位 and 基层工会, units under a union,
units in a village) to the survivor and retires the merged one, in one transaction, each moved file
audit-logged with the merge itself. Nothing is deleted: org_units travel to the county.

Who may edit: a clerk (who meets a new unit while filling a file) or an administrator (who keeps the
lists); everyone may read them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.errors import NotFound, ValidationFailed
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.regions import check_region_code
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import OrgUnit, WorkerFile
from songnuan_desktop.services.office.session_user import SessionUser

KIND_LABELS = {"union": "基层工会", "unit": "工作单位", "village": "村（社区）"}
MAX_NAME = 120


@dataclass(frozen=True)
class OrgRow:
    id: uuid.UUID
    kind: str
    name: str
    parent_id: uuid.UUID | None  # a unit's 基层工会
    parent_name: str
    village: str  # a unit's 村/社区, by name
    nature: str
    region_code: str
    active: bool
    files: int  # files that name it (as 工作单位 or 基层工会), exited ones included
    row_version: int


@dataclass(frozen=True)
class OrgInput:
    kind: str
    name: str
    parent_id: uuid.UUID | None = None
    village: str = ""
    nature: str = ""
    region_code: str = ""


@dataclass(frozen=True)
class Merged:
    survivor: str
    merged: str
    files: int
    units: int


def may_edit(user: SessionUser) -> bool:
    return user.may(Action.EDIT_ORGANISATION)


def _require(user: SessionUser, action: str) -> None:
    user.require(Action.EDIT_ORGANISATION, action)


# --- reading ------------------------------------------------------------------------------------------

def list_units(db: Database, office_id: uuid.UUID, kind: str | None = None, active_only: bool = False,
               keep: Iterable[uuid.UUID | None] = (), counts: bool = True) -> list[OrgRow]:
    """The office's organisations by kind and name; `active_only` leaves the retired out except those in
    `keep` (the ones an old file names, which must still be shown). Without `counts` (a picker that only
    shows names) `files` is 0 and no file is read: at county scale that count scans every file."""
    kept = [k for k in keep if k is not None]
    with db.read() as session:
        query = select(OrgUnit).where(OrgUnit.office_id == office_id)
        if kind is not None:
            query = query.where(OrgUnit.kind == kind)
        if active_only:
            query = query.where(or_(OrgUnit.active.is_(True), OrgUnit.id.in_(kept)))
        rows = session.scalars(query.order_by(OrgUnit.kind, OrgUnit.name)).all()
        names = {r.id: r.name for r in session.scalars(
            select(OrgUnit).where(OrgUnit.id.in_({r.parent_id for r in rows if r.parent_id})))}
        found = _file_counts(session, [r.id for r in rows]) if counts else {}
        return [_row(r, names.get(r.parent_id, "") if r.parent_id else "", found.get(r.id, 0)) for r in rows]


def get(db: Database, office_id: uuid.UUID, unit_id: uuid.UUID) -> OrgRow:
    with db.read() as session:
        row = _load(session, office_id, unit_id)
        parent = session.get(OrgUnit, row.parent_id) if row.parent_id else None
        return _row(row, parent.name if parent else "", _file_counts(session, [row.id]).get(row.id, 0))


def _file_counts(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    if not ids:
        return {}
    counts: dict[uuid.UUID, int] = {}
    for column in (WorkerFile.work_unit_id, WorkerFile.union_id):
        for unit_id, count in session.execute(
                select(column, func.count()).where(column.in_(ids), WorkerFile.deleted.is_(False)).group_by(column)):
            if unit_id is not None:
                counts[unit_id] = counts.get(unit_id, 0) + count
    return counts


def _row(r: OrgUnit, parent_name: str, files: int) -> OrgRow:
    return OrgRow(r.id, r.kind, r.name, r.parent_id, parent_name, r.village or "", r.nature or "",
                  r.region_code or "", bool(r.active), files, r.row_version)


def _load(session: Session, office_id: uuid.UUID, unit_id: uuid.UUID) -> OrgUnit:
    row = session.get(OrgUnit, unit_id)
    if row is None or row.office_id != office_id:
        raise NotFound("org_unit", "找不到该组织机构，可能已被合并或由其他单位建立。请刷新后再试。")
    return row


# --- changing -----------------------------------------------------------------------------------------

def create(db: Database, by: SessionUser, data: OrgInput) -> OrgRow:
    """A new 基层工会, 工作单位 or 村/社区; refused when an active one of the kind has the name already."""
    _require(by, f"新增{KIND_LABELS.get(data.kind, '组织机构')}")
    with db.write(by.actor) as session:
        clean = _checked(session, by.office_id, data, None)
        row = OrgUnit(origin_office_id=by.office_id, office_id=by.office_id, kind=clean.kind, name=clean.name,
                      parent_id=clean.parent_id, village=clean.village, nature=clean.nature,
                      region_code=clean.region_code, active=True)
        session.add(row)
        session.flush()
        return _row(row, _parent_name(session, row), 0)


def update(db: Database, by: SessionUser, unit_id: uuid.UUID, data: OrgInput, row_version: int) -> OrgRow:
    """Rename (and re-file) one; a village's units follow its new name. Unchanged input changes nothing."""
    _require(by, "修改组织机构")
    with db.write(by.actor) as session:
        row = _load(session, by.office_id, unit_id)
        if row.row_version != row_version:
            raise ValidationFailed("stale", f"“{row.name}”在您打开后已被他人修改，请刷新后再改。", {"field": "name"})
        clean = _checked(session, by.office_id, OrgInput(row.kind, data.name, data.parent_id, data.village,
                                                         data.nature, data.region_code), row.id)
        if row.kind == "village" and clean.name != row.name:
            _move_village(session, by.office_id, row.name, clean.name)
        for name in ("name", "parent_id", "village", "nature", "region_code"):
            if getattr(row, name) != getattr(clean, name):
                setattr(row, name, getattr(clean, name))
        session.flush()
        return _row(row, _parent_name(session, row), _file_counts(session, [row.id]).get(row.id, 0))


def set_active(db: Database, by: SessionUser, unit_id: uuid.UUID, active: bool) -> OrgRow:
    """Retire (no longer offered for new choices; old files keep it) or bring back."""
    _require(by, "停用组织机构" if not active else "恢复组织机构")
    with db.write(by.actor) as session:
        row = _load(session, by.office_id, unit_id)
        if active and _same_name(session, by.office_id, row.kind, row.name, row.id):
            raise ValidationFailed("name_taken", f"已有在用的{KIND_LABELS[row.kind]}“{row.name}”，"
                                   "请先改名或将两者合并。", {"field": "name"})
        if bool(row.active) != active:
            row.active = active
        session.flush()
        return _row(row, _parent_name(session, row), _file_counts(session, [row.id]).get(row.id, 0))


def merge(db: Database, by: SessionUser, merged_id: uuid.UUID, survivor_id: uuid.UUID) -> Merged:
    """Everything that points at `merged_id` points at `survivor_id` afterwards; the merged one is retired."""
    _require(by, "合并组织机构")
    if merged_id == survivor_id:
        raise ValidationFailed("merge_self", "请选择另一个要并入的名称：不能与自己合并。", {"field": "survivor"})
    with db.write(by.actor) as session:
        merged, survivor = _load(session, by.office_id, merged_id), _load(session, by.office_id, survivor_id)
        if merged.kind != survivor.kind:
            raise ValidationFailed("merge_kind", f"{KIND_LABELS[merged.kind]}只能并入另一个"
                                   f"{KIND_LABELS[merged.kind]}。", {"field": "survivor"})
        if not survivor.active:
            raise ValidationFailed("merge_retired", f"“{survivor.name}”已停用，请先恢复它，或并入一个在用的名称。",
                                   {"field": "survivor"})
        files = _move_files(session, by.office_id, merged.id, survivor.id)
        units = _move_units(session, by.office_id, merged, survivor)
        merged.active = False
        session.flush()
        audit.append(session, by.actor, "merge", "org_units", str(merged.id),
                     before={"name": merged.name, "kind": merged.kind},
                     after={"kind": merged.kind, "merged": merged.name, "merged_into": survivor.name,
                            "survivor_id": str(survivor.id), "files": files, "units": units})
        return Merged(survivor.name, merged.name, files, units)


def _move_files(session: Session, office_id: uuid.UUID, old: uuid.UUID, new: uuid.UUID) -> int:
    """Each file row changed through the ORM: its row_version moves and the audit log names it."""
    moved = 0
    for row in session.scalars(select(WorkerFile).where(
            WorkerFile.office_id == office_id, or_(WorkerFile.work_unit_id == old, WorkerFile.union_id == old))):
        if row.work_unit_id == old:
            row.work_unit_id = new
        if row.union_id == old:
            row.union_id = new
        moved += 1
    return moved


def _move_units(session: Session, office_id: uuid.UUID, merged: OrgUnit, survivor: OrgUnit) -> int:
    if merged.kind == "union":
        children = session.scalars(select(OrgUnit).where(OrgUnit.office_id == office_id,
                                                         OrgUnit.parent_id == merged.id)).all()
        for child in children:
            child.parent_id = survivor.id
        return len(children)
    if merged.kind == "village":
        return _move_village(session, office_id, merged.name, survivor.name)
    return 0


def _move_village(session: Session, office_id: uuid.UUID, old: str, new: str) -> int:
    units = session.scalars(select(OrgUnit).where(OrgUnit.office_id == office_id, OrgUnit.kind != "village",
                                                  OrgUnit.village == old)).all()
    for unit in units:
        unit.village = new
    return len(units)


# --- checks -------------------------------------------------------------------------------------------

def _checked(session: Session, office_id: uuid.UUID, data: OrgInput, own: uuid.UUID | None) -> OrgInput:
    if data.kind not in KIND_LABELS:
        raise ValidationFailed("kind", "请选择类型：基层工会、工作单位或村（社区）。", {"field": "kind"})
    label = KIND_LABELS[data.kind]
    name = " ".join(data.name.split())
    if not name:
        raise ValidationFailed("name", f"请填写{label}名称。", {"field": "name"})
    if len(name) > MAX_NAME:
        raise ValidationFailed("name", f"{label}名称最长{MAX_NAME}个字，请缩短。", {"field": "name"})
    if _same_name(session, office_id, data.kind, name, own):
        raise ValidationFailed("name_taken", f"已有名为“{name}”的{label}，请直接选用它，或换一个名称。",
                               {"field": "name"})
    region = check_region_code(data.region_code, "region_code", optional=True)
    parent = data.parent_id if data.kind == "unit" else None
    if parent is not None:
        union = session.get(OrgUnit, parent)
        if union is None or union.office_id != office_id or union.kind != "union":
            raise ValidationFailed("parent", "所属基层工会不在本单位的名单中，请从列表中选择。", {"field": "parent"})
    village = " ".join(data.village.split()) if data.kind == "unit" else ""
    nature = data.nature.strip() if data.kind == "unit" else ""
    return OrgInput(data.kind, name, parent, village, nature, region)


def _same_name(session: Session, office_id: uuid.UUID, kind: str, name: str, own: uuid.UUID | None) -> bool:
    query = select(OrgUnit.id).where(OrgUnit.office_id == office_id, OrgUnit.kind == kind, OrgUnit.name == name,
                                     OrgUnit.active.is_(True))
    if own is not None:
        query = query.where(OrgUnit.id != own)
    return session.scalar(query.limit(1)) is not None


def _parent_name(session: Session, row: OrgUnit) -> str:
    parent = session.get(OrgUnit, row.parent_id) if row.parent_id else None
    return parent.name if parent else ""
