"""list_flags / final_list_choices: what the county screen's 县总工会标记 tab reads — the county's own flags
(withdrawn ones too, with the reason), each naming its township and record; refused in a township database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from songnuan_desktop.domain.errors import NotFound, PermissionDenied
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.county.county_checks import cross_township_checks
from songnuan_desktop.services.county.county_decisions import (
    add_flag, add_flags, final_list_choices, list_flags, withdraw_flag,
)
from songnuan_desktop.demo.county import township_name
from tests.demo_offices import DemoOffices


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Iterator[Database]:
    """build_county(townships=2, workers=20): a copy of the run's one build."""
    db = open_database(f"sqlite:///{demo_offices.county_file(tmp_path_factory.mktemp('county') / 'county.db', 2, 20)}")
    yield db
    db.close()


def test_flags_listed_newest_first_with_township_subject_and_withdrawal(county: Database) -> None:
    by = auth.login(county, "xianzong", "songnuan2026")
    assert list_flags(county, by) == []
    finding = cross_township_checks(county, by).double_payments[0]
    paid, other = finding.entries[0], finding.entries[1]
    assert paid.item_id is not None and other.file_id is not None
    first = add_flag(county, by, paid.office_id, "assistance_items", paid.item_id, "double_payment", "请核实后收回")
    second = add_flag(county, by, other.office_id, "worker_files", other.file_id, "duplicate_file", "请注销一处")
    withdraw_flag(county, by, first, "已核实为同一户迁居，只在一处发放")
    flags = list_flags(county, by)
    assert [f.id for f in flags] == [second, first]
    by_id = {f.id: f for f in flags}
    assert by_id[first].office_name == paid.office_name and by_id[first].withdrawn
    assert by_id[first].subject.endswith(f"{paid.file_no} {paid.name}") and "：" in by_id[first].subject
    assert "已撤回：已核实为同一户迁居" in by_id[first].text and by_id[first].by_username == "xianzong"
    assert by_id[second].subject == f"{other.file_no} {other.name}" and not by_id[second].withdrawn
    assert by_id[second].kind == "duplicate_file" and by_id[second].office_name == other.office_name


def test_every_side_of_a_finding_is_flagged_or_none(county: Database) -> None:
    by = auth.login(county, "xianzong", "songnuan2026")
    before = {f.id for f in list_flags(county, by)}
    entries = cross_township_checks(county, by).double_payments[0].entries
    sides = [(e.office_id, "assistance_items", e.item_id) for e in entries if e.item_id is not None]
    assert len(sides) == 2
    with pytest.raises(NotFound, match="找不到这条"):  # the second side is gone: the first is not kept either
        add_flags(county, by, [sides[0], (sides[1][0], "assistance_items", uuid.uuid4())], "double_payment", "核实")
    assert {f.id for f in list_flags(county, by)} == before
    made = add_flags(county, by, sides, "double_payment", "同期重复发放，请核实")
    assert len(made) == 2 and {f.id for f in list_flags(county, by)} == before | set(made)


def test_final_list_choices_are_the_townships_campaigns(county: Database) -> None:
    by = auth.login(county, "admin", "songnuan2026")
    choices = final_list_choices(county, by)
    assert {c.office_name for c in choices} == {township_name(0)[0], township_name(1)[0]}
    assert [(c.office_name, c.name) for c in choices] == sorted((c.office_name, c.name) for c in choices)


def test_a_township_database_is_refused(tmp_path: Path, demo_offices: DemoOffices) -> None:
    db = open_database(f"sqlite:///{demo_offices.file(tmp_path / 't.db', workers=5, seed=3)}")
    try:  # build_demo(workers=5, seed=3): a copy of the run's build
        with pytest.raises(PermissionDenied, match="只有县总工会的数据库"):
            list_flags(db, auth.login(db, "admin", "songnuan2026"))
    finally:
        db.close()
