"""组织机构 (issue 13): 基层工会, 工作单位 and 村/社区 created, renamed, merged (files follow, audit-logged, in
one transaction) and retired (not offered, still shown on old files), on the demo office."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from songnuan_desktop.domain.errors import PermissionDenied, ValidationFailed
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry, OrgUnit, WorkerFile
from songnuan_desktop.services.audit import audit_log, audit_text
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.office import organisation
from songnuan_desktop.services.office.organisation import OrgInput
from songnuan_desktop.services.office.session_user import SessionUser
from tests.demo_offices import DemoOffices


@pytest.fixture
def demo(db_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(db_url, workers=120, seed=5)


def login(db: Database, name: str) -> SessionUser:
    return auth.login(db, name, "songnuan2026")


def busiest_units(db: Database) -> tuple[uuid.UUID, uuid.UUID]:
    """The two work units most files name."""
    with db.read() as session:
        ids = session.scalars(select(WorkerFile.work_unit_id).where(WorkerFile.work_unit_id.is_not(None))
                              .group_by(WorkerFile.work_unit_id).order_by(func.count().desc()).limit(2)).all()
    return ids[0], ids[1]


def files_of(db: Database, unit_id: uuid.UUID) -> dict[uuid.UUID, int]:
    with db.read() as session:
        return dict(session.execute(select(WorkerFile.id, WorkerFile.row_version)
                                    .where(WorkerFile.work_unit_id == unit_id)).all())


def test_a_clerk_creates_a_union_a_unit_under_it_and_a_village(demo: Database) -> None:
    clerk = login(demo, "jingban")
    union = organisation.create(demo, clerk, OrgInput("union", "  新州镇  建筑业 联合工会 "))
    assert union.name == "新州镇 建筑业 联合工会"  # blanks tidied as typed names are
    village = organisation.create(demo, clerk, OrgInput("village", "寨碧村", region_code="522622101201"))
    unit = organisation.create(demo, clerk, OrgInput("unit", "黄平县兴旺建材厂", parent_id=union.id,
                                                     village=village.name, nature="私营企业"))
    listed = {r.name: r for r in organisation.list_units(demo, clerk.office_id, "unit")}
    assert listed["黄平县兴旺建材厂"].parent_name == union.name and listed["黄平县兴旺建材厂"].village == "寨碧村"
    assert unit.active and village.region_code == "522622101201"


@pytest.mark.parametrize(("data", "field", "words"), [
    (OrgInput("unit", "   "), "name", "请填写工作单位名称"),
    (OrgInput("village", "寨碧村", region_code="52262210"), "region_code", "6、9或12位数字"),
    (OrgInput("team", "某某"), "kind", "请选择类型"),
])
def test_bad_input_is_refused_naming_its_field(demo: Database, data: OrgInput, field: str, words: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        organisation.create(demo, login(demo, "jingban"), data)
    assert refused.value.fields["field"] == field and words in refused.value.message


def test_a_name_in_use_is_refused_and_a_retired_name_can_be_taken_again(demo: Database) -> None:
    clerk = login(demo, "jingban")
    existing = organisation.list_units(demo, clerk.office_id, "unit")[0]
    with pytest.raises(ValidationFailed, match="已有名为"):
        organisation.create(demo, clerk, OrgInput("unit", existing.name))
    organisation.set_active(demo, clerk, existing.id, False)
    again = organisation.create(demo, clerk, OrgInput("unit", existing.name))
    with pytest.raises(ValidationFailed, match="已有在用的工作单位"):
        organisation.set_active(demo, clerk, existing.id, True)
    assert again.name == existing.name


def test_a_reviewer_may_read_but_not_edit(demo: Database) -> None:
    reviewer = login(demo, "shenhe")
    assert organisation.list_units(demo, reviewer.office_id)
    assert not organisation.may_edit(reviewer)
    with pytest.raises(PermissionDenied, match="经办人或管理员"):
        organisation.create(demo, reviewer, OrgInput("unit", "某厂"))


def test_merging_moves_every_file_logs_each_and_retires_the_merged_unit(demo: Database) -> None:
    admin = login(demo, "admin")
    survivor, merged = busiest_units(demo)
    moving, staying = files_of(demo, merged), files_of(demo, survivor)
    assert moving and staying
    with demo.read() as session:
        seq = session.scalar(select(func.max(AuditEntry.seq)))
    done = organisation.merge(demo, admin, merged, survivor)
    assert done.files == len(moving)
    after = files_of(demo, survivor)
    assert set(after) == set(moving) | set(staying) and not files_of(demo, merged)
    assert all(after[f] == v + 1 for f, v in moving.items())  # each moved file's row_version moved
    assert all(after[f] == v for f, v in staying.items())  # the survivor's own files are untouched
    with demo.read() as session:
        entries = session.execute(select(AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id)
                                  .where(AuditEntry.seq > seq)).all()
        assert session.get(OrgUnit, merged).active is False
    assert {(e.entity, e.entity_id) for e in entries if e.action == "update"} >= {
        ("worker_files", str(f)) for f in moving}
    assert ("merge", "org_units", str(merged)) in entries
    logged = [e for e in audit_log.recent(demo, 5) if e.action == "merge"][0]
    survivor_name = organisation.get(demo, admin.office_id, survivor).name
    assert f"并入 {survivor_name}" in audit_text.describe_change(logged)  # the log says it in words


def test_merging_a_union_moves_its_units_and_a_village_its_units(demo: Database) -> None:
    admin = login(demo, "admin")
    unions = organisation.list_units(demo, admin.office_id, "union")
    units = organisation.list_units(demo, admin.office_id, "unit")
    merged = unions[0]
    children = {u.id for u in units if u.parent_id == merged.id}
    assert children
    result = organisation.merge(demo, admin, merged.id, unions[1].id)
    assert result.units == len(children)
    now = {u.id: u for u in organisation.list_units(demo, admin.office_id, "unit")}
    assert all(now[c].parent_id == unions[1].id for c in children)
    old = organisation.create(demo, admin, OrgInput("village", units[0].village or "寨碧村"))
    new = organisation.create(demo, admin, OrgInput("village", "新寨村"))
    named = [u.id for u in organisation.list_units(demo, admin.office_id, "unit") if u.village == old.name]
    assert organisation.merge(demo, admin, old.id, new.id).units == len(named) > 0
    assert {u.village for u in organisation.list_units(demo, admin.office_id, "unit") if u.id in named} == {"新寨村"}


def test_a_merge_is_refused_across_kinds_into_itself_or_into_a_retired_one(demo: Database) -> None:
    admin = login(demo, "admin")
    union = organisation.list_units(demo, admin.office_id, "union")[0]
    unit_a, unit_b = organisation.list_units(demo, admin.office_id, "unit")[:2]
    before = files_of(demo, unit_a.id)
    with pytest.raises(ValidationFailed, match="只能并入另一个工作单位"):
        organisation.merge(demo, admin, unit_a.id, union.id)
    with pytest.raises(ValidationFailed, match="不能与自己合并"):
        organisation.merge(demo, admin, unit_a.id, unit_a.id)
    organisation.set_active(demo, admin, unit_b.id, False)
    with pytest.raises(ValidationFailed, match="已停用"):
        organisation.merge(demo, admin, unit_a.id, unit_b.id)
    assert files_of(demo, unit_a.id) == before  # nothing moved, not even a row_version


def test_a_retired_unit_is_not_offered_but_kept_for_the_file_that_names_it(demo: Database) -> None:
    clerk = login(demo, "jingban")
    unit, _ = busiest_units(demo)
    organisation.set_active(demo, clerk, unit, False)
    offered = {r.id for r in organisation.list_units(demo, clerk.office_id, "unit", active_only=True)}
    assert unit not in offered
    kept = organisation.list_units(demo, clerk.office_id, "unit", active_only=True, keep=[unit])
    assert [r.active for r in kept if r.id == unit] == [False]
    assert files_of(demo, unit)  # its files still name it


def test_renaming_a_village_renames_it_on_its_units_and_unchanged_input_changes_nothing(demo: Database) -> None:
    admin = login(demo, "admin")
    unit = next(u for u in organisation.list_units(demo, admin.office_id, "unit") if u.village)
    village = organisation.create(demo, admin, OrgInput("village", unit.village))
    renamed = organisation.update(demo, admin, village.id, OrgInput("village", "寨碧村（新）"), village.row_version)
    assert organisation.get(demo, admin.office_id, unit.id).village == "寨碧村（新）"
    with demo.read() as session:
        seq = session.scalar(select(func.max(AuditEntry.seq)))
    same = organisation.update(demo, admin, village.id, OrgInput("village", renamed.name), renamed.row_version)
    with demo.read() as session:
        assert session.scalar(select(func.max(AuditEntry.seq))) == seq
    assert same.row_version == renamed.row_version
    with pytest.raises(ValidationFailed, match="已被他人修改"):
        organisation.update(demo, admin, village.id, OrgInput("village", "别的村"), village.row_version)
