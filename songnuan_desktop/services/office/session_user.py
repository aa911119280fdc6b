"""The signed-in user as services see it: a frozen value, never an ORM object."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Protocol

from songnuan_desktop.domain import permissions
from songnuan_desktop.domain.errors import PermissionDenied
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.roles import ROLE_LABELS, Role
from songnuan_desktop.domain.states import ItemState, roles_moving_to
from songnuan_desktop.persistence.audit import Actor


class OfficeLevel(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def level(self) -> str: ...


@dataclass(frozen=True)
class SessionUser:
    id: uuid.UUID | None  # None: the operating-system account running a headless command
    username: str
    display_name: str
    office_id: uuid.UUID
    roles: frozenset[Role]
    # Signed in with a one-time password an administrator set: the window asks for their own first.
    must_change_password: bool = False

    @property
    def actor(self) -> Actor:
        return Actor(self.id, self.username, self.office_id)

    def has(self, role: Role) -> bool:
        return role in self.roles

    def may(self, action: Action) -> bool:
        """Whether this user holds one of the roles `domain.permissions.RULES` gives `action`."""
        return permissions.may(self.roles, action)

    def may_move(self, to_state: ItemState) -> bool:
        """Whether this user holds a role that moves some item to `to_state` (domain.states.TRANSITIONS)."""
        return bool(self.roles & roles_moving_to(to_state))

    def require(self, action: Action | Role, label: str | None = None, office: OfficeLevel | None = None) -> None:
        """Refuse (PermissionDenied) unless this user may do `action`: "“打印发放凭证”需要经办人或财务角色，
        当前用户“张三”没有该角色。". With `office` (the office of this database) its level is checked first.
        `label` words a particular case of the action. A `Role` with a label is for the moves whose role
        comes from a table of states (`domain.states.TRANSITIONS`, `assistance.EDITABLE`)."""
        if isinstance(action, Action):
            if office is not None:
                permissions.require_level(action, office.name, office.level)
            if not self.may(action):
                raise permissions.refusal(action, self.display_name, label)
            return
        role = action
        if role not in self.roles:
            raise PermissionDenied(
                "role_required",
                f"“{label}”需要{ROLE_LABELS[role]}角色，当前用户“{self.display_name}”没有该角色。",
                {"role": role.value},
            )

    @property
    def role_text(self) -> str:
        return "、".join(ROLE_LABELS[r] for r in Role if r in self.roles) or "无角色，只读"
