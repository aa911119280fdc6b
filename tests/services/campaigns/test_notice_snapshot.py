"""A posted notice is a snapshot (issue 14 item 3): kept when the notice starts; a reprint after two
rejections is the posted notice row for row, marked 重印 with the day and who; 公示结果 lists the names
removed and why; a notice from before the snapshots (a database upgraded from 0015) is remade and says so."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
import uuid
from pathlib import Path
from unittest import mock

import pytest
from alembic import command
from sqlalchemy import delete, inspect, select

from songnuan_desktop.documents.notice_text import from_json
from songnuan_desktop.domain.ids import mask_id
from songnuan_desktop.exchange import crypto
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.migrate import alembic_config, current_revision, head_revision
from songnuan_desktop.persistence.models import AssistanceItem, AuditEntry, ItemTransition, WorkerFile
from songnuan_desktop.persistence.models_notices import NoticeSnapshot
from songnuan_desktop.services.campaigns import assistance, notices, transitions
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.county.county_merge import merge_packages
from songnuan_desktop.demo.county import DEMO_PASSPHRASE, register_package_keys
from songnuan_desktop.services.campaigns.notice_print import ACTION, RESULT, export_notice
from songnuan_desktop.services.exchange.package_export import export_package
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.files.worker_files import MemberInput
from tests.demo_offices import DemoOffices
from tests.services.campaigns.assistance_helpers import TODAY, Staff, make_campaign, make_file, staff

S = ItemState
POSTED_ON = dt.date(2026, 1, 5)  # a Monday; 5 working days end on Friday the 9th
REPRINTED_ON = dt.date(2026, 12, 6)
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


@pytest.fixture
def office(office_db: Database, admin: SessionUser) -> Staff:
    return staff(office_db, admin)


def noticed(office: Staff, count: int, kind: str = "送温暖",
            **file_changes: object) -> tuple[uuid.UUID, list[uuid.UUID]]:
    db = office.db
    campaign_id = make_campaign(db, office.clerk, kind=kind, name=f"2026年{kind}")
    files = [make_file(db, office.clerk, n, **file_changes) for n in range(count)]  # type: ignore[arg-type]
    ids = [p.item_id for p in assistance.propose(db, office.clerk, campaign_id, files, today=TODAY).proposed]
    transitions.transition(db, office.clerk, ids, S.SUBMITTED, today=TODAY)
    transitions.transition(db, office.reviewer, ids, S.REVIEWED, today=TODAY)
    notices.start_notice(db, office.reviewer, campaign_id, ids, "镇政务公开栏", "潘国强 0855-2461234",
                         start_date=POSTED_ON)
    return campaign_id, ids


def pdftotext(path: Path, layout: bool = True) -> str:
    return subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def listed_rows(text: str) -> list[tuple[int, str]]:
    """(序号, masked ID) of each table row read back, in the order printed."""
    return [(int(m.group(1)), m.group(2)) for m in
            re.finditer(r"^\s*(\d+)\s.*?(\d{6}\*{8}[\dX]{4})\s*$", text, flags=re.M)]


def test_starting_a_notice_keeps_what_it_posts(office: Staff) -> None:
    campaign_id, ids = noticed(office, 4)
    with office.db.read() as session:
        snap = session.scalars(select(NoticeSnapshot)).one()
        files = session.execute(select(AssistanceItem.id, WorkerFile.name, WorkerFile.id_number,
                                       AssistanceItem.amount_fen)
                                .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)).all()
        comments = set(session.scalars(select(ItemTransition.comment).where(ItemTransition.to_state == "in_notice")))
        audited = session.scalars(select(AuditEntry.after_json).where(AuditEntry.entity == "notice_snapshots")).one()
    doc, item_ids = from_json(snap.document_json)
    assert snap.sha256 == hashlib.sha256(snap.document_json.encode()).hexdigest()
    assert (snap.row_count, snap.total_fen, len(doc.rows)) == (4, sum(f.amount_fen for f in files), 4)
    assert snap.period == "2026年1月5日至2026年1月9日" and doc.issued_on == "2026年1月5日"
    assert "拟对以下 4 名困难职工" in snap.text and doc.opening == snap.text and "视为无异议" in doc.objection
    by_item = {str(f.id): f for f in files}
    assert set(item_ids) == {str(i) for i in ids}
    for row, item_id in zip(doc.rows, item_ids, strict=True):
        f = by_item[item_id]
        assert (row.name, row.amount_fen, row.id_number) == (f.name, f.amount_fen, mask_id(f.id_number))
        assert f.id_number not in snap.document_json  # only the masked number is kept
    assert json.loads(audited)["sha256"] == snap.sha256  # the snapshot is in the hash-chained audit log
    assert comments == {"公示 2026年1月5日至1月9日（5 个工作日），镇政务公开栏"}  # no ISO date (issue 14 item 3)


@needs_poppler
def test_a_reprint_after_two_rejections_is_the_posted_notice_and_the_result_names_the_two(
        office: Staff, tmp_path: Path) -> None:
    campaign_id, ids = noticed(office, 12)
    after = dt.date(2026, 1, 12)
    transitions.transition(office.db, office.approver, ids[:2], S.REJECTED, "经入户核查，家庭收入超过困难标准",
                           today=after)
    transitions.transition(office.db, office.approver, ids[2:], S.APPROVED, today=after)
    with office.db.read() as session:
        posted, _ids = from_json(session.scalars(select(NoticeSnapshot)).one().document_json)
        rejected = set(session.scalars(select(WorkerFile.name).join(AssistanceItem).where(
            AssistanceItem.id.in_(ids[:2]))))

    pdf = export_notice(office.db, office.clerk, campaign_id, tmp_path / "重印.pdf", today=REPRINTED_ON)
    reprint = pdftotext(pdf)
    assert listed_rows(reprint) == [(n, row.id_number) for n, row in enumerate(posted.rows, start=1)]
    text = flat(reprint)
    assert all(row.name in flat(pdftotext(pdf, layout=False)) for row in posted.rows)
    assert rejected <= {r.name for r in posted.rows}
    assert "拟对以下12名困难职工" in text and "共12人" in text
    assert "重印件" in text and "2026年12月6日由吴晓燕重印" in text and "2026年1月5日张贴的公示原件" in text
    assert text.count("2026年1月5日") >= 2  # the original date stays on the seal line

    result = pdftotext(export_notice(office.db, office.clerk, campaign_id, tmp_path / "结果.pdf", paper=RESULT,
                                     today=REPRINTED_ON))
    body, removed = result.split("的人员及原因")  # 表二's heading
    assert "公示结果" in flat(result) and "拟帮扶对象12名进行了公示" in flat(result)
    assert len(listed_rows(body)) == 10 and "共10人" in flat(body)
    assert all(name not in flat(body) for name in rejected)
    plain = flat(pdftotext(tmp_path / "结果.pdf", layout=False).split("的人员及原因")[1])
    assert all(name in plain for name in rejected) and flat(removed).count("未予批准") == 2
    assert "家庭收入超过困难标准" in plain and "2026年12月6日" in flat(result)
    with office.db.read() as session:
        papers = [json.loads(a) for a in session.scalars(
            select(AuditEntry.after_json).where(AuditEntry.action == ACTION).order_by(AuditEntry.seq))]
    assert [(p["paper"], p.get("copy"), p["rows"]) for p in papers] == [("posted", "reprint", 12), ("result", None, 10)]


@needs_poppler
def test_the_result_tells_an_objection_and_a_return_to_review(office: Staff, tmp_path: Path) -> None:
    campaign_id, ids = noticed(office, 3)
    open_one = notices.record_objection(office.db, office.reviewer, ids[0], "村民李某", "家中有营运车辆",
                                        raised_on=dt.date(2026, 1, 6))
    notices.record_objection(office.db, office.reviewer, ids[1], "村民张某", "已在外地务工",
                             raised_on=dt.date(2026, 1, 6))
    second = notices.objections_of(office.db, ids[1])[0]
    notices.resolve_objection(office.db, office.reviewer, second.id, "经入户核查，异议不成立",
                              resolved_on=dt.date(2026, 1, 8))
    assert open_one.outcome == ""
    text = flat(pdftotext(export_notice(office.db, office.clerk, campaign_id, tmp_path / "r.pdf", paper=RESULT,
                                        today=dt.date(2026, 1, 12)), layout=False))
    assert "异议核查中" in text and "重新审核" in text and "经入户核查，异议不成立" in text
    assert "村民李某" not in text and "村民张某" not in text  # who objected stays confidential


@needs_poppler
def test_a_student_aid_notice_names_the_student_and_school(office: Staff, tmp_path: Path) -> None:
    child = MemberInput(name="杨小梅", relation="女", identity="学生", unit_or_school="黄平县民族中学高中部")
    campaign_id, _ids = noticed(office, 1, kind="金秋助学", members=(child,))
    text = flat(pdftotext(export_notice(office.db, office.clerk, campaign_id, tmp_path / "j.pdf", today=POSTED_ON),
                          layout=False))
    assert "学生姓名" in text and "杨小梅" in text and "黄平县民族中学高中部（高中）" in text
    assert "重印" not in text  # printed on its first day: the paper to post


@needs_poppler
def test_a_notice_from_before_the_snapshots_is_remade_and_says_so_after_the_upgrade(
        office: Staff, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if office.db.engine.dialect.name != "sqlite":
        pytest.skip("the downgrade to 0015 is run on a SQLite file")
    campaign_id, ids = noticed(office, 3)
    transitions.transition(office.db, office.approver, ids[:1], S.REJECTED, "不符合条件", today=dt.date(2026, 1, 12))
    with office.db.write(office.admin.actor) as session:
        session.execute(delete(NoticeSnapshot))
    url = office.db.engine.url.render_as_string(hide_password=False)
    cfg = alembic_config()
    with office.db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0015")
    office.db.close()
    assert "notice_snapshots" not in inspect(office.db.engine).get_table_names()

    db = open_database(url)  # an older program's file: backed up and upgraded on open
    request.addfinalizer(db.close)
    assert db.upgrade_result is not None and db.upgrade_result.before == "0015"
    assert current_revision(db.engine) == head_revision()
    text = flat(pdftotext(export_notice(db, office.clerk, campaign_id, tmp_path / "old.pdf", today=REPRINTED_ON)))
    assert "据现有数据重制，非原件" in text and "重印件" in text and "拟对以下3名" in text  # the rejected one too


def test_the_posted_notice_travels_to_the_county_in_the_package(office: Staff, tmp_path: Path,
                                                                 demo_offices: DemoOffices) -> None:
    if office.db.engine.dialect.name != "sqlite":
        pytest.skip("one dialect is enough for the package's table list")
    noticed(office, 2)
    with office.db.read() as session:
        posted = session.scalars(select(NoticeSnapshot)).one()
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        (tmp_path / "out").mkdir()
        package = export_package(office.db, office.clerk, tmp_path / "out", DEMO_PASSPHRASE)
        assert package.row_counts["notice_snapshots"] == 1
        county = open_database(f"sqlite:///{demo_offices.county_office_file(tmp_path / 'county.db')}")
        try:  # set_up_county's county
            xianzong = auth.login(county, "xianzong", "songnuan2026")
            register_package_keys(county, xianzong, [package.path])
            merge_packages(county, xianzong, [package.path], DEMO_PASSPHRASE)
            with county.read() as session:
                arrived = session.scalars(select(NoticeSnapshot)).one()
        finally:
            county.close()
    assert (arrived.notice_id, arrived.sha256, arrived.document_json) == (posted.notice_id, posted.sha256,
                                                                          posted.document_json)
