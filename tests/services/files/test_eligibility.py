"""Judging a worker file by the rules in force on a day: 低保线 and settings versions, on both backends.

The office of the fixtures is 旧州镇总工会 (黄平县 522622), 低保线 790 元 (urban) / 520 元 (rural) and
default settings, all from 2000-01-01.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from decimal import Decimal

import pytest

from songnuan_desktop.domain.eligibility import ACCIDENT, CANNOT_JUDGE, DEEP, NOT_ELIGIBLE, RELATIVE, Judgement
from songnuan_desktop.domain.errors import NotFound
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import FileExclusion, HardshipCause, HouseholdMember, IncomeItem, WorkerFile
from songnuan_desktop.services.office import settings
from songnuan_desktop.services.files.eligibility import judge_file
from songnuan_desktop.services.office.session_user import SessionUser

PAST = dt.date(2024, 6, 30)
DEEP_SENTENCE = "家庭月人均收入 466.67 元，低于低保线 790 元（2000年1月1日起，黄平县城市）的 1 倍：深度困难"


def make_file(
    db: Database, by: SessionUser, *, head_fen: int = 100_000, members: tuple[int, ...] = (50_000, 0),
    incomes: tuple[tuple[str, str, int], ...] = (("income", "养老金", 120_000), ("expense", "医疗", 240_000)),
    causes: tuple[str, ...] = ("下岗失业",), exclusions: tuple[str, ...] = (), **fields: object,
) -> uuid.UUID:
    """A household of 1 + len(members); by default 466.67 元 a head a month (1,680,000 fen net ÷ 36)."""
    common = {"origin_office_id": by.office_id}
    with db.write(by.actor) as session:
        row = WorkerFile(
            office_id=by.office_id, file_no=f"DA-2024-{uuid.uuid4().hex[:6]}", name="张三",
            id_number="522622198001010012", hukou_type="非农业", monthly_income_fen=head_fen, **common,
            members=[HouseholdMember(position=i, name=f"家人{i}", relation="其他", monthly_income_fen=fen, **common)
                     for i, fen in enumerate(members)],
            incomes=[IncomeItem(direction=d, kind=k, annual_fen=fen, **common) for d, k, fen in incomes],
            causes=[HardshipCause(position=i, cause=c, **common) for i, c in enumerate(causes)],
            exclusions=[FileExclusion(key=k, **common) for k in exclusions],
        )
        for name, value in fields.items():
            setattr(row, name, value)
        session.add(row)
        session.flush()
        return row.id


def test_a_file_is_judged_from_its_members_and_income_items(office_db: Database, admin: SessionUser) -> None:
    judged = judge_file(office_db, make_file(office_db, admin))
    assert (judged.category, judged.annual_income_fen, judged.annual_expenses_fen) == (DEEP, 1_920_000, 240_000)
    assert judged.per_capita_monthly_fen == 46_667 and judged.ratio_percent == Decimal("59.1")
    assert judged.sentences == [DEEP_SENTENCE]  # judged today: no note on older rules
    assert judged.judged_on == dt.date.today() and judged.settings_from == dt.date(2000, 1, 1)


def test_the_result_holds_plain_values_only(office_db: Database, admin: SessionUser) -> None:
    judged = judge_file(office_db, make_file(office_db, admin))

    def plain(value: object) -> bool:
        if dataclasses.is_dataclass(value):
            return all(plain(getattr(value, f.name)) for f in dataclasses.fields(value))
        if isinstance(value, (list, tuple)):
            return all(plain(v) for v in value)
        return isinstance(value, (str, int, bool, Decimal, dt.date, type(None)))

    assert isinstance(judged, Judgement) and plain(judged)


def test_a_later_dibao_line_changes_the_judgement_only_from_its_date(office_db: Database, admin: SessionUser) -> None:
    file_id = make_file(office_db, admin)
    settings.add_dibao_line(office_db, admin, "522622", "黄平县", "urban", 40_000, dt.date(2025, 1, 1))

    before = judge_file(office_db, file_id, dt.date(2024, 12, 31))
    assert (before.category, before.dibao and before.dibao.monthly_fen) == (DEEP, 79_000)
    assert before.sentences == [
        DEEP_SENTENCE, "按 2000年1月1日起的低保线认定", "按 2000年1月1日起的认定标准认定（认定日期 2024年12月31日）",
    ]
    after = judge_file(office_db, file_id, dt.date(2025, 1, 1))
    assert (after.category, after.ratio_percent) == (RELATIVE, Decimal("116.7"))
    assert after.sentences[0] == "家庭月人均收入 466.67 元，为低保线 400 元的 116.7%，低于 2 倍：相对困难"
    assert after.sentences[1] == "按 2025年1月1日起的低保线认定"
    assert judge_file(office_db, file_id).category == RELATIVE  # today


def test_a_later_settings_version_applies_only_from_its_date(office_db: Database, admin: SessionUser) -> None:
    file_id = make_file(office_db, admin, head_fen=60_000, members=(), incomes=())  # 600 元: 75.9 %
    settings.set_value(office_db, admin, "deep_hardship_percent", 70, dt.date(2024, 1, 1))
    old = judge_file(office_db, file_id, dt.date(2023, 12, 31))
    assert (old.category, old.settings_from) == (DEEP, dt.date(2000, 1, 1))
    new = judge_file(office_db, file_id, PAST)
    assert (new.category, new.settings_from) == (RELATIVE, dt.date(2024, 1, 1))
    assert new.sentences[-1] == "按 2024年1月1日起的认定标准认定（认定日期 2024年6月30日）"


def test_rural_hukou_is_judged_against_the_rural_line(office_db: Database, admin: SessionUser) -> None:
    judged = judge_file(office_db, make_file(office_db, admin, hukou_type="农业"), PAST)
    assert judged.dibao is not None and (judged.dibao.area, judged.dibao.monthly_fen) == ("rural", 52_000)
    assert judged.sentences[0].endswith("低于低保线 520 元（2000年1月1日起，黄平县农村）的 1 倍：深度困难")


@pytest.mark.parametrize("region", ["", "522622", "522622100", "522622100201"])
def test_the_county_line_serves_the_file_its_township_and_village(
    office_db: Database, admin: SessionUser, region: str,
) -> None:
    judged = judge_file(office_db, make_file(office_db, admin, region_code=region))
    assert judged.dibao is not None and judged.dibao.region_name == "黄平县"


def test_a_region_without_a_line_cannot_be_judged_and_says_why(office_db: Database, admin: SessionUser) -> None:
    judged = judge_file(office_db, make_file(office_db, admin, region_code="522601"), PAST)
    assert (judged.category, judged.can_judge) == (CANNOT_JUDGE, False)
    assert judged.sentences[0] == "无法认定：没有行政区划 522601 城市在 2024年6月30日 已生效的低保线，请先在设置中添加"


def test_no_line_yet_on_an_early_date(office_db: Database, admin: SessionUser) -> None:
    judged = judge_file(office_db, make_file(office_db, admin), dt.date(1999, 12, 31))
    assert judged.category == CANNOT_JUDGE
    assert judged.sentences[0] == "无法认定：没有黄平县（522622）城市在 1999年12月31日 已生效的低保线，请先在设置中添加"
    assert judged.sentences[-1] == "按系统默认认定标准认定（认定日期 1999年12月31日）"


def test_unpaid_dues_exclude_the_household(office_db: Database, admin: SessionUser) -> None:
    judged = judge_file(office_db, make_file(office_db, admin, dues_paid=False))
    assert (judged.category, [h.code for h in judged.exclusions]) == (NOT_ELIGIBLE, ["dues_unpaid"])
    assert judged.sentences[-1] == "未按规定缴纳会费：不予认定"


# --- the facts of 意外致困: an event of the year judged, self-paid costs, disaster loss ----------------

JUDGED = dt.date(2026, 6, 30)
ILLNESS_2026 = ("家庭月人均收入 1,900 元，为低保线 790 元的 240.5%，低于 3 倍，"
                "且2026年3月患重特大疾病，医疗自付 12,000 元，")


def ill_file(db: Database, by: SessionUser, **fields: object) -> uuid.UUID:
    """4,800 元 a month for two, 12,000 元 medical: (57,600 − 12,000) ÷ 12 ÷ 2 = 1,900 元, 240.5 % of 790 元."""
    values: dict[str, object] = {"head_fen": 480_000, "members": (0,), "incomes": (("expense", "医疗", 1_200_000),),
                                 "causes": ("患重特大疾病",), "hardship_event_date": dt.date(2026, 3, 10)}
    values.update(fields)
    return make_file(db, by, **values)  # type: ignore[arg-type]


def test_serious_illness_this_year_with_large_medical_costs_gives_accident(
    office_db: Database, admin: SessionUser,
) -> None:
    judged = judge_file(office_db, ill_file(office_db, admin), JUDGED)
    assert judged.category == ACCIDENT
    assert judged.sentences[0] == ILLNESS_2026 + "达到 10,000 元：意外致困"


def test_the_selfpaid_column_is_the_medical_cost_and_is_not_added_to_the_medical_items(
    office_db: Database, admin: SessionUser,
) -> None:
    # The same 12,000 元 in both places counts once; a larger column figure wins over the items.
    same = judge_file(office_db, ill_file(office_db, admin, medical_selfpaid_fen=1_200_000), JUDGED)
    assert same.sentences[0] == ILLNESS_2026 + "达到 10,000 元：意外致困"
    column = judge_file(office_db, ill_file(office_db, admin, incomes=(("expense", "教育", 1_200_000),),
                                            medical_selfpaid_fen=1_500_000), JUDGED)
    assert column.category == ACCIDENT and "医疗自付 15,000 元，达到 10,000 元" in column.sentences[0]
    small = judge_file(office_db, ill_file(office_db, admin, incomes=(("expense", "教育", 1_200_000),),
                                           medical_selfpaid_fen=999_900), JUDGED)
    assert small.category == NOT_ELIGIBLE


def test_an_illness_of_an_earlier_year_does_not_count_and_says_so(office_db: Database, admin: SessionUser) -> None:
    file_id = ill_file(office_db, admin)
    next_year = judge_file(office_db, file_id, dt.date(2027, 6, 30))
    assert next_year.category == NOT_ELIGIBLE
    assert next_year.sentences[1] == (
        "患重特大疾病发生于 2026年3月10日，不在2027年内（截至认定日），未按意外致困条件认定")
    before_it = judge_file(office_db, file_id, dt.date(2026, 3, 9))  # judged on a day before the illness
    assert before_it.category == NOT_ELIGIBLE and "不在2026年内（截至认定日）" in before_it.sentences[1]
    assert judge_file(office_db, file_id, dt.date(2026, 12, 31)).category == ACCIDENT


def test_an_undated_event_is_not_assumed_to_be_this_years(office_db: Database, admin: SessionUser) -> None:
    judged = judge_file(office_db, ill_file(office_db, admin, hardship_event_date=None), JUDGED)
    assert judged.category == NOT_ELIGIBLE
    assert judged.sentences[1] == ("致困原因“患重特大疾病”未填写发生日期，不能确认发生在2026年内，"
                                   "未按意外致困条件认定（请补填发生日期）")


def test_a_disaster_this_year_with_its_loss_gives_accident(office_db: Database, admin: SessionUser) -> None:
    # 4,000 元 a month for two: 2,000 元 a head, 253.2 % of 790 元.
    fields = {"head_fen": 400_000, "members": (0,), "incomes": (), "causes": ("遭受自然灾害", "下岗失业"),
              "hardship_event_date": dt.date(2026, 3, 5)}
    judged = judge_file(office_db, make_file(office_db, admin, disaster_loss_fen=2_500_000, **fields), JUDGED)
    assert judged.category == ACCIDENT
    assert judged.sentences[0] == ("家庭月人均收入 2,000 元，为低保线 790 元的 253.2%，低于 3 倍，"
                                   "且2026年3月遭受自然灾害，财产损失 25,000 元，达到 20,000 元：意外致困")
    short = judge_file(office_db, make_file(office_db, admin, disaster_loss_fen=1_999_900, **fields), JUDGED)
    assert short.category == NOT_ELIGIBLE and short.sentences[0].endswith("不低于 2 倍：不符合困难职工认定条件")


def test_an_accident_this_year_counts_its_medical_costs(office_db: Database, admin: SessionUser) -> None:
    judged = judge_file(office_db, ill_file(office_db, admin, causes=("遭受意外事故",),
                                            hardship_event_date=dt.date(2026, 1, 2)), JUDGED)
    assert judged.category == ACCIDENT and "且2026年1月遭受意外事故，医疗自付 12,000 元" in judged.sentences[0]


def test_recorded_exclusions_and_unpaid_dues_exclude_the_household(office_db: Database, admin: SessionUser) -> None:
    judged = judge_file(office_db, make_file(office_db, admin, exclusions=("stock_investment", "employs_others"),
                                             dues_paid=False))
    assert judged.category == NOT_ELIGIBLE
    assert [h.code for h in judged.exclusions] == ["dues_unpaid", "employs_others", "stock_investment"]
    assert judged.sentences[1:] == [
        "未按规定缴纳会费：不予认定", "经营并雇用他人：不予认定", "从事股票等投资：不予认定"]
    settings.set_value(office_db, admin, "exclusions", ["dues_unpaid"], dt.date(2025, 1, 1))
    unused = judge_file(office_db, make_file(office_db, admin, exclusions=("stock_investment",)))
    assert unused.category == DEEP and unused.exclusions == ()  # the office does not use that exclusion


def test_unknown_or_deleted_files_are_not_found(office_db: Database, admin: SessionUser) -> None:
    with pytest.raises(NotFound):
        judge_file(office_db, uuid.uuid4())
    with pytest.raises(NotFound):
        judge_file(office_db, make_file(office_db, admin, deleted=True))
