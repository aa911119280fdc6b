"""Dates in one style on every paper (issue 14 item 7): each paper rendered from one demo copy and read back —
PDFs with pdftotext, workbooks with openpyxl — holds no ISO date (2026-02-01), no dotted one (1976.07.13) and
no zero-padded one (2026年12月05日): papers write 2026年12月5日 (domain.paper_dates). A voucher number such as
2026-JQZX01-000084 is not a date. A date cell of a workbook stays a date, shown 2026年12月5日 by its format."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import Campaign, HouseholdMember, User, WorkerFile
from songnuan_desktop.services.office.session_user import SessionUser
from tests.demo_offices import DemoOffices

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")

ISO = re.compile(r"(?<![\d-])\d{4}-\d{1,2}-\d{1,2}(?![\d-])")  # 2026-02-01; not 2026-JQZX01-000084
DOTTED = re.compile(r"(?<![\d.])\d{4}[./]\d{1,2}[./]\d{1,2}(?![\d.])")  # 1976.07.13, 2026/2/1
PADDED = re.compile(r"\d{4}年0\d月|\d月0\d日")  # 2026年12月05日
ANTE = "2026年元旦春节送温暖"  # closed: paid, sampled, spot-checked
STUDENT_AID = "2026年金秋助学"  # approved, part printed
VISIT_DAY = dt.date(2026, 11, 18)


@pytest.fixture(scope="module")
def demo(demo_offices: DemoOffices, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = demo_offices.file(tmp_path_factory.mktemp("paper-dates") / "demo.db", workers=300, seed=11)
    db = open_database("sqlite:///" + str(path))
    yield db
    db.close()


def signed_in(db: Database, username: str) -> SessionUser:
    with db.read() as session:
        row = session.scalars(select(User).where(User.username == username)).one()
        return SessionUser(row.id, row.username, row.display_name, row.office_id,
                           frozenset(Role(r) for r in row.role_codes))


def campaign_id(db: Database, name: str) -> object:
    with db.read() as session:
        return session.scalars(select(Campaign.id).where(Campaign.name == name)).one()


# --- the papers: each writes into `folder` and returns the file ------------------------------------------

def notice(db: Database, folder: Path) -> Path:
    from songnuan_desktop.services.campaigns.notice_print import export_notice
    return Path(export_notice(db, signed_in(db, "shenhe"), STUDENT_AID, folder / "公示.pdf"))


def vouchers(db: Database, folder: Path) -> Path:
    from songnuan_desktop.services.payouts.vouchers import print_vouchers
    return Path(print_vouchers(db, signed_in(db, "caiwu"), ANTE, folder / "凭证.pdf", reprint=True).path)


def roster(db: Database, folder: Path) -> Path:
    from songnuan_desktop.services.payouts.roster import export_roster
    return Path(export_roster(db, signed_in(db, "caiwu"), ANTE, folder / "签收表.pdf"))


def route_sheet(db: Database, folder: Path) -> Path:
    from songnuan_desktop.services.visits.visit_exports import export_route_sheet
    return Path(export_route_sheet(db, signed_in(db, "jingban"), VISIT_DAY, folder / "走访.pdf"))


def spot_check(db: Database, folder: Path) -> Path:
    from songnuan_desktop.services.payouts.spot_checks import draw, export_list, spot_checks_of
    reviewer = signed_in(db, "shenhe")
    campaign = campaign_id(db, ANTE)
    drawn = spot_checks_of(db, reviewer, campaign) or []  # type: ignore[arg-type]
    if not drawn:
        draw(db, reviewer, campaign)  # type: ignore[arg-type]
        drawn = spot_checks_of(db, reviewer, campaign)  # type: ignore[arg-type]
    return Path(export_list(db, reviewer, drawn[0].id, folder / "抽查.pdf"))


def file_sheets(db: Database, folder: Path) -> list[Path]:
    """An exited file's and a current one with members (birth dates in the members' table)."""
    from songnuan_desktop.services.files.file_sheet import export_file_sheet
    with db.read() as session:
        exited = session.scalars(select(WorkerFile.id).where(WorkerFile.status.in_(("解困", "脱困", "注销")))
                                 .order_by(WorkerFile.file_no).limit(1)).one()
        current = session.scalars(select(WorkerFile.id).join(HouseholdMember).where(WorkerFile.status == "在档")
                                  .order_by(WorkerFile.file_no).limit(1)).one()
    clerk = signed_in(db, "jingban")
    return [export_file_sheet(db, clerk, exited, folder / "档案表-退出.pdf"),
            export_file_sheet(db, clerk, current, folder / "档案表.pdf")]


def bank_list_pdf(db: Database, folder: Path) -> Path:
    from songnuan_desktop.services.payouts.bank_list import export_bank_list
    return export_bank_list(db, signed_in(db, "caiwu"), STUDENT_AID, folder / "代发.pdf")


def bank_list_xlsx(db: Database, folder: Path) -> Path:
    from songnuan_desktop.services.payouts.bank_list import export_bank_list
    return export_bank_list(db, signed_in(db, "caiwu"), STUDENT_AID, folder / "代发.xlsx")


def register_xlsx(db: Database, folder: Path) -> Path:
    from songnuan_desktop.services.files.file_list import FileFilter
    from songnuan_desktop.services.files.worker_export import export_register
    return export_register(db, signed_in(db, "jingban"), FileFilter(), folder / "登记表.xlsx").path


def visits_xlsx(db: Database, folder: Path) -> Path:
    from songnuan_desktop.services.visits.visit_exports import export_xlsx
    return Path(export_xlsx(db, signed_in(db, "jingban"), dt.date(2026, 11, 1), dt.date(2027, 1, 31),
                            folder / "走访.xlsx"))


PAPERS: list[object] = [
    pytest.param(notice, id="notice"),
    pytest.param(vouchers, id="voucher"),
    pytest.param(roster, id="roster"),
    pytest.param(route_sheet, id="route_sheet"),
    pytest.param(spot_check, id="spot_check"),
    pytest.param(file_sheets, id="file_sheet"),
    pytest.param(bank_list_pdf, id="bank_list_pdf"),
    pytest.param(bank_list_xlsx, id="bank_list_xlsx"),
    pytest.param(register_xlsx, id="register_xlsx"),
    pytest.param(visits_xlsx, id="visits_xlsx"),
]


def text_of(path: Path) -> str:
    """What a reader sees: a PDF's text; a workbook's cells as shown (a date cell must be formatted 年月日)."""
    if path.suffix == ".pdf":
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    shown: list[str] = []
    for sheet in load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if getattr(cell, "is_date", False):  # a merged cell's others hold nothing
                    assert "年" in cell.number_format, f"{sheet.title}!{cell.coordinate}: {cell.number_format}"
                    # 1975年12月28日 takes ~14 widths: a narrower column prints ### (seen in LibreOffice)
                    width = sheet.column_dimensions[cell.column_letter].width
                    assert width >= 14, f"{sheet.title}!{cell.coordinate}: column {width} wide prints ###"
                elif cell.value is not None:
                    shown.append(str(cell.value))
        shown += [sheet.oddHeader.center.text or "", sheet.oddFooter.center.text or ""]
    return "\n".join(shown)


@pytest.mark.parametrize("paper", PAPERS)
def test_no_iso_dotted_or_padded_date_on_the_paper(paper: Callable[[Database, Path], Path | list[Path]],
                                                   demo: Database, tmp_path: Path) -> None:
    made = paper(demo, tmp_path)
    for path in made if isinstance(made, list) else [made]:
        text = text_of(path)
        assert text.strip(), path
        found = {"ISO": ISO.findall(text), "dotted": DOTTED.findall(text), "zero-padded": PADDED.findall(text)}
        assert not any(found.values()), f"{path.name}: {found}"
