"""Signing keys: this office's own Ed25519 key pair, and the keys of other offices it has registered (the
county: its townships'; a township: its county's)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import DateTime, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from songnuan_desktop.persistence.base import Base, utcnow


class SigningKey(Base):
    """One key pair of this office; the newest not retired signs. The private key is stored protected
    (services.office.keys): sealed with a secret kept outside the database, or by Windows DPAPI."""

    __tablename__ = "signing_keys"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    public_key: Mapped[str] = mapped_column(String(64))  # raw 32 bytes, hex
    fingerprint: Mapped[str] = mapped_column(String(79), unique=True)
    protection: Mapped[str] = mapped_column(String(16))  # keyfile | dpapi
    private_key: Mapped[str] = mapped_column(Text)  # the protected private key, base64
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    retired_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class RegisteredKey(Base):
    """Another office's public key this office accepts packages under: typed from its 密钥登记表 (only the
    fingerprint known until its first package) or confirmed from its first package. `office_id` is bound
    when known; until then the office is known by its name. A newer key of the same office revokes this."""

    __tablename__ = "registered_keys"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    office_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    office_name: Mapped[str] = mapped_column(String(100))
    fingerprint: Mapped[str] = mapped_column(String(79), index=True)
    public_key: Mapped[str] = mapped_column(String(64), default="")  # hex; "" until a package showed it
    source: Mapped[str] = mapped_column(String(16))  # sheet | package
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    registered_by: Mapped[str] = mapped_column(String(40))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
