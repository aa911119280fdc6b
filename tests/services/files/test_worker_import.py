"""Importing a messy register: exactly the valid rows become files, in one transaction; the rest are
listed with their reasons; importing again changes nothing; an update happens only when asked."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import func, select

from songnuan_desktop.documents.register_reader import ReadCancelled, read_register, write_rejected
from songnuan_desktop.domain.errors import PermissionDenied, ValidationFailed
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry, OrgUnit, WorkerFile
from songnuan_desktop.services.access import auth, users
from songnuan_desktop.services.files import worker_files, worker_import
from songnuan_desktop.services.audit.audit_log import verify_chain
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.files.worker_import import NOTE_MARK, import_register
from tests.documents.messy_register import GOOD_ID, HEADER, LEGACY_15, X_ID, make_id, write_messy_register

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def clerk(office_db: Database, admin: SessionUser) -> SessionUser:
    users.create_user(office_db, admin, "jingban", "李经办", "Jingban2024", frozenset({Role.CLERK}))
    return auth.login(office_db, "jingban", "Jingban2024")


@pytest.fixture
def messy(tmp_path: Path) -> tuple[Path, Any]:
    path = tmp_path / "花名册.xlsx"
    return path, write_messy_register(path)


def state(db: Database) -> tuple[Any, ...]:
    """Everything an import could change: files with their versions, units, the audit tip."""
    with db.read() as session:
        files = session.execute(select(WorkerFile.file_no, WorkerFile.id_number, WorkerFile.row_version,
                                       WorkerFile.situation).order_by(WorkerFile.file_no)).all()
        units = session.scalars(select(OrgUnit.name).order_by(OrgUnit.name)).all()
        audit = session.scalar(select(func.count()).select_from(AuditEntry))
    return tuple(files), tuple(units), audit


def test_the_messy_register_imports_exactly_the_valid_rows(office_db: Database, clerk: SessionUser,
                                                           messy: tuple[Path, Any]) -> None:
    path, expected = messy
    read = read_register(path)
    result = import_register(office_db, clerk, read, source=path.name, today=TODAY)
    assert sorted(d.row for d in result.imported) == sorted(expected.valid)
    assert sorted(r.row for r in result.rejected) == sorted(expected.rejected)
    assert (result.updated, result.unchanged, result.kept) == ([], [], [])
    assert result.new_units == ["旧州镇农机站"]
    assert f"新建档案 {len(expected.valid)} 份" in result.message()
    assert f"退回 {len(expected.rejected)} 行" in result.message()
    with office_db.read() as session:
        rows = {f.id_number: f for f in session.scalars(select(WorkerFile))}
        assert set(rows) == {r.values["id_number"] for r in read.rows}
        zhang = rows[GOOD_ID]
        assert (zhang.name, zhang.category, zhang.sex, zhang.filed_date) == ("张三", "深度困难", "男",
                                                                             dt.date(2024, 1, 5))
        assert [c.cause for c in zhang.causes] == ["患重特大疾病"]
        assert zhang.work_unit_id is not None and zhang.reviewed_date == TODAY
        # what the file has no field for is kept in words, with the figures of the register
        assert f"{NOTE_MARK}家庭人口 3 人，人均月收入 500.00 元。" in zhang.situation
        assert rows[LEGACY_15].category == "低保户" and rows[X_ID].name == "钱七"
        assert len({f.file_no for f in rows.values()}) == 6
    assert verify_chain(office_db).ok


def test_importing_the_same_register_again_changes_nothing(office_db: Database, clerk: SessionUser,
                                                           messy: tuple[Path, Any]) -> None:
    path, expected = messy
    import_register(office_db, clerk, read_register(path), today=TODAY)
    before = state(office_db)
    for update_existing in (False, True):
        again = import_register(office_db, clerk, read_register(path), update_existing=update_existing, today=TODAY)
        assert again.imported == [] and again.updated == [] and again.kept == []
        assert sorted(d.row for d in again.unchanged) == sorted(expected.valid)
        files, units, audit = state(office_db)
        assert (files, units) == before[:2]
        assert audit == before[2] + (1 if not update_existing else 2)  # only the import's own summary entry


def test_a_changed_row_updates_its_file_only_when_the_clerk_chooses(office_db: Database, clerk: SessionUser,
                                                                    tmp_path: Path) -> None:
    first = register(tmp_path / "a.xlsx", [person("张三", GOOD_ID, phone="13812345678", unit="农机站")])
    import_register(office_db, clerk, read_register(first), today=TODAY)
    file_id = worker_files.find_by_id_number(office_db, clerk.office_id, GOOD_ID)
    assert file_id is not None
    changed = register(tmp_path / "b.xlsx", [person("张三", GOOD_ID, phone="13900001111", unit="农机站",
                                                    category="相对困难")])
    kept = import_register(office_db, clerk, read_register(changed), today=TODAY)
    assert [d.row for d in kept.kept] == [2] and kept.updated == []
    assert "已有档案未更新" in kept.message()
    with office_db.read() as session:
        row = session.get(WorkerFile, file_id)
        assert row is not None and (row.phone, row.category) == ("13812345678", "深度困难")
        version = row.row_version
    updated = import_register(office_db, clerk, read_register(changed), update_existing=True, today=TODAY)
    assert [(d.row, d.name) for d in updated.updated] == [(2, "张三")]
    with office_db.read() as session:
        row = session.get(WorkerFile, file_id)
        assert row is not None and (row.phone, row.category) == ("13900001111", "相对困难")
        assert row.row_version == version + 1
        assert session.scalar(select(func.count()).select_from(OrgUnit).where(OrgUnit.name == "农机站")) == 1


def test_an_update_keeps_what_the_register_does_not_have(office_db: Database, clerk: SessionUser,
                                                         tmp_path: Path) -> None:
    wife = make_id("19820305", 31, sex="女")
    saved = worker_files.create(office_db, clerk, worker_files.FileInput(
        name="张三", id_number=GOOD_ID, category="深度困难", causes=("患重特大疾病", "子女上学"),
        situation="妻子患病多年。", members=(worker_files.MemberInput("王芳", "配偶", wife),)))
    path = register(tmp_path / "c.xlsx", [person("张三", GOOD_ID, phone="13900001111")])
    result = import_register(office_db, clerk, read_register(path), update_existing=True, today=TODAY)
    assert [d.file_no for d in result.updated] == [saved.file_no]
    with office_db.read() as session:
        row = session.get(WorkerFile, saved.id)
        assert row is not None
        assert [m.name for m in row.members] == ["王芳"]
        assert [c.cause for c in row.causes] == ["患重特大疾病", "子女上学"]
        assert row.situation == "妻子患病多年。"  # the register has nothing for the note
        assert row.phone == "13900001111"


def test_real_ids_of_every_era_import_and_an_unknown_code_is_warned(office_db: Database, clerk: SessionUser,
                                                                   tmp_path: Path) -> None:
    """Issue 15: a 凯里市 522601 number of someone born in 1970 (the code is from 1983) was refused; a code the
    table does not know is imported with a warning naming the row; a birth date in 2099 is refused."""
    from stdnum.cn import ric

    def numbered(body: str) -> str:
        return body + ric.calc_check_digit(body + "0")

    kaili, unknown, future = (numbered("52260119700101001"), numbered("52269919800101003"),
                              numbered("52262220990101005"))
    path = register(tmp_path / "eras.xlsx", [person("龙老大", kaili), person("杨新县", unknown),
                                             person("未来人", future)])
    result = import_register(office_db, clerk, read_register(path), today=TODAY)
    assert [d.name for d in result.imported] == ["龙老大", "杨新县"]
    [rejected] = result.rejected
    assert rejected.row == 4 and "2099年1月1日" in rejected.reason and "晚于今天" in rejected.reason
    warned = [(row, text) for row, text in result.warnings if "地区代码" in text]
    assert warned == [(3, "户主身份证号：地区代码 522699 不在本程序的行政区划代码表中（代码表可能未及时更新），"
                          "请对照身份证原件核对无误后保存。")]


def test_a_member_of_another_household_is_rejected_with_that_file_named(office_db: Database, clerk: SessionUser,
                                                                        tmp_path: Path) -> None:
    wife = make_id("19820305", 31, sex="女")
    saved = worker_files.create(office_db, clerk, worker_files.FileInput(
        name="张三", id_number=GOOD_ID, category="深度困难", causes=("患重特大疾病",),
        members=(worker_files.MemberInput("王芳", "配偶", wife),)))
    other = make_id("19700101", 41)
    path = register(tmp_path / "d.xlsx", [person("王芳", wife, unit="新单位"), person("李四", other)])
    result = import_register(office_db, clerk, read_register(path), today=TODAY)
    assert [d.name for d in result.imported] == ["李四"]
    [rejected] = result.rejected
    assert rejected.row == 2 and saved.file_no in rejected.reason and "王芳" in rejected.reason
    assert result.new_units == []  # the refused row's new unit was not added
    out = write_rejected(result.as_read(read_register(path)), tmp_path / "退回.xlsx")
    sheet = load_workbook(out).active
    assert sheet is not None
    cells = [c.value for c in sheet[2]]
    assert "王芳" in cells and wife in cells and 2 in cells


def test_rows_without_category_or_cause_are_rejected_in_words(office_db: Database, clerk: SessionUser,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "e.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["姓名", "身份证号", "困难类别"])
    ws.append(["张三", GOOD_ID, "深度困难"])
    wb.save(path)
    result = import_register(office_db, clerk, read_register(path), today=TODAY)
    assert result.imported == [] and "致困原因为空" in result.rejected[0].reason


def test_only_a_clerk_imports(office_db: Database, admin: SessionUser, messy: tuple[Path, Any]) -> None:
    reviewer = dataclasses.replace(admin, roles=frozenset({Role.REVIEWER}))
    with pytest.raises(PermissionDenied):
        import_register(office_db, reviewer, read_register(messy[0]))


def test_a_failure_part_way_leaves_the_database_as_it_was(office_db: Database, clerk: SessionUser,
                                                          messy: tuple[Path, Any],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ = messy
    read = read_register(path)
    before = state(office_db)
    real_values, real_insert = worker_files.file_values, worker_import.bulk_insert
    calls = 0

    def power_cut(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise OSError("磁盘已拔出")
        return real_values(*args)

    monkeypatch.setattr(worker_files, "file_values", power_cut)  # part-way through the rows
    with pytest.raises(OSError):
        import_register(office_db, clerk, read, today=TODAY)
    assert state(office_db) == before
    monkeypatch.setattr(worker_files, "file_values", real_values)
    inserts = 0

    def cut_after_the_files(*args: Any) -> None:
        nonlocal inserts
        inserts += 1
        if inserts == 2:  # the files are in; their causes are not
            raise OSError("断电")
        real_insert(*args)

    monkeypatch.setattr(worker_import, "bulk_insert", cut_after_the_files)
    with pytest.raises(OSError):
        import_register(office_db, clerk, read, today=TODAY)
    assert inserts == 2 and state(office_db) == before
    monkeypatch.setattr(worker_import, "bulk_insert", real_insert)
    with pytest.raises(ReadCancelled):
        import_register(office_db, clerk, dataclasses.replace(read, rows=many_rows(450)),
                        today=TODAY, is_cancelled=lambda: True)
    assert state(office_db) == before


# --- registers written for the tests ---------------------------------------------------------------

COLUMNS = ["姓名", "身份证号", "联系电话", "工作单位", "困难类别", "致困原因"]


def person(name: str, number: str, phone: str = "", unit: str = "", category: str = "深度困难",
           cause: str = "患重特大疾病") -> list[Any]:
    return [name, number, phone or None, unit or None, category, cause]


def register(path: Path, rows: list[list[Any]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(COLUMNS)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def many_rows(count: int) -> list[Any]:
    from songnuan_desktop.documents.register_reader import RegisterRow

    return [RegisterRow(i + 2, {"name": "张三", "id_number": make_id("19800101", i + 1), "category": "深度困难",
                                "causes": ("下岗失业",)}, []) for i in range(count)]


# --- random sheets: never a crash, never a partial import --------------------------------------------

CELLS = st.one_of(
    st.none(), st.integers(-10**18, 10**18), st.floats(allow_nan=True, allow_infinity=False),
    st.text(max_size=12), st.sampled_from(["深度困难", "相对困难", "特困", "因病", "3人", "2000元", "合计", "说明：",
                                           GOOD_ID, X_ID.lower(), "13812345678", "=SUM(A1)", "农机站"]),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELLS, min_size=0, max_size=len(HEADER)), max_size=12), seed=st.integers(0, 9))
def test_random_sheets_never_crash_and_never_write_part_of_an_import(
        office_db: Database, clerk: SessionUser, tmp_path: Path, rows: list[list[Any]], seed: int) -> None:
    path = tmp_path / f"random-{seed}.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(random.Random(seed).sample(COLUMNS, k=len(COLUMNS)))
    for row in rows:
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row])
    wb.save(path)
    before = state(office_db)
    read = read_register(path)
    result = import_register(office_db, clerk, read, today=TODAY)
    after = state(office_db)
    made = len(result.imported) + len(result.updated)
    assert len(after[0]) == len(before[0]) + len(result.imported)
    assert made + len(result.unchanged) + len(result.kept) + len(result.rejected) == len(read.rows) + len(
        read.rejected)
    assert after[2] > before[2]  # at least the import's own audit entry
    if made == 0:
        assert after[0] == before[0]


def test_an_import_refuses_nothing_silently(office_db: Database, clerk: SessionUser, tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed):
        read_register(tmp_path / "不存在.xlsx")


def test_a_file_written_in_bulk_is_the_file_the_form_would_save(office_db: Database, clerk: SessionUser,
                                                                tmp_path: Path) -> None:
    path = register(tmp_path / "f.xlsx", [person("张三", GOOD_ID, phone="13812345678", cause="因病、子女上学")])
    read = read_register(path)
    by_form = worker_files.create(office_db, clerk, worker_import._input_of(read.rows[0].values, None),
                                  today=TODAY)
    worker_files.close(office_db, clerk, by_form.id, "注销", "核查不符", on=TODAY)
    [imported] = import_register(office_db, clerk, read, today=TODAY).imported
    skip = {"id", "file_no", "status", "exit_date", "exit_reason", "exit_note", "created_at", "updated_at",
            "row_version"}
    with office_db.read() as session:
        one, two = (session.scalars(select(WorkerFile).where(WorkerFile.file_no == no)).one()
                    for no in (by_form.file_no, imported.file_no))
        columns = [c.key for c in WorkerFile.__table__.columns if c.key not in skip]
        assert {k: getattr(one, k) for k in columns} == {k: getattr(two, k) for k in columns}
        assert [(c.position, c.cause, c.text) for c in one.causes] == [(c.position, c.cause, c.text)
                                                                     for c in two.causes]
        assert two.row_version == 1 and len(two.causes) == 2
    assert verify_chain(office_db).ok


def test_a_dry_run_tells_exactly_what_the_import_would_do_and_writes_nothing(
        office_db: Database, clerk: SessionUser, messy: tuple[Path, Any]) -> None:
    path, _ = messy
    before = state(office_db)
    tried = import_register(office_db, clerk, read_register(path), today=TODAY, dry_run=True)
    assert state(office_db) == before
    done = import_register(office_db, clerk, read_register(path), today=TODAY)
    assert tried.summary() == done.summary() and tried.warnings == done.warnings


def test_a_repeated_person_in_rows_given_without_the_reader_is_refused_not_a_crash(
        office_db: Database, clerk: SessionUser, messy: tuple[Path, Any]) -> None:
    """The reader refuses a second row with the same ID; a RegisterRead built by other code (an import of another
    system's rows) may not: the import refuses the repeat in the reader's words instead of failing an assertion
    (the repeat's file is not in the database yet, only in the batch)."""
    path, expected = messy
    read = read_register(path)
    first = read.rows[0]
    twice = dataclasses.replace(read, rows=[*read.rows, dataclasses.replace(first, row=999)])
    result = import_register(office_db, clerk, twice, today=TODAY)
    assert sorted(d.row for d in result.imported) == sorted(expected.valid)
    refused = [r for r in result.rejected if r.row == 999]
    assert len(refused) == 1 and refused[0].reason.startswith(f"与第{first.row}行是同一人")
