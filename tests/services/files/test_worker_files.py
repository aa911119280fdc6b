"""Worker files through the service: checks in words, one active file per person, review and exit."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import select
from stdnum import luhn
from stdnum.cn import ric

from songnuan_desktop.domain.errors import PermissionDenied, ValidationFailed
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.models import AuditEntry, WorkerFile
from songnuan_desktop.services.access import auth, users
from songnuan_desktop.services.files import worker_files
from songnuan_desktop.services.files.worker_files import FileInput, IncomeInput, MemberInput


def make_id(birth: str, seq: str, region: str = "522622") -> str:
    body = region + birth + seq
    return body + ric.calc_check_digit(body + "0")


HEAD = make_id("19800101", "001")  # 男
WIFE = make_id("19820305", "002")  # 女
SON = make_id("20080710", "011")
CARD = "622202000000000000" + luhn.calc_check_digit("622202000000000000")
BAD_CARD = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)


@pytest.fixture
def clerk(office_db, admin):  # type: ignore[no-untyped-def]
    users.create_user(office_db, admin, "jingban", "李经办", "Jingban2024", frozenset({Role.CLERK}))
    return auth.login(office_db, "jingban", "Jingban2024")


def household(**changes) -> FileInput:  # type: ignore[no-untyped-def]
    base = FileInput(
        name="张三", id_number=HEAD.lower(), category="相对困难", phone="138 0855 1234",
        causes=("患重特大疾病", "子女上学"), bank_card=CARD,
        members=(MemberInput("李梅", "配偶", WIFE, monthly_income_fen=120_000),
                 MemberInput("张小明", "子", SON, identity="学生", unit_or_school="旧州中学")),
        incomes=(IncomeInput("expense", "医疗", 1_200_000),),
    )
    return dataclasses.replace(base, **changes)


def test_create_fills_derived_fields_and_audits(office_db, clerk) -> None:  # type: ignore[no-untyped-def]
    saved = worker_files.create(office_db, clerk, household(), today=dt.date(2026, 11, 23))
    assert saved.file_no == "DA-2026-0001" and saved.warnings == ()
    with office_db.read() as session:
        row = session.get(WorkerFile, saved.id)
        assert (row.sex, row.birth_date, row.name_pinyin, row.name_initials) == ("男", dt.date(1980, 1, 1),
                                                                                  "zhangsan", "zs")
        assert row.phone == "13808551234" and [m.name for m in row.members] == ["李梅", "张小明"]
        assert [c.cause for c in row.causes] == ["患重特大疾病", "子女上学"]
        logged = session.scalars(select(AuditEntry.entity).where(AuditEntry.user_id == clerk.id)).all()
    assert {"worker_files", "household_members", "hardship_causes", "income_items"} <= set(logged)
    second = worker_files.create(office_db, clerk, household(name="王五", id_number=make_id("19750101", "003"),
                                                              members=()), today=dt.date(2026, 11, 23))
    assert second.file_no == "DA-2026-0002"


@pytest.mark.parametrize(("changes", "words"), [
    ({"id_number": HEAD[:-1] + ("0" if HEAD[-1] != "0" else "1")}, "校验位"),
    ({"id_number": "5226221980010"}, "18位"),
    ({"name": " "}, "户主姓名"),
    ({"category": "很困难"}, "困难类别"),
    ({"phone": "12345"}, "联系电话"),
    ({"causes": ()}, "主要致困原因"),
    ({"causes": ("其他", "其他")}, "重复"),
    ({"causes": ("其他", "子女上学", "下岗失业", "遭受自然灾害", "遭受意外事故")}, "最多"),
    ({"bank_card": "6222abc"}, "12到19位"),
    ({"members": (MemberInput("李梅", "配偶", WIFE[:-1] + "0" if WIFE[-1] != "0" else WIFE[:-1] + "1"),)},
     "第1位家庭成员“李梅”的身份证号"),
    ({"members": (MemberInput("李梅", "同事"),)}, "与户主关系"),
    ({"name": ".."}, "户主姓名“..”没有文字"),
    ({"name": "张三(户主)"}, "户主姓名“张三(户主)”含有数字或符号"),
    ({"members": (MemberInput("李·", "配偶", WIFE),)}, "第1位家庭成员的姓名“李·”"),
    ({"filed_date": dt.date(2099, 1, 1)}, "建档日期 2099年1月1日 晚于今天"),
    ({"hardship_event_date": dt.date.today() + dt.timedelta(days=1)}, "致困事件发生日期"),
])
def test_bad_input_is_refused_in_words_and_nothing_written(office_db, clerk, changes, words) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as refused:
        worker_files.create(office_db, clerk, household(**changes))
    assert words in refused.value.message
    with office_db.read() as session:
        assert session.scalar(select(WorkerFile.id)) is None


def test_names_are_stored_in_one_spelling(office_db, clerk) -> None:  # type: ignore[no-untyped-def]
    """Issue 15: every middle-dot form stored as U+00B7, 〇 and Ext B kept, "John Smith" keeps its space."""
    saved = worker_files.create(office_db, clerk, household(name="阿依古丽・买买提", members=(
        MemberInput("王〇𠮷", "配偶", WIFE), MemberInput("John  Smith", "子", SON))))
    with office_db.read() as session:
        row = session.get(WorkerFile, saved.id)
        assert row.name == "阿依古丽·买买提" and [m.name for m in row.members] == ["王〇𠮷", "John Smith"]
        assert row.name_initials == "ayglmmt"  # the dot is no syllable


def test_legacy_15_digit_id_and_card_warning(office_db, clerk) -> None:  # type: ignore[no-untyped-def]
    saved = worker_files.create(office_db, clerk, household(id_number="522622800101001", members=(),
                                                             bank_card=BAD_CARD))
    with office_db.read() as session:
        assert session.get(WorkerFile, saved.id).id_number == worker_files.check_id("522622800101001")[0]
    assert saved.warnings and "校验位不符" in saved.warnings[0]


def test_one_active_file_per_person_names_the_holder(office_db, clerk) -> None:  # type: ignore[no-untyped-def]
    first = worker_files.create(office_db, clerk, household())
    with pytest.raises(ValidationFailed) as as_head:
        worker_files.create(office_db, clerk, household(members=()))
    assert first.file_no in as_head.value.message and "户主 张三" in as_head.value.message
    with pytest.raises(ValidationFailed) as as_member:  # the wife files for herself
        worker_files.create(office_db, clerk, household(name="李梅", id_number=WIFE, members=()))
    assert "家庭成员 李梅" in as_member.value.message
    worker_files.close(office_db, clerk, first.id, "脱困", "已脱困", "收入增加")
    worker_files.create(office_db, clerk, household(name="李梅", id_number=WIFE, members=()))  # now allowed


def test_update_review_close_and_stale_version(office_db, clerk, admin) -> None:  # type: ignore[no-untyped-def]
    saved = worker_files.create(office_db, clerk, household())
    changed = worker_files.update(office_db, clerk, saved.id, household(category="深度困难"), saved.row_version)
    assert changed.row_version == saved.row_version + 1
    with pytest.raises(ValidationFailed, match="已被他人修改"):
        worker_files.update(office_db, clerk, saved.id, household(address="旧州村"), saved.row_version)
    with office_db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.entity == "worker_files",
                                                         AuditEntry.action == "update")).all()[-1]
    assert json.loads(entry.before_json)["category"] == "相对困难"
    assert json.loads(entry.after_json)["category"] == "深度困难"
    worker_files.review(office_db, clerk, saved.id, dt.date(2026, 11, 1))
    worker_files.close(office_db, clerk, saved.id, "注销", "调离", on=dt.date(2026, 11, 20))
    with pytest.raises(ValidationFailed, match="只能查看"):
        worker_files.update(office_db, clerk, saved.id, household(), changed.row_version + 1)
    with pytest.raises(PermissionDenied):
        worker_files.create(office_db, admin, household(name="赵六", id_number=make_id("19700101", "005")))


# --- the facts eligibility asks about: event date, self-paid costs, disaster loss, exclusions ------

def test_eligibility_facts_are_saved_and_exclusions_replaced_only_when_changed(office_db, clerk) -> None:  # type: ignore[no-untyped-def]
    facts = {"hardship_event_date": dt.date(2026, 3, 10), "medical_selfpaid_fen": 1_500_000,
             "disaster_loss_fen": 0, "exclusions": ("stock_investment",)}
    saved = worker_files.create(office_db, clerk, household(**facts))
    with office_db.read() as session:
        row = session.get(WorkerFile, saved.id)
        assert (row.hardship_event_date, row.medical_selfpaid_fen, row.disaster_loss_fen) == (
            dt.date(2026, 3, 10), 1_500_000, 0)
        first_ids = {e.key: e.id for e in row.exclusions}
    assert list(first_ids) == ["stock_investment"]

    more = worker_files.update(office_db, clerk, saved.id, household(
        **{**facts, "disaster_loss_fen": 2_500_000, "exclusions": ("stock_investment", "employs_others")}),
        saved.row_version)
    with office_db.read() as session:
        row = session.get(WorkerFile, saved.id)
        ids = {e.key: e.id for e in row.exclusions}
        assert row.disaster_loss_fen == 2_500_000 and set(ids) == {"stock_investment", "employs_others"}
        assert ids["stock_investment"] == first_ids["stock_investment"]  # kept, not deleted and re-added
        added = session.scalars(select(AuditEntry).where(AuditEntry.entity == "file_exclusions")).all()
    assert [e.action for e in added] == ["create", "create"]

    worker_files.update(office_db, clerk, saved.id, household(**{**facts, "exclusions": ()}), more.row_version)
    with office_db.read() as session:
        assert session.get(WorkerFile, saved.id).exclusions == []


@pytest.mark.parametrize(("changes", "words"), [
    ({"medical_selfpaid_fen": -1}, "医疗自付费用不能为负数"),
    ({"disaster_loss_fen": -100}, "灾害损失不能为负数"),
    ({"exclusions": ("owns_a_yacht",)}, "不在代码表中"),
    ({"exclusions": ("dues_unpaid",)}, "会费已缴"),
    ({"exclusions": ("stock_investment", "stock_investment")}, "重复"),
])
def test_bad_eligibility_facts_are_refused_in_words(office_db, clerk, changes, words) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as refused:
        worker_files.create(office_db, clerk, household(**changes))
    assert words in refused.value.message
