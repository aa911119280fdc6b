"""The 登记表 export read back: every file once, numbers as text, no formulas, logged, atomic."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from songnuan_desktop.domain.errors import PermissionDenied, ValidationFailed
from songnuan_desktop.persistence.models import AuditEntry, WorkerFile
from songnuan_desktop.services import auth
from songnuan_desktop.services.demo import build_demo
from songnuan_desktop.services.file_list import FileFilter
from songnuan_desktop.services.worker_export import export_register


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    build_demo(db, workers=120, seed=9)
    return db


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
    with demo.read() as session:
        logged = session.scalars(select(AuditEntry).where(AuditEntry.action == "export_register")).all()
    assert len(logged) == 1 and logged[0].username == "jingban" and "120" in logged[0].after_json


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
