"""The route sheet read back with pypdf, the .ics parsed back (unfolded, unescaped) and the .xlsx read
with openpyxl; phones full or masked by role; every export in the audit log."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from songnuan_desktop.documents.ics import fold
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry
from songnuan_desktop.services.campaigns import assistance
from songnuan_desktop.services import visits
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.visits import GroupInput, VisitInput
from tests.services.campaigns.assistance_helpers import TODAY, Staff, make_campaign, make_file, staff

T = dt.time
MON = dt.date(2026, 11, 23)


@pytest.fixture
def office(office_db: Database, admin: SessionUser) -> Staff:
    return staff(office_db, admin)


@pytest.fixture
def planned(office: Staff) -> tuple[uuid.UUID, list[uuid.UUID]]:
    campaign = make_campaign(office.db, office.clerk)
    g1 = visits.save_group(office.db, office.clerk, GroupInput("第一慰问组", "镇党委副书记 王建军", "龙正华、吴晓燕",
                                                               "贵H·J0127", "13985511027")).id
    g2 = visits.save_group(office.db, office.clerk, GroupInput("第二慰问组", "镇人大主席 刘文斌")).id
    a = make_file(office.db, office.clerk, 1, address="黄平县旧州镇寨碧村3组12号，东侧; 小卖部旁")
    b = make_file(office.db, office.clerk, 2, address="黄平县旧州镇东坡村1组2号")
    assistance.propose(office.db, office.clerk, campaign, [a], today=TODAY)
    visits.create_visit(office.db, office.clerk, VisitInput(g1, MON, T(14), T(15), "节日慰问", (a,), campaign,
                                                            note="带上米和油"))
    visits.create_visit(office.db, office.clerk, VisitInput(g1, MON, T(9), T(10), "三必访-住院", (b,)))
    visits.create_visit(office.db, office.clerk, VisitInput(g2, MON, T(9), T(10), "结对帮扶", (b,)))
    return g1, [a, b]


def logged(db: Database, action: str) -> int:
    with db.read() as session:
        return len(session.scalars(select(AuditEntry.seq).where(AuditEntry.action == action)).all())


def test_the_route_sheet_lists_each_group_in_order_with_amounts_and_a_signature_column(
        office: Staff, planned: tuple[uuid.UUID, list[uuid.UUID]], tmp_path: Path) -> None:
    g1, _files = planned
    out = visits.export_route_sheet(office.db, office.clerk, MON, tmp_path / "route.pdf")
    pages = [p.extract_text().replace(" ", "") for p in PdfReader(out).pages]
    assert len(pages) == 2  # one group a page
    first = pages[0]
    for words in ("走访慰问安排表", "2026年11月23日（星期一）", "第一慰问组", "镇党委副书记王建军", "龙正华、吴晓燕",
                  "贵H·J0127", "13985511027", "户主签字", "手印", "待审批，不得发放",
                  "三必访-住院", "13808550002", "带上米和油"):
        assert words in first, words
    assert "1,000.00" not in first  # the item is only proposed: no cash for it, and no total either
    assert first.index("09:00–10:00") < first.index("14:00–15:00")  # visiting order
    assert "第二慰问组" in pages[1] and "结对帮扶" in pages[1]
    only = visits.export_route_sheet(office.db, office.approver, MON, tmp_path / "g1.pdf", g1)
    text = "".join(p.extract_text().replace(" ", "") for p in PdfReader(only).pages)
    assert "第二慰问组" not in text and "138****0002" in text and "13808550002" not in text  # masked for the approver
    assert logged(office.db, "print_route_sheet") == 2


def parse_ics(text: str) -> list[dict[str, str]]:
    """A small parser: unfold (CRLF + space), split name;params:value, unescape text, collect VEVENTs."""
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "").split("\r\n")
    events, current = [], None
    for line in unfolded:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None and line:
            head, value = line.split(":", 1)
            name = head.split(";")[0]
            current[name] = (value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")
                             .replace("\\\\", "\\"))
            if ";" in head:
                current[name + "@"] = head.split(";", 1)[1]
    return events


def test_ics_is_parsed_back_with_folding_and_escapes(office: Staff, planned: tuple[uuid.UUID, list[uuid.UUID]],
                                                     tmp_path: Path) -> None:
    out = visits.export_ics(office.db, office.clerk, MON, MON, tmp_path / "visits.ics")
    raw = out.read_bytes().decode("utf-8")
    assert raw.startswith("BEGIN:VCALENDAR\r\n") and raw.endswith("END:VCALENDAR\r\n") and "\r\n " in raw
    events = parse_ics(raw)
    assert len(events) == 3 and len({e["UID"] for e in events}) == 3
    first = next(e for e in events if e["DTSTART"] == "20261123T140000")
    assert first["DTSTART@"] == "TZID=Asia/Shanghai" and first["DTEND"] == "20261123T150000"
    assert first["SUMMARY"].startswith("第一慰问组：")
    assert first["LOCATION"] == "黄平县旧州镇寨碧村3组12号，东侧; 小卖部旁"  # ; escaped and restored
    assert "带队领导：镇党委副书记 王建军" in first["DESCRIPTION"] and "慰问金 1,000.00 元" in first["DESCRIPTION"]
    assert "\n备注：带上米和油" in first["DESCRIPTION"]
    assert logged(office.db, "export_visits_ics") == 1


def test_folding_never_splits_a_character() -> None:
    line = "DESCRIPTION:" + "走访慰问" * 40
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_xlsx_has_a_row_per_household(office: Staff, planned: tuple[uuid.UUID, list[uuid.UUID]],
                                      tmp_path: Path) -> None:
    out = visits.export_xlsx(office.db, office.clerk, MON, MON + dt.timedelta(days=6), tmp_path / "visits.xlsx")
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[2][:4] == ("日期", "星期", "时间", "慰问组")
    body = rows[3:]
    assert len(body) == 3 and body[0][3] in ("第一慰问组", "第二慰问组")
    amounts = [r[13] for r in body if r[13]]
    assert amounts == [1000]
    assert logged(office.db, "export_visits_xlsx") == 1
