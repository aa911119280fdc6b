"""Approving 1,500 items in one action (审批队列 › 全选 › 审批通过): the checks of every item (role,
four eyes, notice over, file in 档), the state changes, 1,500 transitions and 3,000 audit entries in
one transaction — against a bare SQL UPDATE of the same rows in the same run. SPEC/issue 4 target:
≤ 1 s. Prints only, never asserts a time.

    python -m pytest tests/benchmarks/test_batch_approval.py -s -q
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select, text

from songnuan_desktop.domain.roles import Role
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.persistence.models import AssistanceItem, Campaign, Notice, User, UserRole
from songnuan_desktop.services.campaigns import transitions
from songnuan_desktop.demo import build_demo
from songnuan_desktop.services.office.session_user import SessionUser

ROUNDS = 3
ITEMS = 1_500
WORKERS = 5_000  # enough for this winter's campaign to reach its 1,500 items
APPROVAL_DAY = dt.date(2026, 11, 20)  # the demo's today: this winter's notice ended on 16 November


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[uuid.UUID], SessionUser]:
    """A demo office whose 1,500 items of this winter are all in a notice that is over."""
    path = tmp_path_factory.mktemp("approval") / "demo.db"
    db = open_database("sqlite:///" + str(path), create=True)
    try:
        build_demo(db, workers=WORKERS, seed=7)
        with db.read() as session:
            campaign_id, notice_id = session.execute(
                select(Campaign.id, Notice.id).join(Notice, Notice.campaign_id == Campaign.id)
                .where(Campaign.name == "2027年元旦春节送温暖")).one()
            ids = list(session.scalars(select(AssistanceItem.id).where(AssistanceItem.campaign_id == campaign_id)
                                       .order_by(AssistanceItem.id).limit(ITEMS)))
            users = {role: session.scalars(select(User).join(UserRole).where(UserRole.role == role.value)).one()
                     for role in (Role.CLERK, Role.REVIEWER, Role.APPROVER)}
        approver = users[Role.APPROVER]
        with db.engine.begin() as conn:  # set-up, not measured: every item proposed, reviewed, in the notice
            conn.execute(AssistanceItem.__table__.update().where(AssistanceItem.id.in_(ids)).values(
                state="in_notice", notice_id=notice_id, proposed_by=users[Role.CLERK].id,
                reviewed_by=users[Role.REVIEWER].id, approved_by=None))
        by = SessionUser(approver.id, approver.username, approver.display_name, approver.office_id,
                         frozenset({Role.APPROVER}))
    finally:
        db.close()
    assert len(ids) == ITEMS
    return path, ids, by


def _approve(path: Path, ids: list[uuid.UUID], by: SessionUser) -> float:
    db = open_database("sqlite:///" + str(path), create=True)
    try:
        started = time.perf_counter()
        done = transitions.transition(db, by, ids, ItemState.APPROVED, "同意", today=APPROVAL_DAY)
        elapsed = time.perf_counter() - started
        assert done.count == ITEMS
    finally:
        db.close()
    return elapsed


def _bare(path: Path, ids: list[uuid.UUID]) -> float:
    db = open_database("sqlite:///" + str(path), create=True)
    try:
        started = time.perf_counter()
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE assistance_items SET state = 'approved' WHERE id = :id"),
                         [{"id": i.hex} for i in ids])
        return time.perf_counter() - started
    finally:
        db.close()


@pytest.mark.benchmark
def test_approve_1500_items_in_one_action(prepared: tuple[Path, list[uuid.UUID], SessionUser],
                                          tmp_path: Path) -> None:
    path, ids, by = prepared
    service, bare = [], []
    for n in range(ROUNDS):
        for runs, measure in ((service, lambda p: _approve(p, ids, by)), (bare, lambda p: _bare(p, ids))):
            copy = tmp_path / f"round-{n}-{len(runs)}-{id(runs)}.db"
            shutil.copyfile(path, copy)
            runs.append(measure(copy))
    service_s, bare_s = statistics.median(service), statistics.median(bare)
    print(f"\n[bench] approve {ITEMS:,} items in one action: median {service_s * 1000:.0f} ms over {ROUNDS} rounds "
          f"(checks, {ITEMS:,} updates, {ITEMS:,} transitions, {2 * ITEMS:,} audit entries, one transaction) "
          f"— target ≤ 1 s")
    print(f"[bench]   bare SQL UPDATE of the same rows: median {bare_s * 1000:.0f} ms; ratio {service_s / bare_s:.1f}×")
