"""The printable 困难职工档案表: read back with pypdf — content, masking per role, page flow, audit entry."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader
from sqlalchemy import select

from songnuan_desktop.documents import file_sheet as layout
from songnuan_desktop.documents.glyphs import MissingGlyphs
from songnuan_desktop.domain.errors import NotFound, ValidationFailed
from songnuan_desktop.domain.ids import mask_card, mask_id
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import AuditEntry, User, WorkerFile
from songnuan_desktop.services.access import auth, users
from songnuan_desktop.services.files import worker_files
from songnuan_desktop.services.files.eligibility import judge_file
from songnuan_desktop.services.files.file_sheet import ACTION, export_file_sheet, find_file_id
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.files.worker_files import FileInput, IncomeInput, MemberInput
from tests.demo_offices import DemoOffices
from tests.services.files.test_worker_files import CARD, HEAD, SON, WIFE, make_id

RELATIONS = ("配偶", "子", "女", "父亲", "母亲", "孙子女", "孙子女", "兄弟姐妹", "兄弟姐妹", "其他", "其他", "其他")


def _cn(i: int) -> str:
    """A member's number as a name may hold it (no digits): 01 → 〇一."""
    return f"{i:02d}".translate(str.maketrans("0123456789", "〇一二三四五六七八九"))


@pytest.fixture
def clerk(office_db: Database, admin: SessionUser) -> SessionUser:
    users.create_user(office_db, admin, "jingban", "李经办", "Jingban2024", frozenset({Role.CLERK}))
    return auth.login(office_db, "jingban", "Jingban2024")


def household(**changes: object) -> FileInput:
    base = FileInput(
        name="张三", id_number=HEAD, category="意外致困", phone="13808551234", address="旧州镇东街12号",
        causes=("患重特大疾病", "子女上学"), bank_name="中国农业银行", bank_branch="黄平县支行", bank_card=CARD,
        members=(MemberInput("李梅", "配偶", WIFE, monthly_income_fen=120_000),
                 MemberInput("张小明", "子", SON, identity="学生", unit_or_school="旧州中学")),
        incomes=(IncomeInput("expense", "医疗", 1_200_000, "住院自付"),), monthly_income_fen=600_000,
        situation="本人患恶性肿瘤住院治疗，医疗费用自付部分较多；配偶在超市务工，收入不稳定。",
        hardship_event_date=dt.date(dt.date.today().year, 1, 1), medical_selfpaid_fen=1_200_000,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def text_of(path: Path) -> str:
    """All pages' text without white space (pypdf breaks lines where the PDF wraps them)."""
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(str(path)).pages))


def test_a_clerk_prints_the_file_in_full_and_the_print_is_logged(office_db: Database, clerk: SessionUser,
                                                                 tmp_path: Path) -> None:
    saved = worker_files.create(office_db, clerk, household())
    out = export_file_sheet(office_db, clerk, saved.id, tmp_path / "sheet.pdf")
    text = text_of(out)
    assert out == tmp_path / "sheet.pdf" and len(PdfReader(str(out)).pages) == 1
    for expected in ("困难职工档案表", "旧州镇总工会", saved.file_no, "张三", "李梅", "张小明", "旧州中学", HEAD, WIFE,
                     CARD, "13808551234", "1980年1月1日", "患重特大疾病", "子女上学", "住院自付", "申请人签字",
                     "基层工会意见（盖章）", "乡镇（街道）工会审核意见（盖章）"):
        assert expected in text, expected
    judged = judge_file(office_db, saved.id)
    assert judged.category == "意外致困"
    assert re.sub(r"\s+", "", judged.sentences[0]) in text  # the eligibility sentence, wrapped or not
    with office_db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == ACTION)).one()
    after = json.loads(entry.after_json or "{}")
    assert (entry.user_id, entry.entity, entry.entity_id) == (clerk.id, "worker_files", str(saved.id))
    assert after["file_no"] == saved.file_no and after["full_numbers"] is True and after["purpose"]
    assert after["path"] == str(out) and after["pages"] == 1


def test_a_role_that_may_not_see_numbers_gets_them_masked(office_db: Database, clerk: SessionUser,
                                                          admin: SessionUser, tmp_path: Path) -> None:
    saved = worker_files.create(office_db, clerk, household())
    text = text_of(export_file_sheet(office_db, admin, saved.id, tmp_path / "masked.pdf"))
    assert mask_id(HEAD) in text and mask_id(WIFE) in text and mask_card(CARD).replace(" ", "") in text
    for secret in (HEAD, WIFE, SON, CARD, "13808551234", "1980年1月1日", "1982年3月5日", "1982.03.05"):
        assert secret not in text, secret
    assert "138****1234" in text and "1980年" in text  # the birth year alone: a full date would unmask the ID
    with office_db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == ACTION)).one()
    assert json.loads(entry.after_json or "{}")["full_numbers"] is False and entry.user_id == admin.id


def big_household() -> FileInput:
    members = tuple(
        MemberInput(f"成员{_cn(i)}", RELATIONS[i - 1],
                    make_id(f"19{50 + i:02d}0101", f"{100 + i:03d}"), identity="无业",
                    unit_or_school="黄平县旧州镇某某村民委员会第十二村民小组", note="长期患病卧床，需人照料")
        for i in range(1, 13))
    sentence = "家中老人长期卧床，子女尚在读书，本人因病无法正常工作，家庭收入主要依靠亲戚接济和零星务工收入；"
    situation = (sentence * 60)[:2000]
    return household(members=members, situation=situation, causes=("患重特大疾病",))


def test_twelve_members_and_a_long_situation_flow_onto_more_pages_inside_the_page(
        office_db: Database, clerk: SessionUser, tmp_path: Path) -> None:
    saved = worker_files.create(office_db, clerk, big_household())
    out = export_file_sheet(office_db, clerk, saved.id, tmp_path / "long.pdf")
    reader = PdfReader(str(out))
    assert len(reader.pages) >= 2
    text = text_of(out)
    assert all(f"成员{_cn(i)}" in text for i in range(1, 13))
    pieces = layout._chunks(big_household().situation)  # a box row each; a page may break between them
    assert "".join(pieces) == big_household().situation
    assert all(re.sub(r"\s+", "", piece) in text for piece in pieces)  # every character, none cut off
    assert f"第1页共{len(reader.pages)}页" in text and "困难职工档案表（续）" in text
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        placed = text_origins(page)
        assert placed, f"page {number} has no text"
        for x, y, t in placed:  # every line starts inside the margins, on the page
            assert layout.MARGIN_X - 1 <= x <= width - layout.MARGIN_X and 0 < y < height, (number, x, y, t)


def text_origins(page: PageObject) -> list[tuple[float, float, str]]:
    """Where each run of text starts on the page: its text matrix through the current transformation."""
    spots: list[tuple[float, float, str]] = []

    def seen(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        x, y = tm[4], tm[5]
        spots.append((x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5], text))

    page.extract_text(visitor_text=seen)
    return [(x, y, t) for x, y, t in spots if t.strip()]


def test_the_sheet_chunks_keep_every_character() -> None:
    text = "甲" * 500 + "。乙；" + "丙" * 30
    pieces = layout._chunks(text)
    assert "".join(pieces) == text and max(len(p) for p in pieces) <= 2 * layout.CHUNK


def test_refused_without_a_folder_and_for_unknown_files(office_db: Database, clerk: SessionUser,
                                                        tmp_path: Path) -> None:
    saved = worker_files.create(office_db, clerk, household())
    with pytest.raises(ValidationFailed, match="保存位置不存在"):
        export_file_sheet(office_db, clerk, saved.id, tmp_path / "no-such-folder" / "x.pdf")
    with pytest.raises(NotFound):
        export_file_sheet(office_db, clerk, uuid.uuid4(), tmp_path / "x.pdf")
    assert find_file_id(office_db, clerk, saved.file_no) == saved.id
    with pytest.raises(NotFound, match="DA-1999-9999"):
        find_file_id(office_db, clerk, "DA-1999-9999")
    assert list(tmp_path.glob("*.pdf*")) == []  # nothing half-written


PDFTOTEXT = shutil.which("pdftotext")
HANAZONO = Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf")
EXT_H = "\U00031350"  # CJK Extension H (Unicode 15): in no font of this machine
ISO_DAY = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{4}\.\d{1,2}\.\d{1,2}|\d{4}/\d{1,2}/\d{1,2}")
PADDED = re.compile(r"年0\d月|月0\d日")


def layout_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_every_date_in_one_style(office_db: Database, clerk: SessionUser, tmp_path: Path) -> None:
    """Issue 14 item 7: 1980年1月1日 for the head, 1982年3月5日 for a member (was 1982.03.05), the print time
    2026年12月5日 14:05 (was 2026年12月05日): no ISO or dotted date, no zero padding anywhere."""
    saved = worker_files.create(office_db, clerk, household(filed_date=dt.date(2024, 3, 7)))
    out = export_file_sheet(office_db, clerk, saved.id, tmp_path / "sheet.pdf")
    text = text_of(out)
    today = dt.date.today()
    for expected in ("1980年1月1日", "1982年3月5日", "2008年7月10日", "2024年3月7日",
                     f"{today.year}年{today.month}月{today.day}日"):
        assert expected in text, expected
    assert ISO_DAY.findall(text) == [] and PADDED.findall(text) == [], text


def test_an_exited_file_says_so_and_is_judged_as_on_its_exit_day(office_db: Database, clerk: SessionUser,
                                                                 tmp_path: Path) -> None:
    saved = worker_files.create(office_db, clerk, household(filed_date=dt.date(2024, 3, 7)))
    exit_day = dt.date.today() - dt.timedelta(days=40)
    worker_files.close(office_db, clerk, saved.id, "脱困", "已脱困", "家庭收入增加，人均收入超过认定标准", on=exit_day)
    text = text_of(export_file_sheet(office_db, clerk, saved.id, tmp_path / "exited.pdf"))
    exit_text = f"{exit_day.year}年{exit_day.month}月{exit_day.day}日"
    assert f"本档案已于{exit_text}脱困，退出原因：已脱困（家庭收入增加，人均收入超过认定标准）" in text
    assert text.index("本档案已于") < text.index("一、户主基本情况")  # at the top, before the file itself
    assert "退出时的认定" in text and f"（{exit_text}按当时有效的认定标准计算）" in text
    today = dt.date.today()
    assert f"（{today.year}年{today.month}月{today.day}日按当时有效的认定标准计算）" not in text  # not today's
    current = worker_files.create(office_db, clerk, household(name="李四", id_number=make_id("19810101", "031"),
                                                              members=()))
    assert "本档案已" not in text_of(export_file_sheet(office_db, clerk, current.id, tmp_path / "current.pdf"))


@pytest.mark.skipif(not HANAZONO.is_file() or PDFTOTEXT is None,
                    reason="fonts-hanazono or pdftotext is not installed (.ci/run installs them)")
def test_rare_characters_of_names_are_drawn_and_found(office_db: Database, clerk: SessionUser,
                                                      tmp_path: Path) -> None:
    """Issue 15 item 4: a head named 王䶮 (Ext A), members 李𠮷 and 张𪚥 (Ext B) on the 档案表."""
    rare = household(name="王䶮", members=(MemberInput("李𠮷", "配偶", WIFE, monthly_income_fen=120_000),
                                           MemberInput("张𪚥", "子", SON, identity="学生")))
    saved = worker_files.create(office_db, clerk, rare)
    out = export_file_sheet(office_db, clerk, saved.id, tmp_path / "rare.pdf")
    text = layout_text(out)
    assert all(name in text for name in ("王䶮", "李𠮷", "张𪚥")), text


def test_a_character_no_font_has_refuses_the_sheet_naming_person_and_field(office_db: Database, clerk: SessionUser,
                                                                           tmp_path: Path) -> None:
    saved = worker_files.create(office_db, clerk, household(
        members=(MemberInput(f"李{EXT_H}", "配偶", WIFE),)))
    with pytest.raises(MissingGlyphs) as refused:
        export_file_sheet(office_db, clerk, saved.id, tmp_path / "refused.pdf")
    message = refused.value.message
    assert f"档案 {saved.file_no} 家庭成员 李{EXT_H}的姓名" in message and "U+31350" in message, message
    assert list(tmp_path.glob("*.pdf*")) == []  # nothing written, not even half


FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:元|%|％)")


@pytest.fixture(scope="module")
def demo(demo_offices: DemoOffices, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = demo_offices.file(tmp_path_factory.mktemp("file-sheet-demo") / "demo.db", workers=300, seed=11)
    db = open_database("sqlite:///" + str(path))
    yield db
    db.close()


def test_the_demo_stores_no_figure_in_its_situation_text(demo: Database, tmp_path: Path) -> None:
    """Issue 14 item 7: the 困难情况 prose said 月人均收入703.96元 / 200% where the sheet computes 703.97 / 199.7 %.
    The figures are computed on every paper; the stored prose carries none. An exited demo file's sheet says
    it exited, and when."""
    with demo.read() as session:
        texts = list(session.execute(select(WorkerFile.file_no, WorkerFile.situation)).all())
        exited = session.execute(select(WorkerFile.id, WorkerFile.exit_date, WorkerFile.status)
                                 .where(WorkerFile.status.in_(("解困", "脱困", "注销"))).limit(1)).one()
    assert len(texts) >= 300
    assert [(no, text) for no, text in texts if FIGURE.search(text or "")] == []
    with demo.read() as session:
        office_user = session.scalars(select(User).where(User.username == "jingban")).one()
        clerk = SessionUser(office_user.id, office_user.username, office_user.display_name, office_user.office_id,
                            frozenset(Role(r) for r in office_user.role_codes))
    text = text_of(export_file_sheet(demo, clerk, exited.id, tmp_path / "exited.pdf"))
    day = exited.exit_date
    assert f"本档案已于{day.year}年{day.month}月{day.day}日{exited.status}" in text
