"""Model rules that the merge at the county and the services rely on."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy.exc import IntegrityError

from songnuan_desktop.persistence.audit import SYSTEM
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import (
    AssistanceItem, Campaign, Notice, Office, User, Visit, VisitGroup, Voucher, WorkerFile,
)


def _office(session, name: str) -> Office:  # type: ignore[no-untyped-def]
    office_id = uuid.uuid4()
    office = Office(id=office_id, origin_office_id=office_id, name=name, level="township", region_code="522622")
    session.add(office)
    session.flush()
    return office


def _voucher_chain(session, office: Office, number: str) -> Voucher:  # type: ignore[no-untyped-def]
    common = {"origin_office_id": office.id}
    user = User(office_id=office.id, username=f"u{uuid.uuid4().hex[:6]}", display_name="甲", password_hash="x",
                **common)
    campaign = Campaign(office_id=office.id, name="送温暖", code="SWN01", kind="送温暖", year=2026,
                        start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 2, 1), **common)
    person = WorkerFile(office_id=office.id, file_no=f"F{uuid.uuid4().hex[:6]}", name="张三",
                        id_number="522622198001010012", **common)
    session.add_all([user, person])
    session.flush()
    item = AssistanceItem(campaign=campaign, worker_file_id=person.id, item_kind="送温暖慰问", category="相对困难",
                          amount_fen=50_000, proposed_by=user.id, **common)
    voucher = Voucher(office_id=office.id, item=item, year=2026, seq=1, number=number, printed_by=user.id, **common)
    session.add(voucher)
    session.flush()  # campaign, item and voucher in one flush: ordered by their relationships
    return voucher


def test_voucher_numbers_are_unique_per_office_not_across_the_county(db: Database) -> None:
    with db.write(SYSTEM) as session:
        first, second = _office(session, "旧州镇总工会"), _office(session, "新州镇总工会")
        _voucher_chain(session, first, "2026-SWN01-000001")
        _voucher_chain(session, second, "2026-SWN01-000001")  # the county holds both
    with pytest.raises(IntegrityError), db.write(SYSTEM) as session:
        _voucher_chain(session, session.get(Office, first.id), "2026-SWN01-000001")


def test_group_visit_and_notice_in_one_flush(db: Database) -> None:
    with db.write(SYSTEM) as session:
        office = _office(session, "旧州镇总工会")
        common = {"origin_office_id": office.id, "office_id": office.id}
        group = VisitGroup(name="第一慰问组", leader="镇党委副书记", **common)
        session.add(Visit(group=group, date=dt.date(2026, 1, 20), start_time=dt.time(9), end_time=dt.time(10),
                          purpose="节日慰问", **common))
        campaign = Campaign(name="送温暖", code="SWN01", kind="送温暖", year=2026, start_date=dt.date(2026, 1, 1),
                            end_date=dt.date(2026, 2, 1), **common)
        user = User(username="shenhe", display_name="乙", password_hash="x", **common)
        session.add(user)
        session.flush()
        session.add(Notice(campaign=campaign, start_date=dt.date(2026, 1, 5), end_date=dt.date(2026, 1, 9),
                           working_days=5, started_by=user.id, origin_office_id=office.id))
        session.flush()
