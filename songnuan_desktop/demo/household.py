"""One demo household's facts and what follows from them: rigid expenses, incomes that fit the
hardship category against the 低保线, the causes of hardship and the 困难情况 text.

`demo_people` draws the head and the members; the functions here take the caller's
`random.Random` and draw from it in a fixed order, so a seed gives the same households.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from typing import Any

from songnuan_desktop.demo.data import DEMO_TODAY, DIBAO_RURAL_FEN, DIBAO_URBAN_FEN, random_date, ri, weighted

PER_CAPITA_FACTOR = {"deep": (0.30, 0.90), "relative": (1.10, 1.90), "edge": (1.02, 1.45), "accident": (1.00, 2.90)}
SERIOUS = frozenset({"恶性肿瘤", "心脑血管病", "终末期肾病", "精神病", "血液病"})
HEAD_EARNS = {"在岗": 1.0, "派遣": 1.0, "农民工": 1.0, "内退": 0.6, "退休": 0.8, "病退": 0.6, "下(待)岗": 0.3,
              "失(无)业": 0.1}
EMPLOYMENT_TEXT = {
    "在岗": "在岗，工资收入低", "派遣": "劳务派遣工，收入不稳定", "农民工": "在本地务工，收入不稳定",
    "内退": "内退后仅领取生活费", "退休": "已退休，养老金较低", "病退": "因病提前退休",
    "下(待)岗": "单位待岗，仅领取基本生活费", "失(无)业": "失业在家，靠打零工维持生活",
}

Expense = tuple[str, int, str]  # (kind, annual fen, note)
Income = list[Any]  # [kind, annual fen, note]: a list, as its amount may be scaled down


@dataclass(frozen=True)
class Unit:
    id: uuid.UUID
    union_id: uuid.UUID
    name: str
    village: str
    migrant: bool


@dataclass(slots=True)
class Member:
    name: str
    id_number: str
    relation: str
    birth: dt.date
    health: str
    identity: str
    where: str = ""
    earns: float = 0.0  # share of the household's earned income
    tier: str = ""  # 高中 / 大学 for students (金秋助学)
    income: int = 0  # monthly fen


@dataclass(slots=True)
class Head:
    category: str
    group: str
    migrant: bool
    employment: str
    birth: dt.date
    sex: str
    family: str
    given: str
    unit: Unit
    hukou: str
    health: str
    marital: str
    id_number: str = ""
    disability: str = ""
    income: int = 0

    @property
    def age(self) -> int:
        return DEMO_TODAY.year - self.birth.year

    @property
    def line(self) -> int:
        return DIBAO_URBAN_FEN if self.hukou == "非农业" else DIBAO_RURAL_FEN


def finances(rng: random.Random, head: Head, members: list[Member]) -> tuple[list[Income], list[Expense], int]:
    """Rigid expenses and incomes chosen so the per-capita net income fits the category:
    returns (incomes, expenses, per-capita monthly net fen) and sets every monthly income."""
    size = 1 + len(members)
    low, high = PER_CAPITA_FACTOR[head.group]
    target = int(head.line * rng.uniform(low, high))
    expenses = _expenses(rng, head, members)
    spent = sum(e[1] for e in expenses)
    gross = target * size * 12 + spent  # annual income the household needs for that per-capita net
    incomes = _benefits(rng, head, members, size, gross)
    earnings = _earnings(head, members, (gross - sum(i[1] for i in incomes)) / 12, incomes)
    head.income = earnings[0]
    for m, fen in zip(members, earnings[1:], strict=True):
        m.income = fen
    net = 12 * sum(earnings) + sum(i[1] for i in incomes) - spent
    return incomes, expenses, net // (12 * size)


def _expenses(rng: random.Random, head: Head, members: list[Member]) -> list[Expense]:
    """Medical, schooling and rehabilitation costs, and the accident or disaster of 意外致困."""
    expenses: list[Expense] = []
    sick = [h for h in [head.health] + [m.health for m in members] if h in SERIOUS]
    if sick:
        heavy = sick[0] in ("恶性肿瘤", "终末期肾病", "血液病")
        fee = _yuan(rng, 30_000, 90_000) if heavy else _yuan(rng, 8_000, 30_000)
        expenses.append(("医疗", fee, f"{sick[0]}治疗自付费用"))
    elif head.health in ("一般疾病", "糖尿病") and rng.random() < 0.5:
        expenses.append(("医疗", _yuan(rng, 2_000, 6_000), "慢性病门诊费用"))
    elif head.group == "accident":
        if rng.random() < 0.5:
            expenses.append(("其他刚性支出", _yuan(rng, 20_000, 50_000), "2026年洪涝灾害房屋受损修缮"))
        else:
            expenses.append(("医疗", _yuan(rng, 12_000, 40_000), "交通事故受伤治疗自付费用"))
    for m in members:
        if m.tier:
            fee = _yuan(rng, 3_000, 6_000) if m.tier == "高中" else _yuan(rng, 8_000, 16_000)
            expenses.append(("教育", fee, f"{m.name}{m.tier}学杂费及生活费"))
    if (head.health == "残疾" or any(m.health == "残疾" for m in members)) and rng.random() < 0.6:
        expenses.append(("残疾康复", _yuan(rng, 2_000, 6_000), "康复治疗及辅具"))
    return expenses


def _benefits(rng: random.Random, head: Head, members: list[Member], size: int, gross: int) -> list[Income]:
    """Incomes other than earnings (低保金, pensions, …), together at most 60 % of `gross`."""
    incomes: list[Income] = []
    if head.group == "deep" and rng.random() < 0.5:
        incomes.append(["低保金", size * ri(rng, 150, 301) * 1200, "城乡低保"])
    if head.employment in ("失(无)业", "下(待)岗") and rng.random() < 0.3:
        incomes.append(["失业金", ri(rng, 1100, 1501) * 100 * ri(rng, 6, 13), "失业保险金"])
    if single_parent(head, members) and rng.random() < 0.5:
        incomes.append(["赡养费/抚养费", ri(rng, 300, 601) * 1200, "子女抚养费"])
    rural_parents = sum(1 for m in members if m.relation in ("父亲", "母亲") and m.identity == "无业")
    if rural_parents:
        incomes.append(["养老金", rural_parents * ri(rng, 1800, 2401) * 100, "父母城乡居民基本养老金"])
    if rng.random() < 0.03:
        incomes.append(["租金", _yuan(rng, 2_000, 6_000), "门面出租"])
    fixed, cap = sum(i[1] for i in incomes), int(gross * 0.6)
    if fixed > cap:
        for i in incomes:
            i[1] = i[1] * cap // fixed // 100 * 100
    return incomes


def _earnings(head: Head, members: list[Member], monthly: float, incomes: list[Income]) -> list[int]:
    """Monthly earnings of the head and each member, `monthly` in all; a household where nobody
    earns gets one line of other income instead (appended to `incomes`)."""
    weights = [HEAD_EARNS[head.employment] * (0.5 if head.health in SERIOUS else 1.0)] + [m.earns for m in members]
    earnings = [0] * len(weights)
    if sum(weights) == 0:
        incomes.append(["其他收入", int(monthly * 12) // 100 * 100, "务农及打零工收入"])
    else:  # shares in whole tens of yuan; the main earner takes the remainder
        main = max(range(len(weights)), key=lambda k: weights[k])
        for k, w in enumerate(weights):
            if k != main:
                earnings[k] = int(monthly * w / sum(weights) / 1000) * 1000
        earnings[main] = max(0, round((monthly - sum(earnings)) / 1000) * 1000)
    return earnings


def hardship_causes(rng: random.Random, head: Head, members: list[Member], expenses: list[Expense]) -> list[str]:
    """One main cause and up to three secondary ones, from the household's facts."""
    sick = head.health in SERIOUS or any(m.health in SERIOUS for m in members)
    pool: list[str] = []
    if head.group == "accident":
        disaster = any(e[0] == "其他刚性支出" for e in expenses)
        pool.append("遭受自然灾害" if disaster else "患重特大疾病" if sick else "遭受意外事故")
    if sick:
        pool.append("患重特大疾病")
    if head.health == "残疾" or (head.health in SERIOUS and head.employment in ("失(无)业", "下(待)岗", "病退")):
        pool.append("无劳动能力")
    if head.employment == "下(待)岗":
        pool.append("下岗失业")
    elif head.employment == "失(无)业":
        pool.append(rng.choice(("下岗失业", "有劳动能力而未就业")))
    if any(m.tier for m in members):
        pool.append("子女上学")
    if head.migrant and rng.random() < 0.3:
        pool.append("未参加社会保险")
    if rng.random() < 0.05:
        pool.append("社会保险待遇未落实")
    pool = list(dict.fromkeys(pool)) or ["其他"]
    return pool[:1] + rng.sample(pool[1:], min(len(pool) - 1, ri(rng, 0, 4)))


def single_parent(head: Head, members: list[Member]) -> bool:
    return head.marital in ("离异", "丧偶") and any(m.relation in ("子", "女") for m in members)


def insurance(rng: random.Random, head: Head) -> str:
    if rng.random() < 0.03:
        return "未参保"
    employed = head.hukou == "非农业" and head.employment != "失(无)业"
    return "城镇职工基本医疗保险" if employed else "城乡居民基本医疗保险"


def situation(head: Head, members: list[Member], expenses: list[Expense], is_single_parent: bool,
              income_text: str) -> str:
    """The free-text 困难情况 as a clerk would write it."""
    parts = [
        f"本人{head.disability}残疾" if head.disability else f"本人患{head.health}" if head.health != "良好" else "",
        EMPLOYMENT_TEXT[head.employment],
        next((f"配偶患{m.health}" for m in members if m.relation == "配偶" and m.health in SERIOUS), ""),
        f"{sum(1 for m in members if m.tier)}个子女在读高中或大学" if any(m.tier for m in members) else "",
        next((e[2] for e in expenses if e[0] == "其他刚性支出" or e[2].startswith("交通事故")), ""),
        "单亲家庭" if is_single_parent else "",
    ]
    return "；".join(p for p in parts if p) + f"。{income_text}。"


def _yuan(rng: random.Random, low: int, high: int) -> int:
    """A whole number of hundreds of yuan between low and high yuan, as fen."""
    return ri(rng, low // 100, high // 100 + 1) * 10_000


EVENT_CAUSES = ("患重特大疾病", "遭受自然灾害", "遭受意外事故")
FLOOD = (dt.date(2026, 6, 10), dt.date(2026, 7, 20))  # the flood of "2026年洪涝灾害" in the expense notes
# Exclusions found on a household at a check, with weights; 核查不符 exits are mostly false statements.
EXCLUSION_WEIGHTS = (("stock_investment", 20), ("employs_others", 20), ("bought_car_or_house", 25),
                     ("illegal_acts", 10), ("private_school", 10), ("healed_before_last_year", 15))


@dataclass(frozen=True)
class EligibilityFacts:
    event_date: dt.date | None
    medical_selfpaid_fen: int
    disaster_loss_fen: int
    exclusions: tuple[str, ...]


def eligibility_facts(rng: random.Random, head: Head, causes: list[str], expenses: list[Expense],
                      filed: dt.date, exit_reason: str) -> EligibilityFacts:
    """When the illness, disaster or accident happened, what it cost, and any exclusion found.

    意外致困 households mostly date their event this year; older files date it near their filing,
    and one in eight of those never recorded the date (files from before the field existed).
    """
    event = next((c for c in causes if c in EVENT_CAUSES), "")
    medical = sum(e[1] for e in expenses if e[0] == "医疗")
    loss = next((e[1] for e in expenses if e[0] == "其他刚性支出"), 0)
    when: dt.date | None = None
    if event == "遭受自然灾害":
        when = random_date(rng, *FLOOD)
    elif event and head.group == "accident" and rng.random() < 0.8:
        when = random_date(rng, dt.date(DEMO_TODAY.year, 1, 1), DEMO_TODAY - dt.timedelta(days=10))
    elif event and rng.random() < 0.875:
        when = random_date(rng, filed - dt.timedelta(days=300), filed)
    if when is not None and when > DEMO_TODAY:
        when = DEMO_TODAY
    if loss:  # the repair is part of what the flood destroyed
        loss = loss * ri(rng, 10, 17) // 100_000 * 10_000
    excluded: tuple[str, ...] = ()
    if exit_reason == "核查不符" and rng.random() < 0.7:
        excluded = ("false_statement",)
    elif rng.random() < 0.012:
        excluded = (weighted(rng, EXCLUSION_WEIGHTS),)
    return EligibilityFacts(when, medical if event else 0, loss, excluded)
