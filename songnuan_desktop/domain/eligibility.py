"""Eligibility (认定): which hardship category the office's rules give a household, and why, in words.

Pure: the facts of the household and the rules in force come in as frozen values; no database.
Money is integer fen; the per-capita income is rounded half up to the fen with integer arithmetic
and every threshold is compared on that rounded figure, the one the user sees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from songnuan_desktop.domain import paper_dates
from songnuan_desktop.domain.errors import ValidationFailed
from songnuan_desktop.domain.settings import DEFAULTS, EXCLUSION_LABELS

DEEP = "深度困难"
RELATIVE = "相对困难"
ACCIDENT = "意外致困"
NOT_ELIGIBLE = "不符合"
CANNOT_JUDGE = "无法认定"

# Deeper first: the monotonicity of the rules is stated on this order.
DEPTH = {CANNOT_JUDGE: -1, NOT_ELIGIBLE: 0, ACCIDENT: 1, RELATIVE: 2, DEEP: 3}

AREA_LABELS = {"urban": "城市", "rural": "农村"}


@dataclass(frozen=True)
class DibaoInForce:
    """The 低保线 a household is judged against: amount per person and month, since a date."""

    monthly_fen: int
    effective_from: dt.date
    region_name: str
    area: str  # urban | rural

    def __post_init__(self) -> None:
        if self.monthly_fen <= 0:  # a ratio to nothing would divide by zero
            raise ValidationFailed("monthly_fen", "低保线应大于0元（每人每月）。", {"field": "monthly_fen"})

    @property
    def label(self) -> str:
        """'黄平县城市'."""
        return f"{self.region_name}{AREA_LABELS.get(self.area, self.area)}"


@dataclass(frozen=True)
class EligibilityRules:
    """Thresholds of the office in force on the day judged. Percents are of the 低保线."""

    dibao: DibaoInForce | None
    deep_hardship_percent: int = DEFAULTS["deep_hardship_percent"]
    relative_hardship_percent: int = DEFAULTS["relative_hardship_percent"]
    serious_illness_percent: int = DEFAULTS["serious_illness_percent"]
    hardship_cost_percent: int = DEFAULTS["hardship_cost_percent"]
    medical_selfpaid_fen: int = DEFAULTS["medical_selfpaid_fen"]
    disaster_loss_fen: int = DEFAULTS["disaster_loss_fen"]
    exclusions: frozenset[str] = frozenset(DEFAULTS["exclusions"])
    settings_from: dt.date | None = None  # the newest settings version used; None: built-in defaults
    dibao_missing: str = ""  # why there is no 低保线, in words, when `dibao` is None

    @classmethod
    def from_settings(
        cls, values: Mapping[str, Any], dibao: DibaoInForce | None, settings_from: dt.date | None = None,
        dibao_missing: str = "",
    ) -> EligibilityRules:
        """From setting values keyed as in domain.settings.DEFAULTS (missing keys: the defaults)."""
        def get(key: str) -> Any:
            return values.get(key, DEFAULTS[key])

        return cls(
            dibao=dibao, deep_hardship_percent=int(get("deep_hardship_percent")),
            relative_hardship_percent=int(get("relative_hardship_percent")),
            serious_illness_percent=int(get("serious_illness_percent")),
            hardship_cost_percent=int(get("hardship_cost_percent")),
            medical_selfpaid_fen=int(get("medical_selfpaid_fen")), disaster_loss_fen=int(get("disaster_loss_fen")),
            exclusions=frozenset(get("exclusions")), settings_from=settings_from, dibao_missing=dibao_missing,
        )


@dataclass(frozen=True)
class HouseholdFacts:
    """What the household is judged on. Incomes are monthly, the rest annual, all in fen.

    `hardship costs` of the 意外致困 rule are the annual rigid expenses (刚性支出: 医疗、教育、残疾康复…).
    `exclusion_facts` holds the codes of EXCLUSION_LABELS that are true of the household.
    The `*_this_year` flags are events dated within the year judged; `event_date` is that date, when
    known. `uncounted_events` are events the file records that cannot count as this year's (no date,
    or a date outside `judged_year`): the sentences say so instead of passing over them.
    """

    household_size: int
    head_monthly_income_fen: int = 0
    member_monthly_incomes_fen: tuple[int, ...] = ()
    other_annual_income_fen: int = 0
    annual_rigid_expenses_fen: int = 0
    serious_illness_this_year: bool = False
    disaster_this_year: bool = False
    accident_this_year: bool = False
    medical_selfpaid_fen: int = 0
    disaster_loss_fen: int = 0
    exclusion_facts: frozenset[str] = frozenset()
    event_date: dt.date | None = None
    uncounted_events: tuple[str, ...] = ()
    judged_year: int | None = None

    @property
    def annual_income_fen(self) -> int:
        monthly = self.head_monthly_income_fen + sum(self.member_monthly_incomes_fen)
        return 12 * monthly + self.other_annual_income_fen


@dataclass(frozen=True)
class ExclusionHit:
    code: str
    label: str


@dataclass(frozen=True)
class Judgement:
    """The category, the figures it rests on and the sentences that explain it."""

    category: str  # 深度困难 | 相对困难 | 意外致困 | 不符合 | 无法认定
    can_judge: bool
    rule: str  # deep | relative | accident | above | excluded | no_dibao
    annual_income_fen: int
    annual_expenses_fen: int
    per_capita_monthly_fen: int
    ratio_percent: Decimal | None  # per capita ÷ 低保线, one decimal; None without a 低保线
    dibao: DibaoInForce | None
    settings_from: dt.date | None
    exclusions: tuple[ExclusionHit, ...]
    sentences: list[str]
    judged_on: dt.date | None = None  # set by the service: the day whose rules were applied

    @property
    def eligible(self) -> bool:
        return self.category in (DEEP, RELATIVE, ACCIDENT)


# --- formatting ----------------------------------------------------------------------------------

def yuan_text(fen: int) -> str:
    """82000 → '820', 120050 → '1,200.50': thousands separated, no '.00' when whole."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan:,}" if cents == 0 else f"{sign}{yuan:,}.{cents:02d}"


date_text = paper_dates.date_text  # '2024年1月1日'


def _times(percent: int) -> str:
    """100 → '1', 150 → '1.5': a percent of the 低保线 as a multiple."""
    return format((Decimal(percent) / 100).normalize(), "f")


def _tenths_percent(part: int, whole: int) -> Decimal:
    """part ÷ whole as a percent with one decimal, rounded half up, in integers. whole > 0."""
    tenths = (part * 2000 + whole) // (2 * whole)
    return Decimal(tenths).scaleb(-1)


def per_capita_monthly(net_annual_fen: int, household_size: int) -> int:
    """net ÷ 12 ÷ size rounded half up to the fen; a negative net counts as 0."""
    if net_annual_fen <= 0:
        return 0
    divisor = 12 * household_size
    return (2 * net_annual_fen + divisor) // (2 * divisor)


# --- the rules -----------------------------------------------------------------------------------

def _check(facts: HouseholdFacts) -> None:
    if facts.household_size < 1:
        raise ValidationFailed("household_size", "家庭人口数至少为1。", {"field": "household_size"})
    amounts = (facts.head_monthly_income_fen, *facts.member_monthly_incomes_fen, facts.other_annual_income_fen,
               facts.annual_rigid_expenses_fen, facts.medical_selfpaid_fen, facts.disaster_loss_fen)
    if any(amount < 0 for amount in amounts):
        raise ValidationFailed("negative_amount", "收入、支出和损失金额不能为负数。", {"field": "amount"})


def _below(per_capita_fen: int, percent: int, dibao_fen: int) -> bool:
    """Strictly below percent % of the 低保线: equal is not below."""
    return per_capita_fen * 100 < percent * dibao_fen


def _event_reason(facts: HouseholdFacts, rules: EligibilityRules) -> str:
    """Why the household counts as hit by a disaster, accident or serious illness; '' if it does not."""
    events = [name for flag, name in ((facts.serious_illness_this_year, "患重特大疾病"),
                                      (facts.disaster_this_year, "遭受自然灾害"),
                                      (facts.accident_this_year, "遭受意外事故")) if flag]
    if not events:
        return ""
    when = f"{facts.event_date.year}年{facts.event_date.month}月" if facts.event_date else "当年"
    what = when + "、".join(events)
    if facts.medical_selfpaid_fen >= rules.medical_selfpaid_fen:
        return (f"{what}，医疗自付 {yuan_text(facts.medical_selfpaid_fen)} 元，"
                f"达到 {yuan_text(rules.medical_selfpaid_fen)} 元")
    if facts.disaster_loss_fen >= rules.disaster_loss_fen:
        return (f"{what}，财产损失 {yuan_text(facts.disaster_loss_fen)} 元，"
                f"达到 {yuan_text(rules.disaster_loss_fen)} 元")
    return ""


def _uncounted_sentence(facts: HouseholdFacts) -> str:
    """Why a recorded disaster, accident or illness was not counted as this year's; '' if none was left out."""
    if not facts.uncounted_events:
        return ""
    what = "、".join(facts.uncounted_events)
    year = f"{facts.judged_year}年" if facts.judged_year else "认定年度"
    if facts.event_date is None:
        return f"致困原因“{what}”未填写发生日期，不能确认发生在{year}内，未按意外致困条件认定（请补填发生日期）"
    return f"{what}发生于 {date_text(facts.event_date)}，不在{year}内（截至认定日），未按意外致困条件认定"


def _cost_reason(facts: HouseholdFacts, rules: EligibilityRules) -> str:
    """Why the hardship costs count as above their share of the annual income; '' if they do not."""
    costs, income = facts.annual_rigid_expenses_fen, facts.annual_income_fen
    if costs * 100 <= rules.hardship_cost_percent * income:
        return ""
    share = f"，占家庭年收入 {yuan_text(income)} 元的 {_tenths_percent(costs, income)}%" if income else "，家庭无收入"
    return f"年刚性支出 {yuan_text(costs)} 元{share}，超过 {rules.hardship_cost_percent}%"


def _exclusion_hits(facts: HouseholdFacts, rules: EligibilityRules) -> tuple[ExclusionHit, ...]:
    return tuple(ExclusionHit(code, label) for code, label in EXCLUSION_LABELS.items()
                 if code in rules.exclusions and code in facts.exclusion_facts)


def _ratio_text(per_capita: int, dibao: DibaoInForce) -> str:
    return f"为低保线 {yuan_text(dibao.monthly_fen)} 元的 {_tenths_percent(per_capita, dibao.monthly_fen)}%"


def _category(per_capita: int, facts: HouseholdFacts, rules: EligibilityRules, dibao: DibaoInForce) -> tuple[str, str]:
    """(category, the sentence that gives it) for a household with no exclusion."""
    income = f"家庭月人均收入 {yuan_text(per_capita)} 元"
    ratio = _ratio_text(per_capita, dibao)
    if _below(per_capita, rules.deep_hardship_percent, dibao.monthly_fen):
        return DEEP, (f"{income}，低于低保线 {yuan_text(dibao.monthly_fen)} 元（{date_text(dibao.effective_from)}起，"
                      f"{dibao.label}）的 {_times(rules.deep_hardship_percent)} 倍：{DEEP}")
    if _below(per_capita, rules.relative_hardship_percent, dibao.monthly_fen):
        return RELATIVE, f"{income}，{ratio}，低于 {_times(rules.relative_hardship_percent)} 倍：{RELATIVE}"
    reason = _event_reason(facts, rules) or _cost_reason(facts, rules)
    serious = _times(rules.serious_illness_percent)
    if reason and _below(per_capita, rules.serious_illness_percent, dibao.monthly_fen):
        return ACCIDENT, f"{income}，{ratio}，低于 {serious} 倍，且{reason}：{ACCIDENT}"
    tail = f"；虽{reason}，但不低于 {serious} 倍" if reason else ""
    relative = _times(rules.relative_hardship_percent)
    return NOT_ELIGIBLE, f"{income}，{ratio}，不低于 {relative} 倍{tail}：不符合困难职工认定条件"


def _unjudged(per_capita: int, hits: tuple[ExclusionHit, ...], rules: EligibilityRules) -> list[str]:
    """Sentences of a household not judged by income: excluded (whatever its income), or no 低保线."""
    dibao = rules.dibao
    if not hits:
        return [f"{CANNOT_JUDGE}：{rules.dibao_missing or '没有适用的低保线'}"]
    sentences = [f"{hit.label}：不予认定" for hit in hits]
    if dibao is not None:
        sentences.insert(0, f"家庭月人均收入 {yuan_text(per_capita)} 元，{_ratio_text(per_capita, dibao)}")
    return sentences


_RULE_OF = {DEEP: "deep", RELATIVE: "relative", ACCIDENT: "accident", NOT_ELIGIBLE: "above"}


def judge(facts: HouseholdFacts, rules: EligibilityRules) -> Judgement:
    """The category the rules give the household, with every figure and exclusion in words."""
    _check(facts)
    income, expenses = facts.annual_income_fen, facts.annual_rigid_expenses_fen
    per_capita = per_capita_monthly(income - expenses, facts.household_size)
    sentences = []
    if expenses > income:
        sentences.append(f"家庭年刚性支出 {yuan_text(expenses)} 元超过年收入 {yuan_text(income)} 元，"
                         "月人均收入按 0 元计")
    hits = _exclusion_hits(facts, rules)
    dibao = rules.dibao
    ratio = _tenths_percent(per_capita, dibao.monthly_fen) if dibao else None
    if hits or dibao is None:
        category, rule = (NOT_ELIGIBLE, "excluded") if hits else (CANNOT_JUDGE, "no_dibao")
        sentences.extend(_unjudged(per_capita, hits, rules))
    else:
        category, sentence = _category(per_capita, facts, rules, dibao)
        rule = _RULE_OF[category]
        sentences.append(sentence)
        if category == NOT_ELIGIBLE and _uncounted_sentence(facts):
            sentences.append(_uncounted_sentence(facts))
    return Judgement(
        category=category, can_judge=category != CANNOT_JUDGE, rule=rule, annual_income_fen=income,
        annual_expenses_fen=expenses, per_capita_monthly_fen=per_capita, ratio_percent=ratio, dibao=dibao,
        settings_from=rules.settings_from, exclusions=hits, sentences=sentences,
    )
