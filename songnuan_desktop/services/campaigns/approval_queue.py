"""The approval queue (审批) and the item lists of a campaign, as plain rows for the screens.

Public API:

- `queue(db, by, flt=QueueFilter(), today=None, full_numbers=False) -> list[QueueGroup]` — the items
  waiting for this user, grouped by campaign (newest campaign first, items by file number): a clerk's
  drafts and returned items (to submit), a reviewer's submitted items (to review or return),
  reviewed items (to put in a notice) and objections (to resolve), an approver's items in notice
  (`waiting` says when the notice ends if it has not), finance's approved items (to confirm paid).
  The items the four-eyes rule keeps from this user (they proposed or reviewed them) are listed
  after the others, `own`, with no actions and `waiting` saying so (本人经办，须由他人审核): a
  proposal never vanishes from its proposer's queue without a word. Each row carries the file
  summary (name, unit, category, file no; ID and phone masked, unless `full_numbers` is asked by a
  role that may see them — the look is audit-logged), the eligibility sentence and the actions this
  user may take on it. Batch actions go to `transitions.transition(…, selected ids, …)`.
- `campaign_items(db, by, campaign_id, flt=QueueFilter(), today=None) -> list[QueueItem]` — every
  item of a campaign in any state (the campaign screen), with the same row.
- `item_history(db, item_id) -> list[HistoryLine]` — the item's transitions: when, who, from, to, comment.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, false, or_, select
from sqlalchemy.orm import aliased

from songnuan_desktop.domain.errors import PermissionDenied
from songnuan_desktop.domain.ids import mask_id, mask_phone
from songnuan_desktop.domain.roles import ROLES_SEEING_FULL_IDS, Role
from songnuan_desktop.domain.states import STATE_LABELS, TRANSITIONS, ItemState
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import (
    AssistanceItem, Campaign, ItemTransition, Notice, OrgUnit, User, WorkerFile,
)
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.campaigns.transitions import DECISION_MOVES, REVIEW_MOVES

S = ItemState
# What waits for whom: role → the states its holder acts on.
WAITING: dict[Role, tuple[ItemState, ...]] = {
    Role.CLERK: (S.DRAFT, S.RETURNED),
    Role.REVIEWER: (S.SUBMITTED, S.REVIEWED, S.OBJECTION),
    Role.APPROVER: (S.IN_NOTICE,),
    Role.FINANCE: (S.APPROVED,),
}
LIMIT = 20_000
OWN_PROPOSED_REVIEW = "本人经办，须由他人审核"
OWN_PROPOSED_APPROVAL = "本人经办，须由他人审批"
OWN_REVIEWED = "本人初审，须由他人审批"


@dataclass(frozen=True)
class QueueFilter:
    campaign_id: uuid.UUID | None = None
    states: tuple[ItemState, ...] = ()
    category: str = ""
    text: str = ""  # part of the name or file number


@dataclass(frozen=True)
class QueueItem:
    item_id: uuid.UUID
    row_version: int
    campaign_id: uuid.UUID
    state: ItemState
    state_label: str
    file_id: uuid.UUID
    file_no: str
    name: str
    unit: str
    id_number: str  # masked unless asked for by a role that may see it
    phone: str
    category: str
    item_kind: str
    tier: str
    amount_fen: int
    fund_source: str
    reason: str  # eligibility in words, as proposed
    override_reason: str
    proposed_by: str
    reviewed_by: str
    notice_end: dt.date | None
    actions: tuple[ItemState, ...]  # what this user may do now (routed ones through services.campaigns.notices)
    waiting: str  # why nothing can be done yet ('' when it can)
    own: bool = False  # the four-eyes rule keeps it from this user: shown, never ticked


@dataclass(frozen=True)
class QueueGroup:
    campaign_id: uuid.UUID
    campaign_name: str
    items: tuple[QueueItem, ...]

    @property
    def total_fen(self) -> int:
        return sum(i.amount_fen for i in self.items)


@dataclass(frozen=True)
class HistoryLine:
    at: dt.datetime
    actor: str
    from_state: str
    to_state: str
    comment: str


def _waiting_condition(by: SessionUser) -> ColumnElement[bool]:
    """Items in a state this user's roles act on, those the four-eyes rule keeps from them included
    (`_own` marks them): a proposal must not vanish from its proposer's queue without a word."""
    states = [s.value for role, held in WAITING.items() if by.has(role) for s in held]
    return AssistanceItem.state.in_(states) if states else false()


def _own(by: SessionUser, item: AssistanceItem) -> str:
    """Why the four-eyes rule keeps this item from `by` ('' when it does not)."""
    state = ItemState(item.state)
    if state == S.SUBMITTED and by.has(Role.REVIEWER) and item.proposed_by == by.id:
        return OWN_PROPOSED_REVIEW
    if state == S.IN_NOTICE and by.has(Role.APPROVER):
        if item.proposed_by == by.id:
            return OWN_PROPOSED_APPROVAL
        if item.reviewed_by == by.id:
            return OWN_REVIEWED
    return ""


def _query(by: SessionUser, flt: QueueFilter) -> Select:  # type: ignore[type-arg]
    i = AssistanceItem
    proposer, reviewer = aliased(User), aliased(User)
    query = (
        select(i, WorkerFile.file_no, WorkerFile.name, WorkerFile.id_number, WorkerFile.phone,
               OrgUnit.name.label("unit"), Campaign.name.label("campaign_name"), Campaign.start_date,
               Notice.end_date.label("notice_end"), proposer.display_name.label("proposer"),
               reviewer.display_name.label("reviewer"))
        .join(WorkerFile, WorkerFile.id == i.worker_file_id)
        .join(Campaign, Campaign.id == i.campaign_id)
        .outerjoin(OrgUnit, OrgUnit.id == WorkerFile.work_unit_id)
        .outerjoin(Notice, Notice.id == i.notice_id)
        .outerjoin(proposer, proposer.id == i.proposed_by)
        .outerjoin(reviewer, reviewer.id == i.reviewed_by)
        .where(Campaign.office_id == by.office_id, Campaign.deleted.is_(False))
    )
    if flt.campaign_id is not None:
        query = query.where(i.campaign_id == flt.campaign_id)
    if flt.states:
        query = query.where(i.state.in_([s.value for s in flt.states]))
    if flt.category:
        query = query.where(i.category == flt.category)
    text = flt.text.strip()
    if text:
        query = query.where(or_(WorkerFile.name.contains(text, autoescape=True),
                                WorkerFile.file_no.contains(text, autoescape=True)))
    return query.order_by(Campaign.start_date.desc(), Campaign.name, WorkerFile.file_no).limit(LIMIT)


def _actions(by: SessionUser, item: AssistanceItem) -> tuple[ItemState, ...]:
    out = []
    for (source, target), role in TRANSITIONS.items():
        if source != item.state or not by.has(role):
            continue
        if (source, target) in REVIEW_MOVES and item.proposed_by == by.id:
            continue
        if (source, target) in DECISION_MOVES and by.id in (item.proposed_by, item.reviewed_by):
            continue
        out.append(target)
    return tuple(out)


def _row(by: SessionUser, found: Any, today: dt.date, full: bool) -> QueueItem:
    item: AssistanceItem = found[0]
    state = ItemState(item.state)
    own = _own(by, item)
    waiting = own
    if not own and state == S.IN_NOTICE and found.notice_end is not None and today <= found.notice_end:
        waiting = f"公示期至 {found.notice_end:%Y-%m-%d} 止，期满后方可审批"
    return QueueItem(
        item.id, item.row_version, item.campaign_id, state, STATE_LABELS[state], item.worker_file_id,
        found.file_no, found.name, found.unit or "", found.id_number if full else mask_id(found.id_number),
        found.phone if full else mask_phone(found.phone), item.category, item.item_kind, item.tier,
        item.amount_fen, item.fund_source, item.reason, item.override_reason, found.proposer or "",
        found.reviewer or "", found.notice_end, _actions(by, item), waiting, bool(own))


def _full(db: Database, by: SessionUser, asked: bool, what: str) -> bool:
    if not asked:
        return False
    if not by.roles & ROLES_SEEING_FULL_IDS:
        raise PermissionDenied("full_numbers", f"“{by.display_name}”的角色（{by.role_text}）"
                                               "不能查看完整的身份证号和手机号。")
    with db.write(by.actor) as session:
        audit.append(session, by.actor, "list_full_numbers", "assistance_items", "", after={"list": what})
    return True


def queue(db: Database, by: SessionUser, flt: QueueFilter | None = None, today: dt.date | None = None,
          full_numbers: bool = False) -> list[QueueGroup]:
    """The items waiting for `by`, grouped by campaign (see the module doc)."""
    flt = flt or QueueFilter()
    today = today or dt.date.today()
    full = _full(db, by, full_numbers, "审批队列")
    groups: dict[uuid.UUID, tuple[str, list[QueueItem]]] = {}
    with db.read() as session:
        for found in session.execute(_query(by, flt).where(_waiting_condition(by))):
            group = groups.setdefault(found[0].campaign_id, (found.campaign_name, []))
            group[1].append(_row(by, found, today, full))
    # The items this user may act on first, their own (greyed, for others) after them.
    return [QueueGroup(cid, name, tuple(sorted(items, key=lambda i: i.own))) for cid, (name, items) in groups.items()]


def campaign_items(db: Database, by: SessionUser, campaign_id: uuid.UUID, flt: QueueFilter | None = None,
                   today: dt.date | None = None, full_numbers: bool = False) -> list[QueueItem]:
    """Every item of the campaign, in any state, as queue rows."""
    flt = flt or QueueFilter()
    today = today or dt.date.today()
    full = _full(db, by, full_numbers, "活动名单")
    with db.read() as session:
        query = _query(by, QueueFilter(campaign_id, flt.states, flt.category, flt.text))
        return [_row(by, found, today, full) for found in session.execute(query)]


def item_history(db: Database, item_id: uuid.UUID) -> list[HistoryLine]:
    with db.read() as session:
        rows = session.execute(
            select(ItemTransition.at, User.display_name, ItemTransition.from_state, ItemTransition.to_state,
                   ItemTransition.comment)
            .outerjoin(User, User.id == ItemTransition.actor_id)
            .where(ItemTransition.item_id == item_id).order_by(ItemTransition.at, ItemTransition.created_at))
        return [HistoryLine(at, actor or "", STATE_LABELS[ItemState(a)], STATE_LABELS[ItemState(b)], comment)
                for at, actor, a, b, comment in rows]
