"""The route sheet read back with pdftotext over a demo copy: no amount for an item that is not approved
(or paid) with a live voucher; an approved or paid item's amount printed with its voucher number; whole
phones on the group leader's copy when the setting route_sheet_phones says "full"; blank signing lines
and a date left to the hand; rare characters drawn, or the sheet refused naming the household."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from songnuan_desktop.documents.glyphs import MissingGlyphs
from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import AssistanceItem, User, Voucher, WorkerFile
from songnuan_desktop.services.office import settings
from songnuan_desktop.services import visits
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.visits import VisitInput
from tests.demo_offices import DemoOffices

AMOUNT = re.compile(r"\d{1,3}(?:,\d{3})*\.\d\d")
DAY = dt.date(2026, 11, 18)  # the demo's busiest day of visits: items in draft, review and notice
HANAZONO = Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf")
EXT_H = "\U00031350"  # CJK Extension H: in no font of this machine


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


def test_the_group_leaders_copy_carries_whole_phones_when_the_setting_says_so(demo: Database, tmp_path: Path) -> None:
    approver = signed_in(demo, "shenpi")  # a role that sees masked phones anywhere else
    shown = visits.visits_between(demo, approver, DAY, DAY)
    group = shown[0].group_id
    with demo.read() as session:
        phones = set(session.scalars(select(WorkerFile.phone).where(WorkerFile.id.in_(
            [h.file_id for v in shown if v.group_id == group for h in v.households]))))
    assert phones and all("*" in h.phone for v in shown for h in v.households)
    masked = text_of(visits.export_route_sheet(demo, approver, DAY, tmp_path / "masked.pdf", group))
    assert not any(p in masked for p in phones) and "带队领导联" not in masked
    admin = signed_in(demo, "admin")
    settings.set_value(demo, admin, "route_sheet_phones", "full")
    try:
        leader = text_of(visits.export_route_sheet(demo, approver, DAY, tmp_path / "leader.pdf", group))
        every = text_of(visits.export_route_sheet(demo, approver, DAY, tmp_path / "all.pdf"))
    finally:
        settings.set_value(demo, admin, "route_sheet_phones", "masked")
    assert all(p in leader for p in phones) and "带队领导联" in leader  # the copy says what it carries
    assert not any(p in every for p in phones)  # the copy of every group is no leader's: masked as before


def test_signatures_and_the_date_are_left_to_the_hand(demo: Database, tmp_path: Path) -> None:
    text = text_of(visits.export_route_sheet(demo, signed_in(demo, "jingban"), DAY, tmp_path / "day.pdf"))
    assert "带队领导（签字）：" in text and "经办人（签字）：" in text
    assert re.search(r"日期：\s+年\s+月\s+日", text)  # paper_dates.BLANK_DATE
    assert "2026年11月18日（星期三）" in text and not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert "吴晓燕" not in text.split("经办人（签字）：")[1].split("说明")[0]  # setting signature_names: blank


@pytest.mark.skipif(not HANAZONO.is_file(), reason="fonts-hanazono is not installed (.ci/run installs it)")
def test_a_rare_name_is_on_the_sheet_and_a_name_no_font_has_refuses_it(demo: Database, tmp_path: Path) -> None:
    clerk = signed_in(demo, "jingban")
    day = dt.date(2027, 1, 21)
    shown = visits.visits_between(demo, clerk, DAY, DAY)
    files = list(dict.fromkeys(h.file_id for v in shown for h in v.households))[:2]
    with demo.read() as session:
        before = {f: session.get(WorkerFile, f).name for f in files}
    group = visits.groups(demo, clerk.office_id)[0].id
    visits.create_visit(demo, clerk, VisitInput(group, day, dt.time(9), dt.time(10), "结对帮扶", tuple(files)))
    try:
        rename(demo, dict(zip(files, ("王䶮", "李𠮷"), strict=True)))
        text = text_of(visits.export_route_sheet(demo, clerk, day, tmp_path / "rare.pdf"))
        assert "王䶮" in text and "李𠮷" in text
        rename(demo, {files[0]: f"王{EXT_H}"})
        out = tmp_path / "missing.pdf"
        with pytest.raises(MissingGlyphs) as refused:
            visits.export_route_sheet(demo, clerk, day, out)
        assert f"户主“王{EXT_H}”" in refused.value.message and "姓名" in refused.value.message and not out.exists()
    finally:
        rename(demo, before)


def rename(db: Database, names: dict) -> None:  # type: ignore[type-arg]
    with db.engine.begin() as conn:  # straight to the table: the file service refuses what no font has
        for file_id, name in names.items():
            conn.execute(update(WorkerFile).where(WorkerFile.id == file_id).values(name=name))
