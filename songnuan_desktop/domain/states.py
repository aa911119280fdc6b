"""States of an assistance item (SPEC §3) and the transitions allowed between them."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from songnuan_desktop.domain.roles import Role


class ItemState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    REVIEWED = "reviewed"
    IN_NOTICE = "in_notice"
    APPROVED = "approved"
    PAID = "paid"
    SAMPLED = "sampled"
    RETURNED = "returned"
    REJECTED = "rejected"
    OBJECTION = "objection"
    VOIDED = "voided"


STATE_LABELS: dict[ItemState, str] = {
    ItemState.DRAFT: "草稿",
    ItemState.SUBMITTED: "待审核",
    ItemState.REVIEWED: "初审通过",
    ItemState.IN_NOTICE: "公示中",
    ItemState.APPROVED: "已批准",
    ItemState.PAID: "已发放",
    ItemState.SAMPLED: "已抽查",
    ItemState.RETURNED: "退回",
    ItemState.REJECTED: "不予批准",
    ItemState.OBJECTION: "异议",
    ItemState.VOIDED: "作废",
}

# States in which an item still holds its household's place in the campaign.
HOLDING_STATES = frozenset(set(ItemState) - {ItemState.REJECTED, ItemState.VOIDED})
# Paid: the money or goods went out (a spot check comes after paying, so SAMPLED is paid too).
PAID_STATES = frozenset({ItemState.PAID, ItemState.SAMPLED})
# Approved, whatever came after: the final list, the roster, the vouchers, the figures reported as helped.
APPROVED_OR_LATER = frozenset({ItemState.APPROVED}) | PAID_STATES


def state_values(states: Iterable[ItemState]) -> tuple[str, ...]:
    """The states as stored (in the order of ItemState), for a query's `in_`."""
    wanted = set(states)
    return tuple(s.value for s in ItemState if s in wanted)

# (from, to) → role needed. The four-eyes rule is checked by the service on top of this.
TRANSITIONS: dict[tuple[ItemState, ItemState], Role] = {
    (ItemState.DRAFT, ItemState.SUBMITTED): Role.CLERK,
    (ItemState.RETURNED, ItemState.SUBMITTED): Role.CLERK,
    (ItemState.SUBMITTED, ItemState.REVIEWED): Role.REVIEWER,
    (ItemState.SUBMITTED, ItemState.RETURNED): Role.REVIEWER,
    (ItemState.REVIEWED, ItemState.IN_NOTICE): Role.REVIEWER,
    (ItemState.IN_NOTICE, ItemState.OBJECTION): Role.REVIEWER,
    (ItemState.OBJECTION, ItemState.SUBMITTED): Role.REVIEWER,
    (ItemState.IN_NOTICE, ItemState.APPROVED): Role.APPROVER,
    (ItemState.IN_NOTICE, ItemState.REJECTED): Role.APPROVER,
    (ItemState.APPROVED, ItemState.PAID): Role.FINANCE,
    (ItemState.PAID, ItemState.SAMPLED): Role.REVIEWER,
    (ItemState.DRAFT, ItemState.VOIDED): Role.CLERK,
    (ItemState.APPROVED, ItemState.VOIDED): Role.APPROVER,
}

# Moves that carry more than a state, done by services.campaigns.notices (the notice, the objection, its outcome):
# never a plain transition (services.campaigns.transitions.ROUTED says which service to use).
ROUTED_MOVES = frozenset({
    (ItemState.REVIEWED, ItemState.IN_NOTICE),
    (ItemState.IN_NOTICE, ItemState.OBJECTION),
    (ItemState.OBJECTION, ItemState.SUBMITTED),
})


def roles_moving_to(to_state: ItemState) -> frozenset[Role]:
    """The roles that may move some item to `to_state` by a plain transition (routed moves left out)."""
    return frozenset(role for move, role in TRANSITIONS.items() if move[1] == to_state and move not in ROUTED_MOVES)
