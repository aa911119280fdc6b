"""Migration 0019 (慰问品, issue 16 item 3): from 0018 it adds the three goods tables, empty, with their unique
constraints, keeping what was there; down again it removes them. On SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from songnuan_desktop.persistence.engine import make_engine
from songnuan_desktop.persistence.migrate import alembic_config, current_revision, upgrade
from tests.persistence.test_migrations import OLD_OFFICE

GOODS = {"goods_kinds", "goods_lines", "goods_receipts"}


def test_upgrade_from_0018_adds_the_goods_tables_empty_and_down_again(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine, "0018")
        with engine.begin() as conn:  # an office, as 0018 had it
            conn.execute(text(
                "INSERT INTO offices (id, origin_office_id, name, level, region_code, parent_id, address,"
                " phone, created_at, updated_at, row_version)"
                " VALUES (:id, :id, '旧州镇总工会', 'township', '522622', NULL, '旧州镇', '', :at, :at, 1)"
            ), {"id": OLD_OFFICE if engine.dialect.name == "postgresql" else OLD_OFFICE.hex,
                "at": "2026-12-01 08:30:00"})
        assert not GOODS & set(inspect(engine).get_table_names())
        upgrade(engine, "0019")
        assert current_revision(engine) == "0019"
        found = inspect(engine)
        assert GOODS <= set(found.get_table_names())
        with engine.connect() as conn:
            assert [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in sorted(GOODS)] == [0, 0, 0]
            assert conn.execute(text("SELECT name FROM offices")).scalars().all() == ["旧州镇总工会"]
        assert {u["name"] for u in found.get_unique_constraints("goods_kinds")} == {"uq_goods_kinds_campaign_id_name"}
        assert {u["name"] for u in found.get_unique_constraints("goods_lines")} == {"uq_goods_lines_item_id_kind_id"}
        assert {fk["referred_table"] for fk in found.get_foreign_keys("goods_receipts")} == {
            "campaigns", "goods_kinds", "offices", "users"}
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0018")
        assert current_revision(engine) == "0018"
        assert not GOODS & set(inspect(engine).get_table_names())
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM offices")).scalar() == 1
    finally:
        engine.dispose()
