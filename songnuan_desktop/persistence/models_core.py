"""Offices, organisations, users, settings and the audit log."""

from __future__ import annotations

import datetime as dt
import uuid
from uuid import UUID as _UUID
from uuid import uuid4 as _uuid4

from sqlalchemy import (
    Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid,
)
from sqlalchemy import false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from songnuan_desktop.persistence.base import Base, Exchanged, utcnow


LOCAL_OFFICE_KEY = "local_office_id"  # the LocalInfo row naming the office this database belongs to


class LocalInfo(Base):
    """Facts about this database itself (which office it belongs to), one row per key."""

    __tablename__ = "local_info"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Office(Exchanged, Base):
    """单位: a township/street union or the county union."""

    __tablename__ = "offices"
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(16))  # township | county
    region_code: Mapped[str] = mapped_column(String(12))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("offices.id"))
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")


class OrgUnit(Exchanged, Base):
    """基层工会 (kind union), 工作单位 (kind unit, usually under a grassroots union) or 村/社区 (kind village).

    A retired one (active False) is no longer offered for new choices but stays on the files that name it."""

    __tablename__ = "org_units"
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offices.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(120))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("org_units.id"))
    nature: Mapped[str] = mapped_column(String(40), default="")  # 单位性质
    village: Mapped[str] = mapped_column(String(60), default="")  # 村/社区, for grouping visits
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # 行政区划代码 where it lies (a village's 12 digits); its 低保线 follow domain.regions (itself, then its parents).
    region_code: Mapped[str] = mapped_column(String(12), default="", server_default="")


class User(Exchanged, Base):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("office_id", "username"),)
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offices.id"))
    username: Mapped[str] = mapped_column(String(40))
    display_name: Mapped[str] = mapped_column(String(40))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # A password an administrator set (new user, reset) is one-time: the user sets their own at the next
    # sign-in in the window before anything else; the command line refuses until then.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def role_codes(self) -> list[str]:
        return sorted(r.role for r in self.roles)


class UserRole(Base):
    __tablename__ = "user_roles"
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    user: Mapped[User] = relationship(back_populates="roles")


class SettingVersion(Exchanged, Base):
    """A value of a setting from a date on. Old versions stay: history is judged by its own rules."""

    __tablename__ = "setting_versions"
    __table_args__ = (UniqueConstraint("office_id", "key", "effective_from"),)
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offices.id"))
    key: Mapped[str] = mapped_column(String(64))
    value_json: Mapped[str] = mapped_column(Text)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")


class DibaoLine(Exchanged, Base):
    """低保线: monthly minimum living standard of a region (urban or rural), from a date on."""

    __tablename__ = "dibao_lines"
    __table_args__ = (UniqueConstraint("office_id", "region_code", "area", "effective_from"),)
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offices.id"))
    region_code: Mapped[str] = mapped_column(String(12))
    region_name: Mapped[str] = mapped_column(String(60))
    area: Mapped[str] = mapped_column(String(8))  # urban | rural
    monthly_fen: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[dt.date] = mapped_column(Date)


class PaymentStandard(Exchanged, Base):
    """补助标准: amount per item kind and category (or tier), from a date on."""

    __tablename__ = "payment_standards"
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offices.id"))
    item_kind: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(20))  # 困难类别, 劳模级别 or tier label
    amount_fen: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[dt.date] = mapped_column(Date)


class AuditEntry(Base):
    """审计日志: who, when, what, before/after; `entry_hash` chains it to the entry before."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    # The column is called uuid, which hides the module inside this class: hence _UUID.
    uuid: Mapped[_UUID] = mapped_column(Uuid, unique=True, default=_uuid4)
    office_id: Mapped[_UUID | None] = mapped_column(Uuid)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[_UUID | None] = mapped_column(Uuid)
    username: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(160), default="")
    before_json: Mapped[str] = mapped_column(Text, default="")
    after_json: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class AuditFileIndex(Base):
    """Which audit entries are about which worker file (the file row and its members, causes, income
    items, exclusions and attachments): a file's history reads its entries by this index instead of
    scanning every entry's JSON. Derived from the entries, outside the hash chain; local, never sent."""

    __tablename__ = "audit_file_index"
    file_id: Mapped[_UUID] = mapped_column(Uuid, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class AuditHead(Base):
    """The chain's tip, one row, locked while an entry is appended (keeps the chain linear)."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))


class ExchangeLog(Base):
    """报送记录: one row per package written (out) or taken in (in); the sequence per office only grows.

    A local record, never exchanged itself: the county keeps its own rows for the packages it merges."""

    __tablename__ = "exchange_log"
    __table_args__ = (UniqueConstraint("direction", "office_id", "sequence"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    direction: Mapped[str] = mapped_column(String(3))  # out | in
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    sequence: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    row_counts_json: Mapped[str] = mapped_column(Text)
    by_user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    by_username: Mapped[str] = mapped_column(String(40))
