"""What the approval screen shows beside a queue item: the household, the file judged today, the
item's history and objections — and a file deleted since says so instead of failing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, update

from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import HouseholdMember, WorkerFile
from songnuan_desktop.services.campaigns import approval_queue
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.campaigns.approval_detail import item_detail
from songnuan_desktop.demo.data import DEMO_TODAY
from tests.demo_offices import DemoOffices


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Iterator[Database]:
    path = demo_offices.file(tmp_path_factory.mktemp("approval-detail") / "demo.db", workers=200, seed=3)
    db = open_database("sqlite:///" + str(path))
    yield db
    db.close()


def test_an_item_under_objection_shows_its_household_judgement_history_and_objection(demo: Database) -> None:
    reviewer = auth.login(demo, "shenhe", "songnuan2026")
    [group] = approval_queue.queue(demo, reviewer, approval_queue.QueueFilter(states=(ItemState.OBJECTION,)),
                                   today=DEMO_TODAY)
    item = group.items[0]
    detail = item_detail(demo, item.item_id, item.file_id, DEMO_TODAY)
    with demo.read() as session:
        members = session.scalar(select(func.count()).select_from(HouseholdMember)
                                 .where(HouseholdMember.worker_file_id == item.file_id))
    assert detail.household_size == 1 + (members or 0) and detail.per_capita_monthly_fen > 0
    assert detail.sentences and "低保线" in detail.sentences[0] and detail.category_now
    assert [line.to_state for line in detail.history][-1] == "异议"
    assert [line.from_state for line in detail.history][0] == "草稿"
    [objection] = detail.objections
    assert objection.content and objection.resolved_on is None


def test_a_file_deleted_since_is_said_not_raised(demo: Database) -> None:
    reviewer = auth.login(demo, "shenhe", "songnuan2026")
    item = approval_queue.queue(demo, reviewer, today=DEMO_TODAY)[0].items[0]
    with demo.engine.begin() as conn:
        conn.execute(update(WorkerFile).where(WorkerFile.id == item.file_id).values(deleted=True))
    detail = item_detail(demo, item.item_id, item.file_id, DEMO_TODAY)
    assert detail.file_missing and "找不到该档案" in detail.sentences[0] and detail.history
