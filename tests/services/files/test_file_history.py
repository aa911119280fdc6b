"""A file's history in words (audit log), its assistance, and the masked/revealed detail."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from songnuan_desktop.domain.roles import Role
from songnuan_desktop.services.files import attachments, file_detail, file_history, worker_files
from songnuan_desktop.services.audit import audit_log
from songnuan_desktop.services.access import auth, users
from songnuan_desktop.services.audit.audit_text import describe_change
from songnuan_desktop.services.files.worker_files import MemberInput
from tests.services.files.test_worker_files import CARD, HEAD, WIFE, household


@pytest.fixture
def clerk(office_db, admin):  # type: ignore[no-untyped-def]
    users.create_user(office_db, admin, "jingban", "李经办", "Jingban2024", frozenset({Role.CLERK}))
    return auth.login(office_db, "jingban", "Jingban2024")


@pytest.fixture
def approver(office_db, admin):  # type: ignore[no-untyped-def]
    users.create_user(office_db, admin, "shenpi", "赵主席", "Shenpi2024", frozenset({Role.APPROVER}))
    return auth.login(office_db, "shenpi", "Shenpi2024")


def _no_raw(text: str) -> None:
    assert "{" not in text and '"' not in text, text
    assert not re.search(r"[a-z]{3,}_[a-z]+", text), text  # no column names such as id_number


def test_history_tells_each_save_in_chinese(office_db, clerk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = household()
    saved = worker_files.create(office_db, clerk, data, today=dt.date(2025, 1, 10))
    members = (dataclasses.replace(data.members[0], monthly_income_fen=150_000), data.members[1])
    changed = dataclasses.replace(data, phone="13900001111", members=members, causes=("患重特大疾病",))
    saved = worker_files.update(office_db, clerk, saved.id, changed, saved.row_version)
    worker_files.review(office_db, clerk, saved.id)
    scan = tmp_path / "诊断.jpg"
    scan.write_bytes(b"scan")
    attachments.add(office_db, clerk, saved.id, "诊断证明及医疗票据", scan)
    worker_files.close(office_db, clerk, saved.id, "脱困", "已脱困", "再就业")

    found = file_history.history(office_db, clerk, saved.id)
    texts = [c.text for c in found.changes]
    for text in texts:
        _no_raw(text)
    assert all(c.who == "李经办（jingban）" for c in found.changes)
    assert texts[0] == "档案脱困：退出原因 已脱困，退出日期 " + found.changes[0].at.date().isoformat() + "，说明 再就业"
    assert any(t.startswith("添加附件：诊断证明及医疗票据“诊断.jpg”") for t in texts)
    assert any(t.startswith("年度复核") for t in texts)
    edit = next(t for t in texts if "手机" in t)
    assert "修改档案：手机 由“13808551234”改为“13900001111”" in edit  # a clerk may see numbers in full
    assert "修改家庭成员 李梅：月收入 由“1,200.00 元”改为“1,500.00 元”" in edit
    assert "删除致困原因：“子女上学”（次要）" in edit
    assert "张小明" not in edit  # replaced unchanged: not worth a word
    assert texts[-1].startswith("新建档案 ") and "户主 张三" in texts[-1]
    assert any("添加家庭成员：李梅（配偶" in t for t in texts)


def test_history_masks_numbers_and_lists_assistance(office_db, clerk, approver) -> None:  # type: ignore[no-untyped-def]
    saved = worker_files.create(office_db, clerk, household())
    clerk_view = file_history.history(office_db, clerk, saved.id)
    approver_view = file_history.history(office_db, approver, saved.id)
    assert any(WIFE in t.text for t in clerk_view.changes)
    assert not any(WIFE in t.text for t in approver_view.changes)
    assert any(WIFE[:6] + "********" + WIFE[-4:] in t.text for t in approver_view.changes)
    assert approver_view.assistance == []


def test_detail_is_masked_for_an_approver_and_revealing_is_logged(office_db, clerk, approver) -> None:  # type: ignore[no-untyped-def]
    saved = worker_files.create(office_db, clerk, household())
    full = file_detail.load(office_db, clerk, saved.id)
    assert not full.masked and full.data.id_number == HEAD and full.data.bank_card == CARD
    masked = file_detail.load(office_db, approver, saved.id)
    assert masked.masked and masked.data.id_number == HEAD[:6] + "********" + HEAD[-4:]
    assert masked.data.bank_card == "**** " + CARD[-4:]
    assert masked.data.members[0].id_number.count("*") == 8
    assert masked.birth_date is None and full.birth_date is not None  # the birth date would give the ID back
    shown = file_detail.reveal(office_db, approver, saved.id)
    assert shown.data.id_number == HEAD
    entry = audit_log.recent(office_db, 1)[0]
    assert (entry.username, entry.action, entry.entity_id) == ("shenpi", "show_full_numbers", str(saved.id))
    assert describe_change(entry) == "查看了完整的身份证号、银行卡号和手机号"
    lines = file_history.history(office_db, clerk, saved.id).changes
    assert lines[0].who == "赵主席（shenpi）" and "查看了完整" in lines[0].text


def test_input_of_a_saved_file_saves_it_unchanged(office_db, clerk) -> None:  # type: ignore[no-untyped-def]
    data = household(members=(MemberInput("李梅", "配偶", WIFE, monthly_income_fen=120_000),))
    saved = worker_files.create(office_db, clerk, data)
    detail = file_detail.load(office_db, clerk, saved.id)
    again = worker_files.update(office_db, clerk, saved.id, detail.data, detail.row_version)
    assert again.row_version == detail.row_version  # nothing changed, nothing written
    assert len(file_history.history(office_db, clerk, saved.id).changes) == 1


def test_describe_change_words_other_tables_without_json(office_db, admin) -> None:  # type: ignore[no-untyped-def]
    users.create_user(office_db, admin, "caiwu", "钱财务", "Caiwu2024", frozenset({Role.FINANCE}))
    for entry in audit_log.recent(office_db, 50):
        text = describe_change(entry)
        _no_raw(text)
        assert text
    created = next(e for e in audit_log.recent(office_db, 50) if e.entity == "users" and e.action == "create"
                   and "caiwu" in e.after_json)
    assert describe_change(created).startswith("新建用户：登录名 caiwu，姓名 钱财务，启用 是")


def test_events_and_organisations_read_in_words(office_db, clerk) -> None:  # type: ignore[no-untyped-def]
    from songnuan_desktop.services.audit import audit_log
    from songnuan_desktop.services.audit.audit_text import describe_change

    rows = audit_log.recent(office_db, 50)
    texts = [describe_change(r) for r in rows]
    assert all(t and "{" not in t for t in texts)
    login = next(t for r, t in zip(rows, texts, strict=True) if r.action == "update" and r.entity == "users")
    assert "最近登录时间" in login
    fake = audit_log.AuditRow(1, dt.datetime(2026, 11, 23), "jingban", "import_register", "worker_files", "", "",
                              '{"imported":6,"rejected":10,"sheet":"花名册","source":"旧州镇.xlsx"}')
    assert describe_change(fake) == "导入花名册（困难职工档案）：文件 旧州镇.xlsx，工作表 花名册，新建 6，退回 10"
    unit = audit_log.AuditRow(2, dt.datetime(2026, 11, 23), "jingban", "create", "org_units", "", "",
                              '{"active":true,"kind":"unit","name":"旧州镇农机站"}')
    assert "名称 旧州镇农机站" in describe_change(unit) and "类型 工作单位" in describe_change(unit)


def test_history_read_by_the_file_index_equals_the_upgrade_backfill(office_db, clerk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A file's history reads its entries by audit_file_index (issue 17 item 9: it scanned every
    entry's JSON, ~460 ms on 500,000). Saves, a member removed, an attachment added and removed: the
    index written live and the one migration 0018 rebuilds from the log give the same history, and a
    neighbour's file shares none of it."""
    from alembic import command
    from sqlalchemy import text

    from songnuan_desktop.persistence.migrate import alembic_config, upgrade

    data = household()
    saved = worker_files.create(office_db, clerk, data, today=dt.date(2025, 1, 10))
    other = worker_files.create(office_db, clerk, dataclasses.replace(
        data, id_number="522622197705150014", name="王〇一", members=()), today=dt.date(2025, 1, 10))
    worker_files.update(office_db, clerk, saved.id, dataclasses.replace(
        data, phone="13900001111", members=data.members[:1], causes=("患重特大疾病",)), saved.row_version)
    scan = tmp_path / "诊断证明.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    added = attachments.add(office_db, clerk, saved.id, "诊断证明及医疗票据", scan)
    attachments.remove(office_db, clerk, added.id)
    live = file_history.history(office_db, clerk, saved.id).changes
    assert len(live) >= 4 and any("删除附件" in c.text for c in live)
    assert not {c.text for c in file_history.history(office_db, clerk, other.id).changes} & {c.text for c in live}

    cfg = alembic_config()
    with office_db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0017")
    upgrade(office_db.engine)
    with office_db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_file_index")).scalar_one() > 0
    assert file_history.history(office_db, clerk, saved.id).changes == live
