"""The demo never shows what the rules forbid: no visit notes money handed over for an item that was not
approved with a live voucher (issue 14 item 2)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.persistence.models import AssistanceItem, Visit, VisitHousehold, Voucher
from tests.demo_offices import DemoOffices


def test_no_demo_visit_hands_over_money_for_an_unapproved_item(demo_offices: DemoOffices, tmp_path: Path) -> None:
    db = open_database("sqlite:///" + str(demo_offices.file(tmp_path / "demo.db", workers=300, seed=11)))
    try:
        with db.read() as session:
            rows = session.execute(
                select(Visit.note, AssistanceItem.state, Voucher.number)
                .join(VisitHousehold, VisitHousehold.visit_id == Visit.id)
                .join(AssistanceItem, AssistanceItem.id == VisitHousehold.item_id)
                .outerjoin(Voucher, (Voucher.item_id == AssistanceItem.id) & Voucher.voided_at.is_(None))).all()
    finally:
        db.close()
    assert rows  # the demo links visits to items
    for note, state, number in rows:
        if "送去慰问金" in note:
            assert state in ("approved", "paid", "sampled") and number, (note, state)
