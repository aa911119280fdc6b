"""首页's to-do list (待办): what waits for the signed-in user on a day, one counted line per kind of
work, each naming the screen that shows it and the filter that narrows it there.

Per role (a person holding several roles sees the lines of each):

- clerk (经办人): drafts to submit, returned items to correct; files 在档 not reviewed for a year
  (the files screen's own filter, `file_list.conditions_of`);
- reviewer (审核人): submitted items to review — never their own proposals (four eyes); reviewed items
  to put in a notice; objections to settle;
- approver (审批人): items whose notice has ended, to approve — never those they proposed or reviewed;
- reviewer and approver: notices ending today or within the next 3 working days (公示 periods count
  working days with the State Council's holidays, `domain.workdays`, as the notice itself does);
- clerk and finance (who print vouchers): approved items without a voucher, per campaign;
- finance (财务): items whose voucher is printed and not yet confirmed paid, per campaign;
- everyone: the visits of today and of tomorrow;
- administrator of a township office: the roles of the assistance work (经办人, 审核人, 审批人, 财务) no active
  user holds yet — a new office has only its administrator, who cannot file, import or approve.

Lines with nothing to do are left out. No Qt and no words here: the home screen words each kind.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.roles import TOWNSHIP_WORK_ROLES, Role
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.domain.workdays import add_working_days
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import (
    AssistanceItem, Campaign, Notice, Office, User, UserRole, Visit, VisitHousehold, Voucher, WorkerFile,
)
from songnuan_desktop.services.files.file_list import FileFilter, conditions_of
from songnuan_desktop.services.office.session_user import SessionUser

S = ItemState
NOTICE_WORKING_DAYS = 3  # "ending in the next 3 working days"
# The files screen's filter behind the "not reviewed for a year" line (the same rule, the same list).
REVIEW_DUE = FileFilter(status="在档", not_reviewed_for_a_year=True)

# kinds of line, in the order they are shown
SUBMIT, RETURNED, REVIEW, TO_NOTICE, OBJECTIONS, APPROVE = (
    "submit", "returned", "review", "to_notice", "objections", "approve")
NOTICE_ENDING, VISITS_TODAY, VISITS_TOMORROW = "notice_ending", "visits_today", "visits_tomorrow"
TO_PRINT, UNPAID, REVIEW_DUE_FILES = "to_print", "unpaid", "review_due"
ROLES_MISSING = "roles_missing"

UNPRINTED = "unprinted"  # the payouts screen's filter "approved, no voucher yet"
PRINTED_UNPAID = "printed"  # the payouts screen's filter "voucher printed, not yet paid"
# screens of the main window (its ScreenSpec keys)
APPROVAL, CAMPAIGNS, VISITS, PAYOUTS, FILES, SETTINGS = (
    "approval", "campaigns", "visits", "payouts", "files", "settings")


@dataclass(frozen=True)
class TodoLine:
    kind: str
    count: int  # items, notices' items, visits or files
    screen: str  # where it is done
    state: str = ""  # what the screen's state filter is set to: an item state, UNPRINTED, or "" (none)
    campaign_id: uuid.UUID | None = None
    campaign_name: str = ""
    day: dt.date | None = None  # the visits' day, the notice's last day
    households: int = 0  # the visits' households
    roles: tuple[Role, ...] = ()  # ROLES_MISSING: the roles no active user holds


def todo(db: Database, user: SessionUser, today: dt.date | None = None) -> list[TodoLine]:
    """The user's lines for `today` (the real today unless given: tests and a demo office give theirs)."""
    today = today or dt.date.today()
    with db.read() as session:
        lines = _roles_missing(session, user) if user.may(Action.NEW_USER) else []
        lines += _queue_lines(session, user, today)
        if user.has(Role.REVIEWER) or user.has(Role.APPROVER):
            lines += _notices_ending(session, user, today)
        if user.may(Action.PRINT_VOUCHERS):
            lines += _vouchers(session, user, printed=False)
        if user.may(Action.MARK_PAID):
            lines += _vouchers(session, user, printed=True)
        lines += _visits(session, user, today)
        if user.may(Action.REVIEW_FILE):
            lines += _review_due(session, user, today)
    return [line for line in lines if line.count > 0]


def _roles_missing(session: Session, user: SessionUser) -> list[TodoLine]:
    """For an administrator of a township office: the work roles no active user of the office holds."""
    if session.scalar(select(Office.level).where(Office.id == user.office_id)) != "township":
        return []
    held = set(session.scalars(select(UserRole.role).join(User, User.id == UserRole.user_id)
                               .where(User.office_id == user.office_id, User.active.is_(True))))
    missing = tuple(role for role in TOWNSHIP_WORK_ROLES if role.value not in held)
    return [TodoLine(ROLES_MISSING, len(missing), SETTINGS, roles=missing)] if missing else []


def _count(session: Session, user: SessionUser, *conditions: ColumnElement[bool]) -> int:
    i = AssistanceItem
    query = (select(func.count()).select_from(i).join(Campaign, Campaign.id == i.campaign_id)
             .where(Campaign.office_id == user.office_id, Campaign.deleted.is_(False), *conditions))
    return int(session.scalar(query) or 0)


def _queue_lines(session: Session, user: SessionUser, today: dt.date) -> list[TodoLine]:
    """What the approval queue holds for this user that they may act on now (four eyes applied)."""
    i, lines = AssistanceItem, []
    if user.has(Role.CLERK):
        lines += [TodoLine(SUBMIT, _count(session, user, i.state == S.DRAFT.value), APPROVAL, S.DRAFT.value),
                  TodoLine(RETURNED, _count(session, user, i.state == S.RETURNED.value), APPROVAL,
                           S.RETURNED.value)]
    if user.has(Role.REVIEWER):
        lines += [
            TodoLine(REVIEW, _count(session, user, i.state == S.SUBMITTED.value, i.proposed_by != user.id),
                     APPROVAL, S.SUBMITTED.value),
            TodoLine(TO_NOTICE, _count(session, user, i.state == S.REVIEWED.value), APPROVAL, S.REVIEWED.value),
            TodoLine(OBJECTIONS, _count(session, user, i.state == S.OBJECTION.value), APPROVAL,
                     S.OBJECTION.value)]
    if user.has(Role.APPROVER):
        ended = exists().where(Notice.id == i.notice_id, Notice.end_date < today)
        lines.append(TodoLine(APPROVE, _count(
            session, user, i.state == S.IN_NOTICE.value, ended, i.proposed_by != user.id,
            or_(i.reviewed_by.is_(None), i.reviewed_by != user.id)), APPROVAL, S.IN_NOTICE.value))
    return lines


def _notices_ending(session: Session, user: SessionUser, today: dt.date) -> list[TodoLine]:
    """Notices whose last day is today or one of the next 3 working days, with the items still in them."""
    horizon = add_working_days(today + dt.timedelta(days=1), NOTICE_WORKING_DAYS)
    i = AssistanceItem
    rows = session.execute(
        select(Notice.campaign_id, Campaign.name, Notice.end_date, func.count(i.id))
        .join(Campaign, Campaign.id == Notice.campaign_id)
        .join(i, and_(i.notice_id == Notice.id, i.state == S.IN_NOTICE.value))
        .where(Campaign.office_id == user.office_id, Campaign.deleted.is_(False),
               Notice.end_date >= today, Notice.end_date <= horizon)
        .group_by(Notice.id, Notice.campaign_id, Campaign.name, Notice.end_date)
        .order_by(Notice.end_date, Campaign.name))
    return [TodoLine(NOTICE_ENDING, int(n), CAMPAIGNS, S.IN_NOTICE.value, cid, name, end)
            for cid, name, end, n in rows]


def _vouchers(session: Session, user: SessionUser, printed: bool) -> list[TodoLine]:
    """Approved items per campaign with a live voucher (printed, not confirmed paid) or without one."""
    i = AssistanceItem
    live = exists().where(Voucher.item_id == i.id, Voucher.voided_at.is_(None))
    rows = session.execute(
        select(Campaign.id, Campaign.name, func.count(i.id)).join(i, i.campaign_id == Campaign.id)
        .where(Campaign.office_id == user.office_id, Campaign.deleted.is_(False), i.state == S.APPROVED.value,
               live if printed else ~live)
        .group_by(Campaign.id, Campaign.name, Campaign.start_date)
        .order_by(Campaign.start_date.desc(), Campaign.name))
    state = PRINTED_UNPAID if printed else UNPRINTED
    return [TodoLine(UNPAID if printed else TO_PRINT, int(n), PAYOUTS, state, cid, name) for cid, name, n in rows]


def _visits(session: Session, user: SessionUser, today: dt.date) -> list[TodoLine]:
    lines = []
    for kind, day in ((VISITS_TODAY, today), (VISITS_TOMORROW, today + dt.timedelta(days=1))):
        visits, households = session.execute(
            select(func.count(func.distinct(Visit.id)), func.count(VisitHousehold.visit_id))
            .select_from(Visit).outerjoin(VisitHousehold, VisitHousehold.visit_id == Visit.id)
            .where(Visit.office_id == user.office_id, Visit.deleted.is_(False), Visit.date == day)).one()
        lines.append(TodoLine(kind, int(visits), VISITS, day=day, households=int(households)))
    return lines


def _review_due(session: Session, user: SessionUser, today: dt.date) -> list[TodoLine]:
    count = session.scalar(select(func.count()).select_from(WorkerFile)
                           .where(*conditions_of(REVIEW_DUE, user.office_id, today)))
    return [TodoLine(REVIEW_DUE_FILES, int(count or 0), FILES)]
