"""Proposing and the state machine: one campaign walked through every transition, and each refusal
proved — same person reviewing, reviewer approving, second item for a household, over budget, exited
file, wrong role, one-person office, returning without a reason; batches all or nothing."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from songnuan_desktop.domain.errors import BatchRefused, PermissionDenied, ValidationFailed
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, AuditEntry, ItemTransition
from songnuan_desktop.services.campaigns import approval_queue, assistance, notices, transitions
from songnuan_desktop.services.files import worker_files
from songnuan_desktop.services.campaigns.assistance import ALL
from songnuan_desktop.services.audit.audit_log import verify_chain
from songnuan_desktop.services.campaigns.campaigns import BudgetLine
from songnuan_desktop.services.office.session_user import SessionUser
from tests.services.campaigns.assistance_helpers import (
    ABOVE_INCOME, RELATIVE_INCOME, TODAY, Staff, make_campaign, make_file, name_of, staff, user,
)

AFTER_NOTICE = dt.date(2026, 11, 30)  # the Monday after a notice of 5 working days from TODAY
S = ItemState


@pytest.fixture
def office(office_db: Database, admin: SessionUser) -> Staff:
    return staff(office_db, admin)


def items(db: Database, campaign_id: uuid.UUID | None = None) -> dict[uuid.UUID, tuple[Any, ...]]:
    """Everything a transition could change, per item."""
    with db.read() as session:
        query = select(AssistanceItem)
        if campaign_id is not None:
            query = query.where(AssistanceItem.campaign_id == campaign_id)
        return {i.id: (i.state, i.row_version, i.reviewed_by, i.approved_by, i.notice_id, i.paid_on, i.amount_fen)
                for i in session.scalars(query)}


def state_of(db: Database, item_id: uuid.UUID) -> str:
    return items(db)[item_id][0]


def moved(office: Staff, ids: list[uuid.UUID], *steps: tuple[SessionUser, ItemState]) -> None:
    for by, to in steps:
        transitions.transition(office.db, by, ids, to, comment="理由" if to in transitions.NEEDS_REASON else "",
                               today=TODAY)


def noticed(office: Staff, campaign_id: uuid.UUID, ids: list[uuid.UUID]) -> notices.NoticeView:
    moved(office, ids, (office.clerk, S.SUBMITTED), (office.reviewer, S.REVIEWED))
    return notices.start_notice(office.db, office.reviewer, campaign_id, ids, "镇政务公开栏", "潘国强 0855-2461234",
                                start_date=TODAY)


# --- proposing --------------------------------------------------------------------------------------

def test_proposing_by_hand_gives_the_highest_tier_and_the_reason_in_words(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk)
    deep, relative = make_file(db, office.clerk, 1), make_file(db, office.clerk, 2, income=RELATIVE_INCOME)
    model = make_file(db, office.clerk, 3, income=RELATIVE_INCOME, model_worker_level="全国")
    result = assistance.propose(db, office.clerk, campaign_id, [deep, relative, model], today=TODAY)
    got = {p.file_id: (p.category, p.tier, p.amount_fen) for p in result.proposed}
    assert got == {deep: ("深度困难", "深度困难", 100_000), relative: ("相对困难", "相对困难", 50_000),
                   model: ("相对困难", "劳模-全国", 200_000)}  # 按最高档次: the model worker's tier pays more
    reason = next(p.reason for p in result.proposed if p.file_id == deep)
    assert "家庭月人均收入 500 元" in reason and reason.endswith("按“深度困难”标准 1,000 元")
    assert result.left_out == () and "列入名单 3 户，合计 3,500 元" in result.message()
    with db.read() as session:
        rows = session.scalars(select(AssistanceItem)).all()
        assert {r.state for r in rows} == {"draft"} and {r.proposed_by for r in rows} == {office.clerk.id}
    assert verify_chain(db).ok


def test_a_second_item_for_a_household_is_refused_naming_the_first(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk)
    file_id = make_file(db, office.clerk, 1)
    assistance.propose(db, office.clerk, campaign_id, [file_id], today=TODAY)
    with pytest.raises(BatchRefused) as refused:
        assistance.propose(db, office.clerk, campaign_id, [file_id, make_file(db, office.clerk, 2)], today=TODAY)
    [why] = refused.value.refusals
    assert why.who == f"{name_of(1)}（档案 DA-2026-0001）"
    assert "已在本活动名单中（草稿，1,000 元）" in why.reason and "不得重复救助" in why.reason
    assert len(items(db)) == 1  # all or nothing: the other file was not proposed either


def test_an_exited_or_ineligible_file_cannot_be_proposed(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk)
    exited = make_file(db, office.clerk, 1)
    worker_files.close(db, office.clerk, exited, "脱困", "已脱困", on=TODAY)
    above = make_file(db, office.clerk, 2, income=ABOVE_INCOME)
    with pytest.raises(BatchRefused) as refused:
        assistance.propose(db, office.clerk, campaign_id, [exited, above], today=TODAY)
    reasons = {r.id: r.reason for r in refused.value.refusals}
    assert "档案状态为“脱困”，只有在档的档案可以列入帮扶名单" in reasons[exited]
    assert "按现行认定标准不能列入" in reasons[above] and "不符合困难职工认定条件" in reasons[above]
    assert "不能列入名单：共 2 项被拒绝，本次全部未作改动" in refused.value.message


def test_the_total_budget_is_never_exceeded_and_the_refusal_says_by_how_much(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk, total_yuan=2_500)
    files = [make_file(db, office.clerk, n) for n in range(3)]
    with pytest.raises(BatchRefused) as refused:
        assistance.propose(db, office.clerk, campaign_id, files, today=TODAY)
    [why] = refused.value.refusals
    assert why.id == files[2]
    assert ("超出总预算：预算 2,500 元，已发放 0 元、已占用 2,000 元，尚余 500 元，本次 1,000 元，超出 500 元"
            in why.reason)
    assert items(db) == {}


def test_a_category_budget_is_never_exceeded(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk, total_yuan=10_000,
                                budgets=(BudgetLine(1_500_00, category="深度困难"),))
    assistance.propose(db, office.clerk, campaign_id, [make_file(db, office.clerk, 1)], today=TODAY)
    with pytest.raises(BatchRefused) as refused:
        assistance.propose(db, office.clerk, campaign_id, [make_file(db, office.clerk, 2)], today=TODAY)
    assert "超出深度困难预算：预算 1,500 元" in refused.value.refusals[0].reason
    assert "超出 500 元" in refused.value.refusals[0].reason
    # a relative-hardship household still fits: only the total applies to it
    relative = make_file(db, office.clerk, 3, income=RELATIVE_INCOME)
    assert len(assistance.propose(db, office.clerk, campaign_id, [relative], today=TODAY).proposed) == 1


def test_proposing_all_takes_the_deepest_first_and_says_why_each_other_was_left_out(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk, total_yuan=2_500)
    relative = make_file(db, office.clerk, 1, income=RELATIVE_INCOME)
    deep = [make_file(db, office.clerk, n) for n in (2, 3, 4)]
    above = make_file(db, office.clerk, 5, income=ABOVE_INCOME)
    exited = make_file(db, office.clerk, 6)
    worker_files.close(db, office.clerk, exited, "解困", "已脱困", on=TODAY)
    result = assistance.propose(db, office.clerk, campaign_id, ALL, today=TODAY)
    # deepest first: two 深度困难 households use 2,000 元; the third does not fit, the 500 元 相对困难 one does
    assert {p.file_id for p in result.proposed} == {deep[0], deep[1], relative}
    left = {o.file_id: o.reason for o in result.left_out}
    assert set(left) == {deep[2], above}  # an exited file is not even a candidate
    assert "超出总预算" in left[deep[2]] and "尚余 500 元" in left[deep[2]]
    assert "不符合" in left[above]
    again = assistance.propose(db, office.clerk, campaign_id, ALL, today=TODAY)
    assert again.proposed == () and deep[0] not in {o.file_id for o in again.left_out}


def test_a_household_helped_recently_needs_a_recorded_reason(office: Staff) -> None:
    db = office.db
    last = make_campaign(db, office.clerk, name="2026年临时救助", kind="临时救助")
    file_id = make_file(db, office.clerk, 1)
    [item] = assistance.propose(db, office.clerk, last, [file_id], today=TODAY).proposed
    noticed(office, last, [item.item_id])
    transitions.transition(db, office.approver, [item.item_id], S.APPROVED, today=AFTER_NOTICE)
    this = make_campaign(db, office.clerk)
    with pytest.raises(BatchRefused) as refused:
        assistance.propose(db, office.clerk, this, [file_id], today=AFTER_NOTICE)
    # the day of help is the payout's, or (not yet paid) the day the approval was recorded
    assert "在“2026年临时救助”中获帮扶 300 元（已批准），在本活动 12 个月回看期内" in refused.value.refusals[0].reason
    assert "如确需再次帮扶，请填写理由" in refused.value.refusals[0].reason
    in_all = assistance.propose(db, office.clerk, this, ALL, today=AFTER_NOTICE)
    assert [o.file_id for o in in_all.left_out] == [file_id]
    result = assistance.propose(db, office.clerk, this, [file_id], overrides={file_id: "户主住院，主席同意再次慰问"},
                                today=AFTER_NOTICE)
    assert result.proposed[0].override_reason == "户主住院，主席同意再次慰问"


def test_only_a_clerk_may_propose(office: Staff) -> None:
    campaign_id = make_campaign(office.db, office.clerk)
    with pytest.raises(PermissionDenied) as refused:
        assistance.propose(office.db, office.reviewer, campaign_id, [make_file(office.db, office.clerk, 1)])
    assert "经办人" in refused.value.message


# --- the state machine ------------------------------------------------------------------------------

def test_one_campaign_walks_through_every_transition(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk)
    ids = [p.item_id for p in assistance.propose(
        db, office.clerk, campaign_id, [make_file(db, office.clerk, n) for n in range(5)], today=TODAY).proposed]
    main, rejected, voided_draft, voided_approved, objected = ids
    transitions.transition(db, office.clerk, [voided_draft], S.VOIDED, "重复录入", today=TODAY)
    moved(office, [main, rejected, voided_approved, objected], (office.clerk, S.SUBMITTED))
    transitions.transition(db, office.reviewer, [main], S.RETURNED, "缺少收入证明", today=TODAY)
    moved(office, [main], (office.clerk, S.SUBMITTED))
    moved(office, [main, rejected, voided_approved, objected], (office.reviewer, S.REVIEWED))
    notice = notices.start_notice(db, office.reviewer, campaign_id, [main, rejected, voided_approved, objected],
                                  "镇政务公开栏", "镇总工会 0855-2461234", start_date=TODAY)
    objection = notices.record_objection(db, office.reviewer, objected, "旧州村村民（实名）", "家有营运车辆",
                                         raised_on=dt.date(2026, 11, 24))
    assert state_of(db, objected) == S.OBJECTION
    notices.resolve_objection(db, office.reviewer, objection.id, "经核查车辆已出售，异议不成立",
                              resolved_on=dt.date(2026, 11, 25))
    assert state_of(db, objected) == S.SUBMITTED
    transitions.transition(db, office.approver, [rejected], S.REJECTED, "人均收入超过标准", today=AFTER_NOTICE)
    transitions.transition(db, office.approver, [main, voided_approved], S.APPROVED, "同意", today=AFTER_NOTICE)
    transitions.transition(db, office.approver, [voided_approved], S.VOIDED, "户主已去世，家属放弃",
                           today=AFTER_NOTICE)
    transitions.transition(db, office.finance, [main], S.PAID, today=dt.date(2026, 12, 2))
    transitions.transition(db, office.reviewer, [main], S.SAMPLED, "电话回访属实", today=dt.date(2026, 12, 10))
    state = items(db)
    assert {i: state[i][0] for i in ids} == {
        main: "sampled", rejected: "rejected", voided_draft: "voided", voided_approved: "voided",
        objected: "submitted"}
    assert state[main][2:6] == (office.reviewer.id, office.approver.id, notice.id, dt.date(2026, 12, 2))
    with db.read() as session:
        walk = session.execute(select(ItemTransition.from_state, ItemTransition.to_state, ItemTransition.actor_id,
                                      ItemTransition.comment).where(ItemTransition.item_id == main)
                               .order_by(ItemTransition.at)).all()
    assert [(a, b) for a, b, _, _ in walk] == [
        ("draft", "submitted"), ("submitted", "returned"), ("returned", "submitted"), ("submitted", "reviewed"),
        ("reviewed", "in_notice"), ("in_notice", "approved"), ("approved", "paid"), ("paid", "sampled")]
    assert walk[1][2:] == (office.reviewer.id, "缺少收入证明")
    assert walk[4][3].startswith("公示 2026年11月23日至11月27日（5 个工作日）")
    history = approval_queue.item_history(db, objected)
    assert [h.to_state for h in history][-2:] == ["异议", "待审核"] and history[-1].actor == "潘国强"
    assert history[-1].comment == "异议处理：经核查车辆已出售，异议不成立"
    assert verify_chain(db).ok


def test_the_proposer_may_not_review_and_the_reviewer_may_not_approve(office: Staff) -> None:
    db = office.db
    both = user(db, office.admin, "duoneng", "多能", Role.CLERK, Role.REVIEWER, Role.APPROVER)
    campaign_id = make_campaign(db, office.clerk)
    [own] = [p.item_id for p in assistance.propose(db, both, campaign_id, [make_file(db, office.clerk, 1)],
                                                    today=TODAY).proposed]
    transitions.transition(db, both, [own], S.SUBMITTED, today=TODAY)
    with pytest.raises(BatchRefused) as reviewing:
        transitions.transition(db, both, [own], S.REVIEWED, today=TODAY)
    assert "四眼原则：该项由您本人提出，不能由您审核" in reviewing.value.refusals[0].reason
    assert "本单位没有其他" not in reviewing.value.message  # 潘国强 may review it
    with pytest.raises(BatchRefused):
        transitions.transition(db, both, [own], S.RETURNED, "自己退回", today=TODAY)
    # someone else's item: `both` reviews it, and then may not approve it
    [other] = [p.item_id for p in assistance.propose(db, office.clerk, campaign_id, [make_file(db, office.clerk, 2)],
                                                      today=TODAY).proposed]
    transitions.transition(db, office.clerk, [other], S.SUBMITTED, today=TODAY)
    transitions.transition(db, both, [other], S.REVIEWED, today=TODAY)
    notices.start_notice(db, office.reviewer, campaign_id, [other], "公示栏", "工会 0855-2461234", start_date=TODAY)
    with pytest.raises(BatchRefused) as approving:
        transitions.transition(db, both, [other], S.APPROVED, today=AFTER_NOTICE)
    assert "四眼原则：该项由您本人初审，不能再由您审批" in approving.value.refusals[0].reason
    transitions.transition(db, office.approver, [other], S.APPROVED, today=AFTER_NOTICE)


def test_a_one_person_office_is_refused_with_the_rule_named(office_db: Database, admin: SessionUser) -> None:
    db = office_db
    alone = user(db, admin, "yiren", "一人办", Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.FINANCE)
    campaign_id = make_campaign(db, alone)
    [item] = [p.item_id for p in assistance.propose(db, alone, campaign_id, [make_file(db, alone, 1)],
                                                     today=TODAY).proposed]
    transitions.transition(db, alone, [item], S.SUBMITTED, today=TODAY)
    with pytest.raises(BatchRefused) as refused:
        transitions.transition(db, alone, [item], S.REVIEWED, today=TODAY)
    reason = refused.value.refusals[0].reason
    assert "四眼原则" in reason and "本单位没有其他可办理的审核人（一人单位不能自审自批）" in reason
    assert "请管理员为另一名工作人员开通“审核人”角色；程序不允许绕过此规则" in reason
    assert state_of(db, item) == S.SUBMITTED


def test_a_wrong_role_is_refused_naming_the_role(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk)
    ids = [p.item_id for p in assistance.propose(db, office.clerk, campaign_id, [make_file(db, office.clerk, 1)],
                                                  today=TODAY).proposed]
    with pytest.raises(PermissionDenied) as refused:
        transitions.transition(db, office.finance, ids, S.SUBMITTED, today=TODAY)
    assert "“提交审核”需要经办人角色，当前用户“张丽萍”没有该角色" in refused.value.message
    moved(office, ids, (office.clerk, S.SUBMITTED))
    with pytest.raises(PermissionDenied):
        transitions.transition(db, office.clerk, ids, S.REVIEWED, today=TODAY)
    with pytest.raises(BatchRefused) as skipping:
        transitions.transition(db, office.reviewer, ids, S.PAID, today=TODAY)
    assert "当前为“待审核”，不能确认发放" in skipping.value.refusals[0].reason


def test_returning_rejecting_and_voiding_need_a_reason(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk)
    ids = [p.item_id for p in assistance.propose(db, office.clerk, campaign_id, [make_file(db, office.clerk, 1)],
                                                  today=TODAY).proposed]
    moved(office, ids, (office.clerk, S.SUBMITTED))
    with pytest.raises(ValidationFailed) as refused:
        transitions.transition(db, office.reviewer, ids, S.RETURNED, "  ", today=TODAY)
    assert "退回须填写理由" in refused.value.message
    assert state_of(db, ids[0]) == S.SUBMITTED


def test_approval_is_refused_during_the_notice(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk)
    ids = [p.item_id for p in assistance.propose(db, office.clerk, campaign_id, [make_file(db, office.clerk, 1)],
                                                  today=TODAY).proposed]
    noticed(office, campaign_id, ids)
    with pytest.raises(BatchRefused) as refused:
        transitions.transition(db, office.approver, ids, S.APPROVED, today=dt.date(2026, 11, 27))
    assert "公示期（5 个工作日）至 2026年11月27日 止，公示期满后方可审批" in refused.value.refusals[0].reason
    transitions.transition(db, office.approver, ids, S.APPROVED, today=AFTER_NOTICE)


def test_an_exited_file_stops_its_item_going_forward(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk)
    file_id = make_file(db, office.clerk, 1)
    ids = [p.item_id for p in assistance.propose(db, office.clerk, campaign_id, [file_id], today=TODAY).proposed]
    worker_files.close(db, office.clerk, file_id, "脱困", "已脱困", on=TODAY)
    with pytest.raises(BatchRefused) as refused:
        transitions.transition(db, office.clerk, ids, S.SUBMITTED, today=TODAY)
    assert "档案为“脱困”，不再在档，不能提交审核" in refused.value.refusals[0].reason
    transitions.transition(db, office.clerk, ids, S.VOIDED, "档案已脱困", today=TODAY)


def test_a_batch_is_all_or_nothing_and_lists_each_refused_item(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk)
    ids = [p.item_id for p in assistance.propose(
        db, office.clerk, campaign_id, [make_file(db, office.clerk, n) for n in range(3)], today=TODAY).proposed]
    moved(office, ids, (office.clerk, S.SUBMITTED))
    transitions.transition(db, office.reviewer, [ids[1]], S.REVIEWED, today=TODAY)
    before = items(db)
    with db.read() as session:
        audit_before = session.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(BatchRefused) as refused:
        transitions.transition(db, office.reviewer, ids, S.REVIEWED, today=TODAY)
    [why] = refused.value.refusals
    assert why.id == ids[1] and why.who == f"{name_of(1)}（档案 DA-2026-0002）"
    assert "当前为“初审通过”" in why.reason
    assert refused.value.message.startswith("不能初审通过：共 1 项被拒绝，本次全部未作改动。")
    assert items(db) == before
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == audit_before


def test_a_batch_written_in_bulk_leaves_the_audit_entries_the_orm_would(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk)
    bulk, orm = [p.item_id for p in assistance.propose(
        db, office.clerk, campaign_id, [make_file(db, office.clerk, n) for n in range(2)], today=TODAY).proposed]
    moved(office, [bulk, orm], (office.clerk, S.SUBMITTED))
    transitions.transition(db, office.reviewer, [bulk], S.REVIEWED, "初审通过", today=TODAY)
    with db.write(office.reviewer.actor) as session:
        row = session.get(AssistanceItem, orm)
        assert row is not None
        row.state, row.reviewed_by = "reviewed", office.reviewer.id
        session.add(ItemTransition(origin_office_id=office.reviewer.office_id, item_id=orm, from_state="submitted",
                                   to_state="reviewed", actor_id=office.reviewer.id, comment="初审通过"))
    with db.read() as session:
        def entries(item_id: uuid.UUID) -> list[tuple[str, str, dict, dict]]:
            move_ids = [str(i) for i in session.scalars(select(ItemTransition.id).where(
                ItemTransition.item_id == item_id, ItemTransition.to_state == "reviewed"))]
            found = session.scalars(select(AuditEntry).where(AuditEntry.entity_id.in_([str(item_id), *move_ids]))
                                    .order_by(AuditEntry.seq)).all()
            out = []
            for e in found[-2:]:
                before, after = (json.loads(t) if t else {} for t in (e.before_json, e.after_json))
                for volatile in ("id", "item_id", "created_at", "updated_at", "at"):
                    after.pop(volatile, None)
                out.append((e.action, e.entity, before, after))
            return out

        assert entries(bulk) == entries(orm)
        assert entries(bulk)[0] == ("update", "assistance_items", {"state": "submitted", "reviewed_by": None},
                                    {"state": "reviewed", "reviewed_by": str(office.reviewer.id)})
    assert items(db)[bulk][:3] == items(db)[orm][:3]
    assert verify_chain(db).ok


# --- the queue --------------------------------------------------------------------------------------

def test_the_queue_shows_each_user_what_waits_for_them(office: Staff) -> None:
    db = office.db
    both = user(db, office.admin, "duoneng", "多能", Role.CLERK, Role.REVIEWER)
    campaign_id = make_campaign(db, office.clerk)
    mine = assistance.propose(db, both, campaign_id, [make_file(db, office.clerk, 1)], today=TODAY).proposed
    theirs = assistance.propose(db, office.clerk, campaign_id, [make_file(db, office.clerk, 2)], today=TODAY).proposed
    ids = [mine[0].item_id, theirs[0].item_id]
    moved(office, ids, (office.clerk, S.SUBMITTED))
    [group] = approval_queue.queue(db, both, today=TODAY)
    # Their own proposal is listed after the others, marked and without actions: never theirs to review.
    assert [(i.item_id, i.own) for i in group.items] == [(theirs[0].item_id, False), (mine[0].item_id, True)]
    assert group.items[1].actions == () and group.items[1].waiting == "本人经办，须由他人审核"
    row = group.items[0]
    assert (row.state_label, row.name, row.file_no, row.category, row.amount_fen) == (
        "待审核", name_of(2), "DA-2026-0002", "深度困难", 100_000)
    assert "*" in row.id_number and row.phone.count("*") == 4 and "家庭月人均收入" in row.reason
    assert set(row.actions) == {S.REVIEWED, S.RETURNED} and group.campaign_name == "2027年元旦春节送温暖"
    moved(office, ids, (office.reviewer, S.REVIEWED))
    notices.start_notice(db, office.reviewer, campaign_id, ids, "公示栏", "工会 0855-2461234", start_date=TODAY)
    [waiting] = approval_queue.queue(db, office.approver, today=TODAY)
    assert {i.waiting for i in waiting.items} == {"公示期至 2026-11-27 止，期满后方可审批"}
    [ready] = approval_queue.queue(db, office.approver, today=AFTER_NOTICE)
    assert {i.waiting for i in ready.items} == {""} and ready.total_fen == 200_000
    assert approval_queue.queue(db, office.finance, today=TODAY) == []
    every = approval_queue.campaign_items(db, office.finance, campaign_id,
                                          approval_queue.QueueFilter(text=name_of(2)))
    assert [i.item_id for i in every] == [theirs[0].item_id]
