"""The demo office's campaigns hold work the assistance services accept: every queue has items, the
approver can approve this winter's noticed items as they stand, budgets are never overdrawn, and
each campaign carries its own payment standards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from songnuan_desktop.domain.roles import Role
from songnuan_desktop.domain.settings import DEFAULT_STANDARDS
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import User
from songnuan_desktop.services.campaigns import approval_queue, campaigns, transitions
from songnuan_desktop.demo.campaigns import SIZE_BANDS
from songnuan_desktop.demo.data import DEMO_TODAY
from songnuan_desktop.services.office.session_user import SessionUser
from tests.demo_offices import DemoOffices


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Iterator[Database]:
    path = demo_offices.file(tmp_path_factory.mktemp("demo-assistance") / "demo.db", workers=400, seed=7)
    db = open_database("sqlite:///" + str(path))
    yield db
    db.close()


def signed_in(db: Database, username: str) -> SessionUser:
    with db.read() as session:
        row = session.scalars(select(User).where(User.username == username)).one()
        return SessionUser(row.id, row.username, row.display_name, row.office_id,
                           frozenset(Role(r) for r in row.role_codes))


def test_every_role_finds_work_in_its_queue(demo: Database) -> None:
    waiting = {}
    for username in ("jingban", "shenhe", "shenpi", "caiwu"):
        groups = approval_queue.queue(demo, signed_in(demo, username), today=DEMO_TODAY)
        waiting[username] = {i.state for g in groups for i in g.items}
    assert waiting == {
        "jingban": {ItemState.DRAFT, ItemState.RETURNED},
        "shenhe": {ItemState.SUBMITTED, ItemState.REVIEWED, ItemState.OBJECTION},
        "shenpi": {ItemState.IN_NOTICE},
        "caiwu": {ItemState.APPROVED},
    }


def test_the_approver_can_approve_this_winters_noticed_items_as_they_stand(demo: Database) -> None:
    approver = signed_in(demo, "shenpi")
    [group] = approval_queue.queue(demo, approver, today=DEMO_TODAY)
    assert group.campaign_name == "2027年元旦春节送温暖" and all(i.waiting == "" for i in group.items)
    done = transitions.transition(demo, approver, [i.item_id for i in group.items], ItemState.APPROVED, "同意",
                                  today=DEMO_TODAY)
    assert done.count == len(group.items) > 0


def test_budgets_are_never_overdrawn_and_standards_are_the_campaigns_own(demo: Database) -> None:
    office_id = signed_in(demo, "admin").office_id
    for summary in campaigns.list_campaigns(demo, office_id):
        status = campaigns.budget_status(demo, summary.id)
        assert all(line.left_fen >= 0 for line in (status.total, *status.lines))
        view = campaigns.get_campaign(demo, office_id, summary.id)
        # a tier paid by household size (this winter's 深度困难, issue 16 item 4) has bands instead of one amount
        banded = {(b.item_kind, b.tier) for b in SIZE_BANDS.get(view.name, ())}
        expected = {(kind, tier): yuan * 100 for kind, tier, yuan in DEFAULT_STANDARDS
                    if kind == view.item_kind and (kind, tier) not in banded}
        assert {(s.item_kind, s.tier): s.amount_fen for s in view.standards} == expected
        assert view.bands == SIZE_BANDS.get(view.name, ())
