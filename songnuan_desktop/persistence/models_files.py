"""Worker files (一户一档): the head of household, members, income, causes, account, attachments."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from songnuan_desktop.persistence.base import Base, Exchanged


class WorkerFile(Exchanged, Base):
    """困难职工档案, one household. The person is the head of household (户主)."""

    __tablename__ = "worker_files"
    __table_args__ = (
        UniqueConstraint("office_id", "file_no"),
        Index("ix_worker_files_office_name", "office_id", "name"),
        Index("ix_worker_files_office_status", "office_id", "status"),
        # Covering index of the file list: a filter keystroke scans this narrow index in file-number
        # order and reads table rows only for the page it shows (≈2× faster than scanning the rows).
        Index(
            "ix_worker_files_search", "office_id", "deleted", "file_no", "name", "name_initials", "name_pinyin",
            "id_number", "work_unit_id", "category", "status",
        ),
    )
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offices.id"))
    file_no: Mapped[str] = mapped_column(String(32))
    # person
    name: Mapped[str] = mapped_column(String(40))
    name_initials: Mapped[str] = mapped_column(String(40), default="", index=True)
    name_pinyin: Mapped[str] = mapped_column(String(160), default="")
    sex: Mapped[str] = mapped_column(String(2), default="")
    ethnicity: Mapped[str] = mapped_column(String(20), default="汉族")
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    region_code: Mapped[str] = mapped_column(String(12), default="")
    hukou_type: Mapped[str] = mapped_column(String(8), default="")
    political_status: Mapped[str] = mapped_column(String(10), default="群众")
    marital_status: Mapped[str] = mapped_column(String(6), default="")
    health: Mapped[str] = mapped_column(String(20), default="良好")
    disability: Mapped[str] = mapped_column(String(20), default="")
    housing: Mapped[str] = mapped_column(String(20), default="")
    medical_insurance: Mapped[str] = mapped_column(String(40), default="")
    # employment
    work_unit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("org_units.id"), index=True)
    union_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("org_units.id"))
    employment_status: Mapped[str] = mapped_column(String(10), default="在岗")
    worker_type: Mapped[str] = mapped_column(String(10), default="困难职工")
    model_worker_level: Mapped[str] = mapped_column(String(10), default="非劳模")
    dues_paid: Mapped[bool] = mapped_column(Boolean, default=True)
    single_parent: Mapped[bool] = mapped_column(Boolean, default=False)
    zero_employment: Mapped[bool] = mapped_column(Boolean, default=False)
    self_help_capable: Mapped[bool] = mapped_column(Boolean, default=False)
    # hardship
    category: Mapped[str] = mapped_column(String(10), default="")
    situation: Mapped[str] = mapped_column(Text, default="")
    monthly_income_fen: Mapped[int] = mapped_column(Integer, default=0)  # the head's own
    # The disaster, accident or serious illness behind 意外致困: its date decides "this year".
    hardship_event_date: Mapped[dt.date | None] = mapped_column(Date)
    medical_selfpaid_fen: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    disaster_loss_fen: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # payout account
    bank_name: Mapped[str] = mapped_column(String(40), default="")
    bank_branch: Mapped[str] = mapped_column(String(60), default="")
    bank_card: Mapped[str] = mapped_column(String(32), default="")
    # lifecycle
    status: Mapped[str] = mapped_column(String(6), default="在档")
    filed_date: Mapped[dt.date | None] = mapped_column(Date)
    reviewed_date: Mapped[dt.date | None] = mapped_column(Date)
    exit_date: Mapped[dt.date | None] = mapped_column(Date)
    exit_reason: Mapped[str] = mapped_column(String(20), default="")
    exit_note: Mapped[str] = mapped_column(String(200), default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)

    members: Mapped[list[HouseholdMember]] = relationship(
        back_populates="worker_file", cascade="all, delete-orphan", order_by="HouseholdMember.position"
    )
    causes: Mapped[list[HardshipCause]] = relationship(
        back_populates="worker_file", cascade="all, delete-orphan", order_by="HardshipCause.position"
    )
    incomes: Mapped[list[IncomeItem]] = relationship(
        back_populates="worker_file", cascade="all, delete-orphan"
    )
    exclusions: Mapped[list[FileExclusion]] = relationship(
        back_populates="worker_file", cascade="all, delete-orphan", order_by="FileExclusion.key"
    )


class HouseholdMember(Exchanged, Base):
    __tablename__ = "household_members"
    worker_file_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("worker_files.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(40))
    relation: Mapped[str] = mapped_column(String(10))
    id_number: Mapped[str] = mapped_column(String(18), default="", index=True)
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    health: Mapped[str] = mapped_column(String(20), default="良好")
    identity: Mapped[str] = mapped_column(String(10), default="")
    unit_or_school: Mapped[str] = mapped_column(String(100), default="")
    monthly_income_fen: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(String(200), default="")
    worker_file: Mapped[WorkerFile] = relationship(back_populates="members")


class IncomeItem(Exchanged, Base):
    """Other household income or a rigid expense (刚性支出), as an annual amount."""

    __tablename__ = "income_items"
    worker_file_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("worker_files.id"), index=True)
    direction: Mapped[str] = mapped_column(String(8))  # income | expense
    kind: Mapped[str] = mapped_column(String(20))
    annual_fen: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(200), default="")
    worker_file: Mapped[WorkerFile] = relationship(back_populates="incomes")


class HardshipCause(Exchanged, Base):
    """致困原因: one main (position 0) and up to three secondary."""

    __tablename__ = "hardship_causes"
    worker_file_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("worker_files.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    cause: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(200), default="")
    worker_file: Mapped[WorkerFile] = relationship(back_populates="causes")


class FileExclusion(Exchanged, Base):
    """An exclusion (排除情形) found true of the household: a key of domain.settings.EXCLUSION_LABELS.

    Unpaid dues are not kept here: they follow `WorkerFile.dues_paid`.
    """

    __tablename__ = "file_exclusions"
    __table_args__ = (UniqueConstraint("worker_file_id", "key"),)
    worker_file_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("worker_files.id"), index=True)
    key: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(String(200), default="")
    worker_file: Mapped[WorkerFile] = relationship(back_populates="exclusions")


class Attachment(Exchanged, Base):
    """A scan or photo kept under the data folder; the SHA-256 proves it unchanged."""

    __tablename__ = "attachments"
    worker_file_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("worker_files.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    original_name: Mapped[str] = mapped_column(String(255))
    stored_path: Mapped[str] = mapped_column(String(255))  # relative to the data folder
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
