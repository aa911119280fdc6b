"""首页's to-do list against the demo office (seed 7, 300 workers) on its own "today", 2026-11-20, with
the figures counted by hand in the demo (sqlite3 on a fresh build):

- items: 15 drafts, 8 returned, 13 submitted, 18 reviewed, 5 objections, 27 in a notice that ran
  2026-11-10 – 11-16, all proposed by 经办人 吴晓燕 (jingban) and reviewed by 审核人 (shenhe);
- 2026年金秋助学: 39 approved, 16 of them with a voucher printed (none confirmed paid);
- 228 files 在档, 29 of them last reviewed before 2025-11-20 (or never);
- visits: none on the 20th nor the 21st; 4 on the 12th (10 households), 2 on the 13th (2), 4 on the 18th
  (5), 5 on the 19th (9).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.access import auth, users
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.payouts import payouts, vouchers
from songnuan_desktop.demo.data import DEMO_TODAY, PASSWORD
from songnuan_desktop.services.home.todo import (
    APPROVE, NOTICE_ENDING, OBJECTIONS, RETURNED, REVIEW, REVIEW_DUE_FILES, ROLES_MISSING, SUBMIT, TO_NOTICE, TO_PRINT,
    UNPAID, VISITS_TODAY, VISITS_TOMORROW, TodoLine, todo,
)
from tests.demo_offices import DemoOffices

AUTUMN = "2026年金秋助学"
WINTER = "2027年元旦春节送温暖"


@pytest.fixture
def demo(demo_offices: DemoOffices, db_url: str) -> Iterator[Database]:
    yield from demo_offices.opened(db_url, workers=300, seed=7)


def counts(lines: list[TodoLine]) -> dict[str, int]:
    return {line.kind: line.count for line in lines}


def lines_of(db: Database, username: str, today: dt.date = DEMO_TODAY) -> list[TodoLine]:
    return todo(db, auth.login(db, username, PASSWORD), today)


def test_each_role_sees_its_own_work_on_the_demo_day(demo: Database) -> None:
    assert DEMO_TODAY == dt.date(2026, 11, 20)
    clerk = lines_of(demo, "jingban")
    assert counts(clerk) == {SUBMIT: 15, RETURNED: 8, TO_PRINT: 23, REVIEW_DUE_FILES: 29}
    assert [line.kind for line in clerk] == [SUBMIT, RETURNED, TO_PRINT, REVIEW_DUE_FILES]
    assert counts(lines_of(demo, "shenhe")) == {REVIEW: 13, TO_NOTICE: 18, OBJECTIONS: 5}
    assert counts(lines_of(demo, "shenpi")) == {APPROVE: 27}  # the notice ended on the 16th
    finance = lines_of(demo, "caiwu")
    assert counts(finance) == {TO_PRINT: 23, UNPAID: 16}
    assert {(line.campaign_name, line.screen) for line in finance} == {(AUTUMN, "payouts")}
    assert lines_of(demo, "admin") == []  # nothing waits for an administrator: no zero lines either


def test_each_line_names_its_screen_and_filter(demo: Database) -> None:
    by_kind = {line.kind: line for line in lines_of(demo, "jingban") + lines_of(demo, "caiwu")}
    assert (by_kind[SUBMIT].screen, by_kind[SUBMIT].state) == ("approval", "draft")
    assert (by_kind[RETURNED].screen, by_kind[RETURNED].state) == ("approval", "returned")
    assert (by_kind[REVIEW_DUE_FILES].screen, by_kind[REVIEW_DUE_FILES].state) == ("files", "")
    assert (by_kind[TO_PRINT].state, by_kind[UNPAID].state) == ("unprinted", "printed")
    assert by_kind[UNPAID].campaign_id == by_kind[TO_PRINT].campaign_id is not None


def test_never_my_own_proposals_nor_what_i_reviewed(demo: Database) -> None:
    admin = auth.login(demo, "admin", PASSWORD)
    clerk = next(u for u in users.list_users(demo, admin.office_id) if u.username == "jingban")
    users.update_user(demo, admin, clerk.id, clerk.display_name,
                      frozenset({Role.CLERK, Role.REVIEWER, Role.APPROVER}), True)
    mine = counts(lines_of(demo, "jingban"))
    # every submitted and noticed item is jingban's own proposal: none waits for them to review or approve
    assert REVIEW not in mine and APPROVE not in mine
    assert (mine[TO_NOTICE], mine[OBJECTIONS]) == (18, 5)  # no four-eyes rule on these steps
    reviewer = next(u for u in users.list_users(demo, admin.office_id) if u.username == "shenhe")
    users.update_user(demo, admin, reviewer.id, reviewer.display_name,
                      frozenset({Role.REVIEWER, Role.APPROVER}), True)
    assert APPROVE not in counts(lines_of(demo, "shenhe"))  # shenhe reviewed all 27
    assert counts(lines_of(demo, "shenpi"))[APPROVE] == 27


def test_notices_ending_within_three_working_days(demo: Database) -> None:
    # the notice ends on Monday 16 November: Thursday the 12th has Fri 13, Mon 16, Tue 17 ahead
    for today, expected in ((dt.date(2026, 11, 10), 0), (dt.date(2026, 11, 11), 1), (dt.date(2026, 11, 12), 1),
                            (dt.date(2026, 11, 16), 1), (dt.date(2026, 11, 17), 0)):
        found = [line for line in lines_of(demo, "shenhe", today) if line.kind == NOTICE_ENDING]
        assert len(found) == expected, today
        if found:
            line = found[0]
            assert (line.count, line.campaign_name, line.day, line.screen, line.state) == (
                27, WINTER, dt.date(2026, 11, 16), "campaigns", "in_notice")
    # Tuesday the 10th: Wed 11, Thu 12, Fri 13 are the three; the weekend does not count, Monday is the 4th
    assert NOTICE_ENDING not in counts(lines_of(demo, "shenpi", dt.date(2026, 11, 10)))
    assert NOTICE_ENDING not in counts(lines_of(demo, "jingban", dt.date(2026, 11, 12)))  # not a clerk's line


def test_visits_of_today_and_tomorrow(demo: Database) -> None:
    lines = {line.kind: line for line in lines_of(demo, "jingban", dt.date(2026, 11, 12))}
    assert (lines[VISITS_TODAY].count, lines[VISITS_TODAY].households, lines[VISITS_TODAY].day) == (
        4, 10, dt.date(2026, 11, 12))
    assert (lines[VISITS_TOMORROW].count, lines[VISITS_TOMORROW].households) == (2, 2)
    lines = {line.kind: line for line in lines_of(demo, "caiwu", dt.date(2026, 11, 18))}
    assert (lines[VISITS_TODAY].count, lines[VISITS_TOMORROW].count, lines[VISITS_TOMORROW].households) == (4, 5, 9)
    assert lines[VISITS_TOMORROW].day == dt.date(2026, 11, 19) and lines[VISITS_TOMORROW].screen == "visits"


def test_a_confirmed_payment_leaves_the_unpaid_line(demo: Database) -> None:
    finance = auth.login(demo, "caiwu", PASSWORD)
    unpaid = next(line for line in todo(demo, finance, DEMO_TODAY) if line.kind == UNPAID)
    assert unpaid.campaign_id is not None
    printed = [v for v in vouchers.vouchers_of(demo, finance, unpaid.campaign_id) if not v.voided]
    assert len(printed) == 16
    payouts.mark_paid(demo, finance, [v.item_id for v in printed[:6]], DEMO_TODAY, "cash", today=DEMO_TODAY)
    assert counts(todo(demo, finance, DEMO_TODAY))[UNPAID] == 10


def test_a_new_offices_administrator_is_told_which_roles_nobody_holds(admin: SessionUser, office_db: Database) -> None:
    """The setup wizard leaves only the administrator, who cannot file, import, review or approve: the first
    line of the administrator's day names the roles nobody holds, and goes as users are given them."""
    first = todo(office_db, admin)
    assert [(line.kind, line.count, line.screen, line.roles) for line in first] == [
        (ROLES_MISSING, 4, "settings", (Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.FINANCE))]
    users.create_user(office_db, admin, "jingban", "李经办", "Jingban2026", frozenset({Role.CLERK, Role.FINANCE}))
    assert [line.roles for line in todo(office_db, admin)] == [(Role.REVIEWER, Role.APPROVER)]
    clerk = auth.login(office_db, "jingban", "Jingban2026")
    assert ROLES_MISSING not in counts(todo(office_db, clerk))  # only those who may add users are told
    made = users.create_user(office_db, admin, "shenhe", "审核人", "Shenhe2026", frozenset({Role.REVIEWER}))
    users.create_user(office_db, admin, "shenpi", "审批人", "Shenpi2026", frozenset({Role.APPROVER}))
    assert todo(office_db, admin) == []
    users.update_user(office_db, admin, made.id, made.display_name, frozenset({Role.REVIEWER}), False)
    assert [line.roles for line in todo(office_db, admin)] == [(Role.REVIEWER,)]  # a disabled account holds none


def test_a_county_administrator_is_not_asked_for_township_roles(demo_offices: DemoOffices, db_url: str) -> None:
    for county in demo_offices.county_office(db_url):
        assert todo(county, auth.login(county, "admin", PASSWORD)) == []
