"""The demo office's three campaigns with their items, transitions and vouchers.

Last winter's campaign is closed (paid, some sampled), the 金秋助学 is approved and part printed,
this winter's has items in every state. The sampled (已抽查) items are the households of last winter's
spot-check, recorded as `services.payouts.spot_checks` records one: drawn by the reviewer from a stored seed over
the paid items (so `redraw` repeats it), each entry with its check's day, method and result — no item is
已抽查 without its record. Items, transitions and vouchers are written with
`bulk_insert`; campaigns, notices, budgets and objections go through the ORM.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import uuid
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from songnuan_desktop.domain import standard_bands
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.domain.settings import DEFAULT_STANDARDS
from songnuan_desktop.domain.states import TRANSITIONS, ItemState
from songnuan_desktop.persistence.bulk import bulk_insert
from songnuan_desktop.persistence.models_goods import GoodsKind, GoodsLine, GoodsReceipt
from songnuan_desktop.persistence.models_standard_bands import CampaignStandardBand
from songnuan_desktop.persistence.models import (
    AssistanceItem, Campaign, CampaignBudget, CampaignStandard, ItemTransition, Notice, Objection, SpotCheck,
    SpotCheckEntry, Voucher, VoucherCounter, WorkerFile,
)
from songnuan_desktop.demo import data
from songnuan_desktop.services.campaigns import notices
from songnuan_desktop.services.campaigns.campaigns import ITEM_KIND_OF
from songnuan_desktop.demo.people import FileInfo
from songnuan_desktop.services.payouts.spot_checks import MAX_SEED, sample_of

ITEM_CAP = 1_500
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

Days = tuple[dt.date, dt.date]
Schedule = dict[str, Days]
# (name, code, kind, year, start, end, status, notice period)
CampaignSpec = tuple[str, str, str, int, dt.date, dt.date, str, Days]
CAMPAIGN_A: CampaignSpec = ("2026年元旦春节送温暖", "SWN01", "送温暖", 2026, dt.date(2025, 12, 1), dt.date(2026, 3, 31),
                            "closed", (dt.date(2026, 1, 5), dt.date(2026, 1, 9)))
CAMPAIGN_B: CampaignSpec = ("2026年金秋助学", "JQZX01", "金秋助学", 2026, dt.date(2026, 8, 1), dt.date(2026, 10, 31),
                            "active", (dt.date(2026, 9, 1), dt.date(2026, 9, 7)))
CAMPAIGN_C: CampaignSpec = ("2027年元旦春节送温暖", "SWN01", "送温暖", 2027, dt.date(2026, 11, 1), dt.date(2027, 2, 28),
                            "active", (dt.date(2026, 11, 10), dt.date(2026, 11, 16)))
SCHEDULE_A: Schedule = {"submitted": (dt.date(2025, 12, 15), dt.date(2025, 12, 19)),
                        "reviewed": (dt.date(2025, 12, 22), dt.date(2025, 12, 26)),
                        "approved": (dt.date(2026, 1, 12), dt.date(2026, 1, 12)),
                        "paid": (dt.date(2026, 1, 16), dt.date(2026, 2, 10)),
                        "sampled": (dt.date(2026, 3, 2), dt.date(2026, 3, 13))}
SPOT_CHECK_PERCENT = 10
SPOT_DRAWN_ON = SCHEDULE_A["sampled"][0]  # the draw, on the first day of the checks
SCHEDULE_B: Schedule = {"submitted": (dt.date(2026, 8, 10), dt.date(2026, 8, 20)),
                        "reviewed": (dt.date(2026, 8, 21), dt.date(2026, 8, 28)),
                        "approved": (dt.date(2026, 9, 9), dt.date(2026, 9, 9))}
# This winter pays 深度困难 by household size (issue 16 item 4), as the seeds' 1人户550元，2人户900元，
# 3人及以上户1100元; its other tiers keep the office's one amount.
SIZE_BANDS = {CAMPAIGN_C[0]: tuple(standard_bands.Band("送温暖慰问", "深度困难", low, high, fen) for low, high, fen in
                                   ((1, 1, 55_000), (2, 2, 90_000), (3, None, 110_000)))}
SCHEDULE_C: Schedule = {"submitted": (dt.date(2026, 11, 3), dt.date(2026, 11, 5)),
                        "returned": (dt.date(2026, 11, 6), dt.date(2026, 11, 9)),
                        "reviewed": (dt.date(2026, 11, 6), dt.date(2026, 11, 9)),
                        "objection": (dt.date(2026, 11, 12), dt.date(2026, 11, 13)),
                        "approved": (dt.date(2026, 11, 17), dt.date(2026, 11, 18))}


class CampaignBuilder:
    """Builds the campaigns; keeps the Core rows of items, transitions and vouchers until written."""

    def __init__(self, ctx: data.Context) -> None:
        self.ctx, self.rng = ctx, ctx.rng
        self.notices: dict[uuid.UUID, Notice] = {}
        self.items: list[dict] = []
        self.last_at: dict[uuid.UUID, dt.datetime] = {}  # item id → time of its latest transition
        self.transitions: list[dict] = []
        self.vouchers: list[dict] = []
        self.objections: list[tuple[uuid.UUID, dt.date, bool]] = []
        self.spot_check: tuple[uuid.UUID, int, int, list[uuid.UUID]] | None = None  # campaign, seed, population, drawn

    def build(self, session: Session, files: list[FileInfo]) -> dict[str, uuid.UUID]:
        """The three campaigns, written; their ids by letter: a (closed), b (金秋助学), c (this winter)."""
        a_files, b_files, c_files, in_a = _choose_files(self.rng, files)
        a, b, c = (self.campaign(session, *spec) for spec in (CAMPAIGN_A, CAMPAIGN_B, CAMPAIGN_C))
        file_nos = dict(session.execute(select(WorkerFile.id, WorkerFile.file_no).where(
            WorkerFile.office_id == self.ctx.office_id)).all())
        seq = self.last_winter(a, a_files, file_nos)
        seq = self.student_aid(b, b_files, seq)
        self.this_winter(c, c_files, in_a)
        session.flush()
        self.write(session, seq)
        for campaign in (a, b, c):
            self.budgets(session, campaign)
            self.standards(session, campaign)
            # what was posted, kept as posted (issue 14 item 3): a reprint then says 重印件, not 非原件
            notices.snapshot(session, self.ctx.user[Role.REVIEWER], campaign, self.notices[campaign.id])
        self.goods(session, a)
        return {"a": a.id, "b": b.id, "c": c.id}

    def campaign(self, session: Session, name: str, code: str, kind: str, year: int, start: dt.date,
                 end: dt.date, status: str, notice: Days) -> Campaign:
        campaign = Campaign(office_id=self.ctx.office_id, name=name, code=code, kind=kind, year=year,
                            start_date=start, end_date=end, status=status, notice_days=5, lookback_months=12,
                            note="演示数据（虚构）", **self.ctx.orm(data.stamp(self.rng, start)))
        session.add(campaign)
        session.flush()  # notices name their campaign by id only
        self.notices[campaign.id] = Notice(
            campaign_id=campaign.id, start_date=notice[0], end_date=notice[1], working_days=5,
            place=data.NOTICE_PLACE, contact=data.NOTICE_CONTACT, started_by=self.ctx.user[Role.REVIEWER],
            **self.ctx.orm(data.stamp(self.rng, notice[0])),
        )
        session.add(self.notices[campaign.id])
        return campaign

    def last_winter(self, a: Campaign, files: list[FileInfo], file_nos: dict[uuid.UUID, str]) -> int:
        """Closed: paid (a few rejected), a tenth sampled by a spot-check; vouchers from 1, one reissued."""
        rng = self.rng
        paid = []
        for f in files:
            target = "rejected" if rng.random() < 0.02 else "paid"
            item = self.item(a, f, target, SCHEDULE_A, "上级拨付" if rng.random() < 0.6 else "本级工会经费")
            if target == "paid":
                paid.append(item)
        rng.sample(paid, math.ceil(len(paid) * 0.10))  # drawn as it was, so the rest of a seed's demo is unchanged;
        # the households are the spot-check's own draw: its seed over the paid items in file-number order
        seed = a.id.int % MAX_SEED
        population = [i["id"] for i in sorted(paid, key=lambda i: (file_nos[i["worker_file_id"]], i["id"]))]
        drawn = sample_of(population, SPOT_CHECK_PERCENT, seed)
        by_id = {i["id"]: i for i in paid}
        for item_id in drawn:
            self.advance(by_id[item_id], "sampled", SCHEDULE_A["sampled"], rng.choice(SAMPLE_RESULTS))
        self.spot_check = (a.id, seed, len(population), drawn)
        return self.print_vouchers(a, paid, 0, reissue=True)

    def student_aid(self, b: Campaign, files: list[FileInfo], seq: int) -> int:
        """Approved, vouchers printed for the first two fifths."""
        rng = self.rng
        approved = [self.item(b, f, "approved", SCHEDULE_B, "上级拨付" if rng.random() < 0.7 else "社会捐助",
                              kind="金秋助学") for f in files]
        return self.print_vouchers(b, approved[: math.ceil(len(approved) * 0.4)], seq)

    def this_winter(self, c: Campaign, files: list[FileInfo], in_a: set[uuid.UUID]) -> None:
        """Under way: every state; a file helped last winter carries the reason it may be helped again."""
        rng = self.rng
        for i, f in enumerate(files):
            target = C_FIRST[i] if i < len(C_FIRST) else data.weighted(rng, C_STATES)
            override = "户主患重病住院，经工会主席同意再次慰问" if f.id in in_a else ""
            fund = "上级拨付" if rng.random() < 0.6 else "本级工会经费"
            self.item(c, f, target, SCHEDULE_C, fund, override=override)

    def write(self, session: Session, seq: int) -> None:
        """The bulk rows, the voucher counter at `seq` and the objections."""
        for model, rows in ((AssistanceItem, self.items), (ItemTransition, self.transitions), (Voucher, self.vouchers)):
            bulk_insert(session.connection(), cast(Table, model.__table__), rows)
        session.add(VoucherCounter(office_id=self.ctx.office_id, year=2026, last_seq=seq))
        self.write_spot_check(session)
        for item_id, day, resolved in self.objections:
            session.add(Objection(
                item_id=item_id, raised_on=day, raised_by="旧州村村民（实名反映）", content=OBJECTION_TEXT,
                recorded_by=self.ctx.user[Role.REVIEWER],
                outcome="经入户核查，车辆已于去年出售，异议不成立" if resolved else "",
                resolved_on=day + dt.timedelta(days=1) if resolved else None,
                **self.ctx.orm(data.stamp(self.rng, day)),
            ))

    def write_spot_check(self, session: Session) -> None:
        """Last winter's spot-check: the draw (ids derived, not drawn, so the rest of a seed's demo is
        unchanged) and an entry per sampled item with the day, method and result its transition says."""
        if self.spot_check is None:
            return
        campaign_id, seed, population, drawn = self.spot_check
        reviewer = self.ctx.user[Role.REVIEWER]
        checker = next(name for _user, name, roles in data.STAFF if Role.REVIEWER.value in roles)
        at = dt.datetime.combine(SPOT_DRAWN_ON, dt.time(9, 30))  # no draw on the seeded generator
        base = {"origin_office_id": self.ctx.office_id, "created_at": at, "updated_at": at}
        check = SpotCheck(id=uuid.uuid5(campaign_id, "spot-check/1"), office_id=self.ctx.office_id,
                          campaign_id=campaign_id, drawn_on=SPOT_DRAWN_ON, drawn_by=reviewer,
                          percent=SPOT_CHECK_PERCENT, seed=seed, population=population, **base)
        moves = {t["item_id"]: t for t in self.transitions if t["to_state"] == "sampled"}
        for position, item_id in enumerate(drawn, start=1):
            move = moves[item_id]
            check.entries.append(SpotCheckEntry(
                id=uuid.uuid5(campaign_id, f"spot-check/1/{item_id}"), item_id=item_id, position=position,
                checked_on=move["at"].date(), checked_by=checker,
                method="电话回访" if move["comment"].startswith("电话回访") else "入户核查", result="属实",
                note=move["comment"], **{**base, "created_at": move["at"], "updated_at": move["at"]}))
        session.add(check)

    def item(self, campaign: Campaign, f: FileInfo, target: str, schedule: Schedule, fund: str,
             kind: str = "送温暖慰问", override: str = "") -> dict:
        """An item of `f`, taken from draft to `target` along PATHS on the dates of `schedule`."""
        rng = self.rng
        tier, amount, reason = self.by_size(campaign, f, kind) or _entitlement(f, kind)
        created = data.stamp(rng, schedule["submitted"][0] - dt.timedelta(days=rng.randrange(0, 3)))
        row = {**self.ctx.core(created), "campaign_id": campaign.id, "worker_file_id": f.id, "item_kind": kind,
               "category": f.category, "tier": tier, "fund_source": fund, "amount_fen": amount, "state": "draft",
               "reason": reason, "override_reason": override, "proposed_by": self.ctx.user[Role.CLERK],
               "reviewed_by": None, "approved_by": None, "notice_id": None, "paid_on": None, "paid_by": None,
               "paid_method": ""}
        self.items.append(row)
        self.last_at[row["id"]] = created
        notice = self.notices[campaign.id]
        for state in PATHS[target]:
            days, comment = self._step(row, state, schedule, notice, f.has_card)
            self.advance(row, state, days, comment)
        if target in ("objection", "resolved"):
            self.objections.append((row["id"], notice.start_date + dt.timedelta(days=2), target == "resolved"))
        return row

    def _step(self, row: dict, state: str, schedule: Schedule, notice: Notice, has_card: bool) -> tuple[Days, str]:
        """When the item moves to `state` and the comment it gets."""
        days = schedule.get(state) or schedule.get("approved") or schedule["submitted"]
        comment = COMMENTS.get(state, "")
        if state == "in_notice":
            days = (notice.start_date, notice.start_date)
        elif state == "submitted" and row["state"] == "objection":
            days, comment = (notice.start_date + dt.timedelta(days=3),) * 2, "异议经核查不成立，重新提交审核"
        elif state == "returned":
            comment = self.rng.choice(RETURN_REASONS)
        elif state == "paid":
            comment = "银行代发" if has_card else "现金发放，本人签领"
        return days, comment

    def advance(self, row: dict, state: str, days: Days, comment: str) -> None:
        actor = self.ctx.user[TRANSITIONS[(ItemState(row["state"]), ItemState(state))]]
        at = max(self.last_at[row["id"]] + dt.timedelta(minutes=7),
                 data.stamp(self.rng, data.random_date(self.rng, *days)))
        self.last_at[row["id"]] = at
        self.transitions.append({**self.ctx.core(at), "item_id": row["id"], "from_state": row["state"],
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
        clerk = self.ctx.user[Role.CLERK]
        for n, item in enumerate(items):
            printed = start + dt.timedelta(seconds=30 * n)
            seq += 1
            voucher = {**self.ctx.core(printed), "office_id": self.ctx.office_id, "item_id": item["id"], "year": 2026,
                       "seq": seq, "number": f"2026-{campaign.code}-{seq:06d}", "printed_at": printed,
                       "printed_by": clerk, "reprint_count": 1 if n == 5 else 0,
                       "voided_at": None, "voided_by": None, "void_reason": "", "series": "", "reprinted_at": None,
                       "reprinted_by": None}
            self.vouchers.append(voucher)
            if reissue and n == 2:  # a spoiled voucher keeps its number; the item gets the next one
                voucher.update(voided_at=printed + dt.timedelta(seconds=10), voided_by=clerk,
                               void_reason="金额大写填写错误，作废重开")
                seq += 1
                again = printed + dt.timedelta(seconds=20)
                self.vouchers.append({**voucher, **self.ctx.core(again), "seq": seq, "printed_at": again,
                                      "number": f"2026-{campaign.code}-{seq:06d}", "voided_at": None,
                                      "voided_by": None, "void_reason": ""})
        return seq

    def goods(self, session: Session, campaign: Campaign) -> None:
        """慰问品 (issue 16 item 3): see `goods_of`."""
        goods_of(self, session, campaign)

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
                                       amount_fen=amount, **self.ctx.orm(campaign.created_at)))
        campaign.total_budget_fen = total


    def standards(self, session: Session, campaign: Campaign) -> None:
        """The campaign's payment standards: the office's for its item kind (ids derived, not drawn, so
        the rest of the demo stays the same for a seed)."""
        kind = ITEM_KIND_OF[campaign.kind]
        campaign.standards = [
            CampaignStandard(id=uuid.uuid5(campaign.id, f"{kind}/{tier}"), origin_office_id=self.ctx.office_id,
                             item_kind=kind, tier=tier, amount_fen=fen, position=n, created_at=campaign.created_at,
                             updated_at=campaign.created_at)
            for n, ((k, tier), fen) in enumerate(STANDARD.items())
            if k == kind and (k, tier) not in {(b.item_kind, b.tier) for b in SIZE_BANDS.get(campaign.name, ())}]
        self.size_bands(session, campaign)

    # standards by household size (issue 16 item 4) --------------------------------------------------
    @staticmethod
    def by_size(campaign: Campaign, f: FileInfo, kind: str) -> tuple[str, int, str] | None:
        """(tier, amount, reason) where the campaign pays the household's tier by its size (SIZE_BANDS), as
        services.campaigns.assistance.propose would: the band of 1 + members, or the model-worker tier when higher."""
        bands = standard_bands.by_tier(SIZE_BANDS.get(campaign.name, ())).get((kind, TIER_OF.get(f.category, "")))
        band = standard_bands.pick(bands, f.size) if bands else None
        if band is None:
            return None
        model = f"劳模-{f.model_level}"
        if (kind, model) in STANDARD and STANDARD[(kind, model)] > band.amount_fen:  # the highest tier it qualifies for
            amount = STANDARD[(kind, model)]
            return model, amount, f"{f.income_text}，认定为{f.category}；按“{model}”标准{amount // 100}元"
        return band.tier, band.amount_fen, f"{f.income_text}，认定为{f.category}；{standard_bands.words(band)}"

    def size_bands(self, session: Session, campaign: Campaign) -> None:
        """The campaign's household-size bands (ids derived, not drawn)."""
        for n, band in enumerate(SIZE_BANDS.get(campaign.name, ())):
            session.add(CampaignStandardBand(
                id=uuid.uuid5(campaign.id, f"{band.item_kind}/{band.tier}/{band.min_persons}"),
                origin_office_id=self.ctx.office_id, campaign_id=campaign.id, item_kind=band.item_kind,
                tier=band.tier, min_persons=band.min_persons, max_persons=band.max_persons,
                amount_fen=band.amount_fen, position=n, created_at=campaign.created_at, updated_at=campaign.created_at))


# 慰问品 of last winter (issue 16 item 3): each household paid got a bag of rice and a drum of oil beside its cash;
# the stock received a little more than was handed (what is left stays in the office's store).
GOODS = (("大米", "袋", 15_000), ("食用油", "桶", 10_000))
GOODS_RECEIVED = ((dt.date(2026, 1, 13), "县总工会拨付", "吴晓燕"), (dt.date(2026, 1, 14), "镇粮油店采购", "张丽萍"))
GOODS_SPARE = 6


def goods_of(builder: CampaignBuilder, session: Session, campaign: Campaign) -> None:
    """Last winter's goods: kinds, a line of each kind on every item paid (paid, or paid then sampled: handed with
    the cash, on the roster the household signed) and the stock received — ids derived and times fixed, nothing
    drawn, so the rest of a seed's demo is unchanged. No voucher for goods: the roster is their receipt."""
    office, clerk = builder.ctx.office_id, builder.ctx.user[Role.CLERK]
    base = {"origin_office_id": office, "created_at": campaign.created_at, "updated_at": campaign.created_at}
    paid = [i for i in builder.items if i["campaign_id"] == campaign.id and i["state"] in ("paid", "sampled")]
    for n, ((name, unit, fen), (day, source, hands)) in enumerate(zip(GOODS, GOODS_RECEIVED, strict=True)):
        kind = GoodsKind(id=uuid.uuid5(campaign.id, f"goods/{name}"), campaign_id=campaign.id, name=name, unit=unit,
                         unit_value_fen=fen, position=n, **base)
        session.add(kind)
        session.add(GoodsReceipt(id=uuid.uuid5(campaign.id, f"goods/{name}/received"), campaign_id=campaign.id,
                                 kind_id=kind.id, quantity=len(paid) + GOODS_SPARE, received_on=day,
                                 received_from=source, handled_by=hands, note="演示数据（虚构）", recorded_by=clerk,
                                 **{**base, "created_at": dt.datetime.combine(day, dt.time(15)),
                                    "updated_at": dt.datetime.combine(day, dt.time(15))}))
        session.flush()
        session.add_all(GoodsLine(id=uuid.uuid5(item["id"], f"goods/{name}"), item_id=item["id"], kind_id=kind.id,
                                  quantity=1, origin_office_id=office, created_at=item["created_at"],
                                  updated_at=item["created_at"]) for item in paid)  # proposed with the item


def _choose_files(
    rng: random.Random, files: list[FileInfo]
) -> tuple[list[FileInfo], list[FileInfo], list[FileInfo], set[uuid.UUID]]:
    """The files of campaigns a, b and c, and the ids of those in a."""
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
    return a_files, b_files, c_files, in_a


def _entitlement(f: FileInfo, kind: str) -> tuple[str, int, str]:
    """(tier, amount in fen, reason) of an item of `kind` for `f`."""
    if kind == "金秋助学":
        reason = f"子女{f.student_name}就读于{f.student_school}（{f.student_tier}）；{f.income_text}"
        return f.student_tier, STANDARD[("金秋助学", f.student_tier)], reason
    tier = TIER_OF.get(f.category, "相对困难")
    amount = STANDARD[("送温暖慰问", tier)]
    if f.model_level in ("全国", "省部级", "地市级"):  # the highest tier it qualifies for
        model_amount = STANDARD[("送温暖慰问", f"劳模-{f.model_level}")]
        if model_amount > amount:
            tier, amount = f"劳模-{f.model_level}", model_amount
    return tier, amount, f"{f.income_text}，认定为{f.category}；按“{tier}”标准{amount // 100}元"


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
