"""Alembic migrations: empty → head on both backends, models and migrations agree, old files open."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.persistence.engine import make_engine
from songnuan_desktop.persistence.migrate import alembic_config, current_revision, head_revision, upgrade
from songnuan_desktop.persistence.models import Base
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.office import office
from songnuan_desktop.services.access.passwords import hash_password

MODEL_TABLES = set(Base.metadata.tables)


def test_upgrade_from_empty_to_head_creates_every_model_table(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        result = upgrade(engine)
        assert result.before is None
        assert result.after == head_revision()
        assert result.backup is None
        assert current_revision(engine) == head_revision()
        tables = set(inspect(engine).get_table_names())
        assert tables >= MODEL_TABLES, f"missing after upgrade: {sorted(MODEL_TABLES - tables)}"
        assert tables - MODEL_TABLES == {"alembic_version"}
    finally:
        engine.dispose()


def test_migrations_at_head_match_the_models(db_url: str) -> None:
    """A model changed without a migration shows up here as a difference."""
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "render_as_batch": True}
            )
            differences = compare_metadata(context, Base.metadata)
        assert differences == []
    finally:
        engine.dispose()


def test_downgrade_to_base_and_upgrade_again_on_sqlite(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        upgrade(engine)
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
        assert current_revision(engine) is None
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}

        upgrade(engine)
        assert current_revision(engine) == head_revision()
        assert set(inspect(engine).get_table_names()) >= MODEL_TABLES
    finally:
        engine.dispose()


OLD_OFFICE = uuid.UUID("7d1c3a52-0c4e-4f59-9a43-0e4c2b5c0001")
OLD_USER = uuid.UUID("7d1c3a52-0c4e-4f59-9a43-0e4c2b5c0002")
OLD_PASSWORD = "Jiuzhou2019"


def _make_old_database(url: str) -> None:
    """A database as version 0001 of the program left it: an office and its administrator."""
    engine = make_engine(url)
    try:
        upgrade(engine, "0001")
        assert current_revision(engine) == "0001"
        stamp = "2019-12-01 08:30:00.000000"
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO offices (id, origin_office_id, name, level, region_code, parent_id, address,"
                " phone, created_at, updated_at, row_version)"
                " VALUES (:id, :id, '旧州镇总工会', 'township', '522622', NULL, '旧州镇', '', :at, :at, 1)"
            ), {"id": OLD_OFFICE.hex, "at": stamp})
            conn.execute(text("INSERT INTO local_info (key, value) VALUES ('local_office_id', :v)"),
                         {"v": str(OLD_OFFICE)})
            conn.execute(text(
                "INSERT INTO users (id, origin_office_id, office_id, username, display_name, password_hash,"
                " active, failed_logins, locked_until, last_login_at, created_at, updated_at, row_version)"
                " VALUES (:id, :office, :office, 'laowang', '王老师', :hash, 1, 0, NULL, NULL, :at, :at, 1)"
            ), {"id": OLD_USER.hex, "office": OLD_OFFICE.hex, "hash": hash_password(OLD_PASSWORD),
                "at": stamp})
            conn.execute(text("INSERT INTO user_roles (user_id, role) VALUES (:id, 'admin')"),
                         {"id": OLD_USER.hex})
    finally:
        engine.dispose()


def test_an_old_database_is_backed_up_upgraded_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "songnuan.db"
    url = "sqlite:///" + str(path)
    _make_old_database(url)

    db = open_database(url, create=True)
    try:
        assert db.upgrade_result is not None
        assert db.upgrade_result.before == "0001"
        assert db.upgrade_result.after == head_revision()
        assert current_revision(db.engine) == head_revision()

        assert not office.needs_setup(db)
        info = office.local_office(db)
        assert (info.id, info.name, info.region_code) == (OLD_OFFICE, "旧州镇总工会", "522622")
        user = auth.login(db, "laowang", OLD_PASSWORD)
        assert user.id == OLD_USER and user.display_name == "王老师"
    finally:
        db.close()

    backups = sorted(tmp_path.glob("songnuan.db.before-upgrade-0001-*.bak"))
    assert len(backups) == 1, f"expected one backup beside the file, found {list(tmp_path.iterdir())}"
    assert db.upgrade_result.backup == backups[0]
    copy = sqlite3.connect(str(backups[0]))
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert copy.execute("SELECT name FROM offices").fetchall() == [("旧州镇总工会",)]
        assert copy.execute("SELECT username FROM users").fetchall() == [("laowang",)]
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "worker_files" not in tables  # the copy is the old schema, not the upgraded one
    finally:
        copy.close()


def test_a_database_already_at_head_is_not_backed_up_again(tmp_path: Path) -> None:
    url = "sqlite:///" + str(tmp_path / "songnuan.db")
    first = open_database(url, create=True)
    first.close()
    assert first.upgrade_result is not None and first.upgrade_result.backup is None

    again = open_database(url)
    again.close()
    assert again.upgrade_result is not None
    assert again.upgrade_result.before == head_revision()
    assert again.upgrade_result.backup is None
    assert list(tmp_path.glob("*.bak")) == []


def test_reopening_at_head_changes_nothing_on_either_backend(db_url: str) -> None:
    first = open_database(db_url, create=True)
    first.close()
    again = open_database(db_url)
    try:
        assert again.upgrade_result is not None
        assert (again.upgrade_result.before, again.upgrade_result.backup) == (head_revision(), None)
    finally:
        again.close()


def test_the_head_constant_is_alembics_head() -> None:
    """Start-up skips importing Alembic when the database is at HEAD; a new migration must move it."""
    from songnuan_desktop.persistence.migrate import HEAD, head_revision

    assert HEAD == head_revision()


OLD_FILE = uuid.UUID("7d1c3a52-0c4e-4f59-9a43-0e4c2b5c0003")


def test_upgrade_from_0004_keeps_files_and_fills_the_new_facts(sqlite_url: str) -> None:
    """0005 adds the event date, self-paid medical costs, disaster loss and exclusion hits to old files."""
    _make_old_database(sqlite_url)
    engine = make_engine(sqlite_url)
    try:
        upgrade(engine, "0004")
        stamp = "2024-03-01 09:00:00.000000"
        columns = {
            "id": OLD_FILE.hex, "origin_office_id": OLD_OFFICE.hex, "office_id": OLD_OFFICE.hex,
            "file_no": "DA-2024-0001", "name": "张三", "name_initials": "zs", "name_pinyin": "zhangsan", "sex": "男",
            "ethnicity": "汉族", "id_number": "522622198001010012", "phone": "", "address": "", "region_code": "",
            "hukou_type": "", "political_status": "群众", "marital_status": "", "health": "良好", "disability": "",
            "housing": "", "medical_insurance": "", "employment_status": "在岗", "worker_type": "困难职工",
            "model_worker_level": "非劳模", "dues_paid": True, "single_parent": False, "zero_employment": False,
            "self_help_capable": False, "category": "深度困难", "situation": "因病致困", "monthly_income_fen": 80_000,
            "bank_name": "", "bank_branch": "", "bank_card": "", "status": "在档", "exit_reason": "",
            "exit_note": "", "deleted": False, "created_at": stamp, "updated_at": stamp, "row_version": 3,
        }
        with engine.begin() as conn:
            conn.execute(text(f"INSERT INTO worker_files ({', '.join(columns)}) "
                              f"VALUES ({', '.join(':' + c for c in columns)})"), columns)
        upgrade(engine, "0005")
        assert current_revision(engine) == "0005"
        with engine.connect() as conn:
            row = conn.execute(text(
                "SELECT name, situation, monthly_income_fen, row_version, hardship_event_date, medical_selfpaid_fen,"
                " disaster_loss_fen FROM worker_files WHERE file_no = 'DA-2024-0001'")).one()
            assert tuple(row) == ("张三", "因病致困", 80_000, 3, None, 0, 0)
            assert conn.execute(text("SELECT count(*) FROM file_exclusions")).scalar() == 0
        indexes = {ix["name"] for ix in inspect(engine).get_indexes("worker_files")}
        assert "ix_worker_files_search" in indexes  # the batch upgrade kept the file list's index
        uniques = {uq["name"] for uq in inspect(engine).get_unique_constraints("file_exclusions")}
        assert uniques == {"uq_file_exclusions_worker_file_id_key"}
    finally:
        engine.dispose()


def test_upgrade_from_0005_adds_campaign_standards_and_keeps_campaigns(sqlite_url: str) -> None:
    """0006 adds per-campaign payment standards; a campaign from before has none (the office's apply)."""
    _make_old_database(sqlite_url)
    engine = make_engine(sqlite_url)
    try:
        upgrade(engine, "0005")
        stamp = "2025-11-01 09:00:00.000000"
        columns = {
            "id": uuid.uuid4().hex, "origin_office_id": OLD_OFFICE.hex, "office_id": OLD_OFFICE.hex,
            "name": "2026年元旦春节送温暖", "code": "SWN01", "kind": "送温暖", "year": 2026,
            "start_date": "2025-12-01", "end_date": "2026-02-28", "total_budget_fen": 9_750_000,
            "lookback_months": 12, "notice_days": 5, "status": "active", "note": "", "deleted": False,
            "created_at": stamp, "updated_at": stamp, "row_version": 1,
        }
        with engine.begin() as conn:
            conn.execute(text(f"INSERT INTO campaigns ({', '.join(columns)}) "
                              f"VALUES ({', '.join(':' + c for c in columns)})"), columns)
        upgrade(engine, "0006")
        assert current_revision(engine) == "0006"
        with engine.connect() as conn:
            assert conn.execute(text("SELECT name, total_budget_fen FROM campaigns")).one() == (
                "2026年元旦春节送温暖", 9_750_000)
            assert conn.execute(text("SELECT count(*) FROM campaign_standards")).scalar() == 0
        uniques = {uq["name"] for uq in inspect(engine).get_unique_constraints("campaign_standards")}
        assert uniques == {"uq_campaign_standards_campaign_id_item_kind_tier"}
    finally:
        engine.dispose()


def test_upgrade_from_0006_adds_empty_spot_checks(sqlite_url: str) -> None:
    """0007 adds spot-checks of paid households; nothing before it had any."""
    _make_old_database(sqlite_url)
    engine = make_engine(sqlite_url)
    try:
        upgrade(engine, "0006")
        upgrade(engine, "0007")
        assert current_revision(engine) == "0007"
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM spot_checks")).scalar() == 0
        uniques = {uq["name"] for uq in inspect(engine).get_unique_constraints("spot_check_entries")}
        assert uniques == {"uq_spot_check_entries_spot_check_id_item_id"}
    finally:
        engine.dispose()


def test_a_database_of_a_newer_program_is_refused_in_words_and_left_alone(tmp_path: Path) -> None:
    """An older program opening a database a newer one upgraded: refused before any backup or Alembic call
    (it used to back the file up and end in Alembic's "Can't locate revision" traceback)."""
    from songnuan_desktop.domain.errors import DomainError
    from songnuan_desktop.persistence.migrate import HEAD

    path = tmp_path / "newer.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        upgrade(engine)
        newer = f"{int(HEAD) + 1:04d}"
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": newer})
        with pytest.raises(DomainError, match="较新版本的送暖程序") as refused:
            upgrade(engine)
        assert refused.value.code == "database_too_new" and newer in refused.value.message
        assert current_revision(engine) == newer and list(tmp_path.glob("*.bak")) == []
    finally:
        engine.dispose()
