"""Roles of the office (SPEC §1). One person may hold several."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CLERK = "clerk"
    REVIEWER = "reviewer"
    APPROVER = "approver"
    FINANCE = "finance"
    ADMIN = "admin"
    COUNTY = "county"  # 县总工会: merges the townships' packages, checks across them, sends decisions back


ROLE_LABELS: dict[Role, str] = {
    Role.CLERK: "经办人",
    Role.REVIEWER: "审核人",
    Role.APPROVER: "审批人",
    Role.FINANCE: "财务",
    Role.ADMIN: "管理员",
    Role.COUNTY: "县总工会",
}

# Who may see identity numbers and bank cards in full (least privilege, PIPL).
ROLES_SEEING_FULL_IDS: frozenset[Role] = frozenset({Role.CLERK, Role.REVIEWER, Role.FINANCE})


def parse_roles(text: str | list[str] | tuple[str, ...]) -> frozenset[Role]:
    """Roles from their codes; unknown codes raise ValueError naming the code."""
    items = text.split(",") if isinstance(text, str) else list(text)
    roles = set()
    for item in items:
        item = item.strip()
        if item:
            roles.add(Role(item))
    return frozenset(roles)
