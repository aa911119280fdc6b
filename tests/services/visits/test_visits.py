"""Visits: groups, create / change / move / delete with the stale refusal, outcomes with photos, and
every conflict rule proven to fire and not to fire."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from songnuan_desktop.domain.errors import NotFound, PermissionDenied, ValidationFailed
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry, Visit
from songnuan_desktop.services.campaigns import assistance
from songnuan_desktop.services.files import attachments, file_history
from songnuan_desktop.services import visits
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.visits import GroupInput, VisitInput
from tests.services.campaigns.assistance_helpers import TODAY, Staff, make_campaign, make_file, staff

T = dt.time
MON = dt.date(2026, 11, 23)  # a working Monday inside the campaign (1 Nov 2026 – 28 Feb 2027)


@pytest.fixture
def office(office_db: Database, admin: SessionUser) -> Staff:
    return staff(office_db, admin)


def group(office: Staff, name: str = "第一慰问组") -> uuid.UUID:
    return visits.save_group(office.db, office.clerk, GroupInput(name, "镇党委副书记 王建军", "龙正华、吴晓燕",
                                                                 "贵H·J0127", "13985511027")).id


def visit(office: Staff, group_id: uuid.UUID, files: tuple[uuid.UUID, ...], day: dt.date = MON,
          times: tuple[dt.time, dt.time] = (T(9), T(10)), purpose: str = "节日慰问",
          campaign_id: uuid.UUID | None = None) -> visits.VisitView:
    return visits.create_visit(office.db, office.clerk, VisitInput(group_id, day, times[0], times[1], purpose, files,
                                                                   campaign_id))


def kinds(office: Staff, start: dt.date = MON, end: dt.date = MON, today: dt.date = TODAY,
          campaign_id: uuid.UUID | None = None) -> list[tuple[str, str]]:
    found = visits.conflicts_between(office.db, office.clerk, start, end, campaign_id, today=today)
    return [(c.kind, c.message) for c in found]


# --- groups and CRUD ------------------------------------------------------------------------------

def test_groups_are_saved_listed_in_order_and_a_stale_change_is_refused(office: Staff) -> None:
    first, second = group(office), group(office, "第二慰问组")
    assert [g.name for g in visits.groups(office.db, office.clerk.office_id)] == ["第一慰问组", "第二慰问组"]
    old = visits.groups(office.db, office.clerk.office_id)[0]
    changed = visits.save_group(office.db, office.clerk, GroupInput("第一慰问组", "副镇长 邰仙梅", active=False),
                                first, old.row_version)
    assert changed.leader == "副镇长 邰仙梅" and changed.row_version == old.row_version + 1
    assert [g.id for g in visits.groups(office.db, office.clerk.office_id)] == [second]
    assert len(visits.groups(office.db, office.clerk.office_id, include_inactive=True)) == 2
    with pytest.raises(ValidationFailed, match="已被他人修改"):
        visits.save_group(office.db, office.clerk, GroupInput("第一慰问组", "王建军"), first, old.row_version)
    with pytest.raises(ValidationFailed, match="已有名为“第二慰问组”"):
        visits.save_group(office.db, office.clerk, GroupInput("第二慰问组", "王建军"), first)
    with pytest.raises(PermissionDenied):
        visits.save_group(office.db, office.finance, GroupInput("第三慰问组", "王建军"))


def test_a_visit_is_created_read_changed_moved_and_deleted_with_stale_refusals(office: Staff) -> None:
    g1, g2 = group(office), group(office, "第二慰问组")
    a = make_file(office.db, office.clerk, 1, address="黄平县旧州镇寨碧村3组12号")
    b = make_file(office.db, office.clerk, 2)
    made = visit(office, g1, (a, b))
    assert [h.file_id for h in made.households] == [a, b] and made.outcome == "计划" and made.group_name == "第一慰问组"
    assert made.households[0].village == "寨碧村" and made.households[0].phone == "13808550001"  # the clerk sees it
    approver_view = visits.visits_between(office.db, office.approver, MON, MON)
    assert approver_view[0].households[0].phone == "138****0001"
    changed = visits.update_visit(office.db, office.clerk, made.id, VisitInput(
        g1, MON, T(14), T(15), "三必访-住院", (b,), note="带上慰问品"), made.row_version)
    assert changed.row_version > made.row_version and [h.file_id for h in changed.households] == [b]
    with pytest.raises(ValidationFailed, match="已被他人修改"):
        visits.update_visit(office.db, office.clerk, made.id, VisitInput(g1, MON, T(9), T(10), "节日慰问", (a,)),
                            made.row_version)
    moved = visits.move_visit(office.db, office.clerk, made.id, MON + dt.timedelta(days=1), T(9, 30), T(10, 30), g2,
                              changed.row_version)
    assert (moved.date, moved.start_time, moved.group_name, moved.purpose) == (
        MON + dt.timedelta(days=1), T(9, 30), "第二慰问组", "三必访-住院")
    with pytest.raises(ValidationFailed, match="已被他人修改"):
        visits.delete_visit(office.db, office.clerk, made.id, changed.row_version)
    visits.delete_visit(office.db, office.clerk, made.id, moved.row_version)
    assert visits.visits_between(office.db, office.clerk, MON, MON + dt.timedelta(days=7)) == []
    with office.db.read() as session:
        assert session.get(Visit, made.id).deleted  # soft: kept, and the change logged
        logged = session.scalars(select(AuditEntry.after_json).where(AuditEntry.entity == "visits",
                                                                     AuditEntry.entity_id == str(made.id))).all()
    assert any('"deleted":true' in text for text in logged)
    with pytest.raises(NotFound):
        visits.get_visit(office.db, office.clerk, made.id)


def test_bad_input_and_wrong_roles_are_refused_in_words(office: Staff) -> None:
    g = group(office)
    a = make_file(office.db, office.clerk, 1)
    with pytest.raises(ValidationFailed, match="应晚于开始时间"):
        visit(office, g, (a,), times=(T(10), T(9)))
    with pytest.raises(ValidationFailed, match="至少选择一户"):
        visit(office, g, ())
    with pytest.raises(ValidationFailed, match="走访事由"):
        visit(office, g, (a,), purpose="串门")
    with pytest.raises(PermissionDenied, match="经办人"):
        visits.create_visit(office.db, office.finance, VisitInput(g, MON, T(9), T(10), "节日慰问", (a,)))


def test_a_campaign_visit_links_the_household_item_and_shows_the_amount(office: Staff) -> None:
    campaign = make_campaign(office.db, office.clerk)
    a = make_file(office.db, office.clerk, 1)
    item = assistance.propose(office.db, office.clerk, campaign, [a], today=TODAY).proposed[0]
    made = visit(office, group(office), (a,), campaign_id=campaign)
    assert made.households[0].item_id == item.item_id and made.households[0].amount_fen == item.amount_fen
    assert made.campaign_name == "2027年元旦春节送温暖"


# --- the double booking: refused on write, reported on read ----------------------------------------

def test_a_group_double_booking_is_refused_and_touching_slots_are_not(office: Staff) -> None:
    g, other = group(office), group(office, "第二慰问组")
    a, b = make_file(office.db, office.clerk, 1), make_file(office.db, office.clerk, 2)
    first = visit(office, g, (a,), times=(T(9), T(10, 30)))
    with pytest.raises(ValidationFailed, match=r"第一慰问组2026年11月23日 09:00–10:30 已安排走访.*时间重叠"):
        visit(office, g, (b,), times=(T(10), T(11)))
    visit(office, g, (b,), times=(T(10, 30), T(11)))  # touching ends: not a clash
    visit(office, other, (b,), times=(T(10), T(11)))  # another group at the same time: fine
    second = visit(office, g, (b,), times=(T(14), T(15)))
    with pytest.raises(ValidationFailed, match="时间重叠"):
        visits.move_visit(office.db, office.clerk, second.id, MON, T(9, 30), T(10), g, second.row_version)
    visits.move_visit(office.db, office.clerk, first.id, MON, T(8), T(9), g, first.row_version)  # itself is no clash
    assert [k for k, _ in kinds(office)] == []


def test_a_double_booking_already_in_the_data_is_reported_as_an_error(office: Staff) -> None:
    g = group(office)
    a, b = make_file(office.db, office.clerk, 1), make_file(office.db, office.clerk, 2)
    visit(office, g, (a,), times=(T(9), T(10, 30)))
    later = visit(office, g, (b,), times=(T(14), T(15)))
    with office.db.write(office.clerk.actor) as session:  # as an import or an older version could leave it
        row = session.get(Visit, later.id)
        row.start_time, row.end_time = T(10), T(11, 30)
    found = visits.conflicts_between(office.db, office.clerk, MON, MON, today=TODAY)
    assert [(c.kind, c.severity) for c in found] == [("group_overlap", "error")]
    assert "第一慰问组2026年11月23日同时安排了两处走访" in found[0].message and "测" in found[0].message


# --- warnings -------------------------------------------------------------------------------------

def test_a_household_visited_twice_in_one_campaign_is_a_warning(office: Staff) -> None:
    campaign = make_campaign(office.db, office.clerk)
    g = group(office)
    a = make_file(office.db, office.clerk, 1)
    first = visit(office, g, (a,), campaign_id=campaign)
    assert kinds(office, campaign_id=campaign) == []
    visit(office, g, (a,), day=MON + dt.timedelta(days=2), campaign_id=campaign)
    found = kinds(office, MON, MON + dt.timedelta(days=7))
    assert [k for k, _ in found] == ["twice_in_campaign"]
    assert "安排了 2 次走访（2026年11月23日、2026年11月25日）" in found[0][1]
    visits.record_outcome(office.db, office.clerk, first.id, "不在家", {})  # not at home: a second visit is due
    assert kinds(office, MON, MON + dt.timedelta(days=7)) == []
    visit(office, g, (a,), day=MON + dt.timedelta(days=3))  # outside any campaign: not counted
    assert kinds(office, MON, MON + dt.timedelta(days=7)) == []


def test_a_visit_outside_the_campaign_period_is_a_warning(office: Staff) -> None:
    campaign = make_campaign(office.db, office.clerk)  # 2026-11-01 … 2027-02-28
    g, a = group(office), make_file(office.db, office.clerk, 1)
    visit(office, g, (a,), day=dt.date(2026, 10, 30), campaign_id=campaign)
    visit(office, g, (a,), day=dt.date(2026, 10, 29))  # no campaign: no period to leave
    found = kinds(office, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert [k for k, _ in found] == ["outside_campaign"]
    assert "在“2027年元旦春节送温暖”活动期（2026年11月1日至2027年2月28日）开始前" in found[0][1]


def test_a_visit_on_a_holiday_or_weekend_is_a_warning_and_a_make_up_workday_is_not(office: Staff) -> None:
    g, a = group(office), make_file(office.db, office.clerk, 1)
    visit(office, g, (a,), day=dt.date(2026, 2, 18))  # 春节假期
    visit(office, g, (a,), day=dt.date(2026, 11, 21))  # a Saturday
    visit(office, g, (a,), day=dt.date(2026, 2, 14))  # a Saturday worked (调休上班)
    visit(office, g, (a,), day=dt.date(2027, 1, 9))  # a Saturday in a year only estimated
    found = [m for k, m in kinds(office, dt.date(2026, 1, 1), dt.date(2027, 12, 31)) if k == "day_off"]
    assert len(found) == 3
    assert "当天是春节假期（星期三）" in found[0] and "当天是星期六" in found[1]
    assert "2027年假日安排按法定节日推算，未含调休，请核对" in found[2]


# --- reminders ------------------------------------------------------------------------------------

def test_a_pair_household_with_fewer_than_three_visits_this_year_is_reminded(office: Staff) -> None:
    g, a = group(office), make_file(office.db, office.clerk, 1)
    visit(office, g, (a,), day=dt.date(2026, 3, 10), purpose="结对帮扶")
    third = dt.date(2026, 12, 8)
    visits.record_outcome(office.db, office.clerk, visit(office, g, (a,), day=dt.date(2026, 6, 10),
                                                         purpose="结对帮扶").id, "已走访", {})
    found = [m for k, m in kinds(office) if k == "pair_visits"]
    assert len(found) == 1 and "2026年已走访 1 次、已安排 1 次" in found[0] and "还差 1 次" in found[0]
    visit(office, g, (a,), day=third, purpose="结对帮扶")
    assert [k for k, _ in kinds(office)] == []
    assert [k for k, _ in kinds(office, today=dt.date(2027, 1, 5))] == ["pair_visits"]  # a new year starts at 0


def test_a_must_visit_event_without_a_visit_within_seven_days_is_reminded(office: Staff) -> None:
    g = group(office)
    event = dt.date(2026, 11, 10)
    ill = make_file(office.db, office.clerk, 1, causes=("患重特大疾病",), hardship_event_date=event)
    make_file(office.db, office.clerk, 2, causes=("下岗失业",), hardship_event_date=event)  # not a 三必访 cause
    make_file(office.db, office.clerk, 3, causes=("遭受意外事故",), hardship_event_date=dt.date(2026, 9, 1))  # old
    found = [(m, c) for c in visits.conflicts_between(office.db, office.clerk, MON, MON, today=TODAY)
             if c.kind == "must_visit" for m in [c.message]]
    assert len(found) == 1 and found[0][1].file_id == ill
    assert "2026年11月10日患重特大疾病，属三必访，7 天内（至2026年11月17日）没有安排走访：已超过 6 天" in found[0][0]
    visit(office, g, (ill,), day=dt.date(2026, 11, 25), purpose="三必访-住院")  # too late: still reminded
    assert [k for k, _ in kinds(office)] == ["must_visit"]
    visit(office, g, (ill,), day=dt.date(2026, 11, 16), purpose="三必访-住院")
    assert [k for k, _ in kinds(office)] == []


# --- outcomes ---------------------------------------------------------------------------------------

def test_an_outcome_keeps_the_clears_and_attaches_photos_to_every_file(office: Staff, tmp_path: Path) -> None:
    g = group(office)
    a, b = make_file(office.db, office.clerk, 1), make_file(office.db, office.clerk, 2)
    made = visit(office, g, (a, b), day=dt.date(2026, 11, 20))
    photo = tmp_path / "走访.jpg"
    photo.write_bytes(b"\xff\xd8 not really a jpeg")
    done = visits.record_outcome(office.db, office.clerk, made.id, "已走访",
                                 {"家庭状况": "家庭3口人", "就业要求": "希望参加技能培训", "思想状态": " "},
                                 note="送去慰问品", photos=(photo,))
    assert done.outcome == "已走访" and done.note == "送去慰问品"
    assert done.clears == (("家庭状况", "家庭3口人"), ("就业要求", "希望参加技能培训"))
    for file_id in (a, b):
        assert [(x.kind, x.original_name) for x in attachments.list_for(office.db, file_id)] == [("照片", "走访.jpg")]
    with office.db.read() as session:
        assert json.loads(session.get(Visit, made.id).outcome_json) == dict(done.clears)
    with pytest.raises(ValidationFailed, match="五清"):
        visits.record_outcome(office.db, office.clerk, made.id, "已走访", {"收入": "x"})
    with pytest.raises(ValidationFailed, match="走访结果"):
        visits.record_outcome(office.db, office.clerk, made.id, "完成", {})
    history = file_history.history(office.db, office.clerk, a)
    assert [(h.item_kind, h.state) for h in history.assistance] == [("走访慰问（节日慰问）", "已走访")]


def test_search_finds_files_by_pinyin_initials_and_name(office: Staff) -> None:
    a = make_file(office.db, office.clerk, 1, address="黄平县旧州镇东坡村2组5号")
    found = visits.search_households(office.db, office.clerk, "测")
    assert a in [h.file_id for h in found] and found[0].village == "东坡村"
    name = found[0].name
    assert visits.search_households(office.db, office.clerk, name)[0].file_id == a
    assert visits.search_households(office.db, office.clerk, "") == []
