"""The 样张 the voucher preview shows (issue 13 item 3): written without numbers and marked 样张, it records
nothing — no voucher row, no counter, no audit entry, no publication — and the print that follows numbers
exactly its items; a reprint's 样张 shows the numbers and the next 补打 count without counting it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from songnuan_desktop.domain.errors import BatchRefused
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry, Voucher, VoucherCounter
from songnuan_desktop.persistence.models_campaign import VoucherCampaignCounter
from songnuan_desktop.persistence.models_publications import Publication
from songnuan_desktop.services.payouts import vouchers as service
from songnuan_desktop.services.office.session_user import SessionUser
from tests.services.campaigns.assistance_helpers import Staff, staff
from tests.services.payouts.test_vouchers import NUMBER, approved, numbers_on, pages


@pytest.fixture
def office(office_db: Database, admin: SessionUser) -> Staff:
    return staff(office_db, admin)


def _recorded(db: Database) -> tuple[int, ...]:
    with db.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(t)) or 0
                     for t in (Voucher, VoucherCounter, VoucherCampaignCounter, AuditEntry, Publication))


def test_a_sample_allocates_nothing_and_the_print_numbers_its_items(office: Staff, tmp_path: Path) -> None:
    db = office.db
    ids = approved(office, 3)
    before = _recorded(db)

    sample = service.sample_vouchers(db, office.clerk, ids[:2], tmp_path / "样张.pdf")
    assert _recorded(db) == before
    assert set(sample.item_ids) == set(ids[:2])
    text = pages(sample.path)
    assert len(text) == 2 and all("样张" in p and "编号在打印时分配" in p for p in text)
    assert not any(NUMBER.search(p) for p in text)  # no real number on a sample
    assert "打印或另存时分配" in sample.message()

    printed = service.print_vouchers(db, office.clerk, list(sample.item_ids), tmp_path / "凭证.pdf")
    assert len(printed.numbers) == 2 and numbers_on(printed.path) == list(printed.numbers)
    assert not any("样张" in p for p in pages(printed.path))
    with db.read() as session:
        assert set(session.scalars(select(Voucher.item_id))) == set(ids[:2])


def test_a_reprint_sample_shows_the_number_and_counts_nothing(office: Staff, tmp_path: Path) -> None:
    db = office.db
    ids = approved(office, 1)
    first = service.print_vouchers(db, office.clerk, ids, tmp_path / "a.pdf")
    before = _recorded(db)

    sample = service.sample_vouchers(db, office.clerk, ids, tmp_path / "b.pdf", reprint=True)
    assert _recorded(db) == before and sample.numbered == 1
    [page] = pages(sample.path)
    assert first.numbers[0] in page and "补打（第1次）" in page and "补打在打印时登记" in page
    with db.read() as session:
        assert session.scalar(select(Voucher.reprint_count)) == 0


def test_a_sample_refuses_what_the_print_would_refuse(office: Staff, tmp_path: Path) -> None:
    db = office.db
    ids = approved(office, 1)
    service.print_vouchers(db, office.clerk, ids, tmp_path / "a.pdf")
    with pytest.raises(BatchRefused) as refused:
        service.sample_vouchers(db, office.clerk, ids, tmp_path / "b.pdf")
    assert "补打" in refused.value.refusals[0].reason
    assert not (tmp_path / "b.pdf").exists()
