"""One region rule (issue 13): a code uses the 低保线 of itself or of its nearest parent, and says so.

The bug it guards: the setup wizard kept the 低保线 under the 9-digit township code it asked for, so a
file whose region was the county's 522622 (as the form's hint suggests) was judged 无法认定.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from songnuan_desktop.domain.eligibility import CANNOT_JUDGE, DEEP
from songnuan_desktop.domain.errors import ValidationFailed
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.domain.regions import chain, check_region_code, covers
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import DibaoLine
from songnuan_desktop.services.access import auth, setup
from songnuan_desktop.services.office import settings
from songnuan_desktop.services.files.eligibility import judge_file
from tests.services.files.test_eligibility import make_file


def test_a_code_and_its_parents_nearest_first() -> None:
    assert chain("522622103") == ("522622103", "522622", "522600", "520000")
    assert chain("522622103201") == ("522622103201", "522622103", "522622", "522600", "520000")
    assert chain("522622") == ("522622", "522600", "520000")
    assert chain("520000") == ("520000",)
    assert chain("") == ()
    assert covers("522622", "522622103") and not covers("522622103", "522622")


@pytest.mark.parametrize("code", ["52262", "5226221", "52262210", "abcdef", "522622 103"])
def test_a_malformed_code_is_refused_naming_its_field(code: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_region_code(code, "region_code")
    assert refused.value.fields == {"field": "region_code"} and "6、9或12位数字" in refused.value.message


def test_the_wizard_keeps_the_line_under_the_county_and_a_522622_file_is_judged(
    sqlite_db: Database, setup_data: setup.SetupData,
) -> None:
    township = dataclasses.replace(setup_data, office_name="谷陇镇总工会", region_code="522622103")
    setup.initialize(sqlite_db, township)
    admin = auth.login(sqlite_db, township.admin_username, township.admin_password)
    with sqlite_db.read() as session:
        assert {(r.region_code, r.area) for r in session.query(DibaoLine)} == {("522622", "urban"),
                                                                               ("522622", "rural")}
    county_file = judge_file(sqlite_db, make_file(sqlite_db, admin, region_code="522622"))
    assert county_file.category == DEEP  # it was 无法认定
    assert county_file.sentences[1:] == []  # its own code's line: nothing to explain
    village_file = judge_file(sqlite_db, make_file(sqlite_db, admin, region_code="522622103201"))
    assert village_file.category == DEEP
    assert village_file.sentences[-1] == "行政区划 522622103201 没有单独设定的低保线，按 522622（黄平县）的低保线认定"
    blank = judge_file(sqlite_db, make_file(sqlite_db, admin, region_code=""))
    assert blank.sentences[-1] == ("本档案未填行政区划代码，本单位所在地区 522622103 没有单独设定的低保线，"
                                   "按 522622（黄平县）的低保线认定")


def test_a_prefecture_line_serves_a_county_without_one(office_db: Database, setup_data: setup.SetupData) -> None:
    admin = auth.login(office_db, setup_data.admin_username, setup_data.admin_password)
    other_county = make_file(office_db, admin, region_code="522601")
    assert judge_file(office_db, other_county).category == CANNOT_JUDGE
    settings.add_dibao_line(office_db, admin, "522600", "黔东南州", "urban", 70_000, dt.date(2020, 1, 1))
    judged = judge_file(office_db, other_county)
    assert judged.dibao is not None and judged.dibao.monthly_fen == 70_000
    assert judged.sentences[-1] == "行政区划 522601 没有单独设定的低保线，按 522600（黔东南州）的低保线认定"


def test_a_township_line_of_its_own_wins_over_the_county_line_of_the_same_date(
    office_db: Database, setup_data: setup.SetupData,
) -> None:
    admin = auth.login(office_db, setup_data.admin_username, setup_data.admin_password)
    settings.add_dibao_line(office_db, admin, "522622103", "谷陇镇", "urban", 60_000, dt.date(2000, 1, 1))
    judged = judge_file(office_db, make_file(office_db, admin, region_code="522622103"))
    assert judged.dibao is not None and (judged.dibao.region_name, judged.dibao.monthly_fen) == ("谷陇镇", 60_000)
    assert not any("没有单独设定" in s for s in judged.sentences)


def test_a_file_with_a_malformed_region_code_is_refused(office_db: Database, setup_data: setup.SetupData) -> None:
    from songnuan_desktop.services.files import worker_files

    clerk = auth.login(office_db, setup_data.admin_username, setup_data.admin_password)
    clerk = dataclasses.replace(clerk, roles=clerk.roles | {Role.CLERK})
    data = worker_files.FileInput(name="张三", id_number="522622198001010018", category="深度困难",
                                  causes=("下岗失业",), region_code="5226")
    with pytest.raises(ValidationFailed) as refused:
        worker_files.create(office_db, clerk, data)
    assert refused.value.fields == {"field": "region_code"} and "行政区划代码" in refused.value.message
    assert worker_files.create(office_db, clerk, dataclasses.replace(data, region_code="522622103")).file_no
