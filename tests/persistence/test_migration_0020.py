"""0020 (issue 16 item 4) adds household-size bands of payment standards; a campaign's existing
standards are kept as they were and it has no bands."""

from __future__ import annotations

import uuid

from sqlalchemy import inspect, text

from songnuan_desktop.persistence.engine import make_engine
from songnuan_desktop.persistence.migrate import current_revision, upgrade
from tests.persistence.test_migrations import OLD_OFFICE, _make_old_database


def test_upgrade_from_0019_keeps_the_standards_and_adds_empty_bands(sqlite_url: str) -> None:
    _make_old_database(sqlite_url)
    engine = make_engine(sqlite_url)
    try:
        upgrade(engine, "0019")
        stamp = "2025-11-01 09:00:00.000000"
        campaign = uuid.uuid4().hex
        columns = {
            "id": campaign, "origin_office_id": OLD_OFFICE.hex, "office_id": OLD_OFFICE.hex,
            "name": "2026年元旦春节送温暖", "code": "SWN01", "kind": "送温暖", "year": 2026,
            "start_date": "2025-12-01", "end_date": "2026-02-28", "total_budget_fen": 9_750_000,
            "lookback_months": 12, "notice_days": 5, "status": "active", "note": "", "deleted": False,
            "created_at": stamp, "updated_at": stamp, "row_version": 1,
        }
        standard = {"id": uuid.uuid4().hex, "origin_office_id": OLD_OFFICE.hex, "campaign_id": campaign,
                    "item_kind": "送温暖慰问", "tier": "深度困难", "amount_fen": 100_000, "position": 0,
                    "created_at": stamp, "updated_at": stamp, "row_version": 1}
        with engine.begin() as conn:
            for table, row in (("campaigns", columns), ("campaign_standards", standard)):
                conn.execute(text(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join(':' + c for c in row)})"),
                             row)
        upgrade(engine, "0020")
        assert current_revision(engine) == "0020"
        with engine.connect() as conn:
            assert conn.execute(text("SELECT tier, amount_fen, row_version FROM campaign_standards")).all() == [
                ("深度困难", 100_000, 1)]
            assert conn.execute(text("SELECT count(*) FROM campaign_standard_bands")).scalar() == 0
        uniques = {uq["name"] for uq in inspect(engine).get_unique_constraints("campaign_standard_bands")}
        assert uniques == {"uq_campaign_standard_bands_campaign_id_item_kind_tier_min_persons"}
    finally:
        engine.dispose()
