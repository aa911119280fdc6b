"""Public notice and objections: the period in working days, approval only after it, an objection
suspends the item and sends it back to review, a changed amount or category needs a new notice."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from songnuan_desktop.domain.errors import BatchRefused, PermissionDenied, ValidationFailed
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.domain.workdays import add_working_days
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, Notice
from songnuan_desktop.services.campaigns import assistance, notices, transitions
from songnuan_desktop.services.office.session_user import SessionUser
from tests.services.campaigns.assistance_helpers import TODAY, Staff, make_campaign, make_file, staff

S = ItemState


@pytest.fixture
def office(office_db: Database, admin: SessionUser) -> Staff:
    return staff(office_db, admin)


def reviewed(office: Staff, campaign_id: uuid.UUID, count: int = 1, first: int = 0) -> list[uuid.UUID]:
    db = office.db
    files = [make_file(db, office.clerk, n) for n in range(first, first + count)]
    ids = [p.item_id for p in assistance.propose(db, office.clerk, campaign_id, files, today=TODAY).proposed]
    transitions.transition(db, office.clerk, ids, S.SUBMITTED, today=TODAY)
    transitions.transition(db, office.reviewer, ids, S.REVIEWED, today=TODAY)
    return ids


def test_a_notice_ends_after_its_working_days_counted_with_public_holidays(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk, notice_days=7)
    ids = reviewed(office, campaign_id, 2)
    # 2026-09-28 (Mon) + 7 working days crosses 国庆: 28, 29, 30 Sep, then 9, 12, 13, 14 Oct (11 Oct is a 调休 Sunday)
    start = dt.date(2026, 9, 28)
    view = notices.start_notice(db, office.reviewer, campaign_id, ids, "镇政务公开栏", "潘国强 0855-2461234",
                                start_date=start)
    assert (view.working_days, view.end_date, view.items) == (7, add_working_days(start, 7), 2)
    assert view.end_date > start + dt.timedelta(days=10)  # the holiday week does not count
    with db.read() as session:
        assert {i.notice_id for i in session.scalars(select(AssistanceItem))} == {view.id}
        notice = session.get(Notice, view.id)
        assert notice is not None and notice.started_by == office.reviewer.id and notice.place == "镇政务公开栏"
    assert [n.id for n in notices.notices_of(db, campaign_id)] == [view.id]
    with pytest.raises(BatchRefused) as early:
        transitions.transition(db, office.approver, ids, S.APPROVED, today=view.end_date)
    assert len(early.value.refusals) == 2
    transitions.transition(db, office.approver, ids, S.APPROVED, today=view.end_date + dt.timedelta(days=1))


@pytest.mark.parametrize(("place", "contact", "days", "words"), [
    ("", "工会 0855-2461234", None, "请填写公示地点"),
    ("公示栏", "", None, "受理异议的联系人和电话"),
    ("公示栏", "0855-2461234", None, "受理异议缺少联系人"),
    ("公示栏", "13800001111", None, "受理异议缺少联系人"),
    ("公示栏", "潘国强", None, "受理异议缺少联系电话"),
    ("公示栏", "工会 0855-2461234", 3, "公示期不得少于 5 个工作日"),
])
def test_a_notice_needs_a_place_a_contact_and_five_working_days(office: Staff, place: str, contact: str,
                                                                days: int | None, words: str) -> None:
    campaign_id = make_campaign(office.db, office.clerk)
    ids = reviewed(office, campaign_id)
    with pytest.raises(ValidationFailed) as refused:
        notices.start_notice(office.db, office.reviewer, campaign_id, ids, place, contact, start_date=TODAY,
                             working_days=days)
    assert words in refused.value.message


def test_only_reviewed_items_of_the_campaign_go_into_its_notice(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk)
    ids = reviewed(office, campaign_id)
    [draft] = [p.item_id for p in assistance.propose(db, office.clerk, campaign_id, [make_file(db, office.clerk, 9)],
                                                      today=TODAY).proposed]
    with pytest.raises(BatchRefused) as refused:
        notices.start_notice(db, office.reviewer, campaign_id, [*ids, draft], "公示栏", "工会 0855-2461234",
                             start_date=TODAY)
    assert [r.id for r in refused.value.refusals] == [draft] and "当前为“草稿”" in refused.value.refusals[0].reason
    other = make_campaign(db, office.clerk, name="另一活动")
    with pytest.raises(BatchRefused) as elsewhere:
        notices.start_notice(db, office.reviewer, other, ids, "公示栏", "工会 0855-2461234", start_date=TODAY)
    assert "不属于活动“另一活动”" in elsewhere.value.refusals[0].reason
    with db.read() as session:
        assert session.scalars(select(Notice)).all() == []  # nothing half-made
    with pytest.raises(BatchRefused) as by_hand:
        transitions.transition(db, office.reviewer, ids, S.IN_NOTICE, today=TODAY)
    assert "进入公示须通过“发起公示”办理" in by_hand.value.refusals[0].reason


def test_an_objection_suspends_the_item_and_sends_it_back_to_review(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk)
    [item] = reviewed(office, campaign_id)
    notices.start_notice(db, office.reviewer, campaign_id, [item], "公示栏", "工会 0855-2461234", start_date=TODAY)
    with pytest.raises(ValidationFailed):
        notices.record_objection(db, office.reviewer, item, "", "匿名反映")  # objections are named
    objection = notices.record_objection(db, office.reviewer, item, "旧州村村民王某", "家有营运车辆一台",
                                         raised_on=dt.date(2026, 11, 24))
    with db.read() as session:
        row = session.get(AssistanceItem, item)
        assert row is not None and row.state == S.OBJECTION
    with pytest.raises(BatchRefused) as suspended:
        transitions.transition(db, office.approver, [item], S.APPROVED, today=dt.date(2026, 12, 7))
    assert "当前为“异议”" in suspended.value.refusals[0].reason
    outcome = "经入户核查，车辆已于去年出售，异议不成立"
    resolved = notices.resolve_objection(db, office.reviewer, objection.id, outcome, resolved_on=dt.date(2026, 11, 25))
    assert (resolved.outcome, resolved.resolved_on) == (outcome, dt.date(2026, 11, 25))
    assert [o.raised_by for o in notices.objections_of(db, item)] == ["旧州村村民王某"]
    with db.read() as session:
        row = session.get(AssistanceItem, item)
        assert row is not None and row.state == S.SUBMITTED
    with pytest.raises(ValidationFailed):
        notices.resolve_objection(db, office.reviewer, objection.id, "再处理一次")


def test_a_changed_amount_after_the_notice_needs_a_new_notice(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk)
    [item] = reviewed(office, campaign_id)
    first = notices.start_notice(db, office.reviewer, campaign_id, [item], "公示栏", "工会 0855-2461234",
                                 start_date=TODAY)
    with pytest.raises(ValidationFailed) as in_notice:
        assistance.change_item(db, office.clerk, item, "改标准", amount_fen=80_000)
    assert "公示中的项须先登记异议退回审核" in in_notice.value.message
    objection = notices.record_objection(db, office.reviewer, item, "村委会", "家庭人口少报一人", raised_on=TODAY)
    notices.resolve_objection(db, office.reviewer, objection.id, "核实后改按意外致困标准", resolved_on=TODAY)
    with pytest.raises(ValidationFailed):
        assistance.change_item(db, office.reviewer, item, "  ", amount_fen=80_000)
    changed = assistance.change_item(db, office.reviewer, item, "异议核实后调整", amount_fen=80_000,
                                     category="意外致困", tier="意外致困")
    assert changed.needs_new_notice and (changed.amount_fen, changed.category) == (80_000, "意外致困")
    transitions.transition(db, office.reviewer, [item], S.REVIEWED, today=TODAY)
    # the first notice is long over, but the public never saw 800 元: a new notice first
    second = notices.start_notice(db, office.reviewer, campaign_id, [item], "公示栏", "工会 0855-2461234",
                                  start_date=dt.date(2026, 12, 7))
    assert second.id != first.id
    with pytest.raises(BatchRefused) as early:
        transitions.transition(db, office.approver, [item], S.APPROVED, today=dt.date(2026, 12, 8))
    assert "至 2026年12月11日 止" in early.value.refusals[0].reason
    transitions.transition(db, office.approver, [item], S.APPROVED, today=dt.date(2026, 12, 14))


def test_changing_an_amount_keeps_within_the_budget(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk, total_yuan=1_500)
    [item] = [p.item_id for p in assistance.propose(db, office.clerk, campaign_id, [make_file(db, office.clerk, 1)],
                                                     today=TODAY).proposed]
    with pytest.raises(ValidationFailed) as refused:
        assistance.change_item(db, office.clerk, item, "提高标准", amount_fen=200_000)
    assert "超出总预算" in refused.value.message and "超出 500 元" in refused.value.message
    unchanged = assistance.change_item(db, office.clerk, item, "按实际调整", amount_fen=150_000)
    assert unchanged.amount_fen == 150_000 and not unchanged.needs_new_notice


def test_only_the_clerk_before_submitting_or_the_reviewer_after_changes_an_amount(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk)
    [item] = reviewed(office, campaign_id)
    with pytest.raises(PermissionDenied) as behind_review:
        assistance.change_item(db, office.clerk, item, "提高", amount_fen=120_000)
    assert "审核人" in behind_review.value.message
    assert assistance.change_item(db, office.reviewer, item, "复核后调整", amount_fen=120_000).amount_fen == 120_000
    [draft] = [p.item_id for p in assistance.propose(db, office.clerk, campaign_id, [make_file(db, office.clerk, 8)],
                                                      today=TODAY).proposed]
    with pytest.raises(PermissionDenied):
        assistance.change_item(db, office.reviewer, draft, "调整", amount_fen=120_000)
