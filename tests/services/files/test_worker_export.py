"""The 登记表 export read back: every file once, numbers as text, no formulas, logged, atomic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from songnuan_desktop.domain.errors import DomainError, PermissionDenied, ValidationFailed
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry, HardshipCause, HouseholdMember, OrgUnit, WorkerFile
from songnuan_desktop.services.files import worker_export
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.files.file_list import FileFilter
from songnuan_desktop.services.files.worker_export import export_register
from tests.demo_offices import DemoOffices


@pytest.fixture
def demo(db_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(db_url, workers=120, seed=9)


def test_register_reads_back(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = auth.login(demo, "jingban", "songnuan2026")
    with demo.write(clerk.actor) as session:  # a name someone typed as a formula
        first = session.scalars(select(WorkerFile).order_by(WorkerFile.file_no)).first()
        session.execute(update(WorkerFile).where(WorkerFile.id == first.id)
                        .values(name='=HYPERLINK("http://x","点我")', row_version=WorkerFile.row_version + 1))
    out = tmp_path / "登记表.xlsx"
    result = export_register(demo, clerk, FileFilter(), out)
    assert result.files == 120
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "黄平县旧州镇总工会困难职工登记表" and rows[2][:3] == ("序号", "档案编号", "姓名")
    body = [r for r in rows[3:] if isinstance(r[0], int)]
    assert len(body) == 120 and rows[-1][0] == "合计：120 户"
    with demo.read() as session:
        expected = {f.file_no: f for f in session.scalars(select(WorkerFile))}
    for r in body:
        f = expected[r[1]]
        assert r[6] == f.id_number and isinstance(r[6], str) and len(r[6]) == 18
    cell = sheet.cell(row=4, column=3)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")  # text, never a formula
    assert [r[0] for r in body] == list(range(1, 121)) and [r[1] for r in body] == sorted(expected)
    with demo.read() as session:
        logged = session.scalars(select(AuditEntry).where(AuditEntry.action == "export_register")).all()
    assert len(logged) == 1 and logged[0].username == "jingban" and "120" in logged[0].after_json


def test_register_cells_match_the_files(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Every column of every row against the database: Chinese intact, IDs and cards as text, dates as
    dates, the household's size and income from its members, causes in their order, the unit's name."""
    clerk = auth.login(demo, "jingban", "songnuan2026")
    seen: list[tuple[int, int]] = []
    export_register(demo, clerk, FileFilter(), tmp_path / "r.xlsx", lambda done, total: seen.append((done, total)))
    assert seen[-1] == (120, 120)
    sheet = load_workbook(tmp_path / "r.xlsx").active
    assert sheet.freeze_panes == "C4" and sheet.title == "困难职工登记表"
    body = {r[1]: r for r in sheet.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)}
    with demo.read() as session:
        units = dict(session.execute(select(OrgUnit.id, OrgUnit.name)).all())
        for f in session.scalars(select(WorkerFile)):
            members = session.scalars(select(HouseholdMember).where(HouseholdMember.worker_file_id == f.id)).all()
            causes = session.scalars(select(HardshipCause.cause).where(HardshipCause.worker_file_id == f.id)
                                     .order_by(HardshipCause.position)).all()
            income = Decimal(f.monthly_income_fen + sum(m.monthly_income_fen for m in members)).scaleb(-2)
            dates = [None if d is None else dt.datetime.combine(d, dt.time())
                     for d in (f.birth_date, f.filed_date, f.reviewed_date)]
            assert body[f.file_no] == (
                body[f.file_no][0], f.file_no, f.name, f.sex, f.ethnicity, dates[0], f.id_number,
                units.get(f.work_unit_id), f.employment_status, f.worker_type, f.model_worker_level, f.category,
                len(members) + 1, pytest.approx(float(income)), "、".join(causes) or None, f.phone or None,
                f.address or None, f.bank_name or None, f.bank_card or None, f.status, dates[1], dates[2])
    cards = [r[18] for r in body.values() if r[18]]
    assert cards and all(isinstance(c, str) and c.isdigit() and len(c) >= 16 for c in cards)
    assert sheet["F4"].is_date and sheet["F4"].number_format == 'yyyy"年"m"月"d"日"'
    assert sheet["G4"].data_type == "s" and sheet["N4"].number_format == "#,##0.00"


def test_a_failure_part_way_leaves_no_file_and_no_log(demo, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    clerk = auth.login(demo, "jingban", "songnuan2026")
    calls = []

    def failing(*args):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(*args)
    real = worker_export._causes
    monkeypatch.setattr(worker_export, "BATCH", 50)
    monkeypatch.setattr(worker_export, "_causes", failing)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(DomainError, match="文件没有保存") as refused:
        export_register(demo, clerk, FileFilter(), folder / "登记表.xlsx")
    assert refused.value.code == "write_failed"
    assert list(folder.iterdir()) == []  # neither the register nor its temporary file
    with demo.read() as session:
        assert not session.scalars(select(AuditEntry).where(AuditEntry.action == "export_register")).all()


def test_filtered_export_and_refusals(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = auth.login(demo, "jingban", "songnuan2026")
    deep = export_register(demo, clerk, FileFilter(category="深度困难"), tmp_path / "deep.xlsx")
    rows = [r for r in load_workbook(tmp_path / "deep.xlsx").active.iter_rows(min_row=4, values_only=True)
            if isinstance(r[0], int)]
    assert len(rows) == deep.files and {r[11] for r in rows} == {"深度困难"}
    admin = auth.login(demo, "admin", "songnuan2026")
    with pytest.raises(PermissionDenied):
        export_register(demo, admin, FileFilter(), tmp_path / "admin.xlsx")
    with pytest.raises(ValidationFailed, match="保存位置不存在"):
        export_register(demo, clerk, FileFilter(), tmp_path / "missing-folder" / "x.xlsx")
    assert not list(tmp_path.rglob("*.part")) and not (tmp_path / "admin.xlsx").exists()
