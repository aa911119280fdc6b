"""The state machine of assistance items (SPEC §3): one or many items moved in one transaction.

Public API:

- `transition(db, by, item_ids, to_state, comment="", today=None, paid_method="") -> TransitionDone`
  moves every item to `to_state`, all or nothing: when any item is refused nothing changes and
  `BatchRefused` lists each refused item (person and file number) with its reason in Chinese.
  What is enforced, per item:
    * the move is in `domain.states.TRANSITIONS` and the user holds the role it needs (else
      `PermissionDenied` naming the role);
    * 四眼原则: whoever proposed an item may not review (or return) it, nor approve or reject it; whoever
      reviewed it may not approve or reject it. A one-person office (nobody else holds the role) is told
      so and what to do; there is no bypass;
    * returning, rejecting and voiding need a comment (the reason);
    * approving needs the item's public notice to be over (today after `Notice.end_date`; an item
      whose amount or category changed after its notice has none and must be noticed again);
    * submitting, reviewing, approving and paying need the household's file to be still 在档;
    * moves with their own service are refused here and named: starting a notice and recording or
      resolving an objection are `services.campaigns.notices`.
  Voiding an approved item voids its printed voucher in the same transaction (number kept).
  Every move stores who, when and the comment as an `ItemTransition`; reviewing sets `reviewed_by`,
  approving or rejecting `approved_by`, paying `paid_on`/`paid_by`/`paid_method`.
- `ACTION_LABELS[to_state]` — the words of each action (审批通过, 退回 …) for buttons and messages.

The rows are written with Core executemany and the audit entries with `audit.append_many`: the same
entries the ORM's mapper events would give (tests/services/campaigns/test_assistance.py compares the two), but
1,500 items in well under a second instead of several.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Row, Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from songnuan_desktop.domain.codes import ACTIVE_FILE_STATUS
from songnuan_desktop.domain.eligibility import date_text
from songnuan_desktop.domain.errors import BatchRefused, RefusedItem, ValidationFailed
from songnuan_desktop.domain.roles import ROLE_LABELS, Role
from songnuan_desktop.domain.states import STATE_LABELS, TRANSITIONS, ItemState
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.base import utcnow
from songnuan_desktop.persistence.bulk import bulk_insert, full_row
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import (
    AssistanceItem, Campaign, ItemTransition, Notice, User, UserRole, Voucher, WorkerFile,
)
from songnuan_desktop.services.campaigns.assistance import require_signed_in, who
from songnuan_desktop.services.office.session_user import SessionUser

S = ItemState
ACTION_LABELS: dict[ItemState, str] = {
    S.SUBMITTED: "提交审核", S.REVIEWED: "初审通过", S.RETURNED: "退回", S.IN_NOTICE: "发起公示",
    S.OBJECTION: "登记异议", S.APPROVED: "审批通过", S.REJECTED: "不予批准", S.PAID: "确认发放",
    S.SAMPLED: "登记抽查", S.VOIDED: "作废",
}
# Moves that carry more than a state: done by services.campaigns.notices, which calls `apply` itself.
ROUTED: dict[tuple[ItemState, ItemState], str] = {
    (S.REVIEWED, S.IN_NOTICE): "进入公示须通过“发起公示”办理（填写公示地点、起止日期）",
    (S.IN_NOTICE, S.OBJECTION): "异议须通过“登记异议”办理（记录异议人和内容）",
    (S.OBJECTION, S.SUBMITTED): "异议须通过“异议处理”办理（记录核查结果），再退回审核",
}
NEEDS_REASON = frozenset({S.RETURNED, S.REJECTED, S.VOIDED})
NEEDS_ACTIVE_FILE = frozenset({S.SUBMITTED, S.REVIEWED, S.APPROVED, S.PAID})
REVIEW_MOVES = frozenset({(S.SUBMITTED, S.REVIEWED), (S.SUBMITTED, S.RETURNED)})
DECISION_MOVES = frozenset({(S.IN_NOTICE, S.APPROVED), (S.IN_NOTICE, S.REJECTED)})
CHUNK = 500
PAID_METHODS = ("cash", "card")


@dataclass(frozen=True)
class TransitionDone:
    to_state: ItemState
    item_ids: tuple[uuid.UUID, ...]

    @property
    def count(self) -> int:
        return len(self.item_ids)

    def message(self) -> str:
        return f"已{ACTION_LABELS[self.to_state]} {self.count} 项。"


def transition(db: Database, by: SessionUser, item_ids: Sequence[uuid.UUID], to_state: ItemState | str,
               comment: str = "", today: dt.date | None = None, paid_method: str = "") -> TransitionDone:
    """Move the items to `to_state` in one transaction, all or nothing (see the module doc)."""
    to_state = ItemState(to_state)
    with db.write(by.actor) as session:
        ids = apply(session, by, item_ids, to_state, comment, today or dt.date.today(), paid_method=paid_method)
    return TransitionDone(to_state, ids)


# --- the core, shared with services.campaigns.notices ----------------------------------------------------------

def apply(session: Session, by: SessionUser, item_ids: Sequence[uuid.UUID], to_state: ItemState, comment: str,
          today: dt.date, extra: Mapping[str, Any] | None = None, routed: bool = False,
          paid_method: str = "") -> tuple[uuid.UUID, ...]:
    """Check and write the move in `session`; `routed` lets services.campaigns.notices do its own moves."""
    action = ACTION_LABELS.get(to_state, STATE_LABELS[to_state])
    user_id = require_signed_in(by, action)
    ids = tuple(dict.fromkeys(item_ids))
    if not ids:
        raise ValidationFailed("no_items", f"请先选择要{action}的名单项。")
    comment = comment.strip()
    if to_state in NEEDS_REASON and not comment:
        raise ValidationFailed("reason", f"{action}须填写理由（将告知经办人并记入流转记录）。")
    if paid_method and paid_method not in PAID_METHODS:
        raise ValidationFailed("paid_method", "发放方式应为现金（cash）或银行卡（card）。")
    session.flush()
    rows = _load(session, by.office_id, ids)
    for row in rows.values():  # the role first: a user without it gets one clear sentence, not a list
        role = TRANSITIONS.get((S(row.state), to_state))
        if role is not None and (S(row.state), to_state) not in ROUTED:
            by.require(role, action)
    checker = _Checker(session, by, user_id, to_state, today, routed)
    refused = [RefusedItem(i, "所选名单项", "找不到该名单项，可能已被删除") for i in ids if i not in rows]
    for i in ids:
        if i in rows:
            reason = checker.refusal(rows[i])
            if reason:
                refused.append(RefusedItem(i, who(rows[i].name, rows[i].file_no), reason))
    if refused:
        raise BatchRefused.of("transition_refused", action, refused, {"to_state": to_state.value})
    _write(session, by, user_id, [rows[i] for i in ids], to_state, comment, today, extra or {}, paid_method)
    if to_state == S.VOIDED:
        _void_vouchers(session, user_id, ids, comment)
    return ids


def _void_vouchers(session: Session, user_id: uuid.UUID, ids: Sequence[uuid.UUID], comment: str) -> None:
    """A voided item's printed voucher is voided with it (its number kept, never reused): a live voucher
    for an item nobody may be paid for would be paper money. The voided copy can be printed."""
    now = utcnow()
    for voucher in session.scalars(select(Voucher).where(Voucher.item_id.in_(ids), Voucher.voided_at.is_(None))):
        voucher.voided_at, voucher.voided_by = now, user_id
        voucher.void_reason = f"名单项作废：{comment}"[:200]
    session.flush()


def _load(session: Session, office_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Row[Any]]:
    """The items (locked for the transaction) with what the checks need: file, notice end."""
    i = AssistanceItem
    found: dict[uuid.UUID, Row[Any]] = {}
    for start in range(0, len(ids), CHUNK):
        query = (
            select(i.id, i.state, i.row_version, i.proposed_by, i.reviewed_by, i.approved_by, i.notice_id,
                   i.paid_on, i.paid_by, i.paid_method, WorkerFile.name, WorkerFile.file_no,
                   WorkerFile.status.label("file_status"), WorkerFile.deleted.label("file_deleted"),
                   WorkerFile.bank_card, Notice.end_date.label("notice_end"), Notice.working_days)
            .join(WorkerFile, WorkerFile.id == i.worker_file_id)
            .join(Campaign, Campaign.id == i.campaign_id)
            .outerjoin(Notice, Notice.id == i.notice_id)
            .where(i.id.in_(ids[start:start + CHUNK]), Campaign.office_id == office_id)
            .with_for_update(of=i.__table__)
        )
        found.update({row.id: row for row in session.execute(query)})
    return found


class _Checker:
    def __init__(self, session: Session, by: SessionUser, user_id: uuid.UUID, to_state: ItemState, today: dt.date,
                 routed: bool) -> None:
        self.session, self.by, self.user_id, self.to_state = session, by, user_id, to_state
        self.today, self.routed = today, routed
        self._alone: dict[Role, bool] = {}

    def refusal(self, row: Row[Any]) -> str:
        """Why this item may not move; '' when it may."""
        move = (S(row.state), self.to_state)
        if move not in TRANSITIONS:
            return (f"当前为“{STATE_LABELS[move[0]]}”，不能{ACTION_LABELS.get(self.to_state, '')}"
                    f"（不能改为“{STATE_LABELS[self.to_state]}”）")
        if move in ROUTED and not self.routed:
            return ROUTED[move]
        return self._four_eyes(row, move) or self._notice(row, move) or self._file(row)

    def _four_eyes(self, row: Row[Any], move: tuple[ItemState, ItemState]) -> str:
        if move in REVIEW_MOVES and row.proposed_by == self.user_id:
            return self._rule("该项由您本人提出，不能由您审核", Role.REVIEWER, {row.proposed_by})
        if move in DECISION_MOVES:
            if row.proposed_by == self.user_id:
                return self._rule("该项由您本人提出，不能由您审批", Role.APPROVER, {row.proposed_by, row.reviewed_by})
            if row.reviewed_by == self.user_id:
                return self._rule("该项由您本人初审，不能再由您审批", Role.APPROVER, {row.proposed_by, row.reviewed_by})
        return ""

    def _rule(self, what: str, role: Role, excluded: set[uuid.UUID | None]) -> str:
        text = f"四眼原则：{what}，须由另一位{ROLE_LABELS[role]}办理"
        if self._nobody_else(role, excluded):
            text += (f"。本单位没有其他可办理的{ROLE_LABELS[role]}（一人单位不能自审自批）：请管理员为另一名工作人员"
                     f"开通“{ROLE_LABELS[role]}”角色；程序不允许绕过此规则")
        return text

    def _nobody_else(self, role: Role, excluded: set[uuid.UUID | None]) -> bool:
        if role not in self._alone:
            others = self.session.scalar(
                select(func.count()).select_from(User).join(UserRole, UserRole.user_id == User.id)
                .where(User.office_id == self.by.office_id, User.active.is_(True), UserRole.role == role.value,
                       User.id.not_in([e for e in excluded if e is not None])))
            self._alone[role] = not others
        return self._alone[role]

    def _notice(self, row: Row[Any], move: tuple[ItemState, ItemState]) -> str:
        if move != (S.IN_NOTICE, S.APPROVED):
            return ""
        if row.notice_end is None:
            return "该项没有有效的公示（金额或类别改动后须重新公示），公示期满后方可审批"
        if self.today <= row.notice_end:
            return (f"公示期（{row.working_days} 个工作日）至 {date_text(row.notice_end)} 止，"
                    "公示期满后方可审批")
        return ""

    def _file(self, row: Row[Any]) -> str:
        if self.to_state in NEEDS_ACTIVE_FILE and (row.file_deleted or row.file_status != ACTIVE_FILE_STATUS):
            status = "已删除" if row.file_deleted else f"为“{row.file_status}”"
            return f"档案{status}，不再在档，不能{ACTION_LABELS[self.to_state]}；如不再帮扶，请退回或作废该项"
        return ""


# --- writing ----------------------------------------------------------------------------------------

AUDITED = ("state", "reviewed_by", "approved_by", "notice_id", "paid_on", "paid_by", "paid_method")


def _changes(row: Row[Any], user_id: uuid.UUID, to_state: ItemState, today: dt.date, extra: Mapping[str, Any],
             paid_method: str) -> dict[str, Any]:
    values: dict[str, Any] = {"state": to_state.value, **extra}
    if to_state == S.REVIEWED:
        values["reviewed_by"] = user_id
    elif to_state in (S.APPROVED, S.REJECTED):
        values["approved_by"] = user_id
    elif to_state == S.PAID:
        values.update(paid_on=today, paid_by=user_id, paid_method=paid_method or ("card" if row.bank_card else "cash"))
    return values


def _write(session: Session, by: SessionUser, user_id: uuid.UUID, rows: list[Row[Any]], to_state: ItemState,
           comment: str, today: dt.date, extra: Mapping[str, Any], paid_method: str) -> None:
    """Core executemany for the items and their transitions; one audit entry per changed row, as the ORM's."""
    now = utcnow()
    table = cast(Table, AssistanceItem.__table__)
    params, entries = [], []
    for row in rows:
        values = _changes(row, user_id, to_state, today, extra, paid_method)
        params.append({"b_id": row.id, "b_version": row.row_version, "b_next": row.row_version + 1,
                       **{f"v_{k}": v for k, v in values.items()}})
        entries.append((str(row.id), {k: getattr(row, k) for k in AUDITED if k in values},
                        {k: values[k] for k in AUDITED if k in values}))
    keys = list(_changes(rows[0], user_id, to_state, today, extra, paid_method))
    statement = (update(table).where(table.c.id == bindparam("b_id"), table.c.row_version == bindparam("b_version"))
                 .values(row_version=bindparam("b_next"), updated_at=now,
                         **{k: bindparam(f"v_{k}") for k in keys}))
    result = session.connection().execute(statement, params)
    if session.connection().dialect.supports_sane_multi_rowcount and result.rowcount != len(params):
        raise ValidationFailed("stale", "所选名单项刚被他人改动，本次全部未作改动；请刷新后重试。")
    audit.append_many(session, by.actor, "update", table.name, audit.changed_entries(entries))
    template = full_row(ItemTransition(origin_office_id=by.office_id, to_state=to_state.value, actor_id=user_id,
                                       at=now, comment=comment, from_state="", item_id=rows[0].id))
    moves = [{**template, "id": uuid.uuid4(), "item_id": row.id, "from_state": row.state, "created_at": now,
              "updated_at": now} for row in rows]
    moves_table = cast(Table, ItemTransition.__table__)
    bulk_insert(session.connection(), moves_table, moves)
    audit.append_many(session, by.actor, "create", moves_table.name, audit.created_entries(moves))
