"""Campaigns: created with the office's standards and rules, budgets raised only by the approver with
a reason (logged), never below what the list holds; budget_status gives used / reserved / left."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import select

from songnuan_desktop.domain.errors import PermissionDenied, ValidationFailed
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, AuditEntry
from songnuan_desktop.services.campaigns import assistance, campaigns, notices, transitions
from songnuan_desktop.services.audit.audit_log import verify_chain
from songnuan_desktop.services.campaigns.campaigns import BudgetLine, CampaignInput, Standard
from songnuan_desktop.services.office.session_user import SessionUser
from tests.services.campaigns.assistance_helpers import (
    RELATIVE_INCOME, TODAY, Staff, make_campaign, make_file, staff,
)


@pytest.fixture
def office(office_db: Database, admin: SessionUser) -> Staff:
    return staff(office_db, admin)


def test_a_new_campaign_takes_the_office_standards_and_rules(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk, budgets=(BudgetLine(60_000_00, category="深度困难"),))
    view = campaigns.get_campaign(db, office.clerk.office_id, campaign_id)
    assert (view.code, view.year, view.item_kind, view.lookback_months, view.notice_days) == (
        "SWN01", 2027, "送温暖慰问", 12, 5)
    tiers = {s.tier: s.amount_fen for s in view.standards}
    assert tiers["深度困难"] == 100_000 and tiers["相对困难"] == 50_000 and tiers["劳模-全国"] == 200_000
    assert {s.item_kind for s in view.standards} == {"送温暖慰问"}
    assert view.budgets == (BudgetLine(60_000_00, "深度困难", ""),)
    second = make_campaign(db, office.clerk, name="2027年元旦春节送温暖（第二批）")
    assert campaigns.get_campaign(db, office.clerk.office_id, second).code == "SWN02"
    assert [c.name for c in campaigns.list_campaigns(db, office.clerk.office_id)][0].startswith("2027年")


@pytest.mark.parametrize(("changes", "words"), [
    ({"kind": "春游"}, "活动类型应为"),
    ({"end_date": dt.date(2026, 10, 1)}, "结束日期不能早于开始日期"),
    ({"total_budget_fen": 0}, "总预算"),
    ({"notice_days": 3}, "至少公示5个工作日"),
    ({"budgets": (BudgetLine(100,),)}, "应注明困难类别或资金来源"),
])
def test_bad_campaign_input_is_refused_in_words(office: Staff, changes: dict, words: str) -> None:
    data = CampaignInput("2027年送温暖", "送温暖", dt.date(2026, 11, 1), dt.date(2027, 2, 28), 100_000)
    with pytest.raises(ValidationFailed) as refused:
        campaigns.create_campaign(office.db, office.clerk, dataclasses.replace(data, **changes), today=TODAY)
    assert words in refused.value.message


def test_a_campaign_standard_edited_for_this_campaign_alone_pays_the_items(office: Staff) -> None:
    db = office.db
    standards = (Standard("送温暖慰问", "深度困难", 120_000), Standard("送温暖慰问", "相对困难", 60_000))
    campaign_id = make_campaign(db, office.clerk, standards=standards)
    result = assistance.propose(db, office.clerk, campaign_id, [make_file(db, office.clerk, 1)], today=TODAY)
    assert [(p.tier, p.amount_fen) for p in result.proposed] == [("深度困难", 120_000)]
    other = make_campaign(db, office.clerk, name="另一活动")
    tiers = {s.tier: s.amount_fen for s in campaigns.get_campaign(db, office.clerk.office_id, other).standards}
    assert tiers["深度困难"] == 100_000  # the office's standard is untouched


def test_raising_a_budget_needs_the_approver_and_a_reason_and_is_logged(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk, total_yuan=10_000)
    view = campaigns.get_campaign(db, office.clerk.office_id, campaign_id)
    more = dataclasses.replace(view.as_input(), total_budget_fen=20_000_00)
    with pytest.raises(PermissionDenied) as clerk_refused:
        campaigns.update_campaign(db, office.clerk, campaign_id, more, view.row_version, reason="追加")
    assert "审批人" in clerk_refused.value.message
    with pytest.raises(ValidationFailed) as no_reason:
        campaigns.update_campaign(db, office.approver, campaign_id, more, view.row_version)
    assert "理由" in no_reason.value.message
    raised = campaigns.update_campaign(db, office.approver, campaign_id, more, view.row_version,
                                       reason="县总工会追加拨付 10,000 元")
    assert raised.total_budget_fen == 20_000_00
    with db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "raise_budget")).one()
        assert json.loads(entry.before_json) == {"总预算": 10_000_00}
        assert json.loads(entry.after_json) == {"总预算": 20_000_00, "reason": "县总工会追加拨付 10,000 元"}
        assert entry.username == "shenpi"
    # a clerk may lower it, or rename the campaign, without the approver
    renamed = campaigns.update_campaign(db, office.clerk, campaign_id,
                                        dataclasses.replace(raised.as_input(), name="改名", total_budget_fen=15_000_00),
                                        raised.row_version)
    assert (renamed.name, renamed.total_budget_fen) == ("改名", 15_000_00)
    with pytest.raises(ValidationFailed) as stale:
        campaigns.update_campaign(db, office.clerk, campaign_id, renamed.as_input(), raised.row_version)
    assert "已被他人修改" in stale.value.message
    assert verify_chain(db).ok


def test_a_budget_cannot_go_below_what_the_list_holds(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk, total_yuan=3_000)
    files = [make_file(db, office.clerk, n) for n in range(2)]
    assistance.propose(db, office.clerk, campaign_id, files, today=TODAY)  # 2 × 1,000 元
    view = campaigns.get_campaign(db, office.clerk.office_id, campaign_id)
    with pytest.raises(ValidationFailed) as refused:
        campaigns.update_campaign(db, office.clerk, campaign_id,
                                  dataclasses.replace(view.as_input(), total_budget_fen=1_500_00), view.row_version)
    assert "不能低于名单已占用的 2,000 元" in refused.value.message


def test_budget_status_gives_used_reserved_and_left_per_line(office: Staff) -> None:
    db = office.db
    budgets = (BudgetLine(3_000_00, category="深度困难"), BudgetLine(1_000_00, category="相对困难"),
               BudgetLine(8_000_00, fund_source="上级拨付"))
    campaign_id = make_campaign(db, office.clerk, total_yuan=10_000, budgets=budgets)
    deep = [make_file(db, office.clerk, n) for n in range(2)]
    relative = make_file(db, office.clerk, 5, income=RELATIVE_INCOME)
    proposed = assistance.propose(db, office.clerk, campaign_id, [*deep, relative], fund_source="上级拨付",
                                  today=TODAY).proposed
    first = next(p.item_id for p in proposed if p.file_id == deep[0])
    _pay(office, first)
    status = campaigns.budget_status(db, campaign_id)
    assert (status.total.budget_fen, status.total.used_fen, status.total.reserved_fen, status.total.left_fen) == (
        10_000_00, 1_000_00, 1_500_00, 7_500_00)
    by_category = {b.category: (b.used_fen, b.reserved_fen, b.left_fen, b.items) for b in status.by_category}
    assert by_category == {"深度困难": (1_000_00, 1_000_00, 1_000_00, 2), "相对困难": (0, 500_00, 500_00, 1)}
    [source] = status.by_fund_source
    assert (source.label, source.used_fen, source.reserved_fen, source.left_fen) == (
        "上级拨付预算", 1_000_00, 1_500_00, 5_500_00)


def _pay(office: Staff, item_id) -> None:  # type: ignore[no-untyped-def]
    db = office.db
    transitions.transition(db, office.clerk, [item_id], "submitted", today=TODAY)
    transitions.transition(db, office.reviewer, [item_id], "reviewed", today=TODAY)
    with db.read() as session:
        campaign_id = session.scalar(select(AssistanceItem.campaign_id).where(AssistanceItem.id == item_id))
    notices.start_notice(db, office.reviewer, campaign_id, [item_id], "镇公示栏", "镇总工会 0855-2461234",
                         start_date=TODAY)
    transitions.transition(db, office.approver, [item_id], ItemState.APPROVED, today=dt.date(2026, 11, 30))
    transitions.transition(db, office.finance, [item_id], ItemState.PAID, today=dt.date(2026, 12, 1))
