"""The demo office: deterministic, valid identity numbers, sane proportions, consistent workflow data."""

from __future__ import annotations

import collections
import datetime as dt
import json
import re

import pytest
from pypinyin import lazy_pinyin
from sqlalchemy import func, inspect, select
from stdnum import luhn
from stdnum.cn import ric

from songnuan_desktop.domain.errors import ValidationFailed
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.domain.settings import DEFAULT_STANDARDS
from songnuan_desktop.domain.states import TRANSITIONS, ItemState
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import (
    AssistanceItem, AuditEntry, Base, Campaign, CampaignBudget, DibaoLine, HardshipCause, HouseholdMember,
    IncomeItem, ItemTransition, Notice, Objection, OrgUnit, SettingVersion, User, Visit, VisitHousehold, Voucher,
    VoucherCounter, WorkerFile,
)
from songnuan_desktop.demo import data as demo_data
from songnuan_desktop.services.audit.audit_log import verify_chain
from songnuan_desktop.demo import DemoReport, build_demo
from songnuan_desktop.demo.campaigns import SIZE_BANDS
from songnuan_desktop.services.office.settings import value_at

WORKERS = 400
SEED = 7


def _build(path, seed: int = SEED) -> tuple[Database, DemoReport, list[tuple[int, int]]]:
    db = open_database(f"sqlite:///{path}", create=True)
    calls: list[tuple[int, int]] = []
    report = build_demo(db, workers=WORKERS, seed=seed, progress=lambda done, total: calls.append((done, total)))
    return db, report, calls


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    db, report, calls = _build(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    yield db, report, calls
    db.close()


def role_of(users: dict, user_id) -> str:
    (role,) = users[user_id]
    return role


def _fingerprint(db: Database) -> dict:
    with db.read() as s:
        files = sorted(s.execute(select(
            WorkerFile.id, WorkerFile.file_no, WorkerFile.id_number, WorkerFile.name, WorkerFile.category,
            WorkerFile.status, WorkerFile.monthly_income_fen, WorkerFile.bank_card,
        )).all())
        members = sorted(s.execute(select(HouseholdMember.id_number, HouseholdMember.name)).all())
        items = sorted(s.execute(
            select(Campaign.name, WorkerFile.id_number, AssistanceItem.state, AssistanceItem.amount_fen)
            .join(Campaign, Campaign.id == AssistanceItem.campaign_id)
            .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
        ).all())
        transitions = sorted(s.execute(select(ItemTransition.id, ItemTransition.at, ItemTransition.to_state)).all())
        vouchers = sorted(s.scalars(select(Voucher.number)).all())
        visits = sorted(s.execute(select(Visit.date, Visit.start_time, Visit.purpose, Visit.outcome)).all())
    return {"files": files, "members": members, "items": items, "transitions": transitions,
            "vouchers": vouchers, "visits": visits}


def test_same_seed_same_office(built, tmp_path):
    db, report, _ = built
    other, other_report, _ = _build(tmp_path / "again.sqlite")
    try:
        assert other_report.office_id == report.office_id
        assert (other_report.workers, other_report.members, other_report.items) == (
            report.workers, report.members, report.items)
        assert _fingerprint(other) == _fingerprint(db)
    finally:
        other.close()


def test_report_and_users(built):
    db, report, _ = built
    assert report.workers == WORKERS and report.campaigns == 3
    assert {u[0] for u in report.users} == {"admin", "jingban", "shenhe", "shenpi", "caiwu"}
    assert all(password == demo_data.PASSWORD for _, password, _ in report.users)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(WorkerFile)) == WORKERS
        assert s.scalar(select(func.count()).select_from(HouseholdMember)) == report.members
        assert s.scalar(select(func.count()).select_from(AssistanceItem)) == report.items
        roles = {r for u in s.scalars(select(User)) for r in u.role_codes}
        assert roles == {r.value for r in Role} - {Role.COUNTY.value}  # every township role; county is the county's
        office_id = report.office_id
        assert value_at(s, office_id, "signatory_head", dt.date(2026, 11, 20)) == "龙正华"
        assert value_at(s, office_id, "signatory_handler", dt.date(2026, 11, 20)) == "吴晓燕"
        lines = s.execute(select(DibaoLine.area, DibaoLine.monthly_fen, DibaoLine.effective_from)).all()
        assert ("urban", 79_000, dt.date(2024, 1, 1)) in lines and ("rural", 52_000, dt.date(2024, 1, 1)) in lines
        assert {d for _, _, d in lines} == {dt.date(2023, 1, 1), dt.date(2024, 1, 1)}
        assert s.scalar(select(func.min(SettingVersion.effective_from))) == dt.date(2024, 1, 1)


def test_identity_numbers_valid_unique_and_consistent(built):
    db, _, _ = built
    seen: set[str] = set()
    with db.read() as s:
        heads = s.execute(select(WorkerFile.id, WorkerFile.id_number, WorkerFile.birth_date, WorkerFile.sex)).all()
        head_sex = {fid: sex for fid, _, _, sex in heads}
        for _, number, birth, sex in heads:
            assert ric.validate(number) == number
            assert ric.get_birth_date(number) == birth
            assert (int(number[16]) % 2 == 1) == (sex == "男")
            assert 1965 <= birth.year <= 2000
            seen.add(number)
        members = s.execute(select(
            HouseholdMember.worker_file_id, HouseholdMember.id_number, HouseholdMember.birth_date,
            HouseholdMember.relation,
        )).all()
        for file_id, number, birth, relation in members:
            assert ric.validate(number) == number
            assert ric.get_birth_date(number) == birth
            male = {"子": True, "父亲": True, "女": False, "母亲": False}.get(relation, head_sex[file_id] == "女")
            assert (int(number[16]) % 2 == 1) == male, relation
            seen.add(number)
        assert len(seen) == len(heads) + len(members)
        regions = collections.Counter(number[:6] for _, number, _, _ in heads)
        assert regions.most_common(1)[0][0] == "522622"


def test_names_cards_phones(built):
    db, _, _ = built
    with db.read() as s:
        rows = s.execute(select(
            WorkerFile.name, WorkerFile.name_pinyin, WorkerFile.name_initials, WorkerFile.phone, WorkerFile.bank_card,
            WorkerFile.bank_name, WorkerFile.address, WorkerFile.file_no,
        )).all()
    for name, pinyin, initials, phone, card, bank, address, file_no in rows:
        syllables = lazy_pinyin(name)
        assert pinyin == "".join(syllables)
        assert initials == "".join(x[0] for x in syllables)
        assert re.fullmatch(r"1[3-9]\d{9}", phone)
        assert address.startswith("黄平县旧州镇")
        assert re.fullmatch(r"JZ-20\d\d-\d{4,}", file_no)
        if card:
            assert 16 <= len(card) <= 19 and luhn.is_valid(card) and bank
    assert sum(1 for r in rows if r[4]) > len(rows) * 0.7
    assert len({r[7] for r in rows}) == len(rows)


def test_proportions(built):
    db, _, _ = built
    with db.read() as s:
        files = s.execute(select(
            WorkerFile.category, WorkerFile.status, WorkerFile.worker_type, WorkerFile.dues_paid,
            WorkerFile.model_worker_level, WorkerFile.exit_date, WorkerFile.exit_reason, WorkerFile.reviewed_date,
            WorkerFile.ethnicity,
        )).all()
    n = len(files)
    share = lambda pred: sum(1 for f in files if pred(f)) / n  # noqa: E731
    assert 0.15 < share(lambda f: f.category == "深度困难") < 0.35
    assert 0.48 < share(lambda f: f.category == "相对困难") < 0.70
    assert 0.07 < share(lambda f: f.category == "意外致困") < 0.23
    assert 0.65 < share(lambda f: f.status == "在档") < 0.92
    assert share(lambda f: f.status in ("申请", "审核中", "公示中")) > 0
    assert share(lambda f: f.status in ("解困", "脱困", "注销")) > 0.04
    assert 0.12 < share(lambda f: f.worker_type == "困难农民工") < 0.28
    assert share(lambda f: f.dues_paid) > 0.88
    assert share(lambda f: f.model_worker_level != "非劳模") < 0.06
    assert share(lambda f: f.ethnicity in ("汉族", "苗族", "侗族")) > 0.8
    for f in files:
        assert (f.exit_date is not None) == (f.status in ("解困", "脱困", "注销")) == bool(f.exit_reason)
    today = demo_data.DEMO_TODAY
    stale = [f for f in files if f.status == "在档" and f.reviewed_date < today - dt.timedelta(days=365)]
    fresh = [f for f in files if f.status == "在档" and f.reviewed_date >= today - dt.timedelta(days=365)]
    assert stale and len(fresh) > len(stale)


def test_incomes_fit_the_category(built):
    """Per-capita net income = (annual income − rigid expenses) / 12 / household size, against the 低保线."""
    db, _, _ = built
    with db.read() as s:
        files = s.execute(select(
            WorkerFile.id, WorkerFile.category, WorkerFile.hukou_type, WorkerFile.monthly_income_fen,
        )).all()
        members = s.execute(select(HouseholdMember.worker_file_id, HouseholdMember.monthly_income_fen)).all()
        incomes = s.execute(select(IncomeItem.worker_file_id, IncomeItem.direction, IncomeItem.annual_fen)).all()
    annual = {f.id: 12 * f.monthly_income_fen for f in files}
    size = {f.id: 1 for f in files}
    for file_id, fen in members:
        annual[file_id] += 12 * fen
        size[file_id] += 1
    for file_id, direction, fen in incomes:
        annual[file_id] += fen if direction == "income" else -fen
    for f in files:
        line = demo_data.DIBAO_URBAN_FEN if f.hukou_type == "非农业" else demo_data.DIBAO_RURAL_FEN
        per_capita = annual[f.id] / 12 / size[f.id]
        if f.category == "深度困难":
            assert 0 < per_capita < line
        elif f.category == "相对困难":
            assert line <= per_capita < 2 * line
    assert {n for n in size.values()} <= {1, 2, 3, 4, 5}


def test_one_to_four_distinct_causes(built):
    db, _, _ = built
    with db.read() as s:
        file_ids = set(s.scalars(select(WorkerFile.id)))
        causes = s.execute(select(HardshipCause.worker_file_id, HardshipCause.position, HardshipCause.cause)).all()
    by_file = collections.defaultdict(list)
    for file_id, position, cause in causes:
        by_file[file_id].append((position, cause))
    assert set(by_file) == file_ids
    for entries in by_file.values():
        assert 1 <= len(entries) <= 4
        assert sorted(p for p, _ in entries) == list(range(len(entries)))
        assert len({c for _, c in entries}) == len(entries)


def test_every_item_state_and_consistent_history(built):
    db, _, _ = built
    with db.read() as s:
        users = {u.id: set(u.role_codes) for u in s.scalars(select(User))}
        items = s.scalars(select(AssistanceItem)).all()
        history = collections.defaultdict(list)
        for t in s.scalars(select(ItemTransition).order_by(ItemTransition.at)):
            history[t.item_id].append(t)
        notices = {n.id: n for n in s.scalars(select(Notice))}
        objections = {o.item_id for o in s.scalars(select(Objection))}
    assert {i.state for i in items} == {state.value for state in ItemState}
    for item in items:
        state = "draft"
        for t in history[item.id]:
            assert t.from_state == state
            role = TRANSITIONS[(ItemState(t.from_state), ItemState(t.to_state))]
            assert role.value in users[t.actor_id]
            assert t.at.date() <= demo_data.DEMO_TODAY
            state = t.to_state
        assert state == item.state
        assert role_of(users, item.proposed_by) == "clerk"
        deciders = [u for u in (item.reviewed_by, item.approved_by) if u is not None]
        assert item.proposed_by not in deciders and len(set(deciders)) == len(deciders)
        if item.state in ("paid", "sampled"):
            assert item.paid_on and role_of(users, item.paid_by) == "finance" and item.paid_method in ("card", "cash")
            assert item.approved_by is not None and item.reviewed_by is not None
        if item.notice_id is not None:
            assert notices[item.notice_id].campaign_id == item.campaign_id
        if item.state == "objection":
            assert item.id in objections
        assert item.amount_fen in {yuan * 100 for _, _, yuan in DEFAULT_STANDARDS} | {  # or a household-size band
            band.amount_fen for bands in SIZE_BANDS.values() for band in bands}


def test_one_item_per_file_and_campaign_within_budget(built):
    db, _, _ = built
    with db.read() as s:
        items = s.execute(select(AssistanceItem.campaign_id, AssistanceItem.worker_file_id, AssistanceItem.state,
                                 AssistanceItem.amount_fen)).all()
        campaigns = s.scalars(select(Campaign)).all()
        budgets = s.execute(select(CampaignBudget.campaign_id, CampaignBudget.fund_source,
                                   CampaignBudget.amount_fen)).all()
    assert {c.status for c in campaigns} == {"closed", "active"}
    per_campaign = collections.Counter((i.campaign_id, i.worker_file_id) for i in items)
    assert max(per_campaign.values()) == 1
    spent: collections.Counter = collections.Counter()
    for item in items:
        if item.state not in ("rejected", "voided"):
            spent[item.campaign_id] += item.amount_fen
    for campaign in campaigns:
        assert campaign.total_budget_fen >= spent[campaign.id] > 0
        assert sum(a for c, src, a in budgets if c == campaign.id and src) == campaign.total_budget_fen


def test_vouchers_gapless_with_one_void(built):
    db, report, _ = built
    with db.read() as s:
        vouchers = s.scalars(select(Voucher).order_by(Voucher.seq)).all()
        counter = s.get(VoucherCounter, (report.office_id, 2026))
        item_state = dict(s.execute(select(AssistanceItem.id, AssistanceItem.state)).all())
    assert [v.seq for v in vouchers] == list(range(1, len(vouchers) + 1))
    assert counter.last_seq == len(vouchers)
    assert all(re.fullmatch(r"2026-(SWN01|JQZX01)-\d{6}", v.number) for v in vouchers)
    assert vouchers[0].number == "2026-SWN01-000001"
    voided = [v for v in vouchers if v.voided_at]
    assert len(voided) == 1 and voided[0].void_reason
    assert all(item_state[v.item_id] in ("approved", "paid", "sampled") for v in vouchers)
    assert [v.printed_at for v in vouchers] == sorted(v.printed_at for v in vouchers)


def test_visits_with_one_deliberate_conflict(built):
    db, _, _ = built
    with db.read() as s:
        visits = s.scalars(select(Visit)).all()
        households = s.scalars(select(VisitHousehold)).all()
    assert any(v.outcome == "已走访" and json.loads(v.outcome_json)["致困原因"] for v in visits)
    assert {v.outcome for v in visits} >= {"已走访", "计划"}
    clashes = [
        (a.id, b.id) for a in visits for b in visits
        if a.id < b.id and a.group_id == b.group_id and a.date == b.date
        and a.start_time < b.end_time and b.start_time < a.end_time
    ]
    assert len(clashes) == 1
    campaign_visits = {v.id: v.campaign_id for v in visits}
    seen = collections.Counter((campaign_visits[h.visit_id], h.worker_file_id) for h in households
                               if campaign_visits[h.visit_id] is not None)
    assert max(seen.values()) == 1


def test_every_exchanged_row_carries_the_office(built):
    db, report, _ = built
    with db.read() as s:
        for mapper in Base.registry.mappers:
            cls = mapper.class_
            if "origin_office_id" in inspect(cls).columns:
                others = s.scalar(select(func.count()).select_from(cls)
                                  .where(cls.origin_office_id != report.office_id))
                assert others == 0, cls.__name__
        assert s.scalar(select(func.count()).select_from(OrgUnit).where(OrgUnit.kind == "union")) >= 8


def test_audit_chain_intact_with_summary_entry(built):
    db, _, _ = built
    assert verify_chain(db).ok
    with db.read() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "demo_generate"))
    assert entry is not None and json.loads(entry.after_json)["workers"] == WORKERS


def test_progress_reported_sparingly(built):
    _, _, calls = built
    assert 1 <= len(calls) <= 100
    assert calls[-1][0] == calls[-1][1]
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_refuses_a_database_that_has_an_office(built):
    db, _, _ = built
    with pytest.raises(ValidationFailed) as err:
        build_demo(db, workers=10)
    assert "已有单位" in err.value.message



def test_eligibility_facts_show_in_the_demo(built):
    """Dated illnesses, disasters and accidents with their costs, and a few exclusions, so that the
    judgement shows every kind of sentence: 意外致困 of this year, an earlier or undated event, an exclusion."""
    from songnuan_desktop.domain.eligibility import ACCIDENT
    from songnuan_desktop.persistence.models import FileExclusion
    from songnuan_desktop.services.files.eligibility import judge_file

    db, _, _ = built
    with db.read() as s:
        files = s.execute(select(WorkerFile.id, WorkerFile.category, WorkerFile.status, WorkerFile.hardship_event_date,
                                 WorkerFile.medical_selfpaid_fen, WorkerFile.disaster_loss_fen)).all()
        exclusions = s.execute(select(FileExclusion.key, FileExclusion.note)).all()
    assert 0.15 < sum(1 for f in files if f.hardship_event_date) / len(files) < 0.6
    assert all(f.hardship_event_date <= demo_data.DEMO_TODAY for f in files if f.hardship_event_date)
    assert any(f.disaster_loss_fen >= 2_000_000 for f in files) and any(f.medical_selfpaid_fen for f in files)
    assert 1 <= len(exclusions) < 0.05 * len(files) and all(note for _, note in exclusions)
    accident = [f for f in files if f.category == "意外致困" and f.status == "在档"]
    judged = [judge_file(db, f.id, demo_data.DEMO_TODAY) for f in accident]
    assert sum(1 for j in judged if j.category == ACCIDENT) >= len(accident) // 4
    assert any("且2026年" in j.sentences[0] for j in judged)


def test_townships_of_a_county_demo_share_no_made_up_id_number(tmp_path):
    """A county's demo townships are built with one set of used numbers: a person has one ID number, so two
    townships never invent the same one (the county's checks would flag it as a duplicate file)."""
    used: set[str] = set()
    numbers = []
    for n, seed in enumerate((11, 12)):
        db = open_database(f"sqlite:///{tmp_path / f't{n}.db'}", create=True)
        build_demo(db, workers=60, seed=seed, office_name=f"测试{n}镇总工会", region_code=f"52262210{n}",
                   used_ids=used)
        with db.read() as s:
            ids = set(s.scalars(select(WorkerFile.id_number))) | set(s.scalars(select(HouseholdMember.id_number)))
        db.close()
        ids.discard("")
        assert {i[:17] for i in ids if i} <= used  # every number this township made is in the shared set
        numbers.append(ids)
    assert numbers[0] and numbers[1] and not numbers[0] & numbers[1]
