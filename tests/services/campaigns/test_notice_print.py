"""The printed public notice (公示), read back with pypdf: what it shows, what it must never show,
its page flow, the notice it picks, and its audit entry. The demo's notices are posted with their snapshot,
so printing one now is a 重印件 of what was posted, rejected names included (tests/services/
test_notice_snapshot.py has the snapshot's own tests, and the remade print of a notice from before 0016)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import delete, select, update

from songnuan_desktop.domain.eligibility import yuan_text
from songnuan_desktop.domain.errors import NotFound, ValidationFailed
from songnuan_desktop.domain.ids import mask_id
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models_notices import NoticeSnapshot
from songnuan_desktop.persistence.models import (
    AssistanceItem, AuditEntry, Campaign, HouseholdMember, Notice, OrgUnit, WorkerFile,
)
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.campaigns.notice_print import ACTION, export_notice
from songnuan_desktop.services.office.session_user import SessionUser
from tests.demo_offices import DemoOffices

LAST_WINTER = "2026年元旦春节送温暖"  # closed: ~290 items, all through the notice, a few rejected since
THIS_WINTER = "2027年元旦春节送温暖"
HEADER = ("序号", "姓名", "工作单位", "困难类别", "帮扶项目", "金额（元）", "身份证号")
FULL_ID = re.compile(r"\d{17}[\dXx]|\d{15}")
CARD = re.compile(r"\d{16,19}")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Path:
    return demo_offices.file(tmp_path_factory.mktemp("notice") / "demo.db", workers=1000, seed=2)


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the demo office (tests add notices and audit entries)."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_file, copy)
    db = open_database("sqlite:///" + str(copy))
    yield db
    db.close()


@pytest.fixture
def clerk(demo: Database) -> SessionUser:
    return auth.login(demo, "jingban", "songnuan2026")


def pages_of(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a_300_row_notice_shows_the_list_and_nothing_else_personal(demo: Database, clerk: SessionUser,
                                                                    tmp_path: Path) -> None:
    out = export_notice(demo, clerk, LAST_WINTER, tmp_path / "公示.pdf")
    pages = pages_of(out)
    text = flat("".join(pages))
    with demo.read() as session:
        listed = session.execute(
            select(WorkerFile.name, OrgUnit.name, AssistanceItem.category, AssistanceItem.item_kind,
                   AssistanceItem.amount_fen, WorkerFile.id_number)
            .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
            .outerjoin(OrgUnit, OrgUnit.id == WorkerFile.work_unit_id)
            .join(Notice, Notice.id == AssistanceItem.notice_id)
            .join(Campaign, Campaign.id == Notice.campaign_id)
            .where(Campaign.name == LAST_WINTER)).all()
        households = session.execute(select(WorkerFile.id_number, WorkerFile.phone, WorkerFile.address,
                                            WorkerFile.bank_card)).all()
        members = session.execute(select(HouseholdMember.name, HouseholdMember.id_number)).all()
        notice = session.scalars(select(Notice).join(Campaign).where(Campaign.name == LAST_WINTER)).one()
    assert 250 <= len(listed) <= 320 and len(pages) >= 5
    for page in pages:  # the header repeats on every page, and every page is numbered
        assert all(h in flat(page) for h in HEADER)
        assert re.search(rf"第\d+页共{len(pages)}页", flat(page))
    assert "黄平县旧州镇总工会2026年元旦春节送温暖拟帮扶对象公示" in text
    for name, unit, category, kind, amount, id_number in listed:
        for shown in (name, unit or "", category, kind, yuan_text(amount), mask_id(id_number)):
            assert flat(shown) in text, shown
    assert f"共{len(listed)}人" in text and yuan_text(sum(r[4] for r in listed)) in text
    assert "公示期为2026年1月5日至2026年1月9日，共5个工作日" in text
    assert flat(notice.place) in text and flat(notice.contact) in text and "书面或电话" in text
    assert "（盖章）" in text and "注：" not in text  # 2026 is on the official calendar
    assert f"重印件：本件与2026年1月5日张贴的公示原件一致（共{len(listed)}名）" in text and "由吴晓燕重印" in text
    raw = "\n".join(pages)  # cells stay apart here; flattened, neighbouring numbers would run together
    assert not FULL_ID.search(raw) and not CARD.search(raw) and not MOBILE.search(raw)
    for id_number, phone, address, card in households:
        assert id_number not in text and (not phone or phone not in text)
        assert not address or flat(address) not in text, address
        assert not card or card not in text
    words = set("".join(pages).split())
    listed_names = {r[0] for r in listed}
    for name, id_number in members:
        assert not id_number or id_number not in text
        assert name in listed_names or name not in words, name


def test_the_print_is_logged_with_the_campaign_notice_and_rows(demo: Database, clerk: SessionUser,
                                                               tmp_path: Path) -> None:
    out = export_notice(demo, clerk, LAST_WINTER, tmp_path / "n.pdf")
    with demo.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == ACTION)).one()
        notice_id = session.scalar(select(Notice.id).join(Campaign).where(Campaign.name == LAST_WINTER))
        withdrawn = session.scalar(select(AssistanceItem.id).where(
            AssistanceItem.notice_id == notice_id, AssistanceItem.state == "rejected").limit(1))
    after = json.loads(entry.after_json or "{}")
    assert (entry.user_id, entry.entity, entry.entity_id) == (clerk.id, "notices", str(notice_id))
    assert after["campaign"] == LAST_WINTER and after["path"] == str(out) and after["rows"] > 250
    assert after["pages"] == len(pages_of(out)) and after["calendar"] == "国务院办公厅公布的安排"
    assert (after["paper"], after["copy"]) == ("posted", "reprint") and len(after["snapshot_sha256"]) == 64
    assert (after["withdrawn_since"] > 0) == (withdrawn is not None)


def test_the_latest_notice_by_default_and_any_by_id_with_the_estimate_said(demo: Database, clerk: SessionUser,
                                                                            tmp_path: Path) -> None:
    with demo.write(clerk.actor) as session:
        campaign = session.scalars(select(Campaign).where(Campaign.name == THIS_WINTER)).one()
        first = session.scalars(select(Notice).where(Notice.campaign_id == campaign.id)).one().id
        second = Notice(campaign_id=campaign.id, start_date=dt.date(2027, 1, 4), end_date=dt.date(2027, 1, 8),
                        working_days=5, place="镇政务公开栏", contact="镇总工会 0855-2461234",
                        started_by=clerk.id, origin_office_id=clerk.office_id)
        session.add(second)
        session.flush()
        moved = session.scalars(select(AssistanceItem).where(
            AssistanceItem.campaign_id == campaign.id, AssistanceItem.state == "reviewed").limit(3)).all()
        session.execute(update(AssistanceItem).where(AssistanceItem.id.in_([i.id for i in moved]))
                        .values(notice_id=second.id))
        campaign_id = second.campaign_id
    latest = flat("".join(pages_of(export_notice(demo, clerk, str(campaign_id), tmp_path / "latest.pdf"))))
    assert "2027年1月4日至2027年1月8日" in latest and "共3人" in latest
    assert "注：2027年的放假调休安排按法定节假日推算" in latest
    earlier = flat("".join(pages_of(export_notice(demo, clerk, THIS_WINTER, tmp_path / "first.pdf", first))))
    assert "2026年11月10日至2026年11月16日" in earlier and "注：" not in earlier
    with pytest.raises(NotFound):
        export_notice(demo, clerk, THIS_WINTER, tmp_path / "x.pdf", uuid.UUID(int=1))


def test_a_campaign_without_a_notice_or_unknown_is_refused_in_words(demo: Database, clerk: SessionUser,
                                                                    tmp_path: Path) -> None:
    with demo.write(clerk.actor) as session:
        campaign = session.scalars(select(Campaign).where(Campaign.name == THIS_WINTER)).one()
        session.execute(update(AssistanceItem).where(AssistanceItem.campaign_id == campaign.id)
                        .values(notice_id=None))
        notice = session.scalars(select(Notice).where(Notice.campaign_id == campaign.id)).one()
        session.execute(delete(NoticeSnapshot).where(NoticeSnapshot.notice_id == notice.id))
        session.delete(notice)
    with pytest.raises(ValidationFailed) as refused:
        export_notice(demo, clerk, THIS_WINTER, tmp_path / "none.pdf")
    assert "还没有开始公示" in refused.value.message and "审核人" in refused.value.message
    with pytest.raises(NotFound, match="找不到活动"):
        export_notice(demo, clerk, "2099年送温暖", tmp_path / "none.pdf")
    with pytest.raises(ValidationFailed, match="保存位置不存在"):
        export_notice(demo, clerk, LAST_WINTER, tmp_path / "no" / "such" / "n.pdf")
    assert not (tmp_path / "none.pdf").exists()
