"""Eligibility rules: each category's boundary to the fen, rounding, exclusions, and the sentences."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from songnuan_desktop.domain.eligibility import (
    ACCIDENT,
    CANNOT_JUDGE,
    DEEP,
    DEPTH,
    NOT_ELIGIBLE,
    RELATIVE,
    DibaoInForce,
    EligibilityRules,
    HouseholdFacts,
    date_text,
    judge,
    per_capita_monthly,
    yuan_text,
)
from songnuan_desktop.domain.errors import ValidationFailed
from songnuan_desktop.domain.settings import DEFAULTS, EXCLUSION_LABELS

DIBAO_900 = DibaoInForce(90_000, dt.date(2024, 1, 1), "黄平县", "urban")
DIBAO_790 = DibaoInForce(79_000, dt.date(2000, 1, 1), "黄平县", "urban")
RULES = EligibilityRules(dibao=DIBAO_900)
RULES_790 = EligibilityRules(dibao=DIBAO_790)


def alone(monthly_fen: int, **changes: Any) -> HouseholdFacts:
    """A household of one whose head earns `monthly_fen` a month."""
    return dataclasses.replace(HouseholdFacts(household_size=1, head_monthly_income_fen=monthly_fen), **changes)


# --- formatting ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("fen", "text"), [
    (82_000, "820"), (120_050, "1,200.50"), (5, "0.05"), (0, "0"), (100_000_000, "1,000,000"),
    (12_345_670, "123,456.70"), (-150, "-1.50"),
])
def test_yuan_text_has_separators_and_no_trailing_zero_cents(fen: int, text: str) -> None:
    assert yuan_text(fen) == text


def test_date_text_has_no_leading_zeros() -> None:
    assert date_text(dt.date(2024, 1, 1)) == "2024年1月1日"
    assert date_text(dt.date(2023, 12, 31)) == "2023年12月31日"


@pytest.mark.parametrize(("net", "size", "expected"), [
    (6, 1, 1),       # 0.5 fen rounds half up
    (5, 1, 0),       # 0.4167
    (18, 3, 1),      # 0.5
    (17, 3, 0),      # 0.4722
    (30, 1, 3),      # 2.5 → 3
    (1_680_000, 3, 46_667),  # 46,666.67
    (0, 4, 0),
    (-100, 2, 0),    # expenses above income count as nothing
])
def test_per_capita_is_rounded_half_up_to_the_fen(net: int, size: int, expected: int) -> None:
    assert per_capita_monthly(net, size) == expected


# --- categories at their boundaries ----------------------------------------------------------------

@pytest.mark.parametrize(("monthly", "category"), [
    (0, DEEP), (89_999, DEEP), (90_000, RELATIVE),          # equal to 1× is not below it
    (179_999, RELATIVE), (180_000, NOT_ELIGIBLE),           # equal to 2× is not below it
])
def test_income_categories_are_strictly_below_their_threshold(monthly: int, category: str) -> None:
    assert judge(alone(monthly), RULES).category == category


def test_the_rounded_per_capita_is_what_is_compared() -> None:
    # 1,079,994 ÷ 12 = 89,999.5 → 90,000 fen: shown as 900 元, so not below 900 元.
    assert judge(alone(0, other_annual_income_fen=12 * 90_000 - 6), RULES).category == RELATIVE
    # 1,079,993 ÷ 12 = 89,999.42 → 89,999 fen.
    below = judge(alone(0, other_annual_income_fen=12 * 90_000 - 7), RULES)
    assert (below.category, below.per_capita_monthly_fen) == (DEEP, 89_999)


def test_thresholds_come_from_the_rules() -> None:
    rules = dataclasses.replace(RULES, deep_hardship_percent=120, relative_hardship_percent=150)
    assert judge(alone(107_999), rules).category == DEEP
    assert judge(alone(108_000), rules).category == RELATIVE
    relative = judge(alone(134_999), rules)
    assert relative.category == RELATIVE and relative.sentences[-1].endswith("低于 1.5 倍：相对困难")
    assert judge(alone(135_000), rules).category == NOT_ELIGIBLE


def illness(monthly: int, selfpaid: int) -> HouseholdFacts:
    return alone(monthly, serious_illness_this_year=True, medical_selfpaid_fen=selfpaid)


@pytest.mark.parametrize(("facts", "category"), [
    (illness(269_999, 1_000_000), ACCIDENT),                       # self-paid exactly 10,000 元 counts
    (illness(269_999, 999_999), NOT_ELIGIBLE),
    (illness(270_000, 1_000_000), NOT_ELIGIBLE),                   # equal to 3× is not below it
    (alone(269_999, medical_selfpaid_fen=5_000_000), NOT_ELIGIBLE),  # no event this year
    (alone(200_000, disaster_this_year=True, disaster_loss_fen=2_000_000), ACCIDENT),
    (alone(200_000, disaster_this_year=True, disaster_loss_fen=1_999_999), NOT_ELIGIBLE),
    (alone(200_000, accident_this_year=True, medical_selfpaid_fen=1_000_000), ACCIDENT),
    (illness(100_000, 0), RELATIVE),                               # a deeper category wins
    (illness(100_000, 2_000_000), RELATIVE),
    (alone(500_000, annual_rigid_expenses_fen=4_900_000), RELATIVE),  # costs 81.7 % of income, 916.67 元
])
def test_accident_category(facts: HouseholdFacts, category: str) -> None:
    assert judge(facts, RULES).category == category


def test_hardship_costs_above_their_share_of_income_give_accident() -> None:
    # 10,000 元 a month = 120,000 元 a year; 80 % of it is 96,000 元, which is not above 80 %.
    at_share = judge(alone(1_000_000, annual_rigid_expenses_fen=9_600_000), RULES_790)
    assert at_share.category == NOT_ELIGIBLE and at_share.per_capita_monthly_fen == 200_000
    above = judge(alone(1_000_000, annual_rigid_expenses_fen=9_600_001), RULES_790)
    assert above.category == ACCIDENT
    assert above.sentences == [
        "家庭月人均收入 2,000 元，为低保线 790 元的 253.2%，低于 3 倍，"
        "且年刚性支出 96,000.01 元，占家庭年收入 120,000 元的 80.0%，超过 80%：意外致困"
    ]


# --- sentences -----------------------------------------------------------------------------------

def test_deep_sentence_names_the_line_its_date_and_region() -> None:
    judged = judge(alone(82_000), RULES)
    assert judged.sentences == [
        "家庭月人均收入 820 元，低于低保线 900 元（2024年1月1日起，黄平县城市）的 1 倍：深度困难"
    ]
    assert judged.rule == "deep" and judged.eligible and judged.ratio_percent == Decimal("91.1")


def test_relative_sentence_gives_the_ratio_with_one_decimal() -> None:
    judged = judge(alone(120_050), RULES_790)
    assert judged.sentences == ["家庭月人均收入 1,200.50 元，为低保线 790 元的 152.0%，低于 2 倍：相对困难"]
    assert judged.ratio_percent == Decimal("152.0") and judged.per_capita_monthly_fen == 120_050


def test_the_ratio_is_rounded_half_up() -> None:
    # 1 元 of 16 元 is 6.25 %: half up gives 6.3 (banker's rounding would give 6.2).
    judged = judge(alone(100), EligibilityRules(dibao=DibaoInForce(1_600, dt.date(2024, 1, 1), "某县", "rural")))
    assert judged.ratio_percent == Decimal("6.3")


def test_rural_line_is_labelled_rural() -> None:
    dibao = DibaoInForce(52_000, dt.date(2023, 7, 1), "黄平县", "rural")
    assert judge(alone(0), EligibilityRules(dibao=dibao)).sentences == [
        "家庭月人均收入 0 元，低于低保线 520 元（2023年7月1日起，黄平县农村）的 1 倍：深度困难"
    ]


def test_not_eligible_sentence_says_why_and_mentions_an_event_too_small_to_count() -> None:
    assert judge(alone(200_000), RULES_790).sentences == [
        "家庭月人均收入 2,000 元，为低保线 790 元的 253.2%，不低于 2 倍：不符合困难职工认定条件"
    ]
    rich = judge(illness(300_000, 1_500_000), RULES_790)
    assert rich.sentences == [
        "家庭月人均收入 3,000 元，为低保线 790 元的 379.7%，不低于 2 倍；虽当年患重特大疾病，"
        "医疗自付 15,000 元，达到 10,000 元，但不低于 3 倍：不符合困难职工认定条件"
    ]


def test_accident_sentence_names_the_event_and_the_threshold() -> None:
    judged = judge(alone(200_000, disaster_this_year=True, disaster_loss_fen=2_500_000), RULES_790)
    assert judged.sentences == [
        "家庭月人均收入 2,000 元，为低保线 790 元的 253.2%，低于 3 倍，且当年遭受自然灾害，"
        "财产损失 25,000 元，达到 20,000 元：意外致困"
    ]
    assert judged.rule == "accident"


def test_a_dated_event_is_named_with_its_month() -> None:
    facts = alone(200_000, disaster_this_year=True, disaster_loss_fen=2_500_000, event_date=dt.date(2026, 3, 5))
    judged = judge(facts, RULES_790)
    assert judged.category == ACCIDENT
    assert judged.sentences == [
        "家庭月人均收入 2,000 元，为低保线 790 元的 253.2%，低于 3 倍，且2026年3月遭受自然灾害，"
        "财产损失 25,000 元，达到 20,000 元：意外致困"
    ]


def test_an_event_without_a_date_is_not_counted_and_the_sentence_asks_for_it() -> None:
    facts = alone(200_000, disaster_loss_fen=2_500_000, uncounted_events=("遭受自然灾害",), judged_year=2026)
    judged = judge(facts, RULES_790)
    assert judged.category == NOT_ELIGIBLE
    assert judged.sentences[1] == ("致困原因“遭受自然灾害”未填写发生日期，不能确认发生在2026年内，"
                                   "未按意外致困条件认定（请补填发生日期）")


def test_an_event_of_another_year_is_not_counted_and_says_when_it_was() -> None:
    facts = alone(200_000, medical_selfpaid_fen=2_000_000, uncounted_events=("患重特大疾病", "遭受意外事故"),
                  event_date=dt.date(2024, 11, 3), judged_year=2026)
    assert judge(facts, RULES_790).sentences[1] == (
        "患重特大疾病、遭受意外事故发生于 2024年11月3日，不在2026年内（截至认定日），未按意外致困条件认定")


def test_an_uncounted_event_is_not_mentioned_when_income_alone_decides() -> None:
    facts = alone(50_000, uncounted_events=("遭受自然灾害",), judged_year=2026)
    assert judge(facts, RULES_790).sentences == [
        "家庭月人均收入 500 元，低于低保线 790 元（2000年1月1日起，黄平县城市）的 1 倍：深度困难"]


# --- exclusions ----------------------------------------------------------------------------------

@pytest.mark.parametrize("code", DEFAULTS["exclusions"])
def test_each_exclusion_makes_any_household_not_eligible_and_says_which(code: str) -> None:
    judged = judge(alone(0, exclusion_facts=frozenset({code})), RULES)
    assert (judged.category, judged.rule, judged.eligible) == (NOT_ELIGIBLE, "excluded", False)
    assert [hit.code for hit in judged.exclusions] == [code]
    assert judged.sentences == ["家庭月人均收入 0 元，为低保线 900 元的 0.0%", f"{EXCLUSION_LABELS[code]}：不予认定"]


def test_dues_unpaid_sentence() -> None:
    judged = judge(alone(50_000, exclusion_facts=frozenset({"dues_unpaid"})), RULES)
    assert judged.sentences[-1] == "未按规定缴纳会费：不予认定"


def test_every_exclusion_hit_is_listed() -> None:
    judged = judge(alone(0, exclusion_facts=frozenset({"stock_investment", "dues_unpaid"})), RULES)
    assert [hit.code for hit in judged.exclusions] == ["dues_unpaid", "stock_investment"]
    assert judged.sentences[1:] == ["未按规定缴纳会费：不予认定", "从事股票等投资：不予认定"]


def test_an_exclusion_the_office_does_not_use_is_ignored() -> None:
    rules = dataclasses.replace(RULES, exclusions=frozenset({"dues_unpaid"}))
    judged = judge(alone(0, exclusion_facts=frozenset({"stock_investment"})), rules)
    assert judged.category == DEEP and judged.exclusions == ()


def test_an_excluded_household_is_not_eligible_even_without_a_dibao_line() -> None:
    judged = judge(alone(0, exclusion_facts=frozenset({"false_statement"})), EligibilityRules(dibao=None))
    assert (judged.category, judged.can_judge) == (NOT_ELIGIBLE, True)
    assert judged.sentences == ["虚报、隐瞒家庭情况：不予认定"]


# --- zero, negative, missing ---------------------------------------------------------------------

@pytest.mark.parametrize("size", [0, -1])
def test_household_of_nobody_is_refused(size: int) -> None:
    with pytest.raises(ValidationFailed) as caught:
        judge(HouseholdFacts(household_size=size), RULES)
    assert caught.value.message == "家庭人口数至少为1。" and caught.value.fields == {"field": "household_size"}


def test_negative_amounts_are_refused() -> None:
    with pytest.raises(ValidationFailed, match="不能为负数"):
        judge(alone(0, member_monthly_incomes_fen=(-1,)), RULES)


def test_a_dibao_line_of_zero_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="低保线应大于0元"):
        DibaoInForce(0, dt.date(2024, 1, 1), "黄平县", "urban")


def test_expenses_above_income_give_zero_per_capita_and_say_so() -> None:
    judged = judge(alone(10_000, annual_rigid_expenses_fen=500_000), RULES)
    assert (judged.per_capita_monthly_fen, judged.category) == (0, DEEP)
    assert judged.sentences[0] == "家庭年刚性支出 5,000 元超过年收入 1,200 元，月人均收入按 0 元计"


def test_no_income_at_all_is_deep_hardship_without_an_expense_sentence() -> None:
    judged = judge(HouseholdFacts(household_size=3), RULES)
    assert judged.category == DEEP and len(judged.sentences) == 1


def test_without_a_dibao_line_it_cannot_judge_and_says_why() -> None:
    judged = judge(alone(50_000), EligibilityRules(dibao=None, dibao_missing="没有黄平县农村的低保线"))
    assert (judged.category, judged.can_judge, judged.rule, judged.ratio_percent) == (
        CANNOT_JUDGE, False, "no_dibao", None)
    assert judged.sentences == ["无法认定：没有黄平县农村的低保线"]
    assert judge(alone(0), EligibilityRules(dibao=None)).sentences == ["无法认定：没有适用的低保线"]


# --- household figures and rules from settings ------------------------------------------------------

def test_annual_income_adds_monthly_incomes_and_other_income() -> None:
    facts = HouseholdFacts(household_size=3, head_monthly_income_fen=100_000, member_monthly_incomes_fen=(50_000, 0),
                           other_annual_income_fen=120_000, annual_rigid_expenses_fen=240_000)
    judged = judge(facts, RULES_790)
    assert (judged.annual_income_fen, judged.annual_expenses_fen, judged.per_capita_monthly_fen) == (
        1_920_000, 240_000, 46_667)


def test_rules_from_settings_take_missing_keys_from_the_defaults() -> None:
    rules = EligibilityRules.from_settings(
        {"relative_hardship_percent": 150, "exclusions": ["dues_unpaid"]}, DIBAO_900, dt.date(2024, 1, 1))
    assert rules.relative_hardship_percent == 150 and rules.deep_hardship_percent == 100
    assert rules.exclusions == frozenset({"dues_unpaid"}) and rules.settings_from == dt.date(2024, 1, 1)
    assert judge(alone(0), rules).settings_from == dt.date(2024, 1, 1)


def test_a_judgement_is_frozen() -> None:
    judged = judge(alone(0), RULES)
    with pytest.raises(dataclasses.FrozenInstanceError):
        judged.category = RELATIVE  # type: ignore[misc]


# --- properties ----------------------------------------------------------------------------------

# Amounts on the scale of a 低保线 (hundreds of 元 a month), where the categories change.
money = st.integers(min_value=0, max_value=400_000)
households = st.builds(
    HouseholdFacts,
    household_size=st.integers(min_value=1, max_value=12),
    head_monthly_income_fen=money,
    member_monthly_incomes_fen=st.lists(money, max_size=4).map(tuple),
    other_annual_income_fen=money,
    annual_rigid_expenses_fen=st.integers(min_value=0, max_value=10_000_000),
    serious_illness_this_year=st.booleans(),
    disaster_this_year=st.booleans(),
    accident_this_year=st.booleans(),
    medical_selfpaid_fen=st.integers(min_value=0, max_value=3_000_000),
    disaster_loss_fen=st.integers(min_value=0, max_value=3_000_000),
)
rule_sets = st.just(RULES_790) | st.builds(
    EligibilityRules,
    dibao=st.builds(DibaoInForce, st.integers(min_value=1, max_value=300_000), st.just(dt.date(2024, 1, 1)),
                    st.just("某县"), st.sampled_from(["urban", "rural"])),
    deep_hardship_percent=st.integers(min_value=0, max_value=300),
    relative_hardship_percent=st.integers(min_value=0, max_value=400),
    serious_illness_percent=st.integers(min_value=0, max_value=500),
    hardship_cost_percent=st.integers(min_value=0, max_value=200),
)


@settings(max_examples=500)
@example(alone(500_000, annual_rigid_expenses_fen=4_900_000), RULES_790, 200_000, 0)  # cost share falls
@given(households, rule_sets, st.integers(min_value=0, max_value=2_000_000), st.integers(min_value=0, max_value=100))
def test_more_income_never_gives_a_deeper_category(
    facts: HouseholdFacts, rules: EligibilityRules, extra_annual: int, extra_monthly: int,
) -> None:
    richer = dataclasses.replace(facts, other_annual_income_fen=facts.other_annual_income_fen + extra_annual,
                                 head_monthly_income_fen=facts.head_monthly_income_fen + extra_monthly)
    assert DEPTH[judge(richer, rules).category] <= DEPTH[judge(facts, rules).category]


@given(households, rule_sets)
def test_per_capita_times_size_is_the_net_income_within_rounding(
    facts: HouseholdFacts, rules: EligibilityRules,
) -> None:
    judged = judge(facts, rules)
    net = max(judged.annual_income_fen - judged.annual_expenses_fen, 0)
    divisor = 12 * facts.household_size
    assert abs(judged.per_capita_monthly_fen * divisor - net) * 2 <= divisor
    assert judged.category != CANNOT_JUDGE and judged.sentences
