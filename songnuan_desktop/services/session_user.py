"""The signed-in user as services see it: a frozen value, never an ORM object."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from songnuan_desktop.domain.errors import PermissionDenied
from songnuan_desktop.domain.roles import ROLE_LABELS, Role
from songnuan_desktop.persistence.audit import Actor


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

    def require(self, role: Role, action: str) -> None:
        if role not in self.roles:
            raise PermissionDenied(
                "role_required",
                f"“{action}”需要{ROLE_LABELS[role]}角色，当前用户“{self.display_name}”没有该角色。",
                {"role": role.value},
            )

    @property
    def role_text(self) -> str:
        return "、".join(ROLE_LABELS[r] for r in Role if r in self.roles) or "无角色，只读"
