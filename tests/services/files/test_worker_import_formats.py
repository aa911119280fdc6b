"""A register in every format offices keep (issue 15 item 5) imported end to end into a real SQLite file:
.xlsx, .xls written by xlwt, the same .xls named .et, .ods written by odfpy, and CSV in UTF-8 (with and
without BOM), GBK and GB18030 — the same files with the same fields, the refused row named, the CSV's
encoding in the summary and in the audit entry."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from songnuan_desktop.documents.register_reader import read_register, write_rejected
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry, WorkerFile
from songnuan_desktop.services.access import auth, users
from songnuan_desktop.services.audit.audit_log import verify_chain
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.files.worker_import import import_register
from tests.documents.fixtures import make_registers as made

FIXTURES = Path(__file__).parents[2] / "documents" / "fixtures"
TODAY = dt.date(2026, 11, 23)
FILES = ["花名册.xlsx", "花名册.xls", "花名册.et", "花名册.ods", "花名册-utf8.csv", "花名册-utf8-bom.csv",
         "花名册-gbk.csv"]


def _expected(seq: int, name: str, number: str, sex: str, born: dt.date,
              category: str = "深度困难") -> tuple[object, ...]:
    return (name, number, sex, born, category, f"1381234{seq:04d}", "农业银行", made.CARD, made.FILED,
            ("患重特大疾病",))


EXPECTED = sorted([_expected(1, "张三", made.IDS[0], "男", dt.date(1980, 1, 1)),
                   _expected(2, "阿依古丽·买买提", made.IDS[1], "女", dt.date(1985, 6, 12), "相对困难"),
                   _expected(3, "王〇", made.IDS[2], "男", dt.date(1970, 3, 5)),
                   _expected(4, "赵六", made.LEGACY_15, "男", dt.date(1965, 3, 15), "低保户")], key=lambda f: str(f[1]))


@pytest.fixture
def clerk(office_db: Database, admin: SessionUser) -> SessionUser:
    users.create_user(office_db, admin, "jingban", "李经办", "Jingban2024", frozenset({Role.CLERK}))
    return auth.login(office_db, "jingban", "Jingban2024")


def _files(db: Database) -> list[tuple[object, ...]]:
    with db.read() as session:
        return [(f.name, f.id_number, f.sex, f.birth_date, f.category, f.phone, f.bank_name, f.bank_card, f.filed_date,
                 tuple(c.cause for c in f.causes), f.situation)
                for f in session.scalars(select(WorkerFile).order_by(WorkerFile.id_number))]


@pytest.mark.parametrize("name", FILES)
def test_each_format_imports_the_same_files(office_db: Database, clerk: SessionUser, name: str, tmp_path: Path) -> None:
    read = read_register(FIXTURES / name)
    result = import_register(office_db, clerk, read, source=name, today=TODAY)
    assert [d.name for d in result.imported] == ["张三", "阿依古丽·买买提", "王〇", "赵六"]
    assert [r.row for r in result.rejected] == [8]
    files = _files(office_db)
    assert [f[:10] for f in files] == EXPECTED  # every format: the very same rows
    assert all("家庭人口 3 人，人均月收入 500.00 元" in f[10] for f in files)
    # the encoding a CSV was read in is named to the clerk and in the log
    summary = result.summary()
    assert summary["file_format"] == read.file_format and summary["encoding"] == read.encoding
    if read.encoding:
        assert result.message().startswith(f"按{read.encoding} 编码的CSV 文本读取；")
    with office_db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "import_register")).one()
    logged = json.loads(entry.after_json)
    assert (logged["file_format"], logged["encoding"], logged["imported"]) == (read.file_format, read.encoding, 4)
    assert verify_chain(office_db).ok
    # the refused row goes back to the clerk as an .xlsx, whatever the register's format was
    back = write_rejected(result.as_read(read), tmp_path / "退回.xlsx")
    again = read_register(back)
    assert [r.row for r in again.rejected] == [2]  # the same ID, still a number: still refused


def test_a_gb18030_name_outside_gbk_is_imported(office_db: Database, clerk: SessionUser) -> None:
    read = read_register(FIXTURES / "花名册-gb18030.csv")
    assert read.encoding == "GB18030"
    result = import_register(office_db, clerk, read, source="gb18030.csv", today=TODAY)
    assert "李𠮷" in [d.name for d in result.imported]
    assert any(f[0] == "李𠮷" for f in _files(office_db))


def test_one_audit_entry_per_household_and_the_history_still_reads_per_field(
        office_db: Database, clerk: SessionUser) -> None:
    """Issue 15 item 6: an imported household is logged by one entry (its file row with its causes), not
    one per row; its history still tells the import and then every later change field by field."""
    import dataclasses

    from songnuan_desktop.services.files import file_detail, file_history, worker_files

    result = import_register(office_db, clerk, read_register(FIXTURES / "花名册.xlsx"), source="x", today=TODAY)
    with office_db.read() as session:
        creates = session.scalars(select(AuditEntry).where(AuditEntry.action == "create")).all()
        zhang = session.scalars(select(WorkerFile).where(WorkerFile.name == "张三")).one()
    imported = [e for e in creates if e.entity in ("worker_files", "hardship_causes") and e.username == "jingban"]
    assert len(imported) == len(result.imported) and {e.entity for e in imported} == {"worker_files"}
    logged = json.loads(next(e.after_json for e in imported if e.entity_id == str(zhang.id)))
    assert (logged["name"], logged["id_number"], logged["causes"]) == ("张三", made.IDS[0], ["患重特大疾病"])
    detail = file_detail.load(office_db, clerk, zhang.id)
    changed = dataclasses.replace(detail.data, phone="13900001111", causes=("患重特大疾病", "子女上学"))
    worker_files.update(office_db, clerk, zhang.id, changed, detail.row_version)
    texts = [c.text for c in file_history.history(office_db, clerk, zhang.id).changes]
    assert texts[-1].startswith(f"新建档案 {zhang.file_no}") and "户主 张三" in texts[-1]
    assert "由“13812340001”改为“13900001111”" in texts[0] and "子女上学" in texts[0]
    assert verify_chain(office_db).ok
