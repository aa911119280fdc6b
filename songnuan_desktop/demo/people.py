"""`People`: the demo office's worker files, one household each (head, members, causes, income and
expenses), made in filing order as Core insert rows.

The head and the members are drawn here; their finances, causes and 困难情况 come from
`demo_household`. Everything is drawn from the caller's `random.Random` in a fixed order, so a
seed gives the same households; identity numbers are unique across all of them.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table

from songnuan_desktop.domain.codes import DISABILITY_GRADES, DISABILITY_KINDS
from songnuan_desktop.persistence.models import (
    FileExclusion, HardshipCause, HouseholdMember, IncomeItem, WorkerFile,
)
from songnuan_desktop.demo.data import (
    BOY_NAMES, DEMO_TODAY, ETHNICITIES, FEMALE_NAMES, FILE_PREFIX, GIRL_NAMES, MALE_NAMES, MIGRANT_JOBS,
    OLD_FEMALE_NAMES, OLD_MALE_NAMES, REGION_CODE, SCHOOLS, VILLAGES, address, bank_account, id_number, id_region,
    mobile, name_pinyin, new_uuid, random_date, ri, stamp, surname, weighted,
)
from songnuan_desktop.demo.household import (
    HEAD_EARNS, SERIOUS, EligibilityFacts, Expense, Head, Income, Member, Unit, eligibility_facts, finances,
    hardship_causes, insurance, single_parent, situation,
)

CATEGORY_WEIGHTS = (("深度困难", 25), ("相对困难", 60), ("意外致困", 15))
LEGACY_WEIGHTS = (("低保户", 50), ("特困", 30), ("低保边缘户", 20))
GROUP_OF = {"深度困难": "deep", "低保户": "deep", "特困": "deep", "相对困难": "relative", "低保边缘户": "edge",
            "意外致困": "accident"}
HEAD_HEALTH = {
    "deep": (("良好", 30), ("一般疾病", 15), ("残疾", 14), ("恶性肿瘤", 10), ("心脑血管病", 10), ("糖尿病", 8),
             ("终末期肾病", 5), ("精神病", 4), ("血液病", 4)),
    "relative": (("良好", 60), ("一般疾病", 16), ("残疾", 6), ("恶性肿瘤", 4), ("心脑血管病", 5), ("糖尿病", 6),
                 ("终末期肾病", 1), ("精神病", 1), ("血液病", 1)),
    "accident": (("良好", 30), ("残疾", 20), ("恶性肿瘤", 18), ("心脑血管病", 17), ("一般疾病", 10), ("血液病", 5)),
}
HEAD_HEALTH["edge"] = HEAD_HEALTH["relative"]
SPOUSE_HEALTH = (("良好", 70), ("一般疾病", 15), ("恶性肿瘤", 4), ("心脑血管病", 4), ("残疾", 4), ("糖尿病", 3))
PARENT_HEALTH = (("一般疾病", 40), ("良好", 35), ("心脑血管病", 15), ("糖尿病", 10))
EMPLOYMENT = (("在岗", 46), ("下(待)岗", 8), ("失(无)业", 10), ("退休", 8), ("病退", 6), ("内退", 8), ("派遣", 14))
BIRTH_YEARS = {"退休": (1965, 1971), "病退": (1965, 1976), "内退": (1965, 1974)}
EXIT_NOTES = {"已脱困": "家庭收入增加，人均收入超过认定标准", "退休": "本人退休，转社区管理", "调离": "调离本镇工作",
              "死亡": "本人病故", "核查不符": "入户核查家庭收入与申报不符"}
MODEL_LEVELS = (("全国", 4), ("省部级", 30), ("地市级", 50), ("其他", 16))
POLITICAL = (("中共党员", 12), ("群众", 86), ("民主党派", 1), ("其他", 1))
POLITICAL_YOUNG = (("中共党员", 6), ("共青团员", 12), ("群众", 80), ("其他", 2))
CANCEL_REASONS = (("退休", 30), ("调离", 35), ("死亡", 15), ("核查不符", 20))
CANCEL_REASONS_YOUNG = (("调离", 55), ("死亡", 10), ("核查不符", 35))
MARITAL = (("已婚", 72), ("离异", 12), ("丧偶", 7), ("未婚", 9))
CHILD_COUNTS = ((0, 15), (1, 45), (2, 33), (3, 7))
PENDING_STATUSES = (("申请", 45), ("审核中", 40), ("公示中", 15))
EXIT_STATUSES = (("脱困", 40), ("解困", 30), ("注销", 30))
HOUSING = (("自有住房", 55), ("公租房", 12), ("租住私房", 20), ("借住", 8), ("其他", 5))
EXCLUSION_NOTES = {
    "false_statement": "入户核查发现隐瞒配偶经营收入", "stock_investment": "核查发现家庭有证券账户持仓",
    "employs_others": "经营小饭馆，雇用2人", "bought_car_or_house": "当年购买小轿车一辆",
    "illegal_acts": "因赌博欠债致困", "private_school": "子女就读民办高收费学校",
    "healed_before_last_year": "所患疾病已于前年治愈",
}
FILED_FROM = dt.date(2018, 3, 1)
FILED_TO = dt.date(2026, 10, 31)
RECENT_DAYS = 90


@dataclass(slots=True)
class FileInfo:
    """What the campaigns and visits need to know of a generated file."""

    id: uuid.UUID
    category: str
    status: str
    filed: dt.date
    exit_date: dt.date | None
    dues_paid: bool
    model_level: str
    has_card: bool
    size: int
    main_cause: str
    employment: str
    student_tier: str
    student_name: str
    student_school: str
    income_text: str


@dataclass
class Batch:
    files: list[FileInfo] = field(default_factory=list)
    file_rows: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    causes: list[dict] = field(default_factory=list)
    incomes: list[dict] = field(default_factory=list)
    exclusions: list[dict] = field(default_factory=list)

    def tables(self) -> tuple[tuple[Table, list[dict]], ...]:
        return tuple((cast(Table, model.__table__), rows) for model, rows in (
            (WorkerFile, self.file_rows), (HouseholdMember, self.members), (HardshipCause, self.causes),
            (IncomeItem, self.incomes), (FileExclusion, self.exclusions),
        ))


@dataclass(slots=True)
class _Household:
    """One household drawn, before it becomes rows."""

    file_id: uuid.UUID
    file_no: str
    filed: dt.date
    head: Head
    members: list[Member]
    incomes: list[Income]
    expenses: list[Expense]
    income_text: str
    causes: list[str]
    status: str
    exit_date: dt.date | None
    exit_reason: str
    reviewed: dt.date | None
    facts: EligibilityFacts
    base: dict[str, Any]  # the columns every row of the household shares
    updated: dt.datetime  # of the file: its latest review or exit


class People:
    """Generates households in filing order; identity numbers are unique across all of them."""

    def __init__(self, rng: random.Random, office_id: uuid.UUID, units: list[Unit],
                 used_ids: set[str] | None = None) -> None:
        self.rng, self.office_id, self.units = rng, office_id, units
        self.migrant_units = [u for u in units if u.migrant] or units
        self.used_ids: set[str] = set() if used_ids is None else used_ids  # shared by a county's demo townships
        self.file_seq: dict[int, int] = {}

    def filed_dates(self, n: int, chunk: int) -> Iterator[list[dt.date]]:
        """All filing dates in order (so file numbers follow them), in chunks; some are recent
        applications still under way."""
        recent = (DEMO_TODAY - dt.timedelta(days=RECENT_DAYS), FILED_TO)
        days = sorted(random_date(self.rng, *(recent if self.rng.random() < 0.05 else (FILED_FROM, FILED_TO)))
                      for _ in range(n))
        for start in range(0, n, chunk):
            yield days[start:start + chunk]

    def make_batch(self, days: list[dt.date]) -> Batch:
        batch = Batch()
        for filed in days:
            household = self._household(filed)
            self._add_detail_rows(batch, household)
            row = self._file_row(household)
            batch.file_rows.append(row)
            batch.files.append(_file_info(household, row))
        return batch

    def _id(self, sex: str, birth: dt.date) -> str:
        return id_number(self.rng, id_region(self.rng, birth), birth, sex, self.used_ids)

    # -- drawing a household --------------------------------------------------------------------
    def _household(self, filed: dt.date) -> _Household:
        rng = self.rng
        file_id = new_uuid(rng)
        self.file_seq[filed.year] = seq = self.file_seq.get(filed.year, 0) + 1
        head = self._head(filed)
        members = self._members(head)
        incomes, expenses, per_capita = finances(rng, head, members)
        # the nomination reason of the demo's campaign items (demo_campaigns), a snapshot of nomination
        # time; the 困难情况 prose carries no figures (_size_text)
        income_text = (f"家庭{1 + len(members)}口人，月人均收入{per_capita / 100:.2f}元，"
                       f"为低保线{head.line // 100}元的{per_capita * 100 / head.line:.0f}%")
        causes = hardship_causes(rng, head, members, expenses)
        status, exit_date, exit_reason, reviewed = self._lifecycle(filed, head)
        facts = eligibility_facts(rng, head, causes, expenses, filed, exit_reason)
        when = stamp(rng, filed)
        touched = max(d for d in (filed, reviewed, exit_date) if d is not None)
        updated = stamp(rng, touched) if touched > filed else when
        base = {"origin_office_id": self.office_id, "created_at": when, "updated_at": when, "row_version": 1}
        return _Household(file_id, f"{FILE_PREFIX}-{filed.year}-{seq:04d}", filed, head, members, incomes, expenses,
                          income_text, causes, status, exit_date, exit_reason, reviewed, facts, base, updated)

    def _head(self, filed: dt.date) -> Head:
        rng = self.rng
        legacy = filed < dt.date(2020, 1, 1) and rng.random() < 0.15
        category = weighted(rng, LEGACY_WEIGHTS if legacy else CATEGORY_WEIGHTS)
        migrant = rng.random() < 0.20
        employment = "农民工" if migrant else weighted(rng, EMPLOYMENT)
        low, high = BIRTH_YEARS.get(employment, (1965, 2000))
        year = int(rng.triangular(low, high + 0.999, min(max(1977, low), high)))
        birth = dt.date(year, 1, 1) + dt.timedelta(days=ri(rng, 0, 365))
        sex = "男" if rng.random() < 0.56 else "女"
        family = surname(rng)
        given = rng.choice(MALE_NAMES if sex == "男" else FEMALE_NAMES)
        unit = rng.choice(self.migrant_units if migrant else self.units)
        hukou = "农业" if migrant or rng.random() < 0.5 else "非农业"
        group = GROUP_OF[category]
        health = weighted(rng, HEAD_HEALTH[group])
        if DEMO_TODAY.year - year < 28:
            marital = "未婚" if rng.random() < 0.6 else "已婚"
        else:
            marital = weighted(rng, MARITAL)
        head = Head(category, group, migrant, employment, birth, sex, family, given, unit, hukou, health, marital)
        head.id_number = self._id(sex, birth)
        if health == "残疾":
            head.disability = rng.choice(DISABILITY_KINDS) + rng.choice(DISABILITY_GRADES)
        return head

    def _members(self, head: Head) -> list[Member]:
        """Spouse, children (many at school) and sometimes parents; at most four."""
        rng = self.rng
        members: list[Member] = []
        if head.marital == "已婚":
            members.append(self._spouse(head))
        if head.marital != "未婚" and head.age >= 24:
            father_side = members[0].name[0] if head.sex == "女" and head.marital == "已婚" else head.family
            for _ in range(weighted(rng, CHILD_COUNTS)):
                year = head.birth.year + ri(rng, 21, 39)
                if year <= 2025:
                    members.append(self._child(father_side, dt.date(year, 1, 1) + dt.timedelta(days=ri(rng, 0, 365))))
        if head.birth.year >= 1975 and rng.random() < 0.35:
            members.extend(self._parents(head))
        return members[:4]

    def _spouse(self, head: Head) -> Member:
        rng = self.rng
        sex = "女" if head.sex == "男" else "男"
        birth = head.birth + dt.timedelta(days=ri(rng, -5 * 365, 5 * 365))
        birth = min(max(birth, dt.date(1955, 1, 1)), dt.date(2001, 12, 31))
        spouse = Member(surname(rng) + rng.choice(MALE_NAMES if sex == "男" else FEMALE_NAMES),
                        self._id(sex, birth), "配偶", birth, weighted(rng, SPOUSE_HEALTH), "无业")
        if DEMO_TODAY.year - birth.year >= 58 and head.hukou == "非农业":
            spouse.identity, spouse.earns = "退休", 0.7
        elif rng.random() < 0.55 and spouse.health not in SERIOUS:
            spouse.identity, spouse.earns = "在岗", 0.8
            spouse.where = rng.choice((rng.choice(self.units).name, rng.choice(MIGRANT_JOBS)))
        return spouse

    def _child(self, family: str, birth: dt.date) -> Member:
        rng = self.rng
        sex = "男" if rng.random() < 0.52 else "女"
        age = DEMO_TODAY.year - birth.year
        child = Member(family + rng.choice(BOY_NAMES if sex == "男" else GIRL_NAMES), self._id(sex, birth),
                       "子" if sex == "男" else "女", birth,
                       "良好" if rng.random() < 0.93 else rng.choice(("一般疾病", "残疾", "血液病")), "无业")
        if age < 6:
            child.identity = "学龄前"
        elif age < 18 or (age < 22 and rng.random() < 0.7):
            level = "小学" if age < 12 else "初中" if age < 15 else "高中" if age < 18 else "大学"
            child.identity, child.where = "学生", rng.choice(SCHOOLS[level])
            child.tier = level if level in ("高中", "大学") else ""
        elif rng.random() < 0.6:
            child.identity, child.where, child.earns = "在岗", rng.choice(MIGRANT_JOBS), 0.5
        return child

    def _parents(self, head: Head) -> list[Member]:
        rng = self.rng
        parents = []
        for relation, sex in (("父亲", "男"), ("母亲", "女")):
            if rng.random() < 0.7:
                birth = dt.date(head.birth.year - ri(rng, 22, 33), 1, 1) + dt.timedelta(days=ri(rng, 0, 365))
                name = (head.family if sex == "男" else surname(rng)) + \
                    rng.choice(OLD_MALE_NAMES if sex == "男" else OLD_FEMALE_NAMES)
                retired = head.hukou == "非农业"
                parents.append(Member(name, self._id(sex, birth), relation, birth, weighted(rng, PARENT_HEALTH),
                                      "退休" if retired else "无业", earns=0.4 if retired else 0.0))
        return parents

    def _lifecycle(self, filed: dt.date, head: Head) -> tuple[str, dt.date | None, str, dt.date | None]:
        """(status, exit date, exit reason, last annual review)."""
        rng = self.rng
        age_days = (DEMO_TODAY - filed).days
        if age_days < RECENT_DAYS and rng.random() < 0.8:
            return weighted(rng, PENDING_STATUSES), None, "", None
        legacy = head.category in ("低保户", "特困", "低保边缘户")
        if age_days > 240 and rng.random() < (0.6 if legacy else min(0.3, 0.035 * age_days / 365)):
            status = weighted(rng, EXIT_STATUSES)
            exit_date = random_date(rng, filed + dt.timedelta(days=200), DEMO_TODAY - dt.timedelta(days=5))
            reason = "已脱困" if status != "注销" else \
                weighted(rng, CANCEL_REASONS if head.age >= 50 else CANCEL_REASONS_YOUNG)
            return status, exit_date, reason, random_date(rng, filed, exit_date)
        if rng.random() < 0.85 or age_days < 400:  # reviewed within the year, or overdue (动态管理)
            return "在档", None, "", random_date(rng, max(filed, DEMO_TODAY - dt.timedelta(days=330)), DEMO_TODAY)
        return "在档", None, "", random_date(rng, filed, DEMO_TODAY - dt.timedelta(days=400))

    # -- rows -----------------------------------------------------------------------------------
    def _add_detail_rows(self, batch: Batch, h: _Household) -> None:
        """The household's causes, members and income items."""
        rng = self.rng
        child = {**h.base, "worker_file_id": h.file_id}
        for position, cause in enumerate(h.causes):
            batch.causes.append({**child, "id": new_uuid(rng), "position": position, "cause": cause,
                                 "text": "家庭负担重，收入低" if cause == "其他" else ""})
        for position, m in enumerate(h.members):
            batch.members.append({
                **child, "id": new_uuid(rng), "position": position, "name": m.name, "relation": m.relation,
                "id_number": m.id_number, "birth_date": m.birth, "health": m.health, "identity": m.identity,
                "unit_or_school": m.where, "monthly_income_fen": m.income, "note": "在读" if m.tier else "",
            })
        for key in h.facts.exclusions:
            batch.exclusions.append({**child, "id": new_uuid(rng), "key": key, "note": EXCLUSION_NOTES[key]})
        for direction, entries in (("income", h.incomes), ("expense", h.expenses)):
            for kind, annual, note in entries:
                batch.incomes.append({**child, "id": new_uuid(rng), "direction": direction, "kind": kind,
                                      "annual_fen": annual, "note": note})

    def _file_row(self, h: _Household) -> dict[str, Any]:
        rng, head, members = self.rng, h.head, h.members
        bank = bank_account(rng) if rng.random() < 0.88 else ("", "", "")
        model = weighted(rng, MODEL_LEVELS) if rng.random() < 0.02 else "非劳模"
        dues = rng.random() < (0.90 if head.migrant else 0.96)
        village = head.unit.village if rng.random() < 0.5 else rng.choice(VILLAGES)
        lone_parent = single_parent(head, members)
        earns_little = HEAD_EARNS[head.employment] < 0.5
        pinyin, initials = name_pinyin(head.family, head.given)
        return {
            **h.base, "updated_at": h.updated, "id": h.file_id, "office_id": self.office_id,
            "file_no": h.file_no, "name": head.family + head.given,
            "name_initials": initials, "name_pinyin": pinyin, "sex": head.sex,
            "ethnicity": weighted(rng, ETHNICITIES), "id_number": head.id_number, "birth_date": head.birth,
            "phone": mobile(rng), "address": address(rng, village), "region_code": REGION_CODE,
            "hukou_type": head.hukou,
            "political_status": weighted(rng, POLITICAL_YOUNG if head.age < 28 else POLITICAL),
            "marital_status": head.marital, "health": head.health, "disability": head.disability,
            "housing": weighted(rng, HOUSING), "medical_insurance": insurance(rng, head),
            "work_unit_id": head.unit.id, "union_id": head.unit.union_id, "employment_status": head.employment,
            "worker_type": "困难农民工" if head.migrant else "困难职工", "model_worker_level": model,
            "dues_paid": dues, "single_parent": lone_parent,
            "zero_employment": earns_little and not any(m.identity == "在岗" for m in members),
            "self_help_capable": head.health == "良好" and head.age < 55 and rng.random() < 0.4,
            "category": head.category, "situation": situation(head, members, h.expenses, lone_parent, _size_text(h)),
            "monthly_income_fen": head.income, "bank_name": bank[0], "bank_branch": bank[1], "bank_card": bank[2],
            "status": h.status, "filed_date": h.filed, "reviewed_date": h.reviewed, "exit_date": h.exit_date,
            "exit_reason": h.exit_reason, "exit_note": EXIT_NOTES.get(h.exit_reason, ""), "deleted": False,
            "hardship_event_date": h.facts.event_date, "medical_selfpaid_fen": h.facts.medical_selfpaid_fen,
            "disaster_loss_fen": h.facts.disaster_loss_fen,
        }


def _size_text(h: _Household) -> str:
    """The end of the 困难情况 prose: the household's size only. The per-capita income and its share of the
    低保线 are computed on every paper from the stored incomes (services.files.eligibility); written into the prose
    they would contradict it (703.96 vs 703.97 yuan, "200%" vs 199.7 %; issue 14 item 7)."""
    return f"家庭{1 + len(h.members)}口人"


def _file_info(h: _Household, row: dict[str, Any]) -> FileInfo:
    student = max((m for m in h.members if m.tier), key=lambda m: m.tier == "大学", default=None)
    return FileInfo(
        h.file_id, h.head.category, h.status, h.filed, h.exit_date, row["dues_paid"], row["model_worker_level"],
        bool(row["bank_card"]), 1 + len(h.members), h.causes[0], h.head.employment,
        student.tier if student else "", student.name if student else "", student.where if student else "",
        h.income_text,
    )
