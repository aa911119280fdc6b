"""The demo's household-size standard (issue 16 item 4): this winter's campaign pays 深度困难 by 家庭人口 —
1人户550元，2人户900元，3人及以上户1100元 — and every item of that tier carries the amount of its household's
band and says so in its reason; a model worker whose tier pays more keeps that tier; the proposal's own rules
(services.campaigns.assistance.entitlement) give each item the amount it has."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from songnuan_desktop.domain import standard_bands
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import AssistanceItem, Campaign, HouseholdMember, WorkerFile
from songnuan_desktop.services.campaigns import assistance, campaigns
from songnuan_desktop.demo.campaigns import CAMPAIGN_C, TIER_OF
from tests.demo_offices import DemoOffices

KIND = "送温暖慰问"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Iterator[Database]:
    path = demo_offices.file(tmp_path_factory.mktemp("demo-bands") / "demo.db", workers=400, seed=7)
    db = open_database("sqlite:///" + str(path))
    yield db
    db.close()


def test_this_winters_deep_hardship_items_carry_their_bands_amount(demo: Database) -> None:
    with demo.read() as session:
        campaign = session.scalars(select(Campaign).where(Campaign.name == CAMPAIGN_C[0])).one()
        bands = standard_bands.by_tier(campaigns.bands_of(session, campaign))
        standards = campaigns.standards_of(session, campaign)
        members = func.count(HouseholdMember.id)
        rows = session.execute(
            select(AssistanceItem.tier, AssistanceItem.category, AssistanceItem.amount_fen, AssistanceItem.reason,
                   WorkerFile.model_worker_level, members)
            .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
            .outerjoin(HouseholdMember, HouseholdMember.worker_file_id == WorkerFile.id)
            .where(AssistanceItem.campaign_id == campaign.id).group_by(AssistanceItem.id, WorkerFile.id)).all()
    assert set(bands) == {(KIND, "深度困难")} and (KIND, "深度困难") not in standards
    sizes = set()
    for tier, category, amount, reason, model_level, n in rows:
        persons = 1 + n
        if TIER_OF.get(category) != "深度困难":
            continue
        # what the proposal's own rules give this household: its band, or its model-worker tier when higher
        got = assistance.entitlement(KIND, "深度困难", model_level, "", "", standards, bands, persons)
        assert got == (tier, amount)
        if tier == "深度困难":
            band = standard_bands.pick(bands[(KIND, tier)], persons)
            assert band is not None and amount == band.amount_fen
            assert reason.endswith("；" + standard_bands.words(band)), reason
            sizes.add(band.label)
    assert sizes == {"1人户", "2人户", "3人及以上户"}  # every band is used by some item
