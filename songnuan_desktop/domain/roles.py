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

# The roles a township office's assistance work needs (首页 tells an administrator which no active user holds).
TOWNSHIP_WORK_ROLES: tuple[Role, ...] = (Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.FINANCE)
