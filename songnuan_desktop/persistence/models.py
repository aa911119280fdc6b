"""All ORM models, imported in one place so the metadata is complete."""

from songnuan_desktop.persistence.base import Base, Exchanged, utcnow
from songnuan_desktop.persistence.models_anchor import AuditAnchor
from songnuan_desktop.persistence.models_campaign import (
    AssistanceItem, Campaign, CampaignBudget, CampaignStandard, ItemTransition, Notice, Objection, Voucher,
    VoucherCounter,
)
from songnuan_desktop.persistence.models_checks import SpotCheck, SpotCheckEntry
from songnuan_desktop.persistence.models_core import (
    AuditEntry, AuditHead, DibaoLine, ExchangeLog, LocalInfo, Office, OrgUnit, PaymentStandard, SettingVersion, User,
    UserRole,
)
from songnuan_desktop.persistence.models_county import CountyFlag, CountyReceipt, TownshipAuditEntry
from songnuan_desktop.persistence.models_files import (
    Attachment, FileExclusion, HardshipCause, HouseholdMember, IncomeItem, WorkerFile,
)
from songnuan_desktop.persistence.models_goods import GoodsKind, GoodsLine, GoodsReceipt  # noqa: F401  (metadata)
from songnuan_desktop.persistence.models_keys import RegisteredKey, SigningKey  # noqa: F401  (metadata)
from songnuan_desktop.persistence.models_notices import NoticeSnapshot  # noqa: F401  (metadata)
from songnuan_desktop.persistence.models_publications import Publication
from songnuan_desktop.persistence.models_standard_bands import CampaignStandardBand  # noqa: F401  (metadata)
from songnuan_desktop.persistence.models_visit_quotas import VisitQuota  # noqa: F401  (metadata)
from songnuan_desktop.persistence.models_visits import Visit, VisitGroup, VisitHousehold

__all__ = [
    "AssistanceItem", "Attachment", "AuditAnchor", "AuditEntry", "AuditHead", "Base", "Campaign", "CampaignBudget",
    "CampaignStandard", "CountyFlag", "CountyReceipt",
    "DibaoLine", "ExchangeLog", "Exchanged", "FileExclusion", "HardshipCause", "HouseholdMember", "IncomeItem",
    "ItemTransition",
    "LocalInfo", "Notice", "Objection", "Office", "OrgUnit", "PaymentStandard", "Publication", "SettingVersion",
    "SpotCheck", "SpotCheckEntry", "TownshipAuditEntry", "User",
    "UserRole", "Visit", "VisitGroup", "VisitHousehold", "Voucher", "VoucherCounter", "WorkerFile", "utcnow",
]
