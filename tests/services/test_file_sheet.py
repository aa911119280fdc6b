"""The printable 困难职工档案表: read back with pypdf — content, masking per role, page flow, audit entry."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import uuid
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader
from sqlalchemy import select

from songnuan_desktop.documents import file_sheet as layout
from songnuan_desktop.domain.errors import NotFound, ValidationFailed
from songnuan_desktop.domain.ids import mask_card, mask_id
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry
from songnuan_desktop.services import auth, users, worker_files
from songnuan_desktop.services.eligibility import judge_file
from songnuan_desktop.services.file_sheet import ACTION, export_file_sheet, find_file_id
from songnuan_desktop.services.session_user import SessionUser
from songnuan_desktop.services.worker_files import FileInput, IncomeInput, MemberInput
from tests.services.test_worker_files import CARD, HEAD, SON, WIFE, make_id

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
    for secret in (HEAD, WIFE, SON, CARD, "13808551234", "1980年1月1日", "1982.03.05"):
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
