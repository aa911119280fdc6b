"""A demo office with realistic, fictitious data: 黄平县旧州镇总工会 with N worker files.

Deterministic for a seed: every value and id comes from one `random.Random(seed)` and every date
is fixed around `DEMO_TODAY`, so two builds with one seed hold the same people, items and states.
Files, members, causes, income items, assistance items, transitions and vouchers are written with
Core bulk inserts (100,000 files in seconds); those bypass the per-row audit hook, so one summary
entry `demo_generate` is appended instead. The few configuration rows go through the ORM and are
audited one by one as usual.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import operator
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Boolean, Connection, Date, DateTime, Table, Uuid, insert, select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.errors import ValidationFailed
from songnuan_desktop.domain.roles import ROLE_LABELS, Role
from songnuan_desktop.domain.settings import DEFAULT_STANDARDS
from songnuan_desktop.domain.states import TRANSITIONS, ItemState
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.audit import Actor
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import (
    AssistanceItem, Campaign, CampaignBudget, DibaoLine, ItemTransition, Notice, Objection, OrgUnit,
    SettingVersion, User, UserRole, Visit, VisitGroup, VisitHousehold, Voucher, VoucherCounter,
)
from songnuan_desktop.services import demo_data as data
from songnuan_desktop.services.office import needs_setup
from songnuan_desktop.services.passwords import hash_password
from songnuan_desktop.services.setup import SetupData, initialize

ITEM_CAP = 1_500
BULK_CACHE_KIB = -131_072  # 128 MiB of page cache while the bulk rows go in
STANDARD = {(kind, cat): yuan * 100 for kind, cat, yuan in DEFAULT_STANDARDS}
TIER_OF = {"深度困难": "深度困难", "低保户": "深度困难", "特困": "深度困难", "相对困难": "相对困难",
           "低保边缘户": "相对困难", "意外致困": "意外致困"}
SAMPLE_RESULTS = (
    "电话回访：本人确认已足额领取慰问金，情况属实", "入户回访：户主本人签领，情况属实",
    "电话回访：配偶代接电话，确认已到账", "电话未接通，改为入户核实：已领取，情况属实",
)
RETURN_REASONS = (
    "缺少收入证明，请补充后重新提交", "家庭成员信息不全，请补录子女身份证号", "银行卡号与户名不符，请核对",
)
REJECT_REASON = "公示期间核实：家庭有经营性收入，人均收入超过标准，不予批准"
OBJECTION_TEXT = "群众反映其家庭有营运车辆一台，收入情况与申报不符"
COMMENTS = {"reviewed": "初审通过", "in_notice": "进入公示", "approved": "同意", "rejected": REJECT_REASON,
            "voided": "重复录入，作废", "objection": OBJECTION_TEXT}
_NOTICE = ["submitted", "reviewed", "in_notice"]
PATHS: dict[str, list[str]] = {
    "draft": [], "voided": ["voided"], "submitted": ["submitted"], "returned": ["submitted", "returned"],
    "reviewed": ["submitted", "reviewed"], "in_notice": _NOTICE, "objection": _NOTICE + ["objection"],
    "resolved": _NOTICE + ["objection", "submitted"], "rejected": _NOTICE + ["rejected"],
    "approved": _NOTICE + ["approved"], "paid": _NOTICE + ["approved", "paid"],
}
# The active campaign: the first items take every state once, the rest follow these weights.
C_FIRST = ("in_notice", "objection", "resolved", "returned", "rejected", "voided", "draft", "submitted", "reviewed")
C_STATES = (("draft", 18), ("submitted", 15), ("returned", 5), ("reviewed", 15), ("in_notice", 38),
            ("objection", 2), ("rejected", 3), ("voided", 2), ("resolved", 2))
SLOTS = ((dt.time(9), dt.time(10, 30)), (dt.time(10, 30), dt.time(12)), (dt.time(14, 30), dt.time(16)),
         (dt.time(16), dt.time(17, 30)))
VISIT_NOTES = {
    "已走访": "送去慰问金及米、油等慰问品", "不在家": "户主外出就医，已电话联系", "改期": "户主要求改期", "计划": "",
}


@dataclass(frozen=True)
class DemoReport:
    office_id: uuid.UUID
    workers: int
    members: int
    campaigns: int
    items: int
    users: list[tuple[str, str, str]]  # (username, password, roles text)


def build_demo(
    db: Database, workers: int = 300, seed: int = 1, progress: Callable[[int, int], None] | None = None
) -> DemoReport:
    """Fill an empty, migrated database with the demo office; refuses a database already set up."""
    if workers < 0:
        raise ValidationFailed("workers", "演示档案数不能小于0。", {"field": "workers"})
    if not needs_setup(db):
        raise ValidationFailed("already_set_up", "本数据库已有单位和用户，不能再生成演示数据；请换一个空的数据文件。")
    rng = random.Random(seed)
    office_id = data.new_uuid(rng)
    admin_name, admin_display, _ = data.ADMIN
    initialize(db, SetupData(
        office_name=data.OFFICE_NAME, region_code=data.REGION_CODE, region_name=data.REGION_NAME,
        dibao_urban_fen=data.DIBAO_URBAN_FEN, dibao_rural_fen=data.DIBAO_RURAL_FEN, admin_username=admin_name,
        admin_display_name=admin_display, admin_password=data.PASSWORD, effective_from=data.SETTINGS_FROM,
    ), office_id=office_id)
    with db.read() as session:
        admin_id = session.scalar(select(User.id).where(User.office_id == office_id, User.username == admin_name))
    actor = Actor(admin_id, admin_name, office_id)
    builder = _Builder(rng, office_id, actor, workers, seed, progress)
    sqlite = db.engine.dialect.name == "sqlite"
    with db.write(actor) as session:
        conn = session.connection()
        if sqlite:  # a larger page cache while the bulk rows go in (random UUID keys scatter the indexes)
            cache_size = conn.exec_driver_sql("PRAGMA cache_size").scalar()
            conn.exec_driver_sql(f"PRAGMA cache_size={BULK_CACHE_KIB}")
        try:
            builder.run(session)
        finally:
            if sqlite:
                conn.exec_driver_sql(f"PRAGMA cache_size={int(cache_size or -2000)}")
    if sqlite:  # fold the large write-ahead log back into the file and shrink it
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    users = [(admin_name, data.PASSWORD, ROLE_LABELS[Role.ADMIN])] + [
        (name, data.PASSWORD, "、".join(ROLE_LABELS[Role(r)] for r in roles)) for name, _, roles in data.STAFF
    ]
    return DemoReport(office_id, workers, builder.counts["members"], 3, builder.counts["items"], users)


class _Builder:
    def __init__(
        self, rng: random.Random, office_id: uuid.UUID, actor: Actor, workers: int, seed: int,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.rng, self.office_id, self.actor, self.workers, self.seed = rng, office_id, actor, workers, seed
        self.progress = progress or (lambda _done, _total: None)
        self.total = workers + max(1, workers // 10)
        self.user: dict[Role, uuid.UUID] = {}
        self.counts = {"members": 0, "causes": 0, "incomes": 0, "items": 0, "transitions": 0, "vouchers": 0}
        self.notices: dict[uuid.UUID, Notice] = {}
        self.items: list[dict] = []
        self.last_at: dict[uuid.UUID, dt.datetime] = {}  # item id → time of its latest transition
        self.transitions: list[dict] = []
        self.vouchers: list[dict] = []
        self.objections: list[tuple[uuid.UUID, dt.date, bool]] = []

    def core(self, when: dt.datetime, updated: dt.datetime | None = None) -> dict:
        return data.core_common(self.rng, self.office_id, when, updated)

    def orm(self, when: dt.datetime) -> dict:
        """Id, origin and fixed timestamps of an ORM row (the row version is the mapper's)."""
        return {"id": data.new_uuid(self.rng), "origin_office_id": self.office_id, "created_at": when,
                "updated_at": when}

    def run(self, session: Session) -> None:
        self.staff(session)
        people = data.People(self.rng, self.office_id, self.org_units(session))
        session.flush()
        files: list[data.FileInfo] = []
        conn = session.connection()
        for days in people.filed_dates(self.workers, max(500, math.ceil(self.workers / 80))):
            batch = people.make_batch(days)
            for table, rows in batch.tables():
                bulk_insert(conn, table, rows)
            files.extend(batch.files)
            for key in ("members", "causes", "incomes"):
                self.counts[key] += len(getattr(batch, key))
            self.progress(len(files), self.total)
        campaign_ids = self.campaigns(session, files)
        self.progress(self.workers + max(1, self.workers // 20), self.total)
        self.visits(session, files, campaign_ids)
        audit.append(session, self.actor, "demo_generate", "worker_files", "", after={
            "seed": self.seed, "office": data.OFFICE_NAME, "workers": self.workers, **self.counts,
            "note": "演示数据（虚构）：档案、家庭成员、致困原因、收支、帮扶项目、流转记录和凭证为批量写入",
        })
        session.flush()
        self.progress(self.total, self.total)

    # -- users, settings, organisations ------------------------------------------------------
    def staff(self, session: Session) -> None:
        base = data.stamp(self.rng, data.SETTINGS_FROM)
        self.user[Role.ADMIN] = self.actor.user_id  # type: ignore[assignment]
        names = {}
        for username, display, roles in data.STAFF:
            user = User(office_id=self.office_id, username=username, display_name=display,
                        password_hash=hash_password(data.PASSWORD), **self.orm(base))
            user.roles = [UserRole(role=r) for r in roles]
            session.add(user)
            for r in roles:
                self.user[Role(r)], names[Role(r)] = user.id, display
        signatories = {"signatory_handler": names[Role.CLERK], "signatory_reviewer": names[Role.REVIEWER],
                       "signatory_head": names[Role.APPROVER]}
        for row in session.scalars(select(SettingVersion).where(
            SettingVersion.office_id == self.office_id, SettingVersion.key.in_(signatories)
        )):
            row.value_json = json.dumps(signatories[row.key], ensure_ascii=False)
        for area, fen in (("urban", data.OLD_DIBAO_URBAN_FEN), ("rural", data.OLD_DIBAO_RURAL_FEN)):
            session.add(DibaoLine(
                office_id=self.office_id, region_code=data.REGION_CODE, region_name=data.REGION_NAME, area=area,
                monthly_fen=fen, effective_from=data.OLD_DIBAO_FROM,
                **self.orm(data.stamp(self.rng, data.OLD_DIBAO_FROM)),
            ))

    def org_units(self, session: Session) -> list[data.Unit]:
        units = []
        base = data.stamp(self.rng, dt.date(2018, 1, 8))
        for union_name, members in data.UNIONS:
            union = OrgUnit(office_id=self.office_id, kind="union", name=union_name, **self.orm(base))
            session.add(union)
            for name, nature, village, migrant in members:
                unit = OrgUnit(office_id=self.office_id, kind="unit", name=name, parent_id=union.id,
                               nature=nature, village=village, **self.orm(base))
                session.add(unit)
                units.append(data.Unit(unit.id, union.id, name, village, migrant))
        return units

    # -- campaigns ----------------------------------------------------------------------------
    def campaigns(self, session: Session, files: list[data.FileInfo]) -> dict[str, uuid.UUID]:
        rng = self.rng
        paying = [f for f in files if f.dues_paid]
        a_pool = [f for f in paying if f.filed < dt.date(2025, 12, 1)
                  and (f.status == "在档" or (f.exit_date is not None and f.exit_date > dt.date(2026, 3, 31)))]
        a_files = _weighted_sample(rng, a_pool, _cap(len(a_pool), 0.42))
        in_a = {f.id for f in a_files}
        c_pool = [f for f in paying if f.status == "在档" and f.filed < dt.date(2026, 10, 15)]
        c_count = _cap(len(c_pool), 0.42)
        # Helped last winter means excluded (12-month look-back) unless a reason is recorded.
        c_files = _weighted_sample(rng, [f for f in c_pool if f.id not in in_a], c_count)
        c_files += _weighted_sample(rng, [f for f in c_pool if f.id in in_a], c_count - len(c_files))
        b_pool = [f for f in paying if f.status == "在档" and f.student_tier and f.filed < dt.date(2026, 8, 1)]
        b_files = _weighted_sample(rng, b_pool, _cap(len(b_pool), 0.6))

        a = self.campaign(session, "2026年元旦春节送温暖", "SWN01", "送温暖", 2026, dt.date(2025, 12, 1),
                          dt.date(2026, 3, 31), "closed", (dt.date(2026, 1, 5), dt.date(2026, 1, 9)))
        b = self.campaign(session, "2026年金秋助学", "JQZX01", "金秋助学", 2026, dt.date(2026, 8, 1),
                          dt.date(2026, 10, 31), "active", (dt.date(2026, 9, 1), dt.date(2026, 9, 7)))
        c = self.campaign(session, "2027年元旦春节送温暖", "SWN01", "送温暖", 2027, dt.date(2026, 11, 1),
                          dt.date(2027, 2, 28), "active", (dt.date(2026, 11, 10), dt.date(2026, 11, 16)))
        schedule_a = {"submitted": (dt.date(2025, 12, 15), dt.date(2025, 12, 19)),
                      "reviewed": (dt.date(2025, 12, 22), dt.date(2025, 12, 26)),
                      "approved": (dt.date(2026, 1, 12), dt.date(2026, 1, 12)),
                      "paid": (dt.date(2026, 1, 16), dt.date(2026, 2, 10)),
                      "sampled": (dt.date(2026, 3, 2), dt.date(2026, 3, 13))}
        schedule_b = {"submitted": (dt.date(2026, 8, 10), dt.date(2026, 8, 20)),
                      "reviewed": (dt.date(2026, 8, 21), dt.date(2026, 8, 28)),
                      "approved": (dt.date(2026, 9, 9), dt.date(2026, 9, 9))}
        schedule_c = {"submitted": (dt.date(2026, 11, 3), dt.date(2026, 11, 5)),
                      "returned": (dt.date(2026, 11, 6), dt.date(2026, 11, 9)),
                      "reviewed": (dt.date(2026, 11, 6), dt.date(2026, 11, 9)),
                      "objection": (dt.date(2026, 11, 12), dt.date(2026, 11, 13)),
                      "approved": (dt.date(2026, 11, 17), dt.date(2026, 11, 18))}
        paid_a = []
        for f in a_files:
            target = "rejected" if rng.random() < 0.02 else "paid"
            item = self.item(a, f, target, schedule_a, "上级拨付" if rng.random() < 0.6 else "本级工会经费")
            if target == "paid":
                paid_a.append(item)
        for item in rng.sample(paid_a, math.ceil(len(paid_a) * 0.10)):
            self.advance(item, "sampled", schedule_a["sampled"], rng.choice(SAMPLE_RESULTS))
        seq = self.print_vouchers(a, paid_a, 0, reissue=True)
        approved_b = [self.item(b, f, "approved", schedule_b, "上级拨付" if rng.random() < 0.7 else "社会捐助",
                                kind="金秋助学") for f in b_files]
        seq = self.print_vouchers(b, approved_b[: math.ceil(len(approved_b) * 0.4)], seq)
        for i, f in enumerate(c_files):
            target = C_FIRST[i] if i < len(C_FIRST) else data.weighted(rng, C_STATES)
            override = "户主患重病住院，经工会主席同意再次慰问" if f.id in in_a else ""
            fund = "上级拨付" if rng.random() < 0.6 else "本级工会经费"
            self.item(c, f, target, schedule_c, fund, override=override)
        session.flush()
        for model, rows in ((AssistanceItem, self.items), (ItemTransition, self.transitions), (Voucher, self.vouchers)):
            bulk_insert(session.connection(), cast(Table, model.__table__), rows)
        self.counts.update(items=len(self.items), transitions=len(self.transitions), vouchers=len(self.vouchers))
        session.add(VoucherCounter(office_id=self.office_id, year=2026, last_seq=seq))
        for item_id, day, resolved in self.objections:
            session.add(Objection(
                item_id=item_id, raised_on=day, raised_by="旧州村村民（实名反映）", content=OBJECTION_TEXT,
                recorded_by=self.user[Role.REVIEWER],
                outcome="经入户核查，车辆已于去年出售，异议不成立" if resolved else "",
                resolved_on=day + dt.timedelta(days=1) if resolved else None, **self.orm(data.stamp(rng, day)),
            ))
        for campaign in (a, b, c):
            self.budgets(session, campaign)
        return {"a": a.id, "b": b.id, "c": c.id}

    def campaign(self, session: Session, name: str, code: str, kind: str, year: int, start: dt.date,
                 end: dt.date, status: str, notice: tuple[dt.date, dt.date]) -> Campaign:
        campaign = Campaign(office_id=self.office_id, name=name, code=code, kind=kind, year=year,
                            start_date=start, end_date=end, status=status, notice_days=5, lookback_months=12,
                            note="演示数据（虚构）", **self.orm(data.stamp(self.rng, start)))
        session.add(campaign)
        session.flush()  # notices name their campaign by id only
        self.notices[campaign.id] = Notice(
            campaign_id=campaign.id, start_date=notice[0], end_date=notice[1], working_days=5,
            place=data.NOTICE_PLACE, contact=data.NOTICE_CONTACT, started_by=self.user[Role.REVIEWER],
            **self.orm(data.stamp(self.rng, notice[0])),
        )
        session.add(self.notices[campaign.id])
        return campaign

    def item(self, campaign: Campaign, f: data.FileInfo, target: str, schedule: dict, fund: str,
             kind: str = "送温暖慰问", override: str = "") -> dict:
        rng = self.rng
        if kind == "金秋助学":
            tier, amount = f.student_tier, STANDARD[("金秋助学", f.student_tier)]
            reason = f"子女{f.student_name}就读于{f.student_school}（{f.student_tier}）；{f.income_text}"
        else:
            tier = TIER_OF.get(f.category, "相对困难")
            amount = STANDARD[("送温暖慰问", tier)]
            if f.model_level in ("全国", "省部级", "地市级"):  # the highest tier it qualifies for
                model_amount = STANDARD[("送温暖慰问", f"劳模-{f.model_level}")]
                if model_amount > amount:
                    tier, amount = f"劳模-{f.model_level}", model_amount
            reason = f"{f.income_text}，认定为{f.category}；按“{tier}”标准{amount // 100}元"
        created = data.stamp(rng, schedule["submitted"][0] - dt.timedelta(days=rng.randrange(0, 3)))
        row = {**self.core(created), "campaign_id": campaign.id, "worker_file_id": f.id, "item_kind": kind,
               "category": f.category, "tier": tier, "fund_source": fund, "amount_fen": amount, "state": "draft",
               "reason": reason, "override_reason": override, "proposed_by": self.user[Role.CLERK],
               "reviewed_by": None, "approved_by": None, "notice_id": None, "paid_on": None, "paid_by": None,
               "paid_method": ""}
        self.items.append(row)
        self.last_at[row["id"]] = created
        notice = self.notices[campaign.id]
        for state in PATHS[target]:
            days = schedule.get(state) or schedule.get("approved") or schedule["submitted"]
            comment = COMMENTS.get(state, "")
            if state == "in_notice":
                days = (notice.start_date, notice.start_date)
            elif state == "submitted" and row["state"] == "objection":
                days, comment = (notice.start_date + dt.timedelta(days=3),) * 2, "异议经核查不成立，重新提交审核"
            elif state == "returned":
                comment = rng.choice(RETURN_REASONS)
            elif state == "paid":
                comment = "银行代发" if f.has_card else "现金发放，本人签领"
            self.advance(row, state, days, comment)
        if target in ("objection", "resolved"):
            self.objections.append((row["id"], notice.start_date + dt.timedelta(days=2), target == "resolved"))
        return row

    def advance(self, row: dict, state: str, days: tuple[dt.date, dt.date], comment: str) -> None:
        actor = self.user[TRANSITIONS[(ItemState(row["state"]), ItemState(state))]]
        at = max(self.last_at[row["id"]] + dt.timedelta(minutes=7),
                 data.stamp(self.rng, data.random_date(self.rng, *days)))
        self.last_at[row["id"]] = at
        self.transitions.append({**self.core(at), "item_id": row["id"], "from_state": row["state"],
                                 "to_state": state, "actor_id": actor, "at": at, "comment": comment})
        row.update(state=state, updated_at=at, row_version=row["row_version"] + 1)
        if state == "reviewed":
            row["reviewed_by"] = actor
        elif state == "in_notice":
            row["notice_id"] = self.notices[row["campaign_id"]].id
        elif state in ("approved", "rejected"):
            row["approved_by"] = actor
        elif state == "paid":
            row.update(paid_on=at.date(), paid_by=actor, paid_method="card" if comment == "银行代发" else "cash")

    def print_vouchers(self, campaign: Campaign, items: list[dict], seq: int, reissue: bool = False) -> int:
        """Vouchers in one gapless 2026 series, printed the day after approval, before any payout."""
        if not items:
            return seq
        ids = {i["id"] for i in items}
        approved = max(t["at"] for t in self.transitions if t["to_state"] == "approved" and t["item_id"] in ids)
        start = dt.datetime.combine(approved.date() + dt.timedelta(days=1), dt.time(0, 40))
        for n, item in enumerate(items):
            printed = start + dt.timedelta(seconds=30 * n)
            seq += 1
            voucher = {**self.core(printed), "office_id": self.office_id, "item_id": item["id"], "year": 2026,
                       "seq": seq, "number": f"2026-{campaign.code}-{seq:06d}", "printed_at": printed,
                       "printed_by": self.user[Role.CLERK], "reprint_count": 1 if n == 5 else 0,
                       "voided_at": None, "voided_by": None, "void_reason": ""}
            self.vouchers.append(voucher)
            if reissue and n == 2:  # a spoiled voucher keeps its number; the item gets the next one
                voucher.update(voided_at=printed + dt.timedelta(seconds=10), voided_by=self.user[Role.CLERK],
                               void_reason="金额大写填写错误，作废重开")
                seq += 1
                again = printed + dt.timedelta(seconds=20)
                self.vouchers.append({**voucher, **self.core(again), "seq": seq, "printed_at": again,
                                      "number": f"2026-{campaign.code}-{seq:06d}", "voided_at": None,
                                      "voided_by": None, "void_reason": ""})
        return seq

    def budgets(self, session: Session, campaign: Campaign) -> None:
        """Sub-budgets per category and per fund source: what the list needs plus a 10 % margin."""
        totals: dict[tuple[str, str], int] = {}
        for row in self.items:
            if row["campaign_id"] == campaign.id and row["state"] not in ("rejected", "voided"):
                for key in ((row["category"], ""), ("", row["fund_source"])):
                    totals[key] = totals.get(key, 0) + row["amount_fen"]
        total = 0
        for (category, source), fen in sorted(totals.items()):
            amount = math.ceil(fen * 1.1 / 100_000) * 100_000  # whole thousands of yuan
            total += amount if source else 0
            session.add(CampaignBudget(campaign_id=campaign.id, category=category, fund_source=source,
                                       amount_fen=amount, **self.orm(campaign.created_at)))
        campaign.total_budget_fen = total

    # -- visits -------------------------------------------------------------------------------
    def visits(self, session: Session, files: list[data.FileInfo], campaigns: dict[str, uuid.UUID]) -> None:
        rng = self.rng
        groups = []
        for name, leader, members, vehicle, contact in data.VISIT_GROUPS:
            group = VisitGroup(office_id=self.office_id, name=name, leader=leader, members=members,
                               vehicle=vehicle, contact=contact, **self.orm(data.stamp(rng, dt.date(2025, 12, 1))))
            session.add(group)
            groups.append(group)
        session.flush()  # no relationship() links visits to groups, so the flush would not order them
        by_id = {f.id: f for f in files}
        targets = [r for r in self.items if r["campaign_id"] == campaigns["c"]
                   and r["state"] not in ("rejected", "voided")][:90]
        done_days = [dt.date(2026, 11, d) for d in (10, 11, 12, 13, 16, 17, 18, 19)]
        plan_days = [d for d in (dt.date(2026, 12, 1) + dt.timedelta(days=k) for k in range(60)) if d.weekday() < 5]
        conflict_day = dt.date(2026, 11, 18)
        used = {(0, conflict_day, 0), (0, conflict_day, 1)}  # kept free for the deliberate conflict below
        pos = 0
        while pos < len(targets):
            chunk = targets[pos:pos + rng.choice((1, 1, 2, 3))]
            done = pos < len(targets) // 2
            pos += len(chunk)
            while True:
                slot = (rng.randrange(len(groups)), rng.choice(done_days if done else plan_days), rng.randrange(4))
                if slot not in used:
                    used.add(slot)
                    break
            outcome = data.weighted(rng, (("已走访", 80), ("不在家", 14), ("改期", 6))) if done else "计划"
            self.visit(session, groups[slot[0]], campaigns["c"], slot[1], SLOTS[slot[2]], "节日慰问", outcome,
                       [(by_id[r["worker_file_id"]], r["id"]) for r in chunk])
        # One deliberate conflict: 第一慰问组 booked twice on one morning (09:00–10:30 and 10:00–11:30).
        taken = {r["worker_file_id"] for r in targets}
        spare = [f for f in files if f.status == "在档" and f.id not in taken][:2]
        for f, times in zip(spare, ((dt.time(9), dt.time(10, 30)), (dt.time(10), dt.time(11, 30))), strict=False):
            self.visit(session, groups[0], campaigns["c"], conflict_day, times, "三必访-住院", "已走访", [(f, None)])
        # Pair assistance (结对帮扶): three visits a year to one household, outside any campaign.
        for k, f in enumerate([f for f in files if f.status == "在档" and f.category == "深度困难"][:2]):
            for month in (3, 6, 9):
                self.visit(session, groups[2], None, dt.date(2026, month, 10 + rng.randrange(8)),
                           SLOTS[2 + k], "结对帮扶", "已走访", [(f, None)])

    def visit(self, session: Session, group: VisitGroup, campaign_id: uuid.UUID | None, day: dt.date,
              times: tuple[dt.time, dt.time], purpose: str, outcome: str,
              households: list[tuple[data.FileInfo, uuid.UUID | None]]) -> None:
        created = data.stamp(self.rng, min(day, data.DEMO_TODAY) - dt.timedelta(days=3))
        head = households[0][0]
        clears = None
        if outcome == "已走访":
            clears = data.five_clears(self.rng, head.size, head.main_cause, head.employment)
        visit = Visit(
            office_id=self.office_id, group_id=group.id, campaign_id=campaign_id, date=day, start_time=times[0],
            end_time=times[1], purpose=purpose, outcome=outcome, note=VISIT_NOTES[outcome],
            outcome_json=json.dumps(clears, ensure_ascii=False) if clears else "", **self.orm(created),
        )
        visit.households = [
            VisitHousehold(worker_file_id=f.id, item_id=item_id, position=i, **self.orm(created))
            for i, (f, item_id) in enumerate(households)
        ]
        session.add(visit)


def bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows with Core, in the connection's transaction, bypassing the ORM and its audit hook.

    On SQLite the values are turned into their stored text here, column by column (as SQLAlchemy's
    own SQLite types would store them), and handed to the driver's executemany: several times
    faster for 100,000 files. Every row must carry every column. Other databases take the plain
    Core executemany.
    """
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), rows)
        return
    columns = list(table.columns)
    keys = [c.key for c in columns]
    sql = str(insert(table).compile(dialect=conn.dialect, column_keys=keys))
    converters = [_sqlite_text(c, conn.dialect) for c in columns]
    pick = operator.itemgetter(*keys)
    for start in range(0, len(rows), 20_000):
        values: list[Any] = list(zip(*map(pick, rows[start:start + 20_000]), strict=True))  # column by column
        for i, convert in enumerate(converters):
            if convert is None:
                continue
            if isinstance(columns[i].type, DateTime):  # few distinct moments: convert each once
                text = {v: convert(v) for v in dict.fromkeys(values[i]) if v is not None}
                text[None] = None
                values[i] = list(map(text.__getitem__, values[i]))
            elif columns[i].nullable:
                values[i] = [None if v is None else convert(v) for v in values[i]]
            else:
                values[i] = list(map(convert, values[i]))
        conn.exec_driver_sql(sql, list(zip(*values, strict=True)))


def _sqlite_text(column: Any, dialect: Any) -> Callable[[Any], Any] | None:
    if isinstance(column.type, Uuid):
        return operator.attrgetter("hex")
    if isinstance(column.type, DateTime):
        return _datetime_text
    if isinstance(column.type, Date):
        return dt.date.isoformat
    if isinstance(column.type, Boolean):
        return int
    return column.type.dialect_impl(dialect).bind_processor(dialect)  # type: ignore[no-any-return]


def _datetime_text(value: dt.datetime) -> str:
    """SQLAlchemy's SQLite DATETIME text: always six digits of microseconds."""
    text = value.isoformat(" ")
    return text if value.microsecond else text + ".000000"


def _cap(pool: int, share: float) -> int:
    """How many of a pool a campaign takes: a share of it, at least a handful, at most ITEM_CAP."""
    return min(ITEM_CAP, pool, max(round(pool * share), 9))


def _weighted_sample(rng: random.Random, pool: list, k: int) -> list:
    """k files, 深度困难 and 意外致困 first in line (weights 3 : 2 : 1), order kept stable."""
    if k <= 0:
        return []
    weight = {"深度困难": 3.0, "意外致困": 2.0, "低保户": 3.0, "特困": 3.0}
    keyed = [(rng.random() ** (1.0 / weight.get(f.category, 1.0)), n, f) for n, f in enumerate(pool)]
    chosen = sorted(keyed, key=lambda t: t[0], reverse=True)[:k]
    return [f for _, _, f in sorted(chosen, key=lambda t: t[1])]
