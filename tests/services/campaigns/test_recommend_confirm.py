"""按规则推荐 shows its list before adding anything (issue 13 item 3): the recommendation writes nothing,
not even an audit entry; confirming adds exactly the households shown (the same choice as proposing all);
a list gone stale — a household proposed by hand since, an amount changed — adds nothing and says so."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from songnuan_desktop.domain.errors import BatchRefused, PermissionDenied, ValidationFailed
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, AuditEntry
from songnuan_desktop.services.campaigns import assistance, campaigns, recommend
from songnuan_desktop.services.office.session_user import SessionUser
from tests.services.campaigns.assistance_helpers import (
    ABOVE_INCOME, RELATIVE_INCOME, TODAY, Staff, make_campaign, make_file, staff,
)


@pytest.fixture
def office(office_db: Database, admin: SessionUser) -> Staff:
    return staff(office_db, admin)


def _counts(db: Database) -> tuple[int, int]:
    with db.read() as session:
        return (session.scalar(select(func.count()).select_from(AssistanceItem)) or 0,
                session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def _items(db: Database, campaign_id: uuid.UUID) -> dict[uuid.UUID, int]:
    with db.read() as session:
        return {f: a for f, a in session.execute(select(AssistanceItem.worker_file_id, AssistanceItem.amount_fen)
                                                 .where(AssistanceItem.campaign_id == campaign_id))}


def _office_with_files(office: Staff) -> tuple[uuid.UUID, list[uuid.UUID], uuid.UUID, uuid.UUID]:
    db = office.db
    campaign_id = make_campaign(db, office.clerk, total_yuan=2_500)
    relative = make_file(db, office.clerk, 1, income=RELATIVE_INCOME)
    deep = [make_file(db, office.clerk, n) for n in (2, 3, 4)]
    above = make_file(db, office.clerk, 5, income=ABOVE_INCOME)
    return campaign_id, deep, relative, above


def test_the_recommendation_writes_nothing_and_confirming_adds_exactly_what_was_shown(office: Staff) -> None:
    db = office.db
    campaign_id, deep, relative, above = _office_with_files(office)
    before = _counts(db)

    shown = recommend.recommend(db, office.clerk, campaign_id, today=TODAY)
    assert _counts(db) == before  # no item, no audit entry: looking is free
    # the same choice as proposing all: deepest first while the budget lasts, each with who, why, amount
    assert {r.file_id for r in shown.rows} == {deep[0], deep[1], relative}
    assert {r.amount_fen for r in shown.rows if r.file_id in deep} == {100_000}
    assert all(r.name and "标准" in r.reason for r in shown.rows)
    left = {o.file_id: o.reason for o in shown.left_out}
    assert set(left) == {deep[2], above} and "超出总预算" in left[deep[2]]
    assert shown.message().startswith("按规则可列入 3 户，合计 2,500 元")

    # cancelling is not calling add_recommended: shown twice, still nothing
    recommend.recommend(db, office.clerk, campaign_id, today=TODAY)
    assert _counts(db) == before and _items(db, campaign_id) == {}

    result = recommend.add_recommended(db, office.clerk, shown)
    assert _items(db, campaign_id) == {r.file_id: r.amount_fen for r in shown.rows}
    assert {p.file_id for p in result.proposed} == {r.file_id for r in shown.rows}
    with db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "propose")).one()
    assert "by_rules_confirmed" in str(entry.after_json)


def test_a_stale_recommendation_adds_nothing(office: Staff) -> None:
    db = office.db
    campaign_id, deep, relative, _above = _office_with_files(office)
    shown = recommend.recommend(db, office.clerk, campaign_id, today=TODAY)

    # someone proposed one of the households by hand meanwhile: the whole confirmed list is refused
    assistance.propose(db, office.clerk, campaign_id, [relative], today=TODAY)
    before = _items(db, campaign_id)
    with pytest.raises(BatchRefused) as refused:
        recommend.add_recommended(db, office.clerk, shown)
    assert "不得重复救助" in refused.value.refusals[0].reason
    assert _items(db, campaign_id) == before

    # the standards changed since the list was shown: nothing added, and the clerk is told to look again
    other = make_campaign(db, office.clerk, name="2027年春节二次慰问")
    shown = recommend.recommend(db, office.clerk, other, today=TODAY)
    view = campaigns.get_campaign(db, office.clerk.office_id, other)
    lower = [replace(s, amount_fen=80_000) if s.tier == "深度困难" else s for s in view.standards]
    campaigns.update_campaign(db, office.clerk, other, campaigns.CampaignInput(
        name=view.name, kind=view.kind, start_date=view.start_date, end_date=view.end_date,
        total_budget_fen=view.total_budget_fen, standards=tuple(lower)), view.row_version, today=TODAY)
    with pytest.raises(ValidationFailed) as stale:
        recommend.add_recommended(db, office.clerk, shown)
    assert "重新点“按规则推荐”" in stale.value.message and _items(db, other) == {}
    assert deep[0] in {r.file_id for r in recommend.recommend(db, office.clerk, other, today=TODAY).rows}


def test_only_a_clerk_is_shown_a_recommendation(office: Staff) -> None:
    campaign_id = make_campaign(office.db, office.clerk)
    with pytest.raises(PermissionDenied):
        recommend.recommend(office.db, office.reviewer, campaign_id, today=TODAY)
