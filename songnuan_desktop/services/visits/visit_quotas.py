"""走访指标: how many households each visit group (慰问组) or each leader (带队领导) of a campaign must visit,
and the progress against it (issue 16 item 5; the seeds: "每个联系点走访不少于4户").

The schema has no contact points (联系点): a campaign's visits are made by visit groups, each led by one
带队领导, so a quota counts per group or per leader (persistence.models_visit_quotas). Figures, all computed
in SQL (the same statement on SQLite and PostgreSQL), over the campaign's visits not deleted:

- a group (or leader) takes part when it has at least one visit of the campaign, whatever its outcome — a
  group kept for other campaigns owes nothing to this one;
- 安排户数 (planned): distinct households on its visits of the campaign, any outcome;
- 已走访户数 (visited): distinct households on its visits whose outcome is 已走访 — a household visited twice
  counts once, one found 不在家 and visited later counts once;
- 尚差 (shortfall): the quota less the households visited, never below 0.

Per leader, the groups of one leader count together (a household visited by two of his groups once).

Public API: `quota_of`, `set_quota`, `progress` (frozen dataclasses out), `visited_statement` for
services.reports.statistics_queries.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, case, distinct, func, select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.errors import NotFound, ValidationFailed
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import Campaign, Visit, VisitGroup, VisitHousehold
from songnuan_desktop.persistence.models_visit_quotas import VisitQuota
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.visits.visit_calendar import group_order

PER_GROUP, PER_LEADER = "慰问组", "带队领导"
PERS = (PER_GROUP, PER_LEADER)
DONE = "已走访"
MAX_HOUSEHOLDS = 10_000


@dataclass(frozen=True)
class Quota:
    campaign_id: uuid.UUID
    per: str  # 慰问组 | 带队领导
    households: int

    @property
    def text(self) -> str:
        """'每个慰问组不少于4户' / '每位带队领导不少于4户'."""
        return f"{'每个慰问组' if self.per == PER_GROUP else '每位带队领导'}不少于{self.households}户"


@dataclass(frozen=True)
class QuotaLine:
    label: str  # the group's name, or the leader
    leader: str
    quota: int
    planned: int  # 安排户数
    visited: int  # 已走访户数

    @property
    def shortfall(self) -> int:
        return max(self.quota - self.visited, 0)

    @property
    def met(self) -> bool:
        return self.visited >= self.quota

    @property
    def text(self) -> str:
        """'第二慰问组：已走访 3 / 指标 4 户（已安排 5 户，尚差 1 户）'."""
        rest = f"尚差 {self.shortfall} 户" if self.shortfall else "已完成"
        return f"{self.label}：已走访 {self.visited} / 指标 {self.quota} 户（已安排 {self.planned} 户，{rest}）"


@dataclass(frozen=True)
class QuotaProgress:
    quota: Quota | None
    lines: tuple[QuotaLine, ...]

    @property
    def visited(self) -> int:
        return sum(line.visited for line in self.lines)

    @property
    def shortfall(self) -> int:
        return sum(line.shortfall for line in self.lines)

    @property
    def met(self) -> int:
        return sum(1 for line in self.lines if line.met)


def _problem(code: str, message: str) -> ValidationFailed:
    return ValidationFailed(code, message, {"field": code})


def _campaign(session: Session, office_id: uuid.UUID, campaign_id: uuid.UUID) -> Campaign:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None or campaign.office_id != office_id or campaign.deleted:
        raise NotFound("campaign", "找不到该活动，可能已被删除。", {"id": str(campaign_id)})
    return campaign


def _row(session: Session, campaign_id: uuid.UUID) -> VisitQuota | None:
    return session.scalar(select(VisitQuota).where(VisitQuota.campaign_id == campaign_id))


def _quota(row: VisitQuota | None) -> Quota | None:
    return Quota(row.campaign_id, row.per, row.households) if row is not None else None


def quota_of(db: Database, office_id: uuid.UUID, campaign_id: uuid.UUID) -> Quota | None:
    with db.read() as session:
        _campaign(session, office_id, campaign_id)
        return _quota(_row(session, campaign_id))


def set_quota(db: Database, by: SessionUser, campaign_id: uuid.UUID, per: str, households: int) -> Quota | None:
    """Set the campaign's quota (`households` per group or per leader); `per` empty or 0 households removes it.
    Clerk, approver or admin, as editing the campaign; every change is in the audit log (mapper events)."""
    by.require(Action.SET_VISIT_QUOTA)
    remove = not per or households == 0
    if not remove:
        if per not in PERS:
            raise _problem("per", f"走访指标应按{'或'.join(PERS)}计。")
        if not 0 < households <= MAX_HOUSEHOLDS:
            raise _problem("households", f"走访指标应为 1 至 {MAX_HOUSEHOLDS} 户。")
    with db.write(by.actor) as session:
        _campaign(session, by.office_id, campaign_id)
        row = _row(session, campaign_id)
        if remove:
            if row is not None:
                session.delete(row)
            return None
        if row is None:
            row = VisitQuota(campaign_id=campaign_id, per=per, households=households, origin_office_id=by.office_id)
            session.add(row)
        elif (row.per, row.households) != (per, households):
            row.per, row.households = per, households
        session.flush()
        return _quota(row)


def _keys(per: str) -> tuple[Any, ...]:
    g = VisitGroup
    return (g.id, g.name, g.leader) if per == PER_GROUP else (g.leader,)


def progress(db: Database, office_id: uuid.UUID, campaign_id: uuid.UUID) -> QuotaProgress:
    """The campaign's quota and, per group or leader taking part, quota / planned / visited households (no quota:
    the lines per group, quota 0)."""
    v, g, h = Visit, VisitGroup, VisitHousehold
    with db.read() as session:
        _campaign(session, office_id, campaign_id)
        quota = _quota(_row(session, campaign_id))
        per = quota.per if quota is not None else PER_GROUP
        keys = _keys(per)
        stmt = (select(*keys, func.min(g.name), func.count(distinct(h.worker_file_id)),
                       func.count(distinct(case((v.outcome == DONE, h.worker_file_id)))))
                .select_from(v).join(g, g.id == v.group_id).outerjoin(h, h.visit_id == v.id)
                .where(v.office_id == office_id, v.campaign_id == campaign_id, v.deleted.is_(False))
                .group_by(*keys))
        rows = session.execute(stmt).all()
    each = quota.households if quota is not None else 0
    lines = []
    for r in sorted(rows, key=lambda r: group_order(r[-3])):
        label, leader = (r[1], r[2]) if per == PER_GROUP else (r[0], r[0])
        lines.append(QuotaLine(label, leader, each, int(r[-2]), int(r[-1])))
    return QuotaProgress(quota, tuple(lines))


def visited_statement(offices: Sequence[uuid.UUID], campaign_ids: Sequence[uuid.UUID], per: str,
                      dates: tuple[Any, Any] | None = None) -> Select[Any]:
    """For 统计: per campaign with a quota counted `per` (慰问组 → group id, name, leader; 带队领导 → leader), the
    quota and the distinct households visited (within `dates` when given), over the groups taking part."""
    v, g, h, q = Visit, VisitGroup, VisitHousehold, VisitQuota
    keys = _keys(per)
    done: Any = v.outcome == DONE
    if dates is not None:
        done = and_(done, v.date >= dates[0], v.date <= dates[1])
    return (select(v.campaign_id, *keys, q.households, func.count(distinct(case((done, h.worker_file_id)))))
            .select_from(v).join(g, g.id == v.group_id).join(q, and_(q.campaign_id == v.campaign_id, q.per == per))
            .outerjoin(h, h.visit_id == v.id)
            .where(v.office_id.in_(offices), v.deleted.is_(False), v.campaign_id.in_(campaign_ids))
            .group_by(v.campaign_id, *keys, q.households))


def rate(visited: int, quota: int) -> int:
    """完成率 in whole percent, half up; 0 without a quota."""
    return (visited * 200 + quota) // (quota * 2) if quota else 0
