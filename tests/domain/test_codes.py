"""Every table the audit log can name has a Chinese label."""

from __future__ import annotations

from songnuan_desktop.domain.codes import ENTITY_LABELS
from songnuan_desktop.persistence.models import AuditEntry, AuditHead, Base


def test_every_audited_table_has_a_chinese_label() -> None:
    audited = set(Base.metadata.tables) - {AuditEntry.__tablename__, AuditHead.__tablename__}
    assert audited - set(ENTITY_LABELS) == set()
