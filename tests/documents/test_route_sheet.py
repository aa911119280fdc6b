"""The route sheet read back with pdftotext over a demo copy: no amount for an item that is not approved
(or paid) with a live voucher; an approved or paid item's amount printed with its voucher number."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import AssistanceItem, User, Voucher
from songnuan_desktop.services import visits
from songnuan_desktop.services.session_user import SessionUser
from songnuan_desktop.services.visits import VisitInput
from tests.demo_offices import DemoOffices

AMOUNT = re.compile(r"\d{1,3}(?:,\d{3})*\.\d\d")
DAY = dt.date(2026, 11, 18)  # the demo's busiest day of visits: items in draft, review and notice


@pytest.fixture(scope="module")
def demo(demo_offices: DemoOffices, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = demo_offices.file(tmp_path_factory.mktemp("route-sheet") / "demo.db", workers=300, seed=11)
    db = open_database("sqlite:///" + str(path))
    yield db
    db.close()


def signed_in(db: Database, username: str) -> SessionUser:
    with db.read() as session:
        row = session.scalars(select(User).where(User.username == username)).one()
        return SessionUser(row.id, row.username, row.display_name, row.office_id,
                           frozenset(Role(r) for r in row.role_codes))


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_no_amount_for_an_item_not_approved(demo: Database, tmp_path: Path) -> None:
    clerk = signed_in(demo, "jingban")
    shown = visits.visits_between(demo, clerk, DAY, DAY)
    items = [h.item_id for v in shown for h in v.households if h.item_id is not None]
    with demo.read() as session:
        states = set(session.scalars(select(AssistanceItem.state).where(AssistanceItem.id.in_(items))))
    assert states and not states & {ItemState.APPROVED.value, ItemState.PAID.value}  # the day's items are pending
    text = text_of(visits.export_route_sheet(demo, clerk, DAY, tmp_path / "day.pdf"))
    assert text.count("待审批，不得发放") == len(items) + text.count("说明：")  # each cell, and once in each 说明
    assert AMOUNT.findall(text) == []  # not one amount, not even a 合计
    assert "手印" in text and "凭证编号" in text


def test_an_approved_or_paid_item_shows_its_voucher_number(demo: Database, tmp_path: Path) -> None:
    clerk = signed_in(demo, "jingban")
    with demo.read() as session:
        found = {}
        for state in (ItemState.APPROVED.value, ItemState.PAID.value):
            found[state] = session.execute(
                select(AssistanceItem.worker_file_id, AssistanceItem.campaign_id, AssistanceItem.amount_fen,
                       Voucher.number).join(Voucher, Voucher.item_id == AssistanceItem.id)
                .where(AssistanceItem.state == state, Voucher.voided_at.is_(None))
                .order_by(Voucher.number)).first()
    group = visits.groups(demo, clerk.office_id)[0].id
    day = dt.date(2027, 1, 20)
    for n, (file_id, campaign, _fen, _number) in enumerate(found.values()):
        visits.create_visit(demo, clerk, VisitInput(group, day, dt.time(9 + 2 * n), dt.time(10 + 2 * n), "节日慰问",
                                                    (file_id,), campaign))
    text = text_of(visits.export_route_sheet(demo, clerk, day, tmp_path / "paid.pdf"))
    for _file, _campaign, fen, number in found.values():
        assert number in text and format_fen(fen) in text
    assert text.count("待审批，不得发放") == text.count("说明：")  # only in the 说明, in no cell
    assert format_fen(sum(fen for _f, _c, fen, _n in found.values())) in text  # the 合计 of what is handed over


def test_the_page_number_is_centred_under_the_landscape_width(demo: Database, tmp_path: Path) -> None:
    out = visits.export_route_sheet(demo, signed_in(demo, "jingban"), DAY, tmp_path / "day.pdf")
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    words = re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', bbox)
    footer = [(float(a), float(b), w) for a, b, y, w in words if float(y) > 560]  # the bottom 35 pt of 595
    assert "".join(w for _a, _b, w in footer).startswith("第1页")
    left, right = min(a for a, _b, _w in footer), max(b for _a, b, _w in footer)
    assert abs((left + right) / 2 - 841.89 / 2) < 12  # the centre of the 297 mm width, in points
