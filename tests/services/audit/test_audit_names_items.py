"""The audit log names the item, not only ids (issue 13): "审核通过：张三（JZ-2024-0012）2026 春节送温暖"."""

from __future__ import annotations

import pytest

from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.campaigns import assistance, transitions
from songnuan_desktop.services.audit import audit_log, audit_text
from songnuan_desktop.services.files import file_history
from songnuan_desktop.services.office.session_user import SessionUser
from tests.services.campaigns.assistance_helpers import TODAY, Staff, make_campaign, make_file, name_of, staff

S = ItemState


@pytest.fixture
def office(office_db: Database, admin: SessionUser) -> Staff:
    return staff(office_db, admin)


def _lines(db: Database, limit: int = 40) -> list[str]:
    entries = audit_log.recent(db, limit)
    names = file_history.names_in(db, entries)
    return [f"{e.entity}/{e.action}: " + audit_text.describe_change(e, names) for e in entries]


def test_item_entries_name_the_household_file_and_campaign(office: Staff) -> None:
    db = office.db
    file_id = make_file(db, office.clerk, 1)
    campaign_id = make_campaign(db, office.clerk)
    result = assistance.propose(db, office.clerk, campaign_id, [file_id], today=TODAY)
    ids = [p.item_id for p in result.proposed]
    transitions.transition(db, office.clerk, ids, S.SUBMITTED, today=TODAY)
    transitions.transition(db, office.reviewer, ids, S.RETURNED, comment="缺少收入证明", today=TODAY)
    who = f"{name_of(1)}（DA-2026-0001）2027年元旦春节送温暖"
    lines = _lines(db, 6)
    assert lines[:5] == [
        f"item_transitions/create: 名单项状态变更：{who}，待审核 → 退回，理由：缺少收入证明",
        f"assistance_items/update: 退回：{who}",
        f"item_transitions/create: 名单项状态变更：{who}，草稿 → 待审核",
        f"assistance_items/update: 提交审核：{who}",
        "campaigns/propose: 拟定帮扶名单（活动）：金额 1,000.00 元，活动 2027年元旦春节送温暖",
    ]
    assert lines[5] == f"assistance_items/create: 拟定帮扶名单项：{who}，困难类别 深度困难，金额 1,000.00 元"
    transitions.transition(db, office.clerk, ids, S.SUBMITTED, today=TODAY)
    transitions.transition(db, office.reviewer, ids, S.REVIEWED, today=TODAY)
    assert _lines(db, 2)[1] == f"assistance_items/update: 审核通过：{who}"
    assert not any(state in line for line in _lines(db) for state in ("submitted", "reviewed", "draft"))
    # rows of a campaign name it (补助标准, 预算, 公示 …)
    assert any(line.startswith("campaign_standards/create: 新建活动补助标准：2027年元旦春节送温暖，")
               for line in _lines(db, 60))


def test_a_visited_household_is_named(tmp_path, demo_offices) -> None:  # type: ignore[no-untyped-def]
    from songnuan_desktop.persistence.database import open_database

    db = open_database("sqlite:///" + str(demo_offices.file(tmp_path / "demo.db", workers=12, seed=2)))
    try:  # build_demo(workers=12, seed=2): a copy of the run's build
        entries = [e for e in audit_log.recent(db, 5000) if e.entity == "visit_households"]
        names = file_history.names_in(db, entries)
        lines = [audit_text.describe_change(e, names) for e in entries]
        assert lines and all(line.startswith("新建走访户：") and "（JZ-" in line for line in lines), lines[:3]
    finally:
        db.close()


def test_every_action_the_program_logs_has_its_chinese_name() -> None:
    """The audit screen said 其他操作 for package export, merge, decisions, visit planning and the
    county report (issue 17): every action written anywhere in services has a label — found in the
    source (a literal, a module constant or publication_{state}), so a new action fails here."""
    import importlib
    import re
    from pathlib import Path

    from songnuan_desktop.persistence.models_publications import MISSING, ROLLED_FORWARD
    from songnuan_desktop.services.audit.audit_text import ACTION_LABELS, CHILD_VERBS

    services = Path(__file__).parents[3] / "songnuan_desktop" / "services"
    call = re.compile(r"audit\.append(?:_many)?\(\s*[\w.]+,\s*[\w.()\s]+?,\s*"
                      r"(f?\"[^\"]+\"|[A-Z_][A-Z_0-9]*(?!\w)|action(?!\w))")
    actions: set[str] = {f"publication_{s}" for s in (ROLLED_FORWARD, MISSING)}
    for path in services.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for found in call.findall(text):
            if found.startswith('"'):
                actions.add(found.strip('"'))
            elif found.isupper():
                dotted = ".".join(path.relative_to(services).with_suffix("").parts)
                module = importlib.import_module(f"songnuan_desktop.services.{dotted}")
                actions.add(getattr(module, found))
        actions.update(re.findall(r"_log\(db, by, \"(\w+)\"", text))  # visit exports
        actions.update(re.findall(r"\"((?:create|replace)_signing_key)\"", text))
    assert {"export_package", "merge_package", "plan_visits", "export_county_report"} <= actions
    missing = sorted(a for a in actions if a not in ACTION_LABELS and a not in CHILD_VERBS and "{" not in a)
    assert missing == []


def test_a_notice_print_reads_in_words() -> None:
    """What services.campaigns.notice_print logs (文种, 份别, 此后撤出 …) is told in words, not keys."""
    from songnuan_desktop.services.audit.audit_text import _fields

    text = _fields({"paper": "posted", "copy": "remade", "rows": 12, "withdrawn_since": 2, "removed": 1,
                    "posted_rows": 12, "snapshot": False}, None, False, "notices")
    assert "文种 公示" in text and "份别 据现有数据重制（非原件）" in text and "此后撤出 2" in text
    assert not any(key in text for key in ("paper", "copy", "withdrawn", "remade", "posted"))
