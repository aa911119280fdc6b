"""Data rows against their audit history (services.audit.audit_replay): the money fields of files, items and
vouchers changed through the program agree with the log; changed, removed or added with plain SQL they
are named by file or voucher number and field label, never by value."""

from __future__ import annotations

import dataclasses
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text
from stdnum import luhn
from stdnum.cn import ric

from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import AssistanceItem, WorkerFile
from songnuan_desktop.services.campaigns import assistance
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.payouts import vouchers
from songnuan_desktop.services.files import worker_files
from songnuan_desktop.services.audit.audit_replay import CHANGED, UNRECORDED, VANISHED, replay_check
from songnuan_desktop.services.office.session_user import SessionUser
from tests.demo_offices import DemoOffices

PASSWORD = "songnuan2026"
HEAD = "522622197007079870"
HEAD = HEAD[:17] + ric.calc_check_digit(HEAD[:17] + "0")
CARD = "622848000000000012"
CARD = CARD + luhn.calc_check_digit(CARD)
OTHER_CARD = "6228480000000000999"


@dataclasses.dataclass(frozen=True)
class Office:
    db: Database
    clerk: SessionUser
    file_no: str  # a file created through the program
    item_id: object  # an item whose amount was changed through the program
    voucher_numbers: tuple[str, ...]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Path:
    path = demo_offices.file(tmp_path_factory.mktemp("demo") / "demo.db", workers=60, seed=3)
    db = open_database(f"sqlite:///{path}")
    clerk = auth.login(db, "jingban", PASSWORD)
    worker_files.create(db, clerk, worker_files.FileInput(
        name="杨再兴", id_number=HEAD, category="相对困难", phone="13808551234", causes=("患重特大疾病",),
        bank_name="中国农业银行", bank_card=CARD))
    with db.read() as session:
        draft = session.scalars(select(AssistanceItem).where(AssistanceItem.state == "draft")).first()
        assert draft is not None
        item_id, amount = draft.id, draft.amount_fen
    assistance.change_item(db, clerk, item_id, "按标准调整", amount_fen=amount + 10_000)
    vouchers.print_vouchers(db, clerk, "2026年金秋助学", path.parent / "凭证.pdf")
    db.close()
    return path


@pytest.fixture
def office(demo_file: Path, tmp_path: Path) -> Iterator[Office]:
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    db = open_database(f"sqlite:///{path}")
    with db.engine.connect() as conn:
        file_no = conn.execute(text("SELECT file_no FROM worker_files WHERE name = '杨再兴'")).scalar_one()
        item_id = conn.execute(text("SELECT entity_id FROM audit_log WHERE action = 'change_item'")).scalar_one()
        numbers = tuple(conn.execute(text("SELECT number FROM vouchers WHERE created_at > "
                                          "(SELECT at FROM audit_log WHERE action = 'demo_generate') "
                                          "ORDER BY number")).scalars())
    assert numbers
    yield Office(db, auth.login(db, "jingban", PASSWORD), file_no, item_id, numbers)
    db.close()


def _sql(db: Database, sql: str, **params: object) -> None:
    with db.engine.begin() as conn:
        conn.execute(text(sql), params)


def test_rows_written_through_the_program_agree_with_their_history(office: Office) -> None:
    report = replay_check(office.db)
    assert report.ok, [f.text for f in report.findings]
    # the new file, the changed item, the new vouchers (and the counters' vouchers' items' state updates)
    assert report.checked >= 1 + 1 + len(office.voucher_numbers)
    assert report.bulk_rows > 100 and "演示数据" in report.message


def test_a_card_changed_through_the_program_is_not_a_finding(office: Office) -> None:
    with office.db.read() as session:
        row = session.scalars(select(WorkerFile).where(WorkerFile.file_no == office.file_no)).one()
        data, version, file_id = worker_files.input_of(row), row.row_version, row.id
    worker_files.update(office.db, office.clerk, file_id, dataclasses.replace(data, bank_card=OTHER_CARD[:-1] +
                        luhn.calc_check_digit(OTHER_CARD[:-1])), version)
    assert replay_check(office.db).ok


def test_a_bank_card_changed_in_the_database_is_named_by_file_number(office: Office) -> None:
    _sql(office.db, "UPDATE worker_files SET bank_card = :c, bank_name = '某银行' WHERE file_no = :f",
         c=OTHER_CARD, f=office.file_no)
    report = replay_check(office.db)
    assert not report.ok and [(f.kind, f.record) for f in report.findings] == [(CHANGED, f"档案 {office.file_no}")]
    finding = report.findings[0]
    assert finding.fields == ("开户银行", "银行卡号")
    words = finding.text + report.message
    assert "在程序之外被改动" in words and OTHER_CARD not in words and CARD not in words and "某银行" not in words


def test_an_amount_and_a_state_changed_in_the_database_are_named(office: Office) -> None:
    _sql(office.db, "UPDATE assistance_items SET amount_fen = amount_fen * 10 WHERE id = :i",
         i=office.item_id.replace("-", ""))  # type: ignore[attr-defined]
    report = replay_check(office.db)
    assert [(f.kind, f.fields) for f in report.findings] == [(CHANGED, ("金额",))]
    assert report.findings[0].record.endswith("的帮扶名单项") and report.findings[0].record.startswith("档案 ")


def test_a_voucher_renumbered_voided_or_deleted_in_the_database_is_named(office: Office) -> None:
    first, *rest = office.voucher_numbers
    _sql(office.db, "UPDATE vouchers SET number = 'X-1' WHERE number = :n", n=first)
    if rest:
        _sql(office.db, "DELETE FROM vouchers WHERE number = :n", n=rest[-1])
    report = replay_check(office.db)
    found = {(f.kind, f.record, f.fields) for f in report.findings}
    assert (CHANGED, f"凭证 {first}", ("凭证号",)) in found
    if rest:
        assert (VANISHED, f"凭证 {rest[-1]}", ()) in found


def test_a_file_added_in_the_database_is_named_as_unrecorded(office: Office) -> None:
    with office.db.engine.begin() as conn:
        row = conn.execute(text("SELECT * FROM worker_files WHERE file_no = :f"),
                           {"f": office.file_no}).mappings().one()
        copy = {**row, "id": "0" * 31 + "1", "file_no": "DA-2099-9999", "id_number": "522622197001010011",
                "created_at": "2099-01-01 00:00:00.000000"}
        conn.execute(text(f"INSERT INTO worker_files ({', '.join(copy)}) VALUES ({', '.join(':' + k for k in copy)})"),
                     copy)
    report = replay_check(office.db)
    assert [(f.kind, f.record) for f in report.findings] == [(UNRECORDED, "档案 DA-2099-9999")]


def test_the_replay_of_a_demo_database_is_quick(office: Office) -> None:
    started = time.perf_counter()
    replay_check(office.db)
    assert time.perf_counter() - started < 2


def test_a_void_through_the_program_agrees_and_an_undone_void_is_named(office: Office) -> None:
    with office.db.engine.connect() as conn:
        voucher_id = conn.execute(text("SELECT id FROM vouchers WHERE number = :n"),
                                  {"n": office.voucher_numbers[0]}).scalar_one()
    vouchers.void_voucher(office.db, office.clerk, uuid.UUID(hex=str(voucher_id)), "金额填写错误，作废重开")
    assert replay_check(office.db).ok
    _sql(office.db, "UPDATE vouchers SET voided_at = NULL, void_reason = '' WHERE number = :n",
         n=office.voucher_numbers[0])
    report = replay_check(office.db)
    assert [(f.kind, f.record, f.fields) for f in report.findings] == [
        (CHANGED, f"凭证 {office.voucher_numbers[0]}", ("作废",))]
